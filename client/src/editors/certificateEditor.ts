/**
 * The certificate editor: a read-only custom editor for certificate files.
 * It opens by default for binary DER, PKCS#7 and PKCS#12 files
 * (`certwright.certificateEditor`) and on demand for PEM and other text files
 * (`certwright.decodedView`, "Open in Certificate Editor"). The server decodes
 * the file and joins it with the workspace PKI (`certwright/decodeFile` with
 * `editor: true`); the webview (client/media/certificateEditor.js) only renders
 * that model. A PKCS#12 password is asked in a password input, sent once with
 * the request and never stored.
 */
import * as vscode from 'vscode';
import { Trace } from 'vscode-languageclient/node';
import type { Services } from '../services';
import { certificatesChangedNotification, decodeFileRequest, type DecodeFileParams, type DecodeFileResult, type EditorModel } from '../../../server/src/protocol/inspect';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** Opens by default for binary files (see package.json `customEditors`). */
export const certificateEditorType = 'certwright.certificateEditor';
/** The same editor for PEM and text files, opened on demand. */
export const certificateEditorTextType = 'certwright.decodedView';

/** What the webview reports after rendering a model (the test hook returns it). */
export interface RenderedSummary {
  readonly cards: number;
  readonly headings: readonly string[];
  readonly banners: readonly string[];
  readonly chainLinks: number;
  readonly copyButtons: number;
  readonly locked: boolean;
}

export interface EditorState {
  readonly uri: string;
  readonly model?: EditorModel;
  readonly rendered?: RenderedSummary;
}

type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'copy'; readonly value: string }
  | { readonly type: 'open'; readonly id?: string; readonly path?: string }
  | { readonly type: 'unlock' }
  | { readonly type: 'rendered'; readonly summary: RenderedSummary };

interface Open {
  readonly uri: vscode.Uri;
  readonly panel: vscode.WebviewPanel;
  model?: EditorModel;
  rendered?: RenderedSummary;
  /** Decrypted PKCS#12 contents stay for this editor's life only. */
  unlocked?: boolean;
}

class CertificateEditorProvider implements vscode.CustomReadonlyEditorProvider {
  readonly open = new Set<Open>();
  private readonly renderedEmitter = new vscode.EventEmitter<Open>();
  readonly onDidRender = this.renderedEmitter.event;

  constructor(private readonly services: Services) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { context } = this.services;
    const entry: Open = { uri: document.uri, panel };
    this.open.add(entry);
    panel.webview.options = webviewOptions(context);
    panel.webview.html = webviewHtml(panel.webview, context, 'certificateEditor.js', document.uri.path.replace(/^.*\//, ''));
    const subs: vscode.Disposable[] = [];
    subs.push(
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(entry, m)),
      // The file changed on disk, or the workspace PKI changed (a CRL revoking it, its issuer added).
      this.services.client.onNotification(certificatesChangedNotification, () => {
        if (!entry.unlocked) void this.load(entry);
      }),
    );
    const dir = vscode.Uri.joinPath(document.uri, '..');
    if (document.uri.scheme === 'file') {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, document.uri.path.replace(/^.*\//, '')));
      subs.push(watcher, watcher.onDidChange(() => void this.load(entry)));
    }
    panel.onDidDispose(() => {
      this.open.delete(entry);
      for (const s of subs) s.dispose();
    });
  }

  private async onMessage(entry: Open, m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (entry.model) this.post(entry);
        else await this.load(entry);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(String(m.value));
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', `${String(m.value).slice(0, 23)}${String(m.value).length > 23 ? '…' : ''}`), 3000);
        return;
      case 'open':
        await openItem(m.id, m.path);
        return;
      case 'unlock':
        await this.unlock(entry);
        return;
      case 'rendered':
        entry.rendered = m.summary;
        this.renderedEmitter.fire(entry);
        return;
    }
  }

  private post(entry: Open): void {
    void entry.panel.webview.postMessage({ type: 'model', model: entry.model, strings: webviewStrings() });
  }

  private async request(params: DecodeFileParams): Promise<EditorModel> {
    const r = await this.services.client.sendRequest<DecodeFileResult>(decodeFileRequest, { ...params, editor: true });
    return r.editor ?? { title: r.title, format: r.format, cards: [], raw: r.text };
  }

