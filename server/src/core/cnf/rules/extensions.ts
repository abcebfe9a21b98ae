/**
 * x509v3 extension sections, checked as OpenSSL 3.0 builds them
 * (X509V3_EXT_nconf → do_ext_nconf → each extension's v2i/s2i/r2i):
 * extension names (X509-EXT-1), `critical,` placement (X509-EXT-2), list syntax
 * (X509-EXT-3), `@section` targets (X509-EXT-4), settings OpenSSL cannot make
 * (X509-EXT-5), DER:/ASN1: values (X509-EXT-6), keyUsage (X509-KU-1/3),
 * nsCertType (X509-NS-1), extendedKeyUsage (X509-EKU-1), general names
 * (X509-SAN-1/2/3/8/9/10/11), basicConstraints (X509-BC-1..5), key identifiers
 * (X509-AKI-1/3, X509-SKI-1), nameConstraints (X509-NC-1/2), and the other
 * list-valued extensions. Every error here is one OpenSSL reports.
 */

import type { Finding, Fix } from '../../types';
import type { ConfEntry, ConfSection } from '../expand';
import type { CnfModel, CommandLineUse, ExtensionUse, SectionInfo } from '../model';
import { usedCaSections } from './caRequired';
import { stripCritical } from '../model';
import {
  extensions,
  extendedKeyUsages,
  generalNameTypes,
  isObjectText,
  keyUsageBits,
  nearest,
  nsCertTypeBits,
  objectByName,
  objectByShortName,
  dnFieldLimits,
} from '../vocabulary';
import {
  boolValue,
  asn1SectionOf,
  checkAsn1Generate,
  cidrToNetmask,
  ipAddressLength,
  isAsn1Bool,
  isAsn1Integer,
  isHexString,
  isIpAddressNc,
  parseList,
  v3NameIs,
  type ListItem,
} from '../x509values';
import { brokenHeaderNames, valueIsVerbatim, valueSpan, type FindingSink } from './util';
import { misreadMessage } from './oids';
import { textEnd } from './tracking';
import { misreadOid } from '../vocabulary';
import { tr } from '../../l10n';

/** An item of a multi-valued extension, wherever it was written. */
interface Item {
  readonly name: string;
  readonly value?: string;
  readonly entry: ConfEntry;
  /** Offsets in the entry's expanded value (short form), or undefined for section entries. */
  readonly list?: ListItem;
  readonly base: number;
}

interface Ctx {
  readonly model: CnfModel;
  readonly sink: FindingSink;
  readonly use: ExtensionUse;
  /** Used by `openssl req -x509` (x509_extensions of a req section): the certificate is its own issuer. */
  readonly selfSigned: boolean;
}

function itemSpan(it: Item, part: 'name' | 'value' | 'all'): { start: number; end: number } {
  const e = it.entry;
  if (!it.list) {
    if (part === 'name') return { start: e.node.key.start, end: e.node.key.end };
    if (part === 'value') return { start: e.node.value.start, end: e.node.value.end };
    return { start: e.node.key.start, end: e.node.value.end };
  }
  const l = it.list;
  if (part === 'name') return valueSpan(e, it.base + l.nameFrom, it.base + l.nameTo);
  if (part === 'value' && l.valueFrom !== undefined) return valueSpan(e, it.base + l.valueFrom, it.base + l.valueTo!);
  return valueSpan(e, it.base + l.nameFrom, it.base + (l.valueTo ?? l.nameTo));
}

function replaceFix(title: string, span: { start: number; end: number }, newText: string): Fix {
  return { title, edits: [{ start: span.start, end: span.end, newText }], isPreferred: true };
}

const keyUsageNames = keyUsageBits.flatMap((b) => [b.short, b.long]);
const nsNames = nsCertTypeBits.flatMap((b) => [b.short, b.long]);
const ekuNames = extendedKeyUsages.map((e) => e.short);
const extensionNames = [...extensions.keys()];

/**
 * Checks every extension section the model knows about, including the sections
 * nothing names in which most keys are extensions (the model gives them the
 * role: they are for `-extensions`/`-reqexts`, and one misspelt name must not
 * hide them).
 */
export function extensionRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  const read = usesRead(model, commandLine);
  for (const [name, info] of model.givenSections()) {
    if (!info.section) continue;
    if (!info.roles.has('extensions') && !info.roles.has('crlExtensions')) continue;
    if (!info.section.entries.some((e) => e.local) && !info.section.headers.some((h) => h.local)) continue;
    const uses = read ? read(info) : info.uses;
    // The command that uses the file never reads this section.
    if (read && !uses.size) continue;
    const use: ExtensionUse = uses.has('request') ? 'request' : uses.has('certificate') ? 'certificate' : uses.has('crl') ? 'crl' : 'unknown';
    const selfSigned = info.refs.some((r) => r.kind === 'x509_extensions' && r.entry !== undefined && (model.reqSections.includes(r.entry.section) || r.entry.section === 'default'));
    // A section nothing in the file names fails only where -extensions / -reqexts picks it: a warning there.
    // One only CA settings not in use name fails only openssl ca with them: a warning too, while no use is known.
    const byCa = use !== 'unknown' && !read ? caSettingsOnly(model, info, commandLine) : undefined;
    checkExtensionSection(info.section, { model, sink: use === 'unknown' ? unusedSink(sink, name) : byCa ? caOnlySink(sink, name, byCa) : sink, use, selfSigned });
  }
}

/**
 * Of a section's uses, those the command reads, when the command is known: `req` reads the request and
 * certificate extension sections (both checked when it starts), `ca` the certificate ones to sign and the
 * CRL ones for -gencrl, an extfile only the section -extensions (else its default `extensions`) picks.
 */
