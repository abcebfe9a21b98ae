/**
 * PEM over LSP with the built server: hovers on PEM blocks in .pem files and
 * inside YAML/JSON strings, CodeLenses, diagnostics (rule settings applied),
 * and `certwright/certificateText`. Fixtures are made by the real openssl CLI.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { certificateTextRequest, showCertificateTextCommand, type CertificateTextParams, type CertificateTextResult } from '../../server/src/protocol/inspect';
import { OpenSsl } from '../unit/pem/openssl';
import { fileUri, startClient, type TestClient } from './lspClient';

let o: OpenSsl;
let client: TestClient;
let ca: { cert: string; key: string };
let node: { cert: string; key: string };
let soon: { cert: string; key: string };

before(async () => {
  o = new OpenSsl('cw-pem-lsp-');
  ca = o.ca({ subj: '/O=Test/CN=Test CA' });
  node = o.leaf(ca, { subj: '/CN=node', name: 'node', days: 400 });
  soon = o.leaf(ca, { subj: '/CN=soon', name: 'soon', days: 10, ext: ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature', 'authorityKeyIdentifier=keyid'] });
  o.key('rsa:2048', 'stray');
  o.run(['x509', '-in', node.cert, '-outform', 'DER', '-out', 'node.der']);
  // As the VS Code extension does: it runs the CodeLens command itself.
  client = await startClient({ rootPath: o.dir, settings: { expiryWarningDays: 30, rules: {} }, initializationOptions: { clientCommands: [showCertificateTextCommand] } });
});

after(async () => {
  if (client && client.process.exitCode == null) await client.shutdown();
  o.dispose();
});

function hover(uri: string, line: number, character = 3): Promise<lsp.Hover | null> {
  return client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
}

function markdown(h: lsp.Hover | null): string {
  assert.ok(h, 'a hover');
  return (h.contents as lsp.MarkupContent).value;
}

describe('PEM hovers, lenses and diagnostics over LSP', () => {
  it('diagnostics of a clean certificate, an expiring one and a stray key', async () => {
    const clean = client.open(o.path(node.cert), 'pem', o.read(node.cert));
    assert.deepEqual(await client.diagnostics(clean), []);
    const expiring = client.open(o.path(soon.cert), 'pem', o.read(soon.cert));
    const d = await client.diagnostics(expiring);
    assert.deepEqual(d.map((x) => x.code), ['PEM-EXPIRING']);
    assert.deepEqual(d[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } });
    assert.match(d[0]!.message as string, /expires in (9|10) days/);
    const stray = client.open(o.path('stray.key'), 'pem', o.read('stray.key'));
    assert.deepEqual((await client.diagnostics(stray)).map((x) => x.code), ['PEM-KEY-NO-CERT']);
    const matching = client.open(o.path(node.key), 'pem', o.read(node.key));
    assert.deepEqual(await client.diagnostics(matching), []);
  });

  it('hover on a certificate block in a .pem file', async () => {
    const uri = fileUri(o.path(node.cert));
    const text = markdown(await hover(uri, 5));
    for (const part of ['**Certificate** — node · ', 'node', 'Test CA', 'expires in', 'DNS:localhost', 'Digital Signature', 'TLS Web Server Authentication', 'SHA-256', 'prime256v1']) {
      assert.ok(text.includes(part), `${part} in\n${text}`);
    }
    const h = await hover(fileUri(o.path(soon.cert)), 2);
    assert.match(markdown(h), /PEM-EXPIRING/);
  });

  it('hover on a private key shows type and size, never key material', async () => {
    const pem = o.read(node.key);
    const text = markdown(await hover(fileUri(o.path(node.key)), 1));
    assert.match(text, /Private key/);
    assert.match(text, /EC 256 bit/);
    for (const line of pem.split('\n').slice(1, -2)) {
      for (let i = 0; i + 12 <= line.length; i += 6) assert.ok(!text.includes(line.slice(i, i + 12)), 'no base64 of the key in the hover');
    }
  });

  it('hover on PEM inside a YAML block scalar and a JSON string; nothing outside', async () => {
    const indented = o.read(node.cert).trim().split('\n').map((l) => `    ${l}`).join('\n');
    const yaml = `security:\n  ssl-ca: /etc/ca.pem\n  ssl-cert: |\n${indented}\n  ssl-key: /etc/node.key\n`;
    const yuri = client.open(o.path('dm-task.yaml'), 'yaml', yaml);
    assert.match(markdown(await hover(yuri, 5, 8)), /\*\*Certificate\*\* — node · /);
    assert.equal(await hover(yuri, 1, 4), null);
    const json = JSON.stringify({ tls: { cert: o.read(soon.cert) } }, null, 2);
    const juri = client.open(o.path('config.json'), 'json', json);
    assert.match(markdown(await hover(juri, 2, 20)), /\*\*Certificate\*\* — soon · /);
  });

  it('a CodeLens above each certificate block opens the decoded view', async () => {
    const bundle = o.read(node.cert) + o.read(ca.cert) + o.read(node.key);
    const uri = client.open(o.path('bundle.pem'), 'pem', bundle);
    const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 2);
    assert.match(lenses[0]!.command!.title, /^node · expires \d{4}-\d{2}-\d{2} \(in 39\d days\)$/);
    assert.match(lenses[1]!.command!.title, /^Test CA · expires /);
    assert.equal(lenses[0]!.command!.command, showCertificateTextCommand);
    assert.deepEqual(lenses[1]!.command!.arguments, [{ uri, blockIndex: 1 }]);
    assert.equal(lenses[1]!.range.start.line, bundle.slice(0, bundle.indexOf('-----BEGIN', 10)).split('\n').length - 1);
  });

  it('a certificate without a CN is named as the Certificates view names it: by its first subjectAltName', async () => {
    const noCn = o.leaf(ca, { subj: '/O=Test', name: 'no-cn', days: 400, ext: ['subjectAltName=DNS:db.example.com,IP:10.0.0.1'] });
    const uri = client.open(o.path(noCn.cert), 'pem', o.read(noCn.cert));
    const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0]!.command!.title, /^db\.example\.com · expires /);
    assert.match(markdown(await hover(uri, 2)), /\*\*Certificate\*\* — db\\\.example\\\.com · /);
  });

  it('certwright/certificateText renders a block, a DER file and base64 DER', async () => {
    const uri = fileUri(o.path('bundle.pem'));
    const r = await client.request<CertificateTextResult>(certificateTextRequest, { uri, blockIndex: 1 } satisfies CertificateTextParams);
    assert.equal(r.ok, true);
    assert.match(r.text, /^Certificate:\n {4}Data:\n {8}Version: 3 \(0x2\)/);
    assert.match(r.text, /Subject: O = Test, CN = Test CA/);
    assert.equal(r.title, 'Test CA (certificate)');
    const der = await client.request<CertificateTextResult>(certificateTextRequest, { path: o.path('node.der') });
    assert.match(der.text, /Subject: CN = node/);
    const b64 = await client.request<CertificateTextResult>(certificateTextRequest, { der: Buffer.from(o.bytes('node.der')).toString('base64') });
    assert.equal(b64.text, der.text);
    const key = await client.request<CertificateTextResult>(certificateTextRequest, { uri, blockIndex: 2 });
    assert.ok(!key.text.includes(o.read(node.key).split('\n')[1]!.slice(0, 20)));
    const missing = await client.request<CertificateTextResult>(certificateTextRequest, { uri, blockIndex: 7 });
    assert.equal(missing.ok, false);
  });

  it('malformed PEM: diagnostics with the position, hover explains, server keeps answering', async () => {
    const lines = o.read(node.cert).split('\n');
    lines[2] = `${lines[2]!.slice(0, 7)}%${lines[2]!.slice(8)}`;
    const uri = client.open(o.path('broken.pem'), 'pem', lines.join('\n'));
    const d = await client.diagnostics(uri);
    assert.deepEqual(d.map((x) => x.code), ['PEM-BASE64']);
    assert.deepEqual(d[0]!.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 8 } });
    assert.match(markdown(await hover(uri, 1)), /cannot decode/);
  });
});

describe('certwright.rules turns PEM checks off', () => {
  it('PEM-EXPIRING off: no diagnostic, no problem in the hover', async () => {
    const c2 = await startClient({ rootPath: o.dir, settings: { expiryWarningDays: 30, rules: { 'PEM-EXPIRING': 'off' } } });
    try {
      const uri = c2.open(o.path(soon.cert), 'pem', o.read(soon.cert));
      assert.deepEqual(await c2.diagnostics(uri), []);
      const h = await c2.request<lsp.Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
      assert.ok(!(h.contents as lsp.MarkupContent).value.includes('PEM-EXPIRING'));
    } finally {
      await c2.shutdown();
    }
  });
});
