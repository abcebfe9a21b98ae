/**
 * `certwright issue node|client` and the helpers every issuing command shares
 * (`ca create`, `revoke`, `crl`, `renew`): read the CA material from --dir, run
 * the pure core, execute the write plan (node/writePlan.ts), report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  IssueError,
  equivalentOpensslCommands,
  keyTypes,
  profileIds,
  profileLayout,
  runIssueOperation,
  type CaMaterial,
  type IssueOperation,
  type IssueResult,
  type KeyType,
  type ProfileId,
} from '../core/issue';
import { LAYOUT_FILE } from '../core/issue/layout';
import { resolveCaLayout, withCaLayout, withParentLayout, type ResolvedLayout } from '../core/issue/caLayout';
import { nodeEnvironment } from '../node/nodeEnvironment';
import { noCaError, readCaMaterial as readLayoutMaterial } from '../core/issue/renewRun';
import { CaStore, operationFingerprint, protectedFiles, type CommitResult, type Recovery } from '../core/issue/caStore';
import { commitWithParent } from '../core/issue/parentCommit';
import { faultsFromEnv, nodeStoreFs, prepareRoot, WritePlanError } from '../node/writePlan';
import { UsageError, writeRaw, type CliCommand, type CliIo } from './command';
import { parseArgs, type OptionSpecs } from './args';
import { completedLine, fail as failWith, oct, issuedLine, lockWaitNote, noteLine, printJson, printOpenssl, recoveredLine, unchangedLine, warningLine, writtenLine } from './report';
import { tr } from '../core/l10n';
import { readPassphrase } from './passphrase';

/** The option rows every issuing command ends its --help with. */
export const commonOptionsHelp: readonly string[] = [
  tr`  --dir DIR            folder the profile's layout lives in (required)`,
  tr`  --json               print what was written as JSON (never key contents)`,
  tr`  --force              replace existing keys/certificates (refused otherwise)`,
  tr`  --print-openssl      also print the equivalent openssl commands`,
  tr`  --passin SPEC        passphrase of an encrypted CA key: env:VAR or file:PATH`,
  tr`  -h, --help           this help`,
];

