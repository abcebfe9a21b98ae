import * as fs from 'node:fs';
import type * as NodeCrypto from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { defaultReadLimit, tooLargeDetail, type BoundedRead, type Environment, type FileStat, type FileSystem, type Pkcs12Primitives } from '../core/environment';
import { keyObjectCrypto } from './keyObjectCrypto';

function toStat(s: fs.Stats): FileStat {
  return {
    type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other',
    size: s.size,
    mode: s.mode & 0o7777,
    uid: s.uid,
    mtimeMs: s.mtimeMs,
  };
}

/**
 * Non-blocking open: a FIFO opens at once instead of waiting for a writer (reads of
 * it are refused anyway), and a terminal never becomes the controlling one.
 * Windows has neither flag; it has no FIFOs to block on either.
 */
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
/** Read size of one chunk when the size is unknown (procfs reports 0 for files with content). */
const chunkBytes = 64 * 1024;

function kindOf(s: fs.Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(s: fs.Stats): BoundedRead {
  return { ok: false, refusal: 'not-regular', detail: `is ${kindOf(s)}, not a regular file; it is not read` };
}

function failed(err: unknown): BoundedRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, refusal: 'missing', detail: 'does not exist' };
  return { ok: false, refusal: 'unreadable', detail: `cannot be read (${code ?? String(err)})` };
}

/** The open descriptor's verdict before any byte is read (a path swapped since the stat is caught here). */
function openedRefusal(st: fs.Stats, limit: number): BoundedRead | undefined {
  if (!st.isFile()) return notRegular(st);
  if (st.size > limit) return { ok: false, refusal: 'too-large', detail: tooLargeDetail(st.size, limit) };
  return undefined;
}

/**
 * The chunks of one bounded read, shared by the sync and async readers: the rest of a
 * file of known size in one read, at most limit + 1 bytes in all (one more than allowed
 * tells a file that grew past the limit).
 */
class Chunks {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  constructor(private readonly size: number, private readonly limit: number) {}
  next(): number {
    // Sized to the file (a certificate's read takes no 64 KB buffer: tens of thousands of those make
    // the collector run); chunks when the size is unknown (procfs says 0) or the file grew past it.
    const rest = this.size - this.total + 1;
    return Math.min(this.size > 0 && rest > 0 ? rest : chunkBytes, this.limit + 1 - this.total);
  }
  /** Records a read of `n` bytes into `b`; false at the end of the file. */
  add(b: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.chunks.push(n < b.length ? b.subarray(0, n) : b);
    this.total += n;
    return true;
  }
  result(): BoundedRead {
    if (this.total > this.limit) return { ok: false, refusal: 'too-large', detail: tooLargeDetail(undefined, this.limit) };
    const only = this.chunks.length === 1 ? this.chunks[0]! : undefined;
    // A file of known size came in one read into a buffer of its own: hand that over instead of
    // copying megabytes twice on the event loop. Small files are copied out of their 64 KB chunk.
    if (only && only.byteLength > chunkBytes / 2) return { ok: true, bytes: new Uint8Array(only.buffer, only.byteOffset, only.byteLength) };
    return { ok: true, bytes: new Uint8Array(Buffer.concat(this.chunks, this.total)) };
  }
}

function readBoundedSync(path: string, limit = defaultReadLimit): BoundedRead {
  // stat first so that a device is never opened (opening some has side effects), then
  // fstat the open descriptor, so a path swapped in between is caught as well.
  try {
    const st = fs.statSync(path);
    if (!st.isFile()) return notRegular(st);
  } catch (err) {
    return failed(err);
  }
  let fd: number;
  try {
    fd = fs.openSync(path, openFlags);
  } catch (err) {
    return failed(err);
  }
  try {
    const st = fs.fstatSync(fd);
    const refused = openedRefusal(st, limit);
    if (refused) return refused;
    const chunks = new Chunks(st.size, limit);
    for (let want = chunks.next(); want > 0; want = chunks.next()) {
      const b = Buffer.allocUnsafe(want);
      if (!chunks.add(b, fs.readSync(fd, b, 0, want, null))) break;
    }
    return chunks.result();
  } catch (err) {
    return failed(err);
  } finally {
    fs.closeSync(fd);
  }
}

