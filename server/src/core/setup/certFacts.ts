/**
 * What the setup checks need to know about the certificate and key files a
 * configuration names: a small view on top of @peculiar/x509 and the ASN.1
 * schemas, cached by file content so that a re-check after one file changes
 * decodes nothing else again. Private key material never leaves this module:
 * a key is reduced to its kind, whether it is encrypted, and an identifier of
 * its public half.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
  X509Crl,
} from '@peculiar/x509';
import type { Environment } from '../environment';

export const ekuOids = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  anyExtendedKeyUsage: '2.5.29.37.0',
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
  readonly subjectCN: readonly string[];
  readonly issuerCN: readonly string[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly uris: readonly string[];
  /** EKU OIDs, or undefined when the certificate has no extendedKeyUsage extension. */
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
  /** Short content hash, for caches and for telling certificates apart. */
  readonly id: string;
  readonly x509: X509Certificate;
}

export interface KeyFacts {
  readonly index: number;
  readonly line: number;
  readonly label: string;
  readonly encrypted: boolean;
  readonly algorithm: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'unknown';
  /** Identifier of the public half, when it can be derived. */
  readonly publicKeyId?: string;
}

export interface CrlFacts {
  readonly line: number;
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly x509: X509Crl;
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

interface PemBlock {
  readonly label: string;
  readonly headers: string;
  readonly der: Uint8Array;
  readonly line: number;
}

const pemRe = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

function base64ToBytes(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function toHex(buf: ArrayBuffer | Uint8Array): string {
  const u = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let start = 0;
  while (start < u.length - 1 && u[start] === 0) start++;
  return Buffer.from(u.subarray(start)).toString('hex');
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

export function findPemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  pemRe.lastIndex = 0;
  for (let m = pemRe.exec(text); m; m = pemRe.exec(text)) {
    const body = m[2]!;
    const lines = body.split(/\r?\n/);
    const headerLines: string[] = [];
    let i = 0;
    if (lines.some((l) => l.includes(':'))) {
      while (i < lines.length && lines[i]!.includes(':')) headerLines.push(lines[i++]!);
    }
    const b64 = lines.slice(i).join('').replace(/\s+/g, '');
    let line = 0;
    for (let k = text.indexOf('\n'); k !== -1 && k < m.index; k = text.indexOf('\n', k + 1)) line++;
    out.push({ label: m[1]!, headers: headerLines.join('\n'), der: base64ToBytes(b64), line });
  }
  return out;
}

const oidRsa = '1.2.840.113549.1.1.1';
const oidEc = '1.2.840.10045.2.1';
const oidEd25519 = '1.3.101.112';
const oidEd448 = '1.3.101.113';

function spkiId(spkiDer: ArrayBuffer): string {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const oid = spki.algorithm.algorithm;
  if (oid === oidRsa) return `rsa:${toHex(AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey).modulus)}`;
  if (oid === oidEc) return `ec:${toHex(spki.subjectPublicKey)}`;
  if (oid === oidEd25519) return `ed25519:${toHex(spki.subjectPublicKey)}`;
  return `${oid}:${toHex(spki.subjectPublicKey)}`;
}

function nameCN(name: { getField(field: string): string[] }): string[] {
  try {
    return name.getField('CN');
  } catch {
    return [];
  }
}

export function certFactsFromDer(der: Uint8Array, index: number, line: number): CertFacts {
  const x509 = new X509Certificate(der);
  const san = x509.getExtension(SubjectAlternativeNameExtension);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const uris: string[] = [];
  for (const n of san?.names.items ?? []) {
    if (n.type === 'dns') dnsNames.push(n.value);
    else if (n.type === 'ip') ipAddresses.push(n.value);
    else if (n.type === 'url') uris.push(n.value);
  }
  const eku = x509.getExtension(ExtendedKeyUsageExtension);
  const ku = x509.getExtension(KeyUsagesExtension);
  const bc = x509.getExtension(BasicConstraintsExtension);
  let publicKeyId: string;
  try {
    publicKeyId = spkiId(x509.publicKey.rawData);
  } catch {
    publicKeyId = `raw:${toHex(x509.publicKey.rawData)}`;
  }
  const extensions = x509.extensions.length;
  return {
    index,
    line,
    subject: x509.subject,
    issuer: x509.issuer,
    subjectCN: nameCN(x509.subjectName),
    issuerCN: nameCN(x509.issuerName),
    dnsNames,
    ipAddresses,
    uris,
    eku: eku ? eku.usages.map(String) : undefined,
    keyUsage: ku ? ku.usages : undefined,
    isCA: bc ? bc.ca : undefined,
    version: extensions ? 3 : 1,
    notBefore: x509.notBefore,
    notAfter: x509.notAfter,
    publicKeyId,
    selfIssued: x509.subject === x509.issuer,
    id: fnv1a(der),
    x509,
  };
}

function keyFacts(block: PemBlock, index: number): KeyFacts {
  const base = { index, line: block.line, label: block.label };
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/i.test(block.headers)) {
    return { ...base, encrypted: true, algorithm: block.label.startsWith('RSA') ? 'rsa' : block.label.startsWith('EC') ? 'ec' : 'unknown' };
  }
  try {
    if (block.label === 'RSA PRIVATE KEY') {
      const k = AsnConvert.parse(block.der, RSAPrivateKey);
      return { ...base, encrypted: false, algorithm: 'rsa', publicKeyId: `rsa:${toHex(k.modulus)}` };
    }
    if (block.label === 'EC PRIVATE KEY') {
      const k = AsnConvert.parse(block.der, ECPrivateKey);
      return { ...base, encrypted: false, algorithm: 'ec', publicKeyId: k.publicKey ? `ec:${toHex(k.publicKey)}` : undefined };
    }
    if (block.label === 'PRIVATE KEY') {
      const info = AsnConvert.parse(block.der, PrivateKeyInfo);
      const oid = info.privateKeyAlgorithm.algorithm;
      const inner = info.privateKey.buffer;
      if (oid === oidRsa) {
        return { ...base, encrypted: false, algorithm: 'rsa', publicKeyId: `rsa:${toHex(AsnConvert.parse(inner, RSAPrivateKey).modulus)}` };
      }
      if (oid === oidEc) {
        const k = AsnConvert.parse(inner, ECPrivateKey);
        return { ...base, encrypted: false, algorithm: 'ec', publicKeyId: k.publicKey ? `ec:${toHex(k.publicKey)}` : undefined };
      }
      if (oid === oidEd25519) return { ...base, encrypted: false, algorithm: 'ed25519' };
      if (oid === oidEd448) return { ...base, encrypted: false, algorithm: 'ed448' };
    }
  } catch {
    // fall through: a key we cannot read further
  }
  return { ...base, encrypted: false, algorithm: 'unknown' };
}

/** Decodes every block of a PEM (or DER) file. Pure: no I/O. */
export function decodeFacts(path: string, bytes: Uint8Array, stat: { isFile: boolean; mode: number | undefined }): FileFacts {
  const certs: CertFacts[] = [];
  const keys: KeyFacts[] = [];
  const crls: CrlFacts[] = [];
  const otherLabels: string[] = [];
  const errors: string[] = [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blocks = findPemBlocks(text);
  if (!blocks.length && bytes.length > 2 && bytes[0] === 0x30) {
    try {
      certs.push(certFactsFromDer(bytes, 0, 0));
    } catch {
      errors.push('not a PEM file, and not a DER certificate');
    }
  }
  blocks.forEach((b, i) => {
    try {
      if (b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE' || b.label === 'X509 CERTIFICATE') certs.push(certFactsFromDer(b.der, i, b.line));
      else if (b.label.endsWith('PRIVATE KEY')) keys.push(keyFacts(b, i));
      else if (b.label === 'X509 CRL') {
        const crl = new X509Crl(b.der);
        crls.push({ line: b.line, issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, x509: crl });
      } else otherLabels.push(b.label);
    } catch (err) {
      errors.push(`block ${i + 1} (${b.label}) does not decode: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return { path, exists: true, isFile: stat.isFile, mode: stat.mode, certs, keys, crls, otherLabels, errors };
}

/**
 * Loads and decodes certificate/key files through the environment, caching the
 * decoded result by path and file content: a re-check reads the bytes again
 * (cheap) but decodes only what changed.
 */
export class CertStore {
  private readonly byPath = new Map<string, { key: string; facts: FileFacts; checkedAt: number }>();
  private readonly dirs = new Map<string, { names: string[] | undefined; checkedAt: number }>();
  private readonly verified = new Map<string, boolean>();
  private readonly texts = new Map<string, { text: string | undefined; checkedAt: number }>();
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
      this.byPath.delete(p);
      this.texts.delete(p);
      this.dirs.delete(p);
      const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
      if (slash > 0) this.dirs.delete(p.slice(0, slash));
    }
  }

  invalidateAll(): void {
    this.byPath.clear();
    this.texts.clear();
    this.dirs.clear();
  }

  /** A text file's content (undefined when missing), reused for `freshMs`. */
  async readText(path: string): Promise<string | undefined> {
    const now = performance.now();
    const hit = this.texts.get(path);
    if (hit && now - hit.checkedAt < this.freshMs) return hit.text;
    const bytes = await this.env.fs.readFile(path);
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
    const names = await this.env.fs.readDirectory(path);
    if (this.dirs.size >= CertStore.maxEntries) this.dirs.clear();
    this.dirs.set(path, { names, checkedAt: now });
    return names;
  }

  async load(path: string): Promise<FileFacts> {
    const now = performance.now();
    const hit = this.byPath.get(path);
    if (hit && now - hit.checkedAt < this.freshMs) return hit.facts;
    const st = await this.env.fs.stat(path);
    let facts: FileFacts;
    let key: string;
    if (!st) {
      key = 'missing';
      facts = { path, exists: false, isFile: false, mode: undefined, certs: [], keys: [], crls: [], otherLabels: [], errors: [] };
    } else if (st.type !== 'file') {
      key = 'notfile';
      facts = { path, exists: true, isFile: false, mode: st.mode, certs: [], keys: [], crls: [], otherLabels: [], errors: [] };
    } else {
      const bytes = await this.env.fs.readFile(path);
      if (!bytes) {
        key = 'unreadable';
        facts = { path, exists: true, isFile: true, mode: st.mode, certs: [], keys: [], crls: [], otherLabels: [], errors: ['cannot be read'] };
      } else {
        key = `${st.mode ?? ''}:${fnv1a(bytes)}`;
        facts = hit && hit.key === key ? hit.facts : decodeFacts(path, bytes, { isFile: true, mode: st.mode });
      }
    }
    if (this.byPath.size >= CertStore.maxEntries) this.byPath.delete(this.byPath.keys().next().value!);
    this.byPath.set(path, { key, facts, checkedAt: now });
    return facts;
  }

  /** Whether `issuer`'s key signed `cert` (signature only), cached by both ids. */
  async signedBy(cert: CertFacts, issuer: CertFacts): Promise<boolean> {
    const k = `${cert.id}>${issuer.id}`;
    const hit = this.verified.get(k);
    if (hit !== undefined) return hit;
    let ok = false;
    try {
      ok = await cert.x509.verify({ publicKey: issuer.x509.publicKey, signatureOnly: true }, this.env.crypto as unknown as Parameters<X509Certificate['verify']>[1]);
    } catch {
      ok = false;
    }
    if (this.verified.size >= CertStore.maxEntries * 4) this.verified.clear();
    this.verified.set(k, ok);
    return ok;
  }

  /** The first CA certificate in `roots` (or the chain) that signed `cert`, if any. */
  async findIssuer(cert: CertFacts, candidates: readonly CertFacts[]): Promise<CertFacts | undefined> {
    for (const c of candidates) {
      if (c.subject !== cert.issuer) continue;
      if (await this.signedBy(cert, c)) return c;
    }
    return undefined;
  }
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
  if (c.eku === undefined) return 'no extendedKeyUsage';
  const names: Record<string, string> = { [ekuOids.serverAuth]: 'serverAuth', [ekuOids.clientAuth]: 'clientAuth', [ekuOids.anyExtendedKeyUsage]: 'anyExtendedKeyUsage' };
  return `extendedKeyUsage = ${c.eku.map((o) => names[o] ?? o).join(', ') || '(empty)'}`;
}
