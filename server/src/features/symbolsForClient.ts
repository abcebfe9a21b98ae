/**
 * An outline as the client declared it takes it: DocumentSymbol trees for a client that declared
 * `hierarchicalDocumentSymbolSupport` (VS Code, Neovim, Eglot), else the protocol's flat
 * SymbolInformation list, each symbol after its parent, which it names as its container.
 */
import type * as lsp from 'vscode-languageserver';

export function symbolsForClient(symbols: lsp.DocumentSymbol[], uri: string, hierarchical: boolean): lsp.DocumentSymbol[] | lsp.SymbolInformation[] {
  if (hierarchical) return symbols;
  const out: lsp.SymbolInformation[] = [];
  // An explicit stack: the depth of a tree the features build is small, but no input decides it.
  const stack: { symbol: lsp.DocumentSymbol; container: string | undefined }[] = symbols.map((symbol) => ({ symbol, container: undefined })).reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { symbol: s, container } = next;
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(s.tags?.length ? { tags: s.tags } : {}), ...(container !== undefined ? { containerName: container } : {}) });
    for (let i = (s.children?.length ?? 0) - 1; i >= 0; i--) stack.push({ symbol: s.children![i]!, container: s.name });
  }
  return out;
}
