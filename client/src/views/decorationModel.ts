/**
 * Which files the Explorer decorates, from the workspace PKI (pure; the
 * provider in fileDecorations.ts adds the key files' permission check).
 */
import type { ListCertificatesResult, PkiNode } from '../../../server/src/protocol/inspect';
import { english, type L10n } from '../l10nFormat';

export interface Decoration {
  readonly badge: string;
  readonly tooltip: string;
  readonly color: 'error' | 'warning';
}

const rank = { error: 2, warning: 1 } as const;

/** Certificate decorations by file path, the worst per file (a bundle holds several certificates). Pure. */
export function certificateDecorations(tree: ListCertificatesResult, l10n: L10n = english): Map<string, Decoration> {
  const out = new Map<string, Decoration>();
  const put = (path: string, d: Decoration): void => {
    const old = out.get(path);
    if (!old || rank[d.color] > rank[old.color]) out.set(path, d);
  };
  const stack: PkiNode[] = [...tree.roots];
  while (stack.length) {
    const n = stack.pop()!;
    stack.push(...n.children);
    if (n.kind !== 'certificate') continue;
    let d: Decoration | undefined;
    if (n.status.includes('revoked')) d = { badge: '✕', tooltip: l10n.t('Revoked: {0}', n.label), color: 'error' };
    else if (n.status.includes('expired')) d = { badge: '✕', tooltip: l10n.t('Expired {0} days ago: {1}', -(n.daysLeft ?? 0), n.label), color: 'error' };
    else if (n.status.includes('expiringSoon')) d = { badge: '!', tooltip: l10n.t('Expires in {0} days: {1}', n.daysLeft ?? 0, n.label), color: 'warning' };
    if (d) for (const l of n.locations) put(l.path, d);
  }
  return out;
}

/** Unencrypted private keys of the tree (encrypted ones are safe to read). */
export function privateKeyPaths(tree: ListCertificatesResult): string[] {
  const out = new Set<string>();
  const stack: PkiNode[] = [...tree.roots];
  while (stack.length) {
    const n = stack.pop()!;
    stack.push(...n.children);
    if (n.kind === 'key' && n.label.startsWith('Private') && !n.description.split(' · ').includes('encrypted')) out.add(n.location.path);
  }
  return [...out];
}
