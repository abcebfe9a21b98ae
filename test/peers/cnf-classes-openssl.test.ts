/**
 * The differential oracle for the classes of issue #10, case by case: each
 * config runs through the real OpenSSL in the way the case says (`req`,
 * `x509 -req -extfile -extensions`, `ca` with or without `-name`, `ca -gencrl`,
 * `ca -revoke`, `ts -reply`, or loading it as OPENSSL_CONF), and Certwright, told the same
 * command line, must report an error exactly when OpenSSL fails, on the line
 * the case names. Classes: oid_section (built-in names and OIDs, OID text),
 * library modules under openssl_conf, openssl ca -name / -gencrl / -revoke, the
 * TSA settings of ts -reply, and every extension OpenSSL 3 builds from config. Prints agreement per class.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeCnf, clearCnfCache } from '../../server/src/core/cnf';
import { LineIndex } from '../../server/src/core/lineIndex';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { digestNames, isDigestName } from '../../server/src/core/cnf/vocabulary';
import { commandUsesOf } from '../../server/src/core/cnf/commandUse';

const skip = spawnSync('openssl', ['version'], { stdio: 'pipe' }).status === 0 ? false : 'openssl CLI not found on PATH (scripts/install-system-deps.sh installs it)';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cnf-classes-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

type How = 'req' | 'reqSubj' | 'reqX509' | 'x509' | 'ca' | 'caFlags' | 'caSelfsign' | 'caNoCert' | 'gencrl' | 'revoke' | 'load' | 'tsa';
interface Case {
  readonly cls: string;
  readonly text: string;
  readonly how: How;
  /** -extensions (x509, ca) / -name (ca, gencrl, revoke). */
  readonly ext?: string;
  readonly name?: string;
  /** The line an error must be on, when OpenSSL fails. */
  readonly line?: number;
  /**
   * OpenSSL fails, but a flag (-name, -days, -crldays…) makes it work: an error on the line as this command uses the
   * file, and a warning or a note there (no error) for the file alone, whose use is not known.
   */
  readonly flagFixes?: boolean;
  /**
   * OpenSSL fails, and the file alone (no use known) is one openssl req can use: an error as this command uses it,
   * a warning on the line for the file alone (what only openssl ca reads is not taken as in use).
   */
  readonly aloneWarns?: boolean;
  /** openssl ca's operation, when the case runs ca. */
  readonly op?: 'sign' | 'gencrl' | 'revoke';
}

