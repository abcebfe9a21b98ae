/**
 * What Go 1.19's crypto/x509 refuses to parse in a certificate, CSR or key that OpenSSL 3.0
 * reads (parser.go parsePublicKey and parseSANExtension; x509.go namedCurveFromOID). Each
 * function returns Go's own error text, or undefined when Go reads the part. A Go program
 * (crypto/tls, CockroachDB, DM) cannot load such a certificate, and x509.CertPool's
 * AppendCertsFromPEM skips it without a word.
 */
import { TAG, readOid, readTlv, type Tlv } from './der';
import { goDomainReads, goSanUriRefusal } from './goUrl';
import { opensslReadsNameValue, validUtf8 } from './opensslName';
import { criticalRejection } from './criticalExtension';
import type { CertificateView, CrlView, CsrView } from './types';

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
 * URI net/url.Parse refuses or whose host is not a domain Go compares (core/pem/goUrl), an IP
 * address of neither 4 nor 16 octets. Go
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
    const uri = name.tag === 0x86 ? goSanUriRefusal(ascii(data)) : undefined;
    if (uri) return uri;
    if (name.tag === 0x87 && data.length !== 4 && data.length !== 16) return `x509: cannot parse IP address of length ${data.length}`;
    at = name.end;
  }
  return undefined;
}

/** Go's isValidIPMask: ones, then zeros. */
function goIpMask(mask: Uint8Array): boolean {
  let zero = false;
  for (const b of mask) {
    if (zero ? b !== 0 : b !== 0xff && ![0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe].includes(b)) return false;
    if (b !== 0xff) zero = true;
  }
  return true;
}

function ascii(data: Uint8Array): string {
  let out = '';
  for (const b of data) out += String.fromCharCode(b);
  return out;
}

/** The subtrees of a name constraint as Go's getValues reads them: dNSName, IP, rfc822Name and URI bases; any other is left to the critical check. */
function goSubtreesRefusal(value: Uint8Array, subtrees: Tlv): string | undefined {
  for (const tree of tlvsIn(value, subtrees)) {
    if (!tree || tree.tag !== TAG.SEQUENCE || tree.end === tree.valueStart) return 'x509: invalid NameConstraints extension';
    const base = tlvAt(value, tree.valueStart, tree.end);
    if (!base) return 'x509: invalid NameConstraints extension';
    const data = value.subarray(base.valueStart, base.end);
    const text = ascii(data);
    const notIa5 = data.some((b) => b > 0x7f) ? `x509: invalid constraint value: ${goIa5Error(data)}` : undefined;
    const trimmed = text.startsWith('.') ? text.slice(1) : text;
    switch (base.tag) {
      case 0x82:
        if (notIa5) return notIa5;
        if (!goDomainReads(trimmed)) return `x509: failed to parse dnsName constraint "${goQuote(data)}"`;
        break;
      case 0x87:
        if (data.length !== 8 && data.length !== 32) return `x509: IP constraint contained value of length ${data.length}`;
        if (!goIpMask(data.subarray(data.length / 2))) return `x509: IP constraint contained invalid mask ${toHexLower(data.subarray(data.length / 2))}`;
        break;
      case 0x81:
        if (notIa5) return notIa5;
        // A mailbox (with @) is checked by Go's RFC 2821 parser, not modelled here; a domain as a dNSName's.
        if (!text.includes('@') && !goDomainReads(trimmed)) return `x509: failed to parse rfc822Name constraint "${goQuote(data)}"`;
        break;
      case 0x86:
        if (notIa5) return notIa5;
        if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text))) return `x509: failed to parse URI constraint "${goQuote(data)}": cannot be IP address`;
        if (!goDomainReads(trimmed)) return `x509: failed to parse URI constraint "${goQuote(data)}"`;
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** isIA5String's error, the value quoted as Go's %q does (valid UTF-8 kept, other bytes as \\x escapes). */
function goIa5Error(data: Uint8Array): string {
  const utf8 = validUtf8(data);
  let text = '';
  for (const ch of utf8 ? new TextDecoder().decode(data) : '') {
    const c = ch.codePointAt(0)!;
    text += c < 0x80 ? goQuote(new Uint8Array([c])) : ch;
  }
  return `x509: "${utf8 ? text : goQuote(data, true)}" cannot be encoded as an IA5String`;
}

