/**
 * Localisation: every string the manifest contributes is a %key% of
 * package.nls.json with a Simplified Chinese translation in package.nls.zh-cn.json,
 * and every client string passed to l10n.t (found by scripts/l10n-export.ts with the
 * TypeScript parser) is in l10n/bundle.l10n.json and has a translation in
 * l10n/bundle.l10n.zh-cn.json, with the same {0} placeholders, $(icons), inline code
 * and command links.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleText, collectL10nStrings } from '../../../scripts/l10n-export';

const root = resolve(__dirname, '../../..');
const read = (p: string): unknown => JSON.parse(readFileSync(resolve(root, p), 'utf8'));
const manifestText = readFileSync(resolve(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as { l10n?: string };
const nls = read('package.nls.json') as Record<string, string>;
const nlsZh = read('package.nls.zh-cn.json') as Record<string, string>;
const bundleZh = read('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;

/** What must survive translation: placeholders, codicons, command links, inline code. */
function invariants(s: string): string[] {
  return [...s.matchAll(/\{\d+\}|\$\([a-z-]+\)|\(command:[^)]+\)|`[^`]+`/g)].map((m) => m[0]).sort();
}
const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);
/** Strings that stay as they are in Chinese: names and acronyms. */
const untranslated = new Set(['Certwright', 'CA', 'SANs', 'CRL', 'CRL {0}', 'CRL ✓']);

describe('localisation', () => {
  it('every %key% in package.json resolves in package.nls.json, and no key is unused', () => {
    const used = new Set([...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!));
    assert.ok(used.size > 50, `only ${used.size} localised strings in package.json`);
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys without an English string');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'English strings nothing uses');
  });

  it('the manifest has no literal user-facing strings left outside the generated rule schema', () => {
    const m = JSON.parse(manifestText) as { contributes: { commands: Array<{ title: string; category: string }>; walkthroughs: Array<{ title: string }> } };
    for (const c of m.contributes.commands) assert.match(`${c.title}${c.category}`, /^%[^%]+%%[^%]+%$/, JSON.stringify(c));
    for (const w of m.contributes.walkthroughs) assert.match(w.title, /^%.+%$/);
  });

  it('package.nls.zh-cn.json translates every key, keeping placeholders and command links', () => {
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
    for (const [k, en] of Object.entries(nls)) {
      const zh = nlsZh[k]!;
      assert.ok(zh.trim(), k);
      assert.ok(hasChinese(zh) || untranslated.has(en), `${k} is not translated: ${zh}`);
      assert.deepEqual(invariants(zh), invariants(en), k);
    }
  });

  it('every walkthrough page has a Simplified Chinese page where VS Code looks for it, with the same code', () => {
    // VS Code's walkthrough reads `<page>.nls.<language>.md` (then `<page>.nls.zh.md`) beside `<page>.md` when it exists.
    const m = JSON.parse(manifestText) as { contributes: { walkthroughs: Array<{ steps: Array<{ media: { markdown?: string } }> }> } };
    const pages = m.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((st) => (st.media.markdown ? [st.media.markdown] : [])));
    assert.ok(pages.length >= 5);
    const code = (md: string): string[] => [...md.matchAll(/`[^`]+`|^ {4}.+$/gm)].map((x) => x[0]).sort();
    for (const page of pages) {
      const zhPath = page.replace(/\.md$/, '.nls.zh-cn.md');
      assert.ok(existsSync(resolve(root, zhPath)), `${zhPath} is missing`);
      const en = readFileSync(resolve(root, page), 'utf8');
      const zh = readFileSync(resolve(root, zhPath), 'utf8');
      assert.ok(hasChinese(zh), zhPath);
      assert.deepEqual(code(zh), code(en), `${zhPath} keeps the commands, file names and code of ${page}`);
    }
  });

  const { strings, problems } = collectL10nStrings();

  it('every l10n.t message of the client is a literal, and l10n/bundle.l10n.json lists them all', () => {
    assert.deepEqual(problems, []);
    assert.ok(strings.size > 200, `only ${strings.size} l10n.t strings found`);
    assert.equal(readFileSync(resolve(root, 'l10n/bundle.l10n.json'), 'utf8'), bundleText(strings), 'l10n/bundle.l10n.json is stale: run node --import tsx scripts/l10n-export.ts');
  });

  it('every l10n.t string of the client has a Simplified Chinese translation', () => {
    assert.equal(manifest.l10n, './l10n');
    const missing = [...strings.keys()].filter((s) => !(s in bundleZh)).sort();
    assert.deepEqual(missing.map((s) => `${s}  (${strings.get(s)!.join(', ')})`), [], 'client strings without a translation');
    assert.deepEqual(Object.keys(bundleZh).filter((s) => !strings.has(s)).sort(), [], 'translations of strings the client no longer uses');
    for (const [en, zh] of Object.entries(bundleZh)) {
      assert.ok(hasChinese(zh) || untranslated.has(en), `not translated: ${en}`);
      assert.deepEqual(invariants(zh), invariants(en), en);
    }
  });
});
