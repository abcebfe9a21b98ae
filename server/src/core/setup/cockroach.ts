/**
 * CockroachDB `--certs-dir` checks (shared/docs/openssl-cnf-rules.md section C).
 * Per file: naming, the key next to each certificate, usages, SANs, principals,
 * the signature of the directory's CA, key permissions. Each problem is
 * reported once, on the file it concerns; `ca.crt` adds one information-level
 * summary (CRDB-027) that points at those files (related locations, and the
 * permission fixes), so opening only the CA certificate still shows what is
 * wrong elsewhere in the directory without `certwright lint certs/` listing
 * any problem twice.
 */
import * as nodePath from 'node:path';
import type { Finding, Fix, RelatedLocation } from '../types';
import { canSign, ekuOids, hasEku, type CertFacts, type FileFacts } from './certFacts';
import type { DmCheckContext } from './dmCheck';
import { baseName, dirName } from './fileNames';
import { tr } from '../l10n';

export type CrdbRole = 'ca' | 'ca-client' | 'ca-client-tenant' | 'ca-ui' | 'node' | 'ui' | 'client' | 'client-tenant' | 'tenant-signing' | 'unknown';

export interface CrdbName {
  readonly role: CrdbRole;
  /** `<user>` of client.<user>.crt, `<id>` of client-tenant.<id>.crt and tenant-signing.<id>.crt. */
  readonly principal?: string;
  /** Naming error CockroachDB reports, if any. */
  readonly error?: string;
}

export const fixKeyPermissionsCommand = 'certwright.fixKeyPermissions';

/** certificate_loader.go `CertInfoFromFilename`, for `<name>.crt` (or `.key`). */
export function crdbName(file: string): CrdbName {
  const base = file.replace(/\.(crt|key)$/, '');
  const dot = base.indexOf('.');
  const prefix = dot === -1 ? base : base.slice(0, dot);
  const rest = dot === -1 ? '' : base.slice(dot + 1);
  const single = (role: CrdbRole, msg: string): CrdbName => (rest ? { role, error: msg } : { role });
  switch (prefix) {
    case 'ca':
      return single('ca', `CA certificate filename should match ca.crt`);
    case 'ca-client':
      return single('ca-client', `client CA certificate filename should match ca-client.crt`);
    case 'ca-client-tenant':
      return single('ca-client-tenant', `tenant CA certificate filename should match ca-client-tenant.crt`);
    case 'ca-ui':
      return single('ca-ui', `UI CA certificate filename should match ca-ui.crt`);
    case 'node':
      return single('node', `node certificate filename should match node.crt`);
    case 'ui':
      return single('ui', `UI certificate filename should match ui.crt`);
    case 'client':
      return rest ? { role: 'client', principal: rest } : { role: 'client', error: `client certificate filename should match client.<user>.crt` };
    case 'client-tenant':
      return rest ? { role: 'client-tenant', principal: rest } : { role: 'client-tenant', error: `tenant certificate filename should match client-tenant.<tenantid>.crt` };
    case 'tenant-signing':
      return rest ? { role: 'tenant-signing', principal: rest } : { role: 'tenant-signing', error: `tenant signing certificate filename should match tenant-signing.<tenantid>.crt` };
    default:
      return { role: 'unknown', error: `bad filename: unknown prefix "${prefix}"` };
  }
}

const isCaRole = (r: CrdbRole): boolean => r === 'ca' || r === 'ca-client' || r === 'ca-client-tenant' || r === 'ca-ui';

/** Whether `dir` looks like a CockroachDB certs directory. */
export function looksLikeCertsDir(names: readonly string[]): boolean {
  // ca.crt + ca.key alone is any PKI folder (Kubernetes' among them): a node or client certificate makes it CockroachDB's.
  return names.includes('ca.crt') && names.some((n) => n === 'node.crt' || /^(client|client-tenant|tenant-signing)\..+\.crt$/.test(n));
}

function firstLine(text: string): { start: number; end: number } {
  const nl = text.indexOf('\n');
  return { start: 0, end: nl === -1 ? Math.min(text.length, 200) : nl };
}

function keyPermissionsFix(keyPath: string): Fix {
  return { title: tr`Set ${baseName(keyPath)} to 0600`, command: { id: fixKeyPermissionsCommand, args: [keyPath] }, isPreferred: true };
}

/**
 * certificate_loader.go `checkFilePermissions`: a key may have at most -rwx------,
 * or -rwxr----- when root owns it (the group is then the cockroach process's, so
 * root can hand the key to it read-only). The one limit both the per-key rule and
 * ca.crt's summary use.
 */
export function crdbKeyLimit(uid: number | undefined): number {
  return uid === 0 ? 0o740 : 0o700;
}

