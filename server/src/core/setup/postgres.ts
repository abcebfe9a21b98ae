/**
 * PostgreSQL TLS setup (shared/docs/openssl-cnf-rules.md section E):
 * `postgresql.conf` ssl_* settings and `pg_hba.conf` hostssl / cert /
 * clientcert lines. Relative file settings resolve against the folder of
 * postgresql.conf (the data directory in a standard layout).
 */
import * as nodePath from 'node:path';
import type { Finding } from '../types';
import { dayMs, daysBetween, verifySignature } from '../pem';
import { canSign, decodeFacts, type CertFacts, type FileFacts } from './certFacts';
import type { DmCheckContext } from './dmCheck';
import { baseName, dirName } from './fileNames';
import { fixKeyPermissionsCommand } from './cockroach';
import { missingFileSeverity, resolveDeployed, settingMappings, type PathMapping, type Resolved } from './deployedPaths';
import { formatInstant, plural } from '../format';
import { ReissueAdvice, revocationOf, revokedFinding } from './revokedUse';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

export interface ConfSetting {
  readonly name: string;
  readonly value: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Offsets of the value as written (quotes excluded). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export function parsePgConf(text: string): Map<string, ConfSetting> {
  const out = new Map<string, ConfSetting>();
  const re = /^[ \t]*([A-Za-z_][A-Za-z0-9_.]*)[ \t]*(?:=[ \t]*|[ \t]+)('(?:[^'\\]|\\.|'')*'|[^#\s]*)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let v = m[2]!;
    const rawStart = m.index + m[0].length - v.length;
    const quoted = v.startsWith("'");
    const valueStart = quoted ? rawStart + 1 : rawStart;
    const valueEnd = quoted ? rawStart + Math.max(1, v.length - 1) : rawStart + v.length;
    if (quoted) v = v.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1');
    const keyStart = m.index + m[0].indexOf(m[1]!);
    out.set(m[1]!.toLowerCase(), { name: m[1]!, value: v, keyStart, keyEnd: keyStart + m[1]!.length, valueStart, valueEnd });
  }
  return out;
}

/**
 * A boolean setting as PostgreSQL's parse_bool reads it: on/off, true/false, yes/no,
 * 1/0 in any case, and any unique prefix of them (`t`, `y`, `of`...); undefined
 * for anything else (PostgreSQL refuses to start on it).
 */
export function pgBool(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (!v) return undefined;
  if (v === '1' || v === 'on' || 'true'.startsWith(v) || 'yes'.startsWith(v)) return true;
  if (v === '0' || (v.length > 1 && 'off'.startsWith(v)) || 'false'.startsWith(v) || 'no'.startsWith(v)) return false;
  return undefined;
}

/**
 * Whether the server this postgresql.conf configures runs with ssl on: `ssl` is off
 * unless set. undefined when it cannot be told from this file: ssl is not set here but
 * the file includes others (include, include_if_exists, include_dir), which may set it.
 */
export function pgSslOn(s: ReadonlyMap<string, ConfSetting>): boolean | undefined {
  const ssl = s.get('ssl');
  if (ssl) return pgBool(ssl.value) ?? false;
  return s.has('include') || s.has('include_if_exists') || s.has('include_dir') ? undefined : false;
}

/**
 * Where PostgreSQL finds a file setting: relative paths are relative to the data
 * directory, which is data_directory when this file sets it (Debian's
 * /etc/postgresql/<v>/<cluster>/postgresql.conf names /var/lib/postgresql/<v>/<cluster>),
 * else this file's folder.
 */
export function resolvePgFile(confPath: string, s: ReadonlyMap<string, ConfSetting>, value: string, text: string, mappings: PathMapping[]): Resolved {
  const dataDir = s.get('data_directory')?.value;
  if (nodePath.isAbsolute(value) || !dataDir || !nodePath.isAbsolute(dataDir)) return resolveDeployed(confPath, value, 'datadir', text, mappings);
  const r = resolveDeployed(confPath, nodePath.join(dataDir, value), 'datadir', text, mappings);
  return { ...r, how: tr`relative to data_directory ${dataDir}; ${r.how}` };
}

/** A setting as in force but written in another file than the one checked: no finding goes on it here. */
export function writtenElsewhere(x: ConfSetting): ConfSetting {
  return { ...x, keyStart: -1, keyEnd: -1, valueStart: -1, valueEnd: -1 };
}

