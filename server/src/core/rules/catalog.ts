/**
 * The one list of every rule code Certwright reports, gathered from the tables
 * each domain keeps beside its checks. The language server links diagnostics to
 * the rule pages by it, `scripts/gen-rule-docs.ts` writes docs/rules and the
 * `certwright.rules` schema from it, and a unit test keeps all three in sync
 * with the codes the source emits.
 */
import { cnfRules } from '../cnf/rules/catalog';
import { pemRules } from '../pem/checks';
import { crdbRules, dmRules, pgRules } from '../setup/rules';
import type { RuleMeta } from './meta';

export type { RuleMeta } from './meta';

export interface RuleGroup {
  /** Heading of the group in the index. */
  readonly title: string;
  /** The files the group's rules apply to, in words. */
  readonly appliesTo: string;
  readonly rules: Readonly<Record<string, RuleMeta>>;
}

/** Codes the language server and the shared readers report about the file itself. */
const generalRules: Readonly<Record<string, RuleMeta>> = {
  'CW-LARGE': { severity: 'information', description: 'The file is larger than certwright.maxFileSizeMB, so it is not analysed.' },
  'CW-READ': { severity: 'warning', description: 'A file this one depends on (pg_hba.conf beside postgresql.conf, say) could not be read, so the checks that need it are skipped.' },
};

export const ruleGroups: readonly RuleGroup[] = [
  { title: 'openssl.cnf', appliesTo: 'OpenSSL configuration files (openssl.cnf, *.cnf, extension files)', rules: cnfRules },
  { title: 'Certificates, keys and CRLs', appliesTo: 'PEM and DER certificates, requests, CRLs and keys, also PEM blocks inside YAML, TOML and JSON', rules: pemRules },
  { title: 'TiDB Data Migration (DM)', appliesTo: 'dm-master, dm-worker and task configuration files (TOML, YAML)', rules: dmRules },
  { title: 'CockroachDB', appliesTo: 'CockroachDB certs directories, their .cnf files and the scripts or manifests that start nodes', rules: crdbRules },
  { title: 'PostgreSQL', appliesTo: 'postgresql.conf and pg_hba.conf', rules: pgRules },
  { title: 'General', appliesTo: 'any file Certwright checks', rules: generalRules },
];

export interface RuleInfo extends RuleMeta {
  readonly code: string;
  readonly group: RuleGroup;
}

const byCode = new Map<string, RuleInfo>();
for (const group of ruleGroups) for (const [code, meta] of Object.entries(group.rules)) byCode.set(code, { code, group, ...meta });

/** Every rule, in group order then code order as the tables list them. */
export const ruleCatalog: ReadonlyMap<string, RuleInfo> = byCode;

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}
