/**
 * The oracle: OpenSSL decides. A seeded mutator produces configs (one template
 * that four commands use); each runs through the real
 *   - `openssl req -new -config <cnf>` and `openssl req -x509 -new -config <cnf>` (throwaway key),
 *   - `openssl x509 -req -extfile <cnf>` (a fixed CSR, a throwaway CA; the section comes from
 *     `extensions = v3_leaf` in the default section),
 *   - `openssl ca -config <cnf> -batch` (same CSR and CA passed as -cert/-keyfile, a fresh
 *     database, serial and new_certs_dir per case).
 * Certwright must report an error exactly when one of them fails, on a line the
 * mutation touched — except a failure of `ca` that `ca -name <CA section>` does
 * not have (default_ca is replaceable by that flag): then no error is expected. Disagreements are written to
 * test/fixtures/cnf/oracle-regressions/ (replayed by a unit test).
 *
 * CW_ORACLE_CASES (default 200) and CW_ORACLE_SEED choose the run;
 * CW_ORACLE_WRITE=0 keeps disagreements out of the fixtures folder.
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
import { generateCases, oracleArgv, oracleCommands, oracleUse, type MutatedCase, type OracleCommand } from './cnfMutator';

const count = Number(process.env.CW_ORACLE_CASES ?? 200);
const seed = Number(process.env.CW_ORACLE_SEED ?? 20261125);
const writeFixtures = process.env.CW_ORACLE_WRITE !== '0';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

interface RunResult {
  readonly ok: boolean;
  readonly err: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
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

/** The lines of OpenSSL's stderr that say why it failed (not ca's progress chatter). */
function why(err: string): string {
  return err
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Using configuration from|Check that the request|Signature ok|The Subject's Distinguished Name|organizationName|commonName|Certificate is to be certified|Write out database|Database updated|Certificate request self-signature ok|subject=)/.test(l))
    .slice(0, 3)
    .join(' | ');
}

const skip = hasOpenssl() ? false : 'openssl CLI not found on PATH';

