/**
 * What the loader stores, kept compact: one row of integers per entry
 * (`name = value` as loaded), per `$variable` reference and per section, with
 * each section's entries in a linked list. A key's latest entry is found by
 * walking the list of a small section, or through a hash table on
 * (section, key) for a large one. Keys are hashed and compared in the source
 * text, so loading a `key = value` line allocates nothing; values are expanded
 * to strings only when someone reads them (each reference remembers what it
 * resolved to at load time, so a later expansion gives exactly what OpenSSL
 * computed in file order).
 *
 * The object views the rest of the core uses (ConfEntry, VariableRef) are
 * built from the rows on demand and cached, so their identity is stable;
 * section views (ConfSection) are made when asked for and not kept (what they
 * read once, their entry and header lists, is kept here by section id).
 */

import type { ConfEntry, ConfSection, VariableRef } from './expand';
import type { AssignmentNode, CnfDocument, LogicalLine, NameToken, SectionHeaderNode } from './nodes';
import * as R from './syntaxRows';
import { RowWriter } from './syntaxRows';
import { candidateBits, candidateHashes } from './candidateTable';
import { modelValueKeys, visitCandidateKeys, watchedKeys } from './watchedKeys';
import { append } from '../append';
import { lowerBound } from '../lowerBound';

const { STRIDE, START, A, B, D, E } = R;

// Entry rows: six columns (on a 1,000,000-line file each column is 2.8 MB held to the end of a
// lint). What can be computed is not stored: the statement's row offset (E_ROW * STRIDE), the
// document (docRuns: entries come in runs per document) and the references (they carry their
// entry: refRange).
const ES = 6;
const E_ROW = 0;
const E_SECTION = 1;
const E_HASH = 2;
const E_REPLACED = 3;
/** The F_ flags in the low 8 bits, the expanded value's length above them (LEN_SHIFT; LEN_BIG: in bigLengths). */
const E_FLAGS = 4;
/** Next entry id in the same section, or -1 (sections keep linked lists, not arrays). */
const E_NEXT = 5;
const FLAG_BITS = 0xff;
const LEN_SHIFT = 8;
const LEN_BIG = 0x7fffff;

export const F_FAILED = 1;
export const F_LOCAL = 2;
export const F_DOLLARID = 4;
export const F_PLAIN = 8;
/** Built by the parser's general path (continued line, `section::key`, escapes in the key). */
export const F_SIDE = 16;
/** A later entry replaced this one. */
const F_SUPERSEDED = 32;
/** define() has run for it (an entry whose value is being expanded cannot see itself). */
const F_DEFINED = 64;

// Reference rows.
export const RS = 11;
export const R_START = 0;
export const R_END = 1;
export const R_NAME_START = 2;
export const R_NAME_END = 3;
/** -1 without an explicit `sect::`. */
export const R_SECT_START = 4;
export const R_SECT_END = 5;
/** refMeta: the form, whether the lookup fell back to the default section, and the strings of a reference on a continued line. */
export const R_META = 6;
/** Section id the lookup started in. */
export const R_LOOKUP = 7;
/** Entry id; -1 unresolved; <= -2 environment value number (-2 - n). */
export const R_TARGET = 8;
export const R_DOC = 9;
/**
 * Who made the reference: 2 × the entry id for an entry's value, 2 × (entries loaded so far) - 1
 * for an `.include` path. Rows are in load order, so this column never decreases and an entry's
 * references are found by a binary search (refRange), not stored in the entry's row.
 */
export const R_OWNER = 10;

/**
 * R_META of a reference: `form` 0 `$`, 1 `${`, 2 `$(`; `viaDefault` 1 when found in the default
 * section instead of the one looked in; `strings` -1, or the index in `refNames` of its
 * [name, section] strings (references on continued lines).
 */
export function refMeta(form: number, viaDefault: number, strings: number): number {
  return form | (viaDefault << 2) | ((strings + 1) << 3);
}

/** The `strings` of a reference's R_META (see refMeta). */
export function refStrings(rf: Int32Array, at: number): number {
  return (rf[at + R_META]! >> 3) - 1;
}

const forms = ['$', '${', '$('] as const;

/** Hash of s[from, to) (FNV-1a over UTF-16 units). */
export function hashRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Section and key hash combined: the table's hash. */
function mix(section: number, h: number): number {
  return h ^ Math.imul(section + 1, 0x9e3779b1);
}

/** Hashes of the keys the model and rules ask for by name (a few dozen literals, asked once per section). */
const keyHashes = new Map<string, number>();

// The watched keys in a small table indexed by the high bits of a multiplicative hash (their
// slots differ, which is checked here: adding a key that collides must change watchedBits).
const watchedBits = 8;
const watchedSlot = (h: number): number => Math.imul(h, 0x9e3779b1) >>> (32 - watchedBits);
const watchedSlots = new Int32Array(1 << watchedBits).fill(-1);
const watchedHashes = watchedKeys.map((k) => hashRange(k, 0, k.length));
const watchedIndex = new Map<string, number>();
watchedKeys.forEach((k, i) => {
  const slot = watchedSlot(watchedHashes[i]!);
  if (watchedSlots[slot] !== -1) throw new Error(`watched keys ${watchedKeys[watchedSlots[slot]!]} and ${k} share a slot: change watchedBits`);
  watchedSlots[slot] = i;
  watchedIndex.set(k, i);
});

/**
 * The candidate keys (visitCandidateKeys) by hash: every distinct hashRange, ascending, and the
 * bit (h >>> 16) of each (most keys, asked once each while loading, are turned away by one bit
 * test before the search).
 */
export interface CandidateTable {
  readonly hashes: Int32Array;
  readonly bits: Uint32Array;
}

/** The table made from the keys themselves (what scripts/gen-candidate-table.ts writes into candidateTable.ts). */
export function computeCandidateTable(): CandidateTable {
  const set = new Set<number>();
  visitCandidateKeys((text, from, to) => void set.add(hashRange(text, from, to)));
  const hashes = Int32Array.from(set).sort();
  const bits = new Uint32Array(1 << 11);
  for (const k of hashes) bits[k >>> 21]! |= 1 << ((k >>> 16) & 31);
  return { hashes, bits };
}

/**
 * The generated table, read on first use: hashing the 2,500 names at run time cost a process
 * about 20 M instructions (a lint of a small file 166 M, `node -e 0` 86 M), more than the file's lint.
 */
let candidates: CandidateTable | undefined;

/** Whether a key (by its hashRange and first character) may be one of the candidate keys or an OID: a cheap superset test. */
export function mayBeCandidate(h: number, first: number): boolean {
  if (first >= 48 && first <= 57) return true;
  const c = (candidates ??= { hashes: new Int32Array(candidateHashes), bits: new Uint32Array(candidateBits) });
  if ((c.bits[h >>> 21]! & (1 << ((h >>> 16) & 31))) === 0) return false;
  const hashes = c.hashes;
  const i = lowerBound(0, hashes.length, h, (j) => hashes[j]!);
  return i < hashes.length && hashes[i] === h;
}

