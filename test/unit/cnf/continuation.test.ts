/**
 * Backslash continuation (parser.ts: pieces joined once per logical line, so a
 * long run is linear; bench/cnf-continuation.bench.ts measures it) and CNF-011
 * naming what cuts the value: '#' or a NUL byte (OpenSSL reads lines as C strings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { lint } from './helpers';

const value = (text: string, key = 'a'): string | undefined => {
  clearCnfCache();
  return analyzeCnf(text, { path: '/t/c.cnf', vars: {} }).config.sections.get('default')?.byKey.get(key)?.value;
};

test('continuation joins physical lines as OpenSSL does', () => {
  assert.equal(value('a = x\\\ny\n'), 'xy');
  assert.equal(value('a = x\\\n\\\ny\n'), 'xy', 'a line holding only a backslash continues again');
  assert.equal(value('a = x\\\n\ny = 1\n'), 'x', 'an empty line ends it');
  assert.equal(value('a = x\\\\\nb = 2\n'), 'x\\', 'two backslashes are an escaped backslash, not a continuation');
  assert.equal(value(`a = ${Array.from({ length: 5000 }, (_, i) => `p${i}`).join(' \\\n')}\n`)!.split(' ').length, 5000);
  // A value joined from several lines is reported from its first line (valueSpan covers the whole value).
  const f = lint('[ e ]\nkeyUsage = digitalSignature, \\\n  nosuchBit\n');
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}`), ['2:X509-KU-1']);
});

test('CNF-011 names the NUL byte, not a #', () => {
  const [nul] = lint('[ s ]\nkey = abc\0def\n');
  assert.equal(nul?.code, 'CNF-011');
  assert.match(nul!.message, /NUL byte/);
  assert.doesNotMatch(nul!.message, /'#'/);
  const [hash] = lint('[ s ]\nkey = abc#def\n');
  assert.match(hash!.message, /^'#' starts a comment/);
});
