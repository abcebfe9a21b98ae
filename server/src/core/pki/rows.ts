/**
 * The Certificates view's paged form of the PKI tree: a row carries what the
 * row shows (label, description, icon, whether it expands) and nothing it only
 * reveals on hover or expansion (tooltip, files, fingerprint: `describeItem`),
 * and children come a page at a time, so the first screen of a workspace of
 * 50,000 certificates costs a few hundred rows, not the whole tree.
 */
import type { PkiNode, PkiRow, PkiTree } from './types';

interface Place {
  readonly node: PkiNode;
  readonly parent?: PkiNode;
}

/** Every node of a tree by id with its parent, built once per tree (a tree is never modified). */
const places = new WeakMap<PkiTree, Map<string, Place>>();

function placesOf(tree: PkiTree): Map<string, Place> {
  let m = places.get(tree);
  if (!m) {
    m = new Map();
    const stack: Place[] = tree.roots.map((node) => ({ node }));
    while (stack.length) {
      const p = stack.pop()!;
      // The first place wins, as in the view (an id shown twice is one row).
      if (!m.has(p.node.id)) m.set(p.node.id, p);
      for (const c of p.node.children) stack.push({ node: c, parent: p.node });
    }
    places.set(tree, m);
  }
  return m;
}

export function rowOf(n: PkiNode): PkiRow {
  let certificates = 0;
  let crls = 0;
  for (const c of n.children) {
    if (c.kind === 'certificate') certificates++;
    else if (c.kind === 'crl') crls++;
  }
  return {
    id: n.id,
    ...(n.kind !== 'certificate' ? { kind: n.kind } : {}),
    label: n.label,
    description: n.description,
    ...(n.role ? { role: n.role } : {}),
    ...(n.status.length ? { status: n.status } : {}),
    ...(n.children.length ? { children: n.children.length } : {}),
    ...(certificates ? { certificates } : {}),
    ...(crls ? { crls } : {}),
    ...(n.locations.length > 1 ? { files: n.locations.length } : {}),
  };
}

/** The rows of `parentId`'s children (the roots when undefined) from `offset`; undefined for an unknown id. */
export function rowsPage(tree: PkiTree, parentId: string | undefined, offset: number, limit: number): { rows: PkiRow[]; total: number } | undefined {
  const nodes = parentId === undefined ? tree.roots : placesOf(tree).get(parentId)?.node.children;
  if (!nodes) return undefined;
  const from = Math.max(0, Math.floor(offset));
  return { rows: nodes.slice(from, from + Math.max(0, Math.floor(limit))).map(rowOf), total: nodes.length };
}

/**
 * A node without its children (what a row reveals on hover or expansion), the ids of its
 * ancestors (root first), and the position of each of them and of the node among its
 * siblings, so that a client can load the pages that show it in one request per level.
 */
export function nodeAndAncestors(tree: PkiTree, id: string): { node: PkiNode; ancestors: string[]; positions: number[] } | undefined {
  const all = placesOf(tree);
  const place = all.get(id);
  if (!place) return undefined;
  const path: Place[] = [place];
  const seen = new Set<string>([id]);
  for (let p = place.parent; p && !seen.has(p.id); p = all.get(p.id)?.parent) {
    seen.add(p.id);
    path.unshift(all.get(p.id)!);
  }
  const positions = path.map((p) => (p.parent ? p.parent.children : tree.roots).indexOf(p.node));
  return { node: { ...place.node, children: [] }, ancestors: path.slice(0, -1).map((p) => p.node.id), positions };
}
