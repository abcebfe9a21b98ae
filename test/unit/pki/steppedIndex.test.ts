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
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { makeTestPki, type TestPki } from './openssl';

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
        const last = new Map<string, Uint8Array>();
        for (const f of files) {
          const p = pool[f.file % pool.length]!;
          const path = join(pki.dir, `d${f.folder}`, p.name);
          m.setFile(path, 's1', p.data);
          last.set(path, p.data);
        }
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
});
