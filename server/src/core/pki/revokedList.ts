/**
 * Revoked entries (serial, date, reason) kept packed: one string of serials with their end
 * offsets, typed arrays of dates and reason codes, and the positions sorted by serial. A CRL
 * of 100,000 entries is then a few buffers instead of 100,000 objects: it crosses from the
 * decode worker as a copy of those buffers, gives the garbage collector nothing to trace, and
 * answers a serial by binary search, with no map to build on the server's thread. CRLs
 * (core/pki/parse) and CA databases (core/pki/revocation) both keep their entries in it.
 */
import type { CrlEntryFacts } from './parse';

/** The list's plain data: what a worker posts (structured-cloneable, no prototype needed). */
export interface RevokedListData {
  /** Every serial, one after the other. */
  readonly serials: string;
  /** End of entry i's serial in `serials` (its start is the end of entry i - 1). */
  readonly ends: Uint32Array;
  /** Revocation dates, ms since the epoch. */
  readonly dates: Float64Array;
  /** 0: no reason; n: `reasonNames[n - 1]`. */
  readonly reasons: Uint32Array;
  readonly reasonNames: readonly string[];
  /** Entry positions ordered by serial (code-unit order), equal serials in list order. */
  readonly order: Uint32Array;
}

export class RevokedList implements Iterable<CrlEntryFacts> {
  private constructor(readonly data: RevokedListData) {}

  static readonly empty = RevokedList.from([]);

  /** Packs entries (their order is kept) and sorts their positions by serial. */
  static from(entries: ArrayLike<CrlEntryFacts>): RevokedList {
    const n = entries.length;
    const ends = new Uint32Array(n);
    const dates = new Float64Array(n);
    const reasons = new Uint32Array(n);
    const codes = new Map<string, number>();
    const serials: string[] = new Array(n);
    let end = 0;
    for (let i = 0; i < n; i++) {
      const { serial, date, reason } = entries[i]!;
      serials[i] = serial;
      ends[i] = end += serial.length;
      dates[i] = date;
      if (reason === undefined) continue;
      let code = codes.get(reason);
      if (code === undefined) codes.set(reason, (code = codes.size + 1));
      reasons[i] = code;
    }
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const x = serials[a]!;
      const y = serials[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    return new RevokedList({ serials: serials.join(''), ends, dates, reasons, reasonNames: [...codes.keys()], order });
  }

  /** The list around data packed elsewhere (the decode worker); throws when its parts disagree. */
  static of(data: RevokedListData): RevokedList {
    const n = data.ends.length;
    if (data.dates.length !== n || data.reasons.length !== n || data.order.length !== n || (n > 0 && data.ends[n - 1] !== data.serials.length)) throw new Error('inconsistent packed revoked entries');
    return new RevokedList(data);
  }

  get length(): number {
    return this.data.ends.length;
  }

  serialAt(i: number): string {
    return this.data.serials.slice(i ? this.data.ends[i - 1] : 0, this.data.ends[i]);
  }

  at(i: number): CrlEntryFacts {
    const code = this.data.reasons[i]!;
    const serial = this.serialAt(i);
    const date = this.data.dates[i]!;
    return code ? { serial, date, reason: this.data.reasonNames[code - 1]! } : { serial, date };
  }

  /** Entries `start` to `end` (exclusive) as objects: for the few a view shows. */
  slice(start: number, end = this.length): CrlEntryFacts[] {
    const out: CrlEntryFacts[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.at(i));
    return out;
  }

  *[Symbol.iterator](): Iterator<CrlEntryFacts> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Positions of the entries listing `serial`, in list order: a binary search, nothing allocated per entry. */
  positionsOf(serial: string): number[] {
    const { order } = this.data;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(order[mid]!, serial) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let k = lo; k < order.length && this.compareAt(order[k]!, serial) === 0; k++) out.push(order[k]!);
    return out;
  }

  /** The buffers a worker can hand over instead of copying. */
  buffers(): ArrayBuffer[] {
    const { ends, dates, reasons, order } = this.data;
    return [ends.buffer, dates.buffer, reasons.buffer, order.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer && b.byteLength > 0);
  }

  /** Entry i's serial against `s`, in the order of JavaScript's `<` on strings, without slicing it out. */
  private compareAt(i: number, s: string): number {
    const { serials, ends } = this.data;
    const start = i ? ends[i - 1]! : 0;
    const len = ends[i]! - start;
    const common = Math.min(len, s.length);
    for (let k = 0; k < common; k++) {
      const d = serials.charCodeAt(start + k) - s.charCodeAt(k);
      if (d) return d;
    }
    return len - s.length;
  }
}
