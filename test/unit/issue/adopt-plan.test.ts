// planAdoption on CA state as other tools leave it: what it creates, and where openssl ca reads
// the database differently (checked against openssl ca 3.0 in test/peers/adopt-real-world.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { opensslLayout, planAdoption } from '../../../server/src/core/issue/adopt';
import { profileLayout } from '../../../server/src/core/issue';
import { formatIndexFile, parseIndexFile } from '../../../server/src/core/issue/state';
import { certificateBlocks, parseCertPem } from '../../../server/src/core/issue/certs';
import { env, MemoryDir } from './helpers';

const cnf = readFileSync(resolve(__dirname, '../../fixtures/cnf/real-world/openssl__openssl__apps__openssl.cnf'), 'utf8');
const LINE_A = 'V\t301231000000Z\t\t1000\tunknown\t/C=XX/CN=a';
const LINE_B = 'V\t301231000000Z\t\t1001\tunknown\t/C=XX/CN=b';

/** A demoCA (OpenSSL's apps/openssl.cnf) holding a CA made by Certwright, with the given state files. */
async function demoCa(files: Record<string, string | undefined>): Promise<(p: string) => Promise<string | undefined>> {
  const dir = new MemoryDir();
  await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
  const l = profileLayout('generic');
  const all: Record<string, string | undefined> = { 'demoCA/cacert.pem': dir.text(l.caCert), 'demoCA/private/cakey.pem': dir.text(l.caKey), 'demoCA/serial': '1002\n', 'openssl.cnf': cnf, ...files };
  return async (p) => all[p];
}

const adopt = async (files: Record<string, string | undefined>): ReturnType<typeof planAdoption> =>
  planAdoption(env, { from: 'openssl', proposed: opensslLayout(cnf, 'openssl.cnf', '/srv/ca', 'generic'), read: await demoCa(files) });

describe('adopt: a configured crlnumber file that is not there', () => {
  it('is created at 01 when the CA never published a CRL (openssl ca signs without it; only -gencrl needs it)', async () => {
    const r = await adopt({ 'demoCA/index.txt': `${LINE_A}\n` });
    assert.deepEqual(r.creates, ['demoCA/crlnumber']);
    assert.equal(r.plan.files.find((f) => f.path === 'demoCA/crlnumber')?.contents, '01\n');
    assert.equal(r.nextCrlNumber, '01');
  });

  it('continues above the CRL the CA published', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'publishCrl', profile: 'generic' });
    const l = profileLayout('generic');
    const published = Number.parseInt(dir.text(l.crlnumber).trim(), 16) - 1;
    const r = await planAdoption(env, {
      from: 'openssl',
      proposed: opensslLayout(cnf, 'openssl.cnf', '/srv/ca', 'generic'),
      read: async (p) => ({ 'demoCA/cacert.pem': dir.text(l.caCert), 'demoCA/private/cakey.pem': dir.text(l.caKey), 'demoCA/serial': '1000\n', 'demoCA/index.txt': '', 'demoCA/crl.pem': dir.text(l.crl) })[p],
    });
    assert.equal(Number.parseInt(r.nextCrlNumber, 16), published + 1);
  });

  it('an existing crlnumber is never planned', async () => {
    const r = await adopt({ 'demoCA/index.txt': `${LINE_A}\n`, 'demoCA/crlnumber': '07\n' });
    assert.deepEqual(r.creates, []);
    assert.equal(r.nextCrlNumber, '07');
  });
});

describe('adopt: lines TXT_DB_read reads differently from Certwright', () => {
  it('an empty line: openssl ca refuses the database, so the adoption says so; the next write drops it', async () => {
    const text = `${LINE_A}\n\n${LINE_B}\n`;
    const r = await adopt({ 'demoCA/index.txt': text, 'demoCA/crlnumber': '01\n' });
    assert.equal(r.warnings.filter((w) => /empty line \(line 2\).*could not load\/parse file/.test(w)).length, 1);
    assert.equal(formatIndexFile(parseIndexFile(text)), `${LINE_A}\n${LINE_B}\n`);
  });

  it('a last line without its newline: openssl ca does not see that certificate; the next write ends the line', async () => {
    const text = `${LINE_A}\n${LINE_B}`;
    const r = await adopt({ 'demoCA/index.txt': text, 'demoCA/crlnumber': '01\n' });
    assert.equal(r.warnings.filter((w) => /line 2 \(serial 1001\) has no line end/.test(w)).length, 1);
    assert.equal(formatIndexFile(parseIndexFile(text)), `${LINE_A}\n${LINE_B}\n`);
  });

  it('a well-formed database draws neither warning', async () => {
    const r = await adopt({ 'demoCA/index.txt': `# kept\n${LINE_A}\n${LINE_B}\n`, 'demoCA/crlnumber': '01\n' });
    assert.deepEqual(r.warnings.filter((w) => /empty line|no line end/.test(w)), []);
    assert.deepEqual(parseIndexFile(`${LINE_A}\n`).blankLines, undefined);
  });
});

