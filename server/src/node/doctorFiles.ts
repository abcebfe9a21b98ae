/**
 * Reads what the TLS doctor needs from a workspace: the certificate, key and
 * configuration files that the workspace scanner finds, as bytes with their
 * permission bits, through the one bounded reader (regular files only, never
 * blocking on a FIFO, a size cap per file) and with a cap on the number of files.
 */
import { relative } from 'node:path';
import type { WorkspaceFile } from '../core/doctor';
import { nodeFileSystem } from './nodeEnvironment';
import { defaultScanOptions, findCandidates } from './workspaceScanner';

const maxBytes = 2 * 1024 * 1024;
const maxFiles = 20_000;

/** Files below `root`, with paths relative to it ('/'-separated). */
export async function readDoctorFiles(root: string): Promise<WorkspaceFile[]> {
  const { files } = await findCandidates([root], { ...defaultScanOptions, maxFiles });
  const out: WorkspaceFile[] = [];
  for (const f of files) {
    const read = nodeFileSystem.readBoundedSync(f.path, maxBytes);
    if (!read.ok) continue;
    const st = nodeFileSystem.statSync(f.path);
    out.push({ path: relative(root, f.path).split('\\').join('/') || f.path, bytes: read.bytes, mode: st?.mode, uid: st?.uid });
  }
  return out;
}
