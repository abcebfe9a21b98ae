/** First index in [lo, hi) whose key is >= x (keys ascending), or hi: a binary search over rows kept in order. */
export function lowerBound(lo: number, hi: number, x: number, key: (i: number) => number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
