/**
 * Every reader of a path named by file content or configuration, on hostile
 * targets created at test time: `.include` of a FIFO, of /dev/zero, of a symlink
 * to /dev/zero, of a directory holding such a symlink, of a file over the cap;
 * a pg_hba.conf → /dev/zero beside a postgresql.conf (and the reverse); a
 * dm-worker.toml → /dev/zero beside a dm-master.toml; `certwright lint` over the
 * whole tree and over the hostile paths named directly. Each must finish (a
 * blocking read would hang past the test timeout) with a warning that says why.
 */
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf/analyze';
import { maxIncludeBytes } from '../../../server/src/core/cnf/expand';
import { linters } from '../../../server/src/core/linters';
import { defaultLintSettings, type Finding } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { lintCommand } from '../../../server/src/cli/lint';
import type { CliIo } from '../../../server/src/cli/command';
import { hostileTree, type HostileTree } from '../../support/hostileTree';

const timeout = 30_000;

async function lintFile(t: HostileTree, path: string, text: string): Promise<Finding[]> {
  const env = nodeEnvironment({ cwd: () => t.dir });
  const input = { path, text };
  const out: Finding[] = [];
  for (const l of linters) if (l.appliesTo(input)) out.push(...(await l.lint(input, { env, settings: defaultLintSettings, workspaceRoots: [t.dir] })));
  return out;
}

