/**
 * The Certificates view's rows on the wire (server/src/core/pki/rowWire.ts): every row of a PKI
 * made by the real openssl CLI (certificates, keys, CSRs, CRLs, PKCS#7, PKCS#12, a key that
 * matches nothing) comes back from its wire form exactly as it left, in fewer bytes; and so does
 * any row (property), including ids that are not a certificate's hash.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { rowsPage } from '../../../server/src/core/pki/rows';
import type { PkiRow, PkiTree } from '../../../server/src/core/pki/types';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { decodeRow, encodeRow } from '../../../server/src/core/pki/rowWire';
import { makeTestPki, type TestPki } from './openssl';

function allRows(tree: PkiTree): PkiRow[] {
  const out: PkiRow[] = [];
  const visit = (parent: string | undefined): void => {
    for (const row of rowsPage(tree, parent, 0, 10_000)!.rows) {
      out.push(row);
      if (row.children) visit(row.id);
    }
  };
  visit(undefined);
  return out;
}

describe('rows on the wire', () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => pki.cleanup());

  it('every row of a real PKI comes back as it left, in fewer bytes', () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    for (const f of readdirSync(pki.dir)) model.setFile(pki.path(f), 's1', pki.read(f));
    const rows = allRows(model.tree({ now: Date.now(), expiryWarningDays: 30 }));
    assert.ok(rows.some((r) => !r.kind) && rows.some((r) => r.kind === 'key') && rows.some((r) => r.kind === 'crl'), rows.map((r) => r.kind ?? 'certificate').join(','));
    let plain = 0;
    let wire = 0;
    for (const row of rows) {
      const w = encodeRow(row);
      assert.deepEqual(decodeRow(JSON.parse(JSON.stringify(w))), row);
      assert.ok(JSON.stringify(w).length < JSON.stringify(row).length);
      if (row.kind) continue;
      assert.equal(w.i.length, 44, "a certificate's id is its SHA-256 in base64");
      plain += JSON.stringify(row).length;
      wire += JSON.stringify(w).length;
    }
    // Keys and CSRs are named by their paths; certificates, most rows, shrink by a third.
    assert.ok(wire < plain * 0.75, `${wire} bytes on the wire for ${plain} bytes of certificate rows`);
  });

  it('any row comes back as it left (property)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    const id = fc.oneof(hex.map((h) => `cert:${h}`), fc.string(), hex.map((h) => `crl:${h}`), fc.string().map((p) => `key:${p}#0`));
    const count = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined });
    const row = fc
      .record({
        id,
        kind: fc.option(fc.constantFrom('key', 'crl', 'csr', 'pkcs12', 'error') as fc.Arbitrary<NonNullable<PkiRow['kind']>>, { nil: undefined }),
        label: fc.string(),
        description: fc.string(),
        role: fc.option(fc.constantFrom('ca', 'intermediate', 'server', 'client', 'node', 'other') as fc.Arbitrary<NonNullable<PkiRow['role']>>, { nil: undefined }),
        status: fc.option(fc.uniqueArray(fc.constantFrom('expired', 'revoked', 'expiringSoon', 'untrusted') as fc.Arbitrary<NonNullable<PkiRow['status']>[number]>, { minLength: 1 }), { nil: undefined }),
        children: count,
        certificates: count,
        crls: count,
        files: count,
      })
      // A row carries no absent fields (rows.ts leaves them out).
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PkiRow);
    fc.assert(fc.property(row, (r) => assert.deepEqual(decodeRow(JSON.parse(JSON.stringify(encodeRow(r)))), r)));
  });
});
