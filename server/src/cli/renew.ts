/** `certwright renew`. */
import * as path from 'node:path';
import { IssueError } from '../core/issue';
import { UsageError, type CliCommand } from './command';
import { commonOptions, commonOptionsHelp, daysOption, keyOption, parse, profileOption, requireDir, runOptions, runWithCa } from './issue';

/** node.crt → node.key, master-cert.pem → master-key.pem. */
export function defaultKeyPath(cert: string): string {
  if (/-cert\.pem$/.test(cert)) return cert.replace(/-cert\.pem$/, '-key.pem');
  return cert.replace(/\.(crt|pem|cer)$/, '') + '.key';
}

export const renewCommand: CliCommand = {
  path: ['renew'],
  summary: 'Renew a certificate of the CA in --dir (same key, or --new-key)',
  help: `Usage: certwright renew --dir DIR --cert FILE [--key FILE] [--new-key] [options]

Issues a new certificate with the same subject and extensions (SANs, key
usages) and a new serial and validity, replacing FILE. By default the existing
key is kept (and checked against the certificate); --new-key generates a new
key and replaces the key file. The files must be inside DIR.

Options:
  --cert FILE          the certificate to renew
  --key FILE           its key (default: node.crt → node.key, x-cert.pem → x-key.pem)
  --new-key            generate a new key
  --key-type TYPE      key type for --new-key (default: same as before)
  --days N             validity in days (default 825, capped at the CA's expiry)
  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)
${commonOptionsHelp}
`,
  async run(args, io) {
    const v = parse(args, { ...commonOptions, profile: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, 'new-key': { type: 'boolean' }, 'key-type': { type: 'string' }, days: { type: 'string' } });
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    if (!v.cert) throw new UsageError('--cert FILE is required');
    const certAbs = path.resolve(io.cwd, v.cert);
    const keyAbs = v.key ? path.resolve(io.cwd, v.key) : defaultKeyPath(certAbs);
    const rel = (abs: string): string => {
      const r = path.relative(dir, abs);
      if (!r || r.startsWith('..') || path.isAbsolute(r)) throw new UsageError(`${abs} is not inside --dir ${dir}`);
      return r.split(path.sep).join('/');
    };
    const certPath = rel(certAbs);
    const keyPath = rel(keyAbs);
    const keyType = keyOption(v['key-type']);
    const days = daysOption(v.days);
    const newKey = Boolean(v['new-key']);
    // Read under the CA lock: a renewal running beside this one is seen before anything is written.
    return runWithCa(
      io,
      async (read) => {
        const certPem = await read(certPath);
        if (certPem === undefined) throw new IssueError(`cannot read ${certAbs}`);
        const keyPem = newKey ? undefined : await read(keyPath);
        if (!newKey && keyPem === undefined) throw new IssueError(`cannot read ${keyAbs}`);
        return { kind: 'renew', profile, certPath, certPem, keyPath, ...(keyPem ? { keyPem } : {}), ...(newKey ? { newKey: true } : {}), ...(keyType ? { keyType } : {}), ...(days ? { days } : {}) };
      },
      runOptions(dir, v),
      profile,
    );
  },
};
