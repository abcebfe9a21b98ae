/**
 * The one writer of what the issuing commands sign: certificates, certificate requests and
 * the frame of a CRL, encoded directly as DER (RFC 5280, RFC 2986) and signed with the
 * injected WebCrypto (node:crypto in Node). Names, extensions and keys travel as DER.
 *
 * Direct encoding, not a schema library: every short command and every batch runs this code
 * once, cold, and the @peculiar/asn1-x509 schemas it replaces cost more to load and to run
 * (their class layer builds an object tree per value) than the signing itself. The bytes are
 * the ones those schemas wrote (test/unit/issue/written-equivalence.test.ts compares with the
 * fixtures they made), except that a GeneralizedTime has no fractional seconds (RFC 5280
 * §4.1.2.5.2).
 */
import { children, concat, encodeTlv, readTlv, TAG, type Tlv } from '../pem/der';
import type { RawExtension } from '../pem/decode';
import { opensslTime } from './state';
import type { Crypto, CryptoKey } from './keys';

/** An extension as it is encoded: its OID, criticality and value DER (as core/pem reads it). */
export type { RawExtension };

/** The signature algorithm a CA key signs with (keys.ts signingAlgorithm). */
export interface SignAlgorithm {
  readonly name: string;
  readonly hash?: string;
}

export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EKU = '2.5.29.37';
export const OID_SAN = '2.5.29.17';
export const OID_SKI = '2.5.29.14';
export const OID_AKI = '2.5.29.35';
const OID_CRL_NUMBER = '2.5.29.20';
const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** RFC 5280 keyUsage bits: bit n of the number is the named bit n of the BIT STRING (digitalSignature is 0). */
export const KeyUsageBit = { digitalSignature: 1, keyEncipherment: 4, keyCertSign: 32, cRLSign: 64 } as const;

// ---------------------------------------------------------------------------------------------
// DER primitives

/** One TLV around the concatenation of `parts`. */
export function tlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  return encodeTlv(tag, concat(parts));
}

const sequence = (parts: readonly Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, parts);
const set = (parts: readonly Uint8Array[]): Uint8Array => tlv(TAG.SET, parts);
const TRUE = Uint8Array.of(TAG.BOOLEAN, 0x01, 0xff);
const NULL = Uint8Array.of(TAG.NULL, 0x00);

/** An OBJECT IDENTIFIER from its dotted form. */
export function oidDer(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (v: number): void => {
    const b = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) b.unshift((v & 0x7f) | 0x80);
    bytes.push(...b);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return encodeTlv(TAG.OID, Uint8Array.from(bytes));
}

/** A positive INTEGER's content octets from hex: leading zeros dropped, one 00 added before a high bit. */
function positiveInteger(hex: string): Uint8Array {
  let b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  return b[0]! & 0x80 ? concat([Uint8Array.of(0), b]) : new Uint8Array(b);
}

/** A non-negative INTEGER. */
export function integerDer(value: number | bigint): Uint8Array {
  return encodeTlv(TAG.INTEGER, positiveInteger(value.toString(16)));
}

/** UTCTime from 1950 through 2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), whole seconds. */
export function timeDer(d: Date): Uint8Array {
  const t = opensslTime(d);
  return encodeTlv(t.length === 13 ? TAG.UTCTime : TAG.GeneralizedTime, Buffer.from(t, 'latin1'));
}

/** A GeneralizedTime whatever the year (CRL entries' invalidityDate, RFC 5280 §5.3.2). */
export function generalizedTimeDer(d: Date): Uint8Array {
  const t = opensslTime(d);
  return encodeTlv(TAG.GeneralizedTime, Buffer.from(t.length === 13 ? `${d.getUTCFullYear()}${t.slice(2)}` : t, 'latin1'));
}

const utf8String = (s: string): Uint8Array => encodeTlv(TAG.UTF8String, Buffer.from(s, 'utf8'));
const octetString = (b: Uint8Array): Uint8Array => encodeTlv(TAG.OCTET_STRING, b);

/** A BIT STRING of named bits (bit n of `bits` is bit n of the string), without trailing zero bits (X.690 §11.2.2). */
function namedBits(bits: number): Uint8Array {
  if (!bits) return Uint8Array.of(TAG.BIT_STRING, 0x01, 0x00);
  const length = Math.floor(Math.log2(bits)) + 1;
  const octets = new Uint8Array(1 + Math.ceil(length / 8));
  octets[0] = octets.length * 8 - 8 - length;
  for (let n = 0; n < length; n++) if ((bits >> n) & 1) octets[1 + (n >> 3)]! |= 0x80 >> (n & 7);
  return encodeTlv(TAG.BIT_STRING, octets);
}

