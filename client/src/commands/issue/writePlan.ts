/**
 * Executes a write plan from the issuing core inside the editor, through
 * `vscode.workspace.fs` so that remote workspaces work. Rules (issue #4, "Safety"):
 * folders 0700, keys 0600, never overwrite an existing key or certificate without
 * asking, write each file atomically (temporary sibling + rename).
 */
import { chmod, open } from 'node:fs/promises';
import * as vscode from 'vscode';

/** The parts of the core's WritePlan the client needs (same JSON shape, see server/src/core/issue/types.ts). */
export interface PlanFile {
  readonly path: string;
  readonly contents: string;
  readonly kind: string;
  readonly mode: number;
  readonly replace: boolean;
  readonly description: string;
}
export interface Plan {
  readonly directories: ReadonlyArray<{ readonly path: string; readonly mode: number }>;
  readonly files: readonly PlanFile[];
}

/** What to do with files that exist with other contents and are not meant to be replaced. */
export type OverwritePolicy = 'ask' | 'overwrite' | 'refuse';

export interface PlanOutcome {
  readonly written: vscode.Uri[];
  /** Existing files with the same contents (nothing to do). */
  readonly unchanged: vscode.Uri[];
  readonly directories: vscode.Uri[];
}

export class PlanCancelled extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function resolvePlanPath(root: vscode.Uri, relative: string, directory = false): vscode.Uri {
  // "." is the target folder itself (a directory entry when keys go straight into it: DM, PostgreSQL).
  if (directory && relative === '.') return root;
  const segments = relative.split('/');
  // The core validates paths; this is a second fence against anything escaping `root`.
  if (!relative || relative.startsWith('/') || segments.some((s) => !s || s === '.' || s === '..')) {
    throw new Error(`refusing to write outside the target folder: ${JSON.stringify(relative)}`);
  }
  return vscode.Uri.joinPath(root, ...segments);
}

async function exists(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}

/**
 * POSIX modes. `workspace.fs` has no chmod (the FileSystemProvider API has no notion of
 * permissions), so for `file:` URIs — which is also what a remote extension host sees
 * for the remote machine's files — modes are applied with Node's fs right after the
 * write. Other schemes (virtual file systems) cannot carry modes; that is logged.
 */
async function applyMode(uri: vscode.Uri, mode: number, log: vscode.LogOutputChannel): Promise<void> {
  if (uri.scheme !== 'file') {
    log.warn(`cannot set mode ${mode.toString(8)} on ${uri.toString()}: the ${uri.scheme}: file system has no permissions API`);
    return;
  }
  await chmod(uri.fsPath, mode);
}

/**
 * Creates the temporary file for an atomic write. For `file:` URIs the empty file is
 * created first with the final mode (O_EXCL, 0600 for keys), so key material is never
 * readable by others even for the instant between write and chmod; workspace.fs then
 * truncates and fills it, which keeps the mode.
 */
async function prepareTemp(tmp: vscode.Uri, mode: number): Promise<void> {
  if (tmp.scheme !== 'file') return;
  const handle = await open(tmp.fsPath, 'wx', mode);
  await handle.close();
}

/**
 * Writes the plan below `root`. Conflicts (existing files with other contents whose
 * `replace` is false) are all collected first; with policy `ask` one modal dialog
 * lists them; nothing is written unless every conflict is resolved.
 */
export async function executePlan(root: vscode.Uri, plan: Plan, policy: OverwritePolicy, log: vscode.LogOutputChannel): Promise<PlanOutcome> {
  const targets = plan.files.map((f) => ({ file: f, uri: resolvePlanPath(root, f.path) }));
  const conflicts: Array<{ file: PlanFile; uri: vscode.Uri }> = [];
  const unchanged: vscode.Uri[] = [];
  for (const t of targets) {
    const stat = await exists(t.uri);
    if (!stat) continue;
    if (stat.type & vscode.FileType.Directory) throw new Error(`${t.file.path} exists and is a folder`);
    const current = decoder.decode(await vscode.workspace.fs.readFile(t.uri));
    if (current === t.file.contents) unchanged.push(t.uri);
    else if (!t.file.replace) conflicts.push(t);
  }
  if (conflicts.length) {
    const list = conflicts.map((c) => `${c.file.path} (${c.file.description})`).join('\n');
    if (policy === 'refuse') throw new Error(`refusing to overwrite existing files:\n${list}`);
    if (policy === 'ask') {
      const keys = conflicts.filter((c) => c.file.kind === 'key').length;
      const choice = await vscode.window.showWarningMessage(
        `Overwrite ${conflicts.length} existing file(s)?`,
        {
          modal: true,
          detail: `${list}\n\n${keys ? `${keys} of them ${keys === 1 ? 'is a private key' : 'are private keys'}: anything that uses ${keys === 1 ? 'it' : 'them'} stops working. ` : ''}The old contents are not kept.`,
        },
        'Overwrite',
      );
      if (choice !== 'Overwrite') throw new PlanCancelled('nothing was written: existing files were kept');
    }
  }

  const directories: vscode.Uri[] = [];
  for (const d of plan.directories) {
    const uri = resolvePlanPath(root, d.path, true);
    const stat = await exists(uri);
    if (stat && !(stat.type & vscode.FileType.Directory)) throw new Error(`${d.path} exists and is not a folder`);
    if (!stat) await vscode.workspace.fs.createDirectory(uri);
    // Also tighten folders that already existed: a key folder readable by others is the
    // very thing CockroachDB refuses (rules doc C.2).
    await applyMode(uri, d.mode, log);
    directories.push(uri);
  }

  const written: vscode.Uri[] = [];
  const skip = new Set(unchanged.map((u) => u.toString()));
  for (const { file, uri } of targets) {
    if (skip.has(uri.toString())) {
      await applyMode(uri, file.mode, log);
      continue;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    const tmp = uri.with({ path: `${uri.path}.certwright-${process.pid}-${Date.now().toString(36)}.tmp` });
    try {
      await prepareTemp(tmp, file.mode);
      await vscode.workspace.fs.writeFile(tmp, encoder.encode(file.contents));
      await applyMode(tmp, file.mode, log);
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
    } catch (err) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw err;
    }
    await applyMode(uri, file.mode, log);
    written.push(uri);
    // Paths and kinds only: contents (key material) are never logged.
    log.info(`wrote ${file.path} (${file.description}, mode ${file.mode.toString(8)})`);
  }
  return { written, unchanged, directories };
}
