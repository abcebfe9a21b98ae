/**
 * Cross-file TLS checks for TiDB DM: each security scope of a dm-master /
 * dm-worker / dmctl TOML, a source YAML (`from.security`) or a task YAML
 * (`target-database.security`) against the certificate and key files it names.
 * Rule codes follow shared/docs/openssl-cnf-rules.md section D (DM-001..016);
 * DM-017..DM-024 are Certwright's own for the file-content checks D implies.
 */
import * as nodePath from 'node:path';
import type { Environment } from '../environment';
import type { WorkspacePki } from '../linter';
import { certificateName } from '../pki/naming';
import type { Finding, Fix, LintSettings, RelatedLocation, TextEdit } from '../types';
import { LineIndex, lineAt } from '../lineIndex';
import {
  canSign,
  type CertStore,
  describeEku,
  ekuOids,
  hasEku,
  isExpired,
  isIp,
  isNotYetValid,
  sanCovers,
  type CertFacts,
  type FileFacts,
} from './certFacts';
import { missingFileSeverity, resolveCommandPath, resolveDeployed, settingMappings, type Resolved } from './deployedPaths';
import { dmctlCommands } from './dmctlCommands';
import { chainsTo, refuses, reissue, type TlsEnd } from './edgeChecks';
import { deploymentFiles, deriveFromFile } from './workspaceIndex';
import { isWalkedFolderName } from './fileNames';
import { baseName, dirName, dmKindOf, parseDmToml, parseDmYaml, type Address, type DmConfig, type DmFileKind, type SecurityScope, type Setting, type Span } from './dmModel';
import { formatInstant } from '../format';
import { reissueAdvice, revocationOf, revokedFinding } from './revokedUse';
import { tr } from '../l10n';
import { dayMs } from '../pem/validity';

export interface DmCheckContext {
  readonly env: Environment;
  readonly settings: LintSettings;
  readonly store: CertStore;
  readonly workspaceRoots: readonly string[];
  /** Adds a file whose change must re-run the check. */
  depend(path: string): void;
  /** The workspace's CRLs and CA databases (revoked certificates), where the host keeps them. */
  readonly pki?: WorkspacePki;
}

export async function parseDm(path: string, text: string, forced?: DmFileKind): Promise<DmConfig | undefined> {
  const kind = dmKindOf(path, text) ?? forced;
  if (!kind) return undefined;
  if (kind === 'source' || kind === 'task') return parseDmYaml(text, kind);
  return parseDmToml(text, kind);
}

/** Where a path of a DM config is in the workspace (DM resolves relative paths against its working directory). */
export function resolveDm(configPath: string, text: string, value: string, ctx: Pick<DmCheckContext, 'settings' | 'workspaceRoots'>): Resolved {
  return resolveDeployed(configPath, value, 'workdir', text, settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots));
}

const at = (s: Span): { start: number; end: number } => ({ start: s.start, end: s.end });

function rel(facts: FileFacts, message: string, line = 0): RelatedLocation {
  return { file: facts.path, line, message };
}

function certLabel(c: CertFacts): string {
  return certificateName({ commonName: c.subjectCN[0], subject: c.subject });
}

/**
 * A certificate DM presents, out of its validity (DM-021: peers refuse it) or revoked
 * (DM-025: a warning, DM checks no CRL so its peers still accept it).
 */
async function leafLifeFindings(option: string, where: { start: number; end: number }, leaf: CertFacts, related: RelatedLocation, ctx: DmCheckContext): Promise<Finding[]> {
  const now = ctx.env.now();
  const out: Finding[] = [];
  if (isExpired(leaf, now) || isNotYetValid(leaf, now)) {
    out.push({
      code: 'DM-021',
      severity: 'error',
      ...where,
      message: tr`${option} ${certLabel(leaf)} is ${isExpired(leaf, now) ? tr`expired since ${formatInstant(leaf.notAfter)}` : tr`not valid before ${formatInstant(leaf.notBefore)}`}: peers refuse it ("x509: certificate has expired or is not yet valid").`,
      related: [related],
    });
  } else if (leaf.notAfter.getTime() - now.getTime() < ctx.settings.expiryWarningDays * dayMs) {
    out.push({ code: 'DM-021', severity: 'warning', ...where, message: tr`${option} ${certLabel(leaf)} expires on ${formatInstant(leaf.notAfter)}.`, related: [related] });
  }
  const revoked = await revocationOf(ctx.pki, leaf);
  if (revoked) out.push(revokedFinding({ code: 'DM-025', severity: 'warning', option, at: where, consequence: tr`DM checks no CRL, so its peers still accept it; ${reissueAdvice}`, related: [related] }, leaf, revoked));
  return out;
}

/** Every finding for one DM file. */
export async function checkDm(path: string, text: string, ctx: DmCheckContext, forced?: DmFileKind): Promise<Finding[]> {
  const cfg = await parseDm(path, text, forced);
  if (!cfg) return [];
  const out: Finding[] = [...cfg.findings];
  for (const scope of cfg.scopes) out.push(...(await checkScope(path, text, cfg, scope, ctx)));
  return out;
}

interface Loaded {
  readonly setting: Setting<string>;
  readonly facts: FileFacts;
}

