/**
 * PKCS#12 (`.p12`, `.pfx`): a listing that needs no password (bag types,
 * friendly names, how each part is protected), and decryption with a password
 * for PBES2 (PBKDF2 + AES-CBC, OpenSSL 3's default) and, where the host's
 * crypto still offers the cipher, the legacy PKCS#12 PBE schemes (3DES, RC2).
 * Only public data leaves this module: certificates, and the public half of
 * private keys. The password is used for one call and never kept.
 */
import { bytesOf as bytes, children, concat, DerError, readOid, readSmallInt, readString, readTlv, TAG, type Tlv } from '../pem/der';
import { toHex } from '../pem/hash';
import type { PkiCrypto } from './parse';
import { tr } from '../l10n';

const O = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1Rc2_128: '1.2.840.113549.1.12.1.5',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1TwoKeyDes: '1.2.840.113549.1.12.1.4',
} as const;

const hashes: Readonly<Record<string, { name: string; v: number; u: number }>> = {
  '1.3.14.3.2.26': { name: 'sha1', v: 64, u: 20 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', v: 64, u: 28 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', v: 64, u: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', v: 128, u: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', v: 128, u: 64 },
};
const prfs: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const ciphers: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
const legacy: Readonly<Record<string, { name: string; label: string; keyLength: number; ivLength: number }>> = {
  [O.pbeSha1TripleDes]: { name: 'des-ede3-cbc', label: 'pbeWithSHA1And3-KeyTripleDES-CBC', keyLength: 24, ivLength: 8 },
  [O.pbeSha1TwoKeyDes]: { name: 'des-ede-cbc', label: 'pbeWithSHA1And2-KeyTripleDES-CBC', keyLength: 16, ivLength: 8 },
  [O.pbeSha1Rc2_40]: { name: 'rc2-40-cbc', label: 'pbeWithSHA1And40BitRC2-CBC', keyLength: 5, ivLength: 8 },
  [O.pbeSha1Rc2_128]: { name: 'rc2-cbc', label: 'pbeWithSHA1And128BitRC2-CBC', keyLength: 16, ivLength: 8 },
};

export type BagType = 'certificate' | 'privateKey' | 'encryptedPrivateKey' | 'crl' | 'secret' | 'other';

export interface Pkcs12Bag {
  readonly type: BagType;
  readonly friendlyName?: string;
  readonly localKeyId?: string;
  /** Certificate DER (certificate bags only). */
  readonly der?: Uint8Array;
  /** How an encrypted private key is protected. */
  readonly protection?: string;
}

export interface Pkcs12Part {
  /** `plain` parts can be read without the password. */
  readonly kind: 'plain' | 'encrypted' | 'enveloped';
  /** For encrypted parts: the scheme, e.g. `PBES2 PBKDF2-hmacWithSHA256 AES-256-CBC, 2048 iterations`. */
  readonly protection?: string;
  /** Whether this module can decrypt it. */
  readonly supported: boolean;
  /** The bags, when readable without the password. */
  readonly bags?: readonly Pkcs12Bag[];
}

export interface Pkcs12Listing {
  readonly version: number;
  readonly mac?: { readonly algorithm: string; readonly iterations: number };
  readonly parts: readonly Pkcs12Part[];
  /** Whether every part uses a scheme this module can decrypt. */
  readonly supported: boolean;
}

export interface Pkcs12Contents {
  readonly listing: Pkcs12Listing;
  readonly macVerified: boolean;
  /** Every bag, decrypted; private keys as their PKCS#8 DER only inside this result (callers keep the public half). */
  readonly bags: readonly (Pkcs12Bag & { readonly pkcs8?: Uint8Array })[];
}

export class Pkcs12Error extends Error {
  constructor(message: string, readonly reason: 'wrongPassword' | 'unsupported' | 'malformed') {
    super(message);
  }
}

/** Iteration counts above this are refused (a corrupted or hostile file must not hang the server). */
export const maxIterations = 1_000_000;

/**
 * Key-derivation rounds one file may cost in all (MAC, every PBKDF2 and legacy
 * derivation): a crafted file with ten bags at the per-derivation maximum must
 * not take minutes. Real files use 2,048 (OpenSSL) to a few hundred thousand.
 */