/**
 * Whether the semantic model reads a key (by its string and hashRange): its value names a
 * section, or it may be an extension or object name, or its presence shapes a section.
 * An edit of other keys and their values leaves the model's roles as they are.
 */
export function modelReadsKey(key: string, h: number): boolean {
  return modelValueKeys.has(key) || key.startsWith('dirName') || mayBeCandidate(h, key.length ? key.charCodeAt(0) : -1) || watchedIndex.has(key);
}

/** Bits (see sectionWatched) of these keys; each must be one of watchedKeys. */
export function watchedMask(keys: readonly string[]): number {
  let m = 0;
  for (const k of keys) {
    const i = watchedIndex.get(k);
    if (i === undefined) throw new Error(`${k} is not a watched key`);
    m |= 1 << i;
  }
  return m;
}

// Section rows (one per section name met, existing or only referred to).
const SS = 11;
const S_FIRST = 0; // first entry id in load order (superseded ones included), linked by E_NEXT; -1 when none
const S_LAST = 1;
/** Bit i set: the section has a key watchedKeys[i] (so asking for an absent watched key costs no lookup). */
const S_WATCHED = 2;
/** 1 when OpenSSL has the section (a header or an assignment created it). */
const S_EXISTS = 3;
const S_HEADER_FIRST = 4; // header rows [document, statement, next], linked; -1 when none
const S_HEADER_LAST = 5;
/** Number of distinct keys (= latest entries). */
const S_KEYS = 6;
/** Distinct keys that may be extension or object names (by hash) or start with a digit; see visitCandidateKeys. */
const S_CANDIDATES = 7;
/** Entries in the section's list, superseded ones included. */
const S_LENGTH = 8;
/** 1 once the section's keys are in the hash table (see smallSection). */
const S_INDEXED = 9;
/**
 * Bit (hash & 31) set for every key defined in the section (never cleared: a stale bit only
 * costs a walk): a key whose bit is clear has no definition there, and a walk of the list is
 * skipped (most lookups while loading are of keys a section does not have).
 */
const S_KEY_BITS = 10;

/**
 * A section with at most this many entries is searched by walking its list
 * (recent, cache-hot rows) instead of the hash table, whose probes are cache
 * misses on a large file; past it, its keys move into the table. Walking 64
 * rows compares hashes in a few kilobytes of consecutive memory, still cheaper
 * than the misses (16 sent more than half of a 1,000,000-line file's keys
 * through the table, and loading it took a fifth longer).
 */
const smallSection = 64;

/** The loaded entries, references and sections of one configuration (a file and what it includes). */
export class ConfigStore {
  private readonly entryWriter: RowWriter;
  private readonly refWriter: RowWriter;
  /** Section rows (SS columns) and names, by section id. */
  private readonly sectionWriter = new RowWriter(SS, 64);
  /** Header rows [document, statement, next]. */
  private readonly headerWriter = new RowWriter(3, 64);
  private slots: Int32Array;
  private used = 0;
  readonly sectionNames: string[] = [];
  readonly sectionIds = new Map<string, number>();
  /** Section ids in the order OpenSSL creates the sections (createSection): the order of `sections`. */
  private created: number[] = [];
  /**
   * What section views read once and keep, by section id (the views themselves are made when
   * asked for and not kept: a large file has tens of thousands of sections, and most are only
   * counted or tested by shape).
   */
  private readonly entryLists = new Map<number, ConfEntry[]>();
  private readonly headerLists = new Map<number, ConfSection['headers']>();
  /** Pairs [first entry id, document index]: entries come in runs per document (an include starts one, its end another). */
  private docRuns: number[] = [];
  /**
   * While a patched load expands entries again (beginRefPatch to spliceRefs): their new
   * [first, count] references, which are added after all others until spliceRefs puts them in
   * place. (The others stay in order before them: the entries before the patched ones, the only
   * ones read meanwhile, are still found by the binary search.)
   */
  private refPatch: Map<number, [first: number, count: number]> | undefined;
  readonly docs: CnfDocument[] = [];
  readonly docPaths: string[] = [];
  readonly envValues: string[] = [];
  readonly refNames: string[] = [];
  /** Entries written through the parser's general path (the only ones that can have a `section::` target). */
  readonly sideEntries: number[] = [];
  private readonly values = new Map<number, string>();
  /** Value lengths of LEN_BIG or more (a line of megabytes), by entry id. */
  private readonly bigLengths = new Map<number, number>();
  private readonly entryViews: (StoredEntry | undefined)[] = [];
  /** The ids of entryViews that are set, so that an edit visits the views built, not every entry. */
  private readonly entryViewIds: number[] = [];
  private readonly refViews: (VariableRef | undefined)[] = [];
  /**
   * Lookups (find) see only entries with a smaller id, as while loading the entry with this id
   * (an incremental load expands an entry again in the finished store); Infinity: all.
   */
  visibleBefore = Infinity;
  /** Filled by loadConfig: expands an entry's value by replaying its recorded references. */
  replay: (store: ConfigStore, id: number) => string = () => '';

  /** `statements`: how many statements the top-level document has (sizes the tables once instead of growing them). */
  constructor(statements: number) {
    const n = Math.max(64, statements);
    this.entryWriter = new RowWriter(ES, n);
    this.refWriter = new RowWriter(RS, n >> 1);
    this.slots = new Int32Array(1 << Math.max(8, Math.ceil(Math.log2(n))));
  }

  /**
   * A copy whose top-level document is `doc` (the same statements, re-parsed after an edit
   * that changed values only); views and expanded values are not copied (they hold the old
   * document's nodes).
   */
  copyFor(doc: CnfDocument): ConfigStore {
    const c = new ConfigStore(0);
    c.entryWriter.data = this.entryWriter.data.slice();
    c.entryWriter.count = this.entryWriter.count;
    c.refWriter.data = this.refWriter.data.slice();
    c.refWriter.count = this.refWriter.count;
    c.sectionWriter.data = this.sectionWriter.data.slice();
    c.sectionWriter.count = this.sectionWriter.count;
    c.headerWriter.data = this.headerWriter.data.slice();
    c.headerWriter.count = this.headerWriter.count;
    c.slots = this.slots.slice();
    c.used = this.used;
    c.docRuns = this.docRuns.slice();
    c.created = this.created.slice();
    append(c.sectionNames, this.sectionNames);
    for (const [k, v] of this.sectionIds) c.sectionIds.set(k, v);
    c.docs.push(doc);
    append(c.docs, this.docs.slice(1));
    append(c.docPaths, this.docPaths);
    append(c.envValues, this.envValues);
    append(c.refNames, this.refNames);
    append(c.sideEntries, this.sideEntries);
    for (const [id, n] of this.bigLengths) c.bigLengths.set(id, n);
    return c;
  }

