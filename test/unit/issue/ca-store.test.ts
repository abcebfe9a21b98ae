// The CA store on node fs: the lock (exclusive, stale-lock recovery by pid and host,
// timeout with the holder named), compare before commit, the journal (an interrupted
// commit completed or rolled back by the next open), symlink refusal, protected CA
// files, folder modes.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CaLockedError, CaStore, JOURNAL_FILE, LOCK_FILE, maxStateFileBytes, PENDING_FILE, WritePlanError, withCaStore } from '../../../server/src/core/issue/caStore';
import type { PlannedFile, WritePlan } from '../../../server/src/core/issue/types';
import { nodeStoreFs } from '../../../server/src/node/writePlan';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-ca-store-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const d = path.join(tmp, `t${n++}`);
  fs.mkdirSync(d);
  return d;
};

const file = (p: string, contents: string, kind: PlannedFile['kind'] = 'state', replace = true): PlannedFile => ({ path: p, contents, kind, mode: kind === 'cert' ? 0o644 : 0o600, replace, description: p });
const plan = (...files: PlannedFile[]): WritePlan => ({ directories: [], files });
const leftovers = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /certwright/.test(f));

/** A pid that surely does not run: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('CA store: lock', () => {
  it('is exclusive: a second opener waits, then times out naming the holder', async () => {
    const root = fresh();
    const a = await CaStore.open(nodeStoreFs(root), 'ca');
    assert.ok(fs.existsSync(path.join(root, 'ca', LOCK_FILE)));
    await assert.rejects(CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 150 }), (e: unknown) => e instanceof CaLockedError && new RegExp(`process ${process.pid} on ${os.hostname()}`).test(e.message));
    await a.release();
    assert.ok(!fs.existsSync(path.join(root, 'ca', LOCK_FILE)));
    const b = await CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 150 });
    await b.release();
  });

  it('serialises concurrent holders in one process', async () => {
    const root = fresh();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        withCaStore(nodeStoreFs(root), 'ca', async () => {
          order.push(`${k}+`);
          await new Promise((r) => setTimeout(r, 30));
          order.push(`${k}-`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) assert.equal(order[i]!.slice(0, 1), order[i + 1]!.slice(0, 1), order.join(' '));
  });

  it('recovers a lock whose process is gone (same host), an unreadable old one, and a foreign one older than 10 minutes; keeps a live foreign one', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    const lock = path.join(root, 'ca', LOCK_FILE);
    fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: os.hostname(), time: Date.now(), token: 'x' }));
    await (await CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 2000 })).release();
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    await (await CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 2000 })).release();
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere', time: Date.now() - 11 * 60_000, token: 'y' }));
    await (await CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 2000 })).release();
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere', time: Date.now(), token: 'z' }));
    await assert.rejects(CaStore.open(nodeStoreFs(root), 'ca', { timeoutMs: 100 }), /locked by process 1 on elsewhere/);
  });
});

describe('CA store: commit', () => {
  it('writes every file with its mode, creates folders 0700, never chmods an existing folder', async () => {
    const root = fresh();
    fs.chmodSync(root, 0o755);
    const r = await withCaStore(nodeStoreFs(root), 'ca', (s) => s.commit({ directories: [{ path: 'ca/newcerts', mode: 0o700 }], files: [file('ca/index.txt', 'x\n'), file('leaf.crt', 'c', 'cert', false)] }, { description: 't' }));
    assert.deepEqual(r.written.map((w) => w.path).sort(), ['ca/index.txt', 'leaf.crt']);
    assert.equal(fs.statSync(path.join(root, 'ca/index.txt')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(root, 'leaf.crt')).mode & 0o777, 0o644);
    assert.equal(fs.statSync(path.join(root, 'ca/newcerts')).mode & 0o777, 0o700);
    assert.equal(fs.statSync(root).mode & 0o777, 0o755, 'the root is not chmod-ed');
    assert.deepEqual(leftovers(root), []);
  });

  it('moves the certificates and keys onto their targets at once, and the CA state only once they are all in place', async () => {
    const root = fresh();
    const base = nodeStoreFs(root);
    const events: string[] = [];
    const storeFs = {
      ...base,
      rename: async (from: string, to: string): Promise<void> => {
        if (from.endsWith(PENDING_FILE)) return base.rename(from, to);
        events.push(`start ${to}`);
        await base.rename(from, to);
        events.push(`end ${to}`);
      },
    };
    await withCaStore(storeFs, 'ca', (s) => s.commit(plan(file('ca/index.txt', 'new\n'), file('n.key', 'K', 'key', false), file('n.crt', 'C', 'cert', false), file('ca/serial', '02\n')), { description: 't' }));
    const at = (e: string): number => events.indexOf(e);
    // Both leaves started before either finished; each state file only after both finished.
    assert.ok(Math.max(at('start n.key'), at('start n.crt')) < Math.min(at('end n.key'), at('end n.crt')), events.join(', '));
    for (const state of ['ca/index.txt', 'ca/serial']) assert.ok(at(`start ${state}`) > Math.max(at('end n.key'), at('end n.crt')), events.join(', '));
    assert.equal(fs.readFileSync(path.join(root, 'ca/index.txt'), 'utf8'), 'new\n');
    assert.deepEqual(leftovers(root), []);
  });

  it('compares before commit: a change by a program without the lock aborts with nothing written', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    fs.writeFileSync(path.join(root, 'ca/index.txt'), 'one\n');
    await assert.rejects(
      withCaStore(nodeStoreFs(root), 'ca', async (s) => {
        await s.read('ca/index.txt');
        fs.writeFileSync(path.join(root, 'ca/index.txt'), 'openssl wrote this\n');
        return s.commit(plan(file('ca/index.txt', 'one\ntwo\n'), file('new.crt', 'c', 'cert', false)), { description: 't' });
      }),
      /ca\/index.txt was changed by another program/,
    );
    assert.equal(fs.readFileSync(path.join(root, 'ca/index.txt'), 'utf8'), 'openssl wrote this\n');
    assert.ok(!fs.existsSync(path.join(root, 'new.crt')));
    assert.deepEqual(leftovers(root), []);
  });

  it('refuses symbolic links on the way to any file, and the protected CA files even with force', async () => {
    const root = fresh();
    const outside = fresh();
    fs.symlinkSync(outside, path.join(root, 'linked'));
    await assert.rejects(withCaStore(nodeStoreFs(root), 'ca', (s) => s.commit(plan(file('linked/x.key', 'k', 'key', false)), { description: 't' })), /symbolic link linked/);
    await assert.rejects(CaStore.open(nodeStoreFs(root), 'linked/ca'), /symbolic link linked/);
    assert.deepEqual(fs.readdirSync(outside), []);
    fs.writeFileSync(path.join(root, 'root.crt'), 'the CA');
    const protect = [{ path: 'root.crt', what: 'the CA certificate' }];
    for (const replace of [false, true]) {
      await assert.rejects(
        withCaStore(nodeStoreFs(root), 'ca', (s) => s.commit(plan(file('root.crt', 'a leaf', 'cert', replace)), { description: 't', force: true, protect })),
        (e: unknown) => e instanceof WritePlanError && /it is the CA certificate/.test(e.message),
      );
    }
    assert.equal(fs.readFileSync(path.join(root, 'root.crt'), 'utf8'), 'the CA');
  });

  it('refuses to read a state file larger than the cap (a sparse file: no disk used), and releases the lock', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    fs.writeFileSync(path.join(root, 'ca/index.txt'), '');
    fs.truncateSync(path.join(root, 'ca/index.txt'), maxStateFileBytes + 1);
    await assert.rejects(
      withCaStore(nodeStoreFs(root), 'ca', (s) => s.read('ca/index.txt')),
      (e: unknown) => e instanceof WritePlanError && /ca\/index\.txt is 65 MiB, more than the 64 MiB a CA state file can be/.test(e.message),
    );
    assert.ok(!fs.existsSync(path.join(root, 'ca', LOCK_FILE)));
    // A file that grows between the stat and the open is caught on the open file.
    await assert.rejects(nodeStoreFs(root).read('ca/index.txt'), /larger than 64 MiB/);
  });
});

describe('CA store: journal recovery', () => {
  it('completes a committed journal on the next open (roll forward) and reports it', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    fs.writeFileSync(path.join(root, 'ca/index.txt'), 'old\n');
    // A commit that was killed after the commit point, before its second rename.
    fs.writeFileSync(path.join(root, 'leaf.crt'), 'new leaf');
    fs.writeFileSync(path.join(root, 'ca/.index.txt.certwright-abc.tmp'), 'new\n');
    fs.writeFileSync(path.join(root, 'ca', JOURNAL_FILE), JSON.stringify({ id: 'abc', description: 'issueNode x', fingerprint: 'f', files: [{ tmp: '.leaf.crt.certwright-abc.tmp', target: 'leaf.crt' }, { tmp: 'ca/.index.txt.certwright-abc.tmp', target: 'ca/index.txt' }] }));
    const s = await CaStore.open(nodeStoreFs(root), 'ca');
    await s.release();
    assert.deepEqual(s.recovered, { action: 'completed', description: 'issueNode x', fingerprint: 'f', files: ['ca/index.txt'] });
    assert.equal(fs.readFileSync(path.join(root, 'ca/index.txt'), 'utf8'), 'new\n');
    assert.deepEqual(leftovers(root), []);
  });

  it('rolls back a pending list: its temporaries (private keys) are deleted, targets untouched', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    fs.writeFileSync(path.join(root, '.node.key.certwright-def.tmp'), 'PRIVATE KEY');
    fs.writeFileSync(path.join(root, 'ca', PENDING_FILE), JSON.stringify({ id: 'def', description: 'issueNode y', files: [{ tmp: '.node.key.certwright-def.tmp', target: 'node.key' }, { tmp: '.node.crt.certwright-def.tmp', target: 'node.crt' }] }));
    const s = await CaStore.open(nodeStoreFs(root), 'ca');
    await s.release();
    assert.equal(s.recovered?.action, 'rolledBack');
    assert.deepEqual(leftovers(root), []);
    assert.ok(!fs.existsSync(path.join(root, 'node.key')));
    // A pending list cut short while being written is removed (no temporaries exist yet).
    fs.writeFileSync(path.join(root, 'ca', PENDING_FILE), '{"id":"x","desc');
    await (await CaStore.open(nodeStoreFs(root), 'ca')).release();
    assert.deepEqual(leftovers(root), []);
  });

  it('a damaged committed journal stops every operation with a message, rather than guessing', async () => {
    const root = fresh();
    fs.mkdirSync(path.join(root, 'ca'));
    fs.writeFileSync(path.join(root, 'ca', JOURNAL_FILE), '{"id":"x","files":[{"tmp":"../../etc/passwd","target":"x"}]}');
    await assert.rejects(CaStore.open(nodeStoreFs(root), 'ca'), /is damaged/);
    assert.ok(!fs.existsSync(path.join(root, 'ca', LOCK_FILE)), 'the lock is released');
  });
});
