/**
 * Loading an openssl.cnf the way NCONF_load does: statements in file order,
 * `.include` followed (OPENSSL_CONF_INCLUDE, then `.pragma includedir`, then the
 * working directory), `.pragma` state, and every value run through str_copy:
 * quotes, escapes and `$var` / `${var}` / `$(var)` / `$sect::var` expansion,
 * where a name is looked up in its section, then (for `ENV`) the environment,
 * then the `default` section — and only among names defined *earlier*.
 *
 * Pure: files come through `Environment.fs`, the environment through `getEnv`.
 */

import { ALNUM, charClass, DOLLAR, QUOTE } from './chars';

const table: Uint8Array = charClass;
function cls(c: number): number {
  return c < 128 ? table[c]! : 0;
}
function isVar(x: number, dollarid: boolean): boolean {
  return x < 128 && ((table[x]! & ALNUM) !== 0 || (dollarid && (table[x]! & DOLLAR) !== 0));
}
import type { Environment } from '../environment';
import type { AssignmentNode, CnfDocument, IncludeNode, LogicalLine, NameToken, SectionHeaderNode, Span, StatementNode } from './nodes';
import { lineOffset } from './nodes';
import { parseCnf } from './parser';

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
  readonly entries: ConfEntry[];
  readonly byKey: Map<string, ConfEntry>;
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
  readonly sections: Map<string, ConfSection>;
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
}

export interface LoadOptions {
  /** Path of the top-level file (pseudo-path for unsaved documents). */
  readonly path?: string;
  /** Files and environment. Without it, includes are not followed and ENV is empty. */
  readonly env?: Pick<Environment, 'fs' | 'getEnv' | 'cwd'>;
  /** Extra environment variables (tests, oracle). Checked before env.getEnv. */
  readonly vars?: Readonly<Record<string, string | undefined>>;
}

export interface ExpandResult {
  readonly value: string;
  readonly refs: VariableRef[];
  readonly error?: { readonly code: string; readonly message: string; readonly from: number; readonly to: number };
  /** Index in raw of an unbalanced quote (CNF-040). */
  readonly openQuote?: number;
}

type Lookup = (section: string, name: string) => VariableRef['resolved'];

const noRefs: readonly VariableRef[] = Object.freeze([]);

/** True when a raw value has nothing for str_copy to do (no $, backslash or quote). */
function isPlain(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 36 || c === 92 || c === 34 || c === 39 || c === 96) return false;
  }
  return true;
}

/**
 * str_copy: processes one raw value. `at` maps an index of `raw` to a source offset.
 */
