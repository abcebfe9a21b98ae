/**
 * LSP 3.17 pull diagnostics against the BUILT server: a client that declares textDocument.diagnostic
 * and workspace/diagnostic/refresh gets a diagnosticProvider, asks for each document's diagnostics
 * (a full report with a result id, `unchanged` when it holds them already), is told to ask again
 * when a file a document depends on changes on disk, and gets nothing pushed for what it pulls. A
 * client that pulls but takes no refresh gets them pushed, as every client before 3.17.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './lspClient';

const broken = '[ req ]\ndistinguished_name = dn\n[ dn\nCN = x\n';
const codes = (items: readonly lsp.Diagnostic[]): string[] => items.map((d) => String(d.code)).sort();

describe('a client that pulls diagnostics (textDocument/diagnostic, with refresh)', () => {
  let client: TestClient;
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-pull-'));
    client = await startClient({
      rootPath: dir,
      capabilities: { textDocument: { diagnostic: { relatedInformation: true } }, workspace: { diagnostics: { refreshSupport: true } } },
    });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const pull = (uri: string, previousResultId?: string): Promise<lsp.DocumentDiagnosticReport> =>
    client.request<lsp.DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });

  test('the server offers document pulls, not workspace ones', () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'certwright', interFileDependencies: false, workspaceDiagnostics: false });
  });

  test('a full report with a result id, then unchanged while nothing changed, then full after an edit; nothing pushed', async () => {
    const uri = client.open(join(dir, 'broken.cnf'), 'openssl-conf', broken);
    const first = await pull(uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && first.resultId);
    assert.ok(codes(first.items).length > 0, JSON.stringify(first));
    const again = await pull(uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    client.change(uri, 2, [{ text: '[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = x\n' }]);
    const edited = await pull(uri, first.resultId);
    assert.equal(edited.kind, 'full');
    assert.notEqual(edited.resultId, first.resultId);
    assert.deepEqual(edited.kind === 'full' ? edited.items : undefined, []);
    // The server made and answered three pulls after the open: a push of the open would have come before.
    assert.deepEqual(client.published(uri), []);
  });

  test('a file the diagnostics depend on appears on disk: the server asks for a refresh, and the next pull has the new diagnostics', async () => {
    const included = join(dir, 'extra.cnf');
    const uri = client.open(join(dir, 'includer.cnf'), 'openssl-conf', `.include ${included}\n[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = x\n`);
    const before = await pull(uri);
    assert.deepEqual(before.kind === 'full' ? codes(before.items) : [], ['CNF-050']);
    const sent = client.serverRequests().length;
    writeFileSync(included, '# now it exists\n');
    await client.serverRequested('workspace/diagnostic/refresh', sent, 20_000);
    const after = await pull(uri, before.resultId);
    assert.equal(after.kind, 'full');
    assert.deepEqual(after.kind === 'full' ? after.items : undefined, []);
    assert.deepEqual(client.published(uri), []);
  });

  test('a document the client has not opened: an empty report', async () => {
    const r = await pull('file:///nowhere/x.cnf');
    assert.deepEqual(r, { kind: 'full', items: [] });
  });
});

describe('a client that declares textDocument.diagnostic but takes no refresh', () => {
  test('gets its diagnostics pushed, and no diagnosticProvider', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-pull-norefresh-'));
    const client = await startClient({ rootPath: dir, capabilities: { textDocument: { diagnostic: {} } } });
    try {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
      const uri = client.open(join(dir, 'broken.cnf'), 'openssl-conf', broken);
      const ds = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(ds.length > 0);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
