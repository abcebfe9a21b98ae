/**
 * What makes a renewal safe: a CA certificate is renewed only as itself (same
 * subject, key, SKI and CA extensions, new validity, so everything it issued
 * keeps verifying), and a key revoked for what may be a key problem is never certified again.
 */
import type { Environment } from '../environment';
import { certificateBlocks, certKeyType, certPem, commonNameOf, issuerOf, nameTextOf, onelineName, parseCertPem, publicKeyJwk, randomSerial, sameBytes, selfIssued, signCert, type Cert, type LoadedCa } from './certs';
import { importPkcs8Pem, publicJwkOf } from './keys';
import { keptSerialSigningCommand, parentSigningCommand, shellQuote } from './openssl';
import { caSubjectFor, configFilesOf } from './caPolicy';
import { folderArgs, renewCaCommand } from './suggested';
import type { Profile } from './profiles';
import { normalizeSerial, type IndexEntry } from './state';
import { IssueError, type IssueResult, type PlannedFile, type ProfileLayout, type RenewOperation, type WritePlan } from './types';
import { issuedWindow, selfWindow } from './validity';
import { formatInstant } from '../format';
import { tr } from '../l10n';

export function isCaCertificate(cert: Cert): boolean {
  return cert.basicConstraints?.ca === true;
}

/**
 * Revocation reasons that say nothing against the key (RFC 5280 5.3.1): the certificate was
 * replaced, its use ended, or the holder's affiliation changed. A same-key renewal after one
 * of them is what `easyrsa revoke-renewed NAME superseded` followed by a renewal means; every
 * other reason, and no reason at all (what `openssl ca -revoke` writes without -crl_reason),
 * may be about the key (keyCompromise, CACompromise; certificateHold pending a decision;
 * privilegeWithdrawn), so the key is not certified again.
 */
const reasonsNotAboutTheKey: ReadonlySet<string> = new Set(['superseded', 'cessationOfOperation', 'affiliationChanged']);

/** The index.txt reason word as a CRL reason (OpenSSL's keyTime/CAkeyTime/holdInstruction forms name one). */
function crlReasonOf(e: IndexEntry | undefined): string {
  const r = e?.reason;
  return r === 'keyTime' ? 'keyCompromise' : r === 'CAkeyTime' ? 'CACompromise' : r === 'holdInstruction' ? 'certificateHold' : (r ?? 'unspecified');
}

/**
 * Checks a same-key renewal against the revocations of its key: its own serial marked `R`
 * in index.txt, or any revoked certificate of this CA (`revokedPems`) carrying the same
 * public key (a key revoked under an earlier serial stays revoked). Refused when a
 * revocation may be about the key; a warning for each that is not (reasonsNotAboutTheKey).
 */
export function refuseRevokedKey(old: Cert, index: readonly IndexEntry[], revokedPems: readonly string[] | undefined): string[] {
  const serial = normalizeSerial(old.serial);
  const revocations = new Map<string, IndexEntry | undefined>();
  const own = index.find((e) => e.serial === serial && e.status === 'R');
  if (own) revocations.set(serial, own);
  for (const pem of revokedPems ?? []) {
    let c: Cert;
    try {
      c = parseCertPem(pem, tr`a revoked certificate`);
    } catch {
      continue; // an unreadable copy in newcerts/ cannot prove anything either way
    }
    if (!sameBytes(c.spki, old.spki)) continue;
    const s = normalizeSerial(c.serial);
    if (!revocations.has(s)) revocations.set(s, index.find((e) => e.serial === s));
  }
  const warnings: string[] = [];
  for (const [serialHex, e] of revocations) {
    const reason = crlReasonOf(e);
    const on = e?.revoked ? formatInstant(e.revoked) : undefined;
    if (reasonsNotAboutTheKey.has(reason)) {
      warnings.push(tr`${old.subject}: certificate ${serialHex} with this key was revoked (reason: ${reason}), a reason that says nothing against the key, so the key is certified again; if the key may have been exposed, renew with a new key instead: --new-key`);
      continue;
    }
    // One whole sentence per case, so a front end finds its template.
    if (reason === 'keyCompromise' || reason === 'CACompromise') {
      throw new IssueError(
        on
          ? tr`${old.subject}: certificate ${serialHex} was revoked on ${on} (reason: ${reason}); its key must not be certified again — the key is compromised. Renew with a new key: --new-key`
          : tr`${old.subject}: certificate ${serialHex} was revoked (reason: ${reason}); its key must not be certified again — the key is compromised. Renew with a new key: --new-key`,
      );
    }
    throw new IssueError(
      on
        ? tr`${old.subject}: certificate ${serialHex} was revoked on ${on} (reason: ${reason}); that reason may be about the key, so it is not certified again. Renew with a new key: --new-key (only superseded, cessationOfOperation and affiliationChanged let the same key be certified again)`
        : tr`${old.subject}: certificate ${serialHex} was revoked (reason: ${reason}); that reason may be about the key, so it is not certified again. Renew with a new key: --new-key (only superseded, cessationOfOperation and affiliationChanged let the same key be certified again)`,
    );
  }
  return warnings;
}

