/**
 * The mocha runner that VS Code loads as `extensionTestsPath`. It runs inside the real
 * extension host (VS Code server via scripts/vscode-headless.mjs, or desktop VS Code via
 * test/integration/runDesktop.mjs).
 *
 * scripts/build.mjs bundles every `*.test.ts` of this folder into
 * dist/test/integration/suite/<name>.test.js; this runner adds all of them (so a new test
 * file needs no registration). Both mocha interfaces are available: `suite`/`test` (TDD)
 * and `describe`/`it` (BDD).
 *
 * Results: the spec reporter's lines go to the console and, when the launcher sets
 * CERTWRIGHT_INTEGRATION_RESULTS, to `<dir>/mocha.log`; the counts go to `<dir>/result.json`.
 * CERTWRIGHT_INTEGRATION_GREP selects tests by title (mocha --grep).
 */
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface IntegrationResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  vscodeVersion: string;
  failures: Array<{ title: string; error: string }>;
}

export function run(): Promise<void> {
  const resultsDir = process.env.CERTWRIGHT_INTEGRATION_RESULTS || undefined;
  const logFile = resultsDir && join(resultsDir, 'mocha.log');
  const grep = process.env.CERTWRIGHT_INTEGRATION_GREP || undefined;
  // The reporter's lines go to the log file the launcher prints and to the extension
  // host's console. (Tests print their own notes with helpers.note().)
  const originalLog = Mocha.reporters.Base.consoleLog;
  const originalConsoleLog = console.log;
  const write = (...args: unknown[]): void => {
    const line = format(...args);
    if (logFile) appendFileSync(logFile, `${line}\n`);
    originalConsoleLog.call(console, line);
  };
  Mocha.reporters.Base.consoleLog = write;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, slow: 2_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // Also offer suite/test/setup/teardown (TDD) to files that prefer them.
  Mocha.interfaces.tdd(mocha.suite);

  const dir = join(__dirname, 'suite');
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(join(dir, f));

  const started = Date.now();
  return new Promise((resolve, reject) => {
    const finish = (result: IntegrationResult, error?: Error): void => {
      Mocha.reporters.Base.consoleLog = originalLog;
      if (resultsDir) writeFileSync(join(resultsDir, 'result.json'), JSON.stringify(result, null, 2));
      if (error) reject(error);
      else if (result.failed > 0) reject(new Error(`${result.failed} integration test(s) failed`));
      else resolve();
    };
    const failures: IntegrationResult['failures'] = [];
    try {
      if (!files.length) throw new Error(`no *.test.js files in ${dir}: run \`npm run build\``);
      const runner = mocha.run();
      runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.message ?? err) }));
      runner.on('end', () => {
        const stats = runner.stats!;
        finish({ passed: stats.passes, failed: stats.failures, pending: stats.pending, durationMs: Date.now() - started, vscodeVersion: vscode.version, failures });
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (logFile) appendFileSync(logFile, `suite failed to load: ${error.stack ?? error.message}\n`);
      finish({ passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, vscodeVersion: vscode.version, failures: [{ title: 'load', error: error.message }] }, error);
    }
  });
}
