/**
 * The oracle: OpenSSL decides. A seeded mutator produces configs; each runs
 * through the real `openssl req -new` and `openssl req -x509` with a throwaway
 * key. Certwright must report an error exactly when OpenSSL fails, on a line
 * the mutation touched. Disagreements are written to
 * test/fixtures/cnf/oracle-regressions/ (replayed by a unit test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCnf } from '../../server/src/core/cnf';
import { LineIndex } from '../../server/src/core/lineIndex';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { generateCases, type MutatedCase } from './cnfMutator';

const count = Number(process.env.CW_ORACLE_CASES ?? 300);
const seed = Number(process.env.CW_ORACLE_SEED ?? 20261125);

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; err: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { cwd, env, timeout: 20_000 }, (error, _stdout, stderr) => resolve({ ok: !error, err: String(stderr) }));
  });
}

async function pool<T, R>(items: readonly T[], width: number, fn: (x: T, worker: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async (_, w) => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, w);
      }
    }),
  );
  return out;
}

const skip = hasOpenssl() ? false : 'openssl CLI not found on PATH';

test('certwright agrees with openssl req / req -x509 on mutated configs', { skip, timeout: 600_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cw-oracle-'));
  try {
    const key = join(tmp, 'key.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], { stdio: 'pipe' });
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, CW_ORACLE_SET: 'set', CW_ORACLE_DIR: tmp };
    const env = nodeEnvironment({ cwd: () => tmp, getEnv: (n) => childEnv[n] });
    const cases = generateCases(seed, count, tmp);
    const results = await pool(cases, 2, async (c: MutatedCase, w) => {
      const dir = join(tmp, `w${w}`);
      mkdirSync(dir, { recursive: true });
      for (const [p, t] of Object.entries(c.files)) {
        mkdirSync(join(p, '..'), { recursive: true });
        writeFileSync(p, t);
      }
      const file = join(dir, 'case.cnf');
      writeFileSync(file, c.text);
      const a = await run(['req', '-new', '-config', file, '-key', key, '-out', '/dev/null', '-batch'], tmp, childEnv);
      const b = await run(['req', '-x509', '-new', '-config', file, '-key', key, '-out', '/dev/null', '-batch', '-days', '1'], tmp, childEnv);
      const opensslFails = !a.ok || !b.ok;
      const analysis = analyzeCnf(c.text, { path: file, env });
      const li = new LineIndex(c.text);
      const errors = analysis.findings.filter((f) => f.severity === 'error');
      const errorLines = errors.map((f) => li.positionAt(f.start).line + 1);
      const certwrightFails = errors.length > 0;
      // A renamed header or a section reference moved to another section may fail anywhere in the section it now names.
      const anywhere = c.id.startsWith('section-ref') || c.id.startsWith('header');
      const onLine = !opensslFails || anywhere || errorLines.some((l) => c.lines.includes(l));
      const agree = opensslFails === certwrightFails && onLine;
      return { c, agree, opensslFails, certwrightFails, errorLines, openssl: (a.ok ? b.err : a.err).trim().split('\n').slice(0, 3).join(' | '), messages: errors.map((e) => `${e.code} ${e.message}`) };
    });
    const bad = results.filter((r) => !r.agree);
    const rate = (100 * (results.length - bad.length)) / results.length;
    const failing = results.filter((r) => r.opensslFails).length;
    console.log(`cnf oracle: ${results.length} configs (seed ${seed}), openssl rejected ${failing}; agreement ${rate.toFixed(1)}% (${results.length - bad.length}/${results.length})`);
    const regressions = join(__dirname, '..', 'fixtures', 'cnf', 'oracle-regressions');
    for (const r of bad) {
      console.log(`DISAGREE ${r.c.id}: ${r.c.description}\n  openssl ${r.opensslFails ? 'fails' : 'accepts'}: ${r.openssl}\n  certwright ${r.certwrightFails ? `errors on lines ${r.errorLines.join(',')}` : 'no error'} (touched ${r.c.lines.join(',')}) ${r.messages.join(' / ')}`);
      if (Object.keys(r.c.files).length === 0) {
        mkdirSync(regressions, { recursive: true });
        writeFileSync(join(regressions, `${r.c.id}.cnf`), r.c.text);
        writeFileSync(join(regressions, `${r.c.id}.json`), JSON.stringify({ expectError: r.opensslFails, lines: r.c.lines, description: r.c.description, openssl: r.openssl }, null, 2) + '\n');
      }
    }
    assert.equal(bad.length, 0, `${bad.length} disagreements with OpenSSL (see output)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
