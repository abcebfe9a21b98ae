// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// `--production` minifies; `--watch` rebuilds on change. Type-checking is `npm run typecheck`.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
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

if (existsSync('test/integration/suite')) {
  // The integration suite runs inside the extension host; bundle it with mocha.
  contexts.push({
    ...common,
    entryPoints: ['test/integration/suite/index.ts'],
    outfile: 'dist/test/integration/index.js',
    external: ['vscode', 'mocha'],
  });
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
