/**
 * openssl.cnf locations as LSP locations, and the references answers kept per document. A
 * name used 15,000 times in a large file has a 2 MB answer: the objects and the JSON of it
 * cost tens of milliseconds, paid once per version at most. Each model keeps its answers by
 * target (every use of the name asks for the same list), and a new version's answer reuses
 * the latest answer for the same name: its Location objects that came out equal (an added
 * line moves those below it by a line number only), or the whole answer, as sent, when all
 * are (a one-character edit moves no reference). Answers are sealed (sealedJson.ts): never
 * modified once made, their JSON made once. Idle time makes the answers of the much-used
 * names ahead (prepareReferences), so that the first request for one finds it made.
 */
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureModel } from '../core/cnf/featureModel';
import { mostUsedTargets, referencesOf, targetKey, type CnfLocation, type NavigationTarget } from '../core/cnf/navigation';
import { LineIndex } from '../core/lineIndex';
import { before, copy, positionsOf, samePosition } from './cnfPositions';
import { prepareJson, seal } from '../sealedJson';
import type { IdleSlices } from './feature';

/**
 * Core locations as LSP locations: in this document, or in an included file (its
 * file URI, positions computed on the text the loader read, which the offsets are in).
 * A location in this document equal to one of `previous` (an earlier answer, in the same
 * order) is that one; when every one is, the answer is `previous` itself.
 */
export function locations(doc: TextDocument, model: FeatureModel, locs: readonly CnfLocation[], previous: readonly lsp.Location[] = []): lsp.Location[] {
  const m = new LocationsMaker(doc, model, locs, previous);
  m.make();
  return m.result();
}

/** How many locations LocationsMaker converts between two looks at the clock. */
const locationsPart = 1024;

/** `locations`, made a part at a time in idle time (a much-used name has 15,000). */
export class LocationsMaker {
  private readonly at;
  private readonly files = new Map<string, { uri: string; lines: LineIndex | undefined }>();
  private readonly out: lsp.Location[] = [];
  private readonly start = { line: 0, character: 0 };
  private readonly end = { line: 0, character: 0 };
  /** The next of `locs`, and the candidate in `previous`. */
  private i = 0;
  private j = 0;
  constructor(
    private readonly doc: TextDocument,
    private readonly model: FeatureModel,
    private readonly locs: readonly CnfLocation[],
    private readonly previous: readonly lsp.Location[],
  ) {
    this.at = positionsOf(doc);
  }

  /** Converts until all are (true) or `spent()` says the time is up (false; at least a part per call). */
  make(spent?: () => boolean): boolean {
    const { doc, model, locs, previous, out, start, end } = this;
    for (let n = 0; this.i < locs.length; this.i++, n++) {
      if (n === locationsPart) {
        if (spent?.()) return false;
        n = 0;
      }
      const l = locs[this.i]!;
      if (l.file === undefined || l.file === model.path) {
        this.at.into(l.start, start);
        this.at.into(l.end, end);
        // Both lists hold this document's locations first, in file order: the candidate starts where this one does.
        while (this.j < previous.length && previous[this.j]!.uri === doc.uri && before(previous[this.j]!.range.start, start)) this.j++;
        const old = previous[this.j];
        if (old && old.uri === doc.uri && samePosition(old.range.start, start) && samePosition(old.range.end, end)) {
          out.push(old);
          this.j++;
        } else out.push({ uri: doc.uri, range: { start: copy(start), end: copy(end) } });
        continue;
      }
      let f = this.files.get(l.file);
      if (!f) {
        const text = model.textOf(l.file);
        f = { uri: pathToFileURL(l.file).toString(), lines: text === undefined ? undefined : new LineIndex(text) };
        this.files.set(l.file, f);
      }
      const from = f.lines?.positionAt(l.start) ?? { line: 0, character: 0 };
      const to = f.lines?.positionAt(l.end) ?? from;
      out.push({ uri: f.uri, range: { start: from, end: to } });
    }
    return true;
  }

  result(): lsp.Location[] {
    const { out, previous } = this;
    return out.length === previous.length && out.every((l, i) => l === previous[i]) ? (previous as lsp.Location[]) : out;
  }
}

/** Locations the kept answers of one model may hold together (a much-used name's is 15,000). */
const keptLocations = 60_000;
/** Names used at least this often have their answers made in idle time (smaller ones take a few milliseconds). */
const preparedUses = 2_000;
/** At most this many of them, most used first. */
const preparedNames = 3;

interface Kept {
  /** The target's name (targetKey, not exact): the next version's answer for the same name reuses this one. */
  readonly name: string;
  readonly answer: lsp.Location[];
}

/** One document's answers: its current model's by exact target, least recently used first, and the last model's by name. */
class DocumentReferences {
  readonly kept = new Map<string, Kept>();
  private total = 0;
  constructor(
    readonly model: FeatureModel,
    private readonly previous: ReadonlyMap<string, lsp.Location[]>,
  ) {}