test('certwright agrees with openssl req / req -x509 / x509 -req -extfile / ca on mutated configs', { skip, timeout: 600_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cw-oracle-'));
  try {
    const sh = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe', cwd: tmp });
    const key = join(tmp, 'key.pem');
    const caKey = join(tmp, 'ca-key.pem');
    const caCert = join(tmp, 'ca.pem');
    const csr = join(tmp, 'req.csr');
    sh(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    sh(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey]);
    // The CA has a subject key id (for authorityKeyIdentifier = keyid:always) and the request's O (for policy match).
    sh(['req', '-x509', '-new', '-key', caKey, '-subj', '/O=Cockroach/CN=Oracle CA', '-days', '2', '-addext', 'subjectKeyIdentifier=hash', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', caCert]);
    sh(['req', '-new', '-key', key, '-subj', '/O=Cockroach/CN=node1', '-out', csr]);
    // Relative .include paths resolve against OPENSSL_CONF_INCLUDE (tmp) while the commands run in per-worker folders.
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, CW_ORACLE_SET: 'set', CW_ORACLE_DIR: tmp, OPENSSL_CONF_INCLUDE: tmp };
    const env = nodeEnvironment({ cwd: () => tmp, getEnv: (n) => childEnv[n] });
    const cases = generateCases(seed, count, tmp);
    const started = Date.now();
    const results = await pool(cases, 2, async (c: MutatedCase, w) => {
      const dir = join(tmp, `w${w}`);
      mkdirSync(dir, { recursive: true });
      for (const [p, t] of Object.entries(c.files)) {
        mkdirSync(join(p, '..'), { recursive: true });
        writeFileSync(p, t);
      }
      const file = join(dir, 'case.cnf');
      writeFileSync(file, c.text);
      // [ CA_default ] keeps its database, serial and new certificates in ./cadb.
      const cadb = join(dir, 'cadb');
      rmSync(cadb, { recursive: true, force: true });
      mkdirSync(cadb);
      writeFileSync(join(cadb, 'index.txt'), '');
      writeFileSync(join(cadb, 'serial'), '01\n');
      const argv = oracleArgv({ file, key, csr, caCert, caKey });
      const verdicts = {} as Record<OracleCommand, RunResult>;
      for (const cmd of oracleCommands) verdicts[cmd] = await run(argv[cmd], dir, childEnv);
      // openssl ca -name <the CA section> is the flag that replaces default_ca: when it succeeds, a
      // failing default_ca is a warning (the file may well be used with -name), not an error.
      let nameFixes: string | undefined;
      const caHeader = /^\[\s*(CA[ _-]?[Dd]efault)\s*\]/m.exec(c.text)?.[1];
      if (!verdicts.ca.ok && caHeader) {
        writeFileSync(join(cadb, 'index.txt'), '');
        writeFileSync(join(cadb, 'serial'), '01\n');
        if ((await run([...argv.ca, '-name', caHeader], dir, childEnv)).ok) nameFixes = caHeader;
      }
      const failed = oracleCommands.filter((cmd) => !verdicts[cmd].ok && !(cmd === 'ca' && nameFixes));
      const opensslFails = failed.length > 0;
      // Judged as the four commands use it (ca with -name when that is the use that works).
      const analysis = analyzeCnf(c.text, { path: file, env, commandLine: oracleUse(file, nameFixes) });
      const li = new LineIndex(c.text);
      const errors = analysis.findings.filter((f) => f.severity === 'error');
      const errorLines = errors.map((f) => li.positionAt(f.start).line + 1);
      const certwrightFails = errors.length > 0;
      const onLine = !opensslFails || c.anywhere || errorLines.some((l) => c.lines.includes(l));
      const agree = opensslFails === certwrightFails && onLine;
      const openssl = failed.map((cmd) => `[${cmd}] ${why(verdicts[cmd].err)}`).join(' || ');
      return { c, agree, failed, opensslFails, certwrightFails, onLine, errorLines, openssl, messages: errors.map((e) => `${e.code} ${e.message}`) };
    });
    const seconds = (Date.now() - started) / 1000;
    const bad = results.filter((r) => !r.agree);
    const rate = (100 * (results.length - bad.length)) / results.length;
    const failing = results.filter((r) => r.opensslFails).length;
    console.log(`cnf oracle: ${results.length} configs (seed ${seed}) in ${seconds.toFixed(1)} s, openssl rejected ${failing}; agreement ${rate.toFixed(1)}% (${results.length - bad.length}/${results.length})`);
    for (const cmd of oracleCommands) {
      const rejected = results.filter((r) => r.failed.includes(cmd));
      const only = rejected.filter((r) => r.failed.length === 1);
      const flagged = rejected.filter((r) => r.certwrightFails && r.onLine);
      const flaggedOnly = only.filter((r) => r.certwrightFails && r.onLine);
      console.log(`  ${cmd.padEnd(8)} rejected ${rejected.length}, Certwright flagged ${flagged.length}/${rejected.length}; rejected by ${cmd} alone ${only.length}, flagged ${flaggedOnly.length}/${only.length}`);
    }
    const accepted = results.filter((r) => !r.opensslFails);
    console.log(`  all four accepted ${accepted.length}, Certwright without error on ${accepted.filter((r) => !r.certwrightFails).length}/${accepted.length}`);
    const regressions = join(__dirname, '..', 'fixtures', 'cnf', 'oracle-regressions');
    for (const r of bad) {
      console.log(`DISAGREE ${r.c.id}: ${r.c.description}\n  openssl ${r.opensslFails ? `fails: ${r.openssl}` : 'accepts (all four)'}\n  certwright ${r.certwrightFails ? `errors on lines ${r.errorLines.join(',')}` : 'no error'} (touched ${r.c.lines.join(',')}) ${r.messages.join(' / ')}`);
      if (writeFixtures && Object.keys(r.c.files).length === 0) {
        mkdirSync(regressions, { recursive: true });
        writeFileSync(join(regressions, `${r.c.id}.cnf`), r.c.text);
        const fixture = { expectError: r.opensslFails, lines: r.c.lines, anywhere: r.c.anywhere, failedCommands: r.failed, description: r.c.description, openssl: r.openssl };
        writeFileSync(join(regressions, `${r.c.id}.json`), JSON.stringify(fixture, null, 2) + '\n');
      }
    }
    assert.equal(bad.length, 0, `${bad.length} disagreements with OpenSSL (see output)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
