/**
 * The TLS error messages `certwright explain` recognises: data, one entry per
 * message shape. Each entry carries an example as the program prints it (the
 * tests in test/peers/doctor-*.test.ts produce most of them for real) and the
 * place in the program's source or documentation that the text comes from.
 *
 * Patterns use named groups that `recognise` turns into facts: `host` (a DNS
 * name or IP the client asked for), `valid` (the names the certificate has,
 * comma-separated), `seen` / `allowed` (common names), `user`, `file`, `code`.
 */

/** What went wrong, independent of which program said it: the explainer works per cause. */
export type Cause =
  | 'name-mismatch'
  | 'no-ip-sans'
  | 'legacy-cn'
  | 'unknown-authority'
  | 'expired'
  | 'not-yet-valid'
  | 'crl-expired'
  | 'crl-missing'
  | 'revoked'
  | 'self-signed'
  | 'bad-signature'
  | 'not-a-ca'
  | 'usage'
  | 'path-length'
  | 'peer-rejected-client-cert'
  | 'peer-unknown-ca'
  | 'peer-cert-expired'
  | 'client-cert-required'
  | 'cn-not-allowed'
  | 'cert-user'
  | 'key-mismatch'
  | 'key-permissions'
  | 'missing-file'
  | 'no-pem'
  | 'verify-failed';

export type Program = 'go' | 'openssl' | 'node' | 'libpq' | 'postgres' | 'java' | 'dm' | 'cockroach';

export interface CatalogEntry {
  readonly id: string;
  readonly program: Program;
  readonly cause: Cause;
  /** Case-sensitive unless the entry says otherwise; named groups feed the explanation. */
  readonly pattern: RegExp;
  /** The message as the program prints it (a real instance). */
  readonly example: string;
  /** Where the text comes from: source file or documentation. */
  readonly source: string;
  /** One sentence: what the program means. */
  readonly meaning: string;
}

const name = String.raw`[^\s,"'\]\[]+`;

