/**
 * CA-001: what `openssl ca` needs from a CA settings section (`default_ca`, or
 * a section shaped like one, for `-name`), looked up there and in the default
 * section (NCONF_get_string). The file alone does not say how it is used (many
 * are only ever given to `req` and `x509 -extfile`; multi-CA files go with
 * `-name`; some sections serve only `-gencrl` / `-revoke`), so one rule:
 *
 * - an error only where every use `openssl ca` can make of the section fails:
 *   the section `default_ca` names (so used without `-name`; see usedCaSections) has no `database`
 *   (no flag replaces it), or is set up for signing (`policy` or
 *   `new_certs_dir` present) but has no `serial` / `rand_serial` (the
 *   `-rand_serial` flag does not spare the lookup);
 * - otherwise one warning per section, on its header, naming what signing (and
 *   `-gencrl`) would still need and which flag supplies each key: `private_key`
 *   (-keyfile), `certificate` (-cert), `new_certs_dir` (-outdir), `default_md`
 *   (-md; not for Ed25519/Ed448 keys), `policy` (-policy), `default_days` /
 *   `default_enddate` (-days / -enddate), `default_crl_days` /
 *   `default_crl_hours` (-crldays / -crlhours, asked only of sections set up for
 *   CRLs), `serial` (no flag);
 * - `default_ca` naming a section that is missing or holds no CA settings: a
 *   warning on the value (`openssl ca` without `-name` fails), naming the
 *   sections `-name` can pick; `[ ca ]` without `default_ca`: a warning on its
 *   header, unless `[ ca ]` is an extension section.
 *
 * Verified on OpenSSL 3.0.19 by deleting each key from a working file and by
 * the real-world corpus (test/fixtures/cnf/real-world.json).
 *
 * CA-008 (information): CockroachDB's documented ca.cnf leaves new_certs_dir,
 * certificate, private_key and policy out on purpose and passes -outdir, -cert,
 * -keyfile and -policy: in a file following that recipe (its sections or the
 * word CockroachDB say so) one note lists those flags, and the CA-001 warning
 * keeps only the rest.
 */

import type { Fix } from '../../types';
import { getString, type ConfEntry, type ConfSection } from '../expand';
import type { CaRun, CnfModel, CommandLineUse } from '../model';
import { caSectionKeys, nearest } from '../vocabulary';
import { andList, hasMisspelt, type FindingSink } from './util';
import { mentions } from './tracking';
import { tr } from '../../l10n';

interface Required {
  readonly key: string;
  /** Keys any of which satisfies the lookup. */
  readonly anyOf?: readonly string[];
  /** Command-line option that replaces the key (none: only the file can). */
  readonly flag?: string;
  /** Which `openssl ca` operations read it. */
  readonly needed: 'all' | 'sign' | 'crl';
  /** Value for an "add it" fix, when an obvious one exists. */
  readonly suggest?: string;
}

/** In the order openssl ca looks them up when signing. */
const required: readonly Required[] = [
  { key: 'private_key', flag: '-keyfile', needed: 'all' },
  { key: 'certificate', flag: '-cert', needed: 'all' },
  { key: 'new_certs_dir', flag: '-outdir', needed: 'sign' },
  { key: 'database', needed: 'all' },
  { key: 'default_md', flag: '-md', needed: 'all', suggest: 'sha256' },
  { key: 'policy', flag: '-policy', needed: 'sign' },
  { key: 'serial', anyOf: ['serial', 'rand_serial'], needed: 'sign', suggest: 'rand_serial = yes' },
  { key: 'default_days', anyOf: ['default_days', 'default_enddate'], flag: '-days', needed: 'sign', suggest: '365' },
];

const crlRequired: Required = { key: 'default_crl_days', anyOf: ['default_crl_days', 'default_crl_hours'], flag: '-crldays', needed: 'crl', suggest: '30' };

/** The options that stand in for the signing period and the CRL period (CA-014 reads them too). */
export const daysStandIns: readonly string[] = ['-days', '-enddate'];
export const crlDaysStandIns: readonly string[] = ['-crldays', '-crlhours', '-crlsec'];

