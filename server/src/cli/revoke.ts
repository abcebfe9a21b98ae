/** `certwright revoke`. */
import * as path from 'node:path';
import { nodeFileSystem } from '../node/nodeEnvironment';
import { normalizeSerial, type IssueOperation } from '../core/issue';
import { UsageError, type CliCommand } from './command';
import { cliLayout, commonOptions, commonOptionsHelp, daysOption, profileOption, requireDir, runOptions, runWithCa } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';
import { errorLine } from './report';

export const revokeCommand: CliCommand = {
  path: ['revoke'],
  summary: tr`Revoke a certificate of the CA in --dir and republish the CRL`,
  help: [
    tr`Usage: certwright revoke --dir DIR (--cert FILE | --serial HEX) [options]`,
    tr`Marks the certificate revoked in the CA database (index.txt, OpenSSL format)
and publishes a new CRL (CRL number incremented, AKI = the CA's SKI):
cockroach certs/ca.crl, dm ca.crl, postgres root.crl, generic ca.crl.`,
    [
      tr`Options:`,
      tr`  --cert FILE          the certificate to revoke (PEM)`,
      tr`  --serial HEX         or its serial (the copy in <caDir>/newcerts/ is used; without
                       one, the CA database's line: a lost certificate can be revoked)`,
      tr`  --reason R           unspecified|keyCompromise|CACompromise|affiliationChanged|
                       superseded|cessationOfOperation|certificateHold`,
      tr`  --crl-days N         validity of the published CRL (default: postgres and generic 180,
                       cockroach and dm 365: a lapsed CRL locks out every client where it is loaded)`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, profile: { type: 'string' }, cert: { type: 'string' }, serial: { type: 'string' }, reason: { type: 'string' }, 'crl-days': { type: 'string' } }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    if (!v.cert === !v.serial) throw new UsageError(tr`give exactly one of --cert FILE or --serial HEX`);
    let file: string;
    if (v.cert) {
      file = path.resolve(io.cwd, v.cert);
    } else {
      if (!/^[0-9A-Fa-f:]+$/.test(v.serial!)) throw new UsageError(tr`--serial must be hexadecimal`);
      file = path.join(dir, cliLayout(dir, profile).newCertsDir, `${normalizeSerial(v.serial!)}.pem`);
    }
    // The bounded reader: newcerts/<serial>.pem may be a FIFO or a link to /dev/zero in a hostile checkout.
    const read = nodeFileSystem.readBoundedSync(file);
    // A serial whose copy is missing (deleted, never kept) is revoked from its database line.
    const byDatabase = !v.cert && !read.ok && read.refusal === 'missing';
    if (!read.ok && !byDatabase) {
      io.err(errorLine(`${file} ${read.detail}`));
      return 1;
    }
    const target = read.ok ? { certPem: new TextDecoder().decode(read.bytes) } : { serial: normalizeSerial(v.serial!) };
    const crlDays = daysOption(v['crl-days'], '--crl-days');
    const op: IssueOperation = { kind: 'revoke', profile, ...target, ...(v.reason ? { reason: v.reason } : {}), ...(crlDays ? { crlDays } : {}) };
    return runWithCa(io, op, runOptions(dir, v));
  },
};
