import * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleInfo } from '../core/rules/catalog';
import { disableCommentEdit, lineCommentFor } from '../core/rules/directives';
import { toRange } from '../convert';
import { documentPath } from '../documentPath';
import { disableRuleInSettingsCommand } from '../protocol/client';
import type { FeatureContext, LanguageFeature } from './feature';

/**
 * "Disable <CODE> for this file" (a `# certwright: disable=` comment, where the
 * file's format has comments every reader ignores) and "Disable <CODE> in
 * settings" (`certwright.rules`, written by a client that runs the command), for
 * every Certwright diagnostic in the request.
 */
export const rulesFeature: LanguageFeature = {
  name: 'rules',
  appliesTo: () => true,
  codeActions(doc: TextDocument, params: lsp.CodeActionParams, ctx: FeatureContext): lsp.CodeAction[] {
    const marker = lineCommentFor(documentPath(doc.uri), doc.languageId);
    const inSettings = ctx.client().clientCommands.has(disableRuleInSettingsCommand);
    const out: lsp.CodeAction[] = [];
    const seen = new Set<string>();
    for (const d of params.context.diagnostics) {
      const code = typeof d.code === 'string' ? d.code : undefined;
      if (d.source !== 'certwright' || !code || seen.has(code) || !ruleInfo(code)) continue;
      seen.add(code);
      if (marker) {
        const e = disableCommentEdit(doc.getText(), code, marker);
        out.push({
          title: `Disable ${code} for this file`,
          kind: lsp.CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [doc.uri]: [lsp.TextEdit.replace(toRange(doc, e.start, e.end), e.newText)] } },
        });
      }
      if (inSettings) {
        const title = `Disable ${code} in settings`;
        out.push({ title, kind: lsp.CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: disableRuleInSettingsCommand, arguments: [code, doc.uri] } });
      }
    }
    return out;
  },
};
