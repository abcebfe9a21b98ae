/** PostgreSQL: postgresql.conf ssl_* settings and pg_hba.conf cert / clientcert lines. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyEdits, findingRows, lintFile, makePki, type Pki } from './helpers';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const repo = resolve(__dirname, '../../..');
let pki: Pki;

function certwright(args: string[]): void {
  execFileSync(process.execPath, ['--import', 'tsx', resolve(repo, 'server/src/cli.ts'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
}

const goodConf = "listen_addresses = '*'\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n";

/** A data directory with the CLI's files and the given configs. */
function dataDir(name: string, conf: string, hba: string): string {
  for (const f of ['server.crt', 'server.key', 'root.crt', 'root.crl', 'alice.crt']) copyFileSync(pki.path(`pki/${f}`), pki.write(`${name}/${f}`, ''));
  chmodSync(pki.path(`${name}/server.key`), 0o600);
  pki.write(`${name}/postgresql.conf`, conf);
  pki.write(`${name}/pg_hba.conf`, hba);
  return pki.path(name);
}

before(() => {
  pki = makePki('cw-pg-');
  const d = pki.path('pki');
  certwright(['ca', 'create', '--profile', 'postgres', '--dir', d, '--key', 'p256']);
  certwright(['issue', 'node', '--profile', 'postgres', '--dir', d, '--san', 'localhost', '--key', 'p256']);
  certwright(['issue', 'client', '--dir', d, '--user', 'alice', '--key', 'p256']);
  copyFileSync(`${d}/client.crt`, `${d}/alice.crt`);
});
after(() => pki.cleanup());

function only(run: Awaited<ReturnType<typeof lintFile>>, code: string) {
  const f = run.byCode(code);
  assert.equal(f.length, 1, `expected one ${code}, got ${JSON.stringify(run.findings.map((x) => `${x.code}:${x.message}`))}`);
  return f[0]!;
}

