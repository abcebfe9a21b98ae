/**
 * Semantic model of a loaded openssl.cnf: what each section is for (its roles),
 * which values name which sections (with the range of the name, for go-to-
 * definition and find-references), and every `$variable` reference resolved.
 *
 * Roles come from the places OpenSSL reads: `[ req ]` (or any section shaped
 * like it, for `openssl req -section`) and the sections it names;
 * `[ ca ]`/`default_ca` (or any section shaped like CA settings, for
 * `openssl ca -name`) with its `policy`, `x509_extensions`, `crl_extensions`;
 * extension sections and the sections their values name (`@alt_names`,
 * `dirName:dir_sect`, CRL distribution point and policy sections);
 * `openssl_conf` and the library-configuration sections below it; `oid_section`;
 * `[ tsa ]`/`default_tsa` (or any section shaped like TSA settings, for
 * `openssl ts -reply -section`); and the SEQUENCE / SET sections an ASN.1
 * value names (`ASN1:SEQUENCE:sect`, `otherName:OID;SEQ:sect`, and within those
 * sections, as ASN1_generate_nconf reads them).
 */

import * as CS from './configStore';
import { getString, type ConfEntry, type ConfSection, type LoadedConfig, type VariableRef } from './expand';
import type { Span } from './nodes';
import { extensions, generalNameTypes, objectByName } from './vocabulary';
import { caShapeKeys, reqShapeKeys, tsaShapeKeys } from './watchedKeys';
import { asn1SectionOf } from './x509values';

export type SectionRole =
  | 'default'
  | 'req'
  | 'dn'
  | 'attributes'
  | 'extensions'
  | 'crlExtensions'
  | 'ca'
  | 'caSettings'
  | 'policy'
  | 'generalNames'
  | 'dirName'
  | 'oids'
  | 'libraryInit'
  | 'module'
  | 'distributionPoint'
  | 'policyInfo'
  | 'extensionValue'
  | 'tsa'
  | 'tsaSettings'
  | 'asn1'
  | 'env';

/** How an extension section is used: in a CSR, in a certificate, in a CRL, or unknown (`-extensions` on the command line). */
export type ExtensionUse = 'request' | 'certificate' | 'crl' | 'unknown';

/** What makes a value name a section. */
export type SectionRefKind =
  | 'distinguished_name'
  | 'attributes'
  | 'req_extensions'
  | 'x509_extensions'
  | 'crl_extensions'
  | 'extensions'
  | 'default_ca'
  | 'policy'
  | 'oid_section'
  | 'openssl_conf'
  | 'module'
  | '@section'
  | 'dirName'
  | 'distributionPoint'
  | 'default_tsa'
  | 'asn1Sequence'
  | 'asn1Set'
  | 'variable'
  | 'target';

/** A place in a value (or `$sect::` / `sect::key`) that names a section. */
export interface SectionRef extends Span {
  readonly kind: SectionRefKind;
  /** The section name referred to. */
  readonly target: string;
  /** The entry whose value contains the reference (absent for `$sect::` references). */
  readonly entry?: ConfEntry;
  readonly file: string;
  readonly local: boolean;
  /** Whether the section exists. */
  readonly exists: boolean;
  /** Whether the range covers exactly the name (false: it covers the whole value, e.g. when it came from a $variable). */
  readonly exact: boolean;
}

export interface SectionInfo {
  readonly name: string;
  /** Undefined for a section that is only referred to. */
  readonly section?: ConfSection;
  readonly roles: ReadonlySet<SectionRole>;
  readonly uses: ReadonlySet<ExtensionUse>;
  /** References to this section. */
  readonly refs: readonly SectionRef[];
}

/**
 * The `$section::name` references of a configuration, kept as numbers until someone reads
 * them: a large file can have one on every other line, and a lint reads few of them.
 * Each reference is made once (so the model's list and a section's list share it).
 */
/** Whether the store's reference row k is a `$section::name` reference the model counts (ENV's are the environment). */
export function namesSection(store: CS.ConfigStore, k: number): boolean {
  const at = k * RS;
  return store.refs[at + R_SECT_START]! >= 0 && store.sectionName(store.refs[at + R_LOOKUP]!) !== 'ENV';
}

