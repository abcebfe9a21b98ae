/**
 * The objects the PKI tree groups (certificates, CRLs, CSRs, keys) in the tree's shapes, read by
 * core/pem's decoder (the one DER reader): certificates in its lazy field mode, the rest with
 * its views. Cryptography (digests, signature checks, deriving a private key's public half)
 * comes in through PkiCrypto so this stays pure and synchronous.
 */
import { rejectedAsCritical } from '../pem/criticalExtension';
import { opensslCrlRefusal } from '../pem/opensslCrl';
import { opensslNameKey } from '../pem/opensslName';
import { decodeDer, decodeKeyDer, readCertificateFields, readSpki } from '../pem/decode';
import { labelOfKeyForm, type PrivateKeyForm } from '../pem/labels';
import { readOid, readTlv } from '../pem/der';
import { toHex } from '../pem/hash';
import { crlReasons, curves as pemCurves, signatureAlgorithms } from '../pem/oids';
import { formatDn as formatName } from '../format';
import { generalNameText } from '../pem/text';
import type { CrlView, CsrView, DnAttribute as PemDnAttribute, DistinguishedName as PemDistinguishedName, ExtensionInfo, GeneralName, PublicKeyInfo as PemPublicKeyInfo } from '../pem/types';
import { RevokedList } from './revokedList';
import { tr } from '../l10n';

/** Synchronous crypto the PKI module needs; the Node host implements it with node:crypto. */
export interface PkiCrypto {
  digest(algorithm: 'sha1' | 'sha256', data: Uint8Array): Uint8Array;
  /** Checks `signature` over `signed` with the SubjectPublicKeyInfo `spki`; false on any error. */
  verify(signatureAlgorithm: AlgorithmId, spki: Uint8Array, signed: Uint8Array, signature: Uint8Array): boolean;
  /** The same off the caller's thread where the host can (a 5 MB CRL takes its hash's time); optional. */
  verifyAsync?(signatureAlgorithm: AlgorithmId, spki: Uint8Array, signed: Uint8Array, signature: Uint8Array): Promise<boolean>;
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
  /**
   * The algorithm inside the signed part differs from the outer one: OpenSSL's verifier refuses the
   * signature ("certificate signature failure") whatever the issuer's key says; a trusted root's own
   * signature it does not check.
   */
  readonly signatureAlgorithmsDiffer?: true;
}

/** A CRL entry for the tree: the serial in the certificates' form, the date, the CRLReason name. */
export interface CrlEntryFacts {
  readonly serial: string;
  readonly date: number;
  readonly reason?: string;
}

/** RFC 5280 CRLReason names by code, as OpenSSL's index.txt and `-crl_reason` write them (7 is unused). */
const reasonNames: readonly (string | undefined)[] = ['unspecified', 'keyCompromise', 'CACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', undefined, 'removeFromCRL', 'privilegeWithdrawn', 'AACompromise'];

/** The CRLReason name of a reason code: one shared string per name, however many entries carry it. */
export function crlReasonName(code: number): string {
  return reasonNames[code] ?? `reason ${code}`;
}

/** The same from the decoder's display name of an entry's reason ("Key Compromise", or the number it does not know). */
function entryReason(display: string | undefined): string | undefined {
  if (display === undefined) return undefined;
  const code = crlReasons.indexOf(display);
  if (code >= 0) return crlReasonName(code);
  return /^\d+$/.test(display) ? crlReasonName(Number(display)) : undefined;
}

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly issuer: readonly DnAttribute[];
  readonly issuerKey: string;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  /**
   * `openssl verify -crl_check`'s error when OpenSSL cannot use the CRL: a thisUpdate or nextUpdate
   * not in RFC 5280's form ("format error in CRL's lastUpdate field").
   */
  readonly unusable?: string;
  /** Packed (a CRL may list 100,000 entries). */
  readonly revoked: RevokedList;
  readonly authorityKeyId?: string;
  readonly crlNumber?: string;
  readonly signatureAlgorithm: AlgorithmId;
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly sha256: string;
}

