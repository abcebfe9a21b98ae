/**
 * Decoded items across the worker boundary. A structured clone of a CRL's
 * 100,000 revoked entries (one object each) costs the receiving event loop
 * about 100 ms; packed as one string of serials and one Float64Array of dates
 * it is a copy of two buffers, and the entries are rebuilt here in slices that
 * yield between them.
 */
import type { PkiItem } from '../core/pki/files';

/** A CRL item with its entries packed; other items travel as they are. */
export type PackedItem = PkiItem | { readonly kind: 'packedCrl'; readonly item: PkiItem & { kind: 'crl' }; readonly serials: string; readonly dates: Float64Array };

/** Entries rebuilt per slice before yielding (well under a millisecond each). */
const sliceEntries = 10_000;

export function packItems(items: readonly PkiItem[]): PackedItem[] {
  return items.map((item) => {
    if (item.kind !== 'crl' || item.crl.revoked.length < sliceEntries) return item;
    const { revoked } = item.crl;
    const dates = new Float64Array(revoked.length);
    for (let i = 0; i < revoked.length; i++) dates[i] = revoked[i]!.date;
    return { kind: 'packedCrl', item: { ...item, crl: { ...item.crl, revoked: [] } }, serials: revoked.map((r) => r.serial).join(','), dates };
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
    const revoked: Array<{ serial: string; date: number }> = new Array(serials.length);
    for (let i = 0; i < serials.length; i++) {
      revoked[i] = { serial: serials[i]!, date: p.dates[i]! };
      if (i % sliceEntries === sliceEntries - 1) await yieldNow();
    }
    out.push({ ...p.item, crl: { ...p.item.crl, revoked } });
  }
  return out;
}
