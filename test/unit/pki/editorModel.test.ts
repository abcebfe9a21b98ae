/**
 * The certificate editor's model over a PKI made by the real openssl CLI: the
 * status banner follows the clock and the workspace's CRLs (valid, expiring,
 * expired, revoked, stale CRL), the chain runs leaf → intermediate → root with
 * each file, bundles give one card per object, a PKCS#12 is locked, and a file
 * outside the workspace says its chain is unknown. Every word of the model is
 * Chinese for a zh-cn client, and the certificate's own data is not touched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { editorModel, formatUtc, type EditorModel, type WorkspaceFacts } from '../../../server/src/core/pki/editorModel';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { decodedView } from '../../../server/src/node/decodedView';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { makeTestPki, type TestPki } from './openssl';
import { localiseAnswer } from '../../../server/src/l10n';
import { localiserFor } from '../../../server/src/l10nCatalogue';

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

  it('in Simplified Chinese: every label, title, banner, badge and note is translated; names, serials and fingerprints stay as they are', () => {
    const zh = localiserFor('zh-cn');
    const chinese = /[\u4e00-\u9fff]/;
    const now = Date.now();
    const notAfter = Date.parse(open('server.crt').cards[0]!.sections.find((s) => s.title === 'Validity')!.rows[1]!.value.slice(0, 16).replace(' ', 'T') + ':00Z');
    // Each banner level, each kind of card, a chain that verifies, one with a revoked certificate, and one outside the workspace.
    const models = [open('server.crt'), open('server.crt', notAfter - 10 * dayMs), open('server.crt', notAfter + 2 * dayMs), open('revoked.crt'), open('revoked.crt', now, false), open('inter.crl'), open('inter.crl', now + 60 * dayMs), open('chain.p7b'), open('root.der'), open('node.p12'), open('server.csr'), open('root.key')];
    const english: string[] = [];
    for (const m of models) {
      const z = localiseAnswer(m, zh);
      assert.equal(z.raw, m.raw, 'the openssl-like text stays as OpenSSL prints it');
      z.cards.forEach((c, k) => {
        const en = m.cards[k]!;
        const words = [c.subheading, c.banner?.title, c.banner?.detail, c.chainNote, ...c.badges, ...c.sections.map((s) => s.title)];
        c.sections.forEach((s, i) =>
          s.rows.forEach((r, j) => {
            const e = en.sections[i]!.rows[j]!;
            if (e.verbatim) assert.deepEqual(r, e, 'rows of the certificate\'s own data are not translated');
            if (e.copy) assert.equal(r.value, e.value, 'serials, key ids and fingerprints are copied as they are');
            if (!e.verbatim && !/^SHA-(1|256)$/.test(r.label)) words.push(r.label);
          }),
        );
        for (const w of words) if (w !== undefined && !chinese.test(w)) english.push(w);
        assert.deepEqual(c.chain.map((l) => [l.label, l.path]), en.chain.map((l) => [l.label, l.path]), 'the chain links the same files');
      });
    }
    assert.deepEqual(english, []);
    const server = localiseAnswer(open('server.crt'), zh).cards[0]!;
    assert.equal(server.subheading, '服务器证书');
    assert.equal(server.banner?.title, '有效');
    assert.match(server.banner?.detail ?? '', /^有效期至 \d{4}-\d\d-\d\d \d\d:\d\d UTC（\d+ 天后）。$/);
    assert.ok(server.sections.flatMap((s) => s.rows).some((r) => r.label === 'DNS' && r.value === 'db.example.test'));
    assert.match(server.chainNote ?? '', /^db\.example\.test 由 Test Intermediate CA 签发，签名已验证; .*Test Root CA 是自签名证书，且在此工作区中（root\.crt）。$/);
    const revoked = localiseAnswer(open('revoked.crt'), zh).cards[0]!;
    assert.equal(revoked.banner?.title, '已吊销');
    assert.match(revoked.banner?.detail ?? '', /^已于 \d{4}-\d\d-\d\d.* 根据 CRL 文件 inter\.crl 吊销$/);
    assert.deepEqual(localiseAnswer(open('server.crt'), localiserFor(undefined)), open('server.crt'), 'without a locale the model is the English one');
  });
});
