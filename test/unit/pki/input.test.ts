/**
 * Bad input never throws or hangs: garbage and mutated DER, truncated PEM,
 * binary noise, PKCS#12 with cut-off bytes. Plus the workspace scanner's
 * limits (size cap, excluded folders, embedded PEM in YAML, unchanged files).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync, copyFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeFileBytes } from '../../../server/src/core/pki/files';
import { isPkcs12, listPkcs12, decryptPkcs12 } from '../../../server/src/core/pki/pkcs12';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { scanWorkspace, updateFile } from '../../../server/src/node/workspaceScanner';
import { makeTestPki, p12Password, type TestPki } from './openssl';

describe('bad input', () => {
  let pki: TestPki;
  before(() => (pki = makeTestPki()));
  after(() => pki.cleanup());

  it('turns garbage into error items with a message', () => {
    for (const [name, data] of [
      ['empty.der', new Uint8Array(0)],
      ['zeros.der', new Uint8Array(64)],
      ['text.crt', new TextEncoder().encode('hello, not a certificate\n')],
      ['seq.der', new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])],
    ] as const) {
      const items = decodeFileBytes(`/x/${name}`, data, nodePkiCrypto);
      assert.ok(items.every((i) => i.kind === 'error'), name);
      if (items[0]?.kind === 'error') assert.ok(items[0].message.length > 5);
    }
  });

  it('reports a truncated and a broken PEM block by position', () => {
    const pem = pki.read('server.crt').toString();
    const truncated = pem.slice(0, 300);
    const items = decodeFileBytes('/x/t.pem', new TextEncoder().encode(`${pem}${truncated}`), nodePkiCrypto);
    assert.equal(items[0]?.kind, 'certificate');
    assert.equal(items[1]?.kind, 'error');
    const broken = pem.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!!!!!!!!!');
    const b = decodeFileBytes('/x/b.pem', new TextEncoder().encode(broken), nodePkiCrypto);
    assert.equal(b[0]?.kind, 'error');
    assert.match(b[0]!.kind === 'error' ? b[0].message : '', /base64/i);
  });

  it('survives random and mutated DER (property test)', () => {
    const der = new Uint8Array(pki.read('root.der'));
    const p12 = new Uint8Array(pki.read('node.p12'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        decodeFileBytes('/x/r.der', bytes, nodePkiCrypto);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(der.length), (at, value, cut) => {
        const m = der.slice(0, Math.max(cut, at + 1));
        m[at] = value;
        const items = decodeFileBytes('/x/m.der', m, nodePkiCrypto);
        assert.ok(items.length >= 1);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.nat(p12.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const m = p12.slice();
        m[at] = value;
        decodeFileBytes('/x/m.p12', m, nodePkiCrypto);
        if (isPkcs12(m)) {
          try {
            listPkcs12(m);
            decryptPkcs12(m, p12Password, nodePkiCrypto);
          } catch (err) {
            assert.ok(err instanceof Error && err.message.length > 0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never exposes private key material in items', () => {
    const items = decodeFileBytes(pki.path('server.key'), pki.read('server.key'), nodePkiCrypto);
    const json = JSON.stringify(items, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
    const body = pki.read('server.key').toString().split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    assert.ok(!json.includes(body.slice(20, 60)));
  });
});

describe('workspace scanner', () => {
  let pki: TestPki;
  let dir: string;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'certwright-scan-'));
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(dir, 'certs'));
    copyFileSync(pki.path('root.crt'), join(dir, 'certs', 'ca.crt'));
    copyFileSync(pki.path('server.crt'), join(dir, 'node_modules', 'pkg', 'server.crt'));
    const indented = pki.read('inter.crt').toString().split('\n').map((l) => `      ${l}`).join('\n');
    writeFileSync(join(dir, 'dm.yaml'), `security:\n  ssl-ca-bytes: |\n${indented}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'no pem here\n');
    writeFileSync(join(dir, 'huge.pem'), '');
    truncateSync(join(dir, 'huge.pem'), 11 * 1024 * 1024);
  });
  after(() => {
    pki.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds certificates and embedded PEM, skips node_modules, and reports too-large files', async () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    const stats = await scanWorkspace(model, [dir]);
    assert.equal(stats.tooLarge, 1);
    const tree = model.tree({ now: Date.now() + 60_000, expiryWarningDays: 30 });
    assert.deepEqual(tree.tooLarge.map((t) => t.path), [join(dir, 'huge.pem')]);
    assert.equal(tree.counts.certificates, 2);
    const root = tree.roots.find((n) => n.kind === 'certificate')!;
    assert.equal(root.children[0]?.location.path, join(dir, 'dm.yaml'));
    assert.ok(!JSON.stringify(tree).includes('node_modules'));
  });

  it('re-reads only changed files on a rescan, and drops deleted ones', async () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(model, [dir]);
    const again = await scanWorkspace(model, [dir]);
    assert.equal(again.read, 0);
    assert.equal(again.unchanged, again.candidates - again.tooLarge);
    const later = new Date(Date.now() + 5000);
    writeFileSync(join(dir, 'certs', 'ca.crt'), readFileSync(pki.path('evil-root.crt')));
    utimesSync(join(dir, 'certs', 'ca.crt'), later, later);
    rmSync(join(dir, 'dm.yaml'));
    const third = await scanWorkspace(model, [dir]);
    assert.equal(third.read, 1);
    assert.equal(third.removed, 1);
    assert.equal(await updateFile(model, join(dir, 'missing.pem')), 'skipped');
  });
});

describe('an ordinary repository (issue #11 point 1)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'certwright-plain-'));
    mkdirSync(join(dir, 'ca'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "app", "version": "1.0.0" }\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
    writeFileSync(join(dir, 'task.yaml'), 'name: test\ntask-mode: all\n');
    writeFileSync(join(dir, 'dm-master.toml'), 'name = "dm-master"\n[security]\nssl-ca = "ca.pem"\n');
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'ca', 'index.txt'), 'V\t301231000000Z\t\t01\tunknown\t/CN=node\n');
    writeFileSync(join(dir, 'ca', 'serial.txt'), '02\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has no rows: text files without PEM are not PKI items', async () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    const stats = await scanWorkspace(model, [dir]);
    assert.equal(stats.candidates, 7);
    const tree = model.tree({ now: Date.now(), expiryWarningDays: 30 });
    assert.deepEqual(tree.roots, []);
    assert.equal(tree.counts.errors, 0);
  });

  it('a PKI-named text file without PEM is an error that says so, not "malformed DER"', () => {
    const [item] = decodeFileBytes('/x/notes.pem', new TextEncoder().encode('see ../certs\n'), nodePkiCrypto);
    assert.equal(item?.kind, 'error');
    assert.match(item?.kind === 'error' ? item.message : '', /text file without a PEM block/);
  });
});
