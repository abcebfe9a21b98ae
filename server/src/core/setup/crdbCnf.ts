/**
 * openssl.cnf files that follow CockroachDB's "create security certificates
 * using openssl" recipe: ca.cnf, node.cnf, client.cnf. Checks the lines the
 * recipe calls vital (keyUsage / extendedKeyUsage, subjectAltName in node.cnf,
 * commonName in client.cnf) and offers the recipe's line as a quick fix.
 *
 * Reads the file through the openssl.cnf core (`analyzeCnf`): values are the
 * ones OpenSSL stores (continuation lines glued, comments cut, `$var`
 * expanded, `.include` followed), ranges are exact source ranges.
 */
import type { Environment } from '../environment';
import type { Finding } from '../types';
import { analyzeCnf, type ConfEntry, type ConfSection, type LoadedConfig } from '../cnf';
import { tr } from '../l10n';

export interface CrdbCnfOptions {
  /** Path of the document (for `.include` and the analysis cache). */
  readonly path?: string;
  /** Files, environment and working directory for `.include` and `$ENV::`. */
  readonly env?: Pick<Environment, 'fs' | 'getEnv' | 'cwd'>;
  /** Told every file read through `.include` (so a change there re-checks this file). */
  readonly depend?: (path: string) => void;
}

type Anchor = { start: number; end: number };

/** The first header of `s` written in this document. */
function localHeader(s: ConfSection): Anchor | undefined {
  const h = s.headers.find((x) => x.local);
  return h ? { start: h.node.start, end: h.node.end } : undefined;
}

/** Offset just after the last line of `s` written in this document (for appending an entry), if any. */
function localEnd(s: ConfSection): number | undefined {
  let end: number | undefined;
  for (const e of s.entries) if (e.local) end = Math.max(end ?? 0, e.node.line.end);
  if (end !== undefined) return end;
  const h = s.headers.find((x) => x.local);
  return h?.node.line.end;
}

function listOf(value: string): string[] {
  return value.split(',').map((v) => v.trim().toLowerCase());
}