/** The 4 or 16 octets of a validated IPv4 or IPv6 address (validate.ts), as a GeneralName carries them. */
function ipOctets(ip: string): Uint8Array {
  if (!ip.includes(':')) return Uint8Array.from(ip.split('.').map(Number));
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(tail);
  const all = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Names and extensions

/** An RDN of one attribute, its value a UTF8String (openssl's `utf8only` mask). */
function rdn(type: string, value: string): Uint8Array {
  return set([sequence([oidDer(type), utf8String(value)])]);
}

/** An X.500 name from validated values (O first, then CN), all UTF8String like openssl's `utf8only` mask. */
export function nameDer(cn: string, o?: string): Uint8Array {
  return sequence([...(o ? [rdn(OID_O, o)] : []), rdn(OID_CN, cn)]);
}

/**
 * `name` with its CN replaced by `cn` (UTF8String; appended when it has none); every other
 * attribute keeps its encoding byte for byte.
 */
export function withCommonNameDer(name: Uint8Array, cn: string): Uint8Array {
  const bytes = (n: Tlv): Uint8Array => name.subarray(n.start, n.end);
  const isCn = (atv: Tlv): boolean => {
    const type = children(name, atv)[0];
    return type !== undefined && type.tag === TAG.OID && Buffer.compare(bytes(type), oidDer(OID_CN)) === 0;
  };
  const newCn = sequence([oidDer(OID_CN), utf8String(cn)]);
  let replaced = false;
  const rdns = children(name, readTlv(name, 0)).map((r) => {
    const atvs = children(name, r);
    if (!atvs.some(isCn)) return bytes(r);
    replaced = true;
    return set(atvs.map((a) => (isCn(a) ? newCn : bytes(a))));
  });
  return sequence(replaced ? rdns : [...rdns, set([newCn])]);
}

function extension(oid: string, critical: boolean, value: Uint8Array): RawExtension {
  return { oid, critical, value };
}

export function basicConstraintsExtension(ca: boolean, pathLength?: number): RawExtension {
  return extension(OID_BASIC_CONSTRAINTS, true, sequence([...(ca ? [TRUE] : []), ...(pathLength !== undefined ? [integerDer(pathLength)] : [])]));
}

export function keyUsageExtension(bits: number): RawExtension {
  return extension(OID_KEY_USAGE, true, namedBits(bits));
}

export function extKeyUsageExtension(oids: readonly string[]): RawExtension {
  return extension(OID_EKU, false, sequence(oids.map(oidDer)));
}

export function subjectKeyIdExtension(keyId: string): RawExtension {
  return extension(OID_SKI, false, octetString(Buffer.from(keyId, 'hex')));
}

export function authorityKeyIdExtension(keyId: string): RawExtension {
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }
  return extension(OID_AKI, false, sequence([encodeTlv(0x80, Buffer.from(keyId, 'hex'))]));
}

/** subjectAltName from validated names (DNS, IP, URI), not critical: the subject is not empty. */
export function sanExtension(s: { readonly dns: readonly string[]; readonly ip: readonly string[]; readonly uri?: readonly string[] }): RawExtension {
  // GeneralName: dNSName [2], uniformResourceIdentifier [6] (IA5String), iPAddress [7] (OCTET STRING), all IMPLICIT.
  const ia5 = (tag: number) => (v: string): Uint8Array => encodeTlv(tag, Buffer.from(v, 'latin1'));
  return extension(OID_SAN, false, sequence([...s.dns.map(ia5(0x82)), ...s.ip.map((ip) => encodeTlv(0x87, ipOctets(ip))), ...(s.uri ?? []).map(ia5(0x86))]));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits (lowercase hex). */
export async function keyIdOf(crypto: Crypto, spki: Uint8Array): Promise<string> {
  const bits = children(spki, readTlv(spki, 0))[1];
  if (!bits || bits.tag !== TAG.BIT_STRING) throw new Error('not a SubjectPublicKeyInfo');
  // The content's first octet counts the unused bits (0 in a key).
  return Buffer.from(await crypto.subtle.digest('SHA-1', spki.subarray(bits.valueStart + 1, bits.end) as Uint8Array<ArrayBuffer>)).toString('hex');
}

/** The SubjectPublicKeyInfo DER of a public CryptoKey. */
export async function spkiOf(crypto: Crypto, key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', key));
}

// ---------------------------------------------------------------------------------------------
// Signed structures

const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  'ECDSA/SHA-256': '1.2.840.10045.4.3.2',
  'ECDSA/SHA-384': '1.2.840.10045.4.3.3',
  'RSASSA-PKCS1-v1_5/SHA-256': '1.2.840.113549.1.1.11',
  Ed25519: '1.3.101.112',
};

