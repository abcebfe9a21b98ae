/** Profile choice: comment beats setting beats detection; detection by name and content. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProfile, detectProfile, profileComment } from '../../../server/src/core/setup/profile';
import { dmKindOf, splitAddresses } from '../../../server/src/core/setup/dmModel';

test('detection by file name and content', () => {
  const cases: Array<[string, string, string, string | undefined]> = [
    ['/w/conf/dm-master.toml', '', 'dm', 'dm-master'],
    ['/w/conf/dm-worker-2.toml', '', 'dm', 'dm-worker'],
    ['/w/get_master1.toml', 'master-addr = ":8261"\npeer-urls = "x"\n', 'dm', 'dm-master'],
    ['/w/w.toml', 'worker-addr = ":8262"\n', 'dm', 'dm-worker'],
    ['/w/source.yaml', 'source-id: a\nfrom:\n  host: x\n', 'dm', 'source'],
    ['/w/task.yaml', 'name: t\ntarget-database:\n  host: x\n', 'dm', 'task'],
    ['/w/certs/client.root.crt', '', 'cockroach', 'certs-dir'],
    ['/w/node.cnf', '[ req ]\n# Cockroach\n', 'cockroach', 'node.cnf'],
    ['/w/data/postgresql.conf', 'ssl = on\n', 'postgres', 'postgresql.conf'],
    ['/w/data/pg_hba.conf', '', 'postgres', 'pg_hba.conf'],
    ['/w/other.toml', 'a = 1\n', 'generic', undefined],
    ['/w/docker-compose.yaml', 'services: {}\n', 'generic', undefined],
  ];
  for (const [path, text, profile, kind] of cases) {
    const d = detectProfile(path, text);
    assert.equal(d.profile, profile, path);
    assert.equal(d.fileKind, kind, path);
  }
});

test('a # certwright: profile= comment beats the setting, which beats detection', () => {
  assert.equal(profileComment('# certwright: profile=dm\n'), 'dm');
  assert.equal(profileComment('x = 1\n  # certwright:profile = postgres\n'), 'postgres');
  assert.equal(profileComment('# certwright: profile=nonsense\n'), undefined);
  const text = '# certwright: profile=postgres\nworker-addr = ":1"\n';
  assert.deepEqual(chooseProfile('/w/dm-worker.toml', text, 'cockroach').source, 'comment');
  assert.equal(chooseProfile('/w/dm-worker.toml', text, 'cockroach').profile, 'postgres');
  assert.equal(chooseProfile('/w/dm-worker.toml', '', 'generic').profile, 'generic');
  assert.equal(chooseProfile('/w/dm-worker.toml', '', 'generic').source, 'setting');
  const auto = chooseProfile('/w/dm-worker.toml', '', 'auto');
  assert.deepEqual([auto.profile, auto.source, auto.fileKind], ['dm', 'auto', 'dm-worker']);
});

test('dmKindOf does not claim unrelated YAML or TOML', () => {
  assert.equal(dmKindOf('/w/Cargo.toml', '[package]\nname = "x"\n'), undefined);
  assert.equal(dmKindOf('/w/k8s.yaml', 'apiVersion: v1\nkind: Secret\n'), undefined);
});

test('addresses: schemes, initial-cluster names, IPv6, offsets of each host', () => {
  const value = 'm1=127.0.0.1:8291,m2=http://h2:8292,m3=https://[::1]:8293';
  const out = splitAddresses('initial-cluster', value, 10);
  assert.deepEqual(out.map((a) => [a.host, a.port, a.explicitScheme ?? '']), [['127.0.0.1', '8291', ''], ['h2', '8292', 'http'], ['::1', '8293', 'https']]);
  const padded = ' '.repeat(10) + value;
  assert.deepEqual(out.map((a) => padded.slice(a.at.start, a.at.end)), ['127.0.0.1:8291', 'h2:8292', '[::1]:8293']);
});
