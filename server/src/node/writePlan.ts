/**
 * The CLI's file system for the CA store (core/issue/caStore.ts): node fs below one
 * root folder. The editor has its own over vscode.workspace.fs
 * (client/src/commands/issue/writePlan.ts); the locking, journal and checks are shared.
 *
 * - New files: O_CREAT|O_EXCL|O_NOFOLLOW with the final mode, write, fchmod (the umask
 *   cannot narrow it) synchronously — a small file's write is a few microseconds, a trip
 *   through the threadpool costs more — then fsync asynchronously (the threadpool), so that
 *   the CA store's concurrent writes overlap their fsyncs; a file that fails half-written is
 *   removed. Files the store asks for without durability (its lock) are not synced.
 * - Folders are synced when the store asks (syncDir: fsync of the folder opened read-only),
 *   so that the renames of a commit survive a power loss.
 * - Renames on the threadpool too: the store moves a commit's files several at a time, and a
 *   rename that replaces a file can wait on the disk while the old one's blocks are freed.
 * - Folders it creates get mode 0700; folders that exist are never chmod-ed.
 * - The CA lock is created whole (CreateOptions.atomic): written beside its name, then
 *   hard-linked to it, so that a waiter never finds it empty and judges it abandoned.
 * - A missing file is reported without an exception (most of a fresh folder's look-ups: an
 *   error object costs ten times the system call).
 *
 * Fault hooks for the fault-injection tests (test/peers/ca-faults.test.ts), read when the
 * file system is made and counted across the CAs it opens (an intermediate and its parent):
 * CERTWRIGHT_FAULT_KILL_AT_RENAME=N kills the process (SIGKILL) just before the N-th
 * rename; CERTWRIGHT_FAULT_FAIL_AT_WRITE=N:CODE makes the N-th write (file creation,
 * rename or mkdir) fail with errno CODE (EACCES, ENOSPC, EIO), a file creation after
 * writing half of the contents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processIdentity } from './processIdentity';
import { createLinked } from './createLinked';
import { type CaStore, maxStateFileBytes, WritePlanError, withCaStore, type CommitOptions, type CommitResult, type StoreFs, type StoreStat } from '../core/issue/caStore';
import type { WritePlan } from '../core/issue/types';

export { WritePlanError };

export interface Faults {
  killAtRename?: number;
  failAtWrite?: { n: number; code: string };
  renames: number;
  writes: number;
}

export function faultsFromEnv(): Faults {
  const kill = Number(process.env.CERTWRIGHT_FAULT_KILL_AT_RENAME);
  const fail = /^(\d+):([A-Z]+)$/.exec(process.env.CERTWRIGHT_FAULT_FAIL_AT_WRITE ?? '');
  return {
    ...(kill > 0 ? { killAtRename: kill } : {}),
    ...(fail ? { failAtWrite: { n: Number(fail[1]), code: fail[2]! } } : {}),
    renames: 0,
    writes: 0,
  };
}

function injected(f: Faults): NodeJS.ErrnoException | undefined {
  if (!f.failAtWrite || ++f.writes !== f.failAtWrite.n) return undefined;
  return Object.assign(new Error(`${f.failAtWrite.code}: injected fault at write ${f.writes}`), { code: f.failAtWrite.code });
}

const fsync = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));

/** Node fs below `root` (absolute); `faults`: the counters shared with the other CA of one operation. */
export function nodeStoreFs(root: string, faults: Faults = faultsFromEnv(), waiting?: (message: string) => void): StoreFs {
  // A plain path ('certs/node.crt') below a normalised absolute root is joined as a string, with
  // the same result: path.join normalises the whole path character by character, and the
  // hundred-odd calls of one operation made V8 optimise it on a background thread (about 10 ms
  // of CPU time in a one-certificate process).
  const plainRoot = path.sep === '/' && path.isAbsolute(root) && path.normalize(root) === root && !root.endsWith('/');
  const abs = (p: string): string => {
    if (!p) return root;
    const parts = p.split('/');
    return plainRoot && !parts.some((s) => s === '' || s === '.' || s === '..') ? `${root}/${p}` : path.join(root, ...parts);
  };
  const identity = processIdentity();
  return {
    ...identity,
    ...(waiting ? { waiting } : {}),
    location: path.resolve(root),
    open: (location) => nodeStoreFs(location, faults, waiting),
    async stat(p): Promise<StoreStat | undefined> {
      const st = fs.lstatSync(abs(p), { throwIfNoEntry: false });
      if (!st) return undefined;
      const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      return { kind, mode: st.mode & 0o777, mtimeMs: st.mtimeMs, size: st.size };
    },
    async read(p) {
      // Looked up first: an operation reads several files that are usually missing (the journal, optional state).
      if (!fs.lstatSync(abs(p), { throwIfNoEntry: false })) return undefined;
      let fd: number;
      try {
        // O_NONBLOCK: a FIFO planted in place of a state file cannot block the read.
        fd = fs.openSync(abs(p), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) throw new WritePlanError(`${abs(p)} is not a regular file`);
        // Checked again on the open file: the stat before the read may have seen another file.
        if (st.size > maxStateFileBytes) throw new WritePlanError(`${abs(p)} is larger than ${maxStateFileBytes / 1048576} MiB; it is not read`);
        return fs.readFileSync(fd, 'utf8');
      } finally {
        fs.closeSync(fd);
      }
    },
    async createExclusive(p, contents, mode, options) {
      const file = abs(p);
      if (options?.atomic && createLinked(file, contents, mode, identity.random())) {
        // Counted as a file created, like the others (the fault tests number every write).
        const fault = injected(faults);
        if (!fault) return;
        fs.unlinkSync(file);
        throw fault;
      }
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode);
      try {
        const fault = injected(faults);
        if (fault) {
          fs.writeFileSync(fd, contents.slice(0, contents.length >> 1));
          throw fault;
        }
        fs.writeFileSync(fd, contents);
        fs.fchmodSync(fd, mode);
        // Asynchronous: the CA store writes a commit's files several at a time, so their fsyncs
        // overlap and the file system can group them in one journal commit.
        if (options?.durable !== false) await fsync(fd);
      } catch (e) {
        fs.closeSync(fd);
        try {
          fs.unlinkSync(file); // else the journal's rollback removes it
        } catch {
          // already gone
        }
        throw e;
      }
      fs.closeSync(fd);
    },
    async rename(from, to) {
      if (faults.killAtRename !== undefined && ++faults.renames === faults.killAtRename) process.kill(process.pid, 'SIGKILL');
      const fault = injected(faults);
      if (fault) throw fault;
      // On the thread pool: the CA store moves a group of files at once (see applyJournal).
      await new Promise<void>((resolve, reject) => fs.rename(abs(from), abs(to), (e) => (e ? reject(e) : resolve())));
    },
    async remove(p) {
      try {
        fs.unlinkSync(abs(p));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    },
    async mkdir(p, mode) {
      const fault = injected(faults);
      if (fault) throw fault;
      fs.mkdirSync(abs(p), { mode });
      fs.chmodSync(abs(p), mode);
    },
    async syncDir(p) {
      const fd = fs.openSync(abs(p), fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
      try {
        await fsync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/**
 * The layout root: an existing folder (or a symbolic link to one, given by the user), or
 * created with its missing parents, each mode 0700. Returns the folders it created.
 */
export function prepareRoot(rootDir: string): { root: string; created: string[] } {
  const root = path.resolve(rootDir);
  const missing: string[] = [];
  for (let cur = root; ; cur = path.dirname(cur)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (st) {
      if (!st.isDirectory()) throw new WritePlanError(`${cur} exists and is not a folder`);
      break;
    }
    missing.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const d of missing) {
    fs.mkdirSync(d, { mode: 0o700 });
    fs.chmodSync(d, 0o700);
  }
  return { root, created: missing };
}

export interface ExecuteOptions extends Partial<CommitOptions> {
  /** The folder (relative to the root) holding the CA state and its lock. */
  readonly stateDir: string;
}

export type ExecuteResult = CommitResult & { readonly root: string };

/** Writes a plan under the CA lock, as one atomic commit (for callers without reads to guard: seed flows, benchmarks). */
export async function executeWritePlan(rootDir: string, plan: WritePlan, options: ExecuteOptions): Promise<ExecuteResult> {
  const { root, created } = prepareRoot(rootDir);
  const r = await withCaStore(nodeStoreFs(root), options.stateDir, (store: CaStore) => store.commit(plan, { description: 'write plan', ...options }));
  return { ...r, root, createdDirectories: [...created, ...r.createdDirectories.map((d) => path.join(root, d))] };
}
