/**
 * Setup validation (DM / CockroachDB / PostgreSQL): which profile the server
 * applies to a document, for the status bar, and the whole-workspace check.
 * Type-only: no runtime imports.
 */

/** `certwright/profile`: client → server request. */
export const profileRequest = 'certwright/profile';

export interface ProfileParams {
  readonly uri: string;
}

export interface ProfileResult {
  /** `cockroach`, `dm`, `postgres` or `generic`. */
  readonly profile: 'cockroach' | 'dm' | 'postgres' | 'generic';
  /** Where the choice came from: a `# certwright: profile=` comment, the `certwright.profile` setting, or detection. */
  readonly source: 'comment' | 'setting' | 'auto';
  readonly reason: string;
  /** What the profile sees in the file (`dm-worker`, `certs-dir`, `pg_hba.conf`, `node.cnf`...). */
  readonly fileKind?: string;
}

/** `certwright.fixKeyPermissions` (client command): sets a key file to 0600. Argument: the absolute path. */
export const fixKeyPermissionsCommand = 'certwright.fixKeyPermissions';

/**
 * `certwright.server.fixKeyPermissions` (workspace/executeCommand): the same done by the server, for
 * clients that do not declare `certwright.fixKeyPermissions` in `clientCommands` (Neovim, Eglot, Helix):
 * their key-permission quick fixes carry this command. Argument: the absolute path. Answers true
 * when the file is now 0600 (the diagnostics are then checked again), false otherwise (with a message).
 */
export const fixKeyPermissionsServerCommand = 'certwright.server.fixKeyPermissions';

/**
 * `certwright.server.checkWorkspace` (workspace/executeCommand): lints every file of
 * the workspace folders with every linter and publishes the diagnostics of files
 * that are not open (open ones are re-validated as usual). No arguments.
 */
export const checkWorkspaceCommand = 'certwright.server.checkWorkspace';

export interface CheckWorkspaceResult {
  /** Files looked at, and how many of them any linter checked. */
  readonly files: number;
  readonly checked: number;
  /** Files with at least one diagnostic. */
  readonly withProblems: number;
  readonly errors: number;
  readonly warnings: number;
  /** The walk stopped at its entry limit. */
  readonly truncated: boolean;
}

/**
 * `certwright.server.reissueCertificate` (workspace/executeCommand): renews a
 * certificate a setup diagnostic names (`data.reissue`) with the missing SAN or CN,
 * through the CA folder that issued it (found above the certificate in the
 * workspace), same key, under the CA lock, journaled. Argument: a ReissueArgs.
 * Without `dryRun` or `confirmed`, the server asks the user with
 * window/showMessageRequest (clients that declare `window.showMessage`) and
 * reports with window/showMessage; the VS Code extension confirms itself
 * (reissueCertificateCommand) and passes `confirmed`.
 */
export const reissueServerCommand = 'certwright.server.reissueCertificate';

/** `certwright.reissueCertificate` (client command of the VS Code extension): shows the dry run's summary in a modal dialog, then runs the server command with `confirmed`. */
export const reissueCertificateCommand = 'certwright.reissueCertificate';

export interface ReissueArgs {
  /** Absolute path of the certificate. */
  readonly cert: string;
  /** The name to add to its SANs... */
  readonly san?: string;
  /** ...or its new CN. */
  readonly cn?: string;
  /** Plan only: the summary of what would be written. */
  readonly dryRun?: boolean;
  /** The user has confirmed (client side): write without asking. */
  readonly confirmed?: boolean;
}

export interface ReissueResult {
  readonly ok: boolean;
  /** Why nothing was written (refusal, cancel). */
  readonly message?: string;
  readonly cancelled?: boolean;
  /** One line, for the confirmation question. */
  readonly question?: string;
  /** What will be (or was) written, several lines. */
  readonly summary?: string;
  /** Absolute paths written (a real run). */
  readonly written?: readonly string[];
}
