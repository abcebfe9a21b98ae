/**
 * DM configuration files reduced to what the TLS checks need: the security
 * settings of each scope (with the offsets of their keys and values), the
 * addresses the component advertises, and the structural mistakes DM refuses
 * (unknown keys, a `[security]` table, a misplaced `security:` block).
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { AST } from 'toml-eslint-parser' with { 'resolution-mode': 'import' };
import type * as TomlParser from 'toml-eslint-parser' with { 'resolution-mode': 'import' };
import type { Finding, Fix } from '../types';
import { correctSecurityKey, dbConfigKeys, masterKeys, masterTables, securityKeys, workerKeys, workerTables } from './dmSchema';
import { gatherIntoSecurity, pairKey, strictYamlFindings, yspan } from './dmYamlStructure';
import type { DmFileKind } from './dmKind';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Setting<T> {
  readonly value: T;
  /** The key's offsets. */
  readonly key: Span;
  /** The value's offsets. */
  readonly at: Span;
}

export interface StringListSetting extends Setting<string[] | undefined> {
  /** Offsets of each element when the value is a list of strings. */
  readonly elements: readonly Span[];
}

export interface SecurityScope {
  readonly kind: DmFileKind;
  /** `from.security`, `target-database.security` or `(top level)`. */
  readonly label: string;
  /** Where findings about the scope as a whole go. */
  readonly anchor: Span;
  readonly settings: Partial<Record<'ssl-ca' | 'ssl-cert' | 'ssl-key' | 'ssl-ca-base64' | 'ssl-cert-base64' | 'ssl-key-base64', Setting<string>>>;
  readonly bytes: Partial<Record<'ssl-ca-bytes' | 'ssl-cert-bytes' | 'ssl-key-bytes', Setting<'list' | 'string' | 'other'> & { empty: boolean }>>;
  readonly allowedCN?: StringListSetting;
}

export interface Address {
  /** Option it came from (`advertise-addr`, `peer-urls`, `join`...). */
  readonly option: string;
  readonly host: string;
  readonly port: string;
  readonly explicitScheme?: string;
  readonly at: Span;
}

export interface DmConfig {
  readonly kind: DmFileKind;
  readonly scopes: readonly SecurityScope[];
  readonly addresses: readonly Address[];
  /** Structural findings (DM-005, DM-008, DM-009, parse errors). */
  readonly findings: readonly Finding[];
  /** The `name` option, when present. */
  readonly name?: string;
}

// ---------------------------------------------------------------- detection

export { baseName, dirName } from './fileNames';
export { dmKindOf, type DmFileKind } from './dmKind';

// ---------------------------------------------------------------- TOML

type TomlAst = typeof TomlParser;
let tomlModule: Promise<TomlAst> | undefined;
/** toml-eslint-parser is ESM-only; the bundle and tsx both resolve this dynamic import. */
function loadToml(): Promise<TomlAst> {
  tomlModule ??= import('toml-eslint-parser');
  return tomlModule;
}

type TomlNode = AST.TOMLNode;
type TomlKeyValue = AST.TOMLKeyValue;
type TomlTable = AST.TOMLTable;

const span = (n: { range: [number, number] }): Span => ({ start: n.range[0], end: n.range[1] });

function keyName(kv: TomlKeyValue | TomlTable): string {
  return kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');
}

function tomlString(n: TomlNode): string | undefined {
  return n.type === 'TOMLValue' && n.kind === 'string' ? (n.value as string) : undefined;
}

const parseCache = new Map<string, DmConfig>();

/** Drops parsed configs (benchmarks measure cold runs with it). */
export function clearDmParseCache(): void {
  parseCache.clear();
}

