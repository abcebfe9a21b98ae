/** `certwright` run in-process (runCli) in a temporary folder removed after the test file. */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface InProcessCli {
  /** The folder the commands run in. */
  readonly tmp: string;
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** The command's `--json` output, after asserting that it exited 0. */
  json(...args: string[]): Promise<CliJson>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON output, read field by field
export type CliJson = Record<string, any>;

export function inProcessCli(prefix: string): InProcessCli {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), cwd: tmp });
    return { code, out, err };
  };
  return {
    tmp,
    cli,
    async json(...args) {
      const r = await cli(...args, '--json');
      assert.equal(r.code, 0, `certwright ${args.join(' ')} → ${r.code}\n${r.err}${r.out}`);
      return JSON.parse(r.out) as CliJson;
    },
  };
}
