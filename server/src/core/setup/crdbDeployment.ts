/**
 * A CockroachDB deployment as its start commands describe it: each
 * `cockroach start` (shell script, systemd unit, compose file, Kubernetes
 * manifest) is a node presenting `<certs-dir>/node.crt` and trusting
 * `<certs-dir>/ca.crt` (deployed paths mapped, compose volumes followed),
 * reached at its advertised address; `--join` and `cockroach sql --host` are edges
 * to other nodes, by name. Each edge is checked the way Go's TLS client and
 * CockroachDB's server check it: the name dialled must be a SAN of the callee's
 * node.crt, the caller's ca.crt must verify it and it must allow serverAuth; the
 * callee's CA must verify the caller's node certificate, which must allow
 * clientAuth. Name findings sit on the caller's name (the node's own advertised
 * name on its own command); chain and EKU findings on both files, naming both.
 * Connection URLs (`cockroach sql --url`) are checked with the other connection
 * strings (connChecks.ts).
 */
import * as nodePath from 'node:path';
import type { Finding, RelatedLocation } from '../types';
import { sanCovers, type CertFacts } from './certFacts';
import type { DmCheckContext } from './dmCheck';
import { missingFileSeverity, resolveCommandPath } from './deployedPaths';
import { baseName } from './fileNames';
import { certName, edgeProblems, reissue, validFor, type EdgeProblem } from './edgeChecks';
import { findInvocations, splitHostPort, type FlagValue, type Invocation } from './startCommands';
import { deploymentFiles, deriveFromFile } from './workspaceIndex';
import { reissueAdvice, revocationOf, revokedFinding } from './revokedUse';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

export interface CrdbNode {
  readonly file: string;
  readonly inv: Invocation;
  readonly host: string;
  readonly port: string;
  /** Where the advertised name is written. */
  readonly hostAt?: FlagValue;
  readonly certsDir?: string;
  /** How to report a node.crt that is not here (see missingFileSeverity). */
  readonly certsDirMissing?: 'warning' | 'information';
  readonly certPath?: string;
  readonly cert?: CertFacts;
  readonly chain?: readonly CertFacts[];
  /** ca.crt of the certs dir (ca-client.crt, when present, verifies clients). */
  readonly caPath?: string;
  readonly trusted?: readonly CertFacts[];
  readonly clientTrusted?: readonly CertFacts[];
  /** `--cert-principal-map`: certificate principal → SQL user. */
  readonly principalMap: ReadonlyMap<string, string>;
}

const wildcard = (h: string): boolean => !h || h === '0.0.0.0' || h === '::' || h === '[::]';

/** `--cert-principal-map=a:b,c:d` → { a → b, c → d }. */
export function principalMap(value: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    const c = part.indexOf(':');
    if (c > 0) m.set(part.slice(0, c).trim(), part.slice(c + 1).trim());
  }
  return m;
}

/**
 * The certs directories a file's own `cockroach cert create-ca/-node/-client/…` commands fill
 * (resolved as its other paths are), with where each command is: a node or client after one of
 * them in the file uses files made when the file runs (CockroachDB's tutorials and many test
 * scripts make their certificates just before `cockroach start --certs-dir`), so they are not
 * looked for in the workspace; in a compose file or manifest, one its services or init containers
 * make wherever they are written. A directory from a shell variable is left out.
 */
export function certsDirsMadeIn(file: string, text: string, ctx: Pick<DmCheckContext, 'settings' | 'workspaceRoots'>): Array<{ dir: string; at: number }> {
  if (!/\bcert\b/.test(text)) return [];
  const yaml = /\.ya?ml$/i.test(file);
  return findInvocations(file, text).flatMap((i) => {
    const d = i.program === 'cockroach' && i.subcommand === 'cert' && i.action.startsWith('create-') ? i.flags.get('certs-dir') : undefined;
    // In a compose file or manifest the services run by their dependencies (an init service, an init container), not in the text's order.
    return d && !d.value.includes('$') ? [{ dir: resolveCommandPath(file, text, d.value, d.start, ctx).path, at: yaml ? -1 : i.start }] : [];
  });
}

