/**
 * Server side of the Certificates view: scans the workspace into the
 * incremental PKI model (core/pki), answers the tree, item, chain and
 * whole-file requests, and follows watched-file changes, debounced, with a
 * `certwright/certificatesChanged` notification. The scan yields to the event
 * loop, so hovers and diagnostics keep flowing while thousands of files load.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { PkiWorkspace } from '../core/pki/model';
import { editorModel, type DecodedFileParts, type WorkspaceFacts } from '../core/pki/editorModel';
import { parseCertificate } from '../core/pki/parse';
import { decodeFileBytes } from '../core/pki/files';
import { encodeRow } from '../core/pki/rowWire';
import { fileMarks } from '../core/pki/fileMarks';
import { pictureTree } from '../core/pki/pictureTree';
import { statusLines } from '../core/pki/statusText';
import { revokedPage, type CertificateStatus, type PkiIndex } from '../core/pki/tree';
import type { WorkspacePki } from '../core/linter';
import { encodeBase64 } from '../core/pem/base64';
import { decodeDer, renderText } from '../core/pem';
import { describeListing, isPkcs12, listPkcs12, Pkcs12Error } from '../core/pki/pkcs12';
import { decodedObjects, decodedView } from '../node/decodedView';
import { decryptPkcs12OffThread, JobCancelled, runDecodeJob, type Cancellation } from '../node/offThread';
import { nodePkiCrypto } from '../node/pkiCrypto';
import { candidateKind, defaultScanOptions, slicer, updateFile } from '../node/workspaceScanner';
import { ProgressiveScan } from '../node/progressiveScan';
import { loadVerdicts, saveVerdicts } from '../node/verdictStore';
import { documentPath } from '../documentPath';
import { tr } from '../core/l10n';
import {
  certificatesChangedNotification,
  decodeFileRequest,
  describeItemRequest,
  listCertificatesRequest,
  listRowsRequest,
  maxDescribedDerBytes,
  revokedEntriesRequest,
  fileMarksRequest,
  pictureTreeRequest,
  verifyChainRequest,
  type CertificatesChangedParams,
  type DecodedObject,
  type EditorModel,
  type PkiNode,
  type DecodeFileParams,
  type DecodeFileResult,
  type DescribeItemParams,
  type DescribeItemResult,
  type ListCertificatesParams,
  type ListCertificatesResult,
  type ListRowsParams,
  type ListRowsResult,
  type RevokedEntriesParams,
  type RevokedEntriesResult,
  type FileMarksResult,
  type PictureTreeResult,
  type VerifyChainParams,
  type VerifyChainResult,
} from '../protocol/inspect';
import type { FeatureContext, LanguageFeature } from './feature';

const changeDebounceMs = 300;
/** Signature verdicts are saved this long after a grouping found new ones (a scan groups several times). */
const verdictSaveDelayMs = 2000;
/** The most rows one listRows answer carries. */
const maxRowsPage = 1000;
const maxRevokedPage = 1000;
/** Files up to this size are decoded on the event loop (well under a millisecond); larger ones in the worker. */
const inlineDecodeBytes = 256 * 1024;

/** Resolves with `work`, or rejects with JobCancelled as soon as the request is cancelled. */
function untilCancelled<T>(work: Promise<T>, token: Cancellation | undefined): Promise<T> {
  if (!token) return work;
  if (token.isCancellationRequested) return Promise.reject(new JobCancelled());
  let sub: { dispose(): void } | undefined;
  const cancelled = new Promise<never>((_, reject) => (sub = token.onCancellationRequested(() => reject(new JobCancelled()))));
  return Promise.race([work, cancelled]).finally(() => sub?.dispose());
}

/** One workspace PKI per server process. */
export class InspectService {
  readonly model = new PkiWorkspace(nodePkiCrypto);
  private scanned: Promise<void> | undefined;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastScanMs = 0;
  /** The scans, with the tree of what a long one has read so far (the view's first screen). */
  private readonly progressive = new ProgressiveScan<PkiIndex>(
    this.model,
    async () => this.index(await this.options()),
    () => this.notifyChanged([]),
  );

