/**
 * Hover and completion documentation in the format the client asked for:
 * the features write Markdown; clients that declared plain text get it
 * converted (no raw `**` or `\.` in Emacs without markdown-mode) at the LSP
 * boundary, after the words are localised (the catalogues know the Markdown).
 */
import * as lsp from 'vscode-languageserver';
import { markdownToPlainText, snippetToPlainText } from '../plainText';
import type { FeatureContext } from './feature';

/** Theme icons (codicons) the hovers use, and the word each becomes where the client cannot draw them. */
const iconWords: Readonly<Record<string, string>> = { error: 'Error:', warning: 'Warning:', info: 'Note:', pass: 'OK:' };

/** The icon for a severity, as `$(name)`: hoverContent keeps it for clients that draw codicons and writes a word for the others. */
export function severityIcon(severity: 'error' | 'warning' | 'information' | 'hint'): string {
  return severity === 'error' ? '$(error)' : severity === 'warning' ? '$(warning)' : '$(info)';
}

/** A hover's Markdown with the icons the client draws (words for the others); its format is chosen by hoverForClient. */
export function hoverContent(ctx: FeatureContext, markdown: string): lsp.MarkupContent {
  const text = ctx.client().themeIcons ? markdown : markdown.replace(/\$\((error|warning|info|pass)\)/g, (_, name: string) => iconWords[name]!);
  return { kind: lsp.MarkupKind.Markdown, value: text };
}

/** A completion item's documentation; its format is chosen by completionForClient. */
export function completionDocumentation(markdown: string): lsp.MarkupContent {
  return { kind: lsp.MarkupKind.Markdown, value: markdown };
}

function asPlainText<T>(c: T): T {
  const m = c as lsp.MarkupContent | undefined;
  return (m && typeof m === 'object' && m.kind === lsp.MarkupKind.Markdown ? { kind: lsp.MarkupKind.PlainText, value: markdownToPlainText(m.value) } : c) as T;
}

/** A (localised) hover as the client asked for it: Markdown, or plain text. */
export function hoverForClient(h: lsp.Hover | null, markdown: boolean): lsp.Hover | null {
  if (!h || markdown) return h;
  return { ...h, contents: Array.isArray(h.contents) ? h.contents.map(asPlainText) : asPlainText(h.contents) };
}

/** (Localised) completion items as the client asked for their documentation: Markdown, or plain text. */
export function completionForClient(items: lsp.CompletionItem[], markdown: boolean): lsp.CompletionItem[] {
  if (markdown) return items;
  return items.map((i) => (i.documentation === undefined ? i : { ...i, documentation: asPlainText(i.documentation) }));
}

/** The text a completion inserts: the snippet itself for clients that expand snippets, else its plain form. */
export function insertion(ctx: FeatureContext, text: string, snippet: boolean): { text: string; format?: lsp.InsertTextFormat } {
  if (!snippet) return { text };
  return ctx.client().snippets ? { text, format: lsp.InsertTextFormat.Snippet } : { text: snippetToPlainText(text) };
}
