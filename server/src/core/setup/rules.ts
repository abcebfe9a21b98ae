import type { RuleMeta } from '../rules/meta';

/**
 * Every code the TiDB DM, CockroachDB and PostgreSQL checks report, with its
 * default severity and what the consuming program does. Source of the rule
 * pages in docs/rules and of the `certwright.rules` schema.
 */
export const dmRules: Readonly<Record<string, RuleMeta>> = {
  'DM-001': { severity: 'error', description: 'ssl-cert without ssl-key (or the reverse): DM uses a certificate only when both are set, so the component presents no certificate and handshakes with verifying peers fail.' },
  'DM-002': { severity: 'warning', description: 'TLS settings without ssl-ca: DM does not verify its peers at all (and dm-master\'s embedded etcd stays plaintext).' },
  'DM-003': { severity: 'error', description: 'ssl-ca without ssl-cert / ssl-key: with TLS on the component has no certificate to present, and every handshake fails.' },
  'DM-005': { severity: 'error', description: 'A structural error DM\'s strict decoder stops on: a key set twice, a TOML syntax error, TLS settings in the wrong place or of the wrong shape.' },
  'DM-006': { severity: 'warning', description: 'ssl-ca/-cert/-key is ignored because the inline -base64 / -bytes form is also set, and DM loads the inline content first.' },
  'DM-007': { severity: 'error', description: 'A TLS file setting names a file that does not exist here or is not a regular file: DM fails to load it.' },
  'DM-008': { severity: 'error', description: 'A TLS setting of the wrong type (a path that is not a string, cert-allowed-cn that is not a list of strings): DM stops decoding the file.' },
  'DM-009': { severity: 'error', description: 'An ssl-*-bytes value that is not a list of integers in YAML, or an inline value that does not decode: DM stops decoding the file.' },
  'DM-010': { severity: 'warning', description: 'cert-allowed-cn lists the CN of the CA: DM accepts a peer when any certificate of its chain carries a listed CN, so this admits every certificate that CA issued.' },
  'DM-011': { severity: 'warning', description: 'A certificate without a SAN for the host name or address peers dial: host-name verification fails (etcd always; DM once names are checked).' },
  'DM-012': { severity: 'warning', description: 'A second cert-allowed-cn entry on dm-master: its embedded etcd enforces only the first one.' },
  'DM-013': { severity: 'warning', description: 'A certificate whose extendedKeyUsage lacks serverAuth or clientAuth that DM\'s Go TLS checks: "certificate specifies an incompatible key usage".' },
  'DM-014': { severity: 'warning', description: 'The component\'s own certificate CN is not in its cert-allowed-cn: DM applies the list to outgoing connections too, so peers configured alike refuse it.' },
  'DM-015': { severity: 'error', description: 'An encrypted ssl-key: DM (Go) cannot load encrypted keys ("tls: failed to parse private key").' },
  'DM-016': { severity: 'information', description: 'An explicit http:// address that DM rewrites to https:// because ssl-ca is set.' },
  'DM-017': { severity: 'error', description: 'ssl-ca holds no CA certificate (a key, nothing, or a certificate that cannot sign): DM fails with "failed to append ca certs" or every peer is refused.' },
  'DM-018': { severity: 'error', description: 'ssl-cert holds no certificate (or a key: switched files?); a warning when it holds a CA certificate instead of a leaf.' },
  'DM-019': { severity: 'error', description: 'ssl-key holds no private key, or not the key of ssl-cert: "tls: private key does not match public key".' },
  'DM-020': { severity: 'error', description: 'ssl-cert is not signed by the CA in ssl-ca: peers fail with "x509: certificate signed by unknown authority".' },
  'DM-021': { severity: 'error', description: 'An expired or not yet valid certificate in ssl-ca or ssl-cert: peers fail with "x509: certificate has expired or is not yet valid" (a warning while it is only expiring soon).' },
  'DM-022': { severity: 'error', description: 'A peer connects with a certificate whose CN is not in cert-allowed-cn: DM refuses the connection.' },
  'DM-023': { severity: 'warning', description: 'cert-allowed-cn while TLS is off (no ssl-ca): DM checks Common Names only on verified TLS connections.' },
};

