/**
 * The official image's POSTGRES_HOST_AUTH_METHOD and POSTGRES_INITDB_ARGS with cert, wherever
 * they are set: the rows they make are refused by PostgreSQL 15 (checked in
 * test/peers/pg-command-line.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPgImageEnv } from '../../../server/src/core/setup/pgImageEnv';
import { lintFile, makePki } from './helpers';

const covered = (text: string, path = 'docker-compose.yml'): string[] => checkPgImageEnv(path, text).map((f) => `${f.severity} ${f.code} ${text.slice(f.start, f.end)}`);

test('cert as the host method (compose map and list, Kubernetes env, Dockerfile ENV, .env) and in initdb\'s arguments', () => {
  assert.deepEqual(covered('services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: cert\n'), ['error PG-003 cert']);
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      - POSTGRES_HOST_AUTH_METHOD=cert\n      - "POSTGRES_INITDB_ARGS=--auth-host=cert --data-checksums"\n'), ['error PG-003 cert', 'error PG-003 --auth-host=cert']);
  assert.deepEqual(covered('env:\n  - name: POSTGRES_INITDB_ARGS\n    value: "-A cert"\n  - name: POSTGRES_HOST_AUTH_METHOD\n    value: scram-sha-256\n'), ['error PG-003 -A cert']);
  assert.deepEqual(covered('FROM postgres:16\nENV POSTGRES_INITDB_ARGS="--auth=cert"\n', 'Dockerfile'), ['error PG-003 --auth=cert']);
  assert.deepEqual(covered('FROM postgres:16\nENV POSTGRES_USER=app \\\n    POSTGRES_HOST_AUTH_METHOD=cert\n', 'Dockerfile'), ['error PG-003 cert']);
  assert.deepEqual(covered('POSTGRES_HOST_AUTH_METHOD=cert # mutual TLS\n', '.env'), ['error PG-003 cert']);
  assert.deepEqual(covered('docker run -e POSTGRES_HOST_AUTH_METHOD=cert -e "POSTGRES_INITDB_ARGS=--auth-host=cert" postgres:15\n', 'run.sh'), ['error PG-003 cert', 'error PG-003 --auth-host=cert']);
  assert.deepEqual(covered('jobs:\n  t:\n    steps:\n      - run: |\n          docker run --env=POSTGRES_HOST_AUTH_METHOD=cert postgres\n', '.github/workflows/ci.yml'), ['error PG-003 cert']);
  // Not cert, a variable, or another method whose name starts alike: nothing.
  assert.deepEqual(covered('POSTGRES_HOST_AUTH_METHOD=${AUTH}\nPOSTGRES_INITDB_ARGS=--auth-host=certificate --auth-local=trust\n', '.env'), []);
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: md5\n'), []);
});

test('the method is the first word of the value: cert with options is cert', () => {
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: cert clientcert=verify-full\n'), ['error PG-003 cert']);
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256 clientcert=verify-full\n'), []);
});

test('commented-out settings are not settings', () => {
  assert.deepEqual(covered('services:\n  db:\n    environment:\n      # POSTGRES_HOST_AUTH_METHOD: cert\n      POSTGRES_PASSWORD: x\n'), []);
  assert.deepEqual(covered('# POSTGRES_HOST_AUTH_METHOD=cert\n', '.env'), []);
  assert.deepEqual(covered('FROM postgres:16\n# ENV POSTGRES_HOST_AUTH_METHOD=cert\n', 'Dockerfile'), []);
  assert.deepEqual(covered('#!/bin/sh\n#   docker run -e POSTGRES_HOST_AUTH_METHOD=cert postgres\n', 'run.sh'), []);
});

test('a server with its own hba_file never reads the rows the image writes into $PGDATA/pg_hba.conf', () => {
  const compose = (cmd: string, env: string): string => `services:\n  db:\n    image: postgres:15\n    command: ${cmd}\n    environment:\n${env}  other:\n    image: postgres:15\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: cert\n`;
  const env = '      POSTGRES_HOST_AUTH_METHOD: cert clientcert=verify-full\n      POSTGRES_INITDB_ARGS: --auth-host=cert\n';
  // The service with its own hba_file: nothing; the other service (no hba_file) still fails.
  assert.deepEqual(covered(compose('postgres -c ssl=on -c hba_file=/var/lib/postgresql/pg_hba.conf', env)), ['error PG-003 cert']);
  // --auth=cert stops initdb whatever the server reads later.
  assert.deepEqual(covered(compose('postgres -c hba_file=/etc/pg/pg_hba.conf', '      POSTGRES_INITDB_ARGS: --auth=cert\n')), ['error PG-003 --auth=cert', 'error PG-003 cert']);
  // hba_file naming the data directory's own file is that file again.
  assert.deepEqual(covered(compose('postgres -c hba_file=/var/lib/postgresql/data/pg_hba.conf', env)), ['error PG-003 cert', 'error PG-003 --auth-host=cert', 'error PG-003 cert']);
  // Kubernetes: the container's args.
  const k8s = 'spec:\n  containers:\n    - name: db\n      image: postgres:15\n      args: ["-c", "hba_file=/etc/hba/pg_hba.conf"]\n      env:\n        - name: POSTGRES_HOST_AUTH_METHOD\n          value: cert\n';
  assert.deepEqual(covered(k8s, 'db.yaml'), []);
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
