/**
 * `certwright lint [paths or globs]`: runs every registered linter (openssl.cnf,
 * PEM, DM / CockroachDB setups...) over files, directories (walked) and globs,
 * the same core the language server uses. Text (`file:line:col severity code
 * message`), JSON or SARIF 2.1.0 output; exit 1 when there are errors, 0
 * otherwise, 2 on bad usage or unreadable paths.
 */

import { parseArgs } from './args';
import * as path from 'node:path';
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { lintFile } from '../core/linters';
import { sniffConfig } from '../core/cnf/sniff';
import type { LintInput, WorkspacePki } from '../core/linter';
import type { CommandLineUse } from '../core/cnf/model';
import type { FoundUse } from '../core/cnf/scriptUses';
import type { WorkspaceUses } from '../core/cnf/workspaceUses';
import type { FileSystem } from '../core/environment';
import { LineIndex } from '../core/lineIndex';
import { defaultLintSettings, type Finding, type Severity } from '../core/types';
import { nodeEnvironment, nodeFileSystem } from '../node/nodeEnvironment';
import { batchFileSystem } from '../node/batchFileSystem';
import { UsageError, writeRaw, type CliCommand, type CliIo } from './command';
import { localise } from './report';
import { append } from '../core/append';
import { plural } from '../core/format';
import { tr } from '../core/l10n';

const help = [
  tr`Usage: certwright lint [options] [paths or globs...]`,
  tr`Checks openssl.cnf files, PEM files and TLS setups with every Certwright linter.
Directories are walked (node_modules and .git skipped); globs (*, **, ?) are
expanded here, so quote them to keep the shell out of it. Default: the current
directory.`,
  tr`A file named on the command line is checked as what its content is, whatever
its name (.prm, .cfg, .ext, .txt, no suffix...); one that no linter checks (a
MySQL my.cnf, say) is reported as "not checked" with the reason. Files found by
walking a folder are checked when their name and content say what they are.`,
  [
    tr`Options:`,
    tr`  --format <text|json|sarif>  output format (default text: file:line:col severity code message)`,
    tr`  --language <id>             check every named file as this language (openssl-conf)`,
    tr`  --quiet                     report errors only`,
    tr`  --follow-includes           read .include targets outside the linted folders
                              (by default they are reported, not read)`,
    tr`  --openssl-command <line>    check the file an openssl req, ca, x509 or ts command
                              line reads (-config, -extfile) as that command uses it:
                              its -extensions/-reqexts section, ca's -name, -gencrl
                              or -revoke (repeatable; paths relative to the current
                              directory)`,
    tr`  -h, --help                  show this help`,
  ],
  tr`An openssl.cnf is checked as the workspace runs openssl on it: the commands
with -config or -extfile, or after OPENSSL_CONF=, in the shell scripts,
Makefiles, justfiles, Dockerfiles, CI workflows and Markdown files of the
linted folders, all of them together (a file they .include is checked as they
use it). --openssl-command, or a "# certwright: used-by" comment in the file,
replaces them.`,
  tr`Messages quote what a file says, never a value from the environment ($ENV::NAME)
or from a file outside the linted folders: the output is safe to upload from CI.`,
  tr`Exit status: 1 when any error is reported, 0 otherwise, 2 on bad usage, unreadable
paths or a named file that nothing checked.`,
];

interface Located {
  readonly file: string;
  readonly display: string;
  readonly finding: Finding;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly linter: string;
}

/** A CRL file or an OpenSSL CA database: what can say a certificate is revoked. */
const revocationSource = /(^|[\\/])index\.txt$|\.crl(\.pem)?$/i;

const skipDirs = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', '.vscode-test']);

export function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    // The entry's own type where the directory listing gives it; a stat only for links (followed, as before) and unknown types.
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (!isDir && !isFile) {
      try {
        const st = statSync(p);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue;
      }
    }
    if (isDir) {
      if (!skipDirs.has(e.name)) walk(p, out);
    } else if (isFile) out.push(p);
  }
}

