/**
 * Seeded mutator over one valid openssl.cnf that four OpenSSL commands use:
 * `openssl req -new` and `req -x509` ([ req ], its DN and extension sections),
 * `openssl x509 -req -extfile <cnf>` (the section `extensions = v3_leaf` in the
 * default section names, which nothing else uses) and `openssl ca -config <cnf>` ([ ca ] →
 * [ CA_default ], its policy and x509_extensions sections). Each case replaces
 * one slot of the template with a variant (misspelt usage words, EKU names and
 * OIDs, SAN entries, basicConstraints, key identifiers, variable forms, header
 * and `=` mistakes, includes, pragmas, CA section references, policy fields,
 * copy_extensions, string_mask...). The oracle test runs OpenSSL on every case
 * and compares its verdict with Certwright's.
 *
 * Only what the rules catalogue makes an error is mutated in the CA section;
 * the oracle supplies the rest (-cert/-keyfile, a fresh database and serial),
 * and policy variants avoid outcomes that depend on the request's subject
 * rather than on the file (e.g. `countryName = supplied` for a CSR without C).
 */

import { commandUsesOf, mergeUses } from '../../server/src/core/cnf/commandUse';
import type { CommandLineUse } from '../../server/src/core/cnf/model';

/** The commands the oracle runs on every case, in order. */
export const oracleCommands = ['req', 'req-x509', 'x509-req', 'ca'] as const;
export type OracleCommand = (typeof oracleCommands)[number];

/** Where the oracle's commands find their inputs (the config file, the key, the request, the CA). */
export interface OraclePaths {
  readonly file: string;
  readonly key: string;
  readonly csr: string;
  readonly caCert: string;
  readonly caKey: string;
}

/** The oracle's command lines, by command. */
export function oracleArgv(p: OraclePaths): Record<OracleCommand, string[]> {
  return {
    req: ['req', '-new', '-config', p.file, '-key', p.key, '-out', '/dev/null', '-batch'],
    'req-x509': ['req', '-x509', '-new', '-config', p.file, '-key', p.key, '-out', '/dev/null', '-batch', '-days', '1'],
    'x509-req': ['x509', '-req', '-in', p.csr, '-CA', p.caCert, '-CAkey', p.caKey, '-set_serial', '1', '-days', '1', '-extfile', p.file, '-out', '/dev/null'],
    ca: ['ca', '-config', p.file, '-batch', '-in', p.csr, '-cert', p.caCert, '-keyfile', p.caKey, '-notext', '-out', '/dev/null'],
  };
}

/**
 * How the oracle's four commands use the case file, as Certwright reads those command lines: the file is
 * judged as they use it (with `ca -name <section>` when that is the use that works).
 */
export function oracleUse(file: string, caName?: string): CommandLineUse {
  const argv = oracleArgv({ file, key: 'key.pem', csr: 'req.csr', caCert: 'ca.pem', caKey: 'ca-key.pem' });
  if (caName !== undefined) argv.ca.push('-name', caName);
  const uses = oracleCommands.flatMap((cmd) => {
    const found = commandUsesOf(['openssl', ...argv[cmd]]);
    if ('error' in found) throw new Error(found.error);
    return found.filter((u) => u.file === file).map((u) => u.use);
  });
  return mergeUses(uses);
}

export interface MutatedCase {
  readonly id: string;
  readonly text: string;
  /** 1-based lines the mutation touched (an error must be reported on one of them). */
  readonly lines: readonly number[];
  /** The mutation renames or re-points a section: an error anywhere in the section it now names counts. */
  readonly anywhere: boolean;
  /** Extra files (absolute path → content) the case needs. */
  readonly files: Readonly<Record<string, string>>;
  readonly description: string;
}

