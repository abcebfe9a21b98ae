/**
 * The server core's words in the client's language, from the built server: with
 * `initialize` locale zh-cn the certificate editor of a DER certificate (status
 * banner, field labels, section titles, chain note) is Simplified Chinese with the
 * same names, serials, fingerprints and chain; without a locale it is the English
 * model, word for word. The TLS doctor's answer (`certwright/explainTlsError`) is
 * Chinese too, with Go's quoted message, the files, links and commands unchanged; an
 * issuing refusal is still an error (ResponseError) with its message in Chinese, and
 * a plan's file descriptions are Chinese with the same paths, modes and contents.
 * Run `npm run build` first.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileUri, startClient, type TestClient } from './lspClient';
import { makeTestPki, type TestPki } from '../unit/pki/openssl';
import type { DecodeFileResult, Row } from '../../server/src/protocol/inspect';
import type { ExplainTlsErrorResult } from '../../server/src/protocol/doctor';
import type { IssueResult } from '../../server/src/protocol/issue';
import { makeDoctorPki, type DoctorPki } from '../peers/support/doctorPki';

const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);

describe('the server core in the client’s language (openssl-generated workspace)', () => {
  let pki: TestPki;
  let zh: TestClient;
  let en: TestClient;
  before(async () => {
    pki = makeTestPki();
    [zh, en] = await Promise.all([startClient({ rootPath: pki.dir, locale: 'zh-cn' }), startClient({ rootPath: pki.dir })]);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
    pki?.cleanup();
  });

  const editor = async (c: TestClient, name: string) => (await c.request<DecodeFileResult>('certwright/decodeFile', { uri: fileUri(pki.path(name)), editor: true, showInTree: false })).editor!;

  it('the certificate editor of a DER root: Chinese words with zh-cn, the same data; English without a locale', async () => {
    const [z, e] = await Promise.all([editor(zh, 'root.der'), editor(en, 'root.der')]);
    const [card, english] = [z.cards[0]!, e.cards[0]!];
    assert.equal(english.subheading, 'Root CA');
    assert.equal(card.subheading, '根 CA');
    assert.equal(english.banner?.title, 'Valid');
    assert.equal(card.banner?.title, '有效');
    assert.match(english.banner?.detail ?? '', /^Valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ days\)\.$/);
    assert.match(card.banner?.detail ?? '', /^有效期至 \d{4}-\d\d-\d\d \d\d:\d\d UTC（\d+ 天后）。$/);
    assert.equal(card.banner?.detail?.match(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/)?.[0], english.banner?.detail?.match(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/)?.[0], 'the same date');
    assert.deepEqual(english.sections.map((s) => s.title), ['Subject', 'Issuer', 'Subject alternative names', 'Usages', 'Validity', 'Key and signature', 'Fingerprints']);
    assert.deepEqual(card.sections.map((s) => s.title), ['主题', '签发者', '主题备用名称', '用途', '有效期', '密钥与签名', '指纹']);
    const rows = (c: typeof card): Row[] => c.sections.flatMap((s) => s.rows);
    const [zr, er] = [rows(card), rows(english)];
    assert.equal(zr.length, er.length);
    zr.forEach((r, i) => {
      const en = er[i]!;
      if (en.verbatim || en.copy) assert.equal(r.value, en.value, `${en.label} is data`);
      if (en.verbatim) assert.equal(r.label, en.label);
    });
    assert.ok(zr.some((r) => r.label === 'CN' && r.value === 'Test Root CA'), 'name attributes as they are');
    assert.equal(zr.find((r) => r.label === 'SHA-256')?.value, er.find((r) => r.label === 'SHA-256')?.value);
    assert.equal(zr.find((r) => r.label === '序列号')?.value, er.find((r) => r.label === 'Serial')?.value);
    assert.equal(zr.find((r) => r.label === '签发者')?.value, '自签发（与主题相同）');
    assert.equal(er.find((r) => r.label === 'Issuer')?.value, 'self-issued (same as the subject)');
    assert.match(zr.find((r) => r.label === '基本约束')?.value ?? '', /^CA(，路径长度 \d+)?（关键）$/);
    assert.deepEqual(card.chain.map((l) => l.path), english.chain.map((l) => l.path), 'the same chain');
    assert.equal(z.raw, e.raw, 'the openssl-like text is OpenSSL’s');
    assert.ok(!hasChinese(JSON.stringify(e)), 'no Chinese without a locale');
  });

  it('a revoked leaf and a CRL: banner, badges and notes in Chinese with the same files', async () => {
    const [z, e] = await Promise.all([editor(zh, 'revoked.crt'), editor(en, 'revoked.crt')]);
    assert.match(e.cards[0]!.banner?.detail ?? '', /^Revoked on \S+.* per the CRL inter\.crl$/);
    assert.match(z.cards[0]!.banner?.detail ?? '', /^已于 \S+.* 根据 CRL 文件 inter\.crl 吊销$/);
    const [zc, ec] = await Promise.all([editor(zh, 'inter.crl'), editor(en, 'inter.crl')]);
    assert.equal(ec.cards[0]!.subheading, 'Certificate revocation list');
    assert.equal(zc.cards[0]!.subheading, '证书吊销列表');
    assert.equal(zc.cards[0]!.heading, `${ec.cards[0]!.heading.replace(/^CRL of /, '')} 的 CRL`);
    assert.ok(zc.cards[0]!.sections.some((s) => s.title === '已吊销的证书（1）'));
  });
});

describe('the TLS doctor in the client’s language (openssl-generated broken deployment)', () => {
  let pki: DoctorPki;
  let zh: TestClient;
  let en: TestClient;
  before(async () => {
    pki = makeDoctorPki();
    [zh, en] = await Promise.all([startClient({ rootPath: pki.dir, locale: 'zh-cn' }), startClient({ rootPath: pki.dir })]);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
    pki?.cleanup();
  });

  it('explainTlsError: what, why, fixes and the Markdown in Chinese; the message, files, links and commands as in English', async () => {
    const text = 'x509: certificate is valid for localhost, 127.0.0.1, not 10.0.0.7';
    const [z, e] = await Promise.all([zh, en].map((c) => c.request<ExplainTlsErrorResult>('certwright/explainTlsError', { text })));
    const [ze, ee] = [z!.explanations[0]!, e!.explanations[0]!];
    assert.equal(ee.what, "The client connected to 10.0.0.7, and the server's certificate does not name 10.0.0.7 (it names localhost, 127.0.0.1).");
    assert.equal(ze.what, '客户端连接的是 10.0.0.7，而服务器证书中没有 10.0.0.7（证书中的名称为 localhost, 127.0.0.1）。');
    assert.equal(ze.message, ee.message, 'Go’s message as Go prints it');
    assert.deepEqual(ze.fixes.map((f) => f.command), ee.fixes.map((f) => f.command));
    for (const f of ze.fixes) assert.ok(hasChinese(f.title), f.title);
    assert.match(z!.markdown, /^### 客户端连接的是 10\.0\.0\.7/m);
    assert.match(z!.markdown, /^\*\*原因\*\*$/m);
    assert.match(z!.markdown, /^- "server" \(server\.crt\) 包含 DNS:localhost, IP:127\.0\.0\.1，而不是 10\.0\.0\.7。 — \[server\.crt:1\]\(file:\/\/[^)]*\/server\.crt#L1\)$/m);
    assert.match(z!.markdown, /certwright renew --dir \S+ --cert server\.crt --san localhost,127\.0\.0\.1,10\.0\.0\.7/);
    assert.match(e!.markdown, /^\*\*Why\*\*$/m);
    assert.ok(!hasChinese(JSON.stringify(e)), 'no Chinese without a locale');
    const none = await zh.request<ExplainTlsErrorResult>('certwright/explainTlsError', { text: 'disk quota exceeded' });
    assert.equal(none.markdown, '文本中没有找到 Certwright 认识的 TLS 错误信息。');
  });
});

describe('issuing in the client’s language', () => {
  let zh: TestClient;
  let en: TestClient;
  before(async () => {
    [zh, en] = await Promise.all([startClient({ locale: 'zh-cn' }), startClient()]);
  });
  after(async () => {
    await Promise.all([zh, en].map((c) => (c && c.process.exitCode == null ? c.shutdown() : undefined)));
  });

  it('a refusal is an error with its message in Chinese; without a locale the English is unchanged', async () => {
    const bad = { operation: { kind: 'createCa', profile: 'dm', commonName: 'a/CN=b' } };
    await assert.rejects(en.request('certwright/issue', bad), { message: `CA common name "a/CN=b" contains '/', which is not allowed in a distinguished name` });
    await assert.rejects(zh.request('certwright/issue', bad), { message: `CA 通用名称 "a/CN=b" 包含 '/'，这在可分辨名称中是不允许的` });
    const noCa = { operation: { kind: 'issueClient', profile: 'dm', user: 'x' } };
    await assert.rejects(en.request('certwright/issue', noCa), { message: 'no CA: create one first (certwright ca create) or point --dir at the folder that holds it' });
    await assert.rejects(zh.request('certwright/issue', noCa), { message: '没有 CA：请先创建一个（certwright ca create），或让 --dir 指向存放它的目录' });
  });

  it('a plan: each file described in Chinese, with the same paths and modes', async () => {
    const op = { operation: { kind: 'createCa', profile: 'dm', keyType: 'p256' } };
    const [z, e] = await Promise.all([zh, en].map((c) => c.request<IssueResult>('certwright/issue', op)));
    assert.deepEqual(z!.plan.files.map((f) => [f.path, f.mode, f.kind]), e!.plan.files.map((f) => [f.path, f.mode, f.kind]));
    const descriptionOf = (r: IssueResult, path: string): string => r.plan.files.find((f) => f.path === path)!.description;
    assert.equal(descriptionOf(e!, 'ca-private/ca-key.pem'), 'CA private key');
    assert.equal(descriptionOf(z!, 'ca-private/ca-key.pem'), 'CA 私钥');
    assert.equal(descriptionOf(z!, 'ca-private/index.txt'), 'CA 数据库（openssl index.txt）');
    for (const f of z!.plan.files) assert.ok(hasChinese(f.description), `${f.path}: ${f.description}`);
    assert.ok(!e!.plan.files.some((f) => hasChinese(f.description)));
  });
});
