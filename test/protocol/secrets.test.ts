/**
 * Secret canaries against the built server: the Problems a client receives and
 * every hover of a config that expands canary environment variables and
 * includes a credentials-like file from outside the workspace; and the JSON-RPC
 * trace (vscode-jsonrpc's verbose tracer, the one the VS Code client writes to
 * the output channel) of createCa, issueNode and a PKCS#12 decode with a
 * password, passed through the client's redactTrace. The raw trace must hold
 * the keys (so the test can fail); the redacted one none of them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as rpc from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';
import { canaryEnv, canaryWorkspace, leaks, type CanaryWorkspace } from '../support/secretCanary';
import { redactTrace } from '../../client/src/traceRedaction';
import type { IssueResult } from '../../server/src/protocol/issue';

let ws: CanaryWorkspace;
let client: TestClient;
const saved: Record<string, string | undefined> = {};

before(async () => {
  ws = canaryWorkspace();
  for (const [k, v] of Object.entries(canaryEnv)) {
    saved[k] = process.env[k];
    process.env[k] = v; // the spawned server inherits them
  }
  client = await startClient({ rootPath: ws.root });
});

after(async () => {
  await client.shutdown();
  ws.cleanup();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

test('Problems and hovers carry no canary', { timeout: 60_000 }, async () => {
  const uri = client.open(ws.cnfPath, 'openssl-conf', ws.text);
  const diags = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'X509-KU-1'), 30_000);
  assert.ok(diags.some((d) => String(d.message).includes('$ENV::CW_CANARY_KU')));
  assert.deepEqual(leaks(JSON.stringify(diags)), []);
  let hovers = 0;
  const lines = ws.text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    for (let character = 0; character <= lines[line]!.length; character++) {
      const h = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      if (!h) continue;
      hovers++;
      assert.deepEqual(leaks(JSON.stringify(h)), [], `hover at ${line}:${character}`);
    }
  }
  assert.ok(hovers > 20, `${hovers} hovers`);
  console.log(`secret canaries: ${diags.length} Problems and ${hovers} hovers checked, 0 canaries seen`);
});

test('the verbose JSON-RPC trace of issuing and of a PKCS#12 decode, redacted, holds no key and no password', { timeout: 60_000 }, async () => {
  const raw: string[] = [];
  await client.connection.trace(rpc.Trace.Verbose, { log: (message: string | object, data?: string) => raw.push(typeof message === 'string' ? `${message}${data ? `\n${data}` : ''}` : JSON.stringify(message)) });
  const ca = await client.request<IssueResult>('certwright/issue', { operation: { kind: 'createCa', profile: 'dm', keyType: 'p256' } });
  const file = (r: IssueResult, p: string): string => r.plan.files.find((f) => f.path === p)!.contents;
  const material = { certPem: file(ca, 'ca.pem'), keyPem: file(ca, 'ca-private/ca-key.pem'), index: file(ca, 'ca-private/index.txt'), crlnumber: file(ca, 'ca-private/crlnumber') };
  const node = await client.request<IssueResult>('certwright/issue', { operation: { kind: 'issueNode', profile: 'dm', sans: ['127.0.0.1'], name: 'worker' }, ca: material });
  await client.request('certwright/decodeFile', { uri: fileUri(ws.cnfPath), password: 'cnryPassword5J' }).catch(() => undefined);
  await client.connection.trace(rpc.Trace.Off, { log: () => undefined });
  const keys = [...ca.plan.files, ...node.plan.files].filter((f) => f.contents.includes('PRIVATE KEY')).map((f) => f.contents);
  assert.ok(keys.length >= 2);
  // Body lines of every key: none may survive redaction, all are in the raw trace.
  const bodies = keys.flatMap((k) => k.split('\n').filter((l) => l && !l.startsWith('-----')));
  const rawText = raw.join('\n');
  assert.ok(bodies.every((b) => rawText.includes(b)), 'the raw trace carries the keys (the test would see a leak)');
  assert.ok(rawText.includes('cnryPassword5J'));
  const redacted = raw.map(redactTrace).join('\n');
  const leaked = bodies.filter((b) => redacted.includes(b)).length + (redacted.includes('cnryPassword5J') ? 1 : 0);
  assert.equal(leaked, 0);
  assert.match(redacted, /-----BEGIN PRIVATE KEY----- \[key material not shown\] -----END PRIVATE KEY-----/);
  console.log(`trace: ${raw.length} messages, ${bodies.length} key lines and 1 password in the raw trace, ${leaked} after redaction`);
});
