// OpenSSL's index.txt read and written losslessly: every revocation form `openssl ca -revoke`
// writes, comments, TXT_DB's backslash-TAB, subject escaping (no line or field injection),
// and the CRL entries each form implies (apps/ca.c make_revoked).
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { crlEntryOf, formatIndex, formatIndexFile, opensslOneline, parseIndex, parseIndexFile } from '../../../server/src/core/issue/state';
import { IssueError, profileLayout, runIssueOperation } from '../../../server/src/core/issue';
import { env, MemoryDir } from './helpers';

// Lines as openssl ca 3.0 wrote them (see test/peers/ca-state-openssl.test.ts for the live round-trip).
const OPENSSL_INDEX = [
  'V\t261216010831Z\t\t1000\tunknown\t/CN=tab\\x09here\\x0Anl',
  'R\t261216010836Z\t261206010836Z,keyTime,20261201120000Z\t1001\tunknown\t/CN=a \\xC3\\xA9\\/s/O=x',
  'R\t261216010836Z\t261206010836Z,CAkeyTime,20261202120000Z\t1002\tunknown\t/CN=b \\xC3\\xA9\\/s/O=x',
  'R\t261216010836Z\t261206010836Z,holdInstruction,holdInstructionReject\t1003\tunknown\t/CN=c',
  'R\t261216010836Z\t261206010836Z,superseded\t1004\tunknown\t/CN=d',
  'R\t261216010836Z\t261206010836Z\t1005\tunknown\t/CN=e',
  'E\t201216010836Z\t\t1006\tunknown\t/CN=f',
  '',
].join('\n');

describe('index.txt: OpenSSL format, lossless', () => {
  it('reads every revocation form openssl ca writes and writes the file back byte for byte', () => {
    const entries = parseIndex(OPENSSL_INDEX);
    assert.equal(entries.length, 7);
    assert.equal(formatIndex(entries), OPENSSL_INDEX);
    assert.deepEqual(
      entries.filter((e) => e.status === 'R').map((e) => {
        const f = crlEntryOf(e);
        return [f.serial, f.reason, f.invalidity?.toISOString(), f.hold];
      }),
      [
        ['1001', 1, '2026-12-01T12:00:00.000Z', undefined],
        ['1002', 2, '2026-12-02T12:00:00.000Z', undefined],
        ['1003', 6, undefined, '1.2.840.10040.2.3'],
        ['1004', 4, undefined, undefined],
        ['1005', undefined, undefined, undefined],
      ],
    );
  });

  it('keeps comment lines and a TAB escaped inside a field (TXT_DB), and changes only the line it means to', () => {
    const text = '# kept\nV\t261216010831Z\t\t10\tdir\\\twith tab\t/CN=x\n# also kept\nV\t261216010831Z\t\t11\tunknown\t/CN=y\n';
    const db = parseIndexFile(text);
    assert.equal(db.entries[0]!.file, 'dir\twith tab');
    assert.equal(formatIndexFile(db), text);
    const changed = { ...db.entries[1]!, status: 'R' as const, revoked: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), reason: 'superseded' };
    assert.equal(
      formatIndexFile({ entries: [db.entries[0]!, changed], comments: db.comments }),
      '# kept\nV\t261216010831Z\t\t10\tdir\\\twith tab\t/CN=x\n# also kept\nR\t261216010831Z\t260102030405Z,superseded\t11\tunknown\t/CN=y\n',
    );
    // A field with a TAB in a new entry is escaped the same way.
    assert.equal(formatIndex([{ ...changed, file: 'a\tb' }]).split('\t').length, 7);
  });

  it('refuses what openssl ca cannot use: wrong field count, unknown status or reason, a hold without OID, a bad compromise time', () => {
    const bad: [string, RegExp][] = [
      ['V\t290227140606Z\t5A\tunknown\t/CN=bob\n', /6 tab-separated/],
      ['X\t290227140606Z\t\t5A\tunknown\t/CN=bob\n', /unknown status/],
      ['R\t290227140606Z\t\t5A\tunknown\t/CN=bob\n', /without a revocation date/],
      ['R\t290227140606Z\t261206010836Z,stolen\t5A\tunknown\t/CN=bob\n', /unknown revocation reason/],
      ['R\t290227140606Z\t261206010836Z,holdInstruction\t5A\tunknown\t/CN=bob\n', /hold instruction OID/],
      ['R\t290227140606Z\t261206010836Z,keyTime,yesterday\t5A\tunknown\t/CN=bob\n', /compromise time/],
      ['V\t290227140606Z\t\tZZ\tunknown\t/CN=bob\n', /bad serial/],
    ];
    for (const [line, re] of bad) assert.throws(() => parseIndex(line), (e: unknown) => e instanceof IssueError && re.test(e.message), line);
  });

  it('reads a 100,000-line database', () => {
    const line = (i: number): string => `R\t261216010836Z\t261206010836Z,keyCompromise\t${(0x100000 + i).toString(16).toUpperCase()}\tunknown\t/CN=n${i}\n`;
    const text = Array.from({ length: 100_000 }, (_, i) => line(i)).join('');
    const entries = parseIndex(text);
    assert.equal(entries.length, 100_000);
    assert.equal(formatIndex(entries), text);
  });
});

