/**
 * Hover and completion documentation in the format the client asked for:
 * the features write Markdown; clients that declared plain text get it
 * converted (no raw `**` or `\.` in Emacs without markdown-mode).
 */
import * as lsp from 'vscode-languageserver';
import { markdownToPlainText, snippetToPlainText } from '../plainText';
import type { FeatureContext } from './feature';

export function hoverContent(ctx: FeatureContext, markdown: string): lsp.MarkupContent {
  return ctx.client().hoverMarkdown ? { kind: lsp.MarkupKind.Markdown, value: markdown } : { kind: lsp.MarkupKind.PlainText, value: markdownToPlainText(markdown) };
}

export function completionDocumentation(ctx: FeatureContext, markdown: string): lsp.MarkupContent {
  return ctx.client().completionMarkdown ? { kind: lsp.MarkupKind.Markdown, value: markdown } : { kind: lsp.MarkupKind.PlainText, value: markdownToPlainText(markdown) };
}

/** The text a completion inserts: the snippet itself for clients that expand snippets, else its plain form. */
export function insertion(ctx: FeatureContext, text: string, snippet: boolean): { text: string; format?: lsp.InsertTextFormat } {
  if (!snippet) return { text };
  return ctx.client().snippets ? { text, format: lsp.InsertTextFormat.Snippet } : { text: snippetToPlainText(text) };
}
