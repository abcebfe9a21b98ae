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
import { RevokedList } from '../../../server/src/core/pki/revokedList';
import { certificateName, distinctLabels } from '../../../server/src/core/pki/naming';
import { revocationText } from '../../../server/src/core/pki/tree';
import { certNodes } from './treeNodes';
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

  it('indexes a large database in steps between event-loop turns, with the revocations of a one-piece read', async () => {
    // 20,000 entries of other serials before OpenSSL's own lines: the revoked ones come in late steps.
    const padding = Array.from({ length: 20_000 }, (_, i) => `V\t301231235959Z\t\t${(0x700000 + i).toString(16).toUpperCase()}\tunknown\t/CN=pad${i}\n`).join('');
    const big = new TextEncoder().encode(padding + ca.read(caFiles.db).toString('utf8'));
    const sliced = new PkiWorkspace(nodePkiCrypto);
    load(sliced);
    sliced.setFile(ca.path(caFiles.db), 's2', big, 'text');
    const steps: number[] = [];
    const index = await sliced.buildAsync(options(), async () => void steps.push(performance.now()));
    assert.ok(steps.length > 20, `the database was indexed in ${steps.length} steps`);
    const whole = new PkiWorkspace(nodePkiCrypto);
    load(whole);
    whole.setFile(ca.path(caFiles.db), 's2', big, 'text');
    assert.deepEqual(JSON.parse(JSON.stringify(index.tree)), JSON.parse(JSON.stringify(whole.build(options()).tree)));
    const n2 = index.statusOf(parseCertificate(der(ca, caFiles.node2), nodePkiCrypto));
    assert.deepEqual(n2.revocations.map((r) => r.source.kind), ['ca-database']);
  });

  it('leaves a database no certificate of the workspace needs unindexed', async () => {
    const padding = Array.from({ length: 20_000 }, (_, i) => `V\t301231235959Z\t\t${(0x700000 + i).toString(16).toUpperCase()}\tunknown\t/CN=pad${i}\n`).join('');
    const m = new PkiWorkspace(nodePkiCrypto);
    // The CA alone: nothing it issued is in this workspace.
    load(m, (rel) => rel !== caFiles.ca);
    m.setFile(ca.path(caFiles.db), 's2', new TextEncoder().encode(padding + ca.read(caFiles.db).toString('utf8')), 'text');
    let ticks = 0;
    await m.buildAsync(options(), async () => void ticks++);
    // Indexing it takes dozens of steps (the test above); grouping this workspace and checking the CA's self-signature, a few.
    assert.ok(ticks < 5, `the 20,000-line database is not read (${ticks} steps)`);
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
    idx.addCrl('k1', { kind: 'crl', path: '/w/ca.crl' }, RevokedList.from([{ serial: 'ab', date: 1000 }]));
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

  it('indexes a database in steps with the result of a one-piece read, and lists nothing when any line is malformed', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i % 3 ? 'V' : 'R'}\t301231235959Z\t${i % 3 ? '' : '240101000000Z,keyCompromise'}\t${(0x1000 + i).toString(16).toUpperCase()}\tunknown\t/CN=l${i}`);
    const db = CaDatabaseFile.read('/w/index.txt', lines.join('\n') + '\n')!;
    const steps = db.loadSteps();
    let n = 0;
    while (!steps.next().done) n++;
    assert.ok(n > 3 && db.loaded, `${n} steps`);
    for (let i = 0; i < 3000; i++) assert.equal(db.revokedEntry((0x1000 + i).toString(16).toUpperCase())?.reason, i % 3 ? undefined : 'keyCompromise');
    const broken = CaDatabaseFile.read('/w/index.txt', [...lines.slice(0, 2900), 'not\ta line', ...lines.slice(2900)].join('\n'))!;
    assert.equal(broken.revokedEntry('1000'), undefined, 'a malformed line late in the file: nothing is listed, as OpenSSL refuses the file');
  });

  it('looks a large CRL up by binary search with the answers of a walk over its entries', () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ serial: (0x5000 + (i % 9_000)).toString(16), date: 1_000 + i, ...(i % 7 ? { reason: 'superseded' } : {}) }));
    const idx = new RevocationIndex();
    idx.addCrl('k', { kind: 'crl', path: '/w/big.crl' }, RevokedList.from(entries));
    const serials = ['5000', '5001', '5007', '7327', 'ffff', '0', '500', '50000'];
    const found = idx.lookupMany('k', new Map(serials.map((s) => [s, [s]])));
    for (const s of serials) {
      const walked = entries.filter((e) => e.serial === s).map((e) => ({ date: e.date, source: { kind: 'crl', path: '/w/big.crl' }, ...(e.reason ? { reason: e.reason } : {}) }));
      assert.deepEqual(found.get(s) ?? [], walked, s);
    }
    // Serials listed twice (entries i and i + 9,000) give both entries, in the CRL's order.
    assert.deepEqual(found.get('5001')!.map((r) => [r.date, r.reason]), [[1_001, 'superseded'], [10_001, 'superseded']]);
    assert.deepEqual(found.get('5000')!.map((r) => [r.date, r.reason]), [[1_000, undefined], [10_000, 'superseded']]);
    assert.equal(found.has('ffff'), false);
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

  it('labels a name shared by 300,000 certificates (a generated workspace) without running out of stack', () => {
    const items = Array.from({ length: 300_000 }, (_, i) => ({ key: i, name: 'node', path: `/w/n${i}/node.pem`, sha256: i.toString(16) }));
    const labels = distinctLabels(items);
    assert.equal(labels.size, items.length);
    assert.equal(labels.get(299_999), 'node · n299999/node.pem');
  });
});
