import { dirname } from 'node:path';
import * as lsp from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { append } from './core/append';
import { linters, lintFile } from './core/linters';
import { appliesToCnf } from './core/cnf/sniff';
import { softenWhileTyping } from './core/rules/editing';
import type { Finding } from './core/types';
import { nodeEnvironment } from './node/nodeEnvironment';
import { codeActionsAsCommands, fixesToCodeActions, toDiagnostic } from './convert';
import { minimalClient, readClientCapabilities, type ClientCapabilities } from './capabilities';
import { DependencyWatcher } from './node/dependencyWatcher';
import { showText } from './node/showText';
import { bundledRuleDocs } from './node/ruleDocs';
import { serverApplyEditCommand, watchedFilesGlob } from './protocol/client';
import { documentPath } from './documentPath';
import { updateTracked } from './trackedUpdate';
import type { FeatureContext, IdleSlices, LanguageFeature } from './features/feature';
import { completionTriggerCharacters, serverCommands } from './features/manifest';
import { completionAnswer } from './features/completionList';
import { completionForClient, hoverForClient } from './features/markup';
import { symbolsForClient } from './features/symbolsForClient';
import type { WorkspacePki } from './core/linter';
import type { FoundUse } from './core/cnf/scriptUses';
import type { WorkspaceUses } from './core/cnf/workspaceUses';
import { defaultServerSettings, parseSettings, type ServerSettings } from './settings';
import { DocumentSettings } from './documentSettings';
import { answerWithin } from './answerWithin';
import { DiagnosticReports } from './diagnosticReports';
import { english, type Localiser } from './core/l10n';
import { localiseAnswer, localisedConnection, localiseCodeActions, localiseCompletion, localiseHover, loadLocaliser, localiseSymbols, referenceLocaliser } from './l10n';

/** At most this many diagnostics per document: a binary file must not flood the client. */
const maxDiagnostics = 1000;
const changeDebounceMs = 150;
/**
 * How long the server waits for the client's answer to workspace/configuration (diagnostics meanwhile
 * go on with the pushed settings, or the defaults) and to client/registerCapability (it then watches
 * the files itself).
 */
const clientAnswerWaitMs = 3000;
/** Idle work (LanguageFeature.prepare) runs this long at most before pending requests are served. */
const idleSliceMs = 8;
/** How long idle work waits for an editor request being answered before it takes its slice anyway. */
const idleWaitMs = 100;
/** Idle work begins this long after a version's diagnostics are sent. */
const idleStartMs = 30;
/**
 * The feature families (hover, completion, the Certificates view, issuing...) load this
 * long after `initialized` unless a request needs them sooner: the first diagnostics of
 * the files opened at start come first, from the linters alone.
 */
const featurePreloadMs = 250;
/**
 * A document at least this large loads the families before its first validation: its analysis
 * (a tenth of a second and more) holds the event loop past the preload, and the request an
 * editor sends as the diagnostics arrive would otherwise wait for the families' code too.
 */
const preloadBeforeChars = 256 * 1024;

export const serverInfo = { name: 'certwright-language-server', version: '0.1.0' } as const;

export interface StartOptions {
  /**
   * Called once the feature families are loaded and registered (their `certwright/…`
   * handlers exist): the transport holds those requests until then (see server.ts).
   */
  readonly onFeaturesReady?: () => void;
}

/**
 * LSP wiring only: documents, settings, debounced validation, and merging the
 * answers of the feature families. Every handler is guarded so that a failing
 * feature answers "nothing" instead of taking the server down.
 *
 * Start-up: `initialize` is answered from this module and features/manifest.ts alone;
 * diagnostics need only the linters, each loaded on the first file it applies to
 * (core/linters.ts); the feature families load on first use or shortly after
 * `initialized` (`loadFeatures`).
 */
