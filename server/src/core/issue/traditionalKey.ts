/**
 * Unencrypted private keys in the traditional formats, PKCS#1 `RSA PRIVATE KEY` and
 * SEC1 `EC PRIVATE KEY`: what `cockroach cert`, `openssl genrsa -traditional` and
 * OpenSSL 1.x write. They are wrapped as PKCS#8 in memory only, for WebCrypto; the
 * file is never rewritten (an adopted CA keeps its key as it is).
 */
import { children, encodeTlv, readTlv, TAG } from '../pem/der';
import { IssueError } from './types';
import { tr } from '../l10n';
import { integerDer, oidDer, tlv } from './writer';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** PrivateKeyInfo ::= SEQUENCE { version 0, privateKeyAlgorithm, privateKey OCTET STRING } (RFC 5208). */
function privateKeyInfo(algorithm: Uint8Array, key: Uint8Array): Uint8Array {
  return tlv(TAG.SEQUENCE, [integerDer(0), algorithm, encodeTlv(TAG.OCTET_STRING, key)]);
}

/** PKCS#8 DER of a traditional key (the DER inside `RSA PRIVATE KEY` or `EC PRIVATE KEY`). */
export function traditionalToPkcs8(rsa: Uint8Array | undefined, ec: Uint8Array | undefined, what: string): Uint8Array | undefined {
  if (rsa) {
    return privateKeyInfo(tlv(TAG.SEQUENCE, [oidDer(OID_RSA), Uint8Array.of(TAG.NULL, 0)]), rsa);
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
  return privateKeyInfo(tlv(TAG.SEQUENCE, [oidDer(OID_EC_PUBLIC_KEY), curve]), ec);
}
