/**
 * Intermediate CAs from the palette inside the real VS Code: Create Intermediate CA (the
 * wizard's pages and defaults, the summary listing both folders' files) under a root made
 * with pathlen 1, leaves issued from the intermediate, Renew Intermediate CA (same key,
 * the parent found in the workspace), Publish Parent CRL with Intermediate CA, and the
 * refusals the CLI makes, in its words. The
 * chains are checked by openssl verify trusting the root only.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeWizardsAndEditors, workspaceUri } from './helpers';
import { withFakeQuickInputs, type Item } from './wizardFakes';

const base = 'intermediate-it';
const file = (...segments: string[]): string => workspaceUri(base, ...segments).fsPath;
const blocks = (path: string): number => (readFileSync(path, 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length;
const run = <T = IssueCommandResult>(id: string, arg: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`certwright.${id}`, arg);

/** openssl verify trusting the root only; the intermediates come from `untrusted`. */
function verify(root: string, untrusted: string, leaf: string, purpose: string): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('openssl', ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', root, '-untrusted', untrusted, leaf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

suite('Intermediate CAs from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  suiteTeardown(closeWizardsAndEditors);

  test('refused as the CLI refuses: a parent with pathlen 0, the parent\'s own folder, a missing profile', async function () {
    this.timeout(60_000);
    await run('createCa', { profile: 'postgres', dir: `${base}/leaves-only`, keyType: 'p256' });
    await assert.rejects(Promise.resolve(run('createIntermediateCa', { profile: 'postgres', dir: `${base}/under-leaves-only`, parent: `${base}/leaves-only`, keyType: 'p256' })), /pathlen:0: it may sign only leaf certificates.*--pathlen 1/);
    assert.equal(existsSync(file('under-leaves-only', 'root.crt')), false, 'nothing written');
    await assert.rejects(Promise.resolve(run('createIntermediateCa', { profile: 'postgres', dir: `${base}/leaves-only`, parent: `${base}/leaves-only` })), /another folder than the intermediate's: the root key stays apart/);
    await assert.rejects(Promise.resolve(run('createIntermediateCa', { dir: `${base}/x`, parent: `${base}/leaves-only` })), /the argument "profile" is required/);
  });

  test('root (pathlen 1) → intermediate from the wizard → server and client certificates: openssl verifies each chain trusting the root only; renewing the intermediate keeps the key and every issued certificate verifying', async function () {
    this.timeout(180_000);
    // The root from Create CA's wizard: a PostgreSQL CA asks what it will sign; "Also intermediate CAs" is pathlen 1.
    const rootPages: string[] = [];
    await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          rootPages.push(placeholder);
          if (/^Which system/.test(placeholder)) return [items.find((i) => i.label === 'PostgreSQL')!];
          if (/Key type/.test(placeholder)) return [items.find((i) => /P-256/.test(i.label))!];
          if (/What will this CA sign/.test(placeholder)) {
            assert.equal(items[0]?.label, 'Leaf certificates only', 'leaves only, the first choice');
            return [items.find((i) => i.label === 'Also intermediate CAs')!];
          }
          if (/^Protect the CA key/.test(placeholder)) return [items.find((i) => i.label === 'No passphrase')!];
          if (/^Summary/.test(placeholder)) {
            assert.ok(items.some((i) => i.label === 'leaf certificates and intermediate CAs (pathlen 1)'), JSON.stringify(items.map((i) => i.label)));
            return [items[0]!];
          }
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt, value) => (/^Folder/.test(prompt) ? `${base}/root` : value),
      },
      () => vscode.commands.executeCommand('certwright.createCa'),
    );
    assert.equal(rootPages.length, 5, rootPages.join(' | '));
    assert.match(execFileSync('openssl', ['x509', '-noout', '-ext', 'basicConstraints', '-in', file('root', 'root.crt')], { encoding: 'utf8' }), /CA:TRUE, pathlen:1/);

    // Create Intermediate CA from the explorer's context menu on the root's folder: the root is the parent.
    const pages: string[] = [];
    let summaryItems: readonly Item[] = [];
    const created = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          pages.push(placeholder);
          if (/^Summary/.test(placeholder)) {
            summaryItems = items;
            return [items[0]!];
          }
          if (/Which system is the intermediate for/.test(placeholder)) {
            assert.equal(items.find((i) => (i as Item & { id?: string }).id === 'postgres')?.label, 'PostgreSQL');
            return [items.find((i) => /PostgreSQL/.test(i.label))!];
          }
          if (/Key type/.test(placeholder)) return [items.find((i) => /P-256/.test(i.label))!];
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt, value) => {
          pages.push(prompt);
          if (/^Folder for the intermediate CA/.test(prompt)) return `${base}/int`;
          if (/common name/.test(prompt)) {
            assert.equal(value, 'PostgreSQL Root CA Intermediate');
            return value;
          }
          if (/validity in days/.test(prompt)) {
            assert.equal(value, '1825');
            return '1000';
          }
          throw new Error(`unexpected input: ${prompt}`);
        },
      },
      () => run('createIntermediateCa', workspaceUri(base, 'root')),
    );
    assert.equal(pages.length, 6, pages.join(' | '));
    const labels = summaryItems.map((i) => i.label);
    assert.ok(labels.some((l) => /intermediate-it\/int\/root\.crt$/.test(l)), JSON.stringify(labels));
    assert.ok(labels.some((l) => /intermediate-it\/int\/ca-private\/root\.key$/.test(l)), JSON.stringify(labels));
    assert.ok(labels.some((l) => /intermediate-it\/root\/ca-private\/index\.txt$/.test(l)), `the parent's database is listed: ${JSON.stringify(labels)}`);
    assert.equal(created?.operation, 'createIntermediate');
    assert.equal(blocks(file('int', 'root.crt')), 2, "the intermediate's CA file: itself + the root");
    assert.match(readFileSync(file('root', 'ca-private', 'index.txt'), 'utf8'), /^V\t.*CN=PostgreSQL Root CA Intermediate$/m, "the root's database records the intermediate");
    assert.deepEqual(
      ['root.key'].filter((k) => existsSync(file('int', 'ca-private', k))),
      ['root.key'],
    );
    assert.notEqual(readFileSync(file('int', 'ca-private', 'root.key'), 'utf8'), readFileSync(file('root', 'ca-private', 'root.key'), 'utf8'), 'the root key stays in the root folder');
    assert.equal((readFileSync(file('int', 'root.crl'), 'utf8').match(/BEGIN X509 CRL/g) ?? []).length, 2, "the CRL file: the intermediate's and the root's");

    await run('issueNodeCert', { profile: 'postgres', dir: `${base}/int`, sans: ['127.0.0.1', 'db.intermediate.test'], keyType: 'p256' });
    await run('issueClientCert', { profile: 'postgres', dir: `${base}/int`, user: 'alice', keyType: 'p256' });
    const root = file('root', 'root.crt');
    const server = file('int', 'server.crt');
    const client = file('int', 'client.crt');
    for (const [leaf, purpose] of [[server, 'sslserver'], [client, 'sslclient']] as const) {
      const v = verify(root, file('int', 'root.crt'), leaf, purpose);
      assert.ok(v.ok, `${leaf}: ${v.out}`);
    }
    // Without the intermediate the root alone does not vouch for the leaf: the check can fail.
    assert.equal(verify(root, root, server, 'sslserver').ok, false);

    // Renew Certificate on the intermediate's CA file points to Renew Intermediate CA.
    await assert.rejects(Promise.resolve(run('renewCertificate', { profile: 'postgres', dir: `${base}/int`, cert: 'root.crt' })), /is an intermediate CA: its parent renews it \(same key\)\. Run "Certwright: Renew Intermediate CA…"/);

    // Renew Intermediate CA from the explorer on the intermediate's folder: the parent is found in the workspace.
    const before = new X509Certificate(readFileSync(file('int', 'root.crt')));
    const renewPages: string[] = [];
    const renewed = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          renewPages.push(placeholder);
          if (/^Summary/.test(placeholder)) {
            assert.ok(items.some((i) => /intermediate-it\/root\/ca-private\/index\.txt$/.test(i.label)), JSON.stringify(items.map((i) => i.label)));
            return [items[0]!];
          }
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt, value) => {
          renewPages.push(prompt);
          assert.equal(value, '1825');
          return '900';
        },
      },
      () => run('renewIntermediateCa', workspaceUri(base, 'int')),
    );
    assert.equal(renewPages.length, 2, renewPages.join(' | '));
    assert.equal(renewed?.operation, 'renew');
    const after = new X509Certificate(readFileSync(file('int', 'root.crt')));
    assert.notEqual(after.serialNumber, before.serialNumber, 'a new certificate');
    assert.equal(after.subject, before.subject);
    assert.ok(after.publicKey.equals(before.publicKey), 'the same key');
    assert.ok(after.verify(new X509Certificate(readFileSync(root)).publicKey), 'signed by the root');
    assert.equal(blocks(file('int', 'root.crt')), 2);
    assert.equal((readFileSync(file('root', 'ca-private', 'index.txt'), 'utf8').match(/CN=PostgreSQL Root CA Intermediate$/gm) ?? []).length, 2, "the root's database records the renewal");
    // Certificates issued before the renewal verify through the renewed intermediate.
    for (const [leaf, purpose] of [[server, 'sslserver'], [client, 'sslclient']] as const) {
      const v = verify(root, file('int', 'root.crt'), leaf, purpose);
      assert.ok(v.ok, `${leaf} after the renewal: ${v.out}`);
    }
  });

  test('Publish Parent CRL with Intermediate CA: the root\'s current CRL replaces the intermediate\'s copy and is published with its own (certwright crl --parent)', async function () {
    this.timeout(60_000);
    const crlNumber = (pem: string): string => execFileSync('openssl', ['crl', '-noout', '-crlnumber'], { input: pem, encoding: 'utf8' }).trim();
    const crls = (path: string): string[] => readFileSync(path, 'utf8').match(/-----BEGIN X509 CRL-----[\s\S]+?-----END X509 CRL-----\n/g) ?? [];
    const copied = crls(file('int', 'root.crl'))[1]!;
    await run('publishCrl', { profile: 'postgres', dir: `${base}/root` });
    const rootCrl = readFileSync(file('root', 'root.crl'), 'utf8');
    assert.notEqual(crlNumber(rootCrl), crlNumber(copied), 'the root published a newer CRL than the intermediate\'s copy');
    const pages: string[] = [];
    const published = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          pages.push(placeholder);
          if (/^Summary/.test(placeholder)) {
            assert.ok(items.some((i) => /intermediate-it\/root\/root\.crl$/.test(i.description ?? '') || /intermediate-it\/root\/root\.crl/.test(i.label)), `the parent's CRL file is named: ${JSON.stringify(items.map((i) => [i.label, i.description]))}`);
            assert.ok(items.every((i) => !/intermediate-it\/root\/ca-private/.test(i.label)), 'nothing of the parent\'s folder is written');
            return [items[0]!];
          }
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt, value) => {
          pages.push(prompt);
          assert.match(prompt, /^CRL validity in days/);
          return value;
        },
      },
      () => run('publishParentCrl', workspaceUri(base, 'int')),
    );
    assert.equal(pages.length, 2, pages.join(' | '));
    assert.equal(published?.operation, 'publishCrl');
    assert.equal(readFileSync(file('int', 'ca-private', 'parent.crl'), 'utf8'), rootCrl, "the intermediate's copy is the root's current CRL");
    const [own, parent] = crls(file('int', 'root.crl'));
    assert.equal(parent, rootCrl, 'published after its own');
    assert.match(execFileSync('openssl', ['crl', '-noout', '-issuer'], { input: own, encoding: 'utf8' }), /PostgreSQL Root CA Intermediate/);
    // openssl verify -crl_check_all: the leaf's chain is checked against both CRLs.
    const leaf = verify(file('root', 'root.crt'), file('int', 'root.crt'), file('int', 'client.crt'), 'sslclient');
    assert.ok(leaf.ok, leaf.out);
    const all = execFileSync('openssl', ['verify', '-crl_check_all', '-CAfile', file('root', 'root.crt'), '-untrusted', file('int', 'root.crt'), '-CRLfile', file('int', 'root.crl'), file('int', 'client.crt')], { encoding: 'utf8' });
    assert.match(all, /client\.crt: OK/);
  });
});