export interface ParsedCsr {
  readonly subject: readonly DnAttribute[];
  readonly publicKey: KeyIdentity;
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

/** The DN in the one display form (core/format.ts: `C = US, O = Example, CN = Root`). */
export function formatDn(dn: readonly DnAttribute[]): string {
  return formatName(dn.map((a) => [{ name: a.type, value: a.value }]));
}

export function commonName(dn: readonly DnAttribute[]): string | undefined {
  for (let i = dn.length - 1; i >= 0; i--) if (dn[i]!.type === 'CN') return dn[i]!.value;
  return undefined;
}

/** Curves by their NIST names where they have one (the tree's convention), else OpenSSL's. */
const treeCurve = (k: PemPublicKeyInfo): string | undefined => k.nistCurve ?? k.curve;
const nistNames = new Map(Object.values(pemCurves).map((c) => [c.name, c.nist ?? c.name]));

function keyIdentity(k: PemPublicKeyInfo): KeyIdentity {
  return { algorithm: k.algorithm, bits: k.bits, curve: treeCurve(k), id: k.id };
}

/** Lowercase plain hex of core/pem's colon hex (the tree's id format). */
const plainHex = (colon: string): string => colon.replace(/:/g, '').toLowerCase();

function dnOf(rdns: readonly (readonly PemDnAttribute[])[]): DnAttribute[] {
  return rdns.flatMap((r) => r.map((a) => ({ type: a.name, value: a.value })));
}

const nameOf = (dn: PemDistinguishedName): DnAttribute[] => dnOf(dn.rdns);

/**
 * One copy of what the certificates of one issuer all carry (its name's comparison key, its key
 * identifier) and of a signature algorithm without parameters, instead of one per certificate: the
 * 25,000 leaves of one CA kept 25,000 equal strings of each. Bounded: past `maxShared` the copies
 * start over (a workspace has a few issuers and algorithms; a hostile one merely shares less).
 */
const maxShared = 4096;
const sharedStrings = new Map<string, string>();
const sharedAlgorithms = new Map<string, AlgorithmId>();

function shared(s: string): string {
  const found = sharedStrings.get(s);
  if (found !== undefined) return found;
  if (sharedStrings.size >= maxShared) sharedStrings.clear();
  sharedStrings.set(s, s);
  return s;
}

function sharedAlgorithm(a: AlgorithmId): AlgorithmId {
  if (a.params) return a;
  const found = sharedAlgorithms.get(a.oid);
  if (found) return found;
  if (sharedAlgorithms.size >= maxShared) sharedAlgorithms.clear();
  sharedAlgorithms.set(a.oid, a);
  return a;
}

/** The problems of a certificate that has none: one array for all of them (a workspace may keep 50,000). */
const noProblems: readonly string[] = Object.freeze([]);

/** Extensions and validity a verifier rejects, as the tree reports them inside a certificate that is still shown. */
function certificateProblems(extensions: readonly ExtensionInfo[], names: readonly GeneralName[], validityError: string | undefined): readonly string[] {
  // A critical extension is a problem where `openssl verify`, which the chain verdicts follow, rejects it.
  const out = extensions.flatMap((e) => (e.error ? [tr`${e.name} is invalid: ${e.error}`] : e.opensslRefuses ? [tr`${e.name} is invalid: ${e.opensslRefuses} (OpenSSL's verifier refuses the certificate; Go reads it)`] : rejectedAsCritical(e, names) ? [e.name === e.oid ? tr`unknown critical extension ${e.oid}: OpenSSL's verifier rejects the certificate ("unhandled critical extension")` : tr`critical ${e.name} (${e.oid}): OpenSSL's verifier does not read it and rejects the certificate ("unhandled critical extension")`] : []));
  if (validityError) return [tr`validity is invalid: ${validityError}`, ...out];
  return out.length ? out : noProblems;
}

/**
 * A certificate for the tree, read in core/pem's lazy field mode: a malformed extension or
 * validity is a problem of the certificate, not a reason to drop it. Throws DerError when the
 * bytes are not a certificate at all.
 */
export function parseCertificate(der: Uint8Array, crypto: PkiCrypto): ParsedCertificate {
  const sha256 = (d: Uint8Array): Uint8Array => crypto.digest('sha256', d);
  const v = readCertificateFields(der, sha256);
  const subject = dnOf(v.subject);
  const issuer = dnOf(v.issuer);
  return {
    der,
    version: v.version,
    serial: v.serial.replace(/^-/, '').toLowerCase(),
    serialNegative: v.serialNegative,
    issuer,
    subject,
    issuerKey: shared(opensslNameKey(v.issuer)),
    subjectKey: opensslNameKey(v.subject),
    // NaN when unreadable: never expired, never valid; `problems` says why.
    notBefore: v.notBefore ?? Number.NaN,
    notAfter: v.notAfter ?? Number.NaN,
    // Written out, not spread from keyIdentity: a spread object given one more property got a hidden class
    // (and descriptor array) of its own, about 300 bytes more per certificate the workspace keeps.
    publicKey: { algorithm: v.publicKey.algorithm, bits: v.publicKey.bits, curve: treeCurve(v.publicKey), id: v.publicKey.id, der: v.spki },
    subjectKeyId: v.subjectKeyIdentifier ? plainHex(v.subjectKeyIdentifier) : undefined,
    authorityKeyId: v.authorityKeyIdentifier ? shared(plainHex(v.authorityKeyIdentifier)) : undefined,
    basicConstraints: v.basicConstraints ? { ca: v.basicConstraints.ca, pathLen: v.basicConstraints.pathLength, critical: v.basicConstraints.critical } : undefined,
    keyUsage: v.keyUsage?.usages,
    extKeyUsage: v.extendedKeyUsage?.usages,
    subjectAltNames: v.subjectAltNames.length ? v.subjectAltNames.map(generalNameText) : undefined,
    problems: certificateProblems(v.extensions, v.subjectAltNames, v.validityError),
    signatureAlgorithm: sharedAlgorithm(v.signatureAlgorithm),
    tbs: v.tbs,
    signature: v.signature,
    ...(v.signatureAlgorithmsDiffer ? { signatureAlgorithmsDiffer: true as const } : {}),
    sha256: toHex(sha256(der)),
  };
}

/** The signed bytes and signature of a CRL (the decoder has checked its shape). */
function signedParts(der: Uint8Array): { tbs: Uint8Array; signatureAlgorithm: AlgorithmId; signature: Uint8Array } {
  const outer = readTlv(der, 0);
  const tbs = readTlv(der, outer.valueStart, outer.end);
  const alg = readTlv(der, tbs.end, outer.end);
  const sig = readTlv(der, alg.end, outer.end);
  const oid = readTlv(der, alg.valueStart, alg.end);
  const params = oid.end < alg.end ? readTlv(der, oid.end, alg.end) : undefined;
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    signatureAlgorithm: { oid: readOid(der, oid), ...(params && params.tag !== 0x05 ? { params: der.subarray(params.start, params.end) } : {}) },
    signature: der.subarray(sig.valueStart + 1, sig.end),
  };
}