export const crdbRules: Readonly<Record<string, RuleMeta>> = {
  'CRDB-001': { severity: 'error', description: 'The CA configuration (ca.cnf) does not give the CA certificate CA extensions (basicConstraints CA:TRUE, keyUsage keyCertSign): Go refuses it as an issuer.' },
  'CRDB-002': { severity: 'error', description: 'The node configuration (node.cnf) lacks the key usages a node certificate needs (digitalSignature, keyEncipherment; serverAuth and clientAuth).' },
  'CRDB-003': { severity: 'error', description: 'A node certificate (or node.cnf) without subjectAltName: Go does not fall back to the CN, so connections fail host-name verification.' },
  'CRDB-004': { severity: 'warning', description: 'node.crt does not carry the principal "node" (CN=node or DNS:node), unless --cert-principal-map maps one of its names to node.' },
  'CRDB-006': { severity: 'error', description: 'A client certificate whose CN is not the SQL user in its file name (client.<user>.crt needs CN=<user>).' },
  'CRDB-007': { severity: 'error', description: 'The client configuration (client.cnf) lacks the usages a client certificate needs (digitalSignature, keyEncipherment; clientAuth).' },
  'CRDB-012': { severity: 'warning', description: 'ui.crt has no subjectAltName for the names used to reach the DB Console.' },
  'CRDB-020': { severity: 'error', description: 'A file in the certs directory CockroachDB cannot use (no certificate, several, the wrong kind): it refuses to start (a warning for files it ignores).' },
  'CRDB-021': { severity: 'error', description: 'A key file that is readable by group or others (or not a regular file): CockroachDB refuses to load it.' },
  'CRDB-022': { severity: 'error', description: 'A certificate without its key file next to it (or a key without its certificate): CockroachDB loads the pair from the certs directory.' },
  'CRDB-023': { severity: 'warning', description: 'The CA key in the certs directory: CockroachDB never reads it there, and every node holding the directory could issue certificates.' },
  'CRDB-024': { severity: 'error', description: 'A certificate in the certs directory that is not signed by the directory\'s CA.' },
  'CRDB-026': { severity: 'error', description: 'A key file that holds no private key, a certificate, or an encrypted key: CockroachDB cannot load it.' },
  'CRDB-027': { severity: 'information', description: 'Other files of this certs directory have problems; each is reported on its own file.' },
  'CRDB-030': { severity: 'error', description: 'A node advertises or dials a host name its node.crt is not valid for: connections fail with "x509: certificate is valid for …".' },
  'CRDB-031': { severity: 'warning', description: 'No node.crt at the deployed --certs-dir: the node\'s certificate cannot be checked here (map the deployed folder with certwright.pathMappings).' },
  'CRDB-032': { severity: 'error', description: 'Across a connection (--join, cockroach sql), one end\'s CA does not verify the other end\'s certificate: "x509: certificate signed by unknown authority". Reported on both ends.' },
  'CRDB-033': { severity: 'error', description: 'Across a connection, the node certificate lacks serverAuth, or the certificate a caller presents lacks clientAuth: "x509: certificate specifies an incompatible key usage". Reported on both ends.' },
  'CRDB-034': { severity: 'error', description: 'A client logs in as a user its certificate is not for: none of its principals (CN, DNS SANs, after --cert-principal-map) is the user ("certificate authentication failed for user").' },
  'CRDB-035': { severity: 'warning', description: 'A certificate or key a cockroach sql connection names (or takes from --certs-dir) is not in the workspace, so the connection cannot be checked here.' },
};