/** The keys CockroachDB's recipe passes on the command line, with their flags. */
const cliProfile: readonly (readonly [string, string])[] = [
  ['new_certs_dir', '-outdir'],
  ['certificate', '-cert'],
  ['private_key', '-keyfile'],
  ['policy', '-policy'],
];

/** Keys only a CA settings section has (what makes a section named by default_ca look like one). */
const caKeyNames = ['database', 'new_certs_dir', 'certificate', 'private_key', 'serial', 'rand_serial', 'default_days', 'default_enddate', 'default_md', 'policy', 'crlnumber', 'default_crl_days', 'unique_subject', 'copy_extensions'];

/**
 * The CA sections the openssl ca runs use: each run's `-name`, or the section default_ca names
 * for a run without it. With no run known, the section default_ca names when the file shows it
 * is meant for openssl ca and nothing else: it holds at least three CA keys (a one-key leftover
 * such as `new_certs_dir = .` is not a CA set-up) and the file has no [ req ] settings. A file
 * openssl req can use is most often only ever given to req (and x509 -extfile): the stock
 * openssl.cnf's [ CA_default ] travels in copies that never see openssl ca, so there what would
 * fail openssl ca is a warning until a use says the file goes to openssl ca (withCaOnlyNote).
 * What fails in a used section fails a use of the file with ca: an error.
 */
export function usedCaSections(model: CnfModel, ca?: readonly CaRun[]): ReadonlySet<string> {
  const config = model.config;
  const out = new Set<string>();
  const d = getString(config, 'ca', 'default_ca');
  const target = d && !d.failed && config.sections.has(d.value) ? d.value : undefined;
  if (!ca) {
    if (target !== undefined && caKeyNames.filter((k) => getString(config, target, k) !== undefined).length >= 3 && (!model.reqSections.length || cockroachRecipe(model))) out.add(target);
    return out;
  }
  for (const r of ca) {
    const name = r.name ?? target;
    if (name !== undefined && config.sections.has(name)) out.add(name);
  }
  return out;
}

/**
 * A finding in the CA settings default_ca names, said as a warning though openssl ca fails on it
 * because no use of the file is known and openssl req can use it (usedCaSections): the message with
 * why. The message as it is when that is not the reason. One template around the message, so that
 * the message is translated whole.
 */
export function withCaOnlyNote(message: string, model: CnfModel, commandLine: CommandLineUse, section: string): string {
  if (commandLine.commands !== undefined || !model.reqSections.length || usedCaSections(model).has(section)) return message;
  const d = getString(model.config, 'ca', 'default_ca');
  if (!d || d.failed || d.value !== section) return message;
  return tr`${message} Only openssl ca reads [${section}] (openssl req and x509 -extfile do not), and nothing says this file goes to openssl ca: say so (a "# certwright: used-by openssl ca" comment, or a workspace script that runs it) to have what fails it reported as an error.`;
}

/** Files already asked (the test scans the text): a lint asks once per CA section and once for the sections in use. */
const recipeSeen = new WeakMap<CnfModel, boolean>();

/**
 * Whether the file follows CockroachDB's documented ca.cnf (its signing sections, or the word CockroachDB): a
 * recipe whose every step gives the file to openssl ca, with -outdir, -cert, -keyfile and -policy.
 */
export function cockroachRecipe(model: CnfModel): boolean {
  let r = recipeSeen.get(model);
  if (r === undefined) {
    const config = model.config;
    r = config.sections.has('signing_node_req') || config.sections.has('signing_client_req') || mentions(config, /cockroach/i);
    recipeSeen.set(model, r);
  }
  return r;
}

/** Whether some openssl ca run reads default_ca (has no -name), or none is known. */
export function readsDefaultCa(ca?: readonly CaRun[]): boolean {
  return !ca || ca.some((r) => r.name === undefined);
}

