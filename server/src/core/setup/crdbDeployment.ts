/**
 * A CockroachDB deployment as its start commands describe it: each
 * `cockroach start` (shell script, systemd unit, compose file, Kubernetes
 * manifest) is a node presenting `<certs-dir>/node.crt` (deployed paths mapped),
 * reached at its advertised address; `--join` and `cockroach sql --url/--host` are
 * edges to other nodes, by name. Each edge is checked the way Go's TLS client
 * checks it (the name dialled must be a SAN of the callee's node.crt); a finding
 * sits on the name in the caller's file and names the callee's file and
 * certificate. The node's own advertised name is checked on its own command.
 */
import * as nodePath from 'node:path';
import type { Finding } from '../types';
import { sanCovers, type CertFacts } from './certFacts';
import type { DmCheckContext } from './dmCheck';
import { resolveDeployed, settingMappings } from './deployedPaths';
import { baseName } from './dmModel';
import { findInvocations, splitHostPort, type FlagValue, type Invocation } from './startCommands';

interface Node {
  readonly file: string;
  readonly inv: Invocation;
  readonly host: string;
  readonly port: string;
  /** Where the advertised name is written. */
  readonly hostAt?: FlagValue;
  readonly certPath?: string;
  readonly cert?: CertFacts;
}

const wildcard = (h: string): boolean => !h || h === '0.0.0.0' || h === '::' || h === '[::]';

function validFor(c: CertFacts): string {
  const names = [...c.dnsNames, ...c.ipAddresses];
  return names.length ? names.join(', ') : '(no subjectAltName)';
}

async function nodesOf(file: string, text: string, ctx: DmCheckContext): Promise<Node[]> {
  const mappings = settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots);
  const out: Node[] = [];
  for (const inv of findInvocations(file, text)) {
    if (inv.program !== 'cockroach' || !/^start/.test(inv.subcommand)) continue;
    const adv = inv.flags.get('advertise-addr') ?? inv.flags.get('listen-addr');
    const { host, port } = adv ? splitHostPort(adv.value) : { host: '', port: '' };
    const dir = inv.flags.get('certs-dir');
    if (!dir) {
      out.push({ file, inv, host, port: port || '26257', hostAt: adv });
      continue;
    }
    const certPath = nodePath.join(resolveDeployed(file, dir.value, 'workdir', text, mappings).path, 'node.crt');
    ctx.depend(certPath);
    const cert = (await ctx.store.load(certPath)).certs[0];
    out.push({ file, inv, host, port: port || '26257', hostAt: adv, certPath, cert });
  }
  return out;
}

const startFile = /\.(service|sh|bash|ya?ml|env|conf)$|^(Dockerfile|docker-compose|compose)/i;
const skipDirs = new Set(['node_modules', '.git', 'dist', '.vscode-test', 'out', '.cache']);

/** Files of the workspace holding a cockroach invocation (depth ≤ 5, at most 5000 entries), reused until one changes. */
async function startCommandFiles(ctx: DmCheckContext): Promise<string[]> {
  return ctx.store.index(`crdb-start-files\u0000${ctx.workspaceRoots.join('\u0000')}`, 30_000, async () => {
    const found: string[] = [];
    let budget = 5000;
    const stack = ctx.workspaceRoots.map((d) => ({ d, depth: 0 }));
    while (stack.length && budget > 0) {
      const { d, depth } = stack.pop()!;
      const names = await ctx.store.listDirectory(d);
      if (!names) continue;
      for (const n of names) {
        if (--budget <= 0) break;
        const p = nodePath.join(d, n);
        if (startFile.test(n)) {
          const t = await ctx.store.readText(p);
          if (t?.includes('cockroach')) found.push(p);
        } else if (depth < 5 && !n.startsWith('.') && !skipDirs.has(n) && !n.includes('.')) stack.push({ d: p, depth: depth + 1 });
      }
    }
    return found.sort();
  });
}

