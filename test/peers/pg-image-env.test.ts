/**
 * The official image's POSTGRES_INITDB_ARGS and POSTGRES_HOST_AUTH_METHOD, as its entrypoint
 * uses them on a first start (initdb with the arguments, then `host all all all <method>`
 * appended to pg_hba.conf, then a server), run here with PostgreSQL 15's own initdb and
 * server: cert as the host method or in --auth-host stops the server, --auth=cert stops
 * initdb, a password method starts. Certwright's verdict on a compose file setting the same
 * values agrees: PG-003 on the value, nothing for the method that works.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright } from './support/certwrightCli';
import { findPostgresBin, freePort } from './support/postgresServer';

const asRoot = process.getuid?.() === 0;

describe('the postgres image\'s POSTGRES_INITDB_ARGS / POSTGRES_HOST_AUTH_METHOD with cert, against PostgreSQL 15', () => {
  let dir: string;
  let bin: string;
  let owner: { uid: number; gid: number } | undefined;

  before(() => {
    assertCliBuilt();
    bin = findPostgresBin();
    dir = mkdtempSync(join(tmpdir(), 'certwright-pgenv-'));
    if (asRoot) {
      owner = { uid: Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()) };
      chownSync(dir, owner.uid, owner.gid);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000, cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  };

  /** initdb with the image's arguments, the entrypoint's host row, a server start (stopped again); what failed and its words. */
  const firstStart = async (name: string, initdbArgs: string[], hostMethod: string, serverOpts = ''): Promise<string> => {
    const data = join(dir, name);
    const init = run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', ...initdbArgs]);
    if (init.status !== 0) return `initdb: ${init.stderr}`;
    appendFileSync(join(data, 'pg_hba.conf'), `\nhost all all all ${hostMethod}\n`);
    const log = join(dir, `${name}.log`);
    const port = await freePort();
    const start = run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} ${serverOpts}`, 'start']);
    const text = spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    if (start.status === 0) {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      return 'started';
    }
    return `server: ${text}`;
  };

  const lint = (name: string, env: string, command = ''): string[] => {
    const file = join(dir, `${name}.yml`);
    writeFileSync(file, `services:\n  db:\n    image: postgres:15\n${command ? `    command: ${command}\n` : ''}    environment:\n${env}`);
    const out = JSON.parse(certwright(['lint', '--format', 'json', file]).stdout) as { severity: string; code: string; line: number }[];
    return out.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.severity} ${f.code} line ${f.line}`);
  };

  it('POSTGRES_HOST_AUTH_METHOD=cert: the appended host row stops the server; Certwright PG-003 on the value', async () => {
    assert.match(await firstStart('host-cert', [], 'cert'), /cert authentication is only supported on hostssl connections[\s\S]*could not load pg_hba\.conf/);
    assert.deepEqual(lint('host-cert', '      POSTGRES_HOST_AUTH_METHOD: cert\n'), ['error PG-003 line 5']);
  });

  it('POSTGRES_INITDB_ARGS=--auth-host=cert stops the server, --auth=cert stops initdb; a password method starts, and Certwright says nothing of it', async () => {
    assert.match(await firstStart('initdb-host', ['--auth-host=cert'], 'scram-sha-256'), /cert authentication is only supported on hostssl connections/);
    assert.deepEqual(lint('initdb-host', '      POSTGRES_INITDB_ARGS: "--auth-host=cert"\n'), ['error PG-003 line 5']);
    assert.match(await firstStart('initdb-all', ['--auth=cert'], 'scram-sha-256'), /initdb: .*invalid authentication method "cert" for "local" connections/);
    assert.deepEqual(lint('initdb-all', '      - POSTGRES_INITDB_ARGS=--auth=cert\n'), ['error PG-003 line 5']);
    assert.equal(await firstStart('scram', ['--auth-host=scram-sha-256'], 'scram-sha-256'), 'started');
    assert.deepEqual(lint('scram', '      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n      POSTGRES_INITDB_ARGS: --auth-host=scram-sha-256\n'), []);
  });

  it('the method is the value\'s first word: "cert clientcert=verify-full" stops the server as cert does; Certwright PG-003 on cert', async () => {
    assert.match(await firstStart('host-cert-opts', [], 'cert clientcert=verify-full'), /cert authentication is only supported on hostssl connections[\s\S]*could not load pg_hba\.conf/);
    assert.deepEqual(lint('host-cert-opts', '      POSTGRES_HOST_AUTH_METHOD: cert clientcert=verify-full\n'), ['error PG-003 line 5']);
  });

  it('a server started with its own hba_file never reads the cert rows written into $PGDATA/pg_hba.conf: it starts, and Certwright says nothing', async () => {
    const hba = join(dir, 'own_hba.conf');
    writeFileSync(hba, 'local all all trust\nhostssl all all all cert\n');
    if (owner) chownSync(hba, owner.uid, owner.gid);
    assert.equal(await firstStart('own-hba', ['--auth-host=cert'], 'cert clientcert=verify-full', `-c hba_file=${hba}`), 'started');
    assert.deepEqual(lint('own-hba', '      POSTGRES_HOST_AUTH_METHOD: cert clientcert=verify-full\n      POSTGRES_INITDB_ARGS: --auth-host=cert\n', `postgres -c hba_file=${hba}`), []);
    // --auth=cert still stops initdb, before any server reads anything.
    assert.deepEqual(lint('own-hba-all', '      POSTGRES_INITDB_ARGS: --auth=cert\n', `postgres -c hba_file=${hba}`), ['error PG-003 line 6']);
  });
});
