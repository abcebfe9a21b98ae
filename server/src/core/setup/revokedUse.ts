/**
 * A configuration that loads a revoked certificate. PEM-REVOKED says so on the
 * certificate file; this says it where a system uses the file: DM's ssl-cert, a
 * CockroachDB node's --certs-dir, PostgreSQL's ssl_cert_file, a connection string's
 * sslcert. Severity follows the peer that receives the certificate: an error only where
 * it checks a CRL that lists it (a PostgreSQL server whose ssl_crl_file lists the client
 * certificate refuses it: "certificate revoked"); DM and CockroachDB check no CRL, and
 * libpq checks a server's certificate only with sslcrl, so a warning there.
 *
 * Revocation comes from the workspace's CRLs and CA databases (the one revocation index,
 * through LintContext.pki); whether a server's own CRL lists a certificate is read from
 * that CRL, as OpenSSL reads it.
 */
import { serialKey, type Revocation } from '../pki/revocation';
import { revocationText } from '../pki/tree';
import { verifySignature } from '../pem';
import type { Environment } from '../environment';
import type { WorkspacePki } from '../linter';
import type { Finding, RelatedLocation } from '../types';
import type { CertFacts, CrlFacts } from './certFacts';
import { tr } from '../l10n';

/** The first source that lists the certificate as revoked (CRLs before CA databases), if any. */
export async function revocationOf(pki: WorkspacePki | undefined, cert: CertFacts): Promise<Revocation | undefined> {
  if (!pki) return undefined;
  const status = await pki.statusOf(cert.der);
  return status?.revocations[0];
}

/**
 * The CRL among `crls` that lists `cert` and was signed by a CA of `cas` with the
 * certificate's issuer name (what OpenSSL's CRL check accepts), if any.
 */
export async function listedBy(crls: readonly CrlFacts[], cas: readonly CertFacts[], cert: CertFacts, crypto: Environment['crypto']): Promise<CrlFacts | undefined> {
  const serial = serialKey(cert.serial);
  const issuers = cas.filter((c) => c.subject === cert.issuer);
  for (const crl of crls) {
    if (crl.issuer !== cert.issuer || !crl.der || !crl.revoked.some((e) => serialKey(e.serial) === serial)) continue;
    for (const ca of issuers) if ((await verifySignature(crl.der, ca.der, crypto)) === 'valid') return crl;
  }
  return undefined;
}

export interface RevokedUse {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** What loads the certificate, in the file's words ("ssl-cert", "sslcert", "--certs-dir node.crt"). */
  readonly option: string;
  readonly at: { readonly start: number; readonly end: number };
  /** What the receiving peer does with it, and what to do. */
  readonly consequence: string;
  readonly related?: readonly RelatedLocation[];
}

/** "ssl-cert loads CN=dm (serial 1A…), revoked on … per the CRL root.crl: <consequence>" */
export function revokedFinding(use: RevokedUse, cert: CertFacts, revocation: Revocation | string): Finding {
  const why = typeof revocation === 'string' ? revocation : revocationText(revocation);
  return {
    code: use.code,
    severity: use.severity,
    start: use.at.start,
    end: use.at.end,
    message: tr`${use.option} loads ${cert.subjectCN[0] ? `CN=${cert.subjectCN[0]}` : cert.subject} (serial ${cert.serial}), ${why.replace(/^R/, 'r')}: ${use.consequence}`,
    ...(use.related ? { related: [...use.related] } : {}),
  };
}

/** Re-issuing with the same key keeps a compromised key in use: the advice every finding ends with. */
export const reissueAdvice = tr`issue a new certificate with a new key (Renew with "New key", or certwright renew --new-key) and deploy it.`;
export const ReissueAdvice = `${reissueAdvice[0]!.toUpperCase()}${reissueAdvice.slice(1)}`;
