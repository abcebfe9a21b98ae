/**
 * The months after day one, with the real tools: for every profile, a short-lived
 * CA issues leaves; `certwright renew` of the CA certificate (the exact command of
 * issue #12) renews it as a CA; `openssl verify` (OpenSSL 3.0) and Go's crypto/x509
 * accept every certificate issued BEFORE the renewal against the renewed CA, and
 * certificates issued after it against the old CA file (same key, same name).
 * Also: a leaf that would outlive the CA is refused; a revoked key is not renewed;
 * `certwright lint` finds nothing at all in each profile's freshly issued layout.
 *
 * Needs `npm run build` (dist/server/cli.js), openssl and Go (Debian golang-go).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';
import { profileLayout } from '../../server/src/core/issue/profiles';
import type { ProfileId } from '../../server/src/core/issue/types';

let work: string;
let peer: string;

function openssl(cwd: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Layout {
  readonly profile: ProfileId;
  readonly dir: string;
  readonly ca: string;
  readonly leaves: { cert: string; key: string; server: boolean }[];
}

function issueLayout(profile: ProfileId, caDays: string): Layout {
  const dir = join(work, profile);
  certwrightOk(['ca', 'create', '--profile', profile, '--dir', dir, '--key', 'p256', '--days', caDays]);
  const leaves: Layout['leaves'] = [];
  const add = (args: string[], server: boolean): void => {
    const j = JSON.parse(certwrightOk([...args, '--dir', dir, '--json']).stdout) as { issued: { certPath: string; keyPath: string } };
    leaves.push({ cert: join(dir, j.issued.certPath), key: join(dir, j.issued.keyPath), server });
  };
  add(['issue', 'node', '--san', 'localhost', '--san', '127.0.0.1', '--days', '20'], true);
  add(['issue', 'client', '--days', '20'], false);
  if (profile === 'cockroach') add(['issue', 'node', '--name', 'n1', '--san', 'n1.internal', '--days', '20'], true);
  if (profile === 'dm') add(['issue', 'node', '--name', 'worker', '--san', '127.0.0.1', '--days', '20'], true);
  return { profile, dir, ca: join(dir, profileLayout(profile).caCert), leaves };
}

const profilesUnderTest: ProfileId[] = ['cockroach', 'dm', 'postgres', 'generic'];
const layouts = new Map<ProfileId, Layout>();

before(() => {
  assertCliBuilt();
  work = mkdtempSync(join(tmpdir(), 'certwright-life-'));
  peer = buildGoPeer();
  for (const p of profilesUnderTest) layouts.set(p, issueLayout(p, '30'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (peer) rmSync(join(peer, '..'), { recursive: true, force: true });
});

describe('renewing the CA certificate (issue #12, problem 1)', () => {
  for (const profile of profilesUnderTest) {
    it(`${profile}: renew --cert <CA> --key <CA key> --days 3650 writes a CA; openssl and Go verify every earlier leaf against it`, () => {
      const l = layouts.get(profile)!;
      const layout = profileLayout(profile);
      const oldCa = join(work, `${profile}-old-ca.pem`);
      copyFileSync(l.ca, oldCa);
      certwrightOk(['renew', '--dir', l.dir, '--cert', l.ca, '--key', join(l.dir, layout.caKey), '--days', '3650']);
      const text = openssl(l.dir, 'x509', '-in', l.ca, '-noout', '-text', '-dates').out;
      assert.match(text, /CA:TRUE/);
      assert.match(text, /Certificate Sign, CRL Sign/);
      assert.doesNotMatch(text, /Key Encipherment|TLS Web/);
      const year = new Date(Date.now() + 3650 * 86_400_000).getUTCFullYear();
      assert.match(text, new RegExp(`notAfter=.* ${year} GMT`));
      const skid = (f: string): string => /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(openssl(l.dir, 'x509', '-in', f, '-noout', '-text').out)?.[1] ?? 'none';
      assert.equal(skid(l.ca), skid(oldCa));
      assert.match(openssl(l.dir, 'verify', '-x509_strict', '-CAfile', l.ca, l.ca).out, /: OK/);
      for (const leaf of l.leaves) {
        const purpose = leaf.server ? 'sslserver' : 'sslclient';
        const r = openssl(l.dir, 'verify', '-x509_strict', '-purpose', purpose, '-CAfile', l.ca, leaf.cert);
        assert.equal(r.code, 0, `${leaf.cert}: ${r.out}`);
      }
      if (profile === 'cockroach') assert.equal(readFileSync(join(l.dir, 'certs/n1/ca.crt'), 'utf8'), readFileSync(l.ca, 'utf8'), 'the node folder copy is replaced');
      // Go (CockroachDB, DM): every earlier leaf against the renewed CA; a later leaf against the OLD CA file.
      const later = JSON.parse(certwrightOk(['issue', 'node', '--dir', l.dir, '--name', 'later', '--san', 'localhost', '--days', '400', '--json']).stdout).issued;
      const checks: GoCheck[] = l.leaves.map((leaf, i) => ({ name: `earlier ${i}`, kind: 'verify', ca: [l.ca], cert: leaf.cert, key: leaf.key, usages: [leaf.server ? 'serverAuth' : 'clientAuth'] }));
      checks.push({ name: 'later vs old CA', kind: 'verify', ca: [oldCa], cert: join(l.dir, later.certPath), usages: ['serverAuth'], host: 'localhost' });
      for (const r of runGoChecks(peer, checks, l.dir)) assert.equal(r.ok, true, `${profile} ${r.name}: ${r.error}`);
      const vsOld = openssl(l.dir, 'verify', '-x509_strict', '-CAfile', oldCa, join(l.dir, later.certPath));
      assert.equal(vsOld.code, 0, `a leaf issued after the renewal, against the old CA file still deployed elsewhere: ${vsOld.out}`);
    });
  }
});

describe('expiry as a decision (problem 3) and revocation that holds (problem 2)', () => {
  it('a leaf that would outlive the CA is refused with the choices; --allow-capped ends it with the CA', () => {
    const dir = join(work, 'short');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256', '--days', '365']);
    const r = certwright(['issue', 'node', '--dir', dir, '--san', 'localhost']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /a 825-day certificate would end on .* after the CA certificate \(CN = PostgreSQL Root CA\) expires on/);
    assert.match(r.stderr, /--days 36[45] or less/); // the CA was made a moment ago
    assert.ok(r.stderr.includes(`certwright renew --dir ${dir} --cert ${dir}/root.crt`), `the folder as given: ${r.stderr}`);
    assert.match(r.stderr, /--allow-capped/);
    certwrightOk(['issue', 'node', '--dir', dir, '--san', 'localhost', '--allow-capped']);
    const end = (f: string): string => openssl(dir, 'x509', '-in', f, '-noout', '-enddate').out.trim();
    assert.equal(end(join(dir, 'server.crt')), end(join(dir, 'root.crt')));
  });

  it('renew of a certificate revoked for keyCompromise is refused; --new-key issues a new key that openssl accepts with the CRL', () => {
    const dir = join(work, 'revoked');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', dir, '--key', 'p256']);
    certwrightOk(['issue', 'client', '--dir', dir, '--user', 'alice']);
    const oldKey = readFileSync(join(dir, 'client.key'), 'utf8');
    certwrightOk(['revoke', '--dir', dir, '--cert', join(dir, 'client.crt'), '--reason', 'keyCompromise']);
    const r = certwright(['renew', '--dir', dir, '--cert', join(dir, 'client.crt')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /revoked .*keyCompromise.*the key is compromised\. Renew with a new key: --new-key/);
    assert.equal(readFileSync(join(dir, 'client.key'), 'utf8'), oldKey, 'nothing written');
    certwrightOk(['renew', '--dir', dir, '--cert', join(dir, 'client.crt'), '--new-key']);
    assert.notEqual(readFileSync(join(dir, 'client.key'), 'utf8'), oldKey);
    const ok = openssl(dir, 'verify', '-crl_check', '-CRLfile', 'root.crl', '-CAfile', 'root.crt', 'client.crt');
    assert.equal(ok.code, 0, ok.out);
    // and the old certificate stays revoked for openssl
    const old = join(dir, 'ca-private/newcerts', `${/^R\t[^\t]*\t[^\t]*\t([0-9A-F]+)/m.exec(readFileSync(join(dir, 'ca-private/index.txt'), 'utf8'))![1]}.pem`);
    assert.match(openssl(dir, 'verify', '-crl_check', '-CRLfile', 'root.crl', '-CAfile', 'root.crt', old).out, /certificate revoked/);
  });
});

describe("Certwright's own output passes Certwright's lint (problem 5)", () => {
  it('every profile, freshly issued (CA, nodes, clients, CRL, CA state): zero findings', () => {
    const dir = join(work, 'fresh');
    for (const p of profilesUnderTest) {
      const d = join(dir, p);
      certwrightOk(['ca', 'create', '--profile', p, '--dir', d, '--key', 'p256']);
      certwrightOk(['issue', 'node', '--dir', d, '--san', 'localhost', '--san', '127.0.0.1']);
      certwrightOk(['issue', 'client', '--dir', d]);
      if (p === 'dm') certwrightOk(['issue', 'node', '--dir', d, '--name', 'worker', '--san', 'localhost', '--san', 'URI:spiffe://dm/worker']);
      if (p === 'cockroach') certwrightOk(['issue', 'node', '--dir', d, '--name', 'n1', '--san', 'n1.internal']);
      if (p === 'postgres') certwrightOk(['issue', 'client', '--dir', d, '--user', 'bob', '--name', 'postgresql']);
    }
    const r = certwright(['lint', '--format', 'json', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const findings = JSON.parse(r.stdout) as unknown[];
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 1));
  });
});

describe('CRLs published near the end of what they depend on (openssl verify -crl_check_all -attime)', () => {
  const attime = (days: number): string => String(Math.floor(Date.now() / 1000) + days * 86_400);

  it("an intermediate's copy of a short-lived parent CRL: warned when it lapses first; openssl then says CRL has expired; crl --parent publishes the parent's fresh one", () => {
    const root = join(work, 'crl-root');
    const int = join(work, 'crl-int');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', root, '--key', 'p256', '--pathlen', '1']);
    certwrightOk(['crl', '--dir', root, '--crl-days', '2']);
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', int, '--parent', root, '--key', 'p256']);
    certwrightOk(['issue', 'client', '--dir', int, '--user', 'alice', '--key', 'p256']);
    const verify = (days: number): { code: number | null; out: string } => openssl(int, 'verify', '-crl_check_all', '-attime', attime(days), '-CAfile', join(root, 'root.crt'), '-untrusted', 'root.crt', '-CRLfile', 'root.crl', 'client.crt');
    const stale = certwrightOk(['crl', '--dir', int]);
    assert.match(stale.stderr, /the CRL of CN = PostgreSQL Root CA published with this one lapses on .*, before this one: /);
    assert.ok(stale.stderr.includes(`certwright crl --dir ${int} --parent PARENT_DIR`), `the folder as given, the parent's unknown: ${stale.stderr}`);
    assert.equal(verify(1).code, 0, verify(1).out);
    const lapsed = verify(3);
    assert.notEqual(lapsed.code, 0);
    assert.match(lapsed.out, /CRL has expired/);
    // The parent publishes afresh; --parent copies it: no warning, and openssl accepts past the old date.
    certwrightOk(['crl', '--dir', root]);
    const fresh = certwrightOk(['crl', '--dir', int, '--parent', root]);
    assert.doesNotMatch(fresh.stderr, /warning/);
    assert.equal(readFileSync(join(int, 'ca-private/parent.crl'), 'utf8'), readFileSync(join(root, 'root.crl'), 'utf8'));
    assert.equal(verify(3).code, 0, verify(3).out);
    assert.match(certwright(['crl', '--dir', root, '--parent', int]).stderr, /is a root CA \(self-signed\)/);
  });

  it('a CA that expires before the CRL: warned with the renewal; openssl refuses after the CA ends, accepts with the CA renewed (same key, same CRL)', () => {
    const dir = join(work, 'crl-short-ca');
    certwrightOk(['ca', 'create', '--profile', 'generic', '--dir', dir, '--key', 'p256', '--days', '10']);
    certwrightOk(['issue', 'client', '--dir', dir, '--user', 'bob', '--key', 'p256', '--days', '9']);
    const r = certwrightOk(['crl', '--dir', dir]);
    assert.match(r.stderr, /the CA certificate \(CN = .*\) expires on .*, before this CRL's nextUpdate /);
    assert.ok(r.stderr.includes(`certwright renew --dir ${dir} --cert ${dir}/ca.crt`), r.stderr);
    const leaf = openssl(dir, 'verify', '-crl_check', '-attime', attime(5), '-CAfile', 'ca.crt', '-CRLfile', 'ca.crl', 'client-bob.crt');
    assert.equal(leaf.code, 0, leaf.out);
    // Past the CA's end the CRL is current, yet the CA certificate has expired.
    const caGone = openssl(dir, 'verify', '-crl_check', '-attime', attime(11), '-CAfile', 'ca.crt', '-CRLfile', 'ca.crl', '-partial_chain', 'ca.crt');
    assert.notEqual(caGone.code, 0);
    assert.match(caGone.out, /certificate has expired/);
    certwrightOk(['renew', '--dir', dir, '--cert', join(dir, 'ca.crt'), '--days', '3650']);
    const renewed = openssl(dir, 'verify', '-crl_check', '-attime', attime(11), '-CAfile', 'ca.crt', '-CRLfile', 'ca.crl', '-partial_chain', 'ca.crt');
    assert.equal(renewed.code, 0, renewed.out);
    assert.doesNotMatch(certwrightOk(['crl', '--dir', dir]).stderr, /warning/);
  });
});
