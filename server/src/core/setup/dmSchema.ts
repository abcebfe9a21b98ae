import { tr } from '../l10n';
/**
 * The option names TiDB DM accepts, from pingcap/tiflow `dm/master/config.go`,
 * `dm/worker/config.go`, `dm/config/security/security.go` and
 * `dm/ctl/common/config.go`. DM-master and DM-worker refuse unknown top-level
 * keys (`metaData.Undecoded()`), so a key outside these lists stops them.
 */

export const securityKeys = [
  'ssl-ca',
  'ssl-cert',
  'ssl-key',
  'cert-allowed-cn',
  'ssl-ca-bytes',
  'ssl-key-bytes',
  'ssl-cert-bytes',
  'ssl-ca-base64',
  'ssl-key-base64',
  'ssl-cert-base64',
] as const;

export type SecurityKey = (typeof securityKeys)[number];

const logKeys = ['log-level', 'log-file', 'log-format', 'log-rotate'];

export const masterKeys: ReadonlySet<string> = new Set([
  ...logKeys,
  'rpc-timeout',
  'rpc-rate-limit',
  'rpc-rate-burst',
  'master-addr',
  'advertise-addr',
  'config-file',
  'name',
  'data-dir',
  'peer-urls',
  'advertise-peer-urls',
  'initial-cluster',
  'initial-cluster-state',
  'join',
  'max-txn-ops',
  'max-request-bytes',
  'auto-compaction-mode',
  'auto-compaction-retention',
  'quota-backend-bytes',
  'openapi',
  'v1-sources-path',
  'secret-key-path',
  ...securityKeys,
]);

/** Tables dm-master accepts (`[experimental]` holds `openapi`). */
export const masterTables: ReadonlyMap<string, ReadonlySet<string>> = new Map([['experimental', new Set(['openapi'])]]);

export const workerKeys: ReadonlySet<string> = new Set([
  ...logKeys,
  'name',
  'join',
  'worker-addr',
  'advertise-addr',
  'config-file',
  'keepalive-ttl',
  'relay-keepalive-ttl',
  'relay-dir',
  'redact-info-log',
  ...securityKeys,
]);

export const workerTables: ReadonlyMap<string, ReadonlySet<string>> = new Map();

/** Keys of `from:` in a source file and of `target-database:` in a task file (dbconfig.DBConfig). */
export const dbConfigKeys: ReadonlySet<string> = new Set(['host', 'port', 'user', 'password', 'max-allowed-packet', 'session', 'security']);

export const keyDocs: Readonly<Record<string, string>> = {
  'ssl-ca': tr`Path of the PEM CA bundle that verifies peers. With it set, dm-master also switches its embedded etcd (peer-urls, advertise-peer-urls, initial-cluster, join) to https.`,
  'ssl-cert': tr`Path of this component's PEM certificate. Used only together with \`ssl-key\`; one without the other is silently ignored.`,
  'ssl-key': tr`Path of the unencrypted PEM private key of \`ssl-cert\` (Go cannot load encrypted keys: \`tls: failed to parse private key\`).`,
  'cert-allowed-cn': tr`Array of Common Names a peer certificate must carry (any certificate of the verified chain, the CA included). Setting it makes the server demand client certificates; dm-master's etcd enforces only the first entry.`,
  'ssl-ca-base64': tr`Base64 of the CA PEM; wins over \`ssl-ca\`.`,
  'ssl-cert-base64': tr`Base64 of the certificate PEM; wins over \`ssl-cert\`.`,
  'ssl-key-base64': tr`Base64 of the key PEM; wins over \`ssl-key\`.`,
  'ssl-ca-bytes': tr`Inline CA bytes (a sequence of integers in YAML); wins over \`ssl-ca\`. Prefer \`ssl-ca-base64\`.`,
  'ssl-cert-bytes': tr`Inline certificate bytes; prefer \`ssl-cert-base64\`.`,
  'ssl-key-bytes': tr`Inline key bytes; prefer \`ssl-key-base64\`.`,
  'master-addr': tr`dm-master listen address (host:port); also the etcd client URL.`,
  'advertise-addr': tr`Address peers and dmctl dial to reach this component; its certificate needs a SAN for its host.`,
  'worker-addr': tr`dm-worker listen address (host:port).`,
  'peer-urls': tr`etcd peer URLs of dm-master; the scheme is rewritten to https when \`ssl-ca\` is set.`,
  'advertise-peer-urls': tr`etcd peer URLs advertised to other dm-masters (default: peer-urls).`,
  'initial-cluster': tr`name=peer-url list of the dm-masters bootstrapping the cluster.`,
  join: tr`dm-master addresses to join (master-addr of existing members).`,
};

