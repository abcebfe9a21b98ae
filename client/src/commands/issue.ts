/**
 * Certificate issuing from the command palette: Create CA, Issue node cert, Issue
 * client cert, Revoke certificate, Publish CRL, Renew certificate, Show equivalent
 * openssl commands.
 *
 * Each command is a short multi-step QuickPick/InputBox flow, or — when called with an
 * argument object (`executeCommand('certwright.issueNodeCert', { profile, dir, sans })`)
 * — runs without prompts, for automation and tests. The extension host never does the
 * slow work: it reads the CA's files through `vscode.workspace.fs`, sends
 * `certwright/issue` to the language server (keys are generated there, off this
 * thread), and writes the returned plan back through `vscode.workspace.fs`.
 * Private key material is never logged or shown.
 */
import { X509Certificate } from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandTable } from './index';
import {
  issueLayoutRequest,
  issueRequest,
  type CaMaterial,
  type IssueLayoutParams,
  type IssueLayoutResult,
  type IssueOperation,
  type IssueParams,
  type IssueResult,
  type PlannedFile,
} from '../../../server/src/protocol/issue';
import { clientProfiles, isKeyType, isProfileId, keyTypeTitles, keyTypes, profileIds, type ClientProfile, type KeyType, type ProfileId } from './issue/profiles';
import { daysProblem, dnValueProblem, fileNameProblem, relativeFolderProblem, sanProblem, splitSans } from './issue/inputs';

const l10n = vscode.l10n;
import { PlanCancelled, workspaceStoreFs, type OverwritePolicy } from './issue/writePlan';
import { runWizard, WizardBack, WizardCancelled, WizardPage, type WizardStep } from './issue/wizard';
import { askNewPassphrase, CaPassphrases, isEncryptedKey, PassphraseCancelled, type Obtained } from './issue/passphrase';
import { formatInstant, formatOnelineDn } from '../../../server/src/protocol/format';
import { certificateTree } from '../views/certificateTree';
import { mainFile, noticeActions, resultText, withWarnings } from './notice';
import { CaStore, commitWithParent, operationFingerprint, protectedFiles, type CommitResult } from '../../../server/src/protocol/caStore';
import { defaultKeyPath, keyOfCertificate, LAYOUT_FILE, readCaFiles, renewedCopyOf, withCaLayout, withParentLayout } from '../../../server/src/protocol/caLayout';

/** Arguments accepted programmatically; anything missing gets the profile's default. */
export interface IssueCommandArgs {
  profile?: ProfileId;
  /** Target folder: absolute path, path relative to the first workspace folder, or a URI. */
  dir?: string | vscode.Uri;
  keyType?: KeyType;
  commonName?: string;
  organization?: string;
  days?: number;
  /** Node certificates. */
  sans?: string[];
  name?: string;
  /** Client certificates. */
  user?: string;
  /** Revoke / renew: the certificate (path relative to `dir`, absolute path or URI). */
  cert?: string | vscode.Uri;
  /** Renew: its key (default: derived from the certificate's name). */
  key?: string | vscode.Uri;
  newKey?: boolean;
  reason?: string;
  crlDays?: number;
  /** A leaf whose validity would outlast the CA ends with the CA instead of being refused. */
  allowCapped?: boolean;
  /** Existing files that would be overwritten: ask (default), overwrite, or refuse. */
  overwrite?: OverwritePolicy | boolean;
  /** Create CA: basicConstraints pathlen (1 lets the CA sign intermediate CAs). */
  pathLen?: number;
  /** Create / renew an intermediate CA: the parent CA's folder, and its profile (default: the CA found there). */
  parent?: string | vscode.Uri;
  parentProfile?: ProfileId;
  /** The passphrase of an encrypted CA key (automation; interactive runs ask), or of the new CA key with `encryptKey`. */
  passphrase?: string;
  /** Create CA: encrypt the new key with `passphrase` (PKCS#8 PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256). */
  encryptKey?: boolean;
  /** Keep the passphrase in VS Code's secret storage (true), do not (false); interactive runs ask when undefined. */
  rememberPassphrase?: boolean;
  /** Export: p12 (modern, or legacy with `legacy`), pk8 or chain; where (relative to `dir`); the bundle's passphrase. */
  format?: 'p12' | 'pk8' | 'chain';
  legacy?: boolean;
  out?: string;
  withRoot?: boolean;
  exportPassphrase?: string;
  /** Renew: passphrases of the certificate's encrypted exports, by export path or '*' (without one, an export is left stale). */
  exportPassphrases?: Record<string, string>;
}

/** What a command resolves to (also for tests). */
export interface IssueCommandResult {
  readonly operation: string;
  readonly profile: ProfileId;
  readonly dir: string;
  /** URIs written (as strings). */
  readonly written: string[];
  readonly unchanged: string[];
  readonly warnings: readonly string[];
  readonly issued?: IssueResult['issued'];
  readonly opensslCommands: readonly string[];
}

export class Cancelled extends Error {}

interface LastRun {
  readonly title: string;
  readonly dir: vscode.Uri;
  readonly commands: readonly string[];
  readonly at: Date;
}

/** Read-only virtual documents holding the last operation's openssl equivalent (never dirty, never asked to be saved). */
const opensslScheme = 'certwright-openssl';

const decoder = new TextDecoder();

/** The last operation's openssl equivalent ("Show Equivalent OpenSSL Commands"), whichever command ran it. */
let last: LastRun | undefined;

/** Records an operation's openssl equivalent for "Show Equivalent OpenSSL Commands". */
export function rememberOpensslCommands(title: string, dir: vscode.Uri, commands: readonly string[]): void {
  last = { title, dir, commands, at: new Date() };
}

/** Where a CA folder keeps its files, or (without a folder) a profile's built-in layout: the answer of `certwright/issueLayout`. */
export type LayoutOf = (profile: ProfileId | undefined, dir?: vscode.Uri) => Promise<IssueLayoutResult>;

/** The largest certwright-layout.json read (core/issue/layout.ts refuses larger ones too). */
const MAX_LAYOUT_FILE_BYTES = 64 * 1024;

/** The text of `<dir>/certwright-layout.json` (an adopted CA), undefined when there is none. */
export async function storedLayoutText(dir: vscode.Uri): Promise<string | undefined> {
  const uri = at(dir, LAYOUT_FILE);
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (st.type !== vscode.FileType.File || st.size > MAX_LAYOUT_FILE_BYTES) throw new Error(l10n.t('{0} is not a layout file (not a regular file, or too large); move it away or adopt the CA again', display(uri)));
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
  return readText(uri);
}

/**
 * The layouts, from the server, which resolves them as the CLI does (core/issue/caLayout.ts):
 * a folder's adopted layout when it holds `certwright-layout.json`, else the profile's
 * (cached for the session by profile and layout text; a failed request is asked again).
 */
export function serverLayouts(services: Services): LayoutOf {
  const layouts = new Map<string, Promise<IssueLayoutResult>>();
  return async (profile, dir) => {
    const stored = dir ? await storedLayoutText(dir) : undefined;
    const key = `${profile ?? ''}\0${stored ?? ''}`;
    let l = layouts.get(key);
    if (!l) {
      const params = { profile, ...(stored !== undefined ? { stored } : {}) } as IssueLayoutParams;
      l = services.client.sendRequest<IssueLayoutResult>(issueLayoutRequest, params);
      l.catch(() => layouts.delete(key));
      layouts.set(key, l);
    }
    return l;
  };
}

/** An operation on an adopted CA carries its layout, as the CLI's do (withCaLayout). */
export function onCaLayout(op: IssueOperation, l: IssueLayoutResult): IssueOperation {
  const { appendedCrls: _a, rotationState: _r, exports: _e, ...layout } = l;
  return withCaLayout(op, layout);
}

/** An operation a parent CA signs (an intermediate) carries the parent's layout when that is adopted, as the CLI's do (withParentLayout). */
function onParentLayout(op: IssueOperation, l: IssueLayoutResult): IssueOperation {
  const { appendedCrls: _a, rotationState: _r, exports: _e, ...layout } = l;
  return withParentLayout(op, layout);
}

/**
 * The frame every palette flow shares: the trust check, passes until one does not end
 * with Back (Back from the summary asks the questions again, answers kept), and the end
 * on an error: a cancellation is logged; an error is shown, or thrown to a caller that
 * gave arguments (which also gets a refused plan thrown when `rethrowRefusedPlan`).
 */
export async function flowFrame<T>(log: vscode.LogOutputChannel, ctx: { readonly title: string; readonly interactive: boolean; resume?: boolean }, untrusted: string, pass: () => Promise<T | 'back'>, options: { rethrowRefusedPlan?: boolean } = {}): Promise<T | undefined> {
  const { title, interactive } = ctx;
  try {
    if (!vscode.workspace.isTrusted) throw new Error(untrusted);
    for (;;) {
      const outcome = await pass();
      if (outcome !== 'back') return outcome;
      ctx.resume = true;
    }
  } catch (err) {
    if (err instanceof Cancelled || err instanceof PlanCancelled || err instanceof PassphraseCancelled) {
      log.info(err.message ? l10n.t('{0}: cancelled ({1})', title, err.message) : l10n.t('{0}: cancelled', title));
      if (!interactive && options.rethrowRefusedPlan && err instanceof PlanCancelled) throw err;
      return undefined;
    }
    const message = err instanceof Error ? err.message : String(err);
    log.error(`${title}: ${message}`);
    if (interactive) void vscode.window.showErrorMessage(`${title}: ${message}`);
    else throw err instanceof Error ? err : new Error(message);
    return undefined;
  }
}

/** Opens the last operation's openssl equivalent (the notification's "Show openssl Commands"). */
export function openLastOpensslCommands(): Promise<vscode.TextDocument | undefined> {
  return showOpensslCommands(last);
}

