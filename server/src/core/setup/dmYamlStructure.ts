/**
 * What DM's strict YAML decoding (gopkg.in/yaml.v2 UnmarshalStrict into tiflow's
 * config structs) refuses in a source or task file besides unknown TLS keys: a key
 * set twice in one mapping, and `security:` inside a `mysql-instances` item. Also the
 * one edit that gathers TLS keys written in the wrong place into a single
 * `security:` block, so a fix never writes a second `security:` (which DM refuses).
 * Messages quote yaml.v2 with DM's type names; test/peers/go/dmconf runs the same
 * library on the same files.
 */
import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { Finding, Fix, TextEdit } from '../types';
import { correctSecurityKey } from './dmSchema';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

interface Span {
  readonly start: number;
  readonly end: number;
}

export function yspan(n: unknown): Span {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

export function pairKey(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}


const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** The Go type yaml.v2 decodes a mapping into, by its path from the document root. */
function goType(kind: 'source' | 'task', path: readonly (string | number)[]): string | undefined {
  const dbKey = kind === 'source' ? 'from' : 'target-database';
  if (path.length === 0) return kind === 'source' ? 'config.SourceConfig' : 'config.TaskConfig';
  if (path.length === 1 && path[0] === dbKey) return 'dbconfig.DBConfig';
  if (path.length === 2 && path[0] === dbKey && path[1] === 'security') return 'security.Security';
  if (kind === 'task' && path.length === 2 && path[0] === 'mysql-instances' && typeof path[1] === 'number') return 'config.MySQLInstance';
  return undefined;
}

/**
 * Keys set twice in one mapping (yaml.v2 strict: "field X already set in type T" for
 * DM's structs, "key "X" already set in map" elsewhere), and `security` (or another
 * TLS key) inside a mysql-instances item ("field security not found in type
 * config.MySQLInstance"). Iterative walk: linear in the document, no recursion depth.
 */
export function strictYamlFindings(text: string, root: YAMLMap, kind: 'source' | 'task', mergeFix: (first: Pair, later: Pair) => Fix | undefined): Finding[] {
  const out: Finding[] = [];
  const stack: Array<{ node: unknown; path: (string | number)[] }> = [{ node: root, path: [] }];
  let budget = 200_000;
  while (stack.length && budget-- > 0) {
    const { node, path } = stack.pop()!;
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
      continue;
    }
    if (!isMap(node)) continue;
    const type = goType(kind, path);
    const seen = new Map<string, Pair>();
    for (const p of node.items) {
      const k = pairKey(p);
      if (k === undefined) continue;
      const ks = yspan(p.key);
      const first = seen.get(k);
      if (first) {
        const line = lineAt(text, ks.start) + 1;
        const quoted = type ? `line ${line}: field ${k} already set in type ${type}` : `line ${line}: key ${JSON.stringify(k)} already set in map`;
        const fix = k === 'security' && type === 'dbconfig.DBConfig' ? mergeFix(first, p) : undefined;
        out.push({
          code: 'DM-005',
          severity: 'error',
          ...ks,
          message: tr`"${k}" is set twice in this mapping (first on line ${lineAt(text, yspan(first.key).start) + 1}): DM decodes this file strictly and stops ("${quoted}").`,
          fixes: fix ? [fix] : undefined,
        });
      } else {
        seen.set(k, p);
      }
      if (type === 'config.MySQLInstance' && (k === 'security' || correctSecurityKey(k) !== undefined || k === 'ssl-ca' || k === 'ssl-cert' || k === 'ssl-key')) {
        out.push({
          code: 'DM-005',
          severity: 'error',
          ...ks,
          message: tr`A mysql-instances item has no TLS settings: DM stops ("line ${lineAt(text, ks.start) + 1}: field ${k} not found in type config.MySQLInstance"). The TLS of the connection to this source goes under from.security in its source file; the task's own TLS under target-database.security.`,
        });
      }
      stack.push({ node: p.value, path: [...path, k] });
    }
  }
  return out;
}

/** The lines of a pair: from the start of its key's line to the end of its value's last line (with the newline). */
export function pairLines(text: string, p: Pair): Span {
  const ks = yspan(p.key);
  const vs = yspan(p.value);
  const last = Math.max(ks.end, vs.end > 0 ? vs.end - 1 : ks.end);
  const end = lineEnd(text, last);
  return { start: lineStart(text, ks.start), end: Math.min(text.length, end + 1) };
}

function indentAt(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function reindent(block: string, from: number, to: number): string {
  return block
    .split('\n')
    .map((l) => (l.trim() ? ' '.repeat(to) + l.slice(Math.min(from, l.length - l.trimStart().length)) : l))
    .join('\n');
}

/** The entries a pair contributes to a security block, at indent 0: its children for `security:`, else itself (renamed to DM's spelling). */
function entriesOf(text: string, p: Pair): string {
  const k = pairKey(p)!;
  const r = pairLines(text, p);
  const body = text.slice(r.start, r.end).replace(/\s+$/, '');
  if (k === 'security') {
    if (!isMap(p.value) || !p.value.items.length) return '';
    const childIndent = indentAt(text, yspan(p.value.items[0]!.key).start);
    const first = lineStart(text, yspan(p.value.items[0]!.key).start);
    return reindent(text.slice(first, r.end).replace(/\s+$/, ''), childIndent, 0);
  }
  const right = correctSecurityKey(k) ?? k;
  const stripped = reindent(body, indentAt(text, yspan(p.key).start), 0);
  return right + stripped.slice(k.length);
}

/**
 * One edit set that moves every pair of `moved` into one `security:` block of
 * `parent`: appended to `target` (an existing `security:`) when there is one, else a
 * new block written where the first moved pair under `parent` stood (or at the end
 * of `parent`). Edits never overlap.
 */
export function gatherIntoSecurity(text: string, parent: YAMLMap, parentPair: Pair, moved: readonly Pair[], target: Pair | undefined): TextEdit[] {
  const entries = moved.map((p) => entriesOf(text, p)).filter((e) => e.length);
  const childIndent = parent.items.length ? indentAt(text, yspan(parent.items[0]!.key).start) : indentAt(text, yspan(parentPair.key).start) + 2;
  const removals = moved.map((p) => pairLines(text, p)).sort((a, b) => a.start - b.start);
  let insertAt: number;
  let block: string;
  if (target && isMap(target.value) && target.value.items.length) {
    const secIndent = indentAt(text, yspan(target.value.items[0]!.key).start);
    insertAt = pairLines(text, target).end;
    block = entries.map((e) => reindent(e, 0, secIndent)).join('\n');
  } else {
    const underParent = moved.find((p) => parent.items.includes(p));
    insertAt = underParent ? pairLines(text, underParent).start : pairLines(text, parentPair).end;
    const head = target ? '' : `${' '.repeat(childIndent)}security:\n`;
    if (target) insertAt = pairLines(text, target).end;
    block = head + entries.map((e) => reindent(e, 0, childIndent + 2)).join('\n');
  }
  if (insertAt > 0 && text[insertAt - 1] !== '\n') block = `\n${block}`;
  block += '\n';
  const edits: TextEdit[] = [];
  let inserted = false;
  for (const r of removals) {
    if (!inserted && r.start === insertAt) {
      edits.push({ start: r.start, end: r.end, newText: block });
      inserted = true;
    } else {
      edits.push({ start: r.start, end: r.end, newText: '' });
    }
  }
  if (!inserted) {
    // An insertion point inside a removed range cannot happen (targets are not moved); at its end it is a plain insert.
    edits.push({ start: insertAt, end: insertAt, newText: block });
  }
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}