/** Whether `path` is in a certs directory the file's commands made before `offset` (certsDirsMadeIn). */
export function madeBefore(made: ReadonlyArray<{ dir: string; at: number }>, path: string, offset: number): boolean {
  return made.some((m) => m.at < offset && (path === m.dir || path.startsWith(`${m.dir.replace(/\/+$/, '')}${nodePath.sep}`)));
}

async function nodesOf(file: string, text: string, ctx: DmCheckContext): Promise<CrdbNode[]> {
  const out: CrdbNode[] = [];
  for (const inv of findInvocations(file, text)) {
    if (inv.program !== 'cockroach' || !/^start/.test(inv.subcommand)) continue;
    const adv = inv.flags.get('advertise-addr') ?? inv.flags.get('listen-addr');
    const { host, port } = adv ? splitHostPort(adv.value) : { host: '', port: '' };
    const dir = inv.flags.get('certs-dir');
    const base = { file, inv, host, port: port || '26257', hostAt: adv, principalMap: principalMap(inv.flags.get('cert-principal-map')?.value) };
    if (!dir) {
      out.push(base);
      continue;
    }
    const resolved = resolveCommandPath(file, text, dir.value, dir.start, ctx);
    const certsDir = resolved.path;
    const certPath = nodePath.join(certsDir, 'node.crt');
    const caPath = nodePath.join(certsDir, 'ca.crt');
    const clientCaPath = nodePath.join(certsDir, 'ca-client.crt');
    for (const p of [certPath, caPath, clientCaPath]) ctx.depend(p);
    const facts = await ctx.store.load(certPath);
    const trusted = (await ctx.store.load(caPath)).certs;
    const clientCa = await ctx.store.load(clientCaPath);
    out.push({ ...base, certsDir, certsDirMissing: missingFileSeverity(resolved, ctx.workspaceRoots), certPath, cert: facts.certs[0], chain: facts.certs.slice(1), caPath, trusted, clientTrusted: clientCa.certs.length ? clientCa.certs : trusted });
  }
  return out;
}

/** Every node of the workspace (this file's from its current text). */
export async function workspaceNodes(path: string, text: string, ctx: DmCheckContext): Promise<CrdbNode[]> {
  const out = text.includes('cockroach') ? await nodesOf(path, text, ctx) : [];
  for (const f of (await deploymentFiles(ctx)).deploy) {
    if (f === path) continue;
    out.push(
      ...(await deriveFromFile(ctx, 'crdb-nodes', f, async (d) => {
        const t = await ctx.store.readText(f);
        return t?.includes('cockroach') ? nodesOf(f, t, { ...ctx, ...d }) : [];
      })),
    );
  }
  return out;
}

/** The node a client dialling `host:port` reaches (port optional). */
export function nodeAt(nodes: readonly CrdbNode[], host: string, port: string | undefined): CrdbNode | undefined {
  return nodes.find((n) => n.host === host && (!port || n.port === port)) ?? (port ? undefined : nodes.find((n) => n.host === host));
}


