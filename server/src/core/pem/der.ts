/**
 * A small, strict DER reader: every read is bounds-checked against its parent
 * and fails with a DerError carrying the byte offset. No recursion beyond what
 * the X.509 schemas need, so hostile input cannot blow the stack or loop.
 */

export class DerError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A tag-length-value node. */
export interface Tlv {
  /** The identifier octet (class | constructed | number for low tag numbers). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly valueStart: number;
  /** Offset just after the content. */
  readonly end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  VisibleString: 0x1a,
  UniversalString: 0x1c,
  BMPString: 0x1e,
  NumericString: 0x12,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function tagName(tag: number): string {
  const names: Record<number, string> = {
    0x01: 'BOOLEAN', 0x02: 'INTEGER', 0x03: 'BIT STRING', 0x04: 'OCTET STRING', 0x05: 'NULL', 0x06: 'OBJECT IDENTIFIER',
    0x0a: 'ENUMERATED', 0x0c: 'UTF8String', 0x12: 'NumericString', 0x13: 'PrintableString', 0x14: 'T61String', 0x16: 'IA5String',
    0x15: 'VideotexString', 0x17: 'UTCTime', 0x18: 'GeneralizedTime', 0x19: 'GraphicString', 0x1a: 'VisibleString', 0x1b: 'GeneralString', 0x1c: 'UniversalString', 0x1e: 'BMPString', 0x30: 'SEQUENCE', 0x31: 'SET',
  };
  if (names[tag]) return names[tag]!;
  const cls = tag >> 6;
  const n = tag & 0x1f;
  return cls === 2 ? `[${n}]` : `tag 0x${tag.toString(16)}`;
}

/** Reads the TLV at `pos`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, pos: number, limit = buf.length): Tlv {
  const h = readHeader(buf, pos, limit);
  if (h.end === undefined) throw new DerError('indefinite length is not DER', h.valueStart - 1);
  return { tag: h.tag, start: pos, valueStart: h.valueStart, end: h.end };
}

/** A TLV's identifier and length octets (`lengthAt`: where the length octets start); `end` is undefined for BER's indefinite length (0x80). */
function readHeader(buf: Uint8Array, pos: number, limit: number): { tag: number; lengthAt: number; valueStart: number; end: number | undefined } {
  if (pos >= limit) throw new DerError('unexpected end of data', pos);
  const tag = buf[pos]!;
  let p = pos + 1;
  if ((tag & 0x1f) === 0x1f) {
    // High tag number (never an X.509 field, but legal DER inside parameters): skip its base-128
    // octets; the node keeps the first octet as its tag, which matches no X.509 tag.
    const first = p;
    while (p < limit && buf[p]! & 0x80 && p - first < 4) p++;
    if (p >= limit || buf[p]! & 0x80) throw new DerError('bad high tag number', pos);
    p++;
  }
  if (p >= limit) throw new DerError('missing length', p);
  const lengthAt = p;
  let len = buf[p++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) return { tag, lengthAt, valueStart: p, end: undefined };
    if (n > 4) throw new DerError(`length of ${n} octets is too large`, p - 1);
    if (p + n > limit) throw new DerError('truncated length', p);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  const end = p + len;
  if (end > limit) throw new DerError(`length ${len} runs past the end of the data (${limit - p} octets left)`, pos);
  return { tag, lengthAt, valueStart: p, end };
}

const maxBerDepth = 64;

/**
 * BER's indefinite lengths (0x80 … 00 00), as Windows and Java write PKCS #7 bundles and OpenSSL
 * reads them, re-encoded as definite lengths so the reader above can walk the result. A node that
 * holds none is copied byte for byte, so the certificates inside keep their DER and fingerprints.
 * Returns `buf` itself when its outermost length is definite.
 */
export function definiteLengths(buf: Uint8Array): Uint8Array {
  if (buf.length < 2 || readHeader(buf, 0, buf.length).end !== undefined) return buf;
  return reencode(buf, 0, buf.length, 0).bytes;
}

function reencode(buf: Uint8Array, pos: number, limit: number, depth: number): { bytes: Uint8Array; end: number; changed: boolean } {
  if (depth > maxBerDepth) throw new DerError('nested too deeply', pos);
  const h = readHeader(buf, pos, limit);
  const constructed = (buf[pos]! & 0x20) !== 0;
  const identifier = buf.subarray(pos, h.lengthAt);
  const parts: Uint8Array[] = [];
  let changed = h.end === undefined;
  let p = h.valueStart;
  if (h.end === undefined) {
    if (!constructed) throw new DerError('indefinite length on a primitive value', pos);
    for (;;) {
      if (p + 1 < limit && buf[p] === 0 && buf[p + 1] === 0) break;
      const c = reencode(buf, p, limit, depth + 1);
      parts.push(c.bytes);
      p = c.end;
    }
    p += 2;
  } else {
    const end = h.end;
    if (!constructed) return { bytes: buf.subarray(pos, end), end, changed: false };
    while (p < end) {
      const c = reencode(buf, p, end, depth + 1);
      parts.push(c.bytes);
      changed ||= c.changed;
      p = c.end;
    }
    if (!changed) return { bytes: buf.subarray(pos, end), end, changed: false };
  }
  const content = concat(parts);
  return { bytes: concat([identifier, new Uint8Array(encodeLength(content.length)), content]), end: p, changed: true };
}

/** The children of a constructed node. */
export function children(buf: Uint8Array, node: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = node.valueStart;
  while (p < node.end) {
    const c = readTlv(buf, p, node.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function expect(node: Tlv | undefined, tag: number, what: string, at: number): Tlv {
  if (!node) throw new DerError(`missing ${what}`, at);
  if (node.tag !== tag) throw new DerError(`${what}: expected ${tagName(tag)}, found ${tagName(node.tag)}`, node.start);
  return node;
}

/** Children of a node that must be a SEQUENCE (or the given tag). */
export function seq(buf: Uint8Array, node: Tlv | undefined, what: string, at: number, tag: number = TAG.SEQUENCE): Tlv[] {
  return children(buf, expect(node, tag, what, at));
}

export function bytesOf(buf: Uint8Array, node: Tlv): Uint8Array {
  return buf.subarray(node.valueStart, node.end);
}

export function readOid(buf: Uint8Array, node: Tlv): string {
  if (node.tag !== TAG.OID) throw new DerError(`expected OBJECT IDENTIFIER, found ${tagName(node.tag)}`, node.start);
  const parts: number[] = [];
  let v = 0;
  let first = true;
  if (node.end === node.valueStart) throw new DerError('empty OBJECT IDENTIFIER', node.start);
  for (let i = node.valueStart; i < node.end; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) throw new DerError('OBJECT IDENTIFIER arc too large', i);
    if (!(b & 0x80)) {
      if (first) {
        const a = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a, v - a * 40);
        first = false;
      } else parts.push(v);
      v = 0;
    }
  }
  if (buf[node.end - 1]! & 0x80) throw new DerError('truncated OBJECT IDENTIFIER', node.end - 1);
  return parts.join('.');
}

export function readBoolean(buf: Uint8Array, node: Tlv): boolean {
  if (node.tag !== TAG.BOOLEAN || node.end - node.valueStart !== 1) throw new DerError('bad BOOLEAN', node.start);
  return buf[node.valueStart] !== 0;
}

/** Integer content octets (two's complement, big-endian). */
export function integerBytes(buf: Uint8Array, node: Tlv, tag: number = TAG.INTEGER): Uint8Array {
  if (node.tag !== tag) throw new DerError(`expected ${tagName(tag)}, found ${tagName(node.tag)}`, node.start);
  if (node.end === node.valueStart) throw new DerError('empty INTEGER', node.start);
  return buf.subarray(node.valueStart, node.end);
}

/** Signed value of two's-complement bytes as a bigint. */
export function bigintOf(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes.length && bytes[0]! & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** Small non-negative integers (versions, path lengths). */
export function readSmallInt(buf: Uint8Array, node: Tlv, tag: number = TAG.INTEGER): number {
  const b = integerBytes(buf, node, tag);
  if (b.length > 6) throw new DerError('INTEGER too large', node.start);
  return Number(bigintOf(b));
}

/** Bit string content: unused-bit count and the bytes. */
export function readBitString(buf: Uint8Array, node: Tlv): { unused: number; bytes: Uint8Array } {
  if (node.tag !== TAG.BIT_STRING) throw new DerError(`expected BIT STRING, found ${tagName(node.tag)}`, node.start);
  if (node.end === node.valueStart) throw new DerError('empty BIT STRING', node.start);
  const unused = buf[node.valueStart]!;
  if (unused > 7) throw new DerError('bad BIT STRING unused-bits count', node.valueStart);
  return { unused, bytes: buf.subarray(node.valueStart + 1, node.end) };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/** Characters per String.fromCharCode call: its arguments go on the stack. */
const charsPerCall = 4096;

/**
 * ASCII fast path: TextDecoder crosses into C++, which costs more than the decode for short strings.
 * Made by String.fromCharCode, not appended a character at a time, which would leave V8 a tree of
 * cons strings that a name kept for the session then holds.
 */
export function asciiOrUndefined(buf: Uint8Array, start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return undefined;
  if (end - start <= charsPerCall) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  const parts: string[] = [];
  for (let i = start; i < end; i += charsPerCall) parts.push(String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + charsPerCall)) as unknown as number[]));
  return parts.join('');
}

/** The text of any ASN.1 string type. Invalid UTF-8 becomes U+FFFD, never an exception. */
export function readString(buf: Uint8Array, node: Tlv): string {
  if (node.tag !== TAG.BMPString && node.tag !== TAG.UniversalString) {
    const ascii = asciiOrUndefined(buf, node.valueStart, node.end);
    if (ascii !== undefined) return ascii;
  }
  const b = bytesOf(buf, node);
  switch (node.tag) {
    case TAG.BMPString: {
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    case TAG.UniversalString: {
      let s = '';
      for (let i = 0; i + 3 < b.length; i += 4) {
        const cp = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    // The one-byte string types hold Latin-1 as OpenSSL reads them (a PrintableString with
    // UTF-8 bytes shows as OpenSSL shows it); UTF8String and IA5String are read as UTF-8.
    case TAG.T61String:
    case TAG.PrintableString:
    case TAG.VisibleString:
    case TAG.NumericString:
      return latin1.decode(b);
    default:
      return utf8.decode(b);
  }
}

/** A time as read: epoch milliseconds, and why it is not RFC 5280's form when it is not. */
export interface TimeValue {
  /** Epoch milliseconds to the second: OpenSSL compares times to the second (ASN1_TIME_to_tm has no fraction). */
  readonly ms: number;
  /** ISO 8601 with the fraction of a second as written (`2049-01-02T03:04:05.123456Z`), as `openssl x509 -text` shows it. */
  readonly iso: string;
  /** Set when the time is readable but not the DER form RFC 5280 4.1.2.5 requires (verifiers reject it). */
  readonly problem?: string;
  /**
   * Whether Go's cryptobyte time readers (x509.ParseRevocationList) refuse it: the text must be what Go
   * formats back, so a fraction, a missing zone or ±0000 fail, a GeneralizedTime needs its seconds.
   */
  readonly goRefuses?: boolean;
}

const timeForms = {
  [TAG.UTCTime]: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/,
  [TAG.GeneralizedTime]: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(\.\d+)?(Z|[+-]\d{4})?$/,
} as Readonly<Record<number, RegExp>>;

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * UTCTime / GeneralizedTime, read as leniently as OpenSSL displays them (seconds, zone and
 * fractions optional, offsets applied); anything else, or a field out of range, throws.
 * A readable time that is not RFC 5280's `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ` carries a
 * `problem`: OpenSSL's X509_cmp_time and Go's parser reject such a certificate.
 */
export function readTimeValue(buf: Uint8Array, node: Tlv): TimeValue {
  const form = timeForms[node.tag];
  if (!form) throw new DerError(`expected a time, found ${tagName(node.tag)}`, node.start);
  const kind = node.tag === TAG.UTCTime ? 'UTCTime' : 'GeneralizedTime';
  const s = asciiOrUndefined(buf, node.valueStart, node.end) ?? latin1.decode(bytesOf(buf, node));
  const m = form.exec(s);
  if (!m) throw new DerError(`bad ${kind} ${JSON.stringify(s)}`, node.start);
  const utc = node.tag === TAG.UTCTime;
  const yy = Number(m[1]);
  const year = utc ? (yy >= 50 ? 1900 + yy : 2000 + yy) : yy;
  const [month, dayOfMonth, hour, minute] = [2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const zone = utc ? m[7] : m[8];
  if (month! < 1 || month! > 12 || dayOfMonth! < 1 || dayOfMonth! > daysInMonth(year, month!) || hour! > 23 || minute! > 59 || second > 59) {
    throw new DerError(`${kind} ${JSON.stringify(s)} is not a date`, node.start);
  }
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(3, 5));
    if (oh > 23 || om > 59) throw new DerError(`${kind} ${JSON.stringify(s)} has a bad zone offset`, node.start);
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month! - 1, dayOfMonth);
  date.setUTCHours(hour!, minute, second);
  const ms = date.getTime() - offsetMin * 60_000;
  const fraction = !utc && m[7] ? m[7] : '';
  const iso = fraction ? isoTime(ms).replace(/Z$/, `${fraction}Z`) : isoTime(ms);
  const missing = [m[6] === undefined ? 'no seconds' : '', !utc && m[7] ? 'fractional seconds' : '', !zone ? 'no zone' : zone !== 'Z' ? `the offset ${zone} instead of Z` : ''].filter(Boolean);
  if (!missing.length) return { ms, iso };
  const want = utc ? 'YYMMDDHHMMSSZ' : 'YYYYMMDDHHMMSSZ';
  const goRefuses = !zone || zone === '+0000' || zone === '-0000' || (!utc && (m[6] === undefined || !!m[7]));
  return { ms, iso, problem: `${kind} ${JSON.stringify(s)} has ${missing.join(', ')}: RFC 5280 requires ${want}`, ...(goRefuses ? { goRefuses } : {}) };
}

/** UTCTime / GeneralizedTime → ISO 8601 string (milliseconds only when there are any). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** UTCTime / GeneralizedTime → ISO 8601 string, with its fraction of a second as written. */
export function readTime(buf: Uint8Array, node: Tlv): string {
  return readTimeValue(buf, node).iso;
}

// Small encoders (to rebuild a SubjectPublicKeyInfo from a private key's public half, BER as DER)

function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  const len = encodeLength(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

/** The bytes of `parts`, one after another (for building DER). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
