/**
 * Certificates OpenSSL's command line cannot make (a GeneralizedTime without seconds, a year
 * before 100, a malformed or unknown critical extension), assembled field by field and signed
 * with a real P-256 key through node:crypto, so the signature verifies and the only defect is
 * the one a test puts in.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeTlv } from '../../server/src/core/pem/der';

const seq = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x30, concat(...parts));
const set = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x31, concat(...parts));

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const body: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const a of arcs.slice(2)) {
    const septets: number[] = [];
    let v = a;
    do {
      septets.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    body.push(...septets.map((s, i) => (i < septets.length - 1 ? s | 0x80 : s)));
  }
  return encodeTlv(0x06, new Uint8Array(body));
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A UTCTime TLV holding exactly `text` (well-formed or not). */
export const utcTime = (text: string): Uint8Array => encodeTlv(0x17, ascii(text));

/** A GeneralizedTime TLV holding exactly `text` (well-formed or not). */
export const generalizedTime = (text: string): Uint8Array => encodeTlv(0x18, ascii(text));

function name(cn: string): Uint8Array {
  return seq(set(seq(oid('2.5.4.3'), encodeTlv(0x0c, ascii(cn)))));
}

/** One extension: OID, criticality, and the DER of its value (put in the OCTET STRING as is). */
export function extension(extnId: string, value: Uint8Array, critical = false): Uint8Array {
  return seq(oid(extnId), ...(critical ? [encodeTlv(0x01, new Uint8Array([0xff]))] : []), encodeTlv(0x04, value));
}

export const basicConstraintsCa = (): Uint8Array => extension('2.5.29.19', seq(encodeTlv(0x01, new Uint8Array([0xff]))), true);

export interface CertificateSpec {
  readonly cn: string;
  readonly notBefore: Uint8Array;
  readonly notAfter: Uint8Array;
  readonly extensions?: readonly Uint8Array[];
  readonly serial?: number;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly spki: Uint8Array;
}

export function newKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })), spki: new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })) };
}

/** A self-signed v3 certificate (ecdsa-with-SHA256) built from `spec`. */
export function selfSigned(spec: CertificateSpec, key: SigningKey = newKey()): Uint8Array {
  return issuedBy(spec, key.spki, { cn: spec.cn, key });
}

/** A v3 certificate (ecdsa-with-SHA256) for the subject key `spki`, signed by `issuer`'s key under its name. */
export function issuedBy(spec: CertificateSpec, spki: Uint8Array, issuer: { readonly cn: string; readonly key: SigningKey }): Uint8Array {
  const alg = seq(oid('1.2.840.10045.4.3.2'));
  const exts = spec.extensions?.length ? [encodeTlv(0xa3, seq(...spec.extensions))] : [];
  const tbs = seq(
    encodeTlv(0xa0, encodeTlv(0x02, new Uint8Array([2]))),
    encodeTlv(0x02, new Uint8Array([spec.serial ?? 1])),
    alg,
    name(issuer.cn),
    seq(spec.notBefore, spec.notAfter),
    name(spec.cn),
    spki,
    ...exts,
  );
  const signature = new Uint8Array(sign('sha256', tbs, issuer.key.privateKey));
  return seq(tbs, alg, encodeTlv(0x03, concat(new Uint8Array([0]), signature)));
}

/** PEM text of a certificate DER. */
export function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
