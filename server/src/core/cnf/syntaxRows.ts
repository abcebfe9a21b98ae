/**
 * The parser's compact output: one row of small integers per statement in a
 * growable Int32Array, instead of a tree of objects. A million-line file then
 * costs a few typed arrays rather than millions of live objects (which is what
 * made V8's garbage collector dominate on large files). Node objects are built
 * from the rows only when an editor feature asks for them (syntaxDocument.ts).
 *
 * Row layout (STRIDE columns), by kind:
 * - every row: KIND, START, END (statement range), SIDE: the index of a node built
 *   eagerly by the parser's general path, or, negative for rows read in place, ~flags:
 *   FLAG_PLAIN when an assignment's value has no `$`, backslash or quote, and above
 *   CUT_SHIFT where the comment starts in the line (relative to the line's start; the
 *   line's length when there is none). A row read in place is one physical line: its
 *   start and end are found from START and END in the text (see lineOf).
 * - assignment: A key start, B key end, D value start, E value end (E = END).
 * - section: A name start, B name end, D start of ignored trailing text or -1,
 *   E index of the (unescaped) name in `names`.
 * - pragma (rows read in place: `.pragma name:value` with a known name and valid value):
 *   A name start, B name end, D value start, E value end.
 * Rows with a side node (continued lines, `section::key`, escapes in names,
 * `.include`, other `.pragma` lines, errors) still fill A..E with source offsets where the
 * kind has them, but readers take strings from the side node.
 *
 * Eight columns, not more: on a 1,000,000-line file each column is 3 MB that a lint holds
 * to its end. What a node needs besides (`=`, `]`, the physical line) is found in the text
 * when the node is built.
 */

import type { SectionHeaderNode, StatementNode } from './nodes';

export const STRIDE = 8;
export const KIND = 0;
export const START = 1;
export const END = 2;
export const A = 3;
export const B = 4;
export const D = 5;
export const E = 6;
export const SIDE = 7;

export const KIND_ASSIGNMENT = 0;
export const KIND_SECTION = 1;
export const KIND_INCLUDE = 2;
export const KIND_PRAGMA = 3;
export const KIND_ERROR = 4;

export const FLAG_PLAIN = 1;
export const CUT_SHIFT = 1;

export const kindNames = ['assignment', 'section', 'include', 'pragma', 'error'] as const;

export interface SyntaxRows {
  /** `count * STRIDE` meaningful entries. */
  readonly data: Int32Array;
  readonly count: number;
  /** Nodes the parser built directly (see SIDE). */
  readonly side: readonly StatementNode[];
  /** Section names of fast section rows (column E). */
  readonly names: readonly string[];
}

/** The flags of a row read in place (see SIDE); 0 for a row with a side node. */
export function rowFlags(data: Int32Array, at: number): number {
  const s = data[at + SIDE]!;
  return s < 0 ? ~s : 0;
}

/** The name section row `r` opens (fast rows keep it in `names`, others in their node). */
export function sectionNameOf(rows: SyntaxRows, r: number): string {
  const at = r * STRIDE;
  const side = rows.data[at + SIDE]!;
  return side < 0 ? rows.names[rows.data[at + E]!]! : (rows.side[side] as SectionHeaderNode).name.value;
}

/** A growable Int32Array written row by row. */
export class RowWriter {
  data: Int32Array;
  count = 0;
  constructor(
    private readonly stride: number,
    capacity: number,
  ) {
    this.data = new Int32Array(Math.max(16, capacity) * stride);
  }
  /** Index of a new row (its columns are zero). */
  add(): number {
    const at = this.count * this.stride;
    if (at + this.stride > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.count++;
    return at;
  }
}
