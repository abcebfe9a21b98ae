/**
 * What the certificate editor shows, as plain data: the decode of a file (its
 * objects, `DecodedObject`) joined with what the workspace PKI knows of each
 * certificate (status, revocation, verified chain, matching key). Pure: the
 * webview only renders this model, and the tests read the same model.
 */
import type { CertificateView, CrlView, CsrView, Decoded, DecodedView, KeyView } from '../pem/types';
import { ekuText, generalNameText, keyUsageText } from '../pem/text';
import { dayMs, validityState } from '../pem/validity';
import type { ChainReport, PkiNode, PkiStatus } from './types';
import { formatInstant, plural } from '../format';
import { tr } from '../l10n';
import { isRetiringRoot, keptAsAll, keptCopyText, namePartsOf, retiringCaText, rootSuccessor } from './keptCopy';
import { certificateName } from './naming';

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
  /** Label and value are the certificate's own data (a name attribute, a SAN, a serial): never translated. */
  readonly verbatim?: true;
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

/** Whole days from `now` to `iso`, rounded toward zero (NaN for an unreadable date). */
function daysFrom(iso: string, now: Date): number {
  return Math.trunc((Date.parse(iso) - now.getTime()) / dayMs);
}

/** "in 3 days" / "12 days ago" / "today". */
export function relativeDays(iso: string, now: Date): string {
  const days = daysFrom(iso, now);
  const s = plural(Math.abs(days));
  if (!Number.isFinite(days)) return tr`unknown date`;
  if (days === 0) return tr`today`;
  return days > 0 ? tr`in ${days} day${s}` : tr`${-days} day${s} ago`;
}

/** A date and how far it is from now: "2026-12-05 23:46 UTC (in 3 days)" (one template per form, so each reads back). */
function dated(iso: string, now: Date): string {
  const at = formatUtc(iso);
  const days = daysFrom(iso, now);
  const s = plural(Math.abs(days));
  if (!Number.isFinite(days)) return tr`${at} (unknown date)`;
  if (days === 0) return tr`${at} (today)`;
  return days > 0 ? tr`${at} (in ${days} day${s})` : tr`${at} (${-days} day${s} ago)`;
}

/** The card's subheading in the one role vocabulary (core/format.ts roleNames). */
const roleHeadings: Readonly<Record<string, string>> = {
  ca: tr`Root CA`,
  intermediate: tr`Intermediate CA`,
  server: tr`Server certificate`,
  client: tr`Client certificate`,
  node: tr`Server and client certificate`,
  other: tr`End entity certificate`,
};

const statusBadges: Partial<Record<PkiStatus, string>> = {
  invalid: tr`verifiers reject it (malformed part)`,
  untrusted: tr`issuer not in the workspace`,
  badSignature: tr`signature does not verify`,
  keyMismatch: tr`key does not match`,
  unmatchedKey: tr`no matching certificate`,
};