/**
 * Renews the CA's own certificate: same subject DER, same public key, every
 * extension copied byte for byte (basicConstraints, keyUsage, SKI, AKI), a new
 * validity, self-signed with the CA key. Certificates issued under the old CA
 * certificate verify against the new one (same name, same key, same SKI). A CA that
 * another tool made keeps its serial, as `openssl x509 -signkey` keeps it: its
 * certificates may name it (easy-rsa writes `authorityKeyIdentifier = keyid,issuer:always`),
 * and OpenSSL finds no issuer for a certificate whose authority serial is not its issuer's
 * ("unable to get local issuer certificate"). A CA Certwright made gets a new serial: what it
 * issued names only the key.
 */
export async function renewCaCertificate(env: Environment, op: RenewOperation, profile: Profile, ca: LoadedCa, old: Cert, days: number): Promise<IssueResult> {
  const layout = profile.layout;
  const crypto = env.crypto;
  const selfSigned = sameBytes(old.spki, ca.cert.spki) && selfIssued(old);
  if (!selfSigned) {
    throw new IssueError(
      tr`${old.subject} is a CA certificate issued by ${old.issuer}; renewing it as a leaf would break every certificate it issued, and an intermediate is renewed by its parent: certwright renew --dir INTERMEDIATE_DIR --cert INTERMEDIATE_DIR/<its CA file> --parent ${folderArgs(op).dir}`,
    );
  }
  if (op.newKey) {
    throw new IssueError(
      tr`a CA certificate is renewed with its own key (that keeps every issued certificate verifying); a new CA key is a rotation, not a renewal: a new CA, a bundle of both CAs wherever peers read it, every certificate re-issued, then the old CA retired`,
    );
  }
  if (op.sans?.length) throw new IssueError(tr`a CA certificate has no subject alternative names to change; --san applies to leaf certificates`);
  if (op.keyPem) {
    const key = await importPkcs8Pem(crypto, op.keyPem, ca.keyType, `the key ${op.keyPath}`);
    if ((await publicJwkOf(crypto, key)) !== (await publicJwkOf(crypto, ca.key))) throw new IssueError(tr`the key ${op.keyPath} is not the CA key of ${old.subject}`);
  }
  const { notBefore, notAfter } = selfWindow(env.now(), days);
  const keepSerial = layout.origin !== 'certwright';
  const serial = keepSerial ? old.serial : randomSerial(crypto);
  const subject = old.subjectDer;
  const cert = await signCert(crypto, { subject, spki: old.spki, serial, notBefore, notAfter, extensions: old.extensions }, issuerOf(ca), ca.key, ca.sign);
  const pem = certPem(cert);
  const files: PlannedFile[] = [];
  const targets = [op.certPath, ...(op.certPath === layout.caCert ? [] : [layout.caCert]), ...(op.caCopies ?? []).filter((p) => p !== op.certPath && p !== layout.caCert)];
  for (const path of targets) files.push({ path, contents: pem, kind: 'cert', mode: 0o644, replace: true, description: path === layout.caCert ? `renewed CA certificate (${cert.subject}, same key)` : 'renewed CA certificate (copy)' });
  const warnings = [
    `every system that trusts the old CA certificate keeps verifying certificates it issued until ${formatInstant(old.notAfter)}; replace the CA file wherever it was copied (peers' ssl-ca / ssl_ca_file / certs/ca.crt) before then`,
  ];
  return {
    operation: 'renew',
    profile: profile.id,
    plan: { directories: [], files },
    opensslCommands: [
      keepSerial
        ? `openssl x509 -in ${shellQuote(op.certPath)} -signkey ${shellQuote(layout.caKey)} -days ${days} -out ${shellQuote(op.certPath)}`
        : `openssl req -new -x509 -config ${layout.opensslConfig} -key ${layout.caKey} -subj ${shellQuote(onelineName(subject))} -days ${days} -set_serial 0x${serial} -extensions ca_cert -out ${shellQuote(op.certPath)}`,
      ...targets.slice(1).map((t) => `cp ${shellQuote(op.certPath)} ${shellQuote(t)}`),
    ],
    warnings,
    caRenewal: true,
    issued: {
      subject: cert.subject,
      serial: normalizeSerial(cert.serial),
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      sans: [],
      certPath: op.certPath,
    },
  };
}

