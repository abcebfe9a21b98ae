/**
 * Writes server/l10n/messages.json, the English catalogue of every text the server
 * marks with the `tr` tag (server/src/core/l10n.ts), found with the TypeScript parser:
 * each template's cooked literal parts joined by `{0}`, `{1}`, …. Translations live
 * in server/l10n/messages.zh-cn.json, keyed the same way.
 *
 *   node --import tsx scripts/server-l10n-export.ts          write
 *   node --import tsx scripts/server-l10n-export.ts --check  exit 1 when the catalogue is stale
 *
 * test/unit/l10n/serverMessages.test.ts runs the same functions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { exportBundle } from './l10n-export';

export const root = resolve(__dirname, '..');
export const messagesPath = join(root, 'server', 'l10n', 'messages.json');
export const zhCnPath = join(root, 'server', 'l10n', 'messages.zh-cn.json');

export interface ServerMessages {
  /** Each template, with where it is used (path:line). */
  readonly strings: Map<string, string[]>;
  /** Templates the localiser could not split back into their arguments. */
  readonly problems: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The catalogue key of a `tr` template: its cooked literal parts joined by `{i}`. */
export function templateKey(template: ts.TemplateLiteral): { key: string; parts: string[] } {
  const parts = ts.isNoSubstitutionTemplateLiteral(template) ? [template.text] : [template.head.text, ...template.templateSpans.map((s) => s.literal.text)];
  return { key: parts.map((p, i) => (i ? `{${i - 1}}${p}` : p)).join(''), parts };
}

export function collectServerMessages(dir = join(root, 'server', 'src')): ServerMessages {
  const strings = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('tr`')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'tr') {
        const where = `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const { key, parts } = templateKey(node.template);
        if (parts.some((p) => /\{\d+\}/.test(p))) problems.push(`${where}: a literal {n} reads as a placeholder: ${key}`);
        if (parts.length > 1 && parts.every((p) => p.trim() === '')) problems.push(`${where}: a template of placeholders only has nothing to translate: ${key}`);
        const list = strings.get(key) ?? [];
        list.push(where);
        strings.set(key, list);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { strings, problems };
}

if (require.main === module) exportBundle(collectServerMessages(), messagesPath, 'messages', 'node --import tsx scripts/server-l10n-export.ts');
