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