  /** The signature verdicts of earlier sessions, read once before the first grouping (node/verdictStore). */
  private earlierVerdicts: Promise<void> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: FeatureContext) {}

  /** Where the client lets the server keep its files between sessions; undefined when it gives none. */
  private storagePath(): string | undefined {
    return this.ctx.client().storagePath;
  }

  private readEarlierVerdicts(): Promise<void> {
    const dir = this.storagePath();
    this.earlierVerdicts ??= dir
      ? loadVerdicts(dir).then(
          (keys) => this.model.useEarlierVerdicts(keys),
          () => undefined,
        )
      : Promise.resolve();
    return this.earlierVerdicts;
  }

  /** Saves the verdicts a grouping found that the file lacks, a little later (a scan groups several times). */
  private saveVerdictsSoon(): void {
    const dir = this.storagePath();
    if (!dir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      const keys = this.model.verdictsToSave();
      if (keys) saveVerdicts(dir, keys).catch((err: unknown) => this.ctx.log(`certificates: cannot save signature verdicts: ${err instanceof Error ? err.message : String(err)}`));
    }, verdictSaveDelayMs);
    this.saveTimer.unref();
  }

  private async options(): Promise<{ now: number; expiryWarningDays: number }> {
    const root = this.ctx.workspaceRoots()[0];
    const settings = root ? await this.ctx.settingsFor(pathToFileURL(root).toString()) : undefined;
    return { now: this.ctx.env.now().getTime(), expiryWarningDays: settings?.expiryWarningDays ?? 30 };
  }

  /** Scans the roots once (or again when `refresh`); concurrent callers share one scan. */
  ensureScanned(refresh = false): Promise<void> {
    if (!this.scanned || refresh) {
      const previous = this.scanned ?? Promise.resolve();
      const scan = this.progressive.scan(this.ctx.workspaceRoots(), defaultScanOptions);
      this.scanned = previous.then(async () => {
        const { stats, published } = await scan;
        this.lastScanMs = stats.ms;
        this.ctx.log(`certificates: scanned ${stats.candidates} files (${stats.read} read, ${stats.unchanged} unchanged, ${stats.removed} removed, ${stats.tooLarge} too large) in ${stats.ms.toFixed(0)} ms${stats.truncated ? ' — truncated' : ''}`);
        // The view showed a partial tree: the complete one replaces it.
        if (published) this.notifyChanged([]);
      });
    }
    return this.scanned;
  }

  /**
   * The grouped workspace, built in time slices. The build is shared by every request that
   * wants it, so a cancelled request stops waiting for it but does not stop it.
   */
  private async index(options: { now: number; expiryWarningDays: number }, token?: Cancellation): Promise<PkiIndex> {
    const slices = slicer(defaultScanOptions.sliceMs);
    const built = this.readEarlierVerdicts().then(async () => {
      const index = await this.model.buildAsync(options, () => slices.tick());
      this.saveVerdictsSoon();
      return index;
    });
    return untilCancelled(built, token);
  }

  /** The index with every node of its tree made, in time slices (for requests that read the whole tree). */
  private async whole(options: { now: number; expiryWarningDays: number }, token?: Cancellation): Promise<PkiIndex> {
    const index = await this.index(options, token);
    let since = performance.now();
    for (const _step of index.made()) {
      if (performance.now() - since >= defaultScanOptions.sliceMs) {
        await untilCancelled(new Promise((r) => setImmediate(r)), token);
        since = performance.now();
      }
    }
    return index;
  }

  async list(params: ListCertificatesParams | undefined, token?: Cancellation): Promise<ListCertificatesResult> {
    const started = performance.now();
    // The scan is shared with other requests and goes on; a cancelled request stops waiting for it.
    await untilCancelled(this.ensureScanned(!!params?.refresh), token);
    const { tree } = await this.whole(await this.options(), token);
    return { ...tree, version: this.model.version, ms: Math.max(performance.now() - started, 0), scannedRoots: this.ctx.workspaceRoots() };
  }

  /**
   * A page of the view's rows: the roots, or the children of `parent` (core/pki/rows). While a
   * long scan runs, the rows of the files it has read so far (the latest published tree).
   */
  async rows(params: ListRowsParams | undefined, token?: Cancellation): Promise<ListRowsResult> {
    const scanned = this.ensureScanned(!!params?.refresh);
    await untilCancelled(Promise.race([scanned, this.progressive.shown()]), token);
    const partial = this.progressive.current;
    if (!partial) await untilCancelled(scanned, token);
    const index = partial ? partial.value : await this.index(await this.options(), token);
    const { tree } = index;
    // Only the page's nodes are made (the first page after the minute turns tells only its own rows).
    const page = index.rows(params?.parent, params?.offset ?? 0, Math.min(params?.limit ?? maxRowsPage, maxRowsPage));
    const root = params?.parent === undefined ? { counts: tree.counts, ...(tree.tooLarge.length ? { tooLarge: tree.tooLarge } : {}), ...(partial ? { scanning: { read: partial.read, total: partial.total } } : {}) } : {};
    return { version: partial ? partial.version : this.model.version, rows: page?.rows.map(encodeRow) ?? [], total: page?.total ?? 0, ...root };
  }

  /** The tree as the pictures draw it (core/pki/pictureTree). */
  async pictures(token?: Cancellation): Promise<PictureTreeResult> {
    await untilCancelled(this.ensureScanned(), token);
    const { tree } = await this.whole(await this.options(), token);
    return { version: this.model.version, ...pictureTree(tree) };
  }

  /** What the Explorer decorates (core/pki/fileMarks). */
  async fileMarks(token?: Cancellation): Promise<FileMarksResult> {
    await untilCancelled(this.ensureScanned(), token);
    return { version: this.model.version, ...fileMarks(await this.whole(await this.options(), token)) };
  }

  /** Scanned and grouped in steps, so that the model's synchronous lookups that follow find the index built. */
  private async ready(): Promise<{ now: number; expiryWarningDays: number }> {
    await this.ensureScanned();
    const options = await this.options();
    await this.index(options);
    return options;
  }

  async describe(params: DescribeItemParams): Promise<DescribeItemResult | ResponseError<void>> {
    const options = await this.ready();
    const item = this.model.item(params?.id, options);
    if (!item) return new ResponseError(-32602, tr`no item ${String(params?.id)} in the workspace`);
    const der = item.kind === 'certificate' ? item.cert.der : item.kind === 'crl' ? item.crl.der : undefined;
    const place = this.model.build(options).place(params.id);
    if (params.nodeOnly) return { fields: [], location: item.origin, ...(place ? { node: place.node, ancestors: place.ancestors, positions: place.positions } : {}) };
    const encoded = !der || der.length <= maxDescribedDerBytes || params.encoded === true;
    return {
      fields: this.model.fields(params.id, options) ?? [],
      location: item.origin,
      pem: encoded ? this.model.pem(params.id, options) : undefined,
      der: der && encoded ? encodeBase64(der) : undefined,
      ...(place ? { node: place.node, ancestors: place.ancestors, positions: place.positions } : {}),
    };
  }

  /** A page of a CRL node's revoked entries (describeItem's field shows the first few). */
  async revokedEntries(params: RevokedEntriesParams): Promise<RevokedEntriesResult | ResponseError<void>> {
    const item = this.model.item(params?.id, await this.ready());
    if (item?.kind !== 'crl') return new ResponseError(-32602, tr`no CRL ${String(params?.id)} in the workspace`);
    const offset = Math.max(0, Math.floor(Number(params.offset ?? 0)) || 0);
    const limit = Math.min(Math.max(0, Math.floor(Number(params.limit ?? maxRevokedPage)) || 0), maxRevokedPage);
    return { entries: revokedPage(item.crl.revoked, offset, limit), total: item.crl.revoked.length };
  }

  /** Chain and revocation status of a certificate (DER), whether or not it is a workspace file. */
  async statusOf(der: Uint8Array): Promise<CertificateStatus | undefined> {
    let cert;
    try {
      cert = parseCertificate(der, nodePkiCrypto);
    } catch {
      return undefined;
    }
    await this.ensureScanned();
    return (await this.index(await this.options())).statusOf(cert);
  }

  /** Chain status lines for the certificates of a DER file's decoded view. */
  private async statusText(path: string, data: Uint8Array): Promise<string> {
    const certs = decodeFileBytes(path, data, nodePkiCrypto).filter((i) => i.kind === 'certificate');
    if (!certs.length || certs.length > 20) return '';
    const options = await this.options();
    const display = (p: string): string => displayPath(this.ctx, p);
    const out: string[] = [];
    for (const c of certs) {
      const s = await this.statusOf(c.cert.der);
      if (!s) continue;
      out.push(`In this workspace (${s.name}):`, ...statusLines(s, { now: options.now, warningDays: options.expiryWarningDays, display }).map((l) => `  ${l.kind === 'revoked' ? 'REVOKED: ' : ''}${l.text}`), '');
    }
    return out.join('\n');
  }

  async verifyChain(params: VerifyChainParams): Promise<VerifyChainResult> {
    return this.model.verifyChain(params?.id, await this.ready());
  }

  async decodeFile(params: DecodeFileParams, token?: Cancellation): Promise<DecodeFileResult | ResponseError<void>> {
    const r = await this.decodeFileOnly(params, token);
    if (!params?.editor || r instanceof ResponseError) return r;
    // A wrong PKCS#12 password: the editor keeps showing what is readable without one.
    const base = r.passwordError && !r.views?.length ? await this.decodeFileOnly({ uri: params.uri }, token) : r;
    const parts = base instanceof ResponseError ? r : { ...base, passwordError: r.passwordError, needsPassword: r.needsPassword || base.needsPassword };
    return { ...r, editor: await this.editorModel(parts) };
  }

  /** The editor's model: the file's objects joined with the workspace PKI (status, chain, key). */
  private async editorModel(parts: DecodedFileParts): Promise<EditorModel> {
    const options = await this.ready();
    const { tree } = await this.whole(options);
    const bySha256 = new Map<string, PkiNode>();
    const walk = (nodes: readonly PkiNode[]): void => {
      for (const n of nodes) {
        if (n.sha256 && !bySha256.has(n.sha256)) bySha256.set(n.sha256, n);
        walk(n.children);
      }
    };
    walk(tree.roots);
    const roots = this.ctx.workspaceRoots();
    const displayPath = (path: string): string => {
      const root = roots.find((r) => path.startsWith(`${r.replace(/[\\/]$/, '')}/`) || path.startsWith(`${r.replace(/[\\/]$/, '')}\\`));
      return root ? path.slice(root.replace(/[\\/]$/, '').length + 1) : path;
    };
    const facts: WorkspaceFacts = { node: (sha256) => bySha256.get(sha256), chain: (id) => this.model.verifyChain(id, options), displayPath };
    return editorModel(parts, facts, { now: new Date(options.now), expiryWarningDays: options.expiryWarningDays });
  }

  private async decodeFileOnly(params: DecodeFileParams, token?: Cancellation): Promise<DecodeFileResult | ResponseError<void>> {
    const path = documentPath(params?.uri ?? '');
    const name = path.replace(/^.*[\\/]/, '');
    const read = await this.ctx.env.fs.readBounded(path, defaultScanOptions.maxFileBytes);
    if (!read.ok) {
      if (read.refusal === 'missing') return new ResponseError(-32602, tr`cannot read ${path}`);
      return { title: name, text: `${name} ${read.detail}.\n`, format: 'none', needsPassword: false, objects: 0 };
    }
    const data = read.bytes;
    try {
      if (params.password !== undefined && isPkcs12(data)) return await this.decodePkcs12(path, name, data, params.password, params.showInTree ?? true, token);
      // Small files decode inline (a worker costs tens of milliseconds to start); large ones,
      // such as a CRL of 100,000 entries, in the worker.
      if (data.length <= inlineDecodeBytes) {
        const view = decodedView(path, data);
        // The text view of a DER certificate starts with its status (the editor shows it in its own cards).
        if (view.format !== 'der' || params.editor) return view;
        const status = await this.statusText(path, data);
        return status ? { ...view, text: `${status}\n${view.text}` } : view;
      }
      const r = await runDecodeJob({ kind: 'view', path, data }, token, { transfer: true });
      if (r.kind === 'view') return r.view;
      return new ResponseError(-32603, r.kind === 'error' ? r.message : tr`unexpected worker answer`);
    } catch (err) {
      if (err instanceof JobCancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      throw err;
    }
  }

  /** Decrypts in the worker (the key derivation would block the server for seconds), renders here. */
  private async decodePkcs12(path: string, name: string, data: Uint8Array, password: string, showInTree: boolean, token?: Cancellation): Promise<DecodeFileResult> {
    const head = `${name}: ${describeListing(listPkcs12(data))}\n`;
    try {
      const decrypted = await decryptPkcs12OffThread(data, password, token);
      const { contents, items: unlocked } = this.model.unlockPkcs12(path, data, password, showInTree, decrypted);
      const parts: string[] = [head, `MAC: ${contents.macVerified ? 'verified' : 'absent'}\n`];
      const views: DecodedObject[] = [];
      for (const bag of contents.bags) {
        const label = bag.friendlyName ? ` "${bag.friendlyName}"` : '';
        if (bag.type === 'certificate' && bag.der) {
          const decoded = decodeDer(bag.der, 'certificate');
          parts.push(`Certificate bag${label}:\n${renderText(decoded)}`);
          views.push(...decodedObjects('CERTIFICATE', decoded));
        } else if (bag.type === 'privateKey') {
          const k = unlocked.find((i) => i.kind === 'key' && i.key.publicKey);
          const key = k?.kind === 'key' ? k.key : undefined;
          parts.push(`Private key bag${label}: ${key?.algorithm ?? 'unknown'}${key?.publicKey?.bits ? ` ${key.publicKey.bits} bit` : ''}${key?.publicKey ? `, public key SHA-256 ${key.publicKey.id}` : ''} (key material not shown)\n`);
          views.push({ label: 'PRIVATE KEY', decoded: { ok: true, view: { kind: 'privateKey', format: 'pkcs8', algorithm: key?.algorithm ?? 'unknown', bits: key?.publicKey?.bits, encrypted: false, publicKeyId: key?.publicKey?.id } } });
        } else parts.push(`${bag.type} bag${label}\n`);
      }
      if (showInTree) this.notifyChanged([path]);
      return { title: tr`${name} (PKCS#12, decrypted)`, text: parts.join('\n'), format: 'pkcs12', needsPassword: false, objects: contents.bags.length, views };
    } catch (err) {
      if (err instanceof JobCancelled) throw err;
      const message = err instanceof Pkcs12Error ? err.message : tr`cannot decode: ${err instanceof Error ? err.message : String(err)}`;
      return { title: `${name} (PKCS#12)`, text: `${head}\n${message}\n`, format: 'pkcs12', needsPassword: true, passwordError: message, objects: 0 };
    }
  }

  /** Queues changed paths; after the debounce, updates those files only and notifies the client. */
  onChanges(changes: readonly lsp.FileEvent[]): void {
    if (!this.scanned) return; // nothing shown yet: the first list request scans
    for (const c of changes) this.pending.add(documentPath(c.uri));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), changeDebounceMs);
  }

  private async flush(): Promise<void> {
    const paths = [...this.pending];
    this.pending.clear();
    await this.scanned;
    const before = this.model.version;
    for (const p of paths) {
      const r = await updateFile(this.model, p, candidateKind(p));
      if (r === 'skipped') this.model.removeBelow(p); // a deleted folder
    }
    if (this.model.version !== before) {
      this.notifyChanged(paths);
      // A CRL or a CA database changed: revocation diagnostics of open certificates may change with it.
      if (paths.some((p) => /\.(crl|pem|crt|cer|der)$|(^|\/)index\.txt$/i.test(p))) for (const d of this.ctx.allDocuments()) if (usesPki.has(d.uri)) this.ctx.revalidate(d.uri);
    }
  }

  private notifyChanged(paths: readonly string[]): void {
    const params: CertificatesChangedParams = { version: this.model.version, paths };
    void this.ctx.connection.sendNotification(certificatesChangedNotification, params);
  }

  get scanMs(): number {
    return this.lastScanMs;
  }
}

