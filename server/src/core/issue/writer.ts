/**
 * The one writer of what the issuing commands sign: certificates, certificate requests and
 * the frame of a CRL, encoded with the @peculiar/asn1-x509 schemas (the encodings
 * @peculiar/x509 produced, without its class layer, dependency injection and Reflect
 * polyfill, which cost a short command more than the issuing itself) and signed with the
 * injected WebCrypto (node:crypto in Node). Names, extensions and keys travel as DER.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  Extension as AsnExtension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
  Attribute,
} from '@peculiar/asn1-x509';
import { CertificationRequestInfo } from '@peculiar/asn1-csr';
import { concat, encodeTlv, type RawExtension } from '../pem/decode';
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

/** RFC 5280 keyUsage bits, as @peculiar/asn1-x509's KeyUsage numbers them. */
export const KeyUsageBit = { digitalSignature: 1, keyEncipherment: 4, keyCertSign: 32, cRLSign: 64 } as const;

const der = (value: unknown): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

function cnAttribute(type: string, value: string): RelativeDistinguishedName {
  const atv = new AttributeTypeAndValue({ type });
  atv.value.utf8String = value;
  return new RelativeDistinguishedName([atv]);
}

/** An X.500 name from validated values (O first, then CN), all UTF8String like openssl's `utf8only` mask. */
export function nameDer(cn: string, o?: string): Uint8Array {
  return der(new Name([...(o ? [cnAttribute(OID_O, o)] : []), cnAttribute(OID_CN, cn)]));
}

/**
 * `name` with its CN replaced by `cn` (UTF8String; appended when it has none); every other
 * attribute keeps its encoding byte for byte.
 */
export function withCommonNameDer(name: Uint8Array, cn: string): Uint8Array {
  const parsed = AsnConvert.parse(name, Name);
  let replaced = false;
  const rdns = parsed.map((rdn) => {
    if (!rdn.some((a) => a.type === OID_CN)) return rdn;
    replaced = true;
    return new RelativeDistinguishedName(rdn.map((a) => (a.type === OID_CN ? cnAttribute(OID_CN, cn)[0]! : a)));
  });
  return der(new Name(replaced ? rdns : [...rdns, cnAttribute(OID_CN, cn)]));
}

function extension(oid: string, critical: boolean, value: unknown): RawExtension {
  return { oid, critical, value: der(value) };
}

export function basicConstraintsExtension(ca: boolean, pathLength?: number): RawExtension {
  return extension(OID_BASIC_CONSTRAINTS, true, new BasicConstraints({ cA: ca, pathLenConstraint: pathLength }));
}

export function keyUsageExtension(bits: number): RawExtension {
  return extension(OID_KEY_USAGE, true, new KeyUsage(bits));
}

export function extKeyUsageExtension(oids: readonly string[]): RawExtension {
  return extension(OID_EKU, false, new ExtendedKeyUsage([...oids]));
}

export function subjectKeyIdExtension(keyId: string): RawExtension {
  return extension(OID_SKI, false, new SubjectKeyIdentifier(Buffer.from(keyId, 'hex')));
}

export function authorityKeyIdExtension(keyId: string): RawExtension {
  return extension(OID_AKI, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(Buffer.from(keyId, 'hex')) }));
}

/** subjectAltName from validated names (DNS, IP, URI), not critical: the subject is not empty. */
export function sanExtension(s: { readonly dns: readonly string[]; readonly ip: readonly string[]; readonly uri?: readonly string[] }): RawExtension {
  return extension(
    OID_SAN,
    false,
    new SubjectAlternativeName([
      ...s.dns.map((dNSName) => new GeneralName({ dNSName })),
      ...s.ip.map((iPAddress) => new GeneralName({ iPAddress })),
      ...(s.uri ?? []).map((uniformResourceIdentifier) => new GeneralName({ uniformResourceIdentifier })),
    ]),
  );
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits (lowercase hex). */
export async function keyIdOf(crypto: Crypto, spki: Uint8Array): Promise<string> {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return Buffer.from(await crypto.subtle.digest('SHA-1', new Uint8Array(info.subjectPublicKey))).toString('hex');
}

/** The SubjectPublicKeyInfo DER of a public CryptoKey. */
export async function spkiOf(crypto: Crypto, key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', key));
}

const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  'ECDSA/SHA-256': '1.2.840.10045.4.3.2',
  'ECDSA/SHA-384': '1.2.840.10045.4.3.3',
  'RSASSA-PKCS1-v1_5/SHA-256': '1.2.840.113549.1.1.11',
  Ed25519: '1.3.101.112',
};

