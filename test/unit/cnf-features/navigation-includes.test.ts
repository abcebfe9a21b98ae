/**
 * Go to definition and find references across `.include`: definitions and uses
 * written in included files come back as locations in those files, with offsets
 * in the text the loader read (FeatureModel.textOf). Files live in an in-memory fs.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeCnf } from '../../../server/src/core/cnf/analyze';
import { buildFeatureModel, type FeatureModel } from '../../../server/src/core/cnf/featureModel';
import { definitionAt, referencesAt, type CnfLocation } from '../../../server/src/core/cnf/navigation';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { offsetOf } from './helpers';

const common = [
  'dir = $ROOT/ca', //
  '[ v3_req ]',
  'subjectAltName = @alt_names',
  'keyUsage = digitalSignature',
  '[ CA_default ]',
  'database = $dir/index.txt',
  '.include deep.cnf',
  '',
].join('\n');
const deep = '[ deep_ext ]\nbasicConstraints = CA:FALSE\nnsComment = $CA_default::database\n';
const files: Record<string, string> = {
  '/etc/ssl/common.cnf': common,
  '/etc/ssl/deep.cnf': deep,
  '/etc/ssl/conf.d/10-a.cnf': '[ from_a ]\nx = $ROOT\n',
  '/etc/ssl/conf.d/20-b.conf': '[ from_b ]\ny = 1\n',
  '/etc/ssl/conf.d/notes.txt': '[ ignored ]\n',
};
const env = { fs: memoryFileSystem(files), getEnv: () => undefined, cwd: () => '/etc/ssl' };

const text = [
  'ROOT = /srv', //
  '.include /etc/ssl/common.cnf',
  '.include conf.d',
  '[ req ]',
  'req_extensions = v3_req',
  'x509_extensions = deep_ext',
  'distinguished_name = from_b',
  '[ alt_names ]',
  'DNS.1 = a.example.com',
  '[ CA_default ]',
  'certs = $dir/certs',
  'crl = $CA_default::database',
  '',
].join('\n');

let n = 0;
function modelOf(doc: string): FeatureModel {
  return buildFeatureModel(analyzeCnf(doc, { path: `/work/nav-includes-${++n}.cnf`, env }));
}
const m = modelOf(text);

/** `file:text` of each location (this document as `.`), to check both the file and the offsets. */
function show(model: FeatureModel, doc: string, locs: readonly CnfLocation[]): string[] {
  return locs.map((l) => {
    const src = l.file === undefined ? doc : model.textOf(l.file);
    assert.ok(src !== undefined, `no text for ${l.file}`);
    return `${l.file ?? '.'}:${src.slice(l.start, l.end)}`;
  });
}

test('definition: a section-naming value goes to the header in the included file', () => {
  const defs = definitionAt(m, offsetOf(text, '= v3_req', 4));
  assert.deepEqual(show(m, text, defs), ['/etc/ssl/common.cnf:v3_req']);
  assert.equal(defs[0]!.start, offsetOf(common, '[ v3_req ]', 2));
});

test('definition: a section in a file included by an included file, and in a directory include', () => {
  assert.deepEqual(show(m, text, definitionAt(m, offsetOf(text, 'deep_ext', 2))), ['/etc/ssl/deep.cnf:deep_ext']);
  assert.deepEqual(show(m, text, definitionAt(m, offsetOf(text, '= from_b', 3))), ['/etc/ssl/conf.d/20-b.conf:from_b']);
});

test('definition: $var defined in an included file; a section opened there and re-opened here', () => {
  assert.deepEqual(show(m, text, definitionAt(m, offsetOf(text, '$dir', 2))), ['/etc/ssl/common.cnf:dir']);
  assert.deepEqual(show(m, text, definitionAt(m, offsetOf(text, '$CA_default::database', 16))), ['/etc/ssl/common.cnf:database']);
  // Both headers, in load order: the included file's comes first.
  assert.deepEqual(show(m, text, definitionAt(m, offsetOf(text, '$CA_default::database', 3))), ['/etc/ssl/common.cnf:CA_default', '.:CA_default']);
});

