/**
 * Outline of an openssl.cnf file: one symbol per section block (as written, so a
 * re-opened section appears twice), with its keys, includes and pragmas as
 * children; statements before the first header are top-level. Pure, offsets.
 */
import type { CnfDocument, StatementNode } from './nodes';

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
 * Document symbols. `describeSection` may add a detail (e.g. the section's role)
 * for a section name.
 */
export function documentSymbols(doc: CnfDocument, describeSection?: (name: string) => string | undefined): CnfSymbol[] {
  const out: CnfSymbol[] = [];
  for (const block of doc.blocks) {
    const children: CnfSymbol[] = [];
    for (const st of block.statements) {
      const s = statementSymbol(st);
      if (s) children.push(s);
    }
    const h = block.header;
    if (!h) {
      out.push(...children);
      continue;
    }
    const last = block.statements.length ? block.statements[block.statements.length - 1]! : undefined;
    const end = Math.max(h.end, last ? last.end : h.end);
    const detail = describeSection?.(h.name.value);
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
