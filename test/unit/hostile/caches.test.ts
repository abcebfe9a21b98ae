/**
 * Caches are bounded and released on close: 200 distinct 1 MB openssl.cnf
 * documents are linted and hovered as the server does, then closed; after a
 * garbage collection the heap must not keep their text (before: +210 MB).
 * Also: with no close at all, the caches stay bounded by size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { clearCnfCache } from '../../../server/src/core/cnf/analyze';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { cnfFeature } from '../../../server/src/features/cnf';
import type { FeatureContext } from '../../../server/src/features/feature';
import { minimalClient } from '../../../server/src/capabilities';
import { defaultLintSettings } from '../../../server/src/core/types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const env = { fs: memoryFileSystem({}), getEnv: () => undefined, cwd: () => '/', now: () => new Date(0) };
const ctx = { env, workspaceRoots: () => ['/ws'], client: () => minimalClient } as unknown as FeatureContext;
const lintContext = { env: env as never, settings: defaultLintSettings, workspaceRoots: ['/ws'] };

/** A distinct 1 MB config: a few sections and many comment lines. */
function megabyteConfig(i: number): string {
  const head = `[ req ]\ndistinguished_name = dn_${i}\n[ dn_${i} ]\nCN = host${i}\n`;
  const line = `# filler line for document ${i} ${'.'.repeat(40)}\n`;
  return head + line.repeat(Math.ceil(1_000_000 / line.length));
}

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function openLintHover(i: number): Promise<{ uri: string; path: string }> {
  const path = `/ws/conf${i}.cnf`;
  const uri = `file://${path}`;
  const text = megabyteConfig(i);
  await cnfLinter.lint({ path, text, languageId: 'openssl-conf' }, lintContext);
  await cnfLinter.dependencies!({ path, text, languageId: 'openssl-conf' }, lintContext);
  const doc = TextDocument.create(uri, 'openssl-conf', 1, text);
  await cnfFeature.hover!(doc, { textDocument: { uri }, position: { line: 1, character: 3 } }, ctx);
  return { uri, path };
}

test('200 distinct 1 MB configs, opened and closed: their text is released', { timeout: 300_000 }, async () => {
  clearCnfCache();
  const before = heapMb();
  for (let i = 0; i < 200; i++) {
    const { uri, path } = await openLintHover(i);
    // What the server does on didClose.
    cnfLinter.forget!(path);
    cnfFeature.onDidClose!(uri, ctx);
  }
  const after = heapMb();
  console.log(`200 × 1 MB configs opened and closed: heap ${before.toFixed(0)} → ${after.toFixed(0)} MB (+${(after - before).toFixed(0)} MB)`);
  assert.ok(after - before < 40, `+${(after - before).toFixed(0)} MB kept`);
});

test('without any close, the caches stay bounded by size', { timeout: 300_000 }, async () => {
  clearCnfCache();
  const before = heapMb();
  for (let i = 0; i < 60; i++) await openLintHover(1000 + i);
  const after = heapMb();
  console.log(`60 × 1 MB configs left open: heap +${(after - before).toFixed(0)} MB`);
  // The analysis cache keeps at most 4 M characters, the editor models 8 M, the dependency memo no text.
  assert.ok(after - before < 200, `+${(after - before).toFixed(0)} MB kept`);
});
