/**
 * Outline of an openssl.cnf file: one symbol per section block (as written, so a
 * re-opened section appears twice), with its keys, includes and pragmas as
 * children; statements before the first header are top-level. Bounded (maxSymbols). Pure, offsets.
 */
import type { CnfDocument, SectionHeaderNode, StatementNode } from './nodes';
import { KIND, KIND_SECTION, STRIDE } from './syntaxRows';

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
 * file's outline still lists its sections. Reads the parser's rows and builds only the
 * nodes it returns. `describeSection` may add a detail (e.g. the section's role).
 */
export function documentSymbols(doc: CnfDocument, describeSection?: (name: string) => string | undefined, limit = maxSymbols): CnfSymbol[] {
  const d = doc.rows.data;
  const count = doc.statementCount;
  let headers = 0;
  for (let i = 0; i < count; i++) if (d[i * STRIDE + KIND] === KIND_SECTION) headers++;
  let room = Math.max(0, limit - headers);
  let sectionsLeft = limit;
  const out: CnfSymbol[] = [];
  let children = out;
  for (let i = 0; i < count; i++) {
    if (d[i * STRIDE + KIND] !== KIND_SECTION) {
      if (room <= 0) continue;
      const s = statementSymbol(doc.statementAt(i));
      if (s) {
        children.push(s);
        room--;
      }
      continue;
    }
    if (sectionsLeft <= 0) break;
    sectionsLeft--;
    let last = i;
    while (last + 1 < count && d[(last + 1) * STRIDE + KIND] !== KIND_SECTION) last++;
    const h = doc.statementAt(i) as SectionHeaderNode;
    const end = Math.max(h.end, doc.statementAt(last).end);
    const detail = describeSection?.(h.name.value);
    children = [];
    out.push({
      name: h.name.value || '(empty section name)',
      ...(detail ? { detail } : {}),
      kind: 'section',
      start: h.start,
      end,
      selectionStart: h.name.start,
      selectionEnd: Math.max(h.name.end, h.name.start),
      children,
    });
  }
  return out;
}