const template: readonly string[] = [
  '{{PRE}}',
  'HOME = .',
  'base = example',
  'num = 1',
  // openssl x509 -req -extfile <this file> (no -extensions) uses the section this names.
  'extensions = {{X509_EXTS_REF}}',
  '{{H_REQ}}',
  'prompt = no',
  'distinguished_name = {{DN_REF}}',
  'req_extensions = {{REQEXT_REF}}',
  'x509_extensions = {{X509EXT_REF}}',
  'string_mask = {{MASK}}',
  '{{REQ_EXTRA}}',
  '{{H_DN}}',
  'CN = {{CN}}',
  'O = Cockroach',
  '{{DN_EXTRA}}',
  '{{H_V3REQ}}',
  'basicConstraints = {{BC_REQ}}',
  'keyUsage = {{KU_REQ}}',
  'extendedKeyUsage = {{EKU_REQ}}',
  'subjectAltName = {{SAN_REQ}}',
  '{{EXTRA_REQ}}',
  '{{H_V3CA}}',
  'basicConstraints = {{BC_CA}}',
  'keyUsage = {{KU_CA}}',
  'subjectKeyIdentifier = {{SKI_CA}}',
  'authorityKeyIdentifier = {{AKI_CA}}',
  '{{EXTRA_CA}}',
  '{{H_ALT}}',
  'DNS.1 = localhost',
  '{{ALT_EXTRA}}',
  '[ dir_sect ]',
  'CN = dir',
  'O = Example',
  '[ policy1 ]',
  'policyIdentifier = 1.2.3.4',
  // openssl ca: [ ca ] → [ CA_default ] → policy_any, v3_sign.
  '[ ca ]',
  'default_ca = {{CA_REF}}',
  '{{H_CADEF}}',
  'dir = ./cadb',
  'database = ${dir}/index.txt',
  'new_certs_dir = ${dir}',
  'serial = ${dir}/serial',
  'default_days = 30',
  'default_md = sha256',
  'policy = policy_any',
  'x509_extensions = {{CAEXT_REF}}',
  'copy_extensions = {{COPY_EXT}}',
  'string_mask = {{CA_MASK}}',
  'unique_subject = {{UNIQUE}}',
  '{{CA_EXTRA}}',
  '[ policy_any ]',
  '{{POLICY}}',
  'commonName = supplied',
  '[ v3_sign ]',
  'basicConstraints = {{BC_SIGN}}',
  'keyUsage = {{KU_SIGN}}',
  'extendedKeyUsage = {{EKU_SIGN}}',
  'subjectAltName = {{SAN_SIGN}}',
  'subjectKeyIdentifier = {{SKI_SIGN}}',
  'authorityKeyIdentifier = {{AKI_SIGN}}',
  '{{EXTRA_SIGN}}',
  // openssl x509 -req -extfile <this file>: named only by `extensions` in the default section.
  '{{H_LEAF}}',
  'basicConstraints = {{BC_LEAF}}',
  'keyUsage = {{KU_LEAF}}',
  'extendedKeyUsage = {{EKU_LEAF}}',
  'subjectAltName = {{SAN_LEAF}}',
  'subjectKeyIdentifier = {{SKI_LEAF}}',
  'authorityKeyIdentifier = {{AKI_LEAF}}',
  '{{EXTRA_LEAF}}',
];

const defaults: Record<string, string> = {
  PRE: '',
  X509_EXTS_REF: 'v3_leaf',
  H_REQ: '[ req ]',
  DN_REF: 'dn',
  REQEXT_REF: 'v3_req',
  X509EXT_REF: 'v3_ca',
  MASK: 'utf8only',
  REQ_EXTRA: '',
  H_DN: '[ dn ]',
  CN: 'node1',
  DN_EXTRA: '',
  H_V3REQ: '[ v3_req ]',
  BC_REQ: 'CA:FALSE',
  KU_REQ: 'critical,digitalSignature,keyEncipherment',
  EKU_REQ: 'serverAuth,clientAuth',
  SAN_REQ: '@alt_names',
  EXTRA_REQ: '',
  H_V3CA: '[ v3_ca ]',
  BC_CA: 'critical,CA:TRUE,pathlen:1',
  KU_CA: 'critical,keyCertSign,cRLSign,digitalSignature',
  SKI_CA: 'hash',
  AKI_CA: 'keyid:always,issuer',
  EXTRA_CA: '',
  H_ALT: '[ alt_names ]',
  ALT_EXTRA: 'IP.1 = 127.0.0.1',
  CA_REF: 'CA_default',
  H_CADEF: '[ CA_default ]',
  CAEXT_REF: 'v3_sign',
  COPY_EXT: 'none',
  CA_MASK: 'utf8only',
  UNIQUE: 'no',
  CA_EXTRA: '',
  POLICY: 'organizationName = match',
  BC_SIGN: 'critical,CA:FALSE',
  KU_SIGN: 'critical,digitalSignature,keyEncipherment',
  EKU_SIGN: 'serverAuth,clientAuth',
  SAN_SIGN: 'DNS:node1,IP:127.0.0.1',
  SKI_SIGN: 'hash',
  AKI_SIGN: 'keyid,issuer',
  EXTRA_SIGN: '',
  H_LEAF: '[ v3_leaf ]',
  BC_LEAF: 'CA:FALSE',
  KU_LEAF: 'digitalSignature',
  EKU_LEAF: 'clientAuth',
  SAN_LEAF: '@alt_names',
  SKI_LEAF: 'hash',
  AKI_LEAF: 'keyid:always',
  EXTRA_LEAF: '',
};

