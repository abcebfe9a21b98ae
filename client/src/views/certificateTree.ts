/**
 * The "Certificates" view in the Explorer: the workspace PKI as the server
 * groups it (`certwright/listCertificates`), fields fetched on expansion
 * (`certwright/describeItem`), live updates on `certwright/certificatesChanged`
 * (debounced). Also the read-only `certwright:` documents ("Show as text");
 * binary files open in the certificate editor (editors/certificateEditor.ts).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import {
  certificatesChangedNotification,
  decodeFileRequest,
  describeItemRequest,
  listCertificatesRequest,
  type DecodeFileParams,
  type DecodeFileResult,
  type DescribeItemResult,
  type ListCertificatesResult,
  type PkiField,
  type PkiLocation,
  type PkiNode,
  type PkiStatus,
} from '../../../server/src/protocol/inspect';
import { RotationNotes } from './rotationNotes';
import { roleWord } from './roleWord';
import { tooltipMarkdown } from './tooltipMarkdown';

export const viewId = 'certwright.certificates';
export const textScheme = 'certwright';

export type TreeElement =
  | { readonly type: 'node'; readonly node: PkiNode; readonly parentId?: string }
  | { readonly type: 'field'; readonly field: PkiField; readonly ownerId: string }
  /** Collapsed "Details" group of a CA's fields, so what it issued stays in view. */
  | { readonly type: 'details'; readonly ownerId: string }
  | { readonly type: 'info'; readonly label: string; readonly description?: string; readonly tooltip?: string; readonly path?: string }
  /** One of several files holding the same certificate (the deployed file, the CA's newcerts/ copy...). */
  | { readonly type: 'location'; readonly location: PkiLocation; readonly ownerId: string; readonly primary: boolean };

/** `openssl ca` keeps a copy of every certificate it issued in `<dir>/newcerts/<serial>.pem`. */
const archiveCopy = /(^|[\\/])newcerts[\\/][^\\/]+$/;

const statusIcons: Readonly<Record<PkiStatus, [string, string]>> = {
  error: ['error', 'list.errorForeground'],
  invalid: ['error', 'list.errorForeground'],
  revoked: ['circle-slash', 'list.errorForeground'],
  expired: ['error', 'list.errorForeground'],
  notYetValid: ['watch', 'list.warningForeground'],
  badSignature: ['unverified', 'list.errorForeground'],
  keyMismatch: ['key', 'list.errorForeground'],
  untrusted: ['unverified', 'list.warningForeground'],
  expiringSoon: ['warning', 'list.warningForeground'],
  stale: ['warning', 'list.warningForeground'],
  locked: ['lock', 'descriptionForeground'],
  unmatchedKey: ['key', 'descriptionForeground'],
};

const roleIcons: Readonly<Record<string, string>> = { ca: 'verified-filled', intermediate: 'verified', server: 'server', client: 'account', node: 'server-environment', other: 'file' };
const kindIcons: Readonly<Record<string, string>> = { key: 'key', crl: 'list-unordered', csr: 'edit', pkcs12: 'package', error: 'error' };

function iconFor(node: PkiNode): vscode.ThemeIcon {
  const worst = node.status[0];
  if (worst) {
    const [icon, color] = statusIcons[worst];
    return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  }
  if (node.kind === 'certificate') return new vscode.ThemeIcon(roleIcons[node.role ?? 'other'] ?? 'file', node.role === 'ca' || node.role === 'intermediate' ? new vscode.ThemeColor('charts.green') : undefined);
  return new vscode.ThemeIcon(kindIcons[node.kind] ?? 'file');
}

/** A status as a screen reader says it (the row's icon shows it). */
function statusWord(s: PkiStatus): string {
  switch (s) {
    case 'error':
      return vscode.l10n.t('unreadable');
    case 'invalid':
      return vscode.l10n.t('verifiers reject it');
    case 'revoked':
      return vscode.l10n.t('revoked');
    case 'expired':
      return vscode.l10n.t('expired');
    case 'notYetValid':
      return vscode.l10n.t('not yet valid');
    case 'badSignature':
      return vscode.l10n.t('signature does not verify');
    case 'keyMismatch':
      return vscode.l10n.t('key mismatch');
    case 'untrusted':
      return vscode.l10n.t('issuer not in the workspace');
    case 'expiringSoon':
      return vscode.l10n.t('expiring soon');
    case 'stale':
      return vscode.l10n.t('CRL past its next update');
    case 'locked':
      return vscode.l10n.t('encrypted');
    case 'unmatchedKey':
      return vscode.l10n.t('no certificate has this key');
  }
}

/** `contextValue` drives the item menus in package.json (`viewItem =~ /^certificate/`...). */
function contextValue(node: PkiNode): string {
  if (node.kind === 'certificate') return node.issuerId ? 'certificate.withIssuer' : 'certificate';
  return node.kind;
}

