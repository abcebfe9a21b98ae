/**
 * The language server as shipped: dist/server/server.js spawned over stdio, spoken to as
 * an editor does. Lifecycle, diagnostics with exact ranges, incremental changes, and
 * bad input (binary, 50 MB, invalid UTF-8, lone surrogates, NUL bytes, one huge line)
 * after which the server must still answer.
 */
import { strict as assert } from 'node:assert';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, serverPath, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');
const dir = resolve(root, 'test/protocol/.virtual'); // never written: documents live only in the protocol

/** Two OpenSSL syntax errors: an unterminated section header and a line without `=`. */
const brokenCnf = [
  '# Two syntax errors that OpenSSL rejects.',
  '[ req',
  'distinguished_name = dn',
  '',
  '[ dn ]',
  'CN = example',
  'this line has no equals sign',
  '',
].join('\n');

type Range4 = [number, number, number, number];
const rangeOf = (d: lsp.Diagnostic): Range4 => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const byCode = (ds: lsp.Diagnostic[], code: string): lsp.Diagnostic[] => ds.filter((d) => d.code === code);
const hasCode = (code: string) => (p: lsp.PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === code);

/** `[ req` — the whole unterminated header; the line without `=` — the whole line. */
const EXPECTED_HEADER_RANGE: Range4 = [1, 0, 1, 5];
const EXPECTED_EQUALS_RANGE: Range4 = [6, 0, 6, 28];

describe('language server over stdio: lifecycle and diagnostics', () => {
  let client: TestClient;
  before(async () => {
    client = await startClient({ rootPath: root });
    console.log(`# server start → initialize result: ${client.initializeMs.toFixed(0)} ms`);
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });

  test('initialize answers with the server name and capabilities', async () => {
    // initialize already happened in before(); ask again for something cheap to prove liveness.
    const symbols = await client.request<unknown>('textDocument/documentSymbol', { textDocument: { uri: fileUri(`${dir}/none.cnf`) } });
    assert.ok(Array.isArray(symbols) || symbols === null);
    assert.ok(client.initializeMs < 15_000, `initialize took ${client.initializeMs} ms`);
  });

  test('didOpen → publishDiagnostics with exact ranges for openssl.cnf syntax errors', async () => {
    const uri = fileUri(`${dir}/openssl.cnf`);
    const waiting = client.diagnostics(uri, (p) => hasCode('CNF-001')(p) && hasCode('CNF-002')(p), 20_000);
    client.open(uri, 'openssl-conf', brokenCnf, 1);
    const ds = await waiting;
    const header = byCode(ds, 'CNF-002');
    const equals = byCode(ds, 'CNF-001');
    assert.equal(header.length, 1, JSON.stringify(ds));
    assert.equal(equals.length, 1, JSON.stringify(ds));
    assert.deepEqual(rangeOf(header[0]!), EXPECTED_HEADER_RANGE);
    assert.deepEqual(rangeOf(equals[0]!), EXPECTED_EQUALS_RANGE);
    assert.equal(header[0]!.severity, 1);
    assert.equal(equals[0]!.severity, 1);
    assert.equal(header[0]!.source, 'certwright');
  });

  test('didChange (incremental) → updated diagnostics; fixing both errors clears them', async () => {
    const uri = fileUri(`${dir}/openssl.cnf`);
    // Close the header: `[ req` → `[ req ]`. Only the missing `=` remains.
    let waiting = client.diagnostics(uri, (p) => p.version === 2 || (!hasCode('CNF-002')(p) && hasCode('CNF-001')(p)), 20_000);
    client.change(uri, 2, [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, text: ' ]' }]);
    let ds = await waiting;
    assert.deepEqual(byCode(ds, 'CNF-002'), []);
    assert.deepEqual(byCode(ds, 'CNF-001').map(rangeOf), [EXPECTED_EQUALS_RANGE]);
    // Insert a line above: the remaining error moves down by one line.
    waiting = client.diagnostics(uri, (p) => p.version === 3, 20_000);
    client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# added\n' }]);
    ds = await waiting;
    assert.deepEqual(byCode(ds, 'CNF-001').map(rangeOf), [[7, 0, 7, 28]]);
    // Fix it.
    waiting = client.diagnostics(uri, (p) => p.version === 4, 20_000);
    client.change(uri, 4, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 28 } }, text: 'note = fixed' }]);
    ds = await waiting;
    assert.deepEqual(ds.filter((d) => /^CNF-00[12]$/.test(String(d.code))), []);
  });

  test('didClose clears the diagnostics', async () => {
    const uri = fileUri(`${dir}/openssl.cnf`);
    const waiting = client.diagnostics(uri, (p) => p.diagnostics.length === 0, 10_000);
    client.close(uri);
    assert.deepEqual(await waiting, []);
  });

  test('shutdown → exit ends the process with code 0', async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });
});

