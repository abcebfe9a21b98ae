/**
 * A full CA rotation (`certwright ca rotate new-ca | publish | reissue | retire`) with
 * the real peers holding on throughout. Each peer (a node, a client) keeps its own
 * deployed copies of the CA file, certificate and key, updated as an operator rolls a
 * step out — some peers before others — and at every step:
 *
 *  - Node TLS mutual authentication between every deployed client and server
 *    (old-leaf client → new-leaf server and every other combination), plus one
 *    connection opened before the rotation and held open to the end (the server
 *    reloads its certificates at each step, as CockroachDB does on SIGHUP);
 *  - Go crypto/x509 and crypto/tls as CockroachDB uses them: each deployed leaf
 *    verified against its peer's CA file, CockroachDB handshakes server × client,
 *    and CockroachDB's certs-dir loader on each node's folder;
 *  - PostgreSQL 15: ssl_ca_file + ssl_crl_file from the CA folder (reloaded at each
 *    step), libpq sslmode=verify-full with a client certificate, clients with old and
 *    new certificates, plus one psql session opened before the rotation and held.
 *
 * Negative controls show the steps matter: a peer that never received the bundle
 * refuses a re-issued certificate, and a stale certificate of the old CA is refused
 * once the old CA is retired. The timeline (step → each peer's verdicts) is printed.
 *
 * Needs `npm run build`, openssl, Go and the PostgreSQL server binaries.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { assertCliBuilt, certwright, certwrightOk, cliPath } from './support/certwrightCli';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';
import { findPostgresBin, findPsql, PostgresServer, runBounded, waitFor } from './support/postgresServer';

type Verdict = { readonly check: string; readonly expect: 'ok' | 'refused'; readonly ok: boolean; readonly detail: string };
type Peer = 'Node TLS' | 'Go crypto/x509 + tls' | 'PostgreSQL 15';
const timeline: Array<{ step: string; peer: Peer; verdicts: Verdict[] }> = [];

let work: string;
let goBin: string;

/** A deployed peer: its own copies of the CA file, certificate and key. */
interface Deployed {
  readonly name: string;
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

function peerDir(name: string, certName: string, keyName: string): Deployed {
  const dir = join(work, 'deployed', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { name, dir, ca: join(dir, 'ca.crt'), cert: join(dir, certName), key: join(dir, keyName) };
}

/** Copies files from the CA folder to a peer (what an operator's rollout does). */
function deploy(p: Deployed, from: { ca?: string; cert?: string; key?: string }): void {
  if (from.ca) copyFileSync(from.ca, p.ca);
  if (from.cert) copyFileSync(from.cert, p.cert);
  if (from.key) {
    copyFileSync(from.key, p.key);
    chmodSync(p.key, 0o600);
  }
}

function rotate(dir: string, step: string): { alreadyDone: boolean; phase: string; next: string | null; written: { path: string }[] } {
  const r = certwrightOk(['ca', 'rotate', step, '--dir', dir, '--json']);
  return JSON.parse(r.stdout) as never;
}

const count = (file: string): number => (readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;

// ------------------------------------------------------------------ Node TLS

const ctxOf = (p: Deployed): tls.SecureContextOptions => ({ ca: readFileSync(p.ca), cert: readFileSync(p.cert), key: readFileSync(p.key) });

/** One mutual handshake: a server with `server`'s files requiring a client certificate, a client with `client`'s files. */
async function nodeHandshake(server: Deployed, client: Deployed): Promise<{ ok: boolean; detail: string }> {
  let serverError = '';
  const srv = tls.createServer({ ...ctxOf(server), requestCert: true, rejectUnauthorized: true }, (s) => {
    s.end(`hello ${(s.getPeerCertificate() as { subject?: { CN?: string } }).subject?.CN}`);
  });
  srv.on('tlsClientError', (e) => (serverError = e.message));
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
  try {
    const port = (srv.address() as AddressInfo).port;
    return await new Promise((res) => {
      const c = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...ctxOf(client) });
      let data = '';
      const timer = setTimeout(() => finish(false, 'timed out'), 10_000);
      const finish = (ok: boolean, detail: string): void => {
        clearTimeout(timer);
        c.destroy();
        res({ ok, detail });
      };
      c.on('data', (d: Buffer) => (data += d.toString()));
      c.on('end', () => finish(data.startsWith('hello '), data || `server: ${serverError || 'closed'}`));
      c.on('error', (e) => finish(false, `${e.message}${serverError ? ` (server: ${serverError})` : ''}`));
    });
  } finally {
    srv.close();
  }
}

/** A server whose certificates are reloaded at each step, and one client connection held open from the start. */
class HeldTls {
  private server!: tls.Server;
  private socket!: tls.TLSSocket;
  private buffer = '';

