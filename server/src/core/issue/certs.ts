/**
 * The certificates the issuing operations read (the CA's, one to renew or revoke) and
 * sign: read with core/pem's DER reader, written by writer.ts, signed with the injected
 * WebCrypto.
 */
import { certificateParts, readCertificateFields, readRdns, type RawExtension } from '../pem/decode';
import { DerError, children, readOid, readTlv } from '../pem/der';
import type { DnAttribute, GeneralName } from '../pem/types';
import { verifySignature } from '../pem/verify';
import { fromPem, importPkcs8Pem, isEncryptedKeyPem, isRsa, keyTypeOfDer, publicJwkOf, signingAlgorithm, toPem, type Crypto, type CryptoKey } from './keys';
import { opensslOneline } from './state';
import { IssueError, type KeyType } from './types';
import {
  authorityKeyIdExtension,
  basicConstraintsExtension,
  extKeyUsageExtension,
  keyIdOf,
  KeyUsageBit,
  keyUsageExtension,
  nameDer,
  OID_EKU,
  sanExtension,
  signCertificate,
  subjectKeyIdExtension,
  type SignAlgorithm,
} from './writer';
import { tr } from '../l10n';
import { formatDn } from '../format';

export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** notBefore = now − 60 s, for clock skew between the issuing and the verifying machine. */
export const BACKDATE_MS = 60_000;

/** Random positive serial: 16 bytes, top bit clear and first byte non-zero, so the DER INTEGER is exactly 16 bytes. */
export function randomSerial(crypto: Crypto, taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[0] = (b[0]! & 0x7f) | 0x40; // 0x40..0x7f: positive, never a leading zero
    const hex = Buffer.from(b).toString('hex').toUpperCase();
    if (!taken.has(hex)) return hex;
  }
}

/**
 * A certificate block under either label OpenSSL reads a certificate from: CERTIFICATE, or
 * SSLeay's X509 CERTIFICATE (PEM_STRING_X509_OLD; openssl ca signs with such a CA file).
 */
const certBlockPattern = /-----BEGIN (X509 )?CERTIFICATE-----([\s\S]*?)-----END \1?CERTIFICATE-----/g;

/**
 * The certificate blocks of a PEM file, each ending in a newline, without any text around them
 * (`openssl ca` writes a dump before each: CA.pl's cacert.pem), each labelled CERTIFICATE, the
 * label every reader takes (Go's and Node's read no other).
 */
export function certificateBlocks(pem: string): string[] {
  return [...pem.matchAll(certBlockPattern)].map((m) => `-----BEGIN CERTIFICATE-----${m[2]}-----END CERTIFICATE-----\n`);
}

/** The certificate's (last) common name, or its whole subject when it has none. */
export function commonNameOf(cert: Cert): string {
  return cert.subjectRdns.flat().filter((a) => a.oid === '2.5.4.3').pop()?.value ?? cert.subject;
}

/** An X.500 name (DER) from validated attribute values (O first, then CN), all UTF8String like openssl's `utf8only` mask. */
export const buildName = nameDer;

/** OpenSSL's one-line form for index.txt, escaped as OpenSSL escapes it: `/O=Cockroach/CN=node`. */
export function onelineName(name: Uint8Array): string {
  return opensslOneline(name);
}

/** A certificate as the issuing operations use it. */
export interface Cert {
  readonly der: Uint8Array;
  /** The subject and issuer as the commands print them: `O=Cockroach, CN=node`. */
  readonly subject: string;
  readonly issuer: string;
  /** The names' DER (an issuer is matched byte for byte). */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly subjectRdns: readonly (readonly DnAttribute[])[];
  /** Uppercase hex. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly keyBits?: number;
  /** Every extension in order, with its value DER. */
  readonly extensions: readonly RawExtension[];
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  /** keyUsage names (`keyCertSign`...), when the extension is there. */
  readonly keyUsage?: readonly string[];
  /** extendedKeyUsage OIDs, when the extension is there. */
  readonly extendedKeyUsage?: readonly string[];
  /** Lowercase hex. */
  readonly subjectKeyId?: string;
  /** The issuer's serial its authorityKeyIdentifier names (`issuer:always`), uppercase hex. */
  readonly authorityCertSerial?: string;
  readonly sans: readonly GeneralName[];
}

