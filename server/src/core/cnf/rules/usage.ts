/**
 * Things OpenSSL accepts but that are almost always mistakes: a subjectAltName
 * in a section nothing uses (REQ-020 — the classic missing `req_extensions`;
 * not in a file of several unnamed extension sections, which are profiles
 * meant for `-extensions` / `-reqexts`),
 * and a names section no `@section` refers to (CNF-080).
 *
 * Both are often the consequence of a typo reported elsewhere, and then stay
 * quiet: one typo, one diagnostic. REQ-020 when [ req ] names the section under
 * a misspelt key (REQ-017 says so); CNF-080 when an `@name` under a misspelt
 * extension name refers to it (X509-EXT-1), or when a missing `@section` is a
 * near miss of its name (X509-EXT-4 suggests it).
 */
import { nearest } from '../vocabulary';

import type { Fix } from '../../types';
import type { CnfModel } from '../model';
import type { FindingSink } from './util';
import { lineBreakAfter, readAll, textEnd } from './tracking';
import { tr } from '../../l10n';

export function usageRules(model: CnfModel, sink: FindingSink): void {
  const config = model.config;
  const req = config.sections.get('req');
  const reqHeader = req?.headers.find((h) => h.local);
  const hasReqExt = !!(req?.byKey.get('req_extensions') ?? config.sections.get('default')?.byKey.get('req_extensions'));
  const hasX509Ext = !!(req?.byKey.get('x509_extensions') ?? config.sections.get('default')?.byKey.get('x509_extensions'));
  // Several extension sections nothing names: a file of profiles, each meant for -extensions / -reqexts.
  let unnamed = 0;
  for (const [, info] of model.givenSections()) if (info.section && info.roles.has('extensions') && info.uses.size === 1 && info.uses.has('unknown')) unnamed++;
  let atRefs: Set<string> | undefined;
  /** Every `@name` in a value of the file (not in comments), found once and only when a CNF-080 is a candidate. */
  const referencedByAt = (): ReadonlySet<string> => {
    if (!atRefs) {
      atRefs = readAll(config, 'atValues', (c) => {
        const names = new Set<string>();
        for (const e of c.allEntries) if (e.local && e.value.includes('@')) for (const m of e.value.matchAll(/@([A-Za-z0-9_.!%&*+/;?^|~-]+)/g)) names.add(m[1]!);
        return names;
      });
    }
    return atRefs;
  };
  const namedFromReq = (name: string): boolean => [req, config.sections.get('default')].some((sect) => sect?.entries.some((e) => e.local && e.value === name));
  /** Whether a names section is referred to by an `@name` another rule reports: under a misspelt key, or as a near miss of a missing section. */
  let missing: string[] | undefined;
  const typoOf = (name: string): boolean => {
    const refs = referencedByAt();
    if (refs.has(name)) return true;
    // Bounded: a file with thousands of dangling @names gets no near-miss matching.
    missing ??= [...refs].filter((r) => !config.sections.has(r)).slice(0, 64);
    return missing.some((r) => nearest(r, [name]) === name);
  };
  // Both checks need a role: the sections given none are not visited.
  for (const [name, info] of model.givenSections()) {
    const s = info.section;
    if (!s) continue;
    // Roles first: reading a section's keys makes the findings depend on them (rules/tracking.ts).
    const san = info.roles.has('extensions') && info.uses.size === 1 && info.uses.has('unknown') ? s.byKey.get('subjectAltName') : undefined;
    if (san && san.local && req && !hasReqExt && unnamed < 2 && !namedFromReq(name)) {
      const fixes: Fix[] = [];
      if (reqHeader) {
        const lineEnd = lineBreakAfter(config, reqHeader.node.end);
        const at = lineEnd < 0 ? textEnd(config).length : lineEnd + 1;
        fixes.push({ title: tr`Add 'req_extensions = ${name}' to [ req ]`, edits: [{ start: at, end: at, newText: `${lineEnd < 0 ? '\n' : ''}req_extensions = ${name}\n` }], isPreferred: true });
      }
      sink.add('REQ-020', 'warning', san.node.key.start, san.node.key.end, tr`subjectAltName in [${name}], which nothing uses: [ req ] has no req_extensions${hasX509Ext ? '' : ' or x509_extensions'} naming it, so a CSR made with this file carries no SAN (unless -reqexts/-extensions ${name} is given).`, fixes);
    }
    if (info.roles.has('generalNames') && info.refs.length === 0 && s.headers.some((h) => h.local) && !typoOf(name)) {
      const h = s.headers.find((x) => x.local)!;
      sink.add('CNF-080', 'warning', h.node.start, h.node.end, tr`Section [${name}] looks like a list of names, but no subjectAltName = @${name} (or other @${name}) uses it.`);
    }
  }
}
