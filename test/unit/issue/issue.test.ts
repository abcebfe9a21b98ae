import { MemoryDir, NOW, env, keyMatchesCert, nodeCert, parse, rawNames, serialBytes, x509 } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { IssueError, equivalentOpensslCommands, profileLayout, runIssueBatch, runIssueOperation, type IssueOperation, type KeyType, type ProfileId } from '../../../server/src/core/issue';
import { caKeyTypeHint, startBatchKeys, type BatchKeys } from '../../../server/src/core/issue/run';
import type { Crypto } from '../../../server/src/core/issue/keys';

const DAY = 86_400_000;
const KU = x509.KeyUsageFlags;
const SERVER = '1.3.6.1.5.5.7.3.1';
const CLIENT = '1.3.6.1.5.5.7.3.2';

function ext<T extends x509.Extension>(cert: x509.X509Certificate, type: new (raw: ArrayBuffer) => T): T {
  const e = cert.getExtension(type);
  assert.ok(e, `${type.name} missing from ${cert.subject}`);
  return e;
}

async function caIn(profile: ProfileId, keyType: KeyType = 'p256'): Promise<MemoryDir> {
  const dir = new MemoryDir();
  await dir.run({ kind: 'createCa', profile, keyType });
  return dir;
}

describe('create CA', () => {
  const expected: Record<ProfileId, { cert: string; key: string; subject: string; pathLen?: number }> = {
    cockroach: { cert: 'certs/ca.crt', key: 'ca-private/ca.key', subject: 'O=Cockroach, CN=Cockroach CA', pathLen: 1 },
    dm: { cert: 'ca.pem', key: 'ca-private/ca-key.pem', subject: 'CN=DM CA', pathLen: 0 },
    postgres: { cert: 'root.crt', key: 'ca-private/root.key', subject: 'CN=PostgreSQL Root CA', pathLen: 0 },
    generic: { cert: 'ca.crt', key: 'ca-private/ca.key', subject: 'CN=Certwright CA' },
  };
  for (const [profile, want] of Object.entries(expected) as [ProfileId, (typeof expected)[ProfileId]][]) {
    it(`${profile}: files, extensions, validity, serial`, async () => {
      const dir = await caIn(profile);
      const pem = dir.text(want.cert);
      const cert = parse(pem);
      assert.equal(cert.subject, want.subject);
      assert.equal(cert.issuer, want.subject);
      const bc = ext(cert, x509.BasicConstraintsExtension);
      assert.equal(bc.critical, true);
      assert.equal(bc.ca, true);
      assert.equal(bc.pathLength, want.pathLen);
      const ku = ext(cert, x509.KeyUsagesExtension);
      assert.equal(ku.critical, true);
      assert.equal(ku.usages, KU.keyCertSign | KU.cRLSign | KU.digitalSignature);
      const ski = ext(cert, x509.SubjectKeyIdentifierExtension);
      assert.equal(ski.critical, false);
      assert.equal(ext(cert, x509.AuthorityKeyIdentifierExtension).keyId, ski.keyId);
      assert.equal(cert.getExtension(x509.ExtendedKeyUsageExtension), null);
      assert.equal(cert.notBefore.getTime(), NOW.getTime() - 60_000);
      assert.equal(cert.notAfter.getTime(), NOW.getTime() + 3650 * DAY);
      assert.equal(serialBytes(pem).length, 16);
      assert.ok(serialBytes(pem)[0]! >= 0x40 && serialBytes(pem)[0]! <= 0x7f);
      assert.ok(await cert.verify({ signatureOnly: true }, env.crypto), 'self-signature');
      assert.ok(nodeCert(pem).ca);
      // key: PKCS#8, 0600, outside the folder of node/client files
      const key = dir.files.get(want.key)!;
      assert.equal(key.kind, 'key');
      assert.equal(key.mode, 0o600);
      assert.match(key.contents, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.ok(keyMatchesCert(key.contents, pem));
      assert.equal(createPrivateKey(key.contents).asymmetricKeyType, 'ec');
      assert.ok(key.path.startsWith('ca-private/'));
      assert.equal(dir.files.get(want.cert)!.mode, 0o644);
      // state beside the key, 0600
      const l = profileLayout(profile);
      assert.equal(dir.text(l.index), '');
      assert.equal(dir.text(l.indexAttr), 'unique_subject = no\n');
      assert.match(dir.text(l.serial), /^[0-9A-F]{32}\n$/);
      assert.equal(dir.text(l.crlnumber), '02\n');
      for (const p of [l.index, l.serial, l.crlnumber, l.indexAttr, l.opensslConfig]) assert.equal(dir.files.get(p)!.mode, 0o600, p);
      for (const [path, mode] of dir.dirs) assert.equal(mode, 0o700, path);
      assert.ok(dir.dirs.has('ca-private/newcerts'));
      // initial empty CRL, number 1
      const crl = new x509.X509Crl(dir.text(l.crl));
      assert.equal(crl.entries.length, 0);
      assert.ok(await crl.verify({ publicKey: cert }, env.crypto));
    });
  }

  it('cockroach: CA key never lands in certs/', async () => {
    const dir = await caIn('cockroach');
    for (const f of dir.files.values()) if (f.kind === 'key') assert.ok(!f.path.startsWith('certs/'), f.path);
  });

  it('RSA and Ed25519 CAs, custom CN/organization/days', async () => {
    const dir = new MemoryDir();
    const r = await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'rsa2048', commonName: 'My Lab CA', organization: 'Lab', days: 30 });
    const cert = parse(dir.text('ca.crt'));
    assert.equal(cert.subject, 'O=Lab, CN=My Lab CA');
    assert.equal((cert.publicKey.algorithm as { modulusLength?: number }).modulusLength, 2048);
    assert.equal(cert.notAfter.getTime(), NOW.getTime() + 30 * DAY);
    assert.deepEqual(r.warnings, []);
    const ed = new MemoryDir();
    const r2 = await ed.run({ kind: 'createCa', profile: 'cockroach', keyType: 'ed25519' });
    assert.equal(createPrivateKey(ed.text('ca-private/ca.key')).asymmetricKeyType, 'ed25519');
    assert.match(r2.warnings.join(' '), /Ed25519/);
  });

  it('equivalent openssl commands name the real files', async () => {
    const dir = new MemoryDir();
    const r = await dir.run({ kind: 'createCa', profile: 'cockroach', keyType: 'p384' });
    const cmds = equivalentOpensslCommands(r, '/srv/crdb');
    assert.equal(cmds[0], 'cd /srv/crdb');
    assert.ok(cmds.some((c) => c.includes('openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ca-private/ca.key')));
    assert.ok(cmds.some((c) => c.startsWith('openssl req -new -x509 -config ca-private/openssl-ca.cnf') && c.includes("'/O=Cockroach/CN=Cockroach CA'") && c.includes('-out certs/ca.crt')));
    assert.match(dir.text('ca-private/openssl-ca.cnf'), /default_md\s+= sha384/);
    assert.match(dir.text('ca-private/openssl-ca.cnf'), /basicConstraints\s+= critical, CA:TRUE, pathlen:1/);
  });
});

