/**
 * Five years of three PKIs, replayed with faketime: what an operator does at months 0, 3, 6,
 * 11, 12, 13, 24 and 60 with `certwright`, each step checked by the real peers at that date.
 *
 *  - CockroachDB (the manual's layout: certs/ca.crt, node.crt, client.root.crt, per-node
 *    certs/<node>/): nodes added, a client revoked and the CRL published, leaves renewed
 *    before they lapse, the CA rotated with overlap (bundle old + new, re-issue, retire), the
 *    leaves renewed again years later. Peers: openssl verify, Go crypto/x509 + crypto/tls as
 *    CockroachDB loads its certs dir and handshakes, Node TLS mutual authentication.
 *  - DM (ca.pem, master/worker/client -cert.pem): a short-lived CA renewed (same key) near its
 *    expiry, the leaves after it, and at month 60, the CA found expired and renewed on the
 *    worst day. Peers: Go handshakes as DM configures them, openssl verify.
 *  - PostgreSQL (root CA, an intermediate from `ca create --parent`, server and client
 *    certificates of the intermediate): a client revoked, CRLs republished as cron would, the
 *    intermediate renewed by its parent (`renew --parent`), the leaves renewed. Peers:
 *    PostgreSQL 15 (ssl_ca_file, ssl_crl_file) running under the same faked clock, libpq
 *    sslmode=verify-full trusting the root only.
 * At every step the CA state stays what OpenSSL reads: `openssl ca -gencrl` on it succeeds.
 *
 * The clock of certwright, openssl, node and PostgreSQL is libfaketime's (one timestamp file,
 * rewritten at each step; FAKETIME_NO_CACHE so a running server follows); Go reads the clock
 * without libc and is told the date instead. Key type P-256 throughout. Needs `npm run build`,
 * openssl, Go, faketime and the PostgreSQL server binaries.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, cliPath } from './support/certwrightCli';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';
import { findPostgresBin, findPsql, PostgresServer } from './support/postgresServer';

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((p) => existsSync(p));
const DAY = 86_400_000;
const month = (m: number): number => Math.round(m * 30.44);

let work: string;
let goBin: string;
let clockFile: string;
let start: number;
let today = 0;
const timeline: string[] = [];

/** The environment every faked process runs with: the clock is `today` days ahead. */
function faked(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: '', LD_PRELOAD: LIBFAKETIME!, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1' };
}

function setDay(day: number): void {
  today = day;
  writeFileSync(clockFile, `+${day}d\n`, { mode: 0o644 });
}

const at = (day = today): string => new Date(start + day * DAY + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

function run(cmd: string, args: readonly string[], cwd = work): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000, env: faked() });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** certwright at today's date; throws with its output unless it exits 0 (or `code` is expected). */
function cw(...args: string[]): string {
  const r = run(process.execPath, [cliPath, ...args]);
  if (r.code !== 0) throw new Error(`day ${today}: certwright ${args.join(' ')} exited ${r.code}\n${r.out}`);
  return r.out;
}

function verify(cwd: string, ca: string, cert: string, ...more: string[]): string {
  return run('openssl', ['verify', ...more, '-CAfile', ca, cert], cwd).out.trim();
}

function assertVerifies(cwd: string, ca: string, cert: string, ...more: string[]): void {
  const out = verify(cwd, ca, cert, ...more);
  assert.match(out, new RegExp(`${cert.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: OK`), `day ${today}: openssl verify ${more.join(' ')} -CAfile ${ca} ${cert} in ${cwd}`);
  timeline.push(`day ${today}: openssl verify ${cert} (CA ${ca}): OK`);
}

/** openssl ca reads the state Certwright keeps (index.txt, serial, crlnumber): -gencrl succeeds and lists what the database revoked. */
function gencrl(cwd: string, config: string, revoked: readonly string[]): void {
  const r = run('openssl', ['ca', '-config', config, '-gencrl', '-crldays', '30', '-out', join(work, 'gencrl.pem')], cwd);
  assert.equal(r.code, 0, `day ${today}: openssl ca -gencrl in ${cwd}:\n${r.out}`);
  const listed = [...run('openssl', ['crl', '-in', join(work, 'gencrl.pem'), '-noout', '-text']).out.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]!).sort();
  assert.deepEqual(listed, [...revoked].sort(), `day ${today}: openssl ca -gencrl lists what was revoked`);
  timeline.push(`day ${today}: openssl ca -gencrl in ${cwd}: ${listed.length} revoked`);
}

