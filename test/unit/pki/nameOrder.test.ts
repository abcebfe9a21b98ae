/**
 * Names ranked once and kept between groupings (core/pki/nameOrder) order exactly as the collator
 * does, names it calls equal sharing a rank, whatever batches they come in, when two groupings
 * rank names at once (their steps interleaved), and past the bound where the order starts afresh.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NameOrder } from '../../../server/src/core/pki/nameOrder';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
// Digits (numeric order, leading zeros), case and accents (equal at base strength), punctuation and spaces.
const name = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'é', 'e', '0', '1', '2', '9', '-', '.', ' ', '_'), maxLength: 6 });

// Some batches longer than a step of finding the names not ranked yet (2,048), so that step yields too.
const batch = fc.oneof({ weight: 4, arbitrary: fc.array(name, { maxLength: 600, size: 'max' }) }, { weight: 1, arbitrary: fc.array(name, { minLength: 2049, maxLength: 5000, size: 'max' }) });

function run<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** The ranks order `names` as the collator does: along the collator's order, each rank rises exactly where the name differs. */
function agrees(ranks: ReadonlyMap<string, number>, names: readonly string[]): void {
  const sorted = [...new Set(names)].sort((a, b) => collator.compare(a, b));
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1]!, sorted[k]!];
    assert.equal(Math.sign(ranks.get(b)! - ranks.get(a)!), Math.sign(collator.compare(b, a)), `${JSON.stringify(a)} then ${JSON.stringify(b)}`);
  }
}

describe('names ranked in the collator order between groupings', () => {
  it('ranks as the collator compares, batch after batch, with two groupings ranking at once', () => {
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }), fc.integer({ min: 5, max: 3000 }), (batches, turns, max) => {
        let comparisons = 0;
        const order = new NameOrder((a, b) => (comparisons++, collator.compare(a, b)), max);
        for (let b = 0; b < batches.length; b += 2) {
          // Two groupings at once: their steps taken in a random interleaving.
          const runs = [batches[b]!, batches[b + 1] ?? []].map((names) => ({ names, steps: order.rank(names), result: undefined as ReadonlyMap<string, number> | undefined }));
          for (let t = 0; runs.some((r) => !r.result); t++) {
            const pick = runs[turns[t % turns.length] ? 0 : 1]!;
            const r = pick.result ? runs.find((x) => !x.result)! : pick;
            const step = r.steps.next();
            if (step.done) r.result = step.value;
          }
          for (const r of runs) agrees(r.result!, r.names);
        }
        // Everything ranked so far, and again in one batch: still the collator's order, and (within the bound) known without a comparison.
        const all = batches.flat();
        comparisons = 0;
        agrees(run(order.rank(all)), all);
        if (new Set(all).size <= max) assert.equal(comparisons, 0, 'names ranked before are kept, also those of groupings that ranked at once');
      }),
      { numRuns: 60 },
    );
  });
});
