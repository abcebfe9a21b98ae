/**
 * A demoCA whose `serial` or `crlnumber` file holds an odd number of hex digits (written by hand:
 * `echo 1 > crlnumber`): OpenSSL 3.0's a2i_ASN1_INTEGER refuses it ("short line" for one digit, else "odd number of
 * chars"), so `openssl
 * ca` neither signs nor publishes. Adoption says so for each file, and once Certwright has issued
 * and published, the files hold whole bytes and openssl ca works again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { openssl } from './support/openssl';
import { makeDemoCa, must } from './support/realCas';

const { tmp, json } = inProcessCli('certwright-adopt-odd-');

describe('adopt: serial and crlnumber files openssl ca cannot read (odd number of hex digits)', () => {
  it('openssl ca refuses them; adopt names both; after Certwright issues and publishes, openssl ca signs and publishes', async () => {
    const dir = path.join(tmp, 'ca');
    makeDemoCa(dir, ['leaf1']);
    const serialFile = path.join(dir, 'demoCA/serial');
    // A value above every serial issued, with an odd number of digits.
    const next = fs.readFileSync(serialFile, 'utf8').trim().replace(/^0+/, '');
    const odd = next.length % 2 ? next : `1${next}`;
    fs.writeFileSync(serialFile, `${odd}\n`);
    fs.writeFileSync(path.join(dir, 'demoCA/crlnumber'), '1\n');
    must('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'r.key', '-subj', '/C=XX/ST=Test/O=Certwright/CN=r', '-out', 'r.csr'], dir);
    const sign = (): { code: number; out: string } => openssl(dir, 'ca', '-config', 'openssl.cnf', '-batch', '-in', 'r.csr', '-out', 'r.crt');
    const gencrl = (): { code: number; out: string } => openssl(dir, 'ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'demoCA/crl.pem');
    assert.match(sign().out, /odd number of chars[\s\S]*error while loading serial number/);
    assert.match(gencrl().out, /short line[\s\S]*error while loading CRL number/);

    const adopted = await json('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), '--create-missing');
    const warnings = (adopted.warnings as string[]).filter((w) => /odd number of hex digits/.test(w));
    assert.equal(warnings.length, 2, (adopted.warnings as string[]).join('\n'));
    assert.match(warnings.join('\n'), /demoCA\/serial holds .*"odd number of chars", "error while loading serial number"[\s\S]*demoCA\/crlnumber holds 1,.*"short line", "error while loading CRL number"/);

    await json('issue', 'node', '--dir', dir, '--name', 'db', '--san', 'db.example');
    await json('crl', '--dir', dir);
    assert.equal(fs.readFileSync(serialFile, 'utf8').trim().length % 2, 0);
    const signed = sign();
    assert.equal(signed.code, 0, signed.out);
    const published = gencrl();
    assert.equal(published.code, 0, published.out);
  });
});
