/**
 * The issuing operations. Each takes the injected Environment (clock, WebCrypto),
 * the operation's inputs and — for everything after `createCa` — the CA material
 * the front end read, and returns a WritePlan plus the equivalent openssl
 * commands. Nothing here touches disk.
 */
import type { Environment } from '../environment';
import {
  BACKDATE_MS,
  buildName,
  caExtensions,
  certKeyType,
  certificateBlocks,
  certPem,
  commonNameOf,
  issuedBy,
  issuerOf,
  leafExtensions,
  leafKeyUsage,
  sanExtension,
  loadCa,
  nameTextOf,
  onelineName,
  parseCertPem,
  publicKeyJwk,
  randomSerial,
  selfIssued as isSelfIssued,
  sameBytes,
  signCert,
  type Cert,
  type LoadedCa,
} from './certs';
import { caSubjectFor, configFilesOf, hasMultiValuedRdn, preservedSubject } from './caPolicy';
import { DEFAULT_CA_DAYS, folderArgs, renewCaCommand } from './suggested';
import { authorityKeyIdExtension, keyIdOf, keyUsageExtension, OID_AKI, OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, OID_SAN, OID_SKI, signRequest, spkiOf, subjectKeyIdExtension, withCommonNameDer } from './writer';
import { crlPem, signCrl } from './crl';
import { crlBlocks, crlLifetimeWarnings, crlsIn } from './crlLifetime';
import { DEFAULT_PBKDF2_ITERATIONS, exportPkcs8Pem, generateKeyPair, importPkcs8Pem, publicJwkOf, signingAlgorithm, toPem, type Crypto, type CryptoKeyPair } from './keys';
import { caConfig, dirHeader, genpkeyCommand, leafExtensionArgs, opensslCa, parentSigningCommand, reqConfigArg, sanArg, serialFlag, shellQuote } from './openssl';
import { clientFiles, nodeCommonName, nodeFiles, operationProfile, profiles, type Profile } from './profiles';
import {
  canonicalReason,
  crlEntryOf,
  formatHexNumber,
  formatIndexFile,
  indexAttrContents,
  normalizeSerial,
  parseHexNumber,
  parseIndex,
  parseIndexFile,
  uniqueSubjectOf,
  type IndexEntry,
} from './state';
import {
  IssueError,
  type CaMaterial,
  type CreateCaOperation,
  type CreateIntermediateOperation,
  type IssueClientOperation,
  type IssueNodeOperation,
  type IssueResult,
  type IssuedSummary,
  type KeyType,
  type PlannedDirectory,
  type PlannedFile,
  type ProfileLayout,
  type PublishCrlOperation,
  type RenewOperation,
  type RevokeOperation,
} from './types';
import { checkDays, checkDnValue, checkFileName, checkKeyType, checkProfile, checkRelativePath, formatSans, isDnsName, parseSans, type Sans } from './validate';
import { issuedWindow, selfWindow } from './validity';
import { dayMs } from '../pem/validity';
import { isCaCertificate, leavesNamingSerial, refuseRevokedKey, renewCaCertificate, renewIntermediateCertificate, type ParentRecord } from './renewal';
import { parentCrlPath } from './rotationPaths';
import { entityName, leafFiles, renewedCopyOf, replacedKeyPath } from './layout';
import { formatInstant } from '../format';
import { tr } from '../l10n';

export const DEFAULT_LEAF_DAYS = 825;
export const DEFAULT_INTERMEDIATE_DAYS = 1825;
/** @deprecated the default is per profile: Profile.crlDays. */
export const DEFAULT_CRL_DAYS = 30;

/** Where an operation gets its new key pair; batches hand out pairs generated ahead, in parallel. */
export type KeySource = (type: KeyType) => Promise<CryptoKeyPair>;

const freshKeys = (crypto: Crypto): KeySource => (type) => generateKeyPair(crypto, type);

const KEY_MODE = 0o600;
const STATE_MODE = 0o600;
const CERT_MODE = 0o644;
const DIR_MODE = 0o700;

/**
 * The order folders are created in: the layout root first, then by depth (a parent before its
 * children), then by path in UTF-16 code-unit order, the same on every machine (a locale's
 * collation would also cost the ICU collator's start-up, several milliseconds, in each process).
 */
export function directoryOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.' || b === '.') return a === '.' ? -1 : 1;
  return a.split('/').length - b.split('/').length || (a < b ? -1 : 1);
}

export class PlanBuilder {
  private readonly dirs = new Map<string, PlannedDirectory>();
  readonly files: PlannedFile[] = [];

  file(path: string, contents: string, kind: PlannedFile['kind'], description: string, replace = false): void {
    const mode = kind === 'key' || kind === 'state' || kind === 'config' ? (kind === 'key' ? KEY_MODE : STATE_MODE) : CERT_MODE;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!this.dirs.has(d)) this.dirs.set(d, { path: d, mode: DIR_MODE });
    }
    if (parts.length === 1 && (kind === 'key' || kind === 'state')) this.dirs.set('.', { path: '.', mode: DIR_MODE });
    this.files.push({ path, contents, kind, mode, replace, description });
  }

  dir(path: string): void {
    this.dirs.set(path, { path, mode: DIR_MODE });
  }

  build(): { directories: PlannedDirectory[]; files: PlannedFile[] } {
    const directories = [...this.dirs.values()].sort((a, b) => directoryOrder(a.path, b.path));
    return { directories, files: this.files };
  }

  dirPaths(): string[] {
    return this.build().directories.map((d) => d.path);
  }
}

export function summary(cert: Cert, certPath: string, keyPath: string | undefined, sans: Sans): IssuedSummary {
  return {
    subject: cert.subject,
    serial: normalizeSerial(cert.serial),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sans: formatSans(sans),
    certPath,
    ...(keyPath ? { keyPath } : {}),
  };
}

function keyWarnings(profile: Profile, type: KeyType): string[] {
  const w = profile.keyWarnings[type];
  return w ? [w] : [];
}

// ---------------------------------------------------------------------------------------------
// Create CA

export async function createCa(env: Environment, op: CreateCaOperation, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  return buildCa(env, op, keySource);
}

/** An intermediate CA in a new folder, signed by the parent CA whose material is given. */
export async function createIntermediate(env: Environment, op: CreateIntermediateOperation, parentMaterial: CaMaterial | undefined, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  // The parent's own layout when it is an adopted CA: its database, serial file and copies are where its tool keeps them.
  const parentProfile = operationProfile({ profile: op.parentProfile, ...(op.parentLayout ? { layout: op.parentLayout } : {}) });
  const parent = await requireCa(env, parentMaterial);
  const bc = parent.cert.basicConstraints;
  if (bc?.pathLength === 0) {
    throw new IssueError(tr`the parent CA (${parent.cert.subject}) has basicConstraints pathlen:0: it may sign only leaf certificates, and every verifier would reject an intermediate under it. Create the root with --pathlen 1 (or more)`);
  }
  return buildCa(env, { ...op, kind: 'createCa', pathLen: bc?.pathLength === undefined ? profiles[checkProfile(op.profile)].caPathLen ?? 0 : Math.min(bc.pathLength - 1, profiles[checkProfile(op.profile)].caPathLen ?? bc.pathLength - 1) }, keySource, { ca: parent, material: parentMaterial!, profile: parentProfile, crlPem: op.parentCrlPem, allowCapped: op.allowCapped });
}

/**
 * The certificates of a CA file that are not self-signed: the intermediates a leaf file carries
 * after itself. `ca`, loaded from that file, is its first certificate, already parsed.
 */
