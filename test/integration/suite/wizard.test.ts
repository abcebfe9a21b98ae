/**
 * The issuing wizard in the real VS Code, driven by VS Code's own quick-input
 * commands (accept, Back, close) the way a keyboard user drives it: the counter
 * counts the pages that apply, Back returns to the previous page with its answer
 * kept, and the summary lists the files before anything is written.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CertwrightApi } from '../../../client/src/extension';
import type { WizardShown } from '../../../client/src/commands/issue/wizard';
import { activate, closeWizardsAndEditors, workspaceUri } from './helpers';

let api: CertwrightApi;

/** Waits until the wizard shows a page after `seen` pages that `accept` likes. */
async function nextPage(seen: number, accept: (p: WizardShown) => boolean = () => true, timeoutMs = 20_000): Promise<WizardShown> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const page = api.wizardPages.slice(seen).find(accept);
    if (page) {
      // Let the quick input finish opening before the next command drives it.
      await new Promise((r) => setTimeout(r, 300));
      return page;
    }
    if (Date.now() > until) throw new Error(`no wizard page after ${seen}: ${JSON.stringify(api.wizardPages.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
const back = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.quickInputBack');

suite('Issuing wizard', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activate();
  });

  suiteTeardown(closeWizardsAndEditors);

  test('Create CA: counters 1/7 … 7/7 without jumps, Back keeps the answer, P-256 by default, the summary lists the files, Escape writes nothing', async function () {
    this.timeout(90_000);
    let mark = api.wizardPages.length;
    const step = async (n: number, timeoutMs?: number): Promise<WizardShown> => {
      const page = await nextPage(mark, (p) => p.step === n, timeoutMs);
      mark = api.wizardPages.length;
      return page;
    };
    const run = vscode.commands.executeCommand('certwright.createCa');

    const profile = await step(1);
    assert.deepEqual([profile.kind, profile.total, profile.back], ['pick', 7, false], JSON.stringify(profile));
    await accept(); // the first system (CockroachDB)

    const folder = await step(2);
    assert.deepEqual([folder.kind, folder.total, folder.back], ['input', 7, true]);
    await accept(); // the suggested folder

    const key = await step(3);
    assert.equal(key.active, 'ECDSA P-256', 'a new CA defaults to P-256');
    assert.equal(key.total, 7);

    // Back: the folder page again, page 2 of 7, with the answer kept.
    await back();
    const again = await step(2);
    assert.deepEqual([again.total, again.value], [7, folder.value]);
    await accept();
    assert.equal((await step(3)).total, 7);
    await accept(); // P-256

    assert.equal((await step(4)).value, 'Cockroach CA');
    await accept();
    assert.equal((await step(5)).value, '3650');
    await accept();
    const protect = await step(6);
    assert.deepEqual([protect.kind, protect.active], ['pick', 'No passphrase'], 'the CA key is not encrypted unless asked');
    await accept();

    // The summary: page 7 of 7, the choices and the files, with Back; nothing written yet.
    const summary = await step(7, 60_000);
    assert.deepEqual([summary.total, summary.back], [7, true]);
    assert.ok(summary.items?.some((i) => /ca\.crt$/.test(i)), JSON.stringify(summary.items));
    assert.ok(summary.items?.some((i) => /ca\.key$/.test(i)), JSON.stringify(summary.items));
    assert.ok(summary.items?.includes('ECDSA P-256'), 'the choices are listed');
    const target = workspaceUri(folder.value ?? 'cockroach');
    assert.equal(existsSync(vscode.Uri.joinPath(target, 'certs', 'ca.crt').fsPath), false, 'nothing is written before the summary is accepted');

    // Back from the summary: the last question again (6/7), then the summary again.
    await back();
    assert.equal((await step(6)).total, 7);
    await accept();
    await step(7, 60_000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await run, undefined, 'cancelled at the summary');
    assert.equal(existsSync(vscode.Uri.joinPath(target, 'certs', 'ca.crt').fsPath), false, 'nothing was written');
  });
});
