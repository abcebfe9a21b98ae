/**
 * Groups the decoded items of a workspace into a PKI: every CA with the
 * certificates it issued beneath it. An issuer is accepted only when its key
 * verifies the child's signature; candidates are found by key identifier
 * (AKI → SKI), falling back to the issuer name only when the child carries no
 * AKI — so two CAs with the same name but different keys are never confused.
 * Keys hang under the certificate whose public key they hold, CRLs under their
 * verified issuer (marking the revoked certificates), CSRs under their key.
 */
import { formatDay, formatInstant, plural, roleName } from '../format';
import type { PkiItem } from './files';
import { buildPath, type PathGraph } from './paths';
import { commonName, formatDn, signatureAlgorithmName, type ParsedCertificate, type ParsedCrl, type PkiCrypto } from './parse';
import { certificateName, distinctLabelsInSteps } from './naming';
import { describeListing } from './pkcs12';
import { forestPage, forestPlace, type ChildCounts, type Forest } from './rows';
import { NameOrder } from './nameOrder';
import { runSteps, sortInSteps } from './steps';
import { RevocationIndex, type CaDatabaseFile, type Revocation, type RevocationSource } from './revocation';
import { isKeptCopy, keptAsAll, keptCopySuffix } from './keptCopy';
import type { RevokedList } from './revokedList';
import type { ChainLink, ChainReport, PkiField, PkiLocation, PkiNode, PkiRole, PkiRow, PkiStatus, PkiTree } from './types';
import { tr } from '../l10n';
import { dayMs, daysBetween } from '../pem/validity';
import { sha1, toColonHex } from '../pem/hash';

export interface TreeOptions {
  readonly now: number;
  readonly expiryWarningDays: number;
}

/** Cache of signature checks, keyed by `<signed sha256>|<issuer key id>`: survives rebuilds (a Map will do). */
export interface VerifyCache {
  get(key: string): boolean | undefined;
  set(key: string, ok: boolean): unknown;
}

interface CertEntry {
  readonly id: string;
  readonly cert: ParsedCertificate;
  readonly locations: PkiLocation[];
  parent?: CertEntry;
  selfSigned: boolean;
  /** A candidate issuer existed but no candidate's key verified the signature. */
  badSignature: boolean;
  /** What the workspace's CRLs and CA databases say (CRLs first); empty when not revoked. */
  revocations: readonly Revocation[];
  keyMismatch: boolean;
  /** The path RFC 4158 building chose (leaf first), and whether it ends at a self-signed anchor. */
  path?: readonly CertEntry[];
  pathComplete?: boolean;
  /** These four start as `none` (most certificates are leaves with nothing beneath them) and grow through `added`. */
  children: readonly CertEntry[];
  keys: readonly KeyEntry[];
  crls: readonly CrlEntry[];
  csrs: readonly OtherEntry[];
  /** Its row label's place in the collator's order (set once per grouping: sorting compares numbers). */
  labelPlace: number;
}

interface KeyEntry {
  readonly id: string;
  readonly item: Extract<PkiItem, { kind: 'key' }>;
  cert?: CertEntry;
  mismatch: boolean;
  csrs: readonly OtherEntry[];
}

interface CrlEntry {
  readonly id: string;
  readonly crl: ParsedCrl;
  readonly locations: PkiLocation[];
  issuer?: CertEntry;
}

interface OtherEntry {
  readonly id: string;
  readonly item: PkiItem;
}

/** What one node of the tree stands for; its node is made only when read (PkiIndex.rows, PkiIndex.tree). */
type Slot = CertEntry | KeyEntry | CrlEntry | OtherEntry;

/**
 * The empty list every entry starts with: one array for all of them, not five per certificate (a
 * workspace of 50,000 keeps its entries in each grouping; most have nothing beneath them).
 */
const none: readonly never[] = Object.freeze([]);

/** `list` with `x` appended: a new array in place of `none`, else the same one, grown. */
function added<T>(list: readonly T[], x: T): readonly T[] {
  if (list === none) return [x];
  (list as T[]).push(x);
  return list;
}

/** The grouped workspace: the serialisable tree plus lookups for requests. */
export interface PkiIndex {
  /** The whole tree: its nodes are made as they are read (walk it after `made()` to make them in steps, not at once). */
  readonly tree: PkiTree;
  /** A page of the rows of `parentId`'s children (the roots when undefined), making only the nodes of that page. */
  rows(parentId: string | undefined, offset: number, limit: number): { rows: PkiRow[]; total: number } | undefined;
  /** A node without its children, its ancestors and positions (core/pki/rows forestPlace), making only those nodes. */
  place(id: string): { node: PkiNode; ancestors: string[]; positions: number[] } | undefined;
  /** Makes every node of `tree` a step at a time, so a walk of the whole tree that follows does not block for long. */
  made(): Generator<void, void, void>;
  readonly certificates: ReadonlyMap<string, CertEntry>;
  readonly items: ReadonlyMap<string, PkiItem>;
  readonly revocation: RevocationIndex;
  /** Chain and revocation status of any certificate, in the workspace or not (an unsaved PEM block). */
  statusOf(cert: ParsedCertificate): CertificateStatus;
  /**
   * The same workspace told at another time and warning period, in steps (its grouping and order are
   * reused, its rows made anew); undefined when the grouping itself would differ at that time.
   */
  retime(now: number, expiryWarningDays: number): Generator<void, PkiIndex, void> | undefined;
}


/** What hover and Problems say about a certificate's place in the workspace's PKI. */
export interface CertificateStatus {
  /** `cert:<sha256>` when the certificate is in the workspace. */
  readonly id?: string;
  readonly name: string;
  /** Where the same certificate is in the workspace, deployed copies first. */
  readonly locations: readonly PkiLocation[];
  readonly selfSigned: boolean;
  /** Leaf first: the path RFC 4158 building chose; complete when it ends at a self-signed certificate. */
  readonly chain: readonly ChainLink[];
  readonly complete: boolean;
  /** A candidate issuer exists but no candidate's key verifies the signature. */
  readonly badSignature: boolean;
  readonly issuerName: string;
  readonly problems: readonly string[];
  readonly revocations: readonly Revocation[];
  /** The CRLs and CA databases of its issuer that were consulted. */
  readonly revocationSources: readonly RevocationSource[];
}

/**
 * `AB:CD:E` from `abcde`: every two characters, an odd last one alone (a serial as a CA database
 * writes it). Joined, not appended (see toHex): the summary keeps it for the session.
 */
export function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/[\s\S]{1,2}/g) ?? []).join(':');
}

const stems = new Map<string, string>();

/** `dir|stem` pairing key of a file (server.crt and server.key pair up), memoised. */
function pairKey(path: string): string {
  let k = stems.get(path);
  if (k === undefined) {
    k = `${dirOf(path)}|${stripExt(path)}`;
    if (stems.size > 200_000) stems.clear();
    stems.set(path, k);
  }
  return k;
}

