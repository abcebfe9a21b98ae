// The standard @vscode/test-electron runner, for desktops with internet access:
// downloads a VS Code desktop build (cached in .vscode-test/) and runs the same mocha
// suite (dist/test/integration/index.js) on a temp copy of test/integration/workspace/.
//   npm run test:desktop          (CERTWRIGHT_INTEGRATION_GREP=<title> to run a subset)
// On machines without internet (CI here) `npm test` runs the suite in the VS Code server
// instead: scripts/vscode-headless.mjs test.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'certwright-desktop-'));
const workspace = join(tmp, 'workspace');
const results = join(tmp, 'results');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
mkdirSync(results);
let code = 1;
try {
  await runTests({
    version: process.env.CERTWRIGHT_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(tmp, 'user')],
    extensionTestsEnv: { CERTWRIGHT_INTEGRATION_RESULTS: results, CERTWRIGHT_INTEGRATION_GREP: process.env.CERTWRIGHT_INTEGRATION_GREP ?? '' },
  });
  code = 0;
} catch (err) {
  console.error(`desktop integration run failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  const file = join(results, 'result.json');
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    console.log(`${r.passed} passed, ${r.failed} failed, ${r.pending} skipped`);
    if (r.failed) code = 1;
  } else {
    console.log('0 passed, 1 failed');
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
