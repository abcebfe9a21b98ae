/**
 * TiDB DM's own configs (test/fixtures/setup/real-world/pingcap__tiflow, from DM's
 * integration tests) through DM's decoders (test/peers/go/dmconf: yaml.v2
 * UnmarshalStrict, BurntSushi/toml with DM's refusal of undecoded keys) and through
 * Certwright: Certwright reports a structural error exactly where DM refuses the
 * file, and warns of no key DM accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildDmConf, runDmConf } from './support/goPeer';
import { lintFile } from '../unit/setup/helpers';
import { dmKindOf } from '../../server/src/core/setup/dmModel';
import { setupCorpus, setupCorpusFiles } from '../support/setupCorpus';

type Kind = 'task' | 'source' | 'dm-master' | 'dm-worker';
/** Certwright's codes for what DM's decoders refuse (structure, types, inline values). */
const structural = new Set(['DM-005', 'DM-008', 'DM-009']);

test('DM corpus: Certwright refuses exactly what DM\'s decoders refuse', async () => {
  const files = setupCorpusFiles()
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .map((f) => ({ ...f, kind: dmKindOf(f.file, f.text) }))
    .filter((f): f is { file: string; text: string; kind: Kind } => f.kind === 'task' || f.kind === 'source' || f.kind === 'dm-master' || f.kind === 'dm-worker');
  assert.ok(files.length > 280, `only ${files.length} DM files in ${setupCorpus}`);
  const verdicts = new Map(runDmConf(buildDmConf(), files.map((f) => ({ name: f.file, kind: f.kind, text: f.text }))).map((r) => [r.name, r]));
  const disagreements: string[] = [];
  for (const f of files) {
    const dm = verdicts.get(f.file);
    assert.ok(dm, `no verdict from dmconf for ${f.file}`);
    const run = await lintFile(f.file, { roots: [setupCorpus] });
    const ours = run.findings.filter((x) => structural.has(x.code) && (x.severity === 'error' || x.severity === 'warning'));
    const refused = ours.some((x) => x.severity === 'error');
    if (refused !== !dm.ok || (dm.ok && ours.length)) disagreements.push(`${relative(setupCorpus, f.file)}: DM ${dm.ok ? 'accepts' : `refuses (${dm.error})`}; Certwright: ${ours.map((x) => `${x.severity} ${x.code} ${x.message}`).join(' | ') || 'nothing'}`);
  }
  assert.deepEqual(disagreements, []);
});
