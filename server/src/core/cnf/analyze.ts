/**
 * The openssl.cnf language service facade: parse → load (includes, expansion)
 * → semantic model → rules. `analyzeCnf` is what the linter, the editor features
 * and the CLI call; it keeps the last results keyed by path and text, so an
 * unchanged document is not analysed twice.
 */

import type { Environment } from '../environment';
import type { Finding } from '../types';
import { loadConfig, reloadConfig, type IncludeScope, type LoadedConfig } from './expand';
import { buildModel, patchModel, type CnfModel, type CommandLineUse } from './model';
import { redactFinding } from './secrets';
import type { CnfDocument } from './nodes';
import { parseCnf } from './parser';
import { changedSince, clearEdits, trackEdits, untrackEdits } from './edits';
import { reparseCnf } from './reparse';
import { ruleRun, updateRules, type RuleState } from './rules';

export interface AnalyzeOptions {
  /** Path of the document (absolute, or a pseudo-path for unsaved documents). */
  readonly path?: string;
  /** Files, environment and working directory for `.include` and `$ENV::`. */
  readonly env?: Pick<Environment, 'fs' | 'getEnv' | 'cwd'>;
  /** Environment variables that override env.getEnv (tests, the oracle). */
  readonly vars?: Readonly<Record<string, string | undefined>>;
  /** Sections the command line picks (-extensions / -reqexts, ca -name), when known: checked as in use. */
  readonly commandLine?: CommandLineUse;
  /** The user's own tree: content from outside it is never quoted (and, in the CLI, not read unless asked). */
  readonly scope?: IncludeScope;
}

export interface CnfAnalysis {
  readonly text: string;
  readonly doc: CnfDocument;
  readonly config: LoadedConfig;
  readonly model: CnfModel;
  /** Every diagnostic for the document, in its offsets. */
  readonly findings: readonly Finding[];
  /** Analysed with a known command line (not reused for a plain analysis). */
  readonly commandLine?: true;
}

/**
 * The rule findings of an analysis, made when first read: from scratch, or (after an edit the
 * model was patched for) by updating the findings of the analysis before it (`base`).
 */
interface Rules {
  findings?: readonly Finding[];
  /** What the next analysis updates its findings from. */
  state?: RuleState;
  base?: RuleState;
  /** The model was patched (its structure is the previous one's), not built anew. */
  modelPatched?: boolean;
}
const rulesOf = new WeakMap<CnfAnalysis, Rules>();

/**
 * The rule state of an analysis about to be replaced after an edit: the one its findings were
 * made with, or made now when it can be updated from its own predecessor's (an edit or two
 * whose findings nobody read in between: cheap, and it keeps the chain going). Undefined when
 * only a run of every rule would give it.
 */
function settledState(a: CnfAnalysis, model: CnfModel, config: LoadedConfig): RuleState | undefined {
  const rules = rulesOf.get(a);
  if (!rules) return undefined;
  if (!rules.findings && rules.base) update(rules, model, config);
  return rules.state;
}

function update(rules: Rules, model: CnfModel, config: LoadedConfig): void {
  const run = rules.base && updateRules(rules.base, model, rules.modelPatched === true);
  rules.base = undefined;
  if (!run) return;
  rules.findings = redacted(run.findings, config);
  rules.state = run.state;
}

/** Messages quote what is written, never an expansion from the environment or from outside the tree. */
function redacted(raw: readonly Finding[], config: LoadedConfig): readonly Finding[] {
  return config.secrets.length ? raw.map((f) => redactFinding(f, config.secrets, config.doc.text)) : raw;
}

const cache = new Map<string, CnfAnalysis>();
const cacheLimit = 16;
/** Characters of text all cached analyses may hold together (a model costs several times its text). */
const cacheCharLimit = 4_000_000;
let cachedChars = 0;

function drop(key: string): void {
  untrackEdits(key);
  const hit = cache.get(key);
  if (!hit) return;
  cachedChars -= hit.text.length;
  cache.delete(key);
}

/** Parses, loads and checks one openssl.cnf text. Never throws. */
export function analyzeCnf(text: string, options: AnalyzeOptions = {}): CnfAnalysis {
  const key = options.path ?? '';
  const hit = cache.get(key);
  // A noted edit first: it is found by identity, where comparing the texts would read both.
  const since = hit && changedSince(key, hit.text, text);
  const same = !since && hit?.text === text;
  if (hit && same && !hit.config.includes.length && !hit.config.usesEnv && !options.commandLine && !hit.commandLine) return hit;
  // Findings are updated from the previous analysis's: settle them before its tables are reused below.
  const base = since && !options.commandLine && !hit.commandLine ? settledState(hit, hit.model, hit.config) : undefined;
  // The parse depends on the text alone: the same text reuses it, a noted edit re-parses its lines.
  // The cached analysis is replaced below, so the re-parse and the patched load may reuse its tables in place.
  const doc = since ? reparseCnf(hit.doc, text, since, true) : same ? hit!.doc : parseCnf(text);
  // After a value edit on a file without includes, the previous load is patched instead of redone.
  const config = (since && reloadConfig(hit.config, doc, options.path ?? '<document>', true)) || loadConfig(doc, options);
  const patched = since && !hit.commandLine ? patchModel(hit.model, config, options.commandLine) : undefined;
  const model = patched || buildModel(config, options.commandLine);
  // Rule findings are updated when the store was patched in place (the model maybe not).
  const rules: Rules = base && config.reloaded?.inPlace ? { base, modelPatched: !!patched } : {};
  const result: CnfAnalysis = {
    text,
    doc,
    config,
    model,
    // The rules run when someone reads the findings: an editor request on a new version
    // (hover, completion) needs the model only, the linter reads them after its debounce.
    get findings(): readonly Finding[] {
      if (!rules.findings) update(rules, model, config);
      if (!rules.findings) {
        const run = ruleRun(model, options.commandLine);
        rules.findings = redacted(run.findings, config);
        rules.state = run.state;
      }
      return rules.findings;
    },
    ...(options.commandLine ? { commandLine: true as const } : {}),
  };
  rulesOf.set(result, rules);
  drop(key);
  if (text.length <= cacheCharLimit) {
    while (cache.size && (cache.size >= cacheLimit || cachedChars + text.length > cacheCharLimit)) drop(cache.keys().next().value!);
    cache.set(key, result);
    trackEdits(key, text);
    cachedChars += text.length;
  }
  return result;
}

/** The cached analysis of `path` when it was made for exactly `text` (no new analysis). */
export function cachedCnfAnalysis(path: string, text: string): CnfAnalysis | undefined {
  const hit = cache.get(path);
  return hit && hit.text === text ? hit : undefined;
}

/**
 * Makes the findings of `analysis`, the cached analysis of `path`, when they are an update of
 * the findings before them (an edit the load was patched for): what the next analysis does
 * first otherwise (settledState). Never a run of every rule, and nothing for an analysis a later
 * one replaced (it consumed its tables).
 */
export function settleCnfFindings(path: string, analysis: CnfAnalysis): void {
  const rules = rulesOf.get(analysis);
  if (cache.get(path) === analysis && rules && !rules.findings && rules.base) update(rules, analysis.model, analysis.config);
}

/** Drops the cached analysis of one file (the editor closed it). */
export function forgetCnfAnalysis(path: string): void {
  drop(path);
}

/** Drops cached analyses (tests, or when included files change). */
export function clearCnfCache(): void {
  cache.clear();
  clearEdits();
  cachedChars = 0;
}
