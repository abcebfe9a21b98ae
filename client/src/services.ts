import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What commands and views are given: the only shared state of the client. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  /**
   * Registers a command: the commands the manifest contributes were registered by activate()
   * as placeholders that wait for this (client/src/extension.ts); any other id is registered
   * with VS Code here.
   */
  registerCommand<A extends unknown[]>(id: string, handler: (...args: A) => unknown): vscode.Disposable;
  /** Gives a contributed custom editor its provider (activate() registered a placeholder that waits for it). */
  registerCustomEditor(viewType: string, provider: vscode.CustomReadonlyEditorProvider): vscode.Disposable;
}
