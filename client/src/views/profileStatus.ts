/**
 * Status bar item showing the setup profile (TiDB DM, CockroachDB, PostgreSQL)
 * the server applies to the active file, and where the choice came from.
 * Click: the `certwright.profile` setting.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { profileRequest, type ProfileParams, type ProfileResult } from '../../../server/src/protocol/setup';

const titles: Record<ProfileResult['profile'], string> = {
  cockroach: 'CockroachDB',
  dm: 'TiDB DM',
  postgres: 'PostgreSQL',
  generic: 'generic',
};
const titleOf = (profile: ProfileResult['profile']): string => (profile === 'generic' ? vscode.l10n.t('generic') : titles[profile]);

export function registerProfileStatus(services: Services): void {
  const item = vscode.window.createStatusBarItem('certwright.profile', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Certwright profile');
  item.command = { title: vscode.l10n.t('Certwright profile'), command: 'workbench.action.openSettings', arguments: ['certwright.profile'] };
  services.context.subscriptions.push(item);
  let generation = 0;

  const update = async (): Promise<void> => {
    const mine = ++generation;
    const editor = vscode.window.activeTextEditor;
    if (!editor || (editor.document.uri.scheme !== 'file' && editor.document.uri.scheme !== 'untitled')) {
      item.hide();
      return;
    }
    let result: ProfileResult | undefined;
    try {
      result = await services.client.sendRequest<ProfileResult>(profileRequest, { uri: editor.document.uri.toString() } satisfies ProfileParams);
    } catch {
      result = undefined;
    }
    if (mine !== generation) return;
    if (!result || (result.profile === 'generic' && result.source === 'auto')) {
      item.hide();
      return;
    }
    item.text = `$(shield) ${titleOf(result.profile)}`;
    const source = result.source === 'auto' ? vscode.l10n.t('Detected: {0}', result.reason) : result.source === 'comment' ? vscode.l10n.t('Set by a comment: {0}', result.reason) : vscode.l10n.t('Set by the setting: {0}', result.reason);
    const heading = vscode.l10n.t('Certwright profile: {0}', titleOf(result.profile));
    const tip = new vscode.MarkdownString(`**${heading}**${result.fileKind ? ` (${result.fileKind})` : ''}\n\n${source}\n\n${vscode.l10n.t('Override per folder with `certwright.profile`, per file with `# certwright: profile=<name>`.')}`);
    item.tooltip = tip;
    item.show();
  };

  services.context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) void update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('certwright.profile')) void update();
    }),
  );
  void update();
}
