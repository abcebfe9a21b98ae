/**
 * The built server speaks the client's language: with `initialize` locale zh-cn its
 * diagnostics and quick-fix titles are Simplified Chinese, with the same ranges,
 * codes and fixes as in English; without a locale (Neovim, Eglot) they are English.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
const dir = resolve(root, 'test/protocol/.virtual-l10n'); // never written: documents live only in the protocol

/** One cause per line: a misspelt keyUsage word, an unknown $variable, an empty EKU entry, a quoted-ish prompt. */
const cnf = ['[ req ]', 'distinguished_name = dn', 'prompt = No', 'x509_extensions = v3', '[ dn ]', 'CN = x', '[ v3 ]', 'keyUsage = digitalSignatur', 'extendedKeyUsage = serverAuth,,clientAuth', 'crlDistributionPoints = URI:$dirx/ca.crl', ''].join('\n');

const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);
const text = (d: lsp.Diagnostic): string => (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value);
const shape = (ds: lsp.Diagnostic[]): string[] => ds.map((d) => `${d.code} ${d.severity} ${JSON.stringify(d.range)}`).sort();

describe('the server in the client’s language', () => {
  let zh: TestClient;
  let en: TestClient;
  before(async () => {
    [zh, en] = await Promise.all([startClient({ rootPath: root, locale: 'zh-cn' }), startClient({ rootPath: root })]);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
  });

  const diagnosticsOf = async (c: TestClient): Promise<{ uri: string; diagnostics: lsp.Diagnostic[] }> => {
    const uri = c.open(fileUri(`${dir}/l10n.cnf`), 'openssl-conf', cnf, 1);
    return { uri, diagnostics: await c.diagnostics(uri, (p) => p.diagnostics.length > 0) };
  };

  test('openssl.cnf diagnostics are Chinese with locale zh-cn, English without one, one per cause with the same ranges and codes', async () => {
    const [z, e] = await Promise.all([diagnosticsOf(zh), diagnosticsOf(en)]);
    assert.deepEqual(shape(z.diagnostics), shape(e.diagnostics), 'the same findings whatever the language');
    assert.ok(z.diagnostics.length >= 4, `${z.diagnostics.length} diagnostics`);
    for (const d of z.diagnostics) assert.ok(hasChinese(text(d)), `not Chinese: ${d.code} ${text(d)}`);
    for (const d of e.diagnostics) assert.ok(!hasChinese(text(d)), `not English: ${d.code} ${text(d)}`);
    const ku = z.diagnostics.find((d) => d.code === 'X509-KU-1')!;
    assert.match(text(ku), /'digitalSignatur' 不是 keyUsage 的取值/);
    assert.match(text(ku), /'digitalSignature'/, 'values and OpenSSL names stay as they are');
    assert.equal(text(e.diagnostics.find((d) => d.code === 'X509-KU-1')!), "unknown bit string argument: 'digitalSignatur' is not a keyUsage value — did you mean 'digitalSignature'? (names are case-sensitive).");
  });

  test('quick-fix titles follow the locale, with the same edits', async () => {
    const actions = async (c: TestClient): Promise<lsp.CodeAction[]> => {
      const { uri, diagnostics } = await diagnosticsOf(c);
      const ku = diagnostics.find((d) => d.code === 'X509-KU-1')!;
      return c.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ku.range, context: { diagnostics: [ku] } });
    };
    const [z, e] = await Promise.all([actions(zh), actions(en)]);
    const fix = (xs: lsp.CodeAction[]) => xs.find((a) => a.kind === 'quickfix' && a.edit)!;
    assert.equal(fix(e).title, "Change to 'digitalSignature'");
    assert.equal(fix(z).title, "改为 'digitalSignature'");
    assert.deepEqual(Object.values(fix(z).edit!.changes!), Object.values(fix(e).edit!.changes!));
  });
});
