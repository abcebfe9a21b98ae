/**
 * What a `.cnf` (or any) file is, from its content: an OpenSSL configuration, a
 * MySQL / MariaDB option file (my.cnf, which shares the `.cnf` suffix and the
 * `[group]` / `key = value` shape), or neither. One function, used by the CLI
 * (which files `certwright lint` checks, and why not), the language server (a
 * document sent as openssl-conf whose content is a MySQL option file gets no
 * OpenSSL diagnostics) and the client (which gives such a document another
 * language). Reads at most the first 200 kB; linear.
 */

import type { LintInput } from '../linter';

export type ConfigKind = 'openssl' | 'mysql' | 'unknown';

export interface Sniffed {
  readonly kind: ConfigKind;
  /** Why, in words for a "not checked" line or a log. */
  readonly reason: string;
}

/** Section names only OpenSSL configurations have. */
const opensslSections = new Set('req ca CA_default v3_req v3_ca v3_intermediate_ca usr_cert req_distinguished_name req_attributes distinguished_name alt_names policy_match policy_anything openssl_init new_oids crl_ext server_cert client_cert'.split(' '));

/** Keys only OpenSSL configurations have (and `sbgp-` followed by letters). */
const opensslKeys = new Set(
  'distinguished_name req_extensions x509_extensions default_ca basicConstraints keyUsage extendedKeyUsage subjectAltName openssl_conf oid_section default_md string_mask new_certs_dir authorityKeyIdentifier subjectKeyIdentifier crlDistributionPoints authorityInfoAccess certificatePolicies nameConstraints policyConstraints inhibitAnyPolicy issuerAltName subjectInfoAccess issuingDistributionPoint issuerSignTool tlsfeature proxyCertInfo noCheck nsComment nsCertType countryName_default commonName_default commonName_max ssl_conf system_default providers alg_section config_diagnostics'.split(' '),
);

/**
 * A line that may be an OpenSSL marker: `[ name ]`, `.include` / `.pragma`, or `name =`, with the
 * value if it is one only OpenSSL's ASN.1 generator reads: an extension file of custom OIDs alone
 * (rust-libp2p's `1.3.6.1.4.1.53594.1.1 = critical,ASN1:SEQUENCE:ExtBody`). The names are looked
 * up in the sets above: one alternation of every name, compiled to machine code for a whole file,
 * cost each `certwright lint` of a .cnf about 0.9 M instructions.
 */
const markerCandidate = /^[ \t]*(?:\[[ \t]*([\w-]+)[ \t]*\]|\.(?:include|pragma)\b|([\w.-]+)[ \t]*=([ \t]*(?:critical[ \t]*,[ \t]*)?(?:ASN1|DER|SEQUENCE|SEQ|FORMAT):)?)/gm;

/** The first line of `text` that only an OpenSSL configuration has, as written. */
function firstOpensslMarker(text: string): string | undefined {
  markerCandidate.lastIndex = 0;
  for (let m = markerCandidate.exec(text); m; m = markerCandidate.exec(text)) {
    const [line, section, key, generated] = m;
    if (section !== undefined ? opensslSections.has(section) : key === undefined || opensslKeys.has(key) || (key.startsWith('sbgp-') && /^sbgp-[A-Za-z]+$/.test(key))) {
      return generated === undefined ? line : line.slice(0, line.length - generated.length);
    }
    if (generated !== undefined) return line;
  }
  return undefined;
}

/** Option groups of MySQL / MariaDB programs, and their include directives. */
const mysqlMarkers = /^[ \t]*(\[[ \t]*(mysqld|mysqld_safe|mysqld_multi|mysqld-\d[\d.]*|mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlhotcopy|mysql_upgrade|client|client-server|client-mariadb|mariadb|mariadbd|mariadb-client|mariadb-\d[\d.]*|server|galera|embedded|xtrabackup|mariabackup|myisamchk|myisampack|isamchk|sst|safe_mysqld|mysqld\d+)[ \t]*\]|![ \t]*include(dir)?[ \t])/im;

/** A MySQL option-file line: a bare option name (`skip-networking`) or `loose-`/`skip-` prefixed options. */
const mysqlOption = /^[ \t]*(skip[-_]|loose[-_]|socket[ \t]*=|port[ \t]*=|datadir[ \t]*=|bind[-_]address[ \t]*=|innodb[-_]|max[-_]connections[ \t]*=|character[-_]set[-_]server[ \t]*=|pid[-_]file[ \t]*=|log[-_]error[ \t]*=)/im;

/** How much of a text the sniffer reads: the verdict depends on these first characters only. */
export const sniffedChars = 200_000;

export function sniffConfig(text: string): Sniffed {
  const head = text.length > sniffedChars ? text.slice(0, sniffedChars) : text;
  // An OpenSSL marker decides (a MySQL one beside it does not), so the MySQL expressions, which
  // read the whole head of a file without one, run only when there is none.
  const openssl = firstOpensslMarker(head);
  if (openssl) return { kind: 'openssl', reason: `an OpenSSL configuration (it has '${openssl.trim()}')` };
  const mysql = mysqlMarkers.exec(head) ?? mysqlOption.exec(head);
  if (mysql) return { kind: 'mysql', reason: `a MySQL/MariaDB option file (it has '${mysql[0].trim()}'), not an OpenSSL configuration` };
  return { kind: 'unknown', reason: 'no OpenSSL section or key recognised' };
}

/** Whether a document given as an OpenSSL config is really a MySQL option file (then it gets no OpenSSL diagnostics). */
export function isMysqlOptionFile(text: string): boolean {
  return sniffConfig(text).kind === 'mysql';
}

/**
 * Whether a file found by walking a folder is an OpenSSL config: a `.cnf` /
 * `.conf` / `.config` name (or openssl*.cnf) whose content says so, never a
 * MySQL option file. A file named explicitly is judged by content alone (CLI).
 */
export function looksLikeOpensslConfig(path: string, text: string, explicit = false): boolean {
  const base = path.split(/[\\/]/).pop() ?? path;
  // The name first: a walk meets thousands of certificates, and their text need not be sniffed.
  if (!explicit && !/\.(cnf|conf|config)$/i.test(base)) return false;
  const sniffed = sniffConfig(text);
  if (sniffed.kind === 'mysql') return false;
  if (explicit) return sniffed.kind === 'openssl';
  if (/^openssl.*\.(cnf|conf)$/i.test(base)) return true;
  return sniffed.kind === 'openssl';
}

/**
 * Whether the openssl.cnf linter checks a file: a document the editor sent as
 * openssl-conf (unless it is a MySQL option file), else what the name and content
 * say. Here, beside the sniffing, so the registry decides without loading the linter.
 */
export function appliesToCnf(file: LintInput): boolean {
  if (file.languageId !== undefined) return file.languageId === 'openssl-conf' && !isMysqlOptionFile(file.text);
  return looksLikeOpensslConfig(file.path, file.text, file.explicit);
}
