/**
 * What Go 1.19's crypto/x509 refuses to parse in a certificate, CSR or key that OpenSSL 3.0
 * reads (parser.go parsePublicKey and parseSANExtension; x509.go namedCurveFromOID). Each
 * function returns Go's own error text, or undefined when Go reads the part. A Go program
 * (crypto/tls, CockroachDB, DM) cannot load such a certificate, and x509.CertPool's
 * AppendCertsFromPEM skips it without a word.
 */
import { TAG, readOid, readTlv, type Tlv } from './der';
import { opensslReadsNameValue, validUtf8 } from './opensslName';
import type { CertificateView } from './types';

/** The only curves Go 1.19's crypto/x509 names (namedCurveFromOID): P-224, P-256, P-384, P-521. */
const goCurves: Readonly<Record<string, number>> = {
  '1.3.132.0.33': 28,
  '1.2.840.10045.3.1.7': 32,
  '1.3.132.0.34': 48,
  '1.3.132.0.35': 66,
};

/** Whether Go names this curve, as the decoder names it (OpenSSL's short name). */
export function goReadsCurve(name: string): boolean {
  return name === 'secp224r1' || name === 'prime256v1' || name === 'secp384r1' || name === 'secp521r1';
}

/**
 * Go's parsePublicKey on a SubjectPublicKeyInfo: `oid` is the key algorithm, `params` the
 * parameters TLV (undefined when absent), `key` the subjectPublicKey's bytes.
 */
export function goPublicKeyRefusal(oid: string, buf: Uint8Array, params: Tlv | undefined, key: Uint8Array, curveOid: string | undefined): string | undefined {
  const paramBytes = params ? buf.subarray(params.start, params.end) : new Uint8Array(0);
  switch (oid) {
    case '1.2.840.113549.1.1.1':
      return paramBytes.length === 2 && paramBytes[0] === TAG.NULL && paramBytes[1] === 0 ? undefined : 'x509: RSA key missing NULL parameters';
    case '1.2.840.10045.2.1': {
      if (params?.tag !== TAG.OID) return 'x509: invalid ECDSA parameters';
      const size = curveOid === undefined ? undefined : goCurves[curveOid];
      if (size === undefined) return 'x509: unsupported elliptic curve';
      // elliptic.Unmarshal takes only the uncompressed form: 04 || X || Y.
      return key.length === 1 + 2 * size && key[0] === 4 ? undefined : 'x509: failed to unmarshal elliptic curve point';
    }
    case '1.3.101.112':
      if (params) return 'x509: Ed25519 key encoded with illegal parameters';
      return key.length === 32 ? undefined : 'x509: wrong Ed25519 public key size';
    case '1.2.840.10040.4.1':
      // Parameters inherited from the issuer (absent here) are RFC 3279's; Go reads only explicit ones.
      return params?.tag === TAG.SEQUENCE && dsaParametersRead(buf, params) ? undefined : 'x509: invalid DSA parameters';
    default:
      return undefined;
  }
}

function dsaParametersRead(buf: Uint8Array, params: Tlv): boolean {
  let at = params.valueStart;
  for (let i = 0; i < 3; i++) {
    if (at >= params.end) return false;
    const t = readTlv(buf, at, params.end);
    if (t.tag !== TAG.INTEGER) return false;
    at = t.end;
  }
  return true;
}

/**
 * Go's parseSANExtension on a subjectAltName's value: a value that is not a SEQUENCE of
 * TLVs, a DNS name, e-mail address or URI with a byte outside ASCII (not an IA5String), a
 * URI with a control character (url.Parse), an IP address of neither 4 nor 16 octets. Go
 * skips every other name type, an empty SEQUENCE and bytes after it.
 */
export function goSanRefusal(value: Uint8Array): string | undefined {
  const outer = tlvAt(value, 0, value.length);
  if (outer?.tag !== TAG.SEQUENCE) return 'x509: invalid subject alternative names';
  for (let at = outer.valueStart; at < outer.end; ) {
    const name = tlvAt(value, at, outer.end);
    if (!name) return 'x509: invalid subject alternative name';
    const data = value.subarray(name.valueStart, name.end);
    const nonAscii = data.some((b) => b > 0x7f);
    if (name.tag === 0x82 && nonAscii) return 'x509: SAN dNSName is malformed';
    if (name.tag === 0x81 && nonAscii) return 'x509: SAN rfc822Name is malformed';
    if (name.tag === 0x86 && nonAscii) return 'x509: SAN uniformResourceIdentifier is malformed';
    if (name.tag === 0x86 && data.some((b) => b < 0x20 || b === 0x7f)) {
      return `x509: cannot parse URI "${goQuote(data)}": parse "${goQuote(data)}": net/url: invalid control character in URL`;
    }
    if (name.tag === 0x87 && data.length !== 4 && data.length !== 16) return `x509: cannot parse IP address of length ${data.length}`;
    at = name.end;
  }
  return undefined;
}

