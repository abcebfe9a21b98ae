/**
 * What the editor features (hover, completion, navigation) need to know about an
 * openssl.cnf file, in one small shape: the syntax tree, sections by name with
 * their roles and entries, and every reference (`$var`, `@section`, `dirName:sect`,
 * section-naming values) with its range. Built from the parser and the semantic
 * model (see buildFeatureModel), so the features do not depend on their internals.
 */
import type { Secret } from './secrets';
import type { CnfAnalysis } from './analyze';
import type { DocRole } from './docs';
import type { ConfEntry, ConfSection, LoadedConfig, VariableRef } from './expand';
import * as CS from './configStore';
import type { ConfigStore } from './configStore';
import * as R from './syntaxRows';
import { namesSection, type SectionRef, type SectionRole } from './model';
import type { AssignmentNode, CnfDocument, IncludeNode, SectionHeaderNode, StatementNode } from './nodes';
import { lineOffset } from './nodes';
import { LineIndex } from '../lineIndex';
import { lastAtOrBefore } from '../lowerBound';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-row loops.
const { F_LOCAL, RS, R_DOC, R_END, R_LOOKUP, R_SECT_END, R_SECT_START, R_START, R_TARGET } = CS;
const { KIND, KIND_SECTION, START, STRIDE } = R;

/** The catalogue's roles are the model's roles (compile-time check). */
const _sameRoles: DocRole = '' as SectionRole;
void _sameRoles;

export interface FeatureEntry {
  /** Section the entry is stored in (after `section::` redirection). */
  readonly section: string;
  readonly key: string;
  /** Its syntax node; offsets are in this document only when `local`. */
  readonly node: AssignmentNode;
  /** The value after quoting, escapes and `$` expansion; undefined when it could not be expanded. */
  readonly value: string | undefined;
  /** Written in this document (false: in an included file). */
  readonly local: boolean;
  /** The included file it comes from, when not local. */
  readonly file?: string;
}

/**
 * A range in this document (`file` absent) or in an included file (`file` is its
 * path, and the offsets are in that file's text: see {@link FeatureModel.textOf}).
 */
export interface FeatureLocation {
  readonly file?: string;
  readonly start: number;
  readonly end: number;
}

export interface FeatureSection {
  readonly name: string;
  /** Headers in this file that open (or re-open) the section, in file order. */
  readonly headers: readonly SectionHeaderNode[];
  /** The names of every header that opens the section, in this file or an included one, in load order. */
  readonly declarations: readonly FeatureLocation[];
  readonly roles: readonly DocRole[];
  /** Entries stored in the section, in file order (a later duplicate wins in OpenSSL). */
  readonly entries: readonly FeatureEntry[];
  /** Offset of the first of `entries` written here; -1 when one comes from an included file; Infinity when none. */
  readonly firstStart: number;
}

export type FeatureRef =
  | {
      readonly kind: 'section';
      readonly name: string;
      readonly start: number;
      readonly end: number;
      /** How the section is named: `@`, `dirName:`, or the key of a section-naming value (`req_extensions`). */
      readonly via: string;
    }
  | {
      readonly kind: 'variable';
      /** Section as written in `$sect::name` (undefined for `$name`). */
      readonly section: string | undefined;
      readonly name: string;
      /** The whole reference, `$` and braces included. */
      readonly start: number;
      readonly end: number;
      /** The definition it resolves to (undefined for the environment or when undefined). */
      readonly target: FeatureEntry | undefined;
      /** The value substituted (environment or entry), when known. */
      readonly value: string | undefined;
      /** `ENV` when the value came from the process environment. */
      readonly from?: 'env';
    };

/** A reference written in an included file (offsets in that file's text). */
export type IncludedRef = FeatureRef & { readonly file: string };

export interface FeatureInclude {
  readonly node: IncludeNode;
  /** The path after expansion and prefixing. */
  readonly path?: string;
  /** Files actually read. */
  readonly files: readonly string[];
  readonly status: string;
}

