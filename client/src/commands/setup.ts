/**
 * Setup-validation commands. `certwright.fixKeyPermissions` is the quick fix the
 * CockroachDB and PostgreSQL key-permission diagnostics carry: it sets the key
 * file to 0600 and tells the server the file changed so diagnostics refresh.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageclient/node';
import type { Services } from '../services';
import type { CommandTable } from './index';

export function setupCommands(services: Services): CommandTable {
  return {
    async fixKeyPermissions(arg: unknown) {
      const path = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : undefined;
      if (!path) {
        void vscode.window.showErrorMessage('Certwright: no key file given.');
        return false;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Certwright: changing file permissions needs a trusted workspace.');
        return false;
      }
      try {
        await fs.chmod(path, 0o600);
      } catch (err) {
        void vscode.window.showErrorMessage(`Certwright: could not set ${path} to 0600: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
      services.output.info(`Set ${path} to mode 0600`);
      const uri = vscode.Uri.file(path).toString();
      await services.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
      return true;
    },
  };
}
