/**
 * Operator commands from the palette: Sign CSR… (also from a .csr file's context menu in
 * the Explorer and a CSR item of the Certificates view). The request is reviewed by the
 * server first (what it asks that the profile does not grant) and shown before anything
 * is signed; the CA's files are read and the certificate written under the CA lock, as
 * every issuing command does. An encrypted CA key's passphrase is asked with a password
 * box, kept in VS Code's secret storage only when the user says so, and never logged.
 *
 * With an argument object (`{ csr, dir, profile?, role?, sans?, days?, passphrase?, overwrite? }`)
 * the command runs without prompts, for automation and tests.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandTable } from './index';
import { issueRequest, type CaMaterial, type IssueParams, type IssueResult, type ProfileId } from '../../../server/src/protocol/issue';
import { CaStore, operationFingerprint, protectedFiles } from '../../../server/src/protocol/caStore';
import type { SignCsrLinkArgs } from '../../../server/src/protocol/inspect';
import { workspaceStoreFs } from './issue/writePlan';
import { exists, flowFrame, onCaLayout, serverLayouts, storedLayoutText } from './issue';
import { readCaFiles } from '../../../server/src/protocol/caLayout';
import { nodeOf } from './inspect';
import { roleWord } from '../views/roleWord';
import { CaPassphrases, isEncryptedKey } from './issue/passphrase';

export interface SignCsrArgs {
  /** The request: URI, absolute path or path relative to the first workspace folder. */
  csr?: string | vscode.Uri;
  /** The CA's folder (layout root). */
  dir?: string | vscode.Uri;
  profile?: ProfileId;
  role?: 'node' | 'client';
  sans?: string[];
  name?: string;
  days?: number;
  allowCapped?: boolean;
  /** An encrypted CA key's passphrase (automation); interactive runs ask for it. */
  passphrase?: string;
  /** Keep the passphrase in VS Code's secret storage (true) or not (false); interactive runs ask when undefined. */
  rememberPassphrase?: boolean;
  /** Replace existing files (otherwise refused). */
  overwrite?: boolean;
}

export interface SignCsrResult {
  readonly profile: ProfileId;
  readonly issued?: IssueResult['issued'];
  readonly notGranted: readonly string[];
  readonly written: string[];
}

const profileIds: readonly ProfileId[] = ['cockroach', 'dm', 'postgres', 'generic'];
const decoder = new TextDecoder();

function toUri(p: string | vscode.Uri): vscode.Uri {
  if (p instanceof vscode.Uri) return p;
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return vscode.Uri.file(p);
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) return vscode.Uri.parse(p);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error(vscode.l10n.t('{0} is relative and no folder is open', p));
  return vscode.Uri.joinPath(root, ...p.split('/'));
}

/** The CSR a context-menu invocation points at: an Explorer URI, a Certificates view item, or the hover's link (`{ csrUri }`). */
async function csrOfRow(arg: unknown): Promise<vscode.Uri | undefined> {
  const path = (await nodeOf(arg))?.location?.path;
  return typeof path === 'string' ? vscode.Uri.file(path) : undefined;
}

function csrFromContext(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const link = (arg as Partial<SignCsrLinkArgs> | undefined)?.csrUri;
  if (typeof link === 'string') return vscode.Uri.parse(link);
  const loc = (arg as { node?: { location?: { path?: unknown } }; location?: { path?: unknown } } | undefined)?.node?.location ?? (arg as { location?: { path?: unknown } } | undefined)?.location;
  return typeof loc?.path === 'string' ? vscode.Uri.file(loc.path) : undefined;
}