/** The full view of a CRL or CSR (core/pem's decoder, trailing bytes refused); throws with its message. */
function view<K extends 'crl' | 'csr'>(der: Uint8Array, kind: K): K extends 'crl' ? CrlView : CsrView {
  const d = decodeDer(der, kind);
  if (!d.ok || d.view.kind !== kind) throw new Error(d.ok ? `not a ${kind.toUpperCase()}` : d.message);
  return d.view as K extends 'crl' ? CrlView : CsrView;
}

/** A CRL for the tree, read by core/pem's decoder (times with offsets, extensions as RFC 5280 has them). */
export function parseCrl(der: Uint8Array, crypto: PkiCrypto): ParsedCrl {
  const v = view(der, 'crl');
  const issuer = nameOf(v.issuer);
  const unusable = opensslCrlRefusal(v);
  return {
    der,
    issuer,
    issuerKey: opensslNameKey(v.issuer.rdns),
    thisUpdate: Date.parse(v.thisUpdate),
    nextUpdate: v.nextUpdate ? Date.parse(v.nextUpdate) : undefined,
    ...(unusable ? { unusable } : {}),
    revoked: RevokedList.from(
      v.revoked.map((r) => {
        const serial = r.serial.replace(/^-/, '').toLowerCase();
        const date = Date.parse(r.date);
        const reason = entryReason(r.reason);
        return reason ? { serial, date, reason } : { serial, date };
      }),
    ),
    authorityKeyId: v.authorityKeyIdentifier ? plainHex(v.authorityKeyIdentifier) : undefined,
    crlNumber: v.crlNumber,
    ...signedParts(der),
    sha256: toHex(crypto.digest('sha256', der)),
  };
}

