/** The real openssl CLI for the peer tests: its exit code and output, or its output when it must succeed. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function openssl(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`openssl could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Runs openssl and fails the test unless it exits 0; stdout and stderr together. */
export function ok(cwd: string, ...args: string[]): string {
  const r = openssl(cwd, ...args);
  assert.equal(r.code, 0, `openssl ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}
