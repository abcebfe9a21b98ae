/**
 * `certwright ca create --parent DIR` and `renew --parent DIR` where DIR holds an adopted
 * CA made by the real tools: the parent's serial, database, new_certs_dir copy (and
 * easy-rsa's issued/<name>.crt) go where the parent's tool keeps them, so the real tool
 * carries on on the parent afterwards:
 *  - CA.pl demoCA (OpenSSL's apps/openssl.cnf; sequential serials from demoCA/serial, an
 *    encrypted CA key read with --passin): openssl ca -status / -revoke / -gencrl, CA.pl -sign;
 *  - easy-rsa 3.1 pki/: easyrsa revoke <name>, gen-crl, build-client-full;
 *  - a cockroach cert layout (the state Certwright keeps beside ca.key): openssl ca -status.
 * A leaf issued by the new intermediate verifies with openssl verify trusting the parent only.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { CA_PL, caPlEnv, changed, EASYRSA, makeDemoCa, must, nextSerialHex, serialOf, snapshot, crlSerials } from './support/realCas';

const { tmp, cli, json: cwJson } = inProcessCli('certwright-adopt-int-');

/** openssl verify -x509_strict's errors, one line each. */
const strictErrors = (cwd: string, ...args: string[]): string[] =>
  openssl(cwd, 'verify', '-x509_strict', ...args)
    .out.split('\n')
    .filter((l) => /^error \d+ at/.test(l));

/**
 * The parent's root certificate self-signed again (same name and key) with what -x509_strict
 * wants of a CA (basicConstraints critical, keyUsage), which CA.pl's and easy-rsa's roots
 * lack: a strict verification through it then judges only what Certwright made.
 */
function strictRoot(cwd: string, cert: string, key: string, out: string, passin?: string): void {
  fs.writeFileSync(path.join(cwd, 'strict-ca.ext'), '[v3_ca]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n');
  ok(cwd, 'x509', '-in', cert, '-out', out, '-key', key, ...(passin ? ['-passin', passin] : []), '-clrext', '-extfile', 'strict-ca.ext', '-extensions', 'v3_ca', '-set_serial', '1', '-days', '3650');
}

