/**
 * openssl.cnf: parse + load + model + rules (analyzeCnf) on generated files of
 * 1k, 10k, 100k and 1M lines, in MB/s and as a paired ratio to a bare
 * line-splitting scan of the same text in the same process; re-validation
 * after a one-character edit at 1k and 100k lines, incremental (the edit noted
 * as the editor reports it) paired with a full analysis; peak memory at 1M lines.
 * Goals: within 3x of the bare scan, edit under 5 ms, 1M lines under 1 s.
 * A "key scan" floor (the bare scan plus a Map of keys per section) is paired
 * with the bare scan too, to show what remembering keys costs by itself.
 */
import { analyzeCnf, clearCnfCache } from '../server/src/core/cnf';
import { noteEdits } from '../server/src/core/cnf/edits';
import { loadConfig } from '../server/src/core/cnf/expand';
import { buildModel } from '../server/src/core/cnf/model';
import { parseCnf } from '../server/src/core/cnf/parser';
import { runRules } from '../server/src/core/cnf/rules';
import { fmt, median, pairedRatio } from './stats';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

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

/**
 * A floor for comparison, not a parser: the bare scan plus what any checker must
 * keep, each key in a Map per section (duplicates, `$var` lookups). It shows how
 * much of the gap to the bare scan is the cost of remembering keys at all.
 */