async function readBounded(path: string, limit = defaultReadLimit): Promise<BoundedRead> {
  try {
    const st = await fs.promises.stat(path);
    if (!st.isFile()) return notRegular(st);
  } catch (err) {
    return failed(err);
  }
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path, openFlags);
  } catch (err) {
    return failed(err);
  }
  try {
    const st = await handle.stat();
    const refused = openedRefusal(st, limit);
    if (refused) return refused;
    const chunks = new Chunks(st.size, limit);
    for (let want = chunks.next(); want > 0; want = chunks.next()) {
      const b = Buffer.allocUnsafe(want);
      if (!chunks.add(b, (await handle.read(b, 0, want, null)).bytesRead)) break;
    }
    return chunks.result();
  } catch (err) {
    return failed(err);
  } finally {
    await handle.close();
  }
}

/**
 * The real file system, for the server and the CLI. Never throws: missing means
 * undefined. Every read goes through the bounded reader, so no path named by a
 * workspace file can block the server or fill its memory.
 */
export const nodeFileSystem: FileSystem = {
  async readFile(path) {
    const r = await readBounded(path);
    return r.ok ? r.bytes : undefined;
  },
  readFileSync(path) {
    const r = readBoundedSync(path);
    return r.ok ? r.bytes : undefined;
  },
  readBounded,
  readBoundedSync,
  realPathSync(path) {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  async stat(path) {
    try {
      return toStat(await fs.promises.stat(path));
    } catch {
      return undefined;
    }
  },
  statSync(path) {
    try {
      return toStat(fs.statSync(path));
    } catch {
      return undefined;
    }
  },
  async readDirectory(path) {
    try {
      return await fs.promises.readdir(path);
    } catch {
      return undefined;
    }
  },
  readDirectorySync(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
};

/**
 * node:crypto, loaded on first use: a process that never signs or hashes (a lint) does not pay its
 * start-up (about 3 ms). Through this file's own require: node:module's createRequire loaded
 * Node's ES module loader and source-map support into every process that loads this file.
 */
let cryptoModule: typeof NodeCrypto | undefined;
const nodeCrypto = (): typeof NodeCrypto => (cryptoModule ??= module.require('node:crypto') as typeof NodeCrypto);

/** The WebCrypto the core signs with: node:crypto's KeyObjects where they serve (node/keyObjectCrypto.ts). */
let keyCrypto: webcrypto.Crypto | undefined;

/** PKCS#12 exports: node:crypto's digest and 3-DES; the 600 000-round derivation yields to the event loop between slices. */
export const nodePkcs12Primitives: Pkcs12Primitives = {
  digest: (alg, data) => new Uint8Array(nodeCrypto().createHash(alg).update(data).digest()),
  desEde3Cbc: (key, iv, data) => {
    const c = nodeCrypto().createCipheriv('des-ede3-cbc', key, iv);
    return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
  },
  pause: () => new Promise((resolve) => setImmediate(resolve)),
};

export function nodeEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    fs: nodeFileSystem,
    now: () => new Date(),
    getEnv: (name) => process.env[name],
    cwd: () => process.cwd(),
    get crypto() {
      return (keyCrypto ??= keyObjectCrypto(nodeCrypto()));
    },
    pkcs12: nodePkcs12Primitives,
    // node:crypto's check (OpenSSL's), loaded on the first signature WebCrypto cannot check.
    verifySignature: async (algorithm, spki, signed, signature) => (await import('./pkiCrypto.js')).nodePkiCrypto.verify(algorithm, spki, signed, signature),
    ...overrides,
  };
}