/** Translates a glob (`*`, `**`, `?`, `[...]`) into a RegExp over '/'-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close < 0) re += '\\[';
      else {
        re += glob.slice(i, close + 1);
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Expands the arguments into absolute file paths; missing paths are returned separately; `explicit`: files named as such. */
export function expandPaths(args: readonly string[], cwd: string): { files: string[]; missing: string[]; explicit: Set<string> } {
  const files: string[] = [];
  const missing: string[] = [];
  const explicit = new Set<string>();
  for (const a of args.length ? args : ['.']) {
    if (isGlob(a)) {
      const abs = path.resolve(cwd, a).split(path.sep).join('/');
      const parts = abs.split('/');
      const firstGlob = parts.findIndex((p) => isGlob(p));
      const base = parts.slice(0, firstGlob).join('/') || '/';
      const re = globToRegExp(abs);
      const all: string[] = [];
      walk(base, all);
      const matched = all.filter((f) => re.test(f.split(path.sep).join('/')));
      if (!matched.length) missing.push(a);
      append(files, matched);
      continue;
    }
    const abs = path.resolve(cwd, a);
    let st;
    try {
      st = statSync(abs);
    } catch {
      missing.push(a);
      continue;
    }
    if (st.isDirectory()) walk(abs, files);
    else {
      files.push(abs);
      explicit.add(abs);
    }
  }
  return { files: [...new Set(files)], missing, explicit };
}

