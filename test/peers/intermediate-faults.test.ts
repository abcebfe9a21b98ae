/**
 * An operation that writes two CAs' folders — `ca create --parent` and `renew --parent`
 * (core/issue/parentCommit.ts) — interrupted at every write: an error (EACCES, ENOSPC,
 * EIO) at each, and a kill (SIGKILL) before each rename, with the parent a CA the real
 * tools made and keep using: a CA.pl demoCA (serials counting up in demoCA/serial) and an
 * easy-rsa 3.1 pki/. Right after each fault, before any repair:
 *  - the parent's tool loads the parent (`openssl ca -status` of every line, `easyrsa gen-crl`),
 *    and its next serial is not one its database already holds;
 *  - the intermediate's installed certificate is one the parent has recorded (database line
 *    and copy), or one the parent's committed journal records: never a certificate the
 *    parent signed and does not know about.
 * Then the next Certwright run repairs it: the retry, or (when the kill left the intermediate
 * waiting for its parent's record) another command on the intermediate (`crl`). Afterwards
 * the parent holds exactly one new record, the intermediate's certificate is that one, it
 * verifies under the parent's root, and no journal, temporary or lock is left.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parseIndex } from '../../server/src/core/issue/state';
import { inProcessCli } from '../support/inProcessCli';
import { openssl } from './support/openssl';
import { EASYRSA, makeDemoCa, must } from './support/realCas';
import { assertCliBuilt, cliPath } from './support/certwrightCli';

const { tmp, cli } = inProcessCli('certwright-int-faults-');
const easyEnv = { EASYRSA_BATCH: '1' };

interface Parent {
  readonly name: string;
  /** Makes the parent in `dir` with its tool and adopts it. */
  make(dir: string): Promise<void>;
  readonly index: string;
  readonly newCerts: string;
  /** Problems the parent's own tool has with it. */
  toolProblems(dir: string): string[];
  /** Where the parent's tool keeps a certificate by name (easy-rsa), for the intermediate `name`. */
  byName?: string;
}

const demoParent: Parent = {
  name: 'CA.pl demoCA',
  async make(dir) {
    makeDemoCa(dir, ['leaf1']);
    const r = await cli('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'));
    assert.equal(r.code, 0, r.err);
    // What the refusal of a renewal under unique_subject = yes offers first (easy-rsa sets it too).
    fs.writeFileSync(path.join(dir, 'demoCA/index.txt.attr'), 'unique_subject = no\n');
  },
  index: 'demoCA/index.txt',
  newCerts: 'demoCA/newcerts',
  toolProblems(dir) {
    const problems: string[] = [];
    const entries = parseIndex(fs.readFileSync(path.join(dir, 'demoCA/index.txt'), 'utf8'));
    for (const e of entries) {
      const r = openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', e.serial);
      if (!r.out.includes(`${e.serial}=Valid`)) problems.push(`openssl ca -status ${e.serial}: ${r.out.trim().split('\n').at(-1)}`);
    }
    // The next serial openssl ca hands out is not one it handed out already (while a committed
    // journal waits, openssl ca refuses that serial, "already issued", until the next run completes it).
    if (fs.readdirSync(path.join(dir, 'demoCA')).includes('.certwright-journal')) return problems;
    const next = fs.readFileSync(path.join(dir, 'demoCA/serial'), 'utf8').trim();
    if (entries.some((e) => BigInt(`0x${e.serial}`) === BigInt(`0x${next}`))) problems.push(`demoCA/serial names ${next}, which index.txt already holds`);
    return problems;
  },
};

const easyParent: Parent = {
  name: 'easy-rsa 3.1 pki/',
  async make(dir) {
    fs.mkdirSync(dir, { recursive: true });
    must(EASYRSA, ['init-pki'], dir, easyEnv);
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...easyEnv, EASYRSA_REQ_CN: 'EasyRSA Root' });
    const r = await cli('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing');
    assert.equal(r.code, 0, r.err);
  },
  index: 'pki/index.txt',
  newCerts: 'pki/certs_by_serial',
  byName: 'pki/issued/Int-CA.crt',
  toolProblems(dir) {
    const r = spawnSync(EASYRSA, ['gen-crl'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...easyEnv }, timeout: 60_000 });
    return r.status === 0 ? [] : [`easyrsa gen-crl: ${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-2).join(' ')}`];
  },
};

interface Scenario {
  readonly name: string;
  /** Whether the template holds the intermediate already. */
  readonly withInt: boolean;
  args(parent: string, int: string): string[];
}

const scenarios: Scenario[] = [
  { name: 'ca create --parent', withInt: false, args: (p, i) => ['ca', 'create', '--profile', 'generic', '--dir', i, '--parent', p, '--cn', 'Int CA', '--key', 'p256', '--days', '900'] },
  { name: 'renew --parent', withInt: true, args: (p, i) => ['renew', '--dir', i, '--cert', path.join(i, 'ca.crt'), '--parent', p, '--days', '800'] },
];

