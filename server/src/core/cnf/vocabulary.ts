/**
 * What OpenSSL 3.0 accepts in openssl.cnf values: keyUsage words, extended key
 * usages, subjectAltName types, the extensions `openssl req`/`x509`/`ca` can
 * build from config text, `string_mask` values, and the keys each kind of
 * section reads. Rules validate against it; completion and hover read it.
 */

import { objectText } from './objects';

export interface NamedBit {
  readonly short: string;
  readonly long: string;
  readonly bit: number;
}

/** keyUsage (v3_bitst.c key_usage_type_table), short and long names, case-sensitive. OpenSSL 3.0 does not accept `contentCommitment` (verified). */
export const keyUsageBits: readonly NamedBit[] = [
  { short: 'digitalSignature', long: 'Digital Signature', bit: 0 },
  { short: 'nonRepudiation', long: 'Non Repudiation', bit: 1 },
  { short: 'keyEncipherment', long: 'Key Encipherment', bit: 2 },
  { short: 'dataEncipherment', long: 'Data Encipherment', bit: 3 },
  { short: 'keyAgreement', long: 'Key Agreement', bit: 4 },
  { short: 'keyCertSign', long: 'Certificate Sign', bit: 5 },
  { short: 'cRLSign', long: 'CRL Sign', bit: 6 },
  { short: 'encipherOnly', long: 'Encipher Only', bit: 7 },
  { short: 'decipherOnly', long: 'Decipher Only', bit: 8 },
];

/** nsCertType (ns_cert_type_table). */
export const nsCertTypeBits: readonly NamedBit[] = [
  { short: 'client', long: 'SSL Client', bit: 0 },
  { short: 'server', long: 'SSL Server', bit: 1 },
  { short: 'email', long: 'S/MIME', bit: 2 },
  { short: 'objsign', long: 'Object Signing', bit: 3 },
  { short: 'reserved', long: 'Unused', bit: 4 },
  { short: 'sslCA', long: 'SSL CA', bit: 5 },
  { short: 'emailCA', long: 'S/MIME CA', bit: 6 },
  { short: 'objCA', long: 'Object Signing CA', bit: 7 },
];

/** Extended key usages documented in x509v3_config(5) (any OpenSSL object name or dotted OID is accepted too). */
export const extendedKeyUsages: readonly { readonly short: string; readonly long: string; readonly oid: string }[] = [
  { short: 'serverAuth', long: 'TLS Web Server Authentication', oid: '1.3.6.1.5.5.7.3.1' },
  { short: 'clientAuth', long: 'TLS Web Client Authentication', oid: '1.3.6.1.5.5.7.3.2' },
  { short: 'codeSigning', long: 'Code Signing', oid: '1.3.6.1.5.5.7.3.3' },
  { short: 'emailProtection', long: 'E-mail Protection', oid: '1.3.6.1.5.5.7.3.4' },
  { short: 'timeStamping', long: 'Time Stamping', oid: '1.3.6.1.5.5.7.3.8' },
  { short: 'OCSPSigning', long: 'OCSP Signing', oid: '1.3.6.1.5.5.7.3.9' },
  { short: 'ipsecIKE', long: 'ipsec Internet Key Exchange', oid: '1.3.6.1.5.5.7.3.17' },
  { short: 'msCodeInd', long: 'Microsoft Individual Code Signing', oid: '1.3.6.1.4.1.311.2.1.21' },
  { short: 'msCodeCom', long: 'Microsoft Commercial Code Signing', oid: '1.3.6.1.4.1.311.2.1.22' },
  { short: 'msCTLSign', long: 'Microsoft Trust List Signing', oid: '1.3.6.1.4.1.311.10.3.1' },
  { short: 'msEFS', long: 'Microsoft Encrypted File System', oid: '1.3.6.1.4.1.311.10.3.4' },
  { short: 'anyExtendedKeyUsage', long: 'Any Extended Key Usage', oid: '2.5.29.37.0' },
];

/** General name types (v2i_GENERAL_NAME_ex), case-sensitive; in a section a key is TYPE or TYPE.anything. */
export const generalNameTypes = ['email', 'URI', 'DNS', 'RID', 'IP', 'dirName', 'otherName'] as const;
export type GeneralNameType = (typeof generalNameTypes)[number];

