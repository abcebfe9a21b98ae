/**
 * Per-system profiles: file layout, default names, CA path length, accepted key
 * types. Facts from shared/docs/openssl-cnf-rules.md (C: CockroachDB, D: DM,
 * E: PostgreSQL, F: Go).
 */
import { leafFiles, operationLayout, type LeafFiles } from './layout';
import type { KeyType, LeafPlacement, LeafTemplate, OnLayout, ProfileId, ProfileLayout } from './types';
import { checkProfile } from './validate';

export interface Profile {
  readonly id: ProfileId;
  readonly title: string;
  readonly layout: ProfileLayout;
  readonly caCommonName: string;
  readonly organization?: string;
  /** basicConstraints pathlen of the CA; undefined = no limit. */
  readonly caPathLen?: number;
  readonly defaultUser: string;
  /** Client certificates carry serverAuth too (DM: peers verify with Go's default server usage, D.4). */
  readonly clientServerAuth: boolean;
  /** Warnings about key types this system's peers may not accept. */
  readonly keyWarnings: Partial<Record<KeyType, string>>;
  /**
   * Default CRL lifetime (nextUpdate) in days. Where the system loads the CRL and
   * refuses every client once nextUpdate has passed (PostgreSQL, anything on
   * OpenSSL's crl_check) a lapse locks everyone out, so the default leaves months
   * to republish; CockroachDB and DM never read the file.
   */
  readonly crlDays: number;
}

/** A built-in layout: the CA's state in `<caDir>/`, files named as `openssl ca` names them. */
function layout(profile: ProfileId, caCert: string, caDir: string, caKeyName: string, crl: string, node: LeafPlacement, client: LeafPlacement): ProfileLayout {
  return {
    profile,
    caCert,
    caDir,
    caKey: `${caDir}/${caKeyName}`,
    index: `${caDir}/index.txt`,
    serial: `${caDir}/serial`,
    crlnumber: `${caDir}/crlnumber`,
    indexAttr: `${caDir}/index.txt.attr`,
    newCertsDir: `${caDir}/newcerts`,
    opensslConfig: `${caDir}/openssl-ca.cnf`,
    crl,
    node,
    client,
    serials: 'random',
    origin: 'certwright',
  };
}

/** `<stem>.crt` + `<stem>.key` (PostgreSQL, generic). */
const stemFiles = (stem: string): LeafTemplate => ({ cert: `${stem}.crt`, key: `${stem}.key` });

const ed25519Common =
  'Ed25519 certificates need TLS 1.3 on both ends and are not accepted by many clients (browsers, Java/JDBC, older OpenSSL/libpq builds); prefer ECDSA P-256 for wide compatibility.';

