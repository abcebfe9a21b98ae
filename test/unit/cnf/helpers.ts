import { analyzeCnf, clearCnfCache, type AnalyzeOptions } from '../../../server/src/core/cnf';
import { noteEdits } from '../../../server/src/core/cnf/edits';
import { LineIndex } from '../../../server/src/core/lineIndex';
import type { Finding } from '../../../server/src/core/types';

export interface Seen {
  readonly line: number;
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly finding: Finding;
}

/** Lints `text` and returns findings with 1-based lines. */
export function lint(text: string, options: AnalyzeOptions = {}): Seen[] {
  clearCnfCache();
  const a = analyzeCnf(text, { path: '/test/t.cnf', ...options });
  const li = new LineIndex(text);
  return a.findings.map((f) => ({ line: li.positionAt(f.start).line + 1, code: f.code, severity: f.severity, message: f.message, finding: f }));
}

export function errors(text: string, options?: AnalyzeOptions): string[] {
  return lint(text, options)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.line}:${f.code}`);
}

export function codes(text: string, options?: AnalyzeOptions): string[] {
  return lint(text, options).map((f) => `${f.line}:${f.code}`);
}

/** Applies the first fix of a finding to the text. */
export function applyFix(text: string, f: Finding, which = 0): string {
  const fix = f.fixes?.[which];
  if (!fix?.edits) throw new Error(`no fix on ${f.code}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

export const req = (ext: string, extra = ''): string =>
  `[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = v3_req\n${extra}[ dn ]\nCN = x\n[ v3_req ]\n${ext}\n`;

/**
 * A random edit of `text` (`at`: where, as a fraction of its length; `cut`: characters removed;
 * `insert`), noted for the incremental analysis of `path` as an editor's change is; the new text.
 */
export function noteRandomEdit(path: string, text: string, [at, cut, insert]: readonly [number, number, string]): string {
  const start = Math.floor(at * text.length);
  const end = Math.min(text.length, start + cut);
  const next = text.slice(0, start) + insert + text.slice(end);
  noteEdits(path, text, next, [{ start, end, length: insert.length }]);
  return next;
}
