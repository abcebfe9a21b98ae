/**
 * CockroachDB certs directories: a valid one made with the `certwright` CLI
 * (issuing core), then one openssl-made mistake per test; and the openssl
 * recipe files ca.cnf / node.cnf / client.cnf with their quick fixes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyEdits, lintFile, makePki, openssl, type Pki } from './helpers';
import { checkCrdbCnf } from '../../../server/src/core/setup/crdbCnf';
import { crdbName } from '../../../server/src/core/setup/cockroach';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const repo = resolve(__dirname, '../../..');

function certwright(args: string[]): void {
  execFileSync(process.execPath, ['--import', 'tsx', resolve(repo, 'server/src/cli.ts'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
}

let pki: Pki;
let caKey: string;
let caCert: string;

before(() => {
  pki = makePki('cw-crdb-');
  certwright(['ca', 'create', '--profile', 'cockroach', '--dir', pki.dir, '--key', 'p256']);
  certwright(['issue', 'node', '--dir', pki.dir, '--san', 'localhost', '--san', '127.0.0.1', '--key', 'p256']);
  certwright(['issue', 'client', '--dir', pki.dir, '--user', 'root', '--key', 'p256']);
  caKey = pki.path('ca-private/ca.key');
  caCert = pki.path('certs/ca.crt');
});
after(() => pki.cleanup());

/** A certs directory copy with the CLI's CA, so each mistake has its own folder. */
function certsDir(name: string, files = ['ca.crt', 'node.crt', 'node.key', 'client.root.crt', 'client.root.key']): string {
  for (const f of files) {
    copyFileSync(pki.path(`certs/${f}`), pki.write(`${name}/${f}`, ''));
    if (f.endsWith('.key')) chmodSync(pki.path(`${name}/${f}`), 0o600);
  }
  return pki.path(name);
}

function only(run: Awaited<ReturnType<typeof lintFile>>, code: string) {
  const f = run.byCode(code);
  assert.equal(f.length, 1, `expected one ${code}, got ${JSON.stringify(run.findings.map((x) => `${x.code}:${x.message}`))}`);
  return f[0]!;
}