export const maxWorkIterations = 4_000_000;

function checkIterations(n: number): number {
  if (n < 1 || n > maxIterations) throw new Pkcs12Error(tr`iteration count ${n} is outside 1..${maxIterations}`, 'unsupported');
  return n;
}

/** The rounds left for one decode; `spend` refuses the derivation that would exceed them. */
class WorkBudget {
  private left: number;
  constructor(private readonly limit: number) {
    this.left = limit;
  }
  spend(n: number): void {
    this.left -= n;
    if (this.left < 0) throw new Pkcs12Error(tr`the file needs more than ${this.limit.toLocaleString('en-US')} key-derivation rounds in all; it is not decrypted (a file made to exhaust the server?)`, 'unsupported');
  }
}

export function isPkcs12(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0);
    const [version, authSafe] = children(der, top);
    if (!version || version.tag !== TAG.INTEGER || readSmallInt(der, version) !== 3 || !authSafe || authSafe.tag !== TAG.SEQUENCE) return false;
    const [oid] = children(der, authSafe);
    return !!oid && oid.tag === TAG.OID && readOid(der, oid) === O.data;
  } catch {
    return false;
  }
}

interface Raw {
  version: number;
  authSafe: Uint8Array;
  mac?: { hash: string; digest: Uint8Array; salt: Uint8Array; iterations: number };
  contentInfos: Array<{ type: string; content?: Tlv }>;
  der: Uint8Array;
}

function octets(b: Uint8Array, t: Tlv, depth = 0): Uint8Array {
  if (t.tag === TAG.OCTET_STRING) return bytes(b, t);
  if ((t.tag === (TAG.OCTET_STRING | 0x20) || t.tag === 0xa0) && depth < 8) {
    // BER constructed OCTET STRING (some producers): concatenate the pieces (a few levels at most, so a hostile nesting cannot exhaust the stack).
    return concat(children(b, t).map((c) => octets(b, c, depth + 1)));
  }
  throw new DerError('expected an OCTET STRING', t.start);
}

function readPfx(der: Uint8Array): Raw {
  const top = readTlv(der, 0);
  const [versionTlv, authSafeTlv, macTlv] = children(der, top);
  if (!versionTlv || !authSafeTlv) throw new DerError('PFX is incomplete', top.start);
  const [oid, explicit] = children(der, authSafeTlv);
  if (!oid || readOid(der, oid) !== O.data || !explicit) throw new DerError('PFX authSafe is not a data ContentInfo (public-key integrity mode is not supported)', authSafeTlv.start);
  const authSafe = octets(der, readTlv(der, explicit.valueStart, explicit.end));
  const safe = readTlv(authSafe, 0);
  const contentInfos = children(authSafe, safe).map((ci) => {
    const [t, c] = children(authSafe, ci);
    return { type: readOid(authSafe, t!), content: c };
  });
  let mac: Raw['mac'];
  if (macTlv) {
    const [digestInfo, salt, iter] = children(der, macTlv);
    const [alg, digest] = children(der, digestInfo!);
    const hashOid = readOid(der, children(der, alg!)[0]!);
    mac = { hash: hashOid, digest: bytes(der, digest!), salt: bytes(der, salt!), iterations: iter ? readSmallInt(der, iter) : 1 };
  }
  return { version: readSmallInt(der, versionTlv), authSafe, mac, contentInfos, der };
}

function describeScheme(b: Uint8Array, alg: Tlv): { text: string; supported: boolean } {
  const [oidTlv, params] = children(b, alg);
  const oid = readOid(b, oidTlv!);
  if (oid === O.pbes2 && params) {
    const [kdf, enc] = children(b, params);
    const kdfOid = readOid(b, children(b, kdf!)[0]!);
    const encOid = readOid(b, children(b, enc!)[0]!);
    const cipher = ciphers[encOid];
    if (kdfOid !== O.pbkdf2) return { text: `PBES2 with key derivation ${kdfOid}`, supported: false };
    const kp = children(b, children(b, kdf!)[1]!);
    const iterations = readSmallInt(b, kp[1]!);
    const prfTlv = kp.find((t, i) => i >= 2 && t.tag === TAG.SEQUENCE);
    const prf = prfTlv ? (prfs[readOid(b, children(b, prfTlv)[0]!)] ?? 'unknown') : 'sha1';
    return { text: `PBES2, PBKDF2-hmacWith${prf.toUpperCase()}, ${cipher ? cipher.name.toUpperCase() : encOid}, ${iterations} iterations`, supported: !!cipher };
  }
  const l = legacy[oid];
  if (l) {
    const iterations = params ? readSmallInt(b, children(b, params)[1]!) : 1;
    return { text: `${l.label} (legacy), ${iterations} iterations`, supported: !l.name.startsWith('rc2') };
  }
  return { text: `unknown scheme ${oid}`, supported: false };
}

