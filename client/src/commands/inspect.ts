/**
 * Commands of the Certificates view and of inspection: refresh, reveal the
 * file, copy PEM / fingerprint / field, verify chain, go to issuer, show as
 * text (also used by the PEM CodeLens), open the decoded view, decode a
 * PKCS#12 with a password, and `getCertificateTree` for tests.
 */
import * as vscode from 'vscode';
import { Trace, type LanguageClient } from 'vscode-languageclient/node';
import type { Services } from '../services';
import type { CommandTable } from './index';
import {
  decodeFileRequest,
  verifyChainRequest,
  type DecodeFileParams,
  type DecodeFileResult,
  type ListCertificatesResult,
  type PkiNode,
  type ShowCertificateTextArgs,
  type VerifyChainResult,
} from '../../../server/src/protocol/inspect';
import { certificateTree, setTransientText, textScheme, type TreeElement } from '../views/certificateTree';
import { certificateEditorTypeFor } from '../editors/certificateEditor';

const pkcs12SecretPrefix = 'certwright.pkcs12:';

/**
 * Sends a request with the JSON-RPC trace switched off: a verbose trace would
 * otherwise copy the PKCS#12 password into the output channel.
 */
async function untraced<T>(client: LanguageClient, send: () => Promise<T>): Promise<T> {
  const configured = vscode.workspace.getConfiguration('certwright').get<string>('trace.server', 'off');
  if (configured === 'off') return send();
  await client.setTrace(Trace.Off);
  try {
    return await send();
  } finally {
    await client.setTrace(Trace.fromString(configured));
  }
}

/** The whole node of a tree row or an item id (the view's rows carry only what they show). */
export async function nodeOf(arg: unknown): Promise<PkiNode | undefined> {
  const el = arg as TreeElement | undefined;
  const id = el?.type === 'node' ? el.row.id : typeof arg === 'string' ? arg : undefined;
  return id ? certificateTree()?.node(id) : undefined;
}

async function uriOf(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(arg)) return vscode.Uri.parse(arg);
  const node = await nodeOf(arg);
  if (node) return vscode.Uri.file(node.location.path);
  return vscode.window.activeTextEditor?.document.uri;
}