function stripExt(path: string): string {
  const base = path.replace(/^.*[\\/]/, '');
  return base.replace(/\.[^.]*$/, '').replace(/[-_.](key|cert|crt|pem|priv|private|pub)$/i, '').toLowerCase();
}

function dirOf(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, '');
}

/** `cert:<sha256>` etc.; keys and errors are identified by where they are. */
function locationId(prefix: string, loc: PkiLocation): string {
  return `${prefix}:${loc.path}#${loc.index}`;
}

export function roleOf(cert: ParsedCertificate, selfSigned: boolean): PkiRole {
  if (cert.basicConstraints?.ca) return selfSigned ? 'ca' : 'intermediate';
  const eku = cert.extKeyUsage ?? [];
  const server = eku.includes('serverAuth');
  const client = eku.includes('clientAuth');
  if (server && client) return 'node';
  if (server) return 'server';
  if (client) return 'client';
  return 'other';
}

const statusOrder: readonly PkiStatus[] = ['error', 'invalid', 'revoked', 'expired', 'notYetValid', 'badSignature', 'keyMismatch', 'untrusted', 'expiringSoon', 'stale', 'locked', 'unmatchedKey'];
const sortStatus = (s: PkiStatus[]): PkiStatus[] => [...new Set(s)].sort((a, b) => statusOrder.indexOf(a) - statusOrder.indexOf(b));

/** "3 days", as one localisable phrase. */
function days(n: number): string {
  return tr`${n} day${plural(n)}`;
}