describe('issue node', () => {
  it('cockroach: CN=node, SANs, EKU serverAuth+clientAuth, AKI = CA SKI, issuer DER = CA subject DER', async () => {
    const dir = await caIn('cockroach');
    const r = await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['localhost', '127.0.0.1', 'Node1.Example.com', '::1', 'DNS:db', 'IP:10.0.0.1'] });
    const pem = dir.text('certs/node.crt');
    const cert = parse(pem);
    const ca = parse(dir.text('certs/ca.crt'));
    assert.equal(cert.subject, 'O=Cockroach, CN=node');
    assert.ok(rawNames(pem).issuer.equals(rawNames(dir.text('certs/ca.crt')).subject));
    const bc = ext(cert, x509.BasicConstraintsExtension);
    assert.equal(bc.ca, false);
    assert.equal(bc.critical, true);
    const ku = ext(cert, x509.KeyUsagesExtension);
    assert.equal(ku.critical, true);
    assert.equal(ku.usages, KU.digitalSignature, 'EC leaf: no keyEncipherment');
    assert.deepEqual([...ext(cert, x509.ExtendedKeyUsageExtension).usages], [SERVER, CLIENT]);
    assert.equal(ext(cert, x509.AuthorityKeyIdentifierExtension).keyId, ext(ca, x509.SubjectKeyIdentifierExtension).keyId);
    assert.ok(ext(cert, x509.SubjectKeyIdentifierExtension).keyId);
    assert.deepEqual(ext(cert, x509.SubjectAlternativeNameExtension).names.toJSON(), [
      { type: 'dns', value: 'localhost' },
      { type: 'dns', value: 'node1.example.com' },
      { type: 'dns', value: 'db' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
      { type: 'ip', value: '10.0.0.1' },
    ]);
    const n = nodeCert(pem);
    assert.ok(n.verify(nodeCert(dir.text('certs/ca.crt')).publicKey));
    assert.ok(n.checkIssued(nodeCert(dir.text('certs/ca.crt'))));
    assert.equal(n.checkHost('node1.example.com'), 'node1.example.com');
    assert.equal(n.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(n.checkIP('127.0.0.2'), undefined);
    assert.equal(n.checkHost('other.example.com'), undefined);
    assert.equal(cert.notBefore.getTime(), NOW.getTime() - 60_000);
    assert.equal(cert.notAfter.getTime(), NOW.getTime() + 825 * DAY);
    assert.equal(serialBytes(pem).length, 16);
    assert.ok(keyMatchesCert(dir.text('certs/node.key'), pem));
    assert.equal(dir.files.get('certs/node.key')!.mode, 0o600);
    assert.equal(dir.dirs.get('certs'), 0o700);
    assert.deepEqual(r.issued?.sans, ['DNS:localhost', 'DNS:node1.example.com', 'DNS:db', 'IP:127.0.0.1', 'IP:::1', 'IP:10.0.0.1']);
    // CA database: one V line, and the copy in newcerts
    const index = dir.text('ca-private/index.txt');
    const serial = r.issued!.serial;
    assert.match(index, new RegExp(`^V\\t\\d{12}Z\\t\\t${serial}\\tunknown\\t/O=Cockroach/CN=node\\n$`));
    assert.equal(dir.text(`ca-private/newcerts/${serial}.pem`), pem);
    assert.equal(serial, Buffer.from(serialBytes(pem)).toString('hex').toUpperCase());
  });

  it('RSA leaves get keyEncipherment; leaf key type defaults to the CA family (RSA → 2048)', async () => {
    const dir = await caIn('postgres', 'rsa3072');
    await dir.run({ kind: 'issueNode', profile: 'postgres', sans: ['db.example.com'] });
    const cert = parse(dir.text('server.crt'));
    assert.equal(ext(cert, x509.KeyUsagesExtension).usages, KU.digitalSignature | KU.keyEncipherment);
    assert.equal((cert.publicKey.algorithm as { modulusLength?: number }).modulusLength, 2048);
    assert.equal(cert.subject, 'CN=db.example.com');
    assert.equal(createPrivateKey(dir.text('server.key')).asymmetricKeyType, 'rsa');
  });

  it('cockroach: several nodes each get a complete folder certs/<name>/', async () => {
    const dir = await caIn('cockroach');
    await dir.run({ kind: 'issueNode', profile: 'cockroach', name: 'node1', sans: ['node1', '10.0.0.1'] });
    await dir.run({ kind: 'issueNode', profile: 'cockroach', name: 'node2', sans: ['node2', '10.0.0.2'] });
    for (const n of ['node1', 'node2']) {
      assert.equal(dir.text(`certs/${n}/ca.crt`), dir.text('certs/ca.crt'));
      assert.equal(parse(dir.text(`certs/${n}/node.crt`)).subject, 'O=Cockroach, CN=node');
      assert.equal(dir.files.get(`certs/${n}/node.key`)!.mode, 0o600);
      assert.equal(dir.dirs.get(`certs/${n}`), 0o700);
    }
    assert.equal(dir.text('ca-private/index.txt').trim().split('\n').length, 2);
  });

  it('dm: master/worker names, CN dm as in DM\'s docs (cert-allowed-cn = ["dm"])', async () => {
    const dir = await caIn('dm');
    await dir.run({ kind: 'issueNode', profile: 'dm', sans: ['127.0.0.1'] });
    await dir.run({ kind: 'issueNode', profile: 'dm', name: 'worker', sans: ['127.0.0.1'] });
    await dir.run({ kind: 'issueClient', profile: 'dm' });
    assert.equal(parse(dir.text('master-cert.pem')).subject, 'CN=dm');
    assert.equal(parse(dir.text('worker-cert.pem')).subject, 'CN=dm');
    assert.equal(parse(dir.text('client-cert.pem')).subject, 'CN=dm');
    assert.ok(dir.files.has('master-key.pem') && dir.files.has('worker-key.pem'));
    assert.equal(dir.dirs.get('.'), 0o700, 'keys at the top: the folder itself must be 0700');
  });

  it('refuses a validity past the CA notAfter with the choices spelled out; --allow-capped shortens it with a warning', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', days: 10 });
    for (const op of [
      { kind: 'issueNode', profile: 'generic', sans: ['a.example'], days: 100 },
      { kind: 'issueNode', profile: 'generic', sans: ['a.example'] },
      { kind: 'issueClient', profile: 'generic', user: 'u', days: 11 },
    ] as const) {
      await assert.rejects(dir.run(op), (e: Error) => {
        assert.ok(e instanceof IssueError);
        assert.match(e.message, /after the CA certificate \(CN = Certwright CA\) expires on/);
        assert.match(e.message, /--days 10 or less/);
        assert.match(e.message, /renew the CA first .*certwright renew --dir DIR --cert DIR\/ca\.crt/);
        assert.match(e.message, /--allow-capped/);
        return true;
      });
    }
    assert.ok(!dir.files.has('server.crt'), 'nothing planned');
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['a.example'], days: 10 }); // ends with the CA: allowed
    const r = await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['a.example'], days: 100, allowCapped: true });
    assert.equal(parse(dir.text('server.crt')).notAfter.getTime(), parse(dir.text('ca.crt')).notAfter.getTime());
    assert.match(r.warnings.join(), /shortened to the CA's notAfter/);
  });

  it('openssl commands: genpkey, req with SANs, openssl ca with the node section', async () => {
    const dir = await caIn('cockroach');
    const r = await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['localhost', '127.0.0.1'] });
    const all = r.opensslCommands.join('\n');
    assert.match(all, /openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out certs\/node\.key/);
    assert.match(all, /-addext subjectAltName=DNS:localhost,IP:127\.0\.0\.1/);
    assert.match(all, /openssl ca -config ca-private\/openssl-ca\.cnf -batch -notext -rand_serial -extensions node_cert -days 825 -in certs\/node\.csr -out certs\/node\.crt/);
  });
});