/** What PostgreSQL reads after postgresql.conf: postgresql.auto.conf, where ALTER SYSTEM writes, in the data directory. */
export interface AutoConf {
  readonly path: string;
  readonly text: string;
  readonly settings: ReadonlyMap<string, ConfSetting>;
}

/**
 * The postgresql.auto.conf of the data directory a postgresql.conf names (data_directory,
 * else its own folder), when it is here: PostgreSQL reads it after postgresql.conf, so
 * its settings win (and the command line's over both). Not here: taken as initdb writes
 * it, without settings.
 */
export async function autoConfOf(confPath: string, s: ReadonlyMap<string, ConfSetting>, text: string, ctx: DmCheckContext): Promise<AutoConf | undefined> {
  if (baseName(confPath).toLowerCase() === 'postgresql.auto.conf') return undefined;
  const path = resolvePgFile(confPath, s, 'postgresql.auto.conf', text, settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots)).path;
  ctx.depend(path);
  const auto = await ctx.store.readText(path);
  return auto === undefined ? undefined : { path, text: auto, settings: parsePgConf(auto) };
}

/**
 * The settings a postgresql.conf runs with: its own, under those of postgresql.auto.conf
 * (marked as written elsewhere). postgresql.auto.conf itself runs over the
 * postgresql.conf beside it.
 */
export async function withAutoConf(confPath: string, own: ReadonlyMap<string, ConfSetting>, text: string, ctx: DmCheckContext): Promise<{ settings: Map<string, ConfSetting>; auto?: AutoConf }> {
  if (baseName(confPath).toLowerCase() === 'postgresql.auto.conf') {
    const base = nodePath.join(dirName(confPath), 'postgresql.conf');
    ctx.depend(base);
    const baseText = await ctx.store.readText(base);
    const settings = new Map<string, ConfSetting>();
    for (const [k, x] of baseText === undefined ? [] : parsePgConf(baseText)) settings.set(k, writtenElsewhere(x));
    for (const [k, x] of own) settings.set(k, x);
    return { settings };
  }
  const auto = await autoConfOf(confPath, own, text, ctx);
  const settings = new Map(own);
  for (const [k, x] of auto?.settings ?? []) settings.set(k, writtenElsewhere(x));
  return { settings, ...(auto ? { auto } : {}) };
}

export interface HbaLine {
  readonly type: string;
  readonly database: string;
  readonly user: string;
  readonly method: string;
  readonly options: ReadonlyMap<string, { value: string; start: number; end: number }>;
  readonly start: number;
  readonly end: number;
  readonly methodStart: number;
}

export function parseHba(text: string): HbaLine[] {
  const lines: HbaLine[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    const start = pos;
    pos += raw.length + 1;
    const hash = raw.indexOf('#');
    const line = hash === -1 ? raw : raw.slice(0, hash);
    const tokens: { t: string; s: number }[] = [];
    const tre = /"[^"]*"|\S+/g;
    for (let m = tre.exec(line); m; m = tre.exec(line)) tokens.push({ t: m[0], s: start + m.index });
    if (tokens.length < 3) continue;
    const type = tokens[0]!.t;
    if (!/^(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)$/.test(type)) continue;
    const methodIdx = type === 'local' ? 3 : tokens[3] && /^\d+\.\d+\.\d+\.\d+$/.test(tokens[3].t) && tokens[4] && /^\d+\.\d+\.\d+\.\d+$/.test(tokens[4].t) ? 5 : 4;
    const method = tokens[methodIdx];
    if (!method) continue;
    const options = new Map<string, { value: string; start: number; end: number }>();
    for (const o of tokens.slice(methodIdx + 1)) {
      const eq = o.t.indexOf('=');
      if (eq > 0) options.set(o.t.slice(0, eq).toLowerCase(), { value: o.t.slice(eq + 1).replace(/^"|"$/g, ''), start: o.s, end: o.s + o.t.length });
    }
    lines.push({ type, database: tokens[1]!.t, user: tokens[2]!.t, method: method.t, options, start: tokens[0]!.s, end: start + line.trimEnd().length, methodStart: method.s });
  }
  return lines;
}

async function load(path: string, ctx: DmCheckContext): Promise<FileFacts> {
  ctx.depend(path);
  return ctx.store.load(path);
}

