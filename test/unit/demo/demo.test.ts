/**
 * `npm run demo` (scripts/demo.mjs) shows Certwright as a user meets it: VS Code's server
 * runs without the smoke-test driver (which hides every notification toast), Certwright is
 * installed from the .vsix rather than loaded as a development path (which the built web
 * workbench ignores without that driver), and neither the profile nor the examples/
 * workspace lets Git offer the repository above examples/. The real run is walked in
 * scripts/demo.mjs --check (a notification toast in the real VS Code).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(__dirname, '../../..');
interface Headless {
  servePlan(o: { profile: { user: string; server: string; ext: string }; port: number; folder: string }): { args: string[]; url: string };
  serverArgs(o: { profile: { user: string; server: string; ext: string }; port: number; smokeDriver?: boolean }): string[];
  profileSettings: Record<string, unknown>;
  defaultVsix: string;
}
interface Demo {
  examples: string;
  demoSettings: Record<string, unknown>;
}
const load = async <T>(p: string): Promise<T> => (await import(pathToFileURL(resolve(root, p)).href)) as T;
const profile = { user: '/tmp/p/user', server: '/tmp/p/server', ext: '/tmp/p/ext' };

describe('npm run demo', () => {
  it('starts the VS Code server without the flag that hides notifications, and opens the workspace without a development path', async () => {
    const headless = await load<Headless>('scripts/vscode-headless.mjs');
    const demo = await load<Demo>('scripts/demo.mjs');
    const { args, url } = headless.servePlan({ profile, port: 4000, folder: demo.examples });
    assert.ok(!args.includes('--enable-smoke-test-driver'), `the demo server hides toasts: ${args.join(' ')}`);
    // The flag exists and the tests use it: the assertion above can fail.
    assert.ok(headless.serverArgs({ profile, port: 4000 }).includes('--enable-smoke-test-driver'));
    assert.deepEqual(args.slice(args.indexOf('--extensions-dir'), args.indexOf('--extensions-dir') + 2), ['--extensions-dir', profile.ext]);
    const u = new URL(url);
    assert.equal(u.searchParams.get('folder'), demo.examples);
    assert.equal(u.searchParams.get('payload'), null, 'a development path is ignored without the smoke-test driver: the .vsix is installed instead');
    assert.match(headless.defaultVsix, /dist\/certwright-\d+\.\d+\.\d+\.vsix$/);
  });

  it('keeps Git quiet about the repository above examples/, in the profile and in the workspace', async () => {
    const headless = await load<Headless>('scripts/vscode-headless.mjs');
    const demo = await load<Demo>('scripts/demo.mjs');
    const user = { ...headless.profileSettings, ...demo.demoSettings };
    assert.equal(user['git.openRepositoryInParentFolders'], 'never');
    assert.equal(user['security.workspace.trust.enabled'], false);
    // JSONC: VS Code's settings files allow comments.
    const text = readFileSync(resolve(demo.examples, '.vscode', 'settings.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    assert.equal((JSON.parse(text) as Record<string, unknown>)['git.openRepositoryInParentFolders'], 'never');
  });
});