/** The permission problem CockroachDB reports for a key, if any (its own text). */
export function crdbKeyPermissionError(mode: number | undefined, uid: number | undefined): string | undefined {
  if (mode === undefined) return undefined;
  const limit = crdbKeyLimit(uid);
  if ((mode & 0o777 & ~limit) === 0) return undefined;
  return `key file has permissions -${modeString(mode)}, exceeds -${modeString(limit)}`;
}

function permissionFinding(keyPath: string, error: string, uid: number | undefined, span: { start: number; end: number }): Finding {
  return {
    code: 'CRDB-021',
    severity: 'error',
    ...span,
    message: tr`${error}: CockroachDB refuses to load the key${uid === 0 ? tr` (root owns it, so the owning group may read it, nothing more)` : tr` (only a root-owned key may also be readable by its group)`}.`,
    fixes: [keyPermissionsFix(keyPath)],
  };
}

/** Go's os.FileMode string of the permission bits (`rw-r-----`, without the type letter). */
function modeString(mode: number): string {
  const r = (m: number): string => `${m & 4 ? 'r' : '-'}${m & 2 ? 'w' : '-'}${m & 1 ? 'x' : '-'}`;
  return `${r(mode >> 6)}${r(mode >> 3)}${r(mode)}`;
}

function principals(c: CertFacts): string[] {
  return [...c.subjectCN, ...c.dnsNames];
}

const label = (c: CertFacts): string => c.subject || tr`(empty subject)`;

async function loadCurrent(path: string, text: string, ctx: DmCheckContext): Promise<FileFacts> {
  if (text.includes('-----BEGIN')) {
    const st = ctx.env.fs.statSync(path);
    return ctx.store.decode(path, new TextEncoder().encode(text), { isFile: true, mode: st?.mode });
  }
  return ctx.store.load(path);
}

