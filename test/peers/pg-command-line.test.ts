/**
 * PostgreSQL 15 started with `-c` settings, as compose `command:` lines and scripts
 * start it: a command-line setting overrides postgresql.conf (the file says
 * `ssl = off`, `-c ssl=on` wins and the hostssl rows match), and a `-c ssl_key_file`
 * of another certificate stops the server. The built `certwright lint` reads the same
 * command from a script beside the data directory and agrees: no PG-007 on the
 * hostssl rows of the hba_file the command names, PG-011 on its `-c ssl_key_file`.
 * ALTER SYSTEM's postgresql.auto.conf wins over postgresql.conf too, and Certwright reads it.
 * `pg_ctl start -o` scripts, run by sh as written (also through `su postgres -c`), start
 * the server with the options of every -o; Certwright reads the same script alike.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';
import { PostgresServer } from './support/postgresServer';

interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

describe('postgres -c settings: the command line over postgresql.conf', () => {
  let work: string;
  let pki: string;
  let pg: PostgresServer | undefined;
  let failed = false;

  before(async () => {
    assertCliBuilt();
    work = mkdtempSync(join(tmpdir(), 'certwright-pgcmd-'));
    pki = join(work, 'pki');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', pki, '--key', 'p256', '--days', '30']);
    certwrightOk(['issue', 'node', '--profile', 'postgres', '--dir', pki, '--san', 'localhost', '--san', '127.0.0.1', '--days', '20']);
    certwrightOk(['issue', 'client', '--dir', pki, '--user', 'alice', '--key', 'p256', '--days', '20']);
    certwrightOk(['crl', '--dir', pki]);
    pg = await PostgresServer.create();
    pg.configure({ cert: join(pki, 'server.crt'), key: join(pki, 'server.key'), ca: join(pki, 'root.crt'), crl: join(pki, 'root.crl') });
    // The last line of the file wins within the file: ssl is off as far as postgresql.conf goes.
    appendFileSync(join(pg.dataDir, 'postgresql.conf'), 'ssl = off\n');
  });

  after(() => {
    if (failed && pg) console.log(`--- PostgreSQL server log ---\n${pg.log()}`);
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** certwright lint (JSON) of the data directory's pg_hba.conf and the start script: the script's folder is a root. */
  const lint = (script: string): JsonFinding[] => JSON.parse(certwright(['lint', '--format', 'json', join(pg!.dataDir, 'pg_hba.conf'), script]).stdout) as JsonFinding[];

  it('-c ssl=on overrides ssl = off: the hostssl rows match, and Certwright reports no PG-007', () => {
    try {
      const hba = join(pg!.dataDir, 'pg_hba.conf');
      pg!.start(['-c', 'ssl=on', '-c', `hba_file=${hba}`]);
      assert.equal(pg!.admin('SHOW ssl'), 'on');
      assert.equal(pg!.admin("SELECT coalesce(error, '') FROM pg_hba_file_rules WHERE type = 'hostssl'"), '');
      const script = join(work, 'start.sh');
      writeFileSync(script, `#!/bin/sh\nexec postgres -D ${pg!.dataDir} -c ssl=on -c hba_file=${hba}\n`);
      const findings = lint(script).filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(findings.filter((f) => f.code === 'PG-007'), []);
      pg!.halt();
      // And without the command, postgresql.conf alone leaves ssl off: PostgreSQL says the row cannot match, Certwright warns.
      pg!.start();
      assert.match(pg!.admin("SELECT coalesce(error, '') FROM pg_hba_file_rules WHERE type = 'hostssl'"), /hostssl record cannot match because SSL is disabled/);
      const alone = JSON.parse(certwright(['lint', '--format', 'json', hba]).stdout) as JsonFinding[];
      assert.deepEqual(alone.map((f) => `${f.severity} ${f.code}`), ['warning PG-007']);
      pg!.halt();
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  it('ALTER SYSTEM SET ssl = on writes postgresql.auto.conf, which wins over ssl = off in postgresql.conf: the hostssl rows match, and Certwright reports no PG-007', () => {
    try {
      const hba = join(pg!.dataDir, 'pg_hba.conf');
      pg!.start();
      pg!.admin('ALTER SYSTEM SET ssl = on');
      pg!.halt();
      pg!.start();
      assert.equal(pg!.admin('SHOW ssl'), 'on');
      assert.equal(pg!.admin("SELECT coalesce(error, '') FROM pg_hba_file_rules WHERE type = 'hostssl'"), '');
      const withAuto = JSON.parse(certwright(['lint', '--format', 'json', hba]).stdout) as JsonFinding[];
      assert.deepEqual(withAuto.filter((f) => f.code === 'PG-007'), []);
      pg!.admin('ALTER SYSTEM RESET ssl');
      pg!.halt();
      const reset = JSON.parse(certwright(['lint', '--format', 'json', hba]).stdout) as JsonFinding[];
      assert.deepEqual(reset.map((f) => `${f.severity} ${f.code}`), ['warning PG-007']);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  /** other.key in the data directory: the client's key, where the server can read it (owned like the data directory, 0600), named relative to it. */
  const otherKeyInDataDir = (): void => {
    const other = join(pg!.dataDir, 'other.key');
    copyFileSync(join(pki, 'client.key'), other);
    chmodSync(other, 0o600);
    const owner = statSync(pg!.dataDir);
    chownSync(other, owner.uid, owner.gid);
  };

  it('-c ssl_key_file of another certificate: the server does not start, Certwright reports PG-011 on that setting', () => {
    try {
      otherKeyInDataDir();
      const mark = pg!.log().length;
      const r = pg!.tryStart(['-c', 'ssl=on', '-c', 'ssl_key_file=other.key']);
      assert.notEqual(r.status, 0, 'the server started with a key of another certificate');
      assert.match(pg!.log().slice(mark), /private key file "other\.key": key values mismatch|certificate does not match private key file/);
      const script = join(work, 'start-other.sh');
      writeFileSync(script, `#!/bin/sh\nexec postgres -D ${pg!.dataDir} -c ssl=on -c ssl_key_file=other.key\n`);
      const errors = lint(script).filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => `${f.code} line ${f.line}`), ['PG-011 line 2']);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  /** A start script in the server's folder (readable by its account), run by sh as written; the same file is linted. */
  const startScript = (name: string, line: string): string => {
    const script = join(pg!.dir, name);
    writeFileSync(script, `#!/bin/sh\n${line}\n`);
    chmodSync(script, 0o644);
    return script;
  };

  it('pg_ctl start -o: each -o adds its options to the server\'s command line (over postgresql.conf), as Certwright reads them', () => {
    try {
      otherKeyInDataDir();
      const hba = join(pg!.dataDir, 'pg_hba.conf');
      const ctl = `pg_ctl -D ${pg!.dataDir} -l ${pg!.logFile} -w -t 30`;
      // ssl=on from the first -o, hba_file from the second: the server runs with both.
      const good = startScript('ctl-good.sh', `${ctl} -o "-c ssl=on" -o '-c hba_file=${hba}' start`);
      const r = pg!.runScript(good);
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}${pg!.log()}`);
      assert.equal(pg!.admin('SHOW ssl'), 'on');
      assert.equal(pg!.admin("SELECT coalesce(error, '') FROM pg_hba_file_rules WHERE type = 'hostssl'"), '');
      pg!.halt();
      const goodFindings = lint(good).filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(goodFindings.map((f) => `${f.code} ${f.file.endsWith('.sh') ? 'script' : 'hba'}`), [], 'no PG-007: the second -o names this pg_hba.conf and the first turns ssl on');
      // The key of another certificate in the second -o: pg_ctl start fails, Certwright says PG-011 on that setting.
      const bad = startScript('ctl-bad.sh', `${ctl} -o "-c ssl=on" \\\n  -o "-c ssl_key_file=other.key" start`);
      const mark = pg!.log().length;
      assert.notEqual(pg!.runScript(bad).status, 0, 'pg_ctl started a server with the key of another certificate');
      assert.match(pg!.log().slice(mark), /key values mismatch|certificate does not match private key file/);
      assert.deepEqual(lint(bad).filter((f) => f.severity === 'error').map((f) => `${f.code} line ${f.line}`), ['PG-011 line 3']);
      // pg_ctl init passes -o to initdb (PostgreSQL 15's initdb has no -c): no server, nothing of the server's to judge.
      const init = startScript('ctl-init.sh', `pg_ctl init -D ${join(pg!.dir, 'fresh')} -o "-c ssl_key_file=other.key"`);
      const ri = pg!.runScript(init);
      assert.notEqual(ri.status, 0);
      assert.match(ri.stderr + ri.stdout, /invalid option/);
      assert.deepEqual(lint(init).filter((f) => f.file.endsWith('.sh')), []);
      if (process.getuid?.() === 0) {
        // Run by root through su: pg_ctl's line is a string of su -c, its -o a quoted string inside it.
        const su = startScript('ctl-su.sh', `su postgres -c "${ctl} -o '-c ssl=on -c ssl_key_file=other.key' start"`);
        const mark2 = pg!.log().length;
        assert.notEqual(pg!.runScript(su, false).status, 0, 'su postgres -c pg_ctl started a server with the key of another certificate');
        assert.match(pg!.log().slice(mark2), /key values mismatch|certificate does not match private key file/);
        assert.deepEqual(lint(su).filter((f) => f.severity === 'error').map((f) => `${f.code} line ${f.line}`), ['PG-011 line 2']);
      }
    } catch (err) {
      failed = true;
      throw err;
    }
  });
});
