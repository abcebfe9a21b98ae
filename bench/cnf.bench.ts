/**
 * openssl.cnf: parse + load + model + rules (analyzeCnf) on generated files of
 * 1k, 10k, 100k and 1M lines, in MB/s and as a paired ratio to a bare
 * line-splitting scan of the same text in the same process; re-validation
 * after a one-character edit in a 1k-line file; peak memory at 1M lines.
 * Goals: within 3x of the bare scan, edit under 5 ms, 1M lines under 1 s.
 */
import { analyzeCnf, clearCnfCache } from '../server/src/core/cnf';
import { fmt, pairedRatio, summarize, time } from './stats';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Deterministic synthetic openssl.cnf: ~70% assignments (a third with references), comments, blanks, headers, pragmas. */
export function generate(lines: number): string {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const out: string[] = ['HOME = .', 'base = example', 'dir = ./ca', '.pragma includedir:/etc/ssl'];
  let section = 0;
  let key = 0;
  while (out.length < lines) {
    const x = rnd();
    if (x < 0.06) {
      section++;
      key = 0;
      out.push(`[ sect_${section} ]`);
    } else if (x < 0.18) out.push(`# comment line ${out.length} about the settings below`);
    else if (x < 0.28) out.push('');
    else if (x < 0.3) out.push('.pragma dollarid:off');
    else {
      const k = `key_${key++}`;
      const y = rnd();
      if (y < 0.11) out.push(`${k} = $dir/file_${out.length}.pem`);
      else if (y < 0.22) out.push(`${k} = \${base}.${out.length}`);
      else if (y < 0.33) out.push(`${k}\t= $(default::base) "quoted # value" # trailing comment`);
      else out.push(`${k} = value number ${out.length}`);
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** The baseline: split into lines and classify each by its first character. */
function bareScan(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const t = line.trimStart();
    const c = t.charCodeAt(0);
    if (c === 35 || t.length === 0) continue;
    if (c === 91 || t.indexOf('=') > 0) n++;
  }
  return n;
}

function analyze(text: string): number {
  clearCnfCache();
  return analyzeCnf(text, { path: '/bench/openssl.cnf' }).findings.length;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const lines of [1_000, 10_000, 100_000, 1_000_000]) {
    const text = generate(lines);
    const mb = text.length / 1e6;
    const pairs = lines >= 1_000_000 ? 3 : lines >= 100_000 ? 7 : 31;
    const r = await pairedRatio(() => analyze(text), () => bareScan(text), pairs);
    const mbps = mb / (r.a.median / 1000);
    console.log(`${String(lines).padStart(9)} lines (${mb.toFixed(2)} MB): analyze ${fmt(r.a)} = ${mbps.toFixed(1)} MB/s; bare scan ${fmt(r.b)}; ratio analyze/scan ${fmt(r.ratio, 'x')}`);
    results[`lines_${lines}`] = { mb, analyzeMs: r.a, scanMs: r.b, ratio: r.ratio, mbPerSec: mbps };
  }
  // One-character edit in a 1k-line file: each run analyses a text it has not seen (two texts alternate).
  const base = generate(1_000);
  const at = base.indexOf('value number');
  const edited = [base.slice(0, at) + 'V' + base.slice(at + 1), base.slice(0, at) + 'W' + base.slice(at + 1)];
  let i = 0;
  const edit = summarize(await time(() => analyzeCnf(edited[i++ % 2]!, { path: '/bench/edit.cnf' }), 101, 5));
  console.log(`re-validation after a one-character edit (1k lines): ${fmt(edit)}`);
  results.edit1k = edit;
  // Peak memory at 1M lines.
  gc?.();
  const before = process.memoryUsage();
  const text = generate(1_000_000);
  clearCnfCache();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const a = analyzeCnf(text, { path: '/bench/mem.cnf' });
  const ms = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  const heap = process.memoryUsage().heapUsed;
  console.log(`1M lines: ${ms.toFixed(0)} ms; ${a.doc.statements.length} statements; RSS before ${(before.rss / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB; heap after ${(heap / 2 ** 20).toFixed(0)} MiB (sampled every 5 ms; analysis is synchronous, so the peak is the post-run RSS)`);
  results.mem1M = { ms, rssBeforeMiB: before.rss / 2 ** 20, peakRssMiB: peak / 2 ** 20, heapAfterMiB: heap / 2 ** 20 };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cnf.json', JSON.stringify(results, null, 2) + '\n');
}

if (process.argv[1]?.endsWith("cnf.bench.ts")) void main();