  /**
   * This store, now for `doc` (as copyFor, without copying: the configuration it was loaded
   * for must not be read afterwards). Entry and section views stay (their identity is what a
   * patched model keeps) but forget what holds old offsets (references, header nodes);
   * expanded values stay too (the caller resets those of the entries it expands again).
   */
  reuseFor(doc: CnfDocument): ConfigStore {
    this.docs[0] = doc;
    this.refViews.length = 0;
    for (const id of this.entryViewIds) this.entryViews[id]!.forgetRefs();
    this.headerLists.clear();
    return this;
  }

  /**
   * Moves the last `count` references (just added) to index `at`, in place of the `replaced`
   * references there; the references after those move with them. Ends a beginRefPatch.
   */
  spliceRefs(at: number, replaced: number, count: number): void {
    this.refPatch = undefined;
    const f = this.refWriter.data;
    const total = this.refWriter.count;
    const added = f.slice((total - count) * RS, total * RS);
    f.copyWithin((at + count) * RS, (at + replaced) * RS, (total - count) * RS);
    f.set(added, at * RS);
    this.refWriter.count = total - replaced;
  }

  /** Statement index of an entry in its document. */
  rowOf(id: number): number {
    return this.entries[id * ES + E_ROW]!;
  }

  /**
   * Starts a patched load's expansions: the entries it resets (resetValue) get their new
   * references from setRefs until spliceRefs puts those in place.
   */
  beginRefPatch(): void {
    this.refPatch = new Map();
  }

  /** Makes an entry's value and references unknown again (before it is expanded anew, within a beginRefPatch). */
  resetValue(id: number, plain: boolean): void {
    const at = id * ES;
    this.values.delete(id);
    this.entries[at + E_FLAGS] = (this.entries[at + E_FLAGS]! & ~(F_FAILED | F_PLAIN)) | (plain ? F_PLAIN : 0);
    this.refPatch?.set(id, [0, 0]);
  }

  /** Entry rows (ES columns), by entry id. */
  get entries(): Int32Array {
    return this.entryWriter.data;
  }

  get entryCount(): number {
    return this.entryWriter.count;
  }

  /** Reference rows (RS columns), in load order. */
  get refs(): Int32Array {
    return this.refWriter.data;
  }

  get refCount(): number {
    return this.refWriter.count;
  }

  /** Index of the first reference that starts at or after `at` (references are in file order). */
  refIndexAt(at: number): number {
    const rf = this.refWriter.data;
    return lowerBound(0, this.refWriter.count, at, (k) => rf[k * RS + R_START]!);
  }

  private get sectionRows(): Int32Array {
    return this.sectionWriter.data;
  }

  private get headerRows(): Int32Array {
    return this.headerWriter.data;
  }

  // ----- sections -----

  sectionId(name: string): number {
    let id = this.sectionIds.get(name);
    if (id === undefined) {
      id = this.sectionNames.length;
      this.sectionIds.set(name, id);
      this.sectionNames.push(name);
      const at = this.sectionWriter.add();
      const r = this.sectionRows;
      r[at + S_FIRST] = -1;
      r[at + S_LAST] = -1;
      r[at + S_HEADER_FIRST] = -1;
      r[at + S_HEADER_LAST] = -1;
    }
    return id;
  }

  /**
   * Gives section `id` the name `name`, which no section has (a header edited in place that
   * alone opens the section): its entries, headers and references stay as they are.
   */
  renameSection(id: number, name: string): void {
    this.sectionIds.delete(this.sectionNames[id]!);
    this.sectionIds.set(name, id);
    this.sectionNames[id] = name;
  }

  sectionName(id: number): string {
    return this.sectionNames[id]!;
  }

  /** Distinct keys of a section, and how many of them are candidates (see visitCandidateKeys). */
  sectionKeyCount(id: number): number {
    return this.sectionRows[id * SS + S_KEYS]!;
  }

  sectionCandidateCount(id: number): number {
    return this.sectionRows[id * SS + S_CANDIDATES]!;
  }

  /** Bit i set: the section has (or had) a key watchedKeys[i]. */
  sectionWatched(id: number): number {
    return this.sectionRows[id * SS + S_WATCHED]!;
  }

  /** Marks a section as existing; true when it did not exist before. */
  createSection(id: number): boolean {
    const at = id * SS + S_EXISTS;
    if (this.sectionRows[at] === 1) return false;
    this.sectionRows[at] = 1;
    this.created.push(id);
    return true;
  }

  /** Whether OpenSSL has the section (a header or an assignment created it). */
  sectionExists(id: number): boolean {
    return this.sectionRows[id * SS + S_EXISTS] === 1;
  }

  /** How many sections exist. */
  get createdCount(): number {
    return this.created.length;
  }

  /** The id of the i-th section created. */
  createdAt(i: number): number {
    return this.created[i]!;
  }


  firstInSection(section: number): number {
    return this.sectionRows[section * SS + S_FIRST]!;
  }

  /** Records a header (statement `row` of document `doc`) that opens a section. */
  addHeader(section: number, doc: number, row: number): void {
    const at = this.headerWriter.add();
    const k = at / 3;
    const h = this.headerRows;
    h[at] = doc;
    h[at + 1] = row;
    h[at + 2] = -1;
    const r = this.sectionRows;
    const s = section * SS;
    if (r[s + S_HEADER_LAST]! >= 0) h[r[s + S_HEADER_LAST]! * 3 + 2] = k;
    else r[s + S_HEADER_FIRST] = k;
    r[s + S_HEADER_LAST] = k;
  }

  /** How many headers in the top-level document (document 0) open a section. */
  localHeaderCount(section: number): number {
    let n = 0;
    for (let k = this.sectionRows[section * SS + S_HEADER_FIRST]!; k >= 0; k = this.headerRows[k * 3 + 2]!) if (this.headerRows[k * 3] === 0) n++;
    return n;
  }

  /** Pairs [document index, statement index] of a section's headers, in load order. */
  headersOf(section: number): number[] {
    const out: number[] = [];
    for (let k = this.sectionRows[section * SS + S_HEADER_FIRST]!; k >= 0; k = this.headerRows[k * 3 + 2]!) out.push(this.headerRows[k * 3]!, this.headerRows[k * 3 + 1]!);
    return out;
  }

  // ----- entries -----

