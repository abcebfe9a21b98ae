/**
 * openssl.cnf editor features as LSP: a thin adapter over the pure core
 * (core/cnf: hover, completion, symbols, navigation, folding). Diagnostics and
 * their quick fixes come from the cnf linter through the generic handlers.
 */
import { dirname } from 'node:path';
import * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCnf, settleCnfFindings, type CnfAnalysis } from '../core/cnf/analyze';
import { completionListAt, type CnfCompletionKind } from '../core/cnf/completion';
import { buildFeatureModel, type FeatureModel } from '../core/cnf/featureModel';
import { foldingRanges } from '../core/cnf/folding';
import { hoverAt } from '../core/cnf/hover';
import { definitionAt, targetAt } from '../core/cnf/navigation';
import { SymbolsBuilder } from '../core/cnf/symbols';
import { roleDocs } from '../core/cnf/docs';
import { rewritesAt } from '../core/cnf/refactor';
import { redactText } from '../core/cnf/secrets';
import { documentPath } from '../documentPath';
import type { FeatureContext, LanguageFeature } from './feature';
import { OutlineBuilder } from './cnfOutline';
import { positionsOf, rangeOf } from './cnfPositions';
import { completionDocumentation, hoverContent, insertion } from './markup';
import { prepareJson, seal } from '../sealedJson';
import { forgetReferences, locations, prepareReferences, referencesAnswer } from './cnfReferences';

import { isMysqlOptionFile, sniffedChars } from '../core/cnf/sniff';

export const cnfLanguageId = 'openssl-conf';

/** Parsed models of open documents, one per URI, valid for one version. */
const cache = new Map<string, { version: number; text: string; model: FeatureModel; path: string; analysis: CnfAnalysis }>();
const cacheLimit = 32;
/** Characters of text the cached models may hold together (a model costs several times its text). */
const cacheCharLimit = 8_000_000;
let cachedChars = 0;

/** Forgets a document's model (and, unless a new version replaces it, its last outline). */
function drop(uri: string, replaced = false): void {
  if (!replaced) {
    outlines.delete(uri);
    forgetReferences(uri);
    clearTimeout(settling.get(uri));
    settling.delete(uri);
  }
  const hit = cache.get(uri);
  if (!hit) return;
  cachedChars -= hit.text.length;
  cache.delete(uri);
}

/** Beyond this many characters the editor features answer nothing (the linter has its own limit). */
const maxChars = 10_000_000;
const emptyModel = buildFeatureModel(analyzeCnf('', { path: '/empty.cnf' }));

/** Waiting to settle the rule findings of a document's newest analysis (see settleSoon), by URI. */
const settling = new Map<string, ReturnType<typeof setTimeout>>();
/** How long requests on a version pause before its findings are made. */
const settleAfterMs = 20;

/**
 * Updates the rule findings of the analysis a request made once the requests on its version
 * pause (settleCnfFindings). The next version's analysis updates its findings from these, and
 * otherwise made them inside the first request after the next edit (a renamed section runs
 * the structure rules again: about 5 ms at 100,000 lines). The same work, made once: the
 * validation reads these findings.
 */
function settleSoon(uri: string, path: string, analysis: CnfAnalysis): void {
  clearTimeout(settling.get(uri));
  const timer = setTimeout(() => {
    settling.delete(uri);
    settleCnfFindings(path, analysis);
  }, settleAfterMs);
  timer.unref?.();
  settling.set(uri, timer);
}

function modelFor(doc: TextDocument, ctx: FeatureContext): FeatureModel {
  const hit = cache.get(doc.uri);
  const text = doc.getText();
  if (text.length > maxChars) return emptyModel;
  if (hit && hit.version === doc.version && hit.text.length === text.length) {
    if (settling.has(doc.uri)) settleSoon(doc.uri, hit.path, hit.analysis);
    return hit.model;
  }
  const path = documentPath(doc.uri);
  const analysis = analyzeCnf(text, { path, env: ctx.env, scope: { roots: ctx.workspaceRoots?.() ?? [], followOutside: true } });
  // Line numbers in answers ("defined on line N") from the document's own line table (kept
  // across edits), not from a line index of the whole text built again for each version. The
  // model serves this version only, and the document is at this version whenever it is read.
  const model = buildFeatureModel(analysis, (offset) => doc.positionAt(offset).line + 1);
  drop(doc.uri, true);
  while (cache.size && (cache.size >= cacheLimit || cachedChars + text.length > cacheCharLimit)) drop(cache.keys().next().value!);
  cache.set(doc.uri, { version: doc.version, text, model, path, analysis });
  cachedChars += text.length;
  settleSoon(doc.uri, path, analysis);
  return model;
}

