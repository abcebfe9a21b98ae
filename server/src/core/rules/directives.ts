/**
 * In-file rule switches: a comment `# certwright: disable=CNF-031, X509-SAN-1`
 * anywhere in a file turns those codes off for that file, in the same comment
 * form as `# certwright: profile=dm` (`#`, `;` or `//` comments). OpenSSL, DM,
 * PostgreSQL and shells all read it as a comment.
 */
import type { Finding, TextEdit } from '../types';
import { keptScan, lastScan } from '../cnf/edits';
import { lowerBound } from '../lowerBound';

const directiveRe = /^[ \t]*(?:#|;|\/\/)[ \t]*certwright:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9][A-Za-z0-9 \t,-]*)/gm;
const codeRe = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g;

/** Where a directive is: the start of its line (the match's index), the offset just after the last code of its list, and its codes. */
interface Found {
  readonly at: number;
  readonly listEnd: number;
  readonly codes: readonly string[];
}

/** The directives of text[from, to), a run of whole lines (a slice: the scan stops at its end). */
function found(text: string, from: number, to: number): Found[] {
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  if (!part.includes('certwright:')) return [];
  const out: Found[] = [];
  directiveRe.lastIndex = 0;
  for (let m = directiveRe.exec(part); m; m = directiveRe.exec(part)) {
    const list = m[1]!;
    const at = from + m.index;
    out.push({ at, listEnd: at + m[0].length - (list.length - list.trimEnd().length), codes: list.match(codeRe)?.map((c) => c.toUpperCase()) ?? [] });
  }
  return out;
}

/**
 * The directives of `text`. After an edit the document sync noted (cnf/edits.ts), from those
 * kept for the text before it and the lines the edit touched: a keystroke in a large file
 * costs the length of its line, not of the file.
 */
function directivesOf(text: string): readonly Found[] {
  const last = lastScan(text);
  if (last && !last.region) return last.read as Found[];
  let list: Found[];
  if (last?.region) {
    const { start, oldEnd, newEnd } = last.region;
    const delta = newEnd - oldEnd;
    // The touched lines, in the new text: from the line holding the edit's start to the end of the one holding its end.
    // Lines end at \n here; the regex's `^` also starts one after \r or U+2028, which only splits these further.
    const from = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
    const nl = text.indexOf('\n', newEnd);
    const to = nl < 0 ? text.length : nl;
    const old = last.read as Found[];
    const a = lowerBound(0, old.length, from, (i) => old[i]!.at);
    const b = lowerBound(a, old.length, to - delta, (i) => old[i]!.at);
    list = old.slice(0, a).concat(found(text, from, to));
    for (let i = b; i < old.length; i++) list.push(delta ? { at: old[i]!.at + delta, listEnd: old[i]!.listEnd + delta, codes: old[i]!.codes } : old[i]!);
  } else {
    list = found(text, 0, text.length);
  }
  keptScan(text, list);
  return list;
}

/** Codes a file turns off for itself. Linear in the text, or in the lines an edit touched (see directivesOf). */
export function disabledInFile(text: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const d of directivesOf(text)) for (const c of d.codes) out.add(c);
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
  const existing = found(text, 0, text.length)[0];
  if (existing) return { start: existing.listEnd, end: existing.listEnd, newText: `, ${code}` };
  // After a shebang, which must stay on the first line.
  const at = text.startsWith('#!') ? (text.indexOf('\n') + 1 || text.length) : 0;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = at === text.length && at > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, newText: `${prefix}${marker} certwright: disable=${code}${eol}` };
}