function toHexLower(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Go's parseNameConstraintsExtension: a SEQUENCE of an optional permitted [0] and excluded [1]
 * subtree list, at least one of them non-empty, and each dNSName, IP, rfc822Name or URI base in
 * the form Go can compare against.
 */
export function goNameConstraintsRefusal(value: Uint8Array): string | undefined {
  const outer = tlvAt(value, 0, value.length);
  if (outer?.tag !== TAG.SEQUENCE || outer.end !== value.length) return 'x509: invalid NameConstraints extension';
  const parts = tlvsIn(value, outer);
  let at = 0;
  const permitted = parts[at]?.tag === 0xa0 ? parts[at++] : undefined;
  const excluded = parts[at]?.tag === 0xa1 ? parts[at++] : undefined;
  if (at !== parts.length || parts.some((p) => !p)) return 'x509: invalid NameConstraints extension';
  const empty = (t: Tlv | undefined): boolean => !t || t.end === t.valueStart;
  if (empty(permitted) && empty(excluded)) return 'x509: empty name constraints extension';
  return (permitted && goSubtreesRefusal(value, permitted)) ?? (excluded && goSubtreesRefusal(value, excluded)) ?? undefined;
}

/** GeneralName's choices by tag, as RFC 5280 names them. */
const generalNameTypes: Readonly<Record<number, string>> = { 0xa0: 'otherName', 0xa3: 'x400Address', 0xa4: 'directoryName', 0xa5: 'ediPartyName', 0x88: 'registeredID' };

/**
 * The name types of name-constraint bases Go's getValues does not compare (anything but a
 * dNSName, rfc822Name, IP address or URI): Go then leaves the extension unhandled, so marked
 * critical it fails Verify on every chain through the certificate ("x509: unhandled critical
 * extension"). Empty when Go handles every base (or refuses the value: goNameConstraintsRefusal).
 */
export function goNameConstraintsUnhandled(value: Uint8Array): string[] {
  const outer = tlvAt(value, 0, value.length);
  if (outer?.tag !== TAG.SEQUENCE) return [];
  const out = new Set<string>();
  for (const part of tlvsIn(value, outer)) {
    if (part?.tag !== 0xa0 && part?.tag !== 0xa1) continue;
    for (const tree of tlvsIn(value, part)) {
      const base = tree?.tag === TAG.SEQUENCE && tree.end > tree.valueStart ? tlvAt(value, tree.valueStart, tree.end) : undefined;
      if (base && base.tag !== 0x82 && base.tag !== 0x81 && base.tag !== 0x87 && base.tag !== 0x86) out.add(generalNameTypes[base.tag] ?? `[${base.tag & 0x1f}]`);
    }
  }
  return [...out];
}

/**
 * Go's CRL distribution points reader: a SEQUENCE of SEQUENCEs; a distributionPoint [0] must
 * hold a fullName [0] (a nameRelativeToCRLIssuer [1] is refused); it keeps the URIs at the
 * start of the fullName and skips a point without a distributionPoint.
 */
export function goCrlDistributionPointsRefusal(value: Uint8Array): string | undefined {
  const outer = tlvAt(value, 0, value.length);
  if (outer?.tag !== TAG.SEQUENCE) return 'x509: invalid CRL distribution points';
  for (const dp of tlvsIn(value, outer)) {
    if (dp?.tag !== TAG.SEQUENCE) return 'x509: invalid CRL distribution point';
    const first = dp.end > dp.valueStart ? tlvAt(value, dp.valueStart, dp.end) : undefined;
    if (dp.end > dp.valueStart && !first) return 'x509: invalid CRL distribution point';
    if (first?.tag !== 0xa0) continue;
    const name = first.end > first.valueStart ? tlvAt(value, first.valueStart, first.end) : undefined;
    if (name?.tag !== 0xa0) return 'x509: invalid CRL distribution point';
  }
  return undefined;
}

/** Go's Authority Information Access reader: a SEQUENCE of SEQUENCEs each starting with an OID; it keeps URI locations and skips the rest. */
export function goAuthorityInfoAccessRefusal(value: Uint8Array): string | undefined {
  const outer = tlvAt(value, 0, value.length);
  if (outer?.tag !== TAG.SEQUENCE) return 'x509: invalid authority info access';
  for (const ad of tlvsIn(value, outer)) {
    if (ad?.tag !== TAG.SEQUENCE) return 'x509: invalid authority info access';
    const method = ad.end > ad.valueStart ? tlvAt(value, ad.valueStart, ad.end) : undefined;
    if (method?.tag !== TAG.OID || !goOidReads(value.subarray(method.valueStart, method.end))) return 'x509: invalid authority info access';
  }
  return undefined;
}

/** encoding/asn1's OID rules as cryptobyte applies them: not empty, minimal base-128 arcs, the last one complete. */
function goOidReads(bytes: Uint8Array): boolean {
  if (!bytes.length || (bytes[bytes.length - 1]! & 0x80) !== 0) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x80 && (i === 0 || (bytes[i - 1]! & 0x80) === 0)) return false;
  return true;
}

