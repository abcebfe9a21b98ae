/**
 * Turns one file's bytes into the PKI items it holds: PEM blocks anywhere in a
 * text file (bundles, YAML/TOML with embedded PEM), or one binary DER object
 * (certificate, CRL, CSR, key, PKCS#7 bundle, PKCS#12 container). Never throws:
 * anything unreadable becomes an `error` item with a message.
 */
import { findPemBlocks } from '../pem/blocks';
import { pemLabel } from '../pem/labels';
import { encodeBase64 } from '../pem/base64';
import { pkcs7Contents } from '../pem/decode';
import { DerError, readTlv, TAG } from '../pem/der';
import { derShape, readLeadingCertificate, type DerKind } from '../pem/derObject';
import { parseCertificate, parseCrl, parseCsr, parsePrivateKey, parsePublicKey, type ParsedCertificate, type ParsedCrl, type ParsedCsr, type ParsedKey, type PkiCrypto } from './parse';
import { isPkcs7 } from './pkcs7';
import { isPkcs12, listPkcs12, type Pkcs12Listing } from './pkcs12';
import { tr } from '../l10n';

export type ItemFormat = 'pem' | 'der' | 'pkcs7' | 'pkcs12';

export interface ItemOrigin {
  readonly path: string;
  /** Index of the item in its file (PEM block index, or position in a PKCS#7/#12 bundle). */
  readonly index: number;
  readonly format: ItemFormat;
  /** Character offsets of the PEM block in the file's text. */
  readonly start?: number;
  readonly end?: number;
}

export type PkiItem =
  | { readonly kind: 'certificate'; readonly origin: ItemOrigin; readonly cert: ParsedCertificate }
  | { readonly kind: 'crl'; readonly origin: ItemOrigin; readonly crl: ParsedCrl }
  | { readonly kind: 'csr'; readonly origin: ItemOrigin; readonly csr: ParsedCsr }
  | { readonly kind: 'key'; readonly origin: ItemOrigin; readonly key: ParsedKey }
  | { readonly kind: 'pkcs12'; readonly origin: ItemOrigin; readonly listing: Pkcs12Listing }
  | { readonly kind: 'error'; readonly origin: ItemOrigin; readonly message: string };

/** PEM text for a DER object, 64 characters a line. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function message(err: unknown): string {
  return err instanceof DerError ? tr`malformed DER at byte ${err.offset}: ${err.message}` : err instanceof Error ? err.message : String(err);
}

function decodeLabelled(label: string, der: Uint8Array, origin: ItemOrigin, crypto: PkiCrypto): PkiItem[] {
  const what = pemLabel(label);
  try {
    switch (what?.kind) {
      case 'certificate':
        return [{ kind: 'certificate', origin, cert: readLeadingCertificate(der, (c) => parseCertificate(c, crypto)).value }];
      case 'crl':
        return [{ kind: 'crl', origin, crl: parseCrl(der, crypto) }];
      case 'csr':
        return [{ kind: 'csr', origin, csr: parseCsr(der, crypto) }];
      case 'privateKey':
        if (what.keyForm && what.keyForm !== 'openssh') return [{ kind: 'key', origin, key: parsePrivateKey(der, what.keyForm, crypto) }];
        break;
      case 'publicKey':
        return [{ kind: 'key', origin, key: parsePublicKey(der, crypto, label === 'RSA PUBLIC KEY' ? label : 'PUBLIC KEY') }];
      case 'pkcs7':
        return pkcs7Items(der, origin, crypto);
      case 'parameters':
      case 'session':
      case 'attributeCertificate':
        return [];
    }
    return [{ kind: 'error', origin, message: tr`unsupported PEM label "${label}"` }];
  } catch (err) {
    return [{ kind: 'error', origin, message: message(err) }];
  }
}

function pkcs7Items(der: Uint8Array, origin: ItemOrigin, crypto: PkiCrypto): PkiItem[] {
  const { certificates, crls } = pkcs7Contents(der);
  const out: PkiItem[] = [];
  let n = 0;
  for (const c of certificates) {
    const o = { ...origin, format: 'pkcs7' as const, index: n++ };
    try {
      out.push({ kind: 'certificate', origin: o, cert: parseCertificate(c, crypto) });
    } catch (err) {
      out.push({ kind: 'error', origin: o, message: message(err) });
    }
  }
  for (const c of crls) {
    const o = { ...origin, format: 'pkcs7' as const, index: n++ };
    try {
      out.push({ kind: 'crl', origin: o, crl: parseCrl(c, crypto) });
    } catch (err) {
      out.push({ kind: 'error', origin: o, message: message(err) });
    }
  }
  return out;
}

/** Whether the bytes look like text (no NULs, few control characters in the first 4 KB). */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) ctl++;
  }
  return ctl <= n / 100;
}