/** How OpenSSL turns an extension's config text into the extension. */
export type ExtensionSyntax =
  | 'keyUsage'
  | 'nsCertType'
  | 'extendedKeyUsage'
  | 'generalNames'
  | 'issuerAltName'
  | 'basicConstraints'
  | 'subjectKeyIdentifier'
  | 'authorityKeyIdentifier'
  | 'ia5string'
  | 'integer'
  | 'crlDistributionPoints'
  | 'accessDescriptions'
  | 'certificatePolicies'
  | 'nameConstraints'
  | 'policyConstraints'
  | 'policyMappings'
  | 'tlsfeature'
  | 'noCheck'
  | 'proxyCertInfo'
  | 'permissive'
  | 'unsupported';

export interface ExtensionInfo {
  readonly name: string;
  readonly syntax: ExtensionSyntax;
  /** Parsed as a list (`a, b:c`) that may instead be `@section`. */
  readonly list: boolean;
}

const ext = (name: string, syntax: ExtensionSyntax, list: boolean): ExtensionInfo => ({ name, syntax, list });

/**
 * Extension short names OpenSSL 3.0 has a method for (v3_lib.c standard_exts). `unsupported` ones
 * exist but cannot be set from config text ("extension setting not supported").
 */
export const extensions: ReadonlyMap<string, ExtensionInfo> = new Map(
  [
    ext('basicConstraints', 'basicConstraints', true),
    ext('keyUsage', 'keyUsage', true),
    ext('extendedKeyUsage', 'extendedKeyUsage', true),
    ext('subjectAltName', 'generalNames', true),
    ext('issuerAltName', 'issuerAltName', true),
    ext('subjectKeyIdentifier', 'subjectKeyIdentifier', false),
    ext('authorityKeyIdentifier', 'authorityKeyIdentifier', true),
    ext('crlDistributionPoints', 'crlDistributionPoints', true),
    ext('freshestCRL', 'crlDistributionPoints', true),
    ext('authorityInfoAccess', 'accessDescriptions', true),
    ext('subjectInfoAccess', 'accessDescriptions', true),
    ext('certificatePolicies', 'certificatePolicies', false),
    ext('nameConstraints', 'nameConstraints', true),
    ext('policyConstraints', 'policyConstraints', true),
    ext('policyMappings', 'policyMappings', true),
    ext('inhibitAnyPolicy', 'integer', false),
    ext('tlsfeature', 'tlsfeature', true),
    ext('nsCertType', 'nsCertType', true),
    ext('nsComment', 'ia5string', false),
    ext('nsBaseUrl', 'ia5string', false),
    ext('nsRevocationUrl', 'ia5string', false),
    ext('nsCaRevocationUrl', 'ia5string', false),
    ext('nsRenewalUrl', 'ia5string', false),
    ext('nsCaPolicyUrl', 'ia5string', false),
    ext('nsSslServerName', 'ia5string', false),
    ext('crlNumber', 'integer', false),
    ext('deltaCRL', 'integer', false),
    ext('noCheck', 'noCheck', false),
    ext('issuingDistributionPoint', 'permissive', true),
    ext('sbgp-ipAddrBlock', 'permissive', true),
    ext('sbgp-autonomousSysNum', 'permissive', true),
    ext('proxyCertInfo', 'proxyCertInfo', true),
    ext('ct_precert_poison', 'permissive', false),
    ext('subjectSignTool', 'permissive', false),
    ext('CRLReason', 'unsupported', false),
    ext('invalidityDate', 'unsupported', false),
    ext('holdInstructionCode', 'unsupported', false),
    ext('privateKeyUsagePeriod', 'unsupported', false),
    ext('ct_precert_scts', 'unsupported', false),
    ext('ct_cert_scts', 'unsupported', false),
  ].map((e) => [e.name, e]),
);

/** `string_mask` values (ASN1_STRING_set_default_mask_asc); `MASK:<number>` too. */
export const stringMaskValues = ['default', 'pkix', 'utf8only', 'nombstr'] as const;

export function isValidStringMask(v: string): boolean {
  if (v.startsWith('MASK:')) {
    const rest = v.slice(5);
    return /^\s*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(rest);
  }
  return (stringMaskValues as readonly string[]).includes(v);
}

