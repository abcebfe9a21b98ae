/**
 * The one revocation lookup: which certificates the workspace's CRLs and CA
 * databases (OpenSSL's index.txt) say are revoked. Hover, Problems, the
 * Certificates tree and `certwright list` all ask this index. Entries are keyed
 * by the issuer's public key (a CRL counts only once its signature verified
 * with that key; a database belongs to the CA whose key signed the certificates
 * it archived) and the serial, as RFC 5280 5.3 and OpenSSL's `-crl_check` do.
 */
import { parseIndex, type IndexEntry } from '../issue/state';
import type { CrlEntryFacts } from './parse';

export interface RevocationSource {
  readonly kind: 'crl' | 'ca-database';
  /** The file that says so (the CRL's primary location, or the index.txt). */
  readonly path: string;
  /** CRLs: thisUpdate / nextUpdate (ms since the epoch). */
  readonly thisUpdate?: number;
  readonly nextUpdate?: number;
}

export interface Revocation {
  /** Revocation date, ms since the epoch. */
  readonly date: number;
  /** CRLReason name (keyCompromise...) or the index.txt reason word, when given. */
  readonly reason?: string;
  readonly source: RevocationSource;
}

/** A serial as OpenSSL prints it (BN_bn2hex): upper case, whole bytes, no leading zero bytes. */
export function serialKey(hex: string): string {
  let h = hex.replace(/[:\s-]/g, '').toUpperCase().replace(/^0+/, '');
  if (h.length % 2) h = `0${h}`;
  return h || '00';
}

interface CrlRecord {
  readonly source: RevocationSource;
  /** As the decoder gives them (no copy of a 100,000-entry list). */
  readonly revoked: ReadonlyArray<CrlEntryFacts>;
}

interface DatabaseRecord {
  readonly source: RevocationSource;
  readonly db: CaDatabaseFile;
}

export class RevocationIndex {
  private readonly crlsByIssuer = new Map<string, CrlRecord[]>();
  private readonly databasesByIssuer = new Map<string, DatabaseRecord[]>();

  /**
   * A CRL whose signature verified with the key `issuerKeyId`. Its entries' serials must be in
   * the form the certificates' serials are looked up in (both from the one decoder).
   */
  addCrl(issuerKeyId: string, source: RevocationSource, revoked: ReadonlyArray<CrlEntryFacts>): void {
    push(this.crlsByIssuer, issuerKeyId, { source: { ...source, kind: 'crl' }, revoked });
  }

  /** A CA database of the CA with key `issuerKeyId`. */
  addDatabase(issuerKeyId: string, db: CaDatabaseFile): void {
    if (this.databasesByIssuer.get(issuerKeyId)?.some((d) => d.db === db)) return;
    push(this.databasesByIssuer, issuerKeyId, { source: { kind: 'ca-database', path: db.path }, db });
  }

  /**
   * Every source that lists the certificate `serial` of the issuer with key
   * `issuerKeyId` as revoked: CRLs first (what verifiers read), then CA databases.
   */
  lookup(issuerKeyId: string | undefined, serial: string): Revocation[] {
    return this.lookupMany(issuerKeyId, new Map([[serial, [serial]]])).get(serial) ?? [];
  }

  /**
   * The same for many certificates of one issuer (`serial → items`): one pass over each
   * CRL that allocates nothing per entry, so a 100,000-entry CRL costs milliseconds.
   */
  lookupMany<T>(issuerKeyId: string | undefined, bySerial: ReadonlyMap<string, readonly T[]>): Map<T, Revocation[]> {
    const out = new Map<T, Revocation[]>();
    if (issuerKeyId === undefined || !bySerial.size) return out;
    const add = (items: readonly T[] | undefined, r: () => Revocation): void => {
      if (!items) return;
      const revocation = r();
      for (const it of items) {
        const l = out.get(it);
        if (l) l.push(revocation);
        else out.set(it, [revocation]);
      }
    };
    for (const c of this.crlsByIssuer.get(issuerKeyId) ?? []) {
      const entry = (e: CrlEntryFacts) => (): Revocation => ({ date: e.date, source: c.source, ...optionalReason(e.reason) });
      const index = crlIndexes.get(c.revoked);
      if (index) {
        for (const [serial, items] of bySerial) {
          const at = index.get(serial);
          if (typeof at === 'number') add(items, entry(c.revoked[at]!));
          else if (at) for (const i of at) add(items, entry(c.revoked[i]!));
        }
      } else {
        // One pass that allocates nothing per entry: milliseconds for 100,000 entries.
        for (const e of c.revoked) {
          const items = bySerial.get(e.serial);
          if (items) add(items, entry(e));
        }
      }
    }
    const databases = this.databasesByIssuer.get(issuerKeyId);
    if (databases) {
      for (const [serial, items] of bySerial) {
        const key = serialKey(serial);
        for (const d of databases) {
          const e = d.db.revokedEntry(key);
          if (e?.revoked) add(items, () => ({ date: e.revoked!.getTime(), source: d.source, ...optionalReason(e.reason) }));
        }
      }
    }
    return out;
  }

