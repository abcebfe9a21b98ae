/**
 * The CA database in OpenSSL's own formats (openssl-ca(1) "FILES"; apps/lib/apps.c
 * `load_index` / `save_index`), so `openssl ca` can carry on from it:
 *
 *   index.txt   one line per certificate, 6 TAB-separated fields:
 *               status (V|R|E) · expiry (YYMMDDHHMMSSZ) · revocation ("" or date[,reason])
 *               · serial (upper-case hex) · file name ("unknown") · subject (/O=x/CN=y)
 *   serial      next serial, upper-case hex, newline
 *   crlnumber   number of the next CRL, upper-case hex, newline
 *   index.txt.attr  `unique_subject = no`
 */
import { IssueError } from './types';

export interface IndexEntry {
  readonly status: 'V' | 'R' | 'E';
  readonly expiry: Date;
  readonly revoked?: Date;
  readonly reason?: string;
  /** Upper-case hex without leading 00 pairs (as OpenSSL writes it). */
  readonly serial: string;
  readonly file: string;
  readonly subject: string;
}

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
  if (!/^[0-9A-F]+$/.test(h)) throw new IssueError(`invalid serial number ${JSON.stringify(hex)}`);
  h = h.replace(/^0+/, '');
  if (h.length % 2) h = `0${h}`;
  return h || '00';
}

export function parseIndex(text: string | undefined): IndexEntry[] {
  const out: IndexEntry[] = [];
  if (!text) return out;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const f = line.split('\t');
    if (f.length !== 6) throw new IssueError(`index.txt line ${i + 1}: expected 6 tab-separated fields, found ${f.length}`);
    const [status, exp, rev, serial, file, subject] = f as [string, string, string, string, string, string];
    if (status !== 'V' && status !== 'R' && status !== 'E') throw new IssueError(`index.txt line ${i + 1}: unknown status ${JSON.stringify(status)}`);
    const expiry = parseOpensslTime(exp);
    if (!expiry) throw new IssueError(`index.txt line ${i + 1}: bad expiry date ${JSON.stringify(exp)}`);
    let revoked: Date | undefined;
    let reason: string | undefined;
    if (rev) {
      const [d, r] = rev.split(',');
      revoked = parseOpensslTime(d!);
      if (!revoked) throw new IssueError(`index.txt line ${i + 1}: bad revocation date ${JSON.stringify(rev)}`);
      reason = r || undefined;
    }
    out.push({ status, expiry, revoked, reason, serial: normalizeSerial(serial), file, subject });
  });
  return out;
}

export function formatIndexLine(e: IndexEntry): string {
  const rev = e.revoked ? `${opensslTime(e.revoked)}${e.reason ? `,${e.reason}` : ''}` : '';
  return [e.status, opensslTime(e.expiry), rev, e.serial, e.file || 'unknown', e.subject].join('\t');
}

export function formatIndex(entries: readonly IndexEntry[]): string {
  return entries.map((e) => `${formatIndexLine(e)}\n`).join('');
}

/** The `serial` / `crlnumber` file format. */
export function formatHexNumber(n: bigint): string {
  return `${normalizeSerial(n.toString(16))}\n`;
}

export function parseHexNumber(text: string | undefined, fallback: bigint): bigint {
  const t = text?.trim();
  if (!t) return fallback;
  if (!/^[0-9A-Fa-f]+$/.test(t)) throw new IssueError(`crlnumber/serial file holds ${JSON.stringify(t.slice(0, 40))}, not a hex number`);
  return BigInt(`0x${t}`);
}

export const indexAttrContents = 'unique_subject = no\n';

/** The reason names OpenSSL accepts in index.txt (`openssl ca -crl_reason`). */
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

/** RFC 5280 CRLReason code of an index.txt reason name. */
export function reasonCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const i = (crlReasons as readonly string[]).findIndex((r) => r.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new IssueError(`unknown revocation reason ${JSON.stringify(name)}: use ${crlReasons.join(', ')}`);
  return i === 7 ? 8 : i;
}

export function canonicalReason(name: string | undefined): string | undefined {
  if (!name) return undefined;
  reasonCode(name);
  return crlReasons.find((r) => r.toLowerCase() === name.toLowerCase());
}
