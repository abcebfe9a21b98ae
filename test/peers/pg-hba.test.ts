/**
 * pg_hba.conf rows as PostgreSQL 15 itself parses them: each variant is written into
 * a running server's data directory and read back through `pg_hba_file_rules` (the
 * server's own parser, reporting the error of each line), then linted with the built
 * `certwright lint`. The lines PostgreSQL rejects are exactly the lines Certwright marks
 * as errors, with PostgreSQL's wording (the view gives the verdict of each line; a
 * reload logs the message, since some refusals leave the view's error column empty). One reload shows the consequence: the whole
 * file is refused and the previous rules stay in force.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';
import { findPsql, PostgresServer, runBounded, waitFor } from './support/postgresServer';

/** Rows tried one at a time after a `local all all trust` line; the regex is PostgreSQL's error, if any. */
const variants: Array<{ row: string; pg?: RegExp }> = [
  { row: 'host all alice 127.0.0.1/32 cert', pg: /cert authentication is only supported on hostssl connections/ },
  { row: 'hostnossl all alice 127.0.0.1/32 cert', pg: /cert authentication is only supported on hostssl connections/ },
  { row: 'local all alice cert', pg: /cert authentication is only supported on hostssl connections/ },
  { row: 'hostssl all alice 127.0.0.1/32 cert' },
  { row: 'host all all 0.0.0.0/0 scram-sha-256 clientcert=verify-full', pg: /clientcert can only be configured for "hostssl" rows/ },
  { row: 'hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=1', pg: /invalid value for clientcert: "1"/ },
  { row: 'hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=no-verify', pg: /invalid value for clientcert: "no-verify"/ },
  { row: 'hostssl all alice 0.0.0.0/0 cert clientcert=verify-ca', pg: /clientcert only accepts "verify-full" when using "cert" authentication/ },
  { row: 'hostssl all all 0.0.0.0/0 md5 clientname=XY', pg: /invalid value for clientname: "XY"/ },
  { row: 'hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=verify-ca' },
  { row: 'hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=verify-full clientname=DN' },
];

interface JsonFinding {
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** A PostgreSQL 15 server, not started, configured with a CA, server certificate and CRL that Certwright made. */
async function serverWithPki(prefix: string): Promise<{ work: string; pg: PostgresServer }> {
  assertCliBuilt();
  const work = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(work, 'pki');
  certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256', '--days', '30']);
  certwrightOk(['issue', 'node', '--profile', 'postgres', '--dir', dir, '--san', 'localhost', '--san', '127.0.0.1', '--days', '20']);
  certwrightOk(['crl', '--dir', dir]);
  const pg = await PostgresServer.create();
  pg.configure({ cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'root.crt'), crl: join(dir, 'root.crl') });
  return { work, pg };
}

