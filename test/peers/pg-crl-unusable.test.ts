/**
 * A real PostgreSQL 15 given an ssl_crl_file OpenSSL cannot use, in its two kinds, and
 * Certwright's PG-022 on a postgresql.conf naming the same files:
 * - a CRL OpenSSL cannot load (an issuer value it cannot read, here a VisibleString):
 *   X509_STORE_load_locations fails, so the server does not start ("FATAL: could not load SSL
 *   certificate revocation list file") and a reload keeps the TLS settings it had ("SSL
 *   configuration was not reloaded"): clients still log in;
 * - a CRL OpenSSL loads but refuses to use (a lastUpdate with a fraction): the server starts
 *   and refuses every client certificate of the CA ("certificate verify failed").
 * Both CRLs are the CA's own `openssl ca -gencrl` CRL, changed and signed again.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sign } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { children, readTlv, type Tlv } from '../../server/src/core/pem/der';
import { assertCliBuilt, certwright } from './support/certwrightCli';
import { findPostgresBin, findPsql, PostgresServer, runBounded, waitFor } from './support/postgresServer';

describe('PostgreSQL 15 and an ssl_crl_file OpenSSL cannot use (PG-022)', () => {
  let work: string;
  let pg: PostgresServer | undefined;
  let psql: string;
  const f = (name: string): string => join(work, name);
  const openssl = (args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.join(' ')}\n${r.stderr}`);
  };

  before(() => {
    assertCliBuilt();
    psql = findPsql(findPostgresBin());
    work = mkdtempSync(join(tmpdir(), 'certwright-pg-crl-unusable-'));
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=PG CRL CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.crt']);
    for (const [name, subj, ext] of [['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'], ['client', '/CN=alice', 'extendedKeyUsage=clientAuth']] as const) {
      openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', subj, '-out', `${name}.csr`]);
      writeFileSync(f(`${name}.ext`), `${ext}\n`);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
    }
    writeFileSync(f('index.txt'), '');
    writeFileSync(f('crlnumber'), '01\n');
    writeFileSync(f('ca.cnf'), `[ca]\ndefault_ca=c\n[c]\ndatabase=${f('index.txt')}\ncrlnumber=${f('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=30\n`);
    openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'ca.key', '-cert', 'root.crt', '-out', 'good.crl']);
    openssl(['crl', '-in', 'good.crl', '-outform', 'DER', '-out', 'good.der']);

    // version, signature, issuer, thisUpdate, nextUpdate, extensions: one field replaced, signed again, as PEM.
    const der = new Uint8Array(readFileSync(f('good.der')));
    const [tbs, alg] = children(der, readTlv(der, 0));
    const fields = children(der, tbs!);
    const part = (n: Tlv): number[] => [...der.subarray(n.start, n.end)];
    const tlv = (tag: number, body: number[]): number[] => [tag, ...(body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff]), ...body];
    const resigned = (at: number, value: number[], name: string): void => {
      const body = tlv(0x30, fields.flatMap((n, i) => (i === at ? value : part(n))));
      const signature = sign('sha256', new Uint8Array(body), readFileSync(f('ca.key'), 'utf8'));
      const crl = Buffer.from(tlv(0x30, [...body, ...part(alg!), ...tlv(0x03, [0, ...signature])]));
      writeFileSync(f(name), `-----BEGIN X509 CRL-----\n${crl.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END X509 CRL-----\n`);
    };
    // The issuer with an O that is a VisibleString ("x"), which OpenSSL's name reader refuses.
    resigned(2, tlv(0x30, [...der.subarray(fields[2]!.valueStart, fields[2]!.end), ...tlv(0x31, tlv(0x30, [0x06, 3, 0x55, 4, 0x0a, 0x1a, 1, 0x78]))]), 'unloadable.crl');
    // thisUpdate an hour ago as a GeneralizedTime with a fraction: "format error in CRL's lastUpdate field".
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    resigned(3, tlv(0x18, [...Buffer.from(`${hourAgo}.5Z`)]), 'fraction.crl');
  });

  after(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function login(): Promise<{ code: number | null; err: string }> {
    const conninfo = `host=127.0.0.1 port=${pg!.port} dbname=postgres user=alice sslmode=verify-full connect_timeout=10 sslrootcert=${f('root.crt')} sslcert=${f('client.crt')} sslkey=${f('client.key')}`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
    const r = await runBounded(psql, ['-X', '-A', '-t', '-c', 'select 1', conninfo], { env, timeoutMs: 20_000 });
    return { code: r.code, err: `${r.stdout}${r.stderr}`.trim() };
  }

  /** PG-022 on a postgresql.conf naming the files by absolute path, from the built CLI. */
  function pg022(crl: string): { severity: string; message: string }[] {
    const conf = f(`lint-${crl}/postgresql.conf`);
    mkdirSync(f(`lint-${crl}`), { recursive: true });
    writeFileSync(conf, `ssl = on\nssl_cert_file = '${f('server.crt')}'\nssl_key_file = '${f('server.key')}'\nssl_ca_file = '${f('root.crt')}'\nssl_crl_file = '${f(crl)}'\n`);
    return (JSON.parse(certwright(['lint', '--format', 'json', conf]).stdout) as { code: string; severity: string; message: string }[]).filter((x) => x.code === 'PG-022');
  }

  it('a CRL OpenSSL cannot load: the server does not start, a reload keeps the previous TLS settings; PG-022 says it does not start', async () => {
    pg = await PostgresServer.create();
    pg.configure({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('unloadable.crl') });
    const start = pg.tryStart();
    assert.notEqual(start.status, 0, 'PostgreSQL must not start');
    assert.match(pg.log(), /FATAL: {2}could not load SSL certificate revocation list file "root\.crl"/);
    const found = pg022('unloadable.crl');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.severity, 'error');
    assert.match(found[0]!.message, /OpenSSL cannot load the CRL of CN = PG CRL CA.*PostgreSQL does not start with this ssl_crl_file/);

    // Started with the CA's own CRL, then the file replaced and reloaded: the old TLS settings stay.
    pg.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('good.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN;');
    assert.equal((await login()).code, 0);
    copyFileSync(f('unloadable.crl'), join(pg.dataDir, 'root.crl'));
    pg.admin('SELECT pg_reload_conf();');
    await waitFor(() => /SSL configuration was not reloaded/.test(pg!.log()), 15_000, 'the server to keep its TLS settings');
    const still = await login();
    assert.equal(still.code, 0, still.err);
    assert.deepEqual(pg022('good.crl'), []);
  });

  it('a CRL OpenSSL loads but refuses to use (a lastUpdate with a fraction): the server starts and refuses the client; PG-022 says no client certificate is accepted', async () => {
    pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('fraction.crl') });
    pg!.halt();
    pg!.start();
    const refused = await login();
    assert.notEqual(refused.code, 0, refused.err);
    await pg!.logShows(/could not accept SSL connection: certificate verify failed/);
    const found = pg022('fraction.crl');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.severity, 'error');
    assert.match(found[0]!.message, /OpenSSL cannot use the CRL of CN = PG CRL CA \("format error in CRL's lastUpdate field"\): PostgreSQL, which checks every client chain against a CRL, accepts no client certificate of that CA/);
  });
});
