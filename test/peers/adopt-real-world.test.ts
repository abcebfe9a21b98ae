/**
 * `certwright adopt` and the CA operations on CA state other tools made, as public projects
 * commit it (test/fixtures/issue/real-world/ca/, SOURCES.md): openssl ca / CA.pl demoCA
 * folders and easy-rsa 3 PKIs. Each folder is copied, adopted, read, carried on by Certwright
 * (issue, revoke, crl, renew), and then handed back to the real tools, which must agree and go on working:
 *  - `certwright list --ca` reads every index.txt line as `openssl ca -status` does (after
 *    `openssl ca -updatedb` on a copy, so both judge expiry on today's date);
 *  - after Certwright: `openssl ca -status` sees the revocation, `openssl ca -gencrl` publishes
 *    the next CRL number with it, `openssl ca -batch` signs the next serial, `openssl verify
 *    -crl_check` agrees, `openssl ca -updatedb` loads the database; easy-rsa 3.1 issues and
 *    publishes a CRL in an easy-rsa PKI.
 * openssl ca runs with a configuration naming the layout's files (policy: a CN), so requests need
 * not match each CA's policy. Where a folder lacks what openssl ca needs (the CA key, its
 * passphrase, the CA certificate, or all but index.txt), the case says so and the test puts a
 * stand-in there; the database is always the real one. Every folder of the corpus is a case.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli, type CliJson } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { changed, crlSerials, EASYRSA, must, opensslCnf, run, snapshot } from './support/realCas';

const corpus = path.resolve(__dirname, '../fixtures/issue/real-world/ca');
const { tmp, cli, json } = inProcessCli('certwright-adopt-rw-');

interface CaCase {
  /** Folder under the corpus. */
  readonly folder: string;
  readonly from: 'openssl' | 'easy-rsa';
  /** The folder openssl ca / easyrsa runs in (adopt --dir), inside the copy. */
  readonly root: string;
  /** openssl ca -config, from root; none: the folder is a CA.pl demoCA run with OpenSSL's apps/openssl.cnf. */
  readonly config?: string;
  readonly passphrase?: string;
  /** Why the CA certificate and key are stand-ins (the folder does not hold a usable pair). */
  readonly standIn?: string;
  /** The folder holds only this database: it is put at demoCA/index.txt with a stand-in CA and a serial above it. */
  readonly indexOnly?: string;
}

const cases: readonly CaCase[] = [
  { folder: 'Tirasa__cieid-testenv', from: 'openssl', root: '.', config: 'demoCA/cie.cnf' },
  { folder: 'yorickflannagan__xapiripe', from: 'openssl', root: 'pki', config: 'caend.cnf', passphrase: 'secret' },
  { folder: 'oriolrius__traefik-private-pki-poc', from: 'easy-rsa', root: '.', passphrase: 'The2password.' },
  { folder: 'unix2dos__easy-rsa', from: 'easy-rsa', root: '.' },
  { folder: 'olblak__jenkins-vpn-keys', from: 'easy-rsa', root: 'cert/cert-pki', standIn: 'the CA key is committed encrypted with a key that is not' },
  { folder: 'actionpay__postmanq', from: 'openssl', root: '.', standIn: "the CA key's passphrase is not in the repository" },
  { folder: 'bwunder__anonym', from: 'openssl', root: '.', standIn: 'the CA key is not committed' },
  { folder: 'linux-remote__ssl-self-signed', from: 'openssl', root: '.', standIn: 'neither the CA certificate nor its key is committed' },
  { folder: 'jens-maus__amissl', from: 'openssl', root: '.', standIn: "SSLeay's 1995 demo CA: its CA file is a v1 server certificate (no CA flag), expired in 1998" },
  { folder: 'Mbed-TLS__mbedtls', from: 'openssl', root: '.', indexOnly: 'tests/data_files/test-ca-index.txt' },
  { folder: 'FreeRADIUS__freeradius-server', from: 'openssl', root: '.', indexOnly: 'raddb/certs/demoCA/index.txt' },
];

