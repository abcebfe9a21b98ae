/** Runs the BUILT `certwright` CLI (dist/server/cli.js) for peer tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built CLI; CERTWRIGHT_CLI points elsewhere (e.g. an installed `certwright`'s cli.js). */
export const cliPath = process.env.CERTWRIGHT_CLI ? resolve(process.env.CERTWRIGHT_CLI) : resolve(__dirname, '../../../dist/server/cli.js');

export function assertCliBuilt(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` before the peer tests`);
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `certwright <args>`; bounded. */
export function certwright(args: readonly string[], timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `certwright <args>` and throws (with its output) unless it exits 0. */
export function certwrightOk(args: readonly string[], timeoutMs?: number): CliRun {
  const r = certwright(args, timeoutMs);
  if (r.code !== 0) throw new Error(`certwright ${args.join(' ')} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  return r;
}
