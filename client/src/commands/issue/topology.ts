/**
 * "Create Cluster from Topology…": `certwright init` from the palette, the explorer's
 * context menu or the editor title of an open topology file. An issuing wizard: which
 * topology (the workspace's TiUP DM topologies, node lists and host lists), which system
 * (where the file does not say), which CA (one of the workspace's, or a new one in a
 * folder), which key type (the CA's family by default), then a summary of what is new,
 * what is already issued and every file that will be written (a dry run); nothing is
 * written before "Write". The language server runs the CLI's driver under the CA lock,
 * so running it again after adding a host issues only the new host. With an argument
 * object it runs without prompts.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { CommandTable } from '../index';
import { initClusterRequest, type InitClusterParams, type InitClusterResult } from '../../../../server/src/protocol/issue';
import { certificateTree } from '../../views/certificateTree';
import { filesWritten } from '../notice';
import { announce, ask, at, Cancelled, display, findCas, flowFrame, isArgs, keyTypeOfCertificate, openLastOpensslCommands, readText, rememberOpensslCommands, serverLayouts, summary, type FlowContext, type FoundCa } from '../issue';
import { relativeFolderProblem } from './inputs';
import { CaPassphrases, isEncryptedKey, type Obtained } from './passphrase';
import { clientProfiles, isKeyType, isProfileId, keyTypes, keyTypeTitles, profileIds, type KeyType, type ProfileId } from './profiles';
import { MAX_TOPOLOGY_SNIFF_BYTES, nodeListProfile, topologyGlob, topologyKind, type TopologyKind } from './topologyFiles';

const l10n = vscode.l10n;

/** The command's arguments without prompts (tests, scripts). Paths: absolute, or relative to the first workspace folder. */
export interface TopologyArgs {
  topology: string;
  dir: string;
  profile?: ProfileId;
  keyType?: KeyType;
  /** The passphrase of an existing encrypted CA key. */
  passphrase?: string;
  /** Say what would be issued and written; write nothing. */
  dryRun?: boolean;
}

interface Candidate {
  readonly uri: vscode.Uri;
  readonly kind: TopologyKind;
  readonly profile?: ProfileId;
}

interface TopologyState {
  topology?: Candidate;
  profile?: ProfileId;
  /** The CA chosen, or undefined for a new CA in `folder`. */
  ca?: FoundCa | null;
  folder?: string;
  keyType?: KeyType;
  /** The workspace's CAs of `casFor`'s profile. */
  cas?: FoundCa[];
  casFor?: ProfileId;
}

const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';
const MAX_CANDIDATES = 500;
/** The context key the menus test (`resourcePath in certwright.topologyFiles`). */
const CONTEXT_KEY = 'certwright.topologyFiles';

const kindTitles = (): Record<TopologyKind, string> => ({ dm: l10n.t('TiUP DM topology'), nodes: l10n.t('node list'), hosts: l10n.t('list of hosts') });

async function sniff(uri: vscode.Uri): Promise<Candidate | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_TOPOLOGY_SNIFF_BYTES) return undefined;
  } catch {
    return undefined;
  }
  const text = await readText(uri);
  if (text === undefined) return undefined;
  const kind = topologyKind(uri.path, text);
  if (!kind) return undefined;
  const named = kind === 'nodes' ? nodeListProfile(text) : undefined;
  return { uri, kind, ...(kind === 'dm' ? { profile: 'dm' as const } : named && isProfileId(named) ? { profile: named } : {}) };
}

/** The workspace's topology files, sorted by path. */
async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const uri of await vscode.workspace.findFiles(topologyGlob, EXCLUDE, MAX_CANDIDATES)) {
    const c = await sniff(uri);
    if (c) out.push(c);
  }
  return out.sort((a, b) => a.uri.path.localeCompare(b.uri.path));
}

/**
 * Keeps `certwright.topologyFiles` (the topology files' paths) for the explorer's context
 * menu and the editor title: the workspace is looked at once, a while after activation,
 * then each saved or opened file again.
 */
function trackTopologyFiles(context: vscode.ExtensionContext): void {
  const known = new Set<string>();
  const publish = (): Thenable<unknown> => vscode.commands.executeCommand('setContext', CONTEXT_KEY, [...known]);
  const update = async (uri: vscode.Uri): Promise<void> => {
    if (uri.scheme !== 'file') return;
    const had = known.has(uri.fsPath);
    const is = (await sniff(uri)) !== undefined;
    if (had === is) return;
    if (is) known.add(uri.fsPath);
    else known.delete(uri.fsPath);
    await publish();
  };
  const timer = setTimeout(() => {
    void candidates().then((found) => {
      for (const c of found) if (c.uri.scheme === 'file') known.add(c.uri.fsPath);
      return publish();
    });
  }, 3000);
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    vscode.workspace.onDidSaveTextDocument((d) => update(d.uri)),
    vscode.workspace.onDidOpenTextDocument((d) => update(d.uri)),
  );
}

