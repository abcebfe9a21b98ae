/**
 * DER → serialisable views for certificates, CSRs, CRLs, keys and PKCS#7
 * bundles. Hand-written on the strict reader in der.ts: synchronous, pure, about
 * 20–40 µs per certificate, and every failure is a message with a byte offset.
 */
import {
  DerError,
  TAG,
  bigintOf,
  bytesOf,
  children,
  concat,
  definiteLengths,
  encodeTlv,
  expect,
  integerBytes,
  readBitString,
  readBoolean,
  readOid,
  readSmallInt,
  readString,
  readTimeValue,
  readTlv,
  seq,
  tagName,
  type Tlv,
} from './der';
import { formatDn } from '../format';
import { derShape, isDsaPrivateKey, readLeadingCertificate } from './derObject';
import { goBooleanReads, goExtensionRefusal, goNameConstraintsUnhandled, goPublicKeyRefusal, goReadsCurve, goSignatureAlgorithmsMatch, isShortestInteger, nameValueRefusals } from './goParse';
import { sha1, sha256, toColonHex, toHex } from './hash';
import {
  accessMethods,
  crlReasons,
  curves,
  dnNames,
  ekuNames,
  verifierReadExtensions,
  extensionNames,
  hashOids,
  interpretedExtensions,
  keyAlgorithms,
  pbeNames,
  pkcs7ContentTypes,
  signatureAlgorithms,
} from './oids';
import type {
  NameRefusal,
  CertificateFields,
  CertificateRole,
  CertificateView,
  CrlTimeProblem,
  CrlView,
  CsrView,
  Decoded,
  DistinguishedName,
  DnAttribute,
  ExtensionInfo,
  Fingerprints,
  GeneralName,
  KeyFormat,
  KeyUsageName,
  KeyView,
  ObjectKind,
  Pkcs7View,
  PublicKeyInfo,
  RevokedEntry,
  SignatureAlgorithm,
} from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const RSA_ALG_ID = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
const EC_PUBLIC_KEY_OID = new Uint8Array([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);

/** The OBJECT IDENTIFIER TLV of id-dsa (1.2.840.10040.4.1). */
const DSA_ALG_OID = new Uint8Array([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);

/** DER SubjectPublicKeyInfo for an RSA key from the INTEGER TLVs of n and e. */
export function rsaSpki(nTlv: Uint8Array, eTlv: Uint8Array): Uint8Array {
  const rsaPub = encodeTlv(TAG.SEQUENCE, concat([nTlv, eTlv]));
  return encodeTlv(TAG.SEQUENCE, concat([RSA_ALG_ID, encodeTlv(TAG.BIT_STRING, concat([new Uint8Array([0]), rsaPub]))]));
}

/** DER SubjectPublicKeyInfo for an EC key from the curve OID TLV and the point. */
export function ecSpki(curveOidTlv: Uint8Array, point: Uint8Array): Uint8Array {
  const alg = encodeTlv(TAG.SEQUENCE, concat([EC_PUBLIC_KEY_OID, curveOidTlv]));
  return encodeTlv(TAG.SEQUENCE, concat([alg, encodeTlv(TAG.BIT_STRING, concat([new Uint8Array([0]), point]))]));
}

/** DER SubjectPublicKeyInfo for a key without parameters (Ed25519, X25519...). */
export function rawSpki(algOidTlv: Uint8Array, publicBytes: Uint8Array): Uint8Array {
  return encodeTlv(TAG.SEQUENCE, concat([encodeTlv(TAG.SEQUENCE, algOidTlv), encodeTlv(TAG.BIT_STRING, concat([new Uint8Array([0]), publicBytes]))]));
}

/** The public-key identity used everywhere: lowercase hex SHA-256 of the SPKI DER. */
export function publicKeyIdOfSpki(spkiDer: Uint8Array): string {
  return toHex(sha256(spkiDer));
}

// ---------------------------------------------------------------------------------------------
// Names

function escapeDnValue(v: string): string {
  let s = v.replace(/[\\,+"<>;]/g, (c) => `\\${c}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}


const nonAsciiRe = /[^\x20-\x7e]/;

/**
 * The string types OpenSSL prints as text in a name (UTF8String, NumericString to UniversalString
 * but CHARACTER STRING, BMPString); any other value (a BIT STRING x500UniqueIdentifier, an OCTET
 * STRING, a SEQUENCE) is printed as `#` and its DER in hex, as RFC 4514 2.4 asks.
 */
function isDnStringTag(tag: number): boolean {
  return tag === TAG.UTF8String || (tag >= TAG.NumericString && tag <= TAG.UniversalString) || tag === TAG.BMPString;
}

/** The attributes of a Name, RDN by RDN (the part both the full view and the tree's fields need). */
export function readRdns(buf: Uint8Array, node: Tlv): DnAttribute[][] {
  const rdns: DnAttribute[][] = [];
  for (const set of seq(buf, node, 'Name', node.start)) {
    const rdn: DnAttribute[] = [];
    for (const atv of seq(buf, set, 'RelativeDistinguishedName', set.start, TAG.SET)) {
      const [oidNode, valueNode] = seq(buf, atv, 'AttributeTypeAndValue', atv.start);
      const oid = readOid(buf, expect(oidNode, TAG.OID, 'attribute type', atv.start));
      if (!valueNode) throw new DerError('attribute without a value', atv.start);
      const stringLike = isDnStringTag(valueNode.tag);
      // In names OpenSSL reads IA5String as Latin-1 too (emailAddress, DC); in a SAN it passes the bytes through.
      const name = dnNames[oid];
      const dump = stringLike && name ? undefined : `#${toHex(buf, valueNode.start, valueNode.end).toUpperCase()}`;
      const value = stringLike ? readString(buf, valueNode.tag === TAG.IA5String ? { ...valueNode, tag: TAG.T61String } : valueNode) : dump!;
      rdn.push({ name: name ?? oid, oid, value, stringType: tagName(valueNode.tag), ...(dump ? { dump } : {}) });
    }
    rdns.push(rdn);
  }
  return rdns;
}

export function readName(buf: Uint8Array, node: Tlv): DistinguishedName {
  const rdns = readRdns(buf, node);
  const text = formatDn(rdns);
  // OpenSSL's RFC 2253 form walks the attributes last to first, inside a multi-valued RDN too, an
  // empty RDN (a SET with no attribute) prints nothing, and a value it cannot read as text is dumped.
  const rfc4514 = rdns.filter((r) => r.length).reverse().map((r) => [...r].reverse().map((a) => `${a.name}=${a.dump ?? escapeDnValue(a.value)}`).join('+')).join(',');
  return {
    text,
    rfc4514,
    rdns,
    key: toHex(sha256(buf.subarray(node.start, node.end))),
    nonAscii: rdns.some((r) => r.some((a) => nonAsciiRe.test(a.value))),
  };
}

function lastCn(dn: DistinguishedName): string | undefined {
  let cn: string | undefined;
  for (const r of dn.rdns) for (const a of r) if (a.oid === '2.5.4.3') cn = a.value;
  return cn;
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length === 16) {
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16).toUpperCase());
    return parts.join(':');
  }
  // Name constraints carry address+mask (8 or 32 octets).
  if (b.length === 8) return `${[...b.subarray(0, 4)].join('.')}/${[...b.subarray(4)].join('.')}`;
  return `<invalid IP ${toColonHex(b)}>`;
}

/** otherName forms OpenSSL prints by name (GENERAL_NAME_print), with a string value. */
const otherNames: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.8.5': 'XmppAddr',
  '1.3.6.1.5.5.7.8.7': 'SRVName',
  '1.3.6.1.4.1.311.20.2.3': 'UPN',
  '1.3.6.1.5.5.7.8.9': 'SmtpUTF8Mailbox',
  '1.3.6.1.5.5.7.8.8': 'NAIRealm',
};

/** otherName types OpenSSL knows by name but prints by the generic form (OBJ_obj2txt: long name, else short name). */
const otherNameTypes: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.8.1': 'id-on-personalData',
  '1.3.6.1.5.5.7.8.3': 'Permanent Identifier',
};

function isStringTag(tag: number): boolean {
  return tag === TAG.UTF8String || tag === TAG.IA5String || tag === TAG.PrintableString || tag === TAG.BMPString || tag === TAG.T61String;
}