/** The outline of each model (a model serves one document version). */
const symbolsOf = new WeakMap<FeatureModel, lsp.DocumentSymbol[]>();
/** The last outline of each cached document: the next version's outline reuses its unchanged symbols. */
const outlines = new Map<string, lsp.DocumentSymbol[]>();
/** Outlines begun in idle time (prepare), by model: the request that comes first finishes it. */
const outlinesBuilding = new WeakMap<FeatureModel, OutlineBuilder>();

function outlineBuilder(doc: TextDocument, model: FeatureModel): OutlineBuilder {
  let b = outlinesBuilding.get(model);
  if (!b) {
    const describe = (name: string): string | undefined => {
      const roles = model.rolesOf(name);
      return roles.length ? roles.map((r) => roleDocs[r].name).join(', ') : undefined;
    };
    b = new OutlineBuilder(new SymbolsBuilder(model.doc, describe), outlines.get(doc.uri) ?? [], positionsOf(doc));
    outlinesBuilding.set(model, b);
  }
  return b;
}

/** A built outline, kept as its model's answer and as the document's last outline. */
function finishOutline(doc: TextDocument, model: FeatureModel, b: OutlineBuilder): lsp.DocumentSymbol[] {
  outlinesBuilding.delete(model);
  // Never modified once made (OutlineBuilder seals each symbol and reuses it as it is): its JSON is made once.
  const symbols = seal(b.out);
  symbolsOf.set(model, symbols);
  if (cache.get(doc.uri)?.model === model) outlines.set(doc.uri, symbols);
  return symbols;
}

const triggerSuggestCommand = 'editor.action.triggerSuggest';

const completionKinds: Record<CnfCompletionKind, lsp.CompletionItemKind> = {
  section: lsp.CompletionItemKind.Module,
  key: lsp.CompletionItemKind.Property,
  extension: lsp.CompletionItemKind.Property,
  field: lsp.CompletionItemKind.Field,
  value: lsp.CompletionItemKind.EnumMember,
  variable: lsp.CompletionItemKind.Variable,
  keyword: lsp.CompletionItemKind.Keyword,
  snippet: lsp.CompletionItemKind.Snippet,
};

/**
 * Whether an openssl-conf document is a MySQL option file, per URI for the text the sniffer
 * reads (its first 200 kB, sniff.ts): its regular expressions over that head cost milliseconds
 * on each new version of a large file, and an edit further down cannot change the verdict.
 * Holds one earlier head per open document (the editor's close forgets it).
 */
const sniffed = new Map<string, { head: string; mysql: boolean }>();
function mysqlOptionFile(doc: TextDocument): boolean {
  const text = doc.getText();
  const head = text.length > sniffedChars ? text.slice(0, sniffedChars) : text;
  const known = sniffed.get(doc.uri);
  if (known && known.head === head) return known.mysql;
  const mysql = isMysqlOptionFile(head);
  sniffed.set(doc.uri, { head, mysql });
  return mysql;
}

