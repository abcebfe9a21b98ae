/** `certwright renew`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaMaterial, IssueOperation } from '../core/issue';
import { UsageError, type CliCommand } from './command';
import { commonOptions, commonOptionsHelp, daysOption, keyOption, parse, profileOption, readCaMaterial, requireDir, runAndWrite, runOptions } from './issue';

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
    let certPem: string;
    let keyPem: string | undefined;
    let ca: CaMaterial;
    try {
      certPem = fs.readFileSync(certAbs, 'utf8');
      if (!v['new-key']) keyPem = fs.readFileSync(keyAbs, 'utf8');
      ca = readCaMaterial(dir, profile);
    } catch (e) {
      io.err(`error: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `cannot read ${(e as NodeJS.ErrnoException).path}` : (e as Error).message}\n`);
      return 1;
    }
    const op: IssueOperation = { kind: 'renew', profile, certPath, certPem, keyPath, ...(keyPem ? { keyPem } : {}), ...(v['new-key'] ? { newKey: true } : {}), ...(keyType ? { keyType } : {}), ...(days ? { days } : {}) };
    return runAndWrite(io, op, ca, runOptions(dir, v));
  },
};
