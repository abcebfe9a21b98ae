/** `certwright export`: PKCS#12, PKCS#8 DER and chain files for clients that do not read PEM. */
import { createHash, createCipheriv } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IssueError } from '../core/issue';
import { buildPkcs12, buildPkcs8Der, type ExportPrimitives } from '../core/issue/export';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { UsageError, type CliCommand } from './command';
import { cliLayout, parse, profileOption, requireDir } from './issue';
import { readPassphrase } from './passphrase';
import { defaultKeyPath } from './renew';
import { readSmallFile } from './sign';

const nodePrimitives: ExportPrimitives = {
  digest: (alg, data) => new Uint8Array(createHash(alg).update(data).digest()),
  desEde3Cbc: (key, iv, data) => {
    const c = createCipheriv('des-ede3-cbc', key, iv);
    return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
  },
};

const blocks = (pem: string): string[] => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((b) => `${b}\n`);

/** Writes a new file (or, with force, replaces one atomically) with its final mode, durably. */
function writeFile(file: string, data: Uint8Array | string, mode: number, force: boolean): boolean {
  const exists = fs.existsSync(file);
  if (exists && !force) throw new IssueError(`${file} exists: refusing to replace it (use --force, or --out another file)`);
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

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: 'Export a certificate for other clients: PKCS#12 (Java, browsers), PKCS#8 DER key (pgJDBC), chain file',
  help: `Usage: certwright export --dir DIR --cert FILE --format p12|pk8|chain [options]

  p12    PKCS#12 bundle: the certificate, its key and the chain up to the root (Java
         keystores: keytool, javax.net.ssl.keyStore, Kafka/Elasticsearch clients;
         browsers). Modern by default: key encrypted with PBES2 (PBKDF2-HMAC-SHA256,
         600000 rounds, AES-256-CBC), HMAC-SHA256 MAC. --legacy: PBE-SHA1-3DES key and
         SHA-1 MAC at 2048 rounds, for Java before 8u301, older Windows and macOS —
         weak against passphrase guessing: use only where the modern one is refused.
         Needs --passout. Mode 0600.
  pk8    the key as PKCS#8 DER (pgJDBC's sslkey=.pk8); with --passout encrypted
         (PBES2, pgJDBC's sslpassword). Mode 0600.
  chain  the certificate followed by its intermediates (what a TLS peer sends;
         PostgreSQL's ssl_cert_file, libpq's sslcert); --with-root adds the root.

Options:
  --cert FILE          the certificate (PEM; a file of the CA in DIR)
  --key FILE           its key (default: beside the certificate, as issue names it)
  --format F           p12|pk8|chain
  --out FILE           where to write (default: beside the certificate, .p12 / .pk8 / -chain.pem)
  --passout SPEC       passphrase for p12 (required) and pk8: env:VAR or file:PATH
  --legacy             p12 for old readers (see above)
  --name NAME          p12 alias (default: the certificate file's name)
  --with-root          chain: end with the root certificate
  --profile P          the CA's profile (default: the CA found in DIR)
  --force              replace an existing output file
  --json               print what was written as JSON
  -h, --help           this help
`,
  async run(args, io) {
    const v = parse(args, { dir: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, passout: { type: 'string' }, legacy: { type: 'boolean' }, name: { type: 'string' }, 'with-root': { type: 'boolean' }, profile: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    const dir = requireDir(io, v.dir);
    if (!v.cert) throw new UsageError('--cert FILE is required');
    const format = v.format;
    if (format !== 'p12' && format !== 'pk8' && format !== 'chain') throw new UsageError('--format must be p12, pk8 or chain');
    if (v.legacy && format !== 'p12') throw new UsageError('--legacy is for --format p12');
    if (format === 'p12' && v.passout === undefined) throw new UsageError('--format p12 needs --passout env:VAR or file:PATH (Java and most readers refuse a bundle without a passphrase)');
    const passphrase = readPassphrase(v.passout, '--passout', io.cwd);
    const profile = profileOption(v.profile, false, dir);
    const certFile = path.resolve(io.cwd, v.cert);
    const stem = certFile.replace(/(-cert)?\.(crt|pem|cer)$/, '');
    const out = path.resolve(io.cwd, v.out ?? (format === 'p12' ? `${stem}.p12` : format === 'pk8' ? `${stem}.pk8` : `${stem}-chain.pem`));
    try {
      const certPem = readSmallFile(certFile, 'the certificate');
      const leafBlocks = blocks(certPem);
      if (!leafBlocks.length) throw new IssueError(`${certFile} holds no PEM certificate`);
      const caBlocks = blocks(readSmallFile(path.join(dir, cliLayout(dir, profile).caCert), 'the CA certificate'));
      const chain = [...leafBlocks, ...caBlocks.filter((b) => !leafBlocks.includes(b))];
      let data: Uint8Array | string;
      let mode = 0o600;
      let what: string;
      if (format === 'chain') {
        const root = caBlocks.filter((b) => !leafBlocks.includes(b)).slice(-1);
        data = [...leafBlocks, ...(v['with-root'] ? root : [])].join('');
        mode = 0o644;
        what = `chain: ${leafBlocks.length} certificate(s)${v['with-root'] ? ' + the root' : ''}`;
      } else {
        const keyFile = path.resolve(io.cwd, v.key ?? defaultKeyPath(certFile));
        const keyPem = readSmallFile(keyFile, 'the key');
        if (/ENCRYPTED/.test(keyPem)) throw new IssueError(`${keyFile} is encrypted; export reads unencrypted PKCS#8 keys`);
        const env = nodeEnvironment();
        if (format === 'pk8') {
          data = await buildPkcs8Der(env.crypto, keyPem, passphrase);
          what = `PKCS#8 DER key${passphrase ? ' (encrypted: PBES2 AES-256-CBC)' : ''}`;
        } else {
          data = await buildPkcs12(env.crypto, nodePrimitives, { certsPem: chain.join(''), keyPem, passphrase: passphrase!, friendlyName: v.name ?? path.basename(stem), legacy: v.legacy });
          what = `PKCS#12 ${v.legacy ? 'LEGACY (PBE-SHA1-3DES, SHA-1 MAC)' : '(PBES2 AES-256-CBC, PBKDF2/HMAC-SHA256)'} with ${chain.length} certificate(s)`;
        }
      }
      const replaced = writeFile(out, data, mode, Boolean(v.force));
      if (v.json) io.out(`${JSON.stringify({ ok: true, format, legacy: Boolean(v.legacy), out, mode: `0${mode.toString(8)}`, replaced, description: what }, null, 2)}\n`);
      else io.out(`  ${replaced ? 'replaced' : 'wrote   '} 0${mode.toString(8)}  ${out}  (${what})\n`);
      if (v.legacy && !v.json) io.err('warning: a legacy PKCS#12 resists passphrase guessing poorly (2048 rounds of SHA-1); keep it only for readers that refuse the modern one\n');
      return 0;
    } catch (e) {
      if (!(e instanceof IssueError)) throw e;
      if (v.json) io.out(`${JSON.stringify({ ok: false, error: e.message }, null, 2)}\n`);
      io.err(`error: ${e.message}\n`);
      return 1;
    }
  },
};