const statusWord: Record<string, string> = { V: 'valid', E: 'expired', R: 'revoked' };

function layoutOf(dir: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(dir, 'certwright-layout.json'), 'utf8')).layout as Record<string, string>;
}

/** An openssl ca configuration over the layout's own files. */
function peerConfig(dir: string, l: Record<string, string>, uniqueSubject: boolean): string {
  const file = path.join(dir, '..', `peer-${path.basename(dir)}.cnf`);
  const p = (rel: string): string => path.join(dir, rel);
  fs.writeFileSync(file, [
    '[ ca ]', 'default_ca = X', '[ X ]',
    `database = ${p(l.index!)}`, `serial = ${p(l.serial!)}`, `crlnumber = ${p(l.crlnumber!)}`,
    `certificate = ${p(l.caCert!)}`, `private_key = ${p(l.caKey!)}`, `new_certs_dir = ${p(l.newCertsDir!)}`,
    'default_md = sha256', 'default_days = 30', 'default_crl_days = 30', 'policy = p', `unique_subject = ${uniqueSubject ? 'yes' : 'no'}`,
    '[ p ]', 'commonName = supplied', '',
  ].join('\n'));
  return file;
}

/** The serials of index.txt with their status letters, as openssl ca -status reports them. */
function opensslStatuses(cwd: string, config: string, serials: readonly string[], pass?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of serials) {
    const r = openssl(cwd, 'ca', '-config', config, ...(pass ? ['-passin', `pass:${pass}`] : []), '-status', s);
    out.set(s, /=\w+ \((\w)\)/.exec(r.out)?.[1] ?? `none: ${r.out.trim().split('\n').pop()}`);
  }
  return out;
}

const indexSerials = (text: string): string[] => text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[3]!);

