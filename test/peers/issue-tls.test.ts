/**
 * Real-peer proof with Node.js TLS: a mutual-TLS server and client using the
 * node and client certificates Certwright issued, with a client-CN allow-list
 * enforced the way DM's `cert-allowed-cn` is (rules doc D.3: the peer chain is
 * verified against the CA, then any certificate of the verified chain must have
 * an allowed CN; D.4: DM verifies client certificates with Go's default server
 * usage, so they must carry serverAuth, and clientAuth for the server side).
 * Only 127.0.0.1 ports.
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../server/src/cli/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-issue-tls-'));
const servers: tls.Server[] = [];
after(() => {
  for (const s of servers) s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cw(...args: string[]): Promise<void> {
  let err = '';
  const code = await runCli(args, { out: () => {}, err: (t) => (err += t), cwd: tmp });
  assert.equal(code, 0, `certwright ${args.join(' ')} → ${code}\n${err}`);
}

const read = (dir: string, f: string): string => fs.readFileSync(path.join(tmp, dir, f), 'utf8');

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

interface Refusal {
  readonly cn: string;
  readonly reason: string;
}

/** A DM-like mTLS server (client certificate required): verifies the client chain, then enforces the CN allow-list over the chain and DM's usages. */
async function dmServer(opts: { key: string; cert: string; ca: string; allowedCn: readonly string[] }): Promise<{ port: number; refusals: Refusal[]; tlsErrors: Error[] }> {
  const refusals: Refusal[] = [];
  const tlsErrors: Error[] = [];
  const server = tls.createServer({ key: opts.key, cert: opts.cert, ca: opts.ca, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, (socket) => {
    const leaf = socket.getPeerCertificate(true);
    // Like DM's VerifyPeerCertificate: first the chain against the CA ...
    if (!socket.authorized) {
      refusals.push({ cn: String(leaf?.subject?.CN ?? ''), reason: String(socket.authorizationError) });
      socket.destroy();
      return;
    }
    // ... then the CN allow-list over the verified chain, then DM's usages.
    const chainCns: string[] = [];
    for (let c: tls.DetailedPeerCertificate | undefined = leaf; c && c.raw; c = c.issuerCertificate === c ? undefined : c.issuerCertificate) {
      const cn = c.subject?.CN;
      chainCns.push(Array.isArray(cn) ? cn.join('+') : String(cn ?? ''));
      if (c.issuerCertificate === c) break;
    }
    const usages = leaf.ext_key_usage ?? [];
    const cn = chainCns[0] ?? '';
    if (!chainCns.some((x) => opts.allowedCn.includes(x.trim()))) {
      refusals.push({ cn, reason: `client certificate authentication failed. The Common Name from the client certificate [${chainCns.join(' ')}] was not found in the configuration cluster-verify-cn with value: [${opts.allowedCn.join(' ')}]` });
      socket.destroy();
      return;
    }
    if (usages.length && !(usages.includes(SERVER_AUTH) && usages.includes(CLIENT_AUTH))) {
      refusals.push({ cn, reason: 'x509: certificate specifies an incompatible key usage' });
      socket.destroy();
      return;
    }
    socket.end(`welcome ${cn}\n`);
  });
  server.on('tlsClientError', (e) => tlsErrors.push(e));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, refusals, tlsErrors };
}

interface Outcome {
  readonly greeting: string;
  readonly error?: NodeJS.ErrnoException;
}

/** Connects, waits for the server's greeting or the connection's end (bounded; no fixed sleeps). */
function connect(port: number, opts: { key: string; cert: string; ca: string; host?: string }): Promise<Outcome> {
  return new Promise((resolve) => {
    let data = '';
    let error: NodeJS.ErrnoException | undefined;
    const socket = tls.connect({ host: '127.0.0.1', port, key: opts.key, cert: opts.cert, ca: opts.ca, ...(opts.host ? { servername: undefined, checkServerIdentity: (_h: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(opts.host!, cert) } : {}) });
    const timer = setTimeout(() => socket.destroy(new Error('timed out after 10 s')), 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', (e) => (error = e));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ greeting: data, ...(error ? { error } : {}) });
    });
  });
}

