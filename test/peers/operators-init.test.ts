/**
 * `certwright init` from a TiUP DM topology, a CockroachDB node list and a plain host list:
 * every certificate verifies with openssl for its purpose, the CA database records each
 * one, the configuration snippets point at the files written, and a re-run issues only
 * what a changed topology adds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';

const { tmp, cli } = inProcessCli('certwright-init-');

function ok(cwd: string, ...args: string[]): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`openssl could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  assert.equal(r.status, 0, `openssl ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON output, read field by field
async function init(...args: string[]): Promise<any> {
  const r = await cli('init', ...args, '--json');
  assert.equal(r.code, 0, `certwright init ${args.join(' ')} → ${r.code}\n${r.err}${r.out}`);
  return JSON.parse(r.out);
}

const validLines = (dir: string, caDir = 'ca-private'): number => fs.readFileSync(path.join(dir, caDir, 'index.txt'), 'utf8').split('\n').filter((l) => l.startsWith('V\t')).length;

describe('certwright init: TiUP DM topology', () => {
  const dir = path.join(tmp, 'dm');
  const topo = path.join(tmp, 'topology.yaml');
  const yaml = ['global:', '  user: tidb', 'master_servers:', '  - host: 10.0.1.11', '    port: 8261', '  - host: 10.0.1.12', '  - host: dm-master-3.example.com', 'worker_servers:', '  - host: 10.0.1.21', '  - host: 10.0.1.22', '    port: 8262', '  - host: 10.0.1.22', '    port: 8263', ''].join('\n');

  it('issues a CA, 3 masters, 3 workers (two on one host) and the dmctl client, with their TLS sections', async () => {
    fs.writeFileSync(topo, yaml);
    const r = await init('--topology', topo, '--dir', dir, '--key', 'p256');
    assert.equal(r.issued.length, 1 + 6 + 1);
    assert.deepEqual(r.existing, []);
    const certs = r.issued.filter((i: { operation: string }) => i.operation === 'issueNode').map((i: { certPath: string }) => i.certPath).sort();
    assert.deepEqual(certs, ['master-10.0.1.11-cert.pem', 'master-10.0.1.12-cert.pem', 'master-dm-master-3.example.com-cert.pem', 'worker-10.0.1.21-cert.pem', 'worker-10.0.1.22-8262-cert.pem', 'worker-10.0.1.22-8263-cert.pem']);
    assert.match(ok(dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'ca.pem', ...certs, 'client-cert.pem'), /^(.*: OK\n){7}$/);
    assert.match(ok(dir, 'verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'ca.pem', ...certs, 'client-cert.pem'), /^(.*: OK\n){7}$/);
    assert.match(ok(dir, 'x509', '-in', 'master-dm-master-3.example.com-cert.pem', '-noout', '-ext', 'subjectAltName,subject', '-subject'), /DNS:dm-master-3.example.com[\s\S]*CN ?= ?dm/);
    assert.equal(validLines(dir), 7);
    const conf = fs.readFileSync(path.join(dir, 'config/worker-10.0.1.22-8263.toml'), 'utf8');
    assert.match(conf, /cert-allowed-cn = \["dm"\]/);
    for (const m of conf.matchAll(/^ssl-(?:ca|cert|key) = "(.*)"$/gm)) assert.ok(fs.existsSync(m[1]!), `${m[1]} exists`);
    assert.equal((conf.match(/^ssl-/gm) ?? []).length, 3);
    assert.match(fs.readFileSync(path.join(dir, 'config/dmctl.flags'), 'utf8'), /--ssl-cert=.*client-cert.pem/);
  });

  it('run again unchanged: nothing issued, no certificate or key rewritten', async () => {
    const before = fs.statSync(path.join(dir, 'master-10.0.1.11-key.pem')).mtimeMs;
    const r = await init('--topology', topo, '--dir', dir);
    assert.deepEqual(r.issued, []);
    assert.equal(r.existing.length, 7);
    assert.ok(r.written.every((w: { kind: string }) => w.kind === 'config'), JSON.stringify(r.written));
    assert.equal(fs.statSync(path.join(dir, 'master-10.0.1.11-key.pem')).mtimeMs, before);
    assert.equal(validLines(dir), 7);
  });

  it('after adding a worker: only its certificate is issued, by the same CA', async () => {
    fs.writeFileSync(topo, `${yaml}  - host: 10.0.1.24\n`);
    // --dry-run first: what is new, what is kept, the files it would write; nothing written.
    const listing = (): string[] => fs.readdirSync(dir).sort();
    const before = listing();
    const dry = await init('--topology', topo, '--dir', dir, '--dry-run');
    assert.deepEqual([dry.dryRun, dry.newCa, dry.issuing, dry.existing.length, dry.conflicts], [true, false, ['worker-10.0.1.24'], 7, []]);
    assert.ok(dry.files.some((f: { path: string }) => f.path === 'worker-10.0.1.24-key.pem'));
    assert.ok(dry.files.every((f: { contents?: string }) => f.contents === undefined), 'no contents (keys) in the listing');
    assert.deepEqual(listing(), before);
    assert.equal(validLines(dir), 7);
    const r = await init('--topology', topo, '--dir', dir);
    assert.deepEqual(r.issued.map((i: { certPath: string }) => i.certPath), ['worker-10.0.1.24-cert.pem']);
    assert.equal(validLines(dir), 8);
    ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'ca.pem', 'worker-10.0.1.24-cert.pem');
  });
});

describe('certwright init: CockroachDB node list and PostgreSQL host list', () => {
  it('6 CockroachDB nodes: a certs dir per node (ca.crt, node.crt, node.key) and client.root', async () => {
    const dir = path.join(tmp, 'crdb');
    const list = path.join(tmp, 'crdb.yaml');
    fs.writeFileSync(list, `nodes:\n${[1, 2, 3, 4, 5, 6].map((i) => `  - roach${i}.example.com`).join('\n')}\n`);
    const r = await init('--topology', list, '--dir', dir, '--key', 'p256');
    assert.equal(r.issued.length, 1 + 6 + 1);
    for (let i = 1; i <= 6; i++) {
      const d = path.join(dir, `certs/roach${i}.example.com`);
      assert.deepEqual(fs.readdirSync(d).sort(), ['ca.crt', 'node.crt', 'node.key']);
      assert.equal(fs.statSync(path.join(d, 'node.key')).mode & 0o777, 0o600);
      ok(d, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'ca.crt', 'node.crt');
      assert.match(ok(d, 'x509', '-in', 'node.crt', '-noout', '-ext', 'subjectAltName'), new RegExp(`DNS:roach${i}.example.com, DNS:localhost, IP Address:127.0.0.1`));
      assert.match(fs.readFileSync(path.join(dir, `config/roach${i}.example.com.flags`), 'utf8'), new RegExp(`--certs-dir=${d.replace(/[.]/g, '\\.')}\\n`));
    }
    ok(dir, 'verify', '-purpose', 'sslclient', '-CAfile', 'certs/ca.crt', 'certs/client.root.crt');
  });

  it('a plain host list for PostgreSQL: server certificates, ssl_* settings and pg_hba lines', async () => {
    const dir = path.join(tmp, 'pg');
    const list = path.join(tmp, 'hosts.txt');
    fs.writeFileSync(list, '# database hosts\ndb1.example.com\n10.0.2.2  # replica\n');
    const r = await init('--topology', list, '--dir', dir, '--profile', 'postgres', '--key', 'p256');
    assert.equal(r.issued.length, 1 + 2 + 1);
    ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'root.crt', 'db1.example.com.crt', '10.0.2.2.crt');
    const conf = fs.readFileSync(path.join(dir, 'config/db1.example.com.postgresql.conf'), 'utf8');
    assert.match(conf, /^ssl = on$/m);
    for (const m of conf.matchAll(/^ssl_(?:cert|key|ca|crl)_file = '(.*)'$/gm)) assert.ok(fs.existsSync(m[1]!), `${m[1]} exists`);
    assert.match(fs.readFileSync(path.join(dir, 'config/pg_hba.conf'), 'utf8'), /^hostssl all all 0\.0\.0\.0\/0 cert$/m);
    const bad = await cli('init', '--topology', list, '--dir', path.join(tmp, 'x'));
    assert.equal(bad.code, 1);
    assert.match(bad.err, /needs --profile/);
  });
});
