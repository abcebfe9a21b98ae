/** `certwright crl`. */
import type { IssueOperation } from '../core/issue';
import type { CliCommand } from './command';
import { tr } from '../core/l10n';
import { commonOptions, commonOptionsHelp, daysOption, parse, profileOption, requireDir, runOptions, runWithCa } from './issue';

export const crlCommand: CliCommand = {
  path: ['crl'],
  summary: tr`Publish a fresh CRL from the CA database in --dir`,
  help: `Usage: certwright crl --dir DIR [options]

Publishes a CRL listing every certificate revoked in the CA database
(index.txt), with the next CRL number and AKI = the CA's SKI, signed by the CA:
cockroach certs/ca.crl, dm ca.crl, postgres root.crl, generic ca.crl.

Options:
  --crl-days N         nextUpdate in N days (default: postgres and generic 180, cockroach
                       and dm 365; PostgreSQL refuses every client once nextUpdate has passed)
  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)
${commonOptionsHelp}
`,
  async run(args, io) {
    const v = parse(args, { ...commonOptions, profile: { type: 'string' }, 'crl-days': { type: 'string' } });
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    const crlDays = daysOption(v['crl-days'], '--crl-days');
    const op: IssueOperation = { kind: 'publishCrl', profile, ...(crlDays ? { crlDays } : {}) };
    return runWithCa(io, op, runOptions(dir, v));
  },
};
