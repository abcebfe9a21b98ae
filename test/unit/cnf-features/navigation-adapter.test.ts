/**
 * The LSP adapter's navigation across `.include` (server/src/features/cnf.ts) over an
 * in-memory file system: locations in included files get the file's URI and
 * positions computed on that file's text (CRLF lines, UTF-16 characters), from
 * saved and unsaved documents; a watched change of an included file is picked up.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as lsp from 'vscode-languageserver';
import { cnfFeature, forgetCnfDocument } from '../../../server/src/features/cnf';
import type { FeatureContext } from '../../../server/src/features/feature';
import { memoryFileSystem } from '../../../server/src/core/environment';

const files: Record<string, string> = {
  // CRLF line ends, and a character outside the BMP (2 UTF-16 units) before a reference.
  '/etc/pki/ext.cnf': '# ext\r\n[ v3_req ]\r\nsubjectAltName = @alt_names\r\nnsComment = \u{1F512} $ROOT\r\n',
};
const ctx = {
  env: { fs: memoryFileSystem(files), getEnv: () => undefined, cwd: () => '/etc/pki', now: () => new Date(0) },
} as unknown as FeatureContext;

const text = '.include /etc/pki/ext.cnf\n[ req ]\nreq_extensions = v3_req\n[ alt_names ]\nDNS.1 = a\n';

async function definition(doc: TextDocument, line: number, character: number): Promise<lsp.Location[]> {
  return (await cnfFeature.definition!(doc, { textDocument: { uri: doc.uri }, position: { line, character } }, ctx)) as lsp.Location[];
}
async function references(doc: TextDocument, line: number, character: number): Promise<lsp.Location[]> {
  return (await cnfFeature.references!(doc, { textDocument: { uri: doc.uri }, position: { line, character }, context: { includeDeclaration: true } }, ctx)) as lsp.Location[];
}
const range = (line: number, a: number, b: number): lsp.Range => ({ start: { line, character: a }, end: { line, character: b } });

test('definition into an included file: its file URI, line and UTF-16 character positions', async () => {
  const doc = TextDocument.create('file:///work/adapter-nav.cnf', 'openssl-conf', 1, text);
  assert.deepEqual(await definition(doc, 2, 19), [{ uri: 'file:///etc/pki/ext.cnf', range: range(1, 2, 8) }]);
  assert.deepEqual(await definition(doc, 0, 12), [{ uri: 'file:///etc/pki/ext.cnf', range: range(0, 0, 0) }]);
  forgetCnfDocument(doc.uri);
});

test('references across both files, this document first', async () => {
  const doc = TextDocument.create('file:///work/adapter-nav2.cnf', 'openssl-conf', 1, text);
  assert.deepEqual(await references(doc, 3, 4), [
    { uri: doc.uri, range: range(3, 2, 11) },
    { uri: 'file:///etc/pki/ext.cnf', range: range(2, 18, 27) },
  ]);
  const vars = TextDocument.create('file:///work/adapter-nav2b.cnf', 'openssl-conf', 1, `ROOT = /r\n${text}`);
  assert.deepEqual(await references(vars, 0, 1), [
    { uri: vars.uri, range: range(0, 0, 4) },
    { uri: 'file:///etc/pki/ext.cnf', range: range(3, 15, 20) },
  ]);
  forgetCnfDocument(vars.uri);
  forgetCnfDocument(doc.uri);
});

test('an unsaved document navigates into a file it includes by absolute path', async () => {
  const doc = TextDocument.create('untitled:Untitled-1', 'openssl-conf', 1, text);
  const defs = await definition(doc, 2, 19);
  assert.deepEqual(defs.map((d) => d.uri), ['file:///etc/pki/ext.cnf']);
  const refs = await references(doc, 2, 19);
  assert.deepEqual(refs.map((r) => r.uri), ['untitled:Untitled-1', 'file:///etc/pki/ext.cnf']);
  forgetCnfDocument(doc.uri);
});

test('a watched change of the included file drops the cached model', async () => {
  const doc = TextDocument.create('file:///work/adapter-nav3.cnf', 'openssl-conf', 1, text);
  assert.equal((await definition(doc, 2, 19))[0]!.range.start.line, 1);
  const before = files['/etc/pki/ext.cnf']!;
  try {
    files['/etc/pki/ext.cnf'] = `\n\n${before}`;
    // Unrelated change: the cached model (and its old text of ext.cnf) is kept.
    cnfFeature.onWatchedFilesChanged!([{ uri: 'file:///etc/pki/other.cnf', type: 2 }], ctx);
    assert.equal((await definition(doc, 2, 19))[0]!.range.start.line, 1);
    cnfFeature.onWatchedFilesChanged!([{ uri: 'file:///etc/pki/ext.cnf', type: 2 }], ctx);
    assert.equal((await definition(doc, 2, 19))[0]!.range.start.line, 3);
  } finally {
    files['/etc/pki/ext.cnf'] = before;
    forgetCnfDocument(doc.uri);
  }
});

test('a file added to an included directory drops the cached model', async () => {
  const dirText = '.include /etc/pki/conf.d\n[ req ]\nreq_extensions = later\n';
  files['/etc/pki/conf.d/00-first.cnf'] = '[ first ]\n';
  const doc = TextDocument.create('file:///work/adapter-nav4.cnf', 'openssl-conf', 1, dirText);
  try {
    assert.deepEqual(await definition(doc, 2, 18), []);
    files['/etc/pki/conf.d/10-later.cnf'] = '[ later ]\nbasicConstraints = CA:FALSE\n';
    cnfFeature.onWatchedFilesChanged!([{ uri: 'file:///etc/pki/conf.d/10-later.cnf', type: 1 }], ctx);
    assert.deepEqual(await definition(doc, 2, 18), [{ uri: 'file:///etc/pki/conf.d/10-later.cnf', range: range(0, 2, 7) }]);
  } finally {
    delete files['/etc/pki/conf.d/00-first.cnf'];
    delete files['/etc/pki/conf.d/10-later.cnf'];
    forgetCnfDocument(doc.uri);
  }
});
