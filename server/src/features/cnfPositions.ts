/**
 * Offsets to LSP positions for the openssl.cnf adapter, without a binary search over all
 * the document's lines for every offset: an answer's offsets mostly come in file order and
 * close together (a completion's items all replace on the cursor's line, a section's name is
 * on its header's line and its end a few lines down, references are sorted), so the last line
 * found is remembered, an offset on it costs a subtraction, and one further down is searched
 * from there, in steps that double. Every position equals `doc.positionAt(offset)` (a unit
 * test compares them).
 */
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lowerBound } from '../core/lowerBound';

export interface PositionAt {
  (offset: number): lsp.Position;
  /** The same position written into `out`: no object made (an outline compares thousands with the last one's). */
  into(offset: number, out: lsp.Position): void;
}

/** `doc.positionAt`, remembering the last line it found. */
export function positionsOf(doc: TextDocument): PositionAt {
  const text = doc.getText();
  const lines = doc.lineCount;
  /** Start offset of line `l` (the text's length past the last line). */
  const startOf = (l: number): number => (l < lines ? doc.offsetAt({ line: l, character: 0 }) : text.length + 1);
  let line = -1;
  let lineStart = 0;
  /** Offset of the next line's start (past the text on the last line). */
  let next = -1;
  const into = (offset: number, out: lsp.Position): void => {
    // positionAt moves an offset right after a '\r' or '\n' (not a line's start) back over it: its own search then.
    const plain = offset <= text.length && (offset === 0 || !isEol(text.charCodeAt(offset - 1)) || (line >= 0 && offset === next));
    if (plain && line >= 0 && offset >= lineStart) {
      if (offset >= next) {
        // Further down: double the step from the remembered line until past the offset, then halve back.
        let lo = line;
        let hi = line + 1;
        for (let step = 1; hi < lines && startOf(hi) <= offset; step *= 2) {
          lo = hi;
          hi = Math.min(lines, hi + step * 2);
        }
        lo = lowerBound(lo + 1, hi, offset + 1, startOf) - 1;
        line = lo;
        lineStart = startOf(lo);
        next = startOf(lo + 1);
      }
      out.line = line;
      out.character = offset - lineStart;
      return;
    }
    const p = doc.positionAt(offset);
    line = p.line;
    lineStart = startOf(p.line);
    next = startOf(p.line + 1);
    out.line = p.line;
    out.character = p.character;
  };
  const at = ((offset: number): lsp.Position => {
    const p = { line: 0, character: 0 };
    into(offset, p);
    return p;
  }) as PositionAt;
  at.into = into;
  return at;
}

function isEol(c: number): boolean {
  return c === 10 || c === 13;
}

/** An LSP range of two offsets. */
export function rangeOf(at: PositionAt, start: number, end: number): lsp.Range {
  return { start: at(start), end: at(end) };
}

export function samePosition(a: lsp.Position, b: lsp.Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** a before b. */
export function before(a: lsp.Position, b: lsp.Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function copy(p: lsp.Position): lsp.Position {
  return { line: p.line, character: p.character };
}
