/**
 * Every request on every file of the real-world corpora (openssl.cnf, certificates, CSRs, CRLs,
 * keys, PostgreSQL / CockroachDB / DM setups, topologies), through the built server as an
 * editor opens them: the outline, code actions, folding, links and lenses of each file, and
 * hover, completion, definition and references at three lines of it (the middle and the end of
 * each). Every request must answer without an error and the server must stay up: material
 * nobody here wrote must never crash or hang it. A request that takes more than 20 s counts as a
 * hang (the time is a hang detector, not a performance bound).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { startClient, type TestClient } from './lspClient';

const fixtures = resolve(__dirname, '../fixtures');
const hangMs = 20_000;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The language id VS Code gives the file (package.json's languages; the server decides by content after that). */
function languageOf(path: string): string {
  const ext = extname(path);
  if (ext === '.cnf') return 'openssl-conf';
  if (['.pem', '.crt', '.cer', '.csr', '.crl', '.key'].includes(ext)) return 'pem';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.toml') return 'toml';
  return 'plaintext';
}

const files = ['cnf', 'pki', 'setup', 'issue']
  .flatMap((area) => walk(join(fixtures, area, 'real-world')))
  .filter((path) => !path.endsWith('SOURCES.md'))
  .sort();

let client: TestClient;
before(async () => {
  client = await startClient({
    rootPath: fixtures,
    capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
});
after(async () => {
  await client.shutdown();
});

test('every request on every real-world file answers, and the server stays up', async () => {
  assert.ok(files.length > 500, `only ${files.length} real-world files found`);
  const failures: string[] = [];
  let requests = 0;
  const ask = async (method: string, params: unknown, where: string): Promise<void> => {
    requests++;
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${hangMs} ms`)), hangMs)));
    try {
      await Promise.race([client.request(method, params), hang]);
    } catch (err) {
      failures.push(`${where} ${method}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  };
  let opened = 0;
  for (const path of files) {
    const bytes = readFileSync(path);
    // DER and PKCS#12 files are opened through the decoded view, not as text documents.
    if (bytes.includes(0)) continue;
    const text = bytes.toString('utf8');
    const uri = client.open(path, languageOf(path), text);
    opened++;
    const where = relative(fixtures, path);
    const textDocument = { uri };
    const lines = text.split('\n');
    await ask('textDocument/documentSymbol', { textDocument }, where);
    await ask('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, context: { diagnostics: [] } }, where);
    await ask('textDocument/foldingRange', { textDocument }, where);
    await ask('textDocument/documentLink', { textDocument }, where);
    await ask('textDocument/codeLens', { textDocument }, where);
    const step = Math.max(1, Math.floor(lines.length / 3));
    for (let line = 0; line < lines.length; line += step) {
      const length = lines[line]!.length;
      for (const character of [length >> 1, length]) {
        const at = { textDocument, position: { line, character } };
        const here = `${where}:${line + 1}:${character}`;
        await ask('textDocument/hover', at, here);
        await ask('textDocument/completion', at, here);
        await ask('textDocument/definition', at, here);
        await ask('textDocument/references', { ...at, context: { includeDeclaration: true } }, here);
      }
    }
    client.close(uri);
    assert.equal(client.process.exitCode, null, `the server exited after ${where}: ${client.stderr().slice(-2000)}`);
  }
  assert.ok(opened > 500, `only ${opened} text files opened`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${requests} requests failed`);
  assert.equal(client.stderr(), '', 'the server wrote to stderr');
});
