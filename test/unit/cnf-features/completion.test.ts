import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completionListAt, completionsAt, maxSectionItems, type CnfCompletion } from '../../../server/src/core/cnf/completion';
import { cursor, modelOf } from './helpers';

function complete(marked: string): { items: CnfCompletion[]; labels: string[]; text: string; offset: number } {
  const { text, offset } = cursor(marked);
  const items = completionsAt(modelOf(text), offset);
  for (const i of items) assert.ok(i.start <= offset && i.end === offset, `${i.label}: range ${i.start}-${i.end} vs cursor ${offset}`);
  return { items, labels: items.map((i) => i.label), text, offset };
}

test('extension names inside an extension section, minus those already present, common ones first', () => {
  const { items, labels } = complete('[ req ]\nreq_extensions = v3_req\n[ v3_req ]\nkeyUsage = digitalSignature\n¦\n');
  assert.ok(labels.includes('subjectAltName') && labels.includes('basicConstraints') && labels.includes('nsComment'));
  assert.ok(!labels.includes('keyUsage'), 'already in the section');
  assert.ok(!labels.includes('CRLReason'), 'cannot be set from a config file');
  const san = items.find((i) => i.label === 'subjectAltName')!;
  assert.equal(san.kind, 'extension');
  assert.equal(san.insertText, 'subjectAltName = ');
  assert.equal(san.retrigger, true);
  assert.ok(san.sortText! < items.find((i) => i.label === 'nsComment')!.sortText!);
});

test('a partly typed key replaces the typed word', () => {
  const { items, text, offset } = complete('[ v3 ]\nbasicConstraints = CA:FALSE\nsubj¦\n');
  const ski = items.find((i) => i.label === 'subjectKeyIdentifier')!;
  assert.equal(text.slice(ski.start, offset), 'subj');
});

test('keys by role: req, CA settings, DN fields, general names, policy', () => {
  const req = complete('[ req ]\nprompt = no\n¦\n').labels;
  for (const k of ['distinguished_name', 'req_extensions', 'x509_extensions', 'default_bits', 'string_mask', 'encrypt_key']) assert.ok(req.includes(k), k);
  assert.ok(!req.includes('prompt'));
  const ca = complete('[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n¦\n').labels;
  for (const k of ['database', 'new_certs_dir', 'serial', 'default_md', 'policy', 'copy_extensions']) assert.ok(ca.includes(k), k);
  const dn = complete('[ req ]\ndistinguished_name = dn\n[ dn ]\nC = US\n¦\n').labels;
  assert.ok(dn.includes('commonName') && dn.includes('CN') && dn.includes('organizationName'));
  assert.ok(!dn.includes('C'), 'already present');
  const alt = complete('[ v3 ]\nsubjectAltName = @alt\n[ alt ]\nDNS.1 = a\nDNS.2 = b\n¦\n').labels;
  assert.ok(alt.includes('DNS.3') && alt.includes('IP.1') && alt.includes('email.1'), alt.join(','));
  const pol = complete('[ CA_default ]\ndatabase = i\npolicy = pol\n[ pol ]\n¦\n');
  assert.ok(pol.labels.includes('commonName'));
});

test('values: extendedKeyUsage names, critical only first, keyUsage words not repeated', () => {
  const eku = complete('[ v3 ]\nextendedKeyUsage = ¦\n');
  assert.ok(eku.labels.includes('serverAuth') && eku.labels.includes('clientAuth') && eku.labels.includes('critical'));
  assert.equal(eku.items.find((i) => i.label === 'serverAuth')!.kind, 'value');
  const ku = complete('[ v3 ]\nkeyUsage = critical, digitalSignature, k¦\n');
  assert.ok(ku.labels.includes('keyEncipherment') && ku.labels.includes('keyCertSign'));
  assert.ok(!ku.labels.includes('critical') && !ku.labels.includes('digitalSignature'));
  const kE = ku.items.find((i) => i.label === 'keyEncipherment')!;
  assert.equal(ku.text.slice(kE.start, ku.offset), 'k');
  const bc = complete('[ v3 ]\nbasicConstraints = critical, ¦\n').labels;
  assert.ok(bc.includes('CA:TRUE') && bc.includes('CA:FALSE') && bc.includes('pathlen:'));
  const bc2 = complete('[ v3 ]\nbasicConstraints = critical, CA:TRUE, ¦\n').labels;
  assert.deepEqual(bc2, ['pathlen:']);
});