const dn = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
const req = (head: string, extra = ''): string => `${head}\n${dn}${extra}`;
const ext = (lines: string, more = ''): string => `[ e ]\n${lines}\n${more}`;
const caSection = (name: string, drop: string[] = []) =>
  `[ ${name} ]\n${Object.entries({ database: 'index.txt', new_certs_dir: '.', serial: 'serial', default_md: 'sha256', default_days: '30', policy: 'pol', crlnumber: 'crlnumber', default_crl_days: '1' })
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k} = ${v}\n`)
    .join('')}`;

/** A working `ts -reply` set-up, one key replaced (`key = value`) or dropped (`key`); the key lines are 8 to 20. */
function tsaConfig(change: string): string {
  const lines = [
    'oid_section = new_oids',
    '[ new_oids ]',
    'tsa_policy1 = 1.2.3.4.1',
    'tsa_policy2 = 1.2.3.4.5.6',
    '[ tsa ]',
    'default_tsa = tsa_config1',
    '[ tsa_config1 ]',
    `serial = ${path.join(tmp, 'tsaserial')}`,
    `signer_cert = ${path.join(tmp, 'tsa.crt')}`,
    `signer_key = ${path.join(tmp, 'tsa.key')}`,
    'signer_digest = sha256',
    'default_policy = tsa_policy1',
    'other_policies = tsa_policy2',
    'digests = sha1, sha256',
    'accuracy = secs:1, millisecs:500, microsecs:100',
    'clock_precision_digits = 0',
    'ordering = yes',
    'tsa_name = yes',
    'ess_cert_id_chain = no',
    'ess_cert_id_alg = sha1',
  ];
  const name = change.split('=')[0]!.trim();
  const at = lines.findIndex((l) => l.split('=')[0]!.trim() === name);
  if (at >= 0) lines[at] = change.includes('=') ? change : '';
  return `${lines.join('\n')}\n`;
}

/** Sections s0…s(n-1), each holding an INTEGER and the SEQUENCE of the next, after a two-line extension section. */
function seqChain(n: number): string {
  return Array.from({ length: n }, (_, i) => `[ s${i} ]\na = INTEGER:${i}\n${i < n - 1 ? `f = SEQUENCE:s${i + 1}\n` : ''}`).join('');
}
/** The line of the entry in s49 naming s50 (3 lines per section after the extension's two). */
const chainLine = (n: number): number | undefined => (n > 50 ? 2 + 49 * 3 + 3 : undefined);

/**
 * A file openssl req uses (its [ req ], lines 1-5) that also holds CA settings default_ca names (lines 6-16, as
 * caSection, then `extra`), and a policy section: the CA part is read only by openssl ca.
 */
const reqAndCa = (drop: string[] = [], extra = '', policy = 'CN = supplied'): string => `${dn}[ ca ]\ndefault_ca = d\n${caSection('d', drop)}${extra}[ pol ]\n${policy}\n`;

const cases: Case[] = [
  // CA settings in a file openssl req uses: req never reads them; ca fails on them; alone, a warning.
  ...(
    [
      [[], 'x509_extensions = usr_cert\n', undefined, 17],
      [['database'], '', undefined, 8],
      [['serial'], '', undefined, 8],
      [[], '', 'CN = suppled', 18],
      [[], 'copy_extensions = copyal\n', undefined, 17],
      [[], 'x509_extensions = usr\n[ usr ]\nkeyUsage = digitalSignatur\n', undefined, 19],
    ] as const
  ).flatMap(([drop, extra, policy, line]): Case[] => [
    { cls: 'CA settings of a req file', text: reqAndCa([...drop], extra, policy), how: 'req' },
    { cls: 'CA settings of a req file', text: reqAndCa([...drop], extra, policy), how: 'ca', line, aloneWarns: true },
  ]),
  // req keys copied into the section default_ca names (devcert's domain-certificates.conf): ca does not read them, and
  // openssl req reads [ req ], not that section.
  { cls: 'CA settings of a req file', text: reqAndCa([], 'prompt = no\nreq_extensions = nosuch\n'), how: 'req' },
  { cls: 'CA settings of a req file', text: reqAndCa([], 'prompt = no\nreq_extensions = nosuch\n'), how: 'ca' },
  // oid_section (openssl req / ca: add_oid_section → OBJ_create(value, name, name)).
  ...[
    ['scardLogin = 1.3.6.1.4.1.311.20.2.2', 3],
    ['pkkdcekuoid = 1.3.6.1.5.2.3.5', 3],
    ['serverAuth = 1.2.3.4.5', 3],
    ['CN = 1.2.3.4.10', 3],
    ['myPolicy = 1.2.3.4.7', 3],
    ['x = 1.2', 3],
    ['x = 1.40.1', 3],
    ['x = 1.2.3.4a', 3],
    ['x = 1.2.3..4', 3],
    ['a = 1.2.3.4.9\nb = 1.2.3.4.9', 4],
  ].map(([l, line]): Case => ({ cls: 'oid_section', text: req(`oid_section = o\n[ o ]\n${l}`), how: 'req', line: line as number })),
  { cls: 'oid_section', text: req('oid_section = nosuch'), how: 'req', line: 1 },
  // OID text in extension values (accepted; OID-002 warns).
  { cls: 'oid text', text: ext('extendedKeyUsage = 1.3.6.1.5.5.7.3..1, clientAuth'), how: 'x509', ext: 'e', line: 2 },
  { cls: 'oid text', text: ext('certificatePolicies = 2.23.140.1.2 .1'), how: 'x509', ext: 'e', line: 2 },
  { cls: 'oid text', text: ext('extendedKeyUsage = 1.3.6.1.5.5.7.3.x'), how: 'x509', ext: 'e', line: 2 },
  // Library modules (loading the file as OPENSSL_CONF).
  ...[
    'foo = bar',
    'providers = nosect',
    'providers = prov\n[ prov ]\ndefault = nosect',
    'providers = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1',
    'providers.1 = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1',
    'providers = prov\n[ prov ]\ndefault = ds\nlegacy = ds\n[ ds ]\nactivate = 1\na = ps\nb = ps\n[ ps ]\nx = 1',
    'alg_section = algs\n[ algs ]\nfoo = bar',
    'alg_section = algs\n[ algs ]\ndefault_properties = ???',
    'alg_section = algs\n[ algs ]\ndefault_properties = ?fips=yes,-legacy',
    'alg_section = nosect',
    'ssl_conf = nosect',
    'ssl_conf = ssl\n[ ssl ]\nsystem_default = nosect',
    'ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]\nMinProtocol = TLSv1.9',
    'engines = nosect',
    'engines = e\n[ e ]\nfoo = nosect',
    'random = nosect',
    'random = r\n[ r ]\nfoo = bar',
    'random = r\n[ r ]\nrandom = CTR-DRBG\ncipher = AES-256-CTR',
    'stbl_section = st\n[ st ]\ncommonName = min:1,max:64,mask:UTF8String|BMPString,flags:nomask',
    'stbl_section = st\n[ st ]\ncommonName = flags:stable',
    'stbl_section = st\n[ st ]\ncommonName = mask:nombstr',
    'stbl_section = st\n[ st ]\n2.5.4.3 = min:1',
    'stbl_section = st\n[ st ]\ncommonName = min:x',
    'oid_section = oo\n[ oo ]\nfoo = Foo Long, 1.2.3.4.77',
    'oid_section = oo\n[ oo ]\nscardLogin = 1.3.6.1.4.1.311.20.2.2',
    'oid_section = nosect',
    // conf_mod.c module_find compares a key with strncmp over the key's own length: a beginning of a module's
    // name picks the first such module (openssl test/recipes/04-test_asn1_stable_parse_data: `s` is stbl_section).
    's = st\n[ st ]\ncommonName = min:1',
    's = st\n[ st ]\ncommonName = min',
    'provider = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1',
    'provider = nosect',
    'ssl = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]\nMinProtocol = TLSv1.2',
    'alg = algs\n[ algs ]\nfoo = bar',
    'rand = r\n[ r ]\nfoo = bar',
    'o = oo\n[ oo ]\nfoo = 1.2.3.4.77',
    'providersx = prov',
    // alg_section reads the deprecated boolean fips_mode too (openssl test/fips-alt.cnf).
    'alg_section = algs\n[ algs ]\nfips_mode = no',
    'alg_section = algs\n[ algs ]\nfips_mode = maybe',
  ].flatMap((m): Case[] => {
    // As OPENSSL_CONF, failures are fatal only with config_diagnostics = 1; with -config (req) always.
    const text = `openssl_conf = init\n[ init ]\n${m}\n`;
    const diag = `config_diagnostics = 1\n${text}`;
    const withReq = `${text}${dn}`;
    // The line of the first entry that can fail: the last line of the module text.
    const last = (t: string) => t.trimEnd().split('\n').length;
    return [
      { cls: 'modules (OPENSSL_CONF)', text, how: 'load', line: last(text) },
      { cls: 'modules (diagnostics)', text: diag, how: 'load', line: last(diag) },
      { cls: 'modules (req -config)', text: withReq, how: 'req', line: last(text) },
    ];
  }),
  // Module failures on a line before the last: an empty ssl section or command section (reported on
  // the entry naming it), an engine whose dynamic_path is not on this machine.
  ...(
    [
      ['ssl_conf = ssl\n[ ssl ]', 3],
      ['ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]', 5],
      ['engines = es\n[ es ]\npka = pka_sect\n[ pka_sect ]\nengine_id = pka\ndynamic_path = /nonexistent-cw/engines-1.1/pka.so\ninit = 0', 8],
      // An engine by id only, not in this machine's engines folder: loaded when a command needs it (the name, or engine_id before it).
      ['engines = es\n[ es ]\ngost = gost_sect\n[ gost_sect ]\ninit = 0', 5],
      ['engines = es\n[ es ]\ne = e_sect\n[ e_sect ]\nengine_id = gost\ndefault_algorithms = ALL', 7],
      ['engines = es\n[ es ]\ngost = gost_sect\n[ gost_sect ]\nsoft_load = 1\ndefault_algorithms = ALL', 5],
      ['engines = es\n[ es ]\ngost = gost_sect\n[ gost_sect ]\nengine_id = gost', 5],
      // A provider parameter leading back to a section on the way (openssl test/recursive.cnf), on the entry that closes the cycle.
      ['providers = prov\n[ prov ]\n = prov', 5],
      ['providers = prov\n[ prov ]\ndefault = ds\n[ ds ]\nparams = ps\n[ ps ]\nback = ds\n[ other ]', 9],
      ['providers = prov\n[ prov ]\ndefault = ds\nlegacy = ds\n[ ds ]\nactivate = 1\nsub = ds\n[ other ]', 9],
    ] as const
  ).flatMap(([m, line]): Case[] => {
    const text = `openssl_conf = init\n[ init ]\n${m}\n`;
    return [
      { cls: 'modules (OPENSSL_CONF)', text, how: 'load', line },
      { cls: 'modules (diagnostics)', text: `config_diagnostics = 1\n${text}`, how: 'load', line: line + 1 },
      { cls: 'modules (req -config)', text: `${text}${dn}`, how: 'req', line },
    ];
  }),
  // Only openssl req, ca and ts read oid_section (apps add_oid_section): x509 -extfile and loading the file as
  // OPENSSL_CONF never do (snyk/cli's FIPS openssl.cnf: the FIPS block pasted below [ new_oids ]).
  { cls: 'oid_section unread', text: 'oid_section = o\n[ o ]\nconfig_diagnostics = 1\n[ e ]\nbasicConstraints = CA:FALSE\n', how: 'x509', ext: 'e' },
  { cls: 'oid_section unread', text: 'oid_section = nosuch\n[ e ]\nbasicConstraints = CA:FALSE\n', how: 'x509', ext: 'e' },
  { cls: 'oid_section unread', text: 'config_diagnostics = 1\nopenssl_conf = init\noid_section = o\n[ o ]\nopenssl_conf = init\n[ init ]\nalg_section = a\n[ a ]\ndefault_properties = ?fips=no\n', how: 'load' },
  { cls: 'oid_section unread', text: 'config_diagnostics = 1\nopenssl_conf = init\noid_section = o\n[ o ]\nopenssl_conf = init\n[ init ]\nalg_section = a\n[ a ]\ndefault_properties = ?fips=no\n[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n', how: 'req', line: 5 },
  // openssl ca -selfsign signs with the request's own key: ca.c never reads certificate (neon's makekeys.sh).
  { cls: 'ca -selfsign', text: `[ ca ]\ndefault_ca = d\n${caSection('d')}[ pol ]\nCN = supplied\n`, how: 'caSelfsign' },
  { cls: 'ca -selfsign', text: `${caSection('d')}[ pol ]\nCN = supplied\n`, how: 'caSelfsign', name: 'd' },
  { cls: 'ca -selfsign', text: `[ ca ]\ndefault_ca = d\n${caSection('d')}[ pol ]\nCN = supplied\n`, how: 'caNoCert', line: 3, flagFixes: true },
  // A section the command line names and the file lacks: the command line is at fault (CNF-090, at the top of the file).
  { cls: 'command line sections', text: ext('basicConstraints = CA:FALSE'), how: 'x509', ext: 'nosuch', line: 1 },
  { cls: 'command line sections', text: `[ ca ]\ndefault_ca = CA_default\n${caSection('CA_default')}[ pol ]\nCN = supplied\n`, how: 'ca', name: 'CA_defualt', line: 1 },
  { cls: 'command line sections', text: `database = index.txt\nserial = serial\n${caSection('CA_default')}[ pol ]\nCN = supplied\n`, how: 'caFlags', name: 'nosuch' },
  // openssl ca falls back to the default section for every key: with them all there, -name nosuch works.
  { cls: 'command line sections', text: `database = index.txt\nserial = serial\nnew_certs_dir = .\ndefault_md = sha256\n${caSection('CA_default')}[ pol ]\nCN = supplied\n`, how: 'caFlags', name: 'nosuch' },
  // openssl req without -subj builds the subject from the file: none there fails it (REQ-004).
  { cls: 'req subject', text: ext('basicConstraints = CA:FALSE'), how: 'req', line: 1 },
  { cls: 'req subject', text: '[ req ]\nprompt = no\n[ e ]\nbasicConstraints = CA:FALSE\n', how: 'req', line: 1 },
  { cls: 'req subject', text: '[ req ]\ndistinguished_name = dn\n[ dn ]\n', how: 'req', line: 2 },
  { cls: 'req subject', text: '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\n', how: 'req', line: 3 },
  { cls: 'req subject', text: ext('basicConstraints = CA:FALSE'), how: 'reqSubj' },
  // openssl ca: -name, -gencrl, -revoke.
  { cls: 'ca -name', text: `[ ca ]\ndefault_ca = CA_default\n${caSection('CA_root')}[ pol ]\nCN = supplied\n`, how: 'ca', name: 'CA_root' },
  { cls: 'ca -name', text: `[ ca ]\ndefault_ca = CA_default\n${caSection('CA_root')}[ pol ]\nCN = supplied\n`, how: 'ca', line: 2, flagFixes: true },
  { cls: 'ca -name', text: `${caSection('CA_root', ['database'])}[ pol ]\nCN = supplied\n`, how: 'ca', name: 'CA_root', line: 1 },
  { cls: 'ca -name', text: `${caSection('CA_root', ['serial'])}[ pol ]\nCN = supplied\n`, how: 'ca', name: 'CA_root', line: 1 },
  { cls: 'ca -gencrl', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['serial', 'policy', 'new_certs_dir', 'default_days'])}`, how: 'gencrl' },
  { cls: 'ca -gencrl', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['default_crl_days'])}`, how: 'gencrl', line: 3, flagFixes: true },
  { cls: 'ca -gencrl', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['serial'])}`, how: 'gencrl' },
  { cls: 'ca -gencrl', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['database'])}`, how: 'gencrl', line: 3 },
  { cls: 'ca -revoke', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['serial', 'policy', 'new_certs_dir', 'default_days', 'default_crl_days'])}`, how: 'revoke' },
  { cls: 'ca -revoke', text: `${caSection('d', ['serial', 'policy'])}`, how: 'revoke', name: 'd', op: 'revoke' },
  // NCONF_get_number takes the leading digits: none leave openssl ca without a period (line 8: default_days, 11: default_crl_days).
  { cls: 'ca numbers', text: `[ ca ]\ndefault_ca = d\n${caSection('d').replace('default_days = 30', 'default_days = days365')}[ pol ]\nCN = supplied\n`, how: 'ca', line: 8, flagFixes: true },
  { cls: 'ca numbers', text: `[ ca ]\ndefault_ca = d\n${caSection('d').replace('default_days = 30', 'default_days = 0')}[ pol ]\nCN = supplied\n`, how: 'ca', line: 8, flagFixes: true },
  { cls: 'ca numbers', text: `[ ca ]\ndefault_ca = d\n${caSection('d').replace('default_days = 30', 'default_days = 30days')}[ pol ]\nCN = supplied\n`, how: 'ca' },
  { cls: 'ca numbers', text: `[ ca ]\ndefault_ca = d\n${caSection('d').replace('default_crl_days = 1', 'default_crl_days = {{CRL_DAYS}}')}`, how: 'gencrl', line: 11, flagFixes: true },
  { cls: 'ca numbers', text: `[ ca ]\ndefault_ca = d\n${caSection('d').replace('default_crl_days = 1', 'default_crl_days = x\ndefault_crl_hours = 6')}`, how: 'gencrl' },
  // What the command line gives or picks, as public projects run openssl (the prober's classes): the file is read as that
  // command reads it. x509 -extfile reads only the section -extensions picks (fcwu/nginx-client-auth intermedia.ext: the
  // [ req ] naming it for a request is never read); -subj replaces the DN section's fields (nikhiljohn10/makeCA root.cnf);
  // req -x509 never reads [ ca ] (the openssl-ca.cnf recipe's first stage); -policy and -days stand in for their keys; a
  // sign never reads crl_extensions.
  { cls: 'as the command reads it', text: '[ req ]\ndistinguished_name = dn\nreq_extensions = req_ext\n[ dn ]\n[ req_ext ]\nauthorityKeyIdentifier = keyid:always,issuer\nbasicConstraints = CA:true\n', how: 'x509', ext: 'req_ext' },
  { cls: 'as the command reads it', text: '[ req ]\ndistinguished_name = dn\nreq_extensions = req_ext\n[ dn ]\n[ req_ext ]\nauthorityKeyIdentifier = keyid:always,issuer\n', how: 'req', line: 6 },
  { cls: 'as the command reads it', text: '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\ncountryName = Country Name (2 letter code)\ncountryName_default = GB\n', how: 'reqSubj' },
  { cls: 'as the command reads it', text: '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\ncountryName = Country Name (2 letter code)\ncountryName_default = GB\n', how: 'req', line: 5 },
  { cls: 'as the command reads it', text: '[ req ]\nprompt = no\ndistinguished_name = nosuch\n', how: 'reqSubj', line: 3 },
  { cls: 'as the command reads it', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['database', 'serial'])}[ pol ]\nCN = supplied\n${dn}`, how: 'reqX509' },
  { cls: 'as the command reads it', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['policy', 'default_days'])}[ pol ]\nCN = supplied\n`, how: 'caFlags' },
  { cls: 'as the command reads it', text: `[ ca ]\ndefault_ca = d\n${caSection('d', ['policy', 'default_days'])}[ pol ]\nCN = supplied\n`, how: 'ca', line: 3 },
  { cls: 'as the command reads it', text: `[ ca ]\ndefault_ca = d\n${caSection('d')}crl_extensions = nosuch\n[ pol ]\nCN = supplied\n`, how: 'ca' },
  { cls: 'as the command reads it', text: `[ ca ]\ndefault_ca = d\n${caSection('d')}crl_extensions = nosuch\n[ pol ]\nCN = supplied\n`, how: 'gencrl', line: 12 },
  // [ ca ] holding the CA keys itself (habnabit/CA-template).
  { cls: 'ca numbers', text: `${caSection('ca').replace('[ ca ]\n', '[ ca ]\ndefault_ca = ca\n')}[ pol ]\nCN = supplied\n`, how: 'ca' },
  // Extensions, each as OpenSSL parses it (x509 -req -extfile -extensions e).
  ...(
    [
      ['certificatePolicies = 1.2.3.4, @pol1', '[ pol1 ]\npolicyIdentifier = 1.3.5.8\nCPS.1 = "http://example.com/cps"\nuserNotice.1 = @notice\n[ notice ]\nexplicitText = "Notice"\norganization = "Org"\nnoticeNumbers = 1, 2'],
      ['certificatePolicies = @pol1', '[ pol1 ]\nCPS.1 = http://example.com/cps'],
      ['certificatePolicies = 1.2.3.4, @nosuch', ''],
      ['certificatePolicies = ia5org, 1.2.3.4', ''],
      ['nameConstraints = permitted;DNS:.example.com, excluded;IP:10.0.0.0/255.0.0.0', ''],
      ['nameConstraints = permitted;IP:10.0.0.0/8', ''],
      ['nameConstraints = allowed;DNS:.example.com', ''],
      ['policyConstraints = requireExplicitPolicy:0, inhibitPolicyMapping:1', ''],
      ['policyConstraints = requireExplicitPolicy:x', ''],
      ['policyConstraints = requirePolicy:1', ''],
      ['inhibitAnyPolicy = 2', ''],
      ['inhibitAnyPolicy = two', ''],
      ['crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = keyCompromise, CACompromise\nCRLissuer = dirName:issuer_dn\n[ issuer_dn ]\nCN = Issuer'],
      ['crlDistributionPoints = URI:http://example.com/ca.crl', ''],
      ['crlDistributionPoints = @dp', '[ dp ]\nURI.1 = http://example.com/ca.crl\nURI.2 = http://backup.example.com/ca.crl'],
      ['authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://example.com/ca.crt', ''],
      ['authorityInfoAccess = OCSP:URI:http://ocsp.example.com/', ''],
      ['subjectInfoAccess = caRepository;URI:http://example.com/repo', ''],
      ['issuerAltName = issuer:copy', ''],
      ['issuerAltName = DNS:ca.example.com', ''],
      ['tlsfeature = status_request', ''],
      ['tlsfeature = must_staple', ''],
      ['nsComment = "OpenSSL Generated Certificate"', ''],
      ['noCheck = ignored', ''],
      ['proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo', ''],
      ['proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:1,policy:text:AB', ''],
      ['proxyCertInfo = language:id-ppl-inheritAll,policy:text:AB', ''],
      ['proxyCertInfo = pathlen:1', ''],
      ['proxyCertInfo = language:nosuchLanguage', ''],
    ] as const
  ).map(([l, more]): Case => ({ cls: `ext ${l.split(' ')[0]}`, text: ext(l, more), how: 'x509', ext: 'e', line: 2 })),
  // The DP section's own lines: OpenSSL names the entry it fails on.
  { cls: 'ext crlDistributionPoints', text: ext('crlDistributionPoints = @dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl'), how: 'x509', ext: 'e', line: 4 },
  { cls: 'ext crlDistributionPoints', text: ext('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = nosuchReason'), how: 'x509', ext: 'e', line: 5 },
  { cls: 'ext crlDistributionPoints', text: ext('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nCRLissuer = dirName:nosuch'), how: 'x509', ext: 'e', line: 5 },
  // ASN.1 SEQUENCE sections nested 50 deep (accepted) and 51 deep ("illegal nested tagging"), from ASN1: and from an otherName.
  { cls: 'ext ASN1 nesting', text: ext('1.2.3.4 = ASN1:SEQUENCE:s0', `${seqChain(50)}f = SEQUENCE:s50\n[ s50 ]\n`), how: 'x509', ext: 'e', line: 2 + 49 * 3 + 3 },
  ...([50, 51] as const).flatMap((n): Case[] => [
    { cls: 'ext ASN1 nesting', text: ext('1.2.3.4 = ASN1:SEQUENCE:s0', seqChain(n)), how: 'x509', ext: 'e', line: chainLine(n) },
    { cls: 'ext ASN1 nesting', text: ext('subjectAltName = otherName:1.2.3.4;SEQUENCE:s0', seqChain(n)), how: 'x509', ext: 'e', line: chainLine(n) },
  ]),
  // openssl ts -reply (ts_conf.c): each key of a working TSA set-up changed in turn; the line a finding must be on.
  ...(
    [
      ['', undefined],
      ['serial', 7],
      ['digests', 7],
      ['signer_digest', 7, true],
      ['signer_cert', 7, true],
      ['signer_key', 7, true],
      ['default_policy', 7, true],
      ['digests = sha256, foo', 14],
      ['digests = ', 14],
      ['digests = sha256 sha1', 14],
      ['digests = md5, SHA2-256, sha256WithRSAEncryption, 2.16.840.1.101.3.4.2.3, whirlpool, ssl3-sha1', 14],
      ['digests = KECCAK-KMAC-128', 14],
      ['signer_digest = SHA256', 11],
      ['signer_digest = sha265', 11, true],
      ['ess_cert_id_alg = foo', 20],
      ['default_policy = nosuch', 12, true],
      ['default_policy = 1.2.3', 12],
      ['other_policies = bogus', 13],
      ['other_policies = 1.2.3, tsa_policy1', 13],
      ['accuracy = secs:1, minutes:2', 15],
      ['accuracy = secs:x', 15],
      ['accuracy = Secs:1', 15],
      ['clock_precision_digits = 7', 16],
      ['clock_precision_digits = 6', 16],
      ['clock_precision_digits = abc', 16],
      ['ordering = Yes', 17],
      ['tsa_name = true', 18],
      ['ess_cert_id_chain = no', 19],
      ['default_tsa = nosuch', 6, true],
      ['default_tsa', 5, true],
    ] as const
  ).map(([change, line, flagFixes]): Case => ({ cls: 'ts -reply', text: tsaConfig(change), how: 'tsa', ...(line !== undefined ? { line } : {}), ...(flagFixes ? { flagFixes } : {}) })),
  // A second section shaped like TSA settings that only -section would pick: its faults do not fail ts -reply.
  { cls: 'ts -reply', text: `${tsaConfig('')}[ tsa_other ]\nsigner_cert = x.pem\nsigner_key = x.key\ndigests = foo\n`, how: 'tsa' },
];

