/**
 * CA-001: keys `openssl ca` needs to sign a request, reported with OpenSSL's
 * own message when they are missing from the CA section (`default_ca`, or a
 * section shaped like one, for `-name`) and from the default section, where
 * OpenSSL also looks (NCONF_get_string).
 *
 * Verified on OpenSSL 3.0.19 by deleting each key from a working file:
 * - no command-line replacement, so an error: `database`; `serial` unless the
 *   section sets `rand_serial` (any value; the `-rand_serial` flag does not
 *   spare the lookup);
 * - replaceable on the command line, so a warning: `private_key` (-keyfile),
 *   `certificate` (-cert), `new_certs_dir` (-outdir), `default_md` (-md; not
 *   needed for Ed25519/Ed448 CA keys), `policy` (-policy), `default_days` /
 *   `default_enddate` (-days / -enddate), `default_crl_days` /
 *   `default_crl_hours` for -gencrl (-crldays / -crlhours, only checked when
 *   the section is set up for CRLs), `default_ca` in `[ ca ]` (-name).
 *
 * CA-008 (information): CockroachDB's documented ca.cnf leaves new_certs_dir,
 * certificate, private_key and policy out on purpose and passes -outdir, -cert,
 * -keyfile and -policy: in a file following that recipe (or any section that
 * leaves all four to the command line) one note lists the flags instead.
 */

import type { Fix, Severity } from '../../types';
import { getString, type ConfEntry, type ConfSection } from '../expand';
import type { CnfModel } from '../model';
import type { FindingSink } from './util';

interface Required {
  readonly key: string;
  /** Keys any of which satisfies the lookup. */
  readonly anyOf?: readonly string[];
  /** Command-line option that replaces the key. */
  readonly flag?: string;
  readonly message: (section: string) => string;
  /** Value for an "add it" fix, when an obvious one exists. */
  readonly suggest?: string;
}

const lookupFailed = (key: string) => (section: string) => `variable lookup failed for ${section}::${key}`;

/** In the order openssl ca looks them up when signing. */
const required: readonly Required[] = [
  { key: 'private_key', flag: '-keyfile', message: lookupFailed('private_key') },
  { key: 'certificate', flag: '-cert', message: lookupFailed('certificate') },
  { key: 'new_certs_dir', flag: '-outdir', message: () => 'there needs to be defined a directory for new certificate to be placed in' },
  { key: 'database', message: lookupFailed('database') },
  { key: 'default_md', flag: '-md', message: lookupFailed('default_md'), suggest: 'sha256' },
  { key: 'policy', flag: '-policy', message: lookupFailed('policy') },
  { key: 'serial', anyOf: ['serial', 'rand_serial'], message: lookupFailed('serial') },
  { key: 'default_days', anyOf: ['default_days', 'default_enddate'], flag: '-days', message: () => 'cannot lookup how many days to certify for', suggest: '365' },
];

const crlRequired: Required = {
  key: 'default_crl_days',
  anyOf: ['default_crl_days', 'default_crl_hours'],
  flag: '-crldays',
  message: () => 'cannot lookup how long until the next CRL is issued',
  suggest: '30',
};

/** The keys CockroachDB's recipe passes on the command line, with their flags. */
const cliProfile: readonly (readonly [string, string])[] = [
  ['new_certs_dir', '-outdir'],
  ['certificate', '-cert'],
  ['private_key', '-keyfile'],
  ['policy', '-policy'],
];