test('keyUsage in a CA section offers keyCertSign and cRLSign first; in a leaf, digitalSignature and keyEncipherment', () => {
  const first = (marked: string): string[] => complete(marked).items.filter((i) => i.sortText?.startsWith('0') && i.label !== 'critical').map((i) => i.label).sort();
  assert.deepEqual(first('[ v3_ca ]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, ¦\n'), ['cRLSign', 'digitalSignature', 'keyCertSign']);
  assert.deepEqual(first('[ v3 ]\nbasicConstraints = CA:FALSE\nkeyUsage = ¦\n'), ['digitalSignature', 'keyEncipherment']);
});

test('values: subjectAltName types, @section and dirName: targets, email:copy', () => {
  const san = complete('[ v3 ]\nsubjectAltName = ¦\n[ alt ]\nDNS.1 = a\n[ dir_sect ]\nCN = x\n').labels;
  for (const t of ['DNS:', 'IP:', 'email:', 'URI:', 'RID:', 'dirName:', 'otherName:', '@alt']) assert.ok(san.includes(t), `${t}: ${san.join(',')}`);
  const at = complete('[ v3 ]\nsubjectAltName = critical, @¦\n[ alt ]\nDNS.1 = a\n');
  assert.deepEqual(at.labels, ['alt']);
  assert.equal(at.items[0]!.start, at.offset);
  const dir = complete('[ v3 ]\nsubjectAltName = DNS:a, dirName:¦\n[ dir_sect ]\nCN = x\n').labels;
  assert.deepEqual(dir, ['dir_sect']);
  assert.deepEqual(complete('[ v3 ]\nsubjectAltName = email:¦\n').labels, ['copy', 'move']);
});

test('values: section-naming keys, fixed vocabularies, policy values', () => {
  const dn = complete('[ req ]\ndistinguished_name = ¦\n[ my_dn ]\nCN = a\n').labels;
  assert.deepEqual(dn, ['my_dn']);
  const mask = complete('[ req ]\nstring_mask = ¦\n').labels;
  assert.ok(mask.includes('utf8only') && mask.includes('nombstr'));
  const copy = complete('[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ncopy_extensions = c¦\n').labels;
  assert.deepEqual(copy, ['none', 'copy', 'copyall']);
  const pol = complete('[ CA_default ]\ndatabase = i\npolicy = p\n[ p ]\ncountryName = ¦\n').labels;
  assert.deepEqual(pol, ['match', 'supplied', 'optional']);
});

test('$variables: only names defined above, current section then default, braces closed', () => {
  const v = complete('top = 1\n[ CA_default ]\ndir = /ca\ncerts = $¦\nlater = 2\n[ other ]\nx = 1\n');
  assert.ok(v.labels.includes('dir') && v.labels.includes('top') && v.labels.includes('ENV::'));
  assert.ok(!v.labels.includes('later'), 'defined below the cursor');
  assert.ok(!v.labels.includes('x') && !v.labels.includes('other::'), '[ other ] comes later');
  assert.equal(v.items.find((i) => i.label === 'dir')!.kind, 'variable');
  assert.equal(v.items.find((i) => i.label === 'dir')!.detail, '= /ca');
  const b = complete('[ s ]\na = 1\nb = ${¦\n');
  assert.equal(b.items.find((i) => i.label === 'a')!.insertText, 'a}');
  const closed = complete('[ s ]\na = 1\nb = ${¦}\n');
  assert.equal(closed.items.find((i) => i.label === 'a')!.insertText, 'a');
  const q = complete('[ s ]\na = 1\n[ t ]\nb = $s::¦\n').labels;
  assert.deepEqual(q, ['a']);
  const escaped = complete('[ s ]\na = 1\nb = \\$¦\n').labels;
  assert.ok(!escaped.includes('a'), 'an escaped dollar is literal');
});

test('headers: sections named but missing come first, then common names', () => {
  const h = complete('[ req ]\nreq_extensions = v3_req\ndistinguished_name = req_distinguished_name\n[ ¦');
  assert.equal(h.labels[0], 'v3_req');
  assert.ok(h.labels.includes('req_distinguished_name'));
  assert.ok(!h.labels.includes('req'), 'already defined');
  assert.equal(h.items[0]!.insertText, 'v3_req ]');
  const closed = complete('[ req ]\nreq_extensions = v3_req\n[ v¦ ]\n');
  assert.equal(closed.items.find((i) => i.label === 'v3_req')!.insertText, 'v3_req');
});

