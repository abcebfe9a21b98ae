/**
 * PKCS#7 / CMS SignedData "certs-only" bundles (`.p7b`, `.p7c`, as made by
 * `openssl crl2pkcs7 -nocrl -certfile`): the certificates and CRLs they carry.
 */
import { children, DerError, readOid, readTlv, Tag, whole } from './der';

const signedData = '1.2.840.113549.1.7.2';

/** Whether the DER is a ContentInfo holding SignedData. */
export function isPkcs7(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0);
    const [oid] = children(der, top);
    return !!oid && oid.tag === Tag.oid && readOid(der, oid) === signedData;
  } catch {
    return false;
  }
}

/** The DER of every certificate and CRL in a PKCS#7 SignedData. Throws DerError when malformed. */
export function pkcs7Contents(der: Uint8Array): { certificates: Uint8Array[]; crls: Uint8Array[] } {
  const top = readTlv(der, 0);
  const [oid, content] = children(der, top);
  if (!oid || readOid(der, oid) !== signedData) throw new DerError('not a PKCS#7 SignedData', top.start);
  if (!content || content.tag !== 0xa0) throw new DerError('PKCS#7 SignedData without content', top.start);
  const sd = readTlv(der, content.body, content.end);
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const part of children(der, sd)) {
    if (part.tag === 0xa0) {
      for (const c of children(der, part)) if (c.tag === Tag.sequence) certificates.push(whole(der, c));
    } else if (part.tag === 0xa1) {
      for (const c of children(der, part)) if (c.tag === Tag.sequence) crls.push(whole(der, c));
    }
  }
  return { certificates, crls };
}
