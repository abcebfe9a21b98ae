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
import { decodeFile, type CertificateView, type CrlView, type CsrView } from '../../server/src/core/pem';
import { csrChecks, profileChecks } from '../../server/src/core/pem/checks';
import { goCertificateRefusal, goCrlRefusal, goCrlVersionRefusal, goCsrRefusal, goVerifyRefusal } from '../../server/src/core/pem/goParse';
import { renderText } from '../../server/src/core/pem/text';
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
      // SAN URIs as net/url.Parse reads them, then the host as a domain.
      'subjectAltName=URI:https://a..example/',
      'subjectAltName=URI:https://example.com./x',
      'subjectAltName=URI:https://example.com:80x/',
      'subjectAltName=URI:http://[::1/',
      'subjectAltName=URI:http://[fe80::1%25en0]:8443/',
      'subjectAltName=URI:http://ex%41mple.com/',
      'subjectAltName=URI:http://ex%C3%A9mple.com/',
      'subjectAltName=URI:http://exa mple.com/',
      'subjectAltName=URI:http://ex{ample.com/',
      'subjectAltName=URI:1a:b',
      'subjectAltName=URI::x',
      'subjectAltName=URI:http://x/%zz',
      'subjectAltName=URI:http://x/#%zz',
      'subjectAltName=URI:http://us er@x/',
      'subjectAltName=URI:http://u%zz@x/',
      'subjectAltName=URI:spiffe://cluster.local/ns/db/sa/node',
      'subjectAltName=URI:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
      'subjectAltName=URI:https://user:pw@example.com:8443/a?b#c',
      'subjectAltName=URI:/relative/path?q',
      // The standard extensions Go's processExtensions reads with cryptobyte (DER only): keyUsage,
      // basicConstraints, extendedKeyUsage, subjectKeyIdentifier, authorityKeyIdentifier and
      // certificatePolicies, each in a form Go refuses and a near one it reads.
      '2.5.29.15=DER:0403000780',
      '2.5.29.15=DER:03020785',
      '2.5.29.15=DER:03020780',
      '2.5.29.15=DER:030100',
      '2.5.29.19=critical,DER:3003010101',
      '2.5.29.19=critical,DER:30060101ff02020001',
      '2.5.29.19=critical,DER:30070101ff02020001',
      '2.5.29.19=critical,DER:30060101ff020101',
      '2.5.29.19=critical,DER:0101ff',
      '2.5.29.37=DER:3003060180',
      '2.5.29.37=DER:3003020101',
      '2.5.29.37=DER:300a06082b0601050507030100',
      '2.5.29.14=DER:03020000',
      '2.5.29.14=DER:0402abcd00',
      '2.5.29.35=DER:30038005aa',
      '2.5.29.35=DER:3008800101a103020100',
      '2.5.29.32=DER:3003020101',
      '2.5.29.32=DER:30083006060129020101',
      '2.5.29.32=DER:300430020500',
      // A length in its long form where the short one fits, which cryptobyte refuses and OpenSSL reads.
      'subjectAltName=DER:30810b8209782e6578616d706c65',
      'subjectAltName=DER:300c82810' + '9782e6578616d706c65',
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
    // A duplicate extension: the first certificate's first extension listed twice, signed again.
    const extsNode = fields[fields.length - 1]!;
    const list = readTlv(der, extsNode.valueStart, extsNode.end);
    const first = children(der, list)[0]!;
    const dupExts = tlv(0xa3, tlv(0x30, [...der.subarray(list.valueStart, list.end), ...der.subarray(first.start, first.end)]));
    const dupBody = tlv(0x30, [...fields.slice(0, -1).flatMap((n) => [...der.subarray(n.start, n.end)]), ...dupExts]);
    const dupSignature = sign('sha256', new Uint8Array(dupBody), readFileSync(join(work, 'ca.key'), 'utf8'));
    const dup = new Uint8Array(tlv(0x30, [...dupBody, ...der.subarray(alg!.start, alg!.end), ...tlv(0x03, [0, ...dupSignature])]));
    writeFileSync(join(work, 'dup.der'), dup);
    views.set('duplicate extension', firstCertificate(dup)!);
    checks.push({ name: 'duplicate extension', kind: 'parse', file: join(work, 'dup.der'), object: 'certificate' });
    const results = runGoChecks(peer, checks, work);
    for (const r of results) assert.equal(goCertificateRefusal(views.get(r.name)!), r.error, r.name);
    // OpenSSL's verifier refuses the duplicate too (the PEM lint keeps its error).
    writeFileSync(join(work, 'dup.pem'), `-----BEGIN CERTIFICATE-----\n${Buffer.from(dup).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
    const dupOpenssl = spawnSync('openssl', ['verify', '-CAfile', 'ca.pem', 'dup.pem'], { cwd: work, encoding: 'utf8' });
    assert.notEqual(dupOpenssl.status, 0, dupOpenssl.stdout);
    // Go refuses most of them; the point is that Certwright says so in Go's words.
    assert.ok(results.filter((r) => !r.ok).length >= 10, results.map((r) => `${r.name}: ${r.error ?? 'ok'}`).join('\n'));
  });

  it('X509-EXT-MALFORMED on the standard extensions follows openssl verify and Go: an error when both refuse, a warning naming the one that does', () => {
    const openssl = (args: string[]): ReturnType<typeof spawnSync> => spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'sca.key', '-subj', '/CN=sca', '-days', '10', '-out', 'sca.pem']);
    const exts = [
      '2.5.29.15=DER:0403000780', // keyUsage an OCTET STRING: both refuse
      '2.5.29.15=DER:03020785', // padding bits set: OpenSSL clears them, Go refuses
      '2.5.29.19=critical,DER:3003010101', // cA as 0x01: OpenSSL reads TRUE, Go refuses
      '2.5.29.19=critical,DER:30070101ff02020001', // pathlen not minimal: both refuse
      '2.5.29.37=DER:3003020101', // an INTEGER for a purpose: both refuse
      '2.5.29.14=DER:03020000', // a BIT STRING key identifier: both refuse
      '2.5.29.35=DER:3008800101a103020100', // an INTEGER in authorityCertIssuer: OpenSSL refuses, Go reads the keyIdentifier only
      '2.5.29.32=DER:3003020101', // policies Go refuses, OpenSSL reads only with -policy_check
      '2.5.29.32=DER:30083006060129020101', // qualifiers Go skips: both accept
      '2.5.29.17=DER:300EA50C810A13086564695061727479', // an EDIPartyName whose partyName is not an explicit DirectoryString (pyca's san_edipartyname.der): OpenSSL refuses, Go skips it
      '2.5.29.17=DER:300EA50CA00A13086564695061727479', // an EDIPartyName with a nameAssigner and no partyName: OpenSSL refuses, Go skips it
      '2.5.29.17=DER:300EA50CA10A13086564695061727479', // a well-formed EDIPartyName: both accept
    ];
    const checks: GoCheck[] = [];
    const severities = new Map<string, string>();
    const opensslRefuses = new Map<string, boolean>();
    exts.forEach((ext, i) => {
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `s${i}.key`, '-subj', '/CN=leaf', '-addext', ext, '-out', `s${i}.csr`]);
      openssl(['x509', '-req', '-in', `s${i}.csr`, '-CA', 'sca.pem', '-CAkey', 'sca.key', '-copy_extensions', 'copyall', '-days', '5', '-out', `s${i}.pem`]);
      opensslRefuses.set(ext, openssl(['verify', '-CAfile', 'sca.pem', `s${i}.pem`]).status !== 0);
      const v = firstCertificate(new Uint8Array(readFileSync(join(work, `s${i}.pem`))))!;
      severities.set(ext, profileChecks(v).filter((c) => c.code === 'X509-EXT-MALFORMED' && !/no bit set/.test(c.message)).map((c) => c.severity).join(',') || 'none');
      checks.push({ name: ext, kind: 'parse', file: join(work, `s${i}.pem`), object: 'certificate' });
    });
    for (const r of runGoChecks(peer, checks, work)) {
      const o = opensslRefuses.get(r.name)!;
      const go = r.error !== undefined && r.error !== null;
      const expected = o && go ? 'error' : o || go ? 'warning' : 'none';
      assert.equal(severities.get(r.name), expected, `${r.name}: openssl ${o ? 'refuses' : 'accepts'}, Go ${r.error ?? 'reads it'}`);
    }
  });

  it('goCrlRefusal: on every CRL of the real-world corpus (the first object of each file, as Go reads it)', () => {
    const root = join(__dirname, '..', 'fixtures', 'pki', 'real-world');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    const views = new Map<string, CrlView>();
    for (const file of walk(root)) {
      const f = decodeFile(new Uint8Array(readFileSync(file)));
      const d = f.format === 'der' ? f.decoded : f.format === 'pem' ? f.blocks[0]?.decoded : undefined;
      if (d?.ok && d.view.kind === 'crl' && !d.view.timeProblems?.some((t) => t.goRefuses)) views.set(file, d.view);
    }
    const results = runGoChecks(peer, [...views.keys()].map((file): GoCheck => ({ name: file, kind: 'parse', file, object: 'crl' })), work);
    const disagreements = results.filter((r) => (r.error ?? undefined) !== goCrlRefusal(views.get(r.name)!)).map((r) => `${relative(root, r.name)}: Go ${r.error ?? 'reads it'}, Certwright ${goCrlRefusal(views.get(r.name)!) ?? 'says Go reads it'}`);
    console.log(`# go parse: ${results.length - disagreements.length}/${results.length} CRLs agree`);
    assert.ok(results.length > 100, `${results.length} CRLs`);
    assert.deepEqual(disagreements, []);
  });

  it('goCsrRefusal: on every CSR of the corpus, and CSRs requesting a subjectAltName twice, a URI Go refuses, name constraints Go refuses in a certificate', () => {
    const root = join(__dirname, '..', 'fixtures', 'pki', 'real-world');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    const views = new Map<string, CsrView>();
    const csrOf = (file: string): CsrView | undefined => {
      const f = decodeFile(new Uint8Array(readFileSync(file)));
      const d = f.format === 'der' ? f.decoded : f.format === 'pem' ? f.blocks[0]?.decoded : undefined;
      return d?.ok && d.view.kind === 'csr' ? d.view : undefined;
    };
    for (const file of walk(root)) {
      const v = csrOf(file);
      if (v) views.set(file, v);
    }
    const made: Array<[string, string[]]> = [
      ['twice', ['subjectAltName=DNS:a.example', '2.5.29.17=DER:300b8209622e6578616d706c65']],
      ['uri', ['subjectAltName=URI:https://a..example/']],
      ['nc', ['2.5.29.30=critical,DER:3000']],
      ['plain', ['subjectAltName=DNS:a.example']],
    ];
    for (const [name, exts] of made) {
      const r = spawnSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-csr.key`, '-subj', '/CN=csr', ...exts.flatMap((e) => ['-addext', e]), '-out', `${name}.csr`], { cwd: work, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      views.set(join(work, `${name}.csr`), csrOf(join(work, `${name}.csr`))!);
    }
    const results = runGoChecks(peer, [...views.keys()].map((file): GoCheck => ({ name: file, kind: 'parse', file, object: 'csr' })), work);
    // An extension request encoding/asn1 refuses is `true`: refused, in words not modelled.
    const agrees = (r: { error?: string }, mine: string | true | undefined): boolean => (mine === true ? r.error !== undefined : (r.error ?? undefined) === mine);
    const disagreements = results.filter((r) => !agrees(r, goCsrRefusal(views.get(r.name)!))).map((r) => `${r.name}: Go ${r.error ?? 'reads it'}, Certwright ${String(goCsrRefusal(views.get(r.name)!) ?? 'says Go reads it')}`);
    console.log(`# go parse: ${results.length - disagreements.length}/${results.length} CSRs agree`);
    assert.deepEqual(disagreements, []);
    const byName = (n: string): string | undefined => results.find((r) => r.name === join(work, `${n}.csr`))?.error;
    assert.equal(byName('twice'), 'x509: certificate request contains duplicate requested extensions');
    assert.equal(byName('nc'), undefined, 'ParseCertificateRequest reads no requested extension but the subjectAltName');
    // The lint says so on the CSR: refused for the duplicate, read with the name constraints.
    const said = (n: string): string[] => csrChecks(views.get(join(work, `${n}.csr`))!).map((c) => c.message);
    assert.ok(said('twice').some((m) => m.includes('refuses the CSR ("x509: certificate request contains duplicate requested extensions")')), said('twice').join('\n'));
    assert.ok(said('nc').some((m) => m.includes('reads the CSR (it reads no requested extension but subjectAltName)')), said('nc').join('\n'));
  });

  it('on CRLs of each version: none (v1), an explicit 0, 1 and 2, as openssl crl -text prints them', () => {
    const openssl = (args: string[]): string => {
      const r = spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'crlca.key', '-subj', '/CN=crl ca', '-days', '10', '-out', 'crlca.pem']);
    writeFileSync(join(work, 'crl-index.txt'), '');
    writeFileSync(join(work, 'crl.cnf'), `[ca]\ndefault_ca=d\n[d]\ndatabase=${join(work, 'crl-index.txt')}\ndefault_md=sha256\ndefault_crl_days=30\n`);
    // Without a crlnumber file or crl_extensions, openssl ca writes a v1 CRL: no version field.
    openssl(['ca', '-config', 'crl.cnf', '-gencrl', '-keyfile', 'crlca.key', '-cert', 'crlca.pem', '-out', 'v1.crl.pem']);
    openssl(['crl', '-in', 'v1.crl.pem', '-outform', 'DER', '-out', 'vnone.crl']);
    const der = new Uint8Array(readFileSync(join(work, 'vnone.crl')));
    const [tbs, alg] = children(der, readTlv(der, 0));
    const tlv = (tag: number, body: number[]): number[] => [tag, ...(body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff]), ...body];
    const checks: GoCheck[] = [{ name: 'none', kind: 'parse', file: join(work, 'vnone.crl'), object: 'crl' }];
    for (const version of [0, 1, 2]) {
      const body = tlv(0x30, [2, 1, version, ...der.subarray(tbs!.valueStart, tbs!.end)]);
      const signature = sign('sha256', new Uint8Array(body), readFileSync(join(work, 'crlca.key'), 'utf8'));
      writeFileSync(join(work, `v${version}.crl`), new Uint8Array(tlv(0x30, [...body, ...der.subarray(alg!.start, alg!.end), ...tlv(0x03, [0, ...signature])])));
      checks.push({ name: String(version), kind: 'parse', file: join(work, `v${version}.crl`), object: 'crl' });
    }
    for (const r of runGoChecks(peer, checks, work)) {
      const f = decodeFile(new Uint8Array(readFileSync(join(work, `v${r.name}.crl`))));
      assert.ok(f.format === 'der' && f.decoded.ok && f.decoded.view.kind === 'crl');
      const crl = f.decoded.view;
      assert.equal(goCrlVersionRefusal(crl), r.error, r.name);
      const printed = openssl(['crl', '-inform', 'DER', '-in', `v${r.name}.crl`, '-noout', '-text']).split('\n')[1]!;
      assert.equal(renderText(f.decoded).split('\n')[1], printed, r.name);
    }
  });
});

