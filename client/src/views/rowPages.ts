/**
 * The paging state of the Certificates view, apart from VS Code: which rows of each level are
 * loaded, and how many each level should show.
 *
 * - A level shows `target` rows (a page at first; "Show more" and reveal raise it, never lower
 *   it), and a refresh keeps the targets: the user's "Show more" and a reveal under way survive
 *   a file change, as VS Code keeps expanded rows.
 * - Every loaded row of every level belongs to one version of the server's tree: pages are asked
 *   by offset, so a page of another version would repeat or skip rows. A page of a version other
 *   than the loaded one drops every level (`onStale` tells the view to redraw) and the level
 *   loads again from its first row; a page asked before a refresh is dropped.
 * - Requests ask only for what a level's target lacks (offset = rows loaded, limit = target −
 *   offset), one request per level at a time.
 */

export interface RowPage<R> {
  readonly version: number;
  readonly rows: readonly R[];
  /** Rows of the level in all. */
  readonly total: number;
}

/** Asks the server for rows `offset…offset+limit` of a level ('' for the roots); `rescan` re-reads the workspace first. */
export type FetchRows<R> = (parent: string, offset: number, limit: number, rescan: boolean) => Promise<RowPage<R>>;

/** A level as far as it is loaded: the view shows `rows`, and "Show more" when `rows.length < total`. */
export interface LoadedLevel<R> {
  readonly rows: readonly R[];
  readonly total: number;
}

/** Where a row is: its parent ('' for the roots) and its position among the parent's children. */
export interface RowPlace {
  readonly parent: string;
  readonly position: number;
}

interface Level<R> {
  readonly rows: R[];
  total: number | undefined;
}

/** Resets one `level()` call may see before it answers with what is loaded (the tree changing all the time). */
const maxResetsPerCall = 20;

export class RowPages<R> {
  private gen = 0;
  private version: number | undefined;
  private levels = new Map<string, Level<R>>();
  private loading = new Map<string, Promise<void>>();
  private readonly targets = new Map<string, number>();
  private rescan = false;

  constructor(
    private readonly fetch: FetchRows<R>,
    readonly pageSize = 200,
    /** A page showed that the tree changed: the loaded levels were dropped. */
    private readonly onStale: () => void = () => undefined,
  ) {}

  /** Bumped whenever the loaded levels are dropped (refresh or another version of the tree). */
  get generation(): number {
    return this.gen;
  }

  /** How many rows the level shows when it has that many. */
  target(parent: string): number {
    return this.targets.get(parent) ?? this.pageSize;
  }

  /** Drops every loaded level (their rows are of an older tree); `rescan` asks the server to re-read the workspace with the next request. */
  reset(rescan = false): void {
    this.gen++;
    this.version = undefined;
    this.levels = new Map();
    this.loading = new Map();
    this.rescan ||= rescan;
  }

  /** The level's rows up to its target, all of one version of the tree. */
  async level(parent: string): Promise<LoadedLevel<R>> {
    let resets = 0;
    for (let gen = this.gen; ; ) {
      const l = this.levels.get(parent);
      if (l && this.complete(parent, l)) return { rows: l.rows.slice(), total: l.total! };
      let p = this.loading.get(parent);
      if (!p) {
        const mine: Promise<void> = this.loadMore(parent).finally(() => {
          if (this.loading.get(parent) === mine) this.loading.delete(parent);
        });
        this.loading.set(parent, (p = mine));
      }
      await p;
      if (gen !== this.gen) {
        gen = this.gen;
        // The tree keeps changing: answer with what there is; the view redraws on onStale anyway.
        if (++resets > maxResetsPerCall) {
          const now = this.levels.get(parent);
          return { rows: now?.rows.slice() ?? [], total: now?.total ?? now?.rows.length ?? 0 };
        }
      }
    }
  }

  /** "Show more" under a level that shows `shown` rows: a page more than that. */
  showMore(parent: string, shown = this.levels.get(parent)?.rows.length ?? 0): Promise<LoadedLevel<R>> {
    this.raise(parent, shown + this.pageSize);
    return this.level(parent);
  }

  /**
   * Loads the pages that show a row: `path` is where each of its ancestors is, root first, then
   * the row itself (as the server placed it); `isRow` tells the row. When the loaded pages do not
   * hold it there, they are of an older tree than the place: they are dropped and loaded again.
   */
  async reveal(path: readonly RowPlace[], isRow: (row: R) => boolean): Promise<LoadedLevel<R>[]> {
    // Whole pages, so that a revealed row does not leave an odd count ("Show more (205 of 235)").
    for (const { parent, position } of path) this.raise(parent, Math.ceil((position + 1) / this.pageSize) * this.pageSize);
    const load = async (): Promise<LoadedLevel<R>[]> => {
      const out: LoadedLevel<R>[] = [];
      for (const { parent } of path) out.push(await this.level(parent));
      return out;
    };
    const levels = await load();
    const last = path.at(-1);
    const row = last && levels.at(-1)!.rows[last.position];
    if (!last || (row !== undefined && isRow(row))) return levels;
    this.reset();
    this.onStale();
    return load();
  }

  private raise(parent: string, rows: number): void {
    if (rows > this.target(parent)) this.targets.set(parent, rows);
  }

  private complete(parent: string, l: Level<R>): boolean {
    return l.total !== undefined && l.rows.length >= Math.min(this.target(parent), l.total);
  }

  /** One request for the rows the level lacks; its answer is kept only if nothing was dropped meanwhile and it is of the loaded version. */
  private async loadMore(parent: string): Promise<void> {
    const gen = this.gen;
    let level = this.levels.get(parent);
    if (!level) this.levels.set(parent, (level = { rows: [], total: undefined }));
    const offset = level.rows.length;
    const rescan = this.rescan;
    this.rescan = false;
    let page: RowPage<R>;
    try {
      page = await this.fetch(parent, offset, Math.max(1, this.target(parent) - offset), rescan);
    } catch (err) {
      if (rescan && gen === this.gen) this.rescan = true;
      throw err;
    }
    if (gen !== this.gen) return;
    if (this.version === undefined) this.version = page.version;
    else if (page.version !== this.version) {
      this.reset();
      this.onStale();
      return;
    }
    level.rows.push(...page.rows);
    // An empty page ends the level, whatever the total said.
    level.total = page.rows.length ? Math.max(page.total, level.rows.length) : level.rows.length;
  }
}
