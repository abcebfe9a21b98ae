#!/usr/bin/env node
// `npm run demo`: builds Certwright, prepares the examples/ workspace (generates the
// CockroachDB and DM certificates and keys with the certwright CLI the first time; they
// are git-ignored), and serves VS Code in the browser on 127.0.0.1 with the extension
// loaded on examples/. Prints the URL and runs until Ctrl-C.
//   node scripts/demo.mjs --prepare-only     only build and generate the certificates
//   node scripts/demo.mjs --screenshot [out] write docs/images/demo.png (or out) and exit
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './vscode-headless.mjs';

const examples = join(root, 'examples');
const cli = join(root, 'dist', 'server', 'cli.js');

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`demo: \`${cmd} ${args.join(' ')}\` failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const certwright = (...args) => sh(process.execPath, [cli, ...args]);

/** Generates the example PKI once (keys never leave examples/, which ignores them). */
export function prepareExamples() {
  const crdb = join(examples, 'cockroach');
  if (!existsSync(join(crdb, 'certs', 'ca.crt'))) {
    console.log('demo: issuing the CockroachDB certificates (examples/cockroach/certs)');
    certwright('ca', 'create', '--profile', 'cockroach', '--dir', crdb, '--key', 'p256');
    certwright('issue', 'node', '--dir', crdb, '--san', 'localhost,node,node1.example.internal,127.0.0.1');
    certwright('issue', 'client', '--dir', crdb, '--user', 'root');
  }
  const dm = join(examples, 'dm', 'certs');
  if (!existsSync(join(dm, 'ca.pem'))) {
    console.log('demo: issuing the DM certificates (examples/dm/certs)');
    certwright('ca', 'create', '--profile', 'dm', '--dir', dm, '--key', 'p256');
    certwright('issue', 'node', '--dir', dm, '--name', 'master', '--cn', 'dm', '--san', '127.0.0.1,localhost');
    certwright('issue', 'node', '--dir', dm, '--name', 'worker', '--cn', 'dm', '--san', '127.0.0.1,localhost');
    certwright('issue', 'client', '--dir', dm, '--user', 'dm');
  }
}

const args = process.argv.slice(2);
sh('npm', ['run', '--silent', 'build']);
prepareExamples();
if (args.includes('--prepare-only')) process.exit(0);
if (args.includes('--screenshot')) {
  const out = args[args.indexOf('--screenshot') + 1] ?? join(root, 'docs', 'images', 'demo.png');
  sh(process.execPath, [join(root, 'scripts', 'vscode-headless.mjs'), 'screenshot', out, examples, 'openssl.cnf']);
  process.exit(0);
}
sh('bash', [join(root, 'scripts', 'install-system-deps.sh')]);
const { spawn } = await import('node:child_process');
const child = spawn(process.execPath, [join(root, 'scripts', 'vscode-headless.mjs'), 'demo', examples], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
