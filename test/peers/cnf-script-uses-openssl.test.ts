/**
 * Configuration files judged by the workspace's scripts that use them, against the real OpenSSL:
 * for each script + openssl.cnf pair, every openssl command Certwright finds in the scripts
 * (cnf/scriptUses.ts) is run as written, in the script's folder; Certwright, judging the file by
 * the uses found (several, merged), must report an error exactly when one of those commands fails,
 * and no error when all of them work. The pairs are the cases where the use decides: `ca -name`
 * (default_ca not read), several scripts that disagree, `-gencrl` (no serial needed), `ts -reply
 * -section`, `x509 -extfile -extensions`, a Makefile recipe's `cd`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceUses } from '../../server/src/core/cnf/workspaceUses';
import { cnfLinter } from '../../server/src/core/cnf/linter';
import { clearCnfCache } from '../../server/src/core/cnf';
import { words } from '../../server/src/core/setup/startCommands';
import { defaultLintSettings } from '../../server/src/core/types';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';

const skip = spawnSync('openssl', ['version'], { stdio: 'pipe' }).status === 0 ? false : 'openssl CLI not found on PATH (scripts/install-system-deps.sh installs it)';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cnf-script-uses-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openssl(cwd: string, args: string[], conf = path.join(tmp, 'empty.cnf')): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, OPENSSL_CONF: conf } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** The files every script reads (in each case's folder): a CA, a request, a revocable certificate, a time-stamp query. */
const inputs = ['ca.key', 'ca.crt', 'leaf.key', 'r.csr', 'leaf.crt', 'q.tsq', 'tsa.crt', 'tsa.key'];
before(() => {
  if (skip) return;
  fs.writeFileSync(path.join(tmp, 'empty.cnf'), '');
  for (const args of [
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'],
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key'],
    ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Script CA', '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt'],
    ['req', '-new', '-key', 'leaf.key', '-subj', '/CN=leaf', '-out', 'r.csr'],
    ['x509', '-req', '-in', 'r.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '77', '-days', '2', '-out', 'leaf.crt'],
    ['req', '-x509', '-new', '-key', 'leaf.key', '-subj', '/CN=Script TSA', '-days', '2', '-addext', 'extendedKeyUsage=critical,timeStamping', '-out', 'tsa.crt'],
    ['pkey', '-in', 'leaf.key', '-out', 'tsa.key'],
    ['ts', '-query', '-data', 'ca.crt', '-sha256', '-cert', '-out', 'q.tsq'],
  ]) {
    const r = openssl(tmp, args);
    assert.ok(r.ok, r.out);
  }
});

const caKeys = { database: 'index.txt', new_certs_dir: '.', serial: 'serial', default_md: 'sha256', default_days: '30', policy: 'pol', crlnumber: 'crlnumber', default_crl_days: '1' };
const caSection = (name: string, drop: string[] = []): string => `[ ${name} ]\n${Object.entries(caKeys).filter(([k]) => !drop.includes(k)).map(([k, v]) => `${k} = ${v}\n`).join('')}`;
const caFile = (...sections: string[]): string => `[ ca ]\n${sections.join('')}[ pol ]\nCN = supplied\n[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n`;
const sign = (name: string) => `openssl ca -batch -config ca.cnf -name ${name} -in r.csr -cert ca.crt -keyfile ca.key -notext -out ${name}.crt`;
const gencrl = (name: string) => `openssl ca -config ca.cnf -name ${name} -gencrl -cert ca.crt -keyfile ca.key -out ${name}.crl`;
const tsaSection = (name: string, drop: string[] = []) =>
  `[ ${name} ]\n${Object.entries({ serial: 'tsaserial', signer_cert: 'tsa.crt', signer_key: 'tsa.key', signer_digest: 'sha256', default_policy: '1.2.3.4.1', digests: 'sha256', accuracy: 'secs:1' }).filter(([k]) => !drop.includes(k)).map(([k, v]) => `${k} = ${v}\n`).join('')}`;

interface Pair {
  readonly what: string;
  /** The files of the case's folder (paths relative to it): the configuration file and the scripts. */
  readonly files: Record<string, string>;
  /** The configuration file judged. */
  readonly cnf: string;
  /** How many commands the scripts run on it (what Certwright must find). */
  readonly commands: number;
}

const pairs: Pair[] = [
  { what: 'ca -name CA_root, [ ca ] without default_ca, and req on the same file', cnf: 'ca.cnf', commands: 2, files: { 'ca.cnf': caFile(caSection('CA_root')), 'gen.sh': `openssl req -new -config ca.cnf -key leaf.key -out n.csr\n${sign('CA_root')}\n` } },
  { what: 'ca -name CA_root signing, CA_root without serial', cnf: 'ca.cnf', commands: 1, files: { 'ca.cnf': caFile(caSection('CA_root', ['serial'])), 'gen.sh': `${sign('CA_root')}\n` } },
  { what: 'ca -name CA_root -gencrl only, CA_root without serial', cnf: 'ca.cnf', commands: 1, files: { 'ca.cnf': caFile(caSection('CA_root', ['serial'])), 'crl.sh': `${gencrl('CA_root')}\n` } },
  { what: 'two scripts disagree: CA_root signs (complete), CA_sub signs (no database)', cnf: 'ca.cnf', commands: 2, files: { 'ca.cnf': caFile(caSection('CA_root'), caSection('CA_sub', ['database'])), 'root.sh': `${sign('CA_root')}\n`, 'sub/sub.sh': `cd ..\n${sign('CA_sub')}\n` } },
  { what: 'two scripts disagree: CA_root signs, CA_sub (no serial) only makes CRLs', cnf: 'ca.cnf', commands: 2, files: { 'ca.cnf': caFile(caSection('CA_root'), caSection('CA_sub', ['serial'])), 'root.sh': `${sign('CA_root')}\n`, 'docs/README.md': `Make the CRL:\n\n\`\`\`sh\ncd ..\n${gencrl('CA_sub')}\n\`\`\`\n` } },
  { what: 'ts -reply -section tsa_alt (complete), default_tsa names a section without serial', cnf: 'tsa.cnf', commands: 1, files: { 'tsa.cnf': `[ tsa ]\ndefault_tsa = tsa_main\n${tsaSection('tsa_main', ['serial'])}${tsaSection('tsa_alt')}`, 'ts.sh': 'openssl ts -reply -config tsa.cnf -section tsa_alt -queryfile q.tsq -out r.tsr\n' } },
  { what: 'ts -reply -section tsa_alt, tsa_alt without digests', cnf: 'tsa.cnf', commands: 1, files: { 'tsa.cnf': `[ tsa ]\ndefault_tsa = tsa_main\n${tsaSection('tsa_main')}${tsaSection('tsa_alt', ['digests'])}`, 'ts.sh': 'openssl ts -reply -config tsa.cnf -section tsa_alt -queryfile q.tsq -out r.tsr\n' } },
  { what: 'x509 -extfile -extensions good, [ bad ] unused', cnf: 'ext.cnf', commands: 1, files: { 'ext.cnf': '[ good ]\nbasicConstraints = CA:FALSE\n[ bad ]\nbasicConstraints = CA:maybe\n', 'sign.sh': 'openssl x509 -req -in r.csr -CA ca.crt -CAkey ca.key -set_serial 5 -days 1 -extfile ext.cnf -extensions good -out g.crt\n' } },
  { what: 'x509 -extfile -extensions bad, from a Makefile recipe that cds', cnf: 'certs/ext.cnf', commands: 1, files: { 'certs/ext.cnf': '[ good ]\nbasicConstraints = CA:FALSE\n[ bad ]\nbasicConstraints = CA:maybe\n', Makefile: 'leaf.crt:\n\tcd certs && openssl x509 -req -in ../r.csr -CA ../ca.crt -CAkey ../ca.key -set_serial 6 -days 1 -extfile ext.cnf -extensions bad -out b.crt\n' } },
  // Commands without -config read the file OPENSSL_CONF names: exported for the rest of the script, or before one command.
  {
    what: 'export OPENSSL_CONF=ca.cnf, then openssl ca without -config: CA_default without database',
    cnf: 'ca.cnf',
    commands: 1,
    files: { 'ca.cnf': `[ ca ]\ndefault_ca = d\n${caSection('d', ['database'])}[ pol ]\nCN = supplied\n`, 'sign.sh': 'export OPENSSL_CONF=ca.cnf\nopenssl ca -batch -in r.csr -cert ca.crt -keyfile ca.key -notext -out s.crt\n' },
  },
  {
    what: 'OPENSSL_CONF=req.cnf before openssl req: an engine that cannot load is skipped (as -config it would fail)',
    cnf: 'req.cnf',
    commands: 1,
    files: { 'req.cnf': 'openssl_conf = init\n[ init ]\nengines = eng\n[ eng ]\nbogus = bogus_sect\n[ bogus_sect ]\ndynamic_path = /nonexistent/libbogus.so\n[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n', 'gen.sh': 'OPENSSL_CONF=req.cnf openssl req -new -key leaf.key -out x.csr\n' },
  },
  // A part read through .include (relative: OpenSSL opens it in the folder the command runs in) is read as the
  // including file is used: alone, the CA part (no [ req ]) would be taken for a file only openssl ca uses.
  ...(['', `openssl ca -batch -config main.cnf -in r.csr -cert ca.crt -keyfile ca.key -notext -out s.crt\n`] as const).map(
    (signs, k): Pair => ({
      what: `a CA part without database, included by a file ${k ? 'openssl req and ca use' : 'only openssl req uses'}`,
      cnf: 'part.cnf',
      commands: k + 1,
      files: { 'main.cnf': '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n.include part.cnf\n', 'part.cnf': `[ ca ]\ndefault_ca = d\n${caSection('d', ['database'])}[ pol ]\nCN = supplied\n`, 'gen.sh': `openssl req -new -config main.cnf -key leaf.key -out x.csr\n${signs}` },
    }),
  ),
];

test('certwright, judging a file by the openssl commands of the scripts beside it, agrees with openssl running them', { skip }, async () => {
  const bad: string[] = [];
  let commands = 0;
  const failing: string[] = [];
  for (const [i, p] of pairs.entries()) {
    const dir = path.join(tmp, `p${i}`);
    fs.mkdirSync(dir);
    for (const f of inputs) fs.copyFileSync(path.join(tmp, f), path.join(dir, f));
    for (const [f, t] of [['index.txt', ''], ['serial', '01\n'], ['crlnumber', '01\n'], ['tsaserial', '01\n']] as const) fs.writeFileSync(path.join(dir, f), t);
    for (const [f, t] of Object.entries(p.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), t);
    }
    const env = nodeEnvironment({ cwd: () => dir });
    const uses = new WorkspaceUses(env, () => [dir]);
    const file = path.join(dir, p.cnf);
    const found = await uses.of(file);
    assert.equal(found.length, p.commands, `${p.what}: ${JSON.stringify(found)}`);
    // Each command as the script runs it: its words, in the folder it runs in (the script's, after its cd).
    const runs = found.map((u) => {
      const argv = words(u.command, 0, false).map((w) => w.text).slice(1);
      const cd = /(?:^|\n|&&\s*)cd\s+(\S+)/.exec(fs.readFileSync(u.script, 'utf8'));
      const cwd = cd ? path.resolve(path.dirname(u.script), cd[1]!) : path.dirname(u.script);
      // A command without -config reads the file through OPENSSL_CONF, as the script sets it.
      return { command: u.command, ...openssl(cwd, argv, u.use.loadedAs === 'opensslConf' ? u.file : undefined) };
    });
    commands += runs.length;
    clearCnfCache();
    const text = fs.readFileSync(file, 'utf8');
    const findings = await cnfLinter.lint({ path: file, text }, { env, settings: defaultLintSettings, workspaceRoots: [dir], scriptUses: (f) => uses.of(f) });
    const errors = findings.filter((f) => f.severity === 'error');
    const fails = runs.filter((r) => !r.ok);
    if (fails.length) failing.push(p.what);
    if (fails.length > 0 !== errors.length > 0) {
      bad.push(`${p.what}\n  openssl: ${fails.map((r) => `${r.command} fails: ${r.out.split('\n').filter((l) => /error|Error|cannot|lookup/.test(l)).slice(0, 2).join(' | ')}`).join('; ') || 'every command works'}\n  certwright: ${errors.map((e) => `${e.code} ${e.message}`).join(' / ') || 'no error'}`);
    }
  }
  console.log(`cnf script uses: ${pairs.length - bad.length}/${pairs.length} script + configuration pairs agree with openssl (${commands} commands run; openssl fails on ${failing.length}: ${failing.join('; ')})`);
  // Both verdicts occur: the pairs where the use decides go either way.
  assert.deepEqual(failing, [pairs[1]!.what, pairs[3]!.what, pairs[6]!.what, pairs[8]!.what, pairs[9]!.what, pairs[12]!.what]);
  for (const b of bad) console.log(`DISAGREE ${b}`);
  assert.equal(bad.length, 0, `${bad.length} disagreements (see output)`);
});
