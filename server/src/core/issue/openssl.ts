/**
 * The openssl side: a minimal openssl.cnf written beside the CA state so that
 * `openssl ca -config <caDir>/openssl-ca.cnf` carries on from it, and the
 * command lines equivalent to what an operation did ("Show equivalent openssl
 * commands"). Commands run from the layout root (`--dir`).
 */
import { isRsa } from './keys';
import { entityName, foreignConfig, leafFiles } from './layout';
import type { KeyType, ProfileLayout } from './types';
import { formatSans, type Sans } from './validate';

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function caConfig(layout: ProfileLayout, caKeyType: KeyType, caPathLen: number | undefined, defaultDays = 825, crlDays = 30): string {
  const md = caKeyType === 'ed25519' ? 'default' : caKeyType === 'p384' ? 'sha384' : 'sha256';
  const lines = [
    '# Written by Certwright. Lets `openssl ca` carry on from this CA: same database,',
    '# serial and CRL number files, same extensions. Run openssl from the folder that',
    `# holds ${layout.caCert} (the --dir given to certwright), e.g.`,
    `#   openssl ca -config ${layout.opensslConfig} -gencrl -out ${layout.crl}`,
    '',
    '[ ca ]',
    'default_ca = certwright_ca',
    '',
    '[ certwright_ca ]',
    `dir              = ${layout.caDir}`,
    'database         = $dir/index.txt',
    'new_certs_dir    = $dir/newcerts',
    `certificate      = ${layout.caCert}`,
    `private_key      = ${layout.caKey}`,
    'serial           = $dir/serial',
    'crlnumber        = $dir/crlnumber',
    `default_md       = ${md}`,
    `default_days     = ${defaultDays}`,
    `default_crl_days = ${crlDays}`,
    'unique_subject   = no',
    'preserve         = yes',
    'email_in_dn      = no',
    '# copies only what the sections below do not set: subjectAltName from the CSR',
    'copy_extensions  = copy',
    'policy           = certwright_policy',
    'x509_extensions  = node_cert',
    'crl_extensions   = crl_ext',
    '',
    '[ certwright_policy ]',
    'organizationName = optional',
    'commonName       = supplied',
    '',
    '[ req ]',
    'distinguished_name = req_dn',
    'string_mask        = utf8only',
    'prompt             = no',
    '',
    '[ req_dn ]',
    'CN = unused',
    '',
    '[ ca_cert ]',
    `basicConstraints       = critical, CA:TRUE${caPathLen === undefined ? '' : `, pathlen:${caPathLen}`}`,
    'keyUsage               = critical, keyCertSign, cRLSign, digitalSignature',
    'subjectKeyIdentifier   = hash',
    'authorityKeyIdentifier = keyid:always',
    '',
  ];
  for (const role of ['node', 'client', 'dm_client'] as const) {
    for (const rsa of [false, true]) lines.push(`[ ${role}_cert${rsa ? '_rsa' : ''} ]`, ...leafExtensionLines(role, rsa), '');
  }
  lines.push('[ crl_ext ]', 'authorityKeyIdentifier = keyid:always', '');
  return lines.join('\n');
}

/** `openssl genpkey` for a key type, written with umask 077 (mode 0600). */
export function genpkeyCommand(type: KeyType, out: string): string {
  const alg = isRsa(type)
    ? `-algorithm RSA -pkeyopt rsa_keygen_bits:${type.slice(3)}`
    : type === 'ed25519'
      ? '-algorithm ED25519'
      : `-algorithm EC -pkeyopt ec_paramgen_curve:${type === 'p256' ? 'P-256' : 'P-384'}`;
  return `(umask 077 && openssl genpkey ${alg} -out ${shellQuote(out)})`;
}

export function subjectArg(subject: string): string {
  return shellQuote(subject);
}

export function sanArg(sans: Sans): string {
  return formatSans(sans).join(',');
}

type LeafRole = 'node' | 'client' | 'dm_client';

/** The extensions of a leaf Certwright issues, as openssl.cnf lines (openssl-ca.cnf's leaf sections). */
function leafExtensionLines(role: LeafRole, rsa: boolean): string[] {
  return [
    'basicConstraints       = critical, CA:FALSE',
    `keyUsage               = critical, digitalSignature${rsa ? ', keyEncipherment' : ''}`,
    `extendedKeyUsage       = ${role === 'client' ? 'clientAuth' : 'serverAuth, clientAuth'}`,
    'subjectKeyIdentifier   = hash',
    'authorityKeyIdentifier = keyid:always',
  ];
}

/** The names easy-rsa 3.1's openssl-easyrsa.cnf reads from easyrsa's environment, when its text is not at hand. */
const easyRsaEnvNames = ['EASYRSA_PKI', 'EASYRSA_CERT_EXPIRE', 'EASYRSA_CRL_DAYS', 'EASYRSA_DIGEST', 'EASYRSA_KEY_SIZE', 'EASYRSA_DN', 'EASYRSA_REQ_CN', 'EASYRSA_REQ_COUNTRY', 'EASYRSA_REQ_PROVINCE', 'EASYRSA_REQ_CITY', 'EASYRSA_REQ_ORG', 'EASYRSA_REQ_OU', 'EASYRSA_REQ_EMAIL'];

