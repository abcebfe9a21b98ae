/**
 * `certwright init`: a CA, every node and client certificate of a cluster and the TLS
 * sections of each component's configuration, from a topology, in one process and one
 * commit under the CA's lock. Idempotent: what exists is kept, only what is new is issued.
 */
import * as path from 'node:path';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { runInit, type InitRunResult } from '../node/initRun';
import { UsageError, type CliCommand } from './command';
import { keyOption, operationFailure, profileOption, requireDir } from './issue';
import { parseArgs } from './args';
import { readPassphrase } from './passphrase';
import { readSmallFile } from './sign';
import { tr } from '../core/l10n';
import { fail, lockWaitNote, printJson, warningLine, writtenLine } from './report';

const oct = (m: number): string => `0${m.toString(8)}`;

export const initCommand: CliCommand = {
  path: ['init'],
  summary: tr`Create a CA, every node/client certificate and the TLS config sections of a cluster from a topology`,
  help: [
    tr`Usage: certwright init --topology FILE --dir DIR [options]`,
    tr`Reads a topology and makes, in one process, the CA (unless DIR has one), a
certificate for every host and the clients, and the TLS part of each
component's configuration under DIR/config/:
  TiUP DM topology (master_servers / worker_servers with host, port):
      master-<host>-cert.pem / worker-<host>-cert.pem, client-cert.pem (CN dm);
      config/<name>.toml with ssl-ca, ssl-cert, ssl-key, cert-allowed-cn = ["dm"];
      config/dmctl.flags
  node list (YAML/JSON "nodes:", optional "clients:"), CockroachDB by default:
      certs/<host>/{node.crt,node.key,ca.crt} (a certs dir per node, SANs host,
      localhost, 127.0.0.1), certs/client.root.*; config/<host>.flags (--certs-dir)
  plain list of hosts (one per line) with --profile:
      postgres: <host>.crt/.key, client certificates; config/<host>.postgresql.conf
      (ssl_*), config/pg_hba.conf (hostssl ... cert)
Run it again after adding a host: only the new certificates are issued; the
configuration snippets are rewritten. In a DIR that holds an adopted CA
(certwright adopt) the cluster is issued from that CA into the places its
layout names (easy-rsa pki/issued/, a demoCA's certs/, a cockroach certs dir),
recorded in its own database; no second CA is created. Keys are generated two at a time; all
files are committed together under the CA's lock.`,
    [
      tr`Options:`,
      tr`  --topology FILE      the topology`,
      tr`  --profile P          dm|cockroach|postgres|generic (default: from the topology)`,
      tr`  --key TYPE           p256|p384|rsa2048|rsa3072|rsa4096|ed25519 (default rsa2048 for
                       a new CA; leaves follow the CA's family)`,
      tr`  --passin SPEC        passphrase of an existing encrypted CA key: env:VAR or file:PATH`,
      tr`  --dry-run            say what would be issued and written (new vs already issued);
                       write nothing`,
      tr`  --json               print what was written as JSON`,
      tr`  -h, --help           this help`,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { dir: { type: 'string' }, topology: { type: 'string' }, profile: { type: 'string' }, key: { type: 'string' }, passin: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }).values;
    const dir = requireDir(io, v.dir);
    if (!v.topology) throw new UsageError(tr`--topology FILE is required`);
    const hint = v.profile === undefined ? undefined : profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const passphrase = readPassphrase(v.passin, '--passin', io.cwd);
    const topology = path.resolve(io.cwd, v.topology);
    // A missing or unreadable topology is a usage error, as before the driver reads it.
    readSmallFile(topology, 'the topology', 1024 * 1024);
    let r: InitRunResult;
    try {
      r = await runInit(nodeEnvironment(), { root: dir, topology, ...(hint ? { profile: hint } : {}), ...(keyType ? { keyType } : {}), ...(passphrase !== undefined ? { passphrase } : {}), ...(v['dry-run'] ? { dryRun: true } : {}), waiting: lockWaitNote(io) });
    } catch (e) {
      const failure = operationFailure(e);
      if (failure === undefined) throw e;
      return fail(io, v.json, failure);
    }
    const { root, issued, existing, warnings } = r;
    if (!r.commit) {
      if (v.json) printJson(io, { ok: true, dryRun: true, dir: root, newCa: r.newCa, issuing: r.issuing, existing, files: r.files.map((f) => ({ path: f.path, kind: f.kind, mode: oct(f.mode), description: f.description })), conflicts: r.conflicts, warnings });
      else {
        const issuing = r.issuing.join(', ');
        io.out(`${!r.issuing.length ? (r.newCa ? tr`would create the CA and issue: nothing new` : tr`would issue: nothing new`) : r.newCa ? tr`would create the CA and issue: ${issuing}` : tr`would issue: ${issuing}`}\n`);
        if (existing.length) io.out(`${tr`kept (already issued): ${existing.join(', ')}`}\n`);
        for (const f of r.files) {
          const file = path.join(root, f.path);
          io.out(`${r.conflicts.includes(f.path) ? tr`  would write ${oct(f.mode)}  ${file}  (${f.description})  EXISTS with other contents: refused` : tr`  would write ${oct(f.mode)}  ${file}  (${f.description})`}\n`);
        }
      }
      return 0;
    }
    const exec = r.commit;
    if (v.json) {
      printJson(io, { ok: true, dir: root, issued, existing, written: exec.written.map((w) => ({ path: w.path, kind: w.kind, mode: oct(w.mode), description: w.description, replaced: w.replaced })), unchanged: exec.unchanged, warnings });
      return 0;
    }
    for (const w of warnings) io.err(warningLine(w));
    for (const i of issued) io.out(`${i.sans.length ? tr`${i.subject}  serial ${i.serial}  ${i.certPath}  SAN ${i.sans.join(', ')}` : tr`${i.subject}  serial ${i.serial}  ${i.certPath}`}\n`);
    if (existing.length) io.out(`${tr`kept (already issued): ${existing.join(', ')}`}\n`);
    for (const w of exec.written) io.out(writtenLine(root, w));
    if (!issued.length) io.out(`${tr`nothing new to issue`}\n`);
    return 0;
  },
};