/** Findings for one file of a CockroachDB certs directory (a .crt or .key). */
export async function checkCrdbFile(path: string, text: string, ctx: DmCheckContext, forced = false): Promise<Finding[]> {
  const name = baseName(path);
  if (!/\.(crt|key)$/.test(name)) return [];
  const dir = dirName(path);
  const names = (await ctx.store.listDirectory(dir)) ?? [];
  if (!forced && !looksLikeCertsDir(names)) return [];
  const out: Finding[] = [];
  const top = firstLine(text);
  const n = crdbName(name);

  if (name.endsWith('.key')) {
    // Its own mode is an input: a chmod (no content change) must re-check it.
    ctx.depend(path);
    const st = ctx.env.fs.statSync(path);
    if (isCaRole(n.role)) {
      out.push({ code: 'CRDB-023', severity: 'warning', ...top, message: tr`CA key in the certs directory: CockroachDB never reads it there, and every node holding this directory could issue certificates. Keep ${name} outside --certs-dir.` });
      return out;
    }
    if (st && st.type !== 'file') out.push({ code: 'CRDB-021', severity: 'error', ...top, message: `key file ${path} is not a regular file` });
    const permError = crdbKeyPermissionError(st?.mode, st?.uid);
    if (permError) out.push(permissionFinding(path, permError, st?.uid, top));
    const facts = await loadCurrent(path, text, ctx);
    const k = facts.keys[0];
    const certPath = path.replace(/\.key$/, '.crt');
    ctx.depend(certPath);
    if (n.role !== 'unknown' && !names.includes(baseName(certPath))) {
      out.push({ code: 'CRDB-022', severity: 'warning', ...top, message: tr`${name} has no ${baseName(certPath)} next to it: CockroachDB loads the pair from the certs directory.` });
    }
    if (!k) {
      out.push({ code: 'CRDB-026', severity: 'error', ...top, message: facts.certs.length ? tr`${name} holds a certificate, not a private key.` : tr`${name} holds no private key ("could not read key file").` });
    } else if (k.encrypted) {
      out.push({ code: 'CRDB-026', severity: 'error', ...top, message: tr`${name} is encrypted: CockroachDB cannot load encrypted keys.` });
    } else {
      const cert = (await ctx.store.load(certPath)).certs[0];
      if (cert && k.publicKeyId && k.publicKeyId !== cert.publicKeyId) {
        out.push({ code: 'CRDB-026', severity: 'error', ...top, message: tr`${name} is not the private key of ${baseName(certPath)} (${label(cert)}).`, related: [{ file: certPath, line: cert.line, message: tr`the certificate` }] });
      }
    }
    return out;
  }

  // A certificate.
  if (n.error) {
    out.push({ code: 'CRDB-020', severity: n.role === 'unknown' ? 'warning' : 'error', ...top, message: `${n.error} (CockroachDB ${n.role === 'unknown' ? tr`ignores this file` : tr`refuses to start`}).` });
  }
  const facts = await loadCurrent(path, text, ctx);
  const leaf = facts.certs[0];
  if (!leaf) {
    out.push({ code: 'CRDB-026', severity: 'error', ...top, message: facts.keys.length ? tr`${name} holds a private key, not a certificate.` : tr`${name}: no certificates found ("failed to parse certificate file as PEM").` });
    return out;
  }
  // CockroachDB parses every certificate of the file with Go's crypto/x509 (certificate_loader.go) and refuses to start on one it cannot read.
  if (n.role !== 'unknown') {
    for (const [i, c] of facts.certs.entries()) {
      if (c.goRefuses) out.push({ code: 'CRDB-020', severity: 'error', ...top, message: tr`${label(c)} is a certificate Go cannot parse: CockroachDB refuses to start ("failed to parse certificate ${i} in file ${name}: ${c.goRefuses}").` });
      // It loads one with a critical extension Go leaves unhandled, and its TLS then refuses every chain through it.
      else if (c.goVerifyRefuses && n.role !== 'tenant-signing') {
        const consequence = isCaRole(n.role) ? tr`so no certificate it issued is accepted` : tr`so peers refuse this certificate`;
        out.push({ code: 'CRDB-020', severity: 'error', ...top, message: tr`${label(c)} holds a critical extension Go does not handle: CockroachDB loads it, but Go's Verify refuses every chain through it ("${c.goVerifyRefuses}"), ${consequence}.` });
      }
    }
  }
  // Expiry and not-yet-valid are the PEM linter's (PEM-EXPIRED, PEM-EXPIRING, PEM-NOT-YET-VALID): once per
  // certificate, on its own BEGIN line, also for the second certificate of a bundle.
  if (isCaRole(n.role)) {
    if (!canSign(leaf)) {
      out.push({ code: 'CRDB-001', severity: 'error', ...top, message: tr`${label(leaf)} cannot sign certificates for Go: it needs basicConstraints = critical, CA:true and keyUsage with keyCertSign.` });
    }
    if (n.role === 'ca') out.push(...(await checkDirectory(path, dir, names, ctx, top)));
    return out;
  }
  if (n.role === 'unknown') return out;

  // The key next to the certificate.
  const keyName = name.replace(/\.crt$/, '.key');
  const keyPath = nodePath.join(dir, keyName);
  ctx.depend(keyPath);
  if (!names.includes(keyName)) {
    out.push({ code: 'CRDB-022', severity: 'error', ...top, message: tr`${keyName} is missing next to ${name}: CockroachDB loads the pair from the certs directory.` });
  }
  // Usages, SANs, principals.
  if (n.role === 'node') {
    const missing = [ekuOids.serverAuth, ekuOids.clientAuth].filter((o) => leaf.eku && !hasEku(leaf, o)).map((o) => (o === ekuOids.serverAuth ? 'serverAuth' : 'clientAuth'));
    if (missing.length) out.push({ code: 'CRDB-002', severity: 'error', ...top, message: tr`node.crt lacks ${missing.join(' and ')} in extendedKeyUsage: the node certificate serves and also dials other nodes; it needs serverAuth, clientAuth.` });
    else if (!leaf.eku) out.push({ code: 'CRDB-002', severity: 'warning', ...top, message: tr`node.crt has no extendedKeyUsage; CockroachDB's recipe marks extendedKeyUsage = serverAuth,clientAuth as vital.` });
    if (!leaf.dnsNames.length && !leaf.ipAddresses.length) {
      out.push({ code: 'CRDB-003', severity: 'error', ...top, message: tr`node.crt has no subjectAltName: Go does not fall back to the CN, so every connection to the node fails host-name verification ("certificate relies on legacy Common Name field").` });
    }
    if (!names.includes('client.node.crt') && !principals(leaf).includes('node')) {
      out.push({ code: 'CRDB-004', severity: 'warning', ...top, message: tr`node.crt has principals ${JSON.stringify(principals(leaf))}, expected "node" (CN=node or DNS:node) — unless --cert-principal-map maps one of them to node.` });
    }
  } else if (n.role === 'client' && n.principal) {
    if (!principals(leaf).includes(n.principal)) {
      out.push({ code: 'CRDB-006', severity: 'error', ...top, message: tr`client certificate has principals ${JSON.stringify(principals(leaf))}, expected "${n.principal}": the CN must be the user in the file name.` });
    }
    if (leaf.eku && !hasEku(leaf, ekuOids.clientAuth)) out.push({ code: 'CRDB-007', severity: 'error', ...top, message: tr`${name} lacks clientAuth in extendedKeyUsage.` });
  } else if (n.role === 'ui' && !leaf.dnsNames.length && !leaf.ipAddresses.length) {
    out.push({ code: 'CRDB-012', severity: 'warning', ...top, message: tr`ui.crt has no subjectAltName for the names used to reach the DB Console.` });
  }
  // The tenant signing certificate signs tenant tokens and is self-signed: no CA of the directory issues it.
  if (n.role === 'tenant-signing') return out;
  // Signed by the directory's CA: tenant client certificates by ca-client-tenant.crt when there is one.
  const caName =
    n.role === 'client' && names.includes('ca-client.crt') ? 'ca-client.crt' : n.role === 'client-tenant' && names.includes('ca-client-tenant.crt') ? 'ca-client-tenant.crt' : n.role === 'ui' && names.includes('ca-ui.crt') ? 'ca-ui.crt' : 'ca.crt';
  const caPath = nodePath.join(dir, caName);
  ctx.depend(caPath);
  const ca = await ctx.store.load(caPath);
  if (!ca.certs.length) {
    out.push({ code: 'CRDB-022', severity: 'error', ...top, message: tr`${caName} is missing or holds no certificate: CockroachDB needs the CA certificate in the certs directory.` });
  } else {
    const ok = (await ctx.store.findIssuer(leaf, ca.certs)) !== undefined;
    if (!ok) {
      out.push({
        code: 'CRDB-024',
        severity: 'error',
        ...top,
        message: tr`${label(leaf)} (issuer ${leaf.issuer}) is not signed by ${caName} (${label(ca.certs[0]!)}).`,
        related: [{ file: caPath, line: ca.certs[0]!.line, message: tr`the directory's ${caName}` } satisfies RelatedLocation],
      });
    }
  }
  return out;
}

