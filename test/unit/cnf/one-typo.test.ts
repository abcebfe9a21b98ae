/**
 * One typo, one diagnostic: a misspelt name or a broken header is reported where
 * it is (or where OpenSSL fails because of it), and the rules that would report
 * its consequences elsewhere stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint } from './helpers';

const csr = ['[ req ]', 'prompt = no', 'distinguished_name = dn', 'req_extensions = v3_req', '', '[ dn ]', 'CN = node', '', '[ v3_req ]', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth', 'subjectAltName = @alt_names', '', '[ alt_names ]', 'DNS.1 = node1', ''].join('\n');
const ca = ['[ ca ]', 'default_ca = CA_default', '', '[ CA_default ]', 'dir = ./ca', 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts', 'certificate = $dir/ca.crt', 'private_key = $dir/ca.key', 'serial = $dir/serial', 'default_md = sha256', 'default_days = 365', 'policy = policy_any', 'x509_extensions = server_ext', '', '[ policy_any ]', 'commonName = supplied', '', '[ server_ext ]', 'basicConstraints = CA:FALSE', 'subjectAltName = @alt', '', '[ alt ]', 'DNS.1 = a', ''].join('\n');

const seen = (text: string): string[] => lint(text).map((f) => `${f.line}:${f.code}:${f.severity}`);
const typo = (text: string, from: string, to: string): string => {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
};

test('the two base files are clean', () => {
  assert.deepEqual(seen(csr), []);
  assert.deepEqual(seen(ca), []);
});

test('a misspelt names-section header: the missing @section, with the near miss, and no "unused section"', () => {
  const text = typo(csr, '[ alt_names ]', '[ alt_name ]');
  const found = lint(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['12:X509-EXT-4:error']);
  assert.match(found[0]!.message, /Did you mean \[alt_name\]\?/);
  assert.equal(found[0]!.finding.fixes?.[0]?.title, "Change to '@alt_name'");
  assert.deepEqual(seen(applyFix(text, found[0]!.finding)), []);
});

test('a misspelt extension name holding @section: the name, not also the section nothing uses', () => {
  assert.deepEqual(seen(typo(csr, 'subjectAltName = @alt_names', 'subjectAltNme = @alt_names')), ['12:X509-EXT-1:error']);
});

test('a misspelt req_extensions key: REQ-017, not also "subjectAltName in a section nothing uses"', () => {
  assert.deepEqual(seen(typo(csr, 'req_extensions = v3_req', 'req_extension = v3_req')), ['4:REQ-017:warning']);
});

test('a misspelt prompt key: REQ-017, not also the prompt-mode reading of the DN section', () => {
  assert.deepEqual(seen(typo(csr, 'prompt = no', 'promt = no')), ['2:REQ-017:warning']);
});

test('a key of the other command is not a typo: default_days in [ req ] says what openssl ca and req -x509 do, default_bits in a CA section names openssl req; no near miss offered', () => {
  const req = lint(typo(csr, 'prompt = no', 'prompt = no\ndefault_days = 365'));
  assert.deepEqual(req.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:REQ-017:warning']);
  assert.match(req[0]!.message, /setting of openssl ca; openssl req -x509 takes -days, and without it makes a certificate valid for 30 days/);
  assert.equal(req[0]!.finding.fixes, undefined);
  const inCa = lint(typo(ca, 'default_days = 365', 'default_days = 365\ndefault_bits = 2048'));
  assert.deepEqual(inCa.map((f) => `${f.line}:${f.code}:${f.severity}`), ['13:CA-009:warning']);
  assert.match(inCa[0]!.message, /setting of openssl req/);
  assert.equal(inCa[0]!.finding.fixes, undefined);
});

test('a misspelt variable definition: one CNF-060 on the first use, naming the typo, with the rename', () => {
  const text = typo(ca, 'dir = ./ca', 'dri = ./ca');
  const found = lint(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['6:CNF-060:error']);
  assert.match(found[0]!.message, /4 more uses of dir/);
  assert.match(found[0]!.message, /'dri' \(line 5\) looks like a misspelling of dir/);
  assert.deepEqual(seen(applyFix(text, found[0]!.finding)), []);
});

test('a misspelt key openssl ca needs to sign: one error on the section (OpenSSL fails), naming the typo, not also CA-009', () => {
  const text = typo(ca, 'serial = $dir/serial', 'seral = $dir/serial');
  const found = lint(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['4:CA-001:error']);
  assert.match(found[0]!.message, /'seral' in \[CA_default\] looks like a misspelling of serial/);
  assert.deepEqual(seen(applyFix(text, found[0]!.finding)), []);
});

test('a misspelt key a flag can replace: CA-009 alone, not also "incomplete"', () => {
  assert.deepEqual(seen(typo(ca, 'policy = policy_any', 'polcy = policy_any')), ['13:CA-009:warning']);
});

test('a header without its ]: CNF-002 alone, not the missing section nor the keys that seem to fall into the section above', () => {
  assert.deepEqual(seen(typo(csr, '[ dn ]', '[ dn')), ['6:CNF-002:error']);
  assert.deepEqual(seen(typo(csr, '[ alt_names ]', '[ alt_names')), ['14:CNF-002:error']);
  assert.deepEqual(seen(typo(csr, '[ v3_req ]', '[ v3_req')), ['9:CNF-002:error']);
});

test('two different problems are still two diagnostics', () => {
  const text = typo(typo(csr, 'subjectAltName = @alt_names', 'subjectAltName = @nowhere'), 'extendedKeyUsage = serverAuth', 'extendedKeyUsage = serverAut');
  assert.deepEqual(seen(text), ['11:X509-EKU-1:error', '12:X509-EXT-4:error', '14:CNF-080:warning']);
});

// habnabit/CA-template ca.cnf: `[ ca ]` holds `default_ca = ca` and the CA keys (openssl ca signs with it).
test('[ ca ] that is its own CA section (default_ca = ca): default_ca is read there, not a misspelt default_md', () => {
  const self = ca.replace('default_ca = CA_default\n\n[ CA_default ]\n', 'default_ca = ca\n');
  assert.deepEqual(lint(self).map((f) => `${f.line}:${f.code}`), []);
  // The key it really misses is still said (default_ca no longer hides it as a near miss).
  assert.deepEqual(lint(self.replace('default_md = sha256\n', '')).map((f) => `${f.code}:${/default_md \(or -md\)/.test(f.message)}`), ['CA-001:true']);
  // In another CA section it is still a typo.
  assert.deepEqual(lint(ca.replace('dir = ./ca', 'dir = ./ca\ndefault_ca = x')).map((f) => f.code), ['CA-009']);
});
