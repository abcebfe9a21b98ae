/**
 * Foundation: the extension activates in a real VS Code, starts its language server,
 * publishes openssl.cnf syntax errors with exact ranges, registers every contributed
 * command and assigns its languages to the right files.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, codeOf, describeDiagnostic, extension, extensionId, note, open, waitForDiagnostics, workspaceUri, writeFile } from './helpers';

interface Manifest {
  activationEvents?: string[];
  contributes: { commands?: Array<{ command: string; category?: string }> };
}

/**
 * The extension host's performance marks around an extension's activation (vs/base/common/performance,
 * shared through globalThis): willLoadExtensionCode → didLoadExtensionCode is the code loading
 * of VS Code's ActivationTimes, willActivateExtension → didActivateExtension the activate call
 * and the wait for what it returned. Milliseconds, rounded by VS Code.
 */
function vscodeActivationTimes(id: string): { codeLoadingMs: number; activateMs: number } | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Array<{ name: string; startTime: number }> } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string) => marks.find((m) => m.name === `code/extHost/${name}/${id}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return undefined;
  return { codeLoadingMs: didLoad - willLoad, activateMs: didActivate - willActivate };
}

suite('foundation', () => {
  test('activates and exports the Certwright API', async () => {
    const started = performance.now();
    const api = await activate();
    const waited = performance.now() - started;
    assert.equal(extension().isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs > 0 && api.activationMs < 30_000, `activationMs ${api.activationMs}`);
    assert.equal(api.output.name, 'Certwright');
    assert.ok(api.loadMs >= api.activationMs && api.loadMs < 30_000, `loadMs ${api.loadMs}`);
    // dist/client/extension.js ran the features' bundle through the code cache: from source the first time, from the cache after.
    assert.ok(['hit', 'miss', 'rejected'].includes(api.codeCache ?? ''), `code cache ${api.codeCache}`);
    note(`activation: ${api.activationMs.toFixed(1)} ms inside activate(); ${api.loadMs.toFixed(1)} ms from loading the extension's code to activate() returning (code cache of the features: ${api.codeCache}); ${waited.toFixed(0)} ms seen by the test until the server was ready (VS Code ${vscode.version})`);
    // What VS Code itself counts (its ActivationTimes, "Developer: Show Running Extensions"):
    // the extension host marks when it began and finished loading the code and calling activate().
    const times = vscodeActivationTimes(extensionId);
    assert.ok(times, 'the extension host recorded no activation marks for Certwright');
    assert.ok(times.codeLoadingMs >= 0 && times.activateMs >= 0, JSON.stringify(times));
    note(`VS Code activation marks: code loading ${times.codeLoadingMs} ms, activate ${times.activateMs} ms, together ${times.codeLoadingMs + times.activateMs} ms`);
  });

  test('never activates on "*"', () => {
    const manifest = extension().packageJSON as Manifest;
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });

  test('the language server runs and identifies itself', async () => {
    const api = await activate();
    assert.equal(api.client.isRunning(), true);
    assert.equal(api.client.initializeResult?.serverInfo?.name, 'certwright-language-server');
    assert.ok(api.client.initializeResult?.capabilities.textDocumentSync, 'no textDocumentSync capability');
  });

  test('assigns openssl-conf and pem to the right files', async () => {
    const cases: Array<[string, string]> = [
      ['languages/openssl.cnf', 'openssl-conf'],
      ['languages/node.cnf', 'openssl-conf'],
      ['languages/ca.pem', 'pem'],
      ['languages/node.crt', 'pem'],
      ['languages/node.cer', 'pem'],
      ['languages/node.csr', 'pem'],
      ['languages/ca.crl', 'pem'],
      ['languages/client.key', 'pem'],
      ['languages/notes.txt', 'plaintext'],
    ];
    for (const [path] of cases) await writeFile(path, '# placeholder\n');
    for (const [path, languageId] of cases) {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(...path.split('/')));
      assert.equal(doc.languageId, languageId, path);
    }
    const all = await vscode.languages.getLanguages();
    assert.ok(all.includes('openssl-conf') && all.includes('pem'));
  });

  test('publishes openssl.cnf syntax errors with exact ranges', async () => {
    await activate();
    const editor = await open('foundation/syntax-error.cnf');
    assert.equal(editor.document.languageId, 'openssl-conf');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'CNF-002') && ds.some((d) => codeOf(d) === 'CNF-001'));
    const header = diagnostics.find((d) => codeOf(d) === 'CNF-002')!;
    const equals = diagnostics.find((d) => codeOf(d) === 'CNF-001')!;
    assert.equal(header.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(equals.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(header.source, 'certwright');
    // `[ req` on line 1: the unterminated header; `this line has no equals sign` on line 6.
    assert.equal(header.range.start.line, 1, describeDiagnostic(header));
    assert.equal(equals.range.start.line, 6, describeDiagnostic(equals));
    assert.deepEqual(rangeOf(header), EXPECTED_HEADER_RANGE, describeDiagnostic(header));
    assert.deepEqual(rangeOf(equals), EXPECTED_EQUALS_RANGE, describeDiagnostic(equals));
  });

  test('diagnostics are pulled (LSP 3.17) and each appears exactly once, after an edit too', async () => {
    const api = await activate();
    assert.deepEqual(api.client.initializeResult?.capabilities.diagnosticProvider, { identifier: 'certwright', interFileDependencies: false, workspaceDiagnostics: false });
    const uri = await writeFile('foundation/once.cnf', '[ req\nCN = x\nno equals here\n');
    const editor = await open(uri);
    const once = (ds: readonly vscode.Diagnostic[]): string[] => ds.filter((d) => d.source === 'certwright').map((d) => `${codeOf(d)}@${d.range.start.line}`).sort();
    const first = once(await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'CNF-002')));
    assert.deepEqual(first, [...new Set(first)], `each once: ${first.join(' ')}`);
    await editor.edit((e) => e.insert(new vscode.Position(3, 0), '[ also broken\n'));
    const edited = once(await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'CNF-002' && d.range.start.line === 3)));
    assert.deepEqual(edited, [...new Set(edited)], `each once after the edit: ${edited.join(' ')}`);
    assert.equal(edited.filter((c) => c === 'CNF-002@0').length, 1, edited.join(' '));
  });

  test('updates diagnostics when the document changes, and clears them when fixed', async () => {
    await activate();
    const uri = await writeFile('foundation/edit.cnf', '[ req ]\nCN = x\n');
    const editor = await open(uri);
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d).startsWith('CNF-00')));
    const ok = await editor.edit((e) => e.insert(new vscode.Position(2, 0), '[ broken\n'));
    assert.ok(ok);
    const broken = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'CNF-002'));
    assert.equal(broken.find((d) => codeOf(d) === 'CNF-002')!.range.start.line, 2);
    await editor.edit((e) => e.replace(new vscode.Range(2, 0, 3, 0), '[ fixed ]\n'));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'CNF-002'));
  });

  test('registers every contributed command, and contributes every certwright.* command it registers', async () => {
    const api = await activate();
    const manifest = extension().packageJSON as Manifest;
    const contributed = (manifest.contributes.commands ?? []).map((c) => c.command);
    for (const c of manifest.contributes.commands ?? []) {
      assert.ok(c.command.startsWith('certwright.'), `${c.command} lacks the certwright. prefix`);
      assert.equal(c.category, 'Certwright', `${c.command} has no "Certwright" category`);
    }
    const registered = await vscode.commands.getCommands(true);
    const missing = contributed.filter((c) => !registered.includes(c));
    assert.deepEqual(missing, [], 'contributed in package.json but not registered');
    const serverCommands = new Set(api.client.initializeResult?.capabilities.executeCommandProvider?.commands ?? []);
    // certwright.test.* are test hooks: registered for the integration tests, never contributed, so never in the palette.
    const stray = registered.filter((c) => c.startsWith('certwright.') && !c.startsWith('certwright.test.') && !contributed.includes(c) && !serverCommands.has(c) && !isViewCommand(c));
    assert.deepEqual(stray, [], 'registered but missing from package.json contributes.commands');
    note(`${contributed.length} contributed commands, all registered`);
  });
});

/** Commands VS Code itself registers for a contributed view (focus, refresh, ...). */
function isViewCommand(id: string): boolean {
  return /\.(focus|resetViewLocation|removeView|toggleVisibility|open)$/.test(id) || id.startsWith('certwright.view');
}

type Range4 = [number, number, number, number];
function rangeOf(d: vscode.Diagnostic): Range4 {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}
// `[ req` (line 1): the whole unterminated header; the line without `=`: the whole line.
const EXPECTED_HEADER_RANGE: Range4 = [1, 0, 1, 5];
const EXPECTED_EQUALS_RANGE: Range4 = [6, 0, 6, 28];