/** Every node of the workspace (this file's from its current text). */
async function allNodes(path: string, own: Node[], ctx: DmCheckContext): Promise<Node[]> {
  const out = [...own];
  for (const f of await startCommandFiles(ctx)) {
    if (f === path) continue;
    ctx.depend(f);
    const t = await ctx.store.readText(f);
    if (t) out.push(...(await nodesOf(f, t, ctx)));
  }
  return out;
}

/** Findings for the cockroach invocations of one file. */
export async function checkCrdbStartCommands(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const invs = findInvocations(path, text).filter((i) => i.program === 'cockroach');
  if (!invs.length) return [];
  const own = await nodesOf(path, text, ctx);
  const out: Finding[] = [];
  // A node's own advertised name.
  for (const n of own) {
    const dir = n.inv.flags.get('certs-dir');
    if (dir && n.certPath && !n.cert) {
      out.push({ code: 'CRDB-031', severity: 'warning', start: dir.start, end: dir.end, message: `No node.crt at ${n.certPath} (--certs-dir ${dir.value}): the node's certificate cannot be checked here. Map the deployed folder with certwright.pathMappings or a # certwright: path-map comment.` });
    }
    if (!n.cert || !n.hostAt || wildcard(n.host) || sanCovers(n.cert, n.host)) continue;
    out.push({
      code: 'CRDB-030',
      severity: 'error',
      start: n.hostAt.start,
      end: n.hostAt.start + n.host.length,
      message: `This node advertises ${n.host}, but its node.crt is valid for ${validFor(n.cert)}: it starts, then every connection to it fails ("x509: certificate is valid for ${validFor(n.cert)}, not ${n.host}"). Re-issue node.crt with ${n.host} as a SAN.`,
      related: [{ file: n.certPath!, line: n.cert.line, message: `node.crt (${n.cert.subject})` }],
    });
  }
  // Edges: --join of a node, --url / --host of a client, to the node advertising that name.
  const edges: Array<{ name: string; port: string; start: number; what: string; from: Invocation }> = [];
  for (const inv of invs) {
    const join = inv.flags.get('join');
    if (join && /^start/.test(inv.subcommand)) {
      let pos = join.start;
      for (const part of join.value.split(',')) {
        const { host, port } = splitHostPort(part.trim());
        edges.push({ name: host, port: port || '26257', start: pos + (part.length - part.trimStart().length), what: '--join', from: inv });
        pos += part.length + 1;
      }
    }
    const url = inv.flags.get('url');
    if (url) {
      const m = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?]+)(?::(\d+))?/.exec(url.value);
      if (m && !/sslmode=(disable|allow|prefer|require|verify-ca)\b/.test(url.value)) edges.push({ name: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ?? '26257', start: url.start + url.value.indexOf(m[1]!), what: '--url', from: inv });
    }
    const hostFlag = inv.flags.get('host');
    if (hostFlag && !/^start/.test(inv.subcommand)) {
      const { host, port } = splitHostPort(hostFlag.value);
      edges.push({ name: host, port: port || '26257', start: hostFlag.start, what: '--host', from: inv });
    }
  }
  if (edges.length) {
    const nodes = await allNodes(path, own, ctx);
    for (const e of edges) {
      if (wildcard(e.name)) continue;
      const target = nodes.find((n) => n.host === e.name && n.port === e.port) ?? nodes.find((n) => n.host === e.name);
      // A node dialling its own name is its advertised-name problem, reported once above.
      if (!target?.cert || (target.file === path && target.inv.start === e.from.start) || sanCovers(target.cert, e.name)) continue;
      out.push({
        code: 'CRDB-030',
        severity: 'error',
        start: e.start,
        end: e.start + e.name.length,
        message: `${e.what} dials ${e.name}, the node started in ${target.file === path ? 'this file' : baseName(target.file)}, whose node.crt is valid for ${validFor(target.cert)}: the connection fails ("x509: certificate is valid for ${validFor(target.cert)}, not ${e.name}").`,
        related: [
          { file: target.file, line: lineOf(target.file === path ? text : ((await ctx.store.readText(target.file)) ?? ''), target.inv.start), message: `cockroach start (${target.host})` },
          { file: target.certPath!, line: target.cert.line, message: `node.crt (${target.cert.subject})` },
        ],
      });
    }
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
