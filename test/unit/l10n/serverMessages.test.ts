/**
 * The server's words in Simplified Chinese: every `tr` template of server/src (found by
 * scripts/server-l10n-export.ts with the TypeScript parser) is in server/l10n/messages.json
 * and has a translation in server/l10n/messages.zh-cn.json that keeps its placeholders,
 * rule codes and `code`; the localiser recognises each template's English and renders
 * its translation; without a catalogue nothing changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundleText } from '../../../scripts/l10n-export';
import { collectServerMessages, messagesPath, zhCnPath } from '../../../scripts/server-l10n-export';
import { catalogueLanguage, english, localiser, parseTemplate, tr } from '../../../server/src/core/l10n';
import { localiserFor } from '../../../server/src/l10nCatalogue';

const zh = JSON.parse(readFileSync(zhCnPath, 'utf8')) as Record<string, string>;
const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);
/** Templates whose words are OpenSSL's error text, kept as OpenSSL prints it; only their arguments are translated. */
const openSslText = new Set(['bad ip address: value={0}{1}.', 'invalid extension string: name={0},section=@{1} — {2}.{3}', 'otherName error: {0}', '{0} — Error configuring OpenSSL modules: {1}.']);
/** What a translation keeps: rule codes and inline code. */
const kept = (s: string): string[] => [...s.matchAll(/`[^`]+`|\b(?:CNF|REQ|CA|X509|PEM|DM|CRDB|PG|CW|KEY|CSR|CRL)-[A-Z0-9-]*\d\b/g)].map((m) => m[0]).sort();
/** Placeholders, but not a plural ending glued to an English word (`character{2}`, `CRL{4}`), which Chinese has no use for. */
const placeholders = (s: string, plural = false): string[] => [...s.matchAll(/(^|.)\{(\d+)\}/g)].filter((m) => !(plural && /[A-Za-z]/.test(m[1]!))).map((m) => m[2]!).sort();

describe('server messages: the Simplified Chinese catalogue', () => {
  const { strings, problems } = collectServerMessages();

  it('every tr template can be told apart, and server/l10n/messages.json lists them all', () => {
    assert.deepEqual(problems, []);
    assert.ok(strings.size > 200, `only ${strings.size} tr templates found`);
    assert.equal(readFileSync(messagesPath, 'utf8'), bundleText(strings), 'server/l10n/messages.json is stale: run node --import tsx scripts/server-l10n-export.ts');
  });

  it('every template has a translation, and no translation is unused', () => {
    const missing = [...strings.keys()].filter((s) => !(s in zh)).sort();
    assert.deepEqual(missing.map((s) => `${s}  (${strings.get(s)!.join(', ')})`), [], 'server messages without a translation');
    assert.deepEqual(Object.keys(zh).filter((s) => !strings.has(s)).sort(), [], 'translations of messages the server no longer has');
  });

  it('each translation is Chinese and keeps the placeholders, rule codes and `code` of its English', () => {
    const wrong: string[] = [];
    for (const [en, t] of Object.entries(zh)) {
      const letters = parseTemplate(en).parts.join('');
      if (!hasChinese(t) && /[A-Za-z]/.test(letters) && !openSslText.has(en)) wrong.push(`not translated: ${en}`);
      if (kept(t).join(' ') !== kept(en).join(' ')) wrong.push(`rule codes or inline code differ: ${en}`);
      for (const p of placeholders(en, true)) if (!placeholders(t).includes(p)) wrong.push(`{${p}} is missing from the translation of: ${en}`);
      for (const p of placeholders(t)) if (!placeholders(en).includes(p)) wrong.push(`{${p}} is not in the English of: ${en}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the localiser recognises every template in its English form and renders the translation', () => {
    const l = localiserFor('zh-cn');
    const render = (template: string, args: readonly string[]): string => {
      const { parts, slots } = parseTemplate(template);
      return parts.map((p, i) => (i ? `${args[slots[i - 1]!]}${p}` : p)).join('');
    };
    const wrong: string[] = [];
    for (const [en, t] of Object.entries(zh)) {
      const n = parseTemplate(en).slots.length;
      // Values no template knows, as a certificate name or a path would be.
      const args = Array.from({ length: n }, (_, i) => `⟨v${i}⟩`);
      const got = l.text(render(en, args));
      if (got !== render(t, args)) wrong.push(`${en}\n    got:  ${got}\n    want: ${render(t, args)}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('server messages: the localiser', () => {
  const catalogue = {
    'ssl-cert {0} expires on {1}.': 'ssl-cert {0} 将于 {1} 过期。',
    '{0} is {1}': '{0} 处于{1}状态',
    'past its date': '已过期',
    no: '否',
    'In included file {0}, line {1}: {2}': '在被包含的文件 {0} 第 {1} 行：{2}',
    '{0} and {1}': '{0} 和 {1}',
    '{0} (or {1})': '{0}（或 {1}）',
    'needs {0}': '需要 {0}',
    'Owner: {0}': '所有者：{0}',
  };
  const l = localiser('zh-cn', catalogue);

  it('tr renders English, so the core output is unchanged', () => {
    const cert = 'node.crt';
    assert.equal(tr`ssl-cert ${cert} expires on ${'2026-12-05'}.`, 'ssl-cert node.crt expires on 2026-12-05.');
    assert.equal(english.text('anything at all'), 'anything at all');
  });

  it('translates a text made from a template, its phrase arguments too, and leaves values and unknown texts alone', () => {
    assert.equal(l.text('ssl-cert node.crt expires on 2026-12-05.'), 'ssl-cert node.crt 将于 2026-12-05 过期。');
    assert.equal(l.text('node.crt is past its date'), 'node.crt 处于已过期状态');
    assert.equal(l.text('In included file /etc/a.cnf, line 3: node.crt is past its date'), '在被包含的文件 /etc/a.cnf 第 3 行：node.crt 处于已过期状态');
    assert.equal(l.text('no'), '否', 'a whole text is translated');
    assert.equal(l.text('node.crt is no'), 'node.crt 处于no状态', 'an argument without a space is a value');
    assert.equal(l.text('Something nobody wrote a template for.'), 'Something nobody wrote a template for.');
  });

  it('translates a multi-line text line by line, and a list argument item by item', () => {
    assert.equal(l.text('Owner: root\nnode.crt is past its date\nplain'), '所有者：root\nnode.crt 处于已过期状态\nplain');
    assert.equal(l.text('needs a (or -a), b (or -b) and c (or -c)'), '需要 a（或 -a）, b（或 -b） 和 c（或 -c）');
  });

  it('translates a finished message that holds a list the same inside a template that wraps it', () => {
    // CA-001 as openssl.cnf's analysis writes it, and the same wrapped in the reason it is only a warning (caRequired.withCaOnlyNote).
    const finding = '[CA_default] is incomplete for openssl ca: every openssl ca command needs database (no flag replaces it) and default_md (or -md); signing also needs default_days or default_enddate (or -days / -enddate). Add the keys, or pass the flags where the file is used.';
    const note = ' Only openssl ca reads [CA_default] (openssl req and x509 -extfile do not), and nothing says this file goes to openssl ca: say so (a "# certwright: used-by openssl ca" comment, or a workspace script that runs it) to have what fails it reported as an error.';
    const zhCn = localiserFor('zh-cn');
    const alone = zhCn.text(finding);
    assert.match(alone, /^\[CA_default\] 对 openssl ca 来说不完整/);
    assert.equal(zhCn.text(`${finding}${note}`), `${alone} 只有 openssl ca 读取 [CA_default]（openssl req 和 x509 -extfile 不读取），而没有任何迹象表明此文件会交给 openssl ca：请说明这一点（"# certwright: used-by openssl ca" 注释，或运行它的工作区脚本），这样导致它失败的问题才会作为错误报告。`);
  });

  it('picks the catalogue from the locale tag', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh', 'zh-Hans', 'zh_CN.UTF-8', 'zh-hans-cn']) assert.equal(catalogueLanguage(tag), 'zh-cn', tag);
    for (const tag of [undefined, '', 'en', 'en-US', 'zh-tw', 'zh-Hant', 'zh_HK.UTF-8', 'C', 'POSIX']) assert.equal(catalogueLanguage(tag), undefined, String(tag));
    assert.equal(localiserFor('en-US'), english);
    assert.equal(localiserFor(undefined), english);
    assert.equal(localiserFor('zh-cn').locale, 'zh-cn');
  });
});
