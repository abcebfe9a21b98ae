import type { Finding, Fix, Severity } from '../../types';
import type { ConfEntry } from '../expand';

/** Collects findings for one document; keeps them in the document's offsets. */
export class FindingSink {
  readonly findings: Finding[] = [];
  add(code: string, severity: Severity, start: number, end: number, message: string, fixes?: readonly Fix[]): void {
    this.findings.push({ code, severity, start, end: Math.max(end, start), message, ...(fixes && fixes.length ? { fixes } : {}) });
  }
}

/** Whether positions inside an entry's expanded value map 1:1 onto its raw source text. */
export function valueIsVerbatim(e: ConfEntry): boolean {
  return e.refs.length === 0 && e.node.line.joins === undefined && e.node.value.raw === e.value;
}

/** Source range of value[from, to) for an entry, or the whole value when the mapping is not exact. */
export function valueSpan(e: ConfEntry, from: number, to: number): { start: number; end: number } {
  if (valueIsVerbatim(e)) return { start: e.node.value.start + from, end: e.node.value.start + Math.max(to, from) };
  return { start: e.node.value.start, end: e.node.value.end };
}