class VariableRefs {
  /**
   * [start, end, section id, document] per reference, in load order: copied from the store's
   * rows (a patched load moves those) into one array sized once, off the garbage-collected heap.
   */
  private readonly rows: Int32Array;
  readonly count: number;
  private readonly made: SectionRef[] = [];
  private byTarget: Map<string, number[]> | undefined;
  constructor(private readonly config: LoadedConfig) {
    const store = config.store;
    const rf = store.refs;
    let n = 0;
    for (let k = 0; k < store.refCount; k++) if (namesSection(store, k)) n++;
    const rows = new Int32Array(4 * n);
    let j = 0;
    for (let k = 0; k < store.refCount; k++) {
      if (!namesSection(store, k)) continue;
      const at = k * RS;
      rows[j] = rf[at + R_SECT_START]!;
      rows[j + 1] = rf[at + R_SECT_END]!;
      rows[j + 2] = rf[at + R_LOOKUP]!;
      rows[j + 3] = rf[at + R_DOC]!;
      j += 4;
    }
    this.rows = rows;
    this.count = n;
  }
  /** The section the j-th reference names. */
  target(j: number): string {
    return this.config.store.sectionName(this.rows[4 * j + 2]!);
  }
  private ref(j: number): SectionRef {
    let r = this.made[j];
    if (!r) {
      const target = this.target(j);
      const file = this.config.store.docPaths[this.rows[4 * j + 3]!]!;
      r = { kind: 'variable', target, file, local: file === this.config.path, exists: this.config.sections.has(target), exact: true, start: this.rows[4 * j]!, end: this.rows[4 * j + 1]! };
      this.made[j] = r;
    }
    return r;
  }
  /** How many references prepare has made, from the first. */
  private prepared = 0;
  /** Makes references ahead, at least `part` per call, until `spent()`: true once all are made. */
  prepare(spent: () => boolean, part = 512): boolean {
    while (this.prepared < this.count) {
      const stop = Math.min(this.count, this.prepared + part);
      for (; this.prepared < stop; this.prepared++) this.ref(this.prepared);
      if (spent()) break;
    }
    return this.prepared >= this.count;
  }
  all(): SectionRef[] {
    const out: SectionRef[] = new Array(this.count);
    for (let j = 0; j < out.length; j++) out[j] = this.ref(j);
    return out;
  }
  /** The references to one section, in load order. */
  of(target: string): SectionRef[] {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (let j = 0; j < this.count; j++) {
        const t = this.target(j);
        const list = this.byTarget.get(t);
        if (list) list.push(j);
        else this.byTarget.set(t, [j]);
      }
    }
    return (this.byTarget.get(target) ?? []).map((j) => this.ref(j));
  }
}

/** While the model is built: sets and lists are shared empty ones until something is added (most sections get nothing). */
class MutableInfo implements SectionInfo {
  roles: Set<SectionRole> = none;
  uses: Set<ExtensionUse> = none;
  /** References other than `$section::name` ones, in the order they were found. */
  own: SectionRef[] = noRefs;
  private all: readonly SectionRef[] | undefined;
  constructor(
    readonly name: string,
    readonly section: ConfSection | undefined,
    private readonly variables: VariableRefs,
  ) {}
  /** The `$section::name` references first (the model finds them first), then the others; read once the model is built. */
  get refs(): readonly SectionRef[] {
    if (!this.all) {
      const v = this.variables.of(this.name);
      this.all = v.length ? v.concat(this.own) : this.own;
    }
    return this.all;
  }
}
const none: Set<never> = new Set();
const noRefs: SectionRef[] = [];
function addRole(i: MutableInfo, role: SectionRole): void {
  if (i.roles === none) i.roles = new Set();
  i.roles.add(role);
}
function addUse(i: MutableInfo, use: ExtensionUse): void {
  if (i.uses === none) i.uses = new Set();
  i.uses.add(use);
}
function addRef(i: MutableInfo, ref: SectionRef): void {
  if (i.own === noRefs) i.own = [];
  i.own.push(ref);
}

/**
 * The model's sections: the infos of sections something gave a role, a use or a reference,
 * and for every other section of the configuration a plain info made when asked (most
 * sections of a large file get nothing, and an object per section was a tenth of a lint's
 * memory). Iterates as a Map built in that order would: the configuration's sections, then
 * the sections only referred to, in order of first reference.
 */