const key = path.join(tmp, 'key.pem');
const caKey = path.join(tmp, 'ca.key');
const caCert = path.join(tmp, 'ca.crt');
const csr = path.join(tmp, 'req.csr');
const leaf = path.join(tmp, 'leaf.crt');
function openssl(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, OPENSSL_CONF: path.join(tmp, 'empty.cnf'), ...env } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

// The keys, certificates and time-stamp query every case uses.
before(() => {
  if (skip) return;
  fs.writeFileSync(path.join(tmp, 'empty.cnf'), '');
  for (const args of [
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key],
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey],
    ['req', '-x509', '-new', '-key', caKey, '-subj', '/CN=Classes CA', '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash', '-out', caCert],
    ['req', '-new', '-key', key, '-subj', '/CN=leaf', '-out', csr],
    ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', '77', '-days', '2', '-out', leaf],
    ['req', '-x509', '-new', '-key', key, '-subj', '/CN=Classes TSA', '-days', '2', '-addext', 'extendedKeyUsage=critical,timeStamping', '-out', path.join(tmp, 'tsa.crt')],
    ['pkey', '-in', key, '-out', path.join(tmp, 'tsa.key')],
    ['ts', '-query', '-data', caCert, '-sha256', '-cert', '-out', path.join(tmp, 'q.tsq')],
  ]) {
    const r = openssl(tmp, args);
    assert.ok(r.ok, r.out);
  }
});