  async load(entry: Open): Promise<void> {
    try {
      entry.model = await this.request({ uri: entry.uri.toString() });
    } catch (err) {
      entry.model = { title: entry.uri.path.replace(/^.*\//, ''), format: 'none', cards: [{ kind: 'error', heading: vscode.l10n.t('Cannot decode this file'), banner: { level: 'error', title: vscode.l10n.t('Cannot decode'), detail: err instanceof Error ? err.message : String(err) }, badges: [], sections: [], chain: [] }], raw: '' };
    }
    entry.rendered = undefined;
    this.post(entry);
  }

  /** Asks for the password (never stored), decrypts on the server, shows the contents in this editor. */
  private async unlock(entry: Open): Promise<void> {
    const password = await vscode.window.showInputBox({
      title: vscode.l10n.t('Password for {0}', entry.uri.path.replace(/^.*\//, '')),
      prompt: vscode.l10n.t('Used once to decrypt this PKCS#12 file, never stored.'),
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
    const client = this.services.client;
    // A verbose trace would copy the password into the output channel: trace off for this request.
    const configured = vscode.workspace.getConfiguration('certwright').get<string>('trace.server', 'off');
    if (configured !== 'off') await client.setTrace(Trace.Off);
    try {
      const model = await this.request({ uri: entry.uri.toString(), password, showInTree: false });
      entry.unlocked = !model.locked;
      entry.model = model;
    } catch (err) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Cannot decrypt {0}: {1}', entry.uri.path.replace(/^.*\//, ''), err instanceof Error ? err.message : String(err)));
      return;
    } finally {
      if (configured !== 'off') await client.setTrace(Trace.fromString(configured));
    }
    entry.rendered = undefined;
    this.post(entry);
  }

  state(uri?: vscode.Uri): EditorState[] {
    return [...this.open].filter((e) => !uri || e.uri.toString() === uri.toString()).map((e) => ({ uri: e.uri.toString(), model: e.model, rendered: e.rendered }));
  }

  dispose(): void {
    this.renderedEmitter.dispose();
  }
}

/** The page's own words (client/media/certificateEditor.js), translated here: the webview has no vscode.l10n. */
export function webviewStrings(): Record<string, string> {
  return {
    copy: vscode.l10n.t('Copy'),
    copyLabel: vscode.l10n.t('Copy {0}'),
    chain: vscode.l10n.t('Chain'),
    chainList: vscode.l10n.t('Certificate chain, leaf first'),
    thisCertificate: vscode.l10n.t('{0} (this certificate)'),
    objectOf: vscode.l10n.t('Object {0} of {1}'),
    problems: vscode.l10n.t('Problems'),
    lockedTitle: vscode.l10n.t('Encrypted parts need a password'),
    lockedDetail: vscode.l10n.t('The password is used once to decrypt this file and never stored.'),
    enterPassword: vscode.l10n.t('Enter Password…'),
    raw: vscode.l10n.t('Raw fields (as openssl -text prints them)'),
  };
}

const binaryExtensions = /\.(der|p7b|p7c|p12|pfx)$/i;

/** Opens a workspace item: binary files in the certificate editor, text files at the item. */
async function openItem(id: string | undefined, path: string | undefined): Promise<void> {
  if (id) {
    await vscode.commands.executeCommand('certwright.revealCertificateFile', id);
    return;
  }
  if (!path) return;
  const uri = vscode.Uri.file(path);
  await vscode.commands.executeCommand('vscode.openWith', uri, binaryExtensions.test(path) ? certificateEditorType : 'default');
}

/** The editor type for a file: the default one for binary files, the on-demand one for text files. */
export function certificateEditorTypeFor(uri: vscode.Uri): string {
  return binaryExtensions.test(uri.path) ? certificateEditorType : certificateEditorTextType;
}

/** Test hook (not in the palette): the editors' models and what their webviews rendered. */
export const editorStateCommand = 'certwright.test.certificateEditorState';

export function registerCertificateEditor(services: Services): void {
  const provider = new CertificateEditorProvider(services);
  services.context.subscriptions.push(
    provider,
    services.registerCustomEditor(certificateEditorType, provider),
    services.registerCustomEditor(certificateEditorTextType, provider),
    services.registerCommand(editorStateCommand, async (uri?: vscode.Uri | string, waitMs: number = 0): Promise<EditorState[]> => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
      const done = () => provider.state(target).filter((s) => s.rendered);
      if (!waitMs || done().length) return provider.state(target);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => finish(), waitMs);
        const sub = provider.onDidRender(() => {
          if (done().length) finish();
        });
        function finish(): void {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
      return provider.state(target);
    }),
  );
}
