/**
 * Types shared by every pure module of the core. The core speaks character
 * offsets into the text it was given, never LSP positions: the server and the
 * CLI convert with a LineIndex.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file that explains a finding (a certificate a DM config names, say). */
export interface RelatedLocation {
  /** Absolute file-system path. */
  readonly file: string;
  /** Zero-based line; 0 when the whole file is meant. */
  readonly line: number;
  readonly message: string;
}

/** A text edit in the document the finding belongs to, in offsets. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** An edit of another file than the finding's, at zero-based lines and UTF-16 characters (as LSP counts them). */
export interface FileEdit {
  /** Absolute path. */
  readonly file: string;
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
  readonly newText: string;
}

/** A quick fix offered for a finding. */
export interface Fix {
  readonly title: string;
  /** Edits to the document the finding belongs to. */
  readonly edits?: readonly TextEdit[];
  /** Edits to other files (the other end of a connection). */
  readonly fileEdits?: readonly FileEdit[];
  /** A file-system action the client carries out (e.g. chmod 0600), for fixes that are not text edits. */
  readonly command?: { readonly id: string; readonly args: readonly unknown[] };
  readonly isPreferred?: boolean;
}

/** One diagnostic as the core reports it. */
export interface Finding {
  /** Stable rule code, e.g. `CNF-001` or `DM-013`. */
  readonly code: string;
  readonly severity: Severity;
  /** Offsets into the text: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
  /** Machine-readable facts for code actions that run commands (a certificate to re-issue with a missing SAN or CN). */
  readonly data?: FindingData;
}

export interface FindingData {
  readonly reissue?: { readonly cert: string; readonly san?: string; readonly cn?: string };
}

/** Per-rule override from settings: `off` drops the finding, anything else replaces its severity. */
export type RuleSetting = 'off' | Severity;

export interface LintSettings {
  /** Map of rule code → override. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Days before notAfter at which a certificate counts as expiring soon. */
  readonly expiryWarningDays: number;
  /** Profile forced for this file or folder (`auto` = detect). */
  readonly profile: string;
  /** Deployed path prefix → workspace folder (relative to the first workspace folder), for configs written for their hosts. */
  readonly pathMappings?: Readonly<Record<string, string>>;
}

export const defaultLintSettings: LintSettings = {
  rules: {},
  expiryWarningDays: 30,
  profile: 'auto',
};