describe('CockroachDB certs directory', () => {
  test('file names: roles and CockroachDB\'s own naming errors', () => {
    assert.deepEqual(crdbName('client.root.crt'), { role: 'client', principal: 'root' });
    assert.equal(crdbName('client.crt').error, 'client certificate filename should match client.<user>.crt');
    assert.equal(crdbName('node.1.crt').error, 'node certificate filename should match node.crt');
    assert.equal(crdbName('server.crt').role, 'unknown');
  });

  test('the directory the certwright CLI writes has no error or warning', async () => {
    for (const f of ['ca.crt', 'node.crt', 'node.key', 'client.root.crt', 'client.root.key']) {
      const run = await lintFile(pki.path(`certs/${f}`));
      assert.deepEqual(run.findings.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => `${f}: ${x.code} ${x.message}`), []);
    }
  });

  test('CRDB-021: one limit, CockroachDB\'s: -rwx------, or -rwxr----- for a root-owned key', { skip: isRoot ? false : 'needs root to own and chown key files' }, async () => {
    const dir = certsDir('perm-root');
    for (const [mode, owner, verdict] of [
      [0o600, 0, 'accepted'],
      [0o700, 0, 'accepted'],
      [0o640, 0, 'accepted'],
      [0o644, 0, 'key file has permissions -rw-r--r--, exceeds -rwxr-----'],
      [0o660, 0, 'key file has permissions -rw-rw----, exceeds -rwxr-----'],
      [0o700, 65534, 'accepted'],
      [0o640, 65534, 'key file has permissions -rw-r-----, exceeds -rwx------'],
    ] as const) {
      chmodSync(`${dir}/node.key`, mode);
      chownSync(`${dir}/node.key`, owner, owner);
      const onKey = (await lintFile(`${dir}/node.key`)).byCode('CRDB-021');
      const onCa = (await lintFile(`${dir}/ca.crt`)).byCode('CRDB-027');
      assert.equal(onKey[0]?.message.replace(/:.*$/, '') ?? 'accepted', verdict, `${mode.toString(8)} uid ${owner}`);
      // ca.crt's summary applies the same limit.
      assert.equal(onCa.some((f) => f.message.includes('node.key')), verdict !== 'accepted', `${mode.toString(8)} uid ${owner}: ${onCa.map((f) => f.message)}`);
    }
    chownSync(`${dir}/node.key`, 0, 0);
  });

  test('CRDB-021: a key with group/world bits, on the key (ca.crt only refers to it), with the chmod command fix', async () => {
    const dir = certsDir('perm');
    chmodSync(`${dir}/node.key`, 0o644);
    const onKey = await lintFile(`${dir}/node.key`);
    const f = only(onKey, 'CRDB-021');
    assert.equal(f.severity, 'error');
    assert.equal(f.start, 0);
    assert.equal(onKey.covered(f), '-----BEGIN PRIVATE KEY-----');
    assert.deepEqual(f.fixes![0]!.command, { id: 'certwright.fixKeyPermissions', args: [`${dir}/node.key`] });
    const onCa = await lintFile(`${dir}/ca.crt`);
    assert.equal(onCa.byCode('CRDB-021').length, 0);
    const g = only(onCa, 'CRDB-027');
    assert.equal(g.severity, 'information');
    assert.match(g.message, /node\.key — permissions -rw-r--r--, exceeds -rwx/);
    assert.equal(g.related?.[0]?.file, `${dir}/node.key`);
    assert.deepEqual(g.fixes![0]!.command, { id: 'certwright.fixKeyPermissions', args: [`${dir}/node.key`] });
  });

  test('CRDB-020: a ca.crt on explicit EC parameters, which Go cannot parse: CockroachDB refuses to start', async () => {
    const dir = certsDir('explicit');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:explicit', '-out', `${dir}/explicit.key`]);
    openssl(['req', '-x509', '-new', '-key', `${dir}/explicit.key`, '-subj', '/CN=Explicit CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${dir}/ca.crt`]);
    rmSync(`${dir}/explicit.key`);
    const f = only(await lintFile(`${dir}/ca.crt`), 'CRDB-020');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Go cannot parse: CockroachDB refuses to start \("failed to parse certificate 0 in file ca\.crt: x509: invalid ECDSA parameters"\)/);
  });

  test('CRDB-020: a ca.crt with critical nameConstraints on a directoryName, which Go\'s Verify leaves unhandled: every chain through it is refused', async () => {
    const dir = certsDir('nc-dirname');
    pki.write('nc-dirname.cnf', '[req]\ndistinguished_name=n\n[n]\n[v]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign\nnameConstraints=critical,permitted;dirName:dn\n[dn]\nO=Cockroach\n');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${dir}/nc.key`, '-subj', '/O=Cockroach/CN=NC CA', '-days', '3650', '-config', pki.path('nc-dirname.cnf'), '-extensions', 'v', '-out', `${dir}/ca.crt`]);
    rmSync(`${dir}/nc.key`);
    const f = only(await lintFile(`${dir}/ca.crt`), 'CRDB-020');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /holds a critical extension Go does not handle: CockroachDB loads it, but Go's Verify refuses every chain through it \("x509: unhandled critical extension"\), so no certificate it issued is accepted/);
  });

  test('CRDB-020: a ca.crt whose subject holds a value Go cannot read (Mbed TLS bitstring-in-dn: an x500UniqueIdentifier BIT STRING)', async () => {
    const dir = certsDir('dn-bitstring');
    copyFileSync(resolve(__dirname, '../../fixtures/pki/real-world/mbedtls/bitstring-in-dn.pem'), `${dir}/ca.crt`);
    const f = only(await lintFile(`${dir}/ca.crt`), 'CRDB-020');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /failed to parse certificate 0 in file ca\.crt: x509: invalid RDNSequence: invalid attribute value: unsupported string type: 3"\)/);
  });

  test('CRDB-020: client.crt without a user', async () => {
    const dir = certsDir('naming');
    renameSync(`${dir}/client.root.crt`, `${dir}/client.crt`);
    renameSync(`${dir}/client.root.key`, `${dir}/client.key`);
    const run = await lintFile(`${dir}/client.crt`);
    assert.match(only(run, 'CRDB-020').message, /client certificate filename should match client.<user>.crt/);
  });

  test('CRDB-006: client.bob.crt whose CN is root', async () => {
    const dir = certsDir('principal');
    renameSync(`${dir}/client.root.crt`, `${dir}/client.bob.crt`);
    renameSync(`${dir}/client.root.key`, `${dir}/client.bob.key`);
    const run = await lintFile(`${dir}/client.bob.crt`);
    assert.match(only(run, 'CRDB-006').message, /expected "bob"/);
  });

  test('CRDB-002 / CRDB-003: node certificate with clientAuth only and no SAN', async () => {
    const dir = certsDir('node-eku', ['ca.crt']);
    pki.leaf({ cert: 'node-eku/node.crt', key: 'node-eku/node.key', ca: { cert: caCert, key: caKey }, subj: '/O=Cockroach/CN=node', eku: 'clientAuth' });
    const run = await lintFile(`${dir}/node.crt`);
    assert.match(only(run, 'CRDB-002').message, /serverAuth/);
    assert.equal(only(run, 'CRDB-003').severity, 'error');
  });

  test('CRDB-023: the CA key inside the certs directory (reported on ca.key, referred to from ca.crt)', async () => {
    const dir = certsDir('cakey');
    copyFileSync(caKey, `${dir}/ca.key`);
    assert.equal(only(await lintFile(`${dir}/ca.key`), 'CRDB-023').severity, 'warning');
    const run = await lintFile(`${dir}/ca.crt`);
    assert.equal(run.byCode('CRDB-023').length, 0);
    assert.equal(only(run, 'CRDB-027').related?.[0]?.file, `${dir}/ca.key`);
  });

  test('CRDB-024: a certificate not signed by the directory\'s ca.crt', async () => {
    const dir = certsDir('foreign', ['ca.crt']);
    const other = pki.ca({ cert: 'foreign-ca/ca.pem', key: 'foreign-ca/ca.key', cn: 'Other CA' });
    pki.leaf({ cert: 'foreign/node.crt', key: 'foreign/node.key', ca: other, subj: '/O=Cockroach/CN=node', san: 'DNS:localhost', eku: 'serverAuth,clientAuth' });
    const run = await lintFile(`${dir}/node.crt`);
    const f = only(run, 'CRDB-024');
    assert.equal(f.related?.[0]?.file, `${dir}/ca.crt`);
  });

  test('`certwright lint <certs dir>` shows the directory problems and exits 1', () => {
    const dir = certsDir('cli');
    chmodSync(`${dir}/node.key`, 0o640);
    // 0640 is accepted on a root-owned key; owned by another account it is refused.
    if (isRoot) chownSync(`${dir}/node.key`, 65534, 65534);
    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', resolve(repo, 'server/src/cli.ts'), 'lint', dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    } catch (err) {
      const e = err as { status: number; stdout: Buffer };
      status = e.status;
      out = e.stdout.toString();
    }
    assert.equal(status, 1, out);
    assert.match(out, /node\.key:1:1 error CRDB-021 key file has permissions -rw-r-----, exceeds -rwx------/);
    assert.match(out, /ca\.crt:1:1 information CRDB-027 Another file of this certs directory has a problem, reported on it: node\.key — permissions -rw-r-----, exceeds -rwx------/);
    assert.equal(out.match(/ error CRDB-021 /g)?.length, 1, out);
  });

  test('CRDB-022: node.crt without node.key', async () => {
    const dir = certsDir('nokey', ['ca.crt', 'node.crt', 'client.root.crt', 'client.root.key']);
    assert.match(only(await lintFile(`${dir}/node.crt`), 'CRDB-022').message, /node\.key is missing/);
    assert.match(only(await lintFile(`${dir}/ca.crt`), 'CRDB-027').message, /node\.crt — node\.key is missing/);
    rmSync(dir, { recursive: true });
  });
});

/** CockroachDB's documented ca.cnf (create-security-certificates-openssl), as a shared fixture. */
const caCnf = readFileSync(join(__dirname, '../../fixtures/cnf/cockroach-ca.cnf'), 'utf8');

const nodeCnf = `[ req ]
prompt=no
distinguished_name = distinguished_name
req_extensions = extensions

[ distinguished_name ]
organizationName = Cockroach

[ extensions ]
subjectAltName = critical,DNS:localhost,DNS:node,IP:127.0.0.1
`;

const clientCnf = `[ req ]
prompt=no
distinguished_name = distinguished_name
req_extensions = extensions

[ distinguished_name ]
organizationName = Cockroach
commonName = root

[ extensions ]
subjectAltName = DNS:root
`;

describe('CockroachDB openssl recipe files', () => {
  test('the recipe as documented has no finding', () => {
    assert.deepEqual(checkCrdbCnf('ca', caCnf), []);
    assert.deepEqual(checkCrdbCnf('node', nodeCnf), []);
    assert.deepEqual(checkCrdbCnf('client', clientCnf), []);
  });

  test('CRDB-002: signing_node_req without clientAuth, fixed to the recipe value', () => {
    const text = caCnf.replace('extendedKeyUsage = serverAuth,clientAuth', 'extendedKeyUsage = serverAuth');
    const [f, ...rest] = checkCrdbCnf('ca', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.code, 'CRDB-002');
    assert.equal(text.slice(f!.start, f!.end), 'extendedKeyUsage');
    assert.deepEqual(checkCrdbCnf('ca', applyEdits(text, f!.fixes![0]!.edits!)), []);
  });

  test('CRDB-001: CA extensions without keyCertSign', () => {
    const text = caCnf.replace('keyEncipherment,keyCertSign', 'keyEncipherment');
    const [f] = checkCrdbCnf('ca', text);
    assert.equal(f!.code, 'CRDB-001');
    assert.deepEqual(checkCrdbCnf('ca', applyEdits(text, f!.fixes![0]!.edits!)), []);
  });

  test('CRDB-003: node.cnf without subjectAltName, the fix adds one', () => {
    const text = nodeCnf.replace(/subjectAltName = .*\n/, '');
    const [f] = checkCrdbCnf('node', text);
    assert.equal(f!.code, 'CRDB-003');
    assert.equal(text.slice(f!.start, f!.end), '[ extensions ]');
    assert.deepEqual(checkCrdbCnf('node', applyEdits(text, f!.fixes![0]!.edits!)), []);
  });

  test('CRDB-006: client.cnf without commonName, the fix adds one', async () => {
    const text = clientCnf.replace('commonName = root\n', '');
    const [f] = checkCrdbCnf('client', text);
    assert.equal(f!.code, 'CRDB-006');
    const fixed = applyEdits(text, f!.fixes![0]!.edits!);
    assert.match(fixed, /organizationName = Cockroach\ncommonName = root/);
    // Through the linter, by file name.
    const p = pki.write('recipe/client.cnf', text);
    const run = await lintFile(p);
    assert.equal(run.byCode('CRDB-006').length, 1);
  });
});

describe('not a CockroachDB certs directory', () => {
  test('a Kubernetes-like PKI folder (ca.crt, ca.key, apiserver.crt) gets no CockroachDB finding', async () => {
    const ca = pki.ca({ cert: 'k8s/ca.crt', key: 'k8s/ca.key', cn: 'kubernetes' });
    pki.leaf({ cert: 'k8s/apiserver.crt', key: 'k8s/apiserver.key', ca, cn: 'kube-apiserver', san: 'DNS:kubernetes', eku: 'serverAuth' });
    for (const f of ['ca.crt', 'ca.key', 'apiserver.crt', 'apiserver.key']) {
      const run = await lintFile(pki.path(`k8s/${f}`));
      assert.deepEqual(run.findings, [], f);
    }
  });
});
