/**
 * Certwright on a corpus of real certificates, CRLs, CSRs and keys from public
 * test suites (test/fixtures/pki/real-world/, SOURCES.md), compared with
 * OpenSSL's reading recorded in openssl.json by record-openssl.mjs:
 * every object OpenSSL decodes is decoded, every field the hover shows agrees
 * with `openssl x509/crl/req/pkey`, no key hover shows key material, the tree
 * lists every file OpenSSL reads without an error row (but for blocks OpenSSL cannot read
 * either), the warnings that depend on which verifier reads a file are each justified, and chain verdicts
 * agree with `openssl verify` on the same files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFile, generalNameText, keyUsageText, ekuText, pathLenText, type Decoded, type DecodedBlock } from '../../../server/src/core/pem';
import { hoverMarkdown } from '../../../server/src/features/pem';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { scanWorkspace } from '../../../server/src/node/workspaceScanner';
import { defaultLintSettings } from '../../../server/src/core/types';
import { crlChecks, csrChecks, keyChecks, profileChecks } from '../../../server/src/core/pem/checks';
import { corpusRoot, readOpensslRecord, type RecordedObject } from './opensslRecord';

const root = corpusRoot;
type Recorded = RecordedObject;
const record = readOpensslRecord();
const files = Object.keys(record.files);

/** Certwright's decode of every object of a file, by PEM block index (0 for DER). */
function decodedObjects(file: string): Map<number, { decoded: Decoded; block?: DecodedBlock }> {
  const f = decodeFile(new Uint8Array(readFileSync(join(root, file))));
  const out = new Map<number, { decoded: Decoded; block?: DecodedBlock }>();
  if (f.format === 'pem') for (const b of f.blocks) out.set(b.block.index, { decoded: b.decoded, block: b });
  else if (f.format === 'der') out.set(0, { decoded: f.decoded });
  return out;
}

/** OpenSSL's `-dateopt iso_8601` (`   1-01-01 00:00:00Z` for the year 1) as ISO 8601. */
const iso = (s: unknown): string | undefined => (s === 'Bad time value' ? '' : typeof s === 'string' ? s.trim().replace(/^(\d+)-/, (_, y: string) => `${y.padStart(4, '0')}-`).replace(' ', 'T') : undefined);
const upper = (s: unknown): string => String(s ?? '').toUpperCase();

/** Field-by-field comparison: [field, certwright, openssl] for every field OpenSSL printed. */
function compare(r: Recorded, d: Decoded): Array<[string, unknown, unknown]> {
  if (!d.ok) return [['decode', d.message, 'decoded']];
  const v = d.view;
  const pairs: Array<[string, unknown, unknown]> = [];
  if (r.kind === 'certificate' && v.kind === 'certificate') {
    pairs.push(['serial', upper(v.serial).replace(/^-/, '-'), upper(r.serial)]);
    pairs.push(['subject', v.subject.rfc4514, r.subject], ['issuer', v.issuer.rfc4514, r.issuer]);
    pairs.push(['notBefore', v.notBefore, iso(r.notBefore)], ['notAfter', v.notAfter, iso(r.notAfter)]);
    pairs.push(['sha256', v.fingerprints.sha256, r.sha256]);
    if (r.publicKeyBits !== undefined) pairs.push(['publicKeyBits', v.publicKey.bits, r.publicKeyBits]);
    // An extension Certwright marks invalid (or invalid but accepted) agrees when OpenSSL printed the same value, or could not print
    // it in its usual form either (a raw dump such as "0..." or a pathlen too large for a number).
    const field = (name: string, oid: string, mine: string, theirs: { value: string } | undefined, usual: RegExp): void => {
      if (!theirs) return;
      const flagged = v.extensions.some((e) => e.oid === oid && (e.error ?? e.accepted ?? e.opensslRefuses));
      // OpenSSL prints INVALID as the value of a keyUsage or extendedKeyUsage it cannot decode.
      const openssl = theirs.value === '<EMPTY>' || theirs.value === 'INVALID' ? '' : theirs.value;
      pairs.push([name, flagged && mine !== openssl && !usual.test(openssl) ? 'flagged invalid' : mine, flagged && mine !== openssl && !usual.test(openssl) ? 'flagged invalid' : openssl]);
    };
    const san = v.subjectAltNames.map(generalNameText).join(', ');
    const sanRecord = r.subjectAltName as { value: string } | undefined;
    // OpenSSL 3.0 prints no name with a control character inside (a NUL): it dumps the extension in hex.
    if (sanRecord && /\\x[01][0-9a-f]|\\x7f/.test(san) && !/^[A-Za-z ]+:/.test(sanRecord.value)) pairs.push(['subjectAltName', 'a name OpenSSL 3.0 cannot print', 'a name OpenSSL 3.0 cannot print']);
    else field('subjectAltName', '2.5.29.17', san, sanRecord, /^[A-Za-z ]+:/);
    field('keyUsage', '2.5.29.15', keyUsageText(v.keyUsage?.usages ?? []), r.keyUsage as { value: string } | undefined, /^[A-Z][A-Za-z ]+(, [A-Z][A-Za-z ]+)*$/);
    field('extendedKeyUsage', '2.5.29.37', ekuText(v.extendedKeyUsage?.usages ?? []), r.extendedKeyUsage as { value: string } | undefined, /^[\w .-]+(, [\w .-]+)*$/);
    const bc = v.basicConstraints;
    field('basicConstraints', '2.5.29.19', bc ? `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== undefined ? `, pathlen:${pathLenText(bc)}` : ''}` : '', r.basicConstraints as { value: string } | undefined, /^CA:(TRUE|FALSE)(, pathlen:\d+)?$/);
  } else if (r.kind === 'crl' && v.kind === 'crl') {
    pairs.push(['issuer', v.issuer.rfc4514, r.issuer], ['lastUpdate', v.thisUpdate, iso(r.lastUpdate)], ['nextUpdate', v.nextUpdate, iso(r.nextUpdate)], ['revoked', v.revoked.length, r.revoked], ['sha256', v.fingerprints.sha256, r.sha256]);
  } else if (r.kind === 'csr' && v.kind === 'csr') {
    pairs.push(['subject', v.subject.rfc4514, r.subject]);
    if (r.publicKeyBits !== undefined) pairs.push(['publicKeyBits', v.publicKey.bits, r.publicKeyBits]);
  } else if (r.kind === 'pkcs7' && v.kind === 'pkcs7') {
    pairs.push(['certificates', v.certificates.length, r.certificates], ['crls', v.crls.length, r.crls]);
  } else if ((r.kind === 'privateKey' || r.kind === 'publicKey') && (v.kind === 'privateKey' || v.kind === 'publicKey')) {
    pairs.push(['kind', v.kind, r.kind]);
    if (r.bits !== undefined) pairs.push(['bits', v.bits, r.bits]);
  } else {
    pairs.push(['kind', v.kind, r.kind]);
  }
  return pairs;
}
void keyUsageText;

