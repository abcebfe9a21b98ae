#!/usr/bin/env node
// Fails when the project's own modules import each other in a cycle. Uses esbuild's
// metafile (the same resolution the build uses) from every entry point; packages are
// left external, so only first-party imports count. Run by `npm run lint`.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const entryPoints = args.length ? args : ['client/src/extension.ts', 'server/src/server.ts', 'server/src/cli.ts'];
for (const dir of args.length ? [] : ['server/src/workers']) {
  if (existsSync(dir)) entryPoints.push(...readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));
}

const result = await esbuild.build({
  entryPoints,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  external: ['vscode'],
  outdir: 'out-cycles',
  logLevel: 'error',
});

const graph = new Map();
for (const [file, info] of Object.entries(result.metafile.inputs)) {
  graph.set(file, info.imports.filter((i) => !i.external).map((i) => i.path).filter((p) => result.metafile.inputs[p]));
}

// Tarjan's strongly connected components: every component with more than one module
// (or a module importing itself) is a cycle.
let index = 0;
const stack = [];
const onStack = new Set();
const idx = new Map();
const low = new Map();
const cycles = [];
function connect(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), idx.get(w)));
    }
  }
  if (low.get(v) === idx.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  }
}
for (const v of graph.keys()) if (!idx.has(v)) connect(v);

if (cycles.length) {
  console.error(`check-cycles: ${cycles.length} import cycle(s) among first-party modules:`);
  for (const c of cycles) console.error(`  ${c.join(' <-> ')}`);
  process.exit(1);
}
console.log(`check-cycles: no import cycles among ${graph.size} modules`);