function attributes(b: Uint8Array, set: Tlv | undefined): { friendlyName?: string; localKeyId?: string } {
  const out: { friendlyName?: string; localKeyId?: string } = {};
  if (!set) return out;
  for (const attr of children(b, set)) {
    const [oid, values] = children(b, attr);
    const type = readOid(b, oid!);
    const value = children(b, values!)[0];
    if (!value) continue;
    if (type === O.friendlyName) out.friendlyName = readString(b, value);
    else if (type === O.localKeyId) out.localKeyId = toHex(bytes(b, value));
  }
  return out;
}

function readBags(b: Uint8Array, decryptKey?: (alg: Tlv, data: Uint8Array, buf: Uint8Array) => Uint8Array, depth = 0): Array<Pkcs12Bag & { pkcs8?: Uint8Array }> {
  // Nested SafeContents: real files nest once; a hostile file must not exhaust the stack.
  if (depth > 8) throw new DerError('SafeContents nested too deeply', 0);
  const out: Array<Pkcs12Bag & { pkcs8?: Uint8Array }> = [];
  const safe = readTlv(b, 0);
  for (const bag of children(b, safe)) {
    const [oidTlv, valueWrap, attrs] = children(b, bag);
    const type = readOid(b, oidTlv!);
    const a = attributes(b, attrs);
    const value = valueWrap ? readTlv(b, valueWrap.valueStart, valueWrap.end) : undefined;
    if (type === O.certBag && value) {
      const [certType, certWrap] = children(b, value);
      const isX509 = readOid(b, certType!) === O.x509Certificate;
      out.push({ type: isX509 ? 'certificate' : 'other', ...a, der: isX509 && certWrap ? octets(b, readTlv(b, certWrap.valueStart, certWrap.end)) : undefined });
    } else if (type === O.shroudedKeyBag && value) {
      const [alg, enc] = children(b, value);
      const protection = describeScheme(b, alg!).text;
      const pkcs8 = decryptKey ? decryptKey(alg!, bytes(b, enc!), b) : undefined;
      out.push({ type: pkcs8 ? 'privateKey' : 'encryptedPrivateKey', ...a, protection, pkcs8 });
    } else if (type === O.keyBag && value) {
      out.push({ type: 'privateKey', ...a, pkcs8: b.subarray(value.start, value.end) });
    } else if (type === O.crlBag) out.push({ type: 'crl', ...a });
    else if (type === O.secretBag) out.push({ type: 'secret', ...a });
    else if (type === O.safeContentsBag && value) out.push(...readBags(b.subarray(value.start, value.end), decryptKey, depth + 1));
    else out.push({ type: 'other', ...a });
  }
  return out;
}

/** What a PKCS#12 holds and how it is protected, without the password. */
export function listPkcs12(der: Uint8Array): Pkcs12Listing {
  const raw = readPfx(der);
  const b = raw.authSafe;
  const parts: Pkcs12Part[] = raw.contentInfos.map(({ type, content }) => {
    if (type === O.data && content) {
      const inner = octets(b, readTlv(b, content.valueStart, content.end));
      const bags = readBags(inner).map(({ pkcs8: _pkcs8, ...bag }) => bag);
      const keyProtections = bags.filter((x) => x.protection).map((x) => x.protection!);
      return { kind: 'plain', bags, supported: true, protection: keyProtections[0] };
    }
    if (type === O.encryptedData && content) {
      const ed = readTlv(b, content.valueStart, content.end);
      const [, eci] = children(b, ed);
      const [, alg] = children(b, eci!);
      const s = describeScheme(b, alg!);
      return { kind: 'encrypted', protection: s.text, supported: s.supported };
    }
    return { kind: 'enveloped', protection: 'public-key encryption (envelopedData)', supported: false };
  });
  const keySchemesSupported = parts.every((p) => p.kind !== 'plain' || !p.bags?.some((x) => x.protection && /unknown|key derivation/.test(x.protection)));
  return {
    version: raw.version,
    mac: raw.mac ? { algorithm: hashes[raw.mac.hash]?.name ?? raw.mac.hash, iterations: raw.mac.iterations } : undefined,
    parts,
    supported: parts.every((p) => p.supported) && keySchemesSupported,
  };
}