test('definition: an .include line opens the file, or every .cnf/.conf file of a directory', () => {
  assert.deepEqual(definitionAt(m, offsetOf(text, '/etc/ssl/common.cnf', 3)), [{ file: '/etc/ssl/common.cnf', start: 0, end: 0 }]);
  assert.deepEqual(
    definitionAt(m, offsetOf(text, 'conf.d', 2)).map((l) => l.file),
    ['/etc/ssl/conf.d/10-a.cnf', '/etc/ssl/conf.d/20-b.conf'],
  );
  const missing = modelOf('.include /etc/ssl/nothing.cnf\n');
  assert.deepEqual(definitionAt(missing, 12), []);
});

test('references: a section of this document used from an included file', () => {
  const refs = referencesAt(m, offsetOf(text, '[ alt_names ]', 3), true);
  assert.deepEqual(show(m, text, refs), ['.:alt_names', '/etc/ssl/common.cnf:alt_names']);
  assert.equal(refs[1]!.start, offsetOf(common, '@alt_names', 1));
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, '[ alt_names ]', 3), false)), ['/etc/ssl/common.cnf:alt_names']);
});

test('references: a section defined in an included file, from its use here', () => {
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, '= v3_req', 4), true)), ['.:v3_req', '/etc/ssl/common.cnf:v3_req']);
  // Uses everywhere: `$CA_default::` here, in deep.cnf; headers here and in common.cnf.
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, '[ CA_default ]', 3), true)), [
    '.:CA_default',
    '.:CA_default',
    '/etc/ssl/common.cnf:CA_default',
    '/etc/ssl/deep.cnf:CA_default',
  ]);
});

test('references: a variable of this document used in included files', () => {
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, 'ROOT = /srv', 1), true)), ['.:ROOT', '/etc/ssl/common.cnf:$ROOT', '/etc/ssl/conf.d/10-a.cnf:$ROOT']);
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, 'ROOT = /srv', 1), false)), ['/etc/ssl/common.cnf:$ROOT', '/etc/ssl/conf.d/10-a.cnf:$ROOT']);
});

test('references: a variable of an included file, from its use here', () => {
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, '$dir', 2), true)), ['.:$dir', '/etc/ssl/common.cnf:dir', '/etc/ssl/common.cnf:$dir']);
  assert.deepEqual(show(m, text, referencesAt(m, offsetOf(text, '$CA_default::database', 16), false)), ['.:$CA_default::database', '/etc/ssl/deep.cnf:$CA_default::database']);
});

test('references: a file included twice yields each place once', () => {
  const twice = 'ROOT = /r\n.include /etc/ssl/conf.d/10-a.cnf\n.include /etc/ssl/conf.d/10-a.cnf\n[ req ]\nreq_extensions = from_a\n';
  const mt = modelOf(twice);
  assert.equal(mt.sections.get('from_a')!.declarations.length, 2, 'the file is read twice');
  assert.deepEqual(show(mt, twice, definitionAt(mt, offsetOf(twice, '= from_a', 3))), ['/etc/ssl/conf.d/10-a.cnf:from_a']);
  assert.deepEqual(show(mt, twice, referencesAt(mt, offsetOf(twice, '= from_a', 3), true)), ['.:from_a', '/etc/ssl/conf.d/10-a.cnf:from_a']);
  assert.deepEqual(show(mt, twice, referencesAt(mt, 1, true)), ['.:ROOT', '/etc/ssl/conf.d/10-a.cnf:$ROOT']);
});

test('without a file system nothing is followed, and local navigation is unchanged', () => {
  const plain = buildFeatureModel(analyzeCnf(text, { path: '/work/nav-includes-nofs.cnf' }));
  assert.deepEqual(definitionAt(plain, offsetOf(text, '= v3_req', 4)), []);
  assert.deepEqual(show(plain, text, referencesAt(plain, offsetOf(text, '[ alt_names ]', 3), true)), ['.:alt_names']);
  assert.deepEqual(plain.includedRefs, []);
});
