import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, errors, lint, req } from './helpers';

test('X509-KU-1 unknown keyUsage word with nearest suggestion and fix', () => {
  const text = req('keyUsage = critical,digitalsignature,keyEncipherment');
  const f = lint(text).find((x) => x.code === 'X509-KU-1')!;
  assert.equal(f.severity, 'error');
  assert.match(f.message, /did you mean 'digitalSignature'/);
  assert.deepEqual(errors(applyFix(text, f.finding)), []);
  assert.deepEqual(errors(req('keyUsage = Digital Signature, Certificate Sign')), []);
  assert.deepEqual(errors(req('keyUsage = contentCommitment')), ['8:X509-KU-1']);
});

test('X509-EKU-1 names, long names, OIDs', () => {
  assert.deepEqual(errors(req('extendedKeyUsage = serverAuth, TLS Web Client Authentication, 1.3.6.1.5.5.7.3.1, 1.2.3.4.5')), []);
  assert.deepEqual(errors(req('extendedKeyUsage = serverauth')), ['8:X509-EKU-1']);
  assert.deepEqual(errors(req('extendedKeyUsage = 1.40.1')), ['8:X509-EKU-1']);
  const f = lint(req('extendedKeyUsage = clientauth')).find((x) => x.code === 'X509-EKU-1')!;
  assert.match(f.message, /clientAuth/);
});

test('X509-SAN-*: types, IP syntax, CIDR, sections, dirName, otherName', () => {
  assert.deepEqual(errors(req('subjectAltName = DNS:a.example, IP:127.0.0.1, IP:::1, IP:2001:db8::1, email:a@b, URI:http://x/, RID:1.2.3, dirName:dir_sect, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:u@x') + '[ dir_sect ]\nCN = d\n'), []);
  assert.deepEqual(errors(req('subjectAltName = dns:a')), ['8:X509-SAN-1']);
  assert.deepEqual(errors(req('subjectAltName = IP:1.2.3')), ['8:X509-SAN-3']);
  assert.deepEqual(errors(req('subjectAltName = IP:fe80::1%eth0')), ['8:X509-SAN-3']);
  const cidr = lint(req('subjectAltName = IP:10.0.0.0/8')).find((x) => x.code === 'X509-SAN-3')!;
  assert.match(cidr.message, /one address/);
  assert.deepEqual(errors(req('subjectAltName = dirName:nosuch')), ['8:X509-SAN-10']);
  assert.deepEqual(errors(req('subjectAltName = otherName:1.2.3.4:UTF8:x')), ['8:X509-SAN-9']);
  assert.deepEqual(errors(req('subjectAltName = DNS:a, @alt')), ['8:X509-SAN-8']);
  assert.deepEqual(errors(req('subjectAltName = @alt') + '[ alt ]\nDNS1 = a\n'), ['10:X509-SAN-2']);
  assert.deepEqual(errors(req('subjectAltName = @alt') + '[ alt ]\nDNS.1 = a\nIP.1 = 1.2.3.4\n'), []);
});

test('X509-EXT-4 missing @section, with a fix that creates it', () => {
  const text = req('subjectAltName = @alt_names');
  const f = lint(text).find((x) => x.code === 'X509-EXT-4')!;
  assert.equal(f.severity, 'error');
  const fixed = applyFix(text, f.finding);
  assert.match(fixed, /\[ alt_names \]\nDNS\.1 = /);
  assert.deepEqual(errors(fixed), []);
});

test('nameConstraints: CIDR → netmask fix (X509-NC-2), permitted;/excluded; (X509-NC-1)', () => {
  const text = req('nameConstraints = permitted;IP:10.0.0.0/8');
  const f = lint(text).find((x) => x.code === 'X509-NC-2')!;
  const fixed = applyFix(text, f.finding);
  assert.match(fixed, /IP:10\.0\.0\.0\/255\.0\.0\.0/);
  assert.deepEqual(errors(fixed), []);
  assert.deepEqual(errors(req('nameConstraints = DNS:.example.com')), ['8:X509-NC-1']);
});

test('basicConstraints and critical placement', () => {
  assert.deepEqual(errors(req('basicConstraints = critical,CA:TRUE,pathlen:0')), []);
  assert.deepEqual(errors(req('basicConstraints = ca:true')), ['8:X509-BC-1']);
  assert.deepEqual(errors(req('basicConstraints = CA:True')), ['8:X509-BC-2']);
  assert.deepEqual(errors(req('basicConstraints = CA:TRUE,pathlen:abc')), ['8:X509-BC-3']);
  assert.deepEqual(errors(req('basicConstraints = CRITICAL,CA:TRUE')), ['8:X509-EXT-2']);
  assert.deepEqual(errors(req('basicConstraints = CA:TRUE, critical')), ['8:X509-EXT-2']);
  assert.deepEqual(codes(req('basicConstraints = CA:FALSE,pathlen:1')), ['8:X509-BC-5']);
});

