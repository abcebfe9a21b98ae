/** sniff.ts: what a config file is, by content (OpenSSL, MySQL/MariaDB option file, neither). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { isMysqlOptionFile, looksLikeOpensslConfig, sniffConfig } from '../../../server/src/core/cnf/sniff';

const myCnfs = [
  '[mysqld]\nskip-networking\nport = 3306\n',
  '# MariaDB\n!includedir /etc/mysql/conf.d/\n',
  '[client]\nssl-ca = /etc/mysql/ca.pem\nssl-cert = client.pem\n',
  '[mysqld-8.0]\ninnodb_buffer_pool_size = 1G\n',
  '[server]\n[galera]\nwsrep_on = ON\n',
];

test('MySQL/MariaDB option files are never OpenSSL configs, whatever their name or the language they arrive as', () => {
  for (const t of myCnfs) {
    assert.equal(sniffConfig(t).kind, 'mysql', t);
    assert.ok(isMysqlOptionFile(t));
    assert.equal(looksLikeOpensslConfig('/etc/mysql/my.cnf', t), false);
    assert.equal(looksLikeOpensslConfig('/x/my.cnf', t, true), false);
    assert.equal(cnfLinter.appliesTo({ path: '/x/my.cnf', text: t, languageId: 'openssl-conf' }), false, 'the server gives it no OpenSSL diagnostics');
  }
});

test('every file of the real-world corpus sniffs as an OpenSSL config (names .prm, .cfg, .txt, .conf included)', () => {
  const dir = join(__dirname, '../../fixtures/cnf/real-world');
  const names = readdirSync(dir).filter((n) => n !== 'SOURCES.md');
  const missed = names.filter((n) => sniffConfig(readFileSync(join(dir, n), 'utf8')).kind !== 'openssl');
  assert.deepEqual(missed, []);
  for (const n of names) assert.ok(looksLikeOpensslConfig(`/x/${n.split('__').at(-1)}`, readFileSync(join(dir, n), 'utf8'), true), n);
});

test('an OpenSSL marker decides over a MySQL one (a [client] or [server] section is common in openssl.cnf); neither is unknown', () => {
  for (const t of ['[ client ]\nbasicConstraints = CA:FALSE\n', '[ server ]\n[ req ]\nprompt = no\n', '!include x\n[ v3_ca ]\n']) {
    assert.equal(sniffConfig(t).kind, 'openssl', t);
    assert.equal(isMysqlOptionFile(t), false, t);
  }
  assert.equal(sniffConfig('[ s ]\nk = v\n').kind, 'unknown');
});

test('an extension file of custom OIDs alone sniffs as OpenSSL by its ASN.1 generator values (rust-libp2p transports/tls test_assets/openssl.cfg)', () => {
  const t = '[ p2p_ext ]\n1.3.6.1.4.1.53594.1.1 = critical,ASN1:SEQUENCE:ExtBody\n\n[ ExtBody ]\npubkey = FORMAT:HEX,OCTETSTRING:0801\n';
  assert.equal(sniffConfig(t).kind, 'openssl');
  assert.equal(sniffConfig('[ e ]\n1.2.3.4 = DER:05:00\n').kind, 'openssl');
  assert.equal(sniffConfig('[ s ]\nfield = SEQ:other\n').kind, 'openssl');
  assert.equal(sniffConfig('[ app ]\nformat = json\nmode = sequence\n').kind, 'unknown', 'plain words are no marker');
});

// The expression sniffConfig used before it looked the names up in sets (one alternation of every
// name, compiled to machine code in every lint): the reference for the same verdict and the same line.
const opensslMarkersBefore =
  /^[ \t]*(\[[ \t]*(req|ca|CA_default|v3_req|v3_ca|v3_intermediate_ca|usr_cert|req_distinguished_name|req_attributes|distinguished_name|alt_names|policy_match|policy_anything|openssl_init|new_oids|crl_ext|server_cert|client_cert)[ \t]*\]|\.include\b|\.pragma\b|(distinguished_name|req_extensions|x509_extensions|default_ca|basicConstraints|keyUsage|extendedKeyUsage|subjectAltName|openssl_conf|oid_section|default_md|string_mask|new_certs_dir|authorityKeyIdentifier|subjectKeyIdentifier|crlDistributionPoints|authorityInfoAccess|certificatePolicies|nameConstraints|policyConstraints|inhibitAnyPolicy|issuerAltName|subjectInfoAccess|issuingDistributionPoint|issuerSignTool|sbgp-[A-Za-z]+|tlsfeature|proxyCertInfo|noCheck|nsComment|nsCertType|countryName_default|commonName_default|commonName_max|ssl_conf|system_default|providers|alg_section|config_diagnostics)[ \t]*=|[\w.-]+[ \t]*=[ \t]*(critical[ \t]*,[ \t]*)?(ASN1|DER|SEQUENCE|SEQ|FORMAT):)/m;

test('the OpenSSL markers are found on the same line as the one-alternation expression found them, on random lines and the corpus', () => {
  const before = (t: string): string | undefined => {
    const m = opensslMarkersBefore.exec(t.length > 200_000 ? t.slice(0, 200_000) : t);
    return m ? `an OpenSSL configuration (it has '${m[0].trim()}')` : undefined;
  };
  const now = (t: string): string | undefined => {
    const s = sniffConfig(t);
    return s.kind === 'openssl' ? s.reason : undefined;
  };
  const dir = join(__dirname, '../../fixtures/cnf/real-world');
  for (const n of readdirSync(dir).filter((x) => x !== 'SOURCES.md')) {
    const t = readFileSync(join(dir, n), 'utf8');
    assert.equal(now(t), before(t), n);
  }
  const name = fc.constantFrom('req', 'ca', 'CA_default', 'v3_ca', 'client_cert', 'keyUsage', 'basicConstraints', 'commonName_max', 'commonName_maxx', 'sbgp-ipAddrBlock', 'sbgp-x1', 'sbgp-', 'mysqld', 'keyUsage2', 'x-y', 'include', 'pragma', 'req.x', 'ä', '1.keyUsage', '1.3.6.1', 'a.b-c', '.x');
  const space = fc.constantFrom('', ' ', '\t', ' \t', '  ');
  const line = fc.oneof(
    fc.tuple(space, space, name, space).map(([a, b, n, c]) => `${a}[${b}${n}${c}]`),
    fc.tuple(space, name, space, fc.constantFrom('=', '= v', ':', ' v', '= ASN1:x', '=critical,DER:05', '= critical , SEQ:a', '=FORMAT:', '= SEQUENCE', '= critical,', '=DER :')).map(([a, n, b, e]) => `${a}${n}${b}${e}`),
    fc.tuple(space, fc.constantFrom('.include', '.pragma', '.includedir', '.include=x', '.pragma dollarid:true', '.pragmas', '#.include')).map(([a, d]) => `${a}${d}`),
    fc.string({ maxLength: 12 }),
  );
  const ending = fc.constantFrom('\n', '\r\n', '\r', '\u2028', ' ');
  fc.assert(
    fc.property(fc.array(fc.tuple(line, ending), { maxLength: 8 }), (lines) => {
      const t = lines.map(([l, e]) => l + e).join('');
      assert.equal(now(t), before(t), JSON.stringify(t));
    }),
    { numRuns: 5000 },
  );
});
