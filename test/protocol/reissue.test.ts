/**
 * "Re-issue <cert> with SAN / CN" over the protocol, as another editor drives it:
 * the diagnostic's code action runs the server command (listed in
 * executeCommandProvider); the server asks with window/showMessageRequest (the
 * client declared window.showMessage), writes nothing on Cancel, renews on
 * "Re-issue", reports with window/showMessage, and publishes the diagnostics of
 * the open file and of the closed files Check Workspace listed again without the
 * finding (no file event needed). A client that
 * can confirm nothing gets no such fix; the VS Code extension gets its own
 * confirming command; a revoked certificate's fix is shown disabled with the reason.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';
import { reissueWorkspace, type ReissueWorkspace } from '../support/reissueWorkspace';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-proto-reissue-'));
let w: ReissueWorkspace;
let answer = 'Cancel';
let asking: TestClient;
let mute: TestClient;
let vscodeLike: TestClient;

before(async () => {
  w = await reissueWorkspace(tmp);
  asking = await startClient({
    rootPath: tmp,
    capabilities: { window: { showMessage: {} }, textDocument: { codeAction: { disabledSupport: true } } },
    onShowMessageRequest: (p) => p.actions?.find((a) => a.title === answer) ?? null,
  });
  mute = await startClient({ rootPath: tmp, capabilities: {} });
  vscodeLike = await startClient({ rootPath: tmp, capabilities: { window: { showMessage: {} } }, initializationOptions: { clientCommands: ['certwright.reissueCertificate'] } });
});

after(async () => {
  await Promise.all([asking, mute, vscodeLike].map((c) => c?.shutdown()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function actionsFor(client: TestClient, rel: string, code: string): Promise<{ uri: string; diag: lsp.Diagnostic; actions: lsp.CodeAction[] }> {
  const text = fs.readFileSync(w.path(rel), 'utf8');
  const uri = client.open(w.path(rel), 'plaintext', text);
  const diags = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === code), 30_000);
  const diag = diags.find((d) => d.code === code)!;
  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  return { uri, diag, actions };
}

test('the server command is declared', () => {
  assert.ok(asking.initializeResult.capabilities.executeCommandProvider?.commands.includes('certwright.server.reissueCertificate'));
});

test('PG-030: the fix asks first (Cancel writes nothing), then renews; the diagnostic is gone from the open file', async () => {
  const { uri, actions } = await actionsFor(asking, 'app/wrong-host.env', 'PG-030');
  const fix = actions.find((a) => a.title === 'Re-issue server.crt with SAN db.example.com');
  assert.ok(fix?.command, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.command.command, 'certwright.server.reissueCertificate');
  assert.deepEqual(fix.command.arguments, [{ cert: w.path('pg/server.crt'), san: 'db.example.com' }]);
  const before = fs.readFileSync(w.path('pg/server.crt'), 'utf8');

  answer = 'Cancel';
  const cancelled = await asking.request<{ ok: boolean; cancelled?: boolean }>('workspace/executeCommand', { command: fix.command.command, arguments: fix.command.arguments });
  assert.deepEqual([cancelled.ok, cancelled.cancelled], [false, true]);
  assert.equal(fs.readFileSync(w.path('pg/server.crt'), 'utf8'), before, 'Cancel writes nothing');
  const asked = asking.serverRequests().filter((r) => r.method === 'window/showMessageRequest');
  assert.equal(asked.length, 1);
  const q = asked[0]!.params as lsp.ShowMessageRequestParams;
  assert.match(q.message, /^Re-issue server\.crt with SAN db\.example\.com, signed by the CA in .*pg \(same key\)\?/);
  assert.match(q.message, /replace server\.crt/);
  assert.deepEqual(q.actions?.map((a) => a.title), ['Re-issue', 'Cancel']);

  // The server's file is not open: Check Workspace put its PG-030 in Problems.
  const confUri = fileUri(w.path('pg/postgresql.conf'));
  const confListed = asking.diagnostics(confUri, (p) => p.diagnostics.some((d) => d.code === 'PG-030'), 60_000);
  await asking.request('workspace/executeCommand', { command: 'certwright.server.checkWorkspace', arguments: [] });
  await confListed;

  answer = 'Re-issue';
  const cleared = asking.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'PG-030'), 30_000);
  const confCleared = asking.diagnostics(confUri, (p) => !p.diagnostics.some((d) => d.code === 'PG-030'), 30_000);
  const done = await asking.request<{ ok: boolean; written?: string[] }>('workspace/executeCommand', { command: fix.command.command, arguments: fix.command.arguments });
  assert.equal(done.ok, true, JSON.stringify(done));
  assert.ok(done.written?.includes(w.path('pg/server.crt')), JSON.stringify(done.written));
  assert.notEqual(fs.readFileSync(w.path('pg/server.crt'), 'utf8'), before);
  await cleared;
  await confCleared;
  assert.ok(asking.messages().some((m) => /re-issued .*server\.crt with SAN db\.example\.com/.test(m)), JSON.stringify(asking.messages()));
});

test('a client that can confirm nothing gets no re-issue fix; the VS Code extension gets its confirming command', async () => {
  const none = await actionsFor(mute, 'app/wrong-user.sh', 'PG-034');
  assert.ok(!none.actions.some((a) => a.title.startsWith('Re-issue')), JSON.stringify(none.actions.map((a) => a.title)));
  const vs = await actionsFor(vscodeLike, 'app/wrong-user.sh', 'PG-034');
  const fix = vs.actions.find((a) => a.title === 'Re-issue bob.crt with CN=alice');
  assert.equal(fix?.command?.command, 'certwright.reissueCertificate');
  // What the extension's command sends first: a dry run, which plans and writes nothing.
  const before = fs.readFileSync(w.path('pg/bob.crt'), 'utf8');
  const plan = await vscodeLike.request<{ ok: boolean; question?: string; summary?: string }>('workspace/executeCommand', { command: 'certwright.server.reissueCertificate', arguments: [{ ...(fix!.command!.arguments![0] as object), dryRun: true }] });
  assert.equal(plan.ok, true);
  assert.match(plan.summary ?? '', /Common name: bob → alice/);
  assert.equal(fs.readFileSync(w.path('pg/bob.crt'), 'utf8'), before);
  assert.equal(vscodeLike.serverRequests().filter((r) => r.method === 'window/showMessageRequest').length, 0);
});

test('a revoked certificate: the fix is shown disabled, saying a new key is needed', async () => {
  assert.equal((await w.cli('revoke', '--dir', 'pg', '--cert', 'pg/bob.crt', '--reason', 'keyCompromise')).code, 0);
  const { actions } = await actionsFor(asking, 'app/wrong-user.sh', 'PG-034');
  const fix = actions.find((a) => a.title === 'Re-issue bob.crt with CN=alice');
  assert.ok(fix?.disabled, JSON.stringify(actions));
  assert.match(fix.disabled.reason, /revoked \(reason: keyCompromise\).*--new-key/);
  assert.equal(fix.command, undefined);
});
