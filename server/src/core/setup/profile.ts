/**
 * Which setup a file belongs to: TiDB DM, CockroachDB, PostgreSQL, or none in
 * particular. Chosen from a `# certwright: profile=<name>` comment in the file,
 * else the `certwright.profile` setting of its folder, else its name and content.
 */
import { dmKindOf } from './dmKind';
import { baseName } from './fileNames';
import { profileComment, profiles, type ProfileName } from './profileComment';
import { tr } from '../l10n';

export { profileComment, profiles, type ProfileName } from './profileComment';

export type ResolvedProfile = Exclude<ProfileName, 'auto'>;

export interface ProfileChoice {
  readonly profile: ResolvedProfile;
  readonly source: 'comment' | 'setting' | 'auto';
  /** Why, in a few words (shown in the status bar tooltip). */
  readonly reason: string;
  /** What kind of file the profile sees (`dm-worker`, `certs-dir`, `pg_hba.conf`...), if any. */
  readonly fileKind?: string;
}

export function isCrdbCertName(name: string): boolean {
  return /^(ca|ca-client|ca-client-tenant|ca-ui|node|ui|client|client-tenant)(\.[^/\\]+)?\.(crt|key)$/.test(name);
}

export function crdbCnfKind(name: string, text: string): 'ca' | 'node' | 'client' | undefined {
  const m = /^(ca|node|client)\.cnf$/i.exec(name);
  if (m) return m[1]!.toLowerCase() as 'ca' | 'node' | 'client';
  if (!/\.(cnf|conf)$/i.test(name)) return undefined;
  if (/^\s*\[\s*signing_node_req\s*\]/m.test(text)) return 'ca';
  return undefined;
}

export function pgKind(name: string, text: string): 'postgresql.conf' | 'pg_hba.conf' | undefined {
  const n = name.toLowerCase();
  if (n === 'postgresql.conf' || n === 'postgresql.auto.conf' || /^postgresql.*\.conf$/.test(n)) return 'postgresql.conf';
  if (n === 'pg_hba.conf' || /^pg_hba.*\.conf$/.test(n)) return 'pg_hba.conf';
  if (n.endsWith('.conf')) {
    if (/^\s*hostssl\s+\S+\s+\S+/m.test(text)) return 'pg_hba.conf';
    if (/^\s*ssl_(cert|key|ca|crl)_file\s*=/m.test(text)) return 'postgresql.conf';
  }
  return undefined;
}

/** Automatic detection from the file's name and content. */
export function detectProfile(path: string, text: string): { profile: ResolvedProfile; reason: string; fileKind?: string } {
  const name = baseName(path);
  const dm = dmKindOf(path, text);
  if (dm) return { profile: 'dm', reason: tr`TiDB DM ${dm} file`, fileKind: dm };
  if (isCrdbCertName(name)) return { profile: 'cockroach', reason: tr`CockroachDB certs-dir file name (${name})`, fileKind: 'certs-dir' };
  const cnf = crdbCnfKind(name, text);
  if (cnf && (/cockroach/i.test(text) || /signing_(node|client)_req/.test(text))) return { profile: 'cockroach', reason: tr`CockroachDB openssl recipe (${cnf}.cnf)`, fileKind: `${cnf}.cnf` };
  const pg = pgKind(name, text);
  if (pg) return { profile: 'postgres', reason: `PostgreSQL ${pg}`, fileKind: pg };
  return { profile: 'generic', reason: tr`no DM, CockroachDB or PostgreSQL file recognised` };
}

/** The profile in force for a file: comment, then setting, then detection. */
export function chooseProfile(path: string, text: string, setting: string | undefined): ProfileChoice {
  const detected = detectProfile(path, text);
  const comment = profileComment(text);
  if (comment && comment !== 'auto') return { profile: comment, source: 'comment', reason: `# certwright: profile=${comment}`, fileKind: detected.profile === comment ? detected.fileKind : undefined };
  const s = setting?.toLowerCase();
  if (s && s !== 'auto' && (profiles as readonly string[]).includes(s)) {
    return { profile: s as ResolvedProfile, source: 'setting', reason: `certwright.profile = ${s}`, fileKind: detected.profile === s ? detected.fileKind : undefined };
  }
  return { profile: detected.profile, source: 'auto', reason: detected.reason, fileKind: detected.fileKind };
}
