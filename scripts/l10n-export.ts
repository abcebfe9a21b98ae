/**
 * Writes l10n/bundle.l10n.json, the English bundle of every string the client passes
 * to `l10n.t(...)` (vscode.l10n.t, or the pure modules' injected `l10n.t`), found with
 * the TypeScript parser, so translators have one file to start from. What
 * `@vscode/l10n-dev export` produces, without its dependencies.
 *
 *   node --import tsx scripts/l10n-export.ts          write
 *   node --import tsx scripts/l10n-export.ts --check  exit 1 when the bundle is stale
 *
 * test/unit/manifest/l10n.test.ts runs the same functions: a stale bundle, a string
 * without a Simplified Chinese translation, or a message that is not a literal fails it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const root = resolve(__dirname, '..');
export const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

export interface L10nStrings {
  /** Each message, with where it is used (path:line). */
  readonly strings: Map<string, string[]>;
  /** `l10n.t` calls whose message is not a string literal (they cannot be translated). */
  readonly problems: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `<anything>.l10n.t(...)` or `l10n.t(...)`. */
function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const target = node.expression.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

export function collectL10nStrings(dir = join(root, 'client', 'src')): L10nStrings {
  const strings = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('l10n.t')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (isL10nCall(node)) {
        const where = `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const list = strings.get(first.text) ?? [];
          list.push(where);
          strings.set(first.text, list);
        } else problems.push(`${where}: the message of l10n.t must be a string literal`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { strings, problems };
}

/** The bundle's text: every message mapped to itself, sorted, as l10n-dev writes it. */
export function bundleText(strings: ReadonlyMap<string, unknown>): string {
  const sorted = [...strings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(sorted.map((s) => [s, s])), null, 2)}\n`;
}

/**
 * Writes a generated bundle, or with `--check` exits 1 when the committed one differs
 * (the unit tests and CI use the check; `regenerate` is the command that fixes it).
 */
export function writeOrCheck(path: string, text: string, count: string, regenerate: string): void {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (current !== text) {
      process.stderr.write(`${relative(root, path)} is stale: run ${regenerate}\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(path, text);
    process.stdout.write(`${count} → ${relative(root, path)}\n`);
  }
}

/**
 * A generator's run: the collected strings' problems end it (exit 1); otherwise the bundle is
 * written, or checked with `--check`. `noun` names what is counted ("strings", "messages").
 */
export function exportBundle(collected: { readonly strings: ReadonlyMap<string, unknown>; readonly problems: readonly string[] }, path: string, noun: string, regenerate: string): void {
  if (collected.problems.length) {
    process.stderr.write(`${collected.problems.join('\n')}\n`);
    process.exit(1);
  }
  writeOrCheck(path, bundleText(collected.strings), `${collected.strings.size} ${noun}`, regenerate);
}

if (require.main === module) exportBundle(collectL10nStrings(), bundlePath, 'strings', 'node --import tsx scripts/l10n-export.ts');
