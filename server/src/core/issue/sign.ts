/**
 * Signing a certificate request made elsewhere (`certwright sign`): the key stays on
 * the host that made the CSR. The profile decides the subject and every extension,
 * exactly as for a certificate Certwright issues with its own key; the CSR only
 * contributes its public key, its CN (client role) and — unless replaced — its SANs.
 * Everything else it asks for is listed as not granted, so the operator sees it
 * before anything is signed.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { Environment } from '../environment';
import { ekuNames, extensionNames, dnNames } from '../pem/oids';
import { OID_CLIENT_AUTH, OID_SERVER_AUTH, leafKeyUsage } from './certs';
import { fromPem, keyTypeOfDer } from './keys';
import { leafSection, shellQuote } from './openssl';
import { clientSans, issueLeaf, requireCa, serialFlag, DEFAULT_LEAF_DAYS } from './operations';
import { clientFiles, nodeCommonName, nodeFiles, operationProfile } from './profiles';
import { IssueError, type CaMaterial, type CsrReview, type IssueResult, type KeyType, type SignCsrOperation } from './types';
import { checkDays, checkDnValue, checkFileName, formatSans, isDnsName, isIpv4, isIpv6, parseSans, type Sans } from './validate';

const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EKU = '2.5.29.37';
const OID_SAN = '2.5.29.17';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_CN = '2.5.4.3';

const keyUsageNames: readonly [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

/** Parses a PEM CSR (either label openssl writes); the message names what is wrong. */
export function parseCsrPem(pem: string): x509.Pkcs10CertificateRequest {
  const der = fromPem(pem, 'CERTIFICATE REQUEST') ?? fromPem(pem, 'NEW CERTIFICATE REQUEST');
  if (!der) throw new IssueError('the request is not a PEM "CERTIFICATE REQUEST" (PKCS#10)');
  try {
    return new x509.Pkcs10CertificateRequest(der);
  } catch (e) {
    throw new IssueError(`the certificate request could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The CSR's key type; refuses what no profile issues for (RSA below 2048 bits, unknown algorithms). */
export function csrKeyType(csr: x509.Pkcs10CertificateRequest): KeyType {
  const alg = csr.publicKey.algorithm as { name: string; modulusLength?: number };
  const t = keyTypeOfDer(new Uint8Array(csr.publicKey.rawData), alg.modulusLength);
  if (!t) throw new IssueError(`the request's key (${alg.name}) is not one Certwright signs: use RSA (2048 bits or more), ECDSA P-256/P-384 or Ed25519`);
  if (t === 'rsa2048' && (alg.modulusLength ?? 0) < 2048) throw new IssueError(`the request's RSA key has ${alg.modulusLength ?? 'fewer than 2048'} bits; every current TLS stack refuses fewer than 2048 (make a new key: certwright csr or openssl genpkey)`);
  return t;
}

function requestedSans(csr: x509.Pkcs10CertificateRequest): { sans: string[]; unusable: string[] } {
  const raw = csr.getExtension(OID_SAN);
  const ext = raw ? new x509.SubjectAlternativeNameExtension(raw.rawData) : undefined;
  const sans: string[] = [];
  const unusable: string[] = [];
  for (const g of ext?.names.toJSON() ?? []) {
    if (g.type === 'dns' && isDnsName(g.value)) sans.push(`DNS:${g.value}`);
    else if (g.type === 'ip' && (isIpv4(g.value) || isIpv6(g.value))) sans.push(`IP:${g.value}`);
    else if (g.type === 'url') sans.push(`URI:${g.value}`);
    else unusable.push(`${g.type === 'email' ? 'email' : g.type === 'dns' ? 'DNS' : g.type === 'ip' ? 'IP' : g.type}:${g.value}`);
  }
  return { sans, unusable };
}

function subjectCn(csr: x509.Pkcs10CertificateRequest): string | undefined {
  const cns = csr.subjectName.getField(OID_CN);
  return cns.length ? cns[cns.length - 1] : undefined;
}

/**
 * What the request asks (subject, SANs, extensions, attributes) and which of it the
 * certificate the profile makes will not carry.
 */
function review(csr: x509.Pkcs10CertificateRequest, granted: { subject: string; sans: Sans; keyType: KeyType; serverAuth: boolean; clientAuth: boolean; role: 'node' | 'client' }): CsrReview {
  const requested: string[] = [`subject ${csr.subject || '(empty)'}`];
  const notGranted: string[] = [];
  if (csr.subject !== granted.subject) notGranted.push(`subject ${csr.subject || '(empty)'}: the profile issues ${granted.subject}`);
  const grantedSans = new Set(formatSans(granted.sans).map((s) => s.toLowerCase()));
  const { sans, unusable } = requestedSans(csr);
  for (const s of sans) {
    requested.push(`subjectAltName ${s}`);
    if (!grantedSans.has(s.toLowerCase())) notGranted.push(`subjectAltName ${s}: replaced by the names given to sign`);
  }
  for (const s of unusable) {
    requested.push(`subjectAltName ${s}`);
    notGranted.push(`subjectAltName ${s}: only DNS names, IP addresses and URIs are issued`);
  }
  const grantedKu = leafKeyUsage(granted.keyType);
  const grantedEku = [...(granted.serverAuth ? [OID_SERVER_AUTH] : []), ...(granted.clientAuth ? [OID_CLIENT_AUTH] : [])];
  for (const ext of csr.extensions) {
    if (ext.type === OID_SAN) continue;
    if (ext.type === OID_BASIC_CONSTRAINTS) {
      const bc = new x509.BasicConstraintsExtension(ext.rawData);
      requested.push(`basicConstraints CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== undefined ? `, pathlen:${bc.pathLength}` : ''}`);
      if (bc.ca) notGranted.push('basicConstraints CA:TRUE: a node or client certificate is never a CA (it is issued CA:FALSE)');
    } else if (ext.type === OID_KEY_USAGE) {
      const ku = new x509.KeyUsagesExtension(ext.rawData);
      const names = keyUsageNames.filter(([f]) => ku.usages & f);
      requested.push(`keyUsage ${names.map(([, n]) => n).join(', ') || '(none)'}`);
      for (const [f, n] of names) if (!(grantedKu & f)) notGranted.push(`keyUsage ${n}: the profile grants ${keyUsageNames.filter(([g]) => grantedKu & g).map(([, m]) => m).join(', ')} for a ${granted.keyType} key`);
    } else if (ext.type === OID_EKU) {
      const eku = new x509.ExtendedKeyUsageExtension(ext.rawData);
      const usages = eku.usages.map(String);
      requested.push(`extendedKeyUsage ${usages.map((u) => ekuNames[u] ?? u).join(', ')}`);
      for (const u of usages) if (!grantedEku.includes(u)) notGranted.push(`extendedKeyUsage ${ekuNames[u] ?? u}: a ${granted.role} certificate of this profile has ${grantedEku.map((g) => ekuNames[g] ?? g).join(', ')}`);
    } else {
      const name = extensionNames[ext.type]?.replace(/^X509v3 /, '') ?? ext.type;
      requested.push(`extension ${name}${ext.critical ? ' (critical)' : ''}`);
      notGranted.push(`extension ${name}: not part of the profile, not copied`);
    }
  }
  for (const attr of csr.attributes) {
    if (attr.type === OID_EXTENSION_REQUEST) continue;
    const name = attr.type === '1.2.840.113549.1.9.7' ? 'challengePassword' : attr.type === '1.2.840.113549.1.9.2' ? 'unstructuredName' : (dnNames[attr.type] ?? attr.type);
    requested.push(`attribute ${name}`);
    notGranted.push(`attribute ${name}: ignored (it does not go into a certificate)`);
  }
  return { subject: csr.subject, keyType: granted.keyType, role: granted.role, requested, notGranted };
}

/** Which role a request is for when none is given: a host name or address makes it a node. */
function defaultRole(op: SignCsrOperation, csr: x509.Pkcs10CertificateRequest): 'node' | 'client' {
  if (op.sans?.length) return 'node';
  return requestedSans(csr).sans.some((s) => s.startsWith('DNS:') || s.startsWith('IP:')) ? 'node' : 'client';
}

export async function signCsr(env: Environment, op: SignCsrOperation, material: CaMaterial | undefined): Promise<IssueResult> {
  const profile = operationProfile(op);
  const csr = parseCsrPem(op.csrPem);
  // A request whose signature does not verify was altered, or its maker does not hold the key.
  let verified = false;
  try {
    verified = await csr.verify(env.crypto);
  } catch {
    verified = false;
  }
  if (!verified) throw new IssueError('the request\'s signature does not verify: it was altered after it was made, or its maker does not hold the private key; nothing was signed');
  const keyType = csrKeyType(csr);
  const role = op.role ?? defaultRole(op, csr);
  if (role !== 'node' && role !== 'client') throw new IssueError(`role must be node or client, not ${JSON.stringify(role)}`);
  const name = op.name === undefined || op.name === '' ? undefined : checkFileName(role === 'node' ? 'node name' : 'file name', op.name);
  const n = checkDays('validity', op.days, DEFAULT_LEAF_DAYS);
  const wanted = op.sans?.length ? op.sans : requestedSans(csr).sans;
  let cn: string;
  let sans: Sans;
  let files: { cert: string; key: string; caCopy?: string };
  if (role === 'node') {
    sans = parseSans(wanted);
    cn = checkDnValue('common name', op.commonName || (profile.id === 'cockroach' || profile.id === 'dm' ? nodeCommonName(profile.id, name, sans.dns) : subjectCn(csr) ?? nodeCommonName(profile.id, name, sans.dns)));
    files = nodeFiles(profile, name);
  } else {
    const user = op.commonName || subjectCn(csr);
    if (!user) throw new IssueError('the request has no CN, which names the client (the SQL user or DM caller): give one to sign with (--cn)');
    cn = checkDnValue('user', user);
    if (profile.id === 'cockroach' || (profile.id === 'generic' && !name)) checkFileName('user', cn);
    sans = clientSans(profile, cn, wanted);
    files = clientFiles(profile, cn, name);
  }
  const serverAuth = role === 'node' || profile.clientServerAuth;
  const subject = new x509.Name([...(profile.organization ? [{ O: [{ utf8String: profile.organization }] }] : []), { CN: [{ utf8String: cn }] }]).toString();
  const csrReview = review(csr, { subject, sans, keyType, serverAuth, clientAuth: true, role });
  if (op.dryRun) return { operation: 'signCsr', profile: profile.id, plan: { directories: [], files: [] }, opensslCommands: [], warnings: [], csrReview };
  const ca = await requireCa(env, material);
  if (Buffer.from(csr.publicKey.rawData).equals(Buffer.from(ca.cert.publicKey.rawData))) throw new IssueError("the request carries the CA's own public key: a leaf must have a key of its own");
  const result = await issueLeaf(
    env,
    profile,
    ca,
    material!,
    { role, cn, org: profile.organization, sans, serverAuth, clientAuth: true, keyType, days: n, allowCapped: op.allowCapped, certPath: files.cert, keyPath: files.key, caCopy: files.caCopy, publicKey: csr.publicKey },
    'signCsr',
    () => Promise.reject(new IssueError('signing a request generates no key')),
  );
  const layout = profile.layout;
  const csrFile = op.csrPath ?? 'request.csr';
  const section = leafSection(role === 'client' && serverAuth ? 'dm_client' : role, keyType);
  const opensslCommands = [
    `# openssl-ca.cnf copies requested extensions its section does not set (copy_extensions = copy); Certwright copies none, so check the request first:`,
    `openssl req -in ${shellQuote(csrFile)} -noout -text -verify`,
    `openssl ca -config ${layout.opensslConfig} -batch -notext${serialFlag(layout)} -extensions ${section} -days ${n} -subj ${shellQuote(`${profile.organization ? `/O=${profile.organization}` : ''}/CN=${cn}`)} -in ${shellQuote(csrFile)} -out ${shellQuote(files.cert)}`,
    ...(files.caCopy ? [`cp ${layout.caCert} ${shellQuote(files.caCopy)}`] : []),
  ];
  return { ...result, opensslCommands, csrReview };
}
