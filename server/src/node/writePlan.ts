/**
 * Executes an issuing WritePlan on the local file system (the CLI's front end;
 * the editor executes plans through vscode.workspace.fs instead).
 *
 * - Checks everything first, writes nothing when a check fails.
 * - Refuses symbolic links anywhere below the root (a planted link could
 *   redirect a private key) and non-regular files.
 * - Never replaces an existing file the plan does not mean to replace
 *   (`replace: false`) unless `force`; identical contents count as unchanged.
 * - Writes atomically: a temporary file in the same folder with the final mode,
 *   fsync, then link (no-clobber) or rename (replace) onto the target.
 * - Folders it creates get mode 0700 (chmod after mkdir, so the umask cannot widen it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PlannedFile, WritePlan } from '../core/issue/types';

export interface ExecuteOptions {
  /** Replace existing keys/certificates the plan would otherwise refuse to overwrite. */
  readonly force?: boolean;
}

export interface WrittenFile {
  readonly path: string;
  readonly kind: PlannedFile['kind'];
  readonly mode: number;
  readonly description: string;
  /** true when an existing file was replaced. */
  readonly replaced: boolean;
}

export interface ExecuteResult {
  readonly root: string;
  readonly written: readonly WrittenFile[];
  /** Files that already had exactly the planned contents. */
  readonly unchanged: readonly string[];
  readonly createdDirectories: readonly string[];
  readonly warnings: readonly string[];
}

/** The plan cannot be executed safely; nothing was written. */
export class WritePlanError extends Error {
  constructor(
    message: string,
    readonly conflicts: readonly string[] = [],
  ) {
    super(message);
    this.name = 'WritePlanError';
  }
}

function checkRelative(p: string): void {
  if (!p || path.isAbsolute(p) || p.includes('\\') || p.split('/').some((s) => s === '..' || s === '')) {
    throw new WritePlanError(`unsafe path in plan: ${JSON.stringify(p)}`);
  }
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Refuses symlinks on every component between root (exclusive) and target (inclusive). */
function checkNoSymlinks(root: string, rel: string): void {
  let cur = root;
  for (const seg of rel.split('/')) {
    if (seg === '.') continue;
    cur = path.join(cur, seg);
    const st = lstat(cur);
    if (!st) return;
    if (st.isSymbolicLink()) throw new WritePlanError(`refusing to write through the symbolic link ${cur}`);
  }
}

export function executeWritePlan(rootDir: string, plan: WritePlan, options: ExecuteOptions = {}): ExecuteResult {
  const root = path.resolve(rootDir);
  const rootStat = lstat(root);
  if (rootStat && !rootStat.isDirectory() && !(rootStat.isSymbolicLink() && fs.statSync(root).isDirectory())) {
    throw new WritePlanError(`${root} exists and is not a folder`);
  }
  const warnings: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  const toWrite: { file: PlannedFile; target: string; exists: boolean }[] = [];

  // 1. Check everything.
  for (const d of plan.directories) {
    if (d.path === '.') continue;
    checkRelative(d.path);
    checkNoSymlinks(root, d.path);
    const st = lstat(path.join(root, d.path));
    if (st && !st.isDirectory()) throw new WritePlanError(`${path.join(root, d.path)} exists and is not a folder`);
  }
  for (const f of plan.files) {
    checkRelative(f.path);
    checkNoSymlinks(root, f.path);
    const target = path.join(root, f.path);
    const st = lstat(target);
    if (st && !st.isFile()) throw new WritePlanError(`${target} exists and is not a regular file`);
    if (st) {
      const same = fs.readFileSync(target, 'utf8') === f.contents;
      if (same && (st.mode & 0o777) === f.mode) {
        unchanged.push(f.path);
        continue;
      }
      if (!same && !f.replace && !options.force) conflicts.push(f.path);
    }
    toWrite.push({ file: f, target, exists: !!st });
  }
  if (conflicts.length) {
    throw new WritePlanError(
      `refusing to overwrite existing ${conflicts.length === 1 ? 'file' : 'files'} ${conflicts.map((c) => path.join(root, c)).join(', ')} (use --force to replace)`,
      conflicts,
    );
  }

  // 2. Folders, mode 0700.
  const createdDirectories: string[] = [];
  const ensureDir = (abs: string): void => {
    if (lstat(abs)) return;
    ensureDir(path.dirname(abs));
    fs.mkdirSync(abs, { mode: 0o700 });
    fs.chmodSync(abs, 0o700);
    createdDirectories.push(abs);
  };
  ensureDir(root);
  for (const d of plan.directories) ensureDir(d.path === '.' ? root : path.join(root, d.path));
  const keyDirs = new Set(plan.files.filter((f) => f.kind === 'key' || f.kind === 'state').map((f) => path.dirname(path.join(root, f.path))));
  for (const dir of keyDirs) {
    const mode = fs.statSync(dir).mode & 0o777;
    if (mode & 0o077 && !createdDirectories.includes(dir)) warnings.push(`folder ${dir} holding private keys has mode ${mode.toString(8).padStart(4, '0')}; 0700 is recommended (chmod 700 ${dir})`);
  }

  // 3. Files, atomically.
  const written: WrittenFile[] = [];
  for (const { file, target, exists } of toWrite) {
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), file.mode);
    try {
      fs.writeSync(fd, file.contents);
      fs.fchmodSync(fd, file.mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      if (exists) {
        fs.renameSync(tmp, target);
      } else {
        // No-clobber: link fails with EEXIST if the file appeared since the check.
        fs.linkSync(tmp, target);
        fs.unlinkSync(tmp);
      }
    } catch (e) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new WritePlanError(`${target} appeared while writing; not overwritten`, [file.path]);
      throw e;
    }
    written.push({ path: file.path, kind: file.kind, mode: file.mode, description: file.description, replaced: exists });
  }
  return { root, written, unchanged, createdDirectories, warnings };
}
