/**
 * Inspection protocol (PEM/DER): type-only, shared by client and server.
 * D1 owns certificateText; D2 adds the workspace PKI tree requests below.
 */

/** Command the CodeLens above a certificate block runs (implemented by the client). */
export const showCertificateTextCommand = 'certwright.showCertificateText';
/** Hover links (client commands): copy `{ sha256 }`, and reveal a tree item by id (`cert:<sha256>`). */
export const copyFingerprintCommand = 'certwright.copyCertificateFingerprint';
export const revealInCertificatesCommand = 'certwright.revealInCertificates';
/** Hover link under a CSR: the palette's Sign CSR flow with `{ csrUri }` (the request preselected, everything else asked). */
export const signCsrCommand = 'certwright.signCsr';

/** Argument of the hover's Sign CSR link. */
export interface SignCsrLinkArgs {
  readonly csrUri: string;
}

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

// ---------------------------------------------------------------------------------------------
// Workspace PKI tree (D2): certificates view, chain verification, binary/PKCS#12 decoding.

export type { PkiNode, PkiNodeKind, PkiStatus, PkiRole, PkiLocation, PkiField, PkiTree, PkiRow, ChainReport, ChainLink } from '../core/pki/types';
import type { ChainReport, PkiField, PkiLocation, PkiNode, PkiTree } from '../core/pki/types';
import type { DecodedObject, EditorModel } from '../core/pki/editorModel';
import type { WireRow } from '../core/pki/rowWire';
import type { FileMarks } from '../core/pki/fileMarks';
export type { FileMark, FileMarks, FileMarkState } from '../core/pki/fileMarks';
import type { PictureTree } from '../core/pki/pictureTree';
export type { PictureNode, PictureTree } from '../core/pki/pictureTree';
export type { WireRow } from '../core/pki/rowWire';
/** The client decodes the rows with the core's one codec (as protocol/format.ts shares the display format). */
export { decodeRow } from '../core/pki/rowWire';
export type { DecodedObject, EditorModel, Card, Banner, BannerLevel, Row, Section, ChainEntry } from '../core/pki/editorModel';

/**
 * `certwright/listCertificates` (client → server): every certificate, key, CRL,
 * CSR and PKCS#12 of the workspace grouped as a PKI. The first call scans the
 * workspace roots; later calls answer from the incremental model. `refresh`
 * forces a re-scan (unchanged files are still skipped by mtime + size).
 */
export const listCertificatesRequest = 'certwright/listCertificates';

export interface ListCertificatesParams {
  readonly refresh?: boolean;
}

export interface ListCertificatesResult extends PkiTree {
  /** Model version: bumped by every change; equal versions mean an equal tree. */
  readonly version: number;
  /** Milliseconds the server spent answering (scan + grouping). */
  readonly ms: number;
  /** Workspace folders scanned. */
  readonly scannedRoots: readonly string[];
}

/**
 * `certwright/listRows` (client → server): the Certificates view's paged form of the same
 * tree: the rows of one level, `limit` from `offset` — the roots, or the children of
 * `parent`. A row is what it shows (PkiRow); `describeItem` gives the rest of a node.
 */
export const listRowsRequest = 'certwright/listRows';

export interface ListRowsParams {
  /** A node id; the roots when absent. */
  readonly parent?: string;
  readonly offset?: number;
  readonly limit?: number;
  /** Re-scan the workspace first (as `listCertificates`). */
  readonly refresh?: boolean;
}

export interface ListRowsResult {
  readonly version: number;
  /** The rows in their wire form (core/pki/rowWire.ts: decodeRow gives the PkiRow). */
  readonly rows: readonly WireRow[];
  /** Rows of this level in all (more than `rows` when there are further pages); 0 for an unknown parent. */
  readonly total: number;
  /** Root pages only: the workspace counts, and the files skipped for their size (absent when none). */
  readonly counts?: PkiTree['counts'];
  readonly tooLarge?: PkiTree['tooLarge'];
  /**
   * Root pages while a long scan runs: the rows are of the files read so far (a
   * `certwright/certificatesChanged` follows each newer tree and the complete one).
   */
  readonly scanning?: { readonly read: number; readonly total: number };
}

/**
 * `certwright/fileMarks` (client → server): what the Explorer decorates — per file the worst
 * certificate state, and the unencrypted private keys (core/pki/fileMarks.ts) — a few entries
 * instead of the whole tree.
 */
export const fileMarksRequest = 'certwright/fileMarks';

export interface FileMarksResult extends FileMarks {
  readonly version: number;
}

