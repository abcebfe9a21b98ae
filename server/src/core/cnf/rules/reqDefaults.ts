/**
 * Defaults `openssl req` (and `openssl ca`) take from the file when the command
 * line does not say otherwise:
 * - REQ-008 (warning): a prompt-mode distinguished_name section whose values
 *   read as a subject rather than as prompt texts (`commonName = localhost`, no
 *   spaces or `(e.g. ...)`) but that has no `_default` / `prompt = no` to make
 *   them one: with `-batch` the subject has no CN, or `-batch` fails outright
 *   ("Error: No objects specified in config file"). A template of prompt texts
 *   (the stock `commonName = Common Name (e.g. server FQDN or YOUR name)`) is
 *   meant for answering at the prompts or for `-subj`: nothing to say.
 * - REQ-014 (warning): `default_bits` below 512 (OpenSSL reads the leading digits,
 *   so a non-numeric value counts as 0): generating the RSA key fails with
 *   "Error setting keysize" / `rsa_gen_set_params:key size too small` — but only
 *   when openssl req generates the key from this size (`-key`, `-newkey rsa:N`
 *   and other key types do not read it), so not an error.
 * - REQ-015 (warning): `encrypt_key` / `encrypt_rsa_key` set to anything but
 *   `no`: the new key is written PEM-encrypted unless `-nodes` is given (a file
 *   about TiDB DM or CockroachDB also hears that their Go code cannot load it).
 * - REQ-016 (warning): `default_md = sha1` / `md5`: current verifiers reject
 *   SHA-1 and MD5 signatures (with the Go wording, "x509: cannot verify
 *   signature: insecure algorithm", only in a file about TiDB DM or CockroachDB).
 *
 * All verified on OpenSSL 3.0.19 (see the tests for the exact cases).
 */

import type { Fix } from '../../types';
import { getString, type ConfEntry, type ConfSection, type LoadedConfig } from '../expand';
import { lineBreakAfter, mentions, textEnd } from './tracking';
import type { CnfModel, CommandLineUse } from '../model';
import { dnFieldLimits, objectByName, reqKeys } from '../vocabulary';
import { dnFieldType } from './extensions';
import { hasMisspelt, nconfNumber, type FindingSink } from './util';
import { tr } from '../../l10n';

/** req.c MIN_KEY_LENGTH. */
const minKeyBits = 512;

/** Digests Go refuses in certificate signatures (names OpenSSL 3 accepts for them, any case). */
const weakDigests = new Map<string, 'SHA-1' | 'MD5'>([
  ['sha1', 'SHA-1'],
  ['sha-1', 'SHA-1'],
  ['ssl3-sha1', 'SHA-1'],
  ['md5', 'MD5'],
  ['ssl3-md5', 'MD5'],
]);

