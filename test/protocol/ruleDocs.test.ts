/**
 * Rule documentation and rule switches through the BUILT language server: a
 * client that declares codeDescriptionSupport gets a link to the rule's page
 * shipped beside the server, and the "Disable <CODE> for this file" quick fix
 * writes a comment that makes the diagnostic go away. Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
const dir = resolve(root, 'test/protocol/.virtual-rules'); // never written: documents live only in the protocol
let client: TestClient;

before(async () => {
  client = await startClient({
    rootPath: root,
    capabilities: { textDocument: { publishDiagnostics: { codeDescriptionSupport: true }, hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { clientCommands: ['certwright.disableRuleInSettings'] },
  });
});
after(async () => {
  if (client.process.exitCode == null) await client.shutdown();
});

test('a diagnostic links to its rule page, and "Disable for this file" silences it', async () => {
  const text = '[ req ]\nprompt = no\nprompt = no\n';
  const u = client.open(fileUri(`${dir}/dup.cnf`), 'openssl-conf', text, 1);
  const ds = await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'CNF-031'), 20_000);
  const d = ds.find((x) => x.code === 'CNF-031')!;
  const href = d.codeDescription?.href ?? '';
  assert.ok(href.startsWith('file://'), `no file link: ${JSON.stringify(d)}`);
  assert.equal(fileURLToPath(href), resolve(root, 'docs/rules/CNF-031.md'));
  assert.match(readFileSync(fileURLToPath(href), 'utf8'), /^# CNF-031\n/);
  for (const other of ds) assert.ok(other.codeDescription, `${other.code} has no link`);

  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Disable CNF-031 in settings'), JSON.stringify(titles));
  const off = actions.find((a) => a.title === 'Disable CNF-031 for this file');
  assert.ok(off, JSON.stringify(titles));
  const [edit] = off.edit!.changes![u]!;
  assert.deepEqual(edit!.range.start, { line: 0, character: 0 });
  client.change(u, 2, [{ range: edit!.range, text: edit!.newText }]);
  const afterFix = await client.diagnostics(u, (p) => p.version === 2, 20_000);
  assert.deepEqual(afterFix.filter((x) => x.code === 'CNF-031'), []);
});
