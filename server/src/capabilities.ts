/**
 * What the connected client can do, read once from `initialize` (its declared
 * capabilities and Certwright's `initializationOptions`). Features ask this
 * object instead of assuming VS Code: snippets, Markdown, which commands the
 * client runs itself, how settings and file changes reach the server.
 */
import type * as lsp from 'vscode-languageserver';

export interface ClientCapabilities {
  /** Completion items may be snippets (`${1:x}` placeholders). */
  readonly snippets: boolean;
  /** Hover contents may be Markdown (else plain text). */
  readonly hoverMarkdown: boolean;
  /** Completion documentation may be Markdown (else plain text). */
  readonly completionMarkdown: boolean;
  /** A completion list may give its items' replace range once (`itemDefaults.editRange`, LSP 3.17). */
  readonly completionEditRangeDefault: boolean;
  /** The client answers `workspace/configuration`. */
  readonly configurationRequest: boolean;
  /** The client watches files for the server after `client/registerCapability`. */
  readonly watchedFilesRegistration: boolean;
  /** The client opens a URI on `window/showDocument`. */
  readonly showDocument: boolean;
  /** The client declared `window.showMessage`: it answers `window/showMessageRequest` with the action the user picked. */
  readonly showMessageRequest: boolean;
  /** The outline may be a tree of DocumentSymbol (else a flat list of SymbolInformation). */
  readonly hierarchicalSymbols: boolean;
  /**
   * The client pulls diagnostics (LSP 3.17 textDocument/diagnostic) and takes workspace/diagnostic/refresh,
   * which tells it to pull again when a file the diagnostics depend on changes; else they are pushed.
   */
  readonly pullDiagnostics: boolean;
  /** Diagnostics may carry `relatedInformation` (else its places are written into the message). */
  readonly relatedInformation: boolean;
  /** textDocument/codeAction may answer CodeAction literals (else only Commands, LSP 3.0). */
  readonly codeActionLiterals: boolean;
  /** The client applies edits the server sends with workspace/applyEdit. */
  readonly applyEdit: boolean;
  /** Code actions may carry `disabled` with a reason the client shows (instead of leaving them out). */
  readonly codeActionDisabled: boolean;
  /**
   * Command ids the client runs itself (the VS Code extension declares
   * `certwright.showCertificateText` and `editor.action.triggerSuggest`);
   * any other client only gets commands the server executes.
   */
  readonly clientCommands: ReadonlySet<string>;
  /** The client already sends file events for `watchedFilesGlob` (the VS Code extension's own watcher). */
  readonly clientWatchesFiles: boolean;
  /** Settings the client passed in `initializationOptions` (under `certwright`, or at the top level). */
  readonly initialSettings: unknown;
  /** Markdown may hold codicons (`$(warning)`): the VS Code extension says so; other clients get words. */
  readonly themeIcons: boolean;
  /** An absolute folder the client gives the server for its files between sessions (initializationOptions.storagePath). */
  readonly storagePath: string | undefined;
  /** Base URL of the rule pages (`<base><CODE>.md`) when the client shows `codeDescription` links; undefined otherwise. */
  readonly ruleDocs: string | undefined;
}

/** A client that declared nothing: what the server assumes before `initialize`. */
export const minimalClient: ClientCapabilities = {
  snippets: false,
  hoverMarkdown: false,
  completionMarkdown: false,
  completionEditRangeDefault: false,
  configurationRequest: false,
  watchedFilesRegistration: false,
  showDocument: false,
  showMessageRequest: false,
  hierarchicalSymbols: false,
  pullDiagnostics: false,
  relatedInformation: false,
  codeActionLiterals: false,
  applyEdit: false,
  codeActionDisabled: false,
  clientCommands: new Set(),
  clientWatchesFiles: false,
  initialSettings: undefined,
  themeIcons: false,
  storagePath: undefined,
  ruleDocs: undefined,
};

/** Whether a client's format list (most preferred first) puts Markdown before plain text. */
function prefersMarkdown(formats: readonly string[] | undefined): boolean {
  if (!formats?.length) return false; // the spec's default is plain text
  const md = formats.indexOf('markdown');
  const plain = formats.indexOf('plaintext');
  return md >= 0 && (plain < 0 || md < plain);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Reads untrusted `initialize` parameters. Pure. `ruleDocs` is where the rule
 * pages are (the server's own docs/rules), linked only for clients that declare
 * `codeDescriptionSupport`.
 */
export function readClientCapabilities(params: Pick<lsp.InitializeParams, 'capabilities' | 'initializationOptions'>, ruleDocs?: string): ClientCapabilities {
  const c = params.capabilities ?? {};
  const options = record(params.initializationOptions);
  const pull = record(c.textDocument?.diagnostic) !== undefined && c.workspace?.diagnostics?.refreshSupport === true;
  // What diagnostics may carry, as the client declares it for the model it is served in.
  const diagnostics = pull ? c.textDocument?.diagnostic : c.textDocument?.publishDiagnostics;
  const commands = Array.isArray(options?.clientCommands) ? options.clientCommands.filter((x): x is string => typeof x === 'string') : [];
  return {
    snippets: c.textDocument?.completion?.completionItem?.snippetSupport === true,
    hoverMarkdown: prefersMarkdown(c.textDocument?.hover?.contentFormat),
    completionMarkdown: prefersMarkdown(c.textDocument?.completion?.completionItem?.documentationFormat),
    completionEditRangeDefault: c.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange') === true,
    configurationRequest: c.workspace?.configuration === true,
    watchedFilesRegistration: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    showDocument: c.window?.showDocument?.support === true,
    showMessageRequest: record(c.window?.showMessage) !== undefined,
    hierarchicalSymbols: c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    pullDiagnostics: pull,
    relatedInformation: diagnostics?.relatedInformation === true,
    codeActionLiterals: record(c.textDocument?.codeAction?.codeActionLiteralSupport) !== undefined,
    applyEdit: c.workspace?.applyEdit === true,
    codeActionDisabled: c.textDocument?.codeAction?.disabledSupport === true,
    clientCommands: new Set(commands),
    clientWatchesFiles: options?.clientWatchesFiles === true,
    initialSettings: options ? (options.certwright ?? options) : undefined,
    themeIcons: options?.themeIcons === true,
    storagePath: typeof options?.storagePath === 'string' && /^(\/|[A-Za-z]:[\\/])/.test(options.storagePath) ? options.storagePath : undefined,
    ruleDocs: diagnostics?.codeDescriptionSupport === true ? ruleDocs : undefined,
  };
}
