/**
 * A REAL PostgreSQL server (Debian's postgresql package) checks Certwright's
 * PostgreSQL profile end to end: the server runs with `ssl = on`, the issued server
 * certificate and key, `ssl_ca_file` = the Certwright CA, `ssl_crl_file` = its CRL,
 * and pg_hba.conf `hostssl all all 127.0.0.1/32 cert`. Clients are libpq (`psql`,
 * sslmode=verify-full) and the `pg` npm package.
 *
 * Proves: the client certificate whose CN is the user logs in; a certificate for
 * another user or from another CA does not; libpq's default file names
 * (~/.postgresql/postgresql.crt / .key / root.crt) work; libpq refuses a key file with
 * group/world bits; after `certwright revoke` + `certwright crl` and a reload the
 * revoked certificate is refused while others still log in.
 *
 * Needs `npm run build` and the PostgreSQL server binaries (scripts/install-system-deps.sh).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertCliBuilt, certwrightOk } from './support/certwrightCli';
import { findPostgresBin, findPsql, PostgresServer, runBounded } from './support/postgresServer';

/** The environment without PG* variables, so only the test's parameters count. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
}

describe('PostgreSQL server with Certwright certificates (hostssl ... cert)', () => {
  let work: string;
  let dir: string;
  let pg: PostgresServer | undefined;
  let psql: string;
  let failed = false;

  const f = (name: string): string => join(dir, name);

  before(async () => {
    assertCliBuilt();
    // Fail loudly (not skip) when PostgreSQL is missing: findPostgresBin throws with the fix.
    psql = findPsql(findPostgresBin());
    work = mkdtempSync(join(tmpdir(), 'certwright-pg-test-'));
    dir = join(work, 'pki');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--profile', 'postgres', '--dir', dir, '--san', 'localhost', '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--profile', 'postgres', '--dir', dir, '--user', 'alice']);
    certwrightOk(['issue', 'client', '--profile', 'postgres', '--dir', dir, '--user', 'bob', '--name', 'bob']);
    certwrightOk(['issue', 'client', '--profile', 'postgres', '--dir', dir, '--user', 'carol', '--name', 'postgresql']);
    certwrightOk(['crl', '--dir', dir]);

    pg = await PostgresServer.create();
    pg.configure({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN; CREATE ROLE carol LOGIN;');
  });

  after(() => {
    if (failed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** psql over TLS with libpq's strictest mode; returns exit code and output. */
  async function login(user: string, cert: string | undefined, key: string | undefined, extraEnv: NodeJS.ProcessEnv = {}) {
    const conninfo = [
      'host=127.0.0.1',
      `port=${pg!.port}`,
      'dbname=postgres',
      `user=${user}`,
      'sslmode=verify-full',
      'connect_timeout=10',
      ...(cert ? [`sslrootcert=${f('root.crt')}`, `sslcert=${cert}`, `sslkey=${key}`] : []),
    ].join(' ');
    const r = await runBounded(psql, ['-X', '-A', '-t', '-c', "select current_user || '|' || ssl::text || '|' || coalesce(client_dn, '') from pg_stat_ssl where pid = pg_backend_pid()", conninfo], {
      env: { ...cleanEnv(), PGCONNECT_TIMEOUT: '10', ...extraEnv },
      timeoutMs: 20_000,
    });
    return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim() };
  }

  function guard<T>(fn: () => Promise<T>): () => Promise<T> {
    return async () => {
      try {
        return await fn();
      } catch (err) {
        failed = true;
        throw err;
      }
    };
  }

  it(
    'the client certificate with CN = user logs in through libpq (psql, sslmode=verify-full against the IP SAN)',
    guard(async () => {
      const r = await login('alice', f('client.crt'), f('client.key'));
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, 'alice|true|/CN=alice');
    }),
  );

  it(
    'the pg npm package logs in with the same files (Node TLS verifies the server against root.crt and its SAN)',
    guard(async () => {
      const client = new Client({
        host: '127.0.0.1',
        port: pg!.port,
        user: 'alice',
        database: 'postgres',
        connectionTimeoutMillis: 10_000,
        ssl: { ca: readFileSync(f('root.crt'), 'utf8'), cert: readFileSync(f('client.crt'), 'utf8'), key: readFileSync(f('client.key'), 'utf8'), rejectUnauthorized: true },
      });
      await client.connect();
      try {
        const res = await client.query<{ u: string }>('select current_user as u');
        assert.equal(res.rows[0]?.u, 'alice');
      } finally {
        await client.end();
      }
    }),
  );

  it(
    "libpq's default names work: postgresql.crt / postgresql.key / root.crt in ~/.postgresql, no ssl* parameters",
    guard(async () => {
      const home = join(work, 'home');
      mkdirSync(join(home, '.postgresql'), { recursive: true, mode: 0o700 });
      for (const n of ['postgresql.crt', 'postgresql.key', 'root.crt']) copyFileSync(f(n), join(home, '.postgresql', n));
      chmodSync(join(home, '.postgresql', 'postgresql.key'), 0o600);
      const r = await login('carol', undefined, undefined, { HOME: home });
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, 'carol|true|/CN=carol');
    }),
  );

  it(
    "refuses: bob's certificate for user alice, a certificate from another CA, a key file with group/world bits",
    guard(async () => {
      const asAlice = await login('alice', f('bob.crt'), f('bob.key'));
      assert.notEqual(asAlice.code, 0);
      assert.match(asAlice.err, /certificate authentication failed for user "alice"/);

      const other = join(work, 'other');
      mkdirSync(other);
      certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', other, '--key', 'p256', '--days', '2']);
      certwrightOk(['issue', 'client', '--profile', 'postgres', '--dir', other, '--user', 'alice', '--days', '1']);
      const foreign = await login('alice', join(other, 'client.crt'), join(other, 'client.key'));
      assert.notEqual(foreign.code, 0);
      assert.match(foreign.err, /certificate verify failed|unknown ca|SSL error/i);

      const loose = join(work, 'loose.key');
      writeFileSync(loose, readFileSync(f('client.key')));
      chmodSync(loose, 0o644);
      const lax = await login('alice', f('client.crt'), loose);
      assert.notEqual(lax.code, 0);
      assert.match(lax.err, /has group or world access/);
    }),
  );

  it(
    'after certwright revoke + crl and a server reload, the revoked certificate is refused and others still log in',
    guard(async () => {
      const before = await login('alice', f('client.crt'), f('client.key'));
      assert.equal(before.code, 0, before.err);

      certwrightOk(['revoke', '--dir', dir, '--cert', f('client.crt')]);
      certwrightOk(['crl', '--dir', dir]);
      const index = readFileSync(join(dir, 'ca-private', 'index.txt'), 'utf8');
      assert.match(index, /^R\t.*\/CN=alice$/m, index);
      // openssl agrees that the new CRL lists the certificate
      const serial = execFileSync('openssl', ['x509', '-in', f('client.crt'), '-noout', '-serial'], { encoding: 'utf8' }).trim().replace(/^serial=/, '');
      const crlText = execFileSync('openssl', ['crl', '-in', f('root.crl'), '-noout', '-text'], { encoding: 'utf8' });
      assert.ok(crlText.includes(`Serial Number: ${serial}`), `CRL does not list ${serial}:\n${crlText}`);

      pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
      await pg!.reload();

      const revoked = await login('alice', f('client.crt'), f('client.key'));
      assert.notEqual(revoked.code, 0, `revoked certificate still logged in: ${revoked.out}`);
      assert.match(revoked.err, /certificate revoked/);
      assert.match(pg!.log(), /could not accept SSL connection: certificate verify failed|certificate revoked/);

      const bob = await login('bob', f('bob.crt'), f('bob.key'));
      assert.equal(bob.code, 0, bob.err);
      assert.equal(bob.out, 'bob|true|/CN=bob');
    }),
  );
});
