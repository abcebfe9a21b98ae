/**
 * Runs a CA rotation step (rotation.ts) against a folder: under the CA lock, every
 * file read through the store (so a change made meanwhile aborts the commit), the step's
 * files and the rotation state committed as one journal, then the clean-up of files the
 * commit made redundant (the new CA's key once it is the CA key), each removed only while
 * it still holds what the step expects. The file system is injected: the CLI's
 * (node fs) and the language server's use the same driver.
 */
import type { Environment } from '../environment';
import { protectedFiles, withCaStore, type CaStore, type CommitResult, type PlanCheck, type Recovery, type StoreFs } from './caStore';
import { profiles } from './profiles';
import { planRotationStep, rotationStatus, type RotationOptions, type RotationResult, type RotationStatus, type RotationStep } from './rotation';
import type { ProfileId, ProfileLayout } from './types';
import { tr } from '../l10n';

export interface RotationRunRequest {
  readonly profile: ProfileId;
  /** A step, or 'status' (reads only). */
  readonly step: RotationStep | 'status';
  readonly options?: RotationOptions;
  /** Plan and check, write nothing: what the step would write (the editor shows it before confirming). */
  readonly dryRun?: boolean;
  /** An adopted CA's layout (openssl ca, easy-rsa: caLayout.ts); undefined: the profile's own. */
  readonly layout?: ProfileLayout;
}

export interface RotationRunResult {
  readonly status: RotationStatus;
  readonly result?: RotationResult;
  /** Existing files the step would replace without meaning to (a dry run reports them; a real run refuses). */
  readonly check?: PlanCheck;
  readonly commit?: CommitResult;
  /** Files removed after the commit. */
  readonly removed: readonly string[];
  /** An operation interrupted earlier on this CA, completed or rolled back when the lock was taken. */
  readonly recovered?: Recovery;
}

/**
 * `listFiles`: candidate certificate files under the root (relative `/` paths; regular
 * files only, bounded in number and size by the caller).
 */
export async function runRotation(env: Environment, fs: StoreFs, listFiles: () => Promise<string[]>, req: RotationRunRequest): Promise<RotationRunResult> {
  const layout = req.layout ?? profiles[req.profile].layout;
  return withCaStore(fs, layout.caDir, async (store: CaStore) => {
    const files = await listFiles();
    const snap = { read: (p: string) => store.read(p), files };
    const recovered = store.recovered;
    if (req.step === 'status') return { status: await rotationStatus(env, req.profile, snap, req.layout), removed: [], ...(recovered ? { recovered } : {}) };
    const result = await planRotationStep(env, req.profile, req.step, req.options ?? {}, snap, undefined, req.layout);
    const protect = protectedFiles(layout).filter((p) => !result.replaceProtected.includes(p.path));
    const check = await store.check(result.plan, { protect });
    if (req.dryRun) return { status: await rotationStatus(env, req.profile, snap, req.layout), result, check, removed: [], ...(recovered ? { recovered } : {}) };
    const commit = await store.commit(result.plan, { protect, description: tr`CA rotation: ${req.step}`, fingerprint: `rotate:${req.profile}:${req.step}` });
    const removed: string[] = [];
    for (const c of result.cleanup) {
      if ((await fs.read(c.path)) === c.contents) {
        await fs.remove(c.path);
        removed.push(c.path);
      }
    }
    // Status after the step, read afresh (not through the store: nothing more is committed).
    const after = { read: (p: string) => fs.read(p), files };
    return { status: await rotationStatus(env, req.profile, after, req.layout), result, check, commit, removed, ...(recovered ? { recovered } : {}) };
  });
}
