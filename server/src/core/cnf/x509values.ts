import { tr } from '../l10n';
/**
 * Ports of the small OpenSSL 3.0 value parsers that decide whether an
 * extension value is accepted: X509V3_parse_list, the IPv4/IPv6 address
 * parsers behind `IP:`, s2i_ASN1_INTEGER, hex strings, booleans, and a
 * shallow ASN1_generate_v3 type check for `otherName:` / `ASN1:`.
 */

export interface ListItem {
  readonly name: string;
  readonly value?: string;
  /** Indices into the parsed string. */
  readonly nameFrom: number;
  readonly nameTo: number;
  readonly valueFrom?: number;
  readonly valueTo?: number;
}

export interface ListError {
  readonly code: 'X509-EXT-3';
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** strip_spaces on s[from, to): trimmed bounds, or undefined when empty. */
function strip(s: string, from: number, to: number): [number, number] | undefined {
  while (from < to && isSpace(s.charCodeAt(from))) from++;
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return from < to ? [from, to] : undefined;
}

/** X509V3_parse_list: `name[:value], ...`. */
export function parseList(s: string): { items: ListItem[] } | { error: ListError } {
  const items: ListItem[] = [];
  let state: 'name' | 'value' = 'name';
  let q = 0;
  let name: [number, number] | undefined;
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 13 || c === 10) {
      end = i;
      break;
    }
  }
  const emptyName = (from: number, to: number): { error: ListError } => ({
    error: { code: 'X509-EXT-3', message: tr`invalid empty name: the list has an empty entry (two commas in a row, a trailing comma, or nothing at all).`, from, to },
  });
  for (let p = 0; p < end; p++) {
    const c = s[p];
    if (state === 'name') {
      if (c === ':') {
        state = 'value';
        name = strip(s, q, p);
        if (!name) return emptyName(q, p + 1);
        q = p + 1;
      } else if (c === ',') {
        const n = strip(s, q, p);
        if (!n) return emptyName(q, p + 1);
        items.push({ name: s.slice(n[0], n[1]), nameFrom: n[0], nameTo: n[1] });
        q = p + 1;
      }
    } else if (c === ',') {
      state = 'name';
      const v = strip(s, q, p);
      if (!v) return { error: { code: 'X509-EXT-3', message: tr`invalid null value: '${s.slice(name![0], name![1])}:' has nothing after the colon.`, from: name![0], to: p } };
      items.push({ name: s.slice(name![0], name![1]), nameFrom: name![0], nameTo: name![1], value: s.slice(v[0], v[1]), valueFrom: v[0], valueTo: v[1] });
      name = undefined;
      q = p + 1;
    }
  }
  if (state === 'value') {
    const v = strip(s, q, end);
    if (!v) return { error: { code: 'X509-EXT-3', message: tr`invalid null value: '${s.slice(name![0], name![1])}:' has nothing after the colon.`, from: name![0], to: end } };
    items.push({ name: s.slice(name![0], name![1]), nameFrom: name![0], nameTo: name![1], value: s.slice(v[0], v[1]), valueFrom: v[0], valueTo: v[1] });
  } else {
    const n = strip(s, q, end);
    if (!n) return emptyName(q, end);
    items.push({ name: s.slice(n[0], n[1]), nameFrom: n[0], nameTo: n[1] });
  }
  return { items };
}

/** ossl_v3_name_cmp: `name` is `cmp` or `cmp.anything`. */
export function v3NameIs(name: string, cmp: string): boolean {
  return name.startsWith(cmp) && (name.length === cmp.length || name[cmp.length] === '.');
}

/** sscanf("%d") on s at i: skips whitespace, optional sign, digits. */
function scanInt(s: string, i: number): { value: number; next: number } | undefined {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  const st = i;
  let v = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    v = v * 10 + (s.charCodeAt(i) - 48);
    if (v > 1e12) v = 1e12;
    i++;
  }
  if (i === st) return undefined;
  return { value: sign * v, next: i };
}

/** ipv4_from_asc: `%d.%d.%d.%d` each 0–255, then end or whitespace. */
export function parseIpv4(s: string): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < 4; k++) {
    if (k > 0) {
      if (s[i] !== '.') return undefined;
      i++;
    }
    const r = scanInt(s, i);
    if (!r) return undefined;
    out.push(r.value);
    i = r.next;
  }
  if (out.some((v) => v < 0 || v > 255)) return undefined;
  if (i < s.length && !isSpace(s.charCodeAt(i))) return undefined;
  return out;
}