export function issueCommands(services: Services): CommandTable {
  const log = services.output;
  const passphrases = new CaPassphrases(services.context.secrets);

  const layout = serverLayouts(services);

  /** Common frame: trust check, argument mode, the summary, error reporting, the result notification. */
  const command =
    (title: string, flow: (ctx: FlowContext) => Promise<Prepared>) =>
    async (raw?: unknown): Promise<IssueCommandResult | undefined> => {
      const args = isArgs(raw) ? raw : undefined;
      const interactive = args === undefined;
      const ctx: FlowContext = { title, args: args ?? {}, interactive, raw, layout, resume: false };
      const untrusted = l10n.t('Certwright issues certificates and writes private keys only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.');
      return flowFrame(log, ctx, untrusted, () => attempt(ctx, flow), { rethrowRefusedPlan: true });
    };

  /** One pass: the questions, the plan from the server under the CA lock, the summary, the writes. */
  async function attempt(ctx: FlowContext, flow: (ctx: FlowContext) => Promise<Prepared>): Promise<IssueCommandResult | 'back'> {
    const { title, args, interactive } = ctx;
    let prepared = await flow(ctx);
    if (args.allowCapped && ['issueNode', 'issueClient', 'renew', 'createIntermediate'].includes(prepared.operation.kind)) prepared = { ...prepared, operation: { ...prepared.operation, allowCapped: true } as IssueOperation };
    const policy: OverwritePolicy = args.overwrite === true ? 'overwrite' : args.overwrite === false ? 'refuse' : typeof args.overwrite === 'string' ? args.overwrite : 'ask';
    const l = await layout(prepared.profile, prepared.dir);
    prepared = { ...prepared, operation: onCaLayout(prepared.operation, l) };
    // An encrypted CA key: its passphrase is asked before the CA lock is taken (a person may take a while).
    const passOptions = { interactive, ...(args.passphrase !== undefined ? { given: args.passphrase } : {}) };
    const askPassphrase = (): Promise<Obtained | undefined> => passphrases.obtain(prepared.dir, l.caKey, title, passOptions);
    // Exporting never signs: the CA key is not needed, nor its passphrase.
    const signs = prepared.operation.kind !== 'export';
    let passphrase = signs && isEncryptedKey(prepared.ca?.keyPem) ? await askPassphrase() : undefined;
    // The CA lock is taken before the CA's files are read and held to the last write;
    // an operation interrupted earlier (editor or CLI) is completed or rolled back first.
    // An intermediate's parent signs and records it: its lock first, then the child's (the CLI's order).
    const parent = prepared.parent ? { ...prepared.parent, layout: await layout(prepared.parent.profile, prepared.parent.dir) } : undefined;
    if (parent) prepared = { ...prepared, operation: onParentLayout(prepared.operation, parent.layout) };
    const parentStore = parent ? await CaStore.open(workspaceStoreFs(parent.dir, log), parent.layout.caDir) : undefined;
    const store = await CaStore.open(workspaceStoreFs(prepared.dir, log), l.caDir).catch(async (err: unknown) => {
      await parentStore?.release();
      throw err;
    });
    let result: IssueResult;
    let commit: CommitResult;
    let parentCommit: CommitResult | undefined;
    try {
      for (const [s, where] of [[parentStore, parent && display(parent.dir)], [store, undefined]] as const) {
        if (s?.recovered) {
          const { action, description } = s.recovered;
          if (where) log.warn(action === 'completed' ? l10n.t('{0}: completed an interrupted operation on the CA in {1} ({2})', title, where, description) : l10n.t('{0}: rolled back an interrupted operation on the CA in {1} ({2})', title, where, description));
          else log.warn(action === 'completed' ? l10n.t('{0}: completed an interrupted operation on this CA ({1})', title, description) : l10n.t('{0}: rolled back an interrupted operation on this CA ({1})', title, description));
        }
      }
      const locked = await lockedInputs(store, prepared, l, parentStore && parent ? { store: parentStore, layout: parent.layout } : undefined);
      const fingerprint = operationFingerprint(locked.operation);
      if (store.recovered?.action === 'completed' && store.recovered.fingerprint === fingerprint) {
        log.info(l10n.t('{0}: the interrupted run of this operation was completed now; nothing else to do', title));
        if (interactive) void vscode.window.showInformationMessage(l10n.t('{0}: the interrupted run of this operation was completed.', title));
        return { operation: locked.operation.kind, profile: prepared.profile, dir: prepared.dir.toString(), written: store.recovered.files.map((f) => at(prepared.dir, f).toString()), unchanged: [], warnings: [], opensslCommands: [] };
      }
      // The key was encrypted meanwhile: asked now, under the lock.
      if (signs && !passphrase && isEncryptedKey(locked.ca?.keyPem)) passphrase = await askPassphrase();
      if (signs && locked.ca && isEncryptedKey(locked.ca.keyPem) && !passphrase) throw new Error(l10n.t('the CA key {0} is encrypted: pass "passphrase"', l.caKey));
      const sendCapped = (input: Prepared): Promise<IssueResult> =>
        send(services, title, input).catch(async (err: unknown) => {
          // A validity past the CA's notAfter is refused with the choices spelled out: offer the cap here.
          const message = err instanceof Error ? err.message : String(err);
          if (!interactive || !message.includes('--allow-capped')) throw err;
          const cap = l10n.t('End with the CA');
          const choice = await vscode.window.showWarningMessage(message.replace(/--allow-capped/, `"${cap}"`), { modal: true }, cap);
          if (choice !== cap) throw new Cancelled(l10n.t('nothing was written'));
          return send(services, title, { ...input, operation: { ...input.operation, allowCapped: true } as IssueOperation });
        });
      ({ value: result, used: passphrase } = await passphrases.signing(prepared.dir, l.caKey, title, passOptions, passphrase, (p) => sendCapped(p !== undefined && locked.ca ? { ...locked, ca: { ...locked.ca, keyPassphrase: p } } : locked)));
      // A same-key CA renewal is the one operation that replaces the CA certificate.
      const protect = protectedFiles(l).filter((p) => !(result.caRenewal && p.path === l.caCert));
      const { conflicts } = await store.check(result.plan, { protect });
      const parentProtect = parent ? protectedFiles(parent.layout) : [];
      const parentPlan = parentStore ? result.parentPlan : undefined;
      const parentConflicts = parentPlan ? (await parentStore!.check(parentPlan, { protect: parentProtect })).conflicts : [];
      if (interactive && policy === 'ask') {
        // With a parent, both folders' files, each named from the workspace.
        const named = (dir: vscode.Uri, files: readonly PlannedFile[]): PlannedFile[] => files.map((f) => ({ ...f, path: `${display(dir)}/${f.path}` }));
        const shown = parentPlan ? { files: [...named(prepared.dir, result.plan.files), ...named(parent!.dir, parentPlan.files)], conflicts: [...named(prepared.dir, conflicts), ...named(parent!.dir, parentConflicts)] } : { files: result.plan.files, conflicts };
        if ((await summary(ctx, prepared, shown.files, shown.conflicts)) === 'back') return 'back';
      } else if (conflicts.length || parentConflicts.length) await confirmOverwrite([...conflicts, ...parentConflicts], policy);
      const description = `${result.operation}${result.issued ? ` ${result.issued.subject} serial ${result.issued.serial}` : ''}`;
      // With a parent: its record first, then this CA's files, an interruption at any point finished or undone by the next run (parentCommit.ts).
      if (parentPlan) ({ commit, parentCommit } = await commitWithParent(store, result.plan, { force: true, protect, description, fingerprint }, parentStore!, parentPlan, { force: true, protect: parentProtect, description, fingerprint }));
      else commit = await store.commit(result.plan, { force: true, protect, description, fingerprint });
    } finally {
      await store.release();
      await parentStore?.release();
    }
    // The passphrase worked (or the new CA key is encrypted with it): offered for the secret storage.
    const newKeyPassphrase = prepared.operation.kind === 'createCa' ? prepared.operation.keyPassphrase : undefined;
    if (passphrase) await passphrases.accepted(prepared.dir, passphrase, args.rememberPassphrase);
    else if (prepared.operation.kind === 'createCa') {
      // A new CA: a passphrase remembered for an earlier CA in this folder is stale.
      await passphrases.forget(prepared.dir);
      if (newKeyPassphrase !== undefined) await passphrases.accepted(prepared.dir, { passphrase: newKeyPassphrase, source: interactive ? 'typed' : 'argument' }, args.rememberPassphrase);
    }
    const warnings = [...result.warnings, ...commit.warnings];
    for (const w of warnings) log.warn(`${title}: ${w}`);
    // Paths and kinds only: contents (key material) are never logged.
    for (const w of commit.written) log.info(l10n.t('{0}: wrote {1} ({2}, mode {3})', title, w.path, w.description, w.mode.toString(8)));
    for (const w of parentCommit?.written ?? []) log.info(l10n.t('{0}: wrote {1} in {2} ({3}, mode {4})', title, w.path, display(prepared.parent!.dir), w.description, w.mode.toString(8)));
    last = { title, dir: prepared.dir, commands: result.opensslCommands, at: new Date() };
    // The view shows what was written now, whether or not a file watcher reports it.
    certificateTree()?.refresh(true);
    const written = [...commit.written.map((w) => at(prepared.dir, w.path)), ...(parentCommit?.written ?? []).map((w) => at(prepared.parent!.dir, w.path))];
    const writtenFiles = [...commit.written, ...(parentCommit?.written ?? [])];
    const issued = result.issued ? { subject: result.issued.subject, serial: result.issued.serial, notAfter: formatInstant(result.issued.notAfter) } : undefined;
    const text = resultText(l10n, { title, dir: display(prepared.dir), written: writtenFiles, ...(issued ? { issued } : {}) });
    log.info(text);
    if (interactive) void announce(text, warnings, prepared.dir, written, writtenFiles.map((w) => w.path), log, () => showOpensslCommands(last));
    return {
      operation: result.operation,
      profile: prepared.profile,
      dir: prepared.dir.toString(),
      written: written.map((u) => u.toString()),
      unchanged: commit.unchanged.map((u) => at(prepared.dir, u).toString()),
      warnings,
      issued: result.issued,
      opensslCommands: result.opensslCommands,
    };
  }

  services.context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(opensslScheme, { provideTextDocumentContent: () => (last ? opensslScript(last) : '') }));

  return {
    createCa: command(l10n.t('Create CA'), createCaFlow),
    issueNodeCert: command(l10n.t('Issue Node Certificate'), (ctx) => issueNodeFlow(ctx)),
    issueClientCert: command(l10n.t('Issue Client Certificate'), (ctx) => issueClientFlow(ctx)),
    revokeCertificate: command(l10n.t('Revoke Certificate'), (ctx) => revokeFlow(ctx)),
    publishCrl: command(l10n.t('Publish CRL'), (ctx) => publishCrlFlow(ctx)),
    publishParentCrl: command(l10n.t('Publish Parent CRL'), (ctx) => publishParentCrlFlow(ctx)),
    renewCertificate: command(l10n.t('Renew Certificate'), (ctx) => renewFlow(ctx)),
    createIntermediateCa: command(l10n.t('Create Intermediate CA'), (ctx) => createIntermediateFlow(ctx)),
    renewIntermediateCa: command(l10n.t('Renew Intermediate CA'), (ctx) => renewIntermediateFlow(ctx)),
    exportCertificate: command(l10n.t('Export Certificate'), (ctx) => exportFlow(ctx)),
    showOpensslCommands: () => showOpensslCommands(last),
  };
}

// ------------------------------------------------------------------ plumbing

export interface FlowContext {
  readonly title: string;
  readonly args: IssueCommandArgs;
  readonly interactive: boolean;
  /** The raw first argument (a URI when run from the explorer's context menu). */
  readonly raw: unknown;
  readonly layout: LayoutOf;
  /** The flow's answers, kept across Back from the summary. */
  state?: unknown;
  /** True when the questions reopen from the summary's Back. */
  resume: boolean;
  /** How many question pages the flow showed (the summary is the next page). */
  pages?: number;
}

interface Prepared {
  readonly profile: ProfileId;
  readonly dir: vscode.Uri;
  /** An intermediate's parent CA (create or renew the intermediate): it signs, its database records the certificate. */
  readonly parent?: { readonly profile: ProfileId; readonly dir: vscode.Uri };
  readonly operation: IssueOperation;
  readonly ca?: CaMaterial;
  /** Progress title, e.g. "Generating an RSA 4096 key…". */
  readonly progress: string;
  /** The answers, for the summary page: [what, value]. */
  readonly choices: ReadonlyArray<readonly [string, string]>;
}

export function isArgs(raw: unknown): raw is IssueCommandArgs {
  return typeof raw === 'object' && raw !== null && !(raw instanceof vscode.Uri) && !Array.isArray(raw);
}

export function display(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, true);
}

async function send(services: Services, title: string, prepared: Prepared): Promise<IssueResult> {
  const started = Date.now();
  services.output.info(l10n.t('{0}: asking the language server ({1}, profile {2}) for {3}', title, prepared.operation.kind, prepared.profile, display(prepared.dir)));
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Certwright: ${prepared.progress}`, cancellable: true },
    async (_progress, token) => {
      // The folders as the commands the messages suggest name them: their paths on this machine.
      const folders = { dir: prepared.dir.fsPath, ...(prepared.parent ? { parentDir: prepared.parent.dir.fsPath } : {}), ...prepared.operation.folders };
      const params: IssueParams = { operation: { ...prepared.operation, folders }, ...(prepared.ca ? { ca: prepared.ca } : {}) };
      try {
        return await services.client.sendRequest<IssueResult>(issueRequest, params, token);
      } catch (err) {
        if (token.isCancellationRequested) throw new Cancelled(l10n.t('cancelled while the key was being generated; nothing was written'));
        throw err;
      }
    },
  );
  const n = result.plan.files.length;
  services.output.info(n === 1 ? l10n.t('{0}: the server answered in {1} ms (1 file to write)', title, Date.now() - started) : l10n.t('{0}: the server answered in {1} ms ({2} files to write)', title, Date.now() - started, n));
  return result;
}

function progressTitle(what: string, keyType: KeyType | undefined): string {
  // RSA, ECDSA and Ed25519 are all read with a vowel sound: "an".
  return keyType ? l10n.t('{0}: generating an {1} key…', what, keyTypeTitles[keyType]) : `${what}…`;
}

/**
 * The last page of every flow: the answers and every file the plan writes
 * (existing ones marked), with Back to change an answer. Nothing is written before it.
 */
export async function summary(ctx: FlowContext, prepared: Pick<Prepared, 'choices'>, files: readonly PlannedFile[], conflicts: readonly PlannedFile[], removals: readonly string[] = []): Promise<'write' | 'back'> {
  const overwritten = new Set(conflicts.map((c) => c.path));
  const write = {
    label: conflicts.length
      ? l10n.t('$(warning) Write {0} files, overwriting {1}', files.length, conflicts.length)
      : files.length === 1 ? l10n.t('$(check) Write 1 file') : l10n.t('$(check) Write {0} files', files.length),
    detail: conflicts.some((c) => c.kind === 'key') ? l10n.t('A private key is overwritten: anything that uses it stops working. The old contents are not kept.') : undefined,
    write: true,
  };
  const items: Array<vscode.QuickPickItem & { write?: boolean }> = [
    write,
    { label: l10n.t('Choices'), kind: vscode.QuickPickItemKind.Separator },
    ...prepared.choices.map(([what, value]) => ({ label: value, description: what })),
    { label: l10n.t('Will write'), kind: vscode.QuickPickItemKind.Separator },
    ...files.map((f) => ({ label: `$(${overwritten.has(f.path) ? 'warning' : 'file'}) ${f.path}`, description: overwritten.has(f.path) ? l10n.t('{0} — overwrites the existing file', f.description) : f.description })),
    ...(removals.length ? [{ label: l10n.t('Will remove'), kind: vscode.QuickPickItemKind.Separator }, ...removals.map((p) => ({ label: `$(trash) ${p}` }))] : []),
  ];
  const steps = ctx.interactive ? countPages(ctx) : 1;
  const page = new WizardPage(ctx.title, steps, steps, (ctx.pages ?? 0) > 0);
  try {
    for (;;) {
      const [chosen] = await page.pick(items, { placeholder: l10n.t('Summary: nothing is written until you choose "Write"'), active: write });
      if (chosen?.write) return 'write';
    }
  } catch (err) {
    if (err instanceof WizardBack) return 'back';
    if (err instanceof WizardCancelled) throw new PlanCancelled(l10n.t('nothing was written'));
    throw err;
  }
}

/** The summary is the last page: its number is one more than the questions the flow showed. */
function countPages(ctx: FlowContext): number {
  return (ctx.pages ?? 0) + 1;
}

/**
 * The result notification: information (success is never a warning), with Open (the file
 * the operation is about, in its default editor: the certificate editor for DER and
 * PKCS#12), Reveal in Explorer, and Show Warnings or Show openssl Commands.
 */
export async function announce(text: string, warnings: readonly string[], dir: vscode.Uri, written: readonly vscode.Uri[], paths: readonly string[], log: vscode.LogOutputChannel, showCommands: () => Promise<unknown>): Promise<void> {
  const i = mainFile(paths);
  const main = i === undefined ? undefined : written[i];
  const actions = noticeActions(l10n, { canOpen: main !== undefined, warnings: warnings.length });
  const choice = await vscode.window.showInformationMessage(withWarnings(l10n, text, warnings.length), ...(actions.open ? [actions.open] : []), actions.reveal, actions.third.label);
  if (choice === undefined) return;
  if (choice === actions.open && main) await vscode.commands.executeCommand('vscode.open', main, { preview: false });
  else if (choice === actions.reveal) await vscode.commands.executeCommand('revealInExplorer', main ?? dir);
  else if (actions.third.kind === 'commands') await showCommands();
  else log.show(true);
}

function opensslScript(last: LastRun): string {
  const dir = last.dir.scheme === 'file' ? last.dir.fsPath : last.dir.path;
  return [
    '#!/bin/sh',
    `# Certwright: ${l10n.t('openssl commands equivalent to "{0}" ({1}).', last.title, formatInstant(last.at))}`,
    `# ${l10n.t('They create their own keys; no key material is shown here. Run them in a scratch copy')}`,
    `# ${l10n.t('of the folder: running them in place would overwrite the files Certwright wrote.')}`,
    'set -eu',
    `cd '${dir.replace(/'/g, "'\\''")}'`,
    ...last.commands,
    '',
  ].join('\n');
}

