import * as vscode from 'vscode';
import { isMysqlOptionFile, sniffConfig } from '../../server/src/protocol/languages';

/**
 * Gives documents the language their content says (the same sniffing the CLI
 * and the server use): a MySQL/MariaDB my.cnf that the `.cnf` association made
 * openssl-conf becomes `ini`; a plain-text document that is clearly an OpenSSL
 * configuration (an extension file without suffix, a `.prm`) becomes openssl-conf.
 */
export function registerLanguageSniffing(context: vscode.ExtensionContext): void {
  const check = (doc: vscode.TextDocument): void => {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return;
    if (doc.languageId === 'openssl-conf' && isMysqlOptionFile(doc.getText())) void vscode.languages.setTextDocumentLanguage(doc, 'ini');
    else if (doc.languageId === 'plaintext' && doc.uri.scheme === 'file' && sniffConfig(doc.getText()).kind === 'openssl') void vscode.languages.setTextDocumentLanguage(doc, 'openssl-conf');
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
}
