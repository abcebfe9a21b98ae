/**
 * The built language server over stdio, as an editor sees it (`npm run bench lsp`; needs
 * `npm run build`), each figure with its baseline in the same run:
 *
 * - spawn → initialize result, paired with spawning `node -e 0` (goal ≤ 1.5×), in wall time
 *   and in CPU time (steadier on a shared machine);
 * - didOpen of a small openssl.cnf → its first publishDiagnostics (goal < 50 ms), in a
 *   fresh server (cold) and in a warm one;
 * - every request kind (hover, completion, definition, references, document symbols, code
 *   actions) on a 100,000-line openssl.cnf: p50/p99 over positions spread through the
 *   file, and over a sequence of one-character edits (in values, keys and section names)
 *   each followed by every kind, some while the server re-validates (goal: p99 < 20 ms);
 *   with the floors measured in the same run: each answer's size and the time of its JSON
 *   (stringify + parse, as server and client pay it), and a no-op request between the others
 *   (transport, queueing behind re-validation, garbage-collection pauses); and the outline
 *   after an edit asked once the server is idle (built ahead in its idle time), paired with
 *   the outline asked right after an edit;
 * - a one-character edit in a 1,000-line file → its new diagnostics, less the server's
 *   change debounce (goal < 5 ms);
 * - the first hover of a fresh server in Chinese (locale zh-cn: it loads the translated
 *   openssl.cnf docs) paired with the same hover in English, and a warm hover in each;
 * - resident memory after opening 1,000 small PEM files, against vscode-json-language-server
 *   after opening 1,000 JSON files of the same size (goal ≤ 1.2×), and both idle.
 *
 * Prints each figure, then a Markdown table; writes bench/results/lsp.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from './cnf.bench';
import { fmt, median, summarize } from './stats';
import { ensurePemWorkspace, pemWorkspaceDir } from './pemWorkspace';
import { markdownTable, machineLine, type Row } from './table';
import { serverPath, startClient } from '../test/protocol/lspClient';
import type * as lsp from 'vscode-languageserver-protocol';

/** BENCH_SERVER points at another build's server.js (e.g. main's) to compare before and after. */
const server = process.env.BENCH_SERVER ? path.resolve(process.env.BENCH_SERVER) : undefined;
if (!fs.existsSync(server ?? serverPath)) throw new Error('run `npm run build` first: dist/server/server.js is missing');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-bench-lsp-'));
const scale = Number(process.env.BENCH_PAIRS ?? 1);
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (id: string): boolean => !only || only.includes(id);
const rows: Row[] = [];
const results: Record<string, unknown> = { machine: machineLine(), node: process.version };
/** The server's debounce after a change (languageServer.ts changeDebounceMs). */
const changeDebounceMs = 150;

function kb(bytes: number): string {
  return bytes < 10_000 ? `${bytes.toFixed(0)} B` : `${(bytes / 1000).toFixed(0)} kB`;
}

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/**
 * CPU time the server's main thread (where every request runs) has used, in ms, from Linux's
 * /proc/<pid>/schedstat; NaN elsewhere. A request's wall time on a loaded machine is mostly
 * waiting for a core; its server CPU time is what it costs.
 */
function serverCpuMs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await work();
  return [performance.now() - t, r];
}

const smallCnf = `${generate(34)}\n[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = bench\nO = $base\nbad line without equals\n`;

/** `node -e 0` that prints its own CPU time (µs) as it exits. */
const nodeZeroReportingCpu = "process.on('exit', () => { const u = process.cpuUsage(); process.stdout.write(String(u.user + u.system)); })";

