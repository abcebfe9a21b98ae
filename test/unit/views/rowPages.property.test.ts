/**
 * The Certificates view's paging (client/src/views/rowPages.ts) against a simple model, over
 * random sequences of refresh / tree change / expand / "Show more" / reveal / failed request,
 * with the server's answers arriving in any order (fast-check's scheduler): every level the view
 * is given holds rows of one version of the tree in the server's order, no row twice, as many
 * as its target says (a page, raised by "Show more" and reveal, kept across refreshes) and never
 * more; a request never asks beyond the target (an old size asked again after a refresh); a
 * reveal loads the row it reveals; and after a refresh that follows the last change the view
 * shows the server's current tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RowPages, type LoadedLevel, type RowPlace } from '../../../client/src/views/rowPages';

const pageSize = 5;
/** The server's cap on one answer (1000 in the real server): a level's target may take several requests. */
const serverCap = 7;
const parents = ['', 'r1', 'r2'] as const;

/** A version of the tree: children of each parent ('' the roots), in the server's order. */
type Tree = ReadonlyMap<string, readonly string[]>;

const treeArb: fc.Arbitrary<Tree> = fc
  .record({
    roots: fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 30 }),
    r1: fc.uniqueArray(fc.integer({ min: 0, max: 29 }), { maxLength: 20 }),
    r2: fc.uniqueArray(fc.integer({ min: 0, max: 29 }), { maxLength: 12 }),
  })
  .map(({ roots, r1, r2 }) => {
    const ids = roots.sort((a, b) => a - b).map((i) => `r${i}`);
    const t = new Map<string, string[]>([['', ids]]);
    // Ids stay the same between versions and positions shift: merged pages of two versions would repeat rows.
    if (ids.includes('r1')) t.set('r1', r1.sort((a, b) => a - b).map((i) => `r1/c${i}`));
    if (ids.includes('r2')) t.set('r2', r2.sort((a, b) => a - b).map((i) => `r2/c${i}`));
    return t;
  });

type Op =
  | { readonly kind: 'refresh'; readonly rescan: boolean; readonly steps: number }
  | { readonly kind: 'change'; readonly steps: number }
  | { readonly kind: 'expand'; readonly parent: string; readonly steps: number }
  | { readonly kind: 'more'; readonly parent: string; readonly steps: number }
  | { readonly kind: 'reveal'; readonly pick: number; readonly steps: number }
  | { readonly kind: 'fail'; readonly steps: number };

const steps = fc.integer({ min: 0, max: 4 });
const parentArb = fc.constantFrom(...parents);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('refresh' as const), rescan: fc.boolean(), steps }),
  fc.record({ kind: fc.constant('change' as const), steps }),
  fc.record({ kind: fc.constant('expand' as const), parent: parentArb, steps }),
  fc.record({ kind: fc.constant('more' as const), parent: parentArb, steps }),
  fc.record({ kind: fc.constant('reveal' as const), pick: fc.nat(), steps }),
  fc.record({ kind: fc.constant('fail' as const), steps }),
);

/** Where every row of a tree is (the server's `describeItem` answer): its ancestors' places, root first, then its own. */
function placesOf(t: Tree): { id: string; path: RowPlace[] }[] {
  const out: { id: string; path: RowPlace[] }[] = [];
  const roots = t.get('') ?? [];
  roots.forEach((id, position) => {
    out.push({ id, path: [{ parent: '', position }] });
    (t.get(id) ?? []).forEach((c, k) => out.push({ id: c, path: [{ parent: '', position }, { parent: id, position: k }] }));
  });
  return out;
}

/** Runs the scheduler until every promise settled (a settled answer can make a level ask for its next page). */
async function settle<T>(s: fc.Scheduler, promises: readonly Promise<T>[]): Promise<T[]> {
  let pending = promises.length;
  const all = Promise.all(promises.map((p) => p.finally(() => pending--)));
  for (let rounds = 0; pending > 0; rounds++) {
    if (rounds > 10_000) throw new Error('the paging never settles');
    if (s.count() > 0) await s.waitOne();
    else await new Promise((r) => setImmediate(r));
  }
  return all;
}