/** ipv6_from_asc (CONF_parse_list on ':' with the zero-run rules). */
export function parseIpv6(s: string): boolean {
  let total = 0;
  let zeroPos = -1;
  let zeroCnt = 0;
  const elems = s.split(':');
  for (let k = 0; k < elems.length; k++) {
    const e = elems[k]!;
    if (total === 16) return false;
    if (e.length === 0) {
      if (zeroPos === -1) zeroPos = total;
      else if (zeroPos !== total) return false;
      zeroCnt++;
    } else if (e.length > 4) {
      if (total > 12) return false;
      if (k !== elems.length - 1) return false;
      if (!parseIpv4(e)) return false;
      total += 4;
    } else {
      if (!/^[0-9a-fA-F]+$/.test(e)) return false;
      total += 2;
    }
  }
  if (zeroPos === -1) return total === 16;
  if (total === 16) return false;
  if (zeroCnt > 3) return false;
  if (zeroCnt === 3) return total === 0;
  if (zeroCnt === 2) return zeroPos === 0 || zeroPos === total;
  return zeroPos !== 0 && zeroPos !== total;
}

/** ossl_a2i_ipadd: IPv6 when there is a colon, else IPv4. Returns 4, 16 or 0. */
export function ipAddressLength(s: string): number {
  if (s.includes(':')) return parseIpv6(s) ? 16 : 0;
  return parseIpv4(s) ? 4 : 0;
}

/** a2i_IPADDRESS_NC: `address/mask`, both of the same family. */
export function isIpAddressNc(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const a = ipAddressLength(s.slice(0, slash));
  const m = ipAddressLength(s.slice(slash + 1));
  return a !== 0 && a === m;
}

/** Converts `10.0.0.0/8` or `fd00::/8` to OpenSSL's `address/netmask` form. */
export function cidrToNetmask(s: string): string | undefined {
  const m = /^(.+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const addr = m[1]!;
  const bits = Number(m[2]);
  const len = ipAddressLength(addr);
  if (len === 4 && bits <= 32) {
    const parts = [0, 0, 0, 0].map((_, i) => {
      const b = Math.max(0, Math.min(8, bits - i * 8));
      return (0xff << (8 - b)) & 0xff;
    });
    return `${addr}/${parts.join('.')}`;
  }
  if (len === 16 && bits <= 128) {
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) {
      const b = Math.max(0, Math.min(16, bits - i * 16));
      groups.push(((0xffff << (16 - b)) & 0xffff).toString(16));
    }
    let mask = groups.join(':');
    mask = mask.replace(/(^|:)0(:0)+$/, '::');
    return `${addr}/${mask}`;
  }
  return undefined;
}

/** s2i_ASN1_INTEGER: optional `-`, then `0x` hex or decimal digits, nothing else. */
export function isAsn1Integer(v: string | undefined): boolean {
  if (v === undefined) return false;
  let s = v;
  if (s.startsWith('-')) s = s.slice(1);
  let hex = false;
  if (s.startsWith('0x') || s.startsWith('0X')) {
    s = s.slice(2);
    hex = true;
  }
  if (s.startsWith('-')) s = s.slice(1);
  return hex ? /^[0-9a-fA-F]+$/.test(s) : /^[0-9]+$/.test(s);
}

/** X509V3_get_value_bool. */
export function isAsn1Bool(v: string | undefined): boolean {
  return v !== undefined && ['TRUE', 'true', 'Y', 'y', 'YES', 'yes', 'FALSE', 'false', 'N', 'n', 'NO', 'no'].includes(v);
}

export function boolValue(v: string): boolean {
  return ['TRUE', 'true', 'Y', 'y', 'YES', 'yes'].includes(v);
}

/** OPENSSL_hexstr2buf with ':' separators. */
export function isHexString(s: string): boolean {
  let i = 0;
  let n = 0;
  while (i < s.length) {
    const ch = s[i++]!;
    if (ch === ':') continue;
    const cl = s[i++];
    if (cl === undefined) return false;
    if (!/[0-9a-fA-F]/.test(ch) || !/[0-9a-fA-F]/.test(cl)) return false;
    n++;
  }
  return n > 0;
}

/** The types ASN1_generate_v3 reads, each spelling (compared case-insensitively). */
export const asn1TypeNames: readonly string[] = [
  'BOOL', 'BOOLEAN', 'NULL', 'INT', 'INTEGER', 'ENUM', 'ENUMERATED', 'OID', 'OBJECT', 'UTCTIME', 'UTC', 'GENERALIZEDTIME', 'GENTIME', 'OCT',
  'OCTETSTRING', 'BITSTR', 'BITSTRING', 'UNIVERSALSTRING', 'UNIV', 'IA5', 'IA5STRING', 'UTF8', 'UTF8String', 'BMP', 'BMPSTRING', 'VISIBLESTRING',
  'VISIBLE', 'PRINTABLESTRING', 'PRINTABLE', 'T61', 'T61STRING', 'TELETEXSTRING', 'GeneralString', 'GENSTR', 'NUMERIC', 'NUMERICSTRING',
  'SEQUENCE', 'SEQ', 'SET',
];
const asn1Types = new Set(asn1TypeNames);
const asn1Modifiers = new Set(['EXP', 'EXPLICIT', 'IMP', 'IMPLICIT', 'OCTWRAP', 'SEQWRAP', 'SETWRAP', 'BITWRAP', 'FORM', 'FORMAT']);

