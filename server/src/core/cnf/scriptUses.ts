/**
 * How the workspace itself runs openssl on its configuration files: the `openssl req|ca|x509|ts`
 * commands (with -config / -extfile, or reading the file `OPENSSL_CONF=` names) of its shell scripts, Makefiles, justfiles, Dockerfile `RUN`s, CI steps and Markdown
 * code blocks, each read with the shell `words` of the setup area and commandUsesOf. A path is
 * resolved against the script's folder (a CI workflow's: the repository's), or a `cd` before the
 * command: a literal folder, or the script's own (`cd "$(dirname "$0")"`), for the rest of the
 * script, or of the line in a Makefile recipe or a `( cd … )` subshell. A path or `cd` holding a
 * variable gives no use: nothing here guesses its value.
 *
 * Bounded: at most maxCommands openssl commands a script, read in one linear pass. The scripts are
 * found, read and kept until they change by WorkspaceUses (workspaceUses.ts), which loads this
 * module only for a script that may name a configuration file.
 */
import * as nodePath from 'node:path';
import { logicalLineEnd, words } from '../setup/startCommands';
import { commandUsesOf } from './commandUse';
import { loadConfig } from './expand';
import { parseCnf } from './parser';
import type { Environment } from '../environment';
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
  /** The folder the command runs in (where OpenSSL opens a relative `.include`). */
  readonly cwd?: string;
  /**
   * For a file the command reads through `.include` (not named on the command line): the `.include`
   * line (1-based) that brings it in, and the file holding it.
   */
  readonly via?: { readonly file: string; readonly line: number };
}

export const maxCommands = 200;
/** `cd` and program words looked at in a script. */
const maxMatches = 5000;

const makefileRe = /(^|[\\/])(GNUmakefile|[Mm]akefile|[^\\/]*\.mk)$/;

/** The program word: openssl by name or path, or a variable naming it ($OPENSSL, ${openssl}, ${OPENSSL_BIN}, $(OPENSSL)). */
const commandRe = /(?:^|[\s;&|(`"'=])(cd|(?:[\w./-]*\/)?openssl|\$(?:\{|\()?[A-Za-z_]*(?:OPENSSL|openssl)[A-Za-z_]*[})]?)(?=["']?[ \t])/gm;
const selfDirRe = /^[ \t]+["']?\$\(\s*dirname\s+["']?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)["']?\s*\)["']?(?=[\s;&|)]|$)/;
const literalDirRe = /^[ \t]+(?:"([^"$`\\\n]*)"|'([^'\n]*)'|([^\s;&|)$`'"\\]+))(?=[\s;&|)]|$)/;
const unresolved = /[$`*?{}<>~()]/;
/** `OPENSSL_CONF=<literal path>`, exported or written before a command: the file commands without -config read. */
const confRe = /(?:^|[\s;&|(])(export[ \t]+)?OPENSSL_CONF=(?:"([^"$`\\\n]*)"|'([^'\n]*)'|([^\s;&|)$`'"\\]+)|(\S*))(?=[\s;&|)]|$)/gm;

/** The OPENSSL_CONF assignments of a script, in order: where each ends, its value, and whether it is exported. */
function confAssignments(text: string): { readonly end: number; readonly value: string | undefined; readonly exported: boolean }[] {
  if (!text.includes('OPENSSL_CONF=')) return [];
  const out: { end: number; value: string | undefined; exported: boolean }[] = [];
  confRe.lastIndex = 0;
  // A value holding a variable or a substitution is unknown: it hides an earlier one, and names nothing.
  for (let m = confRe.exec(text); m && out.length < maxCommands; m = confRe.exec(text)) {
    if (m[0].length === 0) confRe.lastIndex++;
    else out.push({ end: m.index + m[0].length, value: m[2] ?? m[3] ?? m[4], exported: !!m[1] });
  }
  return out;
}

