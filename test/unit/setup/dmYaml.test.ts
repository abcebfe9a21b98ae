/** DM source YAML (`from.security`) and task YAML (`target-database.security`). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, dmPki, lintFile, makePki, type Pki } from './helpers';
import { parseDmYaml } from '../../../server/src/core/setup/dmModel';

let pki: Pki;

before(() => {
  pki = makePki('cw-dmyaml-');
  const { ca } = dmPki(pki);
  pki.leaf({ cert: 'tls/client.pem', key: 'tls/client.key', ca, cn: 'dm_tls_test', eku: 'clientAuth' });
  pki.leaf({ cert: 'tls/other.pem', key: 'tls/other.key', ca, cn: 'other', eku: 'clientAuth' });
});
after(() => pki.cleanup());

const source = (from: string, extra = ''): string => `source-id: mysql-replica-01\nenable-gtid: true\n${extra}from:\n  host: 127.0.0.1\n  user: dm_tls_test\n  port: 3306\n${from}`;

function only(run: Awaited<ReturnType<typeof lintFile>>, code: string) {
  const f = run.byCode(code);
  assert.equal(f.length, 1, `expected one ${code}, got ${JSON.stringify(run.findings.map((x) => `${x.code}:${run.covered(x)}`))}`);
  return f[0]!;
}

describe('source and task YAML', () => {
  test('a correct from.security has no error or warning', async () => {
    const p = pki.write('ok/source.yaml', source('  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/client.pem\n    ssl-key: ../tls/client.key\n'));
    const run = await lintFile(p);
    assert.deepEqual(run.findings.filter((f) => f.severity !== 'information' && f.severity !== 'hint'), []);
    assert.ok(run.deps.includes(pki.path('tls/client.key')));
  });

  for (const [wrong, right] of [['ssl_ca', 'ssl-ca'], ['sslCA', 'ssl-ca'], ['ssl-certificate', 'ssl-cert']] as const) {
    test(`DM-005: ${wrong} under from.security, renamed to ${right}`, async () => {
      const p = pki.write(`spell-${wrong}/source.yaml`, source(`  security:\n    ${wrong}: ../tls/ca.pem\n`));
      const run = await lintFile(p);
      const f = only(run, 'DM-005');
      assert.equal(run.covered(f), wrong);
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.fixes![0]!.edits, [{ start: f.start, end: f.end, newText: right }]);
    });
  }

  test('DM-005: security at the top level, moved under from by the fix', async () => {
    const text = source('', 'security:\n  ssl-ca: ../tls/ca.pem\n');
    const p = pki.write('top/source.yaml', text);
    const run = await lintFile(p);
    const f = only(run, 'DM-005');
    assert.equal(run.covered(f), 'security');
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    const cfg = parseDmYaml(fixed, 'source');
    assert.deepEqual(cfg.findings, [], fixed);
    assert.equal(cfg.scopes[0]?.label, 'from.security');
    assert.equal(cfg.scopes[0]?.settings['ssl-ca']?.value, '../tls/ca.pem');
  });

  test('DM-005: ssl-ca directly under from, wrapped in security by the fix', async () => {
    const p = pki.write('direct/source.yaml', source('  ssl-ca: ../tls/ca.pem\n'));
    const run = await lintFile(p);
    const f = only(run, 'DM-005');
    assert.equal(run.covered(f), 'ssl-ca');
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    const cfg = parseDmYaml(fixed, 'source');
    assert.deepEqual(cfg.findings, [], fixed);
    assert.equal(cfg.scopes[0]?.settings['ssl-ca']?.value, '../tls/ca.pem');
  });

  test('DM-005: security under the wrong parent of a task', async () => {
    const p = pki.write('task-wrong/task.yaml', 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  port: 4000\nloaders:\n  global:\n    dir: ./dumped\n  security:\n    ssl-ca: ../tls/ca.pem\n');
    const run = await lintFile(p);
    const f = only(run, 'DM-005');
    assert.equal(run.covered(f), 'security');
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    const cfg = parseDmYaml(fixed, 'task');
    assert.deepEqual(cfg.findings, [], fixed);
    assert.equal(cfg.scopes[0]?.label, 'target-database.security');
  });

  test('DM-005: three flattened ssl-* keys under target-database: each flagged, one fix writes ONE security block', async () => {
    const text = 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  ssl-ca: ../tls/ca.pem\n  ssl-cert: ../tls/client.pem\n  ssl-key: ../tls/client.key\n  port: 4000\n';
    const run = await lintFile(pki.write('task-flat/task.yaml', text));
    const flagged = run.byCode('DM-005');
    assert.deepEqual(flagged.map((f) => run.covered(f)), ['ssl-ca', 'ssl-cert', 'ssl-key']);
    assert.ok(flagged.every((f) => f.severity === 'error' && /field ssl-\w+ not found in type dbconfig\.DBConfig/.test(f.message)));
    const titles = new Set(flagged.map((f) => f.fixes?.[0]?.title));
    assert.deepEqual([...titles], ['Move ssl-ca, ssl-cert, ssl-key under target-database.security']);
    const fixed = applyEdits(run.text, flagged[1]!.fixes![0]!.edits!);
    assert.equal(fixed, 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/client.pem\n    ssl-key: ../tls/client.key\n  port: 4000\n');
    const cfg = parseDmYaml(fixed, 'task');
    assert.deepEqual(cfg.findings, []);
    assert.deepEqual(Object.keys(cfg.scopes[0]!.settings).sort(), ['ssl-ca', 'ssl-cert', 'ssl-key']);
  });

  test('DM-005: a flattened key next to an existing security block joins that block', async () => {
    const text = 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n  ssl-cert: ../tls/client.pem\n';
    const run = await lintFile(pki.write('task-join/task.yaml', text));
    const fixed = applyEdits(run.text, only(run, 'DM-005').fixes![0]!.edits!);
    assert.equal(fixed, 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/client.pem\n');
  });

  test('DM-005: security set twice is an error (yaml.v2 strict), merged by the fix; no DM-001 on half a block', async () => {
    const text = 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n  security:\n    ssl-cert: ../tls/client.pem\n    ssl-key: ../tls/client.key\n';
    const run = await lintFile(pki.write('task-dup/task.yaml', text));
    const f = only(run, 'DM-005');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /line 7: field security already set in type dbconfig\.DBConfig/);
    assert.equal(run.byCode('DM-001').length, 0);
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    assert.equal(fixed, 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/client.pem\n    ssl-key: ../tls/client.key\n');
  });

  test('DM-005: any key set twice, with yaml.v2\'s words for structs and maps', async () => {
    const text = 'name: a\nname: b\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  session:\n    sql_mode: x\n    sql_mode: y\n';
    const run = await lintFile(pki.write('task-dup2/task.yaml', text));
    assert.deepEqual(run.byCode('DM-005').map((f) => /\("(.*)"\)/.exec(f.message)?.[1]), ['line 2: field name already set in type config.TaskConfig', 'line 8: key "sql_mode" already set in map']);
  });

  test('DM-005: security inside a mysql-instances item', async () => {
    const text = 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\nmysql-instances:\n  - source-id: s1\n    security:\n      ssl-ca: ../tls/ca.pem\n';
    const run = await lintFile(pki.write('task-inst/task.yaml', text));
    const f = only(run, 'DM-005');
    assert.equal(run.covered(f), 'security');
    assert.match(f.message, /line 7: field security not found in type config\.MySQLInstance/);
  });

  test('DM-008: cert-allowed-cn as a scalar in a task, fixed to a list', async () => {
    const p = pki.write('task-cn/task.yaml', 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-ca: ../tls/ca.pem\n    cert-allowed-cn: dm\n');
    const run = await lintFile(p);
    const f = only(run, 'DM-008');
    assert.equal(run.covered(f), 'cert-allowed-cn');
    assert.match(applyEdits(run.text, f.fixes![0]!.edits!), /cert-allowed-cn: \["dm"\]/);
  });

  test('DM-009: ssl-ca-bytes as a string, renamed to ssl-ca-base64', async () => {
    const p = pki.write('bytes/source.yaml', source('  security:\n    ssl-ca-bytes: "LS0tLS1CRUdJTg=="\n'));
    const run = await lintFile(p);
    const f = only(run, 'DM-009');
    assert.equal(run.covered(f), 'ssl-ca-bytes');
    assert.equal(f.fixes![0]!.edits![0]!.newText, 'ssl-ca-base64');
  });

  test('DM-019: from.security key of another certificate', async () => {
    const p = pki.write('mismatch/source.yaml', source('  security:\n    ssl-ca: ../tls/ca.pem\n    ssl-cert: ../tls/client.pem\n    ssl-key: ../tls/other.key\n'));
    const run = await lintFile(p);
    assert.equal(run.covered(only(run, 'DM-019')), 'ssl-key');
  });

  test('DM-001 in target-database.security', async () => {
    const p = pki.write('task-nokey/dm-task.yaml', 'name: test\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  security:\n    ssl-key: ../tls/client.key\n');
    const run = await lintFile(p);
    assert.equal(run.covered(only(run, 'DM-001')), 'ssl-key');
  });
});
