/**
 * The order the Certificates view lists names in (a numeric, case-blind locale collator), kept as
 * ranks between groupings. A collator comparison costs about a microsecond, and sorting the 25,000
 * certificates of one CA again at every grouping (each partial tree of a scan, each file change)
 * costs 330,000 of them. A name is ranked once, when first seen: the new names are sorted among
 * themselves and merged into those ranked before, and names the collator calls equal share a rank.
 * Ordering by rank is then ordering by the collator, at the cost of comparing two numbers.
 */
import { sortInSteps } from './steps';

/** Comparisons between two yields (a collator comparison: about a microsecond). */
const comparisonsPerStep = 128;
/** Ranks written between two yields. */
const ranksPerStep = 2048;

export class NameOrder {
  /** Every ranked name in order, and for each whether it collates equal to the one before. */
  private sorted: readonly string[] = [];
  private same: readonly boolean[] = [];
  /** Replaced whole, never changed: a grouping that holds one sorts by it while a later one ranks more names. */
  private ranks: ReadonlyMap<string, number> = new Map();

  constructor(
    private readonly compare: (a: string, b: string) => number,
    /** Names kept at most: beyond that, the names of the grouping at hand are ranked afresh. */
    private readonly max = 300_000,
  ) {}

  /**
   * Ranks of `names` (and of every name ranked before), a bounded step at a time. Groupings that run
   * at once may call it interleaved: a merge made over an order that another call replaced meanwhile is made again.
   */
  *rank(names: readonly string[]): Generator<void, ReadonlyMap<string, number>, void> {
    for (;;) {
      const { sorted, same, ranks } = this;
      let fresh = yield* distinct(names, ranks);
      if (!fresh.length) return ranks;
      const reset = sorted.length + fresh.length > this.max;
      if (reset) fresh = yield* distinct(names, new Map());
      const old = reset ? [] : sorted;
      const oldSame = reset ? [] : same;
      yield* sortInSteps(fresh, this.compare);
      const merged: string[] = [];
      const mergedSame: boolean[] = [];
      let compared = 0;
      /** The index in `old` of the name merged last, or -1 when it came from `fresh`. */
      let lastOld = -1;
      const put = (name: string, fromOld: number): void => {
        // Neighbours in the old order keep what was found of them; every other pair is compared.
        let eq = false;
        if (merged.length) {
          if (fromOld > 0 && lastOld === fromOld - 1) eq = oldSame[fromOld]!;
          else {
            eq = this.compare(merged[merged.length - 1]!, name) === 0;
            compared++;
          }
        }
        merged.push(name);
        mergedSame.push(eq);
        lastOld = fromOld;
      };
      let i = 0;
      let j = 0;
      while (i < old.length || j < fresh.length) {
        if (j >= fresh.length) put(old[i]!, i++);
        else if (i >= old.length) put(fresh[j++]!, -1);
        else {
          // Old names first among equals: a stable merge.
          if (this.compare(old[i]!, fresh[j]!) <= 0) put(old[i]!, i++);
          else put(fresh[j++]!, -1);
          compared++;
        }
        if (compared >= comparisonsPerStep) {
          compared = 0;
          yield;
        }
      }
      const next = new Map<string, number>();
      let rank = 0;
      for (let k = 0; k < merged.length; k++) {
        if (k && !mergedSame[k]) rank++;
        next.set(merged[k]!, rank);
        if (k % ranksPerStep === ranksPerStep - 1) yield;
      }
      // Another call ranked names meanwhile: merge into its order instead of losing them.
      if (this.sorted !== sorted) continue;
      this.sorted = merged;
      this.same = mergedSame;
      this.ranks = next;
      return next;
    }
  }
}

/**
 * The names `ranks` lacks, each once, in the order first seen, a bounded step at a time
 * (the 50,000 names of a large workspace at once held the event loop for tens of milliseconds).
 */
function* distinct(names: readonly string[], ranks: ReadonlyMap<string, number>): Generator<void, string[], void> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (!ranks.has(n) && !seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
    if (i % ranksPerStep === ranksPerStep - 1) yield;
  }
  return out;
}