describe("goVerifyRefusal agrees with Go 1.19's Verify on name constraints Go does not compare", () => {
  it('a critical constraint on a directoryName or otherName fails every chain through the CA; openssl verify accepts them', () => {
    const openssl = (args: string[]): void => {
      const r = spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    const cases: Record<string, string> = {
      dirNameCritical: 'nameConstraints=critical,permitted;dirName:dn,permitted;DNS:example.com',
      dirNamePlain: 'nameConstraints=permitted;dirName:dn,permitted;DNS:example.com',
      otherNameCritical: 'nameConstraints=critical,excluded;otherName:1.3.6.1.5.5.7.8.9;UTF8:a@example.com',
      dnsCritical: 'nameConstraints=critical,permitted;DNS:example.com',
    };
    const checks: GoCheck[] = [];
    const views = new Map<string, CertificateView>();
    for (const [name, nc] of Object.entries(cases)) {
      writeFileSync(join(work, `${name}.cnf`), `[req]\ndistinguished_name=n\n[n]\n[v]\n${nc}\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n[dn]\nCN=leaf.example.com\n[l]\nsubjectAltName=DNS:leaf.example.com\n`);
      openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-days', '10', '-config', `${name}.cnf`, '-extensions', 'v', '-out', `${name}.pem`]);
      openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-leaf.key`, '-subj', '/CN=leaf.example.com', '-config', `${name}.cnf`, '-out', `${name}-leaf.csr`]);
      openssl(['x509', '-req', '-in', `${name}-leaf.csr`, '-CA', `${name}.pem`, '-CAkey', `${name}.key`, '-extfile', `${name}.cnf`, '-extensions', 'l', '-days', '5', '-out', `${name}-leaf.pem`]);
      // OpenSSL reads every constraint here, and the leaf's names fit them.
      openssl(['verify', '-CAfile', `${name}.pem`, `${name}-leaf.pem`]);
      views.set(name, firstCertificate(new Uint8Array(readFileSync(join(work, `${name}.pem`))))!);
      checks.push({ name, kind: 'verify', ca: [join(work, `${name}.pem`)], cert: join(work, `${name}-leaf.pem`), usages: ['serverAuth'], host: 'leaf.example.com' });
    }
    for (const r of runGoChecks(peer, checks, work)) {
      const predicted = goVerifyRefusal(views.get(r.name)!);
      assert.equal(goCertificateRefusal(views.get(r.name)!), undefined, r.name);
      // Go's buildChains returns the candidate root's isValid error as it is.
      assert.equal(r.error, predicted, r.name);
    }
    assert.deepEqual([...views].filter(([, v]) => goVerifyRefusal(v)).map(([n]) => n), ['dirNameCritical', 'otherNameCritical']);
  });

  it("OpenSSL's test CA with critical SmtpUTF8Mailbox constraints (corpus): Verify refuses it as its own root", () => {
    const file = join(__dirname, '..', 'fixtures', 'pki', 'real-world', 'openssl', 'bad-cert-smtputf8-name-constraints.pem');
    const [r] = runGoChecks(peer, [{ name: 'smtputf8', kind: 'verify', ca: [file], cert: file }], work);
    const v = firstCertificate(new Uint8Array(readFileSync(file)))!;
    assert.equal(goCertificateRefusal(v), undefined);
    assert.equal(r!.error, goVerifyRefusal(v));
    assert.equal(r!.error, 'x509: unhandled critical extension');
  });
});
