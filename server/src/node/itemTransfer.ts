/**
 * A decoded file across the worker boundary. A structured clone drops prototypes, so the
 * packed revoked entries (RevokedList) of CRLs and CA databases travel as their plain data
 * and are wrapped again here: the server's thread receives a few buffers (moved, not
 * copied) instead of 100,000 entry objects, and wrapping them costs nothing.
 */
import type { PkiItem } from '../core/pki/files';
import { CaDatabaseFile } from '../core/pki/revocation';
import type { DecodedFile } from '../core/pki/model';
import type { ParsedCrl } from '../core/pki/parse';
import { RevokedList, type RevokedListData } from '../core/pki/revokedList';

type PackedCrlItem = Omit<PkiItem & { kind: 'crl' }, 'crl'> & { readonly crl: Omit<ParsedCrl, 'revoked'> & { readonly revoked: RevokedListData } };

/** An item with its CRL entries as plain data; other items travel as they are. */
export type PackedItem = Exclude<PkiItem, { kind: 'crl' }> | PackedCrlItem;

export interface PackedFile {
  readonly items: readonly PackedItem[];
  /** An index.txt: the CA database's revoked entries, read whole in the worker. */
  readonly database?: RevokedListData;
}

/**
 * The buffer holding `bytes` when it is worth moving rather than copying: never a slab of
 * Node's buffer pool (8 KB) or a buffer mostly holding other data.
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && buffer.byteLength >= 64 * 1024 && bytes.byteLength * 2 >= buffer.byteLength ? buffer : undefined;
}

/** The file's parts as data, and the buffers the sender may hand over (see runDecodeJob). */
export function packFile(file: DecodedFile): { packed: PackedFile; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const items = file.items.map((item): PackedItem => {
    if (item.kind !== 'crl') return item;
    for (const b of item.crl.revoked.buffers()) transfer.add(b);
    // The CRL's DER (its tbs and signature are views of it): megabytes for 100,000 entries.
    const der = ownBuffer(item.crl.der);
    if (der) transfer.add(der);
    return { ...item, crl: { ...item.crl, revoked: item.crl.revoked.data } };
  });
  const database = file.database?.revokedList();
  for (const b of database?.buffers() ?? []) transfer.add(b);
  return { packed: { items, ...(database ? { database: database.data } : {}) }, transfer: [...transfer] };
}

export function unpackFile(path: string, packed: PackedFile): DecodedFile {
  const items = packed.items.map((p): PkiItem => (p.kind === 'crl' ? { ...p, crl: { ...p.crl, revoked: RevokedList.of(p.crl.revoked) } } : p));
  return { items, ...(packed.database ? { database: CaDatabaseFile.indexed(path, RevokedList.of(packed.database)) } : {}) };
}
