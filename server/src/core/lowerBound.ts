/** First index in [lo, hi) whose key is >= x (keys ascending), or hi: a binary search over rows kept in order. */
export function lowerBound(lo: number, hi: number, x: number, key: (i: number) => number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last of `n` ascending integer keys (offsets, rows) that is <= x, or -1. */
export function lastAtOrBefore(n: number, key: (i: number) => number, x: number): number {
  return lowerBound(0, n, x + 1, key) - 1;
}
