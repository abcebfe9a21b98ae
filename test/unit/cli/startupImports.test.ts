/**
 * A process loads only what its work uses (issue #16): the import graph of the real
 * build (scripts/bundle-graph.mjs, the options of scripts/build.mjs) says what each entry
 * point and each lazily loaded module makes Node load before its own code runs.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

interface Loaded {
  readonly bytes: number;
  readonly inputs: readonly string[];
  /** The Node built-ins its files import at their top. */
  readonly builtins: readonly string[];
}
const graph = JSON.parse(execFileSync(process.execPath, ['scripts/bundle-graph.mjs', '--json'], { encoding: 'utf8' })) as Record<string, Loaded>;

const heavyPackages = ['@peculiar/', 'asn1js', 'reflect-metadata', 'node_modules/yaml/', 'toml-eslint-parser'];
function assertNone(name: string, forbidden: readonly string[]): void {
  const loaded = graph[name];
  assert.ok(loaded, `${name} is an entry point or a lazily loaded module of the build`);
  const found = loaded.inputs.filter((i) => forbidden.some((f) => i.includes(f)));
  assert.deepEqual(found, [], `${name} loads ${found.join(', ')}`);
}

test('`certwright --help` and a typo load the command table only (and the locale choice, never a catalogue)', () => {
  assert.deepEqual(graph['cli-main']!.inputs, ['server/src/cli.ts', 'server/src/cli/command.ts', 'server/src/cli/commands.ts', 'server/src/cli/helpText.ts', 'server/src/cli/locale.ts', 'server/src/cli/main.ts', 'server/src/cli/stdio.ts', 'server/src/core/l10n.ts', 'server/src/l10nLoader.ts']);
  // The translations load on their own, for a locale that has them (l10nLoader.ts).
  assert.ok(graph['server/src/l10nCatalogue.ts']?.inputs.includes('server/l10n/messages.zh-cn.json'), JSON.stringify(Object.keys(graph)));
});

test('`certwright lint` loads no linter before it knows which apply, and those of an openssl.cnf no X.509, YAML or TOML', () => {
  assertNone('server/src/cli/lint.ts', [...heavyPackages, 'core/cnf/linter', 'core/pem/lint', 'core/setup/linter', 'core/pki/', 'core/issue/']);
  assertNone('server/src/core/cnf/linter.ts', [...heavyPackages, 'core/pki/', 'core/issue/']);
  // The setup linter also applies to every .cnf: it parses YAML and TOML only for the files that are such,
  // and decodes certificates (the certificate store, the PEM decoder) only for a check that reads them.
  assertNone('server/src/core/setup/linter.ts', [...heavyPackages, 'core/pki/', 'core/issue/', 'core/pem/', 'setup/certFacts', 'setup/cockroach']);
});

test('`lint`, `issue` and the Node environment every command reads load neither node:module nor, for a lint, node:crypto', () => {
  // node:module loads Node's ES module loader and source-map support; node:crypto its stream modules.
  const lint = ['cli-main', 'server/src/cli/lint.ts', 'server/src/core/cnf/linter.ts', 'server/src/core/setup/linter.ts', 'server/src/node/nodeEnvironment.ts'];
  for (const name of [...lint, 'server/src/cli/issue.ts', 'server/src/cli/batch.ts']) assert.ok(!graph[name]!.builtins.includes('node:module'), `${name} loads ${graph[name]!.builtins.join(', ')}`);
  for (const name of lint) assert.ok(!graph[name]!.builtins.includes('node:crypto'), `${name} loads ${graph[name]!.builtins.join(', ')}`);
});

test("the commands that write a CA's files load node:crypto when they first sign or hash, not with their code (`issue --help` runs none of it)", () => {
  for (const cmd of ['issue', 'batch', 'sign', 'csr', 'renew', 'ca', 'revoke', 'crl', 'export', 'init', 'adopt']) {
    const name = `server/src/cli/${cmd}.ts`;
    assert.ok(!graph[name]!.builtins.includes('node:crypto'), `${name} loads ${graph[name]!.builtins.join(', ')}`);
  }
});

// What writes certificates encodes with the @peculiar/asn1-* schemas and signs with WebCrypto: the
// @peculiar/x509 class layer (with reflect-metadata, tsyringe and its WebCrypto shim) costs a short
// command more than the issuing itself.
const x509Stack = ['@peculiar/x509', 'reflect-metadata', 'tsyringe', '@peculiar/webcrypto'];

test('`certwright issue`, `init`, a batch, `sign`, `csr`, `renew`, `ca create`, `revoke` and `crl` load no @peculiar/x509', () => {
  for (const cmd of ['issue', 'init', 'batch', 'sign', 'csr', 'renew', 'ca', 'revoke', 'crl']) assertNone(`server/src/cli/${cmd}.ts`, x509Stack);
  // Nor does the editor's issuing chunk (certwright/issue, certwright/issueBatch).
  assertNone('server/src/core/issue/run.ts', x509Stack);
});

test('issuing without a passphrase loads no ASN.1 schema library: the writer encodes DER itself, keyCrypt loads on first use', () => {
  for (const cmd of ['issue', 'batch', 'sign', 'csr', 'ca', 'revoke', 'crl', 'renew']) assertNone(`server/src/cli/${cmd}.ts`, ['@peculiar/', 'asn1js']);
  assertNone('server/src/core/issue/run.ts', ['@peculiar/', 'asn1js']);
  assert.ok(graph['server/src/core/issue/keyCrypt.ts']!.inputs.some((i) => i.includes('@peculiar/asn1-schema')), 'keyCrypt is its own lazily loaded module');
});

test('one `certwright issue` loads neither the YAML/TOML parsers nor the PKCS#12 writer', () => {
  assertNone('server/src/cli/issue.ts', ['node_modules/yaml/', 'toml-eslint-parser', '@peculiar/asn1-pfx', '@peculiar/asn1-cms']);
});

test("issuing loads the openssl.cnf parser only to read an adopted CA's own configuration (its policy, the variables it reads)", () => {
  for (const cmd of ['issue', 'batch', 'sign', 'csr', 'renew', 'revoke', 'crl']) assertNone(`server/src/cli/${cmd}.ts`, ['core/cnf/']);
  assertNone('server/src/core/issue/run.ts', ['core/cnf/']);
  assert.ok(graph['server/src/core/issue/adoptedConfig.ts']!.inputs.includes('server/src/core/cnf/parser.ts'), 'adoptedConfig is its own lazily loaded module');
});

test('the language server answers initialize without the feature families, the linters or the X.509 stack', () => {
  assertNone('server-main', [...heavyPackages, 'server/src/features/index', 'features/cnf', 'features/pem', 'features/inspect', 'core/cnf/linter', 'core/cnf/analyze', 'core/pem/lint', 'core/setup/linter', 'core/pki/', 'core/issue/']);
  // What it does load is the LSP library and its own wiring: well under the feature families.
  assert.ok(graph['server-main']!.bytes < graph['server/src/features/index.ts']!.bytes / 2);
});
