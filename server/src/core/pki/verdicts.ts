/**
 * Signature verdicts kept between sessions, so that a workspace of 50,000 certificates opened
 * again does not check 50,000 signatures again (seconds of CPU). Only positive verdicts are
 * kept, each as the pair it is cached by in memory (tree.ts VerifyCache): the SHA-256 of the
 * signed object's whole DER (its to-be-signed part, algorithm and signature) and the SHA-256 of
 * the issuer's SubjectPublicKeyInfo. A verdict depends on nothing else but the verifier, which
 * the file names: a file of another verifier, format or length, or whose checksum does not match
 * (a torn or corrupt write), is read as no verdicts at all. Nothing private is stored: both
 * hashes are of public data.
 *
 * Layout: "CWSV", format (1 byte), verifier length (1 byte) and verifier (ASCII), entry count
 * (4 bytes, big-endian), 64 bytes per entry, then the SHA-256 of everything before it.
 */
import { fromHex } from '../pem/hash';
import { runSteps } from './steps';

const magic = [0x43, 0x57, 0x53, 0x56];
const format = 1;
const entryBytes = 64;
const checksumBytes = 32;
const pairPattern = /^[0-9a-f]{64}\|[0-9a-f]{64}$/;
/** Entries between two yields of the stepped forms (a host that yields there never blocks for long at 100,000). */
const entriesPerStep = 2048;

/** The cache key of a verdict (tree.ts): `<signed object sha256>|<issuer key id>`, lowercase hex. */
export function isVerdictKey(key: string): boolean {
  return pairPattern.test(key);
}

/**
 * The file of `keys` (well-formed ones only, at most `max`, in the order given: the caller puts
 * first what it most wants kept) for `verifier`.
 */
export function encodeVerdicts(keys: Iterable<string>, verifier: string, max: number, sha256: (data: Uint8Array) => Uint8Array): Uint8Array {
  return runSteps(encodeVerdictsInSteps(keys, verifier, max, sha256));
}

/** encodeVerdicts, yielding every few thousand entries. */
export function* encodeVerdictsInSteps(keys: Iterable<string>, verifier: string, max: number, sha256: (data: Uint8Array) => Uint8Array): Generator<void, Uint8Array, void> {
  const name = new TextEncoder().encode(verifier);
  if (name.length > 255 || /[^\x20-\x7e]/.test(verifier)) throw new Error('verifier name: up to 255 printable ASCII characters');
  const chosen: string[] = [];
  const seen = new Set<string>();
  let n = 0;
  for (const k of keys) {
    if (chosen.length >= max) break;
    if (!seen.has(k) && isVerdictKey(k)) {
      seen.add(k);
      chosen.push(k);
    }
    if (++n % entriesPerStep === 0) yield;
  }
  const head = magic.length + 2 + name.length + 4;
  const out = new Uint8Array(head + chosen.length * entryBytes + checksumBytes);
  out.set(magic, 0);
  out[4] = format;
  out[5] = name.length;
  out.set(name, 6);
  new DataView(out.buffer).setUint32(6 + name.length, chosen.length);
  for (let i = 0; i < chosen.length; i++) {
    const k = chosen[i]!;
    const at = head + i * entryBytes;
    // A key is the two hashes' hex with a '|' between them.
    fromHex(k, 0, 64, out, at);
    fromHex(k, 65, 129, out, at + entryBytes / 2);
    if (i % entriesPerStep === entriesPerStep - 1) yield;
  }
  out.set(sha256(out.subarray(0, out.length - checksumBytes)), out.length - checksumBytes);
  return out;
}

/** The verdict keys of a file written by encodeVerdicts for `verifier`; none when it is anything else. */
export function decodeVerdicts(bytes: Uint8Array, verifier: string, sha256: (data: Uint8Array) => Uint8Array): Set<string> {
  return runSteps(decodeVerdictsInSteps(bytes, verifier, sha256));
}

/** decodeVerdicts, yielding every few thousand entries. */
export function* decodeVerdictsInSteps(bytes: Uint8Array, verifier: string, sha256: (data: Uint8Array) => Uint8Array): Generator<void, Set<string>, void> {
  const keys = new Set<string>();
  const name = new TextEncoder().encode(verifier);
  const head = magic.length + 2 + name.length + 4;
  if (bytes.length < head + checksumBytes || magic.some((b, i) => bytes[i] !== b) || bytes[4] !== format || bytes[5] !== name.length) return keys;
  if (name.some((b, i) => bytes[6 + i] !== b)) return keys;
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(6 + name.length);
  if (bytes.length !== head + count * entryBytes + checksumBytes) return keys;
  const sum = sha256(bytes.subarray(0, bytes.length - checksumBytes));
  const stored = bytes.subarray(bytes.length - checksumBytes);
  if (sum.length !== checksumBytes || sum.some((b, i) => stored[i] !== b)) return keys;
  // Each key's characters written into one buffer and decoded at once: 50,000 keys in milliseconds, not a string built per byte.
  const chars = new Uint8Array(2 * entryBytes + 1);
  const latin1 = new TextDecoder('latin1');
  for (let i = 0; i < count; i++) {
    const at = head + i * entryBytes;
    for (let j = 0; j < entryBytes; j++) {
      const b = bytes[at + j]!;
      const o = j < 32 ? 2 * j : 2 * j + 1;
      chars[o] = hexDigits[b >> 4]!;
      chars[o + 1] = hexDigits[b & 15]!;
    }
    chars[64] = 0x7c;
    keys.add(latin1.decode(chars));
    if (i % entriesPerStep === entriesPerStep - 1) yield;
  }
  return keys;
}

const hexDigits = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
