/**
 * In-file rule switches: a comment `# certwright: disable=CNF-031, X509-SAN-1`
 * anywhere in a file turns those codes off for that file, in the same comment
 * form as `# certwright: profile=dm` (`#`, `;` or `//` comments). OpenSSL, DM,
 * PostgreSQL and shells all read it as a comment.
 */
import type { Finding, TextEdit } from '../types';

const directiveRe = /^[ \t]*(?:#|;|\/\/)[ \t]*certwright:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9][A-Za-z0-9 \t,-]*)/gm;
const codeRe = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g;

interface Directive {
  /** Offset just after the last code of the comment's list. */
  readonly listEnd: number;
  readonly codes: readonly string[];
}

function directives(text: string): Directive[] {
  const out: Directive[] = [];
  directiveRe.lastIndex = 0;
  for (let m = directiveRe.exec(text); m; m = directiveRe.exec(text)) {
    const list = m[1]!;
    const codes = list.match(codeRe)?.map((c) => c.toUpperCase()) ?? [];
    out.push({ listEnd: m.index + m[0].length - (list.length - list.trimEnd().length), codes });
  }
  return out;
}

/** Codes a file turns off for itself. Linear in the text. */
export function disabledInFile(text: string): ReadonlySet<string> {
  const out = new Set<string>();
  if (!text.includes('certwright:')) return out;
  for (const d of directives(text)) for (const c of d.codes) out.add(c);
  return out;
}

/** Drops the findings a file's own disable comments turn off. */
export function applyDisableComments(findings: readonly Finding[], text: string): Finding[] {
  const off = disabledInFile(text);
  return off.size ? findings.filter((f) => !off.has(f.code)) : [...findings];
}

/** The comment marker of a file Certwright checks, when its format has line comments that every reader ignores. */
export function lineCommentFor(path: string, languageId?: string): string | undefined {
  if (languageId && ['openssl-conf', 'yaml', 'toml', 'shellscript', 'dockerfile', 'properties', 'ini'].includes(languageId)) return '#';
  const name = path.replace(/^.*[\\/]/, '');
  if (/\.(cnf|conf|ya?ml|toml|sh|env|service)$/i.test(name) || /^(Dockerfile|docker-compose)/.test(name)) return '#';
  return undefined;
}

/** The edit that turns `code` off for this file: appended to an existing disable comment, else a new comment on the first line. */
export function disableCommentEdit(text: string, code: string, marker = '#'): TextEdit {
  const existing = directives(text)[0];
  if (existing) return { start: existing.listEnd, end: existing.listEnd, newText: `, ${code}` };
  // After a shebang, which must stay on the first line.
  const at = text.startsWith('#!') ? (text.indexOf('\n') + 1 || text.length) : 0;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = at === text.length && at > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, newText: `${prefix}${marker} certwright: disable=${code}${eol}` };
}
