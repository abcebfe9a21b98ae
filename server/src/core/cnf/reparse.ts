/**
 * Incremental re-parse of an openssl.cnf after an edit: the result is exactly
 * what parseCnf gives on the new text (a property test checks it), at the cost
 * of the lines the edit touched.
 *
 * openssl.cnf is line-oriented. The parser's only state between logical lines
 * is the `.pragma dollarid` setting, and a logical line ends where a physical
 * line does not end in a continuation backslash — a property of that physical
 * line alone. So the scan restarts at the logical line holding the edit and
 * stops at the first logical line start after it where the old parse was also
 * at a logical line start with the same `dollarid` state; from there the old
 * rows, comments and notes are reused, moved by the edit's length change.
 * Section structure, variables and includes are the loader's business
 * (expand.ts), which runs on the result.
 */

import type { AssignmentNode, CnfDocument, IncludeNode, LogicalLine, NameToken, ParseNote, PragmaNode, SectionHeaderNode, StatementNode } from './nodes';
import type { ChangedRegion } from './edits';
import { parseCnf, scanCnf } from './parser';
import { ParsedCnf, type RowChange } from './syntaxDocument';
import * as R from './syntaxRows';
import { append } from '../append';
import { lowerBound } from '../lowerBound';

const { STRIDE, KIND, START, END, A, B, D, E, SIDE, KIND_ASSIGNMENT, KIND_ERROR, KIND_PRAGMA, KIND_SECTION } = R;

/** Whether the physical line [from, to) (its line break excluded) continues onto the next one. */
function continues(text: string, from: number, to: number): boolean {
  let e = to;
  while (e > from && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 10)) e--;
  // The parser's test: the last character is a backslash and the one before is not. On a
  // continued line "the one before" may be the previous piece's last character, which is
  // never a backslash (that one was dropped as a continuation mark or ended the test).
  return e > from && text.charCodeAt(e - 1) === 92 && !(e - 1 > from && text.charCodeAt(e - 2) === 92);
}

/** Start of the physical line that ends with the line break at `nl` (text[nl] is '\n'). */
function lineStartBefore(text: string, nl: number): number {
  return nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
}

/** Whether `pos` (a physical line start) starts a logical line: the line before it does not continue. */
function logicalStart(text: string, pos: number, floor: number): boolean {
  return pos <= floor || !continues(text, lineStartBefore(text, pos - 1), pos - 1);
}

/**
 * The document for `text`, which is `prev.text` with `region` changed. Falls back to a
 * full parse when the edit reaches the first line (the BOM decision) or `prev` is not a
 * document this parser made. With `consume`, prev's row table is reused in place (no
 * allocation of the size of the file on each keystroke): prev must not be read afterwards.
 */
