/**
 * `certwright/explainTlsError`: the TLS doctor for every editor. Reads the
 * workspace's certificates and configs (bounded), explains the text, and
 * answers with the explanation and its Markdown.
 */
import { ResponseError } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildInventory, withSignatureChecks, explain, renderExplanationMarkdown, type WorkspaceFile } from '../core/doctor';
import { readDoctorFiles } from '../node/doctorFiles';
import { explainTlsErrorRequest, type ExplainTlsErrorParams, type ExplainTlsErrorResult } from '../protocol/doctor';
import type { FeatureContext, LanguageFeature } from './feature';

async function workspaceFiles(roots: readonly string[]): Promise<{ files: WorkspaceFile[]; rootOf: Map<string, string> }> {
  const files: WorkspaceFile[] = [];
  const rootOf = new Map<string, string>();
  for (const root of roots) {
    for (const f of await readDoctorFiles(root)) {
      // With several roots, paths stay relative to their own root; the first root wins a clash.
      if (rootOf.has(f.path)) continue;
      rootOf.set(f.path, root);
      files.push(f);
    }
  }
  return { files, rootOf };
}

export const doctorFeature: LanguageFeature = {
  name: 'doctor',
  appliesTo: () => false,
  register(ctx: FeatureContext) {
    ctx.connection.onRequest(explainTlsErrorRequest, async (p: ExplainTlsErrorParams): Promise<ExplainTlsErrorResult | ResponseError<void>> => {
      if (typeof p?.text !== 'string') return new ResponseError(-32602, 'explainTlsError needs { text: string }');
      try {
        const { files, rootOf } = await workspaceFiles(ctx.workspaceRoots());
        const result = explain(p.text, await withSignatureChecks(buildInventory(files), ctx.env.crypto), ctx.env.now());
        const toUri = (file: string, line?: number): string => `${pathToFileURL(join(rootOf.get(file) ?? '', file)).href}${line !== undefined ? `#L${line + 1}` : ''}`;
        // The Markdown is composed of the explanation's sentences: each translated on its own (the other fields at the connection).
        return { ...result, markdown: renderExplanationMarkdown(result, toUri, ctx.l10n()) };
      } catch (err) {
        ctx.log(`doctor: explainTlsError failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return new ResponseError(-32603, `explainTlsError failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  },
};