async function checkScope(path: string, text: string, cfg: DmConfig, scope: SecurityScope, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const s = scope.settings;
  const server = scope.kind === 'dm-master' || scope.kind === 'dm-worker';
  const has = (k: 'ca' | 'cert' | 'key'): boolean =>
    !!s[`ssl-${k}`] || !!s[`ssl-${k}-base64`] || !!(scope.bytes[`ssl-${k}-bytes`] && !scope.bytes[`ssl-${k}-bytes`]!.empty);
  const hasCa = has('ca');
  const hasCert = has('cert');
  const hasKey = has('key');
  const where = scope.label === '(top level)' ? cfg.kind : scope.label;
  // The workspace's other DM components, read once per check (for the edges in both directions).
  let peerList: Promise<PeerScan> | undefined;
  const peers = async (): Promise<PeerConfig[]> => (await (peerList ??= peerConfigs(path, text, cfg, ctx))).peers;

  // DM-006: path and inline content both set.
  for (const k of ['ca', 'cert', 'key'] as const) {
    const p = s[`ssl-${k}`];
    const inline = s[`ssl-${k}-base64`] ?? (scope.bytes[`ssl-${k}-bytes`]?.empty === false ? scope.bytes[`ssl-${k}-bytes`] : undefined);
    if (p && inline) {
      out.push({ code: 'DM-006', severity: 'warning', ...at(p.key), message: tr`ssl-${k} is ignored: ssl-${k}-base64/-bytes is also set and DM loads the inline content first.`, tags: ['unnecessary'] });
    }
  }
  // DM-001: cert without key or key without cert.
  if (hasCert !== hasKey) {
    const present = hasCert ? (s['ssl-cert'] ?? s['ssl-cert-base64']) : (s['ssl-key'] ?? s['ssl-key-base64']);
    const span = present?.key ?? scope.anchor;
    const missing = hasCert ? 'ssl-key' : 'ssl-cert';
    out.push({
      code: 'DM-001',
      severity: 'error',
      ...at(span),
      message: tr`${hasCert ? 'ssl-cert' : 'ssl-key'} without ${missing}: DM uses a certificate only when both are set, so ${where} presents no certificate at all.`,
    });
  }
  // DM-002 / DM-003.
  if (hasCert && hasKey && !hasCa) {
    const span = (s['ssl-cert'] ?? s['ssl-cert-base64'])?.key ?? scope.anchor;
    out.push({ code: 'DM-002', severity: 'warning', ...at(span), message: tr`TLS without ssl-ca: DM does not verify its peers at all${cfg.kind === 'dm-master' ? tr`, and the embedded etcd stays plaintext` : ''}.` });
  }
  if (server && hasCa && !hasCert && !hasKey) {
    const span = (s['ssl-ca'] ?? s['ssl-ca-base64'])?.key ?? scope.anchor;
    out.push({ code: 'DM-003', severity: 'error', ...at(span), message: tr`${cfg.kind} has ssl-ca but no ssl-cert/ssl-key: with TLS on it has no certificate to present, and every handshake fails.` });
  }
  // DM-023: cert-allowed-cn without TLS.
  const cn = scope.allowedCN;
  if (cn && cn.value && cn.value.length && !hasCa) {
    out.push({ code: 'DM-023', severity: 'warning', ...at(cn.key), message: tr`cert-allowed-cn has no effect while TLS is off (no ssl-ca): DM checks Common Names only on verified TLS connections.` });
  }

  // Load the files named by path.
  const load = async (k: 'ssl-ca' | 'ssl-cert' | 'ssl-key'): Promise<Loaded | undefined> => {
    const setting = s[k];
    if (!setting || s[`${k}-base64` as const]) return undefined;
    const where = resolveDm(path, text, setting.value, ctx);
    const abs = where.path;
    ctx.depend(abs);
    const facts = await ctx.store.load(abs);
    if (!facts.exists || !facts.isFile) {
      out.push({
        code: 'DM-007',
        severity: facts.exists ? 'warning' : missingFileSeverity(where, ctx.workspaceRoots),
        ...at(setting.key),
        message: facts.exists
          ? tr`${k} = "${setting.value}" is not a regular file (${abs}; ${where.how}).`
          : tr`${k}: "${setting.value}" does not exist here (${where.how}: ${abs}); DM stops if it cannot read it on the host ("could not read ${k === 'ssl-ca' ? `ca certificate` : `client key pair`}"). Map deployed folders to the workspace with certwright.pathMappings or a # certwright: path-map comment.`,
      });
      return undefined;
    }
    if (facts.errors.length && !facts.certs.length && !facts.keys.length) {
      out.push({ code: 'DM-007', severity: 'error', ...at(setting.key), message: `${k}: ${facts.errors[0]} (${abs}).`, related: [rel(facts, facts.errors[0]!)] });
      return undefined;
    }
    return { setting, facts };
  };
  const ca = await load('ssl-ca');
  const cert = await load('ssl-cert');
  const key = await load('ssl-key');
  const now = ctx.env.now();

  // ssl-ca holds CA certificates.
  let roots: CertFacts[] = [];
  if (ca) {
    if (!ca.facts.certs.length) {
      out.push({
        code: 'DM-017',
        severity: 'error',
        ...at(ca.setting.key),
        message: ca.facts.keys.length ? tr`ssl-ca names a private key, not a CA certificate ("failed to append ca certs").` : tr`ssl-ca holds no certificate ("failed to append ca certs").`,
        related: [rel(ca.facts, tr`named by ssl-ca`)],
      });
    } else {
      // x509.CertPool's AppendCertsFromPEM skips a certificate Go cannot parse, without a word.
      const unparsed = ca.facts.certs.filter((c) => c.goRefuses);
      const none = unparsed.length === ca.facts.certs.length;
      for (const c of unparsed.filter((u) => none || canSign(u))) {
        out.push({
          code: 'DM-017',
          severity: 'error',
          ...at(ca.setting.key),
          message: none
            ? tr`ssl-ca holds no certificate Go can parse: ${certLabel(c)} is refused ("${c.goRefuses!}"), so DM stops ("failed to append ca certs").`
            : tr`DM skips ${certLabel(c)} in ssl-ca: Go cannot parse it ("${c.goRefuses!}"), so peers whose chain ends at it are refused ("x509: certificate signed by unknown authority").`,
          related: [rel(ca.facts, certLabel(c), c.line)],
        });
      }
      // Go's Verify refuses every chain through a CA with a critical extension it leaves unhandled.
      for (const c of ca.facts.certs.filter((u) => canSign(u) && !u.goRefuses && u.goVerifyRefuses)) {
        out.push({
          code: 'DM-017',
          severity: 'error',
          ...at(ca.setting.key),
          message: tr`DM loads ${certLabel(c)} from ssl-ca, but Go's Verify refuses every chain that ends at it ("${c.goVerifyRefuses!}": a critical extension Go does not handle), so those peers are refused.`,
          related: [rel(ca.facts, certLabel(c), c.line)],
        });
      }
      roots = ca.facts.certs.filter((c) => canSign(c) && !c.goRefuses && !c.goVerifyRefuses);
      const bad = ca.facts.certs.filter((c) => !canSign(c) && !c.goRefuses);
      if (!roots.length && bad.length) {
        const c = bad[0]!;
        out.push({
          code: 'DM-017',
          severity: 'error',
          ...at(ca.setting.key),
          message: tr`ssl-ca holds no CA certificate: ${certLabel(c)} ${c.isCA === true ? tr`has a keyUsage without keyCertSign` : c.isCA === false ? tr`has basicConstraints CA:FALSE` : tr`is a v3 certificate without basicConstraints`}. DM loads it without complaint, then no peer verifies against it: every TLS connection fails with "x509: certificate signed by unknown authority".`,
          related: [rel(ca.facts, certLabel(c), c.line)],
        });
      }
      for (const c of ca.facts.certs) {
        if (isExpired(c, now)) out.push({ code: 'DM-021', severity: 'error', ...at(ca.setting.key), message: tr`CA certificate ${certLabel(c)} expired on ${formatInstant(c.notAfter)}.`, related: [rel(ca.facts, tr`expired CA`, c.line)] });
      }
    }
  }

  // ssl-cert holds a leaf.
  let leaf: CertFacts | undefined;
  if (cert) {
    leaf = cert.facts.certs[0];
    if (!leaf) {
      out.push({
        code: 'DM-018',
        severity: 'error',
        ...at(cert.setting.key),
        message: cert.facts.keys.length
          ? tr`ssl-cert names a private key: "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".`
          : tr`ssl-cert holds no certificate ("could not load client key pair").`,
        related: [rel(cert.facts, tr`named by ssl-cert`)],
      });
    } else if (leaf.goRefuses) {
      out.push({ code: 'DM-018', severity: 'error', ...at(cert.setting.key), message: tr`ssl-cert ${certLabel(leaf)} is a certificate Go cannot parse: DM cannot load it ("${leaf.goRefuses}").`, related: [rel(cert.facts, certLabel(leaf), leaf.line)] });
    } else {
      const relLeaf = rel(cert.facts, certLabel(leaf), leaf.line);
      out.push(...(await leafLifeFindings('ssl-cert', at(cert.setting.key), leaf, relLeaf, ctx)));
      const unverifiable = cert.facts.certs.find((c) => !c.goRefuses && c.goVerifyRefuses);
      if (unverifiable) {
        out.push({
          code: 'DM-020',
          severity: 'error',
          ...at(cert.setting.key),
          message: tr`ssl-cert ${certLabel(unverifiable)} holds a critical extension Go does not handle: Go's Verify refuses every chain through it ("${unverifiable.goVerifyRefuses!}"), so DM peers refuse ${certLabel(leaf)}.`,
          related: [rel(cert.facts, certLabel(unverifiable), unverifiable.line)],
        });
      }
      // Chain to ssl-ca.
      else if (ca && roots.length) {
        // A CA of ssl-ca that Go refuses is DM-017's finding, not this one's.
        if (await refuses(leaf, cert.facts.certs.slice(1), ca.facts.certs, ctx.store, 'go')) {
          out.push({
            code: 'DM-020',
            severity: 'error',
            ...at(cert.setting.key),
            message: tr`ssl-cert ${certLabel(leaf)} (issuer ${leaf.issuer}) is not signed by the CA in ssl-ca (${roots.map(certLabel).join('; ')}): peers fail with "x509: certificate signed by unknown authority".`,
            related: [relLeaf, rel(ca.facts, tr`the CA it should chain to`, roots[0]!.line)],
          });
        }
      }
      // DM-013: usages.
      if (server) {
        if (!hasEku(leaf, ekuOids.serverAuth)) {
          out.push({
            code: 'DM-013',
            severity: 'error',
            ...at(cert.setting.key),
            message: tr`${certLabel(leaf)} has ${describeEku(leaf)} without serverAuth: DM verifies every peer certificate with Go's default server usage ("x509: certificate specifies an incompatible key usage"). Use extendedKeyUsage = serverAuth, clientAuth, or none.`,
            related: [relLeaf],
          });
        }
        if (cn?.value?.length && !hasEku(leaf, ekuOids.clientAuth)) {
          out.push({
            code: 'DM-013',
            severity: 'error',
            ...at(cert.setting.key),
            message: tr`${certLabel(leaf)} has ${describeEku(leaf)} without clientAuth: with cert-allowed-cn set, DM servers demand client certificates and Go checks them for clientAuth.`,
            related: [relLeaf],
          });
        }
      } else if (scope.kind !== 'dmctl' && leaf.eku && !hasEku(leaf, ekuOids.clientAuth)) {
        // dmctl's certificate is checked against the dm-masters it dials (DM-026), where their cert-allowed-cn demands it.
        out.push({ code: 'DM-013', severity: 'warning', ...at(cert.setting.key), message: tr`${certLabel(leaf)} is used as a client certificate but has ${describeEku(leaf)} without clientAuth; the database server may refuse it.`, related: [relLeaf] });
      }
      if (leaf.isCA === true && cert.facts.certs.length === 1) {
        out.push({ code: 'DM-018', severity: 'warning', ...at(cert.setting.key), message: tr`ssl-cert ${certLabel(leaf)} is a CA certificate, not a leaf.`, related: [relLeaf] });
      }
    }
  }

  // ssl-key holds the unencrypted key of ssl-cert.
  if (key) {
    const k = key.facts.keys[0];
    if (!k) {
      out.push({
        code: 'DM-019',
        severity: 'error',
        ...at(key.setting.key),
        message: key.facts.certs.length ? tr`ssl-key names a certificate, not a private key: the files look switched ("tls: failed to find any PEM data in key input").` : tr`ssl-key holds no private key.`,
        related: [rel(key.facts, tr`named by ssl-key`)],
      });
    } else if (k.encrypted) {
      out.push({
        code: 'DM-015',
        severity: 'error',
        ...at(key.setting.key),
        message: tr`ssl-key is encrypted: DM (Go) cannot load encrypted keys ("tls: failed to parse private key"). Decrypt it, e.g. \`openssl pkey -in key.pem -out key.pem\`.`,
        related: [rel(key.facts, `${k.label}`, k.line)],
      });
    } else if (leaf && k.publicKeyId && k.publicKeyId !== leaf.publicKeyId) {
      out.push({
        code: 'DM-019',
        severity: 'error',
        ...at(key.setting.key),
        message: tr`ssl-key is not the private key of ssl-cert (${certLabel(leaf)}): "tls: private key does not match public key".`,
        related: [rel(key.facts, tr`this key`, k.line), rel(cert!.facts, tr`the certificate`, leaf.line)],
      });
    }
  }

  // cert-allowed-cn.
  if (cn?.value?.length) {
    const caCNs = new Map<string, CertFacts>();
    for (const c of [...roots, ...(cert?.facts.certs.slice(1) ?? [])]) for (const n of c.subjectCN) caCNs.set(n, c);
    cn.value.forEach((name, i) => {
      const el = cn.elements[i] ?? cn.key;
      const caCert = caCNs.get(name);
      if (caCert) {
        out.push({
          code: 'DM-010',
          severity: 'warning',
          ...at(el),
          message: tr`"${name}" is the CN of the CA ${certLabel(caCert)}: DM accepts a peer when any certificate of its chain carries a listed CN, so this admits every certificate that CA issued.`,
          related: ca ? [rel(ca.facts, tr`the CA`, caCert.line)] : undefined,
        });
      }
      if (cfg.kind === 'dm-master' && i > 0) {
        out.push({ code: 'DM-012', severity: 'warning', ...at(el), message: tr`dm-master's embedded etcd enforces only the first cert-allowed-cn ("${cn.value![0]}"); "${name}" is not accepted on the etcd client and peer ports.` });
      }
    });
    if (server && leaf && !leaf.subjectCN.some((n) => cn.value!.includes(n)) && !cn.value.some((n) => caCNs.has(n))) {
      out.push({
        code: 'DM-014',
        severity: 'warning',
        ...at(cn.key),
        message: tr`This component's own certificate CN (${leaf.subjectCN.join(', ') || 'none'}) is not in cert-allowed-cn: DM applies the list to its outgoing connections too, so peers configured alike refuse it.`,
        related: cert ? [rel(cert.facts, tr`own certificate`, leaf.line)] : undefined,
        fixes: addCnFix(text, cn, leaf.subjectCN[0]),
        data: cert ? reissue(cert.facts.path, { cn: cn.value[0]! }) : undefined,
      });
    }
    if (server) out.push(...allowListFindings(text, cfg, cn, await peers()));
  }
  // The other end: components this one dials that refuse its certificate.
  if (leaf && cert) out.push(...refusedBy(path, cfg, leaf, cert.setting, cert.facts.path, await peers()));

  // DM-011: SANs for the addresses this component is reached at.
  if (server && leaf && hasCa) {
    for (const a of advertised(cfg)) {
      if (!a.host || a.host === '0.0.0.0' || a.host === '::') continue;
      if (sanCovers(leaf, a.host)) continue;
      const noSan = !leaf.dnsNames.length && !leaf.ipAddresses.length;
      out.push({
        code: 'DM-011',
        severity: 'warning',
        ...at(a.at),
        message: tr`${certLabel(leaf)} has no SAN for ${a.host} (${a.option})${noSan ? tr` — it has no subjectAltName at all, and Go no longer falls back to the CN` : ''}: peers dialling ${a.host} fail host-name verification (etcd always; DM once cert-allowed-cn is set). Add ${isIp(a.host) ? 'IP' : 'DNS'}:${a.host} to subjectAltName.`,
        related: cert ? [rel(cert.facts, 'certificate', leaf.line)] : undefined,
        data: cert ? reissue(cert.facts.path, { san: a.host }) : undefined,
      });
    }
  }
  if (server && hasCa) out.push(...dialledPeers(path, cfg, await peers()));
  // DM-024: chains across each connection, both ways (DM servers verify client certificates against their ssl-ca too).
  if (server && leaf && cert && ca?.facts.certs.length) out.push(...(await chainFindings(path, cfg, { cert: leaf, chain: cert.facts.certs.slice(1), trusted: ca.facts.certs }, { ca: ca.setting, cert: cert.setting }, await peers(), ctx.store)));
  // A sibling config that could not be read (a FIFO, a device, a huge file) leaves its edges unchecked: say so once.
  if (peerList) {
    for (const r of (await peerList).refused) {
      out.push({ code: 'CW-READ', severity: 'warning', ...at(scope.anchor), message: tr`${baseName(r.path)} beside this file ${r.detail}: its connections to this ${cfg.kind} are not checked.` });
    }
  }
  // DM-016: explicit http:// with TLS on.
  if (cfg.kind === 'dm-master' && hasCa) {
    for (const a of cfg.addresses) {
      if (a.explicitScheme === 'http') out.push({ code: 'DM-016', severity: 'information', ...at(a.at), message: tr`DM rewrites this ${a.option} to https:// because ssl-ca is set; the explicit http:// is misleading.` });
    }
  }
  return out;
}

