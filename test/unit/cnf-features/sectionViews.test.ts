/**
 * The feature model's sections are built one at a time, when asked for (a hover after an
 * edit needs one section, not thousands): the same views, in the same order, as a full build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCnf } from '../../../server/src/core/cnf/analyze';
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