export function readGeneralName(buf: Uint8Array, node: Tlv): GeneralName {
  const n = node.tag & 0x1f;
  const content = bytesOf(buf, node);
  const latin = (): string => readString(buf, { ...node, tag: TAG.IA5String });
  switch (n) {
    case 0: {
      const kids = children(buf, node);
      const oid = kids[0] && kids[0].tag === TAG.OID ? readOid(buf, kids[0]) : '?';
      const known = otherNames[oid];
      const inner = kids[1]?.tag === 0xa0 ? children(buf, kids[1])[0] : undefined;
      if (known && inner && isStringTag(inner.tag)) return { type: 'otherName', value: `${known}::${readString(buf, inner)}` };
      // Any other form as OpenSSL 3 prints it: the type's name or OID, then a UTF8String or IA5String value as text.
      const text = inner && (inner.tag === TAG.UTF8String || inner.tag === TAG.IA5String) ? readString(buf, inner) : '<unsupported>';
      return { type: 'otherName', value: `${otherNameTypes[oid] ?? oid}::${text}` };
    }
    case 1:
      return { type: 'email', value: latin() };
    case 2:
      return { type: 'dns', value: latin() };
    // OpenSSL prints neither an X400Address nor an EDIPartyName.
    case 3:
      return { type: 'x400', value: '<unsupported>' };
    case 4: {
      const inner = readTlv(buf, node.valueStart, node.end);
      // OpenSSL's one-line form (X509_NAME_oneline): /C=US/O=Org/CN=Name
      return { type: 'dirName', value: readName(buf, inner).rdns.map((r) => `/${r.map((a) => `${a.name}=${a.value}`).join('+')}`).join('') };
    }
    case 5:
      ediPartyName(buf, node);
      return { type: 'ediParty', value: '<unsupported>' };
    case 6:
      return { type: 'uri', value: latin() };
    case 7:
      return { type: 'ip', value: ipText(content) };
    case 8:
      return { type: 'registeredID', value: readOid(buf, { ...node, tag: TAG.OID }) };
    default:
      throw new DerError(`unknown GeneralName tag [${n}]`, node.start);
  }
}

/** DirectoryString's choices (RFC 5280 4.1.2.4), which OpenSSL's DIRECTORYSTRING reads. */
const directoryStringTags = new Set<number>([TAG.T61String, TAG.PrintableString, TAG.UniversalString, TAG.UTF8String, TAG.BMPString]);

/**
 * An EDIPartyName as OpenSSL's template reads it, which it prints only as <unsupported>:
 * [0] nameAssigner OPTIONAL and [1] partyName, each an explicitly tagged DirectoryString (a
 * CHOICE). Anything else makes OpenSSL's reader refuse the whole GeneralNames; Go skips the entry.
 */
function ediPartyName(buf: Uint8Array, node: Tlv): void {
  if (!(node.tag & 0x20)) throw new DerError('EDIPartyName is not a SEQUENCE', node.start);
  const parts = children(buf, node);
  const directoryString = (p: Tlv, what: string): void => {
    const inner = children(buf, p);
    if (!(p.tag & 0x20) || inner.length !== 1 || !directoryStringTags.has(inner[0]!.tag)) throw new DerError(`EDIPartyName's ${what} is not an explicitly tagged DirectoryString`, p.start);
  };
  let i = 0;
  if (parts[i]?.tag === 0xa0) directoryString(parts[i++]!, 'nameAssigner');
  if (parts[i]?.tag !== 0xa1 && parts[i]?.tag !== 0x81) throw new DerError('EDIPartyName has no partyName [1]', node.start);
  directoryString(parts[i++]!, 'partyName');
  if (i !== parts.length) throw new DerError('EDIPartyName has an element after its partyName', parts[i]!.start);
}

function readGeneralNames(buf: Uint8Array, node: Tlv): GeneralName[] {
  return children(buf, node).map((c) => {
    // A GeneralName is a context-specific choice: a universal element (an INTEGER, say) is none, and OpenSSL's reader refuses it.
    if ((c.tag & 0xc0) !== 0x80) throw new DerError(`an entry (${tagName(c.tag)}) is not a GeneralName`, c.start);
    return readGeneralName(buf, c);
  });
}

// ---------------------------------------------------------------------------------------------
// Algorithms and keys

export function readSignatureAlgorithm(buf: Uint8Array, node: Tlv): SignatureAlgorithm {
  const [oidNode, params] = seq(buf, node, 'AlgorithmIdentifier', node.start);
  const oid = readOid(buf, expect(oidNode, TAG.OID, 'algorithm', node.start));
  const known = signatureAlgorithms[oid];
  if (oid === '1.2.840.113549.1.1.10') {
    // RSASSA-PSS-params: [0] hashAlgorithm DEFAULT sha1
    let hash = 'SHA-1';
    if (params && params.tag === TAG.SEQUENCE) {
      for (const p of children(buf, params)) {
        if (p.tag === 0xa0) {
          const alg = readTlv(buf, p.valueStart, p.end);
          const h = readOid(buf, seq(buf, alg, 'hashAlgorithm', alg.start)[0]!);
          hash = hashOids[h] ?? h;
        }
      }
    }
    return { oid, name: 'rsassaPss', hash };
  }
  return known ? { oid, name: known.name, ...(known.hash ? { hash: known.hash } : {}) } : { oid, name: oid };
}

/**
 * RSASSA-PSS-params (RFC 4055): the hash (`SHA-256`...) and the salt length, with the
 * defaults (SHA-1, 20) for what DER leaves out. `params` is the parameters' DER.
 */
export function readPssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  const out = { hash: 'SHA-1', saltLength: 20 };
  if (!params?.length) return out;
  for (const p of seq(params, readTlv(params, 0), 'RSASSA-PSS-params', 0)) {
    if (p.tag === 0xa0) {
      const alg = readTlv(params, p.valueStart, p.end);
      const h = readOid(params, expect(seq(params, alg, 'hashAlgorithm', alg.start)[0], TAG.OID, 'hash algorithm', alg.start));
      out.hash = hashOids[h] ?? h;
    } else if (p.tag === 0xa2) {
      out.saltLength = readSmallInt(params, readTlv(params, p.valueStart, p.end));
    }
  }
  return out;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Bits OpenSSL reports for the Edwards/Montgomery curves (EVP_PKEY_get_bits). */
const rawKeyBits: Readonly<Record<string, number>> = { Ed25519: 253, Ed448: 456, X25519: 253, X448: 448 };

/** A digest function: the host's native one where it has it (the tree), else core/pem's own. */
export type Digest = (data: Uint8Array) => Uint8Array;

export function readSpki(buf: Uint8Array, node: Tlv, digest: Digest = sha256): PublicKeyInfo {
  const [algNode, keyNode] = seq(buf, node, 'SubjectPublicKeyInfo', node.start);
  const [oidNode, params] = seq(buf, algNode, 'public key algorithm', node.start);
  const oid = readOid(buf, expect(oidNode, TAG.OID, 'public key algorithm', node.start));
  const bits = readBitString(buf, expect(keyNode, TAG.BIT_STRING, 'subjectPublicKey', node.start));
  const algorithm = keyAlgorithms[oid] ?? oid;
  const info: Mutable<PublicKeyInfo> = { algorithm, oid, id: toHex(digest(buf.subarray(node.start, node.end))) };
  try {
    const goRefuses = goPublicKeyRefusal(oid, buf, params, bits.bytes, params?.tag === TAG.OID ? readOid(buf, params) : undefined);
    if (goRefuses) info.goRefuses = goRefuses;
    if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
      const key = readTlv(bits.bytes, 0);
      const [n, e] = seq(bits.bytes, key, 'RSAPublicKey', 0);
      info.bits = bitLength(integerBytes(bits.bytes, expect(n, TAG.INTEGER, 'modulus', 0)));
      info.exponent = bigintOf(integerBytes(bits.bytes, expect(e, TAG.INTEGER, 'exponent', 0))).toString();
    } else if (algorithm === 'EC') {
      if (params?.tag === TAG.OID) {
        const c = readOid(buf, params);
        const curve = curves[c];
        info.curve = curve?.name ?? c;
        if (curve?.nist) info.nistCurve = curve.nist;
        if (curve) info.bits = curve.bits;
      } else {
        info.curve = 'explicit parameters';
        const bits = params?.tag === TAG.SEQUENCE ? explicitCurveBits(buf, params) : undefined;
        if (bits) info.bits = bits;
      }
    } else if (rawKeyBits[algorithm]) {
      info.bits = rawKeyBits[algorithm];
    } else if (primeGroupAlgorithms.has(algorithm) && params?.tag === TAG.SEQUENCE) {
      info.bits = primeBits(buf, params);
    }
  } catch {
    // Size unknown; the key id is still right.
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Extensions

const kuNames: readonly KeyUsageName[] = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
];

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The critical BOOLEAN's octet is neither 0x00 nor 0xff (see ExtensionInfo.criticalNotDer). */
  readonly criticalNotDer?: true;
  /** The OCTET STRING's content: the extension value DER. */
  readonly value: Uint8Array;
}