function go(checks: GoCheck[]): void {
  const results = runGoChecks(goBin, checks.map((c) => ({ ...c, at: at() })), work);
  for (const [i, r] of results.entries()) {
    assert.ok(r.ok, `day ${today}: Go ${checks[i]!.kind} ${r.name}: ${r.error ?? ''}`);
    timeline.push(`day ${today}: Go ${checks[i]!.kind} ${r.name}: OK`);
  }
}

/** A mutual-TLS handshake between two Node processes' worth of settings, run in one faked node. */
function nodeTls(name: string, s: { cert: string; key: string; ca: string }, c: { cert: string; key: string; ca: string }, host: string): { ok: boolean; detail: string } {
  const r = run(process.execPath, [join(work, 'handshake.js'), JSON.stringify({ s, c, host })]);
  timeline.push(`day ${today}: Node TLS ${name}: ${r.out.trim()}`);
  return { ok: r.code === 0, detail: r.out.trim() };
}

const HANDSHAKE = `
const tls = require('node:tls'); const fs = require('node:fs');
const { s, c, host } = JSON.parse(process.argv[2]);
const read = (p) => fs.readFileSync(p);
const server = tls.createServer({ cert: read(s.cert), key: read(s.key), ca: read(s.ca), requestCert: true, rejectUnauthorized: true }, (sock) => sock.end('ok'));
server.on('tlsClientError', (e) => { console.log('server: ' + e.message); });
server.listen(0, '127.0.0.1', () => {
  const sock = tls.connect({ port: server.address().port, host: '127.0.0.1', servername: host, cert: read(c.cert), key: read(c.key), ca: read(c.ca) }, () => {});
  sock.on('data', (d) => { console.log(String(d)); sock.destroy(); server.close(); process.exit(0); });
  sock.on('error', (e) => { console.log('client: ' + e.message); server.close(); process.exit(1); });
});
setTimeout(() => { console.log('timeout'); process.exit(2); }, 20000);
`;

const serialOf = (cwd: string, file: string): string => run('openssl', ['x509', '-in', file, '-noout', '-serial'], cwd).out.trim().replace(/^serial=/, '');

before(() => {
  assertCliBuilt();
  if (!LIBFAKETIME) throw new Error('libfaketime is missing: apt install faketime');
  work = mkdtempSync(join(tmpdir(), 'certwright-months-'));
  // Readable by the account PostgreSQL runs as (the test's own folder is 0700).
  const clockDir = mkdtempSync(join(tmpdir(), 'certwright-clock-'));
  chmodSync(clockDir, 0o755);
  clockFile = join(clockDir, 'clock');
  start = Date.now();
  setDay(0);
  writeFileSync(join(work, 'handshake.js'), HANDSHAKE);
  goBin = buildGoPeer();
});

after(() => {
  if (process.env.CERTWRIGHT_TIMELINE) console.log(timeline.join('\n'));
  if (!process.env.CERTWRIGHT_KEEP) rmSync(work, { recursive: true, force: true });
  rmSync(join(clockFile, '..'), { recursive: true, force: true });
});

