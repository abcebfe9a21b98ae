/**
 * Hover and completion documentation in the format the client asked for:
 * the features write Markdown; clients that declared plain text get it
 * converted (no raw `**` or `\.` in Emacs without markdown-mode).
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

export function hoverContent(ctx: FeatureContext, markdown: string): lsp.MarkupContent {
  const text = ctx.client().themeIcons ? markdown : markdown.replace(/\$\((error|warning|info|pass)\)/g, (_, name: string) => iconWords[name]!);
  return ctx.client().hoverMarkdown ? { kind: lsp.MarkupKind.Markdown, value: text } : { kind: lsp.MarkupKind.PlainText, value: markdownToPlainText(text) };
}

export function completionDocumentation(ctx: FeatureContext, markdown: string): lsp.MarkupContent {
  return ctx.client().completionMarkdown ? { kind: lsp.MarkupKind.Markdown, value: markdown } : { kind: lsp.MarkupKind.PlainText, value: markdownToPlainText(markdown) };
}

/** The text a completion inserts: the snippet itself for clients that expand snippets, else its plain form. */
export function insertion(ctx: FeatureContext, text: string, snippet: boolean): { text: string; format?: lsp.InsertTextFormat } {
  if (!snippet) return { text };
  return ctx.client().snippets ? { text, format: lsp.InsertTextFormat.Snippet } : { text: snippetToPlainText(text) };
}