function usesRead(model: CnfModel, commandLine: CommandLineUse): ((info: SectionInfo) => ReadonlySet<ExtensionUse>) | undefined {
  const commands = commandLine.commands;
  if (!commands) return undefined;
  const req = commands.includes('req');
  const ca = new Set<ExtensionUse>();
  for (const run of commandLine.ca ?? []) ca.add(run.operation === 'sign' ? 'certificate' : run.operation === 'gencrl' ? 'crl' : 'unknown');
  ca.delete('unknown');
  // The section -extensions / -reqexts picks; an extfile's, without it, is its default section's `extensions`.
  const picked = commandLine.extensions ?? (commands.includes('extfile') ? [model.config.sections.get('default')?.byKey.get('extensions')?.value] : []);
  // Who names the section: req reads what a req section (or the default section) names, ca what CA settings (or the default section) name.
  const namedBy = (info: SectionInfo, owners: readonly string[]): boolean =>
    info.refs.some((r) => (r.kind === 'req_extensions' || r.kind === 'x509_extensions' || r.kind === 'crl_extensions') && (r.entry?.section === 'default' || owners.includes(r.entry?.section ?? '')));
  return (info) => {
    const read = new Set<ExtensionUse>();
    for (const u of info.uses) if ((req && u !== 'crl' && namedBy(info, model.reqSections)) || (ca.has(u) && namedBy(info, model.caSections))) read.add(u);
    if (picked.includes(info.name)) read.add('certificate');
    return read;
  };
}

/**
 * The CA settings section whose x509_extensions / crl_extensions names extension section `info`, when only
 * CA settings not in use name it (no req section, nor the default section's `extensions`, nor the command
 * line) in a file openssl req can use: req and x509 -extfile never build it, and with no use known the CA
 * settings are not taken as in use (usedCaSections).
 */
function caSettingsOnly(model: CnfModel, info: SectionInfo, commandLine: CommandLineUse): string | undefined {
  if (!model.reqSections.length || commandLine.extensions?.includes(info.name)) return undefined;
  let by: string | undefined;
  for (const r of info.refs) {
    if (r.kind !== 'x509_extensions' && r.kind !== 'crl_extensions') return undefined;
    const owner = r.entry?.section;
    if (owner === undefined || !model.caSections.includes(owner) || model.reqSections.includes(owner)) return undefined;
    by ??= owner;
  }
  if (by === undefined) return undefined;
  const used = usedCaSections(model);
  return info.refs.some((r) => used.has(r.entry!.section)) ? undefined : by;
}

/** Passes findings on, errors as warnings that say only openssl ca with CA settings `owner` builds the section. */
function caOnlySink(sink: FindingSink, section: string, owner: string): FindingSink {
  return {
    findings: sink.findings,
    add(code, severity, start, end, message, fixes) {
      const m = severity === 'error' ? tr`${message} Only openssl ca builds [${section}] (named by [${owner}]), and nothing says this file goes to openssl ca: say so (a "# certwright: used-by openssl ca" comment, or a workspace script that runs it) to have it reported as an error.` : message;
      sink.add(code, severity === 'error' ? 'warning' : severity, start, end, m, fixes);
    },
  } as FindingSink;
}

/** Passes findings on, errors as warnings that say where they become errors. */
function unusedSink(sink: FindingSink, section: string): FindingSink {
  return {
    findings: sink.findings,
    add(code, severity, start, end, message, fixes) {
      const m = severity === 'error' ? tr`${message} Nothing in this file names [${section}], so this fails only where -extensions / -reqexts ${section} uses it.` : message;
      sink.add(code, severity === 'error' ? 'warning' : severity, start, end, m, fixes);
    },
  } as FindingSink;
}

export function checkExtensionSection(section: ConfSection, ctx: Ctx): void {
  for (const e of section.entries) {
    if (!e.local || e.failed) continue;
    checkExtension(e, ctx);
  }
  caWithoutKeyCertSign(section, ctx);
}