/**
 * The configuration file an openssl command at `start` reads without -config: OPENSSL_CONF written just before it
 * (`OPENSSL_CONF=f openssl req …`), else the last one exported before it in the script.
 */
function confAt(assignments: ReturnType<typeof confAssignments>, text: string, start: number): string | undefined {
  let exported: string | undefined;
  for (const a of assignments) {
    if (a.end > start) break;
    if (/^[ \t]+$/.test(text.slice(a.end, start))) return a.value;
    // A value not known makes every later command's file unknown until the next export.
    if (a.exported) exported = a.value;
  }
  return exported;
}

/** The folder a script's relative paths start from: a CI workflow's is the repository's. */
function baseDir(script: string): string {
  const ci = /^(.*?)[\\/]\.(?:github[\\/]workflows|circleci)[\\/]/.exec(script);
  return ci ? ci[1]! : nodePath.dirname(script);
}

/**
 * The uses of configuration files one script's openssl commands make, in the order written. The
 * caller bounds the text: WorkspaceUses (workspaceUses.ts) reads at most maxScriptBytes of a script,
 * and gives it here only when it mayUseConfigs.
 */
export function findScriptUses(script: string, text: string): FoundUse[] {
  const confs = confAssignments(text);
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
      if (makefile || text[m.index + m[0].length - word.length - 1] === '(') lineEnd = logicalLineEnd(text, end, Math.min(text.length, end + 4000));
      else fileDir = dir;
      continue;
    }
    commands++;
    const q = text[end];
    const from = (q === '"' || q === "'") && text[start - 1] === q ? end + 1 : end;
    const ws = words(text, from, false);
    if (!ws.length || !/^(req|ca|x509|ts)$/.test(ws[0]!.text)) continue;
    const argv = ws.map((w) => w.text);
    // Without -config, req, ca and ts read OPENSSL_CONF's file (a library module that fails there is skipped, as at start-up).
    const envConf = ws[0]!.text !== 'x509' && !argv.some((w) => /^--?config(=|$)/.test(w)) ? confAt(confs, text, start) : undefined;
    const uses = commandUsesOf(['openssl', ...argv, ...(envConf !== undefined && !unresolved.test(envConf) ? ['-config', envConf] : [])]);
    if ('error' in uses) continue;
    const command = text.slice(start, Math.min(ws.at(-1)!.end, start + 160)).replace(/\\\r?\n[ \t]*/g, ' ');
    for (const u of uses) {
      // The end of a subshell written against the word: `(cd sub && openssl req -config s.cnf)`.
      const named = u.file.endsWith(')') && !u.file.includes('(') ? u.file.slice(0, -1) : u.file;
      if (!named || named === '-' || unresolved.test(named)) continue;
      const file = nodePath.isAbsolute(named) ? nodePath.normalize(named) : lineDir === undefined ? undefined : nodePath.join(lineDir, named);
      const use = envConf !== undefined && u.file === envConf ? { ...u.use, loadedAs: 'opensslConf' as const } : u.use;
      if (file !== undefined) out.push({ file, use, script, line, command, cwd: lineDir! });
    }
  }
  return out;
}

/** The files a configuration file reads through `.include` (directly or not), each with the `.include` line that reads it. */
export function includedFiles(path: string, text: string, env: Pick<Environment, 'fs' | 'getEnv' | 'cwd'>): { file: string; via: { file: string; line: number } }[] {
  if (!text.includes('.include')) return [];
  const config = loadConfig(parseCnf(text), { path, env });
  const out: { file: string; via: { file: string; line: number } }[] = [];
  for (const inc of config.includes) {
    const holder = config.files.get(inc.file)?.text ?? '';
    let line = 1;
    for (let i = holder.indexOf('\n'); i !== -1 && i < inc.node.start; i = holder.indexOf('\n', i + 1)) line++;
    for (const f of inc.files) out.push({ file: f, via: { file: inc.file, line } });
  }
  return out;
}
