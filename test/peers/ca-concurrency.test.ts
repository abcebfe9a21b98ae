/**
 * Concurrent `certwright` processes on one CA: every pair of issue / revoke / renew /
 * crl (as separate processes, started together), then a burst of them at once. Every
 * operation must succeed (the lock makes them wait) and every effect must be found
 * afterwards by the real tools: `openssl ca -status` knows each issued and renewed
 * serial, each revocation is in index.txt and in the published CRL, `openssl verify
 * -crl_check` rejects each revoked certificate, no CRL number is used twice. A process
 * that overruns is asked for a diagnostic report before it is killed (support/hangReport.ts).
 * Prints the counts (operations run, operations failed, entries lost).
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { assertCliBuilt } from './support/certwrightCli';
import { runReported } from './support/hangReport';
import { checkCaState } from './support/caState';
import { LOCK_FILE } from '../../server/src/core/issue/caStore';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-ca-concurrency-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dir = path.join(tmp, 'ca');

type Kind = 'issue' | 'revoke' | 'renew' | 'crl';
interface Op {
  readonly kind: Kind;
  readonly args: string[];
  /** The pre-issued certificate a revoke/renew works on. */
  readonly target?: { name: string; serial: string };
}
interface Outcome {
  readonly op: Op;
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

async function run(op: Op): Promise<Outcome> {
  // Longer than the CA lock's wait (120 s, caStore.ts): a process that waits for the lock that
  // long reports CaLockedError (who holds it); one that overruns for another reason leaves a
  // diagnostic report (its stack and libuv handles), summarised in the failure.
  const r = await runReported([...op.args, '--json'], 150_000);
  return { op, code: r.code, out: r.out, err: r.hang ? `${r.err}\nkilled after 150 s; where it was:\n  ${r.hang}` : r.err };
}

const pool: { name: string; serial: string }[] = [];
let issued = 0;
const take = (): { name: string; serial: string } => {
  const t = pool.shift();
  if (!t) throw new Error('pre-issued pool exhausted');
  return t;
};
function op(kind: Kind): Op {
  switch (kind) {
    case 'issue': {
      const n = `new${issued++}`;
      return { kind, args: ['issue', 'client', '--dir', dir, '--user', n, '--name', n, '--key', 'p256'] };
    }
    case 'revoke': {
      const t = take();
      return { kind, target: t, args: ['revoke', '--dir', dir, '--serial', t.serial, '--reason', 'keyCompromise'] };
    }
    case 'renew': {
      const t = take();
      return { kind, target: t, args: ['renew', '--dir', dir, '--cert', path.join(dir, `${t.name}.crt`)] };
    }
    case 'crl':
      return { kind, args: ['crl', '--dir', dir] };
  }
}

describe('concurrent CLI operations on one CA', () => {
  const kinds: Kind[] = ['issue', 'revoke', 'renew', 'crl'];
  const rounds = Number(process.env.CERTWRIGHT_CONCURRENCY_ROUNDS ?? 2);
  const burst = 10;

  before(async () => {
    assertCliBuilt();
    // The CA and the certificates for the revokes and renews (each operation gets its own
    // target), issued in this process: only the operations under test pay a process start.
    const cw = async (...args: string[]): Promise<string> => {
      let out = '';
      let err = '';
      const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), cwd: tmp });
      assert.equal(code, 0, err);
      return out;
    };
    await cw('ca', 'create', '--profile', 'generic', '--dir', dir, '--key', 'p256');
    const needed = rounds * 10 + burst;
    for (let i = 0; i < needed; i++) {
      const out = await cw('issue', 'client', '--dir', dir, '--user', `pre${i}`, '--name', `pre${i}`, '--key', 'p256', '--json');
      pool.push({ name: `pre${i}`, serial: (JSON.parse(out) as { issued: { serial: string } }).issued.serial });
    }
  });

  it('every pair of issue / revoke / renew / crl, then a burst: nothing lost, nothing duplicated', async () => {
    const outcomes: Outcome[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < kinds.length; i++) {
        for (let j = i; j < kinds.length; j++) outcomes.push(...(await Promise.all([run(op(kinds[i]!)), run(op(kinds[j]!))])));
      }
    }
    outcomes.push(...(await Promise.all(Array.from({ length: burst }, (_, i) => run(op(kinds[i % kinds.length]!))))));

    const failed = outcomes.filter((o) => o.code !== 0);
    const state = checkCaState(dir, 'generic', { verifyAll: true });
    const lost: string[] = [];
    const crlNumbers: number[] = [];
    for (const o of outcomes.filter((x) => x.code === 0)) {
      const res = JSON.parse(o.out) as { issued?: { serial: string }; written: Array<{ description: string }> };
      for (const w of res.written) {
        const m = /certificate revocation list #(\d+)/.exec(w.description);
        if (m) crlNumbers.push(Number(m[1]));
      }
      if (o.op.kind === 'issue' || o.op.kind === 'renew') {
        if (!state.valid.has(res.issued!.serial)) lost.push(`${o.op.kind} ${res.issued!.serial} missing from index.txt`);
      }
      if (o.op.kind === 'revoke' && !state.revoked.has(o.op.target!.serial)) lost.push(`revocation of ${o.op.target!.serial} undone`);
    }
    const duplicates = crlNumbers.filter((n, i) => crlNumbers.indexOf(n) !== i);
    console.log(
      `concurrency: ${outcomes.length} operations (${outcomes.length - burst} in ${(outcomes.length - burst) / 2} pairs, ${burst} in one burst), ` +
        `${failed.length} failed, ${lost.length} entries lost, ${duplicates.length} CRL numbers used twice, ${state.problems.length} state problems; ` +
        `database: ${state.valid.size} valid, ${state.revoked.size} revoked, CRL #${state.crlNumber}`,
    );
    assert.deepEqual(failed.map((f) => `${f.op.args.join(' ')} → ${f.code}: ${f.err}`), []);
    assert.deepEqual(lost, []);
    assert.deepEqual(duplicates, []);
    assert.deepEqual(state.problems, []);
    assert.equal(state.crlNumber, BigInt(Math.max(...crlNumbers)), 'the CRL on disk is the last one published');
  });

  describe('a process that waits for the lock', () => {
    // The lock as a live holder (this test process) leaves it.
    const lock = path.join(dir, 'ca-private', LOCK_FILE);
    const hold = (): void => fs.writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: os.hostname(), time: Date.now(), token: 'held-by-the-test' })}\n`);
    const note = new RegExp(`note: waiting for the CA in ca-private: it is locked by process ${process.pid} on ${os.hostname()} .*gives up after 120 s`);
    after(() => fs.rmSync(lock, { force: true }));

    it('says once on stderr who holds it, and goes on when it is released', async () => {
      hold();
      const r = await runReported(['crl', '--dir', dir], 150_000, { onErr: (err) => note.test(err) && fs.rmSync(lock, { force: true }) });
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err.match(/waiting for the CA/g)?.length, 1, r.err);
    });

    it('leaves a diagnostic report of where it waits when asked (as a test that overruns asks)', async () => {
      hold();
      const r = await runReported(['crl', '--dir', dir], 150_000, { onErr: (err, report) => note.test(err) && report() });
      fs.rmSync(lock, { force: true });
      assert.ok(r.hang, r.err);
      // Waiting for the lock: between two attempts (a timer armed) or in one (acquireLock on the stack).
      assert.match(r.hang, /acquireLock|active libuv handles: .*\btimer fires in/, r.hang);
    });
  });
});
