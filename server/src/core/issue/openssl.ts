/**
 * The openssl side: a minimal openssl.cnf written beside the CA state so that
 * `openssl ca -config <caDir>/openssl-ca.cnf` carries on from it, and the
 * command lines equivalent to what an operation did ("Show equivalent openssl
 * commands"). Commands run from the layout root (`--dir`).
 */
import { isRsa } from './keys';
import { entityName, leafFiles } from './layout';
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
  for (const [section, eku] of [
    ['node_cert', 'serverAuth, clientAuth'],
    ['client_cert', 'clientAuth'],
    ['dm_client_cert', 'serverAuth, clientAuth'],
  ] as const) {
    for (const rsa of [false, true]) {
      lines.push(
        `[ ${section}${rsa ? '_rsa' : ''} ]`,
        'basicConstraints       = critical, CA:FALSE',
        `keyUsage               = critical, digitalSignature${rsa ? ', keyEncipherment' : ''}`,
        `extendedKeyUsage       = ${eku}`,
        'subjectKeyIdentifier   = hash',
        'authorityKeyIdentifier = keyid:always',
        '',
      );
    }
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

/** Extension section of openssl-ca.cnf for a leaf. */
export function leafSection(role: 'node' | 'client' | 'dm_client', type: KeyType): string {
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
