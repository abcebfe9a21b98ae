/**
 * An encrypted CA key in the real VS Code: Create CA encrypts it when asked (openssl reads it
 * with -passin), and every command that signs with it asks the passphrase with a password
 * box, asks again after a wrong one, keeps it in VS Code's secret storage only when the user
 * says so, and never records it in the wizard log.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CertwrightApi } from '../../../client/src/extension';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeAllEditors, workspaceUri } from './helpers';
import { withFakeQuickInputs, type Answers } from './wizardFakes';

const dir = 'passphrase-it/generic';
const secret = 'correct horse battery 7';
const file = (...segments: string[]): string => workspaceUri(...dir.split('/'), ...segments).fsPath;

let api: CertwrightApi;

/** Replaces the notifications for one call: `remember` answers the "Remember the passphrase?" question. */
async function withNotifications<T>(remember: 'Remember' | 'Not Now', asked: string[], run: () => Thenable<T>): Promise<T> {
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = { showInformationMessage: w.showInformationMessage, showWarningMessage: w.showWarningMessage, showErrorMessage: w.showErrorMessage };
  w.showInformationMessage = async (message: string) => {
    asked.push(`info:${message}`);
    return /^Remember the passphrase/.test(message) ? remember : undefined;
  };
  w.showWarningMessage = async (message: string) => void asked.push(`warning:${message}`);
  w.showErrorMessage = async (message: string) => void asked.push(`error:${message}`);
  try {
    return await run();
  } finally {
    Object.assign(w, saved);
  }
}

suite('Encrypted CA key: passphrase prompts', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activate();
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('Create CA encrypts the key when asked; openssl reads it with -passin', async function () {
    this.timeout(90_000);
    const seen: string[] = [];
    const answers: Answers = {
      pick: (list, placeholder) => {
        seen.push(`pick:${placeholder}`);
        if (/^Which system/.test(placeholder)) return [list.find((i) => i.label === 'Generic')!];
        if (list.some((i) => i.k)) return [list.find((i) => i.k === 'p256')!];
        if (/^Protect the CA key/.test(placeholder)) return [list.find((i) => /Encrypt/.test(i.label))!];
        if (/^Summary/.test(placeholder)) {
          assert.ok(list.some((i) => /encrypted with a passphrase/.test(i.label)), 'the summary says the key is encrypted');
          return [list[0]!];
        }
        return [list[0]!];
      },
      input: (prompt, value, validate) => {
        seen.push(`input:${prompt}`);
        if (/^Folder/.test(prompt)) return dir;
        if (/^Passphrase for the new CA key/.test(prompt)) {
          assert.ok(validate('short'), 'a 5-character passphrase is refused');
          return secret;
        }
        // The confirmation compares on Enter (a mismatch asks both again: wizard.test.ts).
        if (/same passphrase again/.test(prompt)) return secret;
        return value;
      },
    };
    const asked: string[] = [];
    const result = await withNotifications('Not Now', asked, () => withFakeQuickInputs(answers, () => vscode.commands.executeCommand<IssueCommandResult>('certwright.createCa')));
    assert.ok(result, `Create CA did not finish: ${JSON.stringify(seen)} ${JSON.stringify(asked)}`);
    const key = readFileSync(file('ca-private', 'ca.key'), 'utf8');
    assert.match(key, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    execFileSync('openssl', ['pkey', '-in', file('ca-private', 'ca.key'), '-passin', `pass:${secret}`, '-noout'], { stdio: 'pipe' });
    assert.throws(() => execFileSync('openssl', ['pkey', '-in', file('ca-private', 'ca.key'), '-passin', 'pass:wrong', '-noout'], { stdio: 'pipe' }), 'openssl refuses a wrong passphrase');
    assert.ok(asked.some((a) => /^info:Remember the passphrase/.test(a)), 'remembering is offered, not done');
  });

  test('Issue Client Certificate asks the passphrase in a password box, again after a wrong one; remembered only when asked', async function () {
    this.timeout(90_000);
    const passwordPrompts: string[] = [];
    const issue = (): Answers => ({
      pick: (list, placeholder) => {
        if (/^Which CA/.test(placeholder)) return [list.find((i) => i.label.includes(dir))!];
        if (list.some((i) => i.k)) return [list.find((i) => i.k === 'p256')!];
        return [list[0]!];
      },
      input: (prompt, value) => {
        if (/is encrypted|again\.$/.test(prompt)) {
          passwordPrompts.push(prompt);
          return passwordPrompts.length === 1 ? 'not the passphrase' : secret;
        }
        if (/^Client identity/.test(prompt)) return 'alice';
        return value;
      },
    });
    const asked: string[] = [];
    const result = await withNotifications('Remember', asked, () => withFakeQuickInputs(issue(), () => vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert')));
    assert.ok(result, `the issue did not finish: ${JSON.stringify(asked)}`);
    assert.equal(passwordPrompts.length, 2, JSON.stringify(passwordPrompts));
    assert.match(passwordPrompts[1]!, /wrong passphrase/, 'the second prompt says why');
    const leaf = new X509Certificate(readFileSync(file('client-alice.crt')));
    assert.ok(leaf.checkIssued(new X509Certificate(readFileSync(file('ca.crt')))));
    // The password pages are recorded without their value.
    const shown = JSON.stringify(api.wizardPages);
    assert.ok(api.wizardPages.some((p) => p.password === true), 'the password page is a password input');
    assert.ok(!shown.includes(secret) && !shown.includes('not the passphrase'), 'a passphrase in the wizard log');

    // Remembered: Publish CRL signs without asking.
    await new Promise((r) => setTimeout(r, 500));
    const again: string[] = [];
    const crl = await withNotifications('Not Now', [], () =>
      withFakeQuickInputs(
        {
          pick: (list, placeholder) => (/^Which CA/.test(placeholder) ? [list.find((i) => i.label.includes(dir))!] : [list[0]!]),
          input: (prompt, value) => {
            again.push(prompt);
            return value;
          },
        },
        () => vscode.commands.executeCommand<IssueCommandResult>('certwright.publishCrl'),
      ),
    );
    assert.ok(crl, 'Publish CRL did not finish');
    assert.deepEqual(again.filter((p) => /encrypted/.test(p)), [], 'the remembered passphrase is used');
    assert.ok(existsSync(file('ca.crl')), JSON.stringify(crl.written));
  });

  test('automation: a wrong "passphrase" argument is refused with the reason and nothing is written', async function () {
    this.timeout(60_000);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('certwright.issueClientCert', { dir, user: 'bob', keyType: 'p256', passphrase: 'wrong', overwrite: 'refuse' })),
      /wrong passphrase/,
    );
    assert.equal(existsSync(file('client-bob.crt')), false);
    const ok = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert', { dir, user: 'bob', keyType: 'p256', passphrase: secret, rememberPassphrase: false, overwrite: 'refuse' });
    assert.ok(ok?.issued, 'the right passphrase signs');
  });
});