export function caRequiredRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  const config = model.config;
  const ca = commandLine.ca;
  // The openssl ca runs are known (a command line, the workspace's scripts): what one of them needs and lacks fails it
  // (an error), the flags it gives stand in for keys, and only the sections they use are read.
  const known = commandLine.commands !== undefined;
  const knownSeverity = known ? 'error' : 'warning';
  const get = (s: string, k: string): ConfEntry | undefined => getString(config, s, k);
  const shaped = (name: string): boolean => config.sections.has(name) && caKeyNames.some((k) => get(name, k) !== undefined);
  const used = usedCaSections(model, ca);
  const byDefault = readsDefaultCa(ca);
  const cockroach = (): boolean => cockroachRecipe(model);

  const caSect = config.sections.get('ca');
  const defaultCa = get('ca', 'default_ca');
  const target = defaultCa && !defaultCa.failed ? defaultCa.value : undefined;
  // Sections `openssl ca -name` can pick.
  const named = model.caSections.filter((n) => n !== target && shaped(n));
  const forName = named.length ? tr` This file's CA settings are in ${named.map((n) => `[${n}]`).join(', ')}: use openssl ca -name ${named.length === 1 ? named[0] : '<section>'}.` : tr` The file has no CA settings section, so it is not usable with openssl ca as it stands (openssl req and x509 -extfile do not read default_ca).`;

  // [ ca ] exists but names no section (nor does the default section): only -name works.
  // With -name given, openssl ca does not read default_ca at all.
  if (byDefault && caSect && !defaultCa && !model.hasRole('ca', 'extensions') && !commandLine.included) {
    const h = caSect.headers.find((x) => x.local);
    if (h) {
      const only = model.caSections.length === 1 ? model.caSections[0] : undefined;
      sink.add('CA-001', knownSeverity, h.node.start, h.node.end, tr`[ ca ] has no default_ca, so openssl ca without -name fails (variable lookup failed for ca::default_ca).${named.length ? forName : ''}`, addFix(caSect, h.node, 'default_ca', only));
    }
  }
  // default_ca names a section that is missing or holds no CA settings.
  if (byDefault && defaultCa && target !== undefined && defaultCa.local && !shaped(target) && !(commandLine.included && !config.sections.has(target))) {
    const exists = config.sections.has(target);
    const sg = nearest(target, [...config.sections.keys()].filter(shaped));
    const verbatim = defaultCa.refs.length === 0 && defaultCa.node.value.raw === target;
    const fixes: Fix[] | undefined = sg && verbatim ? [{ title: tr`Change to '${sg}'`, edits: [{ start: defaultCa.node.value.start, end: defaultCa.node.value.end, newText: sg }], isPreferred: true }] : undefined;
    const what = exists ? tr`[${target}], which holds no CA settings` : tr`[${target}], which does not exist${sg && sg.toLowerCase() === target.toLowerCase() ? tr` (section names are case-sensitive)` : ''}`;
    sink.add('CA-001', knownSeverity, defaultCa.node.value.start, defaultCa.node.value.end, tr`default_ca names ${what}: openssl ca without -name fails (variable lookup failed for ${target}::database).${forName}`, fixes);
  }

  for (const name of known ? model.caSections.filter((n) => used.has(n)) : model.caSections) {
    if (!shaped(name)) continue;
    const s = config.sections.get(name)!;
    const header = s.headers.find((h) => h.local)?.node;
    if (!header) continue;
    const has = (k: string): boolean => get(name, k) !== undefined;
    // With the runs known, a key is missing when a run on this section reads it (its operation needs it, no flag of its gives it).
    const here = runsOn(model, commandLine, name);
    const read = (r: Required): boolean => !here || here.some((run) => runReads(run, r.needed === 'crl' ? 'gencrl' : r.needed, []) && !served(run, r));
    const missing = required.filter((r) => !(r.anyOf ?? [r.key]).some(has) && read(r));
    if ((has('crlnumber') || has('crl_extensions') || here?.some((r) => r.operation === 'gencrl')) && !crlRequired.anyOf!.some(has) && read(crlRequired)) missing.push(crlRequired);
    if (!missing.length) continue;
    // Used without -name: default_ca names it. Set up for signing: the keys only signing reads are there.
    const isDefault = name === target;
    const isUsed = used.has(name);
    // Signing with it: no run known, or a run that uses this section signs.
    const signed = !ca || ca.some((r) => (r.name ?? target) === name && r.operation === 'sign');
    const signs = has('policy') || has('new_certs_dir');
    const hard = missing.filter((r) => isUsed && !r.flag && (r.needed === 'all' || (signs && signed)));
    for (const r of hard) {
      const said = `variable lookup failed for ${name}::${r.key}`;
      // commands.ts may have said it already.
      if (sink.findings.some((f) => f.code === 'CA-001' && f.message.startsWith(said))) continue;
      // The section as the runs reach it: by -name, or through default_ca.
      const reached = ca?.some((run) => run.name === name) ? tr`which openssl ca -name ${name} uses` : tr`which default_ca names`;
      const text =
        r.key === 'database'
          ? tr`${said}: [${name}], ${reached}, has no database (nor has the default section), so every openssl ca command with it fails (signing, -gencrl, -revoke); no flag replaces it.`
          : tr`${said}: [${name}], ${reached}, is set up for signing (it has ${has('policy') ? 'policy' : 'new_certs_dir'}) but has no serial or rand_serial (nor has the default section), so openssl ca fails to sign (-gencrl and -revoke work). Set serial = <file> (holding the next serial number in hex), or rand_serial = yes.`;
      // Written misspelt: this error names the typo and replaces CA-009's warning on it (one typo, one diagnostic).
      const typo = misspelt(s, name, r.key);
      const earlier = typo ? sink.findings.findIndex((f) => f.code === 'CA-009' && f.start === typo.node.key.start) : -1;
      if (earlier >= 0) sink.findings.splice(earlier, 1);
      const rename: Fix[] | undefined = typo ? [{ title: tr`Rename '${typo.key}' to '${r.key}'`, edits: [{ start: typo.node.key.start, end: typo.node.key.end, newText: r.key }], isPreferred: true }] : undefined;
      sink.add('CA-001', 'error', header.start, header.end, typo ? tr`${text} '${typo.key}' in [${name}] looks like a misspelling of ${r.key}.` : text, rename ?? (r.key === 'serial' ? addFix(s, header, 'rand_serial', 'yes') : undefined));
    }

    // CA-008: the command-line profile (CockroachDB's recipe).
    const profileMissing = cliProfile.filter(([k]) => missing.some((m) => m.key === k));
    const profile = !known && profileMissing.length > 0 && cockroach();
    if (profile) {
      const keys = profileMissing.map(([k]) => k);
      const flags = profileMissing.map(([k, f]) => `${f} <${k === 'policy' ? tr`policy section` : k === 'new_certs_dir' ? 'dir' : k === 'certificate' ? 'ca.crt' : 'ca.key'}>`);
      const who = cockroach() ? tr`As in CockroachDB's documented ca.cnf, [${name}]` : `[${name}]`;
      sink.add('CA-008', 'information', header.start, header.end, tr`${who} leaves ${andList(keys)} to the command line: run openssl ca with ${flags.join(' ')}.`);
    }
    // A key written misspelt is CA-009's to report (a warning, as this would be), not missing here as well.
    const soft = missing.filter((r) => !hard.includes(r) && !(profile && profileMissing.some(([k]) => k === r.key)) && !(r.anyOf ?? [r.key]).some((k) => hasMisspelt(s, k, caSectionKeys(name))));
    if (!soft.length) continue;
    const item = (r: Required): string => {
      const key = r.anyOf ? r.anyOf.join(' or ') : r.key;
      return r.flag ? tr`${key} (or ${r.flag}${r.key === 'default_days' ? ' / -enddate' : r.key === 'default_crl_days' ? ' / -crlhours' : ''})` : tr`${key} (no flag replaces it)`;
    };
    const parts: string[] = [];
    const all = soft.filter((r) => r.needed === 'all');
    const sign = soft.filter((r) => r.needed === 'sign');
    const crl = soft.filter((r) => r.needed === 'crl');
    if (all.length) parts.push(tr`every openssl ca command needs ${andList(all.map(item))}`);
    if (sign.length) parts.push(tr`signing ${all.length ? tr`also ` : ''}needs ${andList(sign.map(item))}`);
    if (crl.length) parts.push(tr`-gencrl ${all.length ? tr`also ` : ''}needs ${andList(crl.map(item))}`);
    const how = isDefault ? `openssl ca` : `openssl ca -name ${name}`;
    const md = soft.some((r) => r.key === 'default_md') ? tr` (default_md is not needed for an Ed25519/Ed448 CA key)` : '';
    const fixes = soft.flatMap((r) => (r.key === 'serial' ? addFix(s, header, 'rand_serial', 'yes') : r.key === 'policy' ? addFix(s, header, 'policy', onlyPolicySection(model)) : addFix(s, header, r.anyOf ? r.anyOf[0]! : r.key, r.suggest)) ?? []).map((f, i) => (i ? { ...f, isPreferred: false } : f));
    const advice = known ? tr`The command that uses this file passes none of those flags, so it fails. Add the keys, or pass the flags` : tr`Add the keys, or pass the flags where the file is used`;
    sink.add('CA-001', knownSeverity, header.start, header.end, withCaOnlyNote(tr`[${name}] is incomplete for ${how}: ${parts.join('; ')}${md}. ${advice}.`, model, commandLine, name), fixes.length ? fixes : undefined);
  }
}


