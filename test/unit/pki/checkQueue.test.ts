/**
 * CheckQueue: the signature checks a stepped grouping asks for start at once (asynchronous ones,
 * at most `limit` in flight), each key once; synchronous ones run only in drain(), between ticks;
 * stop() starts no more; drain() returns when every started check has recorded its verdict;
 * allGood tells whether the pass's assumption (every check good) held.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CheckQueue } from '../../../server/src/core/pki/checkQueue';

/** Asynchronous checks settled by hand, in any order the test picks. */
function pending(): { run: (ok: boolean) => () => Promise<boolean>; inFlight: () => number; settleOne: (pick: number) => boolean; max: () => number } {
  const open: Array<() => void> = [];
  let max = 0;
  return {
    run: (ok) => () =>
      new Promise<boolean>((resolve, reject) => {
        open.push(() => (ok ? resolve(true) : reject(new Error('bad key'))));
        max = Math.max(max, open.length);
      }),
    inFlight: () => open.length,
    settleOne: (pick) => {
      if (!open.length) return false;
      open.splice(pick % open.length, 1)[0]!();
      return true;
    },
    max: () => max,
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CheckQueue', () => {
  it('starts asynchronous checks when asked, never more than the limit at once, and records each key once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 200 }), async (limit, asks, picks) => {
        const recorded = new Map<string, boolean[]>();
        const q = new CheckQueue((k, ok) => recorded.set(k, [...(recorded.get(k) ?? []), ok]), limit, true);
        const p = pending();
        const expected = new Map<string, boolean>();
        for (const [n, ok] of asks) {
          const key = `k${n}`;
          if (!expected.has(key)) expected.set(key, ok);
          assert.equal(q.ask(key, () => assert.fail('the synchronous check of an asynchronous one ran'), p.run(ok)), true, 'counted as good until its verdict');
          // Started at once, up to the limit: the pool works while the grouping goes on.
          assert.equal(p.inFlight(), Math.min(limit, expected.size - recorded.size));
        }
        assert.equal(q.size, expected.size);
        let settled = false;
        const drained = q.drain(flush).then(() => (settled = true));
        for (const pick of picks) {
          if (!p.settleOne(pick)) break;
          await flush();
        }
        while (p.settleOne(0)) await flush();
        await drained;
        assert.ok(settled);
        assert.ok(p.max() <= limit, `${p.max()} in flight with a limit of ${limit}`);
        assert.deepEqual(new Map([...recorded].map(([k, v]) => [k, v])), new Map([...expected].map(([k, ok]) => [k, [ok]])));
        assert.equal(q.allGood, [...expected.values()].every(Boolean));
      }),
      { numRuns: 60 },
    );
  });

  it('runs synchronous checks only in drain(), one per tick', async () => {
    const recorded: string[] = [];
    const q = new CheckQueue((k, ok) => recorded.push(`${k}=${ok}`), 4, false);
    let ran = 0;
    assert.equal(q.ask('a', () => (ran++, true)), false, 'counted as failed until its verdict');
    q.ask('b', () => (ran++, false));
    q.ask('a', () => assert.fail('asked twice, ran twice'));
    assert.equal(ran, 0, 'a synchronous check ran inside the grouping step that asked for it');
    let ticks = 0;
    await q.drain(async () => {
      ticks++;
    });
    assert.deepEqual(recorded, ['a=true', 'b=false']);
    assert.equal(ticks, 2);
    assert.equal(q.allGood, false);
  });

  it('after stop(), starts nothing more but still records what is in flight', async () => {
    const recorded: string[] = [];
    const q = new CheckQueue((k) => recorded.push(k), 2, true);
    const p = pending();
    for (const k of ['a', 'b', 'c', 'd']) q.ask(k, () => true, p.run(true));
    let syncRan = false;
    q.ask('s', () => (syncRan = true));
    q.stop();
    const drained = q.drain(flush);
    while (p.settleOne(0)) await flush();
    await drained;
    assert.deepEqual(recorded.sort(), ['a', 'b']);
    assert.equal(syncRan, false);
    assert.equal(q.allGood, false, 'checks left undone are not good');
  });

  it('starts every one of 50,000 queued checks as earlier ones settle', async () => {
    let starts = 0;
    const q = new CheckQueue(() => undefined, 64, true);
    for (let i = 0; i < 50_000; i++) q.ask(`k${i}`, () => true, () => (starts++, Promise.resolve(true)));
    await q.drain(flush);
    assert.equal(starts, 50_000);
  });
});
