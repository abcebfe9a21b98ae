import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asn1TypeNames } from '../../../server/src/core/cnf/x509values';
import {
  asn1TypeDocs,
  dnFieldDoc,
  extendedKeyUsageDoc,
  extensionDoc,
  extensionDocs,
  generalNameDoc,
  generalNameType,
  keyDoc,
  keyUsageDoc,
  keysByRole,
  roleDocs,
  splitDnKey,
  valueDocsFor,
} from '../../../server/src/core/cnf/docs';
import { code, renderDoc, renderWordLine } from '../../../server/src/core/cnf/docRender';

test('every keyUsage word OpenSSL accepts, short and long, is documented', () => {
  const words = [
    'digitalSignature', 'Digital Signature', 'nonRepudiation', 'Non Repudiation',
    'keyEncipherment', 'Key Encipherment', 'dataEncipherment', 'Data Encipherment', 'keyAgreement', 'Key Agreement',
    'keyCertSign', 'Certificate Sign', 'cRLSign', 'CRL Sign', 'encipherOnly', 'Encipher Only', 'decipherOnly', 'Decipher Only',
  ];
  for (const w of words) assert.ok(keyUsageDoc(w), w);
  // Case-sensitive, like OpenSSL.
  assert.equal(keyUsageDoc('digitalsignature'), undefined);
  assert.equal(keyUsageDoc('certSign'), undefined);
  // OpenSSL 3.0 rejects the RFC 5280 name of bit 1 (checked against the real CLI in test/peers/cnf-docs.test.ts).
  assert.equal(keyUsageDoc('contentCommitment'), undefined);
  assert.match(keyUsageDoc('keyCertSign')!.neededBy!, /Go/);
  assert.match(keyUsageDoc('digitalSignature')!.neededBy!, /CockroachDB/);
});

test('extendedKeyUsage names resolve by short name, long name and OID', () => {
  assert.equal(extendedKeyUsageDoc('serverAuth')!.oid, '1.3.6.1.5.5.7.3.1');
  assert.equal(extendedKeyUsageDoc('TLS Web Client Authentication')!.name, 'clientAuth');
  assert.equal(extendedKeyUsageDoc('1.3.6.1.5.5.7.3.8')!.name, 'timeStamping');
  assert.equal(extendedKeyUsageDoc('serverauth'), undefined);
  assert.match(extendedKeyUsageDoc('clientAuth')!.neededBy!, /CockroachDB/);
  assert.match(extendedKeyUsageDoc('serverAuth')!.neededBy!, /DM/);
});

test('subjectAltName types are exactly the seven OpenSSL knows', () => {
  for (const t of ['DNS', 'IP', 'email', 'URI', 'RID', 'dirName', 'otherName']) assert.ok(generalNameDoc(t), t);
  assert.equal(generalNameDoc('dns'), undefined);
  assert.equal(generalNameType('DNS.1'), 'DNS');
  assert.equal(generalNameType('IP.node.2'), 'IP');
  assert.equal(keyDoc('generalNames', 'IP.3')!.name, 'IP');
});

test('extension names are case-sensitive short names with value kinds', () => {
  assert.equal(extensionDoc('keyUsage')!.valueKind, 'keyUsage');
  assert.equal(extensionDoc('subjectAltName')!.sectionForm, true);
  assert.equal(extensionDoc('SubjectAltName'), undefined);
  assert.equal(keyDoc('extensions', 'basicConstraints')!.name, 'basicConstraints');
  const names = extensionDocs.map((d) => d.name);
  assert.equal(new Set(names).size, names.length, 'duplicate extension docs');
  for (const d of extensionDocs) if (d.example) assert.match(d.example, new RegExp(`^${d.name} = \\S`), d.name);
});

