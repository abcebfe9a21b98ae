import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { watchedFilesGlob as watchedFiles, type CertwrightInitializationOptions } from '../../server/src/protocol/client';
import { showCertificateTextCommand } from '../../server/src/protocol/inspect';
import { redactTrace } from './traceRedaction';

/** This extension runs these commands itself and watches `watchedFiles` for the server. */
const initializationOptions: CertwrightInitializationOptions = {
  clientCommands: [showCertificateTextCommand, 'editor.action.triggerSuggest'],
  clientWatchesFiles: true,
};

/**
 * The language client, not yet started: activate() starts it without waiting, since
 * requests and notifications sent before the server has answered wait for it.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
const writers = new Set<string | symbol>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The output channel with every line passed through redactTrace (the verbose trace goes there too). */
function redacting(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (!writers.has(prop)) return v.bind(target);
      return (message: unknown, ...rest: unknown[]) => (v as (...a: unknown[]) => unknown).call(target, typeof message === 'string' ? redactTrace(message) : message, ...rest);
    },
  });
}

/**
 * The language client, not yet started: activate() starts it without waiting, since
 * requests and notifications sent before the server has answered wait for it.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(watchedFiles);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // Every file: PEM blocks are hovered wherever they appear (YAML, TOML, JSON...);
    // the server decides per feature what it handles.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
    synchronize: { configurationSection: 'certwright', fileEvents: watcher },
    initializationOptions,
    outputChannel: redacting(output),
    traceOutputChannel: redacting(output),
  };
  const client = new LanguageClient('certwright', 'Certwright', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client;
}
