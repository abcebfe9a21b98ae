/**
 * `certwright init` of a whole cluster against the openssl CLI recipe for the same
 * cluster, paired and alternated in one run (ratio Certwright / openssl per pair):
 *  - TiDB DM, 3 masters + 3 workers + the dmctl client (TiUP topology file);
 *  - CockroachDB, 6 nodes (a certs dir each: ca.crt, node.crt, node.key) + client.root;
 * each with ECDSA P-256 and RSA 2048. Certwright runs as the user runs it: one
 * `node dist/server/cli.js init` process (start-up included), keys generated two at a
 * time, every file committed under the CA lock, config snippets written. The recipe is one
 * bash process running openssl for each step (genpkey + req -x509 for the CA; genpkey +
 * req + x509 -req per leaf) and writing the same config snippets.
 *
 * Wall time is each process's own (bench/cpuTime.ts: not the wrapper's start-up, not the checks
 * and clean-up between runs). Besides wall time, each side's CPU time (user + system, every thread and child process:
 * bench/cpuTime.ts) is paired the same way: on the loaded shared machine it moves far less than wall
 * time. A `node -e 0` row in the same run gives the floor: what a Node process that does nothing
 * costs against the recipe; a `certwright init --help` row the start-up part (Node and the
 * command's code: the issuing core and the YAML parser, loaded, nothing done).
 *
 * Run: npm run bench init. Goal: ≤ 0.3 (P-256), ≤ 0.5 (RSA 2048). Shared 2-core machine: noisy.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, pairedMeasured, summarize } from './stats';
import { spawnWithCpu } from './cpuTime';
import { startClient, type TestClient } from '../test/protocol/lspClient';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-bench-init-'));
const cli = path.resolve('dist/server/cli.js');

interface Leaf {
  readonly cert: string;
  readonly key: string;
  readonly subj: string;
  readonly sans: string;
  readonly eku: string;
  readonly caCopy?: string;
  readonly config?: [string, string];
}

interface Cluster {
  readonly name: string;
  readonly topology: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly caSubj: string;
  readonly leaves: readonly Leaf[];
}

const dmHosts = { master: ['10.0.1.11', '10.0.1.12', '10.0.1.13'], worker: ['10.0.1.21', '10.0.1.22', '10.0.1.23'] };
const dm: Cluster = {
  name: 'DM 3 masters + 3 workers',
  topology: ['master_servers:', ...dmHosts.master.map((h) => `  - host: ${h}`), 'worker_servers:', ...dmHosts.worker.map((h) => `  - host: ${h}`), ''].join('\n'),
  caCert: 'ca.pem',
  caKey: 'ca-private/ca-key.pem',
  caSubj: '/CN=DM CA',
  leaves: [
    ...(['master', 'worker'] as const).flatMap((role) =>
      dmHosts[role].map((h): Leaf => ({ cert: `${role}-${h}-cert.pem`, key: `${role}-${h}-key.pem`, subj: '/CN=dm', sans: `IP:${h}`, eku: 'serverAuth, clientAuth', config: [`config/${role}-${h}.toml`, `ssl-ca = "ca.pem"\\nssl-cert = "${role}-${h}-cert.pem"\\nssl-key = "${role}-${h}-key.pem"\\ncert-allowed-cn = ["dm"]`] })),
    ),
    { cert: 'client-cert.pem', key: 'client-key.pem', subj: '/CN=dm', sans: 'DNS:dm', eku: 'serverAuth, clientAuth' },
  ],
};
const crdbHosts = [1, 2, 3, 4, 5, 6].map((i) => `roach${i}.example.com`);
const crdb: Cluster = {
  name: 'CockroachDB 6 nodes',
  topology: `nodes:\n${crdbHosts.map((h) => `  - ${h}`).join('\n')}\n`,
  caCert: 'certs/ca.crt',
  caKey: 'ca-private/ca.key',
  caSubj: '/O=Cockroach/CN=Cockroach CA',
  leaves: [
    ...crdbHosts.map((h): Leaf => ({ cert: `certs/${h}/node.crt`, key: `certs/${h}/node.key`, subj: '/O=Cockroach/CN=node', sans: `DNS:${h}, DNS:localhost, IP:127.0.0.1`, eku: 'serverAuth, clientAuth', caCopy: `certs/${h}/ca.crt`, config: [`config/${h}.flags`, `--certs-dir=certs/${h}\\n--advertise-addr=${h}`] })),
    { cert: 'certs/client.root.crt', key: 'certs/client.root.key', subj: '/O=Cockroach/CN=root', sans: '', eku: 'clientAuth' },
  ],
};

/** The openssl recipe for a cluster: `bash SCRIPT p256|rsa2048 OUTDIR`. */
function recipe(c: Cluster): string {
  const lines = [
    '#!/bin/bash',
    'set -euo pipefail',
    'ALG=$1; D=$2',
    'rm -rf "$D"; mkdir -p -m 700 "$D" "$D/ca-private" "$D/config"; cd "$D"',
    'genkey() {',
    '  if [ "$ALG" = p256 ]; then (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1")',
    '  else (umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"); fi',
    '}',
    'KU=digitalSignature; [ "$ALG" = p256 ] || KU="digitalSignature, keyEncipherment"',
    `mkdir -p -m 700 "$(dirname ${c.caCert})"`,
    "printf '%s\\n' '[ req ]' 'prompt = no' 'distinguished_name = dn' '[ dn ]' 'CN = x' '[ v3_ca ]' 'basicConstraints = critical, CA:TRUE, pathlen:0' 'keyUsage = critical, keyCertSign, cRLSign, digitalSignature' 'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid:always' > ca.cnf",
    `genkey ${c.caKey}`,
    `openssl req -new -x509 -config ca.cnf -extensions v3_ca -key ${c.caKey} -subj '${c.caSubj}' -days 3650 -out ${c.caCert}`,
  ];
  c.leaves.forEach((l, i) => {
    lines.push(
      `mkdir -p -m 700 "$(dirname ${l.cert})"`,
      `printf '%s\\n' "basicConstraints = critical, CA:FALSE" "keyUsage = critical, $KU" "extendedKeyUsage = ${l.eku}" "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid:always"${l.sans ? ` "subjectAltName = ${l.sans}"` : ''} > leaf${i}.ext`,
      `genkey ${l.key}`,
      `openssl req -new -key ${l.key} -subj '${l.subj}' -out leaf${i}.csr`,
      `openssl x509 -req -in leaf${i}.csr -CA ${c.caCert} -CAkey ${c.caKey} -set_serial 0x$(openssl rand -hex 16) -days 825 -extfile leaf${i}.ext -out ${l.cert} 2>/dev/null`,
      ...(l.caCopy ? [`cp ${c.caCert} ${l.caCopy}`] : []),
      ...(l.config ? [`printf -- '${l.config[1]}\\n' > ${l.config[0]}`] : []),
    );
  });
  lines.push('rm -f ./*.csr ./*.ext ca.cnf', '');
  return lines.join('\n');
}