export const commonOptions = {
  dir: { type: 'string' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  'print-openssl': { type: 'boolean' },
  passin: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export function requireDir(io: CliIo, dir: string | undefined): string {
  if (!dir) throw new UsageError(tr`--dir DIR is required`);
  return path.resolve(io.cwd, dir);
}

export function profileOption(p: string | undefined, required: boolean, dir?: string): ProfileId {
  if (p === undefined) {
    if (required) throw new UsageError(tr`--profile is required: ${profileIds.join('|')}`);
    const found = dir ? detectProfile(dir) : undefined;
    if (!found) throw new UsageError(tr`--profile is required (no CA found in ${dir}): ${profileIds.join('|')}`);
    return found;
  }
  const aliases: Record<string, ProfileId> = { cockroachdb: 'cockroach', crdb: 'cockroach', postgresql: 'postgres', pg: 'postgres', tidb: 'dm' };
  const id = aliases[p] ?? p;
  if (!(profileIds as readonly string[]).includes(id)) throw new UsageError(tr`unknown profile '${p}': use ${profileIds.join('|')}`);
  return id as ProfileId;
}

/**
 * The layout of the CA in dir: the one stored by `certwright adopt` (certwright-layout.json)
 * when there is one, else the profile's built-in layout. `adopted` is set for a stored one.
 */
export function cliLayout(dir: string, profile?: ProfileId): ResolvedLayout {
  const file = path.join(dir, LAYOUT_FILE);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (st && (!st.isFile() || st.size > 64 * 1024)) throw new IssueError(tr`${file} is not a layout file (not a regular file, or too large); move it away or run certwright adopt again`);
  const layout = resolveCaLayout(st ? fs.readFileSync(file, 'utf8') : undefined, profile);
  if (!layout) throw new UsageError(tr`--profile is required (no CA found in ${dir}): ${profileIds.join('|')}`);
  return layout;
}

/**
 * Commands that work on the built-in layouts only (create a CA, batches, init, rotation)
 * refuse a folder holding an adopted CA, instead of writing a second CA beside it.
 */
export function refuseAdopted(dir: string, command: string): void {
  if (fs.existsSync(path.join(dir, LAYOUT_FILE))) {
    throw new UsageError(tr`${dir} holds an adopted CA (${LAYOUT_FILE}): certwright ${command} works on Certwright's own layouts only; on this CA use issue node|client, sign, renew, revoke and crl`);
  }
}

/** An operation on a CA with a stored layout carries it (the core then reads and writes those files). */
function onLayout(op: IssueOperation, dir: string): IssueOperation {
  return op.kind === 'createCa' || op.kind === 'createIntermediate' ? op : withCaLayout(op, cliLayout(dir, op.profile));
}

/** The profile whose CA key exists under dir (when exactly one does), or the one an adopted CA's layout names. */
export function detectProfile(dir: string): ProfileId | undefined {
  if (fs.existsSync(path.join(dir, LAYOUT_FILE))) return cliLayout(dir).profile;
  const hits = profileIds.filter((p) => fs.existsSync(path.join(dir, profileLayout(p).caKey)) && fs.existsSync(path.join(dir, profileLayout(p).caCert)));
  return hits.length === 1 ? hits[0] : undefined;
}

export function keyOption(k: string | undefined): KeyType | undefined {
  if (k === undefined) return undefined;
  const aliases: Record<string, KeyType> = { rsa: 'rsa2048', ec: 'p256', ecdsa: 'p256', 'p-256': 'p256', 'p-384': 'p384', prime256v1: 'p256', secp384r1: 'p384' };
  const id = aliases[k.toLowerCase()] ?? k.toLowerCase();
  if (!(keyTypes as readonly string[]).includes(id)) throw new UsageError(tr`unknown key type '${k}': use ${keyTypes.join('|')}`);
  return id as KeyType;
}

export function daysOption(d: string | undefined, name = '--days'): number | undefined {
  if (d === undefined) return undefined;
  if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 36500) throw new UsageError(tr`${name} must be a whole number of days between 1 and 36500`);
  return Number(d);
}

/** The CA's files, read under the CA lock (so they are compared again before the commit). */
export async function readCaMaterial(store: CaStore, dir: string, profile: ProfileId, passphrase?: string): Promise<CaMaterial> {
  return readLayoutMaterial((p) => store.read(p), dir, cliLayout(dir, profile), passphrase, path.resolve(dir));
}

export interface RunOptions {
  readonly dir: string;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly printOpenssl?: boolean;
  /** createIntermediate, or renewing an intermediate: the parent CA's folder (its material is read and its database updated under its own lock). */
  readonly parentDir?: string;
  /** Renewing an intermediate: the parent's profile (createIntermediate names it in the operation). */
  readonly parentProfile?: ProfileId;
  /** The CA key's passphrase (--passin), when it is encrypted; for an intermediate, the parent's. */
  readonly passphrase?: string;
}

/** The output options every issuing command shares. */
export function runOptions(dir: string, v: { json?: boolean; force?: boolean; 'print-openssl'?: boolean; passin?: string }, cwd = process.cwd()): RunOptions {
  const passphrase = readPassphrase(v.passin, '--passin', cwd);
  return { dir, json: v.json, force: v.force, printOpenssl: v['print-openssl'], ...(passphrase !== undefined ? { passphrase } : {}) };
}

/** Builds the operation under the lock; `read` reads a file of the layout (relative path) through the store; `readParent`, of the parent's (--parent). */
export type OperationBuilder = (read: (relative: string) => Promise<string | undefined>, readParent?: (relative: string) => Promise<string | undefined>) => Promise<IssueOperation>;

/** Runs an operation on the CA of op.profile in opts.dir, reading its material under the CA lock. */
export async function runWithCa(io: CliIo, op: IssueOperation | OperationBuilder, opts: RunOptions, profile?: ProfileId): Promise<number> {
  return runLocked(io, op, opts, true, profile);
}

/** Runs an operation that needs no CA material (ca create). */
export async function runAndWrite(io: CliIo, op: IssueOperation, opts: RunOptions): Promise<number> {
  return runLocked(io, op, opts, false);
}

const fail = (io: CliIo, opts: RunOptions, message: string): number => failWith(io, opts.json, message);

/**
 * What a CA operation reports (exit 1) for an error: a refusal as it is; a file-system error
 * (EACCES, ENOSPC...) with what it means, the commit having left nothing half-done. Undefined
 * for anything else, which is a bug and is thrown on.
 */
export function operationFailure(e: unknown): string | undefined {
  if (e instanceof IssueError || e instanceof WritePlanError) return e.message;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code && /^E[A-Z]+$/.test(code) ? tr`${(e as Error).message}; nothing was written (a retry completes once this is fixed)` : undefined;
}

/**
 * Takes the CA lock (completing or rolling back an interrupted operation first), reads,
 * runs the pure core, commits the plan atomically, releases, reports. Returns the exit code.
 */
async function runLocked(io: CliIo, opOrBuilder: IssueOperation | OperationBuilder, opts: RunOptions, needsCa: boolean, profileHint?: ProfileId): Promise<number> {
  let result: IssueResult;
  let exec: CommitResult;
  let root: string;
  let recovered: Recovery | undefined;
  let rootCreated: string[];
  try {
    const profile = typeof opOrBuilder === 'function' ? profileHint! : opOrBuilder.profile;
    const layout = needsCa ? cliLayout(opts.dir, profile) : profileLayout(profile);
    // Only `ca create` makes folders: a mistyped --dir of any other command creates nothing.
    if (needsCa && !fs.existsSync(path.join(opts.dir, layout.caKey))) throw noCaError(opts.dir, layout);
    ({ root, created: rootCreated } = prepareRoot(opts.dir));
    // An intermediate: the parent's lock first (its database records the new CA), then the child's.
    // Or an intermediate's certificate renewed by its parent (opts.parentProfile): the parent signs, its database records it.
    const parentOp = typeof opOrBuilder !== 'function' && opOrBuilder.kind === 'createIntermediate' ? opOrBuilder : undefined;
    const parentProfile = parentOp?.parentProfile ?? opts.parentProfile;
    // The parent's own layout (an adopted parent keeps its database where its tool does), resolved as every front end resolves it.
    const parentLayout = parentProfile && opts.parentDir ? cliLayout(path.resolve(opts.parentDir), parentProfile) : undefined;
    // One set of fault counters for both folders (the fault-injection tests count the operation's writes).
    const faults = faultsFromEnv();
    const parentStore = parentLayout ? await CaStore.open(nodeStoreFs(path.resolve(opts.parentDir!), faults, lockWaitNote(io)), parentLayout.caDir) : undefined;
    const store = await CaStore.open(nodeStoreFs(root, faults, lockWaitNote(io)), layout.caDir).catch(async (e: unknown) => {
      await parentStore?.release();
      throw e;
    });
    try {
      recovered = store.recovered ?? parentStore?.recovered;
      const op = withParentLayout(onLayout(typeof opOrBuilder === 'function' ? await opOrBuilder((p) => store.read(p), parentStore ? (p) => parentStore.read(p) : undefined) : opOrBuilder, opts.dir), parentLayout);
      const fingerprint = operationFingerprint(op);
      // With a parent, the interrupted run may have been completed in either folder (parentCommit.ts).
      const done = [store.recovered, parentStore?.recovered].find((r) => r?.action === 'completed' && r.fingerprint === fingerprint);
      if (done) {
        recovered = done;
        // The interrupted run of this very operation has just been completed: do not do it twice.
        for (const f of store.recovered?.files ?? []) io.out(completedLine(path.join(root, f)));
        for (const f of parentStore?.recovered?.files ?? []) io.out(completedLine(path.join(path.resolve(opts.parentDir!), f)));
        io.err(noteLine(tr`the interrupted run of this operation (${recovered.description}) was completed now; nothing else to do`));
        if (opts.json) printJson(io, { ok: true, recovered });
        return 0;
      }
      const ca = parentStore && parentProfile ? await readCaMaterial(parentStore, opts.parentDir!, parentProfile, opts.passphrase) : needsCa ? await readCaMaterial(store, opts.dir, profile, opts.passphrase) : undefined;
      // The folders as the commands its messages suggest name them: --dir and --parent, resolved.
      const folders = { dir: opts.dir, ...(opts.parentDir ? { parentDir: path.resolve(opts.parentDir) } : {}), ...op.folders };
      result = await runIssueOperation(nodeEnvironment(), { ...op, folders }, ca);
      // The parent's files are checked before the child's are written: a refusal there leaves both folders as they were.
      const parentConflicts = result.parentPlan && parentStore ? (await parentStore.check(result.parentPlan, { protect: protectedFiles(parentLayout!) })).conflicts : [];
      if (parentConflicts.length) throw new IssueError(tr`refusing to overwrite ${parentConflicts.map((c) => `${path.join(opts.parentDir!, c.path)} (${c.description})`).join(', ')} in the parent's folder; nothing was written`);
      const options = { force: opts.force, protect: protectedFiles(layout).filter((p) => !(result.caRenewal && p.path === layout.caCert)), description: describe(result), fingerprint };
      // With a parent: its record first, then this CA's files, an interruption at any point finished or undone by the next run (parentCommit.ts).
      exec = result.parentPlan && parentStore ? (await commitWithParent(store, result.plan, options, parentStore, result.parentPlan, { force: false, protect: protectedFiles(parentLayout!), description: describe(result), fingerprint })).commit : await store.commit(result.plan, options);
    } finally {
      await store.release();
      await parentStore?.release();
    }
  } catch (e) {
    const failure = operationFailure(e);
    if (failure === undefined) throw e;
    return fail(io, opts, failure);
  }
  if (recovered) io.err(recoveredLine(recovered));
  const openssl = equivalentOpensslCommands(result, opts.dir);
  const warnings = [...result.warnings, ...exec.warnings];
  const createdDirectories = [...rootCreated, ...exec.createdDirectories.map((d) => path.join(root, d))];
  if (opts.json) {
    writeRaw(
      io,
      `${JSON.stringify(
        {
          ok: true,
          operation: result.operation,
          profile: result.profile,
          dir: root,
          written: exec.written.map((w) => ({ path: w.path, absolutePath: path.join(root, w.path), kind: w.kind, mode: oct(w.mode), description: w.description, replaced: w.replaced })),
          unchanged: exec.unchanged,
          directories: result.plan.directories.map((d) => ({ path: d.path, mode: oct(d.mode) })),
          createdDirectories,
          issued: result.issued,
          warnings,
          opensslCommands: openssl,
          ...(result.csrReview ? { csrReview: result.csrReview } : {}),
          ...(recovered ? { recovered } : {}),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  for (const w of warnings) io.err(warningLine(w));
  if (result.csrReview) io.out(formatCsrReview(result.csrReview));
  if (result.issued) io.out(issuedLine(result.issued));
  for (const w of exec.written) io.out(writtenLine(root, w));
  for (const u of exec.unchanged) io.out(unchangedLine(path.join(root, u)));
  if (opts.printOpenssl) printOpenssl(io, openssl);
  return 0;
}

/** What a CSR asked and did not get (certwright sign), before what was written. */
export function formatCsrReview(r: NonNullable<IssueResult['csrReview']>): string {
  const lines = [`request: ${r.subject || '(empty subject)'} (${r.keyType} key), signed as a ${r.role} certificate`];
  if (r.notGranted.length) lines.push('requested but not granted (the profile decides):', ...r.notGranted.map((n) => `  - ${n}`));
  else lines.push('everything the request asks for is granted');
  return `${lines.join('\n')}\n`;
}

function describe(result: IssueResult): string {
  return `${result.operation}${result.issued ? ` ${result.issued.subject} serial ${result.issued.serial}` : ''}`;
}

// ---------------------------------------------------------------------------------------------

export const issueNodeCommand: CliCommand = {
  path: ['issue', 'node'],
  summary: tr`Issue a node/server certificate (SANs, serverAuth+clientAuth) from the CA in --dir`,
  help: [
    tr`Usage: certwright issue node --dir DIR --san HOST [--san HOST ...] [options]`,
    tr`Issues a node/server certificate signed by the CA in DIR: extendedKeyUsage
serverAuth+clientAuth, keyUsage per key type, SKI/AKI, SANs (DNS names, IP
addresses, URI:x), a new key (PKCS#8, mode 0600). A validity that would end
after the CA's is refused (choose a shorter --days, renew the CA first, or
--allow-capped). Files, by profile:
  cockroach  certs/node.crt + certs/node.key   (--name N: certs/N/{node.crt,node.key,ca.crt})
  dm         master-cert.pem + master-key.pem  (--name worker: worker-cert.pem ...)
  postgres   server.crt + server.key           (--name N: N.crt + N.key)
  generic    server.crt + server.key
The CA database (index.txt) is updated in OpenSSL's format.`,
    [
      tr`Options:`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      tr`  --san HOST           DNS name, IP address or URI:x (repeatable, or comma-separated)`,
      tr`  --name NAME          node name (folder/file stem, see above)`,
      tr`  --cn NAME            common name (default: cockroach "node", dm "dm" as in DM's docs'
                       cert-allowed-cn = ["dm"], else the first DNS SAN)`,
      tr`  --key TYPE           rsa2048|rsa3072|rsa4096|p256|p384|ed25519 (default: the CA's family)`,
      tr`  --days N             validity in days (default 825)`,
      tr`  --allow-capped       when N days would outlast the CA, end with the CA instead of refusing`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, profile: { type: 'string' }, san: { type: 'string', multiple: true }, name: { type: 'string' }, cn: { type: 'string' }, key: { type: 'string' }, days: { type: 'string' }, 'allow-capped': { type: 'boolean' } }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    if (!v.san?.length) throw new UsageError(tr`at least one --san is required (e.g. --san localhost --san 127.0.0.1)`);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    const op: IssueOperation = { kind: 'issueNode', profile, sans: v.san, ...(v.name ? { name: v.name } : {}), ...(v.cn ? { commonName: v.cn } : {}), ...(keyType ? { keyType } : {}), ...(days ? { days } : {}), ...(v['allow-capped'] ? { allowCapped: true } : {}) };
    return runWithCa(io, op, runOptions(dir, v));
  },
};

export const issueClientCommand: CliCommand = {
  path: ['issue', 'client'],
  summary: tr`Issue a client certificate (CN = user) from the CA in --dir`,
  help: [
    tr`Usage: certwright issue client --dir DIR --user NAME [options]`,
    tr`Issues a client certificate whose CN is the identity: the SQL user for
CockroachDB and PostgreSQL, the caller name DM's cert-allowed-cn checks.
extendedKeyUsage clientAuth (DM: serverAuth+clientAuth, because DM peers verify
every certificate with Go's default server usage). Files, by profile:
  cockroach  certs/client.<user>.crt + .key
  dm         client-cert.pem + client-key.pem   (--name N: N-cert.pem + N-key.pem)
  postgres   client.crt + client.key            (--name postgresql: libpq's default names)
  generic    client-<user>.crt + .key`,
    [
      tr`Options:`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      tr`  --user NAME          identity / CN (default: cockroach root, postgres postgres, dm dm)`,
      tr`  --name NAME          file stem (dm, postgres, generic)`,
      tr`  --san NAME           DNS name, IP address or URI:x (repeatable); dm default DNS:<user>
                       (DM client certificates carry serverAuth, so Go and lint treat them as servers)`,
      tr`  --key TYPE           rsa2048|rsa3072|rsa4096|p256|p384|ed25519 (default: the CA's family)`,
      tr`  --days N             validity in days (default 825)`,
      tr`  --allow-capped       when N days would outlast the CA, end with the CA instead of refusing`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, { ...commonOptions, profile: { type: 'string' }, user: { type: 'string' }, name: { type: 'string' }, san: { type: 'string', multiple: true }, key: { type: 'string' }, days: { type: 'string' }, 'allow-capped': { type: 'boolean' } }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    const op: IssueOperation = { kind: 'issueClient', profile, ...(v.user !== undefined ? { user: v.user } : {}), ...(v.name ? { name: v.name } : {}), ...(v.san?.length ? { sans: v.san } : {}), ...(keyType ? { keyType } : {}), ...(days ? { days } : {}), ...(v['allow-capped'] ? { allowCapped: true } : {}) };
    return runWithCa(io, op, runOptions(dir, v));
  },
};