export function chainAfterIssuer(caFilePem: string, ca?: LoadedCa): string {
  return certificateBlocks(caFilePem)
    .filter((b, i) => !isSelfIssued(i === 0 && ca ? ca.cert : parseCertPem(b, tr`a CA certificate`)))
    .join('');
}

interface ParentCa {
  readonly ca: LoadedCa;
  readonly material: CaMaterial;
  readonly profile: Profile;
  readonly crlPem?: string;
  readonly allowCapped?: boolean;
}

async function buildCa(env: Environment, op: CreateCaOperation, keySource: KeySource, parent?: ParentCa): Promise<IssueResult> {
  const profileId = checkProfile(op.profile);
  const profile = profiles[profileId];
  const layout = profile.layout;
  const keyType = checkKeyType(op.keyType ?? (parent ? defaultLeafKeyType(parent.ca) : 'rsa2048'));
  const cn = checkDnValue(tr`CA common name`, op.commonName ?? (parent ? `${profile.caCommonName} Intermediate` : profile.caCommonName));
  const org = op.organization ?? profile.organization;
  if (org !== undefined) checkDnValue('organization', org);
  const n = checkDays(tr`CA validity`, op.days, parent ? DEFAULT_INTERMEDIATE_DAYS : DEFAULT_CA_DAYS);
  const pathLen = op.pathLen ?? profile.caPathLen;
  if (pathLen !== undefined && (!Number.isInteger(pathLen) || pathLen < 0 || pathLen > 8)) throw new IssueError(tr`pathlen must be a whole number from 0 to 8`);
  const crypto = env.crypto;

  const keys = await keySource(keyType);
  const spki = await spkiOf(crypto, keys.publicKey);
  const keyId = await keyIdOf(crypto, spki);
  // Signed by an adopted parent: the name openssl ca would give it under the parent's policy.
  const subject = parent ? (await caSubjectFor(parent.profile.layout, parent.material.caConfig, parent.ca.cert.subjectDer, buildName(cn, org), configFilesOf(env, parent.material))).subject : buildName(cn, org);
  if (parent && sameBytes(subject, parent.ca.cert.subjectDer)) throw new IssueError(tr`the intermediate CA needs a name other than its parent's (${parent.ca.cert.subject}): give --cn`);
  // An intermediate's serial is the parent's to give, by the parent's policy (the serial file of a sequential openssl ca).
  const { parentDir } = folderArgs(op);
  const record = parent ? beginParentRecord(crypto, parent.profile.layout, parent.material, onelineName(subject), cn, env.now(), parentDir) : undefined;
  const serial = record?.serial ?? randomSerial(crypto);
  const { notBefore, notAfter, warnings: capped } = parent ? issuedWindow(env.now(), n, parent.ca.cert, parent.allowCapped, renewCaCommand(parent.profile.layout, parentDir)) : selfWindow(env.now(), n);
  const sign = signingAlgorithm(keyType);
  const extensions = caExtensions(pathLen, keyId, parent?.ca.keyId);
  const cert = parent
    ? await signCert(crypto, { subject, spki, serial, notBefore, notAfter, extensions }, issuerOf(parent.ca), parent.ca.key, parent.ca.sign)
    : await signCert(crypto, { subject, spki, serial, notBefore, notAfter, extensions }, subject, keys.privateKey, sign);
  const ca: LoadedCa = { cert, key: keys.privateKey, keyType, keyId, sign };
  const crlNumber = 1n;
  const crl = await signCrl(crypto, ca, { number: crlNumber, thisUpdate: new Date(env.now().getTime() - BACKDATE_MS), nextUpdate: new Date(env.now().getTime() + profile.crlDays * dayMs), entries: [] });

  const plan = new PlanBuilder();
  const keyPem = await exportPkcs8Pem(crypto, keys.privateKey);
  const keyFile = op.keyPassphrase ? await (await import('./keyCrypt.js')).encryptPkcs8Pem(crypto, keyPem, op.keyPassphrase) : keyPem;
  plan.file(layout.caKey, keyFile, 'key', op.keyPassphrase ? tr`CA private key (encrypted: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC)` : tr`CA private key`);
  // An intermediate's CA file is a bundle: itself first (the issuer Certwright signs with), then the parent's file (up to the root).
  const certFile = certPem(cert) + (parent ? certificateBlocks(parent.material.certPem).join('') : '');
  plan.file(layout.caCert, certFile, 'cert', parent ? tr`intermediate CA certificate + the chain to its root (${parent.ca.cert.subject})` : tr`CA certificate`);
  rememberBatchCa(certFile, keyFile, op.keyPassphrase, ca);
  plan.dir(layout.newCertsDir);
  plan.file(layout.index, '', 'state', tr`CA database (openssl index.txt)`);
  plan.file(layout.indexAttr, indexAttrContents, 'state', tr`CA database attributes`);
  plan.file(layout.serial, formatHexNumber(BigInt(`0x${randomSerial(crypto)}`)), 'state', tr`next serial for openssl ca`);
  plan.file(layout.crlnumber, formatHexNumber(crlNumber + 1n), 'state', tr`next CRL number`);
  if (parent?.crlPem) plan.file(parentCrlPath(layout), parent.crlPem, 'crl', tr`copy of the parent CA's CRL (published with this CA's own)`, true);
  plan.file(layout.crl, crlPem(crl) + (parent?.crlPem ?? ''), 'crl', parent?.crlPem ? tr`certificate revocation lists: this CA's (empty) and its parent's` : tr`certificate revocation list (empty)`, true);
  plan.file(layout.opensslConfig, caConfig(layout, keyType, pathLen, DEFAULT_LEAF_DAYS, profile.crlDays), 'config', tr`openssl ca configuration for this CA`);

  const subj = `${org ? `/O=${org}` : ''}/CN=${cn}`;
  const cmds = parent
    ? [
        ...dirHeader(plan.dirPaths()),
        `# ${layout.opensslConfig}, index.txt.attr, serial and crlnumber are small text files Certwright wrote (see their contents)`,
        `: > ${layout.index}`,
        caKeyCommand(keyType, layout.caKey, !!op.keyPassphrase),
        `openssl req -new -config ${layout.opensslConfig} -key ${layout.caKey} -subj ${shellQuote(subj)} -out ${layout.caCert}.csr`,
        parentSigningCommand(parent.profile.layout, n, `CHILD/${layout.caCert}`, cn),
        `openssl ca -config ${layout.opensslConfig} -gencrl -crldays ${profile.crlDays} -out ${layout.crl}`,
      ]
    : [
        ...dirHeader(plan.dirPaths()),
        `# ${layout.opensslConfig}, index.txt.attr, serial and crlnumber are small text files Certwright wrote (see their contents)`,
        `: > ${layout.index}`,
        caKeyCommand(keyType, layout.caKey, !!op.keyPassphrase),
        `openssl req -new -x509 -config ${layout.opensslConfig} -key ${layout.caKey} -subj ${shellQuote(subj)} -days ${n} -set_serial 0x${serial} -extensions ca_cert -out ${layout.caCert}`,
        `openssl ca -config ${layout.opensslConfig} -gencrl -crldays ${profile.crlDays} -out ${layout.crl}`,
      ];
  const parentPlan = record?.record(cert, tr`intermediate CA ${cert.subject}`, false);
  return {
    operation: parent ? 'createIntermediate' : 'createCa',
    profile: profileId,
    plan: plan.build(),
    opensslCommands: cmds,
    warnings: [...keyWarnings(profile, keyType), ...capped],
    issued: summary(cert, layout.caCert, layout.caKey, { dns: [], ip: [], uri: [] }),
    ...(parentPlan ? { parentPlan } : {}),
  };
}

