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
