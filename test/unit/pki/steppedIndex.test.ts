/**
 * The grouping run in steps (pkiIndexSteps, PkiWorkspace.buildAsync: signature checks in the
 * thread pool, files changing between steps, partial trees on the way) gives exactly the index
 * of one synchronous buildPkiIndex over the final files: random sets of an openssl-made PKI
 * (roots of one name with two keys, an intermediate, leaves, matched and mismatched keys, a CRL,
 * CSRs, PKCS#7/#12 bundles, a chain file, broken files), each file possibly copied to other
 * folders, arriving in random orders.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { buildPkiIndex, verifyChain, type PkiIndex } from '../../../server/src/core/pki/tree';
import { nodeAndAncestors, rowsPage } from '../../../server/src/core/pki/rows';
import { decodeFileBytes } from '../../../server/src/core/pki/files';
import type { ParsedCertificate } from '../../../server/src/core/pki/parse';
import { nodePkiCrypto, nodeVerifier } from '../../../server/src/node/pkiCrypto';
import { decodeVerdicts, encodeVerdicts } from '../../../server/src/core/pki/verdicts';
import { maxVerdicts } from '../../../server/src/node/verdictStore';
import type { PkiCrypto } from '../../../server/src/core/pki/parse';
import { createHash } from 'node:crypto';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { makeTestPki, type TestPki } from './openssl';
import { basicConstraintsCa, issuedBy, newKey, pem, selfSigned, utcTime } from '../../support/derCertificate';

const sha256 = (d: Uint8Array): Uint8Array => createHash('sha256').update(d).digest();

/** nodePkiCrypto counting its signature checks. */
function counting(): { crypto: PkiCrypto; checks: () => number } {
  let n = 0;
  const crypto: PkiCrypto = {
    ...nodePkiCrypto,
    verify: (...args) => (n++, nodePkiCrypto.verify(...args)),
    verifyAsync: (...args) => (n++, nodePkiCrypto.verifyAsync!(...args)),
  };
  return { crypto, checks: () => n };
}

/**
 * Everything a client can see of an index: the tree (rows, groups, statuses, counts), every page,
 * every node's place (describeItem), chains and statuses, and the status of certificates not in the
 * workspace (an unsaved block). The pages and places are read twice: first as the view reads them
 * (PkiIndex.rows and place, which make only the nodes they show), before anything made the tree;
 * then over the whole tree made (rowsPage, nodeAndAncestors): both must agree.
 */
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function visible(index: PkiIndex, now: number, outside: readonly ParsedCertificate[]): unknown {
  const lazy = { pages: [] as unknown[], places: [] as unknown[] };
  const level = (parent?: string): void => {
    const page = index.rows(parent, 0, 1000);
    lazy.pages.push(page, index.rows(parent, 1, 2));
    // An issuer's certificates are listed by name, whatever order their files arrived in.
    const names = page!.rows.filter((r) => !r.kind).map((r) => r.label);
    if (parent !== undefined) for (let i = 1; i < names.length; i++) assert.ok(byName.compare(names[i - 1]!, names[i]!) <= 0, `${names[i - 1]} before ${names[i]}`);
    for (const r of page!.rows) {
      lazy.places.push(index.place(r.id));
      level(r.id);
    }
  };
  level();
  lazy.pages.push(index.rows('cert:no such id', 0, 10));
  lazy.places.push(index.place('cert:no such id'));
  const pages: unknown[] = [];
  const places: unknown[] = [];
  const chains: unknown[] = outside.map((c) => index.statusOf(c));
  const walk = (nodes: readonly PkiNode[], parent?: string): void => {
    pages.push(rowsPage(index.tree, parent, 0, 1000), rowsPage(index.tree, parent, 1, 2));
    for (const n of nodes) {
      places.push(nodeAndAncestors(index.tree, n.id));
      if (n.kind === 'certificate') {
        chains.push(verifyChain(index, n.id, now));
        const item = index.items.get(n.id);
        if (item?.kind === 'certificate') chains.push(index.statusOf(item.cert));
      }
      walk(n.children, n.id);
    }
  };
  walk(index.tree.roots);
  pages.push(rowsPage(index.tree, 'cert:no such id', 0, 10));
  places.push(nodeAndAncestors(index.tree, 'cert:no such id'));
  const seen = JSON.parse(JSON.stringify({ tree: index.tree, pages, places, chains }));
  assert.deepEqual(JSON.parse(JSON.stringify(lazy)), { pages: seen.pages, places: seen.places }, 'pages and places read a row at a time equal those of the whole tree');
  return seen;
}

