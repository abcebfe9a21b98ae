/**
 * `certwright issue --batch FILE`: the CockroachDB seed set in one process, files and
 * modes as the single commands write them, a chain OpenSSL accepts; a batch signed by
 * an existing CA; refusals that write nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../../support/inProcessCli';

const { tmp, cli } = inProcessCli('certwright-batch-');

function batchFile(name: string, ops: unknown): string {
  fs.writeFileSync(path.join(tmp, name), JSON.stringify(ops));
  return name;
}

const seed = [
  { kind: 'createCa', profile: 'cockroach', keyType: 'p256' },
  ...[1, 2, 3].map((i) => ({ kind: 'issueNode', name: `node${i}`, sans: [`node${i}`, 'localhost', '127.0.0.1'] })),
  { kind: 'issueClient', user: 'root' },
  { kind: 'issueClient', user: 'user1' },
];

describe('certwright issue --batch', () => {
  it('makes the CockroachDB seed set in one run, a chain openssl verify accepts', async () => {
    const r = await cli('issue', '--batch', batchFile('seed.json', seed), '--dir', 'seed');
    assert.equal(r.code, 0, r.err);
    const d = path.join(tmp, 'seed');
    for (const f of ['certs/ca.crt', 'certs/node1/node.crt', 'certs/node3/node.crt', 'certs/client.root.crt', 'certs/client.user1.crt']) assert.ok(fs.existsSync(path.join(d, f)), f);
    for (const k of ['ca-private/ca.key', 'certs/node2/node.key', 'certs/client.root.key']) assert.equal(fs.statSync(path.join(d, k)).mode & 0o777, 0o600, k);
    const verify = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'certs/ca.crt', 'certs/node1/node.crt', 'certs/node2/node.crt', 'certs/node3/node.crt'], { cwd: d, encoding: 'utf8' });
    assert.equal(verify.match(/: OK/g)?.length, 3, verify);
    assert.match(r.out, /CN = user1/);
    // The CA database lists all five leaves, as five single commands would have left it.
    assert.equal(fs.readFileSync(path.join(d, 'ca-private/index.txt'), 'utf8').trim().split('\n').length, 5);
  });

  it('signs with the CA already in --dir when the batch creates none', async () => {
    const r = await cli('issue', '--batch', batchFile('more.json', [{ kind: 'issueNode', name: 'node4', sans: ['node4'] }]), '--dir', 'seed', '--json');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { ok: boolean; results: Array<{ issued?: { sans: string[] } }> };
    assert.equal(out.ok, true);
    assert.deepEqual(out.results[0]?.issued?.sans, ['DNS:node4']);
    const verify = execFileSync('openssl', ['verify', '-CAfile', 'certs/ca.crt', 'certs/node4/node.crt'], { cwd: path.join(tmp, 'seed'), encoding: 'utf8' });
    assert.match(verify, /: OK/);
  });

  it('refuses bad batches with the reason and writes nothing', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['issue', '--dir', 'x'], 2, /needs --batch FILE, or one of: node, client/],
      [['issue', '--batch', 'missing.json', '--dir', 'x'], 2, /cannot read the batch/],
      [['issue', '--batch', batchFile('obj.json', { operations: [] }), '--dir', 'x'], 2, /non-empty JSON array/],
      [['issue', '--batch', batchFile('nokind.json', [{ profile: 'dm' }]), '--dir', 'x'], 2, /operation 1 .* "kind"/],
      [['issue', '--batch', batchFile('noprofile.json', [{ kind: 'issueClient' }]), '--dir', 'x'], 2, /names no "profile"/],
      [['issue', '--batch', batchFile('noca.json', [{ kind: 'issueClient', profile: 'dm' }]), '--dir', 'x'], 1, /no dm CA in/],
      [['issue', '--batch', batchFile('mixed.json', [{ kind: 'createCa', profile: 'dm' }, { kind: 'issueClient', profile: 'postgres' }]), '--dir', 'x'], 2, /one CA: every operation must name the same profile/],
      [['issue', '--batch', batchFile('badop.json', [{ kind: 'createCa', profile: 'dm' }, { kind: 'teleport' }]), '--dir', 'x'], 1, /unknown operation "teleport"/],
    ];
    for (const [args, code, re] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, code, `${args.join(' ')} → ${r.code} ${r.err}`);
      assert.match(r.err, re, args.join(' '));
      // A refused batch writes no file; only one that creates its CA may have made its folders.
      const files = fs.existsSync(path.join(tmp, 'x')) ? (fs.readdirSync(path.join(tmp, 'x'), { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => !e.isDirectory()) : [];
      assert.deepEqual(files.map((e) => e.name), [], `nothing written by ${args.join(' ')}`);
      if (code === 1 && /no dm CA/.test(re.source)) assert.ok(!fs.existsSync(path.join(tmp, 'x')), 'a mistyped --dir creates nothing');
    }
  });

  it('refuses to replace the keys of an existing set without --force', async () => {
    const r = await cli('issue', '--batch', 'seed.json', '--dir', 'seed');
    assert.equal(r.code, 1);
    assert.match(r.err, /exist|--force/);
  });
});
