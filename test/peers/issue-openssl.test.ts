/**
 * Real-peer proof for the issuing core: the openssl CLI (3.0) verifies every
 * chain Certwright issues with the purpose each role needs and -x509_strict,
 * shows exactly the required extensions, rejects revoked certificates with
 * -crl_check, and `openssl ca` carries on from the CA state Certwright wrote
 * (and Certwright carries on from what `openssl ca` wrote).
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { profileLayout, type KeyType, type ProfileId } from '../../server/src/core/issue';

const { tmp, cli } = inProcessCli('certwright-issue-openssl-');


async function cw(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}`);
  return r.out;
}

/** The extension lines of `openssl x509 -text`: ["X509v3 Basic Constraints: critical", "CA:FALSE", ...]. */
function extensionBlock(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'X509v3 extensions:');
  assert.ok(start >= 0, 'no extensions block');
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^\s{4}Signature Algorithm/.test(l) || /^\s{0,4}\S/.test(l)) break;
    out.push(l.trim());
  }
  return out.filter((l) => l && !/^([0-9A-F]{2}:){5}/.test(l));
}

interface Setup {
  readonly profile: ProfileId;
  readonly key: KeyType;
  readonly dir: string;
  readonly ca: string;
  readonly nodes: string[];
  readonly clients: string[];
}

const setups: { profile: ProfileId; key: KeyType; nodes: string[][]; clients: string[][] }[] = [
  { profile: 'cockroach', key: 'rsa2048', nodes: [['--name', 'node1', '--san', 'node1', '--san', '127.0.0.1'], ['--name', 'node2', '--san', 'node2', '--san', '127.0.0.2']], clients: [['--user', 'root'], ['--user', 'maxroach']] },
  { profile: 'cockroach', key: 'p256', nodes: [['--san', 'localhost', '--san', '127.0.0.1']], clients: [['--user', 'root']] },
  { profile: 'dm', key: 'p384', nodes: [['--san', 'localhost', '--san', '127.0.0.1'], ['--name', 'worker', '--san', '127.0.0.1']], clients: [['--user', 'dmctl']] },
  { profile: 'postgres', key: 'p256', nodes: [['--san', 'localhost', '--san', '127.0.0.1']], clients: [['--user', 'alice'], ['--user', 'bob', '--name', 'postgresql']] },
  { profile: 'generic', key: 'ed25519', nodes: [['--san', 'svc.example.com', '--san', '127.0.0.1']], clients: [['--user', 'svc']] },
];

const built: Setup[] = [];

before(async () => {
  for (const s of setups) {
    const dir = path.join(tmp, `${s.profile}-${s.key}`);
    await cw('ca', 'create', '--profile', s.profile, '--dir', dir, '--key', s.key);
    const nodes: string[] = [];
    for (const n of s.nodes) nodes.push(JSON.parse(await cw('issue', 'node', '--dir', dir, ...n, '--json')).issued.certPath);
    const clients: string[] = [];
    for (const c of s.clients) clients.push(JSON.parse(await cw('issue', 'client', '--dir', dir, ...c, '--json')).issued.certPath);
    built.push({ profile: s.profile, key: s.key, dir, ca: profileLayout(s.profile).caCert, nodes, clients });
  }
});

