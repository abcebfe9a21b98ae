/**
 * The one owner of a CA's files on disk: every operation that reads or writes the CA
 * state (index.txt, serial, crlnumber, the CRL) and the files it issues goes through
 * a CaStore, from the CLI (node fs) and from the editor (vscode.workspace.fs). The file
 * system is injected (StoreFs), so this module stays pure.
 *
 *  - An exclusive lock, `<caDir>/.certwright.lock` (caLock.ts), is taken before the first
 *    read and removed after the last write; an abandoned one is broken.
 *  - Compare before commit: every file read through the store is read again just before
 *    the commit point; a change by a program that does not take the lock (`openssl ca`
 *    by hand) aborts the operation with nothing written.
 *  - The commit is atomic as a whole. Each new file is first written to a temporary
 *    sibling (final mode, fsync; several at once), listed in `.certwright-journal.pending`; renaming that
 *    list to `.certwright-journal` is the commit point; then every temporary is renamed
 *    onto its target and the journal removed. The next CaStore.open completes a
 *    journal (roll forward) or deletes the temporaries of a pending list (roll back), so
 *    an interrupted operation is either complete or absent. Temporaries, which may hold
 *    private keys, are removed on every failure path before the commit point.
 *  - Folders are synced as well as files (StoreFs.syncDir), because a file system may keep
 *    some folders' renames after a power loss and not others': the state folder once the
 *    pending list exists (before any temporary), every folder of the commit before the commit
 *    point (the temporaries, and the folders made for them), the state folder after it
 *    (before any target is replaced), and every target's folder before the journal is removed
 *    and the commit reported: a revocation or a serial reported done is on disk.
 */
import { sha256, toHex } from '../pem/hash';
import type { IssueOperation, PlannedFile, ProfileLayout, WritePlan } from './types';
import { tr } from '../l10n';
import { acquireLock, releaseLock, type LockRecord } from './caLock';
import { code, IncompleteCommitError, WritePlanError } from './storeErrors';

export { CaLockedError, IncompleteCommitError, WritePlanError } from './storeErrors';
export { LOCK_FILE, STALE_FOREIGN_MS } from './caLock';

export interface StoreStat {
  readonly kind: 'file' | 'directory' | 'symlink' | 'other';
  /** POSIX permission bits, when the file system has them. */
  readonly mode?: number;
  readonly mtimeMs?: number;
  /** Bytes, when known: a state file larger than `maxStateFileBytes` is refused before it is read. */
  readonly size?: number;
}

/**
 * The largest file a CA operation reads (index.txt with about half a million
 * entries): bounds the memory a planted or runaway file can take.
 */
export const maxStateFileBytes = 64 * 1024 * 1024;

/**
 * The file operations a CaStore needs, on `/`-separated paths relative to the layout
 * root ('' is the root). Implementations: server/src/node/caStoreFs.ts (node fs),
 * client/src/commands/issue/writePlan.ts (vscode.workspace.fs).
 */
export interface StoreFs {
  readonly host: string;
  readonly pid: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Random hex for temporary names and lock tokens. */
  random(): string;
  /** Whether a process of this host is running (false only when it surely is not). */
  isAlive(pid: number): boolean;
  /** lstat: a symbolic link is reported as one, not followed. Undefined when missing. */
  stat(path: string): Promise<StoreStat | undefined>;
  /** Undefined when missing. */
  read(path: string): Promise<string | undefined>;
  /**
   * Creates a new file with `mode` and the contents (text as UTF-8), durably (fsync) unless
   * `durable` is false; throws an error with code 'EEXIST' when it exists.
   */
  createExclusive(path: string, contents: string | Uint8Array, mode: number, options?: CreateOptions): Promise<void>;
  /** Renames, replacing the target. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error when it is missing. */
  remove(path: string): Promise<void>;
  /** Creates one folder (its parent exists) with `mode`, never wider whatever the umask. */
  mkdir(path: string, mode: number): Promise<void>;
  /**
   * Makes the folder's entries (files created, renamed or removed in it) durable: fsync of the
   * folder. Absent where the file system offers no way to (vscode.workspace.fs); without it a
   * power loss may keep one folder's renames and not another's, and undo a reported commit.
   */
  syncDir?(path: string): Promise<void>;
  /**
   * Told once, when an operation has waited a while for the CA lock, who holds it: a front end
   * shows it (the CLI on stderr), so that a wait does not look like a hang.
   */
  waiting?(message: string): void;
  /** How to reach this root again (an absolute path, a URI): a commit that waits for this CA's records it (CommitGate). */
  readonly location?: string;
  /** The StoreFs of another root by its location: a recovery reads the CA that a pending commit waited for. */
  open?(location: string): StoreFs;
}