  /** Appends an entry row for statement `row` of document `doc` (key hash `h`); returns its id. Not yet findable: see define. */
  addEntry(doc: number, row: number, section: number, h: number, flags: number): number {
    const at = this.entryWriter.add();
    const id = at / ES;
    const runs = this.docRuns;
    if (runs.length === 0 || runs[runs.length - 1] !== doc) runs.push(id, doc);
    const t = this.entries;
    t[at + E_ROW] = row;
    t[at + E_SECTION] = section;
    t[at + E_HASH] = h;
    t[at + E_REPLACED] = -1;
    t[at + E_FLAGS] = flags;
    t[at + E_NEXT] = -1;
    const r = this.sectionRows;
    const s = section * SS;
    const last = r[s + S_LAST]!;
    if (last >= 0) t[last * ES + E_NEXT] = id;
    else r[s + S_FIRST] = id;
    r[s + S_LAST] = id;
    r[s + S_LENGTH]!++;
    return id;
  }

  /** Stores `id` as the latest definition of its key; returns the entry it replaced, or -1. */
  define(id: number, src: string, ks: number, ke: number): number {
    const t = this.entries;
    const at = id * ES;
    const section = t[at + E_SECTION]!;
    const h = t[at + E_HASH]!;
    const r = this.sectionRows;
    t[at + E_FLAGS]! |= F_DEFINED;
    let old: number;
    if (r[section * SS + S_INDEXED] === 1) {
      const slot = this.probe(section, h, src, ks, ke);
      old = this.slots[slot]! - 1;
      this.slots[slot] = id + 1;
      if (old < 0 && ++this.used * 2 > this.slots.length) this.grow();
    } else {
      old = this.scan(section, h, src, ks, ke, id);
    }
    // After the search: the bit says the key is defined here from now on.
    r[section * SS + S_KEY_BITS]! |= 1 << (h & 31);
    if (old >= 0) {
      t[at + E_REPLACED] = old;
      t[old * ES + E_FLAGS]! |= F_SUPERSEDED;
    }
    if (r[section * SS + S_INDEXED] !== 1 && r[section * SS + S_LENGTH]! > smallSection) this.index(section);
    if (old >= 0) return old;
    r[section * SS + S_KEYS]!++;
    if (mayBeCandidate(h, ke > ks ? src.charCodeAt(ks) : -1)) r[section * SS + S_CANDIDATES]!++;
    const w = watchedSlots[watchedSlot(h)]!;
    if (w >= 0 && watchedHashes[w] === h && src.startsWith(watchedKeys[w]!, ks) && watchedKeys[w]!.length === ke - ks) r[section * SS + S_WATCHED]! |= 1 << w;
    return -1;
  }

  /** The latest entry for a key given as src[ks, ke) with hash h, or -1. */
  find(section: number, h: number, src: string, ks: number, ke: number): number {
    let id = this.sectionRows[section * SS + S_INDEXED] === 1 ? this.slots[this.probe(section, h, src, ks, ke)]! - 1 : this.scan(section, h, src, ks, ke, -1);
    // Back along the definitions of the key to the one in force then (replaced links run newest to oldest).
    while (id >= this.visibleBefore) id = this.entries[id * ES + E_REPLACED]!;
    return id;
  }

  /** The defined, not superseded entry of a small section with this key (other than `self`), or -1. */
  private scan(section: number, h: number, src: string, ks: number, ke: number, self: number): number {
    if ((this.sectionRows[section * SS + S_KEY_BITS]! & (1 << (h & 31))) === 0) return -1;
    const t = this.entries;
    for (let id = this.sectionRows[section * SS + S_FIRST]!; id >= 0; id = t[id * ES + E_NEXT]!) {
      const at = id * ES;
      if (id !== self && t[at + E_HASH] === h && (t[at + E_FLAGS]! & (F_DEFINED | F_SUPERSEDED)) === F_DEFINED && this.keyEquals(id, src, ks, ke)) return id;
    }
    return -1;
  }

  /**
   * Entry `id`, whose key was edited in place (its row, in docs[0], now holds the new key):
   * takes it out of the definitions of its old key and puts it into those of the new key at
   * its place in load order, as a full load would have stored it. The caller has checked that
   * no reference names either key and that neither key is one the counts per section note
   * (watched or candidate keys).
   */
  rekey(id: number): void {
    const t = this.entries;
    const at = id * ES;
    const section = t[at + E_SECTION]!;
    const s = section * SS;
    const r = this.sectionRows;
    const indexed = r[s + S_INDEXED] === 1;
    const oldHash = t[at + E_HASH]!;
    const prev = t[at + E_REPLACED]!;
    // Out of the old key's definitions.
    if (!(t[at + E_FLAGS]! & F_SUPERSEDED)) {
      if (prev >= 0) {
        t[prev * ES + E_FLAGS]! &= ~F_SUPERSEDED;
        if (indexed) this.slots[this.slotHolding(section, oldHash, id)] = prev + 1;
      } else {
        r[s + S_KEYS]!--;
        if (indexed) this.removeSlot(this.slotHolding(section, oldHash, id));
      }
    } else {
      for (let x = t[at + E_NEXT]!; x >= 0; x = t[x * ES + E_NEXT]!) {
        if (t[x * ES + E_REPLACED] === id) {
          t[x * ES + E_REPLACED] = prev;
          break;
        }
      }
    }
    // Into the new key's: after the latest definition before it, before the first one after it.
    const src = this.keyAt(id);
    const ks = this.keyStart;
    const ke = this.keyEnd;
    const h = hashRange(src, ks, ke);
    t[at + E_HASH] = h;
    r[s + S_KEY_BITS]! |= 1 << (h & 31);
    let before = -1;
    let after = -1;
    for (let x = r[s + S_FIRST]!; x >= 0; x = t[x * ES + E_NEXT]!) {
      if (x === id || t[x * ES + E_HASH] !== h || !(t[x * ES + E_FLAGS]! & F_DEFINED) || !this.keyEquals(x, src, ks, ke)) continue;
      if (x < id) before = x;
      else if (after < 0) after = x;
    }
    t[at + E_REPLACED] = before;
    if (after >= 0) {
      t[after * ES + E_REPLACED] = id;
      t[at + E_FLAGS]! |= F_SUPERSEDED;
    } else {
      t[at + E_FLAGS]! &= ~F_SUPERSEDED;
      if (before >= 0) {
        t[before * ES + E_FLAGS]! |= F_SUPERSEDED;
        if (indexed) this.slots[this.slotHolding(section, h, before)] = id + 1;
      } else {
        r[s + S_KEYS]!++;
        if (indexed) {
          const slot = this.probe(section, h, src, ks, ke);
          this.slots[slot] = id + 1;
          if (++this.used * 2 > this.slots.length) this.grow();
        }
      }
    }
    this.entryLists.delete(section);
  }

