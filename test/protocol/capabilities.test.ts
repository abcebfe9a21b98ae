/**
 * The server adapts to what the client declares, against the BUILT server over
 * stdio: a minimal client (no snippets, plain text, no workspace/configuration,
 * no dynamic registration, no showDocument — Neovim 0.7 / Eglot without
 * markdown-mode) and a full one (VS Code-like capabilities, but not the VS Code
 * extension: it runs no Certwright command itself). Also the lifecycle errors,
 * `--help`/`--version`, and diagnostics for PEM blocks inside YAML.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import * as rpc from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { serverShowCertificateTextCommand, watchedFilesGlob } from '../../server/src/protocol/client';
import { checkWorkspaceCommand, fixKeyPermissionsServerCommand, reissueServerCommand } from '../../server/src/protocol/setup';
import { OpenSsl } from '../unit/pem/openssl';
import { fileUri, serverPath, startClient, type TestClient } from './lspClient';

/** `basicConstraints = CA:TRUE, pathl|` — the completion there is the `pathlen:${1:0}` snippet. */
const cnf = ['[ req ]', 'distinguished_name = dn', 'x509_extensions = v3_ca', '[ dn ]', 'CN = test', '[ v3_ca ]', 'basicConstraints = critical, CA:TRUE, pathl', 'this line has no equals sign', ''].join('\n');
const pathlenPos = { line: 6, character: 'basicConstraints = critical, CA:TRUE, pathl'.length };
const keyPos = { line: 6, character: 3 };

const minimalCapabilities: lsp.ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['plaintext'] },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
  },
  workspace: { configuration: false, didChangeWatchedFiles: { dynamicRegistration: false } },
};

const fullCapabilities: lsp.ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  window: { showDocument: { support: true } },
};

const hoverValue = (h: lsp.Hover | null): { kind: string; value: string } => {
  assert.ok(h && typeof h.contents === 'object' && 'kind' in h.contents, `a MarkupContent hover, got ${JSON.stringify(h)}`);
  return h.contents as lsp.MarkupContent;
};
const items = (r: lsp.CompletionList | lsp.CompletionItem[] | null): lsp.CompletionItem[] => (r == null ? [] : Array.isArray(r) ? r : r.items);
const severityOf = (ds: lsp.Diagnostic[], code: string): number | undefined => ds.find((d) => d.code === code)?.severity;

let o: OpenSsl;
let soonPem = '';
let certPem = '';

before(() => {
  o = new OpenSsl('cw-caps-');
  const ca = o.ca({ subj: '/O=Test/CN=Caps CA' });
  soonPem = readFileSync(join(o.dir, o.leaf(ca, { subj: '/CN=soon', name: 'soon', days: 10 }).cert), 'utf8');
  certPem = readFileSync(join(o.dir, ca.cert), 'utf8');
});
after(() => o.dispose());

