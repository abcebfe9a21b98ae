/**
 * Revocation from the workspace's CRLs and CA database, on a CA run by the real
 * `openssl ca`, compared with `openssl verify -crl_check`; the tree's rows for
 * deployed certificates and their newcerts/ archive copies; labels that tell
 * certificates with one CN apart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { CaDatabaseFile, crlFreshness, RevocationIndex, serialKey } from '../../../server/src/core/pki/revocation';
import { certificateName, distinctLabels } from '../../../server/src/core/pki/naming';
import { revocationText } from '../../../server/src/core/pki/tree';
import type { PkiNode, PkiTree } from '../../../server/src/core/pki/types';
import { decodeBlock, findPemBlocks } from '../../../server/src/core/pem';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { caFiles, makeOpensslCa, type OpensslCa } from './opensslCa';

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function certNodes(tree: PkiTree): PkiNode[] {
  const out: PkiNode[] = [];
  const visit = (nodes: readonly PkiNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'certificate') out.push(n);
      visit(n.children);
    }
  };
  visit(tree.roots);
  return out;
}

function der(ca: OpensslCa, rel: string): Uint8Array {
  const block = findPemBlocks(ca.read(rel).toString('latin1'))[0]!;
  assert.ok(decodeBlock(block).ok);
  return block.der!;
}

describe('revocation lookup and tree rows on an `openssl ca` layout', () => {
  let ca: OpensslCa;
  let model: PkiWorkspace;
  let now = 0;
  const options = () => ({ now, expiryWarningDays: 30 });
  const load = (m: PkiWorkspace, skip: (rel: string) => boolean = () => false): void => {
    for (const p of walk(ca.dir)) {
      const rel = relative(ca.dir, p);
      if (skip(rel) || rel === 'ca.cnf') continue;
      m.setFile(p, 's1', ca.read(rel), /\.(pem|crt|crl|key)$/.test(p) ? 'pki' : 'text');
    }
  };
  const status = (m: PkiWorkspace, rel: string) => m.build(options()).statusOf(parseCertificate(der(ca, rel), nodePkiCrypto));

  before(() => {
    ca = makeOpensslCa();
    now = Date.now() + 60_000;
    model = new PkiWorkspace(nodePkiCrypto);
    load(model);
  });
  after(() => ca.cleanup());

  it('agrees with `openssl verify -crl_check` for every deployed certificate, CRL by CRL', () => {
    const deployed = [caFiles.clientRoot, caFiles.node, caFiles.node2, ...caFiles.dm];
    for (const rel of deployed) {
      const s = status(model, rel);
      const byCrl = s.revocations.some((r) => r.source.kind === 'crl');
      const byAny = s.revocations.length > 0;
      // The CRL in the workspace, and the later one made from the database after the second revocation.
      assert.equal(byCrl, /certificate revoked/.test(ca.verify(rel, caFiles.crl)), `${rel} with ${caFiles.crl}`);
      assert.equal(byAny, /certificate revoked/.test(ca.verify(rel, ca.laterCrl)), `${rel} with the database`);
    }
  });

  it('reports the date, the reason and the source of each revocation', () => {
    const s = status(model, caFiles.clientRoot);
    assert.deepEqual(
      s.revocations.map((r) => [r.source.kind, relative(ca.dir, r.source.path), r.reason]),
      [
        ['crl', caFiles.crl, 'keyCompromise'],
        ['ca-database', caFiles.db, 'keyCompromise'],
      ],
    );
    assert.match(revocationText(s.revocations[0]!), /^Revoked on \d{4}-\d\d-\d\d \(keyCompromise\) per the CRL ca\.crl$/);
    // Revoked in index.txt after the CRL was made: only the database says so.
    const n2 = status(model, caFiles.node2);
    assert.deepEqual(n2.revocations.map((r) => r.source.kind), ['ca-database']);
    assert.match(revocationText(n2.revocations[0]!), /per the CA database index\.txt$/);
    // Not revoked, and the sources consulted are known (so "not revoked" means something).
    const node = status(model, caFiles.node);
    assert.deepEqual(node.revocations, []);
    assert.deepEqual(node.revocationSources.map((x) => x.kind).sort(), ['ca-database', 'crl']);
    assert.equal(crlFreshness(node.revocationSources.find((x) => x.kind === 'crl')!, now, 30), 'dueSoon');
    assert.equal(crlFreshness(node.revocationSources.find((x) => x.kind === 'crl')!, now + 40 * 86_400_000, 30), 'lapsed');
  });

  it('describes the chain without a trust decision: issuer, file, anchor in this workspace', () => {
    const s = status(model, caFiles.node);
    assert.equal(s.complete, true);
    assert.deepEqual(s.chain.map((l) => l.label), ['node', 'Cluster CA']);
    assert.equal(relative(ca.dir, s.chain[1]!.path), caFiles.ca);
    assert.equal(s.id !== undefined, true);
  });

  it('shows the deployed file first and the newcerts/ copy as a second location of the same row', () => {
    const tree = model.tree(options());
    const row = certNodes(tree).find((n) => n.sha256 === ca.fingerprint(caFiles.clientRoot))!;
    assert.equal(relative(ca.dir, row.location.path), caFiles.clientRoot);
    assert.deepEqual(row.locations.map((l) => relative(ca.dir, l.path)), [caFiles.clientRoot, 'demoCA/newcerts/1000.pem']);
    assert.ok(row.status.includes('revoked'));
    assert.match(row.description, /^revoked \d{4}-\d\d-\d\d · /);
    assert.match(row.tooltip, /Revoked on .* \(keyCompromise\) per the CRL ca\.crl/);
    assert.match(row.tooltip, /Also in: .*newcerts\/1000\.pem \(the CA's archive copy\)/);
    // One row per certificate: 7 certificates, not 13 (6 archive copies).
    assert.equal(certNodes(tree).length, 7);
  });

  it('labels certificates that share a CN by file', () => {
    const labels = certNodes(model.tree(options())).map((n) => n.label).sort();
    assert.deepEqual(labels, ['Cluster CA', 'dm · dm-client/dm.pem', 'dm · dm-master/dm.pem', 'dm · dm-worker/dm.pem', 'node · node.crt', 'node · node2.crt', 'root']);
  });

  it('finds the database without deployed copies (newcerts/ only) and without newcerts (CA certificate by layout)', () => {
    const archiveOnly = new PkiWorkspace(nodePkiCrypto);
    load(archiveOnly, (rel) => rel.startsWith('certs/') || rel.startsWith('crl/'));
    const row = certNodes(archiveOnly.tree(options())).find((n) => n.sha256 === ca.fingerprint(caFiles.clientRoot))!;
    assert.equal(relative(ca.dir, row.location.path), 'demoCA/newcerts/1000.pem');
    assert.ok(row.status.includes('revoked'));
    const noArchive = new PkiWorkspace(nodePkiCrypto);
    load(noArchive, (rel) => rel.includes('newcerts') || rel.startsWith('crl/'));
    assert.deepEqual(status(noArchive, caFiles.node2).revocations.map((r) => r.source.kind), ['ca-database']);
    assert.deepEqual(status(noArchive, caFiles.node).revocations, []);
  });

  it('drops the database when index.txt changes to something that is not one', () => {
    const m = new PkiWorkspace(nodePkiCrypto);
    load(m, (rel) => rel.startsWith('crl/'));
    assert.equal(status(m, caFiles.node2).revocations.length, 1);
    m.setFile(ca.path(caFiles.db), 's2', new TextEncoder().encode('a list of things to do\n'), 'text');
    assert.equal(status(m, caFiles.node2).revocations.length, 0);
  });
});

describe('revocation index', () => {
  it('keys by issuer key and serial, CRLs before databases', () => {
    const idx = new RevocationIndex();
    idx.addCrl('k1', { kind: 'crl', path: '/w/ca.crl' }, [{ serial: 'ab', date: 1000 }]);
    const db = CaDatabaseFile.read('/w/demoCA/index.txt', 'R\t271206040259Z\t261206040259Z,superseded\tAB\tunknown\t/CN=x\nV\t271206040259Z\t\tAC\tunknown\t/CN=y\n')!;
    idx.addDatabase('k1', db);
    assert.deepEqual(idx.lookup('k1', 'ab').map((r) => r.source.kind), ['crl', 'ca-database']);
    assert.equal(idx.lookup('k1', 'ab')[1]!.reason, 'superseded');
    // The database is read in OpenSSL's serial form (upper case, no leading zero bytes), whatever the lookup's form.
    assert.deepEqual(idx.lookup('k1', '00ab').map((r) => r.source.kind), ['ca-database']);
    assert.deepEqual(idx.lookup('k2', 'ab'), []);
    assert.deepEqual(idx.lookup('k1', 'ac'), []);
    assert.deepEqual(idx.lookup(undefined, 'ab'), []);
    assert.equal(serialKey('0x'.slice(2) + '000102'), '0102');
  });

  it('does not take an unrelated index.txt for a CA database', () => {
    assert.equal(CaDatabaseFile.read('/w/index.txt', 'Chapter 1 .......... 3\n'), undefined);
    assert.equal(CaDatabaseFile.read('/w/index.txt', '')?.revokedEntry('01'), undefined, 'an empty database (a new CA) lists nothing');
  });
});

describe('certificate naming', () => {
  it('names by CN, then first SAN, then subject, then serial', () => {
    assert.equal(certificateName({ commonName: 'dm', subject: 'CN=dm' }), 'dm');
    assert.equal(certificateName({ subject: 'O=x', firstSan: 'DNS:db.example' }), 'db.example');
    assert.equal(certificateName({ subject: 'O=x' }), 'O=x');
    assert.equal(certificateName({ subject: '', serial: '01' }), 'serial 01');
  });

  it('adds the shortest distinguishing path, and the fingerprint where the path does not tell', () => {
    const labels = distinctLabels([
      { key: 1, name: 'dm', path: '/w/a/master/dm.pem', sha256: 'aa' },
      { key: 2, name: 'dm', path: '/w/b/worker/dm.pem', sha256: 'bb' },
      { key: 3, name: 'ca', path: '/w/ca.pem', sha256: 'cc' },
      { key: 4, name: 'x', path: '/w/bundle.pem', sha256: '11223344556677' },
      { key: 5, name: 'x', path: '/w/bundle.pem', sha256: '99887766554433' },
    ]);
    assert.deepEqual([...labels.values()], ['dm · master/dm.pem', 'dm · worker/dm.pem', 'ca', 'x · bundle.pem · 11223344…', 'x · bundle.pem · 99887766…']);
  });
});