export const catalog: readonly CatalogEntry[] = [
  // ---------------------------------------------------------------- Go crypto/x509, crypto/tls
  {
    id: 'go-x509-name-mismatch',
    program: 'go',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`x509: certificate is valid for (?<valid>.+?), not (?<host>${name})`),
    example: 'x509: certificate is valid for 127.0.0.1, not 172.16.10.21',
    source: 'Go src/crypto/x509/verify.go, HostnameError.Error',
    meaning: 'The client dialled a name or address that is not among the server certificate\'s subjectAltNames.',
  },
  {
    id: 'go-x509-no-names',
    program: 'go',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`x509: certificate is not valid for any names, but wanted to match (?<host>${name})`),
    example: 'x509: certificate is not valid for any names, but wanted to match dm-master.internal',
    source: 'Go src/crypto/x509/verify.go, HostnameError.Error',
    meaning: 'The server certificate has no DNS subjectAltName at all, so no host name can match it.',
  },
  {
    id: 'go-x509-no-ip-sans',
    program: 'go',
    cause: 'no-ip-sans',
    pattern: new RegExp(String.raw`x509: cannot validate certificate for (?<host>${name}) because it doesn't contain any IP SANs`),
    example: "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
    source: 'Go src/crypto/x509/verify.go, HostnameError.Error',
    meaning: 'The client dialled an IP address and the server certificate has no IP subjectAltName.',
  },
  {
    id: 'go-x509-legacy-cn',
    program: 'go',
    cause: 'legacy-cn',
    pattern: /x509: certificate relies on legacy Common Name field, use SANs instead/,
    example: 'x509: certificate relies on legacy Common Name field, use SANs instead',
    source: 'Go src/crypto/x509/verify.go, HostnameError.Error (Go 1.15+)',
    meaning: 'The name is only in the certificate\'s CN; Go ignores the CN and needs a subjectAltName.',
  },
  {
    id: 'go-x509-unknown-authority',
    program: 'go',
    cause: 'unknown-authority',
    pattern: /x509: certificate signed by unknown authority(?: \(possibly because of "(?<detail>[^"]*)" while trying to verify candidate authority certificate "(?<candidate>[^"]*)"\))?/,
    example: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    source: 'Go src/crypto/x509/verify.go, UnknownAuthorityError.Error',
    meaning: 'No certificate in the trusted CA file signed the presented certificate.',
  },
  {
    id: 'go-x509-expired',
    program: 'go',
    cause: 'expired',
    pattern: /x509: certificate has expired or is not yet valid(?:: current time (?<now>\S+) is (?<when>after|before) (?<bound>\S+))?/,
    example: 'x509: certificate has expired or is not yet valid: current time 2026-12-06T10:00:00Z is after 2026-12-05T23:46:29Z',
    source: 'Go src/crypto/x509/verify.go, CertificateInvalidError.Error (Expired)',
    meaning: 'A certificate of the chain is outside its validity period.',
  },
  {
    id: 'go-x509-incompatible-usage',
    program: 'go',
    cause: 'usage',
    pattern: /x509: certificate specifies an incompatible key usage/,
    example: 'x509: certificate specifies an incompatible key usage',
    source: 'Go src/crypto/x509/verify.go, CertificateInvalidError.Error (IncompatibleUsage)',
    meaning: 'The certificate\'s extendedKeyUsage lacks serverAuth (for a server) or clientAuth (for a client).',
  },
  {
    id: 'go-x509-not-authorized-to-sign',
    program: 'go',
    cause: 'not-a-ca',
    pattern: /x509: certificate is not authorized to sign other certificates|parent certificate cannot sign this kind of certificate/,
    example: 'x509: certificate is not authorized to sign other certificates',
    source: 'Go src/crypto/x509/verify.go (NotAuthorizedToSign) and x509.go (ConstraintViolationError)',
    meaning: 'The certificate used as the issuer is not a CA (no CA:true or no keyCertSign).',
  },
  {
    id: 'go-x509-path-length',
    program: 'go',
    cause: 'path-length',
    pattern: /x509: too many intermediates for path length constraint/,
    example: 'x509: too many intermediates for path length constraint',
    source: 'Go src/crypto/x509/verify.go, CertificateInvalidError.Error (TooManyIntermediates)',
    meaning: 'A CA\'s pathlen allows fewer intermediates than the chain has.',
  },
  {
    id: 'go-tls-bad-certificate',
    program: 'go',
    cause: 'peer-rejected-client-cert',
    pattern: /remote error: tls: bad certificate/,
    example: 'remote error: tls: bad certificate',
    source: 'Go src/crypto/tls/alert.go (alertBadCertificate), as the client reads it',
    meaning: 'The server rejected the client certificate this side presented.',
  },
  {
    id: 'go-tls-unknown-ca-alert',
    program: 'go',
    cause: 'peer-unknown-ca',
    pattern: /remote error: tls: unknown certificate authority/,
    example: 'remote error: tls: unknown certificate authority',
    source: 'Go src/crypto/tls/alert.go (alertUnknownCA)',
    meaning: 'The peer does not trust the CA that signed the certificate this side presented.',
  },
  {
    id: 'go-tls-expired-alert',
    program: 'go',
    cause: 'peer-cert-expired',
    pattern: /remote error: tls: expired certificate/,
    example: 'remote error: tls: expired certificate',
    source: 'Go src/crypto/tls/alert.go (alertCertificateExpired)',
    meaning: 'The peer found the certificate this side presented expired.',
  },
  {
    id: 'go-tls-certificate-required',
    program: 'go',
    cause: 'client-cert-required',
    pattern: /remote error: tls: certificate required|tls: client didn't provide a certificate/,
    example: "tls: client didn't provide a certificate",
    source: 'Go src/crypto/tls/handshake_server.go and handshake_server_tls13.go',
    meaning: 'The server requires a client certificate and the client sent none.',
  },
  {
    id: 'go-tls-key-mismatch',
    program: 'go',
    cause: 'key-mismatch',
    pattern: /tls: private key does not match public key/,
    example: 'tls: private key does not match public key',
    source: 'Go src/crypto/tls/tls.go, X509KeyPair',
    meaning: 'The key file is not the private key of the certificate file it is paired with.',
  },
  {
    id: 'go-tls-no-pem',
    program: 'go',
    cause: 'no-pem',
    pattern: /tls: failed to find (?:any PEM data|"[A-Z ]+" PEM block) in (?<what>certificate|key) input/,
    example: 'tls: failed to find any PEM data in certificate input',
    source: 'Go src/crypto/tls/tls.go, X509KeyPair',
    meaning: 'A file given as a certificate or key holds no PEM block of that kind.',
  },
  // ---------------------------------------------------------------- DM / TiDB allow-list
  {
    id: 'dm-cert-allowed-cn',
    program: 'dm',
    cause: 'cn-not-allowed',
    pattern: /The Common Name from the client certificate \[(?<seen>[^\]]*)\] was not found in the configuration cluster-verify-cn with value: \[(?<allowed>[^\]]*)\]|CN \[(?<seen2>[^\]]*)\] was not found in \[(?<allowed2>[^\]]*)\]/,
    example: 'client certificate authentication failed. The Common Name from the client certificate [dm-client] was not found in the configuration cluster-verify-cn with value: [dm]',
    source: 'TiDB util/security (VerifyCommonName), used by DM for cert-allowed-cn',
    meaning: 'The caller\'s certificate CN is not in the callee\'s cert-allowed-cn list.',
  },
  // ---------------------------------------------------------------- CockroachDB
  {
    id: 'cockroach-key-permissions',
    program: 'cockroach',
    cause: 'key-permissions',
    pattern: /key file (?<file>\S+) has permissions (?<mode>\S+), exceeds (?<limit>\S+)/,
    example: 'key file certs/node.key has permissions -rw-r--r--, exceeds -rwx------',
    source: 'CockroachDB pkg/security/certificate_loader.go (checkKeyPermissions)',
    meaning: 'CockroachDB refuses private keys that the group or others can read.',
  },
  {
    id: 'cockroach-cert-user',
    program: 'cockroach',
    cause: 'cert-user',
    pattern: /requested user is (?<user>\S+), but certificate is for (?<seen>[^\n]+)/,
    example: 'requested user is alice, but certificate is for [root]',
    source: 'CockroachDB pkg/security/auth.go (UserAuthCertHook)',
    meaning: 'The SQL user asked for is not among the client certificate\'s principals (CN and SANs).',
  },
  // ---------------------------------------------------------------- OpenSSL (verify, s_client, library reasons)
  // [code, text as OpenSSL 3 prints it (1.1's variant where it differs), cause]
  ...[
    ['2', 'unable to get issuer certificate', 'unknown-authority'],
    ['20', 'unable to get local issuer certificate', 'unknown-authority'],
    ['21', 'unable to verify the first certificate', 'unknown-authority'],
    ['18', 'self-signed certificate|self signed certificate', 'self-signed'],
    ['19', 'self-signed certificate in certificate chain|self signed certificate in certificate chain', 'unknown-authority'],
    ['10', 'certificate has expired', 'expired'],
    ['9', 'certificate is not yet valid', 'not-yet-valid'],
    ['12', 'CRL has expired', 'crl-expired'],
    ['3', 'unable to get certificate CRL', 'crl-missing'],
    ['23', 'certificate revoked', 'revoked'],
    ['7', 'certificate signature failure', 'bad-signature'],
    ['79|24', 'invalid CA certificate', 'not-a-ca'],
    ['32', 'key usage does not include certificate signing', 'not-a-ca'],
    ['25', 'path length constraint exceeded', 'path-length'],
    ['26', 'unsuitable certificate purpose|unsupported certificate purpose', 'usage'],
    ['62', 'hostname mismatch', 'name-mismatch'],
    ['64', 'IP address mismatch', 'name-mismatch'],
  ].map(([codes, text, cause]): CatalogEntry => ({
    id: `openssl-verify-${codes!.split('|')[0]}`,
    program: 'openssl',
    cause: cause as Cause,
    // `error 20 at 0 depth lookup: …` (openssl verify), `verify error:num=20:…` (s_client). OpenSSL 3 renumbered a few.
    pattern: new RegExp(String.raw`(?:error (?<code>${codes}) at (?<depth>\d+) depth lookup: ?|verify error:num=(?:${codes}):)(?:${text})\b`),
    example: `error ${codes!.split('|')[0]} at 0 depth lookup: ${text!.split('|')[0]}`,
    source: 'OpenSSL crypto/x509/x509_txt.c (X509_verify_cert_error_string) and apps/lib/apps.c',
    meaning: `OpenSSL's verification error ${codes!.split('|')[0]}.`,
  })),
  {
    id: 'openssl-alert-unknown-ca',
    program: 'openssl',
    cause: 'peer-unknown-ca',
    pattern: /tlsv1 alert unknown ca|alert number 48\b/,
    example: 'error:0A000418:SSL routines::tlsv1 alert unknown ca',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_TLSV1_ALERT_UNKNOWN_CA)',
    meaning: 'The peer does not trust the CA that signed the certificate this side presented.',
  },
  {
    id: 'openssl-alert-bad-certificate',
    program: 'openssl',
    cause: 'peer-rejected-client-cert',
    pattern: /sslv3 alert bad certificate|alert number 42\b/,
    example: 'error:0A000412:SSL routines::sslv3 alert bad certificate',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_SSLV3_ALERT_BAD_CERTIFICATE)',
    meaning: 'The peer rejected the certificate this side presented.',
  },
  {
    id: 'openssl-alert-certificate-unknown',
    program: 'openssl',
    cause: 'peer-rejected-client-cert',
    pattern: /sslv3 alert certificate unknown|alert number 46\b/,
    example: 'error:0A000416:SSL routines::sslv3 alert certificate unknown',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN); Java (JSSE) servers send this alert for a client certificate they cannot verify',
    meaning: 'The peer could not accept the certificate this side presented (Java servers say this for an untrusted or expired client certificate).',
  },
  {
    id: 'openssl-alert-certificate-expired',
    program: 'openssl',
    cause: 'peer-cert-expired',
    pattern: /sslv3 alert certificate expired|alert number 45\b/,
    example: 'error:0A000415:SSL routines::sslv3 alert certificate expired',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED)',
    meaning: 'The peer found the certificate this side presented expired.',
  },
  {
    id: 'openssl-alert-certificate-required',
    program: 'openssl',
    cause: 'client-cert-required',
    pattern: /tlsv13 alert certificate required|alert number 116\b|peer did not return a certificate/,
    example: 'error:0A00045C:SSL routines::tlsv13 alert certificate required',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)',
    meaning: 'The server requires a client certificate and the client sent none.',
  },
  {
    id: 'openssl-certificate-verify-failed',
    program: 'openssl',
    cause: 'verify-failed',
    pattern: /certificate verify failed/,
    example: 'error:0A000086:SSL routines::certificate verify failed',
    source: 'OpenSSL ssl/ssl_err.c (SSL_R_CERTIFICATE_VERIFY_FAILED)',
    meaning: 'This side could not verify the peer\'s certificate chain against its trusted CAs.',
  },
  {
    id: 'openssl-key-values-mismatch',
    program: 'openssl',
    cause: 'key-mismatch',
    pattern: /key values mismatch/,
    example: 'error:05800074:x509 certificate routines::key values mismatch',
    source: 'OpenSSL crypto/x509/x509_err.c (X509_R_KEY_VALUES_MISMATCH)',
    meaning: 'The private key does not belong to the certificate it is loaded with.',
  },
  // ---------------------------------------------------------------- libpq and the PostgreSQL server
  {
    id: 'libpq-host-mismatch',
    program: 'libpq',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`server certificate for "(?<valid>[^"]+)"(?: \(and \d+ other names?\))? does not match host name "(?<host>[^"]+)"`),
    example: 'server certificate for "localhost" does not match host name "db.example.com"',
    source: 'PostgreSQL src/interfaces/libpq/fe-secure-common.c (pq_verify_peer_name_matches_certificate)',
    meaning: 'With sslmode=verify-full the host name must be in the server certificate\'s SANs (or CN when it has none).',
  },
  {
    id: 'libpq-root-cert-missing',
    program: 'libpq',
    cause: 'missing-file',
    pattern: /root certificate file "(?<file>[^"]+)" does not exist/,
    example: 'root certificate file "/root/.postgresql/root.crt" does not exist',
    source: 'PostgreSQL src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL)',
    meaning: 'sslmode=verify-ca/verify-full needs the trusted CA file (sslrootcert, default ~/.postgresql/root.crt).',
  },
  {
    id: 'libpq-key-permissions',
    program: 'libpq',
    cause: 'key-permissions',
    pattern: /private key file "(?<file>[^"]+)" has group or world access/,
    example: 'private key file "client.key" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root',
    source: 'PostgreSQL src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL)',
    meaning: 'libpq refuses a client key that others can read.',
  },
  {
    id: 'libpq-cert-without-key',
    program: 'libpq',
    cause: 'missing-file',
    pattern: /certificate present, but not private key file "(?<file>[^"]+)"/,
    example: 'certificate present, but not private key file "/root/.postgresql/postgresql.key"',
    source: 'PostgreSQL src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL)',
    meaning: 'libpq found the client certificate but not its key (sslkey, default ~/.postgresql/postgresql.key).',
  },
  {
    id: 'postgres-cert-auth-user',
    program: 'postgres',
    cause: 'cert-user',
    pattern: /certificate authentication failed for user "(?<user>[^"]+)"/,
    example: 'FATAL:  certificate authentication failed for user "alice"',
    source: 'PostgreSQL src/backend/libpq/auth.c (auth_failed, uaCert)',
    meaning: 'With cert authentication the client certificate\'s CN must equal the database user (or map to it in pg_ident.conf).',
  },
  {
    id: 'postgres-cn-user-mismatch',
    program: 'postgres',
    cause: 'cert-user',
    pattern: /provided user name \((?<user>[^)]+)\) and authenticated user name \((?<seen>[^)]+)\) do not match/,
    example: 'provided user name (alice) and authenticated user name (bob) do not match',
    source: 'PostgreSQL src/backend/libpq/hba.c (check_usermap)',
    meaning: 'The certificate names another user than the one connecting.',
  },
  {
    id: 'postgres-client-cert-required',
    program: 'postgres',
    cause: 'client-cert-required',
    pattern: /connection requires a valid client certificate/,
    example: 'FATAL:  connection requires a valid client certificate',
    source: 'PostgreSQL src/backend/libpq/auth.c (ClientAuthentication)',
    meaning: 'pg_hba.conf demands a client certificate (cert, or clientcert=verify-ca/verify-full) and none was sent.',
  },
  // ---------------------------------------------------------------- Node.js TLS
  {
    id: 'node-altname-invalid',
    program: 'node',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`(?:ERR_TLS_CERT_ALTNAME_INVALID|Hostname/IP does not match certificate's altnames)(?:[^\n]*?(?:Host|IP): (?<host>${name}?)\.? is not (?:in the cert's (?:altnames|list)|cert's CN): (?<valid>[^\n]+))?`),
    example: "Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list: 127.0.0.1",
    source: 'Node.js lib/tls.js (checkServerIdentity)',
    meaning: 'The name the client connected to is not among the server certificate\'s subjectAltNames.',
  },
  // [error.code, the message Node.js gives with it (OpenSSL's text), cause]
  ...[
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'unknown-authority'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'unknown-authority'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'unknown-authority'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'self-signed'],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'expired'],
    ['CERT_NOT_YET_VALID', 'certificate is not yet valid', 'not-yet-valid'],
    ['CERT_REVOKED', 'certificate revoked', 'revoked'],
    ['CRL_HAS_EXPIRED', 'CRL has expired', 'crl-expired'],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'error:0A000418:SSL routines::tlsv1 alert unknown ca', 'peer-unknown-ca'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'error:0A000412:SSL routines::sslv3 alert bad certificate', 'peer-rejected-client-cert'],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'error:0A000416:SSL routines::sslv3 alert certificate unknown', 'peer-rejected-client-cert'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'error:0A00045C:SSL routines::tlsv13 alert certificate required', 'client-cert-required'],
  ].map(([code, message, cause]): CatalogEntry => ({
    id: `node-${code!.toLowerCase().replace(/_/g, '-')}`,
    program: 'node',
    cause: cause as Cause,
    pattern: new RegExp(String.raw`\b${code}\b`),
    example: `Error: ${message} { code: '${code}' }`,
    source: 'Node.js doc/api/errors.md (TLS and OpenSSL error codes) and lib/_tls_wrap.js',
    meaning: `Node.js TLS error ${code}: ${message!.replace(/^error:\w+:SSL routines::/, '')}.`,
  })),
  // ---------------------------------------------------------------- Java (JSSE, pgJDBC)
  {
    id: 'java-pkix-path',
    program: 'java',
    cause: 'unknown-authority',
    pattern: /PKIX path building failed|unable to find valid certification path to requested target/,
    example: 'PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    source: 'OpenJDK sun.security.validator.PKIXValidator',
    meaning: 'The Java trust store (or sslrootcert for pgJDBC) has no CA that signed the server certificate.',
  },
  {
    id: 'java-no-ip-san',
    program: 'java',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`No subject alternative names matching IP address (?<host>${name}) found`),
    example: 'No subject alternative names matching IP address 10.0.0.5 found',
    source: 'OpenJDK sun.security.util.HostnameChecker.matchIP',
    meaning: 'The server certificate has no IP subjectAltName equal to the address dialled.',
  },
  {
    id: 'java-no-dns-san',
    program: 'java',
    cause: 'name-mismatch',
    pattern: new RegExp(String.raw`No (?:subject alternative DNS name|name) matching (?<host>${name}?)\.? found`),
    example: 'No subject alternative DNS name matching db.example.com found.',
    source: 'OpenJDK sun.security.util.HostnameChecker.matchDNS',
    meaning: 'The server certificate has no DNS subjectAltName matching the host dialled.',
  },
  {
    id: 'java-no-sans',
    program: 'java',
    cause: 'name-mismatch',
    pattern: /No subject alternative names present/,
    example: 'No subject alternative names present',
    source: 'OpenJDK sun.security.util.HostnameChecker.matchIP',
    meaning: 'The server certificate has no subjectAltName extension.',
  },
  {
    id: 'java-expired',
    program: 'java',
    cause: 'expired',
    pattern: /CertificateExpiredException(?:: NotAfter: (?<bound>[^\n]+))?/,
    example: 'java.security.cert.CertificateExpiredException: NotAfter: Sat Dec 05 23:46:29 UTC 2026',
    source: 'OpenJDK sun.security.x509.CertificateValidity.valid',
    meaning: 'A certificate of the chain has expired.',
  },
  {
    id: 'java-alert',
    program: 'java',
    cause: 'peer-rejected-client-cert',
    pattern: /Received fatal alert: (?<alert>bad_certificate|unknown_ca|certificate_unknown)/,
    example: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate',
    source: 'OpenJDK sun.security.ssl.Alert',
    meaning: 'The server rejected the client certificate (or its CA).',
  },
  {
    id: 'java-alert-certificate-required',
    program: 'java',
    cause: 'client-cert-required',
    pattern: /Received fatal alert: certificate_required/,
    example: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required',
    source: 'OpenJDK sun.security.ssl.Alert',
    meaning: 'The server requires a client certificate and the JVM sent none (no keystore configured, or none of its keys fits).',
  },
];
