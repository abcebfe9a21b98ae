/**
 * The code cache of the server's and the CLI's files (server/src/node/compileCache.ts):
 * a second load compiles from the cache, a stale or corrupt entry is compiled from source
 * and replaced, an unwritable cache folder changes nothing but the cache, and files
 * outside the bundle's folder are left to Node. Each case loads real modules through
 * Node's own CommonJS loader, in a child process of its own (the hook is process-wide).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';

/** The module as the build ships it (plain CommonJS: the child processes need no TypeScript loader). */
const built = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-code-cache-module-')), 'compileCache.js');
buildSync({ entryPoints: ['server/src/node/compileCache.ts'], outfile: built, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
const { ownEntryWrites } = createRequire(__filename)(built) as { ownEntryWrites: number };

interface Run {
  readonly value: unknown;
  readonly outside: unknown;
  readonly stats: { dir?: string; hits: number; misses: number; rejected: number; written: number };
}

/** In a fresh process: installs the cache for `root`, loads root/entry-ABC.js and a file outside root, flushes. */
function load(root: string, cacheDir: string, env: NodeJS.ProcessEnv = {}): Run {
  const script = `
    const { installCompileCache } = require(${JSON.stringify(built)});
    const stats = installCompileCache(${JSON.stringify(root)}, { dir: ${JSON.stringify(cacheDir)} });
    const value = require(${JSON.stringify(path.join(root, 'entry-ABC.js'))});
    const outside = require(${JSON.stringify(path.join(root, '..', 'outside.js'))});
    stats.flush();
    process.stdout.write(JSON.stringify({ value, outside, stats }));`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_CODE_CACHE: '', ...env } });
  return JSON.parse(out) as Run;
}

function workspace(): { root: string; cache: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-code-cache-'));
  const root = path.join(base, 'server');
  fs.mkdirSync(path.join(root, 'chunks'), { recursive: true });
  // An entry that requires a chunk (a relative require through the hook's `require`) and a built-in.
  fs.writeFileSync(path.join(root, 'entry-ABC.js'), `const { part } = require('./chunks/chunk-DEF.js'); const { join } = require('node:path');\nmodule.exports = { sum: part(40) + 2, joined: join('a', 'b'), dir: __dirname, resolved: require.resolve('./chunks/chunk-DEF.js') };\n`);
  fs.writeFileSync(path.join(root, 'chunks', 'chunk-DEF.js'), 'exports.part = (n) => n;\n');
  fs.writeFileSync(path.join(base, 'outside.js'), 'module.exports = "outside";\n');
  return { root, cache: path.join(base, 'cache') };
}

test('the first process compiles from source and writes an entry per file; the next one compiles from the entries', () => {
  const { root, cache } = workspace();
  const first = load(root, cache);
  assert.deepEqual(first.value, { sum: 42, joined: path.join('a', 'b'), dir: root, resolved: path.join(root, 'chunks', 'chunk-DEF.js') });
  assert.equal(first.outside, 'outside');
  assert.deepEqual([first.stats.misses, first.stats.hits, first.stats.written], [2, 0, 2], 'two files under root, none outside it');
  assert.equal(fs.readdirSync(cache).length, 2);
  const second = load(root, cache);
  assert.deepEqual(second.value, first.value);
  assert.deepEqual([second.stats.misses, second.stats.hits, second.stats.rejected, second.stats.written], [0, 2, 0, 0]);
});

test('a file with characters outside ASCII is read as UTF-8, an ASCII one as it is, from source and from the cache', () => {
  const { root, cache } = workspace();
  // The entry itself is read by Node's loader; the chunks by the hook (one with an escape: ASCII, one in UTF-8).
  fs.writeFileSync(path.join(root, 'chunks', 'chunk-DEF.js'), "exports.part = (n) => n + 'plain \\u00e9'.length - 7;\n");
  fs.writeFileSync(path.join(root, 'entry-ABC.js'), "module.exports = { sum: require('./chunks/chunk-DEF.js').part(42), text: require('./chunks/chunk-UTF.js').text };\n");
  fs.writeFileSync(path.join(root, 'chunks', 'chunk-UTF.js'), "exports.text = `caf\u00e9 \u2014 \u{1F510}`;\n");
  for (const outcome of ['misses', 'hits'] as const) {
    const run = load(root, cache);
    assert.deepEqual(run.value, { sum: 42, text: 'caf\u00e9 \u2014 \u{1F510}' });
    assert.equal(run.stats[outcome], 3, outcome);
  }
});

