/**
 * Connection strings where they are written (libpq keyword/value, URIs, pgjdbc
 * URLs, cockroach sql --url) parsed with offsets, and checked as edges of the
 * deployment: a PostgreSQL server (postgresql.conf + pg_hba.conf) and its clients
 * in shell scripts, .env and .properties files, one seeded mistake per client;
 * each reported once on the client's file and once on the server's file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, rmSync } from 'node:fs';
import { certRefs } from '../../../server/src/core/setup/certRefs';
import { findConnStrings } from '../../../server/src/core/setup/connStrings';
import { defaultLintSettings } from '../../../server/src/core/types';
import { lintFile, makePki, openssl, type Pki } from './helpers';

const params = (text: string) => findConnStrings(text).map((c) => ({ kind: c.kind, ...Object.fromEntries([...c.params].map(([k, v]) => [k, text.slice(v.start, v.end)])) }));

describe('connection strings where they are written', () => {
  test('libpq keyword/value (quoted values), URIs (percent-encoded, IPv6), pgjdbc URLs, cockroach sql --url', () => {
    assert.deepEqual(params(`psql "host=db.internal port=5432 user=alice sslmode=verify-full sslrootcert='/etc/pg/root ca.crt' sslcert=c.crt sslkey=c.key" -c 'select 1'\n`), [
      { kind: 'libpq', host: 'db.internal', port: '5432', user: 'alice', sslmode: 'verify-full', sslrootcert: '/etc/pg/root ca.crt', sslcert: 'c.crt', sslkey: 'c.key' },
    ]);
    assert.deepEqual(params('DATABASE_URL=postgresql://bob:secret@db.internal:5433/app?sslmode=verify-ca&sslrootcert=%2Fetc%2Froot.crt\n'), [
      { kind: 'uri', user: 'bob', host: 'db.internal', port: '5433', dbname: 'app', sslmode: 'verify-ca', sslrootcert: '%2Fetc%2Froot.crt' },
    ]);
    assert.equal(findConnStrings('x=postgresql://h/d?sslrootcert=%2Fetc%2Froot.crt')[0]!.params.get('sslrootcert')!.value, '/etc/root.crt');
    assert.deepEqual(params('spring.datasource.url=jdbc:postgresql://db.internal/app?ssl=true&sslmode=verify-full&sslcert=c.crt&sslkey=c.pk8\n'), [
      { kind: 'jdbc', host: 'db.internal', dbname: 'app', ssl: 'true', sslmode: 'verify-full', sslcert: 'c.crt', sslkey: 'c.pk8' },
    ]);
    assert.deepEqual(params("cockroach sql --url 'postgresql://root@[::1]:26257/defaultdb?sslmode=verify-full'\n"), [{ kind: 'uri', user: 'root', host: '::1', port: '26257', dbname: 'defaultdb', sslmode: 'verify-full' }]);
    // Not connection strings: one pair, no host, no TLS parameter; keyword/value inside a URI's query.
    assert.deepEqual(params('host=db.internal\nsslmode=require\nuser=x port=1\n'), []);
    assert.equal(findConnStrings('postgres://h/d?host=x&sslmode=require').length, 1);
  });

  test('hostile input stays bounded', () => {
    const t = `${'host=a sslmode=require '.repeat(20_000)}\n${'postgresql://'.repeat(20_000)}`;
    const start = performance.now();
    findConnStrings(t);
    assert.ok(performance.now() - start < 5000);
  });
});

describe('a PostgreSQL server and its clients, each with one mistake', () => {
  let pki: Pki;
  const rel = (f: string): string => f.replace(`${pki.dir}/`, '');
  before(() => {
    pki = makePki('cw-conn-');
    pki.write('pg/crl/.keep', '');
    pki.write('app/.keep', '');
    const ca = pki.ca({ cert: 'pg/root.crt', key: 'ca/ca.key', cn: 'PG CA' });
    const other = pki.ca({ cert: 'other/ca.crt', key: 'other/ca.key', cn: 'Other CA' });
    pki.leaf({ cert: 'pg/server.crt', key: 'pg/server.key', ca, cn: 'db.internal', san: 'DNS:db.internal,IP:127.0.0.1', eku: 'serverAuth' });
    pki.write('pg/postgresql.conf', "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_dir = 'crl'\n");
    pki.write('pg/pg_hba.conf', 'hostssl all all 0.0.0.0/0 cert\n');
    copyFileSync(pki.path('pg/root.crt'), pki.path('app/root.crt'));
    pki.leaf({ cert: 'app/alice.crt', key: 'app/alice.key', ca, cn: 'alice', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/bob.crt', key: 'app/bob.key', ca, cn: 'bob', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/mallory.crt', key: 'app/mallory.key', ca: other, cn: 'alice', eku: 'clientAuth' });
    pki.leaf({ cert: 'app/server-only.crt', key: 'app/server-only.key', ca, cn: 'alice', eku: 'serverAuth' });
    // clientAuth with a keyUsage OpenSSL's TLS client purpose refuses (openssl verify -purpose sslclient: "unsuitable certificate purpose"; test/peers/tls-purpose.test.ts).
    pki.leaf({ cert: 'app/encipher-only.crt', key: 'app/encipher-only.key', ca, cn: 'alice', eku: 'clientAuth', ku: 'keyEncipherment' });
    pki.leaf({ cert: 'app/loose.crt', key: 'app/loose.key', ca, cn: 'alice', eku: 'clientAuth', keyMode: 0o644 });
    openssl(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', pki.path('app/alice.key'), '-out', pki.path('app/alice.pk8')]);
    chmodSync(pki.path('app/alice.pk8'), 0o600);
    const kv = (extra: string): string => `host=db.internal port=5432 dbname=postgres sslmode=verify-full sslrootcert=root.crt ${extra}`;
    pki.write('app/good.sh', `psql "${kv('user=alice sslcert=alice.crt sslkey=alice.key')}" -c 'select 1'\n`);
    pki.write('app/good.properties', 'db.url=jdbc:postgresql://db.internal:5432/postgres?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.pk8\ndb.username=alice\n');
    pki.write('app/wrong-host.env', 'DATABASE_URL=postgresql://alice@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.key\n');
    pki.write('app/other-root.sh', `psql "${kv('user=alice sslcert=alice.crt sslkey=alice.key').replace('sslrootcert=root.crt', 'sslrootcert=../other/ca.crt')}"\n`);
    pki.write('app/other-client-ca.sh', `psql "${kv('user=alice sslcert=mallory.crt sslkey=mallory.key')}"\n`);
    pki.write('app/no-client-auth.sh', `psql "${kv('user=alice sslcert=server-only.crt sslkey=server-only.key')}"\n`);
    pki.write('app/client-ku.sh', `psql "${kv('user=alice sslcert=encipher-only.crt sslkey=encipher-only.key')}"\n`);
    pki.write('app/wrong-user.sh', `psql "${kv('user=alice sslcert=bob.crt sslkey=bob.key')}"\n`);
    pki.write('app/loose-key.sh', `psql "${kv('user=alice sslcert=loose.crt sslkey=loose.key')}"\n`);
    pki.write('app/pem-key.properties', 'url=jdbc:postgresql://db.internal/postgres?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.key&user=alice\n');
  });
  after(() => pki.cleanup());

  test('each mistake once on the client, once on the server, naming both ends', async () => {
    const roots = [pki.dir];
    const seen: string[] = [];
    for (const f of ['good.sh', 'good.properties', 'wrong-host.env', 'other-root.sh', 'other-client-ca.sh', 'no-client-auth.sh', 'client-ku.sh', 'wrong-user.sh', 'loose-key.sh', 'pem-key.properties']) {
      const run = await lintFile(pki.path(`app/${f}`), { roots });
      for (const x of run.findings) seen.push(`${f} ${x.code} ${run.covered(x)} → ${(x.related ?? []).map((r) => rel(r.file)).join(' + ')}`);
    }
    for (const f of ['postgresql.conf', 'pg_hba.conf']) {
      const run = await lintFile(pki.path(`pg/${f}`), { roots });
      for (const x of run.findings.filter((y) => /^PG-03/.test(y.code))) seen.push(`${f} ${x.code} ${run.covered(x)} → ${(x.related ?? []).map((r) => rel(r.file)).join(' + ')}`);
    }
    assert.deepEqual(seen.sort(), [
      'client-ku.sh PG-033 encipher-only.crt → pg/postgresql.conf + pg/server.crt',
      'loose-key.sh PG-035 loose.key → ',
      'no-client-auth.sh PG-033 server-only.crt → pg/postgresql.conf + pg/server.crt',
      'other-client-ca.sh PG-032 mallory.crt → pg/postgresql.conf + pg/server.crt',
      'other-root.sh PG-031 ../other/ca.crt → pg/postgresql.conf + pg/server.crt',
      'pem-key.properties PG-036 alice.key → ',
      'pg_hba.conf PG-034 all → app/wrong-user.sh + app/bob.crt',
      'postgresql.conf PG-030 ssl_cert_file → app/wrong-host.env',
      'postgresql.conf PG-031 ssl_cert_file → app/other-root.sh + other/ca.crt',
      'postgresql.conf PG-032 ssl_ca_file → app/other-client-ca.sh + app/mallory.crt',
      'postgresql.conf PG-033 ssl_ca_file → app/client-ku.sh + app/encipher-only.crt',
      'postgresql.conf PG-033 ssl_ca_file → app/no-client-auth.sh + app/server-only.crt',
      'wrong-host.env PG-030 db.example.com → pg/postgresql.conf + pg/server.crt',
      'wrong-user.sh PG-034 alice → pg/pg_hba.conf + app/bob.crt',
    ]);
  });

  test('PG-041: pgJDBC with another sslfactory reads none of sslrootcert, sslcert, sslkey: an error where the hba row asks for a certificate, no chain verdict, the host name still checked', async () => {
    const roots = [pki.dir];
    const url = (host: string, extra: string): string => `jdbc:postgresql://${host}/postgres?sslmode=verify-full&sslrootcert=../other/ca.crt&sslcert=alice.crt&sslkey=alice.key&user=alice&${extra}`;
    const files: Record<string, string> = {
      'nonvalidating.properties': `db.url=${url('db.internal', 'sslfactory=org.postgresql.ssl.NonValidatingFactory')}\n`,
      'java-factory.properties': `db.url=${url('db.internal', 'sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory')}\n`,
      'nonvalidating-wrong-host.properties': `db.url=${url('db.example.com', 'sslfactory=org.postgresql.ssl.NonValidatingFactory')}\n`,
      // The default factory named: its files are read as always (the other CA fails the chain, the PEM key is refused).
      'libpq-factory.properties': `db.url=${url('db.internal', 'sslfactory=org.postgresql.ssl.LibPQFactory')}\n`,
      // No file named: nothing to say of the factory.
      'bare.properties': 'db.url=jdbc:postgresql://db.internal/postgres?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory\n',
    };
    const seen: string[] = [];
    for (const [f, text] of Object.entries(files)) {
      pki.write(`app/${f}`, text);
      const run = await lintFile(pki.path(`app/${f}`), { roots });
      for (const x of run.findings) seen.push(`${f} ${x.severity} ${x.code} ${run.covered(x)}`);
    }
    assert.deepEqual(seen.sort(), [
      'java-factory.properties error PG-041 org.postgresql.ssl.DefaultJavaSSLFactory',
      'libpq-factory.properties error PG-031 ../other/ca.crt',
      'libpq-factory.properties error PG-036 alice.key',
      'nonvalidating-wrong-host.properties error PG-030 db.example.com',
      'nonvalidating-wrong-host.properties error PG-041 org.postgresql.ssl.NonValidatingFactory',
      'nonvalidating.properties error PG-041 org.postgresql.ssl.NonValidatingFactory',
    ]);
  });

  test('PG-039: an sslmode the client does not know is the one error of its string, in the client\'s words (libpq as written, pgjdbc in any case); the server hears nothing of it', async () => {
    const roots = [pki.dir];
    const kv = (mode: string): string => `host=db.internal port=5432 dbname=postgres sslmode=${mode} sslrootcert=root.crt user=alice sslcert=bob.crt sslkey=bob.key`;
    const files: Record<string, string> = {
      'mode-required.sh': `psql "${kv('required')}"\npsql "${kv('REQUIRE')}"\npsql "${kv('${PGSSLMODE}').replace(/bob/g, 'alice')}"\n`,
      'mode-true.env': 'DATABASE_URL=postgresql://alice@db.internal/postgres?sslmode=true\nNODE_URL=postgresql://alice@db.internal/postgres?sslmode=no-verify\n',
      'mode-jdbc.properties': 'a=jdbc:postgresql://db.internal/postgres?sslmode=VERIFY-FULL&sslrootcert=root.crt\nb=jdbc:postgresql://db.internal/postgres?sslmode=verify_full\n',
    };
    const seen: string[] = [];
    try {
      for (const [f, text] of Object.entries(files)) {
        pki.write(`app/${f}`, text);
        const run = await lintFile(pki.path(`app/${f}`), { roots });
        for (const x of run.findings) seen.push(`${f} ${x.severity} ${x.code} ${run.covered(x)}: ${x.message}`);
      }
      for (const f of ['postgresql.conf', 'pg_hba.conf']) {
        const run = await lintFile(pki.path(`pg/${f}`), { roots });
        for (const x of run.findings) if (/mode-/.test(x.message)) seen.push(`${f} ${x.code}`);
      }
    } finally {
      for (const f of Object.keys(files)) rmSync(pki.path(`app/${f}`));
    }
    assert.deepEqual(seen, [
      'mode-required.sh error PG-039 required: sslmode=required is not a mode the client knows (disable, allow, prefer, require, verify-ca, verify-full): libpq refuses the connection string ("invalid sslmode value: "required"").',
      'mode-required.sh error PG-039 REQUIRE: sslmode=REQUIRE is not a mode the client knows (disable, allow, prefer, require, verify-ca, verify-full): libpq refuses the connection string ("invalid sslmode value: "REQUIRE"").',
      'mode-true.env error PG-039 true: sslmode=true is not a mode the client knows (disable, allow, prefer, require, verify-ca, verify-full): libpq refuses the connection string ("invalid sslmode value: "true"").',
      'mode-jdbc.properties error PG-039 verify_full: sslmode=verify_full is not a mode the client knows (disable, allow, prefer, require, verify-ca, verify-full): pgjdbc refuses the URL ("Invalid sslmode value: verify_full").',
    ]);
  });

  test('links and hovers: sslrootcert, sslcert and sslkey resolve to the files the checks read', async () => {
    const text = pki.read('app/good.sh');
    const refs = await certRefs(pki.path('app/good.sh'), text, defaultLintSettings, [pki.dir]);
    assert.deepEqual(refs.map((r) => [r.option, text.slice(r.at.start, r.at.end), r.resolved.path, r.partner?.path]), [
      ['sslrootcert', 'root.crt', pki.path('app/root.crt'), undefined],
      ['sslcert', 'alice.crt', pki.path('app/alice.crt'), pki.path('app/alice.key')],
      ['sslkey', 'alice.key', pki.path('app/alice.key'), pki.path('app/alice.crt')],
    ]);
  });

  test('the words are the client library\'s, and the re-issue data names the certificate and the missing name', async () => {
    const roots = [pki.dir];
    const host = (await lintFile(pki.path('app/wrong-host.env'), { roots })).byCode('PG-030')[0]!;
    assert.match(host.message, /server certificate for "db\.internal" \(and 1 other name\) does not match host name "db\.example\.com"/);
    assert.deepEqual(host.data, { reissue: { cert: pki.path('pg/server.crt'), san: 'db.example.com' } });
    const user = (await lintFile(pki.path('app/wrong-user.sh'), { roots })).byCode('PG-034')[0]!;
    assert.match(user.message, /certificate authentication failed for user "alice"/);
    assert.deepEqual(user.data, { reissue: { cert: pki.path('app/bob.crt'), cn: 'alice' } });
  });
});

test('sslrootcert=system is the host\'s CA store, not a file: one warning on it, naming what a weaker sslmode does', async () => {
  const pki = makePki('cw-conn-system-');
  try {
    const run = await lintFile(pki.write('app/run.sh', 'psql "host=db.internal sslmode=verify-full sslrootcert=system"\npsql "postgresql://db.internal/app?sslmode=require&sslrootcert=system"\n'), { roots: [pki.dir] });
    assert.deepEqual(run.findings.map((f) => `${f.severity} ${f.code} ${run.covered(f)}`), ['warning PG-037 system', 'warning PG-037 system']);
    assert.doesNotMatch(run.findings[0]!.message, /does not exist here|weak sslmode/);
    assert.match(run.findings[1]!.message, /With sslmode=require, libpq 16\+ and lib\/pq refuse the string \("weak sslmode "require" may not be used with sslrootcert=system/);
  } finally {
    pki.cleanup();
  }
});

test('a GitHub Actions step resolves relative paths in the repository\'s checkout (or its working-directory); PG-035 is an error only where libpq reads the string', async () => {
  const pki = makePki('cw-conn-workflow-');
  try {
    pki.write('repo/tests/certs/.keep', '');
    const ca = pki.ca({ cert: 'repo/tests/certs/ca.crt', key: 'ca/ca.key', cn: 'CI CA' });
    pki.leaf({ cert: 'repo/tests/certs/client.crt', key: 'repo/tests/certs/client.key', ca, cn: 'postgres', eku: 'clientAuth', keyMode: 0o644 });
    const q = 'sslmode=verify-ca&sslrootcert=tests/certs/ca.crt&sslcert=tests/certs/client.crt&sslkey=tests/certs/client.key';
    const wf = [
      'jobs:',
      '  test:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: cargo test',
      '        env:',
      `          DATABASE_URL: postgres://postgres@localhost:5432/app?${q}`,
      '      - run: psql "$URL"',
      '        working-directory: tests',
      '        env:',
      `          URL: postgres://postgres@localhost:5432/app?${q.replace(/tests\//g, '')}`,
      `      - run: psql "postgres://postgres@localhost:5432/app?${q}"`,
      '',
    ].join('\n');
    const run = await lintFile(pki.write('repo/.github/workflows/ci.yml', wf), { roots: [pki.dir] });
    // Every file is found where the steps run; the key's mode: a warning for a URL no program is named for, an error under psql.
    assert.deepEqual(run.findings.map((f) => `${f.severity} ${f.code} ${run.covered(f)}`), ['warning PG-035 tests/certs/client.key', 'warning PG-035 certs/client.key', 'error PG-035 tests/certs/client.key']);
    // The same URL beside the workflow file, outside .github: relative to the file's folder, nothing there.
    const plain = await lintFile(pki.write('repo/ci/env.yml', `DATABASE_URL: postgres://postgres@localhost:5432/app?${q}\n`), { roots: [pki.dir] });
    assert.deepEqual(plain.findings.map((f) => f.code), ['PG-037', 'PG-037', 'PG-037']);
  } finally {
    pki.cleanup();
  }
});

describe('the server certificate\'s usages, as each client checks them (test/peers/tls-purpose.test.ts)', () => {
  /** The PG-033 findings of a psql script and a pgJDBC URL against a server whose certificate has these usages. */
  const pg033 = async (usages: { eku?: string; ku?: string }): Promise<string[]> => {
    const pki = makePki('cw-purpose-');
    try {
      pki.write('pg/.keep', '');
      pki.write('app/.keep', '');
      const ca = pki.ca({ cert: 'pg/root.crt', key: 'ca/ca.key', cn: 'PG CA' });
      pki.leaf({ cert: 'pg/server.crt', key: 'pg/server.key', ca, cn: 'db.internal', san: 'DNS:db.internal', ...usages });
      pki.write('pg/postgresql.conf', "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
      copyFileSync(pki.path('pg/root.crt'), pki.path('app/root.crt'));
      pki.write('app/check.sh', 'psql "host=db.internal dbname=postgres sslmode=verify-full sslrootcert=root.crt" -c \'select 1\'\n');
      pki.write('app/db.properties', 'url=jdbc:postgresql://db.internal/postgres?sslmode=verify-full&sslrootcert=root.crt\n');
      const out: string[] = [];
      for (const f of ['check.sh', 'db.properties']) {
        const run = await lintFile(pki.path(`app/${f}`), { roots: [pki.dir] });
        for (const x of run.findings.filter((y) => y.code === 'PG-033')) out.push(`${f}: ${x.message.replace(/^.*refuses it \(/, '')}`);
      }
      return out;
    } finally {
      pki.cleanup();
    }
  };

  test('anyExtendedKeyUsage alone: libpq (OpenSSL\'s ssl_server purpose) refuses it, pgJDBC (JSSE) accepts it', async () => {
    assert.deepEqual(await pg033({ eku: 'anyExtendedKeyUsage' }), ['check.sh: "SSL error: certificate verify failed" — unsupported certificate purpose).']);
  });

  test('keyUsage keyEncipherment alone: libpq accepts it, pgJDBC refuses it for the missing digitalSignature, in Java\'s words', async () => {
    assert.deepEqual(await pg033({ eku: 'serverAuth', ku: 'keyEncipherment' }), ['db.properties: "KeyUsage does not allow digital signatures"; Java\'s TLS checks need it for the handshake\'s signature).']);
  });
});
