/**
 * Markdown rendering of the documentation catalogue (docs.ts), shared by hover
 * and completion. Pure string building.
 */
import type { Doc } from './docs';

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A full block for one documented name: title line, summary, detail, default, example. */
export function renderDoc(doc: Doc, title?: string): string {
  const parts: string[] = [];
  parts.push(title ?? `**${doc.name}**`);
  if (doc.deprecated) parts.push('*Legacy: still accepted, but avoid it in new files.*');
  parts.push(doc.summary);
  if (doc.detail) parts.push(doc.detail);
  const facts: string[] = [];
  if (doc.aliases?.length) facts.push(`Also written: ${doc.aliases.map(code).join(', ')}`);
  if (doc.oid) facts.push(`OID: ${code(doc.oid)}`);
  if (doc.neededBy) facts.push(`Needed by: ${doc.neededBy}`);
  if (doc.default) facts.push(`Default: ${doc.default}`);
  if (doc.example) facts.push(`Example: ${code(doc.example)}`);
  if (facts.length) parts.push(facts.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n');
}

/** A one-line entry for a list of value words: `- \`word\` — summary (Needed by: ...)`. */
export function renderWordLine(word: string, doc: Doc | undefined, withNeededBy = true): string {
  if (!doc) return `- ${code(word)} — not a name Certwright knows`;
  const needed = withNeededBy && doc.neededBy ? ` *Needed by:* ${doc.neededBy}` : '';
  const alias = doc.name !== word && doc.aliases?.includes(word) ? ` (same as ${code(doc.name)})` : '';
  return `- ${code(word)}${alias} — ${doc.summary}${needed}`;
}

/** Short documentation for a completion item: summary plus example. */
export function completionDoc(doc: Doc): string {
  const parts = [doc.summary];
  if (doc.detail) parts.push(doc.detail);
  if (doc.neededBy) parts.push(`Needed by: ${doc.neededBy}`);
  if (doc.default) parts.push(`Default: ${doc.default}`);
  if (doc.example) parts.push(`Example: ${code(doc.example)}`);
  return parts.join('\n\n');
}

/** Names whose values are secrets (pass phrases, tokens): hover and completion never show their values. */
const secretName = /pass(word|phrase|wd)?|secret|token|\bpin\b|_pin|pin_/i;

export function isSecretName(name: string): boolean {
  return secretName.test(name);
}
