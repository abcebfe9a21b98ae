/**
 * Signing a certificate request made elsewhere (`certwright sign`): the key stays on
 * the host that made the CSR. The profile decides the subject and every extension,
 * exactly as for a certificate Certwright issues with its own key; the CSR only
 * contributes its public key, its CN (client role) and — unless replaced — its SANs.
 * Everything else it asks for is listed as not granted, so the operator sees it
 * before anything is signed.
 */
import type { Environment } from '../environment';
import { decodeCsrDer } from '../pem/decode';
import { ekuNames, extensionNames, dnNames } from '../pem/oids';
import type { CsrView } from '../pem/types';
import { spkiOf, verifySignature } from '../pem/verify';
import { OID_CLIENT_AUTH, OID_SERVER_AUTH, ipText, leafKeyUsage, nameTextOf, onelineName, parseCertPem, sameBytes } from './certs';
import { caSubjectFor, configFilesOf } from './caPolicy';
import { fromPem, keyTypeOfDer } from './keys';
import { leafExtensionArgs, opensslCa, shellQuote } from './openssl';
import { clientSans, issueLeaf, requireCa, serialFlag, DEFAULT_LEAF_DAYS } from './operations';
import { folderArgs } from './suggested';
import { clientFiles, nodeCommonName, nodeFiles, operationProfile } from './profiles';
import { IssueError, type CaMaterial, type CsrReview, type IssueResult, type KeyType, type SignCsrOperation } from './types';
import { checkDays, checkDnValue, checkFileName, formatSans, isDnsName, isIpv4, isIpv6, parseSans, type Sans } from './validate';
import { nameDer } from './writer';
import { tr } from '../l10n';

const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EKU = '2.5.29.37';
const OID_SAN = '2.5.29.17';

/** keyUsage bits (RFC 5280 order, as writer.ts numbers them) and names. */
const keyUsageNames: readonly [number, string][] = [
  [1, 'digitalSignature'],
  [2, 'nonRepudiation'],
  [4, 'keyEncipherment'],
  [8, 'dataEncipherment'],
  [16, 'keyAgreement'],
  [32, 'keyCertSign'],
  [64, 'cRLSign'],
  [128, 'encipherOnly'],
  [256, 'decipherOnly'],
];

const ekuOids: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ekuNames).map(([oid, name]) => [name, oid]));

/** A request as signing reads it: the decoded view, its DER and its SubjectPublicKeyInfo. */
export interface ParsedCsr {
  readonly der: Uint8Array;
  readonly view: CsrView;
  readonly spki: Uint8Array;
  /** The subject as the commands print names: `O=Cockroach, CN=node`. */
  readonly subject: string;
}

