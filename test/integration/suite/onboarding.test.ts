/**
 * Onboarding in the real VS Code: the Certificates view lives in Certwright's own
 * view container, the walkthrough is registered and opens, and test-only commands
 * stay out of the palette.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors } from './helpers';

suite('Onboarding', () => {
  suiteSetup(activate);
  suiteTeardown(closeAllEditors);

  test('the Certificates view opens in the Certwright view container', async () => {
    // The view's focus command exists only when the view is contributed to a container VS Code knows.
    await vscode.commands.executeCommand('workbench.view.extension.certwright');
    await vscode.commands.executeCommand('certwright.certificates.focus');
  });

  test('the walkthrough is registered and opens', async function () {
    this.timeout(20_000);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'certwright.certwright#certwright.gettingStarted', false);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab, 'no tab opened');
    assert.match(tab.label, /Welcome|Walkthrough|Get Started/i, `the active tab is "${tab.label}"`);
  });
});
