import * as crypto from 'node:crypto';
import type { AlgorithmId, PkiCrypto } from '../core/pki/parse';
import { signatureAlgorithms } from '../core/pem/oids';

/** node:crypto's digest for each signature algorithm that has one (MD2 and friends left out on purpose). */
const nodeDigests: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const signatureDigests: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(signatureAlgorithms).flatMap(([oid, a]) => (a.hash && nodeDigests[a.hash] ? [[oid, nodeDigests[a.hash]]] : [])),
);

const rsaPss = '1.2.840.113549.1.1.10';
const keyCache = new Map<string, crypto.KeyObject>();

function publicKey(spki: Uint8Array): crypto.KeyObject {
  const id = Buffer.from(spki).toString('base64');
  let k = keyCache.get(id);
  if (!k) {
    k = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(id, k);
  }
  return k;
}

/** Reads RSASSA-PSS parameters (hash and salt length) from their DER. */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  const out = { hash: 'sha1', saltLength: 20 };
  if (!params) return out;
  const hashes: Record<string, string> = { '608648016503040201': 'sha256', '608648016503040202': 'sha384', '608648016503040203': 'sha512', '2b0e03021a': 'sha1' };
  const hex = Buffer.from(params).toString('hex');
  for (const [oidHex, name] of Object.entries(hashes)) {
    if (hex.includes(`a00f300d0609${oidHex}`) || hex.includes(`a00b300906052b0e03021a`) || hex.includes(`a00d300b0609${oidHex}`)) {
      out.hash = name;
      break;
    }
  }
  const salt = /a2030201([0-9a-f]{2})/.exec(hex);
  if (salt) out.saltLength = parseInt(salt[1]!, 16);
  return out;
}

/** node:crypto implementation of the PKI module's synchronous crypto. */
export const nodePkiCrypto: PkiCrypto = {
  digest: (algorithm, data) => crypto.createHash(algorithm).update(data).digest(),
  hash: (algorithm, data) => crypto.createHash(algorithm).update(data).digest(),
  verify(alg: AlgorithmId, spki, signed, signature) {
    try {
      const key = publicKey(spki);
      if (alg.oid === rsaPss) {
        const p = pssParams(alg.params);
        return crypto.verify(p.hash, signed, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, signature);
      }
      const digest = signatureDigests[alg.oid];
      return crypto.verify(digest ?? null, signed, key, signature);
    } catch {
      return false;
    }
  },
  publicKeyOfPrivateKey(der, format) {
    try {
      const key = crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: format });
      return new Uint8Array(crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }));
    } catch {
      return undefined;
    }
  },
  pbkdf2: (password, salt, iterations, keyLength, hash) => crypto.pbkdf2Sync(password, salt, iterations, keyLength, hash),
  decrypt(cipher, key, iv, data) {
    const d = crypto.createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  },
  hmac: (hash, key, data) => crypto.createHmac(hash, key).update(data).digest(),
};
