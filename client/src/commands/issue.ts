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
import { PlanCancelled, workspaceStoreFs, type OverwritePolicy } from './issue/writePlan';
import { CaStore, operationFingerprint, protectedFiles, type CommitResult } from '../../../server/src/protocol/caStore';

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

class Cancelled extends Error {}

interface LastRun {
  readonly title: string;
  readonly dir: vscode.Uri;
  readonly commands: readonly string[];
}

const decoder = new TextDecoder();

export function issueCommands(services: Services): CommandTable {
  const log = services.output;
  let last: LastRun | undefined;

  const layouts = new Map<ProfileId, Promise<IssueLayoutResult>>();
  /** Where a profile keeps its files, from the server (cached for the session). */
  const layout = (profile: ProfileId): Promise<IssueLayoutResult> => {
    let l = layouts.get(profile);
    if (!l) {
      const params: IssueLayoutParams = { profile };
      l = services.client.sendRequest<IssueLayoutResult>(issueLayoutRequest, params);
      l.catch(() => layouts.delete(profile));
      layouts.set(profile, l);
    }
    return l;
  };

  /** Common frame: trust check, argument mode, error reporting, the "openssl commands" offer. */
  const command =
    (title: string, flow: (ctx: FlowContext) => Promise<Prepared>) =>
    async (raw?: unknown): Promise<IssueCommandResult | undefined> => {
      const args = isArgs(raw) ? raw : undefined;
      const interactive = args === undefined;
      const ctx: FlowContext = { title, args: args ?? {}, interactive, raw, layout };
      try {
        if (!vscode.workspace.isTrusted) {
          throw new Error('Certwright issues certificates and writes private keys only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.');
        }
        let prepared = await flow(ctx);
        if (args?.allowCapped && ['issueNode', 'issueClient', 'renew'].includes(prepared.operation.kind)) prepared = { ...prepared, operation: { ...prepared.operation, allowCapped: true } as IssueOperation };
        const policy: OverwritePolicy = args?.overwrite === true ? 'overwrite' : args?.overwrite === false ? 'refuse' : typeof args?.overwrite === 'string' ? args.overwrite : 'ask';
        const l = await layout(prepared.profile);
        // The CA lock is taken before the CA's files are read and held to the last write;
        // an operation interrupted earlier (editor or CLI) is completed or rolled back first.
        const store = await CaStore.open(workspaceStoreFs(prepared.dir, log), l.caDir);
        let result: IssueResult;
        let commit: CommitResult;
        try {
          if (store.recovered) log.warn(`${title}: ${store.recovered.action === 'completed' ? 'completed' : 'rolled back'} an interrupted operation on this CA (${store.recovered.description})`);
          const locked = await lockedInputs(store, prepared, l);
          const fingerprint = operationFingerprint(locked.operation);
          if (store.recovered?.action === 'completed' && store.recovered.fingerprint === fingerprint) {
            log.info(`${title}: the interrupted run of this operation was completed now; nothing else to do`);
            if (interactive) void vscode.window.showInformationMessage(`${title}: the interrupted run of this operation was completed.`);
            return { operation: locked.operation.kind, profile: prepared.profile, dir: prepared.dir.toString(), written: store.recovered.files.map((f) => at(prepared.dir, f).toString()), unchanged: [], warnings: [], opensslCommands: [] };
          }
          result = await send(services, title, locked).catch(async (err: unknown) => {
            // A validity past the CA's notAfter is refused with the choices spelled out: offer the cap here.
            const message = err instanceof Error ? err.message : String(err);
            if (!interactive || !message.includes('--allow-capped')) throw err;
            const cap = 'End with the CA';
            const choice = await vscode.window.showWarningMessage(message.replace(/--allow-capped/, `"${cap}"`), { modal: true }, cap);
            if (choice !== cap) throw new Cancelled('nothing was written');
            return send(services, title, { ...locked, operation: { ...locked.operation, allowCapped: true } as IssueOperation });
          });
          // A same-key CA renewal is the one operation that replaces the CA certificate.
          const protect = protectedFiles(l).filter((p) => !(result.caRenewal && p.path === l.caCert));
          const { conflicts } = await store.check(result.plan, { protect });
          if (conflicts.length) await confirmOverwrite(conflicts, policy);
          commit = await store.commit(result.plan, { force: true, protect, description: `${result.operation}${result.issued ? ` ${result.issued.subject} serial ${result.issued.serial}` : ''}`, fingerprint });
        } finally {
          await store.release();
        }
        for (const w of [...result.warnings, ...commit.warnings]) log.warn(`${title}: ${w}`);
        // Paths and kinds only: contents (key material) are never logged.
        for (const w of commit.written) log.info(`${title}: wrote ${w.path} (${w.description}, mode ${w.mode.toString(8)})`);
        last = { title, dir: prepared.dir, commands: result.opensslCommands };
        const summary = `${title}: ${commit.written.length} file(s) written in ${display(prepared.dir)}${result.issued ? ` — ${result.issued.subject}, serial ${result.issued.serial}, valid until ${result.issued.notAfter}` : ''}`;
        log.info(summary);
        if (interactive) void announce(summary, [...result.warnings, ...commit.warnings], () => showOpensslCommands(last));
        return {
          operation: result.operation,
          profile: prepared.profile,
          dir: prepared.dir.toString(),
          written: commit.written.map((w) => at(prepared.dir, w.path).toString()),
          unchanged: commit.unchanged.map((u) => at(prepared.dir, u).toString()),
          warnings: [...result.warnings, ...commit.warnings],
          issued: result.issued,
          opensslCommands: result.opensslCommands,
        };
      } catch (err) {
        if (err instanceof Cancelled || err instanceof PlanCancelled) {
          log.info(`${title}: cancelled${err.message ? ` (${err.message})` : ''}`);
          if (!interactive && err instanceof PlanCancelled) throw err;
          return undefined;
        }
        const message = err instanceof Error ? err.message : String(err);
        log.error(`${title}: ${message}`);
        if (interactive) void vscode.window.showErrorMessage(`${title}: ${message}`);
        else throw err instanceof Error ? err : new Error(message);
        return undefined;
      }
    };

  return {
    createCa: command('Create CA', createCaFlow),
    issueNodeCert: command('Issue node cert', (ctx) => issueNodeFlow(ctx)),
    issueClientCert: command('Issue client cert', (ctx) => issueClientFlow(ctx)),
    revokeCertificate: command('Revoke certificate', (ctx) => revokeFlow(ctx)),
    publishCrl: command('Publish CRL', (ctx) => publishCrlFlow(ctx)),
    renewCertificate: command('Renew certificate', (ctx) => renewFlow(ctx)),
    showOpensslCommands: () => showOpensslCommands(last),
  };
}

