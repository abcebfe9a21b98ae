/**
 * DM TOML checks, one fixture per mistake: a small PKI made with openssl at
 * test time, a dm-master / dm-worker TOML naming it, and an assertion on the
 * diagnostic code, the text it covers and its quick fix.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, dmPki, lintFile, makePki, openssl, testEnv, type Pki } from './helpers';
import { certStoreFor } from '../../../server/src/core/setup';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

let pki: Pki;
let base: ReturnType<typeof dmPki>;

before(() => {
  pki = makePki('cw-dm-');
  base = dmPki(pki);
  // A second CA and a certificate of it, for chain mismatches.
  const other = pki.ca({ cert: 'other/ca.pem', key: 'other/ca.key', cn: 'Other CA' });
  pki.leaf({ cert: 'other/dm.pem', key: 'other/dm.key', ca: other, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
  pki.leaf({ cert: 'tls/client-only.pem', key: 'tls/client-only.key', ca: base.ca, cn: 'dm', san: 'IP:127.0.0.1', eku: 'clientAuth' });
  pki.leaf({ cert: 'tls/enc.pem', key: 'tls/enc.key', ca: base.ca, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth', encrypted: true });
  pki.leaf({ cert: 'tls/nosan.pem', key: 'tls/nosan.key', ca: base.ca, cn: 'dm', eku: 'serverAuth,clientAuth' });
});
after(() => pki.cleanup());

const tlsKeys = (ca = '../tls/ca.pem', cert = '../tls/dm.pem', key = '../tls/dm.key'): string => `ssl-ca = "${ca}"\nssl-cert = "${cert}"\nssl-key = "${key}"\n`;

function master(extra: string, name = 'conf/dm-master.toml'): string {
  return pki.write(name, `name = "master1"\nmaster-addr = ":8261"\nadvertise-addr = "127.0.0.1:8261"\npeer-urls = "127.0.0.1:8291"\n${extra}`);
}

function worker(extra: string, name = 'conf/dm-worker.toml'): string {
  return pki.write(name, `name = "worker1"\nworker-addr = "0.0.0.0:8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\n${extra}`);
}

function only(run: Awaited<ReturnType<typeof lintFile>>, code: string) {
  const f = run.byCode(code);
  assert.equal(f.length, 1, `expected one ${code}, got ${JSON.stringify(run.findings.map((x) => `${x.code}:${run.covered(x)}`))}`);
  return f[0]!;
}

describe('dm-master / dm-worker TOML', () => {
  test('a correct setup (paths relative to the config file) has no error or warning, and depends on its files', async () => {
    const path = master(`${tlsKeys()}cert-allowed-cn = ["dm"]\n`);
    const run = await lintFile(path);
    assert.deepEqual(run.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code} ${f.message}`), []);
    for (const f of ['tls/ca.pem', 'tls/dm.pem', 'tls/dm.key']) assert.ok(run.deps.includes(pki.path(f)), `depends on ${f}: ${run.deps.join(', ')}`);
  });

  test('DM-005: a [security] table, with a fix that moves the keys to the top level', async () => {
    const path = master(`\n[security]\n${tlsKeys()}`);
    const run = await lintFile(path);
    const f = only(run, 'DM-005');
    assert.equal(f.severity, 'error');
    assert.equal(run.covered(f), 'security');
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    assert.ok(!fixed.includes('[security]'));
    const again = await lintFile(path, { text: fixed });
    assert.equal(again.byCode('DM-005').length, 0);
    assert.equal(again.findings.filter((x) => x.severity === 'error').length, 0, JSON.stringify(again.findings));
  });

  test('DM-005: [security] after another table, the fix inserts the keys before the first table', async () => {
    const path = master(`\n[experimental]\nopenapi = true\n\n[security]\n${tlsKeys()}`, 'conf2/dm-master.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-005');
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    assert.ok(fixed.indexOf('ssl-ca') < fixed.indexOf('[experimental]'), fixed);
    assert.ok(!fixed.includes('[security]'));
  });

  for (const [wrong, right] of [['ssl_ca', 'ssl-ca'], ['sslCA', 'ssl-ca'], ['ssl-cert-file', 'ssl-cert'], ['cert_allowed_cn', 'cert-allowed-cn']] as const) {
    test(`DM-005: misspelt ${wrong} is an error with a rename to ${right}`, async () => {
      const path = worker(`${wrong} = ${wrong.startsWith('cert') ? '["dm"]' : '"../tls/ca.pem"'}\n`, `misspelt-${wrong}/dm-worker.toml`);
      const run = await lintFile(path);
      const f = run.byCode('DM-005')[0]!;
      assert.equal(f.severity, 'error');
      assert.equal(run.covered(f), wrong);
      assert.deepEqual(f.fixes![0]!.edits, [{ start: f.start, end: f.end, newText: right }]);
    });
  }

  test('DM-005: an unknown non-TLS option is a warning, known options are not flagged', async () => {
    const path = master('rpc-timeout = "30s"\nlog-level = "info"\nfrobnicate = 1\n', 'unknown/dm-master.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-005');
    assert.equal(run.covered(f), 'frobnicate');
    assert.equal(f.severity, 'warning');
  });

  test('DM-008: cert-allowed-cn as a string, fixed to an array', async () => {
    const path = master(`${tlsKeys()}cert-allowed-cn = "dm"\n`, 'cn-string/dm-master.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-008');
    assert.equal(run.covered(f), 'cert-allowed-cn');
    assert.match(applyEdits(run.text, f.fixes![0]!.edits!), /cert-allowed-cn = \["dm"\]/);
  });

  test('DM-001: ssl-cert without ssl-key', async () => {
    const path = worker('ssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/dm.pem"\n', 'nokey/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-001');
    assert.equal(f.severity, 'error');
    assert.equal(run.covered(f), 'ssl-cert');
  });

  test('DM-002: cert and key without ssl-ca is a warning', async () => {
    const path = worker('ssl-cert = "../tls/dm.pem"\nssl-key = "../tls/dm.key"\n', 'noca/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-002');
    assert.equal(f.severity, 'warning');
    assert.equal(run.covered(f), 'ssl-cert');
  });

  test('DM-003: ssl-ca alone on a dm-worker', async () => {
    const path = worker('ssl-ca = "../tls/ca.pem"\n', 'caonly/dm-worker.toml');
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-003')), 'ssl-ca');
  });

  test('DM-006: ssl-ca and ssl-ca-base64 both set', async () => {
    const path = worker(`${tlsKeys()}ssl-ca-base64 = "AAAA"\n`, 'both/dm-worker.toml');
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-006')), 'ssl-ca');
  });

  test('DM-007: a path that does not exist, resolved against the config folder', async () => {
    const path = worker(tlsKeys('ca.pem'), 'missing/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-007');
    assert.equal(run.covered(f), 'ssl-ca');
    assert.ok(f.message.includes(pki.path('missing/ca.pem')), f.message);
  });

  test('DM-017: ssl-ca names a leaf certificate, not a CA', async () => {
    const path = worker(tlsKeys('../tls/dm.pem'), 'leafca/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-017');
    assert.equal(run.covered(f), 'ssl-ca');
    assert.equal(f.related?.[0]?.file, pki.path('tls/dm.pem'));
  });

  test('DM-018 / DM-019: certificate and key switched', async () => {
    const path = worker(tlsKeys('../tls/ca.pem', '../tls/dm.key', '../tls/dm.pem'), 'switched/dm-worker.toml');
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-018')), 'ssl-cert');
    assert.equal(run.covered(only(run, 'DM-019')), 'ssl-key');
  });

  test('DM-019: ssl-key is not the key of ssl-cert, with related locations on both files', async () => {
    const path = worker(tlsKeys('../tls/ca.pem', '../tls/dm.pem', '../tls/nosan.key'), 'mismatch/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-019');
    assert.equal(run.covered(f), 'ssl-key');
    assert.deepEqual(f.related?.map((r) => r.file), [pki.path('tls/nosan.key'), pki.path('tls/dm.pem')]);
  });

  test('DM-020: ssl-cert signed by another CA', async () => {
    const path = worker(tlsKeys('../tls/ca.pem', '../other/dm.pem', '../other/dm.key'), 'otherca/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-020');
    assert.equal(run.covered(f), 'ssl-cert');
    assert.ok(f.related?.some((r) => r.file === pki.path('tls/ca.pem')));
  });

  test('DM-015: encrypted ssl-key', async () => {
    const path = worker(tlsKeys('../tls/ca.pem', '../tls/enc.pem', '../tls/enc.key'), 'enc/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-015');
    assert.equal(run.covered(f), 'ssl-key');
    assert.equal(f.severity, 'error');
  });

  test('DM-013: a clientAuth-only certificate on a DM server', async () => {
    const path = worker(tlsKeys('../tls/ca.pem', '../tls/client-only.pem', '../tls/client-only.key'), 'eku/dm-worker.toml');
    const run = await lintFile(path);
    const f = only(run, 'DM-013');
    assert.equal(run.covered(f), 'ssl-cert');
    assert.match(f.message, /serverAuth/);
  });

  test('DM-010: the CA CN in cert-allowed-cn; DM-012: a second CN on dm-master', async () => {
    const path = master(`${tlsKeys()}cert-allowed-cn = ["dm", "DM Test CA"]\n`, 'cacn/dm-master.toml');
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-010')), '"DM Test CA"');
    assert.equal(run.covered(only(run, 'DM-012')), '"DM Test CA"');
  });

  test('DM-011: no SAN for the advertised address, reported on the address', async () => {
    const path = master(`${tlsKeys('../tls/ca.pem', '../tls/nosan.pem', '../tls/nosan.key')}cert-allowed-cn = ["dm"]\n`, 'nosan/dm-master.toml');
    const run = await lintFile(path);
    const f = run.byCode('DM-011');
    assert.deepEqual(f.map((x) => run.covered(x)), ['127.0.0.1:8261', '127.0.0.1:8291']);
    assert.match(f[0]!.message, /IP:127\.0\.0\.1/);
  });

  test('DM-021: an expired certificate (injected clock)', async () => {
    const path = worker(tlsKeys(), 'expired/dm-worker.toml');
    const env = nodeEnvironment({ now: () => new Date(Date.now() + 400 * 86_400_000) });
    const run = await lintFile(path, { env });
    const f = only(run, 'DM-021');
    assert.equal(f.severity, 'error');
    assert.equal(run.covered(f), 'ssl-cert');
  });

  test('DM-023: cert-allowed-cn while TLS is off', async () => {
    const path = worker('cert-allowed-cn = ["dm"]\n', 'notls/dm-worker.toml');
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-023')), 'cert-allowed-cn');
  });

  test('DM-014 and DM-022: the worker that joins this master carries no listed CN', async () => {
    const w = pki.leaf({ cert: 'callers/tls/worker.pem', key: 'callers/tls/worker.key', ca: base.ca, cn: 'worker', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
    void w;
    worker(tlsKeys('tls/../../tls/ca.pem', 'tls/worker.pem', 'tls/worker.key'), 'callers/dm-worker.toml');
    const path = master(`${tlsKeys()}cert-allowed-cn = ["somebody"]\n`, 'callers/dm-master.toml');
    const run = await lintFile(path, { roots: [pki.path('callers')] });
    const f = only(run, 'DM-022');
    assert.equal(run.covered(f), 'cert-allowed-cn');
    assert.deepEqual(f.related?.map((r) => r.file), [pki.path('callers/dm-worker.toml'), pki.path('callers/tls/worker.pem')]);
    const own = only(run, 'DM-014');
    assert.equal(run.covered(own), 'cert-allowed-cn');
    // Both mismatches come with "add the CN": the caller's (DM-022) and this component's own (DM-014).
    assert.match(applyEdits(run.text, f.fixes![0]!.edits!), /cert-allowed-cn = \["somebody", "worker"\]/);
    assert.equal(own.fixes?.[0]?.title, 'Add "dm" to cert-allowed-cn');
    assert.match(applyEdits(run.text, own.fixes![0]!.edits!), /cert-allowed-cn = \["somebody", "dm"\]/);
  });

  test('DM-022 per caller: dmctl\'s CN is refused by the master it dials although the worker\'s CN is listed; both files, with the fix', async () => {
    pki.leaf({ cert: 'edges/tls/dmctl.pem', key: 'edges/tls/dmctl.key', ca: base.ca, cn: 'dmctl-admin', eku: 'clientAuth' });
    worker(tlsKeys(), 'edges/dm-worker.toml');
    const ctlPath = pki.write('edges/dmctl.toml', 'master-addr = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "tls/dmctl.pem"\nssl-key = "tls/dmctl.key"\n');
    const path = master(`${tlsKeys()}cert-allowed-cn = ["dm"]\n`, 'edges/dm-master.toml');
    const run = await lintFile(path, { roots: [pki.path('edges')] });
    const f = only(run, 'DM-022');
    assert.equal(f.severity, 'error');
    assert.equal(run.covered(f), 'cert-allowed-cn');
    assert.match(f.message, /dmctl\.toml \(dmctl\) connects to this dm-master/);
    assert.match(f.message, /The Common Name from the client certificate \[dmctl-admin\] was not found in the configuration cluster-verify-cn with value: \[dm\]/);
    assert.deepEqual(f.related?.map((r) => [r.file, r.line]), [[ctlPath, 2], [pki.path('edges/tls/dmctl.pem'), 0]]);
    const fixed = applyEdits(run.text, f.fixes![0]!.edits!);
    assert.match(fixed, /cert-allowed-cn = \["dm", "dmctl-admin"\]/);
    // The caller's side: on dmctl.toml's ssl-cert, naming the master's file.
    const ctl = await lintFile(ctlPath, { roots: [pki.path('edges')] });
    const g = only(ctl, 'DM-022');
    assert.equal(ctl.covered(g), 'ssl-cert');
    assert.equal(g.related?.[0]?.file, path);
    // Its fix edits the master's file, where the list is.
    assert.equal(g.fixes?.[0]?.title, 'Add "dmctl-admin" to cert-allowed-cn of dm-master.toml');
    const [e] = g.fixes![0]!.fileEdits!;
    assert.equal(e!.file, path);
    const masterLines = run.text.split('\n');
    assert.equal(masterLines[e!.start.line]!.slice(0, e!.start.character) + e!.newText + masterLines[e!.start.line]!.slice(e!.end.character), 'cert-allowed-cn = ["dm", "dmctl-admin"]');
    // After the fix, neither end reports it.
    pki.write('edges/dm-master.toml', fixed);
    certStoreFor(testEnv).invalidate([path]); // what the server does on the watched-file event
    assert.equal((await lintFile(path, { roots: [pki.path('edges')] })).byCode('DM-022').length, 0);
    assert.equal((await lintFile(ctlPath, { roots: [pki.path('edges')] })).byCode('DM-022').length, 0);
  });

  test('DM-026: a worker without a CN list of its own, its certificate serverAuth only, joins a master whose list demands clientAuth: both ends, DM-013 silent', async () => {
    pki.leaf({ cert: 'eku/tls/w.pem', key: 'eku/tls/w.key', ca: base.ca, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth' });
    const wPath = worker(tlsKeys('../tls/ca.pem', 'tls/w.pem', 'tls/w.key'), 'eku/dm-worker.toml');
    const mPath = master(`${tlsKeys('../tls/ca.pem', '../tls/dm.pem', '../tls/dm.key')}cert-allowed-cn = ["dm"]\n`, 'eku/dm-master.toml');
    const w = await lintFile(wPath, { roots: [pki.path('eku')], env: nodeEnvironment() });
    const f = only(w, 'DM-026');
    assert.equal(w.covered(f), 'ssl-cert');
    assert.match(f.message, /without clientAuth: cert-allowed-cn makes DM demand a client certificate/);
    assert.equal(f.related?.[0]?.file, mPath);
    assert.equal(w.byCode('DM-013').length, 0, 'one finding per cause');
    const m = await lintFile(mPath, { roots: [pki.path('eku')], env: nodeEnvironment() });
    const g = only(m, 'DM-026');
    assert.equal(m.covered(g), 'cert-allowed-cn');
    assert.deepEqual(g.related?.map((r) => r.file), [wPath, pki.path('eku/tls/w.pem')]);
    // With a list of its own, the worker's DM-013 already says it: no second finding for the same cause.
    pki.write('eku/dm-worker.toml', `${pki.read('eku/dm-worker.toml')}cert-allowed-cn = ["dm"]\n`);
    const again = await lintFile(wPath, { roots: [pki.path('eku')], env: nodeEnvironment() });
    assert.equal(again.byCode('DM-026').length, 0);
    assert.equal(again.byCode('DM-013').length, 1);
  });

  test('DM-011 on join: the dm-master the worker dials has no SAN for that address', async () => {
    master(tlsKeys('../tls/ca.pem', '../tls/nosan.pem', '../tls/nosan.key'), 'join/dm-master.toml');
    const path = worker(tlsKeys(), 'join/dm-worker.toml');
    const run = await lintFile(path, { roots: [pki.path('join')] });
    const f = only(run, 'DM-011');
    assert.equal(run.covered(f), '127.0.0.1:8261');
    assert.match(f.message, /dm-master\.toml/);
    assert.equal(f.related?.[0]?.file, pki.path('tls/nosan.pem'));
  });

  test('the profile comment makes any TOML a DM file; the generic profile turns the checks off', async () => {
    const path = pki.write('forced/config.toml', `# certwright: profile=dm\nworker-addr = ":8262"\nssl-cert = "x.pem"\n`);
    const run = await lintFile(path);
    assert.equal(run.covered(only(run, 'DM-001')), 'ssl-cert');
    const off = await lintFile(worker('ssl-cert = "x.pem"\n', 'generic/dm-worker.toml'), { settings: { profile: 'generic' } });
    assert.deepEqual(off.findings, []);
  });
});

describe('a certificate Go cannot parse (a key on explicit EC parameters), which DM loads with Go', () => {
  // Go 1.19's x509.ParseCertificate refuses each ("x509: invalid ECDSA parameters"); tls.X509KeyPair then fails, and
  // x509.CertPool's AppendCertsFromPEM skips the certificate (DM: "failed to append ca certs" when none is left).
  let explicitCa: { cert: string; key: string };
  before(() => {
    explicitCa = { cert: pki.path('explicit/ca.pem'), key: pki.path('explicit/ca.key') };
    pki.write('explicit/.keep', '');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:explicit', '-out', explicitCa.key]);
    openssl(['req', '-x509', '-new', '-key', explicitCa.key, '-subj', '/CN=Explicit CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', explicitCa.cert]);
    pki.leaf({ cert: 'explicit/dm.pem', key: 'explicit/dm.key', ca: explicitCa, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
    openssl(['req', '-x509', '-new', '-key', explicitCa.key, '-subj', '/CN=dm', '-days', '365', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=CA:FALSE', '-out', pki.path('explicit/self.pem')]);
    pki.write('explicit/bundle.pem', pki.read('explicit/ca.pem') + pki.read('tls/ca.pem'));
  });

  test('DM-017: ssl-ca holding only such a CA is an error: DM stops ("failed to append ca certs")', async () => {
    const run = await lintFile(master(tlsKeys('../explicit/ca.pem'), 'explicit-conf/dm-master.toml'));
    const f = only(run, 'DM-017');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /no certificate Go can parse: .*"x509: invalid ECDSA parameters".*failed to append ca certs/);
    assert.equal(run.byCode('DM-020').length, 0);
  });

  test('DM-017: beside another CA, DM skips it, so a certificate it signed is not verified (one finding for the cause: no DM-020 on ssl-cert)', async () => {
    const run = await lintFile(master(tlsKeys('../explicit/bundle.pem', '../explicit/dm.pem', '../explicit/dm.key'), 'explicit-conf2/dm-master.toml'));
    const f = only(run, 'DM-017');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /DM skips .*Explicit CA.* Go cannot parse it \("x509: invalid ECDSA parameters"\), so peers whose chain ends at it are refused/);
    // The leaf's signature is the CA's (OpenSSL checks it; WebCrypto could not, which once made this a DM-020 too).
    assert.equal(run.byCode('DM-020').length, 0);
  });

  test('DM-018: ssl-cert on such a key is an error: DM cannot load it', async () => {
    const run = await lintFile(master(tlsKeys('../tls/ca.pem', '../explicit/self.pem', '../explicit/ca.key'), 'explicit-conf3/dm-master.toml'));
    const f = only(run, 'DM-018');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Go cannot parse: DM cannot load it \("x509: invalid ECDSA parameters"\)/);
  });
});

describe('a critical extension Go leaves unhandled, which DM\'s Go Verify refuses on every chain through it', () => {
  // Go 1.19 reads the certificate (ParseCertificate OK) but Verify fails with "x509: unhandled critical extension"
  // (test/peers/go-parse.test.ts); OpenSSL reads both extensions and verifies the chains.
  test('DM-017: a CA whose critical nameConstraints constrain an otherName is no root for DM', async () => {
    const ca = pki.ca({ cert: 'nc/ca.pem', key: 'nc/ca.key', cn: 'NC CA', ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'nameConstraints=critical,excluded;otherName:1.3.6.1.5.5.7.8.9;UTF8:a@example.com'] });
    pki.leaf({ cert: 'nc/dm.pem', key: 'nc/dm.key', ca, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
    const run = await lintFile(master(tlsKeys('../nc/ca.pem', '../nc/dm.pem', '../nc/dm.key'), 'nc-conf/dm-master.toml'));
    const f = only(run, 'DM-017');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /DM loads .*NC CA.* from ssl-ca, but Go's Verify refuses every chain that ends at it \("x509: unhandled critical extension": a critical extension Go does not handle\)/);
    assert.equal(run.byCode('DM-020').length, 0);
    // The same constraint not marked critical: Go ignores what it does not compare.
    pki.ca({ cert: 'nc2/ca.pem', key: 'nc2/ca.key', cn: 'NC CA', ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'nameConstraints=excluded;otherName:1.3.6.1.5.5.7.8.9;UTF8:a@example.com'] });
    pki.leaf({ cert: 'nc2/dm.pem', key: 'nc2/dm.key', ca: { cert: pki.path('nc2/ca.pem'), key: pki.path('nc2/ca.key') }, cn: 'dm', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
    const plain = await lintFile(master(tlsKeys('../nc2/ca.pem', '../nc2/dm.pem', '../nc2/dm.key'), 'nc2-conf/dm-master.toml'));
    assert.deepEqual([...plain.byCode('DM-017'), ...plain.byCode('DM-020')], []);
  });

  test('DM-020: an ssl-cert with a critical policyConstraints is refused by every DM peer', async () => {
    const ext = pki.write('pc/ext.cnf', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth,clientAuth\npolicyConstraints = critical,requireExplicitPolicy:0\n');
    pki.write('pc/.keep', '');
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', pki.path('pc/dm.key'), '-subj', '/CN=dm', '-out', pki.path('pc/dm.csr')]);
    openssl(['x509', '-req', '-in', pki.path('pc/dm.csr'), '-CA', pki.path('tls/ca.pem'), '-CAkey', pki.path('tls/ca.key'), '-extfile', ext, '-days', '30', '-out', pki.path('pc/dm.pem')]);
    const run = await lintFile(master(tlsKeys('../tls/ca.pem', '../pc/dm.pem', '../pc/dm.key'), 'pc-conf/dm-master.toml'));
    const f = only(run, 'DM-020');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /holds a critical extension Go does not handle: Go's Verify refuses every chain through it \("x509: unhandled critical extension"\), so DM peers refuse/);
  });
});
