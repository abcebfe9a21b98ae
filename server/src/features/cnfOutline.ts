/**
 * The openssl.cnf outline as LSP symbols, for one document version, reusing the symbols of
 * the previous version's outline that came out the same: an edit changes one section's
 * symbols, and rebuilding the thousands of others (a large file's outline holds 5,000) made
 * megabytes of short-lived objects on every keystroke, which the garbage collector then paid
 * for in pauses on every request. Each symbol is computed afresh (names, details, positions
 * from the new text) and an old one is reused only where every field is equal, so the
 * answer is the one a fresh build gives; symbols are never modified once made, since an
 * answer may still wait in the connection's write queue. Each top-level symbol is sealed as it
 * is made (sealedJson.ts): its JSON is made once, when it is first sent, and kept while reused.
 */
import * as lsp from 'vscode-languageserver';
import { SymbolsBuilder, type CnfSymbol } from '../core/cnf/symbols';
import { before, copy, samePosition, type PositionAt } from './cnfPositions';
import { seal } from '../sealedJson';

const symbolKinds: Record<CnfSymbol['kind'], lsp.SymbolKind> = {
  section: lsp.SymbolKind.Namespace,
  key: lsp.SymbolKind.Property,
  include: lsp.SymbolKind.File,
  pragma: lsp.SymbolKind.Constant,
};

/**
 * LSP symbols of `symbols` (in file order, as documentSymbols gives them), taking from
 * `previous` (the last outline of the same document, also in file order) each symbol that
 * is equal to the one that would be built.
 */
export function outlineSymbols(symbols: readonly CnfSymbol[], previous: readonly lsp.DocumentSymbol[], at: PositionAt, top = true): lsp.DocumentSymbol[] {
  const b = new OutlineBuilder(symbols, previous, at, top);
  b.build();
  return b.out;
}

/** Symbols at a time between two looks at the clock. */
const stride = 64;

/**
 * outlineSymbols in pieces: idle time builds an outline a slice at a time, from the core's
 * symbols (themselves built in pieces when given as a SymbolsBuilder), and a request finishes it.
 */
export class OutlineBuilder {
  /** The outline: complete once `build` has said true. */
  readonly out: lsp.DocumentSymbol[] = [];
  /** The next symbol to build, and the candidate in `previous` for it. */
  private i = 0;
  private j = 0;
  // Positions are worked out here and copied into a new symbol only where no old one is equal:
  // after an edit, thousands of unchanged symbols are compared without making an object.
  private readonly start = { line: 0, character: 0 };
  private readonly end = { line: 0, character: 0 };
  private readonly selStart = { line: 0, character: 0 };
  private readonly selEnd = { line: 0, character: 0 };

  constructor(
    private readonly source: readonly CnfSymbol[] | SymbolsBuilder,
    private readonly previous: readonly lsp.DocumentSymbol[],
    private readonly at: PositionAt,
    private readonly top = true,
  ) {}

  /** Builds symbols until all are built (true) or `spent()` says the time is up (false). */
  build(spent?: () => boolean): boolean {
    const { source, previous, at, top, out, start, end, selStart, selEnd } = this;
    if (source instanceof SymbolsBuilder && !source.build(spent)) return false;
    const symbols = source instanceof SymbolsBuilder ? source.out : source;
    const from = this.i;
    let j = this.j;
    let i = from;
    for (; i < symbols.length; i++) {
      if (i > from && (i - from) % stride === 0 && spent?.() === true) break;
      const s = symbols[i]!;
      // The name first, on the line just found (a section's end is lines further down).
      at.into(s.start, start);
      at.into(s.selectionStart, selStart);
      at.into(s.selectionEnd, selEnd);
      at.into(s.end, end);
      // Both lists are in file order: the candidate is the previous symbol starting where this one does.
      while (j < previous.length && before(previous[j]!.range.start, start)) j++;
      const old = j < previous.length && samePosition(previous[j]!.range.start, start) ? previous[j] : undefined;
      const kind = symbolKinds[s.kind];
      const children = s.children ? outlineSymbols(s.children, old?.children ?? [], at, false) : undefined;
      if (
        old &&
        old.name === s.name &&
        old.kind === kind &&
        old.detail === (s.detail || undefined) &&
        samePosition(old.range.end, end) &&
        samePosition(old.selectionRange.start, selStart) &&
        samePosition(old.selectionRange.end, selEnd) &&
        sameChildren(old.children, children)
      ) {
        out[i] = old;
        j++;
        continue;
      }
      const sym: lsp.DocumentSymbol = { name: s.name, kind, range: { start: copy(start), end: copy(end) }, selectionRange: { start: copy(selStart), end: copy(selEnd) } };
      if (s.detail) sym.detail = s.detail;
      if (children) sym.children = old?.children && sameChildren(old.children, children) ? old.children : children;
      out[i] = top ? seal(sym) : sym;
    }
    this.i = i;
    this.j = j;
    return i === symbols.length;
  }
}

/** Whether two children lists hold the same symbols (the new one reuses every old one). */
function sameChildren(a: readonly lsp.DocumentSymbol[] | undefined, b: readonly lsp.DocumentSymbol[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
