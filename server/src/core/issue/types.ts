/**
 * Public types of the issuing core. Everything here is plain JSON (strings,
 * numbers, booleans, arrays), so the same values travel over the LSP
 * (`certwright/issue`, see protocol/issue.ts) and out of `certwright ... --json`.
 */

/** Target system; decides names, CNs, key usages and the file layout. */
export type ProfileId = 'cockroach' | 'dm' | 'postgres' | 'generic';

export type KeyType = 'rsa2048' | 'rsa3072' | 'rsa4096' | 'p256' | 'p384' | 'ed25519';

export const profileIds: readonly ProfileId[] = ['cockroach', 'dm', 'postgres', 'generic'];
export const keyTypes: readonly KeyType[] = ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384', 'ed25519'];

/** What a planned file holds; front ends use it for modes and for the overwrite rule. */
export type PlannedFileKind = 'key' | 'cert' | 'state' | 'crl' | 'config';

/** One file the front end must write. Paths are relative to the layout root (`--dir`), `/`-separated. */
export interface PlannedFile {
  readonly path: string;
  /** Text, or base64 of binary contents with `encoding: 'base64'` (PKCS#12, PKCS#8 DER). */
  readonly contents: string;
  readonly encoding?: 'base64';
  readonly kind: PlannedFileKind;
  /** POSIX mode: 0o600 keys and CA state, 0o644 certificates and CRLs. */
  readonly mode: number;
  /**
   * true when this operation is meant to replace an existing file (CA state, CRL,
   * the certificate being renewed). When false and the file exists with other
   * contents, front ends refuse (CLI) or ask (UI) — never overwrite silently.
   */
  readonly replace: boolean;
  /** Short human description, e.g. "node certificate". */
  readonly description: string;
}

export interface PlannedDirectory {
  readonly path: string;
  /** Always 0o700: keys live in these folders (CockroachDB refuses group/world bits). */
  readonly mode: number;
}

/** The pure result of an operation: the core never touches disk, front ends execute this. */
export interface WritePlan {
  /** Parents first. */
  readonly directories: readonly PlannedDirectory[];
  readonly files: readonly PlannedFile[];
}

/** Where a leaf's files go: `{name}` (and, for clients, `{user}`) are replaced. */
export interface LeafTemplate {
  readonly cert: string;
  readonly key: string;
  /** A copy of the CA certificate beside the leaf (CockroachDB per-node certs dirs). */
  readonly caCopy?: string;
}

export interface LeafPlacement {
  /** Used when a name is given (`--name`), or with `defaultName`. */
  readonly named: LeafTemplate;
  /** Used when no name is given; default: `named` with `defaultName`. */
  readonly unnamed?: LeafTemplate;
  readonly defaultName?: string;
}

/**
 * How the next serial is chosen: `random` (Certwright's and `openssl ca -rand_serial`'s
 * way, checked against the database), or `sequential` (`openssl ca` without
 * -rand_serial: the `serial` file's number, which is then incremented).
 */
export type SerialPolicy = 'random' | 'sequential';

/** Where a layout came from: a built-in profile, or an existing CA adopted in place. */
export type LayoutOrigin = 'certwright' | 'openssl' | 'easy-rsa' | 'cockroach';

/**
 * Relative paths (from `--dir`) of everything a CA keeps: the one description of a
 * layout. The built-in profiles are instances (profiles.ts); an adopted CA's layout is
 * stored in `<dir>/certwright-layout.json` (layout.ts) and points at its existing files.
 */
