import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCnf } from '../../../server/src/core/cnf/parser';
import { documentSymbols } from '../../../server/src/core/cnf/symbols';
import { foldingRanges } from '../../../server/src/core/cnf/folding';
import { LineIndex } from '../../../server/src/core/lineIndex';

const text = [
  /* 0 */ '# header comment',
  /* 1 */ '# second line',
  /* 2 */ 'HOME = .',
  /* 3 */ '.include extra.cnf',
  /* 4 */ '',
  /* 5 */ '[ req ]',
  /* 6 */ 'distinguished_name = dn',
  /* 7 */ 'req_extensions = v3_req',
  /* 8 */ '',
  /* 9 */ '# describes v3_req',
  /* 10 */ '[ v3_req ]',
  /* 11 */ 'keyUsage = critical, digitalSignature',
  /* 12 */ 'other::x = 1',
  /* 13 */ '.pragma dollarid:on',
  /* 14 */ '[ empty ]',
  /* 15 */ '[ req ]',
  /* 16 */ 'prompt = no',
  /* 17 */ ' = empty name',
].join('\n');

const lines = new LineIndex(text);
const line = (o: number): number => lines.positionAt(o).line;

test('document symbols: sections (as written, re-opened ones twice) with keys, includes and pragmas', () => {
  const syms = documentSymbols(parseCnf(text), (name) => (name === 'req' ? 'openssl req settings' : undefined));
  assert.deepEqual(syms.map((s) => `${s.kind}:${s.name}`), ['key:HOME', 'include:.include extra.cnf', 'section:req', 'section:v3_req', 'section:empty', 'section:req']);
  const req = syms[2]!;
  assert.equal(req.detail, 'openssl req settings');
  assert.deepEqual(req.children!.map((c) => c.name), ['distinguished_name', 'req_extensions']);
  assert.equal(req.children![1]!.detail, 'v3_req');
  assert.equal(line(req.start), 5);
  assert.equal(line(req.end), 7);
  assert.equal(text.slice(req.selectionStart, req.selectionEnd), 'req');
  const v3 = syms[3]!;
  assert.deepEqual(v3.children!.map((c) => `${c.kind}:${c.name}`), ['key:keyUsage', 'key:other::x', 'pragma:.pragma dollarid:on']);
  assert.equal(text.slice(v3.children![0]!.selectionStart, v3.children![0]!.selectionEnd), 'keyUsage');
  assert.deepEqual(syms[4]!.children, []);
  // Editors reject empty names.
  assert.equal(syms[5]!.children![1]!.name, '(empty name)');
  for (const s of syms) {
    assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, s.name);
    for (const c of s.children ?? []) assert.ok(s.start <= c.start && c.end <= s.end, `${s.name}/${c.name}`);
  }
});

test('folding: a range per non-empty section up to its last statement, and comment runs', () => {
  const folds = foldingRanges(parseCnf(text)).map((f) => `${f.kind ?? 'section'}:${line(f.start)}-${line(f.end)}`);
  assert.deepEqual(folds.sort(), ['comment:0-1', 'section:10-13', 'section:15-17', 'section:5-7'].sort());
});

test('folding and symbols never throw on broken input', () => {
  for (const t of ['[', '[ a', '=', 'x', '[ a ]\n\\', '# c \\\nx = 1', '\ufeff[ a ]\r\nk = v\r\n', '']) {
    const d = parseCnf(t);
    documentSymbols(d);
    foldingRanges(d);
  }
});
