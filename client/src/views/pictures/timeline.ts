/**
 * The expiry timeline: one bar per certificate and CRL of the workspace from
 * its start (notBefore / thisUpdate) to its end (notAfter / nextUpdate), the
 * soonest end first, a line at today and the warning band
 * (`certwright.expiryWarningDays`) after it. Pure: a PKI tree in, SVG out.
 */
import type { PictureNode, PictureTree } from '../../../../server/src/protocol/inspect';
import { esc, fit, openable, svgDocument, tag, text, type Tone } from './svg';
import { english, type L10n } from '../../l10nFormat';

export interface TimelineItem {
  readonly id: string;
  readonly label: string;
  readonly kind: 'certificate' | 'crl';
  readonly from: number;
  /** Undefined for a CRL without nextUpdate. */
  readonly to?: number;
  readonly tone: Tone | 'crl' | 'none';
  readonly state: string;
  readonly path: string;
}

export interface Timeline {
  readonly svg: string;
  /** Bars drawn, soonest end first. */
  readonly items: readonly TimelineItem[];
  /** Items in the workspace (more than `items` when the picture is capped). */
  readonly total: number;
}

export interface TimelineOptions {
  readonly now: number;
  readonly warningDays: number;
  /** At most this many bars (the soonest ends); default 400. */
  readonly maxBars?: number;
  /** The words (vscode.l10n in the extension); default English. */
  readonly l10n?: L10n;
}

const dayMs = 86_400_000;
const yearMs = 365.25 * dayMs;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function itemOf(n: PictureNode, now: number, warnMs: number, l10n: L10n): TimelineItem | undefined {
  if ((n.kind !== 'certificate' && n.kind !== 'crl') || !n.validFrom) return undefined;
  const from = Date.parse(n.validFrom);
  const to = n.validUntil ? Date.parse(n.validUntil) : undefined;
  if (!Number.isFinite(from)) return undefined;
  const base = { id: n.id, label: n.label, kind: n.kind, from, to, path: n.location.path };
  if (n.kind === 'crl') {
    if (to === undefined) return { ...base, tone: 'crl', state: l10n.t('no next update') };
    return to < now ? { ...base, tone: 'error', state: l10n.t('stale since {0}', isoDay(to)) } : { ...base, tone: 'crl', state: l10n.t('next update {0}', isoDay(to)) };
  }
  if (n.status.includes('revoked')) return { ...base, tone: 'error', state: l10n.t('revoked') };
  if (to !== undefined && to < now) return { ...base, tone: 'error', state: l10n.t('expired {0}', isoDay(to)) };
  if (from > now) return { ...base, tone: 'none', state: l10n.t('valid from {0}', isoDay(from)) };
  if (to !== undefined && to - now <= warnMs) return { ...base, tone: 'warn', state: l10n.t('expires {0}', isoDay(to)) };
  return { ...base, tone: 'ok', state: to !== undefined ? l10n.t('expires {0}', isoDay(to)) : l10n.t('never expires') };
}

/**
 * Every certificate and CRL of the tree once (a node appears once in the tree),
 * soonest end first; only the first `limit` are described (sorting needs only the end).
 */
export function timelineItems(tree: PictureTree, o: TimelineOptions, limit = Infinity): { items: TimelineItem[]; total: number } {
  const found: Array<{ n: PictureNode; to: number }> = [];
  const stack: PictureNode[] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push(tree.roots[i]!);
  while (stack.length) {
    const n = stack.pop()!;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    if ((n.kind === 'certificate' || n.kind === 'crl') && n.validFrom) found.push({ n, to: n.validUntil ? Date.parse(n.validUntil) : Infinity });
  }
  // Plain code-unit order on ties: localeCompare costs more than the rest of the picture on 5,000 items.
  found.sort((a, b) => a.to - b.to || (a.n.label < b.n.label ? -1 : a.n.label > b.n.label ? 1 : a.n.id < b.n.id ? -1 : 1));
  const items: TimelineItem[] = [];
  const warnMs = o.warningDays * dayMs;
  for (const f of found) {
    if (items.length >= limit) break;
    const item = itemOf(f.n, o.now, warnMs, o.l10n ?? english);
    if (item) items.push(item);
  }
  return { items, total: found.length };
}

const labelWidth = 230;
const stateWidth = 150;
const chartWidth = 620;
const rowHeight = 22;
const top = 44;

