/**
 * Fixture workspaces for the setup tests, built at test time with the openssl
 * CLI (one small PKI per test folder), and a runner that lints a file the way
 * the CLI and the language server do.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, chmodSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { SetupLinter } from '../../../server/src/core/setup/linter';
import { defaultLintSettings, type Finding, type LintSettings } from '../../../server/src/core/types';
import type { Environment } from '../../../server/src/core/environment';

export function openssl(args: string[], cwd?: string): string {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

const minimalCnf = '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n';

export interface Pki {
  readonly dir: string;
  /** Absolute path inside the workspace. */
  path(rel: string): string;
  write(rel: string, text: string, mode?: number): string;
  read(rel: string): string;
  /** A CA: `<name>.pem` + `<name>.key` (or the given file names). */
  ca(opts?: { cert?: string; key?: string; cn?: string; ext?: string[]; v1?: boolean }): { cert: string; key: string };
  /** A leaf signed by `ca`: writes cert and key (PKCS#8 EC P-256 unless `rsa`). */
  leaf(opts: { cert: string; key: string; ca: { cert: string; key: string }; cn?: string; subj?: string; san?: string; eku?: string; ku?: string; days?: number; encrypted?: boolean; keyMode?: number }): { cert: string; key: string };
  cleanup(): void;
}

export function makePki(prefix = 'cw-setup-'): Pki {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cnf = join(dir, '.min.cnf');
  writeFileSync(cnf, minimalCnf);
  const path = (rel: string): string => join(dir, rel);
  const ensure = (p: string): void => {
    mkdirSync(dirname(p), { recursive: true });
  };
  const genKey = (keyPath: string): void => {
    ensure(keyPath);
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
  };
  return {
    dir,
    path,
    write(rel, text, mode) {
      const p = path(rel);
      ensure(p);
      writeFileSync(p, text);
      if (mode !== undefined) chmodSync(p, mode);
      return p;
    },
    read: (rel) => readFileSync(path(rel), 'utf8'),
    ca(opts = {}) {
      const cert = path(opts.cert ?? 'ca.pem');
      const key = path(opts.key ?? 'ca.key');
      genKey(key);
      chmodSync(key, 0o600);
      const ext = opts.v1 ? [] : (opts.ext ?? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']).flatMap((e) => ['-addext', e]);
      if (opts.v1) {
        const csr = `${cert}.csr`;
        openssl(['req', '-new', '-key', key, '-config', cnf, '-subj', `/CN=${opts.cn ?? 'Test CA'}`, '-out', csr]);
        openssl(['x509', '-req', '-in', csr, '-signkey', key, '-days', '3650', '-out', cert]);
        rmSync(csr);
      } else {
        openssl(['req', '-x509', '-new', '-key', key, '-config', cnf, '-subj', `/CN=${opts.cn ?? 'Test CA'}`, '-days', '3650', ...ext, '-out', cert]);
      }
      return { cert, key };
    },
    leaf(opts) {
      const cert = path(opts.cert);
      const key = path(opts.key);
      genKey(key);
      chmodSync(key, opts.keyMode ?? 0o600);
      const csr = `${cert}.csr`;
      openssl(['req', '-new', '-key', key, '-config', cnf, '-subj', opts.subj ?? `/CN=${opts.cn ?? 'dm'}`, '-out', csr]);
      const extLines = [
        opts.san ? `subjectAltName = ${opts.san}` : '',
        opts.eku ? `extendedKeyUsage = ${opts.eku}` : '',
        opts.ku ? `keyUsage = ${opts.ku}` : '',
        'basicConstraints = CA:FALSE',
      ].filter(Boolean);
      const extFile = `${cert}.ext`;
      writeFileSync(extFile, `${extLines.join('\n')}\n`);
      ensure(cert);
      openssl(['x509', '-req', '-in', csr, '-CA', opts.ca.cert, '-CAkey', opts.ca.key, '-CAcreateserial', '-days', String(opts.days ?? 365), '-extfile', extFile, '-out', cert]);
      rmSync(csr);
      rmSync(extFile);
      if (opts.encrypted) {
        openssl(['pkey', '-in', key, '-aes256', '-passout', 'pass:secret', '-out', `${key}.enc`]);
        renameSync(`${key}.enc`, key);
        chmodSync(key, opts.keyMode ?? 0o600);
      }
      return { cert, key };
    },
    // Retried: what an editor started (its language server) may still be writing in here as it exits.
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }),
  };
}

export interface LintRun {
  readonly findings: Finding[];
  readonly text: string;
  readonly deps: string[];
  /** The text a finding covers. */
  covered(f: Finding): string;
  byCode(code: string): Finding[];
}

let sharedLinter: SetupLinter | undefined;

export async function lintFile(path: string, opts: { settings?: Partial<LintSettings>; env?: Environment; roots?: string[]; text?: string; linter?: SetupLinter } = {}): Promise<LintRun> {
  const text = opts.text ?? readFileSync(path, 'utf8');
  const linter = opts.linter ?? (sharedLinter ??= new SetupLinter());
  const env = opts.env ?? testEnv;
  const input = { path, text };
  const context = { env, settings: { ...defaultLintSettings, ...opts.settings }, workspaceRoots: opts.roots ?? [] };
  const applies = linter.appliesTo(input);
  const findings = applies ? await linter.lint(input, context) : [];
  const deps = applies ? await linter.dependencies(input) : [];
  return {
    findings,
    text,
    deps,
    covered: (f) => text.slice(f.start, f.end),
    byCode: (code) => findings.filter((f) => f.code === code),
  };
}

/** Each finding as `severity CODE covered text`, the form the set-up tests compare. */
export function findingRows(run: LintRun): string[] {
  return run.findings.map((f) => `${f.severity} ${f.code} ${run.covered(f)}`);
}

export const testEnv = nodeEnvironment();

/** Applies a fix's edits to text (edits sorted, non-overlapping). */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A standard DM PKI: CA (CN "DM Test CA") and a component cert CN=dm with serverAuth+clientAuth and SANs for 127.0.0.1/localhost. */
export function dmPki(pki: Pki): { ca: { cert: string; key: string }; dm: { cert: string; key: string } } {
  const ca = pki.ca({ cert: 'tls/ca.pem', key: 'tls/ca.key', cn: 'DM Test CA' });
  const dm = pki.leaf({ cert: 'tls/dm.pem', key: 'tls/dm.key', ca, cn: 'dm', san: 'IP:127.0.0.1,DNS:localhost', eku: 'serverAuth,clientAuth' });
  return { ca, dm };
}
