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

  // The client: two CommonJS bundles (the extension host loads extensions with require),
  // each named by its content hash. dist/client/extension.js (the manifest's `main`, written
  // by clientLoader) loads extension-main, a few kilobytes that VS Code counts as the
  // extension's activation (client/src/extension.ts); activate() returns, then loads
  // extension-features (client/src/startClient.ts: every feature and the language client)
  // through V8's code cache.
  const client = {
    ...common,
    entryPoints: { 'extension-main': 'client/src/extension.ts', 'extension-features': 'client/src/startClient.ts' },
    outdir: 'dist/client',
    entryNames: '[name]-[hash]',
    external: ['vscode'],
    metafile: true,
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
          const out = await esbuild.transform(builtinNamespacesRequired(file.text), {
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
          const code = asciiOnly(out.code);
          writeFileSync(file.path, production ? code : `${code}//# sourceMappingURL=${map}\n`);
          if (!production) writeFileSync(`${file.path}.map`, out.map);
        }
        // Node looks for the nearest package.json of every file it loads: this one is small (the
        // extension's manifest is 75 KB) and says what the files are.
        writeFileSync(join(build.initialOptions.outdir, 'package.json'), '{ "type": "commonjs" }\n');
        for (const [file, out] of Object.entries(result.metafile.outputs)) {
          const name = out.entryPoint && Object.entries(build.initialOptions.entryPoints).find(([, src]) => src === out.entryPoint)?.[0];
          if (name) writeLoader(join(build.initialOptions.outdir, `${name.replace(/-main$/, '')}.js`), basename(file), name === 'cli-main');
        }
      });
    },
  };
}

/**
 * `import * as fs from "node:fs"` in the split build's output → `var fs = require("node:fs")`.
 * The CommonJS pass would wrap such a module in esbuild's ES-module interop (__toESM: a copy of
 * every export of node:fs as a getter, made in every file that imports it), about 2 % of the
 * instructions of a `lint` or `issue` process. A namespace of a Node built-in has no `default`
 * that code could read (the type check refuses it), so the module itself serves as it is.
 */
export function builtinNamespacesRequired(code) {
  return code.replace(/\bimport\s*\*\s*as\s*([\w$]+)\s*from\s*"(node:[\w/]+)";?/g, 'var $1 = require("$2");');
}

/**
 * Every character outside ASCII written as a `\u` escape. esbuild already writes strings, regular
 * expressions and identifiers in ASCII; it leaves comments and the literal parts of tagged
 * templates, whose raw text a tag may read: the `tr` messages with their dashes and ellipses
 * (core/l10n.ts). The code cache loader reads a file with any such character as UTF-8, which
 * scans and widens all of it (the 146 KB rules chunk of every `lint`, about 2.5 M
 * instructions); an ASCII file is copied as it is. `tr` reads the cooked text, the same
 * escaped; only a raw read (String.raw) would see the escape, and the server's String.raw
 * templates are ASCII (test/unit/node/bundles.test.ts). Escaping works on UTF-16 units (an
 * astral character becomes its surrogate pair), and a character escaped in the source (`\—`,
 * the character itself) keeps one backslash, the escape's. (A source map's columns after such a
 * character on its line shift by the escape's length.)
 */
export function asciiOnly(code) {
  return code.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, c) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * dist/server/server.js and cli.js, the names the manifest, the client and editors use:
 * install the code cache, then load the entry file of this build. The CLI's names its command
 * to the cache (whose entries record the commands they hold the functions of); the server keeps
 * entries of its own too, written a few seconds after it starts: the chunks it shares with the
 * CLI (22 of the 55 it loads by its first diagnostics) would otherwise hold what a command
 * compiled, if one ran first.
 */
function writeLoader(bin, entry, cli) {
  const install = cli
    ? `const cache = require('./compileCache.js');\n  cache.installCompileCache(__dirname, { command: cache.commandOf(process.argv.slice(2)) });`
    : `require('./compileCache.js').installCompileCache(__dirname, { command: 'server', longLived: true });`;
  writeFileSync(
    bin,
    `#!/usr/bin/env node
'use strict';
// Loads ${entry} (scripts/bundles.mjs) through V8's code cache (server/src/node/compileCache.ts).
try {
  ${install}
} catch {
  // without the cache: every file compiles from source
}
require('./${entry}');
`,
    { mode: 0o755 },
  );
}

/**
 * dist/client/extension.js: notes the time, loads the entry bundle of this build and hands its
 * activate() the time and a loader of the features' bundle (through the code cache).
 */
function clientLoader() {
  return {
    name: 'client-loader',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return;
        const outputs = Object.entries(result.metafile.outputs);
        const bundleOf = (source) => basename(outputs.find(([f, o]) => f.endsWith('.js') && o.entryPoint === source)[0]);
        const main = bundleOf(build.initialOptions.entryPoints['extension-main']);
        const features = bundleOf(build.initialOptions.entryPoints['extension-features']);
        writeFileSync(
          join(build.initialOptions.outdir, 'extension.js'),
          `'use strict';
// VS Code loads this file (package.json "main"): it notes the time and runs ${main}, whose
// activate() loads ${features} once it has returned (client/src/extension.ts, scripts/bundles.mjs).
const loadStarted = performance.now();
const main = require('./${main}');
function loadFeatures() {
  const file = require('node:path').join(__dirname, '${features}');
  let cache;
  try {
    cache = require('../server/compileCache.js');
  } catch {
    return { exports: require(file) }; // without the cache: compiled from source
  }
  const Module = require('node:module');
  const features = new Module(file, module);
  features.filename = file;
  features.paths = module.paths;
  const codeCache = cache.loadCached(file, features);
  return { exports: features.exports, codeCache };
}
exports.activate = (context) => main.activate(context, { loadStarted, loadFeatures });
exports.deactivate = () => main.deactivate();
`,
        );
      });
    },
  };
}
