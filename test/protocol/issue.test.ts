/**
 * `certwright/issue`, `certwright/issueBatch` and `certwright/issueLayout` against the
 * BUILT server over stdio (run `npm run build` first): what the VS Code client
 * (client/src/commands/issue.ts) relies on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startClient, type TestClient } from './lspClient';
import type { IssueBatchResult, IssueLayoutResult, IssueResult } from '../../server/src/protocol/issue';

let client: TestClient;
before(async () => {
  client = await startClient();
});
after(async () => {
  await client.shutdown();
});

describe('certwright/issue over LSP', () => {
  it('issueLayout answers the profile paths', async () => {
    const l = await client.request<IssueLayoutResult>('certwright/issueLayout', { profile: 'cockroach' });
    assert.equal(l.caCert, 'certs/ca.crt');
    assert.equal(l.caKey, 'ca-private/ca.key');
    await assert.rejects(client.request('certwright/issueLayout', { profile: 'oracle' }), /unknown profile/);
  });

  it('createCa then issueNode with the CA material; plan files with modes, openssl commands', async () => {
    const ca = await client.request<IssueResult>('certwright/issue', { operation: { kind: 'createCa', profile: 'dm', keyType: 'p256' } });
    assert.equal(ca.operation, 'createCa');
    const file = (r: IssueResult, p: string) => r.plan.files.find((f) => f.path === p)!;
    assert.equal(file(ca, 'ca-private/ca-key.pem').mode, 0o600);
    assert.equal(file(ca, 'ca.pem').mode, 0o644);
    assert.ok(ca.plan.directories.every((d) => d.mode === 0o700));
    const material = { certPem: file(ca, 'ca.pem').contents, keyPem: file(ca, 'ca-private/ca-key.pem').contents, index: file(ca, 'ca-private/index.txt').contents, crlnumber: file(ca, 'ca-private/crlnumber').contents };
    const node = await client.request<IssueResult>('certwright/issue', { operation: { kind: 'issueNode', profile: 'dm', sans: ['127.0.0.1', 'localhost'], name: 'worker' }, ca: material });
    const cert = new X509Certificate(file(node, 'worker-cert.pem').contents);
    assert.equal(cert.subject, 'CN=dm'); // DM's docs: cert-allowed-cn = ["dm"] for every component
    assert.ok(cert.verify(new X509Certificate(material.certPem).publicKey));
    assert.equal(node.issued?.certPath, 'worker-cert.pem');
    assert.ok(node.opensslCommands.some((c) => c.startsWith('openssl ca -config ca-private/openssl-ca.cnf')));
    assert.ok(!client.logs().some((l) => l.includes('PRIVATE KEY')), 'no key material in the server log');
  });

  it('invalid input → a ResponseError with a user-facing message', async () => {
    await assert.rejects(client.request('certwright/issue', { operation: { kind: 'issueClient', profile: 'dm', user: 'x' } }), /no CA/);
    await assert.rejects(client.request('certwright/issue', { operation: { kind: 'createCa', profile: 'dm', commonName: 'a/CN=b' } }), /distinguished name/);
    await assert.rejects(client.request('certwright/issue', {}), /unknown operation/);
  });

  it('issueBatch: a CockroachDB seed flow in one request', async () => {
    const b = await client.request<IssueBatchResult>('certwright/issueBatch', {
      operations: [
        { kind: 'createCa', profile: 'cockroach', keyType: 'p256' },
        { kind: 'issueNode', profile: 'cockroach', name: 'node1', sans: ['node1'] },
        { kind: 'issueClient', profile: 'cockroach', user: 'root' },
      ],
    });
    assert.equal(b.results.length, 3);
    assert.ok(b.plan.files.some((f) => f.path === 'certs/node1/node.key' && f.mode === 0o600));
    assert.ok(b.plan.files.some((f) => f.path === 'certs/client.root.crt'));
  });
});