describe('pg_hba.conf: Certwright errors are the rows PostgreSQL 15 rejects', () => {
  let work: string;
  let pg: PostgresServer | undefined;
  let failed = false;

  before(async () => {
    ({ work, pg } = await serverWithPki('certwright-pghba-'));
    pg.start();
  });

  after(() => {
    if (failed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const hba = (): string => join(pg!.dataDir, 'pg_hba.conf');

  /** PostgreSQL's verdict on the file: the view says whether line 2 parsed; a reload logs why not. */
  async function verdict(): Promise<string | undefined> {
    const row = pg!.admin('SELECT coalesce(type, \'-\') || \'|\' || coalesce(error, \'\') FROM pg_hba_file_rules WHERE line_number = 2');
    if (row.startsWith('hostssl|') || row.startsWith('host|') || row.startsWith('hostnossl|') || row.startsWith('local|')) {
      if (row.endsWith('|')) return undefined;
    }
    const mark = pg!.log().length;
    await pg!.reload();
    await waitFor(() => pg!.log().slice(mark).includes('was not reloaded'), 10_000, 'the server to refuse pg_hba.conf');
    return pg!.log().slice(mark);
  }

  for (const v of variants) {
    it(`${v.pg ? 'rejected' : 'accepted'}: ${v.row}`, async () => {
      try {
        writeFileSync(hba(), `local all all trust\n${v.row}\n`);
        const pgLog = await verdict();
        const r = certwright(['lint', '--format', 'json', hba()]);
        const errors = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.severity === 'error');
        if (v.pg) {
          assert.match(pgLog ?? '(accepted)', v.pg, `PostgreSQL's verdict on ${v.row}`);
          assert.equal(errors.length, 1, JSON.stringify(errors));
          assert.equal(errors[0]!.line, 2);
          assert.match(errors[0]!.message, v.pg, 'Certwright quotes PostgreSQL');
        } else {
          assert.equal(pgLog, undefined, `PostgreSQL's verdict on ${v.row}`);
          assert.deepEqual(errors, []);
        }
      } catch (err) {
        failed = true;
        throw err;
      }
    });
  }

  it('a reload with `host … cert` keeps the previous rules (the file is refused as a whole)', async () => {
    writeFileSync(hba(), 'local all all trust\nhost all alice 127.0.0.1/32 cert\n');
    const mark = pg!.log().length;
    await pg!.reload();
    await waitFor(() => pg!.log().slice(mark).includes('pg_hba.conf was not reloaded'), 10_000, 'the server to refuse pg_hba.conf');
    assert.match(pg!.log().slice(mark), /cert authentication is only supported on hostssl connections/);
    // The previous rules are still in force: the trust socket login keeps working.
    assert.equal(pg!.admin('SELECT 1'), '1');
    writeFileSync(hba(), 'local all all trust\n');
  });
});

/**
 * hostssl and cert rows whose postgresql.conf does not let them work: with ssl off
 * PostgreSQL 15 starts, keeps each hostssl row and reports it in pg_hba_file_rules
 * ("hostssl record cannot match because SSL is disabled") — a warning for Certwright
 * (PG-007), no error; with ssl on but no ssl_ca_file it starts too, and a connection
 * that reaches a cert row fails ("client certificates can only be checked if a root
 * certificate store is available") — Certwright's PG-006 error on that row.
 */
describe('pg_hba.conf cert rows against postgresql.conf: ssl off, no ssl_ca_file', () => {
  let work: string;
  let pg: PostgresServer | undefined;
  let failed = false;

  before(async () => {
    ({ work, pg } = await serverWithPki('certwright-pghba-ssl-'));
  });

  after(() => {
    if (failed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const rows = 'local all all trust\nhostssl all alice 127.0.0.1/32 cert\nhostssl all bob 127.0.0.1/32 scram-sha-256 clientcert=verify-ca\nhost all all 127.0.0.1/32 reject\n';

  /** Certwright's findings on pg_hba.conf, as line:severity:code. */
  function lint(): string[] {
    const r = certwright(['lint', '--format', 'json', join(pg!.dataDir, 'pg_hba.conf')]);
    return (JSON.parse(r.stdout) as JsonFinding[]).map((f) => `${f.line}:${f.severity}:${f.code}`);
  }

  it('ssl = off: the server starts and keeps the hostssl rows, which cannot match; Certwright warns on each (PG-007), no error', () => {
    try {
      const conf = join(pg!.dataDir, 'postgresql.conf');
      writeFileSync(conf, `${readFileSync(conf, 'utf8')}ssl = off\n`);
      writeFileSync(join(pg!.dataDir, 'pg_hba.conf'), rows);
      pg!.start();
      assert.equal(pg!.admin('SHOW ssl'), 'off');
      const verdicts = pg!.admin("SELECT line_number || '|' || coalesce(error, '') FROM pg_hba_file_rules ORDER BY line_number").split('\n');
      assert.deepEqual(verdicts, ['1|', '2|hostssl record cannot match because SSL is disabled', '3|hostssl record cannot match because SSL is disabled', '4|']);
      assert.deepEqual(lint(), ['2:warning:PG-007', '3:warning:PG-007']);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  it('ssl = on without ssl_ca_file: the server starts, a connection reaching the cert row fails; Certwright errs on the row (PG-006)', async () => {
    try {
      const conf = join(pg!.dataDir, 'postgresql.conf');
      writeFileSync(conf, `${readFileSync(conf, 'utf8')}ssl = on\nssl_ca_file = ''\nssl_crl_file = ''\n`);
      await pg!.reload(); // ssl and its files are reloadable since PostgreSQL 10
      assert.equal(pg!.admin('SHOW ssl'), 'on');
      assert.equal(pg!.admin("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL"), '0');
      pg!.admin('CREATE ROLE alice LOGIN');
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
      const r = await runBounded(findPsql(pg!.bin), ['-X', '-c', 'select 1', `host=127.0.0.1 port=${pg!.port} user=alice dbname=postgres sslmode=require`], { env, timeoutMs: 20_000 });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /client certificates can only be checked if a root certificate store is available/);
      const found = lint();
      assert.deepEqual(found.filter((f) => f.includes(':error:')), ['2:error:PG-006', '3:error:PG-006']);
    } catch (err) {
      failed = true;
      throw err;
    }
  });
});
