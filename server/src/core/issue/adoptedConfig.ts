/**
 * What Certwright reads from an adopted CA's own openssl configuration (an `openssl ca` or
 * easy-rsa CA, layout.ts foreignConfig): the subject policy `openssl ca` signs with, and the
 * environment variables the file reads. Loaded on first use (caPolicy.ts caSubjectFor,
 * openssl.ts opensslCa): it needs the openssl.cnf parser and OpenSSL's object table, about a
 * quarter of a megabyte of code, which issuing from a CA Certwright made never runs. Pure.
 */
import { getString, loadConfig, type LoadedConfig } from '../cnf/expand';
import { parseCnf } from '../cnf/parser';
import { objectByName, objectByOid } from '../cnf/vocabulary';
import type { CaPolicy, ConfigFiles, PolicyField, PolicyRule } from './caPolicy';
import { foreignConfig } from './layout';
import { IssueError, type ProfileLayout } from './types';
import { tr } from '../l10n';

/**
 * easy-rsa 3.1's policy (openssl-easyrsa.cnf: `policy = policy_anything`),
 * used when its pki/ has no copy of the file: easyrsa then signs with the one it ships.
 */
const easyRsaFields: readonly [string, PolicyRule][] = [
  ['countryName', 'optional'],
  ['stateOrProvinceName', 'optional'],
  ['localityName', 'optional'],
  ['organizationName', 'optional'],
  ['organizationalUnitName', 'optional'],
  ['commonName', 'supplied'],
  ['name', 'optional'],
  ['emailAddress', 'optional'],
];

function oidOfField(name: string): string | undefined {
  return (objectByName(name) ?? (/^\d+(\.\d+)+$/.test(name) ? objectByOid(name) : undefined))?.oid || undefined;
}

const joinFolder = (folder: string, rel: string): string => (/^([/\\]|[A-Za-z]:[/\\])/.test(rel) ? rel : `${folder.replace(/[/\\]+$/, '')}/${rel}`);

/**
 * The policy `openssl ca -config <layout.opensslConfig>` signs with: undefined for a CA
 * Certwright made or one `cockroach cert` made (their openssl configuration is Certwright's
 * own). `configText` is the configuration's text, undefined when the file is missing; its
 * `.include`s are followed as OpenSSL follows them when `files` says where the CA is (the CA
 * section or the policy may be in an included file). A policy openssl ca cannot sign with is
 * refused (IssueError) with what to change.
 */
export function caPolicyOf(layout: ProfileLayout, configText: string | undefined, files?: ConfigFiles): CaPolicy | undefined {
  if (!foreignConfig(layout)) return undefined;
  const file = layout.opensslConfig;
  if (configText === undefined) {
    if (layout.origin === 'easy-rsa') return { config: file, caSection: 'CA_default', section: 'policy_anything', fields: easyRsaFields.map(([name, rule]) => ({ name, oid: oidOfField(name)!, rule })), emailInDn: true };
    throw new IssueError(tr`${file} is missing: openssl ca cannot sign from this CA without its configuration, and Certwright applies its policy; restore the file (certwright-layout.json names it)`);
  }
  // Only the CA section and the policy are read: easy-rsa's file has $ENV:: values that expand only under easyrsa
  // (the environment stays empty). Relative includes resolve against the CA folder, where openssl ca runs.
  const env = files ? { fs: files.fs, getEnv: (): undefined => undefined, cwd: (): string => files.folder } : undefined;
  const config: LoadedConfig = loadConfig(parseCnf(configText), { path: files ? joinFolder(files.folder, file) : file, ...(env ? { env } : {}) });
  const value = (section: string, key: string): string | undefined => getString(config, section, key)?.value.trim() || undefined;
  const caSection = value('ca', 'default_ca');
  if (!caSection) throw new IssueError(tr`${file} has no [ ca ] default_ca: openssl ca cannot sign from it`);
  const section = value(caSection, 'policy');
  if (!section) throw new IssueError(tr`${file}: [ ${caSection} ] has no policy, so openssl ca -config ${file} signs nothing from it; add one (policy = policy_anything, as easy-rsa does: C, ST, L, O, OU optional, CN supplied)`);
  const entries = config.sections.get(section)?.entries;
  if (!entries) {
    // An include not read (no folder given, or the file is not there) may hold it: say which.
    const shown = (p: string): string => (files ? joinFolder(files.folder, p) : p);
    const unread = config.includes.filter((i) => i.status !== 'ok').map((i) => shown(i.path ?? i.node.path.raw));
    if (unread.length) throw new IssueError(tr`${file}: [ ${caSection} ] policy = ${section}, and no [ ${section} ] section was found in the file or the files it includes; ${unread.join(', ')} could not be read (relative paths are taken from the CA folder, where openssl ca runs), and openssl ca skips it too ("unable to find 'section' for ${section}"). Make the include readable from there, or write [ ${section} ] into ${file}`);
    throw new IssueError(tr`${file}: [ ${caSection} ] policy = ${section}, but the file has no [ ${section} ] section; openssl ca fails the same way ("unable to find 'section' for ${section}")`);
  }
  const fields = entries.map((e): PolicyField => {
    const oid = oidOfField(e.key);
    if (!oid) throw new IssueError(tr`${file}: [ ${section} ] ${e.key} is not a name field openssl knows, so openssl ca refuses to sign ("unknown object type in 'policy' configuration"); write its name as openssl does (countryName, organizationName, commonName...)`);
    const rule = e.value.trim();
    if (rule !== 'match' && rule !== 'supplied' && rule !== 'optional') throw new IssueError(tr`${file}: [ ${section} ] ${e.key} = ${rule}: openssl ca knows only match, supplied and optional, and refuses to sign ("invalid type in 'policy' configuration")`);
    return { name: e.key, oid, rule };
  });
  const emailInDn = value(caSection, 'email_in_dn') !== 'no';
  return { config: file, caSection, section, fields, emailInDn };
}

/** The environment variables a configuration reads (`$ENV::NAME` in any form), as the openssl.cnf loader finds its references. */
export function envNamesOf(configText: string, path: string): string[] {
  const refs = loadConfig(parseCnf(configText), { path }).refs;
  return [...new Set(refs.filter((r) => r.section?.value === 'ENV').map((r) => r.name.value))].sort();
}
