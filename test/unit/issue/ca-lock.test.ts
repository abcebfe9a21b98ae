/**
 * The CA lock (core/issue/caLock.ts) on a folder in memory with a clock that moves only when a
 * waiter sleeps: processes of one or two hosts, alive or dead, and the interleavings that
 * broke it (a fresh lock in its empty instant taken for the abandoned one it replaced, a lock
 * of a dead process that had our pid, a break lock that kept a waiter past its timeout, a
 * waiter that said nothing).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CaLockedError, CaStore, LOCK_FILE, type StoreFs, type StoreStat } from '../../../server/src/core/issue/caStore';
import { LOCK_NOTICE_MS, STALE_UNREADABLE_MS } from '../../../server/src/core/issue/caLock';

const BREAK = `ca/${LOCK_FILE}.break`;
const LOCK = `ca/${LOCK_FILE}`;

interface Entry {
  contents: string;
  mtimeMs: number;
}

/** One folder shared by the processes of the test; `clock` moves only when one sleeps. */
class Disk {
  readonly files = new Map<string, Entry>();
  readonly alive = new Set<number>();
  clock = 1_000_000_000_000;
  private n = 0;
  /** Runs before a process creates `path` (an interleaving placed there by the test). */
  beforeCreate: (path: string, pid: number) => void = () => undefined;

  put(path: string, contents: string, ageMs = 0): void {
    this.files.set(path, { contents, mtimeMs: this.clock - ageMs });
  }

  record(pid: number, host = 'h1', token = `t${pid}`): string {
    return `${JSON.stringify({ pid, host, time: this.clock, token })}\n`;
  }

  process(pid: number, host = 'h1', notes: string[] = []): StoreFs {
    this.alive.add(pid);
    const exists = (): Error => Object.assign(new Error('EEXIST'), { code: 'EEXIST' });
    return {
      host,
      pid,
      now: () => this.clock,
      sleep: async (ms) => {
        this.clock += ms;
        await new Promise((r) => setImmediate(r));
      },
      random: () => `${pid}-${this.n++}`,
      isAlive: (p) => this.alive.has(p),
      stat: async (p): Promise<StoreStat | undefined> => {
        const f = this.files.get(p);
        if (f) return { kind: 'file', mode: 0o600, mtimeMs: f.mtimeMs, size: f.contents.length };
        return p === 'ca' || p === '' ? { kind: 'directory', mode: 0o700 } : undefined;
      },
      read: async (p) => this.files.get(p)?.contents,
      createExclusive: async (p, contents) => {
        this.beforeCreate(p, pid);
        if (this.files.has(p)) throw exists();
        this.put(p, String(contents));
      },
      rename: async (from, to) => {
        const f = this.files.get(from)!;
        this.files.delete(from);
        this.files.set(to, f);
      },
      remove: async (p) => void this.files.delete(p),
      mkdir: async () => undefined,
      waiting: (m) => notes.push(m),
    };
  }
}

describe('CA lock', () => {
  it('an abandoned empty lock replaced by a fresh one in its empty instant: the fresh one is not broken', async () => {
    const disk = new Disk();
    disk.put(LOCK, '', STALE_UNREADABLE_MS + 1);
    // Between this waiter's judgement and its break, another waiter broke the old lock and
    // created its own, not yet written (a file system without the atomic create).
    disk.beforeCreate = (p) => {
      if (p !== BREAK) return;
      disk.beforeCreate = () => undefined;
      disk.put(LOCK, '');
    };
    await assert.rejects(CaStore.open(disk.process(2), 'ca', { timeoutMs: 1000 }), CaLockedError);
    assert.equal(disk.files.get(LOCK)?.contents, '', 'the fresh lock is still there');
  });

  it('a lock left by a dead process that had our pid is broken; one this process holds is not', async () => {
    const disk = new Disk();
    disk.put(LOCK, disk.record(7, 'h1', 'from-a-dead-process'));
    const fs = disk.process(7);
    const store = await CaStore.open(fs, 'ca', { timeoutMs: 1000 });
    await assert.rejects(CaStore.open(disk.process(7), 'ca', { timeoutMs: 1000 }), /locked by process 7 on h1/);
    await store.release();
    assert.equal(disk.files.has(LOCK), false);
  });

  it('a live break lock keeps no waiter past its timeout', async () => {
    const disk = new Disk();
    disk.put(LOCK, disk.record(3));
    disk.put(BREAK, disk.record(4));
    const started = disk.clock;
    // Process 3 is gone (its lock is abandoned); process 4 is breaking it and stays.
    disk.alive.add(4);
    await assert.rejects(CaStore.open(disk.process(2), 'ca', { timeoutMs: 1000 }), CaLockedError);
    assert.ok(disk.clock - started <= 1000 + 500, `gave up after ${disk.clock - started} ms of the clock`);
  });

  it('a break lock left by a dead waiter blocks nobody', async () => {
    const disk = new Disk();
    disk.put(LOCK, disk.record(3));
    disk.put(BREAK, disk.record(4));
    const started = disk.clock;
    const store = await CaStore.open(disk.process(2), 'ca', { timeoutMs: 60_000 });
    assert.ok(disk.clock - started < 1000, `took the lock after ${disk.clock - started} ms of the clock`);
    assert.equal(disk.files.has(BREAK), false);
    await store.release();
  });

  it('an abandoned lock is taken even with no time to wait (a recovery completing another CA)', async () => {
    const disk = new Disk();
    disk.put(LOCK, disk.record(3));
    const fs = disk.process(2);
    // Every look at the clock is a millisecond later: the deadline has passed by the break.
    fs.now = () => disk.clock++;
    await (await CaStore.open(fs, 'ca', { timeoutMs: 0 })).release();
  });

  it('a waiter says once who holds the lock, then gives up naming it', async () => {
    const disk = new Disk();
    disk.process(9, 'h2');
    disk.put(LOCK, disk.record(9, 'h2'));
    const notes: string[] = [];
    const started = disk.clock;
    await assert.rejects(CaStore.open(disk.process(2, 'h1', notes), 'ca', { timeoutMs: 10_000 }), /locked by process 9 on h2/);
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0]!, /waiting for the CA in ca: it is locked by process 9 on h2 .*gives up after 10 s/);
    assert.ok(disk.clock - started >= LOCK_NOTICE_MS);
  });

  it('a short wait says nothing', async () => {
    const disk = new Disk();
    disk.alive.add(9);
    disk.put(LOCK, disk.record(9));
    const notes: string[] = [];
    const waiter = CaStore.open(disk.process(2, 'h1', notes), 'ca', { timeoutMs: 10_000 });
    // The holder finishes after the waiter's first pause.
    await new Promise((r) => setImmediate(r));
    disk.files.delete(LOCK);
    await (await waiter).release();
    assert.deepEqual(notes, []);
  });
});
