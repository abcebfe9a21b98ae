/**
 * The parser's compact output: one row of small integers per statement in a
 * growable Int32Array, instead of a tree of objects. A million-line file then
 * costs a few typed arrays rather than millions of live objects (which is what
 * made V8's garbage collector dominate on large files). Node objects are built
 * from the rows only when an editor feature asks for them (syntaxDocument.ts).
 *
 * Row layout (STRIDE columns), by kind:
 * - every row: KIND, START, END (statement range), SIDE (index of a node built
 *   eagerly by the parser's general path, or -1), LINE_START, LINE_END (the
 *   physical line, for rows without a side node).
 * - assignment: A key start, B key end, C `=`, D value start, E value end,
 *   FLAGS bit PLAIN when the value has no `$`, backslash or quote.
 * - fast rows keep, in FLAGS above CUT_SHIFT, where the comment starts in the line
 *   (relative to LINE_START; the line's length when there is none).
 * - section: A name start, B name end, C `]`, D start of ignored trailing text or -1,
 *   E index of the (unescaped) name in `names`.
 * - pragma (fast rows: `.pragma name:value` with a known name and valid value): A name
 *   start, B name end, C `:`, D value start, E value end.
 * Rows with a side node (continued lines, `section::key`, escapes in names,
 * `.include`, other `.pragma` lines, errors) still fill A..E with source offsets where the
 * kind has them, but readers take strings from the side node.
 */

import type { SectionHeaderNode, StatementNode } from './nodes';

export const STRIDE = 12;
export const KIND = 0;
export const START = 1;
export const END = 2;
export const A = 3;
export const B = 4;
export const C = 5;
export const D = 6;
export const E = 7;
export const SIDE = 8;
export const LINE_START = 9;
export const LINE_END = 10;
export const FLAGS = 11;

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
