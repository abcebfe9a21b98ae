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
import { runRules } from './rules';

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
  // The parse depends on the text alone: the same text reuses it, a noted edit re-parses its lines.
  // The cached analysis is replaced below, so the re-parse and the patched load may reuse its tables in place.
  const doc = since ? reparseCnf(hit.doc, text, since, true) : same ? hit!.doc : parseCnf(text);
  // After a value edit on a file without includes, the previous load is patched instead of redone.
  const config = (since && reloadConfig(hit.config, doc, options.path ?? '<document>', true)) || loadConfig(doc, options);
  const model = (since && !hit.commandLine && patchModel(hit.model, config, options.commandLine)) || buildModel(config, options.commandLine);
  let findings: readonly Finding[] | undefined;
  const result: CnfAnalysis = {
    text,
    doc,
    config,
    model,
    // The rules run when someone reads the findings: an editor request on a new version
    // (hover, completion) needs the model only, the linter reads them after its debounce.
    get findings(): readonly Finding[] {
      if (!findings) {
        const raw = runRules(model, options.commandLine);
        // Messages quote what is written, never an expansion from the environment or from outside the tree.
        findings = config.secrets.length ? raw.map((f) => redactFinding(f, config.secrets)) : raw;
      }
      return findings;
    },
    ...(options.commandLine ? { commandLine: true as const } : {}),
  };
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
