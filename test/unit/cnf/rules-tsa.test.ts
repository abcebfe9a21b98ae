/**
 * TSA-001..004 (rules/tsa.ts): what `openssl ts -reply` needs from its TSA settings. The
 * verdicts (which change fails ts -reply, which a flag replaces) are checked against OpenSSL
 * itself in test/peers/cnf-classes-openssl.test.ts; here the wording, the severities the
 * section's use decides, the fixes, and a value-heavy file staying linear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, lint } from './helpers';

const working = [
  'oid_section = oids',
  '[ oids ]',
  'tsa_policy1 = 1.2.3.4.1',
  '[ tsa ]',
  'default_tsa = tsa_config1',
  '[ tsa_config1 ]',
  'serial = tsaserial',
  'signer_cert = tsa.crt',
  'signer_key = tsa.key',
  'signer_digest = sha256',
  'default_policy = tsa_policy1',
  'digests = sha256, sha384',
  'ordering = no',
].join('\n');
const tsaCodes = (text: string): string[] => codes(text).filter((c) => c.includes('TSA-'));
const change = (from: string, to: string): string => {
  assert.ok(working.includes(from), from);
  return working.replace(from, to);
};

test('TSA: a working set-up has no finding', () => {
  assert.deepEqual(tsaCodes(working), []);
});

test('TSA-002: serial and digests, which no flag replaces, fail ts -reply in the default_tsa section; elsewhere a warning', () => {
  const f = lint(change('serial = tsaserial\n', '')).find((x) => x.code === 'TSA-002')!;
  assert.equal(f.severity, 'error');
  assert.equal(f.line, 6);
  assert.match(f.message, /^cannot find config variable tsa_config1::serial: openssl ts -reply needs serial \(no flag replaces it\)\.$/);
  // The same section, picked only by -section.
  const other = lint(change('default_tsa = tsa_config1', 'default_tsa = tsa_config1x').replace('digests = sha256, sha384\n', '')).find((x) => x.code === 'TSA-002')!;
  assert.equal(other.severity, 'warning');
  assert.match(other.message, /openssl ts -reply -section tsa_config1 needs digests/);
  // A stub default_tsa names (dir alone) is a leftover, not TSA settings: a warning.
  const stub = lint('[ tsa ]\ndefault_tsa = tsa_config1\n[ tsa_config1 ]\ndir = .\n').find((x) => x.code === 'TSA-002')!;
  assert.equal(stub.severity, 'warning');
});

test('TSA-002: keys a flag replaces are a note naming the flag (the pre-1.1.0 stock section lacks signer_digest)', () => {
  const f = lint(change('signer_digest = sha256\n', '').replace('signer_key = tsa.key\n', '')).find((x) => x.code === 'TSA-002')!;
  assert.equal(f.severity, 'information');
  assert.match(f.message, /needs signer_digest \(or -<digest>\) and signer_key \(or -inkey\)/);
  assert.match(f.message, /OpenSSL 1\.1\.0 made signer_digest required/);
  // A key in the default section is found (NCONF_get_string).
  assert.deepEqual(tsaCodes(`signer_digest = sha256\n${change('signer_digest = sha256\n', '')}`), []);
});

test('TSA-003: values ts -reply refuses, with the severity the key and the section decide', () => {
  const at = (text: string) => lint(text).filter((x) => x.code === 'TSA-003').map((x) => `${x.line}:${x.severity}`);
  assert.deepEqual(at(change('digests = sha256, sha384', 'digests = sha256, foo')), ['12:error']);
  assert.deepEqual(at(change('digests = sha256, sha384', 'digests = sha256 sha384')), ['12:error']);
  assert.deepEqual(at(change('digests = sha256, sha384', 'digests = SHA2-256, RSA-SHA1, 2.16.840.1.101.3.4.2.3, whirlpool')), []);
  assert.deepEqual(at(change('digests = sha256, sha384', 'digests = KECCAK-KMAC-128')), ['12:error']);
  // -<digest> and -tspolicy replace these two: a warning saying so.
  const md = lint(change('signer_digest = sha256', 'signer_digest = sha265')).find((x) => x.code === 'TSA-003')!;
  assert.equal(md.severity, 'warning');
  assert.match(md.message, /fails unless -<digest> is given\.$/);
  assert.deepEqual(at(change('default_policy = tsa_policy1', 'default_policy = tsa_policy9')), ['11:warning']);
  assert.deepEqual(at(change('default_policy = tsa_policy1', 'default_policy = 1.2.3')), []);
  assert.deepEqual(at(`${working}\nother_policies = 1.2.3, tsa_policy1, bogus`), ['14:error']);
  assert.deepEqual(at(`${working}\naccuracy = secs:1, Millisecs:500`), ['14:error']);
  assert.deepEqual(at(`${working}\naccuracy = secs:x`), []);
  assert.deepEqual(at(`${working}\nclock_precision_digits = 7`), ['14:error']);
  assert.deepEqual(at(`${working}\nclock_precision_digits = abc`), []);
  assert.deepEqual(at(`${working}\ness_cert_id_alg = sha1x`), ['14:error']);
  // A section only -section picks: a warning.
  assert.deepEqual(at(`${working}\n[ tsa_other ]\nsigner_cert = a\nsigner_key = b\nserial = s\ndefault_policy = 1.2\ndigests = foo`), ['19:warning']);
});

test('TSA-003: yes/no keys compare exactly; the fix writes the word meant', () => {
  const text = change('ordering = no', 'ordering = True');
  const f = lint(text).find((x) => x.code === 'TSA-003')!;
  assert.equal(f.severity, 'error');
  assert.match(f.message, /exactly 'yes' or 'no'/);
  assert.deepEqual(tsaCodes(applyFix(text, f.finding)), []);
  assert.ok(applyFix(text, f.finding).includes('ordering = yes'));
});

test('TSA-001: [ tsa ] without default_tsa or naming a missing section is a warning pointing at -section', () => {
  const none = lint(change('default_tsa = tsa_config1\n', '')).find((x) => x.code === 'TSA-001')!;
  assert.equal(none.severity, 'warning');
  assert.equal(none.line, 4);
  assert.match(none.message, /use openssl ts -reply -section tsa_config1\./);
  const typo = lint(change('default_tsa = tsa_config1', 'default_tsa = tsa_confg1')).find((x) => x.code === 'TSA-001')!;
  assert.equal(typo.line, 5);
  assert.deepEqual(tsaCodes(applyFix(change('default_tsa = tsa_config1', 'default_tsa = tsa_confg1'), typo.finding)), []);
});

test('TSA-004: a misspelt key is one warning, not also a missing one', () => {
  const text = change('signer_digest = sha256', 'signer_digst = sha256');
  assert.deepEqual(tsaCodes(text), ['10:TSA-004']);
  const f = lint(text).find((x) => x.code === 'TSA-004')!;
  assert.match(f.message, /openssl ts does not read 'signer_digst' — did you mean 'signer_digest'\?/);
  assert.deepEqual(tsaCodes(applyFix(text, f.finding)), []);
  // A key used as a $variable is not a typo.
  assert.deepEqual(tsaCodes(`${working}\nserials = x\nsigner_cert = $serials/tsa.crt`), []);
});

test('TSA: long lists are read once each (200,000 digests, 200,000 accuracy parts)', () => {
  const digests = Array.from({ length: 200_000 }, () => 'sha256').join(', ');
  assert.deepEqual(tsaCodes(change('digests = sha256, sha384', `digests = ${digests}, nope`)), ['12:TSA-003']);
  const acc = Array.from({ length: 200_000 }, () => 'secs:1').join(', ');
  assert.deepEqual(tsaCodes(`${working}\naccuracy = ${acc}`), []);
});