/**
 * The text of a Name's DER in the one display form (core/format formatDn, as `openssl x509
 * -noout -subject` prints it): issuing results name a certificate as the tree and hover do.
 */
export function nameTextOf(name: Uint8Array): string {
  return formatDn(readRdns(name, readTlv(name, 0)));
}

/** IPv6 in the short form (RFC 5952), IPv4 dotted: how --san writes them. */
export function ipText(value: string): string {
  if (!value.includes(':')) return value;
  const groups = value.split(':').map((g) => parseInt(g, 16).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j > i ? j : i + 1;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function readCert(der: Uint8Array): Cert {
  const f = readCertificateFields(der);
  const p = certificateParts(der);
  if (f.notBefore === undefined || f.notAfter === undefined) throw new DerError(f.validityError ?? 'unreadable validity', p.tbs.start);
  const eku = p.extensions.find((e) => e.oid === OID_EKU);
  const subjectDer = der.subarray(p.subject.start, p.subject.end);
  const issuerDer = der.subarray(p.issuer.start, p.issuer.end);
  return {
    der,
    subject: formatDn(f.subject),
    issuer: formatDn(f.issuer),
    subjectDer,
    issuerDer,
    subjectRdns: f.subject,
    serial: f.serial,
    notBefore: new Date(f.notBefore),
    notAfter: new Date(f.notAfter),
    spki: f.spki,
    ...(f.publicKey.bits !== undefined ? { keyBits: f.publicKey.bits } : {}),
    extensions: p.extensions,
    ...(f.basicConstraints ? { basicConstraints: { ca: f.basicConstraints.ca, ...(f.basicConstraints.pathLength !== undefined ? { pathLength: f.basicConstraints.pathLength } : {}) } } : {}),
    ...(f.keyUsage ? { keyUsage: f.keyUsage.usages } : {}),
    ...(eku ? { extendedKeyUsage: children(eku.value, readTlv(eku.value, 0)).map((o) => readOid(eku.value, o)) } : {}),
    ...(f.subjectKeyIdentifier ? { subjectKeyId: f.subjectKeyIdentifier.replace(/:/g, '').toLowerCase() } : {}),
    ...(f.authorityCertSerial ? { authorityCertSerial: f.authorityCertSerial.replace(/:/g, '') } : {}),
    sans: f.subjectAltNames.map((g) => (g.type === 'ip' ? { type: 'ip', value: ipText(g.value) } : g)),
  };
}

export function certKeyType(cert: Cert): KeyType {
  const t = keyTypeOfDer(cert.spki, cert.keyBits);
  if (!t) throw new IssueError(tr`unsupported public key algorithm in ${cert.subject}`);
  return t;
}

export function parseCertPem(pem: string, what: string): Cert {
  const first = certificateBlocks(pem)[0];
  const der = first === undefined ? undefined : fromPem(first, 'CERTIFICATE');
  if (!der) throw new IssueError(tr`${what} is not a PEM certificate`);
  try {
    return readCert(der);
  } catch (e) {
    throw new IssueError(tr`${what} could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface LoadedCa {
  readonly cert: Cert;
  readonly key: CryptoKey;
  readonly keyType: KeyType;
  /** SKI of the CA (hex) = the keyid every AKI it issues carries. */
  readonly keyId: string;
  readonly sign: SignAlgorithm;
}

/** Imports a SubjectPublicKeyInfo of this type for verifying. */
export async function importSpki(crypto: Crypto, spki: Uint8Array, type: KeyType): Promise<CryptoKey> {
  const importAlg = isRsa(type) ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : type === 'ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: type === 'p256' ? 'P-256' : 'P-384' };
  return crypto.subtle.importKey('spki', spki as Uint8Array<ArrayBuffer>, importAlg as never, true, ['verify']);
}

export async function publicKeyJwk(crypto: Crypto, cert: Cert, type: KeyType): Promise<string> {
  return publicJwkOf(crypto, await importSpki(crypto, cert.spki, type));
}

export async function loadCa(crypto: Crypto, certPem: string, keyPemIn: string, passphrase?: string): Promise<LoadedCa> {
  const cert = parseCertPem(certPem, tr`the CA certificate`);
  if (!cert.basicConstraints?.ca) throw new IssueError(tr`the CA certificate (${cert.subject}) is not a CA: basicConstraints CA:TRUE is missing`);
  if (cert.keyUsage && !cert.keyUsage.includes('keyCertSign')) throw new IssueError(tr`the CA certificate (${cert.subject}) lacks keyUsage keyCertSign`);
  const keyType = certKeyType(cert);
  const keyPem = isEncryptedKeyPem(keyPemIn) && passphrase !== undefined ? await (await import('./keyCrypt.js')).decryptPkcs8Pem(crypto, keyPemIn, passphrase, tr`the CA key`) : keyPemIn;
  const key = await importPkcs8Pem(crypto, keyPem, keyType, tr`the CA key`);
  if ((await publicJwkOf(crypto, key)) !== (await publicKeyJwk(crypto, cert, keyType))) {
    throw new IssueError(tr`the CA key does not belong to the CA certificate`);
  }
  const keyId = cert.subjectKeyId ?? (await keyIdOf(crypto, cert.spki));
  return { cert, key, keyType, keyId, sign: signingAlgorithm(keyType) };
}

export interface CertSpec {
  readonly subject: Uint8Array;
  readonly spki: Uint8Array;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly RawExtension[];
}

/** CA extensions in the order openssl prints them for its own configs; AKI = `issuerKeyId` (its own for a root). */
export function caExtensions(pathLen: number | undefined, keyId: string, issuerKeyId = keyId): RawExtension[] {
  return [
    basicConstraintsExtension(true, pathLen),
    keyUsageExtension(KeyUsageBit.keyCertSign | KeyUsageBit.cRLSign | KeyUsageBit.digitalSignature),
    subjectKeyIdExtension(keyId),
    authorityKeyIdExtension(issuerKeyId),
  ];
}

export function leafKeyUsage(type: KeyType): number {
  // keyEncipherment only for RSA (RSA key transport); EC and Ed25519 keys only sign.
  return KeyUsageBit.digitalSignature | (isRsa(type) ? KeyUsageBit.keyEncipherment : 0);
}

export interface LeafExtensionSpec {
  readonly keyType: KeyType;
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly dns: readonly string[];
  readonly ip: readonly string[];
  readonly uri?: readonly string[];
}

export { sanExtension };

export async function leafExtensions(crypto: Crypto, spec: LeafExtensionSpec, spki: Uint8Array, caKeyId: string): Promise<RawExtension[]> {
  const eku: string[] = [];
  if (spec.serverAuth) eku.push(OID_SERVER_AUTH);
  if (spec.clientAuth) eku.push(OID_CLIENT_AUTH);
  const exts: RawExtension[] = [
    basicConstraintsExtension(false),
    keyUsageExtension(leafKeyUsage(spec.keyType)),
    extKeyUsageExtension(eku),
    subjectKeyIdExtension(await keyIdOf(crypto, spki)),
    authorityKeyIdExtension(caKeyId),
  ];
  if (spec.dns.length || spec.ip.length || spec.uri?.length) exts.push(sanExtension(spec));
  return exts;
}

export async function signCert(crypto: Crypto, spec: CertSpec, issuer: Uint8Array, signingKey: CryptoKey, sign: SignAlgorithm): Promise<Cert> {
  return readCert(await signCertificate(crypto, { ...spec, issuer }, signingKey, sign));
}

/** The issuer name exactly as the CA's subject DER (Go matches issuers byte for byte). */
export function issuerOf(ca: LoadedCa): Uint8Array {
  return ca.cert.subjectDer;
}

export function certPem(cert: Cert): string {
  return toPem('CERTIFICATE', cert.der);
}

/** The subject and issuer names are the same bytes. */
export function selfIssued(cert: Cert): boolean {
  return sameBytes(cert.subjectDer, cert.issuerDer);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** True when `cert` was signed by the key of `issuer` (a certificate). */
export async function signedBy(crypto: Crypto, cert: Cert, issuer: Cert): Promise<boolean> {
  return (await verifySignature(cert.der, issuer.der, crypto)) === 'valid';
}

/** True when `cert` was signed by the CA's key. */
export async function issuedBy(crypto: Crypto, cert: Cert, ca: LoadedCa): Promise<boolean> {
  return signedBy(crypto, cert, ca.cert);
}

export { importPkcs8Pem };
