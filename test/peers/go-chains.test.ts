/**
 * Go 1.19's x509.Certificate.Verify on every chain case of the real-world corpus
 * (test/fixtures/pki/real-world/chains.json: anchors as Roots, the other certificates as
 * Intermediates, the target as the leaf, at the case's time, any extended key usage, as
 * `openssl verify` without -purpose), compared with OpenSSL's recorded verdict (openssl.json)
 * and Certwright's chain verdict, which follows OpenSSL. Every case where Go and OpenSSL disagree
 * is listed below with the reason, and must be found; Certwright agrees with OpenSSL on them all.
 *
 * Needs Go (Debian golang-go).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { goPeerWorkspace, runGoChecks, type GoCheck } from './support/goPeer';
import { CertStore, type CertFacts } from '../../server/src/core/setup/certFacts';
import { chainsTo } from '../../server/src/core/setup/edgeChecks';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { corpusRoot, readOpensslRecord, type RecordedChain } from '../unit/pki/opensslRecord';

const root = corpusRoot;
const chains = readOpensslRecord().chains;

const ws = goPeerWorkspace('certwright-go-chains-');

/** The certificates of a corpus file as PEM: its CERTIFICATE blocks, or the DER file wrapped (as record-openssl.mjs hands them to openssl verify). */
function pemOf(file: string): string {
  const bytes = readFileSync(join(root, file));
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE')) return `${text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!.join('\n')}\n`;
  return `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Where Go 1.19 and OpenSSL 3.0 disagree on a corpus chain, and why. Certwright's chain verdicts (the
 * Certificates view, `certwright lint`, PostgreSQL connections) follow OpenSSL; its Go verdict
 * (DM and CockroachDB connections: edgeChecks.chainsTo with 'go') follows Go, as below.
 */
const goDiffers: Record<string, string> = {
  'NIST PKITS 4.1.4 Valid DSA Signatures Test4': 'a DSA-SHA1 signature: Go 1.19 refuses SHA-1 ("insecure algorithm DSA-SHA1") and implements no DSA verification at all',
  'NIST PKITS 4.3.3 Valid Name Chaining Whitespace Test3': 'the issuer name differs from the CA\'s subject in white space: OpenSSL compares names canonically, Go byte for byte',
  'NIST PKITS 4.3.4 Valid Name Chaining Whitespace Test4': 'the same, white space inside a value',
  'NIST PKITS 4.3.5 Valid Name Chaining Capitalization Test5': 'the issuer name differs in case: OpenSSL folds ASCII case, Go compares bytes',
  'NIST PKITS 4.3.10 Valid Rollover from PrintableString to UTF8String Test10': 'the issuer name is a UTF8String where the CA\'s subject is a PrintableString: OpenSSL compares the text, Go the bytes',
  'NIST PKITS 4.3.11 Valid UTF8String Case Insensitive Match Test11': 'UTF8String names differing in case: OpenSSL folds ASCII case, Go compares bytes',
  'NIST PKITS 4.6.15 Valid Self-Issued pathLenConstraint Test15': 'a self-issued intermediate below a pathLenConstraint of 0: RFC 5280 and OpenSSL do not count it, Go does ("too many intermediates for path length constraint")',
  'NIST PKITS 4.6.17 Valid Self-Issued pathLenConstraint Test17': 'the same with a pathLenConstraint of 1 and two self-issued certificates',
  'pyca vectors: critical policy constraints, self-signed (OpenSSL reads it; Go 1.19 refuses it)': 'critical policy constraints: OpenSSL reads them, Go\'s Verify leaves them unhandled (X509-CRITICAL-UNKNOWN, a warning naming Go)',
  'pyca vectors: critical requireExplicitPolicy, self-signed': 'the same',
  'OpenSSL test/certs: a self-signed CA whose critical name constraints hold SmtpUTF8Mailbox otherNames (OpenSSL reads them, Go\'s Verify leaves them unhandled)': 'critical name constraints on otherNames, which Go does not compare (X509-CRITICAL-UNKNOWN, a warning naming Go)',
  'BoringSSL crypto/x509/test: a leaf with a byte after its name_constraints': 'Go\'s ParseCertificate refuses the leaf ("invalid NameConstraints extension"; X509-EXT-MALFORMED, a warning naming Go)',
  'BoringSSL crypto/x509/test: certificate policies, policy_leaf_invalid': 'malformed certificate policies: Go refuses the certificate, OpenSSL reads them only with -policy_check (X509-EXT-MALFORMED, a warning naming Go)',
  'BoringSSL crypto/x509/test: certificate policies, policy_intermediate_invalid': 'the same on the intermediate, which Go cannot parse, so it finds no issuer',
};

/** Go's and OpenSSL's refusals for a certificate's dates, which Certwright reports per certificate (PEM-EXPIRED, PEM-NOT-YET-VALID), not in its chain model. */
const datesOnly = (goError: string | undefined, c: RecordedChain): boolean => /certificate has expired or is not yet valid/.test(goError ?? '') && c.verify.errors.every((e) => /certificate (has expired|is not yet valid)/.test(e.message));

describe('chain verdicts: Go 1.19 Verify and openssl verify on the corpus chains, and Certwright\'s model of each', () => {
  it('Go and OpenSSL disagree only where listed, and Certwright\'s Go and OpenSSL chain verdicts each agree with their tool', async () => {
    const store = new CertStore(nodeEnvironment());
    const certsOf = async (file: string): Promise<readonly CertFacts[]> => (await store.decode(join(root, file), new Uint8Array(readFileSync(join(root, file))), { isFile: true, mode: 0o644 })).certs;
    const checks: GoCheck[] = chains.map((c, i) => {
      writeFileSync(join(ws.work, `${i}-anchors.pem`), c.anchors.map(pemOf).join(''));
      writeFileSync(join(ws.work, `${i}-untrusted.pem`), c.untrusted.map(pemOf).join(''));
      // openssl verify reads the first certificate of the target file; the others are not sent along.
      writeFileSync(join(ws.work, `${i}-target.pem`), /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/.exec(pemOf(c.target))![0]);
      // Any extended key usage, as openssl verify without -purpose.
      return { name: c.name, kind: 'verify', ca: [join(ws.work, `${i}-anchors.pem`)], intermediates: c.untrusted.length ? [join(ws.work, `${i}-untrusted.pem`)] : [], lenientIntermediates: true, cert: join(ws.work, `${i}-target.pem`), usages: ['any'], at: new Date(c.attime * 1000).toISOString() };
    });
    const results = runGoChecks(ws.peer, checks, ws.work);
    const disagreements: string[] = [];
    const certwright: string[] = [];
    let dated = 0;
    for (const [i, c] of chains.entries()) {
      const go = results[i]!;
      if (go.ok !== c.verify.ok) disagreements.push(c.name);
      if (datesOnly(go.error, c)) {
        dated++;
        continue;
      }
      const target = (await certsOf(c.target))[0]!;
      const untrusted = (await Promise.all(c.untrusted.map(certsOf))).flat();
      const anchors = (await Promise.all(c.anchors.map(certsOf))).flat();
      const asGo = await chainsTo(target, untrusted, anchors, store, 'go');
      const asOpenssl = await chainsTo(target, untrusted, anchors, store, 'openssl');
      if (asGo !== go.ok) certwright.push(`${c.name}: Go ${go.ok ? 'verifies it' : `refuses it (${go.error})`}, Certwright's Go verdict ${asGo ? 'OK' : 'refused'}`);
      if (asOpenssl !== c.verify.ok) certwright.push(`${c.name}: openssl ${c.verify.ok ? 'verifies it' : `refuses it (${c.verify.errors.map((e) => e.message).join('; ')})`}, Certwright's OpenSSL verdict ${asOpenssl ? 'OK' : 'refused'}`);
    }
    console.log(`# go-chains: Go and OpenSSL agree on ${chains.length - disagreements.length}/${chains.length}; Certwright's Go and OpenSSL verdicts agree with each tool on ${chains.length - dated - certwright.length}/${chains.length - dated} (${dated} refused for dates only, reported per certificate)`);
    assert.deepEqual(disagreements.sort(), Object.keys(goDiffers).sort());
    assert.deepEqual(certwright, []);
    assert.ok(dated <= 6, `${dated} cases refused for dates`);
  });
});

