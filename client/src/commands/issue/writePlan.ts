/**
 * The editor's file system for the CA store (server/src/core/issue/caStore.ts, reached
 * through server/src/protocol/caStore.ts): the same lock, journal, compare-before-commit,
 * symlink refusal and protected CA files as the CLI, over `vscode.workspace.fs` so that
 * remote workspaces work.
 *
 * - `file:` URIs (also what a remote extension host sees for the remote machine's files):
 *   new files and the lock are created with Node's O_EXCL and their final mode (0600 for
 *   keys) before any byte is written, so a key is never readable by others and two
 *   creators of the lock cannot both win; the lock appears whole (node/createLinked.ts). Folders Certwright creates get 0700; existing
 *   folders (the workspace root above all) are never chmod-ed.
 * - Other schemes (virtual file systems) have neither modes nor an exclusive create:
 *   creation is stat-then-write, and the lock's token is read back to detect a lost race.
 */
import { chmod, lstat, mkdir, open, unlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import { createLinked, processIdentity, type StoreFs, type StoreStat } from '../../../../server/src/protocol/caStore';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const notFound = (e: unknown): boolean => (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') || (e as { code?: string }).code === 'ENOENT';
const exists = (): Error => Object.assign(new Error('file exists'), { code: 'EEXIST' });

/** What to do with files that exist with other contents and are not meant to be replaced. */
export type OverwritePolicy = 'ask' | 'overwrite' | 'refuse';

export class PlanCancelled extends Error {}

/** The StoreFs of the folder `root` (layout root). */
export function workspaceStoreFs(root: vscode.Uri, log: vscode.LogOutputChannel): StoreFs {
  const uri = (p: string): vscode.Uri => (p ? vscode.Uri.joinPath(root, ...p.split('/')) : root);
  const onDisk = root.scheme === 'file';
  let warnedModes = false;
  const noModes = (): void => {
    if (onDisk || warnedModes) return;
    warnedModes = true;
    log.warn(vscode.l10n.t('the {0}: file system has no permissions: keys are written without mode 0600', root.scheme));
  };
  const identity = processIdentity();
  return {
    ...identity,
    waiting: (message) => log.info(message),
    location: root.toString(),
    open: (location) => workspaceStoreFs(vscode.Uri.parse(location), log),
    async stat(p): Promise<StoreStat | undefined> {
      let st: vscode.FileStat;
      try {
        st = await vscode.workspace.fs.stat(uri(p));
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
      const kind = st.type & vscode.FileType.SymbolicLink ? 'symlink' : st.type & vscode.FileType.Directory ? 'directory' : st.type & vscode.FileType.File ? 'file' : 'other';
      // workspace.fs has no permission bits; on disk they come from lstat.
      const mode = onDisk ? (await lstat(uri(p).fsPath)).mode & 0o777 : undefined;
      return { kind, mtimeMs: st.mtime, size: st.size, ...(mode !== undefined ? { mode } : {}) };
    },
    async read(p) {
      try {
        return decoder.decode(await vscode.workspace.fs.readFile(uri(p)));
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async createExclusive(p, contents, mode, options) {
      const target = uri(p);
      if (onDisk && options?.atomic && createLinked(target.fsPath, contents, mode, identity.random())) return;
      if (onDisk) {
        const handle = await open(target.fsPath, 'wx', mode).catch((e: NodeJS.ErrnoException) => {
          throw e.code === 'EEXIST' ? exists() : e;
        });
        try {
          await handle.writeFile(contents);
          await handle.chmod(mode);
          if (options?.durable !== false) await handle.sync();
        } catch (e) {
          await handle.close();
          await unlink(target.fsPath).catch(() => undefined);
          throw e;
        }
        await handle.close();
        return;
      }
      noModes();
      if (await this.stat(p)) throw exists();
      await vscode.workspace.fs.writeFile(target, typeof contents === 'string' ? encoder.encode(contents) : contents);
    },
    async rename(from, to) {
      await vscode.workspace.fs.rename(uri(from), uri(to), { overwrite: true });
    },
    async remove(p) {
      try {
        await vscode.workspace.fs.delete(uri(p), { useTrash: false });
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
    async mkdir(p, mode) {
      if (!onDisk) {
        await vscode.workspace.fs.createDirectory(uri(p));
        return;
      }
      // Not workspace.fs.createDirectory: it creates missing parents (the CA folder itself)
      // with the default 0755. Like easy-rsa (umask 077), every folder made here is 0700;
      // folders that exist are left as they are.
      await mkdir(uri(p).fsPath, { recursive: true, mode });
      await chmod(uri(p).fsPath, mode);
    },
  };
}
