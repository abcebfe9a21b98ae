/**
 * Signature checks and public-key identities that need real cryptography. The
 * WebCrypto object comes from Environment.crypto, so the core stays pure.
 */
import type { webcrypto } from 'node:crypto';
import { DerError, TAG, bytesOf, children, encodeTlv, expect, readBitString, readOid, readTlv, seq, type Tlv } from './der';
import type { Environment } from '../environment';
import { ecSpki, publicKeyIdOfSpki, rawSpki, readSignatureAlgorithm, readSpki } from './decode';

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported' | 'malformed';

/** The TBS bytes, algorithm and signature of a certificate, CSR or CRL. */
function signed(der: Uint8Array): { tbs: Uint8Array; alg: Tlv; sig: Uint8Array } {
  const outer = readTlv(der, 0);
  const [tbs, alg, sig] = seq(der, outer, 'signed object', 0);
  return { tbs: der.subarray(tbs!.start, tbs!.end), alg: expect(alg, TAG.SEQUENCE, 'signatureAlgorithm', 0), sig: readBitString(der, expect(sig, TAG.BIT_STRING, 'signature', 0)).bytes };
}

/** The SubjectPublicKeyInfo DER of a certificate (or of a CSR). */
export function spkiOf(certDer: Uint8Array): Uint8Array {
  const outer = readTlv(certDer, 0);
  const body = seq(certDer, outer, 'Certificate', 0)[0]!;
  const f = children(certDer, body);
  // Certificate: [0]version? serial sigAlg issuer validity subject SPKI; CSR: version subject SPKI.
  const isCert = f[0]?.tag === 0xa0 || f.length > 4;
  const idx = isCert ? (f[0]?.tag === 0xa0 ? 6 : 5) : 2;
  const spki = expect(f[idx], TAG.SEQUENCE, 'subjectPublicKeyInfo', body.start);
  return certDer.subarray(spki.start, spki.end);
}

/** ECDSA DER signature (SEQUENCE{r,s}) → the fixed-width r||s WebCrypto expects. */
function ecdsaRaw(sig: Uint8Array, size: number): Uint8Array {
  const [r, s] = seq(sig, readTlv(sig, 0), 'ECDSA-Sig-Value', 0);
  const out = new Uint8Array(size * 2);
  const put = (node: Tlv | undefined, at: number): void => {
    if (!node) throw new DerError('ECDSA signature without r or s', 0);
    let b = bytesOf(sig, node);
    while (b.length > size && b[0] === 0) b = b.subarray(1);
    if (b.length > size) throw new DerError('ECDSA integer too long', node.start);
    out.set(b, at + size - b.length);
  };
  put(r, 0);
  put(s, size);
  return out;
}

const curveSizes: Readonly<Record<string, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/**
 * Checks that `signedDer` (a certificate, CRL or CSR) was signed by the key in
 * `issuerDer` (a certificate, or a SubjectPublicKeyInfo when `issuerIsSpki`).
 * D2 builds chains with this: a candidate issuer is confirmed only when `valid`.
 */