/**
 * The settings a server runs with, as one check reads them: `settings` are those in
 * force; findings go only on those written in the file being checked (`own`), or on
 * `fallback` for a default (server.crt, server.key). `resolve` says where a file
 * setting is in the workspace, or undefined when that cannot be told here (a
 * relative path on a command line, whose data directory is not known).
 */
export interface PgTlsSettings {
  readonly settings: ReadonlyMap<string, ConfSetting>;
  readonly own: (s: ConfSetting) => boolean;
  readonly sslOn: boolean;
  readonly resolve: (value: string) => Resolved | undefined;
  readonly fallback: { start: number; end: number };
  /** false when settings may be set where Certwright does not see them: no finding then rests on a setting's absence. */
  readonly complete?: boolean;
  /** The pg_hba.conf the server reads, when known: its client-certificate rows ask for a CRL (PG-021). */
  readonly hba?: { path: string; at: { start: number; end: number } };
  /** Or its rows, when they are written in the checked file itself (Patroni's pg_hba list). */
  readonly hbaRows?: { rows: readonly HbaLine[]; related: { file: string; line: number; message: string }; message: string };
}

/**
 * A server command of the workspace that reads this file (`-c config_file=` or
 * `-c hba_file=` naming it through its volumes): its command-line settings override
 * postgresql.conf, so they decide what the file's rows and settings do.
 */
export interface ServedBy {
  /** The file the command is written in, and its text. */
  readonly file: string;
  readonly text: string;
  /** The settings on its command line (offsets in `text`). */
  readonly settings: ReadonlyMap<string, ConfSetting>;
  /** What wins over the postgresql.conf it reads: postgresql.auto.conf, ALTER SYSTEM of its init scripts, the command line. */
  readonly over: ReadonlyMap<string, ConfSetting>;
  /** The settings the server runs with (command line over its postgresql.conf): ssl, ssl_ca_file. */
  readonly effective: ReadonlyMap<string, ConfSetting>;
  /** Whether ssl is on; undefined when neither the command nor a postgresql.conf it names says. */
  readonly sslOn: boolean | undefined;
  /** Whether the server's postgresql.conf is seen too: else a setting the command leaves out may be set there. */
  readonly complete: boolean;
  /** The pg_hba.conf its hba_file names in the workspace. */
  readonly hbaPath?: string;
  /** Where an absolute path of the server is in the workspace (the command's volumes and mappings). */
  readonly resolve: (value: string) => Resolved | undefined;
}

export async function checkPostgresConf(path: string, text: string, ctx: DmCheckContext, via?: ServedBy): Promise<Finding[]> {
  const own = parsePgConf(text);
  // postgresql.auto.conf, then a command line, win: marked as written elsewhere (negative offsets), they are not this file's findings.
  const { settings: s } = await withAutoConf(path, own, text, ctx);
  for (const [k, x] of via?.over ?? []) s.set(k, writtenElsewhere(x));
  const ssl = own.get('ssl');
  const hbaSetting = own.get('hba_file');
  const at = hbaSetting && !via?.settings.has('hba_file') ? { start: hbaSetting.keyStart, end: hbaSetting.keyEnd } : { start: ssl?.keyStart ?? 0, end: ssl?.keyEnd ?? 0 };
  const hbaThere = via && hbaSetting && nodePath.isAbsolute(hbaSetting.value) ? via.resolve(hbaSetting.value)?.path : undefined;
  const hbaPath = via?.hbaPath ?? hbaThere ?? nodePath.join(dirName(path), hbaSetting?.value ? baseName(hbaSetting.value) : 'pg_hba.conf');
  return checkPgTlsSettings(
    {
      settings: s,
      own: (x) => x.keyStart >= 0,
      // Unknown (an included file may set it) counts as off: PostgreSQL then reads none of the TLS files.
      sslOn: (via ? via.sslOn : pgSslOn(s)) === true,
      resolve: (v) => (via && nodePath.isAbsolute(v) ? via.resolve(v) : undefined) ?? resolvePgFile(path, s, v, text, settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots)),
      fallback: { start: ssl?.keyStart ?? 0, end: ssl?.keyEnd ?? 0 },
      hba: { path: hbaPath, at },
    },
    ctx,
  );
}