/** Words for an edge problem between two nodes, seen from the caller (`side` = caller) or the callee. */
function nodeEdgeMessage(p: EdgeProblem, caller: CrdbNode, callee: CrdbNode, side: 'caller' | 'callee'): string {
  const other = side === 'caller' ? tr`the node started in ${baseName(callee.file)}` : tr`the node started in ${baseName(caller.file)}`;
  switch (p) {
    case 'server-chain':
      return side === 'caller'
        ? tr`--join dials ${callee.host}, ${other}, whose node.crt (${certName(callee.cert!)}) is not signed by a CA of this node's ca.crt: the connection fails ("x509: certificate signed by unknown authority").`
        : tr`${other} joins this node, but its ca.crt does not verify this node.crt (${certName(callee.cert!)}): its connections fail ("x509: certificate signed by unknown authority").`;
    case 'client-chain':
      return side === 'caller'
        ? tr`--join dials ${callee.host}, ${other}, whose ca.crt does not verify this node's node.crt (${certName(caller.cert!)}): it refuses this node ("tls: failed to verify client certificate: x509: certificate signed by unknown authority").`
        : tr`${other} joins this node with node.crt ${certName(caller.cert!)}, which this node's ca.crt does not verify: this node refuses it ("tls: failed to verify client certificate: x509: certificate signed by unknown authority").`;
    // Go checks no keyUsage (purposeRefusal): the keyUsage verdicts never come from a CockroachDB node.
    case 'server-eku':
    case 'server-ku':
      return side === 'caller'
        ? tr`--join dials ${callee.host}, ${other}, whose node.crt lacks serverAuth in its extendedKeyUsage: the connection fails ("x509: certificate specifies an incompatible key usage").`
        : tr`This node.crt lacks serverAuth in its extendedKeyUsage: ${other} cannot join it ("x509: certificate specifies an incompatible key usage").`;
    case 'client-eku':
    case 'client-ku':
      return side === 'caller'
        ? tr`This node's node.crt lacks clientAuth in its extendedKeyUsage: ${other}, which it joins, refuses it ("tls: failed to verify client certificate: x509: certificate specifies an incompatible key usage").`
        : tr`${other} joins this node with a node.crt that lacks clientAuth: this node refuses it ("x509: certificate specifies an incompatible key usage").`;
  }
}

function relNode(n: CrdbNode, text: string | undefined): RelatedLocation[] {
  const out: RelatedLocation[] = [{ file: n.file, line: text ? lineAt(text, n.inv.start) : 0, message: `cockroach start (${n.host || tr`no advertised address`})` }];
  if (n.cert && n.certPath) out.push({ file: n.certPath, line: n.cert.line, message: `node.crt (${n.cert.subject})` });
  return out;
}

/** The hosts a node's `--join` dials, with their offsets. */
function joinTargets(inv: Invocation): Array<{ host: string; port: string; start: number }> {
  const join = inv.flags.get('join');
  if (!join || !/^start/.test(inv.subcommand)) return [];
  const out: Array<{ host: string; port: string; start: number }> = [];
  let pos = join.start;
  for (const part of join.value.split(',')) {
    const { host, port } = splitHostPort(part.trim());
    out.push({ host, port: port || '26257', start: pos + (part.length - part.trimStart().length) });
    pos += part.length + 1;
  }
  return out;
}

