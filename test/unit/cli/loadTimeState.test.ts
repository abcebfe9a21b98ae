/**
 * No module of `certwright` reads the process as it loads (issue #16): the working folder and
 * locale of `processIo`, the platform check of the direct writer and every other such read are
 * made when a command runs. A value read at load is a hidden input of every command and would be
 * the builder's in a V8 start-up snapshot (README, Performance). The command table and runCli,
 * then every command's modules (each row's load(), as `certwright <command>` loads them), are
 * loaded in a fresh Node process inside watchProcessState; any read made by Certwright's own code
 * fails the test with its source line.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { watchProcessState } from './processStateGuard';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-load-state-'));
const bundle = path.join(dir, 'loadAll.js');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads the CLI's modules (bundled as one CommonJS file, each module run on its first require) inside the watch. */
const entry = `
import { watchProcessState } from './test/unit/cli/processStateGuard';
watchProcessState(async () => {
  require('./server/src/cli/main');
  const { commands } = require('./server/src/cli/commands');
  for (const row of commands) await row.load();
}).then((reads) => {
  const own = reads.filter((r) => r.where.includes('/server/src/') || r.where.includes(${JSON.stringify(bundle)}));
  process.stdout.write(JSON.stringify(own));
});
`;

test('loading the command table, runCli and every command reads nothing of the process', () => {
  buildSync({
    stdin: { contents: entry, resolveDir: process.cwd(), sourcefile: 'loadAll.ts', loader: 'ts' },
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const out = execFileSync(process.execPath, ['--enable-source-maps', bundle], { encoding: 'utf8', cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
  const reads = JSON.parse(out) as { what: string; where: string }[];
  assert.deepEqual(reads.map((r) => `${r.what} at ${r.where.replace(/^at /, '')}`), []);
});

test('the watch records each kind of read, from the code that made it, and none after it settles', async () => {
  let later: (() => void) | undefined;
  const reads = await watchProcessState(() => {
    void process.env.CERTWRIGHT_LOAD_STATE_PROBE;
    process.cwd();
    void process.platform;
    Date.now();
    void new Date();
    new Date(0); // a fixed time is no read
    Math.random();
    fs.existsSync(dir);
    os.homedir();
    process.once('exit', () => undefined);
    clearTimeout(setTimeout(() => undefined, 1));
    later = () => process.cwd();
  });
  later!();
  const what = reads.map((r) => r.what);
  assert.deepEqual(what, ['process.env.CERTWRIGHT_LOAD_STATE_PROBE', 'process.cwd()', 'process.platform', 'Date.now()', 'new Date()', 'Math.random()', 'fs.existsSync()', 'os.homedir()', 'process.once()', 'setTimeout()']);
  assert.ok(reads.every((r) => r.where.includes('loadTimeState.test.ts')), JSON.stringify(reads));
  // Everything is restored.
  assert.equal(typeof Object.getOwnPropertyDescriptor(process, 'env')?.value, 'object');
  assert.equal(Date.now.name, 'now');
});
