import type { Linter, LintInput } from '../linter';
import { analyzeCnf } from './analyze';
import { isMysqlOptionFile, looksLikeOpensslConfig } from './sniff';

export { looksLikeOpensslConfig } from './sniff';

/** Include paths found by the last lint of each file (the server asks right after linting). */
const lastDependencies = new Map<string, { text: string; deps: readonly string[] }>();

/** openssl.cnf diagnostics: loading errors, extension values, req/ca sections, usage warnings. */
export const cnfLinter: Linter = {
  name: 'openssl-cnf',
  appliesTo(file: LintInput): boolean {
    // Sent as openssl-conf (the .cnf association) but a MySQL option file: not ours.
    if (file.languageId !== undefined) return file.languageId === 'openssl-conf' && !isMysqlOptionFile(file.text);
    return looksLikeOpensslConfig(file.path, file.text, file.explicit);
  },
  async lint(file, context) {
    const a = analyzeCnf(file.text, { path: file.path, env: context.env });
    lastDependencies.set(file.path, { text: file.text, deps: a.config.dependencies });
    return [...a.findings];
  },
  async dependencies(file, context) {
    const last = lastDependencies.get(file.path);
    if (last && last.text === file.text) return [...last.deps];
    return [...analyzeCnf(file.text, { path: file.path, env: context.env }).config.dependencies];
  },
};