describe('issue client', () => {
  const cases: { profile: ProfileId; user?: string; name?: string; cert: string; key: string; cn: string; eku: string[] }[] = [
    { profile: 'cockroach', cert: 'certs/client.root.crt', key: 'certs/client.root.key', cn: 'root', eku: [CLIENT] },
    { profile: 'cockroach', user: 'maxroach', cert: 'certs/client.maxroach.crt', key: 'certs/client.maxroach.key', cn: 'maxroach', eku: [CLIENT] },
    { profile: 'dm', user: 'dmctl', cert: 'client-cert.pem', key: 'client-key.pem', cn: 'dmctl', eku: [SERVER, CLIENT] },
    { profile: 'dm', cert: 'client-cert.pem', key: 'client-key.pem', cn: 'dm', eku: [SERVER, CLIENT] },
    { profile: 'postgres', user: 'alice', cert: 'client.crt', key: 'client.key', cn: 'alice', eku: [CLIENT] },
    { profile: 'postgres', user: 'alice', name: 'postgresql', cert: 'postgresql.crt', key: 'postgresql.key', cn: 'alice', eku: [CLIENT] },
    { profile: 'generic', user: 'svc', cert: 'client-svc.crt', key: 'client-svc.key', cn: 'svc', eku: [CLIENT] },
  ];
  for (const c of cases) {
    it(`${c.profile}${c.name ? ` --name ${c.name}` : ''}: ${c.cert}, CN=${c.cn}, EKU ${c.eku.length === 2 ? 'serverAuth+clientAuth' : 'clientAuth'}`, async () => {
      const dir = await caIn(c.profile);
      const r = await dir.run({ kind: 'issueClient', profile: c.profile, ...(c.user ? { user: c.user } : {}), ...(c.name ? { name: c.name } : {}) });
      const pem = dir.text(c.cert);
      const cert = parse(pem);
      assert.equal(cert.subjectName.getField('CN')[0], c.cn);
      assert.deepEqual([...ext(cert, x509.ExtendedKeyUsageExtension).usages], c.eku);
      // DM client certificates carry serverAuth: Go and lint treat them as servers, so they name their user.
      const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
      if (c.profile === 'dm') assert.deepEqual(san?.names.toJSON(), [{ type: 'dns', value: c.cn }]);
      else assert.equal(san, null);
      assert.equal(ext(cert, x509.BasicConstraintsExtension).ca, false);
      assert.ok(keyMatchesCert(dir.text(c.key), pem));
      assert.equal(dir.files.get(c.key)!.mode, 0o600);
      assert.equal(r.issued?.certPath, c.cert);
      assert.ok(r.opensslCommands.some((x) => x.includes(`-extensions ${c.profile === 'dm' ? 'dm_client_cert' : 'client_cert'} `)));
    });
  }
});

