/**
 * Hover for openssl.cnf: explains the key under the cursor for its section's role,
 * each word of its value (keyUsage, extendedKeyUsage, subjectAltName...), shows the
 * resolved value of a `$variable`, and the contents of a section named by
 * `@section`, `dirName:` or a section-naming value. Pure: offsets in, Markdown out.
 */
import { tr } from '../l10n';
import { code, isSecretName, renderDoc, renderWordLine, wordLine } from './docRender';
import {
  authorityKeyIdentifierDocs,
  basicConstraintsDocs,
  criticalDoc,
  directiveDocs,
  dnFieldDoc,
  extendedKeyUsageDoc,
  extensionDoc,
  generalNameDoc,
  extendedKeyUsageDocs,
  generalNameType,
  keyDoc,
  keyUsageDoc,
  keyUsageDocs,
  nsCertTypeDocs,
  nsCertTypeDoc,
  pragmaDocs,
  roleDocs,
  sectionReferenceDoc,
  subjectKeyIdentifierDocs,
  valueDocsFor,
  variableDoc,
  type Doc,
  type DocRole,
  type ExtensionDoc,
} from './docs';
import { itemAt, promptModeOf, statementAt, valueItems, type FeatureModel, type FeatureRef, type FeatureSection, type ValueItem } from './featureModel';
import type { AssignmentNode, IncludeNode } from './nodes';
import { isDottedOid, nearest } from './vocabulary';

export interface CnfHover {
  readonly start: number;
  readonly end: number;
  readonly markdown: string;
}

/** How many entries of a section a hover lists before eliding. */
const maxListedEntries = 25;

