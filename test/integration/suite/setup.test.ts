/**
 * Setup validation inside the real VS Code: a DM worker TOML whose certificate
 * and key were issued by the palette commands (with arguments) shows DM
 * diagnostics through vscode.languages.getDiagnostics, with related
 * information on the certificate files; the profile request answers `dm`; a
 * CockroachDB key with loose permissions is fixed by certwright.fixKeyPermissions;
 * "Re-issue server.crt with SAN …" asks in a modal dialog listing the files, then
 * renews through the CA and the PG-030 diagnostic goes away.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
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

  test('PG-030: "Re-issue server.crt with SAN db.example.com" confirms in a modal, renews through the CA, the diagnostic goes away', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'postgres', dir: `${dir}/pg`, keyType: 'p256', days: 900 });
    await vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'postgres', dir: `${dir}/pg`, sans: ['db.internal', '127.0.0.1'], keyType: 'p256' });
    await writeFile(`${dir}/pg/postgresql.conf`, "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n");
    const uri = await writeFile(`${dir}/app/wrong-host.env`, 'DATABASE_URL=postgresql://alice@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=../pg/root.crt\n');
    await open(uri);
    const diag = (await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'PG-030'))).find((x) => codeOf(x) === 'PG-030')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((a) => a.title === 'Re-issue server.crt with SAN db.example.com');
    assert.ok(fix?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.command.command, 'certwright.reissueCertificate');
    const certFile = workspaceUri(dir, 'pg', 'server.crt').fsPath;
    const keyBefore = readFileSync(workspaceUri(dir, 'pg', 'server.key').fsPath, 'utf8');
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = w.showWarningMessage;
    const asked: Array<{ message: string; options?: vscode.MessageOptions }> = [];
    let answer: string | undefined;
    w.showWarningMessage = async (message: string, options?: vscode.MessageOptions | string) => {
      asked.push({ message, options: typeof options === 'object' ? options : undefined });
      return answer;
    };
    try {
      // Dismissed: nothing written.
      answer = undefined;
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.options?.modal, true);
      assert.match(asked[0]!.message, /^Re-issue server\.crt with SAN db\.example\.com, signed by the CA in .*\/pg \(same key\)\?$/);
      assert.match(asked[0]!.options?.detail ?? '', /replace server\.crt/);
      assert.match(asked[0]!.options?.detail ?? '', /Key: server\.key, kept/);
      assert.doesNotMatch(new X509Certificate(readFileSync(certFile)).subjectAltName ?? '', /db\.example\.com/);
      // Confirmed: renewed, same key, and the finding is gone.
      answer = 'Re-issue';
      const done = await vscode.commands.executeCommand<{ ok: boolean; written?: string[] }>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.equal(done?.ok, true, JSON.stringify(done));
      assert.match(new X509Certificate(readFileSync(certFile)).subjectAltName ?? '', /DNS:db\.example\.com/);
      assert.equal(readFileSync(workspaceUri(dir, 'pg', 'server.key').fsPath, 'utf8'), keyBefore);
      await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'PG-030'));
    } finally {
      w.showWarningMessage = saved;
    }
  });
});
