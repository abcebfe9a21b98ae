/**
 * The little SVG vocabulary of the pictures (timeline, chain diagram): escaped
 * text, elements from attribute maps, rounded "pill" badges. Pure string
 * building; colours come from CSS classes (client/media/webview.css) so the
 * pictures follow the theme.
 */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Attrs = Readonly<Record<string, string | number | undefined>>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(typeof v === 'number' ? String(Math.round(v * 10) / 10) : v!)}"`)
    .join('');
}

/** An element; `children` is already SVG markup (built by these functions). */
export function tag(name: string, a: Attrs, children = ''): string {
  return children ? `<${name}${attrs(a)}>${children}</${name}>` : `<${name}${attrs(a)}/>`;
}

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return tag('text', { x, y, ...a }, esc(content));
}

/** Cuts a label to about `max` characters (SVG text does not wrap or clip by itself). */
export function fit(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}

export type Tone = 'ok' | 'warn' | 'error';

/** Text length in Latin-letter widths: CJK characters (translated labels) take about two. */
export function textUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1.9 : 1;
  return n;
}

/** A rounded badge with a word in it; returns the markup and its width. */
export function pill(x: number, y: number, word: string, tone: Tone): { svg: string; width: number } {
  const width = 8 + textUnits(word) * 6.2;
  return {
    svg: tag('rect', { x, y, width, height: 14, rx: 7, class: `badge-${tone}` }) + text(x + width / 2, y + 10.5, word, { class: 'badge-text', 'text-anchor': 'middle' }),
    width,
  };
}

/** An element that opens a workspace item: focusable, a link for screen readers, with a tooltip. */
export function openable(id: string, label: string, tooltip: string, children: string): string {
  return tag('g', { 'data-open': id, tabindex: 0, role: 'link', 'aria-label': label }, tag('title', {}, esc(tooltip)) + children);
}

export function svgDocument(width: number, height: number, label: string, body: string): string {
  return tag('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, body);
}