function tlvAt(buf: Uint8Array, at: number, limit: number): Tlv | undefined {
  try {
    return readTlv(buf, at, limit);
  } catch {
    return undefined;
  }
}

/** Go's %q of ASCII bytes, as its errors print them. */
function goQuote(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b === 0x22 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b < 0x20 || b === 0x7f ? `\\x${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b);
  return out;
}

/** The byte values Go 1.19 allows in a PrintableString (isPrintable): the ASN.1 set plus `*` and `&`, which real certificates use. */
function goPrintable(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || (b >= 0x27 && b <= 0x29) || (b >= 0x2b && b <= 0x2f) || b === 0x20 || b === 0x3a || b === 0x3d || b === 0x3f || b === 0x2a || b === 0x26;
}

/** Go's parseASN1String on an attribute value: the reason it refuses the value, or undefined when it reads it. */
function goStringRefusal(tag: number, value: Uint8Array): string | undefined {
  switch (tag) {
    case TAG.T61String:
      return undefined;
    case TAG.PrintableString:
      return value.every(goPrintable) ? undefined : 'invalid PrintableString';
    case TAG.UTF8String:
      return validUtf8(value) ? undefined : 'invalid UTF-8 string';
    case TAG.BMPString:
      return value.length % 2 === 0 ? undefined : 'invalid BMPString';
    case TAG.IA5String:
      return value.every((b) => b < 0x80) ? undefined : 'invalid IA5String';
    case TAG.NumericString:
      return value.every((b) => (b >= 0x30 && b <= 0x39) || b === 0x20) ? undefined : 'invalid NumericString';
    default:
      // Go prints the tag byte in decimal: a VisibleString is 26, a BIT STRING 3.
      return `unsupported string type: ${tag}`;
  }
}

/** A value of a Name that Go's parseName or OpenSSL's name reader refuses: `go` is Go's error, `openssl` whether OpenSSL cannot read it. */
export interface NameValueRefusal {
  readonly oid: string;
  readonly tag: number;
  readonly go?: string;
  readonly openssl: boolean;
}

/**
 * The values of a Name this decoder read (its shape is valid) that Go or OpenSSL refuses: Go
 * reads an attribute value only as T61String, PrintableString, UTF8String, BMPString, IA5String
 * or NumericString and checks their characters; OpenSSL takes other types (a UniversalString, a
 * BIT STRING) and refuses others (a VisibleString, an OCTET STRING; core/pem/opensslName).
 */
export function nameValueRefusals(buf: Uint8Array, name: Tlv): NameValueRefusal[] {
  const out: NameValueRefusal[] = [];
  for (let s = name.valueStart; s < name.end; ) {
    const set = readTlv(buf, s, name.end);
    for (let a = set.valueStart; a < set.end; ) {
      const atv = readTlv(buf, a, set.end);
      const type = readTlv(buf, atv.valueStart, atv.end);
      const value = readTlv(buf, type.end, atv.end);
      const bytes = buf.subarray(value.valueStart, value.end);
      const go = goStringRefusal(value.tag, bytes);
      const openssl = !opensslReadsNameValue(value.tag, bytes);
      if (go || openssl) out.push({ oid: readOid(buf, type), tag: value.tag, ...(go ? { go: `x509: invalid RDNSequence: invalid attribute value: ${go}` } : {}), openssl });
      a = atv.end;
    }
    s = set.end;
  }
  return out;
}

/** Go compares the two AlgorithmIdentifiers byte for byte (a NULL present in one and absent in the other differs). */
export function goSignatureAlgorithmsMatch(buf: Uint8Array, inner: Tlv, outer: Tlv): boolean {
  const a = buf.subarray(inner.valueStart, inner.end);
  const b = buf.subarray(outer.valueStart, outer.end);
  return inner.tag === outer.tag && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Go's error when x509.ParseCertificate refuses a certificate this decoder read, in the order
 * Go reads it: the two signature algorithms, the issuer, the subject, the key, a SAN name, bytes after it.
 */
export function goCertificateRefusal(v: CertificateView): string | undefined {
  return (
    (v.signatureAlgorithmMismatch ? "x509: inner and outer signature algorithm identifiers don't match" : undefined) ??
    v.nameRefusals?.find((r) => r.go)?.go ??
    v.publicKey.goRefuses ??
    v.extensions.find((e) => e.goRefuses)?.goRefuses ??
    (v.trailingBytes ? 'x509: trailing data' : undefined)
  );
}
