/**
 * The CA database in OpenSSL's own formats (openssl-ca(1) "FILES"; apps/lib/apps.c
 * `load_index` / `save_index`, crypto/txt_db), so `openssl ca` and Certwright can
 * take turns on one CA:
 *
 *   index.txt   one line per certificate, 6 TAB-separated fields:
 *               status (V|R|E|S) · expiry (YYMMDDHHMMSSZ) · revocation · serial (upper-case hex)
 *               · file name ("unknown") · subject (X509_NAME_oneline: /O=x/CN=y)
 *               The revocation field is "" or `date`, `date,reason`, or one of the forms
 *               `openssl ca -revoke` writes with an argument: `date,keyTime,<GeneralizedTime>`
 *               (-crl_compromise), `date,CAkeyTime,<GeneralizedTime>` (-crl_CA_compromise),
 *               `date,holdInstruction,<OID>` (-crl_hold).
 *               Lines starting with `#` are comments (TXT_DB skips them); a TAB inside a
 *               field is written as backslash-TAB.
 *   serial      next serial, upper-case hex, newline
 *   crlnumber   number of the next CRL, upper-case hex, newline
 *   index.txt.attr  `unique_subject = no`
 *
 * Reading and writing is lossless: a line Certwright did not change is written back
 * byte for byte, so fields it does not interpret survive.
 */
import { children, readOid, readTlv, type Tlv } from '../pem/der';
import { dnNames } from '../pem/oids';
import { IssueError } from './types';
import { tr } from '../l10n';

export type IndexStatus = 'V' | 'R' | 'E' | 'S';

export interface IndexEntry {
  readonly status: IndexStatus;
  readonly expiry: Date;
  readonly revoked?: Date;
  /**
   * The reason word of the revocation field as written: a CRL reason name
   * (`keyCompromise`, ...) or one of OpenSSL's `keyTime`, `CAkeyTime`, `holdInstruction`.
   */
  readonly reason?: string;
  /** The argument after keyTime/CAkeyTime (compromise time) or holdInstruction (an OID). */
  readonly reasonArg?: string;
  /** Upper-case hex without leading 00 pairs (as OpenSSL writes it). */
  readonly serial: string;
  readonly file: string;
  /** X509_NAME_oneline text, escaped as OpenSSL escapes it (never a raw control character). */
  readonly subject: string;
}

/** The exact line each parsed entry came from; a changed entry is a new object and is formatted afresh. */
const sourceLines = new WeakMap<IndexEntry, string>();

/** OpenSSL's ASN1_TIME text: UTCTime before 2050, GeneralizedTime from 2050. */
export function opensslTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y >= 1950 && y < 2050 ? `${p(y % 100)}${rest}` : `${y}${rest}`;
}

export function parseOpensslTime(s: string): Date | undefined {
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  let y = Number(m[1]);
  if (m[1]!.length === 2) y += y < 50 ? 2000 : 1900;
  return new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** Normalises a hex serial the way OpenSSL prints it (BN_bn2hex): upper case, whole bytes, no leading 00 bytes. */
export function normalizeSerial(hex: string): string {
  let h = hex.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(h)) throw new IssueError(tr`invalid serial number ${JSON.stringify(hex.slice(0, 80))}`);
  h = h.replace(/^0+/, '');
  if (h.length % 2) h = `0${h}`;
  return h || '00';
}

// ---------------------------------------------------------------------------------------------
// Revocation reasons

/** The reason names OpenSSL accepts in index.txt and `-crl_reason` (apps/ca.c crl_reasons), CRLReason code order. */
export const crlReasons = [
  'unspecified',
  'keyCompromise',
  'CACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'removeFromCRL',
] as const;

/** OpenSSL's hold instruction names (OBJ_txt2obj accepts short and long names and dotted OIDs). */
const holdInstructions: Readonly<Record<string, string>> = {
  holdinstructionnone: '1.2.840.10040.2.1',
  'hold instruction none': '1.2.840.10040.2.1',
  holdinstructioncallissuer: '1.2.840.10040.2.2',
  'hold instruction call issuer': '1.2.840.10040.2.2',
  holdinstructionreject: '1.2.840.10040.2.3',
  'hold instruction reject': '1.2.840.10040.2.3',
};

