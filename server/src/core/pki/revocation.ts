/**
 * The one revocation lookup: which certificates the workspace's CRLs and CA
 * databases (OpenSSL's index.txt) say are revoked. Hover, Problems, the
 * Certificates tree and `certwright list` all ask this index. Entries are keyed
 * by the issuer's public key (a CRL counts only once its signature verified
 * with that key; a database belongs to the CA whose key signed the certificates
 * it archived) and the serial, as RFC 5280 5.3 and OpenSSL's `-crl_check` do.
 */
import { parseIndex } from '../issue/state';
import type { CrlEntryFacts } from './parse';
import { RevokedList } from './revokedList';
import { dayMs } from '../pem/validity';

export interface RevocationSource {
  readonly kind: 'crl' | 'ca-database';
  /** The file that says so (the CRL's primary location, or the index.txt). */
  readonly path: string;
  /** CRLs: thisUpdate / nextUpdate (ms since the epoch). */
  readonly thisUpdate?: number;
  readonly nextUpdate?: number;
  /** CRLs OpenSSL cannot use: `openssl verify -crl_check`'s error, which it gives instead of any revocation. */
  readonly unusable?: string;
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
  readonly revoked: RevokedList;
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
  addCrl(issuerKeyId: string, source: RevocationSource, revoked: RevokedList): void {
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
   * The same for many certificates of one issuer (`serial → items`): a binary search per
   * certificate in each CRL, so a 100,000-entry CRL costs microseconds per certificate.
   */
  lookupMany<T>(issuerKeyId: string | undefined, bySerial: ReadonlyMap<string, readonly T[]>): Map<T, Revocation[]> {
    const out = new Map<T, Revocation[]>();
    if (issuerKeyId === undefined || !bySerial.size) return out;
    const add = (items: readonly T[], revocation: Revocation): void => {
      for (const it of items) {
        const l = out.get(it);
        if (l) l.push(revocation);
        else out.set(it, [revocation]);
      }
    };
    for (const c of this.crlsByIssuer.get(issuerKeyId) ?? []) {
      // OpenSSL refuses the CRL before reading its entries.
      if (c.source.unusable) continue;
      for (const [serial, items] of bySerial) {
        for (const i of c.revoked.positionsOf(serial)) {
          const e = c.revoked.at(i);
          add(items, { date: e.date, source: c.source, ...optionalReason(e.reason) });
        }
      }
    }
    const databases = this.databasesByIssuer.get(issuerKeyId);
    if (databases) {
      for (const [serial, items] of bySerial) {
        const key = serialKey(serial);
        for (const d of databases) {
          const e = d.db.revokedEntry(key);
          if (e) add(items, { date: e.date, source: d.source, ...optionalReason(e.reason) });
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
 * reader (core/issue/state). Its revoked entries are kept packed (RevokedList), either
 * indexed elsewhere (the server's decode worker reads a large database whole) or from
 * the text the first time a certificate of its CA is looked up: a scan then only checks
 * that the file looks like one (its first entry parses), and the entries are indexed once
 * per file version in steps a host can run between event-loop turns (`loadSteps`).
 */
export class CaDatabaseFile {
  private revoked: RevokedList | undefined;
  private constructor(
    readonly path: string,
    private text: string | undefined,
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

  /** A database whose revoked entries were indexed elsewhere (revokedList() of a database read there). */
  static indexed(path: string, revoked: RevokedList): CaDatabaseFile {
    const db = new CaDatabaseFile(path, undefined);
    db.revoked = revoked;
    return db;
  }

  /** Whether the revoked entries are indexed (lookups then cost a binary search). */
  get loaded(): boolean {
    return this.revoked !== undefined;
  }

  /**
   * Indexes the revoked entries, whole lines at a time, yielding after each step; a file
   * that turns out malformed anywhere lists nothing, as when it was read in one piece.
   */
  *loadSteps(): Generator<void, void, void> {
    if (this.revoked) return;
    // By serial: a serial listed twice counts as its last line says.
    const revoked = new Map<string, CrlEntryFacts>();
    const text = this.text ?? '';
    let malformed = false;
    for (let start = 0; start < text.length && !malformed; ) {
      const nl = text.indexOf('\n', Math.min(start + databaseStepChars, text.length - 1));
      const end = nl < 0 ? text.length : nl + 1;
      try {
        for (const e of parseIndex(text.slice(start, end))) {
          if (e.status === 'R' && e.revoked) revoked.set(e.serial, { serial: e.serial, date: e.revoked.getTime(), ...optionalReason(e.reason) });
        }
      } catch {
        malformed = true;
      }
      start = end;
      if (this.revoked) return; // loaded meanwhile by a synchronous lookup
      yield;
    }
    this.revoked ??= malformed ? RevokedList.empty : RevokedList.from([...revoked.values()]);
    this.text = undefined;
  }

  /** The revoked entries (OpenSSL's serial form), indexed now if they were not yet. */
  revokedList(): RevokedList {
    if (!this.revoked) {
      const steps = this.loadSteps();
      while (!steps.next().done);
    }
    return this.revoked!;
  }

  /** The revoked entry with this serial (OpenSSL's form); a file that turns out malformed lists nothing. */
  revokedEntry(serial: string): CrlEntryFacts | undefined {
    const list = this.revokedList();
    const at = list.positionsOf(serial);
    return at.length ? list.at(at[at.length - 1]!) : undefined;
  }
}

export type CrlFreshness = 'current' | 'dueSoon' | 'lapsed' | 'noNextUpdate';

/** Where a CRL stands: past nextUpdate, an OpenSSL `-crl_check` fails ("CRL has expired") and so does PostgreSQL. */
export function crlFreshness(source: RevocationSource, now: number, warningDays: number): CrlFreshness {
  if (source.nextUpdate === undefined) return 'noNextUpdate';
  if (source.nextUpdate < now) return 'lapsed';
  return source.nextUpdate - now <= warningDays * dayMs ? 'dueSoon' : 'current';
}
