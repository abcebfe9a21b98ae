/**
 * What the prompts need to know about each target system: titles, default names,
 * key-type warnings for the picker. Where a profile keeps its files comes from the
 * server (`certwright/issueLayout`), which stays the authority on the layout. The
 * words are in VS Code's display language, built on first use (after activation).
 */
import * as vscode from 'vscode';

const l10n = vscode.l10n;

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

function buildProfiles(): Record<ProfileId, ClientProfile> {
  const ed25519 = l10n.t('Ed25519 needs TLS 1.3 on both ends; many clients (Java/JDBC, older OpenSSL/libpq builds) refuse it. Prefer ECDSA P-256.');
  const slowRsa = l10n.t('RSA 4096 key generation takes several seconds.');
  const stemPrompt = l10n.t('File name stem of the server certificate (server → server.crt / server.key)');
  return {
    cockroach: {
      id: 'cockroach',
      title: 'CockroachDB',
      detail: l10n.t('certs/ca.crt, certs/node.crt + node.key, certs/client.<user>.crt; CA key kept in ca-private/'),
      suggestedFolder: 'cockroach',
      defaultUser: 'root',
      userPrompt: l10n.t('SQL user the certificate logs in as (its CN; the file is certs/client.<user>.crt)'),
      nodeNames: [],
      nodeNamePrompt: l10n.t('Node name for a per-node folder certs/<name>/ (leave empty for a single node: certs/node.crt)'),
      keyWarnings: { ed25519: l10n.t("{0} CockroachDB drivers other than Go's may fail the handshake.", ed25519), rsa4096: slowRsa },
    },
    dm: {
      id: 'dm',
      title: l10n.t('TiDB Data Migration (DM)'),
      detail: 'ca.pem, master-cert.pem / master-key.pem, worker-cert.pem / worker-key.pem, client-cert.pem / client-key.pem',
      suggestedFolder: 'dm-tls',
      defaultUser: 'dm-client',
      userPrompt: l10n.t("Caller name (the CN that DM's cert-allowed-cn lists)"),
      nodeNames: ['master', 'worker'],
      nodeNamePrompt: l10n.t('DM component'),
      keyWarnings: { ed25519: l10n.t("{0} DM's database connections may negotiate TLS 1.2, where Ed25519 cannot be used.", ed25519), rsa4096: slowRsa },
    },
    postgres: {
      id: 'postgres',
      title: 'PostgreSQL',
      detail: l10n.t('root.crt, server.crt / server.key, client.crt / client.key (or postgresql.crt / .key for libpq defaults)'),
      suggestedFolder: 'postgres-tls',
      defaultUser: 'postgres',
      userPrompt: l10n.t('Database user the certificate logs in as (its CN must equal the user for `cert` authentication)'),
      nodeNames: [],
      nodeNamePrompt: stemPrompt,
      keyWarnings: { ed25519: l10n.t('{0} pgjdbc and PostgreSQL builds with OpenSSL < 1.1.1 reject it.', ed25519), rsa4096: slowRsa },
    },
    generic: {
      id: 'generic',
      title: l10n.t('Generic'),
      detail: 'ca.crt, server.crt / server.key, client-<user>.crt / .key',
      suggestedFolder: 'tls',
      defaultUser: 'client',
      userPrompt: l10n.t('Client identity (the certificate CN)'),
      nodeNames: [],
      nodeNamePrompt: stemPrompt,
      keyWarnings: { ed25519, rsa4096: slowRsa },
    },
  };
}

let built: Record<ProfileId, ClientProfile> | undefined;

/** Each profile, its words in the display language (read on first access). */
export const clientProfiles: Readonly<Record<ProfileId, ClientProfile>> = Object.defineProperties(
  {} as Record<ProfileId, ClientProfile>,
  Object.fromEntries(profileIds.map((id) => [id, { enumerable: true, get: () => (built ??= buildProfiles())[id] }])),
);

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
