/**
 * What the certificate editor shows, as plain data: the decode of a file (its
 * objects, `DecodedObject`) joined with what the workspace PKI knows of each
 * certificate (status, revocation, verified chain, matching key). Pure: the
 * webview only renders this model, and the tests read the same model.
 */
import type { CertificateView, CrlView, CsrView, Decoded, DecodedView, KeyView } from '../pem/types';
import { ekuText, generalNameText, keyUsageText } from '../pem/text';
import { validityState } from '../pem/validity';
import type { ChainReport, PkiNode, PkiStatus } from './types';
import { formatInstant, roleName } from '../format';

/** One object of a decoded file: its PEM label (or what the DER holds) and its decode. */
export interface DecodedObject {
  readonly label: string;
  readonly decoded: Decoded;
  /** A CRL's entries beyond those in `decoded` (which holds the first ones): the full count. */
  readonly revokedTotal?: number;
}

export type BannerLevel = 'valid' | 'expiring' | 'expired' | 'revoked' | 'notYetValid' | 'stale' | 'locked' | 'info' | 'error';

export interface Banner {
  readonly level: BannerLevel;
  readonly title: string;
  readonly detail?: string;
}

export interface Row {
  readonly label: string;
  readonly value: string;
  /** Fingerprints, serials, key ids: monospace with a copy button. */
  readonly copy?: boolean;
}

export interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
}

export interface ChainEntry {
  readonly label: string;
  /** The workspace item (opens its file); absent when the issuer is not in the workspace. */
  readonly id?: string;
  readonly path?: string;
  /** `path` as the user reads it: relative to its workspace folder. */
  readonly file?: string;
  /** The certificate this card shows. */
  readonly current: boolean;
}

export interface Card {
  readonly kind: 'certificate' | 'crl' | 'csr' | 'key' | 'error';
  readonly heading: string;
  readonly subheading?: string;
  readonly banner?: Banner;
  readonly badges: readonly string[];
  readonly sections: readonly Section[];
  /** Leaf first; empty when the certificate is not in the workspace. */
  readonly chain: readonly ChainEntry[];
  readonly chainNote?: string;
}

export interface EditorModel {
  readonly title: string;
  readonly format: string;
  /** PKCS#12 whose encrypted parts need a password; `message` after a wrong one. */
  readonly locked?: { readonly message?: string };
  readonly cards: readonly Card[];
  /** The `openssl x509 -text`-like rendering, for the collapsible raw section. */
  readonly raw: string;
}

/** What the workspace knows of a certificate or CRL, by SHA-256 fingerprint. */
export interface WorkspaceFacts {
  node(sha256: string): PkiNode | undefined;
  chain(id: string): ChainReport | undefined;
  /** A path as the user reads it (relative to its workspace folder); the path itself when absent. */
  displayPath?(path: string): string;
}

export interface ModelOptions {
  readonly now: Date;
  readonly expiryWarningDays: number;
}

/** The one date format of the editor and the pictures (core/format.ts): `2026-12-05 23:46 UTC`. */
export function formatUtc(iso: string): string {
  return formatInstant(iso);
}

const dayMs = 86_400_000;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "in 3 days" / "12 days ago" / "today". */
export function relativeDays(iso: string, now: Date): string {
  const days = Math.trunc((Date.parse(iso) - now.getTime()) / dayMs);
  if (!Number.isFinite(days)) return 'unknown date';
  if (days === 0) return 'today';
  return days > 0 ? `in ${plural(days, 'day')}` : `${plural(-days, 'day')} ago`;
}

/** The card's subheading in the one role vocabulary (core/format.ts): "Root CA", "Server and client certificate". */
function roleHeading(role: string): string {
  const name = roleName(role);
  const heading = name.charAt(0).toUpperCase() + name.slice(1);
  return role === 'ca' || role === 'intermediate' ? heading : `${heading} certificate`;
}

const statusBadges: Partial<Record<PkiStatus, string>> = {
  invalid: 'verifiers reject it (malformed part)',
  untrusted: 'issuer not in the workspace',
  badSignature: 'signature does not verify',
  keyMismatch: 'key does not match',
  unmatchedKey: 'no matching certificate',
};

