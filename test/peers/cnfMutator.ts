/**
 * Seeded mutator over a valid openssl.cnf for `openssl req -new` / `req -x509`:
 * each case replaces one slot of a template with a variant (misspelt usage
 * words, EKU names and OIDs, SAN entries, basicConstraints, variable forms,
 * header and `=` mistakes, includes, pragmas...). The oracle test runs OpenSSL
 * on every case and compares its verdict with Certwright's.
 */

export interface MutatedCase {
  readonly id: string;
  readonly text: string;
  /** 1-based lines the mutation touched (an error must be reported on one of them). */
  readonly lines: readonly number[];
  /** Extra files (absolute path → content) the case needs. */
  readonly files: Readonly<Record<string, string>>;
  readonly description: string;
}

const template: readonly string[] = [
  '{{PRE}}',
  'HOME = .',
  'base = example',
  'num = 1',
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
  'extendedKeyUsage = {{EKU}}',
  'subjectAltName = {{SAN}}',
  '{{REQEXT_EXTRA}}',
  '{{H_V3CA}}',
  'basicConstraints = {{BC_CA}}',
  'keyUsage = {{KU_CA}}',
  'subjectKeyIdentifier = {{SKI}}',
  'authorityKeyIdentifier = {{AKI}}',
  '{{CAEXT_EXTRA}}',
  '{{H_ALT}}',
  'DNS.1 = localhost',
  '{{ALT_EXTRA}}',
  '[ dir_sect ]',
  'CN = dir',
  'O = Example',
  '[ policy1 ]',
  'policyIdentifier = 1.2.3.4',
];

