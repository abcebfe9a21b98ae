/**
 * Every editor feature at (nearly) every offset of the real openssl.cnf files in
 * shared/corpus/openssl-cnf/ and of the oracle regression fixtures: nothing throws,
 * every range is inside the document and around the cursor, symbols nest properly.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { completionsAt } from '../../../server/src/core/cnf/completion';
import { foldingRanges } from '../../../server/src/core/cnf/folding';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { definitionAt, referencesAt } from '../../../server/src/core/cnf/navigation';
import { documentSymbols, type CnfSymbol } from '../../../server/src/core/cnf/symbols';
import { modelOf } from './helpers';
import { sharedCorpus } from '../../support/sharedCorpus';

const { dir: corpus, skip } = sharedCorpus('openssl-cnf');
const regressions = resolve(__dirname, '../../fixtures/cnf/oracle-regressions');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(cnf|conf|config)$/.test(n) ? [p] : [];
  });
}

const files = [...walk(corpus), ...walk(regressions)];

test('the openssl.cnf corpus is present', { skip }, () => {
  assert.ok(walk(corpus).length >= 10, `expected the openssl.cnf corpus under ${corpus}`);
});

function checkSymbols(syms: readonly CnfSymbol[], len: number, parent?: CnfSymbol): number {
  let n = 0;
  for (const s of syms) {
    n++;
    assert.ok(s.name.length > 0);
    assert.ok(0 <= s.start && s.start <= s.selectionStart && s.selectionStart <= s.selectionEnd && s.selectionEnd <= s.end && s.end <= len, `${s.name}: ${s.start} ${s.selectionStart} ${s.selectionEnd} ${s.end}`);
    if (parent) assert.ok(parent.start <= s.start && s.end <= parent.end, `${s.name} outside ${parent.name}`);
    n += checkSymbols(s.children ?? [], len, s);
  }
  return n;
}

for (const file of files) {
  test(`features at every offset: ${file.slice(file.indexOf('openssl-cnf') >= 0 ? file.indexOf('openssl-cnf') : file.indexOf('oracle'))}`, () => {
    const text = readFileSync(file, 'utf8');
    const m = modelOf(text);
    const len = text.length;
    const step = Math.max(1, Math.floor(len / 3000));
    let hovers = 0;
    for (let o = 0; o <= len; o += step) {
      const h = hoverAt(m, o);
      if (h) {
        hovers++;
        assert.ok(h.start <= o && o <= h.end && h.end <= len, `hover range ${h.start}-${h.end} at ${o}`);
        assert.ok(h.markdown.length > 0);
      }
      for (const c of completionsAt(m, o)) assert.ok(c.start <= o && c.end === o, `completion ${c.label} ${c.start}-${c.end} at ${o}`);
      for (const d of [...definitionAt(m, o), ...referencesAt(m, o, true)]) assert.ok(0 <= d.start && d.start <= d.end && d.end <= len);
    }
    checkSymbols(documentSymbols(m.doc), len);
    for (const f of foldingRanges(m.doc)) assert.ok(0 <= f.start && f.start < f.end && f.end <= len);
    if (len > 200) assert.ok(hovers > 0, 'no hover anywhere');
  });
}