export function caRequiredRules(model: CnfModel, sink: FindingSink): void {
  const config = model.config;
  const get = (s: string, k: string): ConfEntry | undefined => getString(config, s, k);
  // Scans the text: computed only when some CA section leaves keys to the command line.
  let crdb: boolean | undefined;
  const cockroach = (): boolean => (crdb ??= config.sections.has('signing_node_req') || config.sections.has('signing_client_req') || /cockroach/i.test(config.doc.text));

  // default_ca: [ ca ] exists but names no section (nor does the default section).
  const caSect = config.sections.get('ca');
  const defaultCa = get('ca', 'default_ca');
  if (caSect && !defaultCa) {
    const h = caSect.headers.find((x) => x.local);
    if (h) {
      sink.add('CA-001', 'warning', h.node.start, h.node.end, `variable lookup failed for ca::default_ca: [ ca ] does not name the CA section, so openssl ca fails unless -name <section> is given. Add default_ca = <section>.`, addFix(caSect, h.node, 'default_ca', model.caSections.length === 1 ? model.caSections[0] : undefined));
    }
  }

  for (const name of model.caSections) {
    const s = config.sections.get(name);
    const header = s?.headers.find((h) => h.local)?.node;
    const viaDefaultCa = defaultCa && !defaultCa.failed && defaultCa.value === name ? defaultCa : undefined;
    const has = (k: string): boolean => get(name, k) !== undefined;
    const caShaped = [...caKeyNames].some(has);
    // Where to report: the default_ca value when it names a missing section or one with no CA key at all
    // (the reference is what is wrong), else the section's header here.
    const anchor = viaDefaultCa?.local && (!s || !caShaped || !header) ? viaDefaultCa.node.value : header;
    if (!anchor) continue;
    // What the section is set up for: signing requests, or only CRLs / revocation (no serial, policy... needed then).
    const signs = signingKeys.some(has);
    const crls = crlKeys.some(has);
    const crlOnly = !signs && crls;
    // Not CA settings at all (default_ca names the wrong section): only what no flag can replace.
    const missing = required.filter((r) => !(r.anyOf ?? [r.key]).some(has) && (caShaped || !r.flag) && !(crlOnly && signingOnly.has(r.key)));
    if (has('crlnumber') || has('crl_extensions')) {
      if (!crlRequired.anyOf!.some(has)) missing.push(crlRequired);
    }
    if (!missing.length) continue;

    // CA-008: the command-line profile (CockroachDB's recipe).
    const profileMissing = cliProfile.filter(([k]) => missing.some((m) => m.key === k));
    const profile = caShaped && profileMissing.length > 0 && (cockroach() || profileMissing.length === cliProfile.length);
    if (profile) {
      const keys = profileMissing.map(([k]) => k);
      const flags = profileMissing.map(([k, f]) => `${f} <${k === 'policy' ? 'policy section' : k === 'new_certs_dir' ? 'dir' : k === 'certificate' ? 'ca.crt' : 'ca.key'}>`);
      const who = cockroach() ? `As in CockroachDB's documented ca.cnf, [${name}]` : `[${name}]`;
      sink.add(
        'CA-008',
        'information',
        anchor.start,
        anchor.end,
        `${who} leaves ${list(keys)} to the command line: run openssl ca with ${flags.join(' ')} (without ${profileMissing.length > 1 ? 'them' : 'it'}: ${missing.find((m) => keys.includes(m.key))!.message(name)}).`,
      );
    }
    for (const r of missing) {
      if (profile && profileMissing.some(([k]) => k === r.key)) continue;
      // A rule that ran earlier (commands.ts checks default_ca's database) may have said it already.
      const said = r.message(name);
      if (sink.findings.some((f) => f.code === 'CA-001' && f.message.startsWith(said))) continue;
      // serial is only read to sign: an error when the section is set up for signing (or is no CA section at all).
      const severity: Severity = r.flag || (r.key === 'serial' && caShaped && !signs) ? 'warning' : 'error';
      const unless = r.flag
        ? ` unless ${r.flag}${r.key === 'default_days' ? ' / -enddate' : r.key === 'default_crl_days' ? ' / -crlhours' : ''} is given${r.key === 'default_md' ? ' (or the CA key is Ed25519/Ed448)' : ''}`
        : '';
      const keyText = r.anyOf ? r.anyOf.join(' or ') : r.key;
      const what = r.key === 'default_crl_days' ? 'openssl ca -gencrl fails' : signingOnly.has(r.key) ? `openssl ca fails to sign${signs ? '' : ' (-gencrl and -revoke do without it)'}` : 'openssl ca fails (signing, -gencrl and -revoke alike)';
      const wrong = caShaped ? '' : s ? ` [${name}] has no CA settings at all: does default_ca name the right section?` : ` There is no section [${name}] (section names are case-sensitive).`;
      const alt = r.key === 'serial' ? ' Set serial = <file> (holding the next serial number in hex), or rand_serial = yes for random serial numbers.' : '';
      const fixes = r.key === 'serial' ? addFix(s, header, 'rand_serial', 'yes') : r.key === 'policy' ? addFix(s, header, 'policy', onlyPolicySection(model)) : addFix(s, header, r.anyOf ? r.anyOf[0]! : r.key, r.suggest);
      sink.add('CA-001', severity, anchor.start, anchor.end, `${r.message(name)}: [${name}] has no ${keyText} (nor has the default section), so ${what}${unless}.${alt}${wrong}`, caShaped ? fixes : undefined);
    }
  }
}

/** Keys only signing reads (a section without any of them may be meant for -gencrl / -revoke only). */
const signingKeys = ['new_certs_dir', 'policy', 'serial', 'rand_serial', 'default_days', 'default_enddate', 'default_startdate', 'x509_extensions', 'copy_extensions'];
const signingOnly = new Set(['new_certs_dir', 'policy', 'serial', 'default_days']);
const crlKeys = ['crlnumber', 'crl_extensions', 'default_crl_days', 'default_crl_hours'];

/** Keys only a CA settings section has (what makes a section named by default_ca look like one). */
const caKeyNames = new Set(['database', 'new_certs_dir', 'certificate', 'private_key', 'serial', 'rand_serial', 'default_days', 'default_enddate', 'default_md', 'policy', 'crlnumber', 'default_crl_days', 'unique_subject', 'copy_extensions']);

function list(keys: readonly string[]): string {
  return keys.length <= 1 ? keys.join('') : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
}

/** The one section shaped like a policy (every value match/supplied/optional) that no policy key names, if exactly one. */
function onlyPolicySection(model: CnfModel): string | undefined {
  const found: string[] = [];
  for (const [name, s] of model.config.sections) {
    if (name === 'default' || !s.entries.length) continue;
    if (!s.entries.every((e) => e.value === 'match' || e.value === 'supplied' || e.value === 'optional')) continue;
    found.push(name);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** A fix adding `key = value` after the last line of the section written here. */
function addFix(s: ConfSection | undefined, header: { readonly line: { readonly end: number } } | undefined, key: string, value: string | undefined): Fix[] | undefined {
  if (!s || value === undefined || !header) return undefined;
  let at = header.line.end;
  for (const e of s.entries) if (e.local && e.node.line.end > at) at = e.node.line.end;
  return [{ title: `Add '${key} = ${value}'`, edits: [{ start: at, end: at, newText: `\n${key} = ${value}` }], isPreferred: true }];
}