describe('five years of three PKIs, one faked clock (one recipe after the other)', { concurrency: 1 }, () => {
describe('five years of a CockroachDB cluster (certs dir, client.root, CA rotation)', () => {
  it('stays verifiable and connectable at every step', () => {
    const dir = join(work, 'crdb');
    const certs = join(dir, 'certs');
    const crdbDir = (d: string): GoCheck => ({ name: `certs dir ${d}`, kind: 'crdbdir', dir: d });
    const handshake = (server: string, client: string, user: string): GoCheck => ({ name: `${server} <- ${client}`, kind: 'handshake', mode: 'cockroach', serverCert: `${server}.crt`, serverKey: `${server}.key`, serverCA: join(certs, 'ca.crt'), clientCert: `${client}.crt`, clientKey: `${client}.key`, clientCA: join(certs, 'ca.crt'), host: 'localhost', user });
    const node1 = join(certs, 'node');
    const node2 = join(certs, 'node2', 'node');
    const root = join(certs, 'client.root');
    const alice = join(certs, 'client.alice');
    const tlsOk = (server: string, client: string, caFile = join(certs, 'ca.crt')): void => {
      const r = nodeTls(`${server} <- ${client}`, { cert: `${server}.crt`, key: `${server}.key`, ca: caFile }, { cert: `${client}.crt`, key: `${client}.key`, ca: caFile }, 'localhost');
      assert.ok(r.ok, `day ${today}: Node TLS ${server} <- ${client}: ${r.detail}`);
    };
    const config = 'ca-private/openssl-ca.cnf';

    setDay(0);
    // Month 0: the CA (a little under three years), node and client.root certificates as the manual lists them.
    cw('ca', 'create', '--profile', 'cockroach', '--dir', dir, '--key', 'p256', '--days', '1000');
    cw('issue', 'node', '--dir', dir, '--san', 'localhost', '--san', '127.0.0.1', '--days', '380');
    cw('issue', 'client', '--dir', dir, '--user', 'root', '--days', '380');
    for (const f of ['certs/node.crt', 'certs/client.root.crt']) assertVerifies(dir, 'certs/ca.crt', f);
    go([crdbDir(certs), handshake(node1, root, 'root')]);
    tlsOk(node1, root);

    // Month 3: a second node (its own certs dir) and a client for an application user.
    setDay(month(3));
    cw('issue', 'node', '--dir', dir, '--name', 'node2', '--san', 'localhost', '--san', 'node2', '--days', '380');
    cw('issue', 'client', '--dir', dir, '--user', 'alice', '--days', '380');
    assertVerifies(dir, 'certs/node2/ca.crt', 'certs/node2/node.crt');
    go([crdbDir(join(certs, 'node2')), handshake(node2, alice, 'alice')]);

    // Month 6: alice leaves; her certificate is revoked and the CRL published.
    setDay(month(6));
    const aliceSerial = serialOf(dir, 'certs/client.alice.crt');
    cw('revoke', '--dir', dir, '--cert', `${alice}.crt`, '--reason', 'affiliationChanged');
    assert.match(verify(dir, 'certs/ca.crt', 'certs/client.alice.crt', '-crl_check', '-CRLfile', 'certs/ca.crl'), /certificate revoked/);
    assertVerifies(dir, 'certs/ca.crt', 'certs/client.root.crt', '-crl_check', '-CRLfile', 'certs/ca.crl');
    gencrl(dir, config, [aliceSerial]);
    // Her files leave the operator's certs dir (CockroachDB's loader refuses a certs dir with a lapsed certificate).
    rmSync(`${alice}.crt`);
    rmSync(`${alice}.key`);

    // Month 11: the leaves lapse at day 380; they are renewed (same keys) before, to within the CA's life.
    setDay(month(11));
    const before11 = readFileSync(`${node1}.crt`, 'utf8');
    for (const f of [`${node1}.crt`, `${node2}.crt`, `${root}.crt`]) cw('renew', '--dir', dir, '--cert', f, '--days', '600');
    go([crdbDir(certs), crdbDir(join(certs, 'node2')), handshake(node1, root, 'root'), handshake(node2, root, 'root')]);

    // Month 13: the replaced certificates have lapsed; the renewed ones carry on.
    setDay(month(13));
    writeFileSync(join(work, 'old-node.crt'), before11);
    assert.match(verify(dir, 'certs/ca.crt', join(work, 'old-node.crt')), /certificate has expired/);
    for (const f of ['certs/node.crt', 'certs/node2/node.crt', 'certs/client.root.crt']) assertVerifies(dir, 'certs/ca.crt', f);
    tlsOk(node2, root, join(certs, 'node2', 'ca.crt'));
    gencrl(dir, config, [aliceSerial]);

    // Month 24: the CA has a year left; it is rotated with overlap, as CockroachDB documents.
    setDay(month(24));
    const oldCa = readFileSync(join(certs, 'ca.crt'), 'utf8');
    writeFileSync(join(work, 'crdb-old-ca.crt'), oldCa);
    cw('ca', 'rotate', 'new-ca', '--dir', dir);
    cw('ca', 'rotate', 'publish', '--dir', dir);
    // The bundle is deployed everywhere: the certificates of the old CA still verify and connect.
    assert.equal((readFileSync(join(certs, 'ca.crt'), 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length, 2);
    go([crdbDir(certs), crdbDir(join(certs, 'node2')), handshake(node1, root, 'root')]);
    // New keys too: each key it replaces is kept (certs/renewed/<stem>.<old serial>.key), never overwritten.
    const oldKeys = [node1, node2, root].map((f) => ({ f, key: readFileSync(`${f}.key`, 'utf8'), serial: serialOf(dir, `${f}.crt`) }));
    cw('ca', 'rotate', 'reissue', '--dir', dir, '--leaf-days', '1200', '--new-key');
    for (const k of oldKeys) {
      const base = k.f.slice(k.f.lastIndexOf('/') + 1);
      const kept = join(k.f, '..', 'renewed', `${base}.${k.serial}.key`);
      assert.equal(readFileSync(kept, 'utf8'), k.key, `the key ${k.f}.key replaced is kept in ${kept}`);
      assert.equal(statSync(kept).mode & 0o777, 0o600);
      assert.notEqual(readFileSync(`${k.f}.key`, 'utf8'), k.key);
    }
    // A node that still trusts only the old CA refuses a re-issued certificate (why the bundle goes first)...
    assert.match(verify(dir, join(work, 'crdb-old-ca.crt'), 'certs/node.crt'), /unable to get local issuer certificate/);
    // ...one with the bundle accepts both.
    for (const f of ['certs/node.crt', 'certs/node2/node.crt', 'certs/client.root.crt']) assertVerifies(dir, 'certs/ca.crt', f);
    go([crdbDir(certs), crdbDir(join(certs, 'node2')), handshake(node1, root, 'root'), handshake(node2, root, 'root')]);
    tlsOk(node1, root);
    // Had the retire waited past the old CA's end (day 1000), the bundle still serves: openssl and Go build chains
    // with the new CA, and certwright lint says so with a warning on the old CA's block, not an error.
    const pastOldCa = Math.round((start + 1010 * DAY) / 1000);
    assert.match(verify(dir, 'certs/ca.crt', 'certs/node.crt', '-attime', String(pastOldCa)), /certs\/node\.crt: OK/);
    assert.deepEqual(runGoChecks(goBin, [{ name: 'bundle past the old CA', kind: 'verify', ca: [join(certs, 'ca.crt')], cert: `${node1}.crt`, usages: ['serverAuth'], at: new Date(pastOldCa * 1000).toISOString().replace(/\.\d+Z$/, 'Z') }], work).map((r) => r.error ?? 'ok'), ['ok']);
    setDay(1010);
    const lint = run(process.execPath, [cliPath, 'lint', join(certs, 'ca.crt')]).out;
    assert.match(lint, /ca\.crt:\d+:1 warning PEM-EXPIRED .*this file's other CA .* goes on/, lint);
    setDay(month(24));
    cw('ca', 'rotate', 'retire', '--dir', dir);
    assert.equal((readFileSync(join(certs, 'ca.crt'), 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length, 1, 'the old CA has left ca.crt');
    assert.equal((readFileSync(join(certs, 'node2', 'ca.crt'), 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length, 1, "and node2's copy");
    go([crdbDir(certs), crdbDir(join(certs, 'node2')), handshake(node2, root, 'root')]);
    // The new CA's database: nothing revoked yet (alice's revocation is the old CA's).
    gencrl(dir, config, []);
    // Once the new certificates are deployed, the operator deletes the replaced keys (retire did not wait for them).
    rmSync(join(certs, 'renewed'), { recursive: true });
    rmSync(join(certs, 'node2', 'renewed'), { recursive: true });

    // Month 60: the re-issued leaves lapse at about month 63; renewed now, a new node joins.
    setDay(month(60));
    for (const f of [`${node1}.crt`, `${node2}.crt`, `${root}.crt`]) cw('renew', '--dir', dir, '--cert', f, '--days', '365');
    cw('issue', 'node', '--dir', dir, '--name', 'node3', '--san', 'localhost', '--days', '365');
    for (const f of ['certs/node.crt', 'certs/node2/node.crt', 'certs/node3/node.crt', 'certs/client.root.crt']) assertVerifies(dir, 'certs/ca.crt', f);
    go([crdbDir(certs), crdbDir(join(certs, 'node3')), handshake(join(certs, 'node3', 'node'), root, 'root')]);
    tlsOk(join(certs, 'node3', 'node'), root);
    gencrl(dir, config, []);
  });
});

describe('five years of a DM cluster (a short-lived CA renewed, then found expired)', () => {
  it('master, worker and client keep handshaking after each renewal', () => {
    const dir = join(work, 'dm');
    const p = (f: string): string => join(dir, f);
    const dm = (name: string, server: string, client: string): GoCheck => ({ name, kind: 'handshake', mode: 'dm', serverCert: p(`${server}-cert.pem`), serverKey: p(`${server}-key.pem`), serverCA: p('ca.pem'), clientCert: p(`${client}-cert.pem`), clientKey: p(`${client}-key.pem`), clientCA: p('ca.pem'), host: '127.0.0.1' });
    const all = (): GoCheck[] => [dm('worker <- master', 'worker', 'master'), dm('master <- worker', 'master', 'worker'), dm('master <- client', 'master', 'client')];
    const leaves = ['master-cert.pem', 'worker-cert.pem', 'client-cert.pem'];

    setDay(0);
    cw('ca', 'create', '--profile', 'dm', '--dir', dir, '--key', 'p256', '--days', '400');
    cw('issue', 'node', '--dir', dir, '--san', '127.0.0.1', '--san', 'localhost', '--days', '380');
    cw('issue', 'node', '--dir', dir, '--name', 'worker', '--san', '127.0.0.1', '--san', 'localhost', '--days', '380');
    cw('issue', 'client', '--dir', dir, '--days', '380');
    for (const f of leaves) assertVerifies(dir, 'ca.pem', f);
    go(all());

    // Month 12: the CA lapses at day 400: renewed with its key (what it signed keeps verifying), then the leaves.
    setDay(month(12));
    cw('renew', '--dir', dir, '--cert', p('ca.pem'), '--days', '1460');
    for (const f of leaves) assertVerifies(dir, 'ca.pem', f);
    go(all());
    for (const f of leaves) cw('renew', '--dir', dir, '--cert', p(f), '--days', '700');
    go(all());

    // Month 13, 24: past the first CA certificate's end, everything runs on the renewed one.
    for (const m of [13, 24]) {
      setDay(month(m));
      for (const f of leaves) assertVerifies(dir, 'ca.pem', f);
      go(all());
    }
    gencrl(dir, 'ca-private/openssl-ca.cnf', []);

    // Month 60: the worst day — the CA certificate expired a day ago, and every leaf long before.
    setDay(month(60));
    assert.match(verify(dir, 'ca.pem', 'ca.pem'), /certificate has expired/);
    cw('renew', '--dir', dir, '--cert', p('ca.pem'), '--days', '1460');
    for (const f of leaves) cw('renew', '--dir', dir, '--cert', p(f), '--days', '700');
    for (const f of leaves) assertVerifies(dir, 'ca.pem', f);
    go(all());
    gencrl(dir, 'ca-private/openssl-ca.cnf', []);
  });
});

describe('five years of PostgreSQL with an intermediate CA (verify-full, CRLs, renew --parent)', () => {
  let pg: PostgresServer | undefined;
  after(() => (process.env.CERTWRIGHT_KEEP ? pg?.halt() : pg?.stop()));

  it('libpq with sslmode=verify-full connects as the users still allowed, at every step', async () => {
    const rootDir = join(work, 'pg-root');
    const dir = join(work, 'pg-int');
    const p = (f: string): string => join(dir, f);
    const psql = findPsql(findPostgresBin());
    mkdirSync(join(work, 'pg-clients'));
    const connect = (user: string, cert: string, key: string): { ok: boolean; out: string } => {
      const conninfo = `host=localhost port=${pg!.port} dbname=postgres user=${user} sslmode=verify-full connect_timeout=10 sslrootcert=${join(rootDir, 'root.crt')} sslcert=${cert} sslkey=${key}`;
      const r = run(psql, ['-X', '-A', '-t', '-c', 'select current_user', conninfo]);
      timeline.push(`day ${today}: psql verify-full as ${user}: ${r.code === 0 ? 'OK' : r.out.trim()}`);
      return { ok: r.code === 0 && r.out.trim() === user, out: r.out };
    };
    const ok = (user: string, cert: string, key: string): void => {
      const r = connect(user, cert, key);
      assert.ok(r.ok, `day ${today}: psql as ${user}: ${r.out}\n--- server log ---\n${pg!.log().slice(-1500)}`);
    };
    // What cron does: fresh CRLs from the root, then the intermediate's (with the root's), reloaded into the server.
    const publishCrls = async (): Promise<void> => {
      cw('crl', '--dir', rootDir);
      cw('crl', '--dir', dir, '--parent', rootDir);
      pg!.installTls({ cert: p('server.crt'), key: p('server.key'), ca: p('root.crt'), crl: p('root.crl') });
      await pg!.reload();
    };

    setDay(0);
    cw('ca', 'create', '--profile', 'postgres', '--dir', rootDir, '--key', 'p256', '--pathlen', '1', '--days', '3650');
    cw('ca', 'create', '--profile', 'postgres', '--dir', dir, '--parent', rootDir, '--key', 'p256', '--days', '800');
    cw('issue', 'node', '--dir', dir, '--san', 'localhost', '--days', '365');
    cw('issue', 'client', '--dir', dir, '--user', 'alice', '--name', 'alice', '--days', '365');
    cw('issue', 'client', '--dir', dir, '--user', 'bob', '--name', 'bob', '--days', '365');
    pg = await PostgresServer.create();
    pg.configure({ cert: p('server.crt'), key: p('server.key'), ca: p('root.crt'), crl: p('root.crl') });
    // The server runs on the faked clock too (its backends check client certificates against it).
    const saved = { ...process.env };
    Object.assign(process.env, { LD_PRELOAD: LIBFAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1' });
    try {
      pg.start();
    } finally {
      for (const k of ['LD_PRELOAD', 'FAKETIME_TIMESTAMP_FILE', 'FAKETIME_NO_CACHE']) if (saved[k] === undefined) delete process.env[k];
    }
    pg.admin('create user alice; create user bob;');
    ok('alice', p('alice.crt'), p('alice.key'));
    ok('bob', p('bob.crt'), p('bob.key'));
    assertVerifies(dir, join(rootDir, 'root.crt'), 'server.crt', '-untrusted', 'root.crt');

    // Month 6: alice's certificate is revoked; the CRLs are published and reloaded.
    setDay(month(6));
    const aliceSerial = serialOf(dir, 'alice.crt');
    cw('revoke', '--dir', dir, '--cert', p('alice.crt'));
    await publishCrls();
    assert.equal(connect('alice', p('alice.crt'), p('alice.key')).ok, false, 'a revoked client is refused');
    ok('bob', p('bob.crt'), p('bob.key'));
    gencrl(dir, 'ca-private/openssl-ca.cnf', [aliceSerial]);

    // Month 11: server and client certificates renewed before day 365.
    setDay(month(11));
    cw('renew', '--dir', dir, '--cert', p('server.crt'), '--days', '365');
    cw('renew', '--dir', dir, '--cert', p('bob.crt'), '--days', '365');
    await publishCrls();
    ok('bob', p('bob.crt'), p('bob.key'));

    // Month 12: the intermediate is renewed by its root (same key, recorded in the root's database).
    setDay(month(12));
    cw('renew', '--dir', dir, '--cert', p('root.crt'), '--parent', rootDir, '--days', '1500');
    await publishCrls();
    ok('bob', p('bob.crt'), p('bob.key'));
    gencrl(rootDir, 'ca-private/openssl-ca.cnf', []);

    // Month 13 and 24: the renewed leaves and intermediate carry on; the CRLs are kept fresh.
    for (const m of [13, 24]) {
      setDay(month(m));
      if (m === 24) for (const f of ['server.crt', 'bob.crt']) cw('renew', '--dir', dir, '--cert', p(f), '--days', '365');
      await publishCrls();
      ok('bob', p('bob.crt'), p('bob.key'));
      assertVerifies(dir, join(rootDir, 'root.crt'), 'bob.crt', '-untrusted', 'root.crt', '-crl_check_all', '-CRLfile', 'root.crl');
    }

    // Month 60: the intermediate (renewed to about month 61) and the leaves renewed again; a new client.
    setDay(month(60));
    cw('renew', '--dir', dir, '--cert', p('root.crt'), '--parent', rootDir, '--days', '1000');
    for (const f of ['server.crt', 'bob.crt']) cw('renew', '--dir', dir, '--cert', p(f), '--days', '365');
    cw('issue', 'client', '--dir', dir, '--user', 'alice', '--name', 'alice2', '--days', '365');
    await publishCrls();
    ok('bob', p('bob.crt'), p('bob.key'));
    ok('alice', p('alice2.crt'), p('alice2.key'));
    gencrl(dir, 'ca-private/openssl-ca.cnf', [aliceSerial]);
    gencrl(rootDir, 'ca-private/openssl-ca.cnf', []);
  });
});
});
