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
  const at = positionsOf(doc);
  const files = new Map<string, { uri: string; lines: LineIndex | undefined }>();
  const out: lsp.Location[] = [];
  const start = { line: 0, character: 0 };
  const end = { line: 0, character: 0 };
  let j = 0;
  for (const l of locs) {
    if (l.file === undefined || l.file === model.path) {
      at.into(l.start, start);
      at.into(l.end, end);
      // Both lists hold this document's locations first, in file order: the candidate starts where this one does.
      while (j < previous.length && previous[j]!.uri === doc.uri && before(previous[j]!.range.start, start)) j++;
      const old = previous[j];
      if (old && old.uri === doc.uri && samePosition(old.range.start, start) && samePosition(old.range.end, end)) {
        out.push(old);
        j++;
      } else out.push({ uri: doc.uri, range: { start: copy(start), end: copy(end) } });
      continue;
    }
    let f = files.get(l.file);
    if (!f) {
      const text = model.textOf(l.file);
      f = { uri: pathToFileURL(l.file).toString(), lines: text === undefined ? undefined : new LineIndex(text) };
      files.set(l.file, f);
    }
    const from = f.lines?.positionAt(l.start) ?? { line: 0, character: 0 };
    const to = f.lines?.positionAt(l.end) ?? from;
    out.push({ uri: f.uri, range: { start: from, end: to } });
  }
  return out.length === previous.length && out.every((l, i) => l === previous[i]) ? (previous as lsp.Location[]) : out;
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

  answer(doc: TextDocument, target: NavigationTarget, includeDeclaration: boolean): lsp.Location[] {
    const how = includeDeclaration ? 'd' : 'u';
    const key = `${how}${targetKey(target, true)}`;
    const hit = this.kept.get(key);
    if (hit) {
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit.answer;
    }
    const name = `${how}${targetKey(target, false)}`;
    const answer = seal(locations(doc, this.model, referencesOf(this.model, target, includeDeclaration), this.previous.get(name)));
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
 * editor asks for them (declarations included): a slice for each answer's locations, then its
 * JSON a slice at a time. False when `wanted` said to stop (a newer version, a close).
 */
export async function prepareReferences(doc: TextDocument, model: FeatureModel, idle: IdleSlices, wanted: () => Promise<boolean>): Promise<boolean> {
  for (const target of mostUsedTargets(model, preparedUses).slice(0, preparedNames)) {
    const answer = referencesAnswer(doc, model, target, true);
    while (!prepareJson(answer, idle.spent)) if (!(await wanted())) return false;
    if (!(await wanted())) return false;
  }
  return true;
}

/** Forgets a document's answers (closed, or its included files changed). */
export function forgetReferences(uri: string): void {
  documents.delete(uri);
}