/** The TLS files a server's settings name, checked as PostgreSQL loads them at start (ssl = on) and reload. */
export async function checkPgTlsSettings(src: PgTlsSettings, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const s = src.settings;
  const sslOn = src.sslOn;
  const fileSetting = async (name: string, def: string | undefined): Promise<{ setting?: ConfSetting; facts?: FileFacts; path?: string; skip?: boolean; inImage?: boolean }> => {
    const setting = s.get(name);
    const v = setting?.value ?? def;
    if (!v) return { setting };
    const where = src.resolve(v);
    if (!where) return { setting, skip: true };
    const p = where.path;
    const facts = await load(p, ctx);
    if (setting && (!facts.exists || !facts.isFile)) {
      out.push({ code: 'PG-020', severity: !sslOn ? 'information' : facts.exists ? 'warning' : missingFileSeverity(where, ctx.workspaceRoots), start: setting.keyStart, end: setting.keyEnd, message: tr`${name}: "${v}" ${facts.exists ? tr`is not a regular file` : tr`does not exist here`} (${where.how}: ${p}); PostgreSQL ${sslOn ? tr`will not start with ssl = on` : tr`cannot use it`} if it is missing on the server.` });
      return { setting };
    }
    return { setting, facts: facts.exists ? facts : undefined, path: p, ...(where.inImage ? { inImage: true } : {}) };
  };
  if (!sslOn && !['ssl_cert_file', 'ssl_key_file', 'ssl_ca_file'].some((k) => s.has(k))) return out;
  const cert = await fileSetting('ssl_cert_file', sslOn ? 'server.crt' : undefined);
  const key = await fileSetting('ssl_key_file', sslOn ? 'server.key' : undefined);
  const ca = await fileSetting('ssl_ca_file', undefined);
  const crl = await fileSetting('ssl_crl_file', undefined);
  const anchor = (x: { setting?: ConfSetting }): { start: number; end: number } => (x.setting ? { start: x.setting.keyStart, end: x.setting.keyEnd } : src.fallback);
  const leaf = cert.facts?.certs[0];
  // Revoked: PostgreSQL presents it all the same; only clients that check a CRL (libpq with sslcrl) refuse it.
  const revoked = leaf ? await revocationOf(ctx.pki, leaf) : undefined;
  if (leaf && revoked) {
    out.push(revokedFinding({ code: 'PG-038', severity: 'warning', option: 'ssl_cert_file', at: anchor(cert), consequence: tr`PostgreSQL still presents it; clients that check a CRL listing it (libpq with sslcrl) refuse the connection, the others accept it. ${ReissueAdvice}`, related: [{ file: cert.facts!.path, line: leaf.line, message: leaf.subject }] }, leaf, revoked));
  }
  if (cert.facts && !leaf) out.push({ code: 'PG-020', severity: 'error', ...anchor(cert), message: tr`ssl_cert_file holds no certificate${cert.facts.keys.length ? tr` (it holds a private key: switched files?)` : ''}.`, related: [{ file: cert.facts.path, line: 0, message: tr`this file` }] });
  if (key.facts) {
    const k = key.facts.keys[0];
    if (!k) out.push({ code: 'PG-020', severity: 'error', ...anchor(key), message: tr`ssl_key_file holds no private key${key.facts.certs.length ? tr` (it holds a certificate: switched files?)` : ''}.`, related: [{ file: key.facts.path, line: 0, message: tr`this file` }] });
    else if (k.opensslRefuses) out.push({ code: 'PG-020', severity: 'error', ...anchor(key), message: tr`ssl_key_file is ${k.opensslRefuses}, which OpenSSL 3.0 cannot load: PostgreSQL does not start ("could not load private key file").`, related: [{ file: key.facts.path, line: k.line, message: tr`this key` }] });
    else if (leaf && k.publicKeyId && k.publicKeyId !== leaf.publicKeyId) out.push({ code: 'PG-011', severity: 'error', ...anchor(key), message: tr`ssl_key_file is not the key of ssl_cert_file (${leaf.subject}): "certificate does not match private key file".`, related: [{ file: key.facts.path, line: k.line, message: tr`this key` }] });
    else if (k.encrypted && !s.get('ssl_passphrase_command')?.value) out.push({ code: 'PG-020', severity: 'warning', ...anchor(key), message: tr`ssl_key_file is encrypted and no ssl_passphrase_command is set: the server prompts for the passphrase at start and cannot reload it.` });
    // A key copied into an image has the mode the build gives it (RUN chmod, COPY --chmod), not the workspace's.
    const mode = key.inImage ? undefined : key.facts.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) {
      const st = ctx.env.fs.statSync(key.facts.path);
      const rootOwned = st?.uid === 0;
      if (!rootOwned || (mode & 0o037) !== 0) {
        out.push({
          code: 'PG-010',
          severity: 'error',
          ...anchor(key),
          message: `private key file "${key.path}" has group or world access (${mode.toString(8).padStart(4, '0')}): file must have permissions u=rw (0600) or less if owned by the database user, or u=rw,g=r (0640) or less if owned by root.`,
          fixes: [{ title: tr`Set ${baseName(key.facts.path)} to 0600`, command: { id: fixKeyPermissionsCommand, args: [key.facts.path] }, isPreferred: true }],
        });
      }
    }
  }
  if (ca.facts) {
    if (!ca.facts.certs.length) out.push({ code: 'PG-020', severity: 'error', ...anchor(ca), message: tr`ssl_ca_file holds no certificate.` });
    else if (!ca.facts.certs.some(canSign)) out.push({ code: 'PG-020', severity: 'warning', ...anchor(ca), message: tr`ssl_ca_file holds no CA certificate (basicConstraints CA:TRUE with keyCertSign).` });
  }
  if (crl.facts) {
    if (!crl.facts.crls.length) out.push({ code: 'PG-020', severity: 'error', ...anchor(crl), message: tr`ssl_crl_file holds no X509 CRL.` });
    else out.push(...(await crlFindings(crl.facts, ca.facts, ctx, anchor(crl))));
  }
  // Cross-file: the pg_hba rows the server reads use client certificates but no CRL is configured.
  const noCrl = (rows: readonly HbaLine[], related: { file: string; line: number; message: string }, message = tr`pg_hba.conf accepts client certificates but no ssl_crl_file or ssl_crl_dir is set: a revoked client certificate is still accepted.`): void => {
    if (!sslOn || !rows.some((l) => l.method === 'cert' || l.options.has('clientcert'))) return;
    // Without ssl_ca_file no client certificate is checked at all: PG-006 on the rows says so.
    if (src.complete !== false && s.get('ssl_ca_file')?.value && !s.get('ssl_crl_file')?.value && !s.get('ssl_crl_dir')?.value) {
      out.push({ code: 'PG-021', severity: 'warning', ...anchor(ca), message, related: [related] });
    }
  };
  if (src.hba) {
    const hbaPath = src.hba.path;
    ctx.depend(hbaPath);
    const hba = await ctx.env.fs.readBounded(hbaPath);
    if (!hba.ok && hba.refusal !== 'missing') {
      out.push({ code: 'CW-READ', severity: 'warning', ...src.hba.at, message: tr`${baseName(hbaPath)} beside this file ${hba.detail}: its client-certificate rows are not checked.` });
    }
    if (hba.ok) noCrl(parseHba(new TextDecoder().decode(hba.bytes)), { file: hbaPath, line: 0, message: 'pg_hba.conf' });
  }
  if (src.hbaRows) noCrl(src.hbaRows.rows, src.hbaRows.related, src.hbaRows.message);
  // Findings on settings written elsewhere (a postgresql.conf under a command line) belong to that file.
  const ownAt = new Set<number>([src.fallback.start]);
  for (const x of s.values()) if (src.own(x)) ownAt.add(x.keyStart);
  const kept = out.filter((f) => f.code === 'CW-READ' || ownAt.has(f.start));
  if (sslOn) return kept;
  // ssl off: PostgreSQL loads none of these files, so nothing about them stops it yet.
  return kept.map((f) => (f.severity === 'error' || f.severity === 'warning' ? { ...f, severity: 'information' as const, message: tr`${f.message} ssl is off here: PostgreSQL reads the TLS files only once ssl = on.` } : f));
}

