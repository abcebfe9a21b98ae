/**
 * The editor's issuing commands on an adopted CA, inside the real VS Code: a PKI made by
 * the real easy-rsa 3.1 and a demoCA made by OpenSSL's own CA.pl (with OpenSSL's
 * apps/openssl.cnf) are adopted, then Issue Node/Client Certificate, Revoke Certificate and
 * Publish CRL run from the palette (the wizard, and with arguments) and write where each
 * CA keeps its files, as `certwright issue/revoke/crl` do: the real tools agree afterwards
 * (`openssl ca -status`, `openssl verify -crl_check`, `easyrsa revoke` and `gen-crl`).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AdoptCaResult, InitClusterResult } from '../../../server/src/protocol/issue';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeWizardsAndEditors, extension, workspaceUri } from './helpers';
import { withFakeQuickInputs } from './wizardFakes';

const EASYRSA = '/usr/share/easy-rsa/easyrsa';
const CA_PL = '/usr/lib/ssl/misc/CA.pl';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}, input?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env }, ...(input !== undefined ? { input } : {}) });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** openssl's output and exit status (a failed verification is an answer here, not an error). */
function openssl(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const serialOf = (cwd: string, file: string): string => openssl(cwd, 'x509', '-in', file, '-noout', '-serial').out.trim().replace(/^serial=/, '');
const crlSerials = (cwd: string, file: string): string[] => [...openssl(cwd, 'crl', '-in', file, '-noout', '-text').out.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]!).sort();

