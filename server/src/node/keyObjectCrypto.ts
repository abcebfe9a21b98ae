/**
 * The WebCrypto the core gets in Node (nodeEnvironment's `crypto`): node:crypto's KeyObjects
 * behind the part of SubtleCrypto that issuing uses, everything else passed to Node's own
 * WebCrypto. Why: each WebCrypto call is a round trip through libuv's thread pool, and the
 * first one loads WebCrypto's own modules; one `certwright issue node` made nine such calls
 * (about 5 ms of a 100 ms process) for work that takes OpenSSL microseconds. The same
 * OpenSSL does the same operations here, synchronously, except RSA key generation, RSA signing
 * and every verification, which stay on the thread pool (seconds for RSA 4096, thousands of
 * checks in a workspace: the server must not stall).
 *
 * Handled: generateKey, importKey and exportKey (pkcs8, spki, jwk) of ECDSA P-256/P-384,
 * RSASSA-PKCS1-v1_5 and Ed25519 keys; sign and verify with them; digest (SHA family). Every
 * other call goes to WebCrypto, with a key of this module converted to a WebCrypto key first
 * (once), so that HMAC, PBKDF2, AES and the other algorithms behave exactly as WebCrypto's.
 */
import type * as NodeCrypto from 'node:crypto';
import type { webcrypto } from 'node:crypto';

type Subtle = webcrypto.SubtleCrypto;
type Alg = { name: string; namedCurve?: string; hash?: string | { name: string }; modulusLength?: number; publicExponent?: Uint8Array };

/** WebCrypto's curve names and OpenSSL's. */
const curves: Readonly<Record<string, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const digests: Readonly<Record<string, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** A key of this module: a KeyObject and what WebCrypto would record with it. */
class KeyObjectKey {
  readonly type: 'public' | 'private';
  /** The WebCrypto key made from it, when a call had to go to WebCrypto. */
  web?: Promise<webcrypto.CryptoKey>;
  constructor(
    readonly key: NodeCrypto.KeyObject,
    readonly algorithm: { name: string; namedCurve?: string; hash?: { name: string } },
    readonly extractable: boolean,
    readonly usages: readonly string[],
    /** An EC private key that OpenSSL writes in the plain PKCS #8 form (pkcs8Forms): generated here, or read in that form. */
    readonly plainPkcs8 = false,
  ) {
    this.type = key.type === 'private' ? 'private' : 'public';
  }
}

const nameOf = (alg: unknown): string => (typeof alg === 'string' ? alg : ((alg as Alg | undefined)?.name ?? '')).toUpperCase();
const hashName = (h: Alg['hash']): string | undefined => (typeof h === 'string' ? h : h?.name)?.toUpperCase();

/** The algorithm record of a key this module handles, or undefined (the call goes to WebCrypto). */
function handled(alg: unknown): KeyObjectKey['algorithm'] | undefined {
  const a = (typeof alg === 'string' ? { name: alg } : alg) as Alg;
  switch (nameOf(a)) {
    case 'ECDSA':
      return a.namedCurve && curves[a.namedCurve] ? { name: 'ECDSA', namedCurve: a.namedCurve } : undefined;
    case 'RSASSA-PKCS1-V1_5': {
      const hash = hashName(a.hash);
      return hash && digests[hash] ? { name: 'RSASSA-PKCS1-v1_5', hash: { name: hash } } : undefined;
    }
    case 'ED25519':
      return { name: 'Ed25519' };
    default:
      return undefined;
  }
}

/**
 * The SubjectPublicKeyInfo of an uncompressed point on a named curve is this prefix, 0x04, x
 * and y. OpenSSL's DER encoder and decoder take a few tenths of a millisecond for a key (its
 * provider look-ups); through x and y (JWK) node:crypto takes a few microseconds.
 */
const spkiPrefixes: Readonly<Record<string, { readonly prefix: Buffer; readonly size: number }>> = {
  'P-256': { prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), size: 32 },
  'P-384': { prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), size: 48 },
};

/** An EC public key's SPKI as the JWK node:crypto imports, undefined when it is not that plain form (it then goes through the DER decoder). */
function ecSpkiJwk(der: Buffer, curve: string): NodeCrypto.JsonWebKey | undefined {
  const form = spkiPrefixes[curve];
  if (!form || der.length !== form.prefix.length + 1 + 2 * form.size || !der.subarray(0, form.prefix.length).equals(form.prefix) || der[form.prefix.length] !== 4) return undefined;
  const at = form.prefix.length + 1;
  return { kty: 'EC', crv: curve, x: der.toString('base64url', at, at + form.size), y: der.toString('base64url', at + form.size) };
}