/** Mulberry32: small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function typo(r: Rng, w: string): string {
  const i = Math.floor(r() * w.length);
  switch (Math.floor(r() * 5)) {
    case 0:
      return w.toLowerCase();
    case 1:
      return w.slice(0, i) + w.slice(i + 1);
    case 2:
      return w.slice(0, i) + w[i]!.toUpperCase() + w.slice(i + 1);
    case 3:
      return w.slice(0, i) + 'x' + w.slice(i);
    default:
      return w[0]!.toUpperCase() + w.slice(1);
  }
}

const kuWords = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly', 'contentCommitment'];
const kuLong = ['Digital Signature', 'Key Encipherment', 'Certificate Sign', 'CRL Sign', 'Non Repudiation'];
const kuBad = ['signature', 'certSign', 'digitalsignature', 'KeyEncipherment', 'crlSign', 'critical', 'digitalSignature:foo', 'Digital  Signature', ' keyAgreement '];
const ekuGood = ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning', 'anyExtendedKeyUsage', 'TLS Web Server Authentication', 'TLS Web Client Authentication', '1.3.6.1.5.5.7.3.1', '1.2.3.4.5', 'commonName', 'msEFS', 'ipsecIKE', '2.999.1', 'x:serverAuth'];
const ekuBad = ['serverauth', 'ServerAuth', 'clientauth', 'tlsWebServer', '1.2.x', '3.1.2', '1.40.1', 'server Auth', 'SERVERAUTH', '1'];
const ipGood = ['127.0.0.1', '10.1.2.3', '::1', '2001:db8::1', '::', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4', 'fe80::1', '0.0.0.0', '255.255.255.255', '01.2.3.4', '1::'];
const ipBad = ['1.2.3', '256.1.1.1', '10.0.0.0/8', 'fe80::1%eth0', 'localhost', '1::2::3', '1:2:3:4:5:6:7:8:9', '1.2.3.4.5', '::1/128', '12345::1', 'g::1', '1:2:3:4:5:6:7::8:9', ':1:2'];
const sanOther = ['DNS:a.example.com', 'DNS:*.example.com', 'URI:https://example.com/x', 'email:a@example.com', 'RID:1.2.3.4', 'RID:bogus.name', 'dirName:dir_sect', 'dirName:no_such_sect', 'otherName:1.3.6.1.4.1.311.20.2.3;UTF8:u@example.com', 'otherName:1.2.3.4;UTF8String:x', 'otherName:1.2.3.4:UTF8:x', 'otherName:1.2.3.4;utf8:x', 'otherName:1.2.3.4;INTEGER:12', 'otherName:1.2.3.4;INTEGER:zz', 'otherName:bogus;UTF8:x', 'dns:a.example', 'Host:a.example', 'DNS', 'a.example.com', 'IP Address:1.2.3.4', 'email:copy', 'URI:', 'DNS: spaced.example ', 'DNS:trailing.example,', 'IP: 10.0.0.1', 'IP:1.2.3.4 junk', 'IP:+1.2.3.4', 'URI:ldap://h/CN=a,OU=b', 'email:move', 'dirName:dir_sect, DNS:x'];
const bcVariants = ['CA:TRUE', 'CA:true', 'CA:True', 'CA:1', 'CA:yes', 'CA:Y', 'CA:no', 'ca:true', 'CA:TRUE,pathlen:0', 'CA:TRUE,pathlen:abc', 'CA:TRUE,pathlen:-1', 'CA:TRUE,pathlen:0x10', 'critical ,CA:TRUE', 'CRITICAL,CA:TRUE', 'critical,CA:TRUE', 'critical, CA:TRUE', 'CA:TRUE, critical', 'CA', 'pathlen', 'pathlen:1', 'CA:FALSE,pathlen:2', 'CA:maybe', 'critical CA:TRUE', 'CA:TRUE,', ',CA:TRUE', 'CA:TRUE,,pathlen:1', 'CA: TRUE ', 'Ca:TRUE', 'CA:TRUE,pathLen:1'];
const extNames = ['SubjectAltName = DNS:a', 'subjectaltname = DNS:a', 'keyusage = digitalSignature', '1.2.3.4 = hello', '1.2.3.4 = ASN1:UTF8String:hello', '1.2.3.4 = DER:01:02', '1.2.3.4 = DER:0g', 'nsComment = "hello there"', 'nsCertType = client, server', 'nsCertType = clients', 'commonName = x', 'crlDistributionPoints = URI:http://example.com/crl', 'authorityInfoAccess = OCSP;URI:http://ocsp.example.com/', 'authorityInfoAccess = OCSP:URI:http://x', 'certificatePolicies = 1.2.3.4', 'certificatePolicies = @policy1', 'certificatePolicies = @nopolicy', 'inhibitAnyPolicy = 2', 'inhibitAnyPolicy = two', 'tlsfeature = status_request', 'tlsfeature = bogus', 'CRLReason = superseded', 'noCheck = ignored', 'policyConstraints = requireExplicitPolicy:1', 'policyConstraints = requireExplicit:1', 'Subject Alternative Name = DNS:a', 'X509v3 Subject Alternative Name = DNS:a', 'nameConstraints = permitted;IP:10.0.0.0/255.0.0.0', 'nameConstraints = permitted;IP:10.0.0.0/8', 'nameConstraints = DNS:.example.com', 'nameConstraints = permitted;DNS:.example.com', 'nameConstraints = excluded;IP:fd00::/ffff::', 'issuerAltName = issuer:copy', 'issuerAltName = DNS:ca.example', 'issuerAltName = issuer:always', 'basicConstraints = CA:FALSE', 'keyUsage = cRLSign', ' = x', 'privateKeyUsagePeriod = x'];
const akiVariants = ['keyid', 'keyid:always', 'issuer', 'issuer:always', 'keyid,issuer', 'keyid:always,issuer:always', 'bogus', 'keyid:sometimes', 'keyid:never', 'none', 'Keyid', 'keyid, issuer'];
const skiVariants = ['hash', 'hashy', '01:02:03', '0102', '010', 'none', 'Hash', 'zz', '01:02:03:04:05', '0x0102'];
const maskVariants = ['utf8only', 'pkix', 'nombstr', 'default', 'MASK:0x2002', 'MASK:abc', 'MASK:', 'bogus', 'UTF8only', 'utf8', 'MASK:2002'];
const nameOpts = ['ca_default', 'CA_DEFAULT', 'RFC2253', 'oneline,-esc_msb', 'multiline, align', 'oneline;utf8', 'utf8,bogus', 'oneline,', 'bogus,', 'bogus:1', 'oneline:x', '+', 'Oneline', 'rfc2253', 'sep_comma_plus_space', 'sep_comma_plus_spaces', 'no_pubkey'];
const certOpts = ['ca_default', 'bogus', 'no_pubkey,-no_sigdump', 'NO_PUBKEY', 'compatible', 'ext_parse', 'oneline', 'ca_default,', 'no_pubkeys', 'no_sigdump ,no_aux', '-'];
const yesNo = ['no', 'yes', 'maybe', 'Yes', 'nope', '', '0', 'true', 'False', 'y'];

/** Extension sections of the template and the slots each has. */
type ExtSlot = 'BC' | 'KU' | 'EKU' | 'SAN' | 'SKI' | 'AKI' | 'EXTRA';
const extSections: Readonly<Record<string, readonly ExtSlot[]>> = {
  REQ: ['BC', 'KU', 'EKU', 'SAN', 'EXTRA'],
  CA: ['BC', 'KU', 'SKI', 'AKI', 'EXTRA'],
  SIGN: ['BC', 'KU', 'EKU', 'SAN', 'SKI', 'AKI', 'EXTRA'],
  LEAF: ['BC', 'KU', 'EKU', 'SAN', 'SKI', 'AKI', 'EXTRA'],
};
/** A slot of one of the extension sections (v3_req, v3_ca, v3_sign, v3_leaf) that has it. */
function extSlot(r: Rng, slot: ExtSlot): string {
  const owners = Object.keys(extSections).filter((k) => extSections[k]!.includes(slot));
  return `${slot}_${pick(r, owners)}`;
}

