import type { Finding } from '../../types';
import type { CnfModel, CommandLineUse } from '../model';
import { commandRules } from './commands';
import { extensionRules } from './extensions';
import { loadRules } from './load';
import { usageRules } from './usage';
import { reqDefaultsRules } from './reqDefaults';
import { caRequiredRules } from './caRequired';
import { includeRules } from './includes';
import { oidRules } from './oids';
import { moduleRules } from './modules';
import { FindingSink } from './util';

/** Runs every openssl.cnf rule over a model. */
export function runRules(model: CnfModel, commandLine: CommandLineUse = {}): Finding[] {
  const sink = new FindingSink();
  loadRules(model, sink);
  oidRules(model, sink);
  moduleRules(model, sink);
  extensionRules(model, sink);
  commandRules(model, sink, commandLine.caName);
  usageRules(model, sink);
  reqDefaultsRules(model, sink);
  caRequiredRules(model, sink, commandLine.caName, commandLine.caOperation);
  includeRules(model, sink);
  return underBrokenHeaders(model, sink.findings).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Codes that judge a key by the section it is in: below a broken header that section is the wrong one. */
const placementCodes: ReadonlySet<string> = new Set(['X509-EXT-1', 'X509-SAN-2', 'REQ-006', 'REQ-017', 'CA-009', 'CA-012', 'CNF-031', 'CNF-070']);

/**
 * Drops the findings that judge keys below a broken section header (CNF-002) by
 * the section they landed in: the keys only look misplaced (in the section above)
 * because of the header. One typo, one diagnostic. Problems of the values
 * themselves stay.
 */
function underBrokenHeaders(model: CnfModel, findings: Finding[]): Finding[] {
  const text = model.config.doc.text;
  const ranges: Array<[number, number]> = [];
  const header = /^[ \t]*\[/gm;
  for (const p of model.config.problems) {
    if (!p.local || p.code !== 'CNF-002') continue;
    const from = text.indexOf('\n', p.start);
    if (from < 0) continue;
    header.lastIndex = from + 1;
    const next = header.exec(text);
    ranges.push([from + 1, next ? next.index : text.length]);
  }
  if (!ranges.length) return findings;
  ranges.sort((x, y) => x[0] - y[0]);
  /** Whether `at` lies in a range: binary search, the ranges do not overlap. */
  const below = (at: number): boolean => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = ranges[mid]!;
      if (at < a) hi = mid - 1;
      else if (at >= b) lo = mid + 1;
      else return true;
    }
    return false;
  };
  return findings.filter((f) => !placementCodes.has(f.code) || !below(f.start));
}
