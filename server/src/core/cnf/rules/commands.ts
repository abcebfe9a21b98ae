/**
 * What `openssl req` and `openssl ca` read from their sections: the sections
 * they name must exist (REQ-002/003/010, CA-010), `string_mask` must be valid
 * (REQ-011), a `prompt = no` DN section must hold valid fields (REQ-004/006/007/012),
 * an extension name among its fields (REQ-021, a warning: OpenSSL takes it as a subject attribute),
 * policy values (CA-003) and field names (CA-012), `copy_extensions` (CA-011),
 * `name_opt` / `cert_opt` (CA-013), the default section's `extensions` that
 * `openssl x509 -extfile` reads (X509-EXT-7); and the warnings for
 * values OpenSSL reads more strictly (REQ-001) or more loosely (CA-002) than
 * people expect, and for misspelt keys (REQ-017, CA-009).
 */

import type { Fix } from '../../types';
import { getString, type ConfEntry, type ConfSection, type LoadedConfig } from '../expand';
import type { CaRun, CnfModel, CommandLineUse } from '../model';
import { caKeys, caSectionKeys, certOptOptions, dnFieldLimits, extensions, isDigestName, isDottedOid, isValidStringMask, nameOptOptions, nearest, objectByName, objectByOid, reqKeys, stringMaskValues } from '../vocabulary';
import { parseList } from '../x509values';
import { brokenHeaderNames, nconfNumber, undefinedVariable, type FindingSink } from './util';
import { dnFieldType } from './extensions';
import { withCaOnlyNote, crlDaysStandIns, daysStandIns, firstUnserved, runReads, runsOn, usedCaSections } from './caRequired';
import { readAll } from './tracking';
import { usedByCommentSpan } from '../commandUse';
import { tr } from '../../l10n';

/**
 * CNF-090: a section the command line names (-extensions / -reqexts, ca -name, ts -section) that the
 * file does not have. OpenSSL fails there ("Error checking ... extension section X"; ca and ts look
 * the keys up in [X], then the default section: "variable lookup failed for X::database"), so an
 * error, though the file is not at fault: the command line (or a typo in the section name). It sits
 * on the used-by comment that gives the command line, or at the top of the file (--openssl-command,
 * the workspace's scripts, which the linter names beside it). A name from a variable is not judged.
 */
