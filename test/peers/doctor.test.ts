/**
 * TLS doctor against real programs: each catalogued error is produced for real
 * (Go's crypto/tls and crypto/x509, the openssl CLI, Node TLS, PostgreSQL 15 and
 * psql, Java's JSSE), captured, fed to the built `certwright explain`, and the
 * answer must name the catalogue entry, the file at fault and the fix.
 * `certwright probe` is run against the same servers in good and bad setups.
 */
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { join, resolve } from 'node:path';
import { assertCliBuilt, certwright, cliPath } from './support/certwrightCli';
import { buildInventory, catalog, explain, withSignatureChecks } from '../../server/src/core/doctor';
import { readDoctorFiles } from '../../server/src/node/doctorFiles';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';
import { makeDoctorPki, type DoctorPki } from './support/doctorPki';
import { PostgresServer, findPsql, freePort, runBounded } from './support/postgresServer';
import { connect as netConnect, createServer as createNetServer } from 'node:net';

interface Answer {
  recognised: boolean;
  explanations: Array<{ id: string; cause: string; what: string; why: Array<{ text: string; file?: string }>; fixes: Array<{ title: string; command?: string[]; file?: string }> }>;
}

/** program → [explained correctly, tried] for the closing table. */
const tally = new Map<string, [number, number]>();
/** Catalogue entries whose message was produced for real and explained correctly. */
const produced = new Set<string>();

let pki: DoctorPki;

/** The core explainer over the workspace as it is now (the CLI itself is run by the tests at the end). */
async function explainJson(text: string): Promise<Answer> {
  return explain(text, await withSignatureChecks(buildInventory(await readDoctorFiles(pki.dir)), webcrypto), new Date()) as unknown as Answer;
}

