/**
 * The one revocation lookup: which certificates the workspace's CRLs and CA
 * databases (OpenSSL's index.txt) say are revoked. Hover, Problems, the
 * Certificates tree and `certwright list` all ask this index. Entries are keyed
 * by the issuer's public key (a CRL counts only once its signature verified
 * with that key; a database belongs to the CA whose key signed the certificates
 * it archived) and the serial, as RFC 5280 5.3 and OpenSSL's `-crl_check` do.
 */
import { children, readOid, readSmallInt, readTlv, TAG } from '../pem/der';
import { parseIndex, type IndexEntry } from '../issue/state';

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
  readonly der?: Uint8Array;
  /** As the decoder gives them: the same form as the certificates' serials (no copy of a 100,000-entry list). */
  readonly revoked: ReadonlyArray<{ readonly serial: string; readonly date: number }>;
}

interface DatabaseRecord {
  readonly source: RevocationSource;
  readonly db: CaDatabaseFile;
}

/** RFC 5280 CRLReason codes by name (OpenSSL's names, as index.txt writes them; 7 is unused). */
const reasonNames: Readonly<Record<number, string>> = { 0: 'unspecified', 1: 'keyCompromise', 2: 'CACompromise', 3: 'affiliationChanged', 4: 'superseded', 5: 'cessationOfOperation', 6: 'certificateHold', 8: 'removeFromCRL', 9: 'privilegeWithdrawn', 10: 'AACompromise' };

const hexDigits = '0123456789ABCDEF';

/**
 * The reasonCodes of a CRL's entries by serial (OpenSSL's form), read the first time a revoked
 * certificate's reason is shown: one walk over the entries with the DER reader that looks inside
 * an entry only when it has extensions (a 100,000-entry CRL in milliseconds; the full decode
 * takes seconds). Cached per CRL; empty when unreadable.
 */
const reasonCache = new WeakMap<Uint8Array, Map<string, string>>();
export function crlEntryReasons(der: Uint8Array): ReadonlyMap<string, string> {
  let reasons = reasonCache.get(der);
  if (!reasons) {
    reasons = new Map();
    try {
      readReasons(der, reasons);
    } catch {
      // A CRL the tree decoded is well-formed; anything else simply has no reasons to show.
    }
    reasonCache.set(der, reasons);
  }
  return reasons;
}

function readReasons(der: Uint8Array, out: Map<string, string>): void {
  const outer = readTlv(der, 0);
  const tbs = readTlv(der, outer.valueStart, outer.end);
  const fields = children(der, tbs);
  // version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] extensions?
  let i = fields.findIndex((f) => f.tag === TAG.UTCTime || f.tag === TAG.GeneralizedTime);
  if (i < 0) return;
  i++;
  if (fields[i]?.tag === TAG.UTCTime || fields[i]?.tag === TAG.GeneralizedTime) i++;
  const list = fields[i];
  if (list?.tag !== TAG.SEQUENCE) return;
  for (let p = list.valueStart; p < list.end; ) {
    const entry = readTlv(der, p, list.end);
    p = entry.end;
    const serial = readTlv(der, entry.valueStart, entry.end);
    const date = readTlv(der, serial.end, entry.end);
    if (date.end >= entry.end) continue;
    for (const ext of children(der, readTlv(der, date.end, entry.end))) {
      const parts = children(der, ext);
      if (parts[0]?.tag !== TAG.OID || readOid(der, parts[0]) !== '2.5.29.21') continue;
      const value = parts[parts.length - 1]!;
      const code = readSmallInt(der, readTlv(der, value.valueStart, value.end), TAG.ENUMERATED);
      let hex = '';
      for (let k = serial.valueStart; k < serial.end; k++) hex += hexDigits[der[k]! >> 4]! + hexDigits[der[k]! & 15]!;
      out.set(serialKey(hex), reasonNames[code] ?? `reason ${code}`);
    }
  }
}

/** A CRL entry: its reason is read from the CRL only when someone asks for it. */
class CrlRevocation implements Revocation {
  constructor(
    readonly date: number,
    readonly source: RevocationSource,
    private readonly der: Uint8Array | undefined,
    private readonly serial: string,
  ) {}
  get reason(): string | undefined {
    return this.der ? crlEntryReasons(this.der).get(serialKey(this.serial)) : undefined;
  }
}

export class RevocationIndex {
  private readonly crlsByIssuer = new Map<string, CrlRecord[]>();
  private readonly databasesByIssuer = new Map<string, DatabaseRecord[]>();

  /**
   * A CRL whose signature verified with the key `issuerKeyId`. Its entries' serials must be in
   * the form the certificates' serials are looked up in (both from the one decoder).
   */
  addCrl(issuerKeyId: string, source: RevocationSource, revoked: ReadonlyArray<{ readonly serial: string; readonly date: number }>, der?: Uint8Array): void {
    push(this.crlsByIssuer, issuerKeyId, { source: { ...source, kind: 'crl' }, der, revoked });
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
      for (const e of c.revoked) {
        const items = bySerial.get(e.serial);
        if (items) add(items, () => new CrlRevocation(e.date, c.source, c.der, e.serial));
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

function optionalReason(reason: string | undefined): { reason?: string } {
  return reason ? { reason } : {};
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * An OpenSSL CA database (index.txt) of the workspace, read with the one index.txt
 * reader (core/issue/state) the first time a certificate of its CA is looked up:
 * a scan only checks that the file looks like one (its first entry parses), so a
 * 100,000-line database costs nothing until it is needed.
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

  /** The revoked entry with this serial (OpenSSL's form); a file that turns out malformed lists nothing. */
  revokedEntry(serial: string): IndexEntry | undefined {
    if (!this.revoked) {
      this.revoked = new Map();
      let entries: IndexEntry[] = [];
      try {
        entries = parseIndex(this.text);
      } catch {
        entries = [];
      }
      for (const e of entries) if (e.status === 'R' && e.revoked) this.revoked.set(e.serial, e);
    }
    return this.revoked.get(serial);
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