test('.include of a FIFO, /dev/zero, symlinks to them, a directory with such a link, an oversized file', { timeout }, () => {
  const t = hostileTree();
  try {
    t.fifo('pipe.cnf');
    t.link('zero.cnf', '/dev/zero');
    t.link('confd/00-zero.cnf', '/dev/zero');
    t.fifo('confd/01-pipe.cnf');
    t.write('confd/02-ok.cnf', '[ extra ]\nx = 1\n');
    t.write('huge.cnf', `# ${'x'.repeat(maxIncludeBytes)}\n`);
    const cases: Array<[string, RegExp]> = [
      [t.path('pipe.cnf'), /named pipe \(FIFO\), not a regular file; it is not read \(OpenSSL would block on it/],
      ['/dev/zero', /character device, not a regular file/],
      [t.path('zero.cnf'), /character device, not a regular file/],
      [t.path('huge.cnf'), /is larger than 8\.0 MB \(8\.0 MB\)/],
    ];
    for (const [target, words] of cases) {
      clearCnfCache();
      const started = performance.now();
      const a = analyzeCnf(`.include ${target}\n[ req ]\nprompt = no\n`, { path: t.path('openssl.cnf'), env: nodeEnvironment({ cwd: () => t.dir }) });
      const ms = performance.now() - started;
      const w = a.findings.filter((f) => f.code === 'CNF-050');
      assert.equal(w.length, 1, `${target}: ${JSON.stringify(a.findings)}`);
      assert.equal(w[0]!.severity, 'warning');
      assert.match(w[0]!.message, words);
      assert.ok(ms < 10_000, `${target}: ${ms} ms`);
    }
    // A directory include skips the device and the FIFO (not regular files) and reads the rest.
    clearCnfCache();
    const dir = analyzeCnf(`.include ${t.path('confd')}\n`, { path: t.path('openssl.cnf'), env: nodeEnvironment({ cwd: () => t.dir }) });
    assert.ok(dir.config.sections.has('extra'));
    assert.deepEqual(dir.config.includes[0]!.files, [t.path('confd/02-ok.cnf')]);
  } finally {
    t.cleanup();
  }
});

test('all included files of one load share a budget', { timeout }, () => {
  const t = hostileTree();
  try {
    const seven = `# ${'y'.repeat(7 * 1024 * 1024)}\n`;
    for (let i = 0; i < 6; i++) t.write(`confd/${i}.cnf`, seven);
    clearCnfCache();
    const a = analyzeCnf(`.include ${t.path('confd')}\n`, { path: t.path('openssl.cnf'), env: nodeEnvironment({ cwd: () => t.dir }) });
    // 32 MB in all: four 7 MB files fit, the fifth and sixth are refused.
    assert.equal(a.config.includes[0]!.files.length, 4);
    const refused = a.findings.filter((f) => f.code === 'CNF-050');
    assert.deepEqual(refused.map((f) => /confd\/(\d)\.cnf' is larger than/.exec(f.message)?.[1]), ['4', '5']);
  } finally {
    t.cleanup();
  }
});

test('pg_hba.conf → /dev/zero beside postgresql.conf, and postgresql.conf → FIFO beside pg_hba.conf', { timeout }, async () => {
  const t = hostileTree();
  try {
    t.link('pg/pg_hba.conf', '/dev/zero');
    const conf = "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\n";
    const confPath = t.write('pg/postgresql.conf', conf);
    const f = await lintFile(t, confPath, conf);
    const read = f.filter((x) => x.code === 'CW-READ');
    assert.equal(read.length, 1, JSON.stringify(f));
    assert.match(read[0]!.message, /^pg_hba\.conf beside this file is a character device, not a regular file; it is not read: its client-certificate rows are not checked\.$/);

    const u = hostileTree();
    try {
      u.fifo('pg/postgresql.conf');
      const hba = 'hostssl all all 0.0.0.0/0 cert\n';
      const hbaPath = u.write('pg/pg_hba.conf', hba);
      const g = await lintFile(u, hbaPath, hba);
      assert.match(g.find((x) => x.code === 'CW-READ')?.message ?? JSON.stringify(g), /postgresql\.conf beside this file is a named pipe \(FIFO\)/);
    } finally {
      u.cleanup();
    }
  } finally {
    t.cleanup();
  }
});

test('dm-worker.toml → /dev/zero beside a dm-master.toml is skipped, not read', { timeout }, async () => {
  const t = hostileTree();
  try {
    t.link('dm/dm-worker.toml', '/dev/zero');
    t.fifo('dm/dm-worker2.toml');
    const master = 'name = "master1"\nmaster-addr = ":8261"\nadvertise-addr = "127.0.0.1:8261"\npeer-urls = "127.0.0.1:8291"\ninitial-cluster = "master1=http://127.0.0.1:8291"\nssl-ca = "ca.pem"\nssl-cert = "master.pem"\nssl-key = "master.key"\n';
    const path = t.write('dm/dm-master.toml', master);
    const before = process.memoryUsage().rss;
    const f = await lintFile(t, path, master);
    assert.ok(f.length > 0, 'the master config itself is still checked');
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
    // The refused siblings are named once each, so the unchecked edges are not a silent gap.
    const refused = f.filter((x) => x.code === 'CW-READ').map((x) => x.message);
    assert.equal(refused.length, 2, JSON.stringify(f));
    assert.match(refused.find((m) => m.startsWith('dm-worker2.toml')) ?? '', /named pipe \(FIFO\).*not checked/);
    assert.match(refused.find((m) => m.startsWith('dm-worker.toml')) ?? '', /not a regular file|device/);
  } finally {
    t.cleanup();
  }
});

function io(cwd: string): CliIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', cwd, out: (s: string) => void (o.stdout += s), err: (s: string) => void (o.stderr += s) };
  return o;
}

test('certwright lint over a hostile tree, and over hostile paths named directly', { timeout }, async () => {
  const t = hostileTree();
  try {
    t.fifo('pipe.cnf');
    t.link('zero.cnf', '/dev/zero');
    t.link('zero.der', '/dev/zero');
    t.link('pg/pg_hba.conf', '/dev/zero');
    t.write('pg/postgresql.conf', "ssl = on\nssl_ca_file = 'root.crt'\n");
    t.write('openssl.cnf', `.include ${t.path('pipe.cnf')}\n.include ${t.path('zero.cnf')}\n[ req ]\nprompt = no\n`);
    const before = process.memoryUsage().rss;
    const tree = io(t.dir);
    await lintCommand.run([], tree);
    assert.equal(tree.stdout.match(/CNF-050/g)?.length, 2, tree.stdout);
    assert.match(tree.stdout, /pg\/postgresql\.conf:1:1 warning CW-READ/);
    const named = io(t.dir);
    assert.equal(await lintCommand.run(['pipe.cnf', 'zero.der', '/dev/zero'], named), 2);
    assert.match(named.stderr, /'pipe\.cnf' is a named pipe \(FIFO\), not a regular file/);
    assert.match(named.stderr, /'zero\.der' is a character device/);
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
  } finally {
    t.cleanup();
  }
});
