/**
 * The edits made to open openssl.cnf documents since their last analysis, as the
 * editor reports them, so that the next analysis re-parses only what changed
 * (reparse.ts). Kept small and free of the rest of the cnf core: the server's
 * document sync reports every edit here, before any cnf code is loaded.
 */

/** One replacement, in offsets of the text it applies to: [start, end) becomes `length` characters. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly length: number;
}

/** The region a sequence of changes touched: old text [start, oldEnd) is new text [start, newEnd); the rest is unchanged. */
export interface ChangedRegion {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** The region of `region` followed by `change` (applied to the text after `region`). */
export function mergeChange(region: ChangedRegion | undefined, change: TextChange): ChangedRegion {
  const added = change.length - (change.end - change.start);
  if (!region) return { start: change.start, oldEnd: change.end, newEnd: change.end + added };
  const delta = region.newEnd - region.oldEnd;
  // In the current text's offsets, the union of the region and the change; its end maps back
  // to the old text through the region's length change when it lies after the region.
  const end = Math.max(region.newEnd, change.end);
  return { start: Math.min(region.start, change.start), oldEnd: end - delta, newEnd: end + added };
}

/** Per tracked path (one with a cached analysis): the text it was analysed at, the current text, and the region changed between them. */
const journal = new Map<string, { base: string; text: string; region: ChangedRegion | undefined }>();

/**
 * The same for a reader of the whole text that keeps what it read (the disable comments,
 * rules/directives.ts, read after the analysis): per path whose edits are noted, what it read
 * last (undefined: not yet), the current text, and the region changed since. Kept apart from
 * the journal (an analysis replaces its entry); as few paths as the cache holds.
 */
const scans = new Map<string, { read: unknown; text: string; region: ChangedRegion | undefined }>();
const scanLimit = 16;

/** Starts following edits of `path` from `text` (its analysis was just cached). */
export function trackEdits(path: string, text: string): void {
  journal.set(path, { base: text, text, region: undefined });
}

/** Stops following `path` (its analysis left the cache). */
export function untrackEdits(path: string): void {
  journal.delete(path);
}

/** Whether edits of `path` are wanted (the document sync computes their offsets only then). */
export function tracksEdits(path: string): boolean {
  return journal.has(path);
}

/**
 * Notes that `path` went from `before` to `after` through `changes` (in order, each in offsets
 * of the text before it). An edit that does not continue from the last known text breaks the chain.
 */
export function noteEdits(path: string, before: string, after: string, changes: readonly TextChange[]): void {
  const j = journal.get(path);
  if (!j) return;
  noteScan(path, before, after, changes);
  if (!advance(j, before, after, changes)) journal.delete(path);
}

/** Moves an entry at `before` on to `after`, its region grown by the changes; false when the edit does not continue from its text. */
function advance(e: { text: string; region: ChangedRegion | undefined }, before: string, after: string, changes: readonly TextChange[]): boolean {
  if (e.text !== before || !changes.length) return false;
  for (const c of changes) e.region = mergeChange(e.region, c);
  e.text = after;
  return true;
}

function noteScan(path: string, before: string, after: string, changes: readonly TextChange[]): void {
  const s = scans.get(path);
  if (s && advance(s, before, after, changes)) return;
  scans.delete(path);
  if (scans.size >= scanLimit) scans.delete(scans.keys().next().value!);
  scans.set(path, { read: undefined, text: after, region: undefined });
}

/** The entry of the document now at `text` (found by identity, as analyzeCnf finds its own). */
function scanOf(text: string): { read: unknown; text: string; region: ChangedRegion | undefined } | undefined {
  for (const s of scans.values()) if (s.text === text) return s;
  return undefined;
}

/**
 * For the whole-text reader: what it kept (keptScan) for the document now at `text`, and the
 * region changed since (undefined: none), when the edits between are known.
 */
export function lastScan(text: string): { read: unknown; region: ChangedRegion | undefined } | undefined {
  const s = scanOf(text);
  return s && s.read !== undefined ? { read: s.read, region: s.region } : undefined;
}

/** Keeps what the reader read of `text`, when its edits are noted (the next lastScan starts from it). */
export function keptScan(text: string, read: unknown): void {
  const s = scanOf(text);
  if (!s) return;
  s.read = read;
  s.region = undefined;
}

/** The region changed between `base` and `text` of `path`, when the edits between them are known. */
export function changedSince(path: string, base: string, text: string): ChangedRegion | undefined {
  const j = journal.get(path);
  return j && j.region && j.base === base && j.text === text ? j.region : undefined;
}

/** Forgets every path (tests). */
export function clearEdits(): void {
  journal.clear();
  scans.clear();
}
