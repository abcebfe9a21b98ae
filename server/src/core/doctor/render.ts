/** Text and Markdown forms of an explanation, shared by the CLI, the LSP request and the palette command. */
import type { ExplainResult, Fact, Fix } from './explain';

function where(x: Fact | Fix): string {
  return x.file ? ` [${x.file}${x.line !== undefined ? `:${x.line + 1}` : ''}]` : '';
}

function commandLine(f: Fix): string {
  return f.command ? `\n      $ certwright ${f.command.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}` : '';
}

export function renderExplanationText(result: ExplainResult): string {
  if (!result.recognised) return 'No TLS error message that Certwright knows was found in the text.\n';
  const out: string[] = [];
  for (const e of result.explanations) {
    out.push(`● ${e.message}`, `  (${e.program}; ${e.source})`, '', `  What happened: ${e.what}`);
    if (e.why.length) out.push('  Why:', ...e.why.map((w) => `    - ${w.text}${w.file && !w.text.includes(w.file) ? where(w) : ''}`));
    if (e.fixes.length) out.push('  Fix:', ...e.fixes.map((f) => `    - ${f.title}${commandLine(f)}`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** `toUri` turns a workspace path and 0-based line into a link target; without it, paths are shown as code. */
export function renderExplanationMarkdown(result: ExplainResult, toUri?: (file: string, line?: number) => string): string {
  if (!result.recognised) return 'No TLS error message that Certwright knows was found in the text.';
  const link = (x: Fact | Fix): string => (x.file ? (toUri ? ` — [${x.file}${x.line !== undefined ? `:${x.line + 1}` : ''}](${toUri(x.file, x.line)})` : ` — \`${x.file}\``) : '');
  const out: string[] = [];
  for (const e of result.explanations) {
    out.push(`### ${e.what}`, '', `> \`${e.message.replace(/`/g, "'")}\``, '', `*${e.program}* — ${e.source}`, '');
    if (e.why.length) out.push('**Why**', '', ...e.why.map((w) => `- ${w.text}${link(w)}`), '');
    if (e.fixes.length) out.push('**Fix**', '', ...e.fixes.map((f) => `- ${f.title}${link(f)}${f.command ? `\n\n  \`certwright ${f.command.join(' ')}\`` : ''}`), '');
  }
  return out.join('\n');
}
