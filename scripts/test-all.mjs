// `npm test`: every layer, in order, on a fresh machine. Installs what the layers
// need (Debian packages, the headless VS Code), then runs lint and type-check, the
// unit tests, the protocol tests against the built server, the real-peer tests
// (openssl, Go, Node TLS, PostgreSQL), the README's editor setups in real Neovim and
// Emacs, and the integration suite in a real VS Code.
// Ends with one summary line "N passed, N failed".
import { spawn } from 'node:child_process';

const steps = [
  { name: 'system packages', cmd: 'bash', args: ['scripts/install-system-deps.sh'], counts: false },
  { name: 'lint + typecheck', cmd: 'npm', args: ['run', '--silent', 'lint'], counts: false },
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'], counts: false },
  { name: 'unit', cmd: 'node', args: ['scripts/run-node-tests.mjs', 'test/unit'], counts: true },
  { name: 'protocol', cmd: 'node', args: ['scripts/run-node-tests.mjs', 'test/protocol'], counts: true },
  { name: 'peers', cmd: 'node', args: ['scripts/run-node-tests.mjs', 'test/peers'], counts: true, optionalDir: 'test/peers' },
  { name: 'editors (Neovim, Emacs)', cmd: 'node', args: ['scripts/run-node-tests.mjs', 'test/editors'], counts: true },
  { name: 'integration (VS Code)', cmd: 'node', args: ['scripts/vscode-headless.mjs', 'test'], counts: true, optionalFile: 'scripts/vscode-headless.mjs' },
];

import { existsSync } from 'node:fs';

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const pass = (chunk, stream) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', (c) => pass(c, process.stdout));
    child.stderr.on('data', (c) => pass(c, process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, tail, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Reads the pass/fail counts a layer printed (Node's runner, or our own "N passed, N failed"). */
function counts(tail) {
  const node = { pass: /ℹ pass (\d+)/.exec(tail), fail: /ℹ fail (\d+)/.exec(tail), skip: /ℹ skipped (\d+)/.exec(tail) };
  if (node.pass) return { passed: +node.pass[1], failed: +(node.fail?.[1] ?? 0), skipped: +(node.skip?.[1] ?? 0) };
  const plain = [...tail.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].pop();
  if (plain) return { passed: +plain[1], failed: +plain[2], skipped: +(plain[3] ?? 0) };
  return undefined;
}

const total = { passed: 0, failed: 0, skipped: 0 };
const report = [];
let broken = false;
const wall = Date.now();
for (const step of steps) {
  if ((step.optionalDir && !existsSync(step.optionalDir)) || (step.optionalFile && !existsSync(step.optionalFile))) continue;
  console.log(`\n=== ${step.name} ===`);
  const r = await run(step);
  const c = step.counts ? counts(r.tail) : undefined;
  if (c) {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  const ok = r.code === 0;
  report.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name.padEnd(24)} ${r.seconds.toFixed(1).padStart(6)} s${c ? `  ${c.passed} passed, ${c.failed} failed` : ''}`);
  if (!ok) {
    broken = true;
    if (!step.counts) {
      total.failed += 1;
      break; // nothing after a failed install, lint or build can be trusted
    }
    if (step.counts && !c) total.failed += 1;
  }
}
console.log('\n=== summary ===');
for (const line of report) console.log(line);
console.log(`wall time ${((Date.now() - wall) / 1000).toFixed(1)} s`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(broken || total.failed ? 1 : 0);