describe('Node.js mutual TLS with Certwright-issued DM certificates', () => {
  let ca = '';
  let master = { key: '', cert: '' };
  let allowed = { key: '', cert: '' };
  let other = { key: '', cert: '' };
  let foreign = { key: '', cert: '' };
  let foreignCa = '';

  before(async () => {
    await cw('ca', 'create', '--profile', 'dm', '--dir', 'dm', '--key', 'p256');
    await cw('issue', 'node', '--dir', 'dm', '--san', 'localhost', '--san', '127.0.0.1');
    await cw('issue', 'client', '--dir', 'dm', '--user', 'dmctl');
    await cw('issue', 'client', '--dir', 'dm', '--user', 'intruder', '--name', 'intruder');
    await cw('ca', 'create', '--profile', 'dm', '--dir', 'other-ca', '--key', 'p256', '--cn', 'Other CA');
    await cw('issue', 'client', '--dir', 'other-ca', '--user', 'dmctl');
    ca = read('dm', 'ca.pem');
    master = { key: read('dm', 'master-key.pem'), cert: read('dm', 'master-cert.pem') };
    allowed = { key: read('dm', 'client-key.pem'), cert: read('dm', 'client-cert.pem') };
    other = { key: read('dm', 'intruder-key.pem'), cert: read('dm', 'intruder-cert.pem') };
    foreign = { key: read('other-ca', 'client-key.pem'), cert: read('other-ca', 'client-cert.pem') };
    foreignCa = read('other-ca', 'ca.pem');
  });

  it('the allowed CN connects (server verified against its IP SAN 127.0.0.1)', async () => {
    const srv = await dmServer({ ...master, ca, allowedCn: ['dmctl'] });
    const r = await connect(srv.port, { ...allowed, ca });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.greeting, 'welcome dmctl\n');
    assert.deepEqual(srv.refusals, []);
  });

  it('another CN from the same CA is refused by the allow-list', async () => {
    const srv = await dmServer({ ...master, ca, allowedCn: ['dmctl'] });
    const r = await connect(srv.port, { ...other, ca });
    assert.equal(r.greeting, '');
    assert.equal(srv.refusals.length, 1);
    assert.equal(srv.refusals[0]!.cn, 'intruder');
    assert.match(srv.refusals[0]!.reason, /was not found in the configuration cluster-verify-cn with value: \[dmctl\]/);
  });

  it('listing the CA CN admits every certificate of that CA (DM-010 behaviour)', async () => {
    const srv = await dmServer({ ...master, ca, allowedCn: ['DM CA'] });
    const r = await connect(srv.port, { ...other, ca });
    assert.equal(r.greeting, 'welcome intruder\n');
  });

  it('a certificate from another CA is refused by chain verification, even with an allowed CN', async () => {
    const srv = await dmServer({ ...master, ca, allowedCn: ['dmctl'] });
    const r = await connect(srv.port, { ...foreign, ca });
    assert.equal(r.greeting, '');
    assert.equal(srv.refusals.length, 1);
    assert.equal(srv.refusals[0]!.cn, 'dmctl');
    assert.match(srv.refusals[0]!.reason, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify the first certificate|unable to get local issuer/i);
    // and the other CA's client does not trust this server either
    const r2 = await connect(srv.port, { ...foreign, ca: foreignCa });
    assert.match(String(r2.error?.code ?? r2.error?.message), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/i);
  });

  it('hostname verification: a listed IP passes, an unlisted IP fails', async () => {
    const srv = await dmServer({ ...master, ca, allowedCn: ['dmctl'] });
    const listed = await connect(srv.port, { ...allowed, ca, host: '127.0.0.1' });
    assert.equal(listed.greeting, 'welcome dmctl\n');
    const unlisted = await connect(srv.port, { ...allowed, ca, host: '127.0.0.2' });
    assert.equal(unlisted.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(unlisted.error!.message, /IP: 127\.0\.0\.2 is not in the cert's list: 127\.0\.0\.1/);
    const dnsListed = await connect(srv.port, { ...allowed, ca, host: 'localhost' });
    assert.equal(dnsListed.greeting, 'welcome dmctl\n');
    const dnsUnlisted = await connect(srv.port, { ...allowed, ca, host: 'db.example.com' });
    assert.equal(dnsUnlisted.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('a server certificate issued for another address fails against 127.0.0.1', async () => {
    await cw('issue', 'node', '--dir', 'dm', '--name', 'worker', '--san', '10.0.0.5');
    const worker = { key: read('dm', 'worker-key.pem'), cert: read('dm', 'worker-cert.pem') };
    const srv = await dmServer({ ...worker, ca, allowedCn: ['dmctl'] });
    const r = await connect(srv.port, { ...allowed, ca });
    assert.equal(r.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.equal(r.greeting, '');
  });
});

describe('Node.js mutual TLS with CockroachDB node certificates (dual-purpose node cert)', () => {
  it('node.crt serves and also authenticates as a client; client.root.crt logs in; RSA keys', async () => {
    await cw('ca', 'create', '--profile', 'cockroach', '--dir', 'crdb', '--key', 'rsa2048');
    await cw('issue', 'node', '--dir', 'crdb', '--san', 'localhost', '--san', '127.0.0.1');
    await cw('issue', 'client', '--dir', 'crdb', '--user', 'root');
    const ca = read('crdb', 'certs/ca.crt');
    const node = { key: read('crdb', 'certs/node.key'), cert: read('crdb', 'certs/node.crt') };
    const root = { key: read('crdb', 'certs/client.root.key'), cert: read('crdb', 'certs/client.root.crt') };
    const seen: string[] = [];
    const server = tls.createServer({ ...node, ca, requestCert: true, rejectUnauthorized: true }, (s) => {
      seen.push(String(s.getPeerCertificate().subject.CN));
      s.end(`hello ${s.getPeerCertificate().subject.CN}\n`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    assert.equal((await connect(port, { ...node, ca })).greeting, 'hello node\n');
    assert.equal((await connect(port, { ...root, ca })).greeting, 'hello root\n');
    assert.deepEqual(seen, ['node', 'root']);
  });
});
