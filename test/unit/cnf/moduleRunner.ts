/**
 * Runs one rule module directly over a document (modules not yet registered in
 * rules/index.ts are tested this way), with 1-based lines like helpers.ts.
 */
import { analyzeCnf, clearCnfCache, type AnalyzeOptions, type CnfModel } from '../../../server/src/core/cnf';
import { FindingSink } from '../../../server/src/core/cnf/rules/util';
import { LineIndex } from '../../../server/src/core/lineIndex';
import type { Finding } from '../../../server/src/core/types';

export type RuleModule = (model: CnfModel, sink: FindingSink) => void;

export interface Found {
  readonly line: number;
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  /** The text the range covers. */
  readonly text: string;
  readonly finding: Finding;
}

export function runModule(rules: RuleModule, text: string, options: AnalyzeOptions = {}): Found[] {
  clearCnfCache();
  const a = analyzeCnf(text, { path: '/test/t.cnf', ...options });
  const sink = new FindingSink();
  rules(a.model, sink);
  const li = new LineIndex(text);
  return sink.findings.map((f) => ({ line: li.positionAt(f.start).line + 1, code: f.code, severity: f.severity, message: f.message, text: text.slice(f.start, f.end), finding: f }));
}

/** `line:code:severity` of every finding. */
export function summary(rules: RuleModule, text: string, options?: AnalyzeOptions): string[] {
  return runModule(rules, text, options).map((f) => `${f.line}:${f.code}:${f.severity}`);
}

/** Every error of the whole registered rule set (to show a fix leaves none). */
export function allErrors(text: string, options?: AnalyzeOptions): string[] {
  clearCnfCache();
  const a = analyzeCnf(text, { path: '/test/t.cnf', ...options });
  return a.findings.filter((f) => f.severity === 'error').map((f) => f.code);
}
