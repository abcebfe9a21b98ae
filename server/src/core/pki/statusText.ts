/**
 * A certificate's place in the workspace's PKI in sentences, for hover, the
 * decoded view of DER files and Problems: which issuer was found (and in which
 * file), that its signature verified, which self-signed certificate the chain
 * ends at, and what the workspace's CRLs and CA databases say. It states what
 * was checked, never a trust decision: a self-signed certificate in the
 * workspace is not thereby trusted by anyone.
 */
import { crlFreshness } from './revocation';
import { revocationText, type CertificateStatus } from './tree';
import { tr } from '../l10n';
import { dayMs } from '../pem/validity';

export type StatusKind = 'verified' | 'anchor' | 'missing' | 'problem' | 'revoked' | 'revocation' | 'stale';

export interface StatusLine {
  readonly kind: StatusKind;
  readonly text: string;
}

export interface StatusTextOptions {
  readonly now: number;
  readonly warningDays: number;
  /** How a path is shown (relative to the workspace folder). */
  readonly display: (path: string) => string;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function statusLines(s: CertificateStatus, o: StatusTextOptions): StatusLine[] {
  const out: StatusLine[] = [];
  const chain = s.chain;
  for (let i = 1; i < chain.length; i++) {
    const child = i === 1 ? tr`Issued by` : tr`${chain[i - 1]!.label} is issued by`;
    out.push({ kind: 'verified', text: tr`${child} ${chain[i]!.label} (${o.display(chain[i]!.path)}), signature verified` });
  }
  if (s.complete) {
    const anchor = chain[chain.length - 1]!;
    out.push({ kind: 'anchor', text: chain.length === 1 ? tr`Self-signed (its own key verifies its signature)${s.id ? tr` and in this workspace` : ''}` : tr`${anchor.label} is self-signed and in this workspace` });
  } else if (chain.length === 1) {
    out.push({ kind: 'missing', text: s.badSignature ? tr`A certificate named "${s.issuerName}" is in the workspace, but its key does not verify this signature` : tr`Issuer "${s.issuerName}" is not in the workspace` });
  } else {
    const top = chain[chain.length - 1]!;
    out.push({ kind: 'missing', text: tr`The chain stops at ${top.label}: its issuer is not in the workspace` });
  }
  // RFC 5280 problems of the path, except what the lines above and below already say.
  for (const p of s.problems) if (!/: revoked on |^incomplete: |: an issuer candidate exists/.test(p)) out.push({ kind: 'problem', text: p });
  for (const r of s.revocations) out.push({ kind: 'revoked', text: revocationText(r, o.display) });
  if (!s.revocations.length && chain.length > 1) {
    if (!s.revocationSources.length) out.push({ kind: 'revocation', text: tr`Revocation not checked: no CRL or CA database of ${chain[1]!.label} in the workspace` });
    for (const src of s.revocationSources) {
      if (src.unusable) continue;
      const what = src.kind === 'crl' ? tr`the CRL ${o.display(src.path)}` : tr`the CA database ${o.display(src.path)}`;
      out.push({ kind: 'revocation', text: tr`Not revoked per ${what}` });
    }
  }
  // Freshness of the CRLs consulted: a lapsed CRL makes `openssl verify -crl_check` and PostgreSQL refuse every certificate of this CA.
  for (const src of s.revocationSources) {
    if (src.kind !== 'crl') continue;
    if (src.unusable) {
      out.push({ kind: 'stale', text: tr`OpenSSL cannot use the CRL ${o.display(src.path)} ("${src.unusable}"): verifiers that check it refuse every certificate of this CA, revoked or not` });
      continue;
    }
    const f = crlFreshness(src, o.now, o.warningDays);
    if (f === 'lapsed') out.push({ kind: 'stale', text: tr`The CRL ${o.display(src.path)} passed its next update on ${day(src.nextUpdate!)}: verifiers that check it ("CRL has expired") refuse every certificate of this CA` });
    else if (f === 'dueSoon') out.push({ kind: 'stale', text: tr`The CRL ${o.display(src.path)} needs its next update by ${day(src.nextUpdate!)} (in ${Math.max(0, Math.floor((src.nextUpdate! - o.now) / dayMs))} days)` });
  }
  return out;
}
