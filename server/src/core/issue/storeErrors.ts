/** The CA store's failures (caStore.ts, caLock.ts), in a module of their own so that both can throw them. */

/** The plan cannot be executed safely; nothing was written. */
export class WritePlanError extends Error {
  constructor(
    message: string,
    readonly conflicts: readonly string[] = [],
  ) {
    super(message);
    this.name = 'WritePlanError';
  }
}

/** The commit point was passed but the files were not all moved into place: the next open completes it. */
export class IncompleteCommitError extends WritePlanError {}

/** Another Certwright holds the CA lock for longer than we wait. */
export class CaLockedError extends WritePlanError {}

/** A file system error's code ('EEXIST', 'ENOENT'), as StoreFs throws it. */
export const code = (e: unknown): string | undefined => (e as { code?: string } | undefined)?.code;