/** CPU time (ms) a process has used so far, all threads (Linux /proc; undefined elsewhere). */
function cpuMs(pid: number): number | undefined {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

async function startup(): Promise<void> {
  const pairs = Math.max(5, Math.round(11 * scale));
  // Alternated: spawn `node -e 0`, then a server (initialize, open a small file, its diagnostics).
  const initMs: number[] = [];
  const node0: number[] = [];
  const ratios: number[] = [];
  const firstDiag: number[] = [];
  const spawnToDiag: number[] = [];
  // CPU time, steadier than wall time on a shared machine: the server's to its initialize
  // result and for its first diagnostics, `node -e 0`'s whole run.
  const cpuInit: number[] = [];
  const cpuNode0: number[] = [];
  const cpuFirstDiag: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const t0 = performance.now();
    const n = spawnSync(process.execPath, ['-e', nodeZeroReportingCpu], { encoding: 'utf8' });
    const n0 = performance.now() - t0;
    const started = performance.now();
    const c = await startClient({ rootPath: tmp, executable: server });
    const initCpu = cpuMs(c.process.pid!);
    initMs.push(c.initializeMs);
    node0.push(n0);
    ratios.push(c.initializeMs / n0);
    const file = path.join(tmp, `small-${i}.cnf`);
    const opened = performance.now();
    const uri = c.open(file, 'openssl-conf', smallCnf);
    const diags = await c.diagnostics(uri);
    firstDiag.push(performance.now() - opened);
    const diagCpu = cpuMs(c.process.pid!);
    if (initCpu !== undefined && diagCpu !== undefined) {
      cpuInit.push(initCpu);
      cpuNode0.push(Number(n.stdout) / 1000);
      cpuFirstDiag.push(diagCpu - initCpu);
    }
    spawnToDiag.push(performance.now() - started);
    if (!diags.length) throw new Error('the small file has an error: no diagnostics published');
    await c.shutdown();
  }
  const a = summarize(initMs);
  const b = summarize(node0);
  const r = summarize(ratios);
  console.log(`spawn → initialize result: ${fmt(a)}; spawnSync \`node -e 0\`: ${fmt(b)}; paired ratio ${fmt(r, '×')} (goal ≤ 1.5×)`);
  rows.push({ work: 'language server: spawn → initialize result', certwright: a, baseline: '`node -e 0`', baselineTime: b, ratio: r, goal: 1.5 });
  const fd = summarize(firstDiag);
  console.log(`didOpen of a small openssl.cnf → first diagnostics, fresh server: ${fmt(fd)} (goal < 50 ms); spawn → those diagnostics ${fmt(summarize(spawnToDiag))}`);
  rows.push({ work: 'didOpen of a small openssl.cnf → first diagnostics (fresh server)', certwright: fd, baseline: '', absoluteGoal: 50 });
  rows.push({ work: 'spawn → first diagnostics of a small openssl.cnf', certwright: summarize(spawnToDiag), baseline: '`node -e 0`', baselineTime: b, ratio: median(spawnToDiag) / b.median });
  results.initialize = { initMs: a, node0: b, ratio: r, firstDiagnostics: fd, spawnToDiagnostics: summarize(spawnToDiag) };
  if (cpuInit.length) {
    const ci = summarize(cpuInit);
    const cn = summarize(cpuNode0);
    const cr = summarize(cpuInit.map((v, k) => v / cpuNode0[k]!));
    const cd = summarize(cpuFirstDiag);
    console.log(`CPU time: server to its initialize result ${fmt(ci)}; \`node -e 0\` ${fmt(cn)}; paired ratio ${fmt(cr, '×')}; first diagnostics of a small openssl.cnf (fresh server) ${fmt(cd)}`);
    rows.push({ work: 'language server: CPU time to its initialize result', certwright: ci, baseline: '`node -e 0`, CPU time', baselineTime: cn, ratio: cr, goal: 1.5 });
    rows.push({ work: 'CPU time for the first diagnostics of a small openssl.cnf (fresh server)', certwright: cd, baseline: '' });
    results.initializeCpu = { server: ci, node0: cn, ratio: cr, firstDiagnostics: cd };
  }

  // Warm server: every further small file opened.
  const c = await startClient({ rootPath: tmp, executable: server });
  const warm: number[] = [];
  for (let i = 0; i < Math.max(10, 30 * scale); i++) {
    const t = performance.now();
    const uri = c.open(path.join(tmp, `warm-${i}.cnf`), 'openssl-conf', smallCnf);
    await c.diagnostics(uri);
    warm.push(performance.now() - t);
  }
  await c.shutdown();
  const w = summarize(warm.slice(1));
  console.log(`didOpen → first diagnostics, warm server: ${fmt(w)}`);
  rows.push({ work: 'didOpen of a small openssl.cnf → first diagnostics (warm server)', certwright: w, baseline: '', absoluteGoal: 50 });
  results.firstDiagnosticsWarm = w;
}

