// The layout an adoption proposes, read from real configurations, and the database checks
// it makes before carrying on (the peer test test/peers/adopt.test.ts runs the real tools).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDatabase, cockroachLayout, easyRsaLayout, insideRoot, opensslLayout } from '../../../server/src/core/issue/adopt';
import { IssueError, parseIndex } from '../../../server/src/core/issue';
import { uniqueSubjectOf } from '../../../server/src/core/issue/state';
import { formatLayoutFile, parseLayoutFile } from '../../../server/src/core/issue/layout';

const root = '/srv/pki';
const fixture = (name: string): string => readFileSync(resolve(__dirname, '../../fixtures/cnf/real-world', name), 'utf8');

describe('adopt: the layout of an openssl ca configuration', () => {
  it("reads OpenSSL's own apps/openssl.cnf (CA.pl's demoCA) as openssl ca does", () => {
    const { layout, notes } = opensslLayout(fixture('openssl__openssl__apps__openssl.cnf'), 'openssl.cnf', root, 'generic');
    assert.deepEqual(
      { caCert: layout.caCert, caKey: layout.caKey, index: layout.index, serial: layout.serial, crlnumber: layout.crlnumber, newCertsDir: layout.newCertsDir, crl: layout.crl, caDir: layout.caDir, serials: layout.serials },
      { caCert: 'demoCA/cacert.pem', caKey: 'demoCA/private/cakey.pem', index: 'demoCA/index.txt', serial: 'demoCA/serial', crlnumber: 'demoCA/crlnumber', newCertsDir: 'demoCA/newcerts', crl: 'demoCA/crl.pem', caDir: 'demoCA', serials: 'sequential' },
    );
    assert.deepEqual(layout.node.named, { cert: 'demoCA/certs/{name}.crt', key: 'demoCA/private/{name}.key' });
    assert.ok(notes.some((n) => /sequential/.test(n)));
    assert.ok(notes.some((n) => /^subjects follow \[ policy_match \] .*\(countryName match, stateOrProvinceName match, organizationName match, organizationalUnitName optional, commonName supplied, emailAddress optional\)/.test(n)), notes.join('\n'));
    const unusable = opensslLayout(fixture('openssl__openssl__apps__openssl.cnf').replace(/^policy\s*=.*$/m, ''), 'openssl.cnf', root, 'generic').notes;
    assert.ok(unusable.some((n) => /^Certwright issues nothing from this CA until its policy is fixed .*\[ CA_default \] has no policy/.test(n)), unusable.join('\n'));
  });

  const cnf = (body: string): string => `[ ca ]\ndefault_ca = my_ca\n[ my_ca ]\n${body}`;

  it('takes absolute paths inside --dir, and refuses those outside it', () => {
    const { layout } = opensslLayout(cnf('dir = /srv/pki/ca\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\ncertificate = $dir/ca.pem\nprivate_key = $dir/private/ca.key\nserial = $dir/serial\nrand_serial = yes\n'), 'ca.cnf', root, 'generic');
    assert.equal(layout.index, 'ca/index.txt');
    assert.equal(layout.serials, 'random');
    assert.throws(() => opensslLayout(cnf('dir = /etc/ca\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\ncertificate = $dir/ca.pem\nprivate_key = $dir/ca.key\nserial = $dir/serial\n'), 'ca.cnf', root, 'generic'), /not inside --dir/);
  });

  it('refuses a configuration openssl ca cannot run from, naming the missing key', () => {
    assert.throws(() => opensslLayout('[ req ]\nprompt = no\n', 'req.cnf', root, 'generic'), /no \[ ca \] default_ca/);
    assert.throws(() => opensslLayout(cnf('database = index.txt\ncertificate = ca.pem\nprivate_key = ca.key\nserial = serial\n'), 'ca.cnf', root, 'generic'), /has no new_certs_dir/);
    // easy-rsa's openssl-easyrsa.cnf only works with the environment easyrsa exports.
    assert.throws(() => opensslLayout(cnf('dir = $ENV::EASYRSA_PKI\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/x\ncertificate = $dir/ca.crt\nprivate_key = $dir/ca.key\nserial = $dir/serial\n'), 'e.cnf', root, 'generic'), /does not expand here \(EASYRSA_PKI has no value\)/);
  });

  it('without crlnumber, plans its own and says how to share it with openssl', () => {
    const p = opensslLayout(cnf('database = ca/index.txt\nnew_certs_dir = ca/new\ncertificate = ca/ca.pem\nprivate_key = ca/ca.key\nserial = ca/serial\n'), 'ca.cnf', root, 'generic');
    assert.deepEqual(p.missingByDesign, ['ca/crlnumber']);
    assert.ok(p.notes.some((n) => /crlnumber = ca\/crlnumber/.test(n)));
  });
});

