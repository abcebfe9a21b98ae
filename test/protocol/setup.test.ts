/**
 * The built server over stdio: a DM worker config whose key belongs to another
 * certificate shows DM-019 at `ssl-key` with related information on both
 * files; a misspelt key comes with its rename as a code action; the profile
 * request and the hover answer; a changed certificate re-checks the config.
 * A CockroachDB certs directory with a loose key shows CRDB-021 once, on the
 * key; ca.crt only refers to it (CRDB-027, information, with the chmod fix).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { fixKeyPermissionsServerCommand } from '../../server/src/protocol/setup';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';
import { dmPki, makePki, type Pki } from '../unit/setup/helpers';

let pki: Pki;
let client: TestClient;

before(async () => {
  pki = makePki('cw-proto-setup-');
  const { ca } = dmPki(pki);
  pki.leaf({ cert: 'tls/other.pem', key: 'tls/other.key', ca, cn: 'other', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
  client = await startClient({ rootPath: pki.dir });
});

after(async () => {
  await client.shutdown();
  pki.cleanup();
});

const config = 'name = "worker1"\nworker-addr = ":8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/dm.pem"\nssl-key = "../tls/other.key"\nssl_ca_path = "x"\n';

test('DM diagnostics with related information, a rename fix, the profile and a hover', async () => {
  const path = pki.write('conf/dm-worker.toml', config);
  const uri = client.open(path, 'plaintext', config);
  const diags = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DM-019'));
  const mismatch = diags.find((d) => d.code === 'DM-019')!;
  assert.deepEqual(mismatch.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 7 } });
  assert.equal(mismatch.source, 'certwright');
  assert.deepEqual(
    mismatch.relatedInformation?.map((r) => r.location.uri),
    [fileUri(pki.path('tls/other.key')), fileUri(pki.path('tls/dm.pem'))],
  );
  const misspelt = diags.find((d) => d.code === 'DM-005')!;
  assert.equal(misspelt.range.start.line, 7);
  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: misspelt.range,
    context: { diagnostics: [misspelt] },
  });
  const rename = actions.find((a) => a.title === 'Rename to ssl-ca');
  assert.ok(rename, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(rename.edit?.changes?.[uri], [{ range: misspelt.range, newText: 'ssl-ca' }]);

  const profile = await client.request<{ profile: string; source: string; fileKind?: string }>('certwright/profile', { uri });
  assert.deepEqual({ profile: profile.profile, source: profile.source, fileKind: profile.fileKind }, { profile: 'dm', source: 'auto', fileKind: 'dm-worker' });

  const hover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 2 } });
  assert.match(JSON.stringify(hover?.contents), /ssl-ca/);

  // The certificate changes on disk: the config is re-checked without being edited.
  copyFileSync(pki.path('tls/other.pem'), pki.path('tls/dm.pem'));
  const next = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'DM-019'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(pki.path('tls/dm.pem')), type: 2 }] });
  const after = await next;
  assert.ok(after.some((d) => d.code === 'DM-005'));
});

test('CockroachDB: a loose key is reported on the key; ca.crt refers to it without repeating it', async () => {
  pki.write('crdb/certs/.keep', '');
  const ca = pki.ca({ cert: 'crdb/certs/ca.crt', key: 'crdb/private/ca.key', cn: 'Cockroach CA' });
  pki.leaf({ cert: 'crdb/certs/node.crt', key: 'crdb/certs/node.key', ca, subj: '/O=Cockroach/CN=node', san: 'DNS:localhost,DNS:node', eku: 'serverAuth,clientAuth', keyMode: 0o644 });
  pki.leaf({ cert: 'crdb/certs/client.root.crt', key: 'crdb/certs/client.root.key', ca, cn: 'root', eku: 'clientAuth' });
  const keyPath = pki.path('crdb/certs/node.key');
  const caPath = pki.path('crdb/certs/ca.crt');
  const keyUri = fileUri(keyPath);
  const caUri = fileUri(caPath);
  // Wait on both before opening: each file's diagnostics may arrive while the other is awaited.
  const keyDiags = client.diagnostics(keyUri, (p) => p.diagnostics.some((d) => d.code === 'CRDB-021'));
  const caDiags = client.diagnostics(caUri, (p) => p.diagnostics.some((d) => d.code === 'CRDB-027'));
  client.open(keyPath, 'pem', readFileSync(keyPath, 'utf8'));
  client.open(caPath, 'pem', readFileSync(caPath, 'utf8'));
  const onKey = await keyDiags;
  assert.equal(onKey.filter((d) => d.code === 'CRDB-021').length, 1);
  const onCa = await caDiags;
  assert.deepEqual(onCa.filter((d) => String(d.code).startsWith('CRDB-')).map((d) => d.code), ['CRDB-027']);
  const summary = onCa.find((d) => d.code === 'CRDB-027')!;
  assert.equal(summary.severity, 3);
  assert.deepEqual(summary.relatedInformation?.map((r) => r.location.uri), [fileUri(keyPath)]);
  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: caUri }, range: summary.range, context: { diagnostics: [summary] } });
  const chmod = actions.find((a) => a.title === 'Set node.key to 0600');
  assert.deepEqual(chmod?.command?.arguments, [keyPath]);
  // This client runs no command itself (Neovim, Eglot): the fix is the server's, which sets the mode and checks again.
  assert.equal(chmod?.command?.command, fixKeyPermissionsServerCommand);
  const cleared = client.diagnostics(keyUri, (p) => !p.diagnostics.some((d) => d.code === 'CRDB-021'));
  assert.equal(await client.request('workspace/executeCommand', { command: chmod.command.command, arguments: chmod.command.arguments }), true);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  await cleared;
});

test('hover on ssl-ca under from.security in a source file describes the connection to MySQL, not dm-master', async () => {
  const text = 'source-id: mysql-01\nfrom:\n  host: 127.0.0.1\n  port: 3306\n  security:\n    ssl-ca: ../tls/ca.pem\n';
  const path = pki.write('conf/source.yaml', text);
  const uri = client.open(path, 'yaml', text);
  const hover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 6 } });
  const value = JSON.stringify(hover?.contents);
  assert.match(value, /upstream MySQL\/MariaDB server's certificate/);
  assert.doesNotMatch(value, /etcd/);
});

test('Check Workspace fills Problems for files that are not open; links and hovers on certificate paths, deployed paths mapped', async () => {
  // A closed file: a worker whose key belongs to another certificate (the CA's key).
  const closed = pki.write('closed/dm-worker.toml', 'name = "w2"\nworker-addr = ":8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/other.pem"\nssl-key = "../tls/ca.key"\n');
  const closedUri = fileUri(closed);
  const published = client.diagnostics(closedUri, (p) => p.diagnostics.some((d) => d.code === 'DM-019'));
  const result = await client.request<{ files: number; checked: number; withProblems: number; errors: number }>('workspace/executeCommand', { command: 'certwright.server.checkWorkspace', arguments: [] });
  assert.ok(result.checked >= 2 && result.withProblems >= 1 && result.errors >= 1, `${JSON.stringify(result)} ${client.logs().join('\n')}`);
  const onClosed = await published;
  assert.deepEqual(onClosed.find((d) => d.code === 'DM-019')?.range.start, { line: 6, character: 0 });

  // A config written for its host: the path-map comment maps /home/tidb/deploy to the workspace.
  const text = '# certwright: path-map /home/tidb/deploy=..\nname = "w3"\nworker-addr = ":8262"\njoin = "127.0.0.1:8261"\nssl-ca = "/home/tidb/deploy/tls/ca.pem"\nssl-cert = "/home/tidb/deploy/tls/other.pem"\nssl-key = "/home/tidb/deploy/tls/other.key"\n';
  const path = pki.write('deployed/dm-worker.toml', text);
  const uri = client.open(path, 'plaintext', text);
  const diags = await client.diagnostics(uri);
  assert.deepEqual(diags.filter((d) => d.code === 'DM-007'), [], 'the mapped paths exist in the workspace');
  const links = await client.request<lsp.DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  assert.deepEqual(links.map((l) => l.target), [fileUri(pki.path('tls/ca.pem')), fileUri(pki.path('tls/other.pem')), fileUri(pki.path('tls/other.key'))]);
  assert.deepEqual(links[0]!.range, { start: { line: 4, character: 10 }, end: { line: 4, character: 38 } });
  assert.match(links[0]!.tooltip ?? '', /mapped \/home\/tidb\/deploy → /);
  const certHover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 20 } });
  const certText = JSON.stringify(certHover?.contents);
  assert.match(certText, /other/);
  assert.match(certText, /The key matches the certificate/);
  const keyHover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 20 } });
  assert.match(JSON.stringify(keyHover?.contents), /Private key \(ec\)/);
  assert.doesNotMatch(JSON.stringify(keyHover?.contents), /PRIVATE KEY-----/);

  // Without the mapping the message says which base was used.
  const bare = text.replace(/^# certwright.*\n/, '');
  const barePath = pki.write('deployed2/dm-worker.toml', bare);
  const bareUri = client.open(barePath, 'plaintext', bare);
  const missing = (await client.diagnostics(bareUri)).filter((d) => d.code === 'DM-007');
  assert.equal(missing.length, 3);
  assert.match(String(missing[0]!.message), /absolute path: \/home\/tidb\/deploy\/tls\/ca\.pem/);
});
