/**
 * An `openssl x509 -text`-like rendering of a decoded view ("Show as text").
 * Field labels and layout follow OpenSSL 3.0 so the output reads the same; key
 * moduli and signature bytes are left out, fingerprints are added. Private keys
 * show only their type, size and encryption.
 */
import { plural } from '../format';
import { ekuLongNames, keyAlgorithmLongNames } from './oids';
import type { CertificateView, CrlView, CsrView, Decoded, ExtensionInfo, GeneralName, KeyUsageName, KeyView, Pkcs7View, PublicKeyInfo } from './types';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov 25 14:01:39 2026 GMT`, as OpenSSL prints ASN.1 times (a GeneralizedTime's fraction of a second as written: `05.123456`). */
export function opensslTime(iso: string): string {
  const d = new Date(iso);
  // An unreadable time is an empty string in the view; OpenSSL prints this for it.
  if (Number.isNaN(d.getTime())) return iso || 'Bad time value';
  const p = (n: number): string => String(n).padStart(2, '0');
  const fraction = /(\.\d+)Z$/.exec(iso)?.[1] ?? '';
  return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${fraction} ${d.getUTCFullYear()} GMT`;
}

const kuLong: Record<KeyUsageName, string> = {
  digitalSignature: 'Digital Signature',
  nonRepudiation: 'Non Repudiation',
  keyEncipherment: 'Key Encipherment',
  dataEncipherment: 'Data Encipherment',
  keyAgreement: 'Key Agreement',
  keyCertSign: 'Certificate Sign',
  cRLSign: 'CRL Sign',
  encipherOnly: 'Encipher Only',
  decipherOnly: 'Decipher Only',
};

const gnPrefix: Record<GeneralName['type'], string> = {
  dns: 'DNS',
  ip: 'IP Address',
  email: 'email',
  uri: 'URI',
  dirName: 'DirName',
  registeredID: 'Registered ID',
  otherName: 'othername',
  x400: 'X400Name',
  ediParty: 'EdiPartyName',
};

export function generalNameText(g: GeneralName): string {
  // Named otherNames read `othername: XmppAddr::value`, as OpenSSL prints them.
  if (g.type === 'otherName' && g.value.includes('::')) return `othername: ${g.value}`;
  return `${gnPrefix[g.type]}:${visibleControls(g.value)}`;
}

/**
 * Control characters as `\x00`: a NUL inside a name (`altnull.python.org\x00example.com`, the
 * CVE-2013-4238 shape) is shown, not swallowed. OpenSSL 3.0 prints no such name: it dumps the
 * whole extension in hex instead.
 */
