import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redacting, redactTrace } from '../../../client/src/traceRedaction';

test('redactTrace: raw, JSON-escaped, cut-short keys of every label, and password members', () => {
  const body = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
  for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
    const raw = `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
    for (const text of [raw, JSON.stringify({ contents: raw }, null, 4), `"contents": "-----BEGIN ${label}-----\\n${body}`, `-----BEGIN ${label}-----\n${body}`]) {
      const out = redactTrace(text);
      assert.ok(!out.includes(body), `${label}: ${out}`);
      assert.match(out, /key material not shown/);
    }
  }
  const params = JSON.stringify({ uri: 'file:///x.p12', password: 'hunter2 "quoted"' }, null, 4);
  assert.ok(!redactTrace(params).includes('hunter2'));
  assert.ok(!redactTrace(JSON.stringify({ inner: params })).includes('hunter2'));
  const plain = 'Sending request certwright/listCertificates - (3). Params: {}';
  assert.equal(redactTrace(plain), plain);
  assert.equal(redactTrace('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
});

test('redactTrace: the passphrase of an encrypted CA key, as certwright/issue carries it, never reaches the channel', () => {
  const secret = 'correct horse "battery" staple';
  const request = { operation: { kind: 'createCa', profile: 'postgres', keyPassphrase: secret }, ca: { certPem: 'x', keyPem: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n', keyPassphrase: secret } };
  // As vscode-languageclient traces it: "Params: " + JSON (pretty), and inside another string.
  for (const text of [`[Trace - 04:00:00] Sending request 'certwright/issue - (7)'.\nParams: ${JSON.stringify(request, null, 4)}`, JSON.stringify({ message: JSON.stringify(request) })]) {
    const out = redactTrace(text);
    assert.ok(!out.includes('battery') && !out.includes('horse'), out);
    assert.equal(out.match(/keyPassphrase\\?":\s*\\?"\[not shown\]/g)?.length, 2, out);
    assert.ok(out.includes('"kind": "createCa"') || out.includes('createCa'), 'the rest of the request is kept');
  }
});

test('the output channel wrapper redacts every write and forwards everything else', () => {
  const written: string[] = [];
  const channel = {
    logLevel: 1,
    name: 'Certwright',
    trace: (m: string) => void written.push(`trace ${m}`),
    info: (m: string, ...args: unknown[]) => void written.push(`info ${m} ${args.length}`),
    appendLine: (m: string) => void written.push(`line ${m}`),
    show(this: { name: string }) {
      written.push(`show ${this.name}`);
    },
  };
  const safe = redacting(channel);
  const key = '-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49\\n-----END PRIVATE KEY-----';
  safe.trace(`Params: {"contents": "${key}"}`);
  safe.info(`{"password": "hunter2"}`, 1, 2);
  safe.appendLine(key);
  safe.show();
  assert.equal(safe.logLevel, 1);
  assert.deepEqual(written.map((w) => w.includes('MIGHAgEAMBMGByqGSM49') || w.includes('hunter2')), [false, false, false, false]);
  assert.match(written[1]!, / 2$/);
  assert.equal(written[3], 'show Certwright');
});