const count = (file: string): number => (fs.readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;

describe('ca create --parent: an adopted CA.pl demoCA with an encrypted key', () => {
  const demo = path.join(tmp, 'demo');
  const int = path.join(tmp, 'demo-int');
  const pass = path.join(tmp, 'demo-pass.txt');
  const status = (serial: string): string => openssl(demo, 'ca', '-config', 'openssl.cnf', '-status', serial).out;
  let intSerial: string;

  before(async () => {
    makeDemoCa(demo, ['leaf1']);
    ok(demo, 'pkey', '-in', 'demoCA/private/cakey.pem', '-aes256', '-passout', 'pass:demo-secret', '-out', 'demoCA/private/cakey.enc');
    fs.renameSync(path.join(demo, 'demoCA/private/cakey.enc'), path.join(demo, 'demoCA/private/cakey.pem'));
    fs.writeFileSync(pass, 'demo-secret\n');
    await cwJson('adopt', '--dir', demo, '--from', 'openssl', path.join(demo, 'openssl.cnf'), '--passin', `file:${pass}`);
  });

  it('without --passin it is refused and nothing is written in either folder', async () => {
    const before = snapshot(demo);
    const r = await cli('ca', 'create', '--profile', 'generic', '--dir', int, '--parent', demo, '--days', '900');
    assert.equal(r.code, 1);
    assert.match(r.err, /encrypted/);
    assert.deepEqual(changed(before, snapshot(demo)), { added: [], modified: [], removed: [] });
    assert.equal(fs.existsSync(path.join(int, 'ca.crt')), false);
  });

  it('the intermediate takes the serial demoCA/serial names; openssl ca -status finds it Valid; the copy is in demoCA/newcerts', async () => {
    const expected = fs.readFileSync(path.join(demo, 'demoCA/serial'), 'utf8').trim();
    const before = snapshot(demo);
    const r = await cwJson('ca', 'create', '--profile', 'generic', '--dir', int, '--parent', demo, '--days', '900', '--passin', `file:${pass}`);
    intSerial = r.issued.serial;
    assert.equal(intSerial, expected, 'openssl ca would have given this serial');
    assert.equal(serialOf(int, 'ca.crt'), expected);
    assert.equal(fs.readFileSync(path.join(demo, 'demoCA/serial'), 'utf8').trim(), nextSerialHex(expected));
    assert.match(status(expected), new RegExp(`${expected}=Valid`));
    assert.deepEqual(changed(before, snapshot(demo)), { added: [`demoCA/newcerts/${expected}.pem`], modified: ['demoCA/index.txt', 'demoCA/serial'], removed: [] });
    // The chain file: the intermediate, then the root as PEM only (CA.pl's cacert.pem has a text dump before it).
    assert.equal(count(path.join(int, 'ca.crt')), 2);
    assert.doesNotMatch(fs.readFileSync(path.join(int, 'ca.crt'), 'utf8'), /Certificate:\n\s+Data:/);
  });

  it('a leaf of the intermediate verifies trusting the demoCA root only; -x509_strict objects only to the root CA.pl made (no keyUsage)', async () => {
    await cwJson('issue', 'node', '--dir', int, '--san', 'db.example', '--days', '365');
    assert.match(ok(demo, 'verify', '-purpose', 'sslserver', '-CAfile', 'demoCA/cacert.pem', '-untrusted', path.join(int, 'ca.crt'), path.join(int, 'server.crt')), /OK/);
    assert.deepEqual(strictErrors(demo, '-CAfile', 'demoCA/cacert.pem', '-untrusted', path.join(int, 'ca.crt'), path.join(int, 'server.crt')), ['error 92 at 2 depth lookup: CA cert does not include key usage extension']);
    strictRoot(demo, 'demoCA/cacert.pem', 'demoCA/private/cakey.pem', 'strict-root.pem', `file:${pass}`);
    assert.match(ok(demo, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'strict-root.pem', '-untrusted', path.join(int, 'ca.crt'), path.join(int, 'server.crt')), /OK/);
  });

  it('openssl ca revokes the intermediate on the shared state; its -gencrl lists it and openssl verify refuses the leaf', () => {
    ok(demo, 'ca', '-config', 'openssl.cnf', '-passin', `file:${pass}`, '-revoke', `demoCA/newcerts/${intSerial}.pem`);
    assert.match(status(intSerial), new RegExp(`${intSerial}=Revoked`));
    ok(demo, 'ca', '-config', 'openssl.cnf', '-passin', `file:${pass}`, '-gencrl', '-out', 'parent.crl');
    assert.deepEqual(crlSerials(tmp, path.join(demo, 'parent.crl')), [intSerial]);
    fs.writeFileSync(path.join(demo, 'both.crl'), fs.readFileSync(path.join(demo, 'parent.crl'), 'utf8') + fs.readFileSync(path.join(int, 'ca.crl'), 'utf8'));
    assert.match(openssl(demo, 'verify', '-crl_check_all', '-CRLfile', 'both.crl', '-CAfile', 'demoCA/cacert.pem', '-untrusted', path.join(int, 'ca.crt'), path.join(int, 'server.crt')).out, /error 23 at 1 depth lookup: certificate revoked/);
  });

  it('openssl ca signs on with the next serial after the intermediate (what CA.pl -sign runs, with -passin for the encrypted key)', () => {
    const expected = fs.readFileSync(path.join(demo, 'demoCA/serial'), 'utf8').trim();
    must('perl', [CA_PL, '-newreq-nodes', '-extra-req', '-subj /CN=after'], demo, caPlEnv(demo));
    // CA.pl -sign puts -extra-ca after -infiles, where openssl ca reads it as one more request: the same command with -passin first.
    ok(demo, 'ca', '-config', 'openssl.cnf', '-policy', 'policy_anything', '-batch', '-passin', `file:${pass}`, '-out', 'newcert.pem', '-infiles', 'newreq.pem');
    assert.equal(serialOf(demo, 'newcert.pem'), expected);
    assert.equal(expected, nextSerialHex(intSerial));
  });
});

describe('ca create --parent and renew --parent: an adopted easy-rsa 3.1 pki/', () => {
  const dir = path.join(tmp, 'easyrsa');
  const int = path.join(tmp, 'easyrsa-int');
  const env = { EASYRSA_BATCH: '1' };
  const easyrsa = (...args: string[]): string => must(EASYRSA, args, dir, env);
  let intSerial: string;

  before(async () => {
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(dir);
    easyrsa('init-pki');
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'Adopted EasyRSA Root' });
    easyrsa('build-server-full', 'srv1', 'nopass');
    await cwJson('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing');
  });

  it('records the intermediate as easy-rsa does: pki/index.txt, pki/certs_by_serial/<SERIAL>.pem, pki/issued/<name>.crt', async () => {
    const before = snapshot(dir);
    const r = await cwJson('ca', 'create', '--profile', 'postgres', '--dir', int, '--parent', dir, '--cn', 'Pg Intermediate', '--days', '800');
    intSerial = r.issued.serial;
    assert.deepEqual(changed(before, snapshot(dir)), { added: ['pki/certs_by_serial/' + intSerial + '.pem', 'pki/issued/Pg-Intermediate.crt'], modified: ['pki/index.txt'], removed: [] });
    assert.equal(serialOf(dir, 'pki/issued/Pg-Intermediate.crt'), intSerial);
    assert.match(fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8'), new RegExp(`^V\\t\\d{12}Z\\t\\t${intSerial}\\tunknown\\t/CN=Pg Intermediate$`, 'm'));
  });

  it('a leaf of the intermediate verifies trusting the easy-rsa root only; -x509_strict objects only to the root easy-rsa made (basicConstraints not critical)', async () => {
    await cwJson('issue', 'node', '--dir', int, '--san', 'pg.example', '--days', '365');
    const chain = ['-untrusted', path.join(int, 'root.crt'), path.join(int, 'server.crt')];
    assert.match(ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'pki/ca.crt', ...chain), /OK/);
    assert.deepEqual(strictErrors(dir, '-CAfile', 'pki/ca.crt', ...chain), ['error 89 at 2 depth lookup: Basic Constraints of CA cert not marked critical']);
    strictRoot(dir, 'pki/ca.crt', 'pki/private/ca.key', 'strict-root.pem');
    assert.match(ok(dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'strict-root.pem', ...chain), /OK/);
  });

  it('renew --parent renews the intermediate in the easy-rsa database too (a new serial, issued/<name>.crt replaced)', async () => {
    const r = await cwJson('renew', '--dir', int, '--cert', path.join(int, 'root.crt'), '--parent', dir, '--days', '700');
    assert.notEqual(r.issued.serial, intSerial);
    assert.equal(serialOf(dir, 'pki/issued/Pg-Intermediate.crt'), r.issued.serial);
    assert.ok(fs.existsSync(path.join(dir, `pki/certs_by_serial/${r.issued.serial}.pem`)));
    intSerial = r.issued.serial;
  });

  it('a second intermediate with the same name is refused before anything is written in either folder', async () => {
    const before = snapshot(dir);
    const other = path.join(tmp, 'easyrsa-int2');
    const r = await cli('ca', 'create', '--profile', 'postgres', '--dir', other, '--parent', dir, '--cn', 'Pg Intermediate', '--days', '800');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /pki\/issued\/Pg-Intermediate\.crt/);
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
    assert.equal(fs.existsSync(path.join(other, 'root.crt')), false);
  });

  it('easyrsa revoke <name> and gen-crl work on the intermediate; easy-rsa builds on after it', () => {
    easyrsa('revoke', 'Pg-Intermediate');
    assert.match(fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8'), new RegExp(`^R\\t[^\\n]*\\t${intSerial}\\t`, 'm'));
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')), [intSerial]);
    easyrsa('build-client-full', 'cli2', 'nopass');
    assert.match(ok(dir, 'verify', '-CAfile', 'pki/ca.crt', 'pki/issued/cli2.crt'), /OK/);
  });

});