function checkExtension(e: ConfEntry, ctx: Ctx): void {
  const { sink } = ctx;
  const name = e.key;
  const keySpan = { start: e.node.key.start, end: e.node.key.end };
  let value = e.value;
  // `critical` written any other way than the exact prefix `critical,`.
  const crit = stripCritical(value);
  if (!crit.critical) {
    const m = /^\s*critical\s*,?\s*/i.exec(value);
    if (m && /^critical/i.test(value.trimStart())) {
      const sp = valueSpan(e, 0, m[0].length);
      sink.add('X509-EXT-2', 'error', sp.start, sp.end, tr`'critical' must open the value exactly as 'critical,' (lower case, comma right after it); OpenSSL reads '${m[0].trim()}' as part of the ${name} value and fails.`, valueIsVerbatim(e) ? [replaceFix("Write 'critical,'", sp, 'critical, ')] : undefined);
      return;
    }
  }
  const base = crit.offset;
  value = crit.rest;
  // DER: / ASN1: generic form.
  const generic = /^(DER|ASN1):\s*/.exec(value);
  if (generic) {
    if (!isObjectText(name, ctx.model.customObjects)) {
      sink.add('X509-EXT-1', 'error', keySpan.start, keySpan.end, tr`extension name error: '${name}' is not an object name or dotted OID OpenSSL knows.`);
      return;
    }
    const slip = misreadOid(name);
    if (slip) sink.add('OID-002', 'warning', keySpan.start, keySpan.end, misreadMessage(name, slip));
    const rest = value.slice(generic[0].length);
    const bad =
      generic[1] === 'DER'
        ? isHexString(rest)
          ? undefined
          : tr`extension value error: DER: takes hex bytes (pairs of hex digits, optionally separated by colons).`
        : checkAsn1Generate(rest, (s) => isObjectText(s, ctx.model.customObjects), (s) => ctx.model.config.sections.has(s));
    if (bad) {
      const sp = valueSpan(e, base, e.value.length);
      sink.add('X509-EXT-6', 'error', sp.start, sp.end, bad.startsWith('extension') ? bad : `ASN1 value error: ${bad}`);
    } else if (generic[1] === 'ASN1') nestedAsn1(rest, 'X509-EXT-6', ctx);
    return;
  }
  const info = extensions.get(name);
  if (!info) {
    const suggestion = nearest(name, extensionNames);
    const known = objectByShortName(name) ?? objectByName(name);
    const msg = known
      ? objectByShortName(name)
        ? tr`unknown extension: OpenSSL cannot build '${name}' from a config value.`
        : tr`unknown extension name: '${name}' is a long name; extension names are short names${known.short && extensions.has(known.short) ? ` ('${known.short}')` : ''}.`
      : tr`unknown extension name: '${name}'${suggestion ? tr` — did you mean '${suggestion}'?` : ''} (names are case-sensitive short names; a numeric OID needs DER: or ASN1:).`;
    const fixName = suggestion ?? (known && extensions.has(known.short) ? known.short : undefined);
    sink.add('X509-EXT-1', 'error', keySpan.start, keySpan.end, msg, fixName ? [replaceFix(tr`Change to '${fixName}'`, keySpan, fixName)] : undefined);
    return;
  }
  if (info.syntax === 'unsupported') {
    sink.add('X509-EXT-5', 'error', keySpan.start, keySpan.end, tr`extension setting not supported: OpenSSL cannot build ${name} from a config value.`);
    return;
  }
  let items: Item[] | undefined;
  if (info.list) {
    if (value.startsWith('@')) {
      const target = value.slice(1);
      const s = ctx.model.config.sections.get(target);
      // A broken header of that name (CNF-002) is the cause: OpenSSL never gets this far.
      if (!s && brokenHeaderNames(ctx.model.config).has(target)) return;
      if (!s || s.entries.length === 0) {
        const sp = valueSpan(e, base, e.value.length);
        const fixes: Fix[] = [];
        // A near miss of an existing section is the likely typo (CNF-080 then stays quiet about that section).
        const sg = s ? undefined : nearest(target, [...ctx.model.config.sections.keys()]);
        if (sg && valueIsVerbatim(e)) fixes.push(replaceFix(tr`Change to '@${sg}'`, sp, `@${sg}`));
        if (!s && /^[A-Za-z0-9_.-]+$/.test(target)) {
          const text = textEnd(ctx.model.config);
          const nl = text.length && !text.newline ? '\n' : '';
          const body = info.syntax === 'generalNames' ? 'DNS.1 = example.com\nIP.1 = 127.0.0.1\n' : '';
          fixes.push({ title: tr`Create section [ ${target} ]`, edits: [{ start: text.length, end: text.length, newText: `${nl}\n[ ${target} ]\n${body}` }], isPreferred: !sg });
        }
        sink.add('X509-EXT-4', 'error', sp.start, sp.end, tr`invalid extension string: name=${name},section=@${target} — ${s ? tr`section [${target}] is empty` : tr`there is no section [${target}]`}.${sg ? tr` Did you mean [${sg}]?` : ''}`, fixes);
        return;
      }
      // An entry whose value could not be expanded is the load's problem (reported there): OpenSSL never gets here with it.
      items = s.entries.filter((x) => !x.failed).map((x) => ({ name: x.key, value: x.value, entry: x, base: 0 }));
    } else {
      const r = parseList(value);
      if ('error' in r) {
        const sp = valueSpan(e, base + r.error.from, base + r.error.to);
        sink.add('X509-EXT-3', 'error', sp.start, sp.end, tr`${name}: ${r.error.message}`);
        return;
      }
      items = r.items.map((l) => ({ name: l.name, ...(l.value !== undefined ? { value: l.value } : {}), entry: e, list: l, base }));
    }
  }
  const err = (it: Item, part: 'name' | 'value' | 'all', code: string, message: string, fixes?: Fix[]): void => {
    const sp = itemSpan(it, part);
    sink.add(code, 'error', sp.start, sp.end, message, it.entry.local && (!it.list || valueIsVerbatim(it.entry)) ? fixes : undefined);
  };
  const criticalInList = (it: Item): boolean => {
    if (/^critical$/i.test(it.name) && it.value === undefined) {
      err(it, 'name', 'X509-EXT-2', tr`'critical' is only recognised at the very start of the value, written 'critical,'. Here OpenSSL reads it as a ${name} entry and fails.`);
      return true;
    }
    return false;
  };
  switch (info.syntax) {
    case 'keyUsage':
    case 'nsCertType': {
      const names = info.syntax === 'keyUsage' ? keyUsageNames : nsNames;
      for (const it of items!) {
        if (names.includes(it.name)) continue;
        if (criticalInList(it)) return;
        const s = nearest(it.name, names);
        err(it, 'name', info.syntax === 'keyUsage' ? 'X509-KU-1' : 'X509-NS-1', tr`unknown bit string argument: '${it.name}' is not a ${name} value${s ? tr` — did you mean '${s}'?` : ''} (names are case-sensitive).`, s ? [replaceFix(tr`Change to '${s}'`, itemSpan(it, 'name'), s)] : undefined);
        return;
      }
      return;
    }
    case 'extendedKeyUsage': {
      for (const it of items!) {
        const v = it.value ?? it.name;
        if (isObjectText(v, ctx.model.customObjects)) {
          const slip = objectByName(v) ? undefined : misreadOid(v);
          if (slip) {
            const sp = itemSpan(it, it.value !== undefined ? 'value' : 'name');
            sink.add('OID-002', 'warning', sp.start, sp.end, misreadMessage(v, slip));
          }
          continue;
        }
        if (criticalInList(it)) return;
        const s = nearest(v, ekuNames) ?? nearest(v, extendedKeyUsages.map((x) => x.long));
        err(it, it.value !== undefined ? 'value' : 'name', 'X509-EKU-1', tr`invalid object identifier: '${v}' is not a usage name or OID OpenSSL knows${s ? tr` — did you mean '${s}'?` : ''} (names are case-sensitive).`, s ? [replaceFix(tr`Change to '${s}'`, itemSpan(it, it.value !== undefined ? 'value' : 'name'), s)] : undefined);
        return;
      }
      return;
    }
    case 'generalNames':
    case 'issuerAltName': {
      for (const it of items!) {
        if (v3NameIs(it.name, 'email') && (it.value === 'copy' || it.value === 'move')) continue;
        if (info.syntax === 'issuerAltName' && v3NameIs(it.name, 'issuer') && it.value === 'copy') {
          if (ctx.use === 'request') {
            err(it, 'all', 'X509-SAN-12', tr`no issuer details: issuer:copy needs an issuer certificate, and a certificate request has none.`);
            return;
          }
          continue;
        }
        if (criticalInList(it)) return;
        if (!checkGeneralName(it, ctx, false, err)) return;
      }
      return;
    }
    case 'basicConstraints': {
      let ca: boolean | undefined;
      let pathlen: Item | undefined;
      for (const it of items!) {
        if (it.name === 'CA') {
          if (!isAsn1Bool(it.value)) {
            const s = it.value ? nearest(it.value, ['TRUE', 'FALSE']) : undefined;
            const fix = s ?? (it.value && /^(1|on)$/i.test(it.value) ? 'TRUE' : it.value && /^(0|off)$/i.test(it.value) ? 'FALSE' : undefined);
            err(it, it.value === undefined ? 'name' : 'value', 'X509-BC-2', tr`invalid boolean string: CA takes TRUE/true/YES/yes/Y/y or FALSE/false/NO/no/N/n, not '${it.value ?? ''}'.`, fix && it.value !== undefined ? [replaceFix(tr`Change to '${fix.toUpperCase()}'`, itemSpan(it, 'value'), fix.toUpperCase())] : undefined);
            return;
          }
          ca = boolValue(it.value!);
        } else if (it.name === 'pathlen') {
          if (!isAsn1Integer(it.value)) {
            err(it, it.value === undefined ? 'name' : 'value', 'X509-BC-3', tr`pathlen must be an integer, not '${it.value ?? ''}'.`);
            return;
          }
          pathlen = it;
        } else {
          if (criticalInList(it)) return;
          const s = nearest(it.name, ['CA', 'pathlen']);
          err(it, 'name', 'X509-BC-1', tr`invalid name: basicConstraints knows only 'CA' and 'pathlen' (case-sensitive), not '${it.name}'.`, s ? [replaceFix(tr`Change to '${s}'`, itemSpan(it, 'name'), s)] : undefined);
          return;
        }
      }
      if (pathlen && ca !== true) {
        const sp = itemSpan(pathlen, 'all');
        sink.add('X509-BC-5', 'warning', sp.start, sp.end, tr`pathlen without CA:TRUE: a path length constraint only means something on a CA certificate (RFC 5280 4.2.1.9).`);
      } else if (pathlen && pathlen.value!.startsWith('-')) {
        const sp = itemSpan(pathlen, 'value');
        sink.add('X509-BC-4', 'warning', sp.start, sp.end, tr`Negative pathlen: OpenSSL encodes it, but RFC 5280 requires a non-negative number.`);
      }
      return;
    }
    case 'authorityKeyIdentifier': {
      let none = false;
      for (const it of items!) {
        if (it.name === 'none') none = true;
        else if (it.name !== 'keyid' && it.name !== 'issuer') {
          const s = nearest(it.name, ['keyid', 'issuer', 'none']);
          err(it, 'name', 'X509-AKI-3', tr`unknown option: '${it.name}' (use keyid, issuer, optionally with :always).`, s ? [replaceFix(tr`Change to '${s}'`, itemSpan(it, 'name'), s)] : undefined);
          return;
        }
      }
      if (ctx.selfSigned && items!.some((i) => i.name === 'keyid' && i.value === 'always')) {
        const ski = e.section ? ctx.model.config.sections.get(e.section)?.byKey.get('subjectKeyIdentifier') : undefined;
        const skiBytes = ski ? ski.value.replace(/:/g, '').length / 2 : 0;
        // Verified on 3.0.19: 'none' or an explicit id shorter than 3 bytes before keyid:always fails; 'hash' and longer ids work.
        if (ski && ski.seq < e.seq && ski.value !== 'hash' && (ski.value === 'none' || skiBytes < 3)) {
          sink.add('X509-AKI-4', 'error', ski.node.key.start, ski.node.value.end, tr`unable to get issuer keyid: in a self-signed certificate (req -x509) authorityKeyIdentifier = keyid:always (below) takes the key id from this subjectKeyIdentifier, which is '${ski.value}' (OpenSSL 3.0 cannot use 'none' or an id shorter than 3 bytes there). Use subjectKeyIdentifier = hash, or plain keyid.`);
          return;
        }
      }
      if (ctx.use === 'request' && !none) {
        sink.add('X509-AKI-1', 'error', keySpan.start, e.node.value.end, tr`no issuer certificate: authorityKeyIdentifier cannot be built in a certificate request (there is no issuer yet). Move it to the section used when the certificate is signed (x509_extensions / -extfile).`);
      }
      return;
    }
    case 'subjectKeyIdentifier': {
      if (value === 'hash' || value === 'none' || isHexString(value)) return;
      const sp = valueSpan(e, base, e.value.length);
      sink.add('X509-SKI-1', 'error', sp.start, sp.end, tr`subjectKeyIdentifier takes 'hash', 'none' or hex bytes, not '${value}'.`, /^hash/i.test(value) ? [replaceFix(tr`Change to 'hash'`, sp, 'hash')] : undefined);
      return;
    }
    case 'integer': {
      if (isAsn1Integer(value)) return;
      const sp = valueSpan(e, base, e.value.length);
      sink.add('X509-INT-1', 'error', sp.start, sp.end, tr`${name} takes an integer (decimal or 0x hex), not '${value}'.`);
      return;
    }
    case 'crlDistributionPoints': {
      for (const it of items!) {
        if (it.value === undefined) {
          const s = ctx.model.config.sections.get(it.name);
          if (!s) {
            err(it, 'name', 'X509-EXT-4', tr`section not found: '${it.name}' is neither a general name (URI:...) nor a section.`);
            return;
          }
          if (!checkDistributionPoint(s, ctx, err)) return;
          continue;
        }
        if (!checkGeneralName(it, ctx, false, err)) return;
      }
      return;
    }
    case 'accessDescriptions': {
      for (const it of items!) {
        const semi = it.name.indexOf(';');
        if (semi < 0) {
          err(it, 'all', 'X509-AIA-1', tr`invalid syntax: access descriptions are method;TYPE:value, e.g. OCSP;URI:http://ocsp.example.com/ or caIssuers;URI:http://ca.example.com/ca.crt.`);
          return;
        }
        const method = it.name.slice(0, semi);
        if (!isObjectText(method, ctx.model.customObjects)) {
          err(it, 'name', 'X509-AIA-1', tr`bad object: '${method}' is not an access method OpenSSL knows (OCSP, caIssuers, or a dotted OID).`);
          return;
        }
        const sub: Item = { ...it, name: it.name.slice(semi + 1) };
        if (!checkGeneralName(sub, ctx, false, err)) return;
      }
      return;
    }
    case 'nameConstraints': {
      for (const it of items!) {
        let rest: string | undefined;
        if (it.name.startsWith('permitted') && it.name.length > 9) rest = it.name.slice(10);
        else if (it.name.startsWith('excluded') && it.name.length > 8) rest = it.name.slice(9);
        if (rest === undefined) {
          err(it, 'name', 'X509-NC-1', tr`invalid syntax: nameConstraints entries start with 'permitted;' or 'excluded;' (e.g. permitted;DNS:.example.com), not '${it.name}'.`);
          return;
        }
        const sub: Item = { ...it, name: rest };
        if (!checkGeneralName(sub, ctx, true, err)) return;
      }
      return;
    }
    case 'policyConstraints': {
      for (const it of items!) {
        if (it.name !== 'requireExplicitPolicy' && it.name !== 'inhibitPolicyMapping') {
          const s = nearest(it.name, ['requireExplicitPolicy', 'inhibitPolicyMapping']);
          err(it, 'name', 'X509-PC-1', tr`invalid name: policyConstraints knows requireExplicitPolicy and inhibitPolicyMapping, not '${it.name}'.`, s ? [replaceFix(tr`Change to '${s}'`, itemSpan(it, 'name'), s)] : undefined);
          return;
        }
        if (!isAsn1Integer(it.value)) {
          err(it, 'value', 'X509-PC-1', tr`${it.name} takes an integer.`);
          return;
        }
      }
      return;
    }
    case 'policyMappings': {
      for (const it of items!) {
        if (it.value === undefined || !isObjectText(it.name, ctx.model.customObjects) || !isObjectText(it.value, ctx.model.customObjects)) {
          err(it, 'all', 'X509-PM-1', tr`invalid object identifier: policyMappings entries are issuerPolicyOID:subjectPolicyOID.`);
          return;
        }
      }
      return;
    }
    case 'tlsfeature': {
      for (const it of items!) {
        const v = it.value ?? it.name;
        if (/^status_request(_v2)?$/i.test(v)) continue;
        if (/^\d+$/.test(v) && Number(v) <= 65535) continue;
        err(it, it.value !== undefined ? 'value' : 'name', 'X509-TLSF-1', tr`invalid syntax: tlsfeature takes status_request, status_request_v2 or a number, not '${v}'.`);
        return;
      }
      return;
    }
    case 'proxyCertInfo': {
      // v3_pci.c r2i_pci: a list (or @section entries) of language:OID (mandatory), pathlen:N,
      // policy:text:|hex:|file:...; other names are ignored. No policy with inheritAll / independent.
      let language: { it: Item; value: string } | undefined;
      let policy: Item | undefined;
      for (const it of items!) {
        if (it.value === undefined && !it.name.startsWith('@')) {
          err(it, 'name', 'X509-PCI-1', tr`invalid proxy policy setting: '${it.name}' needs name:value (language:OID, pathlen:N or policy:text:...).`);
          return;
        }
        const v = it.value ?? '';
        if (it.name === 'language') {
          if (language) return err(it, 'name', 'X509-PCI-1', tr`policy language already defined: proxyCertInfo takes one language.`);
          if (!isObjectText(v, ctx.model.customObjects)) return err(it, 'value', 'X509-PCI-1', tr`invalid object identifier: '${v}' is not an object OpenSSL knows (id-ppl-anyLanguage, id-ppl-inheritAll, id-ppl-independent or an OID).`);
          language = { it, value: v };
        } else if (it.name === 'pathlen') {
          if (!isAsn1Integer(v)) return err(it, 'value', 'X509-PCI-1', tr`policy path length: '${v}' is not an integer.`);
        } else if (it.name === 'policy') {
          if (!/^(text|hex|file):/.test(v)) return err(it, 'value', 'X509-PCI-1', tr`incorrect policy syntax tag: policy:${v} — the policy must start with text:, hex: or file: (for example policy:text:${v}).`, [replaceFix(tr`Change to 'text:${v}'`, itemSpan(it, 'value'), `text:${v}`)]);
          if (v.startsWith('hex:') && !isHexString(v.slice(4))) return err(it, 'value', 'X509-PCI-1', tr`policy:hex: takes hex bytes, not '${v.slice(4)}'.`);
          policy = it;
        }
      }
      if (!language) {
        const sp = valueSpan(e, base, e.value.length);
        sink.add('X509-PCI-1', 'error', sp.start, sp.end, tr`no proxy cert policy language defined: proxyCertInfo needs language:<OID> (e.g. language:id-ppl-anyLanguage).`);
        return;
      }
      const lang = objectByName(language.value) ?? undefined;
      if (policy && lang && (lang.short === 'id-ppl-inheritAll' || lang.short === 'id-ppl-independent')) {
        err(policy, 'all', 'X509-PCI-1', tr`policy when proxy language requires no policy: ${lang.short} takes no policy.`);
      }
      return;
    }
    case 'certificatePolicies': {
      const r = parseList(value);
      if ('error' in r) {
        const sp = valueSpan(e, base + r.error.from, base + r.error.to);
        sink.add('X509-EXT-3', 'error', sp.start, sp.end, tr`${name}: ${r.error.message}`);
        return;
      }
      for (const l of r.items) {
        const it: Item = { name: l.name, ...(l.value !== undefined ? { value: l.value } : {}), entry: e, list: l, base };
        if (l.value !== undefined) {
          err(it, 'all', 'X509-CP-1', tr`invalid policy identifier: '${l.name}:${l.value}' — policies are OIDs, 'ia5org' or @section.`);
          return;
        }
        if (l.name === 'ia5org') continue;
        if (l.name.startsWith('@')) {
          const s = ctx.model.config.sections.get(l.name.slice(1));
          if (!s) {
            err(it, 'name', 'X509-EXT-4', tr`invalid section: there is no section [${l.name.slice(1)}].`);
            return;
          }
          const pid = s.byKey.get('policyIdentifier');
          if (!pid || !isObjectText(pid.value, ctx.model.customObjects)) {
            err(it, 'name', 'X509-CP-1', tr`section [${l.name.slice(1)}] needs a valid policyIdentifier = OID.`);
            return;
          }
          continue;
        }
        if (!isObjectText(l.name, ctx.model.customObjects)) {
          err(it, 'name', 'X509-CP-1', tr`invalid object identifier: '${l.name}' is not a policy OID.`);
          return;
        }
        const slip = objectByName(l.name) ? undefined : misreadOid(l.name);
        if (slip) {
          const sp = itemSpan(it, 'name');
          sink.add('OID-002', 'warning', sp.start, sp.end, misreadMessage(l.name, slip));
        }
      }
      return;
    }
    default:
      return;
  }
}

