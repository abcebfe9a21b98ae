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
import type { ConfEntry } from './expand';
import type { SectionRole } from './model';
import type { AssignmentNode, CnfDocument, IncludeNode, SectionBlock, SectionHeaderNode, StatementNode } from './nodes';
import { lineOffset } from './nodes';
import { LineIndex } from '../lineIndex';

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
  /** Every local assignment, by node (duplicates included). */
  readonly entryOf: ReadonlyMap<AssignmentNode, FeatureEntry>;
  /** Sorted by start. */
  readonly refs: readonly FeatureRef[];
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

export function buildFeatureModel(analysis: CnfAnalysis): FeatureModel {
  const { config, model, doc } = analysis;
  const entries = new Map<ConfEntry, FeatureEntry>();
  const entry = (e: ConfEntry): FeatureEntry => {
    let f = entries.get(e);
    if (!f) {
      f = { section: e.section, key: e.key, node: e.node, value: e.failed ? undefined : e.value, local: e.local, ...(e.local ? {} : { file: e.file }) };
      entries.set(e, f);
    }
    return f;
  };
  const entryOf = new Map<AssignmentNode, FeatureEntry>();
  for (const e of config.allEntries) if (e.local) entryOf.set(e.node, entry(e));

  const sections = new Map<string, FeatureSection>();
  for (const [name, s] of config.sections) {
    const info = model.sections.get(name);
    let declarations: FeatureLocation[] | undefined;
    sections.set(name, {
      name,
      headers: s.headers.filter((h) => h.local).map((h) => h.node),
      // Built on first use (navigation only).
      get declarations(): readonly FeatureLocation[] {
        return (declarations ??= s.headers.map((h) => {
          const { start, end } = h.node.name;
          return h.local ? { start, end } : { file: h.file, start, end };
        }));
      },
      roles: info ? [...info.roles] : [],
      entries: s.entries.map(entry),
    });
  }

  const refs: FeatureRef[] = [];
  const includedRefs: IncludedRef[] = [];
  for (const r of model.sectionRefs) {
    const via = r.kind === '@section' ? '@' : r.kind === 'dirName' ? 'dirName:' : r.kind === 'variable' ? '$' : r.kind === 'target' ? '::' : (r.entry?.key ?? r.kind);
    if (r.local) refs.push({ kind: 'section', name: r.target, start: r.start, end: r.end, via });
    else includedRefs.push({ kind: 'section', name: r.target, start: r.start, end: r.end, via, file: r.file });
  }
  for (const r of config.refs) {
    const local = r.file === config.path;
    // Uses in included files serve navigation only: those that resolve to no definition are left out.
    if (!local && r.resolved?.kind !== 'entry') continue;
    const res = r.resolved;
    const ref: FeatureRef = {
      kind: 'variable',
      section: r.section?.value,
      name: r.name.value,
      start: r.start,
      end: r.end,
      target: res?.kind === 'entry' ? entry(res.entry) : undefined,
      value: res ? (res.kind === 'env' ? res.value : res.entry.value) : undefined,
      ...(res?.kind === 'env' ? { from: 'env' as const } : {}),
    };
    if (local) refs.push(ref);
    else includedRefs.push({ ...ref, file: r.file });
  }
  refs.sort((a, b) => a.start - b.start || b.end - a.end);
  let lines: LineIndex | undefined;
  const includes: FeatureInclude[] = config.includes
    .filter((i) => i.local)
    .map((i) => ({ node: i.node, ...(i.path !== undefined ? { path: i.path } : {}), files: i.files, status: i.status }));
  return {
    doc,
    sections,
    entryOf,
    refs,
    includes,
    path: config.path,
    includedRefs,
    dependencies: config.dependencies,
    secrets: config.secrets,
    textOf: (file) => config.files.get(file)?.text,
    lineOf: (offset) => (lines ??= new LineIndex(doc.text)).positionAt(offset).line + 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Positional helpers over the syntax tree
// ---------------------------------------------------------------------------------------------

/** The statement whose range contains `offset` (end inclusive, for a cursor at the end of a line). */
export function statementAt(doc: CnfDocument, offset: number): StatementNode | undefined {
  const sts = doc.statements;
  let lo = 0;
  let hi = sts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sts[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const st = sts[found]!;
  const end = st.kind === 'assignment' ? Math.max(st.end, st.value.end) : st.end;
  return offset <= end ? st : undefined;
}

/** The textual block (section as written) that contains `offset`. */
export function blockAt(doc: CnfDocument, offset: number): SectionBlock | undefined {
  let best: SectionBlock | undefined;
  for (const b of doc.blocks) {
    if (b.start <= offset) best = b;
    else break;
  }
  return best ?? doc.blocks[0];
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
  for (const r of model.refs) {
    if (r.kind !== 'section' || r.name !== dn || r.via !== 'distinguished_name') continue;
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