test('directives, comments and the default section', () => {
  const d = complete('.¦\n').labels;
  assert.deepEqual(d, ['.include', '.pragma']);
  assert.deepEqual(complete('# comment ¦\n').labels, []);
  const def = complete('¦\n[ req ]\n').labels;
  assert.ok(def.includes('openssl_conf') && def.includes('oid_section') && def.includes('.include'));
});

test('never throws on odd positions', () => {
  const texts = ['', '[', '=', '$', '${', 'a = $(', 'k = \\\n  $', '[ a ]\n = \n', 'x = @', '[ v3 ]\nsubjectAltName = dirName:'];
  for (const t of texts) for (let o = 0; o <= t.length; o++) completionsAt(modelOf(t), o);
});

test('prompt-mode DN sections offer <field>_default for fields without one', () => {
  const p = complete('[ req ]\ndistinguished_name = dn\n[ dn ]\ncommonName = Common Name\ncountryName = Country\ncountryName_default = US\n¦\n');
  assert.equal(p.labels[0], 'commonName_default');
  assert.ok(!p.labels.includes('countryName_default'));
  const noPrompt = complete('[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n¦\n').labels;
  assert.ok(!noPrompt.some((l) => l.endsWith('_default')));
});

test('legacy and weak choices are flagged and sorted last', () => {
  const md = complete('[ req ]\ndefault_md = ¦\n').items;
  const sha1 = md.find((i) => i.label === 'sha1')!;
  assert.equal(sha1.deprecated, true);
  assert.ok(sha1.sortText! > md.find((i) => i.label === 'sha256')!.sortText!);
  const ext = complete('[ v3 ]\n¦\n').items;
  assert.equal(ext.find((i) => i.label === 'nsCertType')!.deprecated, true);
  assert.equal(ext.find((i) => i.label === 'keyUsage')!.deprecated, undefined);
});

test('$sect:: offers the sections with an entry above the cursor, judged by where the latest definition of each key is', () => {
  const v = complete('[ early ]\na = 1\n[ moved ]\nk = 1\n[ here ]\nx = $¦\n[ moved ]\nk = 2\n[ late ]\nz = 1\n');
  assert.ok(v.labels.includes('early::'), 'defined above');
  assert.ok(!v.labels.includes('late::'), 'defined below');
  assert.ok(!v.labels.includes('moved::'), 'its only key is redefined below the cursor, as OpenSSL keeps the later one');
  const both = complete('[ moved ]\nk = 1\nj = 1\n[ here ]\nx = $¦\n[ moved ]\nk = 2\n');
  assert.ok(both.labels.includes('moved::'), 'j stays above');
});

test('a file with thousands of sections: section names are bounded, the answer is incomplete, and typing narrows it', () => {
  const sections = Array.from({ length: 3000 }, (_, i) => `[ s${i} ]\nk = ${i}\n`).join('');
  // `$`: every section above the cursor would be offered as `sN::`.
  const all = cursor(`${sections}[ last ]\nv = $¦\n`);
  const model = modelOf(all.text);
  const list = completionListAt(model, all.offset);
  const qualified = list.items.filter((i) => i.kind === 'section');
  assert.equal(list.incomplete, true);
  assert.equal(qualified.length, maxSectionItems);
  // The ones kept are those an editor lists first (by sort text).
  const expected = Array.from({ length: 3000 }, (_, i) => `3s${i}`).sort().slice(0, maxSectionItems);
  assert.deepEqual(qualified.map((i) => i.sortText), expected);
  // Typed text keeps only the names it may match, all of them when they fit.
  const typed = cursor(`${sections}[ last ]\nv = $s29¦\n`);
  const narrowed = completionListAt(modelOf(typed.text), typed.offset);
  assert.equal(narrowed.incomplete, true);
  assert.deepEqual(
    narrowed.items.filter((i) => i.kind === 'section').map((i) => i.label).sort(),
    Array.from({ length: 3000 }, (_, i) => `s${i}::`).filter((l) => /s.*2.*9/.test(l)).sort(),
  );
  // Section-naming values (`@sect`) are bounded the same way.
  const at = cursor(`${sections}[ v3 ]\nsubjectAltName = @¦\n`);
  const names = completionListAt(modelOf(at.text), at.offset);
  assert.equal(names.incomplete, true);
  assert.ok(names.items.length <= maxSectionItems + 20);
  // A small file is complete.
  const small = cursor('[ a ]\nk = 1\n[ b ]\nv = $¦\n');
  const few = completionListAt(modelOf(small.text), small.offset);
  assert.equal(few.incomplete, false);
  assert.ok(few.items.some((i) => i.label === 'a::'));
});