export interface ProfileLayout {
  readonly profile: ProfileId;
  /** CA certificate, e.g. `certs/ca.crt`, `ca.pem`, `root.crt`. */
  readonly caCert: string;
  /** Folder holding the CA key and state (never the folder of node/client files). */
  readonly caDir: string;
  readonly caKey: string;
  /** OpenSSL `index.txt` (database), `serial`, `crlnumber`, `index.txt.attr`. */
  readonly index: string;
  readonly serial: string;
  readonly crlnumber: string;
  readonly indexAttr: string;
  /** `new_certs_dir` of the generated openssl.cnf: a copy of every issued certificate, `<SERIAL>.pem`. */
  readonly newCertsDir: string;
  /** Minimal openssl.cnf letting `openssl ca -config <this>` carry on from the state (run from `--dir`). */
  readonly opensslConfig: string;
  /** Published CRL (PEM). */
  readonly crl: string;
  readonly node: LeafPlacement;
  readonly client: LeafPlacement;
  readonly serials: SerialPolicy;
  readonly origin: LayoutOrigin;
  /**
   * An adopted CA's configured unique_subject (`[ CA ] unique_subject` of its openssl
   * configuration; easy-rsa 3.1's says no): what `openssl ca` enforces while index.txt.attr
   * does not set it (easy-rsa starts with an empty one). Default yes, as openssl's.
   */
  readonly uniqueSubject?: boolean;
  /** What `certwright export` wrote from this CA's certificates (`ExportRecord`s, JSON): renewals write them again. Default `<caDir>/exports.json`. */
  readonly exports?: string;
}

/** The CA's files as read by the front end (workspace.fs / fs), passed back to the core. */
export interface CaMaterial {
  readonly certPem: string;
  /** PKCS#8 PEM: unencrypted, or encrypted (PBES2) with `keyPassphrase`. */
  readonly keyPem: string;
  /** Passphrase of an encrypted CA key; never written anywhere, never logged. */
  readonly keyPassphrase?: string;
  /** Contents of index.txt; missing = empty database. */
  readonly index?: string;
  /** Contents of crlnumber; missing = 01. */
  readonly crlnumber?: string;
  /** Contents of the `serial` file, read when the layout's serials are sequential. */
  readonly serial?: string;
  /** Contents of `index.txt.attr` of an adopted CA: its unique_subject is enforced as `openssl ca` enforces it. */
  readonly indexAttr?: string;
  /**
   * Text of an adopted CA's openssl configuration (ProfileLayout.opensslConfig; missing when the
   * file is): its policy decides the subjects the CA issues, as `openssl ca` applies it.
   */
  readonly caConfig?: string;
  /**
   * The CA's folder on this machine (absolute), where the front end has one: the `.include`s of
   * `caConfig` are read from there (relative paths resolve against it, as for openssl ca run in
   * it: the equivalent commands `cd` there first). Without it includes are not followed.
   */
  readonly caFolder?: string;
  /**
   * An intermediate CA's copy of its parent's CRL (`<caDir>/parent.crl`), appended to
   * every CRL it publishes: PostgreSQL checks a CRL for every CA of a client's chain.
   */
  readonly parentCrl?: string;
  /** Contents of `<caDir>/exports.json` (ProfileLayout.exports); missing = no exports. */
  readonly exports?: string;
}

/**
 * The layout of the CA an operation works on, when it is not its profile's built-in
 * one (an adopted CA: front ends read it from `certwright-layout.json`).
 */
export interface OnLayout {
  readonly layout?: ProfileLayout;
  readonly folders?: Folders;
}

/**
 * How the user names the folders an operation works on (the CLI: --dir and --parent; the
 * editor: the folders' paths), for the commands its messages suggest; DIR and PARENT_DIR
 * where a front end gives none. Never written anywhere.
 */
export interface Folders {
  readonly dir?: string;
  readonly parentDir?: string;
}

export interface CreateCaOperation {
  readonly kind: 'createCa';
  readonly profile: ProfileId;
  /** Default rsa2048. */
  readonly keyType?: KeyType;
  /** Common name; default per profile ("Cockroach CA", ...). */
  readonly commonName?: string;
  /** Organization; default per profile (CockroachDB: "Cockroach"). */
  readonly organization?: string;
  /** Validity in days; default 3650. */
  readonly days?: number;
  /** basicConstraints pathlen; default per profile (0 = cannot sign intermediate CAs). */
  readonly pathLen?: number;
  /** Encrypt the new CA key (PKCS#8 PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) with this passphrase. */
  readonly keyPassphrase?: string;
  readonly folders?: Folders;
}

/**
 * An intermediate CA: its key and state live in the new folder, its certificate is
 * signed by the parent CA (whose material is passed; the parent key never leaves the
 * parent's folder, which can go offline afterwards).
 */
