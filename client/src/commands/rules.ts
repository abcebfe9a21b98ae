/**
 * `certwright.disableRuleInSettings`: the "Disable <CODE> in settings" quick fix
 * the server offers on every diagnostic. Writes `"<CODE>": "off"` into
 * `certwright.rules` of the workspace folder of the file (the workspace when
 * there is one folder, the user settings without one), keeping the other entries.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandTable } from './index';

export function ruleCommands(services: Services): CommandTable {
  return {
    async disableRuleInSettings(code: unknown, uri: unknown): Promise<boolean> {
      if (typeof code !== 'string' || !/^[A-Z0-9]+(?:-[A-Z0-9]+)+$/.test(code)) return false;
      const resource = typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
      const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : undefined;
      const folders = vscode.workspace.workspaceFolders?.length ?? 0;
      const target = !folder ? vscode.ConfigurationTarget.Global : folders > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
      const config = vscode.workspace.getConfiguration('certwright', folder?.uri ?? resource);
      const current = config.inspect<Record<string, string>>('rules');
      const value = target === vscode.ConfigurationTarget.Global ? current?.globalValue : target === vscode.ConfigurationTarget.Workspace ? current?.workspaceValue : current?.workspaceFolderValue;
      await config.update('rules', { ...(value ?? {}), [code]: 'off' }, target);
      const where = target === vscode.ConfigurationTarget.Global ? vscode.l10n.t('user settings') : vscode.l10n.t('workspace settings');
      services.output.info(vscode.l10n.t('{0} turned off in the {1} (certwright.rules)', code, where));
      const open = vscode.l10n.t('Open Settings');
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is off in the {1} (certwright.rules).', code, where), open).then((choice) => {
        if (choice === open) void vscode.commands.executeCommand(target === vscode.ConfigurationTarget.Global ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile');
      });
      return true;
    },
  };
}