test('ASN.1 values: types after ASN1:, after an otherName\'s OID, in SEQUENCE sections; section names after SEQUENCE: / SEQ: / SET:', () => {
  const head = '[ req ]\nreq_extensions = v3\n[ v3 ]\n';
  const types = complete(`${head}1.2.3.4 = critical,ASN1:¦\n`);
  for (const t of ['UTF8String', 'INTEGER', 'SEQUENCE', 'SET', 'OBJECT', 'IA5STRING']) assert.ok(types.labels.includes(t), `${t}: ${types.labels.join(',')}`);
  const seq = types.items.find((i) => i.label === 'SEQUENCE')!;
  assert.equal(seq.insertText, 'SEQUENCE:');
  assert.equal(seq.retrigger, true);
  assert.equal(seq.detail, 'SEQ');
  assert.ok(seq.filterText!.split(' ').includes('SEQ'));
  // Modifiers first, a type partly typed: the word is replaced.
  const typed = complete(`${head}1.2.3.4 = ASN1:EXP:0,UT¦\n`);
  assert.equal(typed.text.slice(typed.items[0]!.start, typed.offset), 'UT');
  // Section names, SEQUENCE sections first; the section being written is left out (it would nest in itself).
  const names = complete(`${head}1.2.3.4 = ASN1:SEQ:¦\n2.3.4 = ASN1:SET:s1\n[ s1 ]\nf = INTEGER:1\n[ other ]\nx = y\n`);
  const sorted = [...names.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
  assert.deepEqual(sorted.slice(0, 1), ['s1']);
  assert.ok(!names.labels.includes('v3'));
  const inSeq = complete(`${head}1.2.3.4 = ASN1:SEQUENCE:s1\n[ s1 ]\nf = INTEGER:1\ng = SET:¦\n[ s2 ]\nh = NULL\n`);
  assert.ok(inSeq.labels.includes('s2') && !inSeq.labels.includes('s1'), inSeq.labels.join(','));
  assert.ok(complete(`${head}1.2.3.4 = ASN1:SEQUENCE:s1\n[ s1 ]\nf = ¦\n`).labels.includes('UTF8String'));
  // otherName: in a name list and in a general-names section, after the OID only.
  assert.ok(complete(`${head}subjectAltName = DNS:a, otherName:1.3.6.1.4.1.311.20.2.3;¦\n`).labels.includes('UTF8String'));
  assert.ok(complete(`${head}subjectAltName = @alt\n[ alt ]\notherName.1 = 1.2.3;¦\n`).labels.includes('UTF8String'));
  assert.ok(!complete(`${head}subjectAltName = @alt\n[ alt ]\notherName.1 = 1.2¦\n`).labels.includes('UTF8String'));
  // asn1parse -genconf reads the default section's asn1.
  assert.ok(complete('asn1 = SEQUENCE:¦\n[ top ]\nf = INTEGER:1\n').labels.includes('top'));
  // A value that is not a SEQUENCE / SET names no section.
  assert.deepEqual(complete(`${head}1.2.3.4 = ASN1:UTF8String:¦\n`).labels, []);
});

test("the library's init section offers every module, and a module's value offers the file's sections", () => {
  const keys = complete('openssl_conf = init\n[ init ]\n¦\n[ tables ]\nCN = min:1\n').items;
  for (const m of ['providers', 'alg_section', 'ssl_conf', 'engines', 'random', 'oid_section', 'stbl_section']) {
    const item = keys.find((i) => i.label === m);
    assert.ok(item, `${m} offered: ${keys.map((i) => i.label).join(', ')}`);
    assert.equal(item.retrigger, true, `${m} names a section`);
  }
  assert.ok(complete('openssl_conf = init\n[ init ]\nstbl_section = ¦\n[ tables ]\nCN = min:1\n').labels.includes('tables'));
});
