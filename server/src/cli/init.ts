/**
 * `certwright init`: a CA, every node and client certificate of a cluster and the TLS
 * sections of each component's configuration, from a topology, in one process and one
 * commit under the CA's lock. Idempotent: what exists is kept, only what is new is issued.
 */
import * as path from 'node:path';
import { IssueError } from '../core/issue';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { runInit, type InitRunResult } from '../node/initRun';
import { WritePlanError } from '../node/writePlan';
import { UsageError, type CliCommand } from './command';
import { keyOption, parse, profileOption, requireDir } from './issue';
import { readPassphrase } from './passphrase';
import { readSmallFile } from './sign';

const oct = (m: number): string => `0${m.toString(8)}`;

export const initCommand: CliCommand = {
  path: ['init'],
  summary: 'Create a CA, every node/client certificate and the TLS config sections of a cluster from a topology',
  help: `Usage: certwright init --topology FILE --dir DIR [options]

Reads a topology and makes, in one process, the CA (unless DIR has one), a
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
files are committed together under the CA's lock.

Options:
  --topology FILE      the topology
  --profile P          dm|cockroach|postgres|generic (default: from the topology)
  --key TYPE           p256|p384|rsa2048|rsa3072|rsa4096|ed25519 (default rsa2048 for
                       a new CA; leaves follow the CA's family)
  --passin SPEC        passphrase of an existing encrypted CA key: env:VAR or file:PATH
  --dry-run            say what would be issued and written (new vs already issued);
                       write nothing
  --json               print what was written as JSON
  -h, --help           this help
`,
  async run(args, io) {
    const v = parse(args, { dir: { type: 'string' }, topology: { type: 'string' }, profile: { type: 'string' }, key: { type: 'string' }, passin: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    const dir = requireDir(io, v.dir);
    if (!v.topology) throw new UsageError('--topology FILE is required');
    const hint = v.profile === undefined ? undefined : profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const passphrase = readPassphrase(v.passin, '--passin', io.cwd);
    const topology = path.resolve(io.cwd, v.topology);
    // A missing or unreadable topology is a usage error, as before the driver reads it.
    readSmallFile(topology, 'the topology', 1024 * 1024);
    let r: InitRunResult;
    try {
      r = await runInit(nodeEnvironment(), { root: dir, topology, ...(hint ? { profile: hint } : {}), ...(keyType ? { keyType } : {}), ...(passphrase !== undefined ? { passphrase } : {}), ...(v['dry-run'] ? { dryRun: true } : {}) });
    } catch (e) {
      if (!(e instanceof IssueError || e instanceof WritePlanError)) throw e;
      if (v.json) io.out(`${JSON.stringify({ ok: false, error: e.message }, null, 2)}\n`);
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    const { root, issued, existing, warnings } = r;
    if (!r.commit) {
      if (v.json) io.out(`${JSON.stringify({ ok: true, dryRun: true, dir: root, newCa: r.newCa, issuing: r.issuing, existing, files: r.files.map((f) => ({ path: f.path, kind: f.kind, mode: oct(f.mode), description: f.description })), conflicts: r.conflicts, warnings }, null, 2)}\n`);
      else {
        io.out(`${r.newCa ? 'would create the CA and issue' : 'would issue'}: ${r.issuing.length ? r.issuing.join(', ') : 'nothing new'}\n`);
        if (existing.length) io.out(`kept (already issued): ${existing.join(', ')}\n`);
        for (const f of r.files) io.out(`  would write ${oct(f.mode)}  ${path.join(root, f.path)}  (${f.description})${r.conflicts.includes(f.path) ? '  EXISTS with other contents: refused' : ''}\n`);
      }
      return 0;
    }
    const exec = r.commit;
    if (v.json) {
      io.out(`${JSON.stringify({ ok: true, dir: root, issued, existing, written: exec.written.map((w) => ({ path: w.path, kind: w.kind, mode: oct(w.mode), description: w.description, replaced: w.replaced })), unchanged: exec.unchanged, warnings }, null, 2)}\n`);
      return 0;
    }
    for (const w of warnings) io.err(`warning: ${w}\n`);
    for (const i of issued) io.out(`${i.subject}  serial ${i.serial}  ${i.certPath}${i.sans.length ? `  SAN ${i.sans.join(', ')}` : ''}\n`);
    if (existing.length) io.out(`kept (already issued): ${existing.join(', ')}\n`);
    for (const w of exec.written) io.out(`  ${w.replaced ? 'replaced' : 'wrote   '} ${oct(w.mode)}  ${path.join(root, w.path)}  (${w.description})\n`);
    if (!issued.length) io.out('nothing new to issue\n');
    return 0;
  },
};
