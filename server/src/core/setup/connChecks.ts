/**
 * Connection strings as edges of the deployment: each libpq keyword/value string,
 * URI or pgjdbc URL of a file is a client (libpq — psql and most drivers —, pgjdbc,
 * or `cockroach sql`) dialling a PostgreSQL server of the workspace (a
 * postgresql.conf listening there) or a CockroachDB node (a `cockroach start`
 * advertising that name). Checked as the client library and the server check it:
 * the name in the server certificate (sslmode=verify-full), the chain to
 * sslrootcert (verify-ca and verify-full), serverAuth, the client certificate
 * against the server's CA and clientAuth, its CN against the user for cert
 * authentication (CockroachDB: the principals after --cert-principal-map), and
 * the client key file as the library loads it (libpq: PEM, permissions; pgjdbc:
 * PKCS#8 DER). Findings sit on the parameter at fault in the client's file; the
 * chain, EKU, name and user problems also on the server's file (postgresql.conf,
 * pg_hba.conf or the node's start command), naming the client.
 */
import type { Finding, RelatedLocation } from '../types';
import { sanCovers, type CertFacts, type FileFacts } from './certFacts';
import { jdbcFactoryFinding, jdbcSslFactory, type JdbcFactory } from './jdbcFactory';
import { effectiveSslMode, findConnStrings, verifiesServer, type ConnParam, type ConnString } from './connStrings';
import { certsDirsMadeIn, madeBefore, nodeAt, workspaceNodes, type CrdbNode } from './crdbDeployment';
import { missingFileSeverity, resolveCommandPath } from './deployedPaths';
import type { DmCheckContext } from './dmCheck';
import { baseName } from './fileNames';
import { certName, edgeProblems, reissue, validFor, type EdgeProblem } from './edgeChecks';
import { hbaRowFor, pgServerOf, serverAt, type PgServer } from './pgServers';
import { listedBy, reissueAdvice, revocationOf, revokedFinding } from './revokedUse';
import { findInvocations, type Invocation } from './startCommands';
import { deploymentFiles, deriveFromFile } from './workspaceIndex';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

/**
 * How a client reads its connection string: libpq (OpenSSL), pgjdbc, `cockroach sql` (CockroachDB's
 * own URL rules over --certs-dir, Go), or lib/pq (`golib`: Go's crypto/tls and crypto/x509), through
 * which `cockroach workload` connects: sslmode require by default, no Common Name fallback.
 */
type Library = 'libpq' | 'jdbc' | 'cockroach' | 'golib';

/** Whether the client verifies with Go's crypto/x509 (SANs only, Go's parser and chain rules). */
const goClient = (l: Library): boolean => l === 'cockroach' || l === 'golib';

interface Named {
  /** Where it is named (a parameter, or --certs-dir for cockroach's defaults). */
  readonly at: { start: number; end: number };
  readonly option: string;
  readonly path: string;
  readonly how: string;
  readonly facts: FileFacts;
  /** How to report it when it is not here (see missingFileSeverity). */
  readonly missing: 'warning' | 'information';
  /** In a certs directory a `cockroach cert create-…` of the file made before the connection: not looked for. */
  readonly made?: true;
}

export interface Client {
  readonly file: string;
  readonly text: string;
  readonly conn: ConnString;
  readonly library: Library;
  /** The client as messages name it: libpq, pgjdbc, `cockroach sql`, `cockroach workload`… */
  readonly name: string;
  readonly mode: string;
  readonly host: string;
  readonly hostAt: { start: number; end: number };
  /** Where it connects: hostaddr when given (libpq checks the name against host, connects to hostaddr). */
  readonly addr: string;
  readonly port?: string;
  readonly user?: string;
  readonly userAt?: { start: number; end: number };
  readonly root?: Named;
  /** sslrootcert=system, where it is written. */
  readonly systemRoots?: ConnParam;
  /** Whether a libpq program reads it (psql "…", pg_dump …): else a URI may be any driver's, which need not check what libpq checks. */
  readonly libpqProgram?: boolean;
  readonly cert?: Named;
  readonly key?: Named;
  /** pgJDBC's sslfactory when it is not LibPQFactory: root, cert and key are then not read. */
  readonly sslFactory?: JdbcFactory;
}

type Target = { readonly system: 'pg'; readonly server: PgServer } | { readonly system: 'crdb'; readonly node: CrdbNode };

type Verdict = { readonly what: 'san' } | { readonly what: EdgeProblem } | { readonly what: 'user'; readonly principals: readonly string[]; readonly rowLine?: number };

const libraryName: Record<Library, string> = { libpq: 'libpq', jdbc: 'pgjdbc', cockroach: `cockroach sql`, golib: 'lib/pq' };