// ------------------------------------------------------------------ plumbing

interface FlowContext {
  readonly title: string;
  readonly args: IssueCommandArgs;
  readonly interactive: boolean;
  /** The raw first argument (a URI when run from the explorer's context menu). */
  readonly raw: unknown;
  readonly layout: (profile: ProfileId) => Promise<IssueLayoutResult>;
}

interface Prepared {
  readonly profile: ProfileId;
  readonly dir: vscode.Uri;
  readonly operation: IssueOperation;
  readonly ca?: CaMaterial;
  /** Progress title, e.g. "Generating an RSA 4096 key…". */
  readonly progress: string;
}

function isArgs(raw: unknown): raw is IssueCommandArgs {
  return typeof raw === 'object' && raw !== null && !(raw instanceof vscode.Uri) && !Array.isArray(raw);
}

function display(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, true);
}

async function send(services: Services, title: string, prepared: Prepared): Promise<IssueResult> {
  const started = Date.now();
  services.output.info(`${title}: asking the language server (${prepared.operation.kind}, profile ${prepared.profile}) for ${display(prepared.dir)}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Certwright: ${prepared.progress}`, cancellable: true },
    async (_progress, token) => {
      const params: IssueParams = { operation: prepared.operation, ...(prepared.ca ? { ca: prepared.ca } : {}) };
      try {
        return await services.client.sendRequest<IssueResult>(issueRequest, params, token);
      } catch (err) {
        if (token.isCancellationRequested) throw new Cancelled('cancelled while the key was being generated; nothing was written');
        throw err;
      }
    },
  );
  services.output.info(`${title}: the server answered in ${Date.now() - started} ms (${result.plan.files.length} file(s) to write)`);
  return result;
}

function progressTitle(what: string, keyType: KeyType | undefined): string {
  return keyType ? `${what}: generating a ${keyTypeTitles[keyType]} key…` : `${what}…`;
}

async function announce(summary: string, warnings: readonly string[], showCommands: () => Promise<unknown>): Promise<void> {
  const action = 'Show equivalent openssl commands';
  const text = warnings.length ? `${summary}. Note: ${warnings.join(' ')}` : summary;
  const choice = await (warnings.length ? vscode.window.showWarningMessage(text, action) : vscode.window.showInformationMessage(text, action));
  if (choice === action) await showCommands();
}

