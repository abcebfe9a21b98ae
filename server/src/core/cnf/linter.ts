import type { LintContext, Linter, LintInput } from '../linter';
import { analyzeCnf, cachedCnfAnalysis, forgetCnfAnalysis, type AnalyzeOptions } from './analyze';
import { appliesToCnf } from './sniff';

export { looksLikeOpensslConfig } from './sniff';

/**
 * Include paths found by the last lint of each file (the server asks right after
 * linting), keyed by a fingerprint of the text, not the text: 200 closed 1 MB
 * configs must not stay in memory.
 */
const lastDependencies = new Map<string, { fingerprint: string; deps: readonly string[] }>();
const maxRemembered = 256;

/** Length and FNV-1a of the text: enough to tell "the text just linted" from an edit. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

function options(file: LintInput, context: LintContext): AnalyzeOptions {
  return {
    path: file.path,
    env: context.env,
    scope: { roots: context.workspaceRoots, followOutside: context.includeOutside ?? true, followHint: 'certwright lint reads it with --follow-includes' },
  };
}

/** openssl.cnf diagnostics: loading errors, extension values, req/ca sections, usage warnings. */
export const cnfLinter: Linter = {
  name: 'openssl-cnf',
  appliesTo: appliesToCnf,
  async lint(file, context) {
    const a = analyzeCnf(file.text, options(file, context));
    lastDependencies.delete(file.path);
    // While the analysis stays cached (an open document), its dependencies are read from it:
    // no fingerprint of a large text on every keystroke.
    if (cachedCnfAnalysis(file.path, file.text) === a) return [...a.findings];
    if (lastDependencies.size >= maxRemembered) lastDependencies.delete(lastDependencies.keys().next().value!);
    lastDependencies.set(file.path, { fingerprint: fingerprint(file.text), deps: a.config.dependencies });
    return [...a.findings];
  },
  async dependencies(file, context) {
    const cached = cachedCnfAnalysis(file.path, file.text);
    if (cached) return [...cached.config.dependencies];
    const last = lastDependencies.get(file.path);
    if (last && last.fingerprint === fingerprint(file.text)) return [...last.deps];
    return [...analyzeCnf(file.text, options(file, context)).config.dependencies];
  },
  forget(path) {
    lastDependencies.delete(path);
    forgetCnfAnalysis(path);
  },
};
