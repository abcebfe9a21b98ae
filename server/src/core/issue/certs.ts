/** Certificate and CRL construction with @peculiar/x509 over the injected WebCrypto. */
// @peculiar/x509 needs the Reflect metadata polyfill loaded first; importing it here keeps
// that true however lazily this module is loaded.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { fromPem, importPkcs8Pem, isRsa, keyTypeOfDer, publicJwkOf, signingAlgorithm, toPem, type Crypto, type CryptoKey } from './keys';
import { decryptPkcs8Pem, isEncryptedKeyPem } from './keyCrypt';
import { opensslOneline } from './state';
import { IssueError, type KeyType } from './types';

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

/** An X.500 name from validated attribute values (DER order: O first, then CN), all UTF8String like openssl's `utf8only` mask. */
export function buildName(cn: string, o?: string): x509.Name {
  const json: x509.JsonNameParams = [];
  if (o) json.push({ O: [{ utf8String: o }] });
  json.push({ CN: [{ utf8String: cn }] });
  return new x509.Name(json);
}

/** OpenSSL's one-line form for index.txt, escaped as OpenSSL escapes it: `/O=Cockroach/CN=node`. */
export function onelineName(name: x509.Name): string {
  return opensslOneline(new Uint8Array(name.toArrayBuffer()));
}

export function certKeyType(cert: x509.X509Certificate): KeyType {
  const spki = new Uint8Array(cert.publicKey.rawData);
  const alg = cert.publicKey.algorithm as { name: string; modulusLength?: number };
  const t = keyTypeOfDer(spki, alg.modulusLength);
  if (!t) throw new IssueError(`unsupported public key algorithm ${alg.name} in ${cert.subject}`);
  return t;
}

export function parseCertPem(pem: string, what: string): x509.X509Certificate {
  const der = fromPem(pem, 'CERTIFICATE');
  if (!der) throw new IssueError(`${what} is not a PEM certificate`);
  try {
    return new x509.X509Certificate(der);
  } catch (e) {
    throw new IssueError(`${what} could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface LoadedCa {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly keyType: KeyType;
  /** SKI of the CA (hex) = the keyid every AKI it issues carries. */
  readonly keyId: string;
  readonly sign: { name: string; hash?: string };
}

export async function publicKeyJwk(crypto: Crypto, cert: x509.X509Certificate, type: KeyType): Promise<string> {
  const alg = signingAlgorithm(type);
  const importAlg = type.startsWith('rsa') ? { name: alg.name, hash: 'SHA-256' } : type === 'ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: type === 'p256' ? 'P-256' : 'P-384' };
  const key = await crypto.subtle.importKey('spki', new Uint8Array(cert.publicKey.rawData), importAlg as never, true, ['verify']);
  return publicJwkOf(crypto, key);
}

export async function loadCa(crypto: Crypto, certPem: string, keyPemIn: string, passphrase?: string): Promise<LoadedCa> {
  const cert = parseCertPem(certPem, 'the CA certificate');
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) throw new IssueError(`the CA certificate (${cert.subject}) is not a CA: basicConstraints CA:TRUE is missing`);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) throw new IssueError(`the CA certificate (${cert.subject}) lacks keyUsage keyCertSign`);
  const keyType = certKeyType(cert);
  const keyPem = isEncryptedKeyPem(keyPemIn) && passphrase !== undefined ? await decryptPkcs8Pem(crypto, keyPemIn, passphrase, 'the CA key') : keyPemIn;
  const key = await importPkcs8Pem(crypto, keyPem, keyType, 'the CA key');
  if ((await publicJwkOf(crypto, key)) !== (await publicKeyJwk(crypto, cert, keyType))) {
    throw new IssueError('the CA key does not belong to the CA certificate');
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(cert.publicKey, false, crypto)).keyId;
  return { cert, key, keyType, keyId, sign: signingAlgorithm(keyType) };
}

export interface CertSpec {
  readonly subject: x509.Name;
  readonly publicKey: CryptoKey | x509.PublicKey;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly x509.Extension[];
}

/** Leaf/CA extensions in the order openssl prints them for its own configs. */
export function caExtensions(pathLen: number | undefined, ski: x509.SubjectKeyIdentifierExtension): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(true, pathLen, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    ski,
    new x509.AuthorityKeyIdentifierExtension(ski.keyId),
  ];
}

export function leafKeyUsage(type: KeyType): number {
  // keyEncipherment only for RSA (RSA key transport); EC and Ed25519 keys only sign.
  return x509.KeyUsageFlags.digitalSignature | (isRsa(type) ? x509.KeyUsageFlags.keyEncipherment : 0);
}

export interface LeafExtensionSpec {
  readonly keyType: KeyType;
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly dns: readonly string[];
  readonly ip: readonly string[];
  readonly uri?: readonly string[];
}

/** subjectAltName from validated names (DNS, IP, URI), not critical: the subject is not empty. */
export function sanExtension(s: { readonly dns: readonly string[]; readonly ip: readonly string[]; readonly uri?: readonly string[] }): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension([
    ...s.dns.map((value) => ({ type: 'dns' as const, value })),
    ...s.ip.map((value) => ({ type: 'ip' as const, value })),
    ...(s.uri ?? []).map((value) => ({ type: 'url' as const, value })),
  ]);
}

export async function leafExtensions(crypto: Crypto, spec: LeafExtensionSpec, publicKey: CryptoKey | x509.PublicKey, caKeyId: string): Promise<x509.Extension[]> {
  const eku: string[] = [];
  if (spec.serverAuth) eku.push(OID_SERVER_AUTH);
  if (spec.clientAuth) eku.push(OID_CLIENT_AUTH);
  const exts: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(leafKeyUsage(spec.keyType), true),
    new x509.ExtendedKeyUsageExtension(eku, false),
    await x509.SubjectKeyIdentifierExtension.create(publicKey as never, false, crypto),
    new x509.AuthorityKeyIdentifierExtension(caKeyId),
  ];
  if (spec.dns.length || spec.ip.length || spec.uri?.length) exts.push(sanExtension(spec));
  return exts;
}

export async function signCert(crypto: Crypto, spec: CertSpec, issuer: x509.Name, signingKey: CryptoKey, sign: { name: string; hash?: string }): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: spec.serial,
      subject: spec.subject,
      issuer,
      notBefore: spec.notBefore,
      notAfter: spec.notAfter,
      publicKey: spec.publicKey as never,
      signingKey,
      signingAlgorithm: sign as never,
      extensions: [...spec.extensions],
    },
    crypto,
  );
}

/** The issuer name exactly as the CA's subject DER (Go matches issuers byte for byte). */
export function issuerOf(ca: LoadedCa): x509.Name {
  return new x509.Name(ca.cert.subjectName.toArrayBuffer());
}

export function certPem(cert: x509.X509Certificate): string {
  return toPem('CERTIFICATE', cert.rawData);
}

/** True when `cert` was signed by the CA's key. */
export async function issuedBy(crypto: Crypto, cert: x509.X509Certificate, ca: LoadedCa): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }, crypto);
  } catch {
    return false;
  }
}

export { importPkcs8Pem };
