/** Certificate paths of setup files, as written and as found in the workspace (deployed prefixes mapped, per-system bases). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certRefs } from '../../../server/src/core/setup/certRefs';
import { pathDirectives, resolveDeployed, settingMappings } from '../../../server/src/core/setup/deployedPaths';
import { defaultLintSettings } from '../../../server/src/core/types';

const covered = (text: string, r: { at: { start: number; end: number } }): string => text.slice(r.at.start, r.at.end);

describe('certificate paths in setup files', () => {
  test('postgresql.conf: ssl_*_file values, quotes excluded, relative to the data directory, cert and key paired', async () => {
    const text = "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file='/etc/ssl/private/server.key'\nssl_ca_file = root.crt # comment\n";
    const refs = await certRefs('/data/pg/postgresql.conf', text, defaultLintSettings, []);
    assert.deepEqual(refs.map((r) => [r.option, covered(text, r), r.resolved.path]), [
      ['ssl_ca_file', 'root.crt', '/data/pg/root.crt'],
      ['ssl_cert_file', 'server.crt', '/data/pg/server.crt'],
      ['ssl_key_file', '/etc/ssl/private/server.key', '/etc/ssl/private/server.key'],
    ]);
    assert.match(refs[1]!.resolved.how, /data directory/);
    assert.equal(refs[1]!.partner?.path, '/etc/ssl/private/server.key');
  });

  test('--certs-dir in a systemd unit, a compose file and a Kubernetes manifest; shell variables are left alone', async () => {
    for (const [name, text, value] of [
      ['cockroach.service', 'ExecStart=/usr/local/bin/cockroach start --certs-dir=/var/lib/cockroach/certs --advertise-addr=node1.internal\n', '/var/lib/cockroach/certs'],
      ['docker-compose.yml', 'services:\n  roach1:\n    command: start --certs-dir /cockroach/certs --join=roach1,roach2\n', '/cockroach/certs'],
      ['statefulset.yaml', 'args:\n  - start\n  - "--certs-dir=/cockroach/cockroach-certs"\n', '/cockroach/cockroach-certs'],
      ['start.sh', 'cockroach start --certs-dir="certs" --store=node1\n', 'certs'],
    ] as const) {
      const refs = await certRefs(`/ws/deploy/${name}`, text, { ...defaultLintSettings, pathMappings: { '/cockroach': 'roach' } }, ['/ws']);
      assert.equal(refs.length, 1, name);
      assert.equal(covered(text, refs[0]!), value, name);
    }
    assert.deepEqual(await certRefs('/ws/start.sh', 'cockroach start --certs-dir=$CERTS\n', defaultLintSettings, []), []);
  });

  test('mappings: the setting (relative to the first workspace folder), file directives first, the longest prefix wins', () => {
    const setting = settingMappings({ '/cockroach': 'roach', '/cockroach/certs': 'certs-copy', relative: 'x' }, ['/ws']);
    assert.deepEqual(setting.map((m) => [m.deployed, m.local]), [['/cockroach', '/ws/roach'], ['/cockroach/certs', '/ws/certs-copy']]);
    const r = resolveDeployed('/ws/deploy/a.yaml', '/cockroach/certs/ca.crt', 'workdir', '', setting);
    assert.equal(r.path, '/ws/certs-copy/ca.crt');
    assert.match(r.how, /mapped \/cockroach\/certs → \/ws\/certs-copy by certwright.pathMappings/);
    const text = '# certwright: path-map /cockroach/certs=../local-certs\n';
    assert.equal(resolveDeployed('/ws/deploy/a.yaml', '/cockroach/certs/ca.crt', 'workdir', text, setting).path, '/ws/local-certs/ca.crt', 'same prefix: the file directive wins');
    assert.equal(resolveDeployed('/ws/deploy/a.yaml', '/cockroach/certs/x/ca.crt', 'workdir', '# certwright: path-map /cockroach/certs/x=../x\n', setting).path, '/ws/x/ca.crt');
  });

  test('workdir directive: a relative path resolves against the program\'s working directory on the host, then maps', () => {
    const text = '# certwright: workdir=/home/tidb/deploy/dm-master-8261\n# certwright: path-map /home/tidb/deploy=./deploy\nssl-ca = "tls/ca.pem"\n';
    assert.deepEqual(pathDirectives(text), { mappings: [{ deployed: '/home/tidb/deploy', local: './deploy', source: '# certwright: path-map /home/tidb/deploy=./deploy' }], workdir: '/home/tidb/deploy/dm-master-8261' });
    const r = resolveDeployed('/ws/conf/dm-master.toml', 'tls/ca.pem', 'workdir', text, []);
    assert.equal(r.path, '/ws/conf/deploy/dm-master-8261/tls/ca.pem');
    assert.match(r.how, /relative to the working directory \/home\/tidb\/deploy\/dm-master-8261 \(# certwright: workdir\), mapped/);
    // Not mapped: a file on the host, outside the workspace.
    assert.equal(resolveDeployed('/ws/conf/dm-master.toml', 'tls/ca.pem', 'workdir', '# certwright: workdir=/home/tidb/deploy/dm-master-8261\n', []).hostOnly, true);
    const plain = resolveDeployed('/ws/conf/dm-master.toml', 'tls/ca.pem', 'workdir', '', []);
    assert.equal(plain.path, '/ws/conf/tls/ca.pem');
    assert.match(plain.how, /working directory, taken to be this file's folder/);
  });
});