/** CPU milliseconds (user + system, all threads and children) of each run, by side, when /usr/bin/time is here. */
const cpu: Record<'a' | 'b', number[]> = { a: [], b: [] };

/** Runs a command, recording its CPU time for `side`; its wall time in `wallMs`. */
function run(side: 'a' | 'b', cmd: string, args: readonly string[]): { status: number | null; stderr: unknown; wallMs: number } {
  const { result, cpuMs, wallMs } = spawnWithCpu(cmd, args, { encoding: 'utf8' });
  if (cpuMs !== undefined) cpu[side].push(cpuMs);
  return { status: result.status, stderr: result.stderr, wallMs };
}

let n = 0;
function certwright(c: Cluster, alg: string): number {
  const dir = path.join(tmp, `cw-${n++}`);
  const topo = path.join(tmp, `${c === dm ? 'dm' : 'crdb'}.yaml`);
  const r = run('a', process.execPath, [cli, 'init', '--topology', topo, '--dir', dir, '--key', alg]);
  if (r.status !== 0) throw new Error(`certwright init failed: ${r.stderr}`);
  const certs = c.leaves.filter((l) => fs.existsSync(path.join(dir, l.cert))).length;
  if (certs !== c.leaves.length) throw new Error(`certwright init wrote ${certs} of ${c.leaves.length} certificates`);
  fs.rmSync(dir, { recursive: true, force: true });
  return r.wallMs;
}