/**
 * The known openssl ca runs on CA section `name`: those whose -name picks it, and those without one when
 * default_ca names it. Undefined when the runs are not known (no command line).
 */
export function runsOn(model: CnfModel, commandLine: CommandLineUse, name: string): readonly CaRun[] | undefined {
  if (!commandLine.commands) return undefined;
  const d = getString(model.config, 'ca', 'default_ca');
  const target = d && !d.failed ? d.value : undefined;
  return (commandLine.ca ?? []).filter((r) => (r.name ?? target) === name);
}

/**
 * The first key a run of openssl ca reads and finds neither in its CA section `name` nor in the
 * default section (NCONF_get_string falls back there), nor given by a flag: what it fails on. For
 * `-name X` without a section [X], only the default section can serve.
 */
export function firstUnserved(model: CnfModel, run: CaRun, name: string): string | undefined {
  const config = model.config;
  for (const r of [...required, ...(run.operation === 'gencrl' ? [crlRequired] : [])]) {
    if (r.needed === 'sign' && run.operation !== 'sign') continue;
    if (r.needed === 'crl' && run.operation !== 'gencrl') continue;
    if (served(run, r)) continue;
    if ((r.anyOf ?? [r.key]).some((k) => getString(config, name, k) !== undefined)) continue;
    return r.key;
  }
  return undefined;
}