export function operatorCommands(services: Services): CommandTable {
  const log = services.output;
  const layout = serverLayouts(services);
  const passphrases = new CaPassphrases(services.context.secrets);

  const signCsr = async (raw?: unknown): Promise<SignCsrResult | undefined> => {
    const args: SignCsrArgs | undefined = raw && typeof raw === 'object' && !(raw instanceof vscode.Uri) && ('csr' in raw || 'dir' in raw) ? (raw as SignCsrArgs) : undefined;
    const interactive = !args;
    const title = vscode.l10n.t('Sign CSR');
    const untrusted = vscode.l10n.t('Certwright signs certificates only in a trusted workspace.');
    return flowFrame(log, { title, interactive }, untrusted, async (): Promise<SignCsrResult | undefined> => {
      // 1. The request.
      // A row of the paged Certificates view carries only what it shows: its node gives the file.
      let csrUri = args?.csr ? toUri(args.csr) : (csrFromContext(raw) ?? (await csrOfRow(raw)));
      const active = vscode.window.activeTextEditor?.document;
      if (!csrUri && active && /\.(csr|req)$/i.test(active.uri.path)) csrUri = active.uri;
      if (!csrUri && interactive) csrUri = (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Sign CSR: the request'), canSelectMany: false, filters: { [vscode.l10n.t('Certificate requests')]: ['csr', 'req', 'pem'] } }))?.[0];
      if (!csrUri) return undefined;
      const csrPem = decoder.decode(await vscode.workspace.fs.readFile(csrUri));
      // 2. The CA: its folder and profile (the profile whose CA files are there).
      let dir = args?.dir ? toUri(args.dir) : undefined;
      if (!dir && interactive) dir = (await vscode.window.showOpenDialog({ title: vscode.l10n.t("Sign CSR: the CA's folder"), canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri }))?.[0];
      if (!dir) return undefined;
      let profile = args?.profile;
      // An adopted CA: the profile its layout names (as the CLI detects it).
      if (!profile && (await storedLayoutText(dir)) !== undefined) profile = (await layout(undefined, dir)).profile;
      if (!profile) {
        const found: ProfileId[] = [];
        for (const p of profileIds) {
          const l = await layout(p);
          if ((await exists(vscode.Uri.joinPath(dir, ...l.caKey.split('/')))) && (await exists(vscode.Uri.joinPath(dir, ...l.caCert.split('/'))))) found.push(p);
        }
        if (found.length !== 1) throw new Error(found.length ? vscode.l10n.t('several CAs in {0} ({1}): give the profile', dir.fsPath, found.join(', ')) : vscode.l10n.t('no Certwright CA in {0}', dir.fsPath));
        profile = found[0]!;
      }
      const l = await layout(profile, dir);
      const signing = { kind: 'signCsr' as const, profile, csrPem, csrPath: csrUri.fsPath, ...(args?.role ? { role: args.role } : {}), ...(args?.sans?.length ? { sans: args.sans } : {}), ...(args?.name ? { name: args.name } : {}), ...(args?.days ? { days: args.days } : {}), ...(args?.allowCapped ? { allowCapped: true } : {}) };
      // On an adopted CA the operation carries its layout, as the CLI's does.
      const base = onCaLayout(signing, l) as typeof signing;
      // 3. The review, before anything is signed.
      const review = (await services.client.sendRequest<IssueResult>(issueRequest, { operation: { ...base, dryRun: true } } satisfies IssueParams)).csrReview!;
      if (interactive) {
        const detail = review.notGranted.length ? `${vscode.l10n.t('Requested but not granted (the {0} profile decides):', profile)}\n${review.notGranted.map((n) => `• ${n}`).join('\n')}` : vscode.l10n.t('Everything the request asks for is granted.');
        const sign = vscode.l10n.t('Sign');
        const question = vscode.l10n.t('Sign {0} ({1}) as a {2} certificate with the CA in {3}?', review.subject || vscode.l10n.t('this request'), review.keyType, roleWord(review.role, vscode.l10n), dir.fsPath);
        const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, sign);
        if (choice !== sign) return undefined;
      }
      // 4. Sign under the CA lock.
      const store = await CaStore.open(workspaceStoreFs(dir, log), l.caDir);
      try {
        const { certPem, keyPem, ...state } = await readCaFiles((p) => store.read(p), l);
        if (certPem === undefined || keyPem === undefined) throw new Error(vscode.l10n.t('no {0} CA in {1}', profile, dir.fsPath));
        const passOptions = { interactive, ...(args?.passphrase !== undefined ? { given: args.passphrase } : {}) };
        const first = isEncryptedKey(keyPem) ? await passphrases.obtain(dir, l.caKey, title, passOptions) : undefined;
        if (isEncryptedKey(keyPem) && !first) throw new Error(vscode.l10n.t('the CA key is encrypted: give its passphrase'));
        const { value: result, used: passphrase } = await passphrases.signing(dir, l.caKey, title, passOptions, first, (keyPassphrase) => {
          const ca: CaMaterial = { certPem, keyPem, ...(keyPassphrase !== undefined ? { keyPassphrase } : {}), ...state };
          return services.client.sendRequest<IssueResult>(issueRequest, { operation: base, ca } satisfies IssueParams);
        });
        const protect = protectedFiles(l);
        const { conflicts } = await store.check(result.plan, { protect });
        if (conflicts.length && !args?.overwrite) {
          const replaceLabel = vscode.l10n.t('Replace');
          const replace = interactive && (await vscode.window.showWarningMessage(vscode.l10n.t('{0} exist. Replace?', conflicts.map((c) => c.path).join(', ')), { modal: true }, replaceLabel)) === replaceLabel;
          if (!replace) throw new Error(vscode.l10n.t('refusing to replace {0}', conflicts.map((c) => c.path).join(', ')));
        }
        const commit = await store.commit(result.plan, { force: true, protect, description: `signCsr ${result.issued?.subject ?? ''} serial ${result.issued?.serial ?? ''}`, fingerprint: operationFingerprint(base) });
        // Paths only: never contents, never the passphrase.
        for (const w of commit.written) log.info(vscode.l10n.t('{0}: wrote {1} ({2})', title, w.path, w.description));
        if (passphrase) await passphrases.accepted(dir, passphrase, args?.rememberPassphrase);
        const signed = vscode.l10n.t('Sign CSR: {0} serial {1} → {2}', result.issued?.subject ?? '', result.issued?.serial ?? '', result.issued?.certPath ?? '');
        const summary = review.notGranted.length === 0 ? signed : review.notGranted.length === 1 ? vscode.l10n.t('{0} (1 request not granted)', signed) : vscode.l10n.t('{0} ({1} requests not granted)', signed, review.notGranted.length);
        log.info(summary);
        if (interactive) void vscode.window.showInformationMessage(summary);
        return { profile, issued: result.issued, notGranted: review.notGranted, written: commit.written.map((w) => vscode.Uri.joinPath(dir!, ...w.path.split('/')).toString()) };
      } finally {
        await store.release();
      }
    });
  };

  return { signCsr };
}