/** A problem reported on another file of the directory, referred to from ca.crt. */
interface Referral {
  readonly file: string;
  readonly what: string;
  readonly fix?: Fix;
}

/**
 * Directory-wide findings, reported on ca.crt. Problems of other files (loose
 * key permissions, a CA key inside, a key without its certificate or the
 * reverse) are reported on those files; here they are only summed up in one
 * CRDB-027 information finding with related locations, so no code/message
 * appears twice in `certwright lint certs/`.
 */
async function checkDirectory(caPath: string, dir: string, names: readonly string[], ctx: DmCheckContext, top: { start: number; end: number }): Promise<Finding[]> {
  const out: Finding[] = [];
  const referrals: Referral[] = [];
  for (const n of names) {
    const p = nodePath.join(dir, n);
    if (n.endsWith('.key')) {
      ctx.depend(p);
      const role = crdbName(n).role;
      if (isCaRole(role)) {
        referrals.push({ file: p, what: tr`CA key inside the certs directory (CRDB-023)` });
        continue;
      }
      const st = ctx.env.fs.statSync(p);
      const permError = crdbKeyPermissionError(st?.mode, st?.uid);
      if (permError) referrals.push({ file: p, what: `${permError.replace(/^key file has /, '')} (CRDB-021)`, fix: keyPermissionsFix(p) });
      if (role !== 'unknown' && !names.includes(n.replace(/\.key$/, '.crt'))) referrals.push({ file: p, what: tr`no ${n.replace(/\.key$/, '.crt')} next to it (CRDB-022)` });
    } else if (n.endsWith('.crt') && n !== baseName(caPath)) {
      ctx.depend(p);
      const role = crdbName(n).role;
      if (!isCaRole(role) && role !== 'unknown' && !names.includes(n.replace(/\.crt$/, '.key'))) {
        referrals.push({ file: p, what: tr`${n.replace(/\.crt$/, '.key')} is missing (CRDB-022)` });
      }
    }
  }
  if (referrals.length) {
    const fixes = referrals.flatMap((r) => (r.fix ? [r.fix] : []));
    out.push({
      code: 'CRDB-027',
      severity: 'information',
      ...top,
      message: tr`${referrals.length === 1 ? tr`Another file` : tr`${referrals.length} other files`} of this certs directory ${referrals.length === 1 ? tr`has a problem` : tr`have problems`}, reported on ${referrals.length === 1 ? 'it' : tr`each file`}: ${referrals.map((r) => `${baseName(r.file)} — ${r.what}`).join('; ')}.`,
      related: referrals.map((r) => ({ file: r.file, line: 0, message: r.what })),
      fixes: fixes.length ? fixes : undefined,
    });
  }
  if (!names.includes('node.crt') && !names.some((n) => /^client\..+\.crt$/.test(n))) {
    out.push({ code: 'CRDB-022', severity: 'information', ...top, message: tr`This certs directory has neither node.crt (for a node) nor client.<user>.crt (for a client).` });
  }
  return out;
}