export function reparseCnf(prev: CnfDocument, text: string, region: ChangedRegion, consume = false): CnfDocument {
  if (!(prev instanceof ParsedCnf)) return parseCnf(text);
  const old = prev.text;
  const options = prev.options;
  const floor = prev.bom ? 1 : 0;
  const delta = region.newEnd - region.oldEnd;
  if (region.start <= floor || old.length + delta !== text.length) return parseCnf(text, options);

  // Restart at the logical line holding the edit: back over physical lines continued into it.
  let from = Math.max(floor, text.lastIndexOf('\n', region.start - 1) + 1);
  while (!logicalStart(text, from, floor)) from = Math.max(floor, lineStartBefore(text, from - 1));

  // Re-scan until old and new agree again: past the edit, at a logical line start in both
  // texts, with the same dollarid state.
  const part = scanCnf(text, from, prev.dollaridAt(from), options.generalPathOnly === true, region.newEnd + 1, (pos, dollarid) => {
    const o = pos - delta;
    return logicalStart(old, o, floor) && prev.dollaridAt(o) === dollarid;
  });
  const stop = part.end;
  const reuse = stop < text.length;
  const oldStop = reuse ? stop - delta : old.length + 1;

  // Old rows: [0, r0) kept, [r0, r1) replaced, [r1, count) moved by delta.
  const rows = prev.rows;
  const d = rows.data;
  // By statement start: from and oldStop are logical line starts, so a row starts at or after
  // one of them exactly when its line does.
  const rowStart = (i: number): number => d[i * STRIDE + START]!;
  const r0 = lowerBound(0, rows.count, from, rowStart);
  const r1 = reuse ? lowerBound(r0, rows.count, oldStop, rowStart) : rows.count;
  const s0 = lowerBound(0, rows.side.length, from, (i) => rows.side[i]!.line.start);
  const s1 = reuse ? lowerBound(s0, rows.side.length, oldStop, (i) => rows.side[i]!.line.start) : rows.side.length;
  const n0 = namesBefore(d, r0, rows.count, rows.names.length);
  const n1 = reuse ? namesBefore(d, r1, rows.count, rows.names.length) : rows.names.length;
  const sideShift = s0 + part.side.length - s1;
  const namesShift = n0 + part.names.length - n1;

  const keys = r1 - r0 === part.rowCount ? changedKeys(old, d, r0, text, part.rows, part.rowCount, rows.side, part.side) : undefined;
  // One section header replaced by one: its old name (read now, before the rows are overwritten).
  const oldSection = r1 - r0 === 1 && part.rowCount === 1 && d[r0 * STRIDE + KIND] === KIND_SECTION && part.rows[KIND] === KIND_SECTION ? R.sectionNameOf(rows, r0) : undefined;
  const header = keys === undefined ? headerChange(old, d, r0, r1 - r0, text, part.rows, part.rowCount, rows, part.side) : undefined;
  // Error lines (no `=`, a header not closed yet: what a line is while it is typed) make no entry and no section.
  const errorRows = keys === undefined && !header && oldSection === undefined && sameKeysBesideErrors(old, d, r0, r1, text, part.rows, part.rowCount, rows.side, part.side);
  const valuesOnly = keys === 'same' || errorRows;
  const count = r0 + part.rowCount + (rows.count - r1);
  let out: Int32Array;
  if (consume && d.length >= count * STRIDE) {
    // The moved rows first: a region that grew would otherwise overwrite them.
    out = d;
    if (r1 !== r0 + part.rowCount) out.copyWithin((r0 + part.rowCount) * STRIDE, r1 * STRIDE, rows.count * STRIDE);
  } else {
    // Room for rows later edits add, so that they can work in place.
    out = new Int32Array(Math.max(16, count + (count >> 3)) * STRIDE);
    out.set(d.subarray(0, r0 * STRIDE));
    out.set(d.subarray(r1 * STRIDE, rows.count * STRIDE), (r0 + part.rowCount) * STRIDE);
  }
  out.set(part.rows.subarray(0, part.rowCount * STRIDE), r0 * STRIDE);
  for (let i = r0; i < r0 + part.rowCount; i++) renumber(out, i * STRIDE, s0, n0);
  const tail = (r0 + part.rowCount) * STRIDE;
  if (delta !== 0 || sideShift !== 0 || namesShift !== 0) for (let at = tail; at < count * STRIDE; at += STRIDE) move(out, at, delta, sideShift, namesShift);

  const side = rows.side.slice(0, s0).concat(part.side);
  for (let i = s1; i < rows.side.length; i++) side.push(delta ? moveNode(rows.side[i]!, delta) : rows.side[i]!);
  const names = rows.names.slice(0, n0).concat(part.names, rows.names.slice(n1));

  const c = prev.commentOffsets;
  const commentAt = (i: number): number => c[i * 2]!;
  const c0 = lowerBound(0, c.length / 2, from, commentAt);
  const c1 = reuse ? lowerBound(c0, c.length / 2, oldStop, commentAt) : c.length / 2;
  // As many comments as before (the common case): prev's table is reused in place, like its rows.
  const comments = consume && (c1 - c0) * 2 === part.comments.length ? c : new Int32Array(c0 * 2 + part.comments.length + (c.length - c1 * 2));
  if (comments !== c) {
    comments.set(c.subarray(0, c0 * 2));
    comments.set(c.subarray(c1 * 2), c0 * 2 + part.comments.length);
  }
  comments.set(part.comments, c0 * 2);
  const ct = c0 * 2 + part.comments.length;
  if (delta) for (let i = ct; i < comments.length; i++) comments[i]! += delta;

  const notes = prev.notes;
  const noteAt = (i: number): number => notes[i]!.start;
  const t0 = lowerBound(0, notes.length, from, noteAt);
  const t1 = reuse ? lowerBound(t0, notes.length, oldStop, noteAt) : notes.length;
  const newNotes: ParseNote[] = notes.slice(0, t0).concat(part.notes);
  for (let i = t1; i < notes.length; i++) newNotes.push(delta ? { ...notes[i]!, start: notes[i]!.start + delta, end: notes[i]!.end + delta } : notes[i]!);

  const m = prev.dollaridMarks;
  const marks: number[] = [];
  for (let k = 0; k < m.length; k += 2) if (m[k]! < from) marks.push(m[k]!, m[k + 1]!);
  append(marks, part.marks);
  if (reuse) for (let k = 0; k < m.length; k += 2) if (m[k]! >= oldStop) marks.push(m[k]! + delta, m[k + 1]!);

  const change = { row: r0, oldRows: r1 - r0, newRows: part.rowCount, from, oldStop: reuse ? oldStop : old.length, stop, delta, valuesOnly, ...(Array.isArray(keys) ? { oldKeys: keys } : {}), ...(oldSection !== undefined ? { oldSection } : {}), ...(header ? { header } : {}), ...(errorRows ? { errorRows } : {}) };
  return new ParsedCnf(text, { data: out, count, side, names }, comments, newNotes, prev.bom, reuse ? prev.dollaridAtEnd : part.dollarid, marks, options, change);
}

