/**
 * Go's crypto/x509 and crypto/tls as CockroachDB and TiDB DM (both Go programs) use
 * them, applied to certificates issued by Certwright's CLI for every profile:
 * chains, key usages (including DM's default-server-usage check on client
 * certificates, rules doc D.4), host names against SANs, tls.LoadX509KeyPair on the
 * written key files, real TLS handshakes over 127.0.0.1, and CockroachDB's
 * certs-dir loader rules (names, key modes, principals). Expected rejections are
 * asserted with Go's own error texts.
 *
 * Needs `npm run build` (dist/server/cli.js) and Go (Debian golang-go).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, certwright, certwrightOk } from './support/certwrightCli';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
import { buildGoPeer, runGoChecks, type GoCheck, type GoResult } from './support/goPeer';

let work: string;
let peer: string;

before(() => {
  assertCliBuilt();
  work = mkdtempSync(join(tmpdir(), 'certwright-go-verify-'));
  peer = buildGoPeer();
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (peer) rmSync(join(peer, '..'), { recursive: true, force: true });
});

function check(dir: string, checks: GoCheck[]): Map<string, GoResult> {
  const results = runGoChecks(peer, checks, dir);
  return new Map(results.map((r) => [r.name, r]));
}

function ok(results: Map<string, GoResult>, name: string): GoResult {
  const r = results.get(name);
  assert.ok(r, `no result for ${name}`);
  assert.equal(r.ok, true, `${name} should pass in Go, failed: ${r.error}`);
  return r;
}

function refused(results: Map<string, GoResult>, name: string, why: RegExp): GoResult {
  const r = results.get(name);
  assert.ok(r, `no result for ${name}`);
  assert.equal(r.ok, false, `${name} should be refused by Go (${why}), but it passed: ${JSON.stringify(r.notes)}`);
  assert.match(r.error ?? '', why, `${name} was refused for another reason`);
  return r;
}

/** A throw-away foreign CA + leaf made with the openssl CLI: "a certificate from another CA". */
function foreignCa(dir: string): { ca: string; cert: string; key: string } {
  const o = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  o(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-subj', '/CN=Other CA', '-days', '2', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  o(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other.key', '-out', 'other.csr', '-subj', '/CN=root']);
  writeFileSync(join(dir, 'other.ext'), 'extendedKeyUsage = serverAuth, clientAuth\nsubjectAltName = DNS:localhost, IP:127.0.0.1\n');
  o(['x509', '-req', '-in', 'other.csr', '-CA', 'other-ca.crt', '-CAkey', 'other-ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'other.ext', '-out', 'other.crt']);
  return { ca: join(dir, 'other-ca.crt'), cert: join(dir, 'other.crt'), key: join(dir, 'other.key') };
}

for (const keyType of ['p256', 'rsa2048'] as const) {
  describe(`CockroachDB profile (${keyType}) through Go`, () => {
    let dir: string;
    let results: Map<string, GoResult>;

    before(() => {
      dir = join(work, `crdb-${keyType}`);
      certwrightOk(['ca', 'create', '--profile', 'cockroach', '--dir', dir, '--key', keyType]);
      certwrightOk(['issue', 'node', '--profile', 'cockroach', '--dir', dir, '--san', 'localhost', '--san', '127.0.0.1', '--san', 'node.example.internal']);
      certwrightOk(['issue', 'node', '--profile', 'cockroach', '--dir', dir, '--name', 'node1', '--san', 'node1.example.internal', '--san', '10.0.0.1', '--san', '127.0.0.1']);
      certwrightOk(['issue', 'client', '--profile', 'cockroach', '--dir', dir, '--user', 'root']);
      certwrightOk(['issue', 'client', '--profile', 'cockroach', '--dir', dir, '--user', 'alice']);
      const other = foreignCa(dir);
      const certs = join(dir, 'certs');
      const ca = join(certs, 'ca.crt');
      // Broken copies, to show the loader replica does refuse what CockroachDB refuses.
      const loose = join(dir, 'loose-certs');
      cpSync(certs, loose, { recursive: true });
      chmodSync(join(loose, 'node.key'), 0o644);
      // Root-owned 0640 (the test runs as root, so the group is the process's): accepted.
      // The same mode owned by another account: refused.
      const rootGroup = join(dir, 'root-group-certs');
      cpSync(certs, rootGroup, { recursive: true });
      chmodSync(join(rootGroup, 'node.key'), 0o640);
      const otherOwner = join(dir, 'other-owner-certs');
      cpSync(certs, otherOwner, { recursive: true });
      chmodSync(join(otherOwner, 'node.key'), 0o640);
      if (isRoot) chownSync(join(otherOwner, 'node.key'), 65534, 0);
      const withCaKey = join(dir, 'cakey-certs');
      cpSync(certs, withCaKey, { recursive: true });
      cpSync(join(dir, 'ca-private', 'ca.key'), join(withCaKey, 'ca.key'));
      results = check(dir, [
        { name: 'loose key mode', kind: 'crdbdir', dir: loose },
        { name: 'root-owned 0640 key', kind: 'crdbdir', dir: rootGroup },
        { name: 'other-owned 0640 key', kind: 'crdbdir', dir: otherOwner },
        { name: 'CA key in certs dir', kind: 'crdbdir', dir: withCaKey },
        { name: 'certs dir', kind: 'crdbdir', dir: certs },
        { name: 'node1 certs dir', kind: 'crdbdir', dir: join(certs, 'node1') },
        { name: 'node as server 127.0.0.1', kind: 'verify', ca: [ca], cert: join(certs, 'node.crt'), key: join(certs, 'node.key'), usages: ['serverAuth'], host: '127.0.0.1' },
        { name: 'node as server by name', kind: 'verify', ca: [ca], cert: join(certs, 'node.crt'), usages: ['serverAuth'], host: 'node.example.internal' },
        { name: 'node as client', kind: 'verify', ca: [ca], cert: join(certs, 'node.crt'), usages: ['clientAuth'] },
        { name: 'node unlisted host', kind: 'verify', ca: [ca], cert: join(certs, 'node.crt'), usages: ['serverAuth'], host: '10.9.9.9' },
        { name: 'node1 as server 10.0.0.1', kind: 'verify', ca: [ca], cert: join(certs, 'node1', 'node.crt'), key: join(certs, 'node1', 'node.key'), usages: ['serverAuth'], host: '10.0.0.1' },
        { name: 'client root as client', kind: 'verify', ca: [ca], cert: join(certs, 'client.root.crt'), key: join(certs, 'client.root.key'), usages: ['clientAuth'] },
        { name: 'client root as server', kind: 'verify', ca: [ca], cert: join(certs, 'client.root.crt'), usages: ['serverAuth'] },
        { name: 'foreign cert', kind: 'verify', ca: [ca], cert: other.cert, usages: ['clientAuth'] },
        { name: 'handshake root', kind: 'handshake', mode: 'cockroach', serverCA: ca, serverCert: join(certs, 'node.crt'), serverKey: join(certs, 'node.key'), clientCA: ca, clientCert: join(certs, 'client.root.crt'), clientKey: join(certs, 'client.root.key'), user: 'root', host: '127.0.0.1' },
        { name: 'handshake alice as root', kind: 'handshake', mode: 'cockroach', serverCA: ca, serverCert: join(certs, 'node.crt'), serverKey: join(certs, 'node.key'), clientCA: ca, clientCert: join(certs, 'client.alice.crt'), clientKey: join(certs, 'client.alice.key'), user: 'root', host: '127.0.0.1' },
        { name: 'handshake node-to-node', kind: 'handshake', mode: 'cockroach', serverCA: ca, serverCert: join(certs, 'node1', 'node.crt'), serverKey: join(certs, 'node1', 'node.key'), clientCA: ca, clientCert: join(certs, 'node.crt'), clientKey: join(certs, 'node.key'), user: 'node', host: 'node1.example.internal' },
        { name: 'handshake foreign client', kind: 'handshake', mode: 'cockroach', serverCA: ca, serverCert: join(certs, 'node.crt'), serverKey: join(certs, 'node.key'), clientCA: ca, clientCert: other.cert, clientKey: other.key, user: 'root', host: '127.0.0.1' },
        { name: 'handshake wrong host', kind: 'handshake', mode: 'cockroach', serverCA: ca, serverCert: join(certs, 'node.crt'), serverKey: join(certs, 'node.key'), clientCA: ca, clientCert: join(certs, 'client.root.crt'), clientKey: join(certs, 'client.root.key'), user: 'root', host: 'elsewhere.example.internal' },
      ]);
    });

    it('loads the certs dir like CockroachDB: names, 0600 keys, principals, chains, key pairs; CA key kept elsewhere', () => {
      const r = ok(results, 'certs dir');
      assert.ok(r.notes?.some((n) => n.startsWith('node.crt ok')), JSON.stringify(r.notes));
      assert.ok(r.notes?.some((n) => n.startsWith('client.root.crt ok')), JSON.stringify(r.notes));
      assert.ok(r.notes?.some((n) => n.startsWith('client.alice.crt ok')), JSON.stringify(r.notes));
      ok(results, 'node1 certs dir');
      assert.equal(statSync(join(dir, 'certs', 'node.key')).mode & 0o777, 0o600);
      refused(results, 'loose key mode', isRoot ? /has permissions -rw-r--r--, exceeds -rwxr-----/ : /has permissions -rw-r--r--, exceeds -rwx------/);
    });

    it('key permissions: Certwright and the loader replica agree (0644 refused; 0640 accepted only when root owns it)', { skip: isRoot ? false : 'needs root to own and chown the key files' }, () => {
      const verdict = (certsDir: string): string => {
        const r = certwright(['lint', '--format', 'json', join(certsDir, 'node.key')]);
        const f = (JSON.parse(r.stdout) as Array<{ code: string; message: string }>).find((x) => x.code === 'CRDB-021');
        return f ? f.message : 'accepted';
      };
      assert.match(verdict(join(dir, 'loose-certs')), /^key file has permissions -rw-r--r--, exceeds -rwxr-----/);
      ok(results, 'root-owned 0640 key');
      assert.equal(verdict(join(dir, 'root-group-certs')), 'accepted');
      refused(results, 'other-owned 0640 key', /has permissions -rw-r-----, exceeds -rwx------/);
      assert.match(verdict(join(dir, 'other-owner-certs')), /^key file has permissions -rw-r-----, exceeds -rwx------/);
      refused(results, 'CA key in certs dir', /ca\.key found in the certs dir/);
    });

    it('node certificate serves and acts as a client (serverAuth + clientAuth), SANs match listed hosts only', () => {
      ok(results, 'node as server 127.0.0.1');
      ok(results, 'node as server by name');
      ok(results, 'node as client');
      ok(results, 'node1 as server 10.0.0.1');
      refused(results, 'node unlisted host', /x509: certificate is valid for .*not 10\.9\.9\.9/);
    });

    it('client certificates are clientAuth only and load as key pairs', () => {
      ok(results, 'client root as client');
      refused(results, 'client root as server', /incompatible key usage/);
      refused(results, 'foreign cert', /unknown authority/);
    });

    it('real handshakes: root logs in, alice cannot claim root, nodes talk to each other, foreign CA and wrong host refused', () => {
      ok(results, 'handshake root');
      refused(results, 'handshake alice as root', /certificate is for \[alice\]/);
      ok(results, 'handshake node-to-node');
      refused(results, 'handshake foreign client', /server: .*unknown authority/);
      refused(results, 'handshake wrong host', /client: .*not elsewhere\.example\.internal/);
    });
  });

  describe(`TiDB DM profile (${keyType}) through Go`, () => {
    let results: Map<string, GoResult>;
    let dmDir: string;

    before(() => {
      const dir = join(work, `dm-${keyType}`);
      dmDir = dir;
      certwrightOk(['ca', 'create', '--profile', 'dm', '--dir', dir, '--key', keyType]);
      certwrightOk(['issue', 'node', '--profile', 'dm', '--dir', dir, '--name', 'master', '--san', '127.0.0.1', '--san', 'localhost']);
      certwrightOk(['issue', 'node', '--profile', 'dm', '--dir', dir, '--name', 'worker', '--san', '127.0.0.1', '--san', 'localhost']);
      // Defaults as in DM's docs: every component CN=dm, cert-allowed-cn = ["dm"].
      certwrightOk(['issue', 'client', '--profile', 'dm', '--dir', dir]);
      certwrightOk(['issue', 'client', '--profile', 'dm', '--dir', dir, '--user', 'intruder', '--name', 'intruder']);
      // A "plain" client certificate (clientAuth only, as a generic recipe would make it),
      // signed by the same DM CA with the openssl CLI: DM's own verifyCA must refuse it.
      const f = (n: string): string => join(dir, n);
      execFileSync('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('plain-key.pem'), '-out', f('plain.csr'), '-subj', '/CN=dm'], { stdio: 'pipe' });
      writeFileSync(f('plain.ext'), 'extendedKeyUsage = clientAuth\n');
      execFileSync('openssl', ['x509', '-req', '-in', f('plain.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca-private/ca-key.pem'), '-set_serial', '0x7a11', '-days', '1', '-extfile', f('plain.ext'), '-out', f('plain-cert.pem')], { stdio: 'pipe' });
      const other = foreignCa(dir);
      const ca = f('ca.pem');
      const dm = (name: string, server: string, client: string, serverAllowedCN: string[], clientAllowedCN: string[], host = '127.0.0.1'): GoCheck => ({
        name,
        kind: 'handshake',
        mode: 'dm',
        serverCA: ca,
        serverCert: f(`${server}-cert.pem`),
        serverKey: f(`${server}-key.pem`),
        serverAllowedCN,
        clientCert: client.includes('/') ? client : f(`${client}-cert.pem`),
        clientKey: client.includes('/') ? client.replace(/\.crt$/, '.key') : f(`${client}-key.pem`),
        clientCA: ca,
        clientAllowedCN,
        host,
      });
      results = check(dir, [
        // DM's verifyCA: Verify with no KeyUsages = Go's default serverAuth, for every peer cert.
        { name: 'master default usage', kind: 'verify', ca: [ca], cert: f('master-cert.pem'), key: f('master-key.pem'), host: '127.0.0.1' },
        { name: 'worker default usage', kind: 'verify', ca: [ca], cert: f('worker-cert.pem'), key: f('worker-key.pem'), host: 'localhost' },
        { name: 'client default usage', kind: 'verify', ca: [ca], cert: f('client-cert.pem'), key: f('client-key.pem') },
        { name: 'client clientAuth', kind: 'verify', ca: [ca], cert: f('client-cert.pem'), usages: ['clientAuth'] },
        { name: 'client allowed CN', kind: 'verify', ca: [ca], cert: f('client-cert.pem'), allowedCN: ['dm'] },
        { name: 'intruder CN', kind: 'verify', ca: [ca], cert: f('intruder-cert.pem'), allowedCN: ['dm'] },
        { name: 'plain client default usage', kind: 'verify', ca: [ca], cert: f('plain-cert.pem') },
        { name: 'foreign cert', kind: 'verify', ca: [ca], cert: other.cert },
        // ssl-ca naming a leaf (DM-017): Go takes it into the pool, then nothing verifies.
        { name: 'leaf as ssl-ca', kind: 'verify', ca: [f('worker-cert.pem')], cert: f('master-cert.pem') },
        { name: 'master unlisted host', kind: 'verify', ca: [ca], cert: f('master-cert.pem'), host: '192.0.2.7' },
        // Real handshakes with DM's TLS configuration on both ends.
        dm('dmctl to master', 'master', 'client', ['dm'], ['dm']),
        dm('worker to master', 'master', 'worker', ['dm'], ['dm']),
        dm('master to worker', 'worker', 'master', ['dm'], ['dm'], 'localhost'),
        dm('dmctl without CN list', 'master', 'client', [], []),
        dm('intruder refused', 'master', 'intruder', ['dm'], ['dm']),
        dm('plain client refused', 'master', 'plain', ['dm'], ['dm']),
        // The client trusts the DM CA but presents a certificate from another CA (CN=root, which is listed).
        dm('foreign client refused', 'master', other.cert, ['dm', 'root'], ['dm']),
        dm('server SAN mismatch', 'master', 'client', ['dm'], ['dm'], '192.0.2.7'),
      ]);
    });

    it("every DM certificate passes DM's verifyCA (Go default usage = serverAuth), client certs included; key pairs load", () => {
      ok(results, 'master default usage');
      ok(results, 'worker default usage');
      ok(results, 'client default usage');
      ok(results, 'client clientAuth');
    });

    it('a plain clientAuth-only client certificate is refused by the same check; a foreign CA and an unlisted host are refused', () => {
      refused(results, 'plain client default usage', /incompatible key usage/);
      refused(results, 'foreign cert', /unknown authority/);
      refused(results, 'master unlisted host', /not 192\.0\.2\.7/);
    });

    it('DM-017 quotes what Go says when ssl-ca names a leaf', () => {
      const go = refused(results, 'leaf as ssl-ca', /x509: certificate signed by unknown authority/);
      writeFileSync(join(dmDir, 'dm-worker.toml'), `name = "w"\nworker-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "worker-cert.pem"\nssl-cert = "worker-cert.pem"\nssl-key = "worker-key.pem"\n`);
      const r = certwright(['lint', '--format', 'json', join(dmDir, 'dm-worker.toml')]);
      const f = (JSON.parse(r.stdout) as Array<{ code: string; message: string }>).find((x) => x.code === 'DM-017');
      assert.ok(f && f.message.includes('x509: certificate signed by unknown authority'), `${JSON.stringify(f)} vs Go: ${go.error}`);
    });

    it('cert-allowed-cn: the listed CN passes, another CN from the same CA does not', () => {
      ok(results, 'client allowed CN');
      refused(results, 'intruder CN', /was not found in the configuration cluster-verify-cn/);
    });

    it('real DM handshakes: dmctl→master, worker→master, master→worker pass; intruder, plain client, foreign CA, wrong SAN fail', () => {
      ok(results, 'dmctl to master');
      ok(results, 'worker to master');
      ok(results, 'master to worker');
      ok(results, 'dmctl without CN list');
      refused(results, 'intruder refused', /server: .*cluster-verify-cn/);
      refused(results, 'plain client refused', /server: .*incompatible key usage/);
      refused(results, 'foreign client refused', /server: .*unknown authority/);
      refused(results, 'server SAN mismatch', /client: .*not 192\.0\.2\.7/);
    });
  });
}

describe('PostgreSQL and generic profiles through Go', () => {
  let results: Map<string, GoResult>;

  before(() => {
    const pg = join(work, 'pg');
    certwrightOk(['ca', 'create', '--profile', 'postgres', '--dir', pg, '--key', 'p256']);
    certwrightOk(['issue', 'node', '--profile', 'postgres', '--dir', pg, '--san', 'localhost', '--san', '127.0.0.1']);
    certwrightOk(['issue', 'client', '--profile', 'postgres', '--dir', pg, '--user', 'alice']);
    const gen = join(work, 'generic');
    certwrightOk(['ca', 'create', '--profile', 'generic', '--dir', gen, '--key', 'ed25519']);
    certwrightOk(['issue', 'node', '--profile', 'generic', '--dir', gen, '--san', 'svc.example.internal', '--san', '::1']);
    certwrightOk(['issue', 'client', '--profile', 'generic', '--dir', gen, '--user', 'app']);
    const p = (n: string): string => join(pg, n);
    const g = (n: string): string => join(gen, n);
    results = check(work, [
      { name: 'pg server', kind: 'verify', ca: [p('root.crt')], cert: p('server.crt'), key: p('server.key'), usages: ['serverAuth'], host: '127.0.0.1' },
      { name: 'pg server localhost', kind: 'verify', ca: [p('root.crt')], cert: p('server.crt'), usages: ['serverAuth'], host: 'localhost' },
      { name: 'pg client', kind: 'verify', ca: [p('root.crt')], cert: p('client.crt'), key: p('client.key'), usages: ['clientAuth'] },
      { name: 'pg client as server', kind: 'verify', ca: [p('root.crt')], cert: p('client.crt'), usages: ['serverAuth'] },
      { name: 'pg server from generic CA', kind: 'verify', ca: [g('ca.crt')], cert: p('server.crt'), usages: ['serverAuth'] },
      { name: 'generic server ed25519', kind: 'verify', ca: [g('ca.crt')], cert: g('server.crt'), key: g('server.key'), usages: ['serverAuth'], host: '::1' },
      { name: 'generic server by name', kind: 'verify', ca: [g('ca.crt')], cert: g('server.crt'), usages: ['serverAuth'], host: 'svc.example.internal' },
      { name: 'generic client', kind: 'verify', ca: [g('ca.crt')], cert: g('client-app.crt'), key: g('client-app.key'), usages: ['clientAuth'] },
    ]);
  });

  it('PostgreSQL server cert serves 127.0.0.1 and localhost; client cert is clientAuth; other CA refused', () => {
    ok(results, 'pg server');
    ok(results, 'pg server localhost');
    ok(results, 'pg client');
    refused(results, 'pg client as server', /incompatible key usage/);
    refused(results, 'pg server from generic CA', /unknown authority/);
  });

  it('generic Ed25519 chain verifies in Go, with IPv6 and DNS SANs', () => {
    ok(results, 'generic server ed25519');
    ok(results, 'generic server by name');
    ok(results, 'generic client');
  });
});
