/**
 * Objects read as OpenSSL 3.0 and Go 1.19 read them, on files of the real-world corpus (and,
 * for the curve sizes, on keys OpenSSL makes for every curve it names): a CSR whose extension
 * request is malformed, a PKCS #1 RSA public key, GeneralizedTime fractions, critical extensions
 * by what each verifier reads, and a DER certificate followed by stray bytes in both the decoder
 * and the tree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { decodeFile, decodeDer, renderText, type CertificateView, type Decoded } from '../../../server/src/core/pem';
import { crlChecks, csrChecks, keyChecks, profileChecks } from '../../../server/src/core/pem/checks';
import { decodeKeyDer } from '../../../server/src/core/pem/decode';
import { children, readTlv, tagName, type Tlv } from '../../../server/src/core/pem/der';
import { goCertificateRefusal } from '../../../server/src/core/pem/goParse';
import { decodeFileBytes } from '../../../server/src/core/pki/files';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { OpenSsl } from '../pem/openssl';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { statusLines } from '../../../server/src/core/pki/statusText';

const root = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world');
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(root, name)));
const der = (name: string): Decoded => {
  const f = decodeFile(bytes(name));
  assert.equal(f.format, 'der', name);
  return (f as { decoded: Decoded }).decoded;
};
const tree = (name: string, data = bytes(name)) => decodeFileBytes(join(root, name), data, nodePkiCrypto);

describe('a CSR whose extension request is malformed is read as OpenSSL reads it (Mbed TLS test_csr_v3_all_malformed_*)', () => {
  // Go 1.19's x509.ParseCertificateRequest on each (test/peers/go): data_len2 leaves a byte after an
  // Extension's fields, which encoding/asn1 ignores; the others it refuses.
  const cases: Array<[file: string, goRefuses: boolean]> = [
    ['attributes_extension_request_sequence_tag', true],
    ['extension_data_len1', true],
    ['extension_data_len2', false],
    ['extension_data_tag', true],
    ['extension_id_tag', true],
    ['extension_type_oid', true],
    ['extensions_sequence_tag', true],
  ];
  for (const [name, goRefuses] of cases) {
    const file = `mbedtls/test_csr_v3_all_malformed_${name}.csr.der`;
    it(`${name}: shown without requested extensions, one warning about the extension request`, () => {
      const d = der(file);
      assert.ok(d.ok && d.view.kind === 'csr', d.ok ? d.view.kind : d.message);
      const v = d.view;
      assert.equal(v.subject.rfc4514, 'CN=etcd');
      assert.deepEqual(v.extensions, []);
      const checks = csrChecks(v);
      assert.deepEqual(checks.map((c) => [c.code, c.severity]), [['X509-EXT-MALFORMED', 'warning']]);
      assert.match(checks[0]!.message, /extension request/);
      assert.doesNotMatch(checks[0]!.message, /validity/);
      assert.match(checks[0]!.message, goRefuses ? /Go's x509\.ParseCertificateRequest refuses the CSR/ : /Go's x509\.ParseCertificateRequest reads past/);
      assert.deepEqual(tree(file).map((i) => i.kind), ['csr']);
    });
  }

  it('the well-formed original keeps its three requested extensions and gets no warning', () => {
    const d = der('mbedtls/test_csr_v3_all.csr.der');
    assert.ok(d.ok && d.view.kind === 'csr');
    assert.deepEqual(d.view.extensions.map((e) => e.oid), ['2.5.29.15', '2.5.29.17', '2.16.840.1.113730.1.1']);
    assert.deepEqual(csrChecks(d.view), []);
  });

  it('an object that is unreadable as anything is reported in the words of the kind it looks like', () => {
    // The CSR's extension request attribute tagged SET instead of SEQUENCE: no reader accepts it.
    const broken = new Uint8Array(bytes('mbedtls/test_csr_v3_all.csr.der'));
    assert.equal(broken[192], 0x30);
    broken[192] = 0x31;
    const d = decodeFile(broken);
    assert.ok(d.format === 'der' && !d.decoded.ok);
    assert.match(d.decoded.message, /Attribute: expected SEQUENCE/);
    assert.doesNotMatch(d.decoded.message, /validity/);
  });
});

describe('a PKCS #1 RSA public key (RSAPublicKey) is a public key in DER and as PEM "RSA PUBLIC KEY"', () => {
  for (const file of ['mbedtls/rsa_pkcs1_2048_public.der', 'mbedtls/rsa_pkcs1_2048_public.pem']) {
    it(file, () => {
      const f = decodeFile(bytes(file));
      const d = f.format === 'der' ? f.decoded : f.format === 'pem' ? f.blocks[0]!.decoded : undefined;
      assert.ok(d?.ok && d.view.kind === 'publicKey');
      assert.equal(d.view.bits, 2048);
      const items = tree(file);
      assert.deepEqual(items.map((i) => (i.kind === 'key' ? [i.key.kind, i.key.publicKey?.bits] : [i.kind])), [['public', 2048]]);
    });
  }
});

/** A real certificate with its validity re-encoded as GeneralizedTimes with fractions (`openssl x509` prints them as written). */
function withFractionalValidity(cert: Uint8Array): Uint8Array {
  const find = (from: number): number => cert.findIndex((b, i) => i >= from && b === 0x17 && cert[i + 1] === 0x0d);
  const first = find(0);
  const second = find(first + 15);
  assert.ok(first > 2 && cert[first - 2] === 0x30 && second === first + 15);
  const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
  const value = [0x18, 19, ...ascii('20200102030405.123Z'), 0x18, 22, ...ascii('20490102030405.123456Z')];
  const delta = value.length + 2 - 32;
  const out = new Uint8Array([...cert.subarray(0, first - 2), 0x30, value.length, ...value, ...cert.subarray(second + 15)]);
  for (const at of [0, 4]) {
    assert.equal(out[at + 1], 0x82);
    const n = ((out[at + 2]! << 8) | out[at + 3]!) + delta;
    out[at + 2] = n >> 8;
    out[at + 3] = n & 0xff;
  }
  return out;
}

describe('GeneralizedTime fractions of a second', () => {
  const base = bytes('webpki/client_auth_revocation/indirect_dp_chain.ee.der');

  it('are shown as OpenSSL shows them, and the certificate stays refused as OpenSSL and Go refuse it', () => {
    const d = decodeDer(withFractionalValidity(base), 'certificate');
    assert.ok(d.ok && d.view.kind === 'certificate', d.ok ? '' : d.message);
    const v: CertificateView = d.view;
    // `openssl x509 -dateopt iso_8601 -startdate -enddate` (3.0.19): 2020-01-02 03:04:05.123Z, 2049-01-02 03:04:05.123456Z
    assert.equal(v.notBefore, '2020-01-02T03:04:05.123Z');
    assert.equal(v.notAfter, '2049-01-02T03:04:05.123456Z');
    // `openssl x509 -text`: "Not Before: Jan  2 03:04:05.123 2020 GMT", "Not After : Jan  2 03:04:05.123456 2049 GMT"
    const text = renderText(d);
    assert.match(text, /Not Before: Jan {2}2 03:04:05\.123 2020 GMT\n/);
    assert.match(text, /Not After : Jan {2}2 03:04:05\.123456 2049 GMT\n/);
    // `openssl verify`: "format error in certificate's notBefore field"; Go: "x509: malformed GeneralizedTime".
    assert.match(v.validityError ?? '', /fractional seconds/);
    const items = tree('webpki/client_auth_revocation/indirect_dp_chain.ee.der', withFractionalValidity(base));
    assert.ok(items[0]?.kind === 'certificate');
    assert.equal(items[0].cert.notBefore, Date.UTC(2020, 0, 2, 3, 4, 5));
    assert.match(items[0].cert.problems.join(), /fractional seconds/);
  });
});