class SectionInfos implements ReadonlyMap<string, SectionInfo> {
  constructor(
    private readonly config: LoadedConfig,
    readonly infos: ReadonlyMap<string, SectionInfo>,
  ) {}
  get(name: string): SectionInfo | undefined {
    const i = this.infos.get(name);
    if (i) return i;
    const section = this.config.sections.get(name);
    return section ? { name, section, roles: none, uses: none, refs: noRefs } : undefined;
  }
  has(name: string): boolean {
    return this.infos.has(name) || this.config.sections.has(name);
  }
  get size(): number {
    let n = this.config.sections.size;
    for (const name of this.infos.keys()) if (!this.config.sections.has(name)) n++;
    return n;
  }
  *entries(): MapIterator<[string, SectionInfo]> {
    for (const [name, section] of this.config.sections) yield [name, this.infos.get(name) ?? { name, section, roles: none, uses: none, refs: noRefs }];
    for (const [name, i] of this.infos) if (!this.config.sections.has(name)) yield [name, i];
  }
  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): MapIterator<SectionInfo> {
    for (const [, i] of this.entries()) yield i;
  }
  forEach(fn: (value: SectionInfo, key: string, map: ReadonlyMap<string, SectionInfo>) => void): void {
    for (const [name, i] of this.entries()) fn(i, name, this);
  }
  [Symbol.iterator](): MapIterator<[string, SectionInfo]> {
    return this.entries();
  }
  /** The infos something was given, in iteration order, without making the plain ones (infos added meanwhile are visited as a Map would). */
  *given(): Generator<[string, SectionInfo]> {
    // The sections in the order of config.sections, read by id (tens of thousands in a large file: no view each).
    const store = this.config.store;
    for (let n = 0; n < store.createdCount; n++) {
      const name = store.sectionName(store.createdAt(n));
      const i = this.infos.get(name);
      if (i) yield [name, i];
    }
    for (const [name, i] of this.infos) if (!this.config.sections.has(name)) yield [name, i];
  }
}

export interface CnfModel {
  readonly config: LoadedConfig;
  /** Every section that exists or is referred to, by name. */
  readonly sections: ReadonlyMap<string, SectionInfo>;
  /**
   * The sections something gave a role, a use or a reference, in the order of `sections`: the
   * others have none, so a rule looking for a role reads only these (not a view per section).
   */
  givenSections(): Iterable<[string, SectionInfo]>;
  readonly sectionRefs: readonly SectionRef[];
  /**
   * The references other than `$section::name` ones (values that name a section, `sect::key`
   * targets), in the order found: with the store's reference rows (see namesSection) they are
   * `sectionRefs`, without making an object for every `$section::name` reference.
   */
  readonly namedSectionRefs: readonly SectionRef[];
  /**
   * Makes the `$section::name` references of `sectionRefs` ahead, a part at a time until
   * `spent()` says the time is up (idle time: a large file has thousands): true once made.
   */
  prepareSectionRefs(spent: () => boolean): boolean;
  readonly variableRefs: readonly VariableRef[];
  /** Sections that `openssl req` may use as its main section (`req` and look-alikes). */
  readonly reqSections: readonly string[];
  /** CA settings sections (`default_ca` targets and look-alikes). */
  readonly caSections: readonly string[];
  /** Object names defined by `oid_section` (usable as EKU names, DN fields). */
  readonly customObjects: ReadonlySet<string>;
  /** The sections entries of which are shown in the main document, in order of first header. */
  info(name: string): SectionInfo | undefined;
  /** Whether a section has a role. */
  hasRole(name: string, role: SectionRole): boolean;
}

const { RS, R_DOC, R_LOOKUP, R_SECT_END, R_SECT_START } = CS;
/** Either key alone makes a section CA settings. */
const caStrongKeys = ['database', 'new_certs_dir'];
const reqMask = CS.watchedMask(reqShapeKeys);
const caMask = CS.watchedMask(caShapeKeys);
const caStrongMask = CS.watchedMask(caStrongKeys);
const tsaMask = CS.watchedMask(tsaShapeKeys);

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}


/** Strips OpenSSL's `critical,` prefix. */
export function stripCritical(v: string): { critical: boolean; rest: string; offset: number } {
  if (v.startsWith('critical,')) {
    let i = 9;
    while (i < v.length && /\s/.test(v[i]!)) i++;
    return { critical: true, rest: v.slice(i), offset: i };
  }
  return { critical: false, rest: v, offset: 0 };
}

/** First characters of the general-name types: a key starting otherwise is none (tested before its string is made). */
const generalNameStarts = new Set<number>(generalNameTypes.map((t) => t.charCodeAt(0)));
const mayStartGeneralName = (first: number): boolean => generalNameStarts.has(first);

export function isGeneralNameKey(key: string): boolean {
  for (const t of generalNameTypes) {
    if (key === t || (key.startsWith(t) && key[t.length] === '.')) return true;
  }
  return false;
}

