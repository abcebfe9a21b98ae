/**
 * The feature model answers a reference at an offset, the section references and the uses
 * of a variable from the store's rows and the model's section references, without building
 * every reference: those answers must equal what the full, sorted `refs` list gives, on
 * random files and after edits (patched models keep their section references, moved).
 * Likewise the entry of an assignment, found by binary search over the entries' rows.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf/analyze';
import { noteEdits } from '../../../server/src/core/cnf/edits';
import { noteRandomEdit } from '../cnf/helpers';
import { buildFeatureModel, refAt, type FeatureEntry, type FeatureModel, type FeatureRef } from '../../../server/src/core/cnf/featureModel';
import { memoryFileSystem } from '../../../server/src/core/environment';

/** A reference in a comparable form (views read their target on demand). */
function shape(r: FeatureRef | undefined): unknown {
  if (!r) return undefined;
  if (r.kind === 'section') return { kind: r.kind, name: r.name, start: r.start, end: r.end, via: r.via };
  return { kind: r.kind, name: r.name, section: r.section, start: r.start, end: r.end, value: r.value, from: r.from, target: r.target && [r.target.section, r.target.key, r.target.node.key.start] };
}

/** The answers of the full list, as before the direct lookups. */
function fromList(model: FeatureModel, offset: number): unknown {
  return shape(refAt(model.refs, offset));
}

function usesFromList(model: FeatureModel, e: FeatureEntry): unknown {
  const same = (a: FeatureEntry | undefined): boolean => !!a && a.section === e.section && a.key === e.key && a.node.key.start === e.node.key.start && a.local === e.local;
  return [...model.refs.filter((r) => r.kind === 'variable' && same(r.target)).map((r) => ({ start: r.start, end: r.end })), ...model.includedRefs.filter((r) => r.kind === 'variable' && same(r.target)).map((r) => ({ file: r.file, start: r.start, end: r.end }))];
}

const lineShapes = [
  '[ req ]',
  '[ s ]',
  '[ alt ]',
  '[ v3 ]',
  '[ dn ]',
  'a = 1',
  'b = $a/x',
  'c = ${a}${b}',
  'd = $s::a$(a)',
  'e = $(default::a)',
  'f = $nope',
  'h = $ENV::HOME',
  'x = $a$b$c',
  'distinguished_name = dn',
  'distinguished_name = $a',
  'x509_extensions = ${b}',
  'req_extensions = v3',
  'subjectAltName = @alt',
  'authorityInfoAccess = caIssuers;dirName:dn',
  'DNS.1 = $a',
  's::a = 2',
  'v = a \\',
  '  $a \\',
  '  ${b}',
  '.pragma dollarid:on',
  'g$h = $a',
  '.include /inc.cnf',
  '# c $a',
  '',
];
const env = { fs: memoryFileSystem({ '/inc.cnf': '[ s ]\na = 3\nz = $a $s::a\n' }), getEnv: () => undefined, cwd: () => '/' };

function check(text: string, path: string, withEnv: boolean): void {
  const a = analyzeCnf(text, { path, ...(withEnv ? { env } : {}) });
  const direct = buildFeatureModel(a);
  const list = buildFeatureModel(a);
  for (let o = 0; o <= text.length; o++) assert.deepStrictEqual(shape(direct.refAt(o)), fromList(list, o), `offset ${o}`);
  assert.deepStrictEqual(buildFeatureModel(a).sectionRefs.map(shape), list.refs.filter((r) => r.kind === 'section').map(shape));
  const fresh = buildFeatureModel(a);
  for (const r of list.refs) if (r.kind === 'variable' && r.target) assert.deepStrictEqual(fresh.variableUses(r.target), usesFromList(list, r.target));
}

test('references found directly equal those of the full list, on random files (with and without includes)', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...lineShapes), { maxLength: 30 }), fc.boolean(), (lines, withEnv) => {
      clearCnfCache();
      check(lines.join('\n') + '\n', '/r/openssl.cnf', withEnv);
    }),
    { numRuns: 300 },
  );
});

test('after edits (patched models, moved section references) references found directly equal those of the full list', () => {
  const ins = fc.constantFrom('x', '$a', '${b}', ' ', '', '\n', '[ t ]\n', '@alt', 'dn');
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...lineShapes.filter((l) => !l.startsWith('.include'))), { minLength: 3, maxLength: 30 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 3 }), ins), { minLength: 1, maxLength: 5 }), (lines, edits) => {
      clearCnfCache();
      const path = '/e/openssl.cnf';
      let text = lines.join('\n') + '\n';
      const first = buildFeatureModel(analyzeCnf(text, { path }));
      void first.sectionRefs;
      first.refAt(0);
      for (const edit of edits) {
        text = noteRandomEdit(path, text, edit);
        const m = buildFeatureModel(analyzeCnf(text, { path }));
        m.refAt(0);
        check(text, path, false);
      }
    }),
    { numRuns: 200 },
  );
});

test('the entry of an assignment found by row equals the one the store lists for that row', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...lineShapes), { maxLength: 30 }), fc.boolean(), (lines, withEnv) => {
      clearCnfCache();
      const a = analyzeCnf(lines.join('\n') + '\n', { path: '/r/openssl.cnf', ...(withEnv ? { env } : {}) });
      const m = buildFeatureModel(a);
      const { store } = a.config;
      for (const st of a.doc.statements) {
        if (st.kind !== 'assignment') continue;
        let want: number | undefined;
        for (let id = 0; id < store.entryCount; id++) if (store.docOf(id) === a.doc && store.entry(id).node === st) want = id;
        const got = m.entryOf.get(st);
        assert.deepStrictEqual(got && [got.section, got.key, got.node.start], want === undefined ? undefined : [store.entry(want).section, store.entry(want).key, st.start]);
      }
    }),
    { numRuns: 300 },
  );
});

test('section references made ahead a part at a time (idle slices) equal those made at once, and a patched model has them made', () => {
  clearCnfCache();
  const lines = ['[ s ]', 'a = 1', '[ dn ]', 'CN = x', '[ req ]', 'distinguished_name = dn'];
  for (let i = 0; i < 1500; i++) lines.push(`x${i} = $s::a`);
  lines.push('[ plain ]', 'k = v');
  const text = lines.join('\n') + '\n';
  const path = '/p/openssl.cnf';
  const stepped = buildFeatureModel(analyzeCnf(text, { path }));
  let calls = 1;
  while (!stepped.prepareSectionRefs(() => true)) calls++;
  assert.ok(calls >= 3, `made in parts (${calls} calls)`);
  clearCnfCache();
  const once = buildFeatureModel(analyzeCnf(text, { path }));
  assert.deepStrictEqual(stepped.sectionRefs.map(shape), once.sectionRefs.map(shape));
  assert.equal(stepped.sectionRefs.length, 1501, 'the $s:: references and the distinguished_name value');
  // An edit patched in place keeps the list (moved): nothing is left to make.
  const at = text.indexOf('k = v') + 5;
  const next = `${text.slice(0, at)}w${text.slice(at)}`;
  noteEdits(path, text, next, [{ start: at, end: at, length: 1 }]);
  const patched = buildFeatureModel(analyzeCnf(next, { path }));
  assert.equal(patched.prepareSectionRefs(() => true), true);
  check(next, path, false);
});
