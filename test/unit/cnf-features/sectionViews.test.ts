/**
 * The feature model's sections are built one at a time, when asked for (a hover after an
 * edit needs one section, not thousands): the same views, in the same order, as a full build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCnf, forgetCnfAnalysis } from '../../../server/src/core/cnf/analyze';
import { noteRandomEdit } from '../cnf/helpers';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { buildFeatureModel } from '../../../server/src/core/cnf/featureModel';

test('sections asked for one by one are the views iteration gives, in load order, with their roles and entries', () => {
  const text = 'a = 1\n[ req ]\ndistinguished_name = dn\nx509_extensions = v3\n[ dn ]\nCN = x\n[ v3 ]\nsubjectAltName = @alt\n[ alt ]\nDNS.1 = h\n[ req ]\nprompt = no\n';
  const m = buildFeatureModel(analyzeCnf(text, { path: '/views/openssl.cnf' }));
  const alt = m.sections.get('alt');
  assert.ok(alt);
  assert.deepEqual([...m.sections.keys()], ['default', 'req', 'dn', 'v3', 'alt']);
  assert.equal([...m.sections.values()][4], alt);
  for (const [name, s] of m.sections) assert.equal(m.sections.get(name), s);
  assert.equal(m.sections.size, 5);
  assert.equal(m.sections.has('nope'), false);
  assert.equal(m.sections.get('nope'), undefined);
  assert.deepEqual(alt.roles, ['generalNames']);
  assert.deepEqual(m.sections.get('req')!.entries.map((e) => e.key), ['distinguished_name', 'x509_extensions', 'prompt']);
  assert.equal(m.sections.get('req')!.headers.length, 2);
});

const lineShapes = ['[ a ]', '[ b ]', '[ c_1 ]', '[ a ]', 'k = v', 'k = w', 'x = 1', 'b::y = 2', 'c_1::k = 3', '# note', '', 'bad line', 'v = a \\', '  b', '.include /fs/inc.cnf'];
const env = { fs: memoryFileSystem({ '/fs/inc.cnf': '[ inc ]\nik = 1\n[ a ]\nfrom = include\n' }), getEnv: () => undefined, cwd: () => '/fs' };

test('firstStartOf, made for every section at once, is each section view’s firstStart, after edits patched in place too', () => {
  let step = 0;
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...lineShapes), { minLength: 1, maxLength: 25 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 3 }), fc.constantFrom('a', 'b', '_1', ' ', '=', '[', ']', '\n', '', 'k = z\n', '[ b ]\n', '::')), { maxLength: 6 }),
      (lines, edits) => {
        const path = `/fs/first-${++step}.cnf`;
        let text = lines.join('\n') + '\n';
        try {
          const check = (): void => {
            const m = buildFeatureModel(analyzeCnf(text, { path, env }));
            for (const [name, s] of m.sections) assert.equal(m.firstStartOf(name), s.firstStart, name);
            assert.equal(m.firstStartOf('no_such_section'), Infinity);
          };
          check();
          for (const edit of edits) {
            text = noteRandomEdit(path, text, edit);
            check();
          }
        } finally {
          forgetCnfAnalysis(path);
        }
      },
    ),
    { numRuns: 300 },
  );
});
