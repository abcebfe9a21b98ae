/**
 * Connection strings against the real clients: a REAL PostgreSQL 15 server (TLS,
 * ssl_ca_file, `hostssl all all … cert`) and, for each case, a connection string
 * written into a workspace that mirrors the server (postgresql.conf, pg_hba.conf
 * and the same certificate files). libpq (`psql "<conninfo>"` and `psql <URI>`) and
 * pgjdbc 42.5 (Debian's libpostgresql-jdbc-java, Java 17) connect with it; the
 * verdict (connects / refused) must be the one Certwright's connection check gives
 * on the same file (no error finding / the expected rule), and the client's own
 * error text must contain the words Certwright quotes.
 *
 * The server certificate carries IP:127.0.0.1 only, CN=localhost: libpq and pgjdbc
 * fall back to the CN for a name when there is no DNS SAN, which `host=localhost`
 * proves; 127.0.0.2 (also a listen address) is not in it.
 *
 * `cockroach workload`'s URLs go through lib/pq 1.10 (Debian's golang-github-lib-pq-dev, built
 * by test/peers/go/pqconnect), the driver it connects with: Go's name and chain checks.
 *
 * Needs the PostgreSQL server binaries, psql, java, /usr/share/java/postgresql.jar and
 * lib/pq (scripts/install-system-deps.sh).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { lintFile, makePki, openssl, type Pki } from '../unit/setup/helpers';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { findPostgresBin, findPsql, PostgresServer, runBounded } from './support/postgresServer';
import { buildPqConnect, runPqConnect } from './support/goPeer';

const jdbcJar = '/usr/share/java/postgresql.jar';

interface Case {
  readonly name: string;
  readonly client: 'psql' | 'jdbc';
  /** The connection string as written in the workspace file (relative paths from app/). */
  readonly conn: string;
  /** The Certwright rule that must report it (on the client's file), or undefined when it connects. */
  readonly rule?: string;
  /** What the real client says when it refuses. */
  readonly says?: RegExp;
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
}