function certificateBanner(view: CertificateView, node: PkiNode | undefined, o: ModelOptions, successor?: CertificateView): Banner {
  const until = dated(view.notAfter, o.now);
  // The revocation's own sentence (core/pki/tree.ts revocationText), as the Certificates view says it.
  if (node?.status.includes('revoked')) return { level: 'revoked', title: tr`Revoked`, detail: node.revocation ?? tr`Listed in a CRL of its issuer in this workspace.` };
  // A time not in RFC 5280's form or unreadable: every verifier refuses it, whatever the dates say.
  if (view.validityError) return { level: 'error', title: tr`Invalid validity`, detail: view.validityError };
  const state = validityState(view.notBefore, view.notAfter, o.now, o.expiryWarningDays);
  if (state === 'expired' || state === 'expiringSoon') {
    // What is kept, not deployed (a renewal's or rotation's copy, a rotation's old CA beside the new one): named, no alarm.
    const when = (note: string): string => (state === 'expired' ? tr`${note}; it expired ${until}.` : tr`${note}; it expires ${until}.`);
    const kept = keptAsAll(node?.locations.map((l) => l.path) ?? []);
    if (kept) return { level: 'info', title: tr`Kept copy`, detail: when(keptCopyText(kept, namePartsOf(view))) };
    if (successor && isRetiringRoot(view, successor)) return { level: 'info', title: tr`Old CA, being retired`, detail: when(retiringCaText(namePartsOf(view), { name: certificateName(namePartsOf(successor)), on: successor.notBefore })) };
  }
  if (state === 'expired') return { level: 'expired', title: tr`Expired`, detail: tr`Expired ${until}.` };
  if (state === 'notYetValid') return { level: 'notYetValid', title: tr`Not yet valid`, detail: tr`Valid from ${dated(view.notBefore, o.now)}.` };
  const warn = o.expiryWarningDays;
  if (state === 'expiringSoon') return { level: 'expiring', title: tr`Expiring soon`, detail: tr`Expires ${until}; the warning starts ${warn} day${plural(warn)} before.` };
  return { level: 'valid', title: tr`Valid`, detail: tr`Valid until ${until}.` };
}

function dnRows(label: string, dn: CertificateView['subject']): Row[] {
  if (!dn.rdns.length) return [{ label, value: tr`(empty)` }];
  return dn.rdns.flatMap((rdn) => rdn.map((a): Row => ({ label: a.name, value: a.value, verbatim: true })));
}

function keyText(k: CertificateView['publicKey']): string {
  const curve = k.nistCurve ?? k.curve;
  if (curve) return `${k.algorithm} ${curve}`;
  return k.bits ? tr`${k.algorithm} ${k.bits} bit` : k.algorithm;
}

function usageRows(v: Pick<CertificateView, 'keyUsage' | 'extendedKeyUsage' | 'basicConstraints'>): Row[] {
  const rows: Row[] = [];
  const critical = (c: boolean | undefined, text: string): string => (c ? tr`${text} (critical)` : text);
  const bc = v.basicConstraints;
  if (bc) {
    const what = bc.ca ? (bc.pathLength !== undefined ? tr`CA, path length ${bc.pathLength}` : 'CA') : bc.pathLength !== undefined ? tr`not a CA, path length ${bc.pathLength}` : tr`not a CA`;
    rows.push({ label: tr`Basic constraints`, value: critical(bc.critical, what) });
  }
  // OpenSSL's names of the usages (Digital Signature, TLS Web Server Authentication) stay as OpenSSL prints them.
  if (v.keyUsage) rows.push({ label: tr`Key usage`, value: critical(v.keyUsage.critical, keyUsageText(v.keyUsage.usages)) });
  if (v.extendedKeyUsage) rows.push({ label: tr`Extended key usage`, value: critical(v.extendedKeyUsage.critical, ekuText(v.extendedKeyUsage.usages)) });
  if (!rows.length) rows.push({ label: tr`Usages`, value: tr`no constraints (any usage)` });
  return rows;
}

function sanRows(names: CertificateView['subjectAltNames']): Row[] {
  if (!names.length) return [{ label: tr`Names`, value: tr`none (clients that check names will reject this for TLS)` }];
  return names.map((g): Row => {
    const [type, ...rest] = generalNameText(g).split(':');
    return { label: type ?? g.type, value: rest.join(':'), verbatim: true };
  });
}

function fingerprintRows(f: CertificateView['fingerprints']): Row[] {
  return [
    { label: 'SHA-256', value: f.sha256, copy: true },
    { label: 'SHA-1', value: f.sha1, copy: true },
  ];
}

