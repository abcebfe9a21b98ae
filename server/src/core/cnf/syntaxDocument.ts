/**
 * A parsed openssl.cnf as the rest of the core sees it: the compact rows the
 * loader reads, and the syntax nodes (statements, comments, section blocks)
 * built from them on first use, for the editor features. Nodes are built once
 * and then shared, so a node's identity is stable (features key maps on it).
 */

import type { AssignmentNode, CnfDocument, CommentNode, LogicalLine, ParseNote, PragmaNode, SectionBlock, SectionHeaderNode, StatementNode } from './nodes';
import type { ParseOptions } from './parser';
import * as R from './syntaxRows';
import { lowerBound } from '../lowerBound';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-line loops.
const { A, B, CUT_SHIFT, D, E, END, KIND, KIND_PRAGMA, KIND_SECTION, SIDE, START, STRIDE } = R;

/**
 * What an incremental re-parse changed: rows [row, row + oldRows) of the old document became
 * rows [row, row + newRows); the text from `from` to `oldStop` (old offsets) was scanned again
 * (up to `stop` in the new text), and everything after it moved by `delta` characters.
 */
export interface RowChange {
  readonly row: number;
  readonly oldRows: number;
  readonly newRows: number;
  readonly from: number;
  readonly oldStop: number;
  readonly stop: number;
  readonly delta: number;
  /**
   * The changed rows are `key = value` lines, the same keys in the same order: only values
   * changed (and, with errorRows, lines that are errors came or went between them).
   */
  readonly valuesOnly: boolean;
  /** Error rows (which make no entry or section) are among the changed rows, old or new: row indices after them may differ. */
  readonly errorRows?: boolean;
  /**
   * When the changed rows are `key = value` lines read in place, as many as before, and some
   * keys differ (a key edited): the old rows' keys, in order. The loader may then patch.
   */
  readonly oldKeys?: readonly string[];
  /** When one section header row replaced one (a header edited in place): the name the old one opened. */
  readonly oldSection?: string;
  /**
   * When the edit inserted or deleted one section header and left the other changed rows
   * `key = value` lines with the same keys: the header's row (in the new document when
   * inserted, in the old one when deleted) and, deleted, the name it opened.
   */
  readonly header?: { readonly row: number; readonly inserted: boolean; readonly oldName?: string };
}

export class ParsedCnf implements CnfDocument {
  private built: (StatementNode | undefined)[] | undefined;
  private statementList: readonly StatementNode[] | undefined;
  private commentList: readonly CommentNode[] | undefined;
  private blockList: readonly SectionBlock[] | undefined;

  constructor(
    readonly text: string,
    readonly rows: R.SyntaxRows,
    readonly commentOffsets: Int32Array,
    readonly notes: readonly ParseNote[],
    readonly bom: boolean,
    readonly dollaridAtEnd: boolean,
    /** Flat pairs [line start, state after] of each `.pragma dollarid` line, in order. */
    readonly dollaridMarks: readonly number[],
    /** What the text was parsed with (a re-parse after an edit uses the same). */
    readonly options: ParseOptions,
    /** Set by an incremental re-parse: what changed from the document it started from. */
    readonly change?: RowChange,
  ) {}

  /** The `dollarid` state the parser had at the start of the logical line at `offset`. */
  dollaridAt(offset: number): boolean {
    const m = this.dollaridMarks;
    // The last mark before offset (marks are in file order): a file may have one on every other line.
    const k = lowerBound(0, m.length >> 1, offset, (i) => m[i * 2]!) - 1;
    return k >= 0 ? m[k * 2 + 1] === 1 : (this.options.dollarid ?? false);
  }

  get statementCount(): number {
    return this.rows.count;
  }

  /** The node of statement `i` (built on first use). */
  statementAt(i: number): StatementNode {
    const d = this.rows.data;
    const at = i * STRIDE;
    const s = d[at + SIDE]!;
    if (s >= 0) return this.rows.side[s]!;
    const built = (this.built ??= []);
    const hit = built[i];
    if (hit) return hit;
    const node = this.build(at);
    built[i] = node;
    return node;
  }

