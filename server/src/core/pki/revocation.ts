/**
 * The one revocation lookup: which certificates the workspace's CRLs and CA
 * databases (OpenSSL's index.txt) say are revoked. Hover, Problems, the
 * Certificates tree and `certwright list` all ask this index. Entries are keyed
 * by the issuer's public key (a CRL counts only once its signature verified
 * with that key; a database belongs to the CA whose key signed the certificates
 * it archived) and the serial, as RFC 5280 5.3 and OpenSSL's `-crl_check` do.
 */
import { decodeDer } from '../pem';
import { crlReasons, parseIndex, type IndexEntry } from '../issue/state';

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
  readonly entries: ReadonlyMap<string, IndexEntry>;
}

/** The CRL reason of one entry, read from the CRL itself only when a revoked certificate is shown. */
const reasonCache = new WeakMap<Uint8Array, Map<string, string>>();
function crlReason(der: Uint8Array, serial: string): string | undefined {
  let reasons = reasonCache.get(der);
  if (!reasons) {
    reasons = new Map();
    const d = decodeDer(der, 'crl');
    if (d.ok && d.view.kind === 'crl') for (const r of d.view.revoked) if (r.reason) reasons.set(serialKey(r.serial), reasonName(r.reason));
    reasonCache.set(der, reasons);
  }
  return reasons.get(serial);
}

/** The CRLReason name as index.txt and `openssl ca -crl_reason` write it ("Key Compromise" → keyCompromise). */
function reasonName(text: string): string {
  const squashed = text.replace(/\s+/g, '').toLowerCase();
  return crlReasons.find((r) => r.toLowerCase() === squashed) ?? text;
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
  addDatabase(issuerKeyId: string, path: string, entries: readonly IndexEntry[]): void {
    const bySerial = new Map<string, IndexEntry>();
    for (const e of entries) bySerial.set(e.serial, e);
    if (this.databasesByIssuer.get(issuerKeyId)?.some((d) => d.source.path === path)) return;
    push(this.databasesByIssuer, issuerKeyId, { source: { kind: 'ca-database', path }, entries: bySerial });
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
        if (items) add(items, () => ({ date: e.date, source: c.source, ...optionalReason(c.der ? crlReason(c.der, serialKey(e.serial)) : undefined) }));
      }
    }
    const databases = this.databasesByIssuer.get(issuerKeyId);
    if (databases) {
      for (const [serial, items] of bySerial) {
        const key = serialKey(serial);
        for (const d of databases) {
          const e = d.entries.get(key);
          if (e?.status === 'R' && e.revoked) add(items, () => ({ date: e.revoked!.getTime(), source: d.source, ...optionalReason(e.reason) }));
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
 * A CA database's entries, or undefined when the text is not one (an unrelated
 * index.txt): OpenSSL's own reader refuses such a file too.
 */
export function readCaDatabase(text: string): IndexEntry[] | undefined {
  if (!text.trim()) return [];
  try {
    return parseIndex(text);
  } catch {
    return undefined;
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
