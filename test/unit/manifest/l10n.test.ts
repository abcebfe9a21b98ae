/**
 * Localisation: every string the manifest contributes is a %key% of
 * package.nls.json with a Simplified Chinese translation in package.nls.zh-cn.json,
 * and every client string passed to vscode.l10n.t has one in
 * l10n/bundle.l10n.zh-cn.json, with the same {0} placeholders, $(icons) and
 * command links.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
const untranslated = new Set(['Certwright', 'CA', 'SANs']);

function clientStrings(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/l10n\.t\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g)) {
          const lit = m[1]!;
          out.add(lit.startsWith('"') ? (JSON.parse(lit) as string) : (JSON.parse(`"${lit.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string));
        }
      }
    }
  };
  walk(resolve(root, 'client/src'));
  return out;
}

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

  it('every vscode.l10n.t string of the client has a Simplified Chinese translation', () => {
    assert.equal(manifest.l10n, './l10n');
    const strings = clientStrings();
    assert.ok(strings.size > 50, `only ${strings.size} l10n.t strings found`);
    assert.deepEqual([...strings].filter((s) => !(s in bundleZh)).sort(), [], 'client strings without a translation');
    assert.deepEqual(Object.keys(bundleZh).filter((s) => !strings.has(s)).sort(), [], 'translations of strings the client no longer uses');
    for (const [en, zh] of Object.entries(bundleZh)) {
      assert.ok(hasChinese(zh) || untranslated.has(en), `not translated: ${en}`);
      assert.deepEqual(invariants(zh), invariants(en), en);
    }
  });
});
