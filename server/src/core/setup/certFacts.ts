/**
 * What the setup checks need to know about the certificate and key files a
 * configuration names: a small view on top of the PEM/DER decoder of
 * core/pem (decodeFile, verifySignature), cached by file content so that a re-check after one file changes
 * decodes nothing else again. Private key material never leaves this module:
 * a key is reduced to its kind, whether it is encrypted, and an identifier of
 * its public half.
 */
import { decodeFile, derivePublicKeyId, sec1ToPkcs8, verifySignatureIn, type CertificateView, type CrlView, type DecodedBlock, type KeyView, type SignatureCheck } from '../pem';
import { goCertificateRefusal, goSignatureCheckRefusal, goVerifyRefusal } from '../pem/goParse';
import { opensslNameKey } from '../pem/opensslName';
import { opensslRefusesExtensions } from '../pem/criticalExtension';
import { opensslCannotLoadCrl, opensslCrlRefusal } from '../pem/opensslCrl';
import type { Environment } from '../environment';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';
import { baseName, isDockerfileName } from './fileNames';

/** EKU names as core/pem reports them (unknown purposes stay dotted OIDs). */
export const ekuOids = {
  serverAuth: 'serverAuth',
  clientAuth: 'clientAuth',
  anyExtendedKeyUsage: 'anyExtendedKeyUsage',
} as const;

export const keyUsageBits = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
} as const;

