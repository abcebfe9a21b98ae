/**
 * The certwright command lines messages suggest, with the folders as the user names them
 * (Folders: the CLI's --dir and --parent, the editor's folder paths), DIR and PARENT_DIR
 * where a front end gives none. Pure.
 */
import { shellQuote } from './openssl';
import type { Folders, ProfileLayout } from './types';

/** Validity of a CA certificate, created or renewed, in days. */
export const DEFAULT_CA_DAYS = 3650;

/** The folders of `op` as the commands its messages suggest write them. */
export function folderArgs(op: { readonly folders?: Folders } | undefined): { readonly dir: string; readonly parentDir: string } {
  const f = op?.folders;
  return { dir: f?.dir ? shellQuote(f.dir) : 'DIR', parentDir: f?.parentDir ? shellQuote(f.parentDir) : 'PARENT_DIR' };
}

/** The command that renews the CA certificate of `layout` in `dir` (same key). */
export function renewCaCommand(layout: ProfileLayout, dir: string): string {
  return `certwright renew --dir ${dir} --cert ${dir}/${layout.caCert} --days ${DEFAULT_CA_DAYS}`;
}