export interface CreateOptions {
  /** False: not synced (the CA lock, which matters only while its process runs). */
  readonly durable?: boolean;
  /**
   * The file appears with all its contents at once (written aside, then linked into place), so
   * that no reader finds it empty: an empty lock is judged abandoned after a while, and a
   * lock whose writer waits that long between creating and writing it (a busy thread pool)
   * would be broken while it is held. Where the file system cannot, created as usual.
   */
  readonly atomic?: boolean;
}

/**
 * A commit whose outcome follows another CA's (parentCommit.ts): an intermediate's new
 * certificate is installed once its parent has recorded it. The pending list names a file
 * of the parent's commit and its contents' SHA-256; after an interruption, the next open
 * completes the pending commit when the parent holds that file (or a committed journal
 * that writes it), and rolls it back otherwise.
 */
export interface CommitGate {
  /** The other CA's root (StoreFs.location) and state folder. */
  readonly location: string;
  readonly stateDir: string;
  readonly file: string;
  readonly sha256: string;
}

export const JOURNAL_FILE = '.certwright-journal';
export const PENDING_FILE = '.certwright-journal.pending';

interface Journal {
  readonly id: string;
  /** What the operation was, for the message after a recovery. */
  readonly description: string;
  /** Identifies the operation, so a retry of the same operation after recovery is recognised. */
  readonly fingerprint?: string;
  /** Certificates and keys, then the CA state (`state`; a journal of an earlier version marks none: one group). */
  readonly files: ReadonlyArray<{ readonly tmp: string; readonly target: string; readonly state?: true }>;
  /** A pending list that is completed, not rolled back, once another CA has committed (parentCommit.ts). */
  readonly gate?: CommitGate;
}

export interface Recovery {
  readonly action: 'completed' | 'rolledBack';
  readonly description: string;
  readonly fingerprint?: string;
  /** Targets written by the completion. */
  readonly files: readonly string[];
}

export interface CommitOptions {
  /** Replace existing files the plan would otherwise refuse to overwrite (never the protected ones). */
  readonly force?: boolean;
  /** Files that are never overwritten, even with force or by a plan that means to replace them (the CA certificate and key). */
  readonly protect?: ReadonlyArray<{ readonly path: string; readonly what: string }>;
  readonly description: string;
  readonly fingerprint?: string;
}

/** A commit written up to its commit point (temporaries and pending list on disk): finished or abandoned by its caller. */
export interface PreparedCommit {
  /** The commit point, then the files moved into place. */
  finish(): Promise<CommitResult>;
  /** Removes the temporaries and the pending list; nothing was written. */
  abandon(): Promise<void>;
}

export interface PlanCheck {
  /** Existing files with other contents that the plan does not mean to replace. */
  readonly conflicts: readonly PlannedFile[];
  /** Existing files that already hold the planned contents and mode. */
  readonly unchanged: readonly string[];
}

export interface CommitResult {
  readonly written: ReadonlyArray<PlannedFile & { readonly replaced: boolean }>;
  readonly unchanged: readonly string[];
  /** Folders this commit created (mode 0700); existing folders are never chmod-ed. */
  readonly createdDirectories: readonly string[];
  readonly warnings: readonly string[];
}

const join = (dir: string, name: string): string => (dir && dir !== '.' ? `${dir}/${name}` : name);
const dirname = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export function checkPlanPath(p: string): void {
  if (!p || p.startsWith('/') || p.includes('\\') || p.split('/').some((s) => s === '..' || s === '' || s === '.')) {
    throw new WritePlanError(tr`unsafe path in plan: ${JSON.stringify(p)}`);
  }
}

export class CaStore {
  private readonly reads = new Map<string, string | undefined>();
  private released = false;

  private constructor(
    private readonly fs: StoreFs,
    readonly stateDir: string,
    private readonly lock: LockRecord,
    readonly recovered: Recovery | undefined,
    private readonly createdDirs: string[],
  ) {}

