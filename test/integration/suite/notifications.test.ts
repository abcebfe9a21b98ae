/**
 * The notifications a person meets after a palette command, in the real VS Code, with a spy
 * over window.show*Message: a success is an information message (never a warning) that
 * names what was written and the file it is about, counted in the singular or plural, with
 * at most three actions; Open shows the file in its default editor (a PKCS#12 bundle in the
 * certificate editor, not VS Code's binary-file page); the Certificates view lists a new
 * certificate at once; Check Workspace reports the totals Problems shows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ListCertificatesResult } from '../../../server/src/protocol/inspect';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeAllEditors, workspaceUri, writeFile } from './helpers';
import { withFakeQuickInputs, type Answers } from './wizardFakes';

const dir = 'notify-it/tls';
/** The folder as the workspace names it (with the workspace folder's name in front). */
const shownDir = String.raw`(?:[\w.-]+/)?notify-it/tls`;
/** "… 1 warning (see the output)." when the operation had warnings (folder modes on this machine, for one). */
const warned = String.raw`(?: \d+ warnings? \(see the output\)\.)?`;
const pass = 'notify pass 42';

interface Shown {
  readonly level: 'information' | 'warning' | 'error';
  readonly message: string;
  readonly actions: string[];
}

/** Runs `run` with window.show*Message recorded; the first information message with actions gets `choose`'s answer. */
async function spying<T>(run: () => Thenable<T>, choose: (s: Shown) => string | undefined = () => undefined): Promise<{ value: T; shown: Shown[] }> {
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = { showInformationMessage: w.showInformationMessage, showWarningMessage: w.showWarningMessage, showErrorMessage: w.showErrorMessage };
  const shown: Shown[] = [];
  const spy =
    (level: Shown['level']) =>
    async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
      const s = { level, message, actions: rest.filter((r): r is string => typeof r === 'string') };
      shown.push(s);
      return s.actions.length ? choose(s) : undefined;
    };
  try {
    w.showInformationMessage = spy('information');
    w.showWarningMessage = spy('warning');
    w.showErrorMessage = spy('error');
    const value = await run();
    // The result notification is shown after the command resolves (nobody waits for its buttons).
    await new Promise((r) => setTimeout(r, 300));
    return { value, shown };
  } finally {
    Object.assign(w, saved);
  }
}

/** The wizard's answers: this test's CA, the named certificate, a PKCS#12 export, the passphrase, defaults elsewhere. */
function answers(cert?: string): Answers {
  return {
    pick: (list, placeholder) => {
      if (/^Which CA/.test(placeholder)) return [list.find((i) => i.label.includes(dir))!];
      if (cert && /^Certificate to export/.test(placeholder)) return [list.find((i) => i.label === cert)!];
      if (/^Export as/.test(placeholder)) return [list.find((i) => i.label === 'PKCS#12 bundle (.p12)')!];
      return [list[0]!];
    },
    input: (prompt, value) => (/^Passphrase of the export|same passphrase again/.test(prompt) ? pass : value),
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => (t.input instanceof vscode.TabInputCustom || t.input instanceof vscode.TabInputText) && t.input.uri.fsPath === uri.fsPath);
}

/** The files the view's tree holds a node from. */
function paths(tree: ListCertificatesResult | undefined): string[] {
  const out: string[] = [];
  const visit = (nodes: ListCertificatesResult['roots']): void => {
    for (const n of nodes) {
      out.push(...n.locations.map((l) => l.path));
      visit(n.children);
    }
  };
  visit(tree?.roots ?? []);
  return out;
}

