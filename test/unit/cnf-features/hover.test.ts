import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { modelOf, offsetOf } from './helpers';

const cnf = `HOME = .
dir = ./certs
[ req ]
prompt = no
distinguished_name = dn
req_extensions = v3_req
default_keyfile = $dir/node.key
string_mask = utf8only
[ dn ]
0.organizationName = Cockroach
CN = node
[ v3_req ]
basicConstraints = critical, CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = @alt_names
issuerAltName = DNS:ca.example.com, dirName:issuer_dn
authorityKeyIdentifier = keyid:always
[ alt_names ]
DNS.1 = node1.example.com
IP.1 = 10.0.0.1
[ issuer_dn ]
CN = issuer
[ CA_default ]
database = $dir/index.txt
certs = \${CA_default::database}.d
policy = policy_match
[ policy_match ]
countryName = match
`;
const m = modelOf(cnf);
const hover = (needle: string, delta = 1, nth = 1): string => {
  const h = hoverAt(m, offsetOf(cnf, needle, delta, nth));
  assert.ok(h, `no hover at ${needle}`);
  assert.ok(h.start <= offsetOf(cnf, needle, delta, nth) && offsetOf(cnf, needle, delta, nth) <= h.end);
  return h.markdown;
};

test('extension key: every word of the value, critical included, with who needs it', () => {
  const md = hover('keyUsage');
  assert.match(md, /^\*\*keyUsage\*\* · extension · critical/);
  assert.match(md, /- `critical` — /);
  assert.match(md, /- `digitalSignature` — .*Needed by:\* .*CockroachDB/);
  assert.match(md, /- `keyEncipherment` — /);
  assert.match(md, /Example: `keyUsage = /);
});

test('value words: keyUsage, extendedKeyUsage, critical, basicConstraints, SAN types, AKI', () => {
  assert.match(hover('keyEncipherment', 4), /^\*\*keyEncipherment\*\* · keyUsage value/);
  assert.match(hover('serverAuth', 2), /1\.3\.6\.1\.5\.5\.7\.3\.1/);
  assert.match(hover('critical,digital', 2), /^\*\*critical\*\*/);
  assert.match(hover('CA:FALSE', 1), /end entity/);
  assert.match(hover('DNS:ca', 1), /DNS host name/);
  assert.match(hover('keyid:always', 1), /fail if there is none/);
});

test('@section shows the section contents; dirName: too', () => {
  const md = hover('@alt_names', 3);
  assert.match(md, /\*\*\[ alt_names \]\*\* \(line 19\)/);
  assert.match(md, /```properties\nDNS\.1 = node1\.example\.com\nIP\.1 = 10\.0\.0\.1\n```/);
  assert.match(hover('issuer_dn', 2), /CN = issuer/);
});

test('$var shows the resolved value and where it is defined; ${sect::var} too', () => {
  const md = hover('$dir', 2);
  assert.match(md, /Value: `\.\/certs`/);
  assert.match(md, /Defined on line 2 in \[ default \]: `dir = \.\/certs`/);
  const md2 = hover('database}', 2);
  assert.match(md2, /Value: `\.\/certs\/index\.txt`/);
});

test('a key whose value uses variables shows the resolved value', () => {
  assert.match(hover('default_keyfile', 1), /Resolved value: `\.\/certs\/node\.key`/);
});

test('section headers explain the role and who uses the section', () => {
  const md = hover('[ v3_req', 3);
  assert.match(md, /extension section/);
  assert.match(md, /Used by `req_extensions = v3_req` \(line 6\)/);
  assert.match(hover('[ policy_match', 3), /policy section/);
});

test('keys of req, DN and policy sections, values with a fixed vocabulary', () => {
  assert.match(hover('prompt'), /Only the lowercase word `no` counts/);
  assert.match(hover('utf8only', 2), /^\*\*utf8only\*\* · value of `string_mask`/);
  const dn = hover('organizationName', 3);
  assert.match(dn, /^\*\*organizationName\*\* · distinguished name section field/);
  assert.match(dn, /The `0\.` prefix/);
  assert.match(hover('countryName = match', 2), /`match` — /);
  assert.match(hover('DNS.1', 1), /^\*\*DNS\*\* · general name entry/);
  assert.match(hover('policy =', 1), /^\*\*policy\*\* · CA settings section/);
});

test('unknown names are called out, not invented', () => {
  const bad = modelOf('[ req ]\nreq_extensions = v3\n[ v3 ]\nSubjectAltName = DNS:x\nkeyUsage = digitalsignature\n');
  const t = '[ req ]\nreq_extensions = v3\n[ v3 ]\nSubjectAltName = DNS:x\nkeyUsage = digitalsignature\n';
  assert.match(hoverAt(bad, offsetOf(t, 'SubjectAltName', 1))!.markdown, /unknown extension/);
  assert.match(hoverAt(bad, offsetOf(t, 'keyUsage', 1))!.markdown, /`digitalsignature` — not a name Certwright knows/);
  assert.match(hoverAt(bad, offsetOf(t, 'digitalsignature', 2))!.markdown, /not a keyUsage name[\s\S]*Did you mean `digitalSignature`\?/);
  const missing = modelOf('[ v3 ]\nsubjectAltName = @nosuch\n[ Alt ]\nDNS.1 = a\n');
  assert.match(hoverAt(missing, offsetOf('[ v3 ]\nsubjectAltName = @nosuch\n', '@nosuch', 2))!.markdown, /not defined/);
});

test('directives and blank space', () => {
  const t = '.pragma dollarid:on\n.include /etc/ssl/x.cnf\n\n# comment\n';
  const mm = modelOf(t);
  assert.match(hoverAt(mm, 3)!.markdown, /\*\*\.pragma dollarid\*\*/);
  assert.match(hoverAt(mm, offsetOf(t, '.include', 2))!.markdown, /current working directory/);
  assert.equal(hoverAt(mm, offsetOf(t, '# comment', 3)), null);
  assert.equal(hoverAt(mm, offsetOf(t, '\n\n', 1)), null);
});

test('secrets: values of password-like variables and keys, and every environment value, are never shown', () => {
  const t = '[ req ]\ninput_password = $ENV::KEY_PASS\nout = $ENV::PLAIN\n';
  const mm = modelOf(t, { KEY_PASS: 's3cr3t-value', PLAIN: 'visible' });
  const a = hoverAt(mm, offsetOf(t, '$ENV::KEY_PASS', 8))!.markdown;
  assert.doesNotMatch(a, /s3cr3t/);
  assert.match(a, /hidden/);
  assert.doesNotMatch(hoverAt(mm, offsetOf(t, 'input_password', 1))!.markdown, /s3cr3t/);
  // Any environment value may be a secret (a CI runner's): the hover says it is set, not what it is.
  const plain = hoverAt(mm, offsetOf(t, '$ENV::PLAIN', 8))!.markdown;
  assert.doesNotMatch(plain, /visible/);
  assert.match(plain, /`PLAIN`, which is set here \(its value is not shown\)/);
});

test('DN keys explain prompt mode: the value is the question, _default is the answer', () => {
  const t = '[ req ]\ndistinguished_name = dn\n[ dn ]\ncommonName = Common Name (e.g. server FQDN)\ncommonName_default = node\ncountryName = Country\n';
  const mm = modelOf(t);
  const cn = hoverAt(mm, offsetOf(t, 'commonName', 2))!.markdown;
  assert.match(cn, /Prompt mode[\s\S]*question[\s\S]*`commonName_default` = `node`/);
  assert.match(hoverAt(mm, offsetOf(t, 'countryName', 2))!.markdown, /no `countryName_default`: with `-batch` this field is left out/);
  const t2 = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = node\n';
  assert.match(hoverAt(modelOf(t2), offsetOf(t2, 'CN =', 1))!.markdown, /goes into the subject as written/);
});

test('section hover lists every kind of use readably', () => {
  const t = '[ s ]\na = 1\n[ t ]\nb = $s::a\ns::c = 2\n[ req ]\nattributes = s\n';
  const md = hoverAt(modelOf(t), 2)!.markdown;
  assert.match(md, /`\$s::…` \(line 4\)/);
  assert.match(md, /`s::… =` \(line 5\)/);
  assert.match(md, /`attributes = s` \(line 7\)/);
});

test('an issuingDistributionPoint = @section (Mbed TLS test-ca.opensslconf) is an extension value section, not a list of names', () => {
  const text = '[ crl_ext_idp ]\nissuingDistributionPoint = critical, @idpdata\n[ idpdata ]\nfullname = URI:http://pki.example.com/\nonlyuser = TRUE\n[ san ]\nsubjectAltName = @names\n[ names ]\nDNS.1 = a.example\n';
  const model = modelOf(text);
  const idp = hoverAt(model, offsetOf(text, '@idpdata', 2))?.markdown ?? '';
  assert.match(idp, /\*extension value section\*/);
  assert.doesNotMatch(idp, /general names/);
  assert.match(hoverAt(model, offsetOf(text, '@names', 2))?.markdown ?? '', /\*general names section\*/);
});

test('a key in a section the file names nowhere is explained by its shape, and crlDistributionPoints = @s lists general names', () => {
  // Seen on public files nobody here wrote: the tutorials' [ policy_loose ] (used as openssl ca -policy policy_loose),
  // and Kong's [ crl_info ] with URI.0 = ..., which OpenSSL reads as one distribution point per name (v2i_crld).
  const text = '[ e ]\ncrlDistributionPoints = @crl_info\n[ crl_info ]\nURI.0 = http://x/y.crl\n[ policy_loose ]\ncountryName = optional\ncommonName = supplied\n';
  const fm = modelOf(text);
  const at = (needle: string) => hoverAt(fm, offsetOf(text, needle, 1))?.markdown ?? '';
  assert.match(at('URI.0'), /general name entry/);
  assert.match(at('countryName'), /policy section field/);
  assert.match(at('commonName'), /`supplied`/);
});
