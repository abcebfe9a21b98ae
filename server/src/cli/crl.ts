/** `certwright crl`. */
import * as path from 'node:path';
import type { IssueOperation } from '../core/issue';
import { nodeFileSystem } from '../node/nodeEnvironment';
import { UsageError, type CliCommand } from './command';
import { tr } from '../core/l10n';
import { cliLayout, commonOptions, commonOptionsHelp, daysOption, profileOption, requireDir, runOptions, runWithCa } from './issue';
import { parseArgs } from './args';

export const crlCommand: CliCommand = {
  path: ['crl'],
  summary: tr`Publish a fresh CRL from the CA database in --dir`,
  help: [
    tr`Usage: certwright crl --dir DIR [options]`,
    tr`Publishes a CRL listing every certificate revoked in the CA database
(index.txt), with the next CRL number and AKI = the CA's SKI, signed by the CA:
cockroach certs/ca.crl, dm ca.crl, postgres root.crl, generic ca.crl.`,
    tr`An intermediate publishes its parent's CRL after its own (PostgreSQL checks a
CRL for every CA of the chain): the copy in <caDir>/parent.crl, or with --parent
PDIR the parent's current CRL file, which replaces that copy. A CRL published
with it that lapses first, or a CA certificate that expires before nextUpdate,
is warned about with what to run.`,
    [
      tr`Options:`,
      tr`  --crl-days N         nextUpdate in N days (default: postgres and generic 180, cockroach
                       and dm 365; PostgreSQL refuses every client once nextUpdate has passed)`,
      tr`  --parent PDIR        an intermediate: publish the CRL file of its parent CA in PDIR with it
                       (run certwright crl --dir PDIR first when that one is old)`,
      tr`  --parent-profile P   the parent's profile (default: the CA found in PDIR)`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, profile: { type: 'string' }, 'crl-days': { type: 'string' }, parent: { type: 'string' }, 'parent-profile': { type: 'string' } }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    const crlDays = daysOption(v['crl-days'], '--crl-days');
    let parentCrlPem: string | undefined;
    let parentDir: string | undefined;
    if (v.parent !== undefined) {
      parentDir = path.resolve(io.cwd, v.parent);
      if (parentDir === dir) throw new UsageError(tr`--parent must be the folder of the CA that signed this one, not --dir`);
      const file = path.join(parentDir, cliLayout(parentDir, profileOption(v['parent-profile'], false, parentDir)).crl);
      const read = nodeFileSystem.readBoundedSync(file);
      if (!read.ok) throw new UsageError(tr`--parent: the parent's CRL ${file} ${read.detail}`);
      parentCrlPem = new TextDecoder().decode(read.bytes);
    } else if (v['parent-profile'] !== undefined) throw new UsageError(tr`--parent-profile goes with --parent`);
    const op: IssueOperation = { kind: 'publishCrl', profile, ...(crlDays ? { crlDays } : {}), ...(parentCrlPem !== undefined ? { parentCrlPem } : {}), ...(parentDir !== undefined ? { folders: { dir, parentDir } } : {}) };
    return runWithCa(io, op, runOptions(dir, v));
  },
};
