/**
 * `certwright lint certs/` reports each CockroachDB directory problem once, on
 * the file it concerns; ca.crt only refers to them (one CRDB-027 information
 * finding), never repeating their code or message.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { makePki, type Pki } from './helpers';

const repo = resolve(__dirname, '../../..');

interface JsonFinding {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly fixes?: string[];
}

/** Runs the CLI from the repository (for tsx) on the certs directory; file names in the output are made `certs/<name>`. */
function lint(args: string[]): { status: number; out: string } {
  const run = (): string => execFileSync(process.execPath, ['--import', 'tsx', resolve(repo, 'server/src/cli.ts'), 'lint', ...args, pki.path('certs')], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } }).toString();
  const local = (out: string): string => out.split(relative(repo, pki.path('certs'))).join('certs');
  try {
    const out = local(run());
    return { status: 0, out: out.toString() };
  } catch (err) {
    const e = err as { status: number; stdout: Buffer };
    return { status: e.status, out: local(e.stdout.toString()) };
  }
}

let pki: Pki;

before(() => {
  pki = makePki('cw-crdb-once-');
  const cli = (args: string[]): void => void execFileSync(process.execPath, ['--import', 'tsx', resolve(repo, 'server/src/cli.ts'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  cli(['ca', 'create', '--profile', 'cockroach', '--dir', pki.dir, '--key', 'p256']);
  cli(['issue', 'node', '--dir', pki.dir, '--san', 'localhost', '--key', 'p256']);
  cli(['issue', 'client', '--dir', pki.dir, '--user', 'root', '--key', 'p256']);
  // Three mistakes in other files than ca.crt: two loose keys and the CA key inside.
  chmodSync(pki.path('certs/node.key'), 0o644);
  chmodSync(pki.path('certs/client.root.key'), 0o640);
  // 0640 is within CockroachDB's limit only when root owns the key.
  if (process.getuid?.() === 0) chownSync(pki.path('certs/client.root.key'), 65534, 65534);
  copyFileSync(pki.path('ca-private/ca.key'), pki.path('certs/ca.key'));
  chmodSync(pki.path('certs/ca.key'), 0o600);
});
after(() => pki.cleanup());

describe('certwright lint certs/: each CockroachDB problem once', () => {
  test('JSON: every problem sits on its own file only; ca.crt carries one summary that names them', () => {
    const { status, out } = lint(['--format', 'json']);
    assert.equal(status, 1, out);
    const all = (JSON.parse(out) as JsonFinding[]).filter((f) => f.code.startsWith('CRDB-'));
    const where = (code: string): string[] => all.filter((f) => f.code === code).map((f) => f.file).sort();
    assert.deepEqual(where('CRDB-021'), ['certs/client.root.key', 'certs/node.key']);
    assert.deepEqual(where('CRDB-023'), ['certs/ca.key']);
    // No code + message pair appears twice.
    const keys = all.map((f) => `${f.code} ${f.message}`);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
    // Nothing but the summary on ca.crt, and it is information-level with both chmod fixes.
    const onCa = all.filter((f) => f.file === 'certs/ca.crt');
    assert.deepEqual(onCa.map((f) => `${f.severity} ${f.code}`), ['information CRDB-027']);
    assert.match(onCa[0]!.message, /^3 other files of this certs directory have problems, reported on each file: /);
    for (const n of ['ca.key', 'client.root.key', 'node.key']) assert.ok(onCa[0]!.message.includes(`${n} — `), n);
    // The CA key is not a permissions problem: only the two loose keys get a chmod fix.
    assert.deepEqual([...(onCa[0]!.fixes ?? [])].sort(), ['Set client.root.key to 0600', 'Set node.key to 0600']);
  });

  test('text: the error count is the number of distinct problems', () => {
    const { out } = lint([]);
    const errorLines = out.split('\n').filter((l) => / error CRDB-/.test(l));
    assert.deepEqual(errorLines.map((l) => l.split(' ')[0]!.replace(/:1:1$/, '')).sort(), ['certs/client.root.key', 'certs/node.key'], out);
    assert.equal(out.split('\n').filter((l) => / CRDB-023 /.test(l)).length, 1, out);
  });

  test('fixing the files leaves ca.crt without the summary', () => {
    chmodSync(pki.path('certs/node.key'), 0o600);
    chmodSync(pki.path('certs/client.root.key'), 0o600);
    rmSync(pki.path('certs/ca.key'));
    const { status, out } = lint(['--format', 'json']);
    assert.equal(status, 0, out);
    assert.deepEqual((JSON.parse(out) as JsonFinding[]).filter((f) => f.code === 'CRDB-027'), []);
  });
});
