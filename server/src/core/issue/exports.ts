/**
 * Exports kept in step with their certificate: `certwright export` (and the palette's
 * Export Certificate…) records every export it writes in the CA's `exports.json`, and a
 * renewal of that certificate writes each export again in the same commit, from the
 * renewed certificate and its key (kept or new).
 *
 * A PKCS#12 bundle (and an encrypted PKCS#8 key) needs its passphrase, which is never
 * recorded. A renewal given it (`--export-passout`, or typed in the palette) writes the
 * export again; without it the renewal still happens — an expiring certificate must not
 * wait for a keystore — and the old export, still holding the old certificate (valid
 * until it expires or is revoked), is marked stale in `exports.json` with a warning that
 * names the command that writes it again.
 */
import type { Crypto } from './keys';
import type { ExportPrimitives } from './export';
import { certificateBlocks, parseCertPem } from './certs';
import { directoryOrder, renew, type KeySource } from './operations';
import { folderArgs } from './suggested';
import { normalizeSerial } from './state';
import { exportsFile, profiles } from './profiles';

export { exportsFile };
import { checkRelativePath, checkProfile } from './validate';
import { IssueError, type CaMaterial, type ExportFormat, type ExportOperation, type IssueResult, type PlannedDirectory, type PlannedFile, type RenewOperation } from './types';
import type { Environment } from '../environment';
import { plural } from '../format';
import { tr } from '../l10n';

/** One export, as `exports.json` records it (paths relative to the layout root). */
export interface ExportRecord {
  readonly cert: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly key?: string;
  readonly legacy?: boolean;
  readonly friendlyName?: string;
  readonly withRoot?: boolean;
  /** Written with a passphrase (every p12; a pk8 given one): a renewal needs it again. */
  readonly encrypted?: boolean;
  /** A renewal could not write it again: it still holds the certificate with this serial. */
  readonly stale?: { readonly serial: string; readonly since: string; readonly reason: string };
}

const formats: readonly ExportFormat[] = ['p12', 'pk8', 'chain'];

export function parseExports(text: string | undefined): ExportRecord[] {
  if (text === undefined || !text.trim()) return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new IssueError(tr`exports.json of this CA is damaged (not JSON): fix or remove it; it only lists the exports renewals write again`);
  }
  const list = (v as { exports?: unknown })?.exports;
  if (!Array.isArray(list)) throw new IssueError(tr`exports.json of this CA has no "exports" list`);
  return list.filter((r): r is ExportRecord => typeof r === 'object' && r !== null && typeof r.cert === 'string' && typeof r.out === 'string' && formats.includes(r.format));
}

export function formatExports(records: readonly ExportRecord[]): string {
  return `${JSON.stringify({ comment: 'Exports of this CA\'s certificates (certwright export); a renewal writes them again. No passphrases are kept here.', exports: records }, null, 2)}\n`;
}

export interface ExportInput {
  readonly format: ExportFormat;
  /** The certificate file (leaf first, then any intermediates it carries). */
  readonly certPem: string;
  /** The CA certificate file (its chain up to the root). */
  readonly caCertPem: string;
  readonly keyPem?: string;
  readonly passphrase?: string;
  readonly legacy?: boolean;
  readonly friendlyName: string;
  readonly withRoot?: boolean;
}

export interface ExportOutput {
  readonly data: Uint8Array | string;
  readonly mode: number;
  readonly description: string;
}

/** The one builder of an export's bytes: CLI, palette and renewals. */
export async function buildExport(crypto: Crypto, primitives: ExportPrimitives | undefined, input: ExportInput): Promise<ExportOutput> {
  const leafBlocks = certificateBlocks(input.certPem);
  if (!leafBlocks.length) throw new IssueError(tr`the certificate file holds no PEM certificate`);
  const caBlocks = certificateBlocks(input.caCertPem).filter((b) => !leafBlocks.includes(b));
  if (input.format === 'chain') {
    const root = caBlocks.slice(-1);
    return { data: [...leafBlocks, ...(input.withRoot ? root : [])].join(''), mode: 0o644, description: chainDescription(leafBlocks.length, input.withRoot === true) };
  }
  if (input.keyPem === undefined) throw new IssueError(tr`the export needs the certificate's key`);
  if (/ENCRYPTED/.test(input.keyPem)) throw new IssueError(tr`the certificate's key is encrypted; export reads unencrypted PKCS#8 keys`);
  if (input.format === 'pk8') {
    // The PKCS#12/PKCS#8 writer (and its schemas) loads only when an export is written.
    const { buildPkcs8Der } = await import('./export.js');
    return { data: await buildPkcs8Der(crypto, input.keyPem, input.passphrase), mode: 0o600, description: input.passphrase ? tr`PKCS#8 DER key (encrypted: PBES2 AES-256-CBC)` : tr`PKCS#8 DER key` };
  }
  if (!primitives) throw new IssueError(tr`this host cannot build PKCS#12 bundles`);
  if (!input.passphrase) throw new IssueError(tr`a PKCS#12 bundle needs a passphrase: Java and most readers refuse an empty one`);
  const chain = [...leafBlocks, ...caBlocks];
  const { buildPkcs12 } = await import('./export.js');
  const data = await buildPkcs12(crypto, primitives, { certsPem: chain.join(''), keyPem: input.keyPem, passphrase: input.passphrase, friendlyName: input.friendlyName, legacy: input.legacy });
  return { data, mode: 0o600, description: tr`PKCS#12 ${input.legacy ? 'LEGACY (PBE-SHA1-3DES, SHA-1 MAC)' : '(PBES2 AES-256-CBC, PBKDF2/HMAC-SHA256)'} with ${chain.length} certificate${plural(chain.length)}` };
}