describe('revoke, CRL, renew', () => {
  it('revoke marks the index line R with date and reason and publishes a CRL with the serial, CRL number and AKI', async () => {
    const dir = await caIn('postgres');
    const a = await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'alice' });
    const b = await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'bob', name: 'bob' });
    const r = await dir.run({ kind: 'revoke', profile: 'postgres', certPem: dir.text('client.crt'), reason: 'keycompromise' });
    assert.deepEqual(r.plan.files.map((f) => f.path).sort(), ['ca-private/crlnumber', 'ca-private/index.txt', 'root.crl']);
    const lines = dir.text('ca-private/index.txt').trim().split('\n');
    assert.match(lines[0]!, new RegExp(`^R\\t\\d{12}Z\\t\\d{12}Z,keyCompromise\\t${a.issued!.serial}\\tunknown\\t/CN=alice$`));
    assert.match(lines[1]!, new RegExp(`^V\\t\\d{12}Z\\t\\t${b.issued!.serial}\\tunknown\\t/CN=bob$`));
    const crl = new x509.X509Crl(dir.text('root.crl'));
    const ca = parse(dir.text('root.crt'));
    assert.ok(await crl.verify({ publicKey: ca }, env.crypto));
    assert.deepEqual(crl.entries.map((e) => e.serialNumber.toUpperCase()), [a.issued!.serial]);
    assert.equal(crl.entries[0]!.reason, x509.X509CrlReason.keyCompromise);
    assert.equal(crl.findRevoked(parse(dir.text('bob.crt'))), null);
    assert.equal(crl.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, ext(ca, x509.SubjectKeyIdentifierExtension).keyId);
    const num = crl.getExtension('2.5.29.20')!;
    assert.deepEqual([...new Uint8Array(num.value)], [0x02, 0x01, 0x02], 'CRL number 2 (the CA published #1)');
    assert.equal(dir.text('ca-private/crlnumber'), '03\n');
    await assert.rejects(dir.run({ kind: 'revoke', profile: 'postgres', certPem: dir.text('client.crt') }), /already revoked/);
    // publish again: same entries, next number
    await dir.run({ kind: 'publishCrl', profile: 'postgres', crlDays: 7 });
    const crl2 = new x509.X509Crl(dir.text('root.crl'));
    assert.equal(crl2.entries.length, 1);
    assert.deepEqual([...new Uint8Array(crl2.getExtension('2.5.29.20')!.value)], [0x02, 0x01, 0x03]);
    assert.equal(crl2.nextUpdate!.getTime(), NOW.getTime() + 7 * DAY);
    assert.equal(dir.text('ca-private/crlnumber'), '04\n');
  });

  it('refuses to revoke a certificate from another CA', async () => {
    const dir = await caIn('generic');
    const other = await caIn('generic');
    await other.run({ kind: 'issueClient', profile: 'generic', user: 'x' });
    await assert.rejects(dir.run({ kind: 'revoke', profile: 'generic', certPem: other.text('client-x.crt') }), (e: unknown) => e instanceof IssueError && /not issued by this CA/.test(e.message));
  });

  it('renew with the same key keeps subject, SANs, EKU and the key; new serial', async () => {
    const dir = await caIn('cockroach');
    const first = await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['localhost', '127.0.0.1'] });
    const oldPem = dir.text('certs/node.crt');
    const oldKey = dir.text('certs/node.key');
    const r = await dir.run({ kind: 'renew', profile: 'cockroach', certPath: 'certs/node.crt', certPem: oldPem, keyPath: 'certs/node.key', keyPem: oldKey, days: 90 });
    assert.ok(!r.plan.files.some((f) => f.kind === 'key'), 'same key: no key file written');
    const renewed = parse(dir.text('certs/node.crt'));
    const old = parse(oldPem);
    assert.notEqual(renewed.serialNumber, old.serialNumber);
    assert.equal(renewed.subject, old.subject);
    assert.ok(rawNames(dir.text('certs/node.crt')).subject.equals(rawNames(oldPem).subject));
    assert.deepEqual(ext(renewed, x509.SubjectAlternativeNameExtension).names.toJSON(), ext(old, x509.SubjectAlternativeNameExtension).names.toJSON());
    assert.deepEqual([...ext(renewed, x509.ExtendedKeyUsageExtension).usages], [SERVER, CLIENT]);
    assert.equal(ext(renewed, x509.SubjectKeyIdentifierExtension).keyId, ext(old, x509.SubjectKeyIdentifierExtension).keyId);
    assert.ok(keyMatchesCert(oldKey, dir.text('certs/node.crt')));
    assert.equal(renewed.notAfter.getTime(), NOW.getTime() + 90 * DAY);
    assert.equal(r.plan.files.find((f) => f.path === 'certs/node.crt')!.replace, true);
    assert.equal(dir.text('ca-private/index.txt').trim().split('\n').length, 2);
    assert.notEqual(first.issued!.serial, r.issued!.serial);
  });

  it('renew with a new key writes a new key file, keeping the one it replaces aside; refuses a key that does not match', async () => {
    const dir = await caIn('dm');
    await dir.run({ kind: 'issueClient', profile: 'dm', user: 'dmctl' });
    const oldKey = dir.text('client-key.pem');
    const r = await dir.run({ kind: 'renew', profile: 'dm', certPath: 'client-cert.pem', certPem: dir.text('client-cert.pem'), keyPath: 'client-key.pem', newKey: true });
    const key = r.plan.files.find((f) => f.path === 'client-key.pem')!;
    assert.equal(key.mode, 0o600);
    assert.equal(key.replace, true);
    assert.notEqual(key.contents, oldKey);
    assert.ok(keyMatchesCert(key.contents, dir.text('client-cert.pem')));
    assert.deepEqual([...ext(parse(dir.text('client-cert.pem')), x509.ExtendedKeyUsageExtension).usages], [SERVER, CLIENT]);
    // Given the key it replaces (the CLI and the editor read it), that key is kept aside, never overwritten, and never replaced there.
    const oldPem = dir.text('client-cert.pem');
    const oldKey2 = dir.text('client-key.pem');
    const oldSerial = parse(oldPem).serialNumber.toUpperCase().replace(/^0+/, '');
    const r2 = await dir.run({ kind: 'renew', profile: 'dm', certPath: 'client-cert.pem', certPem: oldPem, keyPath: 'client-key.pem', keyPem: oldKey2, newKey: true });
    const kept = r2.plan.files.find((f) => f.path.startsWith('renewed/') && f.kind === 'key')!;
    assert.equal(r2.plan.files.find((f) => f.path === kept.path.replace('client-key', 'client-cert'))?.contents, oldPem);
    assert.match(kept.path, new RegExp(`^renewed/client-key\\.0*${oldSerial}\\.pem$`, 'i'));
    assert.deepEqual([kept.contents, kept.mode, kept.replace, kept.kind], [oldKey2, 0o600, false, 'key']);
    assert.ok(keyMatchesCert(dir.text('client-key.pem'), dir.text('client-cert.pem')));
    assert.match(r2.warnings.join('\n'), /key it replaces is kept in renewed\/client-key\..*delete them once/);
    await assert.rejects(dir.run({ kind: 'renew', profile: 'dm', certPath: 'client-cert.pem', certPem: dir.text('client-cert.pem'), keyPath: 'client-key.pem', keyPem: oldKey }), /does not belong/);
  });
});

