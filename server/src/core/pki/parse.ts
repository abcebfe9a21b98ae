/**
 * Field readers for the objects the PKI tree groups: X.509 certificates, CRLs,
 * CSRs and keys. They read only what the tree shows and what chain building
 * needs (names, key identifiers, the signed bytes and signature), straight from
 * DER. Cryptography (digests, signature checks, deriving a private key's public
 * half) comes in through PkiCrypto so this stays pure and synchronous.
 */
import { bytes, children, DerError, expect, readBitString, readIntegerHex, readOid, readSmallInt, readString, readTime, readTlv, Tag, toHex, whole, type Tlv } from './der';
import { curves, dnAttributeNames, extendedKeyUsageNames, keyUsageNames, Oid, publicKeyAlgorithmNames, signatureAlgorithmNames } from './oids';

/** Synchronous crypto the PKI module needs; the Node host implements it with node:crypto. */
export interface PkiCrypto {
  digest(algorithm: 'sha1' | 'sha256', data: Uint8Array): Uint8Array;
  /** Checks `signature` over `signed` with the SubjectPublicKeyInfo `spki`; false on any error. */
  verify(signatureAlgorithm: AlgorithmId, spki: Uint8Array, signed: Uint8Array, signature: Uint8Array): boolean;
  /** The SubjectPublicKeyInfo (DER) of an unencrypted private key, or undefined if it cannot be derived. */
  publicKeyOfPrivateKey(der: Uint8Array, format: 'pkcs8' | 'pkcs1' | 'sec1'): Uint8Array | undefined;
  /** PBKDF2 (for PKCS#12 PBES2). */
  pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keyLength: number, hash: string): Uint8Array;
  /** Symmetric decryption (node:crypto cipher name, e.g. `aes-256-cbc`); throws on bad padding. */
  decrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** HMAC (for the PKCS#12 MAC). */
  hmac(hash: string, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Plain digest with any algorithm name (for the PKCS#12 key derivation). */
  hash(hash: string, data: Uint8Array): Uint8Array;
}

export interface AlgorithmId {
  readonly oid: string;
  /** DER of the parameters, if any (RSASSA-PSS needs them). */
  readonly params?: Uint8Array;
}

export interface DnAttribute {
  readonly type: string;
  readonly value: string;
}

/** What identifies a public key: its algorithm, size and the hex SHA-256 of its SubjectPublicKeyInfo DER. */
export interface KeyIdentity {
  readonly algorithm: string;
  readonly bits?: number;
  readonly curve?: string;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER: the key's identity. */
  readonly id: string;
}

export interface PublicKeyInfo extends KeyIdentity {
  readonly der: Uint8Array;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly version: number;
  readonly serial: string;
  readonly serialNegative: boolean;
  readonly signatureAlgorithm: AlgorithmId;
  readonly issuer: readonly DnAttribute[];
  readonly subject: readonly DnAttribute[];
  /** Canonical DN strings, for comparing names. */
  readonly issuerKey: string;
  readonly subjectKey: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly publicKey: PublicKeyInfo;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical: boolean };
  readonly keyUsage?: readonly string[];
  readonly extKeyUsage?: readonly string[];
  readonly subjectAltNames?: readonly string[];
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly sha256: string;
  readonly sha1: string;
}

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly issuer: readonly DnAttribute[];
  readonly issuerKey: string;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  readonly revoked: ReadonlyArray<{ readonly serial: string; readonly date: number }>;
  readonly authorityKeyId?: string;
  readonly crlNumber?: string;
  readonly signatureAlgorithm: AlgorithmId;
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly sha256: string;
}

export interface ParsedCsr {
  readonly subject: readonly DnAttribute[];
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: AlgorithmId;
  readonly sha256: string;
}

export interface ParsedKey {
  readonly kind: 'private' | 'public';
  readonly encrypted: boolean;
  /** Undefined for encrypted private keys (their public half is unknown without the password). */
  readonly publicKey?: KeyIdentity;
  /** Algorithm when it is known even without the public half. */
  readonly algorithm?: string;
}

function algorithmId(b: Uint8Array, t: Tlv): AlgorithmId {
  const [oidTlv, params] = children(b, t);
  if (!oidTlv) throw new DerError('empty AlgorithmIdentifier', t.start);
  const oid = readOid(b, oidTlv);
  return params && params.tag !== Tag.null ? { oid, params: whole(b, params) } : { oid };
}