/** Parses a PEM CSR (either label openssl writes); the message names what is wrong. */
export function parseCsrPem(pem: string): ParsedCsr {
  const der = fromPem(pem, 'CERTIFICATE REQUEST') ?? fromPem(pem, 'NEW CERTIFICATE REQUEST');
  if (!der) throw new IssueError(tr`the request is not a PEM "CERTIFICATE REQUEST" (PKCS#10)`);
  try {
    const view = decodeCsrDer(der);
    return { der, view, spki: spkiOf(der), subject: view.subject.text };
  } catch (e) {
    throw new IssueError(tr`the certificate request could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The CSR's key type; refuses what no profile issues for (RSA below 2048 bits, unknown algorithms). */
export function csrKeyType(csr: ParsedCsr): KeyType {
  const key = csr.view.publicKey;
  const t = keyTypeOfDer(csr.spki, key.bits);
  if (!t) throw new IssueError(tr`the request's key (${key.algorithm}) is not one Certwright signs: use RSA (2048 bits or more), ECDSA P-256/P-384 or Ed25519`);
  if (t === 'rsa2048' && (key.bits ?? 0) < 2048) throw new IssueError(tr`the request's RSA key has ${key.bits ?? 'fewer than 2048'} bits; every current TLS stack refuses fewer than 2048 (make a new key: certwright csr or openssl genpkey)`);
  return t;
}

function requestedSans(csr: ParsedCsr): { sans: string[]; unusable: string[] } {
  const sans: string[] = [];
  const unusable: string[] = [];
  for (const g of csr.view.subjectAltNames) {
    if (g.type === 'dns' && isDnsName(g.value)) sans.push(`DNS:${g.value}`);
    else if (g.type === 'ip' && (isIpv4(ipText(g.value)) || isIpv6(ipText(g.value)))) sans.push(`IP:${ipText(g.value)}`);
    else if (g.type === 'uri') sans.push(`URI:${g.value}`);
    else unusable.push(`${g.type === 'email' ? 'email' : g.type === 'dns' ? 'DNS' : g.type === 'ip' ? 'IP' : g.type}:${g.value}`);
  }
  return { sans, unusable };
}

function subjectCn(csr: ParsedCsr): string | undefined {
  return csr.view.commonName;
}

/**
 * What the request asks (subject, SANs, extensions, attributes) and which of it the
 * certificate the profile makes will not carry.
 */
function review(csr: ParsedCsr, granted: { subject: string; sans: Sans; keyType: KeyType; serverAuth: boolean; clientAuth: boolean; role: 'node' | 'client' }): CsrReview {
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
  const view = csr.view;
  for (const ext of view.extensions) {
    if (ext.oid === OID_SAN) continue;
    if (ext.oid === OID_BASIC_CONSTRAINTS) {
      const bc: { ca: boolean; pathLength?: number } = view.basicConstraints ?? { ca: false };
      requested.push(`basicConstraints CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== undefined ? `, pathlen:${bc.pathLength}` : ''}`);
      if (bc.ca) notGranted.push('basicConstraints CA:TRUE: a node or client certificate is never a CA (it is issued CA:FALSE)');
    } else if (ext.oid === OID_KEY_USAGE) {
      const asked = new Set<string>(view.keyUsage?.usages ?? []);
      const names = keyUsageNames.filter(([, n]) => asked.has(n));
      requested.push(`keyUsage ${names.map(([, n]) => n).join(', ') || '(none)'}`);
      for (const [f, n] of names) if (!(grantedKu & f)) notGranted.push(`keyUsage ${n}: the profile grants ${keyUsageNames.filter(([g]) => grantedKu & g).map(([, m]) => m).join(', ')} for a ${granted.keyType} key`);
    } else if (ext.oid === OID_EKU) {
      const usages = (view.extendedKeyUsage?.usages ?? []).map((u) => ekuOids[u] ?? u);
      requested.push(`extendedKeyUsage ${usages.map((u) => ekuNames[u] ?? u).join(', ')}`);
      for (const u of usages) if (!grantedEku.includes(u)) notGranted.push(`extendedKeyUsage ${ekuNames[u] ?? u}: a ${granted.role} certificate of this profile has ${grantedEku.map((g) => ekuNames[g] ?? g).join(', ')}`);
    } else {
      const name = extensionNames[ext.oid]?.replace(/^X509v3 /, '') ?? ext.oid;
      requested.push(`extension ${name}${ext.critical ? ' (critical)' : ''}`);
      notGranted.push(`extension ${name}: not part of the profile, not copied`);
    }
  }
  for (const attr of view.attributes) {
    const name = dnNames[attr] ?? attr;
    requested.push(`attribute ${name}`);
    notGranted.push(`attribute ${name}: ignored (it does not go into a certificate)`);
  }
  return { subject: csr.subject, keyType: granted.keyType, role: granted.role, requested, notGranted };
}

/** Which role a request is for when none is given: a host name or address makes it a node. */
function defaultRole(op: SignCsrOperation, csr: ParsedCsr): 'node' | 'client' {
  if (op.sans?.length) return 'node';
  return requestedSans(csr).sans.some((s) => s.startsWith('DNS:') || s.startsWith('IP:')) ? 'node' : 'client';
}

export async function signCsr(env: Environment, op: SignCsrOperation, material: CaMaterial | undefined): Promise<IssueResult> {
  const profile = operationProfile(op);
  const csr = parseCsrPem(op.csrPem);
  // A request whose signature does not verify was altered, or its maker does not hold the key.
  if ((await verifySignature(csr.der, csr.spki, env.crypto, true)) !== 'valid') throw new IssueError(tr`the request's signature does not verify: it was altered after it was made, or its maker does not hold the private key; nothing was signed`);
  const keyType = csrKeyType(csr);
  const role = op.role ?? defaultRole(op, csr);
  if (role !== 'node' && role !== 'client') throw new IssueError(tr`role must be node or client, not ${JSON.stringify(role)}`);
  const name = op.name === undefined || op.name === '' ? undefined : checkFileName(role === 'node' ? tr`node name` : tr`file name`, op.name);
  const n = checkDays('validity', op.days, DEFAULT_LEAF_DAYS);
  const wanted = op.sans?.length ? op.sans : requestedSans(csr).sans;
  let cn: string;
  let sans: Sans;
  let files: { cert: string; key: string; caCopy?: string };
  if (role === 'node') {
    sans = parseSans(wanted);
    cn = checkDnValue(tr`common name`, op.commonName || (profile.id === 'cockroach' || profile.id === 'dm' ? nodeCommonName(profile.id, name, sans.dns) : subjectCn(csr) ?? nodeCommonName(profile.id, name, sans.dns)));
    files = nodeFiles(profile, name);
  } else {
    const user = op.commonName || subjectCn(csr);
    if (!user) throw new IssueError(tr`the request has no CN, which names the client (the SQL user or DM caller): give one to sign with (--cn)`);
    cn = checkDnValue('user', user);
    if (profile.id === 'cockroach' || (profile.id === 'generic' && !name)) checkFileName('user', cn);
    sans = clientSans(profile, cn, wanted);
    files = clientFiles(profile, cn, name);
  }
  const serverAuth = role === 'node' || profile.clientServerAuth;
  // At an adopted CA its policy decides the subject (caPolicy.ts): the review shows what it gives.
  const asked = nameDer(cn, profile.organization);
  const named = material ? await caSubjectFor(profile.layout, material.caConfig, parseCertPem(material.certPem, tr`the CA certificate`).subjectDer, asked, configFilesOf(env, material)) : { request: asked, subject: asked };
  const subject = nameTextOf(named.subject);
  const csrReview = review(csr, { subject, sans, keyType, serverAuth, clientAuth: true, role });
  if (op.dryRun) return { operation: 'signCsr', profile: profile.id, plan: { directories: [], files: [] }, opensslCommands: [], warnings: [], csrReview };
  const ca = await requireCa(env, material);
  if (sameBytes(csr.spki, ca.cert.spki)) throw new IssueError(tr`the request carries the CA's own public key: a leaf must have a key of its own`);
  const result = await issueLeaf(
    env,
    profile,
    ca,
    material!,
    { role, cn, org: profile.organization, sans, serverAuth, clientAuth: true, keyType, days: n, allowCapped: op.allowCapped, dir: folderArgs(op).dir, certPath: files.cert, keyPath: files.key, caCopy: files.caCopy, spki: csr.spki },
    'signCsr',
    () => Promise.reject(new IssueError(tr`signing a request generates no key`)),
  );
  const layout = profile.layout;
  const csrFile = op.csrPath ?? 'request.csr';
  const ext = leafExtensionArgs(layout, role === 'client' && serverAuth ? 'dm_client' : role, keyType, sans, `${files.cert.replace(/\.(crt|pem)$/, '')}.ext`);
  const opensslCommands = [
    `# openssl-ca.cnf copies requested extensions its section does not set (copy_extensions = copy); Certwright copies none, so check the request first:`,
    `openssl req -in ${shellQuote(csrFile)} -noout -text -verify`,
    ...ext.prepare,
    `${await opensslCa(layout, material!.caConfig, n)} -batch -notext${serialFlag(layout)}${ext.args} -days ${n} -subj ${shellQuote(onelineName(named.request))} -in ${shellQuote(csrFile)} -out ${shellQuote(files.cert)}`,
    ...ext.cleanup,
    ...(files.caCopy ? [`cp ${layout.caCert} ${shellQuote(files.caCopy)}`] : []),
  ];
  return { ...result, opensslCommands, csrReview };
}
