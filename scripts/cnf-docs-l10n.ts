/**
 * The Simplified Chinese of the openssl.cnf reference documentation (server/src/core/cnf/docs.ts)
 * that hover and completion show: server/l10n/docs.zh-cn.json maps each English text, one
 * line of a doc's summary, detail, default or "needed by" (and each section role's name), to its
 * translation. Keyed by the English itself, so a doc whose English changes or is added has no
 * translation until one is written, and the old one is reported as unused.
 *
 *   node --import tsx scripts/cnf-docs-l10n.ts           counts, then the texts without a translation
 *   node --import tsx scripts/cnf-docs-l10n.ts --check   exit 1 when a text has no translation or one is unused
 *
 * test/unit/l10n/cnfDocs.test.ts runs the same functions.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as docs from '../server/src/core/cnf/docs';

export const docsZhCnPath = join(resolve(__dirname, '..'), 'server', 'l10n', 'docs.zh-cn.json');

/** The fields of a doc that are prose (name, aliases, oid and example are OpenSSL's words and stay as they are). */
const proseFields = ['summary', 'detail', 'default', 'neededBy'] as const;

/** The lines of a prose field, as the localiser meets them in a rendered hover (code blocks left out). */
function lines(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    else if (!fenced && /[A-Za-z]{2}/.test(line)) out.push(line);
  }
  return out;
}

/** Every English text of the reference docs, with where it is from (the doc's name and field). */
export function collectDocTexts(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (text: string, where: string): void => {
    for (const line of lines(text)) out.set(line, [...(out.get(line) ?? []), where]);
  };
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach(visit);
    const d = v as Record<string, unknown>;
    if (typeof d.name === 'string' && typeof d.summary === 'string') {
      for (const f of proseFields) if (typeof d[f] === 'string') add(d[f] as string, `${d.name}.${f}`);
    }
    Object.values(d).forEach(visit);
  };
  visit(docs);
  // A section role's name is words too ("openssl req section"): hover titles and completion details show it.
  for (const d of Object.values(docs.roleDocs)) add(d.name, `${d.name}.name`);
  return out;
}

export function readDocsZhCn(): Record<string, string> {
  return JSON.parse(readFileSync(docsZhCnPath, 'utf8')) as Record<string, string>;
}

if (require.main === module) {
  const texts = collectDocTexts();
  const zh = readDocsZhCn();
  const missing = [...texts.keys()].filter((t) => !(t in zh));
  const unused = Object.keys(zh).filter((t) => !texts.has(t));
  process.stdout.write(`${texts.size - missing.length} of ${texts.size} reference texts translated; ${unused.length} unused translations\n`);
  if (!process.argv.includes('--check')) for (const t of missing) process.stdout.write(`${JSON.stringify(t)}\n`);
  if (process.argv.includes('--check') && (missing.length || unused.length)) process.exit(1);
}
