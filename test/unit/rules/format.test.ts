import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDay, formatDn, formatInstant, roleName } from '../../../server/src/core/format';
import { formatDn as pkiFormatDn } from '../../../server/src/core/pki/parse';

test('one date format: UTC to the minute, no milliseconds, whatever the input form', () => {
  assert.equal(formatInstant(new Date('2026-12-05T23:46:29.000Z')), '2026-12-05 23:46 UTC');
  assert.equal(formatInstant('2026-12-05T23:46:29Z'), '2026-12-05 23:46 UTC');
  assert.equal(formatInstant(Date.UTC(2029, 2, 9, 23, 47, 29)), '2029-03-09 23:47 UTC');
  assert.equal(formatDay('2026-12-05T23:46:29Z'), '2026-12-05');
  assert.equal(formatInstant('not a date'), 'not a date');
});

test('one DN format, as openssl x509 -noout -subject prints it, from both certificate readers', () => {
  assert.equal(formatDn([[{ name: 'C', value: 'US' }], [{ name: 'O', value: 'Example, Inc.' }], [{ name: 'CN', value: 'Root' }, { name: 'OU', value: 'x' }]]), 'C = US, O = "Example, Inc.", CN = Root + OU = x');
  assert.equal(pkiFormatDn([{ type: 'C', value: 'US' }, { type: 'CN', value: 'Root' }]), 'C = US, CN = Root');
});

test('one role vocabulary', () => {
  assert.equal(roleName('node'), 'server and client');
  assert.equal(roleName('other'), 'end entity');
  assert.equal(roleName('ca'), 'root CA');
});
