/**
 * A completion answer in the shape the client reads. A client that declares LSP 3.17's
 * `completionList.itemDefaults` with `editRange` (vscode-languageclient 11 does; Neovim 0.7 and
 * Eglot do not) gets the range most items replace once, in the list, and each of those items
 * only its text (`textEditText`, left out where it is the label): a `$` completion in a file of
 * thousands of sections is then about a third of the bytes to encode, send and decode. Other
 * clients get every item's own `textEdit`, as before.
 */
import type * as lsp from 'vscode-languageserver';

const sameRange = (a: lsp.Range, b: lsp.Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** The plain replace edit of an item (not an insert/replace pair, which keeps its own). */
const plainEdit = (i: lsp.CompletionItem): lsp.TextEdit | undefined => (i.textEdit && 'range' in i.textEdit ? i.textEdit : undefined);

export function completionAnswer(items: lsp.CompletionItem[], incomplete: boolean, editRangeDefault: boolean): lsp.CompletionItem[] | lsp.CompletionList {
  // A client applies the default range to every item without an edit of its own (its insertText
  // ignored), so the default is for lists whose items all carry an edit. Completion answers one
  // place: the ranges are one, or nearly so; the first plain edit's is the default.
  const editRange = editRangeDefault && items.every((i) => i.textEdit !== undefined) ? items.map(plainEdit).find((e) => e !== undefined)?.range : undefined;
  if (!editRange) return incomplete ? { isIncomplete: true, items } : items;
  const compact = items.map((i): lsp.CompletionItem => {
    const edit = plainEdit(i);
    if (!edit || !sameRange(edit.range, editRange)) return i;
    const { textEdit: _, ...rest } = i;
    return edit.newText === i.label ? rest : { ...rest, textEditText: edit.newText };
  });
  return { isIncomplete: incomplete, itemDefaults: { editRange }, items: compact };
}
