/**
 * CA rotation over a folder where a certificate was exported (certwright export --format
 * chain --with-root: PostgreSQL's ssl_cert_file, a TLS server's chain): the export is
 * written again by reissue from the new certificate and the new CA, so that openssl verify
 * and a Node TLS handshake trusting only the new CA accept the chain file after retire.
 * Before, reissue took the chain file for a certificate of its own and refused the step
 * ("the key of 1 certificate is not beside it: server-chain.pem").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';

const { tmp, cli } = inProcessCli('certwright-rotation-exports-');

async function cw(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}`);
  return `${r.out}${r.err}`;
}

/** A Node TLS server presenting `certFile` (the chain) with `keyFile`; a client trusting `caFile` only. */
async function handshake(certFile: string, keyFile: string, caFile: string): Promise<string> {
  const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve) => {
      const c = tls.connect({ host: '127.0.0.1', port, servername: 'db1', ca: fs.readFileSync(caFile) }, () => {
        c.end();
        resolve('ok');
      });
      c.on('error', (e) => resolve(e.message));
    });
  } finally {
    server.close();
  }
}

describe('CA rotation with an exported chain file', () => {
  it('reissue writes server-chain.pem again (new certificate + new CA); after retire openssl and Node TLS trusting the new CA alone accept it', async () => {
    const dir = path.join(tmp, 'pg');
    await cw('ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256');
    await cw('issue', 'node', '--dir', dir, '--san', 'db1', '--key', 'p256');
    await cw('export', '--dir', dir, '--cert', path.join(dir, 'server.crt'), '--format', 'chain', '--with-root');
    const chain = path.join(dir, 'server-chain.pem');
    assert.equal(await handshake(chain, path.join(dir, 'server.key'), path.join(dir, 'root.crt')), 'ok', 'before the rotation');
    await cw('ca', 'rotate', 'new-ca', '--dir', dir);
    await cw('ca', 'rotate', 'publish', '--dir', dir);
    const out = await cw('ca', 'rotate', 'reissue', '--dir', dir);
    assert.match(out, /server-chain\.pem/);
    await cw('ca', 'rotate', 'retire', '--dir', dir);
    // root.crt now holds the new CA alone.
    assert.equal((fs.readFileSync(path.join(dir, 'root.crt'), 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length, 1);
    const blocks = fs.readFileSync(chain, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)!;
    assert.equal(blocks[0], fs.readFileSync(path.join(dir, 'server.crt'), 'utf8'));
    assert.equal(blocks[1], fs.readFileSync(path.join(dir, 'root.crt'), 'utf8'));
    assert.match(ok(dir, 'verify', '-CAfile', 'root.crt', '-untrusted', 'server-chain.pem', 'server-chain.pem'), /OK/);
    assert.equal(await handshake(chain, path.join(dir, 'server.key'), path.join(dir, 'root.crt')), 'ok', 'after retire, trusting the new CA only');
    // The old CA (kept in retired/) no longer verifies the chain file's certificate.
    const retiredCa = fs.readdirSync(path.join(dir, 'ca-private', 'retired')).map((s) => path.join(dir, 'ca-private', 'retired', s, 'ca.crt'))[0]!;
    assert.notEqual(openssl(dir, 'verify', '-CAfile', retiredCa, 'server-chain.pem').code, 0);
  });
});
