/**
 * A minimal LSP client for protocol tests: spawns the *built* server
 * (dist/server/server.js --stdio) exactly as another editor would and speaks
 * JSON-RPC to it. Waits are event-driven and bounded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';

export const serverPath = resolve(__dirname, '../../dist/server/server.js');

export interface TestClient {
  readonly connection: rpc.MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  /** Messages the server sent with window/logMessage (its log), oldest first. */
  readonly logs: () => string[];
  /** Resolves with the first log message (already sent or to come) that matches `pattern`. */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Requests the server sent to the client (method and params), oldest first. */
  readonly serverRequests: () => Array<{ method: string; params: unknown }>;
  /** Resolves when the server sends a request of `method` after the `after`-th request it sent (default: any). */
  serverRequested(method: string, after?: number, timeoutMs?: number): Promise<void>;
  /** Every textDocument/publishDiagnostics the server sent for `uri`, oldest first. */
  published(uri: string): lsp.Diagnostic[][];
  /** Messages the server sent with window/showMessage, oldest first. */
  readonly messages: () => string[];
  /** The server's initialize result. */
  readonly initializeResult: lsp.InitializeResult;
  /** Milliseconds from spawn to the initialize result. */
  readonly initializeMs: number;
  open(path: string, languageId: string, text: string, version?: number): string;
  change(uri: string, version: number, changes: lsp.TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept` (default: any). */
  diagnostics(uri: string, accept?: (d: lsp.PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<lsp.Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  shutdown(): Promise<number | null>;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export interface StartOptions {
  rootPath?: string;
  settings?: Record<string, unknown>;
  /** Run this file directly (its shebang picks node), as an editor runs the `bin` entry; default: node dist/server/server.js. */
  executable?: string;
  /** Client capabilities to declare instead of the default (configuration when `settings`, Markdown hovers, an outline tree, related information). */
  capabilities?: lsp.ClientCapabilities;
  initializationOptions?: unknown;
  /** `initialize` params.locale (LSP 3.16), as VS Code sends its display language; absent by default. */
  locale?: string;
  /** How `initialize` names the workspace: workspaceFolders and rootUri (default), rootUri only, the deprecated rootPath only, or not at all. */
  rootAs?: 'folders' | 'rootUri' | 'rootPath' | 'none';
  /**
   * Whether the client takes CodeAction literals (codeAction.codeActionLiteralSupport), added to
   * `capabilities` as every current editor declares it; false: an LSP 3.0 client, that takes Commands.
   */
  codeActionLiterals?: boolean;
  /** Server→client requests (by method) this client never answers, as a broken client would not. */
  neverAnswers?: readonly string[];
  /** Server→client requests (by method) this client answers with an error. */
  refuses?: readonly string[];
  /** Answers window/showMessageRequest (the item the user picks, or null for dismissed); default: null. */
  onShowMessageRequest?: (params: lsp.ShowMessageRequestParams) => lsp.MessageActionItem | null;
}

/** `capabilities` with codeAction.codeActionLiteralSupport (unless `literals` is false). */
function withLiterals(capabilities: lsp.ClientCapabilities, literals: boolean): lsp.ClientCapabilities {
  if (!literals) return capabilities;
  const codeActionLiteralSupport = { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source'] } };
  return { ...capabilities, textDocument: { ...capabilities.textDocument, codeAction: { codeActionLiteralSupport, ...capabilities.textDocument?.codeAction } } };
}

export async function startClient(options: StartOptions = {}): Promise<TestClient> {
  const started = performance.now();
  const child = options.executable
    ? spawn(options.executable, ['--stdio'], { stdio: 'pipe' })
    : spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map<string, lsp.PublishDiagnosticsParams>();
  const publishedAll = new Map<string, lsp.Diagnostic[][]>();
  const waiters: Array<{ uri: string; accept: (d: lsp.PublishDiagnosticsParams) => boolean; resolve: (d: lsp.Diagnostic[]) => void }> = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: lsp.PublishDiagnosticsParams) => {
    published.set(p.uri, p);
    publishedAll.set(p.uri, [...(publishedAll.get(p.uri) ?? []), p.diagnostics]);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(i, 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  const logs: string[] = [];
  const logWaiters = new Set<(message: string) => void>();
  connection.onNotification('window/logMessage', (p: lsp.LogMessageParams) => {
    logs.push(p.message);
    if (logs.length > 1000) logs.shift();
    for (const w of logWaiters) w(p.message);
  });
  const serverRequests: Array<{ method: string; params: unknown }> = [];
  const requestWaiters = new Set<() => void>();
  const record = (method: string, params: unknown): void => {
    serverRequests.push({ method, params });
    for (const w of requestWaiters) w();
  };
  const messages: string[] = [];
  connection.onNotification('window/showMessage', (p: lsp.ShowMessageParams) => {
    messages.push(p.message);
  });
  const silent = new Set(options.neverAnswers ?? []);
  const refused = new Set(options.refuses ?? []);
  const never: Promise<unknown> = new Promise(() => undefined);
  connection.onRequest('workspace/configuration', (p: lsp.ConfigurationParams) => {
    record('workspace/configuration', p);
    return silent.has('workspace/configuration') ? never : p.items.map(() => options.settings ?? null);
  });
  connection.onRequest('client/registerCapability', (p: unknown) => {
    record('client/registerCapability', p);
    if (refused.has('client/registerCapability')) return new rpc.ResponseError(rpc.ErrorCodes.InvalidRequest, 'this client watches no files for the server');
    return silent.has('client/registerCapability') ? never : null;
  });
  connection.onRequest('window/showDocument', (p: unknown) => {
    record('window/showDocument', p);
    return { success: true };
  });
  connection.onRequest('window/showMessageRequest', (p: lsp.ShowMessageRequestParams) => {
    record('window/showMessageRequest', p);
    return options.onShowMessageRequest?.(p) ?? null;
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => {
    record('workspace/diagnostic/refresh', null);
    return null;
  });
  connection.onRequest('workspace/applyEdit', (p: lsp.ApplyWorkspaceEditParams) => {
    record('workspace/applyEdit', p);
    return { applied: true } satisfies lsp.ApplyWorkspaceEditResult;
  });
  connection.listen();
  const root = options.rootPath ?? process.cwd();
  const initializeResult = await connection.sendRequest<lsp.InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: options.rootAs === 'rootPath' || options.rootAs === 'none' ? null : fileUri(root),
    ...(options.rootAs === 'rootPath' ? { rootPath: root } : {}),
    ...(options.rootAs === undefined || options.rootAs === 'folders' ? { workspaceFolders: [{ uri: fileUri(root), name: 'root' }] } : {}),
    capabilities: withLiterals(
      options.capabilities ?? { workspace: { configuration: !!options.settings }, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true }, publishDiagnostics: { relatedInformation: true } } },
      options.codeActionLiterals ?? true,
    ),
    initializationOptions: options.initializationOptions,
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
  } satisfies lsp.InitializeParams);
  const initializeMs = performance.now() - started;
  await connection.sendNotification('initialized', {});

  return {
    connection,
    process: child,
    stderr: () => stderr,
    logs: () => [...logs],
    logged(pattern, timeoutMs = 10_000) {
      const seen = logs.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolvePromise, reject) => {
        const waiter = (message: string): void => {
          if (!pattern.test(message)) return;
          logWaiters.delete(waiter);
          clearTimeout(timer);
          resolvePromise(message);
        };
        const timer = setTimeout(() => {
          logWaiters.delete(waiter);
          reject(new Error(`no log message matching ${pattern} within ${timeoutMs} ms; logs: ${logs.slice(-20).join('\n')}`));
        }, timeoutMs);
        logWaiters.add(waiter);
      });
    },
    serverRequests: () => [...serverRequests],
    serverRequested(method, after = 0, timeoutMs = 10_000) {
      const seen = (): boolean => serverRequests.slice(after).some((r) => r.method === method);
      if (seen()) return Promise.resolve();
      return new Promise((resolvePromise, reject) => {
        const waiter = (): void => {
          if (!seen()) return;
          requestWaiters.delete(waiter);
          clearTimeout(timer);
          resolvePromise();
        };
        const timer = setTimeout(() => {
          requestWaiters.delete(waiter);
          reject(new Error(`no ${method} request within ${timeoutMs} ms; requests: ${serverRequests.map((r) => r.method).join(', ')}`));
        }, timeoutMs);
        requestWaiters.add(waiter);
      });
    },
    published: (uri) => [...(publishedAll.get(uri) ?? [])],
    messages: () => [...messages],
    initializeResult,
    initializeMs,
    open(path, languageId, text, version = 1) {
      const uri = path.includes(':') && !path.startsWith('/') ? path : fileUri(path);
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
      return uri;
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(published.get(uri)?.diagnostics ?? null)}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (d) => { clearTimeout(timer); resolvePromise(d); } });
      });
    },
    request(method, params) {
      return connection.sendRequest(method, params);
    },
    async shutdown() {
      if (child.exitCode != null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      // Bounded: a server stuck in a long computation is killed (and the caller sees null).
      let timer: NodeJS.Timeout | undefined;
      const bounded = <T>(p: Promise<T>, ms: number): Promise<T | null> =>
        Promise.race([p, new Promise<null>((r) => { timer = setTimeout(() => r(null), ms); })]).finally(() => clearTimeout(timer));
      const answered = await bounded(connection.sendRequest('shutdown').then(() => true, () => false), 10_000);
      if (answered) await connection.sendNotification('exit');
      const code = answered ? await bounded(exited, 5000) : null;
      if (code === null && child.exitCode == null) child.kill('SIGKILL');
      connection.dispose();
      return code;
    },
  };
}
