/**
 * The line being typed, through the BUILT server: `extendedKeyUsage = ` typed at the
 * end of a file is information while the caret is there (OpenSSL's "invalid empty
 * name" is not an error yet), and an error after an edit elsewhere.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
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
