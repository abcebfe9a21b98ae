import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClientCapabilities } from '../capabilities';
import type { Environment } from '../core/environment';
import type { LintSettings } from '../core/types';
import type { Localiser } from '../core/l10n';

/** What the server hands every feature: the injected environment, settings, and ways to talk back. */
export interface FeatureContext {
  readonly env: Environment;
  readonly connection: lsp.Connection;
  /** Open documents, by URI. */
  document(uri: string): TextDocument | undefined;
  allDocuments(): readonly TextDocument[];
  settingsFor(uri: string): Promise<LintSettings>;
  workspaceRoots(): readonly string[];
  /** Schedules re-validation of an open document (debounced). */
  revalidate(uri: string): void;
  log(message: string): void;
  /** What the connected client declared at `initialize` (snippets, Markdown, commands...). */
  client(): ClientCapabilities;
  /** Shows a text to the user: a read-only document where the client opens one, else a message. */
  showText(title: string, text: string): Promise<void>;
  /**
   * The client's language. Answers and shown messages are localised at the connection
   * already; this is for text a feature composes from finished sentences (Markdown).
   */
  l10n(): Localiser;
}

/**
 * One editor feature family (openssl.cnf, PEM, DM...). The server merges the
 * answers of every feature that applies to a document, so each family lives in
 * its own module and server.ts never grows per-domain code. Diagnostics do not
 * appear here: they come from the core's linters (see core/linters.ts), which
 * the CLI shares.
 */
export interface LanguageFeature {
  readonly name: string;
  appliesTo(doc: TextDocument): boolean;
  /** Characters that should trigger completion in documents this feature handles. */
  readonly completionTriggerCharacters?: readonly string[];
  hover?(doc: TextDocument, params: lsp.HoverParams, ctx: FeatureContext): Promisable<lsp.Hover | null>;
  /** Items, or a list marked incomplete when some were left out (the editor asks again as the user types). */
  completion?(doc: TextDocument, params: lsp.CompletionParams, ctx: FeatureContext): Promisable<lsp.CompletionItem[] | lsp.CompletionList>;
  documentSymbols?(doc: TextDocument, ctx: FeatureContext): Promisable<lsp.DocumentSymbol[]>;
  definition?(doc: TextDocument, params: lsp.DefinitionParams, ctx: FeatureContext): Promisable<lsp.Location[]>;
  references?(doc: TextDocument, params: lsp.ReferenceParams, ctx: FeatureContext): Promisable<lsp.Location[]>;
  foldingRanges?(doc: TextDocument, ctx: FeatureContext): Promisable<lsp.FoldingRange[]>;
  codeLenses?(doc: TextDocument, ctx: FeatureContext): Promisable<lsp.CodeLens[]>;
  /** Ctrl+click targets (file paths named in the document). */
  documentLinks?(doc: TextDocument, ctx: FeatureContext): Promisable<lsp.DocumentLink[]>;
  /** Code actions beyond the quick fixes carried by findings (those are served generically). */
  codeActions?(doc: TextDocument, params: lsp.CodeActionParams, ctx: FeatureContext): Promisable<lsp.CodeAction[]>;
  /** Commands the server executes (workspace/executeCommand), by id; arguments as the client sends them. */
  readonly commands?: Readonly<Record<string, (args: readonly unknown[], ctx: FeatureContext) => Promisable<unknown>>>;
  /** Registers custom requests/notifications (namespaced `certwright/...`). Called once. */
  register?(ctx: FeatureContext): void;
  /** Called when watched workspace files change (before the re-validation of the documents that depend on them runs). */
  onWatchedFilesChanged?(changes: readonly lsp.FileEvent[], ctx: FeatureContext): void;
  /** The editor closed the document: drop what is kept for it. */
  onDidClose?(uri: string, ctx: FeatureContext): void;
  /**
   * Idle time after a version's diagnostics are published: build ahead what requests on this
   * version will read (models, outlines and their JSON), so the first request after an open or
   * an edit finds it made. Work in bounded pieces, checking `idle.spent()`, and `await
   * idle.next()` between them (it yields to pending requests, and says false once `doc` is no
   * longer the open version: stop then).
   */
  prepare?(doc: TextDocument, ctx: FeatureContext, idle: IdleSlices): Promise<void>;
}

/** The server's idle time, in slices: see LanguageFeature.prepare. */
export interface IdleSlices {
  /** Whether this slice's time is used up. */
  spent(): boolean;
  /** Waits for the next slice (after the requests pending); false when the work is no longer wanted. */
  next(): Promise<boolean>;
}

export type Promisable<T> = T | Promise<T>;
