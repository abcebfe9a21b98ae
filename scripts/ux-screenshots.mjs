#!/usr/bin/env node
// Screenshots of the certificate editor, the Certificates view with a row's tooltip, the
// expiry timeline, the chain diagram, the Explorer decorations and a result notification,
// in the light and the dark theme, taken in the real VS Code (scripts/vscode-headless.mjs:
// the VS Code server + headless Chromium, Certwright installed from its .vsix as a user
// has it, notifications shown) on a small PKI that the real openssl makes for the occasion
// (valid, expiring, expired and revoked leaves, a current and a stale CRL, a world-readable key).
//
//   node scripts/ux-screenshots.mjs [out-dir] [--only name,name]   (default docs/images; names:
//   certificate-editor, explorer-decorations, certificates-view, expiry-timeline, chain-diagram, notification)
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultVsix, ensureTools, freePort, installExtension, makeProfile, openBrowser, root, servePlan, startServer, step } from './vscode-headless.mjs';

const argv = process.argv.slice(2);
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(argv[onlyArg + 1].split(',')) : undefined;
const outDir = resolve(argv.find((a, i) => !a.startsWith('--') && i !== onlyArg + 1) ?? join(root, 'docs', 'images'));
/** Whether the picture `name` (without theme and .png) is wanted this run. */
const wanted = (name) => !only || only.has(name);
const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

function makePki() {
  // A folder with a plain name: the notification names the workspace folder.
  const dir = join(mkdtempSync(join(tmpdir(), 'certwright-shots-')), 'acme');
  mkdirSync(dir);
  const o = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const w = (name, text) => writeFileSync(join(dir, name), text);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  o('req', '-x509', ...ec, '-keyout', 'root-ca.key', '-out', 'root-ca.crt', '-subj', '/O=Acme/CN=Acme Root CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  w('index.txt', '');
  w('serial', '1000\n');
  w('crlnumber', '1000\n');
  const ca = (name, cert, key) =>
    w(name, `[ca]\ndefault_ca = d\n[d]\ndir = .\ndatabase = index.txt\nserial = serial\ncrlnumber = crlnumber\nnew_certs_dir = .\ncertificate = ${cert}\nprivate_key = ${key}\ndefault_md = sha256\npolicy = p\nunique_subject = no\ncopy_extensions = copy\ndefault_crl_days = 30\n[p]\ncommonName = supplied\norganizationName = optional\n[inter]\nbasicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n[leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n`);
  ca('root.cnf', 'root-ca.crt', 'root-ca.key');
  ca('inter.cnf', 'issuing-ca.crt', 'issuing-ca.key');
  o('req', '-new', ...ec, '-keyout', 'issuing-ca.key', '-out', 'issuing-ca.csr', '-subj', '/O=Acme/CN=Acme Issuing CA');
  o('ca', '-batch', '-notext', '-config', 'root.cnf', '-extensions', 'inter', '-days', '1825', '-in', 'issuing-ca.csr', '-out', 'issuing-ca.crt');
  const leaf = (name, cn, eku, san, dates) => {
    o('req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`, '-addext', `extendedKeyUsage=${eku}`, '-addext', `subjectAltName=${san}`);
    o('ca', '-batch', '-notext', '-config', 'inter.cnf', '-extensions', 'leaf', ...dates, '-in', `${name}.csr`, '-out', `${name}.crt`);
    rmSync(join(dir, `${name}.csr`));
  };
  const day = 86_400_000;
  const asn1 = (ms) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  leaf('db1', 'db1.acme.test', 'serverAuth,clientAuth', 'DNS:db1.acme.test,DNS:localhost,IP:10.0.0.11', ['-days', '365']);
  leaf('db2', 'db2.acme.test', 'serverAuth,clientAuth', 'DNS:db2.acme.test,IP:10.0.0.12', ['-startdate', asn1(Date.now() - 353 * day), '-enddate', asn1(Date.now() + 12 * day)]);
  leaf('api', 'api.acme.test', 'serverAuth', 'DNS:api.acme.test', ['-startdate', asn1(Date.now() - 400 * day), '-enddate', asn1(Date.now() - 35 * day)]);
  leaf('client.app', 'app', 'clientAuth', 'DNS:app', ['-days', '180']);
  o('ca', '-config', 'inter.cnf', '-revoke', 'client.app.crt');
  o('ca', '-config', 'inter.cnf', '-gencrl', '-out', 'issuing-ca.crl');
  // The root's CRL is past its next update.
  o('ca', '-config', 'root.cnf', '-gencrl', '-crl_lastupdate', asn1(Date.now() - 90 * day), '-crl_nextupdate', asn1(Date.now() - 60 * day), '-out', 'root-ca.crl');
  o('x509', '-in', 'db1.crt', '-outform', 'DER', '-out', 'db1.der');
  o('pkcs12', '-export', '-in', 'db1.crt', '-inkey', 'db1.key', '-out', 'db1.p12', '-passout', 'pass:screenshot');
  for (const f of ['index.txt', 'index.txt.attr', 'index.txt.old', 'index.txt.attr.old', 'serial', 'serial.old', 'crlnumber', 'crlnumber.old', 'root.cnf', 'inter.cnf', 'issuing-ca.csr', '1000.pem', '1001.pem', '1002.pem', '1003.pem', '1004.pem']) rmSync(join(dir, f), { force: true });
  for (const f of ['root-ca.key', 'issuing-ca.key', 'db1.key', 'db2.key', 'client.app.key']) chmodSync(join(dir, f), 0o600);
  chmodSync(join(dir, 'api.key'), 0o644);
  return dir;
}

/** The frame of the webview whose document matches `selector`. */
async function webviewFrame(page, selector, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      if (await f.$(selector).catch(() => null)) return f;
    }
    await page.waitForTimeout(250);
  }
  await page.screenshot({ path: join(tmpdir(), 'certwright-shot-failure.png') }).catch(() => undefined);
  throw new Error(`no webview shows ${selector} (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')}; see ${join(tmpdir(), 'certwright-shot-failure.png')})`);
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
  await page.keyboard.type(title);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
  await page.keyboard.press('Enter');
}

