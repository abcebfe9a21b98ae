/**
 * The setup checks on configs nobody here wrote (test/fixtures/setup/real-world,
 * see SOURCES.md): 290 DM files from TiDB DM's own integration tests, CockroachDB's
 * rendered Helm manifests, CloudNativePG's samples, Debian's PostgreSQL 15 configs.
 * None of them is broken for its program, so none gets an error. Every warning is
 * a conscious decision, listed here with why; test/peers/dm-real-world.test.ts
 * checks the DM files against DM's own decoders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { lintFile } from './helpers';
import { dmKindOf } from '../../../server/src/core/setup/dmModel';
import { setupCorpus, setupCorpusFiles } from '../../support/setupCorpus';

/** Files named like DM's that are not DM configs, and why. */
const notDm: Record<string, string> = {
  'pingcap__tiflow/dm/tests/dm_syncer/conf/dm-syncer-1.toml': 'a dm-syncer config, another program',
  'pingcap__tiflow/dm/tests/dm_syncer/conf/dm-syncer-2.toml': 'a dm-syncer config, another program',
  'pingcap__tiflow/dm/tests/duplicate_event/conf/diff_relay_config.toml': 'a sync-diff-inspector config',
  'pingcap__tiflow/dm/tests/dmctl_basic/conf/dm-task2.yaml': 'a deliberately invalid task with only a description',
  'pingcap__tiflow/dm/tests/tiup/conf/topo.yaml': 'a TiUP topology, not a DM config',
};

test('the setup corpus: every DM file recognised, no error anywhere, and only the warnings decided on', async () => {
  const files = setupCorpusFiles();
  assert.ok(files.length > 290, `expected the corpus under ${setupCorpus}, found ${files.length} files`);
  const unexpected: string[] = [];
  let dmFiles = 0;
  for (const file of files) {
    const rel = relative(setupCorpus, file);
    const text = readFileSync(file, 'utf8');
    if (rel.startsWith('pingcap__tiflow/') && !notDm[rel]) {
      dmFiles++;
      if (!dmKindOf(file, text)) unexpected.push(`${rel}: not recognised as DM`);
    }
    const run = await lintFile(file, { roots: [setupCorpus] });
    for (const f of run.findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      // TiDB DM's test runner replaces "dir-placeholer" with the test's folder before starting DM: as committed the files are not there.
      if (f.code === 'DM-007' && f.severity === 'warning' && /dir-placeholer/.test(f.message)) continue;
      unexpected.push(`${rel}: ${f.severity} ${f.code} ${run.covered(f)}: ${f.message}`);
    }
  }
  assert.ok(dmFiles > 280, `only ${dmFiles} DM files`);
  assert.deepEqual(unexpected, []);
});
