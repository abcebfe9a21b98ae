/** `certwright adopt`: carry on from an existing openssl, easy-rsa or cockroach cert CA, in place. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from './args';
import { adoptSources, type AdoptReport, type AdoptSource } from '../core/issue/adopt';
import { IssueError, leafFiles } from '../core/issue';
import { formatInstant } from '../core/format';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { runAdoption, type AdoptRunResult } from '../node/adoptRun';
import { WritePlanError } from '../node/writePlan';
import { UsageError, type CliCommand, type CliIo } from './command';
import { profileOption } from './issue';
import { readPassphrase } from './passphrase';
import { tr } from '../core/l10n';
import { fail, lockWaitNote, noteLine, oct, printJson, unchangedLine, warningLine, writtenLine } from './report';

const help = [
  tr`Usage: certwright adopt --dir DIR --from openssl|easy-rsa|cockroach PATH [options]`,
  tr`Points Certwright at a CA that already exists, so that certwright issue, sign,
renew, revoke and crl carry on from its state in place. Nothing that is there
is rewritten: the adoption writes DIR/certwright-layout.json (where the CA keeps
its files), and, with --create-missing, only state files the CA does not have.
Every file of the CA must be inside DIR.`,
  [
    tr`  --from openssl CONFIG      a CA run with openssl ca -config CONFIG (CA.pl's demoCA,
                             the usual recipes): the [ ca ] default_ca section names the
                             database, serial, crlnumber, new_certs_dir, certificate and
                             private_key; relative paths are taken from DIR (where
                             openssl ca is run). Serials continue the serial file.`,
    tr`  --from easy-rsa PKI        an easy-rsa 3 pki/ folder (or the folder holding pki/);
                             new certificates go to pki/issued/<name>.crt and
                             pki/private/<name>.key, so easyrsa revoke/gen-crl see them.`,
    tr`  --from cockroach CERTS     a cockroach cert certs dir (ca.crt, node.crt, client.*.crt)
                             with --ca-key SAFE/ca.key; the OpenSSL state Certwright needs
                             is created beside the key (--create-missing), recording the
                             certificates already issued so they can be revoked.`,
  ],
  tr`Refused: a CA certificate that is not a CA, a key that is not its key, an
encrypted key without --passin, a database openssl ca would not load (bad
line, a serial twice, two valid certificates for a subject under
unique_subject), a serial file whose next number the database already holds.`,
  [
    tr`Options:`,
    tr`  --profile P          cockroach|dm|postgres|generic: names and extensions of new
                       certificates (default: cockroach for --from cockroach, else generic)`,
    tr`  --ca-key FILE        the CA key (--from cockroach; default PATH/../my-safe-directory/ca.key)`,
    tr`  --create-missing     also create the state files the CA does not keep (listed first)`,
    tr`  --dry-run            show what was found and what would be written; write nothing`,
    tr`  --force              replace an existing certwright-layout.json (re-adopting)`,
    tr`  --passin SPEC        passphrase of an encrypted CA key: env:VAR or file:PATH`,
    tr`  --json               print the report as JSON (never key contents)`,
    tr`  -h, --help           this help`,
  ],
];


function describeLeaves(r: AdoptReport): string {
  const node = leafFiles(r.layout.node, { name: '<name>' });
  const client = leafFiles(r.layout.client, { user: '<user>' });
  return tr`node ${node.cert} + ${node.key}; client ${client.cert} + ${client.key}`;
}

function printReport(io: CliIo, r: AdoptReport, root: string): void {
  const l = r.layout;
  const until = formatInstant(r.ca.notAfter);
  io.out(
    [
      tr`${r.from} CA in ${root}`,
      r.ca.keyEncrypted ? tr`  CA            ${r.ca.subject} (${r.ca.keyType}, encrypted key), valid until ${until}` : tr`  CA            ${r.ca.subject} (${r.ca.keyType}), valid until ${until}`,
      tr`  files         ${l.caCert}, key ${l.caKey}`,
      r.uniqueSubject
        ? tr`  database      ${l.index}: ${r.entries.valid} valid, ${r.entries.revoked} revoked, ${r.entries.expired} expired; unique_subject yes`
        : tr`  database      ${l.index}: ${r.entries.valid} valid, ${r.entries.revoked} revoked, ${r.entries.expired} expired; unique_subject no`,
      r.nextSerial === 'random' ? tr`  next serial   random (checked against the database)` : tr`  next serial   ${r.nextSerial} (continues ${l.serial})`,
      tr`  next CRL      #${r.nextCrlNumber} (${l.crlnumber}), published to ${l.crl}`,
      tr`  new leaves    ${describeLeaves(r)}`,
      '',
    ].join('\n'),
  );
  for (const n of r.notes) io.out(noteLine(n));
  for (const w of r.warnings) io.err(warningLine(w));
}

export const adoptCommand: CliCommand = {
  path: ['adopt'],
  summary: tr`Adopt an existing openssl, easy-rsa or cockroach cert CA in place (issue, revoke, CRLs from its state)`,
  help,
  async run(args, io) {
    const parsed = parseArgs(
      args,
      { dir: { type: 'string' }, from: { type: 'string' }, profile: { type: 'string' }, 'ca-key': { type: 'string' }, 'create-missing': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, passin: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      { positionals: true },
    );
    const v = parsed.values;
    if (!v.dir) throw new UsageError(tr`--dir DIR is required`);
    if (!v.from || !(adoptSources as readonly string[]).includes(v.from)) throw new UsageError(tr`--from is required: ${adoptSources.join('|')}`);
    if (parsed.positionals.length !== 1) throw new UsageError(tr`give the CA to adopt after --from ${v.from}: its ${v.from === 'openssl' ? 'configuration file' : v.from === 'easy-rsa' ? 'pki/ folder' : 'certs dir'}`);
    const from = v.from as AdoptSource;
    const root = path.resolve(io.cwd, v.dir);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(tr`--dir ${root} is not a folder`);
    const profile = profileOption(v.profile ?? (from === 'cockroach' ? 'cockroach' : 'generic'), true);
    const passphrase = readPassphrase(v.passin, '--passin', io.cwd);
    let result: AdoptRunResult;
    try {
      result = await runAdoption(nodeEnvironment(), {
        from,
        root,
        source: path.resolve(io.cwd, parsed.positionals[0]!),
        profile,
        ...(v['ca-key'] ? { caKey: path.resolve(io.cwd, v['ca-key']) } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...(v['dry-run'] ? { dryRun: true } : {}),
        waiting: lockWaitNote(io),
        ...(v['create-missing'] ? { createMissing: true } : {}),
        ...(v.force ? { force: true } : {}),
      });
    } catch (e) {
      if (e instanceof IssueError || e instanceof WritePlanError) return fail(io, v.json, e.message);
      const code = (e as NodeJS.ErrnoException).code;
      if (code && /^E[A-Z]+$/.test(code)) return fail(io, v.json, tr`${(e as Error).message}; nothing was written`);
      throw e;
    }
    const { report, commit: exec } = result;
    if (v.json) {
      const written = exec?.written.map((w) => ({ path: w.path, absolutePath: path.join(root, w.path), kind: w.kind, mode: oct(w.mode), description: w.description })) ?? [];
      const { plan: _plan, ...rest } = report;
      printJson(io, { ok: true, dryRun: !!v['dry-run'], dir: root, ...rest, wouldWrite: report.plan.files.map((f) => f.path), written, unchanged: exec?.unchanged ?? [] });
      return 0;
    }
    printReport(io, report, root);
    if (!exec) {
      const files = report.plan.files.map((f) => f.path).join(', ');
      io.out(`${report.creates.length ? tr`dry run: would write ${files} (needs --create-missing: ${report.creates.join(', ')})` : tr`dry run: would write ${files}`}\n`);
      return 0;
    }
    for (const w of exec.written) io.out(writtenLine(root, w));
    for (const u of exec.unchanged) io.out(unchangedLine(path.join(root, u)));
    io.out(`${tr`adopted: certwright issue/sign/renew/revoke/crl --dir ${root} now carry on from this CA's files`}\n`);
    return 0;
  },
};
