import type { LintContext, Linter, LintInput } from '../linter';
import { analyzeCnf, cachedCnfAnalysis, forgetCnfAnalysis, type AnalyzeOptions } from './analyze';
import { appliesToCnf } from './sniff';
import { mergeUses, usedByComment } from './commandUse';
import type { CommandLineUse } from './model';
import type { FoundUse } from './scriptUses';
import type { Finding, RelatedLocation } from '../types';
import { tr } from '../l10n';
import { basename } from 'node:path';

export { looksLikeOpensslConfig } from './sniff';

/**
 * Include paths found by the last lint of each file (the server asks right after
 * linting), keyed by a fingerprint of the text, not the text: 200 closed 1 MB
 * configs must not stay in memory.
 */
const lastDependencies = new Map<string, { fingerprint: string; deps: readonly string[] }>();
const maxRemembered = 256;

/**
 * The last lint's dependencies, with the text they are for: fingerprinted into
 * lastDependencies only when another file is linted or asked about. A one-shot
 * `certwright lint` of one large file never asks, and the fingerprint of a 30 MB text
 * was a tenth of its run; the server asks right after the lint, from this slot.
 */
let pending: { path: string; text: string; deps: readonly string[] } | undefined;

function settle(): void {
  if (!pending) return;
  if (lastDependencies.size >= maxRemembered) lastDependencies.delete(lastDependencies.keys().next().value!);
  lastDependencies.set(pending.path, { fingerprint: fingerprint(pending.text), deps: pending.deps });
  pending = undefined;
}

/** Length and FNV-1a of the text: enough to tell "the text just linted" from an edit. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

/** The use given for the file, on the command line (--openssl-command) or in it (a used-by comment): it wins over the scripts'. */
function givenUse(file: LintInput, context: LintContext): CommandLineUse | undefined {
  return context.commandUses?.get(file.path) ?? usedByComment(file.text, file.path);
}

function options(file: LintInput, context: LintContext, commandLine = givenUse(file, context)): AnalyzeOptions {
  return {
    path: file.path,
    ...(commandLine ? { commandLine } : {}),
    env: context.env,
    scope: { roots: context.workspaceRoots, followOutside: context.includeOutside ?? true, followHint: 'certwright lint reads it with --follow-includes' },
  };
}

/** The scripts whose openssl commands the last lint of each file judged it by: its lint runs again when one changes. */
const lastScripts = new Map<string, readonly string[]>();

/** The use the workspace's scripts make of the file, all their commands merged (none when the file has a use given). */
async function scriptUse(file: LintInput, context: LintContext, given: CommandLineUse | undefined): Promise<{ readonly use: CommandLineUse; readonly found: readonly FoundUse[] } | undefined> {
  lastScripts.delete(file.path);
  if (given || !context.scriptUses) return undefined;
  const found = await context.scriptUses(file.path);
  if (!found.length) return undefined;
  if (lastScripts.size >= maxRemembered) lastScripts.delete(lastScripts.keys().next().value!);
  // The files that include this one count too: a change there may change what it is read with.
  lastScripts.set(file.path, [...new Set(found.flatMap((u) => (u.via ? [u.script, u.via.file] : [u.script])))]);
  // Read only through .include of files the commands read: judged as they are used, as a part of them.
  const use = mergeUses(found.map((u) => u.use));
  return { use: found.every((u) => u.via) ? { ...use, included: true } : use, found };
}

/**
 * Rules whose verdict the use decides (the CA and TSA sections in use and what their runs read, how
 * library modules load, the sections a command line names).
 */
const judgedByUse = /^(CA-00[13]|CA-01[0-4]|TSA-00[123]|MOD-001|CNF-090)$/;
/** Commands named beside such a finding, at most. */
const maxNamed = 3;

/** The commands the file was judged by, beside each finding they decide: where to look when the verdict surprises. */
function withUses(findings: readonly Finding[], found: readonly FoundUse[]): Finding[] {
  // A file read through `.include`: the line that includes it, then the command that reads the file holding it.
  const related: RelatedLocation[] = found.slice(0, maxNamed).flatMap((u) => [
    ...(u.via ? [{ file: u.via.file, line: u.via.line - 1, message: tr`${basename(u.via.file)} includes this file here: OpenSSL reads it as part of that configuration` }] : []),
    { file: u.script, line: u.line - 1, message: u.via ? tr`The file including it as ${basename(u.script)} line ${u.line} uses it: ${u.command}` : tr`The file as ${basename(u.script)} line ${u.line} uses it: ${u.command}` },
  ]);
  return findings.map((f) => (judgedByUse.test(f.code) ? { ...f, related: [...(f.related ?? []), ...related] } : f));
}

/** openssl.cnf diagnostics: loading errors, extension values, req/ca sections, usage warnings. */
export const cnfLinter: Linter = {
  name: 'openssl-cnf',
  appliesTo: appliesToCnf,
  async lint(file, context) {
    const given = givenUse(file, context);
    const scripts = await scriptUse(file, context, given);
    const a = analyzeCnf(file.text, options(file, context, given ?? scripts?.use));
    if (pending?.path === file.path) pending = undefined;
    settle();
    lastDependencies.delete(file.path);
    const findings = scripts ? withUses(a.findings, scripts.found) : [...a.findings];
    // While the analysis stays cached (an open document), its dependencies are read from it:
    // no fingerprint of a large text on every keystroke.
    if (cachedCnfAnalysis(file.path, file.text) === a) return findings;
    pending = { path: file.path, text: file.text, deps: a.config.dependencies };
    return findings;
  },
  async dependencies(file, context) {
    return [...(await includeDependencies(file, context)), ...(lastScripts.get(file.path) ?? [])];
  },
  forget(path) {
    if (pending?.path === path) pending = undefined;
    lastScripts.delete(path);
    lastDependencies.delete(path);
    forgetCnfAnalysis(path);
  },
};

/** The files the file's lint read (`.include`s). */
async function includeDependencies(file: LintInput, context: LintContext): Promise<readonly string[]> {
  const cached = cachedCnfAnalysis(file.path, file.text);
  if (cached) return cached.config.dependencies;
  if (pending?.path === file.path && pending.text === file.text) return pending.deps;
  settle();
  const last = lastDependencies.get(file.path);
  if (last && last.fingerprint === fingerprint(file.text)) return last.deps;
  return analyzeCnf(file.text, options(file, context)).config.dependencies;
}
