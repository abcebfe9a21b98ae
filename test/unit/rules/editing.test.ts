import { test } from 'node:test';
import assert from 'node:assert/strict';
import { softenWhileTyping } from '../../../server/src/core/rules/editing';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';

const head = '[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = v3\n[ dn ]\nCN = x\n[ v3 ]\n';

function typed(line: string, caretAtEnd = true, after = ''): Array<[string, string]> {
  clearCnfCache();
  const text = head + line + after;
  const findings = analyzeCnf(text, { path: '/t/openssl.cnf' }).findings;
  const caret = caretAtEnd ? head.length + line.length : head.length + 2;
  return softenWhileTyping(findings, text, caret).map((f) => [f.code, f.severity]);
}

test('an empty value or entry at the end of the line being typed is information, not an error', () => {
  assert.deepEqual(typed('extendedKeyUsage = '), [['X509-EXT-3', 'information']]);
  assert.deepEqual(typed('extendedKeyUsage ='), [['X509-EXT-3', 'information']]);
  assert.deepEqual(typed('extendedKeyUsage = serverAuth, '), [['X509-EXT-3', 'information']]);
  assert.deepEqual(typed('subjectAltName = DNS:'), [['X509-EXT-3', 'information']]);
  assert.deepEqual(typed('keyUs'), [['CNF-001', 'information']]);
});

test('the same text is an error once the caret is elsewhere, or the problem is not at the end of the line', () => {
  assert.deepEqual(typed('extendedKeyUsage = ', false), [['X509-EXT-3', 'error']]);
  assert.deepEqual(typed('extendedKeyUsage = ', true, '\nkeyUsage = digitalSignature\n').map(([c, s]) => `${c}:${s}`), ['X509-EXT-3:information']);
  assert.deepEqual(typed('extendedKeyUsage = ,serverAuth'), [['X509-EXT-3', 'error']], 'an empty entry before typed text is a real mistake');
  assert.deepEqual(typed('extendedKeyUsage = serverAut'), [['X509-EKU-1', 'error']], 'a wrong word is not unfinished');
  const text = `${head}extendedKeyUsage = \n`;
  clearCnfCache();
  assert.deepEqual(softenWhileTyping(analyzeCnf(text, { path: '/t/openssl.cnf' }).findings, text, undefined).map((f) => f.severity), ['error']);
});