test('a corrupt or foreign entry is rejected by V8: the file compiles from source and the entry is replaced', () => {
  const { root, cache } = workspace();
  load(root, cache);
  for (const name of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, name), Buffer.alloc(64, 7));
  const run = load(root, cache);
  assert.equal((run.value as { sum: number }).sum, 42);
  assert.deepEqual([run.stats.rejected, run.stats.hits, run.stats.written], [2, 0, 2]);
  assert.deepEqual([load(root, cache).stats.hits], [2], 'the replaced entries are good');
});

test('an unwritable cache folder (a file in its place) and caching turned off change nothing but the cache', () => {
  const { root, cache } = workspace();
  fs.writeFileSync(cache, 'not a folder');
  const blocked = load(root, path.join(cache, 'sub'));
  assert.equal((blocked.value as { sum: number }).sum, 42);
  assert.deepEqual([blocked.stats.misses, blocked.stats.written], [2, 0]);
  const off = load(root, path.join(path.dirname(cache), 'other'), { CERTWRIGHT_CODE_CACHE: 'off' });
  assert.equal((off.value as { sum: number }).sum, 42);
  assert.equal(off.stats.dir, undefined);
  assert.equal(fs.existsSync(path.join(path.dirname(cache), 'other')), false);
});

test('an entry is named by the file and its length: an edited file of another length never reads the old entry', () => {
  const { root, cache } = workspace();
  load(root, cache);
  fs.writeFileSync(path.join(root, 'chunks', 'chunk-DEF.js'), 'exports.part = (n) => n + 100;\n');
  const run = load(root, cache);
  assert.equal((run.value as { sum: number }).sum, 142);
  assert.deepEqual([run.stats.hits, run.stats.misses], [1, 1]);
});

test('loadCached runs one file as a given module through the cache, without changing how Node loads other files', () => {
  const { root, cache } = workspace();
  const script = `
    const Module = require('node:module');
    const before = Module.prototype._compile;
    const { loadCached } = require(${JSON.stringify(built)});
    const file = ${JSON.stringify(path.join(root, 'entry-ABC.js'))};
    // As dist/client/extension.js's own module: a file of the same folder.
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(${JSON.stringify(root)});
    const outcome = loadCached(file, mod, { dir: ${JSON.stringify(cache)}, flushAfterMs: 0 });
    setTimeout(() => process.stdout.write(JSON.stringify({ outcome, sum: mod.exports.sum, untouched: Module.prototype._compile === before })), 50);`;
  const runOnce = (): { outcome: string; sum: number; untouched: boolean } => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_CODE_CACHE: '' } }));
  assert.deepEqual(runOnce(), { outcome: 'miss', sum: 42, untouched: true });
  assert.deepEqual(runOnce(), { outcome: 'hit', sum: 42, untouched: true });
});

