/**
 * Loading an openssl.cnf the way NCONF_load does: statements in file order,
 * `.include` followed (OPENSSL_CONF_INCLUDE, then `.pragma includedir`, then the
 * working directory), `.pragma` state, and every value run through str_copy:
 * quotes, escapes and `$var` / `${var}` / `$(var)` / `$sect::var` expansion,
 * where a name is looked up in its section, then (for `ENV`) the environment,
 * then the `default` section — and only among names defined *earlier*.
 *
 * Pure: files come through `Environment.fs`, the environment through `getEnv`.
 *
 * Entries and references are stored compactly (configStore.ts): loading a
 * plain `key = value` line allocates nothing, and expanded values are built
 * as strings only when read.
 */

import type { Environment } from '../environment';
import type { Secret } from './secrets';
import { engineLookup, type EngineLookup } from './engineDirs';
import { ALNUM, charClass, DOLLAR, QUOTE } from './chars';
import * as S from './configStore';
import type { AssignmentNode, CnfDocument, IncludeNode, LogicalLine, NameToken, SectionHeaderNode, Span } from './nodes';
import { lineOffset } from './nodes';
import { parseCnf } from './parser';
import { ParsedCnf, type RowChange } from './syntaxDocument';
import * as R from './syntaxRows';
import { append } from '../append';
import { lowerBound } from '../lowerBound';
import { tr } from '../l10n';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-line loops.
const table: Uint8Array = charClass;
const alnumBit = ALNUM;
const dollarBit = DOLLAR;
const quoteBit = QUOTE;
const { STRIDE, KIND, START, END, A, B, D, E, SIDE, FLAG_PLAIN, KIND_ASSIGNMENT, KIND_SECTION, KIND_INCLUDE, KIND_PRAGMA, KIND_ERROR } = R;
const { RS, R_START, R_END, R_NAME_START, R_NAME_END, R_SECT_START, R_SECT_END, R_META, R_LOOKUP, R_TARGET, R_DOC, R_OWNER, F_FAILED, F_LOCAL, F_DOLLARID, F_PLAIN, F_SIDE, hashRange } = S;

function isVar(x: number, dollarid: boolean): boolean {
  return x < 128 && ((table[x]! & alnumBit) !== 0 || (dollarid && (table[x]! & dollarBit) !== 0));
}