test('paging after any sequence of refresh, change, expand, "Show more" and reveal (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.array(treeArb, { minLength: 1, maxLength: 4 }), fc.array(opArb, { maxLength: 20 }), async (s, versions, ops) => {
      let current = 0;
      let changes = 0;
      let failNext = false;
      let fetches = 0;
      const targets = new Map<string, number>();
      const target = (p: string): number => targets.get(p) ?? pageSize;
      const raise = (p: string, n: number): void => {
        if (n > target(p)) targets.set(p, n);
      };
      const problems: string[] = [];
      const pages = new RowPages<string>(
        (parent, offset, limit) => {
          if (++fetches > 2000) throw new Error('runaway requests');
          if (limit < 1 || offset + limit > target(parent)) problems.push(`asked ${parent || 'roots'} ${offset}+${limit} beyond the target ${target(parent)}`);
          // The server answers from the tree as it is when it gets the request; answers arrive in any order.
          const kids = versions[current]!.get(parent) ?? [];
          const page = { version: current + 1, rows: kids.slice(offset, offset + Math.min(limit, serverCap)), total: kids.length };
          const fail = failNext;
          failNext = false;
          return s.schedule(fail ? Promise.reject(new Error('request failed')) : Promise.resolve(page));
        },
        pageSize,
      );

      /** A level the view was given: one version's rows in order, within its target. */
      const check = (parent: string, l: LoadedLevel<string>, targetAtCall: number): void => {
        const from = versions.find((t) => {
          const kids = t.get(parent) ?? [];
          return kids.length === l.total && l.rows.every((id, i) => kids[i] === id);
        });
        if (!from) problems.push(`${parent || 'roots'}: rows ${l.rows.join(',')} of ${l.total} are of no single version`);
        if (new Set(l.rows).size !== l.rows.length) problems.push(`${parent || 'roots'}: a row twice`);
        if (l.rows.length > Math.min(target(parent), l.total)) problems.push(`${parent || 'roots'}: ${l.rows.length} rows shown, target ${target(parent)}, total ${l.total}`);
        if (l.rows.length < Math.min(targetAtCall, l.total)) problems.push(`${parent || 'roots'}: ${l.rows.length} rows shown, fewer than the target ${targetAtCall} of ${l.total}`);
      };

      const shown = new Map<string, LoadedLevel<string>>();
      const expand = (parent: string): Promise<void> => {
        const t0 = target(parent);
        return pages.level(parent).then(
          (l) => {
            check(parent, l, t0);
            shown.set(parent, l);
          },
          () => undefined,
        );
      };
      const running: Promise<void>[] = [];
      let lastRefresh = -1;
      let lastChange = -1;
      for (const [i, op] of ops.entries()) {
        for (let k = 0; k < op.steps && s.count() > 0; k++) await s.waitOne();
        switch (op.kind) {
          case 'refresh':
            pages.reset(op.rescan);
            lastRefresh = i;
            break;
          case 'change':
            if (current < versions.length - 1) {
              current++;
              changes++;
              lastChange = i;
            }
            break;
          case 'fail':
            failNext = true;
            break;
          case 'expand':
            running.push(expand(op.parent));
            break;
          case 'more': {
            // The "Show more" row the view drew for this level, if it drew one.
            const l = shown.get(op.parent);
            if (!l || l.rows.length >= l.total) break;
            raise(op.parent, l.rows.length + pageSize);
            const t0 = target(op.parent);
            running.push(
              pages.showMore(op.parent, l.rows.length).then(
                (m) => {
                  check(op.parent, m, t0);
                  shown.set(op.parent, m);
                },
                () => undefined,
              ),
            );
            break;
          }
          case 'reveal': {
            const all = placesOf(versions[current]!);
            if (!all.length) break;
            const { id, path } = all[op.pick % all.length]!;
            for (const p of path) raise(p.parent, Math.ceil((p.position + 1) / pageSize) * pageSize);
            const before = changes;
            running.push(
              pages.reveal(path, (row) => row === id).then(
                (levels) => {
                  levels.forEach((l, k) => check(path[k]!.parent, l, 0));
                  // Unless the tree changed meanwhile, the row is loaded where the server said it is.
                  if (changes === before && levels.at(-1)!.rows[path.at(-1)!.position] !== id) problems.push(`reveal of ${id} at ${JSON.stringify(path)} did not load it`);
                },
                () => undefined,
              ),
            );
            break;
          }
        }
      }
      failNext = false;
      await settle(s, running);
      // What the view shows once everything settled.
      const final = await settle(s, parents.map((p) => pages.level(p)));
      const now = versions[current]!;
      final.forEach((l, k) => {
        const parent = parents[k]!;
        check(parent, l, target(parent));
        const kids = now.get(parent) ?? [];
        if (lastRefresh > lastChange || lastChange < 0) {
          assert.deepEqual(l.rows, kids.slice(0, Math.min(target(parent), kids.length)), `${parent || 'roots'} after the last refresh`);
          assert.equal(l.total, kids.length);
        }
      });
      assert.deepEqual(problems, []);
    }),
    { numRuns: 300 },
  );
});

test('a refresh keeps the pages "Show more" opened, and reloads them from the first row', async () => {
  const rows = Array.from({ length: 12 }, (_, i) => `r${i}`);
  const asked: string[] = [];
  const pages = new RowPages<string>(async (_parent, offset, limit, rescan) => {
    asked.push(`${offset}+${limit}${rescan ? ' rescan' : ''}`);
    return { version: 1, rows: rows.slice(offset, offset + limit), total: rows.length };
  }, pageSize);
  assert.deepEqual((await pages.level('')).rows, rows.slice(0, 5));
  const more = await pages.showMore('', 5);
  assert.deepEqual(more.rows, rows.slice(0, 10));
  // A second click on the same "Show more (5 of 12)" adds nothing.
  assert.equal((await pages.showMore('', 5)).rows.length, 10);
  pages.reset(true);
  assert.deepEqual((await pages.level('')).rows, rows.slice(0, 10));
  assert.deepEqual(asked, ['0+5', '5+5', '0+10 rescan']);
});

test('a page of another version drops what was loaded and tells the view', async () => {
  let version = 1;
  let stale = 0;
  const tree = (): string[] => (version === 1 ? ['a', 'b', 'c', 'd', 'e', 'f', 'g'] : ['a', 'a2', 'b', 'c', 'd', 'e', 'f', 'g']);
  const pages = new RowPages<string>(
    async (_parent, offset, limit) => ({ version, rows: tree().slice(offset, offset + limit), total: tree().length }),
    pageSize,
    () => stale++,
  );
  assert.deepEqual((await pages.level('')).rows, ['a', 'b', 'c', 'd', 'e']);
  version = 2;
  const gen = pages.generation;
  // The next page would start at 'e' again: it is dropped and the level loads afresh.
  assert.deepEqual((await pages.showMore('', 5)).rows, tree());
  assert.equal(stale, 1);
  assert.ok(pages.generation > gen);
});