test('keys of each role are documented once, with an example where it helps', () => {
  for (const [role, docs] of Object.entries(keysByRole)) {
    const names = docs!.map((d) => d.name);
    assert.equal(new Set(names).size, names.length, `duplicate key in ${role}`);
    for (const d of docs!) {
      assert.ok(d.summary.length > 20, `${role}.${d.name} summary`);
      if (d.example) assert.match(d.example, new RegExp(`^${d.name.replace(/[.$]/g, '\\$&')}(\\.\\d+)? = `), `${role}.${d.name} example`);
    }
  }
  for (const k of ['default_bits', 'default_keyfile', 'distinguished_name', 'attributes', 'req_extensions', 'x509_extensions', 'prompt', 'string_mask', 'encrypt_key', 'default_md', 'utf8', 'input_password', 'output_password']) {
    assert.ok(keyDoc('req', k), `req.${k}`);
  }
  for (const k of ['dir', 'certs', 'crl_dir', 'database', 'new_certs_dir', 'certificate', 'serial', 'crlnumber', 'crl', 'private_key', 'default_days', 'default_crl_days', 'default_md', 'policy', 'x509_extensions', 'crl_extensions', 'copy_extensions', 'unique_subject', 'email_in_dn', 'preserve', 'name_opt', 'cert_opt']) {
    assert.ok(keyDoc('caSettings', k), `CA_default.${k}`);
  }
  assert.ok(keyDoc('ca', 'default_ca'));
  assert.equal(keyDoc('req', 'distinguished_names'), undefined);
  for (const r of Object.keys(roleDocs)) assert.ok(roleDocs[r as keyof typeof roleDocs].summary);
});

test('DN keys: repeat prefixes, + prefix and prompt suffixes', () => {
  assert.deepEqual(splitDnKey('0.organizationName_default'), { prefix: '0.', fieldName: 'organizationName', suffix: '_default' });
  assert.deepEqual(splitDnKey('+CN'), { prefix: '+', fieldName: 'CN', suffix: '' });
  assert.deepEqual(splitDnKey('countryName_max'), { prefix: '', fieldName: 'countryName', suffix: '_max' });
  assert.deepEqual(splitDnKey('1.OU'), { prefix: '1.', fieldName: 'OU', suffix: '' });
  assert.equal(dnFieldDoc('CN')!.field.name, 'commonName');
  assert.equal(dnFieldDoc('commonName_min')!.suffix!.name, '_min');
  assert.equal(dnFieldDoc('bogusField'), undefined);
  assert.equal(keyDoc('policy', 'countryName')!.name, 'countryName');
});

test('value vocabularies by role and key', () => {
  assert.ok(valueDocsFor('extensions', 'keyUsage').some((d) => d.name === 'keyCertSign'));
  assert.ok(valueDocsFor('extensions', 'extendedKeyUsage').some((d) => d.name === 'serverAuth'));
  assert.ok(valueDocsFor('extensions', 'basicConstraints').some((d) => d.name === 'CA:TRUE'));
  assert.deepEqual(valueDocsFor('policy', 'commonName').map((d) => d.name), ['match', 'supplied', 'optional']);
  assert.deepEqual(valueDocsFor('caSettings', 'copy_extensions').map((d) => d.name), ['none', 'copy', 'copyall']);
  assert.ok(valueDocsFor('req', 'string_mask').some((d) => d.name === 'utf8only'));
  assert.deepEqual(valueDocsFor('dn', 'CN'), []);
});

test('rendering: code spans, doc blocks and word lines', () => {
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('x'), '`x`');
  const md = renderDoc(keyUsageDoc('keyCertSign')!);
  assert.match(md, /^\*\*keyCertSign\*\*/);
  assert.match(md, /Also written: `Certificate Sign`/);
  assert.match(md, /Needed by: /);
  assert.match(renderWordLine('Certificate Sign', keyUsageDoc('Certificate Sign')), /same as `keyCertSign`/);
  assert.match(renderWordLine('bogus', undefined), /not a name/);
});

test('the ASN.1 type docs cover each spelling ASN1_generate_v3 reads, once', () => {
  const documented = asn1TypeDocs.flatMap((d) => [d.name, ...(d.aliases ?? [])]);
  assert.deepEqual([...documented].sort(), [...asn1TypeNames].sort());
});