function certificateBanner(view: CertificateView, node: PkiNode | undefined, o: ModelOptions): Banner {
  const until = `${formatUtc(view.notAfter)} (${relativeDays(view.notAfter, o.now)})`;
  if (node?.status.includes('revoked')) return { level: 'revoked', title: 'Revoked', detail: node.revocation ? `${node.revocation}.` : 'Listed in a CRL of its issuer in this workspace.' };
  // A time not in RFC 5280's form or unreadable: every verifier refuses it, whatever the dates say.
  if (view.validityError) return { level: 'error', title: 'Invalid validity', detail: view.validityError };
  const state = validityState(view.notBefore, view.notAfter, o.now, o.expiryWarningDays);
  if (state === 'expired') return { level: 'expired', title: 'Expired', detail: `Expired ${until}.` };
  if (state === 'notYetValid') return { level: 'notYetValid', title: 'Not yet valid', detail: `Valid from ${formatUtc(view.notBefore)} (${relativeDays(view.notBefore, o.now)}).` };
  if (state === 'expiringSoon') return { level: 'expiring', title: 'Expiring soon', detail: `Expires ${until}; the warning starts ${plural(o.expiryWarningDays, 'day')} before.` };
  return { level: 'valid', title: 'Valid', detail: `Valid until ${until}.` };
}

function dnRows(label: string, dn: CertificateView['subject']): Row[] {
  if (!dn.rdns.length) return [{ label, value: '(empty)' }];
  return dn.rdns.flatMap((rdn) => rdn.map((a) => ({ label: a.name, value: a.value })));
}

function keyText(k: CertificateView['publicKey']): string {
  return [k.algorithm, k.nistCurve ?? k.curve, k.bits && !k.curve ? `${k.bits} bit` : ''].filter(Boolean).join(' ');
}

function usageRows(v: Pick<CertificateView, 'keyUsage' | 'extendedKeyUsage' | 'basicConstraints'>): Row[] {
  const rows: Row[] = [];
  if (v.basicConstraints) rows.push({ label: 'Basic constraints', value: `${v.basicConstraints.ca ? 'CA' : 'not a CA'}${v.basicConstraints.pathLength !== undefined ? `, path length ${v.basicConstraints.pathLength}` : ''}${v.basicConstraints.critical ? ' (critical)' : ''}` });
  if (v.keyUsage) rows.push({ label: 'Key usage', value: `${keyUsageText(v.keyUsage.usages)}${v.keyUsage.critical ? ' (critical)' : ''}` });
  if (v.extendedKeyUsage) rows.push({ label: 'Extended key usage', value: `${ekuText(v.extendedKeyUsage.usages)}${v.extendedKeyUsage.critical ? ' (critical)' : ''}` });
  if (!rows.length) rows.push({ label: 'Usages', value: 'no constraints (any usage)' });
  return rows;
}

function sanRows(names: CertificateView['subjectAltNames']): Row[] {
  if (!names.length) return [{ label: 'Names', value: 'none (clients that check names will reject this for TLS)' }];
  return names.map((g) => {
    const [type, ...rest] = generalNameText(g).split(':');
    return { label: type ?? g.type, value: rest.join(':') };
  });
}

function fingerprintRows(f: CertificateView['fingerprints']): Row[] {
  return [
    { label: 'SHA-256', value: f.sha256, copy: true },
    { label: 'SHA-1', value: f.sha1, copy: true },
  ];
}