/** The CA key with openssl; encrypted as Certwright encrypts it (openssl prompts for the passphrase on every later use). */
function caKeyCommand(type: KeyType, path: string, encrypted: boolean): string {
  const plain = genpkeyCommand(type, path);
  if (!encrypted) return plain;
  const alg = /openssl genpkey (.*) -out /.exec(plain)![1];
  return `(umask 077 && openssl genpkey ${alg} | openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter ${DEFAULT_PBKDF2_ITERATIONS} -passout env:CA_PASSPHRASE -out ${shellQuote(path)})`;
}

export { parentCrlPath } from './rotationPaths';

/**
 * The serial of the next certificate, by the layout's policy. A sequential one is the
 * `serial` file's number, as `openssl ca` takes it, and moves that file on; a number the
 * database already holds is refused, as `openssl ca` refuses it.
 */
export function nextSerial(crypto: Crypto, layout: ProfileLayout, material: CaMaterial, index: readonly IndexEntry[], plan: PlanBuilder): string {
  const taken = new Set(index.map((e) => e.serial));
  if (layout.serials === 'random') return randomSerial(crypto, taken);
  const n = parseHexNumber(material.serial, `${layout.serial} (the next serial)`);
  const serial = normalizeSerial(n.toString(16));
  if (taken.has(serial)) throw new IssueError(tr`${layout.serial} says the next serial is ${serial}, but ${layout.index} already lists a certificate with that serial (openssl ca refuses it too: "has already been issued"); write a number above the highest serial of the database into ${layout.serial}`);
  plan.file(layout.serial, formatHexNumber(n + 1n), 'state', tr`next serial (openssl serial file)`, true);
  return serial;
}

/**
 * The CA database to write before a new certificate for `subject` is added. Where an
 * adopted CA's database enforces unique subjects (`unique_subject = yes`, openssl's
 * default), a second valid certificate for a subject would make `openssl ca` refuse to
 * load the database, so it is refused here first, with the choice that breaks nothing
 * deployed first. openssl counts every `V` line, expired or not, until `openssl ca
 * -updatedb` marks the lapsed ones `E`: this subject's lapsed lines are marked here, as
 * -updatedb would, so that a certificate renewed after it expired is not refused.
 */
export function indexForNewSubject(layout: ProfileLayout, material: CaMaterial, index: readonly IndexEntry[], subject: string, now: Date, dir: string): IndexEntry[] {
  if (material.indexAttr === undefined || !uniqueSubjectOf(material.indexAttr, layout.uniqueSubject)) return [...index];
  const lapsed = (e: IndexEntry): boolean => e.status === 'V' && e.subject === subject && e.expiry.getTime() <= now.getTime();
  const same = index.find((e) => e.status === 'V' && e.subject === subject && !lapsed(e));
  if (same) {
    throw new IssueError(
      [
        tr`${layout.indexAttr} has unique_subject = yes and ${subject} already has a valid certificate (serial ${same.serial}, until ${formatInstant(same.expiry)}); openssl ca would then refuse to load ${layout.index}. Choose one:`,
        tr`  - set unique_subject = no in ${layout.indexAttr} (openssl ca reads it there, as easy-rsa sets it): both certificates stay valid until the old one expires, nothing deployed breaks`,
        tr`  - or revoke it first (certwright revoke --dir ${dir} --serial ${same.serial} --reason superseded): the CRL it then publishes refuses the deployed certificate wherever CRLs are checked until the new one replaces it`,
      ].join('\n'),
    );
  }
  return index.map((e) => (lapsed(e) ? { ...e, status: 'E' as const } : e));
}

export { serialFlag } from './openssl';

/**
 * Begins the parent's record of a CA certificate (created, or renewed) for `subject`
 * (OpenSSL one-line form), at the paths of the parent's layout, built-in or adopted: the
 * serial by the parent's policy (its serial file moved on when sequential), the copy by
 * serial in new_certs_dir, the database line, and easy-rsa's copy by entity name
 * (`easyrsa revoke <name>` looks there). Refuses what the parent's `openssl ca` would
 * refuse: a serial its database holds, a second valid certificate for a subject while
 * unique_subject is on. So openssl ca -status/-revoke/-gencrl, easyrsa revoke/gen-crl
 * and Certwright keep working on the parent.
 */
export function beginParentRecord(crypto: Crypto, pl: ProfileLayout, material: CaMaterial, subject: string, commonName: string, now: Date, parentDir: string, copy?: string): ParentRecord {
  const db = parseIndexFile(material.index);
  const plan = new PlanBuilder();
  const entries = indexForNewSubject(pl, material, db.entries, subject, now, parentDir);
  const serial = nextSerial(crypto, pl, material, db.entries, plan);
  return parentRecorder(pl, plan, serial, false, (line) => formatIndexFile({ entries: [...entries, line], comments: db.comments }), commonName, copy);
}

/**
 * The parent's record of an intermediate renewed with the serial it has (`serial`, which the
 * certificates it issued name, renewal.ts leavesNamingSerial). `openssl ca` gives no serial its
 * database holds, and a second line with it makes openssl ca refuse to load the database
 * ("Error creating serial number index"): the line of that serial is the one renewed (its new
 * expiry), the serial file is left as it is, the copies in new_certs_dir and easy-rsa's
 * issued/<name>.crt are replaced. A serial the parent revoked, or whose line names another
 * subject, is refused: the renewed certificate would be revoked too, or the database is not
 * this intermediate's.
 */
export function keepParentRecord(pl: ProfileLayout, material: CaMaterial, serial: string, subject: string, commonName: string, now: Date, parentDir: string, copy?: string): ParentRecord {
  const db = parseIndexFile(material.index);
  const kept = normalizeSerial(serial);
  const line = db.entries.find((e) => e.serial === kept);
  if (line?.status === 'R') {
    throw new IssueError(
      [
        tr`the parent revoked ${subject} (serial ${kept} in ${pl.index}); a renewed certificate with that serial, which the certificates it issued name, would be revoked too. Choose one:`,
        tr`  - create a new intermediate (certwright ca create --parent ${parentDir}) and re-issue its certificates`,
        tr`  - or, if the revocation was a mistake, have the parent's tool undo it first (openssl ca keeps no "unrevoke": edit the line of ${kept} in ${pl.index} back to V and publish a new CRL)`,
      ].join('\n'),
    );
  }
  if (line && line.subject !== subject) throw new IssueError(tr`the parent's database (${pl.index}) lists serial ${kept} for ${line.subject}, not ${subject}: it is not the database of the CA that signed this intermediate, or serials were reused; nothing was written`);
  // unique_subject holds against the other lines (another valid certificate for this name is refused).
  const checked = indexForNewSubject(pl, material, db.entries.filter((e) => e !== line), subject, now, parentDir);
  return parentRecorder(pl, new PlanBuilder(), kept, true, (renewed) => {
    if (!line) return formatIndexFile({ entries: [...checked, renewed], comments: db.comments });
    let i = 0;
    const entries = db.entries.map((e) => (e === line ? { ...renewed, file: line.file } : checked[i++]!));
    return formatIndexFile({ entries, comments: db.comments });
  }, commonName, copy);
}

/**
 * The parent's files for a CA certificate it signed with `serial`: its copy in new_certs_dir, its
 * database (`index` given the new line), easy-rsa's copy by name — `copy`, the file that holds the
 * certificate renewed, else issued/<CN made a name>.crt, which a renewal replaces only when it holds nothing else.
 */