/** The addresses at which peers reach this component. */
function advertised(cfg: DmConfig): Address[] {
  const by = (o: string): Address[] => cfg.addresses.filter((a) => a.option === o);
  if (cfg.kind === 'dm-master') {
    const client = by('advertise-addr').length ? by('advertise-addr') : by('master-addr');
    const peer = by('advertise-peer-urls').length ? by('advertise-peer-urls') : by('peer-urls');
    return [...client, ...peer];
  }
  if (cfg.kind === 'dm-worker') return by('advertise-addr').length ? by('advertise-addr') : by('worker-addr');
  return [];
}

/**
 * Certificates that call this component: for a dm-master, the workers, the
 * other masters and dmctl; for a dm-worker, the masters. Found by scanning the
 * workspace (bounded) for DM TOML files and reading their ssl-cert.
 */
interface PeerConfig {
  readonly configPath: string;
  readonly text: string;
  readonly cfg: DmConfig;
  readonly certPath?: string;
  readonly cert?: CertFacts;
  readonly chain?: readonly CertFacts[];
  /** The CA certificates of its ssl-ca. */
  readonly caPath?: string;
  readonly trusted?: readonly CertFacts[];
}

/** The DM TOML configs of the workspace (and of this config's folder), with their certificates. */
interface PeerScan {
  readonly peers: PeerConfig[];
  /** Configs found but refused by the bounded reader (never read, so never checked). */
  readonly refused: { readonly path: string; readonly detail: string }[];
}

