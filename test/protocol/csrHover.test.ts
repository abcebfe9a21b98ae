/**
 * The hover of a certificate request made by openssl: a "Sign this CSR…" link that runs the
 * client's Sign CSR flow on this file, only for a client that declared it runs that command
 * (as the certificate hovers decide their links); a plain-text client gets the facts only.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as lsp from 'vscode-languageserver-protocol';
import { showCertificateTextCommand, signCsrCommand, type SignCsrLinkArgs } from '../../server/src/protocol/inspect';
import { fileUri, startClient, type TestClient } from './lspClient';

let dir: string;
let csrPath: string;
const clients: TestClient[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'certwright-csr-hover-'));
  csrPath = join(dir, 'db.csr');
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'db.key'), '-subj', '/CN=db.example.com', '-addext', 'subjectAltName=DNS:db.example.com', '-out', csrPath], { stdio: 'pipe' });
});

after(async () => {
  for (const c of clients) if (c.process.exitCode == null) await c.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function hover(options: Parameters<typeof startClient>[0]): Promise<lsp.MarkupContent | string> {
  const client = await startClient({ rootPath: dir, settings: { expiryWarningDays: 30, rules: {} }, ...options });
  clients.push(client);
  const uri = client.open(csrPath, 'pem', readFileSync(csrPath, 'utf8'));
  const h = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
  assert.ok(h, 'a hover on the CSR');
  return h.contents as lsp.MarkupContent;
}

describe('CSR hover', () => {
  it('a Markdown client that runs Sign CSR gets the link, with the request as its argument', async () => {
    const h = (await hover({ initializationOptions: { clientCommands: [showCertificateTextCommand, signCsrCommand], themeIcons: true } })) as lsp.MarkupContent;
    assert.equal(h.kind, 'markdown');
    assert.match(h.value, /Certificate request/);
    const links = [...h.value.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]+)\)/g)].map((m) => ({ title: m[1], command: m[2], args: JSON.parse(decodeURIComponent(m[3]!)) as SignCsrLinkArgs[] }));
    assert.deepEqual(links.map((l) => [l.title, l.command]), [['$(key) Sign this CSR…', signCsrCommand]]);
    assert.deepEqual(links[0]!.args, [{ csrUri: fileUri(csrPath) }]);
  });

  it('no link for a client that did not declare the command, nor for a plain-text client', async () => {
    const markdownOnly = (await hover({ initializationOptions: { clientCommands: [showCertificateTextCommand] } })) as lsp.MarkupContent;
    assert.match(markdownOnly.value, /Certificate request/);
    assert.doesNotMatch(markdownOnly.value, /command:/);
    const plain = await hover({ initializationOptions: { clientCommands: [signCsrCommand] }, capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['plaintext'] } } } });
    const text = typeof plain === 'string' ? plain : plain.value;
    assert.match(text, /Certificate request/);
    assert.doesNotMatch(text, /command:|Sign this CSR/);
  });
});
