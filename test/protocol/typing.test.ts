/**
 * The line being typed, through the BUILT server: `extendedKeyUsage = ` typed at the
 * end of a file is information while the caret is there (OpenSSL's "invalid empty
 * name" is not an error yet), and an error after an edit elsewhere; and edits that
 * arrive while a validation reads other files never get that validation's findings.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
let client: TestClient;

before(async () => {
  client = await startClient({ rootPath: root });
});
after(async () => {
  if (client.process.exitCode == null) await client.shutdown();
});

test('an empty extension value on the edited line is information until the user edits elsewhere', async () => {
  const text = '[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = v3\n[ dn ]\nCN = x\n[ v3 ]\n';
  const u = client.open(fileUri(resolve(root, 'test/protocol/.virtual-typing/openssl.cnf')), 'openssl-conf', text, 1);
  assert.deepEqual(await client.diagnostics(u, (p) => p.version === 1, 20_000), []);
  client.change(u, 2, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'extendedKeyUsage = ' }]);
  const typing = await client.diagnostics(u, (p) => p.version === 2, 20_000);
  assert.deepEqual(typing.map((d) => [d.code, d.severity, d.range.start.line]), [['X509-EXT-3', 3, 7]]);
  client.change(u, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# node\n' }]);
  const later = await client.diagnostics(u, (p) => p.version === 3, 20_000);
  assert.deepEqual(later.map((d) => [d.code, d.severity, d.range.start.line]), [['X509-EXT-3', 1, 8]]);
});

test('diagnostics published as a version lie in that version\'s text, also when edits arrive while a validation reads other files', async () => {
  // A postgresql.conf's validation reads its pg_hba.conf (asynchronously): the edits sent right
  // after the open arrive meanwhile. The server updates a document in place, so a
  // validation finishing after them must not publish its findings (offsets in the text it read) as
  // the newest version's. Each edit puts a comment line on top, moving every finding down a line.
  const dir = mkdtempSync(join(tmpdir(), 'cw-typing-'));
  const conf = "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nhba_file = 'pg_hba.conf'\n";
  writeFileSync(join(dir, 'postgresql.conf'), conf);
  // Large enough that reading it takes the thread pool a while (the edits then land during the read).
  writeFileSync(join(dir, 'pg_hba.conf'), `${'# a comment line of pg_hba.conf\n'.repeat(400_000)}hostssl all all 0.0.0.0/0 cert\n`);
  const fresh = await startClient({ rootPath: dir });
  try {
    const uri = fresh.open(fileUri(join(dir, 'postgresql.conf')), 'plaintext', conf, 1);
    const doc = TextDocument.create(uri, 'plaintext', 1, conf);
    const texts = new Map([[1, conf]]);
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (let v = 2; v <= 8; v++) {
      // A millisecond apart: some arrive while the open's validation is under way, whenever that is.
      await new Promise((r) => setTimeout(r, 1));
      fresh.change(uri, v, [{ range: top, text: '# note\n' }]);
      TextDocument.update(doc, [{ range: top, text: '# note\n' }], v);
      texts.set(v, doc.getText());
    }
    const seen: lsp.PublishDiagnosticsParams[] = [];
    await fresh.diagnostics(uri, (p) => (seen.push(p), p.version === 8), 30_000);
    const prefix = '# note\n'.length;
    for (const p of seen) {
      // Version v is the file below v - 1 comment lines: each finding must mark the same characters of the file there.
      const t = TextDocument.create(uri, 'plaintext', p.version!, texts.get(p.version!)!);
      assert.ok(p.diagnostics.length > 0, 'the missing certificate files are reported');
      for (const d of p.diagnostics) {
        const at = t.offsetAt(d.range.start) - prefix * (p.version! - 1);
        const marked = t.getText(d.range);
        assert.ok(at >= 0 && marked.length > 0 && conf.slice(at, at + marked.length) === marked, `${d.code} published as version ${p.version} marks "${marked}", not a part of the file`);
      }
    }
  } finally {
    await fresh.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
