/**
 * The openssl.cnf language service facade: parse → load (includes, expansion)
 * → semantic model → rules. `analyzeCnf` is what the linter, the editor features
 * and the CLI call; it keeps the last results keyed by path and text, so an
 * unchanged document is not analysed twice.
 */

import type { Environment } from '../environment';
import type { Finding } from '../types';
import { loadConfig, type LoadedConfig } from './expand';
import { buildModel, type CnfModel, type CommandLineUse } from './model';
import type { CnfDocument } from './nodes';
import { parseCnf } from './parser';
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

/** Parses, loads and checks one openssl.cnf text. Never throws. */
export function analyzeCnf(text: string, options: AnalyzeOptions = {}): CnfAnalysis {
  const key = options.path ?? '';
  const hit = cache.get(key);
  if (hit && hit.text === text && !hit.config.includes.length && !hit.config.usesEnv && !options.commandLine && !hit.commandLine) return hit;
  const doc = parseCnf(text);
  const config = loadConfig(doc, options);
  const model = buildModel(config, options.commandLine);
  const findings = runRules(model, options.commandLine);
  const result: CnfAnalysis = { text, doc, config, model, findings, ...(options.commandLine ? { commandLine: true } : {}) };
  if (cache.size >= cacheLimit && !cache.has(key)) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/** Drops cached analyses (tests, or when included files change). */
export function clearCnfCache(): void {
  cache.clear();
}