describe('subjects escaped as X509_NAME_oneline escapes them', () => {
  const name = (json: x509.JsonNameParams): Uint8Array => new Uint8Array(new x509.Name(json).toArrayBuffer());

  it('control and non-ASCII bytes as \\xHH, / and + with a backslash, + between attributes of one RDN', () => {
    assert.equal(opensslOneline(name([{ O: [{ utf8String: 'a/b+c' }] }, { CN: [{ utf8String: 'tab\there\nnl é' }] }])), '/O=a\\/b\\+c/CN=tab\\x09here\\x0Anl \\xC3\\xA9');
    assert.equal(opensslOneline(name([{ CN: [{ utf8String: 'x' }], O: [{ utf8String: 'y' }] }])), '/CN=x+O=y');
    assert.equal(opensslOneline(name([{ '1.2.3.4': [{ utf8String: 'v' }] }])), '/1.2.3.4=v');
  });

  it('a certificate whose subject holds a newline or TAB cannot forge an index line (revoke of a certificate missing from the index)', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const l = profileLayout('generic');
    const issued = await dir.run({ kind: 'issueClient', profile: 'generic', user: 'alice', keyType: 'p256' });
    // The CA signs a certificate with a hostile subject outside Certwright (as a CSR could ask).
    const ca = dir.ca('generic');
    const caCert = new x509.X509Certificate(ca.certPem);
    const caKey = await env.crypto.subtle.importKey('pkcs8', Buffer.from(ca.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const keys = (await env.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const hostile = await x509.X509CertificateGenerator.create(
      {
        serialNumber: '7E57',
        subject: new x509.Name([{ CN: [{ utf8String: 'evil\nV\t991231235959Z\t\t7E58\tunknown\t/CN=forged' }] }]),
        issuer: caCert.subjectName.toString(),
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
        publicKey: keys.publicKey,
        signingKey: caKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      },
      env.crypto,
    );
    const r = await dir.run({ kind: 'revoke', profile: 'generic', certPem: hostile.toString('pem'), reason: 'keyCompromise' });
    assert.match(r.warnings.join(), /not in the CA database/);
    const lines = dir.text(l.index).trimEnd().split('\n');
    assert.equal(lines.length, 2, 'one line per certificate, no forged line');
    assert.equal(lines[1], `R\t${lines[1]!.split('\t')[1]}\t${lines[1]!.split('\t')[2]}\t7E57\tunknown\t/CN=evil\\x0AV\\x09991231235959Z\\x09\\x097E58\\x09unknown\\x09\\/CN=forged`);
    assert.ok(parseIndex(dir.text(l.index)).every((e) => e.serial !== '7E58'));
    assert.ok(issued.issued);
  });
});

describe('CRL entries carry what openssl ca -gencrl writes', () => {
  it('reason, invalidity date and hold instruction per index form; unchanged lines kept on revoke', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const l = profileLayout('generic');
    const leaf = await dir.run({ kind: 'issueClient', profile: 'generic', user: 'bob', keyType: 'p256' });
    // openssl-written revocations (different serials) appended to the database.
    const foreign = OPENSSL_INDEX.split('\n').slice(1, 6).join('\n') + '\n';
    dir.files.set(l.index, { ...dir.files.get(l.index)!, contents: `# note\n${dir.text(l.index)}${foreign}` });
    await dir.run({ kind: 'revoke', profile: 'generic', certPem: dir.text(leaf.issued!.certPath), reason: 'superseded' });
    const index = dir.text(l.index);
    assert.ok(index.startsWith('# note\n'));
    assert.ok(index.endsWith(foreign), 'openssl-written lines untouched');
    const crl = new x509.X509Crl(dir.text(l.crl));
    const bySerial = new Map(crl.entries.map((e) => [e.serialNumber.toUpperCase(), e]));
    assert.equal(bySerial.size, 6);
    assert.equal(bySerial.get('1001')!.reason, x509.X509CrlReason.keyCompromise);
    assert.equal(bySerial.get('1001')!.invalidity?.toISOString(), '2026-12-01T12:00:00.000Z');
    assert.equal(bySerial.get('1002')!.reason, x509.X509CrlReason.cACompromise);
    assert.equal(bySerial.get('1003')!.reason, x509.X509CrlReason.certificateHold);
    assert.ok(bySerial.get('1003')!.extensions.some((e) => e.type === '2.5.29.23'));
    assert.equal(bySerial.get('1005')!.reason, undefined);
    assert.equal(bySerial.get(leaf.issued!.serial)!.reason, x509.X509CrlReason.superseded);
    assert.ok(await crl.verify({ publicKey: new x509.X509Certificate(dir.text(l.caCert)).publicKey }, env.crypto));
  });

  it('a missing or empty crlnumber is refused, not restarted at 1', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const ca = dir.ca('generic');
    await assert.rejects(runIssueOperation(env, { kind: 'publishCrl', profile: 'generic' }, { ...ca, crlnumber: undefined }), /crlnumber \(the next CRL number\) is missing/);
    await assert.rejects(runIssueOperation(env, { kind: 'publishCrl', profile: 'generic' }, { ...ca, crlnumber: '' }), /is empty/);
  });
});
