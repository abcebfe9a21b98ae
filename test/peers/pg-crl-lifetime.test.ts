/**
 * A real PostgreSQL 15 and an intermediate CA whose copy of its root's CRL has lapsed:
 * PostgreSQL checks a CRL for every CA of a client's chain (ssl_crl_file), so the
 * intermediate's CRL file — its own fresh CRL, then the root's it publishes with it — locks
 * every client out once the root's part passes its nextUpdate. `certwright crl --dir INT`
 * warns about it; `certwright crl --dir ROOT` then `certwright crl --dir INT --parent ROOT`
 * publishes the root's current CRL with the intermediate's, and the client logs in again.
 *
 * The root and its first CRL are made 200 days ago with faketime (the root's CRL lives 180
 * days); without faketime the reason is printed and the test does not run (the same
 * verdicts come from openssl verify -crl_check_all -attime in test/peers/issue-life.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwrightOk, cliPath } from './support/certwrightCli';
import { findPostgresBin, findPsql, PostgresServer, runBounded } from './support/postgresServer';

const hasFaketime = spawnSync('faketime', ['-f', '-1d', 'true']).status === 0;

describe('PostgreSQL 15 (ssl_crl_file) and an intermediate publishing a lapsed copy of its root CRL', () => {
  let work: string;
  let pg: PostgresServer | undefined;
  let psql: string;
  const root = (): string => join(work, 'root');
  const int = (): string => join(work, 'int');

  before(async () => {
    if (!hasFaketime) {
      console.log('pg-crl-lifetime not run: faketime is not installed (apt install faketime); openssl verify -attime covers the verdicts in issue-life.test.ts');
      return;
    }
    assertCliBuilt();
    psql = findPsql(findPostgresBin());
    work = mkdtempSync(join(tmpdir(), 'certwright-pg-crl-life-'));
    const past = (args: string[]): void => {
      const r = spawnSync('faketime', ['-f', '-200d', process.execPath, cliPath, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '' } });
      assert.equal(r.status, 0, `${args.join(' ')}\n${r.stderr}`);
    };
    past(['ca', 'create', '--profile', 'postgres', '--dir', root(), '--key', 'p256', '--pathlen', '1']);
    past(['ca', 'create', '--profile', 'postgres', '--dir', int(), '--parent', root(), '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', int(), '--san', '127.0.0.1', '--key', 'p256']);
    certwrightOk(['issue', 'client', '--dir', int(), '--user', 'alice', '--key', 'p256']);
    pg = await PostgresServer.create();
  });

  after(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function login(): Promise<{ code: number | null; err: string }> {
    const conninfo = `host=127.0.0.1 port=${pg!.port} dbname=postgres user=alice sslmode=verify-full connect_timeout=10 sslrootcert=${join(root(), 'root.crt')} sslcert=${join(int(), 'client.crt')} sslkey=${join(int(), 'client.key')}`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
    const r = await runBounded(psql, ['-X', '-A', '-t', '-c', 'select 1', conninfo], { env, timeoutMs: 20_000 });
    return { code: r.code, err: `${r.stdout}${r.stderr}`.trim() };
  }

  it('crl warns about the lapsed copy and PostgreSQL refuses the client; after crl --parent it logs in', async (t) => {
    if (!hasFaketime) {
      t.diagnostic('not run: faketime is not installed');
      return;
    }
    const stale = certwrightOk(['crl', '--dir', int()]);
    assert.match(stale.stderr, /the CRL of CN = PostgreSQL Root CA published with this one passed its nextUpdate on .*PostgreSQL \(ssl_crl_file\)/);
    pg!.configure({ cert: join(int(), 'server.crt'), key: join(int(), 'server.key'), ca: join(root(), 'root.crt'), crl: join(int(), 'root.crl') });
    pg!.start();
    pg!.admin('CREATE ROLE alice LOGIN;');
    const refused = await login();
    assert.notEqual(refused.code, 0, refused.err);
    // OpenSSL's "CRL has expired" goes to the client as the certificate_expired alert.
    assert.match(refused.err, /certificate expired/);
    await pg!.logShows(/could not accept SSL connection: certificate verify failed/);

    certwrightOk(['crl', '--dir', root()]);
    const fresh = certwrightOk(['crl', '--dir', int(), '--parent', root()]);
    assert.doesNotMatch(fresh.stderr, /warning/);
    pg!.installTls({ cert: join(int(), 'server.crt'), key: join(int(), 'server.key'), ca: join(root(), 'root.crt'), crl: join(int(), 'root.crl') });
    await pg!.reload();
    const ok = await login();
    assert.equal(ok.code, 0, ok.err);
  });
});