  /**
   * Takes the lock of the CA whose state lives in `stateDir` (created, mode 0700, when
   * missing), then completes or rolls back an interrupted operation.
   */
  static async open(fs: StoreFs, stateDir: string, options: { timeoutMs?: number } = {}): Promise<CaStore> {
    if (stateDir !== '') checkPlanPath(stateDir); // "": the state lives in the layout root (an adopted openssl CA)
    const created = await ensureDirs(fs, stateDir);
    const lock = await acquireLock(fs, stateDir, options.timeoutMs ?? 120_000);
    try {
      const recovered = await recover(fs, stateDir);
      return new CaStore(fs, stateDir, lock, recovered, created);
    } catch (e) {
      await releaseLock(fs, stateDir, lock);
      throw e;
    }
  }

  /** Reads a file under the lock and remembers it for the compare before commit. */
  async read(path: string): Promise<string | undefined> {
    this.assertHeld();
    await refuseSymlinks(this.fs, path);
    const st = await this.fs.stat(path);
    if (st && st.kind !== 'file') {
      this.reads.set(path, undefined);
      return undefined;
    }
    if (st?.size !== undefined && st.size > maxStateFileBytes) {
      throw new WritePlanError(tr`${path} is ${Math.ceil(st.size / 1048576)} MiB, more than the ${maxStateFileBytes / 1048576} MiB a CA state file can be; it is not read. Check what replaced it.`);
    }
    const text = await this.fs.read(path);
    this.reads.set(path, text);
    return text;
  }

  /** What committing `plan` would overwrite; nothing is written. */
  async check(plan: WritePlan, options: Pick<CommitOptions, 'protect'> = {}): Promise<PlanCheck> {
    this.assertHeld();
    const conflicts: PlannedFile[] = [];
    const unchanged: string[] = [];
    for (const d of plan.directories) {
      if (d.path === '.') continue;
      checkPlanPath(d.path);
      await refuseSymlinks(this.fs, d.path);
      const st = await this.fs.stat(d.path);
      if (st && st.kind !== 'directory') throw new WritePlanError(tr`${d.path} exists and is not a folder`);
    }
    const protect = new Map((options.protect ?? []).map((p) => [p.path, p.what]));
    for (const f of plan.files) {
      checkPlanPath(f.path);
      await refuseSymlinks(this.fs, f.path);
      const st = await this.fs.stat(f.path);
      if (!st) continue;
      if (st.kind !== 'file') throw new WritePlanError(tr`${f.path} exists and is not a regular file`);
      // A binary file is read as text here: never "unchanged", so it is replaced only when the plan means to.
      const current = f.encoding === 'base64' ? undefined : await this.fs.read(f.path);
      if (current === f.contents) {
        if (st.mode === undefined || st.mode === f.mode) unchanged.push(f.path);
        continue;
      }
      if (protect.has(f.path)) {
        throw new WritePlanError(
          tr`refusing to overwrite ${f.path}: it is ${protect.get(f.path)}, and replacing it would orphan every certificate the CA issued, so --force never does (give a leaf another --name; for a new CA use another --dir or move the old one away first)`,
          [f.path],
        );
      }
      if (!f.replace) conflicts.push(f);
    }
    return { conflicts, unchanged };
  }

  /** Writes the plan as one atomic commit (see the module comment). */
  async commit(plan: WritePlan, options: CommitOptions): Promise<CommitResult> {
    return (await this.prepare(plan, options)).finish();
  }

