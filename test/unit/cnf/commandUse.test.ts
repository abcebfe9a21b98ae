/**
 * commandUsesOf: what an openssl command line says about the configuration files it reads. The
 * classes oracle (test/peers/cnf-classes-openssl.test.ts) derives every case's use from the words
 * openssl itself ran; here the forms that oracle does not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUsesOf } from '../../../server/src/core/cnf/commandUse';

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
