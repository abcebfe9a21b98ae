/**
 * The TLS doctor in Simplified Chinese: every catalogued message's example,
 * explained against a deliberately broken PKI made by the real openssl CLI
 * (test/peers/support/doctorPki.ts), renders in Chinese through the zh-cn
 * localiser — what happened, each reason, each fix, and the Markdown and text
 * renderings, sentence by sentence — with the quoted message, file names, commands and
 * certificate names unchanged; without a locale nothing changes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { buildInventory, catalog, explain, renderExplanationMarkdown, renderExplanationText, withSignatureChecks, type Inventory } from '../../../server/src/core/doctor';
import { judgeProbe } from '../../../server/src/core/doctor/probeVerdict';
import { readDoctorFiles } from '../../../server/src/node/doctorFiles';
import { localiserFor } from '../../../server/src/l10nCatalogue';
import { english } from '../../../server/src/core/l10n';
import { makeDoctorPki, type DoctorPki } from '../../peers/support/doctorPki';

const zh = localiserFor('zh-cn');
const chinese = /[\u4e00-\u9fff]/;
/** Texts that are quotations, not sentences of ours: a config line ("file:3: ssl-ca = …") and a shell command. */
const quoted = (s: string): boolean => /^[^\s:]+:\d+: /.test(s) || /^chmod 600 /.test(s);

describe('the TLS doctor in Simplified Chinese', () => {
  let pki: DoctorPki;
  let inv: Inventory;
  before(async () => {
    pki = makeDoctorPki();
    inv = await withSignatureChecks(buildInventory(await readDoctorFiles(pki.dir)), webcrypto);
  });
  after(() => pki?.cleanup());

  it('every catalogued example: what, why and fixes are Chinese, with the same files, commands and names', () => {
    const english: string[] = [];
    let sentences = 0;
    for (const entry of catalog) {
      const result = explain(entry.example, inv, new Date());
      for (const e of result.explanations) {
        for (const text of [e.what, ...e.why.map((w) => w.text), ...e.fixes.map((f) => f.title)]) {
          if (quoted(text)) continue;
          sentences++;
          const t = zh.text(text);
          if (!chinese.test(t)) english.push(`${entry.id}: ${t}`);
          // Names and paths in the sentence survive translation: each file named in it is in the translation too.
          for (const file of text.match(/[\w./-]+\.(?:crt|key|pem|crl|der|conf|toml)\b/g) ?? []) if (!t.includes(file)) english.push(`${entry.id}: ${file} lost in ${t}`);
        }
      }
    }
    assert.deepEqual(english, []);
    assert.ok(sentences > 100, `${sentences} sentences`);
  });

  it('the Markdown and text renderings translate each sentence and heading; the quoted message and commands stay', () => {
    const result = explain('x509: certificate is valid for localhost, 127.0.0.1, not 10.0.0.7', inv, new Date());
    const toUri = (f: string, l?: number): string => `file:///w/${f}#L${(l ?? 0) + 1}`;
    const md = renderExplanationMarkdown(result, toUri);
    const z = renderExplanationMarkdown(result, toUri, zh);
    assert.match(md, /^### The client connected to 10\.0\.0\.7, and the server's certificate does not name 10\.0\.0\.7 \(it names localhost, 127\.0\.0\.1\)\.$/m);
    assert.match(z, /^### 客户端连接的是 10\.0\.0\.7，而服务器证书中没有 10\.0\.0\.7（证书中的名称为 localhost, 127\.0\.0\.1）。$/m);
    assert.match(z, /^> `x509: certificate is valid for localhost, 127\.0\.0\.1, not 10\.0\.0\.7`$/m, 'Go’s message as Go prints it');
    assert.match(z, /^\*\*原因\*\*$/m);
    assert.match(z, /^\*\*修复\*\*$/m);
    assert.match(z, /^- "server" \(server\.crt\) 包含 DNS:localhost, IP:127\.0\.0\.1，而不是 10\.0\.0\.7。 — \[server\.crt:1\]\(file:\/\/\/w\/server\.crt#L1\)$/m);
    assert.match(z, /^- 重新签发 .*，在其 subjectAltName 中包含 localhost, 127\.0\.0\.1, 10\.0\.0\.7/m);
    assert.match(z, /^ {2}`certwright renew --dir \S+ --cert server\.crt --san localhost,127\.0\.0\.1,10\.0\.0\.7`$/m);
    assert.equal(z.split('\n').length, md.split('\n').length);
    const text = renderExplanationText(result, zh);
    assert.match(text, /^ {2}发生了什么：客户端连接的是 10\.0\.0\.7/m);
    assert.match(text, /^ {2}原因：$/m);
    assert.match(text, /^ {2}修复：$/m);
    assert.match(text, /^ {6}\$ certwright renew /m);
    assert.equal(renderExplanationText(explain('disk quota exceeded', inv, new Date()), zh), '文本中没有找到 Certwright 认识的 TLS 错误信息。\n');
    assert.equal(renderExplanationMarkdown(result, toUri, english), md);
    assert.match(renderExplanationText(result), /^ {2}What happened: The client connected to 10\.0\.0\.7/m);
  });

  it('a probe verdict: each check in Chinese, the peer’s own error text unchanged', () => {
    const v = judgeProbe({ target: 'db:5432', reached: true, protocol: 'TLSv1.3', chain: [], verifyError: 'unable to get local issuer certificate', accepted: false, clientCertSent: true, caGiven: true, peerError: 'certificate authentication failed for user "bob"' }, inv, new Date());
    assert.deepEqual(v.checks.map((c) => zh.text(c.text)), [
      '已连接到 db:5432（TLSv1.3）',
      '服务器的证书链无法用给定的 CA 验证：unable to get local issuer certificate',
      '服务器证书包含所连接的主机名',
      '服务器在握手之后拒绝了连接：certificate authentication failed for user "bob"',
    ]);
    const down = judgeProbe({ target: 'db:5432', reached: false, chain: [], accepted: false, clientCertSent: false }, inv, new Date());
    assert.equal(zh.text(down.checks[0]!.text), '无法连接到 db:5432：没有应答');
  });
});
