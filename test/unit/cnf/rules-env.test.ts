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

// Public configs fill SANs and usages from the environment (devent/ca_make kubernetes_ca/openssl_worker.cnf:
// `IP.1 = $ENV::WORKER_IP`). OpenSSL stops at the unset variable while loading; the values it never
// expanded, and those that read them, get no value check of their own.
test('a value an unset environment variable leaves unexpanded, or one that reads it, gets no value check', () => {
  const req = '[ req ]\ndistinguished_name = dn\nreq_extensions = v3\n[ dn ]\n[ v3 ]\n';
  const codes = (text: string, vars: Record<string, string> = {}): string[] => lint(text, { vars }).map((x) => `${x.line}:${x.code}`);
  // In a SAN section: the unset IP is not also a "bad ip address"; the other entries are still checked.
  assert.deepEqual(codes(`${req}subjectAltName = @alt\n[ alt ]\nIP.1 = $ENV::IP_X\nIP.2 = 10.0.0.300\n`), ['8:CNF-064', '9:X509-SAN-3']);
  // Through a variable of the file, and a list written in the value itself.
  assert.deepEqual(codes(`SAN = $ENV::SAN\nA = \${SAN}x\n${req}subjectAltName = $SAN\nbasicConstraints = $A\n`), ['1:CNF-064']);
  // Set, the values are checked as they expand.
  assert.deepEqual(codes(`${req}subjectAltName = @alt\n[ alt ]\nIP.1 = $ENV::IP_X\n`, { IP_X: 'nope' }), ['8:X509-SAN-3']);
  assert.deepEqual(codes(`SAN = $ENV::SAN\n${req}subjectAltName = $SAN\n`, { SAN: 'DNS:a,,DNS:b' }), ['7:X509-EXT-3']);
});
