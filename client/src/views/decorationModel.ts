/**
 * How the Explorer decorates the files the server marks (`certwright/fileMarks`: the worst
 * certificate state of each file; pure — the provider in fileDecorations.ts adds the key files'
 * permission check).
 */
import type { FileMark, FileMarks } from '../../../server/src/protocol/inspect';
import { english, type L10n } from '../l10nFormat';

export interface Decoration {
  readonly badge: string;
  readonly tooltip: string;
  readonly color: 'error' | 'warning';
}

function decorationOf(m: FileMark, l10n: L10n): Decoration {
  switch (m.state) {
    case 'revoked':
      return { badge: '✕', tooltip: l10n.t('Revoked: {0}', m.label), color: 'error' };
    case 'expired':
      return { badge: '✕', tooltip: l10n.t('Expired {0} days ago: {1}', -m.daysLeft, m.label), color: 'error' };
    case 'expiring':
      return { badge: '!', tooltip: l10n.t('Expires in {0} days: {1}', m.daysLeft, m.label), color: 'warning' };
  }
}

/** Certificate decorations by file path. Pure. */
export function certificateDecorations(marks: FileMarks, l10n: L10n = english): Map<string, Decoration> {
  return new Map(marks.certificates.map((m) => [m.path, decorationOf(m, l10n)]));
}
