/**
 * CA-001 / CA-008 (rules/caRequired.ts). Each case mirrors a run of
 * `openssl ca -config F -in req.csr -batch` on OpenSSL 3.0.19 with the key
 * deleted from a working file (messages quoted from those runs):
 * database → "variable lookup failed for CA_default::database" (no flag replaces it);
 * serial → "variable lookup failed for CA_default::serial" (rand_serial = yes in
 * the file spares it, the -rand_serial flag does not); new_certs_dir → "there needs
 * to be defined a directory for new certificate to be placed in" (-outdir);
 * certificate / private_key / policy / default_md → "variable lookup failed for
 * CA_default::<key>" (-cert / -keyfile / -policy / -md); default_days →
 * "cannot lookup how many days to certify for" (-days, -enddate, default_enddate);
 * -gencrl without default_crl_days → "cannot lookup how long until the next CRL is
 * issued"; keys in the default section are found; CockroachDB's ca.cnf signs with
 * -keyfile -cert -policy -outdir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCnf } from '../../../server/src/core/cnf';
import { caRequiredRules } from '../../../server/src/core/cnf/rules/caRequired';
import { FindingSink } from '../../../server/src/core/cnf/rules/util';
import { applyFix } from './helpers';
import { runModule, summary } from './moduleRunner';

const run = (text: string) => runModule(caRequiredRules, text);
const sum = (text: string) => summary(caRequiredRules, text);

const keys: Record<string, string> = {
  database: 'index.txt',
  new_certs_dir: '.',
  certificate: 'ca.crt',
  private_key: 'ca.key',
  serial: 'serial.txt',
  default_days: '30',
  default_md: 'sha256',
  policy: 'signing_policy',
};
/** A working CA file without the given keys ([ CA_default ] is on line 3). */
const ca = (drop: readonly string[] = [], extra = '') =>
  `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n${Object.entries(keys)
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k} = ${v}\n`)
    .join('')}${extra}[ signing_policy ]\norganizationName = supplied\ncommonName = optional\n`;

test('CA-001: a complete CA section raises nothing', () => {
  assert.deepEqual(sum(ca()), []);
});

test('CA-001 database missing: error with OpenSSL message on the section header', () => {
  const found = run(ca(['database']));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:error']);
  assert.equal(found[0]!.text, '[ CA_default ]');
  assert.match(found[0]!.message, /^variable lookup failed for CA_default::database: \[CA_default\] has no database/);
  assert.equal(found[0]!.finding.fixes, undefined, 'no obvious value for the index file');
});

test('CA-001 serial missing: error; rand_serial spares it; the fix adds rand_serial = yes', () => {
  const text = ca(['serial']);
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:error']);
  assert.match(found[0]!.message, /variable lookup failed for CA_default::serial/);
  assert.match(found[0]!.message, /rand_serial = yes/);
  const fixed = applyFix(text, found[0]!.finding);
  assert.match(fixed, /policy = signing_policy\nrand_serial = yes\n/);
  assert.deepEqual(sum(fixed), []);
  assert.deepEqual(sum(ca(['serial'], 'rand_serial = no\n')), [], 'any rand_serial value counts (ca.c only checks it is set)');
});

test('CA-001 keys a flag can replace are warnings naming the flag', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['new_certs_dir', /^there needs to be defined a directory for new certificate to be placed in/, /unless -outdir is given/],
    ['certificate', /^variable lookup failed for CA_default::certificate/, /unless -cert is given/],
    ['private_key', /^variable lookup failed for CA_default::private_key/, /unless -keyfile is given/],
    ['policy', /^variable lookup failed for CA_default::policy/, /unless -policy is given/],
    ['default_md', /^variable lookup failed for CA_default::default_md/, /unless -md is given \(or the CA key is Ed25519\/Ed448\)/],
    ['default_days', /^cannot lookup how many days to certify for/, /unless -days \/ -enddate is given/],
  ];
  for (const [key, message, flag] of cases) {
    const found = run(ca([key]));
    assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning'], key);
    assert.match(found[0]!.message, message, key);
    assert.match(found[0]!.message, flag, key);
  }
  assert.deepEqual(sum(ca(['default_days'], 'default_enddate = 301231000000Z\n')), []);
});

test('CA-001 fixes: default_md = sha256, default_days = 365, policy = the only policy section', () => {
  for (const [key, line] of [['default_md', 'default_md = sha256'], ['default_days', 'default_days = 365'], ['policy', 'policy = signing_policy']] as const) {
    const text = ca([key]);
    const [f] = run(text);
    const fixed = applyFix(text, f!.finding);
    assert.ok(fixed.includes(`\n${line}\n`), `${key}: ${fixed}`);
    assert.deepEqual(sum(fixed), [], key);
  }
});

test('CA-001 finds keys in the default section, as NCONF_get_string does', () => {
  assert.deepEqual(sum(`database = index.txt\nserial = serial.txt\n${ca(['database', 'serial'])}`), []);
});

test('CA-001 default_ca naming a missing section: keys from the default section, else reported on the value', () => {
  const defaults = Object.entries(keys).map(([k, v]) => `${k} = ${v}\n`).join('');
  assert.deepEqual(sum(`${defaults}[ ca ]\ndefault_ca = nosuch\n[ signing_policy ]\nO = supplied\n`), []);
  const found = run(`${defaults.replace('database = index.txt\n', '')}[ ca ]\ndefault_ca = nosuch\n`);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['9:CA-001:error']);
  assert.equal(found[0]!.text, 'nosuch');
  assert.match(found[0]!.message, /variable lookup failed for nosuch::database/);
});

test('CA-001 [ ca ] without default_ca: warning unless -name, fix names the CA section', () => {
  const text = ca().replace('default_ca = CA_default\n', '');
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['1:CA-001:warning']);
  assert.match(found[0]!.message, /^variable lookup failed for ca::default_ca/);
  assert.match(found[0]!.message, /-name/);
  assert.deepEqual(sum(applyFix(text, found[0]!.finding)), []);
  // CA sections for -name only (no [ ca ] at all, as postgres's cas.config): nothing to say.
  assert.deepEqual(sum(ca().replace('[ ca ]\ndefault_ca = CA_default\n', '')), []);
});

test('CA-001 -gencrl: default_crl_days checked only for sections set up for CRLs', () => {
  const found = run(ca([], 'crlnumber = crlnumber\n'));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning']);
  assert.match(found[0]!.message, /^cannot lookup how long until the next CRL is issued/);
  assert.match(found[0]!.message, /-gencrl/);
  assert.deepEqual(sum(ca([], 'crlnumber = crlnumber\ndefault_crl_hours = 12\n')), []);
});

/** CockroachDB's documented ca.cnf (create-security-certificates-openssl), as a shared fixture. */
const cockroachCa = readFileSync(join(__dirname, '../../fixtures/cnf/cockroach-ca.cnf'), 'utf8');

test('CA-008: CockroachDB ca.cnf gets one information note listing the flags, no error or warning', () => {
  const found = run(cockroachCa);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['4:CA-008:information']);
  assert.match(found[0]!.message, /CockroachDB's documented ca\.cnf/);
  assert.match(found[0]!.message, /new_certs_dir, certificate, private_key and policy/);
  assert.match(found[0]!.message, /-outdir <dir> -cert <ca\.crt> -keyfile <ca\.key> -policy <policy section>/);
  assert.match(found[0]!.message, /variable lookup failed for CA_default::private_key/);
  // Without the recipe's database, that is still an error: no flag replaces it.
  assert.deepEqual(sum(cockroachCa.replace('database = index.txt\n', '')).sort(), ['4:CA-001:error', '4:CA-008:information']);
  // In the recipe, a partial omission is still the command-line profile.
  assert.deepEqual(sum(cockroachCa.replace('[ CA_default ]\n', '[ CA_default ]\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\n')), ['4:CA-008:information']);
});

test('CA-008 outside the recipe: all four left to the command line is the same profile; one of them alone is a warning', () => {
  const found = run(ca(['new_certs_dir', 'certificate', 'private_key', 'policy']));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-008:information']);
  assert.doesNotMatch(found[0]!.message, /CockroachDB/);
  assert.deepEqual(sum(ca(['certificate', 'private_key'])), ['3:CA-001:warning', '3:CA-001:warning']);
});

test('CA-001 default_ca naming a section that is not CA settings: only the keys no flag replaces, on the default_ca value', () => {
  const text = `[ ca ]\ndefault_ca = signing_policy\n${ca().slice(ca().indexOf('[ CA_default ]'))}`;
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CA-001:error', '2:CA-001:error']);
  assert.ok(found.every((f) => f.text === 'signing_policy'));
  assert.match(found[0]!.message, /^variable lookup failed for signing_policy::database/);
  assert.match(found[1]!.message, /^variable lookup failed for signing_policy::serial/);
  assert.match(found[0]!.message, /does default_ca name the right section\?/);
  const missingSection = run(`[ ca ]\ndefault_ca = ca_default\n${ca().slice(ca().indexOf('[ CA_default ]'))}`);
  assert.deepEqual(missingSection.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CA-001:error', '2:CA-001:error']);
  assert.match(missingSection[0]!.message, /There is no section \[ca_default\] \(section names are case-sensitive\)/);
});

test('CA-001 does not repeat a lookup failure an earlier rule reported', () => {
  const text = ca(['database']);
  const sink = new FindingSink();
  sink.add('CA-001', 'error', 0, 1, 'variable lookup failed for CA_default::database: reported by commands.ts');
  caRequiredRules(analyzeCnf(text, { path: '/test/dedupe.cnf' }).model, sink);
  assert.equal(sink.findings.length, 1);
});

test('CA-001 a section set up only for CRLs / revocation is not asked for signing keys', () => {
  // openssl ca -gencrl / -revoke with -keyfile and -cert work on this (checked with openssl 3.0.19).
  const crlOnly = '[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n';
  const found = run(crlOnly);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning', '3:CA-001:warning']);
  assert.deepEqual(found.map((f) => /for d::(\w+)/.exec(f.message)?.[1]), ['private_key', 'certificate']);
  assert.match(found[0]!.message, /signing, -gencrl and -revoke alike/);
  // Neither signing nor CRL keys: serial is only a warning (-revoke works without it); database stays an error.
  const bare = run('[ ca ]\ndefault_ca = d\n[ d ]\ndefault_md = sha256\nunique_subject = no\n');
  const serial = bare.find((f) => f.message.includes('d::serial'))!;
  assert.equal(serial.severity, 'warning');
  assert.match(serial.message, /-gencrl and -revoke do without it/);
  assert.equal(bare.find((f) => f.message.includes('d::database'))!.severity, 'error');
});
