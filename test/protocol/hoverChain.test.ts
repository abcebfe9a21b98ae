/**
 * Chain and revocation status over LSP, on a CA run by the real `openssl ca`:
 * the hover of a deployed certificate names its issuer's file, says the
 * signature verified and where the chain ends (never "trusted"), shows the
 * revocation from the workspace's CRL or CA database with date and reason,
 * and offers command links only to a client that runs them (VS Code: Markdown
 * with codicons; a plain-text client: words, no links, no `$(icon)`).
 * Problems: PEM-REVOKED on the revoked certificates, nothing on the CA's
 * newcerts/ archive copies; the decoded view of a DER copy carries the status.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import type * as lsp from 'vscode-languageserver-protocol';
import { copyFingerprintCommand, decodeFileRequest, revealInCertificatesCommand, showCertificateTextCommand, type DecodeFileResult } from '../../server/src/protocol/inspect';
import { caFiles, makeOpensslCa, type OpensslCa } from '../unit/pki/opensslCa';
import { fileUri, startClient, type TestClient } from './lspClient';

let ca: OpensslCa;
let vscodeLike: TestClient;
let plain: TestClient;

before(async () => {
  ca = makeOpensslCa();
  execFileSync('openssl', ['x509', '-in', caFiles.node, '-outform', 'DER', '-out', 'certs/node.der'], { cwd: ca.dir });
  const settings = { expiryWarningDays: 30, rules: {} };
  vscodeLike = await startClient({ rootPath: ca.dir, settings, initializationOptions: { clientCommands: [showCertificateTextCommand, copyFingerprintCommand, revealInCertificatesCommand], themeIcons: true } });
  plain = await startClient({ rootPath: ca.dir, settings, capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['plaintext'] } } } });
});

after(async () => {
  for (const c of [vscodeLike, plain]) if (c && c.process.exitCode == null) await c.shutdown();
  ca.cleanup();
});

async function hoverText(client: TestClient, rel: string): Promise<lsp.MarkupContent> {
  const uri = client.open(ca.path(rel), 'pem', ca.read(rel).toString());
  const h = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
  assert.ok(h, `a hover on ${rel}`);
  return h.contents as lsp.MarkupContent;
}

describe('certificate hover: chain status and revocation from the workspace', () => {
  it('Markdown client that runs the commands: issuer file, signature, anchor, revocation, codicon links', async () => {
    const h = await hoverText(vscodeLike, caFiles.clientRoot);
    assert.equal(h.kind, 'markdown');
    // Markdown escapes in untrusted text (`\.`, `\(`): compare the words.
    const v = h.value.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
    assert.match(v, /\$\(pass\) Issued by Cluster CA \(demoCA\/cacert\.pem\), signature verified/);
    assert.match(v, /\$\(pass\) Cluster CA is self-signed and in this workspace/);
    assert.match(v, /\$\(error\) Revoked on \d{4}-\d\d-\d\d \(keyCompromise\) per the CRL crl\/ca\.crl\n/);
    assert.match(v, /\$\(error\) Revoked on .* \(keyCompromise\) per the CA database demoCA\/index\.txt\n/);
    assert.match(v, /\$\(warning\) The CRL crl\/ca\.crl needs its next update by \d{4}-\d\d-\d\d \(in \d+ days\)/);
    assert.doesNotMatch(v, /trusted/i, 'what was checked, not a trust decision');
    assert.doesNotMatch(v, /[\u{1F300}-\u{1FAFF}\u2600-\u27BF\u26D4]/u, 'codicons, not emoji');
    const links = [...v.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]+)\)/g)].map((m) => ({ title: m[1], command: m[2], args: JSON.parse(decodeURIComponent(m[3]!)) as unknown[] }));
    assert.deepEqual(links.map((l) => [l.title, l.command]), [
      ['$(file-text) Show as Text', showCertificateTextCommand],
      ['$(copy) Copy SHA-256', copyFingerprintCommand],
      ['$(list-tree) Reveal in Certificates', revealInCertificatesCommand],
    ]);
    assert.deepEqual(links[0]!.args, [{ uri: fileUri(ca.path(caFiles.clientRoot)), blockIndex: 0 }]);
    assert.deepEqual(links[1]!.args, [{ sha256: ca.fingerprint(caFiles.clientRoot) }]);
    assert.deepEqual(links[2]!.args, [`cert:${ca.fingerprint(caFiles.clientRoot).replace(/:/g, '').toLowerCase()}`]);
  });

  it('revoked only in the CA database; not revoked with the sources named', async () => {
    const n2 = (await hoverText(vscodeLike, caFiles.node2)).value.replace(/\\(.)/g, '$1');
    assert.match(n2, /Revoked on .* per the CA database demoCA\/index\.txt/);
    assert.doesNotMatch(n2, /per the CRL/);
    const node = (await hoverText(vscodeLike, caFiles.node)).value.replace(/\\(.)/g, '$1');
    assert.doesNotMatch(node, /Revoked on/);
    assert.match(node, /Not revoked per the CRL crl\/ca\.crl/);
    assert.match(node, /Not revoked per the CA database demoCA\/index\.txt/);
  });

  it('plain-text client: the same facts in words, no command links, no codicons, no Markdown', async () => {
    const h = await hoverText(plain, caFiles.clientRoot);
    assert.equal(h.kind, 'plaintext');
    assert.match(h.value, /Issued by Cluster CA \(demoCA\/cacert\.pem\), signature verified/);
    assert.match(h.value, /Cluster CA is self-signed and in this workspace/);
    assert.match(h.value, /Revoked on \d{4}-\d\d-\d\d \(keyCompromise\) per the CRL crl\/ca\.crl/);
    assert.doesNotMatch(h.value, /command:|\$\(|\*\*|\\\./);
  });

  it('Problems: PEM-REVOKED on deployed revoked certificates, nothing on newcerts/ copies', async () => {
    const diag = async (rel: string): Promise<lsp.Diagnostic[]> => vscodeLike.diagnostics(vscodeLike.open(ca.path(rel), 'pem', ca.read(rel).toString()));
    const revoked = await diag(caFiles.clientRoot);
    const r = revoked.find((d) => d.code === 'PEM-REVOKED');
    assert.ok(r, JSON.stringify(revoked));
    assert.equal(r.severity, 2, 'a warning in a plain PEM file');
    assert.match(String(r.message), /^Revoked on .* \(keyCompromise\) per the CRL ca\.crl: peers that check this CRL refuse it/);
    const pending = (await diag(caFiles.node2)).find((d) => d.code === 'PEM-REVOKED');
    assert.match(String(pending?.message ?? ''), /per the CA database index\.txt: no CRL in the workspace lists it yet/);
    assert.deepEqual((await diag(caFiles.node)).map((d) => d.code), []);
    // The archive copy of the revoked certificate: not linted as a deployed certificate (no duplicate).
    assert.deepEqual(await diag('demoCA/newcerts/1000.pem'), []);
    // Its hover says what it is, in the words the certificate editor uses (keptCopy.ts keptCopyText).
    const h = (await hoverText(plain, 'demoCA/newcerts/1000.pem')).value;
    assert.match(h, /Kept, not deployed: the CA's archive copy of ".+" \(not deployed\): its expiry calls for nothing/);
  });

  it('the decoded view of a DER certificate starts with its chain status', async () => {
    const r = await vscodeLike.request<DecodeFileResult>(decodeFileRequest, { uri: fileUri(ca.path('certs/node.der')) });
    assert.match(r.text, /^In this workspace \(node\):\n {2}Issued by Cluster CA \(demoCA\/cacert\.pem\), signature verified\n {2}Cluster CA is self-signed and in this workspace\n/);
    assert.match(r.text, /Not revoked per the CRL crl\/ca\.crl/);
  });
});
