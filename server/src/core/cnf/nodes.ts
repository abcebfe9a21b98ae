/**
 * Syntax tree of one openssl.cnf file, as OpenSSL 3's `def_load_bio` reads it.
 * Every node carries source offsets [start, end) into the text it was parsed from.
 *
 * OpenSSL works on *logical* lines: physical lines glued by a trailing `\`
 * (continuation happens before comments are cut). A node keeps the logical
 * line it came from so that positions inside a value can be mapped back to the
 * source with {@link lineOffset}.
 */

import type { SyntaxRows } from './syntaxRows';

/** A range of source offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * One logical line. `text` is the glued line (trailing CR/LF and continuation
 * backslashes removed, comment NOT yet cut). `start` is the source offset of
 * `text[0]`. `joins` is present only for continued lines: flat pairs
 * `[logicalIndex, sourceOffset, ...]`, one pair per physical line after the first.
 */
export interface LogicalLine {
  readonly text: string;
  readonly start: number;
  /** Source offset just after the last character of the last physical line (before its line break). */
  readonly end: number;
  readonly joins?: readonly number[];
  /** Index in `text` where the comment begins (== text.length when there is none). */
  readonly cut: number;
}

/** Source offset of index `i` of a logical line's text. */
export function lineOffset(line: LogicalLine, i: number): number {
  const j = line.joins;
  if (!j) return line.start + i;
  let base = line.start;
  let from = 0;
  for (let k = 0; k < j.length; k += 2) {
    if (i < j[k]!) break;
    from = j[k]!;
    base = j[k + 1]!;
  }
  return base + (i - from);
}

/** A name (key, section) as written, with its range. `value` is what OpenSSL stores. */
export interface NameToken extends Span {
  readonly value: string;
}

export interface CommentNode extends Span {
  readonly kind: 'comment';
}

/** `[ name ]`. */
export interface SectionHeaderNode extends Span {
  readonly kind: 'section';
  readonly line: LogicalLine;
  /** The section name (inner whitespace kept, escapes resolved) and its range inside the brackets. */
  readonly name: NameToken;
  /** Offset of `]`. */
  readonly close: number;
  /** Text after `]` that OpenSSL ignores (CNF-021), when there is some. */
  readonly trailing?: Span;
}

/** `name = value` or `section::name = value`. */
export interface AssignmentNode extends Span {
  readonly kind: 'assignment';
  readonly line: LogicalLine;
  /** The key as OpenSSL stores it (raw: escapes are kept in names, as OpenSSL does). */
  readonly key: NameToken;
  /** `section::` prefix: the section this assignment goes into. */
  readonly target?: NameToken;
  /** Offset of `=`. */
  readonly eq: number;
  /** The trimmed raw value: indices into `line.text` and source range. Expansion happens in the loader. */
  readonly value: RawValue;
}

/** A value before expansion. */
export interface RawValue extends Span {
  /** Raw text (quotes, escapes and `$refs` not yet processed). */
  readonly raw: string;
  /** Index of raw[0] in the logical line's text. */
  readonly from: number;
}

/** `.include path` (also `.include = path`). */
export interface IncludeNode extends Span {
  readonly kind: 'include';
  readonly line: LogicalLine;
  /** The `.include` keyword as written (a longer word like `.includes` also counts, CNF-056). */
  readonly keyword: NameToken;
  readonly target?: NameToken;
  readonly path: RawValue;
}

/** `.pragma keyword:value`. */
export interface PragmaNode extends Span {
  readonly kind: 'pragma';
  readonly line: LogicalLine;
  readonly keyword: NameToken;
  /** `dollarid`, `abspath`, `includedir` or anything else (ignored by OpenSSL). */
  readonly name?: NameToken;
  readonly value?: NameToken;
}

/** A line OpenSSL refuses to load (missing `=`, bad section header, invalid pragma). */
export interface ErrorLineNode extends Span {
  readonly kind: 'error';
  readonly line: LogicalLine;
  readonly code: string;
  readonly message: string;
}

export type StatementNode = SectionHeaderNode | AssignmentNode | IncludeNode | PragmaNode | ErrorLineNode;

/** Problems found while reading a file that do not stop OpenSSL (warnings, info). */
export interface ParseNote extends Span {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
}

/** Statements between two section headers of one file (textual, for outline and folding). */
export interface SectionBlock extends Span {
  /** Undefined for the statements before the first header (the `default` section of this file). */
  readonly header?: SectionHeaderNode;
  /** Name of the section as written in this file (`default` for the leading block). */
  readonly name: string;
  readonly statements: readonly StatementNode[];
}

export interface CnfDocument {
  readonly text: string;
  /** Statements in file order. Blank and comment-only lines are not statements. Built on first use. */
  readonly statements: readonly StatementNode[];
  readonly comments: readonly CommentNode[];
  /** The comments as flat [start, end) pairs in file order, what `comments` is built from (read without building it). */
  readonly commentOffsets: Int32Array;
  /** Textual blocks: one leading block (possibly empty) plus one per header. */
  readonly blocks: readonly SectionBlock[];
  /** Non-fatal notes found by the parser alone (CNF-010, CNF-011, CNF-021, CNF-022, CNF-040, CNF-052, CNF-056). */
  readonly notes: readonly ParseNote[];
  /** Whether the file starts with a UTF-8 byte-order mark that was skipped. */
  readonly bom: boolean;
  /** `dollarid` state at the end of the file (pragma), for the loader. */
  readonly dollaridAtEnd: boolean;
  /** The compact rows behind `statements`, which the loader reads without building nodes. */
  readonly rows: SyntaxRows;
  readonly statementCount: number;
  /** `statements[i]`, without building the others. */
  statementAt(i: number): StatementNode;
}