/** Positions spread over the file: on keys, values, section names and references. */
function positions(text: string, count: number): Array<{ line: number; character: number }> {
  const lines = text.split('\n');
  const out: Array<{ line: number; character: number }> = [];
  for (let i = 0; out.length < count && i < count * 50; i++) {
    const line = Math.floor(((i * 7919) % lines.length));
    const l = lines[line]!;
    if (!l.trim() || l.startsWith('#')) continue;
    const dollar = l.indexOf('$');
    out.push({ line, character: dollar >= 0 && i % 2 ? dollar + 2 : Math.min(2, l.length) });
  }
  return out;
}

/**
 * One-character edits as a user makes them in a 100,000-line file: in a value, in a key, in a
 * section name (the last two change what the file defines), spread through the file.
 */
function editsOf(text: string, count: number): Array<{ line: number; character: number; text: string; what: string }> {
  const lines = text.split('\n');
  const out: Array<{ line: number; character: number; text: string; what: string }> = [];
  for (let i = 0; out.length < count; i++) {
    const line = (3001 + i * 7919) % lines.length;
    const l = lines[line]!;
    const what = ['value', 'value', 'key', 'section'][out.length % 4]!;
    if (what === 'value' && l.startsWith('key_') && l.includes('value number')) out.push({ line, character: l.indexOf('value number') + 1, text: out.length % 2 ? 'A' : 'e', what });
    else if (what === 'key' && l.startsWith('key_')) out.push({ line, character: 1, text: out.length % 2 ? 'E' : 'e', what });
    else if (what === 'section' && l.startsWith('[ sect_')) out.push({ line, character: 3, text: out.length % 2 ? 'E' : 'e', what });
  }
  return out;
}

/** What VS Code's client (vscode-languageclient 11) declares for the requests measured here. */
const vscodeLikeCapabilities: lsp.ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
  },
};

