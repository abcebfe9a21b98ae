/**
 * Setup validation inside the real VS Code: a DM worker TOML whose certificate
 * and key were issued by the palette commands (with arguments) shows DM
 * diagnostics through vscode.languages.getDiagnostics, with related
 * information on the certificate files; the profile request answers `dm`; a
 * CockroachDB key with loose permissions is fixed by certwright.fixKeyPermissions.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, closeAllEditors, codeOf, open, waitForDiagnostics, workspaceUri, writeFile } from './helpers';

const dir = 'setup-it';

suite('Setup validation (DM, CockroachDB)', () => {
  suiteSetup(async function () {
    this.timeout(90_000);
    await activate();
    // DM does not mind file names: the CockroachDB layout serves as a DM PKI too.
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'cockroach', dir: `${dir}/crdb`, keyType: 'p256', days: 900 });
    await vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'cockroach', dir: `${dir}/crdb`, sans: ['localhost', '127.0.0.1'], keyType: 'p256' });
    await vscode.commands.executeCommand('certwright.issueClientCert', { profile: 'cockroach', dir: `${dir}/crdb`, user: 'root', keyType: 'p256' });
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('a DM worker config shows DM-019 (key of another certificate) and DM-005 (misspelt key) with related files', async function () {
    this.timeout(60_000);
    const toml = [
      'name = "worker1"',
      'worker-addr = ":8262"',
      'advertise-addr = "127.0.0.1:8262"',
      'join = "127.0.0.1:8261"',
      'ssl-ca = "../crdb/certs/ca.crt"',
      'ssl-cert = "../crdb/certs/node.crt"',
      'ssl-key = "../crdb/certs/client.root.key"',
      'ssl_cert_allowed_cn = ["dm"]',
      '',
    ].join('\n');
    const uri = await writeFile(`${dir}/conf/dm-worker.toml`, toml);
    await open(uri);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'DM-019') && d.some((x) => codeOf(x) === 'DM-005'));
    const mismatch = diags.find((x) => codeOf(x) === 'DM-019')!;
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(mismatch.range.start.line, 6);
    const related = (mismatch.relatedInformation ?? []).map((r) => r.location.uri.path);
    assert.ok(related.some((p) => p.endsWith('/certs/client.root.key')), JSON.stringify(related));
    assert.ok(related.some((p) => p.endsWith('/certs/node.crt')), JSON.stringify(related));

    const api = await activate();
    const profile = await api.client.sendRequest<{ profile: string; fileKind?: string }>('certwright/profile', { uri: uri.toString() });
    assert.equal(profile.profile, 'dm');
    assert.equal(profile.fileKind, 'dm-worker');
  });

  test('a CockroachDB key with group/world bits: CRDB-021, fixed by certwright.fixKeyPermissions', async function () {
    this.timeout(90_000);
    const keyUri = workspaceUri(dir, 'crdb', 'certs', 'node.key');
    assert.equal(keyUri.scheme, 'file');
    chmodSync(keyUri.fsPath, 0o644);
    await open(keyUri);
    const diags = await waitForDiagnostics(keyUri, (d) => d.some((x) => codeOf(x) === 'CRDB-021'));
    assert.equal(diags.find((x) => codeOf(x) === 'CRDB-021')!.range.start.line, 0);
    const ok = await vscode.commands.executeCommand<boolean>('certwright.fixKeyPermissions', keyUri.fsPath);
    assert.equal(ok, true);
    assert.equal(statSync(keyUri.fsPath).mode & 0o777, 0o600);
    await waitForDiagnostics(keyUri, (d) => !d.some((x) => codeOf(x) === 'CRDB-021'));
  });

  test('Check Workspace fills Problems for a config that is not open; Ctrl+click links on its certificate paths', async function () {
    this.timeout(90_000);
    const toml = ['name = "worker2"', 'worker-addr = ":8262"', 'join = "127.0.0.1:8261"', 'ssl-ca = "../crdb/certs/ca.crt"', 'ssl-cert = "../crdb/certs/node.crt"', 'ssl-key = "../crdb/certs/client.root.key"', ''].join('\n');
    const uri = await writeFile(`${dir}/closed/dm-worker.toml`, toml);
    const result = await vscode.commands.executeCommand<{ withProblems: number; errors: number }>('certwright.checkWorkspace');
    assert.ok(result && result.errors >= 1, JSON.stringify(result));
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'DM-019'));
    assert.equal(diags.find((x) => codeOf(x) === 'DM-019')!.range.start.line, 5);
    // Ctrl+click lives in an editor: open the file, then ask for its links as the editor does.
    await open(uri);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    assert.deepEqual(
      links.map((l) => l.target?.path.split('/').slice(-2).join('/')),
      ['certs/ca.crt', 'certs/node.crt', 'certs/client.root.key'],
    );
  });
});
