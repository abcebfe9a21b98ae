import { tr } from '../l10n';
/** Strict base64 decoding that reports the index of the first bad character. */

const table = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (table[c.charCodeAt(0)] = i));

export type Base64Result = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly index: number; readonly message: string };

/** Decodes `s` (no whitespace). On failure `index` is the position in `s` of the culprit. */
export function decodeBase64(s: string): Base64Result {
  let n = s.length;
  let padding = 0;
  while (n > 0 && s.charCodeAt(n - 1) === 61 /* = */ && padding < 2) {
    n--;
    padding++;
  }
  if (n > 0 && s.charCodeAt(n - 1) === 61) return { ok: false, index: n - 1, message: tr`too much "=" padding` };
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) {
      return { ok: false, index: i, message: c === 61 ? tr`"=" padding in the middle of the data` : tr`invalid base64 character ${JSON.stringify(s[i])}` };
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((n + padding) % 4 !== 0 || n % 4 === 1) {
    return { ok: false, index: s.length, message: tr`base64 length ${s.length} is not a multiple of 4 (truncated data?)` };
  }
  return { ok: true, bytes: o === out.length ? out : out.subarray(0, o) };
}

const alphabet = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
const ascii = new TextDecoder();

/** Base64 with padding. Written into bytes and decoded once: string appends of a 5 MB CRL left the garbage collector 350 ms of ropes. */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = alphabet[v >> 18]!;
    out[o++] = alphabet[(v >> 12) & 63]!;
    out[o++] = alphabet[(v >> 6) & 63]!;
    out[o++] = alphabet[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest) {
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = alphabet[v >> 18]!;
    out[o++] = alphabet[(v >> 12) & 63]!;
    out[o++] = rest === 2 ? alphabet[(v >> 6) & 63]! : 0x3d;
    out[o++] = 0x3d;
  }
  return ascii.decode(out);
}
