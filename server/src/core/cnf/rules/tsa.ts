/**
 * What `openssl ts -reply` needs from its settings (crypto/ts/ts_conf.c, apps/ts.c): the
 * section `[ tsa ] default_tsa` names, or the one `-section` picks (a section shaped like TSA
 * settings), each key looked up there and in the default section (NCONF_get_string).
 *
 * - TSA-001: `[ tsa ]` without `default_tsa`, or naming a section that is missing: `ts -reply`
 *   without `-section` fails (a warning: `-section` works);
 * - TSA-002: a settings section without a key ts -reply looks up: `serial` and `digests` (no
 *   flag replaces them) are an error in the section default_tsa names when it is set up (two or
 *   more keys ts reads), a warning elsewhere;
 *   `signer_cert`, `signer_key`, `signer_digest`, `default_policy` (-signer, -inkey,
 *   -<digest>, -tspolicy) information naming the flag (the TSA section of OpenSSL's own
 *   openssl.cnf before 1.1.0, copied into many projects, lacks signer_digest, and few use it);
 * - TSA-003: a value ts -reply refuses ("var bad value"): digests and policies it cannot
 *   look up, `accuracy` parts other than secs/millisecs/microsecs, `clock_precision_digits`
 *   above 6, yes/no keys other than exactly `yes` or `no`. An error in the set-up section
 *   default_tsa names where no flag replaces the key, otherwise a warning;
 * - TSA-004: a key ts does not read that is one typo away from one it does.
 *
 * Verified on OpenSSL 3.0.19 by changing each key of a working TSA set-up
 * (test/peers/cnf-classes-openssl.test.ts, class "ts -reply").
 */

import type { ConfEntry } from '../expand';
import { getString } from '../expand';
import type { CnfModel, CommandLineUse, TsReplyRun } from '../model';
import { commonDigestNames, isDigestName, isObjectText, nearest, tsaSettingsKeys } from '../vocabulary';
import { parseList } from '../x509values';
import { andList, hasMisspelt, type FindingSink } from './util';
import { keyTypos } from './commands';
import { tr } from '../../l10n';

interface Required {
  readonly key: string;
  /** The `openssl ts -reply` option that replaces the key. */
  readonly flag?: string;
}

/** In the order ts -reply looks them up. */
const required: readonly Required[] = [
  { key: 'signer_digest', flag: '-<digest>' },
  { key: 'serial' },
  { key: 'signer_cert', flag: '-signer' },
  { key: 'signer_key', flag: '-inkey' },
  { key: 'default_policy', flag: '-tspolicy' },
  { key: 'digests' },
];

const yesNoKeys = ['ordering', 'tsa_name', 'ess_cert_id_chain'];
/** TS_MAX_CLOCK_PRECISION_DIGITS. */
const maxClockDigits = 6;

