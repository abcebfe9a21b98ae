/**
 * The certificate editor in the real VS Code: a DER certificate opens in it by
 * default (not VS Code's "binary file" page), a PEM .crt keeps opening as text and
 * opens in the editor on request, a PKCS#12 opens locked. The webview reports what
 * it rendered (headings, banners, chain links, copy buttons) through the test hook,
 * so these tests see the page's content, not only that a tab exists. The expiry
 * timeline and the chain diagram draw the workspace's certificates, and the Explorer
 * decorates expiring certificates and world-readable keys.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chmodSync } from 'node:fs';
import type { EditorState } from '../../../client/src/editors/certificateEditor';
import type { PictureState } from '../../../client/src/views/pictures/panels';
import type { Decoration } from '../../../client/src/views/decorationModel';
import type { ListCertificatesResult, PkiNode } from '../../../server/src/protocol/inspect';
import { activate, closeAllEditors, makeEcPki, openssl, workspaceUri } from './helpers';
import { clickInWebview, typeIntoInputBox, userInputUnavailable } from './userInput';

const dir = 'editor-it';

function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => (t.input instanceof vscode.TabInputCustom || t.input instanceof vscode.TabInputText) && t.input.uri.fsPath === uri.fsPath);
}

/** The editor's state once its webview has rendered (the hook waits up to 20 s for that). */
async function rendered(uri: vscode.Uri): Promise<EditorState> {
  const states = await vscode.commands.executeCommand<EditorState[]>('certwright.test.certificateEditorState', uri, 20_000);
  const state = states.find((s) => s.rendered);
  assert.ok(state, `the webview of ${uri.fsPath} never reported a rendering (${states.length} editors open)`);
  return state;
}

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input instanceof vscode.TabInputCustom || t.input instanceof vscode.TabInputText) && t.input.uri.fsPath === uri.fsPath);
}

