/**
 * The certificate editor's model over a PKI made by the real openssl CLI: the
 * status banner follows the clock and the workspace's CRLs (valid, expiring,
 * expired, revoked, stale CRL), the chain runs leaf → intermediate → root with
 * each file, bundles give one card per object, a PKCS#12 is locked, and a file
 * outside the workspace says its chain is unknown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { editorModel, formatUtc, type EditorModel, type WorkspaceFacts } from '../../../server/src/core/pki/editorModel';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { decodedView } from '../../../server/src/node/decodedView';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { makeTestPki, type TestPki } from './openssl';

const dayMs = 86_400_000;
const files = ['root.crt', 'root.key', 'inter.crt', 'inter.key', 'server.crt', 'server.key', 'revoked.crt', 'inter.crl', 'chain.p7b', 'root.der', 'node.p12', 'server.csr'];

describe('certificate editor model', () => {
  let pki: TestPki;
  let model: PkiWorkspace;
  before(() => {
    pki = makeTestPki();
    model = new PkiWorkspace(nodePkiCrypto);
    for (const f of files) model.setFile(pki.path(f), 's1', pki.read(f));
  });
  after(() => pki.cleanup());

  function facts(now: number): WorkspaceFacts {
    const options = { now, expiryWarningDays: 30 };
    const bySha = new Map<string, PkiNode>();
    const walk = (nodes: readonly PkiNode[]): void => {
      for (const n of nodes) {
        if (n.sha256) bySha.set(n.sha256, n);
        walk(n.children);
      }
    };
    walk(model.tree(options).roots);
    return { node: (s) => bySha.get(s), chain: (id) => model.verifyChain(id, options) };
  }

  function open(name: string, now = Date.now(), inWorkspace = true): EditorModel {
    const r = decodedView(pki.path(name), pki.read(name));
    const none: WorkspaceFacts = { node: () => undefined, chain: () => undefined };
    return editorModel(r, inWorkspace ? facts(now) : none, { now: new Date(now), expiryWarningDays: 30 });
  }

  it('a current leaf: valid, its names and usages, the chain to the root with files, copyable fingerprints', () => {
    const m = open('server.crt');
    assert.equal(m.cards.length, 1);
    const c = m.cards[0]!;
    assert.equal(c.kind, 'certificate');
    assert.equal(c.banner?.level, 'valid');
    assert.equal(c.subheading, 'Server certificate');
    assert.deepEqual(c.chain.map((l) => [l.label, l.path?.replace(/^.*\//, ''), l.current]), [
      ['db.example.test', 'server.crt', true],
      ['Test Intermediate CA', 'inter.crt', false],
      ['Test Root CA', 'root.crt', false],
    ]);
    const rows = c.sections.flatMap((s) => s.rows);
    assert.ok(rows.some((r) => r.label === 'DNS' && r.value === 'db.example.test'), JSON.stringify(rows));
    const sha = rows.find((r) => r.label === 'SHA-256');
    assert.match(sha?.value ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(sha?.copy, true);
    assert.ok(rows.some((r) => r.label === 'Private key' && /server\.key$/.test(r.value)), 'the matching key is named');
    assert.match(m.raw, /Subject: CN ?= ?db\.example\.test/);
  });

  it('the banner follows the clock: expiring inside the warning window, expired after notAfter', () => {
    const base = open('server.crt');
    const notAfter = Date.parse(base.cards[0]!.sections.find((s) => s.title === 'Validity')!.rows[1]!.value.slice(0, 16).replace(' ', 'T') + ':00Z');
    assert.equal(open('server.crt', notAfter - 10 * dayMs).cards[0]!.banner?.level, 'expiring');
    assert.equal(open('server.crt', notAfter + 2 * dayMs).cards[0]!.banner?.level, 'expired');
  });

  it('a certificate listed in its issuer\'s CRL is revoked', () => {
    assert.equal(open('revoked.crt').cards[0]!.banner?.level, 'revoked');
    // The same bytes outside the workspace: no CRL to consult, so only the dates speak.
    assert.equal(open('revoked.crt', Date.now(), false).cards[0]!.banner?.level, 'valid');
    assert.match(open('revoked.crt', Date.now(), false).cards[0]!.chainNote ?? '', /not among the workspace/);
  });

  it('a CRL: current, then stale after its nextUpdate; its entries counted', () => {
    const crl = open('inter.crl').cards[0]!;
    assert.equal(crl.kind, 'crl');
    assert.equal(crl.banner?.level, 'valid');
    assert.ok(crl.sections.some((s) => s.title === 'Revoked certificates (1)'));
    assert.equal(open('inter.crl', Date.now() + 60 * dayMs).cards[0]!.banner?.level, 'stale');
  });

  it('bundles give one card per object; DER roots are root CAs; PKCS#12 is locked; CSRs are requests', () => {
    assert.deepEqual(open('chain.p7b').cards.map((c) => c.kind), ['certificate', 'certificate']);
    const root = open('root.der');
    assert.equal(root.format, 'der');
    assert.equal(root.cards[0]!.subheading, 'Root CA');
    const p12 = open('node.p12');
    assert.equal(p12.format, 'pkcs12');
    assert.ok(p12.locked, 'a PKCS#12 with encrypted parts asks for a password');
    assert.equal(open('server.csr').cards[0]!.kind, 'csr');
    assert.doesNotMatch(JSON.stringify(open('root.key')), /PRIVATE KEY-----|BEGIN/, 'never key material');
  });

  it('one date format', () => {
    assert.equal(formatUtc('2026-12-05T23:46:29.000Z'), '2026-12-05 23:46 UTC');
  });
});
