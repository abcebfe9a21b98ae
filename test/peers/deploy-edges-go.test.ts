/**
 * The deployment edges Certwright adds (dmctl command lines, DM chains across a
 * connection, usages a DM server with cert-allowed-cn demands of its callers, CockroachDB
 * join EKU, --cert-principal-map) against Go's crypto/tls
 * configured the way DM and CockroachDB configure it (test/peers/go: DM's
 * VerifyPeerCertificate with the CN allow-list; CockroachDB's ClientCAs +
 * VerifyClientCertIfGiven, RootCAs + ServerName, and the user/principal check with
 * the principal map). For every edge: the real handshake fails exactly where
 * Certwright reports an error on the caller's file for that edge, and passes where
 * it reports none (a dmctl name mismatch stays a warning: DM checks no names
 * without a CN list, and the handshake passes).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { lintFile, makePki, openssl, type Pki } from '../unit/setup/helpers';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';

describe('deployment edges: Go crypto/tls as DM and CockroachDB use it agrees with Certwright', () => {
  let pki: Pki;
  let peer: string;
  const settings = { pathMappings: { '/home/tidb/deploy': 'hosts' } };
  before(() => {
    peer = buildGoPeer();
    pki = makePki('cw-edges-go-');
    pki.write('hosts/tls/.keep', '');
    const ca = pki.ca({ cert: 'hosts/tls/ca.pem', key: 'ca-private/ca.key', cn: 'DM CA' });
    const other = pki.ca({ cert: 'hosts/tls/other-ca.pem', key: 'ca-private/other.key', cn: 'Other DM CA' });
    const tls = (name: string, caFile = 'ca'): string => `ssl-ca = "/home/tidb/deploy/tls/${caFile}.pem"\nssl-cert = "/home/tidb/deploy/tls/${name}.pem"\nssl-key = "/home/tidb/deploy/tls/${name}.key"\n`;
    pki.leaf({ cert: 'hosts/tls/m1.pem', key: 'hosts/tls/m1.key', ca, cn: 'dm', san: 'DNS:dm-master-1.internal', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-master-1.toml', `name = "m1"\nmaster-addr = "10.0.0.1:8261"\npeer-urls = "0.0.0.0:8291"\nadvertise-peer-urls = "https://dm-master-1.internal:8291"\ninitial-cluster = "m1=https://dm-master-1.internal:8291"\n${tls('m1')}cert-allowed-cn = ["dm"]\n`);
    pki.leaf({ cert: 'hosts/tls/w1.pem', key: 'hosts/tls/w1.key', ca: other, cn: 'dm', san: 'DNS:dm-worker-1.internal', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-worker-1.toml', `name = "w1"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-1.internal:8262"\njoin = "10.0.0.1:8261"\n${tls('w1', 'other-ca')}cert-allowed-cn = ["dm"]\n`);
    pki.leaf({ cert: 'hosts/tls/ops.pem', key: 'hosts/tls/ops.key', ca, cn: 'ops', eku: 'serverAuth,clientAuth' });
    pki.leaf({ cert: 'hosts/tls/dmctl.pem', key: 'hosts/tls/dmctl.key', ca, cn: 'dm', eku: 'serverAuth,clientAuth' });
    // Usages an edge demands (DM-026): a worker without a CN list of its own, its certificate serverAuth only, joining the master that
    // has one; dmctl with a clientAuth-only certificate (DM's verifyCA checks Go's default serverAuth).
    pki.leaf({ cert: 'hosts/tls/w2.pem', key: 'hosts/tls/w2.key', ca, cn: 'dm', san: 'DNS:dm-worker-2.internal', eku: 'serverAuth' });
    pki.write('conf/dm-worker-2.toml', `name = "w2"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-2.internal:8262"\njoin = "10.0.0.1:8261"\n${tls('w2')}`);
    pki.leaf({ cert: 'hosts/tls/ctl-client.pem', key: 'hosts/tls/ctl-client.key', ca, cn: 'dm', eku: 'clientAuth' });
    // A master whose ssl-ca holds, beside its CA, the worker CA re-made without CA extensions (same name and key, CA:FALSE):
    // its signature on the worker's certificate is right, but Go's CheckSignatureFrom refuses a parent that is no CA.
    const workerCa = pki.ca({ cert: 'hosts/tls/worker-ca.pem', key: 'ca-private/worker-ca.key', cn: 'Worker CA' });
    openssl(['req', '-x509', '-new', '-key', workerCa.key, '-subj', '/CN=Worker CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:FALSE', '-out', pki.path('hosts/tls/worker-ca-noca.pem')]);
    writeFileSync(pki.path('hosts/tls/mixed.pem'), readFileSync(ca.cert, 'utf8') + readFileSync(pki.path('hosts/tls/worker-ca-noca.pem'), 'utf8'));
    writeFileSync(pki.path('hosts/tls/both.pem'), readFileSync(ca.cert, 'utf8') + readFileSync(workerCa.cert, 'utf8'));
    pki.leaf({ cert: 'hosts/tls/m9.pem', key: 'hosts/tls/m9.key', ca, cn: 'dm', san: 'DNS:dm-master-9.internal,IP:10.0.0.9', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-master-9.toml', `name = "m9"\nmaster-addr = "10.0.0.9:8261"\npeer-urls = "0.0.0.0:8291"\nadvertise-peer-urls = "https://dm-master-9.internal:8291"\ninitial-cluster = "m9=https://dm-master-9.internal:8291"\n${tls('m9', 'mixed')}cert-allowed-cn = ["dm"]\n`);
    pki.leaf({ cert: 'hosts/tls/w3.pem', key: 'hosts/tls/w3.key', ca: workerCa, cn: 'dm', san: 'DNS:dm-worker-3.internal', eku: 'serverAuth,clientAuth' });
    pki.write('conf/dm-worker-3.toml', `name = "w3"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-3.internal:8262"\njoin = "10.0.0.9:8261"\n${tls('w3', 'both')}cert-allowed-cn = ["dm"]\n`);
    const dmctl = (name: string): string => `#!/bin/sh\n# certwright: path-map /home/tidb/deploy=../hosts\ndmctl --master-addr 10.0.0.1:8261 --ssl-ca /home/tidb/deploy/tls/ca.pem --ssl-cert /home/tidb/deploy/tls/${name}.pem --ssl-key /home/tidb/deploy/tls/${name}.key operate-source show\n`;
    pki.write('ops/ops.sh', dmctl('ops'));
    pki.write('ops/dmctl.sh', dmctl('dmctl'));
    pki.write('ops/ctl-client.sh', dmctl('ctl-client'));

    const cca = pki.ca({ cert: 'ca/ca.crt', key: 'ca/ca.key', cn: 'Cockroach CA' });
    for (const n of ['roach1', 'roach2']) {
      pki.leaf({ cert: `certs/${n}/node.crt`, key: `certs/${n}/node.key`, ca: cca, subj: '/O=Cockroach/CN=node', san: `DNS:${n},DNS:localhost`, eku: n === 'roach2' ? 'serverAuth' : 'serverAuth,clientAuth' });
      copyFileSync(cca.cert, pki.path(`certs/${n}/ca.crt`));
    }
    pki.leaf({ cert: 'client/client.app-cert.crt', key: 'client/client.app-cert.key', ca: cca, cn: 'app-cert', eku: 'clientAuth' });
    copyFileSync(cca.cert, pki.path('client/ca.crt'));
    const svc = (n: string, extra = ''): string => `  ${n}:\n    image: cockroachdb/cockroach:v23.1.11\n    command: start --certs-dir=/cockroach/certs --advertise-addr=${n}:26257 --join=roach1,roach2${extra}\n    volumes:\n      - ./certs/${n}:/cockroach/certs\n`;
    pki.write('docker-compose.yml', `services:\n${svc('roach1', ' --cert-principal-map=app-cert:app')}${svc('roach2')}`);
    const url = (user: string): string => `cockroach sql --url 'postgresql://${user}@roach1:26257/defaultdb?sslmode=verify-full&sslrootcert=client/ca.crt&sslcert=client/client.app-cert.crt&sslkey=client/client.app-cert.key'`;
    pki.write('app.sh', `${url('app')}\n`);
    pki.write('bob.sh', `${url('bob')}\n`);
  });
  after(() => pki?.cleanup());

  it('each edge: the handshake fails exactly where Certwright reports an error on the caller', async () => {
    const p = (rel: string): string => pki.path(rel);
    const dm = (name: string, client: string, clientCa: string, allowed: string[], server = 'm1', serverCa = 'ca', host = '10.0.0.1'): GoCheck => ({ name, kind: 'handshake', mode: 'dm', serverCert: p(`hosts/tls/${server}.pem`), serverKey: p(`hosts/tls/${server}.key`), serverCA: p(`hosts/tls/${serverCa}.pem`), serverAllowedCN: ['dm'], clientCert: p(`hosts/tls/${client}.pem`), clientKey: p(`hosts/tls/${client}.key`), clientCA: p(`hosts/tls/${clientCa}.pem`), clientAllowedCN: allowed, host });
    const crdb = (name: string, server: string, client: string, clientKey: string, host: string, user?: string): GoCheck => ({ name, kind: 'handshake', mode: 'cockroach', serverCert: p(`certs/${server}/node.crt`), serverKey: p(`certs/${server}/node.key`), serverCA: p(`certs/${server}/ca.crt`), clientCert: p(client), clientKey: p(clientKey), clientCA: p('client/ca.crt'), host, ...(user ? { user, principalMap: ['app-cert:app'] } : {}) });
    // Each edge: the Go handshake, and where Certwright's verdict on the caller is read.
    const edges: Array<{ go: GoCheck; file: string; codes: RegExp; covering?: string }> = [
      { go: dm('dmctl CN outside the list', 'ops', 'ca', []), file: 'ops/ops.sh', codes: /^DM-0(11|22|24)$/ },
      { go: dm('dmctl dialling a name the master lacks', 'dmctl', 'ca', []), file: 'ops/dmctl.sh', codes: /^DM-0(11|22|24)$/ },
      { go: dm('worker of another CA', 'w1', 'other-ca', ['dm']), file: 'conf/dm-worker-1.toml', codes: /^DM-0(22|24)$/ },
      { go: dm('worker without clientAuth, no list of its own', 'w2', 'ca', []), file: 'conf/dm-worker-2.toml', codes: /^DM-0(13|22|24|26)$/ },
      { go: dm('dmctl with a clientAuth-only certificate', 'ctl-client', 'ca', []), file: 'ops/ctl-client.sh', codes: /^DM-0(11|13|22|24|26)$/ },
      { go: dm('worker whose CA the master trusts only as a CA:FALSE copy', 'w3', 'both', ['dm'], 'm9', 'mixed', '10.0.0.9'), file: 'conf/dm-worker-3.toml', codes: /^DM-0(22|24)$/ },
      { go: crdb('roach2 joins roach1 without clientAuth', 'roach1', 'certs/roach2/node.crt', 'certs/roach2/node.key', 'roach1'), file: 'docker-compose.yml', codes: /^CRDB-03[0-4]$/, covering: 'roach1@roach2' },
      { go: crdb('roach1 joins roach2', 'roach2', 'certs/roach1/node.crt', 'certs/roach1/node.key', 'roach2'), file: 'docker-compose.yml', codes: /^CRDB-03[0-4]$/, covering: 'roach2@roach1' },
      { go: crdb('app through the principal map', 'roach1', 'client/client.app-cert.crt', 'client/client.app-cert.key', 'roach1', 'app'), file: 'app.sh', codes: /^CRDB-03[0-4]$/ },
      { go: crdb('bob with app-cert\'s certificate', 'roach1', 'client/client.app-cert.crt', 'client/client.app-cert.key', 'roach1', 'bob'), file: 'bob.sh', codes: /^CRDB-03[0-4]$/ },
    ];
    const results = runGoChecks(peer, edges.map((e) => e.go), pki.dir);
    const disagreements: string[] = [];
    for (const [i, e] of edges.entries()) {
      const run = await lintFile(pki.path(e.file), { roots: [pki.dir], settings, env: nodeEnvironment() });
      let errors = run.findings.filter((f) => f.severity === 'error' && e.codes.test(f.code));
      if (e.covering) {
        // In the compose file: the --join entry `<host>` of service `<caller>`.
        const [host, caller] = e.covering.split('@') as [string, string];
        const svcStart = run.text.indexOf(`  ${caller}:`);
        const svcEnd = run.text.indexOf('\n  roach', svcStart + 1);
        errors = errors.filter((f) => run.covered(f) === host && f.start > svcStart && (svcEnd === -1 || f.start < svcEnd));
      }
      const goFails = !results[i]!.ok;
      if (goFails !== errors.length > 0) disagreements.push(`${e.go.name}: Go ${goFails ? `fails (${results[i]!.error})` : 'connects'}, Certwright ${errors.map((f) => f.code).join(', ') || 'no error'}`);
    }
    assert.deepEqual(disagreements, []);
    // And the mistakes are really there: seven refusals among ten edges.
    assert.deepEqual(results.map((r) => r.ok), [false, true, false, false, false, false, false, true, true, false], JSON.stringify(results, null, 1));
  });
});