/**
 * Whether more than half of a section's keys are extensions (names, or an OID or
 * object name with a generic DER:/ASN1: value): a section for `-extensions` or
 * `-reqexts`, even when one name in it is misspelt. Runs on every section nothing
 * names, so it builds only keys that can count (found by hash first).
 */
function mostlyExtensions(section: ConfSection): boolean {
  if (section.candidateCount === 0) return false;
  const keys = section.keysWhere(CS.mayBeCandidate);
  let ext = 0;
  for (const k of keys) {
    if (extensions.has(k) || (k !== '' && (/^\d/.test(k) || objectByName(k) !== undefined) && /^(DER|ASN1):/.test(stripCritical(section.byKey.get(k)?.value ?? '').rest))) ext++;
  }
  return ext > 0 && 2 * ext > section.entryCount;
}

/** One `openssl ca` run on the file: the section `-name` picks (none: the one default_ca names) and what it does. */
export interface CaRun {
  readonly name?: string;
  /** Serial and the other signing keys matter only to sign. */
  readonly operation: 'sign' | 'gencrl' | 'revoke';
  /** The options it gives (`-days`, `-policy`, `-crlexts`…): keys they stand in for are not read. */
  readonly options?: readonly string[];
}

/** One `openssl ts -reply` run on the file: the section `-section` picks (none: default_tsa's) and the options it gives (`-signer`, `-sha256`…). */
export interface TsReplyRun {
  readonly section?: string;
  readonly options?: readonly string[];
}

/**
 * How the command lines that use the file use it, when the caller knows (the corpus record, a CLI
 * flag, a used-by comment, the workspace's scripts): one command, or several merged (mergeUses in
 * commandUse.ts), where a rule that depends on the use judges by every use given.
 */
export interface CommandLineUse {
  /** Sections `-extensions` / `-reqexts` pick: extension sections in use, like those the file names. */
  readonly extensions?: readonly string[];
  /**
   * The openssl ca runs on the file. Unsaid, none is known: a CA section default_ca names and
   * sets up (three CA keys) is taken as the one openssl ca signs with.
   */
  readonly ca?: readonly CaRun[];
  /** The openssl ts -reply runs on the file: the section `-section` picks (none: default_tsa's). Unsaid: default_tsa's. */
  readonly tsReply?: readonly TsReplyRun[];
  /**
   * How the command loads the file as OpenSSL's configuration: `config` given with -config
   * (openssl req, ca; also OSSL_LIB_CTX_load_config), where a library module that fails to
   * load stops the command; `opensslConf` as OPENSSL_CONF, where it is skipped unless
   * config_diagnostics is set. Unsaid, a file with a req or CA section is taken as `config`.
   */
  readonly loadedAs?: 'config' | 'opensslConf';
  /**
   * The commands that read the file, when known (every command of the uses merged): `req` never
   * reads the CA or TSA settings, `ca` never the req settings, `ts` neither; `extfile`
   * (`x509 -extfile`, `ca -extfile`) reads only the extension section it picks. Unsaid: any.
   */
  readonly commands?: readonly OpensslCommand[];
  /** Every openssl req run gives -subj: none reads the fields of the distinguished_name section. */
  readonly reqSubj?: true;
  /**
   * The commands read the file only through `.include` of another configuration file: a section it
   * names and lacks, the [ req ] distinguished_name and the section default_ca names may be in that file.
   */
  readonly included?: true;
}

/** The commands that read a configuration file as the rules tell them apart. */
export type OpensslCommand = 'req' | 'ca' | 'ts' | 'extfile';


/**
 * The model of `config`, a configuration reloadConfig patched in place from `prev.config`,
 * made from `prev` (whose section references move with the text) when no changed value is
 * one the model reads: not in a section with a role, not a key whose value names a section
 * or an extension, no `$section::` reference. Undefined otherwise (build it anew). Equal to
 * buildModel(config); prev must not be read afterwards.
 */