export function tsaRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  const config = model.config;
  // With a command line known, these are all the ts -reply runs (none: ts never reads the settings); each reads its own
  // section, what it lacks fails it, and the flags it gives (-signer, -inkey, -sha256, -tspolicy) stand in for keys.
  const known = commandLine.commands !== undefined;
  const runs = known ? (commandLine.tsReply ?? []) : commandLine.tsReply;
  const gives = (run: TsReplyRun, flag: string): boolean => !!run.options?.some((o) => (flag === '-<digest>' ? isDigestName(o.slice(1)) : o === flag));
  const get = (s: string, k: string): ConfEntry | undefined => getString(config, s, k);
  const unknownKeys = keyTypos(config);
  const settings = [...config.sections.keys()].filter((n) => model.hasRole(n, 'tsaSettings'));
  const tsa = config.sections.get('tsa');
  const defaultTsa = get('tsa', 'default_tsa');
  const target = defaultTsa && !defaultTsa.failed ? defaultTsa.value : undefined;
  // default_tsa is read by a ts -reply run without -section, or by any when none is known.
  const byDefault = !runs || runs.some((r) => r.section === undefined);
  const picked = new Set((runs ?? []).flatMap((r) => (r.section !== undefined ? [r.section] : [])));
  const used = byDefault ? target : undefined;
  const others = settings.filter((n) => n !== used && config.sections.has(n));
  const pick = others.length ? tr` The file's TSA settings are in ${others.map((n) => `[${n}]`).join(', ')}: use openssl ts -reply -section ${others.length === 1 ? others[0] : '<section>'}.` : '';

  if (byDefault && tsa && !defaultTsa && !model.hasRole('tsa', 'extensions')) {
    const h = tsa.headers.find((x) => x.local);
    if (h) sink.add('TSA-001', known ? 'error' : 'warning', h.node.start, h.node.end, tr`[ tsa ] has no default_tsa, so openssl ts -reply without -section fails (cannot find config variable tsa::default_tsa).${pick}`);
  }
  if (byDefault && defaultTsa && used !== undefined && defaultTsa.local && !config.sections.has(used)) {
    const sg = nearest(used, others);
    const fix = sg && defaultTsa.refs.length === 0 && defaultTsa.node.value.raw === used ? [{ title: tr`Change to '${sg}'`, edits: [{ start: defaultTsa.node.value.start, end: defaultTsa.node.value.end, newText: sg }], isPreferred: true }] : undefined;
    sink.add('TSA-001', known ? 'error' : 'warning', defaultTsa.node.value.start, defaultTsa.node.value.end, tr`default_tsa names [${used}], which does not exist: openssl ts -reply without -section fails (cannot find config variable ${used}::serial).${pick}`, fix);
  }

  const sections = known ? [...picked, ...(used !== undefined ? [used] : [])] : settings.concat([...picked].filter((n) => !settings.includes(n)));
  for (const name of new Set(sections.filter((n) => config.sections.has(n)))) {
    const s = config.sections.get(name);
    const header = s?.headers.find((h) => h.local)?.node;
    if (!s || !header) continue;
    const isUsed = name === used;
    const how = isUsed ? 'openssl ts -reply' : `openssl ts -reply -section ${name}`;
    // What fails there fails every ts -reply of the file, when the section is set up as TSA settings
    // (two keys ts reads): a stub default_tsa names (`dir = .` alone) is a leftover, as a one-key CA section is.
    // A section a known run uses (its -section, or default_tsa's) fails that run whatever its shape.
    const fatal = picked.has(name) || (isUsed && (runs !== undefined || s.entries.filter((e) => e.key !== 'dir' && tsaSettingsKeys.includes(e.key)).length >= 2));
    // The known runs on this section: a key is read when one of them gives no flag for it.
    const here = known ? runs!.filter((r) => (r.section ?? used) === name) : undefined;
    const read = (key: string): boolean => {
      const flag = required.find((r) => r.key === key)?.flag;
      return !here || !flag || here.some((run) => !gives(run, flag));
    };
    // A key written misspelt is TSA-004's to report, not missing here as well.
    const missing = required.filter((r) => get(name, r.key) === undefined && !hasMisspelt(s, r.key, tsaSettingsKeys) && read(r.key));
    if (missing.length) {
      const hard = missing.filter((r) => !r.flag);
      const item = (r: Required): string => (r.flag ? tr`${r.key} (or ${r.flag})` : tr`${r.key} (no flag replaces it)`);
      const first = hard[0] ?? missing[0]!;
      sink.add(
        'TSA-002',
        fatal && (hard.length || known) ? 'error' : hard.length ? 'warning' : 'information',
        header.start,
        header.end,
        hard.length
          ? tr`cannot find config variable ${name}::${first.key}: ${how} needs ${andList(missing.map(item))}.`
          : tr`${how} needs ${andList(missing.map(item))}: add the keys, or pass the flags where the file is used.${missing.some((r) => r.key === 'signer_digest') ? tr` (OpenSSL 1.1.0 made signer_digest required: older copies of openssl.cnf lack it.)` : ''}`,
      );
    }
    for (const e of s.entries) {
      if (!e.local || e.failed || get(name, e.key) !== e) continue;
      const bad = badValue(model, e);
      if (!bad) continue;
      const flag = required.find((r) => r.key === e.key)?.flag;
      if (!read(e.key)) continue;
      const fixes = bad.suggest ? [{ title: tr`Change to '${bad.suggest}'`, edits: [{ start: e.node.value.start, end: e.node.value.end, newText: bad.suggest }], isPreferred: true }] : undefined;
      const unless = flag ? tr` unless ${flag} is given` : '';
      sink.add('TSA-003', fatal && (!flag || known) ? 'error' : 'warning', e.node.value.start, e.node.value.end, tr`var bad value ${name}::${e.key}: ${bad.why} ${how} fails${unless}.`, fixes);
    }
    unknownKeys(s, tsaSettingsKeys, 'TSA-004', 'openssl ts', sink);
  }
}

