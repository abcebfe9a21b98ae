/**
 * `certwright adopt` against CAs made by the real tools, then carried on by both sides:
 *  - OpenSSL's own recipe, CA.pl -newca/-sign (shipped with openssl 3.0), run with OpenSSL's
 *    apps/openssl.cnf (test/fixtures/cnf/real-world, its demoCA layout);
 *  - easy-rsa 3.1 (Debian package, scripts/install-system-deps.sh): init-pki, build-ca,
 *    build-server-full, build-client-full, then revoke and gen-crl after Certwright issued;
 *  - the `cockroach cert` layout (ca.key in a safe folder, certs/ca.crt, node.crt,
 *    client.root.crt). The cockroach binary cannot be installed here, so the layout is
 *    built with openssl as CockroachDB's "Create security certificates using OpenSSL"
 *    page describes, with the keys in the traditional PKCS#1 form `cockroach cert` writes.
 * Checked with the real tools: openssl ca -status / -gencrl on the shared state, openssl
 * verify (also -crl_check), the serial sequence, and that adopting rewrites nothing.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli, type CliJson } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { CA_PL, changed, EASYRSA, makeDemoCa, must, nextSerialHex as nextSerial, run, serialOf as serialIn, snapshot, crlSerials } from './support/realCas';

const { tmp, cli, json: cwJson } = inProcessCli('certwright-adopt-');

async function cw(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return cli(...args);
}

const serialOf = (file: string): string => serialIn(tmp, file);
const crlNumber = (file: string): number => Number(/CRL Number: \s*(\d+)/.exec(ok(tmp, 'crl', '-in', file, '-noout', '-text'))?.[1]);

// ---------------------------------------------------------------------------------------------
// OpenSSL's CA.pl demoCA

describe('adopt: an openssl ca CA (CA.pl demoCA, OpenSSL apps/openssl.cnf)', () => {
  const dir = path.join(tmp, 'demo');
  const caStatus = (serial: string): string => openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', serial).out;
  let beforeAdopt: Map<string, string>;

  before(() => {
    makeDemoCa(dir);
    beforeAdopt = snapshot(dir);
  });

  it('a dry run reports what is there and writes nothing', async () => {
    const r = await cwJson('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), '--dry-run');
    assert.equal(r.dryRun, true);
    assert.equal(r.layout.index, 'demoCA/index.txt');
    assert.equal(r.layout.caKey, 'demoCA/private/cakey.pem');
    assert.equal(r.layout.serials, 'sequential');
    assert.deepEqual(r.entries, { valid: 3, revoked: 0, expired: 0 });
    assert.equal(r.nextSerial, fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim());
    assert.equal(r.uniqueSubject, true, 'openssl ca wrote unique_subject = yes into index.txt.attr');
    assert.deepEqual(changed(beforeAdopt, snapshot(dir)), { added: [], modified: [], removed: [] });
  });

  it('adopting adds the layout file and rewrites nothing', async () => {
    const r = await cwJson('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'));
    assert.deepEqual(r.creates, []);
    assert.deepEqual(changed(beforeAdopt, snapshot(dir)), { added: ['certwright-layout.json'], modified: [], removed: [] });
  });

  it('the next certificate continues the serial file; openssl ca -status and openssl verify agree', async () => {
    const expected = fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim();
    const r = await cwJson('issue', 'node', '--dir', dir, '--san', 'db.example', '--name', 'db');
    assert.equal(r.issued.serial, expected);
    assert.equal(r.issued.certPath, 'demoCA/certs/db.crt');
    assert.equal(serialOf(path.join(dir, 'demoCA/certs/db.crt')), expected);
    assert.equal(fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim(), nextSerial(expected));
    assert.match(caStatus(expected), new RegExp(`${expected}=Valid`));
    assert.match(ok(dir, 'verify', '-CAfile', 'demoCA/cacert.pem', '-purpose', 'sslserver', 'demoCA/certs/db.crt'), /OK/);
    assert.ok(fs.existsSync(path.join(dir, `demoCA/newcerts/${expected}.pem`)), 'the copy in new_certs_dir, as openssl ca keeps it');
  });

  it('a certificate issued before the adoption is revoked by Certwright; openssl ca and the CRL agree', async () => {
    const serial = serialOf(path.join(dir, 'leaf1.crt'));
    const r = await cwJson('revoke', '--dir', dir, '--cert', path.join(dir, 'leaf1.crt'), '--reason', 'keyCompromise');
    assert.ok(r.written.some((w: CliJson) => w.path === 'demoCA/crl.pem'));
    assert.match(caStatus(serial), new RegExp(`${serial}=Revoked`));
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'demoCA/crl.pem')), [serial]);
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', 'demoCA/crl.pem', 'leaf1.crt').out, /certificate revoked/);
    assert.match(ok(dir, 'verify', '-crl_check', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', 'demoCA/crl.pem', 'leaf2.crt'), /OK/);
    // openssl ca -gencrl with the original configuration, on the shared state: same revocation, the next CRL number.
    const first = crlNumber(path.join(dir, 'demoCA/crl.pem'));
    ok(dir, 'ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'openssl-crl.pem');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'openssl-crl.pem')), [serial]);
    assert.equal(crlNumber(path.join(dir, 'openssl-crl.pem')), first + 1);
    const again = await cwJson('crl', '--dir', dir);
    assert.ok(again.written.length);
    assert.equal(crlNumber(path.join(dir, 'demoCA/crl.pem')), first + 2, 'Certwright continues after the CRL openssl published');
  });

  it('openssl ca carries on after Certwright: CA.pl -sign takes the next serial', async () => {
    const expected = fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim();
    const env = { OPENSSL_CONFIG: `-config ${path.join(dir, 'openssl.cnf')}` };
    must('perl', [CA_PL, '-newreq-nodes', '-extra-req', '-subj /CN=leaf3'], dir, env);
    must('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n');
    assert.equal(serialOf(path.join(dir, 'newcert.pem')), expected);
    const next = await cwJson('issue', 'client', '--dir', dir, '--user', 'alice');
    assert.equal(next.issued.serial, nextSerial(expected));
    assert.match(caStatus(next.issued.serial), /=Valid/);
  });

  it('ca create refuses the adopted folder instead of creating a second CA in it (ca rotate rotates it in place: adopt-rotation.test.ts)', async () => {
    const before = snapshot(dir);
    const r = await cw('ca', 'create', '--profile', 'generic', '--dir', dir);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /holds an adopted CA/);
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
  });

  it('unique_subject = yes: a second valid certificate for a subject is refused, as openssl ca refuses it', async () => {
    const before = snapshot(dir);
    const r = await cw('issue', 'client', '--dir', dir, '--user', 'alice');
    assert.equal(r.code, 1);
    assert.match(r.err, /unique_subject = yes/);
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
    // The real tool on the same state says the same.
    const env = { OPENSSL_CONFIG: `-config ${path.join(dir, 'openssl.cnf')}` };
    // Certwright issued alice under the configured policy_match: the CA's C, ST and O, then the CN.
    must('perl', [CA_PL, '-newreq-nodes', '-extra-req', '-subj /C=XX/ST=Test/O=Certwright/CN=alice'], dir, env);
    assert.match(run('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n').out, /There is already a certificate for \/C=XX\/ST=Test\/O=Certwright\/CN=alice/);
  });
});

describe('adopt: renewing under unique_subject = yes (CA.pl demoCA)', () => {
  const dir = path.join(tmp, 'demo-renew');
  const cnf = ['-config', 'openssl.cnf'];

  before(async () => {
    // db1's subject is one policy_match (openssl.cnf) keeps, so renewing it keeps it.
    makeDemoCa(dir, ['db1'], '/C=XX/ST=Test/O=Certwright');
    // db2 expired last year: signed by openssl ca with a past -startdate/-enddate (OpenSSL 3.0 has no -not_after).
    must('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'db2.key', '-subj', '/C=XX/ST=Test/O=Certwright/CN=db2', '-out', 'db2.csr'], dir);
    must('openssl', ['ca', ...cnf, '-batch', '-policy', 'policy_anything', '-startdate', '20240101000000Z', '-enddate', '20250101000000Z', '-in', 'db2.csr', '-out', 'db2.crt'], dir);
    assert.equal((await cw('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'))).code, 0);
  });

  it('a valid certificate: refused with both choices, the safe one first; nothing written', async () => {
    const before = snapshot(dir);
    const r = await cw('renew', '--dir', dir, '--cert', path.join(dir, 'db1.crt'), '--key', path.join(dir, 'db1.key'), '--days', '30');
    assert.equal(r.code, 1);
    assert.match(r.err, /Choose one:\n.*- set unique_subject = no in demoCA\/index\.txt\.attr .*nothing deployed breaks\n.*- or revoke it first \(certwright revoke --dir \S+ --serial [0-9A-F]+ --reason superseded\)/);
    assert.ok(r.err.includes(`certwright revoke --dir ${dir} --serial`), 'the folder as given');
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
  });

  it('an expired certificate is renewed: its line marked E as openssl ca -updatedb marks it; openssl ca loads the database and signs on', async () => {
    const old = serialOf(path.join(dir, 'db2.crt'));
    // Before: openssl itself refuses a new certificate for the subject while the lapsed line is V.
    must('openssl', ['req', '-new', '-key', 'db2.key', '-subj', '/C=XX/ST=Test/O=Certwright/CN=db2', '-out', 'db2b.csr'], dir);
    assert.match(run('openssl', ['ca', ...cnf, '-batch', '-in', 'db2b.csr', '-out', 'db2b.crt'], dir).out, /There is already a certificate for .*CN=db2/);
    const r = await cw('renew', '--dir', dir, '--cert', path.join(dir, 'db2.crt'), '--key', path.join(dir, 'db2.key'), '--days', '30');
    assert.equal(r.code, 0, r.err);
    const renewed = serialOf(path.join(dir, 'db2.crt'));
    assert.match(openssl(dir, 'ca', ...cnf, '-status', old).out, new RegExp(`${old}=Expired`));
    assert.match(openssl(dir, 'ca', ...cnf, '-status', renewed).out, new RegExp(`${renewed}=Valid`));
    ok(dir, 'ca', ...cnf, '-gencrl', '-out', 'after.crl');
    assert.match(ok(dir, 'verify', '-CAfile', 'demoCA/cacert.pem', '-CRLfile', 'after.crl', '-crl_check', 'db2.crt'), /db2\.crt: OK/);
    // And openssl ca still refuses a third one while the renewed certificate is valid, as before.
    assert.match(run('openssl', ['ca', ...cnf, '-batch', '-in', 'db2b.csr', '-out', 'db2c.crt'], dir).out, /There is already a certificate for .*CN=db2/);
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals: what would break the PKI

describe('adopt refuses what would break the PKI, and writes nothing', () => {
  const base = path.join(tmp, 'refusals-base');
  before(() => makeDemoCa(base));

  async function refused(name: string, change: (dir: string) => void, pattern: RegExp, extra: string[] = []): Promise<string> {
    const dir = path.join(tmp, `refuse-${name}`);
    fs.cpSync(base, dir, { recursive: true });
    change(dir);
    const before = snapshot(dir);
    const r = await cw('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), ...extra);
    assert.equal(r.code, 1, `${name}: ${r.err}${r.out}`);
    assert.match(r.err, pattern);
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] }, name);
    return dir;
  }

  it('a key that is not the CA certificate\'s', async () => {
    await refused('key', (d) => ok(d, 'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'demoCA/private/cakey.pem'), /does not belong to the CA certificate/);
  });

  it('a certificate that is not a CA', async () => {
    await refused('nonca', (d) => fs.copyFileSync(path.join(d, 'leaf1.crt'), path.join(d, 'demoCA/cacert.pem')), /is not a CA/);
  });

  it('an index.txt openssl rejects (a line with five fields), as openssl ca rejects it', async () => {
    const dir = await refused('index', (d) => fs.appendFileSync(path.join(d, 'demoCA/index.txt'), 'V\t301231000000Z\t\t0A\tunknown\n'), /expected 6 tab-separated fields/);
    assert.notEqual(openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', '0A').code, 0, 'openssl ca rejects this database too');
  });

  it('a serial listed twice in index.txt, as openssl ca rejects it', async () => {
    const dir = await refused(
      'dupserial',
      (d) => {
        const idx = path.join(d, 'demoCA/index.txt');
        const lines = fs.readFileSync(idx, 'utf8').trimEnd().split('\n');
        fs.appendFileSync(idx, `${lines[1]!.replace('/CN=leaf1', '/CN=other')}\n`);
      },
      /listed twice/,
    );
    assert.notEqual(openssl(dir, 'ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'x.crl').code, 0, 'openssl ca rejects this database too');
  });

  it('a serial file whose next number the database already holds', async () => {
    await refused('collision', (d) => fs.writeFileSync(path.join(d, 'demoCA/serial'), `${serialOf(path.join(d, 'leaf2.crt'))}\n`), /already lists/);
  });

  it('an encrypted key without --passin; with it the adoption goes through and issuing asks for it again', async () => {
    const dir = await refused('encrypted', (d) => {
      ok(d, 'pkey', '-in', 'demoCA/private/cakey.pem', '-aes256', '-passout', 'pass:adopt-secret', '-out', 'demoCA/private/cakey.enc');
      fs.renameSync(path.join(d, 'demoCA/private/cakey.enc'), path.join(d, 'demoCA/private/cakey.pem'));
    }, /encrypted: give its passphrase/);
    fs.writeFileSync(path.join(dir, 'pass.txt'), 'adopt-secret\n');
    const r = await cwJson('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), '--passin', `file:${path.join(dir, 'pass.txt')}`);
    assert.equal(r.ca.keyEncrypted, true);
    const refusedIssue = await cw('issue', 'node', '--dir', dir, '--san', 'x.example', '--name', 'x');
    assert.equal(refusedIssue.code, 1);
    assert.match(refusedIssue.err, /encrypted/);
    const issued = await cwJson('issue', 'node', '--dir', dir, '--san', 'x.example', '--name', 'x', '--passin', `file:${path.join(dir, 'pass.txt')}`);
    assert.match(ok(dir, 'verify', '-CAfile', 'demoCA/cacert.pem', issued.written.find((w: CliJson) => w.path.endsWith('x.crt')).absolutePath), /OK/);
  });

  it('files outside --dir', async () => {
    const dir = path.join(tmp, 'outside');
    fs.mkdirSync(dir);
    const r = await cw('adopt', '--dir', dir, '--from', 'openssl', path.join(base, 'openssl.cnf'));
    assert.equal(r.code, 1);
    assert.match(r.err, /not inside --dir/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

// ---------------------------------------------------------------------------------------------
// easy-rsa 3.1

describe('adopt: an easy-rsa 3.1 PKI', () => {
  const dir = path.join(tmp, 'easyrsa');
  const env = { EASYRSA_BATCH: '1' };
  const easyrsa = (...args: string[]): string => must(EASYRSA, args, dir, env);
  let beforeAdopt: Map<string, string>;

  before(() => {
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(dir);
    easyrsa('init-pki');
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'Adopted EasyRSA CA' });
    easyrsa('build-server-full', 'srv1', 'nopass');
    easyrsa('build-client-full', 'cli1', 'nopass');
    beforeAdopt = snapshot(dir);
  });

  it('needs agreement to create pki/crlnumber (easy-rsa 3.1 keeps none), and writes nothing without it', async () => {
    const r = await cw('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'));
    assert.equal(r.code, 1);
    assert.match(r.err, /pki\/crlnumber.*--create-missing/s);
    assert.deepEqual(changed(beforeAdopt, snapshot(dir)), { added: [], modified: [], removed: [] });
  });

  it('adopts with --create-missing: only new files, nothing rewritten', async () => {
    const r = await cwJson('adopt', '--dir', dir, '--from', 'easy-rsa', dir, '--create-missing');
    assert.equal(r.layout.caKey, 'pki/private/ca.key');
    assert.deepEqual(r.entries, { valid: 2, revoked: 0, expired: 0 });
    assert.deepEqual(changed(beforeAdopt, snapshot(dir)), { added: ['certwright-layout.json', 'pki/crlnumber'], modified: [], removed: [] });
  });

  it('Certwright issues into the PKI as easy-rsa names it; easyrsa revoke and gen-crl work on it', async () => {
    const r = await cwJson('issue', 'node', '--dir', dir, '--san', 'web1.example', '--name', 'web1');
    assert.equal(r.issued.certPath, 'pki/issued/web1.crt');
    assert.ok(fs.existsSync(path.join(dir, 'pki/private/web1.key')));
    assert.ok(fs.existsSync(path.join(dir, `pki/certs_by_serial/${r.issued.serial}.pem`)));
    assert.match(ok(dir, 'verify', '-CAfile', 'pki/ca.crt', '-purpose', 'sslserver', 'pki/issued/web1.crt'), /OK/);
    easyrsa('revoke', 'web1');
    assert.match(fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8'), new RegExp(`^R\\t[^\\n]*\\t${r.issued.serial}\\t`, 'm'));
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')), [r.issued.serial]);
    // easy-rsa builds again on the database Certwright wrote into.
    easyrsa('build-client-full', 'cli2', 'nopass');
  });

  it('a certificate easy-rsa issued before the adoption is revoked by Certwright; easyrsa gen-crl agrees', async () => {
    const srv1 = serialOf(path.join(dir, 'pki/issued/srv1.crt'));
    const revokedByEasyRsa = [...fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8').matchAll(/^R\t[^\t]*\t[^\t]*\t([0-9A-F]+)\t/gm)].map((m) => m[1]!);
    await cwJson('revoke', '--dir', dir, '--cert', path.join(dir, 'pki/issued/srv1.crt'));
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')).sort(), [...revokedByEasyRsa, srv1].sort());
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', 'pki/issued/srv1.crt').out, /certificate revoked/);
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')).sort(), [...revokedByEasyRsa, srv1].sort());
  });

  it('renew keeps the certificate it replaces in pki/renewed/issued/, as easyrsa renew does: easyrsa revoke-renewed revokes it (it found nothing before); a second renewal over it is refused with the choices', async () => {
    const crt = path.join(dir, 'pki/issued/cli1.crt');
    const old = fs.readFileSync(crt, 'utf8');
    const oldSerial = serialOf(crt);
    const r = await cwJson('renew', '--dir', dir, '--cert', crt, '--days', '30');
    assert.equal(fs.readFileSync(path.join(dir, 'pki/renewed/issued/cli1.crt'), 'utf8'), old, 'the file as easy-rsa wrote it');
    assert.match(r.warnings.join('\n'), new RegExp(`serial ${oldSerial}\\) is kept in pki/renewed/issued/cli1\\.crt.*easyrsa revoke-renewed cli1 superseded.*--new-key`));
    assert.equal(r.opensslCommands[1], 'mkdir -p pki/renewed/issued && cp pki/issued/cli1.crt pki/renewed/issued/cli1.crt');
    // Renewing again before the replaced one is revoked: refused, nothing written.
    const before = snapshot(dir);
    const again = await cw('renew', '--dir', dir, '--cert', crt, '--days', '30');
    assert.equal(again.code, 1);
    assert.match(again.err, new RegExp(`pki/renewed/issued/cli1\\.crt still holds the certificate an earlier renewal replaced \\(serial ${oldSerial}, not revoked\\).*Choose one:\\n.*easyrsa revoke-renewed cli1`, 's'));
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
    easyrsa('revoke-renewed', 'cli1', 'superseded');
    easyrsa('gen-crl');
    assert.ok(crlSerials(tmp, path.join(dir, 'pki/crl.pem')).includes(oldSerial));
    assert.ok(fs.existsSync(path.join(dir, `pki/revoked/certs_by_serial/${oldSerial}.crt`)));
    assert.match(ok(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', crt), /OK/);
    // The renewed folder is empty again: the next renewal goes through. The copy easy-rsa revoked as superseded had
    // this key, a reason that says nothing against it: certified again, with a warning offering a new key.
    const same = await cwJson('renew', '--dir', dir, '--cert', crt, '--days', '30');
    assert.match(same.warnings.join('\n'), new RegExp(`certificate ${oldSerial} with this key was revoked \\(reason: superseded\\), a reason that says nothing against the key.*--new-key`));
    assert.match(ok(dir, 'verify', '-crl_check', '-CAfile', 'pki/ca.crt', '-CRLfile', 'pki/crl.pem', crt), /OK/);
    // Revoked for a key compromise, the same key is refused, and a new key is taken.
    easyrsa('revoke-renewed', 'cli1', 'keyCompromise');
    assert.match((await cw('renew', '--dir', dir, '--cert', crt, '--days', '30')).err, /was revoked on .*keyCompromise.*the key is compromised\. Renew with a new key: --new-key/);
    const oldKey = fs.readFileSync(path.join(dir, 'pki/private/cli1.key'), 'utf8');
    const oldReq = fs.readFileSync(path.join(dir, 'pki/reqs/cli1.req'), 'utf8');
    const next = await cwJson('renew', '--dir', dir, '--cert', crt, '--days', '30', '--new-key');
    assert.equal(serialOf(path.join(dir, 'pki/renewed/issued/cli1.crt')), same.issued.serial, 'the one it replaced is kept in turn');
    assert.match(ok(dir, 'verify', '-CAfile', 'pki/ca.crt', crt), /OK/);
    assert.notEqual(next.issued.serial, same.issued.serial);
    // The key it replaced is moved where easyrsa renew moves it, never overwritten; the new key is the new certificate's.
    assert.equal(fs.readFileSync(path.join(dir, 'pki/renewed/private/cli1.key'), 'utf8'), oldKey);
    assert.equal((fs.statSync(path.join(dir, 'pki/renewed/private/cli1.key')).mode & 0o777).toString(8), '600');
    assert.notEqual(fs.readFileSync(path.join(dir, 'pki/private/cli1.key'), 'utf8'), oldKey);
    assert.equal(ok(dir, 'pkey', '-in', 'pki/private/cli1.key', '-pubout'), ok(dir, 'x509', '-in', 'pki/issued/cli1.crt', '-noout', '-pubkey'));
    assert.match(next.warnings.join('\n'), /key it replaces is kept in pki\/renewed\/private\/cli1\.key.*easyrsa revoke-renewed cli1/);
    // The request goes with its key, as easyrsa renew moves it: pki/renewed/reqs/ holds the old one, pki/reqs/ one for the new key
    // (failed before: pki/reqs/cli1.req was the old key's, and easy-rsa archived it under the new certificate's serial).
    assert.equal(fs.readFileSync(path.join(dir, 'pki/renewed/reqs/cli1.req'), 'utf8'), oldReq);
    assert.equal(ok(dir, 'req', '-in', 'pki/reqs/cli1.req', '-noout', '-verify', '-pubkey').replace(/^.*verify OK\n/im, ''), ok(dir, 'x509', '-in', 'pki/issued/cli1.crt', '-noout', '-pubkey'));
    assert.match(easyrsa('show-req', 'cli1'), /commonName\s+= cli1/);
    // easyrsa revoke-renewed takes certificate, key and request together to pki/revoked/.
    easyrsa('revoke-renewed', 'cli1', 'superseded');
    assert.equal(fs.readFileSync(path.join(dir, `pki/revoked/private_by_serial/${same.issued.serial}.key`), 'utf8'), oldKey);
    assert.equal(fs.readFileSync(path.join(dir, `pki/revoked/reqs_by_serial/${same.issued.serial}.req`), 'utf8'), oldReq);
    assert.equal(fs.existsSync(path.join(dir, 'pki/renewed/private/cli1.key')), false);
    easyrsa('gen-crl');
    assert.ok(crlSerials(tmp, path.join(dir, 'pki/crl.pem')).includes(same.issued.serial));
  });
});

// ---------------------------------------------------------------------------------------------
// cockroach cert, built with openssl

describe('adopt: a cockroach cert layout (built with openssl, as CockroachDB documents)', () => {
  const dir = path.join(tmp, 'crdb');
  let beforeAdopt: Map<string, string>;
  const leaf = (cn: string, stem: string, san?: string): void => {
    // cockroach cert writes PKCS#1 keys ("RSA PRIVATE KEY"), random serials, no database.
    ok(dir, 'genrsa', '-traditional', '-out', `certs/${stem}.key`, '2048');
    ok(dir, 'req', '-new', '-key', `certs/${stem}.key`, '-subj', `/O=Cockroach/CN=${cn}`, '-out', `${stem}.csr`);
    fs.writeFileSync(path.join(dir, `${stem}.ext`), `keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${san ? 'serverAuth,' : ''}clientAuth\n${san ? `subjectAltName=${san}\n` : ''}`);
    ok(dir, 'x509', '-req', '-in', `${stem}.csr`, '-CA', 'certs/ca.crt', '-CAkey', 'my-safe-directory/ca.key', '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', '365', '-extfile', `${stem}.ext`, '-out', `certs/${stem}.crt`);
    fs.rmSync(path.join(dir, `${stem}.csr`));
    fs.rmSync(path.join(dir, `${stem}.ext`));
  };

  before(() => {
    fs.mkdirSync(path.join(dir, 'certs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'my-safe-directory'), { mode: 0o700 });
    ok(dir, 'genrsa', '-traditional', '-out', 'my-safe-directory/ca.key', '2048');
    ok(dir, 'req', '-new', '-x509', '-key', 'my-safe-directory/ca.key', '-subj', '/O=Cockroach/CN=Cockroach CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'certs/ca.crt');
    leaf('node', 'node', 'DNS:localhost,IP:127.0.0.1');
    leaf('root', 'client.root');
    beforeAdopt = snapshot(dir);
  });

  it('needs agreement to create the CA database beside the key, and writes nothing without it', async () => {
    const r = await cw('adopt', '--dir', dir, '--from', 'cockroach', path.join(dir, 'certs'), '--ca-key', path.join(dir, 'my-safe-directory/ca.key'));
    assert.equal(r.code, 1);
    assert.match(r.err, /my-safe-directory\/index\.txt.*--create-missing/s);
    assert.deepEqual(changed(beforeAdopt, snapshot(dir)), { added: [], modified: [], removed: [] });
  });

  it('records the certificates already issued; openssl ca on the created state finds them', async () => {
    const r = await cwJson('adopt', '--dir', dir, '--from', 'cockroach', path.join(dir, 'certs'), '--create-missing');
    assert.equal(r.layout.caKey, 'my-safe-directory/ca.key');
    assert.deepEqual(r.entries, { valid: 2, revoked: 0, expired: 0 });
    const diff = changed(beforeAdopt, snapshot(dir));
    assert.deepEqual(diff.modified, []);
    assert.deepEqual(diff.removed, []);
    assert.ok(diff.added.every((p) => p === 'certwright-layout.json' || p.startsWith('my-safe-directory/')), diff.added.join(', '));
    for (const f of ['node.crt', 'client.root.crt']) {
      const serial = serialOf(path.join(dir, 'certs', f));
      assert.match(openssl(dir, 'ca', '-config', 'my-safe-directory/openssl-ca.cnf', '-status', serial).out, new RegExp(`${serial}=Valid`));
    }
  });

  it('issues a node into its own certs dir and a client beside the others', async () => {
    const n2 = await cwJson('issue', 'node', '--dir', dir, '--san', 'n2.example', '--name', 'n2');
    assert.deepEqual(n2.written.map((w: CliJson) => w.path).filter((p: string) => p.startsWith('certs/')).sort(), ['certs/n2/ca.crt', 'certs/n2/node.crt', 'certs/n2/node.key']);
    assert.match(ok(dir, 'verify', '-CAfile', 'certs/ca.crt', '-purpose', 'sslserver', 'certs/n2/node.crt'), /OK/);
    const app = await cwJson('issue', 'client', '--dir', dir, '--user', 'app');
    assert.equal(app.issued.certPath, 'certs/client.app.crt');
  });

  it('a client certificate made before the adoption is revoked; the CRL lists it and openssl verify refuses it', async () => {
    const serial = serialOf(path.join(dir, 'certs/client.root.crt'));
    const r = await cwJson('revoke', '--dir', dir, '--cert', path.join(dir, 'certs/client.root.crt'));
    assert.deepEqual(r.warnings, [], 'it was in the database the adoption created');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'certs/ca.crl')), [serial]);
    assert.match(openssl(dir, 'verify', '-crl_check', '-CAfile', 'certs/ca.crt', '-CRLfile', 'certs/ca.crl', 'certs/client.root.crt').out, /certificate revoked/);
    assert.match(ok(dir, 'verify', '-crl_check', '-CAfile', 'certs/ca.crt', '-CRLfile', 'certs/ca.crl', 'certs/node.crt'), /OK/);
    assert.match(ok(dir, 'ca', '-config', 'my-safe-directory/openssl-ca.cnf', '-gencrl', '-out', 'x.crl'), /^/);
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'x.crl')), [serial]);
  });
});
