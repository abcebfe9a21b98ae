/**
 * Issuing inside the real VS Code: the palette commands run WITH ARGUMENTS (no
 * prompts), the server generates the keys, the client writes the plan through
 * workspace.fs. Checks the files, their modes (0600 keys, 0700 key folders) and
 * their content (PEM labels; CN, SANs, issuer, key match via node:crypto).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeAllEditors, workspaceUri } from './helpers';

const dir = 'issue-it/cockroach';

function file(...segments: string[]): string {
  const uri = workspaceUri(...dir.split('/'), ...segments);
  assert.equal(uri.scheme, 'file', 'the test workspace is expected on the extension host machine');
  return uri.fsPath;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function pemLabel(path: string): string {
  return /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(readFileSync(path, 'utf8'))?.[1] ?? '(no PEM)';
}

suite('Issuing certificates from the palette (with arguments)', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('Create CA writes the CockroachDB CA: certificate, key in its own 0700 folder, OpenSSL state', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.createCa', { profile: 'cockroach', dir, keyType: 'p256', days: 30 });
    assert.ok(result, 'createCa returned nothing');
    assert.equal(result.profile, 'cockroach');
    assert.ok(result.written.length >= 3, JSON.stringify(result.written));
    assert.equal(pemLabel(file('certs', 'ca.crt')), 'CERTIFICATE');
    assert.equal(pemLabel(file('ca-private', 'ca.key')), 'PRIVATE KEY');
    assert.equal(mode(file('ca-private', 'ca.key')), 0o600);
    assert.equal(mode(file('ca-private')), 0o700);
    const ca = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    assert.equal(ca.ca, true);
    assert.match(ca.subject, /CN=Cockroach CA/);
    assert.ok(ca.checkPrivateKey(createPrivateKey(readFileSync(file('ca-private', 'ca.key')))), 'CA key does not match the CA certificate');
    assert.ok(statSync(file('ca-private', 'index.txt')).isFile());
  });

  test('Issue node cert with arguments: node.crt / node.key, 0600 / 0700, CN=node, the given SANs, signed by the CA', async function () {
    this.timeout(60_000);
    const sans = ['localhost', '127.0.0.1', 'node1.example.internal'];
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert', { profile: 'cockroach', dir, sans, keyType: 'p256' });
    assert.ok(result, 'issueNodeCert returned nothing');
    assert.ok(result.issued, 'no issued summary');
    const cert = file('certs', 'node.crt');
    const key = file('certs', 'node.key');
    assert.ok(result.written.some((u) => u.endsWith('/certs/node.key')), JSON.stringify(result.written));
    assert.equal(pemLabel(cert), 'CERTIFICATE');
    assert.equal(pemLabel(key), 'PRIVATE KEY');
    assert.equal(mode(key), 0o600);
    assert.equal(mode(file('certs')), 0o700);

    const x = new X509Certificate(readFileSync(cert));
    const ca = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    assert.match(x.subject, /CN=node/);
    assert.equal(x.ca, false);
    const altNames = x.subjectAltName ?? '';
    assert.match(altNames, /DNS:localhost/);
    assert.match(altNames, /IP Address:127\.0\.0\.1/);
    assert.match(altNames, /DNS:node1\.example\.internal/);
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(x.checkHost('node1.example.internal'), 'node1.example.internal');
    assert.equal(x.checkHost('other.example.internal'), undefined);
    assert.ok(x.checkIssued(ca), 'node.crt is not issued by ca.crt');
    assert.ok(x.verify(ca.publicKey), 'node.crt signature does not verify with the CA key');
    assert.ok(x.checkPrivateKey(createPrivateKey(readFileSync(key))), 'node.key does not match node.crt');
    // serverAuth + clientAuth (node certs are used as server and as client, rules doc CRDB-002)
    assert.deepEqual([...(x.keyUsage ?? [])].sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  test('Issue client cert for root: certs/client.root.crt, CN=root, clientAuth only', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert', { profile: 'cockroach', dir, user: 'root', keyType: 'p256' });
    assert.ok(result?.issued);
    const x = new X509Certificate(readFileSync(file('certs', 'client.root.crt')));
    assert.match(x.subject, /CN=root/);
    assert.deepEqual([...(x.keyUsage ?? [])], ['1.3.6.1.5.5.7.3.2']);
    assert.equal(mode(file('certs', 'client.root.key')), 0o600);
  });

  test('never overwrites an existing key when told to refuse, and leaves it untouched', async function () {
    this.timeout(60_000);
    const before = readFileSync(file('certs', 'node.key'), 'utf8');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'cockroach', dir, sans: ['127.0.0.1'], keyType: 'p256', overwrite: false })),
      /refusing to overwrite/,
    );
    assert.equal(readFileSync(file('certs', 'node.key'), 'utf8'), before);
  });

  test('bad input is refused before anything is written (DN injection in the user name)', async function () {
    this.timeout(30_000);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('certwright.issueClientCert', { profile: 'cockroach', dir, user: 'root,O=evil' })), /not allowed/);
    assert.throws(() => statSync(file('certs', 'client.root,O=evil.crt')));
  });

  test('Show equivalent openssl commands opens a shell script with the openssl recipe, without key material', async function () {
    this.timeout(30_000);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('certwright.showOpensslCommands');
    assert.ok(doc, 'no document opened');
    assert.equal(doc.languageId, 'shellscript');
    assert.equal(doc.isUntitled, true);
    const text = doc.getText();
    assert.match(text, /^#!\/bin\/sh/);
    assert.match(text, /\bopenssl\b/);
    assert.doesNotMatch(text, /PRIVATE KEY-----/);
  });
});
