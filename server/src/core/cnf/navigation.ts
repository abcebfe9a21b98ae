/**
 * Go to definition and find references in openssl.cnf, for sections (named by
 * `@section`, `dirName:sect`, section-naming values like `req_extensions = v3_req`,
 * `$sect::` and `sect::key =`) and for variables (`$var`, `${var}`, `$sect::var`),
 * following OpenSSL's lookup (file order, fallback to the default section).
 * Pure: offsets in, offsets out (this document only).
 */
import { refAt, statementAt, type FeatureEntry, type FeatureModel } from './featureModel';

export interface CnfSpan {
  readonly start: number;
  readonly end: number;
}

/** What the cursor is on, for navigation. */
type Target = { readonly kind: 'section'; readonly name: string } | { readonly kind: 'variable'; readonly entry: FeatureEntry };

function targetAt(model: FeatureModel, offset: number): Target | undefined {
  const ref = refAt(model.refs, offset);
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

function sectionDeclarations(model: FeatureModel, name: string): CnfSpan[] {
  return (model.sections.get(name)?.headers ?? []).map((h) => ({ start: h.name.start, end: h.name.end }));
}

/** Where the section or variable under the cursor is defined (headers of the section; the assignment of the variable). */
export function definitionAt(model: FeatureModel, offset: number): CnfSpan[] {
  const ref = refAt(model.refs, offset);
  if (ref?.kind === 'section') return sectionDeclarations(model, ref.name);
  if (ref?.kind === 'variable') {
    const e = ref.target;
    return e?.local ? [{ start: e.node.key.start, end: e.node.key.end }] : [];
  }
  return [];
}

/** Every use of the section or variable under the cursor, plus its definitions when asked. */
export function referencesAt(model: FeatureModel, offset: number, includeDeclaration: boolean): CnfSpan[] {
  const t = targetAt(model, offset);
  if (!t) return [];
  const out: CnfSpan[] = [];
  if (t.kind === 'section') {
    if (includeDeclaration) out.push(...sectionDeclarations(model, t.name));
    for (const r of model.refs) if (r.kind === 'section' && r.name === t.name) out.push({ start: r.start, end: r.end });
  } else {
    if (includeDeclaration && t.entry.local) out.push({ start: t.entry.node.key.start, end: t.entry.node.key.end });
    for (const r of model.refs) if (r.kind === 'variable' && r.target === t.entry) out.push({ start: r.start, end: r.end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Files an `.include` line under the cursor reads (absolute paths), for go to definition. */
export function includeTargetsAt(model: FeatureModel, offset: number): string[] {
  const st = statementAt(model.doc, offset);
  if (st?.kind !== 'include') return [];
  const inc = model.includes.find((i) => i.node === st);
  return inc && inc.status === 'ok' ? [...inc.files] : [];
}
