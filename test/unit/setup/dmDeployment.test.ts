/**
 * A 3-master / 3-worker TiDB DM deployment plus dmctl, configs written for their
 * hosts (/home/tidb/deploy/...) and mapped with certwright.pathMappings, with two
 * seeded mistakes: dm-master-3's certificate lacks its own name, and dmctl's
 * certificate (CN not in the masters' cert-allowed-cn, EKU clientAuth only). Every caller/callee
 * mismatch is reported once per edge, on the caller's and on the callee's file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile, makePki, type Pki } from './helpers';

describe('a 3-master / 3-worker DM deployment with deployed paths', () => {
  let pki: Pki;
  const tls = (name: string): string => `ssl-ca = "/home/tidb/deploy/tls/ca.pem"\nssl-cert = "/home/tidb/deploy/tls/${name}.pem"\nssl-key = "/home/tidb/deploy/tls/${name}.key"\n`;
  const cluster = [1, 2, 3].map((i) => `m${i}=https://dm-master-${i}.internal:8291`).join(',');
  const join = [1, 2, 3].map((i) => `dm-master-${i}.internal:8261`).join(',');
  before(() => {
    pki = makePki('cw-dm-deploy-');
    pki.write('hosts/tls/.keep', '');
    const ca = pki.ca({ cert: 'hosts/tls/ca.pem', key: 'ca-private/ca.key', cn: 'DM CA' });
    for (const i of [1, 2, 3]) {
      const san = i === 3 ? 'DNS:localhost' : `DNS:dm-master-${i}.internal`; // mistake 1
      pki.leaf({ cert: `hosts/tls/m${i}.pem`, key: `hosts/tls/m${i}.key`, ca, cn: 'dm', san, eku: 'serverAuth,clientAuth' });
      pki.leaf({ cert: `hosts/tls/w${i}.pem`, key: `hosts/tls/w${i}.key`, ca, cn: 'dm', san: `DNS:dm-worker-${i}.internal`, eku: 'serverAuth,clientAuth' });
      pki.write(`conf/dm-master-${i}.toml`, `name = "m${i}"\nmaster-addr = ":8261"\nadvertise-addr = "dm-master-${i}.internal:8261"\npeer-urls = "0.0.0.0:8291"\nadvertise-peer-urls = "https://dm-master-${i}.internal:8291"\ninitial-cluster = "${cluster}"\n${tls(`m${i}`)}cert-allowed-cn = ["dm"]\n`);
      pki.write(`conf/dm-worker-${i}.toml`, `name = "w${i}"\nworker-addr = ":8262"\nadvertise-addr = "dm-worker-${i}.internal:8262"\njoin = "${join}"\n${tls(`w${i}`)}cert-allowed-cn = ["dm"]\n`);
    }
    pki.leaf({ cert: 'hosts/tls/dmctl.pem', key: 'hosts/tls/dmctl.key', ca, cn: 'dmctl', eku: 'clientAuth' }); // mistake 2
    pki.write('conf/dmctl.toml', `master-addr = "dm-master-1.internal:8261"\n${tls('dmctl')}`);
  });
  after(() => pki.cleanup());

  test('each mismatch once per edge, on both ends', async () => {
    const got: string[] = [];
    const files = [1, 2, 3].flatMap((i) => [`dm-master-${i}.toml`, `dm-worker-${i}.toml`]).concat('dmctl.toml');
    for (const f of files) {
      const run = await lintFile(pki.path(`conf/${f}`), { roots: [pki.dir], settings: { pathMappings: { '/home/tidb/deploy': 'hosts' } } });
      for (const x of run.findings) {
        if (x.severity !== 'error' && x.severity !== 'warning') continue;
        got.push(`${f} ${x.code} ${run.covered(x)} → ${(x.related ?? []).map((r) => r.file.replace(`${pki.dir}/`, '')).join(' + ')}`);
      }
    }
    assert.deepEqual(got.sort(), [
      // Mistake 2: dmctl's CN, on the master it dials and on dmctl; and its certificate's clientAuth-only EKU,
      // which DM's verifyCA (Go's default serverAuth) refuses once cert-allowed-cn makes the master ask for it.
      'dm-master-1.toml DM-022 cert-allowed-cn → conf/dmctl.toml + hosts/tls/dmctl.pem',
      'dm-master-1.toml DM-026 cert-allowed-cn → conf/dmctl.toml + hosts/tls/dmctl.pem',
      'dmctl.toml DM-026 ssl-cert → conf/dm-master-1.toml',
      // Mistake 1: the masters dialling m3 over etcd's peer port...
      'dm-master-1.toml DM-011 dm-master-3.internal:8291 → hosts/tls/m3.pem',
      'dm-master-2.toml DM-011 dm-master-3.internal:8291 → hosts/tls/m3.pem',
      // ...m3's own advertised names...
      'dm-master-3.toml DM-011 dm-master-3.internal:8261 → hosts/tls/m3.pem',
      'dm-master-3.toml DM-011 dm-master-3.internal:8291 → hosts/tls/m3.pem',
      // ...and every worker joining through it.
      'dm-worker-1.toml DM-011 dm-master-3.internal:8261 → hosts/tls/m3.pem',
      'dm-worker-2.toml DM-011 dm-master-3.internal:8261 → hosts/tls/m3.pem',
      'dm-worker-3.toml DM-011 dm-master-3.internal:8261 → hosts/tls/m3.pem',
      'dmctl.toml DM-022 ssl-cert → conf/dm-master-1.toml',
    ].sort());
  });
});
