/**
 * Completion for openssl.cnf: section names in headers, keys by the section's
 * role (extension names in extension sections, `req` / CA keys, DN fields,
 * `DNS.N` / `IP.N` in general-name sections), values (keyUsage words,
 * extendedKeyUsage names, subjectAltName types, `critical`, basicConstraints,
 * fixed vocabularies), `@section` / `dirName:` / section-naming targets, and
 * `$var` targets — only names defined above the cursor, as OpenSSL expands in
 * file order. Pure: offsets in, items with replace ranges out.
 */
import { tr } from '../l10n';
import { completionDoc, isSecretName } from './docRender';
import {
  asn1TypeDocs,
  authorityKeyIdentifierDocs,
  basicConstraintsDocs,
  criticalDoc,
  directiveDocs,
  dnFieldDoc,
  dnFieldDocs,
  dnSuffixDocs,
  extendedKeyUsageDocs,
  extensionDoc,
  generalNameDocs,
  generalNameType,
  keyUsageDocs,
  keysByRole,
  nsCertTypeDocs,
  pragmaDocs,
  roleDocs,
  subjectKeyIdentifierDocs,
  valueDocsFor,
  type Doc,
  type DocRole,
} from './docs';
import { inComment, promptModeOf, sectionNameAt, statementAt, type FeatureModel, type FeatureSection } from './featureModel';
import { extensions } from './vocabulary';
import { asn1Parts } from './x509values';

export type CnfCompletionKind = 'section' | 'key' | 'extension' | 'field' | 'value' | 'variable' | 'keyword' | 'snippet';

export interface CnfCompletion {
  readonly label: string;
  readonly kind: CnfCompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text inserted instead of the label; a snippet when `snippet` is set. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** Range replaced by the item. */
  readonly start: number;
  readonly end: number;
  readonly sortText?: string;
  readonly filterText?: string;
  /** Ask the editor to complete again after inserting (e.g. after `keyUsage = `). */
  readonly retrigger?: boolean;
  /** Legacy or weak (shown struck through, sorted last). */
  readonly deprecated?: boolean;
}

/** Keys whose value names a section, by the role of the section they are written in. */
export const sectionNamingKeys: Readonly<Partial<Record<DocRole, readonly string[]>>> = {
  default: ['openssl_conf', 'oid_section'],
  req: ['distinguished_name', 'attributes', 'req_extensions', 'x509_extensions', 'oid_section'],
  ca: ['default_ca'],
  tsa: ['default_tsa'],
  caSettings: ['policy', 'x509_extensions', 'crl_extensions', 'oid_section'],
  libraryInit: ['providers', 'alg_section', 'ssl_conf', 'engines', 'random', 'oid_section', 'stbl_section'],
};

/** Usual section names offered in an empty header when nothing refers to a missing one. */
const commonSectionNames = ['req', 'req_distinguished_name', 'v3_req', 'v3_ca', 'alt_names', 'ca', 'CA_default', 'policy_match', 'policy_anything', 'usr_cert', 'crl_ext'];

/** Extensions offered first. */
const preferredExtensions = new Set(['basicConstraints', 'keyUsage', 'extendedKeyUsage', 'subjectAltName', 'subjectKeyIdentifier', 'authorityKeyIdentifier']);
const preferredWords = new Set(['digitalSignature', 'keyEncipherment', 'serverAuth', 'clientAuth']);
/** keyUsage words a CA needs, offered first in a section with `CA:TRUE`. */
const caWords = new Set(['keyCertSign', 'cRLSign', 'digitalSignature']);

function isCaSection(section: FeatureSection | undefined): boolean {
  const bc = section?.entries.find((e) => e.key === 'basicConstraints');
  return !!bc && /\bCA\s*:\s*(TRUE|true|Y|y|YES|yes)\b/.test(bc.value ?? bc.node.value.raw);
}

const NAME_CHAR = /[A-Za-z0-9_.;,/!%&*+?@^|~-]/;
const VAR_CHAR = /[A-Za-z0-9_]/;
const VAR_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Most section names one answer offers (`$sect::`, `@sect`, `dirName:`, a header): a file with
 * thousands of sections would otherwise send them all on every `$` (a megabyte of JSON). The
 * answer is then marked incomplete and the editor asks again as the user types, which narrows
 * the names (clangd bounds its answers the same way).
 */
export const maxSectionItems = 1000;

