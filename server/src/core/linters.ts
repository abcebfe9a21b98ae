import { applyRuleSettings, type LintContext, type Linter, type LintInput } from './linter';
import type { Finding } from './types';
import { embeddedPemLinter, pemLinter } from './pem/lint';
import { setupLinter } from './setup/linter';
import { cnfLinter } from './cnf/linter';

/**
 * Every linter the CLI and the language server run. Each domain (openssl.cnf,
 * PEM, DM, CockroachDB, PostgreSQL) registers its linter here and nowhere else.
 */
export const linters: readonly Linter[] = [
  pemLinter,
  embeddedPemLinter,
  setupLinter,
  cnfLinter,
];

/** One linter's findings on a file, with the linter's name (the CLI's JSON and SARIF name their tool). */
export interface LinterFindings {
  readonly linter: string;
  readonly findings: readonly Finding[];
}

export interface FileLint {
  /** Some linter applies to the file (it was checked, with or without findings). */
  readonly checked: boolean;
  /** Per linter, after the rule settings and the file's disable comments. */
  readonly results: readonly LinterFindings[];
  /** Files whose change must re-run the lint (only when asked for). */
  readonly dependencies: readonly string[];
}

/**
 * One file through every linter that applies: the CLI's `lint`, the editor's
 * diagnostics and Check Workspace all run this. A linter that throws is reported
 * through `onError` and skipped; the others still run.
 */
export async function lintFile(
  input: LintInput,
  context: LintContext,
  options: { readonly onError: (linter: string, err: unknown) => void; readonly dependencies?: boolean; readonly linters?: readonly Linter[] },
): Promise<FileLint> {
  const results: LinterFindings[] = [];
  const dependencies = new Set<string>();
  let checked = false;
  for (const linter of options.linters ?? linters) {
    try {
      if (!linter.appliesTo(input)) continue;
      checked = true;
      results.push({ linter: linter.name, findings: applyRuleSettings(await linter.lint(input, context), context.settings.rules, input.text) });
      if (options.dependencies && linter.dependencies) for (const d of await linter.dependencies(input, context)) dependencies.add(d);
    } catch (err) {
      options.onError(linter.name, err);
    }
  }
  return { checked, results, dependencies: [...dependencies] };
}
