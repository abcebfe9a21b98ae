// `certwright lint … | head`: the reader closes the pipe early; the CLI stops quietly
// (no EPIPE stack trace on stderr), as Unix tools do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

test('a reader that closes the pipe early ends the CLI quietly', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-pipe-'));
  try {
    // Thousands of findings (about 1 MB of text): far more output than a pipe buffer holds.
    writeFileSync(join(dir, 'openssl.cnf'), `[ req ]\n${Array.from({ length: 4000 }, (_, i) => `keyUsage${i} = $ENV::NOPE${i}\nbad line ${i}\n`).join('')}`);
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../../server/src/cli.ts'), 'lint', join(dir, 'openssl.cnf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/, stderr);
    assert.notEqual(code, null, 'the CLI was killed by a signal instead of ending');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output through a non-blocking pipe that fills up arrives whole and in order', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-pipe-'));
  try {
    writeFileSync(join(dir, 'openssl.cnf'), `[ req ]\n${Array.from({ length: 4000 }, (_, i) => `keyUsage${i} = $ENV::NOPE${i}\nbad line ${i}\n`).join('')}`);
    const args = ['--import', 'tsx', resolve(__dirname, '../../../server/src/cli.ts'), 'lint', join(dir, 'openssl.cnf')];
    const collect = (child: ReturnType<typeof spawn>): Promise<{ out: string; code: number | null }> =>
      new Promise((done) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (code) => done({ out, code }));
      });
    const expected = await collect(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] }));
    // The CLI inherits the standard output of a Node process, whose pipe Node made non-blocking;
    // nobody reads it for a while, so the pipe fills and a direct write says EAGAIN.
    const parent = `process.stdout.write('');
const child = require('node:child_process').spawn(process.execPath, ${JSON.stringify(args)}, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('close', (code) => { process.exitCode = code; });`;
    const child = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 1500));
    child.stdout.resume();
    const got = await collect(child);
    assert.equal(got.code, expected.code);
    assert.ok(expected.out.length > 500_000, `${expected.out.length} bytes: more than a pipe holds`);
    assert.equal(got.out, expected.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
