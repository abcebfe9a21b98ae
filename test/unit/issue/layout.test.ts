// Layouts: the built-in profiles are instances of the one description, and a stored
// (adopted) layout moves every file an operation reads and writes.
import { MemoryDir, env, parse } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkPlanPath } from '../../../server/src/core/issue/caStore';
import { renewedCopyOf } from '../../../server/src/core/issue/layout';
import { easyRsaLayout } from '../../../server/src/core/issue/adopt';
import * as x509 from '@peculiar/x509';
import { IssueError, clientFiles, formatLayoutFile, nodeFiles, parseIndex, parseLayoutFile, profileLayout, profiles, runIssueOperation, type CaMaterial, type ProfileLayout } from '../../../server/src/core/issue';

describe('built-in layouts', () => {
  it('place leaves where each system expects them', () => {
    const cases: Array<[string, () => { cert: string; key: string; caCopy?: string }, { cert: string; key: string; caCopy?: string }]> = [
      ['cockroach node', () => nodeFiles(profiles.cockroach, undefined), { cert: 'certs/node.crt', key: 'certs/node.key' }],
      ['cockroach named node', () => nodeFiles(profiles.cockroach, 'n1'), { cert: 'certs/n1/node.crt', key: 'certs/n1/node.key', caCopy: 'certs/n1/ca.crt' }],
      ['cockroach client', () => clientFiles(profiles.cockroach, 'app', 'ignored'), { cert: 'certs/client.app.crt', key: 'certs/client.app.key' }],
      ['dm master', () => nodeFiles(profiles.dm, undefined), { cert: 'master-cert.pem', key: 'master-key.pem' }],
      ['dm worker', () => nodeFiles(profiles.dm, 'worker'), { cert: 'worker-cert.pem', key: 'worker-key.pem' }],
      ['dm client', () => clientFiles(profiles.dm, 'dm', undefined), { cert: 'client-cert.pem', key: 'client-key.pem' }],
      ['postgres server', () => nodeFiles(profiles.postgres, undefined), { cert: 'server.crt', key: 'server.key' }],
      ['postgres libpq client', () => clientFiles(profiles.postgres, 'alice', 'postgresql'), { cert: 'postgresql.crt', key: 'postgresql.key' }],
      ['generic client', () => clientFiles(profiles.generic, 'bob', undefined), { cert: 'client-bob.crt', key: 'client-bob.key' }],
      ['generic named client', () => clientFiles(profiles.generic, 'bob', 'svc'), { cert: 'svc.crt', key: 'svc.key' }],
    ];
    for (const [what, got, want] of cases) assert.deepEqual(got(), want, what);
  });

  it('round-trip through the stored form', () => {
    for (const p of Object.values(profiles)) assert.deepEqual(parseLayoutFile(formatLayoutFile(p.layout)), p.layout);
  });
});

describe('stored layouts', () => {
  const base = profileLayout('generic');
  const bad: Array<[string, Partial<ProfileLayout>]> = [
    ['absolute path', { caKey: '/etc/ssl/private/ca.key' }],
    ['parent segment', { index: '../other/index.txt' }],
    ['empty segment', { crl: 'crl//ca.crl' }],
    ['shared file', { crl: base.index }],
    ['unknown serial policy', { serials: 'counter' as never }],
    ['template escaping the root', { node: { named: { cert: '../{name}.crt', key: '{name}.key' } } }],
  ];
  for (const [what, change] of bad) {
    it(`refuses a layout with ${what}`, () => {
      assert.throws(() => parseLayoutFile(formatLayoutFile({ ...base, ...change })), IssueError);
    });
  }
  it('refuses what is not a layout file', () => {
    assert.throws(() => parseLayoutFile('{"certwrightLayout": 2, "layout": {}}'), /unknown version/);
    assert.throws(() => parseLayoutFile('not json'), /not valid JSON/);
    assert.throws(() => parseLayoutFile(' '.repeat(70 * 1024)), /larger than/);
  });

  it('moves every file an operation writes, and continues a sequential serial', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    // The same CA, seen through an easy-rsa-like layout: state in pki/, leaves in issued/ and private/.
    const layout: ProfileLayout = {
      ...base,
      caCert: 'pki/ca.crt',
      caKey: 'pki/private/ca.key',
      caDir: 'pki',
      index: 'pki/index.txt',
      serial: 'pki/serial',
      crlnumber: 'pki/crlnumber',
      indexAttr: 'pki/index.txt.attr',
      newCertsDir: 'pki/certs_by_serial',
      opensslConfig: 'pki/openssl-easyrsa.cnf',
      crl: 'pki/crl.pem',
      node: { named: { cert: 'pki/issued/{name}.crt', key: 'pki/private/{name}.key' }, defaultName: 'server' },
      client: { named: { cert: 'pki/issued/{name}.crt', key: 'pki/private/{name}.key' }, unnamed: { cert: 'pki/issued/{user}.crt', key: 'pki/private/{user}.key' } },
      serials: 'sequential',
      origin: 'easy-rsa',
    };
    const material: CaMaterial = { ...dir.ca('generic'), index: '', serial: '0A\n', crlnumber: '07\n' };
    const r = await runIssueOperation(env, { kind: 'issueNode', profile: 'generic', sans: ['db.example'], name: 'db', layout }, material);
    const paths = r.plan.files.map((f) => f.path).sort();
    assert.deepEqual(paths, ['pki/certs_by_serial/0A.pem', 'pki/index.txt', 'pki/issued/db.crt', 'pki/private/db.key', 'pki/serial']);
    assert.equal(r.issued?.serial, '0A');
    assert.equal(r.plan.files.find((f) => f.path === 'pki/serial')?.contents, '0B\n');
    assert.equal(parseIndex(r.plan.files.find((f) => f.path === 'pki/index.txt')!.contents)[0]!.serial, '0A');
    assert.ok(!r.opensslCommands.some((c) => c.includes('-rand_serial')), 'openssl ca takes the serial file, as Certwright did');
    const client = await runIssueOperation(env, { kind: 'issueClient', profile: 'generic', user: 'alice', layout }, { ...material, index: r.plan.files.find((f) => f.path === 'pki/index.txt')!.contents, serial: '0B\n' });
    assert.equal(client.issued?.certPath, 'pki/issued/alice.crt');
    assert.equal(parse(client.plan.files.find((f) => f.path === 'pki/issued/alice.crt')!.contents).serialNumber.toUpperCase(), '0B');
    const crl = await runIssueOperation(env, { kind: 'publishCrl', profile: 'generic', layout }, material);
    assert.deepEqual(crl.plan.files.map((f) => f.path).sort(), ['pki/crl.pem', 'pki/crlnumber']);
  });

  it('refuses a sequential serial the database already holds (as openssl ca does)', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    const first = await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['a.example'] });
    const serial = first.issued!.serial;
    const layout: ProfileLayout = { ...base, serials: 'sequential', origin: 'openssl' };
    await assert.rejects(runIssueOperation(env, { kind: 'issueNode', profile: 'generic', sans: ['b.example'], name: 'b', layout }, { ...dir.ca('generic'), serial: `${serial}\n` }), /already lists a certificate with that serial/);
    await assert.rejects(runIssueOperation(env, { kind: 'issueNode', profile: 'generic', sans: ['b.example'], name: 'b', layout }, dir.ca('generic')), /serial.*missing/);
  });
});