const defaults: Record<string, string> = {
  PRE: '',
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
  EKU: 'serverAuth,clientAuth',
  SAN: '@alt_names',
  REQEXT_EXTRA: '',
  H_V3CA: '[ v3_ca ]',
  BC_CA: 'critical,CA:TRUE,pathlen:1',
  KU_CA: 'critical,keyCertSign,cRLSign,digitalSignature',
  SKI: 'hash',
  AKI: 'keyid:always,issuer',
  CAEXT_EXTRA: '',
  H_ALT: '[ alt_names ]',
  ALT_EXTRA: 'IP.1 = 127.0.0.1',
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
const extNames = ['SubjectAltName = DNS:a', 'subjectaltname = DNS:a', 'keyusage = digitalSignature', '1.2.3.4 = hello', '1.2.3.4 = ASN1:UTF8String:hello', '1.2.3.4 = DER:01:02', '1.2.3.4 = DER:0g', 'nsComment = "hello there"', 'nsCertType = client, server', 'nsCertType = clients', 'commonName = x', 'crlDistributionPoints = URI:http://example.com/crl', 'authorityInfoAccess = OCSP;URI:http://ocsp.example.com/', 'authorityInfoAccess = OCSP:URI:http://x', 'certificatePolicies = 1.2.3.4', 'certificatePolicies = @policy1', 'certificatePolicies = @nopolicy', 'inhibitAnyPolicy = 2', 'inhibitAnyPolicy = two', 'tlsfeature = status_request', 'tlsfeature = bogus', 'CRLReason = superseded', 'noCheck = ignored', 'policyConstraints = requireExplicitPolicy:1', 'policyConstraints = requireExplicit:1', 'Subject Alternative Name = DNS:a', 'X509v3 Subject Alternative Name = DNS:a', 'nameConstraints = permitted;IP:10.0.0.0/255.0.0.0', 'nameConstraints = permitted;IP:10.0.0.0/8', 'nameConstraints = DNS:.example.com', 'nameConstraints = permitted;DNS:.example.com', 'nameConstraints = excluded;IP:fd00::/ffff::'];

export interface Mutation {
  readonly kind: string;
  readonly slots: Readonly<Record<string, string>>;
  /** Slots whose lines count as "touched". */
  readonly touched: readonly string[];
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
  const k = Math.floor(r() * 24);
  switch (k) {
    case 0:
    case 1:
      return { kind: 'keyUsage', slots: { KU_REQ: kuValue(r) }, touched: ['KU_REQ'] };
    case 2:
      return { kind: 'keyUsage-ca', slots: { KU_CA: kuValue(r) }, touched: ['KU_CA'] };
    case 3:
    case 4: {
      const n = 1 + Math.floor(r() * 2);
      const xs = Array.from({ length: n }, () => (r() < 0.55 ? pick(r, ekuGood) : r() < 0.5 ? pick(r, ekuBad) : typo(r, pick(r, ['serverAuth', 'clientAuth']))));
      return { kind: 'eku', slots: { EKU: xs.join(',') }, touched: ['EKU'] };
    }
    case 5:
    case 6:
    case 7: {
      const n = 1 + Math.floor(r() * 3);
      const xs = Array.from({ length: n }, () => sanEntry(r));
      return { kind: 'san', slots: { SAN: (r() < 0.2 ? 'critical,' : '') + xs.join(', ') }, touched: ['SAN'] };
    }
    case 8: {
      const key = pick(r, ['DNS.2', 'DNS2', 'dns.2', 'IP.2', 'IP_2', 'IP.foo', 'email.1', 'URI.1', 'RID.1', 'dirName.1', 'otherName.1', 'DNS', 'Host.1', 'IP.1']);
      const val = key.toLowerCase().startsWith('ip') ? pick(r, [...ipGood, ...ipBad]) : key.startsWith('RID') ? pick(r, ['1.2.3', 'x.y']) : key.startsWith('dirName') ? pick(r, ['dir_sect', 'nosuch']) : key.startsWith('otherName') ? pick(r, ['1.2.3.4;UTF8:x', '1.2.3.4,UTF8:x']) : pick(r, ['b.example', '', 'x@y']);
      return { kind: 'san-section', slots: { ALT_EXTRA: `${key} = ${val}` }, touched: ['ALT_EXTRA'] };
    }
    case 9:
    case 10:
      return { kind: 'basicConstraints', slots: { [r() < 0.5 ? 'BC_CA' : 'BC_REQ']: pick(r, bcVariants) }, touched: ['BC_CA', 'BC_REQ'] };
    case 11:
    case 12:
      return { kind: 'extension-name', slots: { [r() < 0.5 ? 'REQEXT_EXTRA' : 'CAEXT_EXTRA']: pick(r, extNames) }, touched: ['REQEXT_EXTRA', 'CAEXT_EXTRA'] };
    case 13:
    case 14: {
      const v = pick(r, ['$base', '${base}', '$(base)', '$default::base', '${default::base}', '$(default::base)', '$nosuch::base', '$undefinedvar', '${base', '${1.base}', '$base.suffix', 'a $ b', '\\$base', "'$base'", '"${base}"', '$ENV::CW_ORACLE_SET', '${ENV::CW_ORACLE_SET}', '$req::prompt', '$req::nope', '$later', 'x$num$num', '$(base', '${default::}', '$', 'cost\\$']);
      return { kind: 'variable', slots: { CN: v, PRE: r() < 0.2 ? 'later = x' : '' }, touched: ['CN'] };
    }
    case 15: {
      const h = pick(r, ['[ v3_req', '[v3:req]', '[ v3_req ]x', '[ v3_Req ]', '[v3_req]', '[ v3_req ] # c', '[ v3 req ]', '[ v3_req ]]', 'v3_req ]', '[ "v3_req" ]']);
      return { kind: 'header', slots: { H_V3REQ: h }, touched: ['H_V3REQ', 'REQEXT_REF'] };
    }
    case 16: {
      const v = pick(r, ['keyUsage digitalSignature', 'key usage = digitalSignature', 'ké = v', 'keyUsage : digitalSignature', 'keyUsage == digitalSignature', 'keyUsage=digitalSignature', ' = x', 'justaword', 'a::b = 1', 'a::b::c = 1', '=', 'name\\ x = 1']);
      return { kind: 'equals', slots: { REQ_EXTRA: v }, touched: ['REQ_EXTRA'] };
    }
    case 17: {
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
    case 18: {
      const v = pick(r, ['.pragma dollarid:on', '.pragma dollarid:maybe', '.pragma dollarid', '.pragma :on', '.pragma dollarid:', '.pragma foo:bar', '.pragma includedir:/tmp', '.pragma abspath:on\n.include inc_ok.cnf', '.pragma abspath:true', '.pragma = dollarid : off', '.pragmatic = x', '.pragma DollarId:on', '.pragma dollarid:ON']);
      return { kind: 'pragma', slots: { PRE: v }, touched: ['PRE'], files: { [`${tmp}/inc_ok.cnf`]: 'L = Here\n' } };
    }
    case 19:
      return { kind: 'aki', slots: r() < 0.5 ? { REQEXT_EXTRA: `authorityKeyIdentifier = ${pick(r, ['keyid', 'keyid:always', 'issuer', 'keyid,issuer', 'bogus', 'keyid:sometimes'])}` } : { AKI: pick(r, ['keyid', 'issuer:always', 'keyid:always,issuer:always', 'bogus', 'keyid:never', 'none']) }, touched: ['REQEXT_EXTRA', 'AKI'] };
    case 20:
      return { kind: 'string_mask', slots: { MASK: pick(r, ['utf8only', 'pkix', 'nombstr', 'default', 'MASK:0x2002', 'MASK:abc', 'MASK:', 'bogus', 'UTF8only', 'utf8']) }, touched: ['MASK'] };
    case 21:
      return { kind: 'ski', slots: { SKI: pick(r, ['hash', 'hashy', '01:02:03', '0102', '010', 'none', 'Hash', 'zz']) }, touched: ['SKI'] };
    case 22:
      return { kind: 'dn', slots: r() < 0.5 ? { DN_EXTRA: pick(r, ['C = USA', 'C = US', 'bogusField = x', 'OU = Ops', '1.OU = a', 'emailAddress = a@b', 'C = ', 'ST =', 'title = x', '+OU = x']) } : { CN: pick(r, ['', 'x'.repeat(65), 'x'.repeat(64), 'ok']) }, touched: ['DN_EXTRA', 'CN'] };
    default:
      return { kind: 'section-ref', slots: r() < 0.5 ? { REQEXT_REF: pick(r, ['nosuch', 'v3_ca', 'V3_req', 'dn']) } : r() < 0.5 ? { DN_REF: pick(r, ['nosuch', 'dir_sect', 'DN']) } : { X509EXT_REF: pick(r, ['nosuch', 'v3_req']) }, touched: ['REQEXT_REF', 'DN_REF', 'X509EXT_REF'] };
  }
}

/** Renders the template with a mutation; returns the text and the 1-based lines of the touched slots. */
export function render(m: Mutation): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  for (const t of template) {
    let touched = false;
    const text = t.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
      if (m.touched.includes(slot) && slot in m.slots) touched = true;
      if (m.touched.includes(slot) && !(slot in m.slots) && m.kind === 'header' && slot === 'REQEXT_REF') touched = true;
      if (m.touched.includes(slot) && m.kind === 'section-ref') touched = true;
      return slot in m.slots ? m.slots[slot]! : defaults[slot]!;
    });
    for (const l of text.split('\n')) {
      out.push(l);
      if (touched) lines.push(out.length);
    }
  }
  return { text: out.join('\n') + '\n', lines };
}

export function generateCases(seed: number, count: number, tmp: string): MutatedCase[] {
  const r = prng(seed);
  const cases: MutatedCase[] = [];
  const seen = new Set<string>();
  for (let i = 0; cases.length < count && i < count * 20; i++) {
    const m = mutation(r, tmp);
    const { text, lines } = render(m);
    if (seen.has(text)) continue;
    seen.add(text);
    cases.push({ id: `${m.kind}-${cases.length}`, text, lines, files: m.files ?? {}, description: `${m.kind}: ${Object.entries(m.slots).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}` });
  }
  return cases;
}
