/**
 * The setup checks on configs nobody here wrote (test/fixtures/setup/real-world,
 * see SOURCES.md): 290 DM files from TiDB DM's own integration tests, CockroachDB's
 * rendered Helm manifests, systemd units and Kubernetes manifests of its docs,
 * CloudNativePG's, Crunchy's and Patroni's samples (their YAML pg_hba lists and parameters read too), Debian's PostgreSQL 15 configs, the
 * TLS test setups of PostgreSQL drivers (pgx, pgjdbc, sqlx, lib/pq, rust-postgres: servers
 * started with `postgres -c ssl=on -c ssl_cert_file=…` from compose files, over
 * images that COPY the certificates in). None of them is
 * broken for its program, so none gets an error. Every warning is a conscious
 * decision, listed here with why; test/peers/dm-real-world.test.ts
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
  'pingcap__tiflow/dm/tests/_utils/run_dm_ctl_with_tls_and_retry': 'a shell script of DM\'s tests running dmctl with $variables as TLS flags',
  'pingcap__tiflow/dm/tests/_utils/run_downstream_cluster_with_tls_classic': 'a shell script starting PD, TiKV and TiDB with TLS (not DM)',
  'pingcap__tiflow/dm/tests/tls/run.sh': 'a shell script of DM\'s TLS test: dmctl and mysql with $variables as TLS flags',
  'pingcap__tiflow/dm/tests/openapi/run.sh': 'a shell script of DM\'s OpenAPI test',
};

/**
 * The warnings the corpus is meant to get, by `file: code covered-text`, with why each is
 * right for the file as its project uses it.
 */
const expectedWarnings: Record<string, string> = {
  'jackc__pgx/testsetup/postgresql_ssl.conf: PG-020 ssl_cert_file':
    'pgx appends this file to $PGDATA/postgresql.conf after pg_ssl_init.sh decodes server.crt into $PGDATA; relative to the data directory (this folder, as far as the workspace shows) the file is not in the repository',
  'jackc__pgx/testsetup/postgresql_ssl.conf: PG-020 ssl_key_file': 'the same for server.key',
  'jackc__pgx/testsetup/postgresql_ssl.conf: PG-020 ssl_ca_file': 'the same for root.crt',
  'launchbadge__sqlx/.github/workflows/sqlx.yml: PG-035 .%2Ftests%2Fcerts%2Fkeys%2Fclient.key':
    'the client key is committed (0644 in a checkout) and named by the DATABASE_URL of a cargo test step, found relative to the checkout where the step runs: sqlx reads it and checks no mode, libpq and lib/pq would refuse it; the URL does not say which driver reads it, so a warning',
  'jackc__pgx/testsetup/postgresql_ssl.conf: PG-021 ssl_ca_file':
    'the pg_hba.conf pgx installs beside it authenticates pgx_sslcert with cert, and no ssl_crl_file or ssl_crl_dir is set: PostgreSQL accepts a revoked client certificate',
};

test('the setup corpus: every DM file recognised, no error anywhere, and only the warnings decided on', async () => {
  const files = setupCorpusFiles();
  assert.ok(files.length > 290, `expected the corpus under ${setupCorpus}, found ${files.length} files`);
  const unexpected: string[] = [];
  const seen = new Set<string>();
  let dmFiles = 0;
  for (const file of files) {
    const rel = relative(setupCorpus, file);
    const text = readFileSync(file, 'utf8');
    if ((rel.startsWith('pingcap__tiflow/') || rel.startsWith('pingcap__dm/')) && !notDm[rel]) {
      dmFiles++;
      if (!dmKindOf(file, text)) unexpected.push(`${rel}: not recognised as DM`);
    }
    const run = await lintFile(file, { roots: [setupCorpus] });
    for (const f of run.findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      // TiDB DM's test runner replaces "dir-placeholer" with the test's folder before starting DM: as committed the files are not there.
      if (f.code === 'DM-007' && f.severity === 'warning' && /dir-placeholer/.test(f.message)) continue;
      const key = `${rel}: ${f.code} ${run.covered(f)}`;
      if (f.severity === 'warning' && expectedWarnings[key]) seen.add(key);
      else unexpected.push(`${rel}: ${f.severity} ${f.code} ${run.covered(f)}: ${f.message}`);
    }
  }
  assert.ok(dmFiles > 280, `only ${dmFiles} DM files`);
  assert.deepEqual(unexpected, []);
  assert.deepEqual(Object.keys(expectedWarnings).filter((k) => !seen.has(k)), [], 'warnings listed as expected that no longer appear');
});
