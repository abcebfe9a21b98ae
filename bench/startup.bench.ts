/**
 * Whole processes, as a user runs them (`npm run bench startup`; needs `npm run build`):
 * every `certwright` command of issue #16 against its baseline in the same run, A and B
 * alternated, the ratio taken per pair and its median reported:
 *
 * - `certwright --help`, `lint` of a 40-line openssl.cnf, one `issue node` (P-256), each
 *   against `node -e 0` (goal ≤ 1.5×) and against the openssl command doing the same, and
 *   `lint --help` / `issue node --help` against `node -e 0` (the start-up part of each: Node, the
 *   command table and the command's code, without the linters or the issuing), and `lint` and
 *   `issue` against their floors, Node programs doing the same essential work and nothing else
 *   (lintFloor, issueFloor), each floor also against `node -e 0`; these
 *   read the V8 code cache that an earlier run wrote, as every run after the first does;
 *   lint is also measured as the first run after a build (an empty cache);
 * - the seed flow (CA + 3 nodes + 2 clients) as six `certwright` commands and as one
 *   `certwright issue --batch`, against the 17-process openssl recipe (goal ≤ 0.5× P-256,
 *   ≤ 0.4× RSA 2048), each with its floor against the same recipe (`node -e 0`; a Node
 *   process generating only the six RSA keys, two at a time);
 * - `lint` of 100,000 and 1,000,000 lines and of 40,000 backslash-continued lines against
 *   OpenSSL loading the same file, with peak RSS of both;
 * - `lint` of 5,000 PEM files against a Node `X509Certificate` loop over them (goal ≤ 1.5×);
 * - extension activation in the real VS Code 1.139 (scripts/vscode-headless.mjs, the
 *   foundation suite): as VS Code counts it, from the extension host's own marks around
 *   loading the code and calling activate() (goal < 50 ms), and inside activate(); one
 *   VS Code start per run, so only a few runs.
 *
 * - instruction counts (`BENCH_ONLY=instructions`, not run by default; needs valgrind): every
 *   short command's whole process, `node -e 0` and the floors in the same run (instructions).
 *
 * Prints each row, then a Markdown table (the README's performance section quotes it);
 * writes bench/results/startup.json. BENCH_PAIRS scales the number of pairs; BENCH_ONLY
 * (a comma list of row ids: help, lint, issue, seed, batch, large, continued, pem, vscode,
 * instructions) picks rows.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from './cnf.bench';
import { ensurePemWorkspace, pemWorkspaceDir } from './pemWorkspace';
import { seedOps, writeRecipe } from './seedFlow';
import { fmt, pairedMeasured, summarize, type Summary } from './stats';
import { markdownTable, machineLine, type Row } from './table';
import { spawnWithCpu } from './cpuTime';

/** BENCH_CLI points at another build (e.g. main's) to compare before and after in one run. */
const cli = path.resolve(process.env.BENCH_CLI ?? 'dist/server/cli.js');
if (!fs.existsSync(cli)) throw new Error('run `npm run build` first: dist/server/cli.js is missing');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-bench-startup-'));
const scale = Number(process.env.BENCH_PAIRS ?? 1);
const pairsOf = (n: number): number => Math.max(3, Math.round(n * scale));
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (id: string): boolean => !only || only.includes(id);
const rows: Row[] = [];
const results: Record<string, unknown> = { machine: machineLine(), node: process.version };

/**
 * Where run() records each process's CPU time (user + system, every thread and child:
 * bench/cpuTime.ts) and its own wall time while a row measures: on the loaded shared machine CPU
 * time moves far less than wall time. A row's wall time is that of its processes, not of the
 * wrapper that measures them (Python's start-up) nor of the row's own clean-up between them.
 */
let cpuSink: { cpu: number[]; wall: number[] } | undefined;