/** The built CLI, asynchronously: in-process servers must keep answering while it runs. */
async function cli(args: readonly string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runBounded(process.execPath, [cliPath, ...args], { input, timeoutMs: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
}

interface Expect {
  readonly program: string;
  /** The catalogue entry that must be among the explanations. */
  readonly id: string | RegExp;
  /** Files that the explanation's "why" or "fix" must name. */
  readonly names?: readonly string[];
  /** A fix title or command that must be offered. */
  readonly fix?: RegExp;
}

/** Feeds a real error text to `certwright explain` and checks the answer. */
async function expectExplained(text: string, e: Expect): Promise<void> {
  const t = tally.get(e.program) ?? [0, 0];
  t[1]++;
  tally.set(e.program, t);
  assert.ok(text.trim(), `the ${e.program} scenario produced no error text`);
  const answer = await explainJson(text);
  const hit = answer.explanations.find((x) => (typeof e.id === 'string' ? x.id === e.id : e.id.test(x.id)));
  assert.ok(hit, `expected ${String(e.id)} for:\n${text}\ngot: ${answer.explanations.map((x) => x.id).join(', ') || 'nothing'}`);
  const said = JSON.stringify([hit.why, hit.fixes]);
  for (const n of e.names ?? []) assert.ok(said.includes(n), `${hit.id}: the explanation does not name ${n}:\n${JSON.stringify(hit, null, 2)}`);
  if (e.fix) assert.ok(hit.fixes.some((f) => e.fix!.test(`${f.title} ${f.command?.join(' ') ?? ''}`)), `${hit.id}: no fix matching ${e.fix}:\n${JSON.stringify(hit.fixes, null, 2)}`);
  t[0]++;
  produced.add(hit.id);
}

before(() => {
  assertCliBuilt();
  pki = makeDoctorPki();
});

after(() => {
  pki?.cleanup();
  const rows = [...tally].map(([p, [ok, n]]) => `  ${p.padEnd(10)} ${ok}/${n}`);
  const missing = catalog.filter((e) => !produced.has(e.id)).map((e) => e.id);
  console.log(`TLS doctor: scenarios produced for real and explained correctly\n${rows.join('\n')}\n` +
    `catalogue entries produced for real: ${catalog.length - missing.length} of ${catalog.length}; not produced here: ${missing.join(', ') || 'none'}`);
});

// ------------------------------------------------------------------------------------------ Go

describe('Go crypto/x509 and crypto/tls (as in CockroachDB, DM, etcd)', () => {
  const checks: Array<GoCheck & { expect: Expect }> = [];
  const add = (check: GoCheck, expect: Omit<Expect, 'program'>): void => void checks.push({ ...check, expect: { program: 'go', ...expect } });
  let results: Map<string, string | undefined>;

  before(() => {
    const p = (n: string): string => pki.path(n);
    add({ name: 'ip-not-in-san', kind: 'verify', ca: [p('ca.crt')], cert: p('server.crt'), host: '10.0.0.7' }, { id: 'go-x509-name-mismatch', names: ['server.crt'], fix: /--san localhost,127\.0\.0\.1,10\.0\.0\.7/ });
    add({ name: 'dns-not-in-san', kind: 'verify', ca: [p('ca.crt')], cert: p('dnsonly.crt'), host: 'db.internal' }, { id: 'go-x509-name-mismatch', names: ['dnsonly.crt'], fix: /db\.internal/ });
    add({ name: 'no-ip-sans', kind: 'verify', ca: [p('ca.crt')], cert: p('dnsonly.crt'), host: '10.0.0.7' }, { id: 'go-x509-no-ip-sans', fix: /10\.0\.0\.7/ });
    add({ name: 'legacy-cn', kind: 'verify', ca: [p('ca.crt')], cert: p('legacy.crt'), host: 'localhost' }, { id: 'go-x509-legacy-cn', names: ['legacy.crt'] });
    add({ name: 'unknown-authority', kind: 'verify', ca: [p('ca.crt')], cert: p('rogue.crt') }, { id: 'go-x509-unknown-authority', names: ['rogue.crt', 'dm-worker.toml'], fix: /other-ca\.crt/ });
    add({ name: 'expired', kind: 'verify', ca: [p('ca.crt')], cert: p('expired.crt') }, { id: 'go-x509-expired', names: ['expired.crt'], fix: /renew/ });
    add({ name: 'usage', kind: 'verify', ca: [p('ca.crt')], cert: p('clientonly.crt') }, { id: 'go-x509-incompatible-usage', names: ['clientonly.crt'] });
    add({ name: 'key-mismatch', kind: 'verify', ca: [p('ca.crt')], cert: p('server.crt'), key: p('alice.key') }, { id: 'go-tls-key-mismatch', names: ['alice.key', 'dm-worker.toml', 'server.key'] });
    add({ name: 'dm-allowed-cn', kind: 'verify', ca: [p('ca.crt')], cert: p('alice.crt'), usages: ['clientAuth'], allowedCN: ['dm'] }, { id: 'dm-cert-allowed-cn', names: ['alice.crt', 'dm-worker.toml'], fix: /Add "alice" to cert-allowed-cn/ });
    add(
      { name: 'client-from-other-ca', kind: 'handshake', mode: 'cockroach', serverCert: p('server.crt'), serverKey: p('server.key'), serverCA: p('ca.crt'), clientCert: p('stranger.crt'), clientKey: p('stranger.key'), clientCA: p('ca.crt') },
      { id: /go-tls-bad-certificate|go-x509-unknown-authority/, names: ['stranger.crt'] },
    );
    add(
      { name: 'cockroach-user', kind: 'handshake', mode: 'cockroach', serverCert: p('server.crt'), serverKey: p('server.key'), serverCA: p('ca.crt'), clientCert: p('bob.crt'), clientKey: p('bob.key'), clientCA: p('ca.crt'), user: 'alice' },
      { id: 'cockroach-cert-user', names: ['alice.crt'], fix: /alice/ },
    );
    add({ name: 'no-dns-names', kind: 'verify', ca: [p('ca.crt')], cert: p('iponly.crt'), host: 'db.internal' }, { id: 'go-x509-no-names', names: ['iponly.crt'], fix: /db\.internal/ });
    add({ name: 'path-length', kind: 'verify', ca: [p('plroot.crt')], intermediates: [p('plinter.crt')], cert: p('plleaf.crt') }, { id: 'go-x509-path-length', names: ['plroot.crt'] });
    add({ name: 'leaf-as-ca', kind: 'verify', ca: [p('ca.crt')], intermediates: [p('server.crt')], cert: p('subleaf.crt') }, { id: 'go-x509-not-authorized-to-sign', names: ['server.crt'] });
    add({ name: 'der-key', kind: 'verify', ca: [p('ca.crt')], cert: p('server.crt'), key: p('server-key.der') }, { id: 'go-tls-no-pem', names: ['server-key.der'], fix: /openssl pkey -inform DER/ });
    add({ name: 'crdb-key-mode', kind: 'crdbdir', dir: p('certs') }, { id: 'cockroach-key-permissions', names: ['certs/node.key'], fix: /chmod 600 certs\/node\.key/ });
    const binary = buildGoPeer();
    const out = runGoChecks(binary, checks.map(({ expect: _e, ...c }) => c), pki.dir);
    results = new Map(out.map((r) => [r.name, r.error]));
  });

  for (const name of ['ip-not-in-san', 'dns-not-in-san', 'no-ip-sans', 'legacy-cn', 'unknown-authority', 'expired', 'usage', 'key-mismatch', 'dm-allowed-cn', 'client-from-other-ca', 'cockroach-user', 'no-dns-names', 'path-length', 'leaf-as-ca', 'der-key', 'crdb-key-mode']) {
    it(`${name}: Go's error is explained`, async () => {
      const check = checks.find((c) => c.name === name)!;
      const error = results.get(name);
      assert.ok(error, `Go accepted the ${name} scenario: it must fail`);
      await expectExplained(error, check.expect);
    });
  }
});

describe('Go clients (as CockroachDB dials) against servers that refuse them', () => {
  const expectations = new Map<string, Omit<Expect, 'program'>>();
  let results: Map<string, string | undefined>;
  let logs = '';

  before(async () => {
    const p = (n: string): string => pki.path(n);
    const opensslServer = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    const go = await goServer();
    try {
      const checks: GoCheck[] = [];
      const add = (check: { name: string; [field: string]: unknown }, expect: Omit<Expect, 'program'>): void => {
        checks.push({ kind: 'dial', clientCA: p('ca.crt'), ...check });
        expectations.set(check.name, expect);
      };
      const sslAddr = `127.0.0.1:${opensslServer.port}`;
      add({ name: 'openssl refuses an unknown CA', addr: sslAddr, clientCert: p('stranger.crt'), clientKey: p('stranger.key') }, { id: 'go-tls-unknown-ca-alert', names: ['stranger.crt'] });
      add({ name: 'openssl refuses an expired certificate', addr: sslAddr, clientCert: p('expired.crt'), clientKey: p('expired.key') }, { id: 'go-tls-expired-alert', names: ['expired.crt'] });
      add({ name: 'openssl requires a certificate (TLS 1.3)', addr: sslAddr }, { id: 'go-tls-certificate-required', names: ['alice.crt'] });
      add({ name: 'a Go server refuses an unknown CA (TLS 1.2)', addr: `127.0.0.1:${go.port}`, clientCert: p('stranger.crt'), clientKey: p('stranger.key'), maxVersion: '1.2' }, { id: 'go-tls-bad-certificate', names: ['stranger.crt'] });
      const out = await new Promise<ReturnType<typeof runGoChecks>>((done) => setImmediate(() => done(runGoChecks(buildGoPeer(), checks, pki.dir))));
      results = new Map(out.map((r) => [r.name, r.error]));
    } finally {
      await new Promise((r) => setTimeout(r, 200));
      logs = go.log();
      opensslServer.stop();
      go.stop();
    }
  });

  for (const name of ['openssl refuses an unknown CA', 'openssl refuses an expired certificate', 'openssl requires a certificate (TLS 1.3)', 'a Go server refuses an unknown CA (TLS 1.2)']) {
    it(`${name}: the Go client's error is explained`, async () => {
      const error = results.get(name);
      assert.ok(error, `the Go client connected in the ${name} scenario: it must fail`);
      await expectExplained(error, { program: 'go', ...expectations.get(name)! });
    });
  }
  it("the Go server's own log line for the refused client is explained too", async () => {
    await expectExplained(logs, { program: 'go', id: /go-x509-unknown-authority|go-tls-bad-certificate/, names: ['stranger.crt'] });
  });
});

// ------------------------------------------------------------------------------------------ OpenSSL

/** `openssl s_server` on a free loopback port, in the PKI folder; its stdin stays open (EOF would end it). */
async function sServer(args: readonly string[]): Promise<{ port: number; output(): string; exited(): boolean; stop(): void }> {
  const port = await freePort();
  const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-quiet', ...args], { cwd: pki.dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.on('data', (c: Buffer) => (out += c.toString()));
  server.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 10_000;
  // -quiet hides ACCEPT: wait until the port answers.
  while (server.exitCode === null && Date.now() < deadline && !(await listening(port))) await new Promise((r) => setTimeout(r, 30));
  return { port, output: () => out, exited: () => server.exitCode !== null, stop: () => void server.kill() };
}

/**
 * A TCP relay to a local server that holds back what the server sends after the client's second
 * flight (in TLS 1.3: the server's verdict on the client certificate, tickets or alert) by `delayMs`,
 * as a loaded server that is slow to judge would.
 */
async function slowVerdictProxy(target: number, delayMs: number): Promise<{ port: number; stop(): void }> {
  const relay = createNetServer((client) => {
    const server = netConnect({ host: '127.0.0.1', port: target });
    let flights = 0;
    client.on('data', (c: Buffer) => {
      flights++;
      server.write(c);
    });
    server.on('data', (c: Buffer) => (flights >= 2 ? setTimeout(() => client.writable && client.write(c), delayMs) : client.write(c)));
    const close = (): void => void setTimeout(() => (client.destroy(), server.destroy()), delayMs + 100);
    client.on('close', close).on('error', close);
    server.on('close', close).on('error', close);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
  return { port: (relay.address() as { port: number }).port, stop: () => void relay.close() };
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = netConnect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      done(true);
    });
    s.on('error', () => done(false));
  });
}

