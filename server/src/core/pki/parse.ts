/**
 * Field readers for the objects the PKI tree groups: X.509 certificates, CRLs,
 * CSRs and keys. They read only what the tree shows and what chain building
 * needs (names, key identifiers, the signed bytes and signature), straight from
 * DER. Cryptography (digests, signature checks, deriving a private key's public
 * half) comes in through PkiCrypto so this stays pure and synchronous.
 */
import { children, DerError, expect, readBitString, readOid, readString, readTlv, Tag, toHex, whole, type Tlv } from './der';
import { decodeDer } from '../pem/decode';
import * as pemDer from '../pem/der';
import { generalNameText } from '../pem/text';
import { spkiOf } from '../pem/verify';
import type { DistinguishedName as PemDistinguishedName } from '../pem/types';
import { curves, dnAttributeNames, Oid, publicKeyAlgorithmNames, signatureAlgorithmNames } from './oids';

/** Synchronous crypto the PKI module needs; the Node host implements it with node:crypto. */
export interface PkiCrypto {
  digest(algorithm: 'sha1' | 'sha256', data: Uint8Array): Uint8Array;
  /** Checks `signature` over `signed` with the SubjectPublicKeyInfo `spki`; false on any error. */
  verify(signatureAlgorithm: AlgorithmId, spki: Uint8Array, signed: Uint8Array, signature: Uint8Array): boolean;
  /** The SubjectPublicKeyInfo (DER) of an unencrypted private key, or undefined if it cannot be derived. */
  publicKeyOfPrivateKey(der: Uint8Array, format: 'pkcs8' | 'pkcs1' | 'sec1'): Uint8Array | undefined;
  /** PBKDF2 (for PKCS#12 PBES2). */
  pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keyLength: number, hash: string): Uint8Array;
  /** Symmetric decryption (node:crypto cipher name, e.g. `aes-256-cbc`); throws on bad padding. */
  decrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** HMAC (for the PKCS#12 MAC). */
  hmac(hash: string, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Plain digest with any algorithm name (for the PKCS#12 key derivation). */
  hash(hash: string, data: Uint8Array): Uint8Array;
}

export interface AlgorithmId {
  readonly oid: string;
  /** DER of the parameters, if any (RSASSA-PSS needs them). */
  readonly params?: Uint8Array;
}

export interface DnAttribute {
  readonly type: string;
  readonly value: string;
}

/** What identifies a public key: its algorithm, size and the hex SHA-256 of its SubjectPublicKeyInfo DER. */
export interface KeyIdentity {
  readonly algorithm: string;
  readonly bits?: number;
  readonly curve?: string;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER: the key's identity. */
  readonly id: string;
}

export interface PublicKeyInfo extends KeyIdentity {
  readonly der: Uint8Array;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly version: number;
  readonly serial: string;
  readonly serialNegative: boolean;
  readonly signatureAlgorithm: AlgorithmId;
  readonly issuer: readonly DnAttribute[];
  readonly subject: readonly DnAttribute[];
  /** Canonical DN strings, for comparing names. */
  readonly issuerKey: string;
  readonly subjectKey: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly publicKey: PublicKeyInfo;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical: boolean };
  readonly keyUsage?: readonly string[];
  readonly extKeyUsage?: readonly string[];
  readonly subjectAltNames?: readonly string[];
  /** Invalid or unknown critical extensions (the certificate is still shown, with these as errors). */
  readonly problems: readonly string[];
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly sha256: string;
  readonly sha1: string;
}

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly issuer: readonly DnAttribute[];
  readonly issuerKey: string;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  readonly revoked: ReadonlyArray<{ readonly serial: string; readonly date: number }>;
  readonly authorityKeyId?: string;
  readonly crlNumber?: string;
  readonly signatureAlgorithm: AlgorithmId;
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly sha256: string;
}

export interface ParsedCsr {
  readonly subject: readonly DnAttribute[];
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: AlgorithmId;
  readonly sha256: string;
}

export interface ParsedKey {
  readonly kind: 'private' | 'public';
  readonly encrypted: boolean;
  /** Undefined for encrypted private keys (their public half is unknown without the password). */
  readonly publicKey?: KeyIdentity;
  /** Algorithm when it is known even without the public half. */
  readonly algorithm?: string;
}

function algorithmId(b: Uint8Array, t: Tlv): AlgorithmId {
  const [oidTlv, params] = children(b, t);
  if (!oidTlv) throw new DerError('empty AlgorithmIdentifier', t.start);
  const oid = readOid(b, oidTlv);
  return params && params.tag !== Tag.null ? { oid, params: whole(b, params) } : { oid };
}