/**
 * ssl_crl_file as PostgreSQL uses it: OpenSSL checks every client chain against a
 * CRL of each issuer (PostgreSQL sets X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL),
 * so a lapsed CRL, or one that no CA of ssl_ca_file signed, refuses every client.
 */
async function crlFindings(crlFile: FileFacts, caFile: FileFacts | undefined, ctx: DmCheckContext, at: { start: number; end: number }): Promise<Finding[]> {
  const out: Finding[] = [];
  const now = ctx.env.now().getTime();
  const warnDays = ctx.settings.expiryWarningDays;
  const cas = (caFile?.certs ?? []).filter(canSign);
  const covered = new Set<CertFacts>();
  for (const c of crlFile.crls) {
    const related = [{ file: crlFile.path, line: c.line, message: tr`CRL issued by ${c.issuer}` }];
    if (c.unloadable) {
      // PostgreSQL loads ssl_crl_file with X509_STORE_load_locations, which fails on a CRL OpenSSL cannot read (peers: pg-crl-unusable).
      out.push({ code: 'PG-022', severity: 'error', ...at, message: tr`OpenSSL cannot load the CRL of ${c.issuer} ("${c.unusable}"): PostgreSQL does not start with this ssl_crl_file ("could not load SSL certificate revocation list file"), and a reload keeps the TLS settings it had ("SSL configuration was not reloaded"). Publish the CRL again (certwright crl).`, related });
    } else if (c.unusable) {
      out.push({ code: 'PG-022', severity: 'error', ...at, message: tr`OpenSSL cannot use the CRL of ${c.issuer} ("${c.unusable}"): PostgreSQL, which checks every client chain against a CRL, accepts no client certificate of that CA. Publish the CRL again (certwright crl) and reload PostgreSQL.`, related });
    } else if (c.nextUpdate && c.nextUpdate.getTime() < now) {
      out.push({ code: 'PG-022', severity: 'error', ...at, message: tr`The CRL's nextUpdate (${formatInstant(c.nextUpdate)}) has passed: PostgreSQL refuses every client certificate of ${c.issuer} with "CRL has expired" until a fresh CRL is published and reloaded (certwright crl).`, related });
    } else if (c.nextUpdate && c.nextUpdate.getTime() - now < warnDays * dayMs) {
      const days = Math.max(0, daysBetween(now, c.nextUpdate));
      out.push({ code: 'PG-024', severity: 'warning', ...at, message: tr`The CRL of ${c.issuer} reaches its nextUpdate in ${days} day${plural(days)} (${formatInstant(c.nextUpdate)}): once it passes, PostgreSQL refuses every client certificate ("CRL has expired"). Publish a fresh CRL (certwright crl) and reload PostgreSQL before then.`, related });
    }
    if (!caFile || !cas.length || !c.der) continue;
    const named = cas.filter((ca) => ca.subject === c.issuer);
    let signer: CertFacts | undefined;
    for (const ca of named) if ((await verifySignature(c.der, ca.der, ctx.env.crypto)) === 'valid') signer = ca;
    if (signer) covered.add(signer);
    else {
      const caNames = [...new Set(cas.map((ca) => ca.subject))].join('; ');
      out.push({
        code: 'PG-023',
        severity: 'error',
        ...at,
        message: named.length
          ? tr`The CRL names ${c.issuer} as issuer but was not signed by the key of that CA in ssl_ca_file (another CA with the same name, e.g. before a rotation): PostgreSQL finds no CRL for the clients' CA and refuses every client certificate ("unable to get certificate CRL").`
          : tr`The CRL was issued by ${c.issuer}, not by a CA of ssl_ca_file (${caNames}): PostgreSQL finds no CRL for the clients' CA and refuses every client certificate ("unable to get certificate CRL").`,
        related: [...related, { file: caFile.path, line: cas[0]!.line, message: 'ssl_ca_file' }],
      });
    }
  }
  // Only when some CRL fits: otherwise PG-023 above already says every client is refused.
  if (covered.size) {
    for (const ca of cas.filter((x) => !covered.has(x))) {
      out.push({ code: 'PG-025', severity: 'warning', ...at, message: tr`ssl_crl_file has no CRL of ${ca.subject}, a CA of ssl_ca_file: PostgreSQL refuses every client certificate that CA issued ("unable to get certificate CRL"). Add its CRL to the file (a CA bundle needs one CRL per CA).`, related: [{ file: caFile!.path, line: ca.line, message: ca.subject }] });
    }
  }
  return out;
}

