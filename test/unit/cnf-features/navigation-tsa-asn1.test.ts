/**
 * Navigation and hover for the sections `openssl ts -reply` reads ([ tsa ] default_tsa and
 * TSA settings, also those only `-section` picks) and for the SEQUENCE / SET sections ASN.1
 * values name (ASN1_generate_nconf: `ASN1:SEQUENCE:sect`, otherName `OID;SEQ:sect`, and the
 * sections those name in turn), which count as used.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { definitionAt, referencesAt } from '../../../server/src/core/cnf/navigation';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { analyzeCnf } from '../../../server/src/core/cnf/analyze';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelOf, offsetOf } from './helpers';

const tsa = `oid_section = oids
[ oids ]
tsa_policy1 = 1.2.3.4.1
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
serial = ./tsaserial
signer_cert = ./tsa.pem
signer_digest = sha256
default_policy = tsa_policy1
digests = sha256
ess_cert_id_alg = sha1
[ tsa_config2 ]
signer_cert = ./tsa2.pem
signer_key = ./tsa2.key
`;

test('TSA: default_tsa goes to its section, which lists the use; hover documents the keys as openssl ts reads them', () => {
  const m = modelOf(tsa);
  assert.deepEqual(definitionAt(m, offsetOf(tsa, '= tsa_config1', 4)).map((l) => l.start), [offsetOf(tsa, '[ tsa_config1 ]', 2)]);
  assert.deepEqual(referencesAt(m, offsetOf(tsa, '[ tsa_config1 ]', 3), false).map((l) => l.start), [offsetOf(tsa, '= tsa_config1', 2)]);
  assert.match(hoverAt(m, offsetOf(tsa, '= tsa_config1', 4))!.markdown, /\*TSA settings section\*/);
  assert.match(hoverAt(m, offsetOf(tsa, '[ tsa ]', 3))!.markdown, /\*openssl ts section\*/);
  assert.match(hoverAt(m, offsetOf(tsa, 'default_tsa', 2))!.markdown, /\*\*default_tsa\*\* · openssl ts section/);
  for (const key of ['signer_cert', 'signer_digest', 'default_policy', 'digests', 'ess_cert_id_alg', 'serial']) {
    assert.match(hoverAt(m, offsetOf(tsa, `${key} =`, 1))!.markdown, new RegExp(`\\*\\*${key}\\*\\* · TSA settings section`), key);
  }
  // Only -section picks [ tsa_config2 ]: its keys are TSA settings by their shape.
  assert.match(hoverAt(m, offsetOf(tsa, 'signer_cert = ./tsa2', 1))!.markdown, /TSA settings section/);
});

const asn1 = `asn1 = SEQUENCE:top
[ top ]
a = INT:1
[ ext ]
subjectAltName = DNS:x.example, otherName:1.3.6.1.5.5.7.8.4;SEQ:hw
1.2.3.4 = critical,ASN1:EXPLICIT:0,SEQUENCE:body
[ alt ]
otherName.1 = 1.3.6.1.5.5.7.8.4;seq:hw
[ ext2 ]
subjectAltName = @alt
[ hw ]
hwType = OID:1.3.6.1.4.1.1
hwSerial = SET:serials
[ serials ]
DNS.1 = IA5:not-a-general-name
[ body ]
x = UTF8:text
`;

test('ASN.1: SEQUENCE / SET sections are reached from ASN1:, otherName (inline and in a names section), nested, and asn1parse -genconf', () => {
  const m = modelOf(asn1);
  const defOf = (needle: string, delta: number): number[] => definitionAt(m, offsetOf(asn1, needle, delta)).map((l) => l.start);
  assert.deepEqual(defOf(';SEQ:hw', 6), [offsetOf(asn1, '[ hw ]', 2)]);
  assert.deepEqual(defOf(';seq:hw', 6), [offsetOf(asn1, '[ hw ]', 2)]);
  assert.deepEqual(defOf('SEQUENCE:body', 10), [offsetOf(asn1, '[ body ]', 2)]);
  assert.deepEqual(defOf('SET:serials', 5), [offsetOf(asn1, '[ serials ]', 2)]);
  assert.deepEqual(defOf('SEQUENCE:top', 10), [offsetOf(asn1, '[ top ]', 2)]);
  // The reference covers exactly the name, in each form.
  const refs = referencesAt(m, offsetOf(asn1, '[ hw ]', 3), false).map((l) => asn1.slice(l.start, l.end));
  assert.deepEqual(refs, ['hw', 'hw']);
  assert.match(hoverAt(m, offsetOf(asn1, '[ hw ]', 3))!.markdown, /`SEQUENCE:hw` \(line 5\)/);
  assert.match(hoverAt(m, offsetOf(asn1, 'SET:serials', 5))!.markdown, /\*ASN\.1 SEQUENCE \/ SET section\*/);
  assert.match(hoverAt(m, offsetOf(asn1, 'hwType', 1))!.markdown, /field of|ASN\.1 SEQUENCE \/ SET section field/);
});

test('ASN.1: a section a SEQUENCE names is used (no unused-names warning, even when its keys look like names)', () => {
  const a = analyzeCnf(asn1, { path: '/virtual/asn1-used.cnf' });
  assert.deepEqual(a.findings.map((f) => f.code), []);
  const unused = analyzeCnf(asn1.replace('SET:serials', 'UTF8:none'), { path: '/virtual/asn1-unused.cnf' });
  assert.deepEqual(unused.findings.map((f) => f.code), ['CNF-080']);
});