/** RFC 5280 CRLReason code of a reason name given by the user (`--reason`). */
export function reasonCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const i = (crlReasons as readonly string[]).findIndex((r) => r.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new IssueError(tr`unknown revocation reason ${JSON.stringify(name.slice(0, 80))}: use ${crlReasons.join(', ')}`);
  return i === 7 ? 8 : i;
}

export function canonicalReason(name: string | undefined): string | undefined {
  if (!name) return undefined;
  reasonCode(name);
  return crlReasons.find((r) => r.toLowerCase() === name.toLowerCase());
}

/** What the CRL entry of a revoked index line carries (apps/ca.c unpack_revinfo + make_revoked). */
export interface CrlEntryFacts {
  readonly serial: string;
  readonly date: Date;
  /** CRLReason code; absent when the index line names no reason. */
  readonly reason?: number;
  /** invalidityDate (keyTime / CAkeyTime). */
  readonly invalidity?: Date;
  /** holdInstructionCode OID (holdInstruction). */
  readonly hold?: string;
}

function holdOid(text: string): string | undefined {
  if (/^\d+(\.\d+)+$/.test(text)) return text;
  return holdInstructions[text.toLowerCase()];
}

/** Validates the reason part of a revocation field; returns the CRL facts it implies. */
function revocationFacts(reason: string | undefined, arg: string | undefined, where: string): Omit<CrlEntryFacts, 'serial' | 'date'> {
  if (reason === undefined) {
    if (arg !== undefined) throw new IssueError(tr`${where}: revocation field has an argument but no reason`);
    return {};
  }
  const lower = reason.toLowerCase();
  const i = (crlReasons as readonly string[]).findIndex((r) => r.toLowerCase() === lower);
  if (i >= 0) return { reason: i === 7 ? 8 : i };
  if (lower === 'holdinstruction') {
    const oid = arg === undefined ? undefined : holdOid(arg);
    if (!oid) throw new IssueError(tr`${where}: holdInstruction needs a hold instruction OID, found ${JSON.stringify((arg ?? '').slice(0, 80))}`);
    return { reason: 6, hold: oid };
  }
  if (lower === 'keytime' || lower === 'cakeytime') {
    const t = arg === undefined ? undefined : parseGeneralizedTime(arg);
    if (!t) throw new IssueError(tr`${where}: ${reason} needs a compromise time YYYYMMDDHHMMSSZ, found ${JSON.stringify((arg ?? '').slice(0, 80))}`);
    return { reason: lower === 'keytime' ? 1 : 2, invalidity: t };
  }
  throw new IssueError(tr`${where}: unknown revocation reason ${JSON.stringify(reason.slice(0, 80))}`);
}

function parseGeneralizedTime(s: string): Date | undefined {
  return /^\d{14}Z$/.test(s) ? parseOpensslTime(s) : undefined;
}

/** The CRL entry of a revoked index line. */
export function crlEntryOf(e: IndexEntry): CrlEntryFacts {
  return { serial: e.serial, date: e.revoked!, ...revocationFacts(e.reason, e.reasonArg, `index.txt entry ${e.serial}`) };
}

// ---------------------------------------------------------------------------------------------
// index.txt

/** Splits a line into fields the way TXT_DB_read does: backslash-TAB is a TAB inside a field. */
function splitFields(line: string): string[] {
  if (!line.includes('\\\t')) return line.split('\t');
  const out: string[] = [];
  let cur = '';
  let esc = false;
  for (const ch of line) {
    if (ch === '\t') {
      if (esc) {
        cur = `${cur.slice(0, -1)}\t`;
        esc = false;
        continue;
      }
      out.push(cur);
      cur = '';
      esc = false;
      continue;
    }
    esc = ch === '\\';
    cur += ch;
  }
  out.push(cur);
  return out;
}

