import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ruleCatalog } from '../../../server/src/core/rules/catalog';
import { ruleDocFiles, ruleDocsDrift, withRulesSchema } from '../../../scripts/gen-rule-docs';

const root = resolve(__dirname, '..', '..', '..');
const codePattern = /'((?:CNF|X509|REQ|CA|CRDB|DM|PG|PEM|CW|GO)-[A-Z0-9]+(?:-[A-Z0-9]+)*)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('every rule code the server source emits has metadata in the rule catalog', () => {
  const emitted = new Set<string>();
  for (const file of sourceFiles(join(root, 'server', 'src'))) {
    if (file.includes(`${join('core', 'doctor')}`)) continue; // the doctor quotes program error codes, not rules
    for (const m of readFileSync(file, 'utf8').matchAll(codePattern)) emitted.add(m[1]!);
  }
  assert.ok(emitted.size > 150, `found only ${emitted.size} codes: the pattern no longer matches the source`);
  const missing = [...emitted].filter((c) => !ruleCatalog.has(c)).sort();
  assert.deepEqual(missing, [], 'codes without a catalog entry (add them to their domain table, then run node --import tsx scripts/gen-rule-docs.ts)');
  for (const rule of ruleCatalog.values()) assert.ok(rule.description.length > 20 && /[.)]$/.test(rule.description), `${rule.code}: description should be a sentence`);
});

test('docs/rules has an up-to-date page for every rule and none for unknown codes', () => {
  const files = ruleDocFiles();
  assert.equal(files.size, ruleCatalog.size + 1);
  const { outdated, orphans } = ruleDocsDrift(root);
  assert.deepEqual(outdated.map(([file]) => file), [], 'stale or missing rule pages: run node --import tsx scripts/gen-rule-docs.ts');
  assert.deepEqual(orphans, [], 'pages of codes that no longer exist');
  assert.match(files.get('CNF-031.md')!, /certwright: disable=CNF-031/);
  assert.match(files.get('README.md')!, /\[PG-010\]\(PG-010\.md\)/);
});

test('the certwright.rules schema in package.json lists exactly the catalog codes', () => {
  const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
  assert.equal(withRulesSchema(manifestText), manifestText, 'package.json is stale: run node --import tsx scripts/gen-rule-docs.ts');
  const manifest = JSON.parse(manifestText) as { contributes: { configuration: { properties: Record<string, { properties: Record<string, { enum: string[] }>; additionalProperties: unknown }> } } };
  const schema = manifest.contributes.configuration.properties['certwright.rules']!;
  assert.deepEqual(Object.keys(schema.properties).sort(), [...ruleCatalog.keys()].sort());
  assert.deepEqual(schema.properties['X509-SHA1-SIGNATURE']!.enum, ['off', 'error', 'warning', 'information', 'hint']);
  assert.equal(schema.additionalProperties, false);
});

test('the generator rewrites only the certwright.rules block of a manifest', () => {
  const manifest = '{\n  "a": { "b": [1, 2] },\n  "certwright.rules": {\n    "type": "object", "x": "}{\\"" },\n  "z": 1\n}\n';
  const out = withRulesSchema(manifest);
  assert.ok(out.startsWith('{\n  "a": { "b": [1, 2] },\n  "certwright.rules": {\n    "scope": "resource"'));
  assert.ok(out.endsWith('\n  },\n  "z": 1\n}\n'));
  assert.doesNotThrow(() => JSON.parse(out));
  assert.equal(withRulesSchema(out), out);
});