/** Why ts -reply refuses the value of a TSA settings key, if it does. */
function badValue(model: CnfModel, e: ConfEntry): { why: string; suggest?: string } | undefined {
  const v = e.value;
  const digest = (d: string): { why: string; suggest?: string } | undefined => {
    if (isDigestName(d)) return undefined;
    const sg = nearest(d, commonDigestNames);
    return { why: tr`'${d}' is not a digest name OpenSSL knows (e.g. sha256, sha384, sha512).`, ...(sg && d === v ? { suggest: sg } : {}) };
  };
  const object = (o: string): { why: string } | undefined => (isObjectText(o, model.customObjects) ? undefined : { why: tr`'${o}' is neither an OID nor an object name (oid_section defines names).` });
  const items = (): readonly string[] | { why: string } => {
    const r = parseList(v);
    if ('error' in r) return { why: r.error.message };
    return r.items.map((it) => it.value ?? it.name);
  };
  switch (e.key) {
    case 'signer_digest':
    case 'ess_cert_id_alg':
      return digest(v);
    case 'default_policy':
      return object(v);
    case 'digests': {
      const l = items();
      if (!Array.isArray(l)) return l as { why: string };
      if (!l.length) return { why: tr`the list is empty.` };
      for (const d of l) {
        const b = digest(d);
        if (b) return { why: b.why };
      }
      return undefined;
    }
    case 'other_policies': {
      if (v === '') return undefined;
      const l = items();
      if (!Array.isArray(l)) return l as { why: string };
      for (const o of l) {
        const b = object(o);
        if (b) return b;
      }
      return undefined;
    }
    case 'accuracy': {
      const r = parseList(v);
      if ('error' in r) return { why: r.error.message };
      const other = r.items.find((it) => !['secs', 'millisecs', 'microsecs'].includes(it.name));
      return other ? { why: tr`'${other.name}' is not secs, millisecs or microsecs (case-sensitive).` } : undefined;
    }
    case 'clock_precision_digits': {
      // _CONF_get_number reads the leading digits (none: 0).
      const m = /^\d+/.exec(v);
      return m && Number(m[0]) > maxClockDigits ? { why: tr`${m[0]} digits is more than the ${maxClockDigits} OpenSSL allows.` } : undefined;
    }
    default:
      if (yesNoKeys.includes(e.key) && v !== 'yes' && v !== 'no') {
        const l = v.toLowerCase();
        const suggest = l === 'yes' || l === 'true' || l === 'y' || l === 'on' || l === '1' ? 'yes' : l === 'no' || l === 'false' || l === 'n' || l === 'off' || l === '0' ? 'no' : undefined;
        return { why: tr`ts compares ${e.key} with exactly 'yes' or 'no' (lower case).`, ...(suggest ? { suggest } : {}) };
      }
      return undefined;
  }
}