async function peerConfigs(selfPath: string, selfText: string, self: DmConfig, ctx: DmCheckContext): Promise<PeerScan> {
  const files = await findDmConfigs(ctx, [dirName(selfPath), ...ctx.workspaceRoots]);
  const out: PeerConfig[] = [];
  const refused: PeerScan['refused'][number][] = [];
  for (const f of files) {
    if (f === selfPath) {
      out.push(await withCerts(f, selfText, self, ctx, (v) => resolveDm(f, selfText, v, ctx).path));
      continue;
    }
    const peer = await deriveFromFile(ctx, 'dm-peer', f, async (d) => {
      const text = await ctx.store.readText(f);
      const kind = text !== undefined ? dmKindOf(f, text) : undefined;
      if (!kind) return undefined;
      return withCerts(f, text!, await parseDmToml(text!, kind), { ...ctx, ...d }, (v) => resolveDm(f, text!, v, ctx).path);
    });
    if (peer) out.push(peer);
    else if ((await ctx.store.readText(f)) === undefined) {
      const why = await ctx.env.fs.readBounded(f);
      if (!why.ok && why.refusal !== 'missing') refused.push({ path: f, detail: why.detail });
    }
  }
  // dmctl as written on command lines (scripts, units, compose files): one more caller of the masters.
  for (const f of (await deploymentFiles(ctx)).deploy) {
    if (f === selfPath) continue;
    out.push(
      ...(await deriveFromFile(ctx, 'dmctl-peers', f, async (d) => {
        const t = await ctx.store.readText(f);
        if (!t?.includes('dmctl')) return [];
        const peers: PeerConfig[] = [];
        for (const cmd of dmctlCommands(f, t)) peers.push(await withCerts(f, t, cmd.cfg, { ...ctx, ...d }, (v) => resolveCommandPath(f, t, v, cmd.start, ctx).path));
        return peers;
      })),
    );
  }
  return { peers: out, refused };
}

