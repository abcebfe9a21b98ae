/**
 * PKI grouping over a PKI made by the real openssl CLI: issuer found by AKI/SKI
 * and confirmed by signature (never by name), same-name CAs kept apart,
 * revocation through a CRL, key matching, statuses with an injected clock,
 * PKCS#7 and PKCS#12 contents, and incremental rebuilds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { decodeFileBytes } from '../../../server/src/core/pki/files';
import { decryptPkcs12, Pkcs12Error } from '../../../server/src/core/pki/pkcs12';
import { colonHex } from '../../../server/src/core/pki/tree';
import type { PkiNode, PkiTree } from '../../../server/src/core/pki/types';
import type { PkiCrypto } from '../../../server/src/core/pki/parse';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { makeTestPki, p12Password, type TestPki } from './openssl';

const dayMs = 86_400_000;
const pkiFiles = ['root.crt', 'root.key', 'inter.crt', 'inter.key', 'server.crt', 'server.key', 'client.crt', 'client.key', 'node.crt', 'node.key', 'revoked.crt', 'inter.crl', 'evil-root.crt', 'impostor.crt', 'noaki.crt', 'chain.p7b', 'chain-der.p7c', 'root.der', 'node.p12', 'server.csr'];

function all(tree: PkiTree): Array<{ node: PkiNode; parent?: PkiNode }> {
  const out: Array<{ node: PkiNode; parent?: PkiNode }> = [];
  const walk = (nodes: readonly PkiNode[], parent?: PkiNode): void => {
    for (const n of nodes) {
      out.push({ node: n, parent });
      walk(n.children, n);
    }
  };
  walk(tree.roots);
  return out;
}

/** node:crypto counting its signature checks, synchronous and in the thread pool (`offThread`), and the pairs checked again. */
function countingCrypto(): PkiCrypto & { verifies: number; offThread: number; repeated: number } {
  const c = { ...nodePkiCrypto, verifies: 0, offThread: 0, repeated: 0 };
  const pairs = new Set<string>();
  const count = (spki: Uint8Array, signature: Uint8Array): void => {
    c.verifies++;
    const pair = `${Buffer.from(spki).toString('hex')}|${Buffer.from(signature).toString('hex')}`;
    if (pairs.has(pair)) c.repeated++;
    pairs.add(pair);
  };
  c.verify = (alg, spki, signed, signature) => {
    count(spki, signature);
    return nodePkiCrypto.verify(alg, spki, signed, signature);
  };
  c.verifyAsync = (alg, spki, signed, signature) => {
    count(spki, signature);
    c.offThread++;
    return nodePkiCrypto.verifyAsync!(alg, spki, signed, signature);
  };
  return c;
}