function readExtensions(buf: Uint8Array, node: Tlv): RawExtension[] {
  return seq(buf, node, 'Extensions', node.start).map((ext) => {
    const kids = seq(buf, ext, 'Extension', ext.start);
    const oid = readOid(buf, expect(kids[0], TAG.OID, 'extnID', ext.start));
    let critical = false;
    let criticalNotDer = false;
    let i = 1;
    if (kids[i]?.tag === TAG.BOOLEAN) {
      criticalNotDer = !goBooleanReads(buf, kids[i]!);
      critical = readBoolean(buf, kids[i++]!);
    }
    const value = bytesOf(buf, expect(kids[i], TAG.OCTET_STRING, 'extnValue', ext.start));
    return { oid, critical, value, ...(criticalNotDer ? { criticalNotDer: true as const } : {}) };
  });
}

interface InterpretedExtensions {
  subjectAltNames: GeneralName[];
  keyUsage?: CertificateView['keyUsage'];
  extendedKeyUsage?: CertificateView['extendedKeyUsage'];
  basicConstraints?: CertificateView['basicConstraints'];
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: CertificateView['authorityKeyIdentifier'];
  crlDistributionPoints?: string[];
  authorityInfoAccess?: { method: string; location: string }[];
  crlNumber?: string;
  infos: ExtensionInfo[];
}

const int64Max = (1n << 63n) - 1n;

/** The extensions OpenSSL 3.0's verifier decodes (x509v3_cache_extensions) whose Go verdict goExtensionRefusal models. */
const opensslDecodesGoModelled = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.30', '2.5.29.31', '2.5.29.35', '2.5.29.37']);

/**
 * An extension value this decoder cannot read, which is what OpenSSL reads strictly: both tools
 * refuse the certificate (stays `error`), only OpenSSL's verifier does (`opensslRefuses`: Go reads
 * past the fault), or, for Authority Information Access, which OpenSSL's verifier never decodes,
 * only Go (`goRefuses`) or neither (`accepted`).
 */
function settleVerdicts(oid: string, info: Mutable<ExtensionInfo>, go: string | undefined): void {
  const fault = info.error!;
  if (oid === '2.5.29.32') {
    // OpenSSL 3.0's verifier reads certificate policies only with -policy_check (then error 42, "invalid or inconsistent certificate policy extension").
    delete info.error;
    if (!go) info.accepted ??= `${fault}: OpenSSL's verifier reads certificate policies only when asked to check them (openssl verify -policy_check), and Go's crypto/x509 reads past the fault; both accept the certificate`;
  } else if (oid === '1.3.6.1.5.5.7.1.1') {
    delete info.error;
    if (!go) info.accepted ??= `${fault}: OpenSSL's verifier does not read this extension and Go's crypto/x509 skips the entry; both accept the certificate`;
  } else if (opensslDecodesGoModelled.has(oid) && !go) {
    delete info.error;
    info.opensslRefuses = fault;
  }
}

