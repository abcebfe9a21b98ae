import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import type * as lsp from 'vscode-languageserver';
import { readClientCapabilities } from '../../../server/src/capabilities';
import { completionAnswer } from '../../../server/src/features/completionList';

/** An item as the client reads it: its own edit, else the list's range with its textEditText or label (LSP 3.17). */
function expanded(answer: lsp.CompletionItem[] | lsp.CompletionList): lsp.CompletionItem[] {
  if (Array.isArray(answer)) return answer;
  const range = answer.itemDefaults?.editRange as lsp.Range | undefined;
  return answer.items.map((i) => {
    if (i.textEdit || !range) return i;
    const { textEditText, ...rest } = i;
    return { ...rest, textEdit: { range, newText: textEditText ?? i.label } };
  });
}

const range = (line: number, from: number, to: number): lsp.Range => ({ start: { line, character: from }, end: { line, character: to } });

test('a client declares the default edit range only with itemDefaults listing editRange', () => {
  const declared = (itemDefaults: string[] | undefined): boolean =>
    readClientCapabilities({ capabilities: { textDocument: { completion: { completionList: { itemDefaults } } } } }).completionEditRangeDefault;
  assert.equal(declared(['commitCharacters', 'editRange', 'insertTextFormat']), true);
  assert.equal(declared(['insertTextFormat']), false);
  assert.equal(declared(undefined), false);
  assert.equal(readClientCapabilities({ capabilities: {} }).completionEditRangeDefault, false);
});

test('the shared range is sent once; an item keeps only a text that is not its label', () => {
  const r = range(3, 1, 4);
  const items: lsp.CompletionItem[] = [
    { label: 'alt_names', textEdit: { range: r, newText: 'alt_names' } },
    { label: 'pathlen', textEdit: { range: r, newText: 'pathlen:0' }, detail: 'd' },
    { label: 'other', textEdit: { range: range(3, 0, 4), newText: 'other' } },
    { label: 'both', textEdit: { insert: r, replace: range(3, 1, 9), newText: 'both' } },
  ];
  const answer = completionAnswer(items, false, true) as lsp.CompletionList;
  assert.deepEqual(answer.itemDefaults, { editRange: r });
  assert.equal(answer.isIncomplete, false);
  assert.deepEqual(answer.items[0], { label: 'alt_names' });
  assert.deepEqual(answer.items[1], { label: 'pathlen', textEditText: 'pathlen:0', detail: 'd' });
  assert.equal(answer.items[2], items[2], 'another range keeps its own edit');
  assert.equal(answer.items[3], items[3], 'an insert/replace edit keeps its own');
  assert.deepEqual(expanded(answer), items);
});

test('a client without the capability, or items without edits, get the answer as before', () => {
  const items: lsp.CompletionItem[] = [{ label: 'a', textEdit: { range: range(0, 0, 1), newText: 'a' } }];
  assert.equal(completionAnswer(items, false, false), items);
  assert.deepEqual(completionAnswer(items, true, false), { isIncomplete: true, items });
  // The client would put an item without an edit at the default range, its insertText ignored.
  const mixed: lsp.CompletionItem[] = [...items, { label: 'b', insertText: 'bb' }];
  assert.equal(completionAnswer(mixed, false, true), mixed);
  assert.deepEqual(completionAnswer([], true, true), { isIncomplete: true, items: [] });
});

test('the client reads back exactly the items it would have got without the capability', () => {
  const anyRange = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)).map(([l, a, b]) => range(l, a, a + b));
  const item = fc.record(
    {
      label: fc.constantFrom('a', 'b', 'pathlen', '$x'),
      newText: fc.constantFrom('a', 'b', 'pathlen:${1:0}', '$x'),
      range: anyRange,
      replace: fc.option(anyRange, { nil: undefined }),
      edit: fc.boolean(),
      detail: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ['label', 'newText', 'range', 'edit'] },
  ).map(({ label, newText, range: r, replace, edit, detail }): lsp.CompletionItem => ({
    label,
    ...(edit ? { textEdit: replace ? { insert: r, replace, newText } : { range: r, newText } } : { insertText: newText }),
    ...(detail !== undefined ? { detail } : {}),
  }));
  fc.assert(
    fc.property(fc.array(item, { maxLength: 12 }), fc.boolean(), (items, incomplete) => {
      const answer = completionAnswer(items, incomplete, true);
      assert.deepEqual(expanded(answer), items);
      assert.equal(Array.isArray(answer) ? false : answer.isIncomplete, incomplete);
    }),
  );
});