describe('ca create --parent: an adopted cockroach cert layout', () => {
  const dir = path.join(tmp, 'crdb');
  const int = path.join(tmp, 'crdb-int');

  before(async () => {
    fs.mkdirSync(path.join(dir, 'certs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'my-safe-directory'), { mode: 0o700 });
    ok(dir, 'genrsa', '-traditional', '-out', 'my-safe-directory/ca.key', '2048');
    ok(dir, 'req', '-new', '-x509', '-key', 'my-safe-directory/ca.key', '-subj', '/O=Cockroach/CN=Cockroach CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'certs/ca.crt');
    await cwJson('adopt', '--dir', dir, '--from', 'cockroach', path.join(dir, 'certs'), '--create-missing');
  });

  it('records the intermediate in the state beside ca.key; openssl ca -status agrees; a node of the intermediate verifies strictly', async () => {
    const r = await cwJson('ca', 'create', '--profile', 'cockroach', '--dir', int, '--parent', dir, '--key', 'p256');
    const serial = r.issued.serial;
    assert.ok(fs.existsSync(path.join(dir, `my-safe-directory/newcerts/${serial}.pem`)));
    assert.match(openssl(dir, 'ca', '-config', 'my-safe-directory/openssl-ca.cnf', '-status', serial).out, new RegExp(`${serial}=Valid`));
    await cwJson('issue', 'node', '--dir', int, '--san', 'localhost');
    assert.match(ok(dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', '-untrusted', path.join(int, 'certs/ca.crt'), path.join(int, 'certs/node.crt')), /OK/);
  });
});

describe('ca create --parent: an easy-rsa 3.1 CA with an encrypted key (DES-EDE3-CBC, as easyrsa build-ca writes it)', () => {
  const dir = path.join(tmp, 'easyrsa-enc');
  const int = path.join(tmp, 'easyrsa-enc-int');
  const pass = path.join(tmp, 'easyrsa-enc-pass.txt');
  const env = { EASYRSA_BATCH: '1' };
  const withPass = ['--passin=pass:enc-secret', '--passout=pass:enc-secret'];

  before(async () => {
    fs.mkdirSync(dir);
    must(EASYRSA, ['init-pki'], dir, env);
    must(EASYRSA, [...withPass, 'build-ca'], dir, { ...env, EASYRSA_REQ_CN: 'Encrypted EasyRSA Root' });
    fs.writeFileSync(pass, 'enc-secret\n');
  });

  it('the key is what easy-rsa writes: PBES2 with DES-EDE3-CBC; adopting and signing the intermediate read it with --passin', async () => {
    assert.match(ok(dir, 'asn1parse', '-in', 'pki/private/ca.key'), /:des-ede3-cbc/);
    await cwJson('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing', '--passin', `file:${pass}`);
    fs.writeFileSync(path.join(tmp, 'wrong.txt'), 'not-it\n');
    const wrong = await cli('ca', 'create', '--profile', 'generic', '--dir', int, '--parent', dir, '--days', '800', '--passin', `file:${path.join(tmp, 'wrong.txt')}`);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /wrong passphrase/);
    const r = await cwJson('ca', 'create', '--profile', 'generic', '--dir', int, '--parent', dir, '--cn', 'Enc Intermediate', '--days', '800', '--passin', `file:${pass}`);
    assert.equal(serialOf(dir, 'pki/issued/Enc-Intermediate.crt'), r.issued.serial);
    await cwJson('issue', 'node', '--dir', int, '--san', 'enc.example', '--days', '365');
    assert.match(ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'pki/ca.crt', '-untrusted', path.join(int, 'ca.crt'), path.join(int, 'server.crt')), /OK/);
    // easy-rsa revokes it with the same passphrase and publishes the CRL.
    must(EASYRSA, [...withPass, 'revoke', 'Enc-Intermediate'], dir, env);
    must(EASYRSA, [...withPass, 'gen-crl'], dir, env);
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')), [r.issued.serial]);
  });
});

describe('renew --parent: an easy-rsa 3.1 sub-CA imported under another name, renewed with a new serial', () => {
  const root = path.join(tmp, 'easyrsa-root-named');
  const sub = path.join(tmp, 'easyrsa-sub-named');
  const env = { EASYRSA_BATCH: '1' };
  const easyrsa = (cwd: string, ...args: string[]): string => must(EASYRSA, args, cwd, env);

  it('the file easy-rsa knows it by (pki/issued/sub.crt) holds the renewed certificate: easyrsa revoke sub revokes the new serial, gen-crl and show-cert work', async () => {
    fs.mkdirSync(root);
    fs.mkdirSync(sub);
    easyrsa(root, 'init-pki');
    must(EASYRSA, ['build-ca', 'nopass'], root, { ...env, EASYRSA_REQ_CN: 'Named Root' });
    easyrsa(sub, 'init-pki');
    must(EASYRSA, ['build-ca', 'nopass', 'subca'], sub, { ...env, EASYRSA_REQ_CN: 'Named Sub CA' });
    easyrsa(root, 'import-req', path.join(sub, 'pki/reqs/ca.req'), 'sub');
    easyrsa(root, 'sign-req', 'ca', 'sub');
    fs.copyFileSync(path.join(root, 'pki/issued/sub.crt'), path.join(sub, 'pki/ca.crt'));
    const oldSerial = serialOf(sub, 'pki/ca.crt');
    await cwJson('adopt', '--dir', root, '--from', 'easy-rsa', path.join(root, 'pki'), '--create-missing');
    await cwJson('adopt', '--dir', sub, '--from', 'easy-rsa', path.join(sub, 'pki'), '--create-missing');
    const before = snapshot(root);
    const r = await cwJson('renew', '--dir', sub, '--cert', path.join(sub, 'pki/ca.crt'), '--parent', root, '--days', '700');
    const serial = r.issued.serial as string;
    assert.notEqual(serial, oldSerial);
    const diff = changed(before, snapshot(root));
    assert.deepEqual(diff.added.filter((f) => f.startsWith('pki/issued/')), [], 'no second copy by CN (pki/issued/Named-Sub-CA.crt)');
    assert.ok(diff.modified.includes('pki/issued/sub.crt'));
    assert.equal(serialOf(root, 'pki/issued/sub.crt'), serial);
    assert.match(easyrsa(root, 'show-cert', 'sub'), new RegExp(`Serial Number:`));
    easyrsa(root, 'revoke', 'sub');
    easyrsa(root, 'gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(root, 'pki/crl.pem')), [serial], 'the renewed certificate is the one revoked');
    assert.match(openssl(sub, 'verify', '-crl_check', '-CAfile', path.join(root, 'pki/ca.crt'), '-CRLfile', path.join(root, 'pki/crl.pem'), 'pki/ca.crt').out, /certificate revoked/);
  });
});

describe('renew --parent: an easy-rsa 3.1 sub-CA whose leaves name its serial (authorityKeyIdentifier = keyid,issuer:always)', () => {
  const root = path.join(tmp, 'easyrsa-root');
  const sub = path.join(tmp, 'easyrsa-sub');
  const env = { EASYRSA_BATCH: '1' };
  const easyrsa = (cwd: string, ...args: string[]): string => must(EASYRSA, args, cwd, env);
  const verifySrv = (cwd: string, intermediate: string, leaf = 'pki/issued/srv.crt', ...more: string[]): { code: number; out: string } =>
    openssl(cwd, 'verify', ...more, '-CAfile', path.join(root, 'pki/ca.crt'), '-untrusted', intermediate, leaf);
  let subSerial: string;
  let renewed: Awaited<ReturnType<typeof cwJson>>;

  before(async () => {
    fs.mkdirSync(root);
    fs.mkdirSync(sub);
    easyrsa(root, 'init-pki');
    must(EASYRSA, ['build-ca', 'nopass'], root, { ...env, EASYRSA_REQ_CN: 'EasyRSA Root' });
    easyrsa(sub, 'init-pki');
    must(EASYRSA, ['build-ca', 'nopass', 'subca'], sub, { ...env, EASYRSA_REQ_CN: 'EasyRSA Sub CA' });
    easyrsa(root, 'import-req', path.join(sub, 'pki/reqs/ca.req'), 'sub');
    easyrsa(root, 'sign-req', 'ca', 'sub');
    fs.copyFileSync(path.join(root, 'pki/issued/sub.crt'), path.join(sub, 'pki/ca.crt'));
    easyrsa(sub, 'build-server-full', 'srv', 'nopass');
    subSerial = serialOf(sub, 'pki/ca.crt');
    assert.match(ok(sub, 'x509', '-in', 'pki/issued/srv.crt', '-noout', '-ext', 'authorityKeyIdentifier'), new RegExp(`serial:${subSerial.match(/../g)!.join(':')}`), 'easy-rsa names the sub-CA serial');
    assert.match(verifySrv(sub, 'pki/ca.crt').out, /OK/);
    await cwJson('adopt', '--dir', root, '--from', 'easy-rsa', path.join(root, 'pki'), '--create-missing');
    await cwJson('adopt', '--dir', sub, '--from', 'easy-rsa', path.join(sub, 'pki'), '--create-missing');
  });

  it("keeps the sub-CA's serial; the root's database line of it gets the new expiry, one line per serial, the serial file untouched; easy-rsa's leaf still verifies", async () => {
    const serialFile = fs.readFileSync(path.join(root, 'pki/serial'), 'utf8');
    const before = snapshot(root);
    renewed = await cwJson('renew', '--dir', sub, '--cert', path.join(sub, 'pki/ca.crt'), '--parent', root, '--days', '700');
    assert.equal(renewed.issued.serial, subSerial);
    assert.match(renewed.warnings.join('\n'), new RegExp(`name its serial ${subSerial} in their authorityKeyIdentifier`));
    assert.equal(serialOf(sub, 'pki/ca.crt'), subSerial);
    assert.equal(fs.readFileSync(path.join(root, 'pki/serial'), 'utf8'), serialFile);
    const lines = fs.readFileSync(path.join(root, 'pki/index.txt'), 'utf8').split('\n').filter((l) => l.includes(`\t${subSerial}\t`));
    const end = new Date(renewed.issued.notAfter);
    const utc = `${end.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
    assert.deepEqual(lines, [`V\t${utc}\t\t${subSerial}\tunknown\t/CN=EasyRSA Sub CA`]);
    // easy-rsa knows it as "sub" (import-req ... sub): that file is renewed, no second copy by CN.
    assert.deepEqual(changed(before, snapshot(root)), { added: [], modified: [`pki/certs_by_serial/${subSerial}.pem`, 'pki/index.txt', 'pki/issued/sub.crt'], removed: [] });
    assert.match(easyrsa(root, 'show-cert', 'sub'), new RegExp(`Not After : .*${end.getUTCFullYear()}`));
    // Failed before: a new serial, and openssl verify found no issuer for the leaf.
    assert.match(verifySrv(sub, 'pki/ca.crt').out, /pki\/issued\/srv\.crt: OK/);
    assert.match(ok(sub, 'x509', '-in', 'pki/ca.crt', '-noout', '-enddate'), new RegExp(end.getUTCFullYear().toString()));
  });

  it('the printed openssl x509 -req -set_serial signs a certificate the leaf verifies under; with another serial openssl verify finds no issuer', () => {
    const work = path.join(tmp, 'easyrsa-sub-print');
    fs.cpSync(sub, work, { recursive: true });
    const [csrLine, parentLine] = renewed.opensslCommands.slice(1) as string[];
    must('bash', ['-c', csrLine!], work);
    const signing = /: (openssl x509 -req [^;]+);/.exec(parentLine!)![1]!.replace('CHILD/', `${work}/`).replace(/-out \S+/, '-out printed.crt');
    const rootCopy = path.join(tmp, 'easyrsa-root-print');
    fs.cpSync(root, rootCopy, { recursive: true });
    must('bash', ['-c', signing], rootCopy);
    assert.equal(serialOf(rootCopy, 'printed.crt'), subSerial);
    assert.match(verifySrv(sub, path.join(rootCopy, 'printed.crt')).out, /OK/);
    must('bash', ['-c', signing.replace(/-set_serial 0x[0-9A-F]+/, '-set_serial 0x01').replace('printed.crt', 'other.crt')], rootCopy);
    assert.match(verifySrv(sub, path.join(rootCopy, 'other.crt')).out, /unable to get local issuer certificate/);
  });

  it('easy-rsa builds on in the sub-CA (its leaf verifies through the renewed certificate); the root revokes it by name and its CRL refuses the leaves', () => {
    easyrsa(sub, 'build-client-full', 'cli', 'nopass');
    assert.match(verifySrv(sub, 'pki/ca.crt', 'pki/issued/cli.crt').out, /OK/);
    easyrsa(root, 'revoke', 'sub');
    easyrsa(root, 'gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(root, 'pki/crl.pem')), [subSerial]);
    easyrsa(sub, 'gen-crl');
    assert.match(verifySrv(sub, 'pki/ca.crt', 'pki/issued/srv.crt', '-crl_check_all', '-CRLfile', path.join(root, 'pki/crl.pem'), '-CRLfile', 'pki/crl.pem').out, /error 23 at 1 depth lookup: certificate revoked/);
  });

  it('renewing it again once the root revoked it is refused with the choices; nothing is written in either folder', async () => {
    const before = [snapshot(root), snapshot(sub)];
    const r = await cli('renew', '--dir', sub, '--cert', path.join(sub, 'pki/ca.crt'), '--parent', root);
    assert.equal(r.code, 1);
    assert.match(r.err, /the parent revoked \/CN=EasyRSA Sub CA \(serial [0-9A-F]+ in pki\/index\.txt\).*Choose one:\n.*create a new intermediate/s);
    assert.deepEqual(changed(before[0]!, snapshot(root)), { added: [], modified: [], removed: [] });
    assert.deepEqual(changed(before[1]!, snapshot(sub)), { added: [], modified: [], removed: [] });
  });
});