/** The palette's path: one `certwright/initCluster` request to a running server. */
async function palette(server: TestClient, c: Cluster, alg: string): Promise<number> {
  const dir = path.join(tmp, `srv-${n++}`);
  const topology = path.join(tmp, `${c === dm ? 'dm' : 'crdb'}.yaml`);
  const t = performance.now();
  await server.request('certwright/initCluster', { dir, topology, keyType: alg });
  const ms = performance.now() - t;
  const certs = c.leaves.filter((l) => fs.existsSync(path.join(dir, l.cert))).length;
  if (certs !== c.leaves.length) throw new Error(`certwright/initCluster wrote ${certs} of ${c.leaves.length} certificates`);
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

function openssl(c: Cluster, alg: string, script: string): number {
  const dir = path.join(tmp, `ossl-${n++}`);
  const r = run('b', 'bash', [script, alg, dir]);
  if (r.status !== 0) throw new Error(`openssl recipe failed: ${r.stderr}`);
  const certs = c.leaves.filter((l) => fs.existsSync(path.join(dir, l.cert))).length;
  if (certs !== c.leaves.length) throw new Error(`openssl recipe wrote ${certs} of ${c.leaves.length} certificates`);
  fs.rmSync(dir, { recursive: true, force: true });
  return r.wallMs;
}

async function main(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error('dist/server/cli.js is missing: npm run build');
  const results: Record<string, unknown> = { machine: `${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`, node: process.version };
  console.log(`init bench (${String(results.machine)}, node ${process.version}); figures are noisy on this shared machine`);
  const server = await startClient({ rootPath: tmp });
  for (const c of [dm, crdb]) {
    fs.writeFileSync(path.join(tmp, `${c === dm ? 'dm' : 'crdb'}.yaml`), c.topology);
    const script = path.join(tmp, `${c === dm ? 'dm' : 'crdb'}-recipe.sh`);
    fs.writeFileSync(script, recipe(c), { mode: 0o755 });
    for (const alg of ['p256', 'rsa2048']) {
      const pairs = Number(process.env.INIT_BENCH_PAIRS ?? (alg === 'p256' ? 9 : 5));
      cpu.a = [];
      cpu.b = [];
      const p = await pairedMeasured(() => certwright(c, alg), () => openssl(c, alg, script), pairs);
      const goal = alg === 'p256' ? 0.3 : 0.5;
      console.log(`\n${c.name} (${c.leaves.length} leaf certificates + CA), ${alg}, ${pairs} pairs (load ${os.loadavg()[0]!.toFixed(1)}):`);
      console.log(`  certwright init (one process)               ${fmt(p.a)}`);
      console.log(`  openssl recipe (${4 * c.leaves.length + 2} openssl processes)        ${fmt(p.b)}`);
      console.log(`  paired ratio certwright / openssl           ${fmt(p.ratio, '×', 3)}  (goal ≤ ${goal}: ${p.ratio.median <= goal ? 'MET' : 'NOT MET'})`);
      const row: Record<string, unknown> = { ...p };
      // The first call of each side is the untimed warm-up of pairedMeasured.
      const [ca, cb] = [cpu.a.slice(1), cpu.b.slice(1)];
      if (ca.length === pairs && cb.length === pairs) {
        const cpuRatio = summarize(ca.map((x, i) => x / cb[i]!));
        console.log(`  CPU time, certwright / openssl              ${fmt(summarize(ca))} / ${fmt(summarize(cb))}; paired ratio ${fmt(cpuRatio, '×', 3)}`);
        Object.assign(row, { cpuA: summarize(ca), cpuB: summarize(cb), cpuRatio });
      }
      results[`${c === dm ? 'dm' : 'cockroach'}-${alg}`] = row;
      if (alg === 'p256') {
        // The floor: a Node process that does nothing, against the same recipe.
        cpu.a = [];
        cpu.b = [];
        const f = await pairedMeasured(() => run('a', process.execPath, ['-e', '0']).wallMs, () => openssl(c, alg, script), pairs);
        console.log(`  floor: \`node -e 0\` / openssl recipe        ${fmt(f.a)} / ${fmt(f.b)}; paired ratio ${fmt(f.ratio, '×', 3)}`);
        results[`${c === dm ? 'dm' : 'cockroach'}-floor`] = f;
        // The start-up part: Node and the init command's code (the issuing core, the YAML parser), no work.
        const h = await pairedMeasured(() => run('a', process.execPath, [cli, 'init', '--help']).wallMs, () => openssl(c, alg, script), pairs);
        console.log(`  the part: \`certwright init --help\` / recipe ${fmt(h.a)} / ${fmt(h.b)}; paired ratio ${fmt(h.ratio, '×', 3)}`);
        results[`${c === dm ? 'dm' : 'cockroach'}-helpPart`] = h;
      }
      const s = await pairedMeasured(() => palette(server, c, alg), () => openssl(c, alg, script), pairs);
      console.log(`  palette: certwright/initCluster on a running server ${fmt(s.a)}; paired ratio ${fmt(s.ratio, '×', 3)}  (${s.ratio.median <= goal ? 'within' : 'above'} the goal)`);
      results[`${c === dm ? 'dm' : 'cockroach'}-${alg}-server`] = s;
    }
  }
  await server.shutdown();
  results.loadAfter = os.loadavg();
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/init.json', `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});