/** ISO 8601 for the wire; undefined for a time Date cannot hold. */
function isoTime(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A date, or what is known of it (an unreadable validity time is NaN), in the one display format. */
function dateText(ms: number): string {
  return Number.isNaN(ms) ? tr`unreadable date` : formatDay(ms);
}

function dateTimeText(ms: number): string {
  return Number.isNaN(ms) ? 'unreadable' : formatInstant(ms);
}

export function expiryText(cert: ParsedCertificate, now: number): string {
  if (Number.isNaN(cert.notBefore) || Number.isNaN(cert.notAfter)) return tr`validity unreadable`;
  if (now < cert.notBefore) return tr`not valid until ${dateText(cert.notBefore)} (in ${days(Math.max(1, Math.ceil((cert.notBefore - now) / dayMs)))})`;
  const d = daysBetween(now, cert.notAfter);
  if (cert.notAfter < now) {
    const ago = Math.max(0, daysBetween(cert.notAfter, now));
    return ago === 0 ? tr`expired today` : tr`expired ${days(ago)} ago`;
  }
  return d === 0 ? tr`expires today` : tr`expires in ${days(d)}`;
}

const statusText: Readonly<Record<PkiStatus, string>> = {
  invalid: tr`verifiers reject it`,
  expired: 'expired',
  notYetValid: tr`not yet valid`,
  revoked: 'revoked',
  keyMismatch: tr`key mismatch`,
  badSignature: tr`signature does not verify with any candidate issuer`,
  untrusted: tr`untrusted: no issuer in the workspace`,
  expiringSoon: tr`expiring soon`,
  stale: tr`CRL past its next update`,
  error: 'unreadable',
  unmatchedKey: tr`no certificate in the workspace has this key`,
  locked: tr`encrypted: decode with a password`,
};

/**
 * A status line of a plain-text tooltip, marked by severity: `✕` where verifiers fail
 * (the VS Code client draws $(error)), `⚠` otherwise ($(warning)).
 */
function statusLine(s: PkiStatus): string {
  return `${s === 'keyMismatch' || s === 'badSignature' || s === 'error' || s === 'invalid' ? '✕' : '⚠'} ${statusText[s]}`;
}

/**
 * Each certificate's name, made once per decoded certificate (every grouping sorts and tells apart by it),
 * not on every rebuild. What only a node shows (its fingerprint, issuer and dates as text) is written when
 * the node is made: kept for every certificate, those strings took about 300 bytes each.
 */
const certLabels = new WeakMap<ParsedCertificate, string>();

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Row labels ranked in the collator's order, kept between groupings (every grouping sorts the same names again). */
const nameOrder = new NameOrder((a, b) => collator.compare(a, b));

function labelOf(cert: ParsedCertificate): string {
  let label = certLabels.get(cert);
  if (label === undefined) certLabels.set(cert, (label = computeLabel(cert)));
  return label;
}

function computeLabel(cert: ParsedCertificate): string {
  return certificateName({ commonName: commonName(cert.subject), firstSan: cert.subjectAltNames?.[0], subject: formatDn(cert.subject), serial: cert.serial });
}

/**
 * Work a build can hand back to its host instead of doing it on the spot: a host that runs
 * it in time slices, then builds again, never blocks its event loop for long.
 */
export interface DeferredWork {
  /**
   * A signature check missing from the cache: `run` does it on the spot, `runAsync` (where the crypto
   * can: PkiCrypto.verifyAsync, libuv's thread pool) off the host's event loop, so the host runs many
   * at once while the grouping goes on. Returns what the pass counts it as meanwhile: good (as
   * nearly every check in a workspace turns out; the host keeps the pass when every check it
   * deferred comes back good) or failed (the path search then asks for every other candidate in
   * the same pass, so a host that counted wrongly once needs no pass per candidate).
   */
  verify(key: string, run: () => boolean, runAsync?: () => Promise<boolean>): boolean;
  /**
   * Indexing a revocation source (a CA database) that this workspace's certificates
   * are looked up in: `steps` does it a step at a time; `what` tells the same work apart.
   */
  prepare(what: object, steps: () => Iterable<void>): void;
}

/**
 * Groups items into the PKI tree. `verifyCache` is reused between calls so unchanged pairs are never re-verified.
 * With `defer`, the heavy steps not done yet are handed to it (see DeferredWork), and the result of this pass
 * is complete only when nothing was deferred.
 */
export function buildPkiIndex(...args: Parameters<typeof pkiIndexSteps>): PkiIndex {
  return runSteps(pkiIndexSteps(...args));
}

/** Units of grouping work between two yields of pkiIndexSteps (a unit: about a microsecond's work for one item). */
const unitsPerStep = 512;

/**
 * buildPkiIndex one bounded step at a time: the generator yields after every few hundred units of
 * work, so a host that yields to its event loop between steps (PkiWorkspace.buildAsync) groups
 * 50,000 certificates without a long stall. The steps are the same code as one synchronous pass
 * and give the same index (the items must not change meanwhile: the caller hands a snapshot).
 */
export function* pkiIndexSteps(
  items: readonly PkiItem[],
  crypto: PkiCrypto,
  options: TreeOptions,
  verifyCache: VerifyCache = new Map(),
  tooLarge: PkiTree['tooLarge'] = [],
  fileCount = 0,
  databases: readonly CaDatabaseFile[] = [],
  defer?: DeferredWork,
): Generator<void, PkiIndex, void> {
  let work = 0;
  /** Checks are deferred while grouping; statusOf of a certificate outside the workspace (an unsaved block) later checks its own. */
  let grouping = true;
  const { now } = options;
  /** The time issuer candidates are ranked and paths judged at: `now` while grouping, an index's own time in its statusOf. */
  let searchNow = now;
  /** Some certificate, CRL or key had more than one candidate issuer or certificate, ranked by validity at `now`. */
  let ranked = false;
  const certs = new Map<string, CertEntry>();
  const crls = new Map<string, CrlEntry>();
  const keys: KeyEntry[] = [];
  const others: OtherEntry[] = [];
  const csrs: OtherEntry[] = [];
  const itemsById = new Map<string, PkiItem>();
  let errors = 0;

  for (const item of items) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    switch (item.kind) {
      case 'certificate': {
        const id = `cert:${item.cert.sha256}`;
        const e = certs.get(id);
        if (e) e.locations.push(item.origin);
        else {
          certs.set(id, { id, cert: item.cert, locations: [item.origin], selfSigned: false, badSignature: false, keyMismatch: false, revocations: none, children: none, keys: none, crls: none, csrs: none, labelPlace: 0 });
          itemsById.set(id, item);
        }
        break;
      }
      case 'crl': {
        const id = `crl:${item.crl.sha256}`;
        const e = crls.get(id);
        if (e) e.locations.push(item.origin);
        else {
          crls.set(id, { id, crl: item.crl, locations: [item.origin] });
          itemsById.set(id, item);
        }
        break;
      }
      case 'key': {
        const id = locationId('key', item.origin);
        keys.push({ id, item, mismatch: false, csrs: none });
        itemsById.set(id, item);
        break;
      }
      case 'csr': {
        const id = locationId('csr', item.origin);
        csrs.push({ id, item });
        itemsById.set(id, item);
        break;
      }
      default: {
        const id = locationId(item.kind === 'pkcs12' ? 'p12' : 'err', item.origin);
        if (item.kind === 'error') errors++;
        others.push({ id, item });
        itemsById.set(id, item);
      }
    }
  }

  // Indexes for candidate issuers.
  const bySki = new Map<string, CertEntry[]>();
  const bySubject = new Map<string, CertEntry[]>();
  const bySpki = new Map<string, CertEntry[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };
  for (const e of certs.values()) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    if (e.cert.subjectKeyId) push(bySki, e.cert.subjectKeyId, e);
    push(bySubject, e.cert.subjectKey, e);
    push(bySpki, e.cert.publicKey.id, e);
  }

  const verified = (signedSha: string, signed: { signatureAlgorithm: ParsedCertificate['signatureAlgorithm']; tbs: Uint8Array; signature: Uint8Array; signatureAlgorithmsDiffer?: true }, issuer: CertEntry): boolean => {
    if (signed.signatureAlgorithmsDiffer && issuer.cert !== signed) return false;
    const k = `${signedSha}|${issuer.cert.publicKey.id}`;
    let ok = verifyCache.get(k);
    if (ok === undefined) {
      const run = (): boolean => crypto.verify(signed.signatureAlgorithm, issuer.cert.publicKey.der, signed.tbs, signed.signature);
      if (defer && grouping) {
        const verifyAsync = crypto.verifyAsync;
        return defer.verify(k, run, verifyAsync && (() => verifyAsync(signed.signatureAlgorithm, issuer.cert.publicKey.der, signed.tbs, signed.signature)));
      }
      ok = run();
      verifyCache.set(k, ok);
    }
    return ok;
  };

  const candidatesFor = (aki: string | undefined, issuerKey: string): CertEntry[] => {
    const byKeyId = aki ? bySki.get(aki) : undefined;
    if (byKeyId?.length) return byKeyId;
    // No AKI, or no certificate with that SKI (CAs without SKI): fall back to the name; the signature decides.
    return bySubject.get(issuerKey) ?? [];
  };

  // Prefer issuers that are CAs and currently valid, then the longest-lived; stable by fingerprint.
  const rank = (e: CertEntry): [number, number, string] => [(e.cert.basicConstraints?.ca ? 0 : 2) + (e.cert.notBefore <= searchNow && searchNow <= e.cert.notAfter ? 0 : 1), -e.cert.notAfter, e.id];
  const byRank = (a: CertEntry, b: CertEntry): number => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || (ra[2] < rb[2] ? -1 : ra[2] > rb[2] ? 1 : 0);
  };

  for (const e of certs.values()) {
    if ((work += 2) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const c = e.cert;
    if (c.issuerKey === c.subjectKey && verified(c.sha256, c, e)) e.selfSigned = true;
  }

  // Issuer candidates by name (RFC 5280 name chaining), key identifier matches first, then the
  // rank; each is confirmed by its signature only when the path search reaches it.
  const orderedCandidates = new Map<CertEntry, CertEntry[]>();
  const akiMatches = (c: ParsedCertificate, cand: CertEntry): number => (c.authorityKeyId !== undefined && cand.cert.subjectKeyId === c.authorityKeyId ? 0 : 1);
  const candidatesOf = (e: CertEntry): readonly CertEntry[] => {
    let list = orderedCandidates.get(e);
    if (!list) {
      const c = e.cert;
      const named = bySubject.get(c.issuerKey) ?? none;
      // One candidate other than itself (a leaf under its one issuer): the index's own list, nothing to order or keep.
      if (named.length === 1 && named[0] !== e) return named;
      list = named.filter((cand) => cand !== e).sort((a, b) => akiMatches(c, a) - akiMatches(c, b) || byRank(a, b));
      if (list.length > 1) ranked = true;
      orderedCandidates.set(e, list);
    }
    return list;
  };
  const graph: PathGraph<CertEntry> = {
    *issuers(e) {
      for (const cand of candidatesOf(e)) if (verified(e.cert.sha256, e.cert, cand)) yield cand;
    },
    isAnchor: (e) => e.selfSigned,
    loopKey: (e) => `${e.cert.subjectKey}\u0000${e.cert.publicKey.id}`,
    problems: (path, complete) => pathProblems(path, complete, searchNow),
  };
  for (const e of certs.values()) {
    if ((work += 16) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const built = buildPath(e, graph);
    e.path = built.path;
    e.pathComplete = built.complete;
    if (built.path.length > 1) e.parent = built.path[1];
    else if (!e.selfSigned) e.badSignature = candidatesOf(e).length > 0 || (e.cert.authorityKeyId !== undefined && (bySki.get(e.cert.authorityKeyId)?.length ?? 0) > 0);
  }

  // Break issuer cycles (cross-signed CAs): walk up, cut where a node repeats.
  for (const e of certs.values()) {
    if ((work += 2) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const seen = new Set<CertEntry>([e]);
    let p = e;
    while (p.parent) {
      if (seen.has(p.parent)) {
        p.parent = undefined;
        break;
      }
      seen.add(p.parent);
      p = p.parent;
    }
  }
  for (const e of certs.values()) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    if (e.parent) e.parent.children = added(e.parent.children, e);
    // Primary location: a file of its own before a bundle, PEM/DER before PKCS#7/#12, then by path.
    if (e.locations.length > 1) e.locations.sort((a, b) => locationRank(a) - locationRank(b) || a.path.localeCompare(b.path) || a.index - b.index);
  }

  // Certificates by issuer key and serial, then one lookup per issuer key.
  const byIssuerKey = new Map<string, Map<string, CertEntry[]>>();
  for (const e of certs.values()) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const issuer = issuerOf(e);
    if (!issuer || e.cert.serialNegative) continue;
    let m = byIssuerKey.get(issuer.cert.publicKey.id);
    if (!m) byIssuerKey.set(issuer.cert.publicKey.id, (m = new Map()));
    push(m, e.cert.serial, e);
  }
  // Revocation: CRLs under their verified issuer, CA databases under the CA whose certificates they archived;
  // a certificate is looked up by its issuer's key (the one that verified its signature) and serial.
  const revocation = new RevocationIndex();
  for (const crlEntry of crls.values()) {
    if ((work += 8) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const crl = crlEntry.crl;
    const issuers = candidatesFor(crl.authorityKeyId, crl.issuerKey).filter((cand) => verified(crl.sha256, crl, cand));
    if (issuers.length > 1) ranked = true;
    const issuer = issuers.sort(byRank)[0];
    if (!issuer) continue;
    crlEntry.issuer = issuer;
    issuer.crls = added(issuer.crls, crlEntry);
    crlEntry.locations.sort((a, b) => locationRank(a) - locationRank(b) || a.path.localeCompare(b.path));
    revocation.addCrl(issuer.cert.publicKey.id, { kind: 'crl', path: crlEntry.locations[0]!.path, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, ...(crl.unusable ? { unusable: crl.unusable } : {}) }, crl.revoked);
  }
  if (databases.length) {
    const certsAt = new Map<string, CertEntry[]>();
    for (const e of certs.values()) {
      for (const loc of e.locations) push(certsAt, loc.path, e);
      if (++work >= unitsPerStep) {
        work = 0;
        yield;
      }
    }
    for (const db of databases) {
      const issuers = databaseIssuers(db.path, certs.values(), certsAt);
      // Indexing a database is deferred like a signature check, when a certificate here needs it.
      if (defer && !db.loaded && [...issuers].some((k) => byIssuerKey.has(k))) {
        defer.prepare(db, () => db.loadSteps());
        continue;
      }
      for (const keyId of issuers) revocation.addDatabase(keyId, db);
    }
  }
  for (const [keyId, bySerial] of byIssuerKey) {
    for (const [e, r] of revocation.lookupMany(keyId, bySerial)) e.revocations = r;
    yield;
  }

  // Keys: under the certificate with the same public key; pairing by file name detects mismatches. The
  // certificates by file name are needed only for a key no certificate holds (most workspaces have none).
  let unmatched = false;
  for (const k of keys) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const pub = k.item.key.publicKey;
    if (pub && !bySpki.get(pub.id)?.length) {
      unmatched = true;
      break;
    }
  }
  const certsByFileStem = new Map<string, CertEntry[]>();
  for (const e of unmatched ? certs.values() : none) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    for (const loc of e.locations) push(certsByFileStem, pairKey(loc.path), e);
  }
  for (const k of keys) {
    if ((work += 2) >= unitsPerStep) {
      work = 0;
      yield;
    }
    const pub = k.item.key.publicKey;
    const matching = pub ? bySpki.get(pub.id) : undefined;
    if (matching?.length) {
      if (matching.length > 1) ranked = true;
      const cert = [...matching].sort(byRank)[0]!;
      k.cert = cert;
      cert.keys = added(cert.keys, k);
      continue;
    }
    if (!pub) continue;
    // A key beside a certificate of the same name (server.crt + server.key) or in the same file that does not match.
    const stem = pairKey(k.item.origin.path);
    const paired = (certsByFileStem.get(stem) ?? []).filter((c) => !c.keys.some((x) => x.item.key.publicKey?.id === c.cert.publicKey.id));
    if (paired.length) {
      k.mismatch = true;
      for (const c of paired) c.keyMismatch = true;
    }
  }

  // CSRs under the key holding their public key, else under a certificate for that key.
  const keysBySpki = new Map<string, KeyEntry[]>();
  for (const k of keys) if (k.item.key.publicKey) push(keysBySpki, k.item.key.publicKey.id, k);
  const looseCsrs: OtherEntry[] = [];
  /** Where each CSR hangs: its key, else a certificate of its key. */
  const csrParents = new Map<OtherEntry, KeyEntry | CertEntry>();
  for (const csr of csrs) {
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
    if (csr.item.kind !== 'csr') continue;
    const keyId = csr.item.csr.publicKey.id;
    const k = keysBySpki.get(keyId)?.[0];
    const c = bySpki.get(keyId)?.[0];
    if (k) {
      k.csrs = added(k.csrs, csr);
      csrParents.set(csr, k);
    } else if (c) {
      c.csrs = added(c.csrs, csr);
      csrParents.set(csr, c);
    } else looseCsrs.push(csr);
  }

  // Serialise. Certificates sharing a label (two "Test Root CA"s) are told apart by fingerprint.
  const named: Array<{ key: CertEntry; name: string; path: string; sha256: string }> = [];
  for (const e of certs.values()) {
    // A certificate's name is made the first time it is grouped (labelOf): a few microseconds each.
    named.push({ key: e, name: labelOf(e.cert), path: e.locations[0]!.path, sha256: e.cert.sha256 });
    if ((work += 4) >= unitsPerStep) {
      work = 0;
      yield;
    }
  }
  const rowLabels = yield* distinctLabelsInSteps(named);
  const rowLabel = (e: CertEntry): string => rowLabels.get(e) ?? labelOf(e.cert);
  /** Each certificate's place in the collator's order of the row labels (equal labels, equal places), then its id. */
  const ranks = yield* nameOrder.rank([...rowLabels.values()]);
  for (const e of certs.values()) {
    e.labelPlace = ranks.get(rowLabel(e))!;
    if ((work += 1) >= unitsPerStep) {
      work = 0;
      yield;
    }
  }
  const byLabel = (a: CertEntry, b: CertEntry): number => a.labelPlace - b.labelPlace || (a.id < b.id ? -1 : 1);
  /** The forest's shape and order, which do not depend on the time: made once, kept for the tree at another time (retime). */
  let layout: { readonly roots: readonly Slot[]; readonly kids: Map<CertEntry, CertEntry[]> } | undefined;
  const layoutSteps = function* (): Generator<void, NonNullable<typeof layout>, void> {
    const top = [...certs.values()].filter((e) => !e.parent);
    // Self-signed roots first, then certificates whose issuer is missing; each alphabetically.
    yield* sortInSteps(top, (a, b) => Number(b.selfSigned) - Number(a.selfSigned) || byLabel(a, b));
    // Each issuer's certificates in order (a walk of the issuer forest without recursion, in steps).
    const kids = new Map<CertEntry, CertEntry[]>();
    for (const stack = [...top]; stack.length; ) {
      const e = stack.pop()!;
      for (const ch of e.children) stack.push(ch);
      if (e.children.length > 1) {
        const sorted = [...e.children];
        yield* sortInSteps(sorted, byLabel);
        kids.set(e, sorted);
      }
      if (++work >= unitsPerStep) {
        work = 0;
        yield;
      }
    }
    const roots: Slot[] = [...top];
    for (const k of keys) if (!k.cert) roots.push(k);
    for (const x of crls.values()) if (!x.issuer) roots.push(x);
    for (const x of looseCsrs) roots.push(x);
    for (const x of others) roots.push(x);
    return { roots, kids };
  };

  // The tree's shape over slots (core/pki/rows Forest): what each node's row, page and place need, without making nodes.
  const slotChildren = new Map<CertEntry, readonly Slot[]>();
  const childrenOf = (s: Slot): readonly Slot[] => {
    if ('mismatch' in s) return s.csrs;
    if (!('selfSigned' in s) || !(s.keys.length || s.csrs.length || s.children.length || s.crls.length)) return none;
    let list = slotChildren.get(s);
    if (!list) slotChildren.set(s, (list = [...s.keys, ...s.csrs, ...(layout!.kids.get(s) ?? s.children), ...s.crls]));
    return list;
  };
  const parentOf = (s: Slot): Slot | undefined => ('selfSigned' in s ? s.parent : 'mismatch' in s ? s.cert : 'crl' in s ? s.issuer : csrParents.get(s));
  const noChildren: ChildCounts = { children: 0, certificates: 0, crls: 0 };
  const countsOf = (s: Slot): ChildCounts =>
    'selfSigned' in s ? { children: s.keys.length + s.csrs.length + s.children.length + s.crls.length, certificates: s.children.length, crls: s.crls.length } : 'mismatch' in s ? { ...noChildren, children: s.csrs.length } : noChildren;
  let otherSlots: Map<string, Slot> | undefined;
  const findSlot = (id: string): Slot | undefined => {
    const found = certs.get(id) ?? crls.get(id);
    if (found) return found;
    if (!otherSlots) {
      otherSlots = new Map();
      for (const x of [...keys, ...csrs, ...others]) if (!otherSlots.has(x.id)) otherSlots.set(x.id, x);
    }
    return otherSlots.get(id);
  };

  /**
   * The tree and lookups told at `told` (validity, expiry, stale CRLs): the grouping and the order are
   * shared by the trees of one grouping at different times (retime); each tree stays as it was told.
   * A row's texts are made when first read: rows nobody asks for are never written.
   */
  const render = function* (told: { readonly now: number; readonly warnMs: number }): Generator<void, PkiIndex, void> {
    const certNode = (e: CertEntry): PkiNode => {
      const c = e.cert;
      const revoked = e.revocations[0];
      const role = roleOf(c, e.selfSigned);
      let sorted: PkiStatus[] | undefined;
      const status = (): PkiStatus[] => {
        if (sorted) return sorted;
        const list: PkiStatus[] = [];
        // Only kept copies (the CA's archive, what a renewal or rotation put aside): nothing deployed expires with it.
        const kept = keptAsAll(e.locations.map((l) => l.path)) !== undefined;
        if (c.notAfter < told.now) {
          if (!kept) list.push('expired');
        }
        else if (c.notBefore > told.now) list.push('notYetValid');
        else if (c.notAfter - told.now <= told.warnMs && !kept) list.push('expiringSoon');
        if (revoked) list.push('revoked');
        if (!e.parent && !e.selfSigned) list.push(e.badSignature ? 'badSignature' : 'untrusted');
        if (e.keyMismatch) list.push('keyMismatch');
        if (c.problems.length) list.push('invalid');
        return (sorted = sortStatus(list));
      };
      let description: string | undefined;
      let tooltip: string | undefined;
      let children: PkiNode[] | undefined;
      return {
        id: e.id,
        kind: 'certificate',
        label: rowLabel(e),
        get description() {
          return (description ??= [revoked ? tr`revoked ${dateText(revoked.date)}` : '', expiryText(c, told.now)].filter(Boolean).join(' · '));
        },
        get tooltip() {
          return (tooltip ??= [
            `${rowLabel(e)} (${roleName(role)})`,
            // Short on purpose: 5,000 tooltips travel with the tree; the full fields come with describeItem.
            e.selfSigned ? 'Self-signed' : tr`Issued by ${e.parent ? labelOf(e.parent.cert) : tr`${formatDn(c.issuer)} (not in the workspace)`}`,
            expiryText(c, told.now),
            ...e.revocations.map((r) => revocationText(r)),
            ...status().filter((s) => s !== 'expired' && s !== 'revoked' && s !== 'invalid').map(statusLine),
            ...c.problems.map((p) => `✕ ${p}`),
            ...e.locations.slice(0, 4).map((l, i) => `${i ? tr`Also in` : 'File'}: ${l.path}${keptCopySuffix(l.path)}`),
            ...(e.locations.length > 4 ? [tr`(+${e.locations.length - 4} more)`] : []),
          ].join('\n'));
        },
        role,
        get status() {
          return status();
        },
        location: e.locations[0]!,
        locations: e.locations,
        sha256: colonHex(c.sha256),
        issuerId: e.parent?.id,
        ...(revoked ? { revocation: revocationText(revoked) } : {}),
        daysLeft: daysBetween(told.now, c.notAfter),
        validFrom: isoTime(c.notBefore),
        validUntil: isoTime(c.notAfter),
        get children() {
          return (children ??= childrenOf(e).map(nodeOf));
        },
      };
    };

    const keyNode = (k: KeyEntry): PkiNode => {
      const key = k.item.key;
      const status: PkiStatus[] = [];
      if (k.mismatch) status.push('keyMismatch');
      else if (!k.cert && key.publicKey && key.kind === 'private') status.push('unmatchedKey');
      const size = key.publicKey?.bits ? ` ${key.publicKey.curve ?? key.publicKey.bits}` : '';
      const label = `${key.kind === 'private' ? 'Private' : 'Public'} key${key.algorithm ? ` (${key.algorithm}${size})` : ''}`;
      const description = [key.encrypted ? tr`encrypted` : '', k.cert ? tr`matches` : k.mismatch ? tr`does not match its certificate` : '', fileName(k.item.origin.path)].filter(Boolean).join(' · ');
      return {
        id: k.id,
        kind: 'key',
        label,
        description,
        tooltip: [label, key.encrypted ? tr`Encrypted: its public key is unknown without the passphrase.` : '', k.cert ? `Matches ${labelOf(k.cert.cert)}` : '', ...status.map(statusLine), `File: ${k.item.origin.path}`].filter(Boolean).join('\n'),
        status: sortStatus(status),
        location: k.item.origin,
        locations: [k.item.origin],
        children: k.csrs.map(nodeOf),
      };
    };

    const crlNode = (x: CrlEntry): PkiNode => {
      const crl = x.crl;
      const status: PkiStatus[] = [];
      if (crl.unusable) status.push('invalid');
      if (crl.nextUpdate !== undefined && crl.nextUpdate < told.now) status.push('stale');
      if (!x.issuer) status.push('untrusted');
      let tooltip: string | undefined;
      return {
        id: x.id,
        kind: 'crl',
        label: `CRL ${commonName(crl.issuer) ?? formatDn(crl.issuer)}`,
        description: `${tr`${crl.revoked.length} revoked certificate${plural(crl.revoked.length)}`}${crl.nextUpdate ? tr` · next update ${dateText(crl.nextUpdate)}` : ''}`,
        get tooltip() {
          return (tooltip ??= [tr`CRL issued by ${formatDn(crl.issuer)}`, tr`This update: ${dateText(crl.thisUpdate)}`, crl.nextUpdate ? tr`Next update: ${dateText(crl.nextUpdate)}` : '', ...crl.revoked.slice(0, 20).map((r) => tr`revoked ${colonHex(r.serial)} on ${dateText(r.date)}`), crl.revoked.length > 20 ? '…' : '', ...status.map(statusLine), `File: ${x.locations[0]!.path}`].filter(Boolean).join('\n'));
        },
        status: sortStatus(status),
        location: x.locations[0]!,
        locations: x.locations,
        sha256: colonHex(crl.sha256),
        issuerId: x.issuer?.id,
        validFrom: isoTime(crl.thisUpdate),
        validUntil: crl.nextUpdate !== undefined ? isoTime(crl.nextUpdate) : undefined,
        children: [],
      };
    };

    const otherNode = (x: OtherEntry): PkiNode => {
      const item = x.item;
      const base = { id: x.id, location: item.origin, locations: [item.origin], children: [] as PkiNode[] };
      if (item.kind === 'csr') {
        const cn = commonName(item.csr.subject) ?? formatDn(item.csr.subject);
        return { ...base, kind: 'csr', label: `CSR ${cn}`, description: fileName(item.origin.path), tooltip: tr`Certificate request\nSubject: ${formatDn(item.csr.subject)}\nKey: ${item.csr.publicKey.algorithm} ${item.csr.publicKey.bits ?? ''}\nFile: ${item.origin.path}`, status: [], sha256: colonHex(item.csr.sha256) };
      }
      if (item.kind === 'pkcs12') {
        return { ...base, kind: 'pkcs12', label: fileName(item.origin.path), description: item.listing.supported ? tr`PKCS#12 · decode with a password` : tr`PKCS#12 · unsupported encryption`, tooltip: `${describeListing(item.listing)}\nFile: ${item.origin.path}`, status: ['locked'] };
      }
      const message = item.kind === 'error' ? item.message : tr`unexpected item`;
      return { ...base, kind: 'error', label: fileName(item.origin.path), description: message, tooltip: `${item.origin.path}${item.origin.format === 'pem' ? tr` (block ${item.origin.index + 1})` : ''}\n${message}`, status: ['error'] };
    };

    const { roots } = (layout ??= yield* layoutSteps());
    // Each node is made the first time it is read, once per telling: a page made at a new minute costs its own rows.
    const made = new Map<Slot, PkiNode>();
    function nodeOf(s: Slot): PkiNode {
      let n = made.get(s);
      if (!n) made.set(s, (n = 'selfSigned' in s ? certNode(s) : 'mismatch' in s ? keyNode(s) : 'crl' in s ? crlNode(s) : otherNode(s)));
      return n;
    }
    const forest: Forest<Slot> = { roots, find: findSlot, children: childrenOf, parent: parentOf, node: nodeOf, counts: countsOf };
    let rootNodes: PkiNode[] | undefined;
    let allMade = false;

    const link = (x: CertEntry): ChainLink => ({ id: x.id, label: labelOf(x.cert), path: x.locations[0]?.path ?? '' });
    const statusOf = (cert: ParsedCertificate): CertificateStatus => {
      // An unsaved block's issuers are ranked, and its path judged, at this index's time.
      searchNow = told.now;
      let e = certs.get(`cert:${cert.sha256}`);
      if (!e) {
        // Not in the workspace (an unsaved block): the same search, from a transient entry.
        const t: CertEntry = { id: '', cert, locations: [], selfSigned: false, badSignature: false, keyMismatch: false, revocations: none, children: none, keys: none, crls: none, csrs: none, labelPlace: 0 };
        t.selfSigned = cert.issuerKey === cert.subjectKey && verified(cert.sha256, cert, t);
        const built = buildPath(t, graph);
        t.path = built.path;
        t.pathComplete = built.complete;
        if (built.path.length <= 1 && !t.selfSigned) t.badSignature = candidatesOf(t).length > 0;
        orderedCandidates.delete(t);
        const issuer = issuerOf(t);
        if (issuer && !cert.serialNegative) t.revocations = revocation.lookup(issuer.cert.publicKey.id, cert.serial);
        e = t;
      }
      const chain = e.path ?? [e];
      const complete = e.pathComplete ?? e.selfSigned;
      return {
        ...(e.id ? { id: e.id } : {}),
        name: labelOf(cert),
        locations: e.locations,
        selfSigned: e.selfSigned,
        chain: chain.map(link),
        complete,
        badSignature: e.badSignature,
        issuerName: formatDn(cert.issuer),
        problems: pathProblems(chain, complete, told.now),
        revocations: e.revocations,
        revocationSources: revocation.sourcesOf(issuerOf(e)?.cert.publicKey.id),
      };
    };


    return {
      revocation,
      statusOf,
      retime,
      tree: {
        get roots() {
          return (rootNodes ??= roots.map(nodeOf));
        },
        counts: { files: fileCount, certificates: certs.size, keys: keys.length, crls: crls.size, csrs: csrs.length, errors },
        tooLarge,
      },
      rows: (parentId, offset, limit) => forestPage(forest, parentId, offset, limit),
      place: (id) => forestPlace(forest, id),
      *made() {
        if (allMade) return;
        let units = 0;
        for (const stack = [...roots]; stack.length; ) {
          const s = stack.pop()!;
          for (const c of childrenOf(s)) stack.push(c);
          void nodeOf(s).children;
          if ((units += 4) >= unitsPerStep) {
            units = 0;
            yield;
          }
        }
        allMade = true;
      },
      certificates: certs,
      items: itemsById,
    };
  };

  /**
   * The grouping depends on the time only where candidates are ranked by validity (two issuers of one name,
   * a key of two certificates): then only while no certificate starts or ends its validity in between.
   */
  const retime = (at: number, expiryWarningDays: number): Generator<void, PkiIndex, void> | undefined => {
    if (ranked) {
      const lo = Math.min(now, at) - 1;
      const hi = Math.max(now, at) + 1;
      for (const e of certs.values()) {
        const { notBefore, notAfter } = e.cert;
        if ((notBefore >= lo && notBefore <= hi) || (notAfter >= lo && notAfter <= hi)) return undefined;
      }
    }
    return render({ now: at, warnMs: expiryWarningDays * dayMs });
  };

  const index = yield* render({ now, warnMs: options.expiryWarningDays * dayMs });
  grouping = false;
  return index;
}

