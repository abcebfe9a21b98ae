/**
 * Which certificates OpenSSL 3.0, Go 1.19 and Java 17 refuse for TLS as a server or a client
 * certificate, against edgeChecks.purposeRefusal (the PG-033 / CRDB-033 / DM-013 verdicts): `openssl
 * verify -purpose sslserver|sslclient` (the purposes libssl applies to every peer certificate), Go's
 * Verify with KeyUsages serverAuth|clientAuth, and JSSE's default trust manager (pgJDBC; TLS 1.3's
 * authType), on leaves with every mix of extendedKeyUsage and keyUsage that matters: OpenSSL checks
 * both (anyExtendedKeyUsage does not count), Go only the extendedKeyUsage (anyExtendedKeyUsage
 * counts), Java both (anyExtendedKeyUsage counts, a keyUsage needs digitalSignature).
 *
 * Needs openssl, Go (Debian golang-go) and java (default-jdk-headless).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { goPeerWorkspace, runGoChecks, type GoCheck } from './support/goPeer';
import { decodeFile } from '../../server/src/core/pem';
import { certFactsFromView } from '../../server/src/core/setup/certFacts';
import { purposeRefusal } from '../../server/src/core/setup/edgeChecks';

const ws = goPeerWorkspace('certwright-tls-purpose-');

const leaves: Record<string, string[]> = {
  'no usages': [],
  'serverAuth, nonRepudiation': ['extendedKeyUsage=serverAuth', 'keyUsage=nonRepudiation'],
  'serverAuth, keyEncipherment': ['extendedKeyUsage=serverAuth', 'keyUsage=keyEncipherment'],
  'serverAuth, keyAgreement': ['extendedKeyUsage=serverAuth', 'keyUsage=keyAgreement'],
  'clientAuth, keyEncipherment': ['extendedKeyUsage=clientAuth', 'keyUsage=keyEncipherment'],
  'clientAuth, digitalSignature': ['extendedKeyUsage=clientAuth', 'keyUsage=digitalSignature'],
  'serverAuth+clientAuth, digitalSignature': ['extendedKeyUsage=serverAuth,clientAuth', 'keyUsage=digitalSignature'],
  'anyExtendedKeyUsage': ['extendedKeyUsage=anyExtendedKeyUsage'],
  'nsSGC': ['extendedKeyUsage=nsSGC', 'keyUsage=digitalSignature'],
  'msSGC': ['extendedKeyUsage=msSGC'],
  'no EKU, nonRepudiation': ['keyUsage=nonRepudiation'],
  'no EKU, keyEncipherment': ['keyUsage=keyEncipherment'],
  'codeSigning, digitalSignature': ['extendedKeyUsage=codeSigning', 'keyUsage=digitalSignature'],
};

describe('TLS purposes: openssl verify -purpose and Go Verify against purposeRefusal', () => {
  it('agree on every leaf, as server and as client', () => {
    const o = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: ws.work, stdio: 'pipe' });
    };
    o(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Purpose CA', '-days', '5', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign']);
    const checks: GoCheck[] = [];
    const names = Object.keys(leaves);
    names.forEach((name, i) => {
      o(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `l${i}.key`, '-subj', `/CN=leaf ${i}`, '-addext', 'subjectAltName=DNS:localhost', ...leaves[name]!.flatMap((e) => ['-addext', e]), '-out', `l${i}.csr`]);
      o(['x509', '-req', '-in', `l${i}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-copy_extensions', 'copyall', '-days', '2', '-out', `l${i}.pem`]);
      for (const role of ['server', 'client'] as const) checks.push({ name: `${i} ${role}`, kind: 'verify', ca: [join(ws.work, 'ca.pem')], cert: join(ws.work, `l${i}.pem`), usages: [role === 'server' ? 'serverAuth' : 'clientAuth'] });
    });
    const go = new Map(runGoChecks(ws.peer, checks, ws.work).map((r) => [r.name, r]));
    const javaRun = spawnSync('java', [resolve(__dirname, 'java/PurposeCheck.java'), 'ca.pem', ...names.map((_, i) => `l${i}.pem`)], { cwd: ws.work, encoding: 'utf8', timeout: 120_000 });
    assert.equal(javaRun.status, 0, `java failed: ${javaRun.stderr}`);
    /** `l3.pem server` → the refusal's message, or '' when Java accepts. */
    const java = new Map(javaRun.stdout.trim().split('\n').map((l) => l.split('\t')).map(([file, role, verdict, message]) => [`${file} ${role}`, verdict === 'ok' ? '' : message ?? '?']));
    const rows: string[] = [];
    let refusedByOne = 0;
    let javaDiffers = 0;
    names.forEach((name, i) => {
      const f = decodeFile(new Uint8Array(readFileSync(join(ws.work, `l${i}.pem`))));
      const block = f.format === 'pem' ? f.blocks[0] : undefined;
      assert.ok(block?.decoded.ok && block.decoded.view.kind === 'certificate');
      const facts = certFactsFromView(block.decoded.view, block.block.der!, 0, 0);
      for (const role of ['server', 'client'] as const) {
        const openssl = spawnSync('openssl', ['verify', '-CAfile', 'ca.pem', '-purpose', role === 'server' ? 'sslserver' : 'sslclient', `l${i}.pem`], { cwd: ws.work, encoding: 'utf8' });
        const opensslRefuses = openssl.status !== 0;
        if (opensslRefuses) assert.match(openssl.stdout + openssl.stderr, /unsuitable certificate purpose/, `${name}: openssl refuses for another reason`);
        const goRefuses = !go.get(`${i} ${role}`)!.ok;
        if (goRefuses) assert.match(go.get(`${i} ${role}`)!.error ?? '', /incompatible key usage/, `${name}: Go refuses for another reason`);
        const javaRefusal = java.get(`l${i}.pem ${role}`);
        assert.ok(javaRefusal !== undefined, `no Java verdict for ${name} as ${role}`);
        if (javaRefusal) assert.match(javaRefusal, /KeyUsage does not allow digital signatures|Extended key usage does not permit use for TLS/, `${name}: Java refuses for another reason`);
        if (opensslRefuses !== goRefuses) refusedByOne++;
        if (opensslRefuses !== !!javaRefusal) javaDiffers++;
        const ours = { openssl: purposeRefusal(facts, role, 'openssl'), go: purposeRefusal(facts, role, 'go'), java: purposeRefusal(facts, role, 'java') };
        const verdict = (refuses: boolean, mine: unknown): string => `${refuses ? 'refuses' : 'accepts'} (certwright ${mine ? 'refuses' : 'accepts'})`;
        if (!!ours.openssl !== opensslRefuses || !!ours.go !== goRefuses || !!ours.java !== !!javaRefusal) rows.push(`${name} as ${role}: openssl ${verdict(opensslRefuses, ours.openssl)}, Go ${verdict(goRefuses, ours.go)}, Java ${verdict(!!javaRefusal, ours.java)}`);
        // Java names the usage it refuses on: the keyUsage first, as purposeRefusal.
        if (javaRefusal) assert.equal(ours.java, /KeyUsage/.test(javaRefusal) ? 'ku' : 'eku', `${name} as ${role}: Java says ${javaRefusal}`);
      }
    });
    assert.deepEqual(rows, []);
    // The point of the two verdicts: several leaves are refused by one tool only.
    assert.ok(refusedByOne >= 4, `${refusedByOne} verdicts differ between OpenSSL and Go`);
    assert.ok(javaDiffers >= 2, `${javaDiffers} verdicts differ between OpenSSL and Java`);
  });
});
