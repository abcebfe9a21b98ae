/**
 * PEM in the real VS Code: hovers (vscode.executeHoverProvider) on a generated
 * certificate, in a .pem file and inside a YAML string; CodeLenses
 * (vscode.executeCodeLensProvider) whose command opens the decoded text; and
 * diagnostics on an expiring certificate. Fixtures are made by openssl.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, closeAllEditors, codeOf, hoverText, makeEcPki, open, waitForDiagnostics, workspaceUri, writeFile } from './helpers';

const dir = 'pem-it';

suite('PEM hovers, lenses and diagnostics', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await makeEcPki(dir, {
      caCn: 'PEM IT Root',
      caDays: 365,
      leaf: 'node',
      leafCn: 'node.pem-it.test',
      leafDays: 7,
      ext: 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:node.pem-it.test\nauthorityKeyIdentifier=keyid\n',
    });
    await activate();
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('hover on a certificate shows subject, issuer, validity and fingerprints', async function () {
    this.timeout(60_000);
    const editor = await open(`${dir}/node.crt`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(3, 2));
    const text = hoverText(hovers);
    assert.match(text, /\*\*Certificate\*\*/);
    assert.match(text, /node\\?\.pem\\?-it\\?\.test/);
    assert.match(text, /PEM IT Root/);
    assert.match(text, /expires in [67] days/);
    assert.match(text, /SHA-256/);
    assert.match(text, /PEM-EXPIRING/);
  });

  test('hover on a private key never shows key material', async function () {
    this.timeout(60_000);
    const editor = await open(`${dir}/node.key`);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 2)));
    assert.match(text, /Private key/);
    const body = readFileSync(workspaceUri(dir, 'node.key').fsPath, 'utf8').split('\n')[1]!;
    assert.ok(!text.includes(body.slice(0, 16)));
  });

  test('hover on PEM embedded in a YAML block scalar', async function () {
    this.timeout(60_000);
    const pem = readFileSync(workspaceUri(dir, 'node.crt').fsPath, 'utf8').trim().split('\n').map((l) => `    ${l}`).join('\n');
    const uri = await writeFile(`${dir}/task.yaml`, `security:\n  ssl-cert: |\n${pem}\n`);
    await open(uri);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 8)));
    assert.match(text, /PEM IT Root/);
  });

  test('a CodeLens above the certificate opens the decoded text', async function () {
    this.timeout(60_000);
    const editor = await open(`${dir}/node.crt`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
    const ours = (lenses ?? []).filter((l) => l.command?.command === 'certwright.showCertificateText');
    assert.equal(ours.length, 1);
    assert.equal(ours[0]!.range.start.line, 0);
    assert.match(ours[0]!.command!.title, /^node\.pem-it\.test · expires \d{4}-\d{2}-\d{2} \(in [67] days\)$/);
    await vscode.commands.executeCommand(ours[0]!.command!.command, ...(ours[0]!.command!.arguments ?? []));
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor opened');
    assert.match(doc.getText(), /Certificate:\n {4}Data:/);
    assert.match(doc.getText(), /Subject: CN = node\.pem-it\.test/);
  });

  test('diagnostics: an expiring certificate is reported', async function () {
    this.timeout(60_000);
    const editor = await open(`${dir}/node.crt`);
    const d = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((x) => codeOf(x) === 'PEM-EXPIRING'));
    const e = d.find((x) => codeOf(x) === 'PEM-EXPIRING')!;
    assert.equal(e.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(e.range.start.line, 0);
  });
});