export function patchModel(prev: CnfModel, config: LoadedConfig, commandLine?: CommandLineUse): CnfModel | undefined {
  const r = config.reloaded;
  if (!r || !r.inPlace || r.sectionRefs || commandLine || prev.config.store !== config.store) return undefined;
  const store = config.store;
  const prevSections = prev.sections as SectionInfos;
  // Entries moved between two sections (a header inserted or deleted): both stay sections the model gives nothing.
  if (r.moved && !(plainSection(prevSections, store, r.moved.out) && plainSection(prevSections, store, r.moved.into))) return undefined;
  for (let id = r.first; id < r.end; id++) {
    const roles = r.moved ? none : prev.sections.get(store.sectionName(store.sectionOf(id)))?.roles;
    if (!roles || roles.size > (roles.has('default') ? 1 : 0)) return undefined;
    const key = store.keyOf(id);
    if (CS.modelReadsKey(key, store.keyHash(id))) return undefined;
  }
  if (r.renamed && r.renamed.from !== r.renamed.to) {
    // A renamed section the model gave nothing (no role, no reference), under a name it did not know: the same, renamed, in its place.
    // Asked of the infos the model made: a load patched in place has renamed the section in the
    // configuration prev reads its plain sections from (the old name is gone there, the new one there).
    const { from, to } = r.renamed;
    const was = prevSections.infos.get(from);
    if ((was && (was.roles.size || was.uses.size || was.refs.length)) || prevSections.infos.has(to)) return undefined;
  }
  // Sections the model gave nothing are read from the configuration's sections: the same map unless a
  // section was renamed, and then one with the new name in the old one's place.
  const sections = config.sections === prev.config.sections ? prevSections : new SectionInfos(config, prevSections.infos);
  const refs = prev.sectionRefs;
  if (r.delta) {
    for (const ref of refs) {
      if (ref.start < r.textStop) continue;
      const m = ref as { start: number; end: number };
      m.start += r.delta;
      m.end += r.delta;
    }
  }
  return {
    config,
    sections,
    givenSections: () => sections.given(),
    sectionRefs: refs,
    namedSectionRefs: prev.namedSectionRefs,
    // Made already: the list moved above.
    prepareSectionRefs: () => true,
    get variableRefs() {
      return config.refs;
    },
    reqSections: prev.reqSections,
    caSections: prev.caSections,
    customObjects: prev.customObjects,
    info: (name) => sections.get(name),
    hasRole: (name, role) => sections.infos.get(name)?.roles.has(role) ?? false,
  };
}

/**
 * Whether the model gave a section nothing before an edit and gives it nothing after it (when
 * it exists): no role, use or reference, and now no key that shapes a section (req or CA
 * settings), no key that may be an extension, and not only general-name keys.
 */
function plainSection(prev: SectionInfos, store: CS.ConfigStore, name: string): boolean {
  const was = prev.infos.get(name);
  if (was && (was.roles.size || was.uses.size || was.refs.length)) return false;
  const id = store.sectionIds.get(name);
  if (id === undefined || !store.sectionExists(id)) return true;
  if (store.sectionWatched(id) !== 0 || store.sectionCandidateCount(id) !== 0) return false;
  return store.sectionKeyCount(id) === 0 || !store.everyKey(id, mayStartGeneralName, isGeneralNameKey);
}

