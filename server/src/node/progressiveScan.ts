/**
 * A workspace scan that shows what it has read so far. Reading and decoding 50,000
 * certificate files takes longer than anyone waits for a view (Node's own X509 parse of them
 * alone is seconds), so while a scan runs the tree of the files read so far is published at
 * intervals: first `firstMs` after it read its first file, then once it has read twice the
 * files of the last tree and `everyMs` (or four times the last grouping, when longer) has
 * passed. Grouping runs in time slices (PkiWorkspace.buildAsync), so it never stalls the server,
 * but it takes turns with the scan: the doubling keeps all the partial trees together to about
 * the cost of one more complete grouping, however large the workspace. A published tree stays
 * as it is until the next publication, so the pages asked of it belong to one version; the
 * complete tree replaces it when the scan ends. Scans run one after the other.
 */
import type { PkiWorkspace } from '../core/pki/model';
import { scanWorkspace, type ScanOptions, type ScanStats } from './workspaceScanner';

/** The tree of a scan under way. */
export interface PartialTree<T> {
  readonly value: T;
  /** The model's version when it was built (the pages of this tree carry it). */
  readonly version: number;
  /** Candidate files handled so far, of `total`. */
  readonly read: number;
  readonly total: number;
}

export interface PublishPolicy {
  readonly firstMs: number;
  readonly everyMs: number;
}

export const defaultPublishPolicy: PublishPolicy = { firstMs: 1000, everyMs: 3000 };

export class ProgressiveScan<T> {
  private partial: PartialTree<T> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Scans asked for and not finished (set at once, so a request made right after asking waits for this scan). */
  private active = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly model: PkiWorkspace,
    /** Groups the model as it is (the scan waits meanwhile, so the model does not change under it). */
    private readonly build: () => Promise<T>,
    /** A partial tree was published. */
    private readonly onPublish: () => void,
    private readonly policy: PublishPolicy = defaultPublishPolicy,
  ) {}

  /** Queues a scan of the roots; resolves when it has handled every file, with whether it published a partial tree. */
  scan(roots: readonly string[], options: ScanOptions): Promise<{ stats: ScanStats; published: boolean }> {
    this.active++;
    const run = this.queue
      .then(() => this.run(roots, options))
      .finally(() => {
        this.active--;
        this.wake();
      });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The latest published tree while a scan runs; undefined before its first publication and after it ends. */
  get current(): PartialTree<T> | undefined {
    return this.partial;
  }

  /** Resolves once there is a partial tree or no scan runs (at once when that is so already). */
  shown(): Promise<void> {
    if (!this.active || this.partial) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async run(roots: readonly string[], options: ScanOptions): Promise<{ stats: ScanStats; published: boolean }> {
    let last = 0;
    let buildMs = 0;
    let published = false;
    let shownRead = 0;
    try {
      const stats = await scanWorkspace(this.model, roots, options, async (read, total) => {
        // The first interval counts from the first file read, not from the folder walk: a tree is worth showing once it has rows.
        if (read === 1) last = performance.now();
        const due = published ? Math.max(this.policy.everyMs, 4 * buildMs) : this.policy.firstMs;
        // Each later tree holds at least twice the files of the one before: grouping all files read so far
        // takes seconds at 50,000 on a loaded machine, so there are a few such groupings, not one every interval.
        if (read >= total || read < 2 * shownRead || performance.now() - last < due) return;
        const started = performance.now();
        const value = await this.build();
        buildMs = performance.now() - started;
        this.partial = { value, version: this.model.version, read, total };
        published = true;
        shownRead = read;
        last = performance.now();
        this.onPublish();
        this.wake();
      });
      return { stats, published };
    } finally {
      this.partial = undefined;
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
