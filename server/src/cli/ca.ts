/** `certwright ca create`. */
import type { IssueOperation } from '../core/issue';
import type { CliCommand } from './command';
import { commonOptions, commonOptionsHelp, daysOption, keyOption, parse, profileOption, requireDir, runAndWrite, runOptions } from './issue';

export const caCreateCommand: CliCommand = {
  path: ['ca', 'create'],
  summary: 'Create a CA for cockroach|dm|postgres|generic (key, certificate, OpenSSL CA state)',
  help: `Usage: certwright ca create --profile cockroach|dm|postgres|generic --dir DIR [options]

Creates a CA: basicConstraints critical CA:TRUE (pathlen: cockroach 1, dm and
postgres 0, generic none), keyUsage critical keyCertSign+cRLSign+digitalSignature,
SKI/AKI, random positive 16-byte serial; an empty CRL; and the CA state in
OpenSSL's own formats beside the CA key (index.txt, index.txt.attr, serial,
crlnumber, newcerts/, openssl-ca.cnf) so that \`openssl ca -config
<caDir>/openssl-ca.cnf\` can carry on from it (run from DIR). Files:
  cockroach  certs/ca.crt, ca-private/ca.key (+ state), certs/ca.crl
  dm         ca.pem, ca-private/ca-key.pem (+ state), ca.crl
  postgres   root.crt, ca-private/root.key (+ state), root.crl
  generic    ca.crt, ca-private/ca.key (+ state), ca.crl
Keys are PKCS#8 PEM, mode 0600, in folders of mode 0700.

Options:
  --profile P          target system (required)
  --key TYPE           rsa2048 (default)|rsa3072|rsa4096|p256|p384|ed25519
  --cn NAME            CA common name (default per profile, e.g. "Cockroach CA")
  --org NAME           organization (default: cockroach "Cockroach", others none)
  --days N             validity in days (default 3650)
${commonOptionsHelp}
`,
  async run(args, io) {
    const v = parse(args, { ...commonOptions, profile: { type: 'string' }, key: { type: 'string' }, cn: { type: 'string' }, org: { type: 'string' }, days: { type: 'string' } });
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    const op: IssueOperation = { kind: 'createCa', profile, ...(keyType ? { keyType } : {}), ...(v.cn !== undefined ? { commonName: v.cn } : {}), ...(v.org !== undefined ? { organization: v.org } : {}), ...(days ? { days } : {}) };
    return runAndWrite(io, op, runOptions(dir, v));
  },
};
