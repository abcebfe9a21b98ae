/** CNF-064: an unset $ENV:: variable is reported once per variable, on its first use (issue #10 point 7). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './helpers';

test('CNF-064 once per variable, on its first use, counting the others', () => {
  const f = lint('a = $ENV::FOO\nb = $ENV::FOO/x\nc = $ENV::BAR\n[ req ]\nd = $ENV::FOO\n', { vars: {} }).filter((x) => x.code === 'CNF-064');
  assert.deepEqual(f.map((x) => `${x.line}:${x.severity}`), ['1:warning', '3:warning']);
  assert.match(f[0]!.message, /FOO .*\(2 more uses of FOO in this file\.\)/);
  assert.doesNotMatch(f[1]!.message, /more use/);
  assert.deepEqual(lint('a = $ENV::FOO\n', { vars: { FOO: 'x' } }).filter((x) => x.code === 'CNF-064'), []);
});