/** Opens the last operation's openssl equivalent as a read-only shell script (a virtual document: never dirty). */
async function showOpensslCommands(last: LastRun | undefined): Promise<vscode.TextDocument | undefined> {
  if (!last) {
    void vscode.window.showInformationMessage(l10n.t('Certwright: nothing issued yet in this session. Run Create CA or Issue Node Certificate first.'));
    return undefined;
  }
  const uri = vscode.Uri.from({ scheme: opensslScheme, path: `/openssl-${last.at.getTime()}.sh` });
  let doc = await vscode.workspace.openTextDocument(uri);
  doc = await vscode.languages.setTextDocumentLanguage(doc, 'shellscript');
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(vscode.l10n.t('Open a folder first: Certwright writes certificates into the workspace.'));
  return folder.uri;
}

function resolveDir(dir: string | vscode.Uri): vscode.Uri {
  if (dir instanceof vscode.Uri) return dir;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(dir)) return vscode.Uri.parse(dir);
  if (dir.startsWith('/')) return vscode.Uri.file(dir);
  const problem = relativeFolderProblem(dir);
  if (problem) throw new Error(l10n.t('folder {0}: {1}', JSON.stringify(dir), problem));
  const segments = dir.split('/').filter((s) => s && s !== '.');
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** A path relative to `dir`; throws when `uri` is not inside it. */
function relativeTo(dir: vscode.Uri, uri: vscode.Uri): string {
  const base = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  if (uri.scheme !== dir.scheme || uri.authority !== dir.authority || !uri.path.startsWith(base)) {
    throw new Error(vscode.l10n.t("{0} is not inside the CA's folder {1}", display(uri), display(dir)));
  }
  return uri.path.slice(base.length);
}