describe('a minimal client: plain text, no snippets, pushed settings, no watching', () => {
  let client: TestClient;
  let uri = '';
  before(async () => {
    client = await startClient({
      rootPath: o.dir,
      capabilities: minimalCapabilities,
      initializationOptions: { certwright: { rules: { 'REQ-008': 'information' } } },
    });
    uri = client.open(join(o.dir, 'openssl.cnf'), 'openssl-conf', cnf);
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });

  test('declares the server commands it executes, and registers no file watching with the client', async () => {
    assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider?.commands, [serverShowCertificateTextCommand, checkWorkspaceCommand, reissueServerCommand, fixKeyPermissionsServerCommand]);
    await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const asked = client.serverRequests().map((r) => r.method);
    assert.ok(!asked.includes('client/registerCapability'), `asked: ${asked.join(', ')}`);
    assert.ok(!asked.includes('workspace/configuration'), `asked: ${asked.join(', ')}`);
  });

  test('completion inserts the plain default instead of a snippet, and runs no VS Code command', async () => {
    const all = items(await client.request('textDocument/completion', { textDocument: { uri }, position: pathlenPos }));
    const pathlen = all.find((i) => i.label.startsWith('pathlen'));
    assert.ok(pathlen, `pathlen offered: ${all.map((i) => i.label).join(', ')}`);
    assert.equal(pathlen.insertTextFormat ?? 1, 1);
    assert.equal((pathlen.textEdit as lsp.TextEdit).newText, 'pathlen:0');
    for (const i of all) {
      assert.equal(i.command, undefined, `${i.label} carries ${JSON.stringify(i.command)}`);
      assert.doesNotMatch((i.textEdit as lsp.TextEdit | undefined)?.newText ?? '', /\$\{?\d/, i.label);
      if (i.documentation) assert.equal((i.documentation as lsp.MarkupContent).kind, 'plaintext', i.label);
    }
  });

  test('hovers are plain text: no Markdown markers, no escapes', async () => {
    const h = hoverValue(await client.request('textDocument/hover', { textDocument: { uri }, position: keyPos }));
    assert.equal(h.kind, 'plaintext');
    assert.match(h.value, /basicConstraints/);
    assert.doesNotMatch(h.value, /\*\*|\\[.\-_]|`/);
    const pemUri = client.open(join(o.dir, 'soon.crt'), 'pem', soonPem);
    const p = hoverValue(await client.request('textDocument/hover', { textDocument: { uri: pemUri }, position: { line: 1, character: 1 } }));
    assert.equal(p.kind, 'plaintext');
    assert.match(p.value, /Certificate — soon · /);
    assert.doesNotMatch(p.value, /\*\*|\\[.\-_]/);
  });

  test('the outline is a flat list of SymbolInformation, each key naming its section as container', async () => {
    const symbols = await client.request<lsp.SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.containerName ?? null, s.location.uri, s.location.range.start.line]),
      [['req', null, uri, 0], ['distinguished_name', 'req', uri, 1], ['x509_extensions', 'req', uri, 2], ['dn', null, uri, 3], ['CN', 'dn', uri, 4], ['v3_ca', null, uri, 5], ['basicConstraints', 'v3_ca', uri, 6]],
    );
    assert.ok(symbols.every((s) => !('children' in s) && !('selectionRange' in s)), JSON.stringify(symbols[0]));
  });

  test('initializationOptions set severities, then settings pushed by didChangeConfiguration replace them', async () => {
    const first = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'REQ-008'), 10_000).catch(() => undefined);
    // The first publish may already have passed: ask again through a no-op change.
    const ds = first ?? (client.change(uri, 2, [{ text: cnf }]), await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'REQ-008')));
    assert.equal(severityOf(ds, 'REQ-008'), 3, 'information, from initializationOptions');
    const waiting = client.diagnostics(uri, (p) => severityOf(p.diagnostics, 'REQ-008') === 4);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { certwright: { rules: { 'REQ-008': 'hint' } } } });
    assert.equal(severityOf(await waiting, 'REQ-008'), 4, 'hint, pushed');
    const off = client.diagnostics(uri, (p) => severityOf(p.diagnostics, 'REQ-008') === undefined);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { certwright: { rules: { 'REQ-008': 'off' } } } });
    await off;
  });

  test('the server watches the files diagnostics depend on: an included file created on disk clears the warning', async () => {
    const included = join(o.dir, 'extra.cnf');
    rmSync(included, { force: true });
    const text = `.include ${included}\n[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\n`;
    const u = client.open(join(o.dir, 'includer.cnf'), 'openssl-conf', text);
    await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'CNF-050'));
    const cleared = client.diagnostics(u, (p) => !p.diagnostics.some((d) => d.code === 'CNF-050'));
    writeFileSync(included, '# now it exists\n');
    await cleared;
  });

  test('the certificate CodeLens runs a server command; without showDocument the text comes as a message', async () => {
    const pemUri = client.open(join(o.dir, 'ca.crt'), 'pem', certPem);
    const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri: pemUri } });
    const command = lenses[0]?.command;
    assert.equal(command?.command, serverShowCertificateTextCommand);
    const shown = client.messages().length;
    const r = await client.request<{ ok: boolean; text: string }>('workspace/executeCommand', { command: command!.command, arguments: command!.arguments });
    assert.ok(r.ok);
    assert.match(r.text, /Caps CA/);
    assert.match(client.messages().slice(shown).join('\n'), /Issuer: .*Caps CA/);
  });

  test('PEM blocks inside YAML get the diagnostics their hover lists', async () => {
    const yaml = `tls:\n  ca: |\n${soonPem.trim().split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    const u = client.open(join(o.dir, 'values.yaml'), 'yaml', yaml);
    const ds = await client.diagnostics(u, (p) => p.diagnostics.length > 0);
    assert.deepEqual(ds.map((d) => d.code), ['PEM-EXPIRING']);
    assert.equal(ds[0]!.range.start.line, 2);
    const h = hoverValue(await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: 6 } }));
    assert.match(h.value, /PEM-EXPIRING/);
  });
});

