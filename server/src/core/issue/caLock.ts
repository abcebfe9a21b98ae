/**
 * The CA lock: `<stateDir>/.certwright.lock`, held by one operation at a time across
 * processes and hosts (CaStore takes it before its first read and releases it after its last
 * write). The file records pid, host, time and a token; it appears whole (CreateOptions.atomic)
 * where the file system allows.
 *
 * A lock is abandoned when its process is surely gone: on this host, its pid is not running,
 * or it is this process's pid with a token this process does not hold (a dead process that
 * had our pid: a container's pids repeat from one run to the next); on another host, it is
 * older than STALE_FOREIGN_MS; empty or unreadable (its writer died while writing it, or a
 * power loss kept the name and not the contents), its file is older than STALE_UNREADABLE_MS.
 *
 * An abandoned lock is removed under a second lock, `.certwright.lock.break`, which every
 * remover of another's lock holds, and judged again there: a file that reads the same but is
 * no longer abandoned (a fresh lock in its own empty instant, on a file system without the
 * atomic create) is left. The break lock is judged by the same rules (sooner on another host),
 * so a waiter killed while breaking blocks nobody.
 *
 * A waiter retries with a growing pause, tells the front end once who holds the lock
 * (StoreFs.waiting) after LOCK_NOTICE_MS, and gives up with CaLockedError after its timeout,
 * which bounds every path of the wait (breaks included).
 */
import { formatInstant } from '../format';
import { tr } from '../l10n';
import type { StoreFs } from './caStore';
import { CaLockedError, code } from './storeErrors';

export const LOCK_FILE = '.certwright.lock';
const BREAK_FILE = `${LOCK_FILE}.break`;
/** A lock of another host is considered abandoned after this long (no operation takes minutes). */
export const STALE_FOREIGN_MS = 10 * 60_000;
/** A break lock of another host: it is held for a read and a removal. */
const STALE_FOREIGN_BREAK_MS = 30_000;
/** A lock file that is empty or unreadable is abandoned once unchanged for this long. */
export const STALE_UNREADABLE_MS = 10_000;
/** A waiter says who holds the lock once it has waited this long (a shorter wait is an ordinary queue). */
export const LOCK_NOTICE_MS = 2_000;

export interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly time: number;
  readonly token: string;
}

/**
 * The tokens of the locks (and break locks) this process holds or is creating: a lock with
 * this process's pid and another token was left by a dead process that had the same pid.
 */
const held = new Set<string>();

const inState = (stateDir: string, name: string): string => (stateDir ? `${stateDir}/${name}` : name);

