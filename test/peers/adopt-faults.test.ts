/**
 * The worst day on an adopted CA: issue, renew, revoke and crl killed (SIGKILL) before each
 * of their renames (node/writePlan.ts CERTWRIGHT_FAULT_KILL_AT_RENAME), on an easy-rsa 3.1
 * pki/ and on OpenSSL's CA.pl demoCA. After each kill the same command is run again: it must
 * succeed, its effect must be in the CA's database exactly once, and the CA's own tools must
 * work on what is left (easyrsa build-client-full and gen-crl; CA.pl -sign, openssl ca
 * -gencrl; openssl verify of what was issued). Prints the kills and the problems found.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertCliBuilt, certwright, certwrightOk, cliPath } from './support/certwrightCli';
import { openssl } from './support/openssl';
import { CA_PL, EASYRSA, caPlEnv, makeDemoCa, must, run, serialOf } from './support/realCas';
import { parseIndex } from '../../server/src/core/issue/state';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-adopt-faults-'));
const EASY_ENV = { EASYRSA_BATCH: '1' };

interface Scenario {
  readonly name: string;
  args(dir: string): string[];
  /** Problems with the operation's effect in the database, against the database before. */
  effect(dir: string, before: ReturnType<typeof parseIndex>): string[];
  /** Problems the CA's own tools have with the state (`n`: a fresh name for what they issue). */
  tools(dir: string, n: number): string[];
}

const entries = (dir: string, index: string): ReturnType<typeof parseIndex> => parseIndex(fs.readFileSync(path.join(dir, index), 'utf8'));

