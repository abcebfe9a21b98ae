/**
 * The workspace's own openssl commands (cnf/scriptUses.ts): found in scripts, Makefiles, CI steps,
 * Dockerfiles and Markdown, resolved against the script's folder or a `cd` that can be followed,
 * bounded on hostile text, and given to the openssl.cnf linter (and `certwright lint` of a folder)
 * when the file has no use of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findScriptUses, maxCommands } from '../../../server/src/core/cnf/scriptUses';
import { maxScriptBytes, mayUseConfigs, WorkspaceUses } from '../../../server/src/core/cnf/workspaceUses';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { clearCnfCache } from '../../../server/src/core/cnf';
import { defaultLintSettings } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { lintCommand } from '../../../server/src/cli/lint';
import type { CliIo } from '../../../server/src/cli/command';

/** `file line: use` of each use found. */
const found = (script: string, text: string) => findScriptUses(script, text).map((u) => `${u.file} ${u.line}: ${JSON.stringify(u.use)}`);

test('a shell script: -config and -extfile relative to its folder, -name, -extensions, continuations, $OPENSSL', () => {
  const sh = [
    '#!/bin/sh',
    'set -e',
    'openssl req -new -config req.cnf -keyout k.pem -out r.csr -subj "/CN=a b"',
    'openssl ca -batch -config ../ca/ca.cnf \\',
    '    -name CA_root -extensions server_ext -in r.csr',
    '"$OPENSSL" x509 -req -in r.csr -extfile ext/v3.ext -extensions san -out c.pem',
    '# openssl ca -config old.cnf -name gone',
    'openssl genrsa -out k.pem 2048',
  ].join('\n');
  assert.deepEqual(found('/w/certs/gen.sh', sh), [
    '/w/certs/req.cnf 3: {"commands":["req"],"reqSubj":true,"loadedAs":"config"}',
    '/w/ca/ca.cnf 4: {"commands":["ca"],"extensions":["server_ext"],"ca":[{"name":"CA_root","operation":"sign","options":["-name","-extensions","-in","-batch"]}],"loadedAs":"config"}',
    '/w/certs/ext/v3.ext 6: {"commands":["extfile"],"extensions":["san"]}',
  ]);
  assert.equal(findScriptUses('/w/certs/gen.sh', sh)[1]!.command, 'openssl ca -batch -config ../ca/ca.cnf  -name CA_root -extensions server_ext -in r.csr');
});

test('OPENSSL_CONF: commands without -config read the file it names (exported: the rest of the script; before a command: that one), loaded as OPENSSL_CONF', () => {
  const sh = [
    'openssl req -new -key k.pem -subj /CN=x',
    'OPENSSL_CONF=one.cnf openssl req -new -key k.pem -subj /CN=x',
    'export OPENSSL_CONF="pki/ca.cnf"',
    'openssl ca -batch -in r.csr',
    'openssl req -new -config own.cnf -subj /CN=y',
    'openssl x509 -req -in r.csr -signkey k.pem',
    'OPENSSL_CONF=$DIR/x.cnf openssl req -new -subj /CN=z',
  ].join('\n');
  assert.deepEqual(found('/w/gen.sh', sh), [
    '/w/one.cnf 2: {"commands":["req"],"reqSubj":true,"loadedAs":"opensslConf"}',
    '/w/pki/ca.cnf 4: {"commands":["ca"],"ca":[{"operation":"sign","options":["-in","-batch"]}],"loadedAs":"opensslConf"}',
    '/w/own.cnf 5: {"commands":["req"],"reqSubj":true,"loadedAs":"config"}',
  ]);
  // Exported again with a variable: nothing guessed for the commands after it.
  assert.deepEqual(found('/w/gen.sh', `${sh}\nexport OPENSSL_CONF=$DIR/y.cnf\nopenssl ca -batch -in r.csr\n`).length, 3);
});