describe('PostgreSQL', () => {
  test('a correct data directory has no error or warning', async () => {
    const dir = dataDir('ok', goodConf, 'local all all peer\nhostssl all alice 0.0.0.0/0 cert\nhostssl all all ::1/128 scram-sha-256 clientcert=verify-full\n');
    for (const f of ['postgresql.conf', 'pg_hba.conf']) {
      const run = await lintFile(`${dir}/${f}`);
      assert.deepEqual(run.findings.map((x) => `${f}: ${x.code} ${x.message}`), []);
    }
  });

  test('PG-001: the certificate made for bob carries CN=alice', async () => {
    const dir = dataDir('pg001', goodConf, 'hostssl all bob 0.0.0.0/0 cert\n');
    copyFileSync(`${dir}/alice.crt`, `${dir}/bob.crt`);
    const run = await lintFile(`${dir}/pg_hba.conf`);
    const f = only(run, 'PG-001');
    assert.equal(run.covered(f), 'bob');
    assert.equal(f.related?.[0]?.file, `${dir}/bob.crt`);
  });

  test('PG-002: clientcert=1, fixed to verify-ca', async () => {
    const dir = dataDir('pg002', goodConf, 'hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=1\n');
    const run = await lintFile(`${dir}/pg_hba.conf`);
    const f = only(run, 'PG-002');
    assert.equal(run.covered(f), 'clientcert=1');
    assert.match(applyEdits(run.text, f.fixes![0]!.edits!), /clientcert=verify-ca/);
  });

  test('PG-003: clientcert on a host row, fixed to hostssl', async () => {
    const dir = dataDir('pg003', goodConf, 'host all all 0.0.0.0/0 scram-sha-256 clientcert=verify-full\n');
    const run = await lintFile(`${dir}/pg_hba.conf`);
    const f = only(run, 'PG-003');
    assert.equal(run.covered(f), 'clientcert=verify-full');
    assert.match(applyEdits(run.text, f.fixes![0]!.edits!), /^hostssl all all/);
  });

  test('PG-003: cert on a host, hostnossl or local row is an error in PostgreSQL\'s words; host/hostnossl get the hostssl fix', async () => {
    for (const [row, fixed] of [
      ['host all alice 0.0.0.0/0 cert\n', 'hostssl all alice 0.0.0.0/0 cert\n'],
      ['hostnossl all alice 0.0.0.0/0 cert\n', 'hostssl all alice 0.0.0.0/0 cert\n'],
      ['local all alice cert\n', undefined],
    ] as const) {
      const dir = dataDir(`pg003-${row.split(' ')[0]}`, goodConf, row);
      const run = await lintFile(`${dir}/pg_hba.conf`);
      const f = only(run, 'PG-003');
      assert.equal(f.severity, 'error');
      assert.equal(run.covered(f), row.split(' ')[0]);
      assert.match(f.message, /^cert authentication is only supported on hostssl connections/);
      assert.equal(f.fixes ? applyEdits(run.text, f.fixes[0]!.edits!) : undefined, fixed);
    }
  });

  test('PG-004: cert with clientcert=verify-ca, fixed by removing it', async () => {
    const dir = dataDir('pg004', goodConf, 'hostssl all alice 0.0.0.0/0 cert clientcert=verify-ca\n');
    const run = await lintFile(`${dir}/pg_hba.conf`);
    const f = only(run, 'PG-004');
    assert.equal(applyEdits(run.text, f.fixes![0]!.edits!), 'hostssl all alice 0.0.0.0/0 cert\n');
  });

  test('PG-006: cert authentication without ssl_ca_file', async () => {
    const dir = dataDir('pg006', goodConf.replace("ssl_ca_file = 'root.crt'\n", ''), 'hostssl all alice 0.0.0.0/0 cert\n');
    const run = await lintFile(`${dir}/pg_hba.conf`);
    const f = only(run, 'PG-006');
    assert.equal(run.covered(f), 'cert');
    assert.equal(f.related?.[0]?.file, `${dir}/postgresql.conf`);
  });

  test('PG-007: with ssl off (set or by default) each hostssl row is a warning in PostgreSQL\'s words, and its cert rows no PG-006', async () => {
    for (const conf of ['ssl = off\n', "listen_addresses = '*'\n", 'ssl = of\n']) {
      const dir = dataDir(`pg007-${conf.length}`, conf, 'local all all trust\nhostssl all alice 0.0.0.0/0 cert\nhostssl all all 0.0.0.0/0 scram-sha-256 clientcert=verify-full\n');
      const run = await lintFile(`${dir}/pg_hba.conf`);
      assert.deepEqual(findingRows(run), ['warning PG-007 hostssl', 'warning PG-007 hostssl'], conf);
      assert.match(run.findings[0]!.message, /^hostssl record cannot match because SSL is disabled/);
    }
    // ssl set in a file this one includes: not known here, so neither PG-007 nor PG-006.
    const dir = dataDir('pg007-include', "include_dir = 'conf.d'\n", 'hostssl all alice 0.0.0.0/0 cert\n');
    assert.deepEqual((await lintFile(`${dir}/pg_hba.conf`)).findings, []);
  });

  test('postgresql.auto.conf (ALTER SYSTEM) is read after postgresql.conf, as PostgreSQL 15 does: its settings win', async () => {
    const hba = 'hostssl all alice 0.0.0.0/0 cert\n';
    const on = dataDir('auto-on', 'ssl = off\n', hba);
    pki.write('auto-on/postgresql.auto.conf', "# Do not edit this file manually!\nssl = 'on'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n");
    assert.deepEqual((await lintFile(`${on}/pg_hba.conf`)).findings.map((f) => f.code), [], 'ssl = on in postgresql.auto.conf: the hostssl row is reached');
    const off = dataDir('auto-off', goodConf, hba);
    pki.write('auto-off/postgresql.auto.conf', "ssl = 'off'\n");
    const run = await lintFile(`${off}/pg_hba.conf`);
    assert.equal(run.covered(only(run, 'PG-007')), 'hostssl');
    assert.match(run.byCode('PG-007')[0]!.message, /postgresql\.auto\.conf sets ssl = off/);
    assert.equal(run.byCode('PG-007')[0]!.related?.[0]?.file, `${off}/postgresql.auto.conf`);
    // A file setting of postgresql.conf that postgresql.auto.conf replaces is not read: nothing to say on it.
    const key = dataDir('auto-key', goodConf.replace("'server.key'", "'missing.key'"), hba);
    const missing = await lintFile(`${key}/postgresql.conf`);
    assert.deepEqual(missing.byCode('PG-020').map((f) => missing.covered(f)), ['ssl_key_file']);
    pki.write('auto-key/postgresql.auto.conf', "ssl_key_file = 'server.key'\n");
    assert.deepEqual((await lintFile(`${key}/postgresql.conf`, { env: nodeEnvironment() })).findings.map((f) => f.code), []);
  });

  test('ssl off: PostgreSQL reads none of the TLS files, so their problems are information, and no CRL warning', async () => {
    const dir = dataDir('ssloff', goodConf.replace('ssl = on', 'ssl = off').replace("ssl_crl_file = 'root.crl'\n", ''), 'hostssl all alice 0.0.0.0/0 cert\n');
    chmodSync(`${dir}/server.key`, 0o644);
    const run = await lintFile(`${dir}/postgresql.conf`);
    assert.deepEqual(run.findings.map((f) => `${f.severity} ${f.code}`), ['information PG-010']);
    assert.match(run.findings[0]!.message, /ssl is off here/);
    const on = await lintFile(`${dir}/postgresql.conf`, { text: goodConf.replace("ssl_crl_file = 'root.crl'\n", '').replace('ssl = on', 'ssl = true') });
    assert.deepEqual(on.findings.map((f) => `${f.severity} ${f.code}`).sort(), ['error PG-010', 'warning PG-021']);
  });

  test('relative TLS file settings resolve against data_directory when postgresql.conf sets it (Debian layout)', async () => {
    const dir = dataDir('datadir', '', '');
    const conf = `data_directory = '${dir}/data'\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = '${dir}/server.key'\n`;
    const run = await lintFile(pki.write('datadir/etc/postgresql.conf', conf));
    const f = only(run, 'PG-020');
    assert.equal(run.covered(f), 'ssl_cert_file');
    assert.match(f.message, new RegExp(`relative to data_directory ${dir}/data.*${dir}/data/server\\.crt`));
    copyFileSync(`${dir}/server.crt`, pki.write('datadir2/data/server.crt', ''));
    const there = await lintFile(pki.write('datadir2/etc/postgresql.conf', conf.replace(`${dir}/data`, pki.path('datadir2/data'))));
    assert.deepEqual(there.findings, []);
  });

  test('PG-010: server key readable by others, with the chmod fix', async () => {
    const dir = dataDir('pg010', goodConf, 'hostssl all alice 0.0.0.0/0 cert\n');
    chmodSync(`${dir}/server.key`, 0o644);
    const run = await lintFile(`${dir}/postgresql.conf`);
    const f = only(run, 'PG-010');
    assert.equal(run.covered(f), 'ssl_key_file');
    assert.deepEqual(f.fixes![0]!.command, { id: 'certwright.fixKeyPermissions', args: [`${dir}/server.key`] });
  });

  test('PG-011 / PG-020: key of another certificate, CA file that is a key', async () => {
    const dir = dataDir('pg011', goodConf.replace("'root.crt'", "'server.key'"), '');
    pki.leaf({ cert: 'pg011/x.crt', key: 'pg011/other.key', ca: { cert: `${dir}/root.crt`, key: pki.path('pki/ca-private/root.key') }, cn: 'x' });
    const run = await lintFile(`${dir}/postgresql.conf`, { text: `${goodConf.replace("'root.crt'", "'server.key'").replace("'server.key'\nssl_ca", "'other.key'\nssl_ca")}` });
    assert.equal(run.covered(only(run, 'PG-011')), 'ssl_key_file');
    assert.equal(run.covered(only(run, 'PG-020')), 'ssl_ca_file');
  });

  test('PG-021: client certificates without a CRL; PG-022: an expired CRL', async () => {
    const dir = dataDir('pg021', goodConf.replace("ssl_crl_file = 'root.crl'\n", ''), 'hostssl all alice 0.0.0.0/0 cert\n');
    const run = await lintFile(`${dir}/postgresql.conf`);
    assert.equal(run.covered(only(run, 'PG-021')), 'ssl_ca_file');
    const dir2 = dataDir('pg022', goodConf, 'hostssl all alice 0.0.0.0/0 cert\n');
    // past the postgres profile's 180-day CRL
    const later = nodeEnvironment({ now: () => new Date(Date.now() + 200 * 86_400_000) });
    const run2 = await lintFile(`${dir2}/postgresql.conf`, { env: later });
    assert.equal(run2.covered(only(run2, 'PG-022')), 'ssl_crl_file');
  });
});