export interface CreateIntermediateOperation {
  readonly kind: 'createIntermediate';
  /** Profile of the new (child) CA's layout. */
  readonly profile: ProfileId;
  readonly keyType?: KeyType;
  readonly commonName?: string;
  readonly organization?: string;
  /** Default 1825, refused past the parent's notAfter unless allowCapped. */
  readonly days?: number;
  readonly allowCapped?: boolean;
  /** The parent's published CRL (PEM), copied beside the child's state. */
  readonly parentCrlPem?: string;
  /** Layout paths of the parent's CA database, where the issuance is recorded. */
  readonly parentProfile: ProfileId;
  /** The parent's layout when it is an adopted CA (front ends read it from the parent's `certwright-layout.json`). */
  readonly parentLayout?: ProfileLayout;
  /** Encrypt the new CA key with this passphrase (see CreateCaOperation). */
  readonly keyPassphrase?: string;
  readonly folders?: Folders;
}

export interface IssueNodeOperation extends OnLayout {
  readonly kind: 'issueNode';
  readonly profile: ProfileId;
  /** DNS names and IP addresses, e.g. ["localhost", "127.0.0.1", "node1.example.com"]. At least one. */
  readonly sans: readonly string[];
  /**
   * Node name: CockroachDB → folder `certs/<name>/` (several nodes); DM → file stem
   * (`master` → master-cert.pem, `worker` → worker-cert.pem); PostgreSQL/generic → file stem
   * (default `server`).
   */
  readonly name?: string;
  /** Overrides the profile's CN (CockroachDB `node`, DM `dm-<name>`, others: first DNS SAN). */
  readonly commonName?: string;
  /** Default: the CA's key family (RSA → rsa2048). */
  readonly keyType?: KeyType;
  /** Default 825. Refused when it would end after the CA's notAfter, unless allowCapped. */
  readonly days?: number;
  /** Accept a notAfter shortened to the CA's notAfter instead of refusing (the leaf then expires with the CA). */
  readonly allowCapped?: boolean;
}

export interface IssueClientOperation extends OnLayout {
  readonly kind: 'issueClient';
  readonly profile: ProfileId;
  /** The identity = CN: SQL user (CockroachDB default `root`, PostgreSQL `postgres`), DM caller (default `dm-client`). */
  readonly user?: string;
  /** File stem override: DM (default `client` → client-cert.pem), PostgreSQL (default `client`; `postgresql` for libpq's default names), generic. */
  readonly name?: string;
  readonly keyType?: KeyType;
  readonly days?: number;
  /** See IssueNodeOperation.allowCapped. */
  readonly allowCapped?: boolean;
  /** Extra SANs (DNS, IP, URI). DM client certificates carry serverAuth, so they get DNS:<user> by default (Go checks server usage). */
  readonly sans?: readonly string[];
}

export interface RevokeOperation extends OnLayout {
  readonly kind: 'revoke';
  readonly profile: ProfileId;
  /** The certificate to revoke (PEM); or, when its copy is lost, `serial`. */
  readonly certPem?: string;
  /**
   * The serial (hex) of a certificate the CA database records, revoked from its database line
   * alone: its file may be lost (a node gone with its disk). Used when `certPem` is absent.
   */
  readonly serial?: string;
  /** CRL reason name (`keyCompromise`, `superseded`, ...); default unspecified. */
  readonly reason?: string;
  /** Validity of the published CRL in days; default per profile (Profile.crlDays). Revoke always republishes the CRL. */
  readonly crlDays?: number;
}

export interface PublishCrlOperation extends OnLayout {
  readonly kind: 'publishCrl';
  readonly profile: ProfileId;
  readonly crlDays?: number;
  /**
   * An intermediate: the parent's current CRL file (PEM), which replaces the copy published
   * with this CA's CRL (`<caDir>/parent.crl`): a lapsed copy makes PostgreSQL refuse every client.
   */
  readonly parentCrlPem?: string;
}