describe('stored layouts from a hostile folder', () => {
  const paths = (l: ProfileLayout): string[] => [l.caCert, l.caKey, l.index, l.serial, l.crlnumber, l.indexAttr, l.newCertsDir, l.opensslConfig, l.crl, ...[l.node, l.client].flatMap((p) => [p.named, ...(p.unnamed ? [p.unnamed] : [])]).flatMap((t) => [t.cert, t.key, ...(t.caCopy ? [t.caCopy] : [])])];
  it('any JSON is either refused with an IssueError or a layout whose every path the store accepts', () => {
    const base = profileLayout('cockroach') as unknown as Record<string, unknown>;
    const keys = Object.keys(base);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom('../x', '/etc/x', 'a//b', './a', 'a/..', '', 'a\\b', '{name}/../../x')), (key, value) => {
        let layout: ProfileLayout;
        try {
          layout = parseLayoutFile(JSON.stringify({ certwrightLayout: 1, layout: { ...base, [key]: value } }));
        } catch (e) {
          assert.ok(e instanceof IssueError, String(e));
          return;
        }
        for (const p of paths(layout)) checkPlanPath(p.replace(/\{(name|user)\}/g, 'x'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('easy-rsa renewals (renewedCopyOf)', () => {
  it("an easy-rsa leaf's replaced certificate goes to pki/renewed/issued/<name>.crt, where easyrsa revoke-renewed looks; nothing for other layouts or files", () => {
    const easy = { origin: 'easy-rsa', caDir: 'pki' } as const;
    assert.deepEqual(renewedCopyOf(easy, 'pki/issued/web1.crt'), { path: 'pki/renewed/issued/web1.crt', name: 'web1', request: 'pki/reqs/web1.req', renewedRequest: 'pki/renewed/reqs/web1.req' });
    assert.equal(renewedCopyOf(easy, 'pki/issued/sub/web1.crt'), undefined);
    assert.equal(renewedCopyOf(easy, 'pki/ca.crt'), undefined);
    assert.equal(renewedCopyOf({ origin: 'openssl', caDir: 'demoCA' }, 'demoCA/issued/web1.crt'), undefined);
    assert.equal(renewedCopyOf({ origin: 'certwright', caDir: 'ca-private' }, 'server.crt'), undefined);
  });

  it('a renewal with a new key keeps the request with its key, as easyrsa renew does: the old one in pki/renewed/reqs/, one of the new key in pki/reqs/; with the same key the request stays', async () => {
    const easy = easyRsaLayout('pki', 'generic').layout;
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['web1'], keyType: 'p256' });
    const op = { kind: 'renew', profile: 'generic', layout: easy, certPath: 'pki/issued/web1.crt', certPem: dir.text('server.crt'), keyPath: 'pki/private/web1.key', keyPem: dir.text('server.key'), requestPem: 'OLD REQUEST' } as const;
    const r = await runIssueOperation(env, { ...op, newKey: true }, dir.ca('generic'));
    const file = (p: string) => r.plan.files.find((f) => f.path === p);
    assert.deepEqual([file('pki/renewed/reqs/web1.req')?.contents, file('pki/renewed/reqs/web1.req')?.replace], ['OLD REQUEST', false]);
    const req = new x509.Pkcs10CertificateRequest(file('pki/reqs/web1.req')!.contents);
    assert.ok(await req.verify());
    const cert = parse(file('pki/issued/web1.crt')!.contents);
    assert.equal(req.subject, cert.subject);
    assert.deepEqual(new Uint8Array(req.publicKey.rawData), new Uint8Array(cert.publicKey.rawData), 'the request of the new key');
    assert.match(r.opensslCommands.join('\n'), /mv pki\/reqs\/web1\.req pki\/renewed\/reqs\/web1\.req[\s\S]*openssl req -new -key pki\/private\/web1\.key -subj \/CN=web1 -out pki\/reqs\/web1\.req/);
    const same = await runIssueOperation(env, op, dir.ca('generic'));
    assert.deepEqual(same.plan.files.filter((f) => f.path.includes('reqs/')), []);
  });
});
