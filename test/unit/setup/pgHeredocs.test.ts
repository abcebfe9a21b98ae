/**
 * pg_hba.conf rows a shell heredoc writes (lib/pq's and rust-postgres's init scripts do):
 * the rows' own checks on the script's lines; nothing that depends on the server's
 * settings, which the script does not show.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findConfWrites } from '../../../server/src/core/setup/pgHeredocs';
import { findingRows, lintFile, makePki, type Pki } from './helpers';

const corpus = resolve(__dirname, '../../fixtures/setup/real-world');

describe('pg_hba rows in shell heredocs', () => {
  let pki: Pki;
  before(() => (pki = makePki('cw-heredoc-')));
  after(() => pki.cleanup());
  test('the redirect before or after <<, <<- with tabs, tee; other heredocs (postgresql.conf, SQL) are not rows', () => {
    const script = [
      'cat > "$PGDATA/pg_hba.conf" <<EOF',
      'hostssl all a all cert',
      'EOF',
      'cat <<-EOCONF >>"$PGDATA/postgresql.conf"',
      '\tssl = on',
      '\tEOCONF',
      "cat <<-'X' | tee -a /etc/pg/pg_hba.conf",
      '\thost all b all md5',
      '\tX',
      '',
    ].join('\n');
    assert.deepEqual(findConfWrites(script, 'pg_hba.conf').map((h) => [script.slice(h.bodyStart, h.bodyEnd), h.expands]), [['hostssl all a all cert\n', true], ['\thost all b all md5\n', false]]);
    // A here-string (<<<) and a shift in arithmetic are no heredocs: the heredoc after them is found.
    const others = ['cat <<<EOF >/dev/null', 'echo $((1 << shift))', 'cat > pg_hba.conf <<EOF', 'hostssl all c all cert', 'EOF', ''].join('\n');
    assert.deepEqual(findConfWrites(others, 'pg_hba.conf').map((h) => others.slice(h.bodyStart, h.bodyEnd)), ['hostssl all c all cert\n']);
    // echo lines, quoted or not, into postgresql.conf (not postgresql.auto.conf); a line the shell expands is left out.
    const echoes = ['echo "ssl = on" >> "$PGDATA/postgresql.conf"', "echo 'ssl_ca_file = x' >/etc/pg/postgresql.conf", 'echo ssl_crl_file=y >> postgresql.conf', 'echo "ssl = $X" >> postgresql.conf', 'echo "a = 1" >> "$PGDATA/postgresql.auto.conf"', ''].join('\n');
    assert.deepEqual(findConfWrites(echoes, 'postgresql.conf').map((h) => echoes.slice(h.bodyStart, h.bodyEnd)), ['ssl = on', 'ssl_ca_file = x', 'ssl_crl_file=y']);
    assert.deepEqual(findConfWrites(script, 'postgresql.conf').map((h) => script.slice(h.bodyStart, h.bodyEnd)), ['\tssl = on\n']);
    // An unterminated heredoc runs to the end of the text, once.
    assert.equal(findConfWrites('cat >pg_hba.conf <<EOF\nhost all all all md5\n'.repeat(10_000), 'pg_hba.conf').length, 1);
  });

  test('each row is checked on its line of the script; the server is not judged (no PG-006/PG-007/PG-021); rows the shell expands are left out', async () => {
    const script = ['#!/bin/sh', 'cat >> "$PGDATA/pg_hba.conf" <<-EOF', '\thost all alice all md5 clientcert=1', '\thostssl all bob all cert', '\thostssl all $USER all cert clientname=XX', 'EOF', ''].join('\n');
    const run = await lintFile(pki.write('init/10-hba.sh', script), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['error PG-002 clientcert=1', 'error PG-003 clientcert=1']);
    assert.equal(run.findings[0]!.start, script.indexOf('clientcert=1'));
  });

  test("the corpus's heredocs (lib/pq, rust-postgres) are read and have nothing to say", async () => {
    for (const rel of ['lib__pq/testdata/postgres/docker-entrypoint-initdb.d/10-hba.sh', 'sfackler__rust-postgres/docker/sql_setup.sh']) {
      const text = readFileSync(resolve(corpus, rel), 'utf8');
      assert.equal(findConfWrites(text, 'pg_hba.conf').length, 1, rel);
      assert.deepEqual(findingRows(await lintFile(resolve(corpus, rel), { roots: [corpus] })), [], rel);
    }
  });
});