export function buildModel(config: LoadedConfig, commandLine: CommandLineUse = {}): CnfModel {
  // Only sections something is given: see SectionInfos.
  const sections = new Map<string, MutableInfo>();
  const variables = new VariableRefs(config);
  /** The references other than `$section::name` ones; sectionRefs puts those first. */
  const sectionRefs: SectionRef[] = [];
  const info = (name: string): MutableInfo => {
    let s = sections.get(name);
    if (!s) {
      s = new MutableInfo(name, config.sections.get(name), variables);
      sections.set(name, s);
    }
    return s;
  };
  addRole(info('default'), 'default');
  if (config.sections.has('ENV')) addRole(info('ENV'), 'env');

  const get = (sect: string, key: string): ConfEntry | undefined => config.sections.get(sect)?.byKey.get(key);
  /** NCONF_get_string semantics: the section, then the default section. */
  const getWithDefault = (sect: string, key: string): ConfEntry | undefined => getString(config, sect, key);

  /** Records that `entry`'s value (or the part `name` of it) names a section. */
  /** `${kind}:${entry}` already recorded: a default-section value read by two commands is one reference. */
  const referred = new Set<string>();
  /** `at`: where the name starts in the entry's value, when it is not simply the first occurrence. */
  const refer = (kind: SectionRefKind, name: string, entry: ConfEntry, role?: SectionRole, use?: ExtensionUse, at?: number): MutableInfo => {
    const target = info(name);
    if (role) addRole(target, role);
    if (use) addUse(target, use);
    const once = `${kind}:${entry.seq}:${name}`;
    if (referred.has(once)) return target;
    referred.add(once);
    const raw = entry.node.value.raw;
    let start = entry.node.value.start;
    let end = entry.node.value.end;
    let exact = false;
    const plain = entry.refs.length === 0 && entry.node.line.joins === undefined;
    const idx = !plain ? -1 : at !== undefined && raw === entry.value ? at : raw.indexOf(name);
    if (idx >= 0 && name.length > 0) {
      start += idx;
      end = start + name.length;
      exact = true;
    }
    const ref: SectionRef = { kind, target: name, entry, file: entry.file, local: entry.local, exists: config.sections.has(name), exact, start, end };
    addRef(target, ref);
    sectionRefs.push(ref);
    return target;
  };

  // $sect::name references (kept as numbers: see VariableRefs, which picked them from the store's rows) and sect::key = targets.
  const store = config.store;
  for (let j = 0; j < variables.count; j++) info(variables.target(j));
  for (const id of store.sideEntries) {
    const e = store.entry(id);
    if (e.node.target && e.node.target.value !== 'ENV') {
      const t = info(e.node.target.value);
      const ref: SectionRef = { kind: 'target', target: e.node.target.value, entry: e, file: e.file, local: e.local, exists: true, exact: true, start: e.node.target.start, end: e.node.target.end };
      addRef(t, ref);
      sectionRefs.push(ref);
    }
  }

  // Main sections: req and CA settings, by name and by shape.
  const reqSections: string[] = [];
  const caSections: string[] = [];
  const customObjects = new Set<string>();
  // Shape tests on every section: bit tests where the store noted the keys while loading.
  // The loops over every section read the store's rows by section id, in the order of
  // config.sections, and make a section view only for a section that can count (a large file
  // has tens of thousands of sections).
  const sectionCount = store.createdCount;
  const has = (id: number, mask: number): number => popcount(store.sectionWatched(id) & mask);
  // The section default_ca names is openssl ca's: req keys written there (devcert's domain-certificates.conf copies
  // prompt and req_extensions into it) are keys ca does not read (CA-009), not settings of an openssl req -section.
  const caTarget = getWithDefault('ca', 'default_ca');
  const caSettingsName = caTarget && !caTarget.failed ? caTarget.value : undefined;
  for (let n = 0; n < sectionCount; n++) {
    const id = store.createdAt(n);
    const name = store.sectionName(id);
    if (name === 'req' || (name !== 'default' && name !== caSettingsName && has(id, reqMask) > 0)) {
      reqSections.push(name);
      addRole(info(name), 'req');
    }
  }
  const caSect = config.sections.get('ca');
  if (caSect) addRole(info('ca'), 'ca');
  const defaultCa = getWithDefault('ca', 'default_ca');
  if (defaultCa && !defaultCa.failed) {
    const t = refer('default_ca', defaultCa.value, defaultCa, 'caSettings');
    if (!caSections.includes(t.name)) caSections.push(t.name);
  }
  for (let n = 0; n < sectionCount; n++) {
    const id = store.createdAt(n);
    const name = store.sectionName(id);
    if (name === 'default' || caSections.includes(name)) continue;
    if (has(id, caMask) >= 2 || has(id, caStrongMask) > 0) {
      caSections.push(name);
      addRole(info(name), 'caSettings');
    }
  }

  const extensionSection = (name: string, use: ExtensionUse): void => {
    const t = info(name);
    addRole(t, use === 'crl' ? 'crlExtensions' : 'extensions');
    addUse(t, use);
  };

  for (const r of reqSections) {
    const dn = getWithDefault(r, 'distinguished_name');
    if (dn && !dn.failed) refer('distinguished_name', dn.value, dn, 'dn');
    const at = getWithDefault(r, 'attributes');
    if (at && !at.failed) refer('attributes', at.value, at, 'attributes');
    const re = getWithDefault(r, 'req_extensions');
    if (re && !re.failed) {
      refer('req_extensions', re.value, re);
      extensionSection(re.value, 'request');
    }
    const xe = getWithDefault(r, 'x509_extensions');
    if (xe && !xe.failed) {
      refer('x509_extensions', xe.value, xe);
      extensionSection(xe.value, 'certificate');
    }
  }
  // openssl ca reads its keys with NCONF_get_string: the CA section, then the default section.
  for (const c of caSections) {
    const p = getWithDefault(c, 'policy');
    if (p && !p.failed) refer('policy', p.value, p, 'policy');
    const xe = getWithDefault(c, 'x509_extensions');
    if (xe && !xe.failed) {
      refer('x509_extensions', xe.value, xe);
      extensionSection(xe.value, 'certificate');
    }
    const ce = getWithDefault(c, 'crl_extensions');
    if (ce && !ce.failed) {
      refer('crl_extensions', ce.value, ce);
      extensionSection(ce.value, 'crl');
    }
  }

  // openssl ts -reply: [ tsa ] default_tsa names the TSA settings (read with NCONF_get_string: then the
  // default section); -section picks any other, so a section shaped like TSA settings is one too.
  if (config.sections.has('tsa')) addRole(info('tsa'), 'tsa');
  const defaultTsa = getWithDefault('tsa', 'default_tsa');
  if (defaultTsa && !defaultTsa.failed) refer('default_tsa', defaultTsa.value, defaultTsa, 'tsaSettings');
  for (let n = 0; n < sectionCount; n++) {
    const id = store.createdAt(n);
    if (has(id, tsaMask) >= 2) addRole(info(store.sectionName(id)), 'tsaSettings');
  }

  // `openssl x509 -req -extfile f` without -extensions takes the section named by the default section's `extensions`.
  const extfile = get('default', 'extensions');
  if (extfile && !extfile.failed) {
    refer('extensions', extfile.value, extfile);
    extensionSection(extfile.value, 'certificate');
  }

  // oid_section (default section) and library configuration.
  const oidSection = get('default', 'oid_section');
  if (oidSection && !oidSection.failed) {
    const t = refer('oid_section', oidSection.value, oidSection, 'oids');
    for (const e of t.section?.entries ?? []) customObjects.add(e.key);
  }
  const opensslConf = get('default', 'openssl_conf');
  if (opensslConf && !opensslConf.failed) {
    const t = refer('openssl_conf', opensslConf.value, opensslConf, 'libraryInit');
    const seen = new Set<string>([t.name]);
    const queue: ConfSection[] = t.section ? [t.section] : [];
    while (queue.length) {
      const s = queue.shift()!;
      for (const e of s.entries) {
        if (e.failed || !config.sections.has(e.value) || seen.has(e.value)) continue;
        seen.add(e.value);
        const m = refer('module', e.value, e, 'module');
        if (m.section) queue.push(m.section);
      }
    }
  }

  for (const x of commandLine.extensions ?? []) if (config.sections.has(x)) extensionSection(x, 'certificate');
  // Sections that look like extension sections but nothing names (chosen with -extensions / -reqexts / -extfile).
  const reqLike = new Set(reqSections);
  for (let n = 0; n < sectionCount; n++) {
    const id = store.createdAt(n);
    const name = store.sectionName(id);
    const i = sections.get(name);
    if (i && i.roles.size > 0 && !(name === 'default' && i.roles.size === 1)) continue;
    if (reqLike.has(name)) continue;
    if (store.sectionCandidateCount(id) > 0 && mostlyExtensions(store.section(id))) extensionSection(name, 'unknown');
  }

  // ASN.1 values (ASN1_generate_nconf): a SEQUENCE or SET names a section whose values, in order, are
  // more of them. A work list, each section read once: a chain of sections costs no stack.
  const asn1Read = new Set<string>();
  const asn1Queue: ConfSection[] = [];
  const asn1Value = (text: string, at: number, e: ConfEntry): void => {
    const a = asn1SectionOf(text);
    if (!a) return;
    const t = refer(a.kind === 'SET' ? 'asn1Set' : 'asn1Sequence', a.name, e, 'asn1', undefined, at + a.from);
    if (t.section && !asn1Read.has(a.name)) {
      asn1Read.add(a.name);
      asn1Queue.push(t.section);
    }
  };
  /** `OID;TYPE:value`, an otherName's value starting at `at` in the entry's value. */
  const otherName = (text: string, at: number, e: ConfEntry): void => {
    const semi = text.indexOf(';');
    if (semi >= 0) asn1Value(text.slice(semi + 1), at + semi + 1, e);
  };
  const readAsn1Sections = (): void => {
    for (let s = asn1Queue.pop(); s; s = asn1Queue.pop()) for (const e of s.entries) if (!e.failed) asn1Value(e.value, 0, e);
  };
  // openssl asn1parse -genconf reads the default section's asn1.
  const genconf = get('default', 'asn1');
  if (genconf && !genconf.failed) asn1Value(genconf.value, 0, genconf);

  // Sections named from extension values: @section, dirName:, distribution points, policies.
  const visitedExt = new Set<string>();
  const scanExtensionSection = (name: string): void => {
    if (visitedExt.has(name)) return;
    visitedExt.add(name);
    const s = config.sections.get(name);
    if (!s) return;
    for (const e of s.entries) {
      if (e.failed) continue;
      const { rest, offset } = stripCritical(e.value);
      const generic = /^ASN1:\s*/.exec(rest);
      if (generic) {
        asn1Value(rest.slice(generic[0].length), offset + generic[0].length, e);
        continue;
      }
      const x = extensions.get(e.key);
      if (!x) continue;
      if (x.list && rest.startsWith('@')) {
        // Only these read their section as names; the others (issuingDistributionPoint's fullname / onlyuser...,
        // policyConstraints, basicConstraints) read their own keys from it. crlDistributionPoints = @s reads [s]
        // as its list: each `URI.0 = ...` a distribution point of one name (v2i_crld); a bare section name in
        // the list is a distribution point section (fullname, reasons...), below.
        const role: SectionRole =
          x.syntax === 'generalNames' || x.syntax === 'issuerAltName' || x.syntax === 'nameConstraints' || x.syntax === 'accessDescriptions' || x.syntax === 'crlDistributionPoints' ? 'generalNames' : 'extensionValue';
        const t = refer('@section', rest.slice(1), e, role);
        if (role === 'generalNames' && t.section) scanGeneralNames(t.section);
        continue;
      }
      if (x.syntax === 'certificatePolicies') {
        for (const item of rest.split(',')) {
          const v = item.trim();
          if (v.startsWith('@')) refer('@section', v.slice(1), e, 'policyInfo');
        }
        continue;
      }
      if (x.syntax === 'crlDistributionPoints') {
        for (const item of rest.split(',')) {
          const v = item.trim();
          if (v && !v.includes(':')) refer('distributionPoint', v, e, 'distributionPoint');
        }
      }
      if (x.syntax === 'generalNames' || x.syntax === 'issuerAltName' || x.syntax === 'crlDistributionPoints' || x.syntax === 'accessDescriptions' || x.syntax === 'nameConstraints') {
        let from = offset;
        for (const item of rest.split(',')) {
          const m = /^\s*(?:[^:]*;)?dirName\s*:\s*(.*?)\s*$/.exec(item);
          if (m) refer('dirName', m[1]!, e, 'dirName');
          const o = /^\s*otherName\s*:\s*/.exec(item);
          if (o) otherName(item.slice(o[0].length), from + o[0].length, e);
          from += item.length + 1;
        }
      }
    }
  };
  const scanGeneralNames = (s: ConfSection): void => {
    for (const e of s.entries) {
      if (e.failed) continue;
      if (e.key === 'dirName' || e.key.startsWith('dirName.')) refer('dirName', e.value, e, 'dirName');
      else if (e.key === 'otherName' || e.key.startsWith('otherName.')) otherName(e.value, 0, e);
    }
  };
  const view = new SectionInfos(config, sections);
  for (const [name, i] of view.given()) {
    if (i.roles.has('extensions') || i.roles.has('crlExtensions')) scanExtensionSection(name);
  }
  // Distribution point sections may name further general names.
  for (const [, i] of view.given()) {
    if (i.roles.has('distributionPoint') && i.section) {
      for (const e of i.section.entries) {
        if ((e.key === 'fullname' || e.key === 'CRLissuer') && e.value.startsWith('@')) {
          const t = refer('@section', e.value.slice(1), e, 'generalNames');
          if (t.section) scanGeneralNames(t.section);
        }
      }
    }
  }

  readAsn1Sections();

  // Unnamed general-names sections (DNS.1 = ...) are still general names.
  for (let n = 0; n < sectionCount; n++) {
    const id = store.createdAt(n);
    const name = store.sectionName(id);
    const i = sections.get(name);
    if ((!i || i.roles.size === 0) && store.sectionKeyCount(id) > 0 && store.everyKey(id, mayStartGeneralName, isGeneralNameKey)) addRole(info(name), 'generalNames');
  }

  let allRefs: readonly SectionRef[] | undefined;
  return {
    config,
    sections: view,
    givenSections: () => view.given(),
    get sectionRefs() {
      return (allRefs ??= variables.all().concat(sectionRefs));
    },
    namedSectionRefs: sectionRefs,
    prepareSectionRefs: (spent) => allRefs !== undefined || variables.prepare(spent),
    get variableRefs() {
      return config.refs;
    },
    reqSections,
    caSections,
    customObjects,
    info: (name) => view.get(name),
    hasRole: (name, role) => sections.get(name)?.roles.has(role) ?? false,
  };
}
