/**
 * Rewrites offered on an openssl.cnf line (code actions that are not fixes):
 * turn a short-form subjectAltName / issuerAltName list (`DNS:a, IP:10.0.0.1`)
 * into the long form `@alt_names` with a new `[ alt_names ]` section holding
 * `DNS.1 = a`, `IP.1 = 10.0.0.1` — the form that scales and allows commas in values.
 * Pure: offsets in, text edits out.
 */
import type { TextEdit } from '../types';
import { statementAt, valueItems, type FeatureModel } from './featureModel';
import { generalNameTypes } from './vocabulary';

export interface CnfRewrite {
  readonly title: string;
  readonly kind: 'refactor.rewrite';
  readonly edits: readonly TextEdit[];
}

const listExtensions = new Set(['subjectAltName', 'issuerAltName']);

/** A section name not used yet: `alt_names`, `alt_names_2`, ... */
function freshSectionName(model: FeatureModel, base: string): string {
  if (!model.sections.has(base)) return base;
  for (let i = 2; ; i++) if (!model.sections.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function rewritesAt(model: FeatureModel, start: number, end: number): CnfRewrite[] {
  const st = statementAt(model.doc, start);
  if (st?.kind !== 'assignment' || end > Math.max(st.end, st.value.end) + 1) return [];
  const key = st.key.value;
  if (!listExtensions.has(key) || st.line.joins) return [];
  const items = valueItems(st);
  const critical = items[0]?.text === 'critical';
  const names = critical ? items.slice(1) : items;
  if (!names.length) return [];
  const entries: string[] = [];
  const counters = new Map<string, number>();
  for (const it of names) {
    const colon = it.text.indexOf(':');
    if (colon <= 0) return [];
    const type = it.text.slice(0, colon).trim();
    const value = it.text.slice(colon + 1).trim();
    if (!(generalNameTypes as readonly string[]).includes(type) || !value || /[#"'`\\$]/.test(value)) return [];
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    entries.push(`${type}.${n} = ${value}`);
  }
  const text = model.doc.text;
  const section = freshSectionName(model, key === 'subjectAltName' ? 'alt_names' : 'issuer_alt_names');
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const tail = text.length === 0 || text.endsWith('\n') ? '' : nl;
  return [
    {
      title: `Move the ${key} entries into a new [ ${section} ] section`,
      kind: 'refactor.rewrite',
      edits: [
        { start: st.value.start, end: st.value.end, newText: `${critical ? 'critical, ' : ''}@${section}` },
        { start: text.length, end: text.length, newText: `${tail}${nl}[ ${section} ]${nl}${entries.join(nl)}${nl}` },
      ],
    },
  ];
}
