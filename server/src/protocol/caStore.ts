/**
 * The CA lock and journal are a protocol too: the CLI, the editor and every other
 * Certwright on the machine meet in `<caDir>/.certwright.lock` and
 * `.certwright-journal`. Both front ends run the one implementation
 * (core/issue/caStore.ts, pure, its file system injected); the client reaches it here.
 */
export { CaStore, CaLockedError, WritePlanError, operationFingerprint, protectedFiles } from '../core/issue/caStore';
export type { CommitResult, PlanCheck, Recovery, StoreFs, StoreStat } from '../core/issue/caStore';
export { commitWithParent } from '../core/issue/parentCommit';
// This process's identity for the lock (host, pid, liveness): the same for both front ends.
export { processIdentity } from '../node/processIdentity';
// The lock's atomic create on a local disk: the same for both front ends.
export { createLinked } from '../node/createLinked';
