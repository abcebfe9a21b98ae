/**
 * commandUsesOf: what an openssl command line says about the configuration files it reads. The
 * classes oracle (test/peers/cnf-classes-openssl.test.ts) derives every case's use from the words
 * openssl itself ran; here the forms that oracle does not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUsesOf, mergeUses, usedByComment } from '../../../server/src/core/cnf/commandUse';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import type { CommandLineUse } from '../../../server/src/core/cnf/model';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { defaultLintSettings } from '../../../server/src/core/types';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

/** The uses a command line gives, without the options each run lists (a test of its own says those). */
const uses = (line: string) => {
  const u = commandUsesOf(line.split(' '));
  if ('error' in u) return u;
  const bare = <T extends { readonly options?: readonly string[] }>({ options: _, ...rest }: T): Omit<T, 'options'> => rest;
  return u.map(({ file, use }) => ({ file, use: { ...use, ...(use.ca ? { ca: use.ca.map(bare) } : {}), ...(use.tsReply ? { tsReply: use.tsReply.map(bare) } : {}) } }));
};

test('req and ts load -config as the configuration; -extensions / -reqexts pick the section', () => {
  assert.deepEqual(uses('openssl req -new -config req.cnf -reqexts v3_req -key k.pem'), [{ file: 'req.cnf', use: { commands: ['req'], extensions: ['v3_req'], loadedAs: 'config' } }]);
  assert.deepEqual(uses('/usr/bin/openssl req -x509 --config=req.cnf -extensions=v3_ca'), [{ file: 'req.cnf', use: { commands: ['req'], extensions: ['v3_ca'], loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ts -reply -config tsa.cnf -queryfile q.tsq'), [{ file: 'tsa.cnf', use: { commands: ['ts'], tsReply: [{}], loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ts -reply -config tsa.cnf -section tsa_alt -queryfile q.tsq'), [{ file: 'tsa.cnf', use: { commands: ['ts'], tsReply: [{ section: 'tsa_alt' }], loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ts -query -config tsa.cnf -data d'), [{ file: 'tsa.cnf', use: { commands: [], loadedAs: 'config' } }]);
});

test('x509 -extfile only reads extensions; ca with -extfile takes -extensions from that file, -name and the operation from the command', () => {
  assert.deepEqual(uses('openssl x509 -req -in r.csr -extfile ext.cnf -extensions san'), [{ file: 'ext.cnf', use: { commands: ['extfile'], extensions: ['san'] } }]);
  assert.deepEqual(uses('openssl ca -config ca.cnf -name sub -extfile ext.cnf -extensions leaf -in r.csr'), [
    { file: 'ca.cnf', use: { commands: ['ca'], ca: [{ name: 'sub', operation: 'sign' }], loadedAs: 'config' } },
    { file: 'ext.cnf', use: { commands: ['extfile'], extensions: ['leaf'] } },
  ]);
  assert.deepEqual(uses('ca -config ca.cnf -gencrl -out crl.pem'), [{ file: 'ca.cnf', use: { commands: ['ca'], ca: [{ operation: 'gencrl' }], loadedAs: 'config' } }]);
  assert.deepEqual(uses('openssl ca -config ca.cnf -revoke old.pem -crl_reason keyCompromise'), [{ file: 'ca.cnf', use: { commands: ['ca'], ca: [{ operation: 'revoke' }], loadedAs: 'config' } }]);
});

test('a value that looks like an option is the value (-subj /CN=-x, -passin pass:-config)', () => {
  assert.deepEqual(uses('openssl req -new -passin pass:-config -subj -config -config real.cnf'), [{ file: 'real.cnf', use: { commands: ['req'], reqSubj: true, loadedAs: 'config' } }]);
});

test('other commands, and commands that read no file, are said to be so', () => {
  assert.match((uses('openssl genpkey -algorithm ec') as { error: string }).error, /is not an openssl req, ca, x509 or ts command/);
  assert.match((uses('openssl x509 -in c.pem -noout -text') as { error: string }).error, /names no file with -extfile/);
  assert.match((commandUsesOf([]) as { error: string }).error, /is not an openssl/);
});

test('# certwright: used-by declares the use in the file itself; the file may be left unnamed', () => {
  assert.deepEqual(usedByComment('# certwright: used-by openssl ca -name CA_root -gencrl\n[ ca ]\n', '/w/ca.cnf'), { commands: ['ca'], ca: [{ name: 'CA_root', operation: 'gencrl', options: ['-name', '-gencrl'] }], loadedAs: 'config' });
  assert.deepEqual(usedByComment('[ san ]\n  # certwright: used-by openssl x509 -req -extensions san   # as sign.sh runs it\n', '/w/ext.cnf'), { commands: ['extfile'], extensions: ['san'] });
  // A command naming this file and another: the use of this one.
  assert.deepEqual(usedByComment('# certwright: used-by openssl ca -config ca.cnf -extfile leaf.ext -extensions leaf\n', '/w/leaf.ext'), { commands: ['extfile'], extensions: ['leaf'] });
  assert.equal(usedByComment('# certwright: used-by openssl genpkey\n', '/w/a.cnf'), undefined);
  assert.equal(usedByComment(`${'#\n'.repeat(3000)}# certwright: used-by openssl ca -name x\n`, '/w/a.cnf'), undefined);
});

test('the openssl.cnf linter judges a file with a used-by comment as that command uses it', async () => {
  const text = (comment: string) => `${comment}[ ca ]\ndefault_ca = CA_default\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\nserial = serial\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n`;
  const codes = async (t: string) => (await cnfLinter.lint({ path: '/virtual/used-by/ca.cnf', text: t }, { env: nodeEnvironment(), settings: defaultLintSettings, workspaceRoots: [] })).map((f) => f.code);
  assert.deepEqual(await codes(text('')), ['CA-001']);
  assert.deepEqual(await codes(text('# certwright: used-by openssl ca -name CA_root\n')), []);
});

const useOf = (line: string): CommandLineUse => {
  const u = commandUsesOf(line.split(' '));
  if ('error' in u) throw new Error(u.error);
  return u[0]!.use;
};

test('several uses of one file merge into one: every section some use picks, every ca and ts -reply run', () => {
  assert.deepEqual(mergeUses([useOf('openssl req -config a.cnf -reqexts v3_req'), useOf('openssl ca -config a.cnf -name CA_root -extensions leaf'), useOf('openssl ca -config a.cnf -name CA_root -extensions leaf')]), {
    extensions: ['v3_req', 'leaf'],
    ca: [{ name: 'CA_root', operation: 'sign', options: ['-name', '-extensions'] }],
    loadedAs: 'config',
    commands: ['req', 'ca'],
  });
  assert.deepEqual(mergeUses([{ loadedAs: 'opensslConf' }, useOf('openssl ts -reply -config a.cnf -section s1'), useOf('openssl ts -reply -config a.cnf')]), { tsReply: [{ section: 's1', options: ['-section', '-reply'] }, { options: ['-reply'] }], loadedAs: 'config' });
  assert.deepEqual(mergeUses([{ loadedAs: 'opensslConf' }, {}]), { loadedAs: 'opensslConf' });
});

/** Findings `line:code:severity` of a text under the merged uses of these command lines. */
function judged(text: string, ...lines: string[]): string[] {
  clearCnfCache();
  const a = analyzeCnf(text, { path: '/virtual/uses/ca.cnf', ...(lines.length ? { commandLine: mergeUses(lines.map(useOf)) } : {}) });
  return a.findings.map((f) => `${text.slice(0, f.start).split('\n').length}:${f.code}:${f.severity}`);
}

test('uses that disagree: a rule judges by all of them, and no error contradicts one of them', () => {
  // [ ca ] without default_ca; [ CA_root ] and [ CA_sub ] lack serial (set up for signing: policy given).
  const section = (n: string) => `[ ${n} ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n`;
  const text = `[ ca ]\n${section('CA_root')}${section('CA_sub')}[ pol ]\nCN = supplied\n`;
  // No use known: openssl ca without -name fails (a warning), the sections get warnings.
  assert.deepEqual(judged(text), ['1:CA-001:warning', '2:CA-001:warning', '10:CA-001:warning']);
  // openssl req and openssl ca -name CA_root: nothing reads default_ca; CA_root, which signs, fails (an error); nothing reads CA_sub.
  assert.deepEqual(judged(text, 'openssl req -config ca.cnf -new -subj /CN=x', 'openssl ca -config ca.cnf -name CA_root -in r.csr'), ['2:CA-001:error']);
  // The error says how the run reaches the section: by -name here, not through default_ca.
  assert.match(analyzeCnf(text, { path: '/virtual/uses/name.cnf', commandLine: useOf('openssl ca -config ca.cnf -name CA_root -in r.csr') }).findings[0]!.message, /^variable lookup failed for CA_root::serial: \[CA_root\], which openssl ca -name CA_root uses, is set up for signing/);
  // A second script signs with CA_sub: both fail a real use.
  assert.deepEqual(judged(text, 'openssl ca -config ca.cnf -name CA_root', 'openssl ca -config ca.cnf -name CA_sub'), ['2:CA-001:error', '10:CA-001:error']);
  // CA_sub only makes CRLs: serial is not needed there, but a CRL period is, and neither the file nor -crldays gives one.
  assert.deepEqual(judged(text, 'openssl ca -config ca.cnf -name CA_root', 'openssl ca -config ca.cnf -name CA_sub -gencrl'), ['2:CA-001:error', '10:CA-001:error']);
  assert.deepEqual(judged(text, 'openssl ca -config ca.cnf -name CA_root', 'openssl ca -config ca.cnf -name CA_sub -gencrl -crldays 7'), ['2:CA-001:error']);
  // And a run without -name: default_ca is read, and its absence fails that run.
  assert.deepEqual(judged(text, 'openssl ca -config ca.cnf -name CA_root', 'openssl ca -config ca.cnf -gencrl'), ['1:CA-001:error', '2:CA-001:error']);
});

test('ts -reply -section picks the TSA settings in use: default_tsa is not read, the picked section fails as an error', () => {
  const tsa = (n: string, serial: boolean) => `[ ${n} ]\ndir = .\n${serial ? 'serial = s\n' : ''}signer_cert = c.pem\nsigner_key = k.pem\nsigner_digest = sha256\ndefault_policy = 1.2.3.4\ndigests = sha256\n`;
  const text = `[ tsa ]\ndefault_tsa = tsa_main\n${tsa('tsa_main', false)}${tsa('tsa_alt', false)}`;
  assert.deepEqual(judged(text), ['3:TSA-002:error', '10:TSA-002:warning']);
  assert.deepEqual(judged(text, 'openssl ts -reply -config ca.cnf -section tsa_alt'), ['10:TSA-002:error']);
  assert.deepEqual(judged(`[ tsa ]\n${tsa('tsa_alt', true)}`), ['1:TSA-001:warning']);
  assert.deepEqual(judged(`[ tsa ]\n${tsa('tsa_alt', true)}`, 'openssl ts -reply -config ca.cnf -section tsa_alt'), []);
});

// The classes a prober found on public configs run as their projects run them: the rules judge what the command reads.
test('a known command reads only its own settings, and its flags stand in for keys', () => {
  const lintAs = (text: string, command: string) => {
    const use = commandUsesOf([...command.split(' '), command.includes(' x509 ') ? '-extfile' : '-config', '/t/f.cnf']);
    if ('error' in use) throw new Error(use.error);
    clearCnfCache();
    const li = new LineIndex(text);
    return analyzeCnf(text, { path: '/t/f.cnf', vars: {}, commandLine: use[0]!.use }).findings.map((f) => `${li.positionAt(f.start).line + 1}:${f.severity}:${f.code}`);
  };
  // eclipse/paho.mqtt.c test/ssl/openssl.cnf keeps OpenSSL's old [ tsa ] section: openssl ca never reads it.
  const paho = '[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = i\nnew_certs_dir = .\ncertificate = c\nprivate_key = k\nserial = s\ndefault_md = sha256\ndefault_days = 1\npolicy = p\n[ p ]\nCN = supplied\n[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = x\ndigests = sha256\n';
  assert.ok(lintAs(paho, 'openssl ca -in r.csr').every((f) => !f.includes('TSA')));
  assert.ok(lintAs(paho, 'openssl ts -reply').some((f) => f.endsWith(':error:TSA-002')));
  // A prompt-mode DN whose values read as a subject: -subj replaces it (HCA-Healthcare/elixir-mllp tls/openssl.cnf).
  const prompts = '[ req ]\ndistinguished_name = dn\n[ dn ]\ncommonName = localhost\n';
  assert.deepEqual(lintAs(prompts, 'openssl req -new -subj /CN=x').filter((f) => f.includes('REQ-008')), []);
  assert.ok(lintAs(prompts, 'openssl req -new').some((f) => f.includes('REQ-008')));
  // crl_extensions is read by -gencrl only, where it fails unless -crlexts names another section.
  const crl = paho.replace('policy = p\n', 'policy = p\ncrl_extensions = nosuch\ndefault_crl_days = 1\n');
  assert.deepEqual(lintAs(crl, 'openssl ca -in r.csr').filter((f) => f.includes('CA-010')), []);
  assert.deepEqual(lintAs(crl, 'openssl ca -gencrl').filter((f) => f.includes('CA-010')), ['12:error:CA-010']);
  assert.deepEqual(lintAs(crl, 'openssl ca -gencrl -crlexts other').filter((f) => f.includes('CA-010')), []);
  // A validity key read as 0: an error where the command signs without -days, nothing where -days is given.
  const zero = paho.replace('default_days = 1', 'default_days = x');
  assert.deepEqual(lintAs(zero, 'openssl ca -in r.csr').filter((f) => f.includes('CA-014')), ['10:error:CA-014']);
  assert.deepEqual(lintAs(zero, 'openssl ca -in r.csr -days 30').filter((f) => f.includes('CA-014')), []);
  assert.deepEqual(lintAs(zero, 'openssl ca -revoke c.pem').filter((f) => f.includes('CA-014')), []);
  // Another CA section is not read by a command that names its own.
  const two = `${paho}[ other ]\ndatabase = i\nserial = s\npolicy = nosuch\n`;
  assert.ok(lintAs(two, 'openssl ca -in r.csr').every((f) => !f.startsWith('22:')));
  assert.ok(lintAs(two, 'openssl ca -name other -in r.csr').some((f) => f === '22:error:CA-010'));
});
