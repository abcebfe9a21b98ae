/**
 * PostgreSQL settings and pg_hba rows written in YAML: Patroni's `postgresql.parameters`
 * and `pg_hba` lists, CloudNativePG's `spec.postgresql.pg_hba`, checked as the
 * postgresql.conf and pg_hba.conf they become, each finding on its YAML line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingRows, lintFile, makePki, type Pki } from './helpers';
import { lineAt } from '../../../server/src/core/lineIndex';

const patroni = (parameters: string[], hba: string[], extra: string[] = []): string =>
  ['scope: batman', 'name: pg0', 'bootstrap:', '  dcs:', '    postgresql:', '      pg_hba:', ...hba.map((h) => `      - ${h}`), 'postgresql:', '  data_dir: /var/lib/pg/data', ...extra, '  parameters:', ...parameters.map((p) => `    ${p}`), ''].join('\n');

describe('Patroni', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-patroni-');
    pki.write('tls/.keep', '');
    const ca = pki.ca({ cert: 'tls/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'tls/server.crt', key: 'tls/server.key', ca, cn: 'db', san: 'DNS:db' });
    pki.leaf({ cert: 'tls/other.crt', key: 'tls/other.key', ca, cn: 'other', san: 'DNS:other' });
  });
  after(() => pki.cleanup());
  const mapped = { pathMappings: { '/etc/tls': 'tls' } };

  test('parameters: the key of another certificate is PG-011 on its line; a missing file on the host is not judged', async () => {
    const text = patroni(['ssl: on', 'ssl_cert_file: /etc/tls/server.crt', 'ssl_key_file: "/etc/tls/other.key"', 'ssl_ca_file: /etc/tls/ca.crt', 'ssl_crl_file: /etc/tls/nowhere.crl'], ['hostssl all all 0.0.0.0/0 scram-sha-256']);
    const run = await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir], settings: mapped });
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file']);
    assert.equal(lineAt(text, run.findings[0]!.start), text.split('\n').indexOf('    ssl_key_file: "/etc/tls/other.key"'));
  });

  test('bootstrap.dcs parameters count under the local ones; a YAML boolean is on/off', async () => {
    const text = patroni(['ssl_key_file: /etc/tls/server.key'], ['hostssl all all 0.0.0.0/0 cert'], []).replace('      pg_hba:', '      parameters:\n        ssl: true\n        ssl_cert_file: /etc/tls/other.crt\n      pg_hba:');
    const run = await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir], settings: mapped });
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file', 'error PG-006 cert']);
    assert.match(run.findings[1]!.message, /Patroni's postgresql\.parameters set none/);
  });

  test('pg_hba rows: PG-007 with ssl off, the row checks of pg_hba.conf, each on its list item', async () => {
    const text = patroni(['ssl: "off"'], ['hostssl all all 0.0.0.0/0 md5', 'host all all 0.0.0.0/0 md5 clientcert=1', '"hostssl all all 0.0.0.0/0 cert clientname=XY"']);
    const run = await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['warning PG-007 hostssl', 'error PG-002 clientcert=1', 'error PG-003 clientcert=1', 'warning PG-007 hostssl', 'error PG-005 clientname=XY']);
    assert.match(run.findings[0]!.message, /Patroni's postgresql\.parameters sets ssl = off/);
  });

  test('custom_conf, config_dir: a postgresql.conf of the user may set ssl or ssl_ca_file, so nothing rests on their absence', async () => {
    const text = patroni(['ssl: on'], ['hostssl all all 0.0.0.0/0 cert'], ['  custom_conf: /etc/pg/custom.conf']);
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir] })), []);
    const unset = patroni([], ['hostssl all all 0.0.0.0/0 md5'], ['  config_dir: /etc/postgresql/15/main']);
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', unset), { roots: [pki.dir] })), [], 'a postgresql.conf in config_dir may turn ssl on');
  });

  test('cert rows with ssl_ca_file and no CRL: PG-021 on ssl_ca_file, as pg_hba.conf gets it; none with ssl_crl_file', async () => {
    const params = ['ssl: on', 'ssl_cert_file: /etc/tls/server.crt', 'ssl_key_file: /etc/tls/server.key', 'ssl_ca_file: /etc/tls/ca.crt'];
    const text = patroni(params, ['hostssl all all 0.0.0.0/0 scram-sha-256', 'hostssl all all 0.0.0.0/0 cert']);
    const run = await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir], settings: mapped });
    assert.deepEqual(findingRows(run), ['warning PG-021 ssl_ca_file']);
    assert.match(run.findings[0]!.message, /Patroni's pg_hba list/);
    assert.equal(run.findings[0]!.related?.[0]?.line, text.split('\n').indexOf('      - hostssl all all 0.0.0.0/0 cert'));
    const withCrl = patroni([...params, 'ssl_crl_dir: /etc/tls/crl'], ['hostssl all all 0.0.0.0/0 cert']);
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', withCrl), { roots: [pki.dir], settings: mapped })), []);
  });

  test('the list Patroni writes: postgresql.pg_hba over bootstrap.dcs, bootstrap.pg_hba only without either; none under an hba_file of its own', async () => {
    const bad = 'host all all 0.0.0.0/0 md5 clientcert=1';
    // bootstrap.dcs's list (the fixture's) is replaced by the local one.
    const local = patroni(['ssl: on', 'ssl_ca_file: /etc/tls/ca.crt', 'ssl_crl_file: /etc/tls/x.crl'], [bad], ['  pg_hba:', '    - hostssl all all 0.0.0.0/0 md5']);
    // The list Patroni leaves unwritten says so, on its key (PG-040).
    const localRun = await lintFile(pki.write('patroni.yml', local), { roots: [pki.dir] });
    assert.deepEqual(findingRows(localRun), ['information PG-040 pg_hba']);
    assert.equal(lineAt(local, localRun.findings[0]!.start), 5);
    assert.match(localRun.findings[0]!.message, /does not write bootstrap\.dcs\.postgresql\.pg_hba: it writes postgresql\.pg_hba/);
    const boot = ['bootstrap:', '  pg_hba:', `    - ${bad}`, 'postgresql:', '  data_dir: /data', ''].join('\n');
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', boot), { roots: [pki.dir] })), ['error PG-002 clientcert=1', 'error PG-003 clientcert=1']);
    const both = boot.replace('postgresql:', `postgresql:\n  pg_hba:\n    - host all all 0.0.0.0/0 md5`);
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', both), { roots: [pki.dir] })), ['information PG-040 pg_hba']);
    // hba_file elsewhere: PostgreSQL reads that file; Patroni's own path keeps the list live.
    const elsewhere = patroni(['ssl: "off"', 'hba_file: /etc/pg/pg_hba.conf'], ['hostssl all all 0.0.0.0/0 md5', bad]);
    const elsewhereRun = await lintFile(pki.write('patroni.yml', elsewhere), { roots: [pki.dir] });
    assert.deepEqual(findingRows(elsewhereRun), ['information PG-040 pg_hba']);
    assert.match(elsewhereRun.findings[0]!.message, /hba_file parameter names \/etc\/pg\/pg_hba\.conf/);
    const patronis = patroni(['ssl: "off"', 'hba_file: /var/lib/pg/data/pg_hba.conf'], ['hostssl all all 0.0.0.0/0 md5']);
    assert.deepEqual(findingRows(await lintFile(pki.write('patroni.yml', patronis), { roots: [pki.dir] })), ['warning PG-007 hostssl']);
  });

  test('an hba_file in the workspace: its cert rows ask for a CRL (PG-021 on ssl_ca_file)', async () => {
    pki.write('tls/pg_hba.conf', 'hostssl all all 0.0.0.0/0 cert\n');
    const text = patroni(['ssl: on', 'ssl_cert_file: /etc/tls/server.crt', 'ssl_key_file: /etc/tls/server.key', 'ssl_ca_file: /etc/tls/ca.crt', 'hba_file: /etc/tls/pg_hba.conf'], ['hostssl all all 0.0.0.0/0 md5 clientcert=1']);
    const run = await lintFile(pki.write('patroni.yml', text), { roots: [pki.dir], settings: mapped });
    assert.deepEqual(findingRows(run), ['information PG-040 pg_hba', 'warning PG-021 ssl_ca_file']);
    assert.equal(run.byCode('PG-021')[0]!.related?.[0]?.file, pki.path('tls/pg_hba.conf'));
  });

  test('a 10,000-row pg_hba list is read row by row', async () => {
    const rows = Array.from({ length: 10_000 }, () => 'host all all 0.0.0.0/0 cert');
    const run = await lintFile(pki.write('patroni.yml', patroni(['ssl: on'], rows)), { roots: [pki.dir] });
    assert.equal(run.byCode('PG-003').length, 10_000);
  });
});

describe('CloudNativePG', () => {
  let pki: Pki;
  before(() => (pki = makePki('cw-cnpg-')));
  after(() => pki.cleanup());

  test('the operator runs ssl with its CA: cert rows pass, invalid rows are reported', async () => {
    const text = ['apiVersion: postgresql.cnpg.io/v1', 'kind: Cluster', 'metadata:', '  name: c', 'spec:', '  postgresql:', '    pg_hba:', '      - hostssl app all all cert', '      - hostssl app all all md5 clientcert=verify-cn', ''].join('\n');
    const run = await lintFile(pki.write('cluster.yaml', text), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['error PG-002 clientcert=verify-cn']);
  });
});