function readName(b: Uint8Array, t: Tlv): DnAttribute[] {
  if (t.tag !== Tag.sequence) throw new DerError('expected a Name', t.start);
  const out: DnAttribute[] = [];
  for (const rdn of children(b, t)) {
    for (const atv of children(b, rdn)) {
      const [type, value] = children(b, atv);
      if (!type || !value) throw new DerError('bad AttributeTypeAndValue', atv.start);
      const oid = readOid(b, type);
      out.push({ type: dnAttributeNames[oid] ?? oid, value: value.tag < 0x20 || value.tag === Tag.bmpString ? readString(b, value) : `#${toHex(whole(b, value))}` });
    }
  }
  return out;
}

/** The DN in OpenSSL's one-line order (`C=US, O=Example, CN=Root`). */
export function formatDn(dn: readonly DnAttribute[]): string {
  return dn.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** RFC 5280 comparison key: attribute types plus case-folded, whitespace-collapsed values. */
function dnKey(dn: readonly DnAttribute[]): string {
  return dn.map((a) => `${a.type}=${a.value.trim().replace(/\s+/g, ' ').toLowerCase()}`).join('\u0001');
}

export function commonName(dn: readonly DnAttribute[]): string | undefined {
  for (let i = dn.length - 1; i >= 0; i--) if (dn[i]!.type === 'CN') return dn[i]!.value;
  return undefined;
}

export function readPublicKeyInfo(b: Uint8Array, spki: Tlv, crypto: PkiCrypto): PublicKeyInfo {
  const [alg, key] = children(b, spki);
  if (!alg || !key) throw new DerError('bad SubjectPublicKeyInfo', spki.start);
  const id = algorithmId(b, alg);
  const der = whole(b, spki);
  const algorithm = publicKeyAlgorithmNames[id.oid] ?? id.oid;
  let bits: number | undefined;
  let curve: string | undefined;
  if (id.oid === Oid.rsaEncryption || id.oid === Oid.rsaPss) {
    try {
      const inner = readBitString(b, key);
      const seq = readTlv(inner, 0);
      const [n] = children(inner, seq);
      if (n) {
        let s = n.body;
        while (s < n.end && inner[s] === 0) s++;
        bits = (n.end - s) * 8 - (s < n.end ? Math.clz32(inner[s]!) - 24 : 0);
      }
    } catch {
      // size unknown
    }
  } else if (id.oid === Oid.ecPublicKey && id.params) {
    try {
      const c = curves[readOid(id.params, readTlv(id.params, 0))];
      if (c) {
        curve = c.name;
        bits = c.bits;
      }
    } catch {
      // unknown curve
    }
  } else if (id.oid === Oid.ed25519) bits = 256;
  else if (id.oid === Oid.ed448) bits = 456;
  return { algorithm, bits, curve, id: toHex(crypto.digest('sha256', der)), der };
}

/** Lowercase plain hex of core/pem's colon hex (the tree's id format). */
const plainHex = (colon: string): string => colon.replace(/:/g, '').toLowerCase();

function dnOf(dn: PemDistinguishedName): DnAttribute[] {
  return dn.rdns.flatMap((r) => r.map((a) => ({ type: a.name, value: a.value })));
}

/** The signed bytes, algorithm and signature of a certificate or CRL (already checked by the decoder). */
function signedParts(der: Uint8Array): { tbs: Uint8Array; signatureAlgorithm: AlgorithmId; signature: Uint8Array } {
  const [tbs, alg, sig] = pemDer.children(der, pemDer.readTlv(der, 0));
  const [oid, params] = pemDer.children(der, alg!);
  return {
    tbs: der.subarray(tbs!.start, tbs!.end),
    signatureAlgorithm: { oid: pemDer.readOid(der, oid!), ...(params && params.tag !== pemDer.TAG.NULL ? { params: der.subarray(params.start, params.end) } : {}) },
    signature: pemDer.readBitString(der, sig!).bytes,
  };
}

/** Extensions a verifier rejects, as the tree reports them inside a certificate that is still shown. */
function extensionProblems(extensions: readonly { name: string; oid: string; critical: boolean; known: boolean; error?: string }[]): string[] {
  return extensions.flatMap((e) => (e.error ? [`${e.name} is invalid: ${e.error}`] : !e.known && e.critical ? [`unknown critical extension ${e.oid}: verifiers reject the certificate`] : []));
}

/**
 * A certificate for the tree, read by core/pem's decoder (the one DER reader):
 * a malformed extension is a problem of the certificate, not a reason to drop
 * it. Throws DerError when the bytes are not a certificate at all.
 */
export function parseCertificate(der: Uint8Array, crypto: PkiCrypto): ParsedCertificate {
  void crypto;
  const d = decodeDer(der, 'certificate');
  if (!d.ok || d.view.kind !== 'certificate') throw new DerError(d.ok ? 'not a certificate' : d.message, 0);
  const v = d.view;
  const subject = dnOf(v.subject);
  const issuer = dnOf(v.issuer);
  const spki = spkiOf(der);
  return {
    der,
    version: v.version,
    serial: v.serial.replace(/^-/, '').toLowerCase(),
    serialNegative: v.serialNegative,
    issuer,
    subject,
    issuerKey: dnKey(issuer),
    subjectKey: dnKey(subject),
    notBefore: Date.parse(v.notBefore),
    notAfter: Date.parse(v.notAfter),
    publicKey: { algorithm: v.publicKey.algorithm, bits: v.publicKey.bits, curve: v.publicKey.nistCurve ?? v.publicKey.curve, id: v.publicKey.id, der: spki },
    subjectKeyId: v.subjectKeyIdentifier ? plainHex(v.subjectKeyIdentifier) : undefined,
    authorityKeyId: v.authorityKeyIdentifier?.keyIdentifier ? plainHex(v.authorityKeyIdentifier.keyIdentifier) : undefined,
    basicConstraints: v.basicConstraints ? { ca: v.basicConstraints.ca, pathLen: v.basicConstraints.pathLength, critical: v.basicConstraints.critical } : undefined,
    keyUsage: v.keyUsage?.usages,
    extKeyUsage: v.extendedKeyUsage?.usages,
    subjectAltNames: v.subjectAltNames.length ? v.subjectAltNames.map(generalNameText) : undefined,
    problems: extensionProblems(v.extensions),
    ...signedParts(der),
    sha256: plainHex(v.fingerprints.sha256),
    sha1: plainHex(v.fingerprints.sha1),
  };
}

/** A CRL for the tree, read by core/pem's decoder (times with offsets, extensions as RFC 5280 has them). */
export function parseCrl(der: Uint8Array, crypto: PkiCrypto): ParsedCrl {
  void crypto;
  const d = decodeDer(der, 'crl');
  if (!d.ok || d.view.kind !== 'crl') throw new DerError(d.ok ? 'not a CRL' : d.message, 0);
  const v = d.view;
  const issuer = dnOf(v.issuer);
  return {
    der,
    issuer,
    issuerKey: dnKey(issuer),
    thisUpdate: Date.parse(v.thisUpdate),
    nextUpdate: v.nextUpdate ? Date.parse(v.nextUpdate) : undefined,
    revoked: v.revoked.map((r) => ({ serial: r.serial.replace(/^-/, '').replace(/:/g, '').toLowerCase(), date: Date.parse(r.date) })),
    authorityKeyId: v.authorityKeyIdentifier ? plainHex(v.authorityKeyIdentifier) : undefined,
    crlNumber: v.crlNumber,
    ...signedParts(der),
    sha256: plainHex(v.fingerprints.sha256),
  };
}

/** Parses a DER PKCS#10 certificate request. */
export function parseCsr(der: Uint8Array, crypto: PkiCrypto): ParsedCsr {
  const csr = expect(der, 0, Tag.sequence, der.length, 'CertificationRequest SEQUENCE');
  const [info, alg] = children(der, csr);
  if (!info || !alg) throw new DerError('bad CertificationRequest', csr.start);
  const [, subjectTlv, spkiTlv] = children(der, info);
  if (!subjectTlv || !spkiTlv) throw new DerError('bad CertificationRequestInfo', info.start);
  return {
    subject: readName(der, subjectTlv),
    publicKey: readPublicKeyInfo(der, spkiTlv, crypto),
    signatureAlgorithm: algorithmId(der, alg),
    sha256: toHex(crypto.digest('sha256', whole(der, csr))),
  };
}

/** Reads a public key (SubjectPublicKeyInfo DER). */
export function parsePublicKey(der: Uint8Array, crypto: PkiCrypto): ParsedKey {
  const spki = expect(der, 0, Tag.sequence, der.length, 'SubjectPublicKeyInfo');
  const publicKey = readPublicKeyInfo(der, spki, crypto);
  return { kind: 'public', encrypted: false, publicKey, algorithm: publicKey.algorithm };
}

/**
 * Reads a private key. Its public half is derived through PkiCrypto; only the
 * public half leaves this function — never any private key material.
 */
export function parsePrivateKey(der: Uint8Array, format: 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted', crypto: PkiCrypto): ParsedKey {
  const seq = expect(der, 0, Tag.sequence, der.length, 'private key SEQUENCE');
  if (format === 'encrypted') return { kind: 'private', encrypted: true };
  let algorithm: string | undefined = format === 'pkcs1' ? 'RSA' : format === 'sec1' ? 'EC' : undefined;
  if (format === 'pkcs8') {
    const [, alg] = children(der, seq);
    if (alg?.tag === Tag.sequence) {
      const oid = readOid(der, children(der, alg)[0]!);
      algorithm = publicKeyAlgorithmNames[oid] ?? oid;
    }
  }
  const spki = crypto.publicKeyOfPrivateKey(der, format);
  if (!spki) return { kind: 'private', encrypted: false, algorithm };
  const publicKey = readPublicKeyInfo(spki, readTlv(spki, 0), crypto);
  return { kind: 'private', encrypted: false, publicKey, algorithm: publicKey.algorithm };
}

export const signatureAlgorithmName = (a: AlgorithmId): string => signatureAlgorithmNames[a.oid] ?? a.oid;
