/**
 * An openssl.cnf judged by how the workspace's scripts run openssl on it, against the BUILT
 * language server over stdio: a script that appears or changes (reported with
 * workspace/didChangeWatchedFiles) changes the configuration file's diagnostics.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

describe('openssl.cnf judged by the workspace scripts that use it, over stdio', () => {
  let client: TestClient;
  let dir = '';
  let uri = '';
  // [ ca ] names no default CA; [ CA_root ] is set up for signing but has no serial.
  const cnf = '[ ca ]\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n';
  const show = (ds: readonly lsp.Diagnostic[]): string[] => ds.map((d) => `${d.range.start.line}:${String(d.code)}:${d.severity === 1 ? 'error' : 'warning'}`).sort();
  const changed = (name: string, type: lsp.FileChangeType): Promise<void> =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, name)), type }] } satisfies lsp.DidChangeWatchedFilesParams);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certwright-cnf-script-uses-'));
    writeFileSync(join(dir, 'ca.cnf'), cnf);
    client = await startClient({ rootPath: dir });
  });
  after(async () => {
    if (client && client.process.exitCode == null) await client.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('no script: openssl ca without -name is what the file is judged by (warnings)', async () => {
    const first = client.diagnostics(fileUri(join(dir, 'ca.cnf')));
    uri = client.open(join(dir, 'ca.cnf'), 'openssl-conf', cnf, 1);
    assert.deepEqual(show(await first), ['0:CA-001:warning', '1:CA-001:warning']);
  });

  test('a script that signs with -name CA_root appears: default_ca is not read, and CA_root fails to sign (an error)', async () => {
    const next = client.diagnostics(uri, (p) => show(p.diagnostics).includes('1:CA-001:error'));
    writeFileSync(join(dir, 'gen.sh'), '#!/bin/sh\nset -e\nopenssl ca -batch -config ca.cnf -name CA_root -in node.csr -out node.crt\n');
    await changed('gen.sh', 1);
    const ds = await next;
    assert.deepEqual(show(ds), ['1:CA-001:error']);
    assert.match(String(ds[0]!.message), /CA_root::serial/);
  });

  test('the script changes to make only CRLs with CA_root: serial is not needed there, a CRL period is (openssl ca -gencrl fails without one)', async () => {
    const next = client.diagnostics(uri, (p) => p.diagnostics.some((d) => /-gencrl needs default_crl_days/.test(String(d.message))));
    writeFileSync(join(dir, 'gen.sh'), '#!/bin/sh\nopenssl ca -config ca.cnf -name CA_root -gencrl -out crl.pem\n');
    await changed('gen.sh', 2);
    const ds = await next;
    assert.deepEqual(show(ds), ['1:CA-001:error']);
    assert.doesNotMatch(String(ds[0]!.message), /serial/);
  });

  test('the script goes away: back to the guess', async () => {
    const next = client.diagnostics(uri, (p) => p.diagnostics.length === 2);
    rmSync(join(dir, 'gen.sh'));
    await changed('gen.sh', 3);
    assert.deepEqual(show(await next), ['0:CA-001:warning', '1:CA-001:warning']);
  });
});