function openssl(args: readonly string[], input = ''): string {
  const r = spawnSync('openssl', args, { cwd: pki.dir, input, encoding: 'utf8', timeout: 20_000 });
  return `${r.stdout}\n${r.stderr}`;
}

/** A server of another program that prints "LISTEN <port>" (the Go peer's serve mode, the JSSE TlsServer); stops when its stdin closes. */
async function listeningServer(command: string, args: readonly string[]): Promise<{ port: number; log(): string; stop(): void }> {
  const child = spawn(command, args, { cwd: pki.dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${command} did not start within 90 s:\n${out}\n${log}`)), 90_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTEN (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${command} exited (${code}) before listening:\n${out}\n${log}`));
    });
  });
  return { port, log: () => log, stop: () => void child.stdin.end() };
}

/** The Go peer as a server that requires client certificates, like a CockroachDB node (TLS 1.2 pinned: alerts come in the handshake). */
const goServer = (): Promise<{ port: number; log(): string; stop(): void }> =>
  listeningServer(buildGoPeer(), ['serve', JSON.stringify({ serverCert: pki.path('server.crt'), serverKey: pki.path('server.key'), serverCA: pki.path('ca.crt'), maxVersion: '1.2' })]);

describe('the openssl CLI (verify, s_server, s_client)', () => {
  const verify: Array<[string, string[], Omit<Expect, 'program'>]> = [
    ['untrusted issuer', ['-CAfile', 'ca.crt', 'rogue.crt'], { id: 'openssl-verify-20', names: ['rogue.crt'], fix: /other-ca\.crt/ }],
    ['expired', ['-CAfile', 'ca.crt', 'expired.crt'], { id: 'openssl-verify-10', names: ['expired.crt'] }],
    ['revoked', ['-CAfile', 'ca.crt', '-CRLfile', 'ca.crl', '-crl_check', 'revoked.crt'], { id: 'openssl-verify-23', names: ['revoked.crt', 'ca.crl'], fix: /--new-key/ }],
    ['stale CRL', ['-CAfile', 'ca.crt', '-CRLfile', 'stale.crl', '-crl_check', 'server.crt'], { id: 'openssl-verify-12', names: ['stale.crl'] }],
    ['no CRL', ['-CAfile', 'ca.crt', '-crl_check', 'server.crt'], { id: 'openssl-verify-3', names: ['ca.crl'] }],
    ['self-signed', ['-CAfile', 'ca.crt', 'selfsigned.crt'], { id: 'openssl-verify-18', names: ['selfsigned.crt'] }],
    ['purpose', ['-CAfile', 'ca.crt', '-purpose', 'sslserver', 'clientonly.crt'], { id: 'openssl-verify-26', names: ['clientonly.crt'] }],
    ['hostname', ['-CAfile', 'ca.crt', '-verify_hostname', 'db.internal', 'server.crt'], { id: 'openssl-verify-62' }],
    ['ip', ['-CAfile', 'ca.crt', '-verify_ip', '10.0.0.7', 'server.crt'], { id: 'openssl-verify-64' }],
    ['not yet valid', ['-CAfile', 'ca.crt', 'future.crt'], { id: 'openssl-verify-9', names: ['future.crt'] }],
    ['path length', ['-CAfile', 'plroot.crt', '-untrusted', 'plinter.crt', 'plleaf.crt'], { id: 'openssl-verify-25', names: ['plroot.crt'] }],
    ['self-signed in chain', ['-CAfile', 'ca.crt', '-untrusted', 'other-ca.crt', 'stranger.crt'], { id: 'openssl-verify-19', names: ['stranger.crt'] }],
    ['leaf as CA', ['-CAfile', 'ca.crt', '-untrusted', 'server.crt', 'subleaf.crt'], { id: 'openssl-verify-79', names: ['server.crt'] }],
    ['leaf as CA, key usage', ['-CAfile', 'ca.crt', '-untrusted', 'server.crt', 'subleaf.crt'], { id: 'openssl-verify-32', names: ['server.crt'] }],
    ['a trusted intermediate without its root', ['-CAfile', 'plinter.crt', 'plleaf.crt'], { id: 'openssl-verify-2', names: ['plinter.crt'] }],
    ['a signature altered after signing', ['-CAfile', 'ca.crt', 'tampered.crt'], { id: 'openssl-verify-7', names: ['tampered.crt'] }],
  ];
  before(() => {
    // server.crt with the last byte of its signature changed: still well-formed DER, no longer signed by ca.key.
    const der = Buffer.from(pki.read('server.crt').toString().replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 1] ^= 0x01;
    writeFileSync(pki.path('tampered.crt'), `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
  });
  for (const [name, args, expect] of verify) {
    it(`openssl verify, ${name}`, () => expectExplained(openssl(['verify', ...args]), { program: 'openssl', ...expect }));
  }

  /**
   * s_server in the background; s_client against it; both outputs. Client-certificate refusals use
   * -tls1_2 on the client: in TLS 1.3 the server's alert may come after s_client has already quit.
   */
  async function handshake(serverArgs: string[], clientArgs: string[]): Promise<string> {
    const server = await sServer(serverArgs);
    try {
      if (server.exited()) return server.output();
      const files = clientArgs.map((a) => (/\.(?:crt|key)$/.test(a) ? pki.path(a) : a));
      const client = await runBounded('openssl', ['s_client', '-connect', `127.0.0.1:${server.port}`, ...files], { input: 'Q\n', timeoutMs: 15_000 });
      return `${client.stdout}\n${client.stderr}\n${server.output()}`;
    } finally {
      server.stop();
    }
  }

  it('s_client presents a certificate of a CA the server does not trust: "tlsv1 alert unknown ca"', async () => {
    const out = await handshake(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt'], ['-tls1_2', '-cert', 'stranger.crt', '-key', 'stranger.key', '-CAfile', 'ca.crt']);
    await expectExplained(out, { program: 'openssl', id: 'openssl-alert-unknown-ca', names: ['stranger.crt'], fix: /other-ca\.crt/ });
  });
  it('s_client sends no certificate to a server that requires one', async () => {
    const out = await handshake(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt'], ['-CAfile', 'ca.crt']);
    await expectExplained(out, { program: 'openssl', id: 'openssl-alert-certificate-required', names: ['alice.crt'] });
  });
  it('s_client verifies a server certificate of an untrusted CA: "unable to verify the first certificate"', async () => {
    const out = await handshake(['-cert', 'rogue.crt', '-key', 'rogue.key'], ['-CAfile', 'ca.crt']);
    await expectExplained(out, { program: 'openssl', id: 'openssl-verify-21', names: ['rogue.crt'] });
  });
  it('s_client presents an expired certificate: "sslv3 alert certificate expired"', async () => {
    const out = await handshake(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt'], ['-tls1_2', '-cert', 'expired.crt', '-key', 'expired.key', '-CAfile', 'ca.crt']);
    await expectExplained(out, { program: 'openssl', id: 'openssl-alert-certificate-expired', names: ['expired.crt'] });
  });
  it('s_client presents a certificate of a CA a Go server does not trust: "sslv3 alert bad certificate"', async () => {
    const go = await goServer();
    try {
      const r = await runBounded('openssl', ['s_client', '-connect', `127.0.0.1:${go.port}`, '-tls1_2', '-cert', pki.path('stranger.crt'), '-key', pki.path('stranger.key'), '-CAfile', pki.path('ca.crt')], { input: 'Q\n', timeoutMs: 15_000 });
      await expectExplained(`${r.stdout}\n${r.stderr}`, { program: 'openssl', id: 'openssl-alert-bad-certificate', names: ['stranger.crt'] });
    } finally {
      go.stop();
    }
  });
  it('s_server is given a key of another certificate: "key values mismatch"', async () => {
    const out = await handshake(['-cert', 'server.crt', '-key', 'alice.key'], []);
    await expectExplained(out, { program: 'openssl', id: 'openssl-key-values-mismatch', names: ['alice.key', 'server.key'] });
  });
});

// ------------------------------------------------------------------------------------------ Node.js

describe('Node.js TLS', () => {
  let server: Server | undefined;
  let port = 0;
  /** Starts a Node TLS server with the given files (replacing the previous one). */
  async function serve(cert: string | readonly string[], key: string, requestCert = false): Promise<void> {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    const chain = (typeof cert === 'string' ? [cert] : cert).map((c) => pki.read(c).toString()).join('');
    server = createServer({ cert: chain, key: pki.read(key), ca: pki.read('ca.crt'), requestCert, rejectUnauthorized: requestCert }, (s) => s.end('ok'));
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  }
  /** Connects as a client and returns the error it sees (code and message), or '' when all went well. */
  function connect(options: { ca?: string; servername?: string; cert?: string; key?: string; crl?: string; maxVersion?: 'TLSv1.2' }): Promise<string> {
    return new Promise((done) => {
      const s: TLSSocket = tlsConnect({
        host: '127.0.0.1',
        port,
        servername: options.servername,
        ca: options.ca ? pki.read(options.ca) : undefined,
        cert: options.cert ? pki.read(options.cert) : undefined,
        key: options.key ? pki.read(options.key) : undefined,
        crl: options.crl ? pki.read(options.crl) : undefined,
        maxVersion: options.maxVersion,
      });
      const text = (e: NodeJS.ErrnoException): string => `${e.code ?? ''}: ${e.message}`;
      // TLS 1.3: the server's verdict on our certificate may come after 'end' was queued: answer on 'close'.
      let error = '';
      s.on('error', (e) => (error ||= text(e)));
      s.on('data', () => undefined);
      s.on('close', () => done(error));
      s.setTimeout(10_000, () => s.destroy(new Error('timeout')));
    });
  }
  after(() => server?.close());

  it('a server certificate from an untrusted CA: UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    await serve('rogue.crt', 'rogue.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-unable-to-verify-leaf-signature', names: ['rogue.crt'] });
  });
  it('an expired server certificate: CERT_HAS_EXPIRED', async () => {
    await serve('expired.crt', 'expired.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-cert-has-expired', names: ['expired.crt'] });
  });
  it('a self-signed server certificate: DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
    await serve('selfsigned.crt', 'selfsigned.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-depth-zero-self-signed-cert', names: ['selfsigned.crt'] });
  });
  it('a server certificate not valid yet: CERT_NOT_YET_VALID', async () => {
    await serve('future.crt', 'future.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-cert-not-yet-valid', names: ['future.crt'] });
  });
  it('a chain ending in a root the client does not trust: SELF_SIGNED_CERT_IN_CHAIN', async () => {
    await serve(['rogue.crt', 'other-ca.crt'], 'rogue.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-self-signed-cert-in-chain', names: ['rogue.crt'] });
  });
  it('an intermediate whose issuer the client lacks: UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async () => {
    await serve(['plleaf.crt', 'plinter.crt'], 'plleaf.key');
    await expectExplained(await connect({ ca: 'ca.crt' }), { program: 'node', id: 'node-unable-to-get-issuer-cert-locally', names: ['plleaf.crt'] });
  });
  it('a server certificate on the CRL the client loads: CERT_REVOKED', async () => {
    await serve('revoked.crt', 'revoked.key');
    await expectExplained(await connect({ ca: 'ca.crt', crl: 'ca.crl' }), { program: 'node', id: 'node-cert-revoked', names: ['revoked.crt', 'ca.crl'], fix: /--new-key/ });
  });
  it('a CRL past its nextUpdate: CRL_HAS_EXPIRED', async () => {
    await serve('server.crt', 'server.key');
    await expectExplained(await connect({ ca: 'ca.crt', crl: 'stale.crl' }), { program: 'node', id: 'node-crl-has-expired', names: ['stale.crl'] });
  });
  it('a host name the certificate lacks: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    await serve('server.crt', 'server.key');
    await expectExplained(await connect({ ca: 'ca.crt', servername: 'db.internal' }), { program: 'node', id: 'node-altname-invalid', names: ['server.crt'], fix: /--san localhost,127\.0\.0\.1,db\.internal/ });
  });
  it('a client certificate of another CA: an OpenSSL server answers "unknown ca"', async () => {
    // Node.js servers refuse such a client by closing without an alert; OpenSSL-based servers send one.
    const s = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    try {
      port = s.port;
      await expectExplained(await connect({ ca: 'ca.crt', servername: 'localhost', cert: 'stranger.crt', key: 'stranger.key' }), { program: 'node', id: 'node-err-ssl-tlsv1-alert-unknown-ca', names: ['stranger.crt'] });
    } finally {
      s.stop();
    }
  });
  it('a client certificate of another CA: a Go server answers "bad certificate"', async () => {
    const go = await goServer();
    try {
      port = go.port;
      await expectExplained(await connect({ ca: 'ca.crt', servername: 'localhost', cert: 'stranger.crt', key: 'stranger.key', maxVersion: 'TLSv1.2' }), { program: 'node', id: 'node-err-ssl-sslv3-alert-bad-certificate', names: ['stranger.crt'] });
    } finally {
      go.stop();
    }
  });
  it('no client certificate for a server that requires one', async () => {
    await serve('server.crt', 'server.key', true);
    await expectExplained(await connect({ ca: 'ca.crt', servername: 'localhost' }), { program: 'node', id: /certificate-required/ });
  });
});

// ------------------------------------------------------------------------------------------ PostgreSQL

describe('PostgreSQL 15 and psql (libpq)', () => {
  let pg: PostgresServer;
  let psqlBin: string;
  before(async () => {
    pg = await PostgresServer.create();
    pg.configure({ cert: pki.path('server.crt'), key: pki.path('server.key'), ca: pki.path('ca.crt'), crl: pki.path('ca.crl') });
    pg.start();
    pg.admin('CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN;');
    psqlBin = findPsql(pg.bin);
    copyFileSync(pki.path('alice.key'), pki.path('alice-open.key'));
    chmodSync(pki.path('alice-open.key'), 0o644);
  });
  after(() => pg?.stop());

  async function psql(conn: string): Promise<string> {
    const r = await runBounded(psqlBin, ['-X', '-w', '-c', 'select 1', `port=${pg.port} dbname=postgres ${conn}`], { timeoutMs: 20_000, env: { ...process.env, PGCONNECT_TIMEOUT: '10', HOME: pki.dir } });
    return `${r.stdout}\n${r.stderr}`;
  }

  it('a certificate whose CN is another user: certificate authentication failed (client), user names do not match (server log)', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${pki.path('ca.crt')} sslcert=${pki.path('bob.crt')} sslkey=${pki.path('bob.key')}`);
    await expectExplained(out, { program: 'postgres', id: 'postgres-cert-auth-user', names: ['alice.crt'], fix: /alice\.crt/ });
    await expectExplained(pg.log(), { program: 'postgres', id: 'postgres-cn-user-mismatch', names: ['alice.crt'] });
  });
  it('a certificate without its key file', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${pki.path('ca.crt')} sslcert=${pki.path('alice.crt')} sslkey=${join(pki.dir, 'missing', 'alice.key')}`);
    await expectExplained(out, { program: 'libpq', id: 'libpq-cert-without-key', names: ['alice.key'] });
  });
  it('no client certificate: connection requires a valid client certificate', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${pki.path('ca.crt')} sslcert=${pki.path('none.crt')} sslkey=${pki.path('none.key')}`);
    await expectExplained(out, { program: 'postgres', id: 'postgres-client-cert-required', names: ['alice.crt'] });
  });
  it('a host name the server certificate lacks (verify-full)', async () => {
    const out = await psql(`host=db.internal hostaddr=127.0.0.1 user=alice sslmode=verify-full sslrootcert=${pki.path('ca.crt')} sslcert=${pki.path('alice.crt')} sslkey=${pki.path('alice.key')}`);
    await expectExplained(out, { program: 'libpq', id: 'libpq-host-mismatch', names: ['server.crt'], fix: /db\.internal/ });
  });
  it('a missing root certificate', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${join(pki.dir, 'missing', 'root.crt')}`);
    await expectExplained(out, { program: 'libpq', id: 'libpq-root-cert-missing' });
  });
  it('a client key others can read', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${pki.path('ca.crt')} sslcert=${pki.path('alice.crt')} sslkey=${pki.path('alice-open.key')}`);
    await expectExplained(out, { program: 'libpq', id: 'libpq-key-permissions', names: ['alice-open.key'], fix: /chmod 600/ });
  });
  it('a root certificate of another CA: certificate verify failed', async () => {
    const out = await psql(`host=localhost user=alice sslmode=verify-full sslrootcert=${pki.path('other-ca.crt')} sslcert=${pki.path('alice.crt')} sslkey=${pki.path('alice.key')}`);
    await expectExplained(out, { program: 'libpq', id: 'openssl-certificate-verify-failed' });
  });
  it('probe --postgres: the good client certificate is accepted, the wrong one is explained', () => {
    const base = ['probe', `127.0.0.1:${pg.port}`, '--postgres', '--dir', pki.dir, '--ca', pki.path('ca.crt'), '--timeout', '15'];
    const good = certwright([...base, '--cert', pki.path('alice.crt'), '--key', pki.path('alice.key')]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /accepted our client certificate/);
    const bad = certwright([...base, '--cert', pki.path('bob.crt'), '--key', pki.path('bob.key'), '--user', 'alice']);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /certificate authentication failed for user "alice"/);
    assert.match(bad.stdout, /alice\.crt/);
  });
});