export async function parseDmToml(text: string, kind: DmFileKind): Promise<DmConfig> {
  const cacheKey = `${kind}\u0000${text}`;
  const hit = parseCache.get(cacheKey);
  if (hit) return hit;
  const toml = await loadToml();
  const findings: Finding[] = [];
  let program;
  try {
    program = toml.parseTOML(text);
  } catch (err) {
    const e = err as { index?: number; message?: string; lineNumber?: number };
    const at = typeof e.index === 'number' ? e.index : 0;
    const dupKey = /multiple times/.test(e.message ?? '') ? /^[A-Za-z0-9_-]+/.exec(text.slice(at))?.[0] : undefined;
    if (dupKey) {
      // BurntSushi/toml's words for the same mistake (what DM prints).
      const line = e.lineNumber ?? lineAt(text, at) + 1;
      return {
        kind,
        scopes: [],
        addresses: [],
        findings: [{ code: 'DM-005', severity: 'error', start: at, end: at + dupKey.length, message: tr`"${dupKey}" is defined twice: ${kind} stops ("toml: line ${line} (last key "${dupKey}"): Key '${dupKey}' has already been defined.").` }],
      };
    }
    const cfg: DmConfig = {
      kind,
      scopes: [],
      addresses: [],
      findings: [{ code: 'DM-005', severity: 'error', start: at, end: Math.min(text.length, at + 1), message: tr`${kind} cannot parse this TOML: ${e.message ?? String(err)}` }],
    };
    return cfg;
  }
  const top = program.body[0];
  const allowed = kind === 'dm-master' ? masterKeys : kind === 'dm-worker' ? workerKeys : undefined;
  const tables = kind === 'dm-master' ? masterTables : workerTables;
  const scopeSettings: Record<string, Setting<string>> = {};
  const bytes: SecurityScope['bytes'] = {};
  let allowedCN: StringListSetting | undefined;
  const addresses: Address[] = [];
  let name: string | undefined;
  const strictness = kind === 'dmctl' ? 'warning' : 'error';
  const component = kind === 'dmctl' ? 'dmctl' : kind;

  const handleSecurityKey = (kv: TomlKeyValue, k: string): void => {
    if (k === 'cert-allowed-cn') {
      const v = kv.value;
      if (v.type === 'TOMLArray' && v.elements.every((e) => tomlString(e) !== undefined)) {
        allowedCN = { value: v.elements.map((e) => tomlString(e)!.trim()), key: span(kv.key), at: span(v), elements: v.elements.map(span) };
      } else {
        const s = tomlString(v);
        findings.push({
          code: 'DM-008',
          severity: 'error',
          start: kv.key.range[0],
          end: kv.key.range[1],
          message: tr`cert-allowed-cn must be an array of strings: DM stops with "incompatible types: TOML value has type ${v.type === 'TOMLArray' ? tr`array with non-strings` : s !== undefined ? 'string' : 'non-array'}; destination has type slice".`,
          fixes: s !== undefined ? [{ title: tr`Write cert-allowed-cn = [${JSON.stringify(s)}]`, edits: [{ start: v.range[0], end: v.range[1], newText: `[${JSON.stringify(s)}]` }], isPreferred: true }] : undefined,
        });
        allowedCN = { value: s !== undefined ? [s.trim()] : undefined, key: span(kv.key), at: span(v), elements: s !== undefined ? [span(v)] : [] };
      }
      return;
    }
    if (k.endsWith('-bytes')) {
      const v = kv.value;
      const form = v.type === 'TOMLArray' ? 'list' : tomlString(v) !== undefined ? 'string' : 'other';
      const empty = (v.type === 'TOMLArray' && v.elements.length === 0) || tomlString(v) === '';
      bytes[k as keyof SecurityScope['bytes']] = { value: form, key: span(kv.key), at: span(v), empty };
      return;
    }
    const s = tomlString(kv.value);
    if (s === undefined) {
      findings.push({ code: 'DM-008', severity: 'error', start: kv.key.range[0], end: kv.key.range[1], message: tr`${k} must be a string.` });
      return;
    }
    if (s !== '') scopeSettings[k] = { value: s, key: span(kv.key), at: span(kv.value) };
  };

  const unknownKey = (kv: TomlKeyValue | TomlTable, k: string, where: string): void => {
    const right = correctSecurityKey(k.split('.').pop()!);
    const keyNode = kv.key;
    if (right) {
      findings.push({
        code: 'DM-005',
        severity: strictness,
        start: keyNode.range[0],
        end: keyNode.range[1],
        message: tr`${component} does not know the option "${k}"${where}: did you mean "${right}"? ${kind === 'dmctl' ? tr`dmctl ignores it silently.` : tr`${component} refuses to start ("unknown configuration options").`}`,
        fixes: [{ title: tr`Rename to ${right}`, edits: [{ start: keyNode.range[0], end: keyNode.range[1], newText: right }], isPreferred: true }],
      });
    } else {
      findings.push({
        code: 'DM-005',
        severity: 'warning',
        start: keyNode.range[0],
        end: keyNode.range[1],
        message: tr`"${k}"${where} is not a ${component} option Certwright knows; ${kind === 'dmctl' ? tr`dmctl ignores unknown keys` : tr`${component} refuses unknown options ("unknown configuration options")`}.`,
      });
    }
  };

  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      const k = keyName(item);
      if ((securityKeys as readonly string[]).includes(k)) handleSecurityKey(item, k);
      else if (allowed && !allowed.has(k)) unknownKey(item, k, '');
      else if (kind === 'dmctl' && correctSecurityKey(k) && !/^(master-addr|rpc-timeout|config)$/.test(k)) unknownKey(item, k, '');
      const s = tomlString(item.value);
      if (k === 'name' && s) name = s;
      if (s && ['master-addr', 'advertise-addr', 'worker-addr', 'peer-urls', 'advertise-peer-urls', 'join', 'initial-cluster'].includes(k)) {
        addresses.push(...splitAddresses(k, s, item.value.range[0] + 1));
      }
      continue;
    }
    // A table.
    const tname = keyName(item);
    if (tname === 'security' || item.body.some((kv) => (securityKeys as readonly string[]).includes(keyName(kv)))) {
      if (kind === 'dmctl') {
        unknownKey(item, tname, tr` (a table)`);
        continue;
      }
      const header = span(item.key);
      const headerLineStart = text.lastIndexOf('\n', item.range[0] - 1) + 1;
      const body = item.body.map((kv) => text.slice(text.lastIndexOf('\n', kv.range[0] - 1) + 1, lineEnd(text, kv.range[1]))).join('\n');
      const firstTable = top.body.find((b) => b.type === 'TOMLTable');
      const fixes = [];
      if (firstTable === item) {
        // The first table: its keys become top-level keys where it stood.
        fixes.push({ title: tr`Move these keys to the top level (DM reads ssl-* keys there)`, edits: [{ start: headerLineStart, end: lineEnd(text, item.range[1]), newText: body }], isPreferred: true });
      }
      if (!fixes.length && firstTable) {
        const insertAt = text.lastIndexOf('\n', firstTable.range[0] - 1) + 1;
        fixes.push({
          title: tr`Move these keys to the top level (DM reads ssl-* keys there)`,
          edits: [
            { start: insertAt, end: insertAt, newText: `${body}\n\n` },
            { start: headerLineStart, end: lineEnd(text, item.range[1]), newText: '' },
          ],
          isPreferred: true,
        });
      }
      findings.push({
        code: 'DM-005',
        severity: 'error',
        start: header.start,
        end: header.end,
        message: tr`${component} reads ssl-ca, ssl-cert, ssl-key and cert-allowed-cn as top-level keys: a [${tname}] table is refused ("${kind === 'dm-master' ? `master config contained` : `worker config contains`} unknown configuration options: ${[tname, ...item.body.map((kv) => `${tname}.${keyName(kv)}`)].join(',')}") and TLS stays off.`,
        fixes,
      });
      continue;
    }
    const known = tables.get(tname);
    if (!known) {
      unknownKey(item, `[${tname}]`, '');
      continue;
    }
    for (const kv of item.body) {
      const k = keyName(kv);
      if (!known.has(k)) unknownKey(kv, k, ` in [${tname}]`);
    }
  }

  const anchor: Span = firstSettingSpan(scopeSettings, allowedCN) ?? { start: 0, end: Math.max(0, lineEnd(text, 0)) };
  const scope: SecurityScope = { kind, label: tr`(top level)`, anchor, settings: scopeSettings, bytes, allowedCN };
  const cfg: DmConfig = { kind, scopes: [scope], addresses, findings, name };
  if (parseCache.size > 500) parseCache.clear();
  parseCache.set(cacheKey, cfg);
  return cfg;
}