/** Whether a raw value of the general path expands to itself (no `$`, escape or quote). */
function verbatim(raw: string): boolean {
  return !/[$\\"'`]/.test(raw);
}

/** OpenSSL's MAX_CONF_VALUE_LENGTH. */
export const maxValueLength = 65536;

/** A `$name` reference found while expanding a value. */
export interface VariableRef extends Span {
  readonly form: '$' | '${' | '$(';
  /** Explicit `sect::` part, with its range. */
  readonly section?: NameToken;
  readonly name: NameToken;
  /** Section the lookup started in (explicit section or the assignment's section). */
  readonly lookupSection: string;
  /** Where the value came from; undefined when the variable has no value. */
  readonly resolved?: { readonly kind: 'entry'; readonly entry: ConfEntry; readonly viaDefault: boolean } | { readonly kind: 'env'; readonly value: string };
  /** File the reference is written in. */
  readonly file: string;
}

/** One stored `name = value` (the latest definition of a key in a section). */
export interface ConfEntry {
  readonly section: string;
  readonly key: string;
  /** The value after quotes, escapes and expansion. */
  readonly value: string;
  readonly node: AssignmentNode;
  /** Path of the file it is written in. */
  readonly file: string;
  /** True when it is written in the top-level document. */
  readonly local: boolean;
  readonly refs: readonly VariableRef[];
  /** Expansion failed (the value is a best effort). */
  readonly failed: boolean;
  /** Position in load order. */
  readonly seq: number;
  /** An earlier definition of the same key in the same section that this one replaced (CNF-031). */
  readonly replaced?: ConfEntry;
}

export interface ConfSection {
  readonly name: string;
  /** Entries in OpenSSL's order (a redefined key moves to the end), latest definitions only. */
  readonly entries: readonly ConfEntry[];
  readonly byKey: ReadonlyMap<string, ConfEntry>;
  /** Bit i set: the section has a key watchedKeys[i] (configStore watchedMask). */
  readonly watched: number;
  /** How many headers in the top-level document open the section (without building them). */
  readonly localHeaderCount: number;
  /** `entries.length`, without building them. */
  readonly entryCount: number;
  /** How many keys may be extension or object names or OIDs (a cheap upper bound; 0: none is). */
  readonly candidateCount: number;
  /** The keys of `entries` that pass a cheap test on the key's hash (configStore hashRange) and first character. */
  keysWhere(mayMatch: (hash: number, first: number) => boolean): string[];
  /** Whether `test` holds for every entry's key; keys are built one at a time and only until one fails. */
  everyKey(test: (key: string) => boolean): boolean;
  /**
   * Start offset of the first of `entries` written in the top-level document; -1 when one
   * comes from an included file (it precedes everything written here); Infinity when none.
   * Read from the rows (no entry node is built).
   */
  readonly firstStart: number;
  /** Headers that open this section, in load order, with their files. */
  readonly headers: { readonly node: SectionHeaderNode; readonly file: string; readonly local: boolean }[];
}

export interface IncludeInfo {
  readonly node: IncludeNode;
  readonly file: string;
  readonly local: boolean;
  /** The path after expansion and prefixing. */
  readonly path?: string;
  /** Files actually read (one, or the `.cnf`/`.conf` files of a directory). */
  readonly files: readonly string[];
  readonly status: 'ok' | 'missing' | 'unreadable' | 'cycle' | 'relative-abspath' | 'nested-directory' | 'no-fs' | 'failed';
}

/** A problem found while loading, in the file it belongs to. */
export interface LoadProblem extends Span {
  readonly file: string;
  readonly local: boolean;
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  /** For problems in included files: the top-level `.include` line that led there. */
  readonly via?: IncludeNode;
}

export interface LoadedConfig {
  readonly path: string;
  readonly doc: CnfDocument;
  /** In the order OpenSSL creates them (configStore StoredSections: views made when asked for). */
  readonly sections: ReadonlyMap<string, ConfSection>;
  /** Every entry ever stored, in load order (replaced ones included). */
  readonly allEntries: readonly ConfEntry[];
  readonly refs: readonly VariableRef[];
  readonly includes: readonly IncludeInfo[];
  readonly problems: readonly LoadProblem[];
  /** Parsed documents by path (the top-level one included). */
  readonly files: ReadonlyMap<string, CnfDocument>;
  /** Absolute paths read through `.include` (for re-validation when they change). */
  readonly dependencies: readonly string[];
  /** Whether OpenSSL would fail to load this file (some problem is a load error). */
  readonly fatal: boolean;
  /** Whether some reference looked in the process environment (`$ENV::name`), so the result depends on it. */
  readonly usesEnv: boolean;
  /** The compact rows behind `sections`, `allEntries` and `refs`, for whole-file passes. */
  readonly store: S.ConfigStore;
  /** Expansions that must never be echoed (from the environment, from files outside the scope). */
  readonly secrets: readonly Secret[];
  /** Set by reloadConfig: what the patch changed, for a model patched in turn (model.ts patchModel). */
  readonly reloaded?: Reloaded;
  /** Whether a path exists on this machine (an engine's shared object), where the host has files. */
  readonly fileExists?: (path: string) => boolean;
  /** Where OpenSSL would look for an engine it has no dynamic_path for, and whether it is there (engineDirs.ts). */
  readonly engine?: (id: string) => EngineLookup | undefined;
}

/**
 * What reloadConfig changed: entries [first, end) got new values, in the text [from, oldStop)
 * of the old document; everything after moved by `delta`. `inPlace`: the previous store was
 * patched (its entry and section views are the new configuration's). `sectionRefs`: a changed
 * value has or had a `$section::name` reference.
 */
export interface Reloaded {
  readonly first: number;
  readonly end: number;
  readonly from: number;
  readonly oldStop: number;
  readonly delta: number;
  readonly inPlace: boolean;
  readonly sectionRefs: boolean;
  /** A header edited in place renamed the section it alone opens (or kept its name: then from = to). */
  readonly renamed?: { readonly from: string; readonly to: string };
  /** The entry whose key was edited (the definitions of the old and the new key in its section changed). */
  readonly rekeyed?: number;
  /** The old offset from which the text moved by `delta` (the end of the edited text; `oldStop` may lie further, past a moved block). */
  readonly textStop: number;
  /** A header inserted or deleted moved entries [first, end) (after the edited ones) from section `out` to section `into`. */
  readonly moved?: { readonly out: string; readonly into: string };
}

export interface LoadOptions {
  /** Path of the top-level file (pseudo-path for unsaved documents). */
  readonly path?: string;
  /** Files and environment. Without it, includes are not followed and ENV is empty. */
  readonly env?: Pick<Environment, 'fs' | 'getEnv' | 'cwd'>;
  /** Extra environment variables (tests, oracle). Checked before env.getEnv. */
  readonly vars?: Readonly<Record<string, string | undefined>>;
  /** The user's own tree; without it every file counts as the user's own. */
  readonly scope?: IncludeScope;
}

/** Where the user's own files are, and whether `.include` leaves them. */
export interface IncludeScope {
  /** Folders (absolute) of the workspace or the linted tree. */
  readonly roots: readonly string[];
  /** Whether files outside are read at all (the editor: yes, as OpenSSL does; the CLI: only when asked). */
  readonly followOutside: boolean;
  /** How to ask for them, for the message when they are not read (e.g. "pass --follow-includes"). */
  readonly followHint?: string;
}

/** Source offset of index i of a scanned string: a logical line's text, or the source itself (no line). */
function sourceOffset(line: LogicalLine | undefined, i: number): number {
  return line ? lineOffset(line, i) : i;
}

/** In/out slots of strCopy, reused for every value (no result object per value). */
class Scan {
  out = '';
  len = 0;
  /** Error code ('' when none), its range (indices in the scanned string) and message. */
  err = '';
  errFrom = 0;
  errTo = 0;
  errMessage = '';
  /** Index of an unbalanced quote, or -1. */
  openQuote = -1;
  lastSection = 'default';
  lastSectionId = 0;
  /** R_OWNER of the references the next strCopy records. */
  owner = -1;
  /** The last strCopy read a value whose own expansion failed: its result is a best effort too. */
  readsFailed = false;
  constructor(
    readonly store: S.ConfigStore,
    readonly getEnv: (name: string) => string | undefined,
    readonly envId: number,
    readonly defaultId: number,
  ) {}
}

/**
 * str_copy over src[from, to): quotes, escapes and `$` references. Live mode
 * (`replay` < 0) looks names up in the store as it stands now and records each
 * reference as a row; replay mode (`replay` = the entry's first reference row)
 * takes the recorded resolutions instead. The expanded length is always
 * computed; the string only when `build`. Returns false on an expansion error
 * (then `out`/`len` hold what was expanded before it, as OpenSSL's buffer does).
 * `line` maps indices of src to source offsets (undefined: they are offsets).
 */
function strCopy(sc: Scan, src: string, from: number, to: number, line: LogicalLine | undefined, doc: number, section: number, dollarid: boolean, build: boolean, replay: number): boolean {
  const store = sc.store;
  let out = '';
  let len = 0;
  let bufLen = to - from + 1;
  let openQuote = -1;
  sc.err = '';
  sc.readsFailed = false;
  let i = from;
  while (i < to) {
    const c = src.charCodeAt(i);
    if (c < 128 && (table[c]! & quoteBit) !== 0) {
      const qAt = i;
      i++;
      // Copy runs between escapes at once (one string per run, not one per character).
      let run = i;
      while (i < to && src.charCodeAt(i) !== c) {
        if (src.charCodeAt(i) === 92) {
          if (i > run) {
            len += i - run;
            if (build) out += src.slice(run, i);
          }
          i++;
          if (i >= to) {
            run = i;
            break;
          }
          run = i;
        }
        i++;
      }
      if (i > run) {
        len += i - run;
        if (build) out += src.slice(run, i);
      }
      if (i < to && src.charCodeAt(i) === c) i++;
      else openQuote = qAt;
      continue;
    }
    if (c === 92) {
      i++;
      if (i >= to) break;
      len++;
      if (build) {
        const v = src[i]!;
        out += v === 'r' ? '\r' : v === 'n' ? '\n' : v === 'b' ? '\b' : v === 't' ? '\t' : v;
      }
      i++;
      continue;
    }
    const c1 = i + 1 < to ? src.charCodeAt(i + 1) : -1;
    if (c === 36 && (!dollarid || c1 === 123 || c1 === 40)) {
      const refFrom = i;
      const close = c1 === 123 ? 125 : c1 === 40 ? 41 : -1;
      let s = close >= 0 ? i + 2 : i + 1;
      let e = s;
      while (e < to && isVar(src.charCodeAt(e), dollarid)) e++;
      let sectStart = -1;
      let np = s;
      let cp = section;
      if (e + 1 < to && src.charCodeAt(e) === 58 && src.charCodeAt(e + 1) === 58) {
        sectStart = s;
        if (replay < 0) cp = sectionIdAt(sc, src, s, e);
        s = e;
        e += 2;
        np = e;
        while (e < to && isVar(src.charCodeAt(e), dollarid)) e++;
      }
      const ne = e;
      if (close >= 0) {
        if (e >= to || src.charCodeAt(e) !== close) {
          const stop = e < to ? tr`'${src[e]}' ends the variable name (names are letters, digits and _)` : tr`the value ends first`;
          return fail(sc, out, len, 'CNF-062', refFrom, Math.min(to, e + 1), tr`no close brace: '${String.fromCharCode(c1)}' is not closed by '${String.fromCharCode(close)}' (${stop}).`);
        }
        e++;
      }
      let target: number;
      if (replay >= 0) {
        target = store.refs[replay * RS + R_TARGET]!;
        replay++;
      } else {
        const h = hashRange(src, np, ne);
        target = store.find(cp, h, src, np, ne);
        if (target < 0 && cp === sc.envId) {
          const v = sc.getEnv(src.slice(np, ne));
          if (v !== undefined) {
            target = -2 - store.envValues.length;
            store.envValues.push(v);
          }
        }
        let via = 0;
        if (target === -1) {
          target = store.find(sc.defaultId, h, src, np, ne);
          if (target >= 0 && cp !== sc.defaultId) via = 1;
        }
        const at = store.addRef();
        const f = store.refs;
        f[at + R_START] = sourceOffset(line, refFrom);
        f[at + R_END] = sourceOffset(line, e);
        f[at + R_NAME_START] = sourceOffset(line, np);
        f[at + R_NAME_END] = sourceOffset(line, ne);
        f[at + R_SECT_START] = sectStart < 0 ? -1 : sourceOffset(line, sectStart);
        f[at + R_SECT_END] = sectStart < 0 ? -1 : sourceOffset(line, s);
        f[at + R_LOOKUP] = cp;
        f[at + R_TARGET] = target;
        f[at + R_DOC] = doc;
        f[at + R_OWNER] = sc.owner;
        f[at + R_META] = S.refMeta(close < 0 ? 0 : close === 125 ? 1 : 2, via, line ? store.refNames.length : -1);
        if (line) store.refNames.push(src.slice(np, ne), sectStart < 0 ? '' : src.slice(sectStart, s));
      }
      if (target === -1) {
        const name = src.slice(np, ne);
        const sectName = store.sectionName(cp);
        let code = 'CNF-060';
        let message = tr`variable has no value: '${src.slice(refFrom, e)}' is not defined before this line in [${sectName}] or in the default section.`;
        if (name === '') {
          code = 'CNF-061';
          message = tr`variable has no value: '$' is not followed by a variable name. Write \\$ for a literal dollar sign.`;
        } else if (cp === sc.envId) {
          code = 'CNF-064';
          message = tr`variable has no value: environment variable ${name} is not set here and there is no ${name} in the default section to fall back on; OpenSSL fails to load the file unless ${name} is set when it runs.`;
        }
        return fail(sc, out, len, code, refFrom, e, message);
      }
      if (target >= 0 && store.flags(target) & F_FAILED) sc.readsFailed = true;
      const plen = target >= 0 ? store.valueLength(target) : store.envValues[-2 - target]!.length;
      const newsize = plen + bufLen - (e - refFrom);
      if (newsize > maxValueLength) {
        return fail(sc, out, len, 'CNF-065', refFrom, e, tr`variable expansion too long: the value would exceed ${maxValueLength} bytes.`);
      }
      bufLen = newsize;
      len += plen;
      if (build) out += target >= 0 ? store.valueOf(target) : store.envValues[-2 - target]!;
      i = e;
      continue;
    }
    // Copy a run of ordinary characters at once.
    let j = i + 1;
    while (j < to) {
      const d = src.charCodeAt(j);
      if (d === 36 || d === 92 || d === 34 || d === 39 || d === 96) break;
      j++;
    }
    len += j - i;
    if (build) out += src.slice(i, j);
    i = j;
  }
  sc.out = out;
  sc.len = len;
  sc.openQuote = openQuote;
  return true;
}

/** Section id of the name src[s, e), remembering the last one (`$default::x` often repeats the same name). */
function sectionIdAt(sc: Scan, src: string, s: number, e: number): number {
  const last = sc.lastSection;
  if (last.length === e - s && src.startsWith(last, s)) return sc.lastSectionId;
  const name = src.slice(s, e);
  sc.lastSection = name;
  sc.lastSectionId = sc.store.sectionId(name);
  return sc.lastSectionId;
}

function fail(sc: Scan, out: string, len: number, code: string, from: number, to: number, message: string): false {
  sc.out = out;
  sc.len = len;
  sc.openQuote = -1;
  sc.err = code;
  sc.errFrom = from;
  sc.errTo = to;
  sc.errMessage = message;
  return false;
}

/** NCONF_get_string: the entry for `key` in `section`, else in the default section (what OpenSSL's commands read). */
export function getString(config: LoadedConfig, section: string, key: string): ConfEntry | undefined {
  return config.sections.get(section)?.byKey.get(key) ?? config.sections.get('default')?.byKey.get(key);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

const decoder = new TextDecoder();

/** Cap of one included file, and of all included files of one load together. */
export const maxIncludeBytes = 8 * 1024 * 1024;
export const maxIncludedBytes = 32 * 1024 * 1024;

type ValueProblem = Omit<LoadProblem, 'file' | 'local'>;

/** strCopy's error as a problem, its range mapped to the source through `line`. */
function scanError(sc: Scan, line: LogicalLine | undefined): ValueProblem {
  return { start: sourceOffset(line, sc.errFrom), end: sourceOffset(line, Math.max(sc.errTo, sc.errFrom + 1)), code: sc.err, severity: sc.err === 'CNF-064' ? 'warning' : 'error', message: sc.errMessage };
}

/** What strCopy (returning `ok`) found wrong with entry `id`'s value in `src`: an expansion error, an unbalanced quote, or nothing. */
function valueProblem(sc: Scan, ok: boolean, src: string, line: LogicalLine | undefined, id: number): ValueProblem | undefined {
  if (!ok) return scanError(sc, line);
  if (sc.openQuote < 0) return undefined;
  const qs = sourceOffset(line, sc.openQuote);
  const q = src[sc.openQuote]!;
  return { start: qs, end: qs + 1, code: 'CNF-040', severity: 'warning', message: tr`Unbalanced quote: OpenSSL drops this ${q} and keeps the rest of the line literally (the value becomes "${sc.store.valueOf(id)}"). Escape it as \\${q} if it is meant literally.` };
}

/** The store's replay (see ConfigStore.replay): an entry's value expanded with the resolutions recorded at load time. */
function replayWith(sc: Scan): S.ConfigStore['replay'] {
  return (st, id) => {
    const [src, from, to, line] = st.rawOf(id);
    const [first] = st.refRange(id);
    strCopy(sc, src, from, to, line, 0, st.sectionOf(id), (st.flags(id) & F_DOLLARID) !== 0, true, first);
    return sc.out;
  };
}

/**
 * The load of `doc`, an incremental re-parse of `prev.doc`, made by patching `prev` when the
 * edit changed only the values of `key = value` lines nothing refers to (the common case while
 * typing; a continued line too): those entries are expanded again as of their place in the file, the references and
 * problems after them move with the text. Undefined when the edit needs a full load: it added,
 * removed or renamed keys, sections or directives, touched a value some `$reference` reads,
 * or the configuration has includes or reads the environment. Equal to loadConfig(doc).
 * With `consume`, prev's store is patched in place (prev must not be read afterwards).
 */
export function reloadConfig(prev: LoadedConfig, doc: CnfDocument, path: string, consume = false): LoadedConfig | undefined {
  const ch = doc instanceof ParsedCnf ? doc.change : undefined;
  if (!ch || !(ch.valuesOnly || ch.oldKeys || ch.oldSection !== undefined || ch.header) || prev.files.size !== 1 || prev.includes.length || prev.usesEnv || prev.secrets.length || prev.path !== path) return undefined;
  const old = prev.doc;
  const nd = doc.rows.data;
  // `$ENV::` would make the result depend on the environment: a full load records that.
  if (doc.text.slice(ch.from, ch.stop).includes('ENV')) return undefined;
  const prevStore = prev.store;
  // The entries of the changed rows (entries follow the rows: one per assignment, in order).
  const e0 = lowerBound(0, prevStore.entryCount, ch.row, (e) => prevStore.rowOf(e));
  // A header inserted or deleted moves the entries below it to another section: they are expanded again too.
  const moved = ch.header ? movedBlock(prev, doc, ch, e0) : undefined;
  if (ch.header && !moved) return undefined;
  // A header edit changes no entry: it may only rename its section (renamedSection).
  const e1 = moved ? moved.end : ch.oldSection !== undefined ? e0 : e0 + (ch.errorRows ? assignmentsIn(doc, ch.row, ch.row + ch.newRows) : ch.newRows);
  // The old text whose entries are expanded again (their references and problems made again).
  const oldStop = moved ? moved.oldStop : ch.oldStop;
  const renamed = ch.oldSection !== undefined ? renamedSection(prev, doc, ch.oldSection, ch) : undefined;
  if (ch.oldSection !== undefined && !renamed) return undefined;
  // References of the changed rows are those that start in [from, oldStop) (they are in file order).
  const k0 = prevStore.refIndexAt(ch.from);
  // No reference may read a changed entry. Those before k0 cannot: a reference resolves to an
  // entry defined before the one it is in, and theirs are before the changed rows.
  const rf = prevStore.refs;
  for (let k = k0; k < prevStore.refCount; k++) {
    const t = rf[k * RS + R_TARGET]!;
    if (t >= e0 && t < e1) return undefined;
  }
  const k1 = prevStore.refIndexAt(oldStop);
  if (moved && !movedRefsAllowed(prevStore, doc, moved, k0, k1)) return undefined;
  const rekeyed = ch.oldKeys ? keyEdited(prev, doc, ch.oldKeys, e0, k0, k1) : -1;
  if (ch.oldKeys && rekeyed < 0) return undefined;
  const total = prevStore.refCount;
  // References in the edited text itself (the rest of a moved block keeps its text).
  const kText = prevStore.refIndexAt(ch.oldStop);
  const store = consume ? prevStore.reuseFor(doc) : prevStore.copyFor(doc);
  if (rekeyed >= 0) store.rekey(rekeyed);
  if (renamed && renamed.from !== renamed.to) store.renameSection(renamed.id, renamed.to);
  if (moved) moveBlock(store, moved);
  if (ch.errorRows) renumberRows(store, doc, ch, e0);
  const envId = store.sectionId('ENV');
  const defaultId = store.sectionId('default');
  const sc = new Scan(store, () => undefined, envId, defaultId);
  store.replay = replayWith(sc);
  const fresh: LoadProblem[] = [];
  store.beginRefPatch();
  for (let id = e0; id < e1; id++) {
    const row = store.rowOf(id);
    const at = row * STRIDE;
    // A statement of the parser's general path (a continued line): its value in its logical line's text.
    const node = store.flags(id) & F_SIDE ? (doc.statementAt(row) as AssignmentNode) : undefined;
    const src = node ? node.line.text : doc.text;
    const line = node?.line;
    const from = node ? node.value.from : nd[at + D]!;
    const to = node ? node.value.from + node.value.raw.length : nd[at + E]!;
    const plain = node ? verbatim(node.value.raw) : (R.rowFlags(nd, at) & FLAG_PLAIN) !== 0;
    store.resetValue(id, plain);
    if (plain) {
      store.setValueLength(id, to - from);
      continue;
    }
    const first = store.refCount;
    store.visibleBefore = id;
    sc.owner = 2 * id;
    const ok = strCopy(sc, src, from, to, line, 0, store.sectionOf(id), (store.flags(id) & F_DOLLARID) !== 0, false, -1);
    store.visibleBefore = Infinity;
    store.setRefs(id, first, store.refCount - first);
    store.setValueLength(id, sc.len);
    if (!ok || sc.readsFailed) store.setFlag(id, F_FAILED);
    const p = valueProblem(sc, ok, src, line, id);
    if (p) fresh.push({ file: path, local: true, ...p });
  }
  // The new references were added after all others: move them in place of the old ones, and
  // those after them with the text (an entry's references are found by their R_OWNER).
  const added = store.refCount - total;
  // `$section::` references added or removed by the edit (a moved block's others name the same sections as before).
  const sectionRefs = sectionRefsChanged(rf, k0, kText, store.refs, total, total + added, ch.stop, ch.delta);
  store.spliceRefs(k0, k1 - k0, added);
  const delta = ch.delta;
  const f = store.refs;
  for (let k = k0 + added; delta && k < store.refCount; k++) {
    const at = k * RS;
    f[at + R_START]! += delta;
    f[at + R_END]! += delta;
    f[at + R_NAME_START]! += delta;
    f[at + R_NAME_END]! += delta;
    if (f[at + R_SECT_START]! >= 0) {
      f[at + R_SECT_START]! += delta;
      f[at + R_SECT_END]! += delta;
    }
  }
  // The changed rows' error lines, in file order with the values' problems (as a load reports them, row by row).
  if (ch.errorRows) {
    for (let r = ch.row; r < ch.row + ch.newRows; r++) {
      const at = r * STRIDE;
      const node = nd[at + KIND] === KIND_ERROR ? doc.rows.side[nd[at + SIDE]!] : undefined;
      if (node?.kind === 'error') fresh.push({ file: path, local: true, start: nd[at + START]!, end: nd[at + END]!, code: node.code, severity: 'error', message: node.message });
    }
    fresh.sort((a, b) => a.start - b.start);
  }
  // Problems: the document's notes, then the load's own in file order (those of the changed rows replaced).
  const loadProblems = prev.problems.slice(old.notes.length);
  const own: LoadProblem[] = [];
  for (const p of loadProblems) if (p.start < ch.from) own.push(p);
  append(own, fresh);
  for (const p of loadProblems) if (p.start >= oldStop) own.push({ ...p, start: p.start + delta, end: p.end + delta });
  const problems: LoadProblem[] = doc.notes.map((n): LoadProblem => ({ ...n, file: path, local: true })).concat(own);
  // In the order the sections were created (a renamed one keeps its place: the store renamed
  // it). A store patched in place serves through the previous sections; a new one after a rename
  // (the model tells a rename by it).
  const sections = consume && !(renamed && renamed.from !== renamed.to) ? prev.sections : new S.StoredSections(store);
  let allEntries: readonly ConfEntry[] | undefined;
  let refs: readonly VariableRef[] | undefined;
  return {
    path,
    doc,
    sections,
    get allEntries() {
      return (allEntries ??= store.allEntries());
    },
    get refs() {
      return (refs ??= store.allRefs());
    },
    includes: [],
    problems,
    files: new Map([[path, doc]]),
    dependencies: [],
    fatal: own.some((p) => p.severity === 'error'),
    usesEnv: false,
    store,
    secrets: [],
    ...(prev.fileExists ? { fileExists: prev.fileExists } : {}),
    ...(prev.engine ? { engine: prev.engine } : {}),
    reloaded: {
      first: e0,
      end: e1,
      from: ch.from,
      oldStop,
      textStop: ch.oldStop,
      delta,
      inPlace: consume,
      sectionRefs,
      ...(renamed ? { renamed: { from: renamed.from, to: renamed.to } } : {}),
      ...(rekeyed >= 0 ? { rekeyed } : {}),
      ...(moved ? { moved: { out: moved.inserted ? moved.aboveName : moved.headerName, into: moved.inserted ? moved.headerName : moved.aboveName } } : {}),
    },
  };
}

/**
 * Whether the `$section::` references of an edited text changed: old rows [k0, k1), new rows
 * [n0, n1) that start before `stop`. Unchanged when they are the same references in the same
 * places (a key edited, or another part of their line, the text's length kept): the model's
 * list of them then holds as it is, with no model built anew.
 */
function sectionRefsChanged(old: Int32Array, k0: number, k1: number, now: Int32Array, n0: number, n1: number, stop: number, delta: number): boolean {
  const was: number[] = [];
  for (let k = k0; k < k1; k++) if (old[k * RS + R_SECT_START]! >= 0) was.push(k);
  const is: number[] = [];
  for (let k = n0; k < n1; k++) if (now[k * RS + R_SECT_START]! >= 0 && now[k * RS + R_START]! < stop) is.push(k);
  if (!was.length && !is.length) return false;
  if (delta !== 0 || was.length !== is.length) return true;
  return was.some((k, i) => sectionRefColumns.some((c) => old[k * RS + c] !== now[is[i]! * RS + c]));
}
/** What the model keeps of a `$section::` reference (see VariableRefs in model.ts). */
const sectionRefColumns = [R_SECT_START, R_SECT_END, R_LOOKUP, R_DOC];

/** Section names the model or the rules read by name (a section's role may follow from its name alone). */
const namedSections: ReadonlySet<string> = new Set(['default', 'ENV', 'req', 'ca']);

/**
 * For a re-parse that replaced one section header (row `row`, that opened `from`) with another:
 * the section and its new name when the store can be patched by renaming it. Patched: the
 * header alone opens the section and every entry of the section is in its block and
 * stored there by the header, not by a `name::key` target (so the section is exactly the
 * block's entries, under either name); the new name is no section's
 * and nothing refers to it (no section id: no `$name::`, no `name::key`); no reference
 * names the old one explicitly; neither name is one the model reads by name; and no
 * "variable has no value" problem of the block quotes the old name. Every reference then
 * resolves as before. Undefined otherwise (a full load).
 */
function renamedSection(prev: LoadedConfig, doc: CnfDocument, from: string, ch: RowChange): { id: number; from: string; to: string } | undefined {
  const store = prev.store;
  const row = ch.row;
  const to = R.sectionNameOf(doc.rows, row);
  if (namedSections.has(from) || namedSections.has(to)) return undefined;
  const id = store.sectionIds.get(from);
  if (id === undefined || (to !== from && store.sectionIds.has(to))) return undefined;
  const headers = store.headersOf(id);
  if (headers.length !== 2 || headers[0] !== 0 || headers[1] !== row) return undefined;
  // The block: the rows after the header up to the next one (the same rows, at the same indices, before and after the edit).
  const d = doc.rows.data;
  let end = row + 1;
  while (end < doc.statementCount && d[end * STRIDE + KIND] !== KIND_SECTION) end++;
  for (let e = store.firstInSection(id); e >= 0; e = store.nextInSection(e)) {
    const r = store.rowOf(e);
    if (store.docOf(e) !== prev.doc || r <= row || r >= end) return undefined;
    // `name::key` names its section itself, whatever the header above it says. Read from the new
    // document (the block's rows are the same there): a re-parse in place consumed the old one.
    if (store.flags(e) & F_SIDE) {
      const st = doc.statementAt(r) as AssignmentNode | undefined;
      if (!st || st.target) return undefined;
    }
  }
  if (to === from) return { id, from, to };
  const rf = store.refs;
  for (let k = 0; k < store.refCount; k++) if (rf[k * RS + R_SECT_START]! >= 0 && rf[k * RS + R_LOOKUP] === id) return undefined;
  // The block's text in the new offsets, and the problems' offsets moved there.
  const blockStart = d[row * STRIDE + START]!;
  const blockEnd = end < doc.statementCount ? d[end * STRIDE + START]! : doc.text.length;
  for (const p of prev.problems) {
    const at = p.start >= ch.oldStop ? p.start + ch.delta : p.start;
    if (p.code === 'CNF-060' && at >= blockStart && at < blockEnd) return undefined;
  }
  return { id, from, to };
}

/** How many `key = value` rows the document has in [from, to). */
function assignmentsIn(doc: CnfDocument, from: number, to: number): number {
  let n = 0;
  for (let r = from; r < to; r++) if (doc.rows.data[r * STRIDE + KIND] === KIND_ASSIGNMENT) n++;
  return n;
}

/**
 * After error rows came or went among the changed rows (ch.errorRows): the changed rows'
 * entries (from e0, in order) take their rows in the new document, and the statement indices
 * after the changed rows move by the difference in rows.
 */
function renumberRows(store: S.ConfigStore, doc: CnfDocument, ch: RowChange, e0: number): void {
  let id = e0;
  for (let r = ch.row; r < ch.row + ch.newRows; r++) if (doc.rows.data[r * STRIDE + KIND] === KIND_ASSIGNMENT) store.setRow(id++, r);
  if (ch.newRows !== ch.oldRows) store.shiftRows(id, ch.row + ch.oldRows, ch.newRows - ch.oldRows);
}

/** What a header inserted or deleted does to the store: see movedBlock. */
interface MovedBlock {
  readonly inserted: boolean;
  /** The header's row (in the new document when inserted, in the old one when deleted). */
  readonly row: number;
  /** The section above the header (its entries' section when the header is deleted), and the header's. */
  readonly above: number;
  readonly aboveName: string;
  readonly header: number | undefined;
  readonly headerName: string;
  /** The entries of the block under the header: [first, end) (ids). */
  readonly first: number;
  readonly end: number;
  /** The block's end in the old text. */
  readonly oldStop: number;
}

/**
 * For a re-parse that inserted or deleted one section header (ch.header): the block of rows
 * under it, whose entries move between the section above the header and the header's own,
 * when the store can be patched by moving them. Patched when: a section header is above (not
 * the default section, whose keys every lookup falls back to); neither name is one the model
 * reads by name, and they differ; an inserted header's name is no section's yet (at most a
 * name left by an earlier deletion, that nothing refers to); a deleted header alone opened its
 * section, which holds exactly the block's entries; the block has no error line and no
 * `name::key` line (those name their section themselves). `e0`: the first entry of the
 * re-parsed rows. Undefined otherwise (a full load).
 */
function movedBlock(prev: LoadedConfig, doc: CnfDocument, ch: RowChange, e0: number): MovedBlock | undefined {
  const h = ch.header!;
  const store = prev.store;
  const d = doc.rows.data;
  const count = doc.statementCount;
  // The block in the new document: from the header (or where it was) to the next header.
  let end = h.inserted ? h.row + 1 : h.row;
  for (; end < count && d[end * STRIDE + KIND] !== KIND_SECTION; end++) if (d[end * STRIDE + KIND] === KIND_ERROR) return undefined;
  let above = h.row - 1;
  while (above >= 0 && d[above * STRIDE + KIND] !== KIND_SECTION) above--;
  if (above < 0) return undefined;
  const aboveName = R.sectionNameOf(doc.rows, above);
  const headerName = h.inserted ? R.sectionNameOf(doc.rows, h.row) : h.oldName!;
  if (namedSections.has(aboveName) || namedSections.has(headerName) || aboveName === headerName) return undefined;
  const x = store.sectionIds.get(aboveName);
  const n = store.sectionIds.get(headerName);
  if (x === undefined) return undefined;
  // The block's entries (old rows: the header's row on when inserted, after it when deleted).
  const shift = h.inserted ? 1 : -1;
  const first = lowerBound(e0, store.entryCount, h.inserted ? h.row : h.row + 1, (e) => store.rowOf(e));
  const last = lowerBound(first, store.entryCount, end - shift, (e) => store.rowOf(e));
  const out = h.inserted ? x : n;
  if (h.inserted ? n !== undefined && !store.sectionEmpty(n) : n === undefined || store.sectionLength(n) !== last - first) return undefined;
  if (!h.inserted) {
    const headers = store.headersOf(n!);
    if (headers.length !== 2 || headers[0] !== 0 || headers[1] !== h.row) return undefined;
  }
  for (let e = first; e < last; e++) {
    if (store.sectionOf(e) !== out) return undefined;
    if (store.flags(e) & F_SIDE && (doc.statementAt(store.rowOf(e) + shift) as AssignmentNode).target) return undefined;
  }
  const oldStop = (end < count ? d[end * STRIDE + START]! : doc.text.length) - ch.delta;
  return { inserted: h.inserted, row: h.row, above: x, aboveName, header: n, headerName, first, end: last, oldStop };
}

/**
 * Whether the references outside the moved block (k0 to k1) resolve as before the move: none
 * looks in the header's section (an inserted header's name must be unknown to them, a deleted
 * header's section is gone), and, when the block joins the section above, none looks there for
 * one of the block's keys (it would now find it).
 */
function movedRefsAllowed(store: S.ConfigStore, doc: CnfDocument, m: MovedBlock, k0: number, k1: number): boolean {
  const rf = store.refs;
  const keys = new Set<string>();
  // The keys as the new document has them (a re-parse in place consumed the old one's rows): a deleted header's block moved up a row.
  const nd = doc.rows.data;
  for (let e = m.first; !m.inserted && e < m.end; e++) {
    const row = store.rowOf(e) - 1;
    keys.add(store.flags(e) & F_SIDE ? (doc.statementAt(row) as AssignmentNode).key.value : doc.text.slice(nd[row * STRIDE + A]!, nd[row * STRIDE + B]!));
  }
  for (let k = 0; k < store.refCount; k++) {
    if (k >= k0 && k < k1) continue;
    const lookup = rf[k * RS + R_LOOKUP]!;
    if (lookup === m.header || (!m.inserted && lookup === m.above && keys.has(store.refName(k)))) return false;
  }
  return true;
}

/** Patches the store for a moved block (see movedBlock): rows after the header shift, the header's section appears or goes, the entries change section. */
function moveBlock(store: S.ConfigStore, m: MovedBlock): void {
  if (m.inserted) {
    store.shiftRows(m.first, m.row, 1);
    const n = m.header ?? store.sectionId(m.headerName);
    store.createSectionAt(n, m.row);
    store.addHeader(n, 0, m.row);
    store.moveEntries(m.first, m.end, m.above, n);
  } else {
    store.dropSection(m.header!);
    store.shiftRows(m.first, m.row + 1, -1);
    store.moveEntries(m.first, m.end, m.header!, m.above);
  }
}

/**
 * For a re-parse whose changed rows are assignments with a key edited (`oldKeys`): the entry
 * whose key changed, when the store can be patched for it; -1 when it needs a full load.
 * Patched: one key changed; neither the old nor the new key is one the model or the counts
 * per section read (modelReadsKey), the section holds no extension candidates (its key count
 * could tip it into an extension section), and no reference names either key, outside the
 * changed rows (old references) or in their new values (new ones): what every reference
 * resolved to stays as it was.
 */
function keyEdited(prev: LoadedConfig, doc: CnfDocument, oldKeys: readonly string[], e0: number, k0: number, k1: number): number {
  const store = prev.store;
  const nd = doc.rows.data;
  const row = store.rowOf(e0);
  let id = -1;
  let before = '';
  let after = '';
  for (let i = 0; i < oldKeys.length; i++) {
    const at = (row + i) * STRIDE;
    const key = doc.text.slice(nd[at + A]!, nd[at + B]!);
    if (key === oldKeys[i]) continue;
    if (id >= 0) return -1;
    id = e0 + i;
    before = oldKeys[i]!;
    after = key;
  }
  if (id < 0 || S.modelReadsKey(before, store.keyHash(id)) || S.modelReadsKey(after, S.hashRange(after, 0, after.length))) return -1;
  if (store.sectionCandidateCount(store.sectionOf(id)) > 0) return -1;
  for (let i = 0; i < oldKeys.length; i++) {
    const at = (row + i) * STRIDE;
    const value = doc.text.slice(nd[at + D]!, nd[at + E]!);
    if (value.includes(before) || value.includes(after)) return -1;
  }
  const rf = store.refs;
  const text = prev.doc.text;
  const names = (k: number, key: string): boolean => {
    const at = k * RS;
    const strings = S.refStrings(rf, at);
    if (strings >= 0) return store.refNames[strings] === key;
    const ns = rf[at + R_NAME_START]!;
    return rf[at + R_NAME_END]! - ns === key.length && text.startsWith(key, ns);
  };
  for (let k = 0; k < store.refCount; k++) if ((k < k0 || k >= k1) && (names(k, before) || names(k, after))) return -1;
  return id;
}

/** Loads a document (and its includes) into sections. Never throws. */
export function loadConfig(doc: CnfDocument, options: LoadOptions = {}): LoadedConfig {
  const topPath = options.path ?? '<document>';
  const store = new S.ConfigStore(doc.statementCount);
  const includes: IncludeInfo[] = [];
  const problems: LoadProblem[] = [];
  const files = new Map<string, CnfDocument>([[topPath, doc]]);
  const deps = new Set<string>();
  const env = options.env;
  const vars = options.vars;
  let fatal = false;
  let usesEnv = false;
  let dollarid = false;
  let abspath = false;
  let includedir: string | undefined;
  const stack: string[] = [topPath];
  /** Bytes all included files of this load may still take (a directory of large files is bounded too). */
  let includeBudget = maxIncludedBytes;
  let viaTop: IncludeNode | undefined;

  /** The environment as OpenSSL sees it (test overrides first). */
  const readEnv = (name: string): string | undefined => (vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : env?.getEnv(name));
  /** For `$ENV::name`: the result now depends on the environment (OPENSSL_CONF_INCLUDE alone does not count). */
  const secrets: Secret[] = [];
  const getEnv = (name: string): string | undefined => {
    usesEnv = true;
    const v = readEnv(name);
    if (v) secrets.push({ value: v, written: `$ENV::${name}` });
    return v;
  };
  /** Files read from outside the scope: their lines are never quoted, their values never echoed. */
  const outside = new Set<string>();
  const scope = options.scope;
  const realRoots = scope?.roots.map((r) => env?.fs.realPathSync(r) ?? r) ?? [];
  const isOutside = (p: string): boolean => {
    if (!scope || !realRoots.length || !env) return false;
    const real = env.fs.realPathSync(p) ?? p;
    return !realRoots.some((r) => real === r || real.startsWith(r.endsWith('/') ? r : `${r}/`));
  };
  const create = (id: number): number => {
    store.createSection(id);
    return id;
  };
  const defaultId = create(store.sectionId('default'));
  const envId = store.sectionId('ENV');
  const sc = new Scan(store, getEnv, envId, defaultId);
  let current = defaultId;
  store.replay = replayWith(sc);

  const problem = (file: string, span: Span, code: string, severity: LoadProblem['severity'], message: string): void => {
    const local = file === topPath;
    if (outside.has(file)) message = tr`${severity === 'error' ? tr`OpenSSL fails to load it` : 'a problem'} (${code}; the file is outside the workspace, so its content is not quoted)`;
    if (severity === 'error') fatal = true;
    problems.push({ file, local, start: span.start, end: span.end, code, severity, message, ...(!local && viaTop ? { via: viaTop } : {}) });
  };
  /** A strCopy error as a problem, with its range mapped to the source. */
  const scanProblem = (file: string, line: LogicalLine | undefined): void => {
    const p = scanError(sc, line);
    problem(file, p, p.code, p.severity, p.message);
  };

  /** Set after an .include that left a different section current (CNF-058). */
  let switched: { node: IncludeNode; doc: number; from: number; to: number } | undefined;

  const runDoc = (d: CnfDocument, file: string, inDirectory: boolean): void => {
    const docIndex = store.docs.length;
    store.docs.push(d);
    store.docPaths.push(file);
    const local = file === topPath;
    for (const note of d.notes) {
      const withheld = outside.has(file) ? { message: tr`${note.severity === 'error' ? tr`OpenSSL fails to load it` : 'a problem'} (${note.code}; the file is outside the workspace, so its content is not quoted)` } : {};
      problems.push({ ...note, ...withheld, file, local, ...(!local && viaTop ? { via: viaTop } : {}) });
    }
    const rows = d.rows;
    const data = rows.data;
    const text = d.text;
    for (let i = 0; i < rows.count; i++) {
      const at = i * STRIDE;
      const kind = data[at + KIND]!;
      if (switched) {
        if (kind === KIND_ASSIGNMENT && switched.doc === docIndex) {
          const from = store.sectionName(switched.from);
          const to = store.sectionName(switched.to);
          problem(file, switched.node, 'CNF-058', 'warning', tr`The included file ends in section [${to}], so the keys after this line go into [${to}], not [${from}]. Repeat [ ${from} ] after the .include.`);
        }
        if (kind !== KIND_INCLUDE) switched = undefined;
      }
      const side = data[at + SIDE]!;
      if (kind === KIND_ASSIGNMENT) {
        if (side < 0) {
          // The common case, read in place: key in text[A, B), raw value in text[D, E).
          const ks = data[at + A]!;
          const ke = data[at + B]!;
          const plain = (~side & FLAG_PLAIN) !== 0;
          const flags = (local ? F_LOCAL : 0) | (dollarid ? F_DOLLARID : 0) | (plain ? F_PLAIN : 0);
          const id = store.addEntry(docIndex, i, current, hashRange(text, ks, ke), flags);
          expandEntry(id, file, docIndex, text, data[at + D]!, data[at + E]!, undefined, current, plain);
          store.define(id, text, ks, ke);
        } else {
          const node = rows.side[side] as AssignmentNode;
          const key = node.key.value;
          const target = node.target ? store.sectionId(node.target.value) : current;
          const raw = node.value.raw;
          const plain = verbatim(raw);
          const flags = (local ? F_LOCAL : 0) | (dollarid ? F_DOLLARID : 0) | (plain ? F_PLAIN : 0) | F_SIDE;
          const id = store.addEntry(docIndex, i, target, hashRange(key, 0, key.length), flags);
          store.sideEntries.push(id);
          expandEntry(id, file, docIndex, node.line.text, node.value.from, node.value.from + raw.length, node.line, target, plain);
          create(target);
          store.define(id, key, 0, key.length);
        }
        continue;
      }
      if (kind === KIND_SECTION) {
        const name = side < 0 ? rows.names[data[at + E]!]! : (rows.side[side] as SectionHeaderNode).name.value;
        current = create(store.sectionId(name));
        store.addHeader(current, docIndex, i);
        continue;
      }
      if (side < 0) {
        // A `.pragma name:value` line read in place: name in text[A, B), value in text[D, E).
        pragma(text.slice(data[at + A]!, data[at + B]!), text.slice(data[at + D]!, data[at + E]!));
        continue;
      }
      const node = rows.side[side]!;
      if (kind === KIND_ERROR && node.kind === 'error') {
        problem(file, { start: data[at + START]!, end: data[at + END]! }, node.code, 'error', node.message);
      } else if (kind === KIND_PRAGMA && node.kind === 'pragma') {
        pragma(node.name?.value, node.value?.value);
      } else if (kind === KIND_INCLUDE && node.kind === 'include') {
        const before = current;
        runInclude(node, file, docIndex, local, inDirectory);
        if (current !== before) switched = { node, doc: docIndex, from: before, to: current };
      }
    }
    dollarid = d.dollaridAtEnd;
  };

  const pragma = (name: string | undefined, value: string | undefined): void => {
    const v = value?.toLowerCase();
    if (name === 'dollarid') dollarid = v === 'on' || v === 'true';
    else if (name === 'abspath') abspath = v === 'on' || v === 'true';
    else if (name === 'includedir') includedir = value;
  };

  /** Expands an entry's raw value src[from, to) in its section: records references, length, failure. */
  const expandEntry = (id: number, file: string, docIndex: number, src: string, from: number, to: number, line: LogicalLine | undefined, section: number, plain: boolean): void => {
    if (plain) {
      store.setValueLength(id, to - from);
      return;
    }
    sc.owner = 2 * id;
    const ok = strCopy(sc, src, from, to, line, docIndex, section, dollarid, false, -1);
    store.setValueLength(id, sc.len);
    if (!ok || sc.readsFailed) store.setFlag(id, F_FAILED);
    const p = valueProblem(sc, ok, src, line, id);
    if (p) problem(file, p, p.code, p.severity, p.message);
  };

  const runInclude = (st: IncludeNode, file: string, docIndex: number, local: boolean, inDirectory: boolean): void => {
    const target = st.target ? store.sectionId(st.target.value) : current;
    const line: LogicalLine = st.line;
    // Between the entries loaded so far and the next one (see R_OWNER).
    sc.owner = 2 * store.entryCount - 1;
    const ok = strCopy(sc, line.text, st.path.from, st.path.from + st.path.raw.length, line, docIndex, target, dollarid, true, -1);
    const record = (info: Omit<IncludeInfo, 'node' | 'file' | 'local'>): void => {
      includes.push({ node: st, file, local, ...info });
    };
    if (!ok) {
      scanProblem(file, line);
      record({ files: [], status: 'failed' });
      return;
    }
    const includeDir = readEnv('OPENSSL_CONF_INCLUDE') ?? includedir;
    let path = sc.out;
    if (includeDir !== undefined && !isAbsolute(path)) path = joinPath(includeDir, path);
    const span = st.path.end > st.path.start ? st.path : st;
    if (abspath && !isAbsolute(path)) {
      problem(file, span, 'CNF-053', 'error', tr`relative path: .pragma abspath is on, and '${path}' is not an absolute path.`);
      record({ path, files: [], status: 'relative-abspath' });
      return;
    }
    if (!env) {
      record({ path, files: [], status: 'no-fs' });
      return;
    }
    const resolved = isAbsolute(path) ? path : joinPath(env.cwd(), path);
    deps.add(resolved);
    const stat = env.fs.statSync(resolved);
    if (!stat) {
      const written = sc.out;
      const where =
        written !== path
          ? tr`'${written}' is looked up as ${path}, under the include directory ${includeDir} (${readEnv('OPENSSL_CONF_INCLUDE') !== undefined ? 'OPENSSL_CONF_INCLUDE' : `.pragma includedir`}), and that does not exist`
          : isAbsolute(path)
            ? tr`'${path}' does not exist`
            : tr`'${path}' does not exist in the working directory ${env.cwd()} (relative paths resolve against it, not against this file's folder)`;
      problem(file, span, 'CNF-050', 'warning', tr`.include target ${where}: OpenSSL silently skips it.`);
      record({ path, files: [], status: 'missing' });
      return;
    }
    const readOne = (p: string): boolean => {
      if (stack.includes(p)) {
        problem(file, span, 'CNF-059', 'warning', tr`Include cycle: '${p}' is already being read. OpenSSL would read it again and again until it runs out of file handles.`);
        return false;
      }
      const away = isOutside(p);
      if (away && !scope!.followOutside) {
        problem(file, span, 'CNF-050', 'warning', tr`.include target '${p}' is outside ${realRoots.length === 1 ? realRoots[0] : tr`the checked folders`}: it is not read here${scope!.followHint ? ` (${scope!.followHint})` : ''}, so its sections are not checked. OpenSSL would read it.`);
        return false;
      }
      const read = env.fs.readBoundedSync(p, Math.min(maxIncludeBytes, includeBudget));
      if (!read.ok) {
        const consequence =
          read.refusal === 'not-regular' ? tr`OpenSSL would block on it or read it without end` : read.refusal === 'too-large' ? tr`OpenSSL would read all of it` : tr`OpenSSL skips it`;
        problem(file, span, 'CNF-050', 'warning', tr`.include target '${p}' ${read.detail} (${consequence}).`);
        return false;
      }
      includeBudget -= read.bytes.length;
      if (away) outside.add(p);
      deps.add(p);
      const child = parseCnf(decoder.decode(read.bytes), { dollarid, skipBom: false });
      files.set(p, child);
      stack.push(p);
      const savedVia = viaTop;
      if (local) viaTop = st;
      runDoc(child, p, inDirectory || stat.type === 'directory');
      viaTop = savedVia;
      stack.pop();
      return true;
    };
    if (stat.type === 'directory') {
      if (inDirectory) {
        problem(file, span, 'CNF-050', 'warning', tr`recursive directory include: a file read from an included directory cannot include the directory '${path}'; OpenSSL skips it.`);
        record({ path, files: [], status: 'nested-directory' });
        return;
      }
      const names = (env.fs.readDirectorySync(resolved) ?? [])
        .filter((n) => {
          const l = n.toLowerCase();
          return (l.length > 5 && l.endsWith('.conf')) || (l.length > 4 && l.endsWith('.cnf'));
        })
        .sort();
      const read: string[] = [];
      for (const n of names) {
        const p = joinPath(resolved, n);
        if (env.fs.statSync(p)?.type !== 'file') continue;
        if (readOne(p)) read.push(p);
      }
      record({ path, files: read, status: 'ok' });
      return;
    }
    const ok2 = readOne(resolved);
    record({ path, files: ok2 ? [resolved] : [], status: ok2 ? 'ok' : stack.includes(resolved) ? 'cycle' : 'unreadable' });
  };

  runDoc(doc, topPath, false);

  if (outside.size) {
    // A value defined outside the scope and used by a reference is echoed nowhere.
    const rf = store.refs;
    for (let k = 0; k < store.refCount; k++) {
      const target = rf[k * RS + R_TARGET]!;
      if (target >= 0 && outside.has(store.fileOf(target))) secrets.push({ value: store.valueOf(target), written: `$${store.keyOf(target)}` });
    }
  }
  const sections = new S.StoredSections(store);
  let allEntries: readonly ConfEntry[] | undefined;
  let refs: readonly VariableRef[] | undefined;
  return {
    path: topPath,
    doc,
    sections,
    get allEntries() {
      return (allEntries ??= store.allEntries());
    },
    get refs() {
      return (refs ??= store.allRefs());
    },
    includes,
    problems,
    files,
    dependencies: [...deps],
    fatal,
    usesEnv,
    store,
    secrets,
    ...(env ? { fileExists: (p: string) => env.fs.statSync(p) !== undefined, engine: (id: string) => engineLookup(env, id) } : {}),
  };
}
