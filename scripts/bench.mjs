// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command
// line) one after another — never two at once, the machine has 2 cores. Each
// benchmark prints its own figures (medians and ratios against a baseline
// measured in the same process) and writes JSON under bench/results/.
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const all = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort();
const run = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all;
mkdirSync('bench/results', { recursive: true });
let failed = 0;
for (const file of run) {
  console.log(`\n### ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
