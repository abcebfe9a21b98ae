/**
 * Packed revoked entries (core/pki/revokedList) answer what the plain list of entries
 * answers (fast-check: entries, order, lookups by serial, after a structured clone as
 * between the worker and the server); a workspace whose 20,000-entry CRL and
 * 20,000-line index.txt are decoded in the worker marks the same certificates revoked as
 * one decoded inline; a CRL's fields stay bounded and its entries come in pages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RevokedList } from '../../../server/src/core/pki/revokedList';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { CaDatabaseFile } from '../../../server/src/core/pki/revocation';
import { revokedFieldSerials, revokedPage } from '../../../server/src/core/pki/tree';
import { findPemBlocks } from '../../../server/src/core/pem';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { runDecodeJob } from '../../../server/src/node/offThread';
import { unpackFile } from '../../../server/src/node/itemTransfer';
import { candidateKind, defaultScanOptions, scanWorkspace } from '../../../server/src/node/workspaceScanner';
import { makeBigCrl } from '../../support/bigCrl';

interface Entry {
  serial: string;
  date: number;
  reason?: string;
}

// Few distinct serials (so duplicates occur), any UTF-16 (so the search's order is JavaScript's).
const serial = fc.oneof(fc.stringMatching(/^[0-9a-f]{0,3}$/), fc.string({ maxLength: 4, unit: 'binary' }));
const entry = fc.record({ serial, date: fc.integer({ min: -8.64e15, max: 8.64e15 }), reason: fc.option(fc.constantFrom('keyCompromise', 'superseded', 'reason 77'), { nil: undefined }) }).map(({ reason, ...e }): Entry => (reason === undefined ? e : { ...e, reason }));

function answersLike(list: RevokedList, entries: readonly Entry[], queries: readonly string[]): void {
  assert.equal(list.length, entries.length);
  assert.deepEqual([...list], entries);
  entries.forEach((e, i) => assert.equal(list.serialAt(i), e.serial));
  assert.deepEqual(list.slice(1, 3), entries.slice(1, 3));
  for (const q of [...entries.map((e) => e.serial), ...queries]) {
    const walked = entries.flatMap((e, i) => (e.serial === q ? [i] : []));
    assert.deepEqual(list.positionsOf(q), walked, JSON.stringify(q));
  }
}

describe('packed revoked entries', () => {
  it('answer as the list of entries does: entries in order, every position of a serial', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.array(serial, { maxLength: 5 }), (entries, queries) => {
        answersLike(RevokedList.from(entries), entries, queries);
      }),
      { numRuns: 400 },
    );
  });

  it('answer the same after a structured clone (what the worker posts), and refuse parts that disagree', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.array(serial, { maxLength: 5 }), (entries, queries) => {
        answersLike(RevokedList.of(structuredClone(RevokedList.from(entries).data)), entries, queries);
      }),
      { numRuns: 200 },
    );
    const { data } = RevokedList.from([{ serial: 'ab', date: 1 }]);
    assert.throws(() => RevokedList.of({ ...data, serials: 'abc' }), /inconsistent/);
    assert.throws(() => RevokedList.of({ ...data, order: new Uint32Array(0) }), /inconsistent/);
  });

  it('pages a CRL in the form of its fields', () => {
    const list = RevokedList.from(Array.from({ length: 120 }, (_, i) => ({ serial: (0x1000 + i).toString(16), date: Date.UTC(2024, 0, 1), ...(i % 2 ? { reason: 'keyCompromise' } : {}) })));
    assert.deepEqual(revokedPage(list, 119, 10), [{ serial: '10:77', date: '2024-01-01 00:00 UTC', reason: 'keyCompromise' }]);
    assert.equal(revokedPage(list, 0, 1000).length, 120);
    assert.deepEqual(revokedPage(list, 500, 10), []);
  });
});

describe('a workspace with a 20,000-entry CRL and a 20,000-line index.txt', () => {
  let dir: string;
  let crlPath: string;
  const now = Date.now();
  const options = { now, expiryWarningDays: 30 };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-packed-'));
    crlPath = makeBigCrl(dir, 20_000);
    const o = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    // Two leaves of that CA: one revoked in the CRL and the database, one not listed.
    for (const [name, serialHex] of [['revoked', '0x104e1f'], ['kept', '0x300000']] as const) {
      o('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name} leaf`);
      o('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serialHex, '-days', '30', '-out', `${name}.crt`);
      rmSync(join(dir, `${name}.csr`));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const leaf = (name: string) => parseCertificate(findPemBlocks(readFileSync(join(dir, `${name}.crt`), 'latin1'))[0]!.der!, nodePkiCrypto);

  it('marks the same certificates revoked when both files are decoded in the worker as when decoded inline', async () => {
    assert.ok(statSync(crlPath).size > defaultScanOptions.offThreadBytes && statSync(join(dir, 'index.txt')).size > defaultScanOptions.offThreadBytes, 'both files take the worker path');
    const scanned = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(scanned, [dir]);
    const inline = new PkiWorkspace(nodePkiCrypto);
    for (const name of readdirSync(dir)) {
      const kind = candidateKind(name);
      if (kind) inline.setFile(join(dir, name), 's', new Uint8Array(readFileSync(join(dir, name))), kind);
    }
    const built = await scanned.buildAsync(options, async () => undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(built.tree)), JSON.parse(JSON.stringify(inline.build(options).tree)));
    const revoked = built.statusOf(leaf('revoked'));
    assert.deepEqual(revoked.revocations.map((r) => [r.source.kind, r.reason, r.date]), [
      ['crl', 'keyCompromise', Date.UTC(2024, 0, 1)],
      ['ca-database', 'keyCompromise', Date.UTC(2024, 0, 1)],
    ]);
    const kept = built.statusOf(leaf('kept'));
    assert.deepEqual(kept.revocations, []);
    assert.deepEqual(kept.revocationSources.map((s) => s.kind).sort(), ['ca-database', 'crl']);
    const row = built.tree.roots.flatMap((r) => r.children).find((n) => n.label === 'revoked leaf');
    assert.ok(row?.status.includes('revoked'), JSON.stringify(row?.status));
    assert.match(row!.description, /^revoked 2024-01-01 · /);
  });

  it('reads the CA database in the worker with the entries of the inline reader', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'index.txt')));
    const r = await runDecodeJob({ kind: 'items', path: join(dir, 'index.txt'), data: bytes, fileKind: 'text' });
    assert.equal(r.kind, 'items');
    if (r.kind !== 'items') return;
    const off = unpackFile(join(dir, 'index.txt'), r.file).database!;
    const inline = CaDatabaseFile.read(join(dir, 'index.txt'), new TextDecoder().decode(bytes))!;
    assert.equal(off.loaded && !inline.loaded, true);
    assert.deepEqual([...off.revokedList()], [...inline.revokedList()]);
    assert.equal(off.revokedList().length, 20_000);
    assert.deepEqual(off.revokedEntry('104E1F'), { serial: '104E1F', date: Date.UTC(2024, 0, 1), reason: 'keyCompromise' });
    assert.equal(off.revokedEntry('300000'), undefined);
    // An index.txt that is not a CA database (a table of contents) gives none, in the worker as inline.
    const toc = await runDecodeJob({ kind: 'items', path: '/w/index.txt', data: new TextEncoder().encode('Chapter 1 .......... 3\n'.repeat(20_000)), fileKind: 'text' });
    assert.equal(toc.kind === 'items' && toc.file.database, undefined);
  });

  it('describes the CRL in bounded size, the rest of its entries in pages', async () => {
    const m = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(m, [dir]);
    const index = await m.buildAsync(options, async () => undefined);
    const [id] = [...index.items].find(([, item]) => item.kind === 'crl')!;
    const fields = m.fields(id, options)!;
    const revoked = fields.find((f) => f.label === 'Revoked')!.value;
    assert.match(revoked, /^10:00:00, 10:00:01, .* … and 19,950 more \(20,000 in all\)$/);
    assert.equal(revoked.split(', ').length, revokedFieldSerials);
    assert.ok(JSON.stringify(fields).length < 6_000, `${JSON.stringify(fields).length} characters of fields`);
    const item = m.item(id, options)!;
    assert.equal(item.kind, 'crl');
    if (item.kind !== 'crl') return;
    const last = revokedPage(item.crl.revoked, 19_990, 1000);
    assert.equal(last.length, 10);
    assert.deepEqual(last.at(-1), { serial: '10:4E:1F', date: '2024-01-01 00:00 UTC', reason: 'keyCompromise' });
  });
});
