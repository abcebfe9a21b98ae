/**
 * CA-001 / CA-008 (rules/caRequired.ts). One rule: an error only where every
 * use of the section with openssl ca fails (the section default_ca names, set up
 * as a CA, lacking database, or lacking serial when set up for signing); else
 * one warning per section naming what signing / -gencrl still need and the
 * flag for each; default_ca that names nothing usable is a warning (-name
 * replaces it, as mosquitto's and the issue's multi-CA files use). Each case mirrors a run of
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
import { commandUsesOf } from '../../../server/src/core/cnf/commandUse';
import { errors, lint } from './helpers';

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

test('CA-001 database missing in the section default_ca names: error with OpenSSL message on the section header', () => {
  const found = run(ca(['database']));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:error']);
  assert.equal(found[0]!.text, '[ CA_default ]');
  assert.match(found[0]!.message, /^variable lookup failed for CA_default::database: \[CA_default\], which default_ca names, has no database/);
  assert.match(found[0]!.message, /no flag replaces it/);
  assert.equal(found[0]!.finding.fixes, undefined, 'no obvious value for the index file');
});

test('CA-001 serial missing in a section set up for signing: error; rand_serial spares it; the fix adds rand_serial = yes', () => {
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

test('CA-001 keys a flag can replace: one warning per section naming each key with its flag', () => {
  const cases: [string, RegExp][] = [
    ['new_certs_dir', /signing needs new_certs_dir \(or -outdir\)/],
    ['certificate', /every openssl ca command needs certificate \(or -cert\)/],
    ['private_key', /every openssl ca command needs private_key \(or -keyfile\)/],
    ['policy', /signing needs policy \(or -policy\)/],
    ['default_md', /every openssl ca command needs default_md \(or -md\).*Ed25519\/Ed448/],
    ['default_days', /signing needs default_days or default_enddate \(or -days \/ -enddate\)/],
  ];
  for (const [key, message] of cases) {
    const found = run(ca([key]));
    assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning'], key);
    assert.match(found[0]!.message, message, key);
  }
  assert.deepEqual(sum(ca(['default_days'], 'default_enddate = 301231000000Z\n')), []);
  // Several keys missing: still one warning for the section, listing them all.
  const many = run(ca(['certificate', 'private_key', 'policy', 'default_days']));
  assert.deepEqual(many.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning']);
  assert.match(many[0]!.message, /private_key \(or -keyfile\) and certificate \(or -cert\); signing also needs policy \(or -policy\) and default_days/);
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

test('CA-001 default_ca naming a missing section: a warning on the value naming the sections -name can pick', () => {
  // The issue's case: openssl ca -config f -name CA_root -batch -in leaf.csr succeeds (OpenSSL 3.0.19).
  const issue = '[ ca ]\ndefault_ca = CA_default\n[ CA_root ]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 365\npolicy = policy_any\n[ policy_any ]\ncommonName = supplied\n';
  const found = run(issue);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CA-001:warning']);
  assert.equal(found[0]!.text, 'CA_default');
  assert.match(found[0]!.message, /openssl ca without -name fails/);
  assert.match(found[0]!.message, /use openssl ca -name CA_root/);
  // No CA settings anywhere (a file for req and x509 -extfile only): still a warning, said so.
  const none = run('default_ca = ca\n[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n');
  assert.deepEqual(none.map((f) => `${f.line}:${f.code}:${f.severity}`), ['1:CA-001:warning']);
  assert.match(none[0]!.message, /not usable with openssl ca as it stands/);
  // With -name given (the command line known), the named section is the one in use: its gaps are errors.
  const named = analyzeCnf(issue.replace('serial = serial\n', ''), { path: '/test/named.cnf', commandLine: { ca: [{ name: 'CA_root', operation: 'sign' }] } });
  assert.ok(named.findings.some((f) => f.code === 'CA-001' && f.severity === 'error' && /CA_root::serial/.test(f.message)));
});

test('CA-001 [ ca ] without default_ca: warning unless -name, fix names the CA section; not for an extension section called [ ca ]', () => {
  const text = ca().replace('default_ca = CA_default\n', '');
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['1:CA-001:warning']);
  assert.match(found[0]!.message, /variable lookup failed for ca::default_ca/);
  assert.match(found[0]!.message, /-name CA_default/);
  assert.deepEqual(sum(applyFix(text, found[0]!.finding)), []);
  // CA sections for -name only (no [ ca ] at all, as postgres's cas.config): nothing to say.
  assert.deepEqual(sum(ca().replace('[ ca ]\ndefault_ca = CA_default\n', '')), []);
  // node's name-constraints.cnf: x509_extensions = ca.
  assert.deepEqual(sum('[ req ]\nprompt = no\ndistinguished_name = dn\nx509_extensions = ca\n[ dn ]\nCN = x\n[ ca ]\nbasicConstraints = critical,CA:TRUE\n'), []);
});

test('CA-001 -gencrl: default_crl_days asked only of sections set up for CRLs', () => {
  const found = run(ca([], 'crlnumber = crlnumber\n'));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning']);
  assert.match(found[0]!.message, /-gencrl needs default_crl_days or default_crl_hours \(or -crldays \/ -crlhours\)/);
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
  // Without the recipe's database, that is still an error: no flag replaces it.
  assert.deepEqual(sum(cockroachCa.replace('database = index.txt\n', '')).sort(), ['4:CA-001:error', '4:CA-008:information']);
  // In the recipe, a partial omission is still the command-line profile.
  assert.deepEqual(sum(cockroachCa.replace('[ CA_default ]\n', '[ CA_default ]\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\n')), ['4:CA-008:information']);
});

test('CA-008 outside the recipe: no CockroachDB note; the flags are part of the one CA-001 warning', () => {
  const found = run(ca(['new_certs_dir', 'certificate', 'private_key', 'policy']));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning']);
  assert.doesNotMatch(found[0]!.message, /CockroachDB/);
  assert.match(found[0]!.message, /-keyfile.*-cert.*-outdir.*-policy/);
});

test('CA-001 default_ca naming a section that is not CA settings: a warning on the value, naming the CA section', () => {
  const text = `[ ca ]\ndefault_ca = signing_policy\n${ca().slice(ca().indexOf('[ CA_default ]'))}`;
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CA-001:warning']);
  assert.equal(found[0]!.text, 'signing_policy');
  assert.match(found[0]!.message, /\[signing_policy\], which holds no CA settings/);
  assert.match(found[0]!.message, /-name CA_default/);
  const missingSection = run(`[ ca ]\ndefault_ca = ca_default\n${ca().slice(ca().indexOf('[ CA_default ]'))}`);
  assert.deepEqual(missingSection.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CA-001:warning']);
  assert.match(missingSection[0]!.message, /section names are case-sensitive/);
  assert.equal(missingSection[0]!.finding.fixes?.[0]?.title, "Change to 'CA_default'");
});

test('CA-001 does not repeat a lookup failure an earlier rule reported', () => {
  const text = ca(['database']);
  const sink = new FindingSink();
  sink.add('CA-001', 'error', 0, 1, 'variable lookup failed for CA_default::database: reported by commands.ts');
  caRequiredRules(analyzeCnf(text, { path: '/test/dedupe.cnf' }).model, sink);
  assert.equal(sink.findings.length, 1);
});

test('CA-001 a section set up only for CRLs / revocation: serial is one more thing signing needs (a warning), whatever default_days says', () => {
  // openssl ca -gencrl / -revoke with -keyfile and -cert work on these (checked with openssl 3.0.19, envoy's ca_cert.cfg).
  for (const extra of ['', 'default_days = 3650\n']) {
    const crlOnly = `[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n${extra}`;
    const found = run(crlOnly);
    assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning'], extra);
    assert.match(found[0]!.message, /every openssl ca command needs private_key \(or -keyfile\) and certificate \(or -cert\)/);
    assert.match(found[0]!.message, /serial or rand_serial \(no flag replaces it\)/);
  }
  // A one-key leftover (trafficserver: new_certs_dir = . only) in a file used with req: not a CA set-up, no error.
  const leftover = run('[ ca ]\ndefault_ca = d\n[ d ]\nnew_certs_dir = .\n');
  assert.deepEqual(leftover.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:CA-001:warning']);
  assert.match(leftover[0]!.message, /database \(no flag replaces it\)/);
});

test('CA-001 with openssl ca -selfsign: the request\'s own key signs, so certificate is not needed (ca.c reads it only with -spkac, -ss_cert or -gencrl)', () => {
  // notroj/neon test/makekeys.sh: ca -name neoncainit -selfsign from a section without certificate; OpenSSL 3.0.19 signs.
  const text = ca(['certificate', 'private_key']);
  const err = (...flags: string[]) => {
    const u = commandUsesOf(['openssl', 'ca', '-config', 'f.cnf', '-batch', ...flags]);
    assert.ok(!('error' in u));
    return errors(text, { commandLine: u.find((x) => x.file === 'f.cnf')!.use }).filter((e) => e.endsWith('CA-001'));
  };
  assert.deepEqual(err('-selfsign', '-in', 'r.csr', '-keyfile', 'k.pem'), []);
  assert.deepEqual(err('-in', 'r.csr', '-keyfile', 'k.pem'), ['3:CA-001']);
  assert.deepEqual(err('-selfsign', '-ss_cert', 'c.pem', '-keyfile', 'k.pem'), ['3:CA-001']);
  assert.deepEqual(err('-selfsign', '-gencrl', '-keyfile', 'k.pem', '-crldays', '1'), ['3:CA-001']);
});

test('req keys in the section default_ca names are keys openssl ca does not read (CA-009), not a req section whose extension section is missing', () => {
  // davewasmer/devcert domain-certificates.conf: prompt, utf8 and req_extensions = req_extensions copied into [ devcert_ca ];
  // OpenSSL 3.0.19 openssl ca signs with the filled-in template, openssl req never reads that section.
  const text = ca([], 'prompt = no\nreq_extensions = req_extensions\n');
  assert.deepEqual(errors(text), []);
  assert.ok(lint(text).some((f) => f.code === 'CA-009' && f.line === 13), JSON.stringify(lint(text).map((f) => `${f.line}:${f.code}`)));
  // A section of its own with the same keys is still one openssl req -section can use.
  assert.deepEqual(errors(`${ca()}[ other_req ]\nprompt = no\nreq_extensions = nosuch\n`), ['17:REQ-010']);
});