function certificateCard(view: CertificateView, facts: WorkspaceFacts, o: ModelOptions, successor?: CertificateView): Card {
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
      // One problem a line: each is a sentence of its own (the webview shows them as one paragraph).
      chainNote = report.problems.length ? report.problems.join('\n') : report.summary;
    }
  } else chainNote = tr`This certificate is not among the workspace's certificates, so its chain is not known.`;
  if (!chain.length && !view.selfIssued && node) chainNote ??= tr`The issuer (${view.issuer.text}) is not in the workspace.`;
  const keyRows: Row[] = [{ label: tr`Public key`, value: keyText(view.publicKey) }, { label: tr`Signature`, value: view.signatureAlgorithm.name }];
  if (view.subjectKeyIdentifier) keyRows.push({ label: tr`Subject key id`, value: view.subjectKeyIdentifier, copy: true });
  if (view.authorityKeyIdentifier?.keyIdentifier) keyRows.push({ label: tr`Authority key id`, value: view.authorityKeyIdentifier.keyIdentifier, copy: true });
  const keyMatch = node?.children.find((c) => c.kind === 'key');
  if (keyMatch) keyRows.push({ label: tr`Private key`, value: keyMatch.status.includes('keyMismatch') ? tr`does not match (${show(keyMatch.location.path)})` : tr`matches ${show(keyMatch.location.path)}` });
  return {
    kind: 'certificate',
    heading: view.commonName || view.subject.text || tr`Certificate (empty subject)`,
    subheading: (view.role && roleHeadings[view.role]) || tr`Certificate`,
    banner: certificateBanner(view, node, o, successor),
    badges,
    sections: [
      { title: tr`Subject`, rows: dnRows(tr`Subject`, view.subject) },
      { title: tr`Issuer`, rows: view.selfIssued ? [{ label: tr`Issuer`, value: tr`self-issued (same as the subject)` }] : dnRows(tr`Issuer`, view.issuer) },
      { title: tr`Subject alternative names`, rows: sanRows(view.subjectAltNames) },
      { title: tr`Usages`, rows: usageRows(view) },
      {
        title: tr`Validity`,
        rows: [
          { label: tr`Not before`, value: dated(view.notBefore, o.now) },
          { label: tr`Not after`, value: dated(view.notAfter, o.now) },
          { label: tr`Serial`, value: view.serial, copy: true },
        ],
      },
      { title: tr`Key and signature`, rows: keyRows },
      { title: tr`Fingerprints`, rows: fingerprintRows(view.fingerprints) },
    ],
    chain,
    chainNote,
  };
}

function crlCard(view: CrlView, total: number | undefined, facts: WorkspaceFacts, o: ModelOptions): Card {
  const node = facts.node(view.fingerprints.sha256);
  const stale = view.nextUpdate !== undefined && Date.parse(view.nextUpdate) < o.now.getTime();
  const count = total ?? view.revoked.length;
  // Serials, dates and RFC 5280 reason names are data.
  const shown = view.revoked.slice(0, 50).map((r): Row => ({ label: r.serial, value: `${formatUtc(r.date)}${r.reason ? ` · ${r.reason}` : ''}`, verbatim: true }));
  if (count > shown.length) shown.push({ label: '…', value: tr`${(count - shown.length).toLocaleString('en-US')} more (see the raw fields)` });
  return {
    kind: 'crl',
    heading: view.issuer.rdns.length ? tr`CRL of ${view.issuer.text}` : tr`CRL of (empty issuer)`,
    subheading: tr`Certificate revocation list`,
    banner: stale
      ? { level: 'stale', title: tr`Stale`, detail: tr`Its next update was due ${dated(view.nextUpdate!, o.now)}; OpenSSL rejects it with "CRL has expired".` }
      : { level: 'valid', title: tr`Current`, detail: view.nextUpdate ? tr`Next update ${dated(view.nextUpdate, o.now)}.` : tr`No next update given.` },
    badges: node?.status.includes('untrusted') ? [statusBadges.untrusted!] : [],
    sections: [
      { title: tr`Issuer`, rows: dnRows(tr`Issuer`, view.issuer) },
      {
        title: tr`Validity`,
        rows: [
          { label: tr`This update`, value: formatUtc(view.thisUpdate) },
          { label: tr`Next update`, value: view.nextUpdate ? formatUtc(view.nextUpdate) : tr`none` },
          ...(view.crlNumber ? [{ label: tr`CRL number`, value: view.crlNumber, verbatim: true as const }] : []),
        ],
      },
      { title: tr`Revoked certificates (${count.toLocaleString('en-US')})`, rows: shown.length ? shown : [{ label: tr`None`, value: tr`no certificate revoked` }] },
      { title: tr`Fingerprints`, rows: fingerprintRows(view.fingerprints) },
    ],
    chain: [],
  };
}