export function hoverAt(model: FeatureModel, offset: number): CnfHover | null {
  const ref = model.refAt(offset);
  if (ref) return { start: ref.start, end: ref.end, markdown: ref.kind === 'variable' ? variableHover(model, ref) : sectionRefHover(model, ref) };
  const st = statementAt(model.doc, offset);
  if (!st) return null;
  switch (st.kind) {
    case 'section': {
      if (offset > st.close) return null;
      const onName = offset >= st.name.start && offset <= st.name.end;
      return { start: onName ? st.name.start : st.start, end: onName ? st.name.end : st.close + 1, markdown: sectionHover(model, st.name.value) };
    }
    case 'include':
      return { start: st.start, end: st.end, markdown: includeHover(model, st) };
    case 'pragma': {
      const name = st.name?.value;
      const doc = pragmaDocs.find((p) => p.name === name);
      const md = doc ? `${renderDoc(doc, `**.pragma ${doc.name}**`)}` : renderDoc(directiveDocs[1]!);
      return { start: st.start, end: st.end, markdown: md };
    }
    case 'assignment':
      return assignmentHover(model, st, offset);
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Assignments
// ---------------------------------------------------------------------------------------------

function sectionOf(model: FeatureModel, node: AssignmentNode): FeatureSection | undefined {
  const e = model.entryOf.get(node);
  return e ? model.sections.get(e.section) : undefined;
}

/**
 * The section's roles; for one nothing in the file names, the role its shape shows: every value
 * match / supplied / optional is a policy section (`openssl ca -policy policy_loose`, the
 * tutorials' second policy).
 */
function rolesFor(section: FeatureSection | undefined): readonly DocRole[] {
  if (!section) return [];
  if (section.roles.length || !section.entries.length) return section.roles;
  return section.entries.every((e) => e.value === 'match' || e.value === 'supplied' || e.value === 'optional') ? ['policy'] : [];
}

/** The role the key is best explained in: the first role that documents it, else a guess. */
function roleForKey(roles: readonly DocRole[], key: string): DocRole | undefined {
  for (const r of roles) if (keyDoc(r, key)) return r;
  if (roles.length) return roles[0];
  for (const r of ['extensions', 'req', 'caSettings', 'default'] as const) if (keyDoc(r, key)) return r;
  return undefined;
}

function assignmentHover(model: FeatureModel, node: AssignmentNode, offset: number): CnfHover | null {
  const section = sectionOf(model, node);
  const key = node.key.value;
  const role = roleForKey(rolesFor(section), key);
  const inKey = offset >= (node.target?.start ?? node.key.start) && offset <= node.key.end;
  const entry = model.entryOf.get(node);
  if (inKey) {
    let md = keyHover(role, key, node, entry?.value);
    if (md && role === 'dn' && section) md += promptNote(model, section, key);
    return md ? { start: node.key.start, end: node.key.end, markdown: md } : null;
  }
  if (offset < node.value.start || offset > node.value.end) return null;
  const word = valueWordHover(role, key, node, offset);
  if (word) return word;
  // Anywhere else in the value: explain the key, with the resolved value.
  const md = keyHover(role, key, node, entry?.value);
  return md ? { start: node.value.start, end: node.value.end, markdown: md } : null;
}

/** How `openssl req` uses a DN key: prompt text, or the subject value itself. */
function promptNote(model: FeatureModel, section: FeatureSection, key: string): string {
  const mode = promptModeOf(model, section.name);
  if (mode === undefined) return '';
  const f = dnFieldDoc(key);
  if (!mode) return `\n\n${f?.suffix ? tr`With \`prompt = no\` OpenSSL ignores ${code(f.suffix.name)} keys: the plain field is the value.` : tr`With \`prompt = no\` this value goes into the subject as written.`}`;
  if (f?.suffix) return '';
  const def = section.entries.find((e) => e.key === `${key}_default`);
  const answer = def ? tr`Pressing Enter (and \`-batch\`) uses ${code(`${key}_default`)} = ${code(def.node.value.raw)}.` : tr`There is no ${code(`${key}_default`)}: with \`-batch\` this field is left out of the subject.`;
  return `\n\n${tr`**Prompt mode** (no \`prompt = no\` in the req section): this value is the question \`openssl req\` asks. ${answer}`}`;
}

function extensionTitle(name: string, critical: boolean): string {
  return critical ? tr`**${name}** · extension · critical` : tr`**${name}** · extension`;
}

const hidden = tr`*(hidden: it looks like a secret)*`;

function resolvedLine(node: AssignmentNode, value: string | undefined): string | undefined {
  if (value === undefined || value === node.value.raw) return undefined;
  return tr`Resolved value: ${isSecretName(node.key.value) ? hidden : code(value)}`;
}

function keyHover(role: DocRole | undefined, key: string, node: AssignmentNode, value: string | undefined): string | undefined {
  const parts: string[] = [];
  const resolved = resolvedLine(node, value);
  if (role === 'extensions' || role === 'crlExtensions' || (!role && extensionDoc(key))) {
    const ext = extensionDoc(key);
    if (!ext) {
      return [tr`**${key}** · unknown extension`, tr`OpenSSL knows extensions only by their case-sensitive short names (e.g. \`subjectAltName\`); a name it does not know stops the command.`, resolved].filter(Boolean).join('\n\n');
    }
    const items = valueItems(node);
    const critical = items[0]?.text === 'critical';
    parts.push(renderDoc(ext, extensionTitle(ext.name, critical)));
    const lines = valueWordLines(ext, items);
    if (lines.length) parts.push(`${tr`**In this value**`}\n\n${lines.join('\n')}`);
    if (resolved) parts.push(resolved);
    return parts.join('\n\n');
  }
  if (role === 'dn' || role === 'attributes' || role === 'dirName' || role === 'policy') {
    const f = dnFieldDoc(key);
    if (!f) return [tr`**${key}** · ${roleDocs[role].name}`, tr`Not a field name Certwright knows; OpenSSL accepts it only if it is an object name it knows or one defined in \`oid_section\`.`, resolved].filter(Boolean).join('\n\n');
    parts.push(renderDoc(f.field, tr`**${f.field.name}** · ${roleDocs[role].name} field`));
    if (f.suffix) parts.push(tr`\`${f.suffix.name}\`: ${f.suffix.summary}`);
    if (f.parts.prefix) parts.push(tr`The ${code(f.parts.prefix)} prefix lets the same field appear more than once; OpenSSL ignores it otherwise.`);
    if (role === 'policy') parts.push(valueDocsFor('policy', key).map((d) => renderWordLine(d.name, d, false)).join('\n'));
    if (resolved) parts.push(resolved);
    return parts.join('\n\n');
  }
  if (role === 'generalNames') {
    const g = generalNameDoc(generalNameType(key));
    if (!g) return [tr`**${key}** · general name`, tr`Not a general-name type: use \`DNS\`, \`IP\`, \`email\`, \`URI\`, \`RID\`, \`dirName\` or \`otherName\`, optionally followed by \`.suffix\`.`].join('\n\n');
    parts.push(renderDoc(g, tr`**${g.name}** · general name entry`));
    if (key !== g.name) parts.push(tr`The ${code(key.slice(g.name.length))} suffix only makes the key unique; without it a repeated key replaces the earlier one.`);
    if (resolved) parts.push(resolved);
    return parts.join('\n\n');
  }
  if (role === 'asn1') {
    const what = tr`Its value is one field, written as \`TYPE:value\` (\`UTF8:text\`, \`INTEGER:5\`, \`OID:1.2.3\`, \`SEQUENCE:section\`…): OpenSSL takes the fields in file order; the key only tells them apart.`;
    return [tr`**${key}** · ${roleDocs.asn1.name} field`, what, resolved].filter(Boolean).join('\n\n');
  }
  const doc = role ? keyDoc(role, key) : undefined;
  if (!doc) return resolved ? `**${key}**\n\n${resolved}` : undefined;
  parts.push(renderDoc(doc, role ? tr`**${doc.name}** · ${roleDocs[role].name}` : tr`**${doc.name}** · key`));
  if (role === 'libraryInit' && key !== doc.name) parts.push(tr`OpenSSL reads ${code(key)} as ${code(doc.name)}: a key runs the first built-in module whose name begins with it (up to its last dot).`);
  const vocab = role ? valueDocsFor(role, key) : [];
  const chosen = vocab.find((d) => d.name === node.value.raw);
  if (chosen) parts.push(renderWordLine(chosen.name, chosen, false));
  if (resolved) parts.push(resolved);
  return parts.join('\n\n');
}

