import type { Finding } from '../../types';
import type { LoadProblem } from '../expand';
import type { CnfModel, CommandLineUse, OpensslCommand } from '../model';
import { commandRules } from './commands';
import { extensionRules } from './extensions';
import { entryRules, libraryConfRule, problemRules, refRule, repeatedHeaderRules } from './load';
import { usageRules } from './usage';
import { reqDefaultsRules } from './reqDefaults';
import { caRequiredRules } from './caRequired';
import { tsaRules } from './tsa';
import { includeRules } from './includes';
import { oidRules } from './oids';
import { moduleRules } from './modules';
import { FindingSink, rankOf, setRank } from './util';
import { ReadLog, tracked } from './tracking';

/** How often the findings were made from scratch, updated after an edit, and (then) a pass kept (tests and benches read it). */
export const ruleRunCounts = { full: 0, updated: 0, structureKept: 0, problemsKept: 0 };

/** Runs every openssl.cnf rule over a model. */
export function runRules(model: CnfModel, commandLine: CommandLineUse = {}): Finding[] {
  return ruleRun(model, commandLine).findings;
}

/**
 * The rules run in passes, in this order (a finding's rank is its pass times 2^32 plus its
 * place in the pass; see util.ts rankOf): the load problems; the passes that read the model's
 * structure and the sections they look into (the other passes below, run as one: a later rule
 * reads what an earlier one found); one pass per entry (what its key says); one per reference.
 */
const PASS = 2 ** 32;
const P_PROBLEMS = 0;
const P_HEADERS = 1;
const P_ENTRIES = 2;
const P_REFS = 3;

/** A group of passes' findings (in the offsets of the text they were made for) and what they read. */
interface Pass {
  readonly findings: readonly Finding[];
  readonly log: ReadLog;
}

/** What a run leaves for the next one to update after an edit (updateRules). */
export interface RuleState {
  /** The text the findings' offsets refer to. */
  readonly text: string;
  /** The load problems they were made from. */
  readonly loadProblems: readonly LoadProblem[];
  readonly problems: Pass;
  readonly structure: Pass;
  /** Per entry (the rank tells which), per reference. */
  readonly entries: readonly Finding[];
  readonly refs: readonly Finding[];
}

export interface RuleRun {
  readonly findings: Finding[];
  /** Undefined after a run with a command line (its findings are not updated incrementally). */
  readonly state?: RuleState;
}

function problemPass(model: CnfModel): Pass {
  const log = new ReadLog();
  const sink = new FindingSink();
  sink.next = P_PROBLEMS * PASS;
  tracked(model, log, (m) => problemRules(m, sink));
  return { findings: sink.findings, log };
}

function structurePass(model: CnfModel, commandLine: CommandLineUse): Pass {
  const log = new ReadLog();
  const sink = new FindingSink();
  // A command that is known reads only its own settings: req never [ ca ], ca never [ req ], an extfile neither.
  const reads = (command: OpensslCommand): boolean => !commandLine.commands || commandLine.commands.includes(command);
  const none = (): void => {};
  const rules: Array<(m: CnfModel, s: FindingSink) => void> = [
    libraryConfRule,
    (m, s) => oidRules(m, s, commandLine),
    (m, s) => moduleRules(m, s, commandLine.loadedAs),
    (m, s) => extensionRules(m, s, commandLine),
    (m, s) => commandRules(m, s, commandLine),
    usageRules,
    reads('req') ? (m, s) => reqDefaultsRules(m, s, commandLine) : none,
    reads('ca') ? (m, s) => caRequiredRules(m, s, commandLine) : none,
    includeRules,
    reads('ts') ? (m, s) => tsaRules(m, s, commandLine) : none,
  ];
  tracked(model, log, (m) => {
    sink.next = P_HEADERS * PASS;
    repeatedHeaderRules(m, sink);
    rules.forEach((rule, i) => {
      sink.next = (P_REFS + 1 + i) * PASS;
      rule(m, sink);
    });
  });
  return { findings: sink.findings, log };
}