function readName(b: Uint8Array, t: Tlv): DnAttribute[] {
  if (t.tag !== Tag.sequence) throw new DerError('expected a Name', t.start);
  const out: DnAttribute[] = [];
  for (const rdn of children(b, t)) {
    for (const atv of children(b, rdn)) {
      const [type, value] = children(b, atv);
      if (!type || !value) throw new DerError('bad AttributeTypeAndValue', atv.start);
      const oid = readOid(b, type);
      out.push({ type: dnAttributeNames[oid] ?? oid, value: value.tag < 0x20 || value.tag === Tag.bmpString ? readString(b, value) : `#${toHex(whole(b, value))}` });
    }
  }
  return out;
}

/** The DN in OpenSSL's one-line order (`C=US, O=Example, CN=Root`). */
export function formatDn(dn: readonly DnAttribute[]): string {
  return dn.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** RFC 5280 comparison key: attribute types plus case-folded, whitespace-collapsed values. */
function dnKey(dn: readonly DnAttribute[]): string {
  return dn.map((a) => `${a.type}=${a.value.trim().replace(/\s+/g, ' ').toLowerCase()}`).join('\u0001');
}

export function commonName(dn: readonly DnAttribute[]): string | undefined {
  for (let i = dn.length - 1; i >= 0; i--) if (dn[i]!.type === 'CN') return dn[i]!.value;
  return undefined;
}

export function readPublicKeyInfo(b: Uint8Array, spki: Tlv, crypto: PkiCrypto): PublicKeyInfo {
  const [alg, key] = children(b, spki);
  if (!alg || !key) throw new DerError('bad SubjectPublicKeyInfo', spki.start);
  const id = algorithmId(b, alg);
  const der = whole(b, spki);
  const algorithm = publicKeyAlgorithmNames[id.oid] ?? id.oid;
  let bits: number | undefined;
  let curve: string | undefined;
  if (id.oid === Oid.rsaEncryption || id.oid === Oid.rsaPss) {
    try {
      const inner = readBitString(b, key);
      const seq = readTlv(inner, 0);
      const [n] = children(inner, seq);
      if (n) {
        let s = n.body;
        while (s < n.end && inner[s] === 0) s++;
        bits = (n.end - s) * 8 - (s < n.end ? Math.clz32(inner[s]!) - 24 : 0);
      }
    } catch {
      // size unknown
    }
  } else if (id.oid === Oid.ecPublicKey && id.params) {
    try {
      const c = curves[readOid(id.params, readTlv(id.params, 0))];
      if (c) {
        curve = c.name;
        bits = c.bits;
      }
    } catch {
      // unknown curve
    }
  } else if (id.oid === Oid.ed25519) bits = 256;
  else if (id.oid === Oid.ed448) bits = 456;
  return { algorithm, bits, curve, id: toHex(crypto.digest('sha256', der)), der };
}

/** Parses a DER X.509 certificate. Throws DerError when it is not one. */
export function parseCertificate(der: Uint8Array, crypto: PkiCrypto): ParsedCertificate {
  const cert = expect(der, 0, Tag.sequence, der.length, 'Certificate SEQUENCE');
  const [tbsTlv, sigAlgTlv, sigTlv] = children(der, cert);
  if (!tbsTlv || !sigAlgTlv || !sigTlv) throw new DerError('a Certificate has three parts', cert.start);
  const tbsParts = children(der, tbsTlv);
  let i = 0;
  let version = 1;
  if (tbsParts[0]?.tag === 0xa0) {
    const v = readTlv(der, tbsParts[0].body, tbsParts[0].end);
    version = readSmallInt(der, v) + 1;
    i++;
  }
  const serialTlv = tbsParts[i++];
  const innerAlg = tbsParts[i++];
  const issuerTlv = tbsParts[i++];
  const validity = tbsParts[i++];
  const subjectTlv = tbsParts[i++];
  const spkiTlv = tbsParts[i++];
  if (!serialTlv || !innerAlg || !issuerTlv || !validity || !subjectTlv || !spkiTlv) throw new DerError('TBSCertificate is incomplete', tbsTlv.start);
  const serial = readIntegerHex(der, serialTlv);
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new DerError('bad Validity', validity.start);
  const issuer = readName(der, issuerTlv);
  const subject = readName(der, subjectTlv);
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  let basicConstraints: ParsedCertificate['basicConstraints'];
  let keyUsage: string[] | undefined;
  let extKeyUsage: string[] | undefined;
  let subjectAltNames: string[] | undefined;
  for (; i < tbsParts.length; i++) {
    const t = tbsParts[i]!;
    if (t.tag !== 0xa3) continue;
    const exts = readTlv(der, t.body, t.end);
    for (const ext of children(der, exts)) {
      const parts = children(der, ext);
      const oid = readOid(der, parts[0]!);
      const critical = parts.length === 3 && parts[1]!.tag === Tag.boolean && der[parts[1]!.body] !== 0;
      const value = parts[parts.length - 1]!;
      if (value.tag !== Tag.octetString) throw new DerError('extension value is not an OCTET STRING', value.start);
      const inner = readTlv(der, value.body, value.end);
      switch (oid) {
        case Oid.subjectKeyIdentifier:
          subjectKeyId = toHex(bytes(der, inner));
          break;
        case Oid.authorityKeyIdentifier:
          for (const c of children(der, inner)) if (c.tag === 0x80) authorityKeyId = toHex(bytes(der, c));
          break;
        case Oid.basicConstraints: {
          let ca = false;
          let pathLen: number | undefined;
          for (const c of children(der, inner)) {
            if (c.tag === Tag.boolean) ca = der[c.body] !== 0;
            else if (c.tag === Tag.integer) pathLen = readSmallInt(der, c);
          }
          basicConstraints = { ca, pathLen, critical };
          break;
        }
        case Oid.keyUsage: {
          const bits = readBitString(der, inner);
          keyUsage = keyUsageNames.filter((_, n) => ((bits[n >> 3] ?? 0) & (0x80 >> (n & 7))) !== 0);
          break;
        }
        case Oid.extKeyUsage:
          extKeyUsage = children(der, inner).map((c) => {
            const o = readOid(der, c);
            return extendedKeyUsageNames[o] ?? o;
          });
          break;
        case Oid.subjectAltName:
          subjectAltNames = children(der, inner).map((c) => generalName(der, c));
          break;
      }
    }
  }
  return {
    der: whole(der, cert),
    version,
    serial: serial.hex,
    serialNegative: serial.negative,
    signatureAlgorithm: algorithmId(der, sigAlgTlv),
    issuer,
    subject,
    issuerKey: dnKey(issuer),
    subjectKey: dnKey(subject),
    notBefore: readTime(der, nb),
    notAfter: readTime(der, na),
    publicKey: readPublicKeyInfo(der, spkiTlv, crypto),
    subjectKeyId,
    authorityKeyId,
    basicConstraints,
    keyUsage,
    extKeyUsage,
    subjectAltNames,
    tbs: whole(der, tbsTlv),
    signature: readBitString(der, sigTlv),
    sha256: toHex(crypto.digest('sha256', whole(der, cert))),
    sha1: toHex(crypto.digest('sha1', whole(der, cert))),
  };
}

function generalName(b: Uint8Array, t: Tlv): string {
  const v = bytes(b, t);
  switch (t.tag) {
    case 0x81:
      return `email:${readString(b, { ...t, tag: Tag.ia5String })}`;
    case 0x82:
      return `DNS:${readString(b, { ...t, tag: Tag.ia5String })}`;
    case 0x86:
      return `URI:${readString(b, { ...t, tag: Tag.ia5String })}`;
    case 0x87:
      if (v.length === 4) return `IP Address:${[...v].join('.')}`;
      if (v.length === 16) {
        const groups: string[] = [];
        for (let k = 0; k < 16; k += 2) groups.push(((v[k]! << 8) | v[k + 1]!).toString(16).toUpperCase());
        return `IP Address:${groups.join(':')}`;
      }
      return `IP Address:<invalid>`;
    case 0xa4:
      try {
        return `DirName:${formatDn(readName(b, readTlv(b, t.body, t.end)))}`;
      } catch {
        return 'DirName:<invalid>';
      }
    case 0xa0:
      return 'othername:<unsupported>';
    case 0x88:
      try {
        return `Registered ID:${readOid(b, { ...t, tag: Tag.oid })}`;
      } catch {
        return 'Registered ID:<invalid>';
      }
    default:
      return `<unsupported name type ${t.tag & 0x1f}>`;
  }
}

/** Parses a DER X.509 CRL. */
export function parseCrl(der: Uint8Array, crypto: PkiCrypto): ParsedCrl {
  const crl = expect(der, 0, Tag.sequence, der.length, 'CertificateList SEQUENCE');
  const [tbsTlv, sigAlgTlv, sigTlv] = children(der, crl);
  if (!tbsTlv || !sigAlgTlv || !sigTlv) throw new DerError('a CRL has three parts', crl.start);
  const parts = children(der, tbsTlv);
  let i = 0;
  if (parts[0]?.tag === Tag.integer) i++;
  i++; // signature algorithm
  const issuerTlv = parts[i++];
  const thisUpdateTlv = parts[i++];
  if (!issuerTlv || !thisUpdateTlv) throw new DerError('TBSCertList is incomplete', tbsTlv.start);
  let nextUpdate: number | undefined;
  if (parts[i] && (parts[i]!.tag === Tag.utcTime || parts[i]!.tag === Tag.generalizedTime)) nextUpdate = readTime(der, parts[i++]!);
  const revoked: { serial: string; date: number }[] = [];
  if (parts[i]?.tag === Tag.sequence) {
    for (const entry of children(der, parts[i++]!)) {
      const [s, d] = children(der, entry);
      if (!s || !d) throw new DerError('bad revoked entry', entry.start);
      revoked.push({ serial: readIntegerHex(der, s).hex, date: readTime(der, d) });
    }
  }
  let authorityKeyId: string | undefined;
  let crlNumber: string | undefined;
  if (parts[i]?.tag === 0xa0) {
    const exts = readTlv(der, parts[i]!.body, parts[i]!.end);
    for (const ext of children(der, exts)) {
      const ep = children(der, ext);
      const oid = readOid(der, ep[0]!);
      const value = ep[ep.length - 1]!;
      const inner = readTlv(der, value.body, value.end);
      if (oid === Oid.authorityKeyIdentifier) {
        for (const c of children(der, inner)) if (c.tag === 0x80) authorityKeyId = toHex(bytes(der, c));
      } else if (oid === Oid.crlNumber) crlNumber = readIntegerHex(der, inner).hex;
    }
  }
  const issuer = readName(der, issuerTlv);
  return {
    der: whole(der, crl),
    issuer,
    issuerKey: dnKey(issuer),
    thisUpdate: readTime(der, thisUpdateTlv),
    nextUpdate,
    revoked,
    authorityKeyId,
    crlNumber,
    signatureAlgorithm: algorithmId(der, sigAlgTlv),
    tbs: whole(der, tbsTlv),
    signature: readBitString(der, sigTlv),
    sha256: toHex(crypto.digest('sha256', whole(der, crl))),
  };
}

/** Parses a DER PKCS#10 certificate request. */
export function parseCsr(der: Uint8Array, crypto: PkiCrypto): ParsedCsr {
  const csr = expect(der, 0, Tag.sequence, der.length, 'CertificationRequest SEQUENCE');
  const [info, alg] = children(der, csr);
  if (!info || !alg) throw new DerError('bad CertificationRequest', csr.start);
  const [, subjectTlv, spkiTlv] = children(der, info);
  if (!subjectTlv || !spkiTlv) throw new DerError('bad CertificationRequestInfo', info.start);
  return {
    subject: readName(der, subjectTlv),
    publicKey: readPublicKeyInfo(der, spkiTlv, crypto),
    signatureAlgorithm: algorithmId(der, alg),
    sha256: toHex(crypto.digest('sha256', whole(der, csr))),
  };
}

/** Reads a public key (SubjectPublicKeyInfo DER). */
export function parsePublicKey(der: Uint8Array, crypto: PkiCrypto): ParsedKey {
  const spki = expect(der, 0, Tag.sequence, der.length, 'SubjectPublicKeyInfo');
  const publicKey = readPublicKeyInfo(der, spki, crypto);
  return { kind: 'public', encrypted: false, publicKey, algorithm: publicKey.algorithm };
}

/**
 * Reads a private key. Its public half is derived through PkiCrypto; only the
 * public half leaves this function — never any private key material.
 */
export function parsePrivateKey(der: Uint8Array, format: 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted', crypto: PkiCrypto): ParsedKey {
  const seq = expect(der, 0, Tag.sequence, der.length, 'private key SEQUENCE');
  if (format === 'encrypted') return { kind: 'private', encrypted: true };
  let algorithm: string | undefined = format === 'pkcs1' ? 'RSA' : format === 'sec1' ? 'EC' : undefined;
  if (format === 'pkcs8') {
    const [, alg] = children(der, seq);
    if (alg?.tag === Tag.sequence) {
      const oid = readOid(der, children(der, alg)[0]!);
      algorithm = publicKeyAlgorithmNames[oid] ?? oid;
    }
  }
  const spki = crypto.publicKeyOfPrivateKey(der, format);
  if (!spki) return { kind: 'private', encrypted: false, algorithm };
  const publicKey = readPublicKeyInfo(spki, readTlv(spki, 0), crypto);
  return { kind: 'private', encrypted: false, publicKey, algorithm: publicKey.algorithm };
}

export const signatureAlgorithmName = (a: AlgorithmId): string => signatureAlgorithmNames[a.oid] ?? a.oid;
