/**
 * PKCS#7 / CMS SignedData "certs-only" bundles (`.p7b`, `.p7c`, as made by
 * `openssl crl2pkcs7 -nocrl -certfile`). Their certificates and CRLs are read by
 * core/pem's pkcs7Contents; this only recognises the container.
 */
import { children, definiteLengths, readOid, readTlv, TAG } from '../pem/der';

const signedData = '1.2.840.113549.1.7.2';

/** Whether the DER (or BER, as OpenSSL reads it) is a ContentInfo holding SignedData. */
export function isPkcs7(input: Uint8Array): boolean {
  try {
    const der = definiteLengths(input);
    const top = readTlv(der, 0);
    const [oid] = children(der, top);
    return !!oid && oid.tag === TAG.OID && readOid(der, oid) === signedData;
  } catch {
    return false;
  }
}
