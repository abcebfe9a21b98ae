/**
 * Decoded items across the worker boundary. A structured clone of a CRL's
 * 100,000 revoked entries (one object each) costs the receiving event loop
 * about 100 ms; packed as one string of serials, one Float64Array of dates and
 * reason codes into a table of the reason names it is a copy of a few buffers, and the entries are rebuilt here in time slices
 * that yield between them (a count of entries is no bound on a loaded machine,
 * where the garbage collector runs inside the slice).
 */
import type { PkiItem } from '../core/pki/files';
import type { CrlEntryFacts } from '../core/pki/parse';

/** A CRL item with its entries packed; other items travel as they are. */
export type PackedItem =
  | PkiItem
  | { readonly kind: 'packedCrl'; readonly item: PkiItem & { kind: 'crl' }; readonly serials: string; readonly dates: Float64Array; readonly reasons: Uint32Array; readonly reasonNames: readonly string[] };

/** CRLs with fewer entries travel as they are. */
const packFrom = 10_000;
/** Time spent rebuilding entries before yielding to the event loop. */
const sliceMs = 4;

export function packItems(items: readonly PkiItem[]): PackedItem[] {
  return items.map((item) => {
    if (item.kind !== 'crl' || item.crl.revoked.length < packFrom) return item;
    const { revoked } = item.crl;
    const dates = new Float64Array(revoked.length);
    // 0: no reason; n: reasonNames[n - 1].
    const reasons = new Uint32Array(revoked.length);
    const codes = new Map<string, number>();
    for (let i = 0; i < revoked.length; i++) {
      const { date, reason } = revoked[i]!;
      dates[i] = date;
      if (reason === undefined) continue;
      let code = codes.get(reason);
      if (code === undefined) codes.set(reason, (code = codes.size + 1));
      reasons[i] = code;
    }
    return { kind: 'packedCrl', item: { ...item, crl: { ...item.crl, revoked: [] } }, serials: revoked.map((r) => r.serial).join(','), dates, reasons, reasonNames: [...codes.keys()] };
  });
}

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function unpackItems(packed: readonly PackedItem[]): Promise<PkiItem[]> {
  const out: PkiItem[] = [];
  for (const p of packed) {
    if (p.kind !== 'packedCrl') {
      out.push(p);
      continue;
    }
    const serials = p.serials.split(',');
    const revoked: CrlEntryFacts[] = new Array(serials.length);
    let since = performance.now();
    for (let i = 0; i < serials.length; i++) {
      const code = p.reasons[i]!;
      revoked[i] = code ? { serial: serials[i]!, date: p.dates[i]!, reason: p.reasonNames[code - 1]! } : { serial: serials[i]!, date: p.dates[i]! };
      if ((i & 255) === 255 && performance.now() - since >= sliceMs) {
        await yieldNow();
        since = performance.now();
      }
    }
    out.push({ ...p.item, crl: { ...p.item.crl, revoked } });
  }
  return out;
}
