/**
 * OpenSSL as the judge of the req-defaults, CA-required and include rules
 * (rules/reqDefaults.ts, rules/caRequired.ts, rules/includes.ts): every case
 * that Certwright makes an error makes the real `openssl req` / `openssl ca`
 * fail; every warning-only case is one OpenSSL accepts (with the flag the
 * warning names, where there is one).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caRequiredRules } from '../../server/src/core/cnf/rules/caRequired';
import { includeRules } from '../../server/src/core/cnf/rules/includes';
import { reqDefaultsRules } from '../../server/src/core/cnf/rules/reqDefaults';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { runModule, type RuleModule } from '../unit/cnf/moduleRunner';

function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'pipe' }).status === 0;
}
const skip = hasOpenssl() ? false : 'openssl CLI not found on PATH (scripts/install-system-deps.sh installs it)';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cnf-defaults-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openssl(cwd: string, ...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function write(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

function codes(rules: RuleModule, text: string, file: string): { code: string; severity: string }[] {
  return runModule(rules, text, { path: file }).map((f) => ({ code: f.code, severity: f.severity }));
}

let n = 0;
const key = path.join(tmp, 'key.pem');
const caKey = path.join(tmp, 'ca.key');
const caCert = path.join(tmp, 'ca.crt');
const csr = path.join(tmp, 'req.csr');
if (!skip) {
  for (const [args, what] of [
    [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], 'key'],
    [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey], 'CA key'],
    [['req', '-x509', '-new', '-key', caKey, '-subj', '/O=Test/CN=Test CA', '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', caCert], 'CA'],
    [['req', '-new', '-key', key, '-subj', '/O=Test/CN=leaf', '-out', csr], 'CSR'],
  ] as const) {
    const r = openssl(tmp, ...args);
    if (!r.ok) throw new Error(`setting up the ${what} failed: ${r.out}`);
  }
}

test('REQ-014: openssl req fails to generate the key exactly when Certwright reports default_bits (a warning: -key never reads it)', { skip }, () => {
  for (const [bits, fails] of [['256', true], ['abc', true], ['2k', true], ['-1', true], ['511', true], ['', true], ['512', false], ['1024 bits', false]] as const) {
    const text = `[ req ]\nprompt = no\ndistinguished_name = dn\ndefault_bits = ${bits}\n[ dn ]\nCN = x\n`;
    const file = write(`bits${n++}.cnf`, text);
    const r = openssl(tmp, 'req', '-new', '-config', file, '-nodes', '-keyout', path.join(tmp, 'gen.key'), '-out', path.join(tmp, 'gen.csr'));
    assert.equal(!r.ok, fails, `default_bits = ${bits}: ${r.out}`);
    if (fails) assert.match(r.out, /key size too small/, bits);
    const found = codes(reqDefaultsRules, text, file);
    assert.deepEqual(found, fails ? [{ code: 'REQ-014', severity: 'warning' }] : [], `default_bits = ${bits}`);
    // With the key given, default_bits is never read.
    assert.ok(openssl(tmp, 'req', '-new', '-config', file, '-key', key, '-out', path.join(tmp, 'k.csr')).ok, bits);
  }
});

test('REQ-015: encrypt_key other than no gives an encrypted key; Certwright warns exactly then', { skip }, () => {
  for (const [line, encrypted] of [['encrypt_key = yes', true], ['encrypt_key = no', false], ['encrypt_rsa_key = yes\nencrypt_key = no', true], ['encrypt_rsa_key = no\nencrypt_key = yes', false]] as const) {
    const text = `[ req ]\nprompt = no\ndistinguished_name = dn\n${line}\n[ dn ]\nCN = x\n`;
    const file = write(`enc${n++}.cnf`, text);
    const out = path.join(tmp, `enc${n}.key`);
    const r = openssl(tmp, 'req', '-new', '-config', file, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-keyout', out, '-out', path.join(tmp, 'enc.csr'), '-passout', 'pass:secret');
    assert.ok(r.ok, r.out);
    assert.equal(/ENCRYPTED/.test(fs.readFileSync(out, 'utf8')), encrypted, line);
    assert.deepEqual(codes(reqDefaultsRules, text, file), encrypted ? [{ code: 'REQ-015', severity: 'warning' }] : [], line);
  }
});

test('REQ-016: OpenSSL signs with SHA-1 when asked (a warning, not an error)', { skip }, () => {
  const text = '[ req ]\nprompt = no\ndistinguished_name = dn\ndefault_md = sha1\n[ dn ]\nCN = x\n';
  const file = write('md.cnf', text);
  const cert = path.join(tmp, 'md.crt');
  assert.ok(openssl(tmp, 'req', '-x509', '-new', '-config', file, '-key', key, '-days', '1', '-out', cert).ok);
  assert.match(openssl(tmp, 'x509', '-in', cert, '-noout', '-text').out, /Signature Algorithm: ecdsa-with-SHA1/);
  assert.deepEqual(codes(reqDefaultsRules, text, file), [{ code: 'REQ-016', severity: 'warning' }]);
});

test('REQ-008: -batch subject without CN, or failure without any default (reported for subject-like values, not prompt texts)', { skip }, () => {
  const cases: [string, RegExp | undefined, boolean][] = [
    ['O = Org\nO_default = Acme\ncommonName = host1\n', /^subject=O = Acme$/m, true],
    ['O = Org\nO_default = Acme\ncommonName = Common Name\n', /^subject=O = Acme$/m, false],
    ['O = Org\nO_default = Acme\ncommonName = Common Name\ncommonName_default = host.example\n', /^subject=O = Acme, CN = host.example$/m, false],
    ['O = Org\ncommonName = host1\n', undefined, true],
    ['O = Organization Name\ncommonName = Common Name\n', undefined, false],
  ];
  for (const [fields, subject, warns] of cases) {
    const text = `[ req ]\ndistinguished_name = req_dn\n[ req_dn ]\n${fields}`;
    const file = write(`dn${n++}.cnf`, text);
    const out = path.join(tmp, `dn${n}.csr`);
    const r = openssl(tmp, 'req', '-new', '-config', file, '-key', key, '-batch', '-out', out);
    if (subject) {
      assert.ok(r.ok, r.out);
      assert.match(openssl(tmp, 'req', '-in', out, '-noout', '-subject').out, subject);
    } else {
      assert.ok(!r.ok);
      assert.match(r.out, /No objects specified in config file/);
    }
    assert.deepEqual(codes(reqDefaultsRules, text, file), warns ? [{ code: 'REQ-008', severity: 'warning' }] : [], fields);
  }
});

const caKeys: Record<string, string> = { database: 'index.txt', new_certs_dir: '.', certificate: caCert, private_key: caKey, serial: 'serial', default_days: '30', default_md: 'sha256', policy: 'pol' };
const flags: Record<string, string[]> = { new_certs_dir: ['-outdir', '.'], certificate: ['-cert', caCert], private_key: ['-keyfile', caKey], default_days: ['-days', '30'], default_md: ['-md', 'sha256'], policy: ['-policy', 'pol'] };

function caDir(text: string): { dir: string; file: string } {
  const dir = path.join(tmp, `ca${n++}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  const file = path.join(dir, 'ca.cnf');
  fs.writeFileSync(file, text);
  return { dir, file };
}

test('CA-001: openssl ca fails for every missing key; an error only where no flag replaces it, and the flag works', { skip }, () => {
  const said = (m: string): string => (m.startsWith('variable lookup failed') ? m.slice(0, m.indexOf(': [')) : '');
  const keyPhrase: Record<string, string> = { new_certs_dir: 'there needs to be defined a directory for new certificate', default_days: 'cannot lookup how many days to certify for' };
  for (const drop of Object.keys(caKeys)) {
    const text = `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n${Object.entries(caKeys).filter(([k]) => k !== drop).map(([k, v]) => `${k} = ${v}\n`).join('')}[ pol ]\nO = supplied\n`;
    const { dir, file } = caDir(text);
    const sign = ['ca', '-config', file, '-batch', '-in', csr, '-notext', '-out', path.join(dir, 'leaf.crt')];
    const r = openssl(dir, ...sign);
    assert.ok(!r.ok, `${drop}: openssl ca should fail\n${r.out}`);
    const found = runModule(caRequiredRules, text, { path: file });
    assert.equal(found.length, 1, `${drop}: ${found.map((f) => f.message).join(' / ')}`);
    // Errors start with OpenSSL's own words; a warning names the key and its flag.
    if (!flags[drop]) assert.ok(r.out.includes(said(found[0]!.message)) && said(found[0]!.message).length > 10, `${drop}: OpenSSL said\n${r.out}\nCertwright: ${found[0]!.message}`);
    else {
      assert.ok(found[0]!.message.includes(`${drop}`) && found[0]!.message.includes(flags[drop]![0]!), `${drop}: ${found[0]!.message}`);
      assert.ok(r.out.includes(keyPhrase[drop] ?? `::${drop}`), `${drop}: OpenSSL said\n${r.out}`);
    }
    assert.equal(found[0]!.severity, flags[drop] ? 'warning' : 'error', drop);
    if (flags[drop]) assert.ok(openssl(dir, ...sign, ...flags[drop]!).ok, `${drop} with ${flags[drop]!.join(' ')}`);
  }
});

test('CA-001: rand_serial spares serial; a CRL-only section works for -gencrl and -revoke', { skip }, () => {
  const rand = `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n${Object.entries(caKeys).filter(([k]) => k !== 'serial').map(([k, v]) => `${k} = ${v}\n`).join('')}rand_serial = yes\n[ pol ]\nO = supplied\n`;
  const a = caDir(rand);
  assert.ok(openssl(a.dir, 'ca', '-config', a.file, '-batch', '-in', csr, '-notext', '-out', path.join(a.dir, 'leaf.crt')).ok);
  assert.deepEqual(codes(caRequiredRules, rand, a.file), []);
  const crl = '[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n';
  const b = caDir(crl);
  assert.ok(openssl(b.dir, 'ca', '-config', b.file, '-gencrl', '-keyfile', caKey, '-cert', caCert, '-out', path.join(b.dir, 'c.crl')).ok);
  assert.ok(codes(caRequiredRules, crl, b.file).every((f) => f.severity === 'warning'));
  const noCrlDays = crl.replace('default_crl_days = 1\n', '');
  const c = caDir(noCrlDays);
  const r = openssl(c.dir, 'ca', '-config', c.file, '-gencrl', '-keyfile', caKey, '-cert', caCert, '-out', path.join(c.dir, 'c.crl'));
  assert.ok(!r.ok);
  assert.match(r.out, /cannot lookup how long until the next CRL is issued/);
  assert.ok(runModule(caRequiredRules, noCrlDays, { path: c.file }).some((f) => f.severity === 'warning' && /-gencrl (also )?needs default_crl_days or default_crl_hours \(or -crldays/.test(f.message)));
  // -name replaces default_ca: the issue's multi-CA file signs with -name CA_root, and Certwright only warns.
  const multi = `[ ca ]\ndefault_ca = CA_default\n[ CA_root ]\n${Object.entries(caKeys).map(([k, v]) => `${k} = ${v}\n`).join('')}[ pol ]\nO = supplied\n`;
  const d = caDir(multi);
  assert.ok(!openssl(d.dir, 'ca', '-config', d.file, '-batch', '-in', csr, '-notext', '-out', path.join(d.dir, 'x.crt')).ok);
  assert.ok(openssl(d.dir, 'ca', '-config', d.file, '-name', 'CA_root', '-batch', '-in', csr, '-notext', '-out', path.join(d.dir, 'leaf.crt')).ok);
  assert.deepEqual(codes(caRequiredRules, multi, d.file), [{ code: 'CA-001', severity: 'warning' }]);
});

test('CNF-054: a relative .include loads from the working directory only', { skip }, () => {
  const dir = path.join(tmp, 'inc');
  const main = write('inc/main.cnf', '.include sub.cnf\n[ req ]\nprompt = no\ndistinguished_name = dn\n');
  write('inc/sub.cnf', '[ dn ]\nCN = from-sub\n');
  assert.ok(openssl(dir, 'req', '-new', '-config', main, '-key', key, '-out', path.join(tmp, 'inc.csr')).ok);
  assert.ok(!openssl(tmp, 'req', '-new', '-config', main, '-key', key, '-out', path.join(tmp, 'inc.csr')).ok, 'from elsewhere the include is skipped and [ dn ] is missing');
  const env = nodeEnvironment({ cwd: () => dir, getEnv: () => undefined });
  const found = runModule(includeRules, fs.readFileSync(main, 'utf8'), { path: main, env });
  assert.deepEqual(found.map((f) => `${f.code}:${f.severity}`), ['CNF-054:warning']);
});
