/**
 * Unencrypted private keys in the traditional formats, PKCS#1 `RSA PRIVATE KEY` and
 * SEC1 `EC PRIVATE KEY`: what `cockroach cert`, `openssl genrsa -traditional` and
 * OpenSSL 1.x write. They are wrapped as PKCS#8 in memory only, for WebCrypto; the
 * file is never rewritten (an adopted CA keeps its key as it is).
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { children, readTlv, TAG } from '../pem/der';
import { IssueError } from './types';
import { tr } from '../l10n';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** PKCS#8 DER of a traditional key (the DER inside `RSA PRIVATE KEY` or `EC PRIVATE KEY`). */
export function traditionalToPkcs8(rsa: Uint8Array | undefined, ec: Uint8Array | undefined, what: string): Uint8Array | undefined {
  if (rsa) {
    return new Uint8Array(AsnConvert.serialize(new PrivateKeyInfo({ privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: OID_RSA, parameters: null }), privateKey: new OctetString(rsa) })));
  }
  if (!ec) return undefined;
  // ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters (the named curve), [1] publicKey }
  let curve: Uint8Array | undefined;
  try {
    const params = children(ec, readTlv(ec, 0)).find((t) => t.tag === 0xa0);
    const oid = params ? children(ec, params)[0] : undefined;
    if (oid?.tag === TAG.OID) curve = ec.slice(oid.start, oid.end);
  } catch {
    curve = undefined;
  }
  if (!curve) throw new IssueError(tr`${what} is an EC key without its named curve; write it with the curve: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`);
  return new Uint8Array(AsnConvert.serialize(new PrivateKeyInfo({ privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters: curve.buffer.slice(curve.byteOffset, curve.byteOffset + curve.byteLength) as ArrayBuffer }), privateKey: new OctetString(ec) })));
}