// eslint-disable-next-line no-control-regex
const controlRe = /[\u0000-\u001f\u007f]/g;
function visibleControls(s: string): string {
  return s.replace(controlRe, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A pathLenConstraint as OpenSSL prints it (exact beyond 2^53). */
export function pathLenText(b: { readonly pathLength?: number; readonly pathLengthText?: string }): string {
  return b.pathLengthText ?? String(b.pathLength);
}

export function keyUsageText(usages: readonly KeyUsageName[]): string {
  return usages.map((u) => kuLong[u]).join(', ');
}

export function ekuText(usages: readonly string[]): string {
  return usages.map((u) => ekuLongNames[u] ?? u).join(', ');
}

function publicKeyLines(k: PublicKeyInfo, indent: string): string[] {
  const out = [`${indent}Public Key Algorithm: ${keyAlgorithmLongNames[k.algorithm] ?? k.algorithm}`];
  const i2 = `${indent}    `;
  if (k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') {
    out.push(`${i2}Public-Key: (${k.bits ?? '?'} bit)`);
    if (k.exponent) out.push(`${i2}Exponent: ${k.exponent} (0x${BigInt(k.exponent).toString(16)})`);
  } else if (k.algorithm === 'EC') {
    if (k.bits) out.push(`${i2}Public-Key: (${k.bits} bit)`);
    if (k.curve) out.push(`${i2}ASN1 OID: ${k.curve}`);
    if (k.nistCurve) out.push(`${i2}NIST CURVE: ${k.nistCurve}`);
  } else if (k.bits) {
    out.push(`${i2}${k.algorithm.toUpperCase()} Public-Key: (${k.bits} bit)`);
  }
  out.push(`${i2}Key Id (SHA-256 of SubjectPublicKeyInfo): ${k.id}`);
  return out;
}

interface ExtensionValues {
  readonly subjectAltNames: readonly GeneralName[];
  readonly keyUsage?: CertificateView['keyUsage'];
  readonly extendedKeyUsage?: CertificateView['extendedKeyUsage'];
  readonly basicConstraints?: CertificateView['basicConstraints'];
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: CertificateView['authorityKeyIdentifier'];
  readonly crlDistributionPoints?: readonly string[];
  readonly authorityInfoAccess?: CertificateView['authorityInfoAccess'];
  readonly crlNumber?: string;
}

function extensionLines(exts: readonly ExtensionInfo[], v: ExtensionValues, indent: string): string[] {
  const out: string[] = [];
  const i2 = `${indent}    `;
  for (const e of exts) {
    out.push(`${indent}${e.name}: ${e.critical ? 'critical' : ''}`.trimEnd());
    if (e.error || e.opensslRefuses || e.malformed) {
      out.push(`${i2}<malformed: ${e.error ?? e.opensslRefuses ?? e.malformed}>`);
      continue;
    }
    switch (e.oid) {
      case '2.5.29.14':
        out.push(`${i2}${v.subjectKeyIdentifier ?? ''}`);
        break;
      case '2.5.29.35': {
        const a = v.authorityKeyIdentifier;
        if (a?.keyIdentifier) out.push(`${i2}${a.keyIdentifier}`);
        for (const g of a?.issuer ?? []) out.push(`${i2}${generalNameText(g)}`);
        if (a?.serial) out.push(`${i2}serial:${a.serial}`);
        break;
      }
      case '2.5.29.19': {
        const b = v.basicConstraints;
        out.push(`${i2}CA:${b?.ca ? 'TRUE' : 'FALSE'}${b?.pathLength !== undefined ? `, pathlen:${pathLenText(b)}` : ''}`);
        break;
      }
      case '2.5.29.15':
        out.push(`${i2}${keyUsageText(v.keyUsage?.usages ?? [])}`);
        break;
      case '2.5.29.37':
        out.push(`${i2}${ekuText(v.extendedKeyUsage?.usages ?? [])}`);
        break;
      case '2.5.29.17':
        out.push(`${i2}${v.subjectAltNames.map(generalNameText).join(', ')}`);
        break;
      case '2.5.29.31':
        out.push('', `${i2}Full Name:`, ...(v.crlDistributionPoints ?? []).map((p) => `${i2}  URI:${p}`));
        break;
      case '1.3.6.1.5.5.7.1.1':
        for (const a of v.authorityInfoAccess ?? []) out.push(`${i2}${a.method} - URI:${a.location}`);
        break;
      case '2.5.29.20':
        out.push(`${i2}${v.crlNumber ?? ''}`);
        break;
      default:
        out.push(`${i2}<${e.known ? 'not shown' : 'unknown extension, not decoded'}>`);
    }
  }
  return out;
}

function certificateText(c: CertificateView): string[] {
  const serial = c.serialOctets <= 8 && !c.serialNegative
    ? [`        Serial Number: ${c.serialDecimal} (0x${BigInt(c.serialDecimal).toString(16)})`]
    : c.serialNegative
      ? [`        Serial Number: ${c.serialDecimal} (-0x${(-BigInt(c.serialDecimal)).toString(16)})`]
      : ['        Serial Number:', `            ${c.serial.toLowerCase().match(/../g)!.join(':')}`];
  return [
    'Certificate:',
    '    Data:',
    // OpenSSL names versions 1 to 3 only.
    c.version >= 1 && c.version <= 3 ? `        Version: ${c.version} (0x${(c.version - 1).toString(16)})` : `        Version: Unknown (${c.version - 1})`,
    ...serial,
    `        Signature Algorithm: ${c.signatureAlgorithm.name}`,
    `        Issuer: ${c.issuer.text}`,
    '        Validity',
    `            Not Before: ${opensslTime(c.notBefore)}`,
    `            Not After : ${opensslTime(c.notAfter)}`,
    `        Subject: ${c.subject.text}`,
    '        Subject Public Key Info:',
    ...publicKeyLines(c.publicKey, '            '),
    ...(c.extensions.length ? ['        X509v3 extensions:', ...extensionLines(c.extensions, c, '            ')] : []),
    `    Signature Algorithm: ${c.signatureAlgorithm.name}`,
    '',
    `SHA256 Fingerprint=${c.fingerprints.sha256}`,
    `SHA1 Fingerprint=${c.fingerprints.sha1}`,
    `Role: ${c.role}`,
  ];
}

function csrText(r: CsrView): string[] {
  return [
    'Certificate Request:',
    '    Data:',
    `        Version: ${r.version} (0x${(r.version - 1).toString(16)})`,
    `        Subject: ${r.subject.text}`,
    '        Subject Public Key Info:',
    ...publicKeyLines(r.publicKey, '            '),
    '        Attributes:',
    ...r.attributes.map((a) => `            ${a}`),
    ...(r.extensions.length ? ['            Requested Extensions:', ...extensionLines(r.extensions, r, '                ')] : []),
    `    Signature Algorithm: ${r.signatureAlgorithm.name}`,
    '',
    `SHA256 Fingerprint=${r.fingerprints.sha256}`,
  ];
}

function crlText(c: CrlView): string[] {
  return [
    'Certificate Revocation List (CRL):',
    c.version === 1 || c.version === 2 ? `        Version ${c.version} (0x${(c.version - 1).toString(16)})` : `        Version unknown (${c.version - 1})`,
    `        Signature Algorithm: ${c.signatureAlgorithm.name}`,
    `        Issuer: ${c.issuer.text}`,
    `        Last Update: ${opensslTime(c.thisUpdate)}`,
    `        Next Update: ${c.nextUpdate ? opensslTime(c.nextUpdate) : 'NONE'}`,
    ...(c.extensions.length
      ? ['        CRL extensions:', ...extensionLines(c.extensions, { subjectAltNames: [], ...(c.crlNumber ? { crlNumber: c.crlNumber } : {}), ...(c.authorityKeyIdentifier ? { authorityKeyIdentifier: { keyIdentifier: c.authorityKeyIdentifier } } : {}) }, '            ')]
      : []),
    ...(c.revoked.length
      ? ['Revoked Certificates:', ...c.revoked.flatMap((r) => [`    Serial Number: ${r.serial}`, `        Revocation Date: ${opensslTime(r.date)}`, ...(r.reason ? ['        CRL entry extensions:', '            X509v3 CRL Reason Code: ', `                ${r.reason}`] : [])])]
      : ['No Revoked Certificates.']),
    `    Signature Algorithm: ${c.signatureAlgorithm.name}`,
    '',
    `SHA256 Fingerprint=${c.fingerprints.sha256}`,
  ];
}

function keyText(k: KeyView): string[] {
  const what = k.kind === 'privateKey' ? 'Private Key' : 'Public Key';
  return [
    `${what} (${k.format}):`,
    `    Algorithm: ${k.algorithm}`,
    ...(k.bits !== undefined ? [`    Size: ${k.bits} bit`] : []),
    ...(k.curve ? [`    Curve: ${k.curve}`] : []),
    `    Encrypted: ${k.encrypted ? `yes${k.encryption ? ` (${k.encryption})` : ''}` : 'no'}`,
    ...(k.publicKeyId ? [`    Public Key Id (SHA-256 of SubjectPublicKeyInfo): ${k.publicKeyId}`] : []),
    ...(k.kind === 'privateKey' ? ['    (private key material is not shown)'] : []),
  ];
}

function pkcs7Text(p: Pkcs7View): string[] {
  return [
    `PKCS#7 ${p.contentType}: ${p.certificates.length} certificate${plural(p.certificates.length)}, ${p.crls.length} CRL${plural(p.crls.length)}`,
    ...p.certificates.flatMap((c) => ['', ...certificateText(c)]),
    ...p.crls.flatMap((c) => ['', ...crlText(c)]),
  ];
}

/** The text of one decoded object; for failures, the reason. */
export function renderText(decoded: Decoded): string {
  if (!decoded.ok) return `Cannot decode this ${decoded.kind === 'unknown' ? 'object' : decoded.kind}: ${decoded.message}\n`;
  const v = decoded.view;
  const lines =
    v.kind === 'certificate' ? certificateText(v)
    : v.kind === 'csr' ? csrText(v)
    : v.kind === 'crl' ? crlText(v)
    : v.kind === 'pkcs7' ? pkcs7Text(v)
    : keyText(v);
  return `${lines.join('\n')}\n`;
}
