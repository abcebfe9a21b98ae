/** The Markdown table the benchmarks of issue #16 print and the README quotes. */
import * as os from 'node:os';
import type { Summary } from './stats';

export interface Row {
  readonly work: string;
  /** A timed summary (ms), or one figure in `unit`. */
  readonly certwright: Summary | number;
  readonly baseline: string;
  readonly baselineTime?: Summary | number;
  /** Paired ratio certwright / baseline; absent where there is no baseline. */
  readonly ratio?: Summary | number;
  readonly goal?: number;
  /** Default 'ms'. */
  readonly unit?: string;
  /** Set where the goal is absolute ("under 20 ms") rather than a ratio. */
  readonly absoluteGoal?: number;
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
}

const value = (x: Summary | number | undefined, unit: string): string => {
  if (x === undefined) return '';
  const v = typeof x === 'number' ? x : x.median;
  if (unit === 'ms' && v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${unit}`;
};

export function markdownTable(rows: readonly Row[]): string {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `Measured ${date} on ${machineLine()}, Node ${process.version}; medians, ratios are medians of paired runs.`,
    '',
    '| work | Certwright | baseline in the same run | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const unit = r.unit ?? 'ms';
    const ratio = r.ratio === undefined ? '' : `${(typeof r.ratio === 'number' ? r.ratio : r.ratio.median).toFixed(2)}×`;
    const met = r.goal !== undefined && r.ratio !== undefined ? ((typeof r.ratio === 'number' ? r.ratio : r.ratio.median) <= r.goal ? ' met' : ' **not met**') : '';
    const absMet = r.absoluteGoal !== undefined ? ((typeof r.certwright === 'number' ? r.certwright : r.certwright.median) < r.absoluteGoal ? ' met' : ' **not met**') : '';
    const goal = r.goal !== undefined ? `≤ ${r.goal}×${met}` : r.absoluteGoal !== undefined ? `< ${r.absoluteGoal} ${unit}${absMet}` : '';
    const baseline = r.baselineTime === undefined ? r.baseline : `${r.baseline}: ${value(r.baselineTime, unit)}`;
    lines.push(`| ${r.work} | ${value(r.certwright, unit)} | ${baseline} | ${ratio} | ${goal} |`);
  }
  return lines.join('\n');
}
