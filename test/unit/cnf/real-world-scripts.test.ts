/**
 * The real-world corpus's scripts (test/fixtures/cnf/real-world-scripts/, provenance in its
 * SOURCES.md): laid out at their repository paths next to the corpus's configuration
 * files of the same repository, the uses Certwright finds in them (cnf/scriptUses.ts) are uses the
 * corpus record (real-world.json, what the project runs, checked against OpenSSL) holds, and
 * judged by them no file OpenSSL accepts gets an error; each warning they add is listed with why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WorkspaceUses } from '../../../server/src/core/cnf/workspaceUses';
import { commandUsesOf } from '../../../server/src/core/cnf/commandUse';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { clearCnfCache } from '../../../server/src/core/cnf';
import { defaultLintSettings } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const base = join(__dirname, '../../fixtures/cnf/real-world');
const record = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cnf/real-world.json'), 'utf8')) as { files: Record<string, { uses: { run: string }[]; verdict: { accepted: boolean } }> };
const scriptDir = join(__dirname, '../../fixtures/cnf/real-world-scripts');
const scripts = readdirSync(scriptDir).filter((n) => n !== 'SOURCES.md').sort();
const repoOf = (name: string): string => name.split('__').slice(0, 2).join('__');
const pathOf = (name: string): string => name.split('__').slice(2).join('/');

/** Recorded uses the scripts do not give, and why (a path held in a variable is never guessed). */
const notFound: Record<string, string> = {
  'Azure__azure-iot-sdk-c__tools__CACertificates__openssl_root_ca.cnf': 'certGen.sh names it through a shell function argument ("${openssl_config_file}")',
  'Azure__azure-iot-sdk-c__tools__CACertificates__openssl_device_intermediate_ca.cnf': 'the same variable',
  'heimdal__heimdal__lib__hx509__data__openssl.1.1.cnf': 'gen-req.sh picks the file by OpenSSL version into $config',
  'grpc__grpc-go__security__advancedtls__testdata__openssl-ca.cnf': 'generate.sh copies it (cp ../openssl-ca.cnf .) into the folder it then runs in: the copy is what openssl reads',
  'grpc__grpc-go__security__advancedtls__testdata__localhost-openssl.cnf': 'the same copy',
  'lib__pq__testdata__ssl__root.cnf': 'the Makefile at this commit names ./certs/root.cnf, a folder the files have left',
  'lib__pq__testdata__ssl__server.cnf': 'the Makefile names ./certs/server.cnf',
  'lib__pq__testdata__ssl__postgresql.cnf': 'the Makefile names ./certs/postgresql.cnf',
};

/** Warnings the found uses add to a file (`line:CODE`), each with why it is right. */
const newWarnings: Record<string, Record<string, string>> = {};

/** A corpus record's use of its file, read by the one parser of openssl command lines. */
function recorded(run: string): string | undefined {
  const uses = commandUsesOf(['openssl', ...run.split(/\s+/)]);
  return 'error' in uses ? undefined : JSON.stringify(uses.find((u) => u.file === '{cnf}')?.use);
}

test('real-world scripts: SOURCES.md lists each', () => {
  const sources = readFileSync(join(scriptDir, 'SOURCES.md'), 'utf8');
  for (const s of scripts) assert.ok(sources.includes(`\`${s}\``), s);
});

test('real-world scripts: every use found is one the project runs (the corpus record); the misses are listed with why', async () => {
  let matched = 0;
  let pairs = 0;
  const missed: string[] = [];
  for (const repo of [...new Set(scripts.map(repoOf))]) {
    const dir = mkdtempSync(join(tmpdir(), 'cw-real-scripts-'));
    try {
      const put = (name: string, from: string): string => {
        const p = join(dir, pathOf(name));
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, readFileSync(from));
        return p;
      };
      for (const s of scripts.filter((n) => repoOf(n) === repo)) put(s, join(scriptDir, s));
      const uses = new WorkspaceUses(nodeEnvironment(), () => [dir]);
      for (const cnf of Object.keys(record.files).filter((n) => repoOf(n) === repo)) {
        const found = new Set((await uses.of(put(cnf, join(base, cnf)))).map((u) => JSON.stringify(u.use)));
        const runs = new Set(record.files[cnf]!.uses.map((u) => recorded(u.run)));
        for (const f of found) assert.ok(runs.has(f), `${cnf}: found ${f}, which the project does not run (${[...runs].join(' | ')})`);
        if (!found.size) missed.push(cnf);
        else {
          pairs++;
          matched += found.size;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.deepEqual(missed.sort(), Object.keys(notFound).sort());
  console.log(`real-world scripts: ${scripts.length} scripts, ${pairs} configuration files with uses found, ${matched} distinct uses, all recorded; ${missed.length} files not found (listed)`);
  assert.ok(pairs >= 6 && matched >= 12, `${pairs} files, ${matched} uses`);
});

test('real-world scripts: judged by the uses found, no file OpenSSL accepts gets an error, and every warning they add is listed', async () => {
  for (const repo of [...new Set(scripts.map(repoOf))]) {
    const dir = mkdtempSync(join(tmpdir(), 'cw-real-scripts-'));
    try {
      for (const s of scripts.filter((n) => repoOf(n) === repo)) {
        mkdirSync(dirname(join(dir, pathOf(s))), { recursive: true });
        writeFileSync(join(dir, pathOf(s)), readFileSync(join(scriptDir, s)));
      }
      const env = nodeEnvironment({ cwd: () => dir });
      const uses = new WorkspaceUses(env, () => [dir]);
      for (const cnf of Object.keys(record.files).filter((n) => repoOf(n) === repo && record.files[n]!.verdict.accepted)) {
        const path = join(dir, pathOf(cnf));
        mkdirSync(dirname(path), { recursive: true });
        const text = readFileSync(join(base, cnf), 'utf8');
        writeFileSync(path, text);
        const line = (offset: number): number => text.slice(0, offset).split('\n').length;
        const lint = async (withScripts: boolean) => {
          clearCnfCache();
          const context = { env, settings: defaultLintSettings, workspaceRoots: [dir], ...(withScripts ? { scriptUses: (p: string) => uses.of(p) } : {}) };
          return (await cnfLinter.lint({ path, text }, context)).map((f) => ({ at: `${line(f.start)}:${f.code}`, severity: f.severity }));
        };
        const judged = await lint(true);
        assert.deepEqual(judged.filter((f) => f.severity === 'error').map((f) => f.at), [], cnf);
        const before = new Set((await lint(false)).map((f) => f.at));
        const added = judged.filter((f) => !before.has(f.at)).map((f) => f.at);
        assert.deepEqual(added, Object.keys(newWarnings[cnf] ?? {}), cnf);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
