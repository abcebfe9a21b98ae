/**
 * Create Key and CSR… (the CSR kit of `certwright csr`, from the palette or a folder's context
 * menu): a wizard asks the system, the role, the names, the key type and the folder; the
 * language server makes the key and the request with the profile's names
 * (`certwright/makeCsr`); a summary lists both files before anything is written; the key is
 * created exclusively with mode 0600 and never replaces an existing file. The notification
 * offers to open the request, reveal it, or sign it now with a CA of this workspace.
 *
 * With an argument object (`{ profile, role?, sans?, commonName?, name?, keyType?, out }`) it
 * runs without prompts, for automation and tests.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandTable } from './index';
import { makeCsrRequest, type MakeCsrParams, type MakeCsrResult } from '../../../server/src/protocol/issue';
import type { SignCsrLinkArgs } from '../../../server/src/protocol/inspect';
import { clientProfiles, isKeyType, isProfileId, keyTypeTitles, keyTypes, profileIds, type KeyType, type ProfileId } from './issue/profiles';
import { dnValueProblem, fileNameProblem, relativeFolderProblem, sanProblem, splitSans } from './issue/inputs';
import { runWizard, WizardBack, WizardCancelled, WizardPage, type WizardStep } from './issue/wizard';
import { workspaceStoreFs } from './issue/writePlan';

const l10n = vscode.l10n;

export interface CreateCsrArgs {
  profile?: ProfileId;
  role?: 'node' | 'client';
  sans?: string[];
  commonName?: string;
  name?: string;
  keyType?: KeyType;
  /** The folder for the key and the request: relative to the first workspace folder, absolute, or a URI. */
  out?: string | vscode.Uri;
}

export interface CreateCsrResult {
  readonly key: string;
  readonly csr: string;
  readonly subject: string;
  readonly signCommand: string;
}

interface CsrState {
  profile?: ProfileId;
  role?: 'node' | 'client';
  sans?: string[];
  user?: string;
  keyType?: KeyType;
  folder?: string;
}

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(l10n.t('Open a folder first: Certwright writes certificates into the workspace.'));
  return folder.uri;
}

function folderUri(out: string | vscode.Uri): vscode.Uri {
  if (out instanceof vscode.Uri) return out;
  if (out.startsWith('/')) return vscode.Uri.file(out);
  const segments = out.split('/').filter((x) => x && x !== '.');
  return segments.length ? vscode.Uri.joinPath(workspaceRoot(), ...segments) : workspaceRoot();
}