/** The PKCS#12 password: BMPString (UTF-16 big-endian) with a two-byte NUL terminator (RFC 7292 B.1); an empty password is no bytes, as OpenSSL reads it first. */
export function bmpPassword(password: string): Uint8Array {
  if (!password.length) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[i * 2] = c >> 8;
    out[i * 2 + 1] = c & 0xff;
  }
  return out;
}

/**
 * RFC 7292 appendix B.2 key derivation (ID 1 = key, 2 = IV, 3 = MAC key), as steps: it
 * yields after every `slice` hash rounds, so an async caller can let others run between
 * them, and returns the `n` bytes. `u`/`v`: the hash's output and block sizes in bytes.
 */
export function* pkcs12KdfSteps(digest: (data: Uint8Array) => Uint8Array, u: number, v: number, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number, slice = Infinity): Generator<void, Uint8Array> {
  const fill = (src: Uint8Array): Uint8Array => {
    const len = src.length ? v * Math.ceil(src.length / v) : 0;
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const D = new Uint8Array(v).fill(id);
  const I = new Uint8Array([...fill(salt), ...fill(password)]);
  const out = new Uint8Array(n);
  let produced = 0;
  while (produced < n) {
    let A = digest(new Uint8Array([...D, ...I]));
    for (let r = 1; r < iterations; r++) {
      A = digest(A);
      if (r % slice === 0) yield;
    }
    out.set(A.subarray(0, Math.min(u, n - produced)), produced);
    produced += u;
    if (produced >= n) break;
    // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block of I.
    const B = new Uint8Array(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u]!;
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k]! + B[k]! + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out;
}

/** The key derivation in one piece (the decoder runs in the worker, under its work budget). */
export function pkcs12Kdf(crypto: PkiCrypto, hash: { name: string; v: number; u: number }, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
  const steps = pkcs12KdfSteps((d) => crypto.hash(hash.name, d), hash.u, hash.v, password, salt, id, iterations, n);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** `legacyPassword` is the BMP form the PKCS #12 KDF of the legacy schemes takes; PBES2 takes `password` as UTF-8. */
function decryptWith(crypto: PkiCrypto, b: Uint8Array, alg: Tlv, data: Uint8Array, password: string, legacyPassword: Uint8Array, budget: WorkBudget): Uint8Array {
  const [oidTlv, params] = children(b, alg);
  const oid = readOid(b, oidTlv!);
  try {
    if (oid === O.pbes2 && params) {
      const [kdf, enc] = children(b, params);
      const kp = children(b, children(b, kdf!)[1]!);
      const salt = bytes(b, kp[0]!);
      const iterations = checkIterations(readSmallInt(b, kp[1]!));
      const prfTlv = kp.find((t, i) => i >= 2 && t.tag === TAG.SEQUENCE);
      const prf = prfTlv ? prfs[readOid(b, children(b, prfTlv)[0]!)] : 'sha1';
      const [encOid, ivTlv] = children(b, enc!);
      const cipher = ciphers[readOid(b, encOid!)];
      if (!cipher || !prf) throw new Pkcs12Error(tr`unsupported PBES2 cipher or PRF`, 'unsupported');
      budget.spend(iterations);
      const key = crypto.pbkdf2(new TextEncoder().encode(password), salt, iterations, cipher.keyLength, prf);
      return crypto.decrypt(cipher.name, key, bytes(b, ivTlv!), data);
    }
    const l = legacy[oid];
    if (l && params) {
      const [saltTlv, iterTlv] = children(b, params);
      const salt = bytes(b, saltTlv!);
      const iterations = checkIterations(readSmallInt(b, iterTlv!));
      const pw = legacyPassword;
      const sha1 = hashes['1.3.14.3.2.26']!;
      budget.spend(2 * iterations);
      const key = pkcs12Kdf(crypto, sha1, pw, salt, 1, iterations, l.keyLength);
      const iv = pkcs12Kdf(crypto, sha1, pw, salt, 2, iterations, l.ivLength);
      try {
        return crypto.decrypt(l.name, key, iv, data);
      } catch (err) {
        if (/unsupported|unknown cipher|not supported|invalid cipher/i.test(String(err))) throw new Pkcs12Error(tr`the legacy scheme ${l.label} is not available in this Node.js build (OpenSSL 3 moved it to the legacy provider); re-export the file with OpenSSL 3 defaults (PBES2/AES-256-CBC)`, 'unsupported');
        throw err;
      }
    }
  } catch (err) {
    if (err instanceof Pkcs12Error) throw err;
    throw new Pkcs12Error(tr`decryption failed: wrong password?`, 'wrongPassword');
  }
  throw new Pkcs12Error(tr`unsupported encryption scheme ${oid}`, 'unsupported');
}

/**
 * Decrypts a PKCS#12 with `password`. Throws Pkcs12Error (`wrongPassword` when
 * the MAC or decryption fails, `unsupported` for schemes this host cannot do).
 */
export function decryptPkcs12(der: Uint8Array, password: string, crypto: PkiCrypto, maxWork = maxWorkIterations): Pkcs12Contents {
  const listing = listPkcs12(der);
  const raw = readPfx(der);
  const budget = new WorkBudget(maxWork);
  let macVerified = false;
  let legacyPassword = bmpPassword(password);
  if (raw.mac) {
    const h = hashes[raw.mac.hash];
    if (!h) throw new Pkcs12Error(tr`unsupported MAC digest ${raw.mac.hash}`, 'unsupported');
    checkIterations(raw.mac.iterations);
    const ok = (pw: Uint8Array): boolean => {
      budget.spend(raw.mac!.iterations);
      const key = pkcs12Kdf(crypto, h, pw, raw.mac!.salt, 3, raw.mac!.iterations, h.u);
      const mac = crypto.hmac(h.name, key, raw.authSafe);
      return toHex(mac) === toHex(raw.mac!.digest);
    };
    // OpenSSL treats an empty password as either "no bytes" or a lone BMP NUL, and decrypts with the one the MAC took.
    macVerified = ok(bmpPassword(password)) || (password === '' && ok((legacyPassword = new Uint8Array(2))));
    if (!macVerified) throw new Pkcs12Error(tr`MAC verification failed: wrong password`, 'wrongPassword');
  }
  const b = raw.authSafe;
  const bags: Array<Pkcs12Bag & { pkcs8?: Uint8Array }> = [];
  const decryptKey = (alg: Tlv, data: Uint8Array, buf: Uint8Array): Uint8Array => decryptWith(crypto, buf, alg, data, password, legacyPassword, budget);
  for (const { type, content } of raw.contentInfos) {
    if (!content) continue;
    if (type === O.data) {
      bags.push(...readBags(octets(b, readTlv(b, content.valueStart, content.end)), decryptKey));
    } else if (type === O.encryptedData) {
      const ed = readTlv(b, content.valueStart, content.end);
      const [, eci] = children(b, ed);
      const [, alg, enc] = children(b, eci!);
      if (!enc || enc.tag !== 0x80) throw new DerError('encrypted content missing', eci!.start);
      const plain = decryptWith(crypto, b, alg!, bytes(b, enc), password, legacyPassword, budget);
      bags.push(...readBags(plain, decryptKey));
    } else throw new Pkcs12Error(tr`public-key encrypted (envelopedData) PKCS#12 is not supported`, 'unsupported');
  }
  return { listing, macVerified, bags };
}

/** Serial-free short description for messages. */
export function describeListing(l: Pkcs12Listing): string {
  const parts = l.parts.map((p) => (p.kind === 'plain' ? `plain (${(p.bags ?? []).map((b) => b.type).join(', ') || 'empty'})` : `${p.kind}: ${p.protection}`));
  return `PKCS#12 v${l.version}${l.mac ? `, MAC ${l.mac.algorithm} × ${l.mac.iterations}` : ''}; ${parts.join('; ')}`;
}