suite('Issuing on an adopted CA from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  suiteTeardown(closeWizardsAndEditors);

  test('easy-rsa 3.1: the wizard issues into pki/issued + pki/private; revoke and Publish CRL write pki/crl.pem; easyrsa revoke and gen-crl carry on', async function () {
    this.timeout(240_000);
    assert.ok(existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    const dir = workspaceUri('adopted-it', 'easyrsa').fsPath;
    mkdirSync(dir, { recursive: true });
    const env = { EASYRSA_BATCH: '1' };
    const easyrsa = (...args: string[]): string => run(EASYRSA, args, dir, env);
    easyrsa('init-pki');
    run(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'IT EasyRSA CA' });
    easyrsa('build-server-full', 'srv1', 'nopass');
    const adopted = await vscode.commands.executeCommand<AdoptCaResult>('certwright.adoptCa', { from: 'easy-rsa', source: join(dir, 'pki'), dir, createMissing: true });
    assert.equal(adopted.report.layout.caKey, 'pki/private/ca.key');

    // The wizard, started on the CA's folder as from the explorer: the adopted CA is the one used.
    const pages: string[] = [];
    const node = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          pages.push(placeholder);
          if (/Summary/.test(placeholder)) {
            assert.ok(items.some((i) => i.label.includes('pki/issued/web1.crt')), items.map((i) => i.label).join(' | '));
            return items.filter((i) => (i as { write?: boolean }).write);
          }
          if (/Subject alternative names/.test(placeholder)) return items.filter((i) => i.label === 'localhost');
          if (/Key type/.test(placeholder)) return items.filter((i) => i.k === 'p256');
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt, value) => {
          pages.push(prompt);
          if (/^File name stem of the server certificate/.test(prompt)) return 'web1';
          if (/^Common name/.test(prompt)) return 'web1.example';
          if (/^Validity in days/.test(prompt)) return value;
          throw new Error(`unexpected input: ${prompt}`);
        },
      },
      () => vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert', vscode.Uri.file(dir)),
    );
    assert.ok(node, pages.join(' | '));
    assert.equal(node.issued?.certPath, 'pki/issued/web1.crt', pages.join(' | '));
    assert.ok(existsSync(join(dir, 'pki/private/web1.key')), 'the key is where easy-rsa keeps keys');
    assert.ok(!existsSync(join(dir, 'ca-private')), 'no second CA state beside the adopted one');
    assert.ok(existsSync(join(dir, `pki/certs_by_serial/${node.issued!.serial}.pem`)));
    assert.match(openssl(dir, 'verify', '-CAfile', 'pki/ca.crt', '-purpose', 'sslserver', 'pki/issued/web1.crt').out, /OK/);

    // Revoke a certificate easy-rsa issued before the adoption; the CRL goes where easy-rsa keeps it.
    const srv1 = serialOf(dir, 'pki/issued/srv1.crt');
    const revoked = await vscode.commands.executeCommand<IssueCommandResult>('certwright.revokeCertificate', { dir, cert: 'pki/issued/srv1.crt', reason: 'keyCompromise' });
    assert.ok(revoked.written.some((w) => w.endsWith('/pki/crl.pem')), revoked.written.join(', '));
    assert.match(readFileSync(join(dir, 'pki/index.txt'), 'utf8'), new RegExp(`^R\\t[^\\n]*\\t${srv1}\\t`, 'm'));
    const check = (cert: string): { code: number; out: string } => openssl(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', cert);
    assert.match(check('pki/issued/srv1.crt').out, /certificate revoked/);
    assert.equal(check('pki/issued/web1.crt').code, 0, check('pki/issued/web1.crt').out);
    const published = await vscode.commands.executeCommand<IssueCommandResult>('certwright.publishCrl', { dir, crlDays: 30 });
    assert.ok(published.written.some((w) => w.endsWith('/pki/crl.pem')));
    assert.deepEqual(crlSerials(dir, 'pki/crl.pem'), [srv1]);
    // easy-rsa carries on from the state the editor wrote: it revokes Certwright's certificate and its CRL agrees.
    easyrsa('revoke', 'web1');
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(dir, 'pki/crl.pem'), [srv1, node.issued!.serial].sort());
  });

  test('easy-rsa 3.1 as a parent and as the cluster CA: Create Intermediate CA records it where easy-rsa keeps it, Create Cluster from Topology issues into pki/issued, Rotate CA refuses with the choices', async function () {
    this.timeout(240_000);
    const dir = workspaceUri('adopted-it', 'easyrsa-parent').fsPath;
    const int = workspaceUri('adopted-it', 'easyrsa-int').fsPath;
    mkdirSync(dir, { recursive: true });
    const env = { EASYRSA_BATCH: '1' };
    const easyrsa = (...args: string[]): string => run(EASYRSA, args, dir, env);
    easyrsa('init-pki');
    run(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'IT EasyRSA Parent' });
    await vscode.commands.executeCommand<AdoptCaResult>('certwright.adoptCa', { from: 'easy-rsa', source: join(dir, 'pki'), dir, createMissing: true });

    const created = await vscode.commands.executeCommand<IssueCommandResult>('certwright.createIntermediateCa', { profile: 'generic', dir: int, parent: dir, keyType: 'p256' });
    const serial = created.issued!.serial;
    assert.ok(created.written.some((w) => w.endsWith('/pki/issued/Certwright-CA-Intermediate.crt')), created.written.join(', '));
    assert.equal(serialOf(dir, 'pki/issued/Certwright-CA-Intermediate.crt'), serial);
    assert.ok(existsSync(join(dir, `pki/certs_by_serial/${serial}.pem`)));
    assert.match(readFileSync(join(dir, 'pki/index.txt'), 'utf8'), new RegExp(`^V\\t\\d{12}Z\\t\\t${serial}\\tunknown\\t/CN=Certwright CA Intermediate$`, 'm'));
    assert.ok(!existsSync(join(dir, 'ca-private')), 'nothing of Certwright\'s own layout in the parent');
    await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert', { profile: 'generic', dir: int, sans: ['localhost'], keyType: 'p256' });
    assert.match(openssl(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'pki/ca.crt', '-untrusted', join(int, 'ca.crt'), join(int, 'server.crt')).out, /OK/);
    easyrsa('revoke', 'Certwright-CA-Intermediate');
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(dir, 'pki/crl.pem'), [serial]);

    // A whole DM cluster from the adopted CA, into the places easy-rsa names them.
    const topology = join(dir, 'dm-topology.yaml');
    writeFileSync(topology, 'master_servers:\n  - host: 10.9.0.1\nworker_servers:\n  - host: 10.9.0.2\n');
    const cluster = await vscode.commands.executeCommand<InitClusterResult>('certwright.createClusterFromTopology', { topology, dir });
    assert.equal(cluster.newCa, false);
    assert.deepEqual(cluster.issued.map((i) => i.certPath).sort(), ['pki/issued/client.crt', 'pki/issued/master-10.9.0.1.crt', 'pki/issued/worker-10.9.0.2.crt']);
    assert.match(openssl(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'pki/ca.crt', 'pki/issued/master-10.9.0.1.crt').out, /OK/);
    const again = await vscode.commands.executeCommand<InitClusterResult>('certwright.createClusterFromTopology', { topology, dir });
    assert.deepEqual(again.issued, [], 'a second run issues nothing');

    // Rotation runs in easy-rsa's own folder: the new CA beside the old one in pki/rotation/, nothing easy-rsa reads changed.
    const index = readFileSync(join(dir, 'pki/index.txt'), 'utf8');
    const caFile = readFileSync(join(dir, 'pki/ca.crt'), 'utf8');
    await vscode.commands.executeCommand('certwright.rotateCa', { dir, profile: 'generic', step: 'new-ca' });
    assert.equal(readFileSync(join(dir, 'pki/index.txt'), 'utf8'), index);
    assert.equal(readFileSync(join(dir, 'pki/ca.crt'), 'utf8'), caFile);
    assert.ok(existsSync(join(dir, 'pki/rotation/state.json')));
    assert.ok(!existsSync(join(dir, 'ca-private')), 'nothing of Certwright\'s own layout');
  });

  test('OpenSSL CA.pl demoCA: Issue Client Certificate continues the serial file; Revoke is seen by openssl ca -status and verify -crl_check', async function () {
    this.timeout(240_000);
    const dir = workspaceUri('adopted-it', 'capl').fsPath;
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(extension().extensionPath, 'test/fixtures/cnf/real-world/openssl__openssl__apps__openssl.cnf'), join(dir, 'openssl.cnf'));
    const env = { OPENSSL_CONFIG: `-config ${join(dir, 'openssl.cnf')}` };
    // policy_match of apps/openssl.cnf wants C, ST and O in the CA's subject.
    run('perl', [CA_PL, '-newca', '-extra-req', '-nodes -subj /C=XX/ST=Test/O=Certwright/CN=ITCaPlRoot'], dir, env, '\n');
    run('perl', [CA_PL, '-newreq-nodes', '-extra-req', '-subj /C=XX/ST=Test/O=Certwright/CN=leaf1'], dir, env);
    run('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n');
    const leaf1 = serialOf(dir, 'newcert.pem');
    const adopted = await vscode.commands.executeCommand<AdoptCaResult>('certwright.adoptCa', { from: 'openssl', source: join(dir, 'openssl.cnf'), createMissing: true });
    const next = adopted.report.nextSerial;
    assert.match(next, /^[0-9A-F]+$/, 'CA.pl counts serials');

    const client = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert', { dir, user: 'alice', keyType: 'p256' });
    assert.equal(client.issued?.serial, next, 'the serial file is continued, as openssl ca would');
    assert.ok(client.issued!.certPath.startsWith('demoCA/'), client.issued!.certPath);
    assert.ok(!existsSync(join(dir, 'ca-private')), 'no second CA state beside the adopted one');
    const status = (serial: string): string => openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', serial).out;
    assert.match(status(client.issued!.serial), /=Valid/);

    await vscode.commands.executeCommand<IssueCommandResult>('certwright.revokeCertificate', { dir, cert: client.issued!.certPath, reason: 'superseded' });
    assert.match(status(client.issued!.serial), /=Revoked/);
    assert.match(status(leaf1), /=Valid/);
    const crl = 'demoCA/crl.pem';
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', crl, client.issued!.certPath).out, /certificate revoked/);
    assert.equal(openssl(dir, 'verify', '-crl_check', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', crl, 'newcert.pem').code, 0);
    // openssl ca carries on from the database the editor wrote: the next serial follows Certwright's.
    run('perl', [CA_PL, '-newreq-nodes', '-extra-req', '-subj /C=XX/ST=Test/O=Certwright/CN=leaf2'], dir, env);
    run('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n');
    assert.equal(serialOf(dir, 'newcert.pem'), (BigInt(`0x${next}`) + 1n).toString(16).toUpperCase().padStart(next.length, '0'));
  });
});
