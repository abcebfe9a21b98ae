/**
 * The official image's POSTGRES_HOST_AUTH_METHOD and POSTGRES_INITDB_ARGS with cert, wherever
 * they are set: the rows they make are refused by PostgreSQL 15 (checked in
 * test/peers/pg-command-line.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPgImageEnv } from '../../../server/src/core/setup/pgImageEnv';
import { lintFile, makePki } from './helpers';

const covered = (text: string): string[] => checkPgImageEnv(text).map((f) => `${f.severity} ${f.code} ${text.slice(f.start, f.end)}`);

test('cert as the host method (compose map and list, Kubernetes env, Dockerfile ENV, .env) and in initdb\'s arguments', () => {
  assert.deepEqual(covered('services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: cert\n'), ['error PG-003 cert']);
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      - POSTGRES_HOST_AUTH_METHOD=cert\n      - "POSTGRES_INITDB_ARGS=--auth-host=cert --data-checksums"\n'), ['error PG-003 cert', 'error PG-003 --auth-host=cert']);
  assert.deepEqual(covered('env:\n  - name: POSTGRES_INITDB_ARGS\n    value: "-A cert"\n  - name: POSTGRES_HOST_AUTH_METHOD\n    value: scram-sha-256\n'), ['error PG-003 -A cert']);
  assert.deepEqual(covered('FROM postgres:16\nENV POSTGRES_INITDB_ARGS="--auth=cert"\n'), ['error PG-003 --auth=cert']);
  assert.deepEqual(covered('POSTGRES_HOST_AUTH_METHOD=cert # mutual TLS\n'), ['error PG-003 cert']);
  // Not cert, a variable, or another method whose name starts alike: nothing.
  assert.deepEqual(covered('POSTGRES_HOST_AUTH_METHOD=${AUTH}\nPOSTGRES_INITDB_ARGS=--auth-host=certificate --auth-local=trust\nPOSTGRES_HOST_AUTH_METHOD: md5\n'), []);
});

test('the linter reports it in a compose file, on the value', async () => {
  const pki = makePki('cw-pg-image-env-');
  try {
    const run = await lintFile(pki.write('docker-compose.yml', 'services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: "cert"\n'), { roots: [pki.dir] });
    assert.deepEqual(run.findings.map((f) => `${f.severity} ${f.code} ${run.covered(f)}`), ['error PG-003 cert']);
  } finally {
    pki.cleanup();
  }
});