export function topologyCommands(services: Services): CommandTable {
  const layout = serverLayouts(services);
  const passphrases = new CaPassphrases(services.context.secrets);
  const title = l10n.t('Create Cluster from Topology');
  trackTopologyFiles(services.context);
  return {
    createClusterFromTopology: async (raw?: unknown): Promise<InitClusterResult | undefined> => {
      const args = isArgs(raw) ? (raw as unknown as TopologyArgs) : undefined;
      const ctx: FlowContext = { title, args: {}, interactive: args === undefined, raw, layout, resume: false };
      const untrusted = l10n.t('Certwright creates a cluster\'s certificates only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.');
      return flowFrame(services.output, ctx, untrusted, () => (args ? withArguments(services, args) : topologyFlow(services, passphrases, ctx)));
    },
  };
}

/** A path given as an argument: absolute, or relative to the first workspace folder. */
function given(p: string, what: string): vscode.Uri {
  if (typeof p !== 'string' || !p) throw new Error(l10n.t('the argument "{0}" is required', what));
  if (p.startsWith('/')) return vscode.Uri.file(p);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error(l10n.t('"{0}" must be an absolute path without a workspace folder', what));
  return vscode.Uri.joinPath(root, ...p.split('/').filter((s) => s && s !== '.'));
}

function local(uri: vscode.Uri): string {
  if (uri.scheme !== 'file') throw new Error(l10n.t('{0} is not on the local file system: run `certwright init` where the files are.', display(uri)));
  return uri.fsPath;
}

function request(services: Services, params: InitClusterParams): Promise<InitClusterResult> {
  return Promise.resolve(services.client.sendRequest<InitClusterResult>(initClusterRequest, params));
}

async function withArguments(services: Services, args: TopologyArgs): Promise<InitClusterResult> {
  if (args.profile !== undefined && !isProfileId(args.profile)) throw new Error(l10n.t('unknown profile {0}: use {1}', JSON.stringify(args.profile), profileIds.join(', ')));
  if (args.keyType !== undefined && !isKeyType(args.keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(args.keyType), keyTypes.join(', ')));
  const dir = given(args.dir, 'dir');
  const r = await request(services, {
    dir: local(dir),
    topology: local(given(args.topology, 'topology')),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.keyType ? { keyType: args.keyType } : {}),
    ...(args.passphrase !== undefined ? { passphrase: args.passphrase } : {}),
    ...(args.dryRun ? { dryRun: true } : {}),
  });
  if (!args.dryRun) {
    rememberOpensslCommands(l10n.t('Create Cluster from Topology'), dir, r.opensslCommands);
    certificateTree()?.refresh(true);
  }
  return r;
}

/** Leaves follow the CA's family; RSA 3072/4096 CAs issue RSA 2048 leaves (as `certwright init` does). */
function leafDefault(ca: KeyType | undefined): KeyType | undefined {
  return ca === 'rsa3072' || ca === 'rsa4096' ? 'rsa2048' : ca;
}