async function withCerts(configPath: string, text: string, cfg: DmConfig, ctx: DmCheckContext, resolve: (value: string) => string): Promise<PeerConfig> {
  const s = cfg.scopes[0]?.settings;
  const load = async (v: string | undefined) => {
    if (!v) return undefined;
    const p = resolve(v);
    ctx.depend(p);
    return { path: p, facts: await ctx.store.load(p) };
  };
  const cert = await load(s?.['ssl-cert']?.value);
  const ca = await load(s?.['ssl-ca']?.value);
  return { configPath, text, cfg, certPath: cert?.path, cert: cert?.facts.certs[0], chain: cert?.facts.certs.slice(1), caPath: ca?.path, trusted: ca?.facts.certs };
}

/**
 * Whether `caller` connects to `callee`: its join, master-addr (dmctl) or
 * initial-cluster names an address the callee advertises. A dm-master dials the
 * workers that joined it, so that edge is the worker's join read backwards.
 */
function dials(caller: DmConfig, callee: DmConfig): boolean {
  if (caller.kind === 'dm-master' && callee.kind === 'dm-worker') return dials(callee, caller);
  const adv = advertised(callee);
  return caller.addresses.some((t) => (t.option === 'join' || t.option === 'initial-cluster' || (t.option === 'master-addr' && caller.kind === 'dmctl')) && !!t.host && adv.some((x) => x.host === t.host && x.port === t.port));
}

/** DM's rule: a listed CN on any certificate of the verified chain (the leaf or its issuer) admits the peer. */
function admitted(c: CertFacts, list: readonly string[]): boolean {
  return [...c.subjectCN, ...c.issuerCN].some((n) => list.includes(n));
}

function describePeer(p: PeerConfig): string {
  return `${baseName(p.configPath)} (${p.cfg.kind}${p.cfg.name ? ` "${p.cfg.name}"` : ''})`;
}


/** DM's refusal (TiDB's util: the peer's CNs and the list, printed as Go prints slices). */
function cnRefusal(c: CertFacts, list: readonly string[]): string {
  return `client certificate authentication failed. The Common Name from the client certificate [${c.subjectCN.join(' ')}] was not found in the configuration cluster-verify-cn with value: [${list.join(' ')}]`;
}

/**
 * The usages a DM server with cert-allowed-cn demands of a caller's certificate
 * (RequireAndVerifyClientCert: Go's clientAuth check; DM's verifyCA: Go's default
 * serverAuth) that the caller's own DM-013 does not already report: that rule
 * covers serverAuth on every master/worker certificate, and clientAuth where the
 * caller's own config sets cert-allowed-cn.
 */
