/**
 * `certwright export`: PKCS#12, PKCS#8 DER and chain files for clients that do not read PEM.
 * Inside --dir the export is committed under the CA lock with its record in the CA's
 * exports.json, so that renewing the certificate writes it again (core/issue/exports.ts);
 * outside --dir it is written alone and not kept in step (a warning says so).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IssueError, runIssueOperation, type ExportOperation } from '../core/issue';
import { buildExport, exportsFile, exportStem } from '../core/issue/exports';
import { CaStore, operationFingerprint } from '../core/issue/caStore';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { nodeStoreFs, prepareRoot, WritePlanError } from '../node/writePlan';
import { UsageError, type CliCommand } from './command';
import { cliLayout, profileOption, requireDir } from './issue';
import { parseArgs } from './args';
import { readPassphrase } from './passphrase';
import { defaultKeyPath } from './renew';
import { readSmallFile } from './sign';
import { tr } from '../core/l10n';
import { fail, lockWaitNote, printJson, warningLine, writtenLine } from './report';

/** Writes a new file (or, with force, replaces one atomically) with its final mode, durably: an export outside --dir. */
function writeFile(file: string, data: Uint8Array | string, mode: number, force: boolean): boolean {
  const exists = fs.existsSync(file);
  if (exists && !force) throw new IssueError(tr`${file} exists: refusing to replace it (use --force, or --out another file)`);
  const tmp = `${file}.certwright-${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    if (exists) fs.renameSync(tmp, file);
    else fs.linkSync(tmp, file); // fails if another run created it meanwhile
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return exists;
}

/** `abs` relative to `dir` with `/`, or undefined when it is outside. */
function inside(dir: string, abs: string): string | undefined {
  const r = path.relative(dir, abs);
  return !r || r.startsWith('..') || path.isAbsolute(r) ? undefined : r.split(path.sep).join('/');
}

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: tr`Export a certificate for other clients: PKCS#12 (Java, browsers), PKCS#8 DER key (pgJDBC), chain file`,
  help: [
    tr`Usage: certwright export --dir DIR --cert FILE --format p12|pk8|chain [options]`,
    [
      tr`  p12    PKCS#12 bundle: the certificate, its key and the chain up to the root (Java
         keystores: keytool, javax.net.ssl.keyStore, Kafka/Elasticsearch clients;
         browsers). Modern by default: key encrypted with PBES2 (PBKDF2-HMAC-SHA256,
         600000 rounds, AES-256-CBC), HMAC-SHA256 MAC. --legacy: PBE-SHA1-3DES key and
         SHA-1 MAC at 2048 rounds, for Java before 8u301, older Windows and macOS —
         weak against passphrase guessing: use only where the modern one is refused.
         Needs --passout. Mode 0600.`,
      tr`  pk8    the key as PKCS#8 DER (pgJDBC's sslkey=.pk8); with --passout encrypted
         (PBES2, pgJDBC's sslpassword). Mode 0600.`,
      tr`  chain  the certificate followed by its intermediates (what a TLS peer sends;
         PostgreSQL's ssl_cert_file, libpq's sslcert); --with-root adds the root.`,
    ],
    [
      tr`Options:`,
      tr`  --cert FILE          the certificate (PEM; a file of the CA in DIR)`,
      tr`  --key FILE           its key (default: beside the certificate, as issue names it)`,
      tr`  --format F           p12|pk8|chain`,
      tr`  --out FILE           where to write (default: beside the certificate, .p12 / .pk8 / -chain.pem)`,
      tr`  --passout SPEC       passphrase for p12 (required) and pk8: env:VAR or file:PATH`,
      tr`  --legacy             p12 for old readers (see above)`,
      tr`  --name NAME          p12 alias (default: the certificate file's name)`,
      tr`  --with-root          chain: end with the root certificate`,
      tr`  --profile P          the CA's profile (default: the CA found in DIR)`,
      tr`  --force              replace an existing output file`,
      tr`  --json               print what was written as JSON`,
      tr`  -h, --help           this help`,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { dir: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, passout: { type: 'string' }, legacy: { type: 'boolean' }, name: { type: 'string' }, 'with-root': { type: 'boolean' }, profile: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }).values;
    const dir = requireDir(io, v.dir);
    if (!v.cert) throw new UsageError(tr`--cert FILE is required`);
    const format = v.format;
    if (format !== 'p12' && format !== 'pk8' && format !== 'chain') throw new UsageError(tr`--format must be p12, pk8 or chain`);
    if (v.legacy && format !== 'p12') throw new UsageError(tr`--legacy is for --format p12`);
    if (format === 'p12' && v.passout === undefined) throw new UsageError(tr`--format p12 needs --passout env:VAR or file:PATH (Java and most readers refuse a bundle without a passphrase)`);
    const passphrase = readPassphrase(v.passout, '--passout', io.cwd);
    const profile = profileOption(v.profile, false, dir);
    const { adopted, ...layout } = cliLayout(dir, profile);
    const certFile = path.resolve(io.cwd, v.cert);
    const stem = certFile.replace(/(-cert)?\.(crt|pem|cer)$/, '');
    const out = path.resolve(io.cwd, v.out ?? (format === 'p12' ? `${stem}.p12` : format === 'pk8' ? `${stem}.pk8` : `${stem}-chain.pem`));
    const keyFile = format === 'chain' ? undefined : path.resolve(io.cwd, v.key ?? defaultKeyPath(certFile));
    const warnings: string[] = [];
    let description: string;
    let mode: number;
    let replaced: boolean;
    try {
      const certPath = inside(dir, certFile);
      const outPath = inside(dir, out);
      const keyPath = keyFile === undefined ? undefined : inside(dir, keyFile);
      if (certPath && outPath && (keyFile === undefined || keyPath)) {
        // Inside the CA's folder: one commit under the CA lock, the export and its record.
        const { root } = prepareRoot(dir);
        const store = await CaStore.open(nodeStoreFs(root, undefined, lockWaitNote(io)), layout.caDir);
        try {
          const read = async (rel: string, what: string): Promise<string> => {
            const text = await store.read(rel);
            if (text === undefined) throw new IssueError(tr`cannot read ${what} ${path.join(root, rel)}`);
            return text;
          };
          const caCert = await read(layout.caCert, 'the CA certificate');
          const exportsJson = await store.read(exportsFile(layout));
          const op: ExportOperation = {
            kind: 'export',
            profile,
            format,
            certPath,
            certPem: await read(certPath, 'the certificate'),
            ...(keyPath ? { keyPath, keyPem: await read(keyPath, 'the key') } : {}),
            out: outPath,
            ...(passphrase !== undefined ? { exportPassphrase: passphrase } : {}),
            ...(v.legacy ? { legacy: true } : {}),
            ...(v.name ? { friendlyName: v.name } : {}),
            ...(v['with-root'] ? { withRoot: true } : {}),
            replace: Boolean(v.force),
            ...(adopted ? { layout } : {}),
          };
          replaced = (await store.read(outPath)) !== undefined;
          if (replaced && !v.force) throw new IssueError(tr`${out} exists: refusing to replace it (use --force, or --out another file)`);
          // The CA key is not read: exporting never signs.
          const result = await runIssueOperation(nodeEnvironment(), op, { certPem: caCert, keyPem: '', ...(exportsJson !== undefined ? { exports: exportsJson } : {}) });
          await store.commit(result.plan, { force: Boolean(v.force), description: `export ${format} ${certPath} → ${outPath}`, fingerprint: operationFingerprint(op) });
          const written = result.plan.files[0]!;
          description = written.description;
          mode = written.mode;
          warnings.push(...result.warnings);
        } finally {
          await store.release();
        }
      } else {
        const data = await buildExport(nodeEnvironment().crypto, nodeEnvironment().pkcs12, {
          format,
          certPem: readSmallFile(certFile, 'the certificate'),
          caCertPem: readSmallFile(path.join(dir, layout.caCert), 'the CA certificate'),
          ...(keyFile ? { keyPem: readSmallFile(keyFile, 'the key') } : {}),
          ...(passphrase !== undefined ? { passphrase } : {}),
          legacy: v.legacy,
          friendlyName: v.name ?? exportStem(certFile),
          withRoot: v['with-root'],
        });
        replaced = writeFile(out, data.data, data.mode, Boolean(v.force));
        description = data.description;
        mode = data.mode;
        warnings.push(tr`${out} is outside ${dir}: it is not recorded with the CA, so a renewal does not write it again`);
        if (v.legacy) warnings.push(tr`a legacy PKCS#12 resists passphrase guessing poorly (2048 rounds of SHA-1); keep it only for readers that refuse the modern one`);
      }
      if (v.json) printJson(io, { ok: true, format, legacy: Boolean(v.legacy), out, mode: `0${mode.toString(8)}`, replaced, description, warnings });
      else io.out(writtenLine('', { path: out, mode, description, replaced }));
      if (!v.json) for (const w of warnings) io.err(warningLine(w));
      return 0;
    } catch (e) {
      if (!(e instanceof IssueError || e instanceof WritePlanError)) throw e;
      return fail(io, v.json, e.message);
    }
  },
};
