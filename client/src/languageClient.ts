import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** File names whose change can alter diagnostics elsewhere (certificates, keys, configs). */
const watchedFiles = '**/*.{pem,crt,cer,der,key,csr,crl,p7b,p7c,p12,pfx,cnf,conf,toml,yaml,yml,srl}';

export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
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
    outputChannel: output,
    traceOutputChannel: output,
  };
  const client = new LanguageClient('certwright', 'Certwright', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
  return client;
}