/** Runs a process to its end; a status outside `ok` is a broken benchmark, not a figure. */
function run(cmd: string, args: readonly string[], options: SpawnSyncOptions & { ok?: readonly number[] } = {}): void {
  const sink = cpuSink;
  const opts: SpawnSyncOptions = { stdio: ['ignore', 'ignore', 'pipe'], ...options };
  const { result: r, cpuMs, wallMs } = sink ? spawnWithCpu(cmd, args, opts) : { result: spawnSync(cmd, args, opts), cpuMs: undefined, wallMs: 0 };
  if (!(options.ok ?? [0]).includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr ?? '').slice(0, 2000)}`);
  if (sink && cpuMs !== undefined) sink.cpu.push(cpuMs);
  sink?.wall.push(wallMs);
}

/** `a` and `b` returning the wall time of their processes, with their CPU time recorded in `into.a` / `into.b`. */
function withCpu(a: () => void, b: () => void, into: { a: number[]; b: number[] }): [() => number, () => number] {
  // One figure per call, however many processes the call runs (a seed flow runs several).
  const sum = (xs: readonly number[]): number => xs.reduce((x, y) => x + y, 0);
  const measured = (f: () => void, sink: number[]) => (): number => {
    const each = { cpu: [] as number[], wall: [] as number[] };
    cpuSink = each;
    try {
      f();
    } finally {
      cpuSink = undefined;
    }
    if (each.cpu.length) sink.push(sum(each.cpu));
    return sum(each.wall);
  };
  return [measured(a, into.a), measured(b, into.b)];
}

/** Peak RSS (MiB) of one run, from GNU time. */
function peakRss(cmd: string, args: readonly string[], ok: readonly number[] = [0]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (!ok.includes(r.status ?? -1)) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return Number(r.stderr.trim().split('\n').pop()) / 1024;
}

const node0 = (): void => run(process.execPath, ['-e', '0']);
const certwright = (args: readonly string[], ok: readonly number[] = [0], cwd = tmp) => (): void => run(process.execPath, [cli, ...args], { ok, cwd });
/**
 * The same, as the first run after an install or a build: an empty V8 code cache
 * (server/src/node/compileCache.ts), so every file compiles from source and the cache is written.
 */
let coldRuns = 0;
const certwrightColdCache = (args: readonly string[], ok: readonly number[] = [0]) => (): void =>
  run(process.execPath, [cli, ...args], { ok, cwd: tmp, env: { ...process.env, CERTWRIGHT_CODE_CACHE: path.join(tmp, `code-cache-${coldRuns++}`) } });

async function row(id: string, work: string, a: () => void, baselineName: string, b: () => void, pairs: number, goal?: number): Promise<Summary> {
  const cpu = { a: [] as number[], b: [] as number[] };
  const p = await pairedMeasured(...withCpu(a, b, cpu), pairs);
  console.log(`${work}: ${fmt(p.a)}; ${baselineName}: ${fmt(p.b)}; ratio ${fmt(p.ratio, '×', 2)}${goal ? ` (goal ≤ ${goal}×: ${p.ratio.median <= goal ? 'MET' : 'NOT MET'})` : ''}`);
  // The first call of each side is pairedMeasured's untimed warm-up.
  const [ca, cb] = [cpu.a.slice(1), cpu.b.slice(1)];
  const cpuRatio = ca.length === pairs && cb.length === pairs && cb.every((x) => x > 0) ? summarize(ca.map((x, i) => x / cb[i]!)) : undefined;
  if (cpuRatio) console.log(`  CPU time: ${fmt(summarize(ca))}; ${baselineName}: ${fmt(summarize(cb))}; paired ratio ${fmt(cpuRatio, '×', 2)}${goal ? ` (goal ≤ ${goal}×: ${cpuRatio.median <= goal ? 'MET' : 'NOT MET'})` : ''} (load ${os.loadavg()[0]!.toFixed(1)})`);
  rows.push({ work, certwright: p.a, baseline: baselineName, baselineTime: p.b, ratio: p.ratio, goal });
  results[id] = cpuRatio ? { ...p, cpuA: summarize(ca), cpuB: summarize(cb), cpuRatio } : p;
  return p.ratio;
}

/** Six RSA 2048 key pairs, two at a time, through WebCrypto: the key generation of the RSA seed flow alone. */
const sixRsaKeys = `const { subtle } = require('node:crypto').webcrypto;
const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
let left = 6;
const lane = async () => { while (left > 0) { left--; await subtle.generateKey(alg, true, ['sign', 'verify']); } };
Promise.all([lane(), lane()]);`;

/**
 * The floor of `certwright lint` of a small file: a Node program doing the essential work and no
 * more, read the file as text and split it into sections and `key = value` entries (a regex per
 * line), printing nothing. Argument: the file.
 */
const lintFloor = `const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
const entries = [];
let section = 'default';
for (const line of text.split('\\n')) {
  const s = /^\\s*\\[\\s*([^\\]\\s]+)\\s*\\]/.exec(line);
  if (s) section = s[1];
  else {
    const e = /^\\s*([^#=\\s]+)\\s*=\\s*(.*?)\\s*$/.exec(line);
    if (e) entries.push({ section, key: e[1], value: e[2] });
  }
}
if (!entries.length) process.exit(1);`;

/**
 * The floor of one `certwright issue node`: a Node program doing its essential work and no more.
 * It loads node:crypto, reads the CA's key, generates a P-256 key, signs one certificate-sized
 * body with the CA's key (no DER encoder: the body is the new public key padded to a
 * certificate's size), and writes the key, the certificate, the CA database's copy and index.txt
 * as the CLI does: each to a temporary file, fsynced and renamed, after a journal written and
 * fsynced, then the folders fsynced and the journal removed (9 fsyncs, as the CLI makes).
 * Arguments: the CA folder (certs/, ca-private/) and a name.
 */
const issueFloor = `const fs = require('node:fs'), path = require('node:path'), crypto = require('node:crypto');
const [dir, name] = process.argv.slice(1);
const priv = path.join(dir, 'ca-private'), certs = path.join(dir, 'certs'), newcerts = path.join(priv, 'newcerts');
const caKey = crypto.createPrivateKey(fs.readFileSync(path.join(priv, 'ca.key')));
const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const body = Buffer.alloc(420);
publicKey.export({ type: 'spki', format: 'der' }).copy(body);
const signature = crypto.sign('sha256', body, caKey);
const pem = (label, der) => \`-----BEGIN \${label}-----\\n\${der.toString('base64').replace(/.{64}/g, '$&\\n')}\\n-----END \${label}-----\\n\`;
const cert = pem('CERTIFICATE', Buffer.concat([body, signature]));
const durable = (file, text) => {
  const fd = fs.openSync(file, 'wx', 0o600);
  fs.writeSync(fd, text);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
};
const syncDir = (d) => { const fd = fs.openSync(d, 'r'); fs.fsyncSync(fd); fs.closeSync(fd); };
const journal = path.join(priv, '.journal-floor');
durable(journal, JSON.stringify({ name }));
const serial = crypto.randomBytes(16).toString('hex').toUpperCase();
const index = fs.readFileSync(path.join(priv, 'index.txt'), 'utf8') + \`V\\t300101000000Z\\t\\t\${serial}\\tunknown\\t/CN=\${name}\\n\`;
for (const [file, text] of [[path.join(certs, name + '.key'), privateKey.export({ type: 'pkcs8', format: 'pem' })], [path.join(certs, name + '.crt'), cert], [path.join(newcerts, serial + '.pem'), cert], [path.join(priv, 'index.txt'), index]]) {
  const tmp = file + '.floor-tmp';
  durable(tmp, text);
  fs.renameSync(tmp, file);
}
for (const d of [certs, newcerts, priv]) syncDir(d);
fs.unlinkSync(journal);
syncDir(priv);`;

/**
 * A language server's process from spawn to the first diagnostics of a file, then shutdown and
 * exit: `node lspFirstDiagnostics.cjs FILE -- COMMAND ARGS…` runs COMMAND as the server (stdio),
 * sends initialize, initialized and didOpen of FILE (openssl-conf), and shutdown once the
 * file's diagnostics arrive; exits with the server's status.
 */
const lspFirstDiagnostics = `const { spawn } = require('node:child_process');
const fs = require('node:fs');
const file = process.argv[2];
const [cmd, ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
const server = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const send = (m) => { const s = JSON.stringify({ jsonrpc: '2.0', ...m }); server.stdin.write(\`Content-Length: \${Buffer.byteLength(s)}\\r\\n\\r\\n\${s}\`); };
const uri = require('node:url').pathToFileURL(file).href;
let buf = Buffer.alloc(0);
server.stdout.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\\r\\n\\r\\n');
    if (h < 0) return;
    const len = Number(/Content-Length: (\\d+)/i.exec(buf.subarray(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
    buf = buf.subarray(h + 4 + len);
    if (msg.id === 1 && msg.result) {
      send({ method: 'initialized', params: {} });
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'openssl-conf', version: 1, text: fs.readFileSync(file, 'utf8') } } });
    } else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri) send({ id: 2, method: 'shutdown' });
    else if (msg.id === 2) send({ method: 'exit' });
    else if (msg.id !== undefined && msg.method) send({ id: msg.id, result: null });
  }
});
server.on('exit', (code) => process.exit(code ?? 1));
send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });`;

/**
 * Instructions (millions) of a whole process under valgrind's callgrind: the least of `runs`,
 * each less V8's hash-seed search (HashSeed::InitializeRoots, a search for primes that takes
 * 5 to 15 M instructions at random in every Node 20.20 process), so that two commands compare by
 * their own work. `counted` is the process that callgrind runs (COMMAND ARGS…); `wrap` puts
 * it inside another (the language server inside its client). Host load does not move these.
 */
function instructions(counted: () => readonly string[], env: NodeJS.ProcessEnv, runs = 3, wrap = (c: readonly string[]): readonly string[] => c): number {
  let least = Infinity;
  for (let i = 0; i < runs; i++) {
    const out = path.join(tmp, `callgrind.out.${i}`);
    const log = `${out}.log`;
    const [cmd, ...args] = wrap(['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, `--log-file=${log}`, ...counted()]);
    const r = spawnSync(cmd!, args, { env, cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const total = Number(/Collected : (\d+)/.exec(fs.readFileSync(log, 'utf8'))?.[1]);
    if (![0, 1].includes(r.status ?? -1) || !total) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', out], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    const seed = /^\s*([\d,]+) .*HashSeed::InitializeRoots/m.exec(annotated);
    least = Math.min(least, total - (seed ? Number(seed[1]!.replace(/,/g, '')) : 0));
    fs.rmSync(out, { force: true });
    fs.rmSync(log, { force: true });
  }
  return least / 1e6;
}

/** A request section so that `openssl req -new` succeeds on a generated file. */
const reqSection = '\n[ req ]\nprompt = no\ndistinguished_name = req_dn\n[ req_dn ]\nCN = bench\n';

async function main(): Promise<void> {
  console.log(`startup bench: ${machineLine()}, node ${process.version}`);
  const key = path.join(tmp, 'req.key');
  run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  const opensslLoads = (file: string) => (): void => run('openssl', ['req', '-new', '-config', file, '-key', key, '-out', '/dev/null']);

  if (wanted('help')) await row('help', '`certwright --help`', certwright(['--help']), '`node -e 0`', node0, pairsOf(15), 1.5);

  if (wanted('lint')) {
    const small = path.join(tmp, 'small.cnf');
    fs.writeFileSync(small, generate(34) + reqSection);
    // A first run fills the code cache that every later run reads.
    certwright(['lint', small], [0, 1])();
    await row('lintSmall', '`certwright lint` of a 40-line openssl.cnf', certwright(['lint', small], [0, 1]), '`node -e 0`', node0, pairsOf(15), 1.5);
    await row('lintSmallColdCache', '`certwright lint` of a 40-line openssl.cnf, first run (empty code cache)', certwrightColdCache(['lint', small], [0, 1]), '`node -e 0`', node0, pairsOf(9));
    await row('lintSmallOpenssl', '`certwright lint` of a 40-line openssl.cnf', certwright(['lint', small], [0, 1]), 'OpenSSL loading it (`openssl req -new -config`)', opensslLoads(small), pairsOf(9));
    // Where the time above `node -e 0` goes: `lint --help` loads the lint command (not the
    // linters) and prints; the lint row above less this one is the linters' code and the work.
    await row('lintHelpPart', 'the part: `certwright lint --help` (Node, the command table and the lint command, no linter)', certwright(['lint', '--help']), '`node -e 0`', node0, pairsOf(9));
    // The floor: a Node program that reads and splits the same file (lintFloor), and lint against it.
    await row('lintFloor', 'the floor: a Node program reading the 40-line openssl.cnf and splitting it into entries, printing nothing', () => run(process.execPath, ['-e', lintFloor, small]), '`node -e 0`', node0, pairsOf(9));
    await row('lintSmallOverFloor', '`certwright lint` of a 40-line openssl.cnf', certwright(['lint', small], [0, 1]), 'the floor (reads and splits it)', () => run(process.execPath, ['-e', lintFloor, small]), pairsOf(9));
  }

  if (wanted('issue')) {
    const dir = path.join(tmp, 'one');
    run(process.execPath, [cli, 'ca', 'create', '--profile', 'cockroach', '--key', 'p256', '--dir', dir]);
    let i = 0;
    const issueOne = (): void => run(process.execPath, [cli, 'issue', 'node', '--dir', dir, '--san', `node${i++}`, '--force']);
    await row('issueOne', 'one `certwright issue node` (P-256)', issueOne, '`node -e 0`', node0, pairsOf(15), 1.5);
    // The part of it that is start-up: `issue node --help` loads all of the command's code and prints;
    // the row above less this one is the issuing (keys, signing, the CA store's writes and fsyncs).
    await row('issueHelpPart', 'the part: `certwright issue node --help` (Node and all the code of the command, no issuing)', certwright(['issue', 'node', '--help']), '`node -e 0`', node0, pairsOf(9));
    // The floor: a Node program that makes and writes one P-256 certificate's files durably as the CLI does (issueFloor).
    let f = 0;
    const floorOne = (): void => run(process.execPath, ['-e', issueFloor, dir, `floor${f++}`]);
    await row('issueFloor', 'the floor: a Node program generating a P-256 key, signing one certificate and writing its files with 9 fsyncs', floorOne, '`node -e 0`', node0, pairsOf(9));
    await row('issueOneOverFloor', 'one `certwright issue node` (P-256)', issueOne, 'the floor (key, signature, 9 fsyncs)', floorOne, pairsOf(9));
    const caCrt = path.join(dir, 'certs/ca.crt');
    const caKey = path.join(dir, 'ca-private/ca.key');
    const opensslOne = (): void =>
      run('openssl', ['req', '-x509', '-CA', caCrt, '-CAkey', caKey, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-noenc', '-keyout', path.join(tmp, 'o.key'), '-subj', '/O=Cockroach/CN=node', '-addext', 'subjectAltName=DNS:node', '-days', '825', '-out', path.join(tmp, 'o.crt')]);
    await row('issueOneOpenssl', 'one `certwright issue node` (P-256)', issueOne, 'one CA-signing `openssl req -x509 -CA`', opensslOne, pairsOf(9));
  }

  const recipe = writeRecipe(tmp);
  const opensslSeed = (alg: string) => (): void => run('bash', [recipe, alg, path.join(tmp, `ossl-${alg}`)]);
  if (wanted('seed')) {
    for (const alg of ['p256', 'rsa2048'] as const) {
      const dir = path.join(tmp, `cw-seed-${alg}`);
      const commands = (): void => {
        fs.rmSync(dir, { recursive: true, force: true });
        run(process.execPath, [cli, 'ca', 'create', '--profile', 'cockroach', '--key', alg, '--dir', dir]);
        for (const n of [1, 2, 3]) run(process.execPath, [cli, 'issue', 'node', '--dir', dir, '--name', `node${n}`, '--san', `node${n}`, '--san', `node${n}.local`, '--san', 'localhost', '--san', '127.0.0.1', '--san', `10.0.0.${n}`]);
        for (const u of ['root', 'user1']) run(process.execPath, [cli, 'issue', 'client', '--dir', dir, '--user', u]);
      };
      await row(`seedCommands-${alg}`, `seed flow, six \`certwright\` commands, ${alg === 'p256' ? 'P-256' : 'RSA 2048'}`, commands, 'the openssl recipe (17 processes)', opensslSeed(alg), pairsOf(alg === 'p256' ? 7 : 5));
    }
  }

  if (wanted('batch')) {
    const help = spawnSync(process.execPath, [cli, 'issue', '--help'], { encoding: 'utf8' });
    if (!/--batch/.test(help.stdout + help.stderr)) console.log('seed flow with `certwright issue --batch`: skipped, this build has no --batch');
    else {
      for (const alg of ['p256', 'rsa2048'] as const) {
        const file = path.join(tmp, `seed-${alg}.json`);
        fs.writeFileSync(file, JSON.stringify(seedOps(alg), null, 2));
        const dir = path.join(tmp, `cw-batch-${alg}`);
        const batch = (): void => {
          fs.rmSync(dir, { recursive: true, force: true });
          run(process.execPath, [cli, 'issue', '--batch', file, '--dir', dir]);
        };
        await row(`batch-${alg}`, `seed flow, one \`certwright issue --batch\`, ${alg === 'p256' ? 'P-256' : 'RSA 2048'}`, batch, 'the openssl recipe (17 processes)', opensslSeed(alg), pairsOf(alg === 'p256' ? 9 : 7), alg === 'p256' ? 0.5 : 0.4);
        // The floor of the row above: a Node process that does nothing, against the same recipe;
        // for RSA, one that only generates the six keys, two at a time as the batch does (through
        // WebCrypto, the same OpenSSL): key generation is most of both sides' work.
        if (alg === 'p256') {
          await row('batchFloor-p256', 'the floor: `node -e 0`', node0, 'the openssl recipe (17 processes), P-256', opensslSeed(alg), pairsOf(9));
          // The start-up part of the batch: Node and the batch command's code, no keys, signing or writes.
          await row('batchHelpPart-p256', 'the part: `certwright issue --help` (Node and the batch command\'s code)', certwright(['issue', '--help']), 'the openssl recipe (17 processes), P-256', opensslSeed(alg), pairsOf(9));
        }
        else await row('batchFloor-rsa2048', 'the floor: a Node process generating the six RSA 2048 keys, two at a time, and nothing else', () => run(process.execPath, ['-e', sixRsaKeys]), 'the openssl recipe (17 processes), RSA 2048', opensslSeed(alg), pairsOf(7));
      }
    }
  }

  if (wanted('large')) {
    for (const lines of [100_000, 1_000_000]) {
      const file = path.join(tmp, `large-${lines}.cnf`);
      fs.writeFileSync(file, generate(lines) + reqSection);
      const label = `\`certwright lint\` of ${lines.toLocaleString('en')} lines`;
      await row(`lint-${lines}`, label, certwright(['lint', file], [0, 1]), 'OpenSSL loading it', opensslLoads(file), pairsOf(lines >= 1_000_000 ? 3 : 5), lines >= 1_000_000 ? 0.5 : undefined);
      const cw = peakRss(process.execPath, [cli, 'lint', file], [0, 1]);
      const ossl = peakRss('openssl', ['req', '-new', '-config', file, '-key', key, '-out', '/dev/null']);
      const rssGoal = lines >= 1_000_000 ? 1.5 : undefined;
      console.log(`  peak RSS: certwright ${cw.toFixed(0)} MiB, openssl ${ossl.toFixed(0)} MiB, ratio ${(cw / ossl).toFixed(2)}×${rssGoal ? ` (goal ≤ ${rssGoal}×: ${cw / ossl <= rssGoal ? 'MET' : 'NOT MET'})` : ''}`);
      // The floor under the row above: a Node process that only reads the file into a string (as lint does first).
      const floor = peakRss(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(file)}, 'utf8').length`]);
      console.log(`  floor: a Node process that only reads it as a string ${floor.toFixed(0)} MiB (${(floor / ossl).toFixed(2)}× openssl); certwright above that floor ${(cw - floor).toFixed(0)} MiB`);
      results[`rss-${lines}`] = { certwrightMiB: cw, opensslMiB: ossl, floorMiB: floor };
      rows.push({ work: `${label}: peak RSS`, certwright: cw, baseline: 'OpenSSL loading it', baselineTime: ossl, ratio: cw / ossl, unit: 'MiB', goal: rssGoal });
    }
  }

  if (wanted('continued')) {
    // 40,000 lines, each value continued over two physical lines with a trailing backslash.
    const file = path.join(tmp, 'continued.cnf');
    const out: string[] = ['[ sect ]'];
    for (let i = 0; out.length < 40_000; i++) out.push(`key_${i} = part one of value ${i} \\`, `  and part two`);
    fs.writeFileSync(file, out.join('\n') + '\n' + reqSection);
    await row('continued-40k', '`certwright lint` of 40,000 backslash-continued lines', certwright(['lint', file], [0, 1]), 'OpenSSL loading it', opensslLoads(file), pairsOf(3));
  }

  if (wanted('pem')) {
    await ensurePemWorkspace();
    const loop = path.join(tmp, 'x509-loop.cjs');
    // The baseline: read every file of the workspace and decode each certificate with Node.
    fs.writeFileSync(
      loop,
      `const fs = require('fs'), path = require('path'), { X509Certificate } = require('crypto');
let n = 0;
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) { walk(p); continue; }
    const text = fs.readFileSync(p, 'latin1');
    for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)) {
      const c = new X509Certificate(m[0]);
      n += c.subject.length + c.issuer.length + c.validTo.length + (c.subjectAltName ?? '').length + c.fingerprint256.length;
    }
  }
})(process.argv[2]);
if (!n) process.exit(1);
`,
    );
    await row('pem-5000', '`certwright lint` of 5,000 PEM files', certwright(['lint', pemWorkspaceDir], [0, 1]), 'a Node `X509Certificate` loop over them', () => run(process.execPath, [loop, pemWorkspaceDir]), pairsOf(3), 1.5);
  }

  if (only?.includes('instructions')) {
    // Without NODE_EXTRA_CA_CERTS (which these machines set: every Node process, `node -e 0` too,
    // then spends most of its start loading 140 certificates); a code cache of this run's own,
    // filled by four runs of each command before it is counted (a command's own entries are
    // written by its first three successful runs: compileCache.ts).
    const env: NodeJS.ProcessEnv = { ...process.env, CERTWRIGHT_CODE_CACHE: path.join(tmp, 'code-cache-instructions') };
    delete env.NODE_EXTRA_CA_CERTS;
    // In a folder of its own: lint reads the files around the one it checks (a setup's workspace), and
    // this run's folder holds a CA, the code cache and the other inputs.
    const small = path.join(tmp, 'lint-i', 'small.cnf');
    fs.mkdirSync(path.dirname(small));
    fs.writeFileSync(small, generate(34) + reqSection);
    const dir = path.join(tmp, 'ca-i');
    run(process.execPath, [cli, 'ca', 'create', '--profile', 'cockroach', '--key', 'p256', '--dir', dir], { env });
    const seedFile = path.join(tmp, 'seed-i.json');
    fs.writeFileSync(seedFile, JSON.stringify(seedOps('p256'), null, 2));
    const batchDir = path.join(tmp, 'batch-i');
    const driver = path.join(tmp, 'lsp-first-diagnostics.cjs');
    fs.writeFileSync(driver, lspFirstDiagnostics);
    const serverJs = path.join(path.dirname(cli), 'server.js');
    let n = 0;
    const node = (...args: string[]) => (): string[] => [process.execPath, ...args];
    const measured: { id: string; work: string; args: () => readonly string[]; before?: () => void; wrap?: (c: readonly string[]) => readonly string[]; baseline?: string }[] = [
      { id: 'node0', work: '`node -e 0`', args: node('-e', '0') },
      { id: 'help', work: '`certwright --help`', args: node(cli, '--help') },
      { id: 'lintFloor', work: 'the floor of `lint`: a Node program reading the 40-line openssl.cnf and splitting it into entries', args: node('-e', lintFloor, small) },
      { id: 'lint', work: '`certwright lint` of a 40-line openssl.cnf', args: node(cli, 'lint', small), baseline: 'lintFloor' },
      { id: 'lintHelp', work: '`certwright lint --help`', args: node(cli, 'lint', '--help') },
      { id: 'issueFloor', work: 'the floor of `issue`: a Node program making a P-256 key, signing once and writing the files with 9 fsyncs', args: () => [process.execPath, '-e', issueFloor, dir, `floor${n++}`] },
      { id: 'issue', work: 'one `certwright issue node` (P-256)', args: () => [process.execPath, cli, 'issue', 'node', '--dir', dir, '--san', `node${n++}`, '--force'], baseline: 'issueFloor' },
      { id: 'issueHelp', work: '`certwright issue --help`', args: node(cli, 'issue', '--help') },
      { id: 'issueNodeHelp', work: '`certwright issue node --help`', args: node(cli, 'issue', 'node', '--help') },
      { id: 'batch', work: 'seed flow, one `certwright issue --batch`, P-256', args: node(cli, 'issue', '--batch', seedFile, '--dir', batchDir), before: () => fs.rmSync(batchDir, { recursive: true, force: true }) },
      {
        id: 'lsp',
        work: 'language server: spawn to the first diagnostics of the 40-line openssl.cnf, then exit',
        args: node(serverJs, '--stdio'),
        wrap: (c) => [process.execPath, driver, small, '--', ...c],
      },
    ];
    const counts: Record<string, number> = {};
    for (const m of measured) {
      const warm = (): void => {
        m.before?.();
        const [cmd, ...args] = (m.wrap ?? ((c) => c))(m.args());
        run(cmd!, args, { env, cwd: tmp, ok: [0, 1] });
      };
      for (let i = 0; i < 4; i++) warm();
      counts[m.id] = instructions(() => (m.before?.(), m.args()), env, 3, m.wrap);
      const floor = m.baseline && counts[m.baseline];
      console.log(`${m.work}: ${counts[m.id]!.toFixed(1)} M instructions; ${(counts[m.id]! / counts.node0!).toFixed(2)}× \`node -e 0\`${floor ? `, ${(counts[m.id]! / floor).toFixed(2)}× its floor` : ''}`);
    }
    results.instructions = counts;
  }

  if (wanted('vscode')) {
    // The foundation suite notes "activation: A ms inside activate(); L ms from loading the extension's code …"
    // and "VS Code activation marks: code loading C ms, activate D ms, together T ms" (the extension
    // host's own marks around loading the code and calling activate(), VS Code's ActivationTimes).
    const inside: number[] = [];
    const loading: number[] = [];
    const counted: number[] = [];
    for (let i = 0; i < pairsOf(3); i++) {
      const r = spawnSync(process.execPath, ['scripts/vscode-headless.mjs', 'test'], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_INTEGRATION_GREP: 'activates and exports' }, maxBuffer: 1 << 26 });
      const m = /activation: ([\d.]+) ms inside activate\(\); ([\d.]+) ms from loading/.exec(r.stdout);
      const v = /VS Code activation marks: code loading (\d+) ms, activate (\d+) ms, together (\d+) ms/.exec(r.stdout);
      if (r.status !== 0 || !m || !v) throw new Error(`the VS Code run failed (${r.status}): ${(r.stdout + r.stderr).slice(-2000)}`);
      inside.push(Number(m[1]));
      loading.push(Number(m[2]));
      counted.push(Number(v[3]));
    }
    const a = summarize(inside);
    const l = summarize(loading);
    const c = summarize(counted);
    console.log(`extension activation in VS Code 1.139 as VS Code counts it (code loading + activate call): ${fmt(c)} (goal < 50 ms: ${c.median < 50 ? 'met' : 'NOT met'}; load ${os.loadavg()[0]!.toFixed(1)})`);
    console.log(`  inside activate() ${fmt(a)}; from dist/client/extension.js starting to activate() returning, with VS Code preparing the extension context meanwhile ${fmt(l)}`);
    rows.push({ work: 'extension activation in the real VS Code 1.139, as VS Code counts it (code loading + `activate()`)', certwright: c, baseline: '', absoluteGoal: 50 });
    rows.push({ work: 'the same: inside `activate()`', certwright: a, baseline: '' });
    rows.push({ work: 'the same: from loading the extension\'s code to `activate()` returning (wall time, VS Code preparing the extension context meanwhile)', certwright: l, baseline: '' });
    results.vscodeActivation = { vscodeCounted: c, insideActivate: a, withLoading: l };
  }

  console.log(`\n${markdownTable(rows)}`);
  results.rows = rows;
  results.loadAfter = os.loadavg();
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/startup.json', `${JSON.stringify(results, null, 2)}\n`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }));