describe('adopt: serial and crlnumber files with an odd number of hex digits (openssl ca: "short line", "odd number of chars")', () => {
  it('each is named once, with the even form openssl ca reads; the numbers are read as written', async () => {
    const r = await adopt({ 'demoCA/index.txt': `${LINE_A}\n`, 'demoCA/serial': '1003\n'.slice(1), 'demoCA/crlnumber': 'a\n' });
    assert.equal(r.nextSerial, '03');
    assert.equal(r.nextCrlNumber, '0A');
    assert.equal(r.warnings.filter((w) => /demoCA\/serial holds 003, an odd number.*"odd number of chars", "error while loading serial number".*reads 0003/.test(w)).length, 1);
    assert.equal(r.warnings.filter((w) => /demoCA\/crlnumber holds a, an odd number.*"short line", "error while loading CRL number".*reads 0a/.test(w)).length, 1);
  });

  it('whole bytes draw no warning', async () => {
    const r = await adopt({ 'demoCA/index.txt': `${LINE_A}\n`, 'demoCA/serial': '1002\n', 'demoCA/crlnumber': '0A\n' });
    assert.deepEqual(r.warnings.filter((w) => /odd number/.test(w)), []);
  });
});

describe("adopt: a CA file under SSLeay's X509 CERTIFICATE label (openssl ca signs with it)", () => {
  it('is read as the CA certificate, and a bundle built from it is labelled CERTIFICATE', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const l = profileLayout('generic');
    const pem = dir.text(l.caCert);
    const old = `subject=/CN=dump before it\n${pem.replace(/(BEGIN|END) CERTIFICATE/g, '$1 X509 CERTIFICATE')}`;
    assert.equal(parseCertPem(old, 'the CA').serial, parseCertPem(pem, 'the CA').serial);
    assert.deepEqual(certificateBlocks(old), certificateBlocks(pem));
    const r = await planAdoption(env, {
      from: 'openssl',
      proposed: opensslLayout(cnf, 'openssl.cnf', '/srv/ca', 'generic'),
      read: async (p) => ({ 'demoCA/cacert.pem': old, 'demoCA/private/cakey.pem': dir.text(l.caKey), 'demoCA/serial': '1000\n', 'demoCA/index.txt': '', 'demoCA/crlnumber': '01\n' })[p],
    });
    assert.deepEqual(r.creates, []);
    assert.throws(() => parseCertPem(pem.replace(/(BEGIN|END) CERTIFICATE/g, '$1 CERTIFICATE REQUEST'), 'the CA'), /not a PEM certificate/);
  });
});

describe("renew: the CA database's own copy in new_certs_dir (a demoCA keeps leaves nowhere else)", () => {
  it('is refused as --cert, since the renewal would be written over it; the deployed copy renews', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const l = profileLayout('generic');
    const leaf = await dir.run({ kind: 'issueNode', profile: 'generic', name: 'db', sans: ['db.example'], days: 20 });
    const serial = leaf.issued!.serial;
    const copy = `${l.newCertsDir}/${serial}.pem`;
    const certPem = dir.text(copy);
    const before = dir.text(copy);
    await assert.rejects(dir.run({ kind: 'renew', profile: 'generic', certPath: copy, certPem, keyPath: leaf.issued!.keyPath!, newKey: true }), new RegExp(`copy of serial ${serial} in ${l.newCertsDir}.*written over it`));
    assert.equal(dir.text(copy), before);
    const r = await dir.run({ kind: 'renew', profile: 'generic', certPath: leaf.issued!.certPath, certPem, keyPath: leaf.issued!.keyPath!, newKey: true });
    assert.notEqual(r.issued!.serial, serial);
    assert.equal(dir.text(copy), before, 'the old copy stays under its serial');
  });
});
