import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { definitionAt, mostUsedTargets, ordered, referencesAt, referencesOf, targetKey, type CnfLocation } from '../../../server/src/core/cnf/navigation';
import { modelOf, offsetOf } from './helpers';

const cnf = `dir = /ca
[ req ]
distinguished_name = dn
req_extensions = v3
x509_extensions = v3
[ dn ]
CN = x
[ v3 ]
subjectAltName = @alt
issuerAltName = dirName:idn
[ alt ]
DNS.1 = a
dirName.1 = idn
[ idn ]
CN = issuer
[ CA_default ]
certs = $dir/certs
db = \${dir}/index
crl = $(dir)/crl
copy = $CA_default::certs
other::k = 1
[ dn ]
O = reopened
`;
const m = modelOf(cnf);
const texts = (spans: { start: number; end: number }[]): string[] => spans.map((s) => cnf.slice(s.start, s.end));

test('definition: @section, dirName:, section-naming values', () => {
  assert.deepEqual(texts(definitionAt(m, offsetOf(cnf, '@alt', 2))), ['alt']);
  assert.equal(definitionAt(m, offsetOf(cnf, '@alt', 2))[0]!.start, offsetOf(cnf, '[ alt ]', 2));
  assert.equal(definitionAt(m, offsetOf(cnf, 'dirName:idn', 9))[0]!.start, offsetOf(cnf, '[ idn ]', 2));
  assert.equal(definitionAt(m, offsetOf(cnf, 'dirName.1 = idn', 13))[0]!.start, offsetOf(cnf, '[ idn ]', 2));
  assert.equal(definitionAt(m, offsetOf(cnf, 'req_extensions = v3', 17))[0]!.start, offsetOf(cnf, '[ v3 ]', 2));
  // A re-opened section has two definitions.
  assert.deepEqual(definitionAt(m, offsetOf(cnf, '= dn', 2)).map((s) => s.start), [offsetOf(cnf, '[ dn ]', 2), offsetOf(cnf, '[ dn ]', 2, 2)]);
});

test('definition: every variable form, and $sect:: parts', () => {
  const dirKey = offsetOf(cnf, 'dir = /ca');
  for (const [needle, delta] of [['$dir', 2], ['${dir}', 3], ['$(dir)', 3]] as const) {
    assert.deepEqual(definitionAt(m, offsetOf(cnf, needle, delta)).map((s) => s.start), [dirKey], needle);
  }
  assert.equal(definitionAt(m, offsetOf(cnf, '$CA_default::certs', 15))[0]!.start, offsetOf(cnf, 'certs = $dir'));
  assert.equal(definitionAt(m, offsetOf(cnf, '$CA_default::certs', 3))[0]!.start, offsetOf(cnf, '[ CA_default ]', 2));
  assert.deepEqual(definitionAt(m, offsetOf(cnf, 'CN = x')), []);
});

test('references: a section from its header, from a use, with and without the declaration', () => {
  const fromHeader = referencesAt(m, offsetOf(cnf, '[ v3 ]', 3), false);
  assert.deepEqual(fromHeader.map((s) => s.start), [offsetOf(cnf, 'req_extensions = v3', 17), offsetOf(cnf, 'x509_extensions = v3', 18)]);
  const withDecl = referencesAt(m, offsetOf(cnf, 'x509_extensions = v3', 18), true);
  assert.equal(withDecl.length, 3);
  const idn = referencesAt(m, offsetOf(cnf, '[ idn ]', 3), false);
  assert.equal(idn.length, 2);
});

test('references: a variable from its definition and from a use', () => {
  const fromKey = referencesAt(m, offsetOf(cnf, 'dir = /ca', 1), true);
  assert.deepEqual(texts(fromKey), ['dir', '$dir', '${dir}', '$(dir)']);
  const fromUse = referencesAt(m, offsetOf(cnf, '${dir}', 3), false);
  assert.equal(fromUse.length, 3);
  assert.deepEqual(texts(referencesAt(m, offsetOf(cnf, 'certs = $dir', 1), true)), ['certs', '$CA_default::certs']);
  assert.deepEqual(referencesAt(m, offsetOf(cnf, 'CN = x', 3), true), []);
});

test('references of a variable used 200,000 times: every use, no stack overflow from spreading them', () => {
  const uses = 200_000;
  const lines = ['x = 1', '[ s ]'];
  for (let i = 0; i < uses; i++) lines.push(`k${i} = $x`);
  const text = `${lines.join('\n')}\n`;
  const refs = referencesAt(modelOf(text), offsetOf(text, 'x = 1'), true);
  assert.equal(refs.length, uses + 1);
});

test('ordered locations: the in-order shortcut gives what dropping repeats and sorting gives', () => {
  // The plain way: the first of each place kept, then this document first, files as first met, each by offset.
  const plain = (locs: readonly CnfLocation[]): CnfLocation[] => {
    const seen = new Set<string>();
    const out = locs.filter((l) => {
      const k = `${l.file ?? ''}|${l.start}|${l.end}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    const rank = new Map<string | undefined, number>([[undefined, -1]]);
    for (const l of out) if (!rank.has(l.file)) rank.set(l.file, rank.size);
    return out.sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.start - b.start);
  };
  const loc = fc.tuple(fc.constantFrom(undefined, undefined, undefined, '/a.cnf', '/b.cnf'), fc.nat({ max: 40 }), fc.nat({ max: 4 })).map(([file, start, len]) => (file === undefined ? { start, end: start + len } : { file, start, end: start + len }));
  // Often in file order already, in this document only (the shortcut's case), with or without a repeat.
  const inOrder = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 4 })), { maxLength: 30 }).map((steps) => {
    let at = 0;
    return steps.map(([gap, len]) => ({ start: (at += gap), end: at + len }));
  });
  fc.assert(
    fc.property(fc.oneof(fc.array(loc, { maxLength: 30 }), inOrder), (locs) => {
      assert.deepEqual(ordered(locs), plain(locs));
    }),
    { numRuns: 3000 },
  );
});

test('most-used names: counted from the store’s rows as from every reference, with references to match', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('base = x', 'k = $base', 'j = ${base}/$k', '[ s ]', '[ t ]', 'a = @s', 'dirName.1 = t', 'z = $(s::k)', 'n = $nowhere', ''), { maxLength: 40 }), fc.nat({ max: 4 }), (lines, min) => {
      const text = `${lines.join('\n')}\n`;
      const m = modelOf(text);
      const counted = (): string[] => m.mostUsed(min).map(({ target, uses }) => `${targetKey(typeof target === 'string' ? { kind: 'section', name: target } : { kind: 'variable', entry: target }, true)}=${uses}`);
      const fromRows = counted();
      // Once every reference is built, the model counts them instead.
      const fromRefs = (void m.refs, counted());
      assert.deepEqual([...fromRows].sort(), [...fromRefs].sort());
      for (const t of mostUsedTargets(m, min)) {
        const uses = referencesOf(m, t, false).length;
        assert.ok(uses >= Math.max(min, 1), `${targetKey(t, true)} used ${uses} times`);
      }
    }),
    { numRuns: 500 },
  );
});
