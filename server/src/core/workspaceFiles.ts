/**
 * The files of the workspace folders a whole-workspace check looks at: a bounded,
 * iterative walk (no recursion depth, at most `limit` entries looked at) that skips
 * dependency, build and VCS folders. The host's file system is injected.
 */
import type { FileSystem } from './environment';

/** Folders no walk of the workspace enters: dependencies (vendored ones too), build output, VCS, caches. */
export const skippedFolders: ReadonlySet<string> = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'dist', 'out', 'target', '.vscode-test', '.cache']);

export async function workspaceFiles(fs: FileSystem, roots: readonly string[], limit = 20_000): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  const stack = [...roots].reverse();
  const seen = new Set<string>();
  let budget = limit;
  while (stack.length) {
    const dir = stack.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const names = await fs.readDirectory(dir);
    if (!names) continue;
    const subdirs: string[] = [];
    for (const n of names.sort()) {
      if (--budget < 0) return { files, truncated: true };
      const p = dir.endsWith('/') ? `${dir}${n}` : `${dir}/${n}`;
      const st = await fs.stat(p);
      if (st?.type === 'file') files.push(p);
      else if (st?.type === 'directory' && !skippedFolders.has(n)) subdirs.push(p);
    }
    for (const d of subdirs.reverse()) stack.push(d);
  }
  return { files, truncated: false };
}
