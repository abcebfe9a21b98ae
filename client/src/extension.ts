import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { registerViews } from './views';
import { registerLanguageSniffing } from './languageSniff';

/** What the extension exports: used by the integration tests and by other extensions. */
export interface CertwrightApi {
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  /** Milliseconds from activate() being called to the language client being ready. */
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<CertwrightApi> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Certwright', { log: true });
  context.subscriptions.push(output);
  registerLanguageSniffing(context);
  const client = await startLanguageClient(context, output);
  const services = { context, client, output };
  registerCommands(services);
  registerViews(services);
  const activationMs = performance.now() - started;
  output.appendLine(`Certwright activated in ${activationMs.toFixed(0)} ms`);
  return { client, output, activationMs };
}

export function deactivate(): void {
  // The language client is in context.subscriptions and stops with it.
}