/**
 * The serials of the certificates in `issuedPems` (what the CA `ca` issued) still valid at
 * `now` whose authorityKeyIdentifier names `ca`'s serial (`authorityKeyIdentifier = keyid,issuer:always`,
 * easy-rsa's default): OpenSSL finds no issuer for them under a certificate of `ca` with another
 * serial ("unable to get local issuer certificate"), so a renewal of `ca` keeps its serial. An
 * unreadable copy is skipped (it proves nothing either way).
 */
export function leavesNamingSerial(ca: Cert, issuedPems: readonly string[] | undefined, now: Date): string[] {
  const serial = normalizeSerial(ca.serial);
  const out: string[] = [];
  for (const pem of issuedPems ?? []) {
    let c: Cert;
    try {
      c = parseCertPem(pem, tr`a certificate of the intermediate`);
    } catch {
      continue;
    }
    if (c.authorityCertSerial !== undefined && c.notAfter.getTime() > now.getTime() && normalizeSerial(c.authorityCertSerial) === serial) out.push(normalizeSerial(c.serial));
  }
  return out;
}

/** The parent's side of certifying an intermediate CA (operations.ts beginParentRecord): the serial it gives, then its records of the certificate. */
export interface ParentRecord {
  readonly serial: string;
  /** The parent's plan once the certificate is signed. */
  record(cert: Cert, description: string, renewal: boolean): WritePlan;
}

/**
 * Renews an intermediate CA's certificate with its parent (`parent`, whose material the
 * front end read from the parent's folder): same subject DER, public key and extensions
 * (SKI, AKI = the parent, basicConstraints, keyUsage), a new serial and a validity that
 * fits in the parent's; the intermediate's CA file becomes the new certificate followed
 * by the parent's CA file, and the parent's database records the issuance (parentPlan).
 * Everything the intermediate issued keeps verifying (same name, same key). When some of
 * what it issued names its serial (`naming`, leavesNamingSerial), the serial is the one it
 * has (`record` is keepParentRecord's), and the equivalent commands sign with openssl x509
 * -set_serial, since openssl ca gives no serial its database holds.
 */
