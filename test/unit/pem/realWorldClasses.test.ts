/**
 * Classes of disagreement with OpenSSL and Go found on PyCA's test vectors (pyca-38/ in the pki
 * corpus), each fixed in the core: BER bundles, traditional DSA keys in DER, CRL times no reader
 * can parse, EDIPartyNames OpenSSL refuses, duplicated extensions, private keys neither tool
 * loads, and Go's words for a name value or time it cannot read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFile, type Decoded } from '../../../server/src/core/pem';
import { definiteLengths, DerError } from '../../../server/src/core/pem/der';
import { crlChecks, keyChecks, profileChecks } from '../../../server/src/core/pem/checks';
import { goCertificateRefusal } from '../../../server/src/core/pem/goParse';
import { opensslCrlRefusal } from '../../../server/src/core/pem/opensslCrl';
import { decodeDer as treeItems } from '../../../server/src/core/pki/files';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { extension, issuedBy, newKey, utcTime } from '../../support/derCertificate';

const pyca = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'pyca-38');
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(pyca, name)));
/** The first object of a corpus file, decoded. */
function first(name: string): Decoded {
  const f = decodeFile(bytes(name));
  const d = f.format === 'der' ? f.decoded : f.format === 'pem' ? f.blocks[0]!.decoded : undefined;
  assert.ok(d, `${name} holds an object`);
  return d;
}
function view<K extends string>(name: string, kind: K): Extract<Decoded, { ok: true }>['view'] & { kind: K } {
  const d = first(name);
  assert.ok(d.ok, `${name}: ${d.ok ? '' : d.message}`);
  assert.equal(d.view.kind, kind);
  return d.view as never;
}

describe('BER indefinite lengths in a PKCS #7 bundle (what OpenSSL reads)', () => {
  it('re-encodes only what is indefinite, leaving definite nodes byte for byte', () => {
    assert.deepEqual([...definiteLengths(new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x05, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]))], [0x30, 0x07, 0x02, 0x01, 0x05, 0x30, 0x02, 0x05, 0x00]);
    const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
    assert.equal(definiteLengths(der), der);
  });

  it('refuses a missing end-of-contents, a primitive of indefinite length and endless nesting with a DerError', () => {
    assert.throws(() => definiteLengths(new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x05])), DerError);
    assert.throws(() => definiteLengths(new Uint8Array([0x30, 0x80, 0x04, 0x80, 0x00, 0x00, 0x00, 0x00])), DerError);
    const deep = new Uint8Array(20_000).map((_, i) => (i % 2 ? 0x80 : 0x30));
    assert.throws(() => definiteLengths(deep), DerError);
  });

  it('reads the certificates of a BER .p7b as those of its DER twin, in the hover and the Certificates view', () => {
    const ber = view('pkcs7/amazon-roots.p7b', 'pkcs7');
    const der = view('pkcs7/amazon-roots.der', 'pkcs7');
    assert.ok(ber.certificates.length >= 2);
    assert.deepEqual(ber.certificates.map((c) => c.fingerprints.sha256), der.certificates.map((c) => c.fingerprints.sha256));
    const items = treeItems('amazon-roots.p7b', bytes('pkcs7/amazon-roots.p7b'), nodePkiCrypto);
    assert.deepEqual(items.map((i) => i.kind), ber.certificates.map(() => 'certificate'));
  });
});

describe('a traditional DSA private key in DER (openssl dsa -outform DER)', () => {
  it('is a DSA key of its prime\'s size with the public identity of its PEM twin, not a broken certificate', () => {
    const der = view('asymmetric/DER_Serialization/dsa.1024.der', 'privateKey');
    const pem = view('asymmetric/Traditional_OpenSSL_Serialization/dsa.1024.pem', 'privateKey');
    assert.equal(der.algorithm, 'DSA');
    assert.equal(der.bits, 1024);
    assert.equal(der.publicKeyId, pem.publicKeyId);
    assert.deepEqual(treeItems('dsa.1024.der', bytes('asymmetric/DER_Serialization/dsa.1024.der'), nodePkiCrypto).map((i) => i.kind), ['key']);
  });
});

describe('times no reader can parse', () => {
  it('a CRL whose lastUpdate is not a time is still shown, and OpenSSL\'s refusal to use it is the error', () => {
    const crl = view('x509/custom/crl_invalid_time.der', 'crl');
    assert.equal(crl.thisUpdate, '');
    assert.equal(crl.nextUpdate, '2018-11-27T13:55:16Z');
    assert.equal(opensslCrlRefusal(crl), "format error in CRL's lastUpdate field");
    const c = crlChecks(crl, new Date('2018-11-01T00:00:00Z'), 0).find((k) => k.code === 'X509-VALIDITY-MALFORMED');
    assert.equal(c?.severity, 'error');
    assert.match(c!.message, /18102813516Z/);
  });

  it('a certificate whose notAfter is not a time is one Go refuses as it says', () => {
    const cert = view('x509/badasn1time.pem', 'certificate');
    assert.equal(cert.notAfter, '');
    assert.equal(goCertificateRefusal(cert), 'x509: malformed UTCTime');
  });
});

