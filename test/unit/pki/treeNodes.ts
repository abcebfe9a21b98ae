/** The certificate rows of a Certificates tree, depth first. */
import type { PkiNode, PkiTree } from '../../../server/src/core/pki/types';

export function certNodes(tree: PkiTree): PkiNode[] {
  const out: PkiNode[] = [];
  const visit = (nodes: readonly PkiNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'certificate') out.push(n);
      visit(n.children);
    }
  };
  visit(tree.roots);
  return out;
}