  /** An answer's key in `kept` (this version's target) and its name (the same name in the next version). */
  private static keys(target: NavigationTarget, includeDeclaration: boolean): { key: string; name: string } {
    const how = includeDeclaration ? 'd' : 'u';
    return { key: `${how}${targetKey(target, true)}`, name: `${how}${targetKey(target, false)}` };
  }

  answer(doc: TextDocument, target: NavigationTarget, includeDeclaration: boolean): lsp.Location[] {
    const { key, name } = DocumentReferences.keys(target, includeDeclaration);
    const hit = this.kept.get(key);
    if (hit) {
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit.answer;
    }
    return this.keep(key, name, seal(locations(doc, this.model, referencesOf(this.model, target, includeDeclaration), this.previous.get(name))));
  }

  /** The answer being made in idle time, by key (at most one at a time). */
  private making: { readonly key: string; readonly name: string; readonly maker: LocationsMaker } | undefined;

  /**
   * `answer`, made a part at a time until `spent()`: undefined until it is made (the next call
   * goes on). A request for the same answer meanwhile makes it at once, and this one is dropped.
   */
  prepare(doc: TextDocument, target: NavigationTarget, includeDeclaration: boolean, spent: () => boolean): lsp.Location[] | undefined {
    const { key, name } = DocumentReferences.keys(target, includeDeclaration);
    const hit = this.kept.get(key);
    if (hit) {
      // Asked for meanwhile and made at once: the half-made one is dropped.
      if (this.making?.key === key) this.making = undefined;
      return hit.answer;
    }
    if (this.making?.key !== key) {
      // Finding the uses (15,000 of 100,000 rows) is a slice of its own.
      this.making = { key, name, maker: new LocationsMaker(doc, this.model, referencesOf(this.model, target, includeDeclaration), this.previous.get(name) ?? []) };
      return undefined;
    }
    const { maker } = this.making;
    if (!maker.make(spent)) return undefined;
    this.making = undefined;
    return this.keep(key, name, seal(maker.result()));
  }

  /** Keeps a new answer, the least recently used going first beyond keptLocations. */
  private keep(key: string, name: string, answer: lsp.Location[]): lsp.Location[] {
    this.kept.set(key, { name, answer });
    this.total += answer.length;
    // The least recently used go first; the newest stays, however large.
    for (const [k, v] of this.kept) {
      if (this.total <= keptLocations || v.answer === answer) break;
      this.kept.delete(k);
      this.total -= v.answer.length;
    }
    return answer;
  }

  /**
   * The latest answer of each name, for the next model: this model's, then those it took over
   * for names not asked since (versions typed in quick succession are neither asked nor
   * prepared), the most recent first, at most keptLocations locations.
   */
  byName(): Map<string, lsp.Location[]> {
    const out = new Map<string, lsp.Location[]>();
    let total = 0;
    const take = (name: string, answer: lsp.Location[]): void => {
      if (out.has(name) || (out.size > 0 && total + answer.length > keptLocations)) return;
      out.set(name, answer);
      total += answer.length;
    };
    for (const k of [...this.kept.values()].reverse()) take(k.name, k.answer);
    for (const [name, answer] of this.previous) take(name, answer);
    return out;
  }
}

const documents = new Map<string, DocumentReferences>();

function of(doc: TextDocument, model: FeatureModel): DocumentReferences {
  let d = documents.get(doc.uri);
  if (d?.model !== model) documents.set(doc.uri, (d = new DocumentReferences(model, d?.byName() ?? new Map())));
  return d;
}

/** The references answer for a target, on the document's current model. */
export function referencesAnswer(doc: TextDocument, model: FeatureModel, target: NavigationTarget, includeDeclaration: boolean): lsp.Location[] {
  return of(doc, model).answer(doc, target, includeDeclaration);
}

/**
 * Makes ahead, in idle time, the answers (and their JSON) of the most-used names, as an
 * editor asks for them (declarations included): each answer's locations, then its JSON, a
 * slice at a time. False when `wanted` said to stop (a newer version, a close).
 */
export async function prepareReferences(doc: TextDocument, model: FeatureModel, idle: IdleSlices, wanted: () => Promise<boolean>): Promise<boolean> {
  // Counting every name's uses is a slice of its own.
  const targets = mostUsedTargets(model, preparedUses).slice(0, preparedNames);
  if (!(await wanted())) return false;
  for (const target of targets) {
    let answer: lsp.Location[] | undefined;
    while (!(answer = of(doc, model).prepare(doc, target, true, idle.spent))) if (!(await wanted())) return false;
    while (!prepareJson(answer, idle.spent)) if (!(await wanted())) return false;
    if (!(await wanted())) return false;
  }
  return true;
}

/** Forgets a document's answers (closed, or its included files changed). */
export function forgetReferences(uri: string): void {
  documents.delete(uri);
}