function keyScan(text: string): number {
  const sections = new Map<string, Map<string, number>>();
  let current = new Map<string, number>();
  sections.set('default', current);
  let n = 0;
  for (const line of text.split('\n')) {
    const t = line.trimStart();
    const c = t.charCodeAt(0);
    if (c === 35 || t.length === 0) continue;
    if (c === 91) {
      const name = t.slice(1, t.indexOf(']')).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = t.indexOf('=');
    if (eq > 0) current.set(t.slice(0, eq).trimEnd(), n++);
  }
  return n;
}

function analyze(text: string): number {
  clearCnfCache();
  return analyzeCnf(text, { path: '/bench/openssl.cnf' }).findings.length;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { machine: `${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`, node: process.version };
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // Warm the JIT first: the first few dozen analyses run in unoptimised code (tens of ms for
  // 1k lines instead of <1 ms), which would otherwise dominate the 1k-line medians.
  const warm = generate(2_000);
  for (let i = 0; i < 60; i++) {
    analyze(warm);
    bareScan(warm);
  }
  for (const lines of [1_000, 10_000, 100_000, 1_000_000]) {
    const text = generate(lines);
    const mb = text.length / 1e6;
    const pairs = lines >= 1_000_000 ? 3 : lines >= 100_000 ? 7 : 31;
    const r = await pairedRatio(() => analyze(text), () => bareScan(text), pairs);
    const mbps = mb / (r.a.median / 1000);
    console.log(`${String(lines).padStart(9)} lines (${mb.toFixed(2)} MB): analyze ${fmt(r.a)} = ${mbps.toFixed(1)} MB/s; bare scan ${fmt(r.b)}; ratio analyze/scan ${fmt(r.ratio, 'x')}`);
    const floor = await pairedRatio(() => keyScan(text), () => bareScan(text), pairs);
    console.log(`${' '.repeat(9)}   floor: key scan (bare scan + a Map of keys per section) ${fmt(floor.a)}; ratio key scan/bare scan ${fmt(floor.ratio, 'x')}`);
    const st = stages(text, lines >= 1_000_000 ? 1 : lines >= 100_000 ? 3 : 9);
    console.log(`${' '.repeat(9)}   stages (median ms): parse ${st.parse.toFixed(2)}, load/expand ${st.load.toFixed(2)}, model ${st.model.toFixed(2)}, rules ${st.rules.toFixed(2)}`);
    results[`lines_${lines}`] = { mb, analyzeMs: r.a, scanMs: r.b, ratio: r.ratio, mbPerSec: mbps, stagesMs: st, keyScanMs: floor.a, keyScanRatio: floor.ratio };
  }
  // One-character edits: each run analyses a text it has not seen (two texts alternate). Incremental:
  // the edit is noted as the editor reports it (re-parse of its lines, load patched when only
  // a value changed); full: the same analysis with no edit noted, paired in the same run.
  for (const lines of [1_000, 100_000]) {
    const base = generate(lines);
    const at = base.indexOf('value number', Math.floor(base.length / 2));
    const texts = [base.slice(0, at) + 'V' + base.slice(at + 1), base.slice(0, at) + 'W' + base.slice(at + 1)];
    const path = `/bench/edit-${lines}.cnf`;
    let i = 0;
    analyzeCnf(texts[1]!, { path });
    const incremental = (): number => {
      const before = texts[i % 2 ? 0 : 1]!;
      const after = texts[i++ % 2]!;
      noteEdits(path, before, after, [{ start: at, end: at + 1, length: 1 }]);
      return analyzeCnf(after, { path }).findings.length;
    };
    // The same stages as analyzeCnf, outside its cache (which the incremental side uses).
    let j = 0;
    const full = (): number => runRules(buildModel(loadConfig(parseCnf(texts[j++ % 2]!), { path: '/bench/full.cnf' }))).length;
    const pairs = lines >= 100_000 ? 15 : 101;
    const r = await pairedRatio(incremental, full, pairs);
    // pairedRatio runs each once untimed first: the incremental chain must still continue from the last text.
    console.log(`one-character edit → findings, ${lines.toLocaleString('en')} lines: incremental ${fmt(r.a)}; full analysis ${fmt(r.b)}; ratio ${fmt(r.ratio, 'x')}`);
    results[`edit${lines}`] = { incremental: r.a, full: r.b, ratio: r.ratio };
    // A key renamed (one character, so the noted change covers the whole difference): the
    // store is patched when no reference names the old or the new key.
    const k = base.indexOf('key_', Math.floor(base.length / 2));
    const renamed = [base.slice(0, k) + 'A' + base.slice(k + 1), base.slice(0, k) + 'B' + base.slice(k + 1)];
    analyzeCnf(renamed[1]!, { path });
    let m = 0;
    const rename = (): number => {
      const before = renamed[m % 2 ? 0 : 1]!;
      const after = renamed[m++ % 2]!;
      noteEdits(path, before, after, [{ start: k, end: k + 1, length: 1 }]);
      return analyzeCnf(after, { path }).findings.length;
    };
    const rr = await pairedRatio(rename, full, pairs);
    console.log(`  a key renamed (store patched): ${fmt(rr.a)}; full analysis ${fmt(rr.b)}; ratio ${fmt(rr.ratio, 'x')}`);
    results[`rename${lines}`] = { incremental: rr.a, full: rr.b, ratio: rr.ratio };
  }
  // Peak memory at 1M lines, in a fresh child process (maxRSS is monotonic, so it must not inherit the runs above).
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--mem-child'], { encoding: 'utf8' });
  const mem = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { ms?: number; statements?: number; rssTextMiB?: number; peakRssMiB?: number; heapAfterMiB?: number };
  console.log(`1M lines in a fresh process: ${mem.ms?.toFixed(0)} ms; ${mem.statements} statements; max RSS with the text only ${mem.rssTextMiB?.toFixed(0)} MiB, peak RSS ${mem.peakRssMiB?.toFixed(0)} MiB; heap after ${mem.heapAfterMiB?.toFixed(0)} MiB`);
  results.mem1M = mem;
  results.loadAfter = os.loadavg();
  console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cnf.json', JSON.stringify(results, null, 2) + '\n');
}

/** Median time of each stage run on its own (parse, load/expand, model, rules). */
function stages(text: string, runs: number): { parse: number; load: number; model: number; rules: number } {
  const t: number[][] = [[], [], [], []];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const doc = parseCnf(text);
    const t1 = performance.now();
    const config = loadConfig(doc, { path: '/bench/openssl.cnf' });
    const t2 = performance.now();
    const model = buildModel(config);
    const t3 = performance.now();
    runRules(model);
    const t4 = performance.now();
    t[0]!.push(t1 - t0);
    t[1]!.push(t2 - t1);
    t[2]!.push(t3 - t2);
    t[3]!.push(t4 - t3);
  }
  return { parse: median(t[0]!), load: median(t[1]!), model: median(t[2]!), rules: median(t[3]!) };
}

/** Child process: one 1M-line analysis, peak RSS from the OS (process.resourceUsage().maxRSS). */
function memChild(): void {
  const text = generate(1_000_000);
  (globalThis as { gc?: () => void }).gc?.();
  const rssTextMiB = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const a = analyzeCnf(text, { path: '/bench/mem.cnf' });
  const ms = performance.now() - t0;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const heapAfterMiB = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(JSON.stringify({ ms, statements: a.doc.statementCount, rssTextMiB, peakRssMiB, heapAfterMiB }));
}

if (process.argv[1]?.endsWith('cnf.bench.ts')) {
  if (process.argv.includes('--mem-child')) memChild();
  else void main();
}