function certificateCard(view: CertificateView, facts: WorkspaceFacts, o: ModelOptions): Card {
  const node = facts.node(view.fingerprints.sha256);
  const show = (path: string) => facts.displayPath?.(path) ?? path;
  const badges = (node?.status ?? []).map((s) => statusBadges[s]).filter((s): s is string => !!s);
  let chain: ChainEntry[] = [];
  let chainNote: string | undefined;
  if (node) {
    const report = facts.chain(node.id);
    if (report) {
      const link = (l: ChainReport['chain'][number]): ChainEntry => ({ label: l.label, id: l.id, path: l.path, file: show(l.path), current: l.id === node.id });
      chain = report.chain.map(link);
      if (report.anchor && !report.chain.some((l) => l.id === report.anchor!.id)) chain.push(link(report.anchor));
      chainNote = report.problems.length ? report.problems.join(' ') : report.summary;
    }
  } else chainNote = 'This certificate is not among the workspace\'s certificates, so its chain is not known.';
  if (!chain.length && !view.selfIssued && node) chainNote ??= `The issuer (${view.issuer.text}) is not in the workspace.`;
  const keyRows: Row[] = [{ label: 'Public key', value: keyText(view.publicKey) }, { label: 'Signature', value: view.signatureAlgorithm.name }];
  if (view.subjectKeyIdentifier) keyRows.push({ label: 'Subject key id', value: view.subjectKeyIdentifier, copy: true });
  if (view.authorityKeyIdentifier?.keyIdentifier) keyRows.push({ label: 'Authority key id', value: view.authorityKeyIdentifier.keyIdentifier, copy: true });
  const keyMatch = node?.children.find((c) => c.kind === 'key');
  if (keyMatch) keyRows.push({ label: 'Private key', value: keyMatch.status.includes('keyMismatch') ? `does not match (${show(keyMatch.location.path)})` : `matches ${show(keyMatch.location.path)}` });
  return {
    kind: 'certificate',
    heading: view.commonName || view.subject.text || 'Certificate (empty subject)',
    subheading: view.role ? roleHeading(view.role) : 'Certificate',
    banner: certificateBanner(view, node, o),
    badges,
    sections: [
      { title: 'Subject', rows: dnRows('Subject', view.subject) },
      { title: 'Issuer', rows: view.selfIssued ? [{ label: 'Issuer', value: 'self-issued (same as the subject)' }] : dnRows('Issuer', view.issuer) },
      { title: 'Subject alternative names', rows: sanRows(view.subjectAltNames) },
      { title: 'Usages', rows: usageRows(view) },
      {
        title: 'Validity',
        rows: [
          { label: 'Not before', value: `${formatUtc(view.notBefore)} (${relativeDays(view.notBefore, o.now)})` },
          { label: 'Not after', value: `${formatUtc(view.notAfter)} (${relativeDays(view.notAfter, o.now)})` },
          { label: 'Serial', value: view.serial, copy: true },
        ],
      },
      { title: 'Key and signature', rows: keyRows },
      { title: 'Fingerprints', rows: fingerprintRows(view.fingerprints) },
    ],
    chain,
    chainNote,
  };
}

function crlCard(view: CrlView, total: number | undefined, facts: WorkspaceFacts, o: ModelOptions): Card {
  const node = facts.node(view.fingerprints.sha256);
  const stale = view.nextUpdate !== undefined && Date.parse(view.nextUpdate) < o.now.getTime();
  const count = total ?? view.revoked.length;
  const shown = view.revoked.slice(0, 50).map((r) => ({ label: r.serial, value: `${formatUtc(r.date)}${r.reason ? ` · ${r.reason}` : ''}` }));
  if (count > shown.length) shown.push({ label: '…', value: `${(count - shown.length).toLocaleString('en-US')} more (see the raw fields)` });
  return {
    kind: 'crl',
    heading: `CRL of ${view.issuer.rdns.length ? view.issuer.text : '(empty issuer)'}`,
    subheading: 'Certificate revocation list',
    banner: stale ? { level: 'stale', title: 'Stale', detail: `Its next update was due ${formatUtc(view.nextUpdate!)} (${relativeDays(view.nextUpdate!, o.now)}); OpenSSL rejects it with "CRL has expired".` } : { level: 'valid', title: 'Current', detail: view.nextUpdate ? `Next update ${formatUtc(view.nextUpdate)} (${relativeDays(view.nextUpdate, o.now)}).` : 'No next update given.' },
    badges: node?.status.includes('untrusted') ? ['issuer not in the workspace'] : [],
    sections: [
      { title: 'Issuer', rows: dnRows('Issuer', view.issuer) },
      {
        title: 'Validity',
        rows: [
          { label: 'This update', value: formatUtc(view.thisUpdate) },
          { label: 'Next update', value: view.nextUpdate ? formatUtc(view.nextUpdate) : 'none' },
          ...(view.crlNumber ? [{ label: 'CRL number', value: view.crlNumber }] : []),
        ],
      },
      { title: `Revoked certificates (${count.toLocaleString('en-US')})`, rows: shown.length ? shown : [{ label: 'None', value: 'no certificate revoked' }] },
      { title: 'Fingerprints', rows: fingerprintRows(view.fingerprints) },
    ],
    chain: [],
  };
}

