/**
 * Go to definition and find references in openssl.cnf, for sections (named by
 * `@section`, `dirName:sect`, section-naming values like `req_extensions = v3_req` or
 * `default_tsa = tsa_config1`, `SEQUENCE:sect` / `SET:sect` in ASN.1 values, `$sect::` and
 * `sect::key =`) and for variables (`$var`, `${var}`, `$sect::var`),
 * following OpenSSL's lookup (file order, fallback to the default section), across
 * `.include`d files: a definition or use written in an included file is a location
 * in that file. Pure: offsets in, locations out (texts come from the analysis).
 */
import { append } from '../append';
import { statementAt, type FeatureEntry, type FeatureLocation, type FeatureModel } from './featureModel';

export interface CnfSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A range in this document (`file` absent) or in an included file (`file` is its
 * path, offsets in `model.textOf(file)`).
 */
export type CnfLocation = FeatureLocation;

/** What the cursor is on, for navigation: a section, or the definition a variable resolves to. */
export type NavigationTarget = { readonly kind: 'section'; readonly name: string } | { readonly kind: 'variable'; readonly entry: FeatureEntry };
type Target = NavigationTarget;

/** The section or definition whose references the cursor at `offset` asks for. */
export function targetAt(model: FeatureModel, offset: number): Target | undefined {
  const ref = model.refAt(offset);
  if (ref?.kind === 'section') return { kind: 'section', name: ref.name };
  if (ref?.kind === 'variable') return ref.target ? { kind: 'variable', entry: ref.target } : undefined;
  const st = statementAt(model.doc, offset);
  if (st?.kind === 'section' && offset >= st.name.start && offset <= st.name.end) return { kind: 'section', name: st.name.value };
  if (st?.kind === 'assignment' && offset >= st.key.start && offset <= st.key.end) {
    const e = model.entryOf.get(st);
    if (e) return { kind: 'variable', entry: e };
  }
  return undefined;
}

/** Every header naming the section, here and in included files, in load order. */
function sectionDeclarations(model: FeatureModel, name: string): CnfLocation[] {
  return unique(model.sections.get(name)?.declarations ?? []);
}

/** Drops repeats, keeping the first: a file included twice yields the same places twice. */
function unique(locs: readonly CnfLocation[]): CnfLocation[] {
  // Per file, a number per range rather than a string per place (a string beyond 2^26 characters).
  const seen = new Map<string | undefined, Set<number | string>>();
  return locs.filter((l) => {
    let inFile = seen.get(l.file);
    if (!inFile) seen.set(l.file, (inFile = new Set()));
    const key = l.end < 67_108_864 ? l.start * 67_108_864 + l.end : `${l.start}:${l.end}`;
    if (inFile.has(key)) return false;
    inFile.add(key);
    return true;
  });
}

/** The key of an entry, where it is written. */
function entryLocation(e: FeatureEntry): CnfLocation[] {
  const { start, end } = e.node.key;
  if (e.local) return [{ start, end }];
  return e.file !== undefined ? [{ file: e.file, start, end }] : [];
}

/** Without repeats, in order: this document first, then files as first met (load order), each by offset. */
export function ordered(locs: readonly CnfLocation[]): CnfLocation[] {
  // The usual answer, uses of a name in this document only, comes in file order, each once:
  // starts that only grow hold no repeat (15,000 uses of a name cost milliseconds in a set).
  let increasing = true;
  for (let i = 0; increasing && i < locs.length; i++) increasing = locs[i]!.file === undefined && (i === 0 || locs[i - 1]!.start < locs[i]!.start);
  if (increasing) return [...locs];
  const out = unique(locs);
  // Repeats removed, locations all in this document and in file order need no sort.
  let sorted = true;
  for (let i = 0; sorted && i < out.length; i++) sorted = out[i]!.file === undefined && (i === 0 || out[i - 1]!.start <= out[i]!.start);
  if (sorted) return out;
  const rank = new Map<string | undefined, number>([[undefined, -1]]);
  for (const l of out) if (!rank.has(l.file)) rank.set(l.file, rank.size);
  return out.sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.start - b.start);
}

const at = (file: string | undefined, start: number, end: number): CnfLocation => (file === undefined ? { start, end } : { file, start, end });

/**
 * Where the thing under the cursor is defined: the headers of a section (here or in
 * included files), the assignment a variable resolves to, or the files an
 * `.include` line reads (at offset 0).
 */
export function definitionAt(model: FeatureModel, offset: number): CnfLocation[] {
  const ref = model.refAt(offset);
  if (ref?.kind === 'section') return sectionDeclarations(model, ref.name);
  if (ref?.kind === 'variable') return ref.target ? entryLocation(ref.target) : [];
  return includeTargetsAt(model, offset).map((file) => ({ file, start: 0, end: 0 }));
}

/** Every use of the section or variable under the cursor, here and in included files, plus its definitions when asked. */
export function referencesAt(model: FeatureModel, offset: number, includeDeclaration: boolean): CnfLocation[] {
  const t = targetAt(model, offset);
  return t ? referencesOf(model, t, includeDeclaration) : [];
}

/** Every use of a section or definition, here and in included files, plus its definitions when asked. */
export function referencesOf(model: FeatureModel, t: Target, includeDeclaration: boolean): CnfLocation[] {
  const out: CnfLocation[] = [];
  if (t.kind === 'section') {
    if (includeDeclaration) append(out, sectionDeclarations(model, t.name));
    for (const r of model.sectionRefsNamed(t.name)) out.push(at(undefined, r.start, r.end));
    for (const r of model.includedRefs) if (r.kind === 'section' && r.name === t.name) out.push(at(r.file, r.start, r.end));
  } else {
    if (includeDeclaration) out.push(...entryLocation(t.entry));
    append(out, model.variableUses(t.entry));
  }
  return ordered(out);
}

/**
 * The sections and definitions referred to at least `min` times in this document, most used
 * first: the names whose references answers are large (a name used 15,000 times).
 */
export function mostUsedTargets(model: FeatureModel, min: number): Target[] {
  return model.mostUsed(min).map(({ target }) => (typeof target === 'string' ? { kind: 'section', name: target } : { kind: 'variable', entry: target }));
}

/**
 * A key naming a target in a document: the section's name, or the definition's file, section
 * and key (`exact`: and where it is written, for a section with the key defined twice). Without
 * `exact` it is the same name after an edit moved the definition.
 */
export function targetKey(t: Target, exact: boolean): string {
  if (t.kind === 'section') return `s\0${t.name}`;
  const e = t.entry;
  const name = `v\0${e.local ? '' : `>${e.file ?? ''}`}\0${e.section}\0${e.key}`;
  return exact ? `${name}\0${e.node.key.start}` : name;
}

/** Files an `.include` line under the cursor reads (absolute paths), for go to definition. */
export function includeTargetsAt(model: FeatureModel, offset: number): string[] {
  const st = statementAt(model.doc, offset);
  if (st?.kind !== 'include') return [];
  const inc = model.includes.find((i) => i.node === st || i.node.start === st.start);
  return inc && inc.status === 'ok' ? [...inc.files] : [];
}