/** An INTEGER's content in its shortest two's-complement form, the only one OpenSSL (ILLEGAL_PADDING) and Go (cryptobyte) read. */
export function isShortestInteger(bytes: Uint8Array): boolean {
  return bytes.length > 0 && !(bytes.length > 1 && ((bytes[0] === 0 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80)));
}

/** cryptobyte's ReadASN1Integer into an int: a shortest-form INTEGER that fits 64 bits. */
function goIntReads(bytes: Uint8Array): boolean {
  return isShortestInteger(bytes) && bytes.length <= 8;
}

/** cryptobyte's ReadASN1BitString: a padding count below 8, none on an empty string, and the padding bits zero. */
function goBitStringReads(bytes: Uint8Array): boolean {
  if (!bytes.length) return false;
  const padding = bytes[0]!;
  if (padding > 7 || (bytes.length === 1 && padding > 0)) return false;
  return (bytes[bytes.length - 1]! & ((1 << padding) - 1)) === 0;
}

/** The first TLV of an extension value when it has this tag, as Go reads it (bytes after it are ignored). */
function goFirst(value: Uint8Array, tag: number): Tlv | undefined {
  const t = tlvAt(value, 0, value.length);
  return t?.tag === tag ? t : undefined;
}

/** Go's keyUsage reader: a BIT STRING. */
function goKeyUsageRefusal(value: Uint8Array): string | undefined {
  const t = goFirst(value, TAG.BIT_STRING);
  return t && goBitStringReads(value.subarray(t.valueStart, t.end)) ? undefined : 'x509: invalid key usage';
}

/** Go's basicConstraints reader: a SEQUENCE, an optional BOOLEAN (0x00 or 0xff only), then an optional INTEGER that fits an int. */
function goBasicConstraintsRefusal(value: Uint8Array): string | undefined {
  const t = goFirst(value, TAG.SEQUENCE);
  if (!t) return 'x509: invalid basic constraints a';
  // Go peeks at the next tag octet, then reads the whole element: one that starts so but does not read is refused.
  let at = t.valueStart;
  if (at < t.end && value[at] === TAG.BOOLEAN) {
    const b = tlvAt(value, at, t.end);
    if (!b || !goBooleanReads(value, b)) return 'x509: invalid basic constraints b';
    at = b.end;
  }
  if (at < t.end && value[at] === TAG.INTEGER) {
    const n = tlvAt(value, at, t.end);
    if (!n || !goIntReads(value.subarray(n.valueStart, n.end))) return 'x509: invalid basic constraints c';
  }
  return undefined;
}

/** cryptobyte's ReadASN1Boolean: one octet, 0x00 or 0xff (DER), where OpenSSL takes any non-zero octet for TRUE. */
export function goBooleanReads(buf: Uint8Array, t: Tlv): boolean {
  return t.end - t.valueStart === 1 && (buf[t.valueStart] === 0 || buf[t.valueStart] === 0xff);
}

/** Go's extendedKeyUsage reader and its certificatePolicies reader (SEQUENCE of SEQUENCE starting with an OID): a SEQUENCE of OIDs. */
function goOidListRefusal(value: Uint8Array, wrapped: boolean, error: string): string | undefined {
  const t = goFirst(value, TAG.SEQUENCE);
  if (!t) return error;
  for (const item of tlvsIn(value, t)) {
    const oid = wrapped ? (item?.tag === TAG.SEQUENCE && item.end > item.valueStart ? tlvAt(value, item.valueStart, item.end) : undefined) : item;
    if (oid?.tag !== TAG.OID || !goOidReads(value.subarray(oid.valueStart, oid.end))) return error;
  }
  return undefined;
}

/** Go's authorityKeyIdentifier reader: a SEQUENCE whose keyIdentifier [0], when it starts with one, reads; the issuer and serial are skipped. */
function goAuthorityKeyIdRefusal(value: Uint8Array): string | undefined {
  const t = goFirst(value, TAG.SEQUENCE);
  if (!t) return 'x509: invalid authority key identifier';
  if (t.end > t.valueStart && value[t.valueStart] === 0x80 && !tlvAt(value, t.valueStart, t.end)) return 'x509: invalid authority key identifier';
  return undefined;
}

