import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What commands and views are given: the only shared state of the client. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
}
