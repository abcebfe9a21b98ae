/**
 * The real-world corpus (test/fixtures/cnf/real-world/, provenance in its
 * SOURCES.md): openssl config files from public projects, each with the
 * commands its project runs and OpenSSL 3.0.19's verdict on running exactly
 * those (test/fixtures/cnf/real-world.json, recorded by
 * scripts/record-cnf-verdicts.mjs). Told each use's command line (the sections
 * -extensions / -reqexts / ca -name pick), Certwright must report no error on a
 * file OpenSSL accepts as it is used and an error on the failing line of a file
 * it rejects; without it (as in the editor) exactly the warnings listed below,
 * each with the reason it is right.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import type { CommandLineUse } from '../../../server/src/core/cnf/model';
import { commandUsesOf } from '../../../server/src/core/cnf/commandUse';

const dir = join(__dirname, '../../fixtures/cnf/real-world');
interface Use {
  readonly run: string;
  readonly env?: Record<string, string>;
}
interface Entry {
  readonly uses: readonly Use[];
  readonly verdict: { readonly accepted: boolean; readonly results: readonly { readonly rc: number }[] };
  readonly failLine?: number | null;
  readonly failWhy?: string;
}
const record = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cnf/real-world.json'), 'utf8')) as { files: Record<string, Entry> };

/** Every warning (and note) Certwright gives on the corpus, `line:CODE`, with why it is right. */
const justified: Record<string, Record<string, string>> = {
  'apache__trafficserver__tests__gold_tests__tls__ssl__openssl.cnf': { '20:CA-001': '[CA_default] holds only new_certs_dir: openssl ca would fail on it (no database); the project uses the file only with req' },
  'aws__s2n-tls__tests__pems__ocsp__config__ca.cnf': { '5:CA-001': 'no new_certs_dir: the project passes -outdir to_nuke, which the warning names' },
  'curl__curl__tests__certs__test-ca.cnf': { '4:CA-001': 'used only for -revoke / -gencrl; signing would need new_certs_dir, policy and serial' },
  'dovecot__core__doc__dovecot-openssl.cnf': { '3:REQ-015': 'encrypt_key = yes: the key is encrypted unless -nodes (mkcert.sh passes -nodes)' },
  'eclipse__mosquitto__test__ssl__openssl.cnf': {
    '37:CA-001': 'default_ca names the missing [CA_default]: openssl ca works only with -name, as gen.sh does',
    '376:X509-PCI-1': 'the stock [ proxy_cert_ext ] has policy:foo, which OpenSSL rejects if -extensions proxy_cert_ext is used',
    '383:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  'envoyproxy__envoy__test__common__tls__test_data__ca_cert.cfg': { '34:CA-001': 'CRL-only CA section (-revoke, -gencrl with -cert/-keyfile): signing would need serial, policy, new_certs_dir' },
  'envoyproxy__envoy__test__common__tls__test_data__i2_cert.cfg': { '34:CA-001': 'same CRL-only CA section as ca_cert.cfg' },
  'grpc__grpc-java__testing__src__main__resources__certs__openssl.cnf': {
    '322:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)',
    '329:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  'netty__netty__handler__src__test__resources__io__netty__handler__ssl__rsapss-signing-ext.txt': { '20:CNF-080': '[alt_names] is left over: the subjectAltName = @alt_names line is commented out' },
  'nodejs__node__test__fixtures__keys__ca2.cnf': {
    '4:CA-001': 'used for -revoke / -gencrl with -cert/-keyfile; signing would need more',
    '11:REQ-016': 'default_md = md5 signs the CRLs with MD5',
  },
  'nodejs__node__test__fixtures__keys__fake-startcom-root.cnf': { '4:CA-001': 'no default_days: the Makefile passes -days, which the warning names' },
  'openldap__openldap__tests__data__tls__conf__openssl.cnf': {
    '54:REQ-014': 'default_bits = @KEY_BITS@ is a template placeholder; used as is, req without -newkey rsa:N fails',
    '101:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)',
    '107:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  'openssl__openssl__apps__openssl.cnf': { '302:X509-PCI-1': 'policy:foo: the failing line when -extensions proxy_cert_ext is used (recorded as rejected)' },
  'openssl__openssl__demos__certs__ca.cnf': { '80:CA-001': '[ca] is for -revoke / -gencrl with -cert, -keyfile, -md, -crldays given on the command line' },
  'openssl__openssl__test__invalid-x509.cnf': { '2:X509-EXT-1': 'the failing line of this negative test (only -extensions ext picks the section)' },
  'openssl__openssl__test__smime-certs__ca.cnf': { '12:CA-001': 'default_ca = ca names no section: the file is never used with openssl ca' },
  'openssl__openssl__test__test.cnf': { '22:REQ-016': 'default_md = md5 in the CA section' },
  'FreeRADIUS__freeradius-server__raddb__certs__ocsp.cnf': { '57:REQ-021': 'subjectAltName written among the DN fields: the CSR subject gets "subjectAltName = ocsp.example.org", the certificate no SAN' },
  'opencryptoki__openssl-ibmca__src__engine__openssl.cnf.sample': { '23:MOD-001': 'the ibmca engine is not installed here: as OPENSSL_CONF it is skipped, with -config or config_diagnostics it would be fatal' },
  'dropbox__amqp-coffee__test__ssl__openssl.cnf': {
    '14:REQ-016': 'default_md = sha1 in the [ testca ] CA section: the test CA signs with SHA-1',
    '33:REQ-016': 'default_md = sha1 in [ req ]',
    '39:REQ-008': 'the root CA DN section holds one bare field without a default: setupSsl.sh always passes -subj, a bare req -batch would fail',
  },
  'grpc__grpc-java__testing__src__main__resources__certs__server1-openssl.cnf': {
    '40:CA-010': 'its complete [CA_default] names x509_extensions = usr_cert, which does not exist: openssl ca without -extensions fails on it, but the README gives the file only to req and x509 -extfile (a warning while no use says openssl ca)',
  },
  'PennockTech__smtpdane__testdata__openssl.cnf': { '7:CA-001': 'no default_days in [CA_dummy]: testdata/notes.txt signs with -days, which the warning names' },
  'drduh__config__scripts__openssl.cnf': { '35:CA-010': 'x509_extensions = usr_cert names no section: openssl ca without -extensions would fail, but pki.sh gives the file only to req and x509 -extfile (a warning while no use says openssl ca)' },
  'harrybrwn__pkiasc__testdata__openssl.cnf': {
    '5:CA-001': 'crlnumber sets [CA_default] up for CRLs without default_crl_days: ca -gencrl would need -crldays (gen.sh signs and revokes only)',
    '22:REQ-016': 'default_md = sha1 in [CA_default]: the test CA signs with SHA-1',
  },
  'nats-io__prometheus-nats-exporter__test__certs__openssl.cnf': { '4:CA-001': '[CA_default] has no database nor serial: openssl ca would fail, but generate-certs.sh runs only req and x509 -extfile (a warning while no use says openssl ca)' },
  'geertj__gruvi__tests__openssl.cnf': { '7:REQ-020': '[SAN] is named by no req key: tests/support.py passes -extensions SAN, which the warning names' },
  'theparanoids__crypki__testdata__openssl.cnf': { '9:REQ-016': 'default_md = sha1 in [ req ]: the test CSR is SHA-1 signed' },
  'gost-engine__engine__tcl_tests__openssl-gost-engine.cnf': { '10:MOD-001': 'engine gost by id only (no dynamic_path), not installed here: default_algorithms makes OpenSSL look for gost.so in its engines folder; as OPENSSL_CONF the module is skipped, with -config it would be fatal' },
  'opencryptoki__openssl-ibmca__test__engine__openssl-test.cnf': { '10:MOD-001': '$ENV::IBMCA_TEST_PATH names the engine the test suite builds, absent here: skipped as OPENSSL_CONF' },
  'open-quantum-safe__oqs-provider__scripts__openssl-ca.cnf': { '307:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)' },
  'rabbitmq__tls-gen__basic__openssl.cnf': { '48:REQ-008': 'the DN section has prompt texts and no defaults: tls-gen always passes -subj, a bare req -batch would fail' },
  'rabbitmq__tls-gen__two_shared_intermediates__openssl.cnf': {
    '49:REQ-008': 'as in the basic profile: fine with -subj only',
    '52:CNF-031': '[root_ca_extensions] sets basicConstraints twice: only the later critical,CA:true reaches the certificate',
  },
  'strongswan__strongswan__openssl-conf__CentOS7__openssl.cnf': {
    '335:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo',
    '342:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  'strongswan__strongswan__openssl-conf__CentOS8__openssl.cnf': {
    '40:CNF-050': 'the crypto-policy include is missing on this machine (the cause of the MOD-001 error on line 36)',
    '345:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo',
  },
  'strongswan__strongswan__openssl-conf__Debian10__openssl.cnf': { '321:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo' },
  'strongswan__strongswan__openssl-conf__Ubuntu20_04__openssl.cnf': { '331:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo' },
  'Mbed-TLS__mbedtls-framework__data_files__test-ca.opensslconf': {
    '8:REQ-008': 'the DN section holds the subject as prompt texts without prompt = no: the Makefile always passes -subj',
    '83:CA-001': '[test_ca] (database = /dev/null) is for ca -gencrl -name test_ca with -cert, -keyfile, -md on the command line',
  },
  'Mbed-TLS__mbedtls-framework__data_files__test-ca.server1.opensslconf': { '8:REQ-016': 'default_md = sha1: the test certificates are deliberately SHA-1 signed' },
  'grpc__grpc-go__security__advancedtls__testdata__crl__provider_crl.cnf': { '4:CA-001': 'CRL-only CA section: provider_create.sh passes -keyfile and -cert to -gencrl / -revoke' },
  'grpc__grpc-go__security__advancedtls__testdata__openssl-ca.cnf': { '18:CA-001': 'no policy in [CA_default]: the README and generate.sh pass -policy signing_policy' },
  'grpc__grpc-go__testdata__spiffe_end2end__intermediate.cnf': {
    '4:CA-001': 'the CA section has no policy nor default_days: the project signs with x509 -req, not with openssl ca',
    '14:CNF-031': 'crl is set twice in [CA_intermediate]: the later value wins',
  },
  'grpc__grpc-go__testdata__x509__client_with_spiffe_openssl.cnf': { '14:REQ-020': '[test_client] carries the SAN and nothing in the file names it: create.sh passes -reqexts / -extensions test_client, as the warning says' },
  'latchset__pkcs11-provider__tools__openssl-tools.cnf': { '1:CNF-050': 'the included softokn configuration is written by the test setup, relative to the tools directory: absent here' },
  'openssl__openssl__test__CAtsa.cnf': { '54:REQ-016': 'default_md = sha1 in [ req ] (the TSA test CA)' },
  'openssl__openssl__test__recursive.cnf': {
    '8:CNF-030': 'the empty key name of this negative test (OpenSSL stores the value under "")',
    '8:MOD-001': 'the loop: an error with -config (the recorded use), skipped as OPENSSL_CONF, where config_diagnostics = yes is no number; without a command line nothing tells which',
  },
  'openssl__openssl__test__ca-and-certs.cnf': {
    '11:REQ-016': 'default_md = sha1 in [ req ]',
    '71:REQ-016': 'default_md = sha1 in [ CA_default ]',
  },
  'wolfSSL__wolfssl__certs__renewcerts__wolfssl.cnf': {
    '216:X509-BC-5': '[ entity_no_CA_BOOL ] is a deliberate test: basicConstraints = pathlen:0 without CA:TRUE',
    '241:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo',
    '263:X509-KU-3': '[ digsigku ] is a deliberate test: a CA without keyCertSign',
    '308:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  'heimdal__heimdal__lib__hx509__data__openssl.1.1.cnf': {
    '3:CA-001': 'default_ca = user names no section (the CA sections are [usr], [ocsp], …): gen-req.sh always passes -name',
    '5:CA-001': 'each -name CA section lacks certificate, private_key, new_certs_dir and default_days: gen-req.sh passes -cert, -keyfile, -outdir, -days, which the warning names',
    '14:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '23:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '32:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '41:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '50:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '59:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '68:CA-001': 'as [usr]: gen-req.sh passes the flags',
    '9:REQ-016': 'default_md=sha1 in every CA section: the hx509 test certificates are deliberately SHA-1 signed',
    '18:REQ-016': 'default_md=sha1, as in [usr]',
    '27:REQ-016': 'default_md=sha1, as in [usr]',
    '36:REQ-016': 'default_md=sha1, as in [usr]',
    '45:REQ-016': 'default_md=sha1, as in [usr]',
    '54:REQ-016': 'default_md=sha1, as in [usr]',
    '63:REQ-016': 'default_md=sha1, as in [usr]',
    '72:REQ-016': 'default_md=sha1, as in [usr]',
  },
  'nats-io__nats-server__server__configs__certs__req.cnf': { '10:REQ-022': 'CN = nats.io/emailAddress=derek@nats.io: the committed certificate has that whole text as its CN and no emailAddress' },
  'lsh123__xmlsec__tests__keys__openssl.cnf': { '331:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)' },
  'eclipse__paho.mqtt.python__tests__ssl__openssl.cnf': {
    '37:CA-001': 'default_ca names the missing [CA_default]: gen.sh always passes -name CA_root / CA_signing, as the warning says',
    '376:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)',
    '383:TSA-002': 'stock pre-1.1.0 [ tsa_config1 ] without signer_digest: OpenSSL 3.0 ts -reply fails "cannot find config variable tsa_config1::signer_digest" unless -sha256 is given (information, not a warning: the project never runs ts)',
  },
  // Session 20.
  'cossacklabs__acra__tests__ssl__openssl-ca.cnf': { '39:CA-001': 'no new_certs_dir nor default_days: generate_tls_keys.sh passes -outdir and -days, which the warning names' },
  'cossacklabs__acra__tests__ssl__openssl-intermediate-ca.cnf': { '39:CA-001': 'as openssl-ca.cnf: the script passes -outdir and -days' },
  'davewasmer__devcert__openssl-configurations__certificate-authority-self-signing.conf': { '15:REQ-017': 'default_days = 7000 in [ req ]: openssl req does not read it (3.0 req.c has no default_days); devcert passes -days 825, so the CA is valid 825 days, not 7000' },
  'hashicorp__best-practices__setup__openssl.cnf': {
    '69:REQ-016': 'the stock [ CA_default ] of an OpenSSL 1.0 openssl.cnf: default_md = sha1 (gen_cert.sh never runs openssl ca)',
    '313:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)',
  },
  'notroj__neon__test__openssl.conf': {
    '15:CA-009': 'default_bits in the [neonca] CA section: openssl ca does not read it',
    '19:CA-001': '[neoncainit] has no certificate: makekeys.sh uses it only with -selfsign, which needs none (the warning names -cert, the file alone says nothing of -selfsign)',
    '30:CA-009': 'default_bits in [neoncainit], as in [neonca]',
  },
  'ruby__openssl__tool__openssl_fips.cnf.tmpl': {
    '5:CNF-050': 'OPENSSL_DIR is a placeholder the CI replaces: the include names no file as committed',
    '19:MOD-002': 'default_properties = fips=yes while the file activates no fips provider itself (the included fipsmodule.cnf does)',
  },
  'snyk__cli__scripts__openssl.cnf': {
    '55:CNF-050': 'the fipsmodule.cnf openssl fipsinstall writes on the FIPS image, absent here',
    '295:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)',
  },
  'openssl__openssl__test__recipes__90-test_includes_data__incdir.cnf': { '6:CNF-050': '.pragma includedir:/ makes the include /includes.cnf, which does not exist: the test expects the load to fail (conf_include_test -f); loaded as OPENSSL_CONF the missing include is skipped' },
  'openssl__openssl__test__recipes__90-test_includes_data__includes-broken.cnf': { '5:CNF-050': 'includes-broken3.cnf does not exist (the negative test); as OPENSSL_CONF it is skipped' },
  'openssl__openssl__apps__openssl-vms.cnf': { '302:X509-PCI-1': 'stock [ proxy_cert_ext ] policy:foo (unused unless -extensions proxy_cert_ext)' },
  'openssl__openssl__test__fips.cnf': {
    '6:CNF-050': 'fipsmodule.cnf is written by openssl fipsinstall (absent here)',
    '16:MOD-002': 'default_properties = "fips=yes" with no fips provider activated in the file itself (fipsmodule.cnf does it)',
  },
  'openssl__openssl__test__fips-alt.cnf': {
    '3:CNF-050': 'fipsmodule.cnf is written by openssl fipsinstall (absent here)',
    '13:MOD-002': 'fips_mode = true (the deprecated form of fips=yes) with no fips provider activated in the file itself',
    '16:MOD-001': 'fips_sect comes from the missing fipsmodule.cnf; without config_diagnostics, as OPENSSL_CONF, OpenSSL skips the provider (a warning)',
  },
  'openssl__openssl__test__fips-and-base.cnf': { '6:CNF-050': 'fipsmodule.cnf is written by openssl fipsinstall (absent here)' },
  'davewasmer__devcert__openssl-configurations__domain-certificates.conf': {
    '4:CA-001': 'the template leaves private_key and certificate to the command line: devcert passes -keyfile and -cert',
    '19:CA-009': 'req_extensions (like prompt and utf8) copied into the CA section: openssl ca does not read it',
  },
};

/** Errors on files OpenSSL rejects, besides the failing line (the file is wrong in more than one way). */
const alsoWrong: Record<string, Record<string, string>> = {
  'snyk__cli__scripts__openssl.cnf': {
    '52:OID-001': 'config_diagnostics = 1 pasted below [ new_oids ]: openssl req and ca (which read oid_section) fail "problem creating object"; as OPENSSL_CONF only a warning (told the use, the test sees none)',
    '53:OID-001': 'openssl_conf = openssl_init below [ new_oids ], as line 52',
  },
  'openssl__openssl__test__recipes__04-test_asn1_stable_parse_data__asn1_stable_parse.cnf': {
    '9:MOD-001': 'id-tc27 is no object name: OpenSSL stops at line 8 first, each line fails on its own',
    '10:MOD-001': 'id-tc28, as line 9',
    '11:MOD-001': 'id-tc29, as line 9',
    '12:MOD-001': 'id-tc30, as line 9',
    '13:MOD-001': 'id-tc31, as line 9',
    '14:MOD-001': 'id-tc32, as line 9',
    '15:MOD-001': 'id-tc33, as line 9',
  },
  'davewasmer__devcert__openssl-configurations__domain-certificate-signing-requests.conf': { '20:X509-EXT-4': '[ subject_alt_names ] holds only the template line, so subjectAltName = @subject_alt_names names an empty section' },
  'davewasmer__devcert__openssl-configurations__domain-certificates.conf': { '35:X509-EXT-4': 'as the request template: [ subject_alt_names ] holds only the placeholder line' },
  'strongswan__strongswan__openssl-conf__CentOS8__openssl.cnf': { '47:MOD-001': 'the pka engine is missing here too: OpenSSL stops at the empty crypto-policy section first' },
};

const files = readdirSync(dir).filter((n) => n !== 'SOURCES.md').sort();

/** How a use's command line uses the file, read by the one parser of openssl command lines. */
function commandLine(use: Use): CommandLineUse {
  const argv = use.run.split(/\s+/);
  // As record-cnf-verdicts.mjs runs it: `load f` and `OPENSSL_CONF=f …` load the file as OPENSSL_CONF.
  if (argv[0] === 'load' || argv[0]!.startsWith('OPENSSL_CONF=')) return { loadedAs: 'opensslConf' };
  const uses = commandUsesOf(['openssl', ...argv]);
  assert.ok(!('error' in uses), use.run);
  return uses.find((u) => u.file === '{cnf}')!.use;
}

function lint(name: string, use?: Use): { line: number; code: string; severity: string }[] {
  // Engines without a dynamic_path are looked for in OPENSSL_ENGINES: a folder that holds none, on every machine.
  const vars: Record<string, string> = { HOME: '/home/user', OPENSSL_ENGINES: dir };
  for (const u of record.files[name]!.uses) Object.assign(vars, u.env ?? {});
  clearCnfCache();
  const text = readFileSync(join(dir, name), 'utf8');
  const env = nodeEnvironment({ cwd: () => '/nonexistent-corpus-cwd', getEnv: (k) => vars[k] });
  const a = analyzeCnf(text, { path: join('/nonexistent-corpus-cwd', name.split('__').at(-1)!), env, ...(use ? { commandLine: commandLine(use) } : {}) });
  const li = new LineIndex(text);
  return a.findings.map((f) => ({ line: li.positionAt(f.start).line + 1, code: f.code, severity: f.severity }));
}

test('real-world corpus: every file has a recorded use and verdict, and there are at least 80', () => {
  assert.ok(files.length >= 80, `${files.length} files`);
  assert.deepEqual(files, Object.keys(record.files).sort());
  for (const n of files) assert.equal(record.files[n]!.verdict.results.length, record.files[n]!.uses.length, n);
  const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
  for (const n of files) assert.ok(sources.includes(`\`${n}\``), `SOURCES.md lists ${n}`);
});

test('real-world corpus: no error on a file OpenSSL accepts as its project uses it', () => {
  for (const n of files.filter((f) => record.files[f]!.verdict.accepted)) {
    assert.deepEqual(lint(n).filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.code}`), [], n);
    for (const u of record.files[n]!.uses) assert.deepEqual(lint(n, u).filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.code}`), [], `${n}: ${u.run}`);
  }
});

test('real-world corpus: a finding on the failing line of every file OpenSSL rejects', () => {
  const rejected = files.filter((f) => !record.files[f]!.verdict.accepted);
  assert.ok(rejected.length > 0);
  for (const n of rejected) {
    const e = record.files[n]!;
    assert.ok('failLine' in e, `${n}: record the failing line (or null with failWhy)`);
    if (e.failLine === null) {
      assert.ok(e.failWhy, n);
      console.log(`real-world corpus: ${n} fails on its command line, not on a line: ${e.failWhy}`);
      // Still an error, told the command line that fails.
      for (const u of e.uses.filter((_, i) => e.verdict.results[i]!.rc !== 0)) assert.ok(lint(n, u).some((f) => f.severity === 'error'), `${n}: no error for ${u.run}`);
      continue;
    }
    const failing = e.uses.filter((_, i) => e.verdict.results[i]!.rc !== 0);
    for (const u of failing) {
      const seen = lint(n, u).filter((f) => f.line === e.failLine && f.severity === 'error');
      assert.ok(seen.length > 0, `${n}: no error on line ${e.failLine} for ${u.run} (${e.failWhy})`);
    }
    assert.ok(lint(n).some((f) => f.line === e.failLine), `${n}: without the command line, still a finding on line ${e.failLine}`);
  }
});

test('real-world corpus: every warning is one the expectations justify', () => {
  let total = 0;
  for (const n of files) {
    const got = lint(n)
      .filter((f) => f.severity !== 'error')
      .map((f) => `${f.line}:${f.code}`);
    total += got.length;
    assert.deepEqual(got.sort(), Object.keys(justified[n] ?? {}).sort(), n);
    const errs = lint(n)
      .filter((f) => f.severity === 'error' && f.line !== record.files[n]!.failLine)
      .map((f) => `${f.line}:${f.code}`);
    if (!record.files[n]!.verdict.accepted) assert.deepEqual(errs.sort(), Object.keys(alsoWrong[n] ?? {}).sort(), n);
  }
  console.log(`real-world corpus: ${files.length} files, ${total} warnings (each justified)`);
});