/** The extension values whose refusals Go's processExtensions is modelled for: its error, or undefined when it reads the value. */
export function goExtensionRefusal(oid: string, value: Uint8Array): string | undefined {
  switch (oid) {
    case '2.5.29.14':
      return goFirst(value, TAG.OCTET_STRING) ? undefined : 'x509: invalid subject key identifier';
    case '2.5.29.15':
      return goKeyUsageRefusal(value);
    case '2.5.29.19':
      return goBasicConstraintsRefusal(value);
    case '2.5.29.35':
      return goAuthorityKeyIdRefusal(value);
    case '2.5.29.37':
      return goOidListRefusal(value, false, 'x509: invalid extended key usages');
    case '2.5.29.32':
      return goOidListRefusal(value, true, 'x509: invalid certificate policies');
    case '2.5.29.17':
      return goSanRefusal(value);
    case '2.5.29.30':
      return goNameConstraintsRefusal(value);
    case '2.5.29.31':
      return goCrlDistributionPointsRefusal(value);
    case '1.3.6.1.5.5.7.1.1':
      return goAuthorityInfoAccessRefusal(value);
    default:
      return undefined;
  }
}

/** The TLVs inside a constructed one; undefined in place of bytes that do not read as one (and nothing after it). */
function tlvsIn(buf: Uint8Array, node: Tlv): Array<Tlv | undefined> {
  const out: Array<Tlv | undefined> = [];
  for (let at = node.valueStart; at < node.end; ) {
    const t = tlvAt(buf, at, node.end);
    out.push(t);
    if (!t) break;
    at = t.end;
  }
  return out;
}

/** A TLV as Go's cryptobyte reads it, which refuses a tag number of 31 or more (high-tag-number form). */
function tlvAt(buf: Uint8Array, at: number, limit: number): Tlv | undefined {
  try {
    const t = readTlv(buf, at, limit);
    if ((t.tag & 0x1f) === 0x1f) return undefined;
    // cryptobyte also wants the length in its shortest form: a long form for 128 octets or more, without leading zeros.
    const lengthOctets = t.valueStart - t.start - 1;
    if (lengthOctets > 1 && (t.end - t.valueStart < 128 || buf[t.start + 2] === 0)) return undefined;
    return t;
  } catch {
    return undefined;
  }
}

