/**
 * The PKI tree as it crosses the wire: plain, serialisable data. The client
 * maps nodes to tree items; fields of an item are fetched on expansion.
 */

export type PkiRole = 'ca' | 'intermediate' | 'server' | 'client' | 'node' | 'other';

/**
 * Problems of an item, worst first in `PkiNode.status`:
 * - `expired`, `notYetValid`, `expiringSoon` (within the warning window),
 * - `revoked` (listed in a CRL of its verified issuer),
 * - `untrusted` (no issuer in the workspace whose key verifies its signature),
 * - `keyMismatch` (a key paired with the certificate by file name or file holds another public key;
 *   on keys: a key whose paired certificate has another public key),
 * - `badSignature` (a candidate issuer by key identifier or name exists, but no signature verifies),
 * - `unmatchedKey` (a key matching no certificate — informational),
 * - `stale` (a CRL past its nextUpdate), `error` (unreadable), `locked` (PKCS#12 needing a password),
 * - `invalid` (a certificate that is shown but that verifiers reject: a malformed or unknown critical
 *   extension, a validity time not in RFC 5280's form).
 */
export type PkiStatus = 'invalid' | 'expired' | 'notYetValid' | 'revoked' | 'keyMismatch' | 'badSignature' | 'untrusted' | 'expiringSoon' | 'stale' | 'error' | 'unmatchedKey' | 'locked';

export type PkiNodeKind = 'certificate' | 'key' | 'crl' | 'csr' | 'pkcs12' | 'error';

export interface PkiLocation {
  readonly path: string;
  /** Index of the item in its file: the PEM block index, or its position in a PKCS#7/PKCS#12 bundle. */
  readonly index: number;
  readonly format: 'pem' | 'der' | 'pkcs7' | 'pkcs12';
  /** Character offsets of the PEM block in the file's text. */
  readonly start?: number;
  readonly end?: number;
}

export interface PkiNode {
  /** Stable id: `cert:<sha256>`, `crl:<sha256>`, `key:<path>#<index>`, ... */
  readonly id: string;
  readonly kind: PkiNodeKind;
  readonly label: string;
  readonly description: string;
  /** Plain-text tooltip (several lines; a line starting `✕ ` or `⚠ ` is an error or a warning). */
  readonly tooltip: string;
  readonly role?: PkiRole;
  /** Worst first; empty when all is well. */
  readonly status: readonly PkiStatus[];
  readonly location: PkiLocation;
  /** Every place the same object occurs (a CA in several bundles), primary first. */
  readonly locations: readonly PkiLocation[];
  /** SHA-256 fingerprint, uppercase colon hex (certificates, CRLs, CSRs). */
  readonly sha256?: string;
  /** Id of the verified issuer node, when it is in the workspace. */
  readonly issuerId?: string;
  /** Certificates listed as revoked: "Revoked on <date> (<reason>) per the CRL <file>" (the first source). */
  readonly revocation?: string;
  /** Days until notAfter (negative when expired), certificates only. */
  readonly daysLeft?: number;
  /** ISO 8601: notBefore / notAfter of certificates, thisUpdate / nextUpdate of CRLs (the timeline's bars). */
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly children: readonly PkiNode[];
}

/**
 * One row of the Certificates view as its pages carry it (`certwright/listRows`): what the
 * row shows and whether it expands; the rest of the node comes with `describeItem`.
 */
export interface PkiRow {
  readonly id: string;
  /** Absent for certificates, most rows. */
  readonly kind?: Exclude<PkiNodeKind, 'certificate'>;
  readonly label: string;
  readonly description: string;
  readonly role?: PkiRole;
  /** Worst first; absent when all is well. */
  readonly status?: readonly PkiStatus[];
  /** Child rows (keys, CSRs, issued certificates, CRLs), when there are any... */
  readonly children?: number;
  /** ...of which certificates, and CRLs. */
  readonly certificates?: number;
  readonly crls?: number;
  /** Files holding the same object, when more than one. */
  readonly files?: number;
}

export interface PkiField {
  readonly label: string;
  readonly value: string;
}

export interface PkiTree {
  readonly roots: readonly PkiNode[];
  readonly counts: { readonly files: number; readonly certificates: number; readonly keys: number; readonly crls: number; readonly csrs: number; readonly errors: number };
  /** Files skipped for their size. */
  readonly tooLarge: readonly { readonly path: string; readonly size: number }[];
}

export interface ChainLink {
  readonly id: string;
  readonly label: string;
  readonly path: string;
}

export interface ChainReport {
  readonly ok: boolean;
  /** Leaf first, root last (as far as the workspace goes). */
  readonly chain: readonly ChainLink[];
  /** The self-signed certificate the chain ends at, when it reaches one. */
  readonly anchor?: ChainLink;
  readonly problems: readonly string[];
  /** One-line summary for a notification. */
  readonly summary: string;
}
