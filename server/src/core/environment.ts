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

export interface FileSystem {
  /** The file's bytes, or undefined when it does not exist or cannot be read. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Synchronous variant for parsers that resolve `.include` in one pass. */
  readFileSync(path: string): Uint8Array | undefined;
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
  return {
    readFile: async (p) => bytes(p),
    readFileSync: bytes,
    stat: async (p) => statSync(p),
    statSync,
    readDirectory: async (p) => readDirectorySync(p),
    readDirectorySync,
  };
}
