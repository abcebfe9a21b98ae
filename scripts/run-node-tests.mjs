// Runs every *.test.ts below the given folders with Node's test runner (TypeScript
// through tsx). Node 20's runner takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return dir.endsWith('.test.ts') ? [dir] : [];
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : find(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('--'));
const files = dirs.flatMap(find);
if (!files.length) {
  console.error(`run-node-tests: no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}
const reporter = process.env.CERTWRIGHT_TEST_REPORTER ?? 'spec';
// The tests assert English output of the CLI and of the tools they drive; the
// caller's locale (LANG=zh_CN.UTF-8 gives Chinese) must not change it. The
// locale tests set their own.
const locale = { LC_ALL: 'C', LC_MESSAGES: '', LANG: 'C' };
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, ...locale, NODE_OPTIONS: '' } },
);
process.exit(r.status ?? 1);
