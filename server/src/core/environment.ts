/**
 * The outside world as the core sees it. The core never imports fs, process or
 * crypto globals directly: the server, the CLI and the tests inject these, which
 * keeps rules deterministic (an injected clock makes "expired" testable) and lets
 * the same code run wherever a host can provide them.
 */

import type { webcrypto } from 'node:crypto';

export type FileType = 'file' | 'directory' | 'other';

export interface FileStat {
  readonly type: FileType;
  readonly size: number;
  /** POSIX permission bits (mode & 0o7777); undefined where the host cannot tell. */
  readonly mode?: number;
  /** Owner uid where known. */
  readonly uid?: number;
  /** Last modification (ms since the epoch) where the host can tell; lets caches skip unchanged files. */
  readonly mtimeMs?: number;
}

/** Why a bounded read gave no bytes. */
export type ReadRefusal = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export type BoundedRead =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly refusal: ReadRefusal; readonly detail: string };

/**
 * Cap of a read whose path comes from file content or configuration (an `.include`,
 * a `pg_hba.conf`, a DM `ssl-ca`...): far above any real config or certificate bundle,
 * far below what would hurt the server.
 */
export const defaultReadLimit = 16 * 1024 * 1024;

export interface FileSystem {
  /**
   * The file's bytes, or undefined when it does not exist, cannot be read, or is
   * refused by the bounds of `readBounded` (with the default limit).
   */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Synchronous variant for parsers that resolve `.include` in one pass. */
  readFileSync(path: string): Uint8Array | undefined;
  /**
   * The one reader for paths that come from file content or configuration: regular
   * files only (a FIFO, a device, `/dev/zero` behind a symlink are refused, and the
   * open never blocks), at most `limit` bytes. A refusal says why, for a diagnostic.
   */
  readBounded(path: string, limit?: number): Promise<BoundedRead>;
  readBoundedSync(path: string, limit?: number): BoundedRead;
  /** The path with every symlink resolved (whether a file is inside the workspace), or undefined when missing. */
  realPathSync(path: string): string | undefined;
  stat(path: string): Promise<FileStat | undefined>;
  statSync(path: string): FileStat | undefined;
  /** Entry names (not paths) of a directory, or undefined when it is not one. */
  readDirectory(path: string): Promise<string[] | undefined>;
  readDirectorySync(path: string): string[] | undefined;
}

export interface Environment {
  readonly fs: FileSystem;
  now(): Date;
  /** Process environment lookup (for `$ENV::NAME` in openssl.cnf). */
  getEnv(name: string): string | undefined;
  /** Working directory OpenSSL would resolve relative `.include` paths against. */
  cwd(): string;
  /** WebCrypto used for signing and hashing. */
  readonly crypto: webcrypto.Crypto;
  /** What PKCS#12 exports need beyond WebCrypto; hosts without it cannot export PKCS#12. */
  readonly pkcs12?: Pkcs12Primitives;
  /**
   * Checks a signature WebCrypto cannot (DSA, brainpool and secp256k1 keys, SHA-224): `signature`
   * over `signed` with the SubjectPublicKeyInfo `spki`, false on any error. Hosts without it call
   * such a signature unsupported.
   */
  readonly verifySignature?: (algorithm: { readonly oid: string; readonly params?: Uint8Array }, spki: Uint8Array, signed: Uint8Array, signature: Uint8Array) => Promise<boolean>;
}

/** The fast, synchronous primitives PKCS#12 needs and WebCrypto lacks. */
export interface Pkcs12Primitives {
  /** A synchronous digest (node:crypto createHash). */
  digest(alg: 'sha1' | 'sha256', data: Uint8Array): Uint8Array;
  /** DES-EDE3-CBC with PKCS#7 padding: only the legacy PKCS#12 needs it. */
  desEde3Cbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** Lets other work run between slices of a long key derivation (a server must not stall). */
  pause?(): Promise<void>;
}

/** The detail of a `too-large` refusal (one wording for every host). */
export function tooLargeDetail(size: number | undefined, limit: number): string {
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
  return `is larger than ${mb(limit)}${size !== undefined ? ` (${mb(size)})` : ''}, more than a configuration or certificate file needs; it is not read`;
}

/** An in-memory file system for tests and for hosts that only have open documents. */
export function memoryFileSystem(files: Readonly<Record<string, string | Uint8Array>>): FileSystem {
  const encoder = new TextEncoder();
  const bytes = (path: string): Uint8Array | undefined => {
    const v = files[path];
    return v === undefined ? undefined : typeof v === 'string' ? encoder.encode(v) : v;
  };
  const isDir = (path: string): boolean => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return Object.keys(files).some((f) => f.startsWith(prefix));
  };
  const statSync = (path: string): FileStat | undefined => {
    const b = bytes(path);
    if (b) return { type: 'file', size: b.length, mode: 0o644 };
    return isDir(path) ? { type: 'directory', size: 0, mode: 0o755 } : undefined;
  };
  const readDirectorySync = (path: string): string[] | undefined => {
    if (!isDir(path)) return undefined;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const f of Object.keys(files)) {
      if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]!);
    }
    return [...names];
  };
  const readBoundedSync = (path: string, limit = defaultReadLimit): BoundedRead => {
    const b = bytes(path);
    if (!b) return isDir(path) ? { ok: false, refusal: 'not-regular', detail: 'is a directory, not a regular file' } : { ok: false, refusal: 'missing', detail: 'does not exist' };
    if (b.length > limit) return { ok: false, refusal: 'too-large', detail: tooLargeDetail(b.length, limit) };
    return { ok: true, bytes: b };
  };
  return {
    readFile: async (p) => bytes(p),
    readFileSync: bytes,
    readBounded: async (p, limit) => readBoundedSync(p, limit),
    readBoundedSync,
    realPathSync: (p) => (statSync(p) ? p : undefined),
    stat: async (p) => statSync(p),
    statSync,
    readDirectory: async (p) => readDirectorySync(p),
    readDirectorySync,
  };
}