export const pgRules: Readonly<Record<string, RuleMeta>> = {
  'PG-001': { severity: 'error', description: 'A client certificate meant for a pg_hba.conf "cert" row whose CN is not the role name: "cert" authentication compares the CN with the user name (unless map= maps it).' },
  'PG-002': { severity: 'error', description: 'An invalid clientcert value in pg_hba.conf (PostgreSQL 14+ accepts verify-ca or verify-full): the file fails to load.' },
  'PG-003': { severity: 'error', description: 'clientcert on a row that is not hostssl: PostgreSQL rejects pg_hba.conf.' },
  'PG-004': { severity: 'error', description: 'clientcert=verify-ca with "cert" authentication: PostgreSQL only accepts verify-full there (and it is redundant).' },
  'PG-005': { severity: 'error', description: 'An invalid clientname (CN or DN), or clientname on a row that is not hostssl: PostgreSQL rejects pg_hba.conf.' },
  'PG-006': { severity: 'error', description: 'pg_hba.conf checks client certificates but postgresql.conf sets no ssl_ca_file: "client certificates can only be checked if a root certificate store is available".' },
  'PG-010': { severity: 'error', description: 'A server key file with group or world access beyond what PostgreSQL allows (0600, or 0640 when owned by root): the server refuses to start with ssl = on.' },
  'PG-011': { severity: 'error', description: 'ssl_key_file is not the key of ssl_cert_file: "certificate does not match private key file".' },
  'PG-020': { severity: 'error', description: 'A TLS file setting that names a missing file, or a file without the expected content: PostgreSQL will not start with ssl = on (a warning when the file is not here to check).' },
  'PG-021': { severity: 'warning', description: 'Client certificates are accepted but no ssl_crl_file or ssl_crl_dir is set: a revoked client certificate is still accepted.' },
  'PG-022': { severity: 'error', description: 'The CRL\'s nextUpdate has passed: PostgreSQL refuses every client certificate of that CA with "CRL has expired".' },
  'PG-023': { severity: 'error', description: 'A CRL that names a CA of ssl_ca_file but was not signed by its key: PostgreSQL refuses every client certificate ("unable to get certificate CRL").' },
  'PG-024': { severity: 'warning', description: 'The CRL reaches its nextUpdate soon: once it passes, PostgreSQL refuses every client certificate ("CRL has expired").' },
  'PG-025': { severity: 'warning', description: 'ssl_crl_file has no CRL of a CA in ssl_ca_file: PostgreSQL refuses every client certificate that CA issued.' },
  'PG-030': { severity: 'error', description: 'A connection string with sslmode=verify-full names a host the server certificate is not valid for (SANs, or the CN when there is no SAN of that kind): libpq and pgjdbc refuse the connection. Reported on the client and on postgresql.conf.' },
  'PG-031': { severity: 'error', description: 'The sslrootcert of a connection string (verify-ca / verify-full) does not verify the server certificate: "certificate verify failed". Reported on the client and on postgresql.conf.' },
  'PG-032': { severity: 'error', description: 'The server\'s ssl_ca_file does not verify the client certificate a connection string presents: the server refuses it ("tlsv1 alert unknown ca"). Reported on both ends.' },
  'PG-033': { severity: 'error', description: 'Across a connection, the server certificate lacks serverAuth or the client certificate lacks clientAuth: the handshake fails ("unsupported certificate"). Reported on both ends.' },
  'PG-034': { severity: 'error', description: 'A connection string logs in with cert authentication as a user that is not the CN of its client certificate: "certificate authentication failed for user". Reported on the client and on pg_hba.conf.' },
  'PG-035': { severity: 'error', description: 'The client key of a libpq connection string has group or world access: libpq refuses it (0600 or less, or 0640 when owned by root).' },
  'PG-036': { severity: 'error', description: 'The client key cannot be used as written: pgjdbc reads sslkey as PKCS#8 DER (or .p12), or the key is not the certificate\'s.' },
  'PG-037': { severity: 'warning', description: 'A certificate or key a connection string names is not in the workspace, so the connection cannot be checked here (map deployed folders with certwright.pathMappings).' },
};
