/** `certwright ca create`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileLayout, type IssueOperation } from '../core/issue';
import { UsageError, type CliCommand } from './command';
import { readPassphrase } from './passphrase';
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

With --parent PARENT_DIR the new CA is an intermediate: its key and state are
created in DIR, its certificate is signed by the CA in PARENT_DIR (whose key
never leaves PARENT_DIR: that folder can be kept offline afterwards, and is
needed again only to renew or revoke the intermediate), and the parent's
database records it. DIR's CA file is a bundle (the intermediate, then the
parent's CA file), which is what each system reads as its CA: CockroachDB
certs/ca.crt, DM ssl-ca (ca.pem), PostgreSQL ssl_ca_file / libpq root.crt.
Leaf files issued from DIR carry the intermediate after the leaf (the chain a
TLS peer sends), and DIR's CRL file holds the intermediate's CRL followed by
a copy of the parent's (PostgreSQL checks a CRL for every CA of a chain). The
parent must allow an intermediate: pathlen 1 or more (--pathlen on the root).

Options:
  --profile P          target system (required)
  --key TYPE           rsa2048 (default)|rsa3072|rsa4096|p256|p384|ed25519
  --cn NAME            CA common name (default per profile, e.g. "Cockroach CA")
  --org NAME           organization (default: cockroach "Cockroach", others none)
  --days N             validity in days (default 3650; intermediate 1825)
  --pathlen N          basicConstraints pathlen (default per profile; 1 lets the CA sign intermediates)
  --parent DIR         make an intermediate CA signed by the CA in DIR
  --parent-profile P   the parent's profile (default: the CA found in the parent DIR)
  --allow-capped       intermediate: end with the parent instead of refusing a longer validity
  --encrypt-key        encrypt the CA key (PKCS#8 PBES2: PBKDF2-HMAC-SHA256 x600000, AES-256-CBC;
                       openssl reads it with -passin); its passphrase from --passout
  --passout SPEC       passphrase for --encrypt-key: env:VAR or file:PATH
                       (--passin is the parent's, for --parent)
${commonOptionsHelp}
`,
  async run(args, io) {
    const v = parse(args, {
      ...commonOptions,
      profile: { type: 'string' },
      key: { type: 'string' },
      cn: { type: 'string' },
      org: { type: 'string' },
      days: { type: 'string' },
      pathlen: { type: 'string' },
      parent: { type: 'string' },
      'parent-profile': { type: 'string' },
      'allow-capped': { type: 'boolean' },
      'encrypt-key': { type: 'boolean' },
      passout: { type: 'string' },
    });
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    if (v.pathlen !== undefined && !/^[0-8]$/.test(v.pathlen)) throw new UsageError('--pathlen must be a whole number from 0 to 8');
    if (v['encrypt-key'] && v.passout === undefined) throw new UsageError('--encrypt-key needs --passout env:VAR or file:PATH (the passphrase)');
    if (v.passout !== undefined && !v['encrypt-key']) throw new UsageError('--passout is the passphrase for --encrypt-key');
    const keyPassphrase = readPassphrase(v.passout, '--passout', io.cwd);
    const common = { profile, ...(keyPassphrase !== undefined ? { keyPassphrase } : {}), ...(keyType ? { keyType } : {}), ...(v.cn !== undefined ? { commonName: v.cn } : {}), ...(v.org !== undefined ? { organization: v.org } : {}), ...(days ? { days } : {}) };
    if (v.parent === undefined) {
      const op: IssueOperation = { kind: 'createCa', ...common, ...(v.pathlen !== undefined ? { pathLen: Number(v.pathlen) } : {}) };
      return runAndWrite(io, op, runOptions(dir, v));
    }
    if (v.pathlen !== undefined) throw new UsageError("--pathlen is for a root; an intermediate's pathlen is one less than its parent's");
    const parentDir = path.resolve(io.cwd, v.parent);
    if (parentDir === dir) throw new UsageError('--parent must be another folder than --dir: the root key stays apart from the intermediate');
    const parentProfile = profileOption(v['parent-profile'], false, parentDir);
    let parentCrlPem: string | undefined;
    try {
      parentCrlPem = fs.readFileSync(path.join(parentDir, profileLayout(parentProfile).crl), 'utf8');
    } catch {
      parentCrlPem = undefined;
    }
    const op: IssueOperation = { kind: 'createIntermediate', ...common, parentProfile, ...(parentCrlPem ? { parentCrlPem } : {}), ...(v['allow-capped'] ? { allowCapped: true } : {}) };
    return runAndWrite(io, op, { ...runOptions(dir, v), parentDir });
  },
};
