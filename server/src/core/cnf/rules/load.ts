/**
 * Rules about loading the file: parse and expansion problems (CNF-001..065, as
 * OpenSSL reports them; CNF-064, an unset environment variable, once per variable), problems inside included files (shown on the
 * `.include` line), repeated section headers (CNF-020), repeated keys (CNF-031),
 * empty key names (CNF-030), `$sect::name` with an undefined section (CNF-063),
 * library keys outside the default section (CNF-070) and `openssl_conf` naming a
 * missing section (CNF-071).
 */

import { LineIndex } from '../../lineIndex';
import * as CS from '../configStore';
import type { CnfModel } from '../model';
import type { Fix } from '../../types';
import { nearest } from '../vocabulary';
import { undefinedVariable, type FindingSink } from './util';
import { plural } from '../../format';
import { tr } from '../../l10n';

const { F_LOCAL, RS, R_DOC, R_LOOKUP, R_SECT_START, R_TARGET } = CS;
/** Sections holding a library key, by the bits the store notes while loading. */
const libraryKeys = CS.watchedMask(['openssl_conf', 'config_diagnostics']);

/** Load problems as diagnostics: the document's and the loader's, those of included files on the `.include` line. */
export function problemRules(model: CnfModel, sink: FindingSink): void {
  const config = model.config;
  const viaReported = new Set<string>();
  // CNF-064 (an unset environment variable) and CNF-060 (an undefined variable) once per
  // variable, on its first use: OpenSSL stops there, and one missing definition is one problem.
  const varName = (p: { code: string; message: string }): string | undefined =>
    p.code === 'CNF-064' ? /environment variable (\S+) is not set/.exec(p.message)?.[1] : p.code === 'CNF-060' ? undefinedVariable(p.message)?.name : undefined;
  const uses = new Map<string, number>();
  for (const p of config.problems) {
    const name = p.local ? varName(p) : undefined;
    if (name !== undefined) uses.set(`${p.code}:${name}`, (uses.get(`${p.code}:${name}`) ?? 0) + 1);
  }
  const reported = new Set<string>();
  for (const p of config.problems) {
    const name = p.local ? varName(p) : undefined;
    if (name !== undefined) {
      const id = `${p.code}:${name}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const more = uses.get(id)! - 1;
      const counted = more > 0 ? tr`${p.message} (${more} more use${plural(more)} of ${name} in this file.)` : p.message;
      const typo = p.code === 'CNF-060' ? misspeltDefinition(model, p.message) : undefined;
      sink.add(p.code, p.severity, p.start, p.end, typo ? tr`${counted} '${typo.key}' (line ${typo.line}) looks like a misspelling of ${name}.` : counted, typo ? [typo.fix] : undefined);
    } else if (p.local) {
      sink.add(p.code, p.severity, p.start, p.end, p.message);
    } else if (p.via && (p.severity === 'error' || p.code === 'CNF-059' || p.code === 'CNF-050')) {
      const key = `${p.via.start}:${p.code}`;
      if (viaReported.has(key)) continue;
      viaReported.add(key);
      const doc = config.files.get(p.file);
      const line = doc ? new LineIndex(doc.text).positionAt(p.start).line + 1 : 1;
      sink.add(p.code, p.severity, p.via.start, p.via.end, tr`In included file ${p.file}, line ${line}: ${p.message}`);
    }
  }
}

/** CNF-020: a section opened again by a later header. */
export function repeatedHeaderRules(model: CnfModel, sink: FindingSink): void {
  // The views alone (no [name, view] pair for each of a large file's sections): the name only for a repeated one.
  for (const s of model.config.sections.values()) {
    if (s.localHeaderCount < 2) continue;
    const name = s.name;
    const local = s.headers.filter((h) => h.local);
    if (local.length > 1) {
      for (const h of local.slice(1)) {
        sink.add('CNF-020', 'warning', h.node.start, h.node.end, tr`Section [${name}] is opened again: OpenSSL merges both blocks into one section (a repeated key in the later block replaces the earlier one).`);
      }
    }
  }
}

/**
 * What one entry says about its key (read from the store's rows, building the entry only when
 * it is reported): an empty key name (CNF-030), the earlier definition it replaces (CNF-031, on
 * that definition's key), a library key outside the default section (CNF-070). Depends on the
 * entry's key, section and replaced definition only, not on any value.
 */
export function entryRules(store: CS.ConfigStore, sink: FindingSink, id: number): void {
  const flags = store.flags(id);
  if (!(flags & F_LOCAL)) return;
  if (store.keyIs(id, '')) {
    const e = store.entry(id);
    if (!e.node.target) sink.add('CNF-030', 'warning', e.node.start, e.node.eq + 1, tr`Empty key name: OpenSSL stores this value under the name "".`);
  }
  const prevId = store.replacedOf(id);
  if (prevId >= 0 && store.flags(prevId) & F_LOCAL) {
    const e = store.entry(id);
    const prev = store.entry(prevId);
    const hint = /^[A-Za-z]+$/.test(e.key) ? tr` Number them (${e.key}.1, ${e.key}.2, or 1.${e.key}, 2.${e.key}) to keep both.` : '';
    sink.add('CNF-031', 'warning', prev.node.key.start, Math.max(prev.node.key.end, prev.node.eq), tr`'${e.key}' is set again later in [${e.section}]: OpenSSL keeps only the last value, so this one is ignored.${hint}`);
  }
  const section = store.sectionOf(id);
  if (store.sectionWatched(section) & libraryKeys && section !== store.sectionId('default') && (store.keyIs(id, 'openssl_conf') || store.keyIs(id, 'config_diagnostics'))) {
    const e = store.entry(id);
    sink.add('CNF-070', 'warning', e.node.key.start, e.node.key.end, tr`'${e.key}' is only read from the default section (before the first [section] header); here in [${e.section}] it has no effect.`);
  }
}

/** CNF-063: reference k is `$sect::name` with an undefined section (in the top-level document). */
export function refRule(model: CnfModel, sink: FindingSink, k: number): void {
  const config = model.config;
  const store = config.store;
  const rf = store.refs;
  const at = k * RS;
  if (rf[at + R_SECT_START]! < 0 || rf[at + R_DOC] !== 0 || rf[at + R_TARGET] === -1) return;
  const s = store.sectionName(rf[at + R_LOOKUP]!);
  if (s === 'ENV' || config.sections.has(s)) return;
  const r = store.ref(k);
  sink.add('CNF-063', 'warning', r.section!.start, r.section!.end, tr`There is no section [${s}] (yet): OpenSSL falls back to the default section's '${r.name.value}'.`);
}

/** CNF-071: `openssl_conf` names a missing section. */
export function libraryConfRule(model: CnfModel, sink: FindingSink): void {
  const config = model.config;
  const oc = config.sections.get('default')?.byKey.get('openssl_conf');
  if (oc && oc.local && !oc.failed && !config.sections.has(oc.value)) {
    sink.add('CNF-071', 'error', oc.node.value.start, oc.node.value.end, tr`openssl conf references missing section: there is no section [${oc.value}].`);
  }
}

/**
 * For an undefined `$name`: a key defined in the same section or the default section
 * that is a near miss of it (`dri = ./ca` before `$dir/index.txt`), with the rename
 * that fixes both. CA-009 / REQ-017 then stay quiet about that key.
 */
export function misspeltDefinition(model: CnfModel, message: string): { key: string; line: number; fix: Fix } | undefined {
  const v = undefinedVariable(message);
  if (!v) return undefined;
  const config = model.config;
  for (const section of new Set([v.section, 'default'])) {
    const entries = config.sections.get(section)?.entries.filter((e) => e.local) ?? [];
    const key = nearest(v.name, entries.map((e) => e.key));
    const e = key !== undefined && key !== v.name ? entries.find((x) => x.key === key) : undefined;
    if (!e) continue;
    const line = new LineIndex(config.doc.text).positionAt(e.node.key.start).line + 1;
    return { key: e.key, line, fix: { title: tr`Rename '${e.key}' to '${v.name}'`, edits: [{ start: e.node.key.start, end: e.node.key.end, newText: v.name }], isPreferred: true } };
  }
  return undefined;
}
