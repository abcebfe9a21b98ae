#!/usr/bin/env node
// `npm run demo`: packages Certwright as a .vsix (`npm run package`), prepares the examples/
// workspace (generates the CockroachDB and DM certificates and keys with the certwright CLI
// the first time; they are git-ignored), and serves VS Code in the browser on 127.0.0.1
// with the .vsix installed into a fresh profile, on examples/. Prints the URL and runs
// until Ctrl-C.
//
// The extension is installed, not loaded as the extension under development: the built web
// workbench honours a development path only with the smoke-test driver, which hides every
// notification toast; a user must see Certwright's notifications.
//
//   node scripts/demo.mjs --prepare-only     only package and generate the certificates
//   node scripts/demo.mjs --screenshot [out] write docs/images/demo.png (or out) and exit
//   node scripts/demo.mjs --check            walk the demo in headless Chromium: Certwright's view is
//                                            there, Check Workspace shows its notification toast, and
//                                            no other toast (Git's parent-folder prompt) appears
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultVsix, demoMode, ensureTools, openBrowser, root, screenshot, serveWorkspace, step } from './vscode-headless.mjs';

export const examples = join(root, 'examples');
const cli = join(root, 'dist', 'server', 'cli.js');

/**
 * User settings of the demo profile on top of the launcher's (no trust prompt, no Git
 * prompt for the repository above examples/): the Welcome page, which lists Certwright's
 * walkthrough, as a new user meets it.
 */
export const demoSettings = { 'workbench.startupEditor': 'welcomePage' };

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
  // A binary certificate for the walkthrough's first step: double-clicked, it opens in the certificate editor.
  const der = join(examples, 'inspect', 'node.der');
  if (!existsSync(der)) {
    mkdirSync(join(examples, 'inspect'), { recursive: true });
    writeFileSync(der, new X509Certificate(readFileSync(join(crdb, 'certs', 'node.crt'))).raw);
  }
}

/** `npm run package` into `defaultVsix`, printing its last line (the size) rather than the listing. */
function packageVsix() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'package-vsix.mjs'), '--out', defaultVsix], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`demo: packaging the .vsix failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`demo: ${r.stdout.trim().split('\n').pop()}`);
}

/** What a new user sees first, checked in the real VS Code: the toasts are the point. */
async function check() {
  const { playwright } = await ensureTools();
  const { url, profile, stop } = await serveWorkspace(examples, { vsix: defaultVsix, settings: demoSettings });
  let browser;
  try {
    browser = await step('start headless Chromium', 60_000, () => openBrowser(playwright, profile));
    const { page } = browser;
    await step('open the workbench', 150_000, async () => {
      await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 120_000 });
    });
    await step("Certwright's view container", 60_000, () => page.waitForSelector('.activitybar [aria-label^="Certwright"]', { timeout: 60_000 }));
    const toast = await step('Check Workspace shows a notification toast', 90_000, async () => {
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
      await page.keyboard.type('Certwright: Check Workspace');
      await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await page.keyboard.press('Enter');
      const t = page.locator('.notifications-toasts .notification-toast', { hasText: 'Certwright' }).first();
      await t.waitFor({ state: 'visible', timeout: 60_000 });
      return t.innerText();
    });
    console.log(`demo: toast: ${toast.replace(/\s+/g, ' ')}`);
    const others = await page.$$eval('.notifications-toasts .notification-toast', (els) => els.map((e) => e.innerText).filter((t) => !t.includes('Certwright')));
    if (others.length) throw new Error(`unrelated notifications: ${others.join(' | ')}`);
    console.log('demo: check passed');
  } finally {
    await browser?.context.close().catch(() => undefined);
    await stop();
  }
}

async function main(args) {
  packageVsix();
  prepareExamples();
  if (args.includes('--prepare-only')) return;
  if (args.includes('--screenshot')) {
    const out = args[args.indexOf('--screenshot') + 1] ?? join(root, 'docs', 'images', 'demo.png');
    await screenshot({ out, folder: examples, file: 'openssl.cnf', vsix: defaultVsix });
    return;
  }
  if (args.includes('--check')) return check();
  sh('bash', [join(root, 'scripts', 'install-system-deps.sh')]);
  await demoMode(examples, { vsix: defaultVsix, settings: demoSettings });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`demo: ${err.message}`);
    process.exit(1);
  });
}