const certMethods = new Set(['cert']);

/** What the server reading a pg_hba.conf runs with: the command that names it, else the postgresql.conf beside it. */
export interface HbaServer {
  readonly conf?: ReadonlyMap<string, ConfSetting>;
  readonly sslOn?: boolean;
  /** false: settings may be set where Certwright does not see them (a command without its postgresql.conf). */
  readonly complete?: boolean;
  /** Where ssl (or the settings) are written, for related locations. */
  readonly file: string;
  readonly sslLine: number;
  /** How the file is named in messages: postgresql.conf, or the command line. */
  readonly what: string;
  /** PG-006's message and note, in words of where the settings are written. */
  readonly noCa: { readonly message: string; readonly note: string };
}

async function hbaServer(path: string, ctx: DmCheckContext, out: Finding[], via: ServedBy | undefined): Promise<HbaServer> {
  if (via) {
    const ssl = via.settings.get('ssl');
    return {
      conf: via.effective,
      sslOn: via.sslOn,
      complete: via.complete,
      file: via.file,
      sslLine: ssl ? lineAt(via.text, ssl.keyStart) : 0,
      what: tr`the server command in ${baseName(via.file)}`,
      noCa: {
        message: tr`Client certificates can only be checked with ssl_ca_file set, and the server started in ${baseName(via.file)}, which reads this file as its hba_file, has none ("client certificates can only be checked if a root certificate store is available").`,
        note: tr`no ssl_ca_file`,
      },
    };
  }
  const confPath = nodePath.join(dirName(path), 'postgresql.conf');
  ctx.depend(confPath);
  const confRead = await ctx.env.fs.readBounded(confPath);
  if (!confRead.ok && confRead.refusal !== 'missing') out.push({ code: 'CW-READ', severity: 'warning', start: 0, end: 0, message: tr`postgresql.conf beside this file ${confRead.detail}: its TLS settings are not checked against these rows.` });
  const confText = confRead.ok ? new TextDecoder().decode(confRead.bytes) : undefined;
  const withAuto = confText !== undefined ? await withAutoConf(confPath, parsePgConf(confText), confText, ctx) : undefined;
  const conf = withAuto?.settings;
  // ssl as set in postgresql.auto.conf (ALTER SYSTEM) wins: the related location and the words say so.
  const autoSsl = withAuto?.auto?.settings.get('ssl');
  const ssl = autoSsl ?? conf?.get('ssl');
  return {
    conf,
    sslOn: conf ? pgSslOn(conf) : undefined,
    file: autoSsl ? withAuto!.auto!.path : confPath,
    sslLine: ssl ? lineAt(autoSsl ? withAuto!.auto!.text : confText!, ssl.keyStart) : 0,
    what: autoSsl ? 'postgresql.auto.conf' : 'postgresql.conf',
    noCa: {
      message: tr`Client certificates can only be checked with ssl_ca_file set in postgresql.conf ("client certificates can only be checked if a root certificate store is available").`,
      note: tr`postgresql.conf has no ssl_ca_file`,
    },
  };
}

