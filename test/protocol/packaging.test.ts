/**
 * What the .vsix would contain (`vsce ls`, which applies .vscodeignore exactly as
 * `vsce package` does): only what runs — the bundles, grammars, language
 * configurations, manifest, README, CHANGELOG, LICENSE, icon and walkthrough pages. `npm run package`
 * (scripts/package-vsix.mjs) checks the real archive with `unzip -l` the same way.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '../..');
const allowed = [
  /^package\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^images\/icon\.png$/,
  /^dist\/client\/extension(-(main|features)-\w+)?\.js$/,
  /^dist\/server\/(server|cli)\.js$/,
  /^dist\/server\/(server|cli)-main-\w+\.js$/,
  /^dist\/server\/(compileCache\.js|package\.json)$/,
  /^dist\/server\/chunks\/[\w.-]+\.js$/,
  /^dist\/server\/workers\/[\w.-]+\.js$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^language-configuration\/[\w.-]+\.json$/,
  /^client\/media\/[\w.-]+\.svg$/,
  // The webviews' scripts and stylesheet (certificate editor, pictures).
  /^client\/media\/[\w.-]+\.(js|css)$/,
  /^client\/media\/walkthrough\/[\w.-]+\.md$/,
  /^docs\/rules\/[\w.-]+\.md$/,
  // Localisation: the manifest's strings and the client's bundles.
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];

/**
 * The files of the build a module requires, statically or lazily (paths from the root): a
 * relative `require`, or a file beside it named by `join(__dirname, …)` (the client's loader of
 * its features bundle).
 */
function requiredBy(file: string): string[] {
  const text = readFileSync(resolve(root, file), 'utf8');
  const relative = [...text.matchAll(/require\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g)].map((m) => m[1]!);
  const beside = [...text.matchAll(/join\(__dirname,\s*["']([\w.-]+\.js)["']\)/g)].map((m) => m[1]!);
  return [...relative, ...beside].map((p) => join(dirname(file), p));
}

test('the .vsix file list holds only what runs, and everything that runs', () => {
  const out = execFileSync(process.execPath, [resolve(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(files.filter((f) => !allowed.some((re) => re.test(f))), [], 'files that do not belong in the .vsix');
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    main: string;
    icon: string;
    contributes: {
      grammars: Array<{ path: string }>;
      languages: Array<{ configuration?: string }>;
      viewsContainers?: Record<string, Array<{ icon: string }>>;
      walkthroughs?: Array<{ steps: Array<{ media: { markdown?: string; image?: string } }> }>;
    };
  };
  const needed = [
    manifest.main,
    manifest.icon,
    'dist/server/server.js',
    'dist/server/compileCache.js',
    'dist/server/package.json',
    ...requiredBy('dist/server/server.js'),
    ...requiredBy('dist/server/cli.js'),
    ...requiredBy('dist/client/extension.js'),
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'client/media/webview.css',
    'client/media/certificateEditor.js',
    'docs/rules/README.md',
    'package.nls.json',
    'package.nls.zh-cn.json',
    'l10n/bundle.l10n.zh-cn.json',
    'client/media/picture.js',
    ...manifest.contributes.grammars.map((g) => g.path),
    ...manifest.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...Object.values(manifest.contributes.viewsContainers ?? {}).flat().map((c) => c.icon),
    ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((st) => [st.media.markdown, st.media.image].filter((m): m is string => !!m))),
  ].map((p) => p.replace(/^\.\//, ''));
  for (const p of needed) assert.ok(existsSync(resolve(root, p)), `${p} (referenced by package.json) does not exist`);
  assert.deepEqual(needed.filter((p) => !files.includes(p)), [], 'needed at run time but left out of the .vsix');
  // The server, the CLI and the client are split into chunks loaded on first use: every chunk a
  // packaged module imports, statically or lazily, must be packaged too.
  const imported = files.filter((f) => /^dist\/(server|client)\/.*-\w+\.js$/.test(f)).flatMap(requiredBy);
  assert.ok(imported.length > 0, 'the server modules import no chunks: the test no longer sees the split build');
  assert.deepEqual([...new Set(imported)].filter((p) => !files.includes(p)), [], 'chunks imported at run time but left out of the .vsix');
});

test('the icon is a 128x128 PNG', () => {
  const png = readFileSync(resolve(root, 'images/icon.png'));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});
