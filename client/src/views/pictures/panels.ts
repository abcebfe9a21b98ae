/**
 * The pictures' webview panels: "Show Expiry Timeline" and "Show Chain
 * Diagram". Each draws the tree as the pictures need it (`certwright/pictureTree`: certificates,
 * CRLs and keys, without tooltips and file lists) with a pure SVG module, redraws when
 * the workspace PKI or the warning window changes, and opens an item's file
 * when its bar or box is clicked (or Enter is pressed on it).
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { certificatesChangedNotification, pictureTreeRequest, type PictureTreeResult } from '../../../../server/src/protocol/inspect';
import { webviewHtml, webviewOptions } from '../../editors/webviewHtml';
import { timeline } from './timeline';
import { chainDiagram } from './chainDiagram';

type PictureKind = 'timeline' | 'chain';

/** What the page reports after drawing (the test hook returns it). */
export interface PictureRendered {
  /** Elements that open an item (bars or boxes). */
  readonly openable: number;
  readonly labels: readonly string[];
}

export interface PictureState {
  readonly kind: PictureKind;
  /** Item ids drawn, in order. */
  readonly ids: readonly string[];
  readonly total: number;
  readonly rendered?: PictureRendered;
}

function titleOf(kind: PictureKind): string {
  return kind === 'timeline' ? vscode.l10n.t('Certificate Expiry Timeline') : vscode.l10n.t('Certificate Chain Diagram');
}

interface Drawn {
  readonly svg: string;
  readonly ids: readonly string[];
  readonly total: number;
  readonly legend: readonly { readonly cls: string; readonly text: string }[];
  readonly summary: string;
}

function draw(kind: PictureKind, tree: PictureTreeResult): Drawn {
  const now = Date.now();
  const warningDays = vscode.workspace.getConfiguration('certwright').get<number>('expiryWarningDays', 30);
  if (kind === 'timeline') {
    const t = timeline(tree, { now, warningDays, l10n: vscode.l10n });
    const expired = t.items.filter((i) => i.tone === 'error').length;
    const expiring = t.items.filter((i) => i.tone === 'warn').length;
    return {
      svg: t.svg,
      ids: t.items.map((i) => i.id),
      total: t.total,
      legend: [
        { cls: 'bar-ok', text: vscode.l10n.t('valid') },
        { cls: 'bar-warn', text: vscode.l10n.t('expiring within {0} days', warningDays) },
        { cls: 'bar-error', text: vscode.l10n.t('expired, revoked or stale') },
        { cls: 'bar-crl', text: vscode.l10n.t('CRL') },
        { cls: 'bar-none', text: vscode.l10n.t('not yet valid') },
      ],
      summary: vscode.l10n.t('{0} of {1} certificates and CRLs · {2} expired, revoked or stale · {3} expiring within {4} days', t.items.length, t.total, expired, expiring, warningDays),
    };
  }
  const d = chainDiagram(tree, { now, l10n: vscode.l10n });
  return {
    svg: d.svg,
    ids: d.boxes.map((b) => b.id),
    total: d.total,
    legend: [
      { cls: 'badge-ok', text: vscode.l10n.t('key matches / CRL current') },
      { cls: 'badge-error', text: vscode.l10n.t('key mismatch, revoked or CRL stale') },
      { cls: 'badge-warn', text: vscode.l10n.t('expiring, not yet valid or issuer missing (box outline)') },
    ],
    summary: vscode.l10n.t('{0} of {1} certificates', d.boxes.length, d.total),
  };
}

class PicturePanel {
  state: PictureState;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly kind: PictureKind,
    readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly onRendered: () => void,
    onDispose: () => void,
  ) {
    this.state = { kind, ids: [], total: 0 };
    panel.webview.options = webviewOptions(services.context);
    panel.webview.html = webviewHtml(panel.webview, services.context, 'picture.js', titleOf(kind));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: { type: string; id?: string; rendered?: PictureRendered }) => {
        if (m.type === 'ready') void this.refresh();
        else if (m.type === 'open' && typeof m.id === 'string') void this.open(m.id);
        else if (m.type === 'rendered' && m.rendered) {
          this.state = { ...this.state, rendered: m.rendered };
          this.onRendered();
        }
      }),
      services.client.onNotification(certificatesChangedNotification, () => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('certwright.expiryWarningDays')) void this.refresh();
      }),
    );
    panel.onDidDispose(() => {
      for (const d of this.disposables) d.dispose();
      onDispose();
    });
  }

  /** Opens an item's file (the command asks the server where the item is). */
  private async open(id: string): Promise<void> {
    await vscode.commands.executeCommand('certwright.revealCertificateFile', id);
  }

  async refresh(): Promise<void> {
    const list = await this.services.client.sendRequest<PictureTreeResult>(pictureTreeRequest, {});
    const drawn = draw(this.kind, list);
    this.state = { kind: this.kind, ids: drawn.ids, total: drawn.total };
    void this.panel.webview.postMessage({ type: 'picture', title: titleOf(this.kind), summary: drawn.summary, legend: drawn.legend, svg: drawn.svg });
  }
}

/** Test hook (not in the palette): the open pictures, once drawn. */
export const pictureStateCommand = 'certwright.test.pictureState';

export function registerPictures(services: Services): void {
  const open = new Map<PictureKind, PicturePanel>();
  const rendered = new vscode.EventEmitter<void>();
  const show = (kind: PictureKind) => async (): Promise<void> => {
    const existing = open.get(kind);
    if (existing) {
      existing.panel.reveal();
      await existing.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(`certwright.${kind}`, titleOf(kind), vscode.ViewColumn.Active, webviewOptions(services.context));
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'client', 'media', 'certwright.svg');
    open.set(kind, new PicturePanel(kind, panel, services, () => rendered.fire(), () => open.delete(kind)));
  };
  services.context.subscriptions.push(
    rendered,
    services.registerCommand('certwright.showExpiryTimeline', show('timeline')),
    services.registerCommand('certwright.showChainDiagram', show('chain')),
    services.registerCommand(pictureStateCommand, async (kind: PictureKind, waitMs: number = 0): Promise<PictureState | undefined> => {
      const done = () => open.get(kind)?.state.rendered;
      if (!done() && waitMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, waitMs);
          const sub = rendered.event(() => {
            if (done()) finish();
          });
          function finish(): void {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      }
      return open.get(kind)?.state;
    }),
  );
}
