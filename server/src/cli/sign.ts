/** `certwright sign`: sign a certificate request made on another host with the CA in --dir. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IssueError, runIssueOperation, type SignCsrOperation } from '../core/issue';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { UsageError, type CliCommand } from './command';
import { commonOptions, commonOptionsHelp, daysOption, formatCsrReview, profileOption, requireDir, runOptions, runWithCa } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';
import { fail, printJson } from './report';

/** A CSR is a few kilobytes; anything far larger is not one. */
const MAX_CSR_BYTES = 256 * 1024;

export function readSmallFile(file: string, what: string, limit = MAX_CSR_BYTES): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new UsageError(tr`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(tr`${what} ${file} is not a file`);
  if (st.size > limit) throw new UsageError(tr`${what} ${file} is ${st.size} bytes: too large to be one`);
  return fs.readFileSync(file, 'utf8');
}

export const signCommand: CliCommand = {
  path: ['sign'],
  summary: tr`Sign a CSR made elsewhere with the CA in --dir (the profile decides the extensions)`,
  help: [
    tr`Usage: certwright sign --dir DIR --csr FILE [options]`,
    tr`Signs a certificate request (PKCS#10) made on the host that keeps the key
(certwright csr, openssl req, cockroach cert create-node --... ) with the CA in
DIR. The request's signature is verified first. The profile decides the subject
and every extension, exactly as for certwright issue node|client: the request
contributes its public key, its CN (client role) and — unless --san replaces
them — its DNS/IP/URI names. Everything else it asks for (CA:TRUE, other key
usages, other subject attributes, e-mail names, other extensions) is listed as
not granted; --dry-run shows that list and signs nothing. A validity that would
outlast the CA is refused (--days, or --allow-capped), as for issue.`,
    tr`The certificate goes where issue would put it (e.g. cockroach certs/<name>/node.crt,
dm master-cert.pem, postgres server.crt); no key is written. The CA database
(index.txt, newcerts/) records it in OpenSSL's format.`,
    [
      tr`Options:`,
      tr`  --csr FILE           the request (PEM)`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      tr`  --role node|client   node: serverAuth+clientAuth, SANs required; client: CN = user
                       (default: node when the request or --san names a host)`,
      tr`  --san HOST           replace the requested names (repeatable, or comma-separated)`,
      tr`  --name NAME          node name / file stem, as for issue`,
      tr`  --cn NAME            common name (node: default the profile's; client: the request's CN)`,
      tr`  --days N             validity in days (default 825)`,
      tr`  --allow-capped       when N days would outlast the CA, end with the CA instead of refusing`,
      tr`  --dry-run            only show what the request asks and what is not granted`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, csr: { type: 'string' }, profile: { type: 'string' }, role: { type: 'string' }, san: { type: 'string', multiple: true }, name: { type: 'string' }, cn: { type: 'string' }, days: { type: 'string' }, 'allow-capped': { type: 'boolean' }, 'dry-run': { type: 'boolean' } }).values;
    const dir = requireDir(io, v.dir);
    if (!v.csr) throw new UsageError(tr`--csr FILE is required`);
    if (v.role !== undefined && v.role !== 'node' && v.role !== 'client') throw new UsageError(tr`--role must be node or client`);
    const profile = profileOption(v.profile, false, dir);
    const csrFile = path.resolve(io.cwd, v.csr);
    const csrPem = readSmallFile(csrFile, 'the request');
    const days = daysOption(v.days);
    const rel = path.relative(dir, csrFile);
    const op: SignCsrOperation = {
      kind: 'signCsr',
      profile,
      csrPem,
      csrPath: rel.startsWith('..') ? csrFile : rel,
      ...(v.role ? { role: v.role as 'node' | 'client' } : {}),
      ...(v.san?.length ? { sans: v.san } : {}),
      ...(v.name ? { name: v.name } : {}),
      ...(v.cn ? { commonName: v.cn } : {}),
      ...(days ? { days } : {}),
      ...(v['allow-capped'] ? { allowCapped: true } : {}),
    };
    if (v['dry-run']) {
      try {
        const r = await runIssueOperation(nodeEnvironment(), { ...op, dryRun: true });
        if (v.json) printJson(io, { ok: true, dryRun: true, csrReview: r.csrReview });
        else io.out(formatCsrReview(r.csrReview!));
        return 0;
      } catch (e) {
        if (!(e instanceof IssueError)) throw e;
        return fail(io, v.json, e.message);
      }
    }
    return runWithCa(io, op, runOptions(dir, v));
  },
};
