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
 * revoked certificate is refused while others still log in; renewing it with the
 * same key is refused; certwright lint reports the revoked certificate where a connection
 * string presents it, an error exactly where the server's CRL lists it (PG-038); an expired
 * CRL or a CRL of another CA locks every client out, exactly where Certwright's
 * postgresql.conf check reports PG-022 / PG-023 errors.
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
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';
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
      await pg!.logShows(/could not accept SSL connection: certificate verify failed|certificate revoked/);

      const bob = await login('bob', f('bob.crt'), f('bob.key'));
      assert.equal(bob.code, 0, bob.err);
      assert.equal(bob.out, 'bob|true|/CN=bob');
    }),
  );

  it(
    'a connection string presenting the revoked certificate: PostgreSQL refuses it and certwright lint says so where the string names it (PG-038 error); a revocation the loaded CRL does not list yet is a warning, and PostgreSQL accepts that certificate',
    guard(async () => {
      // alice was revoked and the CRL published in the test before; the server loads that CRL.
      const app = join(work, 'app');
      mkdirSync(join(app, 'data'), { recursive: true });
      writeFileSync(join(app, 'data', 'postgresql.conf'), `listen_addresses = '127.0.0.1'\nport = ${pg!.port}\nssl = on\nssl_cert_file = '${f('server.crt')}'\nssl_key_file = '${f('server.key')}'\nssl_ca_file = '${f('root.crt')}'\nssl_crl_file = '${f('root.crl')}'\n`);
      writeFileSync(join(app, 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 cert\n');
      const url = (user: string, cert: string, key: string): string => `postgresql://${user}@127.0.0.1:${pg!.port}/postgres?sslmode=verify-full&sslrootcert=${f('root.crt')}&sslcert=${f(cert)}&sslkey=${f(key)}`;
      writeFileSync(join(app, 'alice.env'), `DATABASE_URL=${url('alice', 'client.crt', 'client.key')}\n`);
      const alice = await login('alice', f('client.crt'), f('client.key'));
      assert.notEqual(alice.code, 0, 'PostgreSQL refuses the revoked certificate');
      console.log(`PostgreSQL, revoked client certificate: client sees ${JSON.stringify(alice.err.split('\n')[0])}`);
      assert.match(alice.err, /sslv3 alert certificate revoked/);

      // carol: revoked by openssl ca in the CA database only; the CRL the server loads does not list her.
      execFileSync('openssl', ['ca', '-config', 'ca-private/openssl-ca.cnf', '-revoke', 'postgresql.crt'], { cwd: dir, stdio: 'pipe' });
      writeFileSync(join(app, 'carol.env'), `DATABASE_URL=${url('carol', 'postgresql.crt', 'postgresql.key')}\n`);
      const carol = await login('carol', f('postgresql.crt'), f('postgresql.key'));
      assert.equal(carol.code, 0, `the CRL does not list carol yet: PostgreSQL accepts her (${carol.err})`);

      const found = (JSON.parse(certwright(['lint', '--format', 'json', work]).stdout) as { file: string; code: string; severity: string; message: string }[]).filter((x) => x.code === 'PG-038');
      assert.deepEqual(found.map((x) => `${x.file.replace(/^.*\//, '')} ${x.severity}`).sort(), ['alice.env error', 'carol.env warning'], JSON.stringify(found));
      assert.match(found.find((x) => x.file.endsWith('alice.env'))!.message, /^sslcert loads CN=alice .*per the CRL root\.crl: the server \(postgresql\.conf\) checks its ssl_crl_file root\.crl, which lists it: PostgreSQL refuses the connection \("SSL error: sslv3 alert certificate revoked"\)/);
      assert.match(found.find((x) => x.file.endsWith('carol.env'))!.message, /per the CA database index\.txt: the server's ssl_crl_file root\.crl does not list it yet/);
    }),
  );

  it(
    'renewing the revoked certificate with its key is refused; --new-key gives alice a certificate PostgreSQL accepts with the same CRL',
    guard(async () => {
      const key = readFileSync(f('client.key'), 'utf8');
      const refused = certwright(['renew', '--dir', dir, '--cert', f('client.crt')]);
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stderr, /was revoked .*--new-key/);
      assert.equal(readFileSync(f('client.key'), 'utf8'), key);
      certwrightOk(['renew', '--dir', dir, '--cert', f('client.crt'), '--new-key']);
      const alice = await login('alice', f('client.crt'), f('client.key'));
      assert.equal(alice.code, 0, alice.err);
    }),
  );

  /** A postgresql.conf naming the test's files with absolute paths, linted by the built CLI. */
  function lintConf(crl: string): { code: string; severity: string; message: string }[] {
    const conf = join(work, 'lint', 'postgresql.conf');
    mkdirSync(join(work, 'lint'), { recursive: true });
    writeFileSync(conf, `ssl = on\nssl_cert_file = '${f('server.crt')}'\nssl_key_file = '${f('server.key')}'\nssl_ca_file = '${f('root.crt')}'\nssl_crl_file = '${crl}'\n`);
    return JSON.parse(certwright(['lint', '--format', 'json', conf]).stdout) as { code: string; severity: string; message: string }[];
  }

  async function withCrl(crl: string): Promise<{ code: number | null; err: string }> {
    pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl });
    await pg!.reload();
    return login('bob', f('bob.crt'), f('bob.key'));
  }

  it(
    "CRL freshness: PostgreSQL refuses every client once nextUpdate has passed (Certwright: PG-022 error); a CRL close to nextUpdate still works (PG-024 warning)",
    guard(async () => {
      // openssl ca itself, from Certwright's CA state, writes a CRL that lapsed yesterday.
      const expired = join(work, 'expired.crl');
      const day = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
      execFileSync('openssl', ['ca', '-config', 'ca-private/openssl-ca.cnf', '-gencrl', '-crl_lastupdate', day(-10), '-crl_nextupdate', day(-1), '-out', expired], { cwd: dir, stdio: 'pipe' });
      const lapsed = await withCrl(expired);
      assert.notEqual(lapsed.code, 0, 'an expired CRL must lock the client out');
      console.log(`PostgreSQL, expired CRL: client sees ${JSON.stringify(lapsed.err.split('\n')[0])}`);
      assert.match(lapsed.err, /alert certificate expired/, 'OpenSSL: X509_V_ERR_CRL_HAS_EXPIRED');
      await pg!.logShows(/CRL has expired|certificate verify failed/);
      const found = lintConf(expired);
      assert.deepEqual(found.map((x) => `${x.code} ${x.severity}`), ['PG-022 error'], JSON.stringify(found));

      certwrightOk(['crl', '--dir', dir, '--crl-days', '5']);
      const soon = await withCrl(f('root.crl'));
      assert.equal(soon.code, 0, soon.err);
      const warned = lintConf(f('root.crl'));
      assert.deepEqual(warned.map((x) => `${x.code} ${x.severity}`), ['PG-024 warning'], JSON.stringify(warned));
      certwrightOk(['crl', '--dir', dir]);
      assert.deepEqual(lintConf(f('root.crl')), [], 'the default CRL lifetime is not flagged');
    }),
  );

  it(
    'a CRL from another CA (same name, other key) in ssl_crl_file: PostgreSQL refuses every client (Certwright: PG-023 error)',
    guard(async () => {
      const other = join(work, 'other-same-name');
      certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', other, '--key', 'p256']);
      const wrong = await withCrl(join(other, 'root.crl'));
      assert.notEqual(wrong.code, 0, 'a CRL of another CA must lock the client out');
      console.log(`PostgreSQL, CRL of another CA: client sees ${JSON.stringify(wrong.err.split('\n')[0])}`);
      assert.match(wrong.err, /alert unknown ca/, 'OpenSSL: X509_V_ERR_UNABLE_TO_GET_CRL');
      const found = lintConf(join(other, 'root.crl'));
      assert.deepEqual(found.map((x) => `${x.code} ${x.severity}`), ['PG-023 error'], JSON.stringify(found));

      const named = join(work, 'other-named');
      certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', named, '--key', 'p256', '--cn', 'Other Root CA']);
      const wrong2 = await withCrl(join(named, 'root.crl'));
      assert.notEqual(wrong2.code, 0);
      console.log(`PostgreSQL, CRL of a CA with another name: client sees ${JSON.stringify(wrong2.err.split('\n')[0])}`);
      assert.match(wrong2.err, /alert unknown ca/);
      await pg!.logShows(/unable to get certificate CRL|certificate verify failed/);
      assert.deepEqual(lintConf(join(named, 'root.crl')).map((x) => `${x.code} ${x.severity}`), ['PG-023 error']);

      const back = await withCrl(f('root.crl'));
      assert.equal(back.code, 0, back.err);
    }),
  );
});
