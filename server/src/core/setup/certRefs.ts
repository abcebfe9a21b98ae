/**
 * The certificate, key and CA paths a setup file names, with the offsets of each
 * path as written and where it is in the workspace (deployed paths mapped, relative
 * paths resolved against the base the consuming program uses): `ssl-ca`,
 * `ssl-cert`, `ssl-key` of DM configs, `ssl_*_file` of postgresql.conf,
 * sslrootcert/sslcert/sslkey of connection strings, dmctl's --ssl-* flags, and
 * `--certs-dir` in any start command (shell script, systemd unit, compose file,
 * Kubernetes manifest). For document links and hovers; the checks resolve the same
 * paths through the same resolver.
 */
import type { LintSettings } from '../types';
import type { Environment } from '../environment';
import { findConnStrings } from './connStrings';
import { resolveCommandPath, resolveDeployed, settingMappings, type Resolved } from './deployedPaths';
import { dmctlCommands } from './dmctlCommands';
import { mentionsDeployment } from './workspaceIndex';
import { baseName, dmKindOf, parseDmToml, parseDmYaml, type Span } from './dmModel';
import { parsePgConf } from './postgres';
import { pgKind } from './profile';

export type RefRole = 'ca' | 'cert' | 'key' | 'crl' | 'certs-dir';

export interface CertRef {
  /** The option that names it (`ssl-ca`, `ssl_cert_file`, `--certs-dir`). */
  readonly option: string;
  readonly role: RefRole;
  readonly value: string;
  /** Offsets of the path as written, quotes excluded. */
  readonly at: Span;
  readonly resolved: Resolved;
  /** For a key: the certificate it must match, and the reverse (same scope). */
  readonly partner?: Resolved;
}

const certsDirRe = /--certs-dir(?:=|[ \t]+)(["']?)([^\s"'`;,\]]+)\1/g;

function unquoted(text: string, s: Span): Span {
  const c = text[s.start];
  return c === '"' || c === "'" ? { start: s.start + 1, end: Math.max(s.start + 1, s.end - 1) } : s;
}

/** Every certificate path of a setup file (bounded by the file: one regex pass plus the config parse). */
export async function certRefs(path: string, text: string, settings: LintSettings, roots: readonly string[], env?: Environment): Promise<CertRef[]> {
  const mappings = settingMappings(settings.pathMappings, roots);
  const out: CertRef[] = [];
  const dm = dmKindOf(path, text);
  if (dm) {
    const cfg = dm === 'source' || dm === 'task' ? parseDmYaml(text, dm) : await parseDmToml(text, dm);
    for (const scope of cfg.scopes) {
      const res = (v: string): Resolved => resolveDeployed(path, v, 'workdir', text, mappings);
      const cert = scope.settings['ssl-cert'];
      const key = scope.settings['ssl-key'];
      for (const [option, role] of [['ssl-ca', 'ca'], ['ssl-cert', 'cert'], ['ssl-key', 'key']] as const) {
        const s = scope.settings[option];
        if (!s) continue;
        const partner = role === 'cert' ? key : role === 'key' ? cert : undefined;
        out.push({ option, role, value: s.value, at: unquoted(text, s.at), resolved: res(s.value), partner: partner ? res(partner.value) : undefined });
      }
    }
  } else if (pgKind(baseName(path), text) === 'postgresql.conf') {
    const conf = parsePgConf(text);
    const res = (v: string): Resolved => resolveDeployed(path, v, 'datadir', text, mappings);
    const cert = conf.get('ssl_cert_file');
    const key = conf.get('ssl_key_file');
    for (const [option, role] of [['ssl_ca_file', 'ca'], ['ssl_cert_file', 'cert'], ['ssl_key_file', 'key'], ['ssl_crl_file', 'crl']] as const) {
      const s = conf.get(option);
      if (!s?.value) continue;
      const partner = role === 'cert' ? key : role === 'key' ? cert : undefined;
      out.push({ option, role, value: s.value, at: { start: s.valueStart, end: s.valueEnd }, resolved: res(s.value), partner: partner?.value ? res(partner.value) : undefined });
    }
  }
  // Connection strings (sslrootcert, sslcert, sslkey) and dmctl's --ssl-* flags, resolved as the checks resolve them.
  if (mentionsDeployment(text)) {
    const ctx = { settings, workspaceRoots: roots, ...(env ? { env } : {}) };
    for (const c of findConnStrings(text)) {
      for (const [option, role] of [['sslrootcert', 'ca'], ['sslcert', 'cert'], ['sslkey', 'key']] as const) {
        const v = c.params.get(option);
        if (!v?.value || v.value.includes('$')) continue;
        const partner = role === 'cert' ? c.params.get('sslkey') : role === 'key' ? c.params.get('sslcert') : undefined;
        out.push({ option, role, value: v.value, at: { start: v.start, end: v.end }, resolved: resolveCommandPath(path, text, v.value, v.start, ctx), partner: partner?.value ? resolveCommandPath(path, text, partner.value, partner.start, ctx) : undefined });
      }
    }
    for (const cmd of dmctlCommands(path, text)) {
      const s = cmd.cfg.scopes[0]!.settings;
      for (const [option, role] of [['ssl-ca', 'ca'], ['ssl-cert', 'cert'], ['ssl-key', 'key']] as const) {
        const v = s[option];
        if (!v) continue;
        const partner = role === 'cert' ? s['ssl-key'] : role === 'key' ? s['ssl-cert'] : undefined;
        out.push({ option: `--${option}`, role, value: v.value, at: v.at, resolved: resolveCommandPath(path, text, v.value, cmd.start, ctx), partner: partner ? resolveCommandPath(path, text, partner.value, cmd.start, ctx) : undefined });
      }
    }
  }
  if (text.includes('--certs-dir')) {
    certsDirRe.lastIndex = 0;
    for (let m = certsDirRe.exec(text); m; m = certsDirRe.exec(text)) {
      const value = m[2]!;
      if (value.startsWith('$')) continue; // a shell variable: nothing to resolve statically
      const start = m.index + m[0].length - value.length - m[1]!.length;
      out.push({ option: '--certs-dir', role: 'certs-dir', value, at: { start, end: start + value.length }, resolved: resolveCommandPath(path, text, value, start, { settings, workspaceRoots: roots, ...(env ? { env } : {}) }) });
    }
  }
  return out;
}

/** The reference whose path covers `offset`, if any. */
export function refAt(refs: readonly CertRef[], offset: number): CertRef | undefined {
  return refs.find((r) => r.at.start <= offset && offset <= r.at.end);
}
