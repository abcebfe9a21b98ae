/**
 * The signature checks a stepped grouping asks for (DeferredWork.verify). Asynchronous ones
 * (libuv's thread pool) start as soon as they are asked for, at most `limit` in flight, so the
 * pool works while the grouping goes on instead of after it; synchronous ones wait for drain(),
 * which runs them one a step, so they never stall the host's event loop inside a grouping step.
 */
export class CheckQueue {
  private readonly asked = new Set<string>();
  private readonly queued: Array<{ key: string; run: () => Promise<boolean> }> = [];
  /** The next of `queued` to start (an index, not shift(): tens of thousands may wait). */
  private head = 0;
  private readonly sync: Array<{ key: string; run: () => boolean }> = [];
  private running = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    /** Records a verdict (the workspace's check cache: keyed by content, so a late one is never wrong). */
    private readonly record: (key: string, ok: boolean) => void,
    private readonly limit: number,
    /** What the pass counts an unchecked signature as (DeferredWork.verify). */
    private readonly assumeGood: boolean,
  ) {}

  private failed = 0;
  private recorded = 0;

  /** Checks asked for so far (each key once). */
  get size(): number {
    return this.asked.size;
  }

  /** Every check asked for has come back good (after drain(); false when one failed or stop() left some undone). */
  get allGood(): boolean {
    return this.failed === 0 && this.recorded === this.asked.size;
  }

  /** Queues a check (DeferredWork.verify); returns what the pass counts it as until its verdict. */
  ask(key: string, run: () => boolean, runAsync?: () => Promise<boolean>): boolean {
    if (this.asked.has(key)) return this.assumeGood;
    this.asked.add(key);
    if (!runAsync) this.sync.push({ key, run });
    else if (this.running < this.limit && !this.stopped) this.start(key, runAsync);
    else this.queued.push({ key, run: runAsync });
    return this.assumeGood;
  }

  /** Starts no more checks (the files changed: the grouping that asked is void); those in flight still record. */
  stop(): void {
    this.stopped = true;
  }

  /** Until every check asked for has its verdict (or stop() was called), running the synchronous ones between ticks. */
  async drain(tick: () => Promise<void>): Promise<void> {
    for (const { key, run } of this.sync) {
      if (this.stopped) break;
      this.note(key, run());
      await tick();
    }
    while (this.running > 0 || (this.head < this.queued.length && !this.stopped)) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private note(key: string, ok: boolean): void {
    this.recorded++;
    if (!ok) this.failed++;
    this.record(key, ok);
  }

  private start(key: string, run: () => Promise<boolean>): void {
    this.running++;
    void run()
      .catch(() => false)
      .then((ok) => {
        this.note(key, ok);
        this.running--;
        const next = this.stopped ? undefined : this.queued[this.head++];
        if (next) this.start(next.key, next.run);
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
      });
  }
}
