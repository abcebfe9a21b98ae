import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDay, formatDn, formatInstant, formatOnelineDn, roleName } from '../../../server/src/core/format';
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

test("index.txt's one-line names in the one DN format: what openssl x509 -subject prints for the same certificate", () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-oneline-'));
  try {
    const cert = join(dir, 'c.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', cert, '-days', '1', '-utf8', '-multivalue-rdn', '-subj', '/C=US/O=a\\/b\\+c, Inc./CN=x+UID=y/OU=é'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const subject = (...nameopt: string[]): string => spawnSync('openssl', ['x509', '-in', cert, '-noout', '-subject', ...nameopt], { encoding: 'utf8' }).stdout.trim().replace(/^subject=/, '');
    // -nameopt compat is X509_NAME_oneline, the form openssl ca writes into index.txt.
    const oneline = subject('-nameopt', 'compat');
    assert.equal(oneline, '/C=US/O=a\\/b\\+c, Inc./CN=x+UID=y/OU=\\xC3\\xA9');
    assert.equal(formatOnelineDn(oneline), subject('-nameopt', 'oneline,-esc_msb'));
    assert.equal(formatOnelineDn('not a name'), 'not a name');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