/** Go's %q of ASCII bytes, as its errors print them. */
function goQuote(bytes: Uint8Array, escapeHigh = false): string {
  let out = '';
  for (const b of bytes) out += b === 0x22 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b < 0x20 || b === 0x7f || (escapeHigh && b > 0x7f) ? `\\x${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b);
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
      // Go's cryptobyte reads no high tag number form (a first octet ending in 0x1f) and says nothing more.
      const go = (value.tag & 0x1f) === 0x1f ? 'x509: invalid RDNSequence: invalid attribute value' : goStringRefusal(value.tag, bytes);
      const openssl = !opensslReadsNameValue(value.tag, bytes);
      if (go || openssl) out.push({ oid: readOid(buf, type), tag: value.tag, ...(go ? { go: go.startsWith('x509:') ? go : `x509: invalid RDNSequence: invalid attribute value: ${go}` } : {}), openssl });
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

/** Go reads versions 1 to 3 (`version` as the decoder counts it: the encoded value plus one). */
export function goVersionRefusal(version: number): string | undefined {
  return version < 1 ? 'x509: malformed version' : version > 3 ? 'x509: invalid version' : undefined;
}

/**
 * Go's error when x509.ParseCertificate refuses a certificate this decoder read, in the order
 * Go reads it: the version, the two signature algorithms, the issuer, the subject, the key, a
 * critical flag that is not DER or a duplicate extension (refused while the list is read), an
 * extension's value, bytes after it.
 */
export function goCertificateRefusal(v: CertificateView): string | undefined {
  // Go reads the extensions of a version 3 certificate only; a v1 or v2 certificate's are skipped unread.
  const extensions = v.version === 3 ? v.extensions : [];
  return (
    goVersionRefusal(v.version) ??
    (v.signatureAlgorithmMismatch ? "x509: inner and outer signature algorithm identifiers don't match" : undefined) ??
    v.nameRefusals?.find((r) => r.go)?.go ??
    v.validityGoRefuses ??
    v.publicKey.goRefuses ??
    (extensions.some((e) => e.criticalNotDer) ? 'x509: malformed extension critical field' : undefined) ??
    (extensions.some((e) => e.duplicate) ? 'x509: certificate contains duplicate extensions' : undefined) ??
    extensions.find((e) => e.goRefuses)?.goRefuses ??
    (v.trailingBytes ? 'x509: trailing data' : undefined)
  );
}

/**
 * Go 1.19's error when Verify refuses every chain through this certificate although
 * ParseCertificate reads it: a critical extension it leaves unhandled (isValid, on the leaf,
 * the intermediates and the root alike).
 */
export function goVerifyRefusal(v: Pick<CertificateView, 'extensions' | 'subjectAltNames'>): string | undefined {
  return v.extensions.some((e) => criticalRejection(e, v.subjectAltNames)?.go) ? 'x509: unhandled critical extension' : undefined;
}

/** Go 1.19's ParseRevocationList reads only v2 CRLs: an explicit version 1 (0 encoded) or none is refused. */
export function goCrlVersionRefusal(v: { readonly version: number; readonly versionAbsent?: true }): string | undefined {
  if (v.versionAbsent) return 'x509: unsupported crl version';
  return v.version === 2 ? undefined : `x509: unsupported crl version: ${v.version - 1}`;
}

/**
 * Go 1.19's error when x509.ParseRevocationList refuses a CRL this decoder read, in Go's order:
 * the version, the two signature algorithms, the issuer. Times Go refuses are left to the
 * time checks (CrlView.timeProblems), which say so themselves.
 */
export function goCrlRefusal(v: Pick<CrlView, 'version' | 'versionAbsent' | 'signatureAlgorithmMismatch' | 'nameRefusals'>): string | undefined {
  return goCrlVersionRefusal(v) ?? (v.signatureAlgorithmMismatch ? "x509: inner and outer signature algorithm identifiers don't match" : undefined) ?? v.nameRefusals?.find((r) => r.go)?.go;
}

/**
 * Go 1.19's error when x509.ParseCertificateRequest refuses a CSR this decoder read, in Go's
 * order: the key, then the extension request (parseCSRExtensions: unreadable, or an extension
 * requested twice), then the subjectAltName, the one requested extension it reads. `true` for an
 * extension request encoding/asn1 refuses, whose error text is not modelled.
 */
export function goCsrRefusal(v: Pick<CsrView, 'publicKey' | 'extensionRequestError' | 'extensions'>): string | true | undefined {
  if (v.publicKey.goRefuses) return v.publicKey.goRefuses;
  if (v.extensionRequestError?.goRefuses) return true;
  if (v.extensions.some((e) => e.duplicate)) return 'x509: certificate request contains duplicate requested extensions';
  return v.extensions.find((e) => e.oid === '2.5.29.17')?.goRefuses;
}

/** Signature algorithms Go 1.19's checkSignature verifies (RSA PKCS #1 v1.5 and PSS, ECDSA with SHA-2, Ed25519). */
const goVerifiedSignatures = new Set([
  '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13', '1.2.840.113549.1.1.10',
  '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4', '1.3.101.112',
]);
/** The ones it refuses as insecure, by Go's name (with its GODEBUG hint where Go prints one). */
const goInsecureSignatures: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'MD5-RSA',
  '1.2.840.113549.1.1.5': 'SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)',
  '1.3.14.3.2.29': 'SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)',
  '1.2.840.10045.4.1': 'ECDSA-SHA1 (temporarily override with GODEBUG=x509sha1=1)',
  '1.2.840.10040.4.3': 'DSA-SHA1',
};

/**
 * Go 1.19's error when Certificate.CheckSignatureFrom cannot check a signature of this algorithm,
 * whatever the issuer: MD5 and SHA-1 are insecure to it, DSA, MD2 and algorithms it does not know
 * are unimplemented. Verify then finds no issuer ("certificate signed by unknown authority"); a
 * trust anchor's own signature is never checked.
 */
export function goSignatureCheckRefusal(alg: { readonly oid: string }): string | undefined {
  if (goVerifiedSignatures.has(alg.oid)) return undefined;
  const insecure = goInsecureSignatures[alg.oid];
  return insecure ? `x509: cannot verify signature: insecure algorithm ${insecure}` : 'x509: cannot verify signature: algorithm unimplemented';
}
