/**
 * Inspection protocol (PEM/DER): type-only, shared by client and server.
 * D1 owns certificateText; D2 adds the workspace PKI tree requests below.
 */

/** Command the CodeLens above a certificate block runs (implemented by the client). */
export const showCertificateTextCommand = 'certwright.showCertificateText';

/** Arguments of `certwright.showCertificateText` (one object). */
export interface ShowCertificateTextArgs {
  /** Document URI holding the PEM block. */
  readonly uri: string;
  /** Index of the block among the document's PEM blocks (0-based). */
  readonly blockIndex: number;
}

/**
 * `certwright/certificateText` (client → server): an `openssl x509 -text`-like
 * rendering of one object. Give exactly one source: `uri` (+ `blockIndex` for a
 * PEM text; an open document wins over the file on disk, a binary DER file is
 * decoded as a whole when `blockIndex` is omitted), `path` (same, by file path),
 * or `der` (base64 DER of a single object).
 */
export const certificateTextRequest = 'certwright/certificateText';

export interface CertificateTextParams {
  readonly uri?: string;
  readonly path?: string;
  readonly blockIndex?: number;
  /** Base64 of DER bytes. */
  readonly der?: string;
}

export interface CertificateTextResult {
  /** The rendering (never private key material). */
  readonly text: string;
  /** A short title for the read-only document, e.g. `CN=node1 (certificate)`. */
  readonly title: string;
  /** False when the object could not be decoded; `text` then explains why. */
  readonly ok: boolean;
}
