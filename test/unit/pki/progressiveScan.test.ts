/**
 * The scan that shows what it has read so far (node/progressiveScan.ts), over a PKI made by
 * the openssl CLI: partial trees are published while it reads, each a fixed snapshot of the
 * files read by then, and a request made right after a scan is asked waits for its first
 * tree (or its end), never answering from an empty model.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import type { PkiIndex } from '../../../server/src/core/pki/tree';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { ProgressiveScan, type PartialTree } from '../../../server/src/node/progressiveScan';
import { defaultScanOptions, scanWorkspace } from '../../../server/src/node/workspaceScanner';
import { makeTestPki, type TestPki } from './openssl';

const options = { now: Date.now(), expiryWarningDays: 30 };

describe('a progressive workspace scan', () => {
  let pki: TestPki;
  before(() => (pki = makeTestPki()));
  after(() => pki.cleanup());

  it('publishes the tree of the files read so far, each a snapshot, then ends with the complete model', async () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    const seen: Array<PartialTree<PkiIndex> & { certificates: number }> = [];
    const scan: ProgressiveScan<PkiIndex> = new ProgressiveScan(
      model,
      async () => model.build(options),
      () => {
        const p = scan.current!;
        seen.push({ ...p, certificates: p.value.tree.counts.certificates });
      },
      { firstMs: 0, everyMs: 0 },
    );
    const run = scan.scan([pki.dir], defaultScanOptions);
    // Asked right after the scan: waits for its first tree instead of answering from an empty model.
    await scan.shown();
    const first = scan.current;
    assert.ok(first, 'a partial tree is there once shown() resolves');
    assert.ok(first.read >= 1 && first.read < first.total);
    const { stats, published } = await run;
    assert.ok(published);
    assert.equal(scan.current, undefined, 'no partial tree once the scan is done');
    // The first after one file (first interval 0 ms); each later one with at least twice the files of the one before.
    assert.equal(seen[0]!.read, 1);
    for (const [i, p] of seen.entries()) {
      assert.equal(p.total, stats.candidates);
      assert.ok(p.read < p.total, 'never after the last file: the complete tree follows');
      if (i) assert.ok(p.read >= 2 * seen[i - 1]!.read && p.version >= seen[i - 1]!.version && p.certificates >= seen[i - 1]!.certificates, JSON.stringify(seen.map((x) => x.read)));
    }
    assert.ok(seen.length <= Math.ceil(Math.log2(stats.candidates)), `${seen.length} trees for ${stats.candidates} files`);
    // Each published tree stays as it was: the first one did not grow with the model.
    assert.equal(seen[0]!.value.tree.counts.certificates, seen[0]!.certificates);
    assert.ok(seen[0]!.certificates < model.build(options).tree.counts.certificates, `${seen[0]!.certificates}`);
    // The same model as a plain scan.
    const plain = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(plain, [pki.dir]);
    assert.deepEqual(model.build(options).tree.counts, plain.build(options).tree.counts);
    await scan.shown();
  });

  it('publishes nothing from a scan shorter than the first interval; a waiting request is answered at its end', async () => {
    const model = new PkiWorkspace(nodePkiCrypto);
    let published = 0;
    const scan = new ProgressiveScan(model, async () => model.build(options), () => published++, { firstMs: 60_000, everyMs: 60_000 });
    const run = scan.scan([pki.dir], defaultScanOptions);
    // What the model holds when the waiting request wakes: everything, as the scan has ended.
    // (Checked in the wake-up itself: on a loaded machine the whole scan may finish within one turn of the loop.)
    const waiting = scan.shown().then(() => ({ certificates: model.build(options).tree.counts.certificates, current: scan.current }));
    const result = await run;
    const woken = await waiting;
    assert.equal(woken.certificates, model.build(options).tree.counts.certificates, 'woken before the scan ended');
    assert.equal(woken.current, undefined);
    assert.equal(result.published, false);
    assert.equal(published, 0);
    assert.equal(scan.current, undefined);
    assert.ok(model.build(options).tree.counts.certificates > 0);
  });
});