suite('Notifications', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
    // PostgreSQL's layout (a DM or generic CA would change what the topology wizard offers later in the run).
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'postgres', dir, keyType: 'p256', commonName: 'Notify IT CA' });
    await vscode.commands.executeCommand('certwright.issueClientCert', { dir, user: 'alice', name: 'alice', keyType: 'p256' });
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('Issue Node Certificate: an information message with what was issued and three actions; the Certificates view lists it at once', async function () {
    this.timeout(90_000);
    // The view has loaded once (as a person who opened it), so only a refresh shows the new certificate.
    await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    const { value, shown } = await spying(() => withFakeQuickInputs(answers(), () => vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert')));
    assert.ok(value?.issued, `the issue did not finish: ${JSON.stringify(shown)}`);
    const result = shown.find((s) => s.message.startsWith('Issue Node Certificate:'));
    assert.ok(result, JSON.stringify(shown));
    assert.equal(result.level, 'information', 'a success is not a warning');
    assert.deepEqual(shown.filter((s) => s.level !== 'information'), []);
    assert.match(result.message, new RegExp(String.raw`^Issue Node Certificate: \d+ files written in ${shownDir} — CN = [^,]+, serial [0-9A-F]+, valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.${warned}$`));
    assert.deepEqual(result.actions, ['Open', 'Reveal in Explorer', / warnings? \(see the output\)/.test(result.message) ? 'Show Warnings' : 'Show openssl Commands']);
    // The certificate file did not exist before: the view lists it without waiting for a file watcher.
    const crt = workspaceUri(...dir.split('/'), 'server.crt').fsPath;
    const tree = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    assert.ok(paths(tree).some((p) => p.endsWith('notify-it/tls/server.crt') || p === crt), `the view does not list ${crt}`);
  });

  test('Export Certificate: Open shows the PKCS#12 bundle in the certificate editor', async function () {
    this.timeout(90_000);
    await closeAllEditors();
    const { value, shown } = await spying(
      () => withFakeQuickInputs(answers('alice.crt'), () => vscode.commands.executeCommand<IssueCommandResult>('certwright.exportCertificate')),
      (s) => (s.message.startsWith('Export Certificate:') ? 'Open' : undefined),
    );
    assert.ok(value, `the export did not finish: ${JSON.stringify(shown)}`);
    const result = shown.find((s) => s.message.startsWith('Export Certificate:'));
    assert.ok(result, JSON.stringify(shown));
    assert.equal(result.level, 'information');
    assert.match(result.message, new RegExp(String.raw`^Export Certificate: 2 files written in ${shownDir} — alice\.p12: PKCS#12 \(PBES2[^)]*\) with 2 certificates\.${warned}$`));
    assert.ok(result.actions.length <= 3, `${result.actions.length} actions: VS Code cuts a fourth to "O…"`);
    const p12 = workspaceUri(...dir.split('/'), 'alice.p12');
    const tab = await waitFor('the bundle to open', () => tabOf(p12));
    assert.ok(tab.input instanceof vscode.TabInputCustom, `alice.p12 opened as ${tab.input?.constructor.name ?? 'nothing'}`);
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'certwright.certificateEditor');
  });

  test('Publish CRL: the message names the CRL it wrote; Check Workspace counts what Problems shows, in the singular and plural', async function () {
    this.timeout(90_000);
    const crl = await spying(() => withFakeQuickInputs(answers(), () => vscode.commands.executeCommand<IssueCommandResult>('certwright.publishCrl')));
    const published = crl.shown.find((s) => s.message.startsWith('Publish CRL:'));
    assert.ok(published, JSON.stringify(crl.shown));
    assert.equal(published.level, 'information');
    assert.match(published.message, new RegExp(String.raw`^Publish CRL: 2 files written in ${shownDir} — root\.crl: certificate revocation list #\d+ \(0 revoked\)\.${warned}$`));

    // A mistake in a file nobody opened: the check publishes it, and the message agrees with Problems.
    await writeFile('notify-it/typo.cnf', '[ req ]\ndistinguished_name = dn\nreq_extensions = ext\n[ dn ]\n[ ext ]\nextendedKeyUsage = serverAuth, clientAuht\n');
    const check = await spying(() => vscode.commands.executeCommand('certwright.checkWorkspace'));
    const totals = check.shown.find((s) => s.message.startsWith('Certwright:'));
    assert.ok(totals, JSON.stringify(check.shown));
    assert.equal(totals.level, 'information');
    let errors = 0;
    let warnings = 0;
    let files = 0;
    for (const [, ds] of vscode.languages.getDiagnostics()) {
      const e = ds.filter((d) => d.source === 'certwright' && d.severity === vscode.DiagnosticSeverity.Error).length;
      const w = ds.filter((d) => d.source === 'certwright' && d.severity === vscode.DiagnosticSeverity.Warning).length;
      errors += e;
      warnings += w;
      if (e + w) files++;
    }
    assert.ok(errors >= 1, 'the typo is an error in Problems');
    const n = (k: number, one: string, many: string): string => (k === 1 ? `1 ${one}` : `${k} ${many}`);
    assert.match(totals.message, new RegExp(`^Certwright: \\d+ files checked — ${n(errors, 'error', 'errors')}, ${n(warnings, 'warning', 'warnings')} in ${n(files, 'file', 'files')}\\.$`), `Problems: ${errors} errors, ${warnings} warnings in ${files} files`);
  });
});