describe('CA material checks', () => {
  it('missing CA, mismatched key, non-CA certificate', async () => {
    await assert.rejects(runIssueOperation(env, { kind: 'issueClient', profile: 'generic' }), /no CA/);
    const a = await caIn('generic');
    const b = await caIn('generic');
    await assert.rejects(runIssueOperation(env, { kind: 'issueClient', profile: 'generic' }, { certPem: a.text('ca.crt'), keyPem: b.text('ca-private/ca.key') }), /does not belong/);
    await a.run({ kind: 'issueClient', profile: 'generic', user: 'u' });
    await assert.rejects(runIssueOperation(env, { kind: 'issueClient', profile: 'generic' }, { certPem: a.text('client-u.crt'), keyPem: a.text('client-u.key') }), /not a CA/);
    await assert.rejects(runIssueOperation(env, { kind: 'issueClient', profile: 'generic' }, { certPem: a.text('ca.crt'), keyPem: 'garbage' }), /PKCS#8/);
  });
});

describe('batch (seed flow with parallel key generation)', () => {
  it('CA + 3 nodes + 2 clients: one merged plan, every chain valid, index lists all five', async () => {
    const b = await runIssueBatch(env, [
      { kind: 'createCa', profile: 'cockroach', keyType: 'p256' },
      ...[1, 2, 3].map((i) => ({ kind: 'issueNode' as const, profile: 'cockroach' as const, name: `node${i}`, sans: [`node${i}`, `10.0.0.${i}`] })),
      { kind: 'issueClient', profile: 'cockroach', user: 'root' },
      { kind: 'issueClient', profile: 'cockroach', user: 'user1' },
    ]);
    assert.equal(b.results.length, 6);
    const files = new Map(b.plan.files.map((f) => [f.path, f]));
    const ca = nodeCert(files.get('certs/ca.crt')!.contents);
    const keys = new Set<string>();
    for (const p of ['certs/node1/node.crt', 'certs/node2/node.crt', 'certs/node3/node.crt', 'certs/client.root.crt', 'certs/client.user1.crt']) {
      const c = nodeCert(files.get(p)!.contents);
      assert.ok(c.verify(ca.publicKey), p);
      const key = files.get(p.replace(/\.crt$/, '.key'))!;
      assert.ok(keyMatchesCert(key.contents, files.get(p)!.contents));
      keys.add(key.contents);
    }
    assert.equal(keys.size, 5, 'distinct keys');
    assert.equal(files.get('ca-private/index.txt')!.contents.trim().split('\n').length, 5);
    assert.equal(files.get('ca-private/index.txt')!.replace, false, 'the batch creates the index: never replaces an existing one');
    assert.equal(b.plan.files.filter((f) => f.path === 'ca-private/index.txt').length, 1);
    assert.ok(b.opensslCommands.length > 10);
  });

  it('continues from existing CA material and stops on the first invalid operation', async () => {
    const dir = await caIn('postgres', 'rsa2048');
    const b = await runIssueBatch(env, [{ kind: 'issueNode', profile: 'postgres', sans: ['db'] }, { kind: 'issueClient', profile: 'postgres', user: 'alice' }], dir.ca('postgres'));
    assert.equal(createPrivateKey(b.plan.files.find((f) => f.path === 'client.key')!.contents).asymmetricKeyType, 'rsa');
    await assert.rejects(runIssueBatch(env, [{ kind: 'issueClient', profile: 'postgres', user: 'a,b' }, { kind: 'issueClient', profile: 'postgres' }], dir.ca('postgres')), /distinguished name/);
  });

  it('keys started ahead from a wrong hint: every operation still gets a key of the type it asks for, the right predictions are used', async () => {
    const dir = await caIn('generic', 'p256');
    const ops: IssueOperation[] = [
      { kind: 'issueClient', profile: 'generic', user: 'a', name: 'a' },
      { kind: 'issueClient', profile: 'generic', user: 'b', name: 'b', keyType: 'rsa2048' },
    ];
    // The hint says RSA: the first client (whose key follows the P-256 CA) was predicted wrong, the second right.
    const ahead = startBatchKeys(env.crypto, ops, 'rsa2048');
    const taken: boolean[] = [];
    const keys: BatchKeys = { take: (i, t) => { const p = ahead.take(i, t); taken[i] = p !== undefined; return p; }, stop: () => ahead.stop() };
    const b = await runIssueBatch(env, ops, dir.ca('generic'), 2, keys);
    const key = (p: string): string | undefined => createPrivateKey(b.plan.files.find((f) => f.path === p)!.contents).asymmetricKeyType;
    assert.equal(key('a.key'), 'ec');
    assert.equal(key('b.key'), 'rsa');
    assert.deepEqual(taken, [false, true]);
    assert.equal(caKeyTypeHint(dir.text('ca.crt')), 'p256');
    assert.equal(caKeyTypeHint('not a certificate'), undefined);
    assert.equal(caKeyTypeHint(undefined), undefined);
  });

  it('a CA the batch creates signs its leaves as created: its key is never imported again from the planned file', async () => {
    const imports: string[] = [];
    const subtle = env.crypto.subtle;
    const counting = { ...env, crypto: { ...env.crypto, getRandomValues: env.crypto.getRandomValues.bind(env.crypto), subtle: new Proxy(subtle, { get: (s, k) => (k === 'importKey' ? (format: string, ...rest: unknown[]) => (imports.push(format), (s.importKey as (...a: unknown[]) => unknown)(format, ...rest)) : (Reflect.get(s, k) as (...a: unknown[]) => unknown).bind(s)) }) } } as typeof env;
    const b = await runIssueBatch(counting, [
      { kind: 'createCa', profile: 'generic', keyType: 'p256' },
      { kind: 'issueClient', profile: 'generic', user: 'a', name: 'a' },
      { kind: 'issueClient', profile: 'generic', user: 'b', name: 'b' },
    ]);
    const files = new Map(b.plan.files.map((f) => [f.path, f.contents]));
    for (const leaf of ['a.crt', 'b.crt']) assert.ok(nodeCert(files.get(leaf)!).verify(nodeCert(files.get('ca.crt')!).publicKey), leaf);
    assert.deepEqual(imports.filter((f) => f === 'pkcs8'), []);
  });

  it('keys ahead: at most `concurrency` generating at once, in order; after stop() none is started', async () => {
    let calls = 0;
    const done: Array<(pair: unknown) => void> = [];
    const crypto = { subtle: { generateKey: () => (calls++, new Promise((resolve) => done.push(resolve))) } } as unknown as Crypto;
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const ops: IssueOperation[] = ['a', 'b', 'c', 'd'].map((user) => ({ kind: 'issueClient', profile: 'generic', user, keyType: 'p256' }));
    const keys = startBatchKeys(crypto, ops, undefined, 2);
    assert.equal(calls, 2);
    done[0]!({});
    await settle();
    assert.equal(calls, 3, 'the third starts when the first is done');
    keys.stop();
    done[1]!({});
    done[2]!({});
    await settle();
    assert.equal(calls, 3, 'stop(): the fourth is never generated');
    assert.ok(keys.take(0, 'p256'));
    assert.equal(keys.take(0, 'rsa2048'), undefined, 'a pair of another type is not handed out');
  });
});