export function expandValue(
  raw: string,
  section: string,
  dollarid: boolean,
  lookup: Lookup,
  line: LogicalLine,
  from0: number,
  file: string,
): ExpandResult {
  const at = (i: number): number => lineOffset(line, from0 + i);
  const refs: VariableRef[] = [];
  const n = raw.length;
  // Fast path: nothing to process.
  let plain = true;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 36 || c === 92 || c === 34 || c === 39 || c === 96) {
      plain = false;
      break;
    }
  }
  if (plain) return { value: raw, refs };
  let out = '';
  let bufLen = n + 1;
  let openQuote: number | undefined;
  let i = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);
    const k = c < 128 ? cls(c) : 0;
    if (k & QUOTE) {
      const q = c;
      const qAt = i;
      i++;
      // Copy runs between escapes at once (one string per run, not one per character).
      let run = i;
      while (i < n && raw.charCodeAt(i) !== q) {
        if (raw.charCodeAt(i) === 92) {
          if (i > run) out += raw.slice(run, i);
          i++;
          if (i >= n) {
            run = i;
            break;
          }
          run = i;
        }
        i++;
      }
      if (i > run) out += raw.slice(run, i);
      if (i < n && raw.charCodeAt(i) === q) i++;
      else openQuote = qAt;
      continue;
    }
    if (c === 92) {
      i++;
      if (i >= n) break;
      const v = raw[i]!;
      out += v === 'r' ? '\r' : v === 'n' ? '\n' : v === 'b' ? '\b' : v === 't' ? '\t' : v;
      i++;
      continue;
    }
    if (c === 36 && (!dollarid || raw[i + 1] === '{' || raw[i + 1] === '(')) {
      const from = i;
      let s = i + 1;
      const open = raw[s];
      const close = open === '{' ? '}' : open === '(' ? ')' : '';
      if (close) s++;
      let e = s;
      while (e < n && isVar(raw.charCodeAt(e), dollarid)) e++;
      let sect: NameToken | undefined;
      let np = s;
      let cp = section;
      if (raw[e] === ':' && raw[e + 1] === ':') {
        sect = { value: raw.slice(s, e), start: at(s), end: at(e) };
        cp = sect.value;
        e += 2;
        np = e;
        while (e < n && isVar(raw.charCodeAt(e), dollarid)) e++;
      }
      const nameTok: NameToken = { value: raw.slice(np, e), start: at(np), end: at(e) };
      if (close) {
        if (raw[e] !== close) {
          const stop = e < n ? `'${raw[e]}' ends the variable name (names are letters, digits and _)` : 'the value ends first';
          return {
            value: out,
            refs,
            error: { code: 'CNF-062', message: `no close brace: '${open}' is not closed by '${close}' (${stop}).`, from, to: Math.min(n, e + 1) },
          };
        }
        e++;
      }
      const resolved = lookup(cp, nameTok.value);
      const ref: VariableRef = {
        start: at(from),
        end: at(e),
        form: close ? (open === '{' ? '${' : '$(') : '$',
        section: sect,
        name: nameTok,
        lookupSection: cp,
        resolved,
        file,
      };
      refs.push(ref);
      if (!resolved) {
        const shown = raw.slice(from, e);
        const message =
          nameTok.value === ''
            ? `variable has no value: '$' is not followed by a variable name. Write \\$ for a literal dollar sign.`
            : `variable has no value: '${shown}' is not defined before this line${sect ? ` in [${cp}]` : ` in [${section}]`} or in the default section.`;
        const envRef = cp === 'ENV' && nameTok.value !== '';
        const envMessage = `variable has no value: environment variable ${nameTok.value} is not set here and there is no ${nameTok.value} in the default section to fall back on; OpenSSL fails to load the file unless ${nameTok.value} is set when it runs.`;
        return { value: out, refs, error: { code: envRef ? 'CNF-064' : nameTok.value === '' ? 'CNF-061' : 'CNF-060', message: envRef ? envMessage : message, from, to: e }, ...(openQuote !== undefined ? { openQuote } : {}) };
      }
      const p = resolved.kind === 'entry' ? resolved.entry.value : resolved.value;
      const newsize = p.length + bufLen - (e - from);
      if (newsize > maxValueLength) {
        return { value: out, refs, error: { code: 'CNF-065', message: `variable expansion too long: the value would exceed ${maxValueLength} bytes.`, from, to: e } };
      }
      bufLen = newsize;
      out += p;
      i = e;
      continue;
    }
    // Copy a run of ordinary characters at once.
    let j = i + 1;
    while (j < n) {
      const d = raw.charCodeAt(j);
      if (d === 36 || d === 92 || d === 34 || d === 39 || d === 96) break;
      j++;
    }
    out += raw.slice(i, j);
    i = j;
  }
  return openQuote !== undefined ? { value: out, refs, openQuote } : { value: out, refs };
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

const decoder = new TextDecoder();