export async function renewIntermediateCertificate(
  env: Environment,
  op: RenewOperation,
  profile: Profile,
  parent: LoadedCa,
  parentMaterial: { readonly certPem: string; readonly caConfig?: string; readonly caFolder?: string },
  pl: ProfileLayout,
  record: ParentRecord,
  old: Cert,
  days: number,
  naming: readonly string[] = [],
): Promise<IssueResult> {
  const layout = profile.layout;
  const crypto = env.crypto;
  if (op.newKey) throw new IssueError(tr`an intermediate CA certificate is renewed with its own key (that keeps every certificate it issued verifying); for a new key create a new intermediate (certwright ca create --parent) and re-issue its certificates`);
  if (op.sans?.length) throw new IssueError(tr`a CA certificate has no subject alternative names to change; --san applies to leaf certificates`);
  if (!op.keyPem) throw new IssueError(tr`renewing the intermediate needs its key (${op.keyPath}) to prove the certificate is its own`);
  const keyType = certKeyType(old);
  const key = await importPkcs8Pem(crypto, op.keyPem, keyType, `the key ${op.keyPath}`);
  if ((await publicJwkOf(crypto, key)) !== (await publicKeyJwk(crypto, old, keyType))) throw new IssueError(tr`the key ${op.keyPath} is not the key of ${old.subject}`);
  const subject = old.subjectDer;
  // The name must stay the one its certificates name as their issuer: a parent policy that would change it is refused.
  const policed = (await caSubjectFor(pl, parentMaterial.caConfig, parent.cert.subjectDer, subject, configFilesOf(env, parentMaterial))).subject;
  if (!sameBytes(policed, subject)) throw new IssueError(tr`the parent's policy (${pl.opensslConfig}) would issue the intermediate as ${nameTextOf(policed)}, not ${old.subject}, the name every certificate it issued names as its issuer; openssl ca -config ${pl.opensslConfig} does the same. Choose one: make the policy keep this name (its fields listed in this order, none of them dropped) and renew again, or create a new intermediate (certwright ca create --parent) and re-issue its certificates`);
  const serial = record.serial;
  const { notBefore, notAfter, warnings } = issuedWindow(env.now(), days, parent.cert, op.allowCapped, renewCaCommand(pl, folderArgs(op).parentDir));
  const cert = await signCert(crypto, { subject, spki: old.spki, serial, notBefore, notAfter, extensions: old.extensions }, issuerOf(parent), parent.key, parent.sign);
  const pem = certPem(cert);
  const bundle = pem + certificateBlocks(parentMaterial.certPem).join('');
  const targets = [op.certPath, ...(op.certPath === layout.caCert ? [] : [layout.caCert]), ...(op.caCopies ?? []).filter((p) => p !== op.certPath && p !== layout.caCert)];
  const files: PlannedFile[] = targets.map((path) => ({ path, contents: bundle, kind: 'cert', mode: 0o644, replace: true, description: path === layout.caCert ? `renewed intermediate CA certificate (${cert.subject}, same key) + the chain to its root` : 'renewed intermediate CA certificate (copy)' }));
  const parentPlan = record.record(cert, tr`renewed intermediate CA ${cert.subject}`, true);
  return {
    operation: 'renew',
    profile: profile.id,
    plan: { directories: [], files },
    parentPlan,
    opensslCommands: [
      `openssl x509 -x509toreq -in ${shellQuote(op.certPath)} -signkey ${layout.caKey} -copy_extensions copy -out ca.csr`,
      naming.length ? keptSerialSigningCommand(pl, days, serial, `CHILD/${layout.caCert}`, commonNameOf(old), 'CHILD/ca.csr') : parentSigningCommand(pl, days, `CHILD/${layout.caCert}`, commonNameOf(old), 'CHILD/ca.csr'),
    ],
    warnings: [
      ...(naming.length
        ? [
            tr`certificates the intermediate issued name its serial ${serial} in their authorityKeyIdentifier (issuer:always, as easy-rsa writes it; valid ones: ${naming.length}, serial ${naming[0]!} first), and OpenSSL finds no issuer for them under a certificate with another serial: the renewed certificate keeps serial ${serial}, its line in the parent's ${pl.index} has its new expiry (openssl ca gives no serial its database holds), and revoking that serial revokes both certificates`,
          ]
        : []),
      ...warnings,
      `certificates issued by the intermediate carry the old intermediate certificate after them; it keeps verifying until ${old.notAfter.toISOString()}: renew them (or replace that part of their files) before then`,
    ],
    caRenewal: true,
    issued: { subject: cert.subject, serial: normalizeSerial(cert.serial), notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString(), sans: [], certPath: op.certPath },
  };
}