describe('a full client: snippets, Markdown, configuration requests, dynamic watching, showDocument', () => {
  let client: TestClient;
  let uri = '';
  before(async () => {
    client = await startClient({ rootPath: o.dir, capabilities: fullCapabilities, settings: { rules: { 'REQ-008': 'hint' } } });
    uri = client.open(join(o.dir, 'openssl.cnf'), 'openssl-conf', cnf);
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });

  test('settings come from workspace/configuration', async () => {
    const ds = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'REQ-008'));
    assert.equal(severityOf(ds, 'REQ-008'), 4);
    assert.ok(client.serverRequests().some((r) => r.method === 'workspace/configuration'));
  });

  test('file watching is registered with the client for the dependency glob', async () => {
    const reg = client.serverRequests().find((r) => r.method === 'client/registerCapability');
    const registrations = (reg?.params as lsp.RegistrationParams | undefined)?.registrations ?? [];
    const watched = registrations.find((x) => x.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual((watched?.registerOptions as lsp.DidChangeWatchedFilesRegistrationOptions | undefined)?.watchers, [{ globPattern: watchedFilesGlob }]);
  });

  test('completion offers the snippet, documentation in Markdown', async () => {
    const all = items(await client.request('textDocument/completion', { textDocument: { uri }, position: pathlenPos }));
    const pathlen = all.find((i) => i.label.startsWith('pathlen'));
    assert.equal(pathlen?.insertTextFormat, 2);
    assert.equal((pathlen!.textEdit as lsp.TextEdit).newText, 'pathlen:${1:0}');
    assert.ok(all.some((i) => (i.documentation as lsp.MarkupContent | undefined)?.kind === 'markdown'));
    assert.ok(all.every((i) => i.command === undefined), 'no editor.action.triggerSuggest for a client that did not declare it');
  });

  test('the outline is a tree: sections with their keys as children', async () => {
    const symbols = await client.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((k) => k.name)]), [['req', ['distinguished_name', 'x509_extensions']], ['dn', ['CN']], ['v3_ca', ['basicConstraints']]]);
  });

  test('hovers are Markdown', async () => {
    const h = hoverValue(await client.request('textDocument/hover', { textDocument: { uri }, position: keyPos }));
    assert.equal(h.kind, 'markdown');
    assert.match(h.value, /\*\*basicConstraints\*\*/);
  });

  test('the certificate command opens a read-only text document with window/showDocument', async () => {
    const pemUri = client.open(join(o.dir, 'ca.crt'), 'pem', certPem);
    const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri: pemUri } });
    await client.request('workspace/executeCommand', { command: lenses[0]!.command!.command, arguments: lenses[0]!.command!.arguments });
    const shown = client.serverRequests().find((r) => r.method === 'window/showDocument')?.params as lsp.ShowDocumentParams | undefined;
    assert.ok(shown, 'showDocument requested');
    assert.match(readFileSync(fileURLToPath(shown.uri), 'utf8'), /Subject: .*Caps CA/);
  });
});

