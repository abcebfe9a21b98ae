/**
 * The files of a CA an operation needs, read the one way every front end reads them (the
 * CLI and the language server through node fs, the palette through vscode.workspace.fs,
 * each under the CA lock): certificate, key, database, CRL number, the serial file of a
 * CA that counts its serials, the database attributes and configuration of an adopted CA, the CRLs published
 * with its own, its exports. Pure; no X.509 stack (the client bundles it).
 */
import { exportsFile } from './profiles';
import { appendedCrlPaths } from './rotationPaths';
import type { CaMaterial, ProfileLayout } from './types';

export type ReadRelative = (relative: string) => Promise<string | undefined>;

export type CaFiles = Omit<CaMaterial, 'certPem' | 'keyPem' | 'keyPassphrase'> & { readonly certPem?: string; readonly keyPem?: string };

export async function readCaFiles(read: ReadRelative, layout: ProfileLayout): Promise<CaFiles> {
  const certPem = await read(layout.caCert);
  const keyPem = await read(layout.caKey);
  const index = await read(layout.index);
  const crlnumber = await read(layout.crlnumber);
  const serial = layout.serials === 'sequential' ? await read(layout.serial) : undefined;
  // Missing on an adopted CA: openssl ca's default, unique subjects.
  const indexAttr = layout.origin !== 'certwright' ? ((await read(layout.indexAttr)) ?? '') : undefined;
  // An openssl ca or easy-rsa CA's configuration: its subject policy holds for Certwright too.
  const caConfig = layout.origin === 'openssl' || layout.origin === 'easy-rsa' ? await read(layout.opensslConfig) : undefined;
  // CRLs published with this CA's own: its parent's (intermediate), the other CA's during a rotation.
  const appended = (await Promise.all(appendedCrlPaths(layout).map((p) => read(p)))).filter((t): t is string => t !== undefined);
  const parentCrl = appended.length ? appended.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('') : undefined;
  // The certificates' exports, written again by a renewal.
  const exports = await read(exportsFile(layout));
  return {
    ...(certPem !== undefined ? { certPem } : {}),
    ...(keyPem !== undefined ? { keyPem } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(crlnumber !== undefined ? { crlnumber } : {}),
    ...(serial !== undefined ? { serial } : {}),
    ...(indexAttr !== undefined ? { indexAttr } : {}),
    ...(caConfig !== undefined ? { caConfig } : {}),
    ...(parentCrl !== undefined ? { parentCrl } : {}),
    ...(exports !== undefined ? { exports } : {}),
  };
}
