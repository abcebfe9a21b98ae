/**
 * V8 code caching for the server's and the CLI's bundle files (Node 20 has no
 * `module.enableCompileCache`). Every process of `certwright` otherwise compiles the
 * modules it loads from source; with the cache V8 deserializes their bytecode instead.
 *
 * Only files under `root` (dist/server/) are cached, each under its own name: the build
 * names every file by a hash of its content (scripts/bundles.mjs), so a cached entry can
 * never belong to other source of the same name. V8 rejects data made by another V8
 * version or with other flags; the file is then compiled from source as without a cache,
 * and the entry rewritten. A cache that cannot be read or written costs nothing but the
 * cache: no error ever reaches the program.
 *
 * New entries are written when the process exits (and once, a few seconds after start, for
 * the long-lived language server), with the functions the run compiled by then.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import * as vm from 'node:vm';

export interface CompileCacheStats {
  /** The cache folder, or undefined when caching is off. */
  readonly dir: string | undefined;
  /** Files compiled from their cached data / compiled from source (no entry, or V8 rejected it). */
  hits: number;
  misses: number;
  rejected: number;
  /** Entries written (0 when the folder is not writable). */
  written: number;
  /** Writes the entries of the files compiled from source so far (also done at exit). */
  flush(): void;
}

/** What a test injects instead of the real folder and the Node module loader. */
export interface CompileCacheOptions {
  /** The cache folder; `CERTWRIGHT_CODE_CACHE` overrides it ("off" or "0" turns caching off). */
  readonly dir?: string;
  /** When new entries are written in a long-lived process (ms after start); by default 3 s. */
  readonly flushAfterMs?: number;
}

const formatVersion = 1;

/** The user's cache folder for this V8 (`~/.cache/certwright/v8-…` on Linux). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  let base: string | undefined;
  try {
    if (platform === 'win32') base = env.LOCALAPPDATA;
    else if (platform === 'darwin') base = join(homedir(), 'Library', 'Caches');
    else base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  } catch {
    return undefined;
  }
  return base ? join(base, 'certwright', `v8-${process.versions.v8}-${process.arch}-${formatVersion}`) : undefined;
}

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  require(id: string): unknown;
  exports: unknown;
}
interface ModuleStatics {
  prototype: ModuleInternals;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: unknown;
}

/**
 * From now on, files under `root` that Node's CommonJS loader compiles use the cache.
 * Returns live counters (for tests and benchmarks).
 */
export function installCompileCache(root: string, options: CompileCacheOptions = {}): CompileCacheStats {
  const setting = process.env.CERTWRIGHT_CODE_CACHE;
  const dir = setting === 'off' || setting === '0' ? undefined : setting || options.dir || defaultCacheDir();
  const stats: CompileCacheStats = { dir, hits: 0, misses: 0, rejected: 0, written: 0, flush: () => undefined };
  if (!dir) return stats;
  const prefix = root.endsWith(sep) ? root : root + sep;
  const M = Module as unknown as ModuleStatics;
  const compile = M.prototype._compile;
  /** Scripts compiled from source, to be written: entry path → script. */
  const pending = new Map<string, vm.Script>();

  M.prototype._compile = function cachedCompile(this: ModuleInternals, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix)) return compile.call(this, content, filename);
    const entry = join(dir, `${filename.slice(prefix.length).replace(/[\\/]/g, '_')}-${content.length}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      // no entry yet, or an unreadable folder: compile from source
    }
    const script = new vm.Script(M.wrap(content), { filename, cachedData });
    if (!cachedData) stats.misses++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.hits++;
    if (!cachedData || script.cachedDataRejected) pending.set(entry, script);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireOf(M, this), this, filename, dirname(filename));
  };

  const flush = (): void => {
    if (!pending.size) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const [entry, script] of pending) {
        // Written whole under a temporary name, then renamed: a concurrent reader sees all or nothing.
        const tmp = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, entry);
        stats.written++;
      }
      pruneOld(dir);
    } catch {
      // an unwritable cache folder: the next process compiles from source again
    }
    pending.clear();
  };
  stats.flush = flush;
  process.once('exit', flush);
  setTimeout(flush, options.flushAfterMs ?? 3000).unref();
  return stats;
}

/** The `require` Node gives a module (the bundles use require(id) and require.resolve). */
function requireOf(M: ModuleStatics, mod: ModuleInternals): NodeJS.Require {
  return Object.assign((id: string) => mod.require(id), {
    resolve: Object.assign((request: string, opts?: unknown) => M._resolveFilename(request, mod, false, opts), { paths: () => null }),
    main: require.main,
    cache: M._cache,
    extensions: (Module as unknown as { _extensions: NodeJS.RequireExtensions })._extensions,
  }) as NodeJS.Require;
}

/** Entries of earlier builds are never read again: those not written for a month go when new ones are written. */
function pruneOld(dir: string): void {
  const before = Date.now() - 30 * 24 * 3600_000;
  for (const name of fs.readdirSync(dir)) {
    const file = join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < before) fs.unlinkSync(file);
    } catch {
      // removed meanwhile by another process
    }
  }
}
