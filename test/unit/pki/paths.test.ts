/**
 * RFC 4158 path building on generated graphs, one case per test: the graph's
 * edges are "this issuer's key verifies that certificate", so the cases need no
 * cryptography (the real-world corpus covers real signatures and `openssl verify`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPath, type PathGraph } from '../../../server/src/core/pki/paths';

interface Node {
  readonly name: string;
  /** Subject and key: loop detection and self-issued checks. */
  readonly subject: string;
  readonly issuer: string;
  readonly key: string;
  readonly anchor?: boolean;
  readonly expired?: boolean;
  readonly pathLen?: number;
  issuers: Node[];
}

function node(name: string, subject: string, issuer: string, key: string, extra: Partial<Node> = {}): Node {
  return { name, subject, issuer, key, issuers: [], ...extra };
}

/** Problems as tree.ts checks them: expiry and pathLen with self-issued intermediates exempt. */
const graph: PathGraph<Node> = {
  issuers: (n) => n.issuers,
  isAnchor: (n) => n.anchor === true,
  loopKey: (n) => `${n.subject}|${n.key}`,
  problems(path, complete) {
    const out: string[] = [];
    path.forEach((n, i) => {
      if (n.expired) out.push(`${n.name} expired`);
      if (i > 0 && n.pathLen !== undefined) {
        let below = 0;
        for (let j = 1; j < i; j++) if (path[j]!.subject !== path[j]!.issuer) below++;
        if (below > n.pathLen) out.push(`${n.name} pathLen`);
      }
    });
    if (!complete) out.push('incomplete');
    return out;
  },
};

const names = (p: readonly Node[]): string[] => p.map((n) => n.name);

describe('path building (RFC 4158)', () => {
  it('backtracks past a first candidate whose path fails (two certificates of the same intermediate)', () => {
    const root = node('root', 'R', 'R', 'kR', { anchor: true });
    const oldInter = node('inter-expired', 'I', 'R', 'kI', { expired: true, issuers: [root] });
    const newInter = node('inter', 'I', 'R', 'kI2', { issuers: [root] });
    const leaf = node('leaf', 'L', 'I', 'kL', { issuers: [oldInter, newInter] });
    const r = buildPath(leaf, graph);
    assert.deepEqual(names(r.path), ['leaf', 'inter', 'root']);
    assert.equal(r.complete, true);
    assert.deepEqual(r.problems, []);
  });

  it('prefers a valid path to a self-signed anchor over a cross-certificate to an untrusted or expired root', () => {
    const expiredRoot = node('old-root', 'A', 'A', 'kA', { anchor: true, expired: true });
    const newRoot = node('new-root', 'B', 'B', 'kB', { anchor: true });
    const cross = node('B-by-A', 'B', 'A', 'kB', { issuers: [expiredRoot] });
    const inter = node('inter', 'I', 'B', 'kI', { issuers: [cross, newRoot] });
    const leaf = node('leaf', 'L', 'I', 'kL', { issuers: [inter] });
    const r = buildPath(leaf, graph);
    assert.deepEqual(names(r.path), ['leaf', 'inter', 'new-root']);
    assert.deepEqual(r.problems, []);
  });

  it('terminates on a cycle of cross-signatures and reports the best failing path', () => {
    const a = node('A-by-B', 'A', 'B', 'kA');
    const b = node('B-by-A', 'B', 'A', 'kB');
    a.issuers = [b];
    b.issuers = [a];
    const leaf = node('leaf', 'L', 'A', 'kL', { issuers: [a] });
    const r = buildPath(leaf, graph);
    assert.equal(r.complete, false);
    assert.deepEqual(names(r.path), ['leaf', 'A-by-B', 'B-by-A']);
    assert.ok(r.problems.includes('incomplete'));
  });

  it('finds the anchor through a cycle when one of the cross-signed CAs also has a self-signed certificate', () => {
    const rootB = node('B', 'B', 'B', 'kB', { anchor: true });
    const a = node('A-by-B', 'A', 'B', 'kA');
    const b = node('B-by-A', 'B', 'A', 'kB');
    a.issuers = [b, rootB];
    b.issuers = [a];
    const leaf = node('leaf', 'L', 'A', 'kL', { issuers: [a] });
    assert.deepEqual(names(buildPath(leaf, graph).path), ['leaf', 'A-by-B', 'B']);
  });

  it('does not count self-issued intermediates against pathLenConstraint (RFC 5280 6.1.4 (l))', () => {
    const root = node('root', 'R', 'R', 'kR', { anchor: true });
    const ca = node('ca pathlen:0', 'C', 'R', 'kC', { pathLen: 0, issuers: [root] });
    const rollover = node('ca new key (self-issued)', 'C', 'C', 'kC2', { issuers: [ca] });
    const leaf = node('leaf', 'L', 'C', 'kL', { issuers: [rollover] });
    const r = buildPath(leaf, graph);
    assert.deepEqual(names(r.path), ['leaf', 'ca new key (self-issued)', 'ca pathlen:0', 'root']);
    assert.deepEqual(r.problems, []);
    // A real intermediate below the pathlen:0 CA is a violation.
    const sub = node('sub', 'S', 'C', 'kS', { issuers: [ca] });
    const leaf2 = node('leaf2', 'L2', 'S', 'kL2', { issuers: [sub] });
    assert.deepEqual(buildPath(leaf2, graph).problems, ['ca pathlen:0 pathLen']);
  });

  it('reports an incomplete path (issuer not in the workspace) when no candidate exists', () => {
    const leaf = node('leaf', 'L', 'X', 'kL');
    const r = buildPath(leaf, graph);
    assert.deepEqual(names(r.path), ['leaf']);
    assert.equal(r.complete, false);
  });

  it('stays linear on 100 same-named CAs, each with two certificates of one key, and no anchor', () => {
    // Level i has two certificates (same subject, same key); each is issued by both certificates
    // of level i+1: 2^100 paths, none reaching an anchor. Dead ends and loop keys keep it linear.
    const levels: Node[][] = [];
    for (let i = 0; i < 100; i++) levels.push([node(`ca${i}a`, 'Same CA', 'Same CA', `k${i}`), node(`ca${i}b`, 'Same CA', 'Same CA', `k${i}`)]);
    for (let i = 0; i < 99; i++) for (const n of levels[i]!) n.issuers = levels[i + 1]!;
    const leaf = node('leaf', 'L', 'Same CA', 'kL', { issuers: levels[0]! });
    const r = buildPath(leaf, graph);
    assert.equal(r.complete, false);
    assert.ok(r.explored < 1000, `${r.explored} candidates examined`);
  });

  it('bounds the search on hostile input by its budget', () => {
    // Every CA is issued by every other one: loops everywhere, no anchor.
    const cas = Array.from({ length: 40 }, (_, i) => node(`ca${i}`, `C${i}`, 'C', `k${i}`));
    for (const c of cas) c.issuers = cas.filter((x) => x !== c);
    const leaf = node('leaf', 'L', 'C', 'kL', { issuers: cas });
    const r = buildPath(leaf, graph, 5000);
    assert.ok(r.explored <= 5000);
    assert.equal(r.complete, false);
  });
});