function parentRecorder(pl: ProfileLayout, plan: PlanBuilder, serial: string, replaceCopy: boolean, index: (line: IndexEntry) => string, commonName: string, copy?: string): ParentRecord {
  return {
    serial,
    record(cert, description, renewal) {
      const pem = certPem(cert);
      plan.file(`${pl.newCertsDir}/${serial}.pem`, pem, 'cert', tr`${description} (copy in the CA database)`, replaceCopy);
      plan.file(pl.index, index({ status: 'V', expiry: cert.notAfter, serial, file: 'unknown', subject: onelineName(cert.subjectDer) }), 'state', tr`CA database (openssl index.txt)`, true);
      if (pl.origin === 'easy-rsa') plan.file(copy ?? leafFiles(pl.node, { name: entityName(commonName) }).cert, pem, 'cert', tr`${description} (easy-rsa's copy by name)`, renewal && copy !== undefined);
      return plan.build();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Leaves

export async function requireCa(env: Environment, material: CaMaterial | undefined): Promise<LoadedCa> {
  if (!material?.certPem || !material.keyPem) throw new IssueError(tr`no CA: create one first (certwright ca create) or point --dir at the folder that holds it`);
  if (!batchCas) return loadCa(env.crypto, material.certPem, material.keyPem, material.keyPassphrase);
  const id = batchCaId(material.certPem, material.keyPem, material.keyPassphrase);
  let ca = batchCas.get(id);
  if (!ca) batchCas.set(id, (ca = loadCa(env.crypto, material.certPem, material.keyPem, material.keyPassphrase)));
  return ca;
}

/**
 * The CAs loaded while a batch runs: parsed, decrypted and checked against their key once
 * for the whole batch instead of once per certificate (a sixth of `certwright init`'s
 * work). Dropped when the last running batch ends, so no CA key outlives its operations.
 */
let batchCas: Map<string, Promise<LoadedCa>> | undefined;
let batchesRunning = 0;

const batchCaId = (certPem: string, keyPem: string, passphrase: string | undefined): string => `${certPem}\0${keyPem}\0${passphrase ?? ''}`;

/**
 * A CA a batch has just created, by the contents of its planned files: the batch's later
 * operations sign with it as it is, instead of parsing its certificate and importing (or
 * decrypting) its key again from those files.
 */
function rememberBatchCa(certPem: string, keyPem: string, passphrase: string | undefined, ca: LoadedCa): void {
  batchCas?.set(batchCaId(certPem, keyPem, passphrase), Promise.resolve(ca));
}

export async function withBatchCaCache<T>(fn: () => Promise<T>): Promise<T> {
  if (batchesRunning++ === 0) batchCas = new Map();
  try {
    return await fn();
  } finally {
    if (--batchesRunning === 0) batchCas = undefined;
  }
}

export function defaultLeafKeyType(ca: LoadedCa): KeyType {
  return ca.keyType === 'rsa3072' || ca.keyType === 'rsa4096' ? 'rsa2048' : ca.keyType;
}

export interface LeafRequest {
  readonly role: 'node' | 'client';
  readonly cn: string;
  readonly org?: string;
  readonly sans: Sans;
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly keyType: KeyType;
  readonly days: number;
  readonly allowCapped?: boolean;
  readonly certPath: string;
  /** Where the new key goes; unused when `spki` is given (the key stays where the CSR was made). */
  readonly keyPath: string;
  readonly caCopy?: string;
  /** A public key (SubjectPublicKeyInfo DER) from a CSR (signCsr): no key is generated or written. */
  readonly spki?: Uint8Array;
  /** The CA's folder as the commands messages suggest write it (folderArgs). */
  readonly dir: string;
}

export async function issueLeaf(env: Environment, profile: Profile, ca: LoadedCa, material: CaMaterial, req: LeafRequest, kind: 'issueNode' | 'issueClient' | 'signCsr', keySource: KeySource): Promise<IssueResult> {
  const crypto = env.crypto;
  const warnings = keyWarnings(profile, req.keyType);
  const db = parseIndexFile(material.index);
  const index = db.entries;
  const layout = profile.layout;
  const plan = new PlanBuilder();
  const serial = nextSerial(crypto, layout, material, index, plan);
  const { notBefore, notAfter, warnings: capped } = issuedWindow(env.now(), req.days, ca.cert, req.allowCapped, renewCaCommand(profile.layout, req.dir));
  warnings.push(...capped);
  const keys = req.spki ? undefined : await keySource(req.keyType);
  const spki = req.spki ?? (await spkiOf(crypto, keys!.publicKey));
  // An adopted CA's policy decides the subject, as openssl ca's does (the request gets its match fields).
  const { request, subject } = await caSubjectFor(layout, material.caConfig, ca.cert.subjectDer, buildName(req.cn, req.org), configFilesOf(env, material));
  const written = indexForNewSubject(layout, material, index, onelineName(subject), env.now(), req.dir);
  const extensions = await leafExtensions(crypto, { keyType: req.keyType, serverAuth: req.serverAuth, clientAuth: req.clientAuth, ...req.sans }, spki, ca.keyId);
  const cert = await signCert(crypto, { subject, spki, serial, notBefore, notAfter, extensions }, issuerOf(ca), ca.key, ca.sign);
  const pem = certPem(cert);

  if (keys) plan.file(req.keyPath, await exportPkcs8Pem(crypto, keys.privateKey), 'key', req.role === 'node' ? tr`node private key` : tr`client private key`);
  // Issued by an intermediate: the file carries the chain up to (not including) the root, as TLS peers send it.
  plan.file(req.certPath, pem + chainAfterIssuer(material.certPem, ca), 'cert', req.role === 'node' ? tr`node certificate (${req.cn})` : tr`client certificate (${req.cn})`);
  if (req.caCopy) plan.file(req.caCopy, certPem(ca.cert), 'cert', tr`CA certificate (copy for this node)`);
  plan.file(`${layout.newCertsDir}/${serial}.pem`, pem, 'cert', tr`copy in the CA database (openssl new_certs_dir)`);
  const entry: IndexEntry = { status: 'V', expiry: notAfter, serial, file: 'unknown', subject: onelineName(subject) };
  plan.file(layout.index, formatIndexFile({ entries: [...written, entry], comments: db.comments }), 'state', tr`CA database (openssl index.txt)`, true);

  const csr = req.certPath.replace(/\.(crt|pem)$/, '') + '.csr';
  const ext = leafExtensionArgs(layout, req.role === 'client' && req.serverAuth ? 'dm_client' : req.role, req.keyType, req.sans, `${csr.replace(/\.csr$/, '')}.ext`);
  const subj = onelineName(request);
  const san = sanArg(req.sans);
  const cmds = [
    ...dirHeader(plan.dirPaths().filter((d) => !d.startsWith(layout.caDir))),
    ...(keys
      ? [
          genpkeyCommand(req.keyType, req.keyPath),
          `openssl req -new${reqConfigArg(layout)} -key ${shellQuote(req.keyPath)} -subj ${shellQuote(subj)}${san ? ` -addext ${shellQuote(`subjectAltName=${san}`)}` : ''} -out ${shellQuote(csr)}`,
        ]
      : []),
    ...ext.prepare,
    `${await opensslCa(layout, material.caConfig, req.days)} -batch -notext${serialFlag(layout)}${ext.args} -days ${req.days} -in ${shellQuote(csr)} -out ${shellQuote(req.certPath)}`,
    ...ext.cleanup,
    ...(keys ? [`rm ${shellQuote(csr)}`] : []),
    ...(req.caCopy ? [`cp ${layout.caCert} ${shellQuote(req.caCopy)}`] : []),
  ];
  return {
    operation: kind,
    profile: profile.id,
    plan: plan.build(),
    opensslCommands: cmds,
    warnings,
    issued: summary(cert, req.certPath, keys ? req.keyPath : undefined, req.sans),
  };
}

export async function issueNode(env: Environment, op: IssueNodeOperation, material: CaMaterial | undefined, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  const profile = operationProfile(op);
  const name = op.name === undefined || op.name === '' ? undefined : checkFileName(tr`node name`, op.name);
  const sans = parseSans(op.sans ?? []);
  const cn = checkDnValue(tr`common name`, op.commonName || nodeCommonName(profile.id, name, sans.dns));
  const n = checkDays('validity', op.days, DEFAULT_LEAF_DAYS);
  const ca = await requireCa(env, material);
  const keyType = checkKeyType(op.keyType ?? defaultLeafKeyType(ca));
  const files = nodeFiles(profile, name);
  return issueLeaf(env, profile, ca, material!, {
    role: 'node',
    cn,
    org: profile.organization,
    sans,
    serverAuth: true,
    clientAuth: true,
    keyType,
    days: n,
    allowCapped: op.allowCapped,
    dir: folderArgs(op).dir,
    certPath: files.cert,
    keyPath: files.key,
    caCopy: files.caCopy,
  }, 'issueNode', keySource);
}

/**
 * SANs of a client certificate: the ones asked for; a client certificate that also
 * carries serverAuth (DM, rules doc D.4) is a server certificate to Go and to lint,
 * so it names its user as DNS:<user> when none is given and the user is a host-name label.
 */
export function clientSans(profile: Profile, user: string, given: readonly string[] | undefined): Sans {
  const sans = parseSans(given ?? [], false);
  if (profile.clientServerAuth && !sans.dns.length && !sans.ip.length && isDnsName(user)) return { ...sans, dns: [user.toLowerCase()] };
  return sans;
}

export async function issueClient(env: Environment, op: IssueClientOperation, material: CaMaterial | undefined, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  const profile = operationProfile(op);
  const user = op.user || profile.defaultUser;
  checkDnValue('user', user);
  // The user also names files (client.<user>.crt): the stricter file-name rule applies.
  if (profile.id === 'cockroach' || (profile.id === 'generic' && !op.name)) checkFileName('user', user);
  const name = op.name === undefined || op.name === '' ? undefined : checkFileName(tr`file name`, op.name);
  const n = checkDays('validity', op.days, DEFAULT_LEAF_DAYS);
  const ca = await requireCa(env, material);
  const keyType = checkKeyType(op.keyType ?? defaultLeafKeyType(ca));
  const files = clientFiles(profile, user, name);
  return issueLeaf(env, profile, ca, material!, {
    role: 'client',
    cn: user,
    org: profile.organization,
    sans: clientSans(profile, user, op.sans),
    serverAuth: profile.clientServerAuth,
    clientAuth: true,
    keyType,
    days: n,
    allowCapped: op.allowCapped,
    dir: folderArgs(op).dir,
    certPath: files.cert,
    keyPath: files.key,
  }, 'issueClient', keySource);
}

// ---------------------------------------------------------------------------------------------
// Revocation and CRL

async function crlFiles(env: Environment, ca: LoadedCa, layout: ProfileLayout, index: readonly IndexEntry[], crlnumber: string | undefined, crlDaysIn: number | undefined, plan: PlanBuilder, folders: ReturnType<typeof folderArgs>, parentCrl?: string, caConfigText?: string): Promise<{ commands: string[]; warnings: string[] }> {
  const crlDays = checkDays(tr`CRL validity`, crlDaysIn, profiles[layout.profile].crlDays);
  const number = parseHexNumber(crlnumber, `${layout.crlnumber} (the next CRL number)`);
  const now = env.now().getTime();
  const entries = [];
  for (const e of index) if (e.status === 'R') entries.push(crlEntryOf(e));
  const nextUpdate = new Date(now + crlDays * dayMs);
  const crl = await signCrl(env.crypto, ca, { number, thisUpdate: new Date(now - BACKDATE_MS), nextUpdate, entries });
  const warnings = crlLifetimeWarnings(new Date(now), ca.cert, nextUpdate, parentCrl, renewCaCommand(layout, folders.dir), `certwright crl --dir ${folders.parentDir}, then certwright crl --dir ${folders.dir} --parent ${folders.parentDir}`);
  // An intermediate publishes its parent's CRL with its own: PostgreSQL checks a CRL for every CA of the chain.
  plan.file(layout.crl, crlPem(crl) + (parentCrl ?? ''), 'crl', parentCrl ? tr`certificate revocation list #${number} (${entries.length} revoked) + the parent CA's CRL` : tr`certificate revocation list #${number} (${entries.length} revoked)`, true);
  plan.file(layout.crlnumber, formatHexNumber(number + 1n), 'state', tr`next CRL number`, true);
  return { commands: [`${await opensslCa(layout, caConfigText, undefined, crlDays)} -gencrl -crldays ${crlDays} -out ${layout.crl}`], warnings };
}

export async function revoke(env: Environment, op: RevokeOperation, material: CaMaterial | undefined): Promise<IssueResult> {
  const profile = operationProfile(op);
  const layout = profile.layout;
  const ca = await requireCa(env, material);
  const cert = op.certPem === undefined ? undefined : parseCertPem(op.certPem, tr`the certificate to revoke`);
  if (cert && !(await issuedBy(env.crypto, cert, ca))) throw new IssueError(tr`${cert.subject} was not issued by this CA (${ca.cert.subject})`);
  const reason = canonicalReason(op.reason);
  const db = parseIndexFile(material!.index);
  const index = db.entries;
  const serial = revokedSerial(op, cert, index, layout);
  const now = new Date(Math.floor(env.now().getTime() / 1000) * 1000);
  const at = index.findIndex((e) => e.serial === serial);
  if (at >= 0 && index[at]!.status === 'R') throw new IssueError(tr`certificate ${serial} (${cert?.subject ?? index[at]!.subject}) is already revoked`);
  const revokedEntry: IndexEntry = {
    status: 'R',
    expiry: at >= 0 ? index[at]!.expiry : cert!.notAfter,
    revoked: now,
    ...(reason ? { reason } : {}),
    serial,
    file: at >= 0 ? index[at]!.file : 'unknown',
    subject: at >= 0 ? index[at]!.subject : onelineName(cert!.subjectDer),
  };
  const next = at >= 0 ? index.map((e, i) => (i === at ? revokedEntry : e)) : [...index, revokedEntry];
  const plan = new PlanBuilder();
  plan.file(layout.index, formatIndexFile({ entries: next, comments: db.comments }), 'state', tr`CA database (openssl index.txt)`, true);
  const published = await crlFiles(env, ca, layout, next, material!.crlnumber, op.crlDays, plan, folderArgs(op), material!.parentCrl, material!.caConfig);
  return {
    operation: 'revoke',
    profile: profile.id,
    plan: plan.build(),
    opensslCommands: [`${await opensslCa(layout, material!.caConfig)} -revoke ${layout.newCertsDir}/${serial}.pem${reason ? ` -crl_reason ${reason}` : ''}`, ...published.commands],
    warnings: [...(at >= 0 ? [] : [tr`certificate ${serial} was not in the CA database; it was added as revoked`]), ...published.warnings],
  };
}

/**
 * The serial a revocation names: the certificate's, or a serial alone, which must be in the
 * database (its line gives the expiry and subject the CRL and openssl ca need). A serial the
 * database does not hold is refused with the way on: the certificate itself can still be
 * revoked (a certificate of this CA the database never recorded is added as revoked).
 */
function revokedSerial(op: RevokeOperation, cert: Cert | undefined, index: readonly IndexEntry[], layout: ProfileLayout): string {
  if (cert) return normalizeSerial(cert.serial);
  if (op.serial === undefined || !/^[0-9A-Fa-f:]+$/.test(op.serial)) throw new IssueError(tr`give the certificate to revoke, or its serial (hexadecimal)`);
  const serial = normalizeSerial(op.serial);
  if (!index.some((e) => e.serial === serial)) {
    throw new IssueError(
      [
        tr`serial ${serial} is not in the CA database (${layout.index}, ${index.length} certificates); nothing was revoked. Choose one:`,
        tr`  - check the serial: openssl x509 -noout -serial -in CERT (certwright list ${layout.index} lists the database)`,
        tr`  - give the certificate itself: --cert FILE (a certificate this CA signed that the database does not record is added to it as revoked)`,
      ].join('\n'),
    );
  }
  return serial;
}

export async function publishCrl(env: Environment, op: PublishCrlOperation, material: CaMaterial | undefined): Promise<IssueResult> {
  const profile = operationProfile(op);
  const ca = await requireCa(env, material);
  const index = parseIndex(material!.index);
  const plan = new PlanBuilder();
  const publishedWith = op.parentCrlPem === undefined ? material!.parentCrl : freshParentCrl(ca, profile.layout, op.parentCrlPem, material!.parentCrl, plan);
  const published = await crlFiles(env, ca, profile.layout, index, material!.crlnumber, op.crlDays, plan, folderArgs(op), publishedWith, material!.caConfig);
  return { operation: 'publishCrl', profile: profile.id, plan: plan.build(), opensslCommands: published.commands, warnings: published.warnings };
}

/**
 * An intermediate's copy of its parent's CRL replaced with the parent's current CRL file
 * (checked to be of this CA's issuer); the other CRLs published with it (a rotation's) stay.
 * Returns what is published after this CA's own CRL.
 */
function freshParentCrl(ca: LoadedCa, layout: ProfileLayout, parentCrlPem: string, before: string | undefined, plan: PlanBuilder): string {
  if (isSelfIssued(ca.cert)) throw new IssueError(tr`${ca.cert.subject} is a root CA (self-signed): it has no parent CRL to publish with its own`);
  const crls = crlsIn(parentCrlPem, ca.cert);
  if (!crls.some((c) => c.issuerMatches)) {
    throw new IssueError(tr`the parent's CRL file holds no CRL of ${ca.cert.issuer} (the issuer of ${ca.cert.subject})${crls.length ? tr`, only of ${crls.map((c) => c.issuer).join('; ')}` : ''}: give the folder of the CA that signed this one`);
  }
  const copy = crlBlocks(parentCrlPem, ca.cert).map((b) => b.text).join('');
  plan.file(parentCrlPath(layout), copy, 'crl', tr`copy of the parent CA's CRL (published with this CA's own)`, true);
  const others = crlBlocks(before ?? '', ca.cert).filter((b) => !b.crl?.issuerMatches);
  return copy + others.map((b) => b.text).join('');
}

// ---------------------------------------------------------------------------------------------
// Renew

export async function renew(env: Environment, op: RenewOperation, material: CaMaterial | undefined, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  const profile = operationProfile(op);
  const certPath = checkRelativePath(tr`certificate path`, op.certPath);
  const keyPath = checkRelativePath(tr`key path`, op.keyPath);
  const ca = await requireCa(env, material);
  const crypto = env.crypto;
  const old = parseCertPem(op.certPem, tr`the certificate to renew`);
  if (isCaCertificate(old) && !isSelfIssued(old) && !op.parentProfile) {
    throw new IssueError(tr`${old.subject} is an intermediate CA issued by ${old.issuer}: its parent renews it (same key, everything it issued keeps verifying): certwright renew --dir ${folderArgs(op).dir} --cert ${folderArgs(op).dir}/${certPath} --parent PARENT_DIR`);
  }
  if (!(await issuedBy(crypto, old, ca))) throw new IssueError(tr`${old.subject} was not issued by this CA (${ca.cert.subject}); renew only certificates of this CA`);
  if (isCaCertificate(old) && op.parentProfile) {
    const pl = operationProfile({ profile: op.parentProfile, ...(op.parentLayout ? { layout: op.parentLayout } : {}) }).layout;
    // What the intermediate issued may name its serial (issuer:always): then the renewal keeps it, or they would stop verifying.
    const naming = leavesNamingSerial(old, op.issuedPems, env.now());
    // easy-rsa knows the intermediate by the name it was imported under: the file that holds it.
    const copy = pl.origin === 'easy-rsa' && op.parentCopy !== undefined ? checkRelativePath(tr`the parent's copy by name`, op.parentCopy) : undefined;
    const record = naming.length
      ? keepParentRecord(pl, material!, old.serial, onelineName(old.subjectDer), commonNameOf(old), env.now(), folderArgs(op).parentDir, copy)
      : beginParentRecord(crypto, pl, material!, onelineName(old.subjectDer), commonNameOf(old), env.now(), folderArgs(op).parentDir, copy);
    return renewIntermediateCertificate(env, { ...op, certPath, keyPath }, profile, ca, material!, pl, record, old, checkDays('validity', op.days, DEFAULT_INTERMEDIATE_DAYS), naming);
  }
  if (isCaCertificate(old)) return renewCaCertificate(env, { ...op, certPath, keyPath }, profile, ca, old, checkDays('validity', op.days, DEFAULT_CA_DAYS));
  const copies = profile.layout.newCertsDir;
  // openssl ca finds a certificate's copy by its serial's name: the renewal written over it would put the new serial under the old name.
  if (certPath.startsWith(`${copies}/`)) {
    throw new IssueError(tr`${certPath} is the CA database's copy of serial ${normalizeSerial(old.serial)} in ${copies}, which openssl ca reads by name; the renewed certificate would be written over it. Renew the deployed copy instead (or copy it out first: cp ${folderArgs(op).dir}/${certPath} ${folderArgs(op).dir}/server.crt, then certwright renew --cert ${folderArgs(op).dir}/server.crt)`);
  }
  const n = checkDays('validity', op.days, DEFAULT_LEAF_DAYS);
  const revokedKey = op.newKey ? [] : refuseRevokedKey(old, parseIndex(material!.index), op.revokedPems);
  if (op.sans?.length && op.addSans?.length) throw new IssueError(tr`--san replaces the names and --add-san adds to them: give one of them`);
  const renewed = renewedCopyOf(profile.layout, certPath);
  if (renewed && op.renewedPem !== undefined) refuseSecondRenewed(renewed, op.renewedPem, parseIndex(material!.index), env.now(), folderArgs(op).dir);
  const keepReplaced = renewed ? { ...renewed, pem: op.certPem, serial: normalizeSerial(old.serial), ...(op.requestPem !== undefined ? { requestPem: op.requestPem } : {}) } : undefined;
  const result = await reissueLeaf(env, profile, ca, material!, old, { certPath, keyPath, keyPem: op.keyPem, newKey: op.newKey, keyType: op.keyType, days: n, allowCapped: op.allowCapped, sans: op.sans, addSans: op.addSans, commonName: op.commonName, dir: folderArgs(op).dir, ...(keepReplaced ? { keepReplaced } : {}) }, keySource);
  return revokedKey.length ? { ...result, warnings: [...revokedKey, ...result.warnings] } : result;
}

/**
 * easy-rsa keeps one replaced certificate per name in pki/renewed/issued/ (`easyrsa renew`
 * refuses to renew over it: "revoke it first"), and `easyrsa revoke-renewed <name>` revokes
 * the one it finds there: a second renewal would put the first replaced certificate out of its
 * reach while it may still be deployed, so it is refused with the ways on.
 */
function refuseSecondRenewed(renewed: { readonly path: string; readonly name: string }, pem: string, index: readonly IndexEntry[], now: Date, dir: string): never {
  let serial: string | undefined;
  try {
    serial = normalizeSerial(parseCertPem(pem, renewed.path).serial);
  } catch {
    serial = undefined;
  }
  const line = serial === undefined ? undefined : index.find((e) => e.serial === serial);
  const state = line?.status === 'R' ? tr`revoked` : line?.status === 'E' || (line && line.expiry.getTime() <= now.getTime()) ? tr`expired` : tr`not revoked`;
  throw new IssueError(
    [
      tr`${renewed.path} still holds the certificate an earlier renewal replaced (serial ${serial ?? '?'}, ${state}); easy-rsa keeps one there per name, where easyrsa revoke-renewed ${renewed.name} finds it, and refuses to renew over it, as Certwright does. Choose one:`,
      tr`  - once the certificate that replaced it is deployed, revoke it: easyrsa revoke-renewed ${renewed.name} superseded (it moves the file to pki/revoked/), then easyrsa gen-crl; or certwright revoke --dir ${dir} --cert ${renewed.path} and move the file away`,
      tr`  - if it is already revoked or expired, move ${renewed.path} away (easy-rsa keeps revoked ones in pki/revoked/certs_by_serial/<serial>.crt)`,
    ].join('\n'),
  );
}

/** What a leaf is certified again with: where it lives, its key (kept or new), validity, SANs. */
export interface ReissueLeafParams {
  readonly certPath: string;
  readonly keyPath: string;
  /** The existing key, required unless newKey; with newKey, kept aside (replacedKeyPath) when given. */
  readonly keyPem?: string;
  readonly newKey?: boolean;
  readonly keyType?: KeyType;
  readonly days: number;
  readonly allowCapped?: boolean;
  /** Replace the SANs instead of copying them. */
  readonly sans?: readonly string[];
  /** Add these names to the SANs the certificate has. */
  readonly addSans?: readonly string[];
  /** Replace the subject's CN (added when it has none). */
  readonly commonName?: string;
  /** The CA's folder as the commands messages suggest write it (folderArgs). */
  readonly dir: string;
  /** easy-rsa: where the certificate it replaces is kept (its file as it was), for easyrsa revoke-renewed. */
  readonly keepReplaced?: { readonly path: string; readonly name: string; readonly pem: string; readonly serial: string; readonly request: string; readonly renewedRequest: string; readonly requestPem?: string };
}

/** The certificate's SANs as `--san` values, for adding names to them; refused when it carries names that --san cannot write. */
function currentSans(old: Cert): string[] {
  const other = old.sans.filter((g) => g.type !== 'dns' && g.type !== 'ip' && g.type !== 'uri');
  if (other.length) throw new IssueError(tr`the certificate also has ${[...new Set(other.map((g) => g.type))].join(', ')} names, which certwright does not write: re-issue it with --san listing every name`);
  return old.sans.map((g) => (g.type === 'uri' ? `URI:${g.value}` : g.type === 'ip' ? `IP:${g.value}` : `DNS:${g.value}`));
}

/** The subject with its CN replaced (appended when it has none); every other attribute kept as it was. */
function withCommonName(old: Cert, cn: string): Uint8Array {
  return withCommonNameDer(old.subjectDer, checkDnValue(tr`common name`, cn));
}

/**
 * Certifies a leaf again by the CA `ca`: same subject and extensions (SANs, EKU,
 * basicConstraints), key usage, SKI and AKI recomputed, a new serial and validity,
 * recorded in the CA database of `material`. The one implementation behind `renew`
 * (same CA) and a CA rotation's re-issue (the new CA).
 */
export async function reissueLeaf(env: Environment, profile: Profile, ca: LoadedCa, material: CaMaterial, old: Cert, op: ReissueLeafParams, keySource: KeySource = freshKeys(env.crypto)): Promise<IssueResult> {
  const { certPath, keyPath, days: n } = op;
  const crypto = env.crypto;
  const layout = profile.layout;
  const db = parseIndexFile(material.index);
  const index = db.entries;
  const oldType = certKeyType(old);
  let keyType: KeyType;
  let spki: Uint8Array;
  let keyPem: string | undefined;
  let keys: CryptoKeyPair | undefined;
  if (op.newKey) {
    keyType = checkKeyType(op.keyType ?? oldType);
    keys = await keySource(keyType);
    spki = await spkiOf(crypto, keys.publicKey);
    keyPem = await exportPkcs8Pem(crypto, keys.privateKey);
  } else {
    if (!op.keyPem) throw new IssueError(tr`renewing with the same key needs the existing key`);
    keyType = oldType;
    const key = await importPkcs8Pem(crypto, op.keyPem, oldType, tr`the certificate key`);
    if ((await publicJwkOf(crypto, key)) !== (await publicKeyJwk(crypto, old, oldType))) throw new IssueError(tr`the key ${keyPath} does not belong to ${certPath}`);
    spki = old.spki;
  }
  const plan = new PlanBuilder();
  const serial = nextSerial(crypto, layout, material, index, plan);
  const warnings = keyWarnings(profile, keyType);
  const { notBefore, notAfter, warnings: capped } = issuedWindow(env.now(), n, ca.cert, op.allowCapped, renewCaCommand(layout, op.dir));
  warnings.push(...capped);
  // Same extensions as before (basicConstraints, EKU, SANs...), with key usage, SKI and AKI recomputed, and the SANs replaced or added to when asked.
  const newSans = op.sans?.length ? parseSans(op.sans) : op.addSans?.length ? parseSans([...currentSans(old), ...op.addSans], false) : undefined;
  const bc = old.extensions.filter((e) => e.oid === OID_BASIC_CONSTRAINTS);
  const keep = old.extensions.filter((e) => ![OID_SKI, OID_AKI, OID_KEY_USAGE, OID_BASIC_CONSTRAINTS, ...(newSans ? [OID_SAN] : [])].includes(e.oid));
  const extensions = [...bc, keyUsageExtension(leafKeyUsage(keyType)), ...keep, subjectKeyIdExtension(await keyIdOf(crypto, spki)), authorityKeyIdExtension(ca.keyId), ...(newSans ? [sanExtension(newSans)] : [])];
  const asked = op.commonName !== undefined ? withCommonName(old, op.commonName) : old.subjectDer;
  // An adopted CA's policy holds for a renewal too (easyrsa renew signs the old request through it).
  const policed = await caSubjectFor(layout, material.caConfig, ca.cert.subjectDer, asked, configFilesOf(env, material));
  // Multi-valued RDNs the policy would only split are kept, as openssl ca -preserveDN keeps them.
  const preserved = preservedSubject(policed, asked);
  const { request, subject } = preserved ? { request: preserved, subject: preserved } : policed;
  if (!sameBytes(subject, asked)) warnings.push(tr`the CA's policy (${layout.opensslConfig}) gives the renewed certificate the subject ${nameTextOf(subject)} instead of ${nameTextOf(asked)}, as openssl ca -config ${layout.opensslConfig} gives it; the common name is kept`);
  const written = indexForNewSubject(layout, material, index, onelineName(subject), env.now(), op.dir);
  const cert = await signCert(crypto, { subject, spki, serial, notBefore, notAfter, extensions }, issuerOf(ca), ca.key, ca.sign);
  const pem = certPem(cert);
  if (op.keepReplaced) {
    plan.file(op.keepReplaced.path, op.keepReplaced.pem, 'cert', tr`the certificate it replaces, where easyrsa revoke-renewed ${op.keepReplaced.name} finds it (as easyrsa renew keeps it)`);
    // One whole sentence per case, so a front end finds its template.
    warnings.push(
      keyPem
        ? tr`the certificate it replaces (serial ${op.keepReplaced.serial}) is kept in ${op.keepReplaced.path}, as easyrsa renew keeps it: once the new one is deployed, revoke it with easyrsa revoke-renewed ${op.keepReplaced.name} superseded, then easyrsa gen-crl`
        : tr`the certificate it replaces (serial ${op.keepReplaced.serial}) is kept in ${op.keepReplaced.path}, as easyrsa renew keeps it: once the new one is deployed, revoke it with easyrsa revoke-renewed ${op.keepReplaced.name} superseded, then easyrsa gen-crl; it has the same key, so a revoked copy makes the next renewal take a new key (--new-key)`,
    );
  }
  if (keyPem && op.keyPem !== undefined && op.keyPem !== keyPem) {
    // The key it replaces is moved aside, never overwritten: the old certificate stays in use until the new one is deployed.
    const kept = replacedKeyPath(layout, certPath, keyPath, normalizeSerial(old.serial));
    plan.file(kept, op.keyPem, 'key', tr`the key it replaces`, false);
    // Its certificate beside it (easy-rsa keeps it in pki/renewed/issued/ already): the pair says what the key was for.
    if (!op.keepReplaced) plan.file(replacedKeyPath(layout, certPath, certPath, normalizeSerial(old.serial)), certPem(old), 'cert', tr`the certificate it replaces`, false);
    warnings.push(
      op.keepReplaced
        ? tr`the key it replaces is kept in ${kept}, where easyrsa renew keeps it and easyrsa revoke-renewed ${op.keepReplaced.name} takes it from`
        : tr`the key it replaces is kept in ${kept} (mode 0600), its certificate beside it, while the old certificate is still deployed: delete them once the new one is in place and the old one is revoked or expired`,
    );
  }
  if (keyPem) plan.file(keyPath, keyPem, 'key', tr`renewed private key (new)`, true);
  // easy-rsa: the request goes with its key (easyrsa renew moves it to pki/renewed/reqs/ and writes one for the new key), so show-req, revoke and revoke-renewed find the request of the key beside it.
  const easyReq = keys && op.keepReplaced ? { ...op.keepReplaced, pem: toPem('CERTIFICATE REQUEST', await signRequest(crypto, { subject: asked, spki, extensions: [] }, keys.privateKey, signingAlgorithm(keyType))) } : undefined;
  if (easyReq?.requestPem !== undefined) plan.file(easyReq.renewedRequest, easyReq.requestPem, 'cert', tr`the request of the key it replaces, where easyrsa renew keeps it`, false);
  if (easyReq) plan.file(easyReq.request, easyReq.pem, 'cert', tr`request of the new key (as easyrsa renew writes it)`, true);
  plan.file(certPath, pem + chainAfterIssuer(material.certPem, ca), 'cert', tr`renewed certificate (${cert.subject})`, true);
  plan.file(`${layout.newCertsDir}/${serial}.pem`, pem, 'cert', tr`copy in the CA database (openssl new_certs_dir)`);
  plan.file(layout.index, formatIndexFile({ entries: [...written, { status: 'V', expiry: notAfter, serial, file: 'unknown', subject: onelineName(subject) }], comments: db.comments }), 'state', tr`CA database (openssl index.txt)`, true);
  const names = cert.sans;
  const sans: Sans = { dns: names.filter((g) => g.type === 'dns').map((g) => g.value), ip: names.filter((g) => g.type === 'ip').map((g) => g.value), uri: names.filter((g) => g.type === 'uri').map((g) => g.value) };
  const csr = `${certPath}.csr`;
  const usages = old.extendedKeyUsage ?? [];
  const role = usages.includes('1.3.6.1.5.5.7.3.1') ? (usages.includes('1.3.6.1.5.5.7.3.2') && profile.id === 'dm' && !names.length ? 'dm_client' : 'node') : 'client';
  const renewExt = leafExtensionArgs(layout, role, keyType, newSans ?? sans, `${certPath}.ext`);
  const kept = op.keepReplaced?.path;
  const cmds = [
    ...(kept ? [`mkdir -p ${shellQuote(kept.slice(0, kept.lastIndexOf('/')))} && cp ${shellQuote(certPath)} ${shellQuote(kept)}`] : []),
    ...(easyReq?.requestPem !== undefined ? [`mkdir -p ${shellQuote(easyReq.renewedRequest.slice(0, easyReq.renewedRequest.lastIndexOf('/')))} && mv ${shellQuote(easyReq.request)} ${shellQuote(easyReq.renewedRequest)}`] : []),
    ...(keyPem ? [genpkeyCommand(keyType, keyPath)] : []),
    ...(easyReq ? [`openssl req -new -key ${shellQuote(keyPath)}${hasMultiValuedRdn(asked) ? ' -multivalue-rdn' : ''} -subj ${shellQuote(onelineName(asked))} -out ${shellQuote(easyReq.request)}`] : []),
    newSans || op.commonName !== undefined || !sameBytes(request, asked)
      ? `openssl req -new${reqConfigArg(layout)} -key ${shellQuote(keyPath)}${hasMultiValuedRdn(request) ? ' -multivalue-rdn' : ''} -subj ${shellQuote(onelineName(request))}${newSans ? ` -addext ${shellQuote(`subjectAltName=${sanArg(newSans)}`)}` : sans.dns.length + sans.ip.length + sans.uri.length ? ` -addext ${shellQuote(`subjectAltName=${sanArg(sans)}`)}` : ''} -out ${shellQuote(csr)}`
      : `openssl x509 -x509toreq -in ${shellQuote(certPath)} -signkey ${shellQuote(keyPath)} -copy_extensions copy -out ${shellQuote(csr)}`,
    ...renewExt.prepare,
    `${await opensslCa(layout, material.caConfig, n)} -batch -notext${serialFlag(layout)}${preserved ? ' -preserveDN' : ''}${renewExt.args} -days ${n} -in ${shellQuote(csr)} -out ${shellQuote(certPath)}`,
    ...renewExt.cleanup,
    `rm ${shellQuote(csr)}`,
  ];
  return {
    operation: 'renew',
    profile: profile.id,
    plan: plan.build(),
    opensslCommands: cmds,
    warnings,
    issued: summary(cert, certPath, keyPem ? keyPath : undefined, sans),
  };
}

// ---------------------------------------------------------------------------------------------

/** The openssl command lines equivalent to what `result` did, run from the layout root (`cd DIR` first). */
export function equivalentOpensslCommands(result: IssueResult, dir?: string): string[] {
  return [...(dir ? [`cd ${shellQuote(dir)}`] : []), ...result.opensslCommands];
}
