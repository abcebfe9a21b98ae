import * as lsp from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { linters } from './core/linters';
import { applyRuleSettings } from './core/linter';
import type { Finding } from './core/types';
import { nodeEnvironment } from './node/nodeEnvironment';
import { fixesToCodeActions, toDiagnostic } from './convert';
import { documentPath } from './documentPath';
import { features } from './features';
import type { FeatureContext, LanguageFeature } from './features/feature';
import { defaultServerSettings, parseSettings, type ServerSettings } from './settings';

/** At most this many diagnostics per document: a binary file must not flood the client. */
const maxDiagnostics = 1000;
const changeDebounceMs = 150;

/**
 * LSP wiring only: documents, settings, debounced validation, and merging the
 * answers of the feature families. Every handler is guarded so that a failing
 * feature answers "nothing" instead of taking the server down.
 */
export function startServer(connection: lsp.Connection = lsp.createConnection(lsp.ProposedFeatures.all)): void {
  const documents = new lsp.TextDocuments(TextDocument);
  const env = nodeEnvironment();
  const timers = new Map<string, NodeJS.Timeout>();
  const dependencies = new Map<string, Set<string>>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let roots: string[] = [];
  let hasConfiguration = false;

  const log = (message: string): void => connection.console.log(message);

  process.on('uncaughtException', (err) => log(`certwright: uncaught exception: ${err.stack ?? err}`));
  process.on('unhandledRejection', (err) => log(`certwright: unhandled rejection: ${String(err)}`));

  const ctx: FeatureContext = {
    env,
    connection,
    document: (uri) => documents.get(uri),
    allDocuments: () => documents.all(),
    settingsFor,
    workspaceRoots: () => roots,
    revalidate: schedule,
    log,
  };

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!hasConfiguration) return Promise.resolve(defaultServerSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'certwright' })
        .then(parseSettings, () => defaultServerSettings);
      settingsCache.set(uri, s);
    }
    return s;
  }

  function applicable(doc: TextDocument): LanguageFeature[] {
    return features.filter((f) => {
      try {
        return f.appliesTo(doc);
      } catch {
        return false;
      }
    });
  }

  async function guarded<T>(what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      log(`certwright: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  }

  async function validate(doc: TextDocument): Promise<void> {
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
      const lintContext = { env, settings, workspaceRoots: roots };
      for (const linter of linters) {
        const applies = await guarded(`${linter.name}.appliesTo`, false, () => linter.appliesTo(input));
        if (!applies) continue;
        findings.push(...(await guarded(`${linter.name}.lint`, [] as Finding[], () => linter.lint(input, lintContext))));
        const lintDeps = linter.dependencies;
        if (lintDeps) {
          for (const d of await guarded(`${linter.name}.dependencies`, [] as string[], () => lintDeps.call(linter, input, lintContext))) deps.add(d);
        }
      }
      findings = applyRuleSettings(findings, settings.rules);
    }
    dependencies.set(doc.uri, deps);
    // Drop the result if the document changed or closed while we were linting.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    const diagnostics = findings.slice(0, maxDiagnostics).map((f) => toDiagnostic(doc, f));
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  function schedule(uri: string, delay = changeDebounceMs): void {
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

  connection.onInitialize((params) => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    roots = (params.workspaceFolders ?? []).map((f) => documentPath(f.uri));
    if (!roots.length && params.rootUri) roots = [documentPath(params.rootUri)];
    const triggers = new Set<string>();
    for (const f of features) for (const c of f.completionTriggerCharacters ?? []) triggers.add(c);
    return {
      capabilities: {
        textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [...triggers] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'certwright-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    for (const f of features) void guarded(`${f.name}.register`, undefined, () => f.register?.(ctx));
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const changed = new Set(changes.map((c) => documentPath(c.uri)));
    for (const [uri, deps] of dependencies) {
      if ([...deps].some((d) => changed.has(d))) schedule(uri);
    }
    for (const f of features) void guarded(`${f.name}.onWatchedFilesChanged`, undefined, () => f.onWatchedFilesChanged?.(changes, ctx));
  });

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    dependencies.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** Runs a per-feature handler for every applicable feature and concatenates the answers. */
  async function merged<T>(uri: string, what: string, pick: (f: LanguageFeature, doc: TextDocument) => Promise<T[]> | T[] | undefined): Promise<T[]> {
    const doc = documents.get(uri);
    if (!doc) return [];
    const out: T[] = [];
    for (const f of applicable(doc)) out.push(...(await guarded(`${f.name}.${what}`, [] as T[], () => pick(f, doc) ?? [])));
    return out;
  }

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    for (const f of applicable(doc)) {
      if (!f.hover) continue;
      const h = await guarded(`${f.name}.hover`, null, () => f.hover!(doc, params, ctx));
      if (h) return h;
    }
    return null;
  });
  connection.onCompletion((p) => merged(p.textDocument.uri, 'completion', (f, d) => f.completion?.(d, p, ctx)));
  connection.onDocumentSymbol((p) => merged(p.textDocument.uri, 'documentSymbols', (f, d) => f.documentSymbols?.(d, ctx)));
  connection.onDefinition((p) => merged(p.textDocument.uri, 'definition', (f, d) => f.definition?.(d, p, ctx)));
  connection.onReferences((p) => merged(p.textDocument.uri, 'references', (f, d) => f.references?.(d, p, ctx)));
  connection.onFoldingRanges((p) => merged(p.textDocument.uri, 'foldingRanges', (f, d) => f.foldingRanges?.(d, ctx)));
  connection.onCodeLens((p) => merged(p.textDocument.uri, 'codeLenses', (f, d) => f.codeLenses?.(d, ctx)));
  connection.onCodeAction(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const generic = p.context.diagnostics.flatMap((d) => fixesToCodeActions(doc, d));
    return [...generic, ...(await merged(p.textDocument.uri, 'codeActions', (f, d) => f.codeActions?.(d, p, ctx)))];
  });

  documents.listen(connection);
  connection.listen();
}
