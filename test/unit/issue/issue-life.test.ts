/**
 * The months after day one: CA renewal with the same key, revoked keys never
 * re-certified, SAN changes on renewal, per-profile CRL lifetimes, URI SANs.
 * (Real openssl and Go verdicts on the same flows: test/peers/issue-life.test.ts.)
 */
import { MemoryDir, NOW, env, keyMatchesCert, nodeCert, parse, x509 } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IssueError, profileLayout, profiles, runIssueOperation, type CaMaterial, type ProfileId } from '../../../server/src/core/issue';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { easyRsaLayout } from '../../../server/src/core/issue/adopt';
import { parentCopyPath } from '../../../server/src/core/issue/renewRun';

const DAY = 86_400_000;

async function caIn(profile: ProfileId, days?: number): Promise<MemoryDir> {
  const dir = new MemoryDir();
  await dir.run({ kind: 'createCa', profile, keyType: 'p256', ...(days ? { days } : {}) });
  return dir;
}

describe('renewing the CA certificate', () => {
  for (const profile of ['cockroach', 'dm', 'postgres', 'generic'] as const) {
    it(`${profile}: same subject, key, SKI and CA extensions, new serial and validity; old leaves verify against it`, async () => {
      const dir = await caIn(profile, 30);
      const l = profileLayout(profile);
      await dir.run({ kind: 'issueNode', profile, sans: ['localhost'], days: 20 });
      await dir.run({ kind: 'issueClient', profile, days: 20 });
      const leaves = [...dir.files.values()].filter((f) => f.kind === 'cert' && f.path !== l.caCert && !f.path.includes('newcerts') && !f.path.endsWith('/ca.crt'));
      assert.equal(leaves.length, 2);
      const oldPem = dir.text(l.caCert);
      const r = await dir.run({ kind: 'renew', profile, certPath: l.caCert, certPem: oldPem, keyPath: l.caKey, keyPem: dir.text(l.caKey), days: 3650 });
      const before = parse(oldPem);
      const after = parse(dir.text(l.caCert));
      assert.notEqual(after.serialNumber, before.serialNumber);
      assert.ok(Buffer.from(after.subjectName.toArrayBuffer()).equals(Buffer.from(before.subjectName.toArrayBuffer())));
      assert.ok(Buffer.from(after.publicKey.rawData).equals(Buffer.from(before.publicKey.rawData)));
      assert.deepEqual(
        after.extensions.map((e) => [e.type, e.critical, Buffer.from(e.value).toString('hex')]),
        before.extensions.map((e) => [e.type, e.critical, Buffer.from(e.value).toString('hex')]),
        'basicConstraints, keyUsage (keyCertSign), SKI and AKI byte for byte',
      );
      assert.equal(after.notAfter.getTime(), NOW.getTime() + 3650 * DAY);
      assert.ok(await after.verify({ signatureOnly: true }, env.crypto), 'self-signed');
      for (const leaf of leaves) assert.ok(nodeCert(leaf.contents).checkIssued(nodeCert(dir.text(l.caCert))) && nodeCert(leaf.contents).verify(nodeCert(dir.text(l.caCert)).publicKey), `${leaf.path} verifies`);
      assert.deepEqual(r.plan.files.map((f) => [f.path, f.replace]), [[l.caCert, true]], 'only the CA certificate is replaced: no key, no index line');
      assert.match(r.warnings.join(), /replace the CA file wherever it was copied/);
      assert.equal(r.caRenewal, true, 'front ends may replace the protected CA certificate for this operation only');
      // Issuing after the renewal may now go beyond the old notAfter.
      await dir.run({ kind: 'issueNode', profile, sans: ['localhost'], days: 825, name: 'later' });
    });
  }

  it('cockroach: the copies in node folders are replaced with it', async () => {
    const dir = await caIn('cockroach');
    await dir.run({ kind: 'issueNode', profile: 'cockroach', name: 'n1', sans: ['n1'] });
    const r = await dir.run({ kind: 'renew', profile: 'cockroach', certPath: 'certs/ca.crt', certPem: dir.text('certs/ca.crt'), keyPath: 'ca-private/ca.key', caCopies: ['certs/n1/ca.crt'] });
    assert.deepEqual(r.plan.files.map((f) => f.path), ['certs/ca.crt', 'certs/n1/ca.crt']);
    assert.equal(dir.text('certs/n1/ca.crt'), dir.text('certs/ca.crt'));
  });

  it('refuses a new key (that is a rotation), SANs, and a key that is not the CA key', async () => {
    const dir = await caIn('generic');
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['a.example'], days: 30 });
    const base = { kind: 'renew', profile: 'generic', certPath: 'ca.crt', certPem: dir.text('ca.crt'), keyPath: 'ca-private/ca.key' } as const;
    await assert.rejects(dir.run({ ...base, newKey: true }), /a new CA key is a rotation, not a renewal/);
    await assert.rejects(dir.run({ ...base, sans: ['x.example'] }), /--san applies to leaf certificates/);
    await assert.rejects(dir.run({ ...base, keyPem: dir.text('server.key') }), IssueError);
    assert.equal(dir.text('ca.crt'), base.certPem, 'unchanged');
  });
});