describe('a client that reads a completion list\'s item defaults (LSP 3.17, vscode-languageclient 11)', () => {
  /** Many sections, then `$` completion of their names: the answer lists them all with one range. */
  const many = [...Array.from({ length: 40 }, (_, i) => `[ sect_${i} ]\nv = ${i}`), '[ use ]', 'x = $', '[ v3 ]', 'basicConstraints = critical, CA:TRUE, pathl', ''].join('\n');
  const lines = many.split('\n');
  const dollarPos = { line: lines.indexOf('x = $'), character: 'x = $'.length };
  const snippetPos = { line: lines.length - 2, character: lines.at(-2)!.length };
  const withDefaults: lsp.ClientCapabilities = { ...fullCapabilities, textDocument: { ...fullCapabilities.textDocument, completion: { ...fullCapabilities.textDocument!.completion, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } } };
  let compact: TestClient;
  let plain: TestClient;
  before(async () => {
    [compact, plain] = await Promise.all([startClient({ rootPath: o.dir, capabilities: withDefaults }), startClient({ rootPath: o.dir, capabilities: fullCapabilities })]);
  });
  after(async () => {
    await Promise.all([compact, plain].map((c) => (c.process.exitCode == null ? c.shutdown() : undefined)));
  });

  test('gets the range once and reads back the items a client without it gets', async () => {
    const file = join(o.dir, 'defaults.cnf');
    const [a, b] = [compact.open(file, 'openssl-conf', many), plain.open(file, 'openssl-conf', many)];
    for (const position of [dollarPos, snippetPos]) {
      const list = await compact.request<lsp.CompletionList>('textDocument/completion', { textDocument: { uri: a }, position });
      const reference = items(await plain.request('textDocument/completion', { textDocument: { uri: b }, position }));
      const range = list.itemDefaults?.editRange as lsp.Range | undefined;
      assert.ok(range && !Array.isArray(list), `a list with a default range at ${JSON.stringify(position)}: ${JSON.stringify(list).slice(0, 200)}`);
      assert.ok(list.items.filter((i) => i.textEdit === undefined).length > 0, 'items without their own edit');
      const read = list.items.map(({ textEditText, ...i }) => (i.textEdit ? i : { ...i, textEdit: { range, newText: textEditText ?? i.label } }));
      assert.deepEqual(read, reference);
    }
    const dollar = await compact.request<lsp.CompletionList>('textDocument/completion', { textDocument: { uri: a }, position: dollarPos });
    assert.ok(dollar.items.some((i) => i.label === 'sect_39::'), 'the sections above are offered');
    assert.ok(JSON.stringify(dollar).length < JSON.stringify(items(await plain.request('textDocument/completion', { textDocument: { uri: b }, position: dollarPos }))).length / 2, 'less than half the bytes');
  });
});

describe('lifecycle and command line', () => {
  test('requests before initialize get ServerNotInitialized; after shutdown InvalidRequest; exit ends the process', async () => {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    connection.listen();
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      const early = await connection.sendRequest('textDocument/hover', { textDocument: { uri: fileUri('/x.cnf') }, position: { line: 0, character: 0 } }).then(() => undefined, (e: rpc.ResponseError<unknown>) => e.code);
      assert.equal(early, -32002);
      await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      assert.ok(Array.isArray(await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: fileUri('/x.cnf') } })));
      await connection.sendRequest('shutdown');
      const late = await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: fileUri('/x.cnf') } }).then(() => undefined, (e: rpc.ResponseError<unknown>) => e.code);
      assert.equal(late, -32600);
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode == null) child.kill();
    }
  });

  test('over a socket (--socket=PORT) the lifecycle is enforced the same way', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const accepted = new Promise<Socket>((r) => server.once('connection', r));
    const child = spawn(process.execPath, [serverPath, `--socket=${port}`], { stdio: 'ignore' });
    const socket = await accepted;
    const connection = rpc.createMessageConnection(new rpc.SocketMessageReader(socket), new rpc.SocketMessageWriter(socket));
    connection.listen();
    try {
      const early = await connection.sendRequest('textDocument/hover', { textDocument: { uri: fileUri('/x.cnf') }, position: { line: 0, character: 0 } }).then(() => undefined, (e: rpc.ResponseError<unknown>) => e.code);
      assert.equal(early, -32002);
      const init = await connection.sendRequest<lsp.InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.equal(init.serverInfo?.name, 'certwright-language-server');
    } finally {
      connection.dispose();
      child.kill();
      socket.destroy();
      server.close();
    }
  });

  test('--help and --version print and exit 0; an unknown option exits 2 without a stack trace', () => {
    const help = spawnSync(process.execPath, [serverPath, '--help'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: certwright-language-server/);
    const version = spawnSync(process.execPath, [serverPath, '--version'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^certwright-language-server \d+\.\d+\.\d+\n$/);
    const bad = spawnSync(process.execPath, [serverPath, '--bogus'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --bogus/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
});
