/**
 * Commits an operation that writes two CAs' folders — an intermediate created or renewed
 * by its parent — so that an interruption at any point leaves both loadable by `openssl
 * ca` and easy-rsa, and the next Certwright run on the intermediate finishes or undoes it:
 *
 *  1. the intermediate's files are prepared (pending list naming the parent's record,
 *     temporaries synced): an interruption here rolls both back;
 *  2. the parent records the certificate (serial, database line, new_certs_dir copy,
 *     easy-rsa's copy by name) in its own atomic commit: an interruption before its commit
 *     point rolls both back; after it, the parent's record stands (the certificate is
 *     issued) and the intermediate's pending list is completed by its next open, which
 *     finds the record in the parent (caStore.ts CommitGate);
 *  3. the intermediate's commit point and renames.
 *
 * The parent commits first because its record is what keeps the PKI whole: a certificate
 * signed but not recorded would let the parent hand its serial out again, where one
 * recorded and not yet installed is what `openssl ca` leaves before the operator copies it.
 */
import { IncompleteCommitError, type CaStore, type CommitOptions, type CommitResult } from './caStore';
import type { WritePlan } from './types';

export interface ParentCommitResult {
  readonly commit: CommitResult;
  readonly parentCommit: CommitResult;
}

export async function commitWithParent(store: CaStore, plan: WritePlan, options: CommitOptions, parent: CaStore, parentPlan: WritePlan, parentOptions: CommitOptions): Promise<ParentCommitResult> {
  const gate = parent.gateFor(parentPlan);
  const prepared = await store.prepare(plan, { ...options, ...(gate ? { gate } : {}) });
  let parentCommit: CommitResult;
  try {
    parentCommit = await parent.commit(parentPlan, parentOptions);
  } catch (e) {
    // Past the parent's commit point the certificate is issued: the intermediate installs it, and the parent completes its own renames next time.
    if (e instanceof IncompleteCommitError) await prepared.finish();
    else await prepared.abandon();
    throw e;
  }
  return { commit: await prepared.finish(), parentCommit };
}