/** `[ policy_any ]` lines: field names OpenSSL knows or not, values match/supplied/optional or not. */
const policyValuesGood = ['match', 'supplied', 'optional'];
const policyValuesBad = ['Match', 'required', 'SUPPLIED', '', 'optionnal', 'match,optional', 'optional # c', 'Optional'];
function policyLine(r: Rng): string {
  const x = r();
  const bad = (): string => pick(r, policyValuesBad);
  // Present in both the request and the CA certificate, with the same value.
  if (x < 0.4) return `${pick(r, ['organizationName', 'O', '2.5.4.10'])} = ${r() < 0.7 ? pick(r, policyValuesGood) : bad()}`;
  // In the request only (CN differs from the CA's): match would fail on the data, not the file.
  if (x < 0.55) return `${pick(r, ['CN', '2.5.4.3'])} = ${r() < 0.6 ? pick(r, ['supplied', 'optional']) : bad()}`;
  // In neither: only optional is data-independent.
  if (x < 0.7) return `${pick(r, ['countryName', 'C', 'emailAddress', 'localityName', 'L', '2.5.4.6', 'organizationalUnitName'])} = ${r() < 0.6 ? 'optional' : bad()}`;
  const name = pick(r, ['organisationName', 'OrganizationName', 'o', 'bogusField', '1.2.3.4', '0.organizationName', 'organizationName.1', 'organizationname', 'Organization Name', 'organization', 'commonname', 'cn', 'unique_subject', 'default_days', 'database']);
  return `${name} = ${r() < 0.7 ? pick(r, policyValuesGood) : bad()}`;
}