type ErrFn = (it: Item, part: 'name' | 'value' | 'all', code: string, message: string, fixes?: Fix[]) => void;

/** CRL reason names set_reasons accepts (v3_crld.c reason_flags, short names, case-sensitive). */
const crlReasons = ['unused', 'keyCompromise', 'CACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'AACompromise'];

/**
 * A distribution point section (v3_crld.c crldp_from_section): fullname and
 * CRLissuer are general-name lists, relativename names a DN section, reasons a
 * list of reason names (once); other names are ignored. Returns false after an error.
 */
function checkDistributionPoint(s: ConfSection, ctx: Ctx, err: ErrFn): boolean {
  let reasons = false;
  for (const x of s.entries) {
    if (x.failed) continue;
    const whole: Item = { name: x.key, value: x.value, entry: x, base: 0 };
    if (x.key === 'fullname' || x.key === 'CRLissuer') {
      const r = parseList(x.value);
      if ('error' in r) {
        err(whole, 'value', 'X509-EXT-3', tr`${x.key}: ${r.error.message}`);
        return false;
      }
      for (const l of r.items) {
        const it: Item = { name: l.name, ...(l.value !== undefined ? { value: l.value } : {}), entry: x, list: l, base: 0 };
        if (!checkGeneralName(it, ctx, false, err)) return false;
      }
    } else if (x.key === 'relativename') {
      if (!ctx.model.config.sections.has(x.value)) {
        err(whole, 'value', 'X509-EXT-4', tr`relativename: there is no section [${x.value}] (it names a DN section).`);
        return false;
      }
    } else if (x.key === 'reasons') {
      if (reasons) {
        err(whole, 'name', 'X509-CRLDP-1', tr`reason already set: a distribution point takes one reasons list.`);
        return false;
      }
      reasons = true;
      const bad = x.value.split(',').map((r) => r.trim()).find((r) => !crlReasons.includes(r));
      if (bad !== undefined) {
        const sg = nearest(bad, crlReasons);
        err(whole, 'value', 'X509-CRLDP-1', tr`invalid reason: '${bad}' is not a CRL reason (${crlReasons.join(', ')}; case-sensitive)${sg ? tr` — did you mean '${sg}'?` : ''}.`);
        return false;
      }
    }
  }
  return true;
}

/** v2i_GENERAL_NAME_ex / a2i_GENERAL_NAME. Returns false after reporting an error. */
function checkGeneralName(it: Item, ctx: Ctx, nc: boolean, err: ErrFn): boolean {
  const type = generalNameTypes.find((t) => v3NameIs(it.name, t));
  if (it.value === undefined) {
    if (it.name.startsWith('@')) {
      err(it, 'name', 'X509-SAN-8', tr`missing value: '${it.name}' — the @section form must be the whole value (no other entries beside it).`);
    } else {
      err(it, 'name', 'X509-SAN-8', tr`missing value: '${it.name}' needs TYPE:value, e.g. DNS:${it.name}${type ? '' : tr` or IP:...`}.`, !type && /^[A-Za-z0-9.*-]+$/.test(it.name) && it.list ? [replaceFix(tr`Change to 'DNS:${it.name}'`, itemSpan(it, 'name'), `DNS:${it.name}`)] : undefined);
    }
    return false;
  }
  if (!type) {
    const head = it.name.split('.')[0]!;
    const s = nearest(head, [...generalNameTypes]) ?? (/^ip ?address$/i.test(head) ? 'IP' : /^(host|hostname)$/i.test(head) ? 'DNS' : undefined);
    const inSection = !it.list;
    const msg = inSection
      ? tr`unsupported option: '${it.name}' — keys in a names section are TYPE or TYPE.anything (DNS.1, IP.2) with TYPE one of ${generalNameTypes.join(', ')} (case-sensitive)${s ? tr`; did you mean '${s}${it.name.slice(head.length).replace(/^(\d)/, '.$1')}'?` : ''}.`
      : tr`unsupported option: '${it.name}' is not a name type (${generalNameTypes.join(', ')}; case-sensitive)${s ? tr` — did you mean '${s}'?` : ''}.`;
    const fixText = s ? `${s}${inSection ? it.name.slice(head.length).replace(/^(\d)/, '.$1') : ''}` : undefined;
    err(it, 'name', inSection ? 'X509-SAN-2' : 'X509-SAN-1', msg, fixText ? [replaceFix(tr`Change to '${fixText}'`, itemSpan(it, 'name'), fixText)] : undefined);
    return false;
  }
  const v = it.value;
  switch (type) {
    case 'IP': {
      if (nc) {
        if (isIpAddressNc(v)) return true;
        const fix = cidrToNetmask(v);
        err(it, 'value', 'X509-NC-2', tr`bad ip address: value=${v} — nameConstraints wants address/netmask${fix ? ` (${fix})` : ''}, not a CIDR prefix length.`, fix ? [replaceFix(tr`Change to '${fix}'`, itemSpan(it, 'value'), fix)] : undefined);
        return false;
      }
      if (ipAddressLength(v)) return true;
      const cidr = /^([^/]+)\/\d+$/.exec(v);
      const why = cidr && ipAddressLength(cidr[1]!)
        ? tr` — a subjectAltName IP holds one address, not a network (CIDR is only meaningful in nameConstraints, as address/netmask)`
        : /^[A-Za-z]/.test(v) && !v.includes(':')
          ? tr` — IP: takes a literal address; use DNS: for host names`
          : v.includes('%')
            ? tr` — zone ids (%eth0) are not allowed`
            : '';
      const fixes: Fix[] = [];
      if (cidr && ipAddressLength(cidr[1]!)) fixes.push(replaceFix(tr`Change to '${cidr[1]}'`, itemSpan(it, 'value'), cidr[1]!));
      else if (/^[A-Za-z][A-Za-z0-9.-]*$/.test(v) && it.list) fixes.push(replaceFix(tr`Change to 'DNS:${v}'`, itemSpan(it, 'all'), `DNS:${v}`));
      err(it, 'value', 'X509-SAN-3', tr`bad ip address: value=${v}${why}.`, fixes);
      return false;
    }
    case 'RID':
      if (isObjectText(v, ctx.model.customObjects)) return true;
      err(it, 'value', 'X509-SAN-11', tr`bad object: RID takes a dotted OID or an object name, not '${v}'.`);
      return false;
    case 'dirName': {
      const s = ctx.model.config.sections.get(v);
      if (!s) {
        const text = textEnd(ctx.model.config);
        const nl = text.length && !text.newline ? '\n' : '';
        const fixes = /^[A-Za-z0-9_.-]+$/.test(v) ? [{ title: tr`Create section [ ${v} ]`, edits: [{ start: text.length, end: text.length, newText: `${nl}\n[ ${v} ]\nCN = example\n` }] }] : undefined;
        err(it, 'value', 'X509-SAN-10', tr`section not found: dirName:${v} names no section (dirname error).`, fixes);
        return false;
      }
      const bad = checkDnSection(s, ctx);
      if (bad) {
        err(it, 'value', 'X509-SAN-10', tr`dirname error: section [${v}]: ${bad}`);
        return false;
      }
      return true;
    }
    case 'otherName': {
      const semi = v.indexOf(';');
      if (semi < 0) {
        err(it, 'value', 'X509-SAN-9', tr`otherName error: the form is OID;TYPE:value (e.g. 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com), and '${v}' has no ';'.`);
        return false;
      }
      const bad = checkAsn1Generate(v.slice(semi + 1), (x) => isObjectText(x, ctx.model.customObjects), (x) => ctx.model.config.sections.has(x));
      if (bad) {
        err(it, 'value', 'X509-SAN-9', tr`otherName error: ${bad}`);
        return false;
      }
      nestedAsn1(v.slice(semi + 1), 'X509-SAN-9', ctx);
      const oid = v.slice(0, semi);
      if (!isObjectText(oid, ctx.model.customObjects)) {
        err(it, 'value', 'X509-SAN-9', tr`otherName error: '${oid}' is not an OID or object name.`);
        return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/** A value OpenSSL cannot encode in a SEQUENCE / SET section, with the entry it is written in. */
interface NestedProblem {
  readonly entry: ConfEntry;
  readonly message: string;
}

/** What OpenSSL's encoder meets in a SEQUENCE / SET section and the sections it names in turn. */
interface Nested {
  /** The first value it cannot encode, a section naming one it is inside of included (OpenSSL gives up on the nesting). */
  readonly problem: NestedProblem | null;
  /** How many SEQUENCE / SET sections nest from this one down, itself included; a loop counts once. */
  readonly height: number;
}
const nestedMemo = new WeakMap<CnfModel, Map<string, Nested>>();

/**
 * Walks the sections `name` names, as ASN1_generate_nconf reads each value as more ASN.1 text:
 * each section once per model, without recursion, so a chain of thousands costs no stack.
 */
function nested(model: CnfModel, name: string): Nested {
  let memo = nestedMemo.get(model);
  if (!memo) nestedMemo.set(model, (memo = new Map()));
  const sections = model.config.sections;
  const isObject = (x: string): boolean => isObjectText(x, model.customObjects);
  const frames: { name: string; entries: readonly ConfEntry[]; i: number; checked: number; problem: NestedProblem | null; height: number }[] = [];
  const open = new Set<string>();
  const enter = (n: string): void => {
    frames.push({ name: n, entries: sections.get(n)?.entries ?? [], i: 0, checked: 0, problem: null, height: 0 });
    open.add(n);
  };
  if (!memo.has(name)) enter(name);
  while (frames.length) {
    const f = frames[frames.length - 1]!;
    let descended = false;
    for (; f.i < f.entries.length; f.i++) {
      const e = f.entries[f.i]!;
      if (e.failed) continue;
      if (f.checked <= f.i) {
        f.checked = f.i + 1;
        const bad = f.problem ? null : checkAsn1Generate(e.value, isObject, (x) => sections.has(x));
        if (bad) f.problem = { entry: e, message: bad };
      }
      const sub = asn1SectionOf(e.value);
      if (!sub) continue;
      if (open.has(sub.name)) {
        f.problem ??= { entry: e, message: tr`${sub.kind}:${sub.name} leads back to [${sub.name}], which holds it: OpenSSL stops at the nesting.` };
        continue;
      }
      const below = memo.get(sub.name);
      if (!below) {
        enter(sub.name);
        descended = true;
        break;
      }
      f.height = Math.max(f.height, below.height);
      f.problem ??= below.problem;
    }
    if (descended) continue;
    memo.set(f.name, { problem: f.problem, height: 1 + f.height });
    open.delete(f.name);
    frames.pop();
  }
  return memo.get(name)!;
}

/** ASN1_GEN_SEQ_MAX_DEPTH: a SEQUENCE / SET written in the 50th nested section fails ("illegal nested tagging"), even one naming an empty section. */
const maxAsn1Nesting = 50;

/** The entry that names a section nested deeper than OpenSSL allows, below the SEQUENCE / SET section `name`. */
function tooDeep(model: CnfModel, name: string): NestedProblem | null {
  if (nested(model, name).height <= maxAsn1Nesting) return null;
  // Follow the deepest chain down to the entry of the 50th section that names the 51st.
  let at = name;
  for (let level = 1; ; level++) {
    const entries = model.config.sections.get(at)?.entries ?? [];
    const next = entries.find((e) => {
      const sub = e.failed ? undefined : asn1SectionOf(e.value);
      return sub !== undefined && sub.name !== at && nested(model, sub.name).height === nested(model, at).height - 1;
    });
    if (!next) return null;
    const sub = asn1SectionOf(next.value)!;
    if (level === maxAsn1Nesting) return { entry: next, message: tr`illegal nested tagging: ${sub.kind}:${sub.name} nests one section deeper than the ${maxAsn1Nesting} that OpenSSL allows under [${name}].` };
    at = sub.name;
  }
}

/** Where nested problems were reported, per findings list: one finding per cause, the error kept over the warning. */
const nestedReported = new WeakMap<Finding[], Map<string, number>>();

/** Reports, on its own line, a value OpenSSL cannot encode in the sections an ASN.1 value's SEQUENCE / SET names. */
function nestedAsn1(text: string, code: 'X509-EXT-6' | 'X509-SAN-9', ctx: Ctx): void {
  const top = asn1SectionOf(text);
  if (!top) return;
  const problem = nested(ctx.model, top.name).problem ?? tooDeep(ctx.model, top.name);
  if (!problem || !problem.entry.local) return;
  const e = problem.entry;
  const findings = ctx.sink.findings;
  let seen = nestedReported.get(findings);
  if (!seen) nestedReported.set(findings, (seen = new Map()));
  const key = `${code}:${e.node.value.start}`;
  const before = seen.get(key);
  if (before !== undefined && findings[before]?.severity === 'error') return;
  const message = code === 'X509-EXT-6' ? tr`ASN1 value error: in [${e.section}], ${e.key}: ${problem.message}` : tr`otherName error: in [${e.section}], ${e.key}: ${problem.message}`;
  ctx.sink.add(code, 'error', e.node.value.start, e.node.value.end, message);
  const added = findings.length - 1;
  if (before === undefined) seen.set(key, added);
  else if (findings[added]!.severity === 'error') {
    // The earlier one was the warning of a section nothing names: this use makes it an error.
    findings[before] = findings[added]!;
    findings.pop();
  } else findings.pop();
}

/**
 * The attribute a DN entry names: OpenSSL skips everything up to the first
 * ':', ',' or '.' (so `1.OU` and `x,CN` repeat fields) and a leading '+'
 * (multi-valued RDN).
 */
export function dnFieldType(key: string): string {
  let type = key;
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === ':' || c === ',' || c === '.') {
      if (i + 1 < key.length) type = key.slice(i + 1);
      break;
    }
  }
  return type.startsWith('+') ? type.slice(1) : type;
}

/** X509V3_NAME_from_section: field names known, values within OpenSSL's length limits. */
export function checkDnSection(s: ConfSection, ctx: { readonly model: CnfModel }): string | undefined {
  for (const e of s.entries) {
    const type = dnFieldType(e.key);
    const obj = objectByName(type);
    if (!obj && !ctx.model.customObjects.has(type) && !/^[0-2](\.[0-9]+)+$/.test(type)) return `invalid field name '${type}'.`;
    const lim = obj ? dnFieldLimits.get(obj.long) ?? dnFieldLimits.get(obj.short) : undefined;
    if (lim) {
      const n = e.value.length;
      if (n < lim[0]) return tr`${type} is too short (at least ${lim[0]} character${lim[0] > 1 ? 's' : ''}).`;
      if (lim[1] > 0 && n > lim[1]) return tr`${type} is too long (at most ${lim[1]} characters).`;
    }
  }
  return undefined;
}

/** X509-KU-3: basicConstraints CA:TRUE with a keyUsage lacking keyCertSign. */
function caWithoutKeyCertSign(section: ConfSection, ctx: Ctx): void {
  const bc = section.byKey.get('basicConstraints');
  const ku = section.byKey.get('keyUsage');
  if (!bc || !ku || !ku.local || bc.failed || ku.failed) return;
  const r = parseList(stripCritical(bc.value).rest);
  if ('error' in r) return;
  const isCa = r.items.some((i) => i.name === 'CA' && i.value !== undefined && isAsn1Bool(i.value) && boolValue(i.value));
  if (!isCa) return;
  const kuv = stripCritical(ku.value).rest;
  if (kuv.startsWith('@')) return;
  const kr = parseList(kuv);
  if ('error' in kr) return;
  if (kr.items.some((i) => i.name === 'keyCertSign' || i.name === 'Certificate Sign')) return;
  if (!kr.items.every((i) => keyUsageNames.includes(i.name))) return;
  const fixes: Fix[] = [{ title: "Add 'keyCertSign'", edits: [{ start: ku.node.value.end, end: ku.node.value.end, newText: ', keyCertSign' }], isPreferred: true }];
  ctx.sink.add('X509-KU-3', 'warning', ku.node.value.start, ku.node.value.end, tr`CA:TRUE but keyUsage has no keyCertSign: certificates signed by this CA fail verification (Go: "parent certificate cannot sign this kind of certificate"; openssl verify: "invalid CA certificate").`, fixes);
}