/** AlgorithmIdentifier of a signature: RSA with NULL parameters (RFC 4055), ECDSA and Ed25519 without. */
function signatureAlgorithm(sign: SignAlgorithm): AlgorithmIdentifier {
  const algorithm = SIGNATURE_OIDS[sign.hash ? `${sign.name}/${sign.hash}` : sign.name];
  if (!algorithm) throw new Error(`no signature algorithm for ${sign.name} ${sign.hash ?? ''}`);
  return new AlgorithmIdentifier({ algorithm, ...(sign.name === 'RSASSA-PKCS1-v1_5' ? { parameters: null } : {}) });
}

/** One TLV around the concatenation of `parts`. */
export function tlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  return encodeTlv(tag, concat(parts));
}

/** ECDSA in WebCrypto signs r‖s; X.509 wants SEQUENCE { INTEGER r, INTEGER s }. */
function ecdsaDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return tlv(0x02, v[0]! & 0x80 ? [Uint8Array.of(0), v] : [v]);
  };
  return tlv(0x30, [int(raw.subarray(0, half)), int(raw.subarray(half))]);
}

/** SEQUENCE { tbs, signatureAlgorithm, BIT STRING signature }: a certificate, request or CRL signed by `key`. */
export async function signDer(crypto: Crypto, tbs: Uint8Array, key: CryptoKey, sign: SignAlgorithm): Promise<Uint8Array> {
  let sig: Uint8Array = new Uint8Array(await crypto.subtle.sign(sign as never, key, tbs as Uint8Array<ArrayBuffer>));
  if (sign.name === 'ECDSA') sig = ecdsaDer(sig);
  return tlv(0x30, [tbs, der(signatureAlgorithm(sign)), tlv(0x03, [Uint8Array.of(0), sig])]);
}

/** A positive INTEGER's content octets from hex: leading zeros dropped, one 00 added before a high bit. */
function positiveInteger(hex: string): Uint8Array {
  let b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  return b[0]! & 0x80 ? concat([Uint8Array.of(0), b]) : new Uint8Array(b);
}

const asnExtensions = (exts: readonly RawExtension[]): Extensions =>
  new Extensions(exts.map((e) => new AsnExtension({ extnID: e.oid, critical: e.critical, extnValue: new OctetString(e.value) })));

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
  const alg = signatureAlgorithm(sign);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: positiveInteger(spec.serial).buffer as ArrayBuffer,
    signature: alg,
    issuer: AsnConvert.parse(spec.issuer, Name),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: AsnConvert.parse(spec.subject, Name),
    subjectPublicKeyInfo: AsnConvert.parse(spec.spki, SubjectPublicKeyInfo),
    extensions: asnExtensions(spec.extensions),
  });
  return signDer(crypto, der(tbs), key, sign);
}

/** A PKCS#10 request whose extensionRequest attribute carries `extensions`. */
export async function signRequest(crypto: Crypto, spec: { readonly subject: Uint8Array; readonly spki: Uint8Array; readonly extensions: readonly RawExtension[] }, key: CryptoKey, sign: SignAlgorithm): Promise<Uint8Array> {
  const info = new CertificationRequestInfo({ subject: AsnConvert.parse(spec.subject, Name), subjectPKInfo: AsnConvert.parse(spec.spki, SubjectPublicKeyInfo) });
  if (spec.extensions.length) info.attributes.push(new Attribute({ type: OID_EXTENSION_REQUEST, values: [AsnConvert.serialize(asnExtensions(spec.extensions))] }));
  return signDer(crypto, der(info), key, sign);
}

/**
 * The TBSCertList of a v2 CRL without revoked entries (issuer, dates, AKI, CRL number):
 * crl.ts inserts the entries, encoded in one pass, before it signs.
 */
export function certListFrame(spec: { readonly issuer: Uint8Array; readonly thisUpdate: Date; readonly nextUpdate: Date; readonly keyId: string; readonly number: bigint }, sign: SignAlgorithm): Uint8Array {
  const number = tlv(0x02, [positiveInteger(spec.number.toString(16))]);
  return der(
    new TBSCertList({
      version: Version.v2,
      signature: signatureAlgorithm(sign),
      issuer: AsnConvert.parse(spec.issuer, Name),
      thisUpdate: new Time(spec.thisUpdate),
      nextUpdate: new Time(spec.nextUpdate),
      crlExtensions: asnExtensions([authorityKeyIdExtension(spec.keyId), { oid: OID_CRL_NUMBER, critical: false, value: number }]),
    }),
  );
}