function firstSettingSpan(settings: Record<string, Setting<string>>, cn: StringListSetting | undefined): Span | undefined {
  const all = [...Object.values(settings).map((s) => s.key), ...(cn ? [cn.key] : [])];
  all.sort((a, b) => a.start - b.start);
  return all[0];
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** `a:1,b:2`, `name=http://h:p`, `https://h:p` → addresses with the offsets of each host. */
export function splitAddresses(option: string, value: string, valueStart: number): Address[] {
  const out: Address[] = [];
  let pos = 0;
  for (const raw of value.split(',')) {
    const partStart = pos;
    pos += raw.length + 1;
    let item = raw;
    let offset = partStart;
    if (option === 'initial-cluster') {
      const eq = item.indexOf('=');
      if (eq === -1) continue;
      offset += eq + 1;
      item = item.slice(eq + 1);
    }
    const lead = item.length - item.trimStart().length;
    offset += lead;
    item = item.trim();
    if (!item) continue;
    let scheme: string | undefined;
    const sm = /^([a-z][a-z0-9+.-]*):\/\//i.exec(item);
    if (sm) {
      scheme = sm[1]!.toLowerCase();
      offset += sm[0].length;
      item = item.slice(sm[0].length);
    }
    item = item.replace(/\/.*$/, '');
    let host: string;
    let port: string;
    const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(item);
    if (v6) {
      host = v6[1]!;
      port = v6[2] ?? '';
    } else {
      const c = item.lastIndexOf(':');
      host = c === -1 ? item : item.slice(0, c);
      port = c === -1 ? '' : item.slice(c + 1);
    }
    out.push({ option, host, port, explicitScheme: scheme, at: { start: valueStart + offset, end: valueStart + offset + item.length } });
  }
  return out;
}

// ---------------------------------------------------------------- YAML

const pathKeys = ['ssl-ca', 'ssl-cert', 'ssl-key', 'ssl-ca-base64', 'ssl-cert-base64', 'ssl-key-base64'] as const;
const tlsish = /^(ssl|tls|cert|ca-|key-)|(-ca|-cert|-key|cn)$|^security$/i;

export function parseDmYaml(text: string, kind: 'source' | 'task'): DmConfig {
  const cacheKey = `${kind}\u0000${text}`;
  const hit = parseCache.get(cacheKey);
  if (hit) return hit;
  const findings: Finding[] = [];
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const scopes: SecurityScope[] = [];
  const parentKey = kind === 'source' ? 'from' : 'target-database';
  const root = doc.contents;
  if (!isMap(root)) {
    const cfg: DmConfig = { kind, scopes, addresses: [], findings };
    return cfg;
  }
  let parent: YAMLMap | undefined;
  let parentPair: Pair | undefined;
  for (const p of root.items) {
    if (pairKey(p) === parentKey && isMap(p.value)) {
      parent = p.value;
      parentPair = p;
    }
  }
  // Keys set twice, TLS keys in a mysql-instances item: yaml.v2 strict refuses them.
  findings.push(...strictYamlFindings(text, root, kind, (first, later) => (parent && parentPair ? { title: tr`Merge the second security block into the first`, edits: gatherIntoSecurity(text, parent, parentPair, [later], first), isPreferred: true } : undefined)));
  // TLS keys (or a `security:` block) at the wrong level: one fix gathers all of them into one security block.
  const moved: Array<{ pair: Pair; key: string; where: string }> = [];
  for (const p of root.items) {
    const k = pairKey(p);
    if (!k || k === parentKey) continue;
    if (k === 'security' || correctSecurityKey(k) || (securityKeys as readonly string[]).includes(k)) {
      moved.push({ pair: p, key: k, where: tr`the top level` });
    } else if (isMap(p.value)) {
      for (const q of p.value.items) if (pairKey(q) === 'security') moved.push({ pair: q, key: 'security', where: `"${k}"` });
    }
  }
  const secPairs: Pair[] = [];
  if (parent) {
    for (const p of parent.items) {
      const k = pairKey(p);
      if (!k) continue;
      if (k === 'security') secPairs.push(p);
      else if (!dbConfigKeys.has(k) && (correctSecurityKey(k) || tlsish.test(k))) moved.push({ pair: p, key: k, where: tr`"${parentKey}" directly` });
    }
  }
  if (moved.length) {
    const names = [...new Set(moved.map((m) => (m.key === 'security' ? 'security' : correctSecurityKey(m.key) ?? m.key)))];
    const fix: Fix | undefined =
      parent && parentPair
        ? { title: tr`Move ${names.join(', ')} under ${parentKey}.security`, edits: gatherIntoSecurity(text, parent, parentPair, moved.map((m) => m.pair), secPairs[0]), isPreferred: true }
        : undefined;
    for (const m of moved) {
      const ks = yspan(m.pair.key);
      const right = m.key === 'security' ? undefined : correctSecurityKey(m.key) ?? m.key;
      findings.push({
        code: 'DM-005',
        severity: 'error',
        ...ks,
        message: tr`"${m.key}" at ${m.where} is not where DM reads it: TLS settings go under ${parentKey}.security${right && right !== m.key ? ` as "${right}"` : ''}.${decodedAs(kind, parentKey, m.where) ? tr` DM parses this file strictly and stops ("line ${lineAt(text, ks.start) + 1}: field ${m.key} not found in type ${decodedAs(kind, parentKey, m.where)}").` : tr` DM does not read it there.`}`,
        fixes: fix ? [fix] : undefined,
      });
    }
  }
  // A security block set twice is refused as a whole: no checks on a half of it.
  if (parent && parentPair && secPairs.length === 1) scopes.push(yamlScope(kind, `${parentKey}.security`, secPairs[0]!, findings, text));
  const cfg: DmConfig = { kind, scopes, addresses: [], findings };
  if (parseCache.size > 500) parseCache.clear();
  parseCache.set(cacheKey, cfg);
  return cfg;
}

function yamlScope(kind: 'source' | 'task', label: string, secPair: Pair, findings: Finding[], text: string): SecurityScope {
  const settings: Record<string, Setting<string>> = {};
  const bytes: SecurityScope['bytes'] = {};
  let allowedCN: StringListSetting | undefined;
  const anchor = yspan(secPair.key as YamlNode);
  const sec = secPair.value;
  if (!isMap(sec)) {
    if (sec && !(isScalar(sec) && (sec.value === null || sec.value === ''))) {
      findings.push({ code: 'DM-005', severity: 'error', start: anchor.start, end: anchor.end, message: tr`${label} must be a mapping of ssl-ca, ssl-cert, ssl-key, cert-allowed-cn...` });
    }
    return { kind, label, anchor, settings, bytes };
  }
  for (const p of sec.items) {
    const k = pairKey(p);
    const ks = yspan(p.key as YamlNode);
    if (!k) continue;
    if (!(securityKeys as readonly string[]).includes(k)) {
      const right = correctSecurityKey(k);
      findings.push({
        code: 'DM-005',
        severity: 'error',
        start: ks.start,
        end: ks.end,
        message: tr`DM parses ${kind} files strictly: "${k}" under ${label} stops it ("line ${lineAt(text, ks.start) + 1}: field ${k} not found in type security.Security")${right ? tr`; did you mean "${right}"?` : '.'}`,
        fixes: right ? [{ title: tr`Rename to ${right}`, edits: [{ start: ks.start, end: ks.end, newText: right }], isPreferred: true }] : undefined,
      });
      continue;
    }
    const v = p.value as YamlNode | null;
    if (k === 'cert-allowed-cn') {
      if (isSeq(v) && v.items.every((e) => isScalar(e) && typeof e.value === 'string')) {
        allowedCN = { value: v.items.map((e) => String((e as { value: unknown }).value).trim()), key: ks, at: yspan(v), elements: v.items.map((e) => yspan(e as YamlNode)) };
      } else if (v && !(isScalar(v) && v.value === null)) {
        const scalar = isScalar(v) ? String(v.value) : undefined;
        const vs = yspan(v);
        findings.push({
          code: 'DM-008',
          severity: 'error',
          start: ks.start,
          end: ks.end,
          message: tr`cert-allowed-cn must be a list of strings: DM stops with "line ${lineAt(text, vs.start) + 1}: cannot unmarshal ${isScalar(v) && typeof v.value === 'string' ? `!!str ${yamlV2Value(v.value)}` : tr`this value`} into security.strArray".`,
          fixes: scalar !== undefined ? [{ title: tr`Write cert-allowed-cn: [${JSON.stringify(scalar)}]`, edits: [{ start: vs.start, end: vs.end, newText: `[${JSON.stringify(scalar)}]` }], isPreferred: true }] : undefined,
        });
      }
      continue;
    }
    if (k.endsWith('-bytes')) {
      const form = isSeq(v) ? 'list' : isScalar(v) && typeof v.value === 'string' ? 'string' : 'other';
      const empty = (isSeq(v) && v.items.length === 0) || (isScalar(v) && (v.value === '' || v.value === null));
      bytes[k as keyof SecurityScope['bytes']] = { value: form, key: ks, at: yspan(v), empty };
      if (form === 'string' && !empty) {
        findings.push({
          code: 'DM-009',
          severity: 'error',
          start: ks.start,
          end: ks.end,
          message: tr`${k} only decodes from a list of integers in YAML ("line ${lineAt(text, yspan(v).start) + 1}: cannot unmarshal !!str ${yamlV2Value(String((v as { value: unknown }).value))} into []uint8"); write the base64 text under ${k.replace('-bytes', '-base64')}.`,
          fixes: [{ title: tr`Rename to ${k.replace('-bytes', '-base64')}`, edits: [{ start: ks.start, end: ks.end, newText: k.replace('-bytes', '-base64') }], isPreferred: true }],
        });
      }
      continue;
    }
    if ((pathKeys as readonly string[]).includes(k) && isScalar(v) && v.value !== null && v.value !== '') {
      settings[k] = { value: String(v.value), key: ks, at: yspan(v) };
    }
  }
  return { kind, label, anchor, settings, bytes, allowedCN };
}

/** DM's struct type of the mapping a misplaced key sits in, where it is one of DM's structs. */
function decodedAs(kind: 'source' | 'task', parentKey: string, where: string): string | undefined {
  if (where === 'the top level') return kind === 'source' ? 'config.SourceConfig' : 'config.TaskConfig';
  return where === `"${parentKey}" directly` ? 'dbconfig.DBConfig' : undefined;
}

/** A scalar as yaml.v2 quotes it in a type error: backquoted, cut to 7 characters and "..." past 10. */
function yamlV2Value(v: string): string {
  return `\`${v.length > 10 ? `${v.slice(0, 7)}...` : v}\``;
}