describe('renewing a revoked certificate', () => {
  // A reason that may be about the key (or none: openssl ca -revoke's default) keeps the key from being certified again.
  for (const reason of ['keyCompromise', 'CACompromise', 'certificateHold', 'unspecified', undefined]) {
    it(`is refused with the same key (${reason ?? 'no reason'}), allowed with --new-key`, async () => {
      const dir = await caIn('postgres');
      await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'alice' });
      const pem = dir.text('client.crt');
      await dir.run({ kind: 'revoke', profile: 'postgres', certPem: pem, ...(reason ? { reason } : {}) });
      const base = { kind: 'renew', profile: 'postgres', certPath: 'client.crt', certPem: pem, keyPath: 'client.key', keyPem: dir.text('client.key') } as const;
      await assert.rejects(dir.run(base), (e: Error) => {
        assert.match(e.message, new RegExp(`was revoked on .*reason: ${reason ?? 'unspecified'}.*--new-key`));
        if (reason === 'keyCompromise') assert.match(e.message, /the key is compromised/);
        return true;
      });
      assert.equal(dir.text('client.crt'), pem);
      await dir.run({ ...base, newKey: true });
      assert.notEqual(dir.text('client.crt'), pem);
      assert.ok(keyMatchesCert(dir.text('client.key'), dir.text('client.crt')));
    });
  }

  // Replaced, no longer used, holder moved: nothing against the key; said in a warning with the choice of a new key.
  for (const reason of ['superseded', 'cessationOfOperation', 'affiliationChanged']) {
    it(`is renewed with the same key after ${reason}, with a warning that names the revocation and --new-key`, async () => {
      const dir = await caIn('postgres');
      await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'alice' });
      const pem = dir.text('client.crt');
      const key = dir.text('client.key');
      await dir.run({ kind: 'revoke', profile: 'postgres', certPem: pem, reason });
      const r = await dir.run({ kind: 'renew', profile: 'postgres', certPath: 'client.crt', certPem: pem, keyPath: 'client.key', keyPem: key });
      assert.match(r.warnings.join('\n'), new RegExp(`with this key was revoked \\(reason: ${reason}\\), a reason that says nothing against the key.*--new-key`));
      assert.notEqual(dir.text('client.crt'), pem);
      assert.equal(dir.text('client.key'), key);
      assert.ok(keyMatchesCert(key, dir.text('client.crt')));
    });
  }

  it('a key revoked under an earlier serial stays revoked', async () => {
    const dir = await caIn('postgres');
    await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'alice' });
    const first = dir.text('client.crt');
    const key = dir.text('client.key');
    await dir.run({ kind: 'renew', profile: 'postgres', certPath: 'client.crt', certPem: first, keyPath: 'client.key', keyPem: key });
    const second = dir.text('client.crt');
    await dir.run({ kind: 'revoke', profile: 'postgres', certPem: first, reason: 'keyCompromise' });
    const op = { kind: 'renew', profile: 'postgres', certPath: 'client.crt', certPem: second, keyPath: 'client.key', keyPem: key } as const;
    await assert.rejects(dir.run({ ...op, revokedPems: [first] }), /keyCompromise.*the key is compromised/);
  });
});

