/** Input validation: names that become paths, DN attribute values, SANs, days. */
import { IssueError, keyTypes, profileIds, type KeyType, type ProfileId } from './types';
import { tr } from '../l10n';

/* eslint-disable no-control-regex -- refusing control characters is the point */

/** Characters that would inject structure into a DN in openssl's `/A=B/C=D` or RFC 4514 `A=B, C=D` forms. */
const DN_FORBIDDEN = /[,/=+\\"<>;#\u0000-\u001f\u007f]/;

/** A DN attribute value (CN, O). Refuses DN separators and control characters. */
export function checkDnValue(what: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new IssueError(tr`${what} must not be empty`);
  if (value.length > 64) throw new IssueError(tr`${what} is longer than 64 characters`);
  if (value !== value.trim()) throw new IssueError(tr`${what} must not start or end with spaces`);
  const bad = DN_FORBIDDEN.exec(value);
  if (bad) {
    const ch = bad[0];
    const shown = value.replace(/[\u0000-\u001f\u007f]/g, '?');
    if (ch < ' ' || ch === '\u007f') throw new IssueError(tr`${what} "${inner(shown)}" contains control character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}, which is not allowed in a distinguished name`);
    throw new IssueError(tr`${what} "${inner(shown)}" contains '${ch}', which is not allowed in a distinguished name`);
  }
  return value;
}

/** A value as JSON writes it, without the quotes the template puts around it (so `what` and the value split back apart). */
function inner(value: unknown): string {
  return JSON.stringify(value).slice(1, -1);
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A name that becomes part of a file or folder name: no separators, no traversal, no hidden files. */
export function checkFileName(what: string, value: string): string {
  if (typeof value !== 'string' || !NAME_RE.test(value) || value.includes('..')) {
    throw new IssueError(tr`${what} "${inner(String(value))}" is not allowed: use letters, digits, '_', '-' and '.' (not '..'), starting with a letter or digit, at most 63 characters`);
  }
  return value;
}

/** A relative path inside the layout root (for renew): no absolute paths, no `..`, no empty segments. */
export function checkRelativePath(what: string, value: string): string {
  if (typeof value !== 'string' || !value || value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.includes('\\')) {
    throw new IssueError(tr`${what} "${inner(String(value))}" must be a relative path inside the folder`);
  }
  for (const seg of value.split('/')) {
    if (!seg || seg === '.' || seg === '..' || /[\u0000-\u001f]/.test(seg)) throw new IssueError(tr`${what} "${inner(value)}" must not contain '.', '..' or empty segments`);
  }
  return value;
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(s: string): boolean {
  return IPV4_RE.test(s);
}

export function isIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.length > 45) return false;
  let body = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    body = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const parts = halves.map(parse);
  for (const p of parts) {
    if (!p) return false;
    for (const g of p) if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return false;
  }
  const count = parts.reduce((n, p) => n + p!.length, 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

const LABEL_RE = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isDnsName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
  return labels.every((l, i) => (i === 0 && l === '*' && labels.length > 2) || LABEL_RE.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

export interface Sans {
  readonly dns: readonly string[];
  readonly ip: readonly string[];
  /** URI SANs (`URI:spiffe://...`); DM lists URI among the SAN types its peers check (rules doc D.4). */
  readonly uri: readonly string[];
}

/** scheme ":" rest, printable ASCII without spaces: what x509v3 `URI:` takes as an IA5String. */
const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/;

/**
 * Splits SANs into DNS names, IP addresses and URIs; accepts `DNS:x` / `IP:x` / `URI:x`
 * prefixes (a URI needs its prefix); rejects anything else. `required`: at least one
 * DNS name or IP address (a server certificate: Go matches host names only against those).
 */
export function parseSans(values: readonly string[], required = true): Sans {
  const dns: string[] = [];
  const ip: string[] = [];
  const uri: string[] = [];
  for (const raw of values) {
    for (let v of String(raw).split(',')) {
      v = v.trim();
      if (!v) continue;
      const m = /^(dns|ip|uri):(.*)$/i.exec(v);
      const kind = m ? m[1]!.toLowerCase() : undefined;
      const value = m ? m[2]!.trim() : v;
      const asIp = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
      if (kind === 'uri') {
        if (value.length > 1024 || !URI_RE.test(value)) throw new IssueError(tr`URI subject alternative name ${JSON.stringify(value.slice(0, 80))} is not a URI (scheme:rest, printable ASCII, no spaces)`);
        if (!uri.includes(value)) uri.push(value);
      } else if ((kind === undefined || kind === 'ip') && (isIpv4(asIp) || isIpv6(asIp))) {
        if (!ip.includes(asIp.toLowerCase())) ip.push(asIp.toLowerCase());
      } else if ((kind === undefined || kind === 'dns') && isDnsName(value)) {
        const name = value.toLowerCase().replace(/\.$/, '');
        if (!dns.includes(name)) dns.push(name);
      } else {
        throw new IssueError(tr`subject alternative name ${JSON.stringify(value)} is neither a valid DNS name nor an IP address (write URI:${value} for a URI)`);
      }
    }
  }
  if (required && !dns.length && !ip.length) throw new IssueError(tr`a node/server certificate needs at least one subject alternative name (DNS name or IP address); Go clients (CockroachDB, DM) ignore the CN`);
  return { dns, ip, uri };
}

/** `DNS:x`, `IP:x`, `URI:x`: the form openssl's subjectAltName takes and summaries print. */
export function formatSans(s: { readonly dns: readonly string[]; readonly ip: readonly string[]; readonly uri?: readonly string[] }): string[] {
  return [...s.dns.map((d) => `DNS:${d}`), ...s.ip.map((i) => `IP:${i}`), ...(s.uri ?? []).map((u) => `URI:${u}`)];
}

export function checkDays(what: string, days: number | undefined, fallback: number): number {
  const d = days ?? fallback;
  if (!Number.isInteger(d) || d < 1 || d > 36500) throw new IssueError(tr`${what} must be a whole number of days between 1 and 36500`);
  return d;
}

export function checkProfile(p: unknown): ProfileId {
  if (typeof p !== 'string' || !(profileIds as readonly string[]).includes(p)) throw new IssueError(tr`unknown profile ${JSON.stringify(p)}: use ${profileIds.join(', ')}`);
  return p as ProfileId;
}

export function checkKeyType(k: unknown): KeyType {
  if (typeof k !== 'string' || !(keyTypes as readonly string[]).includes(k)) throw new IssueError(tr`unknown key type ${JSON.stringify(k)}: use ${keyTypes.join(', ')}`);
  return k as KeyType;
}
