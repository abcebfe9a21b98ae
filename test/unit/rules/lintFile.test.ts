// lintFile: the one loop over the linters that the CLI, the editor and Check Workspace share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile } from '../../../server/src/core/linters';
import type { Linter } from '../../../server/src/core/linter';
import { defaultLintSettings, type Finding } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const finding = (code: string): Finding => ({ code, severity: 'warning', start: 0, end: 1, message: code });
const linter = (name: string, applies: boolean, lint: () => Promise<Finding[]>, deps: string[] = []): Linter => ({
  name,
  appliesTo: () => applies,
  lint,
  dependencies: async () => deps,
});

test('a linter that throws is reported and skipped; the others run, with rule settings, disable comments and dependencies', async () => {
  const errors: string[] = [];
  const input = { path: '/w/a.cnf', text: '# certwright: disable=B-2\n' };
  const context = { env: nodeEnvironment(), settings: { ...defaultLintSettings, rules: { 'A-1': 'error' as const } }, workspaceRoots: [] };
  const linters = [
    linter('broken', true, () => Promise.reject(new Error('boom'))),
    linter('a', true, async () => [finding('A-1'), finding('B-2')], ['/w/inc.cnf']),
    linter('other', false, async () => [finding('C-3')], ['/w/never']),
  ];
  const r = await lintFile(input, context, { linters, dependencies: true, onError: (name, err) => errors.push(`${name}: ${(err as Error).message}`) });
  assert.deepEqual(errors, ['broken: boom']);
  assert.equal(r.checked, true);
  assert.deepEqual(r.results.map((x) => [x.linter, x.findings.map((f) => `${f.code}:${f.severity}`)]), [['a', ['A-1:error']]]);
  assert.deepEqual(r.dependencies, ['/w/inc.cnf']);
  const quiet = await lintFile(input, context, { linters: linters.slice(1), onError: () => assert.fail('no error expected') });
  assert.deepEqual(quiet.dependencies, [], 'dependencies only when asked for');
  const none = await lintFile(input, context, { linters: [linters[2]!], onError: () => undefined });
  assert.equal(none.checked, false);
});
