/** The LSP adapter (server/src/features/cnf.ts) over in-memory documents: conversions, kinds, triggers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as lsp from 'vscode-languageserver';
import { cnfFeature, forgetCnfDocument } from '../../../server/src/features/cnf';
import { completionForClient, hoverForClient } from '../../../server/src/features/markup';
import type { FeatureContext } from '../../../server/src/features/feature';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { minimalClient, type ClientCapabilities } from '../../../server/src/capabilities';

const env = { fs: memoryFileSystem({}), getEnv: () => undefined, cwd: () => '/', now: () => new Date(0) };
/** The VS Code extension: Markdown, snippets, and it runs triggerSuggest itself. */
const vscodeLike: ClientCapabilities = { ...minimalClient, hoverMarkdown: true, completionMarkdown: true, snippets: true, clientCommands: new Set(['editor.action.triggerSuggest']) };
const ctx = { env, client: () => vscodeLike } as unknown as FeatureContext;
const minimalCtx = { env, client: () => minimalClient } as unknown as FeatureContext;

const text = '[ req ]\nreq_extensions = v3\n\n[ v3 ]\nkeyUsage = critical, digitalSignature\nsubjectAltName = @alt\n\n[ alt ]\nDNS.1 = a.example\n';
const doc = TextDocument.create('file:///virtual/adapter.cnf', 'openssl-conf', 1, text);
const td = { uri: doc.uri };

test('applies to openssl-conf only, and declares the completion trigger characters', () => {
  assert.equal(cnfFeature.appliesTo(doc), true);
  assert.equal(cnfFeature.appliesTo(TextDocument.create('file:///x.pem', 'pem', 1, '')), false);
  assert.deepEqual([...(cnfFeature.completionTriggerCharacters ?? [])].sort(), ['$', ',', ':', '=', '@', '[', '{'].sort());
});

test('hover: Markdown with a line/character range', async () => {
  const h = (await cnfFeature.hover!(doc, { textDocument: td, position: { line: 4, character: 24 } }, ctx)) as lsp.Hover;
  assert.equal((h.contents as lsp.MarkupContent).kind, 'markdown');
  assert.match((h.contents as lsp.MarkupContent).value, /digitalSignature/);
  assert.deepEqual(h.range, { start: { line: 4, character: 21 }, end: { line: 4, character: 37 } });
});

test('completion: kinds, text edits, retrigger command', async () => {
  const items = (await cnfFeature.completion!(doc, { textDocument: td, position: { line: 6, character: 0 } }, ctx)) as lsp.CompletionItem[];
  const bc = items.find((i) => i.label === 'basicConstraints')!;
  assert.equal(bc.kind, 10);
  assert.deepEqual(bc.textEdit, { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: 'basicConstraints = ' });
  assert.equal(bc.command?.command, 'editor.action.triggerSuggest');
  assert.equal((bc.documentation as lsp.MarkupContent).kind, 'markdown');
});

test('a minimal client gets plain text (at the LSP boundary, after localisation) and no command it cannot run', async () => {
  const h = hoverForClient((await cnfFeature.hover!(doc, { textDocument: td, position: { line: 4, character: 24 } }, minimalCtx)) as lsp.Hover, minimalCtx.client().hoverMarkdown)!;
  assert.equal((h.contents as lsp.MarkupContent).kind, 'plaintext');
  assert.doesNotMatch((h.contents as lsp.MarkupContent).value, /\*\*|`/);
  const items = completionForClient((await cnfFeature.completion!(doc, { textDocument: td, position: { line: 6, character: 0 } }, minimalCtx)) as lsp.CompletionItem[], minimalCtx.client().completionMarkdown);
  const bc = items.find((i) => i.label === 'basicConstraints')!;
  assert.equal(bc.command, undefined);
  assert.equal((bc.documentation as lsp.MarkupContent).kind, 'plaintext');
  assert.doesNotMatch((bc.documentation as lsp.MarkupContent).value, /`/);
});

test('symbols, folding, definition and references in lines', async () => {
  const syms = (await cnfFeature.documentSymbols!(doc, ctx)) as lsp.DocumentSymbol[];
  assert.deepEqual(syms.map((s) => [s.name, s.kind, s.detail]), [['req', 3, 'openssl req section'], ['v3', 3, 'extension section'], ['alt', 3, 'general names section']]);
  const folds = (await cnfFeature.foldingRanges!(doc, ctx)) as lsp.FoldingRange[];
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[0, 1], [3, 5], [7, 8]]);
  const defs = (await cnfFeature.definition!(doc, { textDocument: td, position: { line: 5, character: 19 } }, ctx)) as lsp.Location[];
  assert.deepEqual(defs, [{ uri: doc.uri, range: { start: { line: 7, character: 2 }, end: { line: 7, character: 5 } } }]);
  const refs = (await cnfFeature.references!(doc, { textDocument: td, position: { line: 3, character: 3 }, context: { includeDeclaration: false } }, ctx)) as lsp.Location[];
  assert.deepEqual(refs.map((r) => r.range.start), [{ line: 1, character: 17 }]);
});

test('a new version is re-analysed', async () => {
  const v2 = TextDocument.update(doc, [{ range: { start: { line: 8, character: 8 }, end: { line: 8, character: 9 } }, text: 'b' }], 2);
  const h = (await cnfFeature.hover!(v2, { textDocument: td, position: { line: 5, character: 19 } }, ctx)) as lsp.Hover;
  assert.match((h.contents as lsp.MarkupContent).value, /DNS\.1 = b\.example/);
});

test('a huge document gets no feature answers instead of a long analysis', async () => {
  const big = TextDocument.create('file:///virtual/big.cnf', 'openssl-conf', 1, `[ v3 ]\n${'nsComment = x\n'.repeat(800_000)}`);
  const t0 = performance.now();
  const h = await cnfFeature.hover!(big, { textDocument: { uri: big.uri }, position: { line: 0, character: 3 } }, ctx);
  assert.equal(h, null);
  assert.deepEqual(await cnfFeature.documentSymbols!(big, ctx), []);
  // Loose bound (shared machine): a full analysis of 800k lines would take far longer.
  assert.ok(performance.now() - t0 < 15_000);
});

test('a MySQL option file sent as openssl-conf gets no OpenSSL features, version after version', () => {
  let my = TextDocument.create('file:///virtual/my.cnf', 'openssl-conf', 1, '[mysqld]\nport = 3306\n');
  assert.equal(cnfFeature.appliesTo(my), false);
  my = TextDocument.update(my, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }, text: '[ req ]\nprompt = no' }], 2);
  assert.equal(cnfFeature.appliesTo(my), true);
  my = TextDocument.update(my, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 11 } }, text: '[mysqld]' }], 3);
  assert.equal(cnfFeature.appliesTo(my), false);
  // Past the sniffed head an edit cannot change the verdict (the head is compared, not sniffed again).
  const big = `[ req ]\nprompt = no\n${'# filler line\n'.repeat(20_000)}`;
  let doc = TextDocument.create('file:///virtual/big-head.cnf', 'openssl-conf', 1, big);
  assert.equal(cnfFeature.appliesTo(doc), true);
  doc = TextDocument.update(doc, [{ range: { start: { line: 19_000, character: 0 }, end: { line: 19_000, character: 0 } }, text: '[mysqld]\n' }], 2);
  assert.equal(cnfFeature.appliesTo(doc), true);
  forgetCnfDocument(my.uri);
  forgetCnfDocument(doc.uri);
});