export function checkCrdbCnf(kind: 'ca' | 'node' | 'client', text: string, options: CrdbCnfOptions = {}): Finding[] {
  const config: LoadedConfig = analyzeCnf(text, { path: options.path ?? `untitled:crdb-${kind}.cnf`, env: options.env }).config;
  for (const d of config.dependencies) options.depend?.(d);
  const out: Finding[] = [];
  const firstLine = { start: 0, end: Math.max(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')) };
  const section = (name: string | undefined): ConfSection | undefined => (name === undefined ? undefined : config.sections.get(name.trim()));
  const get = (s: ConfSection | undefined, key: string): ConfEntry | undefined => s?.byKey.get(key);
  /** NCONF_get_string: the section, then the default section (as `openssl req` reads its settings). */
  const getReq = (s: ConfSection | undefined, key: string): ConfEntry | undefined => (s ? (s.byKey.get(key) ?? config.sections.get('default')?.byKey.get(key)) : undefined);
  const anchorOf = (s: ConfSection | undefined): Anchor => (s && s.name !== 'default' ? (localHeader(s) ?? firstLine) : firstLine);
  /** The key of an entry written here; otherwise its section's header. */
  const keySpan = (e: ConfEntry, s: ConfSection | undefined): Anchor => (e.local ? { start: e.node.key.start, end: e.node.key.end } : anchorOf(s));
  const where = (e: ConfEntry): string => (e.local ? '' : tr` (set in ${e.file})`);

  /** A fix that replaces `entry`'s value or adds `key = value` at the end of `s`, when either is in this document. */
  const setFix = (title: string, s: ConfSection, key: string, value: string, entry: ConfEntry | undefined): Finding['fixes'] => {
    if (entry?.local) return [{ title, edits: [{ start: entry.node.value.start, end: entry.node.value.end, newText: value }], isPreferred: true }];
    if (entry) return undefined;
    const end = localEnd(s);
    if (end === undefined) return undefined;
    return [{ title, edits: [{ start: end, end, newText: `\n${key} = ${value}` }], isPreferred: true }];
  };

  const requireUsages = (s: ConfSection | undefined, key: 'keyUsage' | 'extendedKeyUsage', needed: string[], recipe: string, code: string, why: string): void => {
    if (!s) return;
    const e = get(s, key);
    const have = e ? listOf(e.value) : [];
    const missing = needed.filter((n) => !have.includes(n.toLowerCase()));
    if (!missing.length) return;
    out.push({
      code,
      severity: 'error',
      ...(e ? keySpan(e, s) : anchorOf(s)),
      message: tr`[${s.name}] ${e ? tr`${key} lacks ${missing.join(', ')}${where(e)}` : tr`has no ${key}`}: ${why} CockroachDB's recipe: ${key} = ${recipe}.`,
      fixes: setFix(tr`Set ${key} = ${recipe}`, s, key, recipe, e),
    });
  };

  const req = section('req');
  const extEntry = getReq(req, kind === 'ca' ? 'x509_extensions' : 'req_extensions');
  const ext = section(extEntry?.value);
  const dn = section(getReq(req, 'distinguished_name')?.value);

  if (kind === 'ca') {
    if (req && !ext) {
      const e = extEntry;
      out.push({ code: 'CRDB-001', severity: 'error', ...(e ? keySpan(e, req) : anchorOf(req)), message: tr`[req] ${e ? tr`x509_extensions names a missing section "${e.value}"` : tr`has no x509_extensions`}: the CA certificate gets no CA extensions.` });
    }
    requireUsages(ext, 'keyUsage', ['keyCertSign'], 'critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign', 'CRDB-001', tr`Go refuses a CA whose keyUsage lacks keyCertSign.`);
    if (ext) {
      const bc = get(ext, 'basicConstraints');
      if (!bc || !/(^|,)\s*ca\s*:\s*true\s*(,|$)/i.test(bc.value)) {
        out.push({
          code: 'CRDB-001',
          severity: 'error',
          ...(bc ? keySpan(bc, ext) : anchorOf(ext)),
          message: tr`[${ext.name}] ${bc ? tr`basicConstraints is not CA:true` : tr`has no basicConstraints`}: Go refuses a v3 CA without CA:true.`,
          fixes: setFix(tr`Set basicConstraints = critical,CA:true,pathlen:1`, ext, 'basicConstraints', 'critical,CA:true,pathlen:1', bc),
        });
      }
    }
    const node = section('signing_node_req');
    const client = section('signing_client_req');
    requireUsages(node, 'keyUsage', ['digitalSignature', 'keyEncipherment'], 'critical,digitalSignature,keyEncipherment', 'CRDB-002', tr`node certificates are used for TLS key exchange.`);
    requireUsages(node, 'extendedKeyUsage', ['serverAuth', 'clientAuth'], 'serverAuth,clientAuth', 'CRDB-002', tr`a node certificate is used as server and as client.`);
    requireUsages(client, 'keyUsage', ['digitalSignature', 'keyEncipherment'], 'critical,digitalSignature,keyEncipherment', 'CRDB-007', tr`client certificates are used for TLS.`);
    requireUsages(client, 'extendedKeyUsage', ['clientAuth'], 'clientAuth', 'CRDB-007', tr`a client certificate must allow clientAuth.`);
    return out;
  }
  if (!req) return out;
  if (kind === 'node') {
    const san = get(ext, 'subjectAltName');
    if (!san || !san.value.replace(/^critical\s*,?/i, '').trim()) {
      out.push({
        code: 'CRDB-003',
        severity: 'error',
        ...(san ? keySpan(san, ext) : ext ? anchorOf(ext) : extEntry ? keySpan(extEntry, req) : anchorOf(req)),
        message: tr`node.cnf ${ext ? tr`[${ext.name}] has no subjectAltName` : tr`has no req_extensions section with a subjectAltName`}: the node certificate needs every hostname and IP used to reach the node (Go ignores the CN).`,
        fixes: ext ? setFix(tr`Add subjectAltName = critical,DNS:localhost,DNS:node,IP:127.0.0.1`, ext, 'subjectAltName', 'critical,DNS:localhost,DNS:node,IP:127.0.0.1', san) : undefined,
      });
    }
  } else {
    const cn = get(dn, 'commonName') ?? get(dn, 'CN');
    if (!cn || !cn.value.trim()) {
      out.push({
        code: 'CRDB-006',
        severity: 'error',
        ...(cn ? keySpan(cn, dn) : dn ? anchorOf(dn) : anchorOf(req)),
        message: tr`client.cnf has no commonName: CockroachDB takes the SQL user from the client certificate's CN (client.<user>.crt needs CN=<user>).`,
        fixes: dn ? setFix(tr`Add commonName = root`, dn, 'commonName', 'root', cn) : undefined,
      });
    }
  }
  return out;
}
