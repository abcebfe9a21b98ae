/**
 * Create Key and CSR… in the real VS Code: the wizard (system, role, names, key type, folder,
 * summary) writes a key (0600) and a request openssl verifies, with the profile's names; a
 * second run never replaces the key; Sign CSR signs the request with a CA of the workspace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CreateCsrResult } from '../../../client/src/commands/csrKit';
import type { SignCsrResult } from '../../../client/src/commands/operators';
import { activate, workspaceUri } from './helpers';
import { withFakeQuickInputs } from './wizardFakes';

suite('Create Key and CSR from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'cockroach', dir: 'csr-it/ca', keyType: 'p256' });
  });

  test('the wizard writes node.key (0600) and node.csr with the profile\'s names; a second run refuses to replace the key; Sign CSR signs it', async function () {
    this.timeout(120_000);
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = { showInformationMessage: w.showInformationMessage, showErrorMessage: w.showErrorMessage };
    const errors: string[] = [];
    const pages: string[] = [];
    const answers = {
      pick: (list: readonly (vscode.QuickPickItem & { k?: string })[], placeholder: string) => {
        pages.push(placeholder);
        if (/^Which system/.test(placeholder)) return [list.find((i) => i.label === 'CockroachDB')!];
        if (/^What the certificate is for/.test(placeholder)) return [list.find((i) => /^Node/.test(i.label))!];
        return [list[0]!];
      },
      input: (prompt: string, value: string) => {
        pages.push(prompt);
        if (/^DNS names and IP addresses/.test(prompt)) return 'roach1.example.com, 10.0.0.11';
        if (/^Folder for the key/.test(prompt)) return 'csr-it/node1';
        return value;
      },
    };
    let made: CreateCsrResult | undefined;
    try {
      w.showInformationMessage = async () => undefined;
      w.showErrorMessage = async (m: string) => void errors.push(m);
      made = await withFakeQuickInputs(answers, () => vscode.commands.executeCommand<CreateCsrResult>('certwright.createCsr'));
      assert.ok(made, `no result: ${JSON.stringify(pages)} ${JSON.stringify(errors)}`);
      assert.ok(pages.some((p) => /^Summary/.test(p)), 'a summary before writing');
      const key = workspaceUri('csr-it', 'node1', 'node.key').fsPath;
      const csr = workspaceUri('csr-it', 'node1', 'node.csr').fsPath;
      assert.equal(statSync(key).mode & 0o777, 0o600);
      const text = execFileSync('openssl', ['req', '-in', csr, '-noout', '-verify', '-text'], { stdio: 'pipe' }).toString();
      assert.match(text, /Subject: O ?= ?Cockroach, CN ?= ?node/);
      assert.match(text, /DNS:roach1\.example\.com/);
      assert.match(text, /IP Address:10\.0\.0\.11/);
      const keyBefore = readFileSync(key);

      // Again into the same folder: refused, the key untouched.
      const again = await withFakeQuickInputs(answers, () => vscode.commands.executeCommand<CreateCsrResult>('certwright.createCsr'));
      assert.equal(again, undefined);
      assert.ok(errors.some((e) => /a key is never replaced/.test(e)), JSON.stringify(errors));
      assert.ok(readFileSync(key).equals(keyBefore));
    } finally {
      Object.assign(w, saved);
    }

    const signed = await vscode.commands.executeCommand<SignCsrResult>('certwright.signCsr', { csr: workspaceUri('csr-it', 'node1', 'node.csr').fsPath, dir: 'csr-it/ca', name: 'roach1' });
    assert.ok(signed?.issued, 'signed');
    const crt = signed.written.find((u) => /node\.crt$/.test(u));
    assert.ok(crt, JSON.stringify(signed.written));
    assert.match(execFileSync('openssl', ['verify', '-CAfile', workspaceUri('csr-it', 'ca', 'certs', 'ca.crt').fsPath, vscode.Uri.parse(crt).fsPath]).toString(), /: OK/);
  });
});
