/**
 * Editor side of setup validation: the `certwright/profile` request (status
 * bar) and hovers on DM TLS keys. Diagnostics come from the core's setup
 * linter; this adapter holds no domain logic.
 */
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { certStoreFor, chooseProfile, dmKindOf, keyDocFor } from '../core/setup';
import { documentPath } from '../documentPath';
import { profileRequest, type ProfileParams, type ProfileResult } from '../protocol/setup';
import type { FeatureContext, LanguageFeature } from './feature';
import { hoverContent } from './markup';

const keyAt = /[A-Za-z0-9_-]+/g;

function wordAt(line: string, character: number): string | undefined {
  keyAt.lastIndex = 0;
  for (let m = keyAt.exec(line); m; m = keyAt.exec(line)) {
    if (m.index <= character && character <= m.index + m[0].length) return m[0];
  }
  return undefined;
}

export const setupFeature: LanguageFeature = {
  name: 'setup',
  appliesTo: (doc: TextDocument) => dmKindOf(documentPath(doc.uri), doc.getText()) !== undefined,
  hover(doc, params, ctx) {
    const text = doc.getText({ start: { line: params.position.line, character: 0 }, end: { line: params.position.line + 1, character: 0 } });
    const m = /^\s*([A-Za-z0-9_-]+)\s*[=:]/.exec(text);
    if (!m) return null;
    const word = wordAt(text, params.position.character);
    if (!word || word !== m[1]) return null;
    const kind = dmKindOf(documentPath(doc.uri), doc.getText());
    const docText = kind && keyDocFor(kind, word);
    if (!docText) return null;
    const start = text.indexOf(word);
    return {
      contents: hoverContent(ctx, `**${word}** (TiDB DM${kind === 'source' ? ', connection to the upstream database' : kind === 'task' ? ', connection to the downstream database' : ''})\n\n${docText}`),
      range: { start: { line: params.position.line, character: start }, end: { line: params.position.line, character: start + word.length } },
    } satisfies lsp.Hover;
  },
  onWatchedFilesChanged(changes, ctx) {
    // Decoded certificates and directory listings are reused for a moment; reported changes are seen at once.
    certStoreFor(ctx.env).invalidate(changes.map((c) => documentPath(c.uri)));
  },
  register(ctx: FeatureContext) {
    ctx.connection.onRequest(profileRequest, async (params: ProfileParams): Promise<ProfileResult> => {
      const doc = ctx.document(params.uri);
      const path = documentPath(params.uri);
      let text = doc?.getText();
      if (text === undefined) {
        const bytes = await ctx.env.fs.readFile(path);
        text = bytes ? new TextDecoder().decode(bytes.subarray(0, 64 * 1024)) : '';
      }
      const settings = await ctx.settingsFor(params.uri);
      const c = chooseProfile(path, text, settings.profile);
      return { profile: c.profile, source: c.source, reason: c.reason, ...(c.fileKind ? { fileKind: c.fileKind } : {}) };
    });
  },
};
