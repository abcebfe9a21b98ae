/**
 * Finds the certificate, key and bundle files of the workspace and feeds them
 * to the PKI model, without ever blocking the server: the walk yields to the
 * event loop every few milliseconds (reads are synchronous inside a slice), skips files
 * whose stamp (mtime + size) did not change, and reports files over the size
 * cap as "too large" instead of reading them.
 */
import { promises as fsp, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import type { PkiWorkspace } from '../core/pki/model';
import { nodeFileSystem } from './nodeEnvironment';
import { unpackFile } from './itemTransfer';
import { runDecodeJob } from './offThread';

/** Extensions read as PKI objects whatever their content (PEM or DER). */
export const pkiExtensions = new Set(['.pem', '.crt', '.cer', '.der', '.key', '.csr', '.crl', '.p7b', '.p7c', '.p12', '.pfx']);
/** Small text files searched for embedded PEM blocks (DM and Kubernetes configs...). */
export const textExtensions = new Set(['.yaml', '.yml', '.toml', '.json', '.conf', '.txt', '.env', '.tf', '.properties', '.ini']);
export const excludedDirectories = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', '__pycache__', '.venv', 'bower_components']);

export interface ScanOptions {
  /** Files larger than this are listed as too large, not read. */
  readonly maxFileBytes: number;
  /** Text files (non-PKI extensions) larger than this are not searched for PEM. */
  readonly maxTextBytes: number;
  /** Stop after this many candidate files. */
  readonly maxFiles: number;
  /** Yield to the event loop after this much work. */
  readonly sliceMs: number;
  /** PKI files larger than this are decoded in the worker thread. */
  readonly offThreadBytes: number;
}

export const defaultScanOptions: ScanOptions = { maxFileBytes: 10 * 1024 * 1024, maxTextBytes: 256 * 1024, maxFiles: 50_000, sliceMs: 8, offThreadBytes: 256 * 1024 };

export interface ScanStats {
  readonly candidates: number;
  readonly read: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly tooLarge: number;
  readonly ms: number;
  readonly truncated: boolean;
}

export function candidateKind(name: string): 'pki' | 'text' | undefined {
  const ext = extname(name).toLowerCase();
  if (pkiExtensions.has(ext)) return 'pki';
  if (textExtensions.has(ext)) return 'text';
  return undefined;
}

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A cooperative time slicer: `await slicer.tick()` yields once the slice is used up. */
export function slicer(sliceMs: number): { tick(): Promise<void> } {
  let since = performance.now();
  return {
    async tick() {
      if (performance.now() - since >= sliceMs) {
        await yieldNow();
        since = performance.now();
      }
    },
  };
}

/** Every candidate file below the roots (depth-first, excluded folders and symlinked folders skipped). */
export async function findCandidates(roots: readonly string[], options: ScanOptions = defaultScanOptions): Promise<{ files: Array<{ path: string; kind: 'pki' | 'text' }>; truncated: boolean }> {
  const files: Array<{ path: string; kind: 'pki' | 'text' }> = [];
  const s = slicer(options.sliceMs);
  const stack = [...roots];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!excludedDirectories.has(e.name)) stack.push(join(dir, e.name));
      } else if (e.isFile() || e.isSymbolicLink()) {
        const kind = candidateKind(e.name);
        if (kind) files.push({ path: join(dir, e.name), kind });
        if (files.length >= options.maxFiles) return { files, truncated: true };
      }
    }
    await s.tick();
  }
  return { files, truncated: false };
}

type UpdateResult = 'read' | 'unchanged' | 'removed' | 'tooLarge' | 'skipped';

/** A file to read: its stamp, kind, the cap its read is bounded by, and its size at the stat. */
interface ToRead {
  readonly stamp: string;
  readonly kind: 'pki' | 'text';
  readonly cap: number;
  readonly size: number;
}

/** Stat and stamp check of one file: either the outcome, or what to read. */
function prepareUpdate(model: PkiWorkspace, path: string, kind: 'pki' | 'text' | undefined, options: ScanOptions): { done: UpdateResult } | ToRead {
  if (!kind) return { done: 'skipped' };
  let st;
  try {
    st = statSync(path);
  } catch {
    return { done: model.removeFile(path) ? 'removed' : 'skipped' };
  }
  if (!st.isFile()) return { done: model.removeFile(path) ? 'removed' : 'skipped' };
  const stamp = `${st.mtimeMs}:${st.size}`;
  if (model.isCurrent(path, stamp)) return { done: 'unchanged' };
  // A CA database (index.txt) is a revocation source however long the CA has run; other text files are only searched for PEM.
  const textCap = kind === 'text' && !/(^|[\\/])index\.txt$/.test(path) ? options.maxTextBytes : options.maxFileBytes;
  if (kind === 'text' && st.size > textCap) return { done: model.removeFile(path) ? 'removed' : 'skipped' };
  if (st.size > options.maxFileBytes) {
    model.setTooLarge(path, st.size);
    return { done: 'tooLarge' };
  }
  return { stamp, kind, cap: kind === 'text' ? textCap : options.maxFileBytes, size: st.size };
}