export function reqDefaultsRules(model: CnfModel, sink: FindingSink, commandLine: CommandLineUse = {}): void {
  const config = model.config;
  /** NCONF_get_string: the section, then the default section. */
  const get = (s: string, k: string): ConfEntry | undefined => getString(config, s, k);
  const reported = new Set<string>();
  /** Reports each entry once (a default-section key is shared by every req section). */
  const once = (code: string, e: ConfEntry): boolean => {
    const id = `${code}:${e.file}:${e.node.start}`;
    if (reported.has(id)) return false;
    reported.add(id);
    return true;
  };
  const valueRange = (e: ConfEntry): { start: number; end: number } =>
    e.node.value.end > e.node.value.start ? { start: e.node.value.start, end: e.node.value.end } : { start: e.node.key.start, end: e.node.eq + 1 };
  const replaceValue = (e: ConfEntry, title: string, newText: string, isPreferred: boolean): Fix[] => [
    { title, edits: [{ start: e.node.value.start, end: e.node.value.end, newText }], isPreferred },
  ];

  // The Go-side consequences are worth saying only in a file about the Go programs Certwright sets up.
  let go: boolean | undefined;
  const goFile = (): boolean => (go ??= mentions(config, /cockroach|tidb|\bdm-(master|worker)\b/i));
  for (const r of model.reqSections) {
    // REQ-014: default_bits.
    const bits = get(r, 'default_bits');
    if (bits && bits.local && !bits.failed && once('REQ-014', bits)) {
      // Above LONG_MAX the lookup fails and openssl req falls back to 2048 bits.
      const n = nconfNumber(bits.value);
      if (n !== undefined && n < minKeyBits) {
        const read = /^[0-9]+$/.test(bits.value) ? '' : tr` (OpenSSL reads only the leading digits: ${bits.value === '' ? tr`an empty value` : `'${bits.value}'`} counts as ${n})`;
        const { start, end } = valueRange(bits);
        sink.add(
          'REQ-014',
          'warning',
          start,
          end,
          tr`Error setting keysize: default_bits is ${n}${read}, below the ${minKeyBits} bits OpenSSL needs for an RSA or DSA key (rsa_gen_set_params:key size too small). openssl req fails whenever it generates an RSA or DSA key of this default size (-new without -key, -newkey rsa without :bits); -key and -newkey rsa:2048 do not read it. Use 2048 or more.`,
          replaceValue(bits, tr`Change to '2048'`, '2048', true),
        );
      }
    }

    // REQ-015: encrypt_rsa_key (read first) / encrypt_key.
    const rsaKey = get(r, 'encrypt_rsa_key');
    const enc = rsaKey ?? get(r, 'encrypt_key');
    if (enc && enc.local && !enc.failed && enc.value.toLowerCase() !== 'no' && !requestsCa(model, r, get) && once('REQ-015', enc)) {
      const shadow = rsaKey && get(r, 'encrypt_key')?.value === 'no' ? tr` (encrypt_rsa_key is read first, so encrypt_key = no has no effect)` : '';
      const { start, end } = valueRange(enc);
      sink.add(
        'REQ-015',
        'warning',
        start,
        end,
        tr`${enc.key} = ${enc.value}${shadow}: openssl req writes the new private key PEM-encrypted (asking for a pass phrase) unless -nodes / -noenc is given; only the exact value 'no' turns that off.${goFile() ? tr` Go programs (TiDB DM, CockroachDB) cannot load an encrypted key: tls: failed to parse private key.` : ''}`,
        enc.node.value.end > enc.node.value.start ? replaceValue(enc, tr`Change to 'no' (write the key unencrypted)`, 'no', false) : undefined,
      );
    }
  }

  // REQ-016: weak default_md, for requests and for the certificates a CA signs.
  const mdSections: [string, 'req' | 'ca'][] = [...model.reqSections.map((s): [string, 'req'] => [s, 'req']), ...model.caSections.map((s): [string, 'ca'] => [s, 'ca'])];
  for (const [s, kind] of mdSections) {
    const md = get(s, 'default_md');
    if (!md || !md.local || md.failed) continue;
    const weak = weakDigests.get(md.value.toLowerCase());
    if (!weak || !once('REQ-016', md)) continue;
    const what = kind === 'ca' ? tr`the certificates openssl ca issues with this section are` : tr`requests (and req -x509 certificates) made with this section are`;
    const extra = weak === 'MD5' ? tr` MD5 is broken, and OpenSSL 3 cannot sign with it at all for EC keys.` : '';
    const { start, end } = valueRange(md);
    sink.add(
      'REQ-016',
      'warning',
      start,
      end,
      tr`default_md = ${md.value}: ${what} signed with ${weak}, ${goFile() ? tr`which Go (TiDB DM, CockroachDB) rejects — x509: cannot verify signature: insecure algorithm` : tr`which current TLS verifiers (browsers, Go, Java) reject`}.${extra} Use sha256.`,
      replaceValue(md, tr`Change to 'sha256'`, 'sha256', true),
    );
  }

  // REQ-008: prompt-mode DN section without a commonName default (not read when -subj gives the subject).
  const dnSeen = new Set<string>();
  for (const r of commandLine.reqSubj ? [] : model.reqSections) {
    // A misspelt prompt = no (REQ-017) is the cause; the prompt-mode reading is its consequence.
    if (get(r, 'prompt')?.value === 'no' || hasMisspelt(config.sections.get(r), 'prompt', reqKeys)) continue;
    const dn = get(r, 'distinguished_name');
    if (!dn || dn.failed || dnSeen.has(dn.value)) continue;
    dnSeen.add(dn.value);
    const s = config.sections.get(dn.value);
    if (s) batchSubject(s, dn, get, sink, promptNoFix(config.sections.get(r), config));
  }
}