// ------------------------------------------------------------------------------------------ Java

describe('Java (JSSE, as pgJDBC and other JVM clients use it)', () => {
  const source = resolve(__dirname, 'java/TlsClient.java');
  const servers: Server[] = [];
  const outputs = new Map<string, string>();
  const scenarios = ['rogue', 'dnsonly', 'legacy', 'expired', 'iponly'];
  before(async () => {
    const ports: number[] = [];
    for (const name of scenarios) {
      const server = createServer({ cert: pki.read(`${name}.crt`), key: pki.read(`${name}.key`) }, (s) => s.end());
      server.on('tlsClientError', () => undefined);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      servers.push(server);
      ports.push((server.address() as { port: number }).port);
    }
    // One JVM for every scenario: the output is split on the "=== PORT" lines.
    // iponly is dialled by name (localhost); the others by address.
    const hostOf = (i: number): string => (scenarios[i] === 'iponly' ? 'localhost' : '127.0.0.1');
    const r = await runBounded('java', [source, pki.path('ca.crt'), ...ports.map((p, i) => `${hostOf(i)}:${p}`)], { timeoutMs: 120_000 });
    const parts = r.stdout.split(/^=== \S+:(\d+)$/m);
    for (let i = 1; i < parts.length; i += 2) outputs.set(scenarios[ports.indexOf(Number(parts[i]))]!, parts[i + 1]!);
    assert.equal(outputs.size, scenarios.length, `java ran ${outputs.size} of ${scenarios.length} scenarios:\n${r.stdout}\n${r.stderr}`);
  });
  after(() => servers.forEach((s) => s.close()));

  it('PKIX path building failed (a server certificate from an untrusted CA)', async () => {
    await expectExplained(outputs.get('rogue')!, { program: 'java', id: 'java-pkix-path', names: ['rogue.crt'] });
  });
  it('No subject alternative names matching IP address', async () => {
    await expectExplained(outputs.get('dnsonly')!, { program: 'java', id: 'java-no-ip-san', names: ['dnsonly.crt'], fix: /127\.0\.0\.1/ });
  });
  it('No subject alternative names present', async () => {
    await expectExplained(outputs.get('legacy')!, { program: 'java', id: 'java-no-sans', names: ['legacy.crt'] });
  });
  it('an expired server certificate', async () => {
    await expectExplained(outputs.get('expired')!, { program: 'java', id: /java-expired|java-pkix-path/, names: ['expired.crt'] });
  });
  it('No subject alternative DNS name matching (a certificate with an IP SAN only, dialled by name)', async () => {
    await expectExplained(outputs.get('iponly')!, { program: 'java', id: 'java-no-dns-san', names: ['iponly.crt'], fix: /localhost/ });
  });
  it('unknown_ca from an OpenSSL server when the JVM presents a certificate of another CA', async () => {
    openssl(['pkcs12', '-export', '-in', 'stranger.crt', '-inkey', 'stranger.key', '-out', 'stranger.p12', '-passout', 'pass:changeit']);
    const s = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    try {
      const r = await runBounded('java', [`-Dclient.p12=${pki.path('stranger.p12')}`, '-Dclient.password=changeit', source, pki.path('ca.crt'), `127.0.0.1:${s.port}`], { timeoutMs: 60_000 });
      await expectExplained(r.stdout, { program: 'java', id: 'java-alert', names: ['stranger.crt'] });
    } finally {
      s.stop();
    }
  });
  it('certificate_required from an OpenSSL server when the JVM has no client certificate', async () => {
    const s = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    try {
      const r = await runBounded('java', [source, pki.path('ca.crt'), `127.0.0.1:${s.port}`], { timeoutMs: 60_000 });
      await expectExplained(r.stdout, { program: 'java', id: 'java-alert-certificate-required', names: ['alice.crt'] });
    } finally {
      s.stop();
    }
  });
});

