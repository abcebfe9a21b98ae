#!/usr/bin/env node
/**
 * Records OpenSSL's verdict on every file of the real-world openssl.cnf corpus
 * (test/fixtures/cnf/real-world/), by running exactly the commands its project
 * runs (test/fixtures/cnf/real-world.json, `uses`), and writes the outcome back
 * into that JSON (`openssl`, `verdict`). The corpus test compares Certwright
 * with this record, so it stays fast and independent of the installed OpenSSL.
 *
 * Each use runs in a fresh temporary directory holding the file under its
 * original name, after the use's `setup` shell lines (the CA database, serial
 * and CA files its project's script creates). Placeholders: {cnf} the file,
 * {key} an RSA key, {csr} a request for CN=leaf.example, {cacert}/{cakey} a
 * self-signed CA, {cert} a certificate that CA issued, {out} a fresh output.
 * `OPENSSL_CONF={cnf} ...` runs with the file as OpenSSL's own configuration;
 * `load {cnf}` does the same with `list -providers` (parse + module load).
 * `stdin: "defaults"` answers every prompt with Enter, as a user accepting
 * the defaults does; any other `stdin` text is typed as it is (a script piping
 * its answers into openssl req).
 *
 * Usage: node scripts/record-cnf-verdicts.mjs [--check] [file…]
 *   --check  exit 1 when a verdict differs from the recorded one (nothing written)
 *   file…    only these corpus files (the others keep their record)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, 'test/fixtures/cnf/real-world');
const recordPath = join(root, 'test/fixtures/cnf/real-world.json');
const check = process.argv.includes('--check');
const only = new Set(process.argv.slice(2).filter((a) => !a.startsWith('--')));

const base = mkdtempSync(join(tmpdir(), 'cnf-verdicts-'));
const ossl = (args, opts = {}) => execFileSync('openssl', args, { cwd: base, stdio: ['ignore', 'pipe', 'pipe'], ...opts });

/** Material the uses need, made once (never committed). */
function material() {
  const emptyConf = join(base, 'empty.cnf');
  writeFileSync(emptyConf, '');
  const caConf = join(base, 'ca-material.cnf');
  writeFileSync(caConf, '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nC=US\nST=CA\nO=Corpus\nCN=Corpus Test CA\n[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  const env = { ...process.env, OPENSSL_CONF: emptyConf };
  const o = (args) => ossl(args, { env });
  o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem']);
  o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'cakey.pem']);
  o(['req', '-new', '-x509', '-config', caConf, '-extensions', 'v3', '-key', 'cakey.pem', '-days', '30', '-out', 'cacert.pem']);
  o(['req', '-new', '-config', caConf, '-key', 'key.pem', '-subj', '/C=US/ST=CA/L=SF/O=Corpus/OU=Test/CN=leaf.example', '-out', 'csr.pem']);
  o(['x509', '-req', '-in', 'csr.pem', '-CA', 'cacert.pem', '-CAkey', 'cakey.pem', '-set_serial', '4660', '-days', '30', '-out', 'cert.pem']);
  return { emptyConf, key: join(base, 'key.pem'), cakey: join(base, 'cakey.pem'), cacert: join(base, 'cacert.pem'), csr: join(base, 'csr.pem'), cert: join(base, 'cert.pem') };
}

/** The file's name in its own repository (the last `__` part of the corpus name). */
const originalName = (name) => name.split('__').at(-1);

function runUse(name, use, m) {
  const dir = mkdtempSync(join(base, 'use-'));
  const cnf = join(dir, originalName(name));
  copyFileSync(join(corpus, name), cnf);
  let outN = 0;
  const fill = (s) => s.replace(/\{(cnf|key|csr|cacert|cakey|cert|out)\}/g, (_, k) => (k === 'cnf' ? originalName(name) : k === 'out' ? `out${++outN}.pem` : m[k]));
  const env = { PATH: process.env.PATH, HOME: dir, OPENSSL_CONF: m.emptyConf, ...(use.env ?? {}) };
  for (const line of use.setup ?? []) execFileSync('sh', ['-c', fill(line)], { cwd: dir, env });
  let argv = fill(use.run).split(/\s+/);
  if (argv[0] === 'load') argv = [`OPENSSL_CONF=${argv[1]}`, 'list', '-providers'];
  if (argv[0].startsWith('OPENSSL_CONF=')) {
    env.OPENSSL_CONF = join(dir, argv[0].slice('OPENSSL_CONF='.length));
    argv = argv.slice(1);
  }
  const r = spawnSync('openssl', argv, { cwd: dir, env, input: use.stdin === 'defaults' ? '\n'.repeat(64) : (use.stdin ?? ''), encoding: 'utf8', timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  const error = (r.stderr ?? '')
    .split('\n')
    .filter((l) => /error|Error|unable|problem|No such|invalid|missing|needed|has no value/i.test(l) && !/^\s*$/.test(l))
    .map((l) => l.split(dir + '/').join('').split(base + '/').join('').replace(/^[0-9A-F]{8,}:/, '').trim())
    .slice(0, 3);
  return { rc: r.status ?? -1, ...(r.status === 0 ? {} : { error }) };
}

const record = JSON.parse(readFileSync(recordPath, 'utf8'));
const version = ossl(['version']).toString().trim();
const m = material();
let changed = 0;
for (const [name, entry] of Object.entries(record.files)) {
  if (only.size && !only.has(name)) continue;
  const results = entry.uses.map((u) => runUse(name, u, m));
  const verdict = { accepted: results.every((r) => r.rc === 0), results };
  if (JSON.stringify(verdict) !== JSON.stringify(entry.verdict)) {
    changed++;
    if (check) console.log(`differs: ${name}\n  was ${JSON.stringify(entry.verdict)}\n  now ${JSON.stringify(verdict)}`);
  }
  entry.verdict = verdict;
  process.stdout.write(`${verdict.accepted ? 'accepted' : 'REJECTED'}  ${name}\n`);
}
rmSync(base, { recursive: true, force: true });
if (check) process.exit(changed ? 1 : 0);
record.openssl = version;
writeFileSync(recordPath, JSON.stringify(record, null, 1) + '\n');
console.log(`${Object.keys(record.files).length} files, ${changed} verdicts changed; recorded with ${version}`);