function usagesRefused(caller: DmConfig, cert: CertFacts): string[] {
  const serverKind = caller.kind === 'dm-master' || caller.kind === 'dm-worker';
  const out: string[] = [];
  if (!hasEku(cert, ekuOids.serverAuth) && !serverKind) out.push('serverAuth');
  if (!hasEku(cert, ekuOids.clientAuth) && !(serverKind && caller.scopes[0]?.allowedCN?.value?.length)) out.push('clientAuth');
  return out;
}

/** DM-026's words: the caller's certificate, what it lacks, what Go says. */
function usageRefusal(cert: CertFacts, missing: readonly string[]): string {
  return tr`${certLabel(cert)} has ${describeEku(cert)} without ${missing.join(' and ')}: cert-allowed-cn makes DM demand a client certificate and Go verifies it for ${missing.join(' and ')} ("x509: certificate specifies an incompatible key usage"; the caller sees "remote error: tls: bad certificate"). Re-issue it with extendedKeyUsage = serverAuth, clientAuth.`;
}

/** The edit that appends `name` to a `cert-allowed-cn = [...]` list (undefined when the value is not a list literal). */
function allowListEdit(text: string, cn: NonNullable<SecurityScope['allowedCN']>, name: string): TextEdit | undefined {
  const insertAt = text.lastIndexOf(']', cn.at.end);
  if (insertAt <= cn.at.start || text[cn.at.start] !== '[') return undefined;
  return { start: insertAt, end: insertAt, newText: `${cn.value?.length ? ', ' : ''}${JSON.stringify(name)}` };
}

/** "Add <CN> to cert-allowed-cn" of this file. */
function addCnFix(text: string, cn: NonNullable<SecurityScope['allowedCN']>, name: string | undefined): Fix[] | undefined {
  const e = name ? allowListEdit(text, cn, name) : undefined;
  return e ? [{ title: tr`Add "${name}" to cert-allowed-cn`, edits: [e], isPreferred: true }] : undefined;
}

/** "Add <CN> to cert-allowed-cn of <peer>": the same edit, in the other end's config. */
function addCnToPeerFix(peer: { configPath: string; text: string }, cn: NonNullable<SecurityScope['allowedCN']>, name: string | undefined): Fix[] | undefined {
  const e = name ? allowListEdit(peer.text, cn, name) : undefined;
  if (!e) return undefined;
  const lines = new LineIndex(peer.text);
  return [{ title: tr`Add "${name}" to cert-allowed-cn of ${baseName(peer.configPath)}`, fileEdits: [{ file: peer.configPath, start: lines.positionAt(e.start), end: lines.positionAt(e.end), newText: e.newText }] }];
}

/**
 * DM-022 on the callee: each component of the workspace that connects to this one
 * with a certificate whose CN is not admitted, one finding per caller, naming both
 * files, with the fix that adds the caller's CN to the list.
 */
function allowListFindings(text: string, cfg: DmConfig, cn: NonNullable<SecurityScope['allowedCN']>, peers: readonly PeerConfig[]): Finding[] {
  const list = cn.value ?? [];
  const out: Finding[] = [];
  for (const p of peers) {
    if (p.cfg === cfg || !p.cert || !p.certPath || !dials(p.cfg, cfg)) continue;
    const certKey = p.cfg.scopes[0]?.settings['ssl-cert'];
    const callerAt = { file: p.configPath, line: certKey ? lineAt(p.text, certKey.key.start) : 0, message: `${describePeer(p)}: ssl-cert` };
    const missing = usagesRefused(p.cfg, p.cert);
    if (list.length && missing.length) {
      out.push({
        code: 'DM-026',
        severity: 'error',
        ...at(cn.key),
        message: tr`${describePeer(p)} connects to this ${cfg.kind} with ${usageRefusal(p.cert, missing)}`,
        related: [callerAt, { file: p.certPath, line: p.cert.line, message: certLabel(p.cert) }],
      });
    }
    if (admitted(p.cert, list)) continue;
    const name = p.cert.subjectCN[0];
    out.push({
      code: 'DM-022',
      severity: 'error',
      ...at(cn.key),
      message: tr`${describePeer(p)} connects to this ${cfg.kind} with ${certLabel(p.cert)}, whose CN is not in cert-allowed-cn: DM refuses it ("${cnRefusal(p.cert, list)}").`,
      related: [callerAt, { file: p.certPath, line: p.cert.line, message: certLabel(p.cert) }],
      data: list[0] ? reissue(p.certPath, { cn: list[0] }) : undefined,
      fixes: addCnFix(text, cn, name),
    });
  }
  return out;
}

/** DM-022 on the caller: components this one connects to whose cert-allowed-cn refuses its certificate. */
function refusedBy(path: string, cfg: DmConfig, leaf: CertFacts, certSetting: Setting<string>, certPath: string, peers: readonly PeerConfig[]): Finding[] {
  const out: Finding[] = [];
  for (const p of peers) {
    if (p.configPath === path || (p.cfg.kind !== 'dm-master' && p.cfg.kind !== 'dm-worker')) continue;
    const list = p.cfg.scopes[0]?.allowedCN;
    if (!list?.value?.length || !p.cfg.scopes[0]?.settings['ssl-ca'] || !dials(cfg, p.cfg)) continue;
    const missing = usagesRefused(cfg, leaf);
    if (missing.length) {
      out.push({ code: 'DM-026', severity: 'error', ...at(certSetting.key), message: tr`${describePeer(p)} refuses this certificate: ${usageRefusal(leaf, missing)}`, related: [{ file: p.configPath, line: lineAt(p.text, list.key.start), message: `${describePeer(p)}: cert-allowed-cn` }] });
    }
    if (admitted(leaf, list.value)) continue;
    out.push({
      code: 'DM-022',
      severity: 'error',
      ...at(certSetting.key),
      message: tr`${describePeer(p)} refuses this certificate: ${certLabel(leaf)} has a CN outside its cert-allowed-cn (${list.value.join(', ')}) — "${cnRefusal(leaf, list.value)}". Add the CN there or use a certificate with a listed CN.`,
      related: [{ file: p.configPath, line: lineAt(p.text, list.key.start), message: `${describePeer(p)}: cert-allowed-cn` }],
      data: reissue(certPath, { cn: list.value[0]! }),
      fixes: addCnToPeerFix(p, list, leaf.subjectCN[0]),
    });
  }
  return out;
}

