// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// `--production` minifies; `--watch` rebuilds on change. Type-checking is `npm run typecheck`.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Extra server-side entry points (workers) that features add under server/src/workers/. */
const workerDir = 'server/src/workers';
const workers = existsSync(workerDir)
  ? readdirSync(workerDir).filter((f) => f.endsWith('.ts')).map((f) => join(workerDir, f))
  : [];

const contexts = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/server/cli.js', banner: { js: '#!/usr/bin/env node' } },
  ...(workers.length ? [{ ...common, entryPoints: workers, outdir: 'dist/server/workers' }] : []),
];

if (existsSync('test/integration/suite/index.ts')) {
  // The integration suite runs inside the extension host. index.ts (the mocha runner) →
  // dist/test/integration/index.js; every *.test.ts → dist/test/integration/suite/*.test.js,
  // which the runner discovers at run time (no import list to maintain). mocha stays
  // external: it resolves from the repository's node_modules at run time.
  const suiteDir = 'test/integration/suite';
  rmSync('dist/test/integration/suite', { recursive: true, force: true });
  const testFiles = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).map((f) => join(suiteDir, f));
  contexts.push({ ...common, entryPoints: [join(suiteDir, 'index.ts')], outfile: 'dist/test/integration/index.js', external: ['vscode', 'mocha'] });
  if (testFiles.length) {
    contexts.push({ ...common, entryPoints: testFiles, outdir: 'dist/test/integration/suite', external: ['vscode', 'mocha'] });
  }
}

for (const options of contexts) {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
for (const bin of ['dist/server/server.js', 'dist/server/cli.js']) if (existsSync(bin)) chmodSync(bin, 0o755);
