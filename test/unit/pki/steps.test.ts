/** Stepped work (core/pki/steps): the sort in steps orders as Array.prototype.sort, stable, and yields on long arrays. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runSteps, sortInSteps } from '../../../server/src/core/pki/steps';

/** Runs the steps to their end; how many times they yielded. */
function drain(steps: Generator<void, void, void>): number {
  let n = 0;
  while (!steps.next().done) n++;
  return n;
}

describe('sortInSteps', () => {
  it('orders as Array.prototype.sort, keeping equal keys in their order', () => {
    // Keys with many ties, so that stability shows; lengths on both sides of the short-array path.
    const entries = fc.array(fc.record({ key: fc.integer({ min: 0, max: 20 }), at: fc.nat() }), { minLength: 100, maxLength: 700 });
    fc.assert(
      fc.property(entries, (list) => {
        const byKey = (x: { key: number }, y: { key: number }): number => x.key - y.key;
        const expected = [...list].sort(byKey);
        const sorted = [...list];
        drain(sortInSteps(sorted, byKey));
        assert.deepEqual(sorted, expected);
      }),
      { numRuns: 200 },
    );
  });

  it('yields on a long array, not on a short one', () => {
    const long = Array.from({ length: 25_000 }, (_, i) => (i * 7919) % 25_000);
    assert.ok(drain(sortInSteps(long, (a, b) => a - b)) > 100);
    assert.deepEqual(long, Array.from({ length: 25_000 }, (_, i) => i));
    assert.equal(drain(sortInSteps([3, 1, 2], (a, b) => a - b)), 0);
  });

  it('runSteps runs stepped work to its end and returns its value', () => {
    function* three(): Generator<void, number, void> {
      yield;
      yield;
      return 3;
    }
    assert.equal(runSteps(three()), 3);
  });
});