function csrCard(view: CsrView): Card {
  return {
    kind: 'csr',
    heading: view.commonName || view.subject.text || 'Request (empty subject)',
    subheading: 'Certificate signing request',
    badges: [],
    sections: [
      { title: 'Subject', rows: dnRows('Subject', view.subject) },
      { title: 'Requested names', rows: sanRows(view.subjectAltNames) },
      { title: 'Requested usages', rows: usageRows(view) },
      { title: 'Key and signature', rows: [{ label: 'Public key', value: keyText(view.publicKey) }, { label: 'Signature', value: view.signatureAlgorithm.name }] },
      { title: 'Fingerprints', rows: fingerprintRows(view.fingerprints) },
    ],
    chain: [],
  };
}

function keyCard(view: KeyView): Card {
  const rows: Row[] = [
    { label: 'Algorithm', value: `${view.algorithm}${view.curve ? ` ${view.curve}` : view.bits ? ` ${view.bits} bit` : ''}` },
    { label: 'Encrypted', value: view.encrypted ? `yes${view.encryption ? ` (${view.encryption})` : ''}` : 'no' },
  ];
  if (view.publicKeyId) rows.push({ label: 'Public key SHA-256', value: view.publicKeyId, copy: true });
  return { kind: 'key', heading: view.kind === 'privateKey' ? 'Private key' : 'Public key', subheading: 'Key material is never shown', badges: [], sections: [{ title: 'Key', rows }], chain: [] };
}

function card(o: DecodedObject, facts: WorkspaceFacts, options: ModelOptions): Card {
  if (!o.decoded.ok) return { kind: 'error', heading: o.label, banner: { level: 'error', title: 'Cannot decode', detail: o.decoded.message }, badges: [], sections: [], chain: [] };
  const v: DecodedView = o.decoded.view;
  switch (v.kind) {
    case 'certificate':
      return certificateCard(v, facts, options);
    case 'crl':
      return crlCard(v, o.revokedTotal, facts, options);
    case 'csr':
      return csrCard(v);
    case 'privateKey':
    case 'publicKey':
      return keyCard(v);
    case 'pkcs7':
      return { kind: 'error', heading: 'PKCS#7', badges: [], sections: [{ title: 'Contents', rows: [{ label: 'Objects', value: String(v.certificates.length + v.crls.length) }] }], chain: [] };
  }
}

/** The decoded file as `certwright/decodeFile` answers it, before the model is added. */
export interface DecodedFileParts {
  readonly title: string;
  readonly text: string;
  readonly format: string;
  readonly needsPassword: boolean;
  readonly passwordError?: string;
  readonly views?: readonly DecodedObject[];
}

export function editorModel(r: DecodedFileParts, facts: WorkspaceFacts, options: ModelOptions): EditorModel {
  const cards = (r.views ?? []).map((o) => card(o, facts, options));
  if (!cards.length && r.format === 'none') cards.push({ kind: 'error', heading: r.title, banner: { level: 'error', title: 'Not a certificate file', detail: r.text.trim() }, badges: [], sections: [], chain: [] });
  return {
    title: r.title,
    format: r.format,
    locked: r.needsPassword || r.passwordError ? { message: r.passwordError } : undefined,
    cards,
    raw: r.text,
  };
}
