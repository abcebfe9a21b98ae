/**
 * CNF-090: the command line the file is used with names a section the file does not have. Each
 * case was run with OpenSSL 3.0.19 (test/peers/cnf-classes-openssl.test.ts keeps the check):
 * `ca -extensions nosuch` "Error checking certificate extension config section nosuch", `ca -name
 * nosuch` "variable lookup failed for nosuch::private_key", `x509 -extfile f -extensions nosuch`
 * "Error checking extension section nosuch", `ts -reply -section nosuch` "group=nosuch name=serial".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUsesOf, usedByComment } from '../../../server/src/core/cnf/commandUse';
import type { CommandLineUse } from '../../../server/src/core/cnf/model';
import { lint } from './helpers';

const cnf = '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\nserial = serial\ndefault_days = 30\ndefault_md = sha256\npolicy = pol\n[ pol ]\nCN = supplied\n[ usr_cert ]\nbasicConstraints = CA:FALSE\n';

function use(line: string): CommandLineUse {
  const u = commandUsesOf(line.split(' '));
  assert.ok(!('error' in u));
  return u.find((x) => x.file === 'f.cnf')!.use;
}
const see = (line: string, text = cnf) => lint(text, { commandLine: use(line) }).map((f) => `${f.line}:${f.code}:${f.severity}`);

test('CNF-090: a section the command line names and the file lacks fails the command: an error at the top, naming the near section', () => {
  assert.deepEqual(see('openssl ca -config f.cnf -extensions usr_cert -in r.csr'), []);
  assert.deepEqual(see('openssl ca -config f.cnf -extensions usr_cer -in r.csr'), ['1:CNF-090:error']);
  const [f] = lint(cnf, { commandLine: use('openssl ca -config f.cnf -extensions usr_cer -in r.csr') });
  assert.equal(f!.finding.start, 0);
  assert.match(f!.message, /names section \[usr_cer\], which this file does not have: .*Error checking extension section usr_cer.*did you mean \[usr_cert\]\?/);
  assert.deepEqual(see('openssl x509 -req -in r.csr -signkey k.pem -extfile f.cnf -extensions nosuch'), ['1:CNF-090:error']);
  assert.deepEqual(see('openssl req -new -x509 -config f.cnf -extensions nosuch -key k.pem -subj /CN=x'), ['1:CNF-090:error']);
  assert.deepEqual(see('openssl ca -config f.cnf -name CA_defualt -in r.csr'), ['1:CNF-090:error']);
  assert.deepEqual(see('openssl ca -config f.cnf -name CA_default -in r.csr'), []);
  assert.deepEqual(see('openssl ts -reply -config f.cnf -section tsa_x -queryfile q.tsq'), ['1:CNF-090:error']);
  // openssl ca and ts look keys up in the named section, then the default section: with them there, -name works.
  assert.deepEqual(see('openssl ca -config f.cnf -name nosuch -in r.csr', `database = index.txt\nnew_certs_dir = .\nserial = s\ndefault_md = sha256\ndefault_days = 1\npolicy = pol\ncertificate = c\nprivate_key = k\n${cnf}`).filter((x) => x.includes('CNF-090')), []);
  assert.deepEqual(see('openssl ca -config f.cnf -name nosuch -in r.csr', `database = index.txt\n${cnf}`).filter((x) => x.includes('CNF-090')), ['1:CNF-090:error']);
  // A name the script takes from a variable is not judged; one finding per section named.
  assert.deepEqual(see('openssl ca -config f.cnf -name $CA -extensions $EXT -in r.csr'), []);
});

test('CNF-090: with a used-by comment, the finding is on the command line it gives', () => {
  const text = `# certwright: used-by openssl ca -extensions usr_cer\n${cnf}`;
  const f = lint(text, { path: '/test/f.cnf', commandLine: usedByComment(text, '/test/f.cnf')! });
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}:${x.severity}`), ['1:CNF-090:error']);
  assert.equal(text.slice(f[0]!.finding.start, f[0]!.finding.end), 'openssl ca -extensions usr_cer');
});

test('REQ-004: an openssl req run that builds the subject from a file without one fails; -subj or -in spares it; alone, nothing or a warning', () => {
  // RustCrypto/rustls-rustcrypto certs/openssl.cnf (extension sections only) with `openssl req -new -config openssl.cnf`:
  // OpenSSL 3.0.19 "Error: No objects specified in config file"; an empty prompt-mode DN section: "No template, please set one up".
  const ext = '[ v3_end ]\nbasicConstraints = critical,CA:false\n';
  assert.deepEqual(see('openssl req -new -config f.cnf -key k.pem', ext), ['1:REQ-004:error']);
  assert.deepEqual(see('openssl req -new -config f.cnf -key k.pem', `[ req ]\nprompt = no\n${ext}`), ['1:REQ-004:error']);
  assert.deepEqual(see('openssl req -new -config f.cnf -key k.pem -subj /CN=x', ext), []);
  assert.deepEqual(see('openssl req -x509 -in r.csr -config f.cnf -key k.pem', ext), []);
  assert.deepEqual(lint(ext).map((f) => f.code), []);
  assert.deepEqual(see('openssl req -new -config f.cnf -key k.pem', '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\n'), ['3:REQ-004:error']);
  assert.deepEqual(lint('[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\n').map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:REQ-004:warning']);
  assert.deepEqual(see('openssl req -new -config f.cnf -key k.pem', '[ req ]\ndistinguished_name = dn\n[ dn ]\n'), ['2:REQ-004:error']);
});