/** Deployed files first: a file of its own, then bundles, and the CA's archive copy (newcerts/) last. */
function locationRank(l: PkiLocation): number {
  return (isKeptCopy(l.path) ? 4 : 0) + (l.format === 'pkcs7' || l.format === 'pkcs12' ? 2 : 0) + (l.index > 0 ? 1 : 0);
}

/** The issuer the path builder chose (its key verified the signature), before any cycle cut. */
function issuerOf(e: CertEntry): CertEntry | undefined {
  return e.path && e.path.length > 1 ? e.path[1] : undefined;
}

/** Where OpenSSL layouts keep the CA certificate of a database in `dir` (demoCA, and Certwright's profiles). */
function conventionalCaPaths(dir: string): string[] {
  const up = dirOf(dir);
  return [`${dir}/cacert.pem`, `${dir}/ca.crt`, `${dir}/ca.pem`, `${up}/certs/ca.crt`, `${up}/ca.pem`, `${up}/root.crt`, `${up}/ca.crt`, `${up}/cacert.pem`];
}

/**
 * The CA keys a database belongs to: the issuers of the copies `openssl ca`
 * archived beside it (`newcerts/`), else the CA certificate where the layout keeps it.
 */
function databaseIssuers(path: string, all: Iterable<CertEntry>, certsAt: ReadonlyMap<string, CertEntry[]>): Set<string> {
  const dir = dirOf(path);
  const keys = new Set<string>();
  const archive = `${dir}/newcerts/`;
  for (const e of all) {
    if (!e.locations.some((l) => l.path.startsWith(archive))) continue;
    const issuer = issuerOf(e);
    if (issuer) keys.add(issuer.cert.publicKey.id);
    else if (e.selfSigned) keys.add(e.cert.publicKey.id);
  }
  if (keys.size) return keys;
  for (const p of conventionalCaPaths(dir)) for (const e of certsAt.get(p) ?? []) if (e.cert.basicConstraints?.ca) keys.add(e.cert.publicKey.id);
  return keys;
}