/**
 * The names EVP_get_digestbyname takes in OpenSSL 3.0 (`default_md`, `signer_digest`, `digests`
 * …), compared case-insensitively: the legacy names and aliases (`openssl list
 * -digest-algorithms`, "Legacy"), and every name or OID of a provided digest that has one
 * (KECCAK-KMAC and NULL have none and are refused). Verified on OpenSSL 3.0.19 through `openssl ts -reply`.
 */
export const digestNames: readonly string[] = [
  'RSA-MD4', 'RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA3-224', 'RSA-SHA3-256', 'RSA-SHA3-384',
  'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512', 'RSA-SHA512/224', 'RSA-SHA512/256', 'RSA-SM3', 'BLAKE2b512', 'BLAKE2s256',
  'id-rsassa-pkcs1-v1_5-with-sha3-224', 'id-rsassa-pkcs1-v1_5-with-sha3-256', 'id-rsassa-pkcs1-v1_5-with-sha3-384', 'id-rsassa-pkcs1-v1_5-with-sha3-512',
  'MD4', 'md4WithRSAEncryption', 'MD5', 'MD5-SHA1', 'md5WithRSAEncryption', 'ripemd', 'RIPEMD160', 'ripemd160WithRSA', 'rmd160', 'SHA1',
  'sha1WithRSAEncryption', 'SHA224', 'sha224WithRSAEncryption', 'SHA256', 'sha256WithRSAEncryption', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512',
  'SHA384', 'sha384WithRSAEncryption', 'SHA512', 'SHA512-224', 'sha512-224WithRSAEncryption', 'SHA512-256', 'sha512-256WithRSAEncryption',
  'sha512WithRSAEncryption', 'SHAKE128', 'SHAKE256', 'SM3', 'sm3WithRSAEncryption', 'ssl3-md5', 'ssl3-sha1', 'whirlpool',
  // Provided names and OIDs of the same digests.
  'SHA-1', 'SHA-224', 'SHA2-224', 'SHA-256', 'SHA2-256', 'SHA-384', 'SHA2-384', 'SHA-512', 'SHA2-512', 'SHA-512/224', 'SHA2-512/224', 'SHA-512/256',
  'SHA2-512/256', 'SHAKE-128', 'SHAKE-256', 'BLAKE2S-256', 'BLAKE2B-512', 'RIPEMD-160', '1.3.14.3.2.26', '2.16.840.1.101.3.4.2.4', '2.16.840.1.101.3.4.2.1',
  '2.16.840.1.101.3.4.2.2', '2.16.840.1.101.3.4.2.3', '2.16.840.1.101.3.4.2.5', '2.16.840.1.101.3.4.2.6', '2.16.840.1.101.3.4.2.7', '2.16.840.1.101.3.4.2.8',
  '2.16.840.1.101.3.4.2.9', '2.16.840.1.101.3.4.2.10', '2.16.840.1.101.3.4.2.11', '2.16.840.1.101.3.4.2.12', '1.3.6.1.4.1.1722.12.2.2.8',
  '1.3.6.1.4.1.1722.12.2.1.16', '1.2.156.10197.1.401', '1.3.36.3.2.1', '1.2.840.113549.2.5', '1.2.840.113549.2.4', '1.0.10118.3.0.55',
];
const digestNameSet: ReadonlySet<string> = new Set(digestNames.map((d) => d.toLowerCase()));

/** Whether EVP_get_digestbyname knows the name (see digestNames). */
export function isDigestName(name: string): boolean {
  return digestNameSet.has(name.toLowerCase());
}

/** The usual digest names, for suggestions. */
export const commonDigestNames: readonly string[] = ['sha256', 'sha384', 'sha512', 'sha224', 'sha1', 'sha3-256', 'sha3-384', 'sha3-512', 'sha512-256', 'sm3', 'md5'];

/** Keys `openssl req` reads from its section (req.c), all falling back to the default section. */
export const reqKeys: readonly string[] = [
  'input_password', 'output_password', 'default_bits', 'default_keyfile', 'oid_file', 'oid_section', 'RANDFILE', 'encrypt_key',
  'encrypt_rsa_key', 'default_md', 'string_mask', 'req_extensions', 'x509_extensions', 'prompt', 'utf8', 'attributes', 'distinguished_name',
  'dirstring_type',
];