describe('X509-CRITICAL-UNKNOWN follows what OpenSSL 3.0 verify and Go 1.19 crypto/x509 read', () => {
  const pem = (name: string): CertificateView => {
    const f = decodeFile(bytes(name));
    assert.ok(f.format === 'pem');
    const d = f.blocks.find((b) => b.block.label === 'CERTIFICATE')!.decoded;
    assert.ok(d.ok && d.view.kind === 'certificate');
    return d.view;
  };
  const critical = (v: CertificateView) => profileChecks(v).filter((c) => c.code === 'X509-CRITICAL-UNKNOWN').map((c) => [c.severity, c.message]);

  it('an extension neither reads (a critical CT poison) is an error', () => {
    const [[severity, message]] = critical(pem('boulder/good_precert.pem')) as [[string, string]];
    assert.equal(severity, 'error');
    assert.match(message, /1\.3\.6\.1\.4\.1\.11129\.2\.4\.3: neither OpenSSL nor Go/);
  });

  it('a critical Authority Information Access (Go reads it, OpenSSL does not) is a warning naming OpenSSL, and a problem in the tree, which follows openssl verify', () => {
    const [[severity, message]] = critical(pem('zlint/aiaCrit.pem')) as [[string, string]];
    assert.equal(severity, 'warning');
    assert.match(message, /OpenSSL's verifier does not read it and rejects the certificate .*Go's crypto\/x509 reads it/);
  });

  it('by OpenSSL 3.0 and Go 1.19 on certificates openssl makes: critical SKI, policy constraints, a dirName-only SAN, OCSP no-check, name constraints on a directoryName or otherName', () => {
    const o = new OpenSsl();
    const cases: Array<[ext: string, severity: string | undefined, who: RegExp | undefined]> = [
      // openssl verify: error 34 "unhandled critical extension"; Go: accepted
      ['subjectKeyIdentifier=critical,hash', 'warning', /OpenSSL's verifier does not read it/],
      // openssl verify: OK; Go: UnhandledCriticalExtensions [2.5.29.36]
      ['policyConstraints=critical,requireExplicitPolicy:0', 'warning', /Go's crypto\/x509 does not read it/],
      // openssl verify: OK; Go: UnhandledCriticalExtensions [2.5.29.17] (no DNS, e-mail, IP or URI name)
      ['subjectAltName=critical,dirName:dn', 'warning', /holding no DNS name.*Go's crypto\/x509 does not read it/],
      ['subjectAltName=critical,DNS:x.example', undefined, undefined],
      // openssl verify: OK; Go: UnhandledCriticalExtensions [1.3.6.1.5.5.7.48.1.5]
      ['1.3.6.1.5.5.7.48.1.5=critical,ASN1:NULL', 'warning', /Go's crypto\/x509 does not read it/],
      // openssl verify: OK; Go: Verify "x509: unhandled critical extension" (getValues compares only DNS, e-mail, IP and URI bases)
      ['nameConstraints=critical,permitted;dirName:dn', 'warning', /critical X509v3 Name Constraints \(2\.5\.29\.30\) constraining a name type Go does not compare \(directoryName\): Go's crypto\/x509 does not read it/],
      ['nameConstraints=critical,excluded;otherName:1.3.6.1.5.5.7.8.9;UTF8:a@x.example,permitted;DNS:x.example', 'warning', /\(otherName\)/],
      ['nameConstraints=critical,permitted;DNS:x.example', undefined, undefined],
      ['nameConstraints=permitted;dirName:dn', undefined, undefined],
    ];
    const config = o.write('c.cnf', '[req]\ndistinguished_name=d\n[d]\n[dn]\nCN=x\n');
    for (const [ext, severity, who] of cases) {
      o.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-subj', '/CN=x', '-days', '10', '-config', config, '-addext', ext, '-out', 'c.pem']);
      const f = decodeFile(o.bytes('c.pem'));
      assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'certificate');
      const found = critical(f.blocks[0]!.decoded.view);
      if (!severity) assert.deepEqual(found, [], ext);
      else {
        assert.equal(found.length, 1, ext);
        assert.equal(found[0]![0], severity, ext);
        assert.match(found[0]![1]!, who!, ext);
      }
    }
    o.dispose();
  });
});

describe('every curve OpenSSL names has the size OpenSSL gives its keys', () => {
  it('openssl ecparam -list_curves: each curve\'s key, as DER, has `openssl pkey -text_pub`\'s bit count', () => {
    const o = new OpenSsl();
    const list = o.run(['ecparam', '-list_curves']).split('\n').map((l) => /^\s*([\w-]+)\s*:/.exec(l)?.[1]).filter((c): c is string => !!c && !/^Oakley-/.test(c));
    assert.ok(list.length > 70, `${list.length} curves`);
    const mismatches: string[] = [];
    for (const curve of list) {
      const key = spawnSync('openssl', ['ecparam', '-name', curve, '-genkey', '-noout', '-outform', 'DER'], { cwd: o.dir });
      if (key.status !== 0) continue;
      const text = spawnSync('openssl', ['pkey', '-inform', 'DER', '-noout', '-text_pub'], { input: key.stdout, encoding: 'utf8' }).stdout;
      const bits = Number(/\((\d+) bit\)/.exec(text)?.[1]);
      const view = decodeKeyDer(new Uint8Array(key.stdout));
      if (view.bits !== bits || view.curve !== curve) mismatches.push(`${curve}: certwright ${view.curve} ${view.bits}, openssl ${bits}`);
    }
    o.dispose();
    assert.deepEqual(mismatches, []);
  });
});

describe('a DER object followed by stray bytes: one reader for the decoder and the tree', () => {
  it('a certificate is read past them by both (OpenSSL reads it, Go refuses it: one warning)', () => {
    const d = der('mbedtls/server5-der1a.crt');
    assert.ok(d.ok && d.view.kind === 'certificate');
    assert.equal(d.view.trailingBytes, 1);
    assert.deepEqual(tree('mbedtls/server5-der1a.crt').map((i) => i.kind), ['certificate']);
  });

  it('a CRL followed by a byte is refused by both: OpenSSL reads only a certificate past its end', () => {
    const crl = decodeFile(bytes('boulder/crl_reason_10.pem'));
    assert.ok(crl.format === 'pem' && crl.blocks[0]!.block.der);
    const withByte = new Uint8Array([...crl.blocks[0]!.block.der, 0x00]);
    const f = decodeFile(withByte);
    assert.ok(f.format === 'der' && !f.decoded.ok);
    assert.match(f.decoded.message, /unexpected byte\(s\) after the end of the object/);
    const items = tree('x.crl', withByte);
    assert.equal(items[0]?.kind, 'error');
    assert.match(items[0]!.kind === 'error' ? items[0]!.message : '', /1 trailing bytes after the DER object/);
  });
});

describe('X509-KEY-UNSUPPORTED: a key Go 1.19 cannot read, which OpenSSL 3.0 reads, is a warning naming Go', () => {
  // Go 1.19 (x509.ParseCertificate, ParseCertificateRequest, ParsePKIXPublicKey, ParsePKCS8PrivateKey on the same
  // files, test/peers/go's toolchain): explicit parameters "x509: invalid ECDSA parameters", a curve other than
  // P-224/256/384/521 "x509: unsupported elliptic curve" ("unknown elliptic curve" for the private key).
  // openssl verify: each self-signed certificate verifies against itself.
  const cases: Array<[name: string, options: string[], goError: string | undefined]> = [
    ['explicit P-256', ['ec_paramgen_curve:P-256', 'ec_param_enc:explicit'], 'x509: invalid ECDSA parameters'],
    ['secp256k1', ['ec_paramgen_curve:secp256k1'], 'x509: unsupported elliptic curve'],
    ['brainpoolP256r1', ['ec_paramgen_curve:brainpoolP256r1'], 'x509: unsupported elliptic curve'],
    ['P-256', ['ec_paramgen_curve:P-256'], undefined],
  ];
  const findings = (name: string, o: OpenSsl) => {
    const f = decodeFile(o.bytes(name));
    assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok, name);
    const v = f.blocks[0]!.decoded.view;
    const checks = v.kind === 'certificate' ? profileChecks(v) : v.kind === 'csr' ? csrChecks(v) : v.kind === 'privateKey' || v.kind === 'publicKey' ? keyChecks(v) : [];
    return checks.filter((c) => c.code === 'X509-KEY-UNSUPPORTED').map((c) => [c.severity, c.message] as const);
  };
  for (const [name, options, goError] of cases) {
    it(`${name}: the certificate, CSR, public and private key`, () => {
      const o = new OpenSsl();
      o.run(['genpkey', '-algorithm', 'EC', ...options.flatMap((p) => ['-pkeyopt', p]), '-out', 'k.pem']);
      o.run(['req', '-x509', '-key', 'k.pem', '-subj', '/CN=x', '-days', '10', '-addext', 'subjectAltName=DNS:x.example', '-out', 'c.pem']);
      o.run(['verify', '-CAfile', 'c.pem', 'c.pem']);
      o.run(['req', '-new', '-key', 'k.pem', '-subj', '/CN=x', '-out', 'r.pem']);
      o.run(['pkey', '-in', 'k.pem', '-pubout', '-out', 'p.pem']);
      for (const [file, words] of [['c.pem', /certificate's EC key on .*refuses the certificate/], ['r.pem', /CSR's EC key on .*ParseCertificateRequest refuses the CSR/], ['p.pem', /cannot load this EC key on/], ['k.pem', /cannot load this EC key on/]] as const) {
        const found = findings(file, o);
        if (!goError) assert.deepEqual(found, [], file);
        else {
          assert.equal(found.length, 1, file);
          assert.equal(found[0]![0], 'warning');
          assert.match(found[0]![1], words);
          assert.ok(found[0]![1].includes(file === 'k.pem' ? 'x509: unknown elliptic curve' : goError), found[0]![1]);
        }
      }
      o.dispose();
    });
  }

  it('corpus files: explicit-curve certificates and CSRs (x509-limbo, pyca), a prime192v1 public key, DSA with inherited parameters (PKITS)', () => {
    const message = (file: string): string => {
      const f = decodeFile(bytes(file));
      const v = f.format === 'pem' ? f.blocks[0]!.decoded : f.format === 'der' ? f.decoded : undefined;
      assert.ok(v?.ok);
      const checks = v.view.kind === 'certificate' ? profileChecks(v.view) : v.view.kind === 'csr' ? csrChecks(v.view) : v.view.kind === 'publicKey' || v.view.kind === 'privateKey' ? keyChecks(v.view) : [];
      return checks.filter((c) => c.code === 'X509-KEY-UNSUPPORTED').map((c) => c.message).join('\n');
    };
    assert.match(message('limbo/explicit_curve_leaf.pem'), /EC key on explicit parameters.*"x509: invalid ECDSA parameters"/);
    assert.match(message('limbo/explicit_curve_ca.csr'), /"x509: invalid ECDSA parameters"/);
    assert.match(message('pyca/ec_no_named_curve.pem'), /"x509: invalid ECDSA parameters"/);
    assert.match(message('mbedtls/ec_pub.comp.pem'), /prime192v1.*"x509: unsupported elliptic curve"/);
    assert.match(message('nist-pkits/ValidDSAParameterInheritanceTest5EE.crt'), /DSA key.*"x509: invalid DSA parameters"/);
    assert.equal(message('limbo/cryptography.io.pem'), '');
  });
});

describe('X509-KEY-UNSUPPORTED: a PKCS #8 key carrying its public key, which OpenSSL 3.0 cannot load and Go 1.19 reads, is a warning naming OpenSSL', () => {
  // openssl pkey 3.0.19 on each form (test/peers/pg-key-pkcs8-public.test.ts keeps the check with PostgreSQL): the public key [1]
  // makes it "unsupported", whatever the version field or attributes; Go's ParsePKCS8PrivateKey reads every form.
  const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from(body.length < 128 ? [tag, body.length] : [tag, 0x81, body.length]), body]);
  for (const type of ['ed25519', 'ec'] as const) {
    it(`${type}: versions 0 and 1, with and without attributes, with and without the public key`, () => {
      const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      const top = readTlv(der, 0);
      const [, alg, key] = children(der, top).map((n) => der.subarray(n.start, n.end));
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const bits = children(spki, readTlv(spki, 0))[1]!;
      const pub = tlv(0x81, spki.subarray(bits.valueStart, bits.end));
      const attrs = tlv(0xa0, tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from('2a864886f70d010914', 'hex')), tlv(0x31, tlv(0x0c, Buffer.from('x')))])));
      const forms: Array<[name: string, parts: Buffer[], opensslLoads: boolean]> = [
        ['v0', [Buffer.from([2, 1, 0]), alg!, key!], true],
        ['v1', [Buffer.from([2, 1, 1]), alg!, key!], true],
        ['v0 + attributes', [Buffer.from([2, 1, 0]), alg!, key!, attrs], true],
        ['v1 + public key', [Buffer.from([2, 1, 1]), alg!, key!, pub], false],
        ['v0 + public key', [Buffer.from([2, 1, 0]), alg!, key!, pub], false],
        ['v1 + attributes + public key', [Buffer.from([2, 1, 1]), alg!, key!, attrs, pub], false],
      ];
      for (const [name, parts, opensslLoads] of forms) {
        const view = decodeKeyDer(new Uint8Array(tlv(0x30, Buffer.concat(parts))));
        assert.equal(view.kind, 'privateKey', name);
        const checks = keyChecks(view).filter((c) => c.code === 'X509-KEY-UNSUPPORTED');
        if (opensslLoads) assert.deepEqual(checks, [], name);
        else {
          assert.deepEqual(checks.map((c) => c.severity), ['warning'], name);
          assert.match(checks[0]!.message, /^OpenSSL 3\.0 cannot load this .*carries its public key .*Go's crypto\/x509 reads it$/, name);
        }
      }
    });
  }
});

