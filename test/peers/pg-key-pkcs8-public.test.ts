/**
 * A PKCS #8 private key that carries its public key (OneAsymmetricKey [1], RFC 5958; what rustls's
 * and other non-OpenSSL tools write for Ed25519): OpenSSL 3.0 cannot load it, Go 1.19 reads it.
 * PostgreSQL 15 given it as ssl_key_file does not start; the same key without the public key does.
 * Certwright: X509-KEY-UNSUPPORTED (a warning naming OpenSSL) on the key, PG-020 (an error) on
 * the postgresql.conf that loads it.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright } from './support/certwrightCli';
import { PostgresServer } from './support/postgresServer';

describe('PostgreSQL 15 and a PKCS #8 key carrying its public key (PG-020, X509-KEY-UNSUPPORTED)', () => {
  let work: string;
  let pg: PostgresServer | undefined;
  const f = (name: string): string => join(work, name);
  const openssl = (args: string[]): ReturnType<typeof spawnSync> => spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });

  before(() => {
    assertCliBuilt();
    work = mkdtempSync(join(tmpdir(), 'certwright-pg-pkcs8-public-'));
    for (const args of [
      ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=PKCS8 CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.crt'],
      ['req', '-new', '-newkey', 'ed25519', '-nodes', '-keyout', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr'],
      ['x509', '-req', '-in', 'server.csr', '-CA', 'root.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-out', 'server.crt'],
      ['ca', '-gencrl', '-keyfile', 'ca.key', '-cert', 'root.crt', '-config', 'ca.cnf', '-out', 'root.crl'],
    ]) {
      if (args[0] === 'ca') {
        writeFileSync(f('index.txt'), '');
        writeFileSync(f('ca.cnf'), `[ca]\ndefault_ca=c\n[c]\ndatabase=${f('index.txt')}\ndefault_md=default\ndefault_crl_days=30\n`);
      }
      const r = openssl(args);
      assert.equal(r.status, 0, `${args.join(' ')}\n${String(r.stderr)}`);
    }
    // The same key as version 2 with the public key appended ([1] IMPLICIT BIT STRING).
    const der = createPrivateKey(readFileSync(f('server.key'))).export({ type: 'pkcs8', format: 'der' });
    const raw = createPublicKey(readFileSync(f('server.key'))).export({ type: 'spki', format: 'der' }).subarray(-32);
    const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01]), der.subarray(5, der.length), Buffer.from([0x81, 0x21, 0x00]), raw]);
    const v2 = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    writeFileSync(f('server-v2.key'), `-----BEGIN PRIVATE KEY-----\n${v2.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`);
  });

  after(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The findings of one code on a postgresql.conf naming the files by absolute path, from the built CLI. */
  function lint(key: string): { code: string; severity: string; message: string; file: string }[] {
    const dir = f(`lint-${key}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'postgresql.conf'), `ssl = on\nssl_cert_file = '${f('server.crt')}'\nssl_key_file = '${f(key)}'\nssl_ca_file = '${f('root.crt')}'\n`);
    return JSON.parse(certwright(['lint', '--format', 'json', join(dir, 'postgresql.conf'), f(key)]).stdout) as { code: string; severity: string; message: string; file: string }[];
  }

  it('OpenSSL cannot load the version 2 key and Go can: the key file gets a warning naming OpenSSL', () => {
    assert.equal(openssl(['pkey', '-in', 'server.key', '-noout']).status, 0);
    const r = openssl(['pkey', '-in', 'server-v2.key', '-noout']);
    assert.notEqual(r.status, 0, 'OpenSSL 3.0 refuses the key');
    const found = lint('server-v2.key').filter((x) => x.code === 'X509-KEY-UNSUPPORTED');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.severity, 'warning');
    assert.match(found[0]!.message, /OpenSSL 3\.0 cannot load this Ed25519 key, a PKCS #8 key that carries its public key/);
    assert.deepEqual(lint('server.key').filter((x) => x.code === 'X509-KEY-UNSUPPORTED'), []);
  });

  it('PostgreSQL does not start with it as ssl_key_file, and starts with the same key without the public key; PG-020 is an error on the first only', async () => {
    pg = await PostgresServer.create();
    pg.configure({ cert: f('server.crt'), key: f('server-v2.key'), ca: f('root.crt'), crl: f('root.crl') });
    const start = pg.tryStart();
    assert.notEqual(start.status, 0, 'PostgreSQL must not start');
    assert.match(pg.log(), /FATAL: {2}could not load private key file "server\.key"/);
    const refused = lint('server-v2.key').filter((x) => x.code === 'PG-020');
    assert.equal(refused.length, 1, JSON.stringify(refused));
    assert.equal(refused[0]!.severity, 'error');
    assert.match(refused[0]!.message, /PostgreSQL does not start \("could not load private key file"\)/);

    pg.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
    pg.start();
    assert.deepEqual(lint('server.key').filter((x) => x.code === 'PG-020'), []);
  });
});