/** Keys `openssl ca` reads from the CA settings section (ca.c ENV_* names). */
export const caKeys: readonly string[] = [
  'new_certs_dir', 'certificate', 'private_key', 'default_days', 'default_startdate', 'default_enddate', 'default_crl_days', 'default_crl_hours',
  'default_md', 'database', 'unique_subject', 'serial', 'rand_serial', 'crlnumber', 'x509_extensions', 'crl_extensions', 'preserve', 'email_in_dn',
  'msie_hack', 'policy', 'name_opt', 'cert_opt', 'copy_extensions', 'oid_file', 'oid_section', 'string_mask', 'utf8', 'RANDFILE',
  // Not read by `openssl ca` itself but conventionally used as $variables in the CA section:
  'dir', 'certs', 'crl_dir', 'crl', 'default_crl_days',
];

/** Keys `openssl ca` reads from CA section `name`: [ ca ], where it reads default_ca first, may be the CA section itself (`default_ca = ca`). */
export function caSectionKeys(name: string): readonly string[] {
  return name === 'ca' ? caKeysOfCa : caKeys;
}
const caKeysOfCa: readonly string[] = [...caKeys, 'default_ca'];

/** Keys `openssl ts -reply` reads from its TSA settings section (ts_conf.c ENV_* names), and `dir`, conventionally its $variable. */
export const tsaSettingsKeys: readonly string[] = [
  'serial', 'crypto_device', 'signer_cert', 'certs', 'signer_key', 'signer_digest', 'default_policy', 'other_policies', 'digests', 'accuracy',
  'clock_precision_digits', 'ordering', 'tsa_name', 'ess_cert_id_chain', 'ess_cert_id_alg', 'dir',
];

/** `name_opt` options of `openssl ca` (apps.c set_name_ex; compared case-insensitively, `-`/`+` prefix allowed). */
export const nameOptOptions: readonly string[] = [
  'esc_2253', 'esc_2254', 'esc_ctrl', 'esc_msb', 'use_quote', 'utf8', 'ignore_type', 'show_type', 'dump_all', 'dump_nostr', 'dump_der', 'compat',
  'sep_comma_plus', 'sep_comma_plus_space', 'sep_semi_plus_space', 'sep_multiline', 'dn_rev', 'nofname', 'sname', 'lname', 'align', 'oid', 'space_eq',
  'dump_unknown', 'RFC2253', 'oneline', 'multiline', 'ca_default',
];

/** `cert_opt` options of `openssl ca` (apps.c set_cert_ex; same syntax as name_opt). */
export const certOptOptions: readonly string[] = [
  'compatible', 'ca_default', 'no_header', 'no_version', 'no_serial', 'no_signame', 'no_validity', 'no_subject', 'no_issuer', 'no_pubkey',
  'no_extensions', 'no_sigdump', 'no_aux', 'no_attributes', 'ext_default', 'ext_error', 'ext_parse', 'ext_dump',
];

/** Values a `[ policy ]` field may take. */
export const policyValues = ['match', 'supplied', 'optional'] as const;

/** Suffixes of prompt-mode DN keys (`commonName_default`...). */
export const dnPromptSuffixes = ['_default', '_min', '_max', '_value'] as const;

/** The modules OpenSSL has built in, in the order OPENSSL_load_builtin_modules adds them (conf_mall.c). */
export const builtinModules = ['oid_section', 'stbl_section', 'engines', 'alg_section', 'ssl_conf', 'providers', 'random'] as const;

/**
 * The built-in module OpenSSL runs for a key of the section openssl_conf names: conf_mod.c module_find
 * compares the key up to its last '.' with strncmp over the key's own length, so the key picks the first
 * module whose name begins with it (`s` is stbl_section, `provider` is providers, `ssl` is ssl_conf).
 * Undefined when no module name begins so: OpenSSL then tries to load lib<name>.so.
 */
export function builtinModuleOf(key: string): (typeof builtinModules)[number] | undefined {
  const dot = key.lastIndexOf('.');
  const name = dot < 0 ? key : key.slice(0, dot);
  return builtinModules.find((m) => m.startsWith(name));
}

/** Keys OpenSSL's library init reads from the section `openssl_conf` names. */
export const libraryInitKeys: readonly string[] = ['providers', 'alg_section', 'ssl_conf', 'engines', 'random', 'oid_section', 'stbl_section', 'config_diagnostics'];

