/**
 * Markdown rendering of the documentation catalogue (docs.ts), shared by hover
 * and completion. Pure string building. The words around a doc's prose are `tr`
 * templates and each prose field is one line of its own, so the localiser at the
 * LSP boundary translates both (the prose from server/l10n/docs.zh-cn.json).
 */
import { tr } from '../l10n';
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
  if (doc.deprecated) parts.push(tr`*Legacy: still accepted, but avoid it in new files.*`);
  parts.push(doc.summary);
  if (doc.detail) parts.push(doc.detail);
  const facts: string[] = [];
  if (doc.aliases?.length) facts.push(tr`- Also written: ${doc.aliases.map(code).join(', ')}`);
  if (doc.oid) facts.push(`- OID: ${code(doc.oid)}`);
  if (doc.neededBy) facts.push(tr`- Needed by: ${doc.neededBy}`);
  if (doc.default) facts.push(tr`- Default: ${doc.default}`);
  if (doc.example) facts.push(tr`- Example: ${code(doc.example)}`);
  if (facts.length) parts.push(facts.join('\n'));
  return parts.join('\n\n');
}

/** A one-line entry for a list of value words: `- \`word\` — summary (Needed by: ...)`. */
export function renderWordLine(word: string, doc: Doc | undefined, withNeededBy = true): string {
  if (!doc) return tr`- ${code(word)} — not a name Certwright knows`;
  const needed = withNeededBy && doc.neededBy ? doc.neededBy : undefined;
  if (doc.name !== word && doc.aliases?.includes(word)) {
    return needed ? tr`- ${code(word)} (same as ${code(doc.name)}) — ${doc.summary} *Needed by:* ${needed}` : tr`- ${code(word)} (same as ${code(doc.name)}) — ${doc.summary}`;
  }
  return needed ? tr`- ${code(word)} — ${doc.summary} *Needed by:* ${needed}` : wordLine(word, doc.summary);
}

/** `- \`word\` — summary`: one value word in a list, also for words hover documents itself. */
export function wordLine(word: string, summary: string): string {
  return tr`- ${code(word)} — ${summary}`;
}

/** Short documentation for a completion item: summary plus example. */
export function completionDoc(doc: Doc): string {
  const parts = [doc.summary];
  if (doc.detail) parts.push(doc.detail);
  if (doc.neededBy) parts.push(tr`Needed by: ${doc.neededBy}`);
  if (doc.default) parts.push(tr`Default: ${doc.default}`);
  if (doc.example) parts.push(tr`Example: ${code(doc.example)}`);
  return parts.join('\n\n');
}

/** Names whose values are secrets (pass phrases, tokens): hover and completion never show their values. */
const secretName = /pass(word|phrase|wd)?|secret|token|\bpin\b|_pin|pin_/i;

export function isSecretName(name: string): boolean {
  return secretName.test(name);
}
