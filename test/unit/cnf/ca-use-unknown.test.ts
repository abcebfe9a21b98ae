/**
 * CA settings in a file openssl req can use, with no use known (the file alone, no scripts, no used-by
 * comment): what only openssl ca reads is a warning that says so, not an error. Such files are mostly
 * copies of the stock openssl.cnf given only to req and x509 -extfile (drduh/config, grpc-java's
 * server1-openssl.cnf, nats-io's test configs). Told that openssl ca uses the file, the same faults are
 * errors; a file with no [ req ] (only for openssl ca) and CockroachDB's recipe (every step runs openssl ca)
 * keep them as errors alone. OpenSSL 3.0.19's verdicts on these files: test/peers/cnf-classes-openssl.test.ts
 * ("CA settings of a req file").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { commandUsesOf, usedByComment } from '../../../server/src/core/cnf/commandUse';
import type { CommandLineUse } from '../../../server/src/core/cnf/model';

const req = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
const caPart = (drop: string[] = [], extra = ''): string =>
  `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n${Object.entries({ database: 'index.txt', new_certs_dir: '.', serial: 'serial', default_md: 'sha256', default_days: '30', policy: 'pol', certificate: 'ca.crt', private_key: 'ca.key' })
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k} = ${v}\n`)
    .join('')}${extra}[ pol ]\nCN = supplied\n`;

function lint(text: string, commandLine?: CommandLineUse): { at: string; message: string }[] {
  clearCnfCache();
  const li = new LineIndex(text);
  return analyzeCnf(text, { path: '/w/openssl.cnf', ...(commandLine ? { commandLine } : {}) })
    .findings.filter((f) => f.severity !== 'information')
    .map((f) => ({ at: `${li.positionAt(f.start).line + 1}:${f.code}:${f.severity}`, message: f.message }));
}
const at = (text: string, commandLine?: CommandLineUse): string[] => lint(text, commandLine).map((f) => f.at);
const use = (line: string): CommandLineUse => {
  const u = commandUsesOf(line.split(' '));
  assert.ok(!('error' in u));
  return u[0]!.use;
};
const caUse = use('openssl ca -config /w/openssl.cnf -in r.csr');
const reqUse = use('openssl req -new -config /w/openssl.cnf -key k.pem');

test('a req file whose CA settings lack database: a warning alone, saying only openssl ca reads them; an error told openssl ca uses it', () => {
  const text = req + caPart(['database']);
  const alone = lint(text);
  assert.deepEqual(alone.map((f) => f.at), ['8:CA-001:warning']);
  assert.match(alone[0]!.message, /database \(no flag replaces it\)/);
  assert.match(alone[0]!.message, /Only openssl ca reads \[CA_default\] \(openssl req and x509 -extfile do not\)/);
  assert.deepEqual(at(text, caUse), ['8:CA-001:error']);
  assert.deepEqual(at(text, reqUse), []);
  // The same said in the file: a used-by comment.
  const declared = `# certwright: used-by openssl ca\n${text}`;
  assert.deepEqual(at(declared, usedByComment(declared, '/w/openssl.cnf')), ['9:CA-001:error']);
});

test('the same CA settings in a file with no [ req ] (only openssl ca can use it): an error alone', () => {
  assert.deepEqual(at(caPart(['database'])), ['3:CA-001:error']);
  assert.deepEqual(at(caPart(['serial'])), ['3:CA-001:error']);
  // Broken: the [ req ] check must not make every file's CA settings a warning.
  assert.deepEqual(at(caPart([], 'x509_extensions = usr_cert\n')), ['12:CA-010:error']);
});

test('x509_extensions naming no section in the CA settings of a req file (drduh/config, grpc-java): a warning alone, an error for openssl ca without -extensions', () => {
  const text = req + caPart([], 'x509_extensions = usr_cert\n');
  const alone = lint(text);
  assert.deepEqual(alone.map((f) => f.at), ['17:CA-010:warning']);
  assert.match(alone[0]!.message, /^Error checking certificate extension config section usr_cert: there is no section \[usr_cert\]\. Only openssl ca reads \[CA_default\]/);
  assert.deepEqual(at(text, caUse), ['17:CA-010:error']);
  assert.deepEqual(at(text, use('openssl ca -config /w/openssl.cnf -in r.csr -extensions v3')).filter((f) => f.includes('CA-010')), []);
  assert.deepEqual(at(text, reqUse), []);
});

test('policy and copy_extensions faults in the CA settings of a req file: warnings alone, errors for openssl ca', () => {
  const text = req + caPart([], 'copy_extensions = copyal\n').replace('CN = supplied', 'CN = suppled');
  assert.deepEqual(at(text).sort(), ['17:CA-011:warning', '19:CA-003:warning']);
  assert.deepEqual(at(text, caUse).sort(), ['17:CA-011:error', '19:CA-003:error']);
});

test('an extension section only the CA settings of a req file name: a warning alone naming them; req never builds it; openssl ca does', () => {
  const text = req + caPart([], 'x509_extensions = usr\n') + '[ usr ]\nkeyUsage = digitalSignatur\n';
  const alone = lint(text);
  assert.deepEqual(alone.map((f) => f.at), ['21:X509-KU-1:warning']);
  assert.match(alone[0]!.message, /Only openssl ca builds \[usr\] \(named by \[CA_default\]\)/);
  assert.deepEqual(at(text, reqUse), []);
  assert.deepEqual(at(text, caUse), ['21:X509-KU-1:error']);
  // Named by [ req ] too: openssl req checks it when it starts, so an error alone.
  assert.deepEqual(at(text.replace('distinguished_name = dn\n', 'distinguished_name = dn\nx509_extensions = usr\n')), ['22:X509-KU-1:error']);
});

test("CockroachDB's recipe gives its ca.cnf to openssl ca at every step: its CA settings stay in use alone", () => {
  const text = `# CockroachDB CA\n${req}${caPart(['database'])}`;
  assert.deepEqual(at(text), ['9:CA-001:error']);
});
