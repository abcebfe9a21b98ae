/**
 * Folding for openssl.cnf: each section from its header to its last statement
 * (comments that precede the next header stay visible, they usually describe it),
 * and runs of two or more whole-line comments. Pure, offsets; the host turns them
 * into lines and drops single-line ranges.
 */
import type { CnfDocument } from './nodes';
import * as R from './syntaxRows';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-line loops.
const { END, KIND, KIND_SECTION, START, STRIDE } = R;

export interface CnfFold {
  readonly start: number;
  readonly end: number;
  readonly kind?: 'comment' | 'region';
}

function isBlankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Whether only blanks precede `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < 0 || text.charCodeAt(i) === 10;
}

export function foldingRanges(doc: CnfDocument): CnfFold[] {
  const out: CnfFold[] = [];
  // Section blocks from the parser's rows (a row holds its statement's range): no node is built.
  const d = doc.rows.data;
  const rows = doc.statementCount;
  for (let i = 0; i < rows; i++) {
    if (d[i * STRIDE + KIND] !== KIND_SECTION) continue;
    let last = i;
    while (last + 1 < rows && d[(last + 1) * STRIDE + KIND] !== KIND_SECTION) last++;
    if (last === i) continue;
    out.push({ start: d[i * STRIDE + START]!, end: Math.max(d[last * STRIDE + END]!, d[i * STRIDE + END]!) });
    i = last;
  }
  // Runs of whole-line comments on consecutive lines.
  const text = doc.text;
  let runStart = -1;
  let runEnd = -1;
  let count = 0;
  const flush = (): void => {
    if (count >= 2) out.push({ start: runStart, end: runEnd, kind: 'comment' });
    count = 0;
  };
  for (const c of doc.comments) {
    if (!startsLine(text, c.start)) {
      flush();
      continue;
    }
    const nl = count ? text.indexOf('\n', runEnd) : -1;
    const consecutive = count > 0 && nl !== -1 && nl < c.start && isBlankBetween(text, runEnd, nl) && isBlankBetween(text, nl + 1, c.start);
    if (!consecutive) {
      flush();
      runStart = c.start;
    }
    runEnd = c.end;
    count++;
  }
  flush();
  return out;
}
