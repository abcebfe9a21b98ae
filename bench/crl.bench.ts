/**
 * CRL publication against the size of the CA database: `certwright crl` (the built CLI,
 * one process per run, as a user runs it) against `openssl ca -gencrl` on the same
 * folder, with 32,000 and 100,000 revoked entries (reasons cycling through every form
 * `openssl ca -revoke` writes, keyTime / CAkeyTime / holdInstruction included), paired,
 * alternated; plus the in-process time of the pure core (read index, sign) for each size.
 * Before the fix the CLI took 60 s for 32,000 entries and did not finish 100,000 in 15
 * minutes (quadratic); both must now be a small multiple of openssl.
 *
 * Run: npm run bench crl. The machine has 2 cores shared with other work: noisy.
 */
// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileLayout, runIssueOperation } from '../server/src/core/issue';
import { opensslTime } from '../server/src/core/issue/state';
import { nodeEnvironment } from '../server/src/node/nodeEnvironment';
import { fmt, pairedRatio, summarize, time } from './stats';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-bench-crl-'));
const cli = path.resolve('dist/server/cli.js');
const l = profileLayout('generic');
const env = nodeEnvironment();

const revocations = ['keyCompromise', 'superseded', 'keyTime,20261201120000Z', 'CAkeyTime,20261202120000Z', 'holdInstruction,holdInstructionReject', 'cessationOfOperation', ''];

function database(n: number): string {
  const expiry = opensslTime(new Date(Date.now() + 365 * 86_400_000));
  const revoked = opensslTime(new Date());
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const why = revocations[i % revocations.length]!;
    lines.push(`R\t${expiry}\t${revoked}${why ? `,${why}` : ''}\t${(0x40000000 + i).toString(16).toUpperCase()}\tunknown\t/CN=revoked ${i}\n`);
  }
  return lines.join('');
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const results: Record<string, unknown> = { machine: `${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`, node: process.version };
  console.log(`crl bench (${String(results.machine)}, node ${process.version}); figures are noisy on this shared machine`);
  const dir = path.join(tmp, 'ca');
  run(process.execPath, [cli, 'ca', 'create', '--profile', 'generic', '--dir', dir, '--key', 'p256'], tmp);
  for (const n of [32_000, 100_000]) {
    const index = database(n);
    fs.writeFileSync(path.join(dir, l.index), index);
    const pairs = n > 50_000 ? 3 : 5;
    const p = await pairedRatio(
      () => run(process.execPath, [cli, 'crl', '--dir', dir], tmp),
      () => run('openssl', ['ca', '-config', l.opensslConfig, '-gencrl', '-out', 'openssl.crl'], dir),
      pairs,
    );
    const material = { certPem: fs.readFileSync(path.join(dir, l.caCert), 'utf8'), keyPem: fs.readFileSync(path.join(dir, l.caKey), 'utf8'), index, crlnumber: '01\n' };
    const core = summarize(await time(() => runIssueOperation(env, { kind: 'publishCrl', profile: 'generic' }, material), pairs));
    const listed = spawnSync('openssl', ['crl', '-in', l.crl, '-noout', '-text'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 }).stdout.split('Serial Number:').length - 1;
    if (listed !== n) throw new Error(`the CRL lists ${listed} entries, expected ${n}`);
    console.log(`\n${n.toLocaleString('en')} revoked entries, ${pairs} pairs (the CRL lists all ${listed}):`);
    console.log(`  certwright crl (process)   ${fmt(p.a)}`);
    console.log(`  openssl ca -gencrl         ${fmt(p.b)}`);
    console.log(`  ratio certwright/openssl   ${fmt(p.ratio, 'x')}`);
    console.log(`  core only (parse + sign)   ${fmt(core)}`);
    results[`revoked${n}`] = { certwright: p.a, openssl: p.b, ratio: p.ratio, core };
  }
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/crl.json', `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});