/**
 * DM-024 on this component for each peer it connects with (either way): its ssl-ca
 * does not verify the peer's certificate, or the peer's ssl-ca does not verify its
 * own; one finding per peer and cause, on ssl-ca or ssl-cert, naming the peer.
 */
async function chainFindings(path: string, cfg: DmConfig, self: TlsEnd, at: { ca: Setting<string>; cert: Setting<string> }, peers: readonly PeerConfig[], store: CertStore): Promise<Finding[]> {
  const out: Finding[] = [];
  // When this certificate does not chain to this component's own ssl-ca, DM-020 says so once: peers trusting the same CAs add nothing.
  const ownChainOk = !self.cert || (await chainsTo(self.cert, self.chain ?? [], self.trusted ?? [], store, 'go'));
  for (const p of peers) {
    if (p.configPath === path && p.cfg === cfg) continue;
    if (!p.cert || !(dials(p.cfg, cfg) || dials(cfg, p.cfg))) continue;
    const related: RelatedLocation[] = [{ file: p.configPath, line: lineAt(p.text, p.cfg.scopes[0]?.settings['ssl-cert']?.key.start ?? 0), message: `${describePeer(p)}: ssl-cert` }];
    if (await refuses(p.cert, p.chain ?? [], self.trusted ?? [], store, 'go')) {
      out.push({
        code: 'DM-024',
        severity: 'error',
        start: at.ca.key.start,
        end: at.ca.key.end,
        message: tr`${describePeer(p)} connects with this ${cfg.kind} using ${certLabel(p.cert)} (issued by ${p.cert.issuer}), which no CA of this ssl-ca signed: the TLS handshake between them fails ("x509: certificate signed by unknown authority").`,
        related: [...related, ...(p.certPath ? [{ file: p.certPath, line: p.cert.line, message: certLabel(p.cert) }] : [])],
      });
    }
    const sameCas = !!p.trusted?.every((t) => self.trusted?.some((x) => x.id === t.id));
    if (p.trusted?.length && self.cert && !(sameCas && !ownChainOk) && (await refuses(self.cert, self.chain ?? [], p.trusted, store, 'go'))) {
      out.push({
        code: 'DM-024',
        severity: 'error',
        start: at.cert.key.start,
        end: at.cert.key.end,
        message: tr`${describePeer(p)} connects with this ${cfg.kind}, but its ssl-ca (${p.caPath ? baseName(p.caPath) : ''}) does not verify this certificate, ${certLabel(self.cert)} (issued by ${self.cert.issuer}): the TLS handshake between them fails ("x509: certificate signed by unknown authority").`,
        related: [...related, ...(p.caPath ? [{ file: p.caPath, line: 0, message: tr`ssl-ca of ${describePeer(p)}` }] : [])],
      });
    }
  }
  return out;
}

/**
 * DM-011 for the addresses this component dials (`join`, `initial-cluster`):
 * the dm-master configured in the workspace at that address must have a SAN for it.
 */
function dialledPeers(selfPath: string, cfg: DmConfig, all: readonly PeerConfig[]): Finding[] {
  const dialled = cfg.addresses.filter((a) => a.option === 'join' || a.option === 'initial-cluster');
  if (!dialled.length) return [];
  const peers = all.filter((p) => p.cfg.kind === 'dm-master' && p.configPath !== selfPath && p.cert);
  const out: Finding[] = [];
  for (const a of dialled) {
    if (!a.host || a.host === '0.0.0.0') continue;
    const port = a.port;
    const target = peers.find((p) =>
      advertised(p.cfg).some((x) => x.host === a.host && x.port === port && (a.option === 'join' ? !x.option.includes('peer') : x.option.includes('peer'))),
    );
    if (!target || sanCovers(target.cert!, a.host)) continue;
    out.push({
      code: 'DM-011',
      severity: 'warning',
      ...at(a.at),
      message: tr`The dm-master at ${a.host}:${port} (${baseName(target.configPath)}) presents ${certLabel(target.cert!)} without a SAN for ${a.host}: dialling it through ${a.option} fails host-name verification once TLS checks names. Add ${isIp(a.host) ? 'IP' : 'DNS'}:${a.host} to its subjectAltName.`,
      related: [{ file: target.certPath!, line: target.cert!.line, message: tr`certificate of ${baseName(target.configPath)}` }],
      data: reissue(target.certPath!, { san: a.host }),
    });
  }
  return out;
}

/**
 * dmctl command lines (`dmctl --master-addr h:p --ssl-ca … --ssl-cert … --ssl-key …`)
 * as callers of the dm-master advertising that address: dmctl checks the master's
 * chain to --ssl-ca (DM-024) but, with no CN list, not its name (DM-011, a warning);
 * the master checks dmctl's certificate against its ssl-ca (DM-024) and
 * cert-allowed-cn (DM-022). The master's file gets the same edges from its side.
 */
