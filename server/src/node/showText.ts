/**
 * Showing a rendered text (a certificate as `openssl x509 -text` would print
 * it) in a client that is not VS Code: written to a private temporary file and
 * opened with window/showDocument where the client supports it, else sent as
 * a message. Only public material is ever rendered (never key bytes).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lsp from 'vscode-languageserver';

let folder: string | undefined;

function privateFolder(): string {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), 'certwright-'));
    folder = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return folder;
}

/** A file name from a title: letters, digits and a few separators, bounded. */
export function fileNameFor(title: string): string {
  const base = title.replace(/[^A-Za-z0-9._=-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return `${base || 'certificate'}.txt`;
}

export async function showText(connection: lsp.Connection, canShowDocument: boolean, title: string, text: string): Promise<void> {
  if (canShowDocument) {
    const file = join(privateFolder(), fileNameFor(title));
    writeFileSync(file, text, { mode: 0o600 });
    const shown = await connection.window.showDocument({ uri: pathToFileURL(file).toString(), takeFocus: true }).then((r) => r.success, () => false);
    if (shown) return;
  }
  // A notification, not window/showMessageRequest: nothing to answer, and every client shows it.
  await connection.sendNotification(lsp.ShowMessageNotification.type, { type: lsp.MessageType.Info, message: `${title}\n\n${text}` });
}