export interface FeatureModel {
  readonly doc: CnfDocument;
  /** Sections that exist (in this file or an included one), by name. */
  readonly sections: ReadonlyMap<string, FeatureSection>;
  /** The roles of a section (as `sections.get(name).roles`, without building its view: an outline asks for every section). */
  rolesOf(name: string): readonly DocRole[];
  /** `sections.get(name).firstStart`, without building the view (completion asks for every section). */
  firstStartOf(name: string): number;
  /** Every local assignment, by node (duplicates included). */
  readonly entryOf: { get(node: AssignmentNode): FeatureEntry | undefined };
  /** Sorted by start. */
  readonly refs: readonly FeatureRef[];
  /** The reference whose range contains `offset` (the innermost), as `refAt(refs, offset)`, without building every reference. */
  refAt(offset: number): FeatureRef | undefined;
  /** The section references of this document (`refs` of kind section), in the same order. */
  readonly sectionRefs: readonly Extract<FeatureRef, { kind: 'section' }>[];
  /** `sectionRefs` that name `name`, without building the others (a request after an edit asks for one section's). */
  sectionRefsNamed(name: string): Extract<FeatureRef, { kind: 'section' }>[];
  /**
   * Makes ahead what references of a section and the much-used names read: the section
   * references, sorted, a part at a time until `spent()` (idle time; a file with includes has
   * every reference built at once). True once made.
   */
  prepareSectionRefs(spent: () => boolean): boolean;
  /** Where `$references` resolve to `entry`: in this document in file order, then in included files in load order. */
  variableUses(entry: FeatureEntry): FeatureLocation[];
  /**
   * The definitions and sections this document refers to at least `min` times, and once at least (a large file's
   * much-used names, whose references answers are worth making ahead), most used first.
   */
  mostUsed(min: number): Array<{ readonly target: FeatureEntry | string; readonly uses: number }>;
  /** `.include` lines of this document with what they resolved to. */
  readonly includes: readonly FeatureInclude[];
  /** Path of this document as the loader knew it (a pseudo-path for unsaved documents). */
  readonly path: string;
  /** References written in included files, in load order (section and variable, like `refs`). */
  readonly includedRefs: readonly IncludedRef[];
  /** Files read through `.include` (for invalidation when they change). */
  readonly dependencies: readonly string[];
  /** Expansions never to be shown (from the environment, from files outside the workspace). */
  readonly secrets: readonly Secret[];
  /** The text a file was read with (this document's for its path); offsets of its nodes are in it. */
  textOf(file: string): string | undefined;
  /** 1-based line number of an offset (for "defined on line N"). */
  lineOf(offset: number): number;
}

// ---------------------------------------------------------------------------------------------
// Building from the analysis (parser + loader + semantic model)
// ---------------------------------------------------------------------------------------------

/**
 * A FeatureEntry over a loaded entry: the value is expanded only when a feature reads it
 * (a 100,000-line file has tens of thousands of entries; a hover reads a few).
 */
class EntryView implements FeatureEntry {
  readonly section: string;
  readonly key: string;
  readonly local: boolean;
  readonly file?: string;
  /** The entry's id in the store (its place in load order). */
  readonly id: number;
  constructor(private readonly e: ConfEntry) {
    this.id = e.seq;
    this.section = e.section;
    this.key = e.key;
    this.local = e.local;
    if (!this.local) this.file = e.file;
  }
  private n: AssignmentNode | undefined;
  get node(): AssignmentNode {
    return (this.n ??= this.e.node);
  }
  get value(): string | undefined {
    return this.e.failed ? undefined : this.e.value;
  }
}

/** A variable reference whose value is read from its target only when asked. */
class VariableRefView {
  readonly kind = 'variable' as const;
  readonly section: string | undefined;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly target: FeatureEntry | undefined;
  readonly from?: 'env';
  readonly file?: string;
  constructor(
    r: VariableRef,
    entry: (e: ConfEntry) => FeatureEntry,
    file: string | undefined,
  ) {
    const res = r.resolved;
    this.section = r.section?.value;
    this.name = r.name.value;
    this.start = r.start;
    this.end = r.end;
    this.target = res?.kind === 'entry' ? entry(res.entry) : undefined;
    if (res?.kind === 'env') {
      this.from = 'env';
      this.envValue = res.value;
    }
    if (file !== undefined) this.file = file;
  }
  private readonly envValue: string | undefined;
  get value(): string | undefined {
    return this.from === 'env' ? this.envValue : this.target?.value;
  }
}

/**
 * A variable reference of this document read from the store's rows: its range at once, the
 * rest (names, what it resolves to) on first use. Serves one document version, like the
 * model that holds it.
 */