/** DN fields with OpenSSL's length limits (a_strnid.c): [min, max] characters; max -1 = unlimited. */
export const dnFieldLimits: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['commonName', [1, 64]],
  ['countryName', [2, 2]],
  ['localityName', [1, 128]],
  ['stateOrProvinceName', [1, 128]],
  ['organizationName', [1, 64]],
  ['organizationalUnitName', [1, 64]],
  ['emailAddress', [1, 128]],
  ['unstructuredName', [1, -1]],
  ['challengePassword', [1, -1]],
  ['unstructuredAddress', [1, -1]],
  ['givenName', [1, 32768]],
  ['surname', [1, 32768]],
  ['initials', [1, 32768]],
  ['serialNumber', [1, 64]],
  ['name', [1, 32768]],
  ['domainComponent', [1, -1]],
] as const);

// ---------------------------------------------------------------------------------------------
// Object names (OBJ_txt2obj / OBJ_sn2nid).

export interface ObjectName {
  readonly short: string;
  readonly long: string;
  readonly oid: string;
}

/** Lookups of object names in a table of "short\tlong\toid" lines; the first row of a name answers it. */
export interface ObjectNames {
  byShort(name: string): ObjectName | undefined;
  byLong(name: string): ObjectName | undefined;
  /** Every row's object, first rows of each short name, in table order. */
  all(): readonly ObjectName[];
}

/**
 * Names are looked up in the table's text until `searched` lookups have been made, then in maps:
 * a short command (lint of a small file) asks for a few names, and the maps of OpenSSL's 1,239
 * objects cost it milliseconds to build; a large file asks for many (each search reads the whole
 * table). Each row's object is made once, so a name answers the same object before and after.
 * `text`: one row per line, between a leading and a trailing line break (objects.ts).
 */
export function objectNames(text: string, searched = 64): ObjectNames {
  let lookups = 0;
  /** Row start in text → the object of that row. */
  const made = new Map<number, ObjectName>();
  let bySn: Map<string, ObjectName> | undefined;
  let byLn: Map<string, ObjectName> | undefined;

  const rowAt = (start: number): ObjectName => {
    let o = made.get(start);
    if (!o) {
      const [short, long, oid] = text.slice(start, text.indexOf('\n', start)).split('\t') as [string, string, string];
      made.set(start, (o = { short, long, oid }));
    }
    return o;
  };
  /** The first row whose short name (field 0) or long name (field 1) is `name`: only the long name lies between two tabs. */
  const search = (name: string, field: 0 | 1): ObjectName | undefined => {
    if (name.includes('\t') || name.includes('\n')) return undefined;
    const at = text.indexOf(field === 0 ? `\n${name}\t` : `\t${name}\t`);
    if (at < 0) return undefined;
    return rowAt(field === 0 ? at + 1 : text.lastIndexOf('\n', at) + 1);
  };
  const maps = (now = false): [Map<string, ObjectName>, Map<string, ObjectName>] | undefined => {
    if (!bySn || !byLn) {
      if (!now && ++lookups <= searched) return undefined;
      bySn = new Map();
      byLn = new Map();
      for (let start = 1; start < text.length; start = text.indexOf('\n', start) + 1) {
        const o = rowAt(start);
        if (!bySn.has(o.short)) bySn.set(o.short, o);
        if (!byLn.has(o.long)) byLn.set(o.long, o);
      }
    }
    return [bySn, byLn];
  };
  return {
    byShort: (name) => {
      const m = maps();
      return m ? m[0].get(name) : search(name, 0);
    },
    byLong: (name) => {
      const m = maps();
      return m ? m[1].get(name) : search(name, 1);
    },
    all: () => [...maps(true)![0].values()],
  };
}

const objects = objectNames(objectText);

/** The object with this short name (OBJ_sn2nid, case-sensitive). */
export function objectByShortName(name: string): ObjectName | undefined {
  return objects.byShort(name);
}

/** The object with this long name (OBJ_ln2nid, case-sensitive). */
export function objectByLongName(name: string): ObjectName | undefined {
  return objects.byLong(name);
}

/** The object with this short or long name (OBJ_txt2nid by name), case-sensitive. */
export function objectByName(name: string): ObjectName | undefined {
  return objects.byShort(name) ?? objects.byLong(name);
}

