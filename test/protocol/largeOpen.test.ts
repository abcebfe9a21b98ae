/**
 * A large openssl.cnf opened at start-up: its analysis holds the server's one thread for a
 * while, so the feature families load before it (languageServer.ts preloadBeforeChars) and the
 * request an editor sends as the diagnostics arrive does not also wait for their code. The
 * server logs the families' load; the client reads the log in the order the server wrote.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClient, type TestClient } from './lspClient';

let dir: string;
let client: TestClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-proto-large-'));
  client = await startClient({ rootPath: dir });
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const loaded = (logs: readonly string[]): boolean => logs.some((l) => /editor features loaded/.test(l));

test('the features are loaded when the first diagnostics of a large openssl.cnf arrive, and its first hover answers', async () => {
  const lines = ['HOME = .', '[ req ]', 'distinguished_name = dn', '[ dn ]', 'CN = x'];
  // About 2 MB: its analysis outlasts the server's timed preload (250 ms after initialized).
  for (let i = 0; i < 5_000; i++) lines.push(`[ s${i} ]`, ...Array.from({ length: 20 }, (_, k) => `key_${k} = value ${i} $HOME/${k}`));
  const text = lines.join('\n') + '\n';
  assert.ok(text.length > 2_000_000);
  const uri = client.open(join(dir, 'big.cnf'), 'openssl-conf', text);
  await client.diagnostics(uri, () => true, 60_000);
  assert.ok(loaded(client.logs()), `the families' load is logged before the diagnostics: ${client.logs().join(' | ')}`);
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 2 } });
  assert.match(hover?.contents.value ?? '', /key_0|Resolved value/, JSON.stringify(hover));
});
