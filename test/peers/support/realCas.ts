/**
 * CAs made by the real tools, for the adoption peer tests: OpenSSL's CA.pl demoCA (with
 * OpenSSL's apps/openssl.cnf from test/fixtures/cnf/real-world) and easy-rsa 3.1 (Debian
 * package, scripts/install-system-deps.sh); the tools run, and the folder snapshots that
 * "nothing was rewritten" is checked against.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok } from './openssl';

const repo = path.resolve(__dirname, '../../..');
export const opensslCnf = path.join(repo, 'test/fixtures/cnf/real-world/openssl__openssl__apps__openssl.cnf');
export const CA_PL = '/usr/lib/ssl/misc/CA.pl';
export const EASYRSA = '/usr/share/easy-rsa/easyrsa';

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}, input?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env }, ...(input !== undefined ? { input } : {}) });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}): install it with scripts/install-system-deps.sh`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

export function must(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}, input?: string): string {
  const r = run(cmd, args, cwd, env, input);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

/** Every file under dir with its SHA-256: what "nothing was rewritten" is checked against. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function changed(before: Map<string, string>, after: Map<string, string>): { added: string[]; modified: string[]; removed: string[] } {
  return {
    added: [...after.keys()].filter((k) => !before.has(k)).sort(),
    modified: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort(),
    removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
  };
}

/** The serial of a certificate file as OpenSSL prints it. */
export const serialOf = (cwd: string, file: string): string => ok(cwd, 'x509', '-in', file, '-noout', '-serial').trim().replace(/^serial=/, '');

/** The serial after `hex`, as OpenSSL writes serials: upper-case hex in whole bytes (a random serial may start with 0). */
/** The serials a CRL lists, as `openssl crl -text` prints them. */
export const crlSerials = (cwd: string, file: string): string[] => [...ok(cwd, 'crl', '-in', file, '-noout', '-text').matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]!);

export function nextSerialHex(hex: string): string {
  const h = (BigInt(`0x${hex}`) + 1n).toString(16).toUpperCase();
  return h.length % 2 ? `0${h}` : h;
}

/** The environment CA.pl runs with: OpenSSL's apps/openssl.cnf copied into dir. */
export const caPlEnv = (dir: string): Record<string, string> => ({ OPENSSL_CONFIG: `-config ${path.join(dir, 'openssl.cnf')}` });

/**
 * A demoCA made by CA.pl with OpenSSL's apps/openssl.cnf, and the leaves it signed: their
 * subject is `subjectPrefix` and the CN (CA.pl -sign signs with policy_anything).
 */
export function makeDemoCa(dir: string, leaves: readonly string[] = ['leaf1', 'leaf2'], subjectPrefix = ''): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(opensslCnf, path.join(dir, 'openssl.cnf'));
  const env = caPlEnv(dir);
  // policy_match of apps/openssl.cnf wants C, ST and O in the CA's subject.
  must('perl', [CA_PL, '-newca', '-extra-req', '-nodes -subj /C=XX/ST=Test/O=Certwright/CN=DemoRootCA'], dir, env, '\n');
  for (const n of leaves) {
    must('perl', [CA_PL, '-newreq-nodes', '-extra-req', `-subj ${subjectPrefix}/CN=${n}`], dir, env);
    must('perl', [CA_PL, '-sign'], dir, env, 'y\ny\n');
    fs.renameSync(path.join(dir, 'newcert.pem'), path.join(dir, `${n}.crt`));
    fs.renameSync(path.join(dir, 'newkey.pem'), path.join(dir, `${n}.key`));
  }
}
