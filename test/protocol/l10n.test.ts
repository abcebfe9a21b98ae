/**
 * The built server speaks the client's language: with `initialize` locale zh-cn its
 * diagnostics, quick-fix titles, PEM hovers and Certificates rows and fields are
 * Simplified Chinese, with the same ranges, codes, fixes and tree as in English;
 * without a locale (Neovim, Eglot) they are English.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileUri, startClient, type TestClient } from './lspClient';
import { makeTestPki, type TestPki } from '../unit/pki/openssl';
import type { DescribeItemResult, ListRowsResult, PkiRow } from '../../server/src/protocol/inspect';
import { decodeRow } from '../../server/src/core/pki/rowWire';

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

describe('the Certificates view and PEM hovers in the client’s language (openssl-generated workspace)', () => {
  let pki: TestPki;
  let zh: TestClient;
  let en: TestClient;
  before(async () => {
    pki = makeTestPki();
    [zh, en] = await Promise.all([startClient({ rootPath: pki.dir, locale: 'zh-CN' }), startClient({ rootPath: pki.dir, locale: 'en-US' })]);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
    pki?.cleanup();
  });

  /** Every row of the tree, depth first. */
  const allRows = async (c: TestClient): Promise<PkiRow[]> => {
    const out: PkiRow[] = [];
    const level = async (parent?: string): Promise<void> => {
      const r = await c.request<ListRowsResult>('certwright/listRows', { ...(parent ? { parent } : {}), offset: 0, limit: 500 });
      for (const row of r.rows.map(decodeRow)) {
        out.push(row);
        if (row.children) await level(row.id);
      }
    };
    await level();
    return out;
  };

  test('tree rows and describeItem fields are Chinese with zh-CN, the same tree in English with en-US', async () => {
    const [z, e] = await Promise.all([allRows(zh), allRows(en)]);
    assert.deepEqual(z.map((r) => r.id), e.map((r) => r.id), 'the same rows in the same order');
    assert.ok(e.length >= 10, `${e.length} rows`);
    // Certificate labels are names from the certificates: they stay as they are.
    assert.deepEqual(z.filter((r) => !r.kind).map((r) => r.label), e.filter((r) => !r.kind).map((r) => r.label));
    const described = z.filter((r) => r.description && !hasChinese(r.description));
    const englishDescriptions = e.filter((r) => /[a-z]{3,} [a-z]{3,}/.test(r.description));
    assert.ok(englishDescriptions.length > 0, 'some English descriptions to compare');
    for (const r of englishDescriptions) assert.ok(hasChinese(z.find((x) => x.id === r.id)!.description), `not Chinese: ${r.id} ${z.find((x) => x.id === r.id)!.description} (en: ${r.description})`);
    assert.ok(described.length < z.length);

    const leaf = e.find((r) => r.label === 'revoked.example.test')!;
    const [dz, de] = await Promise.all([zh, en].map((c) => c.request<DescribeItemResult>('certwright/describeItem', { id: leaf.id })));
    assert.deepEqual(dz!.fields.map((f) => f.value === de!.fields[dz!.fields.indexOf(f)]!.value || hasChinese(f.value)), dz!.fields.map(() => true), 'values are the same or translated');
    assert.ok(de!.fields.some((f) => f.label === 'Not after'));
    assert.ok(dz!.fields.some((f) => f.label === '有效期至'), JSON.stringify(dz!.fields.map((f) => f.label)));
    assert.equal(dz!.pem, de!.pem, 'PEM is never translated');
    assert.ok(hasChinese(dz!.node!.tooltip), dz!.node!.tooltip);
    assert.match(de!.node!.tooltip, /Revoked on /);
    assert.match(dz!.node!.tooltip, /吊销/);
  });

  test('a hover on a PEM certificate is Chinese with zh-CN and English with en-US', async () => {
    const text = readFileSync(pki.path('node.crt'), 'utf8');
    const hover = async (c: TestClient): Promise<string> => {
      const uri = c.open(pki.path('node.crt'), 'pem', text, 1);
      const h = await c.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
      assert.ok(h, 'a hover');
      return typeof h.contents === 'string' ? h.contents : Array.isArray(h.contents) ? h.contents.map((x) => (typeof x === 'string' ? x : x.value)).join('\n') : h.contents.value;
    };
    const [z, e] = await Promise.all([hover(zh), hover(en)]);
    assert.match(e, /\*\*Subject:\*\*/);
    assert.match(z, /\*\*主题：\*\*/);
    assert.ok(!hasChinese(e));
    assert.equal(z.match(/`[0-9A-F:]{20,}`/g)?.join(), e.match(/`[0-9A-F:]{20,}`/g)?.join(), 'fingerprints and serials as they are');
  });

  test('Check Workspace publishes a closed file’s diagnostics in the client’s language too', async () => {
    const path = pki.path('closed-l10n.cnf');
    writeFileSync(path, cnf);
    const closed = async (c: TestClient): Promise<lsp.Diagnostic[]> => {
      const published = c.diagnostics(fileUri(path), (p) => p.diagnostics.some((d) => d.code === 'X509-KU-1'));
      await c.request('workspace/executeCommand', { command: 'certwright.server.checkWorkspace', arguments: [] });
      return published;
    };
    const [z, e] = await Promise.all([closed(zh), closed(en)]);
    assert.deepEqual(shape(z), shape(e), 'the same findings whatever the language');
    assert.match(text(z.find((d) => d.code === 'X509-KU-1')!), /'digitalSignatur' 不是 keyUsage 的取值/);
    for (const d of e) assert.ok(!hasChinese(text(d)), `not English: ${d.code} ${text(d)}`);
  });
});
