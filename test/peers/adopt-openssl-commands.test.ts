/**
 * "The equivalent openssl commands" of an adopted CA run as printed. Certwright's own
 * openssl-ca.cnf has its leaf sections (`-extensions node_cert`); an adopted CA's configuration
 * does not, and easy-rsa's reads its settings from easyrsa's environment ($ENV::EASYRSA_PKI…),
 * so openssl refused the printed commands ("Error Loading extension section node_cert_rsa",
 * "variable has no value"). Each case runs the printed commands with bash on a copy of the CA
 * taken just before Certwright issued, revoked or published, and compares what openssl made with
 * what Certwright made: the certificate's subject and extensions (its key is another), and the
 * serials the CRL lists.
 * Renewing the CA certificate keeps its serial, as `openssl x509 -signkey` does: easy-rsa's
 * certificates name it in their authorityKeyIdentifier (issuer:always), and with a new serial
 * `openssl verify` found no issuer for them ("unable to get local issuer certificate").
 *  - easy-rsa 3.1 (easyrsa build-ca, build-server-full), adopted with --create-missing;
 *  - CA.pl's demoCA with OpenSSL's apps/openssl.cnf (policy_match).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok } from './support/openssl';
import { crlSerials, EASYRSA, makeDemoCa, must, serialOf } from './support/realCas';

const { tmp, cli, json } = inProcessCli('certwright-adopt-openssl-commands-');

/** What two certificates must share: the subject and the extensions but the key identifiers. */
const profileOf = (file: string): string => ok(tmp, 'x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,show_type', '-ext', 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName');

/** Runs the printed commands (after their `cd`) in `twin` with bash. */
function runPrinted(commands: readonly string[], twin: string): void {
  assert.match(commands[0] ?? '', /^cd /, commands.join('\n'));
  must('bash', ['-euc', commands.slice(1).join('\n')], twin);
}

function copyOf(dir: string, name: string): string {
  const twin = path.join(tmp, name);
  fs.cpSync(dir, twin, { recursive: true });
  return twin;
}

/** Issues a node and a client with the printed commands as well, then revokes the node both ways. */
function lifeCases(dir: () => string, caFile: string, crlFile: string, earlier: string): void {
  for (const [kind, args] of [
    ['node', ['issue', 'node', '--san', 'db1.example', '--san', '10.0.0.1', '--name', 'db1']],
    ['client', ['issue', 'client', '--user', 'alice']],
  ] as const) {
    it(`issue ${kind}: the printed commands make a certificate with the same subject and extensions, which openssl verify accepts`, async () => {
      const twin = copyOf(dir(), `twin-${path.basename(dir())}-${kind}`);
      const r = await json(args[0], args[1], '--dir', dir(), ...args.slice(2), '--print-openssl');
      runPrinted(r.opensslCommands, twin);
      const cert = r.issued.certPath as string;
      ok(twin, 'verify', '-CAfile', caFile, '-purpose', kind === 'node' ? 'sslserver' : 'sslclient', cert);
      assert.equal(profileOf(path.join(twin, cert)), profileOf(path.join(dir(), cert)));
    });
  }

  it('renew the CA certificate: what the tool issued before verifies against the renewed CA, and so does the printed command\'s', async () => {
    const twin = copyOf(dir(), `twin-${path.basename(dir())}-renew-ca`);
    const r = await json('renew', '--dir', dir(), '--cert', path.join(dir(), caFile), '--print-openssl');
    runPrinted(r.opensslCommands, twin);
    for (const at of [dir(), twin]) {
      ok(at, 'verify', '-CAfile', caFile, earlier);
      assert.equal(serialOf(at, caFile), serialOf(dir(), `${caFile}.before`));
    }
  });

  it('revoke: the printed commands revoke the same serial and publish a CRL that lists it', async () => {
    const r0 = await json('issue', 'node', '--dir', dir(), '--san', 'db2.example', '--name', 'db2');
    const serial = serialOf(dir(), r0.issued.certPath);
    const twin = copyOf(dir(), `twin-${path.basename(dir())}-revoke`);
    const r = await json('revoke', '--dir', dir(), '--cert', path.join(dir(), r0.issued.certPath), '--print-openssl');
    runPrinted(r.opensslCommands, twin);
    assert.ok(crlSerials(twin, crlFile).includes(serial), r.opensslCommands.join('\n'));
    assert.ok(crlSerials(dir(), crlFile).includes(serial));
  });
}

describe('adopted easy-rsa 3.1: the printed openssl commands run as printed', () => {
  const dir = path.join(tmp, 'easyrsa');
  const env = { EASYRSA_BATCH: '1' };
  before(async () => {
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(dir, { recursive: true });
    must(EASYRSA, ['init-pki'], dir, env);
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'Adopted EasyRSA CA' });
    must(EASYRSA, ['build-server-full', 'srv1', 'nopass'], dir, env);
    assert.match(ok(dir, 'x509', '-in', 'pki/issued/srv1.crt', '-noout', '-ext', 'authorityKeyIdentifier'), /serial:/, 'easy-rsa names the CA serial in its certificates');
    fs.copyFileSync(path.join(dir, 'pki/ca.crt'), path.join(dir, 'pki/ca.crt.before'));
    const a = await cli('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing');
    assert.equal(a.code, 0, a.err);
  });
  lifeCases(() => dir, 'pki/ca.crt', 'pki/crl.pem', 'pki/issued/srv1.crt');
});

describe('adopted CA.pl demoCA (OpenSSL apps/openssl.cnf): the printed openssl commands run as printed', () => {
  const dir = path.join(tmp, 'demo');
  before(async () => {
    makeDemoCa(dir, ['leaf1']);
    fs.copyFileSync(path.join(dir, 'demoCA/cacert.pem'), path.join(dir, 'demoCA/cacert.pem.before'));
    const a = await cli('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), '--create-missing');
    assert.equal(a.code, 0, a.err);
  });
  lifeCases(() => dir, 'demoCA/cacert.pem', 'demoCA/crl.pem', 'leaf1.crt');
});