describe('connection strings: libpq and pgjdbc against PostgreSQL 15 agree with Certwright', () => {
  let pki: Pki;
  let pg: PostgresServer | undefined;
  let psql: string;
  let port = 0;
  const app = (): string => pki.path('app');

  before(async () => {
    psql = findPsql(findPostgresBin());
    if (!existsSync(jdbcJar)) throw new Error(`${jdbcJar} is missing: install libpostgresql-jdbc-java (bash scripts/install-system-deps.sh)`);
    pki = makePki('cw-pgconn-');
    pki.write('app/.keep', '');
    pki.write('pg/.keep', '');
    const ca = pki.ca({ cert: 'pg/root.crt', key: 'ca/ca.key', cn: 'Conn Test CA' });
    const other = pki.ca({ cert: 'app/other-ca.crt', key: 'other/ca.key', cn: 'Other CA' });
    pki.leaf({ cert: 'pg/server.crt', key: 'pg/server.key', ca, cn: 'localhost', san: 'IP:127.0.0.1', eku: 'serverAuth' });
    pki.leaf({ cert: 'pg/client-only.crt', key: 'pg/client-only.key', ca, cn: 'localhost', san: 'IP:127.0.0.1', eku: 'clientAuth' });
    copyFileSync(pki.path('pg/root.crt'), pki.path('app/root.crt'));
    pki.leaf({ cert: 'app/alice.crt', key: 'app/alice.key', ca, cn: 'alice', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/bob.crt', key: 'app/bob.key', ca, cn: 'bob', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/mallory.crt', key: 'app/mallory.key', ca: other, cn: 'alice', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/alice-server.crt', key: 'app/alice-server.key', ca, cn: 'alice', eku: 'serverAuth' });
    pki.leaf({ cert: 'app/loose.crt', key: 'app/loose.key', ca, cn: 'alice', eku: 'clientAuth', keyMode: 0o644 });
    pki.leaf({ cert: 'app/group.crt', key: 'app/group.key', ca, cn: 'alice', eku: 'clientAuth', keyMode: 0o640 });
    openssl(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', pki.path('app/alice.key'), '-out', pki.path('app/alice.pk8')]);
    chmodSync(pki.path('app/alice.pk8'), 0o600);
    openssl(['pkey', '-in', pki.path('app/alice.key'), '-outform', 'DER', '-out', pki.path('app/alice.der')]);
    chmodSync(pki.path('app/alice.der'), 0o600);
    // The CA re-made without CA extensions (same name and key, CA:FALSE) beside another CA: its signature on the server
    // certificate is right, but OpenSSL takes no issuer that is not a CA ("invalid CA certificate").
    openssl(['req', '-x509', '-new', '-key', pki.path('ca/ca.key'), '-subj', '/CN=Conn Test CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:FALSE', '-out', pki.path('app/root-noca.crt')]);
    writeFileSync(pki.path('app/mixed-root.crt'), readFileSync(pki.path('app/other-ca.crt'), 'utf8') + readFileSync(pki.path('app/root-noca.crt'), 'utf8'));
    // An empty CRL of the CA (the server is configured with one).
    pki.write('ca/index.txt', '');
    pki.write('ca/crlnumber', '01\n');
    pki.write('ca/ca.cnf', `[ca]\ndefault_ca = d\n[d]\ndatabase = ${pki.path('ca/index.txt')}\ncrlnumber = ${pki.path('ca/crlnumber')}\ndefault_md = sha256\ndefault_crl_days = 30\n`);
    openssl(['ca', '-gencrl', '-config', pki.path('ca/ca.cnf'), '-cert', pki.path('pg/root.crt'), '-keyfile', pki.path('ca/ca.key'), '-out', pki.path('pg/root.crl')]);

    pg = await PostgresServer.create();
    port = pg.port;
    pg.configure({ cert: pki.path('pg/server.crt'), key: pki.path('pg/server.key'), ca: pki.path('pg/root.crt'), crl: pki.path('pg/root.crl') });
    appendFileSync(join(pg.dataDir, 'postgresql.conf'), "listen_addresses = '127.0.0.1,127.0.0.2'\n");
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN;');
    // The workspace's view of the same server.
    pki.write('pg/postgresql.conf', `listen_addresses = '127.0.0.1,127.0.0.2'\nport = ${port}\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n`);
    pki.write('pg/pg_hba.conf', 'local all all trust\nhostssl all all 127.0.0.1/32 cert\nhostssl all all 127.0.0.2/32 cert\n');
  });

  after(() => {
    pg?.stop();
    pki?.cleanup();
  });

  const kv = (s: string): string => `host=127.0.0.1 port=${port} dbname=postgres sslmode=verify-full sslrootcert=root.crt ${s}`;
  const jdbc = (s: string, host = '127.0.0.1'): string => `jdbc:postgresql://${host}:${port}/postgres?sslmode=verify-full&sslrootcert=root.crt&${s}`;
  const cases = (): Case[] => [
    { name: 'good', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key') },
    { name: 'good-uri', client: 'psql', conn: `postgresql://alice@127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.key` },
    { name: 'cn-fallback', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('host=127.0.0.1', 'host=localhost hostaddr=127.0.0.1') },
    { name: 'wrong-host', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('host=127.0.0.1', 'host=127.0.0.2'), rule: 'PG-030', says: /server certificate for "127\.0\.0\.1" does not match host name "127\.0\.0\.2"/ },
    { name: 'wrong-host-verify-ca', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('host=127.0.0.1', 'host=127.0.0.2').replace('verify-full', 'verify-ca') },
    { name: 'other-root', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslrootcert=root.crt', 'sslrootcert=other-ca.crt'), rule: 'PG-031', says: /certificate verify failed/ },
    { name: 'root-not-a-ca', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslrootcert=root.crt', 'sslrootcert=mixed-root.crt'), rule: 'PG-031', says: /certificate verify failed/ },
    { name: 'other-client-ca', client: 'psql', conn: kv('user=alice sslcert=mallory.crt sslkey=mallory.key'), rule: 'PG-032', says: /unknown ca/ },
    { name: 'no-client-auth', client: 'psql', conn: kv('user=alice sslcert=alice-server.crt sslkey=alice-server.key'), rule: 'PG-033', says: /unsupported certificate/ },
    { name: 'wrong-user', client: 'psql', conn: kv('user=alice sslcert=bob.crt sslkey=bob.key'), rule: 'PG-034', says: /certificate authentication failed for user "alice"/ },
    { name: 'loose-key', client: 'psql', conn: kv('user=alice sslcert=loose.crt sslkey=loose.key'), rule: 'PG-035', says: /has group or world access/ },
    // Root owns the key (the tests run as root here, or the file is the user's own): 0640 is accepted only when root owns it.
    { name: 'group-key', client: 'psql', conn: kv('user=alice sslcert=group.crt sslkey=group.key'), ...(process.getuid?.() === 0 ? {} : { rule: 'PG-035', says: /has group or world access/ }) },
    // libpq on OpenSSL 3 reads a DER key as well as PEM: no finding.
    { name: 'der-key', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.der') },
    // An sslmode libpq does not know (it compares as written): refused before connecting.
    { name: 'bad-mode', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslmode=verify-full', 'sslmode=required'), rule: 'PG-039', says: /invalid sslmode value: "required"/ },
    { name: 'upper-mode', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslmode=verify-full', 'sslmode=VERIFY-FULL'), rule: 'PG-039', says: /invalid sslmode value: "VERIFY-FULL"/ },
    { name: 'jdbc-good', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice') },
    // pgjdbc reads the mode in any case, and refuses one it does not know.
    { name: 'jdbc-upper-mode', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice').replace('sslmode=verify-full', 'sslmode=VERIFY-FULL') },
    { name: 'jdbc-bad-mode', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice').replace('sslmode=verify-full', 'sslmode=required'), rule: 'PG-039', says: /Invalid sslmode value: required/ },
    { name: 'jdbc-cn-fallback', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice', 'localhost') },
    { name: 'jdbc-pem-key', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.key&user=alice'), rule: 'PG-036', says: /Could not read SSL key file/ },
    { name: 'jdbc-wrong-host', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice', '127.0.0.2'), rule: 'PG-030', says: /could not be verified by hostnameverifier/ },
    { name: 'jdbc-other-root', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice').replace('sslrootcert=root.crt', 'sslrootcert=other-ca.crt'), rule: 'PG-031', says: /PKIX path building failed/ },
    { name: 'jdbc-wrong-user', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=bob'), rule: 'PG-034', says: /certificate authentication failed for user "bob"/ },
  ];

  async function realVerdicts(list: readonly Case[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const c of list.filter((x) => x.client === 'psql')) {
      const r = await runBounded(psql, ['-X', '-A', '-t', '-c', 'select current_user', c.conn], { env: { ...cleanEnv(), PGCONNECT_TIMEOUT: '10' }, timeoutMs: 20_000, cwd: app() });
      out.set(c.name, r.code === 0 ? 'OK' : r.stderr.trim());
    }
    const j = list.filter((x) => x.client === 'jdbc');
    if (j.length) {
      const r = spawnSync('java', ['-cp', jdbcJar, resolve(__dirname, 'java/PgConnect.java'), ...j.map((c) => c.conn)], { cwd: app(), encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `java failed: ${r.stderr}`);
      const blocks = r.stdout.split(/^=== .*$/m).slice(1);
      j.forEach((c, i) => out.set(c.name, blocks[i]!.trim().startsWith('OK') ? 'OK' : blocks[i]!.trim()));
    }
    return out;
  }

  it('every verdict of psql and pgjdbc is Certwright\'s (rule for rule), and the client says what Certwright quotes', async () => {
    const list = cases();
    for (const c of list) writeFileSync(pki.path(`app/${c.name}.${c.client === 'jdbc' ? 'properties' : 'sh'}`), c.client === 'jdbc' ? `db.url=${c.conn}\n` : `psql "${c.conn}"\n`);
    const real = await realVerdicts(list);
    const disagreements: string[] = [];
    for (const c of list) {
      const run = await lintFile(pki.path(`app/${c.name}.${c.client === 'jdbc' ? 'properties' : 'sh'}`), { roots: [pki.dir], env: nodeEnvironment() });
      const errors = run.findings.filter((f) => f.severity === 'error').map((f) => f.code);
      const said = real.get(c.name)!;
      const realOk = said === 'OK';
      if (realOk !== !c.rule) disagreements.push(`${c.name}: expected ${c.rule ? 'a refusal' : 'a connection'}, the real client: ${said}`);
      if (c.rule ? !errors.includes(c.rule) : errors.length) disagreements.push(`${c.name}: Certwright ${errors.join(', ') || 'no error'}, expected ${c.rule ?? 'none'}`);
      if (c.says && !c.says.test(said)) disagreements.push(`${c.name}: the client said ${said}`);
    }
    assert.deepEqual(disagreements, []);
  });

  it('cockroach workload\'s URLs are lib/pq\'s (Go): no CN fallback, require by default, require with an existing sslrootcert verifies the chain, as lib/pq 1.10 and psql 15 do', async () => {
    const pq = buildPqConnect();
    const uri = (host: string, q: string): string => `postgresql://alice@${host}:${port}/postgres?${q}`;
    const full = 'sslcert=alice.crt&sslkey=alice.key';
    const workload: Case[] = [
      { name: 'wl-good', client: 'psql', conn: uri('127.0.0.1', `sslmode=verify-full&sslrootcert=root.crt&${full}`) },
      // libpq falls back to the CN (localhost) without a DNS SAN; Go never does.
      { name: 'wl-cn-fallback', client: 'psql', conn: uri('localhost', `sslmode=verify-full&sslrootcert=root.crt&${full}`), rule: 'PG-030', says: /x509: certificate is not valid for any names, but wanted to match localhost/ },
      { name: 'wl-require-other-root', client: 'psql', conn: uri('127.0.0.1', `sslmode=require&sslrootcert=other-ca.crt&${full}`), rule: 'PG-031', says: /x509: certificate signed by unknown authority/ },
      // No sslmode: lib/pq's default is require, which verifies against an sslrootcert that exists.
      { name: 'wl-default-other-root', client: 'psql', conn: uri('127.0.0.1', `sslrootcert=other-ca.crt&${full}`), rule: 'PG-031', says: /x509: certificate signed by unknown authority/ },
      // require with an sslrootcert that is not there: lib/pq drops it and connects without verifying.
      { name: 'wl-require-missing-root', client: 'psql', conn: uri('127.0.0.1', `sslmode=require&sslrootcert=nothere.crt&${full}`) },
      { name: 'wl-loose-key', client: 'psql', conn: uri('127.0.0.1', 'sslmode=verify-full&sslrootcert=root.crt&sslcert=loose.crt&sslkey=loose.key'), rule: 'PG-035', says: /Private key has world access/ },
      { name: 'wl-wrong-user', client: 'psql', conn: uri('127.0.0.1', 'sslmode=verify-full&sslrootcert=root.crt&sslcert=bob.crt&sslkey=bob.key'), rule: 'PG-034', says: /certificate authentication failed for user "alice"/ },
    ];
    // libpq's side of the same classes: require with an sslrootcert that exists verifies the chain; one that is missing is passed over.
    const libpq: Case[] = [
      { name: 'require-other-root', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslmode=verify-full sslrootcert=root.crt', 'sslmode=require sslrootcert=other-ca.crt'), rule: 'PG-031', says: /certificate verify failed/ },
      { name: 'require-missing-root', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslmode=verify-full sslrootcert=root.crt', 'sslmode=require sslrootcert=nothere.crt') },
      { name: 'localhost-cn', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('host=127.0.0.1', 'host=localhost') },
    ];
    // The workspace names the server's addresses as the clients dial them (localhost is 127.0.0.1 here).
    const conf = pki.read('pg/postgresql.conf');
    pki.write('pg/postgresql.conf', conf.replace("listen_addresses = '127.0.0.1,127.0.0.2'", "listen_addresses = '127.0.0.1,127.0.0.2,localhost'"));
    try {
      for (const c of workload) writeFileSync(pki.path(`app/${c.name}.sh`), `cockroach workload init movr "${c.conn}"\n`);
      for (const c of libpq) writeFileSync(pki.path(`app/${c.name}.sh`), `psql "${c.conn}"\n`);
      const real = new Map<string, string>();
      for (const r of runPqConnect(pq, workload.map((c) => ({ name: c.name, url: c.conn })), app(), cleanEnv())) real.set(r.name, r.ok ? 'OK' : r.error ?? '');
      for (const [k, v] of await realVerdicts(libpq)) real.set(k, v);
      const disagreements: string[] = [];
      for (const c of [...workload, ...libpq]) {
        const run = await lintFile(pki.path(`app/${c.name}.sh`), { roots: [pki.dir], env: nodeEnvironment() });
        const errors = run.findings.filter((f) => f.severity === 'error').map((f) => f.code);
        const said = real.get(c.name)!;
        if ((said === 'OK') !== !c.rule) disagreements.push(`${c.name}: expected ${c.rule ? 'a refusal' : 'a connection'}, the real client: ${said}`);
        if (c.rule ? !errors.includes(c.rule) : errors.length) disagreements.push(`${c.name}: Certwright ${errors.join(', ') || 'no error'}, expected ${c.rule ?? 'none'}`);
        if (c.says && !c.says.test(said)) disagreements.push(`${c.name}: the client said ${said}`);
        // The words are Go's, as the client says them, not libpq's.
        if (c.name.startsWith('wl-') && c.rule) {
          const f = run.findings.find((x) => x.code === c.rule)!;
          if (/SSL error|libpq/.test(f.message) || (c.rule !== 'PG-034' && !f.message.includes(said.slice(0, 40)))) disagreements.push(`${c.name}: ${f.message} / ${said}`);
        }
      }
      assert.deepEqual(disagreements, []);
    } finally {
      pki.write('pg/postgresql.conf', conf);
    }
  });

  it('a server certificate without serverAuth: psql and pgjdbc refuse it, Certwright reports it on both ends', async () => {
    pg!.installTls({ cert: pki.path('pg/client-only.crt'), key: pki.path('pg/client-only.key'), ca: pki.path('pg/root.crt'), crl: pki.path('pg/root.crl') });
    await pg!.reload();
    try {
      pki.write('pg/postgresql.conf', pki.read('pg/postgresql.conf').replace("'server.crt'", "'client-only.crt'").replace("'server.key'", "'client-only.key'"));
      const list: Case[] = [
        { name: 'eku-psql', client: 'psql', conn: kv('user=alice sslcert=alice.crt sslkey=alice.key'), rule: 'PG-033', says: /certificate verify failed/ },
        { name: 'eku-jdbc', client: 'jdbc', conn: jdbc('sslcert=alice.crt&sslkey=alice.pk8&user=alice'), rule: 'PG-033', says: /Extended key usage does not permit use for TLS server authentication|certificate_unknown|PKIX|SSL/ },
      ];
      for (const c of list) writeFileSync(pki.path(`app/${c.name}.${c.client === 'jdbc' ? 'properties' : 'sh'}`), c.client === 'jdbc' ? `db.url=${c.conn}\n` : `psql "${c.conn}"\n`);
      const real = await realVerdicts(list);
      for (const c of list) {
        assert.notEqual(real.get(c.name), 'OK', c.name);
        assert.match(real.get(c.name)!, c.says!);
        const run = await lintFile(pki.path(`app/${c.name}.${c.client === 'jdbc' ? 'properties' : 'sh'}`), { roots: [pki.dir], env: nodeEnvironment() });
        assert.deepEqual(run.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['PG-033'], c.name);
      }
      const conf = await lintFile(pki.path('pg/postgresql.conf'), { roots: [pki.dir], env: nodeEnvironment() });
      const eku = conf.byCode('PG-033').filter((f) => /lacks serverAuth/.test(f.message));
      assert.ok(eku.some((f) => /eku-psql\.sh/.test(f.message)) && eku.some((f) => /eku-jdbc\.properties/.test(f.message)), conf.findings.map((f) => f.message).join('\n'));
    } finally {
      pg!.installTls({ cert: pki.path('pg/server.crt'), key: pki.path('pg/server.key'), ca: pki.path('pg/root.crt'), crl: pki.path('pg/root.crl') });
      await pg!.reload();
    }
  });
  it('pgJDBC with another sslfactory reads none of sslrootcert, sslcert, sslkey (pgjdbc 42.5): a cert row refuses it, a trust row lets it in without a chain check, verify-full still checks the host; Certwright agrees (PG-041, PG-030)', async () => {
    // carol logs in over TLS without a client certificate; the cert rows stay for everyone else.
    const hba = join(pg!.dataDir, 'pg_hba.conf');
    const realHba = readFileSync(hba, 'utf8');
    const wsHba = pki.read('pg/pg_hba.conf');
    writeFileSync(hba, realHba.replace('hostssl all all 127.0.0.1/32   cert', 'hostssl all carol 127.0.0.1/32 trust\nhostssl all all 127.0.0.1/32   cert'));
    pki.write('pg/pg_hba.conf', `local all all trust\nhostssl all carol 127.0.0.1/32 trust\n${wsHba.replace('local all all trust\n', '')}`);
    try {
      pg!.admin('CREATE ROLE carol LOGIN;');
      await pg!.reload();
      const nv = 'sslfactory=org.postgresql.ssl.NonValidatingFactory';
      // An untrusted root and a PEM key: LibPQFactory would refuse both (PG-031, PG-036); this factory reads neither.
      const files = 'sslrootcert=other-ca.crt&sslcert=alice.crt&sslkey=alice.key';
      const list: Case[] = [
        { name: 'jdbc-factory-cert-row', client: 'jdbc', conn: `jdbc:postgresql://127.0.0.1:${port}/postgres?sslmode=verify-full&${files}&user=alice&${nv}`, rule: 'PG-041', says: /connection requires a valid client certificate/ },
        { name: 'jdbc-factory-trust-row', client: 'jdbc', conn: `jdbc:postgresql://127.0.0.1:${port}/postgres?sslmode=verify-full&${files}&user=carol&${nv}` },
        { name: 'jdbc-factory-wrong-host', client: 'jdbc', conn: `jdbc:postgresql://127.0.0.2:${port}/postgres?sslmode=verify-full&${files}&user=carol&${nv}`, rule: 'PG-030', says: /could not be verified by hostnameverifier/ },
      ];
      for (const c of list) writeFileSync(pki.path(`app/${c.name}.properties`), `db.url=${c.conn}\n`);
      const real = await realVerdicts(list);
      const disagreements: string[] = [];
      for (const c of list) {
        const run = await lintFile(pki.path(`app/${c.name}.properties`), { roots: [pki.dir], env: nodeEnvironment() });
        const errors = run.findings.filter((f) => f.severity === 'error').map((f) => f.code);
        const said = real.get(c.name)!;
        if ((said === 'OK') !== !c.rule) disagreements.push(`${c.name}: expected ${c.rule ? 'a refusal' : 'a connection'}, pgjdbc: ${said}`);
        if (c.rule ? !errors.includes(c.rule) : errors.length) disagreements.push(`${c.name}: Certwright ${errors.join(', ') || 'no error'}, expected ${c.rule ?? 'none'}`);
        if (c.says && !c.says.test(said)) disagreements.push(`${c.name}: pgjdbc said ${said}`);
        // Where it connects, the factory's warning says the files are not used.
        if (!c.rule && !run.findings.some((f) => f.code === 'PG-041' && f.severity === 'warning')) disagreements.push(`${c.name}: no PG-041 warning`);
      }
      assert.deepEqual(disagreements, []);
    } finally {
      writeFileSync(hba, realHba);
      pki.write('pg/pg_hba.conf', wsHba);
      await pg!.reload();
    }
  });
});
