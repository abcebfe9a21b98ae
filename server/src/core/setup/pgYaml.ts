/**
 * PostgreSQL's TLS settings and pg_hba rows written in YAML: a Patroni configuration
 * (`postgresql.parameters` over `bootstrap.dcs.postgresql.parameters`, local settings
 * taking precedence; the `pg_hba:` list Patroni writes, from `postgresql`, else
 * `bootstrap.dcs.postgresql`, else `bootstrap`, none when an `hba_file` parameter names
 * another file) and a CloudNativePG `Cluster` (`spec.postgresql.pg_hba`). Patroni writes
 * the parameters into the postgresql.conf it generates, so they are checked as that
 * file would be; its paths are on the server host, so only files seen in the workspace
 * (absolute, through path mappings) are checked, a missing one is not reported.
 * CloudNativePG runs with ssl on and its own CA, so its rows get only the checks of
 * the rows themselves. Findings go on the YAML line of their cause.
 */
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { resolveDeployed, settingMappings, type Resolved } from './deployedPaths';
import { checkHbaRows, checkPgTlsSettings, parseHba, pgBool, type ConfSetting, type HbaLine, type HbaServer } from './postgres';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';
import { yamlDocuments } from './yamlDocuments';

type YamlNode = ReturnType<Document['get']>;

function child(node: YamlNode, ...keys: string[]): YamlNode {
  let n = node;
  for (const k of keys) {
    if (!isMap(n)) return undefined;
    n = n.get(k, true);
  }
  return n;
}

/** A scalar's string value. */
function stringOf(node: YamlNode): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar's value as Patroni writes it into postgresql.conf (a YAML boolean is on/off). */
function valueOf(s: Scalar): string | undefined {
  if (typeof s.value === 'boolean') return s.value ? 'on' : 'off';
  if (typeof s.value === 'string' || typeof s.value === 'number') return String(s.value);
  return undefined;
}

/** The settings of a `parameters:` map, with the offsets of their keys and values in the file. */
function parametersOf(node: YamlNode, into: Map<string, ConfSetting>): void {
  if (!isMap(node)) return;
  for (const p of node.items) {
    if (!isScalar(p.key) || !isScalar(p.value) || !p.key.range || !p.value.range) continue;
    const value = valueOf(p.value);
    if (value === undefined) continue;
    const name = String(p.key.value);
    const quoted = p.value.type === 'QUOTE_DOUBLE' || p.value.type === 'QUOTE_SINGLE';
    const [vs, ve] = p.value.range;
    into.set(name.toLowerCase(), { name, value, keyStart: p.key.range[0], keyEnd: p.key.range[1], valueStart: quoted ? vs + 1 : vs, valueEnd: quoted ? ve - 1 : ve });
  }
}

/** A row of a `pg_hba:` list, its offsets in the file; `exact` when the text as written is the value (no escapes or folding). */
interface YamlRow {
  readonly line: HbaLine;
  readonly exact: boolean;
  readonly start: number;
  readonly end: number;
}

function shifted(l: HbaLine, at: (o: number) => number): HbaLine {
  const options = new Map([...l.options].map(([k, o]) => [k, { value: o.value, start: at(o.start), end: at(o.end) }]));
  return { ...l, options, start: at(l.start), end: at(l.end), methodStart: at(l.methodStart) };
}

function rowsOf(node: YamlNode, text: string, into: YamlRow[]): void {
  if (!isSeq(node)) return;
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
    const [start, , end] = item.range;
    const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE';
    const from = quoted ? start + 1 : start;
    const line = parseHba(item.value)[0];
    if (!line) continue;
    const exact = text.slice(from, from + item.value.length) === item.value;
    // Written otherwise (escapes, a folded line): the whole item stands for each part.
    into.push({ line: shifted(line, exact ? (o) => from + o : () => start), exact, start, end: exact ? from + item.value.length : end });
  }
}

