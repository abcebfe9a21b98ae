/**
 * The PKI tree as the pictures draw it (the expiry timeline, the chain diagram): certificates,
 * CRLs and the keys beside their certificates, with only the fields the pictures read — no
 * tooltips, descriptions or file lists, which are most of a node's bytes — so that an open
 * picture redrawing after a change does not fetch the whole tree.
 */
import type { PkiLocation, PkiNode, PkiTree } from './types';

export interface PictureNode extends Pick<PkiNode, 'id' | 'kind' | 'label' | 'role' | 'status' | 'validFrom' | 'validUntil'> {
  readonly location: Pick<PkiLocation, 'path'>;
  readonly children: readonly PictureNode[];
}

export interface PictureTree {
  readonly roots: readonly PictureNode[];
}

function prune(n: PkiNode, parent: PkiNode | undefined): PictureNode | undefined {
  const children: PictureNode[] = [];
  for (const c of n.children) {
    const p = prune(c, n);
    if (p) children.push(p);
  }
  // A key matters beside its certificate (the chain diagram's key badge); anything else only when it holds what is drawn.
  const drawn = n.kind === 'certificate' || n.kind === 'crl' || (n.kind === 'key' && parent?.kind === 'certificate');
  if (!drawn && !children.length) return undefined;
  return {
    id: n.id,
    kind: n.kind,
    label: n.label,
    ...(n.role ? { role: n.role } : {}),
    status: n.status,
    location: { path: n.location.path },
    ...(n.validFrom ? { validFrom: n.validFrom } : {}),
    ...(n.validUntil ? { validUntil: n.validUntil } : {}),
    children,
  };
}

const computed = new WeakMap<PkiTree, PictureTree>();

export function pictureTree(tree: PkiTree): PictureTree {
  let t = computed.get(tree);
  if (!t) {
    const roots: PictureNode[] = [];
    for (const r of tree.roots) {
      const p = prune(r, undefined);
      if (p) roots.push(p);
    }
    computed.set(tree, (t = { roots }));
  }
  return t;
}
