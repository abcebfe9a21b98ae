/**
 * What the Explorer decorates, computed where the PKI is (the server), so that the client asks
 * for these few entries instead of the whole tree on every change: per file the worst state of
 * the certificates it holds (revoked, expired, expiring within the warning window), and the
 * unencrypted private keys (whose file permissions the client checks).
 */
import type { PkiIndex } from './tree';
import type { PkiNode } from './types';

export type FileMarkState = 'revoked' | 'expired' | 'expiring';

export interface FileMark {
  readonly path: string;
  readonly state: FileMarkState;
  /** Days until notAfter (negative when expired). */
  readonly daysLeft: number;
  /** The certificate that decides the mark. */
  readonly label: string;
}

export interface FileMarks {
  /** One per file, the worst of its certificates. */
  readonly certificates: readonly FileMark[];
  /** Unencrypted private keys (encrypted ones are safe to read). */
  readonly privateKeys: readonly string[];
}

const rank: Readonly<Record<FileMarkState, number>> = { revoked: 3, expired: 2, expiring: 1 };

function stateOf(n: PkiNode): FileMarkState | undefined {
  if (n.status.includes('revoked')) return 'revoked';
  if (n.status.includes('expired')) return 'expired';
  if (n.status.includes('expiringSoon')) return 'expiring';
  return undefined;
}

/** Computed once per grouped index (a model keeps its index until something changes). */
const computed = new WeakMap<PkiIndex, FileMarks>();

export function fileMarks(index: PkiIndex): FileMarks {
  let m = computed.get(index);
  if (!m) computed.set(index, (m = markFiles(index)));
  return m;
}

function markFiles(index: PkiIndex): FileMarks {
  const marks = new Map<string, FileMark>();
  const stack: PkiNode[] = [...index.tree.roots];
  while (stack.length) {
    const n = stack.pop()!;
    for (const c of n.children) stack.push(c);
    const state = n.kind === 'certificate' ? stateOf(n) : undefined;
    if (!state) continue;
    for (const l of n.locations) {
      const old = marks.get(l.path);
      if (!old || rank[state] > rank[old.state]) marks.set(l.path, { path: l.path, state, daysLeft: n.daysLeft ?? 0, label: n.label });
    }
  }
  const keys = new Set<string>();
  for (const item of index.items.values()) if (item.kind === 'key' && item.key.kind === 'private' && !item.key.encrypted) keys.add(item.origin.path);
  return { certificates: [...marks.values()], privateKeys: [...keys] };
}
