/**
 * Operator commands inside the real VS Code: Sign CSR with arguments (no prompts) signs a
 * request made by openssl with the CA a palette command created — reviewed by the server
 * first, written through workspace.fs under the CA lock.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SignCsrResult } from '../../../client/src/commands/operators';
import { activate, workspaceUri } from './helpers';

const dir = 'operators-it/pg';

suite('Operator commands: Sign CSR', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'postgres', dir, keyType: 'p256' });
  });

  test('signs an openssl request as the profile decides and reports what it did not grant', async function () {
    this.timeout(60_000);
    const csr = workspaceUri('operators-it', 'db.csr').fsPath;
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', workspaceUri('operators-it', 'db.key').fsPath, '-subj', '/OU=ops/CN=db.example.com', '-addext', 'subjectAltName=DNS:db.example.com', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', csr], { stdio: 'pipe' });
    const result = await vscode.commands.executeCommand<SignCsrResult>('certwright.signCsr', { csr, dir });
    assert.ok(result, 'signCsr returned nothing');
    assert.equal(result.profile, 'postgres');
    assert.ok(result.notGranted.some((n) => n.startsWith('basicConstraints CA:TRUE')), JSON.stringify(result.notGranted));
    const cert = new X509Certificate(readFileSync(workspaceUri(...dir.split('/'), 'server.crt').fsPath));
    assert.equal(cert.ca, false);
    assert.match(cert.subject, /CN=db.example.com/);
    assert.doesNotMatch(cert.subject, /OU=/);
    assert.ok(cert.checkIssued(new X509Certificate(readFileSync(workspaceUri(...dir.split('/'), 'root.crt').fsPath))));
    assert.match(readFileSync(workspaceUri(...dir.split('/'), 'ca-private', 'index.txt').fsPath, 'utf8'), new RegExp(`\\t${result.issued!.serial}\\t`));
  });
});