export async function checkDmctlCommands(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const cmds = dmctlCommands(path, text);
  if (!cmds.length) return [];
  const masters = (await peerConfigs(path, text, cmds[0]!.cfg, ctx)).peers.filter((p) => p.cfg.kind === 'dm-master' && p.configPath !== path && p.cert);
  const out: Finding[] = [];
  for (const cmd of cmds) {
    const resolve = (v: string): Resolved => resolveCommandPath(path, text, v, cmd.start, ctx);
    const self = await withCerts(path, text, cmd.cfg, ctx, (v) => resolve(v).path);
    const s = cmd.cfg.scopes[0]!.settings;
    for (const k of ['ssl-ca', 'ssl-cert', 'ssl-key'] as const) {
      const v = s[k];
      if (!v) continue;
      const r = resolve(v.value);
      if (!(await ctx.store.load(r.path)).exists) out.push({ code: 'DM-007', severity: missingFileSeverity(r, ctx.workspaceRoots), ...at(v.at), message: tr`--${k}: "${v.value}" does not exist here (${r.how}: ${r.path}); dmctl stops if it cannot read it where it runs. Map deployed folders with certwright.pathMappings or a # certwright: path-map comment.` });
    }
    if (self.cert && self.certPath && s['ssl-cert']) out.push(...(await leafLifeFindings('--ssl-cert', at(s['ssl-cert'].at), self.cert, { file: self.certPath, line: self.cert.line, message: certLabel(self.cert) }, ctx)));
    if (!s['ssl-ca']) continue;
    for (const a of cmd.cfg.addresses) {
      const target = masters.find((p) => advertised(p.cfg).some((x) => x.host === a.host && x.port === a.port && !x.option.includes('peer')));
      if (!target?.cert) continue;
      const tcert = target.cert;
      const related: RelatedLocation[] = [{ file: target.configPath, line: 0, message: describePeer(target) }, { file: target.certPath!, line: tcert.line, message: certLabel(tcert) }];
      if (a.host && !sanCovers(tcert, a.host)) {
        // dmctl has no CN list on its command line, so DM's TLS client verifies the chain but not the name: a warning.
        out.push({ code: 'DM-011', severity: 'warning', ...at(a.at), message: tr`--master-addr dials ${a.host}, the dm-master of ${baseName(target.configPath)}, whose certificate ${certLabel(tcert)} has no SAN for it (valid for ${[...tcert.dnsNames, ...tcert.ipAddresses].join(', ') || tr`no name`}): dmctl connects today because DM checks names only where cert-allowed-cn is set, and fails host-name verification once it is. Add ${isIp(a.host) ? 'IP' : 'DNS'}:${a.host} to its subjectAltName.`, related, data: reissue(target.certPath!, { san: a.host }) });
      }
      if (self.trusted?.length && (await refuses(tcert, target.chain ?? [], self.trusted, ctx.store, 'go'))) {
        out.push({ code: 'DM-024', severity: 'error', ...at(s['ssl-ca'].at), message: tr`--ssl-ca does not verify the certificate of the dm-master of ${baseName(target.configPath)}, ${certLabel(tcert)} (issued by ${tcert.issuer}): dmctl fails ("x509: certificate signed by unknown authority").`, related });
      }
      const certAt = s['ssl-cert']?.at;
      if (!self.cert || !certAt) continue;
      if (target.trusted?.length && (await refuses(self.cert, self.chain ?? [], target.trusted, ctx.store, 'go'))) {
        out.push({ code: 'DM-024', severity: 'error', ...at(certAt), message: tr`The dm-master of ${baseName(target.configPath)} does not verify this certificate (${certLabel(self.cert)}, issued by ${self.cert.issuer}) against its ssl-ca: it refuses dmctl ("x509: certificate signed by unknown authority").`, related });
      }
      const list = target.cfg.scopes[0]?.allowedCN;
      const missing = list?.value?.length ? usagesRefused(cmd.cfg, self.cert) : [];
      if (missing.length) {
        out.push({ code: 'DM-026', severity: 'error', ...at(certAt), message: tr`The dm-master of ${baseName(target.configPath)} refuses this certificate: ${usageRefusal(self.cert, missing)}`, related: [{ file: target.configPath, line: lineAt(target.text, list!.key.start), message: `${describePeer(target)}: cert-allowed-cn` }] });
      }
      if (list?.value?.length && !admitted(self.cert, list.value)) {
        out.push({
          code: 'DM-022',
          severity: 'error',
          ...at(certAt),
          message: tr`The dm-master of ${baseName(target.configPath)} refuses this certificate: ${certLabel(self.cert)} has a CN outside its cert-allowed-cn (${list.value.join(', ')}) — "${cnRefusal(self.cert, list.value)}".`,
          related: [{ file: target.configPath, line: lineAt(target.text, list.key.start), message: `${describePeer(target)}: cert-allowed-cn` }],
          data: reissue(self.certPath!, { cn: list.value[0]! }),
          fixes: addCnToPeerFix(target, list, self.cert.subjectCN[0]),
        });
      }
    }
  }
  return out;
}

/** DM TOML files under the given folders (depth ≤ 4, at most 5000 entries looked at), reused for 30 s or until a config changes. */
async function findDmConfigs(ctx: DmCheckContext, dirs: readonly string[]): Promise<string[]> {
  return ctx.store.index(`dm-configs\u0000${dirs.join('\u0000')}`, 30_000, () => scanDmConfigs(ctx, dirs));
}

async function scanDmConfigs(ctx: DmCheckContext, dirs: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const seen = new Set<string>();
  let budget = 5000;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (seen.has(dir) || budget <= 0) return;
    seen.add(dir);
    const names = await ctx.store.listDirectory(dir);
    if (!names) return;
    for (const n of names) {
      if (--budget <= 0) return;
      const p = nodePath.join(dir, n);
      if (/^(dm-master|dm-worker|dmctl)[^/\\]*\.toml$/i.test(n)) found.add(p);
      else if (depth < 4 && isWalkedFolderName(n)) await walk(p, depth + 1);
    }
  };
  for (const d of dirs) await walk(d, 0);
  return [...found].sort();
}
