/**
 * What the model says each command reads, beyond the sections named by `[ req ]`
 * and `default_ca`: the default section's `extensions` (openssl x509 -req
 * -extfile without -extensions), sections that are mostly extensions (for
 * -extensions/-reqexts, even with one name misspelt), and CA keys that fall back
 * to the default section (NCONF_get_string).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { codes } from './helpers';

const model = (text: string) => {
  clearCnfCache();
  return analyzeCnf(text, { path: '/readers.cnf' }).model;
};

const ca =
  '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\ncertificate = c\nprivate_key = k\npolicy = pol\ndefault_md = sha256\ndefault_days = 1\n[ pol ]\ncommonName = supplied\n';

test('the default section`s extensions names the section openssl x509 -req -extfile uses', () => {
  const m = model('extensions = v3\n[ v3 ]\nkeyUsage = digitalSignature\n');
  assert.ok(m.hasRole('v3', 'extensions'));
  assert.ok(m.info('v3')!.uses.has('certificate'));
  assert.equal(m.sectionRefs.filter((r) => r.kind === 'extensions').length, 1);
  // OpenSSL: "unknown extension ... section=dn, name=CN".
  assert.deepEqual(codes('extensions = dn\n[ dn ]\nCN = node1\n'), ['3:X509-EXT-1']);
});

test('a section whose keys are mostly extensions is an extension section, one misspelt name included', () => {
  const text = '[ v3_leaf ]\nkeyUsage = digitalSignature\nbasicConstraints = CA:FALSE\nkeyusage = x\n';
  assert.ok(model(text).hasRole('v3_leaf', 'extensions'));
  assert.deepEqual(codes(text), ['4:X509-EXT-1']);
  assert.ok(model('[ v3 ]\n1.2.3.4 = DER:0101\n2.5.29.99 = ASN1:NULL\n').hasRole('v3', 'extensions'), 'generic DER:/ASN1: extensions count');
  assert.ok(!model('[ s ]\nkeyUsage = digitalSignature\na = 1\nb = 2\n').hasRole('s', 'extensions'), 'one in three is not most');
});

test('openssl ca reads its keys from the default section when the CA section lacks them, reported once', () => {
  assert.deepEqual(codes('x509_extensions = nosuch\n' + ca), ['1:CA-010']);
  assert.ok(model('x509_extensions = v3\n[ v3 ]\nbasicConstraints = CA:FALSE\n' + ca).info('v3')!.uses.has('certificate'));
  // openssl req reads the same default-section key: one report (REQ-010), not two.
  assert.deepEqual(codes('x509_extensions = nosuch\n' + ca + '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n'), ['1:REQ-010']);
  assert.deepEqual(codes('copy_extensions = bogus\n' + ca), ['1:CA-011']);
  const m = model('x509_extensions = v3\n[ v3 ]\nbasicConstraints = CA:FALSE\n' + ca + '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n');
  assert.equal(m.info('v3')!.refs.length, 1, 'one reference for one value read by req and ca');
});

test('a section nothing names whose every key is a general name (any type, numbered or not) holds general names', () => {
  for (const t of ['email', 'URI', 'DNS', 'RID', 'IP', 'dirName', 'otherName']) {
    const m = model(`[ s ]\n${t}.1 = a\n${t} = b\n[ mixed ]\n${t}.1 = a\nkey = b\n[ prefixed ]\nx${t}.1 = a\n`);
    assert.ok(m.hasRole('s', 'generalNames'), t);
    assert.ok(!m.hasRole('mixed', 'generalNames'), `${t} and another key`);
    assert.ok(!m.hasRole('prefixed', 'generalNames'), `x${t}`);
  }
});
