/**
 * OID-001 / OID-002 (rules/oids.ts), MOD-001 / MOD-002 (rules/modules.ts), the
 * OID text reader (vocabulary.ts readOid, misreadOid) and the proxyCertInfo /
 * distribution-point checks. OpenSSL 3.0.19's behaviour for each case is in
 * test/peers/cnf-classes-openssl.test.ts, which runs the real openssl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { misreadOid, readOid } from '../../../server/src/core/cnf/vocabulary';
import { lint } from './helpers';

const sum = (text: string) => lint(text, { vars: {} }).map((f) => `${f.line}:${f.code}:${f.severity}`);
const dn = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n';

test('readOid follows a2d_ASN1_OBJECT: empty arcs are 0, a trailing separator is dropped, spaces separate', () => {
  const arcs = (s: string) => {
    const r = readOid(s);
    return 'arcs' in r ? r.arcs.join('.') : `error: ${r.error}`;
  };
  assert.equal(arcs('1.2.3..4'), '1.2.3.0.4');
  assert.equal(arcs('1.2.3.4.'), '1.2.3.4');
  assert.equal(arcs('1 .2.3'), '1.0.2.3');
  assert.equal(arcs('1.2.03'), '1.2.3');
  assert.equal(arcs('2.999.1'), '2.999.1');
  assert.equal(arcs('1.40.1'), 'error: second number too large');
  assert.equal(arcs('3.1'), 'error: first num too large');
  assert.equal(arcs('.1.2'), 'error: first num too large');
  assert.equal(arcs('12.3'), 'error: invalid separator');
  assert.equal(arcs('1.2.3.4a'), 'error: invalid digit');
  assert.equal(arcs('1'), 'error: missing second number');
  assert.deepEqual(misreadOid('1.3.6.1.5.5.7.3..1'), { encoded: '1.3.6.1.5.5.7.3.0.1', meant: { short: 'serverAuth', long: 'TLS Web Server Authentication', oid: '1.3.6.1.5.5.7.3.1' }, meantOid: '1.3.6.1.5.5.7.3.1' });
  assert.equal(misreadOid('1.2.3.4.'), undefined, 'a trailing dot encodes what it says');
  assert.equal(misreadOid('1.2.3.4'), undefined);
});

test('OID-001: oid_section entries OpenSSL 3 already knows (name or OID) fail every req and ca', () => {
  const oids = (lines: string) => sum(`oid_section = o\n[ o ]\n${lines}\n${dn}`);
  assert.deepEqual(oids('scardLogin = 1.3.6.1.4.1.311.20.2.2'), ['3:OID-001:error']);
  assert.deepEqual(oids('pkkdcekuoid = 1.3.6.1.5.2.3.5'), ['3:OID-001:error']);
  assert.deepEqual(oids('serverAuth = 1.2.3.4.5'), ['3:OID-001:error']);
  assert.deepEqual(oids('x = 1.40.1'), ['3:OID-001:error']);
  assert.deepEqual(oids('a = 1.2.3.4.9\nb = 1.2.3.4.9'), ['4:OID-001:error']);
  assert.deepEqual(oids('myPolicy = 1.2.3.4.7'), []);
  assert.deepEqual(oids('x = 1.2.3..4'), ['3:OID-002:warning']);
  assert.deepEqual(sum(`oid_section = nosuch\n${dn}`), ['1:OID-001:error']);
  const [f] = lint(`oid_section = o\n[ o ]\nscardLogin = 1.3.6.1.4.1.311.20.2.2\n${dn}`);
  assert.match(f!.message, /oid exists — 1\.3\.6\.1\.4\.1\.311\.20\.2\.2 is OpenSSL 3's built-in msSmartcardLogin/);
});

test('OID-002: OID text OpenSSL misreads, in extension values, names what it encodes and the OID one slip away', () => {
  const f = lint('[ e ]\nextendedKeyUsage = 1.3.6.1.5.5.7.3..1, clientAuth\n');
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}:${x.severity}`), ['2:OID-002:warning']);
  assert.match(f[0]!.message, /as 1\.3\.6\.1\.5\.5\.7\.3\.0\.1.*Did you mean 1\.3\.6\.1\.5\.5\.7\.3\.1 \(serverAuth\)\?/);
  assert.equal(f[0]!.finding.start, '[ e ]\nextendedKeyUsage = '.length);
});

test('MOD-001: module failures are errors where fatal (-config files, config_diagnostics), else warnings', () => {
  const lib = 'openssl_conf = init\n[ init ]\nfoo = bar\n';
  assert.deepEqual(sum(lib), ['3:MOD-001:warning'], 'as OPENSSL_CONF, OpenSSL skips the module');
  assert.deepEqual(sum(`config_diagnostics = 1\n${lib}`), ['4:MOD-001:error']);
  assert.deepEqual(sum(`${lib}${dn}`), ['3:MOD-001:error'], 'openssl req -config stops');
  const diag = (m: string) => sum(`config_diagnostics = 1\nopenssl_conf = init\n[ init ]\n${m}\n`);
  assert.deepEqual(diag('providers.1 = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1'), []);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = nosect'), ['6:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = nosect'), ['6:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]\nMinProtocol = TLSv1.9'), ['8:MOD-002:warning']);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = ???'), ['6:MOD-001:error']);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = ?fips=yes,-legacy'), []);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = fips=yes'), ['6:MOD-002:warning']);
  assert.deepEqual(diag('random = r\n[ r ]\nfoo = bar'), ['6:MOD-001:error']);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\ncommonName = min:1,max:64,mask:UTF8String|BMPString,flags:nomask'), []);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\ncommonName = flags:stable'), ['6:MOD-001:error']);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\n2.5.4.3 = min:1'), ['6:MOD-001:error']);
  assert.deepEqual(diag('oid_section = oo\n[ oo ]\nscardLogin = 1.3.6.1.4.1.311.20.2.2'), ['6:MOD-001:error']);
  assert.deepEqual(diag('oid_section = oo\n[ oo ]\nfoo = Foo Long, 1.2.3.4.77'), []);
});

test('proxyCertInfo and distribution point sections are checked as OpenSSL parses them; errors in a section nothing names are warnings', () => {
  const used = (v: string, more = '') => sum(`[ req ]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[ dn ]\nCN = x\n[ e ]\n${v}\n${more}`);
  assert.deepEqual(used('proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:1,policy:text:AB'), []);
  assert.deepEqual(used('proxyCertInfo = language:id-ppl-inheritAll,policy:text:AB'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('proxyCertInfo = pathlen:1'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = keyCompromise, nosuchReason'), ['11:X509-CRLDP-1:error']);
  assert.deepEqual(used('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = keyCompromise, CACompromise'), []);
  // Debian's stock [ proxy_cert_ext ]: nothing names it.
  const unused = lint('[ proxy_cert_ext ]\nbasicConstraints = CA:FALSE\nproxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo\n');
  assert.deepEqual(unused.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:X509-PCI-1:warning']);
  assert.match(unused[0]!.message, /fails only where -extensions \/ -reqexts proxy_cert_ext uses it/);
  const picked = lint('[ proxy_cert_ext ]\nproxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo\n', { commandLine: { extensions: ['proxy_cert_ext'] } });
  assert.deepEqual(picked.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:X509-PCI-1:error']);
});