/** Ticks every year, or every month on spans under three years. */
function ticks(start: number, end: number): number[] {
  const out: number[] = [];
  const d = new Date(start);
  const monthly = end - start < 3 * yearMs;
  const t = monthly ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) : new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
  const step = monthly ? Math.max(1, Math.ceil((end - start) / (12 * 30 * dayMs))) : Math.max(1, Math.ceil((end - start) / (10 * yearMs)));
  while (t.getTime() < end && out.length < 40) {
    out.push(t.getTime());
    if (monthly) t.setUTCMonth(t.getUTCMonth() + step);
    else t.setUTCFullYear(t.getUTCFullYear() + step);
  }
  return out;
}

export function timeline(tree: PictureTree, o: TimelineOptions): Timeline {
  const { items, total } = timelineItems(tree, o, o.maxBars ?? 400);
  const l10n = o.l10n ?? english;
  const warnEnd = o.now + o.warningDays * dayMs;
  // The window: every bar, today and the warning band, but no more than 3 years back and
  // 10 years ahead (a 20-year root would squeeze every leaf into a sliver); longer bars are cut.
  let start = Math.min(o.now - 30 * dayMs, ...items.map((i) => i.from));
  let end = Math.max(warnEnd + 30 * dayMs, ...items.map((i) => i.to ?? i.from));
  start = Math.max(start, o.now - 3 * yearMs);
  end = Math.min(end, o.now + 10 * yearMs);
  const x = (t: number) => labelWidth + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * chartWidth;
  const width = labelWidth + chartWidth + stateWidth;
  const height = top + Math.max(1, items.length) * rowHeight + 16;
  const parts: string[] = [];
  for (const t of ticks(start, end)) {
    parts.push(tag('line', { x1: x(t), x2: x(t), y1: top - 6, y2: height - 12, class: 'axis' }));
    parts.push(text(x(t), top - 12, new Date(t).toISOString().slice(0, end - start < 3 * yearMs ? 7 : 4), { class: 'muted-text', 'font-size': 10, 'text-anchor': 'middle' }));
  }
  parts.push(tag('rect', { x: x(o.now), y: top - 6, width: Math.max(1, x(warnEnd) - x(o.now)), height: height - top - 6, class: 'warn-band' }, tag('title', {}, esc(l10n.t('Warning window: {0} days (certwright.expiryWarningDays)', o.warningDays)))));
  items.forEach((item, i) => {
    const y = top + i * rowHeight;
    const x1 = x(item.from);
    const x2 = item.to !== undefined ? x(item.to) : labelWidth + chartWidth;
    const cutLeft = item.from < start;
    const cutRight = item.to === undefined || item.to > end;
    const bar = tag('rect', { x: x1, y: y + 5, width: Math.max(3, x2 - x1), height: 12, rx: 3, class: `bar-${item.tone}` });
    const cuts = (cutLeft ? text(x1 + 2, y + 15, '‹', { class: 'badge-text' }) : '') + (cutRight ? text(x2 - 7, y + 15, '›', { class: 'badge-text' }) : '');
    const name = item.kind === 'crl' ? l10n.t('CRL {0}', item.label) : l10n.t('Certificate {0}', item.label);
    const tooltip = `${name}\n${isoDay(item.from)} → ${item.to !== undefined ? isoDay(item.to) : l10n.t('no end')} (${item.state})\n${item.path}`;
    const row = tag('rect', { x: 0, y, width, height: rowHeight, fill: 'transparent', class: 'focus-ring' }) + text(6, y + 15, fit(item.label, 34), { 'font-size': 12 }) + bar + cuts + text(labelWidth + chartWidth + 8, y + 15, item.state, { class: 'muted-text', 'font-size': 11 });
    parts.push(openable(item.id, `${name}, ${item.state}`, tooltip, row));
  });
  parts.push(tag('line', { x1: x(o.now), x2: x(o.now), y1: top - 10, y2: height - 8, class: 'today' }));
  parts.push(text(x(o.now), top - 26, l10n.t('today {0}', isoDay(o.now)), { 'font-size': 11, 'text-anchor': 'middle' }));
  if (!items.length) parts.push(text(labelWidth, top + 15, l10n.t('No certificates or CRLs in this workspace.'), { class: 'muted-text' }));
  const label = total > items.length ? l10n.t('Expiry timeline of the {0} soonest of {1} certificates and CRLs', items.length, total) : l10n.t('Expiry timeline of {0} certificates and CRLs', items.length);
  return { svg: svgDocument(width, height, label, parts.join('')), items, total };
}
