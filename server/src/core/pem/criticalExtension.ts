import type { ExtensionInfo, GeneralName } from './types';

/**
 * The extensions OpenSSL 3.0's verifier reads, so that marking them critical is accepted
 * (X509_supported_extension in crypto/x509/v3_purp.c); any other critical extension fails
 * `openssl verify` with "unhandled critical extension" at whatever depth it sits.
 */
const opensslReads = new Set([
  '2.16.840.1.113730.1.1', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.32', '2.5.29.31', '2.5.29.37', '1.3.6.1.5.5.7.1.7',
  '1.3.6.1.5.5.7.1.8', '1.3.6.1.5.5.7.48.1.5', '2.5.29.36', '1.3.6.1.5.5.7.1.14', '2.5.29.30', '2.5.29.33', '2.5.29.54',
]);

/**
 * The extensions Go 1.19's crypto/x509 reads (parser.go processExtensions); any other critical one
 * lands in UnhandledCriticalExtensions and Verify refuses every chain through the certificate
 * ("x509: unhandled critical extension"). A subjectAltName counts as read only when it holds a
 * DNS name, e-mail address, IP address or URI, and name constraints only when every base is one
 * of those (ExtensionInfo.goUnhandled).
 */
const goReads = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.30', '2.5.29.31', '2.5.29.32', '2.5.29.35', '2.5.29.37', '1.3.6.1.5.5.7.1.1']);

/** Which verifiers reject a certificate for this extension being critical; undefined when none does. */
export interface CriticalRejection {
  readonly openssl: boolean;
  readonly go: boolean;
}

/**
 * Whether OpenSSL 3.0 `verify` and Go 1.19 `crypto/x509` reject a certificate because this
 * extension is critical and they do not read it (whatever its value holds). `names` are the certificate's subjectAltNames (Go's rule for a
 * subjectAltName with none of the names it uses). The lint's findings and the tree's problems
 * both ask this.
 */
export function criticalRejection(e: ExtensionInfo, names: readonly GeneralName[] = []): CriticalRejection | undefined {
  if (!e.critical) return undefined;
  const goUses = e.oid !== '2.5.29.17' || names.some((n) => n.type === 'dns' || n.type === 'email' || n.type === 'ip' || n.type === 'uri');
  const openssl = !opensslReads.has(e.oid);
  const go = !goReads.has(e.oid) || !goUses || e.goUnhandled !== undefined;
  return openssl || go ? { openssl, go } : undefined;
}

/** Whether `openssl verify` (what the tree's chain verdicts follow) rejects a certificate for this critical extension. */
export function rejectedAsCritical(e: ExtensionInfo, names: readonly GeneralName[] = []): boolean {
  return criticalRejection(e, names)?.openssl ?? false;
}

/**
 * Whether `openssl verify` refuses every chain through a certificate for one of its extensions:
 * a value neither tool reads, one only OpenSSL's verifier refuses, or a critical extension it does
 * not read.
 */
export function opensslRefusesExtensions(v: { readonly extensions: readonly ExtensionInfo[]; readonly subjectAltNames: readonly GeneralName[] }): boolean {
  return v.extensions.some((e) => e.error !== undefined || e.opensslRefuses !== undefined || rejectedAsCritical(e, v.subjectAltNames));
}
