/**
 * Passphrases given like openssl's `-passin`/`-passout`: `env:VAR` or `file:PATH` (the
 * first line). Never `pass:...`: a passphrase on the command line is visible to every
 * user of the machine (ps, /proc) and stays in shell histories.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './command';
import { tr } from '../core/l10n';

export function readPassphrase(spec: string | undefined, option: string, cwd: string): string | undefined {
  if (spec === undefined) return undefined;
  const m = /^(env|file):(.+)$/s.exec(spec);
  if (!m) {
    if (/^pass:/.test(spec)) throw new UsageError(tr`${option} pass:... is refused: a passphrase on the command line is visible to other users (ps) and stays in shell histories; use env:VAR or file:PATH`);
    throw new UsageError(tr`${option} takes env:VAR or file:PATH`);
  }
  let value: string | undefined;
  if (m[1] === 'env') {
    value = process.env[m[2]!];
    if (value === undefined) throw new UsageError(tr`${option} env:${m[2]}: the variable is not set`);
  } else {
    const file = path.resolve(cwd, m[2]!);
    let text: string;
    try {
      if (fs.statSync(file).size > 64 * 1024) throw new UsageError(tr`${option} file:${m[2]}: too large to hold a passphrase`);
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${option} file:${m[2]}: ${(e as NodeJS.ErrnoException).code ?? tr`cannot be read`}`);
    }
    // Like openssl: the first line, without its line ending.
    value = text.split(/\r?\n/)[0];
  }
  if (!value) throw new UsageError(tr`${option}: the passphrase is empty`);
  return value;
}