describe('several intermediates that could issue a certificate (a CA cross-signed by a root that is not trusted)', () => {
  it('Go tries each and verifies either order; OpenSSL takes the first and fails when its path dead-ends; Certwright\'s verdicts follow each', async () => {
    const dir = mkdtempSync(join(ws.work, 'cross-'));
    const o = (...args: string[]): void => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
    };
    for (const k of ['root', 'gone', 'inter', 'leaf']) o('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${k}.key`);
    o('req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=Trusted Root', '-days', '100', '-out', 'root.pem');
    o('req', '-x509', '-new', '-key', 'gone.key', '-subj', '/CN=Root Nobody Trusts', '-days', '100', '-out', 'gone.pem');
    writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n');
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:leaf.example\n');
    o('req', '-new', '-key', 'inter.key', '-subj', '/CN=Cross-signed CA', '-out', 'inter.csr');
    // The same name and key, issued by each root.
    o('x509', '-req', '-in', 'inter.csr', '-CA', 'gone.pem', '-CAkey', 'gone.key', '-set_serial', '1', '-days', '50', '-extfile', 'ca.ext', '-out', 'inter-by-gone.pem');
    o('x509', '-req', '-in', 'inter.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '2', '-days', '50', '-extfile', 'ca.ext', '-out', 'inter-by-root.pem');
    o('req', '-new', '-key', 'leaf.key', '-subj', '/CN=leaf.example', '-out', 'leaf.csr');
    o('x509', '-req', '-in', 'leaf.csr', '-CA', 'inter-by-root.pem', '-CAkey', 'inter.key', '-set_serial', '3', '-days', '20', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
    const orders = { 'dead end first': ['inter-by-gone.pem', 'inter-by-root.pem'], 'trusted path first': ['inter-by-root.pem', 'inter-by-gone.pem'] };
    const store = new CertStore(nodeEnvironment());
    const certsOf = async (f: string): Promise<readonly CertFacts[]> => (await store.decode(join(dir, f), new Uint8Array(readFileSync(join(dir, f))), { isFile: true, mode: 0o644 })).certs;
    const checks: GoCheck[] = [];
    const verdicts: Record<string, { openssl: boolean; certwrightOpenssl: boolean; certwrightGo: boolean }> = {};
    for (const [name, order] of Object.entries(orders)) {
      writeFileSync(join(dir, `${name}.pem`), order.map((f) => readFileSync(join(dir, f), 'utf8')).join(''));
      const openssl = spawnSync('openssl', ['verify', '-CAfile', 'root.pem', '-untrusted', `${name}.pem`, 'leaf.pem'], { cwd: dir }).status === 0;
      const leaf = (await certsOf('leaf.pem'))[0]!;
      const untrusted = (await Promise.all(order.map(certsOf))).flat();
      const roots = await certsOf('root.pem');
      verdicts[name] = { openssl, certwrightOpenssl: await chainsTo(leaf, untrusted, roots, store, 'openssl'), certwrightGo: await chainsTo(leaf, untrusted, roots, store, 'go') };
      checks.push({ name, kind: 'verify', ca: [join(dir, 'root.pem')], intermediates: [join(dir, `${name}.pem`)], lenientIntermediates: true, cert: join(dir, 'leaf.pem'), usages: ['any'] });
    }
    const go: Record<string, boolean> = Object.fromEntries(runGoChecks(ws.peer, checks, dir).map((r) => [r.name, r.ok]));
    assert.deepEqual({ ...go }, { 'dead end first': true, 'trusted path first': true });
    assert.deepEqual(Object.fromEntries(Object.entries(verdicts).map(([n, v]) => [n, v.openssl])), { 'dead end first': false, 'trusted path first': true });
    for (const [name, v] of Object.entries(verdicts)) {
      assert.equal(v.certwrightOpenssl, v.openssl, `${name}: Certwright's OpenSSL verdict`);
      assert.equal(v.certwrightGo, go[name], `${name}: Certwright's Go verdict`);
    }
  });
});
