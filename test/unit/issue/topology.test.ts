/**
 * Topologies: TiUP's own DM topologies (test/fixtures/issue/real-world) read as `certwright
 * init` and the palette's "Create Cluster from Topology…" read them, and which workspace
 * files the palette offers as topologies (client/src/commands/issue/topologyFiles.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTopology, planInit } from '../../../server/src/core/issue/topology';
import { nodeListProfile, topologyKind } from '../../../client/src/commands/issue/topologyFiles';

const tiup = (name: string): string => readFileSync(resolve(__dirname, '../../fixtures/issue/real-world/pingcap__tiup/embed/examples/dm', name), 'utf8');

describe('TiUP DM topologies (real-world)', () => {
  it('minimal.yaml: 3 masters and 3 workers on three hosts, one of each per host; the monitoring servers get nothing', () => {
    const t = parseTopology(tiup('minimal.yaml'));
    assert.equal(t.profile, 'dm');
    assert.deepEqual(t.nodes.map((n) => n.name), ['master-172.19.0.101', 'master-172.19.0.102', 'master-172.19.0.103', 'worker-172.19.0.101', 'worker-172.19.0.102', 'worker-172.19.0.103']);
    assert.deepEqual(t.clients, ['dm']);
    const plan = planInit(t, () => false, '/srv/dm');
    assert.deepEqual(plan.operations.map((o) => o.kind), ['createCa', ...Array(6).fill('issueNode'), 'issueClient']);
  });

  it('topology.example.yaml: masters with names and config blocks, a host running a master and a worker', () => {
    const t = parseTopology(tiup('topology.example.yaml'));
    assert.deepEqual(t.nodes.map((n) => `${n.role} ${n.host}`), ['master 10.0.1.11', 'master 10.0.1.18', 'master 10.0.1.19', 'worker 10.0.1.12', 'worker 10.0.1.19']);
  });

  it("TiUP's own DM test topology: two masters and two workers on one host, one of each on its default port", () => {
    const t = parseTopology(readFileSync(resolve(__dirname, '../../fixtures/issue/real-world/pingcap__tiup/tests/tiup-dm/topo/full_dm.yaml'), 'utf8'));
    // TiUP names instances host:port; a master without a port listens on 8261, a worker on 8262.
    assert.deepEqual(t.nodes.map((n) => n.name), [
      'master-172.19.0.101-8261', 'master-172.19.0.101-8361', 'master-172.19.0.102', 'master-172.19.0.103', 'master-172.19.0.104',
      'worker-172.19.0.101-8262', 'worker-172.19.0.101-8263', 'worker-172.19.0.102', 'worker-172.19.0.103', 'worker-172.19.0.104',
    ]);
    assert.deepEqual(t.nodes.map((n) => n.port ?? '-').slice(0, 2), ['-', 8361]);
    const plan = planInit(t, () => false, '/srv/dm');
    assert.deepEqual(plan.operations.map((o) => o.kind), ['createCa', ...Array(10).fill('issueNode'), 'issueClient']);
  });

  it('a host that runs two of a role on the same port, or where no port is known, is refused with the entry named', () => {
    assert.throws(() => parseTopology('master_servers:\n  - host: h\n  - host: h\n    port: 8261\n'), /h appears twice as master: give each a port/);
    assert.deepEqual(parseTopology('nodes: [{ host: a }, { host: a, port: 26258 }]\n').nodes.map((n) => n.name), ['a-26257', 'a-26258']);
    assert.throws(() => parseTopology('db\ndb\n', 'postgres'), /db appears twice as server: give each a port/);
    assert.throws(() => parseTopology('db\ndb\n', 'generic'), /db appears 2 times \(entry 1\): give each a port/);
  });

  it('the palette offers both as TiUP DM topologies', () => {
    assert.equal(topologyKind('dm/minimal.yaml', tiup('minimal.yaml')), 'dm');
    assert.equal(topologyKind('topology.example.yaml', tiup('topology.example.yaml')), 'dm');
  });
});

describe('which files are topologies', () => {
  it('node lists in YAML and JSON, with the profile they name', () => {
    assert.equal(topologyKind('crdb.yaml', 'nodes:\n  - roach1\n  - roach2\n'), 'nodes');
    assert.equal(topologyKind('crdb.json', '{ "profile": "postgres", "nodes": ["db1"] }'), 'nodes');
    assert.equal(nodeListProfile('profile: postgres\nnodes: [db1]\n'), 'postgres');
    assert.equal(nodeListProfile('{ "profile": "dm", "nodes": [] }'), 'dm');
    assert.equal(nodeListProfile('nodes: [a]\n'), undefined);
  });

  it('host lists by their name, one host per line (comments allowed)', () => {
    assert.equal(topologyKind('hosts.txt', '# db\ndb1.example.com\n10.0.2.2  # replica\n::1\n'), 'hosts');
    assert.equal(topologyKind('cluster/hosts', 'a.example\nb.example\n'), 'hosts');
    assert.equal(topologyKind('prod.nodes', 'n1\nn2\n'), 'hosts');
  });

  it('not topologies: other YAML, /etc/hosts lines, prose, host lists under another name, huge files', () => {
    assert.equal(topologyKind('values.yaml', 'replicaCount: 3\nimage: dm\n'), undefined);
    assert.equal(topologyKind('hosts', '127.0.0.1 localhost\n'), undefined);
    assert.equal(topologyKind('hosts.txt', 'these are the hosts we use\n'), undefined);
    assert.equal(topologyKind('notes.txt', 'db1.example.com\n'), undefined);
    assert.equal(topologyKind('hosts.txt', ''), undefined);
    assert.equal(topologyKind('nodes.yaml', `nodes:\n${'  - a\n'.repeat(100_000)}`), undefined);
    // A key deeper in a document is not the top-level list.
    assert.equal(topologyKind('compose.yaml', 'services:\n  db:\n    nodes: 3\n'), undefined);
  });
});
