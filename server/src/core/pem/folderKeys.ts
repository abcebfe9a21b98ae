/**
 * The public keys of the certificates in a folder, indexed once and kept per
 * file: linting N keys in one folder decodes each sibling once, not N times.
 * A file is re-read only when its stamp changes (size + mtime where the host
 * gives one; otherwise a content hash, for in-memory file systems), so each
 * lint costs one directory listing and one stat per sibling.
 */
import type { FileSystem } from '../environment';
import { decodeFile } from './index';

interface FileKeys {
  readonly size: number;
  readonly mtimeMs?: number;
  /** FNV-1a of the content, when the host has no mtime. */
  readonly hash?: number;
  /** Public-key ids of the certificates the file holds (PEM blocks, DER, PKCS#7). */
  readonly ids: readonly string[];
}

/** Per path; bounded so a long session over many folders cannot grow without limit. */
const cache = new Map<string, FileKeys>();
const cacheLimit = 50_000;
const inflight = new Map<string, Promise<FileKeys | undefined>>();

/** Files considered per folder; beyond it the answer is marked incomplete (callers then stay silent). */
export const maxFolderFiles = 5000;
const maxFileBytes = 2_000_000;
const pkiName = /\.(pem|crt|cer|csr|crl|key|pub|cert|ca-bundle|der|p7b|p7c)$/i;

export interface FolderCertificateKeys {
  /** Public-key id → number of certificates with that key. */
  readonly ids: ReadonlyMap<string, number>;
  /** Sibling files read or checked (their change must re-run a lint that used this answer). */
  readonly files: readonly string[];
  readonly certificates: number;
  /** False when the folder had more candidate files than `maxFolderFiles`. */
  readonly complete: boolean;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function certificateIds(bytes: Uint8Array): string[] {
  const decoded = decodeFile(bytes);
  const views = decoded.format === 'pem' ? decoded.blocks.map((b) => b.decoded) : decoded.format === 'der' ? [decoded.decoded] : [];
  const ids: string[] = [];
  for (const d of views) {
    if (!d.ok) continue;
    if (d.view.kind === 'certificate') ids.push(d.view.publicKey.id);
    else if (d.view.kind === 'pkcs7') for (const c of d.view.certificates) ids.push(c.publicKey.id);
  }
  return ids;
}

/** The stored keys of one file, re-read only when its stamp changed. */
async function fileKeys(path: string, fs: FileSystem): Promise<FileKeys | undefined> {
  const st = fs.statSync(path);
  if (!st || st.type !== 'file' || st.size > maxFileBytes) {
    cache.delete(path);
    return undefined;
  }
  const hit = cache.get(path);
  if (hit && st.mtimeMs !== undefined && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit;
  // Lints running side by side share one read of each changed file.
  const key = `${path}\u0000${st.size}:${st.mtimeMs ?? ''}`;
  const pending = inflight.get(key);
  if (pending) return pending;
  const read = readKeys(path, st.size, st.mtimeMs, hit, fs).finally(() => inflight.delete(key));
  inflight.set(key, read);
  return read;
}

async function readKeys(path: string, size: number, mtimeMs: number | undefined, hit: FileKeys | undefined, fs: FileSystem): Promise<FileKeys | undefined> {
  const bytes = await fs.readFile(path);
  if (!bytes) return undefined;
  const hash = mtimeMs === undefined ? fnv1a(bytes) : undefined;
  if (hit && hash !== undefined && hit.hash === hash && hit.size === bytes.length) return hit;
  const entry: FileKeys = { size, mtimeMs, hash, ids: certificateIds(bytes) };
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(path, entry);
  return entry;
}

function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? path.slice(0, 1) : '.') : path.slice(0, i);
}

function join(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** Folder answers per batch (see LintContext.batch): within one batch a folder is listed and checked once. */
const batches = new WeakMap<object, Map<string, Promise<FolderCertificateKeys>>>();

/**
 * Certificates' public keys in the folder of `path`, the file itself excluded.
 * Within a `batch` the folder is listed once and the answer shared: it then
 * includes `path`'s own certificates, which the caller matched first anyway.
 */
export async function folderCertificateKeys(path: string, fs: FileSystem, batch?: object): Promise<FolderCertificateKeys> {
  if (!batch) return listFolder(path, fs);
  let folders = batches.get(batch);
  if (!folders) batches.set(batch, (folders = new Map()));
  const dir = dirname(path);
  let whole = folders.get(dir);
  if (!whole) folders.set(dir, (whole = listFolder(join(dir, '\u0000'), fs)));
  const answer = await whole;
  return { ...answer, files: answer.files.filter((f) => f !== path) };
}

async function listFolder(path: string, fs: FileSystem): Promise<FolderCertificateKeys> {
  const dir = dirname(path);
  const names = ((await fs.readDirectory(dir)) ?? []).filter((n) => pkiName.test(n)).sort();
  const complete = names.length <= maxFolderFiles + 1;
  const ids = new Map<string, number>();
  const files: string[] = [];
  let certificates = 0;
  for (const name of names.slice(0, maxFolderFiles + 1)) {
    const p = join(dir, name);
    if (p === path) continue;
    const keys = await fileKeys(p, fs);
    if (!keys) continue;
    files.push(p);
    for (const id of keys.ids) {
      ids.set(id, (ids.get(id) ?? 0) + 1);
      certificates++;
    }
  }
  return { ids, files, certificates, complete };
}

/** Forgets every stored file (tests, memory pressure). */
export function clearFolderKeys(): void {
  cache.clear();
}
