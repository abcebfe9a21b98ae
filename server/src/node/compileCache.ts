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
 * the long-lived language server), with the functions the run compiled by then. V8 caches
 * only those: a file that several CLI commands load would hold only the functions of the
 * command that compiled it first, and every other command would compile the rest from source
 * on every run. So a CLI process also keeps entries of its own command (`…-<length>.issue_node.bin`):
 * it compiles from its command's entry, else from the file's first one, then writes its own.
 *
 * A command's own entry is written again by its next runs, up to `ownEntryWrites` times in all:
 * data made after a run from cached data holds every function it was given plus those the run
 * compiled, so the entry becomes the union of those runs (a first `lint` of an empty file held
 * none of the rules, and every later `lint` compiled them from source: about 25 % more
 * instructions). After that no run of the command pays for a serialization. Every entry starts
 * with a small header that counts its writes.
 */
import { isAscii } from 'node:buffer';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type * as Os from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/**
 * Node's CommonJS Module class, as `require('node:module')` returns it: that public module also
 * loads Node's ES module loader and source-map support, about 5 M instructions of every start.
 */
const Module = module.constructor;

export interface CompileCacheStats {
  /** The cache folder, or undefined when caching is off. */
  readonly dir: string | undefined;
  /** Files compiled from their cached data / compiled from source (no entry, or V8 rejected it). */
  hits: number;
  misses: number;
  rejected: number;
  /** Entries written (0 when the folder is not writable). */
  written: number;
  /** Writes the pending entries (done at exit, and by a long-lived process on a timer). */
  flush(): void;
}

/** What a test injects instead of the real folder and the Node module loader. */
export interface CompileCacheOptions {
  /** The cache folder; `CERTWRIGHT_CODE_CACHE` overrides it ("off" or "0" turns caching off). */
  readonly dir?: string;
  /** When new entries are written in a long-lived process (ms after start); by default 3 s. */
  readonly flushAfterMs?: number;
  /** loadCached: told, before the file runs, whether it was compiled from the cache. */
  readonly onCompiled?: (outcome: 'hit' | 'miss' | 'rejected' | 'off') => void;
  /**
   * The CLI command this process runs (commandOf), or the language server's name for itself: its
   * own entries are read first and written again by its next runs. A command's process is short:
   * it writes every entry at exit, none on a timer.
   */
  readonly command?: string;
  /**
   * A long-lived process (the language server): its entries, its own included, are written
   * `flushAfterMs` after start, not only at exit (it rarely exits cleanly).
   */
  readonly longLived?: boolean;
}

/**
 * The command of a `certwright` process, as its first two arguments name it when they are
 * words (`issue node`, `issue` for `issue --batch FILE`, `lint`), and whether it only prints
 * its help (`issue --help`: the command's code loaded, none of it run).
 */
export function commandOf(args: readonly string[]): string {
  const words: string[] = [];
  for (const a of args.slice(0, 2)) {
    if (!/^[a-z]{1,16}$/.test(a)) break;
    words.push(a);
  }
  if (args.includes('--help') || args.includes('-h')) words.push('--help');
  return words.join(' ');
}

/** The entries' layout (part of the folder's name): a header, then V8's data. */
const formatVersion = 2;

/**
 * An entry's header: "cw", the format, how many times the entry has been written, then padding
 * (V8 copies data that does not start 8-byte aligned).
 */
const headerBytes = 8;

/** How many times a command's own entry is written: by its first successful run and the next ones that read it. */
export const ownEntryWrites = 3;

/** $HOME, which os.homedir() reads first on POSIX: node:os is loaded only where it is not set. */
function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || (module.require('node:os') as typeof Os).homedir();
}

/** The user's cache folder for this V8 (`~/.cache/certwright/v8-…` on Linux). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  let base: string | undefined;
  try {
    if (platform === 'win32') base = env.LOCALAPPDATA;
    else if (platform === 'darwin') base = join(homeOf(env), 'Library', 'Caches');
    else base = env.XDG_CACHE_HOME || join(homeOf(env), '.cache');
  } catch {
    return undefined;
  }
  return base ? join(base, 'certwright', `v8-${process.versions.v8}-${process.arch}-${formatVersion}`) : undefined;
}

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  require(id: string): unknown;
  exports: unknown;
  filename: string;
  /** The folder of `filename` (Node sets it as it makes the module). */
  path?: string;
  paths: string[];
  loaded: boolean;
}
interface ModuleStatics {
  prototype: ModuleInternals;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: unknown;
}

/** The folder in use: `CERTWRIGHT_CODE_CACHE` ("off" or "0": none), else the option, else the user's. */
function cacheDirFor(options: CompileCacheOptions): string | undefined {
  const setting = process.env.CERTWRIGHT_CODE_CACHE;
  return setting === 'off' || setting === '0' ? undefined : setting || options.dir || defaultCacheDir();
}

type Outcome = 'hit' | 'miss' | 'rejected';

