/**
 * The "Open Decoded View" text of a file's bytes (everything but a PKCS#12
 * decrypted with a password, which needs the workspace model). Pure of the LSP
 * and of the event loop, so the server runs it inline for small files and in
 * the decode worker for large ones (a 100k-entry CRL).
 */
import { decodeDer, decodeFile, renderText } from '../core/pem';
import { decodeFileBytes } from '../core/pki/files';
import { describeListing } from '../core/pki/pkcs12';
import type { Decoded } from '../core/pem/types';
import type { DecodedObject, DecodeFileResult } from '../protocol/inspect';
import { nodePkiCrypto } from './pkiCrypto';

/** A CRL's entries sent as data stop here (the editor shows a count and the first ones). */
export const maxRevokedEntries = 1000;

/** Objects as data: PKCS#7 bundles flattened into their certificates and CRLs, long CRLs cut. */
export function decodedObjects(label: string, decoded: Decoded): DecodedObject[] {
  if (!decoded.ok) return [{ label, decoded }];
  const view = decoded.view;
  if (view.kind === 'pkcs7') return [...view.certificates.map((v) => ({ label: 'CERTIFICATE', decoded: { ok: true, view: v } as const })), ...view.crls.flatMap((v) => decodedObjects('X509 CRL', { ok: true, view: v }))];
  if (view.kind === 'crl' && view.revoked.length > maxRevokedEntries) return [{ label, decoded: { ok: true, view: { ...view, revoked: view.revoked.slice(0, maxRevokedEntries) } }, revokedTotal: view.revoked.length }];
  return [{ label, decoded }];
}

/** The view's text stops here (a 100k-entry CRL renders to 17 MB: too much to send and to show). */
export const maxViewChars = 2_000_000;

export function decodedView(path: string, data: Uint8Array): DecodeFileResult {
  const r = fullView(path, data);
  if (r.text.length <= maxViewChars) return r;
  const cut = r.text.lastIndexOf('\n', maxViewChars) + 1 || maxViewChars;
  const rest = r.text.slice(cut);
  let lines = 0;
  for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', i + 1)) lines++;
  return { ...r, text: `${r.text.slice(0, cut)}\n… ${lines.toLocaleString('en-US')} more lines not shown (the view stops at ${(maxViewChars / 1e6).toFixed(0)} million characters; \`openssl crl -text -noout -in ${path.replace(/^.*[\\/]/, '')}\` prints everything).\n` };
}

function fullView(path: string, data: Uint8Array): DecodeFileResult {
  const name = path.replace(/^.*[\\/]/, '');
  const items = decodeFileBytes(path, data, nodePkiCrypto);
  const p12 = items.find((i) => i.kind === 'pkcs12');
  if (p12 && p12.kind === 'pkcs12') {
    const head = `${name}: ${describeListing(p12.listing)}\n`;
    const plainCerts = p12.listing.parts.flatMap((p) => p.bags ?? []).filter((b) => b.type === 'certificate' && b.der);
    const certs = plainCerts.map((b) => decodeDer(b.der!, 'certificate'));
    const text = [head, ...certs.map((d) => renderText(d)), '\nEncrypted parts: run "Certwright: Decode PKCS#12 with Password" to see them.\n'].join('\n');
    const views = certs.flatMap((d) => decodedObjects('CERTIFICATE', d));
    return { title: `${name} (PKCS#12)`, text, format: 'pkcs12', needsPassword: p12.listing.parts.some((p) => p.kind !== 'plain' || (p.bags ?? []).some((b) => b.type === 'encryptedPrivateKey')), objects: plainCerts.length, views };
  }
  const decoded = decodeFile(data);
  if (decoded.format === 'none') {
    const errors = items.filter((i) => i.kind === 'error').map((i) => (i.kind === 'error' ? i.message : ''));
    return { title: name, text: `${name}: ${errors[0] ?? decoded.message}\n`, format: 'none', needsPassword: false, objects: 0 };
  }
  if (decoded.format === 'der') {
    const isP7 = decoded.decoded.ok && decoded.decoded.view.kind === 'pkcs7';
    const views = decodedObjects(isP7 ? 'PKCS7' : 'DER', decoded.decoded);
    return { title: `${name} (decoded)`, text: renderText(decoded.decoded), format: isP7 ? 'pkcs7' : 'der', needsPassword: false, objects: isP7 && decoded.decoded.ok && decoded.decoded.view.kind === 'pkcs7' ? decoded.decoded.view.certificates.length + decoded.decoded.view.crls.length : 1, views };
  }
  const text = decoded.blocks.map((b, i) => `# Block ${i + 1}: ${b.block.label}\n${renderText(b.decoded)}`).join('\n');
  const views = decoded.blocks.flatMap((b) => decodedObjects(b.block.label, b.decoded));
  return { title: `${name} (decoded)`, text, format: 'pem', needsPassword: false, objects: decoded.blocks.length, views };
}