export async function verifySignature(signedDer: Uint8Array, issuerDer: Uint8Array, crypto: webcrypto.Crypto, issuerIsSpki = false): Promise<SignatureCheck> {
  let parts: ReturnType<typeof signed>;
  let spki: Uint8Array;
  try {
    parts = signed(signedDer);
    spki = issuerIsSpki ? issuerDer : spkiOf(issuerDer);
  } catch {
    return 'malformed';
  }
  const sigAlg = readSignatureAlgorithmSafe(signedDer, parts.alg);
  if (!sigAlg) return 'malformed';
  const key = readSpki(spki, readTlv(spki, 0));
  const subtle = crypto.subtle;
  try {
    let algorithm: webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams;
    let importAlg: webcrypto.AlgorithmIdentifier | webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
    let signature = parts.sig;
    const hash = sigAlg.hash;
    if (sigAlg.name.endsWith('WithRSAEncryption') && key.algorithm === 'RSA') {
      if (!hash || !['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].includes(hash)) return 'unsupported';
      importAlg = { name: 'RSASSA-PKCS1-v1_5', hash };
      algorithm = { name: 'RSASSA-PKCS1-v1_5' };
    } else if (sigAlg.name === 'rsassaPss' && (key.algorithm === 'RSA' || key.algorithm === 'RSA-PSS')) {
      if (!hash || !['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].includes(hash)) return 'unsupported';
      if (key.algorithm === 'RSA-PSS') spki = rsaPssToRsaSpki(spki);
      importAlg = { name: 'RSA-PSS', hash };
      algorithm = { name: 'RSA-PSS', saltLength: pssSaltLength(signedDer, parts.alg) ?? ({ 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 } as Record<string, number>)[hash]! };
    } else if (sigAlg.name.startsWith('ecdsa-with-') && key.algorithm === 'EC') {
      const curve = key.nistCurve;
      if (!curve || !curveSizes[curve] || !hash || hash === 'SHA-224') return 'unsupported';
      importAlg = { name: 'ECDSA', namedCurve: curve };
      algorithm = { name: 'ECDSA', hash };
      signature = ecdsaRaw(signature, curveSizes[curve]!);
    } else if (sigAlg.name === 'ED25519' && key.algorithm === 'Ed25519') {
      importAlg = { name: 'Ed25519' };
      algorithm = { name: 'Ed25519' };
    } else if (sigAlg.name === 'ED448' && key.algorithm === 'Ed448') {
      importAlg = { name: 'Ed448' };
      algorithm = { name: 'Ed448' };
    } else {
      return signatureAlgorithmMismatch(sigAlg.name, key.algorithm) ? 'invalid' : 'unsupported';
    }
    const publicKey = await subtle.importKey('spki', spki, importAlg, false, ['verify']);
    return (await subtle.verify(algorithm, publicKey, signature, parts.tbs)) ? 'valid' : 'invalid';
  } catch {
    return 'malformed';
  }
}

/**
 * verifySignature, and where WebCrypto has no such algorithm, the host's own check
 * (Environment.verifySignature, node:crypto's in the server and the CLI), as OpenSSL would check it.
 */
export async function verifySignatureIn(env: Pick<Environment, 'crypto' | 'verifySignature'>, signedDer: Uint8Array, issuerDer: Uint8Array): Promise<SignatureCheck> {
  const check = await verifySignature(signedDer, issuerDer, env.crypto);
  if (check !== 'unsupported' || !env.verifySignature) return check;
  try {
    const parts = signed(signedDer);
    const oid = readTlv(signedDer, parts.alg.valueStart, parts.alg.end);
    const params = oid.end < parts.alg.end ? readTlv(signedDer, oid.end, parts.alg.end) : undefined;
    const algorithm = { oid: readOid(signedDer, expect(oid, TAG.OID, 'algorithm', parts.alg.start)), ...(params && params.tag !== TAG.NULL ? { params: signedDer.subarray(params.start, params.end) } : {}) };
    return (await env.verifySignature(algorithm, spkiOf(issuerDer), parts.tbs, parts.sig)) ? 'valid' : 'invalid';
  } catch {
    return 'malformed';
  }
}

function signatureAlgorithmMismatch(sigName: string, keyAlg: string): boolean {
  const rsa = sigName.endsWith('WithRSAEncryption') || sigName === 'rsassaPss';
  const ec = sigName.startsWith('ecdsa-with-');
  return (rsa && keyAlg !== 'RSA' && keyAlg !== 'RSA-PSS') || (ec && keyAlg !== 'EC') || (sigName === 'ED25519' && keyAlg !== 'Ed25519');
}

function readSignatureAlgorithmSafe(der: Uint8Array, alg: Tlv): ReturnType<typeof readSignatureAlgorithm> | undefined {
  try {
    return readSignatureAlgorithm(der, alg);
  } catch {
    return undefined;
  }
}

function pssSaltLength(der: Uint8Array, alg: Tlv): number | undefined {
  const [, params] = children(der, alg);
  if (!params || params.tag !== TAG.SEQUENCE) return undefined;
  for (const p of children(der, params)) {
    if (p.tag === 0xa2) {
      const v = readTlv(der, p.valueStart, p.end);
      return Number(bytesOf(der, v).reduce((n, b) => n * 256 + b, 0));
    }
  }
  return undefined;
}

/** WebCrypto imports RSA-PSS keys only with the rsaEncryption OID. */
function rsaPssToRsaSpki(spki: Uint8Array): Uint8Array {
  const outer = readTlv(spki, 0);
  const [, key] = children(spki, outer);
  const algId = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
  const bits = spki.subarray(key!.start, key!.end);
  const content = new Uint8Array(algId.length + bits.length);
  content.set(algId);
  content.set(bits, algId.length);
  return encodeTlv(TAG.SEQUENCE, content);
}

function b64urlToBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const namedCurveOids: Readonly<Record<string, Uint8Array>> = {
  'P-256': new Uint8Array([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
  'P-384': new Uint8Array([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]),
  'P-521': new Uint8Array([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]),
};
const rawAlgOids: Readonly<Record<string, Uint8Array>> = {
  Ed25519: new Uint8Array([0x06, 0x03, 0x2b, 0x65, 0x70]),
  Ed448: new Uint8Array([0x06, 0x03, 0x2b, 0x65, 0x71]),
  X25519: new Uint8Array([0x06, 0x03, 0x2b, 0x65, 0x6e]),
  X448: new Uint8Array([0x06, 0x03, 0x2b, 0x65, 0x6f]),
};

/**
 * The public-key id of an unencrypted PKCS#8 private key whose public half is not
 * stored in it (Ed25519 v1, EC without the optional public key): WebCrypto derives
 * it. The private key never leaves this function. Undefined when not derivable.
 */
export async function derivePublicKeyId(pkcs8Der: Uint8Array, crypto: webcrypto.Crypto): Promise<string | undefined> {
  try {
    const outer = readTlv(pkcs8Der, 0);
    const k = children(pkcs8Der, outer);
    const [oidNode, params] = seq(pkcs8Der, k[1], 'privateKeyAlgorithm', 0);
    const oid = readOid(pkcs8Der, oidNode!);
    const subtle = crypto.subtle;
    if (oid === '1.2.840.10045.2.1' && params?.tag === TAG.OID) {
      const curveOid = pkcs8Der.subarray(params.start, params.end);
      const curve = Object.entries(namedCurveOids).find(([, v]) => v.length === curveOid.length && v.every((b, i) => b === curveOid[i]))?.[0];
      if (!curve) return undefined;
      const key = await subtle.importKey('pkcs8', pkcs8Der, { name: 'ECDSA', namedCurve: curve }, true, ['sign']);
      const jwk = await subtle.exportKey('jwk', key);
      const x = b64urlToBytes(jwk.x!);
      const y = b64urlToBytes(jwk.y!);
      const point = new Uint8Array(1 + x.length + y.length);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 1 + x.length);
      return publicKeyIdOfSpki(ecSpki(curveOid, point));
    }
    const name = ({ '1.3.101.112': 'Ed25519', '1.3.101.113': 'Ed448', '1.3.101.110': 'X25519', '1.3.101.111': 'X448' } as Record<string, string>)[oid];
    if (name) {
      const usages: webcrypto.KeyUsage[] = name.startsWith('X') ? ['deriveBits'] : ['sign'];
      const key = await subtle.importKey('pkcs8', pkcs8Der, { name }, true, usages);
      const jwk = await subtle.exportKey('jwk', key);
      return publicKeyIdOfSpki(rawSpki(rawAlgOids[name]!, b64urlToBytes(jwk.x!)));
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Converts a SEC1 `EC PRIVATE KEY` into PKCS#8 so WebCrypto can import it (for derivePublicKeyId). */
export function sec1ToPkcs8(sec1Der: Uint8Array): Uint8Array | undefined {
  try {
    const outer = readTlv(sec1Der, 0);
    const kids = children(sec1Der, outer);
    const params = kids.find((c) => c.tag === 0xa0);
    if (!params) return undefined;
    const curve = readTlv(sec1Der, params.valueStart, params.end);
    const alg = encodeTlv(TAG.SEQUENCE, new Uint8Array([...[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], ...sec1Der.subarray(curve.start, curve.end)]));
    const body = new Uint8Array([0x02, 0x01, 0x00, ...alg, ...encodeTlv(TAG.OCTET_STRING, sec1Der)]);
    return encodeTlv(TAG.SEQUENCE, body);
  } catch {
    return undefined;
  }
}