const verifierDependent = new Set(['X509-CRITICAL-UNKNOWN', 'X509-EXT-MALFORMED', 'X509-KEY-UNSUPPORTED', 'PEM-DER']);

/** Each warning of the classes above found on the corpus, with why it is a warning and not an error or nothing. */
const CSR = 'one of the Mbed TLS CSRs with a malformed extension request: OpenSSL reads the CSR without the extensions (`req -text` lists none), Go 1.19 refuses it';
const EXPLICIT = 'an EC key on explicit curve parameters: OpenSSL 3.0 reads it (x509/req -text, verify OK in chains.json), Go 1.19 refuses the certificate or CSR ("x509: invalid ECDSA parameters")';
const DSA = 'a DSA key whose parameters are inherited from the issuer (absent): OpenSSL reads it, Go 1.19 refuses the certificate ("x509: invalid DSA parameters")';
const ZLINT_SAN = 'a DNS name outside ASCII in the SAN: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: SAN dNSName is malformed")';
const ZLINT_NC = 'an IP name constraint with the mask 1.2.3.4: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: IP constraint contained invalid mask 01020304")';
const DP_NO_NAME = 'a CRL distribution point with neither a distributionPoint nor a cRLIssuer: `openssl x509 -text` reads it, `openssl verify` refuses the certificate (setup_dp: "invalid certificate", reported as error 20), Go 1.19 reads it (ParseCertificate OK)';
const DP_RELATIVE = 'a CRL distribution point named relative to the issuer: OpenSSL reads it (x509 -text "Relative Name: CN = example.com"), Go 1.19 refuses the certificate ("x509: invalid CRL distribution point")';
const V1_CRL = 'a v1 CRL (no version field, what openssl ca -gencrl writes without crlnumber or crl_extensions): OpenSSL reads and uses it, Go 1.19 refuses it ("x509: unsupported crl version"); a warning on the CRL, as no Go program here reads CRLs';
const POLICIES = 'malformed certificate policies: OpenSSL 3.0 verifies the chain (chains.json; only -policy_check refuses it, error 42 "invalid or inconsistent certificate policy extension"), Go 1.19 refuses the certificate ("x509: invalid certificate policies")';
const TRAILING = 'a byte after the extension\'s value: OpenSSL 3.0 verifies the chain (chains.json) and Go 1.19 parses the certificate (test/peers/go-parse.test.ts); RFC 5280 allows no such byte';
const CRITICAL_BER = 'a critical flag that is not DER (0x01, 0x03): OpenSSL reads it as TRUE (x509 -text "critical", verify OK), Go 1.19 refuses the certificate ("x509: malformed extension critical field")';
const OPENSSL_ONLY = 'an extension value OpenSSL 3.0 cannot decode where Go 1.19 reads only what it uses (basicConstraints { NULL }; an authorityKeyIdentifier whose issuer or serial is broken): openssl verify refuses the certificate ("unable to get local issuer certificate"), Go parses it';
const PKCS8_PUBLIC = 'an Ed25519 PKCS #8 key carrying its public key (OneAsymmetricKey [1]): OpenSSL 3.0 cannot load it (pkey: "unsupported"; PostgreSQL does not start with it, test/peers/pg-key-pkcs8-public.test.ts), Go 1.19 reads it';
const BRAINPOOL = 'a key on a brainpool curve: OpenSSL reads it (pkey -text_pub), Go 1.19 names only P-224 to P-521 and cannot load it';
const justifiedWarnings: Array<[warning: string, reason: string]> = Object.entries({
  'chromium-parse-certificate/bad_key_usage.pem#0 X509-EXT-MALFORMED': 'a keyUsage with no bit set: OpenSSL 3.0 (verify OK) and Go 1.19 (ParseCertificate OK) accept the certificate; Chromium and later OpenSSL refuse it',
  'chromium-parse-certificate/subjectaltname_general_names_empty_sequence.pem#0 X509-EXT-MALFORMED': 'an empty subjectAltName: `openssl x509 -text` shows <EMPTY> and Go 1.19 parses it (only its dates fail); a generated one passes openssl verify, also with -purpose sslserver, and Go\'s Verify',
  'openssl/bad-cert-smtputf8-name-constraints.pem#0 X509-CRITICAL-UNKNOWN': 'critical name constraints holding SmtpUTF8Mailbox otherNames: OpenSSL reads them (verify OK in chains.json), Go 1.19 parses the certificate and its Verify leaves the extension unhandled ("x509: unhandled critical extension", test/peers/go-parse.test.ts)',
  'openssl/ext-noAssertion.pem#0 X509-KEY-UNSUPPORTED': 'an RSA key whose AlgorithmIdentifier has no NULL parameters: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: RSA key missing NULL parameters")',
  'openssl/ee-ku-empty.pem#0 X509-EXT-MALFORMED': 'the same empty keyUsage, made by OpenSSL for its own test: `openssl verify -partial_chain` 3.0.19 says OK, Go 1.19 parses it',
  'mbedtls/crl_cat_rsa-ec.pem#0 PEM-DER': V1_CRL,
  'postgres/root+server.crl#0 PEM-DER': V1_CRL,
  'postgres/root+server.crl#1 PEM-DER': V1_CRL,
  'webpki/crls/crl.wrong.version.der#0 PEM-DER': 'a CRL whose version field is present and 0 (v1 spelt out): `openssl crl -text` "Version 1 (0x0)" and verify use it, Go 1.19 refuses it ("x509: unsupported crl version: 0")',
  'webpki/crls/crl.mismatched.sigalg.der#0 PEM-DER': 'a CRL whose inner signature algorithm differs from the outer one: OpenSSL verifies it with the outer one and uses it, Go 1.19 refuses it ("x509: inner and outer signature algorithm identifiers don\'t match")',
  'mbedtls/server5-der1a.crt#0 PEM-DER': 'a stray byte after a DER certificate: OpenSSL reads the certificate, Go refuses it ("x509: trailing data")',
  'mbedtls/test_csr_v3_all_malformed_attributes_extension_request_sequence_tag.csr.der#0 X509-EXT-MALFORMED': CSR,
  'mbedtls/test_csr_v3_all_malformed_extension_data_len1.csr.der#0 X509-EXT-MALFORMED': CSR,
  'mbedtls/test_csr_v3_all_malformed_extension_data_len2.csr.der#0 X509-EXT-MALFORMED': 'a malformed extension request OpenSSL cannot read (no extensions shown) and Go 1.19 reads past (a byte after an Extension\'s fields)',
  'mbedtls/test_csr_v3_all_malformed_extension_data_tag.csr.der#0 X509-EXT-MALFORMED': CSR,
  'mbedtls/test_csr_v3_all_malformed_extension_id_tag.csr.der#0 X509-EXT-MALFORMED': CSR,
  'mbedtls/test_csr_v3_all_malformed_extension_type_oid.csr.der#0 X509-EXT-MALFORMED': CSR,
  'mbedtls/test_csr_v3_all_malformed_extensions_sequence_tag.csr.der#0 X509-EXT-MALFORMED': CSR,
  'pyca/pc_inhibit_require.pem#0 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them (verify OK, chains.json), Go 1.19 does not (UnhandledCriticalExtensions [2.5.29.36])',
  'pyca/policy_constraints_explicit.pem#0 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them (verify OK, chains.json), Go 1.19 does not',
  'zlint/aiaCrit.pem#0 X509-CRITICAL-UNKNOWN': 'a critical Authority Information Access: Go reads it, OpenSSL 3.0 does not (verify error 34 "unhandled critical extension")',
  'zlint/frshCRLCritical.pem#0 X509-CRITICAL-UNKNOWN': 'a critical Authority Information Access: Go reads it, OpenSSL 3.0 does not (verify error 34)',
  'zlint/aiaCrit.pem#0 X509-EXT-MALFORMED': 'a malformed Subject Information Access, which neither OpenSSL nor Go reads',
  'zlint/caMaxPathNegative.pem#0 X509-EXT-MALFORMED': 'a malformed Subject Information Access, which neither OpenSSL nor Go reads',
  'zlint/frshCRLCritical.pem#0 X509-EXT-MALFORMED': 'a malformed Subject Information Access, which neither OpenSSL nor Go reads',
  'chromium-parse-certificate/subjectaltname_bad_ip.pem#0 X509-EXT-MALFORMED': 'an IP address of 8 octets in the SAN: OpenSSL 3.0 prints it as <invalid length=8> and verifies such a certificate (also -purpose sslserver), Go 1.19 refuses it ("x509: cannot parse IP address of length 8")',
  'chromium-parse-certificate/subjectaltname_dns_not_ascii.pem#0 X509-EXT-MALFORMED': 'a DNS name with bytes outside ASCII: OpenSSL reads and verifies it, Go 1.19 refuses the certificate ("x509: SAN dNSName is malformed")',
  'boringssl-x509/policy_intermediate_invalid.pem#0 X509-EXT-MALFORMED': POLICIES,
  'boringssl-x509/policy_leaf_invalid.pem#0 X509-EXT-MALFORMED': POLICIES,
  'boringssl-x509/trailing_data_leaf_authority_key_identifier.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_basic_constraints.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_ext_key_usage.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_key_usage.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_subject_alt_name.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_subject_key_identifier.pem#0 X509-EXT-MALFORMED': TRAILING,
  'boringssl-x509/trailing_data_leaf_name_constraints.pem#0 X509-EXT-MALFORMED': 'a byte after the name constraints: OpenSSL 3.0 verifies the chain (chains.json), Go 1.19 refuses the certificate ("x509: invalid NameConstraints extension")',
  'boringssl-x509/unusual_tbs_critical_ber.pem#0 X509-EXT-MALFORMED': CRITICAL_BER,
  'chromium-parse-certificate/extension_critical_3.pem#1 X509-EXT-MALFORMED': CRITICAL_BER,
  'chromium-parse-certificate/basic_constraints_unconsumed_data.pem#1 X509-EXT-MALFORMED': OPENSSL_ONLY,
  'mbedtls/authorityKeyId_subjectKeyId_length_malformed.crt.der#0 X509-EXT-MALFORMED': OPENSSL_ONLY,
  'mbedtls/authorityKeyId_subjectKeyId_sn_len_malformed.crt.der#0 X509-EXT-MALFORMED': OPENSSL_ONLY,
  'mbedtls/crl-futureRevocationDate.pem#0 PEM-DER': V1_CRL,
  'mbedtls/crl_expired.pem#0 PEM-DER': V1_CRL,
  'mbedtls/crt_cat_rsaexp-ec.pem#0 PEM-DER': V1_CRL,
  'mbedtls/ec_bp256_prv.pem#0 X509-KEY-UNSUPPORTED': BRAINPOOL,
  'mbedtls/ec_bp384_pub.comp.pem#0 X509-KEY-UNSUPPORTED': BRAINPOOL,
  'mbedtls/ec_bp512_pub.der#0 X509-KEY-UNSUPPORTED': BRAINPOOL,
  'netty/ec_params_unsupported.pem#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'rustls/eddsa__ca.key#0 X509-KEY-UNSUPPORTED': PKCS8_PUBLIC,
  'rustls/eddsa__client.key#0 X509-KEY-UNSUPPORTED': PKCS8_PUBLIC,
  'rustls/eddsa__end.key#0 X509-KEY-UNSUPPORTED': PKCS8_PUBLIC,
  'rustls/eddsa__inter.key#0 X509-KEY-UNSUPPORTED': PKCS8_PUBLIC,
  'chromium-parse-certificate/subjectaltname_trailing_data.pem#0 X509-EXT-MALFORMED': 'bytes after the SAN\'s value: OpenSSL 3.0 and Go 1.19 read the value and accept the certificate (verified on openssl-made certificates with trailing bytes after SAN, keyUsage, basicConstraints and EKU values)',
  'cpython/nullbytecert.pem#0 X509-EXT-MALFORMED': 'a NUL inside a SAN URI: OpenSSL reads the certificate, Go 1.19 refuses it ("x509: cannot parse URI ... invalid control character in URL")',
  'limbo/explicit_curve_ca.pem#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'limbo/explicit_curve_leaf.pem#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'limbo/explicit_curve_ca.csr#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'limbo/explicit_curve_leaf.csr#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'pyca/ec_no_named_curve.pem#0 X509-KEY-UNSUPPORTED': EXPLICIT,
  'mbedtls/ec_prv.specdom.der#0 X509-KEY-UNSUPPORTED': 'an EC private key on explicit curve parameters: OpenSSL reads it, Go 1.19 cannot load it',
  'mbedtls/ec_pub.comp.pem#0 X509-KEY-UNSUPPORTED': 'a public key on prime192v1 (and compressed): OpenSSL reads it, Go 1.19 refuses it ("x509: unsupported elliptic curve")',
  'nist-pkits/DSAParametersInheritedCACert.crt#0 X509-KEY-UNSUPPORTED': DSA,
  'zlint/publicKeyIsRSAExplicitNullMissing.pem#0 X509-KEY-UNSUPPORTED': 'an RSA key whose algorithm has no NULL parameters: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: RSA key missing NULL parameters")',
  'zlint/SANDNSNotIA5String.pem#0 X509-EXT-MALFORMED': ZLINT_SAN,
  'nist-pkits/ValidDSAParameterInheritanceTest5EE.crt#0 X509-KEY-UNSUPPORTED': DSA,
  'chromium-parse-certificate/subject_not_ascii.pem#0 PEM-DER': 'a locality IA5String with UTF-8 bytes: OpenSSL reads it (x509 -text shows Bornh\\C3\\B6ved), Go 1.19 refuses the certificate ("x509: invalid RDNSequence: invalid attribute value: invalid IA5String")',
  'chromium-parse-certificate/subject_printable_string_containing_utf8_client_cert.pem#5 PEM-DER': 'a CN PrintableString with UTF-8 bytes: OpenSSL reads it, Go 1.19 refuses the certificate ("... invalid PrintableString")',
  'mbedtls/bitstring-in-dn.pem#0 PEM-DER': 'an x500UniqueIdentifier BIT STRING in the subject: OpenSSL reads it (prints it as #030B...), Go 1.19 refuses the certificate ("... unsupported string type: 3")',
  'chromium-parse-certificate/name_constraints_bad_ip.pem#0 X509-EXT-MALFORMED': 'an IP name constraint of 0 octets: OpenSSL reads and verifies it, Go 1.19 refuses the certificate ("x509: IP constraint contained value of length 0")',
  'cpython/talos-2019-0758.pem#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/crl_distrib_point/only_reasons.der#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/client_auth_revocation/invalid_dp_chain.ee.der#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/client_auth_revocation/invalid_dp_chain.int.a.ca.der#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/client_auth_revocation/invalid_dp_chain.int.b.ca.der#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/client_auth_revocation/invalid_dp_chain.root.ca.der#0 X509-EXT-MALFORMED': DP_NO_NAME,
  'webpki/crl_distrib_point/dp_name_relative_to_issuer.der#0 X509-EXT-MALFORMED': DP_RELATIVE,
  'webpki/client_auth_revocation/nofullname_dp_chain.ee.der#0 X509-EXT-MALFORMED': DP_RELATIVE,
  'webpki/client_auth_revocation/nofullname_dp_chain.int.a.ca.der#0 X509-EXT-MALFORMED': DP_RELATIVE,
  'webpki/client_auth_revocation/nofullname_dp_chain.int.b.ca.der#0 X509-EXT-MALFORMED': DP_RELATIVE,
  'webpki/client_auth_revocation/nofullname_dp_chain.root.ca.der#0 X509-EXT-MALFORMED': DP_RELATIVE,
  'pyca-38/asymmetric/DER_Serialization/dsa_public_key_no_params.der#0 X509-KEY-UNSUPPORTED': DSA,
  'pyca-38/asymmetric/PKCS8/ec_oid_not_in_reg_private_2.pkcs8.pem#0 X509-KEY-UNSUPPORTED': 'an EC private key on explicit curve parameters: OpenSSL reads it, Go 1.19 cannot load it',
  'pyca-38/asymmetric/PKCS8/nodompar_private.pkcs8.pem#0 X509-KEY-UNSUPPORTED': 'an EC private key on explicit curve parameters: OpenSSL reads it, Go 1.19 cannot load it',
  'pyca-38/asymmetric/PKCS8/private.pem#0 X509-KEY-UNSUPPORTED': 'an EC private key on explicit curve parameters: OpenSSL reads it, Go 1.19 cannot load it',
  'pyca-38/x509/requests/two_basic_constraints.pem#0 X509-EXT-MALFORMED': 'a CSR requesting basicConstraints twice: OpenSSL reads the CSR (req -text), a certificate copying both is refused by OpenSSL and Go (test/peers/go-parse.test.ts, CSRs requesting a subjectAltName twice)',
  'pyca-38/x509/custom/crl_bad_version.pem#0 PEM-DER': 'a CRL whose version field holds 2: `openssl crl -text` reads it, Go 1.19 refuses it ("x509: unsupported crl version: 2")',
  'pyca-38/x509/custom/inhibit_any_policy_5.pem#0 X509-CRITICAL-UNKNOWN': 'a critical Inhibit Any Policy: OpenSSL reads it, Go 1.19 leaves it unhandled',
  'pyca-38/x509/custom/inhibit_any_policy_negative.pem#0 X509-CRITICAL-UNKNOWN': 'a critical Inhibit Any Policy: OpenSSL reads it, Go 1.19 leaves it unhandled',
  'pyca-38/x509/custom/pc_inhibit.pem#0 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled',
  'pyca-38/x509/custom/pc_require.pem#0 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled',
  'pyca-38/x509/custom/nc_permitted_excluded_2.pem#0 X509-CRITICAL-UNKNOWN': 'critical name constraints on a directoryName, which Go 1.19 does not compare (test/peers/go-parse.test.ts, goVerifyRefusal); OpenSSL reads them',
  'chromium-verify-chain/policies-inhibit-mapping-by-root-ok/chain.pem#2 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled',
  'chromium-verify-chain/policy-mappings-on-root-ok/chain.pem#1 X509-CRITICAL-UNKNOWN': 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled',
  'chromium-verify-chain/policy-mappings-on-root-ok/chain.pem#2 X509-CRITICAL-UNKNOWN': 'critical policy mappings: OpenSSL reads them, Go 1.19 leaves them unhandled',
  'pyca-38/x509/custom/nc_invalid_ip4_netmask.der#0 X509-EXT-MALFORMED': 'an IP name constraint with a mask that is not a prefix: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: IP constraint contained invalid mask ...")',
  'pyca-38/x509/custom/nc_invalid_ip_netmask.pem#0 X509-EXT-MALFORMED': 'an IPv6 name constraint with a mask that is not a prefix: OpenSSL reads it, Go 1.19 refuses the certificate',
  'pyca-38/x509/custom/nc_ip_invalid_length.pem#0 X509-EXT-MALFORMED': 'an IP name constraint of 33 octets: OpenSSL reads it, Go 1.19 refuses the certificate ("x509: IP constraint contained value of length 33")',
  'pyca-38/x509/custom/unsupported_extension.pem#0 X509-EXT-MALFORMED': 'an unknown non-critical extension whose value is not DER: neither OpenSSL nor Go reads it, both accept the certificate',
  'pyca-38/x509/custom/unsupported_extension_2.pem#0 X509-EXT-MALFORMED': 'an unknown non-critical extension whose value is not DER: neither OpenSSL nor Go reads it, both accept the certificate',
  'pyca-38/x509/san_edipartyname.der#0 X509-EXT-MALFORMED': 'an EDIPartyName whose partyName is not an explicitly tagged DirectoryString: `openssl x509 -text` dumps the SAN, openssl verify refuses such a leaf ("invalid certificate", error 20), Go 1.19 skips the entry (test/peers/go-parse.test.ts)',
  'pyca-38/x509/scottishpower-bitstring-dn.pem#0 PEM-DER': 'an x500UniqueIdentifier BIT STRING in the subject: OpenSSL reads it, Go 1.19 refuses the certificate ("... unsupported string type: 3")',
  'pyca-38/x509/unique_identifier.pem#0 PEM-DER': 'an x500UniqueIdentifier BIT STRING in the subject: OpenSSL reads it, Go 1.19 refuses the certificate ("... unsupported string type: 3")',
  'pyca-38/x509/custom/invalid_version.pem#0 PEM-DER': 'a version field of 7: OpenSSL reads it ("Version: Unknown (7)"), Go 1.19 refuses it ("x509: invalid version")',
  'pyca-38/x509/utf8-dnsname.pem#0 X509-EXT-MALFORMED': ZLINT_SAN,
}).concat([
  // A second warning of the same code on the same certificate, for another cause.
  ['chromium-verify-chain/policies-inhibit-mapping-by-root-ok/chain.pem#1 X509-CRITICAL-UNKNOWN', 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled'],
  ['chromium-verify-chain/policies-inhibit-mapping-by-root-ok/chain.pem#1 X509-CRITICAL-UNKNOWN', 'critical policy mappings: OpenSSL reads them, Go 1.19 leaves them unhandled'],
  ['pyca-38/x509/department-of-state-root.pem#0 X509-CRITICAL-UNKNOWN', 'critical name constraints on a directoryName, which Go 1.19 does not compare; OpenSSL reads them'],
  ['pyca-38/x509/department-of-state-root.pem#0 X509-CRITICAL-UNKNOWN', 'critical policy constraints: OpenSSL reads them, Go 1.19 leaves them unhandled'],
  ['pyca-38/x509/department-of-state-root.pem#0 X509-CRITICAL-UNKNOWN', 'a critical Inhibit Any Policy: OpenSSL reads it, Go 1.19 leaves it unhandled'],
  ['zlint/aiaCrit.pem#0 X509-EXT-MALFORMED', ZLINT_NC],
  ['zlint/frshCRLCritical.pem#0 X509-EXT-MALFORMED', ZLINT_NC],
  ['zlint/aiaCrit.pem#0 X509-EXT-MALFORMED', ZLINT_SAN],
  ['zlint/caMaxPathNegative.pem#0 X509-EXT-MALFORMED', ZLINT_SAN],
  ['zlint/frshCRLCritical.pem#0 X509-EXT-MALFORMED', ZLINT_SAN],
]);

describe('real-world corpus (test/fixtures/pki/real-world)', () => {
  it('is a few hundred files with provenance', () => {
    assert.ok(files.length >= 300, `${files.length} files`);
    const sources = readFileSync(join(root, 'SOURCES.md'), 'utf8');
    for (const top of new Set(files.map((f) => f.split('/')[0]!))) assert.ok(sources.includes(`\`${top}/\``), `${top}/ is described in SOURCES.md`);
  });

  it('decodes every object OpenSSL decodes, and every field shown agrees with OpenSSL', () => {
    let objects = 0;
    let decoded = 0;
    let fields = 0;
    let agreeing = 0;
    const problems: string[] = [];
    for (const file of files) {
      const ours = decodedObjects(file);
      for (const r of record.files[file]!.objects) {
        // DH, DSA and EC parameters are shown by their label, not decoded (no key material in them).
        if (!r.ok || r.kind === 'parameters') continue;
        objects++;
        const o = ours.get(r.index);
        if (!o?.decoded.ok) {
          problems.push(`${file}#${r.index}: not decoded (${o ? (o.decoded.ok ? '' : o.decoded.message) : 'no block'})`);
          continue;
        }
        decoded++;
        for (const [field, mine, theirs] of compare(r, o.decoded)) {
          fields++;
          if (mine === theirs) agreeing++;
          else problems.push(`${file}#${r.index} ${field}: certwright ${JSON.stringify(mine)} ≠ openssl ${JSON.stringify(theirs)}`);
        }
      }
    }
    console.log(`# corpus: ${files.length} files, ${objects} objects OpenSSL decodes; certwright decodes ${decoded} (${((100 * decoded) / objects).toFixed(2)} %); fields agreeing ${agreeing}/${fields} (${((100 * agreeing) / fields).toFixed(2)} %)`);
    assert.deepEqual(problems, []);
  });

  it('every warning that depends on which verifier reads the file is listed here with its reason', () => {
    // Warnings of the classes where OpenSSL 3.0 and Go 1.19 disagree, or where both accept what RFC 5280
    // forbids, on certificates, CSRs, keys and CRLs (their dates aside); every one found on the corpus
    // must be listed, and every one listed must be found.
    const found: string[] = [];
    for (const file of files) {
      for (const [index, o] of decodedObjects(file)) {
        if (!o.decoded.ok) continue;
        const v = o.decoded.view;
        const checks = v.kind === 'certificate' ? profileChecks(v) : v.kind === 'csr' ? csrChecks(v) : v.kind === 'crl' ? crlChecks(v, new Date(0), 0) : v.kind === 'privateKey' || v.kind === 'publicKey' ? keyChecks(v) : [];
        for (const c of checks) if (c.severity === 'warning' && verifierDependent.has(c.code)) found.push(`${file}#${index} ${c.code}`);
      }
    }
    assert.deepEqual(found.sort(), justifiedWarnings.map(([w]) => w).sort());
  });

  it('a private key OpenSSL cannot load, unless encrypted, is one Certwright cannot decode or says OpenSSL cannot load; and the other way round', () => {
    const disagreements: string[] = [];
    let keys = 0;
    for (const file of files) {
      const ours = decodedObjects(file);
      for (const r of record.files[file]!.objects) {
        if (r.kind !== 'privateKey') continue;
        keys++;
        const o = ours.get(r.index)?.decoded;
        const view = o?.ok && o.view.kind === 'privateKey' ? o.view : undefined;
        const certwrightLoads = view !== undefined && !view.opensslRefuses;
        if (r.ok !== certwrightLoads && !(r.encrypted && view?.encrypted)) disagreements.push(`${file}#${r.index}: openssl ${r.ok ? 'loads it' : `cannot (${String(r.error)})`}, certwright ${view ? (view.opensslRefuses ? `says OpenSSL cannot: ${view.opensslRefuses}` : 'says OpenSSL loads it') : 'cannot decode it'}`);
      }
    }
    console.log(`# keys: ${keys - disagreements.length}/${keys} private keys: whether OpenSSL loads them agrees`);
    assert.deepEqual(disagreements, []);
  });

  it('no key hover shows key material', () => {
    let keys = 0;
    for (const file of files) {
      for (const [, o] of decodedObjects(file)) {
        const b = o.block;
        if (!b || !/PRIVATE KEY|PUBLIC KEY/.test(b.block.label)) continue;
        keys++;
        const hover = hoverMarkdown(b, new Date(1767225600_000), 30, defaultLintSettings.rules);
        const body = b.block.base64.replace(/\s+/g, '');
        for (let i = 0; i + 16 <= body.length; i += 8) assert.ok(!hover.includes(body.slice(i, i + 16)), `${file}: hover shows key bytes`);
        assert.ok(!/[0-9a-f]{2}(:[0-9a-f]{2}){15}/i.test(hover) || !/PRIVATE/.test(b.block.label) || !/modulus|priv/i.test(hover), `${file}: hover shows a key dump`);
      }
    }
    assert.ok(keys >= 10, `${keys} keys`);
  });

  it('the Certificates view lists every file OpenSSL reads, none as unreadable', async () => {
    const unreadByOpenSsl = (file: string, row: string): boolean => {
      const block = /\(block (\d+)\)/.exec(row)?.[1];
      return block !== undefined && record.files[file]!.objects.find((o) => o.index === Number(block) - 1)?.ok === false;
    };
    const model = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(model, [root]);
    const tree = model.tree({ now: 1767225600_000, expiryWarningDays: 30 });
    const shown = new Map<string, string[]>();
    const visit = (n: { kind: string; locations: readonly { path: string }[]; label: string; tooltip: string; children: readonly unknown[] }): void => {
      for (const l of n.locations) {
        const rel = l.path.slice(root.length + 1);
        shown.set(rel, [...(shown.get(rel) ?? []), n.kind === 'error' ? `error: ${n.tooltip}` : n.kind]);
      }
      for (const c of n.children as (typeof n)[]) visit(c);
    };
    for (const r of tree.roots) visit(r as never);
    const problems: string[] = [];
    for (const file of files) {
      // A file of DH, DSA or EC parameters alone holds no certificate or key for the view.
      // Nor does a PKCS #7 without certificates or CRLs (pyca's enveloped.pem, EnvelopedData).
      if (!record.files[file]!.objects.some((o) => o.ok && o.kind !== 'parameters' && !(o.kind === 'pkcs7' && !o.certificates && !o.crls))) continue;
      const rows = shown.get(file);
      if (!rows) problems.push(`${file}: not in the tree`);
      // An error row is right for a block OpenSSL cannot read either (CPython's badcert.pem: broken base64 between good keys).
      else for (const r of rows) if (r.startsWith('error') && !unreadByOpenSsl(file, r)) problems.push(`${file}: ${r}`);
    }
    assert.deepEqual(problems, []);
  });

  it('chain verdicts agree with `openssl verify` given the same files', () => {
    const disagreements: string[] = [];
    for (const c of record.chains) {
      const model = new PkiWorkspace(nodePkiCrypto);
      for (const f of new Set([...c.anchors, ...c.untrusted, c.target])) model.setFile(join(root, f), 's', new Uint8Array(readFileSync(join(root, f))));
      const options = { now: c.attime * 1000, expiryWarningDays: 0 };
      const target = model.build(options);
      const id = [...target.items].find(([, item]) => item.kind === 'certificate' && item.origin.path === join(root, c.target))?.[0];
      assert.ok(id, `${c.name}: target in the tree`);
      const report = model.verifyChain(id, options);
      if (report.ok !== c.verify.ok) disagreements.push(`${c.name}: certwright ${report.ok ? 'OK' : `not OK (${report.problems.join('; ')})`}, openssl ${c.verify.ok ? 'OK' : `not OK (${c.verify.errors.map((e) => e.message).join('; ')})`}`);
    }
    console.log(`# chains: ${record.chains.length - disagreements.length}/${record.chains.length} verdicts agree with openssl verify`);
    assert.deepEqual(disagreements, []);
  });
});