export interface IndexFile {
  readonly entries: IndexEntry[];
  /** Comment lines, by the number of entries before them. */
  readonly comments: ReadonlyArray<{ readonly before: number; readonly text: string }>;
  /**
   * Lines TXT_DB_read reads differently (crypto/txt_db/txt_db.c): a blank line is a row of one
   * field, so openssl ca refuses the whole database; a last line without its newline is never
   * completed, so openssl ca does not see that certificate (and drops it when it writes the file).
   * Certwright reads both as intended and its next write leaves out the blank lines and ends the last.
   */
  readonly blankLines?: readonly number[];
  readonly unterminated?: { readonly line: number; readonly serial: string };
}

const statuses = new Set(['V', 'R', 'E', 'S']);

function parseLine(line: string, n: number): IndexEntry {
  const f = splitFields(line);
  if (f.length !== 6) throw new IssueError(tr`index.txt line ${n}: expected 6 tab-separated fields, found ${f.length}`);
  const [status, exp, rev, serialText, file, subject] = f as [string, string, string, string, string, string];
  if (!statuses.has(status)) throw new IssueError(tr`index.txt line ${n}: unknown status ${JSON.stringify(status.slice(0, 20))}`);
  const expiry = parseOpensslTime(exp);
  if (!expiry) throw new IssueError(tr`index.txt line ${n}: bad expiry date ${JSON.stringify(exp.slice(0, 40))}`);
  let revoked: Date | undefined;
  let reason: string | undefined;
  let reasonArg: string | undefined;
  if (rev) {
    const parts = rev.split(',');
    if (parts.length > 3) throw new IssueError(tr`index.txt line ${n}: bad revocation field ${JSON.stringify(rev.slice(0, 80))}`);
    revoked = parseOpensslTime(parts[0]!);
    if (!revoked) throw new IssueError(tr`index.txt line ${n}: bad revocation date ${JSON.stringify(rev.slice(0, 80))}`);
    reason = parts[1] || undefined;
    reasonArg = parts[2];
    revocationFacts(reason, reasonArg, `index.txt line ${n}`);
  }
  if (status === 'R' && !revoked) throw new IssueError(tr`index.txt line ${n}: revoked entry without a revocation date`);
  let serial: string;
  try {
    serial = normalizeSerial(serialText);
  } catch {
    throw new IssueError(tr`index.txt line ${n}: bad serial ${JSON.stringify(serialText.slice(0, 80))}`);
  }
  const entry: IndexEntry = {
    status: status as IndexStatus,
    expiry,
    ...(revoked ? { revoked } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(reasonArg !== undefined ? { reasonArg } : {}),
    serial,
    file,
    subject,
  };
  sourceLines.set(entry, line);
  return entry;
}

/** index.txt with its comment lines (for a lossless rewrite). */
export function parseIndexFile(text: string | undefined): IndexFile {
  const entries: IndexEntry[] = [];
  const comments: { before: number; text: string }[] = [];
  const blankLines: number[] = [];
  let unterminated: IndexFile['unterminated'];
  if (!text) return { entries, comments };
  let n = 0;
  let start = 0;
  // One pass without split(): a 100k-line database is read in linear time and memory.
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const ended = end >= 0;
    if (!ended) end = text.length;
    n++;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.startsWith('#')) comments.push({ before: entries.length, text: line });
    else if (line.trim()) {
      const entry = parseLine(line, n);
      entries.push(entry);
      if (!ended) unterminated = { line: n, serial: entry.serial };
    } else blankLines.push(n);
  }
  return { entries, comments, ...(blankLines.length ? { blankLines } : {}), ...(unterminated ? { unterminated } : {}) };
}

export function parseIndex(text: string | undefined): IndexEntry[] {
  return parseIndexFile(text).entries;
}

/** TXT_DB_write: a TAB inside a field is preceded by a backslash. */
function field(s: string): string {
  return s.includes('\t') ? s.replace(/\t/g, '\\\t') : s;
}