/**
 * The same keys under `from.security` (source file) and `target-database.security`
 * (task file) configure DM's client connection to a database, not DM's own TLS.
 */
function dbKeyDocs(db: string): Readonly<Record<string, string>> {
  return {
    'ssl-ca': tr`Path of the PEM CA bundle DM uses to verify the ${db} server's certificate when it connects to it (the MySQL driver's TLS config). Without it the connection is not verified.`,
    'ssl-cert': tr`Path of the client certificate DM presents to the ${db} server (for \`REQUIRE X509\`/\`REQUIRE SUBJECT\` accounts). Used only together with \`ssl-key\`.`,
    'ssl-key': tr`Path of the unencrypted PEM private key of \`ssl-cert\`, for the connection to the ${db} server.`,
    'cert-allowed-cn': tr`Not used on the connection to the ${db} server: DM checks Common Names only on its own dm-master/dm-worker connections.`,
    'ssl-ca-base64': tr`Base64 of the CA PEM that verifies the ${db} server; wins over \`ssl-ca\`.`,
    'ssl-cert-base64': tr`Base64 of the client certificate PEM for the ${db} server; wins over \`ssl-cert\`.`,
    'ssl-key-base64': tr`Base64 of the client key PEM for the ${db} server; wins over \`ssl-key\`.`,
  };
}

const sourceDocs = dbKeyDocs(tr`upstream MySQL/MariaDB`);
const taskDocs = dbKeyDocs(tr`downstream TiDB/MySQL`);

/** The documentation of a key as it reads in a file of this kind (`source`/`task` configure database connections). */
export function keyDocFor(kind: 'dm-master' | 'dm-worker' | 'dmctl' | 'source' | 'task', key: string): string | undefined {
  if (kind === 'source') return sourceDocs[key] ?? keyDocs[key];
  if (kind === 'task') return taskDocs[key] ?? keyDocs[key];
  return keyDocs[key];
}

/** The right spelling of a near-miss security key (`ssl_ca`, `sslCA`, `ssl-ca-file`...), if it is one. */
export function correctSecurityKey(key: string): SecurityKey | undefined {
  if ((securityKeys as readonly string[]).includes(key)) return undefined;
  const norm = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_.\s]+/g, '-')
    .toLowerCase();
  const aliases: Record<string, SecurityKey> = {
    'ssl-ca': 'ssl-ca',
    'ssl-c-a': 'ssl-ca',
    'ssl-cert': 'ssl-cert',
    'ssl-key': 'ssl-key',
    'ssl-ca-path': 'ssl-ca',
    'ssl-ca-file': 'ssl-ca',
    'ssl-cert-path': 'ssl-cert',
    'ssl-cert-file': 'ssl-cert',
    'ssl-key-path': 'ssl-key',
    'ssl-key-file': 'ssl-key',
    'ca-path': 'ssl-ca',
    'cert-path': 'ssl-cert',
    'key-path': 'ssl-key',
    'ssl-certificate': 'ssl-cert',
    'cert-allowed-c-n': 'cert-allowed-cn',
    'cert-allowed-cns': 'cert-allowed-cn',
    'allowed-cn': 'cert-allowed-cn',
    'cluster-verify-cn': 'cert-allowed-cn',
  };
  if (aliases[norm]) return aliases[norm];
  if ((securityKeys as readonly string[]).includes(norm)) return norm as SecurityKey;
  let best: SecurityKey | undefined;
  let bestD = 3;
  for (const k of securityKeys) {
    const d = editDistance(norm, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
