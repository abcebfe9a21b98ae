/**
 * Reads what the TLS doctor needs from a workspace: the certificate, key and
 * configuration files that the workspace scanner finds, as bytes with their
 * permission bits. Bounded: regular files only (a symlink to a device or FIFO
 * is never opened), a size cap per file, a cap on the number of files.
 */
import { openSync, readSync, closeSync, fstatSync, lstatSync, constants } from 'node:fs';
import { relative } from 'node:path';
import type { WorkspaceFile } from '../core/doctor';
import { defaultScanOptions, findCandidates } from './workspaceScanner';

const maxBytes = 2 * 1024 * 1024;
const maxFiles = 20_000;

/** The file's bytes when it is a regular file under the cap; undefined otherwise. Never blocks on a FIFO. */
function readRegular(path: string): { bytes: Uint8Array; mode: number; uid: number } | undefined {
  let fd: number | undefined;
  try {
    if (!lstatSync(path).isFile()) return undefined;
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const bytes = new Uint8Array(st.size);
    let off = 0;
    while (off < bytes.length) {
      const n = readSync(fd, bytes, off, bytes.length - off, off);
      if (n <= 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off), mode: st.mode & 0o7777, uid: st.uid };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Files below `root`, with paths relative to it ('/'-separated). */
export async function readDoctorFiles(root: string): Promise<WorkspaceFile[]> {
  const { files } = await findCandidates([root], { ...defaultScanOptions, maxFiles });
  const out: WorkspaceFile[] = [];
  for (const f of files) {
    const r = readRegular(f.path);
    if (r) out.push({ path: relative(root, f.path).split('\\').join('/') || f.path, ...r });
  }
  return out;
}