class StoredRefView {
  readonly kind = 'variable' as const;
  private r: VariableRef | undefined;
  constructor(
    private readonly store: ConfigStore,
    private readonly k: number,
    private readonly entry: (e: ConfEntry) => FeatureEntry,
    readonly start: number,
    readonly end: number,
  ) {}
  private get ref(): VariableRef {
    return (this.r ??= this.store.ref(this.k));
  }
  get section(): string | undefined {
    return this.ref.section?.value;
  }
  get name(): string {
    return this.ref.name.value;
  }
  get target(): FeatureEntry | undefined {
    const res = this.ref.resolved;
    return res?.kind === 'entry' ? this.entry(res.entry) : undefined;
  }
  get from(): 'env' | undefined {
    return this.ref.resolved?.kind === 'env' ? 'env' : undefined;
  }
  get value(): string | undefined {
    const res = this.ref.resolved;
    return res?.kind === 'env' ? res.value : res?.kind === 'entry' ? this.target!.value : undefined;
  }
}

/** The order of `FeatureModel.refs`: by start, an enclosing reference before what it encloses. */
function byStart(a: { readonly start: number; readonly end: number }, b: { readonly start: number; readonly end: number }): number {
  return a.start - b.start || b.end - a.end;
}

/** Two lists each in byStart order, merged (on a tie, `a`'s first: as a stable sort of a then b). */
function mergeByStart(a: readonly FeatureRef[], b: readonly FeatureRef[]): FeatureRef[] {
  const out: FeatureRef[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) out[n++] = byStart(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out;
}

const noRoles: readonly DocRole[] = [];

/** The sorted copies of models' section reference lists: a patched model keeps the list (moved in place, in the same order). */
const sortedSectionRefs = new WeakMap<readonly SectionRef[], readonly SectionRef[]>();

/** A model's section reference list by start (as `refs` orders them), sorted once per list; usually in file order already (the load reads the document in order): then no copy. */
function sortedByStart(list: readonly SectionRef[]): readonly SectionRef[] {
  let sorted = sortedSectionRefs.get(list);
  if (!sorted) {
    let inOrder = true;
    for (let k = 1; inOrder && k < list.length; k++) inOrder = byStart(list[k - 1]!, list[k]!) <= 0;
    sorted = inOrder ? list : [...list].sort(byStart);
    sortedSectionRefs.set(list, sorted);
  }
  return sorted;
}

/** How a section reference names its section, as FeatureRef.via. */
function viaOf(r: SectionRef): string {
  if (r.kind === 'asn1Sequence' || r.kind === 'asn1Set') return r.kind === 'asn1Set' ? 'SET:' : 'SEQUENCE:';
  return r.kind === '@section' ? '@' : r.kind === 'dirName' ? 'dirName:' : r.kind === 'variable' ? '$' : r.kind === 'target' ? '::' : (r.entry?.key ?? r.kind);
}

function sectionFeatureRef(r: SectionRef): Extract<FeatureRef, { kind: 'section' }> {
  return { kind: 'section', name: r.target, start: r.start, end: r.end, via: viaOf(r) };
}


/** Local assignments by statement row, found from a node through its start offset. */
class EntryIndex {
  private byRow: Int32Array | undefined;
  constructor(
    private readonly config: LoadedConfig,
    private readonly entry: (e: ConfEntry) => FeatureEntry,
  ) {}
  get(node: AssignmentNode): FeatureEntry | undefined {
    const { doc, store } = this.config;
    const row = rowAt(doc, node.start);
    if (row < 0 || doc.statementAt(row) !== node) return undefined;
    if (store.docs.length === 1) {
      // One document: entries are in row order, so the row's entry is found by binary search
      // (no table of every row built on each new version).
      const id = lastAtOrBefore(store.entryCount, (i) => store.rowOf(i), row);
      return id >= 0 && store.rowOf(id) === row && store.flags(id) & F_LOCAL ? this.entry(store.entry(id)) : undefined;
    }
    if (!this.byRow) {
      const byRow = new Int32Array(doc.statementCount).fill(-1);
      for (let id = 0; id < store.entryCount; id++) {
        if (store.flags(id) & F_LOCAL) byRow[store.rowAt(id) / STRIDE] = id;
      }
      this.byRow = byRow;
    }
    const id = this.byRow[row]!;
    return id >= 0 ? this.entry(store.entry(id)) : undefined;
  }
}

/** Index of the statement row starting exactly at `offset`, or -1. */
function rowAt(doc: CnfDocument, offset: number): number {
  const d = doc.rows.data;
  let lo = 0;
  let hi = doc.statementCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = d[mid * STRIDE + START]!;
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The feature model of an analysis. Everything is built on first use and then kept
 * (one model serves every request on one document version): a request on a large file
 * pays for what it reads, not for every entry's expanded value. `lineOf` gives the 1-based
 * line of an offset where the host already knows the lines (an editor's document keeps them
 * across edits); without it a line index of the whole text is built on first use.
 */
export function buildFeatureModel(analysis: CnfAnalysis, lineOf?: (offset: number) => number): FeatureModel {
  const { config, model, doc } = analysis;
  const entries = new Map<ConfEntry, FeatureEntry>();
  const entry = (e: ConfEntry): FeatureEntry => {
    let f = entries.get(e);
    if (!f) {
      f = new EntryView(e);
      entries.set(e, f);
    }
    return f;
  };

  /** One section's view (built when it is first asked for: a hover needs one section, not all). */
  const sectionView = (name: string, s: ConfSection): FeatureSection => {
    const info = model.sections.get(name);
    let declarations: FeatureLocation[] | undefined;
    let headers: SectionHeaderNode[] | undefined;
    let list: FeatureEntry[] | undefined;
    let firstStart: number | undefined;
    return {
      name,
      get headers(): readonly SectionHeaderNode[] {
        return (headers ??= s.headers.filter((h) => h.local).map((h) => h.node));
      },
      // Built on first use (navigation only).
      get declarations(): readonly FeatureLocation[] {
        return (declarations ??= s.headers.map((h) => {
          const { start, end } = h.node.name;
          return h.local ? { start, end } : { file: h.file, start, end };
        }));
      },
      roles: info ? [...info.roles] : [],
      get entries(): readonly FeatureEntry[] {
        return (list ??= s.entries.map(entry));
      },
      get firstStart(): number {
        return (firstStart ??= s.firstStart);
      },
    };
  };
  const sections = new SectionViews(config.sections, sectionView);

  let refs: FeatureRef[] | undefined;
  let includedRefs: IncludedRef[] | undefined;
  const buildRefs = (): void => {
    const sectionRefs: FeatureRef[] = [];
    const included: IncludedRef[] = [];
    for (const r of model.sectionRefs) {
      if (r.local) sectionRefs.push(sectionFeatureRef(r));
      else included.push({ ...sectionFeatureRef(r), file: r.file });
    }
    // Variable references straight from the store's rows: a view per reference holds its
    // range and reads the rest when asked (a 100,000-line file has tens of thousands, a
    // request reads a few). The local ones are in file order already (the load reads the
    // document in order), so only the section references are sorted, and then merged.
    const { store } = config;
    const rf = store.refs;
    const variables: FeatureRef[] = [];
    let ordered = true;
    for (let k = 0; k < store.refCount; k++) {
      const at = k * RS;
      const file = store.docPaths[rf[at + R_DOC]!]!;
      if (file === config.path) {
        const start = rf[at + R_START]!;
        if (variables.length && variables[variables.length - 1]!.start >= start) ordered = false;
        variables.push(new StoredRefView(store, k, entry, start, rf[at + R_END]!));
        continue;
      }
      // Uses in included files serve navigation only: those that resolve to no definition are left out.
      if (rf[at + R_TARGET]! < 0) continue;
      included.push(new VariableRefView(store.ref(k), entry, file) as IncludedRef);
    }
    refs = ordered ? mergeByStart(sectionRefs.sort(byStart), variables) : sectionRefs.concat(variables).sort(byStart);
    includedRefs = included;
  };

  // Without included files every reference is written here, and the store holds the variable
  // references in file order: a request finds one by binary search in the store's rows and
  // the section references, and builds only what it returns (after an edit, `refs` would
  // build tens of thousands of views first).
  const { store } = config;
  let direct: boolean | undefined;
  const isDirect = (): boolean => {
    if (direct === undefined) {
      // One document read, under this path: every reference is local (a reference is local when
      // its file is the top path), with no look at each one.
      direct = store.docs.length === 1 && store.docPaths[0] === config.path;
      const rf = store.refs;
      for (let k = 1; direct && k < store.refCount; k++) if (rf[(k - 1) * RS + R_START]! >= rf[k * RS + R_START]!) direct = false;
    }
    return direct;
  };
  /** The model's section references by start (as `refs` orders them). */
  /** The model's section references by start. */
  const sortedSections = (): readonly SectionRef[] => sortedByStart(model.sectionRefs);
  const variableAt = (k: number): FeatureRef => new StoredRefView(store, k, entry, store.refs[k * RS + R_START]!, store.refs[k * RS + R_END]!);
  /**
   * refAt over the nine last references starting at or before offset from each of the three
   * sorted sources `refs` merges (the `$section::name` part of the store's rows, named section
   * references, variable references): the nine last of the merge are among them. Builds a
   * few references, not every section reference (the first hover on a large file did).
   */
  const directRefAt = (offset: number): FeatureRef | undefined => {
    const near: Array<{ ref: FeatureRef; rank: number }> = [];
    const named = sortedByStart(model.namedSectionRefs);
    for (let i = lastAtOrBefore(named.length, (k) => named[k]!.start, offset), n = 0; i >= 0 && n < 9; i--, n++) near.push({ ref: sectionFeatureRef(named[i]!), rank: 1 });
    const rf = store.refs;
    for (let k = lastAtOrBefore(store.refCount, (k) => rf[k * RS + R_START]!, offset), n = 0; k >= 0 && n < 9; k--, n++) {
      near.push({ ref: variableAt(k), rank: 2 });
      const at = k * RS;
      if (rf[at + R_SECT_START]! <= offset && namesSection(store, k)) {
        near.push({ ref: { kind: 'section', name: store.sectionName(rf[at + R_LOOKUP]!), start: rf[at + R_SECT_START]!, end: rf[at + R_SECT_END]!, via: '$' }, rank: 0 });
      }
    }
    // `refs` order: by start, then the section references (`$section::` ones first), then the variables.
    near.sort((a, b) => byStart(a.ref, b.ref) || a.rank - b.rank);
    return refAt(near.map((c) => c.ref), offset);
  };
  let sectionList: Extract<FeatureRef, { kind: 'section' }>[] | undefined;

  let lines: LineIndex | undefined;
  let includes: FeatureInclude[] | undefined;
  /** Every section's firstStart by id, made when completion first asks (this version's store: the model serves one version). */
  let firstStarts: Float64Array | undefined;
  const self: FeatureModel = {
    doc,
    sections,
    rolesOf: (name) => {
      const roles = config.sections.has(name) ? model.sections.get(name)?.roles : undefined;
      return roles?.size ? [...roles] : noRoles;
    },
    firstStartOf: (name) => {
      const id = store.sectionIds.get(name);
      if (id === undefined || !store.sectionExists(id)) return Infinity;
      return (firstStarts ??= store.firstStarts())[id]!;
    },
    entryOf: new EntryIndex(config, entry),
    get refs() {
      if (!refs) buildRefs();
      return refs!;
    },
    refAt: (offset) => (refs || !isDirect() ? refAt(self.refs, offset) : directRefAt(offset)),
    get sectionRefs() {
      return (sectionList ??= refs || !isDirect() ? (self.refs.filter((r) => r.kind === 'section') as Extract<FeatureRef, { kind: 'section' }>[]) : sortedSections().map(sectionFeatureRef));
    },
    prepareSectionRefs: (spent) => {
      if (refs || !isDirect()) void self.refs;
      else if (!model.prepareSectionRefs(spent)) return false;
      else sortedSections();
      return true;
    },
    sectionRefsNamed: (name) => {
      if (sectionList || refs || !isDirect()) return self.sectionRefs.filter((r) => r.name === name);
      const out: Extract<FeatureRef, { kind: 'section' }>[] = [];
      for (const r of sortedSections()) if (r.target === name) out.push(sectionFeatureRef(r));
      return out;
    },
    variableUses: (target) => {
      const out: FeatureLocation[] = [];
      if (!refs && isDirect() && target instanceof EntryView) {
        const rf = store.refs;
        for (let k = 0; k < store.refCount; k++) if (rf[k * RS + R_TARGET] === target.id) out.push({ start: rf[k * RS + R_START]!, end: rf[k * RS + R_END]! });
        return out;
      }
      for (const r of self.refs) if (r.kind === 'variable' && sameEntry(r.target, target)) out.push({ start: r.start, end: r.end });
      for (const r of self.includedRefs) if (r.kind === 'variable' && sameEntry(r.target, target)) out.push({ file: r.file, start: r.start, end: r.end });
      return out;
    },
    mostUsed: (atLeast) => {
      const min = Math.max(1, atLeast);
      const out: Array<{ target: FeatureEntry | string; uses: number }> = [];
      const sectionUses = new Map<string, number>();
      const count = (name: string): void => void sectionUses.set(name, (sectionUses.get(name) ?? 0) + 1);
      if (!refs && isDirect()) {
        // From the store's rows: no view of each reference built.
        const rf = store.refs;
        const uses = new Int32Array(store.entryCount);
        for (let k = 0; k < store.refCount; k++) {
          const t = rf[k * RS + R_TARGET]!;
          if (t >= 0) uses[t]!++;
        }
        for (let id = 0; id < uses.length; id++) if (uses[id]! >= min) out.push({ target: entry(store.entry(id)), uses: uses[id]! });
        for (const r of sortedSections()) count(r.target);
      } else {
        const uses = new Map<FeatureEntry, number>();
        for (const r of self.refs) {
          if (r.kind === 'section') count(r.name);
          else if (r.target) uses.set(r.target, (uses.get(r.target) ?? 0) + 1);
        }
        for (const [target, n] of uses) if (n >= min) out.push({ target, uses: n });
      }
      for (const [target, n] of sectionUses) if (n >= min) out.push({ target, uses: n });
      return out.sort((a, b) => b.uses - a.uses);
    },
    get includes() {
      return (includes ??= config.includes
        .filter((i) => i.local)
        .map((i) => ({ node: i.node, ...(i.path !== undefined ? { path: i.path } : {}), files: i.files, status: i.status })));
    },
    path: config.path,
    get includedRefs() {
      if (!includedRefs && !refs && isDirect()) includedRefs = [];
      if (!includedRefs) buildRefs();
      return includedRefs!;
    },
    dependencies: config.dependencies,
    secrets: config.secrets,
    textOf: (file) => config.files.get(file)?.text,
    lineOf: lineOf ?? ((offset) => (lines ??= new LineIndex(doc.text)).positionAt(offset).line + 1),
  };
  return self;
}

/** The same definition (by identity, or by place: entries may be rebuilt lazily by the loader). */
function sameEntry(a: FeatureEntry | undefined, b: FeatureEntry): boolean {
  if (!a) return false;
  return a === b || (a.local === b.local && a.file === b.file && a.section === b.section && a.key === b.key && a.node.key.start === b.node.key.start);
}

/** The sections by name, each view built on first use and then kept (its identity is stable). */
class SectionViews implements ReadonlyMap<string, FeatureSection> {
  private readonly views = new Map<string, FeatureSection>();
  constructor(
    private readonly source: ReadonlyMap<string, ConfSection>,
    private readonly view: (name: string, s: ConfSection) => FeatureSection,
  ) {}
  get(name: string): FeatureSection | undefined {
    let v = this.views.get(name);
    if (!v) {
      const s = this.source.get(name);
      if (!s) return undefined;
      v = this.view(name, s);
      this.views.set(name, v);
    }
    return v;
  }
  has(name: string): boolean {
    return this.source.has(name);
  }
  get size(): number {
    return this.source.size;
  }
  forEach(fn: (value: FeatureSection, key: string, map: ReadonlyMap<string, FeatureSection>) => void): void {
    for (const name of this.source.keys()) fn(this.get(name)!, name, this);
  }
  *entries(): MapIterator<[string, FeatureSection]> {
    for (const name of this.source.keys()) yield [name, this.get(name)!];
  }
  *keys(): MapIterator<string> {
    yield* this.source.keys();
  }
  *values(): MapIterator<FeatureSection> {
    for (const name of this.source.keys()) yield this.get(name)!;
  }
  [Symbol.iterator](): MapIterator<[string, FeatureSection]> {
    return this.entries();
  }
}

// ---------------------------------------------------------------------------------------------
// Positional helpers over the syntax tree
// ---------------------------------------------------------------------------------------------

/** Index of the last statement row starting at or before `offset`, or -1 (rows are in file order). */
function lastRowFrom(doc: CnfDocument, offset: number): number {
  const d = doc.rows.data;
  let lo = 0;
  let hi = doc.statementCount - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (d[mid * STRIDE + START]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The statement whose range contains `offset` (end inclusive, for a cursor at the end of a line).
 * Searches the parser's rows, so only that one node is built.
 */
export function statementAt(doc: CnfDocument, offset: number): StatementNode | undefined {
  const found = lastRowFrom(doc, offset);
  if (found < 0) return undefined;
  const st = doc.statementAt(found);
  const end = st.kind === 'assignment' ? Math.max(st.end, st.value.end) : st.end;
  return offset <= end ? st : undefined;
}

/** Whether `offset` is inside a comment, after its `#` (a search in the parser's comment offsets: no comment node is built). */
export function inComment(doc: CnfDocument, offset: number): boolean {
  const c = doc.commentOffsets;
  const i = lastAtOrBefore(c.length >> 1, (k) => c[k * 2]!, offset - 1);
  return i >= 0 && offset <= c[i * 2 + 1]!;
}

/** The name of the textual block (section as written) that contains `offset`: `default` before the first header. */
export function sectionNameAt(doc: CnfDocument, offset: number): string {
  const d = doc.rows.data;
  for (let i = lastRowFrom(doc, offset); i >= 0; i--) {
    if (d[i * STRIDE + KIND] === KIND_SECTION) return (doc.statementAt(i) as SectionHeaderNode).name.value;
  }
  return 'default';
}

/** The reference whose range contains `offset` (end inclusive). */
export function refAt(refs: readonly FeatureRef[], offset: number): FeatureRef | undefined {
  let lo = 0;
  let hi = refs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Refs may nest (`$sect::name` holds a section ref) or touch (`$a$b`): take the innermost.
  let best: FeatureRef | undefined;
  for (let i = found; i >= 0 && i >= found - 8; i--) {
    const r = refs[i]!;
    if (r.start <= offset && offset <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best;
}

/** One comma-separated item of an extension value, with source offsets of its trimmed text. */
export interface ValueItem {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly index: number;
}

/**
 * Splits an assignment's raw value at commas, the way OpenSSL reads extension
 * lists (items trimmed). Offsets map back through continuation lines.
 */
export function valueItems(node: AssignmentNode): ValueItem[] {
  const raw = node.value.raw;
  const out: ValueItem[] = [];
  let from = 0;
  let index = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== ',') continue;
    let a = from;
    let b = i;
    while (a < b && /\s/.test(raw[a]!)) a++;
    while (b > a && /\s/.test(raw[b - 1]!)) b--;
    out.push({ text: raw.slice(a, b), start: rawOffset(node, a), end: rawOffset(node, b), index: index++ });
    from = i + 1;
  }
  return out;
}

/** Source offset of index `i` of an assignment's raw value. */
export function rawOffset(node: AssignmentNode, i: number): number {
  return lineOffset(node.line, node.value.from + i);
}

/** The item containing `offset` (end inclusive), if any. */
export function itemAt(items: readonly ValueItem[], offset: number): ValueItem | undefined {
  return items.find((it) => it.start <= offset && offset <= it.end && it.end > it.start);
}

/**
 * Whether the DN section `dn` is read in prompt mode: some `req` section names it
 * with `distinguished_name` and does not set `prompt = no` (exactly lowercase `no`,
 * looked up in that section, then the default section). Undefined when nothing names it.
 */
export function promptModeOf(model: FeatureModel, dn: string): boolean | undefined {
  const reqs = new Set<string>();
  for (const r of model.sectionRefs) {
    if (r.name !== dn || r.via !== 'distinguished_name') continue;
    const st = statementAt(model.doc, r.start);
    const e = st?.kind === 'assignment' ? model.entryOf.get(st) : undefined;
    if (e) reqs.add(e.section);
  }
  if (!reqs.size) return undefined;
  const promptOf = (section: string): FeatureEntry | undefined => model.sections.get(section)?.entries.find((e) => e.key === 'prompt');
  for (const req of reqs) {
    const p = promptOf(req) ?? promptOf('default');
    if ((p?.value ?? p?.node.value.raw) !== 'no') return true;
  }
  return false;
}
