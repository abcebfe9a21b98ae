/**
 * Pull diagnostics' reports (diagnosticReports.ts): a result id per distinct set of a document's
 * diagnostics, `unchanged` for the client that holds it, a new id when they change, full again
 * after the document was forgotten (closed).
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticReports } from '../../../server/src/diagnosticReports';

const d = (code: string, line: number): Diagnostic => ({ code, message: code, range: { start: { line, character: 0 }, end: { line, character: 1 } } });

test('result ids: unchanged for the same set, new for another, per document; full after forget', () => {
  const reports = new DiagnosticReports();
  const first = reports.report('a', [d('CNF-001', 1)]);
  assert.equal(first.kind, 'full');
  assert.ok(first.resultId);
  // The same diagnostics made again (an edit that changed nothing they say): the client's copy stands.
  assert.deepEqual(reports.report('a', [d('CNF-001', 1)], first.resultId), { kind: 'unchanged', resultId: first.resultId });
  // A client without the previous id gets them in full, with the same id.
  assert.deepEqual(reports.report('a', [d('CNF-001', 1)]), { kind: 'full', resultId: first.resultId, items: [d('CNF-001', 1)] });
  const moved = reports.report('a', [d('CNF-001', 2)], first.resultId);
  assert.equal(moved.kind, 'full');
  assert.notEqual(moved.resultId, first.resultId);
  // Another document's ids are its own.
  const other = reports.report('b', [d('CNF-001', 2)], moved.resultId);
  assert.equal(other.kind, 'full');
  reports.forget('a');
  assert.equal(reports.report('a', [d('CNF-001', 2)], moved.resultId).kind, 'full');
});