describe('adopt: unique_subject as openssl ca applies it', () => {
  const cnf = (body: string): string => `[ ca ]\ndefault_ca = my_ca\n[ my_ca ]\n${body}`;
  const base = 'database = ca/index.txt\nnew_certs_dir = ca/new\ncertificate = ca/ca.pem\nprivate_key = ca/ca.key\nserial = ca/serial\n';
  it("takes the configuration's unique_subject (default yes), which applies while index.txt.attr does not set it", () => {
    assert.equal(opensslLayout(cnf(base), 'ca.cnf', root, 'generic').layout.uniqueSubject, true);
    const no = opensslLayout(cnf(`${base}unique_subject = no\n`), 'ca.cnf', root, 'generic').layout;
    assert.equal(no.uniqueSubject, false);
    assert.equal(easyRsaLayout('pki', 'generic').layout.uniqueSubject, false, "easy-rsa 3.1's openssl-easyrsa.cnf: unique_subject = no");
    // An empty index.txt.attr (easy-rsa's build-ca) leaves the configuration's value; one that sets it wins.
    assert.equal(uniqueSubjectOf('', false), false);
    assert.equal(uniqueSubjectOf('', true), true);
    assert.equal(uniqueSubjectOf('unique_subject = yes\n', false), true);
    assert.equal(uniqueSubjectOf(undefined), true);
    // It survives the stored layout; an easy-rsa layout stored before the field reads as easy-rsa's no.
    assert.equal(parseLayoutFile(formatLayoutFile(no)).uniqueSubject, false);
    const { uniqueSubject: _, ...older } = easyRsaLayout('pki', 'generic').layout;
    assert.equal(parseLayoutFile(formatLayoutFile(older)).uniqueSubject, false);
  });
});

describe('adopt: easy-rsa and cockroach cert layouts', () => {
  it('easy-rsa names leaves by entity in issued/ and private/', () => {
    const { layout, missingByDesign } = easyRsaLayout('pki', 'generic');
    assert.equal(layout.newCertsDir, 'pki/certs_by_serial');
    assert.deepEqual(layout.client.unnamed, { cert: 'pki/issued/{user}.crt', key: 'pki/private/{user}.key' });
    assert.deepEqual(missingByDesign, ['pki/crlnumber']);
  });

  it('cockroach cert keeps its state beside the key, never in the certs dir', () => {
    const { layout } = cockroachLayout('certs', 'my-safe-directory/ca.key', 'cockroach');
    assert.equal(layout.index, 'my-safe-directory/index.txt');
    assert.deepEqual(layout.node.named, { cert: 'certs/{name}/node.crt', key: 'certs/{name}/node.key', caCopy: 'certs/{name}/ca.crt' });
    assert.throws(() => cockroachLayout('certs', 'certs/ca.key', 'cockroach'), /inside the certs dir/);
  });

  it('paths: relative ones from the root, no climbing out', () => {
    assert.equal(insideRoot('x', 'a/./b/../c', root), 'a/c');
    assert.throws(() => insideRoot('x', '../elsewhere', root), IssueError);
    assert.throws(() => insideRoot('x', '/srv/pkiother/a', root), /not inside/);
    assert.equal(insideRoot('x', '/srv/pki', root, '', true), '');
  });
});

describe('adopt: the database checks openssl ca makes when it loads index.txt', () => {
  const line = (status: string, serial: string, subject: string): string => `${status}\t301231000000Z\t${status === 'R' ? '250101000000Z' : ''}\t${serial}\tunknown\t${subject}\n`;
  it('a serial twice is refused', () => {
    assert.throws(() => checkDatabase(parseIndex(line('V', '01', '/CN=a') + line('R', '01', '/CN=b')), false, 'index.txt'), /listed twice/);
  });
  it('two valid certificates for one subject are refused only under unique_subject', () => {
    const db = parseIndex(line('V', '01', '/CN=a') + line('V', '02', '/CN=a'));
    assert.throws(() => checkDatabase(db, true, 'index.txt'), /two valid certificates/);
    checkDatabase(db, false, 'index.txt');
    checkDatabase(parseIndex(line('R', '01', '/CN=a') + line('V', '02', '/CN=a')), true, 'index.txt');
  });
  it('unique_subject as openssl reads index.txt.attr', () => {
    assert.equal(uniqueSubjectOf(undefined), true);
    assert.equal(uniqueSubjectOf('unique_subject = yes\n'), true);
    assert.equal(uniqueSubjectOf('unique_subject = no\n'), false);
    assert.equal(uniqueSubjectOf(''), true);
  });
});