export class CertificateTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: ListCertificatesResult | undefined;
  private loading: Promise<ListCertificatesResult> | undefined;
  private readonly details = new Map<string, Promise<DescribeItemResult>>();
  private readonly nodes = new Map<string, TreeElement & { type: 'node' }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly loaded = new vscode.EventEmitter<ListCertificatesResult>();
  /** Fires after each tree load (tests wait on it). */
  readonly onDidLoad = this.loaded.event;
  view: vscode.TreeView<TreeElement> | undefined;
  /** The CA rotation step shown on the CAs of a rotation. */
  private readonly rotation: RotationNotes;

  constructor(private readonly services: Services) {
    this.rotation = new RotationNotes(services);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    this.loaded.dispose();
  }

  /** Re-reads the tree; `rescan` asks the server to re-scan the workspace. */
  refresh(rescan = false): void {
    this.tree = undefined;
    this.loading = undefined;
    this.details.clear();
    this.pendingRescan ||= rescan;
    this.changed.fire(undefined);
  }

  private pendingRescan = false;

  /** Debounced refresh for file-change notifications. */
  scheduleRefresh(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(false), delayMs);
  }

  /** The current tree, loading it if needed. */
  load(): Promise<ListCertificatesResult> {
    if (this.tree) return Promise.resolve(this.tree);
    if (!this.loading) {
      const refresh = this.pendingRescan;
      this.pendingRescan = false;
      const p = this.services.client.sendRequest<ListCertificatesResult>(listCertificatesRequest, { refresh }).then(async (t) => {
        await this.rotation.update(t.roots);
        if (this.loading === p) {
          this.tree = t;
          this.index(t);
          this.updateMessage(t);
        }
        this.loaded.fire(t);
        return t;
      });
      this.loading = p;
    }
    return this.loading;
  }

  private index(t: ListCertificatesResult): void {
    this.nodes.clear();
    const walk = (nodes: readonly PkiNode[], parentId?: string): void => {
      for (const node of nodes) {
        if (!this.nodes.has(node.id)) this.nodes.set(node.id, { type: 'node', node, parentId });
        walk(node.children, node.id);
      }
    };
    walk(t.roots);
  }

  private updateMessage(t: ListCertificatesResult): void {
    if (!this.view) return;
    const c = t.counts;
    this.view.message = t.roots.length ? undefined : vscode.l10n.t('No certificates, keys or CRLs in this workspace.');
    this.view.description = c.certificates ? (c.certificates === 1 ? vscode.l10n.t('1 certificate') : vscode.l10n.t('{0} certificates', c.certificates)) : undefined;
  }

  element(id: string): (TreeElement & { type: 'node' }) | undefined {
    return this.nodes.get(id);
  }

  describe(id: string): Promise<DescribeItemResult> {
    let d = this.details.get(id);
    if (!d) {
      d = this.services.client.sendRequest<DescribeItemResult>(describeItemRequest, { id });
      this.details.set(id, d);
      d.catch(() => this.details.delete(id));
    }
    return d;
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    if (!element) {
      const t = await this.load();
      const out: TreeElement[] = t.roots.map((node) => this.nodes.get(node.id) ?? { type: 'node', node });
      for (const big of t.tooLarge) out.push({ type: 'info', label: big.path.replace(/^.*[\\/]/, ''), description: vscode.l10n.t('too large to read ({0} MB)', (big.size / 1024 / 1024).toFixed(1)), tooltip: big.path, path: big.path });
      return out;
    }
    if (element.type === 'details') return this.fields(element.ownerId);
    if (element.type !== 'node') return [];
    const node = element.node;
    const children: TreeElement[] = node.children.map((c) => this.nodes.get(c.id) ?? ({ type: 'node', node: c, parentId: node.id } as const));
    if (node.kind === 'error') return children;
    // The same certificate in several files: each file, the deployed one first (the server orders them).
    if (node.locations.length > 1) children.unshift(...node.locations.map((location, i) => ({ type: 'location', location, ownerId: node.id, primary: i === 0 }) as const));
    // A CA's fields go into a "Details" group; a leaf shows its fields directly.
    if (node.children.some((c) => c.kind === 'certificate' || c.kind === 'crl')) return [{ type: 'details', ownerId: node.id }, ...children];
    return [...(await this.fields(node.id)), ...children];
  }

  private async fields(id: string): Promise<TreeElement[]> {
    try {
      const d = await this.describe(id);
      return d.fields.map((field) => ({ type: 'field', field, ownerId: id }));
    } catch (err) {
      return [{ type: 'info', label: vscode.l10n.t('Details unavailable'), description: err instanceof Error ? err.message : String(err) }];
    }
  }

  private relative(path: string): string {
    return relativeToWorkspace(path);
  }

  getParent(element: TreeElement): TreeElement | undefined {
    if (element.type === 'node') return element.parentId ? this.nodes.get(element.parentId) : undefined;
    if (element.type === 'field' || element.type === 'details' || element.type === 'location') return this.nodes.get(element.ownerId);
    return undefined;
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    if (element.type === 'details') {
      const item = new vscode.TreeItem(vscode.l10n.t('Details'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${element.ownerId}/details`;
      item.iconPath = new vscode.ThemeIcon('list-selection');
      item.contextValue = 'details';
      return item;
    }
    if (element.type === 'field') {
      const item = new vscode.TreeItem(element.field.label, vscode.TreeItemCollapsibleState.None);
      item.description = element.field.value;
      item.tooltip = `${element.field.label}: ${element.field.value}`;
      item.contextValue = /fingerprint/i.test(element.field.label) ? 'field.fingerprint' : 'field';
      item.id = `${element.ownerId}/${element.field.label}`;
      return item;
    }
    if (element.type === 'location') {
      const { location } = element;
      const item = new vscode.TreeItem(this.relative(location.path), vscode.TreeItemCollapsibleState.None);
      item.id = `${element.ownerId}/file/${location.path}#${location.index}`;
      item.description = archiveCopy.test(location.path) ? vscode.l10n.t("the CA's archive copy") : element.primary ? vscode.l10n.t('deployed file') : location.format === 'pem' && location.index > 0 ? vscode.l10n.t('block {0}', location.index + 1) : location.format;
      item.tooltip = location.path;
      item.iconPath = new vscode.ThemeIcon(archiveCopy.test(location.path) ? 'archive' : 'file');
      item.resourceUri = vscode.Uri.file(location.path);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(location.path)] };
      item.contextValue = 'location';
      return item;
    }
    if (element.type === 'info') {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
      item.description = element.description;
      item.tooltip = element.tooltip;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'info';
      if (element.path) item.resourceUri = vscode.Uri.file(element.path);
      return item;
    }
    const node = element.node;
    const childCerts = node.children.filter((c) => c.kind === 'certificate').length;
    // Roots with what they issued start expanded, and so do small intermediates.
    const expand = childCerts > 0 && (!element.parentId || node.children.length <= 50);
    const state = node.kind === 'error' ? vscode.TreeItemCollapsibleState.None : expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = `${element.parentId ?? ''}>${node.id}`;
    const rotation = this.rotation.noteFor(node);
    item.description = (node.kind === 'certificate' && node.role ? `${roleWord(node.role, vscode.l10n)} · ${node.description}` : node.description) + (rotation ? ` · ${rotation}` : '');
    item.tooltip = markdownTooltip(node.tooltip);
    item.iconPath = iconFor(node);
    item.contextValue = contextValue(node);
    item.resourceUri = undefined;
    item.accessibilityInformation = { label: [node.label, item.description, ...node.status.map(statusWord)].filter(Boolean).join(', ') };
    return item;
  }
}