const firstCert = (file: string): X509Certificate | undefined => (fs.existsSync(file) ? new X509Certificate(fs.readFileSync(file)) : undefined);
const leftovers = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.certwright-[0-9a-f]+\.tmp$|\.certwright-journal|\.certwright\.lock$/.test(f)) : []);
const committedJournal = (dir: string): string | undefined => fs.readdirSync(dir, { recursive: true }).map(String).find((f) => f.endsWith('.certwright-journal'));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const norm = (s: string): string => s.replace(/^0+/, '').toUpperCase();

/**
 * The parent's record of `cert`: its database line and copy; or, while the parent's committed
 * journal waits for its next run, the copy or its temporary.
 */
function recorded(p: Parent, parentDir: string, cert: X509Certificate): boolean {
  const same = (f: string): boolean => fs.existsSync(f) && new X509Certificate(fs.readFileSync(f)).raw.equals(cert.raw);
  const entries = parseIndex(fs.readFileSync(path.join(parentDir, p.index), 'utf8'));
  const line = entries.find((e) => norm(e.serial) === norm(cert.serialNumber));
  if (line && same(path.join(parentDir, p.newCerts, `${line.serial}.pem`))) return true;
  if (!committedJournal(parentDir)) return false;
  const dir = path.join(parentDir, p.newCerts);
  return fs.readdirSync(dir).some((f) => f.startsWith(`.${cert.serialNumber}.pem.certwright-`) || f === `${cert.serialNumber}.pem` ? same(path.join(dir, f)) : false);
}

const counts = { faults: 0, repairedByOther: 0, problems: [] as string[] };