describe('names and extensions', () => {
  it('an EDIPartyName whose partyName is not an explicit DirectoryString: OpenSSL refuses the certificate, Go skips the name', () => {
    const cert = view('x509/san_edipartyname.der', 'certificate');
    const san = cert.extensions.find((e) => e.oid === '2.5.29.17')!;
    assert.match(san.opensslRefuses ?? '', /partyName is not an explicitly tagged DirectoryString/);
    assert.equal(san.goRefuses, undefined);
    assert.deepEqual(profileChecks(cert).filter((c) => c.code === 'X509-EXT-MALFORMED').map((c) => c.severity), ['warning']);
  });

  it('EDIPartyNames as OpenSSL\'s template reads them: partyName required, each part an explicit DirectoryString', () => {
    const key = newKey();
    const sanOf = (hex: string): { opensslRefuses?: string; names: string[] } => {
      const der = issuedBy({ cn: 'leaf', notBefore: utcTime('250101000000Z'), notAfter: utcTime('350101000000Z'), extensions: [extension('2.5.29.17', Buffer.from(hex, 'hex'))] }, key.spki, { cn: 'ca', key });
      const d = decodeFile(der);
      assert.ok(d.format === 'der' && d.decoded.ok && d.decoded.view.kind === 'certificate');
      const v = d.decoded.view;
      const e = v.extensions.find((x) => x.oid === '2.5.29.17')!;
      return { ...(e.opensslRefuses ? { opensslRefuses: e.opensslRefuses } : {}), names: v.subjectAltNames.map((n) => n.type) };
    };
    // The three forms test/peers/go-parse.test.ts hands openssl verify: only the last passes.
    assert.match(sanOf('300EA50C810A13086564695061727479').opensslRefuses ?? '', /partyName is not an explicitly tagged DirectoryString/);
    assert.match(sanOf('300EA50CA00A13086564695061727479').opensslRefuses ?? '', /no partyName/);
    assert.deepEqual(sanOf('300EA50CA10A13086564695061727479'), { names: ['ediParty'] });
    assert.deepEqual(sanOf('3014A512A0040C026E61A10A13086564695061727479'), { names: ['ediParty'] });
  });

  it('a duplicated extension is shown as its first occurrence, as openssl x509 -text lists it first, and is an error', () => {
    const cert = view('x509/custom/two_basic_constraints.pem', 'certificate');
    assert.deepEqual({ ca: cert.basicConstraints?.ca, pathLength: cert.basicConstraints?.pathLength }, { ca: true, pathLength: undefined });
    assert.ok(profileChecks(cert).some((c) => c.code === 'X509-EXT-MALFORMED' && c.severity === 'error' && /duplicate/.test(c.message)));
  });

  it('a name value in the high tag number form: Go\'s error has no detail (cryptobyte cannot read the tag)', () => {
    assert.equal(goCertificateRefusal(view('x509/custom/long-form-name-attribute.pem', 'certificate')), 'x509: invalid RDNSequence: invalid attribute value');
  });
});

describe('private keys neither OpenSSL 3.0 nor Go loads', () => {
  for (const [name, what] of [
    ['asymmetric/PKCS8/withdompar_private.pkcs8.pem', /unnamed curve 1\.3\.6\.1\.4\.1\.8301\.3\.1\.2\.9\.0\.33/],
    ['asymmetric/PKCS8/bad-oid-dsa-key.pem', /unknown algorithm 0\.37\.11229/],
  ] as const) {
    it(`${name}: one error naming both refusals`, () => {
      const k = view(name, 'privateKey');
      const checks = keyChecks(k);
      assert.equal(checks.length, 1);
      assert.equal(checks[0]!.severity, 'error');
      assert.match(checks[0]!.message, /Neither OpenSSL 3\.0 nor Go/);
      assert.match(checks[0]!.message, what);
    });
  }

  it('an EC key on explicit parameters stays a warning naming Go only', () => {
    const checks = keyChecks(view('asymmetric/PKCS8/nodompar_private.pkcs8.pem', 'privateKey'));
    assert.deepEqual(checks.map((c) => c.severity), ['warning']);
    assert.match(checks[0]!.message, /OpenSSL reads it/);
  });
});