describe('the PKI index built in steps', () => {
  let pki: TestPki;
  let pool: Array<{ name: string; data: Uint8Array }>;
  let now = 0;
  let certificates: ParsedCertificate[] = [];
  before(() => {
    pki = makeTestPki();
    pool = readdirSync(pki.dir)
      .filter((f) => !/\.(ext|cnf)$/.test(f))
      .map((name) => ({ name, data: new Uint8Array(pki.read(name)) }));
    const pem = pki.read('server.crt').toString('utf8');
    pool.push({ name: 'truncated.pem', data: new TextEncoder().encode(pem.slice(0, pem.length / 2)) });
    pool.push({ name: 'garbage.crt', data: new Uint8Array([0x30, 0x82, 0xff, 0xff, 1, 2, 3]) });
    pool.push({ name: 'empty.key', data: new Uint8Array() });
    const root = decodeFileBytes(pki.path('root.crt'), pki.read('root.crt'), nodePkiCrypto)[0]!;
    certificates = pool.flatMap((p) => decodeFileBytes(p.name, p.data, nodePkiCrypto).flatMap((i) => (i.kind === 'certificate' ? [i.cert] : [])));
    now = (root.kind === 'certificate' ? root.cert.notBefore : Date.now()) + 60_000;
  });
  after(() => pki.cleanup());

  /** A file set: pool entries (by index) placed in folders (copies), in arrival order. */
  const arrivals = fc.array(fc.record({ file: fc.nat(), folder: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 60 });
  /** Gives the workspace each arrival's file of the pool in its folder; the files as they ended, by path. */
  const arrive = (m: PkiWorkspace, files: readonly { file: number; folder: number }[]): Map<string, Uint8Array> => {
    const last = new Map<string, Uint8Array>();
    for (const f of files) {
      const p = pool[f.file % pool.length]!;
      const path = join(pki.dir, `d${f.folder}`, p.name);
      m.setFile(path, 's1', p.data);
      last.set(path, p.data);
    }
    return last;
  };

  it('equals one synchronous build, whatever arrives between the steps', async () => {
    await fc.assert(
      fc.asyncProperty(arrivals, fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 2 }), async (files, interleave, partials) => {
        const options = { now, expiryWarningDays: 30 };
        const placed = files.map((f) => {
          const p = pool[f.file % pool.length]!;
          return { path: join(pki.dir, `d${f.folder}`, p.name), data: p.data };
        });
        const stepped = new PkiWorkspace(nodePkiCrypto);
        let next = 0;
        const add = (): void => {
          const f = placed[next++]!;
          stepped.setFile(f.path, 's1', f.data);
        };
        // Partial trees while files arrive (as the progressive scan publishes), files added between the steps of a build.
        for (let round = 0; round < partials && next < placed.length; round++) {
          add();
          let t = 0;
          await stepped.buildAsync(options, async () => {
            if (interleave[t++ % interleave.length] && next < placed.length) add();
          });
        }
        while (next < placed.length) add();
        const index = await stepped.buildAsync(options, async () => undefined);
        // The reference: one synchronous buildPkiIndex, from scratch, over the files as they ended (a path keeps its first place).
        const last = new Map<string, Uint8Array>();
        for (const f of placed) last.set(f.path, f.data);
        const items = [...last].flatMap(([path, data]) => decodeFileBytes(path, data, nodePkiCrypto));
        assert.deepEqual(visible(index, now, certificates), visible(buildPkiIndex(items, nodePkiCrypto, options, new Map(), [], last.size), now, certificates));
      }),
      { numRuns: 40 },
    );
  });

  it('shares one build between concurrent callers and never keeps an index of files that changed meanwhile', async () => {
    const options = { now, expiryWarningDays: 30 };
    const m = new PkiWorkspace(nodePkiCrypto);
    for (const p of pool) for (let d = 0; d < 8; d++) m.setFile(join(pki.dir, `d${d}`, p.name), 's1', p.data);
    m.build(options);
    // Another copy: a rebuild that needs no signature check, so its first pass is the last unless the files change under it.
    m.setFile(join(pki.dir, 'copy', 'root.crt'), 's1', pki.read('root.crt'));
    let added = false;
    const first = m.buildAsync(options, async () => {
      if (!added) {
        added = true;
        m.setFile(join(pki.dir, 'late', 'server.crt'), 's1', pki.read('server.crt'));
      }
    });
    const second = m.buildAsync(options, async () => undefined);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, b, 'one build for both');
    assert.ok(added, 'the build ran in steps');
    const server = decodeFileBytes('server.crt', pki.read('server.crt'), nodePkiCrypto)[0]!;
    assert.ok(server.kind === 'certificate');
    const status = a.statusOf(server.cert);
    assert.ok(status.locations.some((l) => l.path.includes('/late/')), 'the file added during the build is in the index');
    assert.equal(m.build(options), a, 'kept as the current index');
  });
  it('signature verdicts of an earlier session (stale, foreign, corrupt or of another verifier) give the index a fresh build gives, on any workspace', async () => {
    // The earlier session: every file of the pool, and the verdicts it would keep.
    const options = { now, expiryWarningDays: 30 };
    const all = counting();
    const earlier = new PkiWorkspace(all.crypto);
    for (const p of pool) earlier.setFile(join(pki.dir, 'earlier', p.name), 's1', p.data);
    earlier.build(options);
    const kept = [...(earlier.verdictsToSave() ?? [])];
    assert.ok(kept.length > 3, `${kept.length} verdicts`);
    assert.equal(earlier.verdictsToSave(), undefined, 'nothing new to save after a save');
    // The same files again with those verdicts: only the failed checks are made again.
    const again = counting();
    const second = new PkiWorkspace(again.crypto);
    second.useEarlierVerdicts(new Set(kept));
    for (const p of pool) second.setFile(join(pki.dir, 'earlier', p.name), 's1', p.data);
    second.build(options);
    assert.equal(again.checks(), all.checks() - kept.length, 'each verdict kept is a check not made again');
    assert.equal(second.verdictsToSave(), undefined, 'no verdict the file lacks');
    // Foreign verdicts (pairs of nothing here) beside them.
    const foreign = fc.sample(fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 })), 20).map(([a, b]) => `${Buffer.from(a).toString('hex')}|${Buffer.from(b).toString('hex')}`);
    const file = encodeVerdicts([...kept, ...foreign], nodeVerifier(), maxVerdicts, sha256);
    const damage = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('byte' as const), at: fc.nat({ max: file.length - 1 }), flip: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: file.length - 1 }) }),
      fc.constant({ kind: 'verifier' as const }),
    );
    await fc.assert(
      fc.asyncProperty(arrivals, damage, fc.boolean(), async (files, d, stepped) => {
        let bytes = file;
        if (d.kind === 'byte') (bytes = file.slice())[d.at] ^= d.flip;
        if (d.kind === 'cut') bytes = file.subarray(0, d.at);
        const keys = decodeVerdicts(bytes, d.kind === 'verifier' ? `${nodeVerifier()}+` : nodeVerifier(), sha256);
        assert.equal(keys.size, d.kind === 'none' ? kept.length + foreign.length : 0);
        const m = new PkiWorkspace(nodePkiCrypto);
        m.useEarlierVerdicts(keys);
        const last = arrive(m, files);
        const index = stepped ? await m.buildAsync(options, async () => undefined) : m.build(options);
        const items = [...last].flatMap(([path, data]) => decodeFileBytes(path, data, nodePkiCrypto));
        assert.deepEqual(visible(index, now, certificates), visible(buildPkiIndex(items, nodePkiCrypto, options, new Map(), [], last.size), now, certificates));
      }),
      { numRuns: 40 },
    );
  });

  it('a grouping told at another minute (retime) equals a grouping made at that time, and trees told before stay as they were', async () => {
    const dayMs = 86_400_000;
    // Times where statuses change: every certificate's validity bounds and expiring-soon threshold, each side.
    const bounds = certificates.flatMap((c) => [c.notBefore, c.notAfter, c.notAfter - 30 * dayMs]).filter((t) => !Number.isNaN(t));
    const time = fc.oneof(
      fc.tuple(fc.constantFrom(...bounds), fc.integer({ min: -120_000, max: 120_000 })).map(([b, d]) => b + d),
      fc.integer({ min: -400, max: 4000 }).map((d) => now + d * dayMs),
    );
    await fc.assert(
      fc.asyncProperty(arrivals, fc.array(fc.tuple(time, fc.constantFrom(7, 30, 400)), { minLength: 1, maxLength: 6 }), fc.boolean(), async (files, times, stepped) => {
        const m = new PkiWorkspace(nodePkiCrypto);
        const last = arrive(m, files);
        const items = [...last].flatMap(([path, data]) => decodeFileBytes(path, data, nodePkiCrypto));
        const told: Array<{ index: PkiIndex; at: number; seen: unknown }> = [];
        for (const [at, expiryWarningDays] of times) {
          const options = { now: at, expiryWarningDays };
          const index = stepped ? await m.buildAsync(options, async () => undefined) : m.build(options);
          // Within one minute a model answers with the index of its first request: compare at that index's time.
          const when = told.find((t) => t.index === index)?.at ?? at;
          const seen = visible(index, when, certificates);
          assert.deepEqual(seen, visible(buildPkiIndex(items, nodePkiCrypto, { now: when, expiryWarningDays }, new Map(), [], last.size), when, certificates));
          told.push({ index, at: when, seen });
        }
        for (const t of told) assert.deepEqual(visible(t.index, t.at, certificates), t.seen, 'a tree told earlier is unchanged');
      }),
      { numRuns: 40 },
    );
  });

  it('a name shared by many CA keys costs a bounded number of passes, whichever key signed the leaf', async () => {
    // 40 self-signed CAs of one name, each with its own key; the leaf (no key identifier to tell
    // them apart) is signed by the one ranked last. A pass counts an unchecked signature as good
    // the first time only: after one came back bad, a pass asks for every candidate at once.
    const validity = { notBefore: utcTime('250101000000Z'), notAfter: utcTime('350101000000Z') };
    const keys = Array.from({ length: 40 }, () => newKey());
    const m = new PkiWorkspace({ ...nodePkiCrypto, verifyAsync: (...args) => (asked.push(rounds), nodePkiCrypto.verifyAsync!(...args)) });
    const asked: number[] = [];
    let rounds = 0;
    const files = keys.map((key, i): [string, string] => [`/w/ca-${i}.pem`, pem(selfSigned({ cn: 'Shared CA', ...validity, serial: i + 1, extensions: [basicConstraintsCa()] }, key))]);
    files.push(['/w/leaf.pem', pem(issuedBy({ cn: 'leaf', ...validity, serial: 99 }, newKey().spki, { cn: 'Shared CA', key: keys.at(-1)! }))]);
    const reference = new PkiWorkspace(nodePkiCrypto);
    for (const [path, text] of files) {
      m.setFile(path, 's1', new TextEncoder().encode(text));
      reference.setFile(path, 's1', new TextEncoder().encode(text));
    }
    const options = { now: Date.parse('2026-06-01T00:00:00Z'), expiryWarningDays: 30 };
    // A round: the checks asked between two waits for verdicts (the host yields while they run).
    const index = await m.buildAsync(options, async () => {
      if (asked.at(-1) === rounds) rounds++;
    });
    assert.deepEqual(index.tree, reference.build(options).tree);
    const at = (path: string) => [...index.certificates.values()].find((c) => c.locations.some((l) => l.path === path));
    assert.equal(at('/w/leaf.pem')?.parent, at('/w/ca-39.pem'), 'the leaf is placed under the CA whose key signed it');
    const distinctRounds = new Set(asked).size;
    assert.ok(distinctRounds <= 3, `checks were asked in ${distinctRounds} rounds (one per candidate key would be 40)`);
  });
});