export async function checkPgHba(path: string, text: string, ctx: DmCheckContext, via?: ServedBy): Promise<Finding[]> {
  const out: Finding[] = [];
  const server = await hbaServer(path, ctx, out, via);
  out.push(...(await checkHbaRows(parseHba(text), server, ctx, { dir: dirName(path), text })));
  return out;
}

/**
 * The checks of pg_hba rows against the server that reads them, wherever the rows are
 * written (pg_hba.conf, Patroni's and CloudNativePG's YAML lists). `certFiles`: the
 * folder and text of a pg_hba.conf, where client certificates made for a row's user
 * may sit beside it (PG-001).
 */
export async function checkHbaRows(lines: readonly HbaLine[], server: HbaServer, ctx: DmCheckContext, certFiles?: { dir: string; text: string }): Promise<Finding[]> {
  const out: Finding[] = [];
  const { conf, sslOn } = server;
  for (const l of lines) {
    if (l.type === 'hostssl' && sslOn === false) {
      const ssl = conf?.get('ssl');
      out.push({
        code: 'PG-007',
        severity: 'warning',
        start: l.start,
        end: l.start + l.type.length,
        message: tr`hostssl record cannot match because SSL is disabled: ${server.what} ${ssl ? tr`sets ssl = ${ssl.value}` : tr`does not set ssl (off by default)`}, so PostgreSQL keeps this row but no connection reaches it (it logs this at every load).`,
        related: [{ file: server.file, line: server.sslLine, message: ssl ? `ssl = ${ssl.value}` : server.what }],
      });
    }
    const cc = l.options.get('clientcert');
    const cn = l.options.get('clientname');
    if (cc) {
      if (!/^(verify-ca|verify-full)$/.test(cc.value)) {
        const legacy = /^(1|0|true|false|yes|no|on|off|no-verify)$/i.test(cc.value);
        out.push({
          code: 'PG-002',
          severity: 'error',
          start: cc.start,
          end: cc.end,
          message: tr`invalid value for clientcert: "${cc.value}" (PostgreSQL 14+ accepts verify-ca or verify-full).`,
          fixes: legacy && /^(1|true|yes|on)$/i.test(cc.value) ? [{ title: tr`Use clientcert=verify-ca`, edits: [{ start: cc.start, end: cc.end, newText: 'clientcert=verify-ca' }], isPreferred: true }] : undefined,
        });
      }
      if (l.type !== 'hostssl') out.push({ code: 'PG-003', severity: 'error', start: cc.start, end: cc.end, message: `clientcert can only be configured for "hostssl" rows.`, fixes: l.type === 'host' ? [{ title: tr`Make this a hostssl row`, edits: [{ start: l.start, end: l.start + 4, newText: 'hostssl' }] }] : undefined });
      if (certMethods.has(l.method) && cc.value === 'verify-ca') out.push({ code: 'PG-004', severity: 'error', start: cc.start, end: cc.end, message: `clientcert only accepts "verify-full" when using "cert" authentication (and is redundant there).`, fixes: [{ title: tr`Remove clientcert (cert implies verify-full)`, edits: [{ start: cc.start - 1, end: cc.end, newText: '' }], isPreferred: true }] });
    }
    if (cn) {
      if (!/^(CN|DN)$/.test(cn.value)) out.push({ code: 'PG-005', severity: 'error', start: cn.start, end: cn.end, message: tr`invalid value for clientname: "${cn.value}" (CN or DN).` });
      if (l.type !== 'hostssl') out.push({ code: 'PG-005', severity: 'error', start: cn.start, end: cn.end, message: `clientname can only be configured for "hostssl" rows.` });
    }
    if (l.method === 'cert' && l.type !== 'hostssl') {
      // hba.c refuses the row, and with it the whole file: a reload keeps the old rules, a start fails.
      out.push({
        code: 'PG-003',
        severity: 'error',
        start: l.start,
        end: l.start + l.type.length,
        message: tr`cert authentication is only supported on hostssl connections: PostgreSQL rejects this pg_hba.conf (a reload keeps the previous rules, a start fails).`,
        fixes: l.type === 'host' || l.type === 'hostnossl' ? [{ title: tr`Make this a hostssl row`, edits: [{ start: l.start, end: l.start + l.type.length, newText: 'hostssl' }], isPreferred: true }] : undefined,
      });
    }
    const usesCert = l.method === 'cert' || !!cc;
    // Only with ssl on: with it off no connection reaches a hostssl row (PG-007 says so).
    if (usesCert && sslOn === true && server.complete !== false && !conf?.get('ssl_ca_file')?.value) {
      out.push({
        code: 'PG-006',
        severity: 'error',
        start: l.methodStart,
        end: l.methodStart + l.method.length,
        message: server.noCa.message,
        related: [{ file: server.file, line: server.sslLine, message: server.noCa.note }],
      });
    }
    // PG-001: a client certificate made for this row's user carries the user as CN.
    if (certFiles && l.method === 'cert' && !l.options.has('map') && /^[A-Za-z_][\w$-]*$/.test(l.user) && l.user !== 'all' && cn?.value !== 'DN') {
      const { dir, text } = certFiles;
      for (const cand of [`${l.user}.crt`, `client.${l.user}.crt`, `${l.user}-client.crt`, `client-${l.user}.crt`]) {
        for (const d of [dir, nodePath.join(dir, 'certs'), nodePath.join(dir, 'client')]) {
          const p = nodePath.join(d, cand);
          const st = ctx.env.fs.statSync(p);
          if (!st) continue;
          ctx.depend(p);
          const c = (await ctx.store.load(p)).certs[0];
          if (c && !c.subjectCN.includes(l.user)) {
            const userStart = text.indexOf(l.user, l.start + l.type.length + l.database.length);
            out.push({
              code: 'PG-001',
              severity: 'error',
              start: userStart,
              end: userStart + l.user.length,
              message: tr`${cand} is meant for role "${l.user}" but its CN is ${c.subjectCN.length ? `"${c.subjectCN.join('", "')}"` : 'missing'}: "cert" authentication compares the CN with the user name (add map= to map it).`,
              related: [{ file: p, line: c.line, message: c.subject }],
            });
          }
        }
      }
    }
  }
  return out;
}

/** Decodes an in-memory PEM text (for unsaved documents). */
export function factsFromText(path: string, text: string): FileFacts {
  return decodeFacts(path, new TextEncoder().encode(text), { isFile: true, mode: undefined });
}
