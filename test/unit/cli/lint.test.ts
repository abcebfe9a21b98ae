import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintCommand, globToRegExp } from '../../../server/src/cli/lint';
import type { CliIo } from '../../../server/src/cli/command';

function io(cwd: string): CliIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', cwd, out: (t: string) => void (o.stdout += t), err: (t: string) => void (o.stderr += t) };
  return o;
}

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-lint-'));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'bad.cnf'), '[ req\nkeyUsage = digitalsignature\n');
  writeFileSync(join(dir, 'sub', 'good.cnf'), '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n');
  writeFileSync(join(dir, 'sub', 'warn.cnf'), '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\nCN = y\nCN_default = z\n');
  writeFileSync(join(dir, 'node_modules', 'skip.cnf'), '[ broken\n');
  writeFileSync(join(dir, 'my.cnf'), '[mysqld]\nskip-networking\n');
  return dir;
}

test('text output: file:line:col severity code message; exit 1 on errors', async () => {
  const dir = fixture();
  try {
    const o = io(dir);
    const rc = await lintCommand.run([], o);
    assert.equal(rc, 1);
    const lines = o.stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 3).join(' ')), ['bad.cnf:1:1 error CNF-002', 'bad.cnf:2:12 warning X509-KU-1', 'sub/warn.cnf:4:1 warning CNF-031']);
    assert.doesNotMatch(o.stdout, /node_modules|my\.cnf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 0 without errors; globs; json and sarif formats', async () => {
  const dir = fixture();
  try {
    const o = io(dir);
    assert.equal(await lintCommand.run(['sub/*.cnf', '--format', 'json'], o), 0);
    const json = JSON.parse(o.stdout) as { file: string; line: number; column: number; code: string; severity: string }[];
    assert.deepEqual(json.map((r) => [r.file, r.line, r.column, r.code, r.severity]), [['sub/warn.cnf', 4, 1, 'CNF-031', 'warning']]);
    const s = io(dir);
    assert.equal(await lintCommand.run(['**/*.cnf', '--format', 'sarif'], s), 1);
    const sarif = JSON.parse(s.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.name, 'certwright');
    const first = sarif.runs[0]!.results[0]!;
    assert.equal(first.ruleId, 'CNF-002');
    assert.equal(first.level, 'error');
    assert.equal(first.locations[0]!.physicalLocation.artifactLocation.uri, 'bad.cnf');
    assert.equal(first.locations[0]!.physicalLocation.region.startLine, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2; unreadable paths are reported clearly', async () => {
  const dir = fixture();
  try {
    await assert.rejects(lintCommand.run(['--format', 'xml'], io(dir)), /--format must be/);
    const o = io(dir);
    assert.equal(await lintCommand.run(['missing.cnf'], o), 2);
    assert.match(o.stderr, /cannot read 'missing\.cnf'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('globToRegExp', () => {
  assert.ok(globToRegExp('/a/**/*.cnf').test('/a/b/c/x.cnf'));
  assert.ok(globToRegExp('/a/**/*.cnf').test('/a/x.cnf'));
  assert.ok(!globToRegExp('/a/*.cnf').test('/a/b/x.cnf'));
});

test('binary DER files (a .der key, certificate and CRL, a .key holding DER) get the checks of their PEM form, named or walked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-lint-der-'));
  try {
    const corpus = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world');
    // An EC private key on explicit parameters (OpenSSL reads it, Go cannot load it), in DER under .der and under .key.
    const key = readFileSync(join(corpus, 'mbedtls', 'ec_prv.specdom.der'));
    writeFileSync(join(dir, 'explicit.der'), key);
    writeFileSync(join(dir, 'explicit.key'), key);
    // A certificate with a CRL distribution point named relative to its issuer (Go refuses it), and a webpki CRL.
    writeFileSync(join(dir, 'relative.der'), readFileSync(join(corpus, 'webpki', 'crl_distrib_point', 'dp_name_relative_to_issuer.der')));
    writeFileSync(join(dir, 'notder.der'), Buffer.from([0x30, 0x82, 0xff, 0xff, 0x00]));
    const named = io(dir);
    assert.equal(await lintCommand.run(['explicit.der', 'explicit.key', 'relative.der', 'notder.der'], named), 1);
    assert.doesNotMatch(named.stderr, /not checked/);
    assert.match(named.stdout, /^explicit\.der:1:1 warning X509-KEY-UNSUPPORTED .*explicit parameters/m);
    assert.match(named.stdout, /^explicit\.key:1:1 warning X509-KEY-UNSUPPORTED /m);
    assert.match(named.stdout, /^relative\.der:1:1 warning X509-EXT-MALFORMED .*"x509: invalid CRL distribution point"/m);
    assert.match(named.stdout, /^notder\.der:1:1 error PEM-DER Not an object OpenSSL reads as DER/m);
    const walked = io(dir);
    await lintCommand.run(['.'], walked);
    assert.match(walked.stdout, /^explicit\.der:1:1 warning X509-KEY-UNSUPPORTED /m);
    assert.match(walked.stderr, /4 files checked/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file named on the command line is linted as what its content is; one nothing checks is reported "not checked"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-lint-named-'));
  try {
    // Real names from the corpus: curl's .prm, an extension file without suffix, a .txt extfile.
    writeFileSync(join(dir, 'test-localhost.prm'), '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = localhost\n[ x509v3 ]\nkeyUsage = digitalsignature\n');
    writeFileSync(join(dir, 'xpextensions'), '[ xpclient_ext ]\nextendedKeyUsage = 1.3.6.1.5.5.7.3.2\nbasicConstraints = CA:maybe\n');
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    writeFileSync(join(dir, 'my.cnf'), '[mysqld]\nskip-networking\nssl-ca = /etc/mysql/ca.pem\n');
    const o = io(dir);
    assert.equal(await lintCommand.run(['test-localhost.prm', 'xpextensions', 'notes.txt'], o), 2, 'a named file nothing checked: exit 2');
    assert.match(o.stdout, /^test-localhost\.prm:7:12 warning X509-KU-1 /m);
    assert.match(o.stdout, /^xpextensions:3:\d+ warning X509-BC-/m);
    assert.match(o.stderr, /not checked: notes\.txt: no Certwright linter recognises it .*--language openssl-conf/);
    assert.match(o.stderr, /2 files checked, 1 not checked/);
    const forced = io(dir);
    assert.equal(await lintCommand.run(['--language', 'openssl-conf', 'notes.txt'], forced), 1);
    assert.match(forced.stdout, /notes\.txt:1:1 error CNF-001/);
    // A MySQL option file is never an OpenSSL config, named or walked.
    const my = io(dir);
    await lintCommand.run(['my.cnf'], my);
    assert.doesNotMatch(my.stdout, /CNF-|X509-|REQ-/);
    await assert.rejects(lintCommand.run(['--language', 'xml', 'notes.txt'], io(dir)), /--language takes openssl-conf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--openssl-command: the file a command reads is checked as that command uses it (-name, -extensions, -gencrl); a line that is not one is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-lint-cmd-'));
  try {
    const ca = (drop: string) =>
      `[ ca ]\ndefault_ca = CA_default\n[ CA_root ]\n${['database = index.txt', 'new_certs_dir = .', 'certificate = ca.crt', 'private_key = ca.key', 'serial = serial', 'default_md = sha256', 'default_days = 30', 'policy = pol', 'default_crl_days = 7']
        .filter((l) => !l.startsWith(drop))
        .join('\n')}\n[ pol ]\nCN = supplied\n[ bad ]\nbasicConstraints = CA:maybe\n`;
    writeFileSync(join(dir, 'ca.cnf'), ca('none'));
    const run = async (...args: string[]) => {
      const o = io(dir);
      const rc = await lintCommand.run(['ca.cnf', '--format', 'json', ...args], o);
      return { rc, found: (JSON.parse(o.stdout) as { line: number; code: string; severity: string }[]).map((r) => `${r.line}:${r.code}:${r.severity}`), o };
    };
    // Alone: default_ca names a missing section (openssl ca -name works) and [ bad ] is unused: warnings.
    const alone = await run();
    assert.equal(alone.rc, 0);
    assert.deepEqual(alone.found, ['2:CA-001:warning', '16:X509-BC-2:warning']);
    // As openssl ca -name CA_root uses it: default_ca is not read, so no CA-001, nor is [ bad ], which nothing picks;
    // with -extensions bad the section's fault is an error.
    const named = await run('--openssl-command', 'openssl ca -config ca.cnf -name CA_root -in r.csr');
    assert.deepEqual(named.found, []);
    const exts = await run('--openssl-command', "openssl ca -config 'ca.cnf' -name=CA_root -extensions bad");
    assert.equal(exts.rc, 1);
    assert.deepEqual(exts.found, ['16:X509-BC-2:error']);
    // -gencrl needs no serial: its absence stays quiet there, and fails signing.
    writeFileSync(join(dir, 'ca.cnf'), ca('serial'));
    assert.ok((await run('--openssl-command', 'openssl ca -config ca.cnf -name CA_root -gencrl')).found.every((f) => !f.includes('CA-001:error')));
    assert.ok((await run('--openssl-command', 'openssl ca -config ca.cnf -name CA_root')).found.includes('3:CA-001:error'));
    // A usage error (the CLI's main prints it and exits 2).
    await assert.rejects(lintCommand.run(['ca.cnf', '--openssl-command', 'openssl genpkey -algorithm ec'], io(dir)), /--openssl-command: 'openssl genpkey -algorithm ec' is not an openssl req, ca, x509 or ts command/);
    await assert.rejects(lintCommand.run(['ca.cnf', '--openssl-command', 'openssl req -new -key k.pem'], io(dir)), /names no file with -config/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