  /**
   * Writes the plan up to its commit point: the pending list (with `gate`, a list the next
   * open completes once the gate's CA has committed) and every temporary, synced, and what
   * was read compared again. Nothing a reader of the CA sees has changed yet.
   */
  async prepare(plan: WritePlan, options: CommitOptions & { readonly gate?: CommitGate }): Promise<PreparedCommit> {
    this.assertHeld();
    const { conflicts, unchanged } = await this.check(plan, options);
    if (conflicts.length && !options.force) {
      throw new WritePlanError(
        conflicts.length === 1 ? tr`refusing to overwrite existing file ${conflicts[0]!.path} (use --force to replace)` : tr`refusing to overwrite existing files ${conflicts.map((c) => c.path).join(', ')} (use --force to replace)`,
        conflicts.map((c) => c.path),
      );
    }
    const skip = new Set(unchanged);
    // Files first, CA state last: a reader that does not take the lock (openssl) sees the
    // database change only once the certificates it names exist.
    const order = (f: PlannedFile): number => (f.kind === 'state' ? 1 : 0);
    const files = plan.files.filter((f) => !skip.has(f.path)).sort((a, b) => order(a) - order(b));
    const pending = join(this.stateDir, PENDING_FILE);
    const journal = files.length ? journalOf(this.fs.random(), files, options) : undefined;
    // The pending list is written and synced while the folders are made and checked: none of
    // that creates a temporary. The temporaries wait for it, so that whatever a crash keeps of
    // them, the list that names them (for the roll back) is on disk too.
    const listed = journal ? this.fs.createExclusive(pending, JSON.stringify(journal), 0o600).then(() => syncDirs(this.fs, [this.stateDir])) : undefined;
    listed?.catch(() => undefined); // awaited below; a failure meanwhile is not an unhandled rejection
    let folders: Folders;
    try {
      folders = await prepareFolders(this.fs, plan, files, this.createdDirs);
    } catch (e) {
      if (journal) await listed!.then(() => rollBack(this.fs, pending, journal), () => undefined);
      throw e;
    }
    const { existed, createdDirectories, warnings } = folders;
    const result = (): CommitResult => ({ written: files.map((f) => ({ ...f, replaced: existed.get(f.path) === true })), unchanged, createdDirectories, warnings });
    if (!journal) return { finish: async () => ({ written: [], unchanged, createdDirectories, warnings }), abandon: async () => undefined };
    await listed;
    try {
      // What was read is compared again while the temporaries are synced (it reads other files).
      const [written, compared] = await Promise.allSettled([writeTemporaries(this.fs, journal, files), this.compareReads()]);
      if (written.status === 'rejected') throw written.reason;
      if (compared.status === 'rejected') throw compared.reason;
      // The temporaries' names, and the folders made for them, before the journal that names them.
      await syncDirs(this.fs, [...files.map((f) => dirname(f.path)), ...createdDirectories.map(dirname)]);
    } catch (e) {
      await rollBack(this.fs, pending, journal);
      throw e;
    }
    let settled = false;
    const settle = (): void => {
      this.assertHeld();
      if (settled) throw new Error('prepared commit used twice');
      settled = true;
    };
    return {
      finish: async () => {
        settle();
        try {
          await this.fs.rename(pending, join(this.stateDir, JOURNAL_FILE));
          await syncDirs(this.fs, [this.stateDir]);
        } catch (e) {
          // A gated list stays: its outcome is the other CA's, decided by the next open.
          if (journal.gate) throw new IncompleteCommitError(tr`the operation is recorded by the CA in ${journal.gate.location} but could not be completed here (${e instanceof Error ? e.message : String(e)}); it is completed by the next certwright operation on this CA`);
          await rollBack(this.fs, pending, journal);
          throw e;
        }
        // Committed: from here the operation happens, now or at the next open.
        try {
          await applyJournal(this.fs, this.stateDir, journal);
        } catch (e) {
          throw new IncompleteCommitError(tr`the operation is recorded but could not be completed (${e instanceof Error ? e.message : String(e)}); it is completed by the next certwright operation on this CA`);
        }
        return result();
      },
      abandon: async () => {
        settle();
        await rollBack(this.fs, pending, journal);
      },
    };
  }

  /** The gate a commit of another CA waits on for `plan` of this one: its first certificate file (a new signature: never there before). */
  gateFor(plan: WritePlan): CommitGate | undefined {
    const f = plan.files.find((x) => x.kind === 'cert' && x.encoding !== 'base64');
    if (!f || this.fs.location === undefined) return undefined;
    return { location: this.fs.location, stateDir: this.stateDir, file: f.path, sha256: textSha256(f.contents) };
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await releaseLock(this.fs, this.stateDir, this.lock);
  }

  private assertHeld(): void {
    if (this.released) throw new Error('CaStore used after release');
  }

  private async compareReads(): Promise<void> {
    for (const [path, text] of this.reads) {
      const now = await this.fs.read(path);
      if (now !== text) throw new WritePlanError(tr`${path} was changed by another program while this operation ran (it does not take Certwright's lock, e.g. openssl ca); nothing was written: run the operation again`);
    }
  }
}