let objectsByOid: Map<string, ObjectName> | undefined;

/** The known object with this dotted OID (OBJ_txt2nid on a numeric OID). */
export function objectByOid(oid: string): ObjectName | undefined {
  if (!objectsByOid) {
    objectsByOid = new Map();
    for (const o of allObjects()) if (o.oid && !objectsByOid.has(o.oid)) objectsByOid.set(o.oid, o);
  }
  return objectsByOid.get(oid);
}

/** Every known object (for completion and nearest-name suggestions). */
export function allObjects(): readonly ObjectName[] {
  return objects.all();
}

/** What a2d_ASN1_OBJECT makes of OID text: the arcs it encodes, or why it refuses. */
export type OidReading = { readonly arcs: readonly string[] } | { readonly error: string };

/**
 * a2d_ASN1_OBJECT (crypto/asn1/a_object.c), step by step: the first character is
 * 0, 1 or 2; after it, '.' or ' ' separate arcs; an empty arc (two separators in a
 * row, or a space beside a dot) is encoded as 0; the separator at the very end is
 * dropped; leading zeros are read as decimal; the second arc must be < 40 under 0
 * and 1. Linear in the text.
 */
export function readOid(s: string): OidReading {
  if (s.length === 0 || s[0]! < '0' || s[0]! > '2') return { error: 'first num too large' };
  if (s.length === 1) return { error: 'missing second number' };
  const sep = (c: string): boolean => c === '.' || c === ' ';
  if (!sep(s[1]!)) return { error: 'invalid separator' };
  const arcs: string[] = [s[0]!];
  let i = 2;
  for (;;) {
    let digits = '';
    while (i < s.length && !sep(s[i]!)) {
      const c = s[i]!;
      if (c < '0' || c > '9') return { error: 'invalid digit' };
      digits += c;
      i++;
    }
    const arc = digits.replace(/^0+(?=\d)/, '') || '0';
    if (arcs.length === 1 && s[0] !== '2' && (arc.length > 2 || Number(arc) >= 40)) return { error: 'second number too large' };
    // The separator that ends the text ends the OID: no empty arc after it.
    if (digits.length > 0 || i < s.length) arcs.push(arc);
    if (i >= s.length) break;
    i++;
    if (i >= s.length) break;
  }
  return { arcs };
}

/** Whether `s` is OID text OpenSSL's a2d_ASN1_OBJECT accepts (see readOid). */
export function isDottedOid(s: string): boolean {
  return 'arcs' in readOid(s);
}

/**
 * OID text that OpenSSL accepts but encodes as something else than it reads:
 * an empty arc (`1.2..3` → 1.2.0.3) or a space among the arcs. Returns the OID
 * OpenSSL encodes and, when dropping the empty arcs (or the spaces) gives a known
 * object, that object.
 */
export function misreadOid(s: string): { readonly encoded: string; readonly meant?: ObjectName; readonly meantOid?: string } | undefined {
  const r = readOid(s);
  if (!('arcs' in r)) return undefined;
  const plain = s.replace(/[. ]$/, '');
  if (!/[. ]{2}|^\S* |\s/.test(plain)) return undefined;
  const encoded = r.arcs.join('.');
  const meantOid = plain
    .split(/[. ]+/)
    .filter((x) => x !== '')
    .map((x) => x.replace(/^0+(?=\d)/, ''))
    .join('.');
  const meant = meantOid !== encoded ? objectByOid(meantOid) : undefined;
  return { encoded, ...(meant ? { meant, meantOid } : {}) };
}

/** OBJ_txt2obj(s, 0): a known short or long name, or a dotted OID. `extra` holds names from oid_section. */
export function isObjectText(s: string, extra?: ReadonlySet<string>): boolean {
  return objectByName(s) !== undefined || (extra?.has(s) ?? false) || isDottedOid(s);
}

// ---------------------------------------------------------------------------------------------
// Nearest-name suggestions.

export function editDistance(a: string, b: string, limit = 8): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The closest candidate (case-insensitive match first, then edit distance), if close enough. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase().replace(/[\s_-]/g, '');
  for (const c of candidates) if (c.toLowerCase().replace(/[\s_-]/g, '') === lower) return c;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase().replace(/[\s_-]/g, ''));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return bestD <= allowed ? best : undefined;
}
