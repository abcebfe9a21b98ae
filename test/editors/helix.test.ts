/**
 * README.md's Helix block. Helix is not packaged in Debian 12 (Debian 13 has `hx`),
 * so it is not run: this checks what the block tells Helix, parsed as TOML — the
 * server command, the language ids, TOML and YAML sent to Certwright, and that no
 * OpenSSL glob takes a MySQL `my.cnf`.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readmeBlock } from './readme';

interface Language {
  name: string;
  'language-id'?: string;
  'file-types'?: Array<string | { glob: string }>;
  'language-servers'?: string[];
}

/** Helix file-type globs are matched against the file name; `*` spans any characters. */
function globMatches(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

test('README Helix block: the server, its languages, TOML/YAML, and no my.cnf', async () => {
  const { parseTOML, getStaticTOMLValue } = await import('toml-eslint-parser');
  const config = getStaticTOMLValue(parseTOML(readmeBlock('helix'))) as unknown as { 'language-server': Record<string, { command: string; args: string[] }>; language: Language[] };
  assert.deepEqual(config['language-server'].certwright, { command: 'certwright-language-server', args: ['--stdio'], config: { certwright: { rules: {} } } });
  const byName = new Map(config.language.map((l) => [l.name, l]));
  assert.equal(byName.get('openssl-conf')?.['language-id'], 'openssl-conf');
  assert.equal(byName.get('pem')?.['language-id'], 'pem');
  for (const name of ['openssl-conf', 'pem', 'toml', 'yaml']) assert.ok(byName.get(name)?.['language-servers']?.includes('certwright'), name);
  const cnfTypes = byName.get('openssl-conf')!['file-types']!;
  assert.ok(!cnfTypes.includes('cnf'), 'a bare "cnf" extension would take my.cnf');
  const globs = cnfTypes.map((t) => (typeof t === 'string' ? `*.${t}` : t.glob));
  for (const name of ['openssl.cnf', 'ca.cnf', 'node.cnf']) assert.ok(globs.some((g) => globMatches(g, name)), `${name} is an OpenSSL config`);
  for (const name of ['my.cnf', '.my.cnf', 'mysqld.cnf', '50-server.cnf']) assert.ok(!globs.some((g) => globMatches(g, name)), `${name} is not`);
});
