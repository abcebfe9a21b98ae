/**
 * Error-tolerant, single-pass parser for openssl.cnf, faithful to OpenSSL 3's
 * `def_load_bio` (crypto/conf/conf_def.c): continuation before comment removal,
 * comments cut at the first unquoted, unescaped `#`, `[ section ]` headers with
 * inner whitespace, `name = value` and `section::name = value`, `.include` and
 * `.pragma` recognised by prefix. It never throws and runs in linear time; after
 * a line OpenSSL would reject it records an error node and carries on.
 *
 * Values are kept raw: quoting, escapes and `$variable` expansion depend on the
 * load-time state (earlier definitions, includes, pragmas) and happen in the
 * loader (expand.ts).
 *
 * Output is compact rows (syntaxRows.ts). Ordinary lines (`key = value`,
 * `[ name ]`, comments, blanks) take a fast path that reads the text in place
 * and allocates nothing but a section's name; everything else (continued lines,
 * `section::key`, escapes in names, directives, errors) goes through the general
 * path, which builds the node directly.
 */

import { ALNUM, charClass, DOLLAR, ESC, PUNCT, QUOTE, COMMENT, WS } from './chars';
import type {
  AssignmentNode,
  CnfDocument,
  ErrorLineNode,
  IncludeNode,
  LogicalLine,
  NameToken,
  ParseNote,
  PragmaNode,
  RawValue,
  SectionHeaderNode,
  StatementNode,
} from './nodes';
import { lineOffset } from './nodes';
import { ParsedCnf } from './syntaxDocument';
import * as R from './syntaxRows';
import { tr } from '../l10n';

// Local copies: bundlers turn imported bindings into property reads, too slow for per-line loops.
const { A, B, CUT_SHIFT, D, E, END, FLAG_PLAIN, KIND, KIND_ASSIGNMENT, KIND_PRAGMA, KIND_SECTION, SIDE, START, STRIDE, kindNames } = R;

// Module-local copies: hot loops must not go through re-exported bindings.
const table: Uint8Array = charClass;
const wsBit = WS;
const nameBits = ALNUM | PUNCT;
const dollarBit = DOLLAR;
const quoteBit = QUOTE;
const escBit = ESC;
function cls(c: number): number {
  return c < 128 ? table[c]! : 0;
}
/** Source offset of index i of a logical line (no closure per line: cheap on large files). */
function off(line: LogicalLine, i: number): number {
  return line.joins ? lineOffset(line, i) : line.start + i;
}
function isWs(c: number): boolean {
  return c < 128 && (table[c]! & wsBit) !== 0;
}

export interface ParseOptions {
  /** `.pragma dollarid` state at the start of the file (inherited from an including file). */
  readonly dollarid?: boolean;
  /** Skip a UTF-8 BOM at the start (OpenSSL does so only for the top-level file). Default true. */
  readonly skipBom?: boolean;
  /** Tests only: read every line with the general path, the reference the fast path must agree with. */
  readonly generalPathOnly?: boolean;
}

const BACKSLASH = 92;
const HASH = 35;
const LBRACKET = 91;
const RBRACKET = 93;
const EQ = 61;
const COLON = 58;
const DOT = 46;

/** eat_alpha_numeric: name characters, escapes skipped as pairs. */
function eatName(s: string, i: number, end: number, dollarid: boolean): number {
  for (;;) {
    if (i >= end) return end;
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      i = i + 1 >= end ? i + 1 : i + 2;
      continue;
    }
    const k = c < 128 ? table[c]! : 0;
    if ((k & nameBits) === 0 && !(dollarid && (k & dollarBit) !== 0)) return i;
    i++;
  }
}

function eatWs(s: string, i: number, end: number): number {
  while (i < end && isWs(s.charCodeAt(i))) i++;
  return i;
}

function trimEnd(s: string, from: number, end: number): number {
  while (end > from && isWs(s.charCodeAt(end - 1))) end--;
  return end;
}

