/**
 * A minimal, allocation-light DER reader: enough to pull the fields the PKI
 * tree shows out of certificates, CRLs, CSRs and keys without building a full
 * ASN.1 object model (the perf baseline shows a full decoder costs ~100× the
 * base64 + SHA-256 floor; list rows need only a few fields). Every read is
 * bounds-checked and throws DerError on malformed input.
 */

export class DerError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
  }
}

/** One tag-length-value: `start` is the tag's offset, `body` the content's, `end` one past the content. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  numericString: 0x12,
  visibleString: 0x1a,
} as const;

/** Reads the TLV at `pos`, which must end at or before `limit`. */
export function readTlv(b: Uint8Array, pos: number, limit = b.length): Tlv {
  if (pos + 2 > limit) throw new DerError('truncated DER header', pos);
  const tag = b[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported', pos);
  let len = b[pos + 1]!;
  let body = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError(n === 0 ? 'indefinite length is not DER' : 'length too large', pos + 1);
    if (body + n > limit) throw new DerError('truncated DER length', pos + 1);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
    body += n;
  }
  const end = body + len;
  if (end > limit) throw new DerError(`DER value of ${len} bytes runs past the end`, pos);
  return { tag, start: pos, body, end };
}

/** Reads a TLV and checks its tag. */
export function expect(b: Uint8Array, pos: number, tag: number, limit?: number, what = 'value'): Tlv {
  const t = readTlv(b, pos, limit);
  if (t.tag !== tag) throw new DerError(`expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${t.tag.toString(16)}`, pos);
  return t;
}

/** The direct children of a constructed TLV. */
export function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.body;
  while (p < parent.end) {
    const t = readTlv(b, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function bytes(b: Uint8Array, t: Tlv): Uint8Array {
  return b.subarray(t.body, t.end);
}

export function whole(b: Uint8Array, t: Tlv): Uint8Array {
  return b.subarray(t.start, t.end);
}

const hexTable = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + hexTable[b[i]!];
  return s;
}

export function readOid(b: Uint8Array, t: Tlv): string {
  if (t.tag !== Tag.oid) throw new DerError('expected an OBJECT IDENTIFIER', t.start);
  if (t.end === t.body) throw new DerError('empty OBJECT IDENTIFIER', t.start);
  const parts: number[] = [];
  let v = 0;
  for (let i = t.body; i < t.end; i++) {
    const c = b[i]!;
    v = v * 128 + (c & 0x7f);
    if (!(c & 0x80)) {
      if (!parts.length) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** An INTEGER's magnitude as lower-case hex without a redundant leading zero byte (as OpenSSL prints serials). */
export function readIntegerHex(b: Uint8Array, t: Tlv): { hex: string; negative: boolean; octets: number } {
  if (t.tag !== Tag.integer) throw new DerError('expected an INTEGER', t.start);
  let s = t.body;
  const octets = t.end - t.body;
  const negative = octets > 0 && (b[s]! & 0x80) !== 0;
  while (s < t.end - 1 && b[s] === 0) s++;
  return { hex: toHex(b.subarray(s, t.end)), negative, octets };
}

export function readSmallInt(b: Uint8Array, t: Tlv): number {
  let v = 0;
  for (let i = t.body; i < t.end && i < t.body + 6; i++) v = v * 256 + b[i]!;
  return v;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A directory-string value as text (UTF8, Printable, IA5, T61 as Latin-1, BMP, Universal). */
export function readString(b: Uint8Array, t: Tlv): string {
  const v = b.subarray(t.body, t.end);
  switch (t.tag) {
    case Tag.bmpString: {
      let s = '';
      for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    case Tag.universalString: {
      let s = '';
      for (let i = 0; i + 3 < v.length; i += 4) s += String.fromCodePoint(((v[i]! << 24) >>> 0) + (v[i + 1]! << 16) + (v[i + 2]! << 8) + v[i + 3]!);
      return s;
    }
    case Tag.t61String:
      return latin1.decode(v);
    default:
      return utf8.decode(v);
  }
}

/** UTCTime / GeneralizedTime → epoch milliseconds. */
export function readTime(b: Uint8Array, t: Tlv): number {
  const s = latin1.decode(b.subarray(t.body, t.end));
  let m: RegExpExecArray | null;
  if (t.tag === Tag.utcTime) {
    m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
    if (!m) throw new DerError(`bad UTCTime "${s}"`, t.start);
    const yy = +m[1]!;
    return Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  }
  if (t.tag === Tag.generalizedTime) {
    m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(s);
    if (!m) throw new DerError(`bad GeneralizedTime "${s}"`, t.start);
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  }
  throw new DerError('expected a time', t.start);
}

/** A BIT STRING's content without the unused-bits octet. */
export function readBitString(b: Uint8Array, t: Tlv): Uint8Array {
  if (t.tag !== Tag.bitString || t.end === t.body) throw new DerError('expected a BIT STRING', t.start);
  return b.subarray(t.body + 1, t.end);
}