/** Polls `probe` until it gives a value. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function find(nodes: readonly PkiNode[], pred: (n: PkiNode) => boolean): PkiNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const inner = find(n.children, pred);
    if (inner) return inner;
  }
  return undefined;
}

function count(nodes: readonly PkiNode[], pred: (n: PkiNode) => boolean): number {
  return nodes.reduce((sum, n) => sum + (pred(n) ? 1 : 0) + count(n.children, pred), 0);
}

async function picture(kind: 'timeline' | 'chain'): Promise<PictureState> {
  const state = await vscode.commands.executeCommand<PictureState | undefined>('certwright.test.pictureState', kind, 20_000);
  assert.ok(state?.rendered, `the ${kind} page never reported a drawing`);
  return state;
}

suite('Certificate editor', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await makeEcPki(dir, {
      caCn: 'Editor IT Root',
      caDays: 365,
      leaf: 'leaf',
      leafCn: 'leaf.editor-it.test',
      leafDays: 10,
      ext: 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:leaf.editor-it.test,IP:10.0.0.7\nauthorityKeyIdentifier=keyid\n',
    });
    openssl(dir, 'x509', '-in', 'leaf.crt', '-outform', 'DER', '-out', 'leaf.der');
    openssl(dir, 'pkcs12', '-export', '-in', 'leaf.crt', '-inkey', 'leaf.key', '-out', 'leaf.p12', '-passout', 'pass:editor-it');
    // .cer is both: DER here, PEM there (the same name, as Windows and Java tools write them).
    openssl(dir, 'x509', '-in', 'leaf.crt', '-outform', 'DER', '-out', 'leaf-der.cer');
    openssl(dir, 'x509', '-in', 'leaf.crt', '-outform', 'DER', '-out', 'leaf-der.crt');
    openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'pem-cer.key', '-subj', '/CN=PEM cer IT', '-days', '30', '-out', 'pem.cer');
    await activate();
    await vscode.commands.executeCommand('certwright.refreshCertificates');
    await vscode.commands.executeCommand('certwright.getCertificateTree');
  });

  suiteTeardown(closeAllEditors);

  test('a DER certificate opens in the certificate editor by default, with status, names, chain and fingerprints', async function () {
    this.timeout(40_000);
    const uri = workspaceUri(dir, 'leaf.der');
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = tabOf(uri);
    assert.ok(tab?.input instanceof vscode.TabInputCustom, `leaf.der opened as ${tab?.input?.constructor.name ?? 'nothing'}, not in a custom editor`);
    assert.equal(tab.input.viewType, 'certwright.certificateEditor');
    const state = await rendered(uri);
    const model = state.model!;
    assert.equal(model.cards.length, 1);
    const card = model.cards[0]!;
    assert.equal(card.heading, 'leaf.editor-it.test');
    assert.equal(card.banner?.level, 'expiring', 'ten days left is inside the 30-day warning window');
    const rows = card.sections.flatMap((s) => s.rows.map((r) => `${r.label}=${r.value}`));
    assert.ok(rows.includes('DNS=leaf.editor-it.test'), rows.join('\n'));
    assert.ok(rows.includes('IP Address=10.0.0.7'), rows.join('\n'));
    assert.ok(rows.some((r) => /^Extended key usage=TLS Web Server Authentication, TLS Web Client Authentication/.test(r)), rows.join('\n'));
    assert.deepEqual(card.chain.map((l) => l.label), ['leaf.editor-it.test', 'Editor IT Root']);
    assert.ok(card.chain[1]!.path?.endsWith('ca.crt'), `the root links to its file: ${card.chain[1]!.path}`);
    // What the page shows.
    const page = state.rendered!;
    assert.deepEqual(page.headings, ['leaf.editor-it.test']);
    assert.ok(page.banners.includes('Expiring soon'), page.banners.join(', '));
    assert.equal(page.chainLinks, 2);
    assert.ok(page.copyButtons >= 3, `fingerprints and serial have copy buttons (${page.copyButtons})`);
  });

  test('a PEM .crt opens as text, and in the certificate editor on request', async function () {
    this.timeout(40_000);
    const uri = workspaceUri(dir, 'ca.crt');
    await vscode.commands.executeCommand('vscode.open', uri);
    assert.ok(tabOf(uri)?.input instanceof vscode.TabInputText, 'a PEM .crt must keep opening in the text editor');
    await vscode.commands.executeCommand('certwright.openDecodedView', uri);
    const custom = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === uri.fsPath);
    assert.equal((custom?.input as vscode.TabInputCustom | undefined)?.viewType, 'certwright.decodedView');
    const state = await rendered(uri);
    assert.deepEqual(state.rendered!.headings, ['Editor IT Root']);
    assert.equal(state.model!.cards[0]!.subheading, 'Root CA');
    assert.ok(state.rendered!.banners.includes('Valid'));
  });

  test('a PKCS#12 opens in the certificate editor, locked, offering the password input', async function () {
    this.timeout(40_000);
    const uri = workspaceUri(dir, 'leaf.p12');
    await vscode.commands.executeCommand('vscode.open', uri);
    assert.equal((tabOf(uri)?.input as vscode.TabInputCustom | undefined)?.viewType, 'certwright.certificateEditor');
    const state = await rendered(uri);
    assert.equal(state.rendered!.locked, true);
    assert.equal(state.model!.format, 'pkcs12');
  });

  test('a DER .cer or .crt reopens in the certificate editor; a PEM .cer stays in the text editor', async function () {
    this.timeout(40_000);
    await closeAllEditors();
    // A DER .crt (openssl x509 -outform der -out x.crt) too.
    for (const name of ['leaf-der.crt', 'leaf-der.cer']) {
      const file = workspaceUri(dir, name);
      await vscode.commands.executeCommand('vscode.open', file);
      const custom = await until(() => {
        const tabs = tabsOf(file);
        return tabs.length === 1 && tabs[0]!.input instanceof vscode.TabInputCustom ? tabs[0] : undefined;
      }, 15_000, () => `tabs of ${name}: ${tabsOf(file).map((t) => t.input?.constructor.name).join(', ') || 'none'}`);
      assert.equal((custom.input as vscode.TabInputCustom).viewType, 'certwright.decodedView');
      assert.deepEqual((await rendered(file)).rendered!.headings, ['leaf.editor-it.test']);
    }
    const der = workspaceUri(dir, 'leaf-der.cer');
    // Asking for the text editor while the certificate editor is open is the user's choice: kept.
    await vscode.commands.executeCommand('vscode.openWith', der, 'default');
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(tabsOf(der).some((t) => t.input instanceof vscode.TabInputText), 'the text tab the user asked for stays');
    await closeAllEditors();
    const pem = workspaceUri(dir, 'pem.cer');
    await vscode.commands.executeCommand('vscode.open', pem);
    // The redirect decides within a file read; give it ample time to (wrongly) act.
    await new Promise((r) => setTimeout(r, 1500));
    const pemTabs = tabsOf(pem);
    assert.equal(pemTabs.length, 1);
    assert.ok(pemTabs[0]!.input instanceof vscode.TabInputText, 'a PEM .cer must stay in the text editor');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, pem.fsPath);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /^-----BEGIN CERTIFICATE-----/);
  });

  test('in the certificate editor, a copy button copies its value and a chain link opens that certificate\'s file', async function () {
    const why = userInputUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      return this.skip();
    }
    this.timeout(60_000);
    await closeAllEditors();
    const der = workspaceUri(dir, 'leaf.der');
    await vscode.commands.executeCommand('vscode.open', der);
    await rendered(der);
    const state = await rendered(der);
    // A copy button puts its row's value on the clipboard.
    const serial = state.model!.cards[0]!.sections.flatMap((x) => x.rows).find((r) => r.label === 'Serial')!;
    await vscode.env.clipboard.writeText('');
    await clickInWebview(`button[data-copy][aria-label$=${JSON.stringify(serial.label)}]`);
    await until(async () => ((await vscode.env.clipboard.readText()) === serial.value ? true : undefined), 10_000, () => `the clipboard does not hold the serial ${serial.value}`);
    const target = state.model!.cards[0]!.chain[1]!.path!;
    await clickInWebview('ol.chain button.link');
    await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === target || undefined, 15_000, () => `active editor: ${vscode.window.activeTextEditor?.document.uri.fsPath ?? 'none'}, expected ${target}`);
  });

  test('the PKCS#12 password input: Enter Password… in the page, the password typed into VS Code\'s input box, the contents shown', async function () {
    const why = userInputUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      return this.skip();
    }
    this.timeout(60_000);
    await closeAllEditors();
    const uri = workspaceUri(dir, 'leaf.p12');
    await vscode.commands.executeCommand('vscode.open', uri);
    assert.equal((await rendered(uri)).rendered!.locked, true);
    await clickInWebview('button.primary');
    await typeIntoInputBox('editor-it');
    const unlocked = await until(async () => {
      const states = await vscode.commands.executeCommand<EditorState[]>('certwright.test.certificateEditorState', uri);
      return states.find((s) => s.rendered && !s.rendered.locked);
    }, 20_000, () => 'the editor never showed the decrypted contents');
    assert.ok(unlocked.rendered!.headings.includes('leaf.editor-it.test'), unlocked.rendered!.headings.join(', '));
    assert.ok(unlocked.model!.cards.some((c) => c.kind === 'certificate'), 'the certificate inside is shown');
  });

  test('the expiry timeline draws one bar for every certificate and CRL of the workspace', async function () {
    this.timeout(40_000);
    await vscode.commands.executeCommand('certwright.showExpiryTimeline');
    const state = await picture('timeline');
    const tree = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    const expected = count(tree.roots, (n) => n.kind === 'certificate' || n.kind === 'crl');
    assert.equal(state.ids.length, expected);
    assert.equal(state.rendered!.openable, expected, 'every bar is drawn and can be opened');
    const leaf = state.rendered!.labels.find((l) => l.includes('leaf.editor-it.test'));
    assert.match(leaf ?? '', /Certificate leaf\.editor-it\.test, expires \d{4}-\d{2}-\d{2}/);
  });

  test('the chain diagram draws the workspace\'s certificates, the leaf beside its root with its key badge', async function () {
    this.timeout(40_000);
    await vscode.commands.executeCommand('certwright.showChainDiagram');
    const state = await picture('chain');
    const tree = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    assert.equal(state.rendered!.openable, count(tree.roots, (n) => n.kind === 'certificate'));
    assert.ok(state.rendered!.labels.includes('Editor IT Root, root CA, key ✓'), state.rendered!.labels.join(' | '));
    assert.ok(state.rendered!.labels.some((l) => l.startsWith('leaf.editor-it.test, server and client, key ✓')), state.rendered!.labels.join(' | '));
  });

  test('clicking a bar of the timeline and a box of the chain diagram opens the certificate\'s file', async function () {
    const why = userInputUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      return this.skip();
    }
    this.timeout(90_000);
    const tree = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    const root = find(tree.roots, (n) => n.kind === 'certificate' && n.label === 'Editor IT Root');
    assert.ok(root, 'the root is in the tree');
    for (const [command, kind] of [['certwright.showExpiryTimeline', 'timeline'], ['certwright.showChainDiagram', 'chain']] as const) {
      await closeAllEditors();
      await vscode.commands.executeCommand(command);
      await picture(kind);
      await clickInWebview(`[data-open=${JSON.stringify(root.id)}]`);
      await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === root.location.path || undefined, 15_000, () => `${kind}: active editor ${vscode.window.activeTextEditor?.document.uri.fsPath ?? 'none'}, expected ${root.location.path}`);
    }
  });

  test('the Explorer decorates an expiring certificate and a world-readable private key', async function () {
    this.timeout(40_000);
    const key = workspaceUri(dir, 'leaf.key');
    chmodSync(key.fsPath, 0o644);
    const decorations = await vscode.commands.executeCommand<Record<string, Decoration>>('certwright.test.fileDecorations');
    assert.equal(decorations[workspaceUri(dir, 'leaf.der').fsPath]?.color, 'warning');
    assert.equal(decorations[workspaceUri(dir, 'leaf.crt').fsPath]?.badge, '!');
    assert.equal(decorations[key.fsPath]?.badge, 'R');
    assert.equal(decorations[workspaceUri(dir, 'ca.crt').fsPath], undefined, 'a valid CA is not decorated');
    chmodSync(key.fsPath, 0o600);
    const after = await vscode.commands.executeCommand<Record<string, Decoration>>('certwright.test.fileDecorations');
    assert.equal(after[key.fsPath], undefined);
  });
});
