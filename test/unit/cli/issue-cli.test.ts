// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { inProcessCli } from '../../support/inProcessCli';

const { tmp, cli } = inProcessCli('certwright-cli-');

const mode = (p: string): number => fs.statSync(path.join(tmp, p)).mode & 0o777;

describe('certwright issuing CLI: usage errors (exit 2)', () => {
  it('missing or bad options', async () => {
    const cases: [string[], RegExp][] = [
      [['ca', 'create', '--dir', 'x'], /--profile is required/],
      [['ca', 'create', '--profile', 'cockroach'], /--dir DIR is required/],
      [['ca', 'create', '--profile', 'oracle', '--dir', 'x'], /unknown profile 'oracle'/],
      [['ca', 'create', '--profile', 'dm', '--dir', 'x', '--key', 'rsa1024'], /unknown key type 'rsa1024'/],
      [['ca', 'create', '--profile', 'dm', '--dir', 'x', '--days', 'ten'], /--days must be a whole number/],
      [['ca', 'create', '--profile', 'dm', '--dir', 'x', '--bogus'], /Unknown option '--bogus'/],
      [['ca', 'create', '--profile', 'dm', '--dir', 'x', 'extra'], /positional/i],
      [['issue', 'node', '--profile', 'dm', '--dir', 'x'], /at least one --san/],
      [['revoke', '--profile', 'dm', '--dir', 'x'], /exactly one of --cert FILE or --serial HEX/],
      [['renew', '--profile', 'dm', '--dir', 'x'], /--cert FILE is required/],
      [['issue', 'client', '--dir', path.join(tmp, 'empty')], /--profile is required \(no CA found/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code} ${r.err}`);
      assert.match(r.err, re, args.join(' '));
      assert.ok(!fs.existsSync(path.join(tmp, 'x')), 'nothing written on usage errors');
    }
  });

  it('--help on each command', async () => {
    for (const cmd of [['ca', 'create'], ['issue', 'node'], ['issue', 'client'], ['revoke'], ['crl'], ['renew']]) {
      const r = await cli(...cmd, '--help');
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`^Usage: certwright ${cmd.join(' ')} `));
      assert.match(r.out, /--json/);
    }
  });
});

describe('certwright issuing CLI: cockroach flow on disk', () => {
  const dir = path.join(tmp, 'crdb');

  it('ca create --json lists the files, never key contents; modes 0600/0644 in 0700 folders', async () => {
    const r = await cli('ca', 'create', '--profile', 'cockroach', '--dir', 'crdb', '--key', 'p256', '--json');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /PRIVATE KEY/);
    const j = JSON.parse(r.out);
    assert.equal(j.ok, true);
    assert.equal(j.operation, 'createCa');
    assert.equal(j.dir, dir);
    const byPath = Object.fromEntries(j.written.map((w: { path: string; mode: string; kind: string }) => [w.path, w]));
    assert.equal(byPath['ca-private/ca.key'].mode, '0600');
    assert.equal(byPath['ca-private/ca.key'].kind, 'key');
    assert.equal(byPath['certs/ca.crt'].mode, '0644');
    assert.ok(j.opensslCommands.length > 2);
    assert.equal(mode('crdb/ca-private/ca.key'), 0o600);
    assert.equal(mode('crdb/ca-private/index.txt'), 0o600);
    assert.equal(mode('crdb/certs/ca.crt'), 0o644);
    for (const d of ['crdb', 'crdb/certs', 'crdb/ca-private', 'crdb/ca-private/newcerts']) assert.equal(mode(d), 0o700, d);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary files left');
  });

  it('never overwrites an existing CA, not even with --force (it would orphan every certificate the CA issued)', async () => {
    const before = fs.readFileSync(path.join(dir, 'ca-private/ca.key'), 'utf8');
    const caBefore = fs.readFileSync(path.join(dir, 'certs/ca.crt'), 'utf8');
    for (const force of [[], ['--force']]) {
      const r = await cli('ca', 'create', '--profile', 'cockroach', '--dir', 'crdb', '--key', 'p256', ...force);
      assert.equal(r.code, 1);
      assert.match(r.err, /refusing to overwrite (certs\/ca\.crt|ca-private\/ca\.key): it is the CA (certificate|private key).*--force never does/);
      assert.equal(fs.readFileSync(path.join(dir, 'ca-private/ca.key'), 'utf8'), before);
      assert.equal(fs.readFileSync(path.join(dir, 'certs/ca.crt'), 'utf8'), caBefore);
    }
    assert.equal(mode('crdb/ca-private/ca.key'), 0o600);
  });

  it('issue node (profile detected from --dir) and --print-openssl', async () => {
    const r = await cli('issue', 'node', '--dir', 'crdb', '--san', 'localhost', '--san', '127.0.0.1,node1.local', '--print-openssl');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CN = node .*SAN DNS:localhost, DNS:node1\.local, IP:127\.0\.0\.1/);
    assert.match(r.out, /Equivalent openssl commands:\n {2}cd .*crdb\n/);
    assert.match(r.out, /openssl ca -config ca-private\/openssl-ca\.cnf/);
    const cert = new X509Certificate(fs.readFileSync(path.join(dir, 'certs/node.crt')));
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(mode('crdb/certs/node.key'), 0o600);
    const again = await cli('issue', 'node', '--dir', 'crdb', '--san', 'localhost');
    assert.equal(again.code, 1);
    assert.match(again.err, /refusing to overwrite/);
  });

  it('issue client --json; bad input exits 1 with a clear message', async () => {
    const r = await cli('issue', 'client', '--dir', 'crdb', '--user', 'maxroach', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.written.map((w: { path: string }) => w.path).slice(0, 2), ['certs/client.maxroach.key', 'certs/client.maxroach.crt']);
    assert.equal(j.issued.subject, 'O = Cockroach, CN = maxroach');
    const bad = await cli('issue', 'client', '--dir', 'crdb', '--user', '../../etc/passwd');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /error: user "\.\.\/\.\.\/etc\/passwd" .*not allowed/);
    const dots = await cli('issue', 'client', '--dir', 'crdb', '--user', '..');
    assert.equal(dots.code, 1);
    assert.match(dots.err, /error: user "\.\." is not allowed/);
    assert.ok(!fs.readdirSync(path.join(dir, 'certs')).some((f) => f.startsWith('client..')));
    const inj = await cli('issue', 'client', '--dir', 'crdb', '--user', 'root,O=admin');
    assert.equal(inj.code, 1);
    assert.match(inj.err, /not allowed in a distinguished name/);
    const san = await cli('issue', 'node', '--dir', 'crdb', '--name', 'n2', '--san', 'not a host');
    assert.equal(san.code, 1);
    assert.match(san.err, /neither a valid DNS name nor an IP address/);
    assert.ok(!fs.existsSync(path.join(dir, 'certs/n2')));
  });

  it('refuses to write through a symbolic link', async () => {
    const victim = path.join(tmp, 'victim.txt');
    fs.writeFileSync(victim, 'keep');
    fs.mkdirSync(path.join(dir, 'certs/n3'), { mode: 0o700 });
    fs.symlinkSync(victim, path.join(dir, 'certs/n3/node.key'));
    const r = await cli('issue', 'node', '--dir', 'crdb', '--name', 'n3', '--san', 'n3', '--force');
    assert.equal(r.code, 1);
    assert.match(r.err, /symbolic link/);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'keep');
    assert.ok(!fs.existsSync(path.join(dir, 'certs/n3/node.crt')), 'nothing written');
  });

  it('revoke --cert, revoke --serial, crl, renew', async () => {
    const r = await cli('revoke', '--dir', 'crdb', '--cert', 'crdb/certs/client.maxroach.crt', '--reason', 'superseded', '--json');
    assert.equal(r.code, 0, r.err);
    assert.match(fs.readFileSync(path.join(dir, 'ca-private/index.txt'), 'utf8'), /^R\t\d{12}Z\t\d{12}Z,superseded\t[0-9A-F]{32}\tunknown\t\/O=Cockroach\/CN=maxroach$/m);
    assert.match(fs.readFileSync(path.join(dir, 'certs/ca.crl'), 'utf8'), /^-----BEGIN X509 CRL-----/);
    const again = await cli('revoke', '--dir', 'crdb', '--cert', 'crdb/certs/client.maxroach.crt');
    assert.equal(again.code, 1);
    assert.match(again.err, /already revoked/);
    const node = new X509Certificate(fs.readFileSync(path.join(dir, 'certs/node.crt')));
    const bySerial = await cli('revoke', '--dir', 'crdb', '--serial', node.serialNumber.toLowerCase());
    assert.equal(bySerial.code, 0, bySerial.err);
    const crlBefore = fs.readFileSync(path.join(dir, 'ca-private/crlnumber'), 'utf8');
    const crl = await cli('crl', '--dir', 'crdb', '--crl-days', '2');
    assert.equal(crl.code, 0, crl.err);
    assert.equal(parseInt(fs.readFileSync(path.join(dir, 'ca-private/crlnumber'), 'utf8'), 16), parseInt(crlBefore, 16) + 1);
    // node.crt was revoked just above: its key is never certified again, only a new key is.
    const refused = await cli('renew', '--dir', 'crdb', '--cert', 'crdb/certs/node.crt', '--days', '30');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /was revoked .*Renew with a new key: --new-key/);
    const renew = await cli('renew', '--dir', 'crdb', '--cert', 'crdb/certs/node.crt', '--days', '30', '--new-key');
    assert.equal(renew.code, 0, renew.err);
    const renewed = new X509Certificate(fs.readFileSync(path.join(dir, 'certs/node.crt')));
    assert.notEqual(renewed.serialNumber, node.serialNumber);
    assert.equal(renewed.subjectAltName, node.subjectAltName);
    const outside = await cli('renew', '--dir', 'crdb', '--cert', 'victim.txt');
    assert.equal(outside.code, 2);
    assert.match(outside.err, /not inside --dir/);
  });

  it('a folder without a CA: exit 1 with where it looked', async () => {
    const r = await cli('issue', 'client', '--profile', 'postgres', '--dir', 'nothing-here');
    assert.equal(r.code, 1);
    assert.match(r.err, /no postgres CA in .*nothing-here: expected root\.crt and ca-private\/root\.key/);
    assert.ok(!fs.existsSync(path.join(tmp, 'nothing-here')), 'a mistyped --dir creates nothing');
  });
});

describe('certwright issuing CLI: the CA files are never replaced, the CA state never guessed', () => {
  it('--force never overwrites the CA certificate or key, whatever a leaf is named (postgres --name root)', async () => {
    const pg = path.join(tmp, 'pg-protect');
    assert.equal((await cli('ca', 'create', '--profile', 'postgres', '--dir', pg, '--key', 'p256')).code, 0);
    const caCert = fs.readFileSync(path.join(pg, 'root.crt'), 'utf8');
    const caKey = fs.readFileSync(path.join(pg, 'ca-private/root.key'), 'utf8');
    assert.equal((await cli('issue', 'client', '--dir', pg, '--key', 'p256')).code, 0);
    for (const args of [
      ['issue', 'client', '--dir', pg, '--name', 'root', '--force'],
      ['issue', 'node', '--dir', pg, '--name', 'root', '--san', 'localhost', '--force'],
      // A leaf renewed with a new key written where the CA key is.
      ['renew', '--dir', pg, '--cert', path.join(pg, 'client.crt'), '--key', path.join(pg, 'ca-private/root.key'), '--new-key', '--force'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, /refusing to overwrite (root\.crt|ca-private\/root\.key): it is the CA (certificate|private key)/, args.join(' '));
      assert.equal(fs.readFileSync(path.join(pg, 'root.crt'), 'utf8'), caCert);
      assert.equal(fs.readFileSync(path.join(pg, 'ca-private/root.key'), 'utf8'), caKey);
    }
  });

  it('a missing or empty crlnumber stops revoke and crl (as openssl ca does) instead of restarting at 1', async () => {
    const g = path.join(tmp, 'no-crlnumber');
    assert.equal((await cli('ca', 'create', '--profile', 'generic', '--dir', g, '--key', 'p256')).code, 0);
    const crlBefore = fs.readFileSync(path.join(g, 'ca.crl'), 'utf8');
    fs.writeFileSync(path.join(g, 'ca-private/crlnumber'), '');
    let r = await cli('crl', '--dir', g);
    assert.equal(r.code, 1);
    assert.match(r.err, /crlnumber \(the next CRL number\) is empty/);
    fs.rmSync(path.join(g, 'ca-private/crlnumber'));
    r = await cli('crl', '--dir', g);
    assert.match(r.err, /crlnumber \(the next CRL number\) is missing/);
    assert.equal(fs.readFileSync(path.join(g, 'ca.crl'), 'utf8'), crlBefore, 'no CRL published');
  });
});