describe('a subjectAltName OpenSSL reads and Go refuses, in a CSR and in the certificate a CA makes from it', () => {
  // Each SAN value made with openssl req -addext "subjectAltName=DER:…". OpenSSL 3.0.19: `req -text` reads the CSR,
  // `x509 -req -copy_extensions copyall` copies the value as it is, `verify` (also -purpose sslserver) accepts the
  // certificate but for a value that is not a SEQUENCE ("invalid certificate"). Go 1.19's ParseCertificateRequest
  // and ParseCertificate on the same files give the error listed.
  const cases: Array<[name: string, der: string, goError: string | undefined, certSeverity: 'warning' | 'error']> = [
    ['an IP address of 8 octets', '300a87080102030405060708', 'x509: cannot parse IP address of length 8', 'warning'],
    ['an IP address of 3 octets', '30058703010203', 'x509: cannot parse IP address of length 3', 'warning'],
    ['a DNS name outside ASCII', '30068204c3a9c3a9', 'x509: SAN dNSName is malformed', 'warning'],
    ['a URI with NUL bytes', '30088606687474703a00', 'x509: cannot parse URI "http:\\x00": parse "http:\\x00": net/url: invalid control character in URL', 'warning'],
    ['an empty SEQUENCE', '3000', undefined, 'warning'],
    ['bytes after the value', '30038201780000', undefined, 'warning'],
    ['not a SEQUENCE', '0403414243', 'x509: invalid subject alternative names', 'error'],
  ];
  for (const [name, der, goError, certSeverity] of cases) {
    it(name, () => {
      const o = new OpenSsl();
      o.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=ca', '-days', '10', '-out', 'ca.pem']);
      o.run(['req', '-new', '-key', 'ca.key', '-subj', '/CN=x', '-addext', `subjectAltName=DER:${der}`, '-out', 'r.pem']);
      o.run(['x509', '-req', '-in', 'r.pem', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-copy_extensions', 'copyall', '-days', '5', '-out', 'c.pem']);
      const csr = decodeFile(o.bytes('r.pem'));
      assert.ok(csr.format === 'pem' && csr.blocks[0]!.decoded.ok && csr.blocks[0]!.decoded.view.kind === 'csr');
      const checks = csrChecks(csr.blocks[0]!.decoded.view);
      assert.equal(checks.length, 1);
      assert.deepEqual([checks[0]!.code, checks[0]!.severity], ['X509-EXT-MALFORMED', 'warning']);
      assert.match(checks[0]!.message, /^The requested X509v3 Subject Alternative Name is invalid: .*a CA that copies requested extensions .* puts it into the certificate as it is/);
      if (goError) assert.ok(checks[0]!.message.includes(`Go's x509.ParseCertificateRequest refuses the CSR ("${goError}")`), checks[0]!.message);
      else assert.match(checks[0]!.message, /Go's x509\.ParseCertificateRequest reads the CSR$/);
      const cert = decodeFile(o.bytes('c.pem'));
      assert.ok(cert.format === 'pem' && cert.blocks[0]!.decoded.ok && cert.blocks[0]!.decoded.view.kind === 'certificate');
      const san = profileChecks(cert.blocks[0]!.decoded.view).filter((c) => c.code === 'X509-EXT-MALFORMED');
      assert.deepEqual(san.map((c) => c.severity), [certSeverity]);
      if (goError && certSeverity === 'warning') assert.ok(san[0]!.message.includes(`Go refuses the certificate ("${goError}"); OpenSSL reads it`), san[0]!.message);
      o.dispose();
    });
  }
});

describe('CRL times not in RFC 5280\'s form, as OpenSSL 3.0 and Go 1.19 read them', () => {
  /** A DER TLV (short or long form length). */
  const tlv = (tag: number, body: Uint8Array): Uint8Array => {
    const n = body.length;
    const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return new Uint8Array([tag, ...len, ...body]);
  };
  const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
  /** The CRL with its lastUpdate, nextUpdate and first revocation date rewritten, signed again with the CA key. */
  function rewritten(crl: Uint8Array, key: string, times: [tag: number, text: string][]): Uint8Array {
    const read = (buf: Uint8Array, at: number): { tag: number; start: number; body: number; end: number } => {
      let len = buf[at + 1]!;
      let body = at + 2;
      if (len & 0x80) {
        const k = len & 0x7f;
        len = 0;
        for (let i = 0; i < k; i++) len = (len << 8) | buf[body + i]!;
        body += k;
      }
      return { tag: buf[at]!, start: at, body, end: body + len };
    };
    const kids = (buf: Uint8Array, node: { body: number; end: number }) => {
      const out = [];
      for (let at = node.body; at < node.end; ) {
        const k = read(buf, at);
        out.push(k);
        at = k.end;
      }
      return out;
    };
    const outer = read(crl, 0);
    const [tbsNode, alg] = kids(crl, outer);
    const fields = kids(crl, tbsNode!);
    const part = (n: { start: number; end: number }): Uint8Array => crl.subarray(n.start, n.end);
    const time = ([tag, text]: [number, string]): Uint8Array => tlv(tag, ascii(text));
    // version, signature, issuer, thisUpdate, nextUpdate, revokedCertificates, extensions
    const [entry, ...more] = kids(crl, fields[5]!);
    const [serial, , ...entryRest] = kids(crl, entry!);
    const newEntry = tlv(0x30, new Uint8Array([...part(serial!), ...time(times[2]!), ...entryRest.flatMap((n) => [...part(n)])]));
    const revoked = tlv(0x30, new Uint8Array([...newEntry, ...more.flatMap((n) => [...part(n)])]));
    const tbs = tlv(0x30, new Uint8Array([...fields.slice(0, 3).flatMap((n) => [...part(n)]), ...time(times[0]!), ...time(times[1]!), ...revoked, ...fields.slice(6).flatMap((n) => [...part(n)])]));
    const signature = sign('sha256', tbs, readFileSync(key, 'utf8'));
    return tlv(0x30, new Uint8Array([...tbs, ...part(alg!), ...tlv(0x03, new Uint8Array([0, ...signature]))]));
  }

  it('zlint\'s crlWithAuthKeyID.pem: UTCTimes with +0100, shown in GMT as `openssl crl -text` shows them (Last Update: Oct 28 22:29:31 2024 GMT), two errors and one warning; Go 1.19 reads it', () => {
    const f = decodeFile(bytes('zlint/crlWithAuthKeyID.pem'));
    assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'crl');
    const v = f.blocks[0]!.decoded.view;
    assert.deepEqual([v.thisUpdate, v.nextUpdate, v.revoked[0]!.date], ['2024-10-28T22:29:31Z', '2025-10-28T22:29:31Z', '2024-10-28T22:29:31Z']);
    const found = crlChecks(v, new Date('2025-01-01T00:00:00Z'), 1).map((c) => [c.code, c.severity, /Go's x509\.ParseRevocationList reads it$/.test(c.message)]);
    assert.deepEqual(found, [['X509-VALIDITY-MALFORMED', 'error', true], ['X509-VALIDITY-MALFORMED', 'error', true], ['X509-VALIDITY-MALFORMED', 'warning', true]]);
  });

  it('lastUpdate and nextUpdate: an error (openssl verify -crl_check: "format error in CRL\'s lastUpdate field"), revocation dates: a warning (the certificate is still revoked); Go refuses a fraction, reads an offset', () => {
    const o = new OpenSsl();
    const ca = o.ca({ ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] });
    o.run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=leaf', '-out', 'leaf.csr']);
    o.run(['x509', '-req', '-in', 'leaf.csr', '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', '5', '-days', '30', '-out', 'leaf.pem']);
    o.write('index.txt', '');
    o.write('crlnumber', '01\n');
    const cnf = o.write('ca.cnf', '[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
    o.run(['ca', '-config', cnf, '-revoke', 'leaf.pem', '-keyfile', ca.key, '-cert', ca.cert]);
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'crl.pem']);
    o.run(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der']);
    const stamp = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const [past, future] = [stamp(-1), stamp(20)];
    const G = 0x18;
    const U = 0x17;
    const cases: Array<[name: string, times: [number, string][], openssl: RegExp, findings: Array<[severity: string, says: RegExp]>]> = [
      ['a fraction in lastUpdate', [[G, `${past}.5Z`], [G, `${future}Z`], [G, `${past}Z`]], /format error in CRL's lastUpdate field/, [['error', /thisUpdate: GeneralizedTime .*fractional seconds.*Go's x509\.ParseRevocationList refuses the CRL/]]],
      ['a fraction in nextUpdate', [[G, `${past}Z`], [G, `${future}.5Z`], [G, `${past}Z`]], /format error in CRL's nextUpdate field/, [['error', /nextUpdate: .*"format error in CRL's nextUpdate field"/]]],
      ['an offset in lastUpdate', [[G, `${past}+0100`], [G, `${future}Z`], [G, `${past}Z`]], /format error in CRL's lastUpdate field/, [['error', /offset \+0100 instead of Z.*Go's x509\.ParseRevocationList reads it/]]],
      ['an offset in a UTCTime lastUpdate', [[U, `${past.slice(2)}+0100`], [U, `${future.slice(2)}Z`], [U, `${past.slice(2)}Z`]], /format error in CRL's lastUpdate field/, [['error', /UTCTime .*offset \+0100/]]],
      ['a fraction in a revocation date', [[G, `${past}Z`], [G, `${future}Z`], [G, `${past}.25Z`]], /certificate revoked/, [['warning', /revocation date of serial 05: .*fractional seconds.*still finds the certificate revoked; Go's x509\.ParseRevocationList refuses the CRL/]]],
      ['an offset in a revocation date', [[G, `${past}Z`], [G, `${future}Z`], [G, `${past}+0100`]], /certificate revoked/, [['warning', /revocation date of serial 05: .*Go's x509\.ParseRevocationList reads it/]]],
      ['RFC 5280\'s form', [[G, `${past}Z`], [G, `${future}Z`], [G, `${past}Z`]], /certificate revoked/, []],
    ];
    for (const [name, times, openssl, findings] of cases) {
      const der = rewritten(o.bytes('crl.der'), o.path(ca.key), times);
      o.write('t.der', der);
      o.run(['crl', '-inform', 'DER', '-in', 't.der', '-out', 't.pem']);
      const r = spawnSync('openssl', ['verify', '-crl_check', '-CAfile', ca.cert, '-CRLfile', 't.pem', 'leaf.pem'], { cwd: o.dir, encoding: 'utf8' });
      assert.match(r.stdout + r.stderr, openssl, name);
      // The tree's revocation verdict says what openssl verify says: revoked, or a CRL OpenSSL cannot use.
      const workspace = new PkiWorkspace(nodePkiCrypto);
      for (const file of [ca.cert, 'leaf.pem', 't.pem']) workspace.setFile(o.path(file), 'v1', o.bytes(file), 'pki');
      const status = workspace.build({ now: Date.now(), expiryWarningDays: 30 }).statusOf(parseCertificate(new Uint8Array(Buffer.from(o.read('leaf.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')), nodePkiCrypto));
      const refused = /format error in CRL's (\w+) field/.exec(r.stdout + r.stderr);
      assert.equal(status.revocations.length, refused ? 0 : 1, name);
      const lines = statusLines(status, { now: Date.now(), warningDays: 30, display: (x) => x });
      const unusable = lines.filter((l) => /OpenSSL cannot use the CRL/.test(l.text));
      assert.deepEqual(unusable.map((l) => l.kind), refused ? ['stale'] : [], name);
      if (refused) assert.ok(unusable[0]!.text.includes(`("format error in CRL's ${refused[1]!} field")`), unusable[0]!.text);
      const d = decodeFile(der);
      assert.ok(d.format === 'der' && d.decoded.ok && d.decoded.view.kind === 'crl', name);
      const found = crlChecks(d.decoded.view, new Date(), 1).filter((c) => c.code === 'X509-VALIDITY-MALFORMED');
      assert.equal(found.length, findings.length, `${name}: ${found.map((c) => c.message).join('\n')}`);
      findings.forEach(([severity, says], i) => {
        assert.equal(found[i]!.severity, severity, name);
        assert.match(found[i]!.message, says, name);
      });
    }
    o.dispose();
  });
});

describe('what Go 1.19 refuses in a certificate and OpenSSL 3.0 reads: a name value, inner and outer signature algorithms that differ', () => {
  const tlv = (tag: number, body: Uint8Array): Uint8Array => {
    const n = body.length;
    return new Uint8Array([tag, ...(n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]), ...body]);
  };
  const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
  const part = (buf: Uint8Array, n: Tlv): Uint8Array => buf.subarray(n.start, n.end);
  /**
   * An openssl-made certificate with its subject made one O of the value given or its outer AlgorithmIdentifier replaced; the body
   * signed again with `key` when it changed, so the signature is right for what the issuer signs.
   */
  function rebuilt(cert: Uint8Array, key: string, change: { o?: Uint8Array; outerAlg?: Uint8Array }): Uint8Array {
    const [tbs, alg, sig] = children(cert, readTlv(cert, 0));
    const fields = children(cert, tbs!);
    let body = part(cert, tbs!);
    if (change.o) {
      // [version,] serial, signature, issuer, validity, subject (made a single O), ...
      const at = (fields[0]!.tag === 0xa0 ? 1 : 0) + 4;
      const subject = tlv(0x30, tlv(0x31, tlv(0x30, new Uint8Array([...hex('060355040a'), ...change.o]))));
      body = tlv(0x30, new Uint8Array([...fields.slice(0, at).flatMap((n) => [...part(cert, n)]), ...subject, ...fields.slice(at + 1).flatMap((n) => [...part(cert, n)])]));
    }
    const signature = change.o ? tlv(0x03, new Uint8Array([0, ...sign('sha256', body, readFileSync(key, 'utf8'))])) : part(cert, sig!);
    return tlv(0x30, new Uint8Array([...body, ...(change.outerAlg ?? part(cert, alg!)), ...signature]));
  }
  const pem = (d: Uint8Array): string => `-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const view = (d: Uint8Array): CertificateView => {
    const r = decodeDer(d, 'certificate');
    assert.ok(r.ok && r.view.kind === 'certificate', r.ok ? r.view.kind : r.message);
    return r.view;
  };
  const derChecks = (v: CertificateView) => profileChecks(v).filter((c) => c.code === 'PEM-DER').map((c) => [c.severity, c.message] as const);
  const issuing = (o: OpenSsl): void => {
    o.run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=ca', '-days', '10', '-out', 'ca.pem']);
    o.run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=leaf', '-out', 'leaf.csr']);
    o.run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '5', '-outform', 'der', '-out', 'leaf.der']);
  };

  // Each value as the subject's O of a certificate the CA signs again. Go 1.19.8's x509.ParseCertificate on the same
  // certificates gives the error listed (parseASN1String reads T61String, PrintableString with `*` and `&`, UTF8String,
  // BMPString, IA5String, NumericString). OpenSSL 3.0.19: `openssl x509 -text` and `openssl verify -CAfile ca.pem` (OK)
  // read the first group; it cannot load the second ("Could not read certificate"), which the test runs too.
  const goReads = undefined;
  const opensslReads: Array<[name: string, value: string, goError: string | undefined]> = [
    ['a UniversalString', '1c0400000078', 'unsupported string type: 28'],
    ['a BIT STRING', '03020078', 'unsupported string type: 3'],
    ['a SEQUENCE', '3000', 'unsupported string type: 48'],
    ['a PrintableString with `_`', '1303615f62', 'invalid PrintableString'],
    ['an IA5String outside ASCII', '160261e9', 'invalid IA5String'],
    ['a NumericString with a letter', '1203313261', 'invalid NumericString'],
    ['a PrintableString with `*` and `&`', '13032a2661', goReads],
    ['a T61String outside ASCII', '140261e9', goReads],
    ['a BMPString', '1e0400780079', goReads],
    ['an empty UTF8String', '0c00', goReads],
  ];
  const opensslRefuses: Array<[name: string, value: string, goError: string | undefined]> = [
    ['a VisibleString', '1a0178', 'unsupported string type: 26'],
    ['a GeneralString', '1b0178', 'unsupported string type: 27'],
    ['an OCTET STRING', '040178', 'unsupported string type: 4'],
    ['a UTCTime', '170d3230303130313030303030305a', 'unsupported string type: 23'],
    ['a BMPString of odd length', '1e03007800', 'invalid BMPString'],
    ['a UTF8String that is not UTF-8', '0c02c328', 'invalid UTF-8 string'],
    ['a UTF8String holding a surrogate', '0c03eda080', 'invalid UTF-8 string'],
    ['a BMPString holding a surrogate pair', '1e04d800dc00', goReads],
    ['a UniversalString beyond U+10FFFF', '1c0400110000', 'unsupported string type: 28'],
  ];
  const made = (value: string): { o: OpenSsl; v: CertificateView } => {
    const o = new OpenSsl();
    issuing(o);
    o.write('c.pem', pem(rebuilt(o.bytes('leaf.der'), o.path('ca.key'), { o: hex(value) })));
    return { o, v: view(new Uint8Array(Buffer.from(o.read('c.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64'))) };
  };
  const full = (goError: string): string => `x509: invalid RDNSequence: invalid attribute value: ${goError}`;
  for (const [name, value, goError] of opensslReads) {
    it(`a subject O that is ${name}: ${goError ? 'a warning naming Go' : 'nothing'} (OpenSSL reads it)`, () => {
      const { o, v } = made(value);
      o.run(['x509', '-in', 'c.pem', '-noout', '-text']);
      o.run(['verify', '-CAfile', 'ca.pem', 'c.pem']);
      if (!goError) assert.deepEqual(derChecks(v), []);
      else {
        const type = tagName(hex(value)[0]!);
        assert.deepEqual(derChecks(v), [['warning', `The subject's O (${type}) is a value Go's crypto/x509 cannot read: Go refuses the certificate ("${full(goError)}"), and a Go CA pool skips it; OpenSSL reads it`]]);
        assert.equal(goCertificateRefusal(v), full(goError));
      }
      o.dispose();
    });
  }
  for (const [name, value, goError] of opensslRefuses) {
    it(`a subject O that is ${name}: an error (OpenSSL cannot load the certificate${goError ? ', Go refuses it' : ', Go reads it'})`, () => {
      const { o, v } = made(value);
      assert.notEqual(spawnSync('openssl', ['x509', '-in', 'c.pem', '-noout', '-text'], { cwd: o.dir }).status, 0);
      const found = derChecks(v);
      assert.deepEqual(found.map(([s]) => s), ['error']);
      assert.ok(found[0]![1].startsWith(`The subject's O (${tagName(hex(value)[0]!)}) is a value OpenSSL cannot read: OpenSSL cannot load the certificate ("Could not read certificate"); `), found[0]![1]);
      assert.ok(found[0]![1].endsWith(goError ? `Go's crypto/x509 refuses it too ("${full(goError)}")` : "Go's crypto/x509 reads it"), found[0]![1]);
      assert.equal(goCertificateRefusal(v), goError && full(goError));
      o.dispose();
    });
  }

  it('corpus files: an IA5String and a PrintableString outside their sets (Chromium), an x500UniqueIdentifier BIT STRING (Mbed TLS)', () => {
    const errorOf = (file: string, index = 0): string | undefined => {
      const f = decodeFile(bytes(file));
      assert.ok(f.format === 'pem');
      const d = f.blocks.filter((b) => b.block.label === 'CERTIFICATE')[index]!.decoded;
      assert.ok(d.ok && d.view.kind === 'certificate');
      return d.view.nameRefusals?.map((r) => `${r.field} ${r.attribute} ${r.type}: ${r.go ?? ''}${r.openssl ? ' (OpenSSL refuses it)' : ''}`).join('; ');
    };
    assert.equal(errorOf('chromium-parse-certificate/subject_not_ascii.pem'), 'subject L IA5String: x509: invalid RDNSequence: invalid attribute value: invalid IA5String');
    assert.equal(errorOf('chromium-parse-certificate/subject_printable_string_containing_utf8_client_cert.pem'), 'subject CN PrintableString: x509: invalid RDNSequence: invalid attribute value: invalid PrintableString');
    assert.equal(errorOf('mbedtls/bitstring-in-dn.pem'), 'subject x500UniqueIdentifier BIT STRING: x509: invalid RDNSequence: invalid attribute value: unsupported string type: 3');
    assert.equal(errorOf('limbo/cryptography.io.pem'), undefined);
  });

  // sha256WithRSAEncryption without its NULL parameters outside, with them inside: the signature is the issuer's, over
  // the body as it is. openssl x509 -text reads it; openssl verify: "error 7 at 0 depth lookup: certificate signature
  // failure" on the issued one, OK on the self-signed one trusted as itself (with -check_ss_sig: error 7). Go 1.19:
  // "x509: inner and outer signature algorithm identifiers don't match" on both.
  const noNull = hex('300b06092a864886f70d01010b');
  const mismatch = "x509: inner and outer signature algorithm identifiers don't match";

  it('an issued certificate whose outer algorithm is encoded differently: an error (openssl verify and Go refuse it)', () => {
    const o = new OpenSsl();
    issuing(o);
    o.write('c.pem', pem(rebuilt(o.bytes('leaf.der'), o.path('ca.key'), { outerAlg: noNull })));
    o.run(['x509', '-in', 'c.pem', '-noout', '-text']);
    const r = spawnSync('openssl', ['verify', '-CAfile', 'ca.pem', 'c.pem'], { cwd: o.dir, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /error 7 at 0 depth lookup: certificate signature failure/);
    const v = view(new Uint8Array(Buffer.from(o.read('c.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')));
    assert.deepEqual(derChecks(v), [['error', `The signature algorithm inside the certificate (sha256WithRSAEncryption, encoded differently) is not the one it is signed with (sha256WithRSAEncryption): OpenSSL's verifier refuses its signature ("certificate signature failure") and Go's crypto/x509 refuses the certificate ("${mismatch}")`]]);
    assert.equal(goCertificateRefusal(v), mismatch);
    // The tree's chain verdict is openssl verify's: the CA's key does not make the signature valid; the original verifies.
    const workspace = new PkiWorkspace(nodePkiCrypto);
    for (const file of ['ca.pem', 'c.pem']) workspace.setFile(o.path(file), 'v1', o.bytes(file), 'pki');
    const built = workspace.build({ now: Date.now(), expiryWarningDays: 1 });
    const status = built.statusOf(parseCertificate(new Uint8Array(Buffer.from(o.read('c.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')), nodePkiCrypto));
    assert.deepEqual([status.chain.length, status.complete, status.badSignature], [1, false, true]);
    const original = built.statusOf(parseCertificate(o.bytes('leaf.der'), nodePkiCrypto));
    assert.deepEqual([original.chain.length, original.complete, original.badSignature], [2, true, false]);
    o.dispose();
  });

  it('a self-signed certificate so made: a warning (OpenSSL does not check a trusted root\'s own signature)', () => {
    const o = new OpenSsl();
    o.run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=ca', '-days', '10', '-outform', 'der', '-out', 'ca.der']);
    o.write('c.pem', pem(rebuilt(o.bytes('ca.der'), o.path('ca.key'), { outerAlg: noNull })));
    o.run(['verify', '-CAfile', 'c.pem', 'c.pem']);
    assert.notEqual(spawnSync('openssl', ['verify', '-check_ss_sig', '-CAfile', 'c.pem', 'c.pem'], { cwd: o.dir }).status, 0);
    const v = view(new Uint8Array(Buffer.from(o.read('c.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')));
    assert.deepEqual(derChecks(v).map(([s]) => s), ['warning']);
    assert.equal(goCertificateRefusal(v), mismatch);
    // In the tree it stays a self-signed anchor, as openssl verify trusts it.
    const workspace = new PkiWorkspace(nodePkiCrypto);
    workspace.setFile(o.path('c.pem'), 'v1', o.bytes('c.pem'), 'pki');
    const status = workspace.build({ now: Date.now(), expiryWarningDays: 1 }).statusOf(parseCertificate(new Uint8Array(Buffer.from(o.read('c.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')), nodePkiCrypto));
    assert.deepEqual([status.chain.length, status.complete], [1, true]);
    o.dispose();
  });

  it('corpus files: x509-limbo\'s cryptography.io_mismatched (sha512 outside, sha256 inside) and Chromium\'s failed_signature_algorithm (NULL inside only) are errors', () => {
    for (const [file, inner] of [['limbo/cryptography.io_mismatched.pem', 'sha256WithRSAEncryption'], ['chromium-parse-certificate/failed_signature_algorithm.pem', 'sha256WithRSAEncryption, encoded differently']] as const) {
      const f = decodeFile(bytes(file));
      assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'certificate');
      const found = derChecks(f.blocks[0]!.decoded.view);
      assert.deepEqual(found.map(([s]) => s), ['error'], file);
      assert.ok(found[0]![1].startsWith(`The signature algorithm inside the certificate (${inner}) is not`), found[0]![1]);
    }
  });
});

describe('a certificate\'s version and extension values, by what OpenSSL 3.0 and Go 1.19 refuse', () => {
  // Each extension on a certificate openssl x509 -req issues. Go 1.19.8's x509.ParseCertificate on the same certificates
  // gives the error listed (or reads them); `openssl x509 -text` reads every one, and `openssl verify -CAfile` says OK or
  // fails as listed (OpenSSL's x509v3_cache_extensions finds the value invalid and no issuer matches: error 20).
  const G = 'go';
  const O = 'openssl';
  const cases: Array<[name: string, ext: string, who: typeof G | typeof O | 'both' | 'neither', go: string | undefined]> = [
    ['empty name constraints', '2.5.29.30=critical,DER:3000', G, 'x509: empty name constraints extension'],
    ['name constraints with empty subtree lists', '2.5.29.30=critical,DER:3004a000a100', G, 'x509: empty name constraints extension'],
    ['an IP name constraint of 5 octets', '2.5.29.30=critical,DER:300ba009300787050a000000ff', G, 'x509: IP constraint contained value of length 5'],
    ['a DNS name constraint ending in a dot', '2.5.29.30=critical,DER:300ea00c300a82086578616d706c652e', G, 'x509: failed to parse dnsName constraint "example."'],
    ['a CRL distribution point named relative to the issuer', 'crlDistributionPoints=DER:30133011a00fa10d300b06035504030c0463726c31', G, 'x509: invalid CRL distribution point'],
    ['a CRL distribution point with only reasons', 'crlDistributionPoints=DER:30063004810206c0', O, undefined],
    ['a SAN entry tagged [9]', 'subjectAltName=DER:30108209782e6578616d706c658903616263', O, undefined],
    ['a SAN entry that is a UTF8String', 'subjectAltName=DER:30108209782e6578616d706c650c03616263', O, undefined],
    ['a SAN entry tagged [33] (high-tag-number form)', 'subjectAltName=DER:300f8209782e6578616d706c659f210141', 'both', 'x509: invalid subject alternative name'],
    ['an access description without a location', 'authorityInfoAccess=DER:300c300a06082b06010505073001', 'neither', undefined],
    ['an access method that is not an OID', 'authorityInfoAccess=DER:301e301c0c01788617687474703a2f2f782e6578616d706c652f63612e63726c', G, 'x509: invalid authority info access'],
  ];
  for (const [name, ext, who, goError] of cases) {
    it(`${name}: ${who === 'both' ? 'an error' : who === 'neither' ? 'a warning that both accept it' : `a warning naming ${who === G ? 'Go' : 'OpenSSL'}`}`, () => {
      const o = new OpenSsl();
      const ca = o.ca();
      const leaf = o.leaf(ca, { ext: [ext] });
      o.run(['x509', '-in', leaf.cert, '-noout', '-text']);
      const verified = spawnSync('openssl', ['verify', '-CAfile', ca.cert, leaf.cert], { cwd: o.dir, encoding: 'utf8' });
      assert.equal(verified.status === 0, who === G || who === 'neither', verified.stdout + verified.stderr);
      if (verified.status !== 0) assert.match(verified.stderr, /ossl_x509v3_cache_extensions:invalid certificate/);
      const f = decodeFile(o.bytes(leaf.cert));
      assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'certificate');
      const v = f.blocks[0]!.decoded.view;
      const found = profileChecks(v).filter((c) => c.code === 'X509-EXT-MALFORMED');
      assert.deepEqual(found.map((c) => c.severity), [who === 'both' ? 'error' : 'warning'], found.map((c) => c.message).join('\n'));
      const message = found[0]!.message;
      if (who === G) assert.ok(message.endsWith(`Go refuses the certificate ("${goError}"); OpenSSL reads it`), message);
      if (who === O) assert.match(message, /OpenSSL's verifier cannot read it and refuses the certificate .*Go's crypto\/x509 reads past it/);
      if (who === 'neither') assert.match(message, /both accept the certificate$/);
      assert.equal(goCertificateRefusal(v), goError);
      // The tree's chain verdicts follow openssl verify: a value OpenSSL's verifier refuses is a problem of the certificate.
      const items = decodeFileBytes(o.path(leaf.cert), o.bytes(leaf.cert), nodePkiCrypto);
      assert.ok(items[0]?.kind === 'certificate');
      assert.equal(items[0].cert.problems.length > 0, who === O || who === 'both', items[0].cert.problems.join());
      o.dispose();
    });
  }

  it('a SAN entry OpenSSL refuses does not hide the names Go reads', () => {
    const o = new OpenSsl();
    const leaf = o.leaf(o.ca(), { ext: ['subjectAltName=DER:30108209782e6578616d706c658903616263'] });
    const f = decodeFile(o.bytes(leaf.cert));
    assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'certificate');
    assert.deepEqual(f.blocks[0]!.decoded.view.subjectAltNames, [{ type: 'dns', value: 'x.example' }]);
    o.dispose();
  });

  /** The certificate with its version field holding `value` (absent when undefined), signed again by `key`. */
  function withVersion(cert: Uint8Array, key: string, value: number): Uint8Array {
    const tlv = (tag: number, body: Uint8Array): Uint8Array => {
      const n = body.length;
      return new Uint8Array([tag, ...(n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]), ...body]);
    };
    const [tbs, alg] = children(cert, readTlv(cert, 0));
    const fields = children(cert, tbs!);
    assert.equal(fields[0]!.tag, 0xa0);
    const body = tlv(0x30, new Uint8Array([...tlv(0xa0, new Uint8Array([0x02, 0x01, value & 0xff])), ...fields.slice(1).flatMap((n) => [...cert.subarray(n.start, n.end)])]));
    const signature = sign('sha256', body, readFileSync(key, 'utf8'));
    return tlv(0x30, new Uint8Array([...body, ...cert.subarray(alg!.start, alg!.end), ...tlv(0x03, new Uint8Array([0, ...signature]))]));
  }

  // Go 1.19: "x509: invalid version" for 3 and 4, "x509: malformed version" for -1. OpenSSL: `x509 -text` prints
  // "Version: Unknown (3)" and `verify` says OK.
  for (const [value, goError] of [[3, 'x509: invalid version'], [4, 'x509: invalid version'], [-1, 'x509: malformed version'], [2, undefined]] as const) {
    it(`a version field holding ${value}: ${goError ? 'a warning naming Go' : 'nothing'}`, () => {
      const o = new OpenSsl();
      const ca = o.ca();
      const leaf = o.leaf(ca);
      o.run(['x509', '-in', leaf.cert, '-outform', 'DER', '-out', 'leaf.der']);
      o.write('v.der', withVersion(o.bytes('leaf.der'), o.path(ca.key), value));
      o.run(['x509', '-inform', 'DER', '-in', 'v.der', '-out', 'v.pem']);
      o.run(['verify', '-CAfile', ca.cert, 'v.pem']);
      const printed = /Version: .*/.exec(o.run(['x509', '-in', 'v.pem', '-noout', '-text']))![0];
      const d = decodeDer(o.bytes('v.der'), 'certificate');
      assert.ok(d.ok && d.view.kind === 'certificate');
      assert.equal(/Version: .*/.exec(renderText(d))![0], printed);
      const found = profileChecks(d.view).filter((c) => c.code === 'PEM-DER');
      assert.deepEqual(found.map((c) => c.severity), goError ? ['warning'] : []);
      if (goError) assert.ok(found[0]!.message.includes(`Go's crypto/x509 refuses the certificate ("${goError}")`), found[0]!.message);
      assert.equal(goCertificateRefusal(d.view), goError);
      o.dispose();
    });
  }
});

describe('a CRL\'s issuer values and inner signature algorithm, as OpenSSL 3.0 and Go 1.19 read them', () => {
  const tlv = (tag: number, body: Uint8Array): Uint8Array => {
    const n = body.length;
    return new Uint8Array([tag, ...(n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]), ...body]);
  };
  const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
  /** An `openssl ca -gencrl` CRL of an RSA CA, its issuer given an O of `o` (signed again) or its outer algorithm replaced. */
  function made(change: { o?: string; outerAlg?: string }): { o: OpenSsl; ca: { cert: string; key: string }; der: Uint8Array } {
    const o = new OpenSsl();
    const ca = o.ca({ key: o.key('rsa:2048') });
    o.write('index.txt', '');
    o.write('crlnumber', '01\n');
    const cnf = o.write('ca.cnf', '[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'crl.pem']);
    o.run(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der']);
    const crl = o.bytes('crl.der');
    const [tbs, alg, sig] = children(crl, readTlv(crl, 0));
    const part = (n: Tlv): Uint8Array => crl.subarray(n.start, n.end);
    let body = part(tbs!);
    if (change.o) {
      // version, signature, issuer (CN then the O), thisUpdate, ...
      const fields = children(crl, tbs!);
      const issuer = tlv(0x30, new Uint8Array([...children(crl, fields[2]!).flatMap((n) => [...part(n)]), ...tlv(0x31, tlv(0x30, new Uint8Array([...hex('060355040a'), ...hex(change.o)])))]));
      body = tlv(0x30, new Uint8Array([...fields.slice(0, 2).flatMap((n) => [...part(n)]), ...issuer, ...fields.slice(3).flatMap((n) => [...part(n)])]));
    }
    const signature = change.o ? tlv(0x03, new Uint8Array([0, ...sign('sha256', body, readFileSync(o.path(ca.key), 'utf8'))])) : part(sig!);
    return { o, ca, der: tlv(0x30, new Uint8Array([...body, ...(change.outerAlg ? hex(change.outerAlg) : part(alg!)), ...signature])) };
  }
  const derChecks = (der: Uint8Array) => {
    const d = decodeDer(der, 'crl');
    assert.ok(d.ok && d.view.kind === 'crl', d.ok ? d.view.kind : d.message);
    return crlChecks(d.view, new Date(), 1).filter((c) => c.code === 'PEM-DER').map((c) => [c.severity, c.message] as const);
  };

  it('a v1 CRL (openssl ca -gencrl without a crlnumber file): no version field, one warning naming Go; shown as `openssl crl -text` shows it; openssl verify -crl_check uses it', () => {
    const o = new OpenSsl();
    const ca = o.ca();
    o.write('index.txt', '');
    const cnf = o.write('ca.cnf', '[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ndefault_md=sha256\ndefault_crl_days=30\n');
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'v1.pem']);
    const f = decodeFile(o.bytes('v1.pem'));
    assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'crl');
    const crl = f.blocks[0]!.decoded.view;
    assert.deepEqual([crl.version, crl.versionAbsent], [1, true]);
    assert.equal(renderText(f.blocks[0]!.decoded).split('\n')[1], o.text('v1.pem', 'crl').split('\n')[1]);
    const leaf = o.leaf(ca);
    o.run(['verify', '-crl_check', '-CAfile', ca.cert, '-CRLfile', 'v1.pem', leaf.cert]);
    // Go 1.19's ParseRevocationList: "x509: unsupported crl version" (test/peers/go-parse.test.ts).
    const found = crlChecks(crl, new Date(), 1).filter((c) => c.code === 'PEM-DER').map((c) => [c.severity, c.message]);
    assert.deepEqual(found, [['warning', 'The CRL has no version field: a version 1 CRL (what openssl ca -gencrl writes without a crlnumber file or crl_extensions). OpenSSL reads and uses it; Go\'s x509.ParseRevocationList refuses the CRL ("x509: unsupported crl version"), as it reads only version 2 CRLs']]);
    // With a crlnumber, a v2 CRL: nothing.
    o.write('crlnumber', '01\n');
    const cnf2 = o.write('ca2.cnf', '[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
    o.run(['ca', '-config', cnf2, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'v2.pem']);
    const v2 = decodeFile(o.bytes('v2.pem'));
    assert.ok(v2.format === 'pem' && v2.blocks[0]!.decoded.ok && v2.blocks[0]!.decoded.view.kind === 'crl');
    assert.deepEqual(crlChecks(v2.blocks[0]!.decoded.view, new Date(), 1), []);
    o.dispose();
  });

  it('sha256WithRSAEncryption without its NULL outside: a warning naming Go; openssl verify -crl_check uses the CRL', () => {
    const { o, ca, der } = made({ outerAlg: '300b06092a864886f70d01010b' });
    o.write('t.der', der);
    o.run(['crl', '-inform', 'DER', '-in', 't.der', '-out', 't.pem']);
    o.run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=leaf', '-out', 'leaf.csr']);
    o.run(['x509', '-req', '-in', 'leaf.csr', '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', '5', '-days', '30', '-out', 'leaf.pem']);
    o.run(['verify', '-crl_check', '-CAfile', ca.cert, '-CRLfile', 't.pem', 'leaf.pem']);
    // Go 1.19's x509.ParseRevocationList: "x509: inner and outer signature algorithm identifiers don't match".
    assert.deepEqual(derChecks(der), [['warning', 'The signature algorithm inside the CRL (sha256WithRSAEncryption, encoded differently) is not the one it is signed with (sha256WithRSAEncryption): Go\'s x509.ParseRevocationList refuses the CRL ("x509: inner and outer signature algorithm identifiers don\'t match"); OpenSSL verifies the CRL with the outer one and uses it']]);
    // The tree uses it as OpenSSL does: the leaf is not revoked per it.
    const workspace = new PkiWorkspace(nodePkiCrypto);
    for (const file of [ca.cert, 'leaf.pem', 't.pem']) workspace.setFile(o.path(file), 'v1', o.bytes(file), 'pki');
    const status = workspace.build({ now: Date.now(), expiryWarningDays: 1 }).statusOf(parseCertificate(new Uint8Array(Buffer.from(o.read('leaf.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64')), nodePkiCrypto));
    assert.deepEqual(status.revocationSources.map((s) => [s.kind, s.unusable]), [['crl', undefined]]);
    o.dispose();
  });

  // Go 1.19.8's ParseRevocationList on CRLs so made: "x509: invalid RDNSequence: invalid attribute value: unsupported string type: 28"
  // (a UniversalString, which `openssl crl -text` reads) and "...: 26" (a VisibleString, "Could not read CRL").
  for (const [name, value, opensslReads, goError] of [
    ['a UniversalString', '1c0400000078', true, 'unsupported string type: 28'],
    ['a VisibleString', '1a0178', false, 'unsupported string type: 26'],
    ['a PrintableString', '130178', true, undefined],
  ] as const) {
    it(`an issuer O that is ${name}: ${!opensslReads ? 'an error' : goError ? 'a warning naming Go' : 'nothing'}`, () => {
      const { o, der } = made({ o: value });
      o.write('t.der', der);
      assert.equal(spawnSync('openssl', ['crl', '-inform', 'DER', '-in', 't.der', '-noout', '-text'], { cwd: o.dir }).status === 0, opensslReads);
      const found = derChecks(der);
      if (!opensslReads) {
        assert.deepEqual(found.map(([s]) => s), ['error']);
        assert.ok(found[0]![1].startsWith(`The issuer's O (${name.slice(name.indexOf(' ') + 1)}) is a value OpenSSL cannot read: OpenSSL cannot load the CRL`), found[0]![1]);
        assert.ok(found[0]![1].endsWith(`("x509: invalid RDNSequence: invalid attribute value: ${goError}")`), found[0]![1]);
        // The tree: a CRL OpenSSL cannot use.
        const items = decodeFileBytes(o.path('t.der'), der, nodePkiCrypto);
        assert.ok(items[0]?.kind === 'crl');
        assert.equal(items[0].crl.unusable, 'Could not read CRL');
      } else if (goError) assert.deepEqual(found, [['warning', `The issuer's O (UniversalString) is a value Go's crypto/x509 cannot read: Go's x509.ParseRevocationList refuses the CRL ("x509: invalid RDNSequence: invalid attribute value: ${goError}"); OpenSSL reads and uses the CRL`]]);
      else assert.deepEqual(found, []);
      o.dispose();
    });
  }
});

describe('a SAN URI as Go 1.19 reads it: net/url.Parse, then the host as a domain', () => {
  // x509.ParseCertificate's errors on each (test/peers/go-parse.test.ts); OpenSSL reads and verifies them all.
  const cases: Array<[uri: string, goError: string | undefined]> = [
    ['https://a..example/', 'x509: cannot parse URI "https://a..example/": invalid domain'],
    ['https://example.com./', 'x509: cannot parse URI "https://example.com./": invalid domain'],
    ['https://example.com:80x/', 'x509: cannot parse URI "https://example.com:80x/": parse "https://example.com:80x/": invalid port ":80x" after host'],
    ['http://exa mple.com/', 'x509: cannot parse URI "http://exa mple.com/": parse "http://exa mple.com/": invalid character " " in host name'],
    ['1a:b', 'x509: cannot parse URI "1a:b": parse "1a:b": first path segment in URL cannot contain colon'],
    ['spiffe://cluster.local/ns/db/sa/node', undefined],
    ['urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', undefined],
  ];
  for (const [uri, goError] of cases) {
    it(`${uri}: ${goError ? 'a warning naming Go' : 'nothing'}`, () => {
      const o = new OpenSsl();
      const ca = o.ca();
      const leaf = o.leaf(ca, { ext: [`subjectAltName=URI:${uri}`] });
      o.run(['verify', '-CAfile', ca.cert, leaf.cert]);
      const f = decodeFile(o.bytes(leaf.cert));
      assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'certificate');
      const v = f.blocks[0]!.decoded.view;
      assert.equal(goCertificateRefusal(v), goError);
      const found = profileChecks(v).filter((c) => c.code === 'X509-EXT-MALFORMED').map((c) => [c.severity, c.message]);
      assert.deepEqual(found, goError ? [['warning', `X509v3 Subject Alternative Name holds a name Go's crypto/x509 cannot read: Go refuses the certificate ("${goError}"); OpenSSL reads it`]] : []);
      o.dispose();
    });
  }
});

describe('a CSR\'s requested extensions as Go 1.19\'s ParseCertificateRequest reads them: duplicates refused, no value read but the subjectAltName', () => {
  // x509.ParseCertificateRequest on each (test/peers/go-parse.test.ts): "x509: certificate request contains duplicate
  // requested extensions"; the empty name constraints read; OpenSSL reads both (`req -text` lists the SAN twice).
  const csr = (exts: string[]) => {
    const o = new OpenSsl();
    o.run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-subj', '/CN=csr', ...exts.flatMap((e) => ['-addext', e]), '-out', 'r.csr']);
    const f = decodeFile(o.bytes('r.csr'));
    o.dispose();
    assert.ok(f.format === 'pem' && f.blocks[0]!.decoded.ok && f.blocks[0]!.decoded.view.kind === 'csr');
    return csrChecks(f.blocks[0]!.decoded.view).map((c) => [c.severity, c.message]);
  };

  it('a subjectAltName requested twice: a warning that Go refuses the CSR', () => {
    const found = csr(['subjectAltName=DNS:a.example', '2.5.29.17=DER:300b8209622e6578616d706c65']);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]![0], 'warning');
    assert.match(found[0]![1]!, /^The requested X509v3 Subject Alternative Name is invalid: duplicate extension.*Go's x509\.ParseCertificateRequest refuses the CSR \("x509: certificate request contains duplicate requested extensions"\)$/);
  });

  it('empty name constraints, which Go refuses in a certificate: a warning that Go reads the CSR', () => {
    const found = csr(['2.5.29.30=critical,DER:3000']);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0]![1]!, /is invalid: a value Go's crypto\/x509 refuses in a certificate \("x509: empty name constraints extension"\).*Go's x509\.ParseCertificateRequest reads the CSR \(it reads no requested extension but subjectAltName\)$/);
  });
});