/** The JDBC user when the URL has none: a `username`/`user` property or YAML key of the same file. */
function siblingUser(text: string): { value: string; start: number; end: number } | undefined {
  const m = /^[ \t]*[\w.-]*\b(?:username|user)[ \t]*[=:][ \t]*["']?([^\s"'#]+)/m.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length - m[1]!.length;
  return { value: m[1]!, start, end: start + m[1]!.length };
}

/**
 * The sslmode values the clients accept: libpq, pgjdbc, pgx, lib/pq and cockroach sql
 * the six — libpq as written (it refuses `REQUIRE`), pgjdbc in any case; node-postgres,
 * which reads URIs, also `no-verify`. A placeholder (`${SSLMODE}`, `<mode>`) is not judged.
 */
const sslModes = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

function unknownSslMode(conn: ConnString): ConnParam | undefined {
  const m = conn.params.get('sslmode');
  const v = conn.kind === 'jdbc' ? m?.value.toLowerCase() : m?.value;
  if (!m || sslModes.has(v!) || (conn.kind === 'uri' && v === 'no-verify') || /[$%{<]/.test(m.value)) return undefined;
  return m;
}

/**
 * The cockroach command a connection string belongs to, by name: `cockroach sql` for its --url, the
 * command itself for a URL among its words (`cockroach workload init 'postgres://…'`, which connects
 * through lib/pq), so that messages name the program that reads it.
 */
function cockroachClient(invs: readonly Invocation[], conn: ConnString): { inv: Invocation; name: string; url: boolean } | undefined {
  for (const i of invs) {
    const u = i.flags.get('url');
    if (u && u.start <= conn.start && conn.start < u.end) return { inv: i, name: 'cockroach sql', url: true };
  }
  const arg = invs.find((i) => i.end <= conn.start && conn.start < i.argsEnd && !i.flags.get('url'));
  return arg ? { inv: arg, name: `cockroach ${arg.subcommand}`.trim(), url: false } : undefined;
}

/** A connection string whose sslmode its client refuses: it never connects, so nothing else about it is checked. */
function sslModeFinding(conn: ConnString, cockroach: string | undefined): Finding {
  const m = conn.params.get('sslmode')!;
  const refusal = cockroach
    ? tr`${cockroach} refuses the URL`
    : conn.kind === 'jdbc'
      ? tr`pgjdbc refuses the URL ("Invalid sslmode value: ${m.value}")`
      : tr`libpq refuses the connection string ("invalid sslmode value: \"${m.value}\"")`;
  return { code: 'PG-039', severity: 'error', start: m.start, end: m.end, message: tr`sslmode=${m.value} is not a mode the client knows (disable, allow, prefer, require, verify-ca, verify-full): ${refusal}.` };
}

/**
 * The sslmode of a string that sets none, where its client differs from libpq (prefer): lib/pq
 * connects with require; `cockroach sql --url` with verify-full, or without TLS under --insecure
 * (CockroachDB's client URL parser).
 */
function defaultSslMode(library: Library, inv: Invocation | undefined, text: string): string | undefined {
  if (library === 'golib') return 'require';
  if (library !== 'cockroach' || !inv) return undefined;
  return /\s--insecure(?:=true)?(?=[\s"',\]]|$)/.test(text.slice(inv.start, inv.argsEnd)) ? 'disable' : 'verify-full';
}

/** PostgreSQL's client programs, which connect through libpq. */
const libpqProgramRe = /(?:^|[\s"'(;|&/])(?:psql|pg_dump|pg_dumpall|pg_restore|pg_basebackup|pg_isready|pgbench|createdb|dropdb|createuser|dropuser|vacuumdb|reindexdb|clusterdb|pg_receivewal|pg_recvlogical|pg_amcheck)(?=[\s"'])/;

/** Whether the connection string at `start` is among the words of a libpq program on its line. */
function libpqProgramBefore(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return libpqProgramRe.test(text.slice(Math.max(lineStart, start - 2000), start));
}

async function clientsOf(file: string, text: string, ctx: DmCheckContext): Promise<Client[]> {
  const conns = findConnStrings(text);
  if (!conns.length) return [];
  const invs = text.includes('cockroach') ? findInvocations(file, text).filter((i) => i.program === 'cockroach') : [];
  const out: Client[] = [];
  const made = certsDirsMadeIn(file, text, ctx);
  for (const conn of conns) {
    if (unknownSslMode(conn)) continue;
    const p = conn.params;
    const host = p.get('host') ?? p.get('hostaddr');
    if (!host || host.value.startsWith('/') || host.value.includes('$') || host.value.includes('{')) continue;
    const crdb = cockroachClient(invs, conn);
    // cockroach sql's own flags (--certs-dir) fill what its --url leaves out.
    const inv: Invocation | undefined = crdb?.url ? crdb.inv : undefined;
    // Another cockroach command's URL (cockroach workload connects through lib/pq): lib/pq's rules, in that command's name.
    const library: Library = inv ? 'cockroach' : crdb ? 'golib' : conn.kind === 'jdbc' ? 'jdbc' : 'libpq';
    const name = crdb?.name ?? libraryName[library];
    let user: ConnParam | { value: string; start: number; end: number } | undefined = p.get('user');
    if (!user && conn.kind === 'jdbc') user = siblingUser(text);
    const load = async (option: string, value: string, at: { start: number; end: number }): Promise<Named> => {
      const r = resolveCommandPath(file, text, value, at.start, ctx);
      ctx.depend(r.path);
      return { option, at, path: r.path, how: r.how, facts: await ctx.store.load(r.path), missing: missingFileSeverity(r, ctx.workspaceRoots), ...(madeBefore(made, r.path, conn.start) ? { made: true as const } : {}) };
    };
    const named = async (option: string, def?: string): Promise<Named | undefined> => {
      const v = p.get(option);
      // sslrootcert=system: the host's CA store (libpq 16+, lib/pq 1.11+, pgx), no file of the workspace.
      if (option === 'sslrootcert' && v?.value === 'system') return undefined;
      if (v?.value) return load(option, v.value, v);
      // cockroach sql takes what the URL leaves out from --certs-dir.
      const dir = inv?.flags.get('certs-dir');
      if (def && dir && !v) return load(`--certs-dir (${def})`, `${dir.value.replace(/\/+$/, '')}/${def}`, dir);
      return undefined;
    };
    const u = user?.value ?? (library === 'cockroach' ? 'root' : undefined);
    const factory = jdbcSslFactory(conn);
    out.push({
      file,
      text,
      conn,
      library,
      name,
      mode: p.get('sslmode') ? effectiveSslMode(conn) : defaultSslMode(library, inv, text) ?? effectiveSslMode(conn),
      ...(p.get('sslrootcert')?.value === 'system' ? { systemRoots: p.get('sslrootcert')! } : {}),
      ...(library === 'libpq' && libpqProgramBefore(text, conn.start) ? { libpqProgram: true } : {}),
      host: host.value,
      hostAt: { start: host.start, end: host.end },
      addr: p.get('hostaddr')?.value || host.value,
      port: p.get('port')?.value,
      user: u,
      userAt: user ? { start: user.start, end: user.end } : undefined,
      ...(factory
        ? { sslFactory: factory }
        : {
            root: await named('sslrootcert', 'ca.crt'),
            cert: await named('sslcert', u ? `client.${u}.crt` : undefined),
            key: await named('sslkey', u ? `client.${u}.key` : undefined),
          }),
    });
  }
  return out;
}

/** Every client of the workspace (this file's from its current text). */
async function workspaceClients(path: string, ctx: DmCheckContext): Promise<Client[]> {
  const out: Client[] = [];
  for (const f of (await deploymentFiles(ctx)).deploy) {
    if (f === path) continue;
    out.push(
      ...(await deriveFromFile(ctx, 'conn-clients', f, async (d) => {
        const t = await ctx.store.readText(f);
        return t ? clientsOf(f, t, { ...ctx, ...d }) : [];
      })),
    );
  }
  return out;
}

async function workspaceServers(path: string, text: string | undefined, ctx: DmCheckContext): Promise<PgServer[]> {
  const out: PgServer[] = [];
  for (const f of (await deploymentFiles(ctx)).pgConfs) {
    const server =
      f === path && text !== undefined
        ? await pgServerOf(f, text, ctx)
        : await deriveFromFile(ctx, 'pg-server', f, async (d) => {
            const t = await ctx.store.readText(f);
            return t ? pgServerOf(f, t, { ...ctx, ...d }) : undefined;
          });
    if (server) out.push(server);
  }
  return out;
}

function targetOf(c: Client, servers: readonly PgServer[], nodes: readonly CrdbNode[]): Target | undefined {
  const node = nodeAt(nodes, c.addr, c.port) ?? (c.library === 'cockroach' ? nodeAt(nodes, c.addr, undefined) : undefined);
  if (node) return { system: 'crdb', node };
  if (c.library === 'cockroach') return undefined;
  const server = serverAt(servers, c.addr, c.port ?? '5432');
  return server ? { system: 'pg', server } : undefined;
}

function cnMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  return p.startsWith('*.') && h.indexOf('.') > 0 && h.slice(h.indexOf('.')) === p.slice(1);
}

/**
 * Whether the server certificate is valid for the host as the client checks it: Go
 * (cockroach sql, lib/pq) reads SANs only; libpq and pgjdbc fall back to the CN when the
 * certificate has no SAN of the host's kind.
 */
export function nameMatches(cert: CertFacts, host: string, library: Library): boolean {
  if (sanCovers(cert, host)) return true;
  if (goClient(library)) return false;
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
  const sanOfKind = ip ? cert.ipAddresses.length > 0 : cert.dnsNames.length > 0;
  return !sanOfKind && cert.subjectCN.some((cn) => cnMatches(cn, host));
}

function serverEnd(t: Target): { cert?: CertFacts; chain?: readonly CertFacts[]; trusted?: readonly CertFacts[]; certPath?: string } {
  if (t.system === 'pg') return { cert: t.server.cert, chain: t.server.chain, trusted: t.server.trusted, certPath: t.server.certPath };
  return { cert: t.node.cert, chain: t.node.chain, trusted: t.node.clientTrusted, certPath: t.node.certPath };
}

/**
 * Whether the client verifies the server's chain: verify-ca and verify-full, and, in libpq and
 * lib/pq, sslmode=require with an sslrootcert file that exists (they then verify as verify-ca does,
 * for compatibility with old libpq; checked with psql 15 and lib/pq 1.10).
 */
function verifiesChain(c: Client): boolean {
  // pgJDBC with another sslfactory: NonValidatingFactory checks nothing, others the JVM's trust store (not seen here).
  if (c.sslFactory) return false;
  return verifiesServer(c.mode) || (c.mode === 'require' && (c.library === 'libpq' || c.library === 'golib') && !!c.root?.facts.exists);
}

/** Go's words when the server certificate is not valid for the host (crypto/x509 HostnameError, Go 1.19). */
function goNameWords(sc: CertFacts, host: string): string {
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
  if (!sc.dnsNames.length && !sc.ipAddresses.length && !ip && sc.subjectCN.some((cn) => cnMatches(cn, host))) return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  if (ip && !sc.ipAddresses.length) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  const valid = ip ? sc.ipAddresses.join('') : sc.dnsNames.join(', ');
  return valid ? `x509: certificate is valid for ${valid}, not ${host}` : `x509: certificate is not valid for any names, but wanted to match ${host}`;
}

async function judge(c: Client, t: Target, ctx: DmCheckContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  const server = serverEnd(t);
  const clientCert = c.cert?.facts.certs[0];
  if (server.cert && c.mode === 'verify-full' && !nameMatches(server.cert, c.host, c.library)) out.push({ what: 'san' });
  // PostgreSQL asks for a client certificate only with ssl_ca_file set; CockroachDB always verifies one given.
  const asks = t.system === 'crdb' || (t.server.trusted.length > 0);
  const problems = await edgeProblems(
    { cert: clientCert, chain: c.cert?.facts.certs.slice(1), trusted: c.root?.facts.certs },
    { cert: server.cert, chain: server.chain, trusted: server.trusted },
    {
      verifyServer: verifiesChain(c) && !!c.root?.facts.certs.length,
      clientCert: asks && !!clientCert,
      // cockroach sql, lib/pq and CockroachDB verify with Go's crypto/x509; libpq and PostgreSQL with OpenSSL.
      callerVerifier: goClient(c.library) ? 'go' : 'openssl',
      calleeVerifier: t.system === 'crdb' ? 'go' : 'openssl',
      // pgJDBC judges the server certificate's usages with JSSE's checks (anyExtendedKeyUsage counts, digitalSignature is needed).
      ...(c.library === 'jdbc' ? { callerPurpose: 'java' as const } : {}),
    },
    ctx.store,
  );
  for (const p of problems) out.push({ what: p });
  if (clientCert && c.user && !problems.includes('client-chain')) {
    if (t.system === 'pg') {
      const row = hbaRowFor(t.server.hba, c.user);
      const certAuth = row && (row.method === 'cert' || row.options.get('clientcert')?.value === 'verify-full') && !row.options.has('map') && row.options.get('clientname')?.value !== 'DN';
      if (certAuth && !clientCert.subjectCN.includes(c.user)) out.push({ what: 'user', principals: clientCert.subjectCN, rowLine: lineAt(t.server.hbaText ?? '', row.start) });
    } else {
      const principals = [...clientCert.subjectCN, ...clientCert.dnsNames].map((p) => t.node.principalMap.get(p) ?? p);
      if (!principals.includes(c.user)) out.push({ what: 'user', principals });
    }
  }
  return out;
}


function targetLabel(t: Target): string {
  return t.system === 'pg' ? tr`the PostgreSQL server of ${baseName(t.server.confPath)}` : tr`the CockroachDB node started in ${baseName(t.node.file)}`;
}

function targetRelated(t: Target): RelatedLocation[] {
  const server = serverEnd(t);
  const out: RelatedLocation[] = t.system === 'pg' ? [{ file: t.server.confPath, line: lineAt(t.server.confText, t.server.certAt.start), message: `postgresql.conf: ssl_cert_file` }] : [{ file: t.node.file, line: 0, message: `cockroach start (${t.node.host})` }];
  if (server.cert && server.certPath) out.push({ file: server.certPath, line: server.cert.line, message: certName(server.cert) });
  return out;
}

const code = (t: Target, pg: string, crdb: string): string => (t.system === 'pg' ? pg : crdb);

/** The client's side of a verdict: code, where, words. */
function clientFinding(c: Client, t: Target, v: Verdict): Finding {
  const server = serverEnd(t);
  const sc = server.cert!;
  const lib = c.name;
  const who = `${targetLabel(t)} (${c.host})`;
  const related = targetRelated(t);
  switch (v.what) {
    case 'san': {
      const words =
        goClient(c.library)
          ? goNameWords(sc, c.host)
          : c.library === 'jdbc'
            ? `The hostname ${c.host} could not be verified by hostnameverifier PgjdbcHostnameVerifier.`
            : `server certificate for "${sc.dnsNames[0] ?? sc.ipAddresses[0] ?? sc.subjectCN[0] ?? ''}"${sc.dnsNames.length + sc.ipAddresses.length > 1 ? tr` (and ${sc.dnsNames.length + sc.ipAddresses.length - 1} other name${sc.dnsNames.length + sc.ipAddresses.length > 2 ? 's' : ''})` : ''} does not match host name "${c.host}"`;
      return { code: code(t, 'PG-030', 'CRDB-030'), severity: 'error', ...c.hostAt, message: tr`sslmode=verify-full: ${who} presents ${certName(sc)}, valid for ${validFor(sc)}, not ${c.host}: ${lib} refuses the connection ("${words}").`, related, data: server.certPath ? reissue(server.certPath, { san: c.host }) : undefined };
    }
    case 'server-chain':
      return { code: code(t, 'PG-031', 'CRDB-032'), severity: 'error', ...c.root!.at, message: tr`${c.root!.option} does not verify the certificate of ${who}, ${certName(sc)} (issued by ${sc.issuer}): ${lib} refuses the connection (${c.library === 'libpq' ? `"SSL error: certificate verify failed"` : c.library === 'jdbc' ? `"PKIX path building failed: unable to find valid certification path to requested target"` : `"x509: certificate signed by unknown authority"`}).`, related };
    case 'server-eku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...c.hostAt, message: tr`${who} presents ${certName(sc)}, whose extendedKeyUsage lacks serverAuth: ${lib} refuses it (${goClient(c.library) ? `"x509: certificate specifies an incompatible key usage"` : c.library === 'jdbc' ? `"Extended key usage does not permit use for TLS server authentication"` : `"SSL error: certificate verify failed" — unsupported certificate purpose`}).`, related };
    case 'server-ku':
      if (c.library === 'jdbc') return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...c.hostAt, message: tr`${who} presents ${certName(sc)}, whose keyUsage lacks digitalSignature: ${lib} refuses it ("KeyUsage does not allow digital signatures"; Java's TLS checks need it for the handshake's signature).`, related };
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...c.hostAt, message: tr`${who} presents ${certName(sc)}, whose keyUsage has none of digitalSignature, keyEncipherment and keyAgreement: ${lib} refuses it (${`"SSL error: certificate verify failed" — unsuitable certificate purpose`}; OpenSSL's TLS server purpose needs one of them, Go does not check keyUsage).`, related };
    case 'client-ku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...c.cert!.at, message: tr`This client certificate (${certName(c.cert!.facts.certs[0]!)}) has a keyUsage with neither digitalSignature nor keyAgreement: ${who} refuses it ("SSL error: tlsv1 alert unsupported certificate"; OpenSSL's TLS client purpose needs one of them).`, related };
    case 'client-chain':
      return { code: code(t, 'PG-032', 'CRDB-032'), severity: 'error', ...c.cert!.at, message: tr`${who} does not verify this client certificate (${certName(c.cert!.facts.certs[0]!)}, issued by ${c.cert!.facts.certs[0]!.issuer}) against its ${t.system === 'pg' ? 'ssl_ca_file' : 'ca.crt'}: it refuses the connection (${t.system === 'pg' ? `"SSL error: tlsv1 alert unknown ca"` : `"tls: failed to verify client certificate: x509: certificate signed by unknown authority"`}).`, related };
    case 'client-eku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...c.cert!.at, message: tr`This client certificate (${certName(c.cert!.facts.certs[0]!)}) lacks clientAuth in its extendedKeyUsage: ${who} refuses it (${t.system === 'pg' ? `"SSL error: tlsv1 alert unsupported certificate"` : `"x509: certificate specifies an incompatible key usage"`}).`, related };
    case 'user': {
      const cert = c.cert!.facts.certs[0]!;
      const words = t.system === 'pg' ? `FATAL: certificate authentication failed for user "${c.user}"` : `certificate authentication failed for user "${c.user}"`;
      const detail = t.system === 'pg' ? tr`its CN is ${cert.subjectCN.length ? `"${cert.subjectCN.join('", "')}"` : 'missing'} and pg_hba.conf authenticates ${c.user} with cert` : tr`its principals are ${v.principals.join(', ') || 'none'}${t.node.principalMap.size ? tr` after --cert-principal-map` : ''}`;
      const rel: RelatedLocation[] = t.system === 'pg' ? [{ file: t.server.hbaPath, line: v.rowLine ?? 0, message: tr`pg_hba.conf: the cert row` }] : targetRelated(t);
      return { code: code(t, 'PG-034', 'CRDB-034'), severity: 'error', ...(c.userAt ?? c.cert!.at), message: tr`The client certificate ${baseName(c.cert!.path)} is not for user ${c.user}: ${detail} ("${words}").`, related: [...rel, { file: c.cert!.path, line: cert.line, message: certName(cert) }], data: reissue(c.cert!.path, { cn: c.user }) };
    }
  }
}

/** The server's side of a verdict: the client is named; the finding sits on the setting at fault. */
function serverFinding(c: Client, t: Target, v: Verdict, at: { start: number; end: number }): Finding {
  const server = serverEnd(t);
  const sc = server.cert!;
  const client = `${baseName(c.file)} (${c.name}, ${c.host}${c.user ? tr`, user ${c.user}` : ''})`;
  const related: RelatedLocation[] = [{ file: c.file, line: lineAt(c.text, c.conn.start), message: tr`connection string in ${baseName(c.file)}` }];
  const cc = c.cert?.facts.certs[0];
  switch (v.what) {
    case 'san':
      return { code: code(t, 'PG-030', 'CRDB-030'), severity: 'error', ...at, message: tr`${client} dials ${c.host} with sslmode=verify-full, but this server's certificate ${certName(sc)} is valid for ${validFor(sc)}: that client refuses it. Re-issue it with ${c.host} as a SAN.`, related, data: server.certPath ? reissue(server.certPath, { san: c.host }) : undefined };
    case 'server-chain':
      return { code: code(t, 'PG-031', 'CRDB-032'), severity: 'error', ...at, message: tr`${client} trusts only ${c.root!.path} (${c.root!.facts.certs.map(certName).join('; ')}), which does not verify this server's certificate ${certName(sc)}: that client refuses the connection.`, related: [...related, { file: c.root!.path, line: 0, message: tr`the CA the client trusts` }] };
    case 'server-eku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...at, message: tr`This server's certificate ${certName(sc)} lacks serverAuth in its extendedKeyUsage: ${client} refuses it.`, related };
    case 'server-ku':
      if (c.library === 'jdbc') return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...at, message: tr`This server's certificate ${certName(sc)} has a keyUsage without digitalSignature: ${client} refuses it (Java: "KeyUsage does not allow digital signatures").`, related };
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...at, message: tr`This server's certificate ${certName(sc)} has a keyUsage with none of digitalSignature, keyEncipherment and keyAgreement: ${client} refuses it (OpenSSL's TLS server purpose: "unsuitable certificate purpose").`, related };
    case 'client-ku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...at, message: tr`${client} presents ${certName(cc!)}, whose keyUsage has neither digitalSignature nor keyAgreement: this server refuses it (OpenSSL's TLS client purpose: "unsuitable certificate purpose").`, related: [...related, { file: c.cert!.path, line: cc!.line, message: certName(cc!) }] };
    case 'client-chain':
      return { code: code(t, 'PG-032', 'CRDB-032'), severity: 'error', ...at, message: tr`${client} presents ${certName(cc!)} (issued by ${cc!.issuer}), which the CAs trusted here do not verify: this server refuses it ("unknown ca").`, related: [...related, { file: c.cert!.path, line: cc!.line, message: certName(cc!) }] };
    case 'client-eku':
      return { code: code(t, 'PG-033', 'CRDB-033'), severity: 'error', ...at, message: tr`${client} presents ${certName(cc!)}, which lacks clientAuth in its extendedKeyUsage: this server refuses it ("unsupported certificate purpose").`, related: [...related, { file: c.cert!.path, line: cc!.line, message: certName(cc!) }] };
    case 'user':
      return { code: code(t, 'PG-034', 'CRDB-034'), severity: 'error', ...at, message: tr`${client} logs in as ${c.user} with ${certName(cc!)}, whose ${t.system === 'pg' ? tr`CN is not ${c.user}` : tr`principals (${v.principals.join(', ') || 'none'}) do not include ${c.user}`}: certificate authentication fails ("certificate authentication failed for user \\"${c.user}\\"").`, related: [...related, { file: c.cert!.path, line: cc!.line, message: certName(cc!) }], data: reissue(c.cert!.path, { cn: c.user! }) };
  }
}

/**
 * A revoked client certificate: PostgreSQL refuses it where the server's ssl_crl_file lists
 * it (OpenSSL's CRL check: "certificate revoked"), an error; a server whose CRL does not
 * list it yet, or CockroachDB (no CRL check), still accepts it: a warning.
 */
async function revokedClientFindings(c: Client, t: Target | undefined, ctx: DmCheckContext): Promise<Finding[]> {
  const cert = c.cert?.facts.certs[0];
  if (!c.cert || !cert) return [];
  const revoked = await revocationOf(ctx.pki, cert);
  const server = t?.system === 'pg' ? t.server : undefined;
  const listed = server?.crlPath ? await listedBy(server.crls, server.trusted, cert, ctx.env.crypto) : undefined;
  if (!revoked && !listed) return [];
  const pg = c.library !== 'cockroach';
  const related: RelatedLocation[] = [{ file: c.cert.path, line: cert.line, message: certName(cert) }];
  const base = { code: pg ? 'PG-038' : 'CRDB-036', option: c.cert.option, at: c.cert.at };
  const why = revoked ?? tr`revoked per the CRL ${baseName(server!.crlPath!)}`;
  if (server && listed) {
    const consequence = tr`the server (${baseName(server.confPath)}) checks its ssl_crl_file ${baseName(server.crlPath!)}, which lists it: PostgreSQL refuses the connection (${c.library === 'jdbc' ? `"Received fatal alert: certificate_revoked"` : c.library === 'golib' ? `"remote error: tls: revoked certificate"` : `"SSL error: sslv3 alert certificate revoked"`}); ${reissueAdvice}`;
    return [revokedFinding({ ...base, severity: 'error', consequence, related: [...related, { file: server.crlPath!, line: listed.line, message: tr`ssl_crl_file: CRL of ${listed.issuer}` }, { file: server.confPath, line: 0, message: 'postgresql.conf' }] }, cert, why)];
  }
  const consequence = !pg
    ? tr`CockroachDB checks no CRL (only OCSP, when security.ocsp.mode is on), so the node still accepts it; ${reissueAdvice}`
    : server
      ? server.crlPath
        ? tr`the server's ssl_crl_file ${baseName(server.crlPath)} does not list it yet, so PostgreSQL still accepts it until the CRL that does is published there and the server reloads; ${reissueAdvice}`
        : tr`the server (${baseName(server.confPath)}) loads no CRL (no ssl_crl_file), so PostgreSQL still accepts it; ${reissueAdvice}`
      : tr`a server that checks a CRL listing it refuses the connection, one that does not accepts it; ${reissueAdvice}`;
  return [revokedFinding({ ...base, severity: 'warning', consequence, related }, cert, why)];
}

/** The client key as its library loads it: libpq (OpenSSL 3 reads PEM or DER) refuses group/world access; pgjdbc wants PKCS#8 DER. */
function keyFindings(c: Client, ctx: DmCheckContext): Finding[] {
  const k = c.key;
  if (!k || !k.facts.exists) return [];
  const key = k.facts.keys[0];
  const out: Finding[] = [];
  if (!key) {
    out.push({ code: 'PG-036', severity: 'error', ...k.at, message: tr`${k.option} names ${k.facts.certs.length ? tr`a certificate` : tr`a file`} without a private key (${k.path}).` });
    return out;
  }
  const der = key.label === 'DER';
  if (c.library === 'jdbc' && !/\.(p12|pfx)$/i.test(k.path) && (!der || key.algorithm === 'unknown' && !key.encrypted)) {
    out.push({ code: 'PG-036', severity: 'error', ...k.at, message: tr`pgjdbc reads sslkey as a PKCS#8 DER key (or a .p12/.pfx keystore); this is a PEM file: the connection fails ("Could not read SSL key file ${k.path}"). Convert it: openssl pkcs8 -topk8 -outform DER -nocrypt -in key.pem -out key.pk8.` });
  }
  if ((c.library === 'libpq' || c.library === 'golib') && k.facts.mode !== undefined) {
    const mode = k.facts.mode & 0o777;
    const rootOwned = ctx.env.fs.statSync(k.path)?.uid === 0;
    if (rootOwned ? (mode & 0o137) !== 0 : (mode & 0o077) !== 0) {
      // Only libpq and lib/pq check the mode: a URI of an unknown driver (an environment variable, a .env file) is a warning.
      const known = c.library === 'golib' || c.conn.kind === 'libpq' || c.libpqProgram === true;
      out.push({
        code: 'PG-035',
        severity: known ? 'error' : 'warning',
        ...k.at,
        message:
          c.library === 'golib'
            ? tr`private key file "${k.path}" has group or world access (${mode.toString(8).padStart(4, '0')}); ${c.name} (lib/pq) refuses it: "pq: Private key has world access. Permissions should be u=rw,g=r (0640) if owned by root, or u=rw (0600), or less".`
            : known
              ? `private key file "${k.path}" has group or world access (${mode.toString(8).padStart(4, '0')}); libpq refuses it: file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root.`
              : tr`private key file "${k.path}" has group or world access (${mode.toString(8).padStart(4, '0')}): libpq (psql, psycopg) and lib/pq refuse it ("has group or world access"), other drivers need not check; which one reads this URL is not said here.`,
      });
    }
  }
  const cert = c.cert?.facts.certs[0];
  if (cert && key.publicKeyId && key.publicKeyId !== cert.publicKeyId) {
    out.push({ code: 'PG-036', severity: 'error', ...k.at, message: tr`${k.option} is not the key of ${c.cert!.option} (${certName(cert)}): ${c.library === 'libpq' ? `"certificate does not match private key"` : c.library === 'golib' ? `"tls: private key does not match public key"` : tr`the handshake fails`}.` });
  }
  return out;
}

/**
 * What a client does without a file it names. libpq and lib/pq pass over a missing sslrootcert
 * unless sslmode is verify-ca or verify-full (require then verifies nothing), and a missing sslcert
 * (they send no client certificate); the others, and verify modes, fail.
 */
function withoutFile(c: Client, n: Named): string {
  const skips = c.library === 'libpq' || c.library === 'golib';
  if (skips && n.option === 'sslrootcert' && !verifiesServer(c.mode)) return tr`${c.name} then connects without verifying the server (sslmode=${c.mode} verifies the chain only when the file exists)`;
  if (skips && n.option === 'sslcert') return tr`${c.name} then sends no client certificate, and a server that asks for one refuses the connection`;
  return '';
}

function missingFindings(c: Client): Finding[] {
  // One finding per place: the files cockroach sql takes from one --certs-dir are one cause.
  const byPlace = new Map<number, Named[]>();
  for (const n of [c.root, c.cert, c.key]) if (n && !n.facts.exists && !n.made) byPlace.set(n.at.start, [...(byPlace.get(n.at.start) ?? []), n]);
  return [...byPlace.values()].map((ns) => {
    const without = ns.length === 1 ? withoutFile(c, ns[0]!) : '';
    return {
      code: c.library === 'cockroach' ? 'CRDB-035' : 'PG-037',
      severity: ns.some((n) => n.missing === 'warning') ? ('warning' as const) : ('information' as const),
      ...ns[0]!.at,
      message: without
        ? tr`${ns[0]!.option}: ${ns[0]!.path} does not exist here (${ns[0]!.how}); if it is missing where the client runs, ${without}. Map deployed folders with certwright.pathMappings or a # certwright: path-map comment.`
        : tr`${ns.map((n) => `${n.option}: ${n.path}`).join(', ')} ${ns.length > 1 ? tr`do not exist here` : tr`does not exist here`} (${ns[0]!.how}); ${c.name} fails if ${ns.length > 1 ? tr`they are` : tr`it is`} missing where the client runs. Map deployed folders with certwright.pathMappings or a # certwright: path-map comment.`,
    };
  });
}

/**
 * sslrootcert=system: the host's CA store, in the libraries that know the word (libpq 16+, lib/pq
 * 1.11+, pgx 5), with verify-full; older ones (libpq 15, lib/pq 1.10) read a file named "system".
 * Neither can be checked here: a warning on the value, saying also what a weaker sslmode does.
 */
function systemRootsFinding(c: Client): Finding | undefined {
  const at = c.systemRoots;
  if (!at) return undefined;
  const mode = c.conn.params.get('sslmode')?.value;
  const weak = mode && mode !== 'verify-full' ? tr` With sslmode=${mode}, libpq 16+ and lib/pq refuse the string ("weak sslmode \"${mode}\" may not be used with sslrootcert=system (use \"verify-full\")"), and pgx verifies as verify-full.` : '';
  return {
    code: c.library === 'cockroach' ? 'CRDB-035' : 'PG-037',
    severity: 'warning',
    start: at.start,
    end: at.end,
    message: tr`sslrootcert=system: ${c.name} verifies the server against the CAs of the host it runs on (libpq 16 and later, lib/pq 1.11 and later, pgx 5), which Certwright cannot see, so the server's chain is not checked here; older libraries (libpq 15, lib/pq 1.10) read a file named "system" instead and fail with verify-ca or verify-full ("root certificate file \"system\" does not exist").${weak}`,
  };
}

/** Findings for the connection strings of one file (the client's side). */
export async function checkConnStrings(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const unknown = findConnStrings(text).filter(unknownSslMode);
  if (unknown.length) {
    const invs = text.includes('cockroach') ? findInvocations(path, text).filter((i) => i.program === 'cockroach') : [];
    for (const conn of unknown) out.push(sslModeFinding(conn, cockroachClient(invs, conn)?.name));
  }
  const clients = await clientsOf(path, text, ctx);
  if (!clients.length) return out;
  const servers = await workspaceServers(path, undefined, ctx);
  const nodes = await workspaceNodes(path, text, ctx);
  for (const c of clients) {
    out.push(...missingFindings(c), ...keyFindings(c, ctx));
    const system = systemRootsFinding(c);
    if (system) out.push(system);
    const t = targetOf(c, servers, nodes);
    if (c.sslFactory) {
      const row = t?.system === 'pg' && c.user ? hbaRowFor(t.server.hba, c.user) : undefined;
      const f = jdbcFactoryFinding(c.conn, c.sslFactory, !!row && (row.method === 'cert' || row.options.has('clientcert')));
      if (f) out.push(f);
    }
    out.push(...(await revokedClientFindings(c, t, ctx)));
    if (!t || !serverEnd(t).cert) continue;
    for (const v of await judge(c, t, ctx)) out.push(clientFinding(c, t, v));
  }
  return out;
}

/** Findings on a postgresql.conf (its certificate, its CA) and its pg_hba.conf (the cert rows) for the clients that reach it. */
export async function checkPgServerEdges(path: string, text: string, ctx: DmCheckContext, as: 'postgresql.conf' | 'pg_hba.conf'): Promise<Finding[]> {
  const files = await deploymentFiles(ctx);
  const servers = await workspaceServers(path, as === 'postgresql.conf' ? text : undefined, ctx);
  const confPath = as === 'postgresql.conf' ? path : servers.find((s) => s.hbaPath === path)?.confPath;
  const self = servers.find((s) => s.confPath === confPath);
  if (!self?.cert || !files.deploy.length) return [];
  const out: Finding[] = [];
  for (const c of await workspaceClients(path, ctx)) {
    const t = targetOf(c, servers, []);
    if (t?.system !== 'pg' || t.server.confPath !== self.confPath) continue;
    for (const v of await judge(c, t, ctx)) {
      if (as === 'pg_hba.conf') {
        if (v.what !== 'user') continue;
        const row = hbaRowFor(self.hba, c.user!)!;
        const userStart = text.indexOf(row.user, row.start + row.type.length);
        out.push(serverFinding(c, t, v, { start: userStart, end: userStart + row.user.length }));
      } else if (v.what !== 'user') {
        out.push(serverFinding(c, t, v, v.what === 'client-chain' || v.what === 'client-eku' || v.what === 'client-ku' ? self.caAt : self.certAt));
      }
    }
  }
  return out;
}

/** Findings on a CockroachDB node's start command for the connection strings that reach it. */
export async function checkCrdbNodeClients(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const nodes = await workspaceNodes(path, text, ctx);
  const own = nodes.filter((n) => n.file === path && n.cert);
  if (!own.length) return [];
  const out: Finding[] = [];
  for (const c of [...(await workspaceClients(path, ctx)), ...(await clientsOf(path, text, ctx))]) {
    const t = targetOf(c, [], nodes);
    if (t?.system !== 'crdb' || !own.includes(t.node)) continue;
    const dir = t.node.inv.flags.get('certs-dir')!;
    // The node's own advertised-name finding already covers names on its side.
    for (const v of await judge(c, t, ctx)) if (v.what !== 'san') out.push(serverFinding(c, t, v, { start: dir.start, end: dir.end }));
  }
  return out;
}