function interpret(exts: readonly RawExtension[]): InterpretedExtensions {
  const out: InterpretedExtensions = { subjectAltNames: [], infos: [] };
  const seenOids = new Set<string>();
  for (const ext of exts) {
    const v = ext.value;
    const info: Mutable<ExtensionInfo> = { oid: ext.oid, name: extensionNames[ext.oid] ?? ext.oid, critical: ext.critical, known: interpretedExtensions.has(ext.oid), ...(ext.criticalNotDer ? { criticalNotDer: true as const } : {}) };
    // What a verifier rejects but the value still shows: the first such problem becomes the extension's error.
    const invalid = (message: string): void => {
      info.error ??= message;
    };
    const seenTwice = seenOids.has(ext.oid);
    if (seenTwice) {
      invalid(`duplicate extension: ${info.name} appears more than once (OpenSSL and Go reject the certificate)`);
      info.duplicate = true;
    }
    seenOids.add(ext.oid);
    // What the view shows of a duplicated extension is its first occurrence, as `openssl x509 -text` lists it first.
    const shown = seenTwice ? { ...out } : undefined;
    try {
      const root = readTlv(v, 0);
      // OpenSSL 3.0 and Go 1.19 read the value and ignore what follows it (both accept the certificate).
      if (root.end !== v.length) info.accepted = `${v.length - root.end} byte${v.length - root.end === 1 ? '' : 's'} after the extension's value: RFC 5280 allows none; OpenSSL 3.0 and Go 1.19 read the value and accept the certificate`;
      switch (ext.oid) {
        case '2.5.29.17': {
          const names: GeneralName[] = [];
          for (const c of children(v, expect(root, TAG.SEQUENCE, 'GeneralNames', 0))) {
            // An entry OpenSSL cannot read as a GeneralName; Go skips every type but the four it uses.
            if ((c.tag & 0xc0) !== 0x80) {
              invalid(`an entry (${tagName(c.tag)}) is not a GeneralName`);
              continue;
            }
            let g: GeneralName;
            try {
              g = readGeneralName(v, c);
            } catch (err) {
              if (!(err instanceof DerError)) throw err;
              invalid(err.message);
              continue;
            }
            // An IP address of neither 4 nor 16 octets: OpenSSL reads it (and prints it so), Go refuses it (goRefuses).
            names.push(g.type === 'ip' && c.end - c.valueStart !== 4 && c.end - c.valueStart !== 16 ? { type: 'ip', value: `<invalid length=${c.end - c.valueStart}>` } : g);
          }
          // OpenSSL 3.0 (verify, also for TLS purposes) and Go 1.19 (Verify) accept a certificate with an empty subjectAltName.
          if (!names.length && root.end === root.valueStart) info.accepted ??= 'empty subjectAltName: RFC 5280 requires at least one name; OpenSSL 3.0 and Go 1.19 accept the certificate';
          out.subjectAltNames = names;
          break;
        }
        case '2.5.29.15': {
          const bs = readBitString(v, root);
          const usages: KeyUsageName[] = [];
          kuNames.forEach((name, i) => {
            const byte = bs.bytes[i >> 3];
            if (byte !== undefined && byte & (0x80 >> (i & 7))) usages.push(name);
          });
          out.keyUsage = { critical: ext.critical, usages };
          // OpenSSL 3.0 and Go 1.19 read an empty keyUsage and accept the certificate; OpenSSL's current source refuses it.
          if (!usages.length) info.accepted = 'keyUsage with no bit set: RFC 5280 requires at least one; OpenSSL 3.0 and Go 1.19 accept the certificate, later OpenSSL releases refuse it';
          break;
        }
        case '2.5.29.37':
          out.extendedKeyUsage = {
            critical: ext.critical,
            usages: seq(v, root, 'ExtKeyUsageSyntax', 0).map((o) => {
              const oid = readOid(v, o);
              return ekuNames[oid] ?? oid;
            }),
          };
          if (!out.extendedKeyUsage.usages.length) invalid('empty extendedKeyUsage: RFC 5280 requires at least one purpose; OpenSSL then allows none and refuses the certificate for TLS ("unsuitable certificate purpose"), while Go 1.19 takes it for any purpose');
          break;
        case '2.5.29.19': {
          const kids = seq(v, root, 'BasicConstraints', 0);
          let ca = false;
          let pathLength: number | undefined;
          let pathLengthText: string | undefined;
          for (const k of kids) {
            if (k.tag === TAG.BOOLEAN) ca = readBoolean(v, k);
            else if (k.tag !== TAG.INTEGER) invalid(`unexpected ${tagName(k.tag)} in basicConstraints (verifiers reject it)`);
            else {
              // OpenSSL (a long) and Go (an int) read any pathLenConstraint up to 2^63 - 1; Go refuses a larger one.
              const bytes = integerBytes(v, k);
              const n = bigintOf(bytes);
              if (bytes.length && !isShortestInteger(bytes)) invalid('pathLenConstraint: INTEGER not in its shortest form (OpenSSL and Go refuse it)');
              else if (n > int64Max) invalid('pathLenConstraint: INTEGER too large (Go refuses more than 2^63 - 1)');
              else if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
                pathLength = Number.MAX_SAFE_INTEGER;
                pathLengthText = n.toString();
              } else pathLength = Number(n);
            }
          }
          out.basicConstraints = { critical: ext.critical, ca, ...(pathLength !== undefined ? { pathLength } : {}), ...(pathLengthText ? { pathLengthText } : {}) };
          break;
        }
        case '2.5.29.14':
          out.subjectKeyIdentifier = toColonHex(bytesOf(v, expect(root, TAG.OCTET_STRING, 'SubjectKeyIdentifier', 0)));
          break;
        case '2.5.29.35': {
          const aki: Mutable<NonNullable<CertificateView['authorityKeyIdentifier']>> = {};
          for (const k of seq(v, root, 'AuthorityKeyIdentifier', 0)) {
            if (k.tag === 0x80) aki.keyIdentifier = toColonHex(bytesOf(v, k));
            else if (k.tag === 0xa1) aki.issuer = readGeneralNames(v, k);
            else if (k.tag === 0x82) aki.serial = toColonHex(bytesOf(v, k));
          }
          out.authorityKeyIdentifier = aki;
          break;
        }
        case '2.5.29.31': {
          const points: string[] = [];
          for (const dp of seq(v, root, 'CRLDistributionPoints', 0)) {
            const parts = children(v, dp);
            for (const part of parts) {
              if (part.tag === 0xa2) readGeneralNames(v, part);
              if (part.tag !== 0xa0) continue;
              // DistributionPointName: a fullName [0] or a nameRelativeToCRLIssuer [1], nothing else.
              for (const name of children(v, part)) {
                if (name.tag === 0xa0) for (const g of readGeneralNames(v, name)) points.push(g.value);
                else if (name.tag !== 0xa1) throw new DerError(`unknown DistributionPointName tag ${tagName(name.tag)}`, name.start);
              }
            }
            // OpenSSL's setup_dp refuses a point that names neither where the CRL is nor who issues it.
            if (!parts.some((p) => p.tag === 0xa0 || (p.tag === 0xa2 && p.end > p.valueStart))) invalid('a distribution point without a distributionPoint or cRLIssuer');
          }
          out.crlDistributionPoints = points;
          break;
        }
        case '1.3.6.1.5.5.7.1.1':
          out.authorityInfoAccess = seq(v, root, 'AuthorityInfoAccessSyntax', 0).map((ad) => {
            const [m, loc] = seq(v, ad, 'AccessDescription', ad.start);
            const method = readOid(v, m!);
            if (!loc) throw new DerError('AccessDescription without a location', ad.start);
            return { method: accessMethods[method] ?? method, location: readGeneralName(v, loc).value };
          });
          break;
        case '2.5.29.30': {
          // NameConstraints: permittedSubtrees [0] and excludedSubtrees [1], each GeneralSubtree a GeneralName base.
          for (const part of seq(v, root, 'NameConstraints', 0)) {
            if (part.tag !== 0xa0 && part.tag !== 0xa1) throw new DerError(`unexpected ${tagName(part.tag)} in NameConstraints`, part.start);
            for (const tree of children(v, part)) readGeneralName(v, seq(v, tree, 'GeneralSubtree', tree.start)[0] ?? tree);
          }
          break;
        }
        case '2.5.29.20':
          out.crlNumber = bigintOf(integerBytes(v, root)).toString();
          break;
        default:
          break;
      }
    } catch (err) {
      info.error = err instanceof Error ? err.message : String(err);
    }
    if (shown) {
      for (const k of Object.keys(out) as (keyof InterpretedExtensions)[]) if (!(k in shown)) delete out[k];
      Object.assign(out, shown);
    }
    const go = goExtensionRefusal(ext.oid, v);
    if (go) info.goRefuses = go;
    const goUnhandled = ext.oid === '2.5.29.30' && !go ? goNameConstraintsUnhandled(v) : [];
    if (goUnhandled.length) info.goUnhandled = goUnhandled.join(', ');
    if (info.error && !seenTwice) settleVerdicts(ext.oid, info, go);
    if (info.error && !verifierReadExtensions.has(ext.oid) && !seenTwice) {
      info.malformed = info.error;
      delete info.error;
    }
    out.infos.push(info);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Certificates

function fingerprints(der: Uint8Array): Fingerprints {
  return { sha256: toColonHex(sha256(der)), sha1: toColonHex(sha1(der)) };
}

function serialInfo(bytes: Uint8Array): Pick<CertificateView, 'serial' | 'serialDecimal' | 'serialNegative' | 'serialZero' | 'serialOctets'> {
  const value = bigintOf(bytes);
  const negative = value < 0n;
  let hex = (negative ? -value : value).toString(16).toUpperCase();
  if (hex.length % 2) hex = `0${hex}`;
  return { serial: `${negative ? '-' : ''}${hex}`, serialDecimal: value.toString(), serialNegative: negative, serialZero: value === 0n, serialOctets: bytes.length };
}

function roleOf(v: Pick<CertificateView, 'basicConstraints' | 'selfIssued' | 'extendedKeyUsage' | 'keyUsage' | 'subjectAltNames'>): CertificateRole {
  if (v.basicConstraints?.ca) return v.selfIssued ? 'ca' : 'intermediate';
  if (!v.basicConstraints && v.keyUsage?.usages.includes('keyCertSign')) return v.selfIssued ? 'ca' : 'intermediate';
  const eku = v.extendedKeyUsage?.usages;
  const server = eku?.includes('serverAuth') ?? false;
  const client = eku?.includes('clientAuth') ?? false;
  if (server && client) return 'node';
  if (server) return 'server';
  if (client) return 'client';
  if (!eku && v.subjectAltNames.some((n) => n.type === 'dns' || n.type === 'ip')) return 'server';
  return 'other';
}

/** Parses the outer SIGNED{} shape shared by certificates, CSRs and CRLs. */
function signedParts(der: Uint8Array, what: string): { outer: Tlv; tbs: Tlv; alg: Tlv; sig: Tlv } {
  const outer = readTlv(der, 0);
  const kids = seq(der, outer, what, 0);
  if (kids.length !== 3) throw new DerError(`${what}: expected 3 elements, found ${kids.length}`, outer.start);
  const sig = expect(kids[2], TAG.BIT_STRING, 'signature', 0);
  readBitString(der, sig); // a bad unused-bits count is refused here as by OpenSSL, whether or not the signature is used
  return { outer, tbs: expect(kids[0], TAG.SEQUENCE, `${what} body`, 0), alg: kids[1]!, sig };
}

/** Where the parts of a certificate are; read once, shared by the full view and the tree's fields. */
export interface CertificateParts {
  readonly outer: Tlv;
  readonly tbs: Tlv;
  readonly alg: Tlv;
  /** TBSCertificate.signature, which should repeat `alg`. */
  readonly innerAlg: Tlv;
  readonly sig: Tlv;
  readonly version: number;
  readonly serialBytes: Uint8Array;
  readonly issuer: Tlv;
  readonly validity: Validity;
  readonly subject: Tlv;
  readonly spki: Tlv;
  readonly extensions: RawExtension[];
}

interface Validity {
  /** Epoch ms; undefined when the time cannot be read at all. */
  readonly notBefore?: number;
  readonly notAfter?: number;
  /** The same times as shown (ISO 8601, with any fraction of a second as written). */
  readonly notBeforeText?: string;
  readonly notAfterText?: string;
  readonly error?: string;
  /** Go's parseTime error for the first time that cannot be read at all. */
  readonly goRefuses?: string;
}

/**
 * The validity, read the way OpenSSL displays it: a time that is not RFC 5280's form (no
 * seconds, an offset) or not readable at all is an error on the validity of a certificate that
 * is still shown, not a reason to drop it.
 */
function readValidity(der: Uint8Array, node: Tlv | undefined, at: number): Validity {
  const [nb, na] = seq(der, node, 'validity', at);
  const out: Mutable<Validity> = {};
  const errors: string[] = [];
  for (const [field, time] of [['notBefore', nb], ['notAfter', na]] as const) {
    try {
      if (!time) throw new DerError(`missing ${field}`, at);
      const t = readTimeValue(der, time);
      out[field] = t.ms;
      out[`${field}Text`] = t.iso;
      if (t.problem) errors.push(`${field}: ${t.problem}`);
    } catch (err) {
      if (!(err instanceof DerError)) throw err;
      errors.push(`${field}: ${err.message}`);
      out.goRefuses ??= time?.tag === TAG.UTCTime ? 'x509: malformed UTCTime' : time?.tag === TAG.GeneralizedTime ? 'x509: malformed GeneralizedTime' : 'x509: unsupported time format';
    }
  }
  if (!errors.length) return out;
  // OpenSSL's X509_cmp_time refuses the time ("format error in certificate's notBefore field"); Go cannot parse the certificate.
  return { ...out, error: `${errors.join('; ')} (OpenSSL and Go reject the certificate)` };
}

/** The parts of a certificate, unread (the issuing core reads extension values and name DER from them). */
export function certificateParts(der: Uint8Array): CertificateParts {
  const { outer, tbs, alg, sig } = signedParts(der, 'Certificate');
  const f = children(der, tbs);
  let i = 0;
  let version = 1;
  if (f[i]?.tag === 0xa0) {
    version = readSmallInt(der, readTlv(der, f[i]!.valueStart, f[i]!.end)) + 1;
    i++;
  }
  const serialBytes = integerBytes(der, expect(f[i++], TAG.INTEGER, 'serialNumber', tbs.start));
  // The inner signature algorithm; the outer one is authoritative for display.
  const innerAlg = f[i++]!;
  const issuer = expect(f[i++], TAG.SEQUENCE, 'issuer', tbs.start);
  const validity = readValidity(der, f[i++], tbs.start);
  const subject = expect(f[i++], TAG.SEQUENCE, 'subject', tbs.start);
  const spki = expect(f[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo', tbs.start);
  let extensions: RawExtension[] = [];
  for (; i < f.length; i++) {
    if (f[i]!.tag === 0xa3) extensions = readExtensions(der, readTlv(der, f[i]!.valueStart, f[i]!.end));
  }
  return { outer, tbs, alg, innerAlg, sig, version, serialBytes, issuer, validity, subject, spki, extensions };
}

/** The inner signature algorithm's name; OpenSSL does not print it, so an unreadable one is named by its bytes. */
function innerAlgorithmName(der: Uint8Array, node: Tlv): string {
  try {
    return readSignatureAlgorithm(der, node).name;
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    return toHex(der, node.start, node.end);
  }
}

function nameRefusalsIn(der: Uint8Array, field: 'issuer' | 'subject', node: Tlv): NameRefusal[] {
  return nameValueRefusals(der, node).map((r) => ({ field, attribute: dnNames[r.oid] ?? r.oid, type: tagName(r.tag), ...(r.go ? { go: r.go } : {}), openssl: r.openssl }));
}

export function decodeCertificateDer(der: Uint8Array): CertificateView {
  const p = certificateParts(der);
  const issuer = readName(der, p.issuer);
  const subject = readName(der, p.subject);
  const x = interpret(p.extensions);
  const selfIssued = issuer.key === subject.key;
  const base = {
    subjectAltNames: x.subjectAltNames,
    ...(x.keyUsage ? { keyUsage: x.keyUsage } : {}),
    ...(x.extendedKeyUsage ? { extendedKeyUsage: x.extendedKeyUsage } : {}),
    ...(x.basicConstraints ? { basicConstraints: x.basicConstraints } : {}),
    selfIssued,
  };
  const cn = lastCn(subject);
  const { notBeforeText, notAfterText, error } = p.validity;
  // Go reads the issuer first and stops at the first value it cannot read.
  const nameRefusals = [...nameRefusalsIn(der, 'issuer', p.issuer), ...nameRefusalsIn(der, 'subject', p.subject)];
  const view: CertificateView = {
    kind: 'certificate',
    ...(goSignatureAlgorithmsMatch(der, p.innerAlg, p.alg) ? {} : { signatureAlgorithmMismatch: { inner: innerAlgorithmName(der, p.innerAlg) } }),
    ...(nameRefusals.length ? { nameRefusals } : {}),
    version: p.version,
    ...serialInfo(p.serialBytes),
    subject,
    issuer,
    ...(cn !== undefined ? { commonName: cn } : {}),
    notBefore: notBeforeText ?? '',
    notAfter: notAfterText ?? '',
    ...(error ? { validityError: error } : {}),
    ...(p.validity.goRefuses ? { validityGoRefuses: p.validity.goRefuses } : {}),
    ...base,
    ...(x.subjectKeyIdentifier ? { subjectKeyIdentifier: x.subjectKeyIdentifier } : {}),
    ...(x.authorityKeyIdentifier ? { authorityKeyIdentifier: x.authorityKeyIdentifier } : {}),
    ...(x.crlDistributionPoints ? { crlDistributionPoints: x.crlDistributionPoints } : {}),
    ...(x.authorityInfoAccess ? { authorityInfoAccess: x.authorityInfoAccess } : {}),
    publicKey: readSpki(der, p.spki),
    signatureAlgorithm: readSignatureAlgorithm(der, p.alg),
    fingerprints: fingerprints(der.subarray(p.outer.start, p.outer.end)),
    role: roleOf(base),
    extensions: x.infos,
    nonAscii: subject.nonAscii || issuer.nonAscii || x.subjectAltNames.some((n) => nonAsciiRe.test(n.value)),
  };
  return view;
}

/**
 * The lazy field mode: what the Certificates tree and path building need (names, validity, key
 * identity, key identifiers, serial, constraints, usages, extension problems, the signed parts),
 * read by the same reader and extension interpreter as the full view but without its display
 * work (name strings and name hashes, SHA-1). `digest` is the host's SHA-256
 * (native in Node). Throws DerError when the bytes are not a certificate.
 */
export function readCertificateFields(der: Uint8Array, digest: Digest = sha256): CertificateFields {
  // Bytes after the certificate are ignored, as decodeDer and OpenSSL do (callers pass the certificate's own bytes).
  const p = certificateParts(der);
  const x = interpret(p.extensions);
  const [oidNode, params] = seq(der, p.alg, 'AlgorithmIdentifier', p.alg.start);
  return {
    version: p.version,
    ...serialInfo(p.serialBytes),
    issuer: readRdns(der, p.issuer),
    subject: readRdns(der, p.subject),
    ...(p.validity.notBefore !== undefined ? { notBefore: p.validity.notBefore } : {}),
    ...(p.validity.notAfter !== undefined ? { notAfter: p.validity.notAfter } : {}),
    ...(p.validity.error ? { validityError: p.validity.error } : {}),
    publicKey: readSpki(der, p.spki, digest),
    spki: der.subarray(p.spki.start, p.spki.end),
    subjectAltNames: x.subjectAltNames,
    ...(x.keyUsage ? { keyUsage: x.keyUsage } : {}),
    ...(x.extendedKeyUsage ? { extendedKeyUsage: x.extendedKeyUsage } : {}),
    ...(x.basicConstraints ? { basicConstraints: x.basicConstraints } : {}),
    ...(x.subjectKeyIdentifier ? { subjectKeyIdentifier: x.subjectKeyIdentifier } : {}),
    ...(x.authorityKeyIdentifier?.keyIdentifier ? { authorityKeyIdentifier: x.authorityKeyIdentifier.keyIdentifier } : {}),
    ...(x.authorityKeyIdentifier?.serial ? { authorityCertSerial: x.authorityKeyIdentifier.serial } : {}),
    extensions: x.infos,
    signatureAlgorithm: {
      oid: readOid(der, expect(oidNode, TAG.OID, 'algorithm', p.alg.start)),
      ...(params && params.tag !== TAG.NULL ? { params: der.subarray(params.start, params.end) } : {}),
    },
    tbs: der.subarray(p.tbs.start, p.tbs.end),
    signature: readBitString(der, p.sig).bytes,
    ...(goSignatureAlgorithmsMatch(der, p.innerAlg, p.alg) ? {} : { signatureAlgorithmsDiffer: true as const }),
  };
}

// ---------------------------------------------------------------------------------------------
// CSRs

export function decodeCsrDer(der: Uint8Array): CsrView {
  const { outer, tbs, alg } = signedParts(der, 'CertificationRequest');
  const [versionNode, subjectNode, spkiNode, attrsNode] = children(der, tbs);
  const version = readSmallInt(der, expect(versionNode, TAG.INTEGER, 'version', tbs.start)) + 1;
  const subject = readName(der, expect(subjectNode, TAG.SEQUENCE, 'subject', tbs.start));
  const publicKey = readSpki(der, expect(spkiNode, TAG.SEQUENCE, 'subjectPKInfo', tbs.start));
  let exts: RawExtension[] = [];
  let extensionRequestError: CsrView['extensionRequestError'];
  const attributes: string[] = [];
  if (attrsNode && attrsNode.tag === 0xa0) {
    for (const attr of children(der, attrsNode)) {
      const [oidNode, values] = seq(der, attr, 'Attribute', attr.start);
      const oid = readOid(der, oidNode!);
      if (oid === '1.2.840.113549.1.9.14' && values) {
        const first = children(der, values)[0];
        try {
          if (first) exts = readExtensions(der, first);
        } catch (err) {
          // OpenSSL's X509_REQ_get_extensions fails: `req -text` lists no requested extension and a CA copies none.
          if (!(err instanceof DerError)) throw err;
          extensionRequestError = { message: err.message, offset: err.offset, goRefuses: !goReadsExtensions(der, first!) };
        }
      } else {
        attributes.push(oid === '1.2.840.113549.1.9.7' ? 'challengePassword' : oid === '1.2.840.113549.1.9.2' ? 'unstructuredName' : oid);
      }
    }
  }
  const x = interpret(exts);
  const cn = lastCn(subject);
  return {
    kind: 'csr',
    version,
    subject,
    ...(cn !== undefined ? { commonName: cn } : {}),
    publicKey,
    signatureAlgorithm: readSignatureAlgorithm(der, alg),
    subjectAltNames: x.subjectAltNames,
    ...(x.keyUsage ? { keyUsage: x.keyUsage } : {}),
    ...(x.extendedKeyUsage ? { extendedKeyUsage: x.extendedKeyUsage } : {}),
    ...(x.basicConstraints ? { basicConstraints: x.basicConstraints } : {}),
    extensions: x.infos,
    attributes,
    ...(extensionRequestError ? { extensionRequestError } : {}),
    fingerprints: fingerprints(der.subarray(outer.start, outer.end)),
  };
}

/**
 * Whether Go's x509.ParseCertificateRequest reads an extension request: encoding/asn1 into
 * []pkix.Extension, which reads each Extension's fields in order and ignores bytes after them,
 * and refuses a duplicate.
 */
function goReadsExtensions(buf: Uint8Array, node: Tlv): boolean {
  try {
    const seen = new Set<string>();
    for (const ext of seq(buf, node, 'Extensions', node.start)) {
      expect(ext, TAG.SEQUENCE, 'Extension', ext.start);
      let field = readTlv(buf, ext.valueStart, ext.end);
      const oid = readOid(buf, expect(field, TAG.OID, 'extnID', ext.start));
      field = readTlv(buf, field.end, ext.end);
      if (field.tag === TAG.BOOLEAN) {
        readBoolean(buf, field);
        field = readTlv(buf, field.end, ext.end);
      }
      expect(field, TAG.OCTET_STRING, 'extnValue', ext.start);
      if (seen.has(oid)) return false;
      seen.add(oid);
    }
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// CRLs

export function decodeCrlDer(der: Uint8Array): CrlView {
  const { outer, tbs, alg } = signedParts(der, 'CertificateList');
  const f = children(der, tbs);
  let i = 0;
  // An absent version (a v1 CRL) and an explicit 0 read alike for OpenSSL, not for Go.
  const versionAbsent = f[i]?.tag !== TAG.INTEGER;
  const version = versionAbsent ? 1 : readSmallInt(der, f[i++]!) + 1;
  const innerAlg = f[i++]!;
  const issuerNode = expect(f[i++], TAG.SEQUENCE, 'issuer', tbs.start);
  const issuer = readName(der, issuerNode);
  const nameRefusals = nameRefusalsIn(der, 'issuer', issuerNode);
  const timeProblems: CrlTimeProblem[] = [];
  // A time OpenSSL cannot read is shown as "Bad time value" in a CRL it still loads (and then refuses to use): a problem, not a reason to drop the CRL.
  const time = (node: Tlv, field: CrlTimeProblem['field'], serial?: string): string => {
    const at = serial !== undefined ? { serial } : {};
    let t: ReturnType<typeof readTimeValue>;
    try {
      t = readTimeValue(der, node);
    } catch (err) {
      if (!(err instanceof DerError) || !(node.tag === TAG.UTCTime || node.tag === TAG.GeneralizedTime)) throw err;
      timeProblems.push({ field, problem: `${err.message}, which no verifier reads`, goRefuses: true, ...at });
      return '';
    }
    if (t.problem) timeProblems.push({ field, problem: t.problem, goRefuses: t.goRefuses === true, ...at });
    return t.iso;
  };
  const thisUpdate = time(f[i++] ?? tbs, 'thisUpdate');
  let nextUpdate: string | undefined;
  if (f[i] && (f[i]!.tag === TAG.UTCTime || f[i]!.tag === TAG.GeneralizedTime)) nextUpdate = time(f[i++]!, 'nextUpdate');
  const revoked: RevokedEntry[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) {
    for (const entry of children(der, f[i++]!)) {
      const [serialNode, dateNode, entryExts] = seq(der, entry, 'revokedCertificate', entry.start);
      const serial = serialInfo(integerBytes(der, expect(serialNode, TAG.INTEGER, 'userCertificate', entry.start))).serial;
      const date = time(dateNode ?? entry, 'revocationDate', serial);
      let reason: string | undefined;
      if (entryExts) {
        for (const e of readExtensions(der, entryExts)) {
          if (e.oid === '2.5.29.21') {
            try {
              const code = readSmallInt(e.value, readTlv(e.value, 0), TAG.ENUMERATED);
              reason = crlReasons[code] ?? String(code);
            } catch {
              reason = 'invalid reason code';
            }
          }
        }
      }
      revoked.push({ serial, date, ...(reason ? { reason } : {}) });
    }
  }
  let exts: RawExtension[] = [];
  if (f[i]?.tag === 0xa0) exts = readExtensions(der, readTlv(der, f[i]!.valueStart, f[i]!.end));
  const x = interpret(exts);
  return {
    kind: 'crl',
    version,
    ...(versionAbsent ? { versionAbsent } : {}),
    issuer,
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    ...(x.crlNumber !== undefined ? { crlNumber: x.crlNumber } : {}),
    ...(x.authorityKeyIdentifier?.keyIdentifier ? { authorityKeyIdentifier: x.authorityKeyIdentifier.keyIdentifier } : {}),
    signatureAlgorithm: readSignatureAlgorithm(der, alg),
    ...(goSignatureAlgorithmsMatch(der, innerAlg, alg) ? {} : { signatureAlgorithmMismatch: { inner: innerAlgorithmName(der, innerAlg) } }),
    ...(nameRefusals.length ? { nameRefusals } : {}),
    revoked,
    extensions: x.infos,
    fingerprints: fingerprints(der.subarray(outer.start, outer.end)),
    ...(timeProblems.length ? { timeProblems } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Keys (only public facts: type, size, encryption, public identity)

function keyFromSpki(der: Uint8Array, node: Tlv): KeyView {
  const info = readSpki(der, node);
  return {
    kind: 'publicKey',
    format: 'spki',
    algorithm: info.algorithm,
    ...(info.bits !== undefined ? { bits: info.bits } : {}),
    ...(info.curve ? { curve: info.curve } : {}),
    encrypted: false,
    publicKeyId: info.id,
    ...(info.goRefuses ? { goRefuses: info.goRefuses } : {}),
  };
}

/** RSAPrivateKey (PKCS#1) body → size and id. */
function rsaPrivate(buf: Uint8Array, node: Tlv): { bits: number; id: string } {
  const k = seq(buf, node, 'RSAPrivateKey', node.start);
  const n = expect(k[1], TAG.INTEGER, 'modulus', node.start);
  const e = expect(k[2], TAG.INTEGER, 'publicExponent', node.start);
  if (k.length < 9) throw new DerError('RSAPrivateKey: too few fields', node.start);
  return { bits: bitLength(integerBytes(buf, n)), id: publicKeyIdOfSpki(rsaSpki(buf.subarray(n.start, n.end), buf.subarray(e.start, e.end))) };
}

/**
 * The size OpenSSL gives a key on a curve spelled out in full (ECParameters: version, fieldID,
 * curve, base, order, cofactor): the bit length of the group order. Undefined when unreadable.
 */
function explicitCurveBits(buf: Uint8Array, params: Tlv): number | undefined {
  try {
    const order = children(buf, params)[4];
    return order?.tag === TAG.INTEGER ? bitLength(integerBytes(buf, order)) : undefined;
  } catch {
    return undefined;
  }
}

/** ECPrivateKey (SEC1) body → curve and (when the public key is stored) id. */
function ecPrivate(buf: Uint8Array, node: Tlv, curveTlv?: Uint8Array): { curve?: string; bits?: number; id?: string } {
  const k = seq(buf, node, 'ECPrivateKey', node.start);
  expect(k[1], TAG.OCTET_STRING, 'privateKey', node.start);
  let curveOid = curveTlv;
  let point: Uint8Array | undefined;
  let explicitBits: number | undefined;
  for (const c of k.slice(2)) {
    if (c.tag === 0xa0) {
      const p = readTlv(buf, c.valueStart, c.end);
      if (p.tag === TAG.OID) curveOid = buf.subarray(p.start, p.end);
      else if (p.tag === TAG.SEQUENCE) explicitBits = explicitCurveBits(buf, p);
    } else if (c.tag === 0xa1) {
      point = readBitString(buf, readTlv(buf, c.valueStart, c.end)).bytes;
    }
  }
  const out: { curve?: string; bits?: number; id?: string } = explicitBits ? { curve: 'explicit parameters', bits: explicitBits } : {};
  if (curveOid) {
    const oid = readOid(curveOid, readTlv(curveOid, 0));
    out.curve = curves[oid]?.name ?? oid;
    if (curves[oid]) out.bits = curves[oid]!.bits;
    if (point) out.id = publicKeyIdOfSpki(ecSpki(curveOid, point));
  }
  return out;
}

function keyView(kind: 'privateKey', format: KeyFormat, algorithm: string, extra: { bits?: number; curve?: string; id?: string }): KeyView {
  return {
    kind,
    format,
    algorithm,
    ...(extra.bits !== undefined ? { bits: extra.bits } : {}),
    ...(extra.curve ? { curve: extra.curve } : {}),
    encrypted: false,
    ...(extra.id ? { publicKeyId: extra.id } : {}),
    ...(algorithm === 'EC' && extra.curve && !goReadsCurve(extra.curve) ? { goRefuses: 'x509: unknown elliptic curve' } : {}),
    ...unknownToBoth(algorithm, extra.curve),
  };
}

const dottedOid = /^\d+(\.\d+)+$/;

/**
 * A private key whose algorithm, or EC curve, no table here names (shown by its OID): OpenSSL 3.0
 * has no decoder for it ("unsupported") and Go's x509.ParsePKCS8PrivateKey refuses it too.
 */
function unknownToBoth(algorithm: string, curve: string | undefined): Pick<KeyView, 'opensslRefuses' | 'goRefuses'> {
  if (dottedOid.test(algorithm)) return { opensslRefuses: `the unknown algorithm ${algorithm}`, goRefuses: `x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algorithm}` };
  if (algorithm === 'EC' && curve && dottedOid.test(curve)) return { opensslRefuses: `the unnamed curve ${curve}`, goRefuses: 'x509: unknown elliptic curve' };
  return {};
}

function decodePkcs8(der: Uint8Array, outer: Tlv): KeyView {
  const view = decodePkcs8Fields(der, outer);
  // OneAsymmetricKey (RFC 5958) may append the public key as [1]: OpenSSL 3.0's PKCS8_PRIV_KEY_INFO has no such field and
  // refuses the key ("unsupported"), whatever the version says; Go's ParsePKCS8PrivateKey ignores it.
  const carriesPublicKey = !view.encrypted && seq(der, outer, 'PrivateKeyInfo', 0).slice(3).some((c) => (c.tag & 0xdf) === 0x81);
  return carriesPublicKey ? { ...view, opensslRefuses: 'a PKCS #8 key that carries its public key (OneAsymmetricKey [1], RFC 5958)' } : view;
}

function decodePkcs8Fields(der: Uint8Array, outer: Tlv): KeyView {
  const k = seq(der, outer, 'PrivateKeyInfo', 0);
  if (k[0]?.tag === TAG.SEQUENCE) {
    // EncryptedPrivateKeyInfo: the algorithm is hidden; only the encryption is known.
    const [algOid, params] = seq(der, k[0], 'encryptionAlgorithm', k[0].start);
    const oid = readOid(der, algOid!);
    let encryption = pbeNames[oid] ?? oid;
    if (oid === '1.2.840.113549.1.5.13' && params?.tag === TAG.SEQUENCE) {
      try {
        const [, scheme] = children(der, params);
        if (scheme) {
          const s = readOid(der, children(der, scheme)[0]!);
          encryption = `PBES2/${pbeNames[s] ?? s}`;
        }
      } catch {
        // keep PBES2
      }
    }
    return { kind: 'privateKey', format: 'pkcs8-encrypted', algorithm: 'unknown', encrypted: true, encryption };
  }
  expect(k[0], TAG.INTEGER, 'version', 0);
  const [oidNode, params] = seq(der, k[1], 'privateKeyAlgorithm', 0);
  const oid = readOid(der, oidNode!);
  const algorithm = keyAlgorithms[oid] ?? oid;
  const keyOctets = expect(k[2], TAG.OCTET_STRING, 'privateKey', 0);
  const inner = bytesOf(der, keyOctets);
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
    const r = rsaPrivate(inner, readTlv(inner, 0));
    return keyView('privateKey', 'pkcs8', algorithm, algorithm === 'RSA' ? r : { bits: r.bits });
  }
  if (algorithm === 'EC') {
    const curveTlv = params?.tag === TAG.OID ? der.subarray(params.start, params.end) : undefined;
    const ec = ecPrivate(inner, readTlv(inner, 0), curveTlv);
    // Curve parameters spelled out in the PKCS #8 algorithm rather than in the ECPrivateKey.
    const explicitBits = !ec.curve && params?.tag === TAG.SEQUENCE ? explicitCurveBits(der, params) : undefined;
    return keyView('privateKey', 'pkcs8', 'EC', explicitBits ? { ...ec, curve: 'explicit parameters', bits: explicitBits } : ec);
  }
  if (primeGroupAlgorithms.has(algorithm)) {
    const bits = params?.tag === TAG.SEQUENCE ? primeBits(der, params) : undefined;
    return keyView('privateKey', 'pkcs8', algorithm, bits ? { bits } : {});
  }
  if (rawKeyBits[algorithm]) {
    // OneAsymmetricKey v2 may carry the public key in [1].
    let id: string | undefined;
    const pub = k.slice(3).find((c) => c.tag === 0x81);
    if (pub) {
      const bytes = der.subarray(pub.valueStart + 1, pub.end);
      id = publicKeyIdOfSpki(rawSpki(der.subarray(oidNode!.start, oidNode!.end), bytes));
    }
    return keyView('privateKey', 'pkcs8', algorithm, { bits: rawKeyBits[algorithm]!, ...(id ? { id } : {}) });
  }
  return keyView('privateKey', 'pkcs8', algorithm, {});
}

/** DSA and Diffie-Hellman keys: their size is the bit length of the prime p, the first of their parameters (as OpenSSL gives it). */
const primeGroupAlgorithms = new Set(['DSA', 'DH', 'DHX']);
function primeBits(buf: Uint8Array, params: Tlv): number | undefined {
  const [p] = children(buf, params);
  return p?.tag === TAG.INTEGER ? bitLength(integerBytes(buf, p)) : undefined;
}

/** Decodes a key; `label` (from PEM) disambiguates PKCS#1/SEC1 from PKCS#8. */
export function decodeKeyDer(der: Uint8Array, label?: string): KeyView {
  const outer = readTlv(der, 0);
  expect(outer, TAG.SEQUENCE, 'key', 0);
  const kids = children(der, outer);
  if (label === 'RSA PUBLIC KEY' || (!label && kids.length === 2 && kids[0]!.tag === TAG.INTEGER && kids[1]!.tag === TAG.INTEGER)) {
    const [n, e] = kids;
    const nT = expect(n, TAG.INTEGER, 'modulus', 0);
    const eT = expect(e, TAG.INTEGER, 'exponent', 0);
    return {
      kind: 'publicKey',
      format: 'pkcs1-public',
      algorithm: 'RSA',
      bits: bitLength(integerBytes(der, nT)),
      encrypted: false,
      publicKeyId: publicKeyIdOfSpki(rsaSpki(der.subarray(nT.start, nT.end), der.subarray(eT.start, eT.end))),
    };
  }
  if (label === 'PUBLIC KEY' || (!label && kids[0]?.tag === TAG.SEQUENCE && kids[1]?.tag === TAG.BIT_STRING && kids.length === 2)) {
    return keyFromSpki(der, outer);
  }
  if (label === 'RSA PRIVATE KEY' || (!label && kids.length >= 9 && kids.every((c) => c.tag === TAG.INTEGER))) {
    return keyView('privateKey', 'pkcs1', 'RSA', rsaPrivate(der, outer));
  }
  if (label === 'EC PRIVATE KEY' || (!label && kids[0]?.tag === TAG.INTEGER && kids[1]?.tag === TAG.OCTET_STRING && der[kids[0].valueStart] === 1 && kids.length <= 4)) {
    return keyView('privateKey', 'sec1', 'EC', ecPrivate(der, outer));
  }
  if (label === 'DSA PRIVATE KEY' || (!label && isDsaPrivateKey(der, kids))) {
    // OpenSSL's traditional DSAPrivateKey: version, p, q, g, y (the public key), x. Its SubjectPublicKeyInfo is
    // y under the parameters p, q, g, as a certificate of the key carries it.
    const [p, , g, y] = [1, 2, 3, 4].map((i) => expect(kids[i], TAG.INTEGER, ['p', 'q', 'g', 'y'][i - 1]!, 0));
    const params = encodeTlv(TAG.SEQUENCE, der.subarray(p.start, g.end));
    const spki = encodeTlv(TAG.SEQUENCE, concat([encodeTlv(TAG.SEQUENCE, concat([DSA_ALG_OID, params])), encodeTlv(TAG.BIT_STRING, concat([new Uint8Array([0]), der.subarray(y.start, y.end)]))]));
    return keyView('privateKey', 'pkcs1', 'DSA', { bits: bitLength(integerBytes(der, p)), id: publicKeyIdOfSpki(spki) });
  }
  return decodePkcs8(der, outer);
}

// ---------------------------------------------------------------------------------------------
// PKCS#7

/** The DER of every certificate and CRL inside a PKCS#7 SignedData (a `.p7b` bundle). */
export function pkcs7Contents(input: Uint8Array): { contentType: string; certificates: Uint8Array[]; crls: Uint8Array[] } {
  const der = definiteLengths(input);
  const outer = readTlv(der, 0);
  const [typeNode, content] = seq(der, outer, 'ContentInfo', 0);
  const oid = readOid(der, expect(typeNode, TAG.OID, 'contentType', 0));
  const contentType = pkcs7ContentTypes[oid] ?? oid;
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  if (oid === '1.2.840.113549.1.7.2' && content?.tag === 0xa0) {
    const signed = readTlv(der, content.valueStart, content.end);
    for (const part of seq(der, signed, 'SignedData', signed.start)) {
      const target = part.tag === 0xa0 ? certificates : part.tag === 0xa1 ? crls : undefined;
      if (!target) continue;
      for (const c of children(der, part)) if (c.tag === TAG.SEQUENCE) target.push(der.subarray(c.start, c.end));
    }
  }
  return { contentType, certificates, crls };
}

export function decodePkcs7Der(der: Uint8Array): Pkcs7View {
  const { contentType, certificates, crls } = pkcs7Contents(der);
  return { kind: 'pkcs7', contentType, certificates: certificates.map(decodeCertificateDer), crls: crls.map(decodeCrlDer) };
}

// ---------------------------------------------------------------------------------------------
// Entry points

function fail(kind: ObjectKind, err: unknown): Decoded {
  if (err instanceof DerError) return { ok: false, kind, message: `Malformed DER at byte ${err.offset}: ${err.message}`, derOffset: err.offset };
  if (err instanceof RangeError) return { ok: false, kind, message: `Malformed DER: ${err.message}` };
  return { ok: false, kind, message: `Cannot decode: ${err instanceof Error ? err.message : String(err)}` };
}

/** Rejects trailing bytes after the outer object (a certificate's are read past in decodeDer, as OpenSSL does). */
function checkWhole(der: Uint8Array): void {
  const outer = readTlv(der, 0);
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} unexpected byte(s) after the end of the object`, outer.end);
}

/**
 * Decodes DER of a known kind. `label` is the PEM label when there is one (keys
 * need it; `TRUSTED CERTIFICATE` allows OpenSSL's trailing trust data). Never throws.
 */
export function decodeDer(der: Uint8Array, kind: ObjectKind, label?: string): Decoded {
  try {
    if (kind === 'certificate') {
      // Read past what follows the certificate; flagged unless it is a TRUSTED CERTIFICATE's trust data.
      const { value: view, trailing } = readLeadingCertificate(der, decodeCertificateDer);
      return { ok: true, view: trailing === 0 || label === 'TRUSTED CERTIFICATE' ? view : { ...view, trailingBytes: trailing } };
    }
    // A PKCS #7 bundle in BER (indefinite lengths) is read as OpenSSL reads it.
    checkWhole(kind === 'pkcs7' ? definiteLengths(der) : der);
    switch (kind) {
      case 'csr':
        return { ok: true, view: decodeCsrDer(der) };
      case 'crl':
        return { ok: true, view: decodeCrlDer(der) };
      case 'privateKey':
      case 'publicKey':
        return { ok: true, view: decodeKeyDer(der, label) };
      case 'pkcs7':
        return { ok: true, view: decodePkcs7Der(der) };
      default:
        return detectAndDecodeDer(der);
    }
  } catch (err) {
    return fail(kind, err);
  }
}

/**
 * For binary files of unknown content (`.der`, `.cer`, `.crt` holding DER):
 * tries certificate, CRL, CSR, PKCS#7, then keys. Never throws.
 */
export function detectAndDecodeDer(der: Uint8Array): Decoded {
  if (der.length < 2 || der[0] !== 0x30) return { ok: false, kind: 'unknown', message: 'Not DER: the data does not start with a SEQUENCE (0x30)', derOffset: 0 };
  // The error shown is the one of the kind the object looks most like.
  const shape = derShape(der)[0]!;
  const likely: ObjectKind = shape === 'certificate' || shape === 'crl' || shape === 'csr' ? shape : 'privateKey';
  const errors = new Map<ObjectKind, Decoded>();
  for (const kind of ['certificate', 'crl', 'csr', 'pkcs7', 'privateKey'] as const) {
    const r = decodeDer(der, kind);
    if (r.ok) return r;
    errors.set(kind, r);
  }
  const reported = errors.get(likely);
  return { ok: false, kind: 'unknown', message: `Not a certificate, CRL, CSR, PKCS#7 bundle or key. ${reported && !reported.ok ? reported.message : ''}`.trim() };
}

/** Cheap check whether bytes look like a single DER object filling the file. */
export function looksLikeDer(bytes: Uint8Array): boolean {
  try {
    return bytes[0] === 0x30 && readTlv(bytes, 0).end === bytes.length;
  } catch {
    return false;
  }
}