/** Whether `openssl req` with section `r` makes a CA (its x509_extensions set CA:TRUE): an encrypted CA key is deliberate. */
function requestsCa(model: CnfModel, r: string, get: (s: string, k: string) => ConfEntry | undefined): boolean {
  for (const k of ['x509_extensions', 'req_extensions']) {
    const e = get(r, k);
    const bc = e && !e.failed ? model.config.sections.get(e.value)?.byKey.get('basicConstraints') : undefined;
    if (bc && /(^|[,\s])CA\s*:\s*(TRUE|true|Y|y|YES|yes)\s*(,|$)/.test(bc.value)) return true;
  }
  return false;
}

const promptSuffix = /_(min|max|default|value)$/;

/**
 * prompt_info with -batch: each field takes `<field>_value`, else `<field>_default`
 * (both looked up in the section, then the default section); a field with
 * neither (or an empty one) is left out; fields OpenSSL does not know are skipped.
 */
function batchSubject(s: ConfSection, dn: ConfEntry, get: (s: string, k: string) => ConfEntry | undefined, sink: FindingSink, promptNo: Fix[] | undefined): void {
  const subject: string[] = [];
  let fields = 0;
  let cnWithoutDefault: ConfEntry | undefined;
  let hasCn = false;
  let subjectLike = false;
  for (const e of s.entries) {
    if (promptSuffix.test(e.key)) continue;
    const obj = objectByName(dnFieldType(e.key));
    if (!obj || !dnFieldLimits.has(obj.long)) continue;
    fields++;
    if (!promptLike(e.value)) subjectLike = true;
    const value = nonEmpty(get(s.name, `${e.key}_value`)) ?? nonEmpty(get(s.name, `${e.key}_default`));
    const isCn = obj.short === 'CN';
    if (value !== undefined) {
      subject.push(`${obj.short}=${value}`);
      if (isCn) hasCn = true;
    } else if (isCn && !cnWithoutDefault) {
      cnWithoutDefault = e;
    }
  }
  // A template of prompt texts is answered at the prompts or replaced by -subj.
  if (fields === 0 || hasCn || !subjectLike) return;
  if (subject.length === 0) {
    const at = cnWithoutDefault?.local ? cnWithoutDefault.node.key : dn.local ? dn.node.value : undefined;
    if (!at) return;
    sink.add(
      'REQ-008',
      'warning',
      at.start,
      at.end,
      tr`No field in [${s.name}] has a _default: without prompt = no its values are prompt texts, so openssl req -batch asks nothing and fails — Error: No objects specified in config file. If the values are the subject, set prompt = no; otherwise add defaults such as ${cnWithoutDefault?.key ?? 'commonName'}_default = <name>, or pass -subj.`,
      promptNo,
    );
    return;
  }
  if (cnWithoutDefault?.local && !promptLike(cnWithoutDefault.value)) {
    const k = cnWithoutDefault.key;
    sink.add(
      'REQ-008',
      'warning',
      cnWithoutDefault.node.key.start,
      cnWithoutDefault.node.key.end,
      tr`With -batch, openssl req takes only the _default values, and ${k} has no ${k}_default: the subject becomes ${subject.join(', ')} — without a CN. Add ${k}_default = <name>, or pass -subj "/CN=<name>".`,
    );
  }
}

/** A value that reads as a question for the user (spaces, a trailing '(e.g. ...)' or ':'), not as a subject value. */
function promptLike(v: string): boolean {
  return /\s/.test(v.trim()) || /[:?)]$/.test(v.trim());
}

function nonEmpty(e: ConfEntry | undefined): string | undefined {
  return e && !e.failed && e.value !== '' ? e.value : undefined;
}

/** "Add prompt = no" under the req section's header written here (only when the section has no prompt key of its own). */
function promptNoFix(req: ConfSection | undefined, config: LoadedConfig): Fix[] | undefined {
  const h = req?.headers.find((x) => x.local);
  if (!req || !h || req.byKey.has('prompt')) return undefined;
  const lineEnd = lineBreakAfter(config, h.node.end);
  const at = lineEnd < 0 ? textEnd(config).length : lineEnd + 1;
  return [{ title: tr`Add 'prompt = no' to [ ${req.name} ] (the values become the subject)`, edits: [{ start: at, end: at, newText: `${lineEnd < 0 ? '\n' : ''}prompt = no\n` }] }];
}
