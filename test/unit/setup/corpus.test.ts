/** Every real DM file of shared/corpus/dm/ produces no error (and is recognised as DM). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { lintFile } from './helpers';
import { detectProfile } from '../../../server/src/core/setup/profile';
import { readFileSync } from 'node:fs';
import { sharedCorpus } from '../../support/sharedCorpus';

const { dir: corpus, skip } = sharedCorpus('dm');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = existsSync(corpus) ? walk(corpus) : [];

test('the DM corpus is present', { skip }, () => {
  assert.ok(files.length >= 9, `expected the 9 DM corpus files under ${corpus}, found ${files.length}`);
});

for (const file of files) {
  test(`corpus ${file.slice(corpus.length + 1)}: recognised as DM, no error`, async () => {
    assert.equal(detectProfile(file, readFileSync(file, 'utf8')).profile, 'dm');
    const run = await lintFile(file, { roots: [corpus] });
    const errors = run.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => `${f.code} ${run.covered(f)}: ${f.message}`), []);
  });
}
