/**
 * The Certificates view's paged form of the PKI tree: a row carries what the
 * row shows (label, description, icon, whether it expands) and nothing it only
 * reveals on hover or expansion (tooltip, files, fingerprint: `describeItem`),
 * and children come a page at a time, so the first screen of a workspace of
 * 50,000 certificates costs a few hundred rows, not the whole tree.
 *
 * Pages are read from a Forest: a grouped index (PkiIndex) makes a node only when a
 * row shows it, so a page told at a new minute costs its own rows, not the tree's.
 */
import type { PkiNode, PkiRow, PkiTree } from './types';

/** How many child rows a row has, and of which kinds (what the row says without its children made). */
export interface ChildCounts {
  readonly children: number;
  readonly certificates: number;
  readonly crls: number;
}

/**
 * A tree as the view reads it, a level at a time: each `S` stands for one node, made by `node`
 * only when it is read. `children` and `parent` give the tree's shape without making nodes.
 */
export interface Forest<S> {
  readonly roots: readonly S[];
  find(id: string): S | undefined;
  children(s: S): readonly S[];
  parent(s: S): S | undefined;
  node(s: S): PkiNode;
  counts(s: S): ChildCounts;
}

export function childCounts(children: readonly PkiNode[]): ChildCounts {
  let certificates = 0;
  let crls = 0;
  for (const c of children) {
    if (c.kind === 'certificate') certificates++;
    else if (c.kind === 'crl') crls++;
  }
  return { children: children.length, certificates, crls };
}

export function rowOf(n: PkiNode, counts: ChildCounts = childCounts(n.children)): PkiRow {
  const { children, certificates, crls } = counts;
  return {
    id: n.id,
    ...(n.kind !== 'certificate' ? { kind: n.kind } : {}),
    label: n.label,
    description: n.description,
    ...(n.role ? { role: n.role } : {}),
    ...(n.status.length ? { status: n.status } : {}),
    ...(children ? { children } : {}),
    ...(certificates ? { certificates } : {}),
    ...(crls ? { crls } : {}),
    ...(n.locations.length > 1 ? { files: n.locations.length } : {}),
  };
}

/** The rows of `parentId`'s children (the roots when undefined) from `offset`; undefined for an unknown id. */
export function forestPage<S>(f: Forest<S>, parentId: string | undefined, offset: number, limit: number): { rows: PkiRow[]; total: number } | undefined {
  let level = f.roots;
  if (parentId !== undefined) {
    const s = f.find(parentId);
    if (s === undefined) return undefined;
    level = f.children(s);
  }
  const from = Math.max(0, Math.floor(offset));
  return { rows: level.slice(from, from + Math.max(0, Math.floor(limit))).map((s) => rowOf(f.node(s), f.counts(s))), total: level.length };
}

/**
 * A node without its children (what a row reveals on hover or expansion), the ids of its
 * ancestors (root first), and the position of each of them and of the node among its
 * siblings, so that a client can load the pages that show it in one request per level.
 */
export function forestPlace<S>(f: Forest<S>, id: string): { node: PkiNode; ancestors: string[]; positions: number[] } | undefined {
  const s = f.find(id);
  if (s === undefined) return undefined;
  const path: S[] = [s];
  const seen = new Set<S>([s]);
  for (let p = f.parent(s); p !== undefined && !seen.has(p); p = f.parent(p)) {
    seen.add(p);
    path.unshift(p);
  }
  const positions = path.map((p) => {
    const up = f.parent(p);
    return (up === undefined ? f.roots : f.children(up)).indexOf(p);
  });
  return { node: withoutChildren(f.node(s)), ancestors: path.slice(0, -1).map((p) => f.node(p).id), positions };
}

/** A copy of a node with no children, in its key order; its children are never read (a node makes them when read). */
function withoutChildren(n: PkiNode): PkiNode {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(n)) copy[k] = k === 'children' ? [] : n[k as keyof PkiNode];
  return copy as unknown as PkiNode;
}

/** A made tree as a Forest: every node by id with its parent, found once per tree (a tree is never modified). */
const forests = new WeakMap<PkiTree, Forest<PkiNode>>();

export function treeForest(tree: PkiTree): Forest<PkiNode> {
  let f = forests.get(tree);
  if (!f) {
    const places = new Map<string, PkiNode>();
    const parents = new Map<PkiNode, PkiNode>();
    const stack: Array<{ node: PkiNode; parent?: PkiNode }> = tree.roots.map((node) => ({ node }));
    while (stack.length) {
      const p = stack.pop()!;
      // The first place wins, as in the view (an id shown twice is one row).
      if (!places.has(p.node.id)) places.set(p.node.id, p.node);
      if (p.parent && !parents.has(p.node)) parents.set(p.node, p.parent);
      for (const c of p.node.children) stack.push({ node: c, parent: p.node });
    }
    f = {
      roots: tree.roots,
      find: (id) => places.get(id),
      children: (n) => n.children,
      parent: (n) => parents.get(n),
      node: (n) => n,
      counts: (n) => childCounts(n.children),
    };
    forests.set(tree, f);
  }
  return f;
}

/** forestPage over a made tree. */
export function rowsPage(tree: PkiTree, parentId: string | undefined, offset: number, limit: number): { rows: PkiRow[]; total: number } | undefined {
  return forestPage(treeForest(tree), parentId, offset, limit);
}

/** forestPlace over a made tree. */
export function nodeAndAncestors(tree: PkiTree, id: string): { node: PkiNode; ancestors: string[]; positions: number[] } | undefined {
  return forestPlace(treeForest(tree), id);
}
