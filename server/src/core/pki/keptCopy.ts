/**
 * What is kept, not deployed, and how it is named: the CA's archive of what it issued, a copy a
 * renewal or rotation put aside, the old CA a rotation keeps in the CA file beside the new one
 * until `ca rotate retire`, a database line whose certificate was renewed. Its expiry calls for
 * nothing; one predicate (isKeptCopy) and one sentence per case, so `certwright list` and
 * `expiring`, the Certificates view, the PEM linter, the certificate editor and hover agree.
 */
import { formatDay } from '../format';
import { dayMs } from '../pem/validity';
import { generalNameText } from '../pem/text';
import type { CertificateView } from '../pem/types';
import { tr } from '../l10n';
import { certificateName, type NameParts } from './naming';

/** What a kept file is: the CA's archive copy, or a copy a renewal or rotation put aside. */
export type KeptAs = 'archive' | 'setAside';

/**
 * What a file is kept as, undefined for one a system reads: the CA's archive of what it issued
 * (`openssl ca`'s `newcerts/<serial>.pem`, easy-rsa's `certs_by_serial/<serial>.pem` and its
 * revoked/certs_by_serial/), or what a renewal or rotation put aside once replaced (easy-rsa's
 * `renewed/issued|private|reqs/` and `revoked/private|reqs_by_serial/`; Certwright's
 * `renewed/<stem>.<old serial><ext>` and `<caDir>/retired/<serial>/`).
 */
export function keptAs(path: string): KeptAs | undefined {
  if (/(^|[\\/])(newcerts|certs_by_serial)[\\/][^\\/]+$/.test(path)) return 'archive';
  if (/(^|[\\/])renewed[\\/](issued|private|reqs)[\\/][^\\/]+$/.test(path) || /(^|[\\/])revoked[\\/](private|reqs)_by_serial[\\/][^\\/]+$/.test(path) || /(^|[\\/])renewed[\\/][^\\/]+\.[0-9A-F]{2,}(\.[^.\\/]+)?$/.test(path) || /(^|[\\/])retired[\\/][0-9A-F]{2,}[\\/][^\\/]+$/.test(path)) return 'setAside';
  return undefined;
}

/** Whether a file is kept, not deployed: its certificate is judged where it is deployed, and its expiry calls for nothing. */
export function isKeptCopy(path: string): boolean {
  return keptAs(path) !== undefined;
}

/** What a certificate found in these files only is kept as (a copy put aside names it better than the archive); undefined when one is deployed. */
export function keptAsAll(paths: readonly string[]): KeptAs | undefined {
  const as = paths.map(keptAs);
  if (!as.length || as.includes(undefined)) return undefined;
  return as.includes('setAside') ? 'setAside' : 'archive';
}

/** A kept file's place in a list of where a certificate is: " (the CA's archive copy)"; '' for a deployed file. */
export function keptCopySuffix(path: string): string {
  const as = keptAs(path);
  return as === 'archive' ? tr` (the CA's archive copy)` : as === 'setAside' ? tr` (put aside by a renewal or rotation, not deployed)` : '';
}

/** What replaced a kept certificate: its name, where it is (when known) and since when (its notBefore). */
export interface Replacement {
  readonly name: string;
  readonly path?: string;
  readonly serial?: string;
  readonly on?: string;
}

/**
 * Where the certificate of a kept copy was deployed before it was replaced: Certwright's
 * `renewed/<stem>.<old serial><ext>` beside `<stem><ext>`, easy-rsa's `pki/renewed/issued/<name>.crt`
 * of `pki/issued/<name>.crt`. Undefined for other paths (a retired CA: its successor is the CA file).
 */
export function replacedPath(path: string): string | undefined {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1]!;
  if (parts.length >= 3 && parts[parts.length - 3] === 'renewed' && parts[parts.length - 2] === 'issued') return [...parts.slice(0, -3), 'issued', file].join(sep);
  const m = /^(.+)\.[0-9A-F]{2,}(\.[^.]+)?$/.exec(file);
  if (m && parts.length >= 2 && parts[parts.length - 2] === 'renewed') return [...parts.slice(0, -2), `${m[1]}${m[2] ?? ''}`].join(sep);
  return undefined;
}

