/**
 * `certwright probe HOST:PORT`: a real TLS handshake with the workspace's CA and
 * client certificate, judged in the same words as `certwright explain`. Exit 0
 * when all is well, 1 when the probe finds a problem, 2 when the host cannot be
 * reached or on bad usage.
 */
import { webcrypto } from 'node:crypto';
import { parseArgs } from './args';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildInventory, withSignatureChecks, judgeProbe, renderExplanationText, type ProbeVerdict } from '../core/doctor';
import { decodePemText, type CertificateView } from '../core/pem';
import { readDoctorFiles } from '../node/doctorFiles';
import { probe } from '../node/probe';
import { UsageError, writeRaw, type CliCommand, type CliIo } from './command';
import { english, tr, type Localiser } from '../core/l10n';
import { printJson } from './report';

const help = [
  tr`Usage: certwright probe HOST:PORT [options]`,
  tr`Connects to HOST:PORT with a real TLS handshake, presenting the client
certificate given, and reports: the server's chain as presented, whether it
verifies against the CA, whether the name matches, whether the client
certificate was accepted, and what to change (in the words of certwright
explain). Only the host you name is contacted.`,
  [
    tr`Options:`,
    tr`  --ca FILE           trusted CA certificate(s) (PEM)`,
    tr`  --cert FILE         client certificate (PEM)`,
    tr`  --key FILE          client key (PEM)`,
    tr`  --servername NAME   name to verify and to send as SNI (default: HOST)`,
    tr`  --postgres          speak PostgreSQL's SSLRequest first, then send a StartupMessage`,
    tr`  --user NAME         PostgreSQL user for --postgres (default: the client certificate's CN)`,
    tr`  --dir <path>        workspace searched for the explanation (default: .)`,
    tr`  --timeout S         seconds for the whole probe (default 10)`,
    tr`  --json              print the verdict as JSON`,
    tr`  -h, --help          show this help`,
  ],
  tr`Exit status: 0 all well, 1 the probe found a problem, 2 the host cannot be
reached or bad usage.`,
];

function read(cwd: string, file: string | undefined, what: string): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(resolve(cwd, file));
  } catch (err) {
    throw new UsageError(tr`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function firstCert(pem: Buffer | undefined): CertificateView | undefined {
  if (!pem) return undefined;
  for (const b of decodePemText(pem.toString('latin1'))) if (b.decoded.ok && b.decoded.view.kind === 'certificate') return b.decoded.view;
  return undefined;
}

/** The verdict in the user's language, each sentence translated on its own (the certificates' names as they are). */
function render(target: string, v: ProbeVerdict, l10n: Localiser): string {
  const out = [l10n.text(v.status === 'ok' ? tr`Probe of ${target}: all well` : v.status === 'unreachable' ? tr`Probe of ${target}: unreachable` : tr`Probe of ${target}: problem found`)];
  if (v.presented.length) out.push('', l10n.text(tr`Server chain as presented:`), ...v.presented.map((p, i) => `  ${i}: ${p}`));
  out.push('', ...v.checks.map((c) => `  ${c.ok ? '✔' : '✘'} ${l10n.text(c.text)}`), '');
  if (v.explanations.length) out.push(renderExplanationText({ recognised: true, explanations: v.explanations }, l10n));
  return `${out.join('\n')}\n`;
}

export const probeCommand: CliCommand = {
  path: ['probe'],
  summary: tr`Test a TLS connection with the workspace's CA and client certificate`,
  help,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(
      args,
      {
        ca: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, servername: { type: 'string' },
        postgres: { type: 'boolean' }, user: { type: 'string' }, dir: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' },
      },
      { positionals: true },
    );
    const v = parsed.values;
    const target = parsed.positionals[0];
    const m = target ? /^(?:\[(?<v6>[^\]]+)\]|(?<host>[^:]+)):(?<port>\d{1,5})$/.exec(target) : null;
    if (!m || parsed.positionals.length !== 1) throw new UsageError(tr`give one HOST:PORT (IPv6 as [ADDR]:PORT)`);
    if (!!v.cert !== !!v.key) throw new UsageError(tr`--cert and --key go together`);
    const timeout = Number(v.timeout ?? '10');
    if (!(timeout > 0 && timeout <= 300)) throw new UsageError(tr`--timeout takes seconds between 0 and 300`);
    const cert = read(io.cwd, v.cert, tr`client certificate`);
    const clientView = firstCert(cert);
    const observation = await probe({
      host: m.groups!.v6 ?? m.groups!.host!,
      port: Number(m.groups!.port),
      servername: v.servername,
      ca: read(io.cwd, v.ca, tr`CA file`),
      cert,
      key: read(io.cwd, v.key, tr`client key`),
      postgres: v.postgres,
      user: v.user ?? clientView?.commonName,
      timeoutMs: timeout * 1000,
    });
    const inventory = await withSignatureChecks(buildInventory(await readDoctorFiles(resolve(io.cwd, v.dir ?? '.'))), webcrypto);
    const verdict = judgeProbe(observation, inventory, new Date(), clientView && v.cert ? { file: v.cert, view: clientView } : undefined);
    if (v.json) printJson(io, verdict);
    else writeRaw(io, render(target!, verdict, io.l10n ?? english));
    return verdict.status === 'ok' ? 0 : verdict.status === 'problem' ? 1 : 2;
  },
};
