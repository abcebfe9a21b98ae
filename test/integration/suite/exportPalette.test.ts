/**
 * Export Certificate… in the real VS Code: the wizard (certificate, format, passphrase typed
 * twice in password boxes, where) writes a PKCS#12 bundle openssl reads and records it with
 * the CA; Renew Certificate then writes the bundle again in the same commit, from the renewed
 * certificate, with the passphrase it asks for.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeAllEditors, workspaceUri } from './helpers';
import { withFakeQuickInputs } from './wizardFakes';

const dir = 'export-it/pg';
const pass = 'keystore pass 42';
const file = (name: string): string => workspaceUri(...dir.split('/'), name).fsPath;
const serialIn = (p12: string): string => execFileSync('sh', ['-c', `openssl pkcs12 -in '${p12}' -passin env:P -nokeys -clcerts | openssl x509 -noout -serial`], { env: { ...process.env, P: pass } }).toString().trim();

suite('Export Certificate from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'postgres', dir, keyType: 'p256' });
    await vscode.commands.executeCommand('certwright.issueClientCert', { dir, user: 'alice', name: 'alice', keyType: 'p256' });
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('the wizard writes a modern PKCS#12 openssl reads; a renewal writes it again with the renewed certificate', async function () {
    this.timeout(120_000);
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = { showInformationMessage: w.showInformationMessage };
    const seen: string[] = [];
    let result: IssueCommandResult | undefined;
    try {
      w.showInformationMessage = async () => undefined;
      result = await withFakeQuickInputs(
        {
          pick: (list, placeholder) => {
            seen.push(`pick:${placeholder}`);
            if (/^Which CA/.test(placeholder)) return [list.find((i) => i.label.includes(dir))!];
            if (/^Certificate to export/.test(placeholder)) return [list.find((i) => i.label === 'alice.crt')!];
            if (/^Export as/.test(placeholder)) {
              assert.ok(list.some((i) => /LEGACY/.test(i.label)), 'the legacy bundle is offered, named as such');
              return [list.find((i) => i.label === 'PKCS#12 bundle (.p12)')!];
            }
            return [list[0]!];
          },
          input: (prompt, value) => {
            seen.push(`input:${prompt}`);
            if (/^Passphrase of the export|same passphrase again/.test(prompt)) return pass;
            return value;
          },
        },
        () => vscode.commands.executeCommand<IssueCommandResult>('certwright.exportCertificate'),
      );
    } finally {
      Object.assign(w, saved);
    }
    assert.ok(result, `the export did not finish: ${JSON.stringify(seen)}`);
    assert.equal(statSync(file('alice.p12')).mode & 0o777, 0o600);
    const info = spawnSync('openssl', ['pkcs12', '-info', '-in', file('alice.p12'), '-passin', 'env:P', '-noout'], { env: { ...process.env, P: pass }, encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stderr, /MAC: sha256, Iteration 600000/, 'the modern bundle');
    const alice = execFileSync('openssl', ['x509', '-in', file('alice.crt'), '-noout', '-serial']).toString().trim();
    assert.equal(serialIn(file('alice.p12')), alice);
    const record = JSON.parse(readFileSync(file('ca-private/exports.json'), 'utf8')) as { exports: Array<{ out: string; format: string; encrypted?: boolean }> };
    assert.deepEqual(record.exports.map((e) => [e.out, e.format, e.encrypted]), [['alice.p12', 'p12', true]]);
    assert.ok(!readFileSync(file('ca-private/exports.json'), 'utf8').includes(pass));

    // Renew (automation): the bundle is written again in the renewal's commit.
    const renewed = await vscode.commands.executeCommand<IssueCommandResult>('certwright.renewCertificate', { dir, cert: 'alice.crt', newKey: true, exportPassphrases: { 'alice.p12': pass } });
    assert.ok(renewed?.issued);
    assert.ok(renewed.written.some((u) => u.endsWith('/alice.p12')), JSON.stringify(renewed.written));
    assert.equal(serialIn(file('alice.p12')), `serial=${renewed.issued.serial}`);
  });
});