  async open(server: Deployed, client: Deployed): Promise<void> {
    this.server = tls.createServer({ ...ctxOf(server), requestCert: true, rejectUnauthorized: true }, (s) => {
      s.on('data', (d: Buffer) => s.write(`pong ${d.toString().trim()}\n`));
    });
    await new Promise<void>((res) => this.server.listen(0, '127.0.0.1', () => res()));
    const port = (this.server.address() as AddressInfo).port;
    this.socket = await new Promise((res, rej) => {
      const c = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...ctxOf(client) }, () => res(c));
      c.on('error', rej);
    });
    this.socket.on('data', (d: Buffer) => (this.buffer += d.toString()));
  }

  /** The server takes its newly deployed certificates (new connections use them; held ones stay). */
  reload(server: Deployed): void {
    this.server.setSecureContext({ ...ctxOf(server), requestCert: true, rejectUnauthorized: true } as tls.SecureContextOptions);
  }

  async ping(tag: string): Promise<{ ok: boolean; detail: string }> {
    this.buffer = '';
    if (this.socket.destroyed) return { ok: false, detail: 'the held connection was closed' };
    this.socket.write(`${tag}\n`);
    try {
      await waitFor(() => this.buffer.includes(`pong ${tag}`), 5_000, 'the pong');
      return { ok: true, detail: 'held connection answers' };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  close(): void {
    this.socket?.destroy();
    this.server?.close();
  }
}

// ------------------------------------------------------------------ PostgreSQL

/** One psql session held open: a query per step over the connection made before the rotation. */
class HeldPsql {
  private child!: ChildProcessWithoutNullStreams;
  private out = '';

  open(psql: string, conninfo: string, env: NodeJS.ProcessEnv): void {
    this.child = spawn(psql, ['-X', '-A', '-t', '-q', conninfo], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stdin.on('error', () => undefined); // an exited psql is reported by query()
  }

  async query(tag: string): Promise<{ ok: boolean; detail: string }> {
    this.out = '';
    if (this.child.exitCode !== null) return { ok: false, detail: `psql exited ${this.child.exitCode}` };
    this.child.stdin.write(`select 'held ' || current_user || ' ${tag}';\n`);
    try {
      await waitFor(() => this.out.includes(`held `) && this.out.includes(tag), 10_000, 'the held session to answer');
      return { ok: true, detail: this.out.trim() };
    } catch {
      return { ok: false, detail: this.out.trim() || 'no answer' };
    }
  }

  close(): void {
    if (this.child && this.child.exitCode === null) {
      this.child.stdin.end('\\q\n');
      this.child.kill('SIGTERM');
    }
  }
}

// ------------------------------------------------------------------ the test

before(() => {
  assertCliBuilt();
  work = mkdtempSync(join(tmpdir(), 'certwright-rotation-'));
  goBin = buildGoPeer();
});

after(() => {
  printTimeline();
  if (work) rmSync(work, { recursive: true, force: true });
  if (goBin) rmSync(join(goBin, '..'), { recursive: true, force: true });
});

function record(step: string, peer: Peer, verdicts: Verdict[]): void {
  timeline.push({ step, peer, verdicts });
  for (const v of verdicts) assert.equal(v.ok, v.expect === 'ok', `${step} · ${peer} · ${v.check}: expected ${v.expect}, got ${v.ok ? 'ok' : 'refused'} (${v.detail})`);
}

function printTimeline(): void {
  if (!timeline.length) return;
  const steps = [...new Set(timeline.map((t) => t.step))];
  const peers: Peer[] = ['Node TLS', 'Go crypto/x509 + tls', 'PostgreSQL 15'];
  const cell = (step: string, peer: Peer): string => {
    const vs = timeline.filter((t) => t.step === step && t.peer === peer).flatMap((t) => t.verdicts);
    if (!vs.length) return '—';
    return vs.map((v) => `${v.check}: ${v.ok ? 'ok' : 'refused'}${v.ok === (v.expect === 'ok') ? '' : ' (UNEXPECTED)'}`).join('; ');
  };
  const lines = ['', 'CA rotation timeline (each peer\'s verdicts per step; "refused" rows are negative controls, expected):', `| step | ${peers.join(' | ')} |`, `|---|${peers.map(() => '---').join('|')}|`];
  for (const s of steps) lines.push(`| ${s} | ${peers.map((p) => cell(s, p)).join(' | ')} |`);
  console.log(lines.join('\n'));
}

describe('CA rotation with connections held throughout: Node TLS, Go, PostgreSQL 15', () => {
  // CockroachDB layout: two nodes in certs/n1, certs/n2, clients root and app.
  let crdb: string;
  let n1: Deployed;
  let n2: Deployed;
  let root: Deployed;
  let app: Deployed;
  /** A peer that never receives the bundle (negative control). */
  let stale: Deployed;
  const held = new HeldTls();
  // PostgreSQL layout.
  let pgDir: string;
  let pg: PostgresServer | undefined;
  let psql: string;
  let alice: Deployed;
  let bob: Deployed;
  let pgStale: Deployed;
  const heldPg = new HeldPsql();
  let pgFailed = false;
  const pgEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));

  const c = (p: string): string => join(crdb, p);
  const g = (p: string): string => join(pgDir, p);

  before(async () => {
    crdb = join(work, 'crdb');
    certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', crdb, '--key', 'p256']);
    for (const n of ['n1', 'n2']) certwrightOk(['issue', 'node', '--dir', crdb, '--name', n, '--san', 'localhost', '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--dir', crdb, '--user', 'root']);
    certwrightOk(['issue', 'client', '--dir', crdb, '--user', 'app']);
    n1 = peerDir('n1', 'node.crt', 'node.key');
    n2 = peerDir('n2', 'node.crt', 'node.key');
    root = peerDir('root', 'client.root.crt', 'client.root.key');
    app = peerDir('app', 'client.app.crt', 'client.app.key');
    stale = peerDir('stale', 'client.root.crt', 'client.root.key');
    for (const n of [n1, n2]) deploy(n, { ca: c(`certs/${n.name}/ca.crt`), cert: c(`certs/${n.name}/node.crt`), key: c(`certs/${n.name}/node.key`) });
    for (const u of [root, app]) deploy(u, { ca: c('certs/ca.crt'), cert: c(`certs/client.${u.name}.crt`), key: c(`certs/client.${u.name}.key`) });
    await held.open(n1, root);

    pgDir = join(work, 'pg');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', pgDir, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', pgDir, '--san', '127.0.0.1', '--san', 'localhost']);
    certwrightOk(['issue', 'client', '--dir', pgDir, '--user', 'alice']);
    certwrightOk(['issue', 'client', '--dir', pgDir, '--user', 'bob', '--name', 'bob']);
    alice = peerDir('alice', 'client.crt', 'client.key');
    bob = peerDir('bob', 'bob.crt', 'bob.key');
    pgStale = peerDir('pg-stale', 'client.crt', 'client.key');
    deploy(alice, { ca: g('root.crt'), cert: g('client.crt'), key: g('client.key') });
    deploy(bob, { ca: g('root.crt'), cert: g('bob.crt'), key: g('bob.key') });
    psql = findPsql(findPostgresBin());
    pg = await PostgresServer.create();
    pg.configure({ cert: g('server.crt'), key: g('server.key'), ca: g('root.crt'), crl: g('root.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN;');
    heldPg.open(psql, conninfo(alice, 'alice'), pgEnv);
  });

  after(() => {
    held.close();
    heldPg.close();
    if (pgFailed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
  });

  function conninfo(p: Deployed, user: string): string {
    return `host=127.0.0.1 port=${pg!.port} dbname=postgres user=${user} sslmode=verify-full connect_timeout=10 sslrootcert=${p.ca} sslcert=${p.cert} sslkey=${p.key}`;
  }

  async function pgLogin(p: Deployed, user: string): Promise<{ ok: boolean; detail: string }> {
    const r = await runBounded(psql, ['-X', '-A', '-t', '-c', 'select current_user', conninfo(p, user)], { env: pgEnv, timeoutMs: 20_000 });
    return { ok: r.code === 0 && r.stdout.trim() === user, detail: (r.code === 0 ? r.stdout : r.stderr).trim().split('\n')[0] ?? '' };
  }

  /** The PostgreSQL server takes the CA folder's current server certificate, CA file and CRL file. */
  async function pgDeploy(): Promise<void> {
    pg!.installTls({ cert: g('server.crt'), key: g('server.key'), ca: g('root.crt'), crl: g('root.crl') });
    await pg!.reload();
  }

  /** Every check of one step, recorded in the timeline. */
  async function checkStep(step: string, opts: { clients: Deployed[]; servers: Deployed[]; negative?: Array<{ server: Deployed; client: Deployed; label: string }>; pgClients: Array<{ p: Deployed; user: string; expect: 'ok' | 'refused'; label: string }> }): Promise<void> {
    const label = (p: Deployed): string => `${p.name}(${leafAge(p)})`;
    // Node TLS.
    const nodeVerdicts: Verdict[] = [];
    for (const s of opts.servers) {
      for (const cl of opts.clients) {
        const r = await nodeHandshake(s, cl);
        nodeVerdicts.push({ check: `${label(cl)}→${label(s)}`, expect: 'ok', ...r });
      }
    }
    for (const n of opts.negative ?? []) nodeVerdicts.push({ check: n.label, expect: 'refused', ...(await nodeHandshake(n.server, n.client)) });
    held.reload(n1);
    nodeVerdicts.push({ check: 'held connection', expect: 'ok', ...(await held.ping(step)) });
    record(step, 'Node TLS', nodeVerdicts);

    // Go: verify each deployed leaf against its own CA file, CockroachDB handshakes, certs-dir loader.
    const checks: GoCheck[] = [];
    for (const s of opts.servers) checks.push({ name: `verify ${label(s)}`, kind: 'verify', ca: [s.ca], cert: s.cert, key: s.key, host: '127.0.0.1', usages: ['serverAuth'] });
    for (const cl of opts.clients) checks.push({ name: `verify ${label(cl)}`, kind: 'verify', ca: [cl.ca], cert: cl.cert, key: cl.key, usages: ['clientAuth'] });
    for (const s of opts.servers) {
      for (const cl of opts.clients) {
        checks.push({ name: `crdb ${label(cl)}→${label(s)}`, kind: 'handshake', mode: 'cockroach', serverCert: s.cert, serverKey: s.key, serverCA: s.ca, clientCert: cl.cert, clientKey: cl.key, clientCA: cl.ca, user: cl.name, host: '127.0.0.1' });
      }
    }
    for (const s of opts.servers) checks.push({ name: `certs-dir ${s.name}`, kind: 'crdbdir', dir: s.dir });
    const negatives = (opts.negative ?? []).map((n): GoCheck => ({ name: n.label, kind: 'handshake', mode: 'cockroach', serverCert: n.server.cert, serverKey: n.server.key, serverCA: n.server.ca, clientCert: n.client.cert, clientKey: n.client.key, clientCA: n.client.ca, user: n.client.name, host: '127.0.0.1' }));
    const results = runGoChecks(goBin, [...checks, ...negatives], work);
    record(
      step,
      'Go crypto/x509 + tls',
      results.map((r, i) => ({ check: r.name, expect: i < checks.length ? 'ok' : 'refused', ok: r.ok, detail: r.error ?? (r.notes ?? []).join(' ') })),
    );

    // PostgreSQL.
    try {
      await pgDeploy();
      const pgVerdicts: Verdict[] = [];
      for (const cl of opts.pgClients) pgVerdicts.push({ check: cl.label, expect: cl.expect, ...(await pgLogin(cl.p, cl.user)) });
      pgVerdicts.push({ check: 'held session', expect: 'ok', ...(await heldPg.query(step.replace(/\W+/g, '_'))) });
      record(step, 'PostgreSQL 15', pgVerdicts);
    } catch (e) {
      pgFailed = true;
      throw e;
    }
  }

  /** Which CA issued a deployed leaf, by the serial recorded at deploy time. */
  const ages = new Map<string, string>();
  const leafAge = (p: Deployed): string => ages.get(p.cert) ?? 'old';

  it('before the rotation: every peer connects (the baseline)', async () => {
    await checkStep('0 before', { servers: [n1, n2], clients: [root, app], pgClients: [{ p: alice, user: 'alice', expect: 'ok', label: 'alice(old)' }] });
  });

  it('new-ca: nothing any peer reads changes; every peer still connects', async () => {
    const before = readFileSync(c('certs/ca.crt'), 'utf8');
    const r = rotate(crdb, 'new-ca');
    assert.equal(r.phase, 'created');
    assert.equal(rotate(crdb, 'new-ca').alreadyDone, true, 'new-ca twice creates one CA');
    assert.equal(readFileSync(c('certs/ca.crt'), 'utf8'), before);
    rotate(pgDir, 'new-ca');
    const refused = certwright(['ca', 'rotate', 'retire', '--dir', crdb]);
    assert.equal(refused.code, 1, 'retire before publish is refused');
    assert.match(refused.stderr, /next step is publish/);
    await checkStep('1 new-ca', { servers: [n1, n2], clients: [root, app], pgClients: [{ p: alice, user: 'alice', expect: 'ok', label: 'alice(old)' }] });
  });

  it('publish: the bundle (old + new) rolled out to some peers first, then all; every peer connects', async () => {
    // A peer that never gets the bundle, kept for the negative controls.
    deploy(stale, { ca: c('certs/ca.crt'), cert: c('certs/client.root.crt'), key: c('certs/client.root.key') });
    deploy(pgStale, { ca: g('root.crt'), cert: g('client.crt'), key: g('client.key') });
    const r = rotate(crdb, 'publish');
    assert.equal(r.phase, 'published');
    assert.equal(count(c('certs/ca.crt')), 2);
    assert.equal(count(c('certs/n1/ca.crt')), 2, 'the per-node copy holds the bundle too');
    rotate(pgDir, 'publish');
    assert.equal(count(g('root.crt')), 2);
    assert.equal((readFileSync(g('root.crl'), 'utf8').match(/BEGIN X509 CRL/g) ?? []).length, 2, 'both CAs publish a CRL (PostgreSQL checks one for every chain)');
    // Rolling: n1 and root get the bundle first, n2 and app still have the old CA file.
    deploy(n1, { ca: c('certs/n1/ca.crt') });
    deploy(root, { ca: c('certs/ca.crt') });
    await checkStep('2a publish (half rolled out)', { servers: [n1, n2], clients: [root, app], pgClients: [{ p: alice, user: 'alice', expect: 'ok', label: 'alice(old)' }] });
    deploy(n2, { ca: c('certs/n2/ca.crt') });
    deploy(app, { ca: c('certs/ca.crt') });
    deploy(alice, { ca: g('root.crt') });
    deploy(bob, { ca: g('root.crt') });
    await checkStep('2b publish (all)', { servers: [n1, n2], clients: [root, app], pgClients: [{ p: alice, user: 'alice', expect: 'ok', label: 'alice(old)' }, { p: bob, user: 'bob', expect: 'ok', label: 'bob(old)' }] });
  });

  it('reissue: new certificates rolled out to some peers; old-leaf and new-leaf peers connect both ways; a peer without the bundle refuses the new ones', async () => {
    const r = rotate(crdb, 'reissue');
    assert.equal(r.phase, 'reissued');
    assert.equal(rotate(crdb, 'reissue').alreadyDone, true, 'reissue twice re-issues nothing more');
    rotate(pgDir, 'reissue');
    // n1 and root take their new certificates; n2 and app keep the old ones for now.
    deploy(n1, { ca: c('certs/n1/ca.crt'), cert: c('certs/n1/node.crt'), key: c('certs/n1/node.key') });
    deploy(root, { ca: c('certs/ca.crt'), cert: c('certs/client.root.crt'), key: c('certs/client.root.key') });
    ages.set(n1.cert, 'new');
    ages.set(root.cert, 'new');
    deploy(alice, { cert: g('client.crt'), key: g('client.key') });
    ages.set(alice.cert, 'new');
    await checkStep('3a reissue (half rolled out)', {
      servers: [n1, n2],
      clients: [root, app],
      negative: [{ server: n1, client: stale, label: 'stale CA file (no bundle) → n1(new)' }],
      pgClients: [
        { p: alice, user: 'alice', expect: 'ok', label: 'alice(new)' },
        { p: bob, user: 'bob', expect: 'ok', label: 'bob(old)' },
        { p: pgStale, user: 'alice', expect: 'refused', label: 'stale root.crt (no bundle) → server(new)' },
      ],
    });
    deploy(n2, { ca: c('certs/n2/ca.crt'), cert: c('certs/n2/node.crt'), key: c('certs/n2/node.key') });
    deploy(app, { cert: c('certs/client.app.crt'), key: c('certs/client.app.key') });
    ages.set(n2.cert, 'new');
    ages.set(app.cert, 'new');
    deploy(bob, { cert: g('bob.crt'), key: g('bob.key') });
    ages.set(bob.cert, 'new');
    await checkStep('3b reissue (all)', { servers: [n1, n2], clients: [root, app], pgClients: [{ p: alice, user: 'alice', expect: 'ok', label: 'alice(new)' }, { p: bob, user: 'bob', expect: 'ok', label: 'bob(new)' }] });
  });

  it('retire: refused while a certificate of the old CA is in the folder; then the old CA is gone and a stale old certificate is refused', async () => {
    // An old certificate copied back into the folder blocks retire, with the list.
    copyFileSync(stale.cert, c('certs/client.legacy.crt'));
    const refused = certwright(['ca', 'rotate', 'retire', '--dir', crdb]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /still needed: it issued 1 valid certificate in the folder:[\s\S]*certs\/client\.legacy\.crt/);
    rmSync(c('certs/client.legacy.crt'));
    const r = rotate(crdb, 'retire');
    assert.equal(r.phase, 'retired');
    assert.equal(r.next, null);
    assert.equal(rotate(crdb, 'retire').alreadyDone, true);
    assert.equal(count(c('certs/ca.crt')), 1);
    rotate(pgDir, 'retire');
    assert.equal(count(g('root.crt')), 1);
    for (const p of [n1, n2]) deploy(p, { ca: c(`certs/${p.name}/ca.crt`) });
    for (const p of [root, app]) deploy(p, { ca: c('certs/ca.crt') });
    for (const p of [alice, bob]) deploy(p, { ca: g('root.crt') });
    // The stale peer now trusts the new CA only but still has its old certificate.
    deploy(stale, { ca: c('certs/ca.crt') });
    deploy(pgStale, { ca: g('root.crt') });
    await checkStep('4 retire', {
      servers: [n1, n2],
      clients: [root, app],
      negative: [{ server: n1, client: stale, label: 'old certificate → n1' }],
      pgClients: [
        { p: alice, user: 'alice', expect: 'ok', label: 'alice(new)' },
        { p: bob, user: 'bob', expect: 'ok', label: 'bob(new)' },
        { p: pgStale, user: 'alice', expect: 'refused', label: 'old certificate → server' },
      ],
    });
    // openssl agrees: every certificate in the folder verifies against the new CA file alone.
    for (const f of ['certs/n1/node.crt', 'certs/n2/node.crt', 'certs/client.root.crt', 'certs/client.app.crt']) {
      const v = spawnSync('openssl', ['verify', '-CAfile', c('certs/ca.crt'), c(f)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(v.status, 0, `${f}: ${v.stdout}${v.stderr}`);
    }
  });
});

describe('an interrupted rotation step is completed or rolled back, never half done', () => {
  it('reissue (the take-over: CA key, bundle, database, every leaf) killed at each rename: the old CA key is never lost, a rerun finishes, openssl verifies every leaf', () => {
    const base = join(work, 'fault-base');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', base, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--dir', base, '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--dir', base, '--user', 'alice']);
    certwrightOk(['ca', 'rotate', 'new-ca', '--dir', base]);
    certwrightOk(['ca', 'rotate', 'publish', '--dir', base]);
    const oldKey = readFileSync(join(base, 'ca-private/root.key'), 'utf8');
    let kills = 0;
    const seen = new Set<string>();
    // Every third rename (the take-over commits about twenty files): before and after the commit point, bounded time.
    for (let at = 1; at < 60; at += 3) {
      const dir = join(work, `fault-${at}`);
      spawnSync('cp', ['-a', base, dir]);
      const r = spawnSync(process.execPath, [cliPath, 'ca', 'rotate', 'reissue', '--dir', dir], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '', CERTWRIGHT_FAULT_KILL_AT_RENAME: String(at) } });
      if (r.status === 0) break;
      assert.equal(r.signal, 'SIGKILL', `rename ${at}: ${r.stderr}`);
      kills++;
      // The next operation completes (after the commit point) or rolls back (before it).
      const status = JSON.parse(certwrightOk(['ca', 'rotate', 'status', '--dir', dir, '--json']).stdout) as { phase: string };
      seen.add(status.phase);
      assert.ok(['published', 'reissued'].includes(status.phase), status.phase);
      const keys = [join(dir, 'ca-private/root.key'), ...spawnSync('find', [join(dir, 'ca-private/retired'), '-name', 'ca.key'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)];
      assert.ok(keys.some((k) => readFileSync(k, 'utf8') === oldKey), `rename ${at}: the old CA key is kept`);
      certwrightOk(['ca', 'rotate', 'reissue', '--dir', dir]);
      const after = JSON.parse(certwrightOk(['ca', 'rotate', 'status', '--dir', dir, '--json']).stdout) as { phase: string; status: { pending: string[] } };
      assert.equal(after.phase, 'reissued');
      assert.deepEqual(after.status.pending, []);
      for (const f of ['server.crt', 'client.crt']) {
        const v = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'root.crt'), join(dir, f)], { encoding: 'utf8' });
        assert.equal(v.status, 0, `rename ${at}, ${f}: ${v.stdout}${v.stderr}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`reissue killed at ${kills} renames; states seen after recovery: ${[...seen].join(', ')}`);
    assert.ok(kills >= 5, `only ${kills} kills`);
    assert.deepEqual([...seen].sort(), ['published', 'reissued'], 'kills before and after the commit point');
  });
});

describe('renew --parent: an intermediate renewed by its root keeps everything it issued verifying', () => {
  it('same key and name, a new validity from the root; leaves issued before verify with openssl and Go against the root, with the new bundle', () => {
    const rootDir = join(work, 'int-root');
    const intDir = join(work, 'int-int');
    certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', rootDir, '--key', 'p256']);
    certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', intDir, '--parent', rootDir, '--key', 'p256', '--days', '400']);
    certwrightOk(['issue', 'node', '--dir', intDir, '--san', '127.0.0.1', '--days', '100']);
    const before = readFileSync(join(intDir, 'certs/ca.crt'), 'utf8');
    const key = readFileSync(join(intDir, 'ca-private/ca.key'), 'utf8');
    const refused = certwright(['renew', '--dir', intDir, '--cert', join(intDir, 'certs/ca.crt')]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /its parent renews it.*--parent/);
    certwrightOk(['renew', '--dir', intDir, '--cert', join(intDir, 'certs/ca.crt'), '--parent', rootDir, '--days', '1000']);
    const after = readFileSync(join(intDir, 'certs/ca.crt'), 'utf8');
    assert.notEqual(after, before);
    assert.equal(count(join(intDir, 'certs/ca.crt')), 2, 'the renewed intermediate + the root');
    assert.equal(readFileSync(join(intDir, 'ca-private/ca.key'), 'utf8'), key, 'same key');
    assert.equal((readFileSync(join(rootDir, 'ca-private/index.txt'), 'utf8').match(/CN=Cockroach CA Intermediate$/gm) ?? []).length, 2, "the root's database records both");
    const rootCa = join(rootDir, 'certs/ca.crt');
    const leafOnly = join(work, 'int-leaf-only.crt');
    const leaf = readFileSync(join(intDir, 'certs/node.crt'), 'utf8');
    writeFileSync(leafOnly, leaf.slice(0, leaf.indexOf('-----END CERTIFICATE-----') + 26));
    const v = spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', rootCa, '-untrusted', join(intDir, 'certs/ca.crt'), leafOnly], { encoding: 'utf8' });
    assert.equal(v.status, 0, `the node certificate issued before the renewal, chained through the renewed intermediate: ${v.stdout}${v.stderr}`);
    const [g] = runGoChecks(goBin, [{ name: 'renewed intermediate', kind: 'verify', ca: [rootCa], intermediates: [join(intDir, 'certs/ca.crt')], cert: leafOnly, key: join(intDir, 'certs/node.key'), host: '127.0.0.1', usages: ['serverAuth'] }], work);
    assert.equal(g!.ok, true, g!.error);
  });
});