export interface Mutation {
  readonly kind: string;
  readonly slots: Readonly<Record<string, string>>;
  /** Slots whose lines count as "touched". */
  readonly touched: readonly string[];
  /** The mutation re-points or renames a section: errors anywhere in the section it names count. */
  readonly anywhere?: boolean;
  readonly files?: Readonly<Record<string, string>>;
}

function kuValue(r: Rng): string {
  const n = 1 + Math.floor(r() * 3);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    words.push(x < 0.45 ? pick(r, kuWords) : x < 0.6 ? pick(r, kuLong) : x < 0.8 ? typo(r, pick(r, kuWords)) : pick(r, kuBad));
  }
  return (r() < 0.4 ? 'critical,' : '') + words.join(pick(r, [',', ', ', ' , ']));
}

function sanEntry(r: Rng): string {
  const x = r();
  if (x < 0.3) return `IP:${pick(r, ipGood)}`;
  if (x < 0.55) return `IP:${pick(r, ipBad)}`;
  return pick(r, sanOther);
}

export function mutation(r: Rng, tmp: string): Mutation {
  const k = Math.floor(r() * 35);
  switch (k) {
    case 0:
    case 1:
    case 2: {
      const slot = extSlot(r, 'KU');
      return { kind: 'keyUsage', slots: { [slot]: kuValue(r) }, touched: [slot] };
    }
    case 3:
    case 4: {
      const slot = extSlot(r, 'EKU');
      const n = 1 + Math.floor(r() * 2);
      const xs = Array.from({ length: n }, () => (r() < 0.55 ? pick(r, ekuGood) : r() < 0.5 ? pick(r, ekuBad) : typo(r, pick(r, ['serverAuth', 'clientAuth']))));
      return { kind: 'eku', slots: { [slot]: xs.join(',') }, touched: [slot] };
    }
    case 5:
    case 6:
    case 7: {
      const slot = extSlot(r, 'SAN');
      const n = 1 + Math.floor(r() * 3);
      const xs = Array.from({ length: n }, () => sanEntry(r));
      return { kind: 'san', slots: { [slot]: (r() < 0.2 ? 'critical,' : '') + xs.join(', ') }, touched: [slot] };
    }
    case 8: {
      const key = pick(r, ['DNS.2', 'DNS2', 'dns.2', 'IP.2', 'IP_2', 'IP.foo', 'email.1', 'URI.1', 'RID.1', 'dirName.1', 'otherName.1', 'DNS', 'Host.1', 'IP.1']);
      const val = key.toLowerCase().startsWith('ip') ? pick(r, [...ipGood, ...ipBad]) : key.startsWith('RID') ? pick(r, ['1.2.3', 'x.y']) : key.startsWith('dirName') ? pick(r, ['dir_sect', 'nosuch']) : key.startsWith('otherName') ? pick(r, ['1.2.3.4;UTF8:x', '1.2.3.4,UTF8:x']) : pick(r, ['b.example', '', 'x@y']);
      return { kind: 'san-section', slots: { ALT_EXTRA: `${key} = ${val}` }, touched: ['ALT_EXTRA'] };
    }
    case 9:
    case 10: {
      const slot = extSlot(r, 'BC');
      return { kind: 'basicConstraints', slots: { [slot]: pick(r, bcVariants) }, touched: [slot] };
    }
    case 11:
    case 12:
    case 13: {
      const slot = extSlot(r, 'EXTRA');
      return { kind: 'extension-name', slots: { [slot]: pick(r, extNames) }, touched: [slot] };
    }
    case 14:
    case 15: {
      const v = pick(r, ['$base', '${base}', '$(base)', '$default::base', '${default::base}', '$(default::base)', '$nosuch::base', '$undefinedvar', '${base', '${1.base}', '$base.suffix', 'a $ b', '\\$base', "'$base'", '"${base}"', '$ENV::CW_ORACLE_SET', '${ENV::CW_ORACLE_SET}', '$req::prompt', '$req::nope', '$later', 'x$num$num', '$(base', '${default::}', '$', 'cost\\$', '$CA_default::dir', '$dir']);
      return { kind: 'variable', slots: { CN: v, PRE: r() < 0.2 ? 'later = x' : '' }, touched: ['CN'] };
    }
    case 16: {
      const x = r();
      if (x < 0.5) {
        const h = pick(r, ['[ v3_req', '[v3:req]', '[ v3_req ]x', '[ v3_Req ]', '[v3_req]', '[ v3_req ] # c', '[ v3 req ]', '[ v3_req ]]', 'v3_req ]', '[ "v3_req" ]']);
        return { kind: 'header', slots: { H_V3REQ: h }, touched: ['H_V3REQ', 'REQEXT_REF'], anywhere: true };
      }
      if (x < 0.8) {
        const h = pick(r, ['[ CA_default', '[CA_default]', '[ CA_Default ]', '[ CA_default ] x', '[ CA default ]', '[ CA_default ]]', '[ CA-default ]']);
        return { kind: 'header-ca', slots: { H_CADEF: h }, touched: ['H_CADEF', 'CA_REF'], anywhere: true };
      }
      // Renaming [ v3_leaf ] would break only `-extensions v3_leaf`, which no file can show: syntax variants only.
      const h = pick(r, ['[ v3_leaf', '[v3_leaf]', '[ v3_leaf ] # c', '[ v3_leaf ]]', 'v3_leaf ]', '[ v3:leaf ]', '[ v3_leaf ]x']);
      return { kind: 'header-leaf', slots: { H_LEAF: h }, touched: ['H_LEAF'] };
    }
    case 17: {
      const slot = pick(r, ['REQ_EXTRA', 'CA_EXTRA', 'EXTRA_LEAF']);
      const v = pick(r, ['keyUsage digitalSignature', 'key usage = digitalSignature', 'ké = v', 'keyUsage : digitalSignature', 'keyUsage == digitalSignature', 'keyUsage=digitalSignature', ' = x', 'justaword', 'a::b = 1', 'a::b::c = 1', '=', 'name\\ x = 1']);
      return { kind: 'equals', slots: { [slot]: v }, touched: [slot] };
    }
    case 18: {
      const inc = `${tmp}/inc_ok.cnf`;
      const incBad = `${tmp}/inc_bad.cnf`;
      const v = pick(r, [`.include ${inc}`, `.include=${inc}`, `.include = ${inc}`, `.include ${incBad}`, `.include ${tmp}/missing.cnf`, `.include ${tmp}/incdir`, `.include inc_ok.cnf`, '.include', `.includes ${inc}`, `.include $ENV::CW_ORACLE_DIR/inc_ok.cnf`]);
      return {
        kind: 'include',
        slots: { DN_EXTRA: v },
        touched: ['DN_EXTRA'],
        files: { [inc]: 'L = Here\n', [incBad]: 'oops no equals\n', [`${tmp}/incdir/a.cnf`]: 'ST = There\n', [`${tmp}/incdir/skip.txt`]: 'garbage\n' },
      };
    }
    case 19: {
      const v = pick(r, ['.pragma dollarid:on', '.pragma dollarid:maybe', '.pragma dollarid', '.pragma :on', '.pragma dollarid:', '.pragma foo:bar', '.pragma includedir:/tmp', '.pragma abspath:on\n.include inc_ok.cnf', '.pragma abspath:true', '.pragma = dollarid : off', '.pragmatic = x', '.pragma DollarId:on', '.pragma dollarid:ON']);
      return { kind: 'pragma', slots: { PRE: v }, touched: ['PRE'], files: { [`${tmp}/inc_ok.cnf`]: 'L = Here\n' } };
    }
    case 20:
    case 21: {
      const slot = extSlot(r, 'AKI');
      if (r() < 0.3) return { kind: 'aki', slots: { EXTRA_REQ: `authorityKeyIdentifier = ${pick(r, akiVariants)}` }, touched: ['EXTRA_REQ'] };
      return { kind: 'aki', slots: { [slot]: pick(r, akiVariants) }, touched: [slot] };
    }
    case 22:
      return { kind: 'string_mask', slots: { MASK: pick(r, maskVariants) }, touched: ['MASK'] };
    case 23: {
      const slot = extSlot(r, 'SKI');
      return { kind: 'ski', slots: { [slot]: pick(r, skiVariants) }, touched: [slot] };
    }
    case 24:
      return r() < 0.5
        ? { kind: 'dn', slots: { DN_EXTRA: pick(r, ['C = USA', 'C = US', 'bogusField = x', 'OU = Ops', '1.OU = a', 'emailAddress = a@b', 'C = ', 'ST =', 'title = x', '+OU = x']) }, touched: ['DN_EXTRA'] }
        : { kind: 'dn', slots: { CN: pick(r, ['', 'x'.repeat(65), 'x'.repeat(64), 'ok']) }, touched: ['CN'] };
    case 25: {
      const slots: Record<string, string> = r() < 0.5 ? { REQEXT_REF: pick(r, ['nosuch', 'v3_ca', 'V3_req', 'dn', 'v3_leaf', 'v3_sign']) } : r() < 0.5 ? { DN_REF: pick(r, ['nosuch', 'dir_sect', 'DN']) } : { X509EXT_REF: pick(r, ['nosuch', 'v3_req', 'v3_leaf', 'v3_sign']) };
      return { kind: 'section-ref', slots, touched: ['REQEXT_REF', 'DN_REF', 'X509EXT_REF'], anywhere: true };
    }
    case 33: {
      // Sections Certwright checks as extension sections anyway (a DN or names section here would need the model to give it that role).
      return { kind: 'x509-ext-ref', slots: { X509_EXTS_REF: pick(r, ['nosuch', 'V3_leaf', 'v3_req', 'v3_sign', 'v3_ca', '$base', 'v3_leaf # x', '']) }, touched: ['X509_EXTS_REF'], anywhere: true };
    }
    case 26:
      return { kind: 'ca-ref', slots: { CA_REF: pick(r, ['nosuch', 'ca_default', 'CA_Default', 'policy_any', 'v3_sign', 'dn', '$base', 'CA_default # main']) }, touched: ['CA_REF'] };
    case 27:
      return { kind: 'ca-section-ref', slots: { CAEXT_REF: pick(r, ['nosuch', 'V3_sign', 'v3_ca', 'v3_req', 'dn', 'v3_leaf', 'alt_names', 'policy_any', 'CA_default', 'dir_sect', '$base', '${default::base}', '$ENV::CW_ORACLE_SET']) }, touched: ['CAEXT_REF'], anywhere: true };
    case 28:
    case 29:
      return { kind: 'policy', slots: { POLICY: policyLine(r) }, touched: ['POLICY'] };
    case 30:
      return { kind: 'copy-ext', slots: { COPY_EXT: pick(r, ['none', 'copy', 'copyall', 'COPY', 'CopyAll', 'bogus', '', 'copy all', 'copy_all', 'None', 'copyAll ']) }, touched: ['COPY_EXT'] };
    case 31:
      return { kind: 'ca-mask', slots: { CA_MASK: pick(r, maskVariants) }, touched: ['CA_MASK'] };
    case 32: {
      const key = pick(r, ['name_opt', 'cert_opt']);
      const v = pick(r, key === 'name_opt' ? nameOpts : certOpts);
      return { kind: 'ca-opt', slots: { CA_EXTRA: `${key} = ${v}` }, touched: ['CA_EXTRA'] };
    }
    default: {
      const x = r();
      if (x < 0.3) return { kind: 'ca-yesno', slots: { UNIQUE: pick(r, yesNo) }, touched: ['UNIQUE'] };
      if (x < 0.6) return { kind: 'ca-yesno', slots: { CA_EXTRA: `${pick(r, ['preserve', 'email_in_dn', 'msie_hack', 'utf8', 'rand_serial'])} = ${pick(r, yesNo)}` }, touched: ['CA_EXTRA'] };
      // Keys openssl ca reads only for CRLs, or not at all when signing: never a failure here.
      return { kind: 'ca-other', slots: { CA_EXTRA: pick(r, ['crl_extensions = nosuch', 'crl_extensions = v3_leaf', 'crlnumber = ./nosuch', 'default_crl_days = x', 'default_crl_hours = 1', 'oid_section = nosuch', 'certs = $dir/certs', 'crl_dir = ./nowhere', 'RANDFILE = ./rnd']) }, touched: ['CA_EXTRA'] };
    }
  }
}

/** Renders the template with a mutation; returns the text and the 1-based lines of the touched slots. */
export function render(m: Mutation): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  for (const t of template) {
    let touched = false;
    const text = t.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
      if (m.touched.includes(slot)) touched = true;
      return slot in m.slots ? m.slots[slot]! : defaults[slot]!;
    });
    for (const l of text.split('\n')) {
      out.push(l);
      if (touched) lines.push(out.length);
    }
  }
  return { text: out.join('\n') + '\n', lines };
}

/** `count` distinct cases; ids are `<kind>-<seed>-<n>` so fixtures from different seeds never collide. */
export function generateCases(seed: number, count: number, tmp: string): MutatedCase[] {
  const r = prng(seed);
  const cases: MutatedCase[] = [];
  const seen = new Set<string>();
  for (let i = 0; cases.length < count && i < count * 20; i++) {
    const m = mutation(r, tmp);
    const { text, lines } = render(m);
    if (seen.has(text)) continue;
    seen.add(text);
    cases.push({ id: `${m.kind}-${seed}-${cases.length}`, text, lines, anywhere: m.anywhere ?? false, files: m.files ?? {}, description: `${m.kind}: ${Object.entries(m.slots).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}` });
  }
  return cases;
}
