/**
 * Offsets to LSP positions for the openssl.cnf adapter, without a binary search over the
 * document's lines for every offset: an answer's offsets mostly fall on a line met just
 * before (a completion's items all replace on the cursor's line, a section's name is on
 * its header's line), so the last line found is remembered and an offset on it costs a
 * subtraction. Every position equals `doc.positionAt(offset)` (a unit test compares them).
 */
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export type PositionAt = (offset: number) => lsp.Position;

/** `doc.positionAt`, remembering the last line it found. */
export function positionsOf(doc: TextDocument): PositionAt {
  const text = doc.getText();
  let line = -1;
  let lineStart = 0;
  /** Offset of the next line's start (text length on the last line). */
  let next = -1;
  return (offset) => {
    // On the remembered line, except where positionAt moves an offset back over a line break
    // (an offset right after a '\r' or '\n' that is not the line's start).
    if (offset >= lineStart && offset < next && (offset === lineStart || !isEol(text.charCodeAt(offset - 1)))) {
      return { line, character: offset - lineStart };
    }
    const p = doc.positionAt(offset);
    line = p.line;
    lineStart = doc.offsetAt({ line: p.line, character: 0 });
    next = p.line + 1 < doc.lineCount ? doc.offsetAt({ line: p.line + 1, character: 0 }) : text.length + 1;
    return p;
  };
}

function isEol(c: number): boolean {
  return c === 10 || c === 13;
}

/** An LSP range of two offsets. */
export function rangeOf(at: PositionAt, start: number, end: number): lsp.Range {
  return { start: at(start), end: at(end) };
}