export interface RenewOperation extends OnLayout {
  readonly kind: 'renew';
  readonly profile: ProfileId;
  /** Relative path of the certificate being renewed (it is replaced). */
  readonly certPath: string;
  readonly certPem: string;
  /** Relative path of its key. */
  readonly keyPath: string;
  /** The existing key (PKCS#8 PEM), required when newKey is false. */
  readonly keyPem?: string;
  /** Generate a fresh key (replacing keyPath). Default false = keep the key. */
  readonly newKey?: boolean;
  readonly keyType?: KeyType;
  /** Default: 825 for a leaf, 3650 for a CA certificate. */
  readonly days?: number;
  /** See IssueNodeOperation.allowCapped. */
  readonly allowCapped?: boolean;
  /** Replace the SANs (DNS, IP, URI) instead of copying them; leaves only. */
  readonly sans?: readonly string[];
  /** Names added to the SANs the certificate has (DNS, IP, URI); leaves only, not with `sans`. */
  readonly addSans?: readonly string[];
  /** A new common name: the subject's CN replaced (added when it has none), the rest of the subject kept; leaves only. */
  readonly commonName?: string;
  /**
   * Certificates of this CA that are revoked (PEM, e.g. `newcerts/<serial>.pem` of
   * every `R` line of index.txt): a same-key renewal is refused when one of them
   * carries the same public key, whatever its serial.
   */
  readonly revokedPems?: readonly string[];
  /**
   * Renewing an intermediate: the certificates it issued that are still valid (its database's
   * copies, `newcerts/<serial>.pem` of every `V` line). When one names the intermediate's serial
   * in its authorityKeyIdentifier (`issuer:always`, easy-rsa's default), the renewal keeps it.
   */
  readonly issuedPems?: readonly string[];
  /**
   * An easy-rsa CA's leaf (pki/issued/<name>.crt): the contents of pki/renewed/issued/<name>.crt,
   * where an earlier renewal left the certificate it replaced (layout.ts renewedCopyOf).
   */
  readonly renewedPem?: string;
  /**
   * An easy-rsa CA's leaf renewed with a new key: the contents of its request pki/reqs/<name>.req
   * (for the key replaced), kept in pki/renewed/reqs/ as easyrsa renew keeps it.
   */
  readonly requestPem?: string;
  /** Other files holding a copy of the CA certificate (CockroachDB `certs/<node>/ca.crt`), replaced too when the CA certificate is renewed. */
  readonly caCopies?: readonly string[];
  /**
   * Renewing an intermediate CA's certificate: the parent's profile. The CA material is then
   * the PARENT's (it signs), the files are the intermediate's, and the parent's database
   * records the issuance (IssueResult.parentPlan).
   */
  readonly parentProfile?: ProfileId;
  /** Renewing an intermediate whose parent is an adopted CA: the parent's layout. */
  readonly parentLayout?: ProfileLayout;
  /**
   * Renewing an intermediate of an easy-rsa parent: its copy by name (pki/issued/NAME.crt,
   * relative to the parent's folder) that holds the certificate renewed (renewRun.ts
   * parentCopyPath): the name the parent knows it by (`easyrsa import-req ... NAME`), whatever
   * its CN. The renewal replaces that file, where `easyrsa revoke NAME` reads the serial to
   * revoke; without it, the copy by CN is written (never over another certificate).
   */
  readonly parentCopy?: string;
  /**
   * Passphrases of the certificate's encrypted exports (`exports.json`), by export path or
   * `'*'` for all: they are written again; one without is marked stale. Never recorded.
   */
  readonly exportPassphrases?: Readonly<Record<string, string>>;
}

/**
 * Sign a certificate request made elsewhere (the key never leaves its host). The
 * profile decides the subject and every extension, whatever the CSR asks; what it asks
 * and does not get is reported (IssueResult.csrReview) before anything is written.
 */
export interface SignCsrOperation extends OnLayout {
  readonly kind: 'signCsr';
  readonly profile: ProfileId;
  /** The request (PEM "CERTIFICATE REQUEST"); its signature is verified. */
  readonly csrPem: string;
  /** node: serverAuth+clientAuth, SANs required; client: CN = user. Default: node when the CSR or `sans` name a host, else client. */
  readonly role?: 'node' | 'client';
  /** Replace the requested SANs (DNS, IP, URI); default: the requested DNS/IP/URI names. */
  readonly sans?: readonly string[];
  /** File stem / node folder, as for issueNode / issueClient. */
  readonly name?: string;
  /** Overrides the CN (node: the profile's CN where it has one; client: the CSR's CN). */
  readonly commonName?: string;
  readonly days?: number;
  readonly allowCapped?: boolean;
  /** Only review the request: the result has an empty plan. */
  readonly dryRun?: boolean;
  /** Where the request is (relative to `--dir`, or absolute), for the equivalent openssl commands. */
  readonly csrPath?: string;
}

