import * as crypto from 'node:crypto';
import type { AlgorithmId, PkiCrypto } from '../core/pki/parse';
import { readPssParams } from '../core/pem/decode';
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

/** node:crypto's digest name and key (with RSASSA-PSS padding) for a signature algorithm; undefined when unsupported. */
function verifyKey(alg: AlgorithmId, spki: Uint8Array): { digest: string | null; key: crypto.KeyObject | crypto.VerifyKeyObjectInput } | undefined {
  const key = publicKey(spki);
  if (alg.oid !== rsaPss) return { digest: signatureDigests[alg.oid] ?? null, key };
  const p = readPssParams(alg.params);
  const hash = nodeDigests[p.hash];
  return hash ? { digest: hash, key: { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength } } : undefined;
}

/**
 * Who gives nodePkiCrypto.verify's verdicts, as the verdicts kept between sessions name it (node/verdictStore):
 * a verdict of another OpenSSL, or of a revision of verify that accepts other signatures, is not reused.
 * Raise the revision whenever verify or verifyKey changes which signatures pass.
 */
export function nodeVerifier(): string {
  return `certwright verify r1, OpenSSL ${process.versions.openssl}`; // read when asked, not at load (test/unit/cli/loadTimeState.test.ts)
}

/** node:crypto implementation of the PKI module's crypto. */
export const nodePkiCrypto: PkiCrypto = {
  digest: (algorithm, data) => crypto.createHash(algorithm).update(data).digest(),
  hash: (algorithm, data) => crypto.createHash(algorithm).update(data).digest(),
  verify(alg: AlgorithmId, spki, signed, signature) {
    try {
      const v = verifyKey(alg, spki);
      return v ? crypto.verify(v.digest, signed, v.key, signature) : false;
    } catch {
      return false;
    }
  },
  // With a callback, node:crypto hashes and verifies in libuv's thread pool.
  verifyAsync(alg: AlgorithmId, spki, signed, signature) {
    return new Promise((resolve) => {
      try {
        const v = verifyKey(alg, spki);
        if (!v) return resolve(false);
        crypto.verify(v.digest, signed, v.key, signature, (err, ok) => resolve(!err && ok));
      } catch {
        resolve(false);
      }
    });
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