function revocationField(e: IndexEntry): string {
  if (!e.revoked) return '';
  return [opensslTime(e.revoked), ...(e.reason !== undefined ? [e.reason] : []), ...(e.reasonArg !== undefined ? [e.reasonArg] : [])].join(',');
}

export function formatIndexLine(e: IndexEntry): string {
  const source = sourceLines.get(e);
  if (source !== undefined) return source;
  if (/[\n\r]/.test(e.subject) || /[\n\r]/.test(e.file)) throw new IssueError(tr`index.txt entry with a line break in a field (escape the subject with opensslOneline)`);
  return [e.status, opensslTime(e.expiry), revocationField(e), e.serial, field(e.file || 'unknown'), field(e.subject)].join('\t');
}

export function formatIndex(entries: readonly IndexEntry[], comments: IndexFile['comments'] = []): string {
  const out: string[] = [];
  let c = 0;
  entries.forEach((e, i) => {
    while (c < comments.length && comments[c]!.before <= i) out.push(`${comments[c++]!.text}\n`);
    out.push(`${formatIndexLine(e)}\n`);
  });
  while (c < comments.length) out.push(`${comments[c++]!.text}\n`);
  return out.join('');
}

export function formatIndexFile(file: IndexFile): string {
  return formatIndex(file.entries, file.comments);
}

// ---------------------------------------------------------------------------------------------
// Subject names as X509_NAME_oneline writes them

const HEX = '0123456789ABCDEF';

/**
 * X509_NAME_oneline (crypto/x509/x509_obj.c, OpenSSL 3): `/SN=value` per attribute,
 * `+` between attributes of one multi-valued RDN, value bytes outside ' '..'~' as
 * `\xHH`, and `/` and `+` escaped with a backslash. Never contains TAB or newline.
 */
export function opensslOneline(nameDer: Uint8Array): string {
  const root = readTlv(nameDer, 0);
  let out = '';
  for (const rdn of children(nameDer, root)) {
    let first = true;
    for (const atv of children(nameDer, rdn)) {
      const [oidNode, valueNode] = children(nameDer, atv) as [Tlv, Tlv | undefined];
      const oid = readOid(nameDer, oidNode);
      out += `${first ? '/' : '+'}${dnNames[oid] ?? oid}=`;
      first = false;
      if (!valueNode) continue;
      for (let i = valueNode.valueStart; i < valueNode.end; i++) {
        const b = nameDer[i]!;
        if (b < 0x20 || b > 0x7e) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
        else if (b === 0x2f || b === 0x2b) out += `\\${String.fromCharCode(b)}`;
        else out += String.fromCharCode(b);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// serial, crlnumber

/** The `serial` / `crlnumber` file format. */
export function formatHexNumber(n: bigint): string {
  return `${normalizeSerial(n.toString(16))}\n`;
}

/**
 * A `serial` or `crlnumber` file. Missing or empty is an error, as for `openssl ca`
 * (a CRL number restarting at 1 would break RFC 5280's increasing sequence).
 */
export function parseHexNumber(text: string | undefined, what: string): bigint {
  const t = text?.trim();
  if (text === undefined) throw new IssueError(tr`${what} is missing: it holds the next number for the CA; restore it from a backup (or, if the CA never published one, write 01)`);
  if (!t) throw new IssueError(tr`${what} is empty: it must hold the next number in hex; restore it from a backup`);
  if (!/^[0-9A-Fa-f]+$/.test(t) || t.length > 64) throw new IssueError(tr`${what} holds ${JSON.stringify(t.slice(0, 40))}, not a hex number`);
  return BigInt(`0x${t}`);
}

export const indexAttrContents = 'unique_subject = no\n';

/**
 * Whether `openssl ca` allows one valid certificate per subject: as `index.txt.attr` sets
 * it, else as the configuration does (`configured`, openssl's default yes).
 */
export function uniqueSubjectOf(attr: string | undefined, configured = true): boolean {
  const m = attr === undefined ? null : /^\s*unique_subject\s*=\s*(\S+)/m.exec(attr);
  return m ? !/^(n|no|false|off|0)$/i.test(m[1]!) : configured;
}