/**
 * A build file's text. Most are ASCII, which Latin-1 decoding copies as it is; UTF-8 decoding
 * first scans every byte (about 1.5 M instructions of a lint's 0.5 MB). Others are UTF-8.
 */
function sourceText(filename: string): string {
  const bytes = readFileSync(filename);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

interface Compiled {
  readonly script: Script;
  readonly outcome: Outcome;
  /** The entry read (V8 may still have rejected it). */
  readonly from?: string;
  /** How many times that entry had been written. */
  readonly writes: number;
}

/**
 * Compiles a CommonJS file's wrapped source with the data of the first of `entries` that
 * exists, when V8 accepts it. An entry without this format's header is rejected as V8 rejects
 * foreign data.
 */
function compile(content: string, filename: string, ...entries: string[]): Compiled {
  let bytes: Buffer | undefined;
  let from: string | undefined;
  for (const entry of entries) {
    try {
      bytes = readFileSync(entry);
      from = entry;
      break;
    } catch {
      // no entry yet, or an unreadable folder: the next one, else compile from source
    }
  }
  const valid = bytes !== undefined && bytes.length > headerBytes && bytes[0] === 0x63 && bytes[1] === 0x77 && bytes[2] === formatVersion;
  const cachedData = valid ? bytes!.subarray(headerBytes) : undefined;
  const script = new Script((Module as unknown as ModuleStatics).wrap(content), { filename, cachedData });
  const outcome = !bytes ? 'miss' : !cachedData || script.cachedDataRejected ? 'rejected' : 'hit';
  return { script, outcome, from, writes: valid ? bytes![3]! : 0 };
}

/**
 * The file `./….js` names from `dir`. The build's own requires (`./chunk-….js`, `./chunks/…`)
 * are joined as strings on POSIX: path.join normalises the whole path character by character,
 * and the dozens of requires of a short command made it hot enough for V8 to optimise it on a
 * background thread (10–20 ms of CPU time in every `certwright` process).
 */
function besideOrBelow(dir: string, id: string): string {
  return sep === '/' && !id.includes('/.', 1) && !id.includes('//') && !dir.endsWith('/') ? `${dir}/${id.slice(2)}` : join(dir, id);
}

/** A loader of a file's `require('./….js')` of a file beside it or below it. */
type SiblingLoader = (parent: ModuleInternals, id: string) => unknown;

/** Runs a compiled file as `mod`'s code, with the arguments Node's loader gives it. */
function run(script: Script, mod: ModuleInternals, filename: string, sibling?: SiblingLoader): unknown {
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  return wrapper.call(mod.exports, mod.exports, requireOf(mod, sibling), mod, filename, mod.path ?? dirname(filename));
}

/** An entry to write: the compiled file and the entry's count of writes, this one included. */
interface EntryWrite {
  readonly script: Script;
  readonly writes: number;
}

/**
 * Writes entries whole under a temporary name, then renamed (a concurrent reader or writer sees
 * one whole entry or the other); how many (none where the folder is not writable). A file's data
 * is made once for its entries, and only once its temporary file is open: an unwritable folder
 * costs no serialization.
 */
function writeEntries(dir: string, entries: ReadonlyMap<string, EntryWrite>): number {
  let written = 0;
  const data = new Map<Script, Buffer>();
  let tmp: string | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    for (const [entry, { script, writes }] of entries) {
      tmp = `${entry}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        let bytes = data.get(script);
        if (!bytes) data.set(script, (bytes = script.createCachedData()));
        const header = Buffer.alloc(headerBytes);
        header.set([0x63, 0x77, formatVersion, Math.min(writes, 255)]);
        writeFileSync(fd, header); // on a descriptor: written in full, at its position
        writeFileSync(fd, bytes);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, entry);
      tmp = undefined;
      written++;
    }
    pruneOld(dir);
  } catch {
    // an unwritable cache folder, or a full disk: the next process compiles from source again
    try {
      if (tmp) unlinkSync(tmp);
    } catch {
      // not made, or not removable
    }
  }
  return written;
}

/**
 * From now on, files under `root` that Node's CommonJS loader compiles use the cache (the
 * server's and the CLI's own processes: dist/server/server.js and cli.js). Returns live
 * counters (for tests and benchmarks).
 */
export function installCompileCache(root: string, options: CompileCacheOptions = {}): CompileCacheStats {
  const dir = cacheDirFor(options);
  const stats: CompileCacheStats = { dir, hits: 0, misses: 0, rejected: 0, written: 0, flush: () => undefined };
  if (!dir) return stats;
  const prefix = root.endsWith(sep) ? root : root + sep;
  const M = Module as unknown as ModuleStatics;
  const nodeCompile = M.prototype._compile;
  const suffix = options.command ? `.${options.command.replace(/ /g, '_')}.bin` : undefined;
  /** Entries to be written: entry path → script and count; `own`: the command's (written only if it succeeds). */
  const pending = new Map<string, EntryWrite & { own: boolean }>();

  M.prototype._compile = function cachedCompile(this: ModuleInternals, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix)) return nodeCompile.call(this, content, filename);
    const base = `${dir}${sep}${filename.slice(prefix.length).replace(/[\\/]/g, '_')}-${content.length}`;
    const own = suffix && base + suffix;
    const { script, outcome, from, writes } = own ? compile(content, filename, own, `${base}.bin`) : compile(content, filename, `${base}.bin`);
    if (outcome === 'hit') stats.hits++;
    else if (outcome === 'miss') stats.misses++;
    else stats.rejected++;
    if (outcome !== 'hit' && (!own || from !== own)) pending.set(`${base}.bin`, { script, writes: 1, own: false });
    // The command's own entry: a first one, a replacement for one V8 rejected, or the same one
    // again with what this run compiles beyond it, until it has been written ownEntryWrites times.
    const ownRead = outcome === 'hit' && from === own;
    if (own && (!ownRead || writes < ownEntryWrites)) pending.set(own, { script, writes: ownRead ? writes + 1 : 1, own: true });
    return run(script, this, filename, loadSibling);
  };

  /**
   * The build's files require each other only as `require('./chunk-….js')` (scripts/bundles.mjs):
   * such a file is read and run here as Node runs a file it has resolved (one module object per
   * path, in require.cache before it runs, so that a cycle sees the exports made so far), without
   * Node's look-ups for a request (stat, realpath, the nearest package.json): about 0.2 ms for each
   * of the dozens of files a command loads.
   */
  const loadSibling: SiblingLoader = (parent, id) => {
    const filename = besideOrBelow(parent.path ?? dirname(parent.filename), id);
    const cache = M._cache as Record<string, ModuleInternals | undefined>;
    const done = cache[filename];
    if (done) return done.exports;
    const child = new (Module as unknown as new (id: string, parent: unknown) => ModuleInternals)(filename, parent);
    child.filename = filename;
    child.paths = parent.paths;
    cache[filename] = child;
    try {
      child._compile(sourceText(filename), filename);
    } catch (err) {
      delete cache[filename];
      throw err;
    }
    child.loaded = true;
    return child.exports;
  };

  /**
   * Writes the pending entries: a command's own only if it has not failed (after an early error,
   * a usage error or a refusal, the command's next run writes them).
   */
  const write = (): void => {
    const entries = new Map<string, EntryWrite>();
    for (const [entry, write] of pending) {
      if (!write.own || !process.exitCode) entries.set(entry, write);
      pending.delete(entry);
    }
    if (entries.size) stats.written += writeEntries(dir, entries);
  };
  stats.flush = write;
  process.once('exit', write);
  if (options.command === undefined || options.longLived) setTimeout(write, options.flushAfterMs ?? 3000).unref();
  return stats;
}

/**
 * Loads one CommonJS file as `module`'s code through the cache, without touching Node's
 * loader (the VS Code extension host is shared with other extensions): what
 * dist/client/extension.js does with the client's bundle. Returns whether the cache was
 * used; the entry is written `flushAfterMs` after loading (the host rarely exits cleanly).
 */
export function loadCached(filename: string, module: NodeJS.Module, options: CompileCacheOptions = {}): Outcome | 'off' {
  const content = sourceText(filename);
  const dir = cacheDirFor(options);
  const entry = dir && join(dir, `${basename(filename)}-${content.length}.bin`);
  const { script, outcome } = compile(content, filename, ...(entry ? [entry] : []));
  options.onCompiled?.(dir ? outcome : 'off');
  if (dir && entry && outcome !== 'hit') setTimeout(() => writeEntries(dir, new Map([[entry, { script, writes: 1 }]])), options.flushAfterMs ?? 3000).unref();
  run(script, module as unknown as ModuleInternals, filename);
  return dir ? outcome : 'off';
}

/** The `require` Node gives a module (the bundles use require(id) and require.resolve); `sibling` loads `./….js`. */
function requireOf(mod: ModuleInternals, sibling?: SiblingLoader): NodeJS.Require {
  const M = Module as unknown as ModuleStatics;
  const req = sibling ? (id: string) => (id.startsWith('./') && id.endsWith('.js') ? sibling(mod, id) : mod.require(id)) : (id: string) => mod.require(id);
  return Object.assign(req, {
    resolve: Object.assign((request: string, opts?: unknown) => M._resolveFilename(request, mod, false, opts), { paths: () => null }),
    main: require.main,
    cache: M._cache,
    extensions: (Module as unknown as { _extensions: NodeJS.RequireExtensions })._extensions,
  }) as NodeJS.Require;
}

/** Entries of earlier builds are never read again: those not written for a month go when new ones are written. */
function pruneOld(dir: string): void {
  const before = Date.now() - 30 * 24 * 3600_000;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    try {
      if (statSync(file).mtimeMs < before) unlinkSync(file);
    } catch {
      // removed meanwhile by another process
    }
  }
}
