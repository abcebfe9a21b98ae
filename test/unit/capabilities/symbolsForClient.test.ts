import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type * as lsp from 'vscode-languageserver';
import { readClientCapabilities } from '../../../server/src/capabilities';
import { symbolsForClient } from '../../../server/src/features/symbolsForClient';

const range = (line: number): lsp.Range => ({ start: { line, character: 0 }, end: { line, character: 5 } });
const symbol = (name: string, line: number, children?: lsp.DocumentSymbol[]): lsp.DocumentSymbol => ({ name, kind: 3, range: range(line), selectionRange: range(line), detail: `detail of ${name}`, ...(children ? { children } : {}) });

test('only a client that declares hierarchicalDocumentSymbolSupport gets the tree', () => {
  assert.equal(readClientCapabilities({ capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } } }).hierarchicalSymbols, true);
  assert.equal(readClientCapabilities({ capabilities: { textDocument: { documentSymbol: {} } } }).hierarchicalSymbols, false);
  assert.equal(readClientCapabilities({ capabilities: {} }).hierarchicalSymbols, false);
  const tree = [symbol('a', 0, [symbol('k', 1)])];
  assert.equal(symbolsForClient(tree, 'file:///x.cnf', true), tree, 'the same answer, so its kept JSON is reused');
});

test('the flat list: every symbol after its parent, named by its container, with its whole range', () => {
  const tree = [symbol('req', 0, [symbol('dn', 1), symbol('ext', 2, [symbol('deep', 3)])]), symbol('empty', 4, []), symbol('last', 5)];
  const flat = symbolsForClient(tree, 'file:///x.cnf', false) as lsp.SymbolInformation[];
  assert.deepEqual(
    flat.map((s) => [s.name, s.containerName ?? null, s.location.range.start.line]),
    [['req', null, 0], ['dn', 'req', 1], ['ext', 'req', 2], ['deep', 'ext', 3], ['empty', null, 4], ['last', null, 5]],
  );
  assert.ok(flat.every((s) => s.location.uri === 'file:///x.cnf' && !('children' in s) && !('detail' in s)));
});

test('a deep tree flattens without recursion', () => {
  let deep = symbol('leaf', 0);
  for (let i = 0; i < 200_000; i++) deep = symbol(`n${i}`, 0, [deep]);
  const flat = symbolsForClient([deep], 'file:///x.cnf', false);
  assert.equal(flat.length, 200_001);
  assert.equal((flat.at(-1) as lsp.SymbolInformation).containerName, 'n0');
});