// ------------------------------------------------------------------------------------------ probe (generic TLS)

describe('certwright probe against a Node TLS server', () => {
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer({ cert: pki.read('server.crt'), key: pki.read('server.key'), ca: pki.read('ca.crt'), requestCert: true, rejectUnauthorized: true }, (s) => s.end('ok'));
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());
  const probe = (...args: string[]) => cli(['probe', `127.0.0.1:${port}`, '--dir', pki.dir, ...args]);

  it('all well with the right CA and client certificate (exit 0)', async () => {
    const r = await probe('--ca', pki.path('ca.crt'), '--cert', pki.path('alice.crt'), '--key', pki.path('alice.key'));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /verifies against the CA given/);
    assert.match(r.stdout, /accepted our client certificate/);
  });
  it('a name the certificate lacks (exit 1, the fix names the SAN)', async () => {
    const r = await probe('--ca', pki.path('ca.crt'), '--cert', pki.path('alice.crt'), '--key', pki.path('alice.key'), '--servername', 'db.internal');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /--san localhost,127\.0\.0\.1,db\.internal/);
  });
  it('a client certificate of an untrusted CA: a Node.js server hangs up, the probe says so (exit 1)', async () => {
    const r = await probe('--ca', pki.path('ca.crt'), '--cert', pki.path('stranger.crt'), '--key', pki.path('stranger.key'));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /✘ the server refused the connection after the handshake: the server closed the connection right after the handshake/);
  });
  it('a client certificate of an untrusted CA: an OpenSSL server alerts "unknown ca", explained (exit 1)', async () => {
    const s = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    try {
      const r = await cli(['probe', `127.0.0.1:${s.port}`, '--dir', pki.dir, '--ca', pki.path('ca.crt'), '--cert', pki.path('stranger.crt'), '--key', pki.path('stranger.key'), '--json']);
      assert.equal(r.code, 1, r.stdout);
      const v = JSON.parse(r.stdout) as { checks: Array<{ name: string; ok: boolean }>; explanations: Array<{ cause: string; why: Array<{ text: string }> }> };
      assert.equal(v.checks.find((c) => c.name === 'client')?.ok, false);
      const e = v.explanations.find((x) => x.cause === 'peer-unknown-ca');
      assert.ok(e, JSON.stringify(v.explanations));
      assert.ok(e.why.some((w) => w.text.includes('stranger.crt')), JSON.stringify(e.why));
    } finally {
      s.stop();
    }
  });
  it('a server slow to judge the client certificate (its verdict 1.5 s after the handshake): the alert and the acceptance are both waited for', async () => {
    const s = await sServer(['-cert', 'server.crt', '-key', 'server.key', '-Verify', '1', '-verify_return_error', '-CAfile', 'ca.crt']);
    const slow = await slowVerdictProxy(s.port, 1500);
    try {
      const through = (cert: string) => cli(['probe', `127.0.0.1:${slow.port}`, '--dir', pki.dir, '--timeout', '15', '--ca', pki.path('ca.crt'), '--cert', pki.path(`${cert}.crt`), '--key', pki.path(`${cert}.key`), '--json']);
      const refused = await through('stranger');
      assert.equal(refused.code, 1, refused.stdout);
      assert.ok(JSON.parse(refused.stdout).explanations.some((e: { cause: string }) => e.cause === 'peer-unknown-ca'), refused.stdout);
      const accepted = await through('alice');
      assert.equal(accepted.code, 0, accepted.stdout);
    } finally {
      slow.stop();
      s.stop();
    }
  });
  it('the wrong CA: the chain does not verify (exit 1)', async () => {
    const r = await probe('--ca', pki.path('other-ca.crt'));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /does not verify/);
  });
  it('nothing listening: unreachable (exit 2) within the timeout', async () => {
    const r = await cli(['probe', '127.0.0.1:1', '--timeout', '5']);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /ECONNREFUSED/);
  });
});

