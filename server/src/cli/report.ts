/**
 * The lines every writing command prints (issue, sign, renew, revoke, crl, ca, init,
 * adopt, export, csr), one way each: what was written, replaced or kept, the
 * certificate issued, notes, warnings and errors. Each is a `tr` template, so the
 * user's Localiser (cli/main.ts) renders it in their language; JSON goes through
 * writeRaw and stays English.
 */
import * as path from 'node:path';
import { tr } from '../core/l10n';
import { formatInstant } from '../core/format';
import type { Recovery } from '../core/issue/caStore';
import { writeRaw, type CliIo } from './command';

/** A text in the user's language, for a line that is written raw around it (paths, commands). */
export function localise(io: CliIo, text: string): string {
  return io.l10n ? io.l10n.text(text) : text;
}

export const oct = (m: number): string => `0${m.toString(8)}`;

/** `  wrote    0600  /abs/path  (description)`, or `replaced`. */
export function writtenLine(root: string, w: { readonly path: string; readonly mode: number; readonly description: string; readonly replaced?: boolean }): string {
  const file = path.join(root, w.path);
  return `${w.replaced ? tr`  replaced ${oct(w.mode)}  ${file}  (${w.description})` : tr`  wrote    ${oct(w.mode)}  ${file}  (${w.description})`}\n`;
}

export function unchangedLine(file: string): string {
  return `${tr`  unchanged      ${file}`}\n`;
}

export function completedLine(file: string): string {
  return `${tr`  completed ${file}`}\n`;
}

/** `CN=node  serial 1A  valid until 2029-03-10 10:23 UTC  SAN a, b`. */
export function issuedLine(i: { readonly subject: string; readonly serial: string; readonly notAfter: string | Date; readonly sans: readonly string[] }): string {
  const until = formatInstant(i.notAfter);
  return `${i.sans.length ? tr`${i.subject}  serial ${i.serial}  valid until ${until}  SAN ${i.sans.join(', ')}` : tr`${i.subject}  serial ${i.serial}  valid until ${until}`}\n`;
}

export const errorLine = (message: string): string => `${tr`error: ${message}`}\n`;
export const warningLine = (message: string): string => `${tr`warning: ${message}`}\n`;
export const noteLine = (message: string): string => `${tr`note: ${message}`}\n`;

/** What a command that waits for a CA's lock says once, on stderr (StoreFs.waiting): who holds it. */
export const lockWaitNote =
  (io: CliIo) =>
  (message: string): void =>
    io.err(noteLine(message));

/** What opening the CA's lock did to an interrupted operation. */
export function recoveredLine(r: Recovery): string {
  return noteLine(r.action === 'completed' ? tr`completed an interrupted operation on this CA (${r.description})` : tr`rolled back an interrupted operation on this CA (${r.description})`);
}

/** `--print-openssl`: the heading in the user's language, the commands as they are. */
export function printOpenssl(io: CliIo, commands: readonly string[], dir?: string): void {
  io.out(`\n${dir ? tr`Equivalent openssl commands (in ${dir}):` : tr`Equivalent openssl commands:`}\n`);
  writeRaw(io, `${commands.map((c) => `  ${c}`).join('\n')}\n`);
}

/** A failed operation: `{ ok: false, error }` on stdout with --json, and the error on stderr. */
export function fail(io: CliIo, json: boolean | undefined, message: string): number {
  if (json) writeRaw(io, `${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
  io.err(errorLine(message));
  return 1;
}

/** A JSON document on stdout, as scripts read it. */
export function printJson(io: CliIo, value: unknown): void {
  writeRaw(io, `${JSON.stringify(value, null, 2)}\n`);
}
