/**
 * The built server on a hostile workspace (created at test time): an
 * openssl.cnf including a FIFO and /dev/zero, a pg_hba.conf → /dev/zero beside a
 * postgresql.conf, a dm-worker.toml → /dev/zero beside a dm-master.toml, a
 * *.der → /dev/zero opened in the decoded view, the Certificates scan of it
 * all. Each answer must arrive (a blocked server would time out), say why the
 * path was refused, and the server's peak memory (VmHWM) must stay bounded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';
import { hostileTree, type HostileTree } from '../support/hostileTree';

let t: HostileTree;
let client: TestClient;

function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

before(async () => {
  t = hostileTree('cw-proto-hostile-');
  t.fifo('pipe.cnf');
  t.link('zero.cnf', '/dev/zero');
  t.link('certs/zero.der', '/dev/zero');
  t.fifo('certs/pipe.pem');
  t.link('pg/pg_hba.conf', '/dev/zero');
  t.link('dm/dm-worker.toml', '/dev/zero');
  client = await startClient({ rootPath: t.dir });
});

after(async () => {
  await client.shutdown();
  t.cleanup();
});

test('.include of a FIFO and of /dev/zero: two warnings, then a hover still answers', { timeout: 60_000 }, async () => {
  const text = `.include ${t.path('pipe.cnf')}\n.include ${t.path('zero.cnf')}\n[ req ]\nprompt = no\n`;
  const path = t.write('openssl.cnf', text);
  const uri = client.open(path, 'openssl-conf', text);
  const diags = await client.diagnostics(uri, (p) => p.diagnostics.filter((d) => d.code === 'CNF-050').length === 2, 30_000);
  assert.match(String(diags[0]!.message), /named pipe \(FIFO\)/);
  assert.match(String(diags[1]!.message), /character device/);
  const hover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
  assert.ok(hover);
});

test('pg_hba.conf → /dev/zero and dm-worker.toml → /dev/zero beside their partners', { timeout: 60_000 }, async () => {
  const conf = "ssl = on\nssl_ca_file = 'root.crt'\n";
  const pgUri = client.open(t.write('pg/postgresql.conf', conf), 'plaintext', conf);
  const pg = await client.diagnostics(pgUri, (p) => p.diagnostics.some((d) => d.code === 'CW-READ'), 30_000);
  assert.match(String(pg.find((d) => d.code === "CW-READ")!.message), /pg_hba\.conf beside this file is a character device/);
  const master = 'name = "master1"\nmaster-addr = ":8261"\nadvertise-addr = "127.0.0.1:8261"\nssl-ca = "ca.pem"\nssl-cert = "master.pem"\nssl-key = "master.key"\n';
  const dmUri = client.open(t.write('dm/dm-master.toml', master), 'plaintext', master);
  await client.diagnostics(dmUri, () => true, 30_000);
});

test('decoded view of *.der → /dev/zero and of a FIFO, and the Certificates scan', { timeout: 60_000 }, async () => {
  for (const [rel, words] of [['certs/zero.der', /character device, not a regular file/], ['certs/pipe.pem', /named pipe \(FIFO\)/]] as const) {
    const r = await client.request<{ text: string; format: string }>('certwright/decodeFile', { uri: fileUri(t.path(rel)) });
    assert.equal(r.format, 'none');
    assert.match(r.text, words);
  }
  const list = await client.request<{ roots: unknown[] }>('certwright/listCertificates', {});
  assert.ok(Array.isArray(list.roots));
  const peak = peakMb(client.process.pid!);
  console.log(`hostile workspace: server peak RSS ${peak.toFixed(0)} MB`);
  assert.ok(peak < 500, `server peak RSS ${peak} MB`);
});
