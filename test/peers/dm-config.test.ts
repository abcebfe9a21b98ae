/**
 * DM configuration structure as DM decodes it: each file goes through
 * test/peers/go/dmconf (gopkg.in/yaml.v2 UnmarshalStrict into structs with DM's key
 * names and type names; BurntSushi/toml with DM's refusal of undecoded keys) and
 * through Certwright's setup linter. A file DM refuses has a Certwright error that
 * quotes each of DM's error lines; a file DM accepts has no structural error; and
 * every fix Certwright offers turns a refused file into one DM accepts (with a
 * single security block).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDmConf, runDmConf } from './support/goPeer';
import { lintFile } from '../unit/setup/helpers';
import type { Finding } from '../../server/src/core/types';

type Kind = 'task' | 'source' | 'dm-master' | 'dm-worker';

const task = (target: string, rest = ''): string => `name: t1\ntask-mode: all\ntarget-database:\n  host: tidb.internal\n  port: 4000\n  user: root\n${target}mysql-instances:\n  - source-id: mysql-01\n    block-allow-list: bal\n${rest}`;
const source = (from: string, top = ''): string => `source-id: mysql-01\nenable-gtid: true\n${top}from:\n  host: mysql.internal\n  port: 3306\n  user: dm\n${from}`;

const files: Array<{ name: string; kind: Kind; text: string }> = [
  { name: 'task: three flattened ssl keys', kind: 'task', text: task('  ssl-ca: /tls/ca.pem\n  ssl-cert: /tls/dm.pem\n  ssl-key: /tls/dm.key\n') },
  { name: 'task: flattened key next to a security block', kind: 'task', text: task('  security:\n    ssl-ca: /tls/ca.pem\n  ssl-cert: /tls/dm.pem\n  ssl_key: /tls/dm.key\n') },
  { name: 'task: security set twice', kind: 'task', text: task('  security:\n    ssl-ca: /tls/ca.pem\n  security:\n    ssl-cert: /tls/dm.pem\n    ssl-key: /tls/dm.key\n') },
  { name: 'task: security in a mysql-instances item', kind: 'task', text: task('', '    security:\n      ssl-ca: /tls/ca.pem\n') },
  { name: 'task: name set twice', kind: 'task', text: `name: t1\n${task('  security:\n    ssl-ca: /tls/ca.pem\n')}` },
  { name: 'task: session variable set twice', kind: 'task', text: task('  session:\n    sql_mode: ANSI\n    sql_mode: TRADITIONAL\n') },
  { name: 'task: correct', kind: 'task', text: task('  security:\n    ssl-ca: /tls/ca.pem\n    ssl-cert: /tls/dm.pem\n    ssl-key: /tls/dm.key\n') },
  { name: 'source: security at the top level', kind: 'source', text: source('', 'security:\n  ssl-ca: /tls/ca.pem\n') },
  { name: 'source: top-level security and a flattened key', kind: 'source', text: source('  ssl-cert: /tls/dm.pem\n', 'security:\n  ssl-ca: /tls/ca.pem\n') },
  { name: 'source: misspelt key in from.security', kind: 'source', text: source('  security:\n    ssl_ca: /tls/ca.pem\n') },
  { name: 'source: cert-allowed-cn as a string', kind: 'source', text: source('  security:\n    ssl-ca: /tls/ca.pem\n    cert-allowed-cn: dm\n') },
  { name: 'source: ssl-ca-bytes as a string', kind: 'source', text: source('  security:\n    ssl-ca-bytes: LS0tLS1CRUdJTg==\n') },
  { name: 'source: key set twice in from.security', kind: 'source', text: source('  security:\n    ssl-ca: /tls/ca.pem\n    ssl-ca: /tls/other.pem\n') },
  { name: 'source: correct', kind: 'source', text: source('  security:\n    ssl-ca: /tls/ca.pem\n    ssl-cert: /tls/dm.pem\n    ssl-key: /tls/dm.key\n') },
  { name: 'worker: [security] table', kind: 'dm-worker', text: 'name = "w1"\nworker-addr = ":8262"\njoin = "m1:8261"\n[security]\nssl-ca = "/tls/ca.pem"\n' },
  { name: 'worker: key set twice', kind: 'dm-worker', text: 'name = "w1"\nworker-addr = ":8262"\nssl-ca = "/tls/ca.pem"\nssl-ca = "/tls/other.pem"\n' },
  { name: 'worker: correct', kind: 'dm-worker', text: 'name = "w1"\nworker-addr = ":8262"\njoin = "m1:8261"\nssl-ca = "/tls/ca.pem"\nssl-cert = "/tls/w.pem"\nssl-key = "/tls/w.key"\ncert-allowed-cn = ["dm"]\n' },
  { name: 'master: [security] table', kind: 'dm-master', text: 'name = "m1"\nmaster-addr = ":8261"\npeer-urls = "http://m1:8291"\n[security]\nssl-ca = "/tls/ca.pem"\nssl-cert = "/tls/m.pem"\n' },
  { name: 'master: correct', kind: 'dm-master', text: 'name = "m1"\nmaster-addr = ":8261"\npeer-urls = "http://m1:8291"\nssl-ca = "/tls/ca.pem"\n' },
];

const fileName: Record<Kind, string> = { task: 'task.yaml', source: 'source.yaml', 'dm-master': 'dm-master.toml', 'dm-worker': 'dm-worker.toml' };
/** Certwright's codes for what DM's decoder refuses (the certificate checks are out of this test's scope). */
const structural = new Set(['DM-005', 'DM-008', 'DM-009']);