function fileName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/** "Revoked on 2026-12-06 (keyCompromise) per ca.crl": one wording for the tree, hover and Problems. */
export function revocationText(r: Revocation, display: (path: string) => string = fileName): string {
  return tr`Revoked on ${dateText(r.date)}${revocationReason(r)} per ${revocationSource(r, display)}`;
}

/** The RFC 5280 reason name, a value: " (keyCompromise)". */
function revocationReason(r: Revocation): string {
  return r.reason ? ` (${r.reason})` : '';
}

/** "the CRL ca.crl": the source and its file in one phrase, so a translation can put them in its own order. */
function revocationSource(r: Revocation, display: (path: string) => string): string {
  return r.source.kind === 'crl' ? tr`the CRL ${display(r.source.path)}` : tr`the CA database ${display(r.source.path)}`;
}

/** The fields shown when a certificate node is expanded. */
export function certificateFields(cert: ParsedCertificate, now: number): PkiField[] {
  const f: PkiField[] = [
    ...(cert.problems.length ? [{ label: tr`Problems`, value: cert.problems.join('; ') }] : []),
    { label: tr`Subject`, value: formatDn(cert.subject) || tr`(empty)` },
    { label: tr`Issuer`, value: formatDn(cert.issuer) || tr`(empty)` },
    { label: tr`Serial`, value: `${cert.serialNegative ? '-' : ''}${colonHex(cert.serial)}` },
    { label: tr`Not before`, value: dateTimeText(cert.notBefore) },
    { label: tr`Not after`, value: `${dateTimeText(cert.notAfter)} (${expiryText(cert, now)})` },
    { label: tr`Subject alt names`, value: cert.subjectAltNames?.join(', ') || '(none)' },
    { label: tr`Key usage`, value: cert.keyUsage?.join(', ') || '(none)' },
    { label: tr`Extended key usage`, value: cert.extKeyUsage?.join(', ') || '(none)' },
    {
      label: tr`Basic constraints`,
      value: cert.basicConstraints ? `${cert.basicConstraints.critical ? 'critical, ' : ''}CA:${cert.basicConstraints.ca ? 'TRUE' : 'FALSE'}${cert.basicConstraints.pathLen !== undefined ? `, pathlen:${cert.basicConstraints.pathLen}` : ''}` : '(none)',
    },
    { label: tr`Subject key identifier`, value: cert.subjectKeyId ? colonHex(cert.subjectKeyId) : '(none)' },
    { label: tr`Authority key identifier`, value: cert.authorityKeyId ? colonHex(cert.authorityKeyId) : '(none)' },
    { label: tr`Public key`, value: `${cert.publicKey.algorithm}${cert.publicKey.curve ? ` ${cert.publicKey.curve}` : ''}${cert.publicKey.bits ? tr` (${cert.publicKey.bits} bit)` : ''}` },
    { label: tr`Signature algorithm`, value: signatureAlgorithmName(cert.signatureAlgorithm) },
    { label: tr`SHA-256 fingerprint`, value: colonHex(cert.sha256) },
    // Made here, not kept with every certificate: only this view shows it.
    { label: tr`SHA-1 fingerprint`, value: toColonHex(sha1(cert.der)) },
  ];
  return f;
}