function entryPass(model: CnfModel, ids: readonly number[] | undefined, sink: FindingSink): void {
  const store = model.config.store;
  const n = ids ? ids.length : store.entryCount;
  for (let i = 0; i < n; i++) {
    const id = ids ? ids[i]! : i;
    sink.next = P_ENTRIES * PASS + id * 4;
    entryRules(store, sink, id);
  }
}

function refPass(model: CnfModel, k0: number, k1: number, sink: FindingSink): void {
  for (let k = k0; k < k1; k++) {
    sink.next = P_REFS * PASS + k;
    refRule(model, sink, k);
  }
}

/** Every rule over the model, with what the next run needs to update the findings after an edit. */
export function ruleRun(model: CnfModel, commandLine: CommandLineUse = {}): RuleRun {
  const config = model.config;
  const entries = new FindingSink();
  entryPass(model, undefined, entries);
  const refs = new FindingSink();
  refPass(model, 0, config.store.refCount, refs);
  const state: RuleState = { text: config.doc.text, loadProblems: config.problems, problems: problemPass(model), structure: structurePass(model, commandLine), entries: entries.findings, refs: refs.findings };
  const findings = finish(model, state);
  ruleRunCounts.full++;
  return Object.keys(commandLine).length ? { findings } : { findings, state };
}

/** The findings of a run, in the order of a full run (position, then rank), without those below a broken header. */
function finish(model: CnfModel, s: RuleState): Finding[] {
  const all = [...s.problems.findings, ...s.structure.findings, ...s.entries, ...s.refs];
  all.sort((a, b) => a.start - b.start || a.end - b.end || rankOf(a) - rankOf(b));
  return underBrokenHeaders(model, readAsOids(model.config.doc.text, all));
}

/**
 * openssl_conf / config_diagnostics in the oid_section (a stock openssl.cnf's FIPS block pasted
 * below [ new_oids ]) do not go unread: OpenSSL takes them for OIDs and fails (OID-001). That
 * error is the one cause on the line; CNF-070's "it has no effect" there is dropped.
 */
function readAsOids(text: string, findings: Finding[]): Finding[] {
  const oid = findings.filter((f) => f.code === 'OID-001');
  if (!oid.length) return findings;
  return findings.filter((f) => f.code !== 'CNF-070' || !oid.some((o) => o.start >= f.end && !/[\r\n]/.test(text.slice(f.end, o.start))));
}

/**
 * The findings after an edit that the store was patched for in place (config.reloaded: values
 * or one key of some entries, or a section header renamed), from the state of the run before
 * it; equal to ruleRun(model) (the property tests compare them). A pass is run again when
 * something it read changed: a section whose entries changed, the load problems (when any
 * changed), the text around the edit, and (the structure pass) the model unless it was patched
 * too (model.ts patchModel: the sections' roles and references stayed as they were);
 * otherwise its findings are kept, moved with the text. Entry findings are made again for the changed entries, those
 * that replace them, and (a key edited, a header renamed) every entry of the section; reference
 * findings for the changed rows' references. Undefined when a kept finding lies in the
 * changed text (then run every rule).
 */
