/**
 * TLS doctor over LSP: explain an error message against the workspace. Usable by
 * every editor (the client sends the text; the answer carries Markdown ready to
 * show). Type-only: no runtime imports.
 */
import type { ExplainResult } from '../core/doctor';

/** `certwright/explainTlsError`: client → server request. */
export const explainTlsErrorRequest = 'certwright/explainTlsError';

export interface ExplainTlsErrorParams {
  /** The error text: a log line, a terminal paste (the last 64,000 characters are read). */
  readonly text: string;
}

export interface ExplainTlsErrorResult extends ExplainResult {
  /** The explanation as Markdown, with links to the files and lines involved. */
  readonly markdown: string;
}

/** `certwright.explainTlsError` (client command): explains the selection, or asks for the text. */
export const explainTlsErrorCommand = 'certwright.explainTlsError';