/** Serials the Revoked field of a CRL shows; the rest come in pages (revokedPage), never as one string of 100,000. */
export const revokedFieldSerials = 50;

function revokedSummary(revoked: RevokedList): string {
  if (!revoked.length) return '(none)';
  const shown = revoked.slice(0, revokedFieldSerials).map((r) => colonHex(r.serial)).join(', ');
  const more = revoked.length - revokedFieldSerials;
  return more > 0 ? tr`${shown} … and ${more.toLocaleString('en-US')} more (${revoked.length.toLocaleString('en-US')} in all)` : shown;
}

/** A page of a CRL's entries as its fields show them: serial, revocation date, reason. */
export function revokedPage(revoked: RevokedList, offset: number, limit: number): { serial: string; date: string; reason?: string }[] {
  return revoked.slice(offset, offset + limit).map((r) => ({ serial: colonHex(r.serial), date: formatInstant(r.date), ...(r.reason ? { reason: r.reason } : {}) }));
}

/** Fields for any node: certificate fields, or a short description of keys, CRLs, CSRs and PKCS#12. */
export function itemFields(item: PkiItem, now: number): PkiField[] {
  switch (item.kind) {
    case 'certificate':
      return certificateFields(item.cert, now);
    case 'crl':
      return [
        { label: tr`Issuer`, value: formatDn(item.crl.issuer) },
        { label: tr`This update`, value: formatInstant(item.crl.thisUpdate) },
        { label: tr`Next update`, value: item.crl.nextUpdate !== undefined ? formatInstant(item.crl.nextUpdate) : '(none)' },
        ...(item.crl.crlNumber ? [{ label: tr`CRL number`, value: colonHex(item.crl.crlNumber) }] : []),
        { label: tr`Authority key identifier`, value: item.crl.authorityKeyId ? colonHex(item.crl.authorityKeyId) : '(none)' },
        { label: tr`Revoked`, value: revokedSummary(item.crl.revoked) },
        { label: tr`Signature algorithm`, value: signatureAlgorithmName(item.crl.signatureAlgorithm) },
        { label: tr`SHA-256 fingerprint`, value: colonHex(item.crl.sha256) },
      ];
    case 'csr':
      return [
        { label: tr`Subject`, value: formatDn(item.csr.subject) },
        { label: tr`Public key`, value: `${item.csr.publicKey.algorithm}${item.csr.publicKey.curve ? ` ${item.csr.publicKey.curve}` : ''}${item.csr.publicKey.bits ? tr` (${item.csr.publicKey.bits} bit)` : ''}` },
        { label: tr`Signature algorithm`, value: signatureAlgorithmName(item.csr.signatureAlgorithm) },
        { label: tr`SHA-256 fingerprint`, value: colonHex(item.csr.sha256) },
      ];
    case 'key': {
      const k = item.key;
      return [
        { label: tr`Type`, value: `${k.kind === 'private' ? tr`Private key` : tr`Public key`}${k.algorithm ? `, ${k.algorithm}` : ''}` },
        { label: tr`Size`, value: k.publicKey?.bits ? `${k.publicKey.bits} bit${k.publicKey.curve ? ` (${k.publicKey.curve})` : ''}` : tr`unknown` },
        { label: tr`Encrypted`, value: k.encrypted ? tr`yes` : tr`no` },
        ...(k.publicKey ? [{ label: tr`Public key SHA-256`, value: colonHex(k.publicKey.id) }] : []),
      ];
    }
    case 'pkcs12':
      return [
        { label: tr`Format`, value: tr`PKCS#12 version ${item.listing.version}` },
        { label: tr`Integrity`, value: item.listing.mac ? tr`MAC ${item.listing.mac.algorithm}, ${item.listing.mac.iterations} iterations` : 'none' },
        ...item.listing.parts.map((p, i) => ({ label: tr`Part ${i + 1}`, value: p.kind === 'plain' ? `plain: ${(p.bags ?? []).map((b) => `${b.type}${b.friendlyName ? ` "${b.friendlyName}"` : ''}${b.protection ? ` (${b.protection})` : ''}`).join(', ')}` : `${p.kind}: ${p.protection ?? ''}${p.supported ? '' : tr` — not supported`}` })),
      ];
    case 'error':
      return [{ label: tr`Problem`, value: item.message }];
  }
}

