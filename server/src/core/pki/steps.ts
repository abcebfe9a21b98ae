/**
 * Work written as generators that yield between bounded steps (pkiIndexSteps), so that a host can
 * run it in time slices: running such work to its end at once, and a sort in steps (sorting the
 * 25,000 leaves of one CA with a locale collator takes too long for one slice).
 */

/** Runs stepped work to its end, without yielding. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Comparisons between two yields (a collator comparison: about a microsecond). */
const comparisonsPerStep = 128;

/** Sorts `a` in place as Array.prototype.sort does (a stable merge sort), yielding every `comparisonsPerStep` comparisons. */
export function* sortInSteps<T>(a: T[], compare: (x: T, y: T) => number): Generator<void, void, void> {
  if (a.length <= comparisonsPerStep) {
    a.sort(compare);
    return;
  }
  let src = a.slice();
  let dst = new Array<T>(a.length);
  let compared = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // The right run's element first only when strictly smaller: stable, as Array.prototype.sort.
        dst[k++] = compare(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
        if (++compared >= comparisonsPerStep) {
          compared = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  for (let i = 0; i < a.length; i++) a[i] = src[i]!;
}