  get statements(): readonly StatementNode[] {
    if (!this.statementList) {
      const list: StatementNode[] = new Array(this.rows.count);
      for (let i = 0; i < this.rows.count; i++) list[i] = this.statementAt(i);
      this.statementList = list;
    }
    return this.statementList;
  }

  get comments(): readonly CommentNode[] {
    if (!this.commentList) {
      const c = this.commentOffsets;
      const list: CommentNode[] = [];
      for (let i = 0; i < c.length; i += 2) list.push({ kind: 'comment', start: c[i]!, end: c[i + 1]! });
      this.commentList = list;
    }
    return this.commentList;
  }

  get blocks(): readonly SectionBlock[] {
    if (!this.blockList) this.blockList = blocksOf(this.statements, this.text.length);
    return this.blockList;
  }

  /**
   * The physical line of a row read in place: from after the `\n` before START (or the start of the
   * text, after a skipped BOM) to the `\n` after END, without the `\r` and `\n` the scanner strips.
   */
  private lineOf(start: number, end: number): [start: number, end: number] {
    const text = this.text;
    const ls = Math.max(this.bom ? 1 : 0, text.lastIndexOf('\n', start - 1) + 1);
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    while (le > end && (text.charCodeAt(le - 1) === 13 || text.charCodeAt(le - 1) === 10)) le--;
    return [ls, le];
  }

  private build(at: number): StatementNode {
    const d = this.rows.data;
    const text = this.text;
    const start = d[at + START]!;
    const end = d[at + END]!;
    const [ls, le] = this.lineOf(start, end);
    const line: LogicalLine = { text: text.slice(ls, le), start: ls, end: le, cut: R.rowFlags(d, at) >>> CUT_SHIFT };
    if (d[at + KIND] === KIND_SECTION) {
      const trailing = d[at + D]!;
      const header: SectionHeaderNode = {
        kind: 'section',
        line,
        start,
        end,
        name: { value: this.rows.names[d[at + E]!]!, start: d[at + A]!, end: d[at + B]! },
        // The `]` ends the name's trailing blanks (a row read in place has no escapes there).
        close: skipBlanks(text, d[at + B]!),
        ...(trailing >= 0 ? { trailing: { start: trailing, end } } : {}),
      };
      return header;
    }
    const ks = d[at + A]!;
    const ke = d[at + B]!;
    const vs = d[at + D]!;
    const ve = d[at + E]!;
    if (d[at + KIND] === KIND_PRAGMA) {
      const pragma: PragmaNode = {
        kind: 'pragma',
        line,
        start,
        end,
        keyword: { value: '.pragma', start, end: start + 7 },
        name: { value: text.slice(ks, ke), start: ks, end: ke },
        value: { value: text.slice(vs, ve), start: vs, end: ve },
      };
      return pragma;
    }
    const node: AssignmentNode = {
      kind: 'assignment',
      line,
      start,
      end,
      key: { value: text.slice(ks, ke), start: ks, end: ke },
      target: undefined,
      eq: skipBlanks(text, ke),
      value: { raw: text.slice(vs, ve), from: vs - ls, start: vs, end: ve },
    };
    return node;
  }
}

/** The first index from `i` that is not a blank (space, tab, CR, LF) in the text. */
function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
    i++;
  }
}

/** Textual blocks: the statements before the first header, then one block per header. */
function blocksOf(statements: readonly StatementNode[], length: number): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let header: SectionHeaderNode | undefined;
  let start = 0;
  let list: StatementNode[] = [];
  for (const st of statements) {
    if (st.kind === 'section') {
      blocks.push({ header, name: header ? header.name.value : 'default', start, end: st.start, statements: list });
      header = st;
      start = st.start;
      list = [];
    }
    list.push(st);
  }
  blocks.push({ header, name: header ? header.name.value : 'default', start, end: length, statements: list });
  return blocks;
}