test('cd: a literal folder or the script\'s own for the rest of the script; a subshell\'s or a Makefile recipe\'s for its line; a variable makes paths unknown', () => {
  const sh = ['cd "$(dirname "$0")"', 'openssl req -config a.cnf', 'cd pki', 'openssl ca -config ca.cnf -gencrl', '(cd sub && openssl req -config s.cnf)', 'openssl req -config b.cnf', 'cd "$WORKDIR"', 'openssl req -config lost.cnf', 'openssl req -config /etc/ssl/abs.cnf', 'openssl req -config "$DIR/var.cnf"'].join('\n');
  assert.deepEqual(found('/w/gen.sh', sh).map((l) => l.split(':')[0]), ['/w/a.cnf 2', '/w/pki/ca.cnf 4', '/w/pki/sub/s.cnf 5', '/w/pki/b.cnf 6', '/etc/ssl/abs.cnf 9']);
  const mk = ['CNF = ca.cnf', 'ca.pem:', '\tcd rsa && openssl req -x509 -config ca.cnf -out $@', '\topenssl ca -config $(CNF) -gencrl', '\topenssl ca -config server.cnf -name CA_x'].join('\n');
  assert.deepEqual(found('/w/certs/Makefile', mk).map((l) => l.split(':')[0]), ['/w/certs/rsa/ca.cnf 3', '/w/certs/server.cnf 5']);
});

test('CI steps run in the repository, Markdown code blocks and Dockerfile RUNs in the file\'s folder; CRLF continuations', () => {
  const ci = 'jobs:\n  certs:\n    steps:\n      - run: |\n          openssl req -x509 -config test/ssl/openssl.cnf -extensions v3_ca\n';
  assert.deepEqual(found('/repo/.github/workflows/ci.yml', ci), ['/repo/test/ssl/openssl.cnf 5: {"commands":["req"],"extensions":["v3_ca"],"loadedAs":"config"}']);
  const md = '# TLS\n\n```sh\nopenssl ca -config ca.cnf -name CA_signing -in node.csr\n```\n';
  assert.deepEqual(found('/repo/docs/README.md', md), ['/repo/docs/ca.cnf 4: {"commands":["ca"],"ca":[{"name":"CA_signing","operation":"sign","options":["-name","-in"]}],"loadedAs":"config"}']);
  const docker = 'FROM alpine\nRUN openssl req -x509 -config /etc/ssl/tls.cnf \\\r\n  -extensions leaf -out /c.pem\r\n';
  assert.deepEqual(found('/repo/Dockerfile', docker), ['/etc/ssl/tls.cnf 2: {"commands":["req"],"extensions":["leaf"],"loadedAs":"config"}']);
});