/** Opens the last operation's openssl equivalent as an untitled shell script. */
async function showOpensslCommands(last: LastRun | undefined): Promise<vscode.TextDocument | undefined> {
  if (!last) {
    void vscode.window.showInformationMessage('Certwright: nothing issued yet in this session. Run Create CA or Issue node cert first.');
    return undefined;
  }
  const dir = last.dir.scheme === 'file' ? last.dir.fsPath : last.dir.path;
  const content = [
    '#!/bin/sh',
    `# Certwright: openssl commands equivalent to "${last.title}" (${new Date().toISOString()}).`,
    '# They create their own keys; no key material is shown here. Run them in a scratch copy',
    '# of the folder: running them in place would overwrite the files Certwright wrote.',
    'set -eu',
    `cd '${dir.replace(/'/g, "'\\''")}'`,
    ...last.commands,
    '',
  ].join('\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'shellscript', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: Certwright writes certificates into the workspace.');
  return folder.uri;
}

function resolveDir(dir: string | vscode.Uri): vscode.Uri {
  if (dir instanceof vscode.Uri) return dir;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(dir)) return vscode.Uri.parse(dir);
  if (dir.startsWith('/')) return vscode.Uri.file(dir);
  const problem = relativeFolderProblem(dir);
  if (problem) throw new Error(`folder ${JSON.stringify(dir)}: ${problem}`);
  const segments = dir.split('/').filter((s) => s && s !== '.');
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** A path relative to `dir`; throws when `uri` is not inside it. */
function relativeTo(dir: vscode.Uri, uri: vscode.Uri): string {
  const base = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  if (uri.scheme !== dir.scheme || uri.authority !== dir.authority || !uri.path.startsWith(base)) {
    throw new Error(`${display(uri)} is not inside the CA's folder ${display(dir)}`);
  }
  return uri.path.slice(base.length);
}