/** Opens `text`, waits for its diagnostics (maybe none), then checks the server still answers. */
async function survivesIn(client: TestClient, name: string, text: string, languageId: string): Promise<lsp.Diagnostic[]> {
  const uri = fileUri(`${dir}/${name}`);
  const started = performance.now();
  const waiting = client.diagnostics(uri, () => true, 60_000);
  client.open(uri, languageId, text, 1);
  const ds = await waiting;
  await stillAnswersIn(client, uri);
  client.close(uri);
  console.log(`# ${name}: ${(text.length / 1e6).toFixed(1)} M chars → ${ds.length} diagnostics in ${(performance.now() - started).toFixed(0)} ms`);
  return ds;
}

/** A hover and a documentSymbol request on `uri` both answer within 30 s, and nothing crashed. */
async function stillAnswersIn(client: TestClient, uri: string): Promise<void> {
  const started = performance.now();
  const hover = client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  const symbols = client.request<unknown>('textDocument/documentSymbol', { textDocument: { uri } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not answer hover/documentSymbol on ${uri} within 30 s`)), 30_000);
  });
  try {
    const [h, s] = await Promise.race([Promise.all([hover, symbols]), timeout]);
    assert.ok(h === null || typeof h === 'object');
    assert.ok(s === null || Array.isArray(s));
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - started;
  if (ms > 1000) console.log(`# requests on ${uri.split('/').pop()} answered after ${ms.toFixed(0)} ms`);
  assert.equal(client.process.exitCode, null, 'the server exited');
  const crashes = client.logs().filter((l) => /uncaught exception|unhandled rejection/i.test(l));
  assert.deepEqual(crashes, []);
}

function assertSane(ds: lsp.Diagnostic[], lines: number): void {
  assert.ok(ds.length <= 1000, `${ds.length} diagnostics (the cap is 1000)`);
  for (const d of ds) {
    assert.ok(d.range.start.line >= 0 && d.range.end.line <= lines, JSON.stringify(d.range));
    assert.ok(typeof d.message === 'string' && d.message.length < 100_000, `message of ${String(d.message).length} chars`);
  }
}

describe('language server over stdio: bad input never takes it down', () => {
  let client: TestClient;
  before(async () => {
    client = await startClient({ rootPath: root });
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });
  const survives = (name: string, text: string, languageId = 'openssl-conf'): Promise<lsp.Diagnostic[]> => survivesIn(client, name, text, languageId);
  const stillAnswers = (uri: string): Promise<void> => stillAnswersIn(client, uri);

  test('a binary file opened as openssl.cnf', async () => {
    const bytes = randomBytes(256 * 1024);
    const text = bytes.toString('latin1');
    const ds = await survives('binary.cnf', text);
    assertSane(ds, text.split(/\r\n|\r|\n/).length);
  });

  test('an ELF executable opened as openssl.cnf', async () => {
    const text = readFileSync(process.execPath).subarray(0, 512 * 1024).toString('utf8');
    const ds = await survives('node-binary.cnf', text);
    assertSane(ds, text.split(/\r\n|\r|\n/).length);
  });

  test('lone surrogates', async () => {
    const text = `[ req ]\nCN = \ud800 broken \udfff\nO = \udc00\ud800\n[ \ud83d\n`;
    const ds = await survives('surrogates.cnf', text);
    assertSane(ds, 5);
  });

  test('invalid UTF-8 bytes on the wire', async () => {
    // Written by hand: a didOpen whose JSON body contains bytes that are not UTF-8.
    const uri = fileUri(`${dir}/invalid-utf8.cnf`);
    const head = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'openssl-conf', version: 1, text: '[ req ]\nCN = XX\n[ bad' } } }));
    const at = head.indexOf('XX');
    const body = Buffer.concat([head.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), head.subarray(at + 2)]);
    const waiting = client.diagnostics(uri, () => true, 30_000);
    client.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    const ds = await waiting;
    assertSane(ds, 4);
    await stillAnswers(uri);
    client.close(uri);
  });

  test('a NUL-filled file', async () => {
    const text = '\0'.repeat(2_000_000);
    const ds = await survives('nul.cnf', text);
    assertSane(ds, 1);
  });

  test('one huge line (8 M characters)', async () => {
    const text = `[ req ]\nCN = ${'x'.repeat(8_000_000)}\n${'[ '.repeat(100_000)}\n`;
    const ds = await survives('long-line.cnf', text);
    assertSane(ds, 4);
  });

  test('deeply nested and pathological references', async () => {
    const text = `[ a ]\nv = ${'${a::v}'.repeat(50_000)}\nw = ${'$('.repeat(50_000)}\n.include ${'../'.repeat(10_000)}x\nsubjectAltName = ${'@'.repeat(100_000)}\n`;
    const ds = await survives('pathological.cnf', text);
    assertSane(ds, 6);
  });

  test('binary content opened as PEM', async () => {
    const text = `-----BEGIN CERTIFICATE-----\n${randomBytes(64 * 1024).toString('latin1')}\n-----END CERTIFICATE-----\n`;
    const ds = await survives('binary.pem', text, 'pem');
    assertSane(ds, text.split(/\r\n|\r|\n/).length);
  });

  test('the server is still healthy after all of that and exits with 0', async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });
});