/** An export as a planned file: text as is, bytes as base64. */
/** "chain: 2 certificates + the root". */
function chainDescription(count: number, withRoot: boolean): string {
  const s = plural(count);
  return withRoot ? tr`chain: ${count} certificate${s} + the root` : tr`chain: ${count} certificate${s}`;
}

function plannedExport(path: string, out: ExportOutput, replace: boolean, description: string): PlannedFile {
  const binary = typeof out.data !== 'string';
  return { path, contents: binary ? Buffer.from(out.data as Uint8Array).toString('base64') : (out.data as string), ...(binary ? { encoding: 'base64' as const } : {}), kind: out.mode === 0o600 ? 'key' : 'cert', mode: out.mode, replace, description };
}

/** The plan's folders plus the parents of `files` (mode 0700, parents first). */
function withParents(directories: readonly PlannedDirectory[], files: readonly PlannedFile[]): PlannedDirectory[] {
  const all = new Map(directories.map((d) => [d.path, d]));
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!all.has(d)) all.set(d, { path: d, mode: 0o700 });
    }
  }
  return [...all.values()].sort((a, b) => directoryOrder(a.path, b.path));
}

/** The file name without folders and the certificate extension: the default alias of a p12. */
export function exportStem(certPath: string): string {
  return certPath.replace(/^.*\//, '').replace(/(-cert)?\.(crt|pem|cer)$/, '');
}

/** `certwright export` and the palette's Export Certificate…: the export and its record, in one plan. */
export async function exportCertificate(env: Environment, op: ExportOperation, material: CaMaterial | undefined): Promise<IssueResult> {
  const profile = profiles[checkProfile(op.profile)];
  if (!formats.includes(op.format)) throw new IssueError(tr`unknown export format ${JSON.stringify(op.format)}: use p12, pk8 or chain`);
  if (op.legacy && op.format !== 'p12') throw new IssueError(tr`legacy is for PKCS#12 bundles only`);
  const certPath = checkRelativePath(tr`certificate path`, op.certPath);
  const out = checkRelativePath(tr`export path`, op.out);
  const keyPath = op.keyPath === undefined ? undefined : checkRelativePath(tr`key path`, op.keyPath);
  if (!material?.certPem) throw new IssueError(tr`no CA certificate: export certificates of a CA Certwright keeps`);
  const friendlyName = op.friendlyName ?? exportStem(certPath);
  const built = await buildExport(env.crypto, env.pkcs12, { format: op.format, certPem: op.certPem, caCertPem: material.certPem, keyPem: op.keyPem, passphrase: op.exportPassphrase, legacy: op.legacy, friendlyName, withRoot: op.withRoot });
  const record: ExportRecord = {
    cert: certPath,
    format: op.format,
    out,
    ...(keyPath && op.format !== 'chain' ? { key: keyPath } : {}),
    ...(op.legacy ? { legacy: true } : {}),
    ...(op.format === 'p12' ? { friendlyName } : {}),
    ...(op.withRoot ? { withRoot: true } : {}),
    ...(op.exportPassphrase !== undefined && op.format !== 'chain' ? { encrypted: true } : {}),
  };
  const records = [...parseExports(material.exports).filter((r) => r.out !== out), record];
  const files = [plannedExport(out, built, op.replace === true, built.description), { path: exportsFile(op.layout ?? profile.layout), contents: formatExports(records), kind: 'state' as const, mode: 0o600, replace: true, description: tr`exports of this CA (renewals write them again)` }];
  const warnings = op.legacy ? ['a legacy PKCS#12 resists passphrase guessing poorly (2048 rounds of SHA-1); keep it only for readers that refuse the modern one'] : [];
  const opensslCommands =
    op.format === 'p12'
      ? [`openssl pkcs12 -export ${op.legacy ? '-legacy ' : ''}-in ${certPath} -inkey ${keyPath ?? 'KEY'} -certfile ${profile.layout.caCert} -name ${JSON.stringify(friendlyName)} -passout env:EXPORT_PASSPHRASE -out ${out}`]
      : op.format === 'pk8'
        ? [`openssl pkcs8 -topk8 -in ${keyPath ?? 'KEY'} -outform DER ${op.exportPassphrase !== undefined ? '-v2 aes-256-cbc -passout env:EXPORT_PASSPHRASE' : '-nocrypt'} -out ${out}`]
        : [`cat ${certPath}${op.withRoot ? ` ${profile.layout.caCert}` : ''} > ${out}`];
  return { operation: 'export', profile: profile.id, plan: { directories: withParents([], files), files }, opensslCommands, warnings };
}

/** The certificate a renewal wrote: its new file contents, key and serial. */
export interface RenewedCertificate {
  readonly certPath: string;
  readonly certPem: string;
  readonly keyPem: string | undefined;
  readonly serial: string;
  /** The serial of the certificate the stale exports still hold. */
  readonly oldSerial: string;
}

/**
 * The exports of a renewed certificate, written again (added to `plan`), and the record
 * updated; an encrypted export without its passphrase is marked stale. `passphrases`: by
 * export path, else `'*'` for all of this certificate's.
 */
export async function reexport(env: Environment, material: CaMaterial, renewed: RenewedCertificate, passphrases: Readonly<Record<string, string>> | undefined, now: Date, dir: string): Promise<{ files: PlannedFile[]; warnings: string[]; exportsJson: string }> {
  const records = parseExports(material.exports);
  const mine = records.filter((r) => r.cert === renewed.certPath);
  if (!mine.length) return { files: [], warnings: [], exportsJson: formatExports(records) };
  const files: PlannedFile[] = [];
  const warnings: string[] = [];
  const updated: ExportRecord[] = [];
  for (const r of records) {
    if (r.cert !== renewed.certPath) {
      updated.push(r);
      continue;
    }
    // Only what was encrypted is encrypted again: a plain .pk8 stays plain whatever passphrase the renewal got.
    const passphrase = r.encrypted ? (passphrases?.[r.out] ?? passphrases?.['*']) : undefined;
    const why = r.encrypted && passphrase === undefined ? tr`its passphrase was not given to the renewal` : r.format !== 'chain' && renewed.keyPem === undefined ? tr`the key was not available to the renewal` : undefined;
    if (why) {
      updated.push({ ...r, stale: { serial: r.stale?.serial ?? renewed.oldSerial, since: r.stale?.since ?? now.toISOString(), reason: why } });
      warnings.push(tr`${r.out} still holds the old certificate (serial ${r.stale?.serial ?? renewed.oldSerial}): ${why}. Write it again: certwright export --dir ${dir} --cert ${r.cert} --format ${r.format}${r.legacy ? ' --legacy' : ''} --out ${r.out} --passout env:VAR --force`);
      continue;
    }
    const built = await buildExport(env.crypto, env.pkcs12, { format: r.format, certPem: renewed.certPem, caCertPem: material.certPem, keyPem: renewed.keyPem, passphrase, legacy: r.legacy, friendlyName: r.friendlyName ?? exportStem(r.cert), withRoot: r.withRoot });
    files.push(plannedExport(r.out, built, true, `${built.description}, written again for the renewed certificate`));
    updated.push({ ...r, stale: undefined });
  }
  return { files, warnings, exportsJson: formatExports(updated) };
}

/**
 * `renew` with the certificate's exports written again in the same commit (see the module
 * comment). A CA certificate's renewal changes no leaf: its exports are left as they are.
 */
export async function renewKeepingExports(env: Environment, op: RenewOperation, material: CaMaterial | undefined, keySource?: KeySource): Promise<IssueResult> {
  const result = await renew(env, op, material, keySource);
  if (!material?.exports || !result.issued || result.caRenewal || op.parentProfile) return result;
  const certFile = result.plan.files.find((f) => f.path === result.issued!.certPath);
  if (!certFile) return result;
  const newKey = result.plan.files.find((f) => f.path === op.keyPath && f.kind === 'key');
  const old = parseCertPem(op.certPem, tr`the certificate to renew`);
  const r = await reexport(env, material, { certPath: result.issued.certPath, certPem: certFile.contents, keyPem: newKey?.contents ?? op.keyPem, serial: result.issued.serial, oldSerial: normalizeSerial(old.serial) }, op.exportPassphrases, env.now(), folderArgs(op).dir);
  const layout = op.layout ?? profiles[checkProfile(op.profile)].layout;
  if (!r.files.length && !r.warnings.length) return result;
  const files = [...result.plan.files, ...r.files, { path: exportsFile(layout), contents: r.exportsJson, kind: 'state' as const, mode: 0o600, replace: true, description: tr`exports of this CA (renewals write them again)` }];
  return { ...result, plan: { directories: withParents(result.plan.directories, r.files), files }, warnings: [...result.warnings, ...r.warnings] };
}
