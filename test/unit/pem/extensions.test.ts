/**
 * Invalid extension contents (issue #11 point 4) on real certificates from the
 * corpus: each is shown, the extension is marked invalid in the hover, and the
 * PEM linter reports it on the certificate (X509-EXT-MALFORMED).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { decodeFile, decodePemText, generalNameText, type CertificateView } from '../../../server/src/core/pem';
import { pemLinter } from '../../../server/src/core/pem/lint';
import { hoverMarkdown } from '../../../server/src/features/pem';
import { memoryFileSystem, type Environment } from '../../../server/src/core/environment';
import { defaultLintSettings } from '../../../server/src/core/types';
import { profileChecks } from '../../../server/src/core/pem/checks';
import { goCertificateRefusal } from '../../../server/src/core/pem/goParse';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';

const corpus = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'chromium-parse-certificate');
const text = (name: string): string => readFileSync(join(corpus, name), 'latin1');

function certificate(name: string): { view: CertificateView; hover: string } {
  const block = decodePemText(text(name)).find((b) => b.block.label === 'CERTIFICATE')!;
  assert.ok(block.decoded.ok && block.decoded.view.kind === 'certificate', `${name} is shown`);
  return { view: block.decoded.view, hover: hoverMarkdown(block, new Date('2016-01-01T00:00:00Z'), 30, {}) };
}

async function lintCodes(name: string): Promise<Array<{ code: string; message: string }>> {
  const path = `/w/${name}`;
  const env: Environment = { fs: memoryFileSystem({ [path]: text(name) }), now: () => new Date('2016-01-01T00:00:00Z'), getEnv: () => undefined, cwd: () => '/', crypto: webcrypto as unknown as Environment['crypto'] };
  return (await pemLinter.lint({ path, text: text(name), languageId: 'pem' }, { env, settings: defaultLintSettings, workspaceRoots: ['/w'] })).map((f) => ({ code: f.code, message: f.message }));
}

const oids: Record<string, string> = { subjectAltName: '2.5.29.17', keyUsage: '2.5.29.15', basicConstraints: '2.5.29.19' };

const cases: Array<[file: string, extension: string, says: RegExp]> = [
  ['extensions_duplicate_key_usage.pem', 'keyUsage', /duplicate extension/],
];

describe('invalid extension contents are shown as errors inside a certificate that is still shown', () => {
  for (const [file, extension, says] of cases) {
    it(`${file}: ${extension}`, async () => {
      const { view, hover } = certificate(file);
      const ext = view.extensions.find((e) => e.oid === oids[extension] && e.error);
      assert.ok(ext, `${extension} is marked invalid`);
      assert.match(ext.error!, says);
      assert.match(hover, /X509-EXT-MALFORMED/);
      const findings = await lintCodes(file);
      assert.ok(findings.some((f) => f.code === 'X509-EXT-MALFORMED' && says.test(f.message)), JSON.stringify(findings));
    });
  }

  it('an 8-octet IP SAN is not shown as a network, and is a warning naming Go: OpenSSL 3.0 verifies such a certificate, Go 1.19 refuses it', async () => {
    const { view } = certificate('subjectaltname_bad_ip.pem');
    assert.deepEqual(view.subjectAltNames.map(generalNameText), ['IP Address:<invalid length=8>', 'email:fscvatas@va.gov']);
    const san = view.extensions.find((e) => e.oid === '2.5.29.17')!;
    assert.equal(san.error, undefined);
    assert.equal(san.goRefuses, 'x509: cannot parse IP address of length 8');
    const findings = (await lintCodes('subjectaltname_bad_ip.pem')).filter((f) => f.code === 'X509-EXT-MALFORMED');
    assert.deepEqual(findings.map((f) => /Go refuses the certificate \("x509: cannot parse IP address of length 8"\); OpenSSL reads it/.test(f.message)), [true]);
  });

  it('basic_constraints_unconsumed_data.pem: a basicConstraints { NULL } is a warning naming OpenSSL, whose verifier cannot decode it (Go reads it as CA:FALSE)', async () => {
    const { view } = certificate('basic_constraints_unconsumed_data.pem');
    const bc = view.extensions.find((e) => e.oid === '2.5.29.19')!;
    assert.equal(bc.error, undefined);
    assert.equal(bc.goRefuses, undefined);
    assert.match(bc.opensslRefuses ?? '', /unexpected NULL/);
    const findings = (await lintCodes('basic_constraints_unconsumed_data.pem')).filter((f) => f.code === 'X509-EXT-MALFORMED');
    assert.deepEqual(findings.map((f) => /OpenSSL's verifier cannot read it and refuses the certificate .*Go's crypto\/x509 reads past it/.test(f.message)), [true]);
  });

  it('subjectaltname_trailing_data.pem: bytes after the value are a warning, as OpenSSL 3.0 and Go 1.19 read the value and accept the certificate', async () => {
    const { view } = certificate('subjectaltname_trailing_data.pem');
    const san = view.extensions.find((e) => e.oid === '2.5.29.17')!;
    assert.equal(san.error, undefined);
    assert.match(san.accepted ?? '', /after the extension's value/);
    const findings = (await lintCodes('subjectaltname_trailing_data.pem')).filter((f) => f.code === 'X509-EXT-MALFORMED');
    assert.deepEqual(findings.map((f) => /OpenSSL 3\.0 and Go 1\.19 read the value and accept/.test(f.message)), [true]);
  });

  it('bad_key_usage.pem: a keyUsage with no bit set (Chromium refuses it) is a warning, as OpenSSL 3.0 and Go 1.19 accept the certificate', async () => {
    const { view } = certificate('bad_key_usage.pem');
    const ku = view.extensions.find((e) => e.oid === '2.5.29.15')!;
    assert.equal(ku.error, undefined);
    assert.match(ku.accepted ?? '', /no bit set/);
    const findings = (await lintCodes('bad_key_usage.pem')).filter((f) => f.code === 'X509-EXT-MALFORMED');
    assert.deepEqual(findings.map((f) => /OpenSSL 3\.0 and Go 1\.19 accept/.test(f.message)), [true]);
    const tree = parseCertificate(new Uint8Array(Buffer.from(decodePemText(text('bad_key_usage.pem')).find((b) => b.block.label === 'CERTIFICATE')!.block.base64, 'base64')), nodePkiCrypto);
    assert.deepEqual(tree.problems, []);
  });

  it('subjectaltname_general_names_empty_sequence.pem: an empty subjectAltName is a warning, as OpenSSL 3.0 and Go 1.19 accept the certificate', async () => {
    const { view } = certificate('subjectaltname_general_names_empty_sequence.pem');
    const san = view.extensions.find((e) => e.oid === '2.5.29.17')!;
    assert.equal(san.error, undefined);
    assert.match(san.accepted ?? '', /empty subjectAltName/);
    const findings = (await lintCodes('subjectaltname_general_names_empty_sequence.pem')).filter((f) => f.code === 'X509-EXT-MALFORMED');
    assert.deepEqual(findings.map((f) => /OpenSSL 3\.0 and Go 1\.19 accept/.test(f.message)), [true]);
  });

  it('a valid keyUsage and extendedKeyUsage are not flagged', () => {
    for (const file of ['key_usage.pem', 'extended_key_usage.pem']) {
      const { view } = certificate(file);
      assert.deepEqual(view.extensions.filter((e) => e.error), [], file);
    }
  });
});

describe('a malformed extension no verifier reads is a warning, and no problem of the certificate', () => {
  const zlint = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'zlint');
  const zlintCertificate = (name: string): CertificateView => {
    const block = decodePemText(readFileSync(join(zlint, name), 'latin1')).find((b) => b.block.label === 'CERTIFICATE')!;
    assert.ok(block.decoded.ok && block.decoded.view.kind === 'certificate');
    return block.decoded.view;
  };

  it('aiaCrit.pem: Inhibit Any Policy (Go reads it) is invalid, Subject Information Access (nobody reads it) only malformed', () => {
    const view = zlintCertificate('aiaCrit.pem');
    const inhibit = view.extensions.find((e) => e.oid === '2.5.29.54')!;
    const sia = view.extensions.find((e) => e.oid === '1.3.6.1.5.5.7.1.11')!;
    assert.match(inhibit.error ?? '', /runs past the end/);
    assert.equal(sia.error, undefined);
    assert.match(sia.malformed ?? '', /runs past the end/);
    const checks = profileChecks(view).filter((c) => c.code === 'X509-EXT-MALFORMED');
    // and a DNS name outside ASCII in its SAN and an IP name constraint whose mask is 1.2.3.4, which Go refuses and OpenSSL reads.
    const kind = (m: string): string => (/Inhibit/.test(m) ? 'inhibit' : /1\.3\.6\.1\.5\.5\.7\.1\.11/.test(m) ? 'sia' : /SAN dNSName is malformed/.test(m) ? 'san' : /invalid mask 01020304/.test(m) ? 'nc' : m);
    assert.deepEqual(checks.map((c) => [c.severity, kind(c.message)]), [['warning', 'nc'], ['warning', 'san'], ['error', 'inhibit'], ['warning', 'sia']]);
    const tree = parseCertificate(new Uint8Array(Buffer.from(decodePemText(readFileSync(join(zlint, 'aiaCrit.pem'), 'latin1'))[0]!.block.base64, 'base64')), nodePkiCrypto);
    // Its Authority Information Access is critical: Go reads it, OpenSSL's verifier does not and rejects the certificate.
    assert.deepEqual(tree.problems.map((p) => (/Inhibit/.test(p) ? 'inhibit' : /Authority Information Access/.test(p) ? 'aia' : p)), ['inhibit', 'aia']);
  });

  it('frshCRLCritical.pem: a malformed critical Freshest CRL is rejected for being critical, one finding, an error as OpenSSL and Go both reject it', () => {
    const checks = profileChecks(zlintCertificate('frshCRLCritical.pem')).filter((c) => c.message.includes('2.5.29.46'));
    assert.deepEqual(checks.map((c) => [c.code, c.severity]), [['X509-CRITICAL-UNKNOWN', 'error']]);
  });
});

describe('objects OpenSSL reads that Go refuses or that are spelled out in full (Mbed TLS test files)', () => {
  const mbedtls = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'mbedtls');
  const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(mbedtls, name)));

  it('server5-der1a.crt: a DER certificate and one stray byte is shown, with one warning that Go refuses it', () => {
    const file = decodeFile(bytes('server5-der1a.crt'));
    assert.ok(file.format === 'der' && file.decoded.ok && file.decoded.view.kind === 'certificate');
    const view = file.decoded.view;
    assert.equal(view.trailingBytes, 1);
    assert.deepEqual(profileChecks(view).filter((c) => c.code === 'PEM-DER').map((c) => [c.severity, /x509: trailing data/.test(c.message)]), [['warning', true]]);
    // The same certificate without the stray byte, as OpenSSL's fingerprint is of the certificate alone.
    const plain = decodeFile(bytes('server5-der1a.crt').subarray(0, -1));
    assert.ok(plain.format === 'der' && plain.decoded.ok && plain.decoded.view.kind === 'certificate');
    assert.equal(view.fingerprints.sha256, plain.decoded.view.fingerprints.sha256);
    assert.equal(plain.decoded.view.trailingBytes, undefined);
  });

  it('ec_prv.specdom.der: an EC key on explicit parameters has the size of its group order', () => {
    const file = decodeFile(bytes('ec_prv.specdom.der'));
    assert.ok(file.format === 'der' && file.decoded.ok && file.decoded.view.kind === 'privateKey');
    assert.equal(file.decoded.view.bits, 256);
  });
});

describe('the standard extensions as Go 1.19 reads them (BoringSSL crypto/x509/test): a malformed value, policies, a critical flag that is not DER', () => {
  const boring = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'boringssl-x509');
  const view = (name: string): CertificateView => {
    const d = decodePemText(readFileSync(join(boring, name), 'latin1'))[0]!.decoded;
    assert.ok(d.ok && d.view.kind === 'certificate', name);
    return d.view;
  };
  const malformed = (v: CertificateView) => profileChecks(v).filter((c) => c.code === 'X509-EXT-MALFORMED');

  it('a malformed keyUsage, basicConstraints, extendedKeyUsage, subjectKeyIdentifier or authorityKeyIdentifier: Go refuses the certificate with its own words, and the error stays (openssl verify refuses it too)', () => {
    const go: Record<string, string> = {
      key_usage: 'x509: invalid key usage',
      basic_constraints: 'x509: invalid basic constraints a',
      ext_key_usage: 'x509: invalid extended key usages',
      subject_key_identifier: 'x509: invalid subject key identifier',
      authority_key_identifier: 'x509: invalid authority key identifier',
    };
    for (const [ext, error] of Object.entries(go)) {
      for (const level of ['root', 'intermediate', 'leaf']) {
        const v = view(`invalid_extension_${level}_${ext}.pem`);
        assert.equal(goCertificateRefusal(v), error, `${level} ${ext}`);
        assert.deepEqual(malformed(v).map((c) => c.severity), ['error'], `${level} ${ext}`);
      }
    }
  });

  it('malformed certificate policies: a warning naming Go, as OpenSSL checks policies only when asked (-policy_check)', () => {
    for (const name of ['policy_leaf_invalid.pem', 'policy_intermediate_invalid.pem']) {
      const v = view(name);
      assert.equal(goCertificateRefusal(v), 'x509: invalid certificate policies');
      const checks = malformed(v);
      assert.deepEqual(checks.map((c) => c.severity), ['warning'], name);
      assert.match(checks[0]!.message, /Go refuses the certificate .*-policy_check/);
    }
  });

  it('a critical flag encoded as 0x01: OpenSSL reads it as TRUE, Go refuses the certificate ("x509: malformed extension critical field"): a warning', () => {
    const v = view('unusual_tbs_critical_ber.pem');
    const bc = v.extensions.find((e) => e.oid === '2.5.29.19')!;
    assert.equal(bc.critical, true);
    assert.equal(bc.criticalNotDer, true);
    assert.equal(goCertificateRefusal(v), 'x509: malformed extension critical field');
    assert.deepEqual(malformed(v).map((c) => c.severity), ['warning']);
    // An explicit FALSE (not DER either, but 0x00) Go reads.
    assert.equal(goCertificateRefusal(view('unusual_tbs_critical_false_not_omitted.pem')), undefined);
  });
});
