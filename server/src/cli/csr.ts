/** `certwright csr`: a key and a certificate request on the node's own host (the CSR kit). */
import * as path from 'node:path';
import { IssueError, type PlannedFile } from '../core/issue';
import { makeCsr } from '../core/issue/csr';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { nodeStoreFs, prepareRoot, WritePlanError } from '../node/writePlan';
import { UsageError, type CliCommand } from './command';
import { keyOption, profileOption } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';
import { fail, printJson, printOpenssl, writtenLine } from './report';

const oct = (m: number): string => `0${m.toString(8)}`;

/**
 * Writes the key and the request as new files (exclusive create, final mode, fsync): no
 * CA state is involved, and an existing key is never replaced — nor half a pair written.
 */
async function writeNew(dir: string, files: readonly PlannedFile[]): Promise<{ written: PlannedFile[] }> {
  const { root } = prepareRoot(dir);
  const sfs = nodeStoreFs(root);
  const existing = [];
  for (const f of files) if (await sfs.stat(f.path)) existing.push(path.join(root, f.path));
  if (existing.length) throw new WritePlanError(`refusing to replace ${existing.join(', ')} (a key is never overwritten: choose another --out or --name)`);
  const written: PlannedFile[] = [];
  try {
    for (const f of files) {
      await sfs.createExclusive(f.path, f.contents, f.mode);
      written.push(f);
    }
  } catch (e) {
    for (const w of written) await sfs.remove(w.path);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new WritePlanError(`${(e as Error).message}: another run wrote there meanwhile; nothing was kept`);
    throw e;
  }
  return { written };
}

export const csrCommand: CliCommand = {
  path: ['csr'],
  summary: tr`Make a key and a CSR with a profile's names on this host, for certwright sign on the CA's`,
  help: [
    tr`Usage: certwright csr --profile P --out DIR [--san HOST ...] [options]`,
    tr`Makes a new key (PKCS#8, mode 0600) and a certificate request carrying the names
the profile issues, in DIR, so the key never leaves this host: send the .csr to
whoever holds the CA, who runs the printed certwright sign command and sends
back the certificate. The files are named as the profile names them, e.g.
cockroach node.key + node.csr, client.root.key + client.root.csr; dm
master-key.pem + master.csr; postgres server.key + server.csr. An existing key
is never replaced.`,
    [
      tr`Options:`,
      tr`  --profile P          cockroach|dm|postgres|generic (required)`,
      tr`  --out DIR            folder for the key and the request (created 0700 if missing)`,
      tr`  --role node|client   default node`,
      tr`  --san HOST           node: DNS name, IP address or URI:x (at least one; repeatable)`,
      tr`  --cn NAME            node: common name (default the profile's); client: the user`,
      tr`  --name NAME          file stem, as for issue node|client --name`,
      tr`  --key TYPE           p256 (default)|p384|rsa2048|rsa3072|rsa4096|ed25519`,
      tr`  --json               print what was written as JSON (never key contents)`,
      tr`  --print-openssl      also print the equivalent openssl commands`,
      tr`  -h, --help           this help`,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { profile: { type: 'string' }, out: { type: 'string' }, role: { type: 'string' }, san: { type: 'string', multiple: true }, cn: { type: 'string' }, name: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, 'print-openssl': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }).values;
    if (!v.out) throw new UsageError(tr`--out DIR is required`);
    const role = v.role ?? 'node';
    if (role !== 'node' && role !== 'client') throw new UsageError(tr`--role must be node or client`);
    const profile = profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const out = path.resolve(io.cwd, v.out);
    try {
      const r = await makeCsr(nodeEnvironment(), { profile, role, ...(v.san?.length ? { sans: v.san } : {}), ...(v.cn ? { commonName: v.cn } : {}), ...(v.name ? { name: v.name } : {}), ...(keyType ? { keyType } : {}) });
      const exec = await writeNew(out, r.plan.files);
      if (v.json) {
        printJson(io, { ok: true, dir: out, key: path.join(out, r.keyPath), csr: path.join(out, r.csrPath), subject: r.subject, sans: r.sans, written: exec.written.map((w) => ({ path: w.path, absolutePath: path.join(out, w.path), kind: w.kind, mode: oct(w.mode) })), signCommand: r.signCommand, opensslCommands: r.opensslCommands });
        return 0;
      }
      io.out(`${r.sans.length ? `${r.subject}  SAN ${r.sans.join(', ')}` : r.subject}\n`);
      for (const w of exec.written) io.out(writtenLine(out, w));
      io.out(`\n${tr`On the CA's host: ${r.signCommand}`}\n`);
      if (v['print-openssl']) printOpenssl(io, r.opensslCommands, out);
      return 0;
    } catch (e) {
      if (!(e instanceof IssueError || e instanceof WritePlanError)) throw e;
      return fail(io, v.json, e.message);
    }
  },
};
