/** A fix that edits another file (the other end's cert-allowed-cn) becomes a workspace edit of that file's URI, positions as given. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesToCodeActions, toDiagnostic } from '../../../server/src/convert';

test('fileEdits go to the other file, edits to this one', () => {
  const doc = TextDocument.create('file:///w/ctl.sh', 'shellscript', 1, 'dmctl --ssl-cert x.pem\n');
  const d = toDiagnostic(doc, {
    code: 'DM-022',
    severity: 'error',
    start: 6,
    end: 16,
    message: 'refused',
    fixes: [{ title: 'Add "ops" to cert-allowed-cn of dm-master.toml', fileEdits: [{ file: '/w/dm-master.toml', start: { line: 4, character: 23 }, end: { line: 4, character: 23 }, newText: ', "ops"' }] }],
  });
  const [a] = fixesToCodeActions(doc, d);
  assert.deepEqual(a!.edit, { changes: { [pathToFileURL('/w/dm-master.toml').toString()]: [{ range: { start: { line: 4, character: 23 }, end: { line: 4, character: 23 } }, newText: ', "ops"' }] } });
});
