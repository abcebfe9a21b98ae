import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
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

test('symbols: a large file gives at most maxSymbols, every section header first, then statements in file order', () => {
  const big = Array.from({ length: 30 }, (_, s) => `[ s${s} ]\n${Array.from({ length: 10 }, (_, k) => `k${k} = v`).join('\n')}`).join('\n');
  const all = documentSymbols(parseCnf(big));
  assert.equal(all.length, 30);
  assert.equal(all.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0), 330);
  const bounded = documentSymbols(parseCnf(big), undefined, 100);
  assert.equal(bounded.length, 30, 'every section is listed');
  assert.equal(bounded.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0), 100);
  assert.deepEqual(bounded[0]!.children!.map((c) => c.name), all[0]!.children!.map((c) => c.name), 'the first sections keep their keys');
  assert.deepEqual(bounded.at(-1)!.children, []);
  assert.deepEqual(bounded[3], { ...all[3], children: all[3]!.children!.slice(0, 10) });
  const fewer = documentSymbols(parseCnf(big), undefined, 12);
  assert.deepEqual(fewer.map((s) => s.name), all.slice(0, 12).map((s) => s.name), 'more sections than room: the first ones');
});

/**
 * The outline as the statements' nodes give it (the specification the row-reading
 * documentSymbols must equal): sections as written with their statements, within the limit.
 */
function symbolsFromNodes(doc: ReturnType<typeof parseCnf>, limit: number): unknown[] {
  const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
  const sts = doc.statements;
  let room = Math.max(0, limit - sts.filter((s) => s.kind === 'section').length);
  let sectionsLeft = limit;
  const out: Record<string, unknown>[] = [];
  let children: unknown[] = out;
  for (let i = 0; i < sts.length; i++) {
    const st = sts[i]!;
    if (st.kind === 'section') {
      if (sectionsLeft-- <= 0) break;
      let last = i;
      while (last + 1 < sts.length && sts[last + 1]!.kind !== 'section') last++;
      children = [];
      out.push({ name: st.name.value || '(empty section name)', kind: 'section', start: st.start, end: Math.max(st.end, sts[last]!.end), selectionStart: st.name.start, selectionEnd: Math.max(st.name.end, st.name.start), children });
      continue;
    }
    if (room <= 0 || st.kind === 'error') continue;
    room--;
    if (st.kind === 'assignment') {
      const name = st.target ? `${st.target.value}::${st.key.value}` : st.key.value;
      children.push({ name: name || '(empty name)', detail: short(st.value.raw), kind: 'key', start: st.start, end: Math.max(st.end, st.value.end), selectionStart: st.target ? st.target.start : st.key.start, selectionEnd: st.key.end });
    } else if (st.kind === 'include') children.push({ name: `.include ${short(st.path.raw)}`.trimEnd(), kind: 'include', start: st.start, end: st.end, selectionStart: st.keyword.start, selectionEnd: st.keyword.end });
    else {
      const what = [st.name?.value, st.value?.value].filter((x) => x !== undefined).join(':');
      children.push({ name: `.pragma ${what}`.trimEnd(), kind: 'pragma', start: st.start, end: st.end, selectionStart: st.keyword.start, selectionEnd: st.keyword.end });
    }
  }
  return out;
}

test('symbols read from the rows equal the outline the statement nodes give, on random files and limits', () => {
  const lineShapes = ['[ req ]', '[s1]', '[ a\\]b ]x', '[]', '[ t', 'prompt = no', 'k = v # c', `long = ${'x'.repeat(70)}`, 'x = $k/y', 's1::k = 2', 'v = a \\', '  b \\', '.pragma dollarid:on', '.include = /x.cnf', 'bad line', '', ' = empty', 'a$b = 1'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...lineShapes), { maxLength: 40 }), fc.nat({ max: 30 }), (lines, limit) => {
      const doc = parseCnf(lines.join('\n'));
      assert.deepEqual(documentSymbols(doc, undefined, limit), symbolsFromNodes(doc, limit));
    }),
    { numRuns: 500 },
  );
});
