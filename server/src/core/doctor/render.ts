/**
 * Text and Markdown forms of an explanation, shared by the CLI, the LSP request and
 * the palette command. The front end passes its localiser (core/l10n.ts): each
 * sentence and heading is translated on its own, so a line never depends on how
 * its parts would read back; the quoted message, the program, its source and the
 * commands stay as they are. (The text form's labels keep their indentation in the
 * template, so a front end that translates finished output line by line finds them too.)
 */
import { english, tr, type Localiser } from '../l10n';
import type { ExplainResult, Fact, Fix } from './explain';

/** `file:line` (1-based) or the file alone. */
function place(x: Fact | Fix): string {
  return `${x.file}${x.line !== undefined ? `:${x.line + 1}` : ''}`;
}

function commandLine(f: Fix): string {
  return f.command ? `\n      $ certwright ${f.command.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}` : '';
}

const nothingKnown = (): string => tr`No TLS error message that Certwright knows was found in the text.`;

export function renderExplanationText(result: ExplainResult, l10n: Localiser = english): string {
  const t = (s: string): string => l10n.text(s);
  if (!result.recognised) return `${t(nothingKnown())}\n`;
  const out: string[] = [];
  for (const e of result.explanations) {
    out.push(`● ${e.message}`, `  (${e.program}; ${e.source})`, '', t(tr`  What happened: ${e.what}`));
    if (e.why.length) out.push(t(tr`  Why:`), ...e.why.map((w) => `    - ${t(w.text)}${w.file && !w.text.includes(w.file) ? ` [${place(w)}]` : ''}`));
    if (e.fixes.length) out.push(t(tr`  Fix:`), ...e.fixes.map((f) => `    - ${t(f.title)}${commandLine(f)}`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** `toUri` turns a workspace path and 0-based line into a link target; without it, paths are shown as code. */
export function renderExplanationMarkdown(result: ExplainResult, toUri?: (file: string, line?: number) => string, l10n: Localiser = english): string {
  const t = (s: string): string => l10n.text(s);
  if (!result.recognised) return t(nothingKnown());
  const link = (x: Fact | Fix): string => (x.file ? (toUri ? ` — [${place(x)}](${toUri(x.file, x.line)})` : ` — \`${x.file}\``) : '');
  const out: string[] = [];
  for (const e of result.explanations) {
    out.push(`### ${t(e.what)}`, '', `> \`${e.message.replace(/`/g, "'")}\``, '', `*${e.program}* — ${e.source}`, '');
    if (e.why.length) out.push(t(tr`**Why**`), '', ...e.why.map((w) => `- ${t(w.text)}${link(w)}`), '');
    if (e.fixes.length) out.push(t(tr`**Fix**`), '', ...e.fixes.map((f) => `- ${t(f.title)}${link(f)}${f.command ? `\n\n  \`certwright ${f.command.join(' ')}\`` : ''}`), '');
  }
  return out.join('\n');
}