describe('openssl verify: every chain, with the purpose each role needs', () => {
  it('CA certificates pass -x509_strict', () => {
    for (const s of built) assert.match(ok(s.dir, 'verify', '-x509_strict', '-CAfile', s.ca, s.ca), /: OK/);
  });

  it('node certificates: sslserver and sslclient, -x509_strict, host names and IPs from the SANs', () => {
    for (const s of built) {
      for (const n of s.nodes) {
        for (const purpose of ['sslserver', 'sslclient']) assert.match(ok(s.dir, 'verify', '-x509_strict', '-purpose', purpose, '-CAfile', s.ca, n), /: OK/, `${s.profile} ${n} ${purpose}`);
        const ip = n.includes('node2') ? '127.0.0.2' : '127.0.0.1';
        ok(s.dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-verify_ip', ip, '-CAfile', s.ca, n);
        assert.notEqual(openssl(s.dir, 'verify', '-purpose', 'sslserver', '-verify_ip', '10.9.9.9', '-CAfile', s.ca, n).code, 0, 'unlisted IP must fail');
        assert.notEqual(openssl(s.dir, 'verify', '-purpose', 'sslserver', '-verify_hostname', 'not-listed.example', '-CAfile', s.ca, n).code, 0, 'unlisted host must fail');
      }
    }
  });

  it('client certificates: sslclient passes; sslserver is refused except for DM (serverAuth+clientAuth)', () => {
    for (const s of built) {
      for (const c of s.clients) {
        assert.match(ok(s.dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', s.ca, c), /: OK/);
        const server = openssl(s.dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', s.ca, c);
        if (s.profile === 'dm') assert.equal(server.code, 0, server.out);
        else assert.match(server.out, /unsuitable certificate purpose/, `${s.profile} ${c}`);
      }
    }
  });

  it('a certificate from another CA is refused', () => {
    const [a, b] = [built[1]!, built[3]!];
    const r = openssl(tmp, 'verify', '-CAfile', path.join(a.dir, a.ca), path.join(b.dir, b.nodes[0]!));
    assert.notEqual(r.code, 0);
    assert.match(r.out, /unable to get local issuer certificate/);
  });
});

describe('openssl x509 -text shows exactly the required extensions', () => {
  const rsa = (s: Setup): boolean => s.key.startsWith('rsa');
  it('CA', () => {
    for (const s of built) {
      const ext = extensionBlock(ok(s.dir, 'x509', '-in', s.ca, '-noout', '-text'));
      const pathlen = s.profile === 'cockroach' ? ', pathlen:1' : s.profile === 'generic' ? '' : ', pathlen:0';
      assert.deepEqual(ext, [
        'X509v3 Basic Constraints: critical',
        `CA:TRUE${pathlen}`,
        'X509v3 Key Usage: critical',
        'Digital Signature, Certificate Sign, CRL Sign',
        'X509v3 Subject Key Identifier:',
        'X509v3 Authority Key Identifier:',
      ], `${s.profile} ${s.key}`);
    }
  });

  it('node: CA:FALSE, key usage per key type, serverAuth+clientAuth, SKI, AKI = CA SKI, SANs', () => {
    for (const s of built) {
      const text = ok(s.dir, 'x509', '-in', s.nodes[0]!, '-noout', '-text');
      const ext = extensionBlock(text);
      assert.deepEqual(ext.slice(0, 8), [
        'X509v3 Basic Constraints: critical',
        'CA:FALSE',
        'X509v3 Key Usage: critical',
        rsa(s) ? 'Digital Signature, Key Encipherment' : 'Digital Signature',
        'X509v3 Extended Key Usage:',
        'TLS Web Server Authentication, TLS Web Client Authentication',
        'X509v3 Subject Key Identifier:',
        'X509v3 Authority Key Identifier:',
      ]);
      assert.equal(ext[8], 'X509v3 Subject Alternative Name:');
      assert.match(ext[9]!, /IP Address:127\.0\.0\.[12]$/);
      assert.equal(ext.length, 10);
      const caSki = /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(ok(s.dir, 'x509', '-in', s.ca, '-noout', '-text'))![1];
      const aki = /Authority Key Identifier:\s*\n\s*(?:keyid:)?([0-9A-F:]+)/.exec(text)![1];
      assert.equal(aki, caSki);
      // issuer byte-identical to the CA subject (Go matches raw bytes): compare the DER hashes openssl computes
      assert.equal(ok(s.dir, 'x509', '-in', s.nodes[0]!, '-noout', '-issuer_hash').trim(), ok(s.dir, 'x509', '-in', s.ca, '-noout', '-subject_hash').trim());
    }
  });

  it('client: clientAuth only (DM: serverAuth+clientAuth and DNS:<user>, a server to Go), no other SAN, CN = user', () => {
    for (const s of built) {
      const text = ok(s.dir, 'x509', '-in', s.clients[0]!, '-noout', '-text', '-nameopt', 'RFC2253');
      const ext = extensionBlock(text);
      assert.deepEqual(ext, [
        'X509v3 Basic Constraints: critical',
        'CA:FALSE',
        'X509v3 Key Usage: critical',
        rsa(s) ? 'Digital Signature, Key Encipherment' : 'Digital Signature',
        'X509v3 Extended Key Usage:',
        s.profile === 'dm' ? 'TLS Web Server Authentication, TLS Web Client Authentication' : 'TLS Web Client Authentication',
        'X509v3 Subject Key Identifier:',
        'X509v3 Authority Key Identifier:',
        ...(s.profile === 'dm' ? ['X509v3 Subject Alternative Name:', 'DNS:dmctl'] : []),
      ]);
      const user = { cockroach: 'root', dm: 'dmctl', postgres: 'alice', generic: 'svc' }[s.profile];
      assert.match(text, new RegExp(`Subject: CN=${user}(,O=Cockroach)?\\n`));
    }
  });

  it('serial numbers are positive and 16 bytes', () => {
    for (const s of built) {
      for (const f of [s.ca, ...s.nodes, ...s.clients]) {
        const serial = ok(s.dir, 'x509', '-in', f, '-noout', '-serial').trim().replace('serial=', '');
        assert.match(serial, /^[4-7][0-9A-F]{31}$/, `${s.profile} ${f}`);
      }
    }
  });
});

describe('keys', () => {
  it('PKCS#8, mode 0600, in folders of mode 0700, matching their certificates', () => {
    for (const s of built) {
      for (const cert of [...s.nodes, ...s.clients]) {
        const keyPath = cert.replace(/-cert\.pem$/, '-key.pem').replace(/\.crt$/, '.key');
        const abs = path.join(s.dir, keyPath);
        assert.match(fs.readFileSync(abs, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
        assert.equal(fs.statSync(abs).mode & 0o777, 0o600, abs);
        assert.equal(fs.statSync(path.dirname(abs)).mode & 0o777, 0o700, path.dirname(abs));
        ok(s.dir, 'pkey', '-in', keyPath, '-noout');
        assert.equal(ok(s.dir, 'pkey', '-in', keyPath, '-pubout'), ok(s.dir, 'x509', '-in', cert, '-noout', '-pubkey'), `${keyPath} belongs to ${cert}`);
      }
      const caKey = path.join(s.dir, profileLayout(s.profile).caKey);
      assert.equal(fs.statSync(caKey).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(caKey)).mode & 0o777, 0o700);
    }
  });

  it('an existing key is never overwritten without --force', async () => {
    const s = built[3]!;
    const key = path.join(s.dir, 'server.key');
    const before = fs.readFileSync(key, 'utf8');
    const r = await cli('issue', 'node', '--dir', s.dir, '--san', 'localhost');
    assert.equal(r.code, 1);
    assert.match(r.err, /refusing to overwrite/);
    assert.equal(fs.readFileSync(key, 'utf8'), before);
  });
});

describe('revocation and openssl ca continuity', () => {
  it('a revoked certificate fails openssl verify -crl_check; the others pass', async () => {
    for (const s of built) {
      const crl = profileLayout(s.profile).crl;
      const [victim, ...rest] = s.clients.length > 1 ? s.clients : [...s.clients, ...s.nodes];
      ok(s.dir, 'verify', '-crl_check', '-CRLfile', crl, '-CAfile', s.ca, victim!);
      await cw('revoke', '--dir', s.dir, '--cert', path.join(s.dir, victim!), '--reason', 'keyCompromise');
      const r = openssl(s.dir, 'verify', '-crl_check', '-CRLfile', crl, '-CAfile', s.ca, victim!);
      assert.notEqual(r.code, 0);
      assert.match(r.out, /certificate revoked/);
      for (const other of rest) ok(s.dir, 'verify', '-x509_strict', '-crl_check', '-CRLfile', crl, '-CAfile', s.ca, other);
      assert.match(ok(s.dir, 'crl', '-in', crl, '-noout', '-text'), /X509v3 CRL Reason Code:\s*\n\s*Key Compromise/);
      ok(s.dir, 'crl', '-in', crl, '-CAfile', s.ca, '-noout', '-verify');
    }
  });

  it('openssl ca carries on from the state: -gencrl and signing a CSR; Certwright carries on after it', async () => {
    for (const s of built) {
      const l = profileLayout(s.profile);
      const cnf = l.opensslConfig;
      // gencrl from Certwright's index.txt / crlnumber: the revoked serial is listed, the number continues
      const revokedSerial = /^R\t\S+\t\S+\t([0-9A-F]+)\t/m.exec(fs.readFileSync(path.join(s.dir, l.index), 'utf8'))![1]!;
      const nextNumber = parseInt(fs.readFileSync(path.join(s.dir, l.crlnumber), 'utf8'), 16);
      ok(s.dir, 'ca', '-config', cnf, '-gencrl', '-out', 'openssl.crl');
      const crlText = ok(s.dir, 'crl', '-in', 'openssl.crl', '-noout', '-text');
      assert.match(crlText, new RegExp(`Serial Number: ${revokedSerial}`));
      assert.match(crlText, new RegExp(`X509v3 CRL Number:\\s*\\n\\s*${nextNumber}\\b`));
      // sign a CSR with openssl ca, as the equivalent commands do
      ok(s.dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'extra.key');
      ok(s.dir, 'req', '-new', '-config', cnf, '-key', 'extra.key', '-subj', '/CN=extra', '-addext', 'subjectAltName=DNS:extra.example,IP:127.0.0.9', '-out', 'extra.csr');
      ok(s.dir, 'ca', '-config', cnf, '-batch', '-notext', '-rand_serial', '-extensions', 'node_cert', '-days', '30', '-in', 'extra.csr', '-out', 'extra.crt');
      ok(s.dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-verify_ip', '127.0.0.9', '-CAfile', s.ca, 'extra.crt');
      const lines = fs.readFileSync(path.join(s.dir, l.index), 'utf8').trim().split('\n');
      assert.equal(lines.length, s.nodes.length + s.clients.length + 1);
      assert.match(lines.at(-1)!, /^V\t\d{12}Z\t\t[0-9A-F]+\tunknown\t\/CN=extra$/);
      // Certwright reads the index openssl wrote, issues again and revokes the openssl-issued certificate
      await cw('issue', 'client', '--dir', s.dir, '--user', 'after-openssl', ...(s.profile === 'cockroach' || s.profile === 'generic' ? [] : ['--name', 'after']));
      await cw('revoke', '--dir', s.dir, '--cert', path.join(s.dir, 'extra.crt'));
      const r = openssl(s.dir, 'verify', '-crl_check', '-CRLfile', l.crl, '-CAfile', s.ca, 'extra.crt');
      assert.match(r.out, /certificate revoked/);
      const final = fs.readFileSync(path.join(s.dir, l.index), 'utf8').trim().split('\n');
      assert.equal(final.length, lines.length + 1);
      assert.equal(final.filter((x) => x.startsWith('R\t')).length, 2);
      // and openssl can still read it all back
      ok(s.dir, 'ca', '-config', cnf, '-gencrl', '-out', 'openssl2.crl');
      assert.equal((ok(s.dir, 'crl', '-in', 'openssl2.crl', '-noout', '-text').match(/Serial Number:/g) ?? []).length, 2);
    }
  });
});
