/**
 * The real-world corpus in shared/corpus, which sits beside the repository (on
 * CI too) or wherever CERTWRIGHT_SHARED_DIR points. On CI a missing corpus is a
 * failure; elsewhere (a clone outside the workplace) the corpus tests are
 * skipped with the reason printed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Corpus {
  readonly dir: string;
  readonly present: boolean;
  /** The `skip` option for node:test: false to run, or the printed reason. */
  readonly skip: false | string;
}

export function sharedCorpus(sub: string): Corpus {
  const shared = process.env.CERTWRIGHT_SHARED_DIR ?? resolve(__dirname, '../../../shared');
  const dir = join(shared, 'corpus', sub);
  const present = existsSync(dir);
  if (present || process.env.CI) return { dir, present, skip: false };
  const reason = `no corpus at ${dir} (shared/ sits beside the repository; set CERTWRIGHT_SHARED_DIR to run these tests)`;
  console.log(`corpus tests skipped: ${reason}`);
  return { dir, present, skip: reason };
}
