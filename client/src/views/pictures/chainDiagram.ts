/**
 * The chain diagram: roots on the left, the intermediates they signed, the
 * leaves on the right, one box per certificate with badges for what matters
 * on a bad day — its private key (matches / does not match), revocation, and
 * for a CA its CRL's freshness. Pure: a PKI tree in, SVG out. Each subtree is
 * laid out in rows (a leaf per row, a CA centred on what it issued), so the
 * picture grows linearly with the number of certificates.
 */
import type { PictureNode, PictureTree } from '../../../../server/src/protocol/inspect';
import { fit, openable, pill, textUnits, svgDocument, tag, text, type Tone } from './svg';
import { english, type L10n } from '../../l10nFormat';
import { roleWord } from '../roleWord';

export interface DiagramBox {
  readonly id: string;
  readonly label: string;
  /** Root CA, intermediate CA, server, client, node or end entity. */
  readonly role: string;
  readonly depth: number;
  readonly badges: readonly { readonly word: string; readonly tone: Tone; readonly why: string }[];
  readonly tone?: Tone;
  readonly parentId?: string;
}

export interface ChainDiagram {
  readonly svg: string;
  readonly boxes: readonly DiagramBox[];
  /** Certificates in the workspace (more than `boxes` when the picture is capped). */
  readonly total: number;
}

const boxWidth = 230;
const boxHeight = 48;
const columnGap = 70;
const rowGap = 12;
const margin = 16;

function badgesOf(n: PictureNode, now: number, l10n: L10n): DiagramBox['badges'] {
  const out: Array<DiagramBox['badges'][number]> = [];
  const key = n.children.find((c) => c.kind === 'key');
  if (n.status.includes('keyMismatch') || key?.status.includes('keyMismatch')) out.push({ word: l10n.t('key ✕'), tone: 'error', why: l10n.t('its private key file holds another key') });
  else if (key) out.push({ word: l10n.t('key ✓'), tone: 'ok', why: l10n.t('private key {0}', key.location.path) });
  if (n.status.includes('revoked')) out.push({ word: l10n.t('revoked'), tone: 'error', why: l10n.t("listed in its issuer's CRL") });
  const crls = n.children.filter((c) => c.kind === 'crl');
  if (crls.length) {
    const stale = crls.filter((c) => c.status.includes('stale') || (c.validUntil !== undefined && Date.parse(c.validUntil) < now));
    out.push(stale.length ? { word: l10n.t('CRL stale'), tone: 'error', why: l10n.t('CRL past its next update ({0})', stale[0]!.location.path) } : { word: l10n.t('CRL ✓'), tone: 'ok', why: l10n.t('CRL current ({0})', crls[0]!.location.path) });
  }
  return out;
}

function toneOf(n: PictureNode): Tone | undefined {
  if (n.status.some((s) => s === 'expired' || s === 'revoked' || s === 'badSignature' || s === 'keyMismatch')) return 'error';
  if (n.status.some((s) => s === 'expiringSoon' || s === 'notYetValid' || s === 'untrusted')) return 'warn';
  return undefined;
}

export interface DiagramOptions {
  readonly now: number;
  /** At most this many boxes; default 300. */
  readonly maxBoxes?: number;
  /** The words (vscode.l10n in the extension); default English. */
  readonly l10n?: L10n;
}

