/**
 * One binary DER object as the real tools take it, shared by the decoder (hover, lint) and the
 * Certificates tree: what it most likely is, and a certificate read past stray bytes after it.
 */
import { children, readOid, readTlv, TAG, type Tlv } from './der';

/** The kinds of DER object a file may hold, as told apart by their first levels. */
export type DerKind = 'certificate' | 'crl' | 'csr' | 'pkcs8' | 'spki' | 'pkcs1-public' | 'pkcs1' | 'sec1' | 'dsa';

const anyKind: readonly DerKind[] = ['certificate', 'crl', 'csr', 'pkcs8', 'spki'];

/**
 * What a DER SEQUENCE most likely holds, most likely first, from its first levels only: the order
 * in which to try readers, and whose error to report when none reads it (a broken CSR is
 * reported as a CSR, not as a certificate with a bad validity).
 */
export function derShape(data: Uint8Array): readonly DerKind[] {
  try {
    const top = readTlv(data, 0);
    const parts = children(data, top);
    if (parts.length === 3 && parts[0]!.tag === TAG.SEQUENCE && parts[2]!.tag === TAG.BIT_STRING) {
      const inner = children(data, parts[0]!);
      if (inner[0]?.tag === 0xa0 || (inner[0]?.tag === TAG.INTEGER && inner[1]?.tag === TAG.SEQUENCE && inner[2]?.tag === TAG.SEQUENCE && inner[3]?.tag === TAG.SEQUENCE && inner[4]?.tag === TAG.SEQUENCE)) return ['certificate', 'crl'];
      if (inner[0]?.tag === TAG.INTEGER && inner[1]?.tag === TAG.SEQUENCE && inner[2]?.tag === TAG.SEQUENCE && inner[3]?.tag === 0xa0) return ['csr'];
      return ['crl', 'certificate', 'csr'];
    }
    if (parts.length === 2 && parts[0]!.tag === TAG.SEQUENCE && parts[1]!.tag === TAG.BIT_STRING) return ['spki'];
    // RSAPublicKey (PKCS #1): modulus and exponent, what `openssl rsa -RSAPublicKey_out` writes.
    if (parts.length === 2 && parts[0]!.tag === TAG.INTEGER && parts[1]!.tag === TAG.INTEGER) return ['pkcs1-public'];
    if (parts[0]?.tag === TAG.INTEGER && parts[1]?.tag === TAG.SEQUENCE && parts[2]?.tag === TAG.OCTET_STRING) {
      readOid(data, children(data, parts[1]!)[0]!);
      return ['pkcs8'];
    }
    if (parts[0]?.tag === TAG.INTEGER && parts[1]?.tag === TAG.INTEGER && parts.length >= 9) return ['pkcs1'];
    if (isDsaPrivateKey(data, parts)) return ['dsa'];
    if (parts[0]?.tag === TAG.INTEGER && parts[1]?.tag === TAG.OCTET_STRING) return ['sec1'];
  } catch {
    // fall through
  }
  return anyKind;
}

/**
 * A certificate that may be followed by other bytes, read as OpenSSL's d2i_X509 reads it: up to
 * its own end, ignoring what follows (the trust settings of a TRUSTED CERTIFICATE, stray bytes
 * after a DER file); Go's x509.ParseCertificate refuses those ("x509: trailing data"). `read` is
 * the caller's certificate reader, given the certificate's own bytes; what it throws is thrown.
 */
export function readLeadingCertificate<T>(data: Uint8Array, read: (certificate: Uint8Array) => T): { readonly value: T; readonly trailing: number } {
  const end = readTlv(data, 0).end;
  return { value: read(end === data.length ? data : data.subarray(0, end)), trailing: data.length - end };
}

/**
 * OpenSSL's traditional DSAPrivateKey (what `openssl dsa -outform DER` writes): version 0, p, q, g,
 * y and x, six INTEGERs. OpenSSL's d2i_AutoPrivateKey reads it from a DER file without a label.
 */
export function isDsaPrivateKey(data: Uint8Array, parts: readonly Tlv[]): boolean {
  const version = parts[0];
  return parts.length === 6 && parts.every((p) => p.tag === TAG.INTEGER) && version!.end - version!.valueStart === 1 && data[version!.valueStart] === 0;
}
