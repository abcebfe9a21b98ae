/**
 * What makes a renewal safe: a CA certificate is renewed only as itself (same
 * subject, key, SKI and CA extensions, new validity, so everything it issued
 * keeps verifying), and a key that was revoked is never certified again.
 */
// @peculiar/x509 needs the Reflect metadata polyfill loaded first; importing it here keeps
// that true however lazily this module is loaded.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { Environment } from '../environment';
import { certPem, issuerOf, onelineName, parseCertPem, randomSerial, signCert, type LoadedCa } from './certs';
import { importPkcs8Pem, publicJwkOf } from './keys';
import { shellQuote } from './openssl';
import type { Profile } from './profiles';
import { normalizeSerial, type IndexEntry } from './state';
import { IssueError, type IssueResult, type PlannedFile, type RenewOperation } from './types';
import { selfWindow } from './validity';
import { formatInstant } from '../format';

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

export function isCaCertificate(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/**
 * Refuses a same-key renewal of a certificate whose key was revoked: its own
 * serial marked `R` in index.txt, or any revoked certificate of this CA (`revokedPems`)
 * carrying the same public key (a key revoked under an earlier serial stays revoked).
 */
export function refuseRevokedKey(old: x509.X509Certificate, index: readonly IndexEntry[], revokedPems: readonly string[] | undefined): void {
  const serial = normalizeSerial(old.serialNumber);
  const why = (e: IndexEntry | undefined, serialHex: string): never => {
    const reason = e?.reason ?? 'unspecified';
    throw new IssueError(
      `${old.subject}: certificate ${serialHex} was revoked${e?.revoked ? ` on ${formatInstant(e.revoked)}` : ''} (reason: ${reason}); ` +
        `its key must not be certified again${reason === 'keyCompromise' ? ' — the key is compromised' : ''}. Renew with a new key: --new-key`,
    );
  };
  const own = index.find((e) => e.serial === serial && e.status === 'R');
  if (own) why(own, serial);
  for (const pem of revokedPems ?? []) {
    let c: x509.X509Certificate;
    try {
      c = parseCertPem(pem, 'a revoked certificate');
    } catch {
      continue; // an unreadable copy in newcerts/ cannot prove anything either way
    }
    if (sameBytes(c.publicKey.rawData, old.publicKey.rawData)) {
      const s = normalizeSerial(c.serialNumber);
      why(index.find((e) => e.serial === s), s);
    }
  }
}

/**
 * Renews the CA's own certificate: same subject DER, same public key, every
 * extension copied byte for byte (basicConstraints, keyUsage, SKI, AKI), a new
 * serial and validity, self-signed with the CA key. Certificates issued under the
 * old CA certificate verify against the new one (same name, same key, same SKI).
 */
export async function renewCaCertificate(env: Environment, op: RenewOperation, profile: Profile, ca: LoadedCa, old: x509.X509Certificate, days: number): Promise<IssueResult> {
  const layout = profile.layout;
  const crypto = env.crypto;
  const selfSigned = sameBytes(old.publicKey.rawData, ca.cert.publicKey.rawData) && sameBytes(old.subjectName.toArrayBuffer(), old.issuerName.toArrayBuffer());
  if (!selfSigned) {
    throw new IssueError(
      `${old.subject} is a CA certificate issued by ${old.issuer}; renewing it as a leaf would break every certificate it issued, and Certwright does not renew intermediates yet: create a new one from its parent (certwright ca create --parent PARENT_DIR --dir NEW_DIR) and re-issue its certificates`,
    );
  }
  if (op.newKey) {
    throw new IssueError(
      `a CA certificate is renewed with its own key (that keeps every issued certificate verifying); a new CA key is a rotation, not a renewal: a new CA, a bundle of both CAs wherever peers read it, every certificate re-issued, then the old CA retired`,
    );
  }
  if (op.sans?.length) throw new IssueError('a CA certificate has no subject alternative names to change; --san applies to leaf certificates');
  if (op.keyPem) {
    const key = await importPkcs8Pem(crypto, op.keyPem, ca.keyType, `the key ${op.keyPath}`);
    if ((await publicJwkOf(crypto, key)) !== (await publicJwkOf(crypto, ca.key))) throw new IssueError(`the key ${op.keyPath} is not the CA key of ${old.subject}`);
  }
  const { notBefore, notAfter } = selfWindow(env.now(), days);
  const serial = randomSerial(crypto);
  const subject = new x509.Name(old.subjectName.toArrayBuffer());
  const extensions = old.extensions.map((e) => new x509.Extension(e.type, e.critical, e.value));
  const cert = await signCert(crypto, { subject, publicKey: old.publicKey, serial, notBefore, notAfter, extensions }, issuerOf(ca), ca.key, ca.sign);
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
      `openssl req -new -x509 -config ${layout.opensslConfig} -key ${layout.caKey} -subj ${shellQuote(onelineName(subject))} -days ${days} -set_serial 0x${serial} -extensions ca_cert -out ${shellQuote(op.certPath)}`,
      ...targets.slice(1).map((t) => `cp ${shellQuote(op.certPath)} ${shellQuote(t)}`),
    ],
    warnings,
    caRenewal: true,
    issued: {
      subject: cert.subject,
      serial: normalizeSerial(cert.serialNumber),
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      sans: [],
      certPath: op.certPath,
    },
  };
}