function csrCard(view: CsrView): Card {
  return {
    kind: 'csr',
    heading: view.commonName || view.subject.text || tr`Request (empty subject)`,
    subheading: tr`Certificate signing request`,
    badges: [],
    sections: [
      { title: tr`Subject`, rows: dnRows(tr`Subject`, view.subject) },
      { title: tr`Requested names`, rows: sanRows(view.subjectAltNames) },
      { title: tr`Requested usages`, rows: usageRows(view) },
      { title: tr`Key and signature`, rows: [{ label: tr`Public key`, value: keyText(view.publicKey) }, { label: tr`Signature`, value: view.signatureAlgorithm.name }] },
      { title: tr`Fingerprints`, rows: fingerprintRows(view.fingerprints) },
    ],
    chain: [],
  };
}

function keyCard(view: KeyView): Card {
  const rows: Row[] = [
    { label: tr`Algorithm`, value: view.curve ? `${view.algorithm} ${view.curve}` : view.bits ? tr`${view.algorithm} ${view.bits} bit` : view.algorithm },
    { label: tr`Encrypted`, value: view.encrypted ? (view.encryption ? tr`yes (${view.encryption})` : tr`yes`) : tr`no` },
  ];
  if (view.publicKeyId) rows.push({ label: tr`Public key SHA-256`, value: view.publicKeyId, copy: true });
  return { kind: 'key', heading: view.kind === 'privateKey' ? tr`Private key` : tr`Public key`, subheading: tr`Key material is never shown`, badges: [], sections: [{ title: tr`Key`, rows }], chain: [] };
}

function card(o: DecodedObject, facts: WorkspaceFacts, options: ModelOptions, successor?: CertificateView): Card {
  if (!o.decoded.ok) return { kind: 'error', heading: o.label, banner: { level: 'error', title: tr`Cannot decode`, detail: o.decoded.message }, badges: [], sections: [], chain: [] };
  const v: DecodedView = o.decoded.view;
  switch (v.kind) {
    case 'certificate':
      return certificateCard(v, facts, options, successor);
    case 'crl':
      return crlCard(v, o.revokedTotal, facts, options);
    case 'csr':
      return csrCard(v);
    case 'privateKey':
    case 'publicKey':
      return keyCard(v);
    case 'pkcs7':
      return { kind: 'error', heading: 'PKCS#7', badges: [], sections: [{ title: tr`Contents`, rows: [{ label: tr`Objects`, value: String(v.certificates.length + v.crls.length) }] }], chain: [] };
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
  const certs = (r.views ?? []).flatMap((o) => (o.decoded.ok && o.decoded.view.kind === 'certificate' ? [o.decoded.view] : []));
  const successor = rootSuccessor(certs, options.now, options.expiryWarningDays);
  const cards = (r.views ?? []).map((o) => card(o, facts, options, successor));
  if (!cards.length && r.format === 'none') cards.push({ kind: 'error', heading: r.title, banner: { level: 'error', title: tr`Not a certificate file`, detail: r.text.trim() }, badges: [], sections: [], chain: [] });
  return {
    title: r.title,
    format: r.format,
    locked: r.needsPassword || r.passwordError ? { message: r.passwordError } : undefined,
    cards,
    raw: r.text,
  };
}
