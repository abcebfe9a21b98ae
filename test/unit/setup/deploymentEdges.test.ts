/**
 * Edges the command lines add to a deployment: dmctl as written in an operator's
 * script (to the dm-master it names), DM components whose CAs do not verify each
 * other, CockroachDB nodes of a docker-compose file (certs dirs found through the
 * services' volumes, no directive), a node certificate without clientAuth, and
 * `cockroach sql` clients whose user is satisfied by --cert-principal-map or not.
 * Every mismatch once on each end, naming the other.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { certRefs } from '../../../server/src/core/setup/certRefs';
import { defaultLintSettings } from '../../../server/src/core/types';
import { lintFile, makePki, openssl, type Pki } from './helpers';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

function collect(pki: Pki, name: string, run: Awaited<ReturnType<typeof lintFile>>, codes: RegExp): string[] {
  return run.findings.filter((x) => codes.test(x.code) && x.severity !== 'information').map((x) => `${name} ${x.code} ${run.covered(x)} → ${(x.related ?? []).map((r) => r.file.replace(`${pki.dir}/`, '')).join(' + ')}`);
}

describe('dmctl command lines and DM chains', () => {
  let pki: Pki;
  const settings = { pathMappings: { '/home/tidb/deploy': 'hosts' } };
  before(() => {
    pki = makePki('cw-dm-edges-');
    pki.write('hosts/tls/.keep', '');
    const ca = pki.ca({ cert: 'hosts/tls/ca.pem', key: 'ca-private/ca.key', cn: 'DM CA' });
    const other = pki.ca({ cert: 'hosts/tls/other-ca.pem', key: 'ca-private/other.key', cn: 'Other DM CA' });
    const tls = (name: string, caFile = 'ca'): string => `ssl-ca = "/home/tidb/deploy/tls/${caFile}.pem"\nssl-cert = "/home/tidb/deploy/tls/${name}.pem"\nssl-key = "/home/tidb/deploy/tls/${name}.key"\n`;
    pki.leaf({ cert: 'hosts/tls/m1.pem', key: 'hosts/tls/m1.key', ca, cn: 'dm', san: 'DNS:dm-master-1.internal', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-master-1.toml', `name = "m1"\nmaster-addr = "10.0.0.1:8261"\npeer-urls = "0.0.0.0:8291"\nadvertise-peer-urls = "https://dm-master-1.internal:8291"\ninitial-cluster = "m1=https://dm-master-1.internal:8291"\n${tls('m1')}cert-allowed-cn = ["dm"]\n`);
    // Mistake 1: a worker whose certificate another CA issued (and which trusts only that CA).
    pki.leaf({ cert: 'hosts/tls/w1.pem', key: 'hosts/tls/w1.key', ca: other, cn: 'dm', san: 'DNS:dm-worker-1.internal', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-worker-1.toml', `name = "w1"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-1.internal:8262"\njoin = "10.0.0.1:8261"\n${tls('w1', 'other-ca')}cert-allowed-cn = ["dm"]\n`);
    // Mistakes 2 and 3: an operator's dmctl with a CN outside the list, dialling the master by an address its certificate lacks.
    pki.leaf({ cert: 'hosts/tls/ops.pem', key: 'hosts/tls/ops.key', ca, cn: 'ops', eku: 'clientAuth' });
    pki.write('ops/show.sh', '#!/bin/sh\n# certwright: path-map /home/tidb/deploy=../hosts\nexec dmctl --master-addr 10.0.0.1:8261 \\\n  --ssl-ca /home/tidb/deploy/tls/ca.pem --ssl-cert /home/tidb/deploy/tls/ops.pem --ssl-key /home/tidb/deploy/tls/ops.key \\\n  operate-source show\n');
  });
  after(() => pki.cleanup());

  test('each mismatch once on each end', async () => {
    const got: string[] = [];
    for (const f of ['conf/dm-master-1.toml', 'conf/dm-worker-1.toml', 'ops/show.sh']) {
      got.push(...collect(pki, f.split('/')[1]!, await lintFile(pki.path(f), { roots: [pki.dir], settings }), /^DM-(011|022|024)$/));
    }
    assert.deepEqual(got.sort(), [
      // The master's own address (10.0.0.1 is what it advertises now) — reported on its own file once; dmctl dialling it, on the script.
      'dm-master-1.toml DM-011 10.0.0.1:8261 → hosts/tls/m1.pem',
      'dm-master-1.toml DM-022 cert-allowed-cn → ops/show.sh + hosts/tls/ops.pem',
      'dm-master-1.toml DM-024 ssl-ca → conf/dm-worker-1.toml + hosts/tls/w1.pem',
      'dm-master-1.toml DM-024 ssl-cert → conf/dm-worker-1.toml + hosts/tls/other-ca.pem',
      'dm-worker-1.toml DM-011 10.0.0.1:8261 → hosts/tls/m1.pem',
      'dm-worker-1.toml DM-024 ssl-ca → conf/dm-master-1.toml + hosts/tls/m1.pem',
      'dm-worker-1.toml DM-024 ssl-cert → conf/dm-master-1.toml + hosts/tls/ca.pem',
      'show.sh DM-011 10.0.0.1:8261 → conf/dm-master-1.toml + hosts/tls/m1.pem',
      'show.sh DM-022 /home/tidb/deploy/tls/ops.pem → conf/dm-master-1.toml',
    ].sort());
  });

  test('the re-issue data names the certificate and the missing SAN or CN', async () => {
    const run = await lintFile(pki.path('ops/show.sh'), { roots: [pki.dir], settings });
    assert.deepEqual(run.byCode('DM-011')[0]!.data, { reissue: { cert: pki.path('hosts/tls/m1.pem'), san: '10.0.0.1' } });
    assert.deepEqual(run.byCode('DM-022')[0]!.data, { reissue: { cert: pki.path('hosts/tls/ops.pem'), cn: 'dm' } });
    // …and the other fix, on the master's list, from the script's side.
    assert.deepEqual(run.byCode('DM-022')[0]!.fixes?.map((f) => [f.title, f.fileEdits?.[0]?.file, f.fileEdits?.[0]?.newText]), [['Add "ops" to cert-allowed-cn of dm-master-1.toml', pki.path('conf/dm-master-1.toml'), ', "ops"']]);
  });
});

describe('CockroachDB in docker-compose: volumes, EKU, principal map', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-crdb-compose-');
    const ca = pki.ca({ cert: 'ca/ca.crt', key: 'ca/ca.key', cn: 'Cockroach CA' });
    for (const n of ['roach1', 'roach2']) {
      // Mistake 1: roach2's node certificate lacks clientAuth, so it cannot join roach1.
      pki.leaf({ cert: `certs/${n}/node.crt`, key: `certs/${n}/node.key`, ca, subj: '/O=Cockroach/CN=node', san: `DNS:${n},DNS:localhost`, eku: n === 'roach2' ? 'serverAuth' : 'serverAuth,clientAuth' });
      copyFileSync(ca.cert, pki.path(`certs/${n}/ca.crt`));
    }
    pki.leaf({ cert: 'client/client.app-cert.crt', key: 'client/client.app-cert.key', ca, cn: 'app-cert', eku: 'clientAuth' });
    copyFileSync(ca.cert, pki.path('client/ca.crt'));
    const svc = (n: string, extra = ''): string => `  ${n}:\n    image: cockroachdb/cockroach:v23.1.11\n    command: start --certs-dir=/cockroach/certs --advertise-addr=${n}:26257 --join=roach1,roach2${extra}\n    volumes:\n      - ./certs/${n}:/cockroach/certs\n      - roach-data:/cockroach/cockroach-data\n`;
    pki.write('docker-compose.yml', `services:\n${svc('roach1', ' --cert-principal-map=app-cert:app')}${svc('roach2')}volumes:\n  roach-data: {}\n`);
    // The principal map makes app-cert's certificate good for user app; bob is refused (mistake 2).
    const url = (user: string): string => `cockroach sql --url 'postgresql://${user}@roach1:26257/defaultdb?sslmode=verify-full&sslrootcert=client/ca.crt&sslcert=client/client.app-cert.crt&sslkey=client/client.app-cert.key'`;
    pki.write('app.sh', `${url('app')}\n${url('bob')}\n`);
  });
  after(() => pki.cleanup());

  test('certs dirs through the volumes; each mismatch once on each end', async () => {
    const got: string[] = [];
    for (const f of ['docker-compose.yml', 'app.sh']) got.push(...collect(pki, f, await lintFile(pki.path(f), { roots: [pki.dir] }), /^CRDB-03/));
    assert.deepEqual(got.sort(), [
      'app.sh CRDB-034 bob → docker-compose.yml + certs/roach1/node.crt + client/client.app-cert.crt',
      'docker-compose.yml CRDB-033 /cockroach/certs → docker-compose.yml + certs/roach2/node.crt',
      'docker-compose.yml CRDB-033 roach1 → docker-compose.yml + certs/roach1/node.crt',
      'docker-compose.yml CRDB-034 /cockroach/certs → app.sh + client/client.app-cert.crt',
    ].sort());
  });

  test('cockroach sql --url without sslmode verifies as verify-full (CockroachDB\'s URL parser), without TLS under --insecure; sslrootcert=system is the host\'s store', async () => {
    const other = pki.ca({ cert: 'client/other-ca.crt', key: 'other/ca.key', cn: 'Other CA' });
    void other;
    const url = (q: string, flags = ''): string => `cockroach sql${flags} --url 'postgresql://app@roach1:26257/defaultdb?${q}sslcert=client/client.app-cert.crt&sslkey=client/client.app-cert.key'`;
    const rows = async (line: string): Promise<string[]> => (await lintFile(pki.write('nomode.sh', `${line}\n`), { roots: [pki.dir] })).findings.filter((f) => /^CRDB-03/.test(f.code)).map((f) => `${f.severity} ${f.code}`);
    assert.deepEqual(await rows(url('sslrootcert=client/other-ca.crt&')), ['error CRDB-032']);
    assert.deepEqual(await rows(url('sslrootcert=client/other-ca.crt&', ' --insecure')), []);
    const system = await lintFile(pki.write('nomode.sh', `${url('sslrootcert=system&')}\n`), { roots: [pki.dir] });
    assert.deepEqual(system.findings.filter((f) => /^CRDB-03/.test(f.code)).map((f) => `${f.severity} ${f.code} ${system.covered(f)}`), ['warning CRDB-035 system']);
    assert.match(system.byCode('CRDB-035')[0]!.message, /^sslrootcert=system: cockroach sql verifies the server against the CAs of the host/);
  });

  test('hover and link targets of --certs-dir follow the volume', async () => {
    const refs = await certRefs(pki.path('docker-compose.yml'), pki.read('docker-compose.yml'), defaultLintSettings, [pki.dir]);
    assert.deepEqual(refs.filter((r) => r.option === '--certs-dir').map((r) => r.resolved.path), [pki.path('certs/roach1'), pki.path('certs/roach2')]);
  });
});

describe('a chain across a connection, verified as the verifying end verifies it (chainsTo: one verdict)', () => {
  let pki: Pki;
  const settings = { pathMappings: { '/home/tidb/deploy': 'hosts' } };
  const tls = (name: string, caFile: string): string => `ssl-ca = "/home/tidb/deploy/tls/${caFile}.pem"\nssl-cert = "/home/tidb/deploy/tls/${name}.pem"\nssl-key = "/home/tidb/deploy/tls/${name}.key"\n`;
  // Two set-ups side by side: masters 10.0.0.9 (noca/) and 10.0.0.10 (nc/), each joined by its worker.
  const master = (ca: string, n: number): string => `name = "m${n}"\nmaster-addr = "10.0.0.${n}:8261"\npeer-urls = "0.0.0.0:8291"\nadvertise-peer-urls = "https://dm-master-${n}.internal:8291"\ninitial-cluster = "m${n}=https://dm-master-${n}.internal:8291"\n${tls(`m${n}`, ca)}cert-allowed-cn = ["dm"]\n`;
  before(() => {
    pki = makePki('cw-chain-verdict-');
    pki.write('hosts/tls/.keep', '');
    const ca = pki.ca({ cert: 'hosts/tls/ca.pem', key: 'ca-private/ca.key', cn: 'DM CA' });
    const workerCa = pki.ca({ cert: 'hosts/tls/worker-ca.pem', key: 'ca-private/worker-ca.key', cn: 'Worker CA' });
    // The worker CA re-made as CA:FALSE (same name and key): its signatures check, but neither Go nor OpenSSL takes it as an issuer.
    openssl(['req', '-x509', '-new', '-key', workerCa.key, '-subj', '/CN=Worker CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:FALSE', '-out', pki.path('hosts/tls/worker-ca-noca.pem')]);
    // A CA Go's Verify refuses (a critical name constraint on an otherName), OpenSSL takes.
    const ext = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'nameConstraints=critical,excluded;otherName:1.3.6.1.5.5.7.8.9;UTF8:a@example.com'];
    openssl(['req', '-x509', '-new', '-key', workerCa.key, '-subj', '/CN=Worker CA', '-days', '3650', ...ext.flatMap((e) => ['-addext', e]), '-out', pki.path('hosts/tls/nc-ca.pem')]);
    const cat = (out: string, ...files: string[]): void => void pki.write(out, files.map((f) => readFileSync(pki.path(f), 'utf8')).join(''));
    for (const n of [9, 10, 11]) pki.leaf({ cert: `hosts/tls/m${n}.pem`, key: `hosts/tls/m${n}.key`, ca, cn: 'dm', san: `DNS:dm-master-${n}.internal,IP:10.0.0.${n}`, eku: 'serverAuth,clientAuth' });
    pki.leaf({ cert: 'hosts/tls/w3.pem', key: 'hosts/tls/w3.key', ca: workerCa, cn: 'dm', san: 'DNS:dm-worker-3.internal', eku: 'serverAuth,clientAuth' });
    cat('hosts/tls/both.pem', 'hosts/tls/ca.pem', 'hosts/tls/worker-ca.pem');
    cat('hosts/tls/mixed.pem', 'hosts/tls/ca.pem', 'hosts/tls/worker-ca-noca.pem');
    cat('hosts/tls/nc-mixed.pem', 'hosts/tls/ca.pem', 'hosts/tls/nc-ca.pem');
    pki.write('noca/dm-master.toml', master('mixed', 9));
    pki.write('nc/dm-master.toml', master('nc-mixed', 10));
    for (const [d, n] of [['noca', 9], ['nc', 10]] as const) pki.write(`${d}/dm-worker.toml`, `name = "w3"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-3.internal:8262"\njoin = "10.0.0.${n}:8261"\n${tls('w3', 'both')}cert-allowed-cn = ["dm"]\n`);
  });
  after(() => pki.cleanup());

  test('a CA:FALSE certificate in ssl-ca is no issuer across the connection: DM-024 on both ends', async () => {
    const got: string[] = [];
    for (const f of ['dm-master.toml', 'dm-worker.toml']) got.push(...collect(pki, f, await lintFile(pki.path(`noca/${f}`), { roots: [pki.dir], settings }), /^DM-0(17|20|24)$/));
    assert.deepEqual(got.sort(), ['dm-master.toml DM-024 ssl-ca → noca/dm-worker.toml + hosts/tls/w3.pem', 'dm-worker.toml DM-024 ssl-cert → noca/dm-master.toml + hosts/tls/mixed.pem']);
  });

  test('peers in folders with a dot in their name (deploy.d, .github) are found', async () => {
    pki.write('dotted/deploy.d/dm-master.toml', master('mixed', 11));
    pki.write('dotted/.github/dm-worker.toml', `name = "w3"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-3.internal:8262"\njoin = "10.0.0.11:8261"\n${tls('w3', 'both')}cert-allowed-cn = ["dm"]\n`);
    const got: string[] = [];
    // A fresh environment: the workspace index of the tests above (kept 30 s) predates these files.
    const env = nodeEnvironment();
    for (const f of ['deploy.d/dm-master.toml', '.github/dm-worker.toml']) got.push(...collect(pki, f, await lintFile(pki.path(`dotted/${f}`), { roots: [pki.dir], settings, env }), /^DM-024$/));
    assert.deepEqual(got.sort(), ['.github/dm-worker.toml DM-024 ssl-cert → dotted/deploy.d/dm-master.toml + hosts/tls/mixed.pem', 'deploy.d/dm-master.toml DM-024 ssl-ca → dotted/.github/dm-worker.toml + hosts/tls/w3.pem']);
  });

  test('a CA of its own ssl-ca that Go refuses is that end\'s DM-017 alone, not an edge finding besides', async () => {
    const got: string[] = [];
    for (const f of ['dm-master.toml', 'dm-worker.toml']) got.push(...collect(pki, f, await lintFile(pki.path(`nc/${f}`), { roots: [pki.dir], settings }), /^DM-0(17|20|24)$/));
    assert.deepEqual(got.sort(), ['dm-master.toml DM-017 ssl-ca → hosts/tls/nc-mixed.pem']);
  });
});