/**
 * When old rows from r0 and the n new rows are all `key = value` rows: 'same' when their keys
 * are the same, else (all read in place) the old rows' keys (read now: a re-parse in place
 * overwrites the old rows). A row of the parser's general path (a continued line, escapes in
 * the key, `section::key`) counts when it is one in both, with the same key and target.
 * Undefined when some row is of another kind.
 */
function changedKeys(old: string, d: Int32Array, r0: number, text: string, rows: Int32Array, n: number, oldSide: readonly StatementNode[], newSide: readonly StatementNode[]): 'same' | string[] | undefined {
  let same = true;
  let general = false;
  for (let i = 0; i < n; i++) {
    const o = (r0 + i) * STRIDE;
    const at = i * STRIDE;
    if (d[o + KIND] !== KIND_ASSIGNMENT || rows[at + KIND] !== KIND_ASSIGNMENT) return undefined;
    const g = generalPair(d, o, rows, at, oldSide, newSide);
    if (g === 'differ') return undefined;
    if (g === 'same') {
      general = true;
      continue;
    }
    const ks = d[o + A]!;
    const ke = d[o + B]!;
    if (ke - ks !== rows[at + B]! - rows[at + A]! || !text.startsWith(old.slice(ks, ke), rows[at + A]!)) same = false;
  }
  if (same) return 'same';
  if (general) return undefined;
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(old.slice(d[(r0 + i) * STRIDE + A]!, d[(r0 + i) * STRIDE + B]!));
  return keys;
}

/**
 * Whether the old rows [r0, r1) and the n new rows, error rows left out on both sides (there
 * is one at least), are `key = value` rows with the same keys, pairwise.
 */