/** AlgorithmIdentifier of a signature: RSA with NULL parameters (RFC 4055), ECDSA and Ed25519 without. */
function signatureAlgorithm(sign: SignAlgorithm): Uint8Array {
  const algorithm = SIGNATURE_OIDS[sign.hash ? `${sign.name}/${sign.hash}` : sign.name];
  if (!algorithm) throw new Error(`no signature algorithm for ${sign.name} ${sign.hash ?? ''}`);
  return sequence([oidDer(algorithm), ...(sign.name === 'RSASSA-PKCS1-v1_5' ? [NULL] : [])]);
}

/** ECDSA in WebCrypto signs r‖s; X.509 wants SEQUENCE { INTEGER r, INTEGER s }. */
function ecdsaDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return tlv(TAG.INTEGER, v[0]! & 0x80 ? [Uint8Array.of(0), v] : [v]);
  };
  return sequence([int(raw.subarray(0, half)), int(raw.subarray(half))]);
}

/** SEQUENCE { tbs, signatureAlgorithm, BIT STRING signature }: a certificate, request or CRL signed by `key`. */
export async function signDer(crypto: Crypto, tbs: Uint8Array, key: CryptoKey, sign: SignAlgorithm): Promise<Uint8Array> {
  let sig: Uint8Array = new Uint8Array(await crypto.subtle.sign(sign as never, key, tbs as Uint8Array<ArrayBuffer>));
  if (sign.name === 'ECDSA') sig = ecdsaDer(sig);
  return sequence([tbs, signatureAlgorithm(sign), tlv(TAG.BIT_STRING, [Uint8Array.of(0), sig])]);
}

/** Extensions ::= SEQUENCE OF Extension { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }. */
const extensionsDer = (exts: readonly RawExtension[]): Uint8Array => sequence(exts.map((e) => sequence([oidDer(e.oid), ...(e.critical ? [TRUE] : []), octetString(e.value)])));

export interface CertificateSpec {
  readonly serial: string;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly extensions: readonly RawExtension[];
}

/** A v3 certificate (UTCTime through 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 asks). */
export async function signCertificate(crypto: Crypto, spec: CertificateSpec, key: CryptoKey, sign: SignAlgorithm): Promise<Uint8Array> {
  const tbs = sequence([
    tlv(0xa0, [integerDer(2)]), // version [0] EXPLICIT v3
    encodeTlv(TAG.INTEGER, positiveInteger(spec.serial)),
    signatureAlgorithm(sign),
    spec.issuer,
    sequence([timeDer(spec.notBefore), timeDer(spec.notAfter)]),
    spec.subject,
    spec.spki,
    ...(spec.extensions.length ? [tlv(0xa3, [extensionsDer(spec.extensions)])] : []), // extensions [3] EXPLICIT
  ]);
  return signDer(crypto, tbs, key, sign);
}

/** A PKCS#10 request whose extensionRequest attribute carries `extensions`. */
export async function signRequest(crypto: Crypto, spec: { readonly subject: Uint8Array; readonly spki: Uint8Array; readonly extensions: readonly RawExtension[] }, key: CryptoKey, sign: SignAlgorithm): Promise<Uint8Array> {
  // attributes [0] IMPLICIT SET OF Attribute { type, values SET OF }.
  const attributes = spec.extensions.length ? [sequence([oidDer(OID_EXTENSION_REQUEST), set([extensionsDer(spec.extensions)])])] : [];
  const info = sequence([integerDer(0), spec.subject, spec.spki, tlv(0xa0, attributes)]);
  return signDer(crypto, info, key, sign);
}

/**
 * The TBSCertList of a v2 CRL without revoked entries (issuer, dates, AKI, CRL number):
 * crl.ts inserts the entries, encoded in one pass, before it signs.
 */
export function certListFrame(spec: { readonly issuer: Uint8Array; readonly thisUpdate: Date; readonly nextUpdate: Date; readonly keyId: string; readonly number: bigint }, sign: SignAlgorithm): Uint8Array {
  return sequence([
    integerDer(1), // v2
    signatureAlgorithm(sign),
    spec.issuer,
    timeDer(spec.thisUpdate),
    timeDer(spec.nextUpdate),
    tlv(0xa0, [extensionsDer([authorityKeyIdExtension(spec.keyId), { oid: OID_CRL_NUMBER, critical: false, value: integerDer(spec.number) }])]), // crlExtensions [0] EXPLICIT
  ]);
}
