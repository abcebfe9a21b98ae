/**
 * Serialisable views of decoded PEM/DER objects. Everything here is plain data
 * (strings, numbers, booleans, arrays): a view can cross the LSP wire as is.
 * Private key material never appears in any view.
 */

/** What a PEM label or a DER structure holds. */
export type ObjectKind = 'certificate' | 'csr' | 'crl' | 'privateKey' | 'publicKey' | 'pkcs7' | 'unknown';

/** A problem found while reading a block, in offsets into the text that was scanned. */
export interface PemProblem {
  /** Stable code: PEM-BASE64, PEM-TRUNCATED, PEM-LABEL-MISMATCH, PEM-UNKNOWN-LABEL, PEM-DER, PEM-EMPTY. */
  readonly code: string;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** One `-----BEGIN X-----` … `-----END X-----` block found in a text. */
export interface PemBlock {
  /** Position among the blocks of the text (0-based), the id used by lenses and requests. */
  readonly index: number;
  /** The BEGIN label, e.g. `CERTIFICATE`, `RSA PRIVATE KEY`. */
  readonly label: string;
  readonly kind: ObjectKind;
  /** Offset of the first `-` of the BEGIN line. */
  readonly start: number;
  /** Offset just after the last `-` of the END line (or the end of the scanned body when truncated). */
  readonly end: number;
  /** Offset just after the BEGIN marker (`-----BEGIN X-----`): the "header" range is [start, headerEnd). */
  readonly headerEnd: number;
  /** RFC 1421 headers (Proc-Type, DEK-Info), as found. */
  readonly headers: Readonly<Record<string, string>>;
  /** True when the body lines are joined by the two characters `\n` (PEM inside a JSON/TOML/YAML quoted string). */
  readonly escaped: boolean;
  /** The base64 body with whitespace and escapes removed. Also the cache key of its decode. */
  readonly base64: string;
  /** Decoded bytes; undefined when the base64 is broken (see `problem`). */
  readonly der?: Uint8Array;
  /** First problem that prevents decoding (or a label problem); undefined when the block reads cleanly. */
  readonly problem?: PemProblem;
}

/** One attribute of a relative distinguished name. */
export interface DnAttribute {
  /** OpenSSL short name (`CN`, `O`, `emailAddress`...) or the dotted OID when unknown. */
  readonly name: string;
  readonly oid: string;
  readonly value: string;
  /** ASN.1 string type (`UTF8String`, `PrintableString`, ...). */
  readonly stringType: string;
  /**
   * What OpenSSL's RFC 2253 form prints instead of the escaped value: `#` and the value's DER in hex
   * (RFC 4514 2.4), for a value that is not a string type or of an attribute type it cannot name.
   */
  readonly dump?: string;
}

export interface DistinguishedName {
  /** OpenSSL's default one-line form in encoding order, e.g. `C = US, O = Acme, CN = Acme Root`. */
  readonly text: string;
  /** RFC 4514 form (reverse order), e.g. `CN=Acme Root,O=Acme,C=US`. */
  readonly rfc4514: string;
  /** RDNs in encoding order; each RDN is a set of attributes (almost always one). */
  readonly rdns: readonly (readonly DnAttribute[])[];
  /** Hex SHA-256 of the Name's DER: equal names (byte-wise) have equal keys. */
  readonly key: string;
  readonly nonAscii: boolean;
}

export type GeneralNameType = 'dns' | 'ip' | 'email' | 'uri' | 'dirName' | 'registeredID' | 'otherName' | 'x400' | 'ediParty';

export interface GeneralName {
  readonly type: GeneralNameType;
  /** Printable value (IPs as text, dirName as one-line DN, otherName as `oid;<hex>`). */
  readonly value: string;
}

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

export interface PublicKeyInfo {
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `X25519`, `X448`, `DSA`, `RSA-PSS`, or the OID. */
  readonly algorithm: string;
  readonly oid: string;
  /** Key size in bits as OpenSSL gives it (RSA modulus, EC group order, 253/456 for Ed25519/Ed448). */
  readonly bits?: number;
  /** Curve short name (`prime256v1`, `secp384r1`, ...) for EC keys. */
  readonly curve?: string;
  /** NIST name (`P-256`) where one exists. */
  readonly nistCurve?: string;
  /** RSA public exponent (decimal). */
  readonly exponent?: string;
  /**
   * Identity of the public key: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
   * A certificate and a private key belong together exactly when their ids are equal.
   */
  readonly id: string;
  /** Go 1.19's error when its crypto/x509 cannot read this key (explicit curve parameters, a curve it does not name, ...), which OpenSSL reads. */
  readonly goRefuses?: string;
}

export interface SignatureAlgorithm {
  readonly oid: string;
  /** OpenSSL's long name, e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`. */
  readonly name: string;
  /** `SHA-1`, `SHA-256`, ..., undefined for Ed25519/unknown. */
  readonly hash?: string;
}

export interface ExtensionInfo {
  readonly oid: string;
  /** OpenSSL's long name (`X509v3 Subject Alternative Name`), or the OID when unknown. */
  readonly name: string;
  readonly critical: boolean;
  /** False for extensions this decoder does not interpret (listed, not fatal). */
  readonly known: boolean;
  /** Set when the value is invalid in a way verifiers reject: an extension Go or OpenSSL reads, or a duplicate. */
  readonly error?: string;
  /** Set when the value cannot be parsed but no verifier reads this extension (Go and OpenSSL accept the certificate). */
  readonly malformed?: string;
  /** Set when the value breaks RFC 5280 but OpenSSL 3.0 and Go 1.19 read it and accept the certificate. */
  readonly accepted?: string;
  /** Go 1.19's error when its crypto/x509 refuses the certificate or CSR for this value (a name it cannot read, empty name constraints, ...). */
  readonly goRefuses?: string;
  /**
   * Set when OpenSSL 3.0's verifier cannot decode the value and refuses the certificate ("invalid
   * certificate", reported as "unable to get local issuer certificate") while Go 1.19 reads past it.
   */
  readonly opensslRefuses?: string;
  /** The critical BOOLEAN is not DER's 0x00 or 0xff (0x01, say): OpenSSL reads it as TRUE, Go refuses the certificate. */
  readonly criticalNotDer?: true;
  /** A second (or later) extension of this OID: Go's x509.ParseCertificate refuses the certificate before reading any value. */
  readonly duplicate?: boolean;
  /** The name types Go 1.19 reads past in this value, leaving the extension unhandled (name constraints on a directoryName, otherName...): refused by Verify when critical. */
  readonly goUnhandled?: string;
}

export interface Fingerprints {
  /** Uppercase colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256: string;
  readonly sha1: string;
}

export type CertificateRole = 'ca' | 'intermediate' | 'server' | 'client' | 'node' | 'other';

export interface NameRefusal {
  readonly field: 'issuer' | 'subject';
  /** The attribute's short name (`CN`) or OID. */
  readonly attribute: string;
  /** The value's ASN.1 type, `VisibleString`. */
  readonly type: string;
  readonly go?: string;
  readonly openssl: boolean;
}

export interface CertificateView {
  readonly kind: 'certificate';
  /** Bytes after the certificate's DER in its block or file (OpenSSL ignores them, Go refuses the certificate). */
  readonly trailingBytes?: number;
  /**
   * The signature algorithm inside the signed part differs from the outer one (`inner` as
   * OpenSSL names it): OpenSSL shows the certificate but its verifier refuses the signature,
   * Go refuses the certificate.
   */
  readonly signatureAlgorithmMismatch?: { readonly inner: string };
  /**
   * The issuer's then the subject's attribute values Go 1.19 (`go`, its error) or OpenSSL 3.0
   * (`openssl`: it cannot load the certificate) cannot read, in Go's reading order.
   */
  readonly nameRefusals?: readonly NameRefusal[];
  /** 1, 2 or 3. */
  readonly version: number;
  /** As `openssl x509 -serial` prints it: uppercase hex, `-` prefix when negative. */
  readonly serial: string;
  /** Decimal value of the serial. */
  readonly serialDecimal: string;
  readonly serialNegative: boolean;
  readonly serialZero: boolean;
  /** Octets of the DER INTEGER content (RFC 5280 allows at most 20). */
  readonly serialOctets: number;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Last CN of the subject, if any. */
  readonly commonName?: string;
  /** ISO 8601 (UTC). */
  readonly notBefore: string;
  readonly notAfter: string;
  /**
   * Set when a validity time is not RFC 5280's form (a GeneralizedTime without seconds, an
   * offset) or not readable at all (then its ISO string is empty): verifiers reject the
   * certificate, which is still shown.
   */
  readonly validityError?: string;
  /** Go's error for a validity time no reader here can read ("x509: malformed UTCTime"): ParseCertificate refuses the certificate. */
  readonly validityGoRefuses?: string;
  /** Subject and issuer names are byte-equal. */
  readonly selfIssued: boolean;
  readonly subjectAltNames: readonly GeneralName[];
  readonly keyUsage?: { readonly critical: boolean; readonly usages: readonly KeyUsageName[] };
  /** Names like `serverAuth`, `clientAuth`, or dotted OIDs. */
  readonly extendedKeyUsage?: { readonly critical: boolean; readonly usages: readonly string[] };
  /** `pathLengthText`: the exact pathLenConstraint when it is beyond a safe number (`pathLength` then holds Number.MAX_SAFE_INTEGER). */
  readonly basicConstraints?: { readonly critical: boolean; readonly ca: boolean; readonly pathLength?: number; readonly pathLengthText?: string };
  /** Uppercase colon hex. */
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: { readonly keyIdentifier?: string; readonly issuer?: readonly GeneralName[]; readonly serial?: string };
  readonly crlDistributionPoints?: readonly string[];
  readonly authorityInfoAccess?: readonly { readonly method: string; readonly location: string }[];
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly fingerprints: Fingerprints;
  readonly role: CertificateRole;
  readonly extensions: readonly ExtensionInfo[];
  /** Subject, issuer or SANs hold non-ASCII characters. */
  readonly nonAscii: boolean;
}

/**
 * The lazy field mode of a certificate (readCertificateFields): what the Certificates tree and
 * path building need, read by the same decoder as CertificateView without its display work.
 */
export interface CertificateFields {
  readonly version: number;
  /** As in CertificateView: uppercase hex, `-` prefix when negative. */
  readonly serial: string;
  readonly serialNegative: boolean;
  readonly serialDecimal: string;
  readonly serialZero: boolean;
  readonly serialOctets: number;
  readonly issuer: readonly (readonly DnAttribute[])[];
  readonly subject: readonly (readonly DnAttribute[])[];
  /** Epoch ms; undefined when unreadable (then `validityError` says why). */
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly validityError?: string;
  readonly publicKey: PublicKeyInfo;
  /** The SubjectPublicKeyInfo DER (a view into the certificate's bytes). */
  readonly spki: Uint8Array;
  readonly subjectAltNames: readonly GeneralName[];
  readonly keyUsage?: CertificateView['keyUsage'];
  readonly extendedKeyUsage?: CertificateView['extendedKeyUsage'];
  readonly basicConstraints?: CertificateView['basicConstraints'];
  /** Uppercase colon hex, as in CertificateView. */
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  /** The issuer's serial the authorityKeyIdentifier names (`issuer:always`), uppercase colon hex. */
  readonly authorityCertSerial?: string;
  readonly extensions: readonly ExtensionInfo[];
  /** The outer signature algorithm with its parameters' DER (RSASSA-PSS needs them). */
  readonly signatureAlgorithm: { readonly oid: string; readonly params?: Uint8Array };
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  /** TBSCertificate.signature is not the outer signatureAlgorithm byte for byte (OpenSSL's verifier: "certificate signature failure"). */
  readonly signatureAlgorithmsDiffer?: true;
}

export interface CsrView {
  readonly kind: 'csr';
  readonly version: number;
  readonly subject: DistinguishedName;
  readonly commonName?: string;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** From the extensionRequest attribute. */
  readonly subjectAltNames: readonly GeneralName[];
  readonly keyUsage?: CertificateView['keyUsage'];
  readonly extendedKeyUsage?: CertificateView['extendedKeyUsage'];
  readonly basicConstraints?: CertificateView['basicConstraints'];
  readonly extensions: readonly ExtensionInfo[];
  /** Other attribute OIDs/names (challengePassword, ...); values are not shown. */
  readonly attributes: readonly string[];
  /**
   * Set when the extensionRequest attribute cannot be read: OpenSSL shows (and a CA copies) no
   * requested extension; `goRefuses` when Go's x509.ParseCertificateRequest refuses the CSR for it.
   */
  readonly extensionRequestError?: { readonly message: string; readonly offset: number; readonly goRefuses: boolean };
  readonly fingerprints: Fingerprints;
}

export interface RevokedEntry {
  readonly serial: string;
  /** ISO 8601. */
  readonly date: string;
  readonly reason?: string;
}

export interface CrlView {
  readonly kind: 'crl';
  /** As OpenSSL counts it: the encoded value plus one, 1 when the field is absent. */
  readonly version: number;
  /** No version field (a v1 CRL): Go's x509.ParseRevocationList tells it from an explicit v1 by its error. */
  readonly versionAbsent?: true;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: string;
  readonly nextUpdate?: string;
  /** Decimal. */
  readonly crlNumber?: string;
  readonly authorityKeyIdentifier?: string;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** TBSCertList.signature differs from the outer algorithm: Go refuses the CRL; OpenSSL 3.0 verifies it with the outer one. */
  readonly signatureAlgorithmMismatch?: { readonly inner: string };
  /** The issuer's values Go 1.19 (`go`) or OpenSSL 3.0 (`openssl`: it cannot load the CRL) cannot read. */
  readonly nameRefusals?: readonly NameRefusal[];
  readonly revoked: readonly RevokedEntry[];
  readonly extensions: readonly ExtensionInfo[];
  readonly fingerprints: Fingerprints;
  /** Times not in RFC 5280's form (a fraction, an offset, no seconds), each with whether Go's x509.ParseRevocationList refuses it. */
  readonly timeProblems?: readonly CrlTimeProblem[];
}

export interface CrlTimeProblem {
  readonly field: 'thisUpdate' | 'nextUpdate' | 'revocationDate';
  readonly problem: string;
  readonly goRefuses: boolean;
  /** The entry's serial, for a revocation date. */
  readonly serial?: string;
}

export type KeyFormat = 'pkcs8' | 'pkcs8-encrypted' | 'pkcs1' | 'sec1' | 'spki' | 'pkcs1-public';

/** A private or public key: type, size, encryption, public identity. Never key material. */
export interface KeyView {
  readonly kind: 'privateKey' | 'publicKey';
  readonly format: KeyFormat;
  /** `RSA`, `EC`, `Ed25519`, ... ; `unknown` when encrypted (PKCS#8 encryption hides the type). */
  readonly algorithm: string;
  readonly bits?: number;
  readonly curve?: string;
  readonly encrypted: boolean;
  /** For encrypted keys: the cipher (`aes-256-cbc`, `PBES2/AES-256-CBC`...). */
  readonly encryption?: string;
  /**
   * Same value as `PublicKeyInfo.id` of the matching certificate. Undefined when
   * encrypted, or when the public half is not stored in the key (Ed25519 PKCS#8 v1,
   * EC without the optional public key): use `derivePublicKeyId` then.
   */
  readonly publicKeyId?: string;
  /** Go 1.19's error when its crypto/x509 cannot load this key (a curve it does not name, explicit curve parameters, ...). */
  readonly goRefuses?: string;
  /** Why OpenSSL 3.0 cannot load this key, which Go reads (a PKCS #8 key carrying its public key). */
  readonly opensslRefuses?: string;
}

export interface Pkcs7View {
  readonly kind: 'pkcs7';
  /** Content type of the outer ContentInfo (`signedData`, ...). */
  readonly contentType: string;
  readonly certificates: readonly CertificateView[];
  readonly crls: readonly CrlView[];
}

export type DecodedView = CertificateView | CsrView | CrlView | KeyView | Pkcs7View;

/** The result of decoding one object: a view, or why not. Never throws. */
export type Decoded =
  | { readonly ok: true; readonly view: DecodedView }
  | { readonly ok: false; readonly kind: ObjectKind; readonly message: string; readonly derOffset?: number };

/** A block together with its decode. */
export interface DecodedBlock {
  readonly block: PemBlock;
  readonly decoded: Decoded;
}