describe('revoking by serial alone (the certificate file is lost)', () => {
  it('a serial the database records is revoked from its line: index.txt R, the CRL lists it', async () => {
    const dir = await caIn('postgres');
    await dir.run({ kind: 'issueClient', profile: 'postgres', user: 'alice' });
    const serial = parse(dir.text('client.crt')).serialNumber.toUpperCase();
    const r = await dir.run({ kind: 'revoke', profile: 'postgres', serial: serial.toLowerCase(), reason: 'keyCompromise' });
    assert.deepEqual(r.warnings, []);
    assert.match(dir.text(profileLayout('postgres').index), new RegExp(`^R\\t\\d{12}Z\\t\\d{12}Z,keyCompromise\\t${serial}\\tunknown\\t/CN=alice\\n$`));
    const crl = new x509.X509Crl(dir.text(profileLayout('postgres').crl));
    assert.deepEqual(crl.entries.map((e) => e.serialNumber.toUpperCase()), [serial]);
    await assert.rejects(dir.run({ kind: 'revoke', profile: 'postgres', serial }), /is already revoked/);
  });

  it('a serial the database does not hold is refused with the choices, nothing planned', async () => {
    const dir = await caIn('postgres');
    const index = dir.text(profileLayout('postgres').index);
    await assert.rejects(dir.run({ kind: 'revoke', profile: 'postgres', serial: '0ABCDEF' }), (e: Error) => {
      assert.ok(e instanceof IssueError);
      assert.match(e.message, /serial ABCDEF is not in the CA database \(ca-private\/index\.txt, 0 certificates\); nothing was revoked/);
      assert.match(e.message, /--cert FILE/);
      return true;
    });
    await assert.rejects(dir.run({ kind: 'revoke', profile: 'postgres' }), /give the certificate to revoke, or its serial/);
    assert.equal(dir.text(profileLayout('postgres').index), index);
  });
});

describe('renew --san', () => {
  it('replaces the SANs, keeps subject, EKU and key', async () => {
    const dir = await caIn('cockroach');
    await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['localhost', '127.0.0.1'] });
    const r = await dir.run({ kind: 'renew', profile: 'cockroach', certPath: 'certs/node.crt', certPem: dir.text('certs/node.crt'), keyPath: 'certs/node.key', keyPem: dir.text('certs/node.key'), sans: ['node1.example', '10.0.0.1', 'URI:spiffe://crdb/node1'] });
    const c = parse(dir.text('certs/node.crt'));
    assert.deepEqual(c.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [
      { type: 'dns', value: 'node1.example' },
      { type: 'ip', value: '10.0.0.1' },
      { type: 'url', value: 'spiffe://crdb/node1' },
    ]);
    assert.deepEqual(r.issued!.sans, ['DNS:node1.example', 'IP:10.0.0.1', 'URI:spiffe://crdb/node1']);
    assert.equal(c.subject, 'O=Cockroach, CN=node');
    assert.deepEqual([...c.getExtension(x509.ExtendedKeyUsageExtension)!.usages], ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.match(r.opensslCommands.join('\n'), /-addext subjectAltName=DNS:node1\.example,IP:10\.0\.0\.1,URI:spiffe:\/\/crdb\/node1 /);
  });
});