/** A decoded certificate's name parts (naming.ts certificateName reads them). */
export function namePartsOf(v: Pick<CertificateView, 'commonName' | 'subject' | 'subjectAltNames'> & { readonly serial?: string }): NameParts {
  const first = v.subjectAltNames[0];
  return { commonName: v.commonName, subject: v.subject.text, ...(first ? { firstSan: generalNameText(first) } : {}), ...(v.serial !== undefined ? { serial: v.serial } : {}) };
}

function by(r: Replacement): string {
  const where = r.path ? ` (${r.path})` : r.serial ? ` (serial ${r.serial})` : '';
  return `"${r.name}"${where}`;
}

/** "kept copy of "node", replaced by "node" (certs/node.crt) on 2026-12-07": what a kept copy is a copy of, and what replaced it when known. */
export function keptCopyText(as: KeptAs, of: NameParts, replacement?: Replacement): string {
  const name = certificateName(of);
  if (as === 'archive') return tr`the CA's archive copy of "${name}" (not deployed): its expiry calls for nothing`;
  if (!replacement) return tr`kept copy of "${name}", put aside by a renewal or rotation (not deployed): its expiry calls for nothing`;
  return replacement.on ? tr`kept copy of "${name}", replaced by ${by(replacement)} on ${formatDay(replacement.on)}` : tr`kept copy of "${name}", replaced by ${by(replacement)}`;
}

/** The old CA a rotation keeps in the CA file beside its successor until `certwright ca rotate retire`. */
export function retiringCaText(of: NameParts, successor: Replacement): string {
  return tr`old CA "${certificateName(of)}" kept in the CA file beside ${by(successor)}, which replaced it on ${formatDay(successor.on ?? '')}: take it out (certwright ca rotate retire) once nothing it issued is in use`;
}

/** A CA database line whose certificate was renewed: the line stays V until it lapses, the certificate is no longer deployed. */
export function replacedLineText(of: NameParts, successor: Replacement): string {
  return successor.on ? tr`"${certificateName(of)}" replaced by serial ${successor.serial ?? '?'} on ${formatDay(successor.on)}` : tr`"${certificateName(of)}" replaced by serial ${successor.serial ?? '?'}`;
}

/**
 * A CA file that holds several root CAs (the bundle of a CA rotation's overlap: the new CA and the
 * old one): the root in it valid for longest, when it is valid beyond the warning window. Verifiers (OpenSSL,
 * Go, PostgreSQL, CockroachDB) load every CA of the file and build chains with the one that verifies,
 * so an older CA of it lapsing fails nothing issued by the other.
 */
export function rootSuccessor<V extends Pick<CertificateView, 'notBefore' | 'notAfter' | 'selfIssued' | 'basicConstraints'>>(certs: readonly V[], now: Date, warningDays: number): V | undefined {
  // Roots only: an intermediate's bundle (intermediate, then its root) fails with the intermediate.
  const cas = certs.filter((c) => c.basicConstraints?.ca && c.selfIssued);
  if (cas.length < 2) return undefined;
  const best = cas.reduce((a, b) => (Date.parse(b.notAfter) > Date.parse(a.notAfter) ? b : a));
  const t = now.getTime();
  return Date.parse(best.notBefore) <= t && Date.parse(best.notAfter) - t > warningDays * dayMs ? best : undefined;
}

/** Whether `c` is an older root beside `successor` in one CA file (rootSuccessor). */
export function isRetiringRoot(c: Pick<CertificateView, 'selfIssued' | 'basicConstraints'>, successor: unknown): boolean {
  return successor !== undefined && c !== successor && Boolean(c.basicConstraints?.ca && c.selfIssued);
}