async function settle(page) {
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
  await page.waitForTimeout(600);
}

async function shoot(page, name, clip) {
  if (!wanted(name.replace(/-(light|dark)\.png$/, ''))) return;
  const path = join(outDir, name);
  await page.screenshot({ path, type: 'png', clip });
  const kb = Math.round(statSync(path).size / 1024);
  console.log(`wrote ${path} (${kb} KB)`);
  if (kb >= 300) throw new Error(`${name} is ${kb} KB (keep screenshots under 300 KB)`);
}

async function capture(folder, theme) {
  const { playwright } = await ensureTools();
  const profile = makeProfile('certwright-shots-');
  const file = join(profile.user, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': themes[theme], 'editor.minimap.enabled': false, 'workbench.layoutControl.enabled': false }, null, 2));
  // Installed from the .vsix, without the smoke-test driver (which would hide the notification toasts).
  const port = await freePort();
  const { args, url } = servePlan({ profile, port, folder });
  await step('install the .vsix', 60_000, () => installExtension(profile, defaultVsix));
  const server = await step('start VS Code server', 90_000, () => startServer({ profile, port, args }));
  const stop = async () => {
    await server.stop();
    rmSync(profile.tmp, { recursive: true, force: true });
  };
  let browser;
  try {
    browser = await step('start headless Chromium', 60_000, () => openBrowser(playwright, profile, { width: 1280, height: 760 }));
    const { page } = browser;
    await step('open the workbench', 150_000, async () => {
      await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    });
    await step('certificate editor', 90_000, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
      await page.keyboard.type('db1.der');
      await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await page.keyboard.press('Enter');
      await webviewFrame(page, 'article.card .chain');
      // The Explorer decorations arrive once the first certificate list is in (a few seconds after activation).
      await page.waitForFunction('document.querySelectorAll(\'.explorer-folders-view [class*="monaco-decoration-itemColor"]\').length >= 4', undefined, { timeout: 30_000 });
      await settle(page);
      await shoot(page, `certificate-editor-${theme}.png`);
      // The Explorer with its decorations (api.crt expired, db2 expiring, client.app revoked, api.key world-readable).
      const box = await page.locator('.part.sidebar').boundingBox();
      await shoot(page, `explorer-decorations-${theme}.png`, box ? { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 520) } : undefined);
    });
    await step('certificates view tooltip', 90_000, async () => {
      // The Certificates view, and the tooltip of a row with a warning: codicons, as in the hovers.
      await runCommand(page, 'Certwright: Focus on Certificates View');
      const row = page.locator('.monaco-list-row', { hasText: 'db2.acme.test' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await row.hover();
      const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'expiring soon' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await settle(page);
      const side = await page.locator('.part.sidebar').boundingBox();
      const tip = await hover.boundingBox();
      const right = Math.max(side ? side.x + side.width : 0, tip ? tip.x + tip.width : 0) + 8;
      await shoot(page, `certificates-view-${theme}.png`, side ? { x: side.x, y: side.y, width: Math.min(right - side.x, 1280 - side.x), height: Math.min(side.height, 560) } : undefined);
      await page.mouse.move(900, 700);
    });
    await step('expiry timeline', 90_000, async () => {
      await runCommand(page, 'Certwright: Show Expiry Timeline');
      await webviewFrame(page, '.picture svg');
      await settle(page);
      await shoot(page, `expiry-timeline-${theme}.png`);
    });
    await step('chain diagram', 90_000, async () => {
      await runCommand(page, 'Certwright: Show Chain Diagram');
      await webviewFrame(page, '.picture svg [aria-label^="Acme Root CA"]');
      await settle(page);
      await shoot(page, `chain-diagram-${theme}.png`);
    });
    if (wanted('notification')) {
      await step('result notification', 180_000, async () => {
        // Create CA from the palette with every default (the first system, its folder, P-256, …), then Write.
        await runCommand(page, 'Certwright: Create CA');
        const title = page.locator('.quick-input-widget .quick-input-title');
        for (let i = 0; i < 12; i++) {
          await title.waitFor({ state: 'visible', timeout: 60_000 });
          const before = await title.innerText();
          const placeholder = await page.locator('.quick-input-widget input.input').getAttribute('placeholder');
          await page.keyboard.press('Enter');
          if (placeholder?.startsWith('Summary')) break;
          // The next page (its counter changes), however long the machine takes.
          await page.waitForFunction(`document.querySelector('.quick-input-widget .quick-input-title')?.textContent !== ${JSON.stringify(before)}`, undefined, { timeout: 60_000 });
        }
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Create CA:' }).first();
        await toast.waitFor({ state: 'visible', timeout: 60_000 });
        await page.mouse.move(640, 300);
        await settle(page);
        const box = await toast.boundingBox();
        const pad = 16;
        await shoot(page, `notification-${theme}.png`, box ? { x: Math.max(0, box.x - pad), y: Math.max(0, box.y - pad), width: Math.min(box.width + 2 * pad, 1280 - box.x + pad), height: Math.min(box.height + 2 * pad, 760 - box.y + pad) } : undefined);
      });
    }
  } finally {
    await browser?.context.close().catch(() => undefined);
    await stop();
  }
}

/** `npm run package` into the .vsix the pictures install. */
function packageVsix() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'package-vsix.mjs'), '--out', defaultVsix], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`packaging the .vsix failed:\n${r.stdout}${r.stderr}`);
}

packageVsix();
const folder = makePki();
try {
  for (const theme of Object.keys(themes)) {
    await capture(folder, theme);
    // What the notification's Create CA wrote: the next theme creates it again.
    for (const d of ['cockroach']) rmSync(join(folder, d), { recursive: true, force: true });
  }
} finally {
  rmSync(dirname(folder), { recursive: true, force: true });
}
