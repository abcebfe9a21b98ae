/**
 * Documentation catalogue for openssl.cnf, written for Certwright in our own
 * words (facts checked against OpenSSL 3.0; see shared/docs/openssl-cnf-rules.md).
 * Pure data plus small lookups: hover and completion render it.
 */

import type { SectionRole } from './model';
import { builtinModuleOf } from './vocabulary';

/** One documented name: a key, an extension, a value word. */
export interface Doc {
  readonly name: string;
  /** One sentence: what it is for. */
  readonly summary: string;
  /** Further Markdown (may be several sentences). */
  readonly detail?: string;
  /** What happens when the key is absent (text, not code). */
  readonly default?: string;
  /** A complete example line. */
  readonly example?: string;
  /** Other spellings OpenSSL accepts for the same thing (long names, aliases). */
  readonly aliases?: readonly string[];
  /** Which systems need it (CockroachDB, TiDB DM, PostgreSQL, Go...). */
  readonly neededBy?: string;
  /** Dotted OID, where there is one. */
  readonly oid?: string;
  /** Legacy or weak: still accepted, but not to be used in new files (completion shows it struck through). */
  readonly deprecated?: boolean;
}

/** The roles the catalogue documents keys for: the semantic model's section roles. */
export type DocRole = SectionRole;

/** What kind of value an extension takes: decides value completion and hover. */
export type ExtensionValueKind =
  | 'keyUsage'
  | 'extendedKeyUsage'
  | 'generalNames'
  | 'basicConstraints'
  | 'subjectKeyIdentifier'
  | 'authorityKeyIdentifier'
  | 'nsCertType'
  | 'text'
  | 'other';