export function updateRules(prev: RuleState, model: CnfModel, modelPatched: boolean): RuleRun | undefined {
  const config = model.config;
  const r = config.reloaded;
  if (!r || !r.inPlace) return undefined;
  const store = config.store;
  const { from, oldStop, delta } = r;
  const stop = oldStop + delta;
  const text = config.doc.text;
  if (prev.text.length + delta !== text.length) return undefined;
  // A section renamed, or entries moved between sections: every pass that reads sections runs again.
  const renamed = (r.renamed !== undefined && r.renamed.from !== r.renamed.to) || r.moved !== undefined;
  const edited = new Set<string>();
  for (let id = r.first; id < r.end; id++) edited.add(store.sectionName(store.sectionOf(id)));
  if (r.renamed) edited.add(r.renamed.from).add(r.renamed.to);
  if (r.moved) edited.add(r.moved.out).add(r.moved.into);
  const problemsChanged = changedProblems(prev.loadProblems, config.problems, from, oldStop, stop);
  const was = prev.text.slice(from, oldStop);
  const now = text.slice(from, stop);
  const dollar = was.includes('$') || now.includes('$');
  const at = dollar || was.includes('@') || now.includes('@');
  /** Whether a pass read something the edit changed (the structure pass reads the model too). */
  const stale = (log: ReadLog, readsModel: boolean): boolean =>
    renamed ||
    (readsModel && !modelPatched) ||
    log.all ||
    (log.problems && problemsChanged) ||
    (log.variables && dollar) ||
    (log.atValues && at) ||
    [...edited].some((n) => log.sections.has(n)) ||
    spansHit(log.spans, from, oldStop) ||
    log.probes.some((re) => probeHit(re, prev.text, from, oldStop) || probeHit(re, text, from, stop));

  const kept: Finding[] = [];
  /** Keeps f, moved with the text; false when it lies in the changed text. */
  const keep = (f: Finding, into: Finding[]): boolean => {
    const m = moved(f, from, oldStop, delta);
    if (!m) return false;
    into.push(m);
    return true;
  };
  const problems = stale(prev.problems.log, false) ? problemPass(model) : undefined;
  if (!problems) for (const f of prev.problems.findings) if (!keep(f, kept)) return undefined;
  const structure = stale(prev.structure.log, true) ? structurePass(model, {}) : undefined;
  if (!structure) for (const f of prev.structure.findings) if (!keep(f, kept)) return undefined;

  // Entries whose findings are made again.
  const units = new Set<number>();
  for (let id = r.first; id < r.end; id++) {
    units.add(id);
    const next = successor(store, id);
    if (next >= 0) units.add(next);
  }
  const whole = r.rekeyed !== undefined ? [store.sectionOf(r.rekeyed)] : r.moved ? [store.sectionIds.get(r.moved.out), store.sectionIds.get(r.moved.into)] : renamed ? [store.sectionIds.get(r.renamed!.to)] : [];
  for (const s of whole) if (s !== undefined) for (let id = store.firstInSection(s); id >= 0; id = store.nextInSection(id)) units.add(id);
  const entries = new FindingSink();
  for (const f of prev.entries) if (!units.has(entryOf(f)) && !keep(f, entries.findings)) return undefined;
  entryPass(model, [...units].sort((a, b) => a - b), entries);

  // References: those of the changed rows are made again (references are in file order).
  const refs = new FindingSink();
  for (const f of prev.refs) if ((f.start < from || f.start >= oldStop) && !keep(f, refs.findings)) return undefined;
  refPass(model, store.refIndexAt(from), store.refIndexAt(stop), refs);

  const state: RuleState = {
    text,
    loadProblems: config.problems,
    problems: problems ?? { findings: kept.filter((f) => rankOf(f) < P_HEADERS * PASS), log: prev.problems.log },
    structure: structure ?? { findings: kept.filter((f) => rankOf(f) >= P_HEADERS * PASS), log: prev.structure.log },
    entries: entries.findings,
    refs: refs.findings,
  };
  ruleRunCounts.updated++;
  if (!structure) ruleRunCounts.structureKept++;
  if (!problems) ruleRunCounts.problemsKept++;
  return { findings: finish(model, state), state };
}

/** The entry whose findings a rank of the entry pass belongs to. */
function entryOf(f: Finding): number {
  return Math.floor((rankOf(f) - P_ENTRIES * PASS) / 4);
}

/** The definition that replaced entry `id` (the next one of its key in its section), or -1. */
function successor(store: CnfModel['config']['store'], id: number): number {
  let x = store.lookup(store.sectionOf(id), store.keyOf(id));
  if (x === id) return -1;
  while (x >= 0 && store.replacedOf(x) !== id) x = store.replacedOf(x);
  return x;
}