test('hostile scripts end, bounded: huge lines, unbalanced quotes, endless continuations, heredocs, too many commands, too large', () => {
  const many = 'openssl req -config a.cnf\n'.repeat(maxCommands + 50);
  assert.equal(findScriptUses('/w/many.sh', many).length, maxCommands);
  const hostile = [
    `openssl req -config "${'x'.repeat(100_000)}`,
    `openssl ca -config ca.cnf ${'\\\n'.repeat(5000)} -name Y`,
    `openssl ca -config ca.cnf ${'\\\n'.repeat(20)} -name X`,
    `cat <<EOF\nopenssl req -config 'unterminated\nEOF`,
    ` cd ${'a/'.repeat(20_000)}; openssl req -config deep.cnf`,
    `${'cd x; '.repeat(10_000)}openssl req -config late.cnf`,
  ];
  for (const h of hostile) assert.ok(Array.isArray(findScriptUses('/w/h.sh', `${h}\nopenssl req -config end.cnf -extfile`)), h.slice(0, 30));
  // Continuations are followed as the shell does, up to the tokenizer's 400 steps: -name X belongs to its command, -name Y is cut off.
  assert.deepEqual(findScriptUses('/w/h.sh', hostile[2]!).map((u) => u.use.ca), [[{ name: 'X', operation: 'sign', options: ['-name'] }]]);
  assert.deepEqual(findScriptUses('/w/h.sh', hostile[1]!).map((u) => u.use.ca), [[{ operation: 'sign' }]]);
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-script-uses-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

/** [ ca ] without default_ca; [ CA_root ] set up for signing but without serial. */
const caCnf = '[ ca ]\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n';

test('the workspace: scripts anywhere under the folders, rescanned after a reported change; the linter judges the file by them, an explicit use wins', async () => {
  const dir = workspace({ 'pki/ca.cnf': caCnf, 'pki/req.sh': 'openssl req -new -config ca.cnf -subj /CN=x\n', '.github/workflows/ci.yml': 'steps:\n  - run: openssl ca -config pki/ca.cnf -name CA_root -in r.csr\n', 'node_modules/x/gen.sh': 'openssl ca -config ../../pki/ca.cnf -gencrl\n' });
  try {
    const env = nodeEnvironment();
    const uses = new WorkspaceUses(env, () => [dir]);
    const cnf = join(dir, 'pki/ca.cnf');
    assert.deepEqual((await uses.of(cnf)).map((u) => `${u.script.slice(dir.length)}:${u.line}`).sort(), ['/.github/workflows/ci.yml:2', '/pki/req.sh:1']);
    const lint = async (text = caCnf) => {
      clearCnfCache();
      const context = { env, settings: defaultLintSettings, workspaceRoots: [dir], scriptUses: (p: string) => uses.of(p) };
      const findings = await cnfLinter.lint({ path: cnf, text }, context);
      return { found: findings.map((f) => `${text.slice(0, f.start).split('\n').length}:${f.code}:${f.severity}`), deps: await cnfLinter.dependencies!({ path: cnf, text }, context) };
    };
    // openssl req and openssl ca -name CA_root: default_ca is never read; CA_root, which signs, lacks serial.
    const both = await lint();
    assert.deepEqual(both.found, ['2:CA-001:error']);
    // The verdict names the commands it was judged by, where they are written.
    clearCnfCache();
    const [error] = await cnfLinter.lint({ path: cnf, text: caCnf }, { env, settings: defaultLintSettings, workspaceRoots: [dir], scriptUses: (p: string) => uses.of(p) });
    assert.deepEqual(error!.related?.map((r) => `${r.file.slice(dir.length)}:${r.line} ${r.message}`).sort(), [
      '/.github/workflows/ci.yml:1 The file as ci.yml line 2 uses it: openssl ca -config pki/ca.cnf -name CA_root -in r.csr',
      '/pki/req.sh:0 The file as req.sh line 1 uses it: openssl req -new -config ca.cnf -subj /CN=x',
    ]);
    assert.deepEqual(both.deps.map((d) => d.slice(dir.length)).sort(), ['/.github/workflows/ci.yml', '/pki/req.sh']);
    // A used-by comment wins over the scripts: -gencrl with CA_root fails, as it gives no CRL period (OpenSSL: "cannot lookup how long until the next CRL is issued").
    assert.deepEqual((await lint(`# certwright: used-by openssl ca -name CA_root -gencrl\n${caCnf}`)).found, ['3:CA-001:error']);
    // The CI step goes; a script runs openssl ca without -name: the missing default_ca fails it, and nothing uses CA_root any more.
    rmSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, 'pki/crl.sh'), 'openssl ca -config ca.cnf -gencrl\n');
    assert.deepEqual((await lint()).found, ['2:CA-001:error'], 'the scan is reused until a change is reported');
    assert.equal(uses.changed([join(dir, '.github'), join(dir, 'pki/crl.sh')]), true);
    assert.deepEqual((await lint()).found, ['1:CA-001:error']);
    assert.equal(uses.changed([join(dir, 'pki/ca.crt')]), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the workspace scan enters the folders the deployment walks enter: a dot in the name, CI and dev-container dot-folders; not vendored code or other dot-folders', async () => {
  const run = 'openssl req -new -config ../pki/ca.cnf\n';
  const dir = workspace({ 'pki/ca.cnf': caCnf, 'deploy.d/req.sh': run, 'node1.example.com/req.sh': run, '.devcontainer/req.sh': run, 'vendor/req.sh': run, 'target/req.sh': run, '.idea/req.sh': run });
  try {
    const uses = new WorkspaceUses(nodeEnvironment(), () => [dir]);
    assert.deepEqual((await uses.of(join(dir, 'pki/ca.cnf'))).map((u) => u.script.slice(dir.length)).sort(), ['/.devcontainer/req.sh', '/deploy.d/req.sh', '/node1.example.com/req.sh']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the workspace scan reads no script larger than maxScriptBytes, and no shell words of a script that names no -config or -extfile', async () => {
  const run = 'openssl req -new -config ca.cnf\n';
  const dir = workspace({ 'ca.cnf': caCnf, 'small.sh': run, 'big.sh': `${run}${'#'.repeat(maxScriptBytes)}`, 'other.sh': 'openssl genrsa -out k.pem 2048\n' });
  try {
    const uses = new WorkspaceUses(nodeEnvironment(), () => [dir]);
    assert.deepEqual((await uses.of(join(dir, 'ca.cnf'))).map((u) => u.script.slice(dir.length)), ['/small.sh']);
    assert.equal(mayUseConfigs(run), true);
    assert.equal(mayUseConfigs('openssl genrsa -out k.pem 2048\n'), false);
    assert.equal(mayUseConfigs('openssl x509 -req -extfile v3.ext\n'), true);
    assert.equal(mayUseConfigs('"${OPENSSL_BIN}" req -new -config req.cnf\n'), true);
    assert.deepEqual(findScriptUses('/w/gen.sh', '"${OPENSSL_BIN}" req -new -config req.cnf\n').map((u) => u.file), ['/w/req.cnf']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('certwright lint of a folder judges each configuration file by the scripts in it; --openssl-command lines replace them, merged', async () => {
  const dir = workspace({ 'ca.cnf': caCnf, 'gen.sh': 'cd "$(dirname "$0")"\nopenssl ca -config ca.cnf -name CA_root -gencrl\n' });
  try {
    const o: CliIo & { stdout: string } = { stdout: '', cwd: dir, out: (t: string) => void (o.stdout += t), err: () => {} };
    const run = async (...args: string[]) => {
      o.stdout = '';
      const rc = await lintCommand.run(['.', '--format', 'json', ...args], o);
      return { rc, found: (JSON.parse(o.stdout) as { line: number; code: string; severity: string }[]).map((r) => `${r.line}:${r.code}:${r.severity}`) };
    };
    // gen.sh makes CRLs with CA_root: nothing reads default_ca, serial is not needed, and a CRL period is (OpenSSL fails without one).
    assert.deepEqual(await run(), { rc: 1, found: ['2:CA-001:error'] });
    // --openssl-command replaces the scripts; two lines for one file are both taken into account (-name CA_root signs, a run without -name reads default_ca).
    assert.deepEqual(await run('--openssl-command', 'openssl ca -config ca.cnf -name CA_root', '--openssl-command', 'openssl ca -config ca.cnf -gencrl'), { rc: 1, found: ['1:CA-001:error', '2:CA-001:error'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a verdict the scripts decide names them: CA-013 and CA-014 (a period read as 0, a bad name_opt) as CA-001 does', async () => {
  const cnf = '[ ca ]\ndefault_ca = CA_root\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\nserial = serial\ndefault_days = days365\nname_opt = ca_defualt\npolicy = pol\n[ pol ]\nCN = supplied\n';
  const dir = workspace({ 'pki/ca.cnf': cnf, 'pki/sign.sh': 'openssl ca -config ca.cnf -in r.csr\n' });
  try {
    const env = nodeEnvironment();
    const uses = new WorkspaceUses(env, () => [dir]);
    clearCnfCache();
    const findings = await cnfLinter.lint({ path: join(dir, 'pki/ca.cnf'), text: cnf }, { env, settings: defaultLintSettings, workspaceRoots: [dir], scriptUses: (p: string) => uses.of(p) });
    // OpenSSL 3.0.19 fails this run on both: "cannot lookup how many days to certify for", "Invalid name options".
    assert.deepEqual(findings.map((f) => `${cnf.slice(0, f.start).split('\n').length}:${f.code}:${f.severity}`).sort(), ['10:CA-014:error', '11:CA-013:error']);
    for (const f of findings) assert.deepEqual(f.related?.map((r) => `${r.file.slice(dir.length)}:${r.line}`), ['/pki/sign.sh:0'], f.code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file read through .include is judged as the commands use the file including it, and names that .include line', async () => {
  const main = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n.include ca.cnf\n';
  // The CA part, alone: no [ req ], so taken for a file only openssl ca uses (no database: an error).
  const part = '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\nserial = serial\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n';
  // The script runs openssl in its own folder, where OpenSSL opens the relative .include.
  const dir = workspace({ 'pki/openssl.cnf': main, 'pki/ca.cnf': part, 'pki/req.sh': 'openssl req -new -config openssl.cnf -key k.pem\n' });
  try {
    const env = nodeEnvironment();
    const uses = new WorkspaceUses(env, () => [dir]);
    const cnf = join(dir, 'pki/ca.cnf');
    const lint = async () => {
      clearCnfCache();
      const context = { env, settings: defaultLintSettings, workspaceRoots: [dir], scriptUses: (p: string) => uses.of(p) };
      return { findings: await cnfLinter.lint({ path: cnf, text: part }, context), deps: await cnfLinter.dependencies!({ path: cnf, text: part }, context) };
    };
    const at = (fs: readonly { start: number; code: string; severity: string }[]) => fs.map((f) => `${part.slice(0, f.start).split('\n').length}:${f.code}:${f.severity}`);
    assert.deepEqual((await uses.of(cnf)).map((u) => `${u.via?.file.slice(dir.length)}:${u.via?.line} ${u.script.slice(dir.length)}:${u.line}`), ['/pki/openssl.cnf:6 /pki/req.sh:1']);
    // Only openssl req reads the configuration: the CA settings are never read.
    const byReq = await lint();
    assert.deepEqual(at(byReq.findings), []);
    assert.deepEqual(byReq.deps.map((d) => d.slice(dir.length)).sort(), ['/pki/openssl.cnf', '/pki/req.sh']);
    // openssl ca with it too: OpenSSL fails ("variable lookup failed for CA_default::database"), and the error names the .include line and the command.
    writeFileSync(join(dir, 'pki/sign.sh'), 'openssl ca -config openssl.cnf -in r.csr\n');
    assert.equal(uses.changed([join(dir, 'pki/sign.sh')]), true);
    const byCa = await lint();
    assert.deepEqual(at(byCa.findings), ['3:CA-001:error']);
    assert.deepEqual(byCa.findings[0]!.related?.map((r) => `${r.file.slice(dir.length)}:${r.line} ${r.message}`).slice(0, 2), [
      '/pki/openssl.cnf:5 openssl.cnf includes this file here: OpenSSL reads it as part of that configuration',
      '/pki/req.sh:0 The file including it as req.sh line 1 uses it: openssl req -new -config openssl.cnf -key k.pem',
    ]);
    // Run from elsewhere, the relative .include opens nothing there: no use reaches the part.
    writeFileSync(join(dir, 'pki/req.sh'), 'openssl req -new -config pki/openssl.cnf -key k.pem\n');
    rmSync(join(dir, 'pki/sign.sh'));
    writeFileSync(join(dir, 'make.sh'), 'openssl req -new -config pki/openssl.cnf -key k.pem\n');
    rmSync(join(dir, 'pki/req.sh'));
    uses.changed([join(dir, 'make.sh'), join(dir, 'pki/req.sh'), join(dir, 'pki/sign.sh')]);
    assert.deepEqual(await uses.of(cnf), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