for (const p of [demoParent, easyParent]) {
  describe(`an intermediate and its ${p.name} parent, interrupted at every write`, () => {
    const tpl = path.join(tmp, `${p === demoParent ? 'demo' : 'easy'}-tpl`);
    const tplInt = path.join(tmp, `${p === demoParent ? 'demo' : 'easy'}-tpl-int`);
    let n = 0;

    before(async () => {
      assertCliBuilt();
      assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
      await p.make(tpl);
      const r = await cli(...scenarios[0]!.args(tpl, tplInt));
      assert.equal(r.code, 0, r.err);
    });

    /** A fresh parent (and intermediate) for one run: the intermediate made by the template's parent, copied with it. */
    function fresh(s: Scenario): { parent: string; int: string; lines: number } {
      const base = path.join(tmp, `${p === demoParent ? 'demo' : 'easy'}-${n++}`);
      const parent = path.join(base, 'parent');
      const int = path.join(base, 'int');
      if (s.withInt) {
        fs.cpSync(tpl, parent, { recursive: true });
        fs.cpSync(tplInt, int, { recursive: true });
      } else {
        // The parent before the intermediate: the template's minus its record.
        fs.cpSync(tpl, parent, { recursive: true });
        const serial = norm(firstCert(path.join(tplInt, 'ca.crt'))!.serialNumber);
        const entries = fs.readFileSync(path.join(parent, p.index), 'utf8').split('\n');
        fs.writeFileSync(path.join(parent, p.index), entries.filter((l) => norm(l.split('\t')[3] ?? '') !== serial).join('\n'));
        for (const f of fs.readdirSync(path.join(parent, p.newCerts))) if (norm(f.replace(/\.pem$/, '')) === serial) fs.rmSync(path.join(parent, p.newCerts, f));
        if (p.byName) fs.rmSync(path.join(parent, p.byName), { force: true });
        if (p === demoParent) fs.writeFileSync(path.join(parent, 'demoCA/serial'), `${serial.padStart(2, '0')}\n`);
        for (const f of ['index.txt.attr.old', 'index.txt.old', 'serial.old']) fs.rmSync(path.join(parent, 'demoCA', f), { force: true });
      }
      const lines = parseIndex(fs.readFileSync(path.join(parent, p.index), 'utf8')).length;
      return { parent, int, lines };
    }

    /** Right after a fault: the parent loads in its tool, and the intermediate installs nothing the parent has not recorded. */
    function checkInterrupted(s: Scenario, what: string, parent: string, int: string, before: X509Certificate | undefined): void {
      const problems = p.toolProblems(parent);
      const now = firstCert(path.join(int, 'ca.crt'));
      if (now && !(before && now.raw.equals(before.raw)) && !recorded(p, parent, now)) problems.push(`the intermediate installed serial ${now.serialNumber}, which the parent has not recorded`);
      if (problems.length) counts.problems.push(`${p.name}, ${s.name}, ${what} (before any repair): ${problems.join('; ')}`);
    }

    /** After the repair: one new record in the parent, the intermediate's certificate is it and verifies; nothing left over. */
    function checkRepaired(s: Scenario, what: string, parent: string, int: string, lines: number, before: X509Certificate | undefined): void {
      const problems = [...p.toolProblems(parent)];
      const entries = parseIndex(fs.readFileSync(path.join(parent, p.index), 'utf8'));
      if (entries.length !== lines + 1) problems.push(`the parent holds ${entries.length - lines} new records, not 1`);
      const now = firstCert(path.join(int, 'ca.crt'));
      if (!now || (before && now.raw.equals(before.raw))) problems.push('the intermediate was not renewed');
      else {
        if (!recorded(p, parent, now)) problems.push(`the intermediate's serial ${now.serialNumber} is not recorded by the parent`);
        if (p.byName && !(fs.existsSync(path.join(parent, p.byName)) && new X509Certificate(fs.readFileSync(path.join(parent, p.byName))).raw.equals(now.raw))) problems.push(`${p.byName} is not the intermediate's certificate`);
        const root = p === demoParent ? 'demoCA/cacert.pem' : 'pki/ca.crt';
        const v = openssl(parent, 'verify', '-CAfile', root, path.join(int, 'ca.crt'));
        if (v.code !== 0) problems.push(`openssl verify: ${v.out.trim()}`);
      }
      // The parent's lock of the killed process is broken by its next operation (its process is gone); anything else is a leftover.
      const abandoned = (f: string): boolean => f.endsWith('.certwright.lock') && !alive(JSON.parse(fs.readFileSync(path.join(parent, f), 'utf8')).pid);
      const left = [...leftovers(parent).filter((f) => !abandoned(f)).map((f) => `parent/${f}`), ...leftovers(int).map((f) => `int/${f}`)];
      if (left.length) problems.push(`left over: ${left.join(', ')}`);
      if (problems.length) counts.problems.push(`${p.name}, ${s.name}, ${what}: ${problems.join('; ')}`);
    }

    it('an error (EACCES, ENOSPC, EIO) at each write of either folder, then the retry', async () => {
      const codes = ['EACCES', 'ENOSPC', 'EIO'];
      let injected = 0;
      for (const s of scenarios) {
        for (let at = 1; at < 100; at++) {
          const { parent, int, lines } = fresh(s);
          const before = firstCert(path.join(int, 'ca.crt'));
          const code = codes[at % codes.length]!;
          process.env.CERTWRIGHT_FAULT_FAIL_AT_WRITE = `${at}:${code}`;
          let r: Awaited<ReturnType<typeof cli>>;
          try {
            r = await cli(...s.args(parent, int));
          } finally {
            delete process.env.CERTWRIGHT_FAULT_FAIL_AT_WRITE;
          }
          if (r.code === 0) break; // fewer than `at` writes: it ran through
          injected++;
          counts.faults++;
          assert.match(r.err, new RegExp(`${code}|could not be completed`), `${s.name} write ${at}: ${r.err}`);
          checkInterrupted(s, `${code} at write ${at}`, parent, int, before);
          const retry = await cli(...s.args(parent, int));
          if (retry.code !== 0) counts.problems.push(`${p.name}, ${s.name}, ${code} at write ${at}: retry exited ${retry.code}: ${retry.err.trim()}`);
          checkRepaired(s, `${code} at write ${at}`, parent, int, lines, before);
        }
      }
      console.log(`${p.name}: injected errors ${injected}`);
      assert.ok(injected >= 8, `only ${injected} faults`);
      assert.deepEqual(counts.problems, []);
    });

    it('a kill before each rename of either folder, then the next run (the retry, or crl on the intermediate)', async () => {
      let kills = 0;
      const otherBefore = counts.repairedByOther;
      for (const s of scenarios) {
        for (let at = 1; at < 100; at++) {
          const { parent, int, lines } = fresh(s);
          const before = firstCert(path.join(int, 'ca.crt'));
          const r = spawnSync(process.execPath, [cliPath, ...s.args(parent, int)], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '', CERTWRIGHT_FAULT_KILL_AT_RENAME: String(at) } });
          if (r.status === 0) break;
          assert.equal(r.signal, 'SIGKILL', `${s.name} rename ${at}: ${r.stderr}`);
          kills++;
          counts.faults++;
          checkInterrupted(s, `kill at rename ${at}`, parent, int, before);
          // The intermediate waits for the record its parent has made: another command on it finishes the operation.
          const pending = path.join(int, 'ca-private/.certwright-journal.pending');
          const parentChanged = committedJournal(parent) !== undefined || parseIndex(fs.readFileSync(path.join(parent, p.index), 'utf8')).length > lines;
          const waiting = s.withInt && fs.existsSync(pending) && fs.readFileSync(pending, 'utf8').includes('"gate"') && parentChanged;
          if (waiting) {
            counts.repairedByOther++;
            const crl = await cli('crl', '--dir', int);
            if (crl.code !== 0 || !/completed/.test(crl.err)) counts.problems.push(`${p.name}, ${s.name}, kill at rename ${at}: crl on the intermediate exited ${crl.code} without completing it: ${crl.err.trim()}`);
          } else {
            const retry = await cli(...s.args(parent, int));
            if (retry.code !== 0) counts.problems.push(`${p.name}, ${s.name}, kill at rename ${at}: retry exited ${retry.code}: ${retry.err.trim()}`);
          }
          checkRepaired(s, `kill at rename ${at}`, parent, int, lines, before);
        }
      }
      console.log(`${p.name}: kills ${kills}, repaired by another command ${counts.repairedByOther - otherBefore}`);
      assert.ok(kills >= 4, `only ${kills} kills`);
      assert.deepEqual(counts.problems, []);
    });
  });
}