/** clear_comments: index of the first `#` outside quotes and escapes (or `end`). */
function commentCut(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === HASH) return i;
    if (c === 0) return i;
    const k = c < 128 ? table[c]! : 0;
    if (k & quoteBit) {
      i++;
      while (i < end && s.charCodeAt(i) !== c) {
        if (s.charCodeAt(i) === BACKSLASH) {
          i++;
          if (i >= end) return end;
        }
        i++;
      }
      if (i < end) i++;
      continue;
    }
    if (k & escBit) {
      i = i + 1 >= end ? i + 1 : i + 2;
      continue;
    }
    i++;
  }
  return end;
}

/** The k-th last character (k = 1 or 2) of the joined pieces, or -1. Pieces are never empty, so this looks back at most two. */
function tailChar(pieces: readonly string[], k: number): number {
  let i = pieces.length - 1;
  while (i >= 0 && k > pieces[i]!.length) {
    k -= pieces[i]!.length;
    i--;
  }
  return i < 0 ? -1 : pieces[i]!.charCodeAt(pieces[i]!.length - k);
}

/** Removes the last character of the joined pieces (dropping a piece it empties). */
function dropLastChar(pieces: string[]): void {
  const p = pieces[pieces.length - 1];
  if (p === undefined) return;
  if (p.length <= 1) pieces.pop();
  else pieces[pieces.length - 1] = p.slice(0, -1);
}

/** Resolves backslash escapes in a section name, as str_copy does for names made of name characters. */
function unescapeName(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const v = raw[++i];
    if (v === undefined) break;
    out += v === 'n' ? '\n' : v === 'r' ? '\r' : v === 't' ? '\t' : v === 'b' ? '\b' : v;
  }
  return out;
}

/** Set by valueCut: whether the scanned value holds `$`, a backslash or a quote. */
let valueSpecial = false;

/** The characters that end a plain run in a value: `#`, quotes, backslash, `$` and NUL. */
const valueStops = new Uint8Array(128);
for (const c of '#"\'`\\$\0') valueStops[c.charCodeAt(0)] = 1;

/** commentCut for a value on a single physical line, also noting whether str_copy has work to do. */
function valueCut(s: string, i: number, end: number): number {
  // Skip the plain run first; most values have nothing for the loop below to look at.
  for (;;) {
    if (i >= end) {
      valueSpecial = false;
      return end;
    }
    const c = s.charCodeAt(i);
    if (c < 128 && valueStops[c] === 1) break;
    i++;
  }
  let special = false;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === HASH || c === 0) break;
    if (c === 36) special = true;
    else if (c < 128 && (table[c]! & (quoteBit | escBit)) !== 0) {
      special = true;
      if (c === BACKSLASH) {
        i += 2;
        continue;
      }
      i++;
      while (i < end && s.charCodeAt(i) !== c) {
        if (s.charCodeAt(i) === BACKSLASH) {
          i++;
          if (i >= end) break;
        }
        i++;
      }
      if (i < end) i++;
      continue;
    }
    i++;
  }
  valueSpecial = special;
  return i > end ? end : i;
}

/** eatName that gives up (-1) on a backslash, which only the general path handles. */
function eatPlainName(s: string, i: number, end: number, dollarid: boolean): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? table[c]! : 0;
    if ((k & nameBits) === 0 && !(dollarid && (k & dollarBit) !== 0)) return c === BACKSLASH ? -1 : i;
    i++;
  }
  return end;
}

/** Lines in the text, extrapolated from its first 64K characters. */
function estimateLines(text: string): number {
  const sample = Math.min(text.length, 1 << 16);
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < sample; i = text.indexOf('\n', i + 1)) n++;
  return sample === 0 ? 0 : Math.ceil(((n + 1) * text.length) / sample);
}

export function parseCnf(text: string, options: ParseOptions = {}): CnfDocument {
  const bom = (options.skipBom ?? true) && text.charCodeAt(0) === 0xfeff;
  const p = scanCnf(text, bom ? 1 : 0, options.dollarid ?? false, options.generalPathOnly === true);
  return new ParsedCnf(text, { data: p.rows, count: p.rowCount, side: p.side, names: p.names }, p.comments, p.notes, bom, p.dollarid, p.marks, options);
}