  /** Whether any CRL or database of this issuer was found (so "not revoked" means something). */
  sourcesOf(issuerKeyId: string | undefined): RevocationSource[] {
    if (issuerKeyId === undefined) return [];
    return [...(this.crlsByIssuer.get(issuerKeyId) ?? []).map((c) => c.source), ...(this.databasesByIssuer.get(issuerKeyId) ?? []).map((d) => d.source)];
  }
}

/**
 * Serial → position(s) of a CRL's entries, built once per decoded CRL (its entry list is its
 * identity), so a rebuild of the tree looks its certificates up instead of walking 100,000
 * entries again. Only large CRLs are indexed: a walk of a small one costs less than its index.
 */
const crlIndexes = new WeakMap<ReadonlyArray<CrlEntryFacts>, Map<string, number | number[]>>();
/** CRLs with at least this many entries are worth an index. */
export const crlIndexFrom = 4096;
/** Entries indexed per step (about a millisecond). */
const crlIndexStep = 4096;

export function crlIndexed(revoked: ReadonlyArray<CrlEntryFacts>): boolean {
  return crlIndexes.has(revoked);
}

/** Indexes a CRL's serials, yielding after each step (a host runs the steps between event-loop turns). */
export function* crlIndexSteps(revoked: ReadonlyArray<CrlEntryFacts>): Generator<void, void, void> {
  if (crlIndexes.has(revoked)) return;
  const index = new Map<string, number | number[]>();
  for (let i = 0; i < revoked.length; i++) {
    const serial = revoked[i]!.serial;
    const at = index.get(serial);
    if (at === undefined) index.set(serial, i);
    else if (typeof at === 'number') index.set(serial, [at, i]);
    else at.push(i);
    if (i % crlIndexStep === crlIndexStep - 1) yield;
  }
  crlIndexes.set(revoked, index);
}

function optionalReason(reason: string | undefined): { reason?: string } {
  return reason ? { reason } : {};
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Characters of index.txt parsed per step of a sliced load (about a millisecond). */
const databaseStepChars = 16 * 1024;

/**
 * An OpenSSL CA database (index.txt) of the workspace, read with the one index.txt
 * reader (core/issue/state) the first time a certificate of its CA is looked up:
 * a scan only checks that the file looks like one (its first entry parses), so a
 * 100,000-line database costs nothing until it is needed. Its revoked entries are
 * indexed once per file version, in steps a host can run between event-loop turns
 * (`loadSteps`), since a 100,000-line database takes about half a second to parse.
 */
export class CaDatabaseFile {
  private revoked: Map<string, IndexEntry> | undefined;
  private constructor(
    readonly path: string,
    private readonly text: string,
  ) {}

  /** The database, or undefined when the text is not one (an unrelated index.txt): OpenSSL's reader refuses such a file too. */
  static read(path: string, text: string): CaDatabaseFile | undefined {
    const first = text.split('\n', 64).find((l) => l.trim() && !l.startsWith('#'));
    if (first !== undefined) {
      try {
        parseIndex(first);
      } catch {
        return undefined;
      }
    }
    return new CaDatabaseFile(path, text);
  }

  /** Whether the revoked entries are indexed (lookups then cost a map access). */
  get loaded(): boolean {
    return this.revoked !== undefined;
  }

  /**
   * Indexes the revoked entries, whole lines at a time, yielding after each step; a file
   * that turns out malformed anywhere lists nothing, as when it was read in one piece.
   */
  *loadSteps(): Generator<void, void, void> {
    if (this.revoked) return;
    const revoked = new Map<string, IndexEntry>();
    const text = this.text;
    let malformed = false;
    for (let start = 0; start < text.length && !malformed; ) {
      const nl = text.indexOf('\n', Math.min(start + databaseStepChars, text.length - 1));
      const end = nl < 0 ? text.length : nl + 1;
      try {
        for (const e of parseIndex(text.slice(start, end))) if (e.status === 'R' && e.revoked) revoked.set(e.serial, e);
      } catch {
        malformed = true;
      }
      start = end;
      if (this.revoked) return; // loaded meanwhile by a synchronous lookup
      yield;
    }
    this.revoked ??= malformed ? new Map() : revoked;
  }

  /** The revoked entry with this serial (OpenSSL's form); a file that turns out malformed lists nothing. */
  revokedEntry(serial: string): IndexEntry | undefined {
    if (!this.revoked) {
      const steps = this.loadSteps();
      while (!steps.next().done);
    }
    return this.revoked!.get(serial);
  }
}

/** Whether a file is a CA's archive copy of what it issued (`openssl ca` writes `<dir>/newcerts/<serial>.pem`). */
export function isCaArchiveCopy(path: string): boolean {
  return /(^|[\\/])newcerts[\\/][^\\/]+$/.test(path);
}

export type CrlFreshness = 'current' | 'dueSoon' | 'lapsed' | 'noNextUpdate';

/** Where a CRL stands: past nextUpdate, an OpenSSL `-crl_check` fails ("CRL has expired") and so does PostgreSQL. */
export function crlFreshness(source: RevocationSource, now: number, warningDays: number): CrlFreshness {
  if (source.nextUpdate === undefined) return 'noNextUpdate';
  if (source.nextUpdate < now) return 'lapsed';
  return source.nextUpdate - now <= warningDays * 86_400_000 ? 'dueSoon' : 'current';
}