describe('DM config structure: Certwright against yaml.v2 strict and BurntSushi/toml', () => {
  let bin: string;
  let work: string;
  let verdicts: Map<string, { ok: boolean; error?: string }>;

  before(() => {
    bin = buildDmConf();
    work = mkdtempSync(join(tmpdir(), 'certwright-dmconf-test-'));
    verdicts = new Map(runDmConf(bin, files).map((r) => [r.name, r]));
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const lint = async (name: string, kind: Kind, text: string): Promise<Finding[]> => {
    const dir = join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    const path = join(dir, fileName[kind]);
    await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
    writeFileSync(path, text);
    return (await lintFile(path)).findings.filter((f) => structural.has(f.code) && f.severity === 'error');
  };

  for (const f of files) {
    it(f.name, async () => {
      const dm = verdicts.get(f.name)!;
      const errors = await lint(f.name, f.kind, f.text);
      if (dm.ok) {
        assert.deepEqual(errors.map((e) => e.message), [], 'DM accepts this file');
        return;
      }
      assert.ok(errors.length, `DM refuses it (${dm.error}) but Certwright has no structural error`);
      // Each of DM's error lines is quoted by a Certwright error.
      const lines = f.kind === 'task' || f.kind === 'source' ? dm.error!.split('\n').slice(1).map((l) => l.trim()) : [dm.error!];
      for (const line of lines) {
        const quoted = f.kind === 'dm-worker' && /already been defined/.test(line) ? "Key 'ssl-ca' has already been defined" : line.replace(/^toml: /, '');
        assert.ok(
          errors.some((e) => e.message.includes(quoted) || (/already been defined/.test(line) && /ssl-ca/.test(e.message))),
          `DM: "${line}" — Certwright: ${JSON.stringify(errors.map((e) => e.message))}`,
        );
      }
      // Every fix turns the file into one DM accepts.
      for (const e of errors) {
        for (const fix of e.fixes ?? []) {
          if (!fix.edits) continue;
          let out = f.text;
          for (const ed of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, ed.start) + ed.newText + out.slice(ed.end);
          const after = runDmConf(bin, [{ name: 'fixed', kind: f.kind, text: out }])[0]!;
          const stillFlagged = await lint(`${f.name} fixed`, f.kind, out);
          // A fix for one of several problems may leave the others: then Certwright must still flag them.
          assert.ok(after.ok || stillFlagged.length > 0, `fix "${fix.title}" gave a file DM refuses (${after.error}) and Certwright accepts:\n${out}`);
          if (/security/.test(fix.title)) assert.ok((out.match(/^\s*security:/gm) ?? []).length <= 1, `fix "${fix.title}" wrote two security blocks:\n${out}`);
        }
      }
    });
  }

  it('the grouping fixes leave files DM accepts', async () => {
    for (const name of ['task: three flattened ssl keys', 'task: flattened key next to a security block', 'task: security set twice', 'source: top-level security and a flattened key']) {
      const f = files.find((x) => x.name === name)!;
      const errors = await lint(`${name} group`, f.kind, f.text);
      const fix = errors.flatMap((e) => e.fixes ?? []).find((x) => /security/.test(x.title))!;
      assert.ok(fix, name);
      let out = f.text;
      for (const ed of [...fix.edits!].sort((a, b) => b.start - a.start)) out = out.slice(0, ed.start) + ed.newText + out.slice(ed.end);
      const dm = runDmConf(bin, [{ name, kind: f.kind, text: out }])[0]!;
      assert.ok(dm.ok, `${name}: after "${fix.title}" DM says ${dm.error}:\n${out}`);
      assert.deepEqual(await lint(`${name} group fixed`, f.kind, out), []);
    }
  });
});