/**
 * RFC 5280 checks of a path (leaf first): validity, revocation, invalid or unknown critical
 * extensions, CA and keyCertSign on every issuer, and pathLenConstraint counting only the
 * intermediates that are not self-issued (RFC 5280 6.1.4 (l)).
 */
function pathProblems(path: readonly CertEntry[], complete: boolean, now: number): string[] {
  const problems: string[] = [];
  path.forEach((e, i) => {
    const c = e.cert;
    const name = labelOf(c);
    if (c.notAfter < now) problems.push(tr`${name}: expired on ${dateText(c.notAfter)}`);
    if (c.notBefore > now) problems.push(tr`${name}: not valid before ${dateText(c.notBefore)}`);
    const r = e.revocations[0];
    if (r) problems.push(tr`${name}: revoked on ${dateText(r.date)}${revocationReason(r)} per ${revocationSource(r, fileName)}`);
    for (const p of c.problems) problems.push(`${name}: ${p}`);
    if (i > 0) {
      const v1Anchor = complete && i === path.length - 1 && c.version === 1;
      if (!c.basicConstraints?.ca && !v1Anchor) problems.push(tr`${name}: signs ${labelOf(path[i - 1]!.cert)} but is not a CA (basicConstraints CA:TRUE missing)`);
      if (c.keyUsage && !c.keyUsage.includes('keyCertSign')) problems.push(tr`${name}: keyUsage lacks keyCertSign`);
      const pathLen = c.basicConstraints?.pathLen;
      if (pathLen !== undefined) {
        let below = 0;
        for (let j = 1; j < i; j++) if (path[j]!.cert.issuerKey !== path[j]!.cert.subjectKey) below++;
        if (below > pathLen) problems.push(tr`${name}: pathlen:${pathLen} allows fewer intermediates than the ${below} below it (self-issued ones not counted)`);
      }
    }
  });
  if (!complete) {
    const top = path[path.length - 1]!;
    problems.push(top.badSignature ? tr`${labelOf(top.cert)}: an issuer candidate exists but its key does not verify the signature` : tr`incomplete: the issuer "${formatDn(top.cert.issuer)}" is not in the workspace`);
  }
  return problems;
}

