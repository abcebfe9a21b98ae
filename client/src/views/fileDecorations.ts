/**
 * Explorer decorations from the workspace PKI: certificates that have expired
 * (or were revoked) in the error colour, those inside the warning window in the
 * warning colour, and unencrypted private keys that every user of the machine
 * can read. Fed by the server's few marked files (`certwright/fileMarks`, not the whole
 * tree), refreshed on `certwright/certificatesChanged` and when the warning window changes.
 */
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { certificatesChangedNotification, fileMarksRequest, type FileMarksResult } from '../../../server/src/protocol/inspect';
import { certificateDecorations, type Decoration } from './decorationModel';

class PkiDecorations implements vscode.FileDecorationProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private current = new Map<string, Decoration>();

  constructor(private readonly services: Services) {}

  async refresh(): Promise<void> {
    const marks = await this.services.client.sendRequest<FileMarksResult>(fileMarksRequest, {});
    const next = certificateDecorations(marks, vscode.l10n);
    for (const path of marks.privateKeys) {
      try {
        const mode = (await fsp.stat(path)).mode;
        if (mode & 0o004) next.set(path, { badge: 'R', tooltip: vscode.l10n.t('Private key readable by every user (mode {0}): Certwright: Set Key File Permissions to 0600', (mode & 0o777).toString(8).padStart(4, '0')), color: 'error' });
      } catch {
        // Gone since the scan: the next change notification updates it.
      }
    }
    const touched = new Set([...this.current.keys(), ...next.keys()]);
    this.current = next;
    this.changed.fire([...touched].map((p) => vscode.Uri.file(p)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const d = this.current.get(uri.fsPath);
    if (!d) return undefined;
    const decoration = new vscode.FileDecoration(d.badge, d.tooltip, new vscode.ThemeColor(d.color === 'error' ? 'list.errorForeground' : 'list.warningForeground'));
    decoration.propagate = false;
    return decoration;
  }

  /** Test hook: the decorations by path. */
  snapshot(): Record<string, Decoration> {
    return Object.fromEntries(this.current);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export const decorationStateCommand = 'certwright.test.fileDecorations';

export function registerFileDecorations(services: Services): void {
  const provider = new PkiDecorations(services);
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void provider.refresh().catch((err: unknown) => services.output.warn(vscode.l10n.t('file decorations: {0}', err instanceof Error ? err.message : String(err)))), ms);
  };
  services.context.subscriptions.push(
    provider,
    vscode.window.registerFileDecorationProvider(provider),
    services.client.onNotification(certificatesChangedNotification, () => schedule(300)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('certwright.expiryWarningDays')) schedule(0);
    }),
    services.registerCommand(decorationStateCommand, async () => {
      await provider.refresh();
      return provider.snapshot();
    }),
    { dispose: () => clearTimeout(timer) },
  );
  // The first list waits for the server; the scan it starts is shared with the Certificates view.
  schedule(2000);
}
