import type { Finding, Fix, Severity } from '../../types';
import type { ConfEntry, ConfSection, LoadedConfig } from '../expand';
import { nearest } from '../vocabulary';
import { tr } from '../../l10n';

/**
 * Where a finding was made: its pass (rules/index.ts) times 2^32 plus its place in the pass.
 * Sorting by position and then by rank gives the order of one full run, so findings kept
 * from an earlier run merge with new ones in that same order.
 */
const ranks = new WeakMap<Finding, number>();

export function rankOf(f: Finding): number {
  return ranks.get(f) ?? 0;
}

export function setRank(f: Finding, rank: number): void {
  ranks.set(f, rank);
}

/** Collects findings for one document; keeps them in the document's offsets. */
export class FindingSink {
  readonly findings: Finding[] = [];
  /** Rank of the next finding (see rankOf); each finding added takes one. */
  next = 0;
  add(code: string, severity: Severity, start: number, end: number, message: string, fixes?: readonly Fix[]): void {
    const f: Finding = { code, severity, start, end: Math.max(end, start), message, ...(fixes && fixes.length ? { fixes } : {}) };
    ranks.set(f, this.next++);
    this.findings.push(f);
  }
}

/** Whether positions inside an entry's expanded value map 1:1 onto its raw source text. */
export function valueIsVerbatim(e: ConfEntry): boolean {
  return e.refs.length === 0 && e.node.line.joins === undefined && e.node.value.raw === e.value;
}

/** Source range of value[from, to) for an entry, or the whole value when the mapping is not exact. */
export function valueSpan(e: ConfEntry, from: number, to: number): { start: number; end: number } {
  if (valueIsVerbatim(e)) return { start: e.node.value.start + from, end: e.node.value.start + Math.max(to, from) };
  return { start: e.node.value.start, end: e.node.value.end };
}

/** The variable and section of a CNF-060 message ("variable has no value: '$dir' is not defined before this line in [ca]..."). */
export function undefinedVariable(message: string): { readonly name: string; readonly section: string } | undefined {
  const m = /^variable has no value: '\$[{(]?([A-Za-z0-9_]+)[})]?' is not defined before this line in \[([^\]]*)\]/.exec(message);
  return m ? { name: m[1]!, section: m[2]! } : undefined;
}

/**
 * Whether `section` holds a misspelling of `key` that CA-009 / REQ-017 report (a
 * key the command does not read whose nearest known key is `key`): rules about
 * `key` being absent then stay quiet, since one typo is one diagnostic.
 */
export function hasMisspelt(section: ConfSection | undefined, key: string, known: readonly string[]): boolean {
  return !!section?.entries.some((e) => e.local && e.key !== key && !known.includes(e.key) && nearest(e.key, known) === key);
}

/** LONG_MAX: NCONF_get_number fails above it. */
const longMax = 9223372036854775807n;

/**
 * A number as NCONF_get_number reads it: the leading digits (none count as 0, `365days` as 365);
 * undefined above LONG_MAX, where the lookup fails.
 */
export function nconfNumber(value: string): number | undefined {
  const digits = /^[0-9]*/.exec(value)![0];
  return digits.length > 18 && BigInt(digits) > longMax ? undefined : Number(digits || '0');
}

const brokenHeaders = new WeakMap<LoadedConfig, ReadonlySet<string>>();

/**
 * Section names whose header is broken (CNF-002: `[ dn` without `]`): OpenSSL
 * stops loading there, so a rule that finds no such section reports a
 * consequence of that typo and stays quiet.
 */
export function brokenHeaderNames(config: LoadedConfig): ReadonlySet<string> {
  let names = brokenHeaders.get(config);
  if (!names) {
    const found = new Set<string>();
    for (const p of config.problems) {
      if (!p.local || p.code !== 'CNF-002') continue;
      const text = config.doc.text;
      const lineStart = text.lastIndexOf('\n', p.start - 1) + 1;
      const m = /^[ \t]*\[[ \t]*([A-Za-z0-9_.!%&*+,\-/;?@^|~]+)/.exec(text.slice(lineStart, lineStart + 300));
      if (m) found.add(m[1]!);
    }
    names = found;
    brokenHeaders.set(config, names);
  }
  return names;
}

/** `a, b and c`, as the messages of the rules that name several keys say it. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : tr`${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
