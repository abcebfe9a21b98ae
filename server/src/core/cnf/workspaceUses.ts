/**
 * The workspace's scripts that may run openssl on its configuration files, and the uses their
 * commands make (cnf/scriptUses.ts reads the commands): found by a bounded walk of the workspace
 * folders and kept, by size and modification time, until they change. The shell reader is loaded
 * only for a script that names `openssl` and `-config`, `-extfile` or `OPENSSL_CONF=`: a lint of a folder without
 * one loads nothing more than this walk.
 *
 * Bounded: at most maxScanned script files of at most maxScriptBytes each, found in at most
 * maxEntries directory entries (depth maxDepth).
 */
import * as nodePath from 'node:path';
import type { Environment } from '../environment';
import { isDockerfileName, isWalkedFolderName } from '../setup/fileNames';
import type { FoundUse } from './scriptUses';

export const maxScriptBytes = 256 * 1024;
export const maxScanned = 300;
export const maxEntries = 5000;
export const maxDepth = 6;

const scriptNameRe = /\.(sh|bash|zsh|ksh|mk|just|ya?ml|md|markdown)$|^(GNUmakefile|[Mm]akefile|[Jj]ustfile)$/;

/** Whether a file name is one the workspace's openssl commands are looked for in. */
export function isScriptName(name: string): boolean {
  return scriptNameRe.test(name) || isDockerfileName(name);
}

/** Whether a script's text may hold an openssl command that reads a configuration file (-config, -extfile, OPENSSL_CONF). */
export function mayUseConfigs(text: string): boolean {
  // The program may be named only by a variable ($OPENSSL, ${OPENSSL_BIN}), as scriptUses reads it.
  return (text.includes('openssl') || text.includes('OPENSSL')) && /-(config|extfile)\b|OPENSSL_CONF=/.test(text);
}

/**
 * The uses the scripts of the workspace folders make, by configuration file (absolute path), each
 * script read again only when its size or modification time changed since the last scan.
 */
export class WorkspaceUses {
  private scan: Promise<ReadonlyMap<string, readonly FoundUse[]>> | undefined;
  private scannedAt = 0;
  private readonly perScript = new Map<string, { readonly size: number; readonly mtimeMs: number | undefined; readonly uses: readonly FoundUse[] }>();

  /**
   * @param maxAgeMs how long a scan is reused without a reported change (a host that sees every
   * change passes Infinity; one that may miss a new script, a bound on how long it is missed).
   */
  constructor(
    private readonly env: Environment,
    private readonly roots: () => readonly string[],
    private readonly maxAgeMs = Infinity,
  ) {}

  /** The last scan done: current while `scan` is the one that made it. */
  private done: { readonly scan: Promise<ReadonlyMap<string, readonly FoundUse[]>>; readonly uses: ReadonlyMap<string, readonly FoundUse[]> } | undefined;

  /** The uses of one configuration file, in the order found (scanning again when the last scan is out of date). */
  async of(file: string): Promise<readonly FoundUse[]> {
    if (!this.fresh()) {
      this.scannedAt = this.env.now().getTime();
      const scan = (this.scan = this.walk());
      void scan.then((uses) => {
        if (this.scan === scan) this.done = { scan, uses };
      });
    }
    return (await this.scan!).get(file) ?? [];
  }

  /** Whether a scan is under way or done since the last reported change, and not older than maxAgeMs. */
  fresh(): boolean {
    return !!this.scan && this.env.now().getTime() - this.scannedAt <= this.maxAgeMs;
  }

  /** The uses of one configuration file the last scan done found, current or not; undefined before any. */
  known(file: string): { readonly uses: readonly FoundUse[]; readonly current: boolean } | undefined {
    if (!this.done) return undefined;
    return { uses: this.done.uses.get(file) ?? [], current: this.done.scan === this.scan && this.fresh() };
  }

  /** Files reported changed, created or deleted: whether one may change the uses (the next question scans again). */
  changed(paths: readonly string[]): boolean {
    const relevant = paths.some((p) => isScriptName(nodePath.basename(p)) || !nodePath.extname(p));
    if (relevant) this.scan = undefined;
    return relevant;
  }

