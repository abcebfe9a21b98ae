/**
 * Passphrase-protected private keys: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (RFC 8018),
 * the format `openssl pkey -aes256`, `openssl genpkey -aes256` and easy-rsa write and
 * `openssl pkey -passin` reads. Written with PBKDF2-HMAC-SHA256 at a strong iteration
 * count and AES-256-CBC; read with PBKDF2 (HMAC-SHA1/256/384/512) and AES-128/192/256-CBC,
 * and DES-EDE3-CBC: what `openssl req -keyout` encrypts with by default, so every
 * encrypted CA easy-rsa 3.1 builds (des.js, as WebCrypto has no triple DES).
 * Everything runs on the injected WebCrypto (the derivation is off the caller's thread).
 * The ASN.1 goes through @peculiar/asn1-schema, the library @peculiar/x509 is built on; the
 * issuing code loads this module on first use (`await import`), since only a passphrase needs it.
 */
import { AsnConvert, AsnIntegerConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { DEFAULT_PBKDF2_ITERATIONS, fromPem, toPem, type Crypto } from './keys';
import { IssueError } from './types';
import { CBC, EDE } from 'des.js';
import { tr } from '../l10n';

export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const OID_SCRYPT = '1.3.6.1.4.1.11591.4.11';
const prfs: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};
const OID_HMAC_SHA256 = '1.2.840.113549.2.9';
const ciphers: Readonly<Record<string, number>> = {
  '2.16.840.1.101.3.4.1.2': 16,
  '2.16.840.1.101.3.4.1.22': 24,
  '2.16.840.1.101.3.4.1.42': 32,
};
const OID_AES256_CBC = '2.16.840.1.101.3.4.1.42';
const OID_DES_EDE3_CBC = '1.2.840.113549.3.7';

/** Above this a key file is hostile (or a mistake): refuse rather than spin for minutes. */
const MAX_ITERATIONS = 10_000_000;

@AsnType({ type: AsnTypeTypes.Sequence })
export class Pbkdf2Params {
  @AsnProp({ type: AsnPropTypes.OctetString })
  salt = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerConverter })
  iterationCount = 0;

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerConverter, optional: true })
  keyLength?: number;

  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  prf?: AlgorithmIdentifier;
}

@AsnType({ type: AsnTypeTypes.Sequence })
export class Pbes2Params {
  @AsnProp({ type: AlgorithmIdentifier })
  keyDerivationFunc = new AlgorithmIdentifier();

  @AsnProp({ type: AlgorithmIdentifier })
  encryptionScheme = new AlgorithmIdentifier();
}

const buf = (b: ArrayBuffer | Uint8Array): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** A PBKDF2-derived AES key (the caller's WebCrypto does the work). */
async function deriveKey(crypto: Crypto, passphrase: string, salt: Uint8Array, iterations: number, hash: string, length: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', salt, iterations, hash }, base, { name: 'AES-CBC', length: length * 8 }, false, ['encrypt', 'decrypt']);
}
/** PBKDF2-derived key bytes, for a cipher WebCrypto does not have. */
async function deriveBits(crypto: Crypto, passphrase: string, salt: Uint8Array, iterations: number, hash: string, length: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations, hash }, base, length * 8));
}

function desEde3CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const d = CBC.instantiate(EDE).create({ type: 'decrypt', key, iv, padding: false });
  return Uint8Array.from([...d.update(data), ...d.final()]);
}

/** PKCS#7 padding removed; undefined when it is not padding (a wrong passphrase, nearly always). */
function unpad(plain: Uint8Array, block: number): Uint8Array | undefined {
  const n = plain[plain.length - 1] ?? 0;
  if (n < 1 || n > block || n > plain.length) return undefined;
  for (let i = plain.length - n; i < plain.length; i++) if (plain[i] !== n) return undefined;
  return plain.subarray(0, plain.length - n);
}

type CryptoKey = Awaited<ReturnType<Crypto['subtle']['importKey']>>;

/** Encrypts an unencrypted PKCS#8 (DER) into an "ENCRYPTED PRIVATE KEY" PEM. */
export async function encryptPkcs8(crypto: Crypto, pkcs8: Uint8Array, passphrase: string, iterations = DEFAULT_PBKDF2_ITERATIONS): Promise<string> {
  if (!passphrase) throw new IssueError(tr`the passphrase is empty`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(crypto, passphrase, salt, iterations, 'SHA-256', 32);
  const encrypted = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, pkcs8));
  const kdf = new Pbkdf2Params();
  kdf.salt = salt.slice().buffer;
  kdf.iterationCount = iterations;
  kdf.prf = new AlgorithmIdentifier({ algorithm: OID_HMAC_SHA256, parameters: null });
  const params = new Pbes2Params();
  params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: OID_PBKDF2, parameters: AsnConvert.serialize(kdf) });
  params.encryptionScheme = new AlgorithmIdentifier({ algorithm: OID_AES256_CBC, parameters: AsnConvert.serialize(new OctetString(iv)) });
  const info = new EncryptedPrivateKeyInfo({ encryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID_PBES2, parameters: AsnConvert.serialize(params) }) });
  info.encryptedData = new OctetString(encrypted) as never;
  return toPem('ENCRYPTED PRIVATE KEY', AsnConvert.serialize(info));
}