test("a CLI command keeps entries of its own: another command's first run compiles from the file's first entry and writes its own, with its functions", () => {
  const { root, cache } = workspace();
  // A function that only the second command calls: V8 compiles it on its first call, so only that command's entry can hold it.
  const file = path.join(root, 'chunks', 'chunk-GHI.js');
  fs.writeFileSync(file, 'function onlyLint() { let s = 0; for (let i = 0; i < 9; i++) s += i * 7; return s; }\nmodule.exports = process.env.CW_LINT ? onlyLint() : 0;\n');
  const once = (command: string, exitCode = 0): Run['stats'] => {
    const script = `
      const { installCompileCache } = require(${JSON.stringify(built)});
      const stats = installCompileCache(${JSON.stringify(root)}, { dir: ${JSON.stringify(cache)}, command: ${JSON.stringify(command)} });
      require(${JSON.stringify(file)});
      process.exitCode = ${exitCode};
      stats.flush();
      process.exitCode = 0;
      process.stdout.write(JSON.stringify(stats));`;
    const env = { ...process.env, CERTWRIGHT_CODE_CACHE: '', ...(command === 'lint' ? { CW_LINT: '1' } : {}) };
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })) as Run['stats'];
  };
  const entry = (command: string): string => `chunks_chunk-GHI.js-${fs.statSync(file).size}${command}.bin`;
  const size = (command: string): number => fs.statSync(path.join(cache, entry(command))).size;
  const first = once('issue node');
  assert.deepEqual([first.misses, first.written], [1, 2], "the file's entry and the command's own");
  assert.deepEqual(fs.readdirSync(cache).sort(), [entry(''), entry('.issue_node')]);
  const again = once('issue node');
  assert.deepEqual([again.hits, again.written], [1, 1], 'the same command again: its own entry, written again (refreshed)');
  const failed = once('lint', 1);
  assert.deepEqual([failed.hits, failed.written], [1, 0], "another command that fails (a usage error) compiles from the file's entry and writes none of its own");
  const lint = once('lint');
  assert.deepEqual([lint.hits, lint.written], [1, 1], 'another command that succeeds writes its own');
  assert.ok(size('.lint') > size(''), 'which holds onlyLint too');
  for (let i = 0; i < ownEntryWrites; i++) once('issue node');
  for (const command of ['issue node', '']) assert.deepEqual([once(command)].map((s) => [s.hits, s.written]), [[1, 0]], command);
});

/** A workspace whose chunk has a function that a run calls only when CW_LATER is set, and one command's runs over it. */
function commandRuns(): { cache: string; entryOf: (command: string) => string; once: (command: string, env?: NodeJS.ProcessEnv) => Run['stats']; spawnOnce: (command: string) => Promise<Run['stats']> } {
  const { root, cache } = workspace();
  const file = path.join(root, 'chunks', 'chunk-JKL.js');
  fs.writeFileSync(file, 'function later() { let s = 0; for (let i = 0; i < 9; i++) s += i * 5; return s; }\nmodule.exports = process.env.CW_LATER ? later() : 0;\n');
  const script = (command: string): string => `
    const { installCompileCache } = require(${JSON.stringify(built)});
    const stats = installCompileCache(${JSON.stringify(root)}, { dir: ${JSON.stringify(cache)}, command: ${JSON.stringify(command)} });
    require(${JSON.stringify(file)});
    stats.flush();
    process.stdout.write(JSON.stringify(stats));`;
  const once = (command: string, env: NodeJS.ProcessEnv = {}): Run['stats'] =>
    JSON.parse(execFileSync(process.execPath, ['-e', script(command)], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_CODE_CACHE: '', ...env } })) as Run['stats'];
  const spawnOnce = (command: string): Promise<Run['stats']> =>
    new Promise((resolve, reject) =>
      execFile(process.execPath, ['-e', script(command)], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_CODE_CACHE: '', CW_LATER: '1' } }, (err, out) => (err ? reject(err) : resolve(JSON.parse(out) as Run['stats']))),
    );
  return { cache, entryOf: (command) => path.join(cache, `chunks_chunk-JKL.js-${fs.statSync(file).size}.${command}.bin`), once, spawnOnce };
}