  /**
   * Entries [first, end), all of section `out`, go to section `into` (a section header inserted
   * or deleted above them moved them between sections). The definitions of both sections are
   * made again in load order (replaced links, key counts, watched keys, hash slots), as a full
   * load would have made them: linear in the two sections' entries.
   */
  moveEntries(first: number, end: number, out: number, into: number): void {
    const t = this.entries;
    const r = this.sectionRows;
    const members: number[] = [];
    for (const s of [out, into]) {
      const indexed = r[s * SS + S_INDEXED] === 1;
      for (let id = r[s * SS + S_FIRST]!; id >= 0; id = t[id * ES + E_NEXT]!) {
        members.push(id);
        if (indexed && (t[id * ES + E_FLAGS]! & (F_DEFINED | F_SUPERSEDED)) === F_DEFINED) this.removeSlot(this.slotHolding(s, t[id * ES + E_HASH]!, id));
      }
      const at = s * SS;
      r[at + S_FIRST] = -1;
      r[at + S_LAST] = -1;
      r[at + S_WATCHED] = 0;
      r[at + S_KEYS] = 0;
      r[at + S_CANDIDATES] = 0;
      r[at + S_LENGTH] = 0;
      r[at + S_INDEXED] = 0;
      r[at + S_KEY_BITS] = 0;
      this.entryLists.delete(s);
    }
    members.sort((a, b) => a - b);
    for (const id of members) {
      const at = id * ES;
      if (id >= first && id < end) t[at + E_SECTION] = into;
      t[at + E_REPLACED] = -1;
      t[at + E_NEXT] = -1;
      t[at + E_FLAGS]! &= ~(F_DEFINED | F_SUPERSEDED);
      const s = t[at + E_SECTION]! * SS;
      if (r[s + S_LAST]! >= 0) t[r[s + S_LAST]! * ES + E_NEXT] = id;
      else r[s + S_FIRST] = id;
      r[s + S_LAST] = id;
      r[s + S_LENGTH]!++;
    }
    for (const id of members) {
      const src = this.keyAt(id);
      this.define(id, src, this.keyStart, this.keyEnd);
    }
  }

  /** Gives entry `id` the statement index `row` in its document (rows were added or removed before it). */
  setRow(id: number, row: number): void {
    this.entries[id * ES + E_ROW] = row;
  }

  /**
   * Statement indices in the top-level document from `row` on move by `by` (a header row
   * inserted or deleted before them): those of entries from `firstEntry` on (entries follow
   * the rows) and of headers.
   */
  shiftRows(firstEntry: number, row: number, by: number): void {
    const t = this.entries;
    for (let at = firstEntry * ES; at < this.entryCount * ES; at += ES) t[at + E_ROW]! += by;
    const h = this.headerRows;
    for (let at = 0; at < this.headerWriter.count * 3; at += 3) if (h[at] === 0 && h[at + 1]! >= row) h[at + 1]! += by;
  }

  /**
   * The row of the statement where OpenSSL creates a section (its first header, or its first
   * entry, which is before any header only when a `name::key` target created it); -1 for the
   * default section. Sections are created in this order.
   */
  private creationRow(id: number): number {
    const r = this.sectionRows;
    if (id === this.sectionIds.get('default')) return -1;
    const k = r[id * SS + S_HEADER_FIRST]!;
    const e = r[id * SS + S_FIRST]!;
    return Math.min(k >= 0 ? this.headerRows[k * 3 + 1]! : Infinity, e >= 0 ? this.rowOf(e) : Infinity);
  }

  /** Creates section `id` at the place of a header at `row` in the top-level document (a single-file configuration): before the sections created at or after it. */
  createSectionAt(id: number, row: number): void {
    const i = lowerBound(0, this.created.length, row, (k) => this.creationRow(this.created[k]!));
    this.sectionRows[id * SS + S_EXISTS] = 1;
    this.created.splice(i, 0, id);
  }

  /** Section `id` no longer exists (its one header was deleted and its entries moved away); its id stays, as for a name only referred to. */
  dropSection(id: number): void {
    const k = this.sectionRows[id * SS + S_HEADER_FIRST]!;
    if (k >= 0) this.headerRows[k * 3] = -1;
    this.sectionRows[id * SS + S_EXISTS] = 0;
    this.sectionRows[id * SS + S_HEADER_FIRST] = -1;
    this.sectionRows[id * SS + S_HEADER_LAST] = -1;
    this.created.splice(this.created.indexOf(id), 1);
  }

  /** Whether a section id has nothing: no entry, no header, not created (a name only referred to, or left by dropSection). */
  sectionEmpty(id: number): boolean {
    const r = this.sectionRows;
    return r[id * SS + S_EXISTS] !== 1 && r[id * SS + S_FIRST]! < 0 && r[id * SS + S_HEADER_FIRST]! < 0;
  }

  /** How many entries a section's list holds (superseded ones included). */
  sectionLength(id: number): number {
    return this.sectionRows[id * SS + S_LENGTH]!;
  }

