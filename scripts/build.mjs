// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// `--production` minifies; `--watch` rebuilds on change. Type-checking is `npm run typecheck`.
//
// The language server and the CLI are one build with code splitting: each entry point
// (server-main-<hash>.js, cli-main-<hash>.js) holds only what starts it, and every `await
// import()` in the sources becomes a chunk under dist/server/chunks/ that loads on first use,
// shared between the two. A process therefore compiles and runs only the code its work needs
// (`certwright --help` never parses the X.509 stack). The files are CommonJS, compiled through
// V8's code cache (scripts/bundles.mjs). dist/server/server.js and cli.js stay the entry
// points the manifest, the client and editors name: each is a short loader of its entry file.
// The client stays one CommonJS bundle (the extension host loads extensions with require).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOptions } from './bundles.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { common, client, server, boot, workers } = bundleOptions({ production });

rmSync('dist/server', { recursive: true, force: true });
rmSync('dist/client', { recursive: true, force: true });
const contexts = [client, server, boot, ...(workers ? [workers] : [])];

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
