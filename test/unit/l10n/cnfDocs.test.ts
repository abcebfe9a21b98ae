/**
 * The openssl.cnf reference docs in Simplified Chinese: every prose text of docs.ts
 * (scripts/cnf-docs-l10n.ts collects them) has a translation in server/l10n/docs.zh-cn.json
 * that keeps its `code` and **bold**, and none is left over from an English text that
 * changed; the hovers and completions of the real-world openssl.cnf corpus, passed through
 * the zh-cn localiser with the docs, show no English doc text, and without the docs they
 * are what they were.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectDocTexts, readDocsZhCn } from '../../../scripts/cnf-docs-l10n';
import { completionsAt } from '../../../server/src/core/cnf/completion';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { english, localiser } from '../../../server/src/core/l10n';
import { referenceLocaliser } from '../../../server/src/l10n';
import { localiserFor } from '../../../server/src/l10nCatalogue';
import { modelOf } from '../cnf-features/helpers';
import zhCn from '../../../server/l10n/messages.zh-cn.json';

const texts = collectDocTexts();
const zh = readDocsZhCn();
const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);
const codeSpans = (s: string): string[] => [...s.matchAll(/`[^`]+`/g)].map((m) => m[0]).sort();

describe('openssl.cnf reference docs: the Simplified Chinese catalogue', () => {
  it('every doc text has a translation, and no translation is of a text the docs no longer have', () => {
    assert.ok(texts.size > 300, `only ${texts.size} doc texts found`);
    const missing = [...texts].filter(([t]) => !(t in zh)).map(([t, where]) => `${t}  (${where.join(', ')})`);
    assert.deepEqual(missing, [], 'doc texts without a translation: write them in server/l10n/docs.zh-cn.json (node --import tsx scripts/cnf-docs-l10n.ts lists them)');
    assert.deepEqual(Object.keys(zh).filter((t) => !texts.has(t)), [], 'translations of texts the docs no longer have (the English changed): translate the new English and drop these');
  });

  it('each translation is Chinese on one line and keeps the `code` and **bold** of its English; a one-word value stays as it is', () => {
    const wrong: string[] = [];
    for (const [en, t] of Object.entries(zh)) {
      if (t === en && /^[^a-z]*$|^\S+$/.test(en)) continue; // a value (`no`, `utf8only`, `privkey.pem`) or a name (`SHA-384.`, `[ ENV ]`)
      if (!hasChinese(t)) wrong.push(`not translated: ${en}`);
      if (t.includes('\n')) wrong.push(`more than one line: ${en}`);
      if (codeSpans(t).join(' ') !== codeSpans(en).join(' ')) wrong.push(`inline code differs: ${en}\n    ${codeSpans(en).join(' ')}\n    ${codeSpans(t).join(' ')}`);
      if (t.split('**').length !== en.split('**').length) wrong.push(`bold differs: ${en}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('openssl.cnf reference docs: hover and completion on the real-world corpus', () => {
  const dir = resolve(__dirname, '../../fixtures/cnf/real-world');
  const files = readdirSync(dir).filter((n) => n !== 'SOURCES.md').sort();
  const zhDocs = localiser('zh-cn', zhCn, zh);
  /** English doc texts worth looking for in a rendered answer (not the one-word values). */
  const prose = [...texts.keys()].filter((t) => /\s/.test(t) && zh[t] !== t);

  /** Every hover and completion documentation of a file: at each key, each value word, and after each `=`. */
  const answers = (text: string): string[] => {
    const m = modelOf(text);
    const out: string[] = [];
    for (let o = 0; o <= text.length; o++) {
      const prev = text[o - 1];
      if (o > 0 && !/[\n=,:@[]/.test(prev!)) continue; // each key, section name and value item
      const h = hoverAt(m, o + (text[o] === ' ' ? 1 : 0));
      if (h) out.push(h.markdown);
      if (prev === '\n' || prev === '=') for (const c of completionsAt(m, o)) out.push(...[c.detail, c.documentation].filter((s): s is string => !!s));
    }
    return out;
  };

  it('with locale zh-cn no English doc text is left in any hover or completion; without the docs nothing changes', () => {
    assert.ok(files.length >= 50, `${files.length} corpus files`);
    // Each distinct answer once (completion lists repeat from line to line), with the first file that shows it.
    const all = new Map<string, string>();
    for (const f of files) for (const en of answers(readFileSync(join(dir, f), 'utf8'))) if (!all.has(en)) all.set(en, f);
    const left = new Set<string>();
    const shown = new Set<string>();
    for (const [en, f] of all) {
      const z = zhDocs.text(en);
      assert.equal(english.text(en), en);
      for (const t of prose) {
        if (!en.includes(t)) continue;
        shown.add(t);
        if (z.includes(t)) left.add(`${t}  (${f})\n    ${z.split('\n').find((l) => l.includes(t))}`);
      }
    }
    assert.deepEqual([...left], [], 'English doc text in a Chinese answer');
    assert.ok(shown.size > 150, `the corpus shows only ${shown.size} doc texts`);
  });

  it('the server loads the docs only for a Chinese client, and the same localiser answers in Chinese', async () => {
    assert.equal(await referenceLocaliser(localiserFor(undefined)), localiserFor(undefined));
    const l = localiserFor('zh-CN');
    const withDocs = await referenceLocaliser(l);
    assert.equal(await referenceLocaliser(l), withDocs, 'loaded once');
    const m = modelOf('[ req ]\nreq_extensions = v3\n[ v3 ]\nsubjectAltName = DNS:a\n');
    const h = hoverAt(m, m.doc.text.indexOf('subjectAltName') + 2)!.markdown;
    assert.equal(l.text(h), localiserFor('zh-cn').text(h), 'the messages-only localiser leaves doc prose English');
    assert.ok(l.text(h).includes('The names the certificate is valid for'));
    const z = withDocs.text(h);
    assert.ok(z.includes('证书适用的名称：主机名（`DNS:`）'), z);
    assert.ok(z.includes('**subjectAltName**'), 'names stay as they are');
  });
});
