/**
 * How the workspace itself runs openssl on its configuration files: the `openssl req|ca|x509|ts`
 * commands of its shell scripts, Makefiles, justfiles, Dockerfile `RUN`s, CI steps and Markdown
 * code blocks, each read with the shell `words` of the setup area and commandUsesOf. A path is
 * resolved against the script's folder (a CI workflow's: the repository's), or a `cd` before the
 * command: a literal folder, or the script's own (`cd "$(dirname "$0")"`), for the rest of the
 * script, or of the line in a Makefile recipe or a `( cd … )` subshell. A path or `cd` holding a
 * variable gives no use: nothing here guesses its value.
 *
 * Bounded: at most maxScanned script files of at most maxScriptBytes each, found in at most
 * maxEntries directory entries (depth maxDepth), at most maxCommands openssl commands a script;
 * each file is read in one linear pass and kept, by size and modification time, until it changes.
 */
import * as nodePath from 'node:path';
import type { Environment } from '../environment';
import { words } from '../setup/startCommands';
import { isDockerfileName, isWalkedFolderName } from '../setup/fileNames';
import { commandUsesOf } from './commandUse';
import type { CommandLineUse } from './model';

/** A use of a configuration file found in a script. */
export interface FoundUse {
  /** The configuration file, absolute. */
  readonly file: string;
  readonly use: CommandLineUse;
  /** The script, absolute, and the line of the command (1-based). */
  readonly script: string;
  readonly line: number;
  /** The command as written (at most 160 characters), to name it. */
  readonly command: string;
}

export const maxScriptBytes = 256 * 1024;
export const maxScanned = 300;
export const maxEntries = 5000;
export const maxDepth = 6;
export const maxCommands = 200;
/** `cd` and program words looked at in a script. */
const maxMatches = 5000;

const scriptNameRe = /\.(sh|bash|zsh|ksh|mk|just|ya?ml|md|markdown)$|^(GNUmakefile|[Mm]akefile|[Jj]ustfile)$/;

/** Whether a file name is one the workspace's openssl commands are looked for in. */
export function isScriptName(name: string): boolean {
  return scriptNameRe.test(name) || isDockerfileName(name);
}

const makefileRe = /(^|[\\/])(GNUmakefile|[Mm]akefile|[^\\/]*\.mk)$/;

/** The program word: openssl by name or path, or a variable naming it ($OPENSSL, ${openssl}, ${OPENSSL_BIN}, $(OPENSSL)). */
const commandRe = /(?:^|[\s;&|(`"'=])(cd|(?:[\w./-]*\/)?openssl|\$(?:\{|\()?[A-Za-z_]*(?:OPENSSL|openssl)[A-Za-z_]*[})]?)(?=["']?[ \t])/gm;
const selfDirRe = /^[ \t]+["']?\$\(\s*dirname\s+["']?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)["']?\s*\)["']?(?=[\s;&|)]|$)/;
const literalDirRe = /^[ \t]+(?:"([^"$`\\\n]*)"|'([^'\n]*)'|([^\s;&|)$`'"\\]+))(?=[\s;&|)]|$)/;
const unresolved = /[$`*?{}<>~()]/;

/** The folder a script's relative paths start from: a CI workflow's is the repository's. */
function baseDir(script: string): string {
  const ci = /^(.*?)[\\/]\.(?:github[\\/]workflows|circleci)[\\/]/.exec(script);
  return ci ? ci[1]! : nodePath.dirname(script);
}

/** The uses of configuration files one script's openssl commands make, in the order written. */
export function findScriptUses(script: string, text: string): FoundUse[] {
  if (text.length > maxScriptBytes || !text.includes('openssl') || !/-(config|extfile)\b/.test(text)) return [];
  const makefile = makefileRe.test(script);
  const home = baseDir(script);
  const out: FoundUse[] = [];
  // The folder of the rest of the script, and the one of the current line (a subshell's or recipe's `cd`); undefined: unknown.
  let fileDir: string | undefined = home;
  let lineDir: string | undefined = home;
  let lineEnd = -1;
  let line = 1;
  let lineStart = 0;
  let nextNewline = text.indexOf('\n');
  let commands = 0;
  // Every match moves forward: the lines are counted once over the whole text.
  let matches = 0;
  commandRe.lastIndex = 0;
  for (let m = commandRe.exec(text); m && commands < maxCommands && matches++ < maxMatches; m = commandRe.exec(text)) {
    const word = m[1]!;
    const start = m.index + m[0].length - word.length;
    while (nextNewline !== -1 && nextNewline < start) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    if (start > lineEnd) lineDir = fileDir;
    // A commented-out line (`# openssl ca …`) runs nothing.
    if (/^[ \t]*#/.test(text.slice(lineStart, Math.min(start, lineStart + 200)))) continue;
    const end = start + word.length;
    if (word === 'cd') {
      const rest = text.slice(end, end + 400);
      const lit = literalDirRe.exec(rest);
      const to = selfDirRe.test(rest) ? home : lit ? (lit[1] ?? lit[2] ?? lit[3])! : undefined;
      const joined: string | undefined = to === undefined ? undefined : nodePath.isAbsolute(to) ? nodePath.normalize(to) : lineDir === undefined ? undefined : nodePath.join(lineDir, to);
      // Longer than any real folder (a script that cds on forever): followed no further.
      const dir: string | undefined = joined !== undefined && joined.length <= 1024 ? joined : undefined;
      lineDir = dir;
      if (makefile || text[m.index + m[0].length - word.length - 1] === '(') lineEnd = logicalLineEnd(text, end);
      else fileDir = dir;
      continue;
    }
    commands++;
    const q = text[end];
    const from = (q === '"' || q === "'") && text[start - 1] === q ? end + 1 : end;
    const ws = words(text, from, false);
    if (!ws.length || !/^(req|ca|x509|ts)$/.test(ws[0]!.text)) continue;
    const uses = commandUsesOf(['openssl', ...ws.map((w) => w.text)]);
    if ('error' in uses) continue;
    const command = text.slice(start, Math.min(ws.at(-1)!.end, start + 160)).replace(/\\\r?\n[ \t]*/g, ' ');
    for (const u of uses) {
      // The end of a subshell written against the word: `(cd sub && openssl req -config s.cnf)`.
      const named = u.file.endsWith(')') && !u.file.includes('(') ? u.file.slice(0, -1) : u.file;
      if (!named || named === '-' || unresolved.test(named)) continue;
      const file = nodePath.isAbsolute(named) ? nodePath.normalize(named) : lineDir === undefined ? undefined : nodePath.join(lineDir, named);
      if (file !== undefined) out.push({ file, use: u.use, script, line, command });
    }
  }
  return out;
}

/** Where the line holding `from` ends, past `\` continuations (looked for in at most 4000 characters). */
function logicalLineEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + 4000);
  for (let i = text.indexOf('\n', from); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] !== '\\' && !(text[i - 1] === '\r' && text[i - 2] === '\\')) return i;
  }
  return limit;
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
            hit = { size: st.size, mtimeMs: st.mtimeMs, uses: read.ok ? findScriptUses(p, new TextDecoder().decode(read.bytes)) : [] };
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
    return byFile;
  }
}