async function editor(): Promise<void> {
  const text = generate(100_000);
  const file = path.join(tmp, 'big.cnf');
  fs.writeFileSync(file, text);
  const c = await startClient({ rootPath: tmp, executable: server, capabilities: vscodeLikeCapabilities });
  const uri = c.open(file, 'openssl-conf', text);
  const [firstMs] = await timed(() => c.diagnostics(uri, () => true, 120_000));
  console.log(`100,000-line openssl.cnf: didOpen → first diagnostics ${firstMs.toFixed(0)} ms`);
  const td = { uri };
  const kinds: Array<[string, (p: { line: number; character: number }) => [string, unknown]]> = [
    ['hover', (p) => ['textDocument/hover', { textDocument: td, position: p }]],
    ['completion', (p) => ['textDocument/completion', { textDocument: td, position: p }]],
    ['definition', (p) => ['textDocument/definition', { textDocument: td, position: p }]],
    ['references', (p) => ['textDocument/references', { textDocument: td, position: p, context: { includeDeclaration: true } }]],
    ['documentSymbol', () => ['textDocument/documentSymbol', { textDocument: td }]],
    ['codeAction', (p) => ['textDocument/codeAction', { textDocument: td, range: { start: p, end: p }, context: { diagnostics: [] } }]],
  ];
  const pos = positions(text, Math.max(20, Math.round(60 * scale)));
  const verdict = (x: number): string => (x < 20 ? 'MET' : 'NOT MET');
  /**
   * The floors under a request's wall time, measured in the same run: the answer's JSON (its
   * size; JSON.stringify as vscode-jsonrpc encodes it in the server plus JSON.parse as the client
   * decodes it, both timed here on the answer received), and a no-op request on the same
   * connection (a document the server does not have: transport, queueing behind the server's
   * other work such as re-validation, and its garbage-collection pauses).
   */
  const answerBytes = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  const jsonMs = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  const noop: number[] = [];
  const noopRequest = (): Promise<unknown> => c.request('textDocument/documentLink', { textDocument: { uri: 'file:///bench/not-open.cnf' } });
  const measure = async (kind: string, method: string, params: unknown): Promise<number> => {
    const [ms, answer] = await timed(() => c.request(method, params));
    const t = performance.now();
    const json = JSON.stringify({ jsonrpc: '2.0', id: 1, result: answer });
    JSON.parse(json);
    jsonMs.get(kind)!.push(performance.now() - t);
    answerBytes.get(kind)!.push(Buffer.byteLength(json));
    return ms;
  };
  // Steady: every kind at positions through the file, no edit pending.
  const steady = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  const pid = c.process.pid!;
  /** Per kind, the server's CPU time during each request after an edit (see serverCpuMs). */
  const cpuAfterEdit = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  const steadyCpu = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  /** The first request of each kind on the document (it builds what later ones reuse): counted in steady, and printed apart. */
  const firstOfKind: string[] = [];
  for (const [kind, make] of kinds) {
    for (const p of pos) {
      const [method, params] = make(p);
      const cpu0 = serverCpuMs(pid);
      const ms = await measure(kind, method, params);
      steadyCpu.get(kind)!.push(serverCpuMs(pid) - cpu0);
      steady.get(kind)!.push(ms);
      if (steady.get(kind)!.length === 1) firstOfKind.push(`${kind} ${ms.toFixed(1)} ms (server CPU ${steadyCpu.get(kind)![0]!.toFixed(1)} ms)`);
      noop.push((await timed(noopRequest))[0]);
    }
  }
  console.log(`  the first request of each kind after open (the first hover is the first request): ${firstOfKind.join(', ')}`);
  // A sequence of edits, each followed by one request of every kind (the kind asked first
  // rotates, so each kind is the first request after an edit as often as the others). The
  // pause before the next edit varies around the server's change debounce, so that some
  // requests arrive while the server re-validates an earlier version: an editor's
  // requests do not wait for the user to stop typing.
  const pauses = [0, 30, 80, changeDebounceMs + 10, changeDebounceMs + 40, 400];
  const edits = editsOf(text, Math.max(24, Math.round(60 * scale)));
  const afterEdit = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  const firstAfterEdit = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
  /** Per edit kind (value, key, section): wall and server CPU time of the first request after each edit, and of every request after it. */
  const byEdit = new Map<string, { first: number[]; firstCpu: number[]; all: number[]; allCpu: number[] }>();
  let version = 1;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i]!;
    c.change(uri, ++version, [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + 1 } }, text: e.text }]);
    for (let k = 0; k < kinds.length; k++) {
      const [kind, make] = kinds[(i + k) % kinds.length]!;
      const [method, params] = make(pos[(i * 7 + k) % pos.length]!);
      const cpu0 = serverCpuMs(pid);
      const ms = await measure(kind, method, params);
      cpuAfterEdit.get(kind)!.push(serverCpuMs(pid) - cpu0);
      afterEdit.get(kind)!.push(ms);
      if (k === 0) firstAfterEdit.get(kind)!.push(ms);
      let b = byEdit.get(e.what);
      if (!b) byEdit.set(e.what, (b = { first: [], firstCpu: [], all: [], allCpu: [] }));
      const cpu = cpuAfterEdit.get(kind)!.at(-1)!;
      b.all.push(ms);
      b.allCpu.push(cpu);
      if (k === 0) {
        b.first.push(ms);
        b.firstCpu.push(cpu);
      }
    }
    noop.push((await timed(noopRequest))[0]);
    await new Promise((r) => setTimeout(r, pauses[i % pauses.length]));
  }
  // Idle preparation (LanguageFeature.prepare): the outline asked after an edit once the server
  // has published the version's diagnostics and had idle time (as an editor's outline view asks,
  // after its own delay), paired with the outline asked right after an edit (the baseline).
  const outlineSymbols = (): Promise<unknown> => c.request('textDocument/documentSymbol', { textDocument: td });
  const idleOutline = { prepared: [] as number[], asked: [] as number[], preparedCpu: [] as number[], askedCpu: [] as number[] };
  for (let i = 0; i < Math.max(8, Math.round(16 * scale)); i++) {
    const e = edits[i % edits.length]!;
    const edit = (): void => c.change(uri, ++version, [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + 1 } }, text: i % 2 ? 'e' : 'A' }]);
    edit();
    let cpu0 = serverCpuMs(pid);
    idleOutline.asked.push((await timed(outlineSymbols))[0]);
    idleOutline.askedCpu.push(serverCpuMs(pid) - cpu0);
    edit();
    const v = version;
    await c.diagnostics(uri, (d) => d.version === v, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    cpu0 = serverCpuMs(pid);
    idleOutline.prepared.push((await timed(outlineSymbols))[0]);
    idleOutline.preparedCpu.push(serverCpuMs(pid) - cpu0);
  }
  await c.shutdown();
  {
    const p = summarize(idleOutline.prepared);
    const a = summarize(idleOutline.asked);
    const r = summarize(idleOutline.prepared.map((x, k) => x / idleOutline.asked[k]!));
    console.log(
      `  documentSymbol after an edit, asked once the server is idle (prepared ahead): p50 ${p.median.toFixed(1)} ms, p99 ${percentile(idleOutline.prepared, 99).toFixed(1)} ms, server CPU p50 ${median(idleOutline.preparedCpu).toFixed(1)} ms; asked right after the edit: p50 ${a.median.toFixed(1)} ms, p99 ${percentile(idleOutline.asked, 99).toFixed(1)} ms, server CPU p50 ${median(idleOutline.askedCpu).toFixed(1)} ms; paired ratio ${fmt(r, '×')}`,
    );
    rows.push({ work: '100,000-line openssl.cnf: documentSymbol after an edit, asked once the server is idle (prepared ahead)', certwright: p, baseline: 'the same asked right after the edit', baselineTime: a, ratio: r });
    results.idleOutline = { prepared: p, asked: a, ratio: r, preparedCpuP50: median(idleOutline.preparedCpu), askedCpuP50: median(idleOutline.askedCpu) };
  }
  const noopP99 = percentile(noop, 99);
  console.log(`  floor: a no-op request on the same connection (${noop.length}, between the others) p50 ${median(noop).toFixed(1)} ms, p99 ${noopP99.toFixed(1)} ms; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  rows.push({ work: '100,000-line openssl.cnf: a no-op request between the others (floor: transport, queueing, GC), p99', certwright: noopP99, baseline: '', absoluteGoal: 20 });
  results.noopRequest = { ...summarize(noop), p99: noopP99 };
  console.log(`  per request kind, ${pos.length} steady requests each; ${edits.length} one-character edits (values, keys, section names), each followed by every kind:`);
  for (const [kind] of kinds) {
    const st = steady.get(kind)!;
    const ae = afterEdit.get(kind)!;
    const fe = firstAfterEdit.get(kind)!;
    const s = { ...summarize(st), p99: percentile(st, 99) };
    const a = { ...summarize(ae), p99: percentile(ae, 99) };
    const f = { ...summarize(fe), p99: percentile(fe, 99) };
    const sc = steadyCpu.get(kind)!;
    const ac = cpuAfterEdit.get(kind)!;
    console.log(
      `  ${kind.padEnd(15)} steady p50 ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${verdict(s.p99)}); after an edit p50 ${a.median.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms (${verdict(a.p99)}); first after an edit p50 ${f.median.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms (${verdict(f.p99)}) — goal p99 < 20 ms`,
    );
    if (!Number.isNaN(sc[0]))
      {console.log(`  ${''.padEnd(15)} server CPU per request: steady p50 ${median(sc).toFixed(1)} ms, p99 ${percentile(sc, 99).toFixed(1)} ms (${verdict(percentile(sc, 99))}); after an edit p50 ${median(ac).toFixed(1)} ms, p99 ${percentile(ac, 99).toFixed(1)} ms (${verdict(percentile(ac, 99))})`);
      rows.push({ work: `100,000-line openssl.cnf: ${kind} after an edit, server CPU p99`, certwright: percentile(ac, 99), baseline: '', absoluteGoal: 20 });}
    rows.push({ work: `100,000-line openssl.cnf: ${kind}, p99`, certwright: s.p99, baseline: '', absoluteGoal: 20 });
    rows.push({ work: `100,000-line openssl.cnf: ${kind} after an edit, p99`, certwright: a.p99, baseline: '', absoluteGoal: 20 });
    rows.push({ work: `100,000-line openssl.cnf: ${kind} first after an edit, p99`, certwright: f.p99, baseline: '', absoluteGoal: 20 });
    const bytes = answerBytes.get(kind)!;
    const jm = jsonMs.get(kind)!;
    console.log(
      `  ${''.padEnd(15)} answer ${kb(median(bytes))} p50, ${kb(Math.max(...bytes))} max; its JSON (stringify + parse here) p50 ${median(jm).toFixed(1)} ms, p99 ${percentile(jm, 99).toFixed(1)} ms — ${verdict(Math.max(s.p99, a.p99, f.p99))} overall (worst p99 ${Math.max(s.p99, a.p99, f.p99).toFixed(1)} ms)`,
    );
    rows.push({ work: `100,000-line openssl.cnf: ${kind}, JSON of the answer (floor, ${kb(Math.max(...bytes))} max), p99`, certwright: percentile(jm, 99), baseline: '', absoluteGoal: 20 });
    results[`request-${kind}`] = {
      steady: s,
      afterEdit: a,
      firstAfterEdit: f,
      serverCpu: { steadyP50: median(sc), steadyP99: percentile(sc, 99), afterEditP50: median(ac), afterEditP99: percentile(ac, 99) },
      answerBytes: { p50: median(bytes), max: Math.max(...bytes) },
      jsonMs: { p50: median(jm), p99: percentile(jm, 99) },
    };
  }
  // Per edit kind: a header edit changes what the file defines, a value edit only a value.
  for (const [what, b] of byEdit) {
    const name = what === 'section' ? 'a section header' : `a ${what}`;
    const f = percentile(b.first, 99);
    const fc = percentile(b.firstCpu, 99);
    console.log(
      `  after ${b.first.length} edits of ${name}: first request p50 ${median(b.first).toFixed(1)} ms, p99 ${f.toFixed(1)} ms (${verdict(f)}), server CPU p50 ${median(b.firstCpu).toFixed(1)} ms, p99 ${fc.toFixed(1)} ms (${verdict(fc)}); every request p50 ${median(b.all).toFixed(1)} ms, p99 ${percentile(b.all, 99).toFixed(1)} ms, server CPU p99 ${percentile(b.allCpu, 99).toFixed(1)} ms — goal p99 < 20 ms`,
    );
    rows.push({ work: `100,000-line openssl.cnf: first request after editing ${name}, p99`, certwright: f, baseline: '', absoluteGoal: 20 });
    rows.push({ work: `100,000-line openssl.cnf: server CPU of the first request after editing ${name}, p99`, certwright: fc, baseline: '', absoluteGoal: 20 });
    results[`after-${what}-edit`] = { first: { ...summarize(b.first), p99: f }, firstCpu: { ...summarize(b.firstCpu), p99: fc }, all: { ...summarize(b.all), p99: percentile(b.all, 99) }, allCpuP99: percentile(b.allCpu, 99) };
  }
}

async function revalidation(): Promise<void> {
  const text = generate(1_000);
  const file = path.join(tmp, 'edit.cnf');
  const c = await startClient({ rootPath: tmp, executable: server });
  const uri = c.open(file, 'openssl-conf', text);
  await c.diagnostics(uri);
  const lines = text.split('\n');
  const times: number[] = [];
  let version = 1;
  for (let i = 0; i < Math.max(10, Math.round(30 * scale)); i++) {
    const line = 100 + ((i * 37) % 800);
    const at = lines[line]!.length;
    const v = ++version;
    const t = performance.now();
    c.change(uri, v, [{ range: { start: { line, character: at }, end: { line, character: at } }, text: i % 2 ? ' ' : 'x' }]);
    await c.diagnostics(uri, () => true);
    times.push(performance.now() - t - changeDebounceMs);
  }
  await c.shutdown();
  const s = summarize(times);
  console.log(`one-character edit in 1,000 lines → new diagnostics, less the ${changeDebounceMs} ms debounce: ${fmt(s)} (goal < 5 ms)`);
  rows.push({ work: 'one-character edit at 1,000 lines → diagnostics, less the debounce', certwright: s, baseline: '', absoluteGoal: 5 });
  results.revalidation1k = s;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** vscode-json-language-server (npm vscode-langservers-extracted): the baseline of the memory row. */
const jsonServer = path.resolve('node_modules/.bin/vscode-json-language-server');

/** A small JSON document of about the size of the PEM file: what the JSON server gets 1,000 of. */
function smallJson(i: number, size: number): string {
  const entries: string[] = [];
  for (let k = 0; JSON.stringify(entries).length < size - 40; k++) entries.push(`"key${k}": "value ${i}-${k} of a small settings file"`);
  return `{\n  "name": "file ${i}",\n  ${entries.join(',\n  ')}\n}\n`;
}

/** Opens `count` documents in a fresh server, waits for the diagnostics of every one, then reads its RSS. */
async function residentAfterOpening(executable: string | undefined, languageId: string, ext: string, text: (i: number) => string, count: number): Promise<{ idle: number; after: number }> {
  const c = await startClient({ rootPath: tmp, executable });
  await new Promise((r) => setTimeout(r, 500));
  const idle = rssMiB(c.process.pid!);
  const waits: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    const uri = c.open(path.join(tmp, languageId, `f${i}.${ext}`), languageId, text(i));
    waits.push(c.diagnostics(uri, () => true, 120_000));
  }
  await Promise.all(waits);
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssMiB(c.process.pid!);
  await c.shutdown();
  return { idle, after };
}

async function memory(): Promise<void> {
  const pem = fs.readFileSync(path.join(pemWorkspaceDir, 'root-1.pem'), 'utf8');
  const count = 1000;
  const cw = await residentAfterOpening(server, 'pem', 'pem', () => pem, count);
  const json = await residentAfterOpening(jsonServer, 'json', 'json', (i) => smallJson(i, pem.length), count);
  const perDoc = (m: { idle: number; after: number }): string => `${(((m.after - m.idle) * 1024) / count).toFixed(1)} KiB per document`;
  console.log(`resident memory after opening ${count.toLocaleString('en')} small files: Certwright (PEM, ${pem.length} bytes each) idle ${cw.idle.toFixed(0)} MiB, after ${cw.after.toFixed(0)} MiB (${perDoc(cw)}); vscode-json-language-server (JSON, ${smallJson(0, pem.length).length} bytes each) idle ${json.idle.toFixed(0)} MiB, after ${json.after.toFixed(0)} MiB (${perDoc(json)}); ratio ${(cw.after / json.after).toFixed(2)}× (goal ≤ 1.2×: ${cw.after / json.after <= 1.2 ? 'met' : 'NOT met'})`);
  rows.push({ work: 'server RSS after opening 1,000 small files (PEM)', certwright: cw.after, baseline: 'vscode-json-language-server, 1,000 small JSON files', baselineTime: json.after, ratio: cw.after / json.after, unit: 'MiB', goal: 1.2 });
  rows.push({ work: 'server RSS idle, after initialize', certwright: cw.idle, baseline: 'vscode-json-language-server idle', baselineTime: json.idle, ratio: cw.idle / json.idle, unit: 'MiB' });
  results.memory = { certwright: cw, jsonServer: json, count };
}

/**
 * The translated openssl.cnf docs load on the first Chinese hover or completion, never at
 * start-up: the first hover of a fresh zh-cn server (chunk load + catalogue) against the same
 * hover of a fresh English server, alternated; then a warm hover in each (100 each).
 */
async function hoverL10n(): Promise<void> {
  const pairs = Math.max(5, Math.round(11 * scale));
  const text = `${smallCnf}[ v3 ]\nsubjectAltName = DNS:a, IP:10.0.0.1\nkeyUsage = critical, digitalSignature, keyEncipherment\n`;
  const lines = text.split('\n');
  const position = { line: lines.findIndex((l) => l.startsWith('keyUsage')), character: 2 };
  const first = { zh: [] as number[], en: [] as number[] };
  const warm = { zh: [] as number[], en: [] as number[] };
  const ratios: number[] = [];
  const hoverMs = async (locale: 'zh' | 'en', times: number[], again: number[] | undefined, i: number): Promise<number> => {
    const c = await startClient({ rootPath: tmp, executable: server, ...(locale === 'zh' ? { locale: 'zh-cn' } : {}) });
    const uri = c.open(path.join(tmp, `hover-${locale}-${i}.cnf`), 'openssl-conf', text);
    await c.diagnostics(uri);
    const t = performance.now();
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
    const ms = performance.now() - t;
    if (!h || (locale === 'zh') !== /[\u4e00-\u9fff]/.test(h.contents.value)) throw new Error(`hover in ${locale}: ${JSON.stringify(h)}`);
    times.push(ms);
    for (let k = 0; again && k < 100; k++) {
      const w = performance.now();
      await c.request('textDocument/hover', { textDocument: { uri }, position });
      again.push(performance.now() - w);
    }
    await c.shutdown();
    return ms;
  };
  for (let i = 0; i < pairs; i++) {
    const z = await hoverMs('zh', first.zh, i === 0 ? warm.zh : undefined, i);
    const e = await hoverMs('en', first.en, i === 0 ? warm.en : undefined, i);
    ratios.push(z / e);
  }
  const fz = summarize(first.zh);
  const fe = summarize(first.en);
  const r = summarize(ratios);
  const wz = summarize(warm.zh.slice(1));
  const we = summarize(warm.en.slice(1));
  console.log(`first hover of a fresh server on a keyUsage line, zh-cn: ${fmt(fz)}; English: ${fmt(fe)}; paired ratio ${fmt(r, '×')}; warm hover zh-cn ${fmt(wz)}, English ${fmt(we)}`);
  rows.push({ work: 'first openssl.cnf hover of a fresh server in Chinese (loads the docs)', certwright: fz, baseline: 'the same in English', baselineTime: fe, ratio: r });
  rows.push({ work: 'warm openssl.cnf hover in Chinese', certwright: wz, baseline: 'in English', baselineTime: we, ratio: wz.median / we.median });
  results.hoverL10n = { firstZh: fz, firstEn: fe, ratio: r, warmZh: wz, warmEn: we };
}

async function main(): Promise<void> {
  console.log(`lsp bench: ${machineLine()}, node ${process.version}`);
  if (wanted('startup')) await startup();
  if (wanted('revalidation')) await revalidation();
  if (wanted('hover-l10n')) await hoverL10n();
  if (wanted('memory')) {
    await ensurePemWorkspace();
    await memory();
  }
  if (wanted('editor')) await editor();
  console.log(`\n${markdownTable(rows)}`);
  results.rows = rows;
  results.loadAfter = os.loadavg();
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/lsp.json', `${JSON.stringify(results, null, 2)}\n`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }));
