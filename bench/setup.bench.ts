/**
 * Setup validation over a generated workspace of 200 files: 30 DM components
 * (TOML + certificate + key), 10 source/task YAML files, one DM CA, and 20
 * CockroachDB certs directories (ca.crt, node.crt/.key, client.root.crt/.key).
 *
 * - cold: every file linted with empty caches (fresh environment, parse cache cleared);
 * - after one change: one worker certificate is re-issued, then what the server
 *   re-checks is linted: the certificate itself and every file whose
 *   dependencies() include it (caches warm);
 * - warm full: every file again with warm caches (for reference).
 * Goals: cold < 500 ms, after a change < 50 ms. Noisy machine (2 cores shared).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync, statSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnvironment } from '../server/src/node/nodeEnvironment';
import { SetupLinter, certStoreFor } from '../server/src/core/setup/linter';
import { clearDmParseCache } from '../server/src/core/setup/dmModel';
import { defaultLintSettings } from '../server/src/core/types';
import type { Environment } from '../server/src/core/environment';
import { fmt, median, summarize } from './stats';

const root = mkdtempSync(join(tmpdir(), "cw-setup-bench-"));
const cnf = join(root, '.min.cnf');
writeFileSync(cnf, '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = x\n');
const ossl = (args: string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const key = (p: string): void => {
  ossl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p]);
  chmodSync(p, 0o600);
};
function ca(dir: string, certName: string, keyName: string, cn: string): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const k = join(dir, keyName);
  key(k);
  const c = join(dir, certName);
  ossl(['req', '-x509', '-new', '-key', k, '-config', cnf, '-subj', `/CN=${cn}`, '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', c]);
  return { cert: c, key: k };
}
function leaf(caPair: { cert: string; key: string }, cert: string, keyPath: string, subj: string, san: string | undefined, eku: string): void {
  key(keyPath);
  const csr = `${cert}.csr`;
  ossl(['req', '-new', '-key', keyPath, '-config', cnf, '-subj', subj, '-out', csr]);
  const ext = `${cert}.ext`;
  writeFileSync(ext, `${san ? `subjectAltName = ${san}\n` : ''}extendedKeyUsage = ${eku}\n`);
  ossl(['x509', '-req', '-in', csr, '-CA', caPair.cert, '-CAkey', caPair.key, '-CAcreateserial', '-days', '365', '-extfile', ext, '-out', cert]);
  rmSync(csr);
  rmSync(ext);
}

// ---- generate
const t0 = performance.now();
const dm = join(root, 'dm');
// The DM CA's key stays outside the linted workspace (dm-ca/ is not linted).
const dmCa2 = ca(join(root, 'dm-ca'), 'ca.pem', 'ca.key', 'DM Bench CA');
mkdirSync(join(dm, 'tls'), { recursive: true });
copyFileSync(dmCa2.cert, join(dm, 'tls', 'ca.pem'));
const files: string[] = [join(dm, 'tls', 'ca.pem')];
for (let i = 0; i < 30; i++) {
  const kind = i < 3 ? 'master' : 'worker';
  const name = `${kind}${i}`;
  const cert = join(dm, 'tls', `${name}.pem`);
  const k = join(dm, 'tls', `${name}.key`);
  leaf(dmCa2, cert, k, `/CN=dm`, `IP:127.0.0.1,DNS:localhost,DNS:${name}`, 'serverAuth,clientAuth');
  const conf = join(dm, 'conf', `dm-${kind}-${i}.toml`);
  mkdirSync(join(dm, 'conf'), { recursive: true });
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
  mkdirSync(join(dm, 'tasks'), { recursive: true });
  writeFileSync(
    p,
    i % 2
      ? `source-id: mysql-${i}\nfrom:\n  host: 127.0.0.1\n  user: root\n  port: 3306\n  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/worker${3 + i}.pem\n    ssl-key: ../tls/worker${3 + i}.key\n`
      : `name: task${i}\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  port: 4000\n  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/worker${3 + i}.pem\n    ssl-key: ../tls/worker${3 + i}.key\n`,
  );
  files.push(p);
}
for (let d = 0; d < 20; d++) {
  const dir = join(root, 'crdb', `node${d}`, 'certs');
  const caPair = ca(join(root, 'crdb-ca', `ca${d}`), 'ca.crt', 'ca.key', `Cockroach CA ${d}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(caPair.cert, join(dir, 'ca.crt'));
  leaf(caPair, join(dir, 'node.crt'), join(dir, 'node.key'), '/O=Cockroach/CN=node', `DNS:localhost,DNS:node${d},IP:127.0.0.1`, 'serverAuth,clientAuth');
  leaf(caPair, join(dir, 'client.root.crt'), join(dir, 'client.root.key'), '/O=Cockroach/CN=root', undefined, 'clientAuth');
  for (const f of ['ca.crt', 'node.crt', 'node.key', 'client.root.crt', 'client.root.key']) files.push(join(dir, f));
}
rmSync(join(root, 'crdb-ca'), { recursive: true });
const genMs = performance.now() - t0;
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
  console.log(`workspace: ${files.length} linted files (${countFiles(root) - 1} on disk) generated in ${(genMs / 1000).toFixed(1)} s at ${root}`);
  // Warm up the code paths (module loads, JIT) once on a throw-away environment.
  await lintAll(new SetupLinter(), nodeEnvironment(), files);
  const cold: number[] = [];
  let problems = 0;
  for (let r = 0; r < 7; r++) {
    clearDmParseCache();
    const t = performance.now();
    problems = await lintAll(new SetupLinter(), nodeEnvironment(), files);
    cold.push(performance.now() - t);
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
    leaf(dmCa2, changed, join(dm, 'tls', 'worker5.key'), '/CN=dm', `IP:127.0.0.1,DNS:worker5,DNS:r${r}`, 'serverAuth,clientAuth');
    const t = performance.now();
    // What the server does on the watcher event: forget the file, re-check its dependents.
    certStoreFor(env).invalidate([changed]);
    await lintAll(linter, env, dependents);
    after.push(performance.now() - t);
  }
  const c = summarize(cold);
  const w = summarize(warmFull);
  const a = summarize(after);
  console.log(`cold full check (${files.length} files):  ${fmt(c)}   goal < 500 ms   ${c.median < 500 ? 'MET' : 'MISSED'}`);
  console.log(`after one change (${dependents.length} files re-checked): ${fmt(a)}   goal < 50 ms   ${a.median < 50 ? 'MET' : 'MISSED'}`);
  console.log(`warm full re-check:            ${fmt(w)}`);
  console.log(`ratios (same process): after-change / cold = ${(median(after) / median(cold)).toFixed(3)}, warm full / cold = ${(median(warmFull) / median(cold)).toFixed(3)}`);
  console.log(`errors+warnings found in the generated workspace: ${problems}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/setup.json', JSON.stringify({ files: files.length, coldMs: c, afterChangeMs: a, warmFullMs: w, dependents: dependents.length, problems }, null, 2));
  if (!process.env.CERTWRIGHT_BENCH_KEEP) rmSync(root, { recursive: true, force: true });
}

void main();
