/**
 * What a rule pass read of the configuration, recorded while it runs, so that after an
 * edit its findings are reused exactly when nothing it read has changed (rules/incremental.ts).
 *
 * What is noted: a section's keys and values (entries, byKey, key counts) by the section's
 * name; the load problems; the raw text only
 * through the probes below (a whole-text regex test, the text's end, a line end); anything
 * that reaches every entry or reference at once (allEntries, refs, store, doc, files) as
 * "all". The model's structure (section names, roles, headers, section references) is not
 * noted: an edit that may change it runs every pass again.
 */

import { sectionReads } from '../configStore';
import type { LoadedConfig } from '../expand';
import type { CnfModel } from '../model';

export class ReadLog {
  /** Sections whose keys or values were read, by name. */
  readonly sections = new Set<string>();
  /** Something read every entry, every reference or the raw text at once. */
  all = false;
  /** The load problems were read. */
  problems = false;
  /** Every `$reference`'s name was read (they change only where a `$` is written). */
  variables = false;
  /** Every value was searched for `@name` (they change only where an `@` or a `$` is written). */
  atValues = false;
  /** Text ranges read directly: [start, end) pairs. */
  readonly spans: number[] = [];
  /** Regexes tested against the whole text. */
  readonly probes: RegExp[] = [];
}

const logs = new WeakMap<LoadedConfig, { log: ReadLog; inner: LoadedConfig }>();

/**
 * Runs `pass` over `model` seen through views that note in `log` what it reads (see the
 * module comment): the sections' reads are noted by the sections themselves
 * (configStore.ts sectionReads), the rest by the configuration and model views given to it.
 */
export function tracked<T>(model: CnfModel, log: ReadLog, pass: (model: CnfModel) => T): T {
  const c = model.config;
  const all = <X>(x: X): X => {
    log.all = true;
    return x;
  };
  const config: LoadedConfig = {
    path: c.path,
    get doc() {
      return all(c.doc);
    },
    sections: c.sections,
    get allEntries() {
      return all(c.allEntries);
    },
    get refs() {
      return all(c.refs);
    },
    includes: c.includes,
    get problems() {
      log.problems = true;
      return c.problems;
    },
    get files() {
      return all(c.files);
    },
    dependencies: c.dependencies,
    fatal: c.fatal,
    usesEnv: c.usesEnv,
    get store() {
      return all(c.store);
    },
    secrets: c.secrets,
    ...(c.fileExists ? { fileExists: c.fileExists } : {}),
    ...(c.engine ? { engine: c.engine } : {}),
  };
  logs.set(config, { log, inner: c });
  const view: CnfModel = {
    config,
    sections: model.sections,
    givenSections: () => model.givenSections(),
    // Read when a rule asks (a getter: on a large file the list is tens of thousands of objects, and no rule of a lint may ask).
    get sectionRefs() {
      return model.sectionRefs;
    },
    get namedSectionRefs() {
      return model.namedSectionRefs;
    },
    prepareSectionRefs: (spent) => model.prepareSectionRefs(spent),
    get variableRefs() {
      return all(model.variableRefs);
    },
    reqSections: model.reqSections,
    caSections: model.caSections,
    customObjects: model.customObjects,
    info: (name) => model.info(name),
    hasRole: (name, role) => model.hasRole(name, role),
  };
  const outer = sectionReads.current;
  sectionReads.current = log.sections;
  try {
    return pass(view);
  } finally {
    sectionReads.current = outer;
  }
}

/** The configuration behind a tracked one, and its log (undefined for an untracked one). */
function untracked(config: LoadedConfig): { log?: ReadLog; inner: LoadedConfig } {
  return logs.get(config) ?? { inner: config };
}

/**
 * `read` over the whole configuration, noted as a read of what `what` says only (not as a
 * read of everything): the names of the `$references`, or the `@names` in values.
 */
export function readAll<T>(config: LoadedConfig, what: 'variables' | 'atValues', read: (config: LoadedConfig) => T): T {
  const { log, inner } = untracked(config);
  if (log) log[what] = true;
  return read(inner);
}

/** Whether `re` matches somewhere in the document's text (a whole-text test, noted as a probe). */
export function mentions(config: LoadedConfig, re: RegExp): boolean {
  const { log, inner } = untracked(config);
  log?.probes.push(re);
  return re.test(inner.doc.text);
}

/** The text's length and whether it ends with a line break (where a fix appends a section). */
export function textEnd(config: LoadedConfig): { readonly length: number; readonly newline: boolean } {
  const { log, inner } = untracked(config);
  const text = inner.doc.text;
  log?.spans.push(Math.max(0, text.length - 1), text.length);
  return { length: text.length, newline: text.endsWith('\n') };
}

/** The offset of the first line break at or after `at`, or -1 (noted as a read of the text between). */
export function lineBreakAfter(config: LoadedConfig, at: number): number {
  const { log, inner } = untracked(config);
  const text = inner.doc.text;
  const nl = text.indexOf('\n', at);
  log?.spans.push(at, nl < 0 ? text.length : nl + 1);
  return nl;
}
