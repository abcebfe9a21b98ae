/**
 * `certwright list` and `certwright expiring`: the certificates and CRLs of
 * folders/files and of CAs (their index.txt), with expiry; `expiring` exits 1
 * when anything needs action within the window (for cron and CI).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from './args';
import { inventoryOfCaDatabase, inventoryOfFiles, needsAction, parseWithin, type InventoryItem } from '../core/issue/inventory';
import type { IssueError } from '../core/issue/types';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { nodePkiCrypto } from '../node/pkiCrypto';
import { UsageError, writeRaw, type CliCommand, type CliIo } from './command';
import { cliLayout, detectProfile } from './issue';
import { walk } from './lint';
import { formatDay } from '../core/format';
import { decodeFile, type CertificateView } from '../core/pem';
import { tr } from '../core/l10n';
import { localise, printJson, warningLine } from './report';

const certFile = /\.(crt|pem|cer|crl|der)$/i;

interface Gathered {
  readonly items: InventoryItem[];
  readonly unreadable: string[];
}

function gather(io: CliIo, targets: readonly string[], cas: readonly string[], withinDays: number): Gathered {
  const now = nodeEnvironment().now();
  const files: { path: string; bytes: Uint8Array }[] = [];
  const unreadable: string[] = [];
  for (const t of targets) {
    const abs = path.resolve(io.cwd, t);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      unreadable.push(t);
      continue;
    }
    const found: string[] = [];
    if (st.isDirectory()) walk(abs, found);
    else found.push(abs);
    // newcerts/ copies and index.txt are read for revocation; the inventory does not list them.
    for (const f of found.filter((p) => st.isFile() || certFile.test(p) || path.basename(p) === 'index.txt')) {
      try {
        files.push({ path: path.relative(io.cwd, f) || f, bytes: fs.readFileSync(f) });
      } catch {
        unreadable.push(f);
      }
    }
  }
  const items = inventoryOfFiles(files, now, withinDays, nodePkiCrypto);
  for (const c of cas) {
    const dir = path.resolve(io.cwd, c);
    const profile = detectProfile(dir);
    if (!profile) throw new UsageError(tr`--ca ${c}: no CA found there (expected one profile's CA certificate and key)`);
    const index = path.join(dir, cliLayout(dir, profile).index);
    let text: string | undefined;
    try {
      text = fs.readFileSync(index, 'utf8');
    } catch {
      unreadable.push(index);
      continue;
    }
    // A line due soon is checked against a later one of its subject through their newcerts/ copies (renewed, or another node).
    const archive = path.join(dir, cliLayout(dir, profile).newCertsDir);
    const archived = (serial: string): CertificateView | undefined => {
      try {
        const d = decodeFile(fs.readFileSync(path.join(archive, `${serial}.pem`)));
        const v = d.format === 'pem' ? d.blocks[0]?.decoded : undefined;
        return v?.ok && v.view.kind === 'certificate' ? (v.view as CertificateView) : undefined;
      } catch {
        return undefined;
      }
    };
    items.push(...inventoryOfCaDatabase(path.relative(io.cwd, index) || index, text, now, withinDays, archived));
  }
  return { items, unreadable };
}

const statusWords: Readonly<Record<InventoryItem['status'], string>> = { valid: tr`valid`, expiring: tr`expiring`, expired: tr`expired`, revoked: tr`revoked`, replaced: tr`replaced` };

/** One row, its words in the user's language (written raw: subjects and paths are never translated). */
function line(io: CliIo, i: InventoryItem): string {
  const until = i.until ? `${formatDay(i.until)} ${String(i.daysLeft).padStart(6)}d` : localise(io, tr`no nextUpdate`).padEnd(19);
  const what = i.kind === 'crl' ? localise(io, tr`CRL of ${i.subject}`) : i.subject;
  return `${localise(io, statusWords[i.status]).padEnd(8)} ${until}  ${what}${i.serial ? `  ${localise(io, tr`serial ${i.serial}`)}` : ''}  ${i.path}${i.note ? `  (${localise(io, i.note)})` : ''}\n`;
}

/** The option rows of list and expiring. */
const sharedHelp: readonly string[] = [
  tr`  PATH...              files or folders to scan (folders are walked; default: the current folder)`,
  tr`  --ca DIR             also every certificate the CA in DIR issued (its index.txt), revoked ones marked`,
  tr`  --within N           the warning window: 30d (default), 12h, 2w, or a number of days`,
  tr`  --json               JSON array of {kind, path, subject, serial, until, daysLeft, status, role, source}`,
  tr`  -h, --help           this help`,
];

function run(expiring: boolean) {
  return async (args: readonly string[], io: CliIo): Promise<number> => {
    const v = parseArgs(args, { json: { type: 'boolean' }, ca: { type: 'string', multiple: true }, within: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, { positionals: true });
    let withinDays: number;
    try {
      withinDays = parseWithin(v.values.within ?? '30d');
    } catch (e) {
      throw new UsageError((e as IssueError).message);
    }
    const targets = v.positionals.length || v.values.ca?.length ? v.positionals : ['.'];
    const { items, unreadable } = gather(io, targets, v.values.ca ?? [], withinDays);
    for (const u of unreadable) io.err(warningLine(tr`cannot read ${u}`));
    const shown = expiring ? needsAction(items) : items;
    shown.sort((a, b) => (a.until ?? '9').localeCompare(b.until ?? '9') || a.path.localeCompare(b.path));
    if (v.values.json) printJson(io, shown);
    else {
      for (const i of shown) writeRaw(io, line(io, i));
      const within = v.values.within ?? '30d';
      if (expiring) io.out(`${shown.length ? tr`${shown.length} expiring or expired within ${within}` : tr`nothing expires within ${within}`}\n`);
    }
    if (unreadable.length && !items.length) return 2;
    return expiring && shown.length ? 1 : 0;
  };
}

export const listCommand: CliCommand = {
  path: ['list'],
  summary: tr`List certificates and CRLs (files, folders, CA databases) with expiry and status`,
  help: [
    tr`Usage: certwright list [PATH...] [--ca DIR] [--within 30d] [--json]`,
    tr`Lists every certificate and CRL found, with notAfter (CRLs: nextUpdate), days
left and a status: valid, expiring (within the window), expired, or revoked
(listed in a CRL whose signature its issuer's key verifies, or R in the
index.txt of its CA, found among the same files; hover and the Certificates
view use the same lookup). The CA's newcerts/ copies are not listed.
replaced: kept and not deployed, named with what replaced it: a copy a renewal
or rotation put aside (renewed/, retired/), the old CA beside the new one in
the CA file during a rotation, a database line whose certificate was renewed.`,
    [
      tr`Options:`,
      ...sharedHelp,
    ],
  ],
  run: run(false),
};

export const expiringCommand: CliCommand = {
  path: ['expiring'],
  summary: tr`Certificates and CRLs that expire within a window; exit 1 if any (cron/CI)`,
  help: [
    tr`Usage: certwright expiring [PATH...] [--ca DIR] [--within 30d] [--json]`,
    tr`Prints the certificates (notAfter) and CRLs (nextUpdate: a lapsed CRL locks
every PostgreSQL client out) that expire within the window or have expired.
Revoked and replaced certificates are left out (certwright list names them): they
need no renewal.`,
    tr`Exit status: 0 nothing to do, 1 something expires within the window, 2 bad
usage or nothing readable.`,
    [
      tr`Options:`,
      ...sharedHelp,
    ],
  ],
  run: run(true),
};
