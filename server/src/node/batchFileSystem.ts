/**
 * The file system of a one-shot batch (`certwright lint`): reads are synchronous, and
 * each file is read once. A batch process has nothing else to serve while it waits,
 * and on 5,000 small PEM files a synchronous bounded read took a fifth of the CPU of
 * the promise round trips (stat, open, fstat, read, close through the thread pool).
 * Bytes are kept, up to `budget` in all, so that the linter's read of a file and a
 * sibling index's read of it (the folder's certificate keys) are one read. Only files up to
 * `keepFileBytes` are kept: those are the certificates and keys a second reader asks for,
 * while a large configuration is read once, and keeping its bytes beside the decoded text
 * would double its memory for the whole run.
 */
import { defaultReadLimit, tooLargeDetail, type BoundedRead, type FileSystem } from '../core/environment';

export function batchFileSystem(fs: FileSystem, budget = 64 * 1024 * 1024, keepFileBytes = 1024 * 1024): FileSystem {
  const kept = new Map<string, Uint8Array>();
  let keptBytes = 0;
  const read = (path: string, limit = defaultReadLimit): BoundedRead => {
    const hit = kept.get(path);
    // The same bytes answer any limit they fit; a smaller limit than a kept file is refused as the reader would.
    if (hit) return hit.byteLength <= limit ? { ok: true, bytes: hit } : { ok: false, refusal: 'too-large', detail: tooLargeDetail(hit.byteLength, limit) };
    const r = fs.readBoundedSync(path, limit);
    if (r.ok && r.bytes.byteLength <= keepFileBytes && keptBytes + r.bytes.byteLength <= budget) {
      kept.set(path, r.bytes);
      keptBytes += r.bytes.byteLength;
    }
    return r;
  };
  const bytesOf = (path: string): Uint8Array | undefined => {
    const r = read(path);
    return r.ok ? r.bytes : undefined;
  };
  return {
    ...fs,
    readBoundedSync: read,
    readBounded: (path, limit) => Promise.resolve(read(path, limit)),
    readFileSync: bytesOf,
    readFile: (path) => Promise.resolve(bytesOf(path)),
    stat: (path) => Promise.resolve(fs.statSync(path)),
    readDirectory: (path) => Promise.resolve(fs.readDirectorySync(path)),
  };
}