describe('CRL lifetimes per profile', () => {
  for (const profile of ['cockroach', 'dm', 'postgres', 'generic'] as const) {
    it(`${profile}: createCa, crl and revoke default to ${profiles[profile].crlDays} days`, async () => {
      const dir = await caIn(profile);
      const l = profileLayout(profile);
      const days = (): number => (new x509.X509Crl(dir.text(l.crl)).nextUpdate!.getTime() - NOW.getTime()) / DAY;
      assert.equal(days(), profiles[profile].crlDays);
      assert.match(dir.text(l.opensslConfig), new RegExp(`default_crl_days = ${profiles[profile].crlDays}\\n`));
      await dir.run({ kind: 'publishCrl', profile });
      assert.equal(days(), profiles[profile].crlDays);
      assert.ok(profiles[profile].crlDays > 60, 'longer than the default expiry warning window, so a fresh CRL is not flagged at once');
    });
  }
});

describe('a CRL published near the end of what it depends on', () => {
  const at = (days: number): typeof env => nodeEnvironment({ now: () => new Date(NOW.getTime() + days * DAY) });

  it('a CA certificate that expires before nextUpdate, or has expired: a warning naming the renewal, the CRL still published in full', async () => {
    const dir = await caIn('postgres', 100);
    const quiet = await runIssueOperation(at(-90), { kind: 'publishCrl', profile: 'postgres', crlDays: 30 }, dir.ca('postgres'));
    assert.deepEqual(quiet.warnings, [], 'ends before the CA: nothing to say');
    const near = await runIssueOperation(at(0), { kind: 'publishCrl', profile: 'postgres' }, dir.ca('postgres'));
    assert.equal(near.warnings.length, 1);
    assert.match(near.warnings[0]!, /expires on .*, before this CRL's nextUpdate .*same key: this CRL stays valid.*certwright renew --dir DIR --cert DIR\/root\.crt/);
    assert.equal(new x509.X509Crl(near.plan.files.find((f) => f.path === 'root.crl')!.contents).nextUpdate!.getTime(), NOW.getTime() + 180 * DAY, 'not cut short: a renewed CA (same key) keeps it valid');
    const gone = await runIssueOperation(at(101), { kind: 'publishCrl', profile: 'postgres' }, dir.ca('postgres'));
    assert.match(gone.warnings.join('\n'), /expired on .*peers refuse every certificate it issued, and this CRL with them/);
  });

  it("an intermediate's copy of its parent's CRL that lapsed or lapses first is warned about; --parent's CRL replaces the copy", async () => {
    const root = new MemoryDir();
    await root.run({ kind: 'createCa', profile: 'postgres', keyType: 'p256', pathLen: 1 });
    const child = new MemoryDir();
    child.apply(await runIssueOperation(env, { kind: 'createIntermediate', profile: 'postgres', parentProfile: 'postgres', keyType: 'p256', parentCrlPem: root.text('root.crl') }, root.ca('postgres')));
    const material = (): CaMaterial => ({ ...child.ca('postgres'), parentCrl: child.text('ca-private/parent.crl') });
    assert.deepEqual((await runIssueOperation(env, { kind: 'publishCrl', profile: 'postgres' }, material())).warnings, [], 'published together: the same nextUpdate');
    const later = child.apply(await runIssueOperation(at(30), { kind: 'publishCrl', profile: 'postgres' }, material()));
    assert.match(later.warnings.join('\n'), /the CRL of CN = PostgreSQL Root CA published with this one lapses on .*, before this one.*certwright crl --dir DIR --parent PARENT_DIR/);
    const lapsed = await runIssueOperation(at(181), { kind: 'publishCrl', profile: 'postgres' }, material());
    assert.match(lapsed.warnings.join('\n'), /passed its nextUpdate on .*PostgreSQL \(ssl_crl_file\) and openssl verify -crl_check_all refuse every certificate of this CA/);
    // The parent publishes afresh; --parent copies it here and publishes it with this CA's CRL.
    const fresh = (await runIssueOperation(at(181), { kind: 'publishCrl', profile: 'postgres' }, root.ca('postgres'))).plan.files.find((f) => f.path === 'root.crl')!.contents;
    const r = child.apply(await runIssueOperation(at(181), { kind: 'publishCrl', profile: 'postgres', parentCrlPem: fresh }, material()));
    assert.deepEqual(r.warnings, []);
    assert.equal(child.text('ca-private/parent.crl'), fresh);
    assert.ok(child.text('root.crl').endsWith(fresh));
    assert.equal((child.text('root.crl').match(/BEGIN X509 CRL/g) ?? []).length, 2);
    // A CRL of another CA than the issuer, or --parent on a root, is refused.
    await assert.rejects(runIssueOperation(env, { kind: 'publishCrl', profile: 'postgres', parentCrlPem: child.text('root.crl').split(/(?<=-----END X509 CRL-----\n)/)[0]! }, material()), /holds no CRL of CN = PostgreSQL Root CA .*give the folder of the CA that signed this one/);
    await assert.rejects(runIssueOperation(env, { kind: 'publishCrl', profile: 'postgres', parentCrlPem: fresh }, root.ca('postgres')), /is a root CA \(self-signed\)/);
  });
});

describe('renewing under unique_subject = yes (an adopted openssl ca CA)', () => {
  const at = (days: number): typeof env => nodeEnvironment({ now: () => new Date(NOW.getTime() + days * DAY) });
  const unique = (dir: MemoryDir): CaMaterial => ({ ...dir.ca('generic'), indexAttr: 'unique_subject = yes\n' });

  it('a valid certificate for the subject: refused with the choice that breaks nothing deployed first; a lapsed one is marked E, as openssl ca -updatedb does', async () => {
    const dir = await caIn('generic');
    await dir.run({ kind: 'issueClient', profile: 'generic', user: 'alice', days: 10 });
    const pem = dir.text('client-alice.crt');
    const op = { kind: 'renew', profile: 'generic', certPath: 'client-alice.crt', certPem: pem, keyPath: 'client-alice.key', keyPem: dir.text('client-alice.key'), days: 30 } as const;
    await assert.rejects(runIssueOperation(at(5), op, unique(dir)), (e: Error) => {
      assert.match(e.message, /unique_subject = yes and \/CN=alice already has a valid certificate \(serial [0-9A-F]+, until .*\); openssl ca would then refuse to load ca-private\/index\.txt\. Choose one:/);
      assert.match(e.message, /\n {2}- set unique_subject = no in ca-private\/index\.txt\.attr .*nothing deployed breaks\n {2}- or revoke it first \(certwright revoke --dir DIR --serial [0-9A-F]+ --reason superseded\)/);
      return true;
    });
    const r = dir.apply(await runIssueOperation(at(11), op, unique(dir)));
    const lines = dir.text(profileLayout('generic').index).trim().split('\n');
    assert.deepEqual(lines.map((x) => x.split('\t')[0]), ['E', 'V'], 'the lapsed line freed for the renewal, the new one valid');
    assert.equal(lines[1]!.split('\t')[3], r.issued!.serial);
    // Without unique_subject nothing else changes: the lapsed line stays as it was.
    const own = await caIn('generic');
    await own.run({ kind: 'issueClient', profile: 'generic', user: 'bob', days: 10 });
    own.apply(await runIssueOperation(at(11), { ...op, certPath: 'client-bob.crt', certPem: own.text('client-bob.crt'), keyPath: 'client-bob.key', keyPem: own.text('client-bob.key') }, own.ca('generic')));
    assert.deepEqual(own.text(profileLayout('generic').index).trim().split('\n').map((x) => x.split('\t')[0]), ['V', 'V']);
  });
});

describe('URI SANs', () => {
  it('node and client certificates carry URI SANs', async () => {
    const dir = await caIn('dm');
    const r = await dir.run({ kind: 'issueNode', profile: 'dm', sans: ['dm-master.example', 'URI:spiffe://dm/master'] });
    assert.deepEqual(r.issued!.sans, ['DNS:dm-master.example', 'URI:spiffe://dm/master']);
    await dir.run({ kind: 'issueClient', profile: 'dm', sans: ['URI:spiffe://dm/dmctl'] });
    const c = parse(dir.text('client-cert.pem'));
    // serverAuth makes it a server certificate to Go: it keeps DNS:<user> beside the URI.
    assert.deepEqual(c.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [{ type: 'dns', value: 'dm' }, { type: 'url', value: 'spiffe://dm/dmctl' }]);
    // Node's own X.509 reader sees the same names.
    assert.equal(nodeCert(dir.text('master-cert.pem')).subjectAltName, 'DNS:dm-master.example, URI:spiffe://dm/master');
  });
});

describe('intermediate CAs', () => {
  it('signed by the parent, pathlen one less, CA file = intermediate + parent file, CRL file = own + parent CRL, parent database records it', async () => {
    const root = new MemoryDir();
    await root.run({ kind: 'createCa', profile: 'cockroach', keyType: 'p256' });
    const child = new MemoryDir();
    const r = child.apply(await runIssueOperation(env, { kind: 'createIntermediate', profile: 'cockroach', parentProfile: 'cockroach', keyType: 'p256', parentCrlPem: root.text('certs/ca.crl') }, root.ca('cockroach')));
    const bundle = child.text('certs/ca.crt');
    const [inter, rootPem] = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)!;
    assert.equal(rootPem, root.text('certs/ca.crt'));
    const i = parse(inter!);
    assert.equal(i.subject, 'O=Cockroach, CN=Cockroach CA Intermediate');
    assert.equal(i.issuer, 'O=Cockroach, CN=Cockroach CA');
    assert.equal(i.getExtension(x509.BasicConstraintsExtension)!.pathLength, 0);
    assert.ok(nodeCert(inter!).verify(nodeCert(rootPem!).publicKey));
    assert.equal(i.notAfter.getTime(), NOW.getTime() + 1825 * DAY);
    assert.equal((child.text('certs/ca.crl').match(/BEGIN X509 CRL/g) ?? []).length, 2);
    assert.deepEqual(r.parentPlan!.files.map((f) => f.path).sort(), [`ca-private/index.txt`, `ca-private/newcerts/${r.issued!.serial}.pem`]);
    assert.ok(![...child.files.keys()].some((p) => child.text(p) === root.text('ca-private/ca.key')), 'the root key is not in the child folder');
    // Leaves from the intermediate carry it; CRLs it publishes carry the parent's.
    await child.run({ kind: 'issueNode', profile: 'cockroach', sans: ['localhost'] });
    assert.equal((child.text('certs/node.crt').match(/BEGIN CERTIFICATE/g) ?? []).length, 2);
    assert.ok(child.text('certs/node.crt').endsWith(inter!));
    const material = { ...child.ca('cockroach'), parentCrl: child.text('ca-private/parent.crl') };
    const crl = await runIssueOperation(env, { kind: 'publishCrl', profile: 'cockroach' }, material);
    assert.ok(crl.plan.files.find((f) => f.path === 'certs/ca.crl')!.contents.endsWith(root.text('certs/ca.crl')));
  });

  it("renewed while certificates it issued name its serial (issuer:always): the serial is kept and the parent's line of it renewed in place; without them a new serial; a serial the parent revoked is refused", async () => {
    const root = new MemoryDir();
    await root.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', pathLen: 1 });
    const child = new MemoryDir();
    const created = child.apply(await runIssueOperation(env, { kind: 'createIntermediate', profile: 'generic', parentProfile: 'generic', keyType: 'p256' }, root.ca('generic')));
    root.apply({ ...created, plan: created.parentPlan! });
    const inter = parse(child.text('ca.crt'));
    // A leaf another tool signed with the intermediate's key, its AKI naming the intermediate's issuer and serial.
    const signingKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(child.text('ca-private/ca.key')), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const leafKeys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '0badc0de',
      subject: 'CN=easy-rsa leaf',
      issuer: inter.subject,
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + 30 * DAY),
      publicKey: leafKeys.publicKey,
      signingKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.AuthorityKeyIdentifierExtension({ name: new x509.GeneralNames([{ type: 'dn', value: inter.issuer }]), serialNumber: inter.serialNumber })],
    });
    const op = { kind: 'renew', profile: 'generic', certPath: 'ca.crt', certPem: child.text('ca.crt'), keyPath: 'ca-private/ca.key', keyPem: child.text('ca-private/ca.key'), parentProfile: 'generic', days: 300 } as const;
    // Certwright's own leaves name only the key: a new serial from the parent.
    await child.run({ kind: 'issueNode', profile: 'generic', sans: ['localhost'] });
    const fresh = await runIssueOperation(env, { ...op, issuedPems: [child.text('server.crt')] }, root.ca('generic'));
    assert.notEqual(fresh.issued!.serial, inter.serialNumber.toUpperCase());
    const kept = await runIssueOperation(env, { ...op, issuedPems: [child.text('server.crt'), leaf.toString('pem')] }, root.ca('generic'));
    assert.equal(kept.issued!.serial, inter.serialNumber.toUpperCase());
    assert.match(kept.warnings.join('\n'), /name its serial [0-9A-F]+ in their authorityKeyIdentifier .*keeps serial/);
    const index = kept.parentPlan!.files.find((f) => f.path === 'ca-private/index.txt')!.contents;
    assert.equal(index.split('\n').filter(Boolean).length, 1, 'one line per serial, as openssl ca requires');
    assert.match(index, new RegExp(`^V\\t\\d{12}Z\\t\\t${kept.issued!.serial}\\t`));
    assert.notEqual(index, root.text('ca-private/index.txt'), 'its expiry is the renewed certificate\'s');
    assert.equal(kept.parentPlan!.files.some((f) => f.path === 'ca-private/serial'), false, 'the serial file is not moved on');
    assert.match(kept.opensslCommands.join('\n'), /openssl x509 -req -in CHILD\/ca\.csr .* -set_serial 0x[0-9A-F]+ /);
    // The parent revoked it: a certificate with that serial would be revoked too.
    const revoked = await runIssueOperation(env, { kind: 'revoke', profile: 'generic', certPem: child.text('ca.crt').split(/(?<=-----END CERTIFICATE-----\n)/)[0]! }, root.ca('generic'));
    root.apply(revoked);
    await assert.rejects(runIssueOperation(env, { ...op, issuedPems: [leaf.toString('pem')] }, root.ca('generic')), /the parent revoked .* would be revoked too\. Choose one:\n {2}- create a new intermediate/);
  });

  it("renewed by an easy-rsa parent that imported it under another name: the file holding it (pki/issued/<name>.crt) is replaced, no second copy by CN", async () => {
    const easy = easyRsaLayout('pki', 'generic').layout;
    const root = new MemoryDir();
    await root.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', pathLen: 1 });
    const child = new MemoryDir();
    const created = child.apply(await runIssueOperation(env, { kind: 'createIntermediate', profile: 'generic', parentProfile: 'generic', parentLayout: easy, keyType: 'p256' }, root.ca('generic')));
    root.apply({ ...created, plan: created.parentPlan! });
    assert.ok(created.parentPlan!.files.some((f) => f.path === 'pki/issued/Certwright-CA-Intermediate.crt'), 'created: the copy by CN');
    const inter = child.text('ca.crt').split(/(?<=-----END CERTIFICATE-----\n)/)[0]!;
    const op = { kind: 'renew', profile: 'generic', certPath: 'ca.crt', certPem: child.text('ca.crt'), keyPath: 'ca-private/ca.key', keyPem: child.text('ca-private/ca.key'), parentProfile: 'generic', parentLayout: easy, days: 300 } as const;
    // easyrsa import-req ... sub; easyrsa sign-req ca sub: the parent knows it as "sub"; another name holds another certificate.
    const files: Record<string, string> = { 'pki/issued/other.crt': root.text(profileLayout('generic').caCert), 'pki/issued/sub.crt': inter, 'pki/issued/zz.crt': inter };
    const reads: string[] = [];
    const read = async (p: string): Promise<string | undefined> => (reads.push(p), files[p]);
    const list = async (): Promise<string[]> => Object.keys(files).map((p) => p.slice('pki/issued/'.length));
    // Not named after its CN: the folder's name, read before any scan.
    assert.equal(await parentCopyPath(easy, child.text('ca.crt'), read, list, ['sub']), 'pki/issued/sub.crt');
    assert.deepEqual(reads, ['pki/issued/Certwright CA Intermediate.crt', 'pki/issued/Certwright-CA-Intermediate.crt', 'pki/issued/sub.crt']);
    // Neither: the scan, in name order, reads the others until one holds it.
    reads.length = 0;
    assert.equal(await parentCopyPath(easy, child.text('ca.crt'), read, list, ['elsewhere']), 'pki/issued/sub.crt');
    assert.deepEqual(reads.slice(3), ['pki/issued/other.crt', 'pki/issued/sub.crt']);
    // Named after its CN: nothing else is read, the folder is not listed.
    files['pki/issued/Certwright-CA-Intermediate.crt'] = inter;
    reads.length = 0;
    assert.equal(await parentCopyPath(easy, child.text('ca.crt'), read, async () => assert.fail('listed'), ['sub']), 'pki/issued/Certwright-CA-Intermediate.crt');
    assert.equal(reads.length, 2);
    assert.equal(await parentCopyPath(profileLayout('generic'), child.text('ca.crt'), read, list), undefined, 'a parent of Certwright layout keeps no copies by name');
    const r = await runIssueOperation(env, { ...op, parentCopy: 'pki/issued/sub.crt' }, root.ca('generic'));
    const written = r.parentPlan!.files.filter((f) => f.path.startsWith('pki/issued/'));
    assert.deepEqual(written.map((f) => [f.path, f.replace]), [['pki/issued/sub.crt', true]]);
    assert.equal(written[0]!.contents, r.plan.files.find((f) => f.path === 'ca.crt')!.contents.split(/(?<=-----END CERTIFICATE-----\n)/)[0], 'the renewed certificate');
    // No copy holds it: the copy by CN, never written over another certificate.
    const none = await runIssueOperation(env, op, root.ca('generic'));
    assert.deepEqual(none.parentPlan!.files.filter((f) => f.path.startsWith('pki/issued/')).map((f) => [f.path, f.replace]), [['pki/issued/Certwright-CA-Intermediate.crt', false]]);
  });

  it('refuses a parent with pathlen:0 and a validity past the parent', async () => {
    const root = new MemoryDir();
    await root.run({ kind: 'createCa', profile: 'postgres', keyType: 'p256' });
    await assert.rejects(runIssueOperation(env, { kind: 'createIntermediate', profile: 'postgres', parentProfile: 'postgres' }, root.ca('postgres')), /pathlen:0.*--pathlen 1/);
    const root1 = new MemoryDir();
    await root1.run({ kind: 'createCa', profile: 'postgres', keyType: 'p256', pathLen: 1, days: 100 });
    await assert.rejects(runIssueOperation(env, { kind: 'createIntermediate', profile: 'postgres', parentProfile: 'postgres' }, root1.ca('postgres')), /cannot outlive its CA/);
    const ok = await runIssueOperation(env, { kind: 'createIntermediate', profile: 'postgres', parentProfile: 'postgres', allowCapped: true, keyType: 'p256' }, root1.ca('postgres'));
    assert.equal(ok.issued!.notAfter, parse(root1.text('root.crt')).notAfter.toISOString());
  });
});