export async function checkPgYaml(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const doc of yamlDocuments(text)) {
    if (!isMap(doc.contents)) continue;
    const root = doc.contents;
    const rows: YamlRow[] = [];
    if (stringOf(child(root, 'kind')) === 'Cluster' && (stringOf(child(root, 'apiVersion')) ?? '').startsWith('postgresql.cnpg.io/')) {
      rowsOf(child(root, 'spec', 'postgresql', 'pg_hba'), text, rows);
      // The operator sets ssl, the server certificates and ssl_ca_file itself: only the rows themselves are judged.
      const server: HbaServer = { file: path, sslLine: 0, what: 'CloudNativePG', noCa: { message: '', note: '' } };
      out.push(...(await rowFindings(rows, server, ctx)));
      continue;
    }
    const local = child(root, 'postgresql');
    if (!isMap(local)) continue;
    const settings = new Map<string, ConfSetting>();
    parametersOf(child(root, 'bootstrap', 'dcs', 'postgresql', 'parameters'), settings);
    parametersOf(child(local, 'parameters'), settings);
    const ssl = settings.get('ssl');
    const sslOn = pgBool(ssl?.value) === true;
    // custom_conf, config_dir: Patroni includes a postgresql.conf of the user's, which may set what these parameters
    // leave out; else the one initdb wrote, where ssl is off and no TLS file is set.
    const complete = !isScalar(child(local, 'custom_conf')) && !isScalar(child(local, 'config_dir'));
    const dataDir = child(local, 'data_dir');
    const dataDirValue = [stringOf(dataDir)].find((d) => d !== undefined && nodePath.isAbsolute(d));
    const mappings = settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots);
    const resolve = (v: string): Resolved | undefined => {
      const abs = nodePath.isAbsolute(v) ? v : dataDirValue ? nodePath.join(dataDirValue, v) : undefined;
      if (!abs) return undefined;
      const r = resolveDeployed(path, abs, 'datadir', text, mappings);
      ctx.depend(r.path);
      // A path on the database host that the workspace does not hold says nothing about it.
      return ctx.env.fs.statSync(r.path) ? r : undefined;
    };
    // The rows Patroni writes into <config_dir or data_dir>/pg_hba.conf: postgresql.pg_hba over bootstrap.dcs's;
    // bootstrap.pg_hba is appended to initdb's rows only when neither is set. An hba_file parameter naming
    // another file makes Patroni write none of them: PostgreSQL reads that file.
    const patroniDir = [stringOf(child(local, 'config_dir')), dataDirValue].find((d) => d !== undefined && nodePath.isAbsolute(d));
    const hbaFile = settings.get('hba_file');
    const ownHbaFile = hbaFile && !(patroniDir && nodePath.normalize(hbaFile.value) === nodePath.join(patroniDir, 'pg_hba.conf')) ? hbaFile : undefined;
    const lists = [child(local, 'pg_hba'), child(root, 'bootstrap', 'dcs', 'postgresql', 'pg_hba'), child(root, 'bootstrap', 'pg_hba')];
    const written = ownHbaFile ? -1 : lists.findIndex((l) => isSeq(l) && l.items.length > 0);
    if (written >= 0) rowsOf(lists[written], text, rows);
    out.push(...ignoredHbaLists(root, written, ownHbaFile?.value));
    const hbaWhere = ownHbaFile ? resolve(ownHbaFile.value) : undefined;
    const certRow = rows.find((r) => r.line.method === 'cert' || r.line.options.has('clientcert'));
    // The default server.crt / server.key are reported on ssl, else on the postgresql: key.
    const postgresKey = root.items.find((p) => stringOf(p.key as YamlNode) === 'postgresql')?.key;
    const keyAt = isScalar(postgresKey) && postgresKey.range ? postgresKey.range[0] : 0;
    const fallback = ssl ? { start: ssl.keyStart, end: ssl.keyEnd } : { start: keyAt, end: keyAt + 'postgresql'.length };
    const hba = hbaWhere
      ? { hba: { path: hbaWhere.path, at: { start: ownHbaFile!.keyStart, end: ownHbaFile!.keyEnd } } }
      : certRow
        ? { hbaRows: { rows: rows.map((r) => r.line), related: { file: path, line: lineAt(text, certRow.start), message: 'pg_hba' }, message: tr`Patroni's pg_hba list accepts client certificates but its parameters set no ssl_crl_file or ssl_crl_dir: a revoked client certificate is still accepted.` } }
        : {};
    out.push(...(await checkPgTlsSettings({ settings, own: () => true, sslOn, resolve, fallback, complete, ...hba }, ctx)));
    const server: HbaServer = {
      conf: settings,
      sslOn: ssl ? (pgBool(ssl.value) ?? false) : complete ? false : undefined,
      complete,
      file: path,
      sslLine: ssl ? lineAt(text, ssl.keyStart) : lineAt(text, fallback.start),
      what: tr`Patroni's postgresql.parameters`,
      noCa: {
        message: tr`Client certificates can only be checked with ssl_ca_file set, and Patroni's postgresql.parameters set none ("client certificates can only be checked if a root certificate store is available").`,
        note: tr`no ssl_ca_file in Patroni's parameters`,
      },
    };
    out.push(...(await rowFindings(rows, server, ctx)));
  }
  return out;
}

/** Where Patroni's pg_hba lists are, in the order it prefers them. */
const hbaListPaths = [['postgresql'], ['bootstrap', 'dcs', 'postgresql'], ['bootstrap']] as const;

/**
 * The pg_hba lists Patroni does not write (PG-040, on the list's key): all of them when an
 * hba_file parameter names a file of the user's, else those after the one it writes.
 */
function ignoredHbaLists(root: YamlNode, written: number, hbaFile: string | undefined): Finding[] {
  const out: Finding[] = [];
  hbaListPaths.forEach((parents, i) => {
    const parent = child(root, ...parents);
    if (i === written || !isMap(parent)) return;
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === 'pg_hba');
    if (!pair || !isScalar(pair.key) || !pair.key.range || !isSeq(pair.value) || !pair.value.items.length) return;
    const where = [...parents, 'pg_hba'].join('.');
    const message =
      hbaFile !== undefined
        ? tr`Patroni does not write ${where}: the hba_file parameter names ${hbaFile}, and PostgreSQL reads its rows instead.`
        : tr`Patroni does not write ${where}: it writes ${[...hbaListPaths[written]!, 'pg_hba'].join('.')} into pg_hba.conf instead.`;
    out.push({ code: 'PG-040', severity: 'information', start: pair.key.range[0], end: pair.key.range[1], message });
  });
  return out;
}

/** The row checks, one row at a time; a row not written as its value keeps its findings on the item, without edits. */
async function rowFindings(rows: readonly YamlRow[], server: HbaServer, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const exact = rows.filter((r) => r.exact).map((r) => r.line);
  out.push(...(await checkHbaRows(exact, server, ctx)));
  for (const r of rows) {
    if (r.exact) continue;
    for (const { fixes: _edits, ...f } of await checkHbaRows([r.line], server, ctx)) out.push({ ...f, start: r.start, end: r.end });
  }
  return out;
}