  private async walk(): Promise<ReadonlyMap<string, readonly FoundUse[]>> {
    const fs = this.env.fs;
    const byFile = new Map<string, FoundUse[]>();
    const seen = new Set<string>();
    let entries = maxEntries;
    let scanned = maxScanned;
    const stack = this.roots().map((d) => ({ d, depth: 0 }));
    while (stack.length && entries > 0 && scanned > 0) {
      const { d, depth } = stack.pop()!;
      const names = await fs.readDirectory(d);
      if (!names) continue;
      for (const n of names) {
        if (--entries <= 0 || scanned <= 0) break;
        const p = nodePath.join(d, n);
        if (isScriptName(n)) {
          const st = await fs.stat(p);
          if (!st || st.type !== 'file' || st.size > maxScriptBytes) continue;
          scanned--;
          seen.add(p);
          let hit = this.perScript.get(p);
          if (!hit || hit.size !== st.size || hit.mtimeMs === undefined || hit.mtimeMs !== st.mtimeMs) {
            const read = await fs.readBounded(p, maxScriptBytes);
            const text = read.ok ? new TextDecoder().decode(read.bytes) : '';
            hit = { size: st.size, mtimeMs: st.mtimeMs, uses: mayUseConfigs(text) ? (await import('./scriptUses.js')).findScriptUses(p, text) : [] };
            this.perScript.set(p, hit);
          }
          for (const u of hit.uses) {
            const list = byFile.get(u.file) ?? [];
            if (!list.length) byFile.set(u.file, list);
            list.push(u);
          }
        } else if (depth < maxDepth && isWalkedFolderName(n)) stack.push({ d: p, depth: depth + 1 });
      }
    }
    for (const p of this.perScript.keys()) if (!seen.has(p)) this.perScript.delete(p);
    // Only scripts with uses (the shell reader is loaded then) name configuration files whose includes matter.
    if (byFile.size) await this.addIncluded(byFile);
    return byFile;
  }

  /** The `.include`s of each configuration file a command reads, by file and folder run in, kept until the file changes. */
  private readonly perConfig = new Map<string, { readonly size: number; readonly mtimeMs: number | undefined; readonly included: readonly { readonly file: string; readonly via: { readonly file: string; readonly line: number } }[] }>();

  /**
   * The files the configuration files read through `.include`, as OpenSSL opens them when the command
   * runs (a relative path against the folder it runs in, or OPENSSL_CONF_INCLUDE): each is used as the
   * command uses the file including it (OpenSSL reads them as one configuration), with the `.include` line.
   */
  private async addIncluded(byFile: Map<string, FoundUse[]>): Promise<void> {
    const fs = this.env.fs;
    const current = new Set<string>();
    let budget = maxScanned;
    for (const [conf, uses] of [...byFile]) {
      for (const cwd of new Set(uses.map((u) => u.cwd ?? nodePath.dirname(conf)))) {
        if (budget-- <= 0) return;
        const key = `${conf}\u0000${cwd}`;
        current.add(key);
        const st = await fs.stat(conf);
        if (!st || st.type !== 'file' || st.size > maxConfigBytes) continue;
        let hit = this.perConfig.get(key);
        if (!hit || hit.size !== st.size || hit.mtimeMs === undefined || hit.mtimeMs !== st.mtimeMs) {
          const read = await fs.readBounded(conf, maxConfigBytes);
          hit = { size: st.size, mtimeMs: st.mtimeMs, included: read.ok ? (await import('./scriptUses.js')).includedFiles(conf, new TextDecoder().decode(read.bytes), { fs, getEnv: (n) => this.env.getEnv(n), cwd: () => cwd }) : [] };
          this.perConfig.set(key, hit);
        }
        if (!hit.included.length) continue;
        for (const u of uses.filter((x) => (x.cwd ?? nodePath.dirname(conf)) === cwd)) {
          for (const inc of hit.included) {
            if (inc.file === conf) continue;
            const list = byFile.get(inc.file) ?? [];
            if (!list.length) byFile.set(inc.file, list);
            list.push({ ...u, file: inc.file, via: inc.via });
          }
        }
      }
    }
    for (const k of this.perConfig.keys()) if (!current.has(k)) this.perConfig.delete(k);
  }
}

/** The largest configuration file whose includes are followed (as the lint of a file reads at most). */
const maxConfigBytes = 4 * 1024 * 1024;

