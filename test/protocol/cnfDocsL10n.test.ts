/**
 * The openssl.cnf reference docs in the client's language, through the built server: on a
 * real openssl.cnf (eclipse/mosquitto's test CA config, test/fixtures/cnf/real-world), hovers
 * on a key, a keyUsage word and a section header, and the key completion of an extension
 * section, are Simplified Chinese with `initialize` locale zh-cn (names, `code` and values kept)
 * and English, unchanged, without a locale (Neovim, Eglot), with the same ranges and items.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
const file = resolve(root, 'test/fixtures/cnf/real-world/eclipse__mosquitto__test__ssl__openssl.cnf');
const cnf = readFileSync(file, 'utf8');
const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);

/** Line and character of the first occurrence of `needle`, `into` characters in. */
function at(needle: string, into = 1): lsp.Position {
  const i = cnf.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the fixture`);
  const before = cnf.slice(0, i + into);
  return { line: before.split('\n').length - 1, character: i + into - before.lastIndexOf('\n') - 1 };
}

describe('openssl.cnf hover and completion docs in the client’s language (real-world config)', () => {
  let zh: TestClient;
  let en: TestClient;
  let zhUri: string;
  let enUri: string;
  before(async () => {
    // Markdown hovers and completion docs and an outline tree, as VS Code declares them.
    const capabilities: lsp.ClientCapabilities = { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } };
    [zh, en] = await Promise.all([startClient({ rootPath: root, locale: 'zh-cn', capabilities }), startClient({ rootPath: root, capabilities })]);
    zhUri = zh.open(fileUri(file), 'openssl-conf', cnf);
    enUri = en.open(fileUri(file), 'openssl-conf', cnf);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
  });

  const hover = async (c: TestClient, uri: string, position: lsp.Position): Promise<{ text: string; range: unknown }> => {
    const h = await c.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(h, `no hover at ${JSON.stringify(position)}`);
    return { text: (h.contents as lsp.MarkupContent).value, range: h.range };
  };
  const both = (position: lsp.Position) => Promise.all([hover(zh, zhUri, position), hover(en, enUri, position)]);

  test('hover on a [ req ] key: the doc in Chinese with the key, its `code` and the default value kept; English unchanged without a locale', async () => {
    const [z, e] = await both(at('default_bits'));
    assert.deepEqual(z.range, e.range);
    assert.match(e.text, /^\*\*default_bits\*\* · openssl req section\n\nKey size in bits when `openssl req -new` generates an RSA key without an explicit `-newkey rsa:N`\./);
    assert.ok(!hasChinese(e.text), e.text);
    assert.match(z.text, /^\*\*default_bits\*\* · openssl req 节\n\n`openssl req -new` 在没有显式 `-newkey rsa:N` 的情况下生成 RSA 密钥时的密钥长度（位）。/);
    assert.match(z.text, /请至少使用 2048/);
    assert.match(z.text, /- 默认值：2048/);
    assert.ok(!/Key size|Values below|Default:/.test(z.text), z.text);
  });

  test('hover on a keyUsage word and on the extension: value docs and the extension doc in Chinese', async () => {
    const line = '\nkeyUsage = nonRepudiation, digitalSignature';
    const [z, e] = await both(at(line, line.length - 3));
    assert.deepEqual(z.range, e.range);
    assert.match(e.text, /^\*\*digitalSignature\*\* · keyUsage value\n\nThe key signs data other than certificates and CRLs/);
    assert.match(z.text, /^\*\*digitalSignature\*\* · keyUsage 的取值\n\n密钥对证书和 CRL 以外的数据签名，例如 TLS 握手。/);
    assert.match(z.text, /\*需要它的系统：\*|- 需要它的系统：/);
    const [zk, ek] = await both(at(line, 3));
    assert.match(ek.text, /^\*\*keyUsage\*\* · extension\n\nRestricts the cryptographic operations/);
    assert.match(zk.text, /^\*\*keyUsage\*\* · 扩展\n\n限制密钥可用于哪些密码学操作/);
    assert.match(zk.text, /\*\*此值中的各项\*\*\n\n- `nonRepudiation` —— 密钥对内容签名，且签名者事后不能否认。/);
    assert.ok(!hasChinese(ek.text));
  });

  test('hover on a section header: the section role in Chinese', async () => {
    const [z, e] = await both(at('[ v3_ca ]', 3));
    assert.match(e.text, /\*extension section\*: X\.509 v3 extensions to put into a certificate or request/);
    assert.match(z.text, /\*扩展节\*：要放入证书或请求的 X\.509 v3 扩展：每个键一个扩展，格式为 `name = \[critical,\]value`。/);
  });

  test('a client with locale zh-cn that declares plain text gets the Chinese docs as plain text (localised before the conversion)', async () => {
    const plain = await startClient({ rootPath: root, locale: 'zh-cn', capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] }, completion: { completionItem: { documentationFormat: ['plaintext'] } } } } });
    try {
      const uri = plain.open(fileUri(file), 'openssl-conf', cnf);
      const h = await plain.request<lsp.Hover>('textDocument/hover', { textDocument: { uri }, position: at('default_bits') });
      const hc = h.contents as lsp.MarkupContent;
      assert.equal(hc.kind, 'plaintext');
      assert.match(hc.value, /^default_bits · openssl req 节\n\nopenssl req -new 在没有显式 -newkey rsa:N 的情况下生成 RSA 密钥时的密钥长度（位）。/);
      const r = await plain.request<lsp.CompletionItem[] | lsp.CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: at('[ v3_ca ]').line + 1, character: 0 } });
      const san = (Array.isArray(r) ? r : r.items).find((i) => i.label === 'subjectAltName')!;
      assert.equal((san.documentation as lsp.MarkupContent).kind, 'plaintext');
      assert.match((san.documentation as lsp.MarkupContent).value, /^证书适用的名称：主机名（DNS:）、地址（IP:）、URI、电子邮件地址等。/);
    } finally {
      await plain.shutdown();
    }
  });

  test('outline: a section\'s roles in Chinese, role by role; names, ranges and key values (the file\'s own words) unchanged', async () => {
    const symbols = (c: TestClient, uri: string) => c.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const [z, e] = await Promise.all([symbols(zh, zhUri), symbols(en, enUri)]);
    const shape = (xs: lsp.DocumentSymbol[]) => xs.map((x) => [x.name, x.kind, x.range, x.children?.map((k) => [k.name, k.kind, k.range, k.detail])]);
    assert.deepEqual(shape(z), shape(e));
    const detail = (xs: lsp.DocumentSymbol[], name: string) => xs.find((x) => x.name === name)?.detail;
    assert.equal(detail(e, 'v3_ca'), 'extension section');
    assert.equal(detail(z, 'v3_ca'), '扩展节');
    assert.equal(detail(e, 'policy_match'), 'policy section');
    assert.equal(detail(z, 'policy_match'), '策略节');
    assert.equal(detail(e, 'req'), 'openssl req section');
    assert.equal(detail(z, 'req'), 'openssl req 节');
    const described = e.filter((x) => x.kind === 3 /* SymbolKind.Namespace: a section */ && x.detail);
    assert.ok(described.length >= 10, `${described.length} sections with roles`);
    for (const x of described) {
      const zd = detail(z, x.name)!;
      assert.ok(hasChinese(zd) && !hasChinese(x.detail!), `${x.name}: ${x.detail} → ${zd}`);
      assert.equal(zd.split('、').length, x.detail!.split(', ').length, `${x.name}: one Chinese name per role`);
    }
  });

  test('key completion in an extension section: every documented item in Chinese, the same items and edits', async () => {
    const position = { line: at('[ v3_ca ]').line + 1, character: 0 };
    const items = async (c: TestClient, uri: string): Promise<lsp.CompletionItem[]> => {
      const r = await c.request<lsp.CompletionItem[] | lsp.CompletionList>('textDocument/completion', { textDocument: { uri }, position });
      return Array.isArray(r) ? r : r.items;
    };
    const [z, e] = await Promise.all([items(zh, zhUri), items(en, enUri)]);
    assert.deepEqual(z.map((i) => [i.label, i.insertText, i.textEdit]), e.map((i) => [i.label, i.insertText, i.textEdit]));
    const doc = (i: lsp.CompletionItem): string => (typeof i.documentation === 'string' ? i.documentation : (i.documentation?.value ?? ''));
    const san = (xs: lsp.CompletionItem[]) => xs.find((i) => i.label === 'subjectAltName')!;
    assert.match(doc(san(e)), /^The names the certificate is valid for/);
    assert.match(doc(san(z)), /^证书适用的名称：主机名（`DNS:`）、地址（`IP:`）、URI、电子邮件地址等。/);
    assert.equal(san(z).detail, '扩展');
    const documented = z.filter((i) => doc(i));
    assert.ok(documented.length > 20, `${documented.length} documented items`);
    for (const i of documented) assert.ok(hasChinese(doc(i)), `not Chinese: ${i.label}: ${doc(i)}`);
    for (const i of e) assert.ok(!hasChinese(doc(i)) && !hasChinese(i.detail ?? ''), `not English: ${i.label}`);
  });
});