/** The server's plain-text tooltip with codicon marks (the tree's tooltips follow the hovers). */
function markdownTooltip(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(tooltipMarkdown(text), true);
  md.isTrusted = false;
  return md;
}

let provider: CertificateTreeProvider | undefined;

export function relativeToWorkspace(path: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.file(path), false);
}

/** The tree provider, once the view is registered (commands use it). */
export function certificateTree(): CertificateTreeProvider | undefined {
  return provider;
}

/** Transient contents of `certwright:` documents (decrypted PKCS#12 text is never re-requested). */
const transientTexts = new Map<string, string>();

export function setTransientText(uri: vscode.Uri, text: string): void {
  transientTexts.set(uri.toString(), text);
  if (transientTexts.size > 50) transientTexts.delete(transientTexts.keys().next().value!);
}

/** `certwright:` read-only documents: `certwright:/<title>.txt?<json of certificateText params>`. */
class TextProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly services: Services) {}
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const transient = transientTexts.get(uri.toString());
    if (transient !== undefined) return transient;
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(uri.query) as Record<string, unknown>;
    } catch {
      return `${vscode.l10n.t('Malformed certwright: URI.')}\n`;
    }
    if (params.decodeFile) {
      const r = await this.services.client.sendRequest<DecodeFileResult>(decodeFileRequest, { uri: String(params.decodeFile) } satisfies DecodeFileParams);
      return r.text;
    }
    const r = await this.services.client.sendRequest<{ text: string }>('certwright/certificateText', params);
    return r.text;
  }
}

export function registerCertificateTree(services: Services): void {
  const p = (provider = new CertificateTreeProvider(services));
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: p, showCollapseAll: true });
  p.view = view;
  services.context.subscriptions.push(
    p,
    view,
    vscode.workspace.registerTextDocumentContentProvider(textScheme, new TextProvider(services)),
    services.client.onNotification(certificatesChangedNotification, () => p.scheduleRefresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('certwright.expiryWarningDays')) p.scheduleRefresh(0);
    }),
  );
}