function textUri(title: string, query: Record<string, unknown>): vscode.Uri {
  const safe = title.replace(/[\\/:*?"<>|#]/g, '_').slice(0, 80) || 'certificate';
  return vscode.Uri.from({ scheme: textScheme, path: `/${safe}.txt`, query: JSON.stringify(query) });
}

async function openText(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

const binaryFormats = new Set(['der', 'pkcs7', 'pkcs12']);

export function inspectCommands(services: Services): CommandTable {
  const { client } = services;

  async function describe(node: PkiNode, encoded = false) {
    const tree = certificateTree();
    if (tree) return tree.describe(node.id, encoded);
    throw new Error(vscode.l10n.t('the Certificates view is not available'));
  }

  return {
    refreshCertificates: () => certificateTree()?.refresh(true),

    /** Test API: the tree as the server sends it. Hidden from the palette. */
    getCertificateTree: async (): Promise<ListCertificatesResult | undefined> => certificateTree()?.load(),

    revealCertificateFile: async (arg: unknown) => {
      const node = await nodeOf(arg);
      if (!node) return;
      const uri = vscode.Uri.file(node.location.path);
      if (binaryFormats.has(node.location.format)) {
        await vscode.commands.executeCommand('vscode.openWith', uri, certificateEditorTypeFor(uri));
        return;
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc, { preview: true });
      if (node.location.start !== undefined && node.location.end !== undefined) {
        const range = new vscode.Range(doc.positionAt(node.location.start), doc.positionAt(node.location.end));
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    },

    copyCertificatePem: async (arg: unknown) => {
      const node = await nodeOf(arg);
      if (!node) return;
      // A row's description leaves out the PEM of objects over 1 MB (a large CRL); copying asks for it.
      const described = await describe(node);
      const d = described.pem || (node.kind !== 'certificate' && node.kind !== 'crl') ? described : await describe(node, true);
      if (!d.pem) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Only certificates and CRLs can be copied as PEM.'));
        return;
      }
      await vscode.env.clipboard.writeText(d.pem);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the PEM of {0}', node.label), 3000);
    },

    copyCertificateFingerprint: async (arg: unknown) => {
      const el = arg as TreeElement | undefined;
      // A tree field or node, or `{ sha256 }` from a hover link.
      const given = (arg as { sha256?: unknown } | undefined)?.sha256;
      const value = el?.type === 'field' ? el.field.value : typeof given === 'string' ? given : (await nodeOf(arg))?.sha256;
      if (!value) return;
      await vscode.env.clipboard.writeText(value);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', `${value.slice(0, 23)}…`), 3000);
    },

    copyCertificateField: async (arg: unknown) => {
      const el = arg as TreeElement | undefined;
      if (el?.type === 'field') await vscode.env.clipboard.writeText(el.field.value);
    },

    verifyCertificateChain: async (arg: unknown): Promise<VerifyChainResult | undefined> => {
      // A tree item, or an item id: the server knows every id, whether or not the view has shown that item yet.
      const el = arg as TreeElement | undefined;
      const id = el?.type === 'node' ? el.row.id : typeof arg === 'string' ? arg : undefined;
      if (!id) return undefined;
      const r = await client.sendRequest<VerifyChainResult>(verifyChainRequest, { id });
      if (r.ok) void vscode.window.showInformationMessage(r.summary);
      else void vscode.window.showWarningMessage(r.summary);
      return r;
    },

    /** Shows a certificate's row (an item id such as `cert:<sha256>`, from a hover link) in the Certificates view. */
    revealInCertificates: async (arg: unknown): Promise<boolean> => {
      const tree = certificateTree();
      const given = arg as TreeElement | undefined;
      const id = typeof arg === 'string' ? arg : given?.type === 'node' ? given.row.id : undefined;
      if (!tree?.view || !id) return false;
      if (await tree.reveal(id, { select: true, focus: true, expand: true })) return true;
      void vscode.window.showInformationMessage(vscode.l10n.t('This certificate is not in the Certificates view (is its file in the workspace and saved?).'));
      return false;
    },

    goToIssuer: async (arg: unknown) => {
      const node = await nodeOf(arg);
      const tree = certificateTree();
      if (!node?.issuerId || !tree?.view) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The issuer of this certificate is not in the workspace.'));
        return;
      }
      await tree.reveal(node.issuerId, { select: true, focus: true, expand: false });
    },

    /**
     * "Show as text": `{uri, blockIndex}` (the PEM CodeLens), a tree node, or a URI (whole file).
     * Opens a read-only `certwright:` document.
     */
    showCertificateText: async (arg: unknown): Promise<vscode.TextEditor | undefined> => {
      const args = arg as Partial<ShowCertificateTextArgs> | undefined;
      if (args && typeof args.uri === 'string' && typeof args.blockIndex === 'number') {
        const name = args.uri.replace(/^.*\//, '');
        return openText(textUri(`${decodeURIComponent(name)} #${args.blockIndex + 1}`, { uri: args.uri, blockIndex: args.blockIndex }));
      }
      const node = await nodeOf(arg);
      if (node) {
        if (node.location.format === 'pem') return openText(textUri(`${node.label}`, { uri: vscode.Uri.file(node.location.path).toString(), blockIndex: node.location.index }));
        const d = await describe(node);
        if (d.der) return openText(textUri(node.label, { der: d.der }));
        return openText(textUri(node.label, { decodeFile: vscode.Uri.file(node.location.path).toString() }));
      }
      const uri = await uriOf(arg);
      if (!uri) return undefined;
      return openText(textUri(uri.path.replace(/^.*\//, ''), { decodeFile: uri.toString() }));
    },

    openDecodedView: async (arg: unknown) => {
      const uri = await uriOf(arg);
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, certificateEditorTypeFor(uri), vscode.ViewColumn.Beside);
    },

    /** Asks for the password, decrypts once on the server, shows the result as a read-only document. */
    decodePkcs12: async (arg: unknown): Promise<DecodeFileResult | undefined> => {
      const uri = await uriOf(arg);
      if (!uri) return undefined;
      const secretKey = `${pkcs12SecretPrefix}${uri.toString()}`;
      let password = await services.context.secrets.get(secretKey);
      let fromSecrets = password !== undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        if (password === undefined) {
          password = await vscode.window.showInputBox({
            title: vscode.l10n.t('Password for {0}', uri.path.replace(/^.*\//, '')),
            prompt: vscode.l10n.t('Used once to decrypt this PKCS#12 file; not stored unless you choose to.'),
            password: true,
            ignoreFocusOut: true,
          });
          if (password === undefined) return undefined;
          fromSecrets = false;
        }
        const params: DecodeFileParams = { uri: uri.toString(), password, showInTree: true };
        const r = await untraced(client, () => client.sendRequest<DecodeFileResult>(decodeFileRequest, params));
        if (r.passwordError) {
          if (fromSecrets) await services.context.secrets.delete(secretKey);
          password = undefined;
          const tryAgain = vscode.l10n.t('Try Again');
          const again = await vscode.window.showWarningMessage(`${r.passwordError}`, tryAgain);
          if (again !== tryAgain) return r;
          continue;
        }
        const doc = textUri(r.title, { transient: Date.now() });
        setTransientText(doc, r.text);
        await openText(doc);
        certificateTree()?.scheduleRefresh(0);
        if (!fromSecrets) {
          const toKeep = password;
          const remember = vscode.l10n.t('Remember');
          void vscode.window.showInformationMessage(vscode.l10n.t("Remember this PKCS#12 password in VS Code's secret storage (encrypted by the OS keychain)?"), remember, vscode.l10n.t('No')).then((keep) => {
            if (keep === remember) void services.context.secrets.store(secretKey, toKeep);
          });
        }
        return r;
      }
      return undefined;
    },
  };
}