test("a command's own entry is written again by its next runs, holding what each compiled, until it has been written ownEntryWrites times", () => {
  const { entryOf, once } = commandRuns();
  const entry = entryOf('lint');
  // The first run does not call later(): its entry lacks it.
  assert.equal(once('lint').written, 2, "the file's entry and the command's own");
  const small = fs.statSync(entry).size;
  // The second run calls it: the refresh adds it to what the entry held.
  const second = once('lint', { CW_LATER: '1' });
  assert.deepEqual([second.hits, second.written], [1, 1]);
  assert.ok(fs.statSync(entry).size > small, 'the refreshed entry holds later() too');
  const grown = fs.statSync(entry).size;
  // A run that does not call it keeps it: data made after a run from cached data holds what it was given.
  let writes = 2;
  for (;;) {
    const run = once('lint');
    assert.equal(run.hits, 1);
    if (!run.written) break;
    writes++;
    assert.ok(writes <= ownEntryWrites, 'bounded');
  }
  assert.equal(writes, ownEntryWrites, 'written by the first run and the next ones, ownEntryWrites times in all');
  assert.equal(fs.statSync(entry).size, grown);
  assert.deepEqual([once('lint', { CW_LATER: '1' })].map((s) => [s.hits, s.written]), [[1, 0]], 'then read and never written again');
});

test('concurrent runs of a command, refreshing the same entries, leave whole entries and no temporary files', async () => {
  const { cache, entryOf, once, spawnOnce } = commandRuns();
  once('issue node');
  const runs = await Promise.all(Array.from({ length: 6 }, () => spawnOnce('issue node')));
  for (const run of runs) assert.equal(run.rejected, 0);
  assert.deepEqual(
    fs.readdirSync(cache).filter((name) => name.endsWith('.tmp')),
    [],
  );
  assert.ok(fs.existsSync(entryOf('issue_node')));
  const after = once('issue node', { CW_LATER: '1' });
  assert.deepEqual([after.hits, after.rejected], [1, 0], 'the entry left is one whole write V8 accepts');
});

test('a long-lived process with entries of its own (the language server) writes them on its timer, refreshed as a command refreshes', () => {
  const { root, cache } = workspace();
  const script = `
    const { installCompileCache } = require(${JSON.stringify(built)});
    const stats = installCompileCache(${JSON.stringify(root)}, { dir: ${JSON.stringify(cache)}, command: 'server', longLived: true, flushAfterMs: 0 });
    require(${JSON.stringify(path.join(root, 'entry-ABC.js'))});
    setTimeout(() => { process.stdout.write(JSON.stringify(stats)); process.exit(0); }, 200);`;
  const once = (): Run['stats'] => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, CERTWRIGHT_CODE_CACHE: '' } })) as Run['stats'];
  // Before exit: two files, each with the file's entry and the server's own.
  assert.deepEqual([once()].map((s) => [s.misses, s.written]), [[2, 4]]);
  assert.ok(fs.readdirSync(cache).some((name) => name.endsWith('.server.bin')));
  const writes = [once(), once(), once()].map((s) => [s.hits, s.written]);
  assert.deepEqual(writes, [[2, 2], [2, 2], [2, 0]], `refreshed until written ${ownEntryWrites} times`);
});

test('an unwritable cache folder costs a command nothing but the cache: it runs, and writes nothing', () => {
  const { cache, once } = commandRuns();
  fs.writeFileSync(cache, 'not a folder');
  for (let i = 0; i < 2; i++) {
    const run = once('lint', { CW_LATER: '1', CERTWRIGHT_CODE_CACHE: path.join(cache, 'sub') });
    assert.deepEqual([run.misses, run.written], [1, 0]);
  }
});

test('commandOf: the leading words of the arguments, at most two', async () => {
  const { commandOf } = (await import(built)) as { commandOf: (args: readonly string[]) => string };
  assert.equal(commandOf(['issue', 'node', '--dir', 'x']), 'issue node');
  assert.equal(commandOf(['issue', '--batch', 'seed.json']), 'issue');
  assert.equal(commandOf(['lint', 'openssl.cnf']), 'lint');
  assert.equal(commandOf(['ca', 'create', 'extra']), 'ca create');
  assert.equal(commandOf(['issue', '--help']), 'issue --help', 'the help runs none of the command: not the same functions');
  assert.equal(commandOf(['issue', 'node', '-h']), 'issue node --help');
  assert.equal(commandOf(['--version']), '');
  assert.equal(commandOf([]), '');
});