export interface CertFacts {
  /** Index of the PEM block (or 0 for DER) and the zero-based line it starts on. */
  readonly index: number;
  readonly line: number;
  readonly subject: string;
  readonly issuer: string;
  /** As `openssl x509 -serial` prints it (the form a CRL's entries are compared in). */
  readonly serial: string;
  readonly subjectCN: readonly string[];
  readonly issuerCN: readonly string[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly uris: readonly string[];
  /** EKU names, or undefined when the certificate has no extendedKeyUsage extension. */
  readonly eku: readonly string[] | undefined;
  /** keyUsage bits, or undefined when absent. */
  readonly keyUsage: number | undefined;
  /** basicConstraints cA, or undefined when the extension is absent. */
  readonly isCA: boolean | undefined;
  readonly version: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Identifies the public key (modulus / point), to match a private key. */
  readonly publicKeyId: string;
  readonly selfIssued: boolean;
  /** Byte-equality keys of the subject and issuer names (Go matches issuers on the raw name). */
  readonly subjectKey: string;
  readonly issuerKey: string;
  /** The same names as OpenSSL compares them (opensslNameKey: case and white space folded). */
  readonly subjectMatch: string;
  readonly issuerMatch: string;
  /** basicConstraints pathLenConstraint, when present. */
  readonly pathLen?: number;
  /** Go 1.19's error when it cannot check this certificate's signature (MD5 and SHA-1 are insecure to it, DSA unimplemented): no chain through it verifies in Go unless it is the trust anchor. */
  readonly goSignatureRefusal?: string;
  /** OpenSSL's verifier refuses every chain through it for an extension (opensslRefusesExtensions). */
  readonly opensslVerifyRefuses?: true;
  /** Short content hash, for caches and for telling certificates apart. */
  readonly id: string;
  readonly der: Uint8Array;
  /** Go 1.19's error when x509.ParseCertificate refuses it (a Go program cannot load it; a Go CA pool skips it). */
  readonly goRefuses?: string;
  /** Go 1.19's error when Verify refuses every chain through it (a critical extension Go leaves unhandled), parsed or not. */
  readonly goVerifyRefuses?: string;
}

export interface KeyFacts {
  readonly index: number;
  readonly line: number;
  readonly label: string;
  readonly encrypted: boolean;
  readonly algorithm: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'unknown';
  /** Identifier of the public half, when it can be derived. */
  readonly publicKeyId?: string;
  /** Why OpenSSL 3.0 cannot load the key (KeyView.opensslRefuses). */
  readonly opensslRefuses?: string;
}

export interface CrlFacts {
  readonly line: number;
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** The serials it lists (the decoder's entries, not copied). */
  readonly revoked: ReadonlyArray<{ readonly serial: string }>;
  /** The whole CRL, for checking which CA signed it. */
  readonly der: Uint8Array | undefined;
  /** Why OpenSSL cannot use it (core/pem/opensslCrl): "format error in CRL's lastUpdate field", ... */
  readonly unusable?: string;
  /** OpenSSL cannot load it at all (not only refuse to use it): PostgreSQL does not start with it. */
  readonly unloadable?: true;
}

export interface FileFacts {
  readonly path: string;
  readonly exists: boolean;
  readonly isFile: boolean;
  readonly mode: number | undefined;
  readonly certs: readonly CertFacts[];
  readonly keys: readonly KeyFacts[];
  readonly crls: readonly CrlFacts[];
  /** PEM labels of blocks that are neither certificates, keys nor CRLs (CSRs, ...). */
  readonly otherLabels: readonly string[];
  /** Blocks that looked right but did not decode. */
  readonly errors: readonly string[];
}

function fnv1a(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i]!, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}${bytes.length.toString(16)}`;
}

const kuBits: Record<string, number> = { ...keyUsageBits, encipherOnly: 128, decipherOnly: 256 };

function cnOf(dn: CertificateView['subject']): string[] {
  const out: string[] = [];
  for (const rdn of dn.rdns) for (const a of rdn) if (a.name === 'CN' || a.oid === '2.5.4.3') out.push(a.value);
  return out;
}

export function certFactsFromView(v: CertificateView, der: Uint8Array, index: number, line: number): CertFacts {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const uris: string[] = [];
  for (const n of v.subjectAltNames) {
    if (n.type === 'dns') dnsNames.push(n.value);
    else if (n.type === 'ip') ipAddresses.push(n.value);
    else if (n.type === 'uri') uris.push(n.value);
  }
  const goRefuses = goCertificateRefusal(v);
  const goVerifyRefuses = goVerifyRefusal(v);
  const goSignatureRefusal = goSignatureCheckRefusal(v.signatureAlgorithm);
  return {
    index,
    line,
    subject: v.subject.text,
    issuer: v.issuer.text,
    serial: v.serial,
    subjectCN: cnOf(v.subject),
    issuerCN: cnOf(v.issuer),
    dnsNames,
    ipAddresses,
    uris,
    eku: v.extendedKeyUsage ? [...v.extendedKeyUsage.usages] : undefined,
    keyUsage: v.keyUsage ? v.keyUsage.usages.reduce((bits, u) => bits | (kuBits[u] ?? 0), 0) : undefined,
    isCA: v.basicConstraints ? v.basicConstraints.ca : undefined,
    version: v.version,
    notBefore: new Date(v.notBefore),
    notAfter: new Date(v.notAfter),
    publicKeyId: v.publicKey.id,
    selfIssued: v.selfIssued,
    subjectKey: v.subject.key,
    issuerKey: v.issuer.key,
    subjectMatch: opensslNameKey(v.subject.rdns),
    issuerMatch: opensslNameKey(v.issuer.rdns),
    ...(v.basicConstraints?.pathLength !== undefined ? { pathLen: v.basicConstraints.pathLength } : {}),
    ...(goSignatureRefusal ? { goSignatureRefusal } : {}),
    ...(opensslRefusesExtensions(v) ? { opensslVerifyRefuses: true as const } : {}),
    id: fnv1a(der),
    der,
    ...(goRefuses ? { goRefuses } : {}),
    ...(goVerifyRefuses ? { goVerifyRefuses } : {}),
  };
}

function keyFactsOf(view: KeyView, index: number, line: number, label: string): KeyFacts {
  const alg = view.algorithm.toLowerCase();
  return {
    index,
    line,
    label,
    encrypted: view.encrypted,
    algorithm: alg === 'rsa' ? 'rsa' : alg === 'ec' ? 'ec' : alg === 'ed25519' ? 'ed25519' : alg === 'ed448' ? 'ed448' : 'unknown',
    publicKeyId: view.publicKeyId,
    ...(view.opensslRefuses ? { opensslRefuses: view.opensslRefuses } : {}),
  };
}


/**
 * Decodes every block of a PEM (or DER) file. Pure: no I/O. Keys that do not
 * carry their public half (Ed25519, EC without the optional public key) get no
 * `publicKeyId` here: use {@link decodeFactsWithKeyIds} (or `CertStore`), which
 * derives it.
 */
export function decodeFacts(path: string, bytes: Uint8Array, stat: { isFile: boolean; mode: number | undefined }): FileFacts {
  return decodeWith(path, bytes, stat);
}

/**
 * {@link decodeFacts}, plus the public-key id of every unencrypted private key
 * that does not store its public half, derived with WebCrypto (`derivePublicKeyId`)
 * so a key/certificate mismatch is found for every key type. The private key
 * bytes stay inside this call; only the public id is kept.
 */
export async function decodeFactsWithKeyIds(path: string, bytes: Uint8Array, stat: { isFile: boolean; mode: number | undefined }, crypto: Environment['crypto']): Promise<FileFacts> {
  const pending: { at: number; pkcs8: Uint8Array }[] = [];
  const facts = decodeWith(path, bytes, stat, (at, pkcs8) => pending.push({ at, pkcs8 }));
  if (!pending.length) return facts;
  const keys = [...facts.keys];
  for (const { at, pkcs8 } of pending) {
    const id = await derivePublicKeyId(pkcs8, crypto);
    if (id) keys[at] = { ...keys[at]!, publicKeyId: id };
  }
  return { ...facts, keys };
}

/** The PKCS#8 form of a private-key block whose public id must be derived, if WebCrypto can take it. */
function derivable(view: KeyView, der: Uint8Array | undefined): Uint8Array | undefined {
  if (!der || view.encrypted || view.publicKeyId) return undefined;
  if (view.format === 'sec1') return sec1ToPkcs8(der);
  return view.format === 'pkcs8' ? der : undefined;
}

function decodeWith(path: string, bytes: Uint8Array, stat: { isFile: boolean; mode: number | undefined }, derive?: (keyIndex: number, pkcs8: Uint8Array) => void): FileFacts {
  const certs: CertFacts[] = [];
  const keys: KeyFacts[] = [];
  const crls: CrlFacts[] = [];
  const otherLabels: string[] = [];
  const errors: string[] = [];
  const file = decodeFile(bytes);
  let text: string | undefined;
  const add = (d: DecodedBlock['decoded'], der: Uint8Array | undefined, index: number, line: number, label: string): void => {
    if (!d.ok) {
      errors.push(tr`block ${index + 1} (${label}) does not decode: ${d.message}`);
      return;
    }
    const v = d.view;
    if (v.kind === 'certificate' && der) certs.push(certFactsFromView(v, der, index, line));
    else if (v.kind === 'privateKey') {
      if (derive) {
        const pkcs8 = derivable(v, der);
        if (pkcs8) derive(keys.length, pkcs8);
      }
      keys.push(keyFactsOf(v, index, line, label));
    }
    else if (v.kind === 'crl') {
      const c = v as CrlView;
      const unusable = opensslCrlRefusal(c);
      crls.push({ line, issuer: c.issuer.text, thisUpdate: new Date(c.thisUpdate), nextUpdate: c.nextUpdate ? new Date(c.nextUpdate) : undefined, revoked: c.revoked, der, ...(unusable ? { unusable } : {}), ...(opensslCannotLoadCrl(c) ? { unloadable: true as const } : {}) });
    } else otherLabels.push(label);
  };
  if (file.format === 'pem') {
    text = new TextDecoder('latin1').decode(bytes);
    file.blocks.forEach(({ block, decoded }, i) => add(decoded, block.der, i, lineAt(text!, block.start), block.label));
  } else if (file.format === 'der') {
    add(file.decoded, bytes, 0, 0, 'DER');
  } else if (bytes.length) {
    errors.push(tr`not a PEM file, and not a DER object`);
  }
  return { path, exists: true, isFile: stat.isFile, mode: stat.mode, certs, keys, crls, otherLabels, errors };
}

/**
 * Loads and decodes certificate/key files through the environment, caching the
 * decoded result by path and file content: a re-check reads the bytes again
 * (cheap) but decodes only what changed. Reads are synchronous: these files are
 * small, and a thread-pool round trip per file costs more than the read.
 */
/** Whether a file (or a folder) can change a workspace index: a config, script or manifest the deployment is read from. */
export function indexedFile(p: string): boolean {
  return /\.(toml|ya?ml|service|sh|bash|env|conf|properties|ini)$|(^|[/\\])\.env[^/\\]*$/i.test(p) || isDockerfileName(baseName(p)) || !/\.[^/\\]*$/.test(p);
}

export class CertStore {
  private readonly byPath = new Map<string, { key: string; facts: FileFacts; checkedAt: number }>();
  private readonly dirs = new Map<string, { names: string[] | undefined; checkedAt: number }>();
  private readonly verified = new Map<string, SignatureCheck>();
  private readonly texts = new Map<string, { text: string | undefined; checkedAt: number }>();
  private readonly indexes = new Map<string, { value: unknown; checkedAt: number }>();
  /** Results derived from files (a config's peers, a script's nodes and clients), with the files they read. */
  private readonly derived = new Map<string, { value: unknown; deps: readonly string[]; checkedAt: number }>();
  private static readonly maxEntries = 5000;

  /**
   * @param freshMs how long a file read (or a directory listing) is reused
   * without touching the disk again. Changes the host reports through
   * `invalidate` are seen at once; others within `freshMs`.
   */
  constructor(
    private readonly env: Environment,
    private readonly freshMs = 2000,
  ) {}

  /** Forgets what is known of these paths (files changed, created or deleted) and of their folders' listings. */
  invalidate(paths: Iterable<string>): void {
    for (const p of paths) {
      if (indexedFile(p)) this.indexes.clear();
      this.byPath.delete(p);
      this.texts.delete(p);
      for (const [k, d] of this.derived) if (d.deps.includes(p)) this.derived.delete(k);
      this.dirs.delete(p);
      const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
      if (slash > 0) this.dirs.delete(p.slice(0, slash));
    }
  }

  invalidateAll(): void {
    this.indexes.clear();
    this.derived.clear();
    this.byPath.clear();
    this.texts.clear();
    this.dirs.clear();
  }

  /**
   * A workspace index (the DM configs under some folders, say), reused for
   * `ttlMs` or until a config file or folder is reported changed.
   */
  async index<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.indexes.get(key);
    if (hit && now - hit.checkedAt < ttlMs) return hit.value as T;
    const value = await compute();
    if (this.indexes.size > 100) this.indexes.clear();
    this.indexes.set(key, { value, checkedAt: now });
    return value;
  }

  /**
   * A result computed from files of the workspace, reused until one of the files it
   * read (reported through `dep`, replayed to `depend` on every use) is reported
   * changed, or for `ttlMs` (changes nobody reported).
   */
  async derive<T>(key: string, ttlMs: number, depend: (path: string) => void, compute: (dep: (path: string) => void) => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.derived.get(key);
    if (hit && now - hit.checkedAt < ttlMs) {
      for (const d of hit.deps) depend(d);
      return hit.value as T;
    }
    const deps: string[] = [];
    const value = await compute((p) => {
      deps.push(p);
      depend(p);
    });
    if (this.derived.size >= CertStore.maxEntries) this.derived.clear();
    this.derived.set(key, { value, deps, checkedAt: now });
    return value;
  }

  /** A text file's content (undefined when missing), reused for `freshMs`. */
  async readText(path: string): Promise<string | undefined> {
    const now = performance.now();
    const hit = this.texts.get(path);
    if (hit && now - hit.checkedAt < this.freshMs) return hit.text;
    const bytes = this.env.fs.readFileSync(path);
    const text = bytes ? new TextDecoder().decode(bytes) : undefined;
    if (this.texts.size >= CertStore.maxEntries) this.texts.clear();
    this.texts.set(path, { text, checkedAt: now });
    return text;
  }

  /** Entry names of a directory, reused for `freshMs`. */
  async listDirectory(path: string): Promise<string[] | undefined> {
    const now = performance.now();
    const hit = this.dirs.get(path);
    if (hit && now - hit.checkedAt < this.freshMs) return hit.names;
    const names = this.env.fs.readDirectorySync(path);
    if (this.dirs.size >= CertStore.maxEntries) this.dirs.clear();
    this.dirs.set(path, { names, checkedAt: now });
    return names;
  }

  async load(path: string): Promise<FileFacts> {
    const now = performance.now();
    const hit = this.byPath.get(path);
    if (hit && now - hit.checkedAt < this.freshMs) return hit.facts;
    const st = this.env.fs.statSync(path);
    let facts: FileFacts;
    let key: string;
    if (!st) {
      key = 'missing';
      facts = { path, exists: false, isFile: false, mode: undefined, certs: [], keys: [], crls: [], otherLabels: [], errors: [] };
    } else if (st.type !== 'file') {
      key = 'notfile';
      facts = { path, exists: true, isFile: false, mode: st.mode, certs: [], keys: [], crls: [], otherLabels: [], errors: [] };
    } else {
      const bytes = this.env.fs.readFileSync(path);
      if (!bytes) {
        key = 'unreadable';
        facts = { path, exists: true, isFile: true, mode: st.mode, certs: [], keys: [], crls: [], otherLabels: [], errors: [tr`cannot be read`] };
      } else {
        key = `${st.mode ?? ''}:${fnv1a(bytes)}`;
        facts = hit && hit.key === key ? hit.facts : await decodeFactsWithKeyIds(path, bytes, { isFile: true, mode: st.mode }, this.env.crypto);
      }
    }
    if (this.byPath.size >= CertStore.maxEntries) this.byPath.delete(this.byPath.keys().next().value!);
    this.byPath.set(path, { key, facts, checkedAt: now });
    return facts;
  }

  /** Whether `issuer`'s key signed `cert` (signature only), cached by both ids. */
  async signedBy(cert: CertFacts, issuer: CertFacts): Promise<boolean> {
    return (await this.signatureCheck(cert, issuer)) === 'valid';
  }

  /** What WebCrypto says of `cert`'s signature under `issuer`'s key: `unsupported` for an algorithm it lacks (DSA, brainpool, secp256k1). */
  async signatureCheck(cert: CertFacts, issuer: CertFacts): Promise<SignatureCheck> {
    const k = `${cert.id}>${issuer.id}`;
    const hit = this.verified.get(k);
    if (hit !== undefined) return hit;
    let check: SignatureCheck;
    try {
      check = await verifySignatureIn(this.env, cert.der, issuer.der);
    } catch {
      check = 'malformed';
    }
    if (this.verified.size >= CertStore.maxEntries * 4) this.verified.clear();
    this.verified.set(k, check);
    return check;
  }

  /** Decodes an in-memory file (an unsaved document), key ids derived as in `load`. */
  async decode(path: string, bytes: Uint8Array, stat: { isFile: boolean; mode: number | undefined }): Promise<FileFacts> {
    return decodeFactsWithKeyIds(path, bytes, stat, this.env.crypto);
  }

  /**
   * The first CA certificate in `roots` (or the chain) that signed `cert`, if any, its name matched
   * as Go does (`bytes`, the default) or as OpenSSL does (`openssl`: opensslNameKey). A signature
   * neither WebCrypto nor the host can check counts as made by the CA of that name for OpenSSL, which
   * checks it; Go checks none of these (goSignatureRefusal, goRefuses).
   */
  async findIssuer(cert: CertFacts, candidates: readonly CertFacts[], names: 'bytes' | 'openssl' = 'bytes'): Promise<CertFacts | undefined> {
    for await (const c of this.issuers(cert, candidates, names)) return c;
    return undefined;
  }

  /** Every certificate of `candidates` that findIssuer would take as `cert`'s issuer, in their order. */
  async *issuers(cert: CertFacts, candidates: readonly CertFacts[], names: 'bytes' | 'openssl' = 'bytes'): AsyncGenerator<CertFacts> {
    for (const c of candidates) {
      if (names === 'bytes' ? c.subjectKey !== cert.issuerKey : c.subjectMatch !== cert.issuerMatch) continue;
      const check = await this.signatureCheck(cert, c);
      if (check === 'valid' || (names === 'openssl' && check === 'unsupported')) yield c;
    }
  }
}

const stores = new WeakMap<Environment, CertStore>();

/** The store of an environment: the setup linter and the editor features share one per host. */
export function certStoreFor(env: Environment): CertStore {
  let s = stores.get(env);
  if (!s) {
    s = new CertStore(env);
    stores.set(env, s);
  }
  return s;
}

export function isExpired(c: CertFacts, now: Date): boolean {
  return now.getTime() > c.notAfter.getTime();
}

export function isNotYetValid(c: CertFacts, now: Date): boolean {
  return now.getTime() < c.notBefore.getTime();
}

/** Go's check: a CA may sign only if v1, or v3 with basicConstraints CA:TRUE and (no keyUsage or keyCertSign). */
export function canSign(c: CertFacts): boolean {
  if (c.version === 1) return true;
  if (c.isCA !== true) return false;
  return c.keyUsage === undefined || (c.keyUsage & keyUsageBits.keyCertSign) !== 0;
}

export function hasEku(c: CertFacts, oid: string): boolean {
  return c.eku === undefined || c.eku.includes(oid) || c.eku.includes(ekuOids.anyExtendedKeyUsage);
}

/** Whether the certificate's SANs cover a host (DNS name with one-label wildcard, or IP). */
export function sanCovers(c: CertFacts, host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIp(h)) return c.ipAddresses.some((ip) => normalizeIp(ip) === normalizeIp(h));
  return c.dnsNames.some((d) => {
    const n = d.toLowerCase();
    if (n === h) return true;
    if (n.startsWith('*.')) {
      const dot = h.indexOf('.');
      return dot > 0 && h.slice(dot) === n.slice(1);
    }
    return false;
  });
}

export function isIp(h: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || (h.includes(':') && /^[0-9a-f:.]+$/i.test(h));
}

function normalizeIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  // Expand IPv6 so that ::1 and 0:0:0:0:0:0:0:1 compare equal.
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail !== undefined ? new Array(Math.max(0, 8 - h.length - t.length)).fill('0') : [];
  return [...h, ...fill, ...t].map((p) => p.replace(/^0+(?=.)/, '')).join(':');
}

export function describeEku(c: CertFacts): string {
  if (c.eku === undefined) return tr`no extendedKeyUsage`;
  const names: Record<string, string> = { [ekuOids.serverAuth]: 'serverAuth', [ekuOids.clientAuth]: 'clientAuth', [ekuOids.anyExtendedKeyUsage]: 'anyExtendedKeyUsage' };
  return `extendedKeyUsage = ${c.eku.map((o) => names[o] ?? o).join(', ') || '(empty)'}`;
}