export function csrKitCommands(services: Services): CommandTable {
  const log = services.output;
  const title = l10n.t('Create Key and CSR');

  const createCsr = async (raw?: unknown): Promise<CreateCsrResult | undefined> => {
    const args = raw && typeof raw === 'object' && !(raw instanceof vscode.Uri) ? (raw as CreateCsrArgs) : undefined;
    const interactive = !args;
    const clicked = raw instanceof vscode.Uri ? raw : undefined;
    try {
      if (!vscode.workspace.isTrusted) throw new Error(l10n.t('Certwright writes private keys only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.'));
      const s: CsrState = {};
      const steps: WizardStep<CsrState>[] = [
        {
          ask: async (w, st) => {
            const items = profileIds.map((id) => ({ label: clientProfiles[id].title, detail: clientProfiles[id].detail, id }));
            st.profile = (await w.pickOne(items, { placeholder: l10n.t('Which system is the certificate for? (decides its names)'), active: items.find((i) => i.id === st.profile) })).id;
          },
        },
        {
          ask: async (w, st) => {
            const items = [
              { label: l10n.t('Node (server)'), detail: l10n.t('serverAuth and clientAuth; the DNS names and IP addresses clients use'), role: 'node' as const },
              { label: l10n.t('Client'), detail: l10n.t('clientAuth; the CN is the user it logs in as'), role: 'client' as const },
            ];
            st.role = (await w.pickOne(items, { placeholder: l10n.t('What the certificate is for'), active: items.find((i) => i.role === st.role) })).role;
          },
        },
        {
          when: (st) => st.role === 'node',
          ask: async (w, st) => {
            st.sans = splitSans(await w.input({ prompt: l10n.t('DNS names and IP addresses of the node, separated by commas or spaces (e.g. db1.example.com, 10.0.0.5)'), value: (st.sans ?? []).join(', '), validate: sanProblem }));
          },
        },
        {
          when: (st) => st.role === 'client',
          ask: async (w, st) => {
            const profile = clientProfiles[st.profile!];
            st.user = await w.input({ prompt: profile.userPrompt, value: st.user ?? profile.defaultUser, validate: (v) => dnValueProblem(v) ?? (profile.id === 'cockroach' ? fileNameProblem(v) : undefined) });
          },
        },
        {
          ask: async (w, st) => {
            const items = keyTypes.map((k) => ({ label: keyTypeTitles[k], description: k === 'p256' ? l10n.t('fast, widely accepted') : undefined, detail: clientProfiles[st.profile!].keyWarnings[k], k }));
            st.keyType = (await w.pickOne(items, { placeholder: l10n.t('Key type'), active: items.find((i) => i.k === (st.keyType ?? 'p256')) })).k;
          },
        },
        {
          when: () => !clicked,
          ask: async (w, st) => {
            st.folder = await w.input({ prompt: l10n.t('Folder for the key and the request, relative to the workspace folder (the key stays there: send only the .csr)'), value: st.folder ?? `${clientProfiles[st.profile!].suggestedFolder}/csr`, validate: relativeFolderProblem });
          },
        },
      ];
      let pages = 0;
      let from: 'first' | 'last' = 'first';
      for (;;) {
        if (interactive) {
          try {
            pages = await runWizard(title, steps, s, from);
          } catch (e) {
            if (e instanceof WizardCancelled || e instanceof WizardBack) return undefined;
            throw e;
          }
        }
        const profile = args?.profile ?? s.profile;
        if (!isProfileId(profile)) throw new Error(l10n.t('the argument "profile" is required ({0})', profileIds.join(', ')));
        const role = args?.role ?? s.role ?? 'node';
        const keyType = args?.keyType ?? s.keyType ?? 'p256';
        if (!isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
        const dir = clicked ?? folderUri(args?.out ?? s.folder ?? `${clientProfiles[profile].suggestedFolder}/csr`);
        const params: MakeCsrParams = {
          profile,
          role,
          keyType,
          ...((args?.sans ?? s.sans)?.length ? { sans: args?.sans ?? s.sans } : {}),
          ...(args?.commonName ?? (role === 'client' ? s.user : undefined) ? { commonName: args?.commonName ?? s.user } : {}),
          ...(args?.name ? { name: args.name } : {}),
        };
        const made = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Certwright: ${l10n.t('{0}: generating an {1} key…', title, keyTypeTitles[keyType])}` }, () => services.client.sendRequest<MakeCsrResult>(makeCsrRequest, params));
        const sfs = workspaceStoreFs(dir, log);
        const existing: string[] = [];
        for (const f of made.plan.files) if (await sfs.stat(f.path)) existing.push(f.path);
        if (existing.length) throw new Error(l10n.t('{0} already exist in {1}: a key is never replaced (choose another folder)', existing.join(', '), vscode.workspace.asRelativePath(dir, true)));
        if (interactive) {
          const page = new WizardPage(title, pages + 1, pages + 1, pages > 0);
          const write = { label: l10n.t('$(check) Write {0} files', made.plan.files.length), write: true };
          const items: Array<vscode.QuickPickItem & { write?: boolean }> = [
            write,
            { label: l10n.t('Choices'), kind: vscode.QuickPickItemKind.Separator },
            { label: made.subject, description: l10n.t('Subject') },
            ...(made.sans.length ? [{ label: made.sans.join(', '), description: l10n.t('SANs') }] : []),
            { label: keyTypeTitles[keyType], description: l10n.t('Key') },
            { label: l10n.t('Will write'), kind: vscode.QuickPickItemKind.Separator },
            ...made.plan.files.map((f) => ({ label: `$(file) ${vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, ...f.path.split('/')), true)}`, description: f.description })),
          ];
          try {
            const [chosen] = await page.pick(items, { placeholder: l10n.t('Summary: nothing is written until you choose "Write"'), active: write });
            if (!chosen?.write) return undefined;
          } catch (e) {
            if (e instanceof WizardBack) {
              from = 'last';
              continue;
            }
            if (e instanceof WizardCancelled) return undefined;
            throw e;
          }
        }
        // New files only, key first, each created exclusively with its final mode; a half pair is removed.
        await vscode.workspace.fs.createDirectory(dir);
        const written: string[] = [];
        try {
          for (const f of made.plan.files) {
            await sfs.createExclusive(f.path, f.contents, f.mode);
            written.push(f.path);
          }
        } catch (e) {
          for (const p of written) await sfs.remove(p);
          throw e;
        }
        // Paths only, never the key.
        for (const p of written) log.info(l10n.t('{0}: wrote {1}', title, vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, ...p.split('/')), true)));
        const csrUri = vscode.Uri.joinPath(dir, ...made.csrPath.split('/'));
        const keyUri = vscode.Uri.joinPath(dir, ...made.keyPath.split('/'));
        log.info(l10n.t("{0}: on the CA's host: {1}", title, made.signCommand));
        if (interactive) void announce(csrUri, made);
        return { key: keyUri.toString(), csr: csrUri.toString(), subject: made.subject, signCommand: made.signCommand };
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${title}: ${message}`);
      if (interactive) void vscode.window.showErrorMessage(`${title}: ${message}`);
      else throw err instanceof Error ? err : new Error(message);
      return undefined;
    }
  };

  async function announce(csrUri: vscode.Uri, made: MakeCsrResult): Promise<void> {
    const open = l10n.t('Open');
    const reveal = l10n.t('Reveal in Explorer');
    const sign = l10n.t('Sign Now…');
    const choice = await vscode.window.showInformationMessage(l10n.t('{0}: key and request written ({1}). Send the .csr to whoever holds the CA; the key stays here.', title, made.subject), open, reveal, sign);
    if (choice === open) await vscode.window.showTextDocument(csrUri, { preview: false });
    else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', csrUri);
    else if (choice === sign) await vscode.commands.executeCommand('certwright.signCsr', { csrUri: csrUri.toString() } satisfies SignCsrLinkArgs);
  }

  return { createCsr };
}