export const profiles: Readonly<Record<ProfileId, Profile>> = {
  cockroach: {
    id: 'cockroach',
    title: 'CockroachDB',
    layout: layout(
      'cockroach',
      'certs/ca.crt',
      'ca-private',
      'ca.key',
      'certs/ca.crl',
      // A named node gets a complete certs dir of its own (cockroach start --certs-dir certs/<name>).
      { named: { cert: 'certs/{name}/node.crt', key: 'certs/{name}/node.key', caCopy: 'certs/{name}/ca.crt' }, unnamed: { cert: 'certs/node.crt', key: 'certs/node.key' } },
      { named: { cert: 'certs/client.{user}.crt', key: 'certs/client.{user}.key' } },
    ),
    caCommonName: 'Cockroach CA',
    organization: 'Cockroach',
    caPathLen: 1,
    defaultUser: 'root',
    clientServerAuth: false,
    crlDays: 365,
    keyWarnings: {
      ed25519: `${ed25519Common} CockroachDB drivers other than Go (pgjdbc, psycopg with old libpq) may fail the handshake.`,
    },
  },
  dm: {
    id: 'dm',
    title: 'TiDB Data Migration (DM)',
    layout: layout(
      'dm',
      'ca.pem',
      'ca-private',
      'ca-key.pem',
      'ca.crl',
      { named: { cert: '{name}-cert.pem', key: '{name}-key.pem' }, defaultName: 'master' },
      { named: { cert: '{name}-cert.pem', key: '{name}-key.pem' }, defaultName: 'client' },
    ),
    caCommonName: 'DM CA',
    caPathLen: 0,
    // DM's docs and its TLS test (dm/tests/tls) use one CN, `dm`, for every component
    // and set cert-allowed-cn = ["dm"] (rules doc D.3).
    defaultUser: 'dm',
    clientServerAuth: true,
    crlDays: 365,
    keyWarnings: {
      ed25519: `${ed25519Common} DM's connections to MySQL/TiDB (TLS 1.0+ allowed) may negotiate TLS 1.2, where Ed25519 cannot be used.`,
    },
  },
  postgres: {
    id: 'postgres',
    title: 'PostgreSQL',
    layout: layout('postgres', 'root.crt', 'ca-private', 'root.key', 'root.crl', { named: stemFiles('{name}'), defaultName: 'server' }, { named: stemFiles('{name}'), defaultName: 'client' }),
    caCommonName: 'PostgreSQL Root CA',
    caPathLen: 0,
    defaultUser: 'postgres',
    clientServerAuth: false,
    crlDays: 180,
    keyWarnings: {
      ed25519: `${ed25519Common} pgjdbc and PostgreSQL builds with OpenSSL < 1.1.1 reject it.`,
    },
  },
  generic: {
    id: 'generic',
    title: 'Generic',
    // Not client.<user>.crt: with ca.crt beside it that is a CockroachDB certs dir to every tool that looks.
    layout: layout('generic', 'ca.crt', 'ca-private', 'ca.key', 'ca.crl', { named: stemFiles('{name}'), defaultName: 'server' }, { named: stemFiles('{name}'), unnamed: stemFiles('client-{user}') }),
    caCommonName: 'Certwright CA',
    defaultUser: 'client',
    clientServerAuth: false,
    crlDays: 180,
    keyWarnings: {
      ed25519: ed25519Common,
    },
  },
};

export function profileLayout(profile: ProfileId): ProfileLayout {
  return profiles[profile].layout;
}

export type { LeafFiles } from './layout';

/** The profile an operation runs with: its layout replaced by the one the operation carries (an adopted CA). */
export function operationProfile(op: { readonly profile: ProfileId } & OnLayout): Profile {
  const p = profiles[checkProfile(op.profile)];
  return op.layout ? { ...p, layout: operationLayout(p.layout, op.layout) } : p;
}

/** Where a node/server certificate goes. `name` is validated before. */
export function nodeFiles(profile: Profile, name: string | undefined): LeafFiles {
  return leafFiles(profile.layout.node, { name });
}

/** Where a client certificate goes. */
export function clientFiles(profile: Profile, user: string, name: string | undefined): LeafFiles {
  return leafFiles(profile.layout.client, { name, user });
}

/** Default CN of a node certificate when none is given. */
export function nodeCommonName(profile: ProfileId, name: string | undefined, dnsSans: readonly string[]): string {
  switch (profile) {
    case 'cockroach':
      return 'node'; // CRDB-004/005: node principals must contain `node`
    case 'dm':
      return 'dm';
    case 'postgres':
    case 'generic':
      return dnsSans[0] ?? name ?? 'server';
  }
}

/** Where a CA records its exports (`certwright export`), for renewals to write them again. */
export function exportsFile(layout: Pick<ProfileLayout, 'caDir' | 'exports'>): string {
  // An adopted openssl CA may keep its state in the layout root (caDir '').
  return layout.exports ?? (layout.caDir ? `${layout.caDir}/exports.json` : 'exports.json');
}

/** The key file beside a certificate: node.crt → node.key, master-cert.pem → master-key.pem. */
export function defaultKeyPath(cert: string): string {
  if (/-cert\.pem$/.test(cert)) return cert.replace(/-cert\.pem$/, '-key.pem');
  return cert.replace(/\.(crt|pem|cer)$/, '') + '.key';
}
