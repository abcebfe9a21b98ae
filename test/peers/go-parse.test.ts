/**
 * What Go 1.19's crypto/x509 refuses, predicted by core/pem/goParse (goCertificateRefusal, which
 * feeds DM-017/018 and CRDB-020), against the real x509.ParseCertificate (test/peers/go's `parse`
 * check) on every certificate of the real-world corpus and on certificates made for each class:
 * versions, name constraints, CRL distribution points, access descriptions, SAN entries.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { sign } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { decodeFile, type CertificateView } from '../../server/src/core/pem';
import { goCertificateRefusal } from '../../server/src/core/pem/goParse';
import { children, readTlv } from '../../server/src/core/pem/der';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';

let peer: string;
let work: string;
before(() => {
  peer = buildGoPeer();
  work = mkdtempSync(join(tmpdir(), 'cw-go-parse-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** The certificate Go's runParse reads in a file: the first PEM block, or the DER file. */
function firstCertificate(bytes: Uint8Array): CertificateView | undefined {
  const f = decodeFile(bytes);
  const d = f.format === 'der' ? f.decoded : f.format === 'pem' ? f.blocks[0]?.decoded : undefined;
  return d?.ok && d.view.kind === 'certificate' ? d.view : undefined;
}

describe('goCertificateRefusal agrees with Go 1.19\'s x509.ParseCertificate', () => {
  it('on every certificate of the real-world corpus Certwright reads', () => {
    const root = join(__dirname, '..', 'fixtures', 'pki', 'real-world');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const n of readdirSync(dir)) {
        if (statSync(join(dir, n)).isDirectory()) walk(join(dir, n));
        else files.push(join(dir, n));
      }
    };
    walk(root);
    const views = new Map<string, CertificateView>();
    for (const file of files) {
      const v = firstCertificate(new Uint8Array(readFileSync(file)));
      if (v) views.set(file, v);
    }
    const results = runGoChecks(peer, [...views.keys()].map((file): GoCheck => ({ name: file, kind: 'parse', file, object: 'certificate' })), work);
    const disagreements = results.filter((r) => (r.error ?? undefined) !== goCertificateRefusal(views.get(r.name)!)).map((r) => `${relative(root, r.name)}: Go ${r.error ?? 'reads it'}, Certwright ${goCertificateRefusal(views.get(r.name)!) ?? 'says Go reads it'}`);
    console.log(`# go parse: ${results.length - disagreements.length}/${results.length} certificates agree`);
    assert.ok(results.length > 250, `${results.length} certificates`);
    assert.deepEqual(disagreements, []);
  });

  it('on certificates made for each class OpenSSL reads', () => {
    const openssl = (args: string[]): void => {
      const r = spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=ca', '-days', '10', '-out', 'ca.pem']);
    const exts = [
      '2.5.29.30=critical,DER:3000',
      '2.5.29.30=critical,DER:3004a000a100',
      '2.5.29.30=critical,DER:300ba009300787050a000000ff',
      '2.5.29.30=critical,DER:300ea00c300a82086578616d706c652e',
      '2.5.29.30=critical,DER:300ea00c300a820863c3a92e636f6d2e',
      '2.5.29.30=critical,DER:3010a00e300c870a0a000000ff00ff00',
      'crlDistributionPoints=DER:30133011a00fa10d300b06035504030c0463726c31',
      'crlDistributionPoints=DER:30063004810206c0',
      'subjectAltName=DER:30108209782e6578616d706c658903616263',
      'subjectAltName=DER:300f8209782e6578616d706c659f210141',
      'authorityInfoAccess=DER:300c300a06082b06010505073001',
      'authorityInfoAccess=DER:301e301c0c01788617687474703a2f2f782e6578616d706c652f63612e63726c',
    ];
    const checks: GoCheck[] = [];
    const views = new Map<string, CertificateView>();
    exts.forEach((ext, i) => {
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `l${i}.key`, '-subj', '/CN=leaf', '-addext', ext, '-out', `l${i}.csr`]);
      openssl(['x509', '-req', '-in', `l${i}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-copy_extensions', 'copyall', '-days', '5', '-outform', 'DER', '-out', `l${i}.der`]);
      views.set(ext, firstCertificate(new Uint8Array(readFileSync(join(work, `l${i}.der`))))!);
      checks.push({ name: ext, kind: 'parse', file: join(work, `l${i}.der`), object: 'certificate' });
    });
    // Versions 4 and 5 and -1: the first certificate's version field rewritten, signed again.
    const der = new Uint8Array(readFileSync(join(work, 'l0.der')));
    const [tbs, alg] = children(der, readTlv(der, 0));
    const fields = children(der, tbs!);
    const tlv = (tag: number, body: number[]): number[] => [tag, ...(body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff]), ...body];
    for (const version of [3, 4, 0xff]) {
      const body = tlv(0x30, [0xa0, 3, 2, 1, version, ...fields.slice(1).flatMap((n) => [...der.subarray(n.start, n.end)])]);
      const signature = sign('sha256', new Uint8Array(body), readFileSync(join(work, 'ca.key'), 'utf8'));
      const cert = new Uint8Array(tlv(0x30, [...body, ...der.subarray(alg!.start, alg!.end), ...tlv(0x03, [0, ...signature])]));
      writeFileSync(join(work, `v${version}.der`), cert);
      views.set(`version ${version}`, firstCertificate(cert)!);
      checks.push({ name: `version ${version}`, kind: 'parse', file: join(work, `v${version}.der`), object: 'certificate' });
    }
    const results = runGoChecks(peer, checks, work);
    for (const r of results) assert.equal(goCertificateRefusal(views.get(r.name)!), r.error, r.name);
    // Go refuses most of them; the point is that Certwright says so in Go's words.
    assert.ok(results.filter((r) => !r.ok).length >= 10, results.map((r) => `${r.name}: ${r.error ?? 'ok'}`).join('\n'));
  });
});