/** A completion answer: `incomplete` when some names were left out (see maxSectionItems). */
export interface CnfCompletionList {
  readonly items: CnfCompletion[];
  readonly incomplete: boolean;
}

/** Set by the builders of one answer when they leave names out. */
interface Bound {
  incomplete: boolean;
}

/**
 * The candidates an answer keeps: those whose label the typed text may match (editors filter
 * by a case-insensitive subsequence at most), the first maxSectionItems by sort text.
 */
function keep<T extends { readonly label: string; readonly sortText: string }>(candidates: T[], typed: string, bound: Bound): T[] {
  const t = typed.toLowerCase();
  const matching = t ? candidates.filter((c) => isSubsequence(t, c.label.toLowerCase())) : candidates;
  if (matching.length < candidates.length || matching.length > maxSectionItems) bound.incomplete = true;
  if (matching.length > maxSectionItems) matching.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)).length = maxSectionItems;
  return matching;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

export function completionsAt(model: FeatureModel, offset: number): CnfCompletion[] {
  return completionListAt(model, offset).items;
}

/** The completions at `offset`, and whether names were left out of them (the editor should ask again as the user types). */
export function completionListAt(model: FeatureModel, offset: number): CnfCompletionList {
  const bound: Bound = { incomplete: false };
  const items = completions(model, offset, bound);
  return { items, incomplete: bound.incomplete };
}

function completions(model: FeatureModel, offset: number, bound: Bound): CnfCompletion[] {
  const text = model.doc.text;
  if (inComment(model.doc, offset)) return [];
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const sectionName = sectionNameAt(model.doc, offset);
  const section = model.sections.get(sectionName);

  // [ header
  const header = /^\s*\[\s*([^\]]*)$/.exec(prefix);
  if (header) return headerCompletions(model, offset, offset - header[1]!.length, text, bound);

  const st = statementAt(model.doc, offset);
  let key: string | undefined;
  let valueStart: number | undefined;
  if (st?.kind === 'assignment' && offset > st.eq) {
    key = st.target ? `${st.target.value}::${st.key.value}` : st.key.value;
    const afterEq = text.slice(st.eq + 1, offset);
    valueStart = offset - afterEq.trimStart().length;
  } else {
    const eq = prefix.indexOf('=');
    if (eq !== -1) {
      key = prefix.slice(0, eq).trim();
      const afterEq = prefix.slice(eq + 1);
      valueStart = offset - afterEq.trimStart().length;
    }
  }
  if (key !== undefined && valueStart !== undefined) {
    const sep = key.indexOf('::');
    let valueSection = section;
    if (sep !== -1) {
      valueSection = model.sections.get(key.slice(0, sep));
      key = key.slice(sep + 2);
    }
    return valueCompletions(model, valueSection, sectionName, key, text.slice(valueStart, offset).replace(/\\\r?\n/g, ''), valueStart, offset, bound);
  }

  // Key position: the word being typed.
  let wordStart = offset;
  while (wordStart > lineStart && NAME_CHAR.test(text[wordStart - 1]!)) wordStart--;
  if (text.slice(lineStart, wordStart).trim() !== '') return [];
  const word = text.slice(wordStart, offset);
  if (word.startsWith('.')) return directiveCompletions(wordStart, offset);
  return keyCompletions(model, section, sectionName, wordStart, offset);
}

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

function headerCompletions(model: FeatureModel, offset: number, start: number, text: string, bound: Bound): CnfCompletion[] {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd === -1 ? text.length : lineEnd);
  const close = rest.includes(']') ? '' : ' ]';
  const seen = new Set<string>();
  // Sections that are referred to but missing come first: that is what the user is about to write.
  const missing: { label: string; sortText: string; via: string }[] = [];
  for (const r of model.sectionRefs) {
    if (model.sections.has(r.name) || seen.has(r.name) || r.via === '$' || !r.name) continue;
    seen.add(r.name);
    missing.push({ label: r.name, sortText: `0${r.name}`, via: r.via });
  }
  const out: CnfCompletion[] = keep(missing, text.slice(start, offset), bound).map(({ label, sortText, via }) => ({
    label,
    kind: 'section',
    detail: tr`named by ${via === '@' || via.endsWith(':') ? via + label : via}, not defined yet`,
    insertText: label + close,
    start,
    end: offset,
    sortText,
  }));
  for (const name of commonSectionNames) {
    if (seen.has(name) || model.sections.has(name)) continue;
    seen.add(name);
    out.push({ label: name, kind: 'section', detail: tr`common section name`, insertText: name + close, start, end: offset, sortText: `1${name}` });
  }
  return out;
}

