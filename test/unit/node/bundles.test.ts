/**
 * The build's files of the server and the CLI are ASCII (scripts/bundles.mjs asciiOnly): the code
 * cache loader copies an ASCII file as it is, where it decodes any other as UTF-8.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** scripts/bundles.mjs (an ES module the build runs as it is). */
const bundles = async (): Promise<{ asciiOnly(code: string): string }> => (await import(pathToFileURL(path.resolve('scripts/bundles.mjs')).href)) as { asciiOnly(code: string): string };

/** A tag that reads the cooked text, as `tr` (core/l10n.ts) does. */
const cookedTag = `const tag = (s, ...v) => s.map((p, i) => p + (i < v.length ? String(v[i]) : '')).join('');`;

test('asciiOnly writes every other character as an escape, and a cooked template reads the same text', async () => {
  const { asciiOnly } = await bundles();
  const source = `${cookedTag}\n// a comment — kept\nmodule.exports = [tag\`dash — \${1} … ellipsis 中文 \\— 🔐\`, \`plain é\`, /—/.test('—')];\n`;
  const escaped = asciiOnly(source);
  assert.ok(!/[\u0080-\uffff]/.test(escaped), escaped);
  const run = (code: string): unknown => {
    const m = { exports: undefined as unknown };
    new Function('module', code)(m);
    return m.exports;
  };
  assert.deepEqual(run(escaped), run(source));
  assert.deepEqual(run(escaped), ['dash — 1 … ellipsis 中文 — 🔐', 'plain é', true]);
  // An escaped backslash before the character stays a backslash.
  assert.equal(run(asciiOnly('module.exports = `a\\\\—`;')), 'a\\—');
  assert.equal(asciiOnly('plain ascii `text`'), 'plain ascii `text`');
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('no String.raw template of the server holds a character outside ASCII (the only reader of the raw text asciiOnly changes)', () => {
  const found = sources('server/src').flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/String\.raw`[^`]*`/g)].filter((m) => /[\u0080-\uffff]/.test(m[0])).map((m) => `${file}: ${m[0]}`));
  assert.deepEqual(found, []);
});
