/**
 * Profile checks on decoded objects, zlint-style: RFC 5280 and CA/Browser Forum
 * rules plus what Go's crypto/x509 rejects (see openssl-cnf-rules.md §F). Each
 * check has a stable code; users turn any of them off with `certwright.rules`.
 * Shared by the PEM linter (diagnostics) and the hover (problems list).
 */
import { dayMs, daysBetween, validityState } from './validity';
import { criticalRejection, type CriticalRejection } from './criticalExtension';
import { goCrlVersionRefusal, goVersionRefusal } from './goParse';
import type { CertificateView, CrlView, CsrView, ExtensionInfo, KeyView, NameRefusal, PublicKeyInfo } from './types';
import type { Severity } from '../types';
import { formatInstant, plural } from '../format';
import { tr } from '../l10n';

export interface Check {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

/** Every code this module can report, with its default severity and a one-line description (for docs and settings). */
export const pemRules: Readonly<Record<string, { severity: Severity; description: string }>> = {
  'PEM-BASE64': { severity: 'error', description: 'Broken base64 inside a PEM block (position of the first bad character).' },
  'PEM-TRUNCATED': { severity: 'error', description: 'A BEGIN line without its END line.' },
  'PEM-LABEL-MISMATCH': { severity: 'error', description: 'BEGIN and END labels differ.' },
  'PEM-UNKNOWN-LABEL': { severity: 'warning', description: 'A PEM label no tool recognises.' },
  'PEM-EMPTY': { severity: 'error', description: 'A PEM block without data.' },
  'PEM-DER': { severity: 'error', description: 'The block decodes from base64 but is not valid DER for its label (byte offset given). A warning where OpenSSL reads a certificate and Go 1.19 refuses it: a version other than 1 to 3, stray bytes after it, a name value Go cannot read (a VisibleString, a BIT STRING, characters outside the value\'s string type). A signature algorithm inside the certificate that differs from the outer one is an error (OpenSSL\'s verifier refuses the signature, Go the certificate), a warning on a self-issued certificate, whose signature OpenSSL does not check when it is trusted. On a CRL: an issuer value OpenSSL cannot read is an error (it cannot load the CRL); one Go cannot read, an inner signature algorithm that differs (OpenSSL uses the outer one) and a version other than 2 (a v1 CRL, with no version field: Go 1.19 reads only v2 CRLs) are warnings naming Go.' },
  'PEM-NO-BLOCK': { severity: 'warning', description: 'A PEM-named file without any PEM block.' },
  'PEM-EXPIRED': { severity: 'error', description: "The certificate has expired. A warning for an older root CA beside a root valid for longer in one CA file (a CA rotation's bundle of old and new CA): verifiers build chains with the other, and the message says when to take it out. Not reported on copies kept by a CA or a renewal (newcerts/, certs_by_serial/, renewed/, a rotation's retired/): nothing deployed depends on them." },
  'PEM-EXPIRING': { severity: 'warning', description: 'The certificate expires within certwright.expiryWarningDays. Not reported on copies kept by a CA or a renewal (newcerts/, certs_by_serial/, renewed/, a rotation\'s retired/).' },
  'PEM-NOT-YET-VALID': { severity: 'error', description: 'notBefore is in the future.' },
  'PEM-CRL-STALE': { severity: 'warning', description: "The CRL's nextUpdate has passed." },
  'PEM-CRL-EXPIRING': { severity: 'warning', description: "The CRL's nextUpdate comes within certwright.expiryWarningDays: publish a fresh one before then (PostgreSQL refuses every client certificate once a CRL it loads has passed it)." },
  'PEM-REVOKED': { severity: 'warning', description: "The certificate is listed as revoked in a CRL of its issuer or in its CA's database (index.txt) in the workspace." },
  'PEM-KEY-NO-CERT': { severity: 'warning', description: 'A private key that matches no certificate in the same folder.' },
  'PEM-KEY-ENCRYPTED': { severity: 'information', description: 'An encrypted private key: a program needs its passphrase to load it, and Go\'s crypto/tls cannot load it at all (GO-9). Where a DM, CockroachDB or PostgreSQL setup names the key, that setup\'s rule says what its program does.' },
  'X509-VALIDITY-INVERTED': { severity: 'error', description: 'notAfter is before notBefore.' },
  'X509-VALIDITY-MALFORMED': { severity: 'error', description: "A validity time not in RFC 5280's form (a GeneralizedTime without seconds, an offset, fractions) or unreadable: OpenSSL (\"format error in certificate's notBefore field\") and Go reject the certificate. The same for a CRL's thisUpdate and nextUpdate (OpenSSL refuses to use the CRL: \"format error in CRL's lastUpdate field\"); a warning for revocation dates, which OpenSSL reads (Go's ParseRevocationList refuses a fraction)." },
  'X509-CA-NO-KEYCERTSIGN': { severity: 'error', description: 'A CA certificate whose keyUsage lacks keyCertSign (Go rejects it as issuer, GO-3).' },
  'X509-CA-NO-KEYUSAGE': { severity: 'warning', description: 'A CA certificate without keyUsage (RFC 5280 4.2.1.3: MUST be present).' },
  'X509-CA-BC-NOT-CRITICAL': { severity: 'warning', description: 'A CA certificate whose basicConstraints is not critical (RFC 5280 4.2.1.9).' },
  'X509-CA-NO-BC': { severity: 'warning', description: 'A v3 certificate with keyCertSign but without basicConstraints CA:TRUE: Go and OpenSSL refuse it as an issuer (GO-4); as a leaf both accept it (only openssl verify -x509_strict refuses it).' },
  'X509-CA-NO-SKI': { severity: 'warning', description: 'A CA certificate without subjectKeyIdentifier (RFC 5280 4.2.1.2).' },
  'X509-NO-AKI': { severity: 'warning', description: 'An issued (not self-issued) certificate without authorityKeyIdentifier (RFC 5280 4.2.1.1).' },
  'X509-SERVER-NO-SAN': { severity: 'warning', description: 'A server certificate without subjectAltName: Go rejects CN-only names (GO-1).' },
  'X509-SERIAL-NEGATIVE': { severity: 'warning', description: 'Negative serial number (RFC 5280 4.1.2.2; Go 1.23+ rejects it, GO-12).' },
  'X509-SERIAL-ZERO': { severity: 'warning', description: 'Serial number zero (RFC 5280 4.1.2.2: positive integer).' },
  'X509-SERIAL-TOO-LONG': { severity: 'warning', description: 'Serial number longer than 20 octets (RFC 5280 4.1.2.2).' },
  'X509-SHA1-SIGNATURE': { severity: 'warning', description: 'SHA-1 signature (Go 1.18+ rejects it on verified certificates, GO-5; CA/B Forum forbids it).' },
  'X509-WEAK-SIGNATURE': { severity: 'error', description: 'MD5/MD2 signature: rejected by every current verifier.' },
  'X509-RSA-SMALL': { severity: 'warning', description: 'RSA key under 2048 bits (CA/B Forum; Go 1.24 rejects < 1024).' },
  'X509-EKU-KU-MISMATCH': { severity: 'warning', description: 'extendedKeyUsage inconsistent with keyUsage (RFC 5280 4.2.1.12). OpenSSL refuses such a certificate for TLS (its ssl_server purpose needs digitalSignature, keyEncipherment or keyAgreement, ssl_client digitalSignature or keyAgreement: "unsuitable certificate purpose"); Go does not check keyUsage. A warning on the file, whose use is not known; where a PostgreSQL setup uses it, PG-033 is the error.' },
  'X509-CRITICAL-UNKNOWN': { severity: 'error', description: "A critical extension a verifier does not read: an error when OpenSSL 3.0 and Go both reject the certificate (\"unhandled critical extension\"), a warning naming the verifier when only one does (OpenSSL does not read a critical authority or subject key identifier; Go 1.19 does not read policy constraints, mappings or inhibitAnyPolicy, nor name constraints on a directoryName or otherName, and its Verify refuses every chain through the certificate)." },
  'X509-EXT-MALFORMED': { severity: 'error', description: "An extension whose value is invalid: cannot be parsed, duplicated, an empty EKU. A warning where a verifier reads the certificate: an empty SAN or keyUsage and bytes after a value (OpenSSL and Go accept it), a value Go's crypto/x509 cannot read and OpenSSL accepts (a SAN IP address of the wrong length, a DNS name outside ASCII, a URI Go's net/url cannot parse or whose host is not a domain; empty name constraints or ones Go cannot compare; a CRL distribution point named relative to its issuer; an access method that is not an OID), a value OpenSSL's verifier refuses and Go reads past (a SAN or name constraint entry that is not a GeneralName, a CRL distribution point with neither a name nor an issuer, a basicConstraints or authorityKeyIdentifier part Go does not read), a critical flag that is not DER (OpenSSL reads it, Go refuses the certificate), malformed certificate policies (Go refuses them; OpenSSL only with -policy_check), an extension no verifier reads (Subject Information Access, Freshest CRL, a private one); and on a CSR, whose requested extensions OpenSSL reads and a CA copies as they are." },
  'X509-KEY-UNSUPPORTED': { severity: 'warning', description: "A public or private key Go 1.19's crypto/x509 cannot read and OpenSSL reads: EC on explicit curve parameters or on a curve other than P-224, P-256, P-384 and P-521, a compressed EC point, an RSA key without NULL parameters, DSA with inherited parameters. Go refuses the certificate, CSR or key (a Go CA pool skips the certificate); an error where a DM or CockroachDB setup loads the file. Or a private key OpenSSL 3.0 cannot load and Go reads: PKCS #8 carrying its public key (an error where PostgreSQL loads it). An error for a private key neither can load: an algorithm or EC curve neither names." },
  'X509-V1-CERT': { severity: 'information', description: 'A v1 certificate: no extensions, so no SAN/keyUsage/basicConstraints.' },
};

function check(code: string, message: string, severity?: Severity): Check {
  return { code, severity: severity ?? pemRules[code]?.severity ?? 'warning', message };
}

export function expiryPhrase(notAfter: string, now: Date): string {
  if (Number.isNaN(Date.parse(notAfter))) return tr`has an unreadable notAfter`;
  const days = daysBetween(now, new Date(notAfter));
  const ms = Date.parse(notAfter) - now.getTime();
  if (ms < 0) {
    const ago = daysBetween(new Date(notAfter), now);
    return ago === 0 ? tr`expired today` : tr`expired ${ago} day${plural(ago)} ago`;
  }
  return days === 0 ? tr`expires today` : tr`expires in ${days} day${plural(days)}`;
}

/** Validity checks (depend on the clock). */
export function validityChecks(c: Pick<CertificateView, 'notBefore' | 'notAfter' | 'validityError'>, now: Date, warningDays: number): Check[] {
  const out: Check[] = [];
  if (c.validityError) out.push(check('X509-VALIDITY-MALFORMED', tr`Invalid validity: ${c.validityError}`));
  if (Date.parse(c.notAfter) < Date.parse(c.notBefore)) {
    out.push(check('X509-VALIDITY-INVERTED', tr`notAfter (${formatInstant(c.notAfter)}) is before notBefore (${formatInstant(c.notBefore)}): the certificate is never valid`));
    return out;
  }
  const state = validityState(c.notBefore, c.notAfter, now, warningDays);
  if (state === 'expired') out.push(check('PEM-EXPIRED', tr`Certificate ${expiryPhrase(c.notAfter, now)} (notAfter ${formatInstant(c.notAfter)})`));
  else if (state === 'notYetValid') {
    const days = daysBetween(now, new Date(c.notBefore)) + 1;
    out.push(check('PEM-NOT-YET-VALID', tr`Certificate is not valid before ${formatInstant(c.notBefore)} (in ${days} day${plural(days)})`));
  }
  else if (state === 'expiringSoon') out.push(check('PEM-EXPIRING', tr`Certificate ${expiryPhrase(c.notAfter, now)} (notAfter ${formatInstant(c.notAfter)}; warning threshold ${warningDays} days)`));
  return out;
}

/**
 * X509-CRITICAL-UNKNOWN by what the verifiers read: an error when OpenSSL and Go both reject the
 * certificate, a warning naming the one that does when only one does.
 */
function criticalCheck(e: ExtensionInfo, r: CriticalRejection): Check {
  const what = e.name === e.oid ? tr`critical extension ${e.oid}` : tr`critical ${e.name} (${e.oid})`;
  const whyGo = e.oid === '2.5.29.17' ? tr` holding no DNS name, e-mail address, IP address or URI` : e.goUnhandled ? tr` constraining a name type Go does not compare (${e.goUnhandled})` : '';
  if (r.openssl && r.go) return check('X509-CRITICAL-UNKNOWN', tr`Unknown ${what}: neither OpenSSL nor Go reads it, and both reject the certificate (OpenSSL: "unhandled critical extension"; Go: "x509: unhandled critical extension")`);
  if (r.openssl) return check('X509-CRITICAL-UNKNOWN', tr`A ${what}: OpenSSL's verifier does not read it and rejects the certificate ("unhandled critical extension"); Go's crypto/x509 reads it and accepts it`, 'warning');
  return check('X509-CRITICAL-UNKNOWN', tr`A ${what}${whyGo}: Go's crypto/x509 does not read it and rejects the certificate ("x509: unhandled critical extension"); OpenSSL reads it and accepts it`, 'warning');
}

/** The key as the findings name it: `EC key on explicit parameters`, `EC key on secp256k1`, `RSA key`. */
function keyPhrase(k: Pick<PublicKeyInfo, 'algorithm' | 'curve'>): string {
  return k.algorithm === 'EC' && k.curve ? tr`EC key on ${k.curve}` : tr`${k.algorithm} key`;
}

/**
 * A name value OpenSSL cannot read makes the certificate unreadable to it: an error, which says
 * what Go does with the certificate; one Go alone refuses is a warning naming Go. One finding for
 * the names, on the first value each tool refuses.
 */
function nameChecks(c: CertificateView): Check[] {
  const refusals = c.nameRefusals ?? [];
  const go = refusals.find((r) => r.go)?.go;
  const openssl = refusals.find((r) => r.openssl);
  const value = (r: NameRefusal): string => tr`The ${r.field}'s ${r.attribute} (${r.type})`;
  if (openssl) {
    const goPart = go ? tr`Go's crypto/x509 refuses it too ("${go}")` : tr`Go's crypto/x509 reads it`;
    return [check('PEM-DER', tr`${value(openssl)} is a value OpenSSL cannot read: OpenSSL cannot load the certificate ("Could not read certificate"); ${goPart}`)];
  }
  const first = refusals.find((r) => r.go);
  return first ? [check('PEM-DER', tr`${value(first)} is a value Go's crypto/x509 cannot read: Go refuses the certificate ("${first.go}"), and a Go CA pool skips it; OpenSSL reads it`, 'warning')] : [];
}

/** Structural profile checks (independent of the clock). */
export function profileChecks(c: CertificateView): Check[] {
  const out: Check[] = [];
  const isCa = c.basicConstraints?.ca === true;
  const goVersion = goVersionRefusal(c.version);
  if (goVersion) out.push(check('PEM-DER', tr`The certificate's version field holds ${c.version - 1} (X.509 versions 1 to 3 are 0 to 2): OpenSSL reads and verifies it (\`openssl x509 -text\`: "Version: Unknown (${c.version - 1})"); Go's crypto/x509 refuses the certificate ("${goVersion}"), and a Go CA pool skips it`, 'warning'));
  if (c.publicKey.goRefuses) out.push(check('X509-KEY-UNSUPPORTED', tr`Go's crypto/x509 cannot read this certificate's ${keyPhrase(c.publicKey)} and refuses the certificate ("${c.publicKey.goRefuses}"), and a Go CA pool skips it; OpenSSL reads it`));
  const mismatch = c.signatureAlgorithmMismatch;
  if (mismatch) {
    const inner = mismatch.inner === c.signatureAlgorithm.name ? tr`${mismatch.inner}, encoded differently` : mismatch.inner;
    const go = tr`Go's crypto/x509 refuses the certificate ("x509: inner and outer signature algorithm identifiers don't match")`;
    out.push(
      c.selfIssued
        ? check('PEM-DER', tr`The signature algorithm inside the certificate (${inner}) is not the one it is signed with (${c.signatureAlgorithm.name}): ${go}; OpenSSL reads it and, as a trusted root, does not check its signature (with -check_ss_sig it refuses it: "certificate signature failure")`, 'warning')
        : check('PEM-DER', tr`The signature algorithm inside the certificate (${inner}) is not the one it is signed with (${c.signatureAlgorithm.name}): OpenSSL's verifier refuses its signature ("certificate signature failure") and ${go}`),
    );
  }
  out.push(...nameChecks(c));
  if (c.trailingBytes) out.push(check('PEM-DER', tr`${c.trailingBytes} byte${plural(c.trailingBytes)} after the end of the certificate: OpenSSL ignores them, Go's crypto/x509 refuses the certificate ("x509: trailing data")`, 'warning'));
  const ku = c.keyUsage?.usages;
  const eku = c.extendedKeyUsage?.usages;

  for (const e of c.extensions) {
    if (e.criticalNotDer && c.version === 3) out.push(check('X509-EXT-MALFORMED', tr`${e.name}'s critical flag is a BOOLEAN that is neither 0x00 nor 0xFF (not DER): OpenSSL reads it as TRUE and accepts the certificate; Go's crypto/x509 refuses the certificate ("x509: malformed extension critical field")`, 'warning'));
    if (e.error) out.push(check('X509-EXT-MALFORMED', tr`${e.name} is invalid: ${e.error}`));
    // A critical extension no verifier reads is rejected for being critical, whatever its value.
    else if (e.opensslRefuses) out.push(check('X509-EXT-MALFORMED', tr`${e.name} is invalid: ${e.opensslRefuses}. OpenSSL's verifier cannot read it and refuses the certificate (openssl verify: "invalid certificate", reported as "unable to get local issuer certificate"); Go's crypto/x509 reads past it and accepts the certificate`, 'warning'));
    else if (e.malformed && !e.critical) out.push(check('X509-EXT-MALFORMED', tr`${e.name} is malformed (${e.malformed}); Go and OpenSSL do not read this extension and accept the certificate`, 'warning'));
    else if (e.goRefuses) {
      const what = e.oid === '2.5.29.17' ? tr`${e.name} holds a name Go's crypto/x509 cannot read` : tr`${e.name} is a value Go's crypto/x509 cannot read`;
      // OpenSSL's verifier decodes certificate policies only when asked to check them.
      const openssl = e.oid === '2.5.29.32' ? tr`OpenSSL's verifier accepts it unless asked to check policies (openssl verify -policy_check: "invalid or inconsistent certificate policy extension")` : tr`OpenSSL reads it`;
      out.push(check('X509-EXT-MALFORMED', tr`${what}: Go refuses the certificate ("${e.goRefuses}"); ${openssl}`, 'warning'));
    } else if (e.accepted) out.push(check('X509-EXT-MALFORMED', tr`${e.name}: ${e.accepted}`, 'warning'));
    else {
      const rejected = criticalRejection(e, c.subjectAltNames);
      if (rejected) out.push(criticalCheck(e, rejected));
    }
  }

  if (isCa) {
    if (ku && !ku.includes('keyCertSign')) {
      out.push(check('X509-CA-NO-KEYCERTSIGN', tr`CA certificate with keyUsage (${ku.join(', ')}) but without keyCertSign: it cannot sign certificates (Go: "parent certificate cannot sign this kind of certificate")`));
    }
    if (!ku) out.push(check('X509-CA-NO-KEYUSAGE', tr`CA certificate without keyUsage; RFC 5280 requires keyUsage with keyCertSign on CA certificates`));
    if (!c.basicConstraints!.critical) out.push(check('X509-CA-BC-NOT-CRITICAL', tr`CA certificate whose basicConstraints is not marked critical (RFC 5280 4.2.1.9)`));
    if (!c.subjectKeyIdentifier) out.push(check('X509-CA-NO-SKI', tr`CA certificate without subjectKeyIdentifier: issued certificates cannot name their issuer key (RFC 5280 4.2.1.2)`));
  } else if (c.version >= 3 && ku?.includes('keyCertSign')) {
    out.push(check('X509-CA-NO-BC', tr`keyUsage has keyCertSign but basicConstraints ${c.basicConstraints ? tr`says CA:FALSE` : tr`is missing`}: Go and OpenSSL will not accept it as an issuer; as a leaf both accept it (openssl verify -x509_strict refuses it)`));
  }
  if (!c.selfIssued && !c.authorityKeyIdentifier?.keyIdentifier && c.version >= 3) {
    out.push(check('X509-NO-AKI', tr`Issued certificate without authorityKeyIdentifier (RFC 5280 4.2.1.1): chain building must fall back to names`));
  }
  const serverish = !isCa && (eku?.includes('serverAuth') || c.role === 'server' || c.role === 'node');
  if (serverish && !c.subjectAltNames.some((n) => n.type === 'dns' || n.type === 'ip')) {
    out.push(check('X509-SERVER-NO-SAN', tr`Server certificate without DNS/IP subjectAltName${c.commonName ? tr` (CN=${c.commonName} only)` : ''}: Go rejects it ("certificate relies on legacy Common Name field, use SANs instead")`));
  }
  if (c.serialNegative) out.push(check('X509-SERIAL-NEGATIVE', tr`Negative serial number ${c.serial}: RFC 5280 requires a positive integer; Go 1.23+ rejects it ("x509: negative serial number")`));
  else if (c.serialZero) out.push(check('X509-SERIAL-ZERO', tr`Serial number 0: RFC 5280 requires a positive integer`));
  if (c.serialOctets > 20) out.push(check('X509-SERIAL-TOO-LONG', tr`Serial number of ${c.serialOctets} octets: RFC 5280 allows at most 20`));

  const hash = c.signatureAlgorithm.hash;
  if (hash === 'SHA-1') {
    out.push(check('X509-SHA1-SIGNATURE', tr`SHA-1 signature (${c.signatureAlgorithm.name})${c.selfIssued ? '' : tr`: Go 1.18+ refuses to verify it`}`));
  } else if (hash === 'MD5' || hash === 'MD2') {
    out.push(check('X509-WEAK-SIGNATURE', tr`${hash} signature (${c.signatureAlgorithm.name}) is broken and rejected by verifiers`));
  }
  const bits = c.publicKey.bits;
  if ((c.publicKey.algorithm === 'RSA' || c.publicKey.algorithm === 'RSA-PSS') && bits !== undefined && bits < 2048) {
    out.push(check('X509-RSA-SMALL', tr`RSA key of ${bits} bits: use at least 2048${bits < 1024 ? tr` (Go 1.24 rejects keys under 1024 bits)` : ''}`, bits < 1024 ? 'error' : undefined));
  }
  if (eku && ku && !isCa) {
    const missing: string[] = [];
    // OpenSSL's ssl_server / ssl_client purposes, which libssl applies to every peer certificate (v3_purp.c); Go's Verify checks no keyUsage.
    if (eku.includes('serverAuth') && !ku.some((u) => u === 'digitalSignature' || u === 'keyEncipherment' || u === 'keyAgreement')) missing.push(tr`serverAuth needs digitalSignature, keyEncipherment or keyAgreement: an OpenSSL client (libpq, curl, openssl s_client) refuses it as a TLS server certificate ("unsuitable certificate purpose")`);
    if (eku.includes('clientAuth') && !ku.some((u) => u === 'digitalSignature' || u === 'keyAgreement')) missing.push(tr`clientAuth needs digitalSignature or keyAgreement: an OpenSSL server (PostgreSQL, nginx) refuses it as a TLS client certificate ("unsuitable certificate purpose")`);
    if (eku.includes('codeSigning') && !ku.includes('digitalSignature')) missing.push(tr`codeSigning needs digitalSignature`);
    if (eku.includes('OCSPSigning') && !ku.some((u) => u === 'digitalSignature' || u === 'nonRepudiation')) missing.push(tr`OCSPSigning needs digitalSignature`);
    if (missing.length) out.push(check('X509-EKU-KU-MISMATCH', tr`extendedKeyUsage does not fit keyUsage (${ku.join(', ')}): ${missing.join('; ')}. Go's crypto/x509 does not check keyUsage and accepts it; where a setup in the workspace uses it for TLS, its connection check says which end refuses it`));
  }
  if (c.version === 1) out.push(check('X509-V1-CERT', tr`Version 1 certificate: it has no extensions (no SAN, keyUsage or basicConstraints)`));
  return out;
}

export function certificateChecks(c: CertificateView, now: Date, warningDays: number): Check[] {
  return [...validityChecks(c, now, warningDays), ...profileChecks(c)];
}

/**
 * A CSR as OpenSSL and Go read it: an extension request that cannot be read (OpenSSL reads the
 * rest, and a CA signs it without the requested extensions; Go refuses it when encoding/asn1
 * cannot read the extensions either), a requested extension that is invalid (OpenSSL reads it
 * and a CA copying requested extensions copies it as it is; Go 1.19 reads only the
 * subjectAltName; a private extension nobody reads is not checked), a key Go cannot read.
 */
export function csrChecks(c: CsrView): Check[] {
  const out: Check[] = [];
  if (c.publicKey.goRefuses) out.push(check('X509-KEY-UNSUPPORTED', tr`Go's crypto/x509 cannot read this CSR's ${keyPhrase(c.publicKey)}: x509.ParseCertificateRequest refuses the CSR ("${c.publicKey.goRefuses}"); OpenSSL reads it`));
  const e = c.extensionRequestError;
  if (e) {
    const go = e.goRefuses ? tr`Go's x509.ParseCertificateRequest refuses the CSR` : tr`Go's x509.ParseCertificateRequest reads past the fault`;
    out.push(check('X509-EXT-MALFORMED', tr`The extension request (requested extensions) is malformed at byte ${e.offset}: ${e.message}. OpenSSL reads the CSR without them (\`openssl req -text\` lists none, a CA copying requested extensions copies none); ${go}`, 'warning'));
  }
  for (const x of c.extensions) {
    const san = x.oid === '2.5.29.17';
    const problem = x.error ?? x.opensslRefuses ?? x.accepted ?? (x.goRefuses ? (san ? tr`a name Go's crypto/x509 cannot read` : tr`a value Go's crypto/x509 refuses in a certificate ("${x.goRefuses}")`) : undefined);
    if (!problem) continue;
    // ParseCertificateRequest refuses a requested extension twice and reads no value but the subjectAltName's.
    const goCsr = x.duplicate ? 'x509: certificate request contains duplicate requested extensions' : san ? x.goRefuses : undefined;
    const go = goCsr ? tr`Go's x509.ParseCertificateRequest refuses the CSR ("${goCsr}")` : san ? tr`Go's x509.ParseCertificateRequest reads the CSR` : tr`Go's x509.ParseCertificateRequest reads the CSR (it reads no requested extension but subjectAltName)`;
    out.push(check('X509-EXT-MALFORMED', tr`The requested ${x.name} is invalid: ${problem}. OpenSSL reads the CSR, and a CA that copies requested extensions (openssl ca with copy_extensions, openssl x509 -req -copy_extensions) puts it into the certificate as it is; ${go}`, 'warning'));
  }
  return out;
}

/**
 * CRL times not in RFC 5280's form. OpenSSL 3.0's X509_cmp_time refuses a lastUpdate or nextUpdate
 * with a fraction, an offset or no seconds ("format error in CRL's lastUpdate field"), so with CRL
 * checks on it refuses every certificate of the issuer; it never compares revocation dates. Go's
 * x509.ParseRevocationList refuses the CRL for a fraction, a missing zone or +0000.
 */
function crlTimeChecks(c: CrlView): Check[] {
  const out: Check[] = [];
  const go = (refuses: boolean): string => (refuses ? tr`Go's x509.ParseRevocationList refuses the CRL ("x509: malformed GeneralizedTime")` : tr`Go's x509.ParseRevocationList reads it`);
  for (const t of c.timeProblems ?? []) {
    if (t.field === 'revocationDate') continue;
    const field = t.field === 'thisUpdate' ? 'lastUpdate' : 'nextUpdate';
    out.push(check('X509-VALIDITY-MALFORMED', tr`The CRL's ${t.field}: ${t.problem}. OpenSSL refuses to use the CRL ("format error in CRL's ${field} field"), so a verifier checking CRLs with it refuses every certificate of its issuer; ${go(t.goRefuses)}`));
  }
  // One finding for every revocation date of this form: one cause.
  const dates = (c.timeProblems ?? []).filter((t) => t.field === 'revocationDate');
  if (dates.length) {
    const first = dates[0]!;
    const refuses = dates.some((t) => t.goRefuses);
    out.push(check('X509-VALIDITY-MALFORMED', tr`${dates.length === 1 ? tr`The revocation date of serial ${first.serial ?? ''}` : tr`${dates.length} revocation dates (the first of serial ${first.serial ?? ''})`}: ${first.problem}. OpenSSL reads the CRL and still finds the certificate revoked; ${go(refuses)}`, 'warning'));
  }
  return out;
}

/**
 * What OpenSSL 3.0 and Go 1.19 do with a CRL's issuer values and an inner signature algorithm that
 * differs from the outer one: OpenSSL cannot load a CRL with an issuer value it cannot read (an
 * error: a verifier checking CRLs then has none and refuses every certificate of the issuer), and
 * verifies a CRL with its outer algorithm without comparing the inner one; Go's
 * x509.ParseRevocationList refuses both, in that order, after a version other than 2, which
 * OpenSSL reads (no Go program here reads CRLs: warnings).
 */
function crlDerChecks(c: CrlView): Check[] {
  const out: Check[] = [];
  const goRefuses = (error: string): string => tr`Go's x509.ParseRevocationList refuses the CRL ("${error}")`;
  const version = goCrlVersionRefusal(c);
  if (version) {
    out.push(
      c.versionAbsent
        ? check('PEM-DER', tr`The CRL has no version field: a version 1 CRL (what openssl ca -gencrl writes without a crlnumber file or crl_extensions). OpenSSL reads and uses it; ${goRefuses(version)}, as it reads only version 2 CRLs`, 'warning')
        : check('PEM-DER', tr`The CRL's version field holds ${c.version - 1} (X.509 CRL versions 1 and 2 are 0 and 1): OpenSSL reads and uses it; ${goRefuses(version)}, as it reads only version 2 CRLs`, 'warning'),
    );
  }
  const mismatch = c.signatureAlgorithmMismatch;
  if (mismatch) {
    const inner = mismatch.inner === c.signatureAlgorithm.name ? tr`${mismatch.inner}, encoded differently` : mismatch.inner;
    out.push(check('PEM-DER', tr`The signature algorithm inside the CRL (${inner}) is not the one it is signed with (${c.signatureAlgorithm.name}): ${goRefuses("x509: inner and outer signature algorithm identifiers don't match")}; OpenSSL verifies the CRL with the outer one and uses it`, 'warning'));
  }
  const refusals = c.nameRefusals ?? [];
  const go = refusals.find((r) => r.go);
  const openssl = refusals.find((r) => r.openssl);
  if (openssl) {
    const goPart = go ? goRefuses(go.go!) : tr`Go's x509.ParseRevocationList reads it`;
    out.push(check('PEM-DER', tr`The issuer's ${openssl.attribute} (${openssl.type}) is a value OpenSSL cannot read: OpenSSL cannot load the CRL ("Could not read CRL"), so a verifier checking CRLs with it has none for this issuer and refuses every certificate it issued; ${goPart}`));
  } else if (go) {
    out.push(check('PEM-DER', tr`The issuer's ${go.attribute} (${go.type}) is a value Go's crypto/x509 cannot read: ${goRefuses(go.go!)}; OpenSSL reads and uses the CRL`, 'warning'));
  }
  return out;
}

export function crlChecks(c: CrlView, now: Date, warningDays: number): Check[] {
  const der = crlDerChecks(c);
  if (der.length) return [...der, ...crlTimeChecks(c), ...crlFreshness(c, now, warningDays)];
  const format = crlTimeChecks(c);
  return format.length ? [...format, ...crlFreshness(c, now, warningDays)] : crlFreshness(c, now, warningDays);
}

function crlFreshness(c: CrlView, now: Date, warningDays: number): Check[] {
  if (!c.nextUpdate) return [];
  const next = Date.parse(c.nextUpdate);
  if (next < now.getTime()) {
    return [check('PEM-CRL-STALE', tr`CRL is stale: nextUpdate ${formatInstant(c.nextUpdate)} has passed; verifiers that check CRLs will reject it`)];
  }
  if (next - now.getTime() < warningDays * dayMs) {
    return [check('PEM-CRL-EXPIRING', tr`CRL reaches its nextUpdate ${formatInstant(c.nextUpdate)} within ${warningDays} days: publish a fresh CRL before then (verifiers that check CRLs refuse every certificate of this CA once it has passed)`)];
  }
  return [];
}

export function keyChecks(k: KeyView): Check[] {
  if (k.kind === 'privateKey' && k.encrypted) {
    return [check('PEM-KEY-ENCRYPTED', tr`Encrypted private key (${k.encryption ?? 'encrypted'}): a program needs its passphrase to load it, and Go's crypto/tls cannot load it at all ("tls: failed to parse private key")`)];
  }
  if (k.goRefuses && k.opensslRefuses) return [check('X509-KEY-UNSUPPORTED', tr`Neither OpenSSL 3.0 nor Go can load this ${keyPhrase(k)}: OpenSSL has no decoder for ${k.opensslRefuses} (openssl pkey: "unsupported"), and Go's crypto/x509 refuses it ("${k.goRefuses}")`, 'error')];
  if (k.goRefuses) return [check('X509-KEY-UNSUPPORTED', tr`Go's crypto/x509 cannot load this ${keyPhrase(k)} ("${k.goRefuses}"); OpenSSL reads it`)];
  if (k.opensslRefuses) return [check('X509-KEY-UNSUPPORTED', tr`OpenSSL 3.0 cannot load this ${keyPhrase(k)}, ${k.opensslRefuses} (openssl pkey: "unsupported"), so neither can PostgreSQL, libpq or nginx; Go's crypto/x509 reads it`)];
  return [];
}
