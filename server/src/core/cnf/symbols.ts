/**
 * Outline of an openssl.cnf file: one symbol per section block (as written, so a
 * re-opened section appears twice), with its keys, includes and pragmas as
 * children; statements before the first header are top-level. Bounded (maxSymbols). Pure, offsets.
 */
import type { CnfDocument, SectionHeaderNode, StatementNode } from './nodes';
import * as R from './syntaxRows';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-line loops.
const { A, B, D, E, END, KIND, KIND_ASSIGNMENT, KIND_SECTION, SIDE, START, STRIDE } = R;

export type CnfSymbolKind = 'section' | 'key' | 'include' | 'pragma';

export interface CnfSymbol {
  /** Never empty (editors reject empty symbol names). */
  readonly name: string;
  readonly detail?: string;
  readonly kind: CnfSymbolKind;
  /** The whole construct. */
  readonly start: number;
  readonly end: number;
  /** The part to reveal: the name. */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children?: readonly CnfSymbol[];
}

const maxDetail = 60;

function shorten(s: string): string {
  return s.length > maxDetail ? `${s.slice(0, maxDetail - 1)}…` : s;
}

function statementSymbol(st: StatementNode): CnfSymbol | undefined {
  switch (st.kind) {
    case 'assignment': {
      const key = st.target ? `${st.target.value}::${st.key.value}` : st.key.value;
      const selStart = st.target ? st.target.start : st.key.start;
      return {
        name: key || '(empty name)',
        detail: shorten(st.value.raw),
        kind: 'key',
        start: st.start,
        end: Math.max(st.end, st.value.end),
        selectionStart: selStart,
        selectionEnd: st.key.end,
      };
    }
    case 'include':
      return {
        name: `.include ${shorten(st.path.raw)}`.trimEnd(),
        kind: 'include',
        start: st.start,
        end: st.end,
        selectionStart: st.keyword.start,
        selectionEnd: st.keyword.end,
      };
    case 'pragma': {
      const what = [st.name?.value, st.value?.value].filter((x) => x !== undefined).join(':');
      return {
        name: `.pragma ${what}`.trimEnd(),
        kind: 'pragma',
        start: st.start,
        end: st.end,
        selectionStart: st.keyword.start,
        selectionEnd: st.keyword.end,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Most symbols one outline holds (vscode-json-language-server bounds its outline at 5,000
 * items the same way): a 100,000-line file has about 80,000 statements, which no outline
 * shows usefully and whose JSON alone takes longer than an editor request may.
 */
export const maxSymbols = 5000;

/**
 * Document symbols, at most `limit` of them: every section header first (in file order,
 * up to the limit), then the statements in file order while room remains, so a large
 * file's outline still lists its sections. Reads the parser's rows: a node is built only
 * for a statement the general path parsed (continued lines, directives), so an outline of
 * a large file costs its symbols, not a syntax tree. `describeSection` may add a detail
 * (e.g. the section's role).
 */
export function documentSymbols(doc: CnfDocument, describeSection?: (name: string) => string | undefined, limit = maxSymbols): CnfSymbol[] {
  const b = new SymbolsBuilder(doc, describeSection, limit);
  b.build();
  return b.out;
}

/** Rows at a time between two looks at the clock. */
const stride = 256;

/** documentSymbols in pieces (the server builds an outline in its idle time, a slice at a time). */
export class SymbolsBuilder {
  /** The symbols: complete once `build` has said true. */
  readonly out: CnfSymbol[] = [];
  /** The next row, and the list its statement goes to (the last section's children). */
  private i = 0;
  private children: CnfSymbol[] = this.out;
  /** Statements that may still be listed, and sections. */
  private room: number;
  private sectionsLeft: number;

  constructor(
    private readonly doc: CnfDocument,
    private readonly describeSection: ((name: string) => string | undefined) | undefined,
    limit = maxSymbols,
  ) {
    const d = doc.rows.data;
    let headers = 0;
    for (let i = 0; i < doc.statementCount; i++) if (d[i * STRIDE + KIND] === KIND_SECTION) headers++;
    this.room = Math.max(0, limit - headers);
    this.sectionsLeft = limit;
  }

  /** Builds symbols until all are built (true) or `spent()` says the time is up (false). */
  build(spent?: () => boolean): boolean {
    const { doc, out } = this;
    const d = doc.rows.data;
    const count = doc.statementCount;
    const from = this.i;
    let { children, room, sectionsLeft } = this;
    let i = from;
    for (; i < count; i++) {
      if (i > from && (i - from) % stride === 0 && spent?.() === true) break;
      const at = i * STRIDE;
      if (d[at + KIND] !== KIND_SECTION) {
        if (room <= 0) continue;
        const s = d[at + SIDE]! < 0 && d[at + KIND] === KIND_ASSIGNMENT ? plainAssignmentSymbol(doc.text, d, at) : statementSymbol(doc.statementAt(i));
        if (s) {
          children.push(s);
          room--;
        }
        continue;
      }
      if (sectionsLeft <= 0) {
        i = count;
        break;
      }
      sectionsLeft--;
      let last = i;
      while (last + 1 < count && d[(last + 1) * STRIDE + KIND] !== KIND_SECTION) last++;
      // Row columns (syntaxRows.ts): the statement's range, the name's range, and the name itself.
      const name = d[at + SIDE]! < 0 ? doc.rows.names[d[at + E]!]! : (doc.statementAt(i) as SectionHeaderNode).name.value;
      const nameStart = d[at + A]!;
      const detail = this.describeSection?.(name);
      children = [];
      out.push({
        name: name || '(empty section name)',
        ...(detail ? { detail } : {}),
        kind: 'section',
        start: d[at + START]!,
        end: Math.max(d[at + END]!, d[last * STRIDE + END]!),
        selectionStart: nameStart,
        selectionEnd: Math.max(d[at + B]!, nameStart),
        children,
      });
    }
    this.i = i;
    this.children = children;
    this.room = room;
    this.sectionsLeft = sectionsLeft;
    return i >= count;
  }
}

/** The symbol of a `key = value` row read in place (no side node): key in text[A, B), value in text[D, E). */
function plainAssignmentSymbol(text: string, d: Int32Array, at: number): CnfSymbol {
  const key = text.slice(d[at + A]!, d[at + B]!);
  const vs = d[at + D]!;
  const ve = d[at + E]!;
  return {
    name: key || '(empty name)',
    // The value's first characters only: shorten() never needs more.
    detail: shorten(text.slice(vs, Math.min(ve, vs + maxDetail + 1))),
    kind: 'key',
    start: d[at + START]!,
    end: Math.max(d[at + END]!, ve),
    selectionStart: d[at + A]!,
    selectionEnd: d[at + B]!,
  };
}
