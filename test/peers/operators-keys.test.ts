/**
 * Encrypted CA keys against the real openssl: `ca create --encrypt-key` writes PKCS#8
 * PBES2 (PBKDF2-HMAC-SHA256 at 600 000 iterations, AES-256-CBC) that `openssl pkey
 * -passin` and `openssl ca -passin` read; every command that reads the CA key takes
 * `--passin env:VAR|file:PATH`, refuses without it or with a wrong one (nothing written),
 * reads keys openssl encrypted itself, and never prints the passphrase.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';

const { tmp, cli } = inProcessCli('certwright-keys-');
const secret = 'correct horse battery staple';
const printed: string[] = [];

function openssl(cwd: string, args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  if (r.error) throw new Error(`openssl could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function ok(cwd: string, args: string[], env?: Record<string, string>): string {
  const r = openssl(cwd, args, env);
  assert.equal(r.code, 0, `openssl ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cli(...args);
  printed.push(r.out, r.err);
  return r;
}

async function cw(...args: string[]): Promise<string> {
  const r = await run(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}`);
  return r.out;
}

const ca = path.join(tmp, 'ca');
const key = path.join(ca, 'ca-private/root.key');
const passFile = path.join(tmp, 'pass.txt');
const index = (): string => fs.readFileSync(path.join(ca, 'ca-private/index.txt'), 'utf8');

before(async () => {
  process.env.CW_TEST_CA_PASS = secret;
  fs.writeFileSync(passFile, `${secret}\n`, { mode: 0o600 });
  await cw('ca', 'create', '--profile', 'postgres', '--dir', ca, '--key', 'p256', '--encrypt-key', '--passout', 'env:CW_TEST_CA_PASS');
});

describe('ca create --encrypt-key', () => {
  it('writes PKCS#8 PBES2 with PBKDF2-HMAC-SHA256 (600000 iterations) and AES-256-CBC, which openssl reads with -passin', () => {
    const pem = fs.readFileSync(key, 'utf8');
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(fs.statSync(key).mode & 0o777, 0o600);
    const asn1 = ok(tmp, ['asn1parse', '-in', key]);
    for (const name of [':PBES2', ':PBKDF2', ':hmacWithSHA256', ':aes-256-cbc', 'INTEGER           :0927C0']) assert.ok(asn1.includes(name), `${name} in\n${asn1}`);
    assert.match(ok(tmp, ['pkey', '-in', key, '-passin', 'env:P', '-noout', '-text'], { P: secret }), /Private-Key: \(256 bit/);
    assert.notEqual(openssl(tmp, ['pkey', '-in', key, '-passin', 'pass:wrong', '-noout']).code, 0, 'openssl refuses a wrong passphrase too');
    // The key belongs to the certificate.
    assert.equal(ok(tmp, ['pkey', '-in', key, '-passin', 'env:P', '-pubout'], { P: secret }), ok(tmp, ['x509', '-in', path.join(ca, 'root.crt'), '-noout', '-pubkey']));
  });

  it('refuses --encrypt-key without --passout, and a passphrase on the command line', async () => {
    const r = await run('ca', 'create', '--profile', 'generic', '--dir', path.join(tmp, 'nopass'), '--encrypt-key');
    assert.equal(r.code, 2);
    assert.match(r.err, /--passout/);
    const p = await run('ca', 'create', '--profile', 'generic', '--dir', path.join(tmp, 'nopass'), '--encrypt-key', '--passout', 'pass:hunter2');
    assert.equal(p.code, 2);
    assert.match(p.err, /visible to other users/);
    assert.equal(fs.existsSync(path.join(tmp, 'nopass')), false);
  });
});

describe('--passin wherever the CA key is read', () => {
  it('issue node|client, sign, revoke and crl read the key with env: or file:; openssl ca carries on with -passin', async () => {
    const node = JSON.parse(await cw('issue', 'node', '--dir', ca, '--san', 'db.example.com', '--passin', 'env:CW_TEST_CA_PASS', '--json'));
    assert.match(ok(ca, ['verify', '-purpose', 'sslserver', '-CAfile', 'root.crt', node.issued.certPath]), /: OK/);
    await cw('issue', 'client', '--dir', ca, '--user', 'alice', '--passin', `file:${passFile}`);
    // openssl ca, with the same encrypted key, signs a request and publishes a CRL.
    ok(tmp, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'o.key', '-subj', '/CN=bob', '-out', 'o.csr']);
    ok(ca, ['ca', '-config', 'ca-private/openssl-ca.cnf', '-batch', '-notext', '-rand_serial', '-extensions', 'client_cert', '-passin', 'env:P', '-in', path.join(tmp, 'o.csr'), '-out', path.join(tmp, 'bob.crt')], { P: secret });
    const signed = JSON.parse(await cw('sign', '--dir', ca, '--csr', path.join(tmp, 'o.csr'), '--name', 'bob2', '--passin', 'env:CW_TEST_CA_PASS', '--json'));
    assert.equal(signed.csrReview.role, 'client');
    await cw('revoke', '--dir', ca, '--cert', path.join(ca, node.issued.certPath), '--passin', `file:${passFile}`);
    await cw('crl', '--dir', ca, '--passin', 'env:CW_TEST_CA_PASS');
    const r = openssl(ca, ['verify', '-crl_check', '-CAfile', 'root.crt', '-CRLfile', 'root.crl', node.issued.certPath]);
    assert.match(r.out, /certificate revoked/);
    ok(ca, ['ca', '-config', 'ca-private/openssl-ca.cnf', '-gencrl', '-passin', 'env:P', '-out', path.join(tmp, 'by-openssl.crl')], { P: secret });
  });

  it('issue --batch reads the key once with --passin', async () => {
    const batch = path.join(tmp, 'batch.json');
    fs.writeFileSync(batch, JSON.stringify([{ kind: 'issueNode', name: 'replica1', sans: ['replica1.example.com'] }, { kind: 'issueClient', user: 'carol', name: 'carol' }]));
    const out = JSON.parse(await cw('issue', '--batch', batch, '--dir', ca, '--passin', 'env:CW_TEST_CA_PASS', '--json'));
    assert.equal(out.results.length, 2);
    assert.match(ok(ca, ['verify', '-purpose', 'sslclient', '-CAfile', 'root.crt', 'carol.crt']), /: OK/);
  });

  it('without --passin or with a wrong one: refused, naming the way out, nothing written', async () => {
    const before = index();
    const none = await run('issue', 'node', '--dir', ca, '--san', 'x.example.com', '--name', 'x');
    assert.equal(none.code, 1);
    assert.match(none.err, /encrypted: give its passphrase with --passin env:VAR or --passin file:PATH/);
    process.env.CW_TEST_WRONG = 'Tr0ub4dor&3';
    const wrong = await run('issue', 'node', '--dir', ca, '--san', 'x.example.com', '--name', 'x', '--passin', 'env:CW_TEST_WRONG');
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /wrong passphrase for the CA key/);
    const unset = await run('crl', '--dir', ca, '--passin', 'env:CW_TEST_NOT_SET');
    assert.equal(unset.code, 2);
    assert.equal(index(), before);
    assert.equal(fs.existsSync(path.join(ca, 'x.crt')), false);
  });

  it('reads CA keys openssl encrypted (PBKDF2 + AES-128, its default iterations); explains scrypt and traditional encryption', async () => {
    const dir = path.join(tmp, 'gen');
    await cw('ca', 'create', '--profile', 'generic', '--dir', dir, '--key', 'rsa2048');
    const k = path.join(dir, 'ca-private/ca.key');
    const plain = fs.readFileSync(k, 'utf8');
    const reencrypt = (args: string[]): void => {
      const outFile = `${k}.new`;
      ok(dir, [...args, '-in', k + '.plain', '-out', outFile], { P: secret });
      fs.renameSync(outFile, k);
    };
    fs.writeFileSync(`${k}.plain`, plain);
    reencrypt(['pkcs8', '-topk8', '-v2', 'aes-128-cbc', '-passout', 'env:P']);
    await cw('issue', 'node', '--dir', dir, '--san', 'a.example.com', '--passin', 'env:CW_TEST_CA_PASS');
    reencrypt(['pkcs8', '-topk8', '-scrypt', '-passout', 'env:P']);
    const s = await run('issue', 'node', '--dir', dir, '--san', 'b.example.com', '--name', 'b', '--passin', 'env:CW_TEST_CA_PASS');
    assert.equal(s.code, 1);
    assert.match(s.err, /scrypt[\s\S]*openssl pkcs8 -topk8 -v2 aes-256-cbc/);
    reencrypt(['rsa', '-aes256', '-traditional', '-passout', 'env:P']);
    const t = await run('issue', 'node', '--dir', dir, '--san', 'c.example.com', '--name', 'c', '--passin', 'env:CW_TEST_CA_PASS');
    assert.equal(t.code, 1);
    assert.match(t.err, /traditional OpenSSL format/);
    fs.rmSync(`${k}.plain`);
  });

  it('never prints the passphrase', () => {
    assert.ok(printed.length > 10);
    for (const text of printed) assert.ok(!text.includes(secret) && !text.includes('Tr0ub4dor'), text);
  });
});