const sarifLevel: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(results: readonly Located[], cwd: string): unknown {
  const rules = [...new Set(results.map((r) => r.finding.code))].sort().map((id) => ({ id, shortDescription: { text: id } }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'certwright', version: '0.1.0', rules } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${cwd.endsWith('/') ? cwd : `${cwd}/`}` } },
        results: results.map((r) => ({
          ruleId: r.finding.code,
          level: sarifLevel[r.finding.severity],
          message: { text: r.finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.relative(cwd, r.file).split(path.sep).join('/'), uriBaseId: 'SRCROOT' },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

export interface LintOptions {
  /** Files named on the command line (judged by content; reported when nothing checks them). */
  readonly explicit?: ReadonlySet<string>;
  /** `--language`: the language every named file is checked as. */
  readonly languageId?: string;
  /** `--openssl-command`: how those command lines use the files they read, by absolute path. */
  readonly commandUses?: ReadonlyMap<string, CommandLineUse>;
}

/** The files `--openssl-command` lines read and how, by absolute path (several lines for one file: all of them, merged). */
async function commandUses(lines: readonly string[], cwd: string): Promise<Map<string, CommandLineUse>> {
  const [{ commandUsesOf, mergeUses }, { words }] = await Promise.all([import('../core/cnf/commandUse.js'), import('../core/setup/startCommands.js')]);
  const byFile = new Map<string, CommandLineUse[]>();
  for (const line of lines) {
    const uses = commandUsesOf(words(line, 0, false).map((t) => t.text));
    if ('error' in uses) throw new UsageError(`--openssl-command: ${uses.error}`);
    for (const u of uses) {
      const file = path.resolve(cwd, u.file);
      byFile.set(file, [...(byFile.get(file) ?? []), u.use]);
    }
  }
  return new Map([...byFile].map(([file, uses]) => [file, mergeUses(uses)]));
}

/** Files larger than this are not linted (a config or certificate bundle is far smaller). */
const maxLintBytes = 50_000_000;

export interface LintScope {
  /** The linted folders: what `.include` may read without --follow-includes. */
  readonly roots: readonly string[];
  readonly followIncludes: boolean;
}

/** The folders named on the command line (a file's own folder), else the working directory. */
export function lintRoots(args: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const a of args.length ? args : ['.']) {
    const abs = path.resolve(cwd, a);
    if (isGlob(a)) {
      const parts = abs.split(path.sep);
      roots.add(parts.slice(0, parts.findIndex((p) => isGlob(p))).join(path.sep) || path.sep);
      continue;
    }
    let dir = abs;
    try {
      if (!statSync(abs).isDirectory()) dir = path.dirname(abs);
    } catch {
      dir = path.dirname(abs);
    }
    roots.add(dir);
  }
  return [...roots];
}

/**
 * A file's text, or why it cannot be read. The bytes stay in this frame only: held across the
 * linter's awaits they would double a large file's memory for its whole analysis.
 */
function readText(fs: FileSystem, file: string, decoder: { decode(bytes: Uint8Array): string }): { text: string; binary: boolean } | { detail: string } {
  const read = fs.readBoundedSync(file, maxLintBytes);
  if (!read.ok) return { detail: read.detail };
  // Binary DER (a SEQUENCE, not text): its bytes one character each, for the PEM linter to decode again.
  if (read.bytes[0] === 0x30 && !utf8Text(read.bytes)) return { text: Buffer.from(read.bytes).toString('latin1'), binary: true };
  return { text: decoder.decode(read.bytes), binary: false };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are UTF-8 text without NUL (a DER object almost never is). */
function utf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export async function lintFiles(files: readonly string[], cwd: string, io: CliIo, options: LintOptions = {}, scope: LintScope = { roots: [cwd], followIncludes: false }): Promise<{ results: Located[]; unreadable: Array<{ file: string; detail: string }>; notChecked: { file: string; reason: string }[] }> {
  const env = nodeEnvironment({ cwd: () => cwd, fs: batchFileSystem(nodeFileSystem) });
  const results: Located[] = [];
  const unreadable: Array<{ file: string; detail: string }> = [];
  const notChecked: { file: string; reason: string }[] = [];
  const decoder = new TextDecoder();
  const batch = {};
  // Revoked certificates (PEM-REVOKED, and where a configuration loads one): the linted folders' CRLs and
  // CA databases, scanned (X.509 stack and all) once a linter asks about a certificate, and only when
  // a CRL file or a CA database is among the linted files (without one nothing can be revoked; the
  // scan and chain building would double the time of a lint of 5,000 certificates).
  let scanned: Promise<WorkspacePki> | undefined;
  const pki: WorkspacePki | undefined = files.some((f) => revocationSource.test(f))
    ? {
        async statusOf(der) {
          scanned ??= import('../node/scannedPki.js').then(({ scannedPki }) => scannedPki(scope.roots, { now: env.now().getTime(), expiryWarningDays: defaultLintSettings.expiryWarningDays }));
          return (await scanned).statusOf(der);
        },
      }
    : undefined;
  // The openssl commands of the linted folders' scripts, scanned when a configuration file first asks.
  let scripts: Promise<WorkspaceUses> | undefined;
  const scriptUses = async (file: string): Promise<readonly FoundUse[]> => (await (scripts ??= import('../core/cnf/workspaceUses.js').then(({ WorkspaceUses }) => new WorkspaceUses(env, () => scope.roots)))).of(file);
  for (const file of files) {
    const read = readText(env.fs, file, decoder);
    if ('detail' in read) {
      unreadable.push({ file, detail: read.detail });
      continue;
    }
    const { text, binary } = read;
    const explicit = options.explicit?.has(file) ?? false;
    const input: LintInput = { path: file, text, ...(explicit ? { explicit } : {}), ...(binary ? { binary } : {}), ...(explicit && options.languageId ? { languageId: options.languageId } : {}) };
    const display = path.relative(cwd, file) || file;
    let index: LineIndex | undefined;
    const { checked, results: perLinter } = await lintFile(input, { env, settings: defaultLintSettings, workspaceRoots: scope.roots, includeOutside: scope.followIncludes, batch, scriptUses, ...(pki ? { pki } : {}), ...(options.commandUses ? { commandUses: options.commandUses } : {}) }, {
      onError: (linter, err) => io.err(`${tr`certwright lint: ${linter} failed on ${display}: ${err instanceof Error ? err.message : String(err)}`}\n`),
    });
    for (const { linter, findings } of perLinter) {
      // Built for the first finding only: a line table of a clean 1,000,000-line file is megabytes for nothing.
      if (!findings.length) continue;
      index ??= new LineIndex(text);
      for (const f of findings) {
        const s = index.positionAt(f.start);
        const e = index.positionAt(f.end);
        results.push({ file, display, finding: f, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, linter });
      }
    }
    if (!checked && explicit) {
      const sniffed = sniffConfig(text);
      const reason = sniffed.kind === 'mysql' ? sniffed.reason : `no Certwright linter recognises it (${sniffed.reason}); --language openssl-conf checks it as an OpenSSL configuration`;
      notChecked.push({ file: display, reason });
    }
  }
  return { results, unreadable, notChecked };
}

export const lintCommand: CliCommand = {
  path: ['lint'],
  summary: tr`Check openssl.cnf, PEM files and TLS setups (text, JSON or SARIF output)`,
  help,
  async run(args, io) {
    const parsed = parseArgs(args, { format: { type: 'string', default: 'text' }, language: { type: 'string' }, quiet: { type: 'boolean', default: false }, 'follow-includes': { type: 'boolean', default: false }, 'openssl-command': { type: 'string', multiple: true } }, { positionals: true });
    const format = parsed.values.format!;
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(tr`--format must be text, json or sarif, not '${format}'`);
    const language = parsed.values.language;
    if (language !== undefined && language !== 'openssl-conf') throw new UsageError(tr`--language takes openssl-conf, not '${language}'`);
    const { files, missing, explicit } = expandPaths(parsed.positionals, io.cwd);
    for (const m of missing) io.err(`${tr`certwright lint: cannot read '${m}': no such file, directory or glob match`}\n`);
    const scope = { roots: lintRoots(parsed.positionals, io.cwd), followIncludes: parsed.values['follow-includes'] ?? false };
    const commands = parsed.values['openssl-command'];
    const uses = commands?.length ? await commandUses(commands, io.cwd) : undefined;
    const { results: all, unreadable, notChecked } = await lintFiles(files, io.cwd, io, { explicit, ...(language ? { languageId: language } : {}), ...(uses ? { commandUses: uses } : {}) }, scope);
    for (const n of notChecked) io.err(`${tr`certwright lint: not checked: ${n.file}: ${n.reason}`}\n`);
    for (const u of unreadable) io.err(`certwright lint: '${path.relative(io.cwd, u.file) || u.file}' ${localise(io, u.detail)}\n`);
    const results = parsed.values.quiet ? all.filter((r) => r.finding.severity === 'error') : all;
    results.sort((a, b) => a.display.localeCompare(b.display) || a.finding.start - b.finding.start);
    if (format === 'json') {
      writeRaw(
        io,
        JSON.stringify(
          results.map((r) => ({ file: r.display, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, severity: r.finding.severity, code: r.finding.code, message: r.finding.message, linter: r.linter, ...(r.finding.fixes?.length ? { fixes: r.finding.fixes.map((x) => x.title) } : {}) })),
          null,
          2,
        ) + '\n',
      );
    } else if (format === 'sarif') {
      writeRaw(io, JSON.stringify(toSarif(results, io.cwd), null, 2) + '\n');
    } else {
      // file:line:col severity code as compilers print them (editors' problem matchers read it); the message in the user's language.
      for (const r of results) writeRaw(io, `${r.display}:${r.line}:${r.column} ${r.finding.severity} ${r.finding.code} ${localise(io, r.finding.message)}\n`);
      const errors = all.filter((r) => r.finding.severity === 'error').length;
      const warnings = all.filter((r) => r.finding.severity === 'warning').length;
      const checked = files.length - notChecked.length - unreadable.length;
      io.err(`${notChecked.length ? tr`${checked} file${plural(checked)} checked, ${notChecked.length} not checked: ${errors} error${plural(errors)}, ${warnings} warning${plural(warnings)}` : tr`${checked} file${plural(checked)} checked: ${errors} error${plural(errors)}, ${warnings} warning${plural(warnings)}`}\n`);
    }
    if (missing.length || unreadable.length || notChecked.length) return 2;
    return all.some((r) => r.finding.severity === 'error') ? 1 : 0;
  },
};
