/**
 * The linter registry decides which linters apply from small modules and loads each
 * linter on first use (core/linters.ts): a row must load the linter it names, and its
 * light `appliesTo` must answer as the loaded linter does, or a file would be linted
 * by the wrong checks (or by none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linters } from '../../../server/src/core/linters';
import type { LintInput } from '../../../server/src/core/linter';
import { defaultLintSettings } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const inputs: LintInput[] = [
  { path: '/w/openssl.cnf', text: '[ req ]\ndistinguished_name = dn\n' },
  { path: '/w/openssl.cnf', text: '[ req ]\n', languageId: 'openssl-conf' },
  { path: '/w/my.cnf', text: '[mysqld]\nport = 3306\n', languageId: 'openssl-conf' },
  { path: '/w/my.cnf', text: '[mysqld]\nport = 3306\n' },
  { path: '/w/notes.txt', text: '[ req ]\ndistinguished_name = dn\n', explicit: true },
  { path: '/w/ca.crt', text: pem },
  { path: '/w/ca.txt', text: pem, languageId: 'pem' },
  { path: '/w/bundle.txt', text: pem, languageId: 'plaintext' },
  { path: '/w/secret.yaml', text: `tls: |\n  ${pem}` },
  { path: '/w/secret.json', text: JSON.stringify({ pem }), languageId: 'json' },
  { path: '/w/dm-master.toml', text: 'name = "m1"\n' },
  { path: '/w/start.sh', text: 'cockroach start --certs-dir=certs\n' },
  { path: '/w/readme', text: '# certwright: profile=cockroach\n' },
  { path: '/w/readme.md', text: 'nothing here\n' },
];

test('each registered linter loads the linter it names, whose appliesTo answers as the row does', async () => {
  assert.deepEqual(linters.map((l) => l.name), ['pem', 'pem-embedded', 'setup', 'openssl-cnf']);
  for (const row of linters) {
    const loaded = await row.load();
    assert.equal(loaded.name, row.name);
    for (const input of inputs) assert.equal(row.appliesTo(input), loaded.appliesTo(input), `${row.name} on ${input.path} (${input.languageId ?? 'no language'})`);
  }
  // Every kind of input above is claimed by some linter, except plain text and Markdown by name.
  const unclaimed = new Set(['/w/bundle.txt', '/w/readme.md']);
  for (const input of inputs) assert.equal(linters.some((l) => l.appliesTo(input)), !unclaimed.has(input.path), input.path);
});

test('a registered linter lints and reports dependencies through the loaded one', async () => {
  const cnf = linters.find((l) => l.name === 'openssl-cnf')!;
  const input = { path: '/w/openssl.cnf', text: '[ req ]\nthis line has no equals sign\n', languageId: 'openssl-conf' };
  const context = { env: nodeEnvironment(), settings: defaultLintSettings, workspaceRoots: [] };
  const findings = await cnf.lint(input, context);
  assert.deepEqual(findings, await (await cnf.load()).lint(input, context));
  assert.ok(findings.some((f) => f.code === 'CNF-001'), JSON.stringify(findings.map((f) => f.code)));
  assert.deepEqual(await cnf.dependencies!(input, context), []);
});
