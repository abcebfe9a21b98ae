/**
 * `certwright init --topology FILE --dir DIR` where DIR holds an adopted CA: the cluster is
 * issued from that CA, into the places its layout names, recorded in its own database
 * (no second CA), idempotent on a re-run, and the real tools agree afterwards:
 *  - easy-rsa 3.1 pki/ with a TiUP DM topology: openssl verify, easyrsa revoke <node> + gen-crl;
 *  - CA.pl demoCA with a PostgreSQL host list: serials continue demoCA/serial, openssl ca -status;
 *  - a cockroach cert layout with a node list: per-node certs dirs, the client.root made
 *    before the adoption kept.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli, type CliJson } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { changed, EASYRSA, makeDemoCa, must, nextSerialHex, serialOf, snapshot, crlSerials } from './support/realCas';

const { tmp, json: cwJson } = inProcessCli('certwright-adopt-init-');

describe('init on an adopted easy-rsa 3.1 pki/ (TiUP DM topology)', () => {
  const dir = path.join(tmp, 'easyrsa');
  const topology = path.join(tmp, 'dm.yaml');
  const env = { EASYRSA_BATCH: '1' };
  const easyrsa = (...args: string[]): string => must(EASYRSA, args, dir, env);

  before(async () => {
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(dir);
    easyrsa('init-pki');
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'DM EasyRSA CA' });
    await cwJson('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing');
    fs.writeFileSync(topology, 'master_servers:\n  - host: 10.0.1.1\n  - host: 10.0.1.2\nworker_servers:\n  - host: 10.0.1.3\n');
  });

  it('issues every node and the client into pki/issued and pki/private, recorded in pki/index.txt; the CA is not touched', async () => {
    const before = snapshot(dir);
    const r = await cwJson('init', '--topology', topology, '--dir', dir);
    assert.deepEqual(r.issued.map((i: CliJson) => i.certPath).sort(), ['pki/issued/client.crt', 'pki/issued/master-10.0.1.1.crt', 'pki/issued/master-10.0.1.2.crt', 'pki/issued/worker-10.0.1.3.crt']);
    const diff = changed(before, snapshot(dir));
    assert.deepEqual(diff.modified, ['pki/index.txt']);
    assert.deepEqual(diff.removed, []);
    assert.ok(!diff.added.some((p) => /ca\.(crt|key)$|ca-private/.test(p)), `no second CA: ${diff.added.join(', ')}`);
    const index = fs.readFileSync(path.join(dir, 'pki/index.txt'), 'utf8');
    for (const i of r.issued) {
      assert.match(index, new RegExp(`^V\\t\\d{12}Z\\t\\t${i.serial}\\t`, 'm'));
      assert.ok(fs.existsSync(path.join(dir, `pki/certs_by_serial/${i.serial}.pem`)));
    }
    for (const n of ['master-10.0.1.1', 'master-10.0.1.2', 'worker-10.0.1.3']) {
      // Not -x509_strict: easy-rsa's own root has basicConstraints not critical (see adopt-intermediate.test.ts).
      assert.match(ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'pki/ca.crt', `pki/issued/${n}.crt`), /OK/);
      assert.match(fs.readFileSync(path.join(dir, `config/${n}.toml`), 'utf8'), new RegExp(`ssl-ca = "${dir}/pki/ca.crt"\\nssl-cert = "${dir}/pki/issued/${n}.crt"\\nssl-key = "${dir}/pki/private/${n}.key"`));
    }
    assert.match(ok(dir, 'verify', '-purpose', 'sslclient', '-CAfile', 'pki/ca.crt', 'pki/issued/client.crt'), /OK/);
  });

  it('a re-run issues nothing and changes no certificate; after adding a host only that one is issued', async () => {
    const before = snapshot(dir);
    const again = await cwJson('init', '--topology', topology, '--dir', dir);
    assert.deepEqual(again.issued, []);
    assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
    fs.appendFileSync(topology, '  - host: 10.0.1.4\n');
    const more = await cwJson('init', '--topology', topology, '--dir', dir);
    assert.deepEqual(more.issued.map((i: CliJson) => i.certPath), ['pki/issued/worker-10.0.1.4.crt']);
  });

  it('easyrsa revoke <node> and gen-crl work on a certificate init issued', () => {
    const serial = serialOf(dir, 'pki/issued/worker-10.0.1.4.crt');
    easyrsa('revoke', 'worker-10.0.1.4');
    easyrsa('gen-crl');
    assert.deepEqual(crlSerials(tmp, path.join(dir, 'pki/crl.pem')), [serial]);
  });
});

describe('init on an adopted CA.pl demoCA (PostgreSQL host list)', () => {
  const dir = path.join(tmp, 'demo');
  const hosts = path.join(tmp, 'hosts');

  before(async () => {
    makeDemoCa(dir, []);
    await cwJson('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'));
    fs.writeFileSync(hosts, 'db1.example\ndb2.example\n');
  });

  it('serials continue demoCA/serial in order; openssl ca -status finds each Valid; postgresql.conf names the demoCA files', async () => {
    const first = fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim();
    const r = await cwJson('init', '--topology', hosts, '--dir', dir, '--profile', 'postgres', '--key', 'p256');
    const serials = r.issued.map((i: CliJson) => i.serial);
    const expected = [first];
    while (expected.length < serials.length) expected.push(nextSerialHex(expected[expected.length - 1]!));
    assert.deepEqual(serials, expected, 'as openssl ca would have numbered them');
    assert.equal(fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim(), nextSerialHex(expected[expected.length - 1]!));
    for (const s of serials) assert.match(openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', s).out, new RegExp(`${s}=Valid`));
    assert.match(ok(dir, 'verify', '-purpose', 'sslserver', '-CAfile', 'demoCA/cacert.pem', 'demoCA/certs/db1.example.crt'), /OK/);
    const conf = fs.readFileSync(path.join(dir, 'config/db1.example.postgresql.conf'), 'utf8');
    assert.match(conf, new RegExp(`ssl_ca_file = '${dir}/demoCA/cacert.pem'`));
    assert.match(conf, new RegExp(`ssl_crl_file = '${dir}/demoCA/crl.pem'`));
  });
});

describe('init on an adopted cockroach cert layout (node list)', () => {
  const dir = path.join(tmp, 'crdb');
  const nodes = path.join(tmp, 'nodes.yaml');

  before(async () => {
    fs.mkdirSync(path.join(dir, 'certs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'my-safe-directory'), { mode: 0o700 });
    ok(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'my-safe-directory/ca.key');
    ok(dir, 'req', '-new', '-x509', '-key', 'my-safe-directory/ca.key', '-subj', '/O=Cockroach/CN=Cockroach CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'certs/ca.crt');
    ok(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'certs/client.root.key');
    ok(dir, 'req', '-new', '-x509', '-key', 'certs/client.root.key', '-subj', '/O=Cockroach/CN=root', '-CA', 'certs/ca.crt', '-CAkey', 'my-safe-directory/ca.key', '-days', '365', '-addext', 'extendedKeyUsage=clientAuth', '-out', 'certs/client.root.crt');
    await cwJson('adopt', '--dir', dir, '--from', 'cockroach', path.join(dir, 'certs'), '--create-missing');
    fs.writeFileSync(nodes, 'nodes:\n  - crdb1.example\n  - crdb2.example\n');
  });

  it('a certs dir per node beside the adopted ca.crt; the client.root made before is kept; openssl ca finds the nodes in the state beside ca.key', async () => {
    const rootClient = fs.readFileSync(path.join(dir, 'certs/client.root.crt'), 'utf8');
    const r = await cwJson('init', '--topology', nodes, '--dir', dir);
    assert.deepEqual(r.existing, ['client root']);
    assert.equal(fs.readFileSync(path.join(dir, 'certs/client.root.crt'), 'utf8'), rootClient);
    for (const n of ['crdb1.example', 'crdb2.example']) {
      assert.equal(fs.readFileSync(path.join(dir, `certs/${n}/ca.crt`), 'utf8').trim(), fs.readFileSync(path.join(dir, 'certs/ca.crt'), 'utf8').trim());
      assert.match(ok(dir, 'verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', `certs/${n}/node.crt`), /OK/);
      const serial = serialOf(dir, `certs/${n}/node.crt`);
      assert.match(openssl(dir, 'ca', '-config', 'my-safe-directory/openssl-ca.cnf', '-status', serial).out, new RegExp(`${serial}=Valid`));
      assert.match(fs.readFileSync(path.join(dir, `config/${n}.flags`), 'utf8'), new RegExp(`--certs-dir=${dir}/certs/${n}\\n`));
    }
  });
});