/**
 * The bounded read (not readFileSync: the path may have become a FIFO or a larger file since
 * the stat), then the decode: small files inline; large ones, such as a CRL of 100,000 entries
 * (a second of decoding) or a CA database of megabytes, are read without blocking the event
 * loop and decoded in the worker (a CA database read whole there, its revoked entries packed).
 */
async function readInto(model: PkiWorkspace, path: string, step: ToRead, options: ScanOptions): Promise<void> {
  const large = step.size > options.offThreadBytes;
  const read = large ? await nodeFileSystem.readBounded(path, step.cap) : nodeFileSystem.readBoundedSync(path, step.cap);
  if (!read.ok) return model.setUnreadable(path, step.stamp, `the file ${read.detail}`);
  if (read.bytes.length <= options.offThreadBytes) {
    model.setFile(path, step.stamp, read.bytes, step.kind);
    return;
  }
  try {
    const r = await runDecodeJob({ kind: 'items', path, data: read.bytes, fileKind: step.kind }, undefined, { transfer: true });
    if (r.kind === 'items') model.setDecoded(path, step.stamp, unpackFile(path, r.file));
    else model.setUnreadable(path, step.stamp, r.kind === 'error' ? r.message : 'cannot decode');
  } catch (err) {
    model.setUnreadable(path, step.stamp, `cannot decode: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Brings one file up to date in the model: stat, skip when unchanged, otherwise
 * read and decode (large files in the worker). Returns what happened.
 */
export async function updateFile(model: PkiWorkspace, path: string, kind: 'pki' | 'text' | undefined = candidateKind(path), options: ScanOptions = defaultScanOptions): Promise<UpdateResult> {
  const step = prepareUpdate(model, path, kind, options);
  if ('done' in step) return step.done;
  await readInto(model, path, step, options);
  return 'read';
}

/**
 * The synchronous variant (every file read and decoded inline). Local stat + read of a
 * certificate-sized file takes tens of microseconds; callers run it in time
 * slices that yield to the event loop.
 */
export function updateFileSync(model: PkiWorkspace, path: string, kind: 'pki' | 'text' | undefined = candidateKind(path), options: ScanOptions = defaultScanOptions): UpdateResult {
  const step = prepareUpdate(model, path, kind, options);
  if ('done' in step) return step.done;
  const read = nodeFileSystem.readBoundedSync(path, step.cap);
  // A text file without PEM is stored with no items (so it is not read again until it changes).
  if (read.ok) model.setFile(path, step.stamp, read.bytes, step.kind);
  else model.setUnreadable(path, step.stamp, `the file ${read.detail}`);
  return 'read';
}

/**
 * Scans the roots and updates the model: new and changed files are decoded,
 * unchanged ones skipped, vanished ones removed. `progress` is called after each file with
 * how many of the candidates are handled; the scan waits for what it returns.
 */
export async function scanWorkspace(model: PkiWorkspace, roots: readonly string[], options: ScanOptions = defaultScanOptions, progress?: (handled: number, total: number) => void | Promise<void>): Promise<ScanStats> {
  const started = performance.now();
  const { files, truncated } = await findCandidates(roots, options);
  // Filled as the files are handled, and the vanished ones removed in slices: with 50,000 files, either at once held the event loop for tens of milliseconds.
  const seen = new Set<string>();
  let read = 0;
  let unchanged = 0;
  let tooLarge = 0;
  const s = slicer(options.sliceMs);
  for (const [i, f] of files.entries()) {
    seen.add(f.path);
    const step = prepareUpdate(model, f.path, f.kind, options);
    const r = 'done' in step ? step.done : 'read';
    if (!('done' in step)) await readInto(model, f.path, step, options);
    if (r === 'read') read++;
    else if (r === 'unchanged') unchanged++;
    else if (r === 'tooLarge') tooLarge++;
    await s.tick();
    await progress?.(i + 1, files.length);
  }
  let removed = 0;
  const inRoots = (p: string): boolean => roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`));
  for (const p of model.paths()) {
    if (!seen.has(p) && inRoots(p) && model.removeFile(p)) removed++;
    await s.tick();
  }
  return { candidates: files.length, read, unchanged, removed, tooLarge, ms: performance.now() - started, truncated };
}