let service: InspectService | undefined;

/** A path as the user knows it: relative to the workspace folder that holds it. */
export function displayPath(ctx: FeatureContext, path: string): string {
  for (const root of ctx.workspaceRoots()) {
    const r = root.endsWith('/') ? root : `${root}/`;
    if (path.startsWith(r)) return path.slice(r.length);
  }
  return path;
}
/** Documents whose diagnostics asked the workspace PKI (revalidated when it changes). */
const usesPki = new Set<string>();

/** The workspace PKI for hover and the linters (nothing before the server registered the feature). */
export const workspacePki: WorkspacePki & { forDocument(uri: string): WorkspacePki } = {
  async statusOf(der) {
    return service?.statusOf(der);
  },
  forDocument(uri) {
    return {
      statusOf: (der) => {
        if (usesPki.size > 5000) usesPki.clear();
        usesPki.add(uri);
        return workspacePki.statusOf(der);
      },
    };
  },
};

export const inspectFeature: LanguageFeature = {
  name: 'inspect',
  appliesTo: (_doc: TextDocument) => false,
  register(ctx: FeatureContext) {
    const s = (service = new InspectService(ctx));
    const guard = <P, R>(what: string, run: (p: P, token: CancellationToken) => Promise<R | ResponseError<void>>) => async (p: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        return await run(p, token);
      } catch (err) {
        if (err instanceof JobCancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        ctx.log(`certificates: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return new ResponseError(-32603, tr`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    ctx.connection.onRequest(listCertificatesRequest, guard('listCertificates', (p: ListCertificatesParams, token) => s.list(p, token)));
    ctx.connection.onRequest(listRowsRequest, guard('listRows', (p: ListRowsParams, token) => s.rows(p, token)));
    ctx.connection.onRequest(fileMarksRequest, guard('fileMarks', (_p: unknown, token) => s.fileMarks(token)));
    ctx.connection.onRequest(pictureTreeRequest, guard('pictureTree', (_p: unknown, token) => s.pictures(token)));
    ctx.connection.onRequest(describeItemRequest, guard('describeItem', (p: DescribeItemParams) => s.describe(p)));
    ctx.connection.onRequest(revokedEntriesRequest, guard('revokedEntries', (p: RevokedEntriesParams) => s.revokedEntries(p)));
    ctx.connection.onRequest(verifyChainRequest, guard('verifyChain', (p: VerifyChainParams) => s.verifyChain(p)));
    ctx.connection.onRequest(decodeFileRequest, guard('decodeFile', (p: DecodeFileParams, token) => s.decodeFile(p, token)));
  },
  onWatchedFilesChanged(changes) {
    service?.onChanges(changes);
  },
};
