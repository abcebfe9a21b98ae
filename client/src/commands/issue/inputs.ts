/**
 * Input checks for the issuing prompts (InputBox `validateInput`). They give
 * immediate feedback while typing; the server's issuing core validates again and
 * is authoritative. No vscode import: unit-testable.
 */
import { isIP } from 'node:net';

/** Characters that would inject structure into a distinguished name (`,` `/` `=` `+` ...) or control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const DN_FORBIDDEN = /[,/=+\\"<>;#\u0000-\u001f\u007f]/;

/** A CN / O / user name: undefined when fine, else the message to show. */
export function dnValueProblem(value: string): string | undefined {
  if (!value) return 'Must not be empty.';
  if (value.length > 64) return 'At most 64 characters.';
  if (value !== value.trim()) return 'Must not start or end with spaces.';
  const bad = DN_FORBIDDEN.exec(value);
  if (bad) {
    const ch = bad[0];
    const shown = ch < ' ' || ch === '\u007f' ? 'a control character' : `'${ch}'`;
    return `Contains ${shown}, which is not allowed in a distinguished name.`;
  }
  return undefined;
}

/** A name that becomes part of a file name (node name, user of `client.<user>.crt`). */
export function fileNameProblem(value: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(value) || value.includes('..')) {
    return "Use letters, digits, '_', '-' and '.' (not '..'), starting with a letter or digit, at most 63 characters.";
  }
  return undefined;
}

/** A folder relative to the workspace folder. */
export function relativeFolderProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v === '.') return undefined;
  if (v.startsWith('/') || /^[A-Za-z]:/.test(v) || v.includes('\\')) return "Give a folder relative to the workspace folder, with '/' separators.";
  for (const seg of v.replace(/\/$/, '').split('/')) {
    if (!seg || seg === '.' || seg === '..') return "Must not contain '.', '..' or empty segments.";
    // eslint-disable-next-line no-control-regex -- refusing control characters
    if (/[\u0000-\u001f]/.test(seg)) return 'Must not contain control characters.';
  }
  return undefined;
}

export function daysProblem(value: string): string | undefined {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 36500) return 'A whole number of days between 1 and 36500.';
  return undefined;
}

export function isDnsName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  return labels.every((l, i) => (i === 0 && l === '*' && labels.length > 2) || label.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

/** Splits a comma/space separated SAN list; accepts `DNS:` / `IP:` prefixes. */
export function splitSans(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function sanProblem(value: string): string | undefined {
  const sans = splitSans(value);
  if (!sans.length) return 'Give at least one DNS name or IP address: Go clients (CockroachDB, DM) and libpq verify-full match the host against SANs only.';
  for (const raw of sans) {
    const m = /^(dns|ip):(.*)$/i.exec(raw);
    const kind = m?.[1]?.toLowerCase();
    const v = m ? m[2]! : raw;
    const ip = v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
    if ((kind === undefined || kind === 'ip') && isIP(ip)) continue;
    if ((kind === undefined || kind === 'dns') && isDnsName(v)) continue;
    return `${JSON.stringify(raw)} is neither a valid DNS name nor an IP address.`;
  }
  return undefined;
}
