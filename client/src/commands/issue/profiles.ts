/**
 * What the prompts need to know about each target system: titles, default names,
 * key-type warnings for the picker. Where a profile keeps its files comes from the
 * server (`certwright/issueLayout`), which stays the authority on the layout.
 */

export type ProfileId = 'cockroach' | 'dm' | 'postgres' | 'generic';
export type KeyType = 'rsa2048' | 'rsa3072' | 'rsa4096' | 'p256' | 'p384' | 'ed25519';

export const profileIds: readonly ProfileId[] = ['cockroach', 'dm', 'postgres', 'generic'];
export const keyTypes: readonly KeyType[] = ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384', 'ed25519'];

export interface ClientProfile {
  readonly id: ProfileId;
  readonly title: string;
  readonly detail: string;
  /** Folder suggested under the workspace folder. */
  readonly suggestedFolder: string;
  readonly defaultUser: string;
  readonly userPrompt: string;
  /** Node names offered (DM: master/worker), empty = free text. */
  readonly nodeNames: readonly string[];
  readonly nodeNamePrompt: string;
  /** Key types whose peers may refuse them, with the reason. */
  readonly keyWarnings: Partial<Record<KeyType, string>>;
}

const ed25519 = 'Ed25519 needs TLS 1.3 on both ends; many clients (Java/JDBC, older OpenSSL/libpq builds) refuse it. Prefer ECDSA P-256.';


export const clientProfiles: Readonly<Record<ProfileId, ClientProfile>> = {
  cockroach: {
    id: 'cockroach',
    title: 'CockroachDB',
    detail: 'certs/ca.crt, certs/node.crt + node.key, certs/client.<user>.crt; CA key kept in ca-private/',
    suggestedFolder: 'cockroach',
    defaultUser: 'root',
    userPrompt: 'SQL user the certificate logs in as (its CN; the file is certs/client.<user>.crt)',
    nodeNames: [],
    nodeNamePrompt: 'Node name for a per-node folder certs/<name>/ (leave empty for a single node: certs/node.crt)',
    keyWarnings: { ed25519: `${ed25519} CockroachDB drivers other than Go's may fail the handshake.`, rsa4096: 'RSA 4096 key generation takes several seconds.' },
  },
  dm: {
    id: 'dm',
    title: 'TiDB Data Migration (DM)',
    detail: 'ca.pem, master-cert.pem / master-key.pem, worker-cert.pem / worker-key.pem, client-cert.pem / client-key.pem',
    suggestedFolder: 'dm-tls',
    defaultUser: 'dm-client',
    userPrompt: "Caller name (the CN that DM's cert-allowed-cn lists)",
    nodeNames: ['master', 'worker'],
    nodeNamePrompt: 'DM component',
    keyWarnings: { ed25519: `${ed25519} DM's database connections may negotiate TLS 1.2, where Ed25519 cannot be used.`, rsa4096: 'RSA 4096 key generation takes several seconds.' },
  },
  postgres: {
    id: 'postgres',
    title: 'PostgreSQL',
    detail: 'root.crt, server.crt / server.key, client.crt / client.key (or postgresql.crt / .key for libpq defaults)',
    suggestedFolder: 'postgres-tls',
    defaultUser: 'postgres',
    userPrompt: 'Database user the certificate logs in as (its CN must equal the user for `cert` authentication)',
    nodeNames: [],
    nodeNamePrompt: 'File name stem of the server certificate (server → server.crt / server.key)',
    keyWarnings: { ed25519: `${ed25519} pgjdbc and PostgreSQL builds with OpenSSL < 1.1.1 reject it.`, rsa4096: 'RSA 4096 key generation takes several seconds.' },
  },
  generic: {
    id: 'generic',
    title: 'Generic',
    detail: 'ca.crt, server.crt / server.key, client-<user>.crt / .key',
    suggestedFolder: 'tls',
    defaultUser: 'client',
    userPrompt: 'Client identity (the certificate CN)',
    nodeNames: [],
    nodeNamePrompt: 'File name stem of the server certificate (server → server.crt / server.key)',
    keyWarnings: { ed25519, rsa4096: 'RSA 4096 key generation takes several seconds.' },
  },
};

export const keyTypeTitles: Readonly<Record<KeyType, string>> = {
  rsa2048: 'RSA 2048',
  rsa3072: 'RSA 3072',
  rsa4096: 'RSA 4096',
  p256: 'ECDSA P-256',
  p384: 'ECDSA P-384',
  ed25519: 'Ed25519',
};

export function isProfileId(v: unknown): v is ProfileId {
  return typeof v === 'string' && (profileIds as readonly string[]).includes(v);
}

export function isKeyType(v: unknown): v is KeyType {
  return typeof v === 'string' && (keyTypes as readonly string[]).includes(v);
}
