/**
 * The certificate files a CA rotation looks at below a CA folder (the CLI's and the
 * language server's `ca rotate`): regular files named *.crt / *.pem / *.cer of at most
 * 1 MiB, never through a symbolic link, outside the CA's private folder and hidden
 * folders, bounded in number by the workspace scanner's walk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultScanOptions, findCandidates } from './workspaceScanner';

/** `inside`: folders within caDir where the layout itself keeps leaves (easy-rsa's pki/issued), still looked at. */
export async function rotationCandidates(root: string, caDir: string, inside: readonly string[] = []): Promise<string[]> {
  const { files } = await findCandidates([root], { ...defaultScanOptions, maxFiles: 20_000 });
  const out: string[] = [];
  for (const f of files) {
    if (!/\.(crt|pem|cer)$/i.test(f.path)) continue;
    const rel = path.relative(root, f.path).split(path.sep).join('/');
    if ((rel.startsWith(`${caDir}/`) && !inside.some((f) => rel.startsWith(`${f}/`) && !rel.slice(f.length + 1).includes('/'))) || rel.split('/').some((s) => s.startsWith('.'))) continue;
    try {
      const st = fs.lstatSync(f.path);
      if (st.isFile() && st.size <= 1024 * 1024) out.push(rel);
    } catch {
      /* gone meanwhile */
    }
  }
  return out.sort();
}
