/**
 * commandUsesOf: what an openssl command line says about the configuration files it reads. The
 * classes oracle (test/peers/cnf-classes-openssl.test.ts) derives every case's use from the words
 * openssl itself ran; here the forms that oracle does not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUsesOf, usedByComment } from '../../../server/src/core/cnf/commandUse';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { defaultLintSettings } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const uses = (line: string) => commandUsesOf(line.split(' '));

test('req and ts load -config as the configuration; -extensions / -reqexts pick the section', () => {
  assert.deepEqual(uses('openssl req -new -config req.cnf -reqexts v3_req -key k.pem'), [{ file: 'req.cnf', use: { extensions: ['v3_req'], loadedAs: 'config' } }]);
  assert.deepEqual(uses('/usr/bin/openssl req -x509 --config=req.cnf -extensions=v3_ca'), [{ file: 'req.cnf', use: { extensions: ['v3_ca'], loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ts -reply -config tsa.cnf -queryfile q.tsq'), [{ file: 'tsa.cnf', use: { loadedAs: 'config' } }]);
});

test('x509 -extfile only reads extensions; ca with -extfile takes -extensions from that file, -name and the operation from the command', () => {
  assert.deepEqual(uses('openssl x509 -req -in r.csr -extfile ext.cnf -extensions san'), [{ file: 'ext.cnf', use: { extensions: ['san'] } }]);
  assert.deepEqual(uses('openssl ca -config ca.cnf -name sub -extfile ext.cnf -extensions leaf -in r.csr'), [
    { file: 'ca.cnf', use: { caName: 'sub', caOperation: 'sign', loadedAs: 'config' } },
    { file: 'ext.cnf', use: { extensions: ['leaf'] } },
  ]);
  assert.deepEqual(uses('ca -config ca.cnf -gencrl -out crl.pem'), [{ file: 'ca.cnf', use: { caOperation: 'gencrl', loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ca -config ca.cnf -revoke old.pem -crl_reason keyCompromise'), [{ file: 'ca.cnf', use: { caOperation: 'revoke', loadedAs: 'config' } }]);
});

test('a value that looks like an option is the value (-subj /CN=-x, -passin pass:-config)', () => {
  assert.deepEqual(uses('openssl req -new -passin pass:-config -subj -config -config real.cnf'), [{ file: 'real.cnf', use: { loadedAs: 'config' } }]);
});

test('other commands, and commands that read no file, are said to be so', () => {
  assert.match((uses('openssl genpkey -algorithm ec') as { error: string }).error, /is not an openssl req, ca, x509 or ts command/);
  assert.match((uses('openssl x509 -in c.pem -noout -text') as { error: string }).error, /names no file with -extfile/);
  assert.match((commandUsesOf([]) as { error: string }).error, /is not an openssl/);
});

test('# certwright: used-by declares the use in the file itself; the file may be left unnamed', () => {
  assert.deepEqual(usedByComment('# certwright: used-by openssl ca -name CA_root -gencrl\n[ ca ]\n', '/w/ca.cnf'), { caName: 'CA_root', caOperation: 'gencrl', loadedAs: 'config' });
  assert.deepEqual(usedByComment('[ san ]\n  # certwright: used-by openssl x509 -req -extensions san   # as sign.sh runs it\n', '/w/ext.cnf'), { extensions: ['san'] });
  // A command naming this file and another: the use of this one.
  assert.deepEqual(usedByComment('# certwright: used-by openssl ca -config ca.cnf -extfile leaf.ext -extensions leaf\n', '/w/leaf.ext'), { extensions: ['leaf'] });
  assert.equal(usedByComment('# certwright: used-by openssl genpkey\n', '/w/a.cnf'), undefined);
  assert.equal(usedByComment(`${'#\n'.repeat(3000)}# certwright: used-by openssl ca -name x\n`, '/w/a.cnf'), undefined);
});

test('the openssl.cnf linter judges a file with a used-by comment as that command uses it', async () => {
  const text = (comment: string) => `${comment}[ ca ]\ndefault_ca = CA_default\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\nserial = serial\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n`;
  const codes = async (t: string) => (await cnfLinter.lint({ path: '/virtual/used-by/ca.cnf', text: t }, { env: nodeEnvironment(), settings: defaultLintSettings, workspaceRoots: [] })).map((f) => f.code);
  assert.deepEqual(await codes(text('')), ['CA-001']);
  assert.deepEqual(await codes(text('# certwright: used-by openssl ca -name CA_root\n')), []);
});