function commandLineSections(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse): void {
  // Read through .include: the file including it may hold the section.
  if (commandLine.included) return;
  const config = model.config;
  const literal = (n: string): boolean => !/[$`"'\\]/.test(n);
  const has = (n: string): boolean => config.sections.has(n);
  const inDefault = (k: string): boolean => !!config.sections.get('default')?.byKey.has(k);
  const named: [string, string][] = [];
  for (const x of commandLine.extensions ?? []) if (literal(x) && !has(x)) named.push([x, tr`-extensions / -reqexts ${x}: OpenSSL fails with "Error checking extension section ${x}"`]);
  for (const r of commandLine.ca ?? []) {
    const n = r.name;
    // openssl ca looks every key up in [n], then in the default section: with the keys there, it still works.
    const key = n !== undefined && literal(n) && !has(n) ? firstUnserved(model, r, n) : undefined;
    if (n !== undefined && key) named.push([n, tr`openssl ca -name ${n}: OpenSSL fails with "variable lookup failed for ${n}::${key}"`]);
  }
  for (const r of commandLine.tsReply ?? []) {
    const n = r.section;
    if (n !== undefined && literal(n) && !has(n) && !inDefault('serial')) named.push([n, tr`openssl ts -reply -section ${n}: OpenSSL fails with "cannot find config variable ${n}::serial"`]);
  }
  if (!named.length) return;
  const at = usedByCommentSpan(config.doc.text) ?? { start: 0, end: 0 };
  const sectionNames = [...config.sections.keys()];
  for (const [n, what] of new Map(named)) {
    const sg = nearest(n, sectionNames);
    sink.add('CNF-090', 'error', at.start, at.end, tr`The command line names section [${n}], which this file does not have: ${what}. Change the command line${sg ? tr` (did you mean [${sg}]?)` : ''} or add the section.`);
  }
}

export function commandRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  commandLineSections(model, sink, commandLine);
  const config = model.config;
  const { ca, commands } = commandLine;
  const get = (s: string, k: string): ConfEntry | undefined => getString(config, s, k);
  const unknownKeys = keyTypos(config);
  const sectionNames = [...config.sections.keys()];
  const missing = (e: ConfEntry, code: string, message: string, severity: 'error' | 'warning' = code.startsWith('CA-') ? 'warning' : 'error'): void => {
    // Read through .include, the file including it may hold the section (it is not looked up here).
    if (!e.local || e.failed || brokenHeaderNames(config).has(e.value) || commandLine.included) return;
    const sg = nearest(e.value, sectionNames);
    const caseOnly = sg !== undefined && sg.toLowerCase() === e.value.toLowerCase();
    const text = sg ? `${message} ${caseOnly ? tr`Section names are case-sensitive: did you mean [${sg}]?` : tr`Did you mean [${sg}]?`}` : message;
    const verbatim = e.refs.length === 0 && e.node.value.raw === e.value;
    const fixes = sg && verbatim ? [{ title: tr`Change to '${sg}'`, edits: [{ start: e.node.value.start, end: e.node.value.end, newText: sg }], isPreferred: true }] : undefined;
    // openssl ca can be given -policy / -crlexts instead: a warning there (callers choose).
    sink.add(code, severity, e.node.value.start, e.node.value.end, text, fixes);
  };
  // openssl req never reads the CA settings, nor openssl ca the req ones; an extfile is read for its extensions only.
  // openssl req runs are known and build the subject from the file (none gives -subj or -in).
  const makesSubject = !!commands?.includes('req') && !commandLine.reqSubj && !commandLine.included;
  if (makesSubject && !getString(config, 'req', 'distinguished_name')) {
    // req.c: without distinguished_name there are no fields to fill: "No objects specified in config file".
    const h = config.sections.get('req')?.headers.find((x) => x.local);
    sink.add('REQ-004', 'error', h ? h.node.start : 0, h ? h.node.end : 0, tr`No objects specified in config file: ${h ? tr`[ req ] has no distinguished_name` : tr`this file has no [ req ] section with a distinguished_name`}, so openssl req without -subj has no subject and fails. Add distinguished_name (with prompt = no and the fields), or pass -subj where the file is used.`);
  }
  for (const r of !commands || commands.includes('req') ? model.reqSections : []) {
    const dn = get(r, 'distinguished_name');
    if (dn && !config.sections.has(dn.value)) missing(dn, 'REQ-002', tr`Unable to get '${dn.value}' section: distinguished_name names a section that does not exist.`);
    const at = get(r, 'attributes');
    if (at && !config.sections.has(at.value)) missing(at, 'REQ-003', tr`Unable to get '${at.value}' section: attributes names a section that does not exist.`);
    const re = get(r, 'req_extensions');
    if (re && !config.sections.has(re.value)) missing(re, 'REQ-010', tr`Error checking request extension section ${re.value}: there is no section [${re.value}].`);
    const xe = get(r, 'x509_extensions');
    if (xe && !config.sections.has(xe.value)) missing(xe, 'REQ-010', tr`Error checking x509 extension section ${xe.value}: there is no section [${xe.value}].`);
    const sm = get(r, 'string_mask');
    if (sm && sm.local && !sm.failed && !isValidStringMask(sm.value)) {
      const s = nearest(sm.value, [...stringMaskValues]);
      sink.add('REQ-011', 'error', sm.node.value.start, sm.node.value.end, tr`Invalid global string mask setting ${sm.value} (use utf8only, pkix, nombstr, default or MASK:<number>).`, s ? [{ title: tr`Change to '${s}'`, edits: [{ start: sm.node.value.start, end: sm.node.value.end, newText: s }], isPreferred: true }] : undefined);
    }
    for (const [key, want] of [['prompt', 'no'], ['encrypt_key', 'no'], ['encrypt_rsa_key', 'no'], ['utf8', 'yes']] as const) {
      const e = get(r, key);
      if (e && e.local && !e.failed && e.value !== want && e.value.toLowerCase() === want) {
        sink.add('REQ-001', 'warning', e.node.value.start, e.node.value.end, tr`OpenSSL compares ${key} with exactly '${want}' (lower case): '${e.value}' does not count as ${want}.`, [{ title: tr`Change to '${want}'`, edits: [{ start: e.node.value.start, end: e.node.value.end, newText: want }], isPreferred: true }]);
      }
    }
    const md = get(r, 'default_md');
    // `default` picks the key type's default digest (req.c, ca.c); anything else goes to EVP_get_digestbyname.
    if (md && md.local && !md.failed && md.value !== 'default' && !isDigestName(md.value)) {
      sink.add('REQ-013', 'warning', md.node.value.start, md.node.value.end, tr`'${md.value}' is not a digest name OpenSSL knows (e.g. sha256, sha384, sha512).`);
    }
    const prompt = get(r, 'prompt');
    // -subj gives the subject: openssl req does not read the fields of the DN section then.
    if (prompt && prompt.value === 'no' && dn && config.sections.has(dn.value) && !commandLine.reqSubj) checkAutoDn(config.sections.get(dn.value)!, dn, sink, makesSubject ? 'error' : 'warning');
    // A known openssl req run builds the subject from the file (no -subj, no -in): a prompt-mode DN section with no fields fails too.
    else if (makesSubject && dn && dn.local && config.sections.get(dn.value)?.entries.length === 0) {
      sink.add('REQ-004', 'error', dn.node.value.start, dn.node.value.end, tr`No template, please set one up: the distinguished_name section is empty, so openssl req without -subj has no subject to ask for and fails.`);
    }
    const sect = config.sections.get(r);
    if (sect && r === 'req') unknownKeys(sect, reqKeys, 'REQ-017', `openssl req`, sink, { keys: caKeys, message: caSettingInReq });
  }
  // openssl x509 -extfile <file> without -extensions takes the section name from `extensions` in the default section.
  const xs = config.sections.get('default')?.byKey.get('extensions');
  if (xs && (!commands || (commands.includes('extfile') && !commandLine.extensions)) && !config.sections.has(xs.value)) missing(xs, 'X509-EXT-7', tr`Error checking extension section ${xs.value}: openssl x509 -extfile reads the extension section from this key (unless -extensions is given), and there is no section [${xs.value}].`, 'error');
  // Only a section the openssl ca runs use (default_ca's when none is known) fails a use of the file with ca; elsewhere a warning.
  const usedCa = usedCaSections(model, ca);
  // The openssl ca runs are known: each reads its own CA section and, of what follows, only what its operation needs.
  for (const c of commands ? model.caSections.filter((n) => usedCa.has(n)) : model.caSections) {
    const s = config.sections.get(c);
    if (!s) continue;
    const caSeverity = usedCa.has(c) ? 'error' : 'warning';
    // What fails openssl ca with this section, said as a warning: why it is not an error, when the reason is the unknown use.
    const noted = (message: string): string => (caSeverity === 'warning' ? withCaOnlyNote(message, model, commandLine, c) : message);
    const caAdd = (code: string, start: number, end: number, message: string, fixes?: Fix[]): void => sink.add(code, caSeverity, start, end, noted(message), fixes);
    const here = runsOn(model, commandLine, c);
    const needed = (operation: CaRun['operation'], standIns: readonly string[]): 'error' | 'warning' | undefined =>
      !here ? 'warning' : here.some((r) => runReads(r, operation, standIns)) ? 'error' : undefined;
    const pol = s.byKey.get('policy');
    const policyRead = needed('sign', ['-policy']);
    if (pol && pol.local && !pol.failed && policyRead) {
      const ps = config.sections.get(pol.value);
      if (!ps) missing(pol, 'CA-010', tr`unable to find 'section' for ${pol.value}: policy names a section that does not exist.`, policyRead);
      else {
        for (const e of ps.entries) {
          if (!e.local || e.failed) continue;
          if (!['match', 'supplied', 'optional'].includes(e.value)) {
            const sg = nearest(e.value, ['match', 'supplied', 'optional']);
            caAdd('CA-003', e.node.value.start, e.node.value.end, tr`${e.value}:invalid type in 'policy' configuration (use match, supplied or optional).`, sg ? [{ title: tr`Change to '${sg}'`, edits: [{ start: e.node.value.start, end: e.node.value.end, newText: sg }], isPreferred: true }] : undefined);
          }
          // OBJ_txt2nid: a known short/long name (case-sensitive), an oid_section name, or the OID of a known object.
          const known = objectByName(e.key) ?? (isDottedOid(e.key) ? objectByOid(e.key) : undefined);
          if (!known && !model.customObjects.has(e.key) && !(isDottedOid(e.key) && model.customObjects.size > 0)) {
            const sg = nearest(e.key, policyFieldNames);
            caAdd('CA-012', e.node.key.start, e.node.key.end, tr`${e.key}:unknown object type in 'policy' configuration: policy fields are DN attribute names (e.g. countryName, organizationName, commonName; case-sensitive)${sg ? tr` — did you mean '${sg}'?` : ''}.`, sg ? [{ title: tr`Change to '${sg}'`, edits: [{ start: e.node.key.start, end: e.node.key.end, newText: sg }], isPreferred: true }] : undefined);
          }
        }
      }
    }
    // openssl ca reads these from the CA section, then the default section (NCONF_get_string). A
    // default-section value that openssl req also reads is reported once, by the req checks.
    const caGet = (k: string): ConfEntry | undefined => {
      const e = get(c, k);
      return e && e.section === 'default' && s.byKey.get(k) !== e && model.reqSections.length > 0 && (k === 'x509_extensions' || k === 'string_mask') ? undefined : e;
    };
    const xe = needed('sign', ['-extensions']) ? caGet('x509_extensions') : undefined;
    // Unlike policy (often given as -policy), openssl ca without -extensions fails on it.
    if (xe && !config.sections.has(xe.value)) missing(xe, 'CA-010', noted(tr`Error checking certificate extension config section ${xe.value}: there is no section [${xe.value}].`), caSeverity);
    const ce = caGet('crl_extensions');
    const crlExtensionsRead = needed('gencrl', ['-crlexts']);
    if (ce && crlExtensionsRead && !config.sections.has(ce.value)) missing(ce, 'CA-010', tr`Error checking CRL extension section ${ce.value}: there is no section [${ce.value}].`, crlExtensionsRead);
    const cp = caGet('copy_extensions');
    if (cp && cp.local && !cp.failed && !['none', 'copy', 'copyall'].includes(cp.value.toLowerCase())) {
      caAdd('CA-011', cp.node.value.start, cp.node.value.end, tr`Invalid extension copy option: "${cp.value}" (use none, copy or copyall).`);
    }
    const sm = caGet('string_mask');
    if (sm && sm.local && !sm.failed && !isValidStringMask(sm.value)) {
      caAdd('REQ-011', sm.node.value.start, sm.node.value.end, `Invalid global string mask setting ${sm.value}.`);
    }
    for (const [key, table, what] of [['name_opt', nameOptOptions, 'name'], ['cert_opt', certOptOptions, 'certificate']] as const) {
      const e = caGet(key);
      if (!e || !e.local || e.failed) continue;
      // set_multi_opts: a list OpenSSL cannot parse is ignored; each name (after an optional - or +) must be in the table.
      const list = parseList(e.value);
      if ('error' in list) continue;
      const bad = list.items.find((it) => !table.some((o) => o.toLowerCase() === it.name.replace(/^[-+]/, '').toLowerCase()));
      if (!bad) continue;
      const word = bad.name.replace(/^[-+]/, '');
      const sg = nearest(word, table);
      caAdd('CA-013', e.node.value.start, e.node.value.end, tr`Invalid ${what} options: "${e.value}" — '${word}' is not a ${key} option (${key === 'name_opt' ? tr`e.g. ca_default, RFC2253, oneline, multiline` : tr`e.g. ca_default, no_pubkey, no_sigdump`}; comma-separated, case-insensitive, '-' turns one off)${sg ? tr`; did you mean '${sg}'?` : '.'}`);
    }
    for (const key of ['unique_subject', 'preserve', 'email_in_dn']) {
      const e = s.byKey.get(key);
      if (e && e.local && !e.failed && !/^(yes|no|true|false|y|n|0|1|on|off)$/i.test(e.value)) {
        sink.add('CA-002', 'warning', e.node.value.start, e.node.value.end, tr`OpenSSL reads only the first character of ${key}: '${e.value}' means ${/^[yYtT1]/.test(e.value) ? 'yes' : /^[nNfF0]/.test(e.value) ? 'no' : tr`the default`}.`);
      }
    }
    unknownKeys(s, caSectionKeys(c), 'CA-009', `openssl ca`, sink, { keys: reqKeys, message: (key) => tr`openssl ca does not read '${key}': it is a setting of openssl req, which reads it from its [ req ] section` });
    periodReadAsZero(needed('sign', daysStandIns), [get(c, 'default_days')], get(c, 'default_enddate'), tr`openssl ca cannot sign with this section: "cannot lookup how many days to certify for", unless -days or -enddate is given. Write a whole number of days, e.g. 365.`, '365');
    periodReadAsZero(needed('gencrl', crlDaysStandIns), [get(c, 'default_crl_days'), get(c, 'default_crl_hours')], undefined, tr`openssl ca -gencrl fails with this section: "cannot lookup how long until the next CRL is issued", unless -crldays, -crlhours or -crlsec is given. Write a whole number of days, e.g. 30.`, '30');
  }

  /**
   * CA-014: the validity keys openssl ca reads with NCONF_get_number (leading digits) when all those written
   * read as 0 or fail (`days365`, `{{DAYS}}`, `0`) and no date stands in for them: on the first one, once; an error
   * where a known run needs them (no flag of its gives them), as OpenSSL then fails.
   */
  function periodReadAsZero(severity: 'error' | 'warning' | undefined, keys: readonly (ConfEntry | undefined)[], date: ConfEntry | undefined, consequence: string, fix: string): void {
    const written = keys.filter((e): e is ConfEntry => e !== undefined);
    if (!severity || date || !written.length || written.some((e) => e.failed || (nconfNumber(e.value) ?? 0) > 0)) return;
    const e = written[0]!;
    if (!e.local || sink.findings.some((f) => f.code === 'CA-014' && f.start === e.node.value.start)) return;
    const n = nconfNumber(e.value);
    const read = n === undefined ? tr`OpenSSL cannot read ${e.key} = '${e.value}' (a number above LONG_MAX)` : /^[0-9]+$/.test(e.value) ? tr`${e.key} = ${e.value} gives no period` : tr`OpenSSL reads ${e.key} = '${e.value}' as 0 (it takes only the leading digits)`;
    const verbatim = e.refs.length === 0 && e.node.value.raw === e.value;
    const at = e.node.value.end > e.node.value.start ? e.node.value : { start: e.node.key.start, end: e.node.key.end };
    sink.add('CA-014', severity, at.start, at.end, tr`${read}, so ${consequence}`, verbatim ? [{ title: tr`Change to '${fix}'`, edits: [{ start: e.node.value.start, end: e.node.value.end, newText: fix }], isPreferred: true }] : undefined);
  }
}

const policyFieldNames = ['countryName', 'stateOrProvinceName', 'localityName', 'organizationName', 'organizationalUnitName', 'commonName', 'emailAddress', 'C', 'ST', 'L', 'O', 'OU', 'CN'];

/**
 * Reports the keys of a section that are one typo away from a key the command reads (and are
 * not used as $variables, nor a near miss of a variable used but never defined: CNF-060 says that).
 */
/**
 * Keys another openssl command reads (default_days in [ req ], an openssl ca setting): not a
 * misspelling of a key of this command's, so no near miss is offered, but what they are.
 */
export interface OtherCommandKeys {
  readonly keys: readonly string[];
  readonly message: (key: string) => string;
}

/** REQ-017 on an openssl ca setting in [ req ]; default_days is the one people expect req -x509 to take. */
function caSettingInReq(key: string): string {
  return key === 'default_days'
    ? tr`openssl req does not read 'default_days': it is a setting of openssl ca; openssl req -x509 takes -days, and without it makes a certificate valid for 30 days`
    : tr`openssl req does not read '${key}': it is a setting of openssl ca, which reads it from its CA section`;
}

export function keyTypos(config: LoadedConfig): (s: ConfSection, known: readonly string[], code: string, who: string, sink: FindingSink, other?: OtherCommandKeys) => void {
  // Built only when a section has a near miss: it visits every $reference in the file, reading
  // names from the store's rows (a reference object each would cost a large file more memory than its text).
  let varSet: Set<string> | undefined;
  const varNames = (): ReadonlySet<string> =>
    (varSet ??= readAll(config, 'variables', (c) => {
      const names = new Set<string>();
      for (let k = 0; k < c.store.refCount; k++) names.add(c.store.refName(k));
      return names;
    }));
  let undefinedSet: Set<string> | undefined;
  const undefinedVars = (): ReadonlySet<string> => (undefinedSet ??= new Set(config.problems.flatMap((p) => (p.local && p.code === 'CNF-060' ? [undefinedVariable(p.message)?.name ?? ''] : []))));
  return (s, known, code, who, sink, other) => {
    for (const e of s.entries) {
      if (!e.local || known.includes(e.key)) continue;
      const sg = nearest(e.key, known);
      if (!sg || sg === e.key || undefinedVars().has(sg) || varNames().has(e.key)) continue;
      if (other?.keys.includes(e.key)) {
        sink.add(code, 'warning', e.node.key.start, e.node.key.end, other.message(e.key));
        continue;
      }
      sink.add(code, 'warning', e.node.key.start, e.node.key.end, tr`${who} does not read '${e.key}' — did you mean '${sg}'?`, [{ title: tr`Change to '${sg}'`, edits: [{ start: e.node.key.start, end: e.node.key.end, newText: sg }], isPreferred: true }]);
    }
  };
}

/**
 * Whether OpenSSL knows an object as a certificate extension: one it can write from config text
 * (the vocabulary), or one in the X.509, PKIX id-pe or Netscape extension arcs it only names
 * (qcStatements, certificateIssuer…). Either way `openssl req` takes it as a subject attribute.
 */
function isExtension(short: string, oid: string): boolean {
  return extensions.has(short) || /^(2\.5\.29|1\.3\.6\.1\.5\.5\.7\.1|2\.16\.840\.1\.113730\.1)\.\d+$/.test(oid);
}

/**
 * The field a `-subj`-style `/field=` inside a prompt = no DN value names (`CN = host/emailAddress=a@b`),
 * when it is a name attribute OpenSSL knows: then the value was meant as two fields.
 */
function subjSyntax(value: string): string | undefined {
  for (const m of value.matchAll(/\/([A-Za-z][A-Za-z0-9]*)=/g)) {
    const obj = objectByName(m[1]!);
    if (obj && !isExtension(obj.short, obj.oid)) return m[1]!;
  }
  return undefined;
}

/** auto_info (prompt = no): each field must be a known object, values within limits; an extension name is taken as a subject attribute (REQ-021). */
function checkAutoDn(s: ConfSection, dnRef: ConfEntry, sink: FindingSink, emptySeverity: 'error' | 'warning'): void {
  let count = 0;
  for (const e of s.entries) {
    const type = dnFieldType(e.key);
    count++;
    if (!e.local || e.failed) continue;
    const obj = objectByName(type);
    if (!obj && !/^[0-2](\.[0-9]+)+$/.test(type)) {
      sink.add('REQ-006', 'error', e.node.key.start, e.node.key.end, tr`invalid field name: '${type}' is not a DN attribute OpenSSL knows (e.g. C, ST, L, O, OU, CN, emailAddress).`);
      continue;
    }
    if (obj && isExtension(obj.short, obj.oid)) {
      // X509_NAME_add_entry_by_txt takes any object name: the extension's OID becomes a subject attribute.
      const syntax = extensions.get(obj.short)?.syntax;
      const dns = obj.short === 'subjectAltName' && !/^[A-Za-z0-9.]+:/.test(e.value) ? tr` (as subjectAltName = DNS:${e.value})` : '';
      // Only an extension with a text form can be moved as it is; any other takes DER: or ASN1: there.
      const fix = syntax !== undefined && syntax !== 'unsupported'
        ? tr`Put it in the section req_extensions (or x509_extensions) names${dns}.`
        : tr`OpenSSL cannot write ${obj.short} from text: if the request needs it, give its encoding in the section req_extensions (or x509_extensions) names, as ${obj.short} = DER:… or ASN1:….`;
      sink.add('REQ-021', 'warning', e.node.key.start, e.node.key.end, tr`'${type}' is an X.509 extension, not a name attribute: openssl req takes it and puts "${obj.short} = ${e.value}" into the subject (under the extension's OID ${obj.oid}), and the request gets no ${obj.short} extension. ${fix}`);
    }
    const more = subjSyntax(e.value);
    if (more) {
      sink.add('REQ-022', 'warning', e.node.value.start, e.node.value.end, tr`'${e.key} = ${e.value}': with prompt = no the value goes into the subject as written, '/${more}=' included: that is -subj syntax, not a second field. Give ${more} its own line in this section.`);
    }
    const lim = obj ? dnFieldLimits.get(obj.long) ?? dnFieldLimits.get(obj.short) : undefined;
    if (lim) {
      const n = e.value.length;
      if (n < lim[0]) sink.add(n === 0 ? 'REQ-012' : 'REQ-007', 'error', e.node.start, e.node.end, tr`string too short: ${type} needs at least ${lim[0]} character${lim[0] > 1 ? 's' : ''} (minsize=${lim[0]}).`);
      else if (lim[1] > 0 && n > lim[1]) sink.add('REQ-007', 'error', e.node.value.start, e.node.value.end, tr`string too long: ${type} holds at most ${lim[1]} characters (maxsize=${lim[1]}).`);
    }
  }
  if (count === 0 && dnRef.local) {
    sink.add('REQ-004', emptySeverity, dnRef.node.value.start, dnRef.node.value.end, tr`No objects specified in config file: with prompt = no the distinguished_name section is empty, so openssl req fails unless -subj is given.`);
  }
}
