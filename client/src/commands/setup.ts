/**
 * Setup-validation commands. `certwright.fixKeyPermissions` is the quick fix the
 * CockroachDB and PostgreSQL key-permission diagnostics carry: it sets the key
 * file to 0600 and tells the server the file changed so diagnostics refresh.
 * `certwright.checkWorkspace` asks the server to lint every workspace file, so
 * Problems lists files that are not open, and shows the totals.
 * `certwright.reissueCertificate` is the "Re-issue <cert> with SAN/CN" quick fix:
 * the server plans the renewal (dry run), a modal dialog shows what will be
 * written, and only then the server renews under the CA lock.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, ExecuteCommandRequest, FileChangeType } from 'vscode-languageclient/node';
import { checkWorkspaceCommand, reissueServerCommand, type CheckWorkspaceResult, type ReissueArgs, type ReissueResult } from '../../../server/src/protocol/setup';
import type { Services } from '../services';
import { checkText } from './notice';
import type { CommandTable } from './index';

/** Certwright's errors and warnings in Problems, and the files that have one. */
function problemTotals(): { errors: number; warnings: number; files: number } {
  let errors = 0;
  let warnings = 0;
  let files = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    const ours = diagnostics.filter((d) => d.source === 'certwright');
    const e = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const w = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    errors += e;
    warnings += w;
    if (e + w) files++;
  }
  return { errors, warnings, files };
}

export function setupCommands(services: Services): CommandTable {
  return {
    async checkWorkspace(): Promise<CheckWorkspaceResult | undefined> {
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Certwright: checking the workspace') }, () =>
        services.client.sendRequest(ExecuteCommandRequest.type, { command: checkWorkspaceCommand, arguments: [] }),
      );
      const result = r as CheckWorkspaceResult | undefined;
      if (!result) return undefined;
      // The totals are what Problems shows now (open files included, hints and infos not), so the notification and the panel agree.
      const totals = problemTotals();
      const text = checkText(vscode.l10n, { checked: result.checked, ...totals, truncated: result.truncated });
      services.output.info(text);
      if (totals.files) void vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showInformationMessage(text);
      return result;
    },
    async reissueCertificate(arg: unknown): Promise<ReissueResult | undefined> {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Certwright: re-issuing a certificate writes to its CA and needs a trusted workspace.'));
        return undefined;
      }
      const run = async (extra: Partial<ReissueArgs>): Promise<ReissueResult> =>
        (await services.client.sendRequest(ExecuteCommandRequest.type, { command: reissueServerCommand, arguments: [{ ...(arg as ReissueArgs), ...extra }] })) as ReissueResult;
      const plan = await run({ dryRun: true });
      if (!plan.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Certwright could not re-issue the certificate: {0}', plan.message ?? ''));
        return plan;
      }
      const yes = vscode.l10n.t('Re-issue');
      if ((await vscode.window.showWarningMessage(plan.question ?? vscode.l10n.t('Re-issue the certificate?'), { modal: true, detail: plan.summary }, yes)) !== yes) return { ok: false, cancelled: true };
      const done = await run({ confirmed: true });
      if (!done.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Certwright could not re-issue the certificate: {0}', done.message ?? ''));
        return done;
      }
      for (const w of done.written ?? []) services.output.info(vscode.l10n.t('Re-issue: wrote {0}', w));
      void vscode.window.showInformationMessage(vscode.l10n.t('Certwright: re-issued {0}.', (arg as ReissueArgs).cert));
      return done;
    },
    async fixKeyPermissions(arg: unknown) {
      // From a diagnostic or the explorer: the key given; from the palette: the key open in the editor.
      const active = vscode.window.activeTextEditor?.document.uri;
      const path = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : active?.scheme === 'file' && /\.(?:key|pem)$/i.test(active.fsPath) ? active.fsPath : undefined;
      if (!path) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Certwright: open the key file, or run this from its diagnostic or the explorer.'));
        return false;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Certwright: changing file permissions needs a trusted workspace.'));
        return false;
      }
      try {
        await fs.chmod(path, 0o600);
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Certwright: could not set {0} to 0600: {1}', path, err instanceof Error ? err.message : String(err)));
        return false;
      }
      services.output.info(vscode.l10n.t('Set {0} to mode 0600', path));
      const uri = vscode.Uri.file(path).toString();
      await services.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
      return true;
    },
  };
}
