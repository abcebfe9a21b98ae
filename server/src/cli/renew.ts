/** `certwright renew`. */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { IssueError, type ProfileLayout } from '../core/issue';
import { parentCopyPath, renewedCertificate, revokedCertificates, validIssuedCertificates } from '../core/issue/renewRun';
import { defaultKeyPath } from '../core/issue/profiles';
import { keyOfCertificate, renewedCopyOf } from '../core/issue/layout';
import { UsageError, type CliCommand } from './command';
import { readPassphrase } from './passphrase';
import { cliLayout, commonOptions, commonOptionsHelp, daysOption, keyOption, profileOption, requireDir, runOptions, runWithCa } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';

export { defaultKeyPath };

type Read = (relative: string) => Promise<string | undefined>;

/** Files under dir that hold exactly the CA certificate (CockroachDB `certs/<node>/ca.crt`), relative paths. */
export async function caCertificateCopies(dir: string, layout: ProfileLayout, caPem: string, read: Read): Promise<string[]> {
  if (layout.profile !== 'cockroach') return [];
  const certs = path.posix.dirname(layout.caCert);
  let names: string[] = [];
  try {
    names = fs.readdirSync(path.join(dir, certs), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) if ((await read(`${certs}/${n}/ca.crt`)) === caPem) out.push(`${certs}/${n}/ca.crt`);
  return out;
}

/** The file names in a folder under `root` (relative path); none when it cannot be read. */
function listFolder(root: string): (folder: string) => Promise<string[]> {
  return async (folder) => {
    try {
      return await fs.promises.readdir(path.join(root, folder));
    } catch {
      return [];
    }
  };
}

/** The names a folder is known by when it is imported into an easy-rsa parent: its own, or its parent's for a `pki` folder. */
function folderNames(dir: string): string[] {
  const base = path.basename(dir);
  return base === 'pki' ? [path.basename(path.dirname(dir))] : [base];
}

export const renewCommand: CliCommand = {
  path: ['renew'],
  summary: tr`Renew a certificate of the CA in --dir (same key, or --new-key)`,
  help: [
    tr`Usage: certwright renew --dir DIR --cert FILE [--key FILE] [--new-key] [options]`,
    tr`Issues a new certificate with the same subject and extensions (SANs, key
usages) and a new serial and validity, replacing FILE. By default the existing
key is kept (and checked against the certificate); --new-key generates a new
key and replaces the key file. The files must be inside DIR.`,
    tr`Refused: a certificate whose key was revoked for a reason that may be about the
key (keyCompromise, CACompromise, certificateHold, privilegeWithdrawn, no reason)
unless --new-key; superseded, cessationOfOperation and affiliationChanged say
nothing against the key and only warn. A validity past the CA's notAfter is
refused unless --allow-capped.`,
    tr`The CA certificate itself (--cert DIR/certs/ca.crt, ca.pem, root.crt ...) is
renewed as a CA: same subject, key, SKI and CA extensions, new validity (default
3650 days), so every certificate it issued keeps verifying; copies of it in
CockroachDB node folders (certs/<node>/ca.crt) are replaced too.`,
    [
      tr`Options:`,
      tr`  --cert FILE          the certificate to renew`,
      tr`  --key FILE           its key (default: node.crt → node.key, x-cert.pem → x-key.pem,
                       the CA key for the CA certificate)`,
      tr`  --new-key            generate a new key (leaves only)`,
      tr`  --key-type TYPE      key type for --new-key (default: same as before)`,
      tr`  --san NAME           replace the SANs: DNS name, IP address or URI:x (repeatable)`,
      tr`  --add-san NAME       add a name to the SANs the certificate has (repeatable)`,
      tr`  --cn NAME            replace the subject's common name (the rest of the subject is kept)`,
      tr`  --days N             validity in days (default 825; CA certificate 3650)`,
      tr`  --allow-capped       when N days would outlast the CA, end with the CA instead of refusing`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      tr`  --parent PDIR        the CA file of DIR is an intermediate: renew it with the parent CA in
                       PDIR (same key; default 1825 days, within the parent's validity; the
                       parent's database records it; DIR's CA file = new certificate + PDIR's)`,
      tr`  --parent-profile P   the parent's profile (default: the CA found in PDIR)`,
      tr`  --export-passout SPEC  passphrase of the certificate's PKCS#12 / encrypted PKCS#8
                       exports (certwright export), env:VAR or file:PATH: they are
                       written again in the same commit. Without it the renewal still
                       happens and such an export is marked stale in exports.json (it
                       keeps the old certificate) with a warning; chain files and
                       unencrypted .pk8 keys are always written again.`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, profile: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, 'new-key': { type: 'boolean' }, 'key-type': { type: 'string' }, days: { type: 'string' }, san: { type: 'string', multiple: true }, 'add-san': { type: 'string', multiple: true }, cn: { type: 'string' }, 'allow-capped': { type: 'boolean' }, parent: { type: 'string' }, 'parent-profile': { type: 'string' }, 'export-passout': { type: 'string' } }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    if (!v.cert) throw new UsageError(tr`--cert FILE is required`);
    const certAbs = path.resolve(io.cwd, v.cert);
    const layout = cliLayout(dir, profile);
    const isCaCert = path.resolve(dir, layout.caCert) === certAbs;
    const rel = (abs: string): string => {
      const r = path.relative(dir, abs);
      if (!r || r.startsWith('..') || path.isAbsolute(r)) throw new UsageError(tr`${abs} is not inside --dir ${dir}`);
      return r.split(path.sep).join('/');
    };
    // The key by the layout's naming (an adopted easy-rsa keeps it in pki/private/), else beside the certificate.
    const named = v.key || isCaCert ? undefined : keyOfCertificate(layout, rel(certAbs));
    const keyAbs = v.key ? path.resolve(io.cwd, v.key) : isCaCert ? path.join(dir, layout.caKey) : named ? path.join(dir, named) : defaultKeyPath(certAbs);
    const certPath = rel(certAbs);
    const keyPath = rel(keyAbs);
    const keyType = keyOption(v['key-type']);
    const days = daysOption(v.days);
    const newKey = Boolean(v['new-key']);
    const exportPassphrase = readPassphrase(v['export-passout'], '--export-passout', io.cwd);
    // An intermediate's own certificate is renewed by its parent (the root key stays in the parent's folder).
    if (v.parent !== undefined && !isCaCert) throw new UsageError(tr`--parent renews an intermediate CA certificate: give --cert DIR/<its CA file>`);
    const parentDir = v.parent === undefined ? undefined : path.resolve(io.cwd, v.parent);
    if (parentDir === dir) throw new UsageError(tr`--parent must be another folder than --dir`);
    const parent = parentDir ? { dir: parentDir, profile: profileOption(v['parent-profile'], false, parentDir) } : undefined;
    // Read under the CA lock: a renewal running beside this one is seen before anything is written.
    return runWithCa(
      io,
      async (read, readParent) => {
        const certPem = await read(certPath);
        if (certPem === undefined) throw new IssueError(tr`cannot read ${certAbs}`);
        // Read with --new-key too: the key it replaces is kept, never overwritten.
        const keyPem = await read(keyPath);
        if (!newKey && keyPem === undefined) throw new IssueError(tr`cannot read ${keyAbs}`);
        const revokedPems = await revokedCertificates(layout, read);
        const caPem = await read(layout.caCert);
        const caCopies = caPem === undefined ? [] : await caCertificateCopies(dir, layout, caPem, read);
        // An intermediate: what it issued, in case it names its serial (the renewal then keeps it).
        const issuedPems = parent ? await validIssuedCertificates(layout, read, new Date()) : [];
        // An easy-rsa leaf: what an earlier renewal left in pki/renewed/issued/ (easy-rsa keeps one there).
        const renewedPem = await renewedCertificate(layout, certPath, read);
        // An easy-rsa leaf given a new key: its request (pki/reqs/<name>.req) is kept with the key it was made for.
        const renewed = newKey ? renewedCopyOf(layout, certPath) : undefined;
        const requestPem = renewed ? await read(renewed.request) : undefined;
        // An easy-rsa parent: the file by name that holds it (by its CN or this folder's name first; a scan only when neither does).
        const parentCopy = parent && readParent ? await parentCopyPath(cliLayout(parent.dir, parent.profile), certPem, readParent, listFolder(parent.dir), folderNames(dir)) : undefined;
        return {
          kind: 'renew',
          profile,
          certPath,
          certPem,
          keyPath,
          ...(keyPem ? { keyPem } : {}),
          ...(newKey ? { newKey: true } : {}),
          ...(keyType ? { keyType } : {}),
          ...(days ? { days } : {}),
          ...(v.san?.length ? { sans: v.san } : {}),
          ...(v['add-san']?.length ? { addSans: v['add-san'] } : {}),
          ...(v.cn !== undefined ? { commonName: v.cn } : {}),
          ...(v['allow-capped'] ? { allowCapped: true } : {}),
          ...(revokedPems.length ? { revokedPems } : {}),
          ...(caCopies.length ? { caCopies } : {}),
          ...(issuedPems.length ? { issuedPems } : {}),
          ...(renewedPem !== undefined ? { renewedPem } : {}),
          ...(requestPem !== undefined ? { requestPem } : {}),
          ...(parent ? { parentProfile: parent.profile } : {}),
          ...(parentCopy !== undefined ? { parentCopy } : {}),
          ...(exportPassphrase !== undefined ? { exportPassphrases: { '*': exportPassphrase } } : {}),
        };
      },
      { ...runOptions(dir, v), ...(parent ? { parentDir: parent.dir, parentProfile: parent.profile } : {}) },
      profile,
    );
  },
};
