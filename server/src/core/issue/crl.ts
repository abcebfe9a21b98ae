/**
 * CRL signing in time linear in the revoked entries (a schema serializer is quadratic
 * in them: 8,000 entries take seconds, 100,000 do not finish). The writer builds the
 * TBSCertList without entries (issuer, dates, AKI, CRL number, algorithm); the
 * revokedCertificates list is then encoded here in one pass, spliced into it
 * (RFC 5280 §5.1) and the result signed with the CA key.
 *
 * Entry extensions follow `openssl ca -gencrl` (apps/ca.c make_revoked): reasonCode
 * when the index line names a reason, invalidityDate for keyTime/CAkeyTime,
 * holdInstructionCode for holdInstruction.
 */
import { children, encodeTlv, readTlv } from '../pem/der';
import type { LoadedCa } from './certs';
import { toPem, type Crypto } from './keys';
import { normalizeSerial, type CrlEntryFacts } from './state';
import { certListFrame, generalizedTimeDer, oidDer, signDer, timeDer, tlv } from './writer';

export interface CrlSpec {
  readonly number: bigint;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly entries: readonly CrlEntryFacts[];
}

function integer(hex: string): Uint8Array {
  let h = normalizeSerial(hex);
  if (parseInt(h.slice(0, 2), 16) & 0x80) h = `00${h}`;
  return encodeTlv(0x02, Buffer.from(h, 'hex'));
}

const OID_REASON = oidDer('2.5.29.21');
const OID_HOLD = oidDer('2.5.29.23');
const OID_INVALIDITY = oidDer('2.5.29.24');

function extension(id: Uint8Array, value: Uint8Array): Uint8Array {
  return tlv(0x30, [id, encodeTlv(0x04, value)]);
}

function entryDer(e: CrlEntryFacts): Uint8Array {
  const exts: Uint8Array[] = [];
  if (e.reason !== undefined) exts.push(extension(OID_REASON, encodeTlv(0x0a, Uint8Array.of(e.reason))));
  if (e.invalidity) exts.push(extension(OID_INVALIDITY, generalizedTimeDer(e.invalidity)));
  if (e.hold) exts.push(extension(OID_HOLD, oidDer(e.hold)));
  return tlv(0x30, [integer(e.serial), timeDer(e.date), ...(exts.length ? [tlv(0x30, exts)] : [])]);
}

/** Signs a v2 CRL listing `spec.entries`; returns its DER. */
export async function signCrl(crypto: Crypto, ca: LoadedCa, spec: CrlSpec): Promise<Uint8Array> {
  const frame = certListFrame({ issuer: ca.cert.subjectDer, thisUpdate: spec.thisUpdate, nextUpdate: spec.nextUpdate, keyId: ca.keyId, number: spec.number }, ca.sign);
  const parts: Uint8Array[] = children(frame, readTlv(frame, 0)).map((n) => frame.subarray(n.start, n.end));
  if (spec.entries.length) {
    // revokedCertificates goes just before crlExtensions [0].
    const at = parts.findIndex((p) => p[0] === 0xa0);
    // In serial order, as openssl ca -gencrl writes them (X509_CRL_sort); normalized hex
    // compares as numbers by length, then text.
    const sorted = [...spec.entries].sort((a, b) => a.serial.length - b.serial.length || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
    const list = tlv(0x30, sorted.map(entryDer));
    parts.splice(at < 0 ? parts.length : at, 0, list);
  }
  return signDer(crypto, tlv(0x30, parts), ca.key, ca.sign);
}

export function crlPem(der: Uint8Array): string {
  return toPem('X509 CRL', der);
}