/**
 * `openssl ca -config <the CA's configuration>`. easy-rsa's configuration takes its settings from
 * easyrsa's environment ($ENV::EASYRSA_PKI…), and openssl refuses to load it without them ("variable
 * has no value"): the command sets every name the file reads, easy-rsa's folder, digest and
 * validities as easyrsa would, the others empty (they matter only to openssl req).
 */
export async function opensslCa(layout: ProfileLayout, configText?: string, days = 825, crlDays = 180): Promise<string> {
  const command = `openssl ca -config ${shellQuote(layout.opensslConfig)}`;
  if (layout.origin !== 'easy-rsa') return command;
  const names = configText ? (await import('./adoptedConfig.js')).envNamesOf(configText, layout.opensslConfig) : easyRsaEnvNames;
  if (!names.length) return command;
  const value = (name: string): string => (name === 'EASYRSA_PKI' ? shellQuote(layout.caDir) : name === 'EASYRSA_DIGEST' ? 'sha256' : name === 'EASYRSA_CERT_EXPIRE' ? String(days) : name === 'EASYRSA_CRL_DAYS' ? String(crlDays) : "''");
  return `env ${names.map((n) => `${n}=${value(n)}`).join(' ')} ${command}`;
}

/**
 * `openssl req -new`'s configuration: the CA's where Certwright wrote it; the system's for an
 * adopted CA, whose own [ req ] may prompt or read easyrsa's environment (the name is given with -subj).
 */
export function reqConfigArg(layout: ProfileLayout): string {
  return foreignConfig(layout) ? '' : ` -config ${shellQuote(layout.opensslConfig)}`;
}

/**
 * What names a leaf's extensions in its `openssl ca` line: Certwright's configuration has the
 * section (`-extensions node_cert`, the names copied from the request); an adopted CA's does not,
 * so the extensions and the names are written to `extFile` first (`prepare`) and given with
 * -extfile (its configuration may not copy names from the request), and removed after (`cleanup`).
 */
export function leafExtensionArgs(layout: ProfileLayout, role: LeafRole, keyType: KeyType, sans: Sans | undefined, extFile: string): { prepare: string[]; args: string; cleanup: string[] } {
  if (!foreignConfig(layout)) return { prepare: [], args: ` -extensions ${leafSection(role, keyType)}`, cleanup: [] };
  const san = sans ? sanArg(sans) : '';
  const lines = [...leafExtensionLines(role, isRsa(keyType)), ...(san ? [`subjectAltName         = ${san}`] : [])];
  return { prepare: [`printf '%s\\n' ${lines.map(shellQuote).join(' ')} > ${shellQuote(extFile)}`], args: ` -extfile ${shellQuote(extFile)}`, cleanup: [`rm ${shellQuote(extFile)}`] };
}

/** Extension section of openssl-ca.cnf for a leaf. */
export function leafSection(role: LeafRole, type: KeyType): string {
  return `${role}_cert${isRsa(type) ? '_rsa' : ''}`;
}

export function dirHeader(dirs: readonly string[]): string[] {
  const real = dirs.filter((d) => d !== '.');
  return real.length ? [`mkdir -p -m 700 ${real.map(shellQuote).join(' ')}`] : [];
}

/** How `openssl ca` picks the serial in the equivalent commands. */
export function serialFlag(layout: ProfileLayout): string {
  return layout.serials === 'random' ? ' -rand_serial' : '';
}

/** How the parent's own tool signs a CA certificate for the request `<child>.csr`, run in the parent's folder (for the equivalent commands). */
export function parentSigningCommand(pl: ProfileLayout, days: number, child: string, commonName: string, csr = `${child}.csr`): string {
  if (pl.origin === 'easy-rsa') {
    const name = entityName(commonName);
    return `# in the parent's folder: easyrsa import-req ${csr} ${name} && easyrsa sign-req ca ${name}; then write ${leafFiles(pl.node, { name }).cert} followed by the parent's ${pl.caCert} to ${child}`;
  }
  const section = pl.origin === 'certwright' ? 'ca_cert' : 'v3_ca';
  return `# in the parent's folder: openssl ca -config ${pl.opensslConfig} -batch -notext${serialFlag(pl)} -extensions ${section} -days ${days} -in ${csr} -out ${child}; then append the parent's ${pl.caCert}`;
}

/**
 * How the parent signs a CA certificate for `<csr>` with the serial it already has (an
 * intermediate renewed for what names its serial): openssl ca gives no serial its database
 * holds, so openssl x509 -req -set_serial signs, and the database line of that serial is
 * given the new expiry by hand (for the equivalent commands, run in the parent's folder).
 */
export function keptSerialSigningCommand(pl: ProfileLayout, days: number, serial: string, child: string, commonName: string, csr: string): string {
  const copy = `${pl.newCertsDir}/${serial}.pem`;
  const named = pl.origin === 'easy-rsa' ? ` and copy it to ${leafFiles(pl.node, { name: entityName(commonName) }).cert},` : '';
  return `# in the parent's folder (openssl ca gives no serial its database holds): openssl x509 -req -in ${csr} -CA ${shellQuote(pl.caCert)} -CAkey ${shellQuote(pl.caKey)} -set_serial 0x${serial} -days ${days} -copy_extensions copy -out ${shellQuote(copy)}; then give the line of ${serial} in ${pl.index} its notAfter (openssl x509 -noout -enddate -in ${copy})${named} and write it followed by the parent's ${pl.caCert} to ${child}`;
}