test('certwright agrees with openssl on oid_section, library modules, ca -name/-gencrl/-revoke, ts -reply and every config-built extension', { skip }, () => {
  const byClass = new Map<string, { agree: number; total: number }>();
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const dir = path.join(tmp, `c${i}`);
    fs.mkdirSync(dir);
    for (const [f, t] of [['index.txt', ''], ['serial', '01\n'], ['crlnumber', '01\n']] as const) fs.writeFileSync(path.join(dir, f), t);
    const file = path.join(dir, 'case.cnf');
    fs.writeFileSync(file, c.text);
    const name = c.name ? ['-name', c.name] : [];
    const argv: Record<How, string[]> = {
      req: ['req', '-new', '-config', file, '-key', key, '-out', path.join(dir, 'r.csr')],
      reqSubj: ['req', '-new', '-config', file, '-key', key, '-subj', '/CN=given', '-out', path.join(dir, 'r.csr')],
      reqX509: ['req', '-new', '-x509', '-config', file, '-key', key, '-subj', '/CN=given', '-out', path.join(dir, 'r.crt')],
      x509: ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', '2', '-days', '1', '-extfile', file, '-extensions', c.ext ?? 'e', '-out', path.join(dir, 'c.crt')],
      ca: ['ca', '-config', file, '-batch', '-in', csr, '-cert', caCert, '-keyfile', caKey, '-notext', '-out', path.join(dir, 'c.crt'), ...name],
      caFlags: ['ca', '-config', file, '-batch', '-in', csr, '-cert', caCert, '-keyfile', caKey, '-notext', '-policy', 'pol', '-days', '5', '-out', path.join(dir, 'c.crt'), ...name],
      caSelfsign: ['ca', '-config', file, '-batch', '-selfsign', '-in', csr, '-keyfile', key, '-notext', '-out', path.join(dir, 'c.crt'), ...name],
      caNoCert: ['ca', '-config', file, '-batch', '-in', csr, '-keyfile', key, '-notext', '-out', path.join(dir, 'c.crt'), ...name],
      gencrl: ['ca', '-config', file, '-gencrl', '-cert', caCert, '-keyfile', caKey, '-out', path.join(dir, 'c.crl'), ...name],
      revoke: ['ca', '-config', file, '-revoke', leaf, '-cert', caCert, '-keyfile', caKey, ...name],
      load: ['list', '-providers'],
      tsa: ['ts', '-reply', '-config', file, '-queryfile', path.join(tmp, 'q.tsq'), '-out', path.join(dir, 'r.tsr')],
    };
    const r = openssl(dir, argv[c.how], c.how === 'load' ? { OPENSSL_CONF: file } : {});
    clearCnfCache();
    // What the command line says about the file, read from the very words openssl ran (certwright lint --openssl-command).
    const uses = c.how === 'load' ? [{ file, use: { loadedAs: 'opensslConf' as const } }] : commandUsesOf(['openssl', ...argv[c.how]]);
    assert.ok(!('error' in uses), JSON.stringify(uses));
    const use = uses.find((u) => u.file === file)?.use;
    assert.ok(use, `${c.how}: the command names ${file}`);
    const analyze = (commandLine?: typeof use) => {
      clearCnfCache();
      return analyzeCnf(c.text, { path: file, env: nodeEnvironment({ cwd: () => dir }), vars: {}, ...(commandLine ? { commandLine } : {}) }).findings;
    };
    const findings = analyze(use);
    const li = new LineIndex(c.text);
    const errors = findings.filter((f) => f.severity === 'error');
    const at = (sev: string, among = findings) => among.some((f) => f.severity === sev && li.positionAt(f.start).line + 1 === c.line);
    const onLine = r.ok || c.line === undefined || at('error');
    const alone = c.flagFixes || c.aloneWarns ? analyze() : [];
    const aloneAgrees = !(c.flagFixes || c.aloneWarns) || (!alone.some((f) => f.severity === 'error') && (at('warning', alone) || at('information', alone)));
    const agree = !r.ok === errors.length > 0 && onLine && aloneAgrees;
    const k = byClass.get(c.cls) ?? { agree: 0, total: 0 };
    k.total++;
    if (agree) k.agree++;
    byClass.set(c.cls, k);
    if (!agree) bad.push(`[${c.cls}] ${JSON.stringify(c.text)} (${c.how}${c.name ? ` -name ${c.name}` : ''})\n  openssl ${r.ok ? 'accepts' : `fails: ${r.out.split('\n').filter((l) => /error|Error/.test(l)).slice(0, 2).join(' | ')}`}\n  certwright ${errors.map((e) => `${li.positionAt(e.start).line + 1}:${e.code} ${e.message}`).join(' / ') || 'no error'}${aloneAgrees ? '' : `\n  the file alone: ${alone.map((f) => `${li.positionAt(f.start).line + 1}:${f.severity}:${f.code}`).join(' ') || 'nothing'}`}`);
  });
  const total = cases.length;
  console.log(`cnf classes: ${total - bad.length}/${total} cases agree with openssl`);
  for (const [cls, k] of byClass) console.log(`  ${cls.padEnd(26)} ${k.agree}/${k.total}`);
  for (const b of bad) console.log(`DISAGREE ${b}`);
  assert.equal(bad.length, 0, `${bad.length} disagreements (see output)`);
});