/** Whether a run reads what `operation` needs from the file: it does that, and gives none of the options that stand in for it. */
export function runReads(run: CaRun, operation: CaRun['operation'] | 'all', standIns: readonly string[]): boolean {
  return (operation === 'all' || run.operation === operation) && !standIns.some((f) => run.options?.includes(f));
}

/**
 * Whether a run's options stand in for a key: its flag (or the date and hour forms of the validity keys); and
 * -selfsign for certificate, which ca.c loads only without it, or with -spkac, -ss_cert or -gencrl (the
 * request's own key signs; neon's makekeys.sh makes its CAs with -selfsign from a section without certificate).
 */
function served(run: CaRun, r: Required): boolean {
  const o = run.options ?? [];
  if (flagsOf(r).some((f) => o.includes(f))) return true;
  return r.key === 'certificate' && run.operation !== 'gencrl' && o.includes('-selfsign') && !o.includes('-spkac') && !o.includes('-ss_cert');
}

/** The options that stand in for a key: its flag, and the date or hour forms of the validity keys. */
function flagsOf(r: Required): readonly string[] {
  return !r.flag ? [] : r.key === 'default_days' ? daysStandIns : r.key === 'default_crl_days' ? crlDaysStandIns : [r.flag];
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
  const line = value.includes('=') ? value : `${key} = ${value}`;
  return [{ title: tr`Add '${line}'`, edits: [{ start: at, end: at, newText: `\n${line}` }], isPreferred: true }];
}

/** The entry of `section` that CA-009 reports as a misspelling of `key`, if any. */
function misspelt(section: ConfSection, name: string, key: string): ConfEntry | undefined {
  const known = caSectionKeys(name);
  return hasMisspelt(section, key, known) ? section.entries.find((e) => e.local && e.key !== key && !known.includes(e.key) && nearest(e.key, known) === key) : undefined;
}
