import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { disableRuleInSettingsCommand, watchedFilesGlob as watchedFiles, type CertwrightInitializationOptions } from '../../server/src/protocol/client';
import { copyFingerprintCommand, revealInCertificatesCommand, showCertificateTextCommand, signCsrCommand } from '../../server/src/protocol/inspect';
import { fixKeyPermissionsCommand, reissueCertificateCommand } from '../../server/src/protocol/setup';
import { redacting } from './traceRedaction';

/** This extension runs these commands itself and watches `watchedFiles` for the server. */
const initializationOptions: CertwrightInitializationOptions = {
  clientCommands: [showCertificateTextCommand, copyFingerprintCommand, revealInCertificatesCommand, signCsrCommand, 'editor.action.triggerSuggest', disableRuleInSettingsCommand, reissueCertificateCommand, fixKeyPermissionsCommand],
  clientWatchesFiles: true,
  themeIcons: true,
};

/** The extension's storage folder for the server, where it is on this machine's disk. */
function storage(context: vscode.ExtensionContext): Pick<CertwrightInitializationOptions, 'storagePath'> {
  const uri = context.storageUri ?? context.globalStorageUri;
  return uri.scheme === 'file' ? { storagePath: uri.fsPath } : {};
}

/**
 * The language client, not yet started: activate() starts it without waiting, since
 * requests and notifications sent before the server has answered wait for it.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  // stdio, as every other editor: over Node IPC, Node serialises each answer itself, so the kept
  // JSON of an unchanged outline or references answer (server/src/sealedJson.ts) would be encoded again.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(watchedFiles);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // Every file: PEM blocks are hovered wherever they appear (YAML, TOML, JSON...);
    // the server decides per feature what it handles.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
    synchronize: { configurationSection: 'certwright', fileEvents: watcher },
    // The server serves pulled diagnostics (LSP 3.17) to this client: asked for on open and on each edit
    // (the client's default is on open only); a change on disk the server tells with a refresh.
    diagnosticPullOptions: { onChange: true },
    // The server keeps the Certificates view's signature verdicts there between sessions (node/verdictStore).
    initializationOptions: { ...initializationOptions, ...storage(context) },
    // Hover links may run these commands only (never arbitrary ones), and show codicons.
    markdown: { isTrusted: { enabledCommands: [showCertificateTextCommand, copyFingerprintCommand, revealInCertificatesCommand, signCsrCommand] }, supportThemeIcons: true },
    outputChannel: redacting(output),
    traceOutputChannel: redacting(output),
  };
  const client = new LanguageClient('certwright', 'Certwright', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client;
}
