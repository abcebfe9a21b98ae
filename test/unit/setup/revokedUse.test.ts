/**
 * A configuration that loads a revoked certificate, through `certwright lint` (which now
 * scans the linted folders' CRLs and CA databases as the language server does): DM's
 * ssl-cert, a CockroachDB node's --certs-dir, a PostgreSQL connection string whose server
 * loads no CRL, and a certificate pasted into a YAML file. The CAs, revocations and CRLs
 * are made by certwright itself (one revocation by openssl ca, in the CA database only); severity is a warning where the peer checks no CRL
 * (test/peers/postgres.test.ts proves the error where PostgreSQL's CRL lists it).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inProcessCli } from '../../support/inProcessCli';

const { tmp, cli } = inProcessCli('cw-revoked-use-');

interface Found {
  readonly file: string;
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')}: ${r.err}`);
  return r.out;
}

async function lint(...paths: string[]): Promise<Found[]> {
  const r = await cli('lint', '--format', 'json', ...paths);
  return JSON.parse(r.out) as Found[];
}

const codes = (found: readonly Found[], file: RegExp): string[] => found.filter((f) => file.test(f.file)).map((f) => `${f.code} ${f.severity}`).sort();

describe('a configuration that loads a revoked certificate', () => {
  it('DM ssl-cert: a warning (DM checks no CRL), naming the CA database before a CRL is published and the CRL after; PEM-REVOKED on the file', async () => {
    await ok('ca', 'create', '--profile', 'dm', '--dir', 'dm', '--key', 'p256');
    await ok('issue', 'node', '--profile', 'dm', '--dir', 'dm', '--name', 'master', '--san', '127.0.0.1');
    const conf = join(tmp, 'dm', 'dm-master.toml');
    writeFileSync(conf, 'name = "master"\nmaster-addr = "127.0.0.1:8261"\nadvertise-addr = "127.0.0.1:8261"\n\nssl-ca = "ca.pem"\nssl-cert = "master-cert.pem"\nssl-key = "master-key.pem"\ncert-allowed-cn = ["dm"]\n');
    assert.deepEqual(codes(await lint('dm'), /dm-master\.toml$/), [], 'nothing before the revocation');

    // openssl ca itself, on the CA state certwright keeps, records the revocation in index.txt and publishes nothing.
    execFileSync('openssl', ['ca', '-config', 'ca-private/openssl-ca.cnf', '-revoke', 'master-cert.pem', '-crl_reason', 'keyCompromise'], { cwd: join(tmp, 'dm'), stdio: 'pipe' });
    let found = await lint('dm');
    const dm = found.find((f) => f.code === 'DM-025');
    assert.ok(dm, JSON.stringify(found));
    assert.equal(dm.severity, 'warning');
    assert.equal(dm.line, 6, 'on the ssl-cert line');
    assert.match(dm.message, /^ssl-cert loads CN=dm \(serial [0-9A-F]+\), revoked on \d{4}-\d\d-\d\d \(keyCompromise\) per the CA database index\.txt: DM checks no CRL, so its peers still accept it; issue a new certificate with a new key/);

    await ok('crl', '--dir', 'dm');
    found = await lint('dm');
    assert.match(found.find((f) => f.code === 'DM-025')!.message, /per the CRL ca\.crl/);
    assert.deepEqual(codes(found, /master-cert\.pem$/), ['PEM-REVOKED warning']);
  });

  it('dmctl --ssl-cert on a command line: the same warning on the flag, and DM-021 once it has expired', async () => {
    await ok('ca', 'create', '--profile', 'dm', '--dir', 'dmc', '--key', 'p256');
    await ok('issue', 'client', '--profile', 'dm', '--dir', 'dmc', '--name', 'ops');
    writeFileSync(join(tmp, 'dmc', 'show.sh'), '#!/bin/sh\nexec dmctl --master-addr 127.0.0.1:8261 \\\n  --ssl-ca ca.pem --ssl-cert ops-cert.pem --ssl-key ops-key.pem \\\n  operate-source show\n');
    assert.deepEqual(codes(await lint('dmc'), /show\.sh$/), [], 'nothing before the revocation');
    await ok('revoke', '--dir', 'dmc', '--cert', 'dmc/ops-cert.pem');
    const found = (await lint('dmc')).filter((f) => /show\.sh$/.test(f.file));
    assert.deepEqual(found.map((f) => `${f.code} ${f.severity} ${f.line}`), ['DM-025 warning 3'], JSON.stringify(found));
    assert.match(found[0]!.message, /^--ssl-cert loads CN=\S+ \(serial [0-9A-F]+\), revoked on .* per the CRL ca\.crl: DM checks no CRL/);

    // An expired client certificate, signed by openssl ca on the same CA state: the master refuses it.
    const dir = join(tmp, 'dmc');
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'old-key.pem', '-out', 'old.csr', '-subj', '/CN=dm'], { cwd: dir, stdio: 'pipe' });
    execFileSync('openssl', ['ca', '-batch', '-config', 'ca-private/openssl-ca.cnf', '-in', 'old.csr', '-out', 'old-cert.pem', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext'], { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, 'show.sh'), '#!/bin/sh\nexec dmctl --master-addr 127.0.0.1:8261 --ssl-ca ca.pem --ssl-cert old-cert.pem --ssl-key old-key.pem operate-source show\n');
    const expired = (await lint('dmc')).filter((f) => /show\.sh$/.test(f.file));
    assert.deepEqual(expired.map((f) => `${f.code} ${f.severity} ${f.line}`), ['DM-021 error 2'], JSON.stringify(expired));
    assert.match(expired[0]!.message, /^--ssl-cert dm is expired since 2021-01-01 .*peers refuse it/);
  });

  it('CockroachDB --certs-dir: a warning on the flag (CockroachDB checks no CRL)', async () => {
    await ok('ca', 'create', '--profile', 'cockroach', '--dir', 'crdb', '--key', 'p256');
    await ok('issue', 'node', '--profile', 'cockroach', '--dir', 'crdb', '--san', 'localhost', '--san', 'node');
    writeFileSync(join(tmp, 'crdb', 'start.sh'), '#!/bin/sh\ncockroach start --certs-dir=certs --advertise-addr=localhost:26257 --join=localhost:26257\n');
    assert.deepEqual(codes(await lint('crdb'), /start\.sh$/), []);
    await ok('revoke', '--dir', 'crdb', '--cert', 'crdb/certs/node.crt');
    const found = (await lint('crdb')).filter((f) => f.code === 'CRDB-036');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.severity, 'warning');
    assert.match(found[0]!.message, /^--certs-dir certs \(node\.crt\) loads CN=node .*revoked on .* per the CRL ca\.crl: CockroachDB checks no CRL/);
  });

  it('a PostgreSQL connection string presenting a revoked client certificate to a server without ssl_crl_file: a warning (PostgreSQL accepts it)', async () => {
    await ok('ca', 'create', '--profile', 'postgres', '--dir', 'pg/pki', '--key', 'p256');
    await ok('issue', 'node', '--profile', 'postgres', '--dir', 'pg/pki', '--san', '127.0.0.1');
    await ok('issue', 'client', '--profile', 'postgres', '--dir', 'pg/pki', '--user', 'alice');
    mkdirSync(join(tmp, 'pg', 'data'), { recursive: true });
    const pki = join(tmp, 'pg', 'pki');
    writeFileSync(join(tmp, 'pg', 'data', 'postgresql.conf'), `listen_addresses = '127.0.0.1'\nport = 5432\nssl = on\nssl_cert_file = '${pki}/server.crt'\nssl_key_file = '${pki}/server.key'\nssl_ca_file = '${pki}/root.crt'\n`);
    writeFileSync(join(tmp, 'pg', 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 cert\n');
    writeFileSync(join(tmp, 'pg', 'app.env'), `DATABASE_URL=postgresql://alice@127.0.0.1:5432/postgres?sslmode=verify-full&sslrootcert=${pki}/root.crt&sslcert=${pki}/client.crt&sslkey=${pki}/client.key\n`);
    await ok('revoke', '--dir', 'pg/pki', '--cert', 'pg/pki/client.crt');
    const found = (await lint('pg')).filter((f) => f.code === 'PG-038');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.severity, 'warning');
    assert.match(found[0]!.file, /app\.env$/);
    assert.match(found[0]!.message, /^sslcert loads CN=alice .*: the server \(postgresql\.conf\) loads no CRL \(no ssl_crl_file\), so PostgreSQL still accepts it/);
  });

  it('a revoked certificate pasted into a YAML file gets PEM-REVOKED there too', async () => {
    const pem = readFileSync(join(tmp, 'pg', 'pki', 'client.crt'), 'utf8');
    writeFileSync(join(tmp, 'pg', 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: alice\nstringData:\n  tls.crt: |\n${pem.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    const found = (await lint('pg')).filter((f) => /secret\.yaml$/.test(f.file));
    assert.deepEqual(found.map((f) => `${f.code} ${f.severity}`), ['PEM-REVOKED warning'], JSON.stringify(found));
    assert.match(found[0]!.message, /^Revoked on .* per the CRL root\.crl: peers that check this CRL refuse it/);
  });
});
