/**
 * openssl.cnf files that follow CockroachDB's "create security certificates
 * using openssl" recipe: ca.cnf, node.cnf, client.cnf. Checks the lines the
 * recipe calls vital (keyUsage / extendedKeyUsage, subjectAltName in node.cnf,
 * commonName in client.cnf) and offers the recipe's line as a quick fix.
 *
 * Uses a minimal section/key lookup of its own (sections, `key = value`,
 * `#` comments): enough for these flat recipe files.
 */
import type { Finding } from '../types';

interface CnfEntry {
  readonly key: string;
  readonly value: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly lineEnd: number;
}

interface CnfSection {
  readonly name: string;
  readonly headerStart: number;
  readonly headerEnd: number;
  /** Offset just after the section's last non-empty line. */
  end: number;
  readonly entries: CnfEntry[];
}

export function parseCnfLite(text: string): CnfSection[] {
  const sections: CnfSection[] = [{ name: 'default', headerStart: 0, headerEnd: 0, end: 0, entries: [] }];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const raw = text.slice(pos, lineEnd);
    const hash = raw.indexOf('#');
    const line = (hash === -1 ? raw : raw.slice(0, hash)).replace(/\r$/, '');
    const sec = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (sec) {
      sections.push({ name: sec[1]!, headerStart: pos + raw.indexOf('['), headerEnd: pos + raw.indexOf(']') + 1, end: lineEnd, entries: [] });
    } else {
      const kv = /^(\s*)([^=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      if (kv) {
        const keyStart = pos + kv[1]!.length;
        const valueStart = pos + line.indexOf('=', kv[1]!.length + kv[2]!.length) + 1 + (/^\s*/.exec(line.slice(line.indexOf('=', kv[1]!.length + kv[2]!.length) + 1))![0].length);
        const cur = sections[sections.length - 1]!;
        cur.entries.push({ key: kv[2]!, value: kv[3]!, keyStart, keyEnd: keyStart + kv[2]!.length, valueStart, valueEnd: valueStart + kv[3]!.length, lineEnd });
        cur.end = lineEnd;
      }
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return sections;
}

function section(sections: readonly CnfSection[], name: string | undefined): CnfSection | undefined {
  if (!name) return undefined;
  return sections.find((s) => s.name === name.trim());
}

function get(s: CnfSection | undefined, key: string): CnfEntry | undefined {
  if (!s) return undefined;
  const all = s.entries.filter((e) => e.key === key);
  return all[all.length - 1];
}

function listOf(value: string): string[] {
  return value.split(',').map((v) => v.trim().toLowerCase());
}

/** A fix that adds `line` at the end of `s`, or replaces `entry`'s value. */
function setFix(title: string, s: CnfSection, key: string, value: string, entry: CnfEntry | undefined): Finding['fixes'] {
  if (entry) return [{ title, edits: [{ start: entry.valueStart, end: entry.valueEnd, newText: value }], isPreferred: true }];
  return [{ title, edits: [{ start: s.end, end: s.end, newText: `\n${key} = ${value}` }], isPreferred: true }];
}

export function checkCrdbCnf(kind: 'ca' | 'node' | 'client', text: string): Finding[] {
  const sections = parseCnfLite(text);
  const out: Finding[] = [];
  const req = section(sections, 'req');
  const reqExtName = kind === 'ca' ? get(req, 'x509_extensions')?.value : get(req, 'req_extensions')?.value;
  const ext = section(sections, reqExtName);
  const dn = section(sections, get(req, 'distinguished_name')?.value);
  const anchorOf = (s: CnfSection | undefined): { start: number; end: number } => (s && s.name !== 'default' ? { start: s.headerStart, end: s.headerEnd } : { start: 0, end: Math.max(0, text.indexOf('\n')) });

  const requireUsages = (s: CnfSection | undefined, key: 'keyUsage' | 'extendedKeyUsage', needed: string[], recipe: string, code: string, why: string): void => {
    if (!s) return;
    const e = get(s, key);
    const have = e ? listOf(e.value) : [];
    const missing = needed.filter((n) => !have.includes(n.toLowerCase()));
    if (!missing.length) return;
    const span = e ? { start: e.keyStart, end: e.keyEnd } : anchorOf(s);
    out.push({
      code,
      severity: 'error',
      ...span,
      message: `[${s.name}] ${e ? `${key} lacks ${missing.join(', ')}` : `has no ${key}`}: ${why} CockroachDB's recipe: ${key} = ${recipe}.`,
      fixes: setFix(`Set ${key} = ${recipe}`, s, key, recipe, e),
    });
  };

  if (kind === 'ca') {
    if (req && !ext) {
      const e = get(req, 'x509_extensions');
      out.push({ code: 'CRDB-001', severity: 'error', ...(e ? { start: e.keyStart, end: e.keyEnd } : anchorOf(req)), message: `[req] ${e ? `x509_extensions names a missing section "${e.value}"` : 'has no x509_extensions'}: the CA certificate gets no CA extensions.` });
    }
    requireUsages(ext, 'keyUsage', ['keyCertSign'], 'critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign', 'CRDB-001', 'Go refuses a CA whose keyUsage lacks keyCertSign.');
    if (ext) {
      const bc = get(ext, 'basicConstraints');
      if (!bc || !/ca\s*:\s*true/i.test(bc.value)) {
        out.push({
          code: 'CRDB-001',
          severity: 'error',
          ...(bc ? { start: bc.keyStart, end: bc.keyEnd } : anchorOf(ext)),
          message: `[${ext.name}] ${bc ? 'basicConstraints is not CA:true' : 'has no basicConstraints'}: Go refuses a v3 CA without CA:true.`,
          fixes: setFix('Set basicConstraints = critical,CA:true,pathlen:1', ext, 'basicConstraints', 'critical,CA:true,pathlen:1', bc),
        });
      }
    }
    const node = section(sections, 'signing_node_req');
    const client = section(sections, 'signing_client_req');
    requireUsages(node, 'keyUsage', ['digitalSignature', 'keyEncipherment'], 'critical,digitalSignature,keyEncipherment', 'CRDB-002', 'node certificates are used for TLS key exchange.');
    requireUsages(node, 'extendedKeyUsage', ['serverAuth', 'clientAuth'], 'serverAuth,clientAuth', 'CRDB-002', 'a node certificate is used as server and as client.');
    requireUsages(client, 'keyUsage', ['digitalSignature', 'keyEncipherment'], 'critical,digitalSignature,keyEncipherment', 'CRDB-007', 'client certificates are used for TLS.');
    requireUsages(client, 'extendedKeyUsage', ['clientAuth'], 'clientAuth', 'CRDB-007', 'a client certificate must allow clientAuth.');
    return out;
  }
  if (!req) return out;
  if (kind === 'node') {
    const target = ext;
    const san = get(target, 'subjectAltName');
    if (!san || !san.value.replace(/critical\s*,?/i, '').trim()) {
      const e = get(req, 'req_extensions');
      out.push({
        code: 'CRDB-003',
        severity: 'error',
        ...(san ? { start: san.keyStart, end: san.keyEnd } : target ? anchorOf(target) : e ? { start: e.keyStart, end: e.keyEnd } : anchorOf(req)),
        message: `node.cnf ${target ? `[${target.name}] has no subjectAltName` : 'has no req_extensions section with a subjectAltName'}: the node certificate needs every hostname and IP used to reach the node (Go ignores the CN).`,
        fixes: target ? setFix('Add subjectAltName = critical,DNS:localhost,DNS:node,IP:127.0.0.1', target, 'subjectAltName', 'critical,DNS:localhost,DNS:node,IP:127.0.0.1', san) : undefined,
      });
    }
  } else {
    const cn = get(dn, 'commonName') ?? get(dn, 'CN');
    if (!cn || !cn.value.trim()) {
      out.push({
        code: 'CRDB-006',
        severity: 'error',
        ...(cn ? { start: cn.keyStart, end: cn.keyEnd } : dn ? anchorOf(dn) : anchorOf(req)),
        message: 'client.cnf has no commonName: CockroachDB takes the SQL user from the client certificate\'s CN (client.<user>.crt needs CN=<user>).',
        fixes: dn ? setFix('Add commonName = root', dn, 'commonName', 'root', cn) : undefined,
      });
    }
  }
  return out;
}
