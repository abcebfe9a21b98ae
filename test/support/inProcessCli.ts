/** `certwright` run in-process (runCli) in a temporary folder removed after the test file. */
import { after } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface InProcessCli {
  /** The folder the commands run in. */
  readonly tmp: string;
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
}

export function inProcessCli(prefix: string): InProcessCli {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return {
    tmp,
    async cli(...args) {
      let out = '';
      let err = '';
      const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), cwd: tmp });
      return { code, out, err };
    },
  };
}