/** f in the new text's offsets: unchanged before the edit, moved after it; undefined when it (or a fix's edit) touches the changed text. */
function moved(f: Finding, from: number, oldStop: number, delta: number): Finding | undefined {
  const at = where(f.start, f.end, from, oldStop);
  if (at === undefined) return undefined;
  let fixes = f.fixes;
  if (fixes) {
    let shift = false;
    for (const fix of fixes) {
      for (const e of fix.edits ?? []) {
        const w = where(e.start, e.end, from, oldStop);
        if (w === undefined) return undefined;
        shift ||= w;
      }
    }
    if (shift && delta) fixes = fixes.map((fix) => ({ ...fix, ...(fix.edits ? { edits: fix.edits.map((e) => (e.start >= oldStop ? { ...e, start: e.start + delta, end: e.end + delta } : e)) } : {}) }));
  }
  if (!at && fixes === f.fixes) return f;
  if (!delta && fixes === f.fixes) return f;
  const m: Finding = { ...f, ...(at ? { start: f.start + delta, end: f.end + delta } : {}), ...(fixes ? { fixes } : {}) };
  setRank(m, rankOf(f));
  return m;
}

/** false: [start, end) lies before the changed text [from, oldStop); true: after it; undefined: it touches it. */
function where(start: number, end: number, from: number, oldStop: number): boolean | undefined {
  if (start >= oldStop) return true;
  if (end < from || (end === from && start < end)) return false;
  return undefined;
}

/** Whether a load problem lies in or touches the changed text, before or after the edit (or their number differs otherwise). */
function changedProblems(before: readonly LoadProblem[], after: readonly LoadProblem[], from: number, oldStop: number, stop: number): boolean {
  let a = 0;
  for (const p of before) if (p.end >= from && p.start <= oldStop) a++;
  let b = 0;
  for (const p of after) if (p.end >= from && p.start <= stop) b++;
  return a > 0 || b > 0 || before.length !== after.length;
}

function spansHit(spans: readonly number[], from: number, oldStop: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (spans[i]! <= oldStop && spans[i + 1]! >= from) return true;
  return false;
}

/** Whether `re` matches text around [from, to) (a match that may start or end in the changed text). */
function probeHit(re: RegExp, text: string, from: number, to: number): boolean {
  return re.test(text.slice(Math.max(0, from - 64), Math.min(text.length, to + 64)));
}

/** Codes that judge a key by the section it is in: below a broken header that section is the wrong one. */
const placementCodes: ReadonlySet<string> = new Set(['X509-EXT-1', 'X509-SAN-2', 'REQ-006', 'REQ-021', 'REQ-017', 'CA-009', 'CA-012', 'CNF-031', 'CNF-070']);

/**
 * Drops the findings that judge keys below a broken section header (CNF-002) by
 * the section they landed in: the keys only look misplaced (in the section above)
 * because of the header. One typo, one diagnostic. Problems of the values
 * themselves stay.
 */
function underBrokenHeaders(model: CnfModel, findings: Finding[]): Finding[] {
  const text = model.config.doc.text;
  const ranges: Array<[number, number]> = [];
  const header = /^[ \t]*\[/gm;
  for (const p of model.config.problems) {
    if (!p.local || p.code !== 'CNF-002') continue;
    const from = text.indexOf('\n', p.start);
    if (from < 0) continue;
    header.lastIndex = from + 1;
    const next = header.exec(text);
    ranges.push([from + 1, next ? next.index : text.length]);
  }
  if (!ranges.length) return findings;
  ranges.sort((x, y) => x[0] - y[0]);
  /** Whether `at` lies in a range: binary search, the ranges do not overlap. */
  const below = (at: number): boolean => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = ranges[mid]!;
      if (at < a) hi = mid - 1;
      else if (at >= b) lo = mid + 1;
      else return true;
    }
    return false;
  };
  return findings.filter((f) => !placementCodes.has(f.code) || !below(f.start));
}