async function topologyFlow(services: Services, passphrases: CaPassphrases, ctx: FlowContext): Promise<InitClusterResult | 'back'> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Error(l10n.t('Open a folder first: Certwright writes certificates into the workspace.'));
  const s = (ctx.state ??= {}) as TopologyState;
  // From the explorer or the editor title: the file clicked.
  if (!s.topology && ctx.raw instanceof vscode.Uri) {
    const c = await sniff(ctx.raw);
    if (!c) throw new Error(l10n.t('{0} is not a topology Certwright reads: a TiUP DM topology (master_servers, worker_servers), a node list (nodes:) or a list of hosts, one per line.', display(ctx.raw)));
    s.topology = c;
  }
  const clicked = ctx.raw instanceof vscode.Uri;
  let found: Candidate[] = [];
  if (!clicked) {
    found = await candidates();
    if (!found.length) throw new Error(l10n.t('No topology file was found in this workspace: a TiUP DM topology (master_servers, worker_servers), a node list (nodes:) or a file named hosts with one host per line.'));
  }
  const profileOf = (st: TopologyState): ProfileId => st.topology?.profile === 'dm' ? 'dm' : (st.profile ?? st.topology?.profile ?? 'cockroach');
  /** The CAs of the workspace for the chosen system (looked for once per system). */
  const casOf = async (st: TopologyState): Promise<FoundCa[]> => {
    const p = profileOf(st);
    if (st.casFor !== p) {
      // An adopted CA issues the cluster into the places its own layout names, whatever system its layout was adopted for.
      st.cas = (await findCas(ctx)).filter((c) => c.profile === p || c.adopted);
      st.casFor = p;
      if (st.ca && !st.cas.some((c) => c.dir.toString() === st.ca!.dir.toString())) st.ca = undefined;
    }
    return st.cas!;
  };
  /** The chosen CA's certificate: the key type the defaults follow. */
  const caKeyType = async (st: TopologyState): Promise<KeyType | undefined> => {
    if (!st.ca) return undefined;
    const pem = await readText(at(st.ca.dir, (await ctx.layout(st.ca.profile, st.ca.dir)).caCert));
    return pem ? keyTypeOfCertificate(pem) : undefined;
  };
  /** The CA page's default: the first CA of the workspace for the system, else a new one (so the counter knows whether a folder is asked). */
  const defaultCa = async (st: TopologyState): Promise<void> => {
    const cas = await casOf(st);
    if (st.ca === undefined) st.ca = cas[0] ?? null;
  };
  if (s.topology && (s.topology.kind === 'dm' || s.profile !== undefined)) await defaultCa(s);
  const titles = kindTitles();
  await ask<TopologyState>(
    ctx,
    [
      {
        when: () => !clicked,
        ask: async (w, st) => {
          const items = found.map((c) => ({ label: display(c.uri), description: titles[c.kind], c }));
          const picked = (await w.pickOne(items, { placeholder: l10n.t('Which topology? (every host gets its certificate; run this again after adding a host to issue only the new one)'), active: items.find((i) => i.c.uri.toString() === s.topology?.uri.toString()) })).c;
          if (picked.uri.toString() !== st.topology?.uri.toString()) st.profile = undefined;
          st.topology = picked;
          await defaultCa(s); // a default, not an answer: written past the wizard's record of answers
        },
      },
      {
        // A DM topology is DM's; a node list or a host list can be for any system.
        when: (st) => st.topology?.kind !== 'dm',
        ask: async (w, st) => {
          const items = profileIds.map((id) => ({ label: clientProfiles[id].title, detail: clientProfiles[id].detail, id }));
          st.profile = (await w.pickOne(items, { placeholder: l10n.t('Which system is the cluster? (decides names, CNs, file layout and the configuration written)'), active: items.find((i) => i.id === profileOf(st)) })).id;
          await defaultCa(s);
        },
      },
      {
        ask: async (w, st) => {
          const cas = await casOf(st);
          const fresh = { label: l10n.t('$(new-folder) New CA…'), detail: l10n.t('A new {0} CA in a folder you name next; the cluster is issued by it', clientProfiles[profileOf(st)].title), ca: null };
          const items = [...cas.map((c) => ({ label: display(c.dir), description: l10n.t('existing {0} CA', clientProfiles[c.profile].title), ca: c as FoundCa | null })), fresh];
          const active = items.find((i) => (i.ca === null ? st.ca === null : i.ca.dir.toString() === st.ca?.dir.toString())) ?? items[0];
          st.ca = (await w.pickOne(items, { placeholder: l10n.t('Which CA issues the cluster? (its folder gets every certificate and config/ with the TLS settings)'), active })).ca;
        },
      },
      {
        when: (st) => st.ca === null,
        ask: async (w, st) => {
          const suggested = clientProfiles[profileOf(st)].suggestedFolder;
          st.folder = await w.input({
            prompt: l10n.t('Folder for the new CA and the cluster\'s certificates, relative to the workspace folder (the CA key goes into its {0}/ subfolder, mode 0700)', (await ctx.layout(profileOf(st))).caDir),
            value: st.folder ?? suggested,
            validate: (v) => relativeFolderProblem(v),
          });
        },
      },
      {
        ask: async (w, st) => {
          const profile = clientProfiles[profileOf(st)];
          const fallback = st.ca ? leafDefault(await caKeyType(st)) : 'p256';
          const items = keyTypes.map((k) => ({
            label: `${profile.keyWarnings[k] && k === 'ed25519' ? '$(warning) ' : ''}${keyTypeTitles[k]}`,
            description: k === fallback ? (st.ca ? l10n.t('default: the same kind of key as the CA') : l10n.t('default: fast, widely accepted')) : undefined,
            detail: profile.keyWarnings[k],
            k,
          }));
          const placeholder = st.ca ? l10n.t('Key type of the new certificates') : l10n.t('Key type of the new CA and of every certificate');
          for (;;) {
            const item = await w.pickOne(items, { placeholder, active: items.find((i) => i.k === (st.keyType ?? fallback)) });
            const use = l10n.t('Use Ed25519');
            if (item.k === 'ed25519' && profile.keyWarnings.ed25519 && (await vscode.window.showWarningMessage(profile.keyWarnings.ed25519, { modal: true }, use)) !== use) continue;
            st.keyType = item.k;
            return;
          }
        },
      },
    ],
    s,
    // The first topology file and the first CA are defaults the pages may change (a host list
    // adds the system page, "New CA…" the folder page): the total waits for those answers.
    clicked ? ['ca'] : ['topology', 'ca'],
  );
  const topology = s.topology!;
  const profile = profileOf(s);
  const dir = s.ca ? s.ca.dir : vscode.Uri.joinPath(folders[0]!.uri, ...(s.folder ?? clientProfiles[profile].suggestedFolder).split('/').filter((x) => x && x !== '.'));
  const l = await ctx.layout(profile, dir);
  // An existing CA's encrypted key: its passphrase (asked once, as every issuing command asks it).
  let passphrase: Obtained | undefined;
  if (isEncryptedKey(await readText(at(dir, l.caKey)))) {
    passphrase = await passphrases.obtain(dir, l.caKey, ctx.title, { interactive: true });
    if (!passphrase) throw new Cancelled();
  }
  const base: InitClusterParams = { dir: local(dir), topology: local(topology.uri), ...(topology.kind !== 'dm' ? { profile } : {}), ...(s.keyType ? { keyType: s.keyType } : {}), ...(passphrase ? { passphrase: passphrase.passphrase } : {}) };
  const progress = (what: string, run: () => Promise<InitClusterResult>): Thenable<InitClusterResult> => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Certwright: ${what}` }, run);
  const dry = await progress(l10n.t('Create Cluster from Topology: planning…'), () => request(services, { ...base, dryRun: true }));
  if (dry.conflicts.length) throw new Error(l10n.t('these files exist with other contents and would not be replaced: {0}', dry.conflicts.join(', ')));
  const hosts = dry.topology.nodes.length;
  const choices: Array<readonly [string, string]> = [
    [l10n.t('Topology'), `${display(topology.uri)} (${titles[topology.kind]}, ${hosts === 1 ? l10n.t('1 host') : l10n.t('{0} hosts', hosts)})`],
    [l10n.t('System'), clientProfiles[profile].title],
    [l10n.t('CA'), dry.newCa ? l10n.t('new CA in {0}', display(dir)) : `${display(dir)} (${l10n.t('existing')})`],
    [l10n.t('Key'), s.keyType ? keyTypeTitles[s.keyType] : l10n.t('the same kind of key as the CA')],
    [l10n.t('New'), dry.issuing.length ? dry.issuing.join(', ') : l10n.t('nothing new to issue')],
    ...(dry.existing.length ? [[l10n.t('Already issued (kept)'), dry.existing.join(', ')] as const] : []),
  ];
  if ((await summary(ctx, { choices }, dry.files.map((f) => ({ ...f, contents: '' })), [])) === 'back') return 'back';

  const r = await progress(dry.issuing.length ? (dry.issuing.length === 1 ? l10n.t('Create Cluster from Topology: issuing 1 certificate…') : l10n.t('Create Cluster from Topology: issuing {0} certificates…', dry.issuing.length)) : l10n.t('Create Cluster from Topology: writing the configuration…'), () => request(services, base));
  if (passphrase) await passphrases.accepted(dir, passphrase, undefined);
  const log = services.output;
  for (const w of r.warnings) log.warn(`${ctx.title}: ${w}`);
  // Paths and kinds only: contents (key material) are never logged.
  for (const f of r.files) log.info(l10n.t('{0}: wrote {1} ({2}, mode {3})', ctx.title, f.path, f.description, f.mode.toString(8)));
  rememberOpensslCommands(ctx.title, dir, r.opensslCommands);
  certificateTree()?.refresh(true);
  const issued = r.issued.filter((i) => i.operation !== 'createCa').length;
  const where = display(dir);
  const certificates = issued === 1 ? l10n.t('1 certificate') : l10n.t('{0} certificates', issued);
  const text = r.newCa
    ? l10n.t('{0}: a new CA and {1} issued, {2} already issued and kept, {3} in {4}.', ctx.title, certificates, r.existing.length, filesWritten(l10n, r.files.length), where)
    : l10n.t('{0}: {1} issued, {2} already issued and kept, {3} in {4}.', ctx.title, certificates, r.existing.length, filesWritten(l10n, r.files.length), where);
  log.info(text);
  // "Open" shows the first certificate issued, else the first file written.
  const firstCert = r.issued.find((i) => i.operation !== 'createCa')?.certPath;
  const paths = firstCert ? [firstCert, ...r.files.map((f) => f.path).filter((p) => p !== firstCert)] : r.files.map((f) => f.path);
  void announce(text, r.warnings, dir, paths.map((p) => at(dir, p)), paths, log, openLastOpensslCommands);
  return r;
}
