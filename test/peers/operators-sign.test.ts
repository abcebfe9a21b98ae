/**
 * `certwright sign` and `certwright csr` against the real openssl: requests made by
 * `openssl req` (asking for more than any profile grants) are signed with exactly the
 * profile's extensions, what was not granted is reported, `openssl verify` accepts the
 * result for its purpose and `openssl ca -status` finds the serial in the CA database;
 * altered requests, weak keys and validities past the CA are refused with nothing written.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';

const { tmp, cli, json: cwJson } = inProcessCli('certwright-sign-');

const ca = path.join(tmp, 'ca');
const pg = path.join(tmp, 'pg');

function serialOf(file: string): string {
  return ok(tmp, 'x509', '-in', file, '-noout', '-serial').trim().replace(/^serial=/, '');
}

function status(dir: string, serial: string): string {
  return openssl(dir, 'ca', '-config', 'ca-private/openssl-ca.cnf', '-status', serial).out;
}

before(async () => {
  await cwJson('ca', 'create', '--profile', 'cockroach', '--dir', ca, '--key', 'p256');
  await cwJson('ca', 'create', '--profile', 'postgres', '--dir', pg, '--key', 'rsa2048');
});

describe('certwright sign: requests made by openssl req', () => {
  it('grants only what the profile grants, lists the rest, and openssl verifies the result and knows its serial', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'greedy.key', '-subj', '/C=US/OU=ops/CN=node1.example.com',
      '-addext', 'subjectAltName=DNS:node1.example.com,IP:10.0.0.1,email:ops@example.com',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=digitalSignature,keyCertSign',
      '-addext', 'extendedKeyUsage=serverAuth,codeSigning', '-addext', 'nameConstraints=permitted;DNS:example.com', '-out', 'greedy.csr');
    const dry = await cwJson('sign', '--dir', ca, '--csr', path.join(tmp, 'greedy.csr'), '--name', 'node1', '--dry-run');
    assert.equal(fs.existsSync(path.join(ca, 'certs/node1/node.crt')), false, 'a dry run writes nothing');
    const ng: string[] = dry.csrReview.notGranted;
    for (const expected of [/^basicConstraints CA:TRUE/, /^keyUsage keyCertSign/, /^extendedKeyUsage codeSigning/, /^subjectAltName email:ops@example.com/, /^extension Name Constraints/, /^subject C = US, OU = ops, CN = node1.example.com: the profile issues O = Cockroach, CN = node/]) {
      assert.ok(ng.some((n) => expected.test(n)), `not granted lists ${expected}: ${JSON.stringify(ng)}`);
    }
    const r = await cwJson('sign', '--dir', ca, '--csr', path.join(tmp, 'greedy.csr'), '--name', 'node1');
    assert.deepEqual(r.csrReview.notGranted, ng);
    const crt = path.join(ca, r.issued.certPath);
    assert.equal(r.issued.keyPath, undefined, 'no key is written for a request');
    assert.equal(fs.existsSync(path.join(ca, 'certs/node1/node.key')), false);
    assert.match(ok(ca, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', crt), /: OK/);
    assert.match(ok(ca, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'certs/ca.crt', crt), /: OK/);
    const text = ok(ca, 'x509', '-in', crt, '-noout', '-text');
    assert.match(text, /CA:FALSE/);
    assert.doesNotMatch(text, /Code Signing|Certificate Sign|Name Constraints|ops@example.com|OU ?=/);
    assert.match(text, /DNS:node1.example.com, IP Address:10.0.0.1/);
    assert.match(text, /Subject: O ?= ?Cockroach, CN ?= ?node/);
    // The certificate is the request's key: openssl derives the same public key from both.
    assert.equal(ok(tmp, 'x509', '-in', crt, '-noout', '-pubkey'), ok(tmp, 'req', '-in', 'greedy.csr', '-noout', '-pubkey'));
    assert.match(status(ca, serialOf(crt)), /=Valid \(V\)/);
  });

  it('signs a client request (CN = user, no host name) as a client certificate', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'maxroach.key', '-subj', '/CN=maxroach', '-out', 'maxroach.csr');
    const r = await cwJson('sign', '--dir', ca, '--csr', path.join(tmp, 'maxroach.csr'));
    assert.equal(r.csrReview.role, 'client');
    assert.equal(r.issued.certPath, 'certs/client.maxroach.crt');
    const crt = path.join(ca, r.issued.certPath);
    assert.match(ok(ca, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'certs/ca.crt', crt), /: OK/);
    assert.notEqual(openssl(ca, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', crt).code, 0, 'a CockroachDB client certificate has no serverAuth');
    assert.match(status(ca, serialOf(crt)), /=Valid \(V\)/);
  });

  it('--san replaces the requested names (and says so)', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'db.key', '-subj', '/CN=db.example.com', '-addext', 'subjectAltName=DNS:db.example.com,DNS:old.example.com', '-out', 'db.csr');
    const r = await cwJson('sign', '--dir', pg, '--csr', path.join(tmp, 'db.csr'), '--san', 'db.example.com', '--san', '127.0.0.1');
    assert.deepEqual(r.issued.sans, ['DNS:db.example.com', 'IP:127.0.0.1']);
    assert.ok(r.csrReview.notGranted.some((n: string) => n.startsWith('subjectAltName DNS:old.example.com')));
    assert.match(ok(pg, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'root.crt', path.join(pg, 'server.crt')), /: OK/);
    assert.match(ok(pg, 'x509', '-in', 'server.crt', '-noout', '-subject'), /CN ?= ?db.example.com/);
  });
});

describe('certwright sign: refusals leave the CA database as it was', () => {
  const index = (): string => fs.readFileSync(path.join(ca, 'ca-private/index.txt'), 'utf8');

  it('refuses a request whose signature does not verify', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 't.key', '-subj', '/CN=tampered', '-addext', 'subjectAltName=DNS:good.example.com', '-out', 't.csr');
    const pem = fs.readFileSync(path.join(tmp, 't.csr'), 'utf8');
    // Change one letter of the requested name inside the signed part: the signature no longer matches.
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('good.example.com'));
    assert.ok(at > 0);
    der[at] = 'e'.charCodeAt(0);
    fs.writeFileSync(path.join(tmp, 't-bad.csr'), `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`);
    assert.match(openssl(tmp, 'req', '-in', 't-bad.csr', '-noout', '-verify').out, /verify failure/, 'openssl also rejects it');
    const before = index();
    const r = await cli('sign', '--dir', ca, '--csr', path.join(tmp, 't-bad.csr'), '--name', 'tampered');
    assert.equal(r.code, 1);
    assert.match(r.err, /signature does not verify/);
    assert.equal(index(), before);
    assert.equal(fs.existsSync(path.join(ca, 'certs/tampered')), false);
  });

  it('refuses a validity past the CA, with the choices, unless --allow-capped', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'long.key', '-subj', '/CN=n', '-addext', 'subjectAltName=DNS:long.example.com', '-out', 'long.csr');
    const before = index();
    const r = await cli('sign', '--dir', ca, '--csr', path.join(tmp, 'long.csr'), '--name', 'long', '--days', '4000');
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot outlive its CA[\s\S]*--allow-capped/);
    assert.equal(index(), before);
    const capped = await cwJson('sign', '--dir', ca, '--csr', path.join(tmp, 'long.csr'), '--name', 'long', '--days', '4000', '--allow-capped');
    assert.ok(capped.warnings.some((w: string) => /shortened to the CA's notAfter/.test(w)));
  });

  it('refuses an RSA key below 2048 bits and names the reason', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'weak.key', '-subj', '/CN=weak', '-addext', 'subjectAltName=DNS:weak.example.com', '-out', 'weak.csr');
    const r = await cli('sign', '--dir', ca, '--csr', path.join(tmp, 'weak.csr'), '--name', 'weak');
    assert.equal(r.code, 1);
    assert.match(r.err, /1024 bits/);
  });

  it('refuses names a node certificate cannot carry', async () => {
    ok(tmp, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'x.key', '-subj', '/CN=x', '-out', 'x.csr');
    const r = await cli('sign', '--dir', ca, '--csr', path.join(tmp, 'x.csr'), '--role', 'node', '--name', 'x');
    assert.equal(r.code, 1);
    assert.match(r.err, /at least one subject alternative name/);
    const bad = await cli('sign', '--dir', ca, '--csr', path.join(tmp, 'x.csr'), '--san', 'not a host');
    assert.equal(bad.code, 1);
  });
});

describe('certwright csr: the node-side kit', () => {
  it('makes a key (0600) and a request openssl verifies; signed, the certificate matches the key', async () => {
    const out = path.join(tmp, 'node2');
    const r = await cwJson('csr', '--profile', 'cockroach', '--out', out, '--san', 'node2', '--san', '127.0.0.2', '--name', 'node2', '--print-openssl');
    assert.equal(fs.statSync(r.key).mode & 0o777, 0o600);
    assert.match(ok(out, 'req', '-in', r.csr, '-noout', '-verify'), /verify OK/);
    const signed = await cwJson('sign', '--dir', ca, '--csr', r.csr, '--name', 'node2');
    assert.deepEqual(signed.csrReview.notGranted, [], 'a request from certwright csr asks for nothing the profile does not grant');
    const crt = path.join(ca, signed.issued.certPath);
    assert.equal(ok(tmp, 'x509', '-in', crt, '-noout', '-pubkey'), ok(tmp, 'pkey', '-in', r.key, '-pubout'));
    assert.match(ok(ca, 'verify', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', crt), /: OK/);
    // Never replaces the key.
    const again = await cli('csr', '--profile', 'cockroach', '--out', out, '--san', 'node2', '--name', 'node2');
    assert.equal(again.code, 1);
    assert.match(again.err, /refusing to replace/);
  });

  it('its printed openssl commands make a request certwright signs with nothing left out', async () => {
    const out = path.join(tmp, 'kit-openssl');
    const r = await cwJson('csr', '--profile', 'postgres', '--out', out, '--san', 'db2.example.com', '--name', 'db2', '--key', 'rsa2048');
    const dir = path.join(tmp, 'by-openssl');
    fs.mkdirSync(dir);
    for (const c of r.opensslCommands as string[]) {
      const run = spawnSync('sh', ['-c', c], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, `${c}\n${run.stderr}`);
    }
    const signed = await cwJson('sign', '--dir', pg, '--csr', path.join(dir, 'db2.csr'), '--name', 'db2', '--dry-run');
    assert.deepEqual(signed.csrReview.notGranted, []);
  });
});