describe('adopt: real CA folders from public projects, then the real tools on them', () => {
  it('every corpus folder is a case, and every case a folder', () => {
    assert.deepEqual(fs.readdirSync(corpus).filter((d) => fs.statSync(path.join(corpus, d)).isDirectory()).sort(), cases.map((c) => c.folder).sort());
  });

  it("SSLeay's demoCA (jens-maus__amissl): openssl ca signs with its X509 CERTIFICATE file; adopt reads that label and refuses only what is wrong (a server certificate, not a CA)", async () => {
    const dir = path.join(tmp, 'ssleay');
    fs.cpSync(path.join(corpus, 'jens-maus__amissl'), dir, { recursive: true });
    fs.copyFileSync(opensslCnf, path.join(dir, 'openssl.cnf'));
    fs.writeFileSync(path.join(dir, 'demoCA/crlnumber'), '01\n');
    ok(dir, 'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'r.key', '-subj', '/CN=r', '-out', 'r.csr');
    ok(dir, 'ca', '-config', 'openssl.cnf', '-batch', '-policy', 'policy_anything', '-in', 'r.csr', '-out', 'r.crt');
    const r = await cli('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'), '--dry-run');
    assert.equal(r.code, 1);
    assert.match(r.err, /SSLeay demo server\) is not a CA/);
  });

  for (const c of cases) {
    it(`${c.folder}${c.standIn ? ` (stand-in CA: ${c.standIn})` : ''}${c.indexOnly ? ' (index.txt only)' : ''}`, async () => {
      const copy = path.join(tmp, c.folder);
      fs.cpSync(path.join(corpus, c.folder), copy, { recursive: true });
      const dir = path.join(copy, c.root);
      if (c.indexOnly) {
        const text = fs.readFileSync(path.join(copy, c.indexOnly), 'utf8');
        fs.mkdirSync(path.join(dir, 'demoCA/newcerts'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'demoCA/index.txt'), text);
        const top = indexSerials(text).reduce((m, s) => (BigInt(`0x${s}`) > m ? BigInt(`0x${s}`) : m), 0n);
        fs.writeFileSync(path.join(dir, 'demoCA/serial'), `${(top + 1n).toString(16).toUpperCase().padStart(2, '0')}\n`);
      }
      let config = c.config;
      if (c.from === 'openssl' && !config) {
        fs.copyFileSync(opensslCnf, path.join(dir, 'openssl.cnf'));
        config = 'openssl.cnf';
      }
      if (c.standIn || c.indexOnly) {
        const [cert, key] = c.from === 'openssl' ? ['demoCA/cacert.pem', 'demoCA/private/cakey.pem'] : ['ca.crt', 'private/ca.key'];
        fs.mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
        // OpenSSL's apps/openssl.cnf matches C, ST and O of requests against the CA's.
        must('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/C=XX/ST=Test/O=Stand-in/CN=Stand-in CA'], dir);
      }
      const pass = c.standIn ? undefined : c.passphrase;
      if (pass) process.env.CW_CORPUS_PASS = pass;
      const passin = pass ? ['--passin', 'env:CW_CORPUS_PASS'] : [];
      const before = snapshot(dir);

      // Adopting rewrites nothing: it adds the layout file and, agreed, state files the CA lacks.
      const adopted = await json('adopt', '--dir', dir, '--from', c.from, c.from === 'openssl' ? path.join(dir, config!) : dir, '--create-missing', ...passin);
      const diff = changed(before, snapshot(dir));
      assert.deepEqual(diff.modified, []);
      assert.deepEqual(diff.removed, []);
      assert.deepEqual(diff.added, ['certwright-layout.json', ...(adopted.creates as string[])].sort());
      const l = layoutOf(dir);
      const indexText = fs.readFileSync(path.join(dir, l.index!), 'utf8');
      const serials = indexSerials(indexText);
      const peer = peerConfig(dir, l, adopted.uniqueSubject as boolean);

      // Reading: Certwright's list of the database against openssl ca -status after -updatedb (on a copy).
      const judged = path.join(tmp, `${c.folder}-updatedb`);
      fs.cpSync(dir, judged, { recursive: true });
      const judgedConfig = peerConfig(judged, l, adopted.uniqueSubject as boolean);
      assert.equal(openssl(judged, 'ca', '-config', judgedConfig, ...(pass ? ['-passin', `pass:${pass}`] : []), '-updatedb').code, 0);
      const theirs = opensslStatuses(judged, judgedConfig, serials, pass);
      const listed = (await json('list', '--ca', dir, '--within', '0d')) as unknown as CliJson[];
      const ours = new Map(listed.filter((e) => e.source === 'ca-database').map((e) => [e.serial as string, e.status as string]));
      for (const s of serials) assert.equal(ours.get(s.toUpperCase()), statusWord[theirs.get(s)!] ?? theirs.get(s), `serial ${s}: certwright list vs openssl ca -status`);
      assert.equal(adopted.entries.valid + adopted.entries.revoked + adopted.entries.expired, serials.length);

      // Carrying on: Certwright issues, revokes and publishes.
      const issued = await json('issue', 'node', '--dir', dir, '--name', 'peerleaf', '--san', 'peer.example', '--days', '30', ...passin);
      const leafSerial = issued.issued.serial as string;
      const firstValid = indexText.split('\n').find((line) => line.startsWith('V\t'))?.split('\t')[3];
      // A certificate issued before the adoption, by serial (stand-in CAs did not issue them: then the new one).
      const target = !c.standIn && !c.indexOnly && firstValid ? firstValid : leafSerial;
      await json('revoke', '--dir', dir, '--serial', target, '--reason', 'keyCompromise', ...passin);
      const crl = await json('crl', '--dir', dir, ...passin);
      assert.ok(crl.written.length);

      // The real tools on the state Certwright left.
      const passArgs = pass ? ['-passin', `pass:${pass}`] : [];
      // -status exits 1 even when it answers (apps/ca.c), so its words are checked.
      assert.match(openssl(dir, 'ca', '-config', peer, ...passArgs, '-status', target).out, new RegExp(`${target}=Revoked`));
      assert.match(openssl(dir, 'ca', '-config', peer, ...passArgs, '-status', leafSerial).out, /=(Valid|Revoked)/);
      const ourCrl = path.join(dir, l.crl!);
      const ourNumber = Number(/CRL Number: \s*(\d+)/.exec(ok(dir, 'crl', '-in', ourCrl, '-noout', '-text'))?.[1]);
      ok(dir, 'ca', '-config', peer, ...passArgs, '-gencrl', '-out', 'openssl.crl');
      assert.ok(crlSerials(dir, 'openssl.crl').includes(target.toUpperCase()));
      assert.equal(Number(/CRL Number: \s*(\d+)/.exec(ok(dir, 'crl', '-in', 'openssl.crl', '-noout', '-text'))?.[1]), ourNumber + 1);
      const nextSerial = fs.readFileSync(path.join(dir, l.serial!), 'utf8').trim();
      ok(dir, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'after.key', '-subj', '/CN=after-certwright', '-out', 'after.csr');
      ok(dir, 'ca', '-config', peer, ...passArgs, '-batch', '-in', 'after.csr', '-out', 'after.crt');
      if (l.serials !== 'random') assert.equal(ok(dir, 'x509', '-in', 'after.crt', '-noout', '-serial').trim(), `serial=${nextSerial}`);
      const verify = (file: string): string => openssl(dir, 'verify', '-partial_chain', '-crl_check', '-CAfile', l.caCert!, '-CRLfile', 'openssl.crl', file).out;
      assert.match(verify('after.crt'), /after.crt: OK/);
      if (target === leafSerial) assert.match(verify(issued.issued.certPath), /certificate revoked/);
      assert.equal(openssl(dir, 'ca', '-config', peer, ...passArgs, '-updatedb').code, 0);

      // Renewing Certwright's leaf: refused under unique_subject (openssl ca would refuse the second valid subject), else openssl ca sees the new serial.
      const renewed = await cli('renew', '--dir', dir, '--cert', path.join(dir, issued.issued.certPath as string), '--new-key', '--days', '20', '--json', ...passin);
      if (adopted.uniqueSubject && target !== leafSerial) assert.match(renewed.err, /unique_subject = yes/);
      else {
        assert.equal(renewed.code, 0, renewed.err);
        const serial = JSON.parse(renewed.out).issued.serial as string;
        assert.match(openssl(dir, 'ca', '-config', peer, ...passArgs, '-status', serial).out, new RegExp(`${serial}=Valid`));
        assert.equal(openssl(dir, 'ca', '-config', peer, ...passArgs, '-updatedb').code, 0);
      }

      if (c.from === 'easy-rsa') {
        const pki = fs.existsSync(path.join(dir, 'pki')) ? path.join(dir, 'pki') : dir;
        // easy-rsa 3.1 runs only with its openssl-easyrsa.cnf in the PKI (init-pki puts it there; 3.2 PKIs lack it).
        if (!fs.existsSync(path.join(pki, 'openssl-easyrsa.cnf'))) fs.copyFileSync(path.join(path.dirname(EASYRSA), 'openssl-easyrsa.cnf'), path.join(pki, 'openssl-easyrsa.cnf'));
        // The folders easyrsa expects: the corpus leaves out requests and leaf keys, and git keeps no empty folder.
        for (const d of ['reqs', 'private', 'issued', 'certs_by_serial']) fs.mkdirSync(path.join(pki, d), { recursive: true });
        const env = { EASYRSA: path.dirname(EASYRSA), EASYRSA_PKI: pki, EASYRSA_BATCH: '1', ...(pass ? { EASYRSA_PASSIN: `pass:${pass}` } : {}) };
        const built = run(EASYRSA, ['build-client-full', 'after-cw', 'nopass'], tmp, env);
        assert.equal(built.code, 0, built.out);
        const gen = run(EASYRSA, ['gen-crl'], tmp, env);
        assert.equal(gen.code, 0, gen.out);
        assert.ok(crlSerials(dir, path.join(pki, 'crl.pem')).includes(target.toUpperCase()));
      }
      delete process.env.CW_CORPUS_PASS;
    });
  }
});
