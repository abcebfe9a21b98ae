// The esbuild options of every bundle under dist/: scripts/build.mjs builds them and
// scripts/bundle-graph.mjs reads their import graph (what each entry point and each
// lazily loaded module makes a process load).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function bundleOptions({ production = false } = {}) {
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

  /** Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own. */
  const esmRequire = "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);";

  // The client's first line notes when VS Code began running its code: activate() reports
  // loading plus activation (client/src/extension.ts, CertwrightApi.loadMs).
  const client = { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'], banner: { js: "'use strict'; const __certwrightLoadStarted = performance.now();" } };
  const server = {
    ...common,
    format: 'esm',
    splitting: true,
    entryPoints: { 'server-main': 'server/src/server.ts', 'cli-main': 'server/src/cli.ts' },
    outdir: 'dist/server',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Prefer a package's ES module build where it has one (the @peculiar/x509 stack):
    // esbuild can drop what is never imported from it, a third of that chunk.
    mainFields: ['module', 'main'],
    banner: { js: esmRequire },
  };
  const workerBundle = workers.length ? { ...common, entryPoints: workers, outdir: 'dist/server/workers' } : undefined;
  return { common, client, server, workers: workerBundle };
}
