/**
 * Create Cluster from Topology… inside the real VS Code: TiUP's own minimal DM topology
 * (3 masters, 3 workers; test/fixtures/issue/real-world) becomes a new CA, a certificate
 * per master and worker and the dmctl client through the wizard (topology, CA, folder, key
 * type, summary; nothing before "Write"), each verified by the real openssl; then a worker
 * is added to the file and the command, started on the file as from the explorer, issues
 * only the new worker with the same CA and leaves every other key and certificate as it was.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InitClusterResult } from '../../../server/src/protocol/issue';
import { activate, closeWizardsAndEditors, snapshotFiles, extension, workspaceUri } from './helpers';
import { withFakeQuickInputs, type Item } from './wizardFakes';

type PageItem = Item & { ca?: unknown };

function verify(cwd: string, purpose: string, files: readonly string[]): string {
  const r = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', 'ca.pem', ...files], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `openssl verify -purpose ${purpose}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const validLines = (dir: string): number => readFileSync(join(dir, 'ca-private', 'index.txt'), 'utf8').split('\n').filter((l) => l.startsWith('V\t')).length;

suite('Create Cluster from Topology from the palette', () => {
  const base = (): string => workspaceUri('topo-it', 'dm').fsPath;
  const tls = (): string => join(base(), 'tls');
  const topologyFile = (): string => join(base(), 'topology.yaml');
  const masters = ['master-172.19.0.101-cert.pem', 'master-172.19.0.102-cert.pem', 'master-172.19.0.103-cert.pem'];
  const workers = ['worker-172.19.0.101-cert.pem', 'worker-172.19.0.102-cert.pem', 'worker-172.19.0.103-cert.pem'];

  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
    mkdirSync(base(), { recursive: true });
    // TiUP's minimal DM topology, byte for byte.
    const fixture = join(extension().extensionPath, 'test/fixtures/issue/real-world/pingcap__tiup/embed/examples/dm/minimal.yaml');
    writeFileSync(topologyFile(), readFileSync(fixture));
    // Not a topology: never offered.
    writeFileSync(join(base(), 'values.yaml'), 'replicaCount: 3\nimage: dm\n');
  });

  suiteTeardown(closeWizardsAndEditors);

  test('the wizard: topology, new CA, folder, key type, summary; a DM 3-master/3-worker cluster that openssl verifies', async function () {
    this.timeout(180_000);
    const api = await activate();
    const mark = api.wizardPages.length;
    const pages: string[] = [];
    let offered: readonly PageItem[] = [];
    let summaryItems: readonly PageItem[] = [];
    const result = await withFakeQuickInputs(
      {
        pick: (items: readonly PageItem[], placeholder) => {
          pages.push(placeholder);
          if (/Which topology/.test(placeholder)) {
            offered = items;
            return items.filter((i) => i.label.endsWith('topo-it/dm/topology.yaml'));
          }
          if (/Which CA issues the cluster/.test(placeholder)) {
            return items.filter((i) => i.ca === null);
          }
          if (/Key type of the new CA/.test(placeholder)) return items.filter((i) => i.k === 'p256');
          if (/Summary/.test(placeholder)) {
            summaryItems = items;
            assert.equal(snapshotFiles(base()).size, 2, 'nothing is written before "Write"');
            return items.filter((i) => (i as { write?: boolean }).write);
          }
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt) => {
          pages.push(prompt);
          if (/Folder for the new CA/.test(prompt)) return 'topo-it/dm/tls';
          throw new Error(`unexpected input: ${prompt}`);
        },
      },
      () => vscode.commands.executeCommand<InitClusterResult | undefined>('certwright.createClusterFromTopology'),
    );
    assert.equal(pages.length, 5, pages.join(' | '));
    // The counters: four questions and the summary, Back from the second page on. The topology
    // and the CA decide which pages follow (a host list adds the system page, a DM CA removes
    // the folder page): no total until they are answered, then 5 on every page, never another.
    const shown = api.wizardPages.slice(mark).map((p) => `${p.step}${p.total === undefined ? '' : `/${p.total}`}${p.back ? '<' : ''}`);
    assert.deepEqual(shown, ['1', '2<', '3/5<', '4/5<', '5/5<']);
    assert.ok(offered.some((i) => i.label.endsWith('topo-it/dm/topology.yaml') && i.description === 'TiUP DM topology'), JSON.stringify(offered.map((i) => i.label)));
    assert.ok(!offered.some((i) => i.label.endsWith('values.yaml')), 'a YAML file that is no topology is not offered');
    const labels = summaryItems.map((i) => `${i.label} ${i.description ?? ''}`);
    for (const f of [...masters, ...workers, 'client-cert.pem', 'ca.pem', 'config/dmctl.flags']) assert.ok(labels.some((l) => l.includes(f)), `summary lists ${f}: ${labels.join(' | ')}`);
    assert.ok(labels.some((l) => /master-172\.19\.0\.101, .*worker-172\.19\.0\.103, client dm New/.test(l)), labels.join(' | '));

    assert.ok(result, 'the command ran');
    assert.equal(result.newCa, true);
    assert.deepEqual(result.existing, []);
    assert.equal(result.issued.length, 1 + 6 + 1);
    const dir = tls();
    const certs = [...masters, ...workers];
    assert.match(verify(dir, 'sslserver', [...certs, 'client-cert.pem']), /^(.*: OK\n){7}$/);
    assert.match(verify(dir, 'sslclient', [...certs, 'client-cert.pem']), /^(.*: OK\n){7}$/);
    const san = spawnSync('openssl', ['x509', '-in', 'worker-172.19.0.102-cert.pem', '-noout', '-ext', 'subjectAltName', '-subject'], { cwd: dir, encoding: 'utf8' }).stdout;
    assert.match(san, /IP Address:172\.19\.0\.102[\s\S]*CN ?= ?dm/);
    assert.equal(validLines(dir), 7);
    const conf = readFileSync(join(dir, 'config', 'master-172.19.0.101.toml'), 'utf8');
    assert.match(conf, /^cert-allowed-cn = \["dm"\]$/m);
    for (const m of conf.matchAll(/^ssl-(?:ca|cert|key) = "(.*)"$/gm)) assert.ok(statSync(m[1]!).isFile(), `${m[1]} exists`);
    assert.equal(statSync(join(dir, 'master-172.19.0.101-key.pem')).mode & 0o777, 0o600);
  });

  test('after adding a worker, started on the file: only the new worker is issued, by the same CA; nothing else changes', async function () {
    this.timeout(180_000);
    const api = await activate();
    const dir = tls();
    const before = snapshotFiles(dir);
    const yaml = readFileSync(topologyFile(), 'utf8');
    writeFileSync(topologyFile(), yaml.replace('worker_servers:\n', 'worker_servers:\n  - host: 172.19.0.104\n'));
    const mark = api.wizardPages.length;
    let keyDefault: string | undefined;
    let choices: string[] = [];
    const result = await withFakeQuickInputs(
      {
        pick: (items: readonly PageItem[], placeholder) => {
          if (/Which CA issues the cluster/.test(placeholder)) return items.filter((i) => i.ca && i.label.endsWith('topo-it/dm/tls'));
          if (/Key type of the new certificates/.test(placeholder)) {
            keyDefault = items.find((i) => /same kind of key as the CA/.test(i.description ?? ''))?.k;
            return items.filter((i) => i.k === keyDefault);
          }
          if (/Summary/.test(placeholder)) {
            choices = items.map((i) => `${i.description ?? ''}: ${i.label}`);
            return items.filter((i) => (i as { write?: boolean }).write);
          }
          throw new Error(`unexpected page: ${placeholder}`);
        },
        input: (prompt) => {
          throw new Error(`unexpected input: ${prompt}`);
        },
      },
      // As from the explorer's context menu (or the editor title): the file clicked.
      () => vscode.commands.executeCommand<InitClusterResult | undefined>('certwright.createClusterFromTopology', vscode.Uri.file(topologyFile())),
    );
    assert.equal(keyDefault, 'p256', 'the key type follows the CA');
    // The CA page decides whether a folder page follows ("New CA…"): its total comes after it.
    assert.deepEqual(api.wizardPages.slice(mark).map((p) => `${p.step}/${p.total}`), ['1/undefined', '2/3', '3/3']);
    assert.ok(choices.includes('New: worker-172.19.0.104'), choices.join(' | '));
    assert.ok(choices.some((c) => /^Already issued \(kept\): master-172\.19\.0\.101, .*client dm$/.test(c)), choices.join(' | '));
    assert.ok(result);
    assert.equal(result.newCa, false);
    assert.deepEqual(result.issued.map((i) => i.certPath), ['worker-172.19.0.104-cert.pem']);
    assert.equal(result.existing.length, 7);
    verify(dir, 'sslserver', ['worker-172.19.0.104-cert.pem']);
    assert.equal(validLines(dir), 8);
    const after = snapshotFiles(dir);
    const changed = [...before].filter(([k, h]) => after.get(k) !== h).map(([k]) => k);
    // The CA's state records the new certificate; the configuration snippets are rewritten unchanged.
    assert.deepEqual(changed.filter((k) => !/^ca-private\/(index\.txt|serial|index\.txt\.attr)(\.old)?$/.test(k)), [], `changed: ${changed.join(', ')}`);
    const added = [...after.keys()].filter((k) => !before.has(k)).sort();
    assert.deepEqual(added.filter((k) => !k.startsWith('ca-private/newcerts/') && !k.startsWith('ca-private/index.txt')), ['config/worker-172.19.0.104.toml', 'worker-172.19.0.104-cert.pem', 'worker-172.19.0.104-key.pem']);
  });

  test('with arguments, a dry run says what is new and writes nothing', async function () {
    this.timeout(60_000);
    const dir = tls();
    const before = snapshotFiles(dir);
    const r = await vscode.commands.executeCommand<InitClusterResult>('certwright.createClusterFromTopology', { topology: topologyFile(), dir, dryRun: true });
    assert.deepEqual(r.issuing, []);
    assert.equal(r.existing.length, 8);
    assert.deepEqual(snapshotFiles(dir), before);
  });
});