/** Loads a document (and its includes) into sections. Never throws. */
export function loadConfig(doc: CnfDocument, options: LoadOptions = {}): LoadedConfig {
  const topPath = options.path ?? '<document>';
  const sections = new Map<string, ConfSection>();
  const allEntries: ConfEntry[] = [];
  const refs: VariableRef[] = [];
  const includes: IncludeInfo[] = [];
  const problems: LoadProblem[] = [];
  const files = new Map<string, CnfDocument>([[topPath, doc]]);
  const deps = new Set<string>();
  const env = options.env;
  const vars = options.vars;
  let fatal = false;
  let current = 'default';
  let dollarid = false;
  let abspath = false;
  let includedir: string | undefined;
  let seq = 0;
  /** Sections in which some key was set again (their entries hold replaced ones until the end). */
  const stale = new Set<ConfSection>();
  const stack: string[] = [topPath];
  let viaTop: IncludeNode | undefined;

  const getEnv = (name: string): string | undefined => {
    if (vars && Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    return env?.getEnv(name);
  };

  const section = (name: string): ConfSection => {
    let s = sections.get(name);
    if (!s) {
      s = { name, entries: [], byKey: new Map(), headers: [] };
      sections.set(name, s);
    }
    return s;
  };
  section('default');

  // One (immutable) resolution object per entry and fallback kind, shared by every reference to it.
  type Resolved = NonNullable<VariableRef['resolved']>;
  const direct = new Map<ConfEntry, Resolved>();
  const viaDefault = new Map<ConfEntry, Resolved>();
  const resolvedTo = (entry: ConfEntry, fallback: boolean): Resolved => {
    const cache = fallback ? viaDefault : direct;
    let r = cache.get(entry);
    if (!r) {
      r = { kind: 'entry', entry, viaDefault: fallback };
      cache.set(entry, r);
    }
    return r;
  };
  const lookup: Lookup = (sect, name) => {
    const e = sections.get(sect)?.byKey.get(name);
    if (e) return resolvedTo(e, false);
    if (sect === 'ENV') {
      const v = getEnv(name);
      if (v !== undefined) return { kind: 'env', value: v };
    }
    const d = sections.get('default')?.byKey.get(name);
    if (d) return resolvedTo(d, sect !== 'default');
    return undefined;
  };

  const problem = (file: string, span: Span, code: string, severity: LoadProblem['severity'], message: string): void => {
    const local = file === topPath;
    if (severity === 'error') fatal = true;
    problems.push({ file, local, start: span.start, end: span.end, code, severity, message, ...(!local && viaTop ? { via: viaTop } : {}) });
  };

  const runDoc = (d: CnfDocument, file: string, inDirectory: boolean): void => {
    const local = file === topPath;
    for (const note of d.notes) {
      problems.push({ ...note, file, local, ...(!local && viaTop ? { via: viaTop } : {}) });
    }
    for (const st of d.statements) runStatement(st, file, local, inDirectory);
    dollarid = d.dollaridAtEnd;
  };

  /** Set after an .include that left a different section current (CNF-058). */
  let switched: { node: IncludeNode; file: string; from: string; to: string } | undefined;

  const runStatement = (st: StatementNode, file: string, local: boolean, inDirectory: boolean): void => {
    if (switched) {
      if (st.kind === 'assignment' && switched.file === file) {
        problem(file, switched.node, 'CNF-058', 'warning', `The included file ends in section [${switched.to}], so the keys after this line go into [${switched.to}], not [${switched.from}]. Repeat [ ${switched.from} ] after the .include.`);
      }
      if (st.kind !== 'include') switched = undefined;
    }
    switch (st.kind) {
      case 'section': {
        current = st.name.value;
        section(current).headers.push({ node: st, file, local });
        return;
      }
      case 'error':
        problem(file, st, st.code, 'error', st.message);
        return;
      case 'pragma': {
        const name = st.name?.value;
        const v = st.value?.value.toLowerCase();
        if (name === 'dollarid') dollarid = v === 'on' || v === 'true';
        else if (name === 'abspath') abspath = v === 'on' || v === 'true';
        else if (name === 'includedir') includedir = st.value?.value;
        return;
      }
      case 'assignment': {
        const target = st.target?.value ?? current;
        const line = st.line;
        const raw = st.value.raw;
        const r = isPlain(raw) ? ({ value: raw, refs: noRefs as VariableRef[] } as ExpandResult) : expandValue(raw, target, dollarid, lookup, line, st.value.from, file);
        for (let ri = 0; ri < r.refs.length; ri++) refs.push(r.refs[ri]!);
        if (r.error) {
          const at = (i: number): number => lineOffset(line, st.value.from + i);
          problem(file, { start: at(r.error.from), end: at(Math.max(r.error.to, r.error.from + 1)) }, r.error.code, r.error.code === 'CNF-064' ? 'warning' : 'error', r.error.message);
        } else if (r.openQuote !== undefined) {
          const qs = lineOffset(line, st.value.from + r.openQuote);
          problem(file, { start: qs, end: qs + 1 }, 'CNF-040', 'warning', `Unbalanced quote: OpenSSL drops this ${st.value.raw[r.openQuote]} and keeps the rest of the line literally (the value becomes "${r.value}"). Escape it as \\${st.value.raw[r.openQuote]} if it is meant literally.`);
        }
        const sec = section(target);
        const prev = sec.byKey.get(st.key.value);
        const entry: ConfEntry = {
          section: target,
          key: st.key.value,
          value: r.value,
          node: st,
          file,
          local,
          refs: r.refs,
          failed: !!r.error,
          seq: seq++,
          replaced: prev,
        };
        // A replaced entry is dropped from sec.entries once loading is done (compact below):
        // removing it here would make a key set again and again cost O(n) each time.
        if (prev) stale.add(sec);
        sec.entries.push(entry);
        sec.byKey.set(entry.key, entry);
        allEntries.push(entry);
        return;
      }
      case 'include': {
        const before = current;
        runInclude(st, file, local, inDirectory);
        if (current !== before) switched = { node: st, file, from: before, to: current };
        return;
      }
    }
  };

  const runInclude = (st: IncludeNode, file: string, local: boolean, inDirectory: boolean): void => {
    const target = st.target?.value ?? current;
    const line: LogicalLine = st.line;
    const r = expandValue(st.path.raw, target, dollarid, lookup, line, st.path.from, file);
    for (const ref of r.refs) refs.push(ref);
    const record = (info: Omit<IncludeInfo, 'node' | 'file' | 'local'>): void => {
      includes.push({ node: st, file, local, ...info });
    };
    if (r.error) {
      const at = (i: number): number => lineOffset(line, st.path.from + i);
      problem(file, { start: at(r.error.from), end: at(Math.max(r.error.to, r.error.from + 1)) }, r.error.code, r.error.code === 'CNF-064' ? 'warning' : 'error', r.error.message);
      record({ files: [], status: 'failed' });
      return;
    }
    const includeDir = getEnv('OPENSSL_CONF_INCLUDE') ?? includedir;
    let path = r.value;
    if (includeDir !== undefined && !isAbsolute(path)) path = joinPath(includeDir, path);
    const span = st.path.end > st.path.start ? st.path : st;
    if (abspath && !isAbsolute(path)) {
      problem(file, span, 'CNF-053', 'error', `relative path: .pragma abspath is on, and '${path}' is not an absolute path.`);
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
      problem(file, span, 'CNF-050', 'warning', `.include target '${path}' does not exist${isAbsolute(path) ? '' : ` (relative paths resolve against ${includeDir !== undefined ? `the include directory ${includeDir}` : `the working directory ${env.cwd()}`}, not this file's folder)`}: OpenSSL silently skips it.`);
      record({ path, files: [], status: 'missing' });
      return;
    }
    const readOne = (p: string): boolean => {
      if (stack.includes(p)) {
        problem(file, span, 'CNF-059', 'warning', `Include cycle: '${p}' is already being read. OpenSSL would read it again and again until it runs out of file handles.`);
        return false;
      }
      const bytes = env.fs.readFileSync(p);
      if (!bytes) {
        problem(file, span, 'CNF-050', 'warning', `.include target '${p}' cannot be read: OpenSSL skips it.`);
        return false;
      }
      deps.add(p);
      const text = decoder.decode(bytes);
      const child = parseCnf(text, { dollarid, skipBom: false });
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
        problem(file, span, 'CNF-050', 'warning', `recursive directory include: a file read from an included directory cannot include the directory '${path}'; OpenSSL skips it.`);
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
    const ok = readOne(resolved);
    record({ path, files: ok ? [resolved] : [], status: ok ? 'ok' : stack.includes(resolved) ? 'cycle' : 'unreadable' });
  };

  runDoc(doc, topPath, false);
  for (const sec of stale) {
    const list = sec.entries;
    let w = 0;
    for (let r = 0; r < list.length; r++) {
      const e = list[r]!;
      if (sec.byKey.get(e.key) === e) list[w++] = e;
    }
    list.length = w;
  }
  return { path: topPath, doc, sections, allEntries, refs, includes, problems, files, dependencies: [...deps], fatal };
}