test('X509-KU-3 CA without keyCertSign, fix adds it', () => {
  const text = req('basicConstraints = critical,CA:TRUE\nkeyUsage = critical,digitalSignature');
  const f = lint(text).find((x) => x.code === 'X509-KU-3')!;
  assert.equal(f.severity, 'warning');
  assert.deepEqual(codes(applyFix(text, f.finding)), []);
});

test('X509-EXT-1 unknown extension names, DER/ASN1 generic forms', () => {
  const f = lint(req('SubjectAltName = DNS:a')).find((x) => x.code === 'X509-EXT-1')!;
  assert.match(f.message, /subjectAltName/);
  assert.deepEqual(errors(req('1.2.3.4 = hello')), ['8:X509-EXT-1']);
  assert.deepEqual(errors(req('1.2.3.4 = ASN1:UTF8String:hello\n1.2.3.5 = DER:01:02')), []);
});

test('X509-AKI-1 authorityKeyIdentifier in a request section; fine for -x509', () => {
  assert.deepEqual(errors(req('authorityKeyIdentifier = keyid,issuer')), ['8:X509-AKI-1']);
  const x509 = '[ req ]\nprompt = no\ndistinguished_name = dn\nx509_extensions = v3_ca\n[ dn ]\nCN = x\n[ v3_ca ]\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always,issuer\n';
  assert.deepEqual(errors(x509), []);
});

test('REQ-*: missing sections, string_mask, prompt-mode DN', () => {
  assert.deepEqual(errors('[ req ]\ndistinguished_name = nosuch\n'), ['2:REQ-002']);
  assert.deepEqual(errors('[ req ]\nreq_extensions = nosuch\n'), ['2:REQ-010']);
  assert.deepEqual(errors('[ req ]\nx509_extensions = nosuch\n'), ['2:REQ-010']);
  assert.deepEqual(errors('[ req ]\nstring_mask = bogus\n'), ['2:REQ-011']);
  const caseOnly = lint('[ req ]\nreq_extensions = V3_req\n[ v3_req ]\nbasicConstraints = CA:FALSE\n').find((x) => x.code === 'REQ-010')!;
  assert.match(caseOnly.message, /case-sensitive: did you mean \[v3_req\]/);
  assert.deepEqual(errors(applyFix('[ req ]\nreq_extensions = V3_req\n[ v3_req ]\nbasicConstraints = CA:FALSE\n', caseOnly.finding)), []);
  assert.deepEqual(errors('[ req ]\nstring_mask = MASK:0x2002\n'), []);
  assert.deepEqual(errors('[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nC = USA\nbogusField = x\nCN =\n'), ['5:REQ-007', '6:REQ-006', '7:REQ-012']);
  assert.deepEqual(codes('[ req ]\nprompt = No\n'), ['2:REQ-001']);
});

test('REQ-022: -subj syntax inside a prompt = no DN value is one field written as is (NATS req.cnf: CN = nats.io/emailAddress=…)', () => {
  const text = (field: string) => `[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nC = US\n${field}\n`;
  const [f, ...rest] = lint(text('CN = nats.io/emailAddress=derek@nats.io'));
  assert.deepEqual([f && `${f.line}:${f.code}:${f.severity}`, rest.length], ['6:REQ-022:warning', 0]);
  assert.match(f!.message, /'\/emailAddress=' included: that is -subj syntax, not a second field\. Give emailAddress its own line/);
  assert.deepEqual(codes(text('O = Example/OU=Ops')), ['6:REQ-022']);
  // A slash or an '=' that is not a field name, and prompt mode (the value is the question), are fine.
  assert.deepEqual(codes(text('CN = https://example.com/path?a=b')), []);
  assert.deepEqual(codes(text('CN = a/b=c')), []);
  assert.deepEqual(codes(text('OU = R/D')), []);
  assert.deepEqual(codes('[ req ]\ndistinguished_name = dn\n[ dn ]\ncommonName = Name/CN=?\ncommonName_default = x\n'), []);
});

