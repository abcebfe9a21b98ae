/**
 * openssl.cnf go to definition and find references across `.include`, against the
 * BUILT language server over stdio, with the included files on disk in a temp dir:
 * definitions and uses in included files come back as locations in those files.
 * Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { fileUri, startClient, type TestClient } from './lspClient';

const root = resolve(__dirname, '../..');

describe('openssl.cnf navigation across .include over stdio', () => {
  let client: TestClient;
  let dir = '';
  let uri = '';
  let commonUri = '';
  let commonPath = '';
  const common = [
    /* 0 */ 'dir = $ROOT/ca',
    /* 1 */ '[ v3_req ]',
    /* 2 */ 'keyUsage = critical,digitalSignature,keyEncipherment',
    /* 3 */ 'subjectAltName = @alt_names',
    /* 4 */ '',
  ].join('\n');
  let main = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certwright-cnf-includes-'));
    commonPath = join(dir, 'common.cnf');
    writeFileSync(commonPath, common);
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d', '10-a.cnf'), '[ dn ]\nCN = node\n');
    writeFileSync(join(dir, 'conf.d', '20-b.conf'), 'extra = 1\n');
    writeFileSync(join(dir, 'conf.d', 'README'), 'not read\n');
    main = [
      /* 0 */ 'ROOT = /srv',
      /* 1 */ `.include ${commonPath}`,
      /* 2 */ `.include ${join(dir, 'conf.d')}`,
      /* 3 */ '[ req ]',
      /* 4 */ 'prompt = no',
      /* 5 */ 'distinguished_name = dn',
      /* 6 */ 'req_extensions = v3_req',
      /* 7 */ 'default_keyfile = $dir/node.key',
      /* 8 */ '[ alt_names ]',
      /* 9 */ 'DNS.1 = node1.example.com',
      /* 10 */ '',
    ].join('\n');
    const mainPath = join(dir, 'openssl.cnf');
    writeFileSync(mainPath, main);
    commonUri = fileUri(commonPath);
    client = await startClient({ rootPath: root });
    uri = client.open(mainPath, 'openssl-conf', main, 1);
  });
  after(async () => {
    if (client && client.process.exitCode == null) await client.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const pos = (line: number, character: number): lsp.Position => ({ line, character });
  /** Position of `needle` on `line` of the main document, plus `delta`. */
  const at = (line: number, needle: string, delta = 0): lsp.Position => {
    const i = main.split('\n')[line]!.indexOf(needle);
    assert.ok(i >= 0, `"${needle}" not on line ${line}`);
    return pos(line, i + delta);
  };
  const definition = async (p: lsp.Position): Promise<lsp.Location[]> => {
    const r = await client.request<lsp.Location[] | lsp.Location | null>('textDocument/definition', { textDocument: { uri }, position: p });
    return r == null ? [] : Array.isArray(r) ? r : [r];
  };
  const references = (p: lsp.Position, includeDeclaration: boolean): Promise<lsp.Location[]> =>
    client.request<lsp.Location[]>('textDocument/references', { textDocument: { uri }, position: p, context: { includeDeclaration } });
  /** `uri-tail line:char-char` of each location, for readable comparisons. */
  const show = (locs: readonly lsp.Location[]): string[] =>
    locs.map((l) => {
      const name = l.uri === uri ? 'main' : l.uri === commonUri ? 'common' : l.uri.slice(l.uri.lastIndexOf('/') + 1);
      assert.equal(l.range.start.line, l.range.end.line);
      return `${name} ${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`;
    });

  test('definition of a section-naming value goes to the header in the included file', async () => {
    assert.deepEqual(show(await definition(at(6, 'v3_req', 2))), ['common 1:2-8']);
  });

  test('definition of a $var defined in the included file', async () => {
    assert.deepEqual(show(await definition(at(7, '$dir', 2))), ['common 0:0-3']);
  });

  test('definition of a section defined in a file of a directory include', async () => {
    assert.deepEqual(show(await definition(at(5, '= dn', 3))), ['10-a.cnf 0:2-4']);
  });

  test('definition on .include opens the file, or the .cnf/.conf files of a directory', async () => {
    const file = await definition(at(1, 'common', 1));
    assert.deepEqual(file.map((l) => l.uri), [commonUri]);
    assert.deepEqual(file[0]!.range.start, pos(0, 0));
    const files = await definition(at(2, 'conf.d', 1));
    assert.deepEqual(files.map((l) => l.uri), [fileUri(join(dir, 'conf.d', '10-a.cnf')), fileUri(join(dir, 'conf.d', '20-b.conf'))]);
  });

  test('references of a section here include its use in the included file', async () => {
    assert.deepEqual(show(await references(at(8, 'alt_names', 1), true)), ['main 8:2-11', 'common 3:18-27']);
    assert.deepEqual(show(await references(at(8, 'alt_names', 1), false)), ['common 3:18-27']);
  });

  test('references of a section defined in the included file, from its use here', async () => {
    assert.deepEqual(show(await references(at(6, 'v3_req', 1), true)), ['main 6:17-23', 'common 1:2-8']);
  });

  test('references of variables across both files', async () => {
    assert.deepEqual(show(await references(pos(0, 1), true)), ['main 0:0-4', 'common 0:6-11']);
    assert.deepEqual(show(await references(at(7, '$dir', 1), true)), ['main 7:18-22', 'common 0:0-3']);
  });

  test('after the included file changes on disk, locations follow its new text', async () => {
    writeFileSync(commonPath, `# moved down two lines\n\n${common}`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: commonUri, type: 2 }] } satisfies lsp.DidChangeWatchedFilesParams);
    assert.deepEqual(show(await definition(at(6, 'v3_req', 2))), ['common 3:2-8']);
  });
});