/** What a CSR asked for, and what of it the profile does not grant. */
export interface CsrReview {
  /** The requested subject (RFC 4514-like, as @peculiar/x509 prints it). */
  readonly subject: string;
  readonly keyType: KeyType;
  readonly role: 'node' | 'client';
  /** Requested SANs (`DNS:x`, `IP:x`, `URI:x`, `email:x`...), extensions and attributes, one line each. */
  readonly requested: readonly string[];
  /** Each request the certificate does not carry, with the reason. */
  readonly notGranted: readonly string[];
}

export type ExportFormat = 'p12' | 'pk8' | 'chain';

/**
 * Export a certificate of this CA for clients that do not read PEM, recorded in the CA's
 * `exports.json` so that renewing the certificate writes the export again. Reads the
 * CA certificate (the chain), never the CA key.
 */
export interface ExportOperation {
  readonly kind: 'export';
  readonly profile: ProfileId;
  readonly format: ExportFormat;
  /** The certificate (relative path) and its file's contents. */
  readonly certPath: string;
  readonly certPem: string;
  /** Its key (p12, pk8): relative path and unencrypted PKCS#8 PEM. */
  readonly keyPath?: string;
  readonly keyPem?: string;
  /** Where the export goes (relative path). */
  readonly out: string;
  /** p12 (required) and pk8 (encrypts it when given). Never recorded, never logged. */
  readonly exportPassphrase?: string;
  /** p12 for old readers: PBE-SHA1-3DES, SHA-1 MAC, 2048 rounds. */
  readonly legacy?: boolean;
  /** p12 alias (default: the certificate file's name). */
  readonly friendlyName?: string;
  /** chain: end with the root certificate. */
  readonly withRoot?: boolean;
  /** Replace an existing export file (otherwise front ends refuse or ask). */
  readonly replace?: boolean;
  /** An adopted CA's layout (see IssueNodeOperation.layout). */
  readonly layout?: ProfileLayout;
  readonly folders?: Folders;
}

export type IssueOperation =
  | ExportOperation
  | SignCsrOperation
  | CreateCaOperation
  | CreateIntermediateOperation
  | IssueNodeOperation
  | IssueClientOperation
  | RevokeOperation
  | PublishCrlOperation
  | RenewOperation;

/** Facts about the certificate an operation produced (no key material). */
export interface IssuedSummary {
  readonly subject: string;
  /** Upper-case hex, as OpenSSL prints it in index.txt. */
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** `DNS:x`, `IP:x`, `URI:x`. */
  readonly sans: readonly string[];
  readonly certPath: string;
  readonly keyPath?: string;
}

export interface IssueResult {
  readonly operation: IssueOperation['kind'];
  readonly profile: ProfileId;
  readonly plan: WritePlan;
  /** Equivalent openssl command lines ("Show equivalent openssl commands"), run from `--dir`. */
  readonly opensslCommands: readonly string[];
  readonly warnings: readonly string[];
  /** The certificate issued/renewed, when there is one. */
  readonly issued?: IssuedSummary;
  /**
   * true when the plan replaces the CA certificate with itself renewed (same subject,
   * key, SKI and extensions): nothing the CA issued is orphaned, so front ends let this
   * one operation replace the otherwise protected CA certificate.
   */
  readonly caRenewal?: boolean;
  /** signCsr: what the request asked and what was not granted. */
  readonly csrReview?: CsrReview;
  /** Files of the PARENT CA's folder (createIntermediate: its database records the new CA); committed there. */
  readonly parentPlan?: WritePlan;
}

/** Thrown for invalid input (bad names, SANs, missing CA material): the message is for the user. */
export class IssueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssueError';
  }
}
