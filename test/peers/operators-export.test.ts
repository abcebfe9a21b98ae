/**
 * `certwright export` against real readers: pgJDBC (Debian's libpostgresql-jdbc-java, on
 * the JDK) logs in to a real PostgreSQL 15 with sslmode=verify-full, the exported .pk8 key
 * and the root CA; `keytool -list` reads both PKCS#12 variants as a private-key entry with
 * its chain; `openssl pkcs12 -info` names the algorithms and gives back the same key; the
 * chain file verifies with `openssl verify`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { PostgresServer, runBounded } from './support/postgresServer';

const { tmp, cli } = inProcessCli('certwright-export-');
const pass = 'export-pass-1';
const dir = path.join(tmp, 'pki');
const jdbcJar = '/usr/share/java/postgresql.jar';
const javaClient = path.resolve(__dirname, 'java/JdbcLogin.java');

function run(file: string, args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const r = spawnSync(file, args, { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  if (r.error) throw new Error(`${file} could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

async function cw(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}`);
  return r.out;
}

before(async () => {
  process.env.CW_EXPORT_PASS = pass;
  await cw('ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'rsa2048');
  await cw('issue', 'node', '--dir', dir, '--san', 'localhost', '--san', '127.0.0.1');
  await cw('issue', 'client', '--dir', dir, '--user', 'alice', '--name', 'alice');
  await cw('crl', '--dir', dir);
});

describe('export --format pk8: pgJDBC logs in with sslmode=verify-full', () => {
  let pg: PostgresServer | undefined;
  after(() => pg?.stop());

  it('a JDBC client on the JDK authenticates as the certificate CN with the .pk8 key', async () => {
    assert.ok(fs.existsSync(jdbcJar), `${jdbcJar} is missing: scripts/install-system-deps.sh installs libpostgresql-jdbc-java`);
    await cw('export', '--dir', dir, '--cert', path.join(dir, 'alice.crt'), '--format', 'pk8');
    const pk8 = path.join(dir, 'alice.pk8');
    assert.equal(fs.statSync(pk8).mode & 0o777, 0o600);
    // DER PKCS#8 that openssl reads as the certificate's key.
    assert.equal(run('openssl', ['pkey', '-inform', 'DER', '-in', pk8, '-pubout']).out, run('openssl', ['x509', '-in', 'alice.crt', '-noout', '-pubkey']).out);
    pg = await PostgresServer.create();
    const f = (n: string): string => path.join(dir, n);
    pg.configure({ cert: f('server.crt'), key: f('server.key'), ca: f('root.crt'), crl: f('root.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN;');
    const login = await runBounded('java', ['-cp', jdbcJar, javaClient, '127.0.0.1', String(pg.port), 'alice', f('alice.crt'), pk8, f('root.crt')], { timeoutMs: 120_000 });
    assert.equal(login.code, 0, `${login.stdout}${login.stderr}\n${pg.log().slice(-2000)}`);
    assert.match(login.stdout, /user=alice ssl=true/);
    // The same client with the PEM key (what pgJDBC cannot read) fails: the .pk8 is what made it work.
    const pem = await runBounded('java', ['-cp', jdbcJar, javaClient, '127.0.0.1', String(pg.port), 'alice', f('alice.crt'), f('alice.key'), f('root.crt')], { timeoutMs: 120_000 });
    assert.notEqual(pem.code, 0, pem.stdout);
  });

  it('renewal keeps the exports in step: the renewed .pk8 logs in, keytool and openssl read the renewed PKCS#12; without its passphrase the bundle is marked stale', async () => {
    assert.ok(pg, 'the PostgreSQL of the login test');
    const f = (n: string): string => path.join(dir, n);
    const serialOf = (text: string): string => /serial=([0-9A-F]+)/.exec(text)?.[1] ?? '(none)';
    await cw('export', '--dir', dir, '--cert', f('alice.crt'), '--format', 'p12', '--passout', 'env:CW_EXPORT_PASS', '--out', f('alice-keystore.p12'));
    await cw('export', '--dir', dir, '--cert', f('alice.crt'), '--format', 'chain', '--out', f('alice-chain.pem'));
    const before = serialOf(run('openssl', ['x509', '-in', 'alice.crt', '-noout', '-serial']).out);
    const oldPk8 = fs.readFileSync(f('alice.pk8'));

    // A new key, the bundle's passphrase given: every export is written again in the renewal's commit.
    const renewed = JSON.parse(await cw('renew', '--dir', dir, '--cert', f('alice.crt'), '--new-key', '--export-passout', 'env:CW_EXPORT_PASS', '--json')) as { issued: { serial: string }; written: Array<{ path: string }> };
    assert.notEqual(renewed.issued.serial, before);
    assert.deepEqual(['alice-chain.pem', 'alice-keystore.p12', 'alice.pk8'].filter((p) => !renewed.written.some((w) => w.path === p)), [], JSON.stringify(renewed.written));
    assert.ok(!fs.readFileSync(f('alice.pk8')).equals(oldPk8), 'the .pk8 holds the new key');
    assert.equal(run('openssl', ['pkey', '-inform', 'DER', '-in', f('alice.pk8'), '-pubout']).out, run('openssl', ['x509', '-in', 'alice.crt', '-noout', '-pubkey']).out);
    assert.equal(serialOf(run('sh', ['-c', 'openssl pkcs12 -in alice-keystore.p12 -passin env:CW_EXPORT_PASS -nokeys -clcerts | openssl x509 -noout -serial']).out), renewed.issued.serial);
    const p12Key = run('sh', ['-c', 'openssl pkcs12 -in alice-keystore.p12 -passin env:CW_EXPORT_PASS -nocerts -nodes | openssl pkey -pubout']).out;
    assert.equal(p12Key, run('openssl', ['x509', '-in', 'alice.crt', '-noout', '-pubkey']).out, 'the bundle holds the new key');
    const list = run('keytool', ['-list', '-v', '-keystore', f('alice-keystore.p12'), '-storetype', 'PKCS12', '-storepass:env', 'CW_EXPORT_PASS']);
    assert.equal(list.code, 0, list.out);
    assert.match(list.out, new RegExp(`Serial number: 0*${renewed.issued.serial.toLowerCase().replace(/^0+/, '')}`, 'i'));
    assert.match(list.out, /Certificate chain length: 2/);
    assert.equal(serialOf(run('openssl', ['x509', '-in', f('alice-chain.pem'), '-noout', '-serial']).out), renewed.issued.serial);
    const login = await runBounded('java', ['-cp', jdbcJar, javaClient, '127.0.0.1', String(pg.port), 'alice', f('alice.crt'), f('alice.pk8'), f('root.crt')], { timeoutMs: 120_000 });
    assert.equal(login.code, 0, `${login.stdout}${login.stderr}\n${pg.log().slice(-2000)}`);
    assert.match(login.stdout, /user=alice ssl=true/);

    // Without the passphrase: the renewal happens, the bundle keeps the previous certificate and is marked stale.
    const keystore = fs.readFileSync(f('alice-keystore.p12'));
    const r = await cli('renew', '--dir', dir, '--cert', f('alice.crt'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, new RegExp(`alice-keystore\\.p12 still holds the old certificate \\(serial ${renewed.issued.serial}\\).*--format p12 --out alice-keystore\\.p12`));
    assert.ok(fs.readFileSync(f('alice-keystore.p12')).equals(keystore), 'the stale bundle is left as it was');
    const records = JSON.parse(fs.readFileSync(f('ca-private/exports.json'), 'utf8')) as { exports: Array<{ out: string; stale?: { serial: string } }> };
    assert.equal(records.exports.find((e) => e.out === 'alice-keystore.p12')?.stale?.serial, renewed.issued.serial);
    assert.equal(records.exports.find((e) => e.out === 'alice.pk8')?.stale, undefined, 'an unencrypted .pk8 is always written again');
    assert.ok(!JSON.stringify(records).includes(pass), 'no passphrase in exports.json');
  });
});

describe('export --format p12: keytool and openssl read both variants', () => {
  for (const legacy of [false, true]) {
    it(`${legacy ? 'legacy (PBE-SHA1-3DES, SHA-1 MAC)' : 'modern (PBES2 AES-256, PBKDF2 + HMAC-SHA256)'}`, async () => {
      const out = path.join(dir, legacy ? 'alice-legacy.p12' : 'alice.p12');
      await cw('export', '--dir', dir, '--cert', path.join(dir, 'alice.crt'), '--format', 'p12', '--passout', 'env:CW_EXPORT_PASS', '--out', out, ...(legacy ? ['--legacy'] : []));
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const info = run('openssl', ['pkcs12', '-info', '-in', out, '-passin', 'env:CW_EXPORT_PASS', '-noout', ...(legacy ? ['-legacy'] : [])]);
      assert.equal(info.code, 0, info.out);
      if (legacy) {
        assert.match(info.out, /MAC: sha1, Iteration 2048/);
        assert.match(info.out, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
      } else {
        assert.match(info.out, /MAC: sha256, Iteration 600000/);
        assert.match(info.out, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256/);
      }
      assert.equal(info.out.match(/Certificate bag/g)?.length, 2, 'the client certificate and the root');
      // The key inside is the certificate's key.
      const key = run('openssl', ['pkcs12', '-in', out, '-passin', 'env:CW_EXPORT_PASS', '-nocerts', '-nodes', ...(legacy ? ['-legacy'] : [])]).out;
      fs.writeFileSync(path.join(tmp, 'k.pem'), key, { mode: 0o600 });
      assert.equal(run('openssl', ['pkey', '-in', path.join(tmp, 'k.pem'), '-pubout']).out, run('openssl', ['x509', '-in', 'alice.crt', '-noout', '-pubkey']).out);
      const wrong = run('openssl', ['pkcs12', '-info', '-in', out, '-passin', 'pass:wrong', '-noout', ...(legacy ? ['-legacy'] : [])]);
      assert.match(wrong.out, /mac verify error: invalid password/i);
      const list = run('keytool', ['-list', '-v', '-keystore', out, '-storetype', 'PKCS12', '-storepass:env', 'CW_EXPORT_PASS']);
      assert.equal(list.code, 0, list.out);
      assert.match(list.out, /Alias name: alice/);
      assert.match(list.out, /Entry type: PrivateKeyEntry/);
      assert.match(list.out, /Certificate chain length: 2/);
    });
  }

  it('refuses a bundle without a passphrase, and never replaces a file without --force', async () => {
    const r = await cli('export', '--dir', dir, '--cert', path.join(dir, 'alice.crt'), '--format', 'p12');
    assert.equal(r.code, 2);
    assert.match(r.err, /--passout/);
    const again = await cli('export', '--dir', dir, '--cert', path.join(dir, 'alice.crt'), '--format', 'p12', '--passout', 'env:CW_EXPORT_PASS');
    assert.equal(again.code, 1);
    assert.match(again.err, /refusing to replace/);
  });
});

describe('export --format chain', () => {
  it('writes the certificate (and with --with-root the root) that openssl verify accepts', async () => {
    const out = JSON.parse(await cw('export', '--dir', dir, '--cert', path.join(dir, 'server.crt'), '--format', 'chain', '--with-root', '--json'));
    const text = fs.readFileSync(out.out, 'utf8');
    assert.equal(text.match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.match(run('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', 'root.crt', out.out]).out, /: OK/);
  });
});