describe('language server over stdio: a 50 MB document', () => {
  // Its own server, so that a slow answer here cannot hide the other bad-input cases.
  let client: TestClient;
  before(async () => {
    client = await startClient({ rootPath: root });
  });
  after(async () => {
    if (client.process.exitCode == null) await client.shutdown();
  });

  test('a 50 MB file gets a diagnostic or nothing, and the server keeps answering', async () => {
    const line = 'key_with_a_long_name = value $ENV::HOME ${section::var} @ref\n';
    const text = line.repeat(Math.ceil(50_000_000 / line.length));
    const ds = await survivesIn(client, 'huge.cnf', text, 'openssl-conf');
    assertSane(ds, text.split('\n').length);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('packaging of the standalone server', () => {
  test('the bin entry certwright-language-server points at the built server', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = resolve(root, manifest.bin['certwright-language-server']!);
    assert.equal(bin, serverPath);
    assert.ok(existsSync(bin), `${bin} is not built`);
    assert.match(readFileSync(bin, 'utf8').slice(0, 100), /^#!\/usr\/bin\/env node\n/);
    accessSync(bin, constants.X_OK);
  });

  test('runs standalone through its shebang with --stdio', async () => {
    const client = await startClient({ rootPath: root, executable: serverPath });
    const uri = fileUri(`${dir}/standalone.cnf`);
    const waiting = client.diagnostics(uri, hasCode('CNF-002'), 20_000);
    client.open(uri, 'openssl-conf', '[ req\n', 1);
    const ds = await waiting;
    assert.deepEqual(byCode(ds, 'CNF-002').map(rangeOf), [[0, 0, 0, 5]]);
    assert.equal(await client.shutdown(), 0);
  });
});
