#!/usr/bin/env node
// `npm run package`: production bundle (minified, no source maps), then
// `vsce package --no-dependencies` (everything the extension needs is bundled into
// dist/) into dist/certwright-<version>.vsix, or --out <file>. Lists the archive with
// `unzip -l` and fails if it holds anything outside the allowlist below (mirrors
// .vscodeignore) or misses a file the extension needs. Prints the size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'dist', `${manifest.name}-${manifest.version}.vsix`));

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`package: \`${cmd} ${cmdArgs.join(' ')}\` failed (${r.status ?? r.signal ?? r.error})`);
    process.exit(1);
  }
  return r.stdout;
}

/** What may be in the .vsix (paths inside it, under extension/), and what must be. */
export const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt|\.md)?$/i,
  /^extension\/images\/icon\.png$/,
  /^extension\/dist\/client\/extension(-(main|features)-\w+)?\.js$/,
  /^extension\/dist\/server\/(server|cli)\.js$/,
  /^extension\/dist\/server\/(server|cli)-main-\w+\.js$/,
  /^extension\/dist\/server\/(compileCache\.js|package\.json)$/,
  /^extension\/dist\/server\/chunks\/[\w.-]+\.js$/,
  /^extension\/dist\/server\/workers\/[\w.-]+\.js$/,
  /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^extension\/language-configuration\/[\w.-]+\.json$/,
  /^extension\/client\/media\/[\w.-]+\.svg$/,
  // The webviews' scripts and stylesheet (certificate editor, pictures).
  /^extension\/client\/media\/[\w.-]+\.(js|css)$/,
  /^extension\/client\/media\/walkthrough\/[\w.-]+\.md$/,
  /^extension\/docs\/rules\/[\w.-]+\.md$/,
  // Localisation: the manifest's strings and the client's bundles.
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];
const required = ['extension/package.json', 'extension/dist/client/extension.js', 'extension/dist/server/server.js', 'extension/dist/server/cli.js', 'extension/dist/server/compileCache.js', 'extension/dist/server/package.json', 'extension/images/icon.png', 'extension/syntaxes/openssl-conf.tmLanguage.json', 'extension/syntaxes/pem.tmLanguage.json', 'extension/language-configuration/openssl-conf.json', 'extension/language-configuration/pem.json'];

run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
mkdirSync(dirname(out), { recursive: true });
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
const listing = run('unzip', ['-l', out]);
const files = listing
  .split('\n')
  .map((l) => /^\s*\d+\s+\S+\s+\S+\s+(.+)$/.exec(l)?.[1]?.trim())
  .filter((f) => f && f !== 'Name' && !f.endsWith('/'));
const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
const missing = required.filter((f) => !files.includes(f));
console.log(listing.trimEnd());
const size = statSync(out).size;
console.log(`\n${out}: ${(size / 1024).toFixed(0)} KB, ${files.length} files`);
if (stray.length || missing.length) {
  if (stray.length) console.error(`package: files that do not belong in the .vsix:\n  ${stray.join('\n  ')}`);
  if (missing.length) console.error(`package: files missing from the .vsix:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
