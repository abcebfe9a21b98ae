/**
 * The "Certificates" view in the Explorer: the workspace PKI as the server
 * groups it, a page of rows at a time (`certwright/listRows`: what each row
 * shows; tooltips, files and fields fetched on hover and expansion with
 * `certwright/describeItem`), live updates on `certwright/certificatesChanged`
 * (debounced). Also the read-only `certwright:` documents ("Show as text");
 * binary files open in the certificate editor (editors/certificateEditor.ts).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import {
  certificatesChangedNotification,
  decodeFileRequest,
  decodeRow,
  describeItemRequest,
  listCertificatesRequest,
  listRowsRequest,
  type DecodeFileParams,
  type DecodeFileResult,
  type DescribeItemParams,
  type DescribeItemResult,
  type ListCertificatesResult,
  type ListRowsParams,
  type ListRowsResult,
  type PkiField,
  type PkiLocation,
  type PkiNode,
  type PkiRow,
  type PkiStatus,
} from '../../../server/src/protocol/inspect';
import { RotationNotes } from './rotationNotes';
import { RowPages, type RowPage } from './rowPages';
import { roleWord } from './roleWord';
import { tooltipMarkdown } from './tooltipMarkdown';

export const viewId = 'certwright.certificates';
export const textScheme = 'certwright';

/** Rows asked for per page (a first screen; "Show more" asks for the next). */
export const rowsPageSize = 200;
/** Hidden command of the "Show more" row. */
const showMoreCommand = 'certwright.showMoreCertificates';
/** The waits before each new try of a reveal that met VS Code redrawing the view (a loaded machine redraws slowly). */
const revealRetryMs = [100, 250, 500, 1000, 2000];

/** A row; it knows its parent row, so VS Code finds the way to it whatever the view has loaded. */
export interface RowElement {
  readonly type: 'node';
  readonly row: PkiRow;
  readonly parent?: RowElement;
}

export type TreeElement =
  | RowElement
  /** The rest of a long level: "Show more". */
  | { readonly type: 'more'; readonly parent?: RowElement; readonly shown: number; readonly total: number }
  | { readonly type: 'field'; readonly field: PkiField; readonly owner: RowElement }
  /** Collapsed "Details" group of a CA's fields, so what it issued stays in view. */
  | { readonly type: 'details'; readonly owner: RowElement }
  | { readonly type: 'info'; readonly label: string; readonly description?: string; readonly tooltip?: string; readonly path?: string }
  /** One of several files holding the same certificate (the deployed file, the CA's newcerts/ copy...). */
  | { readonly type: 'location'; readonly location: PkiLocation; readonly owner: RowElement; readonly primary: boolean };

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