function resolveInside(dir: vscode.Uri, p: string | vscode.Uri): vscode.Uri {
  if (p instanceof vscode.Uri) return p;
  if (p.startsWith('/') || /^[a-z][a-z0-9+.-]+:\/\//i.test(p)) return resolveDir(p);
  return vscode.Uri.joinPath(dir, ...p.split('/'));
}

export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Whether a workspace file or folder exists (any file system VS Code can reach). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `dir` joined with a `/`-separated relative path. */
export function at(dir: vscode.Uri, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(dir, ...relative.split('/'));
}

/** The CA's certificate, key and state, read through workspace.fs as the CLI reads them (core/issue/caFiles.ts). */
async function readCa(ctx: FlowContext, profile: ClientProfile, dir: vscode.Uri): Promise<CaMaterial> {
  const l = await ctx.layout(profile.id, dir);
  const { certPem, keyPem, ...state } = await readCaFiles((p) => readText(at(dir, p)), l);
  if (!certPem || !keyPem) {
    throw new Error(vscode.l10n.t('no {0} CA in {1}: expected {2} and {3}. Run "Certwright: Create CA" first.', profile.title, display(dir), l.caCert, l.caKey));
  }
  return { certPem, keyPem, ...state, ...caFolderOf(dir) };
}

/** The CA folder on this machine, where the server reads the includes of an adopted CA's configuration (CaMaterial.caFolder). */
function caFolderOf(dir: vscode.Uri): { caFolder?: string } {
  return dir.scheme === 'file' ? { caFolder: dir.fsPath } : {};
}

/**
 * The operation's inputs read again under the CA lock: the CA material (and, for a
 * renewal, the certificate and key inside the folder), so that what the server signs is
 * what is on disk when the plan is committed (and compared once more before it is).
 */
async function lockedInputs(store: CaStore, prepared: Prepared, l: IssueLayoutResult, parent?: { store: CaStore; layout: IssueLayoutResult }): Promise<Prepared> {
  // The CA that signs: the parent of an intermediate, else the folder's own.
  const signer = parent ?? { store, layout: l };
  const sl = signer.layout;
  let ca = prepared.ca;
  if (ca) {
    const { certPem, keyPem, exports, ...state } = await readCaFiles((p) => signer.store.read(p), sl);
    if (!certPem || !keyPem) throw new Error(vscode.l10n.t('no CA in {0}: expected {1} and {2}', display(parent ? prepared.parent!.dir : prepared.dir), sl.caCert, sl.caKey));
    // The exports of the CA whose certificates the operation renews (not a parent's).
    const own = parent ? undefined : exports;
    ca = { certPem, keyPem, ...state, ...(own !== undefined ? { exports: own } : {}), ...caFolderOf(parent ? prepared.parent!.dir : prepared.dir) };
  }
  let operation = prepared.operation;
  if (operation.kind === 'createIntermediate' && parent) {
    // The parent's CRL file, copied beside the intermediate's own (PostgreSQL checks a CRL for every CA of a chain).
    const parentCrlPem = await parent.store.read(parent.layout.crl);
    operation = { ...operation, ...(parentCrlPem ? { parentCrlPem } : {}) };
  }
  if (operation.kind === 'renew') {
    const certPem = await store.read(operation.certPath);
    if (certPem === undefined) throw new Error(vscode.l10n.t('cannot read {0}', operation.certPath));
    const keyPem = operation.keyPem !== undefined ? await store.read(operation.keyPath) : undefined;
    if (operation.keyPem !== undefined && keyPem === undefined) throw new Error(vscode.l10n.t('cannot read the key {0}', operation.keyPath));
    operation = { ...operation, certPem, ...(keyPem !== undefined ? { keyPem } : {}) };
  } else if (operation.kind === 'export') {
    const certPem = await store.read(operation.certPath);
    if (certPem === undefined) throw new Error(l10n.t('cannot read {0}', operation.certPath));
    const keyPem = operation.keyPath !== undefined ? await store.read(operation.keyPath) : undefined;
    if (operation.keyPath !== undefined && keyPem === undefined) throw new Error(l10n.t('cannot read the key {0}', operation.keyPath));
    operation = { ...operation, certPem, ...(keyPem !== undefined ? { keyPem } : {}) };
  }
  return { ...prepared, operation, ...(ca ? { ca } : {}) };
}

/** One modal dialog listing every file that would be overwritten (policy `ask`); nothing is written unless accepted. */
async function confirmOverwrite(conflicts: readonly PlannedFile[], policy: OverwritePolicy): Promise<void> {
  const list = conflicts.map((c) => `${c.path} (${c.description})`).join('\n');
  if (policy === 'refuse') throw new Error(`${vscode.l10n.t('refusing to overwrite existing files:')}\n${list}`);
  if (policy === 'overwrite') return;
  const keys = conflicts.filter((c) => c.kind === 'key').length;
  const overwrite = l10n.t('Overwrite');
  const keysNote = keys === 0 ? '' : keys === 1 ? l10n.t('1 of them is a private key: anything that uses it stops working.') : l10n.t('{0} of them are private keys: anything that uses them stops working.', keys);
  const choice = await vscode.window.showWarningMessage(
    conflicts.length === 1 ? l10n.t('Overwrite 1 existing file?') : l10n.t('Overwrite {0} existing files?', conflicts.length),
    { modal: true, detail: `${list}\n\n${keysNote ? `${keysNote} ` : ''}${l10n.t('The old contents are not kept.')}` },
    overwrite,
  );
  if (choice !== overwrite) throw new PlanCancelled(l10n.t('nothing was written: existing files were kept'));
}

// ------------------------------------------------------------------ prompts

/** The key type of the CA certificate, so that leaves default to the same kind of key. */
export function keyTypeOfCertificate(pem: string): KeyType | undefined {
  try {
    const key = new X509Certificate(pem).publicKey;
    const d = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
    if (key.asymmetricKeyType === 'ec') return d?.namedCurve === 'secp384r1' ? 'p384' : d?.namedCurve === 'prime256v1' ? 'p256' : undefined;
    if (key.asymmetricKeyType === 'rsa') return d?.modulusLength === 4096 ? 'rsa4096' : d?.modulusLength === 3072 ? 'rsa3072' : 'rsa2048';
  } catch {
    // Not a certificate node:crypto reads: no default beyond the core's.
  }
  return undefined;
}

function profileStep<S extends { profile?: ProfileId }>(ctx: FlowContext): WizardStep<S> {
  return {
    when: () => ctx.args.profile === undefined,
    ask: async (w, s) => {
      const items = profileIds.map((id) => ({ label: clientProfiles[id].title, detail: clientProfiles[id].detail, id }));
      s.profile = (await w.pickOne(items, { placeholder: l10n.t('Which system are the certificates for? (decides names, CNs, key usages and file layout)'), active: items.find((i) => i.id === s.profile) })).id;
    },
  };
}

export function keyTypeStep<S extends { keyType?: KeyType; profile?: ProfileId }>(ctx: FlowContext, fallback: (s: S) => KeyType | undefined, when: (s: S) => boolean = () => true): WizardStep<S> {
  return {
    when: (s) => ctx.args.keyType === undefined && when(s),
    ask: async (w, s) => {
      const profile = clientProfiles[s.profile ?? 'generic'];
      const preferred = s.keyType ?? fallback(s);
      const items = keyTypes.map((k) => {
        const warning = profile.keyWarnings[k];
        return {
          label: `${warning && k === 'ed25519' ? '$(warning) ' : ''}${keyTypeTitles[k]}`,
          description: k === fallback(s) ? l10n.t('default: the same kind of key as the CA') : k === 'p256' ? l10n.t('fast, widely accepted') : undefined,
          detail: warning,
          k,
        };
      });
      for (;;) {
        const item = await w.pickOne(items, { placeholder: l10n.t('Key type'), active: items.find((i) => i.k === preferred) });
        const use = l10n.t('Use Ed25519');
        // Ed25519 where the target cannot use it: confirmed, or the key type is asked again.
        if (item.k === 'ed25519' && profile.keyWarnings.ed25519 && (await vscode.window.showWarningMessage(profile.keyWarnings.ed25519, { modal: true }, use)) !== use) continue;
        s.keyType = item.k;
        return;
      }
    },
  };
}

export function daysStep<S extends { days?: number }>(ctx: FlowContext, prompt: string, fallback: number): WizardStep<S> {
  return {
    when: () => ctx.args.days === undefined,
    ask: async (w, s) => {
      s.days = Number(await w.input({ prompt, value: String(s.days ?? fallback), validate: daysProblem }));
    },
  };
}

export interface FoundCa {
  readonly profile: ProfileId;
  readonly dir: vscode.Uri;
  /** Adopted (`certwright adopt`): its files are where its certwright-layout.json says. */
  readonly adopted?: boolean;
}

/** CAs made by Certwright (or laid out the same way) and CAs adopted by it, anywhere in the workspace. */
export async function findCas(ctx: FlowContext): Promise<FoundCa[]> {
  const layouts = new Map<ProfileId, IssueLayoutResult>();
  for (const id of profileIds) layouts.set(id, await ctx.layout(id));
  const names = [...new Set([...layouts.values()].map((l) => l.caCert))];
  const found: FoundCa[] = [];
  // Adopted CAs first: their folders hold their own layout, whatever else matches there.
  const adoptedDirs = new Set<string>();
  for (const uri of await vscode.workspace.findFiles(`**/${LAYOUT_FILE}`, '**/node_modules/**', 200)) {
    const dir = vscode.Uri.joinPath(uri, '..');
    let l: IssueLayoutResult;
    try {
      l = await ctx.layout(undefined, dir);
    } catch {
      continue; // not a layout file: the issuing commands on that folder say why
    }
    adoptedDirs.add(dir.toString());
    if ((await exists(at(dir, l.caCert))) && (await exists(at(dir, l.caKey)))) found.push({ profile: l.profile, dir, adopted: true });
  }
  const uris = await vscode.workspace.findFiles(`**/{${names.join(',')}}`, '**/node_modules/**', 200);
  for (const uri of uris) {
    for (const id of profileIds) {
      const p = layouts.get(id)!;
      if (!uri.path.endsWith(`/${p.caCert}`)) continue;
      const dir = uri.with({ path: uri.path.slice(0, -p.caCert.length - 1) });
      if (adoptedDirs.has(dir.toString())) continue;
      if (await exists(vscode.Uri.joinPath(dir, ...p.caKey.split('/')))) found.push({ profile: id, dir });
    }
  }
  return found.sort((a, b) => a.dir.path.localeCompare(b.dir.path));
}

/** The CAs the issuing command may use: one when it is given or obvious, several to pick from. */
export async function caCandidates(ctx: FlowContext): Promise<FoundCa[]> {
  if (ctx.args.dir !== undefined) {
    const dir = resolveDir(ctx.args.dir);
    if (ctx.args.profile !== undefined) {
      if (!isProfileId(ctx.args.profile)) throw new Error(l10n.t('unknown profile {0}: use {1}', JSON.stringify(ctx.args.profile), profileIds.join(', ')));
      return [{ profile: ctx.args.profile, dir }];
    }
    const guessed = await guessProfile(ctx, dir);
    if (!guessed) throw new Error(vscode.l10n.t('no CA found in {0}; pass "profile" or run Create CA first', display(dir)));
    return [{ profile: guessed, dir }];
  }
  if (!ctx.interactive) throw new Error(l10n.t('the argument "{0}" is required', 'dir'));
  const cas = await findCas(ctx);
  const matching = cas.filter((c) => !ctx.args.profile || c.profile === ctx.args.profile);
  if (ctx.raw instanceof vscode.Uri) {
    // From the explorer: the CA whose folder holds the clicked file/folder, else the CAs below it.
    const clicked = ctx.raw.path.replace(/\/$/, '');
    const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(`${parent}/`);
    const holding = matching.filter((c) => inside(clicked, c.dir.path)).sort((a, b) => b.dir.path.length - a.dir.path.length);
    if (holding.length) return [holding[0]!];
    const below = matching.filter((c) => inside(c.dir.path, clicked));
    if (below.length) return below;
  }
  if (!matching.length) {
    const create = l10n.t('Create CA');
    const choice = await vscode.window.showWarningMessage(l10n.t('No Certwright CA found in this workspace.'), { modal: true }, create);
    if (choice === create) await vscode.commands.executeCommand('certwright.createCa');
    throw new Cancelled();
  }
  return matching;
}

export interface CaState {
  ca?: FoundCa;
  profile?: ProfileId;
  material?: CaMaterial;
}

/** Picks the CA when there are several; reads its material (and so its key type) once chosen. */
export function caStep<S extends CaState>(candidates: readonly FoundCa[], placeholder = l10n.t('Which CA issues the certificate?')): WizardStep<S> {
  return {
    when: () => candidates.length > 1,
    ask: async (w, s) => {
      const items = candidates.map((c) => ({ label: display(c.dir), description: clientProfiles[c.profile].title, ca: c }));
      s.ca = (await w.pickOne(items, { placeholder, active: items.find((i) => i.ca === s.ca) })).ca;
      s.profile = s.ca.profile;
      s.material = undefined;
    },
  };
}

async function caOf<S extends CaState>(ctx: FlowContext, s: S): Promise<{ profile: ClientProfile; dir: vscode.Uri; material: CaMaterial }> {
  const ca = s.ca!;
  const profile = clientProfiles[ca.profile];
  s.material ??= await readCa(ctx, profile, ca.dir);
  return { profile, dir: ca.dir, material: s.material };
}

/** The profile of the CA in `dir`: an adopted CA's (its layout file), else the first whose CA files are there (as the CLI detects it). */
async function guessProfile(ctx: FlowContext, dir: vscode.Uri): Promise<ProfileId | undefined> {
  if ((await storedLayoutText(dir)) !== undefined) return (await ctx.layout(undefined, dir)).profile;
  for (const id of profileIds) {
    const p = await ctx.layout(id);
    if ((await exists(vscode.Uri.joinPath(dir, ...p.caCert.split('/')))) && (await exists(vscode.Uri.joinPath(dir, ...p.caKey.split('/'))))) return id;
  }
  return undefined;
}

/** Runs the flow's questions in interactive mode (from the summary's Back: reopening the last one). */
export async function ask<S>(ctx: FlowContext, steps: readonly WizardStep<S>[], state: S, guesses: readonly (keyof S)[] = []): Promise<void> {
  if (!ctx.interactive) return;
  try {
    ctx.pages = await runWizard(ctx.title, steps, state, ctx.resume ? 'last' : 'first', guesses);
  } catch (err) {
    if (err instanceof WizardCancelled || err instanceof WizardBack) throw new Cancelled();
    throw err;
  }
}

// ------------------------------------------------------------------ flows

interface CreateCaState {
  profile?: ProfileId;
  pathLen?: number;
  root?: vscode.Uri;
  folder?: string;
  keyType?: KeyType;
  commonName?: string;
  days?: number;
  encrypt?: boolean;
  /** Kept only in memory while the flow runs (Back keeps it); never in the summary. */
  passphrase?: string;
}

/** The smallest passphrase accepted for a new CA key (openssl's own minimum is 4; this guards typos, the KDF guards guessing). */
const MIN_PASSPHRASE = 8;

async function createCaFlow(ctx: FlowContext): Promise<Prepared> {
  const s = (ctx.state ??= { ...(ctx.args.profile !== undefined ? { profile: ctx.args.profile } : {}) }) as CreateCaState;
  if (s.profile !== undefined && !isProfileId(s.profile)) throw new Error(l10n.t('unknown profile {0}: use {1}', JSON.stringify(s.profile), profileIds.join(', ')));
  if (!ctx.interactive && s.profile === undefined) throw new Error(l10n.t('the argument "profile" is required ({0})', profileIds.join(', ')));
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folderGiven = ctx.args.dir !== undefined || ctx.raw instanceof vscode.Uri;
  if (!folderGiven && !ctx.interactive) throw new Error(l10n.t('the argument "{0}" is required', 'dir'));
  if (!folderGiven && !folders.length) throw new Error(vscode.l10n.t('Open a folder first: Certwright writes certificates into the workspace.'));
  await ask<CreateCaState>(
    ctx,
    [
      profileStep(ctx),
      {
        when: () => !folderGiven && folders.length > 1,
        ask: async (w, st) => {
          const items = folders.map((f) => ({ label: f.name, description: display(f.uri), uri: f.uri }));
          st.root = (await w.pickOne(items, { placeholder: l10n.t('Workspace folder'), active: items.find((i) => i.uri.toString() === st.root?.toString()) })).uri;
        },
      },
      {
        when: () => !folderGiven,
        ask: async (w, st) => {
          const profile = clientProfiles[st.profile!];
          st.folder = await w.input({
            prompt: l10n.t('Folder for the {0} files, relative to the workspace folder (the CA key goes into its {1}/ subfolder, mode 0700)', profile.title, (await ctx.layout(profile.id)).caDir),
            value: st.folder ?? profile.suggestedFolder,
            validate: relativeFolderProblem,
          });
        },
      },
      keyTypeStep<CreateCaState>(ctx, () => 'p256'),
      {
        when: () => ctx.args.commonName === undefined,
        ask: async (w, st) => {
          st.commonName = await w.input({ prompt: l10n.t('CA common name (CN)'), value: st.commonName ?? defaultCaName(st.profile!), validate: dnValueProblem });
        },
      },
      daysStep<CreateCaState>(ctx, l10n.t('CA validity in days'), 3650),
      {
        // DM and PostgreSQL CAs sign leaves only by default (pathlen 0); a root for intermediates needs more.
        when: (st) => ctx.args.pathLen === undefined && (st.profile === 'dm' || st.profile === 'postgres'),
        ask: async (w, st) => {
          const items = [
            { label: l10n.t('Leaf certificates only'), description: 'pathlen 0', detail: l10n.t('Servers and clients are issued by this CA directly.'), pathLen: 0 },
            { label: l10n.t('Also intermediate CAs'), description: 'pathlen 1', detail: l10n.t('A root whose key stays offline: "Create Intermediate CA…" makes the CA that issues the certificates.'), pathLen: 1 },
          ];
          st.pathLen = (await w.pickOne(items, { placeholder: l10n.t('What will this CA sign?'), active: items.find((i) => i.pathLen === (st.pathLen ?? 0)) })).pathLen;
        },
      },
      {
        when: () => ctx.args.encryptKey === undefined,
        ask: async (w, st) => {
          const items = [
            { label: l10n.t('No passphrase'), detail: l10n.t('The key file is mode 0600 in a 0700 folder: whoever can read it can sign certificates.'), encrypt: false },
            { label: l10n.t('$(lock) Encrypt with a passphrase'), detail: l10n.t('PKCS#8, AES-256-CBC, PBKDF2-HMAC-SHA256 × 600,000 (openssl reads it with -passin). Every operation asks for it unless you let VS Code remember it.'), encrypt: true },
          ];
          st.encrypt = (await w.pickOne(items, { placeholder: l10n.t('Protect the CA key?'), active: items.find((i) => i.encrypt === (st.encrypt ?? false)) })).encrypt;
          if (!st.encrypt) st.passphrase = undefined;
        },
      },
      {
        when: (st) => st.encrypt === true && ctx.args.passphrase === undefined,
        followUp: true,
        ask: async (w, st) => {
          st.passphrase = await askNewPassphrase(w, l10n.t('Passphrase for the new CA key (at least {0} characters; not logged, not stored unless you ask)', MIN_PASSPHRASE), MIN_PASSPHRASE);
        },
      },
    ],
    s,
  );
  const profileId = s.profile!;
  const profile = clientProfiles[profileId];
  const dir = ctx.args.dir !== undefined ? resolveDir(ctx.args.dir) : ctx.raw instanceof vscode.Uri ? ctx.raw : joinFolder(s.root ?? folders[0]!.uri, s.folder ?? profile.suggestedFolder);
  // As `certwright ca create` refuses it: a second CA is never written beside an adopted one.
  if ((await storedLayoutText(dir)) !== undefined) throw new Error(l10n.t('{0} holds an adopted CA ({1}): a new CA is not written beside it. Choose another folder.', display(dir), LAYOUT_FILE));
  if (ctx.interactive && !ctx.resume && (await exists(at(dir, (await ctx.layout(profileId)).caKey)))) {
    const proceed = l10n.t('Continue');
    const go = await vscode.window.showWarningMessage(
      l10n.t('{0} already has a {1} CA key.', display(dir), profile.title),
      { modal: true, detail: l10n.t('A new CA invalidates every certificate the old one issued. The summary lists every file before anything is written.') },
      proceed,
    );
    if (go !== proceed) throw new Cancelled();
  }
  const keyType = ctx.args.keyType ?? s.keyType ?? (ctx.interactive ? 'p256' : undefined);
  if (keyType !== undefined && !isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
  const commonName = ctx.args.commonName ?? s.commonName;
  const days = ctx.args.days ?? s.days ?? 3650;
  const pathLen = ctx.args.pathLen ?? s.pathLen;
  const encrypt = ctx.args.encryptKey ?? s.encrypt ?? false;
  const keyPassphrase = encrypt ? (ctx.args.passphrase ?? s.passphrase) : undefined;
  if (encrypt && !keyPassphrase) throw new Error(l10n.t('the argument "passphrase" is required with "encryptKey"'));
  return {
    profile: profileId,
    dir,
    progress: progressTitle(l10n.t('Creating the CA'), keyType),
    choices: [
      [l10n.t('System'), profile.title],
      [l10n.t('Folder'), display(dir)],
      [l10n.t('Key'), keyType ? keyTypeTitles[keyType] : l10n.t('the profile default')],
      [l10n.t('Common name'), commonName ?? defaultCaName(profileId)],
      [l10n.t('Validity'), l10n.t('{0} days', days)],
      ...(pathLen !== undefined ? [[l10n.t('May sign'), pathLen > 0 ? l10n.t('leaf certificates and intermediate CAs (pathlen {0})', pathLen) : l10n.t('leaf certificates only (pathlen 0)')] as const] : []),
      [l10n.t('Key protection'), keyPassphrase ? l10n.t('encrypted with a passphrase (PBES2, AES-256)') : l10n.t('none (file mode 0600)')],
    ],
    operation: {
      kind: 'createCa',
      profile: profileId,
      ...(pathLen !== undefined ? { pathLen } : {}),
      ...(keyType ? { keyType } : {}),
      ...(commonName ? { commonName } : {}),
      ...(ctx.args.organization ? { organization: ctx.args.organization } : {}),
      days,
      ...(keyPassphrase ? { keyPassphrase } : {}),
    },
  };
}

function joinFolder(root: vscode.Uri, rel: string): vscode.Uri {
  const segments = rel.split('/').filter((x) => x && x !== '.');
  return segments.length ? vscode.Uri.joinPath(root, ...segments) : root;
}

function defaultCaName(profile: ProfileId): string {
  return { cockroach: 'Cockroach CA', dm: 'DM CA', postgres: 'PostgreSQL Root CA', generic: 'Certwright CA' }[profile];
}

interface NodeState extends CaState {
  name?: string;
  sans?: string[];
  commonName?: string;
  keyType?: KeyType;
  days?: number;
}

async function issueNodeFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as NodeState;
  const profileOf = (st: NodeState): ClientProfile => clientProfiles[st.profile!];
  await ask<NodeState>(
    ctx,
    withCaAll<NodeState>(ctx, [
      caStep(candidates),
      {
        when: () => ctx.args.name === undefined,
        ask: async (w, st) => {
          const profile = profileOf(st);
          if (profile.nodeNames.length) {
            const items = profile.nodeNames.map((n) => ({ label: n }));
            st.name = (await w.pickOne(items, { placeholder: profile.nodeNamePrompt, active: items.find((i) => i.label === st.name) })).label;
          } else {
            const v = await w.input({ prompt: profile.nodeNamePrompt, value: st.name ?? (profile.id === 'cockroach' ? '' : 'server'), validate: (x) => (x === '' ? undefined : fileNameProblem(x)) });
            st.name = v === '' ? undefined : v;
          }
        },
      },
      {
        when: () => ctx.args.sans === undefined,
        ask: async (w, st) => {
          st.sans = await askSans(w, st.name, st.sans);
        },
      },
      {
        when: () => ctx.args.commonName === undefined,
        ask: async (w, st) => {
          const profile = profileOf(st);
          const fallback = profile.id === 'cockroach' ? 'node' : profile.id === 'dm' ? 'dm' : (st.sans ?? []).find((x) => !/^[\d:[]/.test(x)) ?? st.name ?? 'server';
          const hint =
            profile.id === 'cockroach'
              ? l10n.t('CockroachDB expects the principal "node" (CN=node) unless you map names with --cert-principal-map')
              : profile.id === 'dm'
                ? l10n.t("Every DM component's CN must be in its peers' cert-allowed-cn lists (DM's docs: \"dm\" everywhere)")
                : l10n.t('Clients match SANs, not the CN; the CN is informational');
          st.commonName = await w.input({ prompt: l10n.t('Common name (CN). {0}', hint), value: st.commonName ?? fallback, validate: dnValueProblem });
        },
      },
      keyTypeStep<NodeState>(ctx, (st) => (st.material ? keyTypeOfCertificate(st.material.certPem) : undefined)),
      daysStep<NodeState>(ctx, l10n.t('Validity in days (a certificate cannot outlive its CA: if this ends after the CA, you choose what to do)'), 825),
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  const name = ctx.args.name ?? s.name;
  if (name !== undefined) {
    const problem = fileNameProblem(name);
    if (problem) throw new Error(l10n.t('node name {0}: {1}', JSON.stringify(name), problem));
  }
  const sans = ctx.args.sans ?? s.sans;
  if (!sans) throw new Error(l10n.t('the argument "sans" is required: the DNS names and IP addresses clients use to reach the node'));
  const sanError = sanProblem(sans.join(','));
  if (sanError) throw new Error(sanError);
  const commonName = ctx.args.commonName ?? s.commonName;
  const keyType = ctx.args.keyType ?? s.keyType;
  if (keyType !== undefined && !isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
  const days = ctx.args.days ?? s.days;
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: progressTitle(l10n.t('Issuing the node certificate'), keyType),
    choices: [
      [l10n.t('CA'), `${display(dir)} (${profile.title})`],
      ...(name !== undefined ? [[l10n.t('Name'), name] as const] : []),
      [l10n.t('SANs'), sans.join(', ')],
      ...(commonName !== undefined ? [[l10n.t('Common name'), commonName] as const] : []),
      [l10n.t('Key'), keyType ? keyTypeTitles[keyType] : l10n.t('the profile default')],
      ...(days !== undefined ? [[l10n.t('Validity'), l10n.t('{0} days', days)] as const] : []),
    ],
    operation: {
      kind: 'issueNode',
      profile: profile.id,
      sans,
      ...(name !== undefined ? { name } : {}),
      ...(commonName !== undefined ? { commonName } : {}),
      ...(keyType ? { keyType } : {}),
      ...(days !== undefined ? { days } : {}),
    },
  };
}

function withCaAll<S extends CaState>(ctx: FlowContext, steps: ReadonlyArray<WizardStep<S>>): WizardStep<S>[] {
  return steps.map((step) => withCa(ctx, step));
}

/** A step that needs the chosen CA's material (its key type, its users) reads it first. */
function withCa<S extends CaState>(ctx: FlowContext, step: WizardStep<S>): WizardStep<S> {
  return { ...step, ask: async (w, s) => {
    if (s.ca) await caOf(ctx, s);
    await step.ask(w, s);
  } };
}

async function askSans(w: WizardPage, name: string | undefined, previous: readonly string[] | undefined): Promise<string[]> {
  const offered = [...new Set(['localhost', '127.0.0.1', '::1', ...(name && !['master', 'worker', 'server'].includes(name) ? [name] : []), ...(previous ?? [])])];
  const more = { label: l10n.t('$(add) More names or addresses…'), description: l10n.t('type them next'), more: true };
  const items = [...offered.map((x) => ({ label: x, description: x === 'localhost' ? 'DNS' : x.includes(':') || /^\d/.test(x) ? 'IP' : 'DNS' })), more];
  const selected = items.filter((i) => !('more' in i) && (previous ? previous.includes(i.label) : i.label !== '::1'));
  const picks = await w.pick(items, { placeholder: l10n.t('Subject alternative names: every DNS name and IP address clients use to reach this node'), canPickMany: true, selected });
  const sans = picks.filter((p) => !('more' in p)).map((p) => p.label);
  if (picks.some((p) => 'more' in p) || !sans.length) {
    const typed = await w.input({
      prompt: l10n.t('More DNS names / IP addresses, separated by commas or spaces (e.g. node1.example.com, 10.0.0.5)'),
      validate: (v) => (v.trim() === '' && sans.length ? undefined : sanProblem(v)),
    });
    sans.push(...splitSans(typed));
  }
  return sans;
}

interface ClientState extends CaState {
  user?: string;
  name?: string;
  keyType?: KeyType;
  days?: number;
}

/** Users that already have a client certificate from this CA (CNs of its valid index.txt entries). */
function existingUsers(material: CaMaterial | undefined): Set<string> {
  const out = new Set<string>();
  for (const l of parseIndexLines(material?.index)) {
    const cn = /(?:^|\/)CN=([^/]*)/.exec(l.subject)?.[1];
    if (l.status === 'V' && cn) out.add(cn);
  }
  return out;
}

/** The profile's usual user unless it already has a certificate; then app, app2, app3… */
export function freshUser(preferred: string, taken: ReadonlySet<string>): string {
  if (!taken.has(preferred)) return preferred;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? 'app' : `app${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

async function issueClientFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as ClientState;
  await ask<ClientState>(
    ctx,
    withCaAll<ClientState>(ctx, [
      caStep(candidates),
      {
        when: () => ctx.args.user === undefined,
        ask: async (w, st) => {
          const profile = clientProfiles[st.profile!];
          const taken = existingUsers(st.material);
          st.user = await w.input({
            prompt: profile.userPrompt,
            value: st.user ?? freshUser(profile.defaultUser, taken),
            validate: (v) => dnValueProblem(v) ?? (profile.id === 'cockroach' ? fileNameProblem(v) : undefined) ?? (taken.has(v) ? l10n.t('{0} already has a client certificate from this CA (renew it instead, or choose another user).', v) : undefined),
          });
        },
      },
      {
        when: (st) => ctx.args.name === undefined && st.profile === 'postgres',
        ask: async (w, st) => {
          const items = [
            { label: 'client', description: 'client.crt / client.key', detail: l10n.t('pass them to libpq with sslcert= / sslkey=') },
            { label: 'postgresql', description: 'postgresql.crt / postgresql.key', detail: l10n.t("libpq's default names: copy them to ~/.postgresql/ and no sslcert/sslkey is needed") },
          ];
          st.name = (await w.pickOne(items, { placeholder: l10n.t('File names'), active: items.find((i) => i.label === st.name) })).label;
        },
      },
      keyTypeStep<ClientState>(ctx, (st) => (st.material ? keyTypeOfCertificate(st.material.certPem) : undefined)),
      daysStep<ClientState>(ctx, l10n.t('Validity in days (a certificate cannot outlive its CA: if this ends after the CA, you choose what to do)'), 825),
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  const user = ctx.args.user ?? s.user;
  if (user !== undefined) {
    const problem = dnValueProblem(user);
    if (problem) throw new Error(l10n.t('user {0}: {1}', JSON.stringify(user), problem));
  }
  const name = ctx.args.name ?? s.name;
  const keyType = ctx.args.keyType ?? s.keyType;
  if (keyType !== undefined && !isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
  const days = ctx.args.days ?? s.days;
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: progressTitle(l10n.t('Issuing the client certificate'), keyType),
    choices: [
      [l10n.t('CA'), `${display(dir)} (${profile.title})`],
      ...(user !== undefined ? [[l10n.t('User'), user] as const] : []),
      ...(name !== undefined ? [[l10n.t('File names'), name] as const] : []),
      [l10n.t('Key'), keyType ? keyTypeTitles[keyType] : l10n.t('the profile default')],
      ...(days !== undefined ? [[l10n.t('Validity'), l10n.t('{0} days', days)] as const] : []),
    ],
    operation: {
      kind: 'issueClient',
      profile: profile.id,
      ...(user !== undefined ? { user } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(ctx.args.sans?.length ? { sans: ctx.args.sans } : {}),
      ...(keyType ? { keyType } : {}),
      ...(days !== undefined ? { days } : {}),
    },
  };
}

interface IndexLine {
  readonly status: string;
  readonly expiry: string;
  readonly serial: string;
  readonly subject: string;
}

function parseIndexLines(text: string | undefined): IndexLine[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length === 6)
    .map((f) => ({ status: f[0]!, expiry: f[1]!, serial: f[3]!, subject: f[5]! }));
}

const reasons = ['unspecified', 'keyCompromise', 'CACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold'];

/**
 * The certificate a revoke or renew names without asking: the `cert` argument,
 * or the file the command was started on from the explorer. Undefined means
 * "ask"; without prompts that is an error.
 */
async function givenCertificate(ctx: FlowContext, dir: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (ctx.args.cert !== undefined) return resolveInside(dir, ctx.args.cert);
  if (ctx.raw instanceof vscode.Uri && ((await vscode.workspace.fs.stat(ctx.raw)).type & vscode.FileType.Directory) === 0) return ctx.raw;
  if (!ctx.interactive) throw new Error(l10n.t('the argument "{0}" is required', 'cert'));
  return undefined;
}

interface RevokeState extends CaState {
  given?: vscode.Uri | null;
  cert?: vscode.Uri;
  certLabel?: string;
  reason?: string;
}

async function revokeFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as RevokeState;
  await ask<RevokeState>(
    ctx,
    withCaAll<RevokeState>(ctx, [
      caStep(candidates),
      {
        when: (st) => st.given === null || st.given === undefined,
        ask: async (w, st) => {
          const { dir, material } = await caOf(ctx, st);
          st.given ??= (await givenCertificate(ctx, dir)) ?? null;
          if (st.given) return;
          const valid = parseIndexLines(material.index).filter((l) => l.status === 'V');
          if (!valid.length) throw new Error(vscode.l10n.t('the CA in {0} has no valid certificates to revoke', display(dir)));
          const items = valid.map((l) => ({ label: formatOnelineDn(l.subject), description: l10n.t('serial {0}', l.serial), detail: l10n.t('expires {0}', expiryText(l.expiry)), line: l }));
          const item = await w.pickOne(items, { placeholder: l10n.t('Certificate to revoke (from the CA database, index.txt)'), active: items.find((i) => i.label === st.certLabel) });
          st.cert = at(dir, `${(await ctx.layout(st.profile!, dir)).newCertsDir}/${item.line.serial}.pem`);
          st.certLabel = item.label;
        },
      },
      {
        when: () => ctx.args.reason === undefined,
        ask: async (w, st) => {
          const items = reasons.map((r) => ({ label: r }));
          st.reason = (await w.pickOne(items, { placeholder: l10n.t('Revocation reason (goes into index.txt and the CRL)'), active: items.find((i) => i.label === st.reason) })).label;
        },
      },
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  if (s.given === undefined) s.given = (await givenCertificate(ctx, dir)) ?? null;
  const certUri = s.given ?? s.cert;
  if (!certUri) throw new Error(l10n.t('the argument "{0}" is required', 'cert'));
  const certPem = await readText(certUri);
  if (!certPem) throw new Error(vscode.l10n.t('cannot read the certificate {0}', display(certUri)));
  const reason = ctx.args.reason ?? s.reason;
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: l10n.t('Revoking and publishing the CRL…'),
    choices: [
      [l10n.t('CA'), `${display(dir)} (${profile.title})`],
      [l10n.t('Certificate'), s.certLabel ?? display(certUri)],
      [l10n.t('Reason'), reason ?? 'unspecified'],
    ],
    operation: {
      kind: 'revoke',
      profile: profile.id,
      certPem,
      ...(reason && reason !== 'unspecified' ? { reason } : {}),
      ...(ctx.args.crlDays !== undefined ? { crlDays: ctx.args.crlDays } : {}),
    },
  };
}

/** An index.txt expiry (ASN.1 time, `290309234729Z`) in the one date format. */
function expiryText(asn1: string): string {
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(asn1);
  if (!m) return asn1;
  const y = m[1]!.length === 2 ? Number(m[1]) + (Number(m[1]) < 50 ? 2000 : 1900) : Number(m[1]);
  return formatInstant(new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))));
}

interface CrlState extends CaState {
  crlDays?: number | null;
}

/** The CRL's validity, asked unless the command gave it. */
function crlDaysStep<S extends CrlState>(ctx: FlowContext): WizardStep<S> {
  return {
    when: () => ctx.args.crlDays === undefined && ctx.args.days === undefined,
    ask: async (w, st) => {
      const v = await w.input({
        prompt: l10n.t("CRL validity in days; empty = the profile's default (PostgreSQL and generic 180, CockroachDB and DM 365). Publish again before it runs out: PostgreSQL rejects every client once the CRL expires"),
        value: st.crlDays ? String(st.crlDays) : '',
        validate: (x) => (x === '' ? undefined : daysProblem(x)),
      });
      st.crlDays = v === '' ? null : Number(v);
    },
  };
}

/** The CRL's validity the user chose (or the command was given), as the operation takes it and as the summary shows it. */
function crlValidity(ctx: FlowContext, s: CrlState): { days: { crlDays?: number }; choice: [string, string] } {
  const crlDays = ctx.args.crlDays ?? ctx.args.days ?? s.crlDays ?? undefined;
  return { days: crlDays !== undefined ? { crlDays } : {}, choice: [l10n.t('CRL validity'), crlDays !== undefined ? l10n.t('{0} days', crlDays) : l10n.t('the profile default')] };
}

async function publishCrlFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as CrlState;
  await ask<CrlState>(ctx, withCaAll<CrlState>(ctx, [caStep(candidates), crlDaysStep(ctx)]), s);
  const { profile, dir, material } = await caOf(ctx, s);
  const validity = crlValidity(ctx, s);
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: l10n.t('Publishing the CRL…'),
    choices: [[l10n.t('CA'), `${display(dir)} (${profile.title})`], validity.choice],
    operation: { kind: 'publishCrl', profile: profile.id, ...validity.days },
  };
}

/** The key file that goes with a certificate file: by the CA's layout (an adopted easy-rsa keeps it in pki/private/), else beside it. */
function keyPathFor(certPath: string, layout?: IssueLayoutResult): string {
  return (layout && keyOfCertificate(layout, certPath)) ?? defaultKeyPath(certPath);
}

interface RenewState extends CaState {
  given?: vscode.Uri | null;
  cert?: vscode.Uri;
  newKey?: boolean;
  keyType?: KeyType;
  days?: number;
  /** Passphrases typed for the certificate's encrypted exports, by export path. */
  exportPassphrases?: Record<string, string>;
}

/** The encrypted exports (`certwright export`) of a certificate, from the CA's exports.json: a renewal needs their passphrases. */
function encryptedExports(material: CaMaterial | undefined, certPath: string): string[] {
  try {
    const list = (JSON.parse(material?.exports ?? '{}') as { exports?: Array<{ cert?: unknown; out?: unknown; encrypted?: unknown }> }).exports ?? [];
    return list.filter((r) => r.cert === certPath && r.encrypted === true && typeof r.out === 'string').map((r) => r.out as string);
  } catch {
    return []; // the server reports a damaged exports.json
  }
}

async function renewFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as RenewState;
  const isCaCert = async (st: RenewState, uri: vscode.Uri | undefined): Promise<boolean> => !!uri && relativeTo(st.ca!.dir, uri) === (await ctx.layout(st.profile!, st.ca!.dir)).caCert;
  let caCertChosen = false;
  await ask<RenewState>(
    ctx,
    withCaAll<RenewState>(ctx, [
      caStep(candidates),
      {
        when: (st) => st.given === null || st.given === undefined,
        ask: async (w, st) => {
          const dir = st.ca!.dir;
          st.given ??= (await givenCertificate(ctx, dir)) ?? null;
          if (st.given) {
            caCertChosen = await isCaCert(st, st.given);
            return;
          }
          const l = await ctx.layout(st.profile!, dir);
          const pattern = new vscode.RelativePattern(dir, '**/*.{crt,pem}');
          const files = (await vscode.workspace.findFiles(pattern, `**/{${l.caDir}/**,node_modules/**}`, 500)).filter((u) => {
            const rel = relativeTo(dir, u);
            return rel === l.caCert || (!rel.endsWith('/ca.crt') && !rel.startsWith(`${l.caDir}/`));
          });
          if (!files.length) throw new Error(vscode.l10n.t('no certificates to renew below {0}', display(dir)));
          const items = files.map((u) => ({ label: relativeTo(dir, u), uri: u, ...(relativeTo(dir, u) === l.caCert ? { description: l10n.t('the CA certificate: renewed as a CA, same key, everything it issued keeps verifying') } : {}) }));
          st.cert = (await w.pickOne(items, { placeholder: l10n.t('Certificate to renew (it is replaced; the old one stays valid until it expires or is revoked)'), active: items.find((i) => i.uri.toString() === st.cert?.toString()) })).uri;
          caCertChosen = await isCaCert(st, st.cert);
        },
      },
      {
        when: () => ctx.args.newKey === undefined && !caCertChosen,
        ask: async (w, st) => {
          const certPath = relativeTo(st.ca!.dir, (st.given ?? st.cert)!);
          const keyPath = ctx.args.key !== undefined ? String(ctx.args.key) : keyPathFor(certPath);
          const items = [
            { label: l10n.t('Keep the key'), description: keyPath, fresh: false },
            { label: l10n.t('New key'), description: l10n.t('replaces {0}', keyPath), detail: l10n.t('Do this when the key may have leaked (and revoke the old certificate).'), fresh: true },
          ];
          st.newKey = (await w.pickOne(items, { placeholder: l10n.t('Key'), active: items.find((i) => i.fresh === st.newKey) })).fresh;
        },
      },
      withCa(ctx, keyTypeStep<RenewState>(ctx, (st) => (st.material ? keyTypeOfCertificate(st.material.certPem) : undefined), (st) => st.newKey === true || ctx.args.newKey === true)),
      {
        when: () => ctx.args.days === undefined,
        ask: async (w, st) => {
          const prompt = caCertChosen ? l10n.t('CA validity in days (same key: every certificate it issued keeps verifying)') : l10n.t('Validity in days (a certificate cannot outlive its CA: if this ends after the CA, you choose what to do)');
          st.days = Number(await w.input({ prompt, value: String(st.days ?? (caCertChosen ? 3650 : 825)), validate: daysProblem }));
        },
      },
      {
        when: (st) => ctx.args.exportPassphrases === undefined && !caCertChosen && encryptedExports(st.material, relativeTo(st.ca!.dir, (st.given ?? st.cert)!)).length > 0,
        ask: async (w, st) => {
          const found: Record<string, string> = {};
          for (const out of encryptedExports(st.material, relativeTo(st.ca!.dir, (st.given ?? st.cert)!))) {
            const typed = await w.input({ prompt: l10n.t('Passphrase of {0}: it is written again with the renewed certificate (leave empty to keep it as it is, marked stale)', out), password: true });
            if (typed) found[out] = typed;
          }
          st.exportPassphrases = found;
        },
      },
    ]),
    s,
  );
  const { profile, dir, material: ca } = await caOf(ctx, s);
  if (s.given === undefined) s.given = (await givenCertificate(ctx, dir)) ?? null;
  const certUri = s.given ?? s.cert;
  if (!certUri) throw new Error(l10n.t('the argument "{0}" is required', 'cert'));
  const certPath = relativeTo(dir, certUri);
  const layout = await ctx.layout(profile.id, dir);
  const caCert = certPath === layout.caCert;
  const keyUri = ctx.args.key !== undefined ? resolveInside(dir, ctx.args.key) : vscode.Uri.joinPath(dir, ...(caCert ? layout.caKey : keyPathFor(certPath, layout)).split('/'));
  const keyPath = relativeTo(dir, keyUri);
  const certPem = await readText(certUri);
  if (!certPem) throw new Error(vscode.l10n.t('cannot read {0}', display(certUri)));
  if (caCert && isIntermediate(certPem)) throw new Error(l10n.t('{0} is an intermediate CA: its parent renews it (same key). Run "Certwright: Renew Intermediate CA…".', display(certUri)));
  const caCopies = caCert ? await caCertificateCopies(dir, profile.id, layout, certPem) : [];
  const newKey = caCert ? false : (ctx.args.newKey ?? s.newKey);
  // Read for a new key too: the key it replaces is kept aside, never overwritten.
  const keyPem = await readText(keyUri);
  if (!newKey && !keyPem) throw new Error(vscode.l10n.t('cannot read the key {0}; choose "New key" or pass "key"', keyPath));
  const keyType = newKey ? (ctx.args.keyType ?? s.keyType) : undefined;
  const days = ctx.args.days ?? s.days ?? (caCert ? 3650 : undefined);
  // Revoked certificates of this CA (their copies in newcerts/): the server refuses to re-certify their keys.
  const revokedPems: string[] = [];
  for (const l of parseIndexLines(ca.index).filter((x) => x.status === 'R')) {
    const pem = await readText(at(dir, `${layout.newCertsDir}/${l.serial}.pem`));
    if (pem) revokedPems.push(pem);
  }
  // An easy-rsa leaf: what an earlier renewal left in pki/renewed/issued/ (the server refuses a second one, as easyrsa renew does).
  const renewedCopy = caCert ? undefined : renewedCopyOf(layout, certPath);
  const renewedPem = renewedCopy ? await readText(at(dir, renewedCopy.path)) : undefined;
  return {
    profile: profile.id,
    dir,
    ca,
    progress: progressTitle(l10n.t('Renewing the certificate'), keyType),
    choices: [
      [l10n.t('CA'), `${display(dir)} (${profile.title})`],
      [l10n.t('Certificate'), certPath],
      [l10n.t('Key'), newKey ? l10n.t('new {0} key', keyType ? keyTypeTitles[keyType] : '') : l10n.t('kept ({0})', keyPath)],
      ...(days !== undefined ? [[l10n.t('Validity'), l10n.t('{0} days', days)] as const] : []),
    ],
    operation: {
      kind: 'renew',
      profile: profile.id,
      certPath,
      certPem,
      keyPath,
      ...(keyPem !== undefined ? { keyPem } : {}),
      newKey: Boolean(newKey),
      ...(keyType ? { keyType } : {}),
      ...(days !== undefined ? { days } : {}),
      ...(ctx.args.sans?.length ? { sans: ctx.args.sans } : {}),
      ...(revokedPems.length ? { revokedPems } : {}),
      ...(renewedPem ? { renewedPem } : {}),
      ...(caCopies.length ? { caCopies } : {}),
      ...((ctx.args.exportPassphrases ?? s.exportPassphrases) ? { exportPassphrases: ctx.args.exportPassphrases ?? s.exportPassphrases } : {}),
    },
  };
}

// ------------------------------------------------------------------ export

type ExportChoice = 'p12' | 'p12legacy' | 'pk8' | 'chain';

interface ExportState extends CaState {
  given?: vscode.Uri | null;
  cert?: vscode.Uri;
  format?: ExportChoice;
  passphrase?: string;
  /** pk8: encrypt it (pgJDBC's sslpassword). */
  encrypt?: boolean;
  withRoot?: boolean;
  out?: string;
}

/** The export's file name beside the certificate, as the CLI names it. */
function defaultExportPath(certPath: string, format: 'p12' | 'pk8' | 'chain'): string {
  const stem = certPath.replace(/(-cert)?\.(crt|pem|cer)$/, '');
  return format === 'p12' ? `${stem}.p12` : format === 'pk8' ? `${stem}.pk8` : `${stem}-chain.pem`;
}

/** The CA's leaf certificates below its folder (not the CA's own files). */
async function leafCertificates(ctx: FlowContext, profile: ProfileId, dir: vscode.Uri): Promise<vscode.Uri[]> {
  const l = await ctx.layout(profile, dir);
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(dir, '**/*.{crt,pem}'), `**/{${l.caDir}/**,node_modules/**}`, 500);
  return files.filter((u) => {
    const rel = relativeTo(dir, u);
    return rel !== l.caCert && !rel.endsWith('/ca.crt') && !/-chain\.pem$/.test(rel) && !rel.startsWith(`${l.caDir}/`);
  });
}

async function exportFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as ExportState;
  const formatOf = (st: ExportState): ExportChoice | undefined => (ctx.args.format ? (ctx.args.format === 'p12' && ctx.args.legacy ? 'p12legacy' : ctx.args.format) : st.format);
  const isP12 = (st: ExportState): boolean => formatOf(st) === 'p12' || formatOf(st) === 'p12legacy';
  await ask<ExportState>(
    ctx,
    withCaAll<ExportState>(ctx, [
      caStep(candidates),
      {
        when: (st) => st.given === null || st.given === undefined,
        ask: async (w, st) => {
          const dir = st.ca!.dir;
          st.given ??= (await givenCertificate(ctx, dir)) ?? null;
          if (st.given) return;
          const files = await leafCertificates(ctx, st.profile!, dir);
          if (!files.length) throw new Error(l10n.t('no certificates to export below {0}', display(dir)));
          const items = files.map((u) => ({ label: relativeTo(dir, u), uri: u }));
          st.cert = (await w.pickOne(items, { placeholder: l10n.t('Certificate to export'), active: items.find((i) => i.uri.toString() === st.cert?.toString()) })).uri;
        },
      },
      {
        when: () => ctx.args.format === undefined,
        ask: async (w, st) => {
          const items: Array<vscode.QuickPickItem & { f: ExportChoice }> = [
            { label: l10n.t('PKCS#12 bundle (.p12)'), description: l10n.t('modern: AES-256-CBC, PBKDF2-HMAC-SHA256, 600,000 rounds'), detail: l10n.t('Certificate, key and chain for Java keystores (keytool, javax.net.ssl.keyStore, Java 8u301 and later), Kafka and Elasticsearch clients, browsers.'), f: 'p12' },
            { label: l10n.t('$(warning) PKCS#12 bundle, LEGACY (.p12)'), description: l10n.t('3-DES and a SHA-1 MAC, 2048 rounds'), detail: l10n.t('Only for readers that refuse the modern one (Java before 8u301, older Windows and macOS): weak against passphrase guessing.'), f: 'p12legacy' },
            { label: l10n.t('PKCS#8 DER key (.pk8)'), description: l10n.t("pgJDBC's sslkey"), detail: l10n.t('The key alone, in the binary form the PostgreSQL JDBC driver reads; optionally encrypted (sslpassword).'), f: 'pk8' },
            { label: l10n.t('Chain file (-chain.pem)'), description: l10n.t('the certificate and its intermediates'), detail: l10n.t("What a TLS peer sends: PostgreSQL's ssl_cert_file, libpq's sslcert; optionally with the root."), f: 'chain' },
          ];
          st.format = (await w.pickOne(items, { placeholder: l10n.t('Export as'), active: items.find((i) => i.f === st.format) })).f;
        },
      },
      {
        when: (st) => formatOf(st) === 'pk8' && ctx.args.exportPassphrase === undefined,
        ask: async (w, st) => {
          const items = [
            { label: l10n.t('Unencrypted'), detail: l10n.t('Mode 0600, like the PEM key it comes from.'), encrypt: false },
            { label: l10n.t('$(lock) Encrypted with a passphrase'), detail: l10n.t("PBES2, AES-256-CBC: give pgJDBC the passphrase as sslpassword."), encrypt: true },
          ];
          st.encrypt = (await w.pickOne(items, { placeholder: l10n.t('Protect the exported key?'), active: items.find((i) => i.encrypt === (st.encrypt ?? false)) })).encrypt;
        },
      },
      {
        when: (st) => (isP12(st) || (formatOf(st) === 'pk8' && st.encrypt === true)) && ctx.args.exportPassphrase === undefined,
        followUp: true,
        ask: async (w, st) => {
          st.passphrase = await askNewPassphrase(w, l10n.t('Passphrase of the export (at least {0} characters; not logged, not stored: a renewal asks for it to write the export again)', MIN_PASSPHRASE), MIN_PASSPHRASE);
        },
      },
      {
        when: (st) => formatOf(st) === 'chain' && ctx.args.withRoot === undefined,
        ask: async (w, st) => {
          const items = [
            { label: l10n.t('Without the root'), detail: l10n.t('What TLS peers send: the root is what the other side trusts already.'), root: false },
            { label: l10n.t('With the root'), detail: l10n.t('For readers that want the whole chain in one file.'), root: true },
          ];
          st.withRoot = (await w.pickOne(items, { placeholder: l10n.t('End the chain with the root certificate?'), active: items.find((i) => i.root === (st.withRoot ?? false)) })).root;
        },
      },
      {
        when: () => ctx.args.out === undefined,
        ask: async (w, st) => {
          const certPath = relativeTo(st.ca!.dir, (st.given ?? st.cert)!);
          const format = formatOf(st)!;
          st.out = await w.input({ prompt: l10n.t('Where to write it, relative to {0} (inside the CA folder, it is written again when the certificate is renewed)', display(st.ca!.dir)), value: st.out ?? defaultExportPath(certPath, format === 'p12legacy' ? 'p12' : format), validate: relativeFolderProblem });
        },
      },
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  if (s.given === undefined) s.given = (await givenCertificate(ctx, dir)) ?? null;
  const certUri = s.given ?? s.cert;
  if (!certUri) throw new Error(l10n.t('the argument "{0}" is required', 'cert'));
  const certPath = relativeTo(dir, certUri);
  const choice = formatOf(s);
  if (!choice) throw new Error(l10n.t('the argument "format" is required (p12, pk8 or chain)'));
  const format = choice === 'p12legacy' ? 'p12' : choice;
  const legacy = choice === 'p12legacy';
  const passphrase = ctx.args.exportPassphrase ?? s.passphrase;
  if (format === 'p12' && !passphrase) throw new Error(l10n.t('a PKCS#12 bundle needs a passphrase: pass "exportPassphrase"'));
  const out = ctx.args.out ?? s.out ?? defaultExportPath(certPath, format);
  const outProblem = relativeFolderProblem(out);
  if (outProblem || !out) throw new Error(l10n.t('export path {0}: {1}', JSON.stringify(out), outProblem ?? l10n.t('empty')));
  const certPem = await readText(certUri);
  if (!certPem) throw new Error(l10n.t('cannot read {0}', display(certUri)));
  const keyPath = format === 'chain' ? undefined : ctx.args.key !== undefined ? relativeTo(dir, resolveInside(dir, ctx.args.key)) : keyPathFor(certPath);
  const keyPem = keyPath !== undefined ? await readText(at(dir, keyPath)) : undefined;
  if (keyPath !== undefined && keyPem === undefined) throw new Error(l10n.t('cannot read the key {0}', keyPath));
  const withRoot = ctx.args.withRoot ?? s.withRoot ?? false;
  const formatTitle = { p12: l10n.t('PKCS#12 bundle (.p12)'), p12legacy: l10n.t('$(warning) PKCS#12 bundle, LEGACY (.p12)'), pk8: l10n.t('PKCS#8 DER key (.pk8)'), chain: l10n.t('Chain file (-chain.pem)') }[choice];
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: l10n.t('Exporting {0}…', certPath),
    choices: [
      [l10n.t('CA'), `${display(dir)} (${profile.title})`],
      [l10n.t('Certificate'), certPath],
      [l10n.t('Format'), formatTitle],
      ...(format !== 'chain' ? [[l10n.t('Key protection'), passphrase ? l10n.t('encrypted with a passphrase (PBES2, AES-256)') : l10n.t('none (file mode 0600)')] as const] : []),
      ...(format === 'chain' ? [[l10n.t('Root'), withRoot ? l10n.t('With the root') : l10n.t('Without the root')] as const] : []),
    ],
    operation: {
      kind: 'export',
      profile: profile.id,
      format,
      certPath,
      certPem,
      ...(keyPath !== undefined && keyPem !== undefined ? { keyPath, keyPem } : {}),
      out,
      ...(passphrase && format !== 'chain' ? { exportPassphrase: passphrase } : {}),
      ...(legacy ? { legacy: true } : {}),
      ...(withRoot && format === 'chain' ? { withRoot: true } : {}),
    },
  };
}

// ------------------------------------------------------------------ intermediate CAs

/** The first certificate of a CA file, or undefined when node:crypto cannot read it. */
function firstCertificate(pem: string | undefined): X509Certificate | undefined {
  try {
    return pem ? new X509Certificate(pem) : undefined;
  } catch {
    return undefined;
  }
}

/** An intermediate: a CA certificate issued by another CA (its parent renews it). */
function isIntermediate(pem: string | undefined): boolean {
  const c = firstCertificate(pem);
  return !!c && c.ca && c.subject !== c.issuer;
}

/** A CA's folder given as an argument (`parent`): its profile as given or found there. */
async function givenCa(ctx: FlowContext, dir: string | vscode.Uri, profile: ProfileId | undefined): Promise<FoundCa> {
  const uri = resolveDir(dir);
  if (profile !== undefined && !isProfileId(profile)) throw new Error(l10n.t('unknown profile {0}: use {1}', JSON.stringify(profile), profileIds.join(', ')));
  const found = profile ?? (await guessProfile(ctx, uri));
  if (!found) throw new Error(l10n.t('no CA found in {0}; pass "parentProfile" or run Create CA first', display(uri)));
  return { profile: found, dir: uri };
}

/** Refused as the CLI refuses it: the parent's key stays in its own folder. */
function refuseSameFolder(child: vscode.Uri, parent: vscode.Uri): void {
  if (child.toString() === parent.toString()) throw new Error(l10n.t("the parent must be another folder than the intermediate's: the root key stays apart from the intermediate"));
}

/**
 * The CA certificate's copies a renewal replaces with it: CockroachDB keeps one per node
 * folder (certs/<node>/ca.crt), the same list `certwright renew` replaces.
 */
async function caCertificateCopies(dir: vscode.Uri, profile: ProfileId, l: IssueLayoutResult, caPem: string): Promise<string[]> {
  if (profile !== 'cockroach') return [];
  const certs = l.caCert.split('/').slice(0, -1).join('/');
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(at(dir, certs));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.Directory) continue;
    const copy = `${certs}/${name}/ca.crt`;
    if ((await readText(at(dir, copy))) === caPem) out.push(copy);
  }
  return out;
}

interface IntermediateState extends CaState {
  /** The intermediate's profile (`profile` is the parent's until the profile page changes it). */
  child?: ProfileId;
  root?: vscode.Uri;
  folder?: string;
  keyType?: KeyType;
  commonName?: string;
  days?: number;
}

/**
 * Create Intermediate CA: a new CA in its own folder, signed by a CA of the workspace
 * whose key never leaves that folder (`certwright ca create --parent`). The new folder's
 * CA file is the intermediate followed by the parent's chain; its CRL file carries a copy
 * of the parent's CRL; the parent's database records the intermediate.
 */
async function createIntermediateFlow(ctx: FlowContext): Promise<Prepared> {
  if (!ctx.interactive) {
    for (const a of ['parent', 'dir', 'profile'] as const) if (ctx.args[a] === undefined) throw new Error(l10n.t('the argument "{0}" is required', a));
  }
  // The parent: given, or picked among the workspace's CAs (from the explorer: the one clicked).
  const parents = ctx.args.parent !== undefined ? [await givenCa(ctx, ctx.args.parent, ctx.args.parentProfile)] : await caCandidates({ ...ctx, args: { ...ctx.args, dir: undefined, profile: undefined } });
  const s = (ctx.state ??= { ca: parents[0], profile: parents[0]!.profile }) as IntermediateState;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const childOf = (st: IntermediateState): ProfileId => ctx.args.profile ?? st.child ?? st.ca!.profile;
  const suggested = (st: IntermediateState): string => `${clientProfiles[childOf(st)].suggestedFolder}-intermediate`;
  await ask<IntermediateState>(
    ctx,
    withCaAll<IntermediateState>(ctx, [
      caStep(parents, l10n.t('Which CA signs the intermediate? (its key stays in its folder: keep that folder offline afterwards)')),
      {
        when: () => ctx.args.profile === undefined,
        ask: async (w, st) => {
          const items = profileIds.map((id) => ({ label: clientProfiles[id].title, detail: clientProfiles[id].detail, id }));
          st.child = (await w.pickOne(items, { placeholder: l10n.t('Which system is the intermediate for? (decides its file names and layout)'), active: items.find((i) => i.id === childOf(st)) })).id;
        },
      },
      {
        when: () => ctx.args.dir === undefined,
        ask: async (w, st) => {
          const parentDir = st.ca!.dir;
          const root = vscode.workspace.getWorkspaceFolder(parentDir)?.uri ?? folders[0]?.uri;
          if (!root) throw new Error(l10n.t('Open a folder first: Certwright writes certificates into the workspace.'));
          st.root = root;
          st.folder = await w.input({
            prompt: l10n.t("Folder for the intermediate CA, relative to the workspace folder (another folder than the parent's: its key goes into that folder's {0}/ subfolder)", (await ctx.layout(childOf(st))).caDir),
            value: st.folder ?? suggested(st),
            validate: (v) => relativeFolderProblem(v) ?? (joinFolder(root, v).toString() === parentDir.toString() ? l10n.t("the parent must be another folder than the intermediate's: the root key stays apart from the intermediate") : undefined),
          });
        },
      },
      keyTypeStep<IntermediateState>(ctx, (st) => (st.material ? keyTypeOfCertificate(st.material.certPem) : undefined)),
      {
        when: () => ctx.args.commonName === undefined,
        ask: async (w, st) => {
          st.commonName = await w.input({ prompt: l10n.t("Intermediate CA common name (CN): another name than its parent's"), value: st.commonName ?? `${defaultCaName(childOf(st))} Intermediate`, validate: dnValueProblem });
        },
      },
      daysStep<IntermediateState>(ctx, l10n.t("Intermediate CA validity in days (it cannot outlive its parent: if this ends after the parent, you choose what to do)"), 1825),
    ]),
    s,
  );
  const { profile: parentProfile, dir: parentDir, material } = await caOf(ctx, s);
  const profileId = childOf(s);
  if (!isProfileId(profileId)) throw new Error(l10n.t('unknown profile {0}: use {1}', JSON.stringify(profileId), profileIds.join(', ')));
  const dir = ctx.args.dir !== undefined ? resolveDir(ctx.args.dir) : joinFolder(s.root ?? folders[0]!.uri, s.folder ?? suggested(s));
  refuseSameFolder(dir, parentDir);
  const keyType = ctx.args.keyType ?? s.keyType;
  if (keyType !== undefined && !isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
  const commonName = ctx.args.commonName ?? s.commonName;
  const days = ctx.args.days ?? s.days ?? 1825;
  return {
    profile: profileId,
    dir,
    parent: { profile: parentProfile.id, dir: parentDir },
    ca: material,
    progress: progressTitle(l10n.t('Creating the intermediate CA'), keyType),
    choices: [
      [l10n.t('Parent CA'), `${display(parentDir)} (${parentProfile.title})`],
      [l10n.t('System'), clientProfiles[profileId].title],
      [l10n.t('Folder'), display(dir)],
      [l10n.t('Key'), keyType ? keyTypeTitles[keyType] : l10n.t('the same kind as the parent')],
      [l10n.t('Common name'), commonName ?? `${defaultCaName(profileId)} Intermediate`],
      [l10n.t('Validity'), l10n.t('{0} days', days)],
    ],
    operation: {
      kind: 'createIntermediate',
      profile: profileId,
      parentProfile: parentProfile.id,
      ...(keyType ? { keyType } : {}),
      ...(commonName ? { commonName } : {}),
      ...(ctx.args.organization ? { organization: ctx.args.organization } : {}),
      days,
    },
  };
}

interface IntermediateState extends CaState {
  /** The CAs of the workspace whose key signed the chosen intermediate, and the one chosen (its parent). */
  parents?: FoundCa[];
  parent?: FoundCa;
}

interface RenewIntermediateState extends IntermediateState {
  days?: number;
}

/**
 * Renew Intermediate CA: its parent certifies the same key again with a new validity
 * (`certwright renew --parent`), so everything the intermediate issued keeps verifying;
 * the intermediate's CA file (and its copies) becomes the new certificate + the parent's
 * chain, and the parent's database records it. The parent is the CA of the workspace
 * whose key signed the intermediate.
 */
/** The CAs a command on an intermediate offers: the workspace's intermediates, or the CA of the folder it was given. */
async function intermediateCandidates(ctx: FlowContext): Promise<FoundCa[]> {
  const candidates = await caCandidates(ctx);
  if (ctx.args.dir !== undefined) return candidates;
  const intermediates: FoundCa[] = [];
  for (const c of candidates) if (isIntermediate(await readText(at(c.dir, (await ctx.layout(c.profile, c.dir)).caCert)))) intermediates.push(c);
  if (!intermediates.length) throw new Error(l10n.t('No intermediate CA found in this workspace: create one with "Certwright: Create Intermediate CA…"'));
  return intermediates;
}

/**
 * Finds the chosen intermediate's possible parents (the `parent` argument, else the CAs of the
 * workspace whose key signed it), keeping the one chosen before; `notFound` says what to do
 * when none is there, given the intermediate's subject and folder.
 */
async function findParentsOf(ctx: FlowContext, st: IntermediateState, notFound: (subject: string, dir: vscode.Uri, caCert: vscode.Uri) => string): Promise<void> {
  if (ctx.args.parent !== undefined) {
    st.parents = [await givenCa(ctx, ctx.args.parent, ctx.args.parentProfile)];
  } else {
    const { material, dir, profile } = await caOf(ctx, st);
    const child = firstCertificate(material.certPem);
    const out: FoundCa[] = [];
    for (const c of await findCas(ctx)) {
      if (c.dir.toString() === dir.toString()) continue;
      const p = firstCertificate(await readText(at(c.dir, (await ctx.layout(c.profile, c.dir)).caCert)));
      if (child && p && child.checkIssued(p) && child.verify(p.publicKey)) out.push(c);
    }
    if (!out.length) throw new Error(notFound(child?.subject.replace(/\n/g, ', ') ?? display(dir), dir, at(dir, (await ctx.layout(profile.id, dir)).caCert)));
    st.parents = out;
  }
  if (!st.parents.some((p) => p.dir.toString() === st.parent?.dir.toString())) st.parent = st.parents[0];
}

/** Several CAs hold the key that signed the intermediate (a renewed root, a copy): the user picks. */
function parentStep<S extends IntermediateState>(placeholder: string): WizardStep<S> {
  return {
    when: (st) => (st.parents?.length ?? 0) > 1,
    ask: async (w, st) => {
      const items = st.parents!.map((c) => ({ label: display(c.dir), description: clientProfiles[c.profile].title, ca: c }));
      st.parent = (await w.pickOne(items, { placeholder, active: items.find((i) => i.ca === st.parent) })).ca;
    },
  };
}

interface ParentCrlState extends IntermediateState, CrlState {}

/**
 * Publish Parent CRL (`certwright crl --dir INT --parent PDIR`): the intermediate publishes
 * its CRL with its parent's current one, which replaces its copy (<caDir>/parent.crl).
 * PostgreSQL and `openssl verify -crl_check_all` check a CRL for every CA of a client's
 * chain, so once the copy lapses they refuse every client. The parent's folder is only read.
 */
async function publishParentCrlFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await intermediateCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as ParentCrlState;
  const findParents = (st: ParentCrlState): Promise<void> =>
    findParentsOf(ctx, st, (subject, dir) => l10n.t("no CA in this workspace issued {0}: open its parent's folder in the workspace, or run `certwright crl --dir {1} --parent PARENT_DIR` where it is", subject, dir.fsPath));
  if (candidates.length === 1 && !s.parents) await findParents(s);
  const chooseCa = caStep<ParentCrlState>(candidates, l10n.t("Which intermediate CA publishes its parent's CRL?"));
  await ask<ParentCrlState>(
    ctx,
    withCaAll<ParentCrlState>(ctx, [
      {
        ...chooseCa,
        ask: async (w, st) => {
          await chooseCa.ask(w, st);
          st.parents = undefined;
          await findParents(st);
        },
      },
      parentStep<ParentCrlState>(l10n.t("Whose CRL is published with it? (the CA whose key signed it)")),
      crlDaysStep<ParentCrlState>(ctx),
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  if (!s.parent) await findParents(s);
  const parent = s.parent!;
  refuseSameFolder(dir, parent.dir);
  const crlFile = at(parent.dir, (await ctx.layout(parent.profile, parent.dir)).crl);
  const parentCrlPem = await readText(crlFile);
  if (parentCrlPem === undefined) throw new Error(l10n.t('the parent CA has no CRL file ({0}): publish it first ("Certwright: Publish CRL" on {1}, or certwright crl --dir {2})', crlFile.fsPath, display(parent.dir), parent.dir.fsPath));
  const validity = crlValidity(ctx, s);
  return {
    profile: profile.id,
    dir,
    ca: material,
    progress: l10n.t('Publishing the CRL…'),
    choices: [[l10n.t('Intermediate CA'), `${display(dir)} (${profile.title})`], [l10n.t("Parent CA's CRL"), display(crlFile)], validity.choice],
    operation: { kind: 'publishCrl', profile: profile.id, parentCrlPem, folders: { dir: dir.fsPath, parentDir: parent.dir.fsPath }, ...validity.days },
  };
}

async function renewIntermediateFlow(ctx: FlowContext): Promise<Prepared> {
  const candidates = await intermediateCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as RenewIntermediateState;
  const findParents = (st: RenewIntermediateState): Promise<void> =>
    findParentsOf(ctx, st, (subject, dir, caCert) => l10n.t("no CA in this workspace issued {0}; its parent renews it (same key): open the parent's folder in the workspace, or run `certwright renew --dir {1} --cert {2} --parent PARENT_DIR` where it is", subject, dir.fsPath, caCert.fsPath));
  if (candidates.length === 1 && !s.parents) await findParents(s);
  const chooseCa = caStep<RenewIntermediateState>(candidates, l10n.t('Which intermediate CA is renewed? (same key: everything it issued keeps verifying)'));
  await ask<RenewIntermediateState>(
    ctx,
    withCaAll<RenewIntermediateState>(ctx, [
      {
        ...chooseCa,
        ask: async (w, st) => {
          await chooseCa.ask(w, st);
          st.parents = undefined;
          await findParents(st);
        },
      },
      parentStep<RenewIntermediateState>(l10n.t('Which CA renews it? (the one whose key signed it)')),
      daysStep<RenewIntermediateState>(ctx, l10n.t('Intermediate CA validity in days (it cannot outlive its parent: if this ends after the parent, you choose what to do)'), 1825),
    ]),
    s,
  );
  const { profile, dir, material } = await caOf(ctx, s);
  if (!s.parent) await findParents(s);
  const parent = s.parent!;
  refuseSameFolder(dir, parent.dir);
  const l = await ctx.layout(profile.id, dir);
  const keyPem = await readText(at(dir, l.caKey));
  if (!keyPem) throw new Error(l10n.t('cannot read the key {0}', l.caKey));
  const parentMaterial = await readCa(ctx, clientProfiles[parent.profile], parent.dir);
  const days = ctx.args.days ?? s.days ?? 1825;
  const caCopies = await caCertificateCopies(dir, profile.id, l, material.certPem);
  // What the intermediate issued (its copies in newcerts/): when they name its serial, the server keeps it.
  const issuedPems: string[] = [];
  for (const line of parseIndexLines(material.index).filter((x) => x.status === 'V')) {
    const pem = await readText(at(dir, `${l.newCertsDir}/${line.serial}.pem`));
    if (pem) issuedPems.push(pem);
  }
  return {
    profile: profile.id,
    dir,
    parent: { profile: parent.profile, dir: parent.dir },
    ca: parentMaterial,
    progress: l10n.t('Renewing the intermediate CA…'),
    choices: [
      [l10n.t('Intermediate CA'), `${display(dir)} (${profile.title})`],
      [l10n.t('Parent CA'), `${display(parent.dir)} (${clientProfiles[parent.profile].title})`],
      [l10n.t('Key'), l10n.t('kept ({0})', l.caKey)],
      [l10n.t('Validity'), l10n.t('{0} days', days)],
    ],
    operation: {
      kind: 'renew',
      profile: profile.id,
      certPath: l.caCert,
      certPem: material.certPem,
      keyPath: l.caKey,
      keyPem,
      newKey: false,
      days,
      parentProfile: parent.profile,
      ...(caCopies.length ? { caCopies } : {}),
      ...(issuedPems.length ? { issuedPems } : {}),
    },
  };
}
