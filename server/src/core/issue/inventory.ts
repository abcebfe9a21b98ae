/**
 * What a folder or a CA holds and when it runs out: certificates (notAfter) and
 * CRLs (nextUpdate), with their status now and within a window, for
 * `certwright list` and `certwright expiring` (cron/CI). Pure: the front end
 * hands in file bytes and the CA database text.
 */
import { daysBetween, decodeFile, validityState, type CertificateView, type CrlView, type DecodedView } from '../pem';
import { PkiWorkspace } from '../pki/model';
import type { PkiCrypto } from '../pki/parse';
import { generalNameText } from '../pem/text';
import { isKeptCopy, keptAs, isRetiringRoot, keptCopyText, rootSuccessor, namePartsOf, replacedLineText, replacedPath, retiringCaText } from '../pki/keptCopy';
import { certificateName } from '../pki/naming';
import { normalizeSerial, parseIndex } from './state';
import { IssueError } from './types';
import { tr } from '../l10n';

/** `replaced`: not deployed, or on its way out (a kept copy, a rotation's old CA, a renewed database line): its expiry calls for nothing. */
export type InventoryStatus = 'valid' | 'expiring' | 'expired' | 'revoked' | 'replaced';

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
  /** A `replaced` item: what it is and what replaced it (keptCopy.ts). */
  readonly note?: string;
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
 * serve that lookup and are not listed themselves. What is kept and not deployed is
 * `replaced`, with a note naming it: a copy a renewal or rotation put aside (and what
 * replaced it, when that file is among them), an old root beside its successor in one
 * CA file (a rotation's bundle, until `ca rotate retire`).
 */
export function inventoryOfFiles(files: readonly { path: string; bytes: Uint8Array }[], now: Date, withinDays: number, crypto: PkiCrypto): InventoryItem[] {
  const pki = new PkiWorkspace(crypto);
  for (const f of files) pki.setFile(f.path, '', f.bytes, isCaDatabase(f.path) ? 'text' : 'pki');
  const index = pki.build({ now: now.getTime(), expiryWarningDays: withinDays });
  const views: { path: string; view: DecodedView; note?: () => string }[] = [];
  const firstCert = new Map<string, CertificateView>();
  for (const f of files) {
    if (isCaDatabase(f.path) || keptAs(f.path) === 'archive') continue;
    const d = decodeFile(f.bytes);
    const decoded = d.format === 'pem' ? d.blocks.flatMap((b) => (b.decoded.ok ? [b.decoded.view] : [])) : d.format === 'der' && d.decoded.ok ? [d.decoded.view] : [];
    const cert = decoded.find((v): v is CertificateView => v.kind === 'certificate');
    if (cert) firstCert.set(f.path, cert);
    const successor = isKeptCopy(f.path) ? undefined : rootSuccessor(decoded.filter((v): v is CertificateView => v.kind === 'certificate'), now, withinDays);
    for (const view of decoded) {
      if (isKeptCopy(f.path)) views.push({ path: f.path, view, note: () => keptNote(view, f.path, firstCert) });
      else if (successor && view.kind === 'certificate' && isRetiringRoot(view as CertificateView, successor)) {
        views.push({ path: f.path, view, note: () => retiringCaText(namePartsOf(view as CertificateView), { name: certificateName(namePartsOf(successor)), on: successor.notBefore }) });
      } else views.push({ path: f.path, view });
    }
  }
  const out: InventoryItem[] = [];
  for (const { path, view, note } of views) {
    if (view.kind === 'certificate') {
      const c = view as CertificateView;
      const until = new Date(c.notAfter);
      const s = statusOf(until, now, withinDays);
      const serial = c.serialNegative ? c.serial : normalizeSerial(c.serial);
      const isRevoked = (index.certificates.get(`cert:${c.fingerprints.sha256.replace(/:/g, '').toLowerCase()}`)?.revocations.length ?? 0) > 0;
      const status = isRevoked ? 'revoked' : note ? 'replaced' : s.status;
      out.push({ kind: 'certificate', path, subject: c.subject.text, serial, until: until.toISOString(), daysLeft: s.daysLeft, status, role: c.role, source: 'file', ...(note && status === 'replaced' ? { note: note() } : {}) });
    } else if (view.kind === 'crl') {
      const c = view as CrlView;
      const until = c.nextUpdate ? new Date(c.nextUpdate) : undefined;
      const s = statusOf(until, now, withinDays);
      out.push({ kind: 'crl', path, subject: c.issuer.text, ...(until ? { until: until.toISOString() } : {}), daysLeft: s.daysLeft, status: note ? 'replaced' : s.status, source: 'file', ...(note ? { note: note() } : {}) });
    }
  }
  return out;
}

/** A kept copy's note: what replaced it, when the file it was replaced in is among the files and holds a certificate of the same subject. */
function keptNote(view: DecodedView, path: string, firstCert: ReadonlyMap<string, CertificateView>): string {
  const c = view.kind === 'certificate' ? (view as CertificateView) : undefined;
  const at = replacedPath(path);
  const now = at === undefined ? undefined : firstCert.get(at);
  const as = keptAs(path) ?? 'setAside';
  if (!c) return keptCopyText(as, { subject: view.kind === 'crl' ? (view as CrlView).issuer.text : '' });
  return keptCopyText(as, namePartsOf(c), now && now.subject.text === c.subject.text && now.fingerprints.sha256 !== c.fingerprints.sha256 ? { name: certificateName(namePartsOf(now)), path: at, on: now.notBefore } : undefined);
}

/**
 * Every certificate a CA issued, from its database (index.txt): revoked ones as `revoked`. A line
 * due within the window whose certificate was renewed is `replaced` (with a note): a later valid
 * line of the same subject whose archived copy (`archived`, newcerts/<serial>.pem) has the same
 * subjectAltNames. Without both copies it stays as it is: several nodes share one subject
 * (CockroachDB's CN=node), and only their names tell them apart.
 */
export function inventoryOfCaDatabase(indexPath: string, indexText: string | undefined, now: Date, withinDays: number, archived?: (serial: string) => CertificateView | undefined): InventoryItem[] {
  const entries = parseIndex(indexText);
  const bySubject = new Map<string, typeof entries>();
  for (const e of entries) if (e.status === 'V') bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e]);
  const names = (v: CertificateView): string => v.subjectAltNames.map(generalNameText).sort().join('\n');
  return entries.map((e) => {
    const s = statusOf(e.expiry, now, withinDays);
    const item: InventoryItem = { kind: 'certificate', path: indexPath, subject: e.subject, serial: e.serial, until: e.expiry.toISOString(), daysLeft: s.daysLeft, status: e.status === 'R' ? 'revoked' : s.status, source: 'ca-database' };
    if (item.status === 'valid' || item.status === 'revoked' || !archived) return item;
    const later = (bySubject.get(e.subject) ?? []).filter((o) => o.serial !== e.serial && o.expiry.getTime() > e.expiry.getTime()).sort((a, b) => b.expiry.getTime() - a.expiry.getTime());
    if (!later.length) return item;
    const mine = archived(e.serial);
    if (!mine) return item;
    for (const o of later) {
      const theirs = archived(o.serial);
      if (theirs && names(theirs) === names(mine)) return { ...item, status: 'replaced', note: replacedLineText(namePartsOf(mine), { name: certificateName(namePartsOf(theirs)), serial: o.serial, on: theirs.notBefore }) };
    }
    return item;
  });
}

/** Items that need action within the window: expiring or expired, never revoked ones. */
export function needsAction(items: readonly InventoryItem[]): InventoryItem[] {
  return items.filter((i) => i.status === 'expiring' || i.status === 'expired');
}
