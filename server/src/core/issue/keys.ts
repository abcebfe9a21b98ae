/**
 * Key pairs through the injected WebCrypto (async: RSA prime search runs on
 * libuv's threadpool, never on the caller's thread). Private keys leave as
 * PKCS#8 PEM only.
 */
import { IssueError, type KeyType } from './types';
import { traditionalToPkcs8 } from './traditionalKey';

import type { webcrypto } from 'node:crypto';
import { tr } from '../l10n';

type Crypto = webcrypto.Crypto;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export type { Crypto, CryptoKey, CryptoKeyPair };

const E65537 = new Uint8Array([1, 0, 1]);

/** WebCrypto algorithm for generating/importing a key of this type (signing use). */
export function keyAlgorithm(type: KeyType): { name: string; [k: string]: unknown } {
  switch (type) {
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return { name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(type.slice(3)), publicExponent: E65537, hash: 'SHA-256' };
    case 'p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/** Signature algorithm a key of this type signs certificates with. */
export function signingAlgorithm(type: KeyType): { name: string; hash?: string } {
  switch (type) {
    case 'p256':
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'p384':
      return { name: 'ECDSA', hash: 'SHA-384' };
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  }
}

export function isRsa(type: KeyType): boolean {
  return type.startsWith('rsa');
}

export async function generateKeyPair(crypto: Crypto, type: KeyType): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(keyAlgorithm(type) as never, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/**
 * Generates several key pairs with at most `concurrency` RSA jobs at once
 * (perf-baseline.md: 2 keeps the shared threadpool responsive and uses both cores).
 */
export async function generateKeyPairs(crypto: Crypto, types: readonly KeyType[], concurrency = 2): Promise<CryptoKeyPair[]> {
  const out: CryptoKeyPair[] = new Array(types.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < types.length) {
      const i = next++;
      out[i] = await generateKeyPair(crypto, types[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, types.length)) }, worker));
  return out;
}

export function toPem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of the first PEM block with this label, or undefined. */
export function fromPem(pem: string, label: string): Uint8Array | undefined {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`);
  const m = re.exec(pem);
  if (!m) return undefined;
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/**
 * 600 000 PBKDF2-HMAC-SHA256 iterations: OWASP's figure for SHA-256 (2023); OpenSSL's own
 * default is 2048. About half a second per use, paid once per command.
 */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/** True for a PEM that holds an encrypted private key of either kind. */
export function isEncryptedKeyPem(pem: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

export async function exportPkcs8Pem(crypto: Crypto, key: CryptoKey): Promise<string> {
  return toPem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', key));
}

const OID_RSA = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384 = [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_ED25519 = [0x06, 0x03, 0x2b, 0x65, 0x70];

function contains(hay: Uint8Array, needle: readonly number[], limit = 64): boolean {
  const end = Math.min(hay.length - needle.length, limit);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Key type of a SubjectPublicKeyInfo or PKCS#8 structure (RSA size from the modulus). */
export function keyTypeOfDer(der: Uint8Array, rsaBits?: number): KeyType | undefined {
  if (contains(der, OID_ED25519, 24)) return 'ed25519';
  if (contains(der, OID_EC)) {
    if (contains(der, OID_P256)) return 'p256';
    if (contains(der, OID_P384)) return 'p384';
    return undefined;
  }
  if (contains(der, OID_RSA)) {
    const bits = rsaBits ?? 2048;
    return bits <= 2048 ? 'rsa2048' : bits <= 3072 ? 'rsa3072' : 'rsa4096';
  }
  return undefined;
}

/** Imports a PKCS#8 PEM private key for signing; the type comes from the matching certificate's SPKI. */
export async function importPkcs8Pem(crypto: Crypto, pem: string, type: KeyType, what: string): Promise<CryptoKey> {
  if (/ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(pem)) throw new IssueError(tr`${what} is encrypted: give its passphrase (--passin env:VAR or file:PATH)`);
  // The traditional formats (cockroach cert, openssl genrsa -traditional) are wrapped in memory.
  const der = fromPem(pem, 'PRIVATE KEY') ?? traditionalToPkcs8(fromPem(pem, 'RSA PRIVATE KEY'), fromPem(pem, 'EC PRIVATE KEY'), what);
  if (!der) throw new IssueError(tr`${what} is not a PEM private key (PKCS#8 "PRIVATE KEY", or "RSA PRIVATE KEY" / "EC PRIVATE KEY")`);
  const alg = keyAlgorithm(type);
  const { modulusLength: _m, publicExponent: _e, ...importAlg } = alg;
  try {
    return await crypto.subtle.importKey('pkcs8', der, importAlg as never, true, ['sign']);
  } catch {
    throw new IssueError(tr`${what} could not be read as a ${type} key (does it belong to the certificate?)`);
  }
}

/** Public half of a private key as JWK fields, for key/certificate matching. */
export async function publicJwkOf(crypto: Crypto, key: CryptoKey): Promise<string> {
  const jwk = (await crypto.subtle.exportKey('jwk', key)) as Record<string, unknown>;
  return JSON.stringify([jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y]);
}
