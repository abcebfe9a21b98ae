/** sniff.ts: what a config file is, by content (OpenSSL, MySQL/MariaDB option file, neither). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
