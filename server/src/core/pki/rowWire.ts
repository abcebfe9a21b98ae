/**
 * The Certificates view's rows as `certwright/listRows` sends them: the same fields as PkiRow
 * under one-letter keys, and a certificate's id (`cert:<SHA-256 in hex>`, most rows) as its
 * SHA-256 in base64, so that a first screen costs well under 200 bytes a row. The server
 * encodes, the client decodes; nothing a row shows is left out.
 */
import { decodeBase64, encodeBase64 } from '../pem/base64';
import { fromHex, toHex } from '../pem/hash';
import type { PkiRole, PkiRow, PkiStatus } from './types';

export interface WireRow {
  /** The id; a certificate's (a row without `k`) is its SHA-256 in base64, or `:` and the id when it is not `cert:<hash>`. */
  readonly i: string;
  readonly k?: PkiRow['kind'];
  readonly l: string;
  readonly d: string;
  readonly r?: PkiRole;
  readonly s?: readonly PkiStatus[];
  /** Children, of which certificates (`c`) and CRLs (`x`). */
  readonly n?: number;
  readonly c?: number;
  readonly x?: number;
  /** Files holding the same object. */
  readonly f?: number;
}

const certificateId = /^cert:([0-9a-f]{64})$/;

export function encodeRow(row: PkiRow): WireRow {
  const hash = row.kind ? undefined : certificateId.exec(row.id)?.[1];
  return {
    // Base64 has no ':': the decoder tells a hash from an id.
    i: hash ? encodeBase64(fromHex(hash)) : row.kind ? row.id : `:${row.id}`,
    ...(row.kind ? { k: row.kind } : {}),
    l: row.label,
    d: row.description,
    ...(row.role ? { r: row.role } : {}),
    ...(row.status?.length ? { s: row.status } : {}),
    ...(row.children ? { n: row.children } : {}),
    ...(row.certificates ? { c: row.certificates } : {}),
    ...(row.crls ? { x: row.crls } : {}),
    ...(row.files ? { f: row.files } : {}),
  };
}

export function decodeRow(w: WireRow): PkiRow {
  const hash = w.k || w.i.startsWith(':') ? undefined : decodeBase64(w.i);
  return {
    id: w.k ? w.i : hash?.ok ? `cert:${toHex(hash.bytes)}` : w.i.slice(1),
    ...(w.k ? { kind: w.k } : {}),
    label: w.l,
    description: w.d,
    ...(w.r ? { role: w.r } : {}),
    ...(w.s?.length ? { status: w.s } : {}),
    ...(w.n ? { children: w.n } : {}),
    ...(w.c ? { certificates: w.c } : {}),
    ...(w.x ? { crls: w.x } : {}),
    ...(w.f ? { files: w.f } : {}),
  };
}
