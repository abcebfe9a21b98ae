/**
 * Finds PEM blocks in any text: plain PEM files, bundles, and PEM embedded in
 * YAML block scalars or in JSON/TOML/YAML quoted strings whose lines are joined
 * by `\n` escapes. Offsets refer to the text given. Linear time, bounded work.
 */
import { decodeBase64 } from './base64';
import { labelKind, pemLabel } from './labels';
import type { PemBlock, PemProblem } from './types';
import { tr } from '../l10n';

/** More blocks than this in one text are ignored (a 50 MB bundle must not take the server down). */
export const maxBlocks = 20_000;

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/** Reads `LABEL-----` at `pos` (just after `-----BEGIN `); returns the label and the offset after the dashes. */
function readLabel(text: string, pos: number): { label: string; after: number } | undefined {
  const limit = Math.min(text.length, pos + 80);
  for (let i = pos; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */) {
      if (text.startsWith(DASHES, i)) return { label: text.slice(pos, i).trim(), after: i + 5 };
      return undefined;
    }
    if (c === 10 || c === 13 || c === 34 /* " */ || c === 92 /* \ */) return undefined;
  }
  return undefined;
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
}

interface Line {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits [start, end) into logical lines at real newlines and at `\n` escapes;
 * each line is trimmed of whitespace and of a trailing `\` (YAML/TOML continuation).
 */
function splitLines(text: string, start: number, end: number): { lines: Line[]; escaped: boolean } {
  const lines: Line[] = [];
  let escaped = false;
  let ls = start;
  const push = (a: number, b: number): void => {
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && (isSpace(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === 92)) b--;
    lines.push({ start: a, end: b });
  };
  // Bounded search (indexOf on the whole text would make a text full of BEGIN lines quadratic).
  if (!text.substring(start, end).includes('\\')) {
    // Common case (plain PEM, YAML block scalars): real newlines only.
    for (let nl = text.indexOf('\n', start); nl !== -1 && nl < end; nl = text.indexOf('\n', ls)) {
      push(ls, nl);
      ls = nl + 1;
    }
    push(ls, end);
    return { lines, escaped };
  }
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      push(ls, i);
      ls = i + 1;
    } else if (c === 92 && i + 1 < end) {
      const n = text.charCodeAt(i + 1);
      if (n === 110 /* n */) {
        escaped = true;
        push(ls, i);
        ls = i + 2;
        i++;
      } else if (n === 114 /* r */ || n === 116 /* t */) {
        // `\r` and `\t` escapes are whitespace inside a line.
      }
    }
  }
  push(ls, end);
  return { lines, escaped };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** The base64 characters of a line (escapes `\r`, `\t` dropped, `\/` read as `/`), with the first bad one. */
const plainBase64Line = /^[A-Za-z0-9+/=]*$/;

function lineContent(text: string, line: Line): { chars: string; bad?: number } {
  const slice = text.slice(line.start, line.end);
  if (plainBase64Line.test(slice)) return { chars: slice };
  let chars = '';
  let bad: number | undefined;
  for (let i = line.start; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (isBase64Char(c)) {
      chars += text[i];
    } else if (c === 92 && i + 1 < line.end) {
      const n = text.charCodeAt(i + 1);
      if (n === 47) chars += '/';
      else if (n !== 114 && n !== 116 && bad === undefined) bad = i;
      i++;
    } else if (c === 32 || c === 9 || c === 13) {
      // Spaces inside a line: OpenSSL tolerates them; so do we.
    } else if (bad === undefined) {
      bad = i;
    }
  }
  return bad === undefined ? { chars } : { chars, bad };
}

/** Where a truncated block's body plausibly ends: after the last run of base64/whitespace/escapes. */
function truncatedBodyEnd(text: string, from: number, limit: number): number {
  let last = from;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (isBase64Char(c)) last = i + 1;
    else if (c === 92 && i + 1 < limit && text.charCodeAt(i + 1) === 110) i++;
    else if (!isSpace(c)) break;
  }
  return last;
}

/**
 * Every PEM block of `text`, in order. Never throws. Blocks whose base64 is
 * broken carry `problem` and no `der`.
 */
export function findPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  // Next END marker at or after some offset, remembered so a text full of BEGIN lines stays linear.
  let endCache = -2;
  let endCacheFrom = 0;
  const nextEnd = (from: number): number => {
    if (endCache === -1 || (endCache >= from && endCacheFrom <= from)) return endCache;
    endCacheFrom = from;
    endCache = text.indexOf(END, from);
    return endCache;
  };
  let pos = text.indexOf(BEGIN);
  while (pos !== -1 && blocks.length < maxBlocks) {
    const head = readLabel(text, pos + BEGIN.length);
    if (!head) {
      pos = text.indexOf(BEGIN, pos + BEGIN.length);
      continue;
    }
    const { label, after: headerEnd } = head;
    const nextBegin = text.indexOf(BEGIN, headerEnd);
    let endMarker = nextEnd(headerEnd);
    if (endMarker !== -1 && nextBegin !== -1 && nextBegin < endMarker) endMarker = -1;
    const kind = labelKind(label);
    let problem: PemProblem | undefined;
    let bodyEnd: number;
    let blockEnd: number;
    if (endMarker === -1) {
      bodyEnd = truncatedBodyEnd(text, headerEnd, nextBegin === -1 ? text.length : nextBegin);
      blockEnd = bodyEnd;
      problem = { code: 'PEM-TRUNCATED', message: tr`"-----BEGIN ${label}-----" has no matching "-----END ${label}-----" (truncated block)`, start: pos, end: headerEnd };
    } else {
      bodyEnd = endMarker;
      const tail = readLabel(text, endMarker + END.length);
      blockEnd = tail ? tail.after : endMarker + END.length;
      if (!tail) {
        problem = { code: 'PEM-TRUNCATED', message: tr`The END line of "${label}" is incomplete`, start: endMarker, end: blockEnd };
      } else if (tail.label !== label) {
        problem = { code: 'PEM-LABEL-MISMATCH', message: tr`"-----BEGIN ${label}-----" is closed by "-----END ${tail.label}-----"`, start: endMarker, end: blockEnd };
      }
    }

    const { lines, escaped } = splitLines(text, headerEnd, bodyEnd);
    // RFC 1421 headers: `Name: value` lines at the top, ended by a blank line.
    const headers: Record<string, string> = {};
    let li = 0;
    while (li < lines.length && lines[li]!.start === lines[li]!.end) li++;
    if (li < lines.length && text.slice(lines[li]!.start, lines[li]!.end).includes(':')) {
      while (li < lines.length && lines[li]!.start !== lines[li]!.end) {
        const l = text.slice(lines[li]!.start, lines[li]!.end);
        const colon = l.indexOf(':');
        if (colon > 0) headers[l.slice(0, colon).trim()] = l.slice(colon + 1).trim();
        li++;
      }
    }
    let base64 = '';
    for (; li < lines.length; li++) {
      const line = lines[li]!;
      const { chars, bad } = lineContent(text, line);
      if (bad !== undefined && !problem) {
        problem = { code: 'PEM-BASE64', message: tr`Invalid base64 character ${JSON.stringify(text[bad])} in the ${label} block`, start: bad, end: bad + 1 };
      }
      base64 += chars;
    }
    let der: Uint8Array | undefined;
    if (!base64.length) {
      problem ??= { code: 'PEM-EMPTY', message: tr`The ${label} block is empty`, start: pos, end: blockEnd };
    } else if (!problem || problem.code === 'PEM-LABEL-MISMATCH' || problem.code === 'PEM-TRUNCATED') {
      const r = decodeBase64(base64);
      if (r.ok) der = r.bytes;
      else if (!problem) {
        const at = offsetOfBase64Index(text, lines, r.index, bodyEnd);
        problem = { code: 'PEM-BASE64', message: tr`Broken base64 in the ${label} block: ${r.message}`, start: at, end: Math.min(at + 1, blockEnd) };
      }
    }
    if (!problem && !pemLabel(label)) {
      problem = { code: 'PEM-UNKNOWN-LABEL', message: tr`Unknown PEM label "${label}"`, start: pos, end: headerEnd };
    }
    const block: PemBlock = {
      index: blocks.length,
      label,
      kind,
      start: pos,
      end: blockEnd,
      headerEnd,
      headers,
      escaped,
      base64,
      ...(der ? { der } : {}),
      ...(problem ? { problem } : {}),
    };
    blocks.push(block);
    pos = endMarker === -1 ? nextBegin : text.indexOf(BEGIN, blockEnd);
  }
  return blocks;
}

/** Document offset of the base64 character number `index` (or of the body end). */
function offsetOfBase64Index(text: string, lines: readonly Line[], index: number, fallback: number): number {
  let seen = 0;
  for (const line of lines) {
    for (let i = line.start; i < line.end; i++) {
      const c = text.charCodeAt(i);
      if (isBase64Char(c) || (c === 92 && text.charCodeAt(i + 1) === 47)) {
        if (seen === index) return i;
        seen++;
        if (c === 92) i++;
      }
    }
  }
  // Past the last character: point at the last base64 character of the body.
  for (let l = lines.length - 1; l >= 0; l--) if (lines[l]!.end > lines[l]!.start) return lines[l]!.end - 1;
  return fallback;
}

/** The block whose range contains `offset` (BEGIN line to END line inclusive). */
export function blockAt(blocks: readonly PemBlock[], offset: number): PemBlock | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (offset < b.start) hi = mid - 1;
    else if (offset > b.end) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/** Quick test used by hosts before scanning: does the text contain a BEGIN marker at all? */
export function mayContainPem(text: string): boolean {
  return text.includes(BEGIN);
}

const beginBytes = Array.from(BEGIN, (c) => c.charCodeAt(0));

/**
 * The same test on bytes, searched in the bytes themselves: a
 * multi-megabyte CA database is not decoded into a string to learn that it holds no
 * PEM. Linear: each candidate dash costs at most the marker's length.
 */
export function mayContainPemBytes(data: Uint8Array): boolean {
  for (let i = data.indexOf(45); i >= 0 && i + beginBytes.length <= data.length; i = data.indexOf(45, i + 1)) {
    let k = 1;
    while (k < beginBytes.length && data[i + k] === beginBytes[k]) k++;
    if (k === beginBytes.length) return true;
  }
  return false;
}