/** The files no operation may overwrite: replacing them would orphan every certificate the CA issued. */
export function protectedFiles(layout: ProfileLayout): Array<{ path: string; what: string }> {
  return [
    { path: layout.caCert, what: tr`the CA certificate` },
    { path: layout.caKey, what: tr`the CA private key` },
  ];
}

/**
 * Identifies what the user asked for (hashed: no key material in the journal). A renewal
 * is named by its paths, not by the certificate it read: once the interrupted renewal is
 * completed, the file holds the renewed certificate and the retry must still be seen as
 * the same request.
 */
export function operationFingerprint(op: IssueOperation): string {
  // Secrets stay out of the journal, even hashed: a passphrase's hash could be guessed offline.
  // An intermediate's request carries its parent's CRL as read then; a CRL published meanwhile does not make it another request.
  // Nor do the files a renewal read that its own commit writes (the certificate, its key, an easy-rsa parent's copy by name,
  // easy-rsa's pki/renewed/issued/<name>.crt and the request it keeps with the old key): the retry after an interruption
  // reads them changed and must still be the same request (an easy-rsa renewal killed past its commit point was refused).
  const request = op.kind === 'renew' ? { ...op, certPem: undefined, keyPem: undefined, parentCopy: undefined, renewedPem: undefined, requestPem: undefined } : op.kind === 'export' ? { ...op, certPem: undefined, keyPem: undefined } : op.kind === 'createIntermediate' ? { ...op, parentCrlPem: undefined } : op;
  return toHex(sha256(new TextEncoder().encode(JSON.stringify(request, (key, value: unknown) => (/passphrase/i.test(key) ? undefined : value)))));
}

/** Opens the store, runs `fn`, and always releases the lock. */
export async function withCaStore<T>(fs: StoreFs, stateDir: string, fn: (store: CaStore) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
  const store = await CaStore.open(fs, stateDir, options);
  try {
    return await fn(store);
  } finally {
    await store.release();
  }
}

// ---------------------------------------------------------------------------------------------

interface Folders {
  /** Whether each file of the commit existed before it. */
  readonly existed: ReadonlyMap<string, boolean>;
  readonly createdDirectories: readonly string[];
  readonly warnings: readonly string[];
}

/** The plan's folders made (0700), and a warning for an existing folder of keys or CA state that others can read. */
async function prepareFolders(fs: StoreFs, plan: WritePlan, files: readonly PlannedFile[], createdByOpen: readonly string[]): Promise<Folders> {
  const existed = new Map<string, boolean>();
  for (const f of files) existed.set(f.path, (await fs.stat(f.path)) !== undefined);
  const createdDirectories = [...createdByOpen];
  for (const d of plan.directories) if (d.path !== '.') createdDirectories.push(...(await ensureDirs(fs, d.path)));
  for (const f of files) createdDirectories.push(...(await ensureDirs(fs, dirname(f.path))));
  const warnings: string[] = [];
  const keyDirs = new Set(files.filter((f) => f.kind === 'key' || f.kind === 'state').map((f) => dirname(f.path)));
  for (const dir of keyDirs) {
    const mode = (await fs.stat(dir))?.mode;
    if (mode !== undefined && mode & 0o077 && !createdDirectories.includes(dir)) {
      warnings.push(tr`folder ${dir || '.'} holding private keys has mode ${mode.toString(8).padStart(4, '0')}; 0700 is recommended (chmod 700 ${dir || '.'})`);
    }
  }
  return { existed, createdDirectories, warnings };
}

/** The list of a commit's temporaries and targets (pending, then the journal once renamed). */
function journalOf(id: string, files: readonly PlannedFile[], options: CommitOptions & { readonly gate?: CommitGate }): Journal {
  return {
    id,
    description: options.description,
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    ...(options.gate ? { gate: options.gate } : {}),
    files: files.map((f) => ({ tmp: join(dirname(f.path), `.${basename(f.path)}.certwright-${id}.tmp`), target: f.path, ...(f.kind === 'state' ? { state: true as const } : {}) })),
  };
}

async function refuseSymlinks(fs: StoreFs, path: string): Promise<void> {
  let cur = '';
  for (const seg of path.split('/')) {
    cur = join(cur, seg);
    const st = await fs.stat(cur);
    if (!st) return;
    if (st.kind === 'symlink') throw new WritePlanError(tr`refusing to write through the symbolic link ${cur}`);
  }
}

