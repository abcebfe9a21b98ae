/**
 * openssl.cnf in the real VS Code: a classic mistake (subjectAltName written in a
 * section nothing uses) shows up as a diagnostic, its quick fix is offered through
 * the code-action provider, applying it clears the diagnostic; hover and completion
 * answer through VS Code's own providers. Waits are event-driven and bounded.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, codeOf, describeDiagnostic, hoverText, open, waitForDiagnostics, writeFile } from './helpers';

/** `[ v3_req ]` holds the SAN, but `[ req ]` never names it: the CSR would carry no SAN. */
const nodeCnf = [
  '# CockroachDB node certificate request',
  '[ req ]',
  'prompt = no',
  'distinguished_name = dn',
  '',
  '[ dn ]',
  'O = Cockroach',
  'CN = node',
  '',
  '[ v3_req ]',
  'keyUsage = critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage = serverAuth,clientAuth',
  'subjectAltName = @alt_names',
  '',
  '[ alt_names ]',
  'DNS.1 = node1.example.com',
  'IP.1 = 10.0.0.1',
  '',
].join('\n');

/** REQ-020: subjectAltName in a section nothing uses (the linter's stable code). */
const unusedSan = (d: vscode.Diagnostic): boolean => codeOf(d) === 'REQ-020';

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${doc.uri.toString()}`);
  return doc.positionAt(i + delta);
}

suite('openssl.cnf language features', function () {
  // The first test also waits for activation and the server's first analysis; the machine may be loaded.
  this.timeout(120_000);
  suiteTeardown(closeAllEditors);

  test('unused subjectAltName: diagnostic, quick fix via the code-action provider, diagnostic gone after applying it', async () => {
    await activate();
    const uri = await writeFile('cnf/node.cnf', nodeCnf);
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'openssl-conf');

    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some(unusedSan), 90_000);
    const d = diagnostics.find(unusedSan)!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, describeDiagnostic(d));
    assert.equal(d.range.start.line, 12, describeDiagnostic(d));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions ?? []).find((a) => /req_extensions/.test(a.title));
    assert.ok(fix, `no req_extensions fix among ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.ok(fix.edit, 'the fix carries no workspace edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit refused the fix');

    const text = editor.document.getText();
    assert.match(text, /\[ req \]\n[^[]*req_extensions = v3_req\n/, text);
    const after = await waitForDiagnostics(uri, (ds) => !ds.some(unusedSan), 60_000);
    assert.ok(!after.some((x) => x.severity === vscode.DiagnosticSeverity.Error), JSON.stringify(after.map(describeDiagnostic)));
  });

  test('hover explains keyUsage words and shows the entries behind @alt_names', async () => {
    await activate();
    const uri = await writeFile('cnf/hover.cnf', nodeCnf);
    const editor = await open(uri);
    const doc = editor.document;
    // The language server answers once the client has synchronised the document: diagnostics prove it.
    await waitForDiagnostics(uri, (ds) => ds.some(unusedSan), 60_000);

    const ku = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(doc, 'keyUsage', 2));
    const kuText = hoverText(ku);
    assert.match(kuText, /digitalSignature/);
    assert.match(kuText, /keyEncipherment/);
    assert.match(kuText, /CockroachDB/);

    const alt = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(doc, '@alt_names', 3));
    const altText = hoverText(alt);
    assert.match(altText, /DNS\.1 = node1\.example\.com/);
    assert.match(altText, /IP\.1 = 10\.0\.0\.1/);
  });

  test('completion offers extension names in an extension section and EKU names after extendedKeyUsage =', async () => {
    await activate();
    const uri = await writeFile('cnf/complete.cnf', '[ req ]\nreq_extensions = v3_req\n\n[ v3_req ]\nbasicConstraints = CA:FALSE\n\nextendedKeyUsage = \n');
    const editor = await open(uri);
    await waitForDiagnostics(uri, () => true);

    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(5, 0));
    const keyLabels = keys.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['subjectAltName', 'keyUsage', 'authorityKeyIdentifier']) assert.ok(keyLabels.includes(name), `${name} missing: ${keyLabels.slice(0, 40).join(',')}`);
    assert.equal(keys.items.find((i) => i.label === 'subjectAltName')?.kind, vscode.CompletionItemKind.Property);

    const eol = editor.document.lineAt(6).range.end;
    const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, eol, '=');
    const valueLabels = values.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['serverAuth', 'clientAuth', 'critical']) assert.ok(valueLabels.includes(name), `${name} missing: ${valueLabels.slice(0, 40).join(',')}`);

    // What VS Code inserts, and where: the server gives the replace range once for the list (itemDefaults.editRange).
    const rangeOf = (i: vscode.CompletionItem): vscode.Range => (i.range instanceof vscode.Range ? i.range : i.range!.replacing);
    const serverAuth = values.items.find((i) => i.label === 'serverAuth')!;
    assert.equal(serverAuth.insertText, 'serverAuth');
    assert.ok(rangeOf(serverAuth).isEqual(new vscode.Range(6, 'extendedKeyUsage = '.length, 6, 'extendedKeyUsage = '.length)), JSON.stringify(serverAuth.range));
    const snippetUri = await writeFile('cnf/complete-snippet.cnf', '[ v3_ca ]\nbasicConstraints = critical, CA:TRUE, pathl\n');
    await open(snippetUri);
    const line = 'basicConstraints = critical, CA:TRUE, pathl';
    const snippets = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', snippetUri, new vscode.Position(1, line.length));
    const pathlen = snippets.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label).startsWith('pathlen'));
    assert.ok(pathlen?.insertText instanceof vscode.SnippetString, `a snippet: ${JSON.stringify(pathlen)}`);
    assert.equal(pathlen.insertText.value, 'pathlen:${1:0}');
    assert.ok(rangeOf(pathlen).isEqual(new vscode.Range(1, line.length - 'pathl'.length, 1, line.length)), JSON.stringify(pathlen.range));
  });

  test('go to definition of @section lands on its header', async () => {
    await activate();
    const uri = await writeFile('cnf/definition.cnf', nodeCnf);
    const editor = await open(uri);
    await waitForDiagnostics(uri, (ds) => ds.some(unusedSan), 60_000);
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', uri, positionOf(editor.document, '@alt_names', 3));
    assert.equal(defs.length, 1);
    const first = defs[0]!;
    const range = 'targetRange' in first ? first.targetRange : first.range;
    assert.equal(range.start.line, 14);
  });

  test('definition and references follow .include into the included file', async () => {
    await activate();
    const common = await writeFile('cnf/include/common.cnf', '[ v3_req ]\nkeyUsage = critical,digitalSignature,keyEncipherment\nsubjectAltName = @alt_names\n\n[ alt_names ]\nDNS.1 = node1.example.com\n');
    // A relative .include resolves against OpenSSL's working directory, so the file names it absolutely.
    const uri = await writeFile('cnf/include/main.cnf', `.include ${common.fsPath}\n\n[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = v3_req\n\n[ dn ]\nCN = node\n`);
    const editor = await open(uri);
    await waitForDiagnostics(uri, () => true);
    const at = positionOf(editor.document, 'req_extensions = v3_req', 'req_extensions = '.length + 1);
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', uri, at);
    assert.equal(defs.length, 1, JSON.stringify(defs));
    const def = defs[0]!;
    const target = 'targetUri' in def ? def.targetUri : def.uri;
    const range = 'targetRange' in def ? def.targetRange : def.range;
    assert.equal(target.fsPath, common.fsPath);
    assert.equal(range.start.line, 0);

    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, at);
    const files = refs.map((r) => `${r.uri.fsPath === common.fsPath ? 'common' : r.uri.fsPath === uri.fsPath ? 'main' : r.uri.fsPath}:${r.range.start.line}`);
    assert.ok(files.includes('main:5'), files.join(' '));
    assert.ok(files.includes('common:0'), files.join(' '));
  });

  test('a MySQL my.cnf is never openssl-conf: the client gives it ini and the server no OpenSSL diagnostics; a plain-text OpenSSL config becomes openssl-conf', async () => {
    await activate();
    const my = await writeFile('languages/my.cnf', '[mysqld]\nskip-networking\nssl-ca = /etc/mysql/ca.pem\n');
    const doc = await vscode.workspace.openTextDocument(my);
    await vscode.window.showTextDocument(doc);
    const deadline = Date.now() + 10_000;
    let current = doc;
    while (current.languageId !== 'ini' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === my.toString()) ?? current;
    }
    assert.equal(current.languageId, 'ini', 'my.cnf switched to ini by content');
    assert.deepEqual(vscode.languages.getDiagnostics(my).filter((d) => /^(CNF|REQ|CA|X509|OID|MOD)-/.test(codeOf(d) ?? '')), []);
    const ext = await writeFile('languages/xpext.txt', '[ xpserver_ext ]\nextendedKeyUsage = 1.3.6.1.5.5.7.3.1\nkeyUsage = digitalsignature\n');
    const plain = await vscode.workspace.openTextDocument(ext);
    let now = plain;
    const until = Date.now() + 10_000;
    while (now.languageId !== 'openssl-conf' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ext.toString()) ?? now;
    }
    assert.equal(now.languageId, 'openssl-conf', 'plain-text OpenSSL extension file switched by content');
    await closeAllEditors();
  });
});