/**
 * `certwright/pictureTree` (client → server): the tree as the timeline and the chain diagram
 * draw it (core/pki/pictureTree.ts): certificates, CRLs and keys, with the fields they read.
 */
export const pictureTreeRequest = 'certwright/pictureTree';

export interface PictureTreeResult extends PictureTree {
  readonly version: number;
}

/** `certwright/describeItem` (client → server): the fields shown when a tree node is expanded. */
export const describeItemRequest = 'certwright/describeItem';

export interface DescribeItemParams {
  readonly id: string;
  /** Only the node and its place (no fields, PEM or DER): what a row reveals on hover. */
  readonly nodeOnly?: boolean;
  /** PEM and DER whatever the size: asked by "Copy PEM", where the user wants the whole object. */
  readonly encoded?: boolean;
}

export interface DescribeItemResult {
  readonly fields: readonly PkiField[];
  readonly location: PkiLocation;
  /** PEM of certificates and CRLs (never of private keys); absent over `maxDescribedDerBytes` unless `encoded` was asked. */
  readonly pem?: string;
  /** Base64 DER of certificates, CRLs and CSRs (for `certwright/certificateText`); absent over `maxDescribedDerBytes`. */
  readonly der?: string;
  /** The node without its children (tooltip, files, fingerprint, issuer), for the paged view. */
  readonly node?: PkiNode;
  /** Ids of its ancestors in the tree, root first, and the position of each and of the node among its siblings. */
  readonly ancestors?: readonly string[];
  readonly positions?: readonly number[];
}

/**
 * Objects larger than this (a CRL of some 20,000 entries) come without PEM and DER in
 * `describeItem`: megabytes of base64 in a reply the view asks for on every expansion; the
 * decoded view reads the file itself.
 */
export const maxDescribedDerBytes = 1024 * 1024;

/**
 * `certwright/revokedEntries` (client → server): a page of a CRL node's revoked entries, in the
 * CRL's order. `describeItem`'s "Revoked" field lists only the first of them (a CRL may list
 * 100,000); this gives the rest, `limit` (at most 1,000) from `offset`.
 */
export const revokedEntriesRequest = 'certwright/revokedEntries';

export interface RevokedEntriesParams {
  /** A CRL node id. */
  readonly id: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface RevokedEntriesResult {
  /** Serial (colon hex), revocation date, CRLReason name. */
  readonly entries: readonly { readonly serial: string; readonly date: string; readonly reason?: string }[];
  /** Entries of the CRL in all. */
  readonly total: number;
}

/** `certwright/verifyChain` (client → server): checks a certificate's chain as far as the workspace goes. */
export const verifyChainRequest = 'certwright/verifyChain';

export interface VerifyChainParams {
  /** A certificate node id (`cert:<sha256>`). */
  readonly id: string;
}

export type VerifyChainResult = ChainReport;

/**
 * `certwright/decodeFile` (client → server): a text rendering of a whole file —
 * binary DER, PKCS#7 bundles, PEM files, and PKCS#12 (listed without a password,
 * decrypted when `password` is given; the password is used for this request only
 * and never stored or logged by the server).
 */
export const decodeFileRequest = 'certwright/decodeFile';

export interface DecodeFileParams {
  /** File URI or path. */
  readonly uri: string;
  readonly password?: string;
  /** After a successful decryption, show the PKCS#12's certificates (public data) in the tree. */
  readonly showInTree?: boolean;
  /** Add the certificate editor's model (`editor`), joined with the workspace PKI. */
  readonly editor?: boolean;
}

export interface DecodeFileResult {
  readonly title: string;
  readonly text: string;
  /** `pem`, `der`, `pkcs7`, `pkcs12`, or `none`. */
  readonly format: string;
  /** PKCS#12 whose encrypted parts need a password. */
  readonly needsPassword: boolean;
  /** Set when a password was given and did not work, or the scheme is unsupported. */
  readonly passwordError?: string;
  /** Number of objects decoded. */
  readonly objects: number;
  /** The same objects as data (never private key material). */
  readonly views?: readonly DecodedObject[];
  /** What the certificate editor shows (when `editor` was asked for). */
  readonly editor?: EditorModel;
}

/** `certwright/certificatesChanged` (server → client notification): watched PKI files changed (debounced). */
export const certificatesChangedNotification = 'certwright/certificatesChanged';

export interface CertificatesChangedParams {
  readonly version: number;
  /** Paths that changed. */
  readonly paths: readonly string[];
}