export interface ExtensionDoc extends Doc {
  readonly valueKind: ExtensionValueKind;
  /** Whether the value may be `@section` (long form). */
  readonly sectionForm?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Section roles
// ---------------------------------------------------------------------------------------------

export const roleDocs: Readonly<Record<DocRole, Doc>> = {
  default: {
    name: 'default section',
    summary: 'Everything before the first `[ section ]` header. Any lookup that misses in a named section falls back here, which makes it the place for shared variables such as `HOME` or `dir`.',
  },
  req: {
    name: 'openssl req section',
    summary: 'Settings for `openssl req`: key generation defaults, where the subject comes from, and which extension sections go into the request or self-signed certificate.',
  },
  dn: {
    name: 'distinguished name section',
    summary: 'The subject fields of a request. With `prompt = no` each key is a field and its value is used as-is; otherwise each key is the question text and `<field>_default`, `_min`, `_max` refine the prompt.',
  },
  attributes: {
    name: 'attributes section',
    summary: 'Request attributes (PKCS#9) such as `challengePassword` and `unstructuredName`, with the same prompt conventions as the distinguished name section.',
  },
  extensions: {
    name: 'extension section',
    summary: 'X.509 v3 extensions to put into a certificate or request: one extension per key, `name = [critical,]value`.',
  },
  crlExtensions: {
    name: 'CRL extension section',
    summary: 'Extensions that `openssl ca -gencrl` puts into the CRL (typically `authorityKeyIdentifier`). Its presence makes the CRL version 2.',
  },
  ca: {
    name: 'openssl ca section',
    summary: 'Entry point for `openssl ca`: `default_ca` names the section holding the CA settings (overridable with `-name`).',
  },
  caSettings: {
    name: 'CA settings section',
    summary: 'Where `openssl ca` finds its database, serial file, CA certificate and key, validity, digest, policy and extension sections.',
  },
  policy: {
    name: 'policy section',
    summary: 'Which subject fields of an incoming request `openssl ca` checks: each DN field is `match` (must equal the CA\'s), `supplied` (must be present) or `optional`. Fields not listed are dropped from the issued certificate.',
  },
  generalNames: {
    name: 'general names section',
    summary: 'The entries of a `subjectAltName = @section` (or issuerAltName): each key is a name type, optionally with a `.suffix` so it can repeat (`DNS.1`, `DNS.2`, `IP.1`).',
  },
  dirName: {
    name: 'directory name section',
    summary: 'A distinguished name used inside a general name (`dirName:section`): one DN field per key, in order. Prefix a field with `+` to join it to the previous RDN.',
  },
  oids: {
    name: 'OID section',
    summary: 'Extra object identifiers named by `oid_section`: `shortName = 1.2.3.4` (or `shortName = Long Name, 1.2.3.4`) makes the name usable in DN fields and extensions.',
  },
  libraryInit: {
    name: 'library initialisation section',
    summary: 'Named by `openssl_conf`: configures the OpenSSL library itself (`providers`, `alg_section`, `ssl_conf`, `engines`, `random`).',
  },
  module: {
    name: 'library module section',
    summary: 'Settings of one library module (a provider list, a provider, algorithm or SSL settings), reached from the `openssl_conf` section.',
  },
  distributionPoint: {
    name: 'CRL distribution point section',
    summary: 'One CRL distribution point in long form: `fullname` (general names or `@section`), `relativename`, `CRLissuer` and `reasons`.',
  },
  policyInfo: {
    name: 'certificate policy section',
    summary: 'One certificate policy in long form for `certificatePolicies = @section`: `policyIdentifier` plus optional `CPS.N` URIs and `userNotice.N = @notice_section`.',
  },
  extensionValue: {
    name: 'extension value section',
    summary: 'The long form of an extension value (`name = @section`): the extension reads its own keys here, one per entry — for `issuingDistributionPoint`: `fullname`, `relativename`, `onlysomereasons`, `onlyuser`, `onlyCA`, `onlyAA`, `indirectCRL`.',
  },
  tsa: {
    name: 'openssl ts section',
    summary: 'Entry point for `openssl ts -reply`: `default_tsa` names the section holding the time-stamping authority\'s settings (overridable with `-section`).',
  },
  tsaSettings: {
    name: 'TSA settings section',
    summary: 'Where `openssl ts -reply` finds the time-stamping authority\'s serial file, signing certificate and key, chain, digests, policies and accuracy.',
  },
  asn1: {
    name: 'ASN.1 SEQUENCE / SET section',
    summary: 'The fields of a SEQUENCE or SET that an ASN.1 value names (`ASN1:SEQUENCE:sect`, `otherName = OID;SEQ:sect`, `SET:sect`): each value is one field, in order, written as `TYPE:value`; the keys only tell the fields apart.',
  },
  env: {
    name: '[ ENV ]',
    summary: '`$ENV::NAME` looks for NAME among the keys of this section first, then in the process environment, then in the default section. Keys written here never change the real environment.',
  },
};

// ---------------------------------------------------------------------------------------------
// Keys by section role
// ---------------------------------------------------------------------------------------------

const oidKeys: readonly Doc[] = [
  {
    name: 'oid_file',
    summary: 'A file of extra object identifiers, one per line as `OID shortName longName`.',
    default: 'none',
    example: 'oid_file = $ENV::HOME/.oid',
  },
  {
    name: 'oid_section',
    summary: 'Names a section whose `name = OID` lines register extra object identifiers before the rest of the file is used.',
    default: 'none',
    example: 'oid_section = new_oids',
  },
];

const defaultKeys: readonly Doc[] = [
  {
    name: 'openssl_conf',
    summary: 'Names the library initialisation section (providers, algorithm settings, SSL settings). Only read from the default section.',
    detail: 'If the named section does not exist, commands that load this file with `-config` fail with "openssl conf references missing section".',
    default: 'no library configuration',
    example: 'openssl_conf = openssl_init',
  },
  {
    name: 'config_diagnostics',
    summary: 'When non-zero, errors in the library configuration (missing sections, unknown modules) stop the program instead of being ignored. Only read from the default section.',
    default: '0 (errors ignored)',
    example: 'config_diagnostics = 1',
  },
  {
    name: 'HOME',
    summary: 'Conventional fallback so that `$ENV::HOME` still expands when the HOME environment variable is unset (OpenSSL looks in the default section after the environment).',
    example: 'HOME = .',
  },
  {
    name: 'RANDFILE',
    summary: 'File used to save and restore random seed state. Rarely needed with OpenSSL 3, which seeds itself from the operating system.',
    default: 'none',
    example: 'RANDFILE = $ENV::HOME/.rnd',
  },
  ...oidKeys,
];

const reqKeys: readonly Doc[] = [
  {
    name: 'default_bits',
    summary: 'Key size in bits when `openssl req -new` generates an RSA key without an explicit `-newkey rsa:N`.',
    detail: 'Values below 512 are refused; use at least 2048 (Go refuses RSA keys below 1024 in recent versions).',
    default: '2048',
    example: 'default_bits = 2048',
  },
  {
    name: 'default_keyfile',
    summary: 'Where a newly generated private key is written when `-keyout` is not given.',
    default: 'privkey.pem',
    example: 'default_keyfile = node.key',
  },
  {
    name: 'distinguished_name',
    summary: 'Names the section that supplies the subject fields of the request.',
    detail: 'Required unless the subject is given with `-subj`. A name that matches no section makes `openssl req` fail ("Unable to get \'dn\' section").',
    default: 'none (then `-subj` is needed)',
    example: 'distinguished_name = req_distinguished_name',
  },
  {
    name: 'attributes',
    summary: 'Names a section of request attributes (`challengePassword`, `unstructuredName`).',
    detail: 'Attributes go into the CSR only, never into the certificate. A name that matches no section is an error.',
    default: 'no attributes',
    example: 'attributes = req_attributes',
  },
  {
    name: 'req_extensions',
    summary: 'Names the extension section that goes into a certificate signing request (`openssl req -new`).',
    detail: 'Without it the CSR carries **no** extensions: a `subjectAltName` written in an unused section is silently lost. `-reqexts` on the command line overrides it.',
    default: 'no extensions in the request',
    example: 'req_extensions = v3_req',
  },
  {
    name: 'x509_extensions',
    summary: 'Names the extension section used when `openssl req -x509` makes a self-signed certificate.',
    detail: '`-extensions` on the command line overrides it. A name that matches no section makes the command fail.',
    default: 'OpenSSL 3 adds basicConstraints, subjectKeyIdentifier and authorityKeyIdentifier defaults',
    example: 'x509_extensions = v3_ca',
  },
  {
    name: 'prompt',
    summary: 'With exactly `no`, subject fields are taken literally from the distinguished name section and nothing is asked.',
    detail: 'Only the lowercase word `no` counts: `No`, `NO` or `false` leave prompting on, and the command waits for input.',
    default: 'prompt for each field',
    example: 'prompt = no',
  },
  {
    name: 'string_mask',
    summary: 'Limits which ASN.1 string types are used for subject fields.',
    detail: 'One of `utf8only` (UTF8String only, as RFC 5280 recommends), `pkix`, `nombstr`, `default`, or `MASK:<hex>`. Anything else is an error.',
    default: 'utf8only (OpenSSL 3)',
    example: 'string_mask = utf8only',
  },
  {
    name: 'encrypt_key',
    summary: 'With exactly `no`, a generated private key is written unencrypted (like `-noenc`).',
    detail: 'Go programs such as CockroachDB and TiDB DM cannot load an encrypted PEM key ("tls: failed to parse private key").',
    default: 'encrypt the key (asks for a pass phrase)',
    example: 'encrypt_key = no',
    aliases: ['encrypt_rsa_key'],
  },
  {
    name: 'encrypt_rsa_key',
    deprecated: true,
    summary: 'Older spelling of `encrypt_key`; read first when both are present.',
    example: 'encrypt_rsa_key = no',
  },
  {
    name: 'default_md',
    summary: 'Digest used to sign the request or self-signed certificate when `-<digest>` is not given.',
    detail: 'Prefer `sha256` or stronger; Go (CockroachDB, DM) rejects SHA-1 signatures.',
    default: 'the key type\'s default (SHA-256 for RSA and EC)',
    example: 'default_md = sha256',
  },
  {
    name: 'utf8',
    summary: 'With exactly `yes`, field values are read as UTF-8 instead of ASCII.',
    default: 'no',
    example: 'utf8 = yes',
  },
  {
    name: 'input_password',
    summary: 'Pass phrase for an encrypted input private key (same as `-passin`).',
    detail: 'Storing secrets in the config file is discouraged; prefer `-passin env:VAR` or `file:`.',
    default: 'ask when needed',
    example: 'input_password = $ENV::KEY_PASS',
  },
  {
    name: 'output_password',
    summary: 'Pass phrase used to encrypt a newly generated private key (same as `-passout`).',
    default: 'ask when needed',
    example: 'output_password = $ENV::KEY_PASS',
  },
  {
    name: 'RANDFILE',
    summary: 'File used to save and restore random seed state; rarely needed with OpenSSL 3.',
    example: 'RANDFILE = $ENV::HOME/.rnd',
  },
  {
    name: 'dirstring_type',
    deprecated: true,
    summary: 'Legacy predecessor of `string_mask`; use `string_mask` instead.',
  },
  ...oidKeys,
];

const caKeys: readonly Doc[] = [
  {
    name: 'default_ca',
    summary: 'Names the section with the CA settings that `openssl ca` uses unless `-name` picks another.',
    detail: 'Without it (and without `-name`) `openssl ca` fails: "variable lookup failed for ca::default_ca".',
    example: 'default_ca = CA_default',
  },
];

const caSettingsKeys: readonly Doc[] = [
  {
    name: 'dir',
    summary: 'Conventional variable for the CA\'s base directory, used as `$dir` in the paths below. `openssl ca` itself never reads it.',
    example: 'dir = ./demoCA',
  },
  {
    name: 'certs',
    summary: 'Conventional variable for where issued certificates are kept. Not read by `openssl ca`.',
    example: 'certs = $dir/certs',
  },
  {
    name: 'crl_dir',
    summary: 'Conventional variable for where CRLs are kept. Not read by `openssl ca`.',
    example: 'crl_dir = $dir/crl',
  },
  {
    name: 'crl',
    summary: 'Conventional variable for the current CRL file. Not read by `openssl ca`.',
    example: 'crl = $dir/crl.pem',
  },
  {
    name: 'database',
    summary: 'The text index of issued and revoked certificates (`index.txt`). Must exist (it may be empty) before the first `openssl ca` run.',
    detail: 'Required: without it `openssl ca` stops with "variable lookup failed for <section>::database".',
    example: 'database = $dir/index.txt',
  },
  {
    name: 'new_certs_dir',
    summary: 'Directory where `openssl ca` stores a copy of every certificate it issues, named by serial number.',
    detail: 'Required unless `-outdir` is given.',
    example: 'new_certs_dir = $dir/newcerts',
  },
  {
    name: 'certificate',
    summary: 'The CA certificate (PEM) that signs.',
    detail: 'Required unless `-cert` is given.',
    example: 'certificate = $dir/cacert.pem',
  },
  {
    name: 'private_key',
    summary: 'The CA private key (PEM).',
    detail: 'Required unless `-keyfile` is given. Keep it readable by its owner only.',
    example: 'private_key = $dir/private/cakey.pem',
  },
  {
    name: 'serial',
    summary: 'File holding the next serial number in hex; `openssl ca` updates it after each certificate.',
    detail: 'Required, even with `rand_serial`. Create it with a hex number, e.g. `01`.',
    example: 'serial = $dir/serial',
  },
  {
    name: 'rand_serial',
    summary: 'When yes, serial numbers are large random values instead of coming from the serial file.',
    default: 'no',
    example: 'rand_serial = yes',
  },
  {
    name: 'crlnumber',
    summary: 'File holding the next CRL number; when set, generated CRLs are version 2 and carry a CRL number.',
    default: 'no CRL number',
    example: 'crlnumber = $dir/crlnumber',
  },
  {
    name: 'default_days',
    summary: 'How many days issued certificates are valid.',
    detail: 'Needed unless `-days`, `-enddate` or `default_enddate` supplies the end date.',
    example: 'default_days = 365',
  },
  {
    name: 'default_startdate',
    summary: 'Start of validity for issued certificates, as `YYMMDDHHMMSSZ` or `YYYYMMDDHHMMSSZ`.',
    default: 'now',
    example: 'default_startdate = 20250101000000Z',
  },
  {
    name: 'default_enddate',
    summary: 'Fixed end of validity for issued certificates (same format as `default_startdate`); an alternative to `default_days`.',
    example: 'default_enddate = 20301231235959Z',
  },
  {
    name: 'default_crl_days',
    summary: 'Days until the next CRL is due (the CRL\'s nextUpdate).',
    detail: 'Needed for `openssl ca -gencrl` unless `default_crl_hours` or `-crldays` is given.',
    example: 'default_crl_days = 30',
  },
  {
    name: 'default_crl_hours',
    summary: 'Hours until the next CRL is due; added to `default_crl_days`.',
    example: 'default_crl_hours = 12',
  },
  {
    name: 'default_md',
    summary: 'Digest used to sign issued certificates and CRLs. `default` picks the key type\'s default.',
    detail: 'Required unless `-md` is given. Avoid `sha1`/`md5`: Go clients reject such signatures.',
    example: 'default_md = sha256',
  },
  {
    name: 'policy',
    summary: 'Names the policy section deciding which subject fields of a request must match the CA, must be present, or are optional.',
    detail: 'Required unless `-policy` is given.',
    example: 'policy = policy_match',
  },
  {
    name: 'x509_extensions',
    summary: 'Names the extension section put into every certificate this CA issues.',
    detail: '`-extensions` or `-extfile` override it. Without any extension section the certificate is version 1.',
    default: 'no extensions (v1 certificate)',
    example: 'x509_extensions = usr_cert',
  },
  {
    name: 'crl_extensions',
    summary: 'Names the extension section added to generated CRLs (makes them version 2).',
    default: 'version 1 CRL without extensions',
    example: 'crl_extensions = crl_ext',
  },
  {
    name: 'copy_extensions',
    summary: 'Whether extensions from the request are copied into the certificate: `none`, `copy` (only those not already set) or `copyall` (request wins).',
    detail: '`copyall` lets a request smuggle in `basicConstraints = CA:TRUE`; check requests or prefer `copy`. This is how SANs from a CSR reach the certificate.',
    default: 'none',
    example: 'copy_extensions = copy',
  },
  {
    name: 'unique_subject',
    summary: 'Whether two valid certificates with the same subject are refused. Only the first letter counts (`y`/`t`/`1` yes, `n`/`f`/`0` no).',
    default: 'yes',
    example: 'unique_subject = no',
  },
  {
    name: 'email_in_dn',
    summary: 'Whether the emailAddress field stays in the issued certificate\'s subject. Only the first letter counts.',
    default: 'yes',
    example: 'email_in_dn = no',
  },
  {
    name: 'preserve',
    summary: 'When yes, subject fields keep the request\'s order instead of the policy\'s order. Only the first letter counts.',
    default: 'no',
    example: 'preserve = no',
  },
  {
    name: 'msie_hack',
    deprecated: true,
    summary: 'Legacy workaround for very old Internet Explorer string types; do not use.',
    default: 'no',
  },
  {
    name: 'name_opt',
    summary: 'How subject names are displayed when `openssl ca` asks for confirmation (options as for `openssl x509 -nameopt`).',
    default: 'legacy display',
    example: 'name_opt = ca_default',
  },
  {
    name: 'cert_opt',
    summary: 'Which certificate fields are displayed for confirmation (options as for `openssl x509 -certopt`).',
    default: 'legacy display',
    example: 'cert_opt = ca_default',
  },
  {
    name: 'string_mask',
    summary: 'Limits the ASN.1 string types for subject fields: `utf8only`, `pkix`, `nombstr`, `default` or `MASK:<hex>`.',
    default: 'utf8only',
    example: 'string_mask = utf8only',
  },
  {
    name: 'utf8',
    summary: 'When `yes`, field values are read as UTF-8.',
    default: 'no',
    example: 'utf8 = yes',
  },
  {
    name: 'RANDFILE',
    summary: 'File used to save and restore random seed state; rarely needed with OpenSSL 3.',
    example: 'RANDFILE = $dir/private/.rand',
  },
  ...oidKeys,
];

const libraryInitKeys: readonly Doc[] = [
  { name: 'providers', summary: 'Names the section listing the providers to load (`default = default_sect`, `fips = fips_sect`).', example: 'providers = provider_sect' },
  { name: 'alg_section', summary: 'Names the section with algorithm settings such as `default_properties`.', example: 'alg_section = algorithm_sect' },
  { name: 'ssl_conf', summary: 'Names the section with TLS defaults (system-wide cipher and protocol settings).', example: 'ssl_conf = ssl_sect' },
  { name: 'engines', deprecated: true, summary: 'Names the section listing engines to load (deprecated in OpenSSL 3; prefer providers).', example: 'engines = engine_sect' },
  { name: 'random', summary: 'Names the section configuring the random number generators.', example: 'random = random_sect' },
  { name: 'oid_section', summary: 'Names a section of `name = OID` (or `name = long name, OID`) lines: each creates an object when the library loads the file.', example: 'oid_section = new_oids' },
  { name: 'stbl_section', summary: 'Names a section of string table settings for name fields: `field = min:N,max:N,mask:types,flags:nomask`.', example: 'stbl_section = string_tables' },
];

// ---------------------------------------------------------------------------------------------
// Distinguished name fields
// ---------------------------------------------------------------------------------------------

/** Subject/issuer name fields with their short names. */
export const dnFieldDocs: readonly Doc[] = [
  { name: 'countryName', aliases: ['C'], summary: 'Country, as a two-letter ISO 3166 code; any other length is refused.', example: 'countryName = US', oid: '2.5.4.6' },
  { name: 'stateOrProvinceName', aliases: ['ST'], summary: 'State or province, spelled out.', example: 'stateOrProvinceName = New York', oid: '2.5.4.8' },
  { name: 'localityName', aliases: ['L'], summary: 'City or locality.', example: 'localityName = Berlin', oid: '2.5.4.7' },
  { name: 'organizationName', aliases: ['O'], summary: 'Organisation. CockroachDB\'s documented configs use `O = Cockroach`.', example: 'organizationName = Example Ltd', oid: '2.5.4.10' },
  { name: 'organizationalUnitName', aliases: ['OU'], summary: 'Department or unit. CockroachDB treats `OU = Tenants` as a tenant client certificate.', example: 'organizationalUnitName = Platform', oid: '2.5.4.11' },
  {
    name: 'commonName',
    aliases: ['CN'],
    summary: 'The main name of the subject.',
    detail: 'For CockroachDB client certificates it is the SQL user (`client.<user>.crt`, `CN=<user>`), for node certificates traditionally `node`. PostgreSQL `cert` authentication compares it with the database user. Go clients ignore it for host name checks: put host names in subjectAltName.',
    example: 'commonName = node',
    oid: '2.5.4.3',
  },
  { name: 'emailAddress', summary: 'E-mail address in the subject (legacy; modern practice puts it in subjectAltName `email:`).', example: 'emailAddress = admin@example.com', oid: '1.2.840.113549.1.9.1' },
  { name: 'serialNumber', summary: 'Serial number of the subject (a device or person), not of the certificate.', example: 'serialNumber = 12345', oid: '2.5.4.5' },
  { name: 'streetAddress', aliases: ['street'], summary: 'Street address.', oid: '2.5.4.9' },
  { name: 'postalCode', summary: 'Postal code.', oid: '2.5.4.17' },
  { name: 'title', summary: 'Job title.', oid: '2.5.4.12' },
  { name: 'givenName', aliases: ['GN'], summary: 'Given name of a person.', oid: '2.5.4.42' },
  { name: 'surname', aliases: ['SN'], summary: 'Family name of a person.', oid: '2.5.4.4' },
  { name: 'initials', summary: 'Initials of a person.', oid: '2.5.4.43' },
  { name: 'pseudonym', summary: 'Pseudonym.', oid: '2.5.4.65' },
  { name: 'generationQualifier', summary: 'Generation suffix such as "Jr.".', oid: '2.5.4.44' },
  { name: 'dnQualifier', summary: 'Disambiguating qualifier for otherwise equal names.', oid: '2.5.4.46' },
  { name: 'domainComponent', aliases: ['DC'], summary: 'One label of a DNS domain, used in LDAP-style names (`DC=example, DC=com`).', oid: '0.9.2342.19200300.100.1.25' },
  { name: 'userId', aliases: ['UID'], summary: 'User identifier (LDAP uid).', oid: '0.9.2342.19200300.100.1.1' },
  { name: 'name', summary: 'Generic name attribute.', oid: '2.5.4.41' },
  { name: 'description', summary: 'Free-text description.', oid: '2.5.4.13' },
  { name: 'businessCategory', summary: 'Business category (used in EV certificates).', oid: '2.5.4.15' },
  { name: 'unstructuredName', summary: 'Free-form name (PKCS#9); mostly used as a request attribute.', oid: '1.2.840.113549.1.9.2' },
  { name: 'challengePassword', summary: 'Request attribute: a password the CA may ask for to revoke the certificate. It is stored in clear in the CSR.', oid: '1.2.840.113549.1.9.7' },
];

/** Suffixes of prompt-mode DN and attribute keys. */
export const dnSuffixDocs: readonly Doc[] = [
  { name: '_default', summary: 'Value used when the person just presses Enter, and the only value used with `-batch`.', example: 'commonName_default = node' },
  { name: '_min', summary: 'Minimum length of the answer.', example: 'countryName_min = 2' },
  { name: '_max', summary: 'Maximum length of the answer.', example: 'countryName_max = 2' },
  { name: '_value', summary: 'Legacy: a fixed value used without prompting.', example: 'commonName_value = test' },
];

// ---------------------------------------------------------------------------------------------
// Extensions
// ---------------------------------------------------------------------------------------------

export const extensionDocs: readonly ExtensionDoc[] = [
  {
    name: 'basicConstraints',
    valueKind: 'basicConstraints',
    summary: 'Says whether the certificate belongs to a CA (`CA:TRUE`) and, for a CA, how many intermediate CAs may follow it (`pathlen:N`).',
    detail: 'A CA certificate must have `CA:TRUE`, and it should be critical. Go (CockroachDB, DM) rejects chains through a v3 CA certificate without it. End-entity certificates use `CA:FALSE`.',
    default: 'absent (for `req -x509`, OpenSSL 3 adds `critical, CA:TRUE` by default)',
    example: 'basicConstraints = critical, CA:TRUE, pathlen:1',
    oid: '2.5.29.19',
  },
  {
    name: 'keyUsage',
    valueKind: 'keyUsage',
    summary: 'Restricts the cryptographic operations the key may be used for: a comma-separated list of usage words, usually marked critical.',
    detail: 'Words are case-sensitive. A CA needs `keyCertSign` (and `cRLSign` if it issues CRLs). A TLS leaf typically has `digitalSignature`, plus `keyEncipherment` for RSA keys.',
    default: 'absent: the key may be used for anything',
    example: 'keyUsage = critical, digitalSignature, keyEncipherment',
    oid: '2.5.29.15',
  },
  {
    name: 'extendedKeyUsage',
    valueKind: 'extendedKeyUsage',
    summary: 'Lists the purposes the certificate may be used for (TLS server, TLS client, code signing...), by name or dotted OID.',
    detail: 'Names are case-sensitive. When the extension is present, TLS stacks check it: a server certificate needs `serverAuth`, a client certificate `clientAuth`. Certificates that act as both (CockroachDB node certificates, TiDB DM components) need both.',
    default: 'absent: usable for any purpose',
    example: 'extendedKeyUsage = serverAuth, clientAuth',
    oid: '2.5.29.37',
  },
  {
    name: 'subjectAltName',
    valueKind: 'generalNames',
    sectionForm: true,
    summary: 'The names the certificate is valid for: host names (`DNS:`), addresses (`IP:`), URIs, e-mail addresses and more.',
    detail: 'TLS clients match the host they connect to against these entries only; Go-based systems (CockroachDB, DM) no longer fall back to the common name. Use the short form `DNS:a, IP:10.0.0.1` or `@section` with `DNS.1 = ...` lines. In a request, it only takes effect if its section is named by `req_extensions`.',
    default: 'absent',
    example: 'subjectAltName = @alt_names',
    oid: '2.5.29.17',
  },
  {
    name: 'issuerAltName',
    valueKind: 'generalNames',
    sectionForm: true,
    summary: 'Alternative names of the issuer, in the same syntax as subjectAltName; `issuer:copy` copies the issuer certificate\'s subjectAltName.',
    default: 'absent',
    example: 'issuerAltName = issuer:copy',
    oid: '2.5.29.18',
  },
  {
    name: 'subjectKeyIdentifier',
    valueKind: 'subjectKeyIdentifier',
    summary: 'An identifier of the certificate\'s public key, used to build chains: `hash` computes it from the key.',
    detail: 'Values: `hash` (the usual choice), `none` (leave it out), or explicit hex bytes.',
    default: 'absent (OpenSSL 3 adds it by default to certificates it creates with `req -x509` and `x509`)',
    example: 'subjectKeyIdentifier = hash',
    oid: '2.5.29.14',
  },
  {
    name: 'authorityKeyIdentifier',
    valueKind: 'authorityKeyIdentifier',
    summary: 'Identifies the issuer\'s key (and optionally its name and serial) so verifiers find the right CA certificate.',
    detail: 'Values: `keyid` and/or `issuer`, each optionally `:always`, or `none`. It needs an issuer certificate, so it fails in a request section (`req_extensions`): "no issuer certificate".',
    default: 'absent',
    example: 'authorityKeyIdentifier = keyid:always, issuer',
    oid: '2.5.29.35',
  },
  {
    name: 'crlDistributionPoints',
    valueKind: 'generalNames',
    sectionForm: true,
    summary: 'Where relying parties can download the CRL: a list like subjectAltName (`URI:http://...`) or a section with `fullname`, `relativename`, `CRLissuer`, `reasons`.',
    default: 'absent',
    example: 'crlDistributionPoints = URI:http://ca.example.com/root.crl',
    oid: '2.5.29.31',
  },
  {
    name: 'freshestCRL',
    valueKind: 'generalNames',
    sectionForm: true,
    summary: 'Where delta CRLs can be found; same syntax as crlDistributionPoints.',
    oid: '2.5.29.46',
  },
  {
    name: 'issuingDistributionPoint',
    valueKind: 'other',
    sectionForm: true,
    summary: 'CRL extension describing which certificates a CRL covers; always given as `@section`.',
    oid: '2.5.29.28',
  },
  {
    name: 'authorityInfoAccess',
    valueKind: 'other',
    sectionForm: true,
    summary: 'Where to find the issuer\'s certificate and its OCSP responder: entries `method;location`, e.g. `OCSP;URI:http://ocsp.example.com`, `caIssuers;URI:http://ca.example.com/ca.crt`.',
    default: 'absent',
    example: 'authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://ca.example.com/ca.crt',
    oid: '1.3.6.1.5.5.7.1.1',
  },
  {
    name: 'subjectInfoAccess',
    valueKind: 'other',
    sectionForm: true,
    summary: 'Where to find services offered by the subject (same `method;location` syntax as authorityInfoAccess).',
    oid: '1.3.6.1.5.5.7.1.11',
  },
  {
    name: 'certificatePolicies',
    valueKind: 'other',
    sectionForm: true,
    summary: 'Policy OIDs the certificate was issued under, optionally with qualifiers given in `@section` form (`policyIdentifier`, `CPS.1`, `userNotice.1`); add `ia5org` first for old clients.',
    example: 'certificatePolicies = 2.23.140.1.2.1',
    oid: '2.5.29.32',
  },
  {
    name: 'policyConstraints',
    valueKind: 'other',
    summary: 'CA extension limiting policy mapping: `requireExplicitPolicy:N`, `inhibitPolicyMapping:N`.',
    example: 'policyConstraints = requireExplicitPolicy:0',
    oid: '2.5.29.36',
  },
  {
    name: 'policyMappings',
    valueKind: 'other',
    sectionForm: true,
    summary: 'CA extension mapping issuer policy OIDs to subject policy OIDs (`issuerOID:subjectOID`).',
    oid: '2.5.29.33',
  },
  {
    name: 'inhibitAnyPolicy',
    valueKind: 'other',
    summary: 'CA extension: after this many further certificates the special anyPolicy no longer counts.',
    example: 'inhibitAnyPolicy = 0',
    oid: '2.5.29.54',
  },
  {
    name: 'nameConstraints',
    valueKind: 'other',
    sectionForm: true,
    summary: 'CA extension restricting which names subordinate certificates may contain: entries `permitted;TYPE:value` or `excluded;TYPE:value`.',
    detail: 'IP ranges are written as address/netmask (`IP:10.0.0.0/255.0.0.0`), not CIDR.',
    example: 'nameConstraints = critical, permitted;DNS:.example.com, permitted;IP:10.0.0.0/255.0.0.0',
    oid: '2.5.29.30',
  },
  {
    name: 'noCheck',
    valueKind: 'other',
    summary: 'For OCSP responder certificates: tells clients not to check the responder certificate\'s own revocation. Any value (e.g. `ignored`).',
    example: 'noCheck = ignored',
    oid: '1.3.6.1.5.5.7.48.1.5',
  },
  {
    name: 'tlsfeature',
    valueKind: 'other',
    summary: 'TLS features the certificate requires; `status_request` is the "OCSP must-staple" flag.',
    example: 'tlsfeature = status_request',
    oid: '1.3.6.1.5.5.7.1.24',
  },
  {
    name: 'nsComment',
    valueKind: 'text',
    summary: 'A free-text comment stored in the certificate (legacy Netscape extension, harmless).',
    example: 'nsComment = "OpenSSL Generated Certificate"',
    oid: '2.16.840.1.113730.1.13',
  },
  {
    name: 'nsCertType',
    valueKind: 'nsCertType',
    deprecated: true,
    summary: 'Legacy Netscape certificate type flags (`client`, `server`, `email`, `objsign`, `sslCA`, `emailCA`, `objCA`). Superseded by extendedKeyUsage.',
    example: 'nsCertType = server',
    oid: '2.16.840.1.113730.1.1',
  },
  { name: 'nsBaseUrl', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape base URL.', oid: '2.16.840.1.113730.1.2' },
  { name: 'nsRevocationUrl', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape revocation check URL.', oid: '2.16.840.1.113730.1.3' },
  { name: 'nsCaRevocationUrl', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape CA revocation URL.', oid: '2.16.840.1.113730.1.4' },
  { name: 'nsRenewalUrl', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape renewal URL.', oid: '2.16.840.1.113730.1.7' },
  { name: 'nsCaPolicyUrl', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape CA policy URL.', oid: '2.16.840.1.113730.1.8' },
  { name: 'nsSslServerName', valueKind: 'text', deprecated: true, summary: 'Legacy Netscape SSL server name.', oid: '2.16.840.1.113730.1.12' },
  { name: 'crlNumber', valueKind: 'other', summary: 'CRL extension: the CRL\'s sequence number. `openssl ca -gencrl` sets it from the `crlnumber` file.', oid: '2.5.29.20' },
  { name: 'deltaCRL', valueKind: 'other', summary: 'CRL extension marking a delta CRL, with the number of the base CRL it updates.', oid: '2.5.29.27' },
  { name: 'sbgp-ipAddrBlock', valueKind: 'other', sectionForm: true, summary: 'RFC 3779 IP address delegation (RPKI certificates).', oid: '1.3.6.1.5.5.7.1.7' },
  { name: 'sbgp-autonomousSysNum', valueKind: 'other', sectionForm: true, summary: 'RFC 3779 autonomous system number delegation (RPKI certificates).', oid: '1.3.6.1.5.5.7.1.8' },
  { name: 'ct_precert_poison', valueKind: 'other', summary: 'Certificate Transparency poison: marks a precertificate that must never be used as a certificate. Value `NULL`.', oid: '1.3.6.1.4.1.11129.2.4.3' },
  { name: 'proxyCertInfo', valueKind: 'other', summary: 'RFC 3820 proxy certificate information (language and path length), normally via `@section`.', oid: '1.3.6.1.5.5.7.1.14' },
  { name: 'subjectSignTool', valueKind: 'text', summary: 'Russian GOST extension naming the signing tool of the subject.', oid: '1.2.643.100.111' },
];

// ---------------------------------------------------------------------------------------------
// Extension values
// ---------------------------------------------------------------------------------------------

/**
 * The types ASN1_generate_nconf reads (`ASN1:TYPE:value`, an otherName's `OID;TYPE:value`, the
 * fields of a SEQUENCE / SET section, asn1parse -genconf), each under the name OpenSSL's manual
 * uses first, with its other spellings (the type is case-insensitive).
 */
export const asn1TypeDocs: readonly Doc[] = [
  { name: 'UTF8String', aliases: ['UTF8'], summary: 'Text in UTF-8.', example: 'UTF8String:Example Ltd' },
  { name: 'PRINTABLESTRING', aliases: ['PRINTABLE'], summary: 'Text of letters, digits, space and `\'()+,-./:=?` only.', example: 'PRINTABLESTRING:Example' },
  { name: 'IA5STRING', aliases: ['IA5'], summary: 'ASCII text (e-mail addresses, URIs).', example: 'IA5STRING:admin@example.com' },
  { name: 'INTEGER', aliases: ['INT'], summary: 'A whole number, decimal or hexadecimal with `0x`.', example: 'INTEGER:0x0100' },
  { name: 'BOOLEAN', aliases: ['BOOL'], summary: '`TRUE` or `FALSE` (also `YES`/`NO`, `Y`/`N`; all in upper or all in lower case).', example: 'BOOLEAN:TRUE' },
  { name: 'OBJECT', aliases: ['OID'], summary: 'An object identifier: a dotted OID or an object name OpenSSL knows (or oid_section defines).', example: 'OID:1.2.3.4' },
  { name: 'SEQUENCE', aliases: ['SEQ'], summary: 'A SEQUENCE whose fields are the values of the section named after the colon, in order. OpenSSL nests at most 50 such sections.', example: 'SEQUENCE:my_seq' },
  { name: 'SET', summary: 'A SET whose members are the values of the section named after the colon.', example: 'SET:my_set' },
  { name: 'OCTETSTRING', aliases: ['OCT'], summary: 'Bytes: the text as it is, or hex digits after `FORMAT:HEX,`.', example: 'FORMAT:HEX,OCTETSTRING:DEADBEEF' },
  { name: 'BITSTRING', aliases: ['BITSTR'], summary: 'Bits: hex after `FORMAT:HEX,`, or bit numbers after `FORMAT:BITLIST,`.', example: 'FORMAT:BITLIST,BITSTRING:1,5' },
  { name: 'NULL', summary: 'The NULL value: nothing after the type.', example: 'NULL' },
  { name: 'ENUMERATED', aliases: ['ENUM'], summary: 'An enumerated value, written as an integer.', example: 'ENUMERATED:2' },
  { name: 'UTCTIME', aliases: ['UTC'], summary: 'A time as `YYMMDDHHMMSSZ`.', example: 'UTCTIME:260101000000Z' },
  { name: 'GENERALIZEDTIME', aliases: ['GENTIME'], summary: 'A time as `YYYYMMDDHHMMSSZ`.', example: 'GENERALIZEDTIME:20260101000000Z' },
  { name: 'NUMERICSTRING', aliases: ['NUMERIC'], summary: 'Digits and spaces only.', example: 'NUMERICSTRING:0123 4567' },
  { name: 'VISIBLESTRING', aliases: ['VISIBLE'], summary: 'Printable ASCII text (no control characters).', example: 'VISIBLESTRING:Example' },
  { name: 'BMPSTRING', aliases: ['BMP'], summary: 'Text stored as UCS-2 (two bytes per character).', example: 'BMPSTRING:Example' },
  { name: 'UNIVERSALSTRING', aliases: ['UNIV'], summary: 'Text stored as UCS-4 (four bytes per character).', example: 'UNIVERSALSTRING:Example' },
  { name: 'T61STRING', aliases: ['T61', 'TELETEXSTRING'], summary: 'A TeletexString: legacy text, bytes taken as they are.', example: 'T61STRING:Example' },
  { name: 'GeneralString', aliases: ['GENSTR'], summary: 'A GeneralString: legacy text, bytes taken as they are.', example: 'GeneralString:Example' },
];

export const criticalDoc: Doc = {
  name: 'critical',
  summary: 'Marks the extension critical: a verifier that does not understand it must reject the certificate.',
  detail: 'Must be the very first word, in lowercase, followed by a comma (`critical, ...`). `CRITICAL,` or `critical CA:TRUE` are read as part of the value and fail.',
  example: 'keyUsage = critical, digitalSignature',
};

export const keyUsageDocs: readonly Doc[] = [
  {
    name: 'digitalSignature',
    aliases: ['Digital Signature'],
    summary: 'The key signs data other than certificates and CRLs, e.g. the TLS handshake.',
    neededBy: 'every TLS server and client certificate with an ECDSA/Ed25519 key or RSA with ECDHE; CockroachDB node and client certificates (`critical,digitalSignature,keyEncipherment`); TiDB DM component certificates.',
  },
  {
    name: 'nonRepudiation',
    aliases: ['Non Repudiation'],
    summary: 'The key signs content whose signer must not be able to deny it later.',
    detail: 'RFC 5280 renamed this bit contentCommitment, but OpenSSL 3.0 accepts only `nonRepudiation` / `Non Repudiation` in a config file.',
    neededBy: 'not needed for TLS; CockroachDB\'s documented CA config lists it.',
  },
  {
    name: 'keyEncipherment',
    aliases: ['Key Encipherment'],
    summary: 'The public key encrypts session keys (RSA key transport, as in TLS 1.2 RSA key exchange).',
    neededBy: 'RSA server certificates used with RSA key exchange; CockroachDB node and client certificates list it. Meaningless for EC keys.',
  },
  {
    name: 'dataEncipherment',
    aliases: ['Data Encipherment'],
    summary: 'The public key encrypts user data directly (rare).',
    neededBy: 'rarely anything.',
  },
  {
    name: 'keyAgreement',
    aliases: ['Key Agreement'],
    summary: 'The key takes part in a Diffie-Hellman / ECDH key agreement as a static key.',
    neededBy: 'static (EC)DH certificates; not needed for ordinary ECDHE TLS.',
  },
  {
    name: 'keyCertSign',
    aliases: ['Certificate Sign'],
    summary: 'The key signs certificates: the defining usage of a CA.',
    neededBy: 'every CA certificate that has a keyUsage extension. Without it Go (CockroachDB, DM) rejects the chain ("parent certificate cannot sign this kind of certificate") and `openssl verify` reports "invalid CA certificate".',
  },
  {
    name: 'cRLSign',
    aliases: ['CRL Sign'],
    summary: 'The key signs certificate revocation lists.',
    neededBy: 'CAs that publish CRLs.',
  },
  {
    name: 'encipherOnly',
    aliases: ['Encipher Only'],
    summary: 'Together with keyAgreement: the agreed key may only be used to encrypt.',
    neededBy: 'rarely anything.',
  },
  {
    name: 'decipherOnly',
    aliases: ['Decipher Only'],
    summary: 'Together with keyAgreement: the agreed key may only be used to decrypt.',
    neededBy: 'rarely anything.',
  },
];

export const extendedKeyUsageDocs: readonly Doc[] = [
  {
    name: 'serverAuth',
    aliases: ['TLS Web Server Authentication'],
    oid: '1.3.6.1.5.5.7.3.1',
    summary: 'The certificate may identify a TLS server.',
    neededBy: 'every TLS server certificate; CockroachDB node certificates (with clientAuth); TiDB DM: all component certificates, including dmctl client certificates, because DM verifies every peer as a server.',
  },
  {
    name: 'clientAuth',
    aliases: ['TLS Web Client Authentication'],
    oid: '1.3.6.1.5.5.7.3.2',
    summary: 'The certificate may identify a TLS client.',
    neededBy: 'CockroachDB client certificates (`client.<user>.crt`) and node certificates (nodes also connect to each other); TiDB DM certificates when `cert-allowed-cn` is set; PostgreSQL client certificates (OpenSSL checks the client purpose when an EKU is present).',
  },
  { name: 'codeSigning', aliases: ['Code Signing'], oid: '1.3.6.1.5.5.7.3.3', summary: 'The certificate may sign executable code.' },
  { name: 'emailProtection', aliases: ['E-mail Protection'], oid: '1.3.6.1.5.5.7.3.4', summary: 'The certificate may sign or encrypt e-mail (S/MIME).' },
  { name: 'timeStamping', aliases: ['Time Stamping'], oid: '1.3.6.1.5.5.7.3.8', summary: 'The certificate may sign time-stamp tokens (RFC 3161); a TSA certificate must have only this usage, marked critical.' },
  { name: 'OCSPSigning', aliases: ['OCSP Signing'], oid: '1.3.6.1.5.5.7.3.9', summary: 'The certificate may sign OCSP responses on behalf of its CA.' },
  { name: 'ipsecIKE', aliases: ['ipsec Internet Key Exchange'], oid: '1.3.6.1.5.5.7.3.17', summary: 'The certificate may be used for IPsec IKE authentication.' },
  { name: 'ipsecEndSystem', aliases: ['IPSec End System'], oid: '1.3.6.1.5.5.7.3.5', summary: 'Legacy IPsec end-system usage.' },
  { name: 'ipsecTunnel', aliases: ['IPSec Tunnel'], oid: '1.3.6.1.5.5.7.3.6', summary: 'Legacy IPsec tunnel usage.' },
  { name: 'ipsecUser', aliases: ['IPSec User'], oid: '1.3.6.1.5.5.7.3.7', summary: 'Legacy IPsec user usage.' },
  { name: 'msCodeInd', aliases: ['Microsoft Individual Code Signing'], oid: '1.3.6.1.4.1.311.2.1.21', summary: 'Microsoft Authenticode signing by an individual.' },
  { name: 'msCodeCom', aliases: ['Microsoft Commercial Code Signing'], oid: '1.3.6.1.4.1.311.2.1.22', summary: 'Microsoft Authenticode signing by a company.' },
  { name: 'msCTLSign', aliases: ['Microsoft Trust List Signing'], oid: '1.3.6.1.4.1.311.10.3.1', summary: 'Signing Microsoft certificate trust lists.' },
  { name: 'msEFS', aliases: ['Microsoft Encrypted File System'], oid: '1.3.6.1.4.1.311.10.3.4', summary: 'Microsoft Encrypting File System.' },
  { name: 'msSGC', deprecated: true, aliases: ['Microsoft Server Gated Crypto'], oid: '1.3.6.1.4.1.311.10.3.3', summary: 'Obsolete export-era "server gated crypto" flag.' },
  { name: 'nsSGC', deprecated: true, aliases: ['Netscape Server Gated Crypto'], oid: '2.16.840.1.113730.4.1', summary: 'Obsolete Netscape export-era flag.' },
  { name: 'msSmartcardLogin', aliases: ['Microsoft Smartcard Login'], oid: '1.3.6.1.4.1.311.20.2.2', summary: 'Windows smart-card logon.' },
  { name: 'anyExtendedKeyUsage', aliases: ['Any Extended Key Usage'], oid: '2.5.29.37.0', summary: 'Any purpose. Some verifiers (Go among them) accept it for every usage; avoid it on leaf certificates.' },
];

export interface GeneralNameDoc extends Doc {
  /** Example value after `TYPE:`. */
  readonly valueExample: string;
}

export const generalNameDocs: readonly GeneralNameDoc[] = [
  {
    name: 'DNS',
    summary: 'A DNS host name (a leading `*.` makes a wildcard for one label).',
    detail: 'Put IP addresses under `IP`, not `DNS`: Go clients (CockroachDB, DM) match an address only against IP entries.',
    valueExample: 'node1.example.com',
    example: 'DNS.1 = node1.example.com',
  },
  {
    name: 'IP',
    summary: 'An IPv4 or IPv6 address, written literally.',
    detail: 'Host names, CIDR ranges (`10.0.0.0/8`) and zone ids (`%eth0`) are refused ("bad ip address"). CockroachDB and DM need every address that clients dial here.',
    valueExample: '10.0.0.1',
    example: 'IP.1 = 127.0.0.1',
  },
  {
    name: 'email',
    summary: 'An e-mail address. `email:copy` copies the subject\'s emailAddress fields; `email:move` also removes them from the subject.',
    valueExample: 'admin@example.com',
    example: 'email.1 = admin@example.com',
  },
  {
    name: 'URI',
    summary: 'A uniform resource identifier, e.g. a SPIFFE ID or CockroachDB\'s `crdb://tenant/<id>/user/<name>`.',
    detail: 'A URI containing a comma must be given in `@section` form.',
    valueExample: 'spiffe://example.org/service',
    example: 'URI.1 = https://example.com/',
  },
  {
    name: 'RID',
    summary: 'A registered object identifier, written as a dotted OID or a known short name.',
    valueExample: '1.2.3.4',
    example: 'RID.1 = 1.2.3.4',
  },
  {
    name: 'dirName',
    summary: 'A directory (X.500) name, given as the name of a section whose keys are the DN fields.',
    valueExample: 'dir_sect',
    example: 'dirName.1 = dir_sect',
  },
  {
    name: 'otherName',
    summary: 'A name of another type: `OID;TYPE:value`, with the value in ASN1_generate syntax (e.g. a Microsoft UPN).',
    valueExample: '1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com',
    example: 'otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com',
  },
];

export const basicConstraintsDocs: readonly Doc[] = [
  { name: 'CA:TRUE', summary: 'This certificate is a CA and may sign certificates (pair it with `keyCertSign` in keyUsage).', aliases: ['CA:true', 'CA:Y', 'CA:y', 'CA:YES', 'CA:yes'] },
  { name: 'CA:FALSE', summary: 'This certificate is an end entity and must not sign certificates.', aliases: ['CA:false', 'CA:N', 'CA:n', 'CA:NO', 'CA:no'] },
  { name: 'pathlen', summary: 'Maximum number of intermediate CAs that may follow this CA in a chain (`pathlen:0` = may only sign end entities). Only meaningful with `CA:TRUE`.', example: 'basicConstraints = critical, CA:TRUE, pathlen:0' },
];

export const subjectKeyIdentifierDocs: readonly Doc[] = [
  { name: 'hash', summary: 'Compute the identifier from the public key (SHA-1 of the key bits, per RFC 5280 method 1).' },
  { name: 'none', summary: 'Leave the extension out, even where OpenSSL would add it by default.' },
];

export const authorityKeyIdentifierDocs: readonly Doc[] = [
  { name: 'keyid', summary: 'Copy the issuer\'s subject key identifier, if the issuer has one.' },
  { name: 'keyid:always', summary: 'Copy the issuer\'s subject key identifier, and fail if there is none.' },
  { name: 'issuer', summary: 'Include the issuer\'s name and serial number when there is no key identifier.' },
  { name: 'issuer:always', summary: 'Always include the issuer\'s name and serial number.' },
  { name: 'none', summary: 'Leave the extension out.' },
];

export const nsCertTypeDocs: readonly Doc[] = [
  { name: 'client', aliases: ['SSL Client'], summary: 'TLS client.' },
  { name: 'server', aliases: ['SSL Server'], summary: 'TLS server.' },
  { name: 'email', aliases: ['S/MIME'], summary: 'S/MIME e-mail.' },
  { name: 'objsign', aliases: ['Object Signing'], summary: 'Object (code) signing.' },
  { name: 'reserved', aliases: ['Unused'], summary: 'Reserved bit.' },
  { name: 'sslCA', aliases: ['SSL CA'], summary: 'CA for TLS certificates.' },
  { name: 'emailCA', aliases: ['S/MIME CA'], summary: 'CA for S/MIME certificates.' },
  { name: 'objCA', aliases: ['Object Signing CA'], summary: 'CA for object-signing certificates.' },
];

/** Values of keys that take a fixed vocabulary, by key name. */
export const keyValueDocs: Readonly<Record<string, readonly Doc[]>> = {
  string_mask: [
    { name: 'utf8only', summary: 'Only UTF8String, as RFC 5280 recommends (the OpenSSL 3 default).' },
    { name: 'pkix', summary: 'PrintableString where possible, else BMPString or UTF8String.' },
    { name: 'nombstr', summary: 'PrintableString and T61String only (no multi-byte strings); for very old software.' },
    { name: 'default', summary: 'Any string type, PrintableString where possible.' },
    { name: 'MASK:', summary: 'An explicit bit mask of allowed ASN.1 string types, in hex (`MASK:0x2002`).' },
  ],
  copy_extensions: [
    { name: 'none', summary: 'Ignore the request\'s extensions (default).' },
    { name: 'copy', summary: 'Copy request extensions the CA section does not set itself (how CSR SANs reach the certificate).' },
    { name: 'copyall', summary: 'Copy all request extensions, overriding the CA\'s own; a request can then ask for CA:TRUE.' },
  ],
  prompt: [
    { name: 'no', summary: 'Take the subject from the distinguished name section without asking.' },
    { name: 'yes', summary: 'Ask for each field (any value other than `no` means this).' },
  ],
  encrypt_key: [
    { name: 'no', summary: 'Write the generated private key without a pass phrase.' },
    { name: 'yes', summary: 'Encrypt the generated key (any value other than `no` means this).' },
  ],
  encrypt_rsa_key: [
    { name: 'no', summary: 'Write the generated private key without a pass phrase.' },
    { name: 'yes', summary: 'Encrypt the generated key.' },
  ],
  utf8: [
    { name: 'yes', summary: 'Read field values as UTF-8.' },
    { name: 'no', summary: 'Read field values as ASCII (default).' },
  ],
  unique_subject: [
    { name: 'yes', summary: 'Refuse to issue a second valid certificate with the same subject (default).' },
    { name: 'no', summary: 'Allow several valid certificates with the same subject (handy when renewing).' },
  ],
  email_in_dn: [
    { name: 'yes', summary: 'Keep emailAddress in the subject (default).' },
    { name: 'no', summary: 'Drop emailAddress from the issued subject.' },
  ],
  preserve: [
    { name: 'no', summary: 'Order subject fields as the policy lists them (default).' },
    { name: 'yes', summary: 'Keep the request\'s field order.' },
  ],
  rand_serial: [
    { name: 'yes', summary: 'Use large random serial numbers.' },
    { name: 'no', summary: 'Use the serial file (default).' },
  ],
  default_md: [
    { name: 'sha256', summary: 'SHA-256: the usual choice.' },
    { name: 'sha384', summary: 'SHA-384.' },
    { name: 'sha512', summary: 'SHA-512.' },
    { name: 'default', summary: 'The key type\'s default digest (SHA-256 for RSA and EC keys).' },
    { name: 'sha1', deprecated: true, summary: 'SHA-1: broken for signatures. Go (CockroachDB, TiDB DM) rejects certificates signed with it.' },
    { name: 'md5', deprecated: true, summary: 'MD5: broken for signatures. OpenSSL still signs with it, but Go (CockroachDB, TiDB DM) and browsers reject such certificates.' },
  ],
  name_opt: [
    { name: 'ca_default', summary: 'The display format recommended for `openssl ca`.' },
    { name: 'oneline', summary: 'One line, OpenSSL\'s traditional form.' },
    { name: 'multiline', summary: 'One field per line.' },
    { name: 'RFC2253', summary: 'The RFC 2253 string form.' },
  ],
  cert_opt: [{ name: 'ca_default', summary: 'The field selection recommended for `openssl ca`.' }],
  config_diagnostics: [
    { name: '1', summary: 'Stop on library configuration errors.' },
    { name: '0', summary: 'Ignore library configuration errors (default).' },
  ],
};

/** Values of a policy section's keys. */
export const policyValueDocs: readonly Doc[] = [
  { name: 'match', summary: 'The request\'s field must be present and equal to the same field of the CA certificate.' },
  { name: 'supplied', summary: 'The request must contain the field, with any value.' },
  { name: 'optional', summary: 'The field may be present or not; it is kept if present.' },
];

// ---------------------------------------------------------------------------------------------
// Directives, pragmas, variables
// ---------------------------------------------------------------------------------------------

export const directiveDocs: readonly Doc[] = [
  {
    name: '.include',
    summary: 'Reads another file (or every `*.cnf`/`*.conf` file of a directory) at this point, as if its text were here.',
    detail: 'A relative path is taken from `OPENSSL_CONF_INCLUDE`, else `.pragma includedir`, else the **current working directory**, not this file\'s folder. A missing file is skipped silently. The section current at the end of the included file stays current afterwards.',
    example: '.include /etc/ssl/openssl.d',
  },
  {
    name: '.pragma',
    summary: 'Changes how the rest of this file is read: `dollarid`, `abspath` or `includedir`, written `keyword:value`.',
    example: '.pragma dollarid:on',
  },
];

export const pragmaDocs: readonly Doc[] = [
  { name: 'dollarid', summary: 'With `on`, `$` may be part of names and only `${...}` / `$(...)` expand variables.', example: '.pragma dollarid:on' },
  { name: 'abspath', summary: 'With `on`, a relative `.include` path is an error.', example: '.pragma abspath:on' },
  { name: 'includedir', summary: 'Directory that relative `.include` paths are resolved against (the environment variable OPENSSL_CONF_INCLUDE wins).', example: '.pragma includedir:/etc/ssl' },
];

export const variableDoc: Doc = {
  name: '$variable',
  summary: 'Replaced by the value of an earlier key when the file is loaded: `$name` / `${name}` from the current section, `$section::name` from another, `$ENV::NAME` from the environment.',
  detail: 'Only names defined **above** this line count; a name missing from the named section is looked up in the default section. Names stop at the first character outside `A-Z a-z 0-9 _`.',
};

export const sectionReferenceDoc: Doc = {
  name: '@section',
  summary: 'Long form: the entries of the named section make up the extension value, one per key.',
};

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

const distributionPointKeys: readonly Doc[] = [
  { name: 'fullname', summary: 'Where the CRL is: general names such as `URI:http://...`, or `@section`.', example: 'fullname = URI:http://ca.example.com/ca.crl' },
  { name: 'relativename', summary: 'A name relative to the CRL issuer\'s name (a DN section); rarely used.', example: 'relativename = rel_dn' },
  { name: 'CRLissuer', summary: 'Who signs the CRL, when it is not the certificate\'s issuer (general names).', example: 'CRLissuer = dirName:issuer_dn' },
  { name: 'reasons', summary: 'Revocation reasons this point covers: `keyCompromise`, `CACompromise`, `affiliationChanged`, `superseded`, `cessationOfOperation`, `certificateHold`, `privilegeWithdrawn`, `AACompromise`.', example: 'reasons = keyCompromise, CACompromise' },
];

const policyInfoKeys: readonly Doc[] = [
  { name: 'policyIdentifier', summary: 'The OID of the policy.', example: 'policyIdentifier = 1.3.6.1.4.1.99999.1' },
  { name: 'CPS', summary: 'URI of the certification practice statement; write `CPS.1`, `CPS.2` for several.', example: 'CPS.1 = https://example.com/cps' },
  { name: 'userNotice', summary: 'A notice shown to relying parties, given as `@section` with `explicitText`, `organization`, `noticeNumbers`.', example: 'userNotice.1 = @notice' },
];

/** Keys of the library-configuration sections below `openssl_conf` (providers, algorithms, SSL defaults). */
const moduleKeys: readonly Doc[] = [
  {
    name: 'activate',
    summary: 'In a provider\'s section: load and activate the provider.',
    detail: 'OpenSSL 3.0 activates the provider whenever this key is present, even with `activate = 0`; comment the line out to keep a provider inactive. Later releases read the value as a boolean.',
    example: 'activate = 1',
  },
  { name: 'module', summary: 'In a provider\'s section: path of the provider\'s shared library, for providers that are not built in.', example: 'module = /usr/lib/ossl-modules/fips.so' },
  { name: 'engine_id', summary: 'In an engine\'s section: the id of the engine to load (instead of the key that names the section).', example: 'engine_id = pkcs11' },
  {
    name: 'dynamic_path',
    summary: 'In an engine\'s section: path of the engine\'s shared library, loaded through the `dynamic` engine.',
    detail: 'It is loaded as soon as the section is read, whatever `init` says: a path that does not exist makes loading the module fail ("could not load the shared library"), which stops `openssl req` / `ca` given this file with `-config`.',
    example: 'dynamic_path = /usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so',
  },
  { name: 'init', summary: 'In an engine\'s section: `1` initialises the engine when the file is loaded, `0` only loads it; any other value is an error.', example: 'init = 0' },
  { name: 'default_algorithms', summary: 'In an engine\'s section: the algorithms the engine becomes the default for (`ALL`, or a list such as `RSA,EC,RAND,CIPHERS,DIGESTS`).', example: 'default_algorithms = ALL' },
  { name: 'soft_load', summary: 'In an engine\'s section: if the engine cannot be found, skip it silently instead of failing.', example: 'soft_load = 1' },
  { name: 'default_properties', summary: 'In the `alg_section`: the property query every algorithm fetch uses by default, e.g. `fips=yes` to allow FIPS implementations only.', example: 'default_properties = fips=yes' },
  { name: 'fips_mode', deprecated: true, summary: 'In the `alg_section`: a boolean (`yes` / `no`); `yes` is the deprecated way of writing `default_properties = fips=yes`.', example: 'fips_mode = no' },
  { name: 'system_default', summary: 'In the `ssl_conf` section: names the section of TLS settings applied to every TLS context the library creates.', example: 'system_default = system_default_sect' },
  { name: 'MinProtocol', summary: 'Lowest TLS/DTLS version allowed (`TLSv1.2`, `TLSv1.3`, `None`).', example: 'MinProtocol = TLSv1.2' },
  { name: 'MaxProtocol', summary: 'Highest TLS/DTLS version allowed.', example: 'MaxProtocol = TLSv1.3' },
  { name: 'CipherString', summary: 'Cipher list for TLS 1.2 and earlier, in `openssl ciphers` syntax; `@SECLEVEL=N` sets the security level.', example: 'CipherString = DEFAULT@SECLEVEL=2' },
  { name: 'Ciphersuites', summary: 'TLS 1.3 cipher suites, colon-separated.', example: 'Ciphersuites = TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256' },
  { name: 'Options', summary: 'Comma-separated TLS options such as `ServerPreference` or `-SessionTicket`.', example: 'Options = ServerPreference' },
];

const tsaKeys: readonly Doc[] = [{ name: 'default_tsa', summary: 'The section holding the TSA settings `openssl ts -reply` uses when `-section` is not given.', example: 'default_tsa = tsa_config1' }];

/** Keys of TSA settings (openssl-ts(1), CONFIGURATION FILE OPTIONS); `-section` picks the section. */
const tsaSettingsKeys: readonly Doc[] = [
  { name: 'dir', summary: 'Top directory of the TSA files: a variable the other paths use as `$dir`; `openssl ts` does not read it itself.', example: 'dir = ./demoCA' },
  { name: 'serial', summary: 'File holding the hexadecimal serial number of the last time-stamp response; `openssl ts -reply` increments it (a missing file starts at 1). Required.', example: 'serial = $dir/tsaserial' },
  { name: 'crypto_device', summary: 'The engine to sign with (`builtin` for none); `-engine` overrides it.', example: 'crypto_device = builtin' },
  { name: 'signer_cert', summary: 'The TSA\'s signing certificate, in PEM; its extendedKeyUsage must be timeStamping only, critical. `-signer` overrides it.', example: 'signer_cert = $dir/tsacert.pem' },
  { name: 'certs', summary: 'Certificates (PEM) added to every response, usually the chain of the signing certificate. `-chain` overrides it.', example: 'certs = $dir/cacert.pem' },
  { name: 'signer_key', summary: 'The TSA\'s private key, in PEM. `-inkey` overrides it.', example: 'signer_key = $dir/private/tsakey.pem' },
  { name: 'signer_digest', summary: 'The digest the response is signed with (e.g. `sha256`). Required unless `-<digest>` is given on the command line.', example: 'signer_digest = sha256' },
  { name: 'default_policy', summary: 'The policy (an OID or an object name from `oid_section`) used when the request asks for none. Required unless `-tspolicy` is given.', example: 'default_policy = tsa_policy1' },
  { name: 'other_policies', summary: 'Further policies a request may ask for, comma-separated OIDs or object names.', example: 'other_policies = tsa_policy2, tsa_policy3' },
  { name: 'digests', summary: 'The message digests the TSA accepts in requests, comma-separated. Required.', example: 'digests = sha256, sha384, sha512' },
  { name: 'accuracy', summary: 'The accuracy claimed in responses: `secs:N, millisecs:N, microsecs:N`, each part optional.', example: 'accuracy = secs:1, millisecs:500, microsecs:100' },
  { name: 'clock_precision_digits', summary: 'Digits after the decimal point in the response\'s time (0 to 6, default 0).', example: 'clock_precision_digits = 0' },
  { name: 'ordering', summary: '`yes`: responses from this TSA can be ordered by their time. Default `no`.', example: 'ordering = yes' },
  { name: 'tsa_name', summary: '`yes`: the response names the TSA (the signing certificate\'s subject). Default `no`.', example: 'tsa_name = yes' },
  { name: 'ess_cert_id_chain', summary: '`yes`: the ESS signing-certificate attribute identifies the whole `certs` chain, not only the signing certificate. Default `no`.', example: 'ess_cert_id_chain = no' },
  { name: 'ess_cert_id_alg', summary: 'The digest of the ESS certificate identifier (default `sha256`; `sha1` makes the older ESSCertID).', example: 'ess_cert_id_alg = sha256' },
];

export const keysByRole: Readonly<Partial<Record<DocRole, readonly Doc[]>>> = {
  tsa: tsaKeys,
  tsaSettings: tsaSettingsKeys,
  module: moduleKeys,
  default: defaultKeys,
  req: reqKeys,
  ca: caKeys,
  caSettings: caSettingsKeys,
  libraryInit: libraryInitKeys,
  distributionPoint: distributionPointKeys,
  policyInfo: policyInfoKeys,
};

function index(docs: readonly Doc[], withAliases = true): Map<string, Doc> {
  const m = new Map<string, Doc>();
  for (const d of docs) {
    if (!m.has(d.name)) m.set(d.name, d);
    if (withAliases) for (const a of d.aliases ?? []) if (!m.has(a)) m.set(a, d);
  }
  return m;
}

const extensionIndex = index(extensionDocs) as Map<string, ExtensionDoc>;
const keyUsageIndex = index(keyUsageDocs);
const ekuIndex = new Map<string, Doc>([...index(extendedKeyUsageDocs), ...extendedKeyUsageDocs.map((d) => [d.oid!, d] as const)]);
const generalNameIndex = index(generalNameDocs) as Map<string, GeneralNameDoc>;
const dnFieldIndex = index(dnFieldDocs);
const nsCertTypeIndex = index(nsCertTypeDocs);
const roleKeyIndexes = new Map<DocRole, Map<string, Doc>>(Object.entries(keysByRole).map(([r, docs]) => [r as DocRole, index(docs ?? [], false)]));

export function extensionDoc(name: string): ExtensionDoc | undefined {
  return extensionIndex.get(name);
}

export function keyUsageDoc(word: string): Doc | undefined {
  return keyUsageIndex.get(word);
}

export function extendedKeyUsageDoc(nameOrOid: string): Doc | undefined {
  return ekuIndex.get(nameOrOid);
}

export function generalNameDoc(type: string): GeneralNameDoc | undefined {
  return generalNameIndex.get(type);
}

export function nsCertTypeDoc(word: string): Doc | undefined {
  return nsCertTypeIndex.get(word);
}

/** Documentation of a key of a section with the given role. Extension sections document extensions. */
export function keyDoc(role: DocRole, name: string): Doc | undefined {
  if (role === 'extensions' || role === 'crlExtensions') return extensionDoc(name);
  if (role === 'generalNames') return generalNameDoc(generalNameType(name));
  if (role === 'dn' || role === 'attributes' || role === 'dirName' || role === 'policy') return dnFieldDoc(name)?.field;
  if (role === 'policyInfo') return roleKeyIndexes.get(role)?.get(generalNameType(name));
  const doc = roleKeyIndexes.get(role)?.get(name);
  if (doc || role !== 'libraryInit') return doc;
  // A key that begins a module's name runs that module (builtinModuleOf).
  const module = builtinModuleOf(name);
  return module ? roleKeyIndexes.get(role)?.get(module) : undefined;
}

/** `DNS.1` → `DNS`: the general-name type of an `@section` key. */
export function generalNameType(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}

export interface DnKeyParts {
  /** `0.` / `1.` repeat prefix, or `+` multi-valued RDN prefix, as written. */
  readonly prefix: string;
  readonly fieldName: string;
  /** `_default`, `_min`, `_max`, `_value`, or ''. */
  readonly suffix: string;
}

/** Splits a DN-section key like `0.organizationName_default` or `+CN`. */
export function splitDnKey(key: string): DnKeyParts {
  // Like `openssl req`: a leading `+` joins the previous RDN, and everything up to the first
  // `.`, `,` or `:` is a repeat prefix (`0.organizationName`, `1.OU`).
  let prefix = key.startsWith('+') ? '+' : '';
  let rest = key.slice(prefix.length);
  const sep = rest.search(/[.,:]/);
  if (sep !== -1 && sep + 1 < rest.length) {
    prefix += rest.slice(0, sep + 1);
    rest = rest.slice(sep + 1);
  }
  for (const s of dnSuffixDocs) {
    if (rest.length > s.name.length && rest.endsWith(s.name)) {
      return { prefix, fieldName: rest.slice(0, -s.name.length), suffix: s.name };
    }
  }
  return { prefix, fieldName: rest, suffix: '' };
}

/** The documented DN field behind a DN-section key, plus its suffix doc. */
export function dnFieldDoc(key: string): { field: Doc; suffix?: Doc; parts: DnKeyParts } | undefined {
  const parts = splitDnKey(key);
  const field = dnFieldIndex.get(parts.fieldName);
  if (!field) return undefined;
  const suffix = parts.suffix ? dnSuffixDocs.find((s) => s.name === parts.suffix) : undefined;
  return suffix ? { field, suffix, parts } : { field, parts };
}

/** Value vocabulary of a key in a role, for completion and hover. */
export function valueDocsFor(role: DocRole, key: string): readonly Doc[] {
  if (role === 'policy') return policyValueDocs;
  if (role === 'extensions' || role === 'crlExtensions') {
    const ext = extensionDoc(key);
    switch (ext?.valueKind) {
      case 'keyUsage': return keyUsageDocs;
      case 'extendedKeyUsage': return extendedKeyUsageDocs;
      case 'basicConstraints': return basicConstraintsDocs;
      case 'subjectKeyIdentifier': return subjectKeyIdentifierDocs;
      case 'authorityKeyIdentifier': return authorityKeyIdentifierDocs;
      case 'nsCertType': return nsCertTypeDocs;
      default: return [];
    }
  }
  if (role === 'dn' || role === 'attributes' || role === 'dirName' || role === 'generalNames') return [];
  return keyValueDocs[key] ?? [];
}
