/**
 * The built server keeps answering while heavy work runs: a legacy PKCS#12
 * (1,000,000 key-derivation rounds) decrypted with its password, the decoded
 * view of a 100,000-entry CRL, and the Certificates scan that decodes that CRL,
 * all at once, while a hover is sent every 20 ms. Every hover must answer, and
 * the slowest within a generous bound (the precise stall figure comes from
 * bench/eventloop.bench.ts). Then `$/cancelRequest`: a PKCS#12 decode and a
 * listCertificates cancelled mid-way answer RequestCancelled.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import * as rpc from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';
import { hostileTree, type HostileTree } from '../support/hostileTree';
import { makeBigCrl } from '../support/bigCrl';
import { heavyPassword, makePkcs12 } from '../support/heavyPkcs12';

let t: HostileTree;
let client: TestClient;
let crl: string;
let p12: string;

before(async () => {
  t = hostileTree('cw-proto-loop-');
  mkdirSync(join(t.dir, 'crl'));
  mkdirSync(join(t.dir, 'p12'));
  crl = makeBigCrl(join(t.dir, 'crl'), 100_000);
  p12 = makePkcs12(join(t.dir, 'p12'), 'legacy', 200_000);
  client = await startClient({ rootPath: t.dir });
});

after(async () => {
  await client.shutdown();
  t.cleanup();
});

const cancelled = -32800;

test('hovers answer while a legacy PKCS#12, a 100k-entry CRL view and the scan run', { timeout: 180_000 }, async () => {
  const text = '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
  const uri = client.open(t.write('openssl.cnf', text), 'openssl-conf', text);
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
  const latencies: number[] = [];
  let heavyDone = false;
  const heavy = Promise.all([
    client.request<{ text: string; objects: number; passwordError?: string }>('certwright/decodeFile', { uri: fileUri(p12), password: heavyPassword, showInTree: false }),
    client.request<{ text: string; format: string }>('certwright/decodeFile', { uri: fileUri(crl) }),
    client.request<{ roots: unknown[] }>('certwright/listCertificates', { refresh: true }),
  ]).finally(() => (heavyDone = true));
  const started = performance.now();
  while (!heavyDone) {
    const sent = performance.now();
    const h = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
    assert.ok(h);
    latencies.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 20));
  }
  const [decoded, view, list] = await heavy;
  const heavyMs = performance.now() - started;
  assert.equal(decoded.passwordError, undefined, decoded.text);
  assert.equal(decoded.objects, 2);
  assert.match(view.text, /more lines not shown/);
  assert.ok(Array.isArray(list.roots));
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const max = sorted[sorted.length - 1]!;
  console.log(`heavy work ${heavyMs.toFixed(0)} ms: ${latencies.length} hovers, median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  assert.ok(latencies.length >= 5, 'the heavy work took long enough to measure');
  assert.ok(max < 2000, `slowest hover ${max.toFixed(0)} ms`);
});

test('describeItem of the 100k-entry CRL stays small; its entries come in pages', { timeout: 120_000 }, async () => {
  interface Node { id: string; kind: string; children: Node[] }
  const list = await client.request<{ roots: Node[] }>('certwright/listCertificates', {});
  const all = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...all(n.children)]);
  const crlNode = all(list.roots).find((n) => n.kind === 'crl')!;
  assert.ok(crlNode, 'the CRL is in the tree');
  const d = await client.request<{ fields: { label: string; value: string }[]; pem?: string; der?: string }>('certwright/describeItem', { id: crlNode.id });
  assert.match(d.fields.find((f) => f.label === 'Revoked')!.value, /^10:00:00, .* … and 99,950 more \(100,000 in all\)$/);
  assert.equal(d.pem ?? d.der, undefined, 'no megabytes of PEM and DER for a 4 MB CRL');
  assert.ok(JSON.stringify(d).length < 20_000, `${JSON.stringify(d).length} characters`);
  // "Copy PEM" asks for the whole object, whatever its size.
  const whole = await client.request<{ pem?: string; der?: string }>('certwright/describeItem', { id: crlNode.id, encoded: true });
  assert.match(whole.pem ?? '', /^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n?$/);
  assert.ok((whole.der?.length ?? 0) > 1024 * 1024);
  const page = await client.request<{ entries: { serial: string; date: string; reason?: string }[]; total: number }>('certwright/revokedEntries', { id: crlNode.id, offset: 99_000, limit: 5_000 });
  assert.equal(page.total, 100_000);
  assert.equal(page.entries.length, 1_000, 'at most 1,000 a page');
  assert.deepEqual(page.entries.at(-1), { serial: '11:86:9F', date: '2024-01-01 00:00 UTC', reason: 'keyCompromise' });
  await assert.rejects(client.request('certwright/revokedEntries', { id: 'cert:none' }), /no CRL/);
});

test('$/cancelRequest is honoured by decodeFile (PKCS#12) and listCertificates', { timeout: 120_000 }, async () => {
  for (const [method, params] of [
    ['certwright/decodeFile', { uri: fileUri(p12), password: heavyPassword, showInTree: false }],
    ['certwright/listCertificates', { refresh: true }],
  ] as const) {
    // A changed CRL makes the refresh decode it again: seconds of work to cancel.
    utimesSync(crl, new Date(), new Date(Date.now() + 60_000));
    const source = new rpc.CancellationTokenSource();
    const sent = performance.now();
    const answer = client.connection.sendRequest(method, params, source.token);
    setTimeout(() => source.cancel(), 30);
    await assert.rejects(answer, (err: unknown) => err instanceof rpc.ResponseError && err.code === cancelled, method);
    console.log(`${method}: cancelled after ${(performance.now() - sent).toFixed(0)} ms`);
  }
});