/** Creates the missing folders of `path` (mode 0700), parents first; returns those it created. */
async function ensureDirs(fs: StoreFs, path: string): Promise<string[]> {
  if (!path || path === '.') return [];
  const created: string[] = [];
  let cur = '';
  for (const seg of path.split('/')) {
    cur = join(cur, seg);
    const st = await fs.stat(cur);
    if (st?.kind === 'symlink') throw new WritePlanError(tr`refusing to write through the symbolic link ${cur}`);
    if (st && st.kind !== 'directory') throw new WritePlanError(tr`${cur} exists and is not a folder`);
    if (st) continue;
    try {
      await fs.mkdir(cur, 0o700);
      created.push(cur);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
  return created;
}

function parseJournal(text: string | undefined): Journal | undefined {
  try {
    const j = JSON.parse(text ?? '') as Journal;
    if (typeof j.id !== 'string' || !Array.isArray(j.files)) return undefined;
    for (const f of j.files) {
      checkPlanPath(f.tmp);
      checkPlanPath(f.target);
      if (dirname(f.tmp) !== dirname(f.target) || !basename(f.tmp).endsWith(`.certwright-${j.id}.tmp`)) return undefined;
    }
    if (j.gate !== undefined) {
      const g = j.gate as Partial<CommitGate>;
      if (typeof g.location !== 'string' || typeof g.stateDir !== 'string' || typeof g.file !== 'string' || typeof g.sha256 !== 'string') return undefined;
      checkPlanPath(g.file);
      if (g.stateDir) checkPlanPath(g.stateDir);
    }
    return j;
  } catch {
    return undefined;
  }
}

/**
 * At most this many temporaries are written at once: their fsyncs overlap (a file system
 * groups concurrent fsyncs into one journal commit, where one after another each waits for
 * its own), without opening a file per planned file of a thousand-host topology at once.
 */
const PARALLEL_WRITES = 8;

/** Writes every temporary of the journal; on a failure, waits for the writes in flight, then throws the first error. */
async function writeTemporaries(fs: StoreFs, journal: Journal, files: readonly PlannedFile[]): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < files.length) {
      const i = next++;
      try {
        const f = files[i]!;
        await fs.createExclusive(journal.files[i]!.tmp, f.encoding === 'base64' ? new Uint8Array(Buffer.from(f.contents, 'base64')) : f.contents, f.mode);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  // Every worker has settled before the caller rolls back: no temporary is created after its removal.
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, files.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Moves the temporaries of a committed journal onto their targets, then removes it; returns
 * the targets written (those whose temporary was still there), in the journal's order. The
 * certificates and keys go first, then the CA state, so that a reader that does not take the
 * lock (openssl) sees the database change only once the certificates it names exist. Within
 * each group all at once: a rename that replaces a file frees the old one's blocks, which
 * some file systems make wait on the disk (milliseconds each); together the waits overlap.
 */
async function applyJournal(fs: StoreFs, stateDir: string, journal: Journal): Promise<string[]> {
  const moved = async (f: Journal['files'][number]): Promise<boolean> => {
    if ((await fs.stat(f.tmp))?.kind !== 'file') return false;
    await fs.rename(f.tmp, f.target);
    return true;
  };
  const done: string[] = [];
  for (const group of [journal.files.filter((f) => !f.state), journal.files.filter((f) => f.state)]) {
    const results = await Promise.allSettled(group.map(moved));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    group.forEach((f, i) => {
      if ((results[i] as PromiseFulfilledResult<boolean>).value) done.push(f.target);
    });
  }
  // The renames reach the disk before the journal that would redo them is gone.
  await syncDirs(fs, journal.files.map((f) => dirname(f.target)));
  await fs.remove(join(stateDir, JOURNAL_FILE));
  return done;
}

/** Syncs each distinct folder once, all at once (their fsyncs overlap). */
async function syncDirs(fs: StoreFs, dirs: readonly string[]): Promise<void> {
  const syncDir = fs.syncDir?.bind(fs);
  if (!syncDir) return;
  await Promise.all([...new Set(dirs)].map((d) => syncDir(d)));
}

async function rollBack(fs: StoreFs, pending: string, journal: Journal): Promise<void> {
  for (const f of journal.files) {
    try {
      await fs.remove(f.tmp);
    } catch {
      /* keep removing the others */
    }
  }
  try {
    await fs.remove(pending);
  } catch {
    /* the next open removes it */
  }
}

const textSha256 = (text: string): string => toHex(sha256(new TextEncoder().encode(text)));

/**
 * Whether the CA a pending list waits for has committed: it holds the gate's file, or a
 * committed journal that writes it (read first: once applied, the file holds it). Read
 * without that CA's lock (taking it here, under this CA's, could wait on a process that
 * holds it and waits for this one): a committed journal and its file only move forward.
 */
async function gateCommitted(fs: StoreFs, gate: CommitGate, pendingPath: string): Promise<boolean> {
  const other = fs.open?.(gate.location);
  const choices = tr`restore it there and run certwright again on this CA, or remove ${pendingPath} and the *.certwright-*.tmp files it names to abandon the operation (the other CA's database may then list a certificate never installed here: revoke it there by serial)`;
  if (!other) throw new WritePlanError(tr`an interrupted operation on this CA waits for the CA in ${gate.location}, which this program cannot read: run the certwright command line on this CA to finish it`);
  if ((await other.stat(gate.stateDir))?.kind !== 'directory') throw new WritePlanError(tr`an interrupted operation on this CA waits for the CA in ${gate.location}, which is not there: ${choices}`);
  const journal = parseJournal(await other.read(join(gate.stateDir, JOURNAL_FILE)));
  const entry = journal?.files.find((f) => f.target === gate.file);
  const staged = entry ? await other.read(entry.tmp) : undefined;
  if (staged !== undefined && textSha256(staged) === gate.sha256) return true;
  const now = await other.read(gate.file);
  return now !== undefined && textSha256(now) === gate.sha256;
}

/**
 * The other CA's record, left in its committed journal, is completed too when its lock is free
 * at once (opening it recovers it): waiting here, under this CA's lock, could wait on a process
 * that holds it and waits for this one. Otherwise its next operation completes it.
 */
async function completeOther(fs: StoreFs, gate: CommitGate): Promise<void> {
  const other = fs.open?.(gate.location);
  if (!other || (await other.stat(join(gate.stateDir, JOURNAL_FILE))) === undefined) return;
  try {
    await (await CaStore.open(other, gate.stateDir, { timeoutMs: 0 })).release();
  } catch {
    // busy or failing: completed by its next operation
  }
}

/** Completes a committed journal or rolls back a pending one (called under the lock). */
async function recover(fs: StoreFs, stateDir: string): Promise<Recovery | undefined> {
  const journalPath = join(stateDir, JOURNAL_FILE);
  const pendingPath = join(stateDir, PENDING_FILE);
  const committed = await fs.read(journalPath);
  if (committed !== undefined) {
    const j = parseJournal(committed);
    if (!j) throw new WritePlanError(tr`${journalPath} is damaged; it records an interrupted operation on this CA: inspect it and the *.certwright-*.tmp files, then remove it`);
    const files = await applyJournal(fs, stateDir, j);
    return { action: 'completed', description: j.description, ...(j.fingerprint ? { fingerprint: j.fingerprint } : {}), files };
  }
  const pendingText = await fs.read(pendingPath);
  if (pendingText !== undefined) {
    const j = parseJournal(pendingText);
    if (j?.gate && (await gateCommitted(fs, j.gate, pendingPath))) {
      // The other CA recorded what these files install (an intermediate's certificate its parent signed): completed.
      await fs.rename(pendingPath, journalPath);
      await syncDirs(fs, [stateDir]);
      const files = await applyJournal(fs, stateDir, j);
      await completeOther(fs, j.gate);
      return { action: 'completed', description: j.description, ...(j.fingerprint ? { fingerprint: j.fingerprint } : {}), files };
    }
    // A pending list that does not parse was cut short while being written: no temporaries exist yet.
    if (j) await rollBack(fs, pendingPath, j);
    else await fs.remove(pendingPath);
    return { action: 'rolledBack', description: j?.description ?? 'an interrupted operation', ...(j?.fingerprint ? { fingerprint: j.fingerprint } : {}), files: [] };
  }
  return undefined;
}