  /**
   * Empties slot i (its key has no definition left): the entries after it in the same probe
   * run that may not stay behind the hole move back into it (deletion by backward shift).
   */
  private removeSlot(i: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    slots[i] = 0;
    this.used--;
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = this.home(slots[j]! - 1) & mask;
      // The entry at j stays when its home lies cyclically in (i, j]: probes from home still reach it.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      slots[i] = slots[j]!;
      slots[j] = 0;
      i = j;
    }
  }

  /** The table hash of an entry (its section and key hash mixed; the slot is its low bits). */
  private home(id: number): number {
    const t = this.entries;
    return mix(t[id * ES + E_SECTION]!, t[id * ES + E_HASH]!);
  }

  /** The table slot that holds entry `id` for (section, key hash h). */
  private slotHolding(section: number, h: number, id: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = mix(section, h) & mask;
    while (slots[i] !== id + 1) i = (i + 1) & mask;
    return i;
  }

  /** Moves a section that outgrew smallSection into the hash table. */
  private index(section: number): void {
    const t = this.entries;
    this.sectionRows[section * SS + S_INDEXED] = 1;
    for (let id = this.sectionRows[section * SS + S_FIRST]!; id >= 0; id = t[id * ES + E_NEXT]!) {
      if ((t[id * ES + E_FLAGS]! & (F_DEFINED | F_SUPERSEDED)) !== F_DEFINED) continue;
      const slots = this.slots;
      const mask = slots.length - 1;
      let i = mix(section, t[id * ES + E_HASH]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
      if (++this.used * 2 > slots.length) this.grow();
    }
  }

  /** Next entry id in the same section (load order), or -1. */
  nextInSection(id: number): number {
    return this.entries[id * ES + E_NEXT]!;
  }

  /** The latest entry for a key string, or -1. */
  lookup(section: number, key: string): number {
    const w = watchedIndex.get(key);
    if (w !== undefined && !(this.sectionRows[section * SS + S_WATCHED]! & (1 << w))) return -1;
    let h = keyHashes.get(key);
    if (h === undefined) {
      h = hashRange(key, 0, key.length);
      if (keyHashes.size > 4096) keyHashes.clear();
      keyHashes.set(key, h);
    }
    return this.find(section, h, key, 0, key.length);
  }

  /**
   * Slot of (section, key) in the open-addressing table, or the empty slot where it would go.
   * Slots hold entry id + 1 only (a mixed hash beside each would double the table, 8 MB on a
   * 1,000,000-line file): a probe compares the entry row's hash and section, and the table is at
   * most half full, so a probe passes about 0.3 other entries on average.
   */
  private probe(section: number, h: number, src: string, ks: number, ke: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = mix(section, h) & mask;
    const t = this.entries;
    for (;;) {
      const v = slots[i]!;
      if (v === 0) return i;
      const at = (v - 1) * ES;
      if (t[at + E_HASH] === h && t[at + E_SECTION] === section && this.keyEquals(v - 1, src, ks, ke)) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (let j = 0; j < old.length; j++) {
      if (old[j] === 0) continue;
      let i = this.home(old[j]! - 1) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = old[j]!;
    }
    this.slots = slots;
  }

  /** Where an entry's key is: `keyStart`/`keyEnd` are set to its range in the returned string. */
  private keyAt(id: number): string {
    const t = this.entries;
    const at = id * ES;
    const doc = this.docs[this.docIndex(id)]!;
    if (t[at + E_FLAGS]! & F_SIDE) {
      const key = (doc.statementAt(t[at + E_ROW]!) as AssignmentNode).key.value;
      this.keyStart = 0;
      this.keyEnd = key.length;
      return key;
    }
    const rowAt = t[at + E_ROW]! * STRIDE;
    this.keyStart = doc.rows.data[rowAt + A]!;
    this.keyEnd = doc.rows.data[rowAt + B]!;
    return doc.text;
  }
  private keyStart = 0;
  private keyEnd = 0;

  private keyEquals(id: number, src: string, ks: number, ke: number): boolean {
    const text = this.keyAt(id);
    const a = this.keyStart;
    const n = this.keyEnd - a;
    if (n !== ke - ks) return false;
    if (text === src && a === ks) return true;
    for (let i = 0; i < n; i++) if (text.charCodeAt(a + i) !== src.charCodeAt(ks + i)) return false;
    return true;
  }


  flags(id: number): number {
    return this.entries[id * ES + E_FLAGS]! & FLAG_BITS;
  }

  setFlag(id: number, flag: number): void {
    this.entries[id * ES + E_FLAGS]! |= flag;
  }

  sectionOf(id: number): number {
    return this.entries[id * ES + E_SECTION]!;
  }

  replacedOf(id: number): number {
    return this.entries[id * ES + E_REPLACED]!;
  }

  /** Length of the expanded value (what OpenSSL's buffer size check sees). */
  valueLength(id: number): number {
    const n = this.entries[id * ES + E_FLAGS]! >>> LEN_SHIFT;
    return n === LEN_BIG ? this.bigLengths.get(id)! : n;
  }

  setValueLength(id: number, n: number): void {
    const at = id * ES + E_FLAGS;
    if (n >= LEN_BIG) this.bigLengths.set(id, n);
    else if (this.bigLengths.size) this.bigLengths.delete(id);
    this.entries[at] = (this.entries[at]! & FLAG_BITS) | (Math.min(n, LEN_BIG) << LEN_SHIFT);
  }

  /** The references an entry expanded again within a beginRefPatch: refs [first, first + count). */
  setRefs(id: number, first: number, count: number): void {
    this.refPatch?.set(id, [first, count]);
  }

  /** The entry's references: refs [first, first + count). */
  refRange(id: number): [first: number, count: number] {
    const patched = this.refPatch?.get(id);
    if (patched) return patched;
    if (this.entries[id * ES + E_FLAGS]! & F_PLAIN) return [0, 0];
    const rf = this.refWriter.data;
    const owner = 2 * id;
    const end = this.refWriter.count;
    const first = lowerBound(0, end, owner, (k) => rf[k * RS + R_OWNER]!);
    let k = first;
    while (k < end && rf[k * RS + R_OWNER] === owner) k++;
    return [first, k - first];
  }

  /** Index in `docs` of the document an entry is written in. */
  private docIndex(id: number): number {
    const runs = this.docRuns;
    if (runs.length === 2) return runs[1]!;
    const k = lowerBound(0, runs.length >> 1, id + 1, (j) => runs[j * 2]!) - 1;
    return runs[k * 2 + 1]!;
  }

  docOf(id: number): CnfDocument {
    return this.docs[this.docIndex(id)]!;
  }

  /** Path of the file an entry is written in. */
  fileOf(id: number): string {
    return this.docPaths[this.docIndex(id)]!;
  }

  /** The statement row offset of an entry in its document's rows. */
  rowAt(id: number): number {
    return this.entries[id * ES + E_ROW]! * STRIDE;
  }

  /** The entry's key string. */
  keyOf(id: number): string {
    const text = this.keyAt(id);
    return text.slice(this.keyStart, this.keyEnd);
  }


  /** hashRange of the entry's key. */
  keyHash(id: number): number {
    return this.entries[id * ES + E_HASH]!;
  }

  /** First UTF-16 unit of the entry's key, or -1 for an empty key. */
  keyFirstChar(id: number): number {
    const text = this.keyAt(id);
    return this.keyStart < this.keyEnd ? text.charCodeAt(this.keyStart) : -1;
  }


  /** Whether the entry's key is `key`, without building its string. */
  keyIs(id: number, key: string): boolean {
    const text = this.keyAt(id);
    return this.keyEnd - this.keyStart === key.length && text.startsWith(key, this.keyStart);
  }


  /** Where the raw value is: [source string, from, to, logical line or undefined (then indices are source offsets)]. */
  rawOf(id: number): [src: string, from: number, to: number, line: LogicalLine | undefined] {
    const t = this.entries;
    const at = id * ES;
    const doc = this.docs[this.docIndex(id)]!;
    if (t[at + E_FLAGS]! & F_SIDE) {
      const node = doc.statementAt(t[at + E_ROW]!) as AssignmentNode;
      return [node.line.text, node.value.from, node.value.from + node.value.raw.length, node.line];
    }
    const rowAt = t[at + E_ROW]! * STRIDE;
    return [doc.text, doc.rows.data[rowAt + D]!, doc.rows.data[rowAt + E]!, undefined];
  }

  /** The entry's value after quotes, escapes and expansion (built on first use). */
  valueOf(id: number): string {
    const hit = this.values.get(id);
    if (hit !== undefined) return hit;
    if (this.flags(id) & F_PLAIN) {
      const [src, from, to] = this.rawOf(id);
      const v = src.slice(from, to);
      this.values.set(id, v);
      return v;
    }
    // Expand what this value depends on first, oldest first, so no expansion recurses deeply
    // (a chain of a thousand `$previous` values must not overflow the stack).
    const pending: number[] = [];
    const stack = [id];
    const seen = new Set<number>([id]);
    while (stack.length) {
      const x = stack.pop()!;
      pending.push(x);
      const [first, count] = this.refRange(x);
      for (let k = first; k < first + count; k++) {
        const target = this.refs[k * RS + R_TARGET]!;
        if (target >= 0 && !seen.has(target) && !(this.flags(target) & F_PLAIN) && !this.values.has(target)) {
          seen.add(target);
          stack.push(target);
        }
      }
    }
    pending.sort((a, b) => a - b);
    for (const x of pending) if (!this.values.has(x)) this.values.set(x, this.replay(this, x));
    return this.values.get(id)!;
  }


  // ----- references -----

  /** Offset of a new reference row in `refs`. */
  addRef(): number {
    return this.refWriter.add();
  }


  // ----- object views -----

  entry(id: number): StoredEntry {
    let e = this.entryViews[id];
    if (!e) {
      e = new StoredEntry(this, id);
      this.entryViews[id] = e;
      this.entryViewIds.push(id);
    }
    return e;
  }

  ref(k: number): VariableRef {
    let r = this.refViews[k];
    if (!r) {
      r = this.buildRef(k);
      this.refViews[k] = r;
    }
    return r;
  }

  private buildRef(k: number): VariableRef {
    const f = this.refs;
    const at = k * RS;
    const doc = f[at + R_DOC]!;
    const text = this.docs[doc]!.text;
    const strings = refStrings(f, at);
    const ss = f[at + R_SECT_START]!;
    const name: NameToken = { value: strings >= 0 ? this.refNames[strings]! : text.slice(f[at + R_NAME_START]!, f[at + R_NAME_END]!), start: f[at + R_NAME_START]!, end: f[at + R_NAME_END]! };
    const section: NameToken | undefined = ss < 0 ? undefined : { value: strings >= 0 ? this.refNames[strings + 1]! : text.slice(ss, f[at + R_SECT_END]!), start: ss, end: f[at + R_SECT_END]! };
    const target = f[at + R_TARGET]!;
    const resolved: VariableRef['resolved'] =
      target >= 0 ? { kind: 'entry', entry: this.entry(target), viaDefault: (f[at + R_META]! & 4) !== 0 } : target <= -2 ? { kind: 'env', value: this.envValues[-2 - target]! } : undefined;
    return { start: f[at + R_START]!, end: f[at + R_END]!, form: forms[f[at + R_META]! & 3]!, section, name, lookupSection: this.sectionName(f[at + R_LOOKUP]!), resolved, file: this.docPaths[doc]! };
  }

  /** The variable name of reference k (as `ref(k).name.value`, without building the reference). */
  refName(k: number): string {
    const f = this.refs;
    const at = k * RS;
    const strings = refStrings(f, at);
    return strings >= 0 ? this.refNames[strings]! : this.docs[f[at + R_DOC]!]!.text.slice(f[at + R_NAME_START]!, f[at + R_NAME_END]!);
  }

  /** Every reference, in load order. */
  allRefs(): VariableRef[] {
    const out: VariableRef[] = new Array(this.refCount);
    for (let k = 0; k < this.refCount; k++) out[k] = this.ref(k);
    return out;
  }

  /** Every entry, in load order (replaced ones included). */
  allEntries(): ConfEntry[] {
    const out: ConfEntry[] = new Array(this.entryCount);
    for (let id = 0; id < this.entryCount; id++) out[id] = this.entry(id);
    return out;
  }

  section(id: number): StoredSection {
    return new StoredSection(this, id);
  }

  /**
   * Every section's `firstStart` (see StoredSection), by section id, in one pass over the
   * entries: completion asks it of every section, and a walk of each section's list with a
   * view per section cost 10-15 ms at 100,000 lines (6,000 sections) where this pass costs 0.6.
   */
  firstStarts(): Float64Array {
    const out = new Float64Array(this.sectionNames.length).fill(Infinity);
    // Plain reads of the rows (it runs once per version: seldom optimised, so no getter per entry).
    const t = this.entries;
    const n = this.entryCount;
    const one = this.docRuns.length === 2 ? this.docs[this.docRuns[1]!]!.rows.data : undefined;
    for (let id = 0, at = 0; id < n; id++, at += ES) {
      const f = t[at + E_FLAGS]!;
      if (f & F_SUPERSEDED) continue;
      const s = t[at + E_SECTION]!;
      if (!(f & F_LOCAL)) out[s] = -1;
      else {
        const start = (one ?? this.docOf(id).rows.data)[t[at + E_ROW]! * STRIDE + START]!;
        if (start < out[s]!) out[s] = start;
      }
    }
    return out;
  }

  /**
   * Whether every latest entry's key in a section satisfies `test`; `first` is a cheaper test on
   * the key's first UTF-16 unit (-1 when empty) that every key passing `test` passes (keys are
   * built one at a time, and only until one fails).
   */
  everyKey(section: number, first: (c: number) => boolean, test: (key: string) => boolean): boolean {
    for (let id = this.firstInSection(section); id >= 0; id = this.nextInSection(id)) {
      if (this.flags(id) & F_SUPERSEDED) continue;
      if (!first(this.keyFirstChar(id)) || !test(this.keyOf(id))) return false;
    }
    return true;
  }

  /** The latest entries of a section in OpenSSL's order (made once, until a key is edited: rekey). */
  latestEntries(section: number): ConfEntry[] {
    let list = this.entryLists.get(section);
    if (!list) {
      list = [];
      for (let id = this.firstInSection(section); id >= 0; id = this.nextInSection(id)) if (!(this.flags(id) & F_SUPERSEDED)) list.push(this.entry(id));
      this.entryLists.set(section, list);
    }
    return list;
  }

  /** The headers that open a section (made once, until an edit moves them: reuseFor). */
  headerNodes(section: number): ConfSection['headers'] {
    let list = this.headerLists.get(section);
    if (!list) {
      const h = this.headersOf(section);
      list = [];
      for (let i = 0; i < h.length; i += 2) list.push({ node: this.docs[h[i]!]!.statementAt(h[i + 1]!) as SectionHeaderNode, file: this.docPaths[h[i]!]!, local: h[i] === 0 });
      this.headerLists.set(section, list);
    }
    return list;
  }
}

/** A ConfEntry read from the store. */
class StoredEntry implements ConfEntry {
  private refList: VariableRef[] | undefined;
  constructor(
    private readonly store: ConfigStore,
    readonly seq: number,
  ) {}
  get section(): string {
    return this.store.sectionName(this.store.sectionOf(this.seq));
  }
  get key(): string {
    return this.store.keyOf(this.seq);
  }
  get value(): string {
    return this.store.valueOf(this.seq);
  }
  get node(): AssignmentNode {
    const s = this.store;
    return s.docOf(this.seq).statementAt(s.rowAt(this.seq) / STRIDE) as AssignmentNode;
  }
  get file(): string {
    return this.store.fileOf(this.seq);
  }
  get local(): boolean {
    return (this.store.flags(this.seq) & F_LOCAL) !== 0;
  }
  get failed(): boolean {
    return (this.store.flags(this.seq) & F_FAILED) !== 0;
  }
  /** Drops the cached references (they hold source offsets, which an edit moves). */
  forgetRefs(): void {
    this.refList = undefined;
  }
  get refs(): readonly VariableRef[] {
    if (!this.refList) {
      const [first, count] = this.store.refRange(this.seq);
      this.refList = [];
      for (let k = first; k < first + count; k++) this.refList.push(this.store.ref(k));
    }
    return this.refList;
  }
  get replaced(): ConfEntry | undefined {
    const r = this.store.replacedOf(this.seq);
    return r >= 0 ? this.store.entry(r) : undefined;
  }
}

/**
 * While a rule pass runs (rules/tracking.ts), the names of the sections whose keys or values
 * it reads: each read below notes its section here (one test when no pass is tracked).
 */
export const sectionReads: { current: Set<string> | undefined } = { current: undefined };

/** A ConfSection read from the store. */
export class StoredSection implements ConfSection {
  constructor(
    private readonly store: ConfigStore,
    readonly id: number,
  ) {}
  /** Notes a read of the keys or values (see sectionReads). */
  private read(): void {
    sectionReads.current?.add(this.name);
  }
  get byKey(): SectionKeys {
    this.read();
    return new SectionKeys(this.store, this);
  }
  get name(): string {
    return this.store.sectionName(this.id);
  }
  /** Latest definitions in OpenSSL's order (a redefined key moves to the end). */
  get entries(): ConfEntry[] {
    this.read();
    return this.store.latestEntries(this.id);
  }
  get firstStart(): number {
    this.read();
    const st = this.store;
    let first = Infinity;
    for (let id = st.firstInSection(this.id); id >= 0; id = st.nextInSection(id)) {
      const f = st.flags(id);
      if (f & F_SUPERSEDED) continue;
      if (!(f & F_LOCAL)) return -1;
      first = Math.min(first, st.docOf(id).rows.data[st.rowAt(id) + START]!);
    }
    return first;
  }
  get headers(): ConfSection['headers'] {
    return this.store.headerNodes(this.id);
  }
  /** Number of latest entries (no objects built). */
  get entryCount(): number {
    this.read();
    return this.store.sectionKeyCount(this.id);
  }
  /** How many keys may be extension or object names (a superset, by hash) or start with a digit. */
  get candidateCount(): number {
    this.read();
    return this.store.sectionCandidateCount(this.id);
  }
  /** Keys of the latest entries that pass a cheap test on the key's hash (hashRange) and first character; only those are built. */
  keysWhere(mayMatch: (hash: number, first: number) => boolean): string[] {
    this.read();
    const out: string[] = [];
    const st = this.store;
    for (let id = st.firstInSection(this.id); id >= 0; id = st.nextInSection(id)) {
      if (st.flags(id) & F_SUPERSEDED) continue;
      if (mayMatch(st.keyHash(id), st.keyFirstChar(id))) out.push(st.keyOf(id));
    }
    return out;
  }
  /** Whether every latest entry's key satisfies `test` (keys are built one at a time, and only until one fails). */
  everyKey(test: (key: string) => boolean): boolean {
    this.read();
    return this.store.everyKey(this.id, anyFirst, test);
  }

  /** How many headers in the top-level document open this section (without building them). */
  /** Bit i set: the section has a key watchedKeys[i] (see watchedMask). */
  get watched(): number {
    this.read();
    return this.store.sectionWatched(this.id);
  }

  get localHeaderCount(): number {
    return this.store.localHeaderCount(this.id);
  }
}

/**
 * A configuration's sections by name, in the order OpenSSL creates them, read from the store:
 * no map and no object per section (views are made when asked for).
 */
export class StoredSections implements ReadonlyMap<string, ConfSection> {
  constructor(private readonly store: ConfigStore) {}
  private idOf(name: string): number {
    const id = this.store.sectionIds.get(name);
    return id !== undefined && this.store.sectionExists(id) ? id : -1;
  }
  get(name: string): ConfSection | undefined {
    const id = this.idOf(name);
    return id >= 0 ? this.store.section(id) : undefined;
  }
  has(name: string): boolean {
    return this.idOf(name) >= 0;
  }
  get size(): number {
    return this.store.createdCount;
  }
  forEach(fn: (value: ConfSection, key: string, map: ReadonlyMap<string, ConfSection>) => void): void {
    for (const [name, s] of this.entries()) fn(s, name, this);
  }
  *entries(): MapIterator<[string, ConfSection]> {
    const st = this.store;
    for (let i = 0; i < st.createdCount; i++) {
      const id = st.createdAt(i);
      yield [st.sectionName(id), st.section(id)];
    }
  }
  *keys(): MapIterator<string> {
    const st = this.store;
    for (let i = 0; i < st.createdCount; i++) yield st.sectionName(st.createdAt(i));
  }
  *values(): MapIterator<ConfSection> {
    const st = this.store;
    for (let i = 0; i < st.createdCount; i++) yield st.section(st.createdAt(i));
  }
  [Symbol.iterator](): MapIterator<[string, ConfSection]> {
    return this.entries();
  }
}

const anyFirst = (): boolean => true;

/** `byKey` of a stored section: looks keys up in the store's hash table instead of a Map per section. */
class SectionKeys implements ReadonlyMap<string, ConfEntry> {
  constructor(
    private readonly store: ConfigStore,
    private readonly section: StoredSection,
  ) {}
  get(key: string): ConfEntry | undefined {
    const id = this.store.lookup(this.section.id, key);
    return id >= 0 ? this.store.entry(id) : undefined;
  }
  has(key: string): boolean {
    return this.store.lookup(this.section.id, key) >= 0;
  }
  get size(): number {
    return this.section.entries.length;
  }
  forEach(fn: (value: ConfEntry, key: string, map: ReadonlyMap<string, ConfEntry>) => void): void {
    for (const e of this.section.entries) fn(e, e.key, this);
  }
  *entries(): MapIterator<[string, ConfEntry]> {
    for (const e of this.section.entries) yield [e.key, e];
  }
  *keys(): MapIterator<string> {
    for (const e of this.section.entries) yield e.key;
  }
  *values(): MapIterator<ConfEntry> {
    yield* this.section.entries;
  }
  [Symbol.iterator](): MapIterator<[string, ConfEntry]> {
    return this.entries();
  }
}

