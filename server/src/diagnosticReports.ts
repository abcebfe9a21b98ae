/**
 * Pull diagnostics (LSP 3.17 textDocument/diagnostic): the report for a document's diagnostics,
 * `unchanged` when they are the ones the client already holds. Each distinct set of diagnostics of
 * a document gets a result id; the same set computed again keeps it, so a client that pulls again
 * after an edit that changed nothing (or after a refresh that found nothing new) is told so in a
 * few bytes.
 */
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';

export class DiagnosticReports {
  private readonly last = new Map<string, { readonly resultId: string; readonly json: string }>();
  private count = 0;

  /** The report of `diagnostics` for a client that holds the result `previousResultId` (if any). */
  report(uri: string, diagnostics: readonly Diagnostic[], previousResultId?: string): DocumentDiagnosticReport {
    const json = JSON.stringify(diagnostics);
    let known = this.last.get(uri);
    if (known?.json !== json) {
      known = { resultId: String(++this.count), json };
      this.last.set(uri, known);
    }
    if (previousResultId === known.resultId) return { kind: 'unchanged', resultId: known.resultId };
    return { kind: 'full', resultId: known.resultId, items: [...diagnostics] };
  }

  /** The document was closed: its next report is full. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}
