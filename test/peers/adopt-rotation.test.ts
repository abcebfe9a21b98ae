/**
 * `certwright ca rotate` on adopted CAs, checked with their own tools after every step:
 *  - an easy-rsa 3.1 pki/ (init-pki, build-ca, build-server-full, build-client-full): easyrsa
 *    build-client-full signs with the old CA until the take-over and with the new one after,
 *    easyrsa revoke and gen-crl work, pki/issued/<name>.crt holds the re-issued certificate
 *    where easyrsa show-cert and revoke read it;
 *  - OpenSSL's CA.pl demoCA with apps/openssl.cnf: CA.pl -sign and openssl ca -revoke /
 *    -gencrl / -status carry on, the serial file counts on across the take-over (no
 *    newcerts/<serial>.pem of the old CA written over);
 *  - openssl verify of the old and the re-issued certificates against the CA file at every
 *    step, and -crl_check with the CRL file: Certwright's CRL file carries both CAs' CRLs,
 *    the tool's own gen-crl only the issuing CA's (which the rotation warns about);
 *  - the easy-rsa take-over killed (SIGKILL) before each of its renames: the next certwright
 *    run completes or undoes it, and easy-rsa and openssl verify work on what it leaves.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertCliBuilt, certwright, certwrightOk, cliPath } from './support/certwrightCli';
import { openssl } from './support/openssl';
import { CA_PL, EASYRSA, caPlEnv, makeDemoCa, must, serialOf, crlSerials } from './support/realCas';
import { parseIndex } from '../../server/src/core/issue/state';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-adopt-rotation-'));
const EASY_ENV = { EASYRSA_BATCH: '1' };
const issuerOf = (dir: string, file: string): string => openssl(dir, 'x509', '-in', file, '-noout', '-issuer').out.trim();
const blocks = (dir: string, file: string): number => (fs.readFileSync(path.join(dir, file), 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
const verify = (dir: string, ca: string, ...files: string[]): string => openssl(dir, 'verify', '-CAfile', ca, ...files).out;
const rotate = (dir: string, step: string): string => {
  const r = certwrightOk(['ca', 'rotate', step, '--dir', dir]);
  return r.stdout + r.stderr;
};

function makeEasyRsa(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  must(EASYRSA, ['init-pki'], dir, EASY_ENV);
  must(EASYRSA, ['build-ca', 'nopass'], dir, { ...EASY_ENV, EASYRSA_REQ_CN: 'Adopted EasyRSA CA' });
  must(EASYRSA, ['build-server-full', 'srv1', 'nopass'], dir, EASY_ENV);
  must(EASYRSA, ['build-client-full', 'cli1', 'nopass'], dir, EASY_ENV);
  certwrightOk(['adopt', '--dir', dir, '--from', 'easy-rsa', dir, '--create-missing']);
}

describe('ca rotate on an adopted easy-rsa 3.1 pki/', () => {
  const dir = path.join(tmp, 'easyrsa');
  const easyrsa = (...args: string[]): string => must(EASYRSA, args, dir, EASY_ENV);
  const oldSrv1 = path.join(tmp, 'easyrsa-old-srv1.crt');
  before(() => {
    assertCliBuilt();
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    makeEasyRsa(dir);
    // Deployed elsewhere (a copy in the folder would be re-issued too).
    fs.copyFileSync(path.join(dir, 'pki/issued/srv1.crt'), oldSrv1);
  });

  it('new-ca and publish: the old CA still signs for easyrsa; pki/ca.crt holds both; the warning names easyrsa gen-crl', () => {
    rotate(dir, 'new-ca');
    const out = rotate(dir, 'publish');
    assert.equal(blocks(dir, 'pki/ca.crt'), 2);
    assert.match(out, /easyrsa gen-crl writes this CA's alone/);
    easyrsa('build-client-full', 'cli2', 'nopass');
    assert.match(issuerOf(dir, 'pki/issued/cli2.crt'), /CN = Adopted EasyRSA CA$/);
    assert.match(verify(dir, 'pki/ca.crt', 'pki/issued/srv1.crt', 'pki/issued/cli2.crt'), /srv1\.crt: OK\n.*cli2\.crt: OK/);
  });

  it('reissue: the new CA takes over in easy-rsa\'s places; easyrsa signs, revokes and publishes with it; old and new certificates verify', () => {
    const out = rotate(dir, 'reissue');
    assert.match(out, /3 certificates re-issued by the new CA: pki\/issued\/cli1\.crt, pki\/issued\/cli2\.crt, pki\/issued\/srv1\.crt/);
    for (const n of ['srv1', 'cli1', 'cli2']) {
      assert.match(issuerOf(dir, `pki/issued/${n}.crt`), /CN = Adopted EasyRSA CA \d{4}-\d\d-\d\d$/, n);
      // easy-rsa's archive by serial holds it, where its revoke moves it from.
      assert.ok(fs.existsSync(path.join(dir, `pki/certs_by_serial/${serialOf(dir, `pki/issued/${n}.crt`)}.pem`)), n);
    }
    const index = parseIndex(fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8'));
    assert.deepEqual(index.map((e) => e.subject).sort(), ['/CN=cli1', '/CN=cli2', '/CN=srv1'], 'the new CA\'s database: each certificate once');
    assert.match(verify(dir, 'pki/ca.crt', oldSrv1, 'pki/issued/srv1.crt'), /old-srv1\.crt: OK\n.*srv1\.crt: OK/);
    assert.match(easyrsa('show-cert', 'srv1'), /Adopted EasyRSA CA \d{4}/);
    easyrsa('build-client-full', 'cli3', 'nopass');
    assert.match(issuerOf(dir, 'pki/issued/cli3.crt'), /CN = Adopted EasyRSA CA \d{4}-\d\d-\d\d$/);
    const cli3 = serialOf(dir, 'pki/issued/cli3.crt');
    const cli3Copy = path.join(tmp, 'easyrsa-cli3.crt');
    fs.copyFileSync(path.join(dir, 'pki/issued/cli3.crt'), cli3Copy);
    // easyrsa revoke moves it to pki/revoked/certs_by_serial/.
    easyrsa('revoke', 'cli3');
    // easyrsa gen-crl: the issuing CA's CRL alone; an old certificate then fails a CRL check (what the warning says).
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(dir, 'pki/crl.pem'), [cli3]);
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', oldSrv1).out, /unable to get certificate CRL/);
    // certwright crl: both CAs' CRLs, the revocation easy-rsa recorded in it.
    certwrightOk(['crl', '--dir', dir]);
    assert.match(openssl(dir, 'crl', '-in', 'pki/crl.pem', '-noout', '-text').out, /Serial Number: /);
    const check = openssl(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', oldSrv1, 'pki/issued/srv1.crt', cli3Copy).out;
    assert.match(check, /old-srv1\.crt: OK/);
    assert.match(check, /issued\/srv1\.crt: OK/);
    assert.match(check, /error 23 at 0 depth lookup: certificate revoked\nerror .*easyrsa-cli3\.crt: verification failed/);
  });

  it('retire: pki/ca.crt holds the new CA alone; easy-rsa goes on', () => {
    rotate(dir, 'retire');
    assert.equal(blocks(dir, 'pki/ca.crt'), 1);
    easyrsa('build-client-full', 'cli4', 'nopass');
    easyrsa('gen-crl');
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', 'pki/issued/cli4.crt', 'pki/issued/srv1.crt').out, /cli4\.crt: OK\n.*srv1\.crt: OK/);
    assert.match(verify(dir, 'pki/ca.crt', oldSrv1), /unable to get local issuer certificate/);
  });
});

describe('ca rotate on an adopted openssl ca (CA.pl demoCA, apps/openssl.cnf)', () => {
  const dir = path.join(tmp, 'demo');
  const env = (): Record<string, string> => caPlEnv(dir);
  const sign = (cn: string): string => {
    must('perl', [CA_PL, '-newreq-nodes', '-extra-req', `-subj /CN=${cn}`], dir, env());
    must('perl', [CA_PL, '-sign'], dir, env(), 'y\ny\n');
    fs.renameSync(path.join(dir, 'newcert.pem'), path.join(dir, `${cn}.crt`));
    fs.renameSync(path.join(dir, 'newkey.pem'), path.join(dir, `${cn}.key`));
    return serialOf(dir, `${cn}.crt`);
  };
  const oldLeaf1 = path.join(tmp, 'demo-old-leaf1.pem');
  before(() => {
    assertCliBuilt();
    makeDemoCa(dir);
    certwrightOk(['adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf')]);
    fs.copyFileSync(path.join(dir, 'leaf1.crt'), oldLeaf1);
  });

  it('through every step: CA.pl -sign and openssl ca -revoke, -gencrl and -status carry on; the serial counts on across the take-over', () => {
    rotate(dir, 'new-ca');
    const out = rotate(dir, 'publish');
    assert.match(out, /openssl ca -gencrl writes this CA's alone/);
    assert.equal(blocks(dir, 'demoCA/cacert.pem'), 2);
    sign('before');
    assert.match(issuerOf(dir, 'before.crt'), /CN = DemoRootCA$/);
    const next = fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim();
    rotate(dir, 'reissue');
    assert.match(issuerOf(dir, 'leaf1.crt'), /CN = DemoRootCA \d{4}-\d\d-\d\d$/);
    const reissued = ['before', 'leaf1', 'leaf2'].map((n) => serialOf(dir, `${n}.crt`)).sort();
    assert.equal(reissued[0], next, 'the new CA carries on the serial file');
    for (const s of reissued) assert.match(openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', s).out, new RegExp(`${s}=Valid`));
    const after = sign('after');
    assert.match(issuerOf(dir, 'after.crt'), /CN = DemoRootCA \d{4}-\d\d-\d\d$/);
    assert.ok(!reissued.includes(after));
    assert.match(verify(dir, 'demoCA/cacert.pem', oldLeaf1, 'leaf1.crt', 'after.crt'), /old-leaf1\.pem: OK\n.*leaf1\.crt: OK\n.*after\.crt: OK/);
    assert.match(openssl(dir, 'ca', '-config', 'openssl.cnf', '-revoke', 'after.crt').out + '', /Data Base Updated|Revoking/i);
    certwrightOk(['crl', '--dir', dir]);
    const check = openssl(dir, 'verify', '-crl_check', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', 'demoCA/crl.pem', oldLeaf1, 'after.crt').out;
    assert.match(check, /old-leaf1\.pem: OK/);
    assert.match(check, /certificate revoked/);
    rotate(dir, 'retire');
    assert.equal(blocks(dir, 'demoCA/cacert.pem'), 1);
    assert.equal(openssl(dir, 'ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'demoCA/crl.pem').code, 0);
    assert.deepEqual(crlSerials(dir, 'demoCA/crl.pem'), [after]);
    sign('retired');
    assert.match(verify(dir, 'demoCA/cacert.pem', 'retired.crt', 'leaf2.crt'), /retired\.crt: OK\n.*leaf2\.crt: OK/);
  });
});

describe('the take-over of an easy-rsa pki/ killed before each rename', () => {
  const template = path.join(tmp, 'kill-template');
  before(() => {
    assertCliBuilt();
    makeEasyRsa(template);
    rotate(template, 'new-ca');
    rotate(template, 'publish');
  });

  it('the next certwright run completes or undoes it; easyrsa and openssl verify then work, each certificate once in the database', () => {
    const counts = { kills: 0, unusableBeforeRecovery: 0 };
    const problems: string[] = [];
    for (let at = 1; at < 100; at++) {
      const dir = path.join(tmp, `kill-${at}`);
      fs.cpSync(template, dir, { recursive: true });
      const r = spawnSync(process.execPath, [cliPath, 'ca', 'rotate', 'reissue', '--dir', dir], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '', CERTWRIGHT_FAULT_KILL_AT_RENAME: String(at) } });
      if (r.status === 0) break;
      assert.equal(r.signal, 'SIGKILL', `rename ${at}: ${r.stderr}`);
      counts.kills++;
      // Before any recovery: does easy-rsa's CA key still go with the CA file's first certificate?
      if (openssl(dir, 'x509', '-in', 'pki/ca.crt', '-noout', '-pubkey').out !== openssl(dir, 'pkey', '-in', 'pki/private/ca.key', '-pubout').out) counts.unusableBeforeRecovery++;
      const status = certwright(['ca', 'rotate', 'status', '--dir', dir]);
      if (status.code !== 0) problems.push(`rename ${at}: status after the kill exited ${status.code}: ${status.stderr.trim()}`);
      const retry = certwright(['ca', 'rotate', 'reissue', '--dir', dir]);
      if (retry.code !== 0) problems.push(`rename ${at}: retry exited ${retry.code}: ${retry.stderr.trim()}`);
      const index = parseIndex(fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8'));
      if (index.map((e) => e.subject).sort().join() !== '/CN=cli1,/CN=srv1') problems.push(`rename ${at}: database ${index.map((e) => e.subject).join(', ')}`);
      for (const n of ['srv1', 'cli1']) if (!/: OK/.test(verify(dir, 'pki/ca.crt', `pki/issued/${n}.crt`))) problems.push(`rename ${at}: ${n} does not verify`);
      const built = spawnSync(EASYRSA, ['build-client-full', 'after', 'nopass'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...EASY_ENV } });
      if (built.status !== 0) problems.push(`rename ${at}: easyrsa build-client-full failed: ${built.stderr.slice(-300)}`);
      else if (!/: OK/.test(verify(dir, 'pki/ca.crt', 'pki/issued/after.crt'))) problems.push(`rename ${at}: easyrsa's new certificate does not verify`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log(`take-over killed at ${counts.kills} renames; CA file and key apart before recovery at ${counts.unusableBeforeRecovery}; problems after recovery: ${problems.length}`);
    assert.ok(counts.kills > 3, 'the take-over renames several files');
    assert.deepEqual(problems, []);
  });
});