test('REQ-021: an extension name among prompt = no DN fields is taken as a subject attribute (FreeRADIUS ocsp.cnf)', () => {
  // raddb/certs/ocsp.cnf: subjectAltName inside [ server ], the distinguished_name section.
  const text = (field: string) => `[ req ]\nprompt = no\ndistinguished_name = server\n[ server ]\ncommonName = "Example OCSP Responder Certificate"\n${field}\n`;
  const [f, ...rest] = lint(text('subjectAltName\t\t= ocsp.example.org'));
  assert.deepEqual([f && `${f.line}:${f.code}:${f.severity}`, rest.length], ['6:REQ-021:warning', 0]);
  assert.match(f!.message, /'subjectAltName' is an X\.509 extension, not a name attribute: .*"subjectAltName = ocsp\.example\.org" into the subject \(under the extension's OID 2\.5\.29\.17\).*\(as subjectAltName = DNS:ocsp\.example\.org\)/);
  assert.deepEqual(codes(text('1.basicConstraints = CA:TRUE')), ['6:REQ-021']);
  assert.deepEqual(codes(text('nsComment = hi')), ['6:REQ-021']);
  assert.deepEqual(codes(text('authorityInfoAccess = OCSP;URI:http://ocsp.example.org')), ['6:REQ-021']);
  // Extensions OpenSSL only names (qcStatements, id-pe) or cannot write from text (ct_precert_scts):
  // the same attribute, and the fix is their DER, not the text moved as it is.
  for (const name of ['qcStatements', 'certificateIssuer', 'ct_precert_scts', 'CRLReason']) {
    const [g, ...more] = lint(text(`${name} = x`));
    assert.deepEqual([g && `${g.line}:${g.code}`, more.length], ['6:REQ-021', 0], name);
    assert.match(g!.message, new RegExp(`OpenSSL cannot write ${name} from text: .* as ${name} = DER:… or ASN1:…\\.$`), name);
  }
  assert.match(lint(text('noCheck = x'))[0]!.message, /Put it in the section req_extensions \(or x509_extensions\) names\.$/);
  assert.doesNotMatch(lint(text('subjectAltName = DNS:a.example'))[0]!.message, /as subjectAltName = DNS/);
  // Name attributes, including uncommon ones, are not extensions.
  assert.deepEqual(codes(text('serialNumber = 42\nuid = jdoe\ndomainComponent = example\n0.2.5.4.45 = x')), []);
  // A prompt template's keys are prompt texts, not fields.
  assert.deepEqual(codes('[ req ]\ndistinguished_name = dn\n[ dn ]\ncommonName = Common Name\ncommonName_default = x\n'), []);
});

test('REQ-020: SAN written but req_extensions missing; the fix adds it under [ req ]', () => {
  const text = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n[ v3_req ]\nsubjectAltName = @alt_names\n[ alt_names ]\nDNS.1 = a\n';
  const f = lint(text).find((x) => x.code === 'REQ-020')!;
  assert.equal(f.severity, 'warning');
  const fixed = applyFix(text, f.finding);
  assert.match(fixed, /\[ req \]\nreq_extensions = v3_req\n/);
  assert.deepEqual(codes(fixed), []);
});

test('CA rules: policy values, copy_extensions', () => {
  const ca = '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = i\npolicy = pol\ncopy_extensions = bogus\n[ pol ]\ncommonName = required\n';
  assert.deepEqual(errors(ca), ['3:CA-001', '6:CA-011', '8:CA-003']);
});

test('CNF-031 duplicate keys, CNF-020 repeated headers, CNF-063 undefined section fallback', () => {
  assert.deepEqual(codes('[ a ]\nx = 1\nx = 2\n[ a ]\n'), ['2:CNF-031', '4:CNF-020']);
  assert.deepEqual(codes('v = 1\ny = $nosuch::v\n'), ['2:CNF-063']);
});

// jcmoraisjr/simple-ca ca.cnf is a template (`default_days = {{CRT_DAYS}}`): openssl ca reads it as 0 and cannot sign.
test('CA-014: a validity key openssl ca reads as 0 (NCONF_get_number takes the leading digits), once, on its value, unless a date or the other key stands in', () => {
  const ca = (keys: string): string => `[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\nserial = serial\ndefault_md = sha256\npolicy = pol\n${keys}[ pol ]\nCN = supplied\n`;
  const found = (text: string): string[] => lint(text).filter((f) => f.code === 'CA-014').map((f) => `${f.line}:${f.severity}:${text.slice(f.finding.start, f.finding.end)}`);
  assert.deepEqual(found(ca('default_days = days365\n')), ['11:warning:days365']);
  assert.match(lint(ca('default_days = days365\n')).find((f) => f.code === 'CA-014')!.message, /reads default_days = 'days365' as 0 \(it takes only the leading digits\).*cannot lookup how many days to certify for.*-days or -enddate/);
  assert.match(lint(ca('default_days = 0\n')).find((f) => f.code === 'CA-014')!.message, /^default_days = 0 gives no period/);
  assert.match(lint(ca('default_days = 99999999999999999999\n')).find((f) => f.code === 'CA-014')!.message, /above LONG_MAX/);
  const tpl = ca('default_days = {{CRT_DAYS}}\n');
  assert.equal(applyFix(tpl, lint(tpl).find((f) => f.code === 'CA-014')!.finding).includes('default_days = 365\n'), true);
  for (const fine of ['default_days = 365days\n', 'default_days = x\ndefault_enddate = 20301231000000Z\n', 'default_days = 30\ndefault_crl_days = x\ndefault_crl_hours = 12\n']) assert.deepEqual(found(ca(fine)), [], fine);
  assert.deepEqual(found(ca('default_days = 30\ndefault_crl_days = 0\n')), ['12:warning:0']);
  assert.match(lint(ca('default_days = 30\ndefault_crl_hours = none\n')).find((f) => f.code === 'CA-014')!.message, /-gencrl fails.*how long until the next CRL is issued.*-crldays, -crlhours or -crlsec/);
  // In the default section and read by two CA sections: one warning.
  const two = `default_days = x\n[ ca ]\ndefault_ca = a\n[ a ]\ndatabase = i\nserial = s\npolicy = p\n[ b ]\ndatabase = i\nserial = s\npolicy = p\n[ p ]\nCN = supplied\n`;
  assert.equal(lint(two).filter((f) => f.code === 'CA-014').length, 1);
});