function resolveInside(dir: vscode.Uri, p: string | vscode.Uri): vscode.Uri {
  if (p instanceof vscode.Uri) return p;
  if (p.startsWith('/') || /^[a-z][a-z0-9+.-]+:\/\//i.test(p)) return resolveDir(p);
  return vscode.Uri.joinPath(dir, ...p.split('/'));
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `dir` joined with a `/`-separated relative path. */
function at(dir: vscode.Uri, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(dir, ...relative.split('/'));
}

/** The CA's certificate, key and state, read through workspace.fs. */
async function readCa(ctx: FlowContext, profile: ClientProfile, dir: vscode.Uri): Promise<CaMaterial> {
  const l = await ctx.layout(profile.id);
  const certPem = await readText(at(dir, l.caCert));
  const keyPem = await readText(at(dir, l.caKey));
  if (!certPem || !keyPem) {
    throw new Error(`no ${profile.title} CA in ${display(dir)}: expected ${l.caCert} and ${l.caKey}. Run "Certwright: Create CA" first.`);
  }
  const index = await readText(at(dir, l.index));
  const crlnumber = await readText(at(dir, l.crlnumber));
  return { certPem, keyPem, ...(index !== undefined ? { index } : {}), ...(crlnumber !== undefined ? { crlnumber } : {}) };
}

/**
 * The operation's inputs read again under the CA lock: the CA material (and, for a
 * renewal, the certificate and key inside the folder), so that what the server signs is
 * what is on disk when the plan is committed (and compared once more before it is).
 */
async function lockedInputs(store: CaStore, prepared: Prepared, l: IssueLayoutResult): Promise<Prepared> {
  let ca = prepared.ca;
  if (ca) {
    const certPem = await store.read(l.caCert);
    const keyPem = await store.read(l.caKey);
    if (!certPem || !keyPem) throw new Error(`no CA in ${display(prepared.dir)}: expected ${l.caCert} and ${l.caKey}`);
    const index = await store.read(l.index);
    const crlnumber = await store.read(l.crlnumber);
    ca = { certPem, keyPem, ...(index !== undefined ? { index } : {}), ...(crlnumber !== undefined ? { crlnumber } : {}) };
  }
  let operation = prepared.operation;
  if (operation.kind === 'renew') {
    const certPem = await store.read(operation.certPath);
    if (certPem === undefined) throw new Error(`cannot read ${operation.certPath}`);
    const keyPem = operation.keyPem !== undefined ? await store.read(operation.keyPath) : undefined;
    if (operation.keyPem !== undefined && keyPem === undefined) throw new Error(`cannot read the key ${operation.keyPath}`);
    operation = { ...operation, certPem, ...(keyPem !== undefined ? { keyPem } : {}) };
  }
  return { ...prepared, operation, ...(ca ? { ca } : {}) };
}

/** One modal dialog listing every file that would be overwritten (policy `ask`); nothing is written unless accepted. */
async function confirmOverwrite(conflicts: readonly PlannedFile[], policy: OverwritePolicy): Promise<void> {
  const list = conflicts.map((c) => `${c.path} (${c.description})`).join('\n');
  if (policy === 'refuse') throw new Error(`refusing to overwrite existing files:\n${list}`);
  if (policy === 'overwrite') return;
  const keys = conflicts.filter((c) => c.kind === 'key').length;
  const choice = await vscode.window.showWarningMessage(
    `Overwrite ${conflicts.length} existing file(s)?`,
    {
      modal: true,
      detail: `${list}\n\n${keys ? `${keys} of them ${keys === 1 ? 'is a private key' : 'are private keys'}: anything that uses ${keys === 1 ? 'it' : 'them'} stops working. ` : ''}The old contents are not kept.`,
    },
    'Overwrite',
  );
  if (choice !== 'Overwrite') throw new PlanCancelled('nothing was written: existing files were kept');
}

// ------------------------------------------------------------------ prompts

function step(ctx: FlowContext, n: number, total: number): string {
  return `${ctx.title} (${n}/${total})`;
}

async function pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  if (!chosen) throw new Cancelled();
  return chosen;
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value.trim();
}

async function askProfile(ctx: FlowContext, title: string): Promise<ProfileId> {
  if (ctx.args.profile !== undefined) {
    if (!isProfileId(ctx.args.profile)) throw new Error(`unknown profile ${JSON.stringify(ctx.args.profile)}: use ${profileIds.join(', ')}`);
    return ctx.args.profile;
  }
  if (!ctx.interactive) throw new Error(`the argument "profile" is required (${profileIds.join(', ')})`);
  const item = await pick(
    profileIds.map((id) => ({ label: clientProfiles[id].title, detail: clientProfiles[id].detail, id })),
    { title, placeHolder: 'Which system are the certificates for? (decides names, CNs, key usages and file layout)' },
  );
  return item.id;
}

async function askKeyType(ctx: FlowContext, profile: ClientProfile, title: string, fallback: KeyType | undefined): Promise<KeyType | undefined> {
  if (ctx.args.keyType !== undefined) {
    if (!isKeyType(ctx.args.keyType)) throw new Error(`unknown key type ${JSON.stringify(ctx.args.keyType)}: use ${keyTypes.join(', ')}`);
    return ctx.args.keyType;
  }
  if (!ctx.interactive) return fallback;
  const order: KeyType[] = fallback ? [fallback, ...keyTypes.filter((k) => k !== fallback)] : [...keyTypes];
  const item = await pick(
    order.map((k) => {
      const warning = profile.keyWarnings[k];
      return {
        label: `${warning && k === 'ed25519' ? '$(warning) ' : ''}${keyTypeTitles[k]}`,
        description: k === fallback ? 'default' : k === 'p256' ? 'fast, widely accepted' : undefined,
        detail: warning,
        k,
      };
    }),
    { title, placeHolder: 'Key type' },
  );
  if (item.k === 'ed25519' && profile.keyWarnings.ed25519) {
    const go = await vscode.window.showWarningMessage(profile.keyWarnings.ed25519, { modal: true }, 'Use Ed25519');
    if (go !== 'Use Ed25519') throw new Cancelled();
  }
  return item.k;
}

/** Leaf validity: asked in the palette flow; in argument mode left to the core's default unless given. */
async function askLeafDays(ctx: FlowContext, title: string): Promise<number | undefined> {
  if (ctx.args.days !== undefined || !ctx.interactive) return ctx.args.days;
  const value = await input({ title, prompt: "Validity in days (a certificate cannot outlive its CA: if this ends after the CA, you choose what to do)", value: '825', validateInput: daysProblem });
  return Number(value);
}

async function askDays(ctx: FlowContext, title: string, fallback: number, prompt: string): Promise<number> {
  if (ctx.args.days !== undefined) return ctx.args.days;
  if (!ctx.interactive) return fallback;
  return Number(await input({ title, prompt, value: String(fallback), validateInput: daysProblem }));
}

/** Where a new CA goes: an explicit dir, the folder chosen in the explorer, or a prompt. */
async function askNewCaFolder(ctx: FlowContext, profile: ClientProfile, title: string): Promise<vscode.Uri> {
  if (ctx.args.dir !== undefined) return resolveDir(ctx.args.dir);
  if (ctx.raw instanceof vscode.Uri) return ctx.raw;
  if (!ctx.interactive) throw new Error('the argument "dir" is required');
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Error('Open a folder first: Certwright writes certificates into the workspace.');
  const root =
    folders.length === 1
      ? folders[0]!.uri
      : (await pick(folders.map((f) => ({ label: f.name, description: display(f.uri), uri: f.uri })), { title, placeHolder: 'Workspace folder' })).uri;
  const rel = await input({
    title,
    prompt: `Folder for the ${profile.title} files, relative to the workspace folder (the CA key goes into its ${(await ctx.layout(profile.id)).caDir}/ subfolder, mode 0700)`,
    value: profile.suggestedFolder,
    validateInput: relativeFolderProblem,
  });
  const segments = rel.split('/').filter((s) => s && s !== '.');
  return segments.length ? vscode.Uri.joinPath(root, ...segments) : root;
}

interface FoundCa {
  readonly profile: ProfileId;
  readonly dir: vscode.Uri;
}

/** CAs made by Certwright (or laid out the same way) anywhere in the workspace. */
async function findCas(ctx: FlowContext): Promise<FoundCa[]> {
  const layouts = new Map<ProfileId, IssueLayoutResult>();
  for (const id of profileIds) layouts.set(id, await ctx.layout(id));
  const names = [...new Set([...layouts.values()].map((l) => l.caCert))];
  const uris = await vscode.workspace.findFiles(`**/{${names.join(',')}}`, '**/node_modules/**', 200);
  const found: FoundCa[] = [];
  for (const uri of uris) {
    for (const id of profileIds) {
      const p = layouts.get(id)!;
      if (!uri.path.endsWith(`/${p.caCert}`)) continue;
      const dir = uri.with({ path: uri.path.slice(0, -p.caCert.length - 1) });
      if (await exists(vscode.Uri.joinPath(dir, ...p.caKey.split('/')))) found.push({ profile: id, dir });
    }
  }
  return found.sort((a, b) => a.dir.path.localeCompare(b.dir.path));
}

/** The CA to issue from: explicit profile+dir, a URI from the explorer, the only CA found, or a pick. */
async function askCa(ctx: FlowContext, title: string): Promise<{ profile: ClientProfile; dir: vscode.Uri }> {
  if (ctx.args.dir !== undefined) {
    const dir = resolveDir(ctx.args.dir);
    if (ctx.args.profile !== undefined) return { profile: clientProfiles[await askProfile(ctx, title)], dir };
    const guessed = await guessProfile(ctx, dir);
    if (!guessed) throw new Error(`no CA found in ${display(dir)}; pass "profile" or run Create CA first`);
    return { profile: clientProfiles[guessed], dir };
  }
  if (!ctx.interactive) throw new Error('the argument "dir" is required');
  const cas = await findCas(ctx);
  const wanted = ctx.args.profile;
  const matching = cas.filter((c) => !wanted || c.profile === wanted);
  let candidates = matching;
  if (ctx.raw instanceof vscode.Uri) {
    // From the explorer: the CA whose folder holds the clicked file/folder, else the CAs below it.
    const clicked = ctx.raw.path.replace(/\/$/, '');
    const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(`${parent}/`);
    const holding = matching.filter((c) => inside(clicked, c.dir.path)).sort((a, b) => b.dir.path.length - a.dir.path.length);
    if (holding.length) return { profile: clientProfiles[holding[0]!.profile], dir: holding[0]!.dir };
    const below = matching.filter((c) => inside(c.dir.path, clicked));
    if (below.length) candidates = below;
  }
  if (!candidates.length) {
    const create = 'Create CA';
    const choice = await vscode.window.showWarningMessage('No Certwright CA found in this workspace.', { modal: true }, create);
    if (choice === create) await vscode.commands.executeCommand('certwright.createCa');
    throw new Cancelled();
  }
  if (candidates.length === 1) return { profile: clientProfiles[candidates[0]!.profile], dir: candidates[0]!.dir };
  const item = await pick(
    candidates.map((c) => ({ label: display(c.dir), description: clientProfiles[c.profile].title, ca: c })),
    { title, placeHolder: 'Which CA issues the certificate?' },
  );
  return { profile: clientProfiles[item.ca.profile], dir: item.ca.dir };
}

async function guessProfile(ctx: FlowContext, dir: vscode.Uri): Promise<ProfileId | undefined> {
  for (const id of profileIds) {
    const p = await ctx.layout(id);
    if ((await exists(vscode.Uri.joinPath(dir, ...p.caCert.split('/')))) && (await exists(vscode.Uri.joinPath(dir, ...p.caKey.split('/'))))) return id;
  }
  return undefined;
}

// ------------------------------------------------------------------ flows

async function createCaFlow(ctx: FlowContext): Promise<Prepared> {
  const profileId = await askProfile(ctx, step(ctx, 1, 5));
  const profile = clientProfiles[profileId];
  const dir = await askNewCaFolder(ctx, profile, step(ctx, 2, 5));
  if (ctx.interactive && (await exists(at(dir, (await ctx.layout(profileId)).caKey)))) {
    const go = await vscode.window.showWarningMessage(
      `${display(dir)} already has a ${profile.title} CA key.`,
      { modal: true, detail: 'A new CA invalidates every certificate the old one issued. You will be asked again before any file is overwritten.' },
      'Continue',
    );
    if (go !== 'Continue') throw new Cancelled();
  }
  const keyType = await askKeyType(ctx, profile, step(ctx, 3, 5), 'rsa2048');
  let commonName = ctx.args.commonName;
  if (commonName === undefined && ctx.interactive) {
    commonName = await input({ title: step(ctx, 4, 5), prompt: 'CA common name (CN)', value: defaultCaName(profileId), validateInput: dnValueProblem });
  }
  const days = await askDays(ctx, step(ctx, 5, 5), 3650, 'CA validity in days');
  return {
    profile: profileId,
    dir,
    progress: progressTitle('Creating the CA', keyType),
    operation: {
      kind: 'createCa',
      profile: profileId,
      ...(keyType ? { keyType } : {}),
      ...(commonName ? { commonName } : {}),
      ...(ctx.args.organization ? { organization: ctx.args.organization } : {}),
      days,
    },
  };
}

function defaultCaName(profile: ProfileId): string {
  return { cockroach: 'Cockroach CA', dm: 'DM CA', postgres: 'PostgreSQL Root CA', generic: 'Certwright CA' }[profile];
}

async function askSans(ctx: FlowContext, title: string, name: string | undefined): Promise<string[]> {
  if (ctx.args.sans !== undefined) {
    const problem = sanProblem(ctx.args.sans.join(','));
    if (problem) throw new Error(problem);
    return ctx.args.sans;
  }
  if (!ctx.interactive) throw new Error('the argument "sans" is required: the DNS names and IP addresses clients use to reach the node');
  const offered = ['localhost', '127.0.0.1', '::1', ...(name && !['master', 'worker', 'server'].includes(name) ? [name] : [])];
  const picks = await vscode.window.showQuickPick(
    [
      ...offered.map((s) => ({ label: s, picked: s !== '::1', description: s === 'localhost' ? 'DNS' : s.includes(':') || /^\d/.test(s) ? 'IP' : 'DNS' })),
      { label: '$(add) More names or addresses…', picked: false, description: 'type them next', more: true },
    ],
    { title, placeHolder: 'Subject alternative names: every DNS name and IP address clients use to reach this node', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picks) throw new Cancelled();
  const sans = picks.filter((p) => !('more' in p)).map((p) => p.label);
  if (picks.some((p) => 'more' in p) || !sans.length) {
    const more = await input({
      title,
      prompt: 'More DNS names / IP addresses, separated by commas or spaces (e.g. node1.example.com, 10.0.0.5)',
      validateInput: (v) => (v.trim() === '' && sans.length ? undefined : sanProblem(v)),
    });
    sans.push(...splitSans(more));
  }
  return sans;
}

async function issueNodeFlow(ctx: FlowContext): Promise<Prepared> {
  const { profile, dir } = await askCa(ctx, step(ctx, 1, 6));
  let name = ctx.args.name;
  if (name === undefined && ctx.interactive) {
    if (profile.nodeNames.length) {
      name = (await pick(profile.nodeNames.map((n) => ({ label: n })), { title: step(ctx, 2, 6), placeHolder: profile.nodeNamePrompt })).label;
    } else {
      name = await input({ title: step(ctx, 2, 6), prompt: profile.nodeNamePrompt, value: profile.id === 'cockroach' ? '' : 'server', validateInput: (v) => (v === '' ? undefined : fileNameProblem(v)) });
      if (name === '') name = undefined;
    }
  }
  if (name !== undefined) {
    const problem = fileNameProblem(name);
    if (problem) throw new Error(`node name ${JSON.stringify(name)}: ${problem}`);
  }
  const sans = await askSans(ctx, step(ctx, 3, 6), name);
  let commonName = ctx.args.commonName;
  if (commonName === undefined && ctx.interactive) {
    const fallback = profile.id === 'cockroach' ? 'node' : profile.id === 'dm' ? 'dm' : sans.find((s) => !/^[\d:[]/.test(s)) ?? name ?? 'server';
    const hint =
      profile.id === 'cockroach'
        ? 'CockroachDB expects the principal "node" (CN=node) unless you map names with --cert-principal-map'
        : profile.id === 'dm'
          ? "Every DM component's CN must be in its peers' cert-allowed-cn lists (DM's docs: \"dm\" everywhere)"
          : 'Clients match SANs, not the CN; the CN is informational';
    commonName = await input({ title: step(ctx, 4, 6), prompt: `Common name (CN). ${hint}`, value: fallback, validateInput: dnValueProblem });
  }
  const keyType = await askKeyType(ctx, profile, step(ctx, 5, 6), undefined);
  const days = await askLeafDays(ctx, step(ctx, 6, 6));
  return {
    profile: profile.id,
    dir,
    ca: await readCa(ctx, profile, dir),
    progress: progressTitle('Issuing the node certificate', keyType),
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

async function issueClientFlow(ctx: FlowContext): Promise<Prepared> {
  const { profile, dir } = await askCa(ctx, step(ctx, 1, 5));
  let user = ctx.args.user;
  if (user === undefined && ctx.interactive) {
    user = await input({
      title: step(ctx, 2, 5),
      prompt: profile.userPrompt,
      value: profile.defaultUser,
      validateInput: (v) => dnValueProblem(v) ?? (profile.id === 'cockroach' ? fileNameProblem(v) : undefined),
    });
  }
  if (user !== undefined) {
    const problem = dnValueProblem(user);
    if (problem) throw new Error(`user ${JSON.stringify(user)}: ${problem}`);
  }
  let name = ctx.args.name;
  if (name === undefined && ctx.interactive && profile.id === 'postgres') {
    const item = await pick(
      [
        { label: 'client', description: 'client.crt / client.key', detail: 'pass them to libpq with sslcert= / sslkey=' },
        { label: 'postgresql', description: 'postgresql.crt / postgresql.key', detail: "libpq's default names: copy them to ~/.postgresql/ and no sslcert/sslkey is needed" },
      ],
      { title: step(ctx, 3, 5), placeHolder: 'File names' },
    );
    name = item.label;
  }
  const keyType = await askKeyType(ctx, profile, step(ctx, 4, 5), undefined);
  const days = await askLeafDays(ctx, step(ctx, 5, 5));
  return {
    profile: profile.id,
    dir,
    ca: await readCa(ctx, profile, dir),
    progress: progressTitle('Issuing the client certificate', keyType),
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
  if (!ctx.interactive) throw new Error('the argument "cert" is required');
  return undefined;
}

async function revokeFlow(ctx: FlowContext): Promise<Prepared> {
  const { profile, dir } = await askCa(ctx, step(ctx, 1, 3));
  const ca = await readCa(ctx, profile, dir);
  let certUri = await givenCertificate(ctx, dir);
  if (!certUri) {
    const valid = parseIndexLines(ca.index).filter((l) => l.status === 'V');
    if (!valid.length) throw new Error(`the CA in ${display(dir)} has no valid certificates to revoke`);
    const item = await pick(
      valid.map((l) => ({ label: l.subject, description: `serial ${l.serial}`, detail: `expires ${l.expiry}`, line: l })),
      { title: step(ctx, 2, 3), placeHolder: 'Certificate to revoke (from the CA database, index.txt)' },
    );
    certUri = at(dir, `${(await ctx.layout(profile.id)).newCertsDir}/${item.line.serial}.pem`);
  }
  const certPem = await readText(certUri);
  if (!certPem) throw new Error(`cannot read the certificate ${display(certUri)}`);
  let reason = ctx.args.reason;
  if (reason === undefined && ctx.interactive) {
    reason = (await pick(reasons.map((r) => ({ label: r })), { title: step(ctx, 3, 3), placeHolder: 'Revocation reason (goes into index.txt and the CRL)' })).label;
  }
  return {
    profile: profile.id,
    dir,
    ca,
    progress: 'Revoking and publishing the CRL…',
    operation: {
      kind: 'revoke',
      profile: profile.id,
      certPem,
      ...(reason && reason !== 'unspecified' ? { reason } : {}),
      ...(ctx.args.crlDays !== undefined ? { crlDays: ctx.args.crlDays } : {}),
    },
  };
}

async function publishCrlFlow(ctx: FlowContext): Promise<Prepared> {
  const { profile, dir } = await askCa(ctx, step(ctx, 1, 2));
  let crlDays = ctx.args.crlDays ?? ctx.args.days;
  if (crlDays === undefined && ctx.interactive) {
    const value = await input({ title: step(ctx, 2, 2), prompt: "CRL validity in days; empty = the profile's default (PostgreSQL and generic 180, CockroachDB and DM 365). Publish again before it runs out: PostgreSQL rejects every client once the CRL expires", value: '', validateInput: (v) => (v === '' ? undefined : daysProblem(v)) });
    crlDays = value === '' ? undefined : Number(value);
  }
  return {
    profile: profile.id,
    dir,
    ca: await readCa(ctx, profile, dir),
    progress: 'Publishing the CRL…',
    operation: { kind: 'publishCrl', profile: profile.id, ...(crlDays !== undefined ? { crlDays } : {}) },
  };
}

/** The key file that goes with a certificate file, by each layout's naming. */
function keyPathFor(certPath: string): string {
  if (certPath.endsWith('-cert.pem')) return `${certPath.slice(0, -'-cert.pem'.length)}-key.pem`;
  return certPath.replace(/\.(crt|pem|cer)$/, '') + '.key';
}

async function renewFlow(ctx: FlowContext): Promise<Prepared> {
  const { profile, dir } = await askCa(ctx, step(ctx, 1, 5));
  const ca = await readCa(ctx, profile, dir);
  let certUri = await givenCertificate(ctx, dir);
  if (!certUri) {
    const l = await ctx.layout(profile.id);
    const pattern = new vscode.RelativePattern(dir, '**/*.{crt,pem}');
    const files = (await vscode.workspace.findFiles(pattern, `**/{${l.caDir}/**,node_modules/**}`, 500)).filter((u) => {
      const rel = relativeTo(dir, u);
      return rel === l.caCert || (!rel.endsWith('/ca.crt') && !rel.startsWith(`${l.caDir}/`));
    });
    if (!files.length) throw new Error(`no certificates to renew below ${display(dir)}`);
    const item = await pick(
      files.map((u) => ({ label: relativeTo(dir, u), uri: u, ...(relativeTo(dir, u) === l.caCert ? { description: 'the CA certificate: renewed as a CA, same key, everything it issued keeps verifying' } : {}) })),
      { title: step(ctx, 2, 5), placeHolder: 'Certificate to renew (it is replaced; the old one stays valid until it expires or is revoked)' },
    );
    certUri = item.uri;
  }
  const certPath = relativeTo(dir, certUri);
  const layout = await ctx.layout(profile.id);
  const isCaCert = certPath === layout.caCert;
  const keyUri = ctx.args.key !== undefined ? resolveInside(dir, ctx.args.key) : vscode.Uri.joinPath(dir, ...(isCaCert ? layout.caKey : keyPathFor(certPath)).split('/'));
  const keyPath = relativeTo(dir, keyUri);
  const certPem = await readText(certUri);
  if (!certPem) throw new Error(`cannot read ${display(certUri)}`);
  let newKey = ctx.args.newKey;
  if (newKey === undefined && ctx.interactive && !isCaCert) {
    newKey = (
      await pick(
        [
          { label: 'Keep the key', description: keyPath, fresh: false },
          { label: 'New key', description: `replaces ${keyPath}`, detail: 'Do this when the key may have leaked (and revoke the old certificate).', fresh: true },
        ],
        { title: step(ctx, 3, 5), placeHolder: 'Key' },
      )
    ).fresh;
  }
  let keyPem: string | undefined;
  if (!newKey) {
    keyPem = await readText(keyUri);
    if (!keyPem) throw new Error(`cannot read the key ${keyPath}; choose "New key" or pass "key"`);
  }
  const keyType = newKey ? await askKeyType(ctx, profile, step(ctx, 4, 5), undefined) : undefined;
  const days = isCaCert ? await askDays(ctx, step(ctx, 5, 5), 3650, 'CA validity in days (same key: every certificate it issued keeps verifying)') : await askLeafDays(ctx, step(ctx, 5, 5));
  // Revoked certificates of this CA (their copies in newcerts/): the server refuses to re-certify their keys.
  const revokedPems: string[] = [];
  for (const l of parseIndexLines(ca.index).filter((x) => x.status === 'R')) {
    const pem = await readText(at(dir, `${layout.newCertsDir}/${l.serial}.pem`));
    if (pem) revokedPems.push(pem);
  }
  return {
    profile: profile.id,
    dir,
    ca,
    progress: progressTitle('Renewing the certificate', keyType),
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
    },
  };
}