describe('certwright probe against a Go server and a Java (JSSE) server that require client certificates', () => {
  const servers: Array<{ name: string; port: number; stop(): void }> = [];
  before(async () => {
    openssl(['pkcs12', '-export', '-in', 'server.crt', '-inkey', 'server.key', '-out', 'server.p12', '-passout', 'pass:changeit']);
    const [go, java] = await Promise.all([goServer(), listeningServer('java', [resolve(__dirname, 'java/TlsServer.java'), pki.path('server.p12'), 'changeit', pki.path('ca.crt')])]);
    servers.push({ name: 'Go', ...go! }, { name: 'Java', ...java! });
  });
  after(() => servers.forEach((s) => s.stop()));

  for (const name of ['Go', 'Java']) {
    const probe = (...args: string[]) => cli(['probe', `127.0.0.1:${servers.find((s) => s.name === name)!.port}`, '--dir', pki.dir, '--timeout', '15', ...args]);
    it(`${name}: all well with the right CA and client certificate (exit 0)`, async () => {
      const r = await probe('--ca', pki.path('ca.crt'), '--cert', pki.path('alice.crt'), '--key', pki.path('alice.key'));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /verifies against the CA given/);
      assert.match(r.stdout, /accepted our client certificate/);
    });
    it(`${name}: a client certificate of an untrusted CA is refused, and the probe names it (exit 1)`, async () => {
      const r = await probe('--ca', pki.path('ca.crt'), '--cert', pki.path('stranger.crt'), '--key', pki.path('stranger.key'), '--json');
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const v = JSON.parse(r.stdout) as { checks: Array<{ name: string; ok: boolean }>; explanations: Array<{ cause: string; why: Array<{ text: string }> }> };
      assert.equal(v.checks.find((c) => c.name === 'client')?.ok, false, r.stdout);
      assert.ok(v.explanations.some((e) => e.why.some((w) => w.text.includes('stranger.crt'))), `no explanation names stranger.crt:\n${r.stdout}`);
    });
    it(`${name}: no client certificate is refused (exit 1)`, async () => {
      const r = await probe('--ca', pki.path('ca.crt'));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /✘ the server refused/);
    });
    it(`${name}: the wrong CA, the chain does not verify (exit 1)`, async () => {
      const r = await probe('--ca', pki.path('other-ca.crt'), '--cert', pki.path('alice.crt'), '--key', pki.path('alice.key'));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /does not verify/);
    });
  }
  // What the Java server answers a foreign client certificate with, as the other programs' clients report it.
  it('Java: s_client with a certificate of an untrusted CA reads "sslv3 alert certificate unknown"', async () => {
    const port = servers.find((s) => s.name === 'Java')!.port;
    const r = await runBounded('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', '-cert', pki.path('stranger.crt'), '-key', pki.path('stranger.key'), '-CAfile', pki.path('ca.crt')], { input: 'Q\n', timeoutMs: 15_000 });
    await expectExplained(`${r.stdout}\n${r.stderr}`, { program: 'openssl', id: 'openssl-alert-certificate-unknown', names: ['stranger.crt'] });
  });
  it('Java: a Node.js client with a certificate of an untrusted CA gets ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', async () => {
    const port = servers.find((s) => s.name === 'Java')!.port;
    const error = await new Promise<string>((done) => {
      const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.read('ca.crt'), cert: pki.read('stranger.crt'), key: pki.read('stranger.key'), maxVersion: 'TLSv1.2' });
      let text = '';
      s.on('error', (e: NodeJS.ErrnoException) => (text ||= `${e.code ?? ''}: ${e.message}`));
      s.on('data', () => undefined);
      s.on('close', () => done(text));
      s.setTimeout(10_000, () => s.destroy(new Error('timeout')));
    });
    await expectExplained(error, { program: 'node', id: 'node-err-ssl-sslv3-alert-certificate-unknown', names: ['stranger.crt'] });
  });
});