describe('PKI grouping (openssl-generated)', () => {
  let pki: TestPki;
  let model: PkiWorkspace;
  let tree: PkiTree;
  // A minute after generation: openssl sets notBefore to the second it signs.
  let now = 0;
  const byLabel = (label: string, t = tree) => all(t).find((x) => x.node.label === label && x.node.kind === 'certificate');
  const byFingerprint = (file: string, t = tree) => all(t).find((x) => x.node.sha256 === pki.fingerprint(file));

  before(() => {
    pki = makeTestPki();
    now = Date.now() + 60_000;
    model = new PkiWorkspace(nodePkiCrypto);
    for (const f of pkiFiles) model.setFile(pki.path(f), 's1', pki.read(f));
    tree = model.tree({ now, expiryWarningDays: 30 });
  });
  after(() => pki.cleanup());

  it('puts the intermediate under the root and the leaves under the intermediate', () => {
    const root = byFingerprint('root.crt')!;
    assert.equal(root.parent, undefined);
    assert.equal(root.node.role, 'ca');
    assert.deepEqual(root.node.status, []);
    const inter = byLabel('Test Intermediate CA')!;
    assert.equal(inter.parent?.id, root.node.id);
    assert.equal(inter.node.issuerId, root.node.id);
    for (const leaf of ['db.example.test', 'app-user', 'node', 'revoked.example.test']) assert.equal(byLabel(leaf)?.parent?.id, inter.node.id, leaf);
  });

  it('never confuses two CAs with the same subject name', () => {
    const root = byFingerprint('root.crt')!;
    const evil = byFingerprint('evil-root.crt')!;
    assert.notEqual(root.node.id, evil.node.id);
    // Same name: the rows are told apart by file.
    assert.equal(root.node.label, 'Test Root CA · root.crt');
    assert.equal(evil.node.label, 'Test Root CA · evil-root.crt');
    assert.equal(byLabel('impostor.example.test')?.parent?.id, evil.node.id);
    // Without an AKI the name matches both roots: only the signature picks the right one.
    assert.equal(byLabel('noaki.example.test')?.parent?.id, evil.node.id);
    assert.ok(!root.node.children.some((c) => c.label === 'impostor.example.test' || c.label === 'noaki.example.test'));
  });

  it('assigns roles from basicConstraints and extendedKeyUsage', () => {
    assert.equal(byLabel('Test Intermediate CA')?.node.role, 'intermediate');
    assert.equal(byLabel('db.example.test')?.node.role, 'server');
    assert.equal(byLabel('app-user')?.node.role, 'client');
    assert.equal(byLabel('node')?.node.role, 'node');
  });

  it('marks the leaf listed in the verified CRL as revoked, and hangs the CRL under its issuer', () => {
    const revoked = byLabel('revoked.example.test')!;
    assert.ok(revoked.node.status.includes('revoked'));
    assert.match(revoked.node.description, /revoked/);
    assert.ok(!byLabel('db.example.test')!.node.status.includes('revoked'));
    const crl = all(tree).find((x) => x.node.kind === 'crl')!;
    assert.equal(crl.parent?.label, 'Test Intermediate CA');
    assert.match(crl.node.description, /1 revoked certificate/);
  });

  it('attaches keys to the certificate with their public key and flags a mismatched pair', () => {
    const server = byLabel('db.example.test')!.node;
    const key = server.children.find((c) => c.kind === 'key');
    assert.ok(key, 'server.key under db.example.test');
    assert.equal(key.location.path, pki.path('server.key'));
    assert.deepEqual(key.status, []);
    const client = byLabel('app-user')!.node;
    assert.ok(client.status.includes('keyMismatch'), `client.crt flagged: ${client.status.join(',')}`);
    const loose = tree.roots.find((n) => n.kind === 'key' && n.location.path === pki.path('client.key'));
    assert.ok(loose?.status.includes('keyMismatch'));
    // CSR under the key that made it.
    assert.ok(key.children.some((c) => c.kind === 'csr'));
  });

  it('merges the same certificate found in PEM, DER and PKCS#7 files into one node with every location', () => {
    const root = byFingerprint('root.crt')!.node;
    assert.deepEqual(root.locations.map((l) => l.path.replace(/^.*\//, '')).sort(), ['root.crt', 'root.der']);
    const inter = byLabel('Test Intermediate CA')!.node;
    assert.deepEqual(new Set(inter.locations.map((l) => l.format)), new Set(['pem', 'pkcs7']));
    assert.equal(inter.location.path, pki.path('inter.crt'), 'a file of its own is the primary location');
    assert.equal(tree.counts.certificates, 9);
  });

  it('lists a PKCS#12 without a password, and reads it only with the right one', () => {
    const p12 = tree.roots.find((n) => n.kind === 'pkcs12')!;
    assert.deepEqual(p12.status, ['locked']);
    assert.match(p12.tooltip, /PBES2, PBKDF2-hmacWithSHA256, AES-256-CBC/);
    assert.throws(() => decryptPkcs12(pki.read('node.p12'), 'wrong', nodePkiCrypto), (e: unknown) => e instanceof Pkcs12Error && e.reason === 'wrongPassword');
    const c = decryptPkcs12(pki.read('node.p12'), p12Password, nodePkiCrypto);
    assert.equal(c.macVerified, true);
    assert.equal(c.bags.filter((b) => b.type === 'certificate').length, 2);
    assert.equal(c.bags.find((b) => b.type === 'privateKey')?.friendlyName, 'node cert');
  });

  it('shows an unlocked PKCS#12 in the tree: its certificate merges with node.crt and its key matches', () => {
    const m = new PkiWorkspace(nodePkiCrypto);
    for (const f of pkiFiles) m.setFile(pki.path(f), 's1', pki.read(f));
    m.unlockPkcs12(pki.path('node.p12'), pki.read('node.p12'), p12Password, true);
    const t = m.tree({ now, expiryWarningDays: 30 });
    const node = byLabel('node', t)!.node;
    assert.ok(node.locations.some((l) => l.format === 'pkcs12'));
    assert.ok(node.children.some((c) => c.kind === 'key' && c.location.format === 'pkcs12'));
    assert.equal(t.roots.filter((n) => n.kind === 'pkcs12').length, 0);
  });

  it('reads the fields exactly as openssl prints them', () => {
    const id = byLabel('db.example.test')!.node.id;
    const fields = Object.fromEntries(model.fields(id, { now, expiryWarningDays: 30 })!.map((f) => [f.label, f.value]));
    const o = (...args: string[]): string => execFileSync('openssl', ['x509', '-in', pki.path('server.crt'), '-noout', ...args]).toString().trim();
    assert.equal(fields['SHA-256 fingerprint'], o('-fingerprint', '-sha256').replace(/^.*=/, ''));
    assert.equal(fields['SHA-1 fingerprint'], o('-fingerprint', '-sha1').replace(/^.*=/, ''));
    assert.equal(fields['Serial']!.replace(/:/g, ''), o('-serial').replace(/^serial=/, ''));
    const ext = o('-ext', 'subjectKeyIdentifier,authorityKeyIdentifier');
    assert.ok(ext.includes(fields['Subject key identifier']!), ext);
    assert.ok(ext.includes(fields['Authority key identifier']!), ext);
    assert.equal(fields['Subject'], o('-subject').replace(/^subject=/, ''));
    assert.equal(fields['Issuer'], o('-issuer').replace(/^issuer=/, ''));
    assert.equal(fields['Issuer'], 'O = Certwright Test, CN = Test Intermediate CA');
    assert.equal(fields['Key usage'], 'digitalSignature, keyEncipherment');
    assert.equal(fields['Extended key usage'], 'serverAuth');
    assert.equal(fields['Basic constraints'], 'critical, CA:FALSE');
    assert.equal(fields['Public key'], 'EC P-256 (256 bit)');
    assert.equal(fields['Signature algorithm'], 'ecdsa-with-SHA256');
    // The one display format (core/format.ts): UTC to the minute.
    const enddate = new Date(o('-enddate').replace(/^notAfter=/, '')).toISOString();
    assert.ok(fields['Not after']!.startsWith(`${enddate.slice(0, 10)} ${enddate.slice(11, 16)} UTC`), fields['Not after']);
  });

  it('derives statuses from the injected clock and the warning window', () => {
    const leaf = (t: PkiTree) => byLabel('db.example.test', t)!.node;
    const later = model.tree({ now: now + 350 * dayMs, expiryWarningDays: 30 });
    assert.ok(leaf(later).status.includes('expiringSoon'));
    assert.match(leaf(later).description, /expires in 1[45] days/);
    const gone = model.tree({ now: now + 400 * dayMs, expiryWarningDays: 30 });
    assert.ok(leaf(gone).status.includes('expired'));
    assert.match(leaf(gone).description, /expired 3[45] days ago/);
    const early = model.tree({ now: now - 2 * dayMs, expiryWarningDays: 30 });
    assert.ok(leaf(early).status.includes('notYetValid'));
    const wide = model.tree({ now, expiryWarningDays: 400 });
    assert.ok(leaf(wide).status.includes('expiringSoon'));
    assert.ok(!leaf(tree).status.includes('expiringSoon'));
  });

  it('flags certificates whose issuer is not in the workspace as untrusted', () => {
    const m = new PkiWorkspace(nodePkiCrypto);
    m.setFile(pki.path('server.crt'), 's', pki.read('server.crt'));
    const t = m.tree({ now, expiryWarningDays: 30 });
    assert.deepEqual(t.roots[0]!.status, ['untrusted']);
    assert.equal(m.verifyChain(t.roots[0]!.id, { now, expiryWarningDays: 30 }).ok, false);
  });

  it('rebuilds incrementally: one added file decodes once and verifies only its new pairs', () => {
    const crypto = countingCrypto();
    const m = new PkiWorkspace(crypto);
    for (const f of pkiFiles) m.setFile(pki.path(f), 's1', pki.read(f));
    m.tree({ now, expiryWarningDays: 30 });
    const first = crypto.verifies;
    assert.ok(first > 0);
    assert.equal(m.isCurrent(pki.path('server.crt'), 's1'), true);
    m.setFile(pki.path('noaki-copy.pem'), 's1', pki.read('noaki.crt'));
    m.tree({ now, expiryWarningDays: 30 });
    assert.equal(crypto.verifies, first, 'a duplicate certificate needs no new signature check');
    m.removeFile(pki.path('server.crt'));
    m.tree({ now, expiryWarningDays: 30 });
    assert.equal(crypto.verifies, first, 'removing a file re-verifies nothing');
    // Without its real root, the impostor's name points at the other "Test Root CA", whose key does not verify it.
    m.removeFile(pki.path('evil-root.crt'));
    const t = m.tree({ now, expiryWarningDays: 30 });
    // Path building checks a candidate only when it needs it: the impostor (issued by the removed root) now
    // tries the other "Test Root CA". The AKI-less certificate tries it too, unless the first build already
    // did: candidates of equal rank are taken in key-id order, and the keys are new on every run.
    const added = crypto.verifies - first;
    assert.ok(added >= 1 && added <= 2, `only the newly needed candidate pairs are checked (${added} new checks)`);
    const impostor = byLabel('impostor.example.test', t)!;
    assert.equal(impostor.parent, undefined);
    assert.ok(impostor.node.status.includes('badSignature'));
  });

  it('builds asynchronously in steps with the same result as a synchronous build', async () => {
    const crypto = countingCrypto();
    const m = new PkiWorkspace(crypto);
    for (const f of pkiFiles) m.setFile(pki.path(f), 's1', pki.read(f));
    let ticks = 0;
    const index = await m.buildAsync({ now, expiryWarningDays: 30 }, async () => void ticks++);
    // A pass counts the checks it has not got as failed, so path building asks for more candidates than inline; each once.
    assert.ok(crypto.verifies > 0 && crypto.repeated === 0, `${crypto.verifies} checks, ${crypto.repeated} of them again`);
    assert.equal(crypto.offThread, crypto.verifies, 'every check in the thread pool');
    assert.deepEqual(JSON.parse(JSON.stringify(index.tree)), JSON.parse(JSON.stringify(tree)));
    const again = await m.buildAsync({ now, expiryWarningDays: 30 }, async () => void ticks++);
    assert.equal(again, index, 'cached until something changes');
  });

  it('decodes PEM and DER PKCS#7 bundles to their certificates', () => {
    for (const f of ['chain.p7b', 'chain-der.p7c']) {
      const items = decodeFileBytes(pki.path(f), pki.read(f), nodePkiCrypto);
      assert.deepEqual(items.map((i) => i.kind), ['certificate', 'certificate'], f);
      assert.equal(items[0]!.origin.format, 'pkcs7');
    }
  });

  it('formats hex as uppercase colon pairs', () => {
    assert.equal(colonHex('0a1b2c'), '0A:1B:2C');
  });
});