/** What the scanner found from its start to where it stopped. */
export interface ScannedPart {
  /** `rowCount * STRIDE` meaningful entries; SIDE and section name indices start at 0 for this part. */
  readonly rows: Int32Array;
  readonly rowCount: number;
  readonly side: StatementNode[];
  readonly names: string[];
  /** Comment [start, end) pairs. */
  readonly comments: Int32Array;
  readonly notes: ParseNote[];
  /** `dollarid` state where the scan stopped. */
  readonly dollarid: boolean;
  /** Flat pairs [line start, state after] of each `.pragma dollarid` line. */
  readonly marks: number[];
  /** Where the scan stopped: a logical line start, or the text's length. */
  readonly end: number;
}

/**
 * Scans logical lines from `pos` (a logical line start) with `dollarid` as the pragma state
 * there. Before each logical line at or after `stopFrom`, `stop(pos, dollarid)` may end the
 * scan (incremental re-parsing stops where the old parse takes over); by default it runs to the end.
 */
export function scanCnf(text: string, pos: number, dollarid: boolean, general = false, stopFrom = Infinity, stop?: (pos: number, dollarid: boolean) => boolean): ScannedPart {
  const len = text.length;
  // Reserve for the number of lines the first 64K characters suggest: growing a large table
  // costs copies and GC, and a huge file with few lines (binary) should not reserve much.
  const lines = stop ? 64 : estimateLines(text);
  const rows = new R.RowWriter(STRIDE, lines + 16);
  const commentRows = new R.RowWriter(2, (lines >> 3) + 16);
  const side: StatementNode[] = [];
  const names: string[] = [];
  const notes: ParseNote[] = [];
  const marks: number[] = [];

  const comment = (start: number, end: number): void => {
    const at = commentRows.add();
    commentRows.data[at] = start;
    commentRows.data[at + 1] = end;
  };

  // Multi-physical-line accumulation state: the pieces are joined once, when the logical line
  // ends (appending to one string and cutting its last backslash would copy it for every line).
  let pieces: string[] | undefined;
  let accLen = 0;
  let accStart = 0;
  let accEnd = 0;
  let joins: number[] = [];

  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let e = nl;
    while (e > pos && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 10)) e--;
    const next = nl + 1;
    if (pieces === undefined) {
      if (pos >= stopFrom && stop!(pos, dollarid)) break;
      // Continuation: last char is `\` and the one before is not.
      if (e > pos && text.charCodeAt(e - 1) === BACKSLASH && !(e - 1 > pos && text.charCodeAt(e - 2) === BACKSLASH)) {
        pieces = e - 1 > pos ? [text.slice(pos, e - 1)] : [];
        accLen = e - 1 - pos;
        accStart = pos;
        accEnd = e;
        joins = [];
        pos = next;
        continue;
      }
      let i = pos;
      while (i < e && isWs(text.charCodeAt(i))) i++;
      if (i === e) {
        pos = next;
        continue;
      }
      const c0 = text.charCodeAt(i);
      if (c0 === HASH) {
        comment(i, e);
        pos = next;
        continue;
      }
      if (general || !(c0 === LBRACKET ? fastSection(pos, i, e) : c0 === DOT ? fastPragma(pos, i, e) : fastAssignment(pos, i, e))) {
        processLine(text.slice(pos, e), pos, e, undefined);
      }
    } else {
      joins.push(accLen, pos);
      accEnd = e;
      // The test runs on the accumulated text with this physical line appended, as before:
      // its last character is a backslash and the one before it is not.
      if (e > pos) pieces.push(text.slice(pos, e));
      accLen += e - pos;
      const c1 = tailChar(pieces, 1);
      if (c1 === BACKSLASH && tailChar(pieces, 2) !== BACKSLASH) {
        dropLastChar(pieces);
        accLen--;
        pos = next;
        continue;
      }
      processLine(pieces.join(''), accStart, e, joins);
      pieces = undefined;
    }
    pos = next;
  }
  if (pieces !== undefined) processLine(pieces.join(''), accStart, accEnd, joins.length ? joins : undefined);

  return { rows: rows.data, rowCount: rows.count, side, names, comments: commentRows.data.subarray(0, commentRows.count * 2), notes, dollarid, marks, end: Math.min(pos, len) };

  /** `key = value` on one physical line, read in place. False: the general path must handle it. */
  function fastAssignment(lineStart: number, first: number, e: number): boolean {
    const c0 = text.charCodeAt(first);
    if (c0 === 46) return false; // `.include` / `.pragma` and look-alikes
    const end = eatPlainName(text, first, e, dollarid);
    if (end < 0) return false;
    const p = eatWs(text, end, e);
    if (p >= e || text.charCodeAt(p) !== EQ) return false; // `::` targets and errors
    const cut = valueCut(text, p + 1, e);
    const plain = !valueSpecial;
    if (cut < e) {
      comment(cut, e);
      // CNF-011: `#` cutting a value (not a whole-line comment).
      if (trimEnd(text, first, cut) > p + 1 && !isWs(text.charCodeAt(cut - 1)) && cut + 1 < e && !isWs(text.charCodeAt(cut + 1))) {
        valueCommentNote(cut, e);
      }
    }
    const bodyEnd = trimEnd(text, p + 1, cut);
    const vStart = eatWs(text, p + 1, bodyEnd);
    row(KIND_ASSIGNMENT, first, bodyEnd, first, end, vStart, bodyEnd, -1, (plain ? FLAG_PLAIN : 0) | ((cut - lineStart) << CUT_SHIFT));
    return true;
  }

  /**
   * `.pragma name:value` with a known name and a valid value, read in place (files that set
   * dollarid on and off are full of them). Every other `.` line, and a pragma with an `=`,
   * a problem or a note, goes the general way.
   */
  function fastPragma(lineStart: number, first: number, e: number): boolean {
    if (first + 7 >= e || !text.startsWith('.pragma', first) || !isWs(text.charCodeAt(first + 7))) return false;
    const cut = commentCut(text, first, e);
    const eq = text.indexOf('=', first);
    if (eq >= 0 && eq < cut) return false;
    const bodyEnd = trimEnd(text, first, cut);
    const q = eatWs(text, first + 7, bodyEnd);
    const colon = text.indexOf(':', q);
    if (colon < 0 || colon === q || colon + 1 >= bodyEnd) return false;
    const kEnd = trimEnd(text, q, colon);
    const vStart = eatWs(text, colon + 1, bodyEnd);
    const n = kEnd - q;
    const isDollarid = n === 8 && text.startsWith('dollarid', q);
    if (isDollarid || (n === 7 && text.startsWith('abspath', q))) {
      const v = text.slice(vStart, bodyEnd).toLowerCase();
      const on = v === 'on' || v === 'true';
      if (!on && v !== 'off' && v !== 'false') return false;
      if (isDollarid) {
        dollarid = on;
        marks.push(lineStart, on ? 1 : 0);
      }
    } else if (!(n === 10 && text.startsWith('includedir', q))) return false;
    if (cut < e) comment(cut, e);
    row(KIND_PRAGMA, first, bodyEnd, q, kEnd, vStart, bodyEnd, -1, (cut - lineStart) << CUT_SHIFT);
    return true;
  }

  /** `[ name ]` without escapes or inner whitespace, read in place. */
  function fastSection(lineStart: number, first: number, e: number): boolean {
    const nameStart = eatWs(text, first + 1, e);
    const endName = eatPlainName(text, nameStart, e, dollarid);
    if (endName < 0) return false;
    const close = eatWs(text, endName, e);
    if (close >= e || text.charCodeAt(close) !== RBRACKET) return false;
    const cut = commentCut(text, close + 1, e);
    if (cut < e) comment(cut, e);
    const bodyEnd = trimEnd(text, close + 1, cut);
    const afterClose = eatWs(text, close + 1, bodyEnd);
    const name = text.slice(nameStart, endName);
    headerNotes(name, first, bodyEnd, afterClose < bodyEnd ? afterClose : -1);
    row(KIND_SECTION, first, bodyEnd, nameStart, endName, afterClose < bodyEnd ? afterClose : -1, names.length, -1, (cut - lineStart) << CUT_SHIFT);
    names.push(name);
    return true;
  }

  function processLine(s: string, start: number, end: number, j: number[] | undefined): void {
    const line: LogicalLine = j ? { text: s, start, end, joins: j, cut: 0 } : { text: s, start, end, cut: 0 };
    const n = s.length;
    const first = eatWs(s, 0, n);
    const cut = first < n && s.charCodeAt(first) === HASH ? first : commentCut(s, first, n);
    (line as { cut: number }).cut = cut;
    if (cut < n) {
      const cStart = off(line, cut);
      comment(cStart, end);
      // CNF-010: a comment that swallowed continuation lines.
      if (j && j.length) {
        const lastJoin = j[j.length - 2]!;
        if (cut < lastJoin && s.charCodeAt(cut) === HASH) {
          let k = 0;
          while (k < j.length && j[k]! <= cut) k += 2;
          notes.push({ code: 'CNF-010', severity: 'warning', start: j[k + 1] ?? j[1]!, end, message: tr`This line is part of the comment above: the comment ends in a backslash, which continues it onto the next line (OpenSSL joins lines before it removes comments).` });
        }
      } else if (cut > first) {
        // CNF-011: `#` cutting a value (not a whole-line comment).
        const eqIdx = s.indexOf('=');
        if (eqIdx >= 0 && eqIdx < cut && s.charCodeAt(first) !== LBRACKET) {
          const before = trimEnd(s, 0, cut);
          if (before > eqIdx + 1 && !isWs(s.charCodeAt(cut - 1)) && cut + 1 < n && !isWs(s.charCodeAt(cut + 1))) {
            valueCommentNote(cStart, end);
          }
        }
      }
    }
    const bodyEnd = trimEnd(s, first, cut);
    if (first >= bodyEnd) return; // comment-only (after continuation) or blank
    const c0 = s.charCodeAt(first);
    if (c0 === LBRACKET) {
      sectionLine(line, s, first, bodyEnd);
    } else {
      otherLine(line, s, first, bodyEnd, cut);
    }
  }

  /** CNF-011: a `#` that cuts a value (not a whole-line comment), from it to the line end. */
  function valueCommentNote(start: number, end: number): void {
    // commentCut stops at a NUL too: OpenSSL reads each line as a C string, so it ends there.
    const message =
      text.charCodeAt(start) === 0
        ? tr`A NUL byte (\\0) ends the line for OpenSSL, which reads lines as C strings: everything from here to the end of the line is dropped. Remove the NUL byte.`
        : tr`'#' starts a comment even inside a value: everything from here to the end of the line is dropped. Write \\# or quote the value to keep it.`;
    notes.push({ code: 'CNF-011', severity: 'warning', start, end, message });
  }

  /** CNF-021 (text after `]`, from `trailing` to the header's end; -1: none) and CNF-022 (empty name) for a header [start, end). */
  function headerNotes(name: string, start: number, end: number, trailing: number): void {
    if (trailing >= 0) notes.push({ code: 'CNF-021', severity: 'warning', start: trailing, end, message: tr`OpenSSL ignores text after ']' on a section line: this header opens [${name}].` });
    if (name === '') notes.push({ code: 'CNF-022', severity: 'warning', start, end, message: tr`Empty section name: OpenSSL accepts [] as a section named "", which nothing can usefully refer to.` });
  }

  /** Appends a statement row (see syntaxRows.ts for what A..E hold by kind); `flags` of a row read in place (sideIndex -1). */
  function row(kind: number, start: number, end: number, a: number, b: number, d: number, e: number, sideIndex: number, flags: number): void {
    const at = rows.add();
    const t = rows.data;
    t[at + KIND] = kind;
    t[at + START] = start;
    t[at + END] = end;
    t[at + A] = a;
    t[at + B] = b;
    t[at + D] = d;
    t[at + E] = e;
    t[at + SIDE] = sideIndex >= 0 ? sideIndex : ~flags;
  }

  /** A statement built by the general path: a row pointing at the node. */
  function push(node: StatementNode): void {
    const kind = kindNames.indexOf(node.kind);
    const { start, end } = node;
    if (node.kind === 'assignment') row(kind, start, end, node.key.start, node.key.end, node.value.start, node.value.end, side.length, 0);
    else if (node.kind === 'section') row(kind, start, end, node.name.start, node.name.end, node.trailing ? node.trailing.start : -1, -1, side.length, 0);
    else row(kind, start, end, 0, 0, 0, 0, side.length, 0);
    side.push(node);
  }
  function sectionLine(line: LogicalLine, s: string, first: number, bodyEnd: number): void {
    const nameStart = eatWs(s, first + 1, bodyEnd);
    let ss = nameStart;
    let endName: number;
    let p: number;
    for (;;) {
      endName = eatName(s, ss, bodyEnd, dollarid);
      p = eatWs(s, endName, bodyEnd);
      if (p < bodyEnd && s.charCodeAt(p) === RBRACKET) break;
      if (p < bodyEnd && ss !== p) {
        ss = p;
        continue;
      }
      const bad = p < bodyEnd ? p : bodyEnd;
      const node: ErrorLineNode = {
        kind: 'error',
        line,
        start: off(line, first),
        end: off(line, bodyEnd),
        code: 'CNF-002',
        message:
          p < bodyEnd
            ? tr`missing close square bracket: '${s[bad]}' cannot appear in a section name (names are letters, digits and ${'_!.%&*+,-/;?@^|~'}).`
            : tr`missing close square bracket: the section header has no closing ].`,
      };
      push(node);
      return;
    }
    const raw = s.slice(nameStart, endName);
    const name: NameToken = { value: unescapeName(raw), start: off(line, nameStart), end: off(line, endName) };
    const closeIdx = p;
    const afterClose = eatWs(s, closeIdx + 1, bodyEnd);
    const header: SectionHeaderNode = {
      kind: 'section',
      line,
      start: off(line, first),
      end: off(line, bodyEnd),
      name,
      close: off(line, closeIdx),
      ...(afterClose < bodyEnd ? { trailing: { start: off(line, afterClose), end: off(line, bodyEnd) } } : {}),
    };
    headerNotes(name.value, header.start, header.end, header.trailing ? header.trailing.start : -1);
    push(header);
  }

  function otherLine(line: LogicalLine, s: string, first: number, bodyEnd: number, cut: number): void {
    let pname = first;
    let end = eatName(s, first, bodyEnd, dollarid);
    let target: NameToken | undefined;
    if (end + 1 < bodyEnd && s.charCodeAt(end) === COLON && s.charCodeAt(end + 1) === COLON) {
      target = { value: s.slice(first, end), start: off(line, first), end: off(line, end) };
      pname = end + 2;
      end = eatName(s, pname, bodyEnd, dollarid);
    }
    const p = eatWs(s, end, bodyEnd);
    const nameText = s.slice(pname, end);
    const pAtEq = p < bodyEnd && s.charCodeAt(p) === EQ;
    if (nameText.startsWith('.pragma') && (p !== pname + 7 || pAtEq)) {
      pragmaLine(line, s, first, pname, end, p, pAtEq, bodyEnd);
      return;
    }
    if (nameText.startsWith('.include') && (p !== pname + 8 || pAtEq)) {
      let q = p;
      if (pAtEq) q = eatWs(s, q + 1, bodyEnd);
      const keyword: NameToken = { value: nameText, start: off(line, pname), end: off(line, end) };
      if (nameText !== '.include') {
        notes.push({ code: 'CNF-056', severity: 'warning', start: keyword.start, end: keyword.end, message: tr`'${nameText}' starts with .include, so OpenSSL reads this line as an .include directive, not as a key.` });
      }
      const path: RawValue = { raw: s.slice(q, bodyEnd), from: q, start: off(line, q), end: off(line, bodyEnd) };
      const node: IncludeNode = { kind: 'include', line, start: off(line, first), end: off(line, bodyEnd), keyword, ...(target ? { target } : {}), path };
      push(node);
      return;
    }
    if (!pAtEq) {
      const c = p < bodyEnd ? s.charCodeAt(p) : -1;
      const badChar = c >= 0 && !isWs(c) && p === end;
      const rest = s.slice(p, cut).trimEnd();
      const code = badChar && (c >= 128 || (s.indexOf('=', p) > 0 && s.indexOf('=', p) < cut)) ? 'CNF-003' : 'CNF-001';
      const message =
        code === 'CNF-003'
          ? tr`missing equal sign: '${s[p]}' cannot appear in a name (names are ASCII letters, digits and _!.%&*+,-/;?@^|~), so OpenSSL stops there (HERE-->${rest}).`
          : p >= bodyEnd
            ? tr`missing equal sign: '${nameText}' is not followed by '='.`
            : `missing equal sign (HERE-->${rest}).`;
      push({ kind: 'error', line, start: off(line, first), end: off(line, bodyEnd), code, message });
      return;
    }
    const vStart = eatWs(s, p + 1, bodyEnd);
    const value: RawValue = { raw: s.slice(vStart, bodyEnd), from: vStart, start: off(line, vStart), end: off(line, bodyEnd) };
    const key: NameToken = { value: nameText, start: off(line, pname), end: off(line, end) };
    const node: AssignmentNode = { kind: 'assignment', line, start: off(line, first), end: off(line, bodyEnd), key, target, eq: off(line, p), value };
    push(node);
  }

  function pragmaLine(
    line: LogicalLine,
    s: string,
    first: number,
    pname: number,
    end: number,
    p: number,
    pAtEq: boolean,
    bodyEnd: number,
  ): void {
    const keyword: NameToken = { value: s.slice(pname, end), start: off(line, pname), end: off(line, end) };
    let q = p;
    if (pAtEq) q = eatWs(s, q + 1, bodyEnd);
    const base = { line, start: off(line, first), end: off(line, bodyEnd) };
    if (keyword.value !== '.pragma') {
      notes.push({ code: 'CNF-056', severity: 'warning', start: keyword.start, end: keyword.end, message: tr`'${keyword.value}' starts with .pragma, so OpenSSL reads this line as a .pragma directive, not as a key.` });
    }
    const colon = s.indexOf(':', q);
    const ce = colon >= 0 && colon < bodyEnd ? colon : -1;
    if (ce < 0 || ce === q || ce + 1 >= bodyEnd) {
      push({ kind: 'error', ...base, code: 'CNF-051', message: tr`invalid pragma: a pragma has the form keyword:value (dollarid, abspath or includedir).` });
      return;
    }
    const kEnd = trimEnd(s, q, ce);
    const vStart = eatWs(s, ce + 1, bodyEnd);
    const name: NameToken = { value: s.slice(q, kEnd), start: off(line, q), end: off(line, kEnd) };
    const value: NameToken = { value: s.slice(vStart, bodyEnd), start: off(line, vStart), end: off(line, bodyEnd) };
    const node: PragmaNode = { kind: 'pragma', ...base, keyword, name, value };
    if (name.value === 'dollarid' || name.value === 'abspath') {
      const v = value.value.toLowerCase();
      const on = v === 'on' || v === 'true';
      if (on || v === 'off' || v === 'false') {
        if (name.value === 'dollarid') {
          dollarid = on;
          marks.push(line.start, on ? 1 : 0);
        }
      } else {
        push({ kind: 'error', ...base, code: 'CNF-051', message: tr`invalid pragma: ${name.value} takes on, true, off or false, not '${value.value}'.` });
        return;
      }
    } else if (name.value !== 'includedir') {
      notes.push({ code: 'CNF-052', severity: 'warning', start: name.start, end: name.end, message: tr`Unknown pragma '${name.value}': OpenSSL ignores it (known: dollarid, abspath, includedir).` });
    }
    push(node);
  }
}

/** Exposed for tests: the classes used by the scanner. */
export const scannerClasses = { WS, ALNUM, PUNCT, QUOTE, ESC, COMMENT, DOLLAR, cls };
