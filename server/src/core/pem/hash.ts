/**
 * Synchronous SHA-256 and SHA-1 (FIPS 180-4) for fingerprints and key ids.
 * The core is pure and WebCrypto's digest is asynchronous; a certificate is
 * about 1 KB, so a plain implementation costs a few microseconds and keeps
 * decoding synchronous.
 */

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * Feeds `data` to `block(words)` in 64-byte blocks, with FIPS 180-4 padding, reading
 * straight from the input (only the last one or two blocks are copied).
 */
const W = new Int32Array(80);
const tail = new Uint8Array(128);

function blocks(data: Uint8Array, block: (w: Int32Array) => void): void {
  const len = data.length;
  const full = len - (len % 64);
  for (let off = 0; off < full; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    block(W);
  }
  const rest = len - full;
  const tailLen = rest + 9 <= 64 ? 64 : 128;
  tail.fill(0);
  tail.set(data.subarray(full));
  tail[rest] = 0x80;
  const bits = len * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  tail[tailLen - 8] = hi >>> 24;
  tail[tailLen - 7] = (hi >>> 16) & 0xff;
  tail[tailLen - 6] = (hi >>> 8) & 0xff;
  tail[tailLen - 5] = hi & 0xff;
  tail[tailLen - 4] = lo >>> 24;
  tail[tailLen - 3] = (lo >>> 16) & 0xff;
  tail[tailLen - 2] = (lo >>> 8) & 0xff;
  tail[tailLen - 1] = lo & 0xff;
  for (let off = 0; off < tailLen; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (tail[j]! << 24) | (tail[j + 1]! << 16) | (tail[j + 2]! << 8) | tail[j + 3]!;
    }
    block(W);
  }
}

function words(h: Int32Array): Uint8Array {
  const out = new Uint8Array(h.length * 4);
  for (let i = 0; i < h.length; i++) {
    const x = h[i]!;
    out[i * 4] = x >>> 24;
    out[i * 4 + 1] = (x >>> 16) & 0xff;
    out[i * 4 + 2] = (x >>> 8) & 0xff;
    out[i * 4 + 3] = x & 0xff;
  }
  return out;
}

// State lives in typed arrays and the compression functions are plain functions:
// closures over mutable locals are several times slower in V8.
const H256 = new Int32Array(8);
const H1 = new Int32Array(5);

function compress256(w: Int32Array): void {
  const H = H256;
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!, b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K256[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0; H[1] = (H[1]! + b) | 0; H[2] = (H[2]! + c) | 0; H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0; H[5] = (H[5]! + f) | 0; H[6] = (H[6]! + g) | 0; H[7] = (H[7]! + h) | 0;
}

function compress1(w: Int32Array): void {
  const H = H1;
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!;
  for (let i = 0; i < 80; i++) {
    let f: number, k: number;
    if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
    else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
    else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc | 0; }
    else { f = b ^ c ^ d; k = 0xca62c1d6 | 0; }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  H[0] = (H[0]! + a) | 0; H[1] = (H[1]! + b) | 0; H[2] = (H[2]! + c) | 0; H[3] = (H[3]! + d) | 0; H[4] = (H[4]! + e) | 0;
}

const IV256 = new Int32Array([0x6a09e667, 0xbb67ae85 | 0, 0x3c6ef372, 0xa54ff53a | 0, 0x510e527f, 0x9b05688c | 0, 0x1f83d9ab, 0x5be0cd19]);
const IV1 = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);

export function sha256(data: Uint8Array): Uint8Array {
  H256.set(IV256);
  blocks(data, compress256);
  return words(H256);
}

export function sha1(data: Uint8Array): Uint8Array {
  H1.set(IV1);
  blocks(data, compress1);
  return words(H1);
}

const hexPairs: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const upperPairs: string[] = hexPairs.map((p) => p.toUpperCase());

/**
 * Joined rather than appended: `+=` leaves V8 a tree of one cons string per byte, which a
 * fingerprint or key id kept for the whole session then holds (about 2 KB per certificate).
 */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const pairs = new Array<string>(Math.max(0, end - start));
  for (let i = start; i < end; i++) pairs[i - start] = hexPairs[bytes[i]!]!;
  return pairs.join('');
}

/**
 * The bytes of the lowercase or uppercase hex in `hex[start, end)` (an even number of digits,
 * checked by the caller), written into `out` from `at` (a new array by default).
 */
export function fromHex(hex: string, start = 0, end = hex.length, out = new Uint8Array((end - start) >> 1), at = 0): Uint8Array {
  for (let i = start; i + 1 < end; i += 2) out[at++] = (hexValue(hex.charCodeAt(i)) << 4) | hexValue(hex.charCodeAt(i + 1));
  return out;
}

/** The value of a hex digit's char code ('0'-'9', 'a'-'f', 'A'-'F'). */
function hexValue(c: number): number {
  return (c & 0xf) + (c >> 6) * 9;
}

/** `AB:CD:EF` form. */
export function toColonHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const pairs = new Array<string>(Math.max(0, end - start));
  for (let i = start; i < end; i++) pairs[i - start] = upperPairs[bytes[i]!]!;
  return pairs.join(':');
}