export function startServer(connection: lsp.Connection = lsp.createConnection(lsp.ProposedFeatures.all), options: StartOptions = {}): { loadFeatures(): Promise<readonly LanguageFeature[]> } {
  /** Per document, the offset where the last edit ended: the line being typed (see softenWhileTyping). */
  const lastEdit = new Map<string, number>();
  const documents = new lsp.TextDocuments({
    create: TextDocument.create,
    update(doc, changes, version) {
      const updated = updateTracked(doc, changes, version);
      const last = changes[changes.length - 1];
      if (last && 'range' in last) lastEdit.set(doc.uri, updated.offsetAt(last.range.start) + last.text.length);
      else lastEdit.delete(doc.uri);
      return updated;
    },
  });
  const env = nodeEnvironment();
  const timers = new Map<string, NodeJS.Timeout>();
  const dependencies = new Map<string, Set<string>>();
  let roots: string[] = [];
  let client: ClientCapabilities = minimalClient;
  /** Settings pushed by the client (initializationOptions, then didChangeConfiguration): used when it answers no configuration request. */
  let pushedSettings: ServerSettings = defaultServerSettings;
  /** The server's own watching, for clients that watch nothing for it. */
  let watcher: DependencyWatcher | undefined;
  /** The client's language (`initialize` locale): English unless it has a catalogue. */
  let l10n: Localiser = english;

  const log = (message: string): void => connection.console.log(message);

  process.on('uncaughtException', (err) => log(`certwright: uncaught exception: ${err.stack ?? err}`));
  process.on('unhandledRejection', (err) => log(`certwright: unhandled rejection: ${String(err)}`));

  /**
   * Documents a feature pushed diagnostics for though the client pulls them (Check Workspace lints the
   * closed files): cleared when the document is opened, where the pulled ones take over.
   */
  const pushedWhilePulling = new Set<string>();
  const featureConnection = localisedConnection(connection, () => l10n);
  featureConnection.sendDiagnostics = (params) => {
    if (client.pullDiagnostics && params.diagnostics.length) pushedWhilePulling.add(params.uri);
    else pushedWhilePulling.delete(params.uri);
    return connection.sendDiagnostics(params);
  };
  function clearPushed(uri: string): void {
    if (pushedWhilePulling.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  const ctx: FeatureContext = {
    env,
    connection: featureConnection,
    document: (uri) => documents.get(uri),
    allDocuments: () => documents.all(),
    settingsFor,
    workspaceRoots: () => roots,
    revalidate: schedule,
    log,
    client: () => client,
    showText: (title, text) => showText(connection, client.showDocument, title, text),
    l10n: () => l10n,
  };

  const documentSettings = new DocumentSettings({
    asks: () => client.configurationRequest,
    ask: (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'certwright' }),
    pushed: () => pushedSettings,
    arrivedLate: (uri) => {
      if (documents.get(uri)) schedule(uri, 0);
    },
    waitMs: clientAnswerWaitMs,
  });
  function settingsFor(uri: string): Promise<ServerSettings> {
    return documentSettings.of(uri);
  }

  let featuresLoading: Promise<readonly LanguageFeature[]> | undefined;
  /** Resolved when the families are first asked for (idle work waits for it rather than loading them early). */
  let wantFeatures: () => void = () => undefined;
  const featuresWanted = new Promise<void>((resolve) => (wantFeatures = resolve));
  /** Set once loaded and registered: what close and file events go to (nothing is kept before). */
  let loadedFeatures: readonly LanguageFeature[] = [];
  /** The feature families, loaded and registered once (each `register` is guarded). */
  function loadFeatures(): Promise<readonly LanguageFeature[]> {
    wantFeatures();
    const asked = performance.now();
    featuresLoading ??= import('./features/index.js').then(
      ({ features }) => {
        for (const f of features) void guarded(`${f.name}.register`, undefined, () => f.register?.(ctx));
        loadedFeatures = features;
        log(`certwright: editor features loaded in ${(performance.now() - asked).toFixed(0)} ms`);
        options.onFeaturesReady?.();
        return features;
      },
      (err: unknown) => {
        // Diagnostics still work; requests for the families get "method not found".
        log(`certwright: the editor features failed to load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        options.onFeaturesReady?.();
        return [];
      },
    );
    return featuresLoading;
  }

  /**
   * The openssl commands of the workspace's scripts, by the configuration file they use: scanned when a
   * configuration file's lint first asks, again after a script or folder is reported changed (or 30 s on,
   * for a change no event reported: a new script where only dependencies are watched).
   */
  let scripts: Promise<WorkspaceUses> | undefined;
  const workspaceUses = (): Promise<WorkspaceUses> => (scripts ??= import('./core/cnf/workspaceUses.js').then(({ WorkspaceUses }) => new WorkspaceUses(env, () => roots, 30_000)));
  /**
   * A lint never waits for a scan (the first diagnostics of a file come at once): it takes what the
   * last scan found, and a scan under way lints the file again when it finds other uses of it.
   */
  const scriptUses = async (path: string): Promise<readonly FoundUse[]> => {
    const uses = await workspaceUses();
    const known = uses.known(path);
    if (known?.current) return known.uses;
    const said = JSON.stringify(known?.uses ?? []);
    void guarded('script uses', undefined, async () => {
      if (JSON.stringify(await uses.of(path)) === said) return;
      for (const doc of documents.all()) if (documentPath(doc.uri) === path) schedule(doc.uri, 0);
    });
    return known?.uses ?? [];
  };

  /** The workspace PKI for a document's lint (revocation of PEM certificates): loads the Certificates feature on first use. */
  const pkiFor = (uri: string): WorkspacePki => ({
    statusOf: async (der) => {
      await loadFeatures();
      const { workspacePki } = await import('./features/inspect.js');
      return workspacePki.forDocument(uri).statusOf(der);
    },
  });

  /**
   * The families that apply to each open document, for its current version: a family's
   * test may read the whole text (the setup family looks for deployment markers), which
   * on a large file must not be paid again by every request on the same version, nor by
   * a request the family does not answer (`answers`: after an edit, the first outline or
   * references of a 100,000-line openssl.cnf does not wait for the setup family's test).
   */
  const applying = new Map<string, { version: number; applies: Map<LanguageFeature, boolean> }>();
  async function applicable(doc: TextDocument, answers: (f: LanguageFeature) => boolean): Promise<LanguageFeature[]> {
    const features = await loadFeatures();
    const current = documents.get(doc.uri) === doc;
    let known = applying.get(doc.uri);
    if (!known || known.version !== doc.version || !current) {
      known = { version: doc.version, applies: new Map() };
      if (current) applying.set(doc.uri, known);
    }
    const found: LanguageFeature[] = [];
    for (const f of features) {
      if (!answers(f)) continue;
      let applies = known.applies.get(f);
      if (applies === undefined) {
        try {
          applies = f.appliesTo(doc);
        } catch {
          applies = false;
        }
        known.applies.set(f, applies);
      }
      if (applies) found.push(f);
    }
    return found;
  }

  async function guarded<T>(what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      log(`certwright: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  }

  /** The diagnostics of a document's current version; undefined when it changed or closed while they were made. */
  async function diagnose(doc: TextDocument): Promise<lsp.Diagnostic[] | undefined> {
    // The document is updated in place (TextDocument.update): the version read now tells an edit since; the object, a reopen.
    const version = doc.version;
    const settings = await settingsFor(doc.uri);
    const text = doc.getText();
    const input = { path: documentPath(doc.uri), text, languageId: doc.languageId };
    let findings: Finding[] = [];
    const deps = new Set<string>();
    if (text.length > settings.maxFileSizeMB * 1_000_000) {
      findings.push({
        code: 'CW-LARGE',
        severity: 'information',
        start: 0,
        end: 0,
        message: `Not analysed: the file has ${(text.length / 1e6).toFixed(1)} MB of text, more than certwright.maxFileSizeMB (${settings.maxFileSizeMB}).`,
      });
    } else {
      // The document's line table, made while the file is read anyway: the first request on a
      // 100,000-line file otherwise waited for it (about 10 ms); edits then keep it up to date.
      void doc.lineCount;
      if (text.length >= preloadBeforeChars) await loadFeatures();
      const lint = await lintFile(input, { env, settings, workspaceRoots: roots, pki: pkiFor(doc.uri), scriptUses }, {
        dependencies: true,
        onError: (linter, err) => log(`certwright: ${linter} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      });
      for (const d of lint.dependencies) deps.add(d);
      findings = softenWhileTyping(lint.results.flatMap((r) => r.findings), text, lastEdit.get(doc.uri));
    }
    dependencies.set(doc.uri, deps);
    watcher?.want(deps);
    // Drop the result if the document changed or closed while we were linting: its offsets are of the text read then.
    if (documents.get(doc.uri) !== doc || doc.version !== version) return undefined;
    return findings.slice(0, maxDiagnostics).map((f) => toDiagnostic(doc, f, client.ruleDocs, l10n, client.relatedInformation));
  }

  /** Pushes a document's diagnostics (textDocument/publishDiagnostics): for a client that does not pull them. */
  async function validate(doc: TextDocument): Promise<void> {
    const version = doc.version;
    const diagnostics = await diagnose(doc);
    if (!diagnostics) return;
    await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
    prepareAhead(doc);
  }

  /**
   * Pull diagnostics (a client that declares textDocument.diagnostic and the refresh): the client asks
   * on open and edit; what the server learns otherwise (a file a document depends on changed, the
   * settings, the workspace folders) it tells with workspace/diagnostic/refresh, and the client asks
   * again. A version's diagnostics are made once until such a change (`generation`).
   */
  const reports = new DiagnosticReports();
  const pulled = new Map<string, { doc: TextDocument; version: number; generation: number; diagnostics: lsp.Diagnostic[] }>();
  let generation = 0;
  let refreshTimer: NodeJS.Timeout | undefined;
  function refreshSoon(delay: number): void {
    generation++;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void guarded('diagnostic refresh', undefined, () => connection.languages.diagnostics.refresh()), delay);
  }
  async function pullDiagnostics(doc: TextDocument): Promise<lsp.Diagnostic[] | undefined> {
    const version = doc.version;
    const asked = generation;
    const known = pulled.get(doc.uri);
    if (known?.doc === doc && known.version === version && known.generation === asked) return known.diagnostics;
    const diagnostics = await diagnose(doc);
    if (!diagnostics) return undefined;
    pulled.set(doc.uri, { doc, version, generation: asked, diagnostics });
    prepareAhead(doc);
    return diagnostics;
  }
  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: lsp.DocumentDiagnosticReportKind.Full, items: [] };
    const diagnostics = await guarded('diagnostics', undefined, () => pullDiagnostics(doc));
    // Edited (or closed) while its diagnostics were made: the client asks again for the new version.
    if (!diagnostics) return new lsp.ResponseError(lsp.LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true } satisfies lsp.DiagnosticServerCancellationData);
    return reports.report(doc.uri, diagnostics, params.previousResultId);
  });

  /**
   * After a version's diagnostics, the families build ahead what requests on it will read
   * (LanguageFeature.prepare) in the server's idle time: in slices of at most idleSliceMs, each
   * after the requests already received, until a newer version or the close ends the work. Not
   * before something loads the families (at start-up they load after the first diagnostics).
   */
  function prepareAhead(doc: TextDocument): void {
    // The same object holds every version (updated in place): the version tells this one's work is still wanted.
    const version = doc.version;
    const current = (): boolean => documents.get(doc.uri) === doc && doc.version === version;
    let since = 0;
    const idle: IdleSlices = {
      spent: () => performance.now() - since >= idleSliceMs,
      next: () =>
        new Promise((resolve) => {
          // After the messages received (a turn of the event loop), while an editor request is being
          // answered (a millisecond at a time, up to idleWaitMs: it may wait for the client), and one
          // turn more (its answer is written on the turn after it is made).
          const after = (turns: number, waited: number): void => {
            if (answeringCount > 0 && waited < idleWaitMs) setTimeout(() => after(1, waited + 1), 1);
            else if (turns > 0) setImmediate(() => after(turns - 1, waited));
            else {
              since = performance.now();
              resolve(current());
            }
          };
          setImmediate(() => after(1, 0));
        }),
    };
    void guarded('prepare', undefined, async () => {
      await featuresWanted;
      // The requests an editor sends as the diagnostics arrive come first.
      await new Promise((r) => setTimeout(r, idleStartMs));
      for (const f of await applicable(doc, (f) => f.prepare !== undefined)) {
        if (!(await idle.next())) return;
        await f.prepare!(doc, ctx, idle);
      }
    });
  }

  /** Validates a document again soon: pushed, or (pull) the client told to ask again. */
  function schedule(uri: string, delay = changeDebounceMs): void {
    if (client.pullDiagnostics) return refreshSoon(delay);
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const doc = documents.get(uri);
        if (doc) void guarded('validation', undefined, () => validate(doc));
      }, delay),
    );
  }

  connection.onInitialize(async (params) => {
    client = readClientCapabilities(params, bundledRuleDocs());
    foldersChange = params.capabilities.workspace?.workspaceFolders === true;
    l10n = await loadLocaliser(typeof params.locale === 'string' ? params.locale : undefined);
    if (client.initialSettings !== undefined) pushedSettings = parseSettings(client.initialSettings);
    roots = (params.workspaceFolders ?? []).map((f) => documentPath(f.uri));
    if (!roots.length && params.rootUri) roots = [documentPath(params.rootUri)];
    // LSP 3.0 clients (and some later ones) give only the deprecated rootPath.
    if (!roots.length && typeof params.rootPath === 'string' && params.rootPath) roots = [params.rootPath];
    return {
      capabilities: {
        // Every position is in UTF-16 code units, the encoding each client must support (LSP 3.17), whatever
        // else it offers in general.positionEncodings: said explicitly for the clients that prefer another.
        positionEncoding: lsp.PositionEncodingKind.UTF16,
        textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [...completionTriggerCharacters] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        // Code action kinds only to a client that takes CodeAction literals (LSP 3.8); another gets commands.
        codeActionProvider: client.codeActionLiterals ? { codeActionKinds: [lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite] } : true,
        executeCommandProvider: { commands: client.codeActionLiterals ? [...serverCommands] : [...serverCommands, serverApplyEditCommand] },
        // Pulled by a client that asks for them (LSP 3.17), else pushed. A document's diagnostics depend on files
        // on disk, not on other documents' unsaved text; the workspace's closed files are `certwright lint`'s (or Check Workspace's).
        ...(client.pullDiagnostics ? { diagnosticProvider: { identifier: 'certwright', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        // Folders added or removed later (VS Code, Neovim's add_workspace_folder) change what the workspace is.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo,
    };
  });

  connection.onInitialized(() => {
    setTimeout(() => void loadFeatures(), featurePreloadMs).unref();
    if (foldersChange) connection.workspace.onDidChangeWorkspaceFolders((e) => workspaceFoldersChanged(e));
    // Cross-file diagnostics need file events: from the client where it can watch for us, else our own.
    if (client.clientWatchesFiles) return;
    if (!client.watchedFilesRegistration) return startOwnWatcher();
    // A client that refuses, or never answers, gets the server's own watching; one that registers late, its own again.
    const registered = connection.client.register(lsp.DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: watchedFilesGlob }] }).then(
      () => true,
      (err: unknown) => {
        log(`certwright: the client refused to watch files (${String(err)}); watching dependencies in the server`);
        return false;
      },
    );
    const late = (ok: boolean): void => {
      if (!ok) return;
      log('certwright: the client watches files after all; the server stops watching');
      watcher?.dispose();
      watcher = undefined;
    };
    void answerWithin(registered, clientAnswerWaitMs, () => false, late).then(({ value, answered }) => {
      if (!answered) log(`certwright: the client did not answer client/registerCapability within ${clientAnswerWaitMs / 1000} s; watching dependencies in the server`);
      if (!value) startOwnWatcher();
    });
  });

  /** The client sends workspace/didChangeWorkspaceFolders (it declared workspace.workspaceFolders). */
  let foldersChange = false;
  function workspaceFoldersChanged(e: lsp.WorkspaceFoldersChangeEvent): void {
    const removed = new Set(e.removed.map((f) => documentPath(f.uri)));
    const next = roots.filter((r) => !removed.has(r));
    for (const f of e.added) if (!next.includes(documentPath(f.uri))) next.push(documentPath(f.uri));
    roots = next;
    log(`certwright: workspace folders now ${roots.join(', ') || '(none)'}`);
    // The scripts found are those of the old folders: the next lint scans the new ones.
    scripts = undefined;
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }

  function startOwnWatcher(): void {
    watcher = new DependencyWatcher(watchedFilesChanged, log);
    for (const deps of dependencies.values()) watcher.want(deps);
  }

  /**
   * Runs a feature's command (undefined when no feature has it; a command may answer nothing). Its
   * answer leaves the server like a custom request's: its words in the client's language.
   */
  async function runFeatureCommand(command: string, args: unknown[]): Promise<{ answer: unknown } | undefined> {
    for (const f of await loadFeatures()) {
      const run = f.commands?.[command];
      if (run) return { answer: localiseAnswer(await guarded(`${f.name}.${command}`, null, () => run(args, ctx)), l10n) };
    }
    return undefined;
  }

  connection.onExecuteCommand(async (params) => {
    if (params.command === serverApplyEditCommand) return applyEditThen(params.arguments ?? []);
    const ran = await runFeatureCommand(params.command, params.arguments ?? []);
    return ran ? ran.answer : new lsp.ResponseError(lsp.ErrorCodes.InvalidParams, `unknown command ${params.command}`);
  });

  /** A code action's edit for a client that takes only commands: sent with workspace/applyEdit, then the action's own command. */
  async function applyEditThen([edit, then]: unknown[]): Promise<unknown> {
    if (!edit || typeof edit !== 'object') return new lsp.ResponseError(lsp.ErrorCodes.InvalidParams, `${serverApplyEditCommand}: no edit`);
    const applied = await connection.workspace.applyEdit({ edit: edit as lsp.WorkspaceEdit }).then((r) => r.applied, () => false);
    const next = then as lsp.Command | null | undefined;
    if (!applied || !next || typeof next.command !== 'string' || next.command === serverApplyEditCommand) return applied;
    const ran = await runFeatureCommand(next.command, next.arguments ?? []);
    return ran ? ran.answer : applied;
  }

  connection.onShutdown(() => watcher?.dispose());

  connection.onDidChangeConfiguration((params) => {
    // Pushed settings (Neovim 0.7, Eglot, any client without workspace/configuration) come as { certwright: {...} }.
    const pushed = (params?.settings as Record<string, unknown> | null | undefined)?.certwright;
    if (pushed !== undefined) pushedSettings = parseSettings(pushed);
    documentSettings.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  async function onWatchedFiles(changes: lsp.FileEvent[]): Promise<void> {
    // A dependency is a file that changed, or a folder a file was added to or removed from.
    const changed = new Set<string>();
    for (const c of changes) {
      const p = documentPath(c.uri);
      changed.add(p);
      changed.add(dirname(p));
    }
    // The families drop what they cached for these files (the setup linter shares their certificate store).
    for (const f of await loadFeatures()) void guarded(`${f.name}.onWatchedFilesChanged`, undefined, () => f.onWatchedFilesChanged?.(changes, ctx));
    // A script that appears, goes away or changes may run openssl on any open configuration file.
    const scriptChanged = scripts !== undefined && (await workspaceUses()).changed(changes.map((c) => documentPath(c.uri)));
    for (const [uri, deps] of dependencies) {
      if ([...deps].some((d) => changed.has(d)) || (scriptChanged && isConfig(documents.get(uri)))) schedule(uri);
    }
  }
  function isConfig(doc: TextDocument | undefined): boolean {
    return !!doc && appliesToCnf({ path: documentPath(doc.uri), text: doc.getText(), languageId: doc.languageId });
  }
  function watchedFilesChanged(changes: lsp.FileEvent[]): void {
    void guarded('watched files', undefined, () => onWatchedFiles(changes));
  }
  connection.onDidChangeWatchedFiles(({ changes }) => watchedFilesChanged(changes));

  // TextDocuments follows every open with a content change of the same version: that
  // one must not turn the immediate first validation into a debounced one.
  const openedVersion = new Map<string, number>();
  // A client that pulls asks for the diagnostics of what it opens and edits itself.
  documents.onDidOpen((e) => {
    if (client.pullDiagnostics) return clearPushed(e.document.uri);
    openedVersion.set(e.document.uri, e.document.version);
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (client.pullDiagnostics) return;
    if (openedVersion.get(e.document.uri) === e.document.version) return;
    openedVersion.delete(e.document.uri);
    schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    openedVersion.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    dependencies.delete(e.document.uri);
    documentSettings.forget(e.document.uri);
    lastEdit.delete(e.document.uri);
    applying.delete(e.document.uri);
    const path = documentPath(e.document.uri);
    for (const l of linters) void guarded(`${l.name}.forget`, undefined, () => l.forget?.(path));
    for (const f of loadedFeatures) void guarded(`${f.name}.onDidClose`, undefined, () => f.onDidClose?.(e.document.uri, ctx));
    reports.forget(e.document.uri);
    pulled.delete(e.document.uri);
    if (!client.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** Editor requests being answered: idle work (prepareAhead) waits for them. */
  let answeringCount = 0;
  function answering<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      answeringCount++;
      try {
        return await run(...args);
      } finally {
        answeringCount--;
      }
    };
  }

  /**
   * Runs a per-feature handler for every applicable feature and concatenates the answers. A
   * single answer is passed on as it is: it may be sealed (sealedJson.ts), its JSON kept.
   */
  async function merged<T>(uri: string, what: keyof LanguageFeature, pick: (f: LanguageFeature, doc: TextDocument) => Promise<T[]> | T[] | undefined): Promise<T[]> {
    const doc = documents.get(uri);
    if (!doc) return [];
    const answers: T[][] = [];
    for (const f of await applicable(doc, (f) => f[what] !== undefined)) {
      const a = await guarded(`${f.name}.${what}`, [] as T[], () => pick(f, doc) ?? []);
      if (a.length) answers.push(a);
    }
    if (answers.length === 1) return answers[0]!;
    const out: T[] = [];
    for (const a of answers) append(out, a);
    return out;
  }

  connection.onHover(answering(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    for (const f of await applicable(doc, (f) => f.hover !== undefined)) {
      const h = await guarded(`${f.name}.hover`, null, () => f.hover!(doc, params, ctx));
      if (h) return hoverForClient(localiseHover(h, await referenceLocaliser(l10n)), client.hoverMarkdown);
    }
    return null;
  }));
  connection.onCompletion(answering(async (p) => {
    let incomplete = false;
    const items = await merged<lsp.CompletionItem>(p.textDocument.uri, 'completion', async (f, d) => {
      const answer = await f.completion?.(d, p, ctx);
      if (answer === undefined || Array.isArray(answer)) return answer ?? [];
      incomplete ||= answer.isIncomplete;
      return answer.items;
    });
    const out = completionForClient(localiseCompletion(items, await referenceLocaliser(l10n)), client.completionMarkdown);
    return completionAnswer(out, incomplete, client.completionEditRangeDefault);
  }));
  connection.onDocumentSymbol(answering(async (p) => {
    const symbols = localiseSymbols(await merged(p.textDocument.uri, 'documentSymbols', (f, d) => f.documentSymbols?.(d, ctx)), await referenceLocaliser(l10n), lsp.SymbolKind.Namespace);
    return symbolsForClient(symbols, p.textDocument.uri, client.hierarchicalSymbols);
  }));
  connection.onDefinition(answering((p) => merged(p.textDocument.uri, 'definition', (f, d) => f.definition?.(d, p, ctx))));
  connection.onReferences(answering((p) => merged(p.textDocument.uri, 'references', (f, d) => f.references?.(d, p, ctx))));
  connection.onFoldingRanges(answering((p) => merged(p.textDocument.uri, 'foldingRanges', (f, d) => f.foldingRanges?.(d, ctx))));
  connection.onCodeLens(answering((p) => merged(p.textDocument.uri, 'codeLenses', (f, d) => f.codeLenses?.(d, ctx))));
  connection.onDocumentLinks(answering((p) => merged(p.textDocument.uri, 'documentLinks', (f, d) => f.documentLinks?.(d, ctx))));
  connection.onCodeAction(answering(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const generic = p.context.diagnostics.flatMap((d) => fixesToCodeActions(doc, d, client.clientCommands));
    const actions = [...generic, ...localiseCodeActions(await merged(p.textDocument.uri, 'codeActions', (f, d) => f.codeActions?.(d, p, ctx)), l10n)];
    return client.codeActionLiterals ? actions : codeActionsAsCommands(actions, client.applyEdit);
  }));

  documents.listen(connection);
  connection.listen();
  return { loadFeatures };
}
