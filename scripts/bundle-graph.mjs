#!/usr/bin/env node
// What each entry point of the server/CLI build, and each module it loads lazily
// (`await import()`), makes a process load before its own code runs: the static-import
// closure of its output file, with the source modules and bytes in it. Built in memory
// with the options of scripts/build.mjs (scripts/bundles.mjs).
//
//   node scripts/bundle-graph.mjs            a table: output, lazily loaded source, KiB loaded, modules
//   node scripts/bundle-graph.mjs --json     { "<entry or lazily loaded source>": { bytes, inputs: [...], builtins: [...] } }
import * as esbuild from 'esbuild';
import { bundleOptions } from './bundles.mjs';

const { server } = bundleOptions();
// The split graph only (plugins off: nothing is written); the CommonJS files keep its edges.
const result = await esbuild.build({ ...server, plugins: [], write: false, metafile: true, sourcemap: false, logLevel: 'error' });
const outputs = result.metafile.outputs;

function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) closure(i.path, seen);
  return seen;
}

const graph = {};
for (const [file, out] of Object.entries(outputs)) {
  if (!out.entryPoint) continue;
  const files = [...closure(file)];
  const name = Object.entries(server.entryPoints).find(([, src]) => src === out.entryPoint)?.[0] ?? out.entryPoint;
  graph[name] = {
    bytes: files.reduce((n, f) => n + outputs[f].bytes, 0),
    inputs: [...new Set(files.flatMap((f) => Object.keys(outputs[f].inputs)))].sort(),
    // The Node built-ins those files import at their top (each loads Node's own modules).
    builtins: [...new Set(files.flatMap((f) => outputs[f].imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path)))].sort(),
  };
}

if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(graph, null, 1)}\n`);
else {
  const rows = Object.entries(graph).sort((a, b) => a[1].bytes - b[1].bytes);
  for (const [name, g] of rows) console.log(`${(g.bytes / 1024).toFixed(0).padStart(6)} KiB ${String(g.inputs.length).padStart(4)} modules  ${name}`);
}
