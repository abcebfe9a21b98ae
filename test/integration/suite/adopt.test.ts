/**
 * Adopt Existing CA… inside the real VS Code: an openssl ca CA made by the real openssl
 * in the workspace is adopted through the wizard (kind, CA, summary of what was found and
 * of the one file written; nothing before "Write"); openssl ca still reads the state and
 * no existing file changed. With arguments, an encrypted key without its passphrase is
 * refused by the language server with nothing written.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AdoptCaResult } from '../../../server/src/protocol/issue';
import { activate, closeWizardsAndEditors, snapshotFiles, workspaceUri } from './helpers';
import { withFakeQuickInputs, type Item } from './wizardFakes';

const config = `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ./demoCA
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/cacert.pem
private_key = $dir/private/cakey.pem
serial = $dir/serial
crlnumber = $dir/crlnumber
crl = $dir/crl.pem
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_anything
[ policy_anything ]
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

/** An openssl ca CA with one leaf (serial 1000), made by the real openssl in `dir`. */
function makeCa(dir: string, encrypted = false): void {
  mkdirSync(join(dir, 'demoCA', 'newcerts'), { recursive: true });
  mkdirSync(join(dir, 'demoCA', 'private'), { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), config);
  writeFileSync(join(dir, 'demoCA', 'index.txt'), '');
  writeFileSync(join(dir, 'demoCA', 'serial'), '1000\n');
  writeFileSync(join(dir, 'demoCA', 'crlnumber'), '1000\n');
  const o = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  o('req', '-x509', '-config', 'openssl.cnf', '-extensions', 'v3_ca', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', ...(encrypted ? ['-passout', 'pass:it-secret'] : ['-nodes']), '-keyout', 'demoCA/private/cakey.pem', '-subj', '/CN=IT Adopted CA', '-days', '365', '-out', 'demoCA/cacert.pem');
  if (encrypted) return;
  o('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=leaf', '-out', 'leaf.csr');
  o('ca', '-batch', '-config', 'openssl.cnf', '-in', 'leaf.csr', '-out', 'leaf.crt');
}

suite('Adopt Existing CA from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  suiteTeardown(closeWizardsAndEditors);

  test('the wizard: kind, CA, a summary of what was found; only certwright-layout.json is added and openssl ca still reads the state', async function () {
    this.timeout(120_000);
    const dir = workspaceUri('adopt-it', 'openssl').fsPath;
    makeCa(dir);
    const before = snapshotFiles(dir);
    const pages: string[] = [];
    let summaryItems: readonly Item[] = [];
    const result = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          pages.push(placeholder);
          if (/kind of CA/.test(placeholder)) return items.filter((i) => i.label === 'openssl ca');
          if (/Which CA\?/.test(placeholder)) return items.filter((i) => i.label.endsWith('adopt-it/openssl/openssl.cnf'));
          if (/Summary/.test(placeholder)) {
            summaryItems = items;
            assert.equal(existsSync(join(dir, 'certwright-layout.json')), false, 'nothing is written before "Write"');
            return items.filter((i) => (i as { write?: boolean }).write);
          }
          return undefined;
        },
        input: () => {
          throw new Error('no input page expected');
        },
      },
      () => vscode.commands.executeCommand<AdoptCaResult | undefined>('certwright.adoptCa'),
    );
    assert.equal(pages.length, 3, pages.join(' | '));
    assert.ok(result, 'the adoption ran');
    assert.equal(result.report.nextSerial, '1001', 'the next serial continues the serial file');
    assert.deepEqual(result.report.entries, { valid: 1, revoked: 0, expired: 0 });
    assert.ok(summaryItems.some((i) => i.label.includes('certwright-layout.json')), JSON.stringify(summaryItems.map((i) => i.label)));
    assert.ok(summaryItems.some((i) => /1 valid, 0 revoked/.test(i.label)), 'the summary says what was found');
    const after = snapshotFiles(dir);
    assert.deepEqual([...after.keys()].filter((k) => !before.has(k)), ['certwright-layout.json']);
    assert.deepEqual([...before].filter(([k, h]) => after.get(k) !== h), [], 'no existing file changed');
    const status = spawnSync('openssl', ['ca', '-config', 'openssl.cnf', '-status', '1000'], { cwd: dir, encoding: 'utf8' });
    assert.match(`${status.stdout}${status.stderr}`, /1000=Valid/);
  });

  test('with arguments: an encrypted key without its passphrase is refused, nothing written', async function () {
    this.timeout(60_000);
    const dir = workspaceUri('adopt-it', 'encrypted').fsPath;
    makeCa(dir, true);
    const before = snapshotFiles(dir);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('certwright.adoptCa', { from: 'openssl', source: join(dir, 'openssl.cnf') })), /encrypted: give its passphrase/);
    assert.deepEqual(snapshotFiles(dir), before);
  });
});
