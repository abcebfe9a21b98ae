import { applyRuleSettings, type LintContext, type Linter, type LintInput } from './linter';
import type { Finding } from './types';
import { appliesToEmbeddedPem, appliesToPemFile } from './pem/applies';
import { appliesToSetup } from './setup/applies';
import { appliesToCnf } from './cnf/sniff';

/**
 * A registered linter: its name and `appliesTo` come from a small module, its checks
 * load on the first file it applies to. `certwright lint` of an openssl.cnf therefore
 * never loads the PEM decoder, and the language server starts without any of them.
 */
export interface RegisteredLinter extends Linter {
  /** The linter itself, loaded (once). */
  load(): Promise<Linter>;
}

function lazyLinter(name: string, appliesTo: (file: LintInput) => boolean, load: () => Promise<Linter>): RegisteredLinter {
  let loaded: Promise<Linter> | undefined;
  let ready: Linter | undefined;
  const linter = (): Promise<Linter> =>
    (loaded ??= load().then((l) => {
      if (l.name !== name) throw new Error(`linter registry: '${name}' loaded '${l.name}'`);
      return (ready = l);
    }));
  return {
    name,
    appliesTo,
    load: linter,
    lint: async (file, context) => (await linter()).lint(file, context),
    dependencies: async (file, context) => (await linter()).dependencies?.(file, context) ?? [],
    // Nothing to forget before the linter has run.
    forget: (path) => ready?.forget?.(path),
  };
}

/**
 * Every linter the CLI and the language server run. Each domain (openssl.cnf,
 * PEM, DM, CockroachDB, PostgreSQL) registers its linter here and nowhere else,
 * as a row: name, the light `appliesTo`, and the module that holds the checks.
 */
export const linters: readonly RegisteredLinter[] = [
  lazyLinter('pem', appliesToPemFile, async () => (await import('./pem/lint.js')).pemLinter),
  lazyLinter('pem-embedded', appliesToEmbeddedPem, async () => (await import('./pem/lint.js')).embeddedPemLinter),
  lazyLinter('setup', appliesToSetup, async () => (await import('./setup/linter.js')).setupLinter),
  lazyLinter('openssl-cnf', appliesToCnf, async () => (await import('./cnf/linter.js')).cnfLinter),
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
