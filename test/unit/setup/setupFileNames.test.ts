/** applies.ts: the names the setup checks read, the same as the case-blind expression it used before. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSetupFileName } from '../../../server/src/core/setup/applies';

const before = /\.(toml|ya?ml|conf|cnf|crt|key|service|sh|bash|sql|env|properties|ini)$|^(docker-compose|\.env)/i;

test('configs, scripts and certificate files by extension, Compose and .env files by name, in any case of ASCII letters', () => {
  for (const n of ['dm-master.toml', 'values.YAML', 'x.yml', 'postgresql.conf', 'node.CRT', 'a.b.key', 'run.Sh', '.env', '.env.local', 'Docker-Compose.override.yml', 'docker-compose', 'db.service']) assert.ok(isSetupFileName(n), n);
  for (const n of ['ini', 'yaml', 'x.yaml.bak', 'README.md', 'x.shx', 'env', 'x.\u212Aey', 'x.\u0130ni', 'compose.txt']) assert.ok(!isSetupFileName(n), n);
});

test('the same verdict as the expression on random names', () => {
  const part = fc.constantFrom('.', 'toml', 'YAML', 'yml', 'Yml', 'conf', 'cnf', 'crt', 'KEY', 'key', 'service', 'sh', 'bash', 'sql', 'env', 'ENV', 'properties', 'ini', 'docker-compose', 'Docker-Compose', 'x', '-', '\u212A', '\u0130', 'ſ', 'ey', 'ni', 'h');
  fc.assert(
    fc.property(fc.oneof(fc.array(part, { maxLength: 5 }).map((p) => p.join('')), fc.string({ maxLength: 8 })), (name) => {
      assert.equal(isSetupFileName(name), before.test(name), JSON.stringify(name));
    }),
    { numRuns: 5000 },
  );
});