function probe(template: string, index: string, s: Scenario): { kills: number; problems: string[] } {
  const problems: string[] = [];
  let kills = 0;
  for (let at = 1; at < 60; at++) {
    const dir = path.join(tmp, `${path.basename(template)}-${s.name.replace(/\W+/g, '-')}-${at}`);
    fs.cpSync(template, dir, { recursive: true });
    const before = entries(dir, index);
    const r = spawnSync(process.execPath, [cliPath, ...s.args(dir)], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '', CERTWRIGHT_FAULT_KILL_AT_RENAME: String(at) } });
    if (r.status === 0 || r.signal !== 'SIGKILL') {
      if (r.status !== 0) problems.push(`${s.name}, rename ${at}: exited ${r.status}: ${r.stderr.trim()}`);
      fs.rmSync(dir, { recursive: true, force: true });
      break;
    }
    kills++;
    const retry = certwright(s.args(dir));
    if (retry.code !== 0) problems.push(`${s.name}, rename ${at}: retry exited ${retry.code}: ${retry.stderr.trim()}`);
    else problems.push(...s.effect(dir, before).map((p) => `${s.name}, rename ${at}: ${p}`));
    problems.push(...s.tools(dir, at).map((p) => `${s.name}, rename ${at}: ${p}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { kills, problems };
}

const added = (before: ReturnType<typeof parseIndex>, after: ReturnType<typeof parseIndex>, subject: RegExp): string[] => {
  const n = after.filter((e) => subject.test(e.subject)).length - before.filter((e) => subject.test(e.subject)).length;
  return n === 1 ? [] : [`${n} new database lines for ${subject.source}, not 1`];
};
const revokedOnce = (after: ReturnType<typeof parseIndex>, serial: string): string[] => (after.filter((e) => e.serial === serial && e.status === 'R').length === 1 ? [] : [`serial ${serial} is not revoked exactly once`]);

describe('adopted CAs killed before each rename: the retry completes once, the real tools carry on', () => {
  const easy = path.join(tmp, 'easy');
  const demo = path.join(tmp, 'demo');
  before(() => {
    assertCliBuilt();
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(easy);
    must(EASYRSA, ['init-pki'], easy, EASY_ENV);
    must(EASYRSA, ['build-ca', 'nopass'], easy, { ...EASY_ENV, EASYRSA_REQ_CN: 'Faults EasyRSA CA' });
    must(EASYRSA, ['build-server-full', 'srv1', 'nopass'], easy, EASY_ENV);
    must(EASYRSA, ['build-client-full', 'cli1', 'nopass'], easy, EASY_ENV);
    certwrightOk(['adopt', '--dir', easy, '--from', 'easy-rsa', easy, '--create-missing']);
    makeDemoCa(demo);
    certwrightOk(['adopt', '--dir', demo, '--from', 'openssl', path.join(demo, 'openssl.cnf')]);
  });

  const easyTools = (dir: string, n: number): string[] => {
    const out: string[] = [];
    const built = run(EASYRSA, ['build-client-full', `after${n}`, 'nopass'], dir, EASY_ENV);
    if (built.code !== 0) out.push(`easyrsa build-client-full: ${built.out.slice(-300)}`);
    const crl = run(EASYRSA, ['gen-crl'], dir, EASY_ENV);
    if (crl.code !== 0) out.push(`easyrsa gen-crl: ${crl.out.slice(-300)}`);
    const issued = fs.readdirSync(path.join(dir, 'pki/issued')).map((f) => `pki/issued/${f}`);
    const v = openssl(dir, 'verify', '-CAfile', 'pki/ca.crt', ...issued);
    if (v.code !== 0) out.push(`openssl verify: ${v.out.trim()}`);
    return out;
  };
  const demoTools = (dir: string, n: number): string[] => {
    const out: string[] = [];
    const env = caPlEnv(dir);
    const req = run('perl', [CA_PL, '-newreq-nodes', '-extra-req', `-subj /CN=after${n}`], dir, env);
    const signed = req.code === 0 ? run('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n') : req;
    if (signed.code !== 0 || !/Signed certificate is in newcert\.pem/.test(signed.out)) out.push(`CA.pl -sign: ${signed.out.slice(-300)}`);
    const crl = openssl(dir, 'ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'after.crl');
    if (crl.code !== 0) out.push(`openssl ca -gencrl: ${crl.out.slice(-300)}`);
    const v = openssl(dir, 'verify', '-CAfile', 'demoCA/cacert.pem', ...fs.readdirSync(path.join(dir, 'demoCA/newcerts')).map((f) => `demoCA/newcerts/${f}`));
    if (v.code !== 0) out.push(`openssl verify: ${v.out.trim()}`);
    return out;
  };

  const scenarios: Array<{ template: () => string; index: string; s: Scenario }> = [
    { template: () => easy, index: 'pki/index.txt', s: { name: 'easy-rsa issue', args: (d) => ['issue', 'client', '--dir', d, '--user', 'u1'], effect: (d, b) => added(b, entries(d, 'pki/index.txt'), /CN=u1$/), tools: easyTools } },
    { template: () => easy, index: 'pki/index.txt', s: { name: 'easy-rsa renew', args: (d) => ['renew', '--dir', d, '--cert', path.join(d, 'pki/issued/srv1.crt')], effect: (d, b) => [...added(b, entries(d, 'pki/index.txt'), /CN=srv1$/), ...(fs.existsSync(path.join(d, 'pki/renewed/issued/srv1.crt')) ? [] : ['no pki/renewed/issued/srv1.crt'])], tools: easyTools } },
    { template: () => easy, index: 'pki/index.txt', s: { name: 'easy-rsa revoke', args: (d) => ['revoke', '--dir', d, '--cert', path.join(d, 'pki/issued/cli1.crt')], effect: (d) => revokedOnce(entries(d, 'pki/index.txt'), serialOf(easy, 'pki/issued/cli1.crt')), tools: easyTools } },
    { template: () => easy, index: 'pki/index.txt', s: { name: 'easy-rsa crl', args: (d) => ['crl', '--dir', d], effect: (d) => (openssl(d, 'crl', '-in', 'pki/crl.pem', '-noout').code === 0 ? [] : ['pki/crl.pem unreadable']), tools: easyTools } },
    { template: () => demo, index: 'demoCA/index.txt', s: { name: 'demoCA issue', args: (d) => ['issue', 'node', '--dir', d, '--san', 'db.example', '--name', 'db'], effect: (d, b) => added(b, entries(d, 'demoCA/index.txt'), /CN=db\.example$/), tools: demoTools } },
    { template: () => demo, index: 'demoCA/index.txt', s: { name: 'demoCA renew', args: (d) => ['renew', '--dir', d, '--cert', path.join(d, 'leaf1.crt')], effect: (d, b) => added(b, entries(d, 'demoCA/index.txt'), /CN=leaf1$/), tools: demoTools } },
    { template: () => demo, index: 'demoCA/index.txt', s: { name: 'demoCA revoke', args: (d) => ['revoke', '--dir', d, '--cert', path.join(d, 'leaf2.crt')], effect: (d) => revokedOnce(entries(d, 'demoCA/index.txt'), serialOf(demo, 'leaf2.crt')), tools: demoTools } },
    { template: () => demo, index: 'demoCA/index.txt', s: { name: 'demoCA crl', args: (d) => ['crl', '--dir', d], effect: (d) => (openssl(d, 'crl', '-in', 'demoCA/crl.pem', '-noout').code === 0 ? [] : ['demoCA/crl.pem unreadable']), tools: demoTools } },
  ];

  for (const { template, index, s } of scenarios) {
    it(s.name, () => {
      const r = probe(template(), index, s);
      console.log(`${s.name}: killed at ${r.kills} renames; problems after the retry: ${r.problems.length}`);
      assert.ok(r.kills > 0, 'the operation renames at least one file');
      assert.deepEqual(r.problems, []);
    });
  }
});
