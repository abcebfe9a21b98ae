/**
 * Setup validation over a workspace of 200 files generated in-process
 * (@peculiar/x509, P-256): 30 DM components
 * (TOML + certificate + key), 10 source/task YAML files, one DM CA, 20
 * CockroachDB certs directories (ca.crt, node.crt/.key, client.root.crt/.key; five
 * without client certificates) and 10 systemd units starting those five nodes
 * (deployed paths mapped, --join edges checked against the nodes' certificates).
 *
 * - cold: every file linted with empty caches (fresh environment and certificate store,
 *   DM parse cache and core/pem decode cache cleared; modules already loaded);
 * - after one change: one worker certificate is re-issued, then what the server
 *   re-checks is linted: the certificate itself and every file whose
 *   dependencies() include it (caches warm);
 * - after one connection script edit: the script and the servers whose edges depend on
 *   it (postgresql.conf, pg_hba.conf) re-checked;
 * - warm full: every file again with warm caches (for reference).
 * Since issue 14 the workspace also holds a PostgreSQL server with six clients
 * (connection strings in scripts, .env, .properties), a docker-compose file starting
 * two CockroachDB nodes through volumes and a dmctl script (in place of three
 * CockroachDB client folders, so the count stays at about 200).
 * Goals: cold < 500 ms, after a change < 50 ms. Noisy machine (2 cores shared).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync, statSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnvironment } from '../server/src/node/nodeEnvironment';
import { SetupLinter } from '../server/src/core/setup/linter';
import { certStoreFor } from '../server/src/core/setup/certFacts';
import { clearDmParseCache } from '../server/src/core/setup/dmModel';
import { clearDecodeCache, decodeFile } from '../server/src/core/pem';
import { defaultLintSettings } from '../server/src/core/types';
import type { Environment } from '../server/src/core/environment';
import { fmt, median, summarize } from './stats';

const root = process.env.CERTWRIGHT_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'cw-setup-bench-'));
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
let serial = 1;

interface Pair {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

async function writeKey(path: string, keys: CryptoKeyPair): Promise<void> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as never);
  writeFileSync(path, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'));
  chmodSync(path, 0o600);
}

async function ca(dir: string, certName: string, cn: string): Promise<Pair> {
  mkdirSync(dir, { recursive: true });
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 3650 * 86_400_000),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  writeFileSync(join(dir, certName), cert.toString('pem'));
  return { cert, keys };
}

async function leaf(issuer: Pair, certPath: string, keyPath: string, subject: string, sans: Array<{ type: 'dns' | 'ip'; value: string }>, eku: string[]): Promise<void> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject,
    issuer: issuer.cert.subject,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension(eku),
      ...(sans.length ? [new x509.SubjectAlternativeNameExtension(sans)] : []),
    ],
  });
  writeFileSync(certPath, cert.toString('pem'));
  await writeKey(keyPath, keys);
}

const serverAuth = '1.3.6.1.5.5.7.3.1';
const clientAuth = '1.3.6.1.5.5.7.3.2';
const dm = join(root, 'dm');
const files: string[] = [];
let dmCa: Pair;

async function generate(): Promise<void> {
  // The DM CA's key never reaches the disk; dm-ca/ is outside what is linted.
  dmCa = await ca(join(root, 'dm-ca'), 'ca.pem', 'DM Bench CA');
  mkdirSync(join(dm, 'tls'), { recursive: true });
  mkdirSync(join(dm, 'conf'), { recursive: true });
  mkdirSync(join(dm, 'tasks'), { recursive: true });
  copyFileSync(join(root, 'dm-ca', 'ca.pem'), join(dm, 'tls', 'ca.pem'));
  files.push(join(dm, 'tls', 'ca.pem'));
  for (let i = 0; i < 30; i++) {
    const kind = i < 3 ? 'master' : 'worker';
    const name = `${kind}${i}`;
    const cert = join(dm, 'tls', `${name}.pem`);
    const k = join(dm, 'tls', `${name}.key`);
    await leaf(dmCa, cert, k, 'CN=dm', [{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }, { type: 'dns', value: name }], [serverAuth, clientAuth]);
    const conf = join(dm, 'conf', `dm-${kind}-${i}.toml`);
    const addr = `127.0.0.1:${8261 + i}`;
    writeFileSync(
      conf,
      kind === 'master'
        ? `name = "${name}"\nmaster-addr = ":${8261 + i}"\nadvertise-addr = "${addr}"\npeer-urls = "127.0.0.1:${8291 + i}"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/${name}.pem"\nssl-key = "../tls/${name}.key"\ncert-allowed-cn = ["dm"]\n`
        : `name = "${name}"\nworker-addr = ":${8261 + i}"\nadvertise-addr = "${addr}"\njoin = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/${name}.pem"\nssl-key = "../tls/${name}.key"\ncert-allowed-cn = ["dm"]\n`,
    );
    files.push(conf, cert, k);
  }
  for (let i = 0; i < 10; i++) {
    const p = join(dm, 'tasks', i % 2 ? `source-${i}.yaml` : `task-${i}.yaml`);
    const sec = `  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/worker${3 + i}.pem\n    ssl-key: ../tls/worker${3 + i}.key\n`;
    writeFileSync(p, i % 2 ? `source-id: mysql-${i}\nfrom:\n  host: 127.0.0.1\n  user: root\n  port: 3306\n${sec}` : `name: task${i}\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  port: 4000\n${sec}`);
    files.push(p);
  }
  for (let d = 0; d < 17; d++) {
    const dir = join(root, 'crdb', `node${d}`, 'certs');
    mkdirSync(dir, { recursive: true });
    const caPair = await ca(dir, 'ca.crt', `Cockroach CA ${d}`);
    await leaf(caPair, join(dir, 'node.crt'), join(dir, 'node.key'), 'O=Cockroach, CN=node', [{ type: 'dns', value: 'localhost' }, { type: 'dns', value: `node${d}` }, { type: 'ip', value: '127.0.0.1' }], [serverAuth, clientAuth]);
    if (d < 5) {
      // Two systemd units per node of the first five (ten files in place of their client certificates): deployed paths
      // mapped by a path-map comment, --join to the next nodes, so the deployment checks run on every unit.
      mkdirSync(join(root, 'deploy'), { recursive: true });
      for (const u of [0, 1]) {
        const unit = join(root, 'deploy', `node${d}-${u}.service`);
        writeFileSync(unit, `# certwright: path-map /var/lib/cockroach=../crdb/node${d}\n[Service]\nExecStart=/usr/local/bin/cockroach start --certs-dir=/var/lib/cockroach/certs --advertise-addr=node${d}:26257 --join=node${d},node${(d + 1) % 5},node${(d + 2) % 5}\n`);
        files.push(unit);
      }
      for (const f of ['ca.crt', 'node.crt', 'node.key']) files.push(join(dir, f));
      continue;
    }
    await leaf(caPair, join(dir, 'client.root.crt'), join(dir, 'client.root.key'), 'O=Cockroach, CN=root', [], [clientAuth]);
    for (const f of ['ca.crt', 'node.crt', 'node.key', 'client.root.crt', 'client.root.key']) files.push(join(dir, f));
  }
}
async function generateConnections(): Promise<void> {
  // A PostgreSQL server (postgresql.conf, pg_hba.conf, its certificate, key and CA) and the
  // clients that reach it through connection strings (psql scripts, .env, .properties), one
  // docker-compose file starting two CockroachDB nodes through volumes, and a dmctl script.
  const pg = join(root, 'pg');
  const pgCa = await ca(pg, 'root.crt', 'PG Bench CA');
  await leaf(pgCa, join(pg, 'server.crt'), join(pg, 'server.key'), 'CN=db.internal', [{ type: 'dns', value: 'db.internal' }, { type: 'ip', value: '127.0.0.1' }], [serverAuth]);
  writeFileSync(join(pg, 'postgresql.conf'), "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_dir = 'crl'\n");
  writeFileSync(join(pg, 'pg_hba.conf'), 'hostssl all all 0.0.0.0/0 cert\n');
  files.push(...['postgresql.conf', 'pg_hba.conf', 'server.crt', 'server.key', 'root.crt'].map((f) => join(pg, f)));
  const app = join(root, 'app');
  mkdirSync(app, { recursive: true });
  copyFileSync(join(pg, 'root.crt'), join(app, 'root.crt'));
  await leaf(pgCa, join(app, 'alice.crt'), join(app, 'alice.key'), 'CN=alice', [], [clientAuth]);
  const kv = (user: string, host = 'db.internal'): string => `host=${host} port=5432 dbname=app user=${user} sslmode=verify-full sslrootcert=root.crt sslcert=alice.crt sslkey=alice.key`;
  const clients: Array<[string, string]> = [
    ['backup.sh', `pg_dump "${kv('alice')}" > /backup/app.sql\n`],
    ['report.sh', `psql "${kv('alice')}" -f report.sql\n`],
    ['wrong-user.sh', `psql "${kv('bob')}" -c 'select 1'\n`],
    ['wrong-host.sh', `psql "${kv('alice', 'db.example.com')}"\n`],
    ['app.env', 'DATABASE_URL=postgresql://alice@db.internal:5432/app?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.key\n'],
    ['app.properties', 'db.url=jdbc:postgresql://db.internal:5432/app?sslmode=verify-full&sslrootcert=root.crt&sslcert=alice.crt&sslkey=alice.key\ndb.username=alice\n'],
  ];
  for (const [name, text] of clients) {
    writeFileSync(join(app, name), text);
    files.push(join(app, name));
  }
  writeFileSync(join(root, 'docker-compose.yml'), ['node17', 'node18'].reduce((t, n) => `${t}  ${n}:\n    image: cockroachdb/cockroach:v23.1.11\n    command: start --certs-dir=/cockroach/certs --advertise-addr=${n}:26257 --join=node17,node18\n    volumes:\n      - ./crdb/${n}/certs:/cockroach/certs\n`, 'services:\n'));
  for (const n of ['node17', 'node18']) {
    const dir = join(root, 'crdb', n, 'certs');
    mkdirSync(dir, { recursive: true });
    const caPair = await ca(dir, 'ca.crt', `Cockroach CA ${n}`);
    await leaf(caPair, join(dir, 'node.crt'), join(dir, 'node.key'), 'O=Cockroach, CN=node', [{ type: 'dns', value: n }], [serverAuth, clientAuth]);
  }
  writeFileSync(join(root, 'deploy', 'dmctl.sh'), `dmctl --master-addr 127.0.0.1:8261 --ssl-ca ../dm/tls/ca.pem --ssl-cert ../dm/tls/worker3.pem --ssl-key ../dm/tls/worker3.key operate-source show\n`);
  files.push(join(root, 'docker-compose.yml'), join(root, 'deploy', 'dmctl.sh'));
}

const countFiles = (d: string): number => readdirSync(d).reduce((n, f) => (statSync(join(d, f)).isDirectory() ? n + countFiles(join(d, f)) : n + 1), 0);

// ---- measure
const settings = defaultLintSettings;
const roots = [root];

async function lintAll(linter: SetupLinter, env: Environment, which: readonly string[]): Promise<number> {
  let findings = 0;
  for (const path of which) {
    const input = { path, text: readFileSync(path, 'utf8') };
    if (!linter.appliesTo(input)) continue;
    const out = await linter.lint(input, { env, settings, workspaceRoots: roots });
    findings += out.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
  }
  return findings;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await generate();
  await generateConnections();
  const genMs = performance.now() - t0;
  console.log(`workspace: ${files.length} linted files (${countFiles(root)} on disk) generated in ${(genMs / 1000).toFixed(1)} s at ${root}`);
  // Warm up the code paths (module loads, JIT) once on a throw-away environment.
  await lintAll(new SetupLinter(), nodeEnvironment(), files);
  const cold: number[] = [];
  let problems = 0;
  for (let r = 0; r < 7; r++) {
    clearDmParseCache();
    clearDecodeCache();
    const t = performance.now();
    problems = await lintAll(new SetupLinter(), nodeEnvironment(), files);
    cold.push(performance.now() - t);
  }
  // Baseline measured alongside (same load): read every file and decode its PEM/DER, nothing else.
  const baseline: number[] = [];
  for (let r = 0; r < 7; r++) {
    clearDecodeCache();
    const t = performance.now();
    for (const path of files) decodeFile(new Uint8Array(readFileSync(path)));
    baseline.push(performance.now() - t);
  }
  // One environment and linter kept warm, as in the server (reads reused for 2 s unless invalidated).
  const env = nodeEnvironment();
  const linter = new SetupLinter();
  await lintAll(linter, env, files);
  const depsOf = new Map<string, string[]>();
  for (const path of files) depsOf.set(path, await linter.dependencies({ path, text: '' }));
  const warmFull: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    await lintAll(linter, env, files);
    warmFull.push(performance.now() - t);
  }
  // After one change: re-issue worker5's certificate, re-lint it and its dependents.
  const changed = join(dm, 'tls', 'worker5.pem');
  const dependents = files.filter((f) => f === changed || depsOf.get(f)?.includes(changed));
  const after: number[] = [];
  for (let r = 0; r < 9; r++) {
    // Alternate between two distinct certificates so each run sees new content.
    await leaf(dmCa, changed, join(dm, 'tls', 'worker5.key'), 'CN=dm', [{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: `r${r}` }], [serverAuth, clientAuth]);
    const t = performance.now();
    // What the server does on the watcher event: forget the file, re-check its dependents.
    certStoreFor(env).invalidate([changed]);
    await lintAll(linter, env, dependents);
    after.push(performance.now() - t);
  }
  // After one edit of a connection script: it and the servers that depend on it are re-checked.
  const script = join(root, 'app', 'report.sh');
  const scriptDependents = files.filter((f) => f === script || depsOf.get(f)?.includes(script));
  const afterEdit: number[] = [];
  for (let r = 0; r < 9; r++) {
    writeFileSync(script, `psql "host=db.internal port=5432 dbname=app${r} user=alice sslmode=verify-full sslrootcert=root.crt sslcert=alice.crt sslkey=alice.key" -f report.sql\n`);
    const t = performance.now();
    certStoreFor(env).invalidate([script]);
    await lintAll(linter, env, scriptDependents);
    afterEdit.push(performance.now() - t);
  }
  const e = summarize(afterEdit);
  const c = summarize(cold);
  const w = summarize(warmFull);
  const a = summarize(after);
  console.log(`cold full check (${files.length} files):  ${fmt(c)}   goal < 500 ms   ${c.median < 500 ? 'MET' : 'MISSED'}`);
  console.log(`after one change (${dependents.length} files re-checked): ${fmt(a)}   goal < 50 ms   ${a.median < 50 ? 'MET' : 'MISSED'}`);
  console.log(`after one connection script edit (${scriptDependents.length} files re-checked): ${fmt(e)}   goal < 50 ms   ${e.median < 50 ? 'MET' : 'MISSED'}`);
  console.log(`warm full re-check:            ${fmt(w)}`);
  const b = summarize(baseline);
  console.log(`baseline (read + decode every file, no checks): ${fmt(b)}; cold / baseline = ${(median(cold) / median(baseline)).toFixed(2)}, after-change / baseline = ${(median(after) / median(baseline)).toFixed(2)}`);
  console.log(`ratios (same process): after-change / cold = ${(median(after) / median(cold)).toFixed(3)}, warm full / cold = ${(median(warmFull) / median(cold)).toFixed(3)}`);
  console.log(`errors+warnings found in the generated workspace: ${problems}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/setup.json', JSON.stringify({ files: files.length, baselineMs: b, coldMs: c, afterChangeMs: a, afterScriptEditMs: e, scriptDependents: scriptDependents.length, warmFullMs: w, dependents: dependents.length, problems }, null, 2));
  if (!process.env.CERTWRIGHT_BENCH_KEEP) rmSync(root, { recursive: true, force: true });
}

void main();