// ------------------------------------------------------------------------------------------ the CLI

describe('certwright explain (the built CLI)', () => {
  it('reads the message from stdin, names the file and the fix, exit 0', async () => {
    const r = await cli(['explain', '--dir', pki.dir], 'E1206 12:00:01 rpc error: x509: certificate is valid for localhost, 127.0.0.1, not 10.0.0.7\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /server\.crt/);
    assert.match(r.stdout, /certwright renew --dir \S+ --cert server\.crt --san localhost,127\.0\.0\.1,10\.0\.0\.7/);
  });
  it('text it does not know: exit 2 and says so', async () => {
    const r = await cli(['explain', '--dir', pki.dir, 'connection reset by peer while reading the weather']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /No TLS error message that Certwright knows/);
  });
  it('--json gives the catalogue id, the cause and the facts', async () => {
    const r = await cli(['explain', '--dir', pki.dir, '--json', 'FATAL:  certificate authentication failed for user "alice"']);
    const answer = JSON.parse(r.stdout) as { explanations: Array<{ id: string; cause: string; facts: { user?: string } }> };
    assert.deepEqual(answer.explanations.map((e) => [e.id, e.cause, e.facts.user]), [['postgres-cert-auth-user', 'cert-user', 'alice']]);
  });
});

// ------------------------------------------------------------------------------------------ from error to fix

describe('the fix explain offers, carried out, makes the handshake pass', () => {
  it('Go rejects a node certificate without the dialled address; the suggested renew adds it; Go then accepts', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'certwright-doctor-fix-'));
    try {
      const run = async (args: readonly string[]) => {
        const r = await runBounded(process.execPath, [cliPath, ...args], { timeoutMs: 60_000, env: { ...process.env, NODE_OPTIONS: '' }, cwd: ws });
        assert.equal(r.code, 0, `certwright ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
        return r.stdout;
      };
      await run(['ca', 'create', '--profile', 'cockroach', '--dir', 'crdb', '--key', 'p256']);
      await run(['issue', 'node', '--dir', 'crdb', '--san', 'localhost,127.0.0.1']);
      const binary = buildGoPeer();
      const check = (): GoCheck => ({ name: 'node', kind: 'verify', ca: [join(ws, 'crdb/certs/ca.crt')], cert: join(ws, 'crdb/certs/node.crt'), host: '10.0.0.7' });
      const [before] = runGoChecks(binary, [check()], ws);
      assert.ok(before!.error, 'Go must reject the certificate before the fix');
      const answer = JSON.parse(await run(['explain', '--json', before!.error!])) as Answer;
      const fix = answer.explanations.flatMap((e) => e.fixes).find((f) => f.command?.[0] === 'renew');
      assert.ok(fix?.command, JSON.stringify(answer, null, 2));
      await run(fix.command);
      const [after] = runGoChecks(binary, [check()], ws);
      assert.equal(after!.error, undefined, `after \`certwright ${fix.command.join(' ')}\` Go still says: ${after!.error}`);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
