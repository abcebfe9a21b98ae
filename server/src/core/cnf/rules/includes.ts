/**
 * `.include` lines that work by accident or in an unspecified way:
 * - CNF-054 (warning): a relative path. OpenSSL prefixes it with
 *   OPENSSL_CONF_INCLUDE or `.pragma includedir`, else opens it relative to the
 *   working directory of the openssl process — never relative to the including
 *   file's folder. Missing targets are CNF-050's (its message says the same);
 *   a path under an explicit `.pragma includedir` is deliberate and not reported.
 * - CNF-057 (information): a directory include reads every `*.cnf` / `*.conf`
 *   in readdir() order, which is unspecified; it matters when two files set the
 *   same key of a section (the one read last wins).
 */

import type { ConfEntry, IncludeInfo } from '../expand';
import type { CnfModel } from '../model';
import type { Fix } from '../../types';
import type { FindingSink } from './util';
import { plural } from '../../format';
import { tr } from '../../l10n';

export function includeRules(model: CnfModel, sink: FindingSink): void {
  const config = model.config;
  for (const inc of config.includes) {
    if (!inc.local) continue;
    const span = inc.node.path.end > inc.node.path.start ? inc.node.path : inc.node;
    const relative = relativeInclude(model, inc);
    if (relative) {
      const raw = inc.node.path.raw;
      const where =
        relative === 'includedir'
          ? tr`the working directory of the openssl process, because the .pragma includedir before it is itself relative (here it became ${inc.path})`
          : relative === 'env'
            ? tr`OPENSSL_CONF_INCLUDE (here it became ${inc.path}), or the working directory wherever that variable is unset`
            : tr`the working directory of the openssl process`;
      const dir = config.path.startsWith('/') ? config.path.slice(0, config.path.lastIndexOf('/') + 1) : undefined;
      const fixes: Fix[] | undefined = dir && plain(raw) && !raw.includes('\\') ? [{ title: tr`Use the absolute path ${dir}${raw}`, edits: [{ start: inc.node.path.start, end: inc.node.path.end, newText: `${dir}${raw}` }] }] : undefined;
      sink.add(
        'CNF-054',
        'warning',
        span.start,
        span.end,
        tr`Relative .include path '${inc.path ?? raw}': OpenSSL resolves it against ${where}, not against this file's folder, so it loads only when openssl runs from the right place. Use an absolute path (or $ENV::… / .pragma includedir).`,
        fixes,
      );
    }
    if (isDirectoryInclude(inc)) {
      const names = inc.files.map(baseName);
      const clash = sameKeyInTwoFiles(config.allEntries, new Set(inc.files));
      const order = names.length ? tr` (${names.length} file${plural(names.length)}: ${names.join(', ')})` : '';
      const detail = clash
        ? tr` Here it matters: ${baseName(clash.first.file)} and ${baseName(clash.second.file)} both set [${clash.second.section}] ${clash.second.key}, and whichever is read last wins.`
        : tr` Do not let two of them set the same key of a section.`;
      sink.add(
        'CNF-057',
        'information',
        span.start,
        span.end,
        tr`Directory include: OpenSSL reads every *.cnf / *.conf file in it${order} in readdir() order, which is unspecified (Certwright reads them by name).${detail}`,
      );
    }
  }
}

/** True when no `$`, backslash or quote changes the raw path on expansion. */
function plain(raw: string): boolean {
  return !/[$\\"'`]/.test(raw);
}

/**
 * How a relative path as written (after expansion) gets resolved: 'cwd', 'env'
 * (prefixed by OPENSSL_CONF_INCLUDE) or 'includedir' (a relative includedir);
 * undefined for absolute paths and paths under an absolute `.pragma includedir`.
 * Includes CNF-050 already reports as missing, CNF-053 errors and failed
 * expansions are left to those rules.
 */
function relativeInclude(model: CnfModel, inc: IncludeInfo): 'cwd' | 'env' | 'includedir' | undefined {
  if (inc.status === 'missing' || inc.status === 'relative-abspath' || inc.status === 'failed' || inc.path === undefined) return undefined;
  const raw = inc.node.path.raw;
  const written = plain(raw) ? raw : inc.path;
  if (written === '' || written.startsWith('/')) return undefined;
  if (includedirBefore(model, inc)) return inc.path.startsWith('/') ? undefined : 'includedir';
  return inc.path !== written ? 'env' : 'cwd';
}

/** Whether a `.pragma includedir` precedes the include in its file. */
function includedirBefore(model: CnfModel, inc: IncludeInfo): boolean {
  const doc = model.config.files.get(inc.file);
  if (!doc) return false;
  for (const st of doc.statements) {
    if (st.start >= inc.node.start) break;
    if (st.kind === 'pragma' && st.name?.value === 'includedir') return true;
  }
  return false;
}

/** A directory include: read as a directory (its files are inside the path), or an empty directory. */
function isDirectoryInclude(inc: IncludeInfo): boolean {
  if (inc.status !== 'ok' || inc.path === undefined) return false;
  if (inc.files.length !== 1) return true;
  const p = inc.path.replace(/\/+$/, '');
  return baseName(inc.files[0]!) !== baseName(p);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Two entries from different files of the directory that set the same key of the same section. */
function sameKeyInTwoFiles(entries: readonly ConfEntry[], files: ReadonlySet<string>): { first: ConfEntry; second: ConfEntry } | undefined {
  if (files.size < 2) return undefined;
  const seen = new Map<string, ConfEntry>();
  for (const e of entries) {
    if (!files.has(e.file)) continue;
    const id = `${e.section}\u0000${e.key}`;
    const prev = seen.get(id);
    if (prev && prev.file !== e.file) return { first: prev, second: e };
    if (!prev) seen.set(id, e);
  }
  return undefined;
}
