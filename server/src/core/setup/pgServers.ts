/**
 * PostgreSQL servers of the workspace as connection checks need them: from each
 * postgresql.conf, the addresses it listens on, its port, the certificate it
 * presents (ssl_cert_file, server.crt by default), the CAs it verifies client
 * certificates against (ssl_ca_file) and the pg_hba.conf rows beside it.
 */
import * as nodePath from 'node:path';
import type { CertFacts, CrlFacts } from './certFacts';
import type { DmCheckContext } from './dmCheck';
import { settingMappings } from './deployedPaths';
import { parseHba, parsePgConf, pgSslOn, resolvePgFile, withAutoConf, type HbaLine } from './postgres';

export interface PgServer {
  readonly confPath: string;
  readonly confText: string;
  /** listen_addresses ('localhost' by default); '*' listens everywhere. */
  readonly listen: readonly string[];
  readonly port: string;
  readonly certPath?: string;
  readonly cert?: CertFacts;
  readonly chain: readonly CertFacts[];
  readonly caPath?: string;
  readonly trusted: readonly CertFacts[];
  /** ssl_crl_file: the CRLs the server checks client certificates against. */
  readonly crlPath?: string;
  readonly crls: readonly CrlFacts[];
  /** Offsets of the ssl_cert_file and ssl_ca_file keys (or of `ssl`), for findings on the server's side. */
  readonly certAt: { start: number; end: number };
  readonly caAt: { start: number; end: number };
  readonly hbaPath: string;
  readonly hbaText?: string;
  readonly hba: readonly HbaLine[];
}

export async function pgServerOf(confPath: string, text: string, ctx: DmCheckContext): Promise<PgServer | undefined> {
  // With postgresql.auto.conf over it (ALTER SYSTEM), as PostgreSQL reads them.
  const { settings: s } = await withAutoConf(confPath, parsePgConf(text), text, ctx);
  if (pgSslOn(s) !== true) return undefined;
  const mappings = settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots);
  const file = async (name: string, def: string | undefined): Promise<{ path?: string; certs: readonly CertFacts[]; crls: readonly CrlFacts[] }> => {
    const v = s.get(name)?.value || def;
    if (!v) return { certs: [], crls: [] };
    const p = resolvePgFile(confPath, s, v, text, mappings).path;
    ctx.depend(p);
    const facts = await ctx.store.load(p);
    return { path: p, certs: facts.certs, crls: facts.crls };
  };
  const cert = await file('ssl_cert_file', 'server.crt');
  const ca = await file('ssl_ca_file', undefined);
  const crl = await file('ssl_crl_file', undefined);
  // A setting of postgresql.auto.conf has no place in this file: the findings go at its top.
  const keyAt = (name: string) => {
    const x = [s.get(name), s.get('ssl')].find((y) => y && y.keyStart >= 0);
    return { start: x?.keyStart ?? 0, end: x?.keyEnd ?? 0 };
  };
  const hbaPath = nodePath.join(nodePath.dirname(confPath), s.get('hba_file')?.value ? nodePath.basename(s.get('hba_file')!.value) : 'pg_hba.conf');
  ctx.depend(hbaPath);
  const hbaText = await ctx.store.readText(hbaPath);
  return {
    confPath,
    confText: text,
    listen: (s.get('listen_addresses')?.value ?? 'localhost').split(',').map((x) => x.trim()).filter(Boolean),
    port: s.get('port')?.value || '5432',
    certPath: cert.path,
    cert: cert.certs[0],
    chain: cert.certs.slice(1),
    caPath: ca.path,
    trusted: ca.certs,
    ...(crl.path ? { crlPath: crl.path } : {}),
    crls: crl.crls,
    certAt: keyAt('ssl_cert_file'),
    caAt: keyAt('ssl_ca_file'),
    hbaPath,
    hbaText,
    hba: hbaText ? parseHba(hbaText) : [],
  };
}

/**
 * The server a client dialling `host:port` reaches: one listening on that address,
 * else the only server of the workspace on that port that listens everywhere.
 */
export function serverAt(servers: readonly PgServer[], host: string, port: string): PgServer | undefined {
  const onPort = servers.filter((s) => s.port === port);
  const named = onPort.find((s) => s.listen.includes(host));
  if (named) return named;
  const everywhere = onPort.filter((s) => s.listen.some((l) => l === '*' || l === '0.0.0.0' || l === '::'));
  return everywhere.length === 1 && onPort.length === 1 ? everywhere[0] : undefined;
}

/** The pg_hba.conf row a TCP connection of `user` over SSL falls on (first match, database not considered). */
export function hbaRowFor(hba: readonly HbaLine[], user: string): HbaLine | undefined {
  return hba.find((l) => (l.type === 'host' || l.type === 'hostssl') && l.user.split(',').some((u) => u === 'all' || u === user || u.replace(/^"|"$/g, '') === user));
}