test('ASN.1: a SEQUENCE naming a missing section is an error when the section is used (OpenSSL fails there), nested ones too', () => {
  const codes = (t: string, used: boolean): string[] =>
    analyzeCnf(t, { path: '/virtual/asn1-missing.cnf', ...(used ? { commandLine: { extensions: ['ext'] } } : {}) }).findings.map((f) => `${f.code}:${f.severity}`);
  const cases: [string, string][] = [
    ['[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:nowhere\n', 'X509-EXT-6'],
    ['[ ext ]\nsubjectAltName = otherName:1.2.3.4;SEQ:nowhere\n', 'X509-SAN-9'],
    ['[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:s\n[ s ]\nf = SEQ:nowhere\n', 'X509-EXT-6'],
  ];
  for (const [t, code] of cases) {
    assert.deepEqual(codes(t, true), [`${code}:error`], t);
    assert.deepEqual(codes(t, false), [`${code}:warning`], t);
  }
});

test('ASN.1: sections naming each other in a loop are one error, on the line that closes the loop; a chain of 20,000 costs no stack', () => {
  const loop = '[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:a\n1.2.3.5 = ASN1:SET:b\n[ a ]\nx = INT:5\ny = SEQ:b\n[ b ]\nz = SET:a\n';
  const f = analyzeCnf(loop, { path: '/virtual/asn1-loop.cnf', commandLine: { extensions: ['ext'] } }).findings;
  assert.deepEqual(f.map((x) => `${x.code}:${x.severity}:${loop.slice(x.start, x.end)}`), ['X509-EXT-6:error:SET:a']);
  const n = 20_000;
  let chain = '[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:s0\n';
  for (let i = 0; i < n; i++) chain += `[ s${i} ]\nv = ${i + 1 < n ? `SEQ:s${i + 1}` : 'SEQ:missing'}\n`;
  const g = analyzeCnf(chain, { path: '/virtual/asn1-chain.cnf', commandLine: { extensions: ['ext'] } }).findings;
  assert.deepEqual(g.map((x) => `${x.code}:${chain.slice(x.start, x.end)}`), ['X509-EXT-6:SEQ:missing']);
});

test('real files: every SEQUENCE of Heimdal’s PKINIT SAN, three sections deep, goes to its section; Paho’s [ tsa ] to its settings', () => {
  const dir = join(__dirname, '../../fixtures/cnf/real-world');
  const heimdal = readFileSync(join(dir, 'heimdal__heimdal__lib__hx509__data__openssl.1.1.cnf'), 'utf8');
  const m = modelOf(heimdal);
  const names = [...heimdal.matchAll(/SEQUENCE:([A-Za-z_]+)/g)].map((x) => ({ name: x[1]!, at: x.index + 'SEQUENCE:'.length }));
  assert.equal(names.length, 6);
  for (const { name, at } of names) assert.deepEqual(definitionAt(m, at + 1).map((l) => l.start), [offsetOf(heimdal, `[${name}]`, 1)], name);
  for (const s of ['pkinitc_principals', 'pkinitkdc_principals']) assert.match(hoverAt(m, offsetOf(heimdal, `[${s}]`, 2))!.markdown, /ASN\.1 SEQUENCE \/ SET section[\s\S]*Used by `SEQUENCE:/, s);
  const paho = readFileSync(join(dir, 'eclipse__paho.mqtt.python__tests__ssl__openssl.cnf'), 'utf8');
  const p = modelOf(paho);
  assert.deepEqual(definitionAt(p, offsetOf(paho, 'default_tsa = tsa_config1', 15)).map((l) => l.start), [offsetOf(paho, '[ tsa_config1 ]', 2)]);
  assert.match(hoverAt(p, offsetOf(paho, 'ess_cert_id_chain', 1))!.markdown, /ESS signing-certificate attribute/);
});

test('ASN.1: SEQUENCE sections nested deeper than OpenSSL\'s 50 are one error, on the entry that names the 51st; shared sections are measured once', () => {
  const chain = (n: number, fields: number): string => {
    let t = '[ ext ]\n1.2.3.4 = ASN1:SEQUENCE:s0\n';
    for (let i = 0; i < n; i++) {
      t += `[ s${i} ]\n`;
      for (let k = 0; k < fields; k++) t += `f${k} = ${i + 1 < n ? `SEQ:s${i + 1}` : 'INT:1'}\n`;
    }
    return t;
  };
  const errs = (t: string): string[] =>
    analyzeCnf(t, { path: '/virtual/asn1-depth.cnf', commandLine: { extensions: ['ext'] } }).findings.map((x) => `${x.code}:${x.severity}:${t.slice(t.lastIndexOf('[', x.start), t.indexOf(']', t.lastIndexOf('[', x.start)) + 1)}:${t.slice(x.start, x.end)}`);
  assert.deepEqual(errs(chain(50, 1)), []);
  assert.deepEqual(errs(chain(51, 1)), ['X509-EXT-6:error:[ s49 ]:SEQ:s50']);
  const f = analyzeCnf(chain(51, 1), { path: '/virtual/asn1-depth.cnf', commandLine: { extensions: ['ext'] } }).findings[0]!;
  assert.match(f.message, /illegal nested tagging: SEQUENCE:s50 nests one section deeper than the 50 that OpenSSL allows under \[s0\]/);
  // OpenSSL refuses the SEQUENCE in the 50th section itself, even when the section it names is empty.
  assert.deepEqual(errs(`${chain(50, 1).replace('f0 = INT:1', 'f0 = SEQ:s50')}[ s50 ]\n`), ['X509-EXT-6:error:[ s49 ]:SEQ:s50']);
  // Every section names the next twice (2^20,000 paths): each height is computed once.
  assert.deepEqual(errs(chain(20_000, 2)), ['X509-EXT-6:error:[ s49 ]:SEQ:s50']);
});