/** Decodes every item of a file. `path` is used for origins and as a format hint. */
export function decodeFileBytes(path: string, data: Uint8Array, crypto: PkiCrypto): PkiItem[] {
  const origin = (index: number, format: ItemFormat, start?: number, end?: number): ItemOrigin => ({ path, index, format, start, end });
  if (looksLikeText(data)) {
    const text = new TextDecoder('utf-8').decode(data);
    if (text.includes('-----BEGIN ')) {
      const out: PkiItem[] = [];
      for (const block of findPemBlocks(text)) {
        // Blocks of other kinds (test-suite annotations, SSH keys, ...) are not PKI items.
        if (block.kind === 'unknown') continue;
        const o = origin(block.index, 'pem', block.start, block.end);
        if (!block.der) out.push({ kind: 'error', origin: o, message: block.problem?.message ?? tr`unreadable PEM block` });
        else if (/ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) out.push({ kind: 'key', origin: o, key: { kind: 'private', encrypted: true, algorithm: block.label.split(' ')[0] } });
        else out.push(...decodeLabelled(block.label, block.der, o, crypto));
      }
      return out;
    }
    if (data[0] !== TAG.SEQUENCE) {
      const message = data.length ? tr`a text file without a PEM block ("-----BEGIN …-----")` : tr`an empty file`;
      return [{ kind: 'error', origin: origin(0, 'der'), message }];
    }
  }
  return decodeDer(path, data, crypto);
}

function bundleItems(data: Uint8Array, o: ItemOrigin, crypto: PkiCrypto): PkiItem[] {
  try {
    return pkcs7Items(data, { ...o, format: 'pkcs7' }, crypto);
  } catch (err) {
    return [{ kind: 'error', origin: { ...o, format: 'pkcs7' }, message: message(err) }];
  }
}

/** One binary DER object, identified by structure (extension only breaks ties). */
export function decodeDer(path: string, data: Uint8Array, crypto: PkiCrypto): PkiItem[] {
  const o: ItemOrigin = { path, index: 0, format: 'der' };
  // A bundle in BER (an indefinite length, as Windows and Java write them), which OpenSSL reads.
  if (data[1] === 0x80 && isPkcs7(data)) return bundleItems(data, o, crypto);
  let top;
  try {
    top = readTlv(data, 0);
    if (top.tag !== TAG.SEQUENCE) throw new DerError('not a DER SEQUENCE', 0);
    if (top.end !== data.length && !/\.(p12|pfx)$/i.test(path)) {
      try {
        return [{ kind: 'certificate', origin: o, cert: readLeadingCertificate(data, (c) => parseCertificate(c, crypto)).value }];
      } catch {
        // not a certificate: any other object followed by bytes is refused, and the trailing bytes are the error
      }
      throw new DerError(`${data.length - top.end} trailing bytes after the DER object`, top.end);
    }
  } catch (err) {
    return [{ kind: 'error', origin: o, message: tr`not a certificate, key or PEM file (${message(err)})` }];
  }
  if (isPkcs12(data)) {
    try {
      return [{ kind: 'pkcs12', origin: { ...o, format: 'pkcs12' }, listing: listPkcs12(data) }];
    } catch (err) {
      return [{ kind: 'error', origin: { ...o, format: 'pkcs12' }, message: message(err) }];
    }
  }
  if (isPkcs7(data)) return bundleItems(data, o, crypto);
  const shape = derShape(data);
  const attempts: Array<[DerKind, () => PkiItem]> = [
    ['certificate', () => ({ kind: 'certificate', origin: o, cert: parseCertificate(data, crypto) })],
    ['crl', () => ({ kind: 'crl', origin: o, crl: parseCrl(data, crypto) })],
    ['csr', () => ({ kind: 'csr', origin: o, csr: parseCsr(data, crypto) })],
    ['pkcs8', () => ({ kind: 'key', origin: o, key: parsePrivateKey(data, 'pkcs8', crypto) })],
    ['spki', () => ({ kind: 'key', origin: o, key: parsePublicKey(data, crypto) })],
    ['pkcs1-public', () => ({ kind: 'key', origin: o, key: parsePublicKey(data, crypto, 'RSA PUBLIC KEY') })],
    ['pkcs1', () => ({ kind: 'key', origin: o, key: parsePrivateKey(data, 'pkcs1', crypto) })],
    ['sec1', () => ({ kind: 'key', origin: o, key: parsePrivateKey(data, 'sec1', crypto) })],
    ['dsa', () => ({ kind: 'key', origin: o, key: parsePrivateKey(data, 'dsa', crypto) })],
  ];
  const order = attempts.filter(([k]) => shape.includes(k));
  let firstError: unknown;
  for (const [, attempt] of order) {
    try {
      return [attempt()];
    } catch (err) {
      firstError ??= err;
    }
  }
  return [{ kind: 'error', origin: o, message: firstError ? message(firstError) : tr`DER object of an unknown kind` }];
}

