import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { noteEdits, tracksEdits, type TextChange } from './core/cnf/edits';
import { documentPath } from './documentPath';

/**
 * TextDocument.update for the server's document sync (incremental): also reports each
 * change, as offsets, to the openssl.cnf edit journal when it follows the document, so the
 * next analysis re-parses only the lines the edits touched.
 */
export function updateTracked(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  const path = documentPath(doc.uri);
  if (!tracksEdits(path)) return TextDocument.update(doc, changes, version);
  const before = doc.getText();
  const offsets: TextChange[] = [];
  let updated = doc;
  // One change at a time (as TextDocument.update does): each range is in the text the previous one left.
  for (const c of changes) {
    const start = 'range' in c ? updated.offsetAt(c.range.start) : 0;
    const end = 'range' in c ? updated.offsetAt(c.range.end) : updated.getText().length;
    offsets.push({ start, end, length: c.text.length });
    updated = TextDocument.update(updated, [c], version);
  }
  noteEdits(path, before, updated.getText(), offsets);
  return updated;
}
