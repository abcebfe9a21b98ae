/** Names for the object identifiers the PKI tree displays (OpenSSL's short names where it has them). */

import { curves as pemCurves, dnNames, ekuNames, keyAlgorithms, signatureAlgorithms } from '../pem/oids';

/** One table of OpenSSL's names for the whole core lives in pem/oids; the tree reads it in its own shapes. */
export const dnAttributeNames: Readonly<Record<string, string>> = dnNames;

export const signatureAlgorithmNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(signatureAlgorithms).map(([oid, a]) => [oid, a.name]),
);

/** node:crypto's names for the digests it can verify with (MD2 and friends are left out on purpose). */
const nodeDigestNames: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Digest used by a signature algorithm (node:crypto name); undefined for algorithms without a separate digest. */
export const signatureDigests: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(signatureAlgorithms).flatMap(([oid, a]) => {
    const digest = a.hash && nodeDigestNames[a.hash];
    return digest ? [[oid, digest]] : [];
  }),
);

export const publicKeyAlgorithmNames: Readonly<Record<string, string>> = keyAlgorithms;

/** Curves by their NIST names where they have one (the tree's convention), else OpenSSL's. */
export const curves: Readonly<Record<string, { name: string; bits: number }>> = Object.fromEntries(
  Object.entries(pemCurves).map(([oid, c]) => [oid, { name: c.nist ?? c.name, bits: c.bits }]),
);

export const extendedKeyUsageNames: Readonly<Record<string, string>> = ekuNames;

export const keyUsageNames = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export const Oid = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  commonName: '2.5.4.3',
} as const;

export function name(table: Readonly<Record<string, string>>, oid: string): string {
  return table[oid] ?? oid;
}