function sameKeysBesideErrors(old: string, d: Int32Array, r0: number, r1: number, text: string, rows: Int32Array, n: number, oldSide: readonly StatementNode[], newSide: readonly StatementNode[]): boolean {
  let errors = 0;
  let i = r0;
  let j = 0;
  for (;;) {
    for (; i < r1 && d[i * STRIDE + KIND] === KIND_ERROR; i++) errors++;
    for (; j < n && rows[j * STRIDE + KIND] === KIND_ERROR; j++) errors++;
    if (i === r1 || j === n) return i === r1 && j === n && errors > 0;
    if (!sameKey(old, d, i, text, rows, j, oldSide, newSide)) return false;
    i++;
    j++;
  }
}

/** Whether old row o and new row j are `key = value` rows with the same key (and `section::` target): see changedKeys. */
function sameKey(old: string, d: Int32Array, o: number, text: string, rows: Int32Array, j: number, oldSide: readonly StatementNode[], newSide: readonly StatementNode[]): boolean {
  const oa = o * STRIDE;
  const na = j * STRIDE;
  if (d[oa + KIND] !== KIND_ASSIGNMENT || rows[na + KIND] !== KIND_ASSIGNMENT) return false;
  const g = generalPair(d, oa, rows, na, oldSide, newSide);
  if (g !== 'plain') return g === 'same';
  const ks = d[oa + A]!;
  const ke = d[oa + B]!;
  return ke - ks === rows[na + B]! - rows[na + A]! && text.startsWith(old.slice(ks, ke), rows[na + A]!);
}

/**
 * Two `key = value` rows (at data offsets oa and na) when either is of the parser's general path
 * (it has a side node): 'same' when both are, with the same key and `section::` target, else
 * 'differ'; 'plain' when neither is (their keys are compared in the text).
 */
function generalPair(d: Int32Array, oa: number, rows: Int32Array, na: number, oldSide: readonly StatementNode[], newSide: readonly StatementNode[]): 'plain' | 'same' | 'differ' {
  const os = d[oa + SIDE]!;
  const ns = rows[na + SIDE]!;
  if (os < 0 && ns < 0) return 'plain';
  const a = os >= 0 ? oldSide[os] : undefined;
  const b = ns >= 0 ? newSide[ns] : undefined;
  return a?.kind === 'assignment' && b?.kind === 'assignment' && a.key.value === b.key.value && a.target?.value === b.target?.value ? 'same' : 'differ';
}

/**
 * When the new rows are the old ones with one section header inserted, or the old ones are the
 * new ones with one deleted, and the other rows are `key = value` lines with the same keys:
 * the header's row and (deleted) the name it opened, read now, before a re-parse in place
 * overwrites the old rows. Undefined otherwise.
 */
function headerChange(old: string, d: Int32Array, r0: number, n: number, text: string, rows: Int32Array, m: number, prev: R.SyntaxRows, newSide: readonly StatementNode[]): RowChange['header'] {
  if (m !== n + 1 && n !== m + 1) return undefined;
  const inserted = m > n;
  // The header: the one section row of the longer side.
  let j = -1;
  const count = inserted ? m : n;
  for (let i = 0; i < count; i++) {
    if ((inserted ? rows[i * STRIDE + KIND] : d[(r0 + i) * STRIDE + KIND]) !== KIND_SECTION) continue;
    if (j >= 0) return undefined;
    j = i;
  }
  if (j < 0) return undefined;
  // The rows before and after it, paired with the other side's (changedKeys: all assignments with the same keys).
  const before = j === 0 || changedKeys(old, d, r0, text, rows, j, prev.side, newSide) === 'same';
  const rest = count - 1 - j;
  const after = rest === 0 || (inserted ? changedKeys(old, d, r0 + j, text, rows.subarray((j + 1) * STRIDE), rest, prev.side, newSide) : changedKeys(old, d, r0 + j + 1, text, rows.subarray(j * STRIDE), rest, prev.side, newSide)) === 'same';
  if (!before || !after) return undefined;
  return inserted ? { row: r0 + j, inserted } : { row: r0 + j, inserted, oldName: R.sectionNameOf(prev, r0 + j) };
}