/** Documents each item of an extension value. */
/** Extension kinds whose value words the catalogue documents one by one. */
const wordKinds = new Set(['keyUsage', 'extendedKeyUsage', 'nsCertType', 'basicConstraints', 'subjectKeyIdentifier', 'authorityKeyIdentifier', 'generalNames']);

function valueWordLines(ext: ExtensionDoc, items: readonly ValueItem[]): string[] {
  const out: string[] = [];
  if (!wordKinds.has(ext.valueKind)) return out;
  for (const it of items) {
    if (!it.text) continue;
    if (it.index === 0 && it.text === 'critical') {
      out.push(renderWordLine('critical', criticalDoc, false));
      continue;
    }
    if (it.text.startsWith('@')) {
      out.push(wordLine(it.text, sectionReferenceDoc.summary));
      continue;
    }
    out.push(renderWordLine(it.text, wordDoc(ext, it.text)));
  }
  return out;
}

function findIn(docs: readonly Doc[], word: string): Doc | undefined {
  return docs.find((d) => d.name === word || d.aliases?.includes(word));
}

/** The documentation of one value word of an extension. */
function wordDoc(ext: ExtensionDoc, word: string): Doc | undefined {
  switch (ext.valueKind) {
    case 'keyUsage':
      return keyUsageDoc(word);
    case 'extendedKeyUsage':
      return extendedKeyUsageDoc(word);
    case 'nsCertType':
      return nsCertTypeDoc(word);
    case 'basicConstraints': {
      const [name, v] = splitColon(word);
      if (name === 'pathlen') return basicConstraintsDocs[2];
      if (name === 'CA' && v !== undefined) return findIn(basicConstraintsDocs, `CA:${v}`);
      return undefined;
    }
    case 'subjectKeyIdentifier':
      return findIn(subjectKeyIdentifierDocs, word) ?? (/^[0-9A-Fa-f:]+$/.test(word) ? { name: word, summary: tr`An explicit identifier in hex.` } : undefined);
    case 'authorityKeyIdentifier':
      return findIn(authorityKeyIdentifierDocs, word.replace(/\s+/g, ''));
    case 'generalNames': {
      const [type, v] = splitColon(word);
      const g = generalNameDoc(type);
      if (g && v !== undefined) return { ...g, name: `${type}:`, summary: g.summary };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Explains a word that is not in the extension's vocabulary (with the nearest known word). */
function unknownWord(ext: ExtensionDoc, word: string): string | undefined {
  const vocab = ext.valueKind === 'keyUsage' ? keyUsageDocs : ext.valueKind === 'extendedKeyUsage' ? extendedKeyUsageDocs : ext.valueKind === 'nsCertType' ? nsCertTypeDocs : undefined;
  if (!vocab) return undefined;
  if (ext.valueKind === 'extendedKeyUsage' && isDottedOid(word)) return `${tr`**${word}** · ${ext.name} value`}\n\n${tr`A purpose given by its numeric object identifier; OpenSSL accepts any well-formed OID here.`}`;
  const near = nearest(word, vocab.flatMap((d) => [d.name, ...(d.aliases ?? [])]));
  const why = near ? tr`OpenSSL does not know this word (names are case-sensitive) and refuses the section. Did you mean ${code(near)}?` : tr`OpenSSL does not know this word (names are case-sensitive) and refuses the section.`;
  return `${tr`**${word}** · not a ${ext.name} name`}\n\n${why}`;
}

const includeStatus: Record<string, string> = {
  missing: tr`does not exist: OpenSSL skips it silently`,
  unreadable: tr`cannot be read: OpenSSL skips it`,
  cycle: tr`includes itself (directly or through other files): OpenSSL would loop`,
  'relative-abspath': tr`is relative while \`.pragma abspath:on\` is in force: OpenSSL stops with "relative path"`,
  'nested-directory': tr`is a directory included from a directory include: OpenSSL refuses`,
  'no-fs': tr`not checked here`,
  failed: tr`could not be expanded`,
};

function includeHover(model: FeatureModel, node: IncludeNode): string {
  const parts = [renderDoc(directiveDocs[0]!)];
  const inc = model.includes.find((i) => i.node === node);
  if (inc?.path !== undefined) {
    const files = inc.files.length > 1 || (inc.files.length === 1 && inc.files[0] !== inc.path) ? `\n\n${inc.files.map((f) => `- ${code(f)}`).join('\n')}` : '';
    parts.push((inc.status === 'ok' ? tr`Resolves to ${code(inc.path)}: read.` : tr`Resolves to ${code(inc.path)}: ${includeStatus[inc.status] ?? inc.status}.`) + files);
  }
  return parts.join('\n\n');
}

function splitColon(word: string): [string, string | undefined] {
  const i = word.indexOf(':');
  return i === -1 ? [word.trim(), undefined] : [word.slice(0, i).trim(), word.slice(i + 1).trim()];
}

function valueWordHover(role: DocRole | undefined, key: string, node: AssignmentNode, offset: number): CnfHover | null {
  const ext = role === 'extensions' || role === 'crlExtensions' || !role ? extensionDoc(key) : undefined;
  if (ext) {
    const items = valueItems(node);
    const it = itemAt(items, offset);
    if (!it) return null;
    if (it.index === 0 && it.text === 'critical') return { start: it.start, end: it.end, markdown: renderDoc(criticalDoc) };
    const doc = wordDoc(ext, it.text);
    if (!doc) {
      const md = unknownWord(ext, it.text);
      return md ? { start: it.start, end: it.end, markdown: md } : null;
    }
    const title = tr`**${doc.name}** · ${ext.name} value`;
    const md = doc.aliases?.includes(it.text) ? `${renderDoc(doc, title)}\n\n${tr`${code(it.text)} is another spelling of ${code(doc.name)}.`}` : renderDoc(doc, title);
    return { start: it.start, end: it.end, markdown: md };
  }
  if (!role) return null;
  const vocab = valueDocsFor(role, key);
  const doc = vocab.find((d) => d.name === node.value.raw);
  if (!doc) return null;
  return { start: node.value.start, end: node.value.end, markdown: renderDoc(doc, tr`**${doc.name}** · value of ${code(key)}`) };
}

// ---------------------------------------------------------------------------------------------
// Sections and references
// ---------------------------------------------------------------------------------------------

function roleLine(section: FeatureSection | undefined): string {
  if (!section?.roles.length) return tr`Nothing in this file uses this section (a command-line option such as \`-extensions\` or \`-section\` may).`;
  return section.roles.map((r) => tr`*${roleDocs[r].name}*: ${roleDocs[r].summary}`).join('\n\n');
}

function usedByLine(model: FeatureModel, name: string): string | undefined {
  const uses = model.sectionRefsNamed(name);
  if (!uses.length) return undefined;
  const shown = uses.slice(0, 5).map((r) => tr`${code(refText(r as Extract<FeatureRef, { kind: 'section' }>))} (line ${model.lineOf(r.start)})`).join(', ');
  return uses.length > 5 ? tr`Used by ${shown}, and ${uses.length - 5} more.` : tr`Used by ${shown}.`;
}

/** How a section reference reads: `@alt`, `dirName:dir_sect`, `req_extensions = v3_req`. */
function refText(r: Extract<FeatureRef, { kind: 'section' }>): string {
  if (r.via === '$') return `$${r.name}::…`;
  if (r.via === '::') return `${r.name}::… =`;
  return r.via === '@' || r.via.endsWith(':') ? `${r.via}${r.name}` : `${r.via} = ${r.name}`;
}

function entriesBlock(section: FeatureSection): string {
  if (!section.entries.length) return tr`*The section is empty.*`;
  const lines = section.entries.slice(0, maxListedEntries).map((e) => `${e.key} = ${e.node.value.raw}`);
  if (section.entries.length > maxListedEntries) lines.push(`# … ${section.entries.length - maxListedEntries} more`);
  return ['```properties', ...lines, '```'].join('\n');
}

function sectionHover(model: FeatureModel, name: string): string {
  const section = model.sections.get(name);
  const parts = [`**[ ${name} ]**`, roleLine(section)];
  const used = usedByLine(model, name);
  if (used) parts.push(used);
  if (section && section.headers.length > 1) parts.push(tr`Opened ${section.headers.length} times in this file: OpenSSL merges the blocks into one section.`);
  return parts.join('\n\n');
}

function sectionRefHover(model: FeatureModel, ref: Extract<FeatureRef, { kind: 'section' }>): string {
  const section = model.sections.get(ref.name);
  if (!section) {
    const near = [...model.sections.keys()].find((n) => n.toLowerCase() === ref.name.toLowerCase());
    const why = near ? tr`No section of this name exists in this file. Section names are case-sensitive: did you mean ${code(near)}?` : tr`No section of this name exists in this file.`;
    return `${tr`**[ ${ref.name} ]** · not defined`}\n\n${why}`;
  }
  const title = section.headers[0] ? tr`**[ ${ref.name} ]** (line ${model.lineOf(section.headers[0].start)})` : `**[ ${ref.name} ]**`;
  return [title, roleLine(section), entriesBlock(section)].join('\n\n');
}

function variableHover(model: FeatureModel, ref: Extract<FeatureRef, { kind: 'variable' }>): string {
  const written = model.doc.text.slice(ref.start, ref.end);
  const parts = [tr`**${written}** · variable`];
  const st = statementAt(model.doc, ref.start);
  if (isSecretName(ref.name) || (st?.kind === 'assignment' && isSecretName(st.key.value))) {
    parts.push(tr`Value: ${hidden}`);
    if (ref.target?.local) parts.push(tr`Defined on line ${model.lineOf(ref.target.node.key.start)} in [ ${ref.target.section} ].`);
    else if (ref.from === 'env') parts.push(tr`Read from the environment variable ${code(ref.name)}.`);
    return parts.join('\n\n');
  }
  if (ref.from === 'env') {
    // The value itself is never shown: an environment can hold secrets (see secrets.ts).
    parts.push(ref.value !== undefined ? tr`Read from the environment variable ${code(ref.name)}, which is set here (its value is not shown).` : tr`Read from the environment variable ${code(ref.name)}.`);
  } else if (ref.target) {
    parts.push(tr`Value: ${code(ref.value ?? ref.target.node.value.raw)}`);
    const definition = code(`${ref.target.key} = ${ref.target.node.value.raw}`);
    parts.push(
      ref.target.local
        ? tr`Defined on line ${model.lineOf(ref.target.node.key.start)} in [ ${ref.target.section} ]: ${definition}`
        : tr`Defined in the included file ${code(ref.target.file ?? '?')} in [ ${ref.target.section} ]: ${definition}`,
    );
    if (ref.section && ref.target.section !== ref.section) parts.push(tr`${code(ref.name)} is not in [ ${ref.section} ], so OpenSSL takes it from the default section.`);
  } else if (ref.value !== undefined) {
    parts.push(tr`Value: ${code(ref.value)}`);
  } else if (ref.section === 'ENV') {
    parts.push(tr`The environment variable ${code(ref.name)} is not set here, and no ${code(ref.name)} is defined above this line in the default section: OpenSSL would stop with "variable has no value".`);
  } else {
    parts.push(tr`Not defined above this line. OpenSSL expands variables in file order and stops with "variable has no value".`);
  }
  if (ref.value === undefined) parts.push(variableDoc.summary);
  return parts.join('\n\n');
}