export function parseLock(text: string | undefined): LockRecord | undefined {
  try {
    const v = JSON.parse(text ?? '') as Partial<LockRecord>;
    return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.time === 'number' && typeof v.token === 'string' ? (v as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file `path` with a new record of this process; undefined when another holds it. */
async function create(fs: StoreFs, path: string): Promise<LockRecord | undefined> {
  const mine: LockRecord = { pid: fs.pid, host: fs.host, time: fs.now(), token: fs.random() };
  held.add(mine.token);
  try {
    // Not synced: a lock only matters while its process runs. After a crash the file is
    // missing, empty or whole, and each of these is handled.
    await fs.createExclusive(path, `${JSON.stringify(mine)}\n`, 0o600, { durable: false, atomic: true });
    // A file system without an atomic exclusive create (some virtual ones) could let two
    // writers "create" it; the one whose token is not there lost.
    if (parseLock(await fs.read(path))?.token === mine.token) return mine;
  } catch (e) {
    held.delete(mine.token);
    if (code(e) === 'EEXIST') return undefined;
    throw e;
  }
  held.delete(mine.token);
  return undefined;
}

/** Removes the lock file `path` if it is still ours; the token is no longer held either way. */
async function remove(fs: StoreFs, path: string, token: string): Promise<void> {
  try {
    if (parseLock(await fs.read(path))?.token === token) await fs.remove(path);
  } finally {
    held.delete(token);
  }
}

/** Whether the lock file `path`, read as `text`, is abandoned (see the module comment). */
export async function abandoned(fs: StoreFs, path: string, text: string, foreignMs = STALE_FOREIGN_MS): Promise<boolean> {
  const holder = parseLock(text);
  if (!holder) {
    const st = await fs.stat(path);
    return st?.mtimeMs !== undefined && fs.now() - st.mtimeMs > STALE_UNREADABLE_MS;
  }
  if (holder.host !== fs.host) return fs.now() - holder.time > foreignMs;
  return holder.pid === fs.pid ? !held.has(holder.token) : !fs.isAlive(holder.pid);
}

/**
 * Removes the abandoned lock read as `seen`, under the break lock; whether it did. False when
 * another waiter is breaking it (or has), or when the lock is not abandoned after all.
 */
async function breakLock(fs: StoreFs, stateDir: string, seen: string): Promise<boolean> {
  const lock = inState(stateDir, LOCK_FILE);
  const breaker = inState(stateDir, BREAK_FILE);
  const mine = await create(fs, breaker);
  if (!mine) {
    // A waiter that died while breaking leaves its break lock: removed once it is abandoned too.
    const text = await fs.read(breaker);
    if (text !== undefined && (await abandoned(fs, breaker, text, STALE_FOREIGN_BREAK_MS)) && (await fs.read(breaker)) === text) await fs.remove(breaker);
    return false;
  }
  try {
    // Judged again: nobody else removes another's lock while we hold the break lock, so the
    // file that still reads the same and is still abandoned is the one first judged.
    const now = await fs.read(lock);
    if (now !== seen || !(await abandoned(fs, lock, now))) return false;
    await fs.remove(lock);
    return true;
  } finally {
    await remove(fs, breaker, mine.token);
  }
}

/** Takes the lock of the CA whose state lives in `stateDir`, waiting up to `timeoutMs` (then CaLockedError). */
export async function acquireLock(fs: StoreFs, stateDir: string, timeoutMs: number): Promise<LockRecord> {
  const path = inState(stateDir, LOCK_FILE);
  const started = fs.now();
  let pause = 20;
  let told = false;
  // A lock broken past the deadline is still tried once: a timeout of 0 ("only if free at once",
  // a recovery completing another CA) takes an abandoned lock.
  let lastTry = true;
  for (;;) {
    const mine = await create(fs, path);
    if (mine) return mine;
    const text = await fs.read(path);
    const broken = text !== undefined && (await abandoned(fs, path, text)) && (await breakLock(fs, stateDir, text));
    const waited = fs.now() - started;
    // Once broken, tried again at once; every other way round waits, and none goes on past the timeout but that last try.
    if (broken && (waited <= timeoutMs || lastTry)) {
      if (waited > timeoutMs) lastTry = false;
      continue;
    }
    const holder = parseLock(text);
    const who = holder ? tr`process ${holder.pid} on ${holder.host} since ${formatInstant(holder.time)}` : tr`another process`;
    if (waited > timeoutMs) {
      throw new CaLockedError(tr`the CA in ${stateDir || '.'} is locked by ${who} (${path}); try again when it has finished, or remove the lock file if that process is gone`);
    }
    if (!told && waited >= LOCK_NOTICE_MS) {
      told = true;
      fs.waiting?.(tr`waiting for the CA in ${stateDir || '.'}: it is locked by ${who} (${path}); this operation goes on when that one has finished, or gives up after ${Math.round(timeoutMs / 1000)} s`);
    }
    await fs.sleep(pause + Math.floor(Math.random() * pause));
    pause = Math.min(pause * 2, 250);
  }
}

/** Removes the lock if it is still this holder's. */
export async function releaseLock(fs: StoreFs, stateDir: string, lock: LockRecord): Promise<void> {
  await remove(fs, inState(stateDir, LOCK_FILE), lock.token);
}