/** Findings for the cockroach invocations of one file. */
export async function checkCrdbStartCommands(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const invs = findInvocations(path, text).filter((i) => i.program === 'cockroach');
  if (!invs.length) return [];
  const nodes = await workspaceNodes(path, text, ctx);
  const own = nodes.filter((n) => n.file === path);
  const texts = new Map<string, string | undefined>([[path, text]]);
  const textOf = async (f: string): Promise<string | undefined> => {
    if (!texts.has(f)) texts.set(f, await ctx.store.readText(f));
    return texts.get(f);
  };
  const out: Finding[] = [];
  const made = certsDirsMadeIn(path, text, ctx);
  // A node's own advertised name.
  for (const n of own) {
    const dir = n.inv.flags.get('certs-dir');
    const revoked = dir && n.cert ? await revocationOf(ctx.pki, n.cert) : undefined;
    if (dir && n.cert && revoked) {
      out.push(revokedFinding({ code: 'CRDB-036', severity: 'warning', option: `--certs-dir ${dir.value} (node.crt)`, at: dir, consequence: tr`CockroachDB checks no CRL (only OCSP, when security.ocsp.mode is on), so its peers still accept it; ${reissueAdvice}`, related: [{ file: n.certPath!, line: n.cert.line, message: `node.crt (${n.cert.subject})` }] }, n.cert, revoked));
    }
    if (dir && n.certPath && !n.cert && !madeBefore(made, n.certPath, n.inv.start)) {
      out.push({ code: 'CRDB-031', severity: n.certsDirMissing ?? 'warning', start: dir.start, end: dir.end, message: tr`No node.crt at ${n.certPath} (--certs-dir ${dir.value}): the node's certificate cannot be checked here. Map the deployed folder with certwright.pathMappings or a # certwright: path-map comment.` });
    }
    if (!n.cert || !n.hostAt || wildcard(n.host) || sanCovers(n.cert, n.host)) continue;
    out.push({
      code: 'CRDB-030',
      severity: 'error',
      start: n.hostAt.start,
      end: n.hostAt.start + n.host.length,
      message: tr`This node advertises ${n.host}, but its node.crt is valid for ${validFor(n.cert)}: it starts, then every connection to it fails ("x509: certificate is valid for ${validFor(n.cert)}, not ${n.host}"). Re-issue node.crt with ${n.host} as a SAN.`,
      related: [{ file: n.certPath!, line: n.cert.line, message: `node.crt (${n.cert.subject})` }],
      data: reissue(n.certPath!, { san: n.host }),
    });
  }
  // Edges this file's commands dial: --join of a node, --host of a client.
  const edges: Array<{ name: string; port: string; start: number; what: string; from: Invocation; caller?: CrdbNode }> = [];
  for (const inv of invs) {
    const caller = own.find((n) => n.inv.start === inv.start);
    for (const t of joinTargets(inv)) edges.push({ name: t.host, port: t.port, start: t.start, what: '--join', from: inv, caller });
    const hostFlag = inv.flags.get('host');
    if (hostFlag && !/^start/.test(inv.subcommand)) {
      const { host, port } = splitHostPort(hostFlag.value);
      edges.push({ name: host, port: port || '26257', start: hostFlag.start, what: '--host', from: inv });
    }
  }
  for (const e of edges) {
    if (wildcard(e.name)) continue;
    const target = nodeAt(nodes, e.name, e.port) ?? nodeAt(nodes, e.name, undefined);
    // A node dialling its own name is its advertised-name problem, reported once above.
    if (!target?.cert || (target.file === path && target.inv.start === e.from.start)) continue;
    if (!sanCovers(target.cert, e.name)) {
      out.push({
        code: 'CRDB-030',
        severity: 'error',
        start: e.start,
        end: e.start + e.name.length,
        message: tr`${e.what} dials ${e.name}, the node started in ${target.file === path ? tr`this file` : baseName(target.file)}, whose node.crt is valid for ${validFor(target.cert)}: the connection fails ("x509: certificate is valid for ${validFor(target.cert)}, not ${e.name}").`,
        related: relNode(target, await textOf(target.file)),
        data: reissue(target.certPath!, { san: e.name }),
      });
    }
    if (!e.caller?.cert) continue;
    for (const p of await edgeProblems({ cert: e.caller.cert, chain: e.caller.chain, trusted: e.caller.trusted }, { cert: target.cert, chain: target.chain, trusted: target.clientTrusted }, { verifyServer: true, clientCert: true, callerVerifier: 'go', calleeVerifier: 'go' }, ctx.store)) {
      out.push({ code: p.endsWith('eku') ? 'CRDB-033' : 'CRDB-032', severity: 'error', start: e.start, end: e.start + e.name.length, message: nodeEdgeMessage(p, e.caller, target, 'caller'), related: relNode(target, await textOf(target.file)) });
    }
  }
  // Callee side: nodes elsewhere whose --join dials a node of this file.
  for (const n of own) {
    if (!n.cert || wildcard(n.host)) continue;
    const dir = n.inv.flags.get('certs-dir')!;
    for (const m of nodes) {
      if (m === n || !m.cert || !joinTargets(m.inv).some((t) => t.host === n.host && t.port === n.port)) continue;
      for (const p of await edgeProblems({ cert: m.cert, chain: m.chain, trusted: m.trusted }, { cert: n.cert, chain: n.chain, trusted: n.clientTrusted }, { verifyServer: true, clientCert: true, callerVerifier: 'go', calleeVerifier: 'go' }, ctx.store)) {
        out.push({ code: p.endsWith('eku') ? 'CRDB-033' : 'CRDB-032', severity: 'error', start: dir.start, end: dir.end, message: nodeEdgeMessage(p, m, n, 'callee'), related: relNode(m, await textOf(m.file)) });
      }
    }
  }
  return out;
}
