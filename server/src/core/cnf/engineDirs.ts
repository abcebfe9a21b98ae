/**
 * Where OpenSSL 3 looks for an engine it has no dynamic_path for: ENGINE_by_id(id), after the
 * engines it has built in, loads `<dir>/<id>.so` from $OPENSSL_ENGINES or, unset, from the
 * ENGINESDIR it was built with. That directory differs between builds; these are the common
 * ones (Debian and Ubuntu multiarch, Fedora/RHEL, Alpine, a source build, Homebrew), and the
 * first that exists on this machine is taken as its OpenSSL's.
 */
import type { Environment } from '../environment';

const builtDirs: readonly (readonly [string, string])[] = [
  ['/usr/lib/x86_64-linux-gnu/engines-3', '.so'],
  ['/usr/lib/aarch64-linux-gnu/engines-3', '.so'],
  ['/usr/lib64/engines-3', '.so'],
  ['/usr/lib/engines-3', '.so'],
  ['/usr/local/lib64/engines-3', '.so'],
  ['/usr/local/lib/engines-3', '.so'],
  ['/opt/homebrew/lib/engines-3', '.dylib'],
  ['/usr/local/opt/openssl@3/lib/engines-3', '.dylib'],
];

/** Engines OpenSSL itself provides (built in, or shipped beside it, or present only on some CPUs): never reported. */
export const opensslEngines: ReadonlySet<string> = new Set(['dynamic', 'rdrand', 'padlock', 'afalg', 'devcrypto', 'capi', 'loader_attic']);

/** Where ENGINE_by_id would look for an engine, and whether it is there. */
export interface EngineLookup {
  /** The file it loads: shown only when the directory is a build's, not $OPENSSL_ENGINES (messages never echo the environment). */
  readonly file?: string;
  readonly installed: boolean;
}

/** The lookup on this machine; undefined when it cannot tell (no engines directory found). */
export function engineLookup(env: Pick<Environment, 'fs' | 'getEnv'>, id: string): EngineLookup | undefined {
  const exists = (p: string): boolean => env.fs.statSync(p) !== undefined;
  const fromEnv = env.getEnv('OPENSSL_ENGINES');
  if (fromEnv) return exists(fromEnv) ? { installed: exists(`${fromEnv.replace(/\/+$/, '')}/${id}.so`) } : undefined;
  const built = builtDirs.find(([d]) => exists(d));
  if (!built) return undefined;
  const file = `${built[0]}/${id}${built[1]}`;
  return { file, installed: exists(file) };
}
