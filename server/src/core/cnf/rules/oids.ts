/**
 * Object identifiers a file defines or writes as text.
 *
 * OID-001 (error): `oid_section` as openssl req / ca load it (apps/lib/apps.c
 * add_oid_section → OBJ_create(value, name, name)); any failure stops every
 * such command before it reads anything else:
 * - the section it names does not exist ("problem loading oid section");
 * - a value that is not OID text (a2d_ASN1_OBJECT's own error);
 * - a name that is already a short or long name OpenSSL 3 knows, or an OID it
 *   already knows, or one an earlier entry of the section created ("oid exists").
 *   The commonest way files written for OpenSSL 1.1 break on OpenSSL 3: names
 *   such as scardLogin or pkkdcekuoid became built-in objects. OpenSSL 3's own
 *   object table (objects.ts, from `openssl list -objects`) is the reference.
 *
 * Only openssl req, ca and ts read oid_section: a file used only otherwise (as OPENSSL_CONF, whose
 * library init never reads it, or by x509 -extfile) works, so there the cause is a warning that
 * those commands would fail on the file (run without -config, they read OPENSSL_CONF's file).
 *
 * OID-002 (warning): OID text OpenSSL accepts but encodes otherwise than it
 * reads (vocabulary.ts misreadOid: an empty arc becomes 0, a space separates
 * arcs), in oid_section values; extension values report it where they read OIDs.
 */

import { getString } from '../expand';
import type { CnfModel, CommandLineUse } from '../model';
import { misreadOid, objectByLongName, objectByOid, objectByShortName, readOid } from '../vocabulary';
import type { FindingSink } from './util';
import { tr } from '../../l10n';

export function oidRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  const config = model.config;
  const ref = getString(config, 'default', 'oid_section');
  if (!ref || ref.failed) return;
  const read = readsOidSection(commandLine);
  const s = config.sections.get(ref.value);
  if (!s) {
    if (ref.local) {
      if (read) sink.add('OID-001', 'error', ref.node.value.start, ref.node.value.end, tr`problem loading oid section ${ref.value}: there is no section [${ref.value}], so openssl req and ca stop here.`);
      else sink.add('OID-001', 'warning', ref.node.value.start, ref.node.value.end, tr`problem loading oid section ${ref.value}: there is no section [${ref.value}]. ${unreadNote()}`);
    }
    return;
  }
  const created = new Map<string, string>();
  for (const e of s.entries) {
    if (e.failed) continue;
    const r = readOid(e.value);
    const fail = (start: number, end: number, why: string): void => {
      if (!e.local) return;
      if (read) sink.add('OID-001', 'error', start, end, tr`problem creating object ${e.key}=${e.value}: ${why} Every openssl req and ca command with this file fails.`);
      else sink.add('OID-001', 'warning', start, end, tr`problem creating object ${e.key}=${e.value}: ${why} ${unreadNote()}`);
    };
    if (!('arcs' in r)) {
      fail(e.node.value.start, e.node.value.end, tr`a2d_ASN1_OBJECT: ${r.error} ('${e.value}' is not a dotted OID).`);
      continue;
    }
    const oid = r.arcs.join('.');
    const byName = objectByShortName(e.key) ?? objectByLongName(e.key);
    if (byName) {
      fail(e.node.key.start, e.node.key.end, tr`OBJ_create: oid exists — OpenSSL 3 already knows '${e.key}' (${byName.short}${byName.long !== byName.short ? ` / ${byName.long}` : ''}${byName.oid ? `, ${byName.oid}` : ''}). Delete this line${byName.oid === oid ? '' : tr`, or pick a name OpenSSL does not have`}.`);
      continue;
    }
    const byOid = objectByOid(oid);
    if (byOid) {
      fail(e.node.value.start, e.node.value.end, tr`OBJ_create: oid exists — ${oid} is OpenSSL 3's built-in ${byOid.short} (${byOid.long}). Delete this line and write ${byOid.short} where ${e.key} is used.`);
      continue;
    }
    const earlier = created.get(oid);
    if (earlier !== undefined) {
      fail(e.node.value.start, e.node.value.end, tr`OBJ_create: oid exists — ${earlier} in this section already created ${oid}.`);
      continue;
    }
    created.set(oid, e.key);
    const slip = misreadOid(e.value);
    if (slip && e.local) sink.add('OID-002', 'warning', e.node.value.start, e.node.value.end, misreadMessage(e.value, slip));
  }
}

/**
 * Whether the uses read oid_section: openssl req, ca and ts do (apps add_oid_section); loading the file as
 * OPENSSL_CONF (library init) and x509 -extfile do not. Unknown uses: taken as read.
 */
function readsOidSection(commandLine: CommandLineUse): boolean {
  if (commandLine.commands) return commandLine.commands.some((c) => c === 'req' || c === 'ca' || c === 'ts');
  return commandLine.loadedAs !== 'opensslConf';
}

const unreadNote = (): string =>
  tr`The way this file is used does not read oid_section (loading it as OPENSSL_CONF does not, nor does x509 -extfile), but openssl req, ca and ts fail on it, also when run without -config while OPENSSL_CONF names this file.`;

/** The OID-002 text: what OpenSSL encodes, and the known OID one slip away. */
export function misreadMessage(text: string, slip: NonNullable<ReturnType<typeof misreadOid>>): string {
  return tr`OpenSSL reads '${text}' as ${slip.encoded} (an empty arc counts as 0, a space separates arcs).${slip.meant ? tr` Did you mean ${slip.meantOid} (${slip.meant.short})?` : ''}`;
}