/** Encrypts an unencrypted PKCS#8 PEM. */
export async function encryptPkcs8Pem(crypto: Crypto, pem: string, passphrase: string, iterations?: number): Promise<string> {
  const der = fromPem(pem, 'PRIVATE KEY');
  if (!der) throw new IssueError(tr`only an unencrypted PKCS#8 key can be encrypted`);
  return encryptPkcs8(crypto, der, passphrase, iterations);
}

/**
 * Decrypts an "ENCRYPTED PRIVATE KEY" PEM into an unencrypted PKCS#8 PEM. `what` names
 * the key in messages. A wrong passphrase is told apart from an unsupported scheme.
 */
export async function decryptPkcs8Pem(crypto: Crypto, pem: string, passphrase: string, what: string): Promise<string> {
  if (/Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new IssueError(tr`${what} is encrypted in the traditional OpenSSL format (Proc-Type: 4,ENCRYPTED); convert it once to PKCS#8 with: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 600000 -in KEY -out KEY.new`);
  }
  const der = fromPem(pem, 'ENCRYPTED PRIVATE KEY');
  if (!der) throw new IssueError(tr`${what} is not an encrypted PKCS#8 key`);
  let info: EncryptedPrivateKeyInfo;
  let params: Pbes2Params;
  try {
    info = AsnConvert.parse(der, EncryptedPrivateKeyInfo);
    if (info.encryptionAlgorithm.algorithm !== OID_PBES2) throw new IssueError(tr`${what} uses the PKCS#5 v1 / PKCS#12 scheme ${info.encryptionAlgorithm.algorithm}; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000`);
    params = AsnConvert.parse(info.encryptionAlgorithm.parameters!, Pbes2Params);
  } catch (e) {
    if (e instanceof IssueError) throw e;
    throw new IssueError(tr`${what} is not a readable encrypted PKCS#8 key: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (params.keyDerivationFunc.algorithm === OID_SCRYPT) throw new IssueError(tr`${what} is encrypted with scrypt, which Certwright does not read; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 600000`);
  if (params.keyDerivationFunc.algorithm !== OID_PBKDF2) throw new IssueError(tr`${what} uses the key derivation ${params.keyDerivationFunc.algorithm}, which Certwright does not read`);
  const kdf = AsnConvert.parse(params.keyDerivationFunc.parameters!, Pbkdf2Params);
  const hash = prfs[kdf.prf?.algorithm ?? '1.2.840.113549.2.7'];
  const tripleDes = params.encryptionScheme.algorithm === OID_DES_EDE3_CBC;
  const keyLength = tripleDes ? 24 : ciphers[params.encryptionScheme.algorithm];
  if (!hash) throw new IssueError(tr`${what} uses the PBKDF2 function ${kdf.prf?.algorithm}, which Certwright does not read`);
  if (!keyLength) throw new IssueError(tr`${what} is encrypted with ${params.encryptionScheme.algorithm}; Certwright reads AES-CBC and DES-EDE3-CBC (re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000)`);
  if (kdf.iterationCount < 1 || kdf.iterationCount > MAX_ITERATIONS) throw new IssueError(tr`${what} asks for ${kdf.iterationCount} PBKDF2 iterations; refused (at most ${MAX_ITERATIONS})`);
  const iv = buf(AsnConvert.parse(params.encryptionScheme.parameters!, OctetString).buffer);
  const data = buf(info.encryptedData.buffer);
  let plain: Uint8Array | undefined;
  if (tripleDes) {
    if (iv.length !== 8 || data.length === 0 || data.length % 8) throw new IssueError(tr`${what} is not a readable encrypted PKCS#8 key: a DES-EDE3-CBC IV has 8 bytes and the data whole blocks`);
    plain = unpad(desEde3CbcDecrypt(await deriveBits(crypto, passphrase, buf(kdf.salt), kdf.iterationCount, hash, 24), iv, data), 8);
  } else {
    const key = await deriveKey(crypto, passphrase, buf(kdf.salt), kdf.iterationCount, hash, keyLength);
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, data));
    } catch {
      plain = undefined;
    }
  }
  if (!plain) throw new IssueError(tr`wrong passphrase for ${what}`);
  // A wrong passphrase passes the padding check about once in 256: the result is then not a SEQUENCE.
  if (plain[0] !== 0x30) throw new IssueError(tr`wrong passphrase for ${what}`);
  return toPem('PRIVATE KEY', plain);
}