export const cnfFeature: LanguageFeature = {
  name: 'openssl-cnf',
  // A my.cnf reaches us as openssl-conf through the .cnf association: no OpenSSL features on it.
  appliesTo: (doc) => doc.languageId === cnfLanguageId && !mysqlOptionFile(doc),
  completionTriggerCharacters: ['$', '@', '=', ',', ':', '[', '{'],

  hover(doc, params, ctx) {
    const model = modelFor(doc, ctx);
    const h = hoverAt(model, doc.offsetAt(params.position));
    if (!h) return null;
    return { contents: hoverContent(ctx, redactText(h.markdown, model.secrets, model.textOf(model.path))), range: rangeOf(positionsOf(doc), h.start, h.end) };
  },

  completion(doc, params, ctx) {
    const { items, incomplete } = completionListAt(modelFor(doc, ctx), doc.offsetAt(params.position));
    // Re-opening the suggestions after a completion is a VS Code command: only for clients that run it.
    const retrigger = ctx.client().clientCommands.has(triggerSuggestCommand);
    const at = positionsOf(doc);
    const out = items.map((c) => {
      const insert = insertion(ctx, c.insertText ?? c.label, !!c.snippet);
      const item: lsp.CompletionItem = {
        label: c.label,
        kind: completionKinds[c.kind],
        textEdit: lsp.TextEdit.replace(rangeOf(at, c.start, c.end), insert.text),
      };
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = completionDocumentation(c.documentation);
      if (insert.format) item.insertTextFormat = insert.format;
      if (c.sortText) item.sortText = c.sortText;
      if (c.filterText) item.filterText = c.filterText;
      if (c.retrigger && retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
      if (c.deprecated) item.tags = [lsp.CompletionItemTag.Deprecated];
      return item;
    });
    // Names left out (a file with thousands of sections): the editor asks again as the user types.
    return incomplete ? { isIncomplete: true, items: out } : out;
  },

  documentSymbols(doc, ctx) {
    const model = modelFor(doc, ctx);
    // Editors ask again for the same version (outline, breadcrumbs, sticky scroll): answer once per model.
    const known = symbolsOf.get(model);
    if (known) return known;
    const b = outlineBuilder(doc, model);
    b.build();
    return finishOutline(doc, model, b);
  },

  async prepare(doc, ctx, idle) {
    const model = modelFor(doc, ctx);
    const wanted = async (): Promise<boolean> => (await idle.next()) && cache.get(doc.uri)?.model === model;
    // What references of a section read (the sorted section references; every reference of a
    // file with includes, which hover and definition read too): made by the first of them otherwise.
    while (!model.prepareSectionRefs(idle.spent)) if (!(await wanted())) return;
    if (!(await wanted())) return;
    let symbols = symbolsOf.get(model);
    if (!symbols) {
      const b = outlineBuilder(doc, model);
      while (!b.build(idle.spent)) if (!(await wanted())) return;
      symbols = finishOutline(doc, model, b);
    }
    while (!prepareJson(symbols, idle.spent)) if (!(await wanted())) return;
    if (!(await wanted())) return;
    await prepareReferences(doc, model, idle, wanted);
  },

  definition(doc, params, ctx) {
    const model = modelFor(doc, ctx);
    return locations(doc, model, definitionAt(model, doc.offsetAt(params.position)));
  },

  references(doc, params, ctx) {
    const model = modelFor(doc, ctx);
    const target = targetAt(model, doc.offsetAt(params.position));
    return target ? referencesAnswer(doc, model, target, params.context.includeDeclaration) : [];
  },

  codeActions(doc, params, ctx) {
    const only = params.context.only;
    if (only && !only.some((k) => lsp.CodeActionKind.RefactorRewrite.startsWith(k))) return [];
    const model = modelFor(doc, ctx);
    const at = positionsOf(doc);
    return rewritesAt(model, doc.offsetAt(params.range.start), doc.offsetAt(params.range.end)).map((r) => ({
      title: r.title,
      kind: lsp.CodeActionKind.RefactorRewrite,
      edit: { changes: { [doc.uri]: r.edits.map((e) => lsp.TextEdit.replace(rangeOf(at, e.start, e.end), e.newText)) } },
    }));
  },

  foldingRanges(doc, ctx) {
    const out: lsp.FoldingRange[] = [];
    const at = positionsOf(doc);
    for (const f of foldingRanges(modelFor(doc, ctx).doc)) {
      const startLine = at(f.start).line;
      const endLine = at(f.end).line;
      if (endLine <= startLine) continue;
      const r: lsp.FoldingRange = { startLine, endLine };
      if (f.kind === 'comment') r.kind = lsp.FoldingRangeKind.Comment;
      else if (f.kind === 'region') r.kind = lsp.FoldingRangeKind.Region;
      out.push(r);
    }
    return out;
  },

  onDidClose(uri) {
    forgetCnfDocument(uri);
  },

  onWatchedFilesChanged(changes) {
    // A cached model holds the included files' texts (navigation positions are computed on them):
    // forget models that read a changed file, or a directory a file was added to or removed from.
    const changed = new Set<string>();
    for (const c of changes) {
      const p = documentPath(c.uri);
      changed.add(p);
      changed.add(dirname(p));
    }
    for (const [uri, hit] of cache) if (hit.model.dependencies.some((d) => changed.has(d))) drop(uri);
  },
};

/** Forgets the cached model of a document (tests, closed documents). */
export function forgetCnfDocument(uri: string): void {
  drop(uri);
  sniffed.delete(uri);
}
