// The esbuild options of every bundle under dist/: scripts/build.mjs builds them and
// scripts/bundle-graph.mjs reads their import graph (what each entry point and each
// lazily loaded module makes a process load).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

  // The client: one CommonJS bundle (the extension host loads extensions with require), named
  // by its content hash, that dist/client/extension.js (the manifest's `main`) runs through
  // V8's code cache. Its first line notes when VS Code began loading the extension (set by
  // extension.js before the bundle compiles): activate() reports loading plus activation
  // (client/src/extension.ts, CertwrightApi.loadMs).
  const client = {
    ...common,
    entryPoints: { 'extension-main': 'client/src/extension.ts' },
    outdir: 'dist/client',
    entryNames: '[name]-[hash]',
    external: ['vscode'],
    metafile: true,
    banner: { js: "'use strict'; const __certwrightLoadStarted = (typeof module === 'object' && module.certwrightLoadStarted) || performance.now(); const __certwrightCodeCache = typeof module === 'object' ? module.certwrightCodeCache : undefined;" },
    plugins: [clientLoader()],
  };
  // The server and the CLI: split at every `await import()` (esbuild splits ES modules
  // only), then each file turned into CommonJS (commonJsFiles): Node's CommonJS loader is
  // cheaper than its ES module loader, and only CommonJS can use V8's code cache on Node 20
  // (server/src/node/compileCache.ts). Every file is named by a hash of its content, the
  // key of its cache entry.
  const server = {
    ...common,
    format: 'esm',
    splitting: true,
    entryPoints: { 'server-main': 'server/src/server.ts', 'cli-main': 'server/src/cli.ts' },
    outdir: 'dist/server',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    // Inline, so that the CommonJS pass reads it and writes one map back to the sources.
    sourcemap: production ? false : 'inline',
    // Prefer a package's ES module build where it has one (the @peculiar/x509 stack):
    // esbuild can drop what is never imported from it, a third of that chunk.
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    plugins: [commonJsFiles({ production })],
  };
  const workerBundle = workers.length ? { ...common, entryPoints: workers, outdir: 'dist/server/workers' } : undefined;
  /** What dist/server/server.js and cli.js load first: the code cache for the rest. */
  const boot = { ...common, entryPoints: ['server/src/node/compileCache.ts'], outfile: 'dist/server/compileCache.js' };
  return { common, client, server, boot, workers: workerBundle };
}

/**
 * An esbuild plugin (with `write: false`): writes every output file of the split ES module
 * build as CommonJS, each `import`/`import()` of a sibling file a `require` of it (a lazily
 * loaded file is still loaded on first use), with a source map back to the sources (the
 * transform reads the build's inline map; its paths are already relative to the file).
 */
export function commonJsFiles({ production = false } = {}) {
  return {
    name: 'commonjs-files',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length || !result.outputFiles) return;
        for (const file of result.outputFiles) {
          if (!file.path.endsWith('.js')) continue;
          const out = await esbuild.transform(file.text, {
            format: 'cjs',
            platform: 'node',
            target: 'node20',
            supported: { 'dynamic-import': false },
            sourcemap: production ? false : 'external',
            sourcefile: basename(file.path),
            minify: production,
            legalComments: 'none',
          });
          mkdirSync(dirname(file.path), { recursive: true });
          const map = `${basename(file.path)}.map`;
          writeFileSync(file.path, production ? out.code : `${out.code}//# sourceMappingURL=${map}\n`);
          if (!production) writeFileSync(`${file.path}.map`, out.map);
        }
        // Node looks for the nearest package.json of every file it loads: this one is small (the
        // extension's manifest is 75 KB) and says what the files are.
        writeFileSync(join(build.initialOptions.outdir, 'package.json'), '{ "type": "commonjs" }\n');
        for (const [file, out] of Object.entries(result.metafile.outputs)) {
          const name = out.entryPoint && Object.entries(build.initialOptions.entryPoints).find(([, src]) => src === out.entryPoint)?.[0];
          if (name) writeLoader(join(build.initialOptions.outdir, `${name.replace(/-main$/, '')}.js`), basename(file));
        }
      });
    },
  };
}

/**
 * dist/server/server.js and cli.js, the names the manifest, the client and editors use:
 * install the code cache, then load the entry file of this build.
 */
function writeLoader(bin, entry) {
  writeFileSync(
    bin,
    `#!/usr/bin/env node
'use strict';
// Loads ${entry} (scripts/bundles.mjs) through V8's code cache (server/src/node/compileCache.ts).
try {
  require('./compileCache.js').installCompileCache(__dirname);
} catch {
  // without the cache: every file compiles from source
}
require('./${entry}');
`,
    { mode: 0o755 },
  );
}

/** dist/client/extension.js: notes the time, then runs the client's bundle of this build through the code cache. */
function clientLoader() {
  return {
    name: 'client-loader',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return;
        const entry = Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js') && result.metafile.outputs[f].entryPoint);
        writeFileSync(
          join(build.initialOptions.outdir, 'extension.js'),
          `'use strict';
// VS Code loads this file (package.json "main"): it notes the time, then runs ${basename(entry)}
// through V8's code cache (server/src/node/compileCache.ts, scripts/bundles.mjs).
module.certwrightLoadStarted = performance.now();
let cache;
try {
  cache = require('../server/compileCache.js');
} catch {
  // without the cache: compiled from source
}
if (cache) cache.loadCached(require.resolve('./${basename(entry)}'), module, { onCompiled: (outcome) => (module.certwrightCodeCache = outcome) });
else module.exports = require('./${basename(entry)}');
`,
        );
      });
    },
  };
}
