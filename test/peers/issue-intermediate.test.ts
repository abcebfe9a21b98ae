/**
 * Intermediate CAs (`certwright ca create --parent ROOT_DIR`) with the real peers:
 * the root key stays in the root's folder; leaves issued from the intermediate
 * carry it as their chain; each system's CA file is the intermediate + root bundle,
 * and the CRL file holds both CRLs. Proven with openssl verify (trusting the root
 * only), Go's crypto/x509 and crypto/tls (CockroachDB's certs-dir loader, a DM
 * handshake), a Node TLS mutual handshake, and PostgreSQL 15 with libpq
 * sslmode=verify-full (trusting the root only) and CRL checks on the whole chain.
 *
 * Needs `npm run build`, openssl, Go and the PostgreSQL server binaries.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';
import { findPostgresBin, findPsql, PostgresServer, runBounded } from './support/postgresServer';

let work: string;
let peer: string;

function openssl(cwd: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const count = (file: string): number => (readFileSync(file, 'utf8').match(/-----BEGIN /g) ?? []).length;

before(() => {
  assertCliBuilt();
  work = mkdtempSync(join(tmpdir(), 'certwright-intermediate-'));
  peer = buildGoPeer();
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (peer) rmSync(join(peer, '..'), { recursive: true, force: true });
});

describe('ca create --parent: the root stays apart, the chain files are what each system reads', () => {
  it('refuses a parent with pathlen:0 and the parent folder itself; records the intermediate in the root database only', () => {
    const root0 = join(work, 'root0');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', root0, '--key', 'p256']);
    const r = certwright(['ca', 'create', '--profile', 'postgres', '--dir', join(work, 'int0'), '--parent', root0]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pathlen:0.*--pathlen 1/);
    assert.equal(existsSync(join(work, 'int0', 'root.crt')), false, 'nothing written');
    assert.equal(certwright(['ca', 'create', '--profile', 'postgres', '--dir', root0, '--parent', root0]).code, 2);
  });

  it('cockroach: root (pathlen 1) → intermediate → nodes and clients; openssl trusting the root only; Go as CockroachDB', () => {
    const root = join(work, 'crdb-root');
    const int = join(work, 'crdb-int');
    certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', root, '--key', 'p256']);
    certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', int, '--parent', root, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', int, '--san', 'localhost', '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--dir', int, '--user', 'root']);
    // The root key never came to the intermediate's folder; the root database records the intermediate.
    assert.deepEqual(readdirSync(join(int, 'ca-private')).filter((f) => f.endsWith('.key')), ['ca.key']);
    assert.notEqual(readFileSync(join(int, 'ca-private/ca.key'), 'utf8'), readFileSync(join(root, 'ca-private/ca.key'), 'utf8'));
    assert.match(readFileSync(join(root, 'ca-private/index.txt'), 'utf8'), /^V\t.*\/O=Cockroach\/CN=Cockroach CA Intermediate$/m);
    assert.equal(count(join(int, 'certs/ca.crt')), 2, 'certs/ca.crt: intermediate + root');
    assert.equal(count(join(int, 'certs/node.crt')), 2, 'node.crt: leaf + intermediate');
    const rootCa = join(root, 'certs/ca.crt');
    for (const [f, purpose] of [['certs/node.crt', 'sslserver'], ['certs/client.root.crt', 'sslclient']] as const) {
      const v = openssl(int, 'verify', '-x509_strict', '-purpose', purpose, '-CAfile', rootCa, '-untrusted', join(int, f), join(int, f));
      assert.equal(v.code, 0, `${f}: ${v.out}`);
    }
    const checks: GoCheck[] = [
      { name: 'node vs root only', kind: 'verify', ca: [rootCa], cert: join(int, 'certs/node.crt'), key: join(int, 'certs/node.key'), host: '127.0.0.1', usages: ['serverAuth'] },
      { name: 'client vs root only', kind: 'verify', ca: [rootCa], cert: join(int, 'certs/client.root.crt'), key: join(int, 'certs/client.root.key'), usages: ['clientAuth'] },
      { name: 'certs dir', kind: 'crdbdir', dir: join(int, 'certs') },
      { name: 'handshake', kind: 'handshake', mode: 'cockroach', serverCert: join(int, 'certs/node.crt'), serverKey: join(int, 'certs/node.key'), serverCA: rootCa, clientCert: join(int, 'certs/client.root.crt'), clientKey: join(int, 'certs/client.root.key'), clientCA: rootCa, user: 'root', host: '127.0.0.1' },
    ];
    for (const r of runGoChecks(peer, checks, int)) assert.equal(r.ok, true, `${r.name}: ${r.error} ${JSON.stringify(r.notes)}`);
  });

  it('dm: a DM handshake (cert-allowed-cn = ["dm"]) between certificates of the intermediate, both sides trusting ssl-ca = the bundle', () => {
    const root = join(work, 'dm-root');
    const int = join(work, 'dm-int');
    certwrightOk(['ca', 'create', '--profile', 'dm', '--dir', root, '--key', 'p256', '--pathlen', '1']);
    certwrightOk(['ca', 'create', '--profile', 'dm', '--dir', int, '--parent', root, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', int, '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--dir', int]);
    const ca = join(int, 'ca.pem');
    const [r] = runGoChecks(peer, [{ name: 'dm', kind: 'handshake', mode: 'dm', serverCert: join(int, 'master-cert.pem'), serverKey: join(int, 'master-key.pem'), serverCA: ca, serverAllowedCN: ['dm'], clientCert: join(int, 'client-cert.pem'), clientKey: join(int, 'client-key.pem'), clientCA: ca, clientAllowedCN: ['dm'], host: '127.0.0.1' }], int);
    assert.equal(r!.ok, true, r!.error);
  });

  it('generic: Node TLS mutual authentication, each side trusting the root only', async () => {
    const root = join(work, 'gen-root');
    const int = join(work, 'gen-int');
    certwrightOk(['ca', 'create', '--profile', 'generic', '--dir', root, '--key', 'p256']);
    certwrightOk(['ca', 'create', '--profile', 'generic', '--dir', int, '--parent', root, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', int, '--san', 'localhost']);
    certwrightOk(['issue', 'client', '--dir', int, '--user', 'app']);
    const rootCa = readFileSync(join(root, 'ca.crt'));
    const server = tls.createServer({ key: readFileSync(join(int, 'server.key')), cert: readFileSync(join(int, 'server.crt')), ca: rootCa, requestCert: true, rejectUnauthorized: true }, (s) => {
      s.end(`hello ${(s.getPeerCertificate() as { subject?: { CN?: string } }).subject?.CN}`);
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    try {
      const port = (server.address() as AddressInfo).port;
      const said = await new Promise<string>((res, rej) => {
        const c = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: rootCa, key: readFileSync(join(int, 'client-app.key')), cert: readFileSync(join(int, 'client-app.crt')) }, () => {
          if (!c.authorized) rej(new Error(`server not authorized: ${c.authorizationError}`));
        });
        let data = '';
        c.on('data', (d: Buffer) => (data += d.toString()));
        c.on('end', () => res(data));
        c.on('error', rej);
      });
      assert.equal(said, 'hello app');
    } finally {
      server.close();
    }
  });
});

describe('PostgreSQL 15 with an intermediate CA', () => {
  let pg: PostgresServer | undefined;
  let int: string;
  let root: string;
  let psql: string;
  let failed = false;
  const f = (n: string): string => join(int, n);

  before(async () => {
    psql = findPsql(findPostgresBin());
    root = join(work, 'pg-root');
    int = join(work, 'pg-int');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', root, '--key', 'p256', '--pathlen', '1']);
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', int, '--parent', root, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', int, '--san', '127.0.0.1', '--san', 'localhost']);
    certwrightOk(['issue', 'client', '--dir', int, '--user', 'alice']);
    certwrightOk(['issue', 'client', '--dir', int, '--user', 'bob', '--name', 'bob']);
    pg = await PostgresServer.create();
    pg.configure({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN;');
  });

  after(() => {
    if (failed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
  });

  async function login(user: string, cert: string, key: string): Promise<{ code: number | null; out: string; err: string }> {
    // The client trusts the ROOT only: the server must send its chain (server.crt = leaf + intermediate).
    const conninfo = `host=127.0.0.1 port=${pg!.port} dbname=postgres user=${user} sslmode=verify-full connect_timeout=10 sslrootcert=${join(root, 'root.crt')} sslcert=${cert} sslkey=${key}`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
    const r = await runBounded(psql, ['-X', '-A', '-t', '-c', 'select current_user', conninfo], { env, timeoutMs: 20_000 });
    return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim() };
  }

  const guard =
    (fn: () => Promise<void>) =>
    async (): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        failed = true;
        throw e;
      }
    };

  it(
    'verify-full against the root only, CRLs of both CAs loaded: alice and bob log in; revoking bob in the intermediate refuses only bob',
    guard(async () => {
      assert.equal(count(f('root.crl')), 2, "root.crl: the intermediate's CRL + the root's");
      const a = await login('alice', f('client.crt'), f('client.key'));
      assert.equal(a.code, 0, a.err);
      assert.equal(a.out, 'alice');
      certwrightOk(['revoke', '--dir', int, '--cert', f('bob.crt'), '--reason', 'keyCompromise']);
      assert.equal(count(f('root.crl')), 2, 'the republished CRL file still carries the root CRL');
      pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
      await pg!.reload();
      const b = await login('bob', f('bob.crt'), f('bob.key'));
      assert.notEqual(b.code, 0);
      assert.match(b.err, /certificate revoked/);
      assert.equal((await login('alice', f('client.crt'), f('client.key'))).code, 0);
    }),
  );

  it(
    "without the root's CRL PostgreSQL refuses every client (it checks the whole chain), as Certwright's PG-025 says",
    guard(async () => {
      const own = join(work, 'own-only.crl');
      writeFileSync(own, readFileSync(f('root.crl'), 'utf8').split(/(?<=-----END X509 CRL-----\n)/)[0]!);
      assert.equal(count(own), 1);
      pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: own });
      await pg!.reload();
      const a = await login('alice', f('client.crt'), f('client.key'));
      assert.notEqual(a.code, 0, 'the root CRL is required');
      assert.match(a.err, /unknown ca/);
      mkdirSync(join(work, 'pg-lint'), { recursive: true });
      const conf = join(work, 'pg-lint', 'postgresql.conf');
      writeFileSync(conf, `ssl = on\nssl_cert_file = '${f('server.crt')}'\nssl_key_file = '${f('server.key')}'\nssl_ca_file = '${f('root.crt')}'\nssl_crl_file = '${own}'\n`);
      const found = JSON.parse(certwright(['lint', '--format', 'json', conf]).stdout) as { code: string; severity: string; message: string }[];
      assert.deepEqual(found.map((x) => `${x.code} ${x.severity}`), ['PG-025 warning'], JSON.stringify(found));
      assert.match(found[0]!.message, /no CRL of CN = PostgreSQL Root CA,/);
      pg!.installTls({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
      await pg!.reload();
      assert.equal((await login('alice', f('client.crt'), f('client.key'))).code, 0);
    }),
  );
});
