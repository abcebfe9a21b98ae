/**
 * What a CRL about to be published will meet, said before peers meet it: a CA certificate
 * that expires before the CRL's nextUpdate (or has expired: peers then refuse everything it
 * issued, CRL or not; renewing the CA certificate with the same key keeps the CRL valid, so
 * the CRL is not cut short), and a CRL published with it (an intermediate's copy of its
 * parent's, the other CA's during a rotation) whose nextUpdate has passed or comes first:
 * PostgreSQL (ssl_crl_file checks every CA of the chain) and `openssl verify
 * -crl_check_all` then refuse every client of this CA with "CRL has expired". Warnings,
 * not refusals: the CRL itself is right, and not publishing it would be worse.
 */
import { findPemBlocks } from '../pem/blocks';
import { decodeCrlDer } from '../pem/decode';
import { formatInstant } from '../format';
import { tr } from '../l10n';
import type { Cert } from './certs';
import { dayMs } from '../pem/validity';

export interface PublishedCrl {
  readonly issuer: string;
  readonly issuerMatches: boolean;
  readonly nextUpdate?: Date;
}

/** A CRL block of a PEM text: as written (ending with a newline), and what it says where Certwright can read it. */
export interface CrlBlock {
  readonly text: string;
  readonly crl?: PublishedCrl;
}

export function crlBlocks(pem: string, issuerOfCa: Cert): CrlBlock[] {
  return findPemBlocks(pem)
    .filter((b) => b.kind === 'crl')
    .map((b) => {
      const text = pem.slice(b.start, b.end);
      return { text: text.endsWith('\n') ? text : `${text}\n`, ...(b.der ? { crl: readCrl(b.der, issuerOfCa) } : {}) };
    });
}

function readCrl(der: Uint8Array, issuerOfCa: Cert): PublishedCrl | undefined {
  try {
    const v = decodeCrlDer(der);
    return { issuer: v.issuer.text, issuerMatches: v.issuer.text === issuerOfCa.issuer, ...(v.nextUpdate ? { nextUpdate: new Date(v.nextUpdate) } : {}) };
  } catch {
    return undefined; // not a CRL Certwright can read: the lint reports it
  }
}

/** The CRLs of a PEM text that Certwright can read. */
export function crlsIn(pem: string, issuerOfCa: Cert): PublishedCrl[] {
  return crlBlocks(pem, issuerOfCa).flatMap((b) => (b.crl ? [b.crl] : []));
}

/**
 * Warnings for a CRL of `ca` with `nextUpdate`, published at `now` with the CRLs of
 * `publishedWith` (PEM). `renewCa`: the command that renews the CA certificate;
 * `refreshParent`: the one that copies a fresh CRL of the parent.
 */
export function crlLifetimeWarnings(now: Date, ca: Cert, nextUpdate: Date, publishedWith: string | undefined, renewCa: string, refreshParent: string): string[] {
  const warnings: string[] = [];
  const caEnd = formatInstant(ca.notAfter);
  if (ca.notAfter.getTime() <= now.getTime()) {
    warnings.push(tr`the CA certificate (${ca.subject}) expired on ${caEnd}: peers refuse every certificate it issued, and this CRL with them, until it is renewed (same key: this CRL stays valid): ${renewCa}`);
  } else if (ca.notAfter.getTime() < nextUpdate.getTime()) {
    warnings.push(tr`the CA certificate (${ca.subject}) expires on ${caEnd}, before this CRL's nextUpdate (${formatInstant(nextUpdate)}): from then peers refuse every certificate it issued whatever the CRL says; renew it before then (same key: this CRL stays valid): ${renewCa}`);
  }
  for (const other of publishedWith === undefined ? [] : crlsIn(publishedWith, ca)) {
    // Within a day of this one: both were published together (the same schedule), not a stale copy.
    if (!other.nextUpdate || other.nextUpdate.getTime() > nextUpdate.getTime() - dayMs) continue;
    const when = formatInstant(other.nextUpdate);
    const refresh = other.issuerMatches ? tr`publish a fresh CRL on the parent CA and copy it here: ${refreshParent}` : tr`publish a fresh CRL of that CA`;
    warnings.push(
      other.nextUpdate.getTime() <= now.getTime()
        ? tr`the CRL of ${other.issuer} published with this one passed its nextUpdate on ${when}: PostgreSQL (ssl_crl_file) and openssl verify -crl_check_all refuse every certificate of this CA while it is published; ${refresh}`
        : tr`the CRL of ${other.issuer} published with this one lapses on ${when}, before this one: from then PostgreSQL (ssl_crl_file) and openssl verify -crl_check_all refuse every certificate of this CA; ${refresh}`,
    );
  }
  return warnings;
}
