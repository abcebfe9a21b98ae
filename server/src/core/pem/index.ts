/**
 * PEM/DER inspection API (pure). Hosts — the hover/lens feature, the PEM linter,
 * the workspace PKI tree — use only what is exported here.
 *
 *   const blocks = decodePemText(text);          // every block + its decode, cached
 *   blocks[i].decoded.ok && blocks[i].decoded.view.kind === 'certificate'
 *   decodeFile(bytes)                             // PEM or binary DER, by content
 *   await verifySignature(childDer, issuerDer, env.crypto) === 'valid'
 *   keyView.publicKeyId === certView.publicKey.id // key ↔ certificate match
 *   renderText(decoded)                            // `openssl x509 -text`-like text
 */
import { findPemBlocks } from './blocks';
import { decodeDer, detectAndDecodeDer, looksLikeDer } from './decode';
import type { Decoded, DecodedBlock, KeyView, PemBlock } from './types';
import { tr } from '../l10n';

export * from './types';
export { findPemBlocks, blockAt, mayContainPem, mayContainPemBytes, maxBlocks } from './blocks';
export { labelKind, pemLabel, type PemLabel, type PrivateKeyForm } from './labels';
export { decodeDer, detectAndDecodeDer, looksLikeDer, pkcs7Contents, publicKeyIdOfSpki } from './decode';
export { encodeTlv } from './der';
export { verifySignature, verifySignatureIn, derivePublicKeyId, sec1ToPkcs8, spkiOf, type SignatureCheck } from './verify';
export { decodeBase64, encodeBase64 } from './base64';
export { sha256, sha1, toHex, toColonHex } from './hash';
export { renderText, opensslTime, generalNameText, keyUsageText, ekuText, pathLenText } from './text';
export { dayMs, daysBetween, validityState, type ValidityState } from './validity';

/**
 * Decodes by base64 body: the same block seen in a hover, a lens and the linter is
 * decoded once. LRU, bounded by entries and by the characters of the keys held.
 */
const cacheLimit = 4000;
const cacheCharBudget = 16_000_000;
let cacheChars = 0;
const cache = new Map<string, Decoded>();

/** Decodes one block (cached by its base64 text). Encrypted legacy keys are described, not decoded. */
export function decodeBlock(block: PemBlock): Decoded {
  const key = `${block.label}\u0000${block.base64}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh the LRU position.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = decodeBlockUncached(block);
  if (key.length <= 1_000_000) {
    cache.set(key, result);
    cacheChars += key.length;
    while (cache.size > cacheLimit || cacheChars > cacheCharBudget) {
      const oldest = cache.keys().next().value!;
      cache.delete(oldest);
      cacheChars -= oldest.length;
    }
  }
  return result;
}

function decodeBlockUncached(block: PemBlock): Decoded {
  if (block.kind === 'privateKey' && /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) {
    const algorithm = block.label.split(' ')[0] === 'PRIVATE' ? 'unknown' : block.label.split(' ')[0]!;
    const view: KeyView = {
      kind: 'privateKey',
      format: algorithm === 'EC' ? 'sec1' : 'pkcs1',
      algorithm,
      encrypted: true,
      encryption: (block.headers['DEK-Info'] ?? '').split(',')[0] || 'unknown',
    };
    return { ok: true, view };
  }
  if (block.label === 'OPENSSH PRIVATE KEY') {
    return { ok: false, kind: 'privateKey', message: tr`OpenSSH private key format: not an X.509/PKCS key (not decoded)` };
  }
  if (!block.der) return { ok: false, kind: block.kind, message: block.problem?.message ?? tr`No data` };
  if (block.kind === 'unknown') return { ok: false, kind: 'unknown', message: tr`"${block.label}" blocks are not decoded` };
  return decodeDer(block.der, block.kind, block.label);
}

/** Every PEM block of a text with its decode. Never throws. */
export function decodePemText(text: string): DecodedBlock[] {
  return findPemBlocks(text).map((block) => ({ block, decoded: decodeBlock(block) }));
}

/** The contents of a file read as bytes: PEM blocks when it is text with BEGIN markers, else one DER object. */
export type DecodedFile = { readonly format: 'pem'; readonly blocks: DecodedBlock[] } | { readonly format: 'der'; readonly decoded: Decoded } | { readonly format: 'none'; readonly message: string };

const latin1 = new TextDecoder('latin1');

/** Decodes a file's bytes: PEM (any text with BEGIN markers) or binary DER. Never throws. */
export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (looksLikeDer(bytes)) return { format: 'der', decoded: detectAndDecodeDer(bytes) };
  // PEM is ASCII: latin1 keeps offsets = byte offsets and never fails.
  const text = latin1.decode(bytes);
  if (text.includes('-----BEGIN ')) return { format: 'pem', blocks: decodePemText(text) };
  if (bytes[0] === 0x30) return { format: 'der', decoded: detectAndDecodeDer(bytes) };
  return { format: 'none', message: tr`No PEM block and not DER` };
}

/** Drops every cached decode (tests, memory pressure). */
export function clearDecodeCache(): void {
  cache.clear();
  cacheChars = 0;
}