/**
 * The chain of a certificate as the path builder found it, checked at `now`. The summary says
 * what was verified and which anchor the chain ends at — not a trust decision.
 */
export function verifyChain(index: PkiIndex, id: string, now: number): ChainReport {
  const start = index.certificates.get(id);
  if (!start) return { ok: false, chain: [], problems: [tr`not a certificate in the workspace`], summary: tr`Not a certificate in the workspace.` };
  const chain = start.path ?? [start];
  const complete = start.pathComplete ?? start.selfSigned;
  const problems = pathProblems(chain, complete, now);
  const ok = problems.length === 0;
  const link = (e: CertEntry): ChainLink => ({ id: e.id, label: labelOf(e.cert), path: e.locations[0]!.path });
  const anchor = complete ? chain[chain.length - 1]! : undefined;
  const steps = chain.slice(1).map((e, i) => tr`${labelOf(chain[i]!.cert)} is issued by ${labelOf(e.cert)}, signature verified`);
  const anchorFile = anchor ? fileName(anchor.locations[0]!.path) : '';
  const anchorText = anchor ? tr`${labelOf(anchor.cert)} is self-signed and in this workspace (${anchorFile})` : '';
  const story = [...steps, anchorText].filter(Boolean).join('; ');
  // Each sentence a template of its own (the last with its full stop), so the summary translates item by item.
  const verified = [...steps, ...(anchor ? [tr`${labelOf(anchor.cert)} is self-signed and in this workspace (${anchorFile}).`] : [])].join('; ');
  return {
    ok,
    chain: chain.map(link),
    ...(anchor ? { anchor: link(anchor) } : {}),
    problems,
    summary: ok ? verified : story ? tr`${story}. Problems: ${problems.join('; ')}` : tr`Problems: ${problems.join('; ')}`,
  };
}
