/** Small statistics helpers shared by the benchmarks: medians and paired ratios. */

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds per call. */
export async function time(fn: () => unknown, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Runs A and B alternately and returns the median of the per-pair ratios A/B,
 * which is steadier on a noisy machine than dividing two medians.
 */
export async function pairedRatio(a: () => unknown, b: () => unknown, pairs: number): Promise<{ a: Summary; b: Summary; ratio: Summary }> {
  const timed = (f: () => unknown) => async (): Promise<number> => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  return pairedMeasured(timed(a), timed(b), pairs);
}

/**
 * pairedRatio for work that measures itself: each call returns its own milliseconds (e.g. a
 * child process's wall time, without the wrapper that measured it). One untimed call of each first.
 */
export async function pairedMeasured(a: () => number | Promise<number>, b: () => number | Promise<number>, pairs: number): Promise<{ a: Summary; b: Summary; ratio: Summary }> {
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  await a();
  await b();
  for (let i = 0; i < pairs; i++) {
    const x = await a();
    const y = await b();
    ta.push(x);
    tb.push(y);
    ratios.push(x / y);
  }
  return { a: summarize(ta), b: summarize(tb), ratio: summarize(ratios) };
}

export function fmt(s: Summary, unit = 'ms', digits = 2): string {
  return `${s.median.toFixed(digits)} ${unit} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
}
