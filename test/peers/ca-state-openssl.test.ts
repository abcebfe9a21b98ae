/**
 * One CA, two tools taking turns: `openssl ca -revoke` writes every revocation form
 * (-crl_compromise, -crl_CA_compromise, -crl_hold, -crl_reason), Certwright revokes
 * beside them and publishes, then `openssl ca -gencrl` and `openssl ca -status` still
 * read the database, both CRLs list the same entries with the same extensions, and
 * `openssl verify -crl_check` rejects every revoked certificate.
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { profileLayout } from '../../server/src/core/issue';

const { tmp, cli } = inProcessCli('certwright-ca-state-openssl-');


async function cw(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}`);
  return r.out;
}

/** The "Revoked Certificates:" part of `openssl crl -text`. */
function revokedBlock(text: string): string {
  const start = text.indexOf('Revoked Certificates:');
  const end = text.indexOf('Signature Algorithm', start);
  assert.ok(start >= 0 && end > start, text);
  return text.slice(start, end);
}

describe('index.txt shared with openssl ca: every revocation form survives Certwright', () => {
  const l = profileLayout('generic');
  const dir = path.join(tmp, 'ca');
  const cnf = l.opensslConfig;

  it('openssl revokes with arguments, Certwright revokes and publishes, openssl reads it all back', async () => {
    await cw('ca', 'create', '--profile', 'generic', '--dir', dir, '--key', 'p256');
    const users = ['a', 'b', 'c', 'd', 'e', 'ok'];
    const certs: Record<string, string> = {};
    for (const u of users) {
      const r = JSON.parse(await cw('issue', 'client', '--dir', dir, '--user', u, '--name', u, '--key', 'p256', '--json')) as { issued: { serial: string; certPath: string } };
      certs[u] = r.issued.serial;
    }
    const file = (u: string): string => `${l.newCertsDir}/${certs[u]}.pem`;
    ok(dir, 'ca', '-config', cnf, '-revoke', file('a'), '-crl_compromise', '20261201120000Z');
    ok(dir, 'ca', '-config', cnf, '-revoke', file('b'), '-crl_CA_compromise', '20261202120000Z');
    ok(dir, 'ca', '-config', cnf, '-revoke', file('c'), '-crl_hold', 'holdInstructionCallIssuer');
    ok(dir, 'ca', '-config', cnf, '-revoke', file('d'), '-crl_reason', 'affiliationChanged');
    const opensslLines = fs.readFileSync(path.join(dir, l.index), 'utf8').split('\n').filter((x) => x.startsWith('R'));
    assert.equal(opensslLines.length, 4);
    assert.match(opensslLines.join('\n'), /,keyTime,20261201120000Z\t/);
    assert.match(opensslLines.join('\n'), /,CAkeyTime,20261202120000Z\t/);
    assert.match(opensslLines.join('\n'), /,holdInstruction,holdInstructionCallIssuer\t/);

    // Certwright revokes another certificate: openssl's lines are kept byte for byte.
    await cw('revoke', '--dir', dir, '--serial', certs.e!, '--reason', 'keyCompromise');
    const after = fs.readFileSync(path.join(dir, l.index), 'utf8');
    for (const line of opensslLines) assert.ok(after.includes(`${line}\n`), `kept: ${line}`);

    // openssl still reads the database and knows every status.
    for (const u of ['a', 'b', 'c', 'd', 'e']) assert.match(openssl(dir, 'ca', '-config', cnf, '-status', certs[u]!).out, /=Revoked \(R\)/, u);
    assert.match(openssl(dir, 'ca', '-config', cnf, '-status', certs.ok!).out, /=Valid \(V\)/);

    // Both CRLs from the same database list the same entries with the same extensions.
    const mine = ok(dir, 'crl', '-in', l.crl, '-noout', '-text');
    ok(dir, 'ca', '-config', cnf, '-gencrl', '-out', 'openssl.crl');
    const theirs = ok(dir, 'crl', '-in', 'openssl.crl', '-noout', '-text');
    assert.equal(revokedBlock(mine), revokedBlock(theirs));
    assert.match(mine, /Invalidity Date/);
    assert.match(mine, /Hold Instruction Call Issuer/);

    // The CRL Certwright publishes next (#1 create, #2 revoke, #3 openssl -gencrl) rejects them all.
    await cw('crl', '--dir', dir);
    assert.match(ok(dir, 'crl', '-in', l.crl, '-noout', '-text'), /X509v3 CRL Number: \n\s+4\b/);
    for (const u of ['a', 'b', 'c', 'd', 'e']) {
      const r = openssl(dir, 'verify', '-crl_check', '-CAfile', l.caCert, '-CRLfile', l.crl, file(u));
      assert.notEqual(r.code, 0, u);
      assert.match(r.out, /certificate revoked/, u);
    }
    ok(dir, 'verify', '-crl_check', '-CAfile', l.caCert, '-CRLfile', l.crl, file('ok'));
  });

  it('a subject with control characters is escaped the way openssl escapes it, and both tools keep reading the file', async () => {
    // openssl ca signs a CSR whose CN holds a TAB and a newline; Certwright then renews it.
    const key = path.join(dir, 'evil.key');
    ok(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
    ok(dir, 'req', '-new', '-key', key, '-subj', '/CN=evil\tV\nx', '-out', 'evil.csr');
    ok(dir, 'ca', '-config', cnf, '-batch', '-notext', '-rand_serial', '-extensions', 'client_cert', '-in', 'evil.csr', '-out', 'evil.crt');
    const before = fs.readFileSync(path.join(dir, l.index), 'utf8');
    const opensslLine = before.trimEnd().split('\n').at(-1)!;
    assert.match(opensslLine, /\/CN=evil\\x09V\\x0Ax$/);
    await cw('renew', '--dir', dir, '--cert', path.join(dir, 'evil.crt'), '--key', key);
    const lines = fs.readFileSync(path.join(dir, l.index), 'utf8').trimEnd().split('\n');
    assert.equal(lines.at(-1)!.split('\t')[5], opensslLine.split('\t')[5], 'same escaped subject as openssl wrote');
    assert.ok(lines.every((x) => x.split('\t').length === 6));
    ok(dir, 'ca', '-config', cnf, '-gencrl', '-out', 'openssl2.crl');
  });
});

describe('a certificate whose file is lost: revoked by its serial from the database line', () => {
  const l = profileLayout('postgres');
  const dir = path.join(tmp, 'lost');

  it('revoke --serial without the newcerts copy: openssl ca -status says Revoked, openssl verify -crl_check refuses a saved copy', async () => {
    await cw('ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256');
    const r = JSON.parse(await cw('issue', 'node', '--dir', dir, '--san', 'db3', '--name', 'db3', '--key', 'p256', '--json')) as { issued: { serial: string; certPath: string } };
    const serial = r.issued.serial;
    // The node went with its disk: only the operator's notes keep the serial; a copy is kept here to ask openssl.
    const saved = path.join(tmp, 'db3-saved.crt');
    fs.copyFileSync(path.join(dir, r.issued.certPath), saved);
    fs.rmSync(path.join(dir, r.issued.certPath));
    fs.rmSync(path.join(dir, l.newCertsDir, `${serial}.pem`));
    const gone = await cli('revoke', '--dir', dir, '--serial', serial.toLowerCase(), '--reason', 'keyCompromise');
    assert.equal(gone.code, 0, gone.err);
    assert.match(openssl(dir, 'ca', '-config', l.opensslConfig, '-status', serial).out, new RegExp(`${serial}=Revoked \\(R\\)`));
    assert.match(fs.readFileSync(path.join(dir, l.index), 'utf8'), new RegExp(`^R\\t\\d{12}Z\\t\\d{12}Z,keyCompromise\\t${serial}\\tunknown\\t/CN=db3$`, 'm'));
    const v = openssl(dir, 'verify', '-crl_check', '-CAfile', l.caCert, '-CRLfile', l.crl, saved);
    assert.notEqual(v.code, 0);
    assert.match(v.out, /certificate revoked/);
    // openssl ca reads the state afterwards and publishes the same revocation.
    ok(dir, 'ca', '-config', l.opensslConfig, '-gencrl', '-out', path.join(tmp, 'lost-openssl.crl'));
    assert.match(ok(dir, 'crl', '-in', path.join(tmp, 'lost-openssl.crl'), '-noout', '-text'), new RegExp(`Serial Number: ${serial}`));
  });

  it('a serial the database does not hold: exit 1 with the choices, nothing written; openssl ca -status agrees it is unknown', async () => {
    const index = fs.readFileSync(path.join(dir, l.index), 'utf8');
    const crl = fs.readFileSync(path.join(dir, l.crl), 'utf8');
    const r = await cli('revoke', '--dir', dir, '--serial', '0ABCDEF');
    assert.equal(r.code, 1);
    assert.match(r.err, /serial ABCDEF is not in the CA database .*nothing was revoked/);
    assert.match(r.err, /--cert FILE/);
    assert.equal(fs.readFileSync(path.join(dir, l.index), 'utf8'), index);
    assert.equal(fs.readFileSync(path.join(dir, l.crl), 'utf8'), crl);
    assert.match(openssl(dir, 'ca', '-config', l.opensslConfig, '-status', 'ABCDEF').out, /Serial ABCDEF not present in db/);
  });
});
