/**
 * Which attribute values of a Name OpenSSL 3.0 can read. Its X509_NAME reader takes a value only
 * of the types in B_ASN1_PRINTABLE (NumericString, PrintableString, T61String, VideotexString,
 * IA5String, BIT STRING, UniversalString, BMPString, UTF8String, SEQUENCE and the universal tags it
 * maps to "unknown"), then converts the string types to UTF-8 for comparison; a value it cannot
 * take or convert makes the whole certificate unreadable ("Could not read certificate").
 */
import { TAG } from './der';

/** Universal tags OpenSSL takes as a name value (ASN1_tag2bit within B_ASN1_PRINTABLE); VideotexString is taken but never converts. */
const taken = new Set([0x03, 0x07, 0x08, 0x09, 0x0b, TAG.UTF8String, 0x0d, 0x0e, 0x0f, TAG.SEQUENCE, TAG.NumericString, TAG.PrintableString, TAG.T61String, TAG.IA5String, TAG.UniversalString, 0x1d, TAG.BMPString]);

/** Whether OpenSSL reads a name value of this tag and content (checked with openssl x509 on each type). */
export function opensslReadsNameValue(tag: number, value: Uint8Array): boolean {
  if (!taken.has(tag)) return false;
  switch (tag) {
    case TAG.UTF8String:
      return validUtf8(value);
    case TAG.BMPString:
      // Two octets a character, and no surrogate: OpenSSL refuses even a well-formed pair.
      for (let i = 0; i < value.length; i += 2) if (i + 1 >= value.length || (value[i]! & 0xf8) === 0xd8) return false;
      return true;
    case TAG.UniversalString:
      for (let i = 0; i < value.length; i += 4) {
        if (i + 3 >= value.length) return false;
        const cp = ((value[i]! << 24) | (value[i + 1]! << 16) | (value[i + 2]! << 8) | value[i + 3]!) >>> 0;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
      }
      return true;
    default:
      return true;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are UTF-8 as Go's utf8.Valid and OpenSSL take it (no surrogate, no overlong form). */
export function validUtf8(value: Uint8Array): boolean {
  try {
    utf8.decode(value);
    return true;
  } catch {
    return false;
  }
}

/** The string types OpenSSL 3.0 compares canonically (ASN1_MASK_CANON); a value of another type is compared by type and bytes. */
const canonicalTypes = new Set(['UTF8String', 'BMPString', 'UniversalString', 'PrintableString', 'T61String', 'TeletexString', 'IA5String', 'VisibleString']);

/**
 * A Name's comparison key as OpenSSL 3.0 matches issuer and subject (x509_name_canon): per RDN
 * its attributes in any order, each string value in UTF-8 with leading and trailing white space
 * dropped, inner runs of white space made one space and ASCII letters in lower case (other
 * letters as they are); empty RDNs left out. Two names with equal keys are one name to OpenSSL;
 * Go 1.19 compares the DER bytes instead (DistinguishedName.key).
 */
export function opensslNameKey(rdns: readonly (readonly { readonly oid: string; readonly value: string; readonly stringType: string }[])[]): string {
  const canon = (s: string): string => s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '').replace(/[ \t\n\v\f\r]+/g, ' ').replace(/[A-Z]+/g, (m) => m.toLowerCase());
  return rdns
    .filter((r) => r.length)
    .map((r) => r.map((a) => `${a.oid}=${canonicalTypes.has(a.stringType) ? canon(a.value) : `${a.stringType}:${a.value}`}`).sort().join('\u0002'))
    .join('\u0001');
}