test('the digest names certwright accepts are those openssl ts -reply looks up (EVP_get_digestbyname), and near misses are refused', { skip }, () => {
  // One run for every accepted name: ts -reply stops at the first name it cannot look up.
  const accepted = path.join(tmp, 'digests.cnf');
  fs.writeFileSync(accepted, tsaConfig(`digests = ${digestNames.join(', ')}`));
  const all = openssl(tmp, ['ts', '-reply', '-config', accepted, '-queryfile', path.join(tmp, 'q.tsq'), '-out', path.join(tmp, 'd.tsr')]);
  assert.ok(all.ok, all.out);
  const refused = ['SHA512/224', 'ecdsa-with-SHA256', 'RSA-PSS', 'KECCAK-KMAC-128', 'NULL', 'mdc2', 'md2', 'sha256foo', 'default', 'sha-3-256', 'ED25519', 'hmacWithSHA256', '1.2.840.10045.4.3.2'];
  for (const name of refused) {
    assert.equal(isDigestName(name), false, name);
    const f = path.join(tmp, 'refused.cnf');
    fs.writeFileSync(f, tsaConfig(`digests = ${name}`));
    const r = openssl(tmp, ['ts', '-reply', '-config', f, '-queryfile', path.join(tmp, 'q.tsq'), '-out', path.join(tmp, 'd.tsr')]);
    assert.ok(!r.ok && /var bad value/.test(r.out), `${name}: ${r.out}`);
  }
  console.log(`digest names: ${digestNames.length} accepted by both, ${refused.length} near misses refused by both`);
});