function iconFor(row: PkiRow): vscode.ThemeIcon {
  const worst = row.status?.[0];
  if (worst) {
    const [icon, color] = statusIcons[worst];
    return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  }
  if (!row.kind) return new vscode.ThemeIcon(roleIcons[row.role ?? 'other'] ?? 'file', row.role === 'ca' || row.role === 'intermediate' ? new vscode.ThemeColor('charts.green') : undefined);
  return new vscode.ThemeIcon(kindIcons[row.kind] ?? 'file');
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

/** `contextValue` drives the item menus in package.json (`viewItem =~ /^certificate/`...); a certificate below a certificate is below its issuer. */
function contextValue(row: PkiRow, parent: PkiRow | undefined): string {
  if (!row.kind) return parent && !parent.kind ? 'certificate.withIssuer' : 'certificate';
  return row.kind;
}

export class CertificateTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The loaded pages of each level ('' for the roots): core of the paging, apart from VS Code (rowPages.ts). */
  private readonly pages = new RowPages<PkiRow>((parent, offset, limit, rescan) => this.fetchRows(parent, offset, limit, rescan), rowsPageSize, () => this.stale());
  private root: ListRowsResult | undefined;
  private readonly details = new Map<string, Promise<DescribeItemResult>>();
  /** Whole nodes without fields (`describeItem` with nodeOnly), for tooltips, commands and the CAs' rotation notes. */
  private readonly places = new Map<string, Promise<DescribeItemResult | undefined>>();
  private readonly caNodes = new Map<string, PkiNode>();
  private rotationUpdates: Promise<void> = Promise.resolve();
  /** The elements given to VS Code for the loaded pages, by `<parent id>><id>` and by id (the latest), for `pages.generation`. */
  private readonly elements = new Map<string, RowElement>();
  private readonly byId = new Map<string, RowElement>();
  /** How many rows of each level (by parent id) VS Code was last given: a level that has more after a reveal is redrawn. */
  private readonly given = new Map<string, number>();
  private elementsGeneration = -1;
  private timer: NodeJS.Timeout | undefined;
  private readonly loaded = new vscode.EventEmitter<ListRowsResult>();
  /** Fires after each load of the roots (tests wait on it). */
  readonly onDidLoad = this.loaded.event;
  /** Bytes of JSON the view received since the last refresh (rows and details; the test hook reports them). */
  receivedBytes = 0;
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
    // The pages the view shows stay as many ("Show more", reveal), reloaded from the new tree.
    this.pages.reset(rescan);
    this.pendingRescan ||= rescan;
    this.receivedBytes = 0;
    this.stale();
  }

  /** The loaded pages were dropped (a refresh, or a page of a newer tree): what was fetched per node goes too. */
  private stale(): void {
    this.details.clear();
    this.places.clear();
    this.caNodes.clear();
    this.changed.fire(undefined);
  }

  private pendingRescan = false;

  /** Debounced refresh for file-change notifications. */
  scheduleRefresh(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(false), delayMs);
  }

  /** The whole tree in one answer (the test API; the view itself loads pages). */
  load(): Promise<ListCertificatesResult> {
    const refresh = this.pendingRescan;
    this.pendingRescan = false;
    return this.services.client.sendRequest<ListCertificatesResult>(listCertificatesRequest, { refresh });
  }

  /** One page of a level from the server (`certwright/listRows`). */
  private async fetchRows(parent: string, offset: number, limit: number, rescan: boolean): Promise<RowPage<PkiRow>> {
    if (rescan) this.pendingRescan = false;
    const params: ListRowsParams = { ...(parent ? { parent } : {}), offset, limit, ...(rescan ? { refresh: true } : {}) };
    const r = await this.services.client.sendRequest<ListRowsResult>(listRowsRequest, params);
    this.receivedBytes += JSON.stringify(r).length;
    const rows = r.rows.map(decodeRow);
    await this.noteRotations(rows);
    if (!parent) {
      this.root = r;
      this.updateMessage(r);
      this.loaded.fire(r);
    }
    return { version: r.version, rows, total: r.total };
  }

  /** The element of a row under `parent` (the same object while the loaded pages stay). */
  private elementFor(row: PkiRow, parent: RowElement | undefined): RowElement {
    this.dropOlderElements();
    const key = `${parent?.row.id ?? ''}>${row.id}`;
    let el = this.elements.get(key);
    if (!el || el.row !== row) this.elements.set(key, (el = { type: 'node', row, ...(parent ? { parent } : {}) }));
    this.byId.set(row.id, el);
    return el;
  }

  /** The elements, and what VS Code was given, belong to the loaded pages' generation. */
  private dropOlderElements(): void {
    if (this.elementsGeneration === this.pages.generation) return;
    this.elements.clear();
    this.byId.clear();
    this.given.clear();
    this.elementsGeneration = this.pages.generation;
  }

  /** A level as the view shows it: its loaded rows, then "Show more" when there are more. */
  private async levelElements(parent: RowElement | undefined): Promise<TreeElement[]> {
    const level = await this.pages.level(parent?.row.id ?? '');
    const out: TreeElement[] = level.rows.map((row) => this.elementFor(row, parent));
    this.given.set(parent?.row.id ?? '', level.rows.length);
    if (level.rows.length < level.total) out.push({ type: 'more', ...(parent ? { parent } : {}), shown: level.rows.length, total: level.total });
    return out;
  }

  /** The rotation notes of the CAs among new rows (their files tell; a CA row carries none). */
  private async noteRotations(rows: readonly PkiRow[]): Promise<void> {
    const cas = rows.filter((r) => !r.kind && (r.role === 'ca' || r.role === 'intermediate') && !this.caNodes.has(r.id));
    if (!cas.length) return;
    for (const n of await Promise.all(cas.map((r) => this.node(r.id)))) if (n) this.caNodes.set(n.id, n);
    // One update after the other, each with every CA known when it starts: the last to finish knows them all.
    const run = this.rotationUpdates.then(() => this.rotation.update([...this.caNodes.values()]));
    this.rotationUpdates = run.catch(() => undefined);
    await run;
  }

  /** Shows the next page of a level (of the page after `shown` rows: a second click on the same "Show more" adds nothing). */
  async showMore(parentId: string | undefined, shown?: number): Promise<void> {
    await this.pages.showMore(parentId ?? '', shown);
    this.changed.fire(parentId ? this.byId.get(parentId) : undefined);
  }

  private updateMessage(r: ListRowsResult): void {
    if (!this.view) return;
    const c = r.counts;
    this.view.message = r.scanning
      ? vscode.l10n.t('Reading the workspace: {0} of {1} files so far…', r.scanning.read, r.scanning.total)
      : r.total
        ? undefined
        : vscode.l10n.t('No certificates, keys or CRLs in this workspace.');
    this.view.description = c?.certificates ? (c.certificates === 1 ? vscode.l10n.t('1 certificate') : vscode.l10n.t('{0} certificates', c.certificates)) : undefined;
  }

  /**
   * A row's element, loading the pages that show it (its ancestors first) and keeping them shown
   * (a refresh meanwhile reloads as many); undefined when the workspace has no such item.
   */
  async locate(id: string): Promise<RowElement | undefined> {
    // A second try when the tree changed between the server placing the row and the pages loading.
    for (let attempt = 0; attempt < 2; attempt++) {
      const d = await this.place(id);
      const positions = d?.positions;
      if (!d?.ancestors || !positions) return undefined;
      const ids = [...d.ancestors, id];
      const levels = await this.pages.reveal(ids.map((_, i) => ({ parent: i ? ids[i - 1]! : '', position: positions[i]! })), (row) => row.id === id);
      this.dropOlderElements();
      let el: RowElement | undefined;
      const grown: (RowElement | undefined)[] = [];
      for (let i = 0; i < ids.length; i++) {
        const row = levels[i]!.rows.find((r) => r.id === ids[i]);
        if (!row) break;
        // VS Code draws only what getChildren gave it: a level that the reveal loaded further is redrawn.
        const given = this.given.get(el?.row.id ?? '');
        if (given !== undefined && given < levels[i]!.rows.length) grown.push(el);
        el = this.elementFor(row, el);
        if (i === ids.length - 1) {
          for (const parent of grown.includes(undefined) ? [undefined] : grown) this.changed.fire(parent);
          return el;
        }
      }
      this.places.delete(id);
      this.details.delete(id);
    }
    return undefined;
  }

  /**
   * Shows a row in the view (loading and drawing the pages that hold it); false when the workspace
   * has no such item. VS Code rejects a reveal that meets a redraw under way (a file change, or the
   * view opening with a refresh queued): its tree still holds the older rows. Such a reveal is
   * tried again; VS Code lets it wait for the redraws the view has started.
   */
  async reveal(id: string, options: { select: boolean; focus: boolean; expand: boolean }): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const el = await this.locate(id);
      if (!el || !this.view) return false;
      try {
        await this.view.reveal(el, options);
        return true;
      } catch (err) {
        if (attempt > revealRetryMs.length) throw err;
        this.services.output.debug(`reveal of ${id}, try ${attempt}: ${err instanceof Error ? err.message : String(err)}`);
        await new Promise((r) => setTimeout(r, revealRetryMs[attempt - 1]));
      }
    }
  }

  /** The whole node of a row (tooltip, files, fingerprint, issuer). */
  async node(id: string): Promise<PkiNode | undefined> {
    return (await this.place(id))?.node;
  }

  /** A node without its fields and where it is in the tree (`describeItem` with nodeOnly); undefined for an unknown id. */
  private place(id: string): Promise<DescribeItemResult | undefined> {
    const described = this.details.get(id);
    if (described) return described.catch(() => undefined);
    let p = this.places.get(id);
    if (!p) {
      p = this.services.client.sendRequest<DescribeItemResult>(describeItemRequest, { id, nodeOnly: true } satisfies DescribeItemParams).then(
        (r) => {
          this.receivedBytes += JSON.stringify(r).length;
          return r;
        },
        () => {
          this.places.delete(id);
          return undefined;
        },
      );
      this.places.set(id, p);
    }
    return p;
  }

  describe(id: string, encoded = false): Promise<DescribeItemResult> {
    // The whole PEM/DER of a large object is asked once, for a copy, and not kept.
    if (encoded) return this.services.client.sendRequest<DescribeItemResult>(describeItemRequest, { id, encoded: true });
    let d = this.details.get(id);
    if (!d) {
      d = this.services.client.sendRequest<DescribeItemResult>(describeItemRequest, { id });
      this.details.set(id, d);
      d.then((r) => (this.receivedBytes += JSON.stringify(r).length)).catch(() => this.details.delete(id));
    }
    return d;
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    if (!element) {
      const out = await this.levelElements(undefined);
      for (const big of this.root?.tooLarge ?? []) out.push({ type: 'info', label: big.path.replace(/^.*[\\/]/, ''), description: vscode.l10n.t('too large to read ({0} MB)', (big.size / 1024 / 1024).toFixed(1)), tooltip: big.path, path: big.path });
      return out;
    }
    if (element.type === 'details') return this.fields(element.owner);
    if (element.type !== 'node') return [];
    const row = element.row;
    if (row.kind === 'error') return [];
    const children: TreeElement[] = row.children ? await this.levelElements(element) : [];
    // The same certificate in several files: each file, the deployed one first (the server orders them).
    if ((row.files ?? 0) > 1) {
      const node = await this.node(row.id);
      if (node) children.unshift(...node.locations.map((location, i) => ({ type: 'location', location, owner: element, primary: i === 0 }) as const));
    }
    // A CA's fields go into a "Details" group; a leaf shows its fields directly.
    if (row.certificates || row.crls) return [{ type: 'details', owner: element }, ...children];
    return [...(await this.fields(element)), ...children];
  }

  private async fields(owner: RowElement): Promise<TreeElement[]> {
    try {
      const d = await this.describe(owner.row.id);
      return d.fields.map((field) => ({ type: 'field', field, owner }));
    } catch (err) {
      return [{ type: 'info', label: vscode.l10n.t('Details unavailable'), description: err instanceof Error ? err.message : String(err) }];
    }
  }

  private relative(path: string): string {
    return relativeToWorkspace(path);
  }

  getParent(element: TreeElement): TreeElement | undefined {
    if (element.type === 'node' || element.type === 'more') return element.parent;
    if (element.type === 'field' || element.type === 'details' || element.type === 'location') return element.owner;
    return undefined;
  }

  /** The tooltip of a row, fetched when the pointer rests on it. */
  async resolveTreeItem(item: vscode.TreeItem, element: TreeElement): Promise<vscode.TreeItem> {
    if (element.type !== 'node' || item.tooltip !== undefined) return item;
    const node = await this.node(element.row.id);
    if (node) item.tooltip = markdownTooltip(node.tooltip);
    return item;
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    if (element.type === 'more') {
      const item = new vscode.TreeItem(vscode.l10n.t('Show more ({0} of {1})', element.shown, element.total), vscode.TreeItemCollapsibleState.None);
      item.id = `${element.parent?.row.id ?? ''}/more`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'more';
      item.command = { command: showMoreCommand, title: vscode.l10n.t('Show more'), arguments: [element.parent?.row.id, element.shown] };
      return item;
    }
    if (element.type === 'details') {
      const item = new vscode.TreeItem(vscode.l10n.t('Details'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${element.owner.row.id}/details`;
      item.iconPath = new vscode.ThemeIcon('list-selection');
      item.contextValue = 'details';
      return item;
    }
    if (element.type === 'field') {
      const item = new vscode.TreeItem(element.field.label, vscode.TreeItemCollapsibleState.None);
      item.description = element.field.value;
      item.tooltip = `${element.field.label}: ${element.field.value}`;
      item.contextValue = /fingerprint/i.test(element.field.label) ? 'field.fingerprint' : 'field';
      item.id = `${element.owner.row.id}/${element.field.label}`;
      return item;
    }
    if (element.type === 'location') {
      const { location } = element;
      const item = new vscode.TreeItem(this.relative(location.path), vscode.TreeItemCollapsibleState.None);
      item.id = `${element.owner.row.id}/file/${location.path}#${location.index}`;
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
    const row = element.row;
    // Roots with what they issued start expanded, and so do small intermediates.
    const expand = (row.certificates ?? 0) > 0 && (!element.parent || (row.children ?? 0) <= 50);
    const state = row.kind === 'error' ? vscode.TreeItemCollapsibleState.None : expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(row.label, state);
    item.id = `${element.parent?.row.id ?? ''}>${row.id}`;
    const rotation = this.rotation.noteFor(row);
    item.description = (!row.kind && row.role ? `${roleWord(row.role, vscode.l10n)} · ${row.description}` : row.description) + (rotation ? ` · ${rotation}` : '');
    item.iconPath = iconFor(row);
    item.contextValue = contextValue(row, element.parent?.row);
    item.resourceUri = undefined;
    item.accessibilityInformation = { label: [row.label, item.description, ...(row.status ?? []).map(statusWord)].filter(Boolean).join(', ') };
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

/** Test hook (not in the palette): the view's first screen as VS Code asks for it — every row of the levels it shows expanded. */
export const viewStateCommand = 'certwright.test.certificateView';

export interface ViewStateItem {
  readonly depth: number;
  readonly label: string;
  readonly description?: string;
  readonly contextValue?: string;
  readonly id?: string;
  readonly expanded: boolean;
  /** With `tooltips`: the tooltip as resolveTreeItem fetches it (Markdown). */
  readonly tooltip?: string;
}

async function viewState(p: CertificateTreeProvider, tooltips: boolean): Promise<{ items: ViewStateItem[]; bytes: number; selected: string[] }> {
  const items: ViewStateItem[] = [];
  const visit = async (parent: TreeElement | undefined, depth: number): Promise<void> => {
    for (const el of await p.getChildren(parent)) {
      const item = p.getTreeItem(el);
      if (tooltips) await p.resolveTreeItem(item, el);
      const expanded = item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded;
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
      items.push({ depth, label: String(item.label), description: typeof item.description === 'string' ? item.description : undefined, contextValue: item.contextValue, ...(el.type === 'node' ? { id: el.row.id } : {}), expanded, ...(tooltip ? { tooltip } : {}) });
      if (expanded) await visit(el, depth + 1);
    }
  };
  await visit(undefined, 0);
  // What VS Code's own tree selected: a row it has not drawn cannot be selected.
  const selected = (p.view?.selection ?? []).flatMap((el) => (el.type === 'node' ? [el.row.id] : []));
  return { items, bytes: p.receivedBytes, selected };
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
    services.registerCommand(showMoreCommand, (parentId?: string, shown?: number) => p.showMore(parentId, shown)),
    services.registerCommand(viewStateCommand, (tooltips: boolean = false) => viewState(p, tooltips)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('certwright.expiryWarningDays')) p.scheduleRefresh(0);
    }),
  );
}
