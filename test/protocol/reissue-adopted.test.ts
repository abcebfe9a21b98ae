/**
 * The "Re-issue <cert> with SAN" quick fix on an adopted CA, over the protocol: an easy-rsa
 * 3.1 PKI (the real easyrsa made the CA and the server certificate, then `certwright
 * adopt`), a postgresql.conf naming pki/issued/db.crt, and an app dialing db.example.com
 * with verify-full (PG-030). The fix renews the certificate where easy-rsa keeps it, with
 * its key from pki/private/, records it in pki/index.txt; openssl verifies the new name and
 * easy-rsa revokes and publishes after it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as lsp from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './lspClient';
import { runCli } from '../../server/src/cli/main';

const EASYRSA = '/usr/share/easy-rsa/easyrsa';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-proto-reissue-adopted-'));
const pg = path.join(tmp, 'pg');
let client: TestClient;

function must(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

const openssl = (...args: string[]): { code: number; out: string } => {
  const r = spawnSync('openssl', args, { cwd: pg, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
};
const serialOf = (file: string): string => openssl('x509', '-in', file, '-noout', '-serial').out.trim().replace(/^serial=/, '');

before(async () => {
  assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
  fs.mkdirSync(pg);
  const env = { EASYRSA_BATCH: '1' };
  must(EASYRSA, ['init-pki'], pg, env);
  must(EASYRSA, ['build-ca', 'nopass'], pg, { ...env, EASYRSA_REQ_CN: 'Proto EasyRSA CA' });
  must(EASYRSA, ['--subject-alt-name=DNS:db.internal', 'build-server-full', 'db', 'nopass'], pg, env);
  let err = '';
  const code = await runCli(['adopt', '--dir', pg, '--from', 'easy-rsa', path.join(pg, 'pki'), '--create-missing', '--profile', 'postgres'], { out: () => undefined, err: (t) => (err += t), cwd: tmp });
  assert.equal(code, 0, err);
  fs.writeFileSync(path.join(pg, 'postgresql.conf'), "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'pki/issued/db.crt'\nssl_key_file = 'pki/private/db.key'\nssl_ca_file = 'pki/ca.crt'\n");
  fs.writeFileSync(path.join(pg, 'pg_hba.conf'), 'hostssl all all 0.0.0.0/0 cert\n');
  fs.mkdirSync(path.join(tmp, 'app'));
  fs.writeFileSync(path.join(tmp, 'app/wrong-host.env'), 'DATABASE_URL=postgresql://alice@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=../pg/pki/ca.crt\n');
  client = await startClient({ rootPath: tmp, capabilities: { window: { showMessage: {} } }, onShowMessageRequest: (p) => p.actions?.find((a) => a.title === 'Re-issue') ?? null });
});

after(async () => {
  await client?.shutdown();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('PG-030 on a certificate of an adopted easy-rsa CA: re-issued in pki/issued with its key in pki/private, recorded in pki/index.txt; openssl and easy-rsa agree', async () => {
  const file = path.join(tmp, 'app/wrong-host.env');
  const uri = client.open(file, 'plaintext', fs.readFileSync(file, 'utf8'));
  const diags = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'PG-030'), 60_000);
  const diag = diags.find((d) => d.code === 'PG-030')!;
  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  const fix = actions.find((a) => a.title === 'Re-issue db.crt with SAN db.example.com');
  assert.ok(fix?.command, JSON.stringify(actions.map((a) => a.title)));
  const oldSerial = serialOf('pki/issued/db.crt');
  const key = fs.readFileSync(path.join(pg, 'pki/private/db.key'), 'utf8');

  const done = await client.request<{ ok: boolean; written?: string[]; message?: string }>('workspace/executeCommand', { command: fix.command.command, arguments: fix.command.arguments });
  assert.equal(done.ok, true, JSON.stringify(done));
  assert.ok(done.written?.includes(path.join(pg, 'pki/issued/db.crt')), JSON.stringify(done.written));
  assert.ok(!fs.existsSync(path.join(pg, 'ca-private')) && !fs.existsSync(path.join(pg, 'root.crt')), "nothing of Certwright's own postgres layout beside the adopted CA");
  assert.equal(fs.readFileSync(path.join(pg, 'pki/private/db.key'), 'utf8'), key, 'same key: easy-rsa keeps it in pki/private');

  const serial = serialOf('pki/issued/db.crt');
  assert.notEqual(serial, oldSerial);
  assert.ok(fs.existsSync(path.join(pg, `pki/certs_by_serial/${serial}.pem`)));
  assert.match(fs.readFileSync(path.join(pg, 'pki/index.txt'), 'utf8'), new RegExp(`^V\\t\\d{12}Z\\t\\t${serial}\\tunknown\\t/CN=db$`, 'm'));
  const v = openssl('verify', '-purpose', 'sslserver', '-verify_hostname', 'db.example.com', '-CAfile', 'pki/ca.crt', 'pki/issued/db.crt');
  assert.equal(v.code, 0, v.out);
  assert.equal(openssl('verify', '-verify_hostname', 'db.internal', '-CAfile', 'pki/ca.crt', 'pki/issued/db.crt').code, 0, 'the names it had are kept');

  // easy-rsa carries on: it revokes the re-issued certificate by name and publishes it.
  must(EASYRSA, ['revoke', 'db'], pg, { EASYRSA_BATCH: '1' });
  must(EASYRSA, ['gen-crl'], pg, { EASYRSA_BATCH: '1' });
  assert.match(openssl('crl', '-in', 'pki/crl.pem', '-noout', '-text').out, new RegExp(`Serial Number: ${serial}`));
});