function directiveCompletions(start: number, end: number): CnfCompletion[] {
  return [
    { label: '.include', kind: 'keyword', detail: tr`include a file or directory`, documentation: completionDoc(directiveDocs[0]!), insertText: '.include ${1:path}', snippet: true, start, end },
    { label: '.pragma', kind: 'keyword', detail: tr`parser setting`, documentation: completionDoc(directiveDocs[1]!), insertText: `.pragma \${1|${pragmaDocs.map((p) => p.name).join(',')}|}:\${2}`, snippet: true, start, end },
  ];
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

function rolesOf(section: FeatureSection | undefined, sectionName: string): readonly DocRole[] {
  const roles = section?.roles.filter((r) => r !== 'default' || sectionName === 'default') ?? [];
  if (roles.length) return roles;
  if (sectionName === 'default') return ['default'];
  if (sectionName === 'req') return ['req'];
  if (sectionName === 'ca') return ['ca'];
  // A section nothing names yet: most often an extension section for -extensions / -extfile.
  return ['extensions'];
}

function keyCompletions(model: FeatureModel, section: FeatureSection | undefined, sectionName: string, start: number, end: number): CnfCompletion[] {
  const present = new Set(section?.entries.map((e) => e.key) ?? []);
  const out: CnfCompletion[] = [];
  const seen = new Set<string>();
  const push = (c: CnfCompletion): void => {
    if (seen.has(c.label)) return;
    seen.add(c.label);
    out.push(c);
  };
  for (const role of rolesOf(section, sectionName)) {
    switch (role) {
      case 'extensions':
      case 'crlExtensions':
        for (const [name, info] of extensions) {
          if (info.syntax === 'unsupported' || present.has(name)) continue;
          const doc = extensionDoc(name);
          push({
            label: name,
            kind: 'extension',
            detail: tr`extension`,
            ...(doc ? { documentation: completionDoc(doc) } : {}),
            insertText: `${name} = `,
            start,
            end,
            sortText: `${preferredExtensions.has(name) ? '0' : doc?.deprecated ? '9' : '1'}${name}`,
            retrigger: true,
            ...(doc?.deprecated ? { deprecated: true } : {}),
          });
        }
        break;
      case 'dn':
      case 'dirName':
      case 'policy':
      case 'attributes': {
        if (role === 'dn' && section && promptModeOf(model, section.name)) {
          // Prompt mode: a field without `_default` is dropped by -batch; offer the default first.
          for (const e of section.entries) {
            const f = dnFieldDoc(e.key);
            const label = `${e.key}_default`;
            if (!f || f.suffix || present.has(label)) continue;
            push({ label, kind: 'field', detail: tr`answer used for ${e.key} when Enter is pressed or with -batch`, documentation: completionDoc(dnSuffixDocs[0]!), insertText: `${label} = `, start, end, sortText: `00${label}` });
          }
        }
        const fields = role === 'attributes' ? dnFieldDocs.filter((d) => d.name === 'challengePassword' || d.name === 'unstructuredName') : dnFieldDocs.filter((d) => d.name !== 'challengePassword');
        for (const d of fields) {
          for (const label of [d.name, ...(d.aliases ?? [])]) {
            if (present.has(label)) continue;
            push({ label, kind: 'field', detail: label === d.name ? tr`${roleDocs[role].name} field` : tr`short for ${d.name}`, documentation: completionDoc(d), insertText: `${label} = `, start, end, sortText: `${label === d.name ? '0' : '1'}${label}`, retrigger: role === 'policy' });
          }
        }
        break;
      }
      case 'generalNames':
        for (const g of generalNameDocs) {
          const used = [...present].filter((k) => generalNameType(k) === g.name);
          let n = 1;
          while (present.has(`${g.name}.${n}`)) n++;
          const label = `${g.name}.${n}`;
          push({ label, kind: 'field', detail: used.length ? tr`${g.name} entry #${n}` : tr`${g.name} entry`, documentation: completionDoc(g), insertText: `${label} = `, start, end, sortText: `0${g.name}` });
        }
        break;
      default: {
        const docs = keysByRole[role] ?? [];
        for (const d of docs) {
          if (present.has(d.name)) continue;
          const names = sectionNamingKeys[role]?.includes(d.name) ?? false;
          push({
            label: d.name,
            kind: 'key',
            detail: roleDocs[role].name,
            documentation: completionDoc(d),
            insertText: `${d.name} = `,
            start,
            end,
            retrigger: names || valueDocsFor(role, d.name).length > 0,
            ...(d.deprecated ? { deprecated: true, sortText: `9${d.name}` } : {}),
          });
        }
      }
    }
  }
  if (sectionName === 'default' || !out.length) {
    for (const d of directiveCompletions(start, end)) push({ ...d, sortText: `9${d.label}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

function valueCompletions(
  model: FeatureModel,
  section: FeatureSection | undefined,
  sectionName: string,
  key: string,
  valuePrefix: string,
  valueStart: number,
  offset: number,
  bound: Bound,
): CnfCompletion[] {
  // $variables: `$`, `${`, `$(`, `$name`, `$sect::name`.
  const v = /\$(\{|\()?([A-Za-z0-9_]*)(?:::([A-Za-z0-9_]*))?$/.exec(valuePrefix);
  if (v && !isEscaped(valuePrefix, v.index)) return variableCompletions(model, sectionName, v, offset, bound);

  const roles = rolesOf(section, sectionName);
  const asn1 = asn1TextStart(roles, sectionName, key, valuePrefix);
  if (asn1 !== undefined) return asn1Completions(model, sectionName, valuePrefix.slice(asn1), offset, bound);
  for (const role of roles) {
    if (sectionNamingKeys[role]?.includes(key)) return sectionNameCompletions(model, sectionName, valueStart, offset, '', bound);
  }
  const extRole = roles.find((r) => r === 'extensions' || r === 'crlExtensions');
  const ext = extRole ? extensionDoc(key) : undefined;
  if (ext) return extensionValueCompletions(model, sectionName, ext.name, ext.valueKind, valuePrefix, offset, bound, isCaSection(section));
  if (roles.includes('generalNames') && generalNameType(key) === 'dirName') return sectionNameCompletions(model, sectionName, valueStart, offset, '', bound);
  for (const role of roles) {
    const docs = valueDocsFor(role, key);
    if (docs.length) return docs.map((d) => valueItem(d, valueStart, offset));
  }
  return [];
}

/**
 * Where ASN.1 generator text (ASN1_generate_nconf) starts in a value being typed: every value of a
 * SEQUENCE / SET section and the default section's `asn1` (asn1parse -genconf); after `ASN1:` in an
 * extension section; after the `;` of an otherName (`otherName:OID;…` in a name list, or an
 * `otherName.N = OID;…` entry of a general-names section).
 */
function asn1TextStart(roles: readonly DocRole[], sectionName: string, key: string, valuePrefix: string): number | undefined {
  if (roles.includes('asn1') || (sectionName === 'default' && key === 'asn1')) return 0;
  if (roles.includes('extensions') || roles.includes('crlExtensions')) {
    const m = /^(?:critical\s*,\s*)?ASN1:\s*/.exec(valuePrefix);
    if (m) return m[0].length;
  }
  if (roles.includes('generalNames') && /^otherName(\.|$)/.test(key)) {
    const semi = valuePrefix.indexOf(';');
    return semi >= 0 ? semi + 1 : undefined;
  }
  const other = /otherName:[^;,]*;([^,]*)$/.exec(valuePrefix);
  return other ? valuePrefix.length - other[1]!.length : undefined;
}

/** ASN.1 types while the type is typed (after any `EXP:0,`-style modifiers); section names after `SEQUENCE:` / `SEQ:` / `SET:`. */
function asn1Completions(model: FeatureModel, sectionName: string, text: string, offset: number, bound: Bound): CnfCompletion[] {
  const p = asn1Parts(text);
  if (p.value === undefined) {
    const typed = /[A-Za-z0-9]*$/.exec(text)![0];
    const start = offset - typed.length;
    return asn1TypeDocs.map((d) => {
      const nests = d.name === 'SEQUENCE' || d.name === 'SET';
      return { ...valueItem(d, start, offset, nests ? '0' : '1'), insertText: d.name === 'NULL' ? d.name : `${d.name}:`, filterText: [d.name, ...(d.aliases ?? [])].join(' '), ...(nests ? { retrigger: true } : {}) };
    });
  }
  const type = p.type.toUpperCase();
  if (type !== 'SEQUENCE' && type !== 'SEQ' && type !== 'SET') return [];
  const typed = p.value.trimStart();
  if (/\s/.test(typed)) return [];
  return sectionNameCompletions(model, sectionName, offset - typed.length, offset, '', bound, 'asn1');
}

function isEscaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

function valueItem(d: Doc, start: number, end: number, sort = '1', label = d.name): CnfCompletion {
  const detail = d.aliases?.[0] ?? d.oid;
  return {
    label,
    kind: 'value',
    ...(detail ? { detail } : {}),
    documentation: completionDoc(d),
    start,
    end,
    sortText: `${d.deprecated ? '9' : sort}${label}`,
    ...(d.deprecated ? { deprecated: true } : {}),
  };
}

function variableCompletions(model: FeatureModel, sectionName: string, m: RegExpExecArray, offset: number, bound: Bound): CnfCompletion[] {
  const brace = m[1];
  const close = brace === '{' ? '}' : brace === '(' ? ')' : '';
  const qualifier = m[3] !== undefined ? m[2]! : undefined;
  const typed = m[3] ?? m[2]!;
  const start = offset - typed.length;
  const text = model.doc.text;
  const after = text[offset];
  const needClose = close && after !== close;
  const out: CnfCompletion[] = [];
  const seen = new Set<string>();
  const add = (name: string, section: string, value: string | undefined, sort: string): void => {
    if (seen.has(name) || !VAR_CHAR.test(name[0] ?? '') || ![...name].every((c) => VAR_CHAR.test(c))) return;
    seen.add(name);
    if (isSecretName(name)) value = undefined;
    out.push({
      label: name,
      kind: 'variable',
      detail: value !== undefined ? `= ${value.length > 50 ? value.slice(0, 49) + '…' : value}` : `[ ${section} ]`,
      documentation: value !== undefined ? tr`Defined in [ ${section} ]: \`${value}\`` : tr`Defined in [ ${section} ]`,
      insertText: name + (needClose ? close : ''),
      start,
      end: offset,
      sortText: `${sort}${name}`,
    });
  };
  /** Entries defined above the cursor in a section (OpenSSL expands in file order). */
  const visible = (name: string): { key: string; value: string | undefined }[] => {
    const s = model.sections.get(name);
    if (!s) return [];
    return s.entries.filter((e) => !e.local || e.node.start < offset).map((e) => ({ key: e.key, value: e.value }));
  };
  if (qualifier !== undefined) {
    if (qualifier === 'ENV') return out;
    for (const e of visible(qualifier)) add(e.key, qualifier, e.value, '0');
    for (const e of visible('default')) add(e.key, 'default', e.value, '1');
    return out;
  }
  for (const e of visible(sectionName)) add(e.key, sectionName, e.value, '0');
  if (sectionName !== 'default') for (const e of visible('default')) add(e.key, 'default', e.value, '1');
  out.push({ label: 'ENV::', kind: 'keyword', detail: tr`environment variable`, documentation: tr`Read a variable from the process environment: \`$ENV::HOME\`. OpenSSL falls back to a key of the same name in the default section when it is unset.`, start, end: offset, sortText: '2ENV' });
  // Sections with entries above the cursor, for `$sect::name` (their names only: no section's view is built).
  const sections: { label: string; sortText: string }[] = [];
  for (const name of model.sections.keys()) {
    if (name === sectionName || name === 'default' || !VAR_NAME.test(name)) continue;
    if (!(model.firstStartOf(name) < offset)) continue;
    sections.push({ label: `${name}::`, sortText: `3${name}` });
  }
  for (const { label, sortText } of keep(sections, typed, bound)) out.push({ label, kind: 'section', detail: tr`variables of another section`, start, end: offset, sortText, retrigger: true });
  return out;
}

function sectionNameCompletions(model: FeatureModel, current: string, start: number, offset: number, prefix: string, bound: Bound, preferRole?: DocRole): CnfCompletion[] {
  // Names first, from the roles alone; a section's view (its entries, for the documentation) only for those kept.
  const candidates: { label: string; sortText: string; name: string }[] = [];
  for (const name of model.sections.keys()) {
    if (name === current || name === 'default' || !name) continue;
    candidates.push({ label: prefix + name, sortText: `${preferRole && model.rolesOf(name).includes(preferRole) ? '0' : '1'}${name}`, name });
  }
  return keep(candidates, model.doc.text.slice(start, offset), bound).map(({ label, sortText, name }) => {
    const s = model.sections.get(name)!;
    const role = s.roles[0];
    return {
      label,
      kind: 'section',
      detail: role ? roleDocs[role].name : tr`section`,
      documentation: s.entries.length ? ['```properties', ...s.entries.slice(0, 10).map((e) => `${e.key} = ${e.node.value.raw}`), '```'].join('\n') : tr`empty section`,
      start,
      end: offset,
      sortText,
    };
  });
}

function extensionValueCompletions(
  model: FeatureModel,
  sectionName: string,
  extName: string,
  kind: string,
  valuePrefix: string,
  offset: number,
  bound: Bound,
  ca = false,
): CnfCompletion[] {
  const comma = valuePrefix.lastIndexOf(',');
  const before = comma === -1 ? [] : valuePrefix.slice(0, comma).split(',').map((s) => s.trim());
  const current = valuePrefix.slice(comma + 1);
  const typed = current.trimStart();
  const itemStart = offset - typed.length;
  const first = before.length === 0;
  const used = new Set(before);
  const out: CnfCompletion[] = [];
  if (first && 'critical'.startsWith(typed) && kind !== 'text') {
    out.push({ label: 'critical', kind: 'keyword', detail: tr`must come first`, documentation: completionDoc(criticalDoc), insertText: 'critical, ', start: itemStart, end: offset, sortText: '00critical', retrigger: true });
  }
  const sectionForm = extensionDoc(extName)?.sectionForm ?? false;
  if (sectionForm && typed.startsWith('@')) {
    return sectionNameCompletions(model, sectionName, itemStart + 1, offset, '', bound, 'generalNames');
  }
  const words = (docs: readonly Doc[]): void => {
    for (const d of docs) {
      if (used.has(d.name) || d.aliases?.some((a) => used.has(a))) continue;
      const preferred = kind === 'keyUsage' && ca ? caWords.has(d.name) : preferredWords.has(d.name);
      out.push(valueItem(d, itemStart, offset, preferred ? '0' : '1'));
    }
  };
  switch (kind) {
    case 'keyUsage':
      words(keyUsageDocs);
      break;
    case 'extendedKeyUsage':
      words(extendedKeyUsageDocs);
      break;
    case 'nsCertType':
      words(nsCertTypeDocs);
      break;
    case 'subjectKeyIdentifier':
      words(subjectKeyIdentifierDocs);
      break;
    case 'authorityKeyIdentifier':
      words(authorityKeyIdentifierDocs);
      break;
    case 'basicConstraints': {
      const hasCa = before.some((b) => b.startsWith('CA:'));
      if (!hasCa) for (const d of basicConstraintsDocs.slice(0, 2)) out.push(valueItem(d, itemStart, offset, '0'));
      if (!before.some((b) => b.startsWith('pathlen'))) out.push({ ...valueItem(basicConstraintsDocs[2]!, itemStart, offset, '1', 'pathlen:'), insertText: 'pathlen:${1:0}', snippet: true });
      break;
    }
    case 'generalNames': {
      const colon = typed.indexOf(':');
      if (colon !== -1) {
        const type = typed.slice(0, colon).trim();
        const vStart = itemStart + colon + 1;
        if (type === 'dirName') return sectionNameCompletions(model, sectionName, vStart, offset, '', bound, 'dirName');
        if (type === 'email') return ['copy', 'move'].map((w) => ({ label: w, kind: 'value' as const, detail: `email:${w}`, documentation: w === 'copy' ? tr`Copy the subject's emailAddress fields into this extension.` : tr`Move the subject's emailAddress fields here (they leave the subject).`, start: vStart, end: offset }));
        return [];
      }
      for (const g of generalNameDocs) {
        out.push({ label: `${g.name}:`, kind: 'value', detail: tr`e.g. ${g.name}:${g.valueExample}`, documentation: completionDoc(g), start: itemStart, end: offset, sortText: `1${g.name}`, ...(g.name === 'dirName' ? { retrigger: true } : {}) });
      }
      if (first || (before.length === 1 && before[0] === 'critical')) {
        for (const c of sectionNameCompletions(model, sectionName, itemStart, offset, '@', bound, 'generalNames')) out.push({ ...c, sortText: `2${c.sortText ?? c.label}` });
      }
      break;
    }
    default:
      if (sectionForm && first) for (const c of sectionNameCompletions(model, sectionName, itemStart, offset, '@', bound)) out.push(c);
  }
  return out;
}
