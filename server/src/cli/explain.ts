/**
 * `certwright explain [--dir DIR] [--json] [TEXT]`: recognises the TLS error
 * messages in TEXT (or stdin), and explains each against the certificates and
 * configs of the workspace. Exit 0 when a message was explained, 2 when none
 * was recognised or on bad usage.
 */
import { webcrypto } from 'node:crypto';
import { parseArgs } from './args';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildInventory, withSignatureChecks, explain, maxExplainChars, renderExplanationText } from '../core/doctor';
import { readDoctorFiles } from '../node/doctorFiles';
import { UsageError, writeRaw, type CliCommand, type CliIo } from './command';
import { tr } from '../core/l10n';
import { printJson } from './report';

const help = [
  tr`Usage: certwright explain [options] [TEXT]`,
  tr`Explains a TLS error message (a log line, a terminal paste) from Go / CockroachDB /
TiDB DM, OpenSSL, libpq and PostgreSQL, Node.js or Java: what happened, which
certificate or config line of the workspace causes it, and how to fix it. TEXT
is read from standard input when it is not given.`,
  [
    tr`Options:`,
    tr`  --dir <path>   the workspace whose certificates and configs are searched (default: .)`,
    tr`  --json         print the explanation as JSON`,
    tr`  -h, --help     show this help`,
  ],
  tr`Exit status: 0 when a message was recognised and explained, 2 when none was
recognised or on bad usage.`,
];

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8').slice(-maxExplainChars);
  } catch {
    return '';
  }
}

export const explainCommand: CliCommand = {
  path: ['explain'],
  summary: tr`Explain a TLS error message against the workspace`,
  help,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { dir: { type: 'string' }, json: { type: 'boolean' } }, { positionals: true });
    const text = parsed.positionals.length ? parsed.positionals.join(' ') : readStdin();
    if (!text.trim()) throw new UsageError(tr`no error text: give it as an argument or on standard input`);
    const root = resolve(io.cwd, parsed.values.dir ?? '.');
    const inventory = await withSignatureChecks(buildInventory(await readDoctorFiles(root)), webcrypto);
    const result = explain(text, inventory, new Date());
    if (parsed.values.json) printJson(io, result);
    else writeRaw(io, renderExplanationText(result, io.l10n));
    return result.recognised ? 0 : 2;
  },
};