/** An EC public key's SPKI from its x and y (see spkiPrefixes). */
function ecSpki(key: NodeCrypto.KeyObject, curve: string): Buffer {
  const { x, y } = key.export({ format: 'jwk' });
  return Buffer.concat([spkiPrefixes[curve]!.prefix, Buffer.of(4), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')]);
}

/**
 * An EC private key's PKCS #8, as OpenSSL writes it (the curve in the algorithm, the public point
 * in the ECPrivateKey), is this prefix, d, this middle, 0x04, x and y. OpenSSL's decoder took
 * about 5 M instructions to read the CA key, its encoder 3 M to write a new key (a short
 * command's whole issuing is a few M more); through d, x and y (JWK) node:crypto takes a few
 * thousand. Any other form (no public point, explicit parameters...) goes through OpenSSL, both ways.
 */
const pkcs8Forms: Readonly<Record<string, { readonly prefix: Buffer; readonly middle: Buffer; readonly size: number }>> = {
  'P-256': { prefix: Buffer.from('308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420', 'hex'), middle: Buffer.from('a144034200', 'hex'), size: 32 },
  'P-384': { prefix: Buffer.from('3081b6020100301006072a8648ce3d020106052b8104002204819e30819b0201010430', 'hex'), middle: Buffer.from('a164036200', 'hex'), size: 48 },
};

/** An EC private key's PKCS #8 as the JWK node:crypto imports, undefined when it is not that plain form. */
function ecPkcs8Jwk(der: Buffer, curve: string): NodeCrypto.JsonWebKey | undefined {
  const form = pkcs8Forms[curve];
  if (!form) return undefined;
  const { prefix, middle, size } = form;
  const at = prefix.length + size + middle.length;
  if (der.length !== at + 1 + 2 * size || der[at] !== 4 || !der.subarray(0, prefix.length).equals(prefix) || !der.subarray(at - middle.length, at).equals(middle)) return undefined;
  return { kty: 'EC', crv: curve, d: der.toString('base64url', prefix.length, prefix.length + size), x: der.toString('base64url', at + 1, at + 1 + size), y: der.toString('base64url', at + 1 + size) };
}

/** An EC private key's PKCS #8 from d, x and y (see pkcs8Forms). */
function ecPkcs8(key: NodeCrypto.KeyObject, curve: string): Buffer {
  const form = pkcs8Forms[curve]!;
  const { d, x, y } = key.export({ format: 'jwk' });
  return Buffer.concat([form.prefix, Buffer.from(d!, 'base64url'), form.middle, Buffer.of(4), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')]);
}

/** An EC private key from its PKCS #8 through its JWK where it has the plain form; undefined (OpenSSL's decoder then reads it) otherwise or when node:crypto refuses the JWK. */
function ecPrivateKey(nodeCrypto: typeof NodeCrypto, der: Buffer, curve: string): NodeCrypto.KeyObject | undefined {
  const jwk = ecPkcs8Jwk(der, curve);
  if (!jwk) return undefined;
  try {
    return nodeCrypto.createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** WebCrypto's DataError for a key that is not of the algorithm asked for. */
const dataError = (what: string): Error => Object.assign(new Error(what), { name: 'DataError' });

/** The checks WebCrypto's import makes: the key's type and curve are the algorithm's. */
/**
 * Ed448 and X448 keys, read with node:crypto: Node 20's WebCrypto calls these algorithms
 * experimental and prints a warning on stderr at their first use (a workspace with such a key
 * made the language server write to stderr). Signing, verifying and deriving with them work as
 * with Ed25519 keys, or go to WebCrypto.
 */
const okpKeys: Readonly<Record<string, { name: string; type: string }>> = { ED448: { name: 'Ed448', type: 'ed448' }, X448: { name: 'X448', type: 'x448' } };

function checkKind(key: NodeCrypto.KeyObject, alg: KeyObjectKey['algorithm']): void {
  const type = key.asymmetricKeyType;
  const ok = alg.name === 'ECDSA' ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === curves[alg.namedCurve!] : alg.name === 'Ed25519' ? type === 'ed25519' : type === 'rsa';
  if (!ok) throw dataError(`the key is not a ${alg.namedCurve ?? alg.name} key`);
}

const integerArray = (a: unknown): a is NodeJS.TypedArray =>
  a instanceof Int8Array || a instanceof Uint8Array || a instanceof Uint8ClampedArray || a instanceof Int16Array || a instanceof Uint16Array || a instanceof Int32Array || a instanceof Uint32Array || a instanceof BigInt64Array || a instanceof BigUint64Array;

const toBuffer = (data: unknown): Buffer => (ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data as ArrayBuffer));
const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * How node:crypto signs or verifies with `key` for WebCrypto's `alg`: the digest (RSA: the one
 * bound to the key at import, as in WebCrypto) and, for ECDSA, WebCrypto's r || s form (IEEE
 * P1363) instead of DER. Undefined when the algorithm is not the key's (WebCrypto's error follows).
 */
function signing(alg: unknown, key: KeyObjectKey): { hash: string | null; key: NodeCrypto.SignKeyObjectInput; rsa: boolean } | undefined {
  if (nameOf(alg) !== nameOf(key.algorithm)) return undefined;
  if (key.algorithm.name === 'Ed25519' || key.algorithm.name === 'Ed448') return { hash: null, key: { key: key.key }, rsa: false };
  if (key.algorithm.name === 'X448') return undefined;
  if (key.algorithm.name === 'ECDSA') {
    const hash = digests[hashName((alg as Alg).hash) ?? ''];
    return hash ? { hash, key: { key: key.key, dsaEncoding: 'ieee-p1363' }, rsa: false } : undefined;
  }
  return { hash: digests[key.algorithm.hash!.name]!, key: { key: key.key }, rsa: true };
}

export function keyObjectCrypto(nodeCrypto: typeof NodeCrypto): webcrypto.Crypto {
  let webSubtle: Subtle | undefined;
  const web = (): Subtle => (webSubtle ??= nodeCrypto.webcrypto.subtle);

  /** A key of this module as a WebCrypto key (for verify and anything else this module leaves to WebCrypto). */
  const asWeb = (k: unknown): unknown => {
    if (!(k instanceof KeyObjectKey)) return k;
    k.web ??= web().importKey(
      k.type === 'private' ? 'pkcs8' : 'spki',
      k.key.export({ format: 'der', type: k.type === 'private' ? 'pkcs8' : 'spki' }),
      k.algorithm as never,
      k.extractable,
      k.usages as webcrypto.KeyUsage[],
    );
    return k.web;
  };
  /** Calls WebCrypto's `method`, with this module's keys converted. */
  const delegate =
    (method: keyof Subtle) =>
    async (...args: unknown[]): Promise<unknown> =>
      (web()[method] as (...a: unknown[]) => Promise<unknown>).apply(web(), await Promise.all(args.map(asWeb)));

  const generateKeyPair = (alg: KeyObjectKey['algorithm'], modulusLength: number): Promise<{ publicKey: NodeCrypto.KeyObject; privateKey: NodeCrypto.KeyObject }> => {
    if (alg.name === 'ECDSA') return Promise.resolve(nodeCrypto.generateKeyPairSync('ec', { namedCurve: curves[alg.namedCurve!]! }));
    if (alg.name === 'Ed25519') return Promise.resolve(nodeCrypto.generateKeyPairSync('ed25519'));
    // RSA: the prime search runs on the thread pool, as WebCrypto's does.
    return new Promise((resolve, reject) => nodeCrypto.generateKeyPair('rsa', { modulusLength, publicExponent: 0x10001 }, (e, publicKey, privateKey) => (e ? reject(e) : resolve({ publicKey, privateKey }))));
  };

  const subtle = {
    async generateKey(alg: unknown, extractable: boolean, usages: readonly string[]): Promise<unknown> {
      const a = handled(alg);
      const exponent = (alg as Alg).publicExponent;
      const e65537 = !exponent || (exponent.length === 3 && exponent[0] === 1 && exponent[1] === 0 && exponent[2] === 1);
      if (!a || !e65537) return delegate('generateKey')(alg, extractable, usages);
      const pair = await generateKeyPair(a, (alg as Alg).modulusLength ?? 2048);
      // WebCrypto's split of the usages between the halves; the public half is always extractable.
      return {
        publicKey: new KeyObjectKey(pair.publicKey, a, true, usages.filter((u) => u === 'verify')),
        privateKey: new KeyObjectKey(pair.privateKey, a, extractable, usages.filter((u) => u === 'sign'), a.name === 'ECDSA'),
      };
    },
    async importKey(format: string, data: unknown, alg: unknown, extractable: boolean, usages: readonly string[]): Promise<unknown> {
      const okp = okpKeys[nameOf(alg)];
      if (okp && (format === 'pkcs8' || format === 'spki')) {
        let key: NodeCrypto.KeyObject;
        try {
          key = format === 'pkcs8' ? nodeCrypto.createPrivateKey({ key: toBuffer(data), format: 'der', type: 'pkcs8' }) : nodeCrypto.createPublicKey({ key: toBuffer(data), format: 'der', type: 'spki' });
        } catch (e) {
          throw dataError(e instanceof Error ? e.message : String(e));
        }
        if (key.asymmetricKeyType !== okp.type) throw dataError(`the key is not an ${okp.name} key`);
        return new KeyObjectKey(key, { name: okp.name }, extractable, usages);
      }
      const a = handled(alg);
      // Usages that do not fit the key (sign with a public key...) get WebCrypto's own error.
      const fits = usages.every((u) => u === (format === 'pkcs8' ? 'sign' : 'verify'));
      if (!a || !fits || (format !== 'pkcs8' && format !== 'spki')) return delegate('importKey')(format, data, alg, extractable, usages);
      let key: NodeCrypto.KeyObject;
      let plain: NodeCrypto.KeyObject | undefined;
      try {
        const der = toBuffer(data);
        const jwk = format === 'spki' && a.namedCurve ? ecSpkiJwk(der, a.namedCurve) : undefined;
        plain = format === 'pkcs8' && a.namedCurve ? ecPrivateKey(nodeCrypto, der, a.namedCurve) : undefined;
        key =
          format === 'pkcs8'
            ? (plain ?? nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
            : nodeCrypto.createPublicKey(jwk ? { key: jwk, format: 'jwk' } : { key: der, format: 'der', type: 'spki' });
      } catch (e) {
        throw dataError(e instanceof Error ? e.message : String(e));
      }
      checkKind(key, a);
      return new KeyObjectKey(key, a, extractable, usages, plain !== undefined);
    },
    async exportKey(format: string, key: unknown): Promise<unknown> {
      if (!(key instanceof KeyObjectKey)) return delegate('exportKey')(format, key);
      if (!key.extractable) throw Object.assign(new Error('key is not extractable'), { name: 'InvalidAccessError' });
      if (format === 'jwk') return key.key.export({ format: 'jwk' });
      if (format === 'spki' && key.type === 'public' && key.algorithm.namedCurve) return arrayBuffer(ecSpki(key.key, key.algorithm.namedCurve));
      if (format === 'pkcs8' && key.plainPkcs8) return arrayBuffer(ecPkcs8(key.key, key.algorithm.namedCurve!));
      if ((format === 'pkcs8' && key.type === 'private') || (format === 'spki' && key.type === 'public')) return arrayBuffer(key.key.export({ format: 'der', type: format }));
      return delegate('exportKey')(format, key);
    },
    async sign(alg: unknown, key: unknown, data: unknown): Promise<ArrayBuffer> {
      const how = key instanceof KeyObjectKey && key.type === 'private' ? signing(alg, key) : undefined;
      if (!how) return delegate('sign')(alg, key, data) as Promise<ArrayBuffer>;
      const bytes = toBuffer(data);
      // RSA on the thread pool, as WebCrypto does; ECDSA and Ed25519 take microseconds.
      if (how.rsa) return new Promise((resolve, reject) => nodeCrypto.sign(how.hash, bytes, how.key, (e, sig) => (e ? reject(e) : resolve(arrayBuffer(sig)))));
      return arrayBuffer(nodeCrypto.sign(how.hash, bytes, how.key));
    },
    async verify(alg: unknown, key: unknown, signature: unknown, data: unknown): Promise<boolean> {
      const how = key instanceof KeyObjectKey && key.type === 'public' ? signing(alg, key) : undefined;
      if (!how) return delegate('verify')(alg, key, signature, data) as Promise<boolean>;
      // On the thread pool, as WebCrypto does: a server checking thousands of signatures keeps answering.
      return new Promise((resolve, reject) => nodeCrypto.verify(how.hash, toBuffer(data), how.key, toBuffer(signature), (e, ok) => (e ? reject(e) : resolve(ok))));
    },
    async digest(alg: unknown, data: unknown): Promise<ArrayBuffer> {
      const hash = digests[nameOf(alg)];
      if (!hash) return delegate('digest')(alg, data) as Promise<ArrayBuffer>;
      return arrayBuffer(nodeCrypto.createHash(hash).update(toBuffer(data)).digest());
    },
    encrypt: delegate('encrypt'),
    decrypt: delegate('decrypt'),
    deriveBits: delegate('deriveBits'),
    deriveKey: delegate('deriveKey'),
    wrapKey: delegate('wrapKey'),
    unwrapKey: delegate('unwrapKey'),
  };
  return {
    subtle: subtle as unknown as Subtle,
    // randomFillSync: node:crypto's getRandomValues loads WebCrypto's modules first. Anything
    // WebCrypto refuses (a float array, more than 65536 bytes) goes to it for its own error.
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T =>
      (integerArray(array) && array.byteLength <= 65536 ? nodeCrypto.randomFillSync(array) : nodeCrypto.webcrypto.getRandomValues(array as never)) as T,
    randomUUID: () => nodeCrypto.randomUUID(),
  } as webcrypto.Crypto;
}
