/**
 * The editor's write path for a CA, in the real VS Code: the same CA store as the CLI.
 * It refuses a symbolic link on the way to a file (as the CLI does), chmods only the
 * folders it creates (never the workspace root or an existing folder), and editor
 * commands running at the same time as `certwright` CLI processes on one CA lose nothing
 * (checked with `openssl ca -status`).
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, workspaceFolder, workspaceUri } from './helpers';

const mode = (p: string): number => statSync(p).mode & 0o777;

function cliPath(): string {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'certwright');
  assert.ok(ext, 'the Certwright extension is not installed');
  return join(ext.extensionPath, 'dist', 'server', 'cli.js');
}

/** Runs the built CLI as a separate process (the extension host's Node runs it). */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cliPath(), ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

suite('CA state from the editor', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  test('never chmods the workspace root or a folder that exists; folders it creates are 0700', async function () {
    this.timeout(60_000);
    const root = workspaceFolder().fsPath;
    const rootMode = mode(root);
    const dir = join(root, 'ca-state-it', 'pg');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.createCa', { profile: 'postgres', dir: 'ca-state-it/pg', keyType: 'p256' });
    assert.ok(result?.written.some((u) => u.endsWith('/root.crt')));
    assert.equal(mode(dir), 0o755, 'the existing target folder kept its mode');
    assert.equal(mode(root), rootMode, 'the workspace root kept its mode');
    assert.equal(mode(join(dir, 'ca-private')), 0o700, 'the folder it created');
    assert.equal(mode(join(dir, 'ca-private', 'root.key')), 0o600);
    assert.ok(!readdirSync(join(dir, 'ca-private')).some((f) => f.startsWith('.certwright')), 'no lock, journal or temporary left');
  });

  test('a new CA folder (and its missing parents) is created 0700, as easy-rsa does: it holds a private key', async function () {
    this.timeout(60_000);
    const parent = join(workspaceFolder().fsPath, 'ca-state-it', 'fresh');
    assert.equal(existsSync(parent), false, 'the folders do not exist yet');
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'cockroach', dir: 'ca-state-it/fresh/crdb', keyType: 'p256' });
    assert.equal(mode(join(parent, 'crdb')), 0o700, 'the CA folder');
    assert.equal(mode(parent), 0o700, 'its missing parent');
    assert.equal(mode(join(parent, 'crdb', 'certs')), 0o700);
    assert.equal(mode(join(parent, 'crdb', 'ca-private')), 0o700);
    assert.equal(mode(join(parent, 'crdb', 'ca-private', 'ca.key')), 0o600);
  });

  test('refuses to write through a symbolic link (like the CLI), writing nothing outside', async function () {
    this.timeout(60_000);
    const dir = workspaceUri('ca-state-it', 'crdb').fsPath;
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'cockroach', dir: 'ca-state-it/crdb', keyType: 'p256' });
    const outside = mkdtempSync(join(tmpdir(), 'certwright-outside-'));
    try {
      symlinkSync(outside, join(dir, 'certs', 'n1'));
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'cockroach', dir: 'ca-state-it/crdb', name: 'n1', sans: ['localhost'], keyType: 'p256' })),
        /symbolic link certs\/n1/,
      );
      assert.deepEqual(readdirSync(outside), [], 'nothing written through the link');
      // The CLI refuses the same plan.
      const r = await cli(['issue', 'node', '--dir', dir, '--name', 'n1', '--san', 'localhost', '--key', 'p256']);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /symbolic link certs\/n1/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('editor commands and CLI processes at the same time on one CA: every certificate is in index.txt and known to openssl ca -status', async function () {
    this.timeout(180_000);
    const rel = 'ca-state-it/shared';
    const dir = workspaceUri(...rel.split('/')).fsPath;
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'generic', dir: rel, keyType: 'p256' });
    const n = 6;
    const editor = Array.from({ length: n }, (_, i) =>
      Promise.resolve(vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert', { profile: 'generic', dir: rel, user: `ed${i}`, name: `ed${i}`, keyType: 'p256' })),
    );
    const processes = Array.from({ length: n }, (_, i) => cli(['issue', 'client', '--dir', dir, '--user', `cli${i}`, '--name', `cli${i}`, '--key', 'p256', '--json']));
    const [fromEditor, fromCli] = await Promise.all([Promise.all(editor), Promise.all(processes)]);
    for (const r of fromCli) assert.equal(r.code, 0, r.err);
    const serials = [...fromEditor.map((r) => r!.issued!.serial), ...fromCli.map((r) => (JSON.parse(r.out) as { issued: { serial: string } }).issued.serial)];
    // Then a revoke from the editor beside a CRL from the CLI.
    const [revoked, crl] = await Promise.all([
      Promise.resolve(vscode.commands.executeCommand<IssueCommandResult>('certwright.revokeCertificate', { profile: 'generic', dir: rel, cert: 'ed0.crt', reason: 'keyCompromise' })),
      cli(['crl', '--dir', dir]),
    ]);
    assert.ok(revoked);
    assert.equal(crl.code, 0, crl.err);
    const index = readFileSync(join(dir, 'ca-private', 'index.txt'), 'utf8');
    const lost = serials.filter((s) => !index.includes(`\t${s}\t`));
    assert.deepEqual(lost, [], `entries lost:\n${index}`);
    for (const s of serials) {
      const st = spawnSync('openssl', ['ca', '-config', 'ca-private/openssl-ca.cnf', '-status', s], { cwd: dir, encoding: 'utf8' });
      assert.match(`${st.stdout}${st.stderr}`, new RegExp(`${s}=${s === serials[0] ? 'Revoked' : 'Valid'}`));
    }
    const verify = spawnSync('openssl', ['verify', '-crl_check', '-CAfile', 'ca.crt', '-CRLfile', 'ca.crl', 'ed0.crt'], { cwd: dir, encoding: 'utf8' });
    assert.match(`${verify.stdout}${verify.stderr}`, /certificate revoked/);
    assert.ok(!existsSync(join(dir, 'ca-private', '.certwright.lock')));
  });
});