/** A PKCS#10 certificate request, read by core/pem's decoder. */
export function parseCsr(der: Uint8Array, crypto: PkiCrypto): ParsedCsr {
  const v = view(der, 'csr');
  const outer = readTlv(der, 0);
  return {
    subject: nameOf(v.subject),
    publicKey: keyIdentity(v.publicKey),
    signatureAlgorithm: { oid: v.signatureAlgorithm.oid },
    sha256: toHex(crypto.digest('sha256', der.subarray(outer.start, outer.end))),
  };
}

/** A public key: SubjectPublicKeyInfo DER, or PKCS #1 RSAPublicKey with the label `RSA PUBLIC KEY`. */
export function parsePublicKey(der: Uint8Array, crypto: PkiCrypto, label: 'PUBLIC KEY' | 'RSA PUBLIC KEY' = 'PUBLIC KEY'): ParsedKey {
  const v = decodeKeyDer(der, label);
  return { kind: 'public', encrypted: false, publicKey: { algorithm: v.algorithm, bits: v.bits, curve: v.curve ? (nistNames.get(v.curve) ?? v.curve) : undefined, id: v.publicKeyId ?? toHex(crypto.digest('sha256', der)) }, algorithm: v.algorithm };
}

/**
 * A private key. Its public half is derived through PkiCrypto; only the public half leaves
 * this function — never any private key material.
 */
export function parsePrivateKey(der: Uint8Array, format: Exclude<PrivateKeyForm, 'openssh'>, crypto: PkiCrypto): ParsedKey {
  const view = decodeKeyDer(der, labelOfKeyForm(format));
  if (view.encrypted) return { kind: 'private', encrypted: true, algorithm: view.algorithm === 'unknown' ? undefined : view.algorithm };
  const curve = view.curve ? (nistNames.get(view.curve) ?? view.curve) : undefined;
  if (view.publicKeyId) return { kind: 'private', encrypted: false, algorithm: view.algorithm, publicKey: { algorithm: view.algorithm, bits: view.bits, curve, id: view.publicKeyId } };
  const spki = format === 'encrypted' || format === 'dsa' ? undefined : crypto.publicKeyOfPrivateKey(der, format);
  if (!spki) return { kind: 'private', encrypted: false, algorithm: view.algorithm };
  const publicKey = keyIdentity(readSpki(spki, readTlv(spki, 0), (d) => crypto.digest('sha256', d)));
  return { kind: 'private', encrypted: false, publicKey, algorithm: publicKey.algorithm };
}

export const signatureAlgorithmName = (a: AlgorithmId): string => signatureAlgorithms[a.oid]?.name ?? a.oid;