/** The type and value of ASN1_generate_v3 text (`[MODIFIER[:arg],]…TYPE[:value]`), with where the value starts. */
export interface Asn1Parts {
  readonly type: string;
  readonly value: string | undefined;
  /** Index of the value in the text (its end when there is none). */
  readonly valueFrom: number;
}

/** `MODIFIER[:arg],` at the sticky index: the modifiers ASN1_generate_v3 reads before the type. */
const asn1ModifierAt = /\s*([A-Za-z0-9]+)\s*(?::([^,]*))?,/y;

/** Splits ASN1_generate_v3 text into its type and value, skipping the modifiers (in one pass). */
export function asn1Parts(text: string): Asn1Parts {
  let from = 0;
  for (;;) {
    asn1ModifierAt.lastIndex = from;
    const m = asn1ModifierAt.exec(text);
    if (!m || !asn1Modifiers.has(m[1]!.toUpperCase())) break;
    from = asn1ModifierAt.lastIndex;
  }
  const colon = text.indexOf(':', from);
  return colon < 0 ? { type: text.slice(from).trim(), value: undefined, valueFrom: text.length } : { type: text.slice(from, colon).trim(), value: text.slice(colon + 1), valueFrom: colon + 1 };
}

/**
 * The section a SEQUENCE / SET in ASN1_generate_v3 text names (ASN1_generate_nconf reads its
 * values, in order, as more such text), with where the name starts in the text.
 */
export function asn1SectionOf(text: string): { readonly kind: 'SEQUENCE' | 'SET'; readonly name: string; readonly from: number } | undefined {
  const p = asn1Parts(text);
  const t = p.type.toUpperCase();
  if ((t !== 'SEQUENCE' && t !== 'SEQ' && t !== 'SET') || !p.value) return undefined;
  return { kind: t === 'SET' ? 'SET' : 'SEQUENCE', name: p.value, from: p.valueFrom };
}

/**
 * A shallow check of ASN1_generate_v3 text (`TYPE:value`, with optional
 * `MODIFIER:arg,` prefixes). Returns an error message or undefined.
 */
export function checkAsn1Generate(text: string, isObject: (s: string) => boolean, hasSection: (s: string) => boolean): string | undefined {
  const { type, value } = asn1Parts(text);
  const canonical = [...asn1Types].find((t) => t.toUpperCase() === type.toUpperCase());
  if (!canonical) return tr`unknown ASN.1 type '${type}' (for example UTF8:text, IA5:text, INTEGER:5, OID:1.2.3).`;
  switch (canonical.toUpperCase()) {
    case 'NULL':
      return value !== undefined && value !== '' ? tr`NULL takes no value.` : undefined;
    case 'BOOL':
    case 'BOOLEAN':
      return isAsn1Bool(value) ? undefined : tr`'${value ?? ''}' is not a boolean (TRUE, FALSE, YES, NO...).`;
    case 'INT':
    case 'INTEGER':
    case 'ENUM':
    case 'ENUMERATED':
      return isAsn1Integer(value) ? undefined : tr`'${value ?? ''}' is not an integer.`;
    case 'OID':
    case 'OBJECT':
      return value !== undefined && isObject(value) ? undefined : tr`'${value ?? ''}' is not an object name or dotted OID.`;
    case 'SEQUENCE':
    case 'SEQ':
    case 'SET':
      return value === undefined || value === '' || hasSection(value) ? undefined : tr`section '${value}' does not exist.`;
    case 'NUMERIC':
    case 'NUMERICSTRING':
      return value !== undefined && /^[0-9 ]*$/.test(value) ? undefined : tr`'${value ?? ''}' is not a numeric string (digits and spaces).`;
    case 'PRINTABLE':
    case 'PRINTABLESTRING':
      return value !== undefined && /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? undefined : tr`'${value ?? ''}' has characters a PrintableString cannot hold.`;
    case 'IA5':
    case 'IA5STRING':
      // eslint-disable-next-line no-control-regex
      return value !== undefined && /^[\x00-\x7f]*$/.test(value) ? undefined : tr`an IA5String holds ASCII only.`;
    default:
      return value === undefined ? tr`'${type}' needs a value: ${type}:...` : undefined;
  }
}