/** Index in `names` of the first fast section row at or after row r (names are numbered in row order). */
function namesBefore(d: Int32Array, r: number, count: number, total: number): number {
  for (let i = r; i < count; i++) {
    const at = i * STRIDE;
    if (d[at + KIND] === KIND_SECTION && d[at + SIDE]! < 0) return d[at + E]!;
  }
  return total;
}

/** A freshly scanned row: its side and name indices counted from the document's start. */
function renumber(t: Int32Array, at: number, sideBase: number, namesBase: number): void {
  if (t[at + SIDE]! >= 0) t[at + SIDE]! += sideBase;
  else if (t[at + KIND] === KIND_SECTION) t[at + E]! += namesBase;
}

/** A reused row moved by `delta` characters (see syntaxRows.ts for which columns are offsets). */
function move(t: Int32Array, at: number, delta: number, sideShift: number, namesShift: number): void {
  const kind = t[at + KIND]!;
  t[at + START]! += delta;
  t[at + END]! += delta;
  const side = t[at + SIDE]!;
  if (side >= 0) t[at + SIDE] = side + sideShift;
  if (kind === KIND_ASSIGNMENT || (kind === KIND_PRAGMA && side < 0)) {
    t[at + A]! += delta;
    t[at + B]! += delta;
    t[at + D]! += delta;
    t[at + E]! += delta;
  } else if (kind === KIND_SECTION) {
    t[at + A]! += delta;
    t[at + B]! += delta;
    if (t[at + D]! >= 0) t[at + D]! += delta;
    if (side < 0) t[at + E]! += namesShift;
  }
}

function moveToken(t: NameToken, d: number): NameToken {
  return { value: t.value, start: t.start + d, end: t.end + d };
}

function moveLine(l: LogicalLine, d: number): LogicalLine {
  if (!l.joins) return { text: l.text, start: l.start + d, end: l.end + d, cut: l.cut };
  const joins = l.joins.map((x, k) => (k % 2 ? x + d : x));
  return { text: l.text, start: l.start + d, end: l.end + d, joins, cut: l.cut };
}

/** A node the parser built, moved by `d` characters (same shape, same optional fields). */
function moveNode(n: StatementNode, d: number): StatementNode {
  const line = moveLine(n.line, d);
  const start = n.start + d;
  const end = n.end + d;
  switch (n.kind) {
    case 'assignment': {
      const a: AssignmentNode = { kind: 'assignment', line, start, end, key: moveToken(n.key, d), target: n.target && moveToken(n.target, d), eq: n.eq + d, value: { raw: n.value.raw, from: n.value.from, start: n.value.start + d, end: n.value.end + d } };
      return a;
    }
    case 'section': {
      const s: SectionHeaderNode = { kind: 'section', line, start, end, name: moveToken(n.name, d), close: n.close + d, ...(n.trailing ? { trailing: { start: n.trailing.start + d, end: n.trailing.end + d } } : {}) };
      return s;
    }
    case 'include': {
      const i: IncludeNode = { kind: 'include', line, start, end, keyword: moveToken(n.keyword, d), ...(n.target ? { target: moveToken(n.target, d) } : {}), path: { raw: n.path.raw, from: n.path.from, start: n.path.start + d, end: n.path.end + d } };
      return i;
    }
    case 'pragma': {
      const p: PragmaNode = { kind: 'pragma', line, start, end, keyword: moveToken(n.keyword, d), ...(n.name ? { name: moveToken(n.name, d) } : {}), ...(n.value ? { value: moveToken(n.value, d) } : {}) };
      return p;
    }
    case 'error':
      return { kind: 'error', line, start, end, code: n.code, message: n.message };
  }
}