export function chainDiagram(tree: PictureTree, o: DiagramOptions): ChainDiagram {
  const max = o.maxBoxes ?? 300;
  const l10n = o.l10n ?? english;
  const boxes: Array<DiagramBox & { x: number; y: number }> = [];
  let total = 0;
  let row = 0;
  let maxDepth = 0;
  const countAll = (nodes: readonly PictureNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'certificate') total++;
      countAll(n.children);
    }
  };
  countAll(tree.roots);
  /** Places `n` and its certificate children; returns the box's centre row. */
  const place = (n: PictureNode, depth: number, parentId?: string): number | undefined => {
    if (boxes.length >= max) return undefined;
    const box = { id: n.id, label: n.label, role: roleWord(n.role, l10n), depth, badges: badgesOf(n, o.now, l10n), tone: toneOf(n), parentId, x: margin + depth * (boxWidth + columnGap), y: 0 };
    boxes.push(box);
    maxDepth = Math.max(maxDepth, depth);
    const rows = n.children.filter((c) => c.kind === 'certificate').map((c) => place(c, depth + 1, n.id)).filter((r): r is number => r !== undefined);
    const centre = rows.length ? (rows[0]! + rows[rows.length - 1]!) / 2 : row++;
    box.y = margin + 20 + centre * (boxHeight + rowGap);
    return centre;
  };
  for (const r of tree.roots) if (r.kind === 'certificate') place(r, 0);
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const width = margin * 2 + (maxDepth + 1) * boxWidth + maxDepth * columnGap;
  const height = margin * 2 + 20 + Math.max(1, row) * (boxHeight + rowGap);
  const parts: string[] = [];
  const issuers = new Set(boxes.map((b) => b.parentId));
  const heading = (d: number): string => {
    if (d === 0) return l10n.t('Roots');
    const column = boxes.filter((b) => b.depth === d);
    if (column.every((b) => issuers.has(b.id))) return l10n.t('Intermediates');
    return column.some((b) => issuers.has(b.id)) ? l10n.t('Intermediates and leaves') : l10n.t('Leaves');
  };
  for (let d = 0; d <= maxDepth; d++) parts.push(text(margin + d * (boxWidth + columnGap), margin + 8, heading(d), { class: 'muted-text', 'font-size': 11 }));
  for (const b of boxes) {
    const p = b.parentId ? byId.get(b.parentId) : undefined;
    if (!p) continue;
    const x1 = p.x + boxWidth;
    const y1 = p.y + boxHeight / 2;
    const x2 = b.x;
    const y2 = b.y + boxHeight / 2;
    parts.push(tag('path', { d: `M${x1},${y1} C${x1 + columnGap / 2},${y1} ${x2 - columnGap / 2},${y2} ${x2},${y2}`, class: 'edge' }));
  }
  for (const b of boxes) {
    const n = b;
    let bx = b.x + 16 + textUnits(b.role) * 6.4;
    const pills = b.badges.map((badge) => {
      const p = pill(bx, b.y + 28, badge.word, badge.tone);
      bx += p.width + 4;
      return p.svg;
    });
    const role = b.role;
    const body =
      tag('rect', { x: b.x, y: b.y, width: boxWidth, height: boxHeight, rx: 4, class: `box focus-ring${n.tone ? ` box-${n.tone}` : ''}` }) +
      text(b.x + 8, b.y + 17, fit(b.label, 30), { 'font-size': 12, 'font-weight': 600 }) +
      text(b.x + 8, b.y + 39, role, { class: 'muted-text', 'font-size': 11 }) +
      pills.join('');
    const why = b.badges.map((x) => `${x.word}: ${x.why}`).join('\n');
    parts.push(openable(b.id, `${b.label}${role ? `, ${role}` : ''}${b.badges.length ? `, ${b.badges.map((x) => x.word).join(', ')}` : ''}`, `${b.label}${role ? ` (${role})` : ''}${why ? `\n${why}` : ''}`, body));
  }
  if (!boxes.length) parts.push(text(margin, margin + 30, l10n.t('No certificates in this workspace.'), { class: 'muted-text' }));
  const label = total > boxes.length ? l10n.t('Chain diagram of the first {0} of {1} certificates', boxes.length, total) : l10n.t('Chain diagram of {0} certificates', boxes.length);
  return { svg: svgDocument(Math.max(width, 320), height, label, parts.join('')), boxes: boxes.map(({ x: _x, y: _y, ...b }) => b), total };
}
