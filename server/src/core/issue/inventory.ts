/**
 * What a folder or a CA holds and when it runs out: certificates (notAfter) and
 * CRLs (nextUpdate), with their status now and within a window, for
 * `certwright list` and `certwright expiring` (cron/CI). Pure: the front end
 * hands in file bytes and the CA database text.
 */
import { daysBetween, decodeFile, validityState, type CertificateView, type CrlView, type DecodedView } from '../pem';
import { PkiWorkspace } from '../pki/model';
import type { PkiCrypto } from '../pki/parse';
import { isCaArchiveCopy } from '../pki/revocation';
import { normalizeSerial, parseIndex } from './state';
import { IssueError } from './types';
import { tr } from '../l10n';

export type InventoryStatus = 'valid' | 'expiring' | 'expired' | 'revoked';

export interface InventoryItem {
  readonly kind: 'certificate' | 'crl';
  /** The file (as given), or the CA folder's index.txt for database entries. */
  readonly path: string;
  readonly subject: string;
  /** Upper-case hex (certificates). */
  readonly serial?: string;
  /** notAfter of a certificate, nextUpdate of a CRL (ISO 8601); undefined = a CRL without nextUpdate. */
  readonly until?: string;
  /** Whole days from now to `until` (negative once past). */
  readonly daysLeft?: number;
  readonly status: InventoryStatus;
  /** CA, intermediate, server, client, node... (certificate files). */
  readonly role?: string;
  readonly source: 'file' | 'ca-database';
}

/** `30d`, `12h`, `2w`, or a bare number of days, as days (fractional for hours). */
export function parseWithin(text: string): number {
  const m = /^(\d{1,5})([dhw]?)$/.exec(text.trim());
  if (!m) throw new IssueError(tr`--within ${JSON.stringify(text)}: use a number of days, or 30d, 12h, 2w`);
  const n = Number(m[1]);
  return m[2] === 'h' ? n / 24 : m[2] === 'w' ? n * 7 : n;
}

function statusOf(until: Date | undefined, now: Date, withinDays: number): { status: InventoryStatus; daysLeft?: number } {
  if (!until) return { status: 'valid' };
  // The certificate views' own arithmetic (hover, lint): notBefore does not matter here.
  const state = validityState(new Date(0).toISOString(), until.toISOString(), now, withinDays);
  return { status: state === 'expired' ? 'expired' : state === 'expiringSoon' ? 'expiring' : 'valid', daysLeft: daysBetween(now, until) };
}

const isCaDatabase = (path: string): boolean => /(^|[\\/])index\.txt$/.test(path);

/**
 * Certificates and CRLs in the given files. A certificate is `revoked` when the
 * workspace's revocation lookup (core/pki/revocation, the one hover and the tree
 * use) finds it in a CRL of its verified issuer or in its CA's database
 * (`index.txt` among the files). OpenSSL's `newcerts/` copies and the databases
 * serve that lookup and are not listed themselves.
 */
export function inventoryOfFiles(files: readonly { path: string; bytes: Uint8Array }[], now: Date, withinDays: number, crypto: PkiCrypto): InventoryItem[] {
  const pki = new PkiWorkspace(crypto);
  for (const f of files) pki.setFile(f.path, '', f.bytes, isCaDatabase(f.path) ? 'text' : 'pki');
  const index = pki.build({ now: now.getTime(), expiryWarningDays: withinDays });
  const views: { path: string; view: DecodedView }[] = [];
  for (const f of files) {
    if (isCaDatabase(f.path) || isCaArchiveCopy(f.path)) continue;
    const d = decodeFile(f.bytes);
    if (d.format === 'pem') {
      for (const b of d.blocks) if (b.decoded.ok) views.push({ path: f.path, view: b.decoded.view });
    }
    else if (d.format === 'der' && d.decoded.ok) views.push({ path: f.path, view: d.decoded.view });
  }
  const out: InventoryItem[] = [];
  for (const { path, view } of views) {
    if (view.kind === 'certificate') {
      const c = view as CertificateView;
      const until = new Date(c.notAfter);
      const s = statusOf(until, now, withinDays);
      const serial = c.serialNegative ? c.serial : normalizeSerial(c.serial);
      const isRevoked = (index.certificates.get(`cert:${c.fingerprints.sha256.replace(/:/g, '').toLowerCase()}`)?.revocations.length ?? 0) > 0;
      out.push({ kind: 'certificate', path, subject: c.subject.text, serial, until: until.toISOString(), daysLeft: s.daysLeft, status: isRevoked ? 'revoked' : s.status, role: c.role, source: 'file' });
    } else if (view.kind === 'crl') {
      const c = view as CrlView;
      const until = c.nextUpdate ? new Date(c.nextUpdate) : undefined;
      const s = statusOf(until, now, withinDays);
      out.push({ kind: 'crl', path, subject: c.issuer.text, ...(until ? { until: until.toISOString() } : {}), daysLeft: s.daysLeft, status: s.status, source: 'file' });
    }
  }
  return out;
}

/** Every certificate a CA issued, from its database (index.txt): revoked ones as `revoked`. */
export function inventoryOfCaDatabase(indexPath: string, indexText: string | undefined, now: Date, withinDays: number): InventoryItem[] {
  return parseIndex(indexText).map((e) => {
    const s = statusOf(e.expiry, now, withinDays);
    return { kind: 'certificate', path: indexPath, subject: e.subject, serial: e.serial, until: e.expiry.toISOString(), daysLeft: s.daysLeft, status: e.status === 'R' ? 'revoked' : s.status, source: 'ca-database' };
  });
}

/** Items that need action within the window: expiring or expired, never revoked ones. */
export function needsAction(items: readonly InventoryItem[]): InventoryItem[] {
  return items.filter((i) => i.status === 'expiring' || i.status === 'expired');
}
