/**
 * REQ-008 / REQ-014 / REQ-015 / REQ-016 (rules/reqDefaults.ts). The OpenSSL
 * behaviour each case stands for was checked with openssl 3.0.19:
 * - default_bits 256 / abc / 2k / -1 / 511: `openssl req -new -nodes` fails
 *   "Error setting keysize" + rsa_gen_set_params:key size too small; 512 and an
 *   overflowing number (falls back to 2048) work; `-key` / `-newkey ec` never read it.
 * - encrypt_key = yes, absent or `No`: ENCRYPTED PRIVATE KEY; `no`: plain;
 *   encrypt_rsa_key is read first.
 * - default_md sha1 / SHA-1: signs with SHA-1 (accepted); md5 works for RSA keys only.
 * - prompt-mode DN without commonName_default: `-batch` gives `C=AU, ST=Some-State,
 *   O=Internet Widgits Pty Ltd` for apps/openssl.cnf; no default at all fails
 *   "Error: No objects specified in config file"; a default in the default
 *   section or a `_value` counts. Only values that read as a subject (no spaces,
 *   no '(e.g. ...)') are reported: prompt texts are answered at the prompts or
 *   replaced by -subj, which is how such templates are used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { reqDefaultsRules } from '../../../server/src/core/cnf/rules/reqDefaults';
import { applyFix } from './helpers';
import { runModule, summary } from './moduleRunner';

const run = (text: string) => runModule(reqDefaultsRules, text);
const sum = (text: string) => summary(reqDefaultsRules, text);
const req = (extra: string) => `[ req ]\nprompt = no\ndistinguished_name = dn\n${extra}\n[ dn ]\nCN = x\n`;

test('REQ-014 default_bits below 512 is a warning on the value (only key generation from it fails), with a fix to 2048', () => {
  const text = req('default_bits = 256');
  const [f] = run(text);
  assert.equal(f?.code, 'REQ-014');
  assert.equal(f.severity, 'warning');
  assert.equal(f.line, 4);
  assert.equal(f.text, '256');
  assert.match(f.message, /-key and -newkey rsa:2048 do not read it/);
  assert.match(f.message, /^Error setting keysize: default_bits is 256, below the 512 bits/);
  assert.match(f.message, /key size too small/);
  const fixed = applyFix(text, f.finding);
  assert.match(fixed, /default_bits = 2048\n/);
  assert.deepEqual(sum(fixed), []);
});

test('REQ-014 reads the leading digits as OpenSSL does', () => {
  const abc = run(req('default_bits = abc'));
  assert.deepEqual(abc.map((f) => f.code), ['REQ-014']);
  assert.match(abc[0]!.message, /'abc' counts as 0/);
  assert.match(run(req('default_bits = 2k'))[0]!.message, /'2k' counts as 2/);
  assert.deepEqual(sum(req('default_bits = -1')), ['4:REQ-014:warning']);
  assert.deepEqual(sum(req('default_bits = 511')), ['4:REQ-014:warning']);
  const empty = run(req('default_bits ='));
  assert.deepEqual(empty.map((f) => f.code), ['REQ-014']);
  assert.equal(empty[0]!.text, 'default_bits =');
  for (const ok of ['512', '2048', '4096 # comment', '2048bits', '99999999999999999999999']) assert.deepEqual(sum(req(`default_bits = ${ok}`)), [], ok);
});

test('REQ-014 in the default section is reported once; in an included file not at all', () => {
  const text = 'default_bits = 128\n[ req ]\ndistinguished_name = dn\nprompt = no\n[ other ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
  assert.deepEqual(sum(text), ['1:REQ-014:warning']);
  const env = { fs: memoryFileSystem({ '/inc/bits.cnf': 'default_bits = 128\n' }), getEnv: () => undefined, cwd: () => '/' };
  assert.deepEqual(summary(reqDefaultsRules, `.include /inc/bits.cnf\n${req('')}`, { env }), []);
});

test('REQ-015 encrypt_key other than no: warning, fix to no', () => {
  const text = req('encrypt_key = yes');
  const [f] = run(text);
  assert.equal(f?.code, 'REQ-015');
  assert.equal(f.severity, 'warning');
  assert.equal(f.text, 'yes');
  assert.match(f.message, /PEM-encrypted/);
  assert.doesNotMatch(f.message, /Go|TiDB|CockroachDB/, 'no Go framing on a file unrelated to them');
  assert.match(run(`# CockroachDB node certificates\n${text}`)[0]!.message, /tls: failed to parse private key/);
  assert.deepEqual(sum(applyFix(text, f.finding)), []);
  assert.deepEqual(sum(req('encrypt_key = no')), []);
  assert.deepEqual(sum(req('')), [], 'absent: not reported (only an explicit value)');
  assert.deepEqual(sum(req('encrypt_key = No')), [], 'case-only: REQ-001 reports it');
});

test('REQ-015 encrypt_rsa_key is read first', () => {
  const both = run(req('encrypt_rsa_key = yes\nencrypt_key = no'));
  assert.deepEqual(both.map((f) => `${f.line}:${f.code}`), ['4:REQ-015']);
  assert.match(both[0]!.message, /encrypt_rsa_key is read first/);
  assert.deepEqual(sum(req('encrypt_rsa_key = no\nencrypt_key = yes')), []);
  assert.deepEqual(sum(`encrypt_key = true\n${req('')}`), ['1:REQ-015:warning']);
});

test('REQ-015 is not raised for a request that makes a CA (an encrypted CA key is deliberate)', () => {
  const ca = '[ req ]\nprompt = no\ndistinguished_name = dn\nx509_extensions = v3_ca\nencrypt_key = yes\n[ dn ]\nCN = ca\n[ v3_ca ]\nbasicConstraints = critical, CA:TRUE\n';
  assert.deepEqual(sum(ca), []);
  assert.deepEqual(sum(ca.replace('CA:TRUE', 'CA:FALSE')), ['5:REQ-015:warning']);
});

test('REQ-016 sha1 / md5 default_md: warning with a fix to sha256, for req and ca sections', () => {
  const text = req('default_md = sha1');
  const [f] = run(text);
  assert.equal(f?.code, 'REQ-016');
  assert.equal(f.severity, 'warning');
  assert.equal(f.text, 'sha1');
  assert.match(f.message, /signed with SHA-1/);
  assert.match(f.message, /current TLS verifiers/);
  assert.doesNotMatch(f.message, /TiDB|CockroachDB/);
  assert.match(run(`# TiDB DM certificates\n${text}`)[0]!.message, /insecure algorithm/);
  const fixed = applyFix(text, f.finding);
  assert.match(fixed, /default_md = sha256\n/);
  assert.deepEqual(sum(fixed), []);
  assert.deepEqual(sum(req('default_md = SHA-1')), ['4:REQ-016:warning']);
  assert.deepEqual(sum(req('default_md = ssl3-sha1')), ['4:REQ-016:warning']);
  for (const ok of ['sha256', 'SHA384', 'default', 'sha3-256']) assert.deepEqual(sum(req(`default_md = ${ok}`)), [], ok);
  const ca = run('[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = index.txt\ndefault_md = md5\n');
  assert.deepEqual(ca.map((x) => `${x.line}:${x.code}`), ['5:REQ-016']);
  assert.match(ca[0]!.message, /openssl ca issues/);
  assert.match(ca[0]!.message, /MD5/);
});

const promptDn = (fields: string, reqExtra = '') => `[ req ]\ndistinguished_name = req_dn\n${reqExtra}[ req_dn ]\n${fields}`;

test('REQ-008 prompt-mode DN: a commonName value that reads as a subject, without a default, gives no CN under -batch', () => {
  // A prompt text (the stock 'Common Name (e.g. server FQDN)') is for the prompts or -subj: nothing to say.
  assert.deepEqual(sum(promptDn('countryName = Country Name\ncountryName_default = AU\nO = Organization\nO_default = Acme\ncommonName = Common Name (e.g. server FQDN)\ncommonName_max = 64\n')), []);
  const text = promptDn('countryName = Country Name\ncountryName_default = AU\nO = Organization\nO_default = Acme\ncommonName = server.example.com\ncommonName_max = 64\n');
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['8:REQ-008:warning']);
  assert.equal(found[0]!.text, 'commonName');
  assert.match(found[0]!.message, /the subject becomes C=AU, O=Acme — without a CN/);
  assert.match(found[0]!.message, /commonName_default/);
});

test('REQ-008 does not fire when the CN has a default, a _value, a default-section default, or prompt = no', () => {
  assert.deepEqual(sum(promptDn('O = Org\nO_default = Acme\ncommonName = Common Name\ncommonName_default = server.example\n')), []);
  assert.deepEqual(sum(promptDn('O = Org\nO_default = Acme\nCN = Common Name\nCN_value = fixed\n')), []);
  assert.deepEqual(sum(`commonName_default = fromdefault\n${promptDn('O = Org\nO_default = Acme\ncommonName = Common Name\n')}`), []);
  assert.deepEqual(sum(promptDn('O = Org\nO_default = Acme\ncommonName = Common Name\n', 'prompt = no\n')), []);
  assert.deepEqual(sum(promptDn('O = Org\nO_default = Acme\n')), [], 'no CN field at all: the subject never has one, interactively either');
  assert.deepEqual(sum(promptDn('O = Org\nO_default = Acme\ncommonName = host1\ncommonName_default =\n')).length, 1, 'an empty default is no default');
});

test('REQ-008 with no defaults at all: -batch fails (No objects specified)', () => {
  assert.deepEqual(sum(promptDn('countryName = Country Name\ncommonName = Common Name\n')), [], 'all prompt texts: a template for the prompts or -subj');
  const found = run(promptDn('countryName = US\ncommonName = Common Name\n'));
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}`), ['5:REQ-008']);
  assert.match(found[0]!.message, /Error: No objects specified in config file/);
  assert.match(found[0]!.message, /set prompt = no/);
  // The values were meant as the subject: the fix adds prompt = no, after which nothing is left to say.
  const forgot = '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
  const [f] = run(forgot);
  assert.equal(f?.code, 'REQ-008');
  assert.equal(f.finding.fixes?.[0]?.title, "Add 'prompt = no' to [ req ] (the values become the subject)");
  const fixed = applyFix(forgot, f.finding);
  assert.equal(fixed, '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n');
  assert.deepEqual(sum(fixed), []);
  const noCn = run(promptDn('countryName = GB\n'));
  assert.deepEqual(noCn.map((f) => `${f.line}:${f.code}`), ['2:REQ-008'], 'reported on the distinguished_name value');
  assert.equal(noCn[0]!.text, 'req_dn');
});

test('REQ-008 handles numbered fields and short names', () => {
  assert.deepEqual(sum(promptDn('0.organizationName = Org\n0.organizationName_default = Acme\n1.commonName = CN\n')), ['6:REQ-008:warning']);
  assert.deepEqual(sum(promptDn('0.organizationName = Org\n0.organizationName_default = Acme\n1.commonName = Common Name\n')), []);
  assert.deepEqual(sum(promptDn('0.organizationName = Org\n0.organizationName_default = Acme\n1.commonName = CN\n1.commonName_default = x\n')), []);
});
